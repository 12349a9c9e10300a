/* test-portal-faults.c: what a real portal cannot be made to do on demand,
 * played by an in-process SoupServer on 127.0.0.1
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "byline.h"
#include "byline-accounts.h"
#include "byline-outbox.h"
#include "byline-portal.h"
#include "byline-publisher.h"
#include "byline-wordpress.h"
#include "byline-test-util.h"
#include "byline-portal-test-util.h"

typedef enum
{
  FAULT_NONE,
  FAULT_RESET_AFTER_CREATE,
  FAULT_502_ONCE,
  FAULT_429,
  FAULT_429_ONCE,
  FAULT_MALFORMED,
  FAULT_HUGE,
  FAULT_HUGE_CHUNKED,
  FAULT_WRONG_TYPES,
  FAULT_SLOW,
} Fault;

typedef struct
{
  char          *dir;
  SoupServer    *server;
  char          *base;
  BylineStore   *store;
  BylineAccount *account;
  GPtrArray     *posts;
  Fault          fault;
  guint          creates;
  GPtrArray     *paused;
} Fixture;

static JsonNode *
parse_json (const char *text,
            gsize       length)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, length, &error);
  g_assert_no_error (error);
  return json_node_ref (json_parser_get_root (parser));
}

static void
reply_json (SoupServerMessage *msg,
            guint              status,
            const char        *json)
{
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY, json,
                                    strlen (json));
}

static char *
post_to_json (JsonObject *post)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);

  json_node_set_object (node, post);
  return json_to_string (node, FALSE);
}

static JsonObject *
make_post (Fixture    *f,
           JsonObject *sent,
           gint64      id)
{
  JsonObject *post = json_object_new ();
  JsonObject *title = json_object_new ();
  JsonObject *content = json_object_new ();
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *modified = g_date_time_format (now, "%Y-%m-%dT%H:%M:%S");
  g_autofree char *link = g_strdup_printf ("%s?p=%" G_GINT64_FORMAT, f->base, id);

  json_object_set_int_member (post, "id", id);
  json_object_set_string_member (post, "link", link);
  json_object_set_string_member (post, "status",
                                 json_object_get_string_member_with_default (sent, "status",
                                                                             "publish"));
  json_object_set_string_member (title, "raw",
                                 json_object_get_string_member_with_default (sent, "title", ""));
  json_object_set_object_member (post, "title", title);
  json_object_set_string_member (content, "raw",
                                 json_object_get_string_member_with_default (sent, "content",
                                                                             ""));
  json_object_set_object_member (post, "content", content);
  json_object_set_string_member (post, "modified_gmt", modified);
  json_object_set_null_member (post, "date_gmt");
  if (json_object_has_member (sent, "categories"))
    json_object_set_array_member (post, "categories",
                                  json_array_ref (json_object_get_array_member (sent,
                                                                                "categories")));
  json_object_set_int_member (post, "featured_media", 0);
  json_object_set_array_member (post, "meta", json_array_new ());
  return post;
}

static void
send_huge (SoupServerMessage *msg,
           gboolean           chunked)
{
  SoupMessageBody *body = soup_server_message_get_response_body (msg);
  g_autoptr(GString) chunk = g_string_new (NULL);
  g_autoptr(GString) all = g_string_new ("[");

  /* 10 MiB of well-formed terms. */
  while (chunk->len < 64 * 1024)
    g_string_append (chunk, "{\"id\":1,\"name\":\"创业创业创业创业创业创业\",\"slug\":\"x\"},");
  soup_server_message_set_status (msg, 200, NULL);
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Content-Type",
                                "application/json");
  if (chunked)
    soup_message_headers_set_encoding (soup_server_message_get_response_headers (msg),
                                       SOUP_ENCODING_CHUNKED);
  while (all->len < 10 * 1024 * 1024)
    g_string_append_len (all, chunk->str, chunk->len);
  g_string_append (all, "{\"id\":2,\"name\":\"end\"}]");
  soup_message_body_append (body, SOUP_MEMORY_COPY, all->str, all->len);
  if (chunked)
    soup_message_body_complete (body);
}

static void
handle_api (SoupServer        *server,
            SoupServerMessage *msg,
            const char        *path,
            GHashTable        *query,
            gpointer           user_data)
{
  Fixture *f = user_data;
  const char *method = soup_server_message_get_method (msg);
  const char *route = path + strlen ("/wp-json/");
  const char *auth = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                   "Authorization");
  g_autofree char *expected = NULL;
  g_autofree char *encoded = g_base64_encode ((const guchar *) "editor:fake fake fake",
                                              strlen ("editor:fake fake fake"));

  /* Like WordPress: a wrong password makes the request anonymous. */
  expected = g_strdup_printf ("Basic %s", encoded);
  if (g_strcmp0 (auth, expected) != 0 && g_str_equal (route, "wp/v2/users/me"))
    {
      reply_json (msg, 401, "{\"code\":\"rest_not_logged_in\",\"message\":\"未登录\","
                            "\"data\":{\"status\":401}}");
      return;
    }

  if (g_str_equal (route, ""))
    {
      reply_json (msg, 200, "{\"name\":\"假门户\",\"namespaces\":[\"wp/v2\"]}");
      return;
    }
  if (g_str_equal (route, "wp/v2/users/me"))
    {
      if (f->fault == FAULT_WRONG_TYPES)
        reply_json (msg, 200, "{\"id\":1,\"name\":[\"编辑\"],\"roles\":\"editor\"}");
      else
        reply_json (msg, 200, "{\"id\":1,\"name\":\"编辑\",\"roles\":[\"editor\"],"
                              "\"capabilities\":{\"manage_categories\":true}}");
      return;
    }
  if (g_str_equal (route, "wp/v2/posts") && g_str_equal (method, "OPTIONS"))
    {
      reply_json (msg, 200, "{\"schema\":{\"properties\":{\"meta\":{\"properties\":{}}}}}");
      return;
    }
  if (g_str_equal (route, "wp/v2/categories"))
    {
      switch (f->fault)
        {
        case FAULT_MALFORMED:
          reply_json (msg, 200, "[{\"id\":2,\"name\":\"创业\"");
          return;
        case FAULT_HUGE:
        case FAULT_HUGE_CHUNKED:
          send_huge (msg, f->fault == FAULT_HUGE_CHUNKED);
          return;
        case FAULT_WRONG_TYPES:
          reply_json (msg, 200, "[{\"id\":\"2\",\"name\":5}]");
          return;
        case FAULT_SLOW:
          /* Never answered until the test ends. */
          soup_server_message_pause (msg);
          g_ptr_array_add (f->paused, g_object_ref (msg));
          return;
        case FAULT_NONE:
        case FAULT_RESET_AFTER_CREATE:
        case FAULT_502_ONCE:
        case FAULT_429:
        case FAULT_429_ONCE:
        default:
          break;
        }
      soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                    "X-WP-TotalPages", "1");
      reply_json (msg, 200, "[{\"id\":2,\"name\":\"创业\",\"slug\":\"cy\",\"parent\":0,"
                            "\"count\":0}]");
      return;
    }
  if (g_str_equal (route, "wp/v2/posts") && g_str_equal (method, "GET"))
    {
      const char *search = query != NULL ? g_hash_table_lookup (query, "search") : NULL;
      g_autoptr(GString) out = g_string_new ("[");

      for (guint i = 0; i < f->posts->len; i++)
        {
          JsonObject *post = g_ptr_array_index (f->posts, i);
          g_autofree char *json = NULL;
          const char *content = json_object_get_string_member (
            json_object_get_object_member (post, "content"), "raw");
          const char *title = json_object_get_string_member (
            json_object_get_object_member (post, "title"), "raw");

          if (search != NULL && strstr (content, search) == NULL && strstr (title, search) == NULL)
            continue;
          json = post_to_json (post);
          if (out->len > 1)
            g_string_append_c (out, ',');
          g_string_append (out, json);
        }
      g_string_append_c (out, ']');
      reply_json (msg, 200, out->str);
      return;
    }
  if (g_str_equal (route, "wp/v2/posts") && g_str_equal (method, "POST"))
    {
      SoupMessageBody *body = soup_server_message_get_request_body (msg);
      g_autoptr(GBytes) bytes = soup_message_body_flatten (body);
      g_autoptr(JsonNode) sent = parse_json (g_bytes_get_data (bytes, NULL),
                                             g_bytes_get_size (bytes));
      JsonObject *post;
      g_autofree char *json = NULL;

      f->creates++;
      if (f->fault == FAULT_502_ONCE && f->creates == 1)
        {
          soup_server_message_set_status (msg, 502, NULL);
          soup_server_message_set_response (msg, "text/html", SOUP_MEMORY_STATIC,
                                            "<html>Bad Gateway</html>", 24);
          return;
        }
      if (f->fault == FAULT_429 || (f->fault == FAULT_429_ONCE && f->creates == 1))
        {
          soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                        "Retry-After",
                                        f->fault == FAULT_429 ? "120" : "1");
          reply_json (msg, 429, "{\"code\":\"too_many\",\"message\":\"慢一点\","
                                "\"data\":{\"status\":429}}");
          return;
        }

      post = make_post (f, json_node_get_object (sent), 100 + f->posts->len);
      g_ptr_array_add (f->posts, post);
      json = post_to_json (post);

      if (f->fault == FAULT_RESET_AFTER_CREATE && f->creates == 1)
        {
          /* The post exists, but its answer never leaves the server. */
          g_autoptr(GIOStream) stream = soup_server_message_steal_connection (msg);

          g_io_stream_close (stream, NULL, NULL);
          return;
        }
      reply_json (msg, 201, json);
      return;
    }
  if (g_str_has_prefix (route, "wp/v2/posts/"))
    {
      gint64 id = g_ascii_strtoll (route + strlen ("wp/v2/posts/"), NULL, 10);

      for (guint i = 0; i < f->posts->len; i++)
        {
          JsonObject *post = g_ptr_array_index (f->posts, i);
          g_autofree char *json = NULL;

          if (json_object_get_int_member (post, "id") != id)
            continue;
          if (g_str_equal (method, "POST"))
            {
              SoupMessageBody *body = soup_server_message_get_request_body (msg);
              g_autoptr(GBytes) bytes = soup_message_body_flatten (body);
              g_autoptr(JsonNode) sent = parse_json (g_bytes_get_data (bytes, NULL),
                                                     g_bytes_get_size (bytes));

              post = make_post (f, json_node_get_object (sent), id);
              json_object_unref (g_ptr_array_index (f->posts, i));
              g_ptr_array_index (f->posts, i) = post;
            }
          json = post_to_json (post);
          reply_json (msg, 200, json);
          return;
        }
      reply_json (msg, 404, "{\"code\":\"rest_post_invalid_id\",\"message\":\"无效\","
                            "\"data\":{\"status\":404}}");
      return;
    }

  reply_json (msg, 404, "{\"code\":\"rest_no_route\",\"message\":\"no\",\"data\":{}}");
}

static void
handle_home (SoupServer        *server,
             SoupServerMessage *msg,
             const char        *path,
             GHashTable        *query,
             gpointer           user_data)
{
  Fixture *f = user_data;
  g_autofree char *link = g_strdup_printf ("<%swp-json/>; rel=\"https://api.w.org/\"", f->base);

  soup_message_headers_append (soup_server_message_get_response_headers (msg), "Link", link);
  soup_server_message_set_status (msg, 200, NULL);
  soup_server_message_set_response (msg, "text/html", SOUP_MEMORY_STATIC, "<html></html>", 13);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoslist(GUri) uris = NULL;

  f->dir = byline_test_make_dir ("faults");
  f->posts = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  f->paused = g_ptr_array_new_with_free_func (g_object_unref);
  f->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (f->server, "/wp-json", handle_api, f, NULL);
  soup_server_add_handler (f->server, "/", handle_home, f, NULL);
  soup_server_listen_local (f->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (f->server);
  f->base = g_uri_to_string (uris->data);

  f->store = byline_store_open (f->dir, &error);
  g_assert_no_error (error);
  byline_accounts_add_async (f->store, "假门户", f->base, "editor", "fake fake fake", NULL,
                             byline_test_result_cb, &result);
  f->account = byline_accounts_add_finish (f->store, byline_test_wait (&result), &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  for (guint i = 0; i < f->paused->len; i++)
    soup_server_message_unpause (g_ptr_array_index (f->paused, i));
  g_clear_pointer (&f->paused, g_ptr_array_unref);
  g_clear_object (&f->account);
  g_assert_finalize_object (f->store);
  soup_server_disconnect (f->server);
  g_clear_object (&f->server);
  g_clear_pointer (&f->posts, g_ptr_array_unref);
  g_free (f->base);
  byline_test_remove_tree (f->dir);
  g_free (f->dir);
}

static BylinePublisher *
make_publisher (Fixture *f)
{
  g_autoptr(BylinePortal) portal = byline_account_create_portal (f->account, "fake fake fake");

  return byline_publisher_new (f->store, f->account, portal);
}

static BylineArticle *
make_article (Fixture *f)
{
  BylineArticle *article = byline_article_new ();
  g_autoptr(GError) error = NULL;

  byline_article_set_title (article, "故障测试");
  byline_article_set_body (article, "## 小标题\n\n正文。\n");
  byline_article_set_source (article, "界面新闻");
  byline_article_set_category (article, "创业");
  byline_store_save (f->store, article, &error);
  g_assert_no_error (error);
  return article;
}

static BylineArticle *
publish_sync (BylinePublisher  *publisher,
              BylineArticle    *article,
              GError          **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  byline_publisher_publish_async (publisher, article, BYLINE_PUBLISH_FLAGS_NONE, NULL,
                                  byline_test_result_cb, &result);
  return byline_publisher_publish_finish (publisher, byline_test_wait (&result), error);
}

static BylineArticle *
reload (Fixture       *f,
        BylineArticle *article)
{
  g_autoptr(GError) error = NULL;
  BylineArticle *stored = byline_store_load (f->store, byline_article_get_id (article), &error);

  g_assert_no_error (error);
  return stored;
}

static void
test_reset_adopts (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(BylinePublisher) publisher = make_publisher (f);
  g_autoptr(BylineArticle) article = make_article (f);
  g_autoptr(BylineArticle) queued = NULL;
  g_autoptr(BylineArticle) result = NULL;
  g_autoptr(BylineArticle) retried = NULL;
  g_autoptr(GError) error = NULL;

  f->fault = FAULT_RESET_AFTER_CREATE;
  result = publish_sync (publisher, article, &error);
  g_assert_null (result);
  g_assert_error (error, BYLINE_PUBLISH_ERROR, BYLINE_PUBLISH_ERROR_QUEUED);
  g_assert_cmpuint (f->posts->len, ==, 1);

  queued = reload (f, article);
  g_assert_cmpint (byline_article_get_state (queued), ==, BYLINE_ARTICLE_STATE_QUEUED);
  g_assert_cmpstr (byline_article_get_body (queued), ==, byline_article_get_body (article));
  g_assert_cmpint (byline_outbox_get_next_attempt (f->store, byline_article_get_id (article),
                                                   NULL), >, 0);

  /* The retry finds the marker and updates that post: still one post. */
  g_clear_error (&error);
  retried = publish_sync (publisher, queued, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (f->posts->len, ==, 1);
  g_assert_cmpuint (f->creates, ==, 1);
  g_assert_cmpint (byline_article_get_remote_id (retried), ==, 100);
  g_assert_cmpint (byline_article_get_state (retried), ==, BYLINE_ARTICLE_STATE_PUBLISHED);
  g_assert_cmpint (byline_outbox_get_next_attempt (f->store, byline_article_get_id (article),
                                                   NULL), ==, 0);
}

static void
test_502_then_success (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(BylinePublisher) publisher = make_publisher (f);
  g_autoptr(BylineArticle) article = make_article (f);
  g_autoptr(BylineArticle) queued = NULL;
  g_autoptr(BylineArticle) result = NULL;
  g_autoptr(BylineArticle) retried = NULL;
  g_autoptr(GError) error = NULL;
  int attempts = 0;

  f->fault = FAULT_502_ONCE;
  result = publish_sync (publisher, article, &error);
  g_assert_null (result);
  g_assert_error (error, BYLINE_PUBLISH_ERROR, BYLINE_PUBLISH_ERROR_QUEUED);
  g_assert_cmpuint (f->posts->len, ==, 0);
  g_assert_cmpint (byline_outbox_get_next_attempt (f->store, byline_article_get_id (article),
                                                   &attempts), >, 0);
  g_assert_cmpint (attempts, ==, 1);
  queued = reload (f, article);
  g_assert_nonnull (strstr (byline_article_get_failure_reason (queued), "502"));

  g_clear_error (&error);
  retried = publish_sync (publisher, queued, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (f->posts->len, ==, 1);
  g_assert_cmpint (byline_article_get_state (retried), ==, BYLINE_ARTICLE_STATE_PUBLISHED);
}

static void
test_429_retry_after (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(BylinePublisher) publisher = make_publisher (f);
  g_autoptr(BylineArticle) article = make_article (f);
  g_autoptr(BylineArticle) result = NULL;
  g_autoptr(GError) error = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  gint64 next;

  f->fault = FAULT_429;
  result = publish_sync (publisher, article, &error);
  g_assert_null (result);
  g_assert_error (error, BYLINE_PUBLISH_ERROR, BYLINE_PUBLISH_ERROR_QUEUED);
  next = byline_outbox_get_next_attempt (f->store, byline_article_get_id (article), NULL);
  /* Retry-After: 120 is honoured rather than the shorter first backoff. */
  g_assert_cmpint (next, >=, now + 119);
  g_assert_cmpint (next, <=, now + 125);
}

static GPtrArray *
list_categories (Fixture       *f,
                 GCancellable  *cancellable,
                 GError       **error)
{
  g_autoptr(BylinePortal) portal = byline_account_create_portal (f->account, "fake fake fake");
  g_autoptr(GAsyncResult) result = NULL;

  byline_portal_list_terms_async (portal, "categories", cancellable, byline_test_result_cb,
                                  &result);
  return byline_portal_list_terms_finish (portal, byline_test_wait (&result), error);
}

static void
test_malformed (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GPtrArray) terms = NULL;
  g_autoptr(GError) error = NULL;

  f->fault = FAULT_MALFORMED;
  terms = list_categories (f, NULL, &error);
  g_assert_null (terms);
  g_assert_error (error, BYLINE_PORTAL_ERROR, BYLINE_PORTAL_ERROR_MALFORMED);
  g_assert_false (byline_portal_error_is_retryable (error));
}

static void
test_huge (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(GPtrArray) terms = NULL;
  g_autoptr(GError) error = NULL;

  f->fault = GPOINTER_TO_INT (data);
  terms = list_categories (f, NULL, &error);
  g_assert_null (terms);
  g_assert_error (error, BYLINE_PORTAL_ERROR, BYLINE_PORTAL_ERROR_TOO_LARGE);
}

static void
test_wrong_types (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GPtrArray) terms = NULL;
  g_autoptr(BylinePortal) portal = byline_account_create_portal (f->account, "fake fake fake");
  g_autoptr(BylinePortalSite) site = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  f->fault = FAULT_WRONG_TYPES;
  terms = list_categories (f, NULL, &error);
  g_assert_null (terms);
  g_assert_error (error, BYLINE_PORTAL_ERROR, BYLINE_PORTAL_ERROR_MALFORMED);
  g_clear_error (&error);

  byline_portal_connect_async (portal, NULL, byline_test_result_cb, &result);
  site = byline_portal_connect_finish (portal, byline_test_wait (&result), &error);
  g_assert_null (site);
  g_assert_error (error, BYLINE_PORTAL_ERROR, BYLINE_PORTAL_ERROR_MALFORMED);
}

static gboolean
cancel_cb (gpointer user_data)
{
  g_cancellable_cancel (user_data);
  return G_SOURCE_REMOVE;
}

static void
test_slow_cancelled (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GPtrArray) terms = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();

  f->fault = FAULT_SLOW;
  g_timeout_add (200, cancel_cb, cancellable);
  terms = list_categories (f, cancellable, &error);
  g_assert_null (terms);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 5 * G_USEC_PER_SEC);
  g_assert_cmpuint (f->paused->len, ==, 1);
}

/* The editor clicks Publish while the outbox is sending the same draft:
 * the second publish stops at once, and the first one's end frees the
 * draft for the next. */
static void
test_publish_twice_at_once (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(BylinePublisher) publisher = make_publisher (f);
  g_autoptr(BylinePublisher) other = make_publisher (f);
  g_autoptr(BylineArticle) article = make_article (f);
  g_autoptr(BylineArticle) result = NULL;
  g_autoptr(BylineArticle) second = NULL;
  g_autoptr(BylineArticle) stored = NULL;
  g_autoptr(BylineArticle) later = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) async_result = NULL;
  g_autoptr(GError) error = NULL;

  f->fault = FAULT_SLOW;
  byline_publisher_publish_async (publisher, article, BYLINE_PUBLISH_FLAGS_NONE, cancellable,
                                  byline_test_result_cb, &async_result);

  second = publish_sync (other, article, &error);
  g_assert_null (second);
  g_assert_error (error, BYLINE_PUBLISH_ERROR, BYLINE_PUBLISH_ERROR_BUSY);
  g_clear_error (&error);
  stored = reload (f, article);
  g_assert_true (byline_article_equal_content (stored, article));
  g_assert_cmpint (byline_article_get_state (stored), ==, byline_article_get_state (article));

  g_cancellable_cancel (cancellable);
  result = byline_publisher_publish_finish (publisher, byline_test_wait (&async_result), &error);
  g_assert_null (result);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_assert_cmpuint (f->posts->len, ==, 0);

  /* Once the first publish is over, the draft can go. */
  g_clear_object (&async_result);
  f->fault = FAULT_NONE;
  later = publish_sync (other, article, &error);
  g_assert_no_error (error);
  g_assert_cmpint (byline_article_get_state (later), ==, BYLINE_ARTICLE_STATE_PUBLISHED);
  g_assert_cmpuint (f->posts->len, ==, 1);
}

static void
test_slow_publish_cancelled (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(BylinePublisher) publisher = make_publisher (f);
  g_autoptr(BylineArticle) article = make_article (f);
  g_autoptr(BylineArticle) result = NULL;
  g_autoptr(BylineArticle) stored = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) async_result = NULL;
  g_autoptr(GError) error = NULL;

  /* The categories never come: the editor cancels the publish. */
  f->fault = FAULT_SLOW;
  g_timeout_add (200, cancel_cb, cancellable);
  byline_publisher_publish_async (publisher, article, BYLINE_PUBLISH_FLAGS_NONE, cancellable,
                                  byline_test_result_cb, &async_result);
  result = byline_publisher_publish_finish (publisher, byline_test_wait (&async_result), &error);
  g_assert_null (result);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);

  /* A cancelled publish leaves the draft as it was. */
  stored = reload (f, article);
  g_assert_true (byline_article_equal_content (stored, article));
  g_assert_cmpuint (f->posts->len, ==, 0);
}

static void
cancel_when_sent_cb (BylinePublisher *publisher,
                     GParamSpec      *pspec,
                     GCancellable    *cancellable)
{
  /* 0.99: the portal answered; the outcome is being written. */
  if (byline_publisher_get_progress (publisher) >= 0.99)
    g_cancellable_cancel (cancellable);
}

/* A cancel that comes once the post exists is too late to undo it: the
 * publish still reports the post, and only after the draft records it. */
static void
test_cancel_while_recording (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(BylinePublisher) publisher = make_publisher (f);
  g_autoptr(BylineArticle) article = make_article (f);
  g_autoptr(BylineArticle) result = NULL;
  g_autoptr(BylineArticle) stored = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) async_result = NULL;
  g_autoptr(GError) error = NULL;

  g_signal_connect (publisher, "notify::progress", G_CALLBACK (cancel_when_sent_cb),
                    cancellable);
  byline_publisher_publish_async (publisher, article, BYLINE_PUBLISH_FLAGS_NONE, cancellable,
                                  byline_test_result_cb, &async_result);
  result = byline_publisher_publish_finish (publisher, byline_test_wait (&async_result), &error);
  g_assert_true (g_cancellable_is_cancelled (cancellable));
  g_assert_no_error (error);
  g_assert_cmpint (byline_article_get_state (result), ==, BYLINE_ARTICLE_STATE_PUBLISHED);
  g_assert_cmpuint (f->posts->len, ==, 1);

  stored = reload (f, article);
  g_assert_cmpint (byline_article_get_state (stored), ==, BYLINE_ARTICLE_STATE_PUBLISHED);
  g_assert_cmpint (byline_article_get_remote_id (stored), ==, 100);
  g_assert_cmpfloat (byline_publisher_get_progress (publisher), ==, 1.0);
  g_signal_handlers_disconnect_by_data (publisher, cancellable);
}

/* A picture on another site whose answer declares 10 GiB: refused when
 * its headers arrive, not after reading it. */
static void
serve_huge_image (SoupServer        *server,
                  SoupServerMessage *msg,
                  const char        *path,
                  GHashTable        *query,
                  gpointer           user_data)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  static const char start[] = "\x89PNG\r\n\x1a\n";

  soup_server_message_set_status (msg, 200, NULL);
  soup_message_headers_replace (headers, "Content-Type", "image/png");
  soup_message_headers_set_encoding (headers, SOUP_ENCODING_CONTENT_LENGTH);
  soup_message_headers_set_content_length (headers, (goffset) 10 * 1024 * 1024 * 1024);
  soup_message_body_append (soup_server_message_get_response_body (msg), SOUP_MEMORY_STATIC,
                            start, sizeof start - 1);
}

static void
test_huge_remote_image (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(BylinePublisher) publisher = make_publisher (f);
  g_autoptr(BylineArticle) article = make_article (f);
  g_autoptr(BylineArticle) result = NULL;
  g_autoptr(BylineArticle) stored = NULL;
  g_autoptr(SoupServer) images = soup_server_new (NULL, NULL);
  g_autoslist(GUri) uris = NULL;
  g_autofree char *base = NULL;
  g_autofree char *body = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();

  soup_server_add_handler (images, "/huge.png", serve_huge_image, NULL, NULL);
  soup_server_listen_local (images, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (images);
  base = g_uri_to_string (uris->data);

  body = g_strdup_printf ("## 小标题\n\n正文。\n\n![](%shuge.png)\n", base);
  byline_article_set_body (article, body);
  byline_store_save (f->store, article, &error);
  g_assert_no_error (error);

  result = publish_sync (publisher, article, &error);
  g_assert_null (result);
  g_assert_error (error, BYLINE_PUBLISH_ERROR, BYLINE_PUBLISH_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "32 MiB"));
  g_test_message ("refused after %.0f ms", (g_get_monotonic_time () - start) / 1000.0);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 20 * G_USEC_PER_SEC);

  /* Nothing was posted, and the draft is as it was. */
  g_assert_cmpuint (f->posts->len, ==, 0);
  stored = reload (f, article);
  g_assert_cmpstr (byline_article_get_body (stored), ==, body);

  soup_server_disconnect (images);
}

static void
test_keyring (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GAsyncResult) result2 = NULL;
  g_autoptr(GAsyncResult) result3 = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) accounts = NULL;
  g_autoptr(BylineAccount) refused = NULL;
  g_autofree char *password = NULL;
  g_autofree char *gone = NULL;

  /* The fixture's account keeps its password in the Secret Service. */
  byline_account_lookup_password_async (f->account, NULL, byline_test_result_cb, &result);
  password = byline_account_lookup_password_finish (f->account, byline_test_wait (&result),
                                                    &error);
  g_assert_no_error (error);
  g_assert_cmpstr (password, ==, "fake fake fake");

  /* A wrong password is caught when the account is added; nothing is kept. */
  byline_accounts_add_async (f->store, "错误", f->base, "editor", "wrong", NULL,
                             byline_test_result_cb, &result2);
  refused = byline_accounts_add_finish (f->store, byline_test_wait (&result2), &error);
  g_assert_null (refused);
  g_assert_error (error, BYLINE_PORTAL_ERROR, BYLINE_PORTAL_ERROR_AUTH);
  g_clear_error (&error);
  accounts = byline_accounts_list (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (accounts->len, ==, 1);

  /* Removing the account removes its password. */
  g_assert_true (byline_accounts_remove (f->store, f->account, &error));
  g_assert_no_error (error);
  /* The clear runs asynchronously; the lookup after it on the same bus
   * is answered in order. */
  byline_account_lookup_password_async (f->account, NULL, byline_test_result_cb, &result3);
  gone = byline_account_lookup_password_finish (f->account, byline_test_wait (&result3),
                                                &error);
  g_assert_null (gone);
  g_assert_error (error, BYLINE_ACCOUNTS_ERROR, BYLINE_ACCOUNTS_ERROR_NO_PASSWORD);
}

static void
outbox_published_cb (BylineOutbox  *outbox,
                     const char    *draft_id,
                     const char    *link,
                     BylineArticle *article,
                     char         **out)
{
  /* The draft as recorded comes along, with the post's id and link. */
  g_assert_cmpstr (byline_article_get_id (article), ==, draft_id);
  g_assert_cmpstr (byline_article_get_remote_url (article), ==, link);
  g_assert_cmpint (byline_article_get_state (article), ==, BYLINE_ARTICLE_STATE_PUBLISHED);
  *out = g_strdup (link);
}

/* Publishes @article while the portal answers 429 (@fault), which leaves it
 * waiting in the outbox. */
static void
publish_into_outbox (Fixture       *f,
                     BylineArticle *article,
                     Fault          fault)
{
  g_autoptr(BylinePublisher) publisher = make_publisher (f);
  g_autoptr(BylineArticle) result = NULL;
  g_autoptr(GError) error = NULL;

  f->fault = fault;
  result = publish_sync (publisher, article, &error);
  g_assert_error (error, BYLINE_PUBLISH_ERROR, BYLINE_PUBLISH_ERROR_QUEUED);
  g_assert_cmpuint (byline_outbox_count (f->store), ==, 1);
}

/* The outbox reports on this thread's main context: runs it until the
 * handler the test connected fills *@out, then stops @outbox. */
static void
wait_for_outbox (BylineOutbox  *outbox,
                 char         **out)
{
  gint64 deadline = g_get_monotonic_time () + 15 * G_USEC_PER_SEC;

  while (*out == NULL && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_nonnull (*out);
  byline_outbox_stop (outbox);
}

static void
test_outbox_retries (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(BylineArticle) article = make_article (f);
  g_autoptr(BylineArticle) stored = NULL;
  g_autoptr(BylineOutbox) outbox = byline_outbox_new (f->store);
  g_autofree char *link = NULL;

  publish_into_outbox (f, article, FAULT_429_ONCE);

  /* Retry-After: 1, then the outbox sends it again by itself. */
  g_signal_connect (outbox, "published", G_CALLBACK (outbox_published_cb), &link);
  byline_outbox_start (outbox);
  wait_for_outbox (outbox, &link);

  g_assert_cmpuint (f->posts->len, ==, 1);
  g_assert_cmpuint (byline_outbox_count (f->store), ==, 0);
  stored = reload (f, article);
  g_assert_cmpint (byline_article_get_state (stored), ==, BYLINE_ARTICLE_STATE_PUBLISHED);
  g_assert_cmpstr (byline_article_get_remote_url (stored), ==, link);
}

static void
outbox_failed_cb (BylineOutbox  *outbox,
                  const char    *draft_id,
                  const char    *reason,
                  char         **out)
{
  *out = g_strdup (reason);
}

/* A queued draft the editor emptied meanwhile cannot go: Failed with the
 * reason, out of the outbox, and said so once that is on disk. */
static void
test_outbox_invalid (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(BylineArticle) article = make_article (f);
  g_autoptr(BylineArticle) stored = NULL;
  g_autoptr(BylineArticle) queued = NULL;
  g_autoptr(BylineOutbox) outbox = byline_outbox_new (f->store);
  g_autoptr(GError) error = NULL;
  g_autofree char *reason = NULL;

  publish_into_outbox (f, article, FAULT_429);
  queued = reload (f, article);
  byline_article_set_title (queued, "");
  byline_store_save (f->store, queued, &error);
  g_assert_no_error (error);

  g_signal_connect (outbox, "failed", G_CALLBACK (outbox_failed_cb), &reason);
  byline_outbox_start (outbox);
  byline_outbox_retry_now (outbox);
  wait_for_outbox (outbox, &reason);

  g_assert_cmpuint (byline_outbox_count (f->store), ==, 0);
  stored = reload (f, article);
  g_assert_cmpint (byline_article_get_state (stored), ==, BYLINE_ARTICLE_STATE_FAILED);
  g_assert_cmpstr (byline_article_get_failure_reason (stored), ==, reason);
  g_assert_cmpstr (byline_article_get_body (stored), ==, byline_article_get_body (article));
  /* The editor's change stays. */
  g_assert_true (byline_article_get_title (stored) == NULL
                 || *byline_article_get_title (stored) == '\0');
  g_assert_cmpuint (f->posts->len, ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  /* Passwords go to the throw-away keyring of tests/run-with-keyring.sh. */
  g_assert_null (g_getenv (BYLINE_PORTAL_PASSWORD_ENV));
  g_assert_nonnull (g_getenv ("DBUS_SESSION_BUS_ADDRESS"));

  g_test_add ("/byline/portal/accounts/keyring", Fixture, NULL, fixture_set_up,
              test_keyring, fixture_tear_down);
  g_test_add ("/byline/portal/faults/reset-after-create", Fixture, NULL, fixture_set_up,
              test_reset_adopts, fixture_tear_down);
  g_test_add ("/byline/portal/faults/502-then-success", Fixture, NULL, fixture_set_up,
              test_502_then_success, fixture_tear_down);
  g_test_add ("/byline/portal/faults/429-retry-after", Fixture, NULL, fixture_set_up,
              test_429_retry_after, fixture_tear_down);
  g_test_add ("/byline/portal/outbox/retry-after", Fixture, NULL, fixture_set_up,
              test_outbox_retries, fixture_tear_down);
  g_test_add ("/byline/portal/outbox/invalid", Fixture, NULL, fixture_set_up,
              test_outbox_invalid, fixture_tear_down);
  g_test_add ("/byline/portal/faults/cancel-while-recording", Fixture, NULL, fixture_set_up,
              test_cancel_while_recording, fixture_tear_down);
  g_test_add ("/byline/portal/faults/huge-remote-image", Fixture, NULL, fixture_set_up,
              test_huge_remote_image, fixture_tear_down);
  g_test_add ("/byline/portal/faults/malformed", Fixture, NULL, fixture_set_up,
              test_malformed, fixture_tear_down);
  g_test_add ("/byline/portal/faults/huge", Fixture, GINT_TO_POINTER (FAULT_HUGE),
              fixture_set_up, test_huge, fixture_tear_down);
  g_test_add ("/byline/portal/faults/huge-chunked", Fixture,
              GINT_TO_POINTER (FAULT_HUGE_CHUNKED), fixture_set_up, test_huge,
              fixture_tear_down);
  g_test_add ("/byline/portal/faults/wrong-types", Fixture, NULL, fixture_set_up,
              test_wrong_types, fixture_tear_down);
  g_test_add ("/byline/portal/faults/slow-cancelled", Fixture, NULL, fixture_set_up,
              test_slow_cancelled, fixture_tear_down);
  g_test_add ("/byline/portal/faults/publish-twice-at-once", Fixture, NULL, fixture_set_up,
              test_publish_twice_at_once, fixture_tear_down);
  g_test_add ("/byline/portal/faults/slow-publish-cancelled", Fixture, NULL, fixture_set_up,
              test_slow_publish_cancelled, fixture_tear_down);

  return g_test_run ();
}
