/* byline-wordpress.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "byline-session.h"
#include "byline-wordpress.h"
#include "byline-wordpress-private.h"

#define READ_CHUNK (64 * 1024)

struct _BylineWordpress
{
  GObject      parent_instance;

  SoupSession *session;
  char        *site_url;
  char        *rest_root;
  char        *username;
  char        *password;
};

static void byline_wordpress_portal_init (BylinePortalInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (BylineWordpress, byline_wordpress, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (BYLINE_TYPE_PORTAL,
                                                      byline_wordpress_portal_init))

enum {
  PROP_0,
  PROP_SITE_URL,
  PROP_REST_ROOT,
  PROP_USERNAME,
  PROP_PASSWORD,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* ------------------------------------------------------------------------ */
/* One HTTP exchange: send, read the answer with a size cap, parse the JSON
 * on a worker thread (a long list of posts must not stall the window), and
 * turn every HTTP or transport failure into a portal error. */

typedef struct
{
  guint       status;
  JsonNode   *root;
  int         total_pages;
  char       *link_header;
} Response;

static void
response_free (Response *response)
{
  g_clear_pointer (&response->root, json_node_unref);
  g_free (response->link_header);
  g_free (response);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Response, response_free)

typedef struct
{
  SoupMessage  *msg;
  GInputStream *stream;
  GByteArray   *body;
  gboolean      want_json;
  guint         status;
  int           retry_after;
  int           total_pages;
  char         *link_header;
} Request;

static void
request_free (Request *request)
{
  g_clear_object (&request->msg);
  g_clear_object (&request->stream);
  g_clear_pointer (&request->body, g_byte_array_unref);
  g_free (request->link_header);
  g_free (request);
}

static void
set_malformed (GError     **error,
               const char  *detail)
{
  g_autofree char *message = NULL;

  message = g_strdup_printf (_("The portal sent an answer Byline cannot read (%s). "
                               "The address may not be a WordPress site, or a plugin "
                               "may be changing its answers."),
                             detail);
  byline_portal_set_error (error, BYLINE_PORTAL_ERROR_MALFORMED, NULL, -1, 0, message);
}

static void
set_transport_error (GError **error,
                     GError  *cause)
{
  g_autofree char *message = NULL;

  if (g_error_matches (cause, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_propagate_error (error, g_error_copy (cause));
      return;
    }

  if (cause->domain == G_TLS_ERROR)
    {
      message = g_strdup_printf (_("The portal’s certificate is not trusted (%s). Byline does "
                                   "not send passwords to a site it cannot verify."),
                                 cause->message);
      byline_portal_set_error (error, BYLINE_PORTAL_ERROR_TLS, NULL, -1, 0, message);
      return;
    }

  message = g_strdup_printf (_("The portal could not be reached (%s). Check the network "
                               "connection and the site’s address."),
                             cause->message);
  byline_portal_set_error (error, BYLINE_PORTAL_ERROR_NETWORK, NULL, -1, 0, message);
}

static const char *
object_get_string_or_null (JsonObject *object,
                           const char *member)
{
  JsonNode *node;

  if (object == NULL)
    return NULL;
  node = json_object_get_member (object, member);
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node)
      || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static gint64
object_get_int_or_zero (JsonObject *object,
                        const char *member)
{
  JsonNode *node;

  if (object == NULL)
    return 0;
  node = json_object_get_member (object, member);
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node)
      || json_node_get_value_type (node) != G_TYPE_INT64)
    return 0;
  return json_node_get_int (node);
}

static void
set_http_error (GError   **error,
                guint      status,
                JsonNode  *root,
                int        retry_after)
{
  JsonObject *object = NULL;
  JsonObject *data = NULL;
  const char *code = NULL;
  const char *said = NULL;
  g_autofree char *message = NULL;
  BylinePortalError kind;
  gint64 term_id = 0;

  if (root != NULL && JSON_NODE_HOLDS_OBJECT (root))
    {
      JsonNode *data_node;

      object = json_node_get_object (root);
      code = object_get_string_or_null (object, "code");
      said = object_get_string_or_null (object, "message");
      data_node = json_object_get_member (object, "data");
      if (data_node != NULL && JSON_NODE_HOLDS_OBJECT (data_node))
        data = json_node_get_object (data_node);
    }
  if (said == NULL)
    said = soup_status_get_phrase (status);
  if (said == NULL)
    said = "";

  if (status == 401)
    {
      kind = BYLINE_PORTAL_ERROR_AUTH;
      message = g_strdup_printf (_("The portal refused the user name or the Application "
                                   "Password. Check them in the account’s settings "
                                   "(the portal says: “%s”)."),
                                 said);
    }
  else if (status == 403)
    {
      kind = BYLINE_PORTAL_ERROR_FORBIDDEN;
      message = g_strdup_printf (_("The portal does not let this account do that; ask the "
                                   "portal’s administrator for a role that may "
                                   "(the portal says: “%s”)."),
                                 said);
    }
  else if (status == 404)
    {
      kind = BYLINE_PORTAL_ERROR_NOT_FOUND;
      message = g_strdup_printf (_("The portal has no such item; it may have been deleted "
                                   "there (the portal says: “%s”)."),
                                 said);
    }
  else if (status == 400 && g_strcmp0 (code, "term_exists") == 0)
    {
      kind = BYLINE_PORTAL_ERROR_TERM_EXISTS;
      term_id = object_get_int_or_zero (data, "term_id");
      message = g_strdup_printf (_("The portal already has a term of that name "
                                   "(the portal says: “%s”)."),
                                 said);
    }
  else if (status == 400)
    {
      kind = BYLINE_PORTAL_ERROR_INVALID;
      message = g_strdup_printf (_("The portal refused what Byline sent; correct the "
                                   "article and publish again (the portal says: “%s”)."),
                                 said);
    }
  else if (status == 413)
    {
      kind = BYLINE_PORTAL_ERROR_TOO_LARGE;
      message = g_strdup (_("The portal refused the upload as too large; use a smaller "
                            "image."));
    }
  else if (status == 429)
    {
      kind = BYLINE_PORTAL_ERROR_RATE_LIMITED;
      message = g_strdup (_("The portal is receiving too many requests; Byline will try "
                            "again later."));
    }
  else if (status >= 500)
    {
      kind = BYLINE_PORTAL_ERROR_SERVER;
      message = g_strdup_printf (_("The portal had an internal error (HTTP %u); Byline will "
                                   "try again later."),
                                 status);
    }
  else
    {
      kind = BYLINE_PORTAL_ERROR_FAILED;
      message = g_strdup_printf (_("The portal answered with an unexpected error "
                                   "(HTTP %u: “%s”)."),
                                 status, said);
    }

  byline_portal_set_error (error, kind, code, retry_after, term_id, message);
}

static void
parse_answer_in_thread (GTask        *task,
                        gpointer      source_object,
                        gpointer      task_data,
                        GCancellable *cancellable)
{
  Request *request = task_data;
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(Response) response = g_new0 (Response, 1);
  g_autoptr(GError) parse_error = NULL;
  gboolean parsed = FALSE;
  gboolean ok = SOUP_STATUS_IS_SUCCESSFUL (request->status);

  response->status = request->status;
  response->total_pages = request->total_pages;
  response->link_header = g_steal_pointer (&request->link_header);

  if (request->body->len > 0)
    parsed = json_parser_load_from_data (parser, (const char *) request->body->data,
                                         request->body->len, &parse_error);

  if (!ok)
    {
      GError *error = NULL;

      set_http_error (&error, request->status, parsed ? json_parser_get_root (parser) : NULL,
                      request->retry_after);
      g_task_return_error (task, error);
      return;
    }

  if (request->want_json)
    {
      if (!parsed)
        {
          GError *error = NULL;

          set_malformed (&error, parse_error != NULL ? parse_error->message
                                                     : _("the answer is empty"));
          g_task_return_error (task, error);
          return;
        }
      response->root = json_node_ref (json_parser_get_root (parser));
    }

  g_task_return_pointer (task, g_steal_pointer (&response), (GDestroyNotify) response_free);
}

static void request_read_cb (GObject      *object,
                             GAsyncResult *result,
                             gpointer      user_data);

static void
request_read_next (GTask *task)
{
  Request *request = g_task_get_task_data (task);

  g_input_stream_read_bytes_async (request->stream, READ_CHUNK, G_PRIORITY_DEFAULT,
                                   g_task_get_cancellable (task), request_read_cb, task);
}

static void
set_too_large (GError **error)
{
  byline_portal_set_error (error, BYLINE_PORTAL_ERROR_TOO_LARGE, NULL, -1, 0,
                           _("The portal sent an answer far larger than expected; "
                             "Byline stopped reading it. The site may be misconfigured."));
}

static void
request_read_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Request *request = g_task_get_task_data (task);
  g_autoptr(GBytes) chunk = NULL;
  g_autoptr(GError) read_error = NULL;

  chunk = g_input_stream_read_bytes_finish (G_INPUT_STREAM (object), result, &read_error);
  if (chunk == NULL)
    {
      GError *error = NULL;

      set_transport_error (&error, read_error);
      g_task_return_error (task, error);
      return;
    }

  if (g_bytes_get_size (chunk) == 0)
    {
      g_input_stream_close_async (request->stream, G_PRIORITY_DEFAULT, NULL, NULL, NULL);
      g_task_run_in_thread (task, parse_answer_in_thread);
      return;
    }

  if (request->body->len + g_bytes_get_size (chunk) > BYLINE_WORDPRESS_MAX_ANSWER)
    {
      GError *error = NULL;

      g_input_stream_close_async (request->stream, G_PRIORITY_DEFAULT, NULL, NULL, NULL);
      set_too_large (&error);
      g_task_return_error (task, error);
      return;
    }

  g_byte_array_append (request->body, g_bytes_get_data (chunk, NULL), g_bytes_get_size (chunk));
  request_read_next (g_steal_pointer (&task));
}

static int
parse_retry_after (const char *value)
{
  g_autoptr(GDateTime) when = NULL;
  g_autoptr(GDateTime) now = NULL;
  guint64 seconds;

  if (value == NULL)
    return -1;
  if (g_ascii_string_to_unsigned (value, 10, 0, 7 * 24 * 3600, &seconds, NULL))
    return (int) seconds;
  when = soup_date_time_new_from_http_string (value);
  if (when == NULL)
    return -1;
  now = g_date_time_new_now_utc ();
  return (int) MAX (0, g_date_time_difference (when, now) / G_TIME_SPAN_SECOND);
}

static void
request_sent_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Request *request = g_task_get_task_data (task);
  g_autoptr(GError) send_error = NULL;
  SoupMessageHeaders *headers;
  const char *pages;
  goffset length;

  request->stream = soup_session_send_finish (SOUP_SESSION (object), result, &send_error);
  if (request->stream == NULL)
    {
      GError *error = NULL;

      set_transport_error (&error, send_error);
      g_task_return_error (task, error);
      return;
    }

  request->status = soup_message_get_status (request->msg);
  headers = soup_message_get_response_headers (request->msg);
  request->retry_after = parse_retry_after (soup_message_headers_get_one (headers,
                                                                         "Retry-After"));
  request->link_header = g_strdup (soup_message_headers_get_list (headers, "Link"));
  pages = soup_message_headers_get_one (headers, "X-WP-TotalPages");
  if (pages != NULL)
    {
      guint64 n;

      if (g_ascii_string_to_unsigned (pages, 10, 0, G_MAXINT, &n, NULL))
        request->total_pages = (int) n;
    }

  length = soup_message_headers_get_content_length (headers);
  if (length > BYLINE_WORDPRESS_MAX_ANSWER)
    {
      GError *error = NULL;

      g_input_stream_close_async (request->stream, G_PRIORITY_DEFAULT, NULL, NULL, NULL);
      set_too_large (&error);
      g_task_return_error (task, error);
      return;
    }

  request_read_next (g_steal_pointer (&task));
}

static char *
build_uri (BylineWordpress *self,
           const char      *path,
           ...) G_GNUC_NULL_TERMINATED;

static char *site_url_with (BylineWordpress *self,
                            const char      *suffix);

/* path is relative to the REST root ("wp/v2/posts"); then name, value pairs
 * for the query, NULL-terminated. A root in the ?rest_route= form takes the
 * path into that parameter. */
static char *
build_uri (BylineWordpress *self,
           const char      *path,
           ...)
{
  GString *uri;
  gboolean has_query;
  const char *name;
  va_list args;

  /* Before connect has discovered the root, the usual one is the guess. */
  if (self->rest_root == NULL)
    self->rest_root = site_url_with (self, "wp-json/");
  uri = g_string_new (self->rest_root);
  has_query = strchr (self->rest_root, '?') != NULL;

  g_string_append (uri, path);

  va_start (args, path);
  while ((name = va_arg (args, const char *)) != NULL)
    {
      const char *value = va_arg (args, const char *);

      if (value == NULL)
        continue;
      g_string_append_c (uri, has_query ? '&' : '?');
      has_query = TRUE;
      g_string_append_uri_escaped (uri, name, NULL, FALSE);
      g_string_append_c (uri, '=');
      g_string_append_uri_escaped (uri, value, NULL, FALSE);
    }
  va_end (args);

  return g_string_free (uri, FALSE);
}

static void
request_async (BylineWordpress     *self,
               const char          *method,
               const char          *uri,
               GBytes              *body,
               const char          *content_type,
               const char          *disposition,
               gboolean             want_json,
               GCancellable        *cancellable,
               GAsyncReadyCallback  callback,
               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Request *request;
  SoupMessageHeaders *headers;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, request_async);
  request = g_new0 (Request, 1);
  request->body = g_byte_array_new ();
  request->want_json = want_json;
  request->retry_after = -1;
  g_task_set_task_data (task, request, (GDestroyNotify) request_free);

  request->msg = soup_message_new (method, uri);
  if (request->msg == NULL)
    {
      g_task_return_new_error (task, BYLINE_PORTAL_ERROR, BYLINE_PORTAL_ERROR_NO_API,
                               _("“%s” is not a web address Byline can use."), uri);
      return;
    }

  headers = soup_message_get_request_headers (request->msg);
  soup_message_headers_replace (headers, "Accept", want_json ? "application/json" : "*/*");
  /* WordPress sends no challenge, so the credentials go with every request
   * (HTTP Basic, as Application Passwords expect). */
  if (self->username != NULL && self->password != NULL)
    {
      g_autofree char *pair = g_strdup_printf ("%s:%s", self->username, self->password);
      g_autofree char *encoded = g_base64_encode ((const guchar *) pair, strlen (pair));
      g_autofree char *value = g_strdup_printf ("Basic %s", encoded);

      soup_message_headers_replace (headers, "Authorization", value);
    }
  if (disposition != NULL)
    soup_message_headers_replace (headers, "Content-Disposition", disposition);
  if (body != NULL)
    soup_message_set_request_body_from_bytes (request->msg, content_type, body);

  soup_session_send_async (self->session, request->msg, G_PRIORITY_DEFAULT, cancellable,
                           request_sent_cb, g_steal_pointer (&task));
}

static Response *
request_finish (BylineWordpress  *self,
                GAsyncResult     *result,
                GError          **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static GBytes *
json_to_bytes (JsonBuilder *builder)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = json_builder_get_root (builder);
  gsize length;
  char *text;

  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, &length);
  return g_bytes_new_take (text, length);
}

/* ------------------------------------------------------------------------ */
/* Reading what the portal sends, with every type checked. */

static JsonObject *
node_get_object (JsonNode    *node,
                 const char  *what,
                 GError     **error)
{
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      g_autofree char *detail = g_strdup_printf (_("%s is not an object"), what);

      set_malformed (error, detail);
      return NULL;
    }
  return json_node_get_object (node);
}

static gboolean
read_int (JsonObject  *object,
          const char  *member,
          gboolean     required,
          gint64      *out,
          GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);

  *out = 0;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      if (!required)
        return TRUE;
    }
  else if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_INT64)
    {
      *out = json_node_get_int (node);
      return TRUE;
    }

  {
    g_autofree char *detail = g_strdup_printf (_("“%s” is not a whole number"), member);

    set_malformed (error, detail);
  }
  return FALSE;
}

static gboolean
read_string (JsonObject  *object,
             const char  *member,
             gboolean     required,
             char       **out,
             GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);

  *out = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      if (!required)
        return TRUE;
    }
  else if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    {
      *out = g_strdup (json_node_get_string (node));
      return TRUE;
    }

  {
    g_autofree char *detail = g_strdup_printf (_("“%s” is not text"), member);

    set_malformed (error, detail);
  }
  return FALSE;
}

/* title, content and excerpt come as {"raw", "rendered"}; raw only in the
 * edit context, which is what Byline asks for. */
static gboolean
read_rendered (JsonObject  *object,
               const char  *member,
               char       **out,
               GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);
  JsonObject *inner;

  *out = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_autofree char *detail = g_strdup_printf (_("“%s” is not an object"), member);

      set_malformed (error, detail);
      return FALSE;
    }
  inner = json_node_get_object (node);
  if (json_object_has_member (inner, "raw"))
    return read_string (inner, "raw", FALSE, out, error);
  return read_string (inner, "rendered", FALSE, out, error);
}

static gboolean
read_utc_time (JsonObject  *object,
               const char  *member,
               GDateTime  **out,
               GError     **error)
{
  g_autofree char *text = NULL;
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();

  *out = NULL;
  if (!read_string (object, member, FALSE, &text, error))
    return FALSE;
  if (text == NULL)
    return TRUE;
  /* WordPress writes these times without an offset; *_gmt ones are UTC. */
  *out = g_date_time_new_from_iso8601 (text, utc);
  if (*out == NULL)
    {
      g_autofree char *detail = g_strdup_printf (_("“%s” is not a time"), member);

      set_malformed (error, detail);
      return FALSE;
    }
  return TRUE;
}

static gboolean
read_id_array (JsonObject  *object,
               const char  *member,
               GArray     **out,
               GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);
  JsonArray *array;
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  *out = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      *out = g_steal_pointer (&ids);
      return TRUE;
    }
  if (!JSON_NODE_HOLDS_ARRAY (node))
    goto malformed;
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      gint64 id;

      if (!JSON_NODE_HOLDS_VALUE (element) || json_node_get_value_type (element) != G_TYPE_INT64)
        goto malformed;
      id = json_node_get_int (element);
      g_array_append_val (ids, id);
    }
  *out = g_steal_pointer (&ids);
  return TRUE;

malformed:
  {
    g_autofree char *detail = g_strdup_printf (_("“%s” is not a list of numbers"), member);

    set_malformed (error, detail);
  }
  return FALSE;
}

static BylinePortalPost *
parse_post (JsonNode  *node,
            GError   **error)
{
  g_autoptr(BylinePortalPost) post = byline_portal_post_new ();
  JsonObject *object;
  JsonNode *meta;

  object = node_get_object (node, _("the post"), error);
  if (object == NULL)
    return NULL;

  if (!read_int (object, "id", TRUE, &post->id, error)
      || !read_string (object, "link", FALSE, &post->link, error)
      || !read_string (object, "status", FALSE, &post->status, error)
      || !read_string (object, "slug", FALSE, &post->slug, error)
      || !read_rendered (object, "title", &post->title, error)
      || !read_rendered (object, "content", &post->content, error)
      || !read_rendered (object, "excerpt", &post->excerpt, error)
      || !read_utc_time (object, "date_gmt", &post->date_gmt, error)
      || !read_utc_time (object, "modified_gmt", &post->modified_gmt, error)
      || !read_id_array (object, "categories", &post->categories, error)
      || !read_id_array (object, "tags", &post->tags, error)
      || !read_int (object, "featured_media", FALSE, &post->featured_media, error))
    return NULL;

  if (post->id <= 0)
    {
      set_malformed (error, _("the post has no id"));
      return NULL;
    }

  post->meta = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  meta = json_object_get_member (object, "meta");
  /* Without registered meta WordPress sends [] rather than {}. */
  if (meta != NULL && JSON_NODE_HOLDS_OBJECT (meta))
    {
      JsonObject *fields = json_node_get_object (meta);
      JsonObjectIter iter;
      const char *name;
      JsonNode *value;

      json_object_iter_init (&iter, fields);
      while (json_object_iter_next (&iter, &name, &value))
        if (JSON_NODE_HOLDS_VALUE (value) && json_node_get_value_type (value) == G_TYPE_STRING)
          g_hash_table_insert (post->meta, g_strdup (name), g_strdup (json_node_get_string (value)));
    }

  return g_steal_pointer (&post);
}

static BylinePortalTerm *
parse_term (JsonNode  *node,
            GError   **error)
{
  g_autoptr(BylinePortalTerm) term = g_new0 (BylinePortalTerm, 1);
  JsonObject *object;

  object = node_get_object (node, _("the term"), error);
  if (object == NULL)
    return NULL;
  if (!read_int (object, "id", TRUE, &term->id, error)
      || !read_string (object, "name", TRUE, &term->name, error)
      || !read_string (object, "slug", FALSE, &term->slug, error)
      || !read_int (object, "parent", FALSE, &term->parent, error)
      || !read_int (object, "count", FALSE, &term->count, error))
    return NULL;
  return g_steal_pointer (&term);
}

/* ------------------------------------------------------------------------ */
/* connect: find the REST root, then who the user is, then whether the
 * attribution meta is registered. */

typedef struct
{
  BylinePortalSite *site;
  int               step;
} ConnectData;

static void
connect_data_free (ConnectData *data)
{
  byline_portal_site_free (data->site);
  g_free (data);
}

enum {
  CONNECT_LINK,
  CONNECT_WP_JSON,
  CONNECT_REST_ROUTE,
  CONNECT_INDEX,
  CONNECT_ME,
  CONNECT_SCHEMA,
};

static void connect_step (GTask *task);

static char *
find_api_link (const char *link_header)
{
  g_auto(GStrv) links = NULL;

  if (link_header == NULL)
    return NULL;

  links = g_strsplit (link_header, ",", -1);
  for (guint i = 0; links[i] != NULL; i++)
    {
      const char *start = strchr (links[i], '<');
      const char *end = start != NULL ? strchr (start, '>') : NULL;

      if (end != NULL && strstr (end, "rel=\"https://api.w.org/\"") != NULL)
        return g_strndup (start + 1, end - start - 1);
    }
  return NULL;
}

static gboolean
is_wp_index (JsonNode *root)
{
  JsonObject *object;
  JsonNode *namespaces;
  JsonArray *array;

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return FALSE;
  object = json_node_get_object (root);
  namespaces = json_object_get_member (object, "namespaces");
  if (namespaces == NULL || !JSON_NODE_HOLDS_ARRAY (namespaces))
    return FALSE;
  array = json_node_get_array (namespaces);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);

      if (JSON_NODE_HOLDS_VALUE (element)
          && json_node_get_value_type (element) == G_TYPE_STRING
          && g_strcmp0 (json_node_get_string (element), "wp/v2") == 0)
        return TRUE;
    }
  return FALSE;
}

static void
read_site_index (ConnectData *data,
                 JsonNode    *root)
{
  JsonObject *object = json_node_get_object (root);

  g_free (data->site->site_name);
  data->site->site_name = g_strdup (object_get_string_or_null (object, "name"));
}

static char *
site_url_with (BylineWordpress *self,
               const char      *suffix)
{
  if (g_str_has_suffix (self->site_url, "/"))
    return g_strconcat (self->site_url, suffix, NULL);
  return g_strconcat (self->site_url, "/", suffix, NULL);
}

static void
connect_answer_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  BylineWordpress *self = g_task_get_source_object (task);
  ConnectData *data = g_task_get_task_data (task);
  g_autoptr(Response) response = NULL;
  g_autoptr(GError) error = NULL;

  response = request_finish (self, result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)
      || g_error_matches (error, BYLINE_PORTAL_ERROR, BYLINE_PORTAL_ERROR_TLS))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  switch (data->step)
    {
    case CONNECT_LINK:
      {
        g_autofree char *root = NULL;

        if (error != NULL && error->code == BYLINE_PORTAL_ERROR_NETWORK)
          {
            g_task_return_error (task, g_steal_pointer (&error));
            return;
          }
        root = response != NULL ? find_api_link (response->link_header) : NULL;
        if (root != NULL)
          {
            g_free (self->rest_root);
            self->rest_root = g_steal_pointer (&root);
            data->step = CONNECT_INDEX;
          }
        else
          {
            data->step = CONNECT_WP_JSON;
          }
      }
      break;

    case CONNECT_WP_JSON:
    case CONNECT_REST_ROUTE:
      if (response != NULL && is_wp_index (response->root))
        {
          g_free (self->rest_root);
          self->rest_root = site_url_with (self, data->step == CONNECT_WP_JSON
                                                 ? "wp-json/" : "?rest_route=/");
          read_site_index (data, response->root);
          data->step = CONNECT_ME;
        }
      else if (data->step == CONNECT_WP_JSON)
        {
          data->step = CONNECT_REST_ROUTE;
        }
      else
        {
          g_task_return_new_error (task, BYLINE_PORTAL_ERROR, BYLINE_PORTAL_ERROR_NO_API,
                                   _("No WordPress REST API answers at %s. Check the "
                                     "address; the API must not be switched off by a "
                                     "plugin."),
                                   self->site_url);
          return;
        }
      break;

    case CONNECT_INDEX:
      if (error != NULL)
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
      if (!is_wp_index (response->root))
        {
          g_task_return_new_error (task, BYLINE_PORTAL_ERROR, BYLINE_PORTAL_ERROR_NO_API,
                                   _("The address %s names a REST API that is not "
                                     "WordPress’s (no wp/v2)."),
                                   self->rest_root);
          return;
        }
      read_site_index (data, response->root);
      data->step = CONNECT_ME;
      break;

    case CONNECT_ME:
      {
        JsonObject *me;
        JsonNode *roles;
        JsonNode *caps;
        g_autoptr(GPtrArray) names = g_ptr_array_new_null_terminated (4, g_free, TRUE);

        if (error != NULL)
          {
            g_task_return_error (task, g_steal_pointer (&error));
            return;
          }
        me = node_get_object (response->root, _("the user"), &error);
        if (me == NULL || !read_string (me, "name", FALSE, &data->site->user_name, &error))
          {
            g_task_return_error (task, g_steal_pointer (&error));
            return;
          }
        roles = json_object_get_member (me, "roles");
        if (roles != NULL && JSON_NODE_HOLDS_ARRAY (roles))
          {
            JsonArray *array = json_node_get_array (roles);

            for (guint i = 0; i < json_array_get_length (array); i++)
              {
                JsonNode *role = json_array_get_element (array, i);

                if (JSON_NODE_HOLDS_VALUE (role)
                    && json_node_get_value_type (role) == G_TYPE_STRING)
                  g_ptr_array_add (names, g_strdup (json_node_get_string (role)));
              }
          }
        data->site->roles = (char **) g_ptr_array_steal (names, NULL);
        caps = json_object_get_member (me, "capabilities");
        if (caps != NULL && JSON_NODE_HOLDS_OBJECT (caps))
          {
            JsonNode *manage = json_object_get_member (json_node_get_object (caps),
                                                       "manage_categories");

            data->site->can_manage_terms = manage != NULL && JSON_NODE_HOLDS_VALUE (manage)
                                           && json_node_get_value_type (manage) == G_TYPE_BOOLEAN
                                           && json_node_get_boolean (manage);
          }
        data->step = CONNECT_SCHEMA;
      }
      break;

    case CONNECT_SCHEMA:
      {
        JsonNode *node = response != NULL ? response->root : NULL;
        const char *path[] = { "schema", "properties", "meta", "properties" };

        /* A portal without the schema is still usable, without meta. */
        for (guint i = 0; node != NULL && i < G_N_ELEMENTS (path); i++)
          node = JSON_NODE_HOLDS_OBJECT (node)
                 ? json_object_get_member (json_node_get_object (node), path[i]) : NULL;
        data->site->meta_supported = node != NULL && JSON_NODE_HOLDS_OBJECT (node)
                                     && json_object_has_member (json_node_get_object (node),
                                                                "byline_source");
        data->site->rest_root = g_strdup (self->rest_root);
        g_task_return_pointer (task, g_steal_pointer (&data->site),
                               (GDestroyNotify) byline_portal_site_free);
        return;
      }

    default:
      g_assert_not_reached ();
    }

  connect_step (g_steal_pointer (&task));
}

static void
connect_step (GTask *task)
{
  BylineWordpress *self = g_task_get_source_object (task);
  ConnectData *data = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);
  g_autofree char *uri = NULL;
  const char *method = "GET";
  gboolean want_json = TRUE;

  switch (data->step)
    {
    case CONNECT_LINK:
      uri = g_strdup (self->site_url);
      want_json = FALSE;
      break;
    case CONNECT_WP_JSON:
      uri = site_url_with (self, "wp-json/");
      break;
    case CONNECT_REST_ROUTE:
      uri = site_url_with (self, "?rest_route=/");
      break;
    case CONNECT_INDEX:
      /* The whole index lists every route: hundreds of KiB. */
      uri = build_uri (self, "", "_fields", "name,namespaces", NULL);
      break;
    case CONNECT_ME:
      uri = build_uri (self, "wp/v2/users/me", "context", "edit", NULL);
      break;
    case CONNECT_SCHEMA:
      uri = build_uri (self, "wp/v2/posts", NULL);
      method = "OPTIONS";
      break;
    default:
      g_assert_not_reached ();
    }

  request_async (self, method, uri, NULL, NULL, NULL, want_json, cancellable,
                 connect_answer_cb, task);
}

static void
byline_wordpress_connect_async (BylinePortal        *portal,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  BylineWordpress *self = BYLINE_WORDPRESS (portal);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  ConnectData *data = g_new0 (ConnectData, 1);

  g_task_set_source_tag (task, byline_wordpress_connect_async);
  data->site = g_new0 (BylinePortalSite, 1);
  data->step = self->rest_root != NULL ? CONNECT_INDEX : CONNECT_LINK;
  g_task_set_task_data (task, data, (GDestroyNotify) connect_data_free);

  if (self->rest_root == NULL && self->site_url == NULL)
    {
      g_task_return_new_error (task, BYLINE_PORTAL_ERROR, BYLINE_PORTAL_ERROR_NO_API,
                               _("The account has no site address."));
      return;
    }

  connect_step (g_steal_pointer (&task));
}

static BylinePortalSite *
byline_wordpress_connect_finish (BylinePortal  *portal,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ------------------------------------------------------------------------ */
/* Terms, all pages. */

typedef struct
{
  char      *taxonomy;
  GPtrArray *terms;
  int        page;
} TermsData;

static void
terms_data_free (TermsData *data)
{
  g_free (data->taxonomy);
  g_clear_pointer (&data->terms, g_ptr_array_unref);
  g_free (data);
}

static void terms_fetch_page (GTask *task);

static void
terms_page_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  BylineWordpress *self = g_task_get_source_object (task);
  TermsData *data = g_task_get_task_data (task);
  g_autoptr(Response) response = NULL;
  GError *error = NULL;
  JsonArray *array;

  response = request_finish (self, result, &error);
  if (response == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (!JSON_NODE_HOLDS_ARRAY (response->root))
    {
      set_malformed (&error, _("the list of terms is not a list"));
      g_task_return_error (task, error);
      return;
    }
  array = json_node_get_array (response->root);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      BylinePortalTerm *term = parse_term (json_array_get_element (array, i), &error);

      if (term == NULL)
        {
          g_task_return_error (task, error);
          return;
        }
      g_ptr_array_add (data->terms, term);
    }

  /* A page without X-WP-TotalPages, or an empty one, is the last. */
  if (data->page < response->total_pages && json_array_get_length (array) > 0
      && data->page < 10000)
    {
      data->page++;
      terms_fetch_page (g_steal_pointer (&task));
      return;
    }

  g_task_return_pointer (task, g_steal_pointer (&data->terms),
                         (GDestroyNotify) g_ptr_array_unref);
}

static void
terms_fetch_page (GTask *task)
{
  BylineWordpress *self = g_task_get_source_object (task);
  TermsData *data = g_task_get_task_data (task);
  g_autofree char *path = g_strdup_printf ("wp/v2/%s", data->taxonomy);
  g_autofree char *page = g_strdup_printf ("%d", data->page);
  g_autofree char *uri = NULL;

  uri = build_uri (self, path,
                   "per_page", "100",
                   "page", page,
                   "orderby", "id",
                   "order", "asc",
                   "hide_empty", "false",
                   "_fields", "id,name,slug,parent,count",
                   NULL);
  request_async (self, "GET", uri, NULL, NULL, NULL, TRUE, g_task_get_cancellable (task),
                 terms_page_cb, task);
}

static gboolean
check_taxonomy (const char *taxonomy)
{
  return g_strcmp0 (taxonomy, "categories") == 0 || g_strcmp0 (taxonomy, "tags") == 0;
}

static void
byline_wordpress_list_terms_async (BylinePortal        *portal,
                                   const char          *taxonomy,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  BylineWordpress *self = BYLINE_WORDPRESS (portal);
  g_autoptr(GTask) task = NULL;
  TermsData *data;

  g_return_if_fail (check_taxonomy (taxonomy));
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, byline_wordpress_list_terms_async);
  data = g_new0 (TermsData, 1);
  data->taxonomy = g_strdup (taxonomy);
  data->terms = g_ptr_array_new_with_free_func ((GDestroyNotify) byline_portal_term_free);
  data->page = 1;
  g_task_set_task_data (task, data, (GDestroyNotify) terms_data_free);

  terms_fetch_page (g_steal_pointer (&task));
}

static GPtrArray *
byline_wordpress_list_terms_finish (BylinePortal  *portal,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
create_term_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  BylineWordpress *self = g_task_get_source_object (task);
  g_autoptr(Response) response = NULL;
  GError *error = NULL;
  BylinePortalTerm *term;

  response = request_finish (self, result, &error);
  if (response == NULL)
    {
      gint64 existing = byline_portal_error_get_term_id (error);

      if (g_error_matches (error, BYLINE_PORTAL_ERROR, BYLINE_PORTAL_ERROR_TERM_EXISTS)
          && existing > 0)
        {
          term = g_new0 (BylinePortalTerm, 1);
          term->id = existing;
          term->name = g_strdup (g_task_get_task_data (task));
          g_error_free (error);
          g_task_return_pointer (task, term, (GDestroyNotify) byline_portal_term_free);
          return;
        }
      g_task_return_error (task, error);
      return;
    }

  term = parse_term (response->root, &error);
  if (term == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, term, (GDestroyNotify) byline_portal_term_free);
}

static void
byline_wordpress_create_term_async (BylinePortal        *portal,
                                    const char          *taxonomy,
                                    const char          *name,
                                    gint64               parent,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  BylineWordpress *self = BYLINE_WORDPRESS (portal);
  g_autoptr(GTask) task = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GBytes) body = NULL;
  g_autofree char *path = g_strdup_printf ("wp/v2/%s", taxonomy);
  g_autofree char *uri = NULL;

  g_return_if_fail (check_taxonomy (taxonomy));
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, byline_wordpress_create_term_async);
  g_task_set_task_data (task, g_strdup (name), g_free);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, name);
  if (parent > 0)
    {
      json_builder_set_member_name (builder, "parent");
      json_builder_add_int_value (builder, parent);
    }
  json_builder_end_object (builder);
  body = json_to_bytes (builder);

  uri = build_uri (self, path, NULL);
  request_async (self, "POST", uri, body, "application/json", NULL, TRUE, cancellable,
                 create_term_cb, g_steal_pointer (&task));
}

static BylinePortalTerm *
byline_wordpress_create_term_finish (BylinePortal  *portal,
                                     GAsyncResult  *result,
                                     GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ------------------------------------------------------------------------ */
/* Media: the raw file as the body. WordPress refuses the filename*= form of
 * Content-Disposition, so the name is reduced to ASCII. WordPress also
 * judges the file type by the name's extension alone, and answers 500 to a
 * name without one (a picture at "/photo?id=3"), so a missing extension
 * comes from the content type. */

static char *
extension_for_type (const char *content_type)
{
  static const struct { const char *type; const char *ext; } known[] = {
    { "image/jpeg", "jpg" }, { "image/png", "png" }, { "image/gif", "gif" },
    { "image/webp", "webp" }, { "image/bmp", "bmp" }, { "image/x-icon", "ico" },
    { "image/vnd.microsoft.icon", "ico" }, { "image/avif", "avif" },
    { "image/heic", "heic" }, { "image/tiff", "tif" },
  };
  const char *slash;
  GString *ext;

  if (content_type == NULL)
    return NULL;
  for (gsize i = 0; i < G_N_ELEMENTS (known); i++)
    if (g_ascii_strcasecmp (content_type, known[i].type) == 0)
      return g_strdup (known[i].ext);
  slash = strchr (content_type, '/');
  if (slash == NULL)
    return NULL;
  ext = g_string_new (NULL);
  for (const char *p = slash + 1; *p != '\0' && g_ascii_isalnum (*p); p++)
    g_string_append_c (ext, g_ascii_tolower (*p));
  if (ext->len == 0)
    {
      g_string_free (ext, TRUE);
      return NULL;
    }
  return g_string_free (ext, FALSE);
}

static const char * const image_extensions[] = {
  "jpg", "jpeg", "jpe", "png", "gif", "webp", "bmp", "ico", "avif", "heic", "tif", "tiff",
  NULL
};

static char *
ascii_filename (const char *filename,
                const char *content_type)
{
  g_autofree char *base = g_path_get_basename (filename);
  const char *dot = strrchr (base, '.');
  GString *name = g_string_new (NULL);
  GString *ext = g_string_new (NULL);

  for (const char *p = base; *p != '\0' && (dot == NULL || p < dot); p++)
    if (g_ascii_isalnum (*p) || *p == '-' || *p == '_')
      g_string_append_c (name, *p);
  if (dot != NULL)
    for (const char *p = dot + 1; *p != '\0'; p++)
      if (g_ascii_isalnum (*p))
        g_string_append_c (ext, g_ascii_tolower (*p));

  if (name->len == 0)
    g_string_append (name, "image");
  /* "1.html" or "show.php" serving a picture is refused the same way. */
  if (ext->len == 0 || !g_strv_contains (image_extensions, ext->str))
    {
      g_autofree char *from_type = extension_for_type (content_type);

      if (from_type != NULL)
        g_string_assign (ext, from_type);
    }
  if (ext->len > 0)
    g_string_append_printf (name, ".%s", ext->str);
  g_string_free (ext, TRUE);
  return g_string_free (name, FALSE);
}

static void
upload_media_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  BylineWordpress *self = g_task_get_source_object (task);
  g_autoptr(Response) response = NULL;
  g_autoptr(BylinePortalMedia) media = g_new0 (BylinePortalMedia, 1);
  GError *error = NULL;
  JsonObject *object_;

  response = request_finish (self, result, &error);
  if (response == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  object_ = node_get_object (response->root, _("the uploaded file"), &error);
  if (object_ == NULL
      || !read_int (object_, "id", TRUE, &media->id, &error)
      || !read_string (object_, "source_url", TRUE, &media->url, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_return_pointer (task, g_steal_pointer (&media),
                         (GDestroyNotify) byline_portal_media_free);
}

static void
byline_wordpress_upload_media_async (BylinePortal        *portal,
                                     GBytes              *contents,
                                     const char          *content_type,
                                     const char          *filename,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  BylineWordpress *self = BYLINE_WORDPRESS (portal);
  g_autofree char *name = ascii_filename (filename, content_type);
  g_autofree char *disposition = g_strdup_printf ("attachment; filename=\"%s\"", name);
  g_autofree char *uri = build_uri (self, "wp/v2/media", NULL);

  request_async (self, "POST", uri, contents, content_type, disposition, TRUE, cancellable,
                 upload_media_cb, g_task_new (self, cancellable, callback, user_data));
}

static BylinePortalMedia *
byline_wordpress_upload_media_finish (BylinePortal  *portal,
                                      GAsyncResult  *result,
                                      GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ------------------------------------------------------------------------ */
/* Posts. */

static char *
format_utc (GDateTime *time)
{
  g_autoptr(GDateTime) utc = g_date_time_to_utc (time);

  /* No offset, and seconds always: WordPress refuses a time without them. */
  return g_date_time_format (utc, "%Y-%m-%dT%H:%M:%S");
}

static void
add_string_member (JsonBuilder *builder,
                   const char  *name,
                   const char  *value)
{
  if (value == NULL)
    return;
  json_builder_set_member_name (builder, name);
  json_builder_add_string_value (builder, value);
}

static void
add_id_array (JsonBuilder *builder,
              const char  *name,
              GArray      *ids)
{
  if (ids == NULL)
    return;
  json_builder_set_member_name (builder, name);
  json_builder_begin_array (builder);
  for (guint i = 0; i < ids->len; i++)
    json_builder_add_int_value (builder, g_array_index (ids, gint64, i));
  json_builder_end_array (builder);
}

static GBytes *
build_post_body (const BylinePortalPost *post)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  add_string_member (builder, "title", post->title);
  add_string_member (builder, "content", post->content);
  add_string_member (builder, "excerpt", post->excerpt);
  add_string_member (builder, "slug", post->slug);
  add_string_member (builder, "status", post->status);
  if (post->date_gmt != NULL)
    {
      g_autofree char *date = format_utc (post->date_gmt);

      add_string_member (builder, "date_gmt", date);
    }
  add_id_array (builder, "categories", post->categories);
  add_id_array (builder, "tags", post->tags);
  if (post->featured_media > 0)
    {
      json_builder_set_member_name (builder, "featured_media");
      json_builder_add_int_value (builder, post->featured_media);
    }
  if (post->meta != NULL && g_hash_table_size (post->meta) > 0)
    {
      GHashTableIter iter;
      gpointer key, value;

      json_builder_set_member_name (builder, "meta");
      json_builder_begin_object (builder);
      g_hash_table_iter_init (&iter, post->meta);
      while (g_hash_table_iter_next (&iter, &key, &value))
        add_string_member (builder, key, value);
      json_builder_end_object (builder);
    }
  json_builder_end_object (builder);

  return json_to_bytes (builder);
}

static gboolean
array_contains (GArray *ids,
                gint64  id)
{
  for (guint i = 0; ids != NULL && i < ids->len; i++)
    if (g_array_index (ids, gint64, i) == id)
      return TRUE;
  return FALSE;
}

/* WordPress drops an unknown category or image id without a word (201):
 * compare the answer with what was sent. */
static gboolean
check_saved_post (const BylinePortalPost  *sent,
                  const BylinePortalPost  *saved,
                  GError                 **error)
{
  for (guint i = 0; sent->categories != NULL && i < sent->categories->len; i++)
    {
      gint64 id = g_array_index (sent->categories, gint64, i);

      if (!array_contains (saved->categories, id))
        {
          g_autofree char *message =
            g_strdup_printf (_("The portal has no category with the id %lld; refresh the "
                               "categories and choose another."),
                             (long long) id);

          byline_portal_set_error (error, BYLINE_PORTAL_ERROR_INVALID, "byline_no_category",
                                   -1, 0, message);
          return FALSE;
        }
    }
  if (sent->featured_media > 0 && saved->featured_media != sent->featured_media)
    {
      byline_portal_set_error (error, BYLINE_PORTAL_ERROR_INVALID, "byline_no_media", -1, 0,
                               _("The portal did not accept the cover image; it may have "
                                 "been deleted from the media library."));
      return FALSE;
    }
  return TRUE;
}

typedef struct
{
  BylinePortalPost *sent;
} PostData;

static void
post_data_free (PostData *data)
{
  byline_portal_post_free (data->sent);
  g_free (data);
}

static void
post_answer_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  BylineWordpress *self = g_task_get_source_object (task);
  PostData *data = g_task_get_task_data (task);
  g_autoptr(Response) response = NULL;
  g_autoptr(BylinePortalPost) post = NULL;
  GError *error = NULL;

  response = request_finish (self, result, &error);
  if (response != NULL)
    post = parse_post (response->root, &error);
  if (post != NULL && data != NULL && !check_saved_post (data->sent, post, &error))
    g_clear_pointer (&post, byline_portal_post_free);

  if (post == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, g_steal_pointer (&post),
                           (GDestroyNotify) byline_portal_post_free);
}

static BylinePortalPost *
copy_post_ids (const BylinePortalPost *post)
{
  BylinePortalPost *copy = byline_portal_post_new ();

  copy->id = post->id;
  copy->featured_media = post->featured_media;
  if (post->categories != NULL)
    {
      copy->categories = g_array_new (FALSE, FALSE, sizeof (gint64));
      g_array_append_vals (copy->categories, post->categories->data, post->categories->len);
    }
  return copy;
}

static void
byline_wordpress_save_post_async (BylinePortal           *portal,
                                  const BylinePortalPost *post,
                                  GCancellable           *cancellable,
                                  GAsyncReadyCallback     callback,
                                  gpointer                user_data)
{
  BylineWordpress *self = BYLINE_WORDPRESS (portal);
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  PostData *data = g_new0 (PostData, 1);
  g_autoptr(GBytes) body = build_post_body (post);
  g_autofree char *path = NULL;
  g_autofree char *uri = NULL;

  g_task_set_source_tag (task, byline_wordpress_save_post_async);
  data->sent = copy_post_ids (post);
  g_task_set_task_data (task, data, (GDestroyNotify) post_data_free);

  if (post->id > 0)
    path = g_strdup_printf ("wp/v2/posts/%" G_GINT64_FORMAT, post->id);
  else
    path = g_strdup ("wp/v2/posts");
  uri = build_uri (self, path, NULL);
  request_async (self, "POST", uri, body, "application/json", NULL, TRUE, cancellable,
                 post_answer_cb, task);
}

static BylinePortalPost *
byline_wordpress_save_post_finish (BylinePortal  *portal,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
byline_wordpress_fetch_post_async (BylinePortal        *portal,
                                   gint64               id,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  BylineWordpress *self = BYLINE_WORDPRESS (portal);
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  g_autofree char *path = g_strdup_printf ("wp/v2/posts/%" G_GINT64_FORMAT, id);
  g_autofree char *uri = build_uri (self, path, "context", "edit", NULL);

  g_task_set_source_tag (task, byline_wordpress_fetch_post_async);
  request_async (self, "GET", uri, NULL, NULL, NULL, TRUE, cancellable, post_answer_cb, task);
}

static BylinePortalPost *
byline_wordpress_fetch_post_finish (BylinePortal  *portal,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
list_posts_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  BylineWordpress *self = g_task_get_source_object (task);
  g_autoptr(Response) response = NULL;
  g_autoptr(GPtrArray) posts = NULL;
  GError *error = NULL;
  JsonArray *array;

  response = request_finish (self, result, &error);
  if (response == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (!JSON_NODE_HOLDS_ARRAY (response->root))
    {
      set_malformed (&error, _("the list of posts is not a list"));
      g_task_return_error (task, error);
      return;
    }
  array = json_node_get_array (response->root);
  posts = g_ptr_array_new_with_free_func ((GDestroyNotify) byline_portal_post_free);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      BylinePortalPost *post = parse_post (json_array_get_element (array, i), &error);

      if (post == NULL)
        {
          g_task_return_error (task, error);
          return;
        }
      g_ptr_array_add (posts, post);
    }
  g_task_return_pointer (task, g_steal_pointer (&posts), (GDestroyNotify) g_ptr_array_unref);
}

static void
byline_wordpress_list_posts_async (BylinePortal        *portal,
                                   const char          *search,
                                   GDateTime           *after,
                                   guint                limit,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  BylineWordpress *self = BYLINE_WORDPRESS (portal);
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  g_autofree char *per_page = g_strdup_printf ("%u", CLAMP (limit, 1, 100));
  g_autofree char *after_text = after != NULL ? format_utc (after) : NULL;
  g_autofree char *uri = NULL;

  g_task_set_source_tag (task, byline_wordpress_list_posts_async);
  /* status=any with context=edit also finds drafts, pending and scheduled
   * posts, which is where a lost publish may have landed. */
  uri = build_uri (self, "wp/v2/posts",
                   "context", "edit",
                   "status", "any",
                   "per_page", per_page,
                   "search", search,
                   "after", after_text,
                   NULL);
  request_async (self, "GET", uri, NULL, NULL, NULL, TRUE, cancellable, list_posts_cb, task);
}

static GPtrArray *
byline_wordpress_list_posts_finish (BylinePortal  *portal,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
find_media_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  BylineWordpress *self = g_task_get_source_object (task);
  const char *name_part = g_task_get_task_data (task);
  g_autoptr(Response) response = NULL;
  g_autoptr(GPtrArray) found = NULL;
  GError *error = NULL;
  JsonArray *array;

  response = request_finish (self, result, &error);
  if (response == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (!JSON_NODE_HOLDS_ARRAY (response->root))
    {
      set_malformed (&error, _("the list of files is not a list"));
      g_task_return_error (task, error);
      return;
    }
  array = json_node_get_array (response->root);
  found = g_ptr_array_new_with_free_func ((GDestroyNotify) byline_portal_media_free);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autoptr(BylinePortalMedia) media = g_new0 (BylinePortalMedia, 1);
      JsonObject *object_ = node_get_object (json_array_get_element (array, i), _("a file"),
                                             &error);

      if (object_ == NULL
          || !read_int (object_, "id", TRUE, &media->id, &error)
          || !read_string (object_, "source_url", TRUE, &media->url, &error))
        {
          g_task_return_error (task, error);
          return;
        }
      /* The search also looks at titles and captions: only the name counts. */
      if (strstr (media->url, name_part) != NULL)
        g_ptr_array_add (found, g_steal_pointer (&media));
    }
  g_task_return_pointer (task, g_steal_pointer (&found), (GDestroyNotify) g_ptr_array_unref);
}

static void
byline_wordpress_find_media_async (BylinePortal        *portal,
                                   const char          *name_part,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  BylineWordpress *self = BYLINE_WORDPRESS (portal);
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  g_autofree char *uri = NULL;

  g_task_set_source_tag (task, byline_wordpress_find_media_async);
  g_task_set_task_data (task, g_strdup (name_part), g_free);
  uri = build_uri (self, "wp/v2/media",
                   "context", "edit",
                   "per_page", "20",
                   "search", name_part,
                   NULL);
  request_async (self, "GET", uri, NULL, NULL, NULL, TRUE, cancellable, find_media_cb, task);
}

static GPtrArray *
byline_wordpress_find_media_finish (BylinePortal  *portal,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ------------------------------------------------------------------------ */

static void
byline_wordpress_portal_init (BylinePortalInterface *iface)
{
  iface->connect_async = byline_wordpress_connect_async;
  iface->connect_finish = byline_wordpress_connect_finish;
  iface->list_terms_async = byline_wordpress_list_terms_async;
  iface->list_terms_finish = byline_wordpress_list_terms_finish;
  iface->create_term_async = byline_wordpress_create_term_async;
  iface->create_term_finish = byline_wordpress_create_term_finish;
  iface->upload_media_async = byline_wordpress_upload_media_async;
  iface->upload_media_finish = byline_wordpress_upload_media_finish;
  iface->save_post_async = byline_wordpress_save_post_async;
  iface->save_post_finish = byline_wordpress_save_post_finish;
  iface->fetch_post_async = byline_wordpress_fetch_post_async;
  iface->fetch_post_finish = byline_wordpress_fetch_post_finish;
  iface->list_posts_async = byline_wordpress_list_posts_async;
  iface->list_posts_finish = byline_wordpress_list_posts_finish;
  iface->find_media_async = byline_wordpress_find_media_async;
  iface->find_media_finish = byline_wordpress_find_media_finish;
}

static void
byline_wordpress_finalize (GObject *object)
{
  BylineWordpress *self = BYLINE_WORDPRESS (object);

  g_clear_object (&self->session);
  g_free (self->site_url);
  g_free (self->rest_root);
  g_free (self->username);
  if (self->password != NULL)
    memset (self->password, 0, strlen (self->password));
  g_free (self->password);

  G_OBJECT_CLASS (byline_wordpress_parent_class)->finalize (object);
}

static void
byline_wordpress_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  BylineWordpress *self = BYLINE_WORDPRESS (object);

  switch (prop_id)
    {
    case PROP_SITE_URL:
      g_value_set_string (value, self->site_url);
      break;
    case PROP_REST_ROOT:
      g_value_set_string (value, self->rest_root);
      break;
    case PROP_USERNAME:
      g_value_set_string (value, self->username);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static char *
normalize_empty (const char *value)
{
  return value != NULL && *value != '\0' ? g_strdup (value) : NULL;
}

static void
byline_wordpress_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  BylineWordpress *self = BYLINE_WORDPRESS (object);

  switch (prop_id)
    {
    case PROP_SITE_URL:
      self->site_url = normalize_empty (g_value_get_string (value));
      break;
    case PROP_REST_ROOT:
      self->rest_root = normalize_empty (g_value_get_string (value));
      break;
    case PROP_USERNAME:
      self->username = normalize_empty (g_value_get_string (value));
      break;
    case PROP_PASSWORD:
      self->password = normalize_empty (g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
byline_wordpress_class_init (BylineWordpressClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = byline_wordpress_finalize;
  object_class->get_property = byline_wordpress_get_property;
  object_class->set_property = byline_wordpress_set_property;

  properties[PROP_SITE_URL] =
    g_param_spec_string ("site-url", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_REST_ROOT] =
    g_param_spec_string ("rest-root", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_USERNAME] =
    g_param_spec_string ("username", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PASSWORD] =
    g_param_spec_string ("password", NULL, NULL, NULL,
                         G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
byline_wordpress_init (BylineWordpress *self)
{
  self->session = byline_dup_soup_session ();
}

/**
 * byline_wordpress_new:
 * @site_url: (nullable): the site's address, to discover the API from
 * @rest_root: (nullable): the REST root, when already known
 * @username: the WordPress user
 * @password: (nullable): the user's Application Password
 *
 * Returns: (transfer full): a WordPress portal
 */
BylineWordpress *
byline_wordpress_new (const char *site_url,
                      const char *rest_root,
                      const char *username,
                      const char *password)
{
  g_return_val_if_fail (site_url != NULL || rest_root != NULL, NULL);

  return g_object_new (BYLINE_TYPE_WORDPRESS,
                       "site-url", site_url,
                       "rest-root", rest_root,
                       "username", username,
                       "password", password,
                       NULL);
}

const char *
byline_wordpress_get_site_url (BylineWordpress *self)
{
  g_return_val_if_fail (BYLINE_IS_WORDPRESS (self), NULL);
  return self->site_url;
}

/**
 * byline_wordpress_get_rest_root:
 *
 * Returns: (nullable): the REST root, known once connected
 */
const char *
byline_wordpress_get_rest_root (BylineWordpress *self)
{
  g_return_val_if_fail (BYLINE_IS_WORDPRESS (self), NULL);
  return self->rest_root;
}

const char *
byline_wordpress_get_username (BylineWordpress *self)
{
  g_return_val_if_fail (BYLINE_IS_WORDPRESS (self), NULL);
  return self->username;
}

/* ------------------------------------------------------------------------ */

/**
 * byline_wordpress_parse_answer:
 * @status: the HTTP status
 * @data: the answer's body
 * @length: its length
 * @link_header: (nullable): the Link header, as connect reads it
 *
 * Reads an answer the way each request does (an error body, a post, a
 * term, a file, a list of them, the API index), without a network; for
 * the fuzzers, which must never see a crash whatever the bytes.
 *
 * Returns: whether the answer was understood as something
 */
gboolean
byline_wordpress_parse_answer (guint        status,
                               const char  *data,
                               gsize        length,
                               const char  *link_header,
                               GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autofree char *api = link_header != NULL ? find_api_link (link_header) : NULL;
  gboolean understood = FALSE;
  JsonNode *root;

  if (!json_parser_load_from_data (parser, data, length, error))
    return FALSE;
  root = json_parser_get_root (parser);
  if (!SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      g_autofree char *retry_after = g_strndup (data, MIN (length, 64));

      set_http_error (error, status, root, parse_retry_after (retry_after));
      return FALSE;
    }
  if (root == NULL)
    return FALSE;
  if (is_wp_index (root))
    understood = TRUE;

  if (JSON_NODE_HOLDS_ARRAY (root) || JSON_NODE_HOLDS_OBJECT (root))
    {
      g_autoptr(GPtrArray) nodes = g_ptr_array_new ();

      if (JSON_NODE_HOLDS_ARRAY (root))
        {
          JsonArray *array = json_node_get_array (root);

          for (guint i = 0; i < json_array_get_length (array); i++)
            g_ptr_array_add (nodes, json_array_get_element (array, i));
        }
      else
        g_ptr_array_add (nodes, root);

      for (guint i = 0; i < nodes->len; i++)
        {
          JsonNode *node = g_ptr_array_index (nodes, i);
          g_autoptr(BylinePortalPost) post = parse_post (node, NULL);
          g_autoptr(BylinePortalTerm) term = parse_term (node, NULL);
          g_autoptr(BylinePortalMedia) media = g_new0 (BylinePortalMedia, 1);
          JsonObject *object = node_get_object (node, "", NULL);

          if (object != NULL && read_int (object, "id", TRUE, &media->id, NULL)
              && read_string (object, "source_url", TRUE, &media->url, NULL))
            understood = TRUE;
          understood |= post != NULL || term != NULL;
        }
    }
  if (!understood && error != NULL && *error == NULL)
    set_malformed (error, _("nothing Byline knows"));
  return understood;
}
