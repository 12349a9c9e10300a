/* byline-article.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "byline-article.h"

struct _BylineArticle
{
  GObject             parent_instance;

  char               *id;
  char               *title;
  char               *short_title;
  char               *body;
  char               *summary;
  char               *category;
  gint64              category_id;
  char              **tags;
  char               *author;
  char               *editor;
  char               *source;
  char               *source_url;
  char               *original_title;
  char               *original_source;
  GDateTime          *publish_time;
  BylinePublishMode   publish_mode;
  char               *slug;
  char               *cover_path;
  gint64              cover_media_id;
  char               *keywords;
  BylineArticleState  state;
  char               *failure_reason;
  char               *account_id;
  gint64              remote_id;
  char               *remote_url;
  GDateTime          *remote_modified;
  GDateTime          *created;
  GDateTime          *updated;
  GHashTable         *provenance;
  char              **removed_lines;
};

G_DEFINE_FINAL_TYPE (BylineArticle, byline_article, G_TYPE_OBJECT)
G_DEFINE_QUARK (byline-article-error-quark, byline_article_error)

enum {
  PROP_0,
  PROP_ID,
  PROP_TITLE,
  PROP_SHORT_TITLE,
  PROP_BODY,
  PROP_SUMMARY,
  PROP_CATEGORY,
  PROP_CATEGORY_ID,
  PROP_TAGS,
  PROP_AUTHOR,
  PROP_EDITOR,
  PROP_SOURCE,
  PROP_SOURCE_URL,
  PROP_ORIGINAL_TITLE,
  PROP_ORIGINAL_SOURCE,
  PROP_PUBLISH_TIME,
  PROP_PUBLISH_MODE,
  PROP_SLUG,
  PROP_COVER_PATH,
  PROP_COVER_MEDIA_ID,
  PROP_KEYWORDS,
  PROP_STATE,
  PROP_FAILURE_REASON,
  PROP_ACCOUNT_ID,
  PROP_REMOTE_ID,
  PROP_REMOTE_URL,
  PROP_REMOTE_MODIFIED,
  PROP_CREATED,
  PROP_UPDATED,
  PROP_REMOVED_LINES,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The string fields, in one table, so that JSON, copying, comparing and the
 * property machinery cannot drift apart. */
typedef struct
{
  guint       prop;
  const char *json_key;
  gsize       offset;
} StringField;

#define STRING_FIELD(p, k, m) { p, k, G_STRUCT_OFFSET (BylineArticle, m) }

static const StringField string_fields[] = {
  STRING_FIELD (PROP_TITLE, "title", title),
  STRING_FIELD (PROP_SHORT_TITLE, "short_title", short_title),
  STRING_FIELD (PROP_BODY, "body", body),
  STRING_FIELD (PROP_SUMMARY, "summary", summary),
  STRING_FIELD (PROP_CATEGORY, "category", category),
  STRING_FIELD (PROP_AUTHOR, "author", author),
  STRING_FIELD (PROP_EDITOR, "editor", editor),
  STRING_FIELD (PROP_SOURCE, "source", source),
  STRING_FIELD (PROP_SOURCE_URL, "source_url", source_url),
  STRING_FIELD (PROP_ORIGINAL_TITLE, "original_title", original_title),
  STRING_FIELD (PROP_ORIGINAL_SOURCE, "original_source", original_source),
  STRING_FIELD (PROP_SLUG, "slug", slug),
  STRING_FIELD (PROP_COVER_PATH, "cover_path", cover_path),
  STRING_FIELD (PROP_KEYWORDS, "keywords", keywords),
  STRING_FIELD (PROP_FAILURE_REASON, "failure_reason", failure_reason),
  STRING_FIELD (PROP_ACCOUNT_ID, "account_id", account_id),
  STRING_FIELD (PROP_REMOTE_URL, "remote_url", remote_url),
};

typedef struct
{
  guint       prop;
  const char *json_key;
  gsize       offset;
} IntField;

#define INT_FIELD(p, k, m) { p, k, G_STRUCT_OFFSET (BylineArticle, m) }

static const IntField int_fields[] = {
  INT_FIELD (PROP_CATEGORY_ID, "category_id", category_id),
  INT_FIELD (PROP_COVER_MEDIA_ID, "cover_media_id", cover_media_id),
  INT_FIELD (PROP_REMOTE_ID, "remote_id", remote_id),
};

typedef struct
{
  guint       prop;
  const char *json_key;
  gsize       offset;
} TimeField;

#define TIME_FIELD(p, k, m) { p, k, G_STRUCT_OFFSET (BylineArticle, m) }

static const TimeField time_fields[] = {
  TIME_FIELD (PROP_PUBLISH_TIME, "publish_time", publish_time),
  TIME_FIELD (PROP_REMOTE_MODIFIED, "remote_modified", remote_modified),
  TIME_FIELD (PROP_CREATED, "created", created),
  TIME_FIELD (PROP_UPDATED, "updated", updated),
};

#define FIELD_PTR(self, type, offset) ((type *) (gpointer) ((guint8 *) (self) + (offset)))

/* Property names ("publish-time") are the keys; JSON keys
 * ("publish_time") are accepted for the same field. */
static char *
canonical_field (const char *field)
{
  return g_strdelimit (g_strdup (field), "_", '-');
}

static const char * const state_names[] = {
  "draft", "ready", "queued", "published", "failed",
};

static const char * const mode_names[] = {
  "now", "draft", "pending", "scheduled",
};

GType
byline_article_state_get_type (void)
{
  static gsize type_id;

  if (g_once_init_enter (&type_id))
    {
      static const GEnumValue values[] = {
        { BYLINE_ARTICLE_STATE_DRAFT, "BYLINE_ARTICLE_STATE_DRAFT", "draft" },
        { BYLINE_ARTICLE_STATE_READY, "BYLINE_ARTICLE_STATE_READY", "ready" },
        { BYLINE_ARTICLE_STATE_QUEUED, "BYLINE_ARTICLE_STATE_QUEUED", "queued" },
        { BYLINE_ARTICLE_STATE_PUBLISHED, "BYLINE_ARTICLE_STATE_PUBLISHED", "published" },
        { BYLINE_ARTICLE_STATE_FAILED, "BYLINE_ARTICLE_STATE_FAILED", "failed" },
        { 0, NULL, NULL },
      };
      GType type = g_enum_register_static (g_intern_static_string ("BylineArticleState"),
                                           values);
      g_once_init_leave (&type_id, type);
    }

  return type_id;
}

GType
byline_publish_mode_get_type (void)
{
  static gsize type_id;

  if (g_once_init_enter (&type_id))
    {
      static const GEnumValue values[] = {
        { BYLINE_PUBLISH_MODE_NOW, "BYLINE_PUBLISH_MODE_NOW", "now" },
        { BYLINE_PUBLISH_MODE_DRAFT, "BYLINE_PUBLISH_MODE_DRAFT", "draft" },
        { BYLINE_PUBLISH_MODE_PENDING, "BYLINE_PUBLISH_MODE_PENDING", "pending" },
        { BYLINE_PUBLISH_MODE_SCHEDULED, "BYLINE_PUBLISH_MODE_SCHEDULED", "scheduled" },
        { 0, NULL, NULL },
      };
      GType type = g_enum_register_static (g_intern_static_string ("BylinePublishMode"),
                                           values);
      g_once_init_leave (&type_id, type);
    }

  return type_id;
}

/**
 * byline_article_state_to_string:
 * @state: a state
 *
 * Returns: the state's stable name, as stored in JSON ("draft", "published"…)
 */
const char *
byline_article_state_to_string (BylineArticleState state)
{
  g_return_val_if_fail (state < BYLINE_ARTICLE_N_STATES, "draft");

  return state_names[state];
}

gboolean
byline_article_state_from_string (const char         *str,
                                  BylineArticleState *state)
{
  for (guint i = 0; i < G_N_ELEMENTS (state_names); i++)
    {
      if (g_strcmp0 (str, state_names[i]) == 0)
        {
          *state = i;
          return TRUE;
        }
    }

  return FALSE;
}

/**
 * byline_article_state_get_label:
 * @state: a state
 *
 * Returns: the state's name for the editor, translated
 */
const char *
byline_article_state_get_label (BylineArticleState state)
{
  switch (state)
    {
    case BYLINE_ARTICLE_STATE_DRAFT:
      return _("Draft");
    case BYLINE_ARTICLE_STATE_READY:
      return _("Ready");
    case BYLINE_ARTICLE_STATE_QUEUED:
      return _("Queued");
    case BYLINE_ARTICLE_STATE_PUBLISHED:
      return _("Published");
    case BYLINE_ARTICLE_STATE_FAILED:
      return _("Failed");
    default:
      g_return_val_if_reached ("");
    }
}

static void
byline_article_finalize (GObject *object)
{
  BylineArticle *self = (BylineArticle *)object;

  for (guint i = 0; i < G_N_ELEMENTS (string_fields); i++)
    g_free (*FIELD_PTR (self, char *, string_fields[i].offset));
  for (guint i = 0; i < G_N_ELEMENTS (time_fields); i++)
    g_clear_pointer (FIELD_PTR (self, GDateTime *, time_fields[i].offset), g_date_time_unref);

  g_free (self->id);
  g_strfreev (self->tags);
  g_strfreev (self->removed_lines);
  g_hash_table_unref (self->provenance);

  G_OBJECT_CLASS (byline_article_parent_class)->finalize (object);
}

static const StringField *
find_string_field (guint prop)
{
  for (guint i = 0; i < G_N_ELEMENTS (string_fields); i++)
    if (string_fields[i].prop == prop)
      return &string_fields[i];
  return NULL;
}

static const IntField *
find_int_field (guint prop)
{
  for (guint i = 0; i < G_N_ELEMENTS (int_fields); i++)
    if (int_fields[i].prop == prop)
      return &int_fields[i];
  return NULL;
}

static const TimeField *
find_time_field (guint prop)
{
  for (guint i = 0; i < G_N_ELEMENTS (time_fields); i++)
    if (time_fields[i].prop == prop)
      return &time_fields[i];
  return NULL;
}

/* An empty string and NULL mean the same to an editor: an empty field. */
static gboolean
set_string (BylineArticle *self,
            guint          prop,
            const char    *value)
{
  const StringField *field = find_string_field (prop);
  char **slot = FIELD_PTR (self, char *, field->offset);

  if (value != NULL && *value == '\0')
    value = NULL;
  if (g_strcmp0 (*slot, value) == 0)
    return FALSE;

  g_free (*slot);
  *slot = g_strdup (value);

  /* Once the editor changes a field, ingest's note on where it came from no
   * longer describes it. */
  g_hash_table_remove (self->provenance, properties[prop]->name);

  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
  return TRUE;
}

static void
set_int (BylineArticle *self,
         guint          prop,
         gint64         value)
{
  const IntField *field = find_int_field (prop);
  gint64 *slot = FIELD_PTR (self, gint64, field->offset);

  if (*slot == value)
    return;

  *slot = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

static gboolean
date_time_equal0 (GDateTime *a,
                  GDateTime *b)
{
  if (a == NULL || b == NULL)
    return a == b;
  return g_date_time_equal (a, b) &&
         g_date_time_get_utc_offset (a) == g_date_time_get_utc_offset (b);
}

static void
set_time (BylineArticle *self,
          guint          prop,
          GDateTime     *value)
{
  const TimeField *field = find_time_field (prop);
  GDateTime **slot = FIELD_PTR (self, GDateTime *, field->offset);

  if (date_time_equal0 (*slot, value))
    return;

  g_clear_pointer (slot, g_date_time_unref);
  if (value != NULL)
    *slot = g_date_time_ref (value);

  g_hash_table_remove (self->provenance, properties[prop]->name);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

static void
byline_article_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  BylineArticle *self = BYLINE_ARTICLE (object);
  const StringField *sf;
  const IntField *inf;
  const TimeField *tf;

  if ((sf = find_string_field (prop_id)) != NULL)
    {
      g_value_set_string (value, *FIELD_PTR (self, char *, sf->offset));
      return;
    }
  if ((inf = find_int_field (prop_id)) != NULL)
    {
      g_value_set_int64 (value, *FIELD_PTR (self, gint64, inf->offset));
      return;
    }
  if ((tf = find_time_field (prop_id)) != NULL)
    {
      g_value_set_boxed (value, *FIELD_PTR (self, GDateTime *, tf->offset));
      return;
    }

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;

    case PROP_TAGS:
      g_value_set_boxed (value, self->tags);
      break;

    case PROP_PUBLISH_MODE:
      g_value_set_enum (value, self->publish_mode);
      break;

    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;

    case PROP_REMOVED_LINES:
      g_value_set_boxed (value, self->removed_lines);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
byline_article_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  BylineArticle *self = BYLINE_ARTICLE (object);

  if (find_string_field (prop_id) != NULL)
    {
      set_string (self, prop_id, g_value_get_string (value));
      return;
    }
  if (find_int_field (prop_id) != NULL)
    {
      set_int (self, prop_id, g_value_get_int64 (value));
      return;
    }
  if (find_time_field (prop_id) != NULL)
    {
      set_time (self, prop_id, g_value_get_boxed (value));
      return;
    }

  switch (prop_id)
    {
    case PROP_ID:
      /* Construct-only: a copy or a stored draft keeps its id. */
      if (g_value_get_string (value) != NULL)
        {
          g_free (self->id);
          self->id = g_value_dup_string (value);
        }
      break;

    case PROP_TAGS:
      byline_article_set_tags (self, g_value_get_boxed (value));
      break;

    case PROP_PUBLISH_MODE:
      byline_article_set_publish_mode (self, g_value_get_enum (value));
      break;

    case PROP_STATE:
      byline_article_set_state (self, g_value_get_enum (value));
      break;

    case PROP_REMOVED_LINES:
      byline_article_set_removed_lines (self, g_value_get_boxed (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
byline_article_class_init (BylineArticleClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = byline_article_finalize;
  object_class->get_property = byline_article_get_property;
  object_class->set_property = byline_article_set_property;

  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  for (guint i = 0; i < G_N_ELEMENTS (string_fields); i++)
    {
      g_autofree char *name = g_strdelimit (g_strdup (string_fields[i].json_key), "_", '-');

      properties[string_fields[i].prop] =
        g_param_spec_string (g_intern_string (name), NULL, NULL, NULL, rw);
    }

  for (guint i = 0; i < G_N_ELEMENTS (int_fields); i++)
    {
      g_autofree char *name = g_strdelimit (g_strdup (int_fields[i].json_key), "_", '-');

      properties[int_fields[i].prop] =
        g_param_spec_int64 (g_intern_string (name), NULL, NULL, 0, G_MAXINT64, 0, rw);
    }

  for (guint i = 0; i < G_N_ELEMENTS (time_fields); i++)
    {
      g_autofree char *name = g_strdelimit (g_strdup (time_fields[i].json_key), "_", '-');

      properties[time_fields[i].prop] =
        g_param_spec_boxed (g_intern_string (name), NULL, NULL, G_TYPE_DATE_TIME, rw);
    }

  properties[PROP_TAGS] =
    g_param_spec_boxed ("tags", NULL, NULL, G_TYPE_STRV, rw);
  properties[PROP_REMOVED_LINES] =
    g_param_spec_boxed ("removed-lines", NULL, NULL, G_TYPE_STRV, rw);
  properties[PROP_PUBLISH_MODE] =
    g_param_spec_enum ("publish-mode", NULL, NULL, byline_publish_mode_get_type (),
                       BYLINE_PUBLISH_MODE_NOW, rw);
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, byline_article_state_get_type (),
                       BYLINE_ARTICLE_STATE_DRAFT, rw);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
byline_article_init (BylineArticle *self)
{
  self->id = g_uuid_string_random ();
  self->created = g_date_time_new_now_utc ();
  self->updated = g_date_time_ref (self->created);
  self->provenance = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

/**
 * byline_article_new:
 *
 * Creates an empty draft with a new random id.
 *
 * Returns: (transfer full): a new article
 */
BylineArticle *
byline_article_new (void)
{
  return g_object_new (BYLINE_TYPE_ARTICLE, NULL);
}

static gboolean
strv_equal0 (char * const *a,
             char * const *b)
{
  gboolean a_empty = a == NULL || a[0] == NULL;
  gboolean b_empty = b == NULL || b[0] == NULL;

  if (a_empty || b_empty)
    return a_empty == b_empty;
  return g_strv_equal ((const char * const *)a, (const char * const *)b);
}

/**
 * byline_article_copy:
 * @self: an article
 *
 * Returns: (transfer full): a copy with the same id and every field
 */
BylineArticle *
byline_article_copy (BylineArticle *self)
{
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;
  BylineArticle *copy;

  g_return_val_if_fail (BYLINE_IS_ARTICLE (self), NULL);

  node = byline_article_to_json_node (self);
  copy = byline_article_new_from_json_node (node, &error);
  g_assert_no_error (error);

  return copy;
}

/**
 * byline_article_duplicate:
 * @self: an article
 *
 * A new draft with the same content and a new id: nothing that ties @self
 * to a portal post (account, remote id, link, modified time, state,
 * failure reason) or to ingest (provenance notes) is kept, so publishing
 * the duplicate makes a post of its own. Used for "Duplicate" and for
 * "save mine as a new draft" after a conflict.
 *
 * Returns: (transfer full): the new draft
 */
BylineArticle *
byline_article_duplicate (BylineArticle *self)
{
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *id = g_uuid_string_random ();
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *stamp = g_date_time_format_iso8601 (now);
  static const char * const dropped[] = {
    "account_id", "remote_id", "remote_url", "remote_modified", "state", "failure_reason",
    "provenance", "removed_lines", "cover_media_id",
  };
  JsonObject *object;
  BylineArticle *copy;

  g_return_val_if_fail (BYLINE_IS_ARTICLE (self), NULL);

  node = byline_article_to_json_node (self);
  object = json_node_get_object (node);
  for (guint i = 0; i < G_N_ELEMENTS (dropped); i++)
    json_object_remove_member (object, dropped[i]);
  json_object_set_string_member (object, "id", id);
  json_object_set_string_member (object, "created", stamp);
  json_object_set_string_member (object, "updated", stamp);

  copy = byline_article_new_from_json_node (node, NULL);
  g_assert (copy != NULL);
  return copy;
}

/**
 * byline_article_equal_content:
 * @a: an article
 * @b: another article
 *
 * Compares everything an editor or the portal can see, ignoring the
 * updated time: a save of an unchanged article is not a new revision.
 *
 * Returns: %TRUE when @a and @b hold the same article
 */
gboolean
byline_article_equal_content (BylineArticle *a,
                              BylineArticle *b)
{
  g_autoptr(JsonNode) na = NULL;
  g_autoptr(JsonNode) nb = NULL;
  JsonObject *oa, *ob;

  g_return_val_if_fail (BYLINE_IS_ARTICLE (a), FALSE);
  g_return_val_if_fail (BYLINE_IS_ARTICLE (b), FALSE);

  na = byline_article_to_json_node (a);
  nb = byline_article_to_json_node (b);
  oa = json_node_get_object (na);
  ob = json_node_get_object (nb);
  json_object_remove_member (oa, "updated");
  json_object_remove_member (ob, "updated");

  return json_node_equal (na, nb);
}

/* JSON */

static char *
format_time (GDateTime *dt)
{
  return g_date_time_format_iso8601 (dt);
}

/**
 * byline_article_to_json_node:
 * @self: an article
 *
 * Returns: (transfer full): the article as a JSON object, with a "schema"
 *   member holding %BYLINE_ARTICLE_SCHEMA_VERSION
 */
JsonNode *
byline_article_to_json_node (BylineArticle *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GList) keys = NULL;

  g_return_val_if_fail (BYLINE_IS_ARTICLE (self), NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "schema");
  json_builder_add_int_value (builder, BYLINE_ARTICLE_SCHEMA_VERSION);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, self->id);

  for (guint i = 0; i < G_N_ELEMENTS (string_fields); i++)
    {
      const char *v = *FIELD_PTR (self, char *, string_fields[i].offset);

      if (v == NULL)
        continue;
      json_builder_set_member_name (builder, string_fields[i].json_key);
      json_builder_add_string_value (builder, v);
    }

  for (guint i = 0; i < G_N_ELEMENTS (int_fields); i++)
    {
      gint64 v = *FIELD_PTR (self, gint64, int_fields[i].offset);

      if (v == 0)
        continue;
      json_builder_set_member_name (builder, int_fields[i].json_key);
      json_builder_add_int_value (builder, v);
    }

  for (guint i = 0; i < G_N_ELEMENTS (time_fields); i++)
    {
      GDateTime *v = *FIELD_PTR (self, GDateTime *, time_fields[i].offset);
      g_autofree char *str = NULL;

      if (v == NULL)
        continue;
      str = format_time (v);
      json_builder_set_member_name (builder, time_fields[i].json_key);
      json_builder_add_string_value (builder, str);
    }

  json_builder_set_member_name (builder, "tags");
  json_builder_begin_array (builder);
  for (guint i = 0; self->tags != NULL && self->tags[i] != NULL; i++)
    json_builder_add_string_value (builder, self->tags[i]);
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "publish_mode");
  json_builder_add_string_value (builder, mode_names[self->publish_mode]);
  json_builder_set_member_name (builder, "state");
  json_builder_add_string_value (builder, state_names[self->state]);

  if (self->removed_lines != NULL && self->removed_lines[0] != NULL)
    {
      json_builder_set_member_name (builder, "removed_lines");
      json_builder_begin_array (builder);
      for (guint i = 0; self->removed_lines[i] != NULL; i++)
        json_builder_add_string_value (builder, self->removed_lines[i]);
      json_builder_end_array (builder);
    }

  if (g_hash_table_size (self->provenance) > 0)
    {
      /* Sorted, so that equal articles give equal JSON. */
      keys = g_hash_table_get_keys (self->provenance);
      keys = g_list_sort (keys, (GCompareFunc) g_strcmp0);
      json_builder_set_member_name (builder, "provenance");
      json_builder_begin_object (builder);
      for (GList *l = keys; l != NULL; l = l->next)
        {
          json_builder_set_member_name (builder, l->data);
          json_builder_add_string_value (builder, g_hash_table_lookup (self->provenance, l->data));
        }
      json_builder_end_object (builder);
    }

  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

/**
 * byline_article_to_json:
 * @self: an article
 * @pretty: whether to indent
 *
 * Returns: (transfer full): the article as JSON text
 */
char *
byline_article_to_json (BylineArticle *self,
                        gboolean       pretty)
{
  g_autoptr(JsonNode) node = NULL;

  g_return_val_if_fail (BYLINE_IS_ARTICLE (self), NULL);

  node = byline_article_to_json_node (self);
  return json_to_string (node, pretty);
}

static gboolean
read_string_member (JsonObject  *object,
                    const char  *key,
                    const char **out,
                    GError     **error)
{
  JsonNode *node = json_object_get_member (object, key);

  *out = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      g_set_error (error, BYLINE_ARTICLE_ERROR, BYLINE_ARTICLE_ERROR_INVALID_JSON,
                   _("The article’s “%s” field is not text."), key);
      return FALSE;
    }
  *out = json_node_get_string (node);
  return TRUE;
}

static gboolean
read_strv_member (JsonObject  *object,
                  const char  *key,
                  char      ***out,
                  GError     **error)
{
  JsonNode *node = json_object_get_member (object, key);
  g_autoptr(GStrvBuilder) builder = NULL;
  JsonArray *array;

  *out = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    goto bad;

  builder = g_strv_builder_new ();
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *item = json_array_get_element (array, i);

      if (!JSON_NODE_HOLDS_VALUE (item) || json_node_get_value_type (item) != G_TYPE_STRING)
        goto bad;
      g_strv_builder_add (builder, json_node_get_string (item));
    }
  *out = g_strv_builder_end (builder);
  return TRUE;

bad:
  g_set_error (error, BYLINE_ARTICLE_ERROR, BYLINE_ARTICLE_ERROR_INVALID_JSON,
               _("The article’s “%s” field is not a list of text."), key);
  return FALSE;
}

/**
 * byline_article_new_from_json_node:
 * @node: a JSON object made by byline_article_to_json_node()
 * @error: where to put an error
 *
 * Reads an article back. Missing members are empty fields; members of the
 * wrong type, or an article written by a newer Byline, are errors.
 *
 * Returns: (transfer full) (nullable): the article
 */
BylineArticle *
byline_article_new_from_json_node (JsonNode  *node,
                                   GError   **error)
{
  g_autoptr(BylineArticle) self = NULL;
  JsonObject *object;
  JsonNode *member;
  const char *str;
  char **strv;

  g_return_val_if_fail (node != NULL, NULL);

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error_literal (error, BYLINE_ARTICLE_ERROR, BYLINE_ARTICLE_ERROR_INVALID_JSON,
                           _("The article is not a JSON object."));
      return NULL;
    }
  object = json_node_get_object (node);

  member = json_object_get_member (object, "schema");
  if (member != NULL)
    {
      if (!JSON_NODE_HOLDS_VALUE (member) || json_node_get_value_type (member) != G_TYPE_INT64)
        {
          g_set_error_literal (error, BYLINE_ARTICLE_ERROR, BYLINE_ARTICLE_ERROR_INVALID_JSON,
                               _("The article’s schema version is not a number."));
          return NULL;
        }
      if (json_node_get_int (member) > BYLINE_ARTICLE_SCHEMA_VERSION)
        {
          g_set_error_literal (error, BYLINE_ARTICLE_ERROR, BYLINE_ARTICLE_ERROR_NEWER_SCHEMA,
                               _("The article was saved by a newer version of Byline; "
                                 "update Byline to open it."));
          return NULL;
        }
    }

  if (!read_string_member (object, "id", &str, error))
    return NULL;
  self = g_object_new (BYLINE_TYPE_ARTICLE, "id", str, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (string_fields); i++)
    {
      if (!read_string_member (object, string_fields[i].json_key, &str, error))
        return NULL;
      g_free (*FIELD_PTR (self, char *, string_fields[i].offset));
      *FIELD_PTR (self, char *, string_fields[i].offset) = (str && *str) ? g_strdup (str) : NULL;
    }

  for (guint i = 0; i < G_N_ELEMENTS (int_fields); i++)
    {
      member = json_object_get_member (object, int_fields[i].json_key);
      if (member == NULL || JSON_NODE_HOLDS_NULL (member))
        continue;
      if (!JSON_NODE_HOLDS_VALUE (member) || json_node_get_value_type (member) != G_TYPE_INT64 ||
          json_node_get_int (member) < 0)
        {
          g_set_error (error, BYLINE_ARTICLE_ERROR, BYLINE_ARTICLE_ERROR_INVALID_JSON,
                       _("The article’s “%s” field is not a number."), int_fields[i].json_key);
          return NULL;
        }
      *FIELD_PTR (self, gint64, int_fields[i].offset) = json_node_get_int (member);
    }

  for (guint i = 0; i < G_N_ELEMENTS (time_fields); i++)
    {
      GDateTime **slot = FIELD_PTR (self, GDateTime *, time_fields[i].offset);
      GDateTime *dt;

      if (!read_string_member (object, time_fields[i].json_key, &str, error))
        return NULL;
      if (str == NULL)
        {
          /* created/updated default to now in init; an absent publish time stays absent. */
          if (time_fields[i].prop == PROP_PUBLISH_TIME || time_fields[i].prop == PROP_REMOTE_MODIFIED)
            g_clear_pointer (slot, g_date_time_unref);
          continue;
        }
      dt = g_date_time_new_from_iso8601 (str, NULL);
      if (dt == NULL)
        {
          g_set_error (error, BYLINE_ARTICLE_ERROR, BYLINE_ARTICLE_ERROR_INVALID_JSON,
                       _("The article’s “%s” field is not a valid date and time."),
                       time_fields[i].json_key);
          return NULL;
        }
      g_clear_pointer (slot, g_date_time_unref);
      *slot = dt;
    }

  if (!read_strv_member (object, "tags", &strv, error))
    return NULL;
  g_strfreev (self->tags);
  self->tags = strv;

  if (!read_strv_member (object, "removed_lines", &strv, error))
    return NULL;
  g_strfreev (self->removed_lines);
  self->removed_lines = strv;

  if (!read_string_member (object, "publish_mode", &str, error))
    return NULL;
  if (str != NULL)
    {
      guint i;

      for (i = 0; i < G_N_ELEMENTS (mode_names); i++)
        if (g_str_equal (str, mode_names[i]))
          break;
      if (i == G_N_ELEMENTS (mode_names))
        {
          g_set_error (error, BYLINE_ARTICLE_ERROR, BYLINE_ARTICLE_ERROR_INVALID_JSON,
                       _("The article’s publish mode “%s” is unknown."), str);
          return NULL;
        }
      self->publish_mode = i;
    }

  if (!read_string_member (object, "state", &str, error))
    return NULL;
  if (str != NULL && !byline_article_state_from_string (str, &self->state))
    {
      g_set_error (error, BYLINE_ARTICLE_ERROR, BYLINE_ARTICLE_ERROR_INVALID_JSON,
                   _("The article’s state “%s” is unknown."), str);
      return NULL;
    }

  member = json_object_get_member (object, "provenance");
  if (member != NULL && !JSON_NODE_HOLDS_NULL (member))
    {
      JsonObject *prov;
      g_autoptr(GList) members = NULL;

      if (!JSON_NODE_HOLDS_OBJECT (member))
        {
          g_set_error_literal (error, BYLINE_ARTICLE_ERROR, BYLINE_ARTICLE_ERROR_INVALID_JSON,
                               _("The article’s provenance notes are not a JSON object."));
          return NULL;
        }
      prov = json_node_get_object (member);
      members = json_object_get_members (prov);
      for (GList *l = members; l != NULL; l = l->next)
        {
          if (!read_string_member (prov, l->data, &str, error))
            return NULL;
          if (str != NULL)
            g_hash_table_insert (self->provenance, canonical_field (l->data), g_strdup (str));
        }
    }

  return g_steal_pointer (&self);
}

/**
 * byline_article_new_from_json:
 * @json: JSON text
 * @length: its length, or -1 when nul-terminated
 * @error: where to put an error
 *
 * Returns: (transfer full) (nullable): the article
 */
BylineArticle *
byline_article_new_from_json (const char  *json,
                              gssize       length,
                              GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (json != NULL, NULL);

  if (!json_parser_load_from_data (parser, json, length, &local_error))
    {
      g_set_error (error, BYLINE_ARTICLE_ERROR, BYLINE_ARTICLE_ERROR_INVALID_JSON,
                   _("The article is not valid JSON: %s"), local_error->message);
      return NULL;
    }

  return byline_article_new_from_json_node (json_parser_get_root (parser), error);
}

/* Validation */

static void
add_problem (GPtrArray  *problems,
             const char *field,
             const char *message)
{
  BylineArticleProblem *problem = g_new0 (BylineArticleProblem, 1);

  problem->field = g_strdup (field);
  problem->message = g_strdup (message);
  g_ptr_array_add (problems, problem);
}

void
byline_article_problem_free (BylineArticleProblem *problem)
{
  if (problem == NULL)
    return;
  g_free (problem->field);
  g_free (problem->message);
  g_free (problem);
}

static gboolean
is_blank (const char *str)
{
  if (str == NULL)
    return TRUE;
  for (const char *p = str; *p; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)))
      return FALSE;
  return TRUE;
}

/**
 * byline_article_validate:
 * @self: an article
 * @now: (nullable): the time to check a scheduled publish time against;
 *   %NULL for the current time
 *
 * Finds every problem that would keep the article from being published, all
 * at once, so that the editor can fix them in one pass.
 *
 * Returns: (transfer full) (element-type BylineArticleProblem): the problems,
 *   in form order; empty when there are none
 */
GPtrArray *
byline_article_validate (BylineArticle *self,
                         GDateTime     *now)
{
  GPtrArray *problems;
  g_autoptr(GDateTime) current = NULL;

  g_return_val_if_fail (BYLINE_IS_ARTICLE (self), NULL);

  problems = g_ptr_array_new_with_free_func ((GDestroyNotify) byline_article_problem_free);
  current = now != NULL ? g_date_time_ref (now) : g_date_time_new_now_utc ();

  if (is_blank (self->title))
    add_problem (problems, "title", _("The article has no title. Type a title above the body."));
  else if (g_utf8_strlen (self->title, -1) > 200)
    add_problem (problems, "title",
                 _("The title is longer than 200 characters. Shorten it, or move the rest into "
                   "the summary."));

  if (is_blank (self->body))
    add_problem (problems, "body", _("The article has no body text. Write or paste the article."));

  if (is_blank (self->category) && self->category_id == 0)
    add_problem (problems, "category", _("No category is chosen. Pick the category to publish in."));

  if ((!is_blank (self->original_title) || !is_blank (self->original_source) ||
       !is_blank (self->source_url)) && is_blank (self->source))
    add_problem (problems, "source",
                 _("This is a reprint but its source (来源) is empty. Name the outlet the article "
                   "comes from."));

  if (!is_blank (self->source_url) &&
      !g_str_has_prefix (self->source_url, "http://") &&
      !g_str_has_prefix (self->source_url, "https://"))
    add_problem (problems, "source-url",
                 _("The source URL must start with http:// or https://."));

  if (self->publish_mode == BYLINE_PUBLISH_MODE_SCHEDULED)
    {
      if (self->publish_time == NULL)
        add_problem (problems, "publish-time",
                     _("A scheduled article needs a publish time. Set the date and time."));
      else if (g_date_time_compare (self->publish_time, current) <= 0)
        add_problem (problems, "publish-time",
                     _("The scheduled publish time is in the past. Choose a later time, or "
                       "publish now."));
    }

  if (!is_blank (self->slug))
    {
      for (const char *p = self->slug; *p; p++)
        {
          if (!(g_ascii_isalnum (*p) || *p == '-' || *p == '_'))
            {
              add_problem (problems, "slug",
                           _("The slug may hold only Latin letters, digits, “-” and “_”."));
              break;
            }
        }
    }

  return problems;
}

/* Accessors */

#define STRING_ACCESSORS(name, PROP)                                      \
  const char *                                                            \
  byline_article_get_##name (BylineArticle *self)                        \
  {                                                                       \
    g_return_val_if_fail (BYLINE_IS_ARTICLE (self), NULL);                \
    return self->name;                                                    \
  }                                                                       \
  void                                                                    \
  byline_article_set_##name (BylineArticle *self,                        \
                             const char    *value)                        \
  {                                                                       \
    g_return_if_fail (BYLINE_IS_ARTICLE (self));                          \
    set_string (self, PROP, value);                                       \
  }

STRING_ACCESSORS (title, PROP_TITLE)
STRING_ACCESSORS (short_title, PROP_SHORT_TITLE)
STRING_ACCESSORS (body, PROP_BODY)
STRING_ACCESSORS (summary, PROP_SUMMARY)
STRING_ACCESSORS (category, PROP_CATEGORY)
STRING_ACCESSORS (author, PROP_AUTHOR)
STRING_ACCESSORS (editor, PROP_EDITOR)
STRING_ACCESSORS (source, PROP_SOURCE)
STRING_ACCESSORS (source_url, PROP_SOURCE_URL)
STRING_ACCESSORS (original_title, PROP_ORIGINAL_TITLE)
STRING_ACCESSORS (original_source, PROP_ORIGINAL_SOURCE)
STRING_ACCESSORS (slug, PROP_SLUG)
STRING_ACCESSORS (cover_path, PROP_COVER_PATH)
STRING_ACCESSORS (keywords, PROP_KEYWORDS)
STRING_ACCESSORS (failure_reason, PROP_FAILURE_REASON)
STRING_ACCESSORS (account_id, PROP_ACCOUNT_ID)
STRING_ACCESSORS (remote_url, PROP_REMOTE_URL)

#define INT_ACCESSORS(name, PROP)                                         \
  gint64                                                                  \
  byline_article_get_##name (BylineArticle *self)                        \
  {                                                                       \
    g_return_val_if_fail (BYLINE_IS_ARTICLE (self), 0);                   \
    return self->name;                                                    \
  }                                                                       \
  void                                                                    \
  byline_article_set_##name (BylineArticle *self,                        \
                             gint64         value)                        \
  {                                                                       \
    g_return_if_fail (BYLINE_IS_ARTICLE (self));                          \
    g_return_if_fail (value >= 0);                                        \
    set_int (self, PROP, value);                                          \
  }

INT_ACCESSORS (category_id, PROP_CATEGORY_ID)
INT_ACCESSORS (cover_media_id, PROP_COVER_MEDIA_ID)
INT_ACCESSORS (remote_id, PROP_REMOTE_ID)

#define TIME_ACCESSORS(name, PROP)                                        \
  GDateTime *                                                             \
  byline_article_get_##name (BylineArticle *self)                        \
  {                                                                       \
    g_return_val_if_fail (BYLINE_IS_ARTICLE (self), NULL);                \
    return self->name;                                                    \
  }                                                                       \
  void                                                                    \
  byline_article_set_##name (BylineArticle *self,                        \
                             GDateTime     *value)                        \
  {                                                                       \
    g_return_if_fail (BYLINE_IS_ARTICLE (self));                          \
    set_time (self, PROP, value);                                         \
  }

TIME_ACCESSORS (publish_time, PROP_PUBLISH_TIME)
TIME_ACCESSORS (remote_modified, PROP_REMOTE_MODIFIED)
TIME_ACCESSORS (updated, PROP_UPDATED)

const char *
byline_article_get_id (BylineArticle *self)
{
  g_return_val_if_fail (BYLINE_IS_ARTICLE (self), NULL);
  return self->id;
}

GDateTime *
byline_article_get_created (BylineArticle *self)
{
  g_return_val_if_fail (BYLINE_IS_ARTICLE (self), NULL);
  return self->created;
}

const char * const *
byline_article_get_tags (BylineArticle *self)
{
  static const char * const empty[] = { NULL };

  g_return_val_if_fail (BYLINE_IS_ARTICLE (self), NULL);
  return self->tags != NULL ? (const char * const *)self->tags : empty;
}

void
byline_article_set_tags (BylineArticle      *self,
                         const char * const *tags)
{
  g_return_if_fail (BYLINE_IS_ARTICLE (self));

  if (strv_equal0 (self->tags, (char * const *)tags))
    return;

  g_strfreev (self->tags);
  self->tags = (tags != NULL && tags[0] != NULL) ? g_strdupv ((char **)tags) : NULL;
  g_hash_table_remove (self->provenance, "tags");
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TAGS]);
}

BylinePublishMode
byline_article_get_publish_mode (BylineArticle *self)
{
  g_return_val_if_fail (BYLINE_IS_ARTICLE (self), 0);
  return self->publish_mode;
}

void
byline_article_set_publish_mode (BylineArticle     *self,
                                 BylinePublishMode  mode)
{
  g_return_if_fail (BYLINE_IS_ARTICLE (self));
  g_return_if_fail (mode <= BYLINE_PUBLISH_MODE_SCHEDULED);

  if (self->publish_mode == mode)
    return;
  self->publish_mode = mode;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PUBLISH_MODE]);
}

BylineArticleState
byline_article_get_state (BylineArticle *self)
{
  g_return_val_if_fail (BYLINE_IS_ARTICLE (self), 0);
  return self->state;
}

void
byline_article_set_state (BylineArticle      *self,
                          BylineArticleState  state)
{
  g_return_if_fail (BYLINE_IS_ARTICLE (self));
  g_return_if_fail (state < BYLINE_ARTICLE_N_STATES);

  if (self->state == state)
    return;
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

/**
 * byline_article_get_provenance:
 * @self: an article
 * @field: a field's property name ("title", "source", "publish-time"…)
 *
 * Returns: (nullable): where ingest found the field's value, or %NULL when
 *   the editor typed it or changed it since
 */
const char *
byline_article_get_provenance (BylineArticle *self,
                               const char    *field)
{
  g_autofree char *key = NULL;

  g_return_val_if_fail (BYLINE_IS_ARTICLE (self), NULL);
  g_return_val_if_fail (field != NULL, NULL);

  key = canonical_field (field);
  return g_hash_table_lookup (self->provenance, key);
}

/**
 * byline_article_set_provenance:
 * @self: an article
 * @field: a field's property name
 * @note: (nullable): a translated note, e.g. "from the line 时间:… | 来源:…"
 *
 * Set it after the field's value: setting a field clears its note.
 */
void
byline_article_set_provenance (BylineArticle *self,
                               const char    *field,
                               const char    *note)
{
  g_return_if_fail (BYLINE_IS_ARTICLE (self));
  g_return_if_fail (field != NULL);

  if (note == NULL)
    {
      g_autofree char *key = canonical_field (field);

      g_hash_table_remove (self->provenance, key);
    }
  else
    g_hash_table_insert (self->provenance, canonical_field (field), g_strdup (note));
}

const char * const *
byline_article_get_removed_lines (BylineArticle *self)
{
  static const char * const empty[] = { NULL };

  g_return_val_if_fail (BYLINE_IS_ARTICLE (self), NULL);
  return self->removed_lines != NULL ? (const char * const *)self->removed_lines : empty;
}

void
byline_article_set_removed_lines (BylineArticle      *self,
                                  const char * const *lines)
{
  g_return_if_fail (BYLINE_IS_ARTICLE (self));

  if (strv_equal0 (self->removed_lines, (char * const *)lines))
    return;

  g_strfreev (self->removed_lines);
  self->removed_lines = (lines != NULL && lines[0] != NULL) ? g_strdupv ((char **)lines) : NULL;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REMOVED_LINES]);
}
