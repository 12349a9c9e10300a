/* byline-draft-list.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "byline-article.h"
#include "byline-draft-list.h"
#include "byline-store-private.h"

/* Rows are read a page at a time, and only so many are kept: memory
 * follows what the view shows, not how many drafts there are. */
#define PAGE_SIZE 50
#define MAX_CACHED 2000
/* The whole list reads its first rows at once and the rest from idle
 * callbacks, so that showing it costs the same at 100,000 drafts as at 100:
 * enough for a first screen and the 200 rows GTK 4.8 binds around it. */
#define FIRST_ROWS 250
#define ROWS_PER_IDLE 5000
#define TITLE_PREVIEW_CHARS 200

struct _BylineDraftSummary
{
  GObject             parent_instance;

  gint64              rowid;
  char               *id;
  char               *title;
  char               *source;
  char               *failure_reason;
  BylineArticleState  state;
  GDateTime          *updated;
};

G_DEFINE_FINAL_TYPE (BylineDraftSummary, byline_draft_summary, G_TYPE_OBJECT)

enum {
  SUMMARY_PROP_0,
  SUMMARY_PROP_ID,
  SUMMARY_PROP_TITLE,
  SUMMARY_PROP_SOURCE,
  SUMMARY_PROP_STATE,
  SUMMARY_PROP_UPDATED,
  SUMMARY_PROP_FAILURE_REASON,
  N_SUMMARY_PROPS
};

static GParamSpec *summary_properties[N_SUMMARY_PROPS];

static void
byline_draft_summary_finalize (GObject *object)
{
  BylineDraftSummary *self = (BylineDraftSummary *)object;

  g_free (self->id);
  g_free (self->title);
  g_free (self->source);
  g_free (self->failure_reason);
  g_clear_pointer (&self->updated, g_date_time_unref);

  G_OBJECT_CLASS (byline_draft_summary_parent_class)->finalize (object);
}

static void
byline_draft_summary_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  BylineDraftSummary *self = BYLINE_DRAFT_SUMMARY (object);

  switch (prop_id)
    {
    case SUMMARY_PROP_ID:
      g_value_set_string (value, self->id);
      break;

    case SUMMARY_PROP_TITLE:
      g_value_set_string (value, self->title);
      break;

    case SUMMARY_PROP_SOURCE:
      g_value_set_string (value, self->source);
      break;

    case SUMMARY_PROP_STATE:
      g_value_set_enum (value, self->state);
      break;

    case SUMMARY_PROP_UPDATED:
      g_value_set_boxed (value, self->updated);
      break;

    case SUMMARY_PROP_FAILURE_REASON:
      g_value_set_string (value, self->failure_reason);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
byline_draft_summary_class_init (BylineDraftSummaryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = byline_draft_summary_finalize;
  object_class->get_property = byline_draft_summary_get_property;

  summary_properties[SUMMARY_PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL, ro);
  summary_properties[SUMMARY_PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL, ro);
  summary_properties[SUMMARY_PROP_SOURCE] =
    g_param_spec_string ("source", NULL, NULL, NULL, ro);
  summary_properties[SUMMARY_PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, byline_article_state_get_type (),
                       BYLINE_ARTICLE_STATE_DRAFT, ro);
  summary_properties[SUMMARY_PROP_UPDATED] =
    g_param_spec_boxed ("updated", NULL, NULL, G_TYPE_DATE_TIME, ro);
  summary_properties[SUMMARY_PROP_FAILURE_REASON] =
    g_param_spec_string ("failure-reason", NULL, NULL, NULL, ro);

  g_object_class_install_properties (object_class, N_SUMMARY_PROPS, summary_properties);
}

static void
byline_draft_summary_init (BylineDraftSummary *self)
{
}

const char *
byline_draft_summary_get_id (BylineDraftSummary *self)
{
  g_return_val_if_fail (BYLINE_IS_DRAFT_SUMMARY (self), NULL);
  return self->id;
}

/**
 * byline_draft_summary_get_title:
 * @self: a summary
 *
 * Returns: (nullable): the start of the draft's title (at most 200
 *   characters: enough for a row)
 */
const char *
byline_draft_summary_get_title (BylineDraftSummary *self)
{
  g_return_val_if_fail (BYLINE_IS_DRAFT_SUMMARY (self), NULL);
  return self->title;
}

const char *
byline_draft_summary_get_source (BylineDraftSummary *self)
{
  g_return_val_if_fail (BYLINE_IS_DRAFT_SUMMARY (self), NULL);
  return self->source;
}

BylineArticleState
byline_draft_summary_get_state (BylineDraftSummary *self)
{
  g_return_val_if_fail (BYLINE_IS_DRAFT_SUMMARY (self), 0);
  return self->state;
}

/**
 * byline_draft_summary_get_updated:
 * @self: a summary
 *
 * Returns: when the draft was last saved, in the local time zone
 */
GDateTime *
byline_draft_summary_get_updated (BylineDraftSummary *self)
{
  g_return_val_if_fail (BYLINE_IS_DRAFT_SUMMARY (self), NULL);
  return self->updated;
}

const char *
byline_draft_summary_get_failure_reason (BylineDraftSummary *self)
{
  g_return_val_if_fail (BYLINE_IS_DRAFT_SUMMARY (self), NULL);
  return self->failure_reason;
}

/* The list */

struct _BylineDraftList
{
  GObject       parent_instance;

  BylineStore  *store;
  char         *search;
  int           state;

  GArray       *rowids;
  /* How many drafts the whole list holds beyond those in rowids, read in
   * the background from the cursor (the last row read): the list counts
   * them from the start. Whatever needs a draft among them reads them all
   * first (read_rest). */
  guint         unread;
  gint64        cursor_updated;
  gint64        cursor_rowid;
  guint         unread_source;
  gboolean      truncated;
  /* rowid → BylineDraftSummary: a draft keeps its item while it moves in
   * the list, so that a view keeps its row, and a save updates the item
   * in place instead of replacing it. */
  GHashTable   *summaries;
  sqlite3_stmt *row_stmt;
  /* Looked up once per reading of the list: GLib 2.74 reads the zone file
   * again for every local time when TZ is unset, about 7 µs a row. */
  GTimeZone    *zone;

  gulong        saved_handler;
  gulong        deleted_handler;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (BylineDraftList, byline_draft_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

enum {
  PROP_0,
  PROP_SEARCH,
  PROP_STATE,
  PROP_N_ITEMS,
  PROP_TRUNCATED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
drop_summaries (BylineDraftList *self)
{
  g_hash_table_remove_all (self->summaries);
}

/* Sets @summary from the row; notifies what changed when @notify. */
static void
read_summary (BylineDraftList    *self,
              BylineDraftSummary *summary,
              gboolean            notify)
{
  sqlite3 *db = byline_store_get_read_db (self->store);
  sqlite3_stmt *stmt;

  if (self->row_stmt == NULL)
    sqlite3_prepare_v3 (db,
                        "SELECT id, substr (title, 1, " G_STRINGIFY (TITLE_PREVIEW_CHARS) "), "
                        "source, state, updated, failure_reason FROM drafts WHERE rowid = ?",
                        -1, SQLITE_PREPARE_PERSISTENT, &self->row_stmt, NULL);
  if ((stmt = self->row_stmt) == NULL)
    return;

  sqlite3_bind_int64 (stmt, 1, summary->rowid);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *id = (const char *) sqlite3_column_text (stmt, 0);
      const char *title = (const char *) sqlite3_column_text (stmt, 1);
      const char *source = (const char *) sqlite3_column_text (stmt, 2);
      int state = sqlite3_column_int (stmt, 3);
      gint64 updated = sqlite3_column_int64 (stmt, 4) / G_USEC_PER_SEC;
      const char *reason = (const char *) sqlite3_column_text (stmt, 5);
      GParamSpec *changed[N_SUMMARY_PROPS];
      guint n_changed = 0;

      state = (state >= 0 && state < BYLINE_ARTICLE_N_STATES) ? state : 0;

#define SET_STRING(field, prop) \
      if (g_strcmp0 (summary->field, field) != 0) \
        { \
          g_free (summary->field); \
          summary->field = g_strdup (field); \
          changed[n_changed++] = summary_properties[prop]; \
        }
      SET_STRING (id, SUMMARY_PROP_ID);
      SET_STRING (title, SUMMARY_PROP_TITLE);
      SET_STRING (source, SUMMARY_PROP_SOURCE);
#undef SET_STRING
      if (g_strcmp0 (summary->failure_reason, reason) != 0)
        {
          g_free (summary->failure_reason);
          summary->failure_reason = g_strdup (reason);
          changed[n_changed++] = summary_properties[SUMMARY_PROP_FAILURE_REASON];
        }
      if (summary->state != (BylineArticleState) state)
        {
          summary->state = state;
          changed[n_changed++] = summary_properties[SUMMARY_PROP_STATE];
        }
      if (summary->updated == NULL || g_date_time_to_unix (summary->updated) != updated)
        {
          g_clear_pointer (&summary->updated, g_date_time_unref);
          g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (updated);

          if (self->zone == NULL)
            self->zone = g_time_zone_new_local ();
          summary->updated = g_date_time_to_timezone (utc, self->zone);
          changed[n_changed++] = summary_properties[SUMMARY_PROP_UPDATED];
        }

      for (guint i = 0; notify && i < n_changed; i++)
        g_object_notify_by_pspec (G_OBJECT (summary), changed[i]);
    }
  sqlite3_reset (stmt);
}

/* Keeps the items around @position, dropping the rest. */
static void
trim_summaries (BylineDraftList *self,
                guint            position)
{
  GHashTable *kept = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, g_object_unref);
  guint start = position > MAX_CACHED / 2 ? position - MAX_CACHED / 2 : 0;
  guint end = MIN (self->rowids->len, position + MAX_CACHED / 2);

  for (guint i = start; i < end; i++)
    {
      BylineDraftSummary *summary = g_hash_table_lookup (self->summaries,
                                                         &g_array_index (self->rowids, gint64, i));

      if (summary != NULL)
        g_hash_table_insert (kept, &summary->rowid, g_object_ref (summary));
    }

  g_hash_table_unref (self->summaries);
  self->summaries = kept;
}

/* Reads the items of @position's page that are not read yet. */
static void
load_page (BylineDraftList *self,
           guint            position)
{
  guint start = position / PAGE_SIZE * PAGE_SIZE;
  guint end = MIN (start + PAGE_SIZE, self->rowids->len);

  if (g_hash_table_size (self->summaries) + PAGE_SIZE > MAX_CACHED)
    trim_summaries (self, position);

  for (guint i = start; i < end; i++)
    {
      gint64 rowid = g_array_index (self->rowids, gint64, i);
      BylineDraftSummary *summary;

      if (g_hash_table_contains (self->summaries, &rowid))
        continue;

      summary = g_object_new (BYLINE_TYPE_DRAFT_SUMMARY, NULL);
      summary->rowid = rowid;
      read_summary (self, summary, FALSE);
      g_hash_table_insert (self->summaries, &summary->rowid, summary);
    }
}

static GType
byline_draft_list_get_item_type (GListModel *model)
{
  return BYLINE_TYPE_DRAFT_SUMMARY;
}

static guint
byline_draft_list_get_n_items (GListModel *model)
{
  BylineDraftList *self = BYLINE_DRAFT_LIST (model);

  return self->rowids->len + self->unread;
}

/* Reads unread row ids until rowids holds more than @position or all of
 * them. Emits nothing: the rows were counted already. When fewer are left
 * than were counted (another process deleted some meanwhile), the list
 * says so from an idle callback, never from inside get_item(). */
static void
read_unread (BylineDraftList *self,
             guint            position)
{
  while (self->unread > 0 && self->rowids->len <= position)
    {
      g_autoptr(GError) error = NULL;
      guint before = self->rowids->len;
      guint want = MIN (self->unread, ROWS_PER_IDLE);

      if (!byline_store_query_rowids_after (self->store, self->cursor_updated,
                                            self->cursor_rowid, want, self->rowids,
                                            &self->cursor_updated, &error))
        g_warning ("Could not list drafts: %s", error->message);
      if (self->rowids->len > before)
        self->cursor_rowid = g_array_index (self->rowids, gint64, self->rowids->len - 1);
      self->unread -= self->rowids->len - before;
      if (self->rowids->len - before < want)
        break;
    }
}

static void
read_rest (BylineDraftList *self)
{
  read_unread (self, G_MAXUINT - 1);
}

static gboolean
read_unread_cb (gpointer data)
{
  BylineDraftList *self = data;
  guint len = self->rowids->len;

  read_unread (self, len + ROWS_PER_IDLE - 1);
  if (self->unread > 0 && self->rowids->len > len)
    return G_SOURCE_CONTINUE;

  self->unread_source = 0;
  if (self->unread > 0)
    {
      guint missing = self->unread;

      self->unread = 0;
      g_list_model_items_changed (G_LIST_MODEL (self), self->rowids->len, missing, 0);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
    }
  return G_SOURCE_REMOVE;
}

static gpointer
byline_draft_list_get_item (GListModel *model,
                            guint       position)
{
  BylineDraftList *self = BYLINE_DRAFT_LIST (model);
  BylineDraftSummary *summary;
  gint64 rowid;

  if (position >= self->rowids->len)
    read_unread (self, position);
  if (position >= self->rowids->len)
    return NULL;

  rowid = g_array_index (self->rowids, gint64, position);
  summary = g_hash_table_lookup (self->summaries, &rowid);
  if (summary == NULL)
    {
      load_page (self, position);
      summary = g_hash_table_lookup (self->summaries, &rowid);
    }

  return g_object_ref (summary);
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = byline_draft_list_get_item_type;
  iface->get_n_items = byline_draft_list_get_n_items;
  iface->get_item = byline_draft_list_get_item;
}

static void
emit_changed (BylineDraftList *self,
              guint            position,
              guint            removed,
              guint            added)
{
  g_list_model_items_changed (G_LIST_MODEL (self), position, removed, added);
  if (removed != added)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
}

/* Runs the list's query again. With @keep_items, the drafts that stay in
 * the list keep their items and rows, and only the range that differs is
 * announced. */
static void
requery (BylineDraftList *self,
         gboolean         keep_items)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) old = NULL;
  GArray *rowids;
  gboolean truncated = FALSE;
  guint prefix = 0, suffix = 0, shorter;
  guint old_len;

  /* The differences are worked out against the whole old list. */
  if (keep_items)
    read_rest (self);
  old = g_steal_pointer (&self->rowids);
  old_len = old->len + self->unread;
  self->unread = 0;
  g_clear_handle_id (&self->unread_source, g_source_remove);
  g_clear_pointer (&self->zone, g_time_zone_unref);

  if (!keep_items && self->search == NULL && self->state < 0)
    {
      gint64 count = byline_store_count (self->store);

      rowids = g_array_new (FALSE, FALSE, sizeof (gint64));
      self->cursor_rowid = 0;
      if (!byline_store_query_rowids_after (self->store, 0, 0, FIRST_ROWS, rowids,
                                            &self->cursor_updated, &error))
        g_warning ("Could not list drafts: %s", error->message);
      else if (rowids->len > 0)
        self->cursor_rowid = g_array_index (rowids, gint64, rowids->len - 1);
      if (rowids->len == FIRST_ROWS && count > FIRST_ROWS)
        {
          self->unread = count - FIRST_ROWS;
          self->unread_source = g_idle_add_full (G_PRIORITY_LOW, read_unread_cb, self, NULL);
        }
    }
  else
    rowids = byline_store_query_rowids (self->store, self->search, self->state,
                                        &truncated, &error);
  if (rowids == NULL)
    {
      g_warning ("Could not list drafts: %s", error->message);
      rowids = g_array_new (FALSE, FALSE, sizeof (gint64));
    }

  if (truncated != self->truncated)
    {
      self->truncated = truncated;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TRUNCATED]);
    }

  self->rowids = rowids;
  if (!keep_items)
    {
      drop_summaries (self);
      if (old_len > 0 || rowids->len + self->unread > 0)
        emit_changed (self, 0, old_len, rowids->len + self->unread);
      return;
    }

  shorter = MIN (old->len, rowids->len);
  while (prefix < shorter &&
         g_array_index (old, gint64, prefix) == g_array_index (rowids, gint64, prefix))
    prefix++;
  while (suffix < shorter - prefix &&
         g_array_index (old, gint64, old->len - 1 - suffix) ==
         g_array_index (rowids, gint64, rowids->len - 1 - suffix))
    suffix++;

  if (prefix + suffix < old->len || prefix + suffix < rowids->len)
    emit_changed (self, prefix, old->len - prefix - suffix, rowids->len - prefix - suffix);
}

/**
 * byline_draft_list_reload:
 * @self: a list
 *
 * Reads the list again from the store (the store's own changes arrive by
 * themselves; this is for changes made by another process).
 */
void
byline_draft_list_reload (BylineDraftList *self)
{
  g_return_if_fail (BYLINE_IS_DRAFT_LIST (self));

  requery (self, FALSE);
}

static int
find_rowid_from (BylineDraftList *self,
                 guint            from,
                 gint64           rowid)
{
  const gint64 *data = (const gint64 *) (gpointer) self->rowids->data;

  for (guint i = from; i < self->rowids->len; i++)
    if (data[i] == rowid)
      return i;
  return -1;
}

static int
find_rowid (BylineDraftList *self,
            gint64           rowid)
{
  /* What is read first: the draft being edited is usually at the top. */
  int position = find_rowid_from (self, 0, rowid);

  if (position < 0 && self->unread > 0)
    {
      guint searched = self->rowids->len;

      read_rest (self);
      position = find_rowid_from (self, searched, rowid);
    }
  return position;
}

typedef struct
{
  gint64   rowid;
  int      state;
  gboolean deleted;
  gboolean newest;
} RowFacts;

static gboolean
read_row_facts (BylineDraftList *self,
                const char      *id,
                RowFacts        *facts)
{
  sqlite3 *db = byline_store_get_read_db (self->store);
  sqlite3_stmt *stmt = NULL;
  gboolean found = FALSE;

  if (sqlite3_prepare_v2 (db,
                          "SELECT rowid, state, deleted, "
                          "  updated >= (SELECT max (updated) FROM drafts WHERE deleted = 0) "
                          "FROM drafts WHERE id = ?", -1, &stmt, NULL) != SQLITE_OK)
    return FALSE;

  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      facts->rowid = sqlite3_column_int64 (stmt, 0);
      facts->state = sqlite3_column_int (stmt, 1);
      facts->deleted = sqlite3_column_int64 (stmt, 2) != 0;
      facts->newest = sqlite3_column_int (stmt, 3) != 0;
      found = TRUE;
    }
  sqlite3_finalize (stmt);

  return found;
}

static void
draft_saved_cb (BylineDraftList *self,
                const char      *id,
                BylineStore     *store)
{
  RowFacts facts;
  BylineDraftSummary *summary;
  gboolean matches;
  int old_pos;

  if (!read_row_facts (self, id, &facts))
    {
      requery (self, FALSE);
      return;
    }

  /* Its row shows the new title, state and time without being rebound:
   * GTK 4.8 rebinds every row below a changed one. */
  summary = g_hash_table_lookup (self->summaries, &facts.rowid);
  if (summary != NULL)
    read_summary (self, summary, TRUE);

  /* A search's matches can change with any edit: ask the index again. */
  if (self->search != NULL || !facts.newest)
    {
      requery (self, TRUE);
      return;
    }

  matches = !facts.deleted && (self->state < 0 || self->state == facts.state);
  old_pos = find_rowid (self, facts.rowid);

  if (old_pos == 0 && matches)
    {
      /* Saved again while on top, as while the editor types: it stays. */
    }
  else if (old_pos > 0 && matches)
    {
      /* Just saved: it moves to the top. */
      g_array_remove_index (self->rowids, old_pos);
      emit_changed (self, old_pos, 1, 0);
      g_array_prepend_val (self->rowids, facts.rowid);
      emit_changed (self, 0, 0, 1);
    }
  else if (old_pos >= 0)
    {
      g_array_remove_index (self->rowids, old_pos);
      emit_changed (self, old_pos, 1, 0);
    }
  else if (matches)
    {
      g_array_prepend_val (self->rowids, facts.rowid);
      emit_changed (self, 0, 0, 1);
    }
}

static void
draft_deleted_cb (BylineDraftList *self,
                  const char      *id,
                  BylineStore     *store)
{
  RowFacts facts;
  int pos;

  if (!read_row_facts (self, id, &facts))
    {
      requery (self, FALSE);
      return;
    }

  pos = find_rowid (self, facts.rowid);
  if (pos < 0)
    return;

  g_hash_table_remove (self->summaries, &facts.rowid);
  g_array_remove_index (self->rowids, pos);
  emit_changed (self, pos, 1, 0);
}

static void
byline_draft_list_dispose (GObject *object)
{
  BylineDraftList *self = (BylineDraftList *)object;

  if (self->store != NULL)
    {
      g_clear_signal_handler (&self->saved_handler, self->store);
      g_clear_signal_handler (&self->deleted_handler, self->store);
    }
  g_clear_handle_id (&self->unread_source, g_source_remove);
  drop_summaries (self);
  g_clear_pointer (&self->row_stmt, sqlite3_finalize);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (byline_draft_list_parent_class)->dispose (object);
}

static void
byline_draft_list_finalize (GObject *object)
{
  BylineDraftList *self = (BylineDraftList *)object;

  g_clear_pointer (&self->rowids, g_array_unref);
  g_hash_table_unref (self->summaries);
  g_clear_pointer (&self->zone, g_time_zone_unref);
  g_free (self->search);

  G_OBJECT_CLASS (byline_draft_list_parent_class)->finalize (object);
}

static void
byline_draft_list_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  BylineDraftList *self = BYLINE_DRAFT_LIST (object);

  switch (prop_id)
    {
    case PROP_SEARCH:
      g_value_set_string (value, self->search);
      break;

    case PROP_STATE:
      g_value_set_int (value, self->state);
      break;

    case PROP_N_ITEMS:
      g_value_set_uint (value, self->rowids->len + self->unread);
      break;

    case PROP_TRUNCATED:
      g_value_set_boolean (value, self->truncated);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
byline_draft_list_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  BylineDraftList *self = BYLINE_DRAFT_LIST (object);

  switch (prop_id)
    {
    case PROP_SEARCH:
      byline_draft_list_set_search (self, g_value_get_string (value));
      break;

    case PROP_STATE:
      byline_draft_list_set_state (self, g_value_get_int (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
byline_draft_list_class_init (BylineDraftListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = byline_draft_list_dispose;
  object_class->finalize = byline_draft_list_finalize;
  object_class->get_property = byline_draft_list_get_property;
  object_class->set_property = byline_draft_list_set_property;

  properties[PROP_SEARCH] =
    g_param_spec_string ("search", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATE] =
    g_param_spec_int ("state", NULL, NULL, -1, BYLINE_ARTICLE_N_STATES - 1, -1,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  /**
   * BylineDraftList:truncated:
   *
   * Whether the search matched more drafts than BYLINE_STORE_SEARCH_LIMIT,
   * so that the oldest-created matches are left out.
   */
  properties[PROP_TRUNCATED] =
    g_param_spec_boolean ("truncated", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
byline_draft_list_init (BylineDraftList *self)
{
  self->state = -1;
  self->summaries = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, g_object_unref);
  self->rowids = g_array_new (FALSE, FALSE, sizeof (gint64));
}

/**
 * byline_draft_list_new:
 * @store: the drafts store
 * @search: (nullable): text to search for, or %NULL for every draft
 * @state: a #BylineArticleState, or -1 for any
 *
 * Returns: (transfer full): the list, filled and following the store
 */
BylineDraftList *
byline_draft_list_new (BylineStore *store,
                       const char  *search,
                       int          state)
{
  BylineDraftList *self;

  g_return_val_if_fail (BYLINE_IS_STORE (store), NULL);

  self = g_object_new (BYLINE_TYPE_DRAFT_LIST, NULL);
  self->store = g_object_ref (store);
  self->search = (search != NULL && *search != '\0') ? g_strdup (search) : NULL;
  self->state = CLAMP (state, -1, BYLINE_ARTICLE_N_STATES - 1);
  self->saved_handler = g_signal_connect_object (store, "draft-saved",
                                                 G_CALLBACK (draft_saved_cb), self,
                                                 G_CONNECT_SWAPPED);
  self->deleted_handler = g_signal_connect_object (store, "draft-deleted",
                                                   G_CALLBACK (draft_deleted_cb), self,
                                                   G_CONNECT_SWAPPED);
  byline_draft_list_reload (self);

  return self;
}

gboolean
byline_draft_list_get_truncated (BylineDraftList *self)
{
  g_return_val_if_fail (BYLINE_IS_DRAFT_LIST (self), FALSE);
  return self->truncated;
}

const char *
byline_draft_list_get_search (BylineDraftList *self)
{
  g_return_val_if_fail (BYLINE_IS_DRAFT_LIST (self), NULL);
  return self->search;
}

/**
 * byline_draft_list_set_search:
 * @self: a list
 * @search: (nullable): text to search for; %NULL or "" shows every draft
 */
void
byline_draft_list_set_search (BylineDraftList *self,
                              const char      *search)
{
  g_return_if_fail (BYLINE_IS_DRAFT_LIST (self));

  if (search != NULL && *search == '\0')
    search = NULL;
  if (g_strcmp0 (self->search, search) == 0)
    return;

  g_free (self->search);
  self->search = g_strdup (search);
  requery (self, TRUE);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SEARCH]);
}

int
byline_draft_list_get_state (BylineDraftList *self)
{
  g_return_val_if_fail (BYLINE_IS_DRAFT_LIST (self), -1);
  return self->state;
}

/**
 * byline_draft_list_set_state:
 * @self: a list
 * @state: a #BylineArticleState to show only those drafts, or -1 for all
 */
void
byline_draft_list_set_state (BylineDraftList *self,
                             int              state)
{
  g_return_if_fail (BYLINE_IS_DRAFT_LIST (self));
  g_return_if_fail (state >= -1 && state < BYLINE_ARTICLE_N_STATES);

  if (self->state == state)
    return;

  self->state = state;
  requery (self, TRUE);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

/**
 * byline_draft_list_find:
 * @self: a list
 * @id: a draft's id
 *
 * Returns: the draft's position, or -1 when it is not in the list
 */
int
byline_draft_list_find (BylineDraftList *self,
                        const char      *id)
{
  RowFacts facts;

  g_return_val_if_fail (BYLINE_IS_DRAFT_LIST (self), -1);
  g_return_val_if_fail (id != NULL, -1);

  if (!read_row_facts (self, id, &facts))
    return -1;
  return find_rowid (self, facts.rowid);
}
