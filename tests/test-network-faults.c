/* test-network-faults.c: publish and update many articles through a relay
 * that breaks about a third of the requests, and check that the portal
 * ends up with each article exactly once, each update present, and each
 * picture uploaded once
 *
 * The relay (on 127.0.0.1, in front of the real WordPress of
 * build-aux/wordpress.sh) chooses per request, from a seeded random
 * generator: pass through, reset before forwarding, reset after forwarding
 * (the portal did the work, Byline never hears of it), answer after Byline's
 * timeout, answer 502, 503 or 429 itself, or cut the answer's body short.
 *
 * BYLINE_FAULT_ARTICLES, BYLINE_FAULT_UPDATES, BYLINE_FAULT_RATE (percent)
 * and BYLINE_FAULT_SEED change the run (bench/fault-soak runs 200 and 50).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <sys/socket.h>

#include "byline.h"
#include "byline-accounts.h"
#include "byline-portal.h"
#include "byline-publisher.h"
#include "byline-render.h"
#include "byline-session.h"
#include "byline-wordpress.h"
#include "byline-test-util.h"
#include "byline-portal-test-util.h"

typedef enum
{
  FAULT_PASS,
  FAULT_RESET_BEFORE,
  FAULT_RESET_AFTER,
  FAULT_DELAY,
  FAULT_502,
  FAULT_503,
  FAULT_429,
  FAULT_TRUNCATE,
  N_FAULTS
} Fault;

static const char * const fault_names[] = {
  "passed", "reset before", "reset after", "delayed past timeout", "502", "503", "429",
  "truncated",
};

/* Byline's session timeout is shortened for the run, so that a delayed
 * answer costs seconds rather than a minute; the mechanism is the same. */
#define TEST_TIMEOUT_SECONDS 3
#define DELAY_SECONDS (TEST_TIMEOUT_SECONDS + 2)
#define IN_FLIGHT 3
#define MAX_ROUNDS 25

typedef struct
{
  GMutex    lock;
  GRand    *rand;
  guint     rate;       /* percent of requests faulted */
  gboolean  enabled;
  guint     counts[N_FAULTS];
  guint16   upstream_port;
} Relay;

static Relay relay;
static BylineTestPortal portal;
static BylineStore *store;
static BylineAccount *account;
static char *proxy_base;
static char run_id[9];

static Fault
choose_fault (void)
{
  Fault fault = FAULT_PASS;

  g_mutex_lock (&relay.lock);
  if (relay.enabled && (guint) g_rand_int_range (relay.rand, 0, 100) < relay.rate)
    fault = g_rand_int_range (relay.rand, FAULT_RESET_BEFORE, N_FAULTS);
  relay.counts[fault]++;
  g_mutex_unlock (&relay.lock);
  return fault;
}

static void
reset_connection (GSocketConnection *connection)
{
  GSocket *socket = g_socket_connection_get_socket (connection);
  struct linger hard = { 1, 0 };

  /* A zero linger makes close() send RST rather than FIN. */
  setsockopt (g_socket_get_fd (socket), SOL_SOCKET, SO_LINGER, &hard, sizeof hard);
  g_socket_close (socket, NULL);
}

/* Reads one request: the head, and the body by its Content-Length. */
static GByteArray *
read_request (GInputStream *in)
{
  GByteArray *request = g_byte_array_new ();
  guint8 buffer[16384];
  gssize n;
  gsize head_end = 0;
  gsize content_length = 0;

  while (head_end == 0)
    {
      n = g_input_stream_read (in, buffer, sizeof buffer, NULL, NULL);
      if (n <= 0)
        {
          g_byte_array_unref (request);
          return NULL;
        }
      g_byte_array_append (request, buffer, n);
      for (gsize i = 3; i < request->len; i++)
        if (memcmp (request->data + i - 3, "\r\n\r\n", 4) == 0)
          {
            head_end = i + 1;
            break;
          }
    }
  {
    g_autofree char *head = g_strndup ((const char *) request->data, head_end);
    g_autofree char *lower = g_ascii_strdown (head, -1);
    const char *found = strstr (lower, "\r\ncontent-length:");

    if (found != NULL)
      content_length = g_ascii_strtoull (found + strlen ("\r\ncontent-length:"), NULL, 10);
  }
  while (request->len < head_end + content_length)
    {
      n = g_input_stream_read (in, buffer, sizeof buffer, NULL, NULL);
      if (n <= 0)
        break;
      g_byte_array_append (request, buffer, n);
    }
  return request;
}

/* The head with its Connection header replaced by "close", so that every
 * exchange is one request on one connection. */
static GByteArray *
close_after (const guint8 *data,
             gsize         length,
             gsize        *head_length)
{
  GByteArray *out = g_byte_array_new ();
  gsize end = 0;
  g_autofree char *head = NULL;
  g_auto(GStrv) lines = NULL;

  for (gsize i = 3; i < length && end == 0; i++)
    if (memcmp (data + i - 3, "\r\n\r\n", 4) == 0)
      end = i + 1;
  if (end == 0)
    end = length;
  head = g_strndup ((const char *) data, end);
  lines = g_strsplit (head, "\r\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (*lines[i] == '\0' || g_ascii_strncasecmp (lines[i], "connection:", 11) == 0
          || g_ascii_strncasecmp (lines[i], "keep-alive:", 11) == 0)
        continue;
      g_byte_array_append (out, (const guint8 *) lines[i], strlen (lines[i]));
      g_byte_array_append (out, (const guint8 *) "\r\n", 2);
    }
  g_byte_array_append (out, (const guint8 *) "Connection: close\r\n\r\n", 21);
  *head_length = end;
  return out;
}

static gboolean
relay_run_cb (GThreadedSocketService *service,
              GSocketConnection      *connection,
              GObject                *source,
              gpointer                user_data)
{
  GInputStream *in = g_io_stream_get_input_stream (G_IO_STREAM (connection));
  GOutputStream *out = g_io_stream_get_output_stream (G_IO_STREAM (connection));
  g_autoptr(GByteArray) request = read_request (in);
  g_autoptr(GSocketClient) client = NULL;
  g_autoptr(GSocketConnection) upstream = NULL;
  g_autoptr(GByteArray) answer = NULL;
  g_autoptr(GByteArray) request_head = NULL;
  g_autoptr(GByteArray) answer_head = NULL;
  guint8 buffer[65536];
  gsize head_length = 0;
  gssize n;
  Fault fault;

  if (request == NULL)
    return TRUE;
  fault = choose_fault ();

  switch (fault)
    {
    case FAULT_RESET_BEFORE:
      reset_connection (connection);
      return TRUE;
    case FAULT_502:
    case FAULT_503:
    case FAULT_429:
      {
        static const char * const status_lines[] = {
          [FAULT_502] = "502 Bad Gateway", [FAULT_503] = "503 Service Unavailable",
          [FAULT_429] = "429 Too Many Requests",
        };
        static const char * const bodies[] = {
          [FAULT_502] = "<h1>Bad Gateway</h1>\n", [FAULT_503] = "",
          [FAULT_429] = "{\"code\":\"too_many\",\"message\":\"slow down\",\"data\":{}}",
        };
        g_autofree char *text = g_strdup_printf ("HTTP/1.1 %s\r\nContent-Type: %s\r\n"
                                                 "Retry-After: 1\r\nContent-Length: %zu\r\n"
                                                 "Connection: close\r\n\r\n%s",
                                                 status_lines[fault],
                                                 fault == FAULT_429 ? "application/json"
                                                                    : "text/html",
                                                 strlen (bodies[fault]), bodies[fault]);

        g_output_stream_write_all (out, text, strlen (text), NULL, NULL, NULL);
        g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
        return TRUE;
      }
    default:
      break;
    }

  /* Forward, then read the whole answer. */
  client = g_socket_client_new ();
  upstream = g_socket_client_connect_to_host (client, "127.0.0.1", relay.upstream_port, NULL,
                                              NULL);
  if (upstream == NULL)
    {
      reset_connection (connection);
      return TRUE;
    }
  request_head = close_after (request->data, request->len, &head_length);
  g_byte_array_append (request_head, request->data + head_length, request->len - head_length);
  g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (upstream)),
                             request_head->data, request_head->len, NULL, NULL, NULL);
  answer = g_byte_array_new ();
  while ((n = g_input_stream_read (g_io_stream_get_input_stream (G_IO_STREAM (upstream)),
                                   buffer, sizeof buffer, NULL, NULL)) > 0)
    g_byte_array_append (answer, buffer, n);
  g_io_stream_close (G_IO_STREAM (upstream), NULL, NULL);

  switch (fault)
    {
    case FAULT_RESET_AFTER:
      reset_connection (connection);
      return TRUE;
    case FAULT_DELAY:
      g_usleep (DELAY_SECONDS * G_USEC_PER_SEC);
      reset_connection (connection);
      return TRUE;
    default:
      break;
    }

  answer_head = close_after (answer->data, answer->len, &head_length);
  if (fault == FAULT_TRUNCATE)
    {
      /* The head as sent, and half the body. */
      g_byte_array_append (answer_head, answer->data + head_length,
                           (answer->len - head_length) / 2);
      g_output_stream_write_all (out, answer_head->data, answer_head->len, NULL, NULL, NULL);
      reset_connection (connection);
      return TRUE;
    }
  g_byte_array_append (answer_head, answer->data + head_length, answer->len - head_length);
  g_output_stream_write_all (out, answer_head->data, answer_head->len, NULL, NULL, NULL);
  g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
  return TRUE;
}

/* ------------------------------------------------------------------------ */

typedef struct
{
  char          *cover;
  char          *draft_id;
  char          *title;
  gboolean       done;
  gboolean       updating;
  guint          attempts;
  char          *last_error;
} Item;

typedef struct
{
  GPtrArray *items;
  guint      next;
  guint      running;
  guint      conflicts;
  guint      duplicates_refused;
} Round;

static void item_start (Round *round);

static void
item_free (Item *item)
{
  g_free (item->cover);
  g_free (item->draft_id);
  g_free (item->title);
  g_free (item->last_error);
  g_free (item);
}

typedef struct
{
  Round           *round;
  Item            *item;
  BylinePublisher *publisher;
} Job;

static void
publish_done_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Job *job = user_data;
  g_autoptr(BylineArticle) published = NULL;
  g_autoptr(GError) error = NULL;

  published = byline_publisher_publish_finish (job->publisher, result, &error);
  job->item->attempts++;
  if (published != NULL)
    job->item->done = TRUE;
  else
    {
      g_free (job->item->last_error);
      job->item->last_error = g_strdup (error->message);
      if (g_error_matches (error, BYLINE_PUBLISH_ERROR, BYLINE_PUBLISH_ERROR_CONFLICT))
        job->round->conflicts++;
      if (g_error_matches (error, BYLINE_PUBLISH_ERROR, BYLINE_PUBLISH_ERROR_DUPLICATE))
        job->round->duplicates_refused++;
    }
  job->round->running--;
  g_object_unref (job->publisher);
  item_start (job->round);
  g_free (job);
}

static BylinePublisher *
make_publisher (void)
{
  g_autofree char *root = g_strconcat (proxy_base, "wp-json/", NULL);
  g_autoptr(BylineWordpress) wp = byline_wordpress_new (proxy_base, root, portal.user,
                                                        portal.password);

  return byline_publisher_new (store, account, BYLINE_PORTAL (wp));
}

static void
item_start (Round *round)
{
  while (round->running < IN_FLIGHT && round->next < round->items->len)
    {
      Item *item = g_ptr_array_index (round->items, round->next++);
      g_autoptr(BylineArticle) article = NULL;
      g_autoptr(GError) error = NULL;
      Job *job;

      if (item->done)
        continue;
      article = byline_store_load (store, item->draft_id, &error);
      g_assert_no_error (error);
      job = g_new0 (Job, 1);
      job->round = round;
      job->item = item;
      job->publisher = make_publisher ();
      round->running++;
      byline_publisher_publish_async (job->publisher, article, BYLINE_PUBLISH_FLAGS_NONE, NULL,
                                      publish_done_cb, job);
    }
}

/* Publishes every item not yet done, IN_FLIGHT at a time, until all are
 * done or MAX_ROUNDS have passed; returns the rounds used. */
static guint
publish_all (GPtrArray *items,
             guint     *conflicts,
             guint     *duplicates_refused)
{
  guint round_no;

  for (round_no = 0; round_no < MAX_ROUNDS; round_no++)
    {
      Round round = { items, 0, 0, 0, 0 };
      gboolean all_done = TRUE;

      for (guint i = 0; i < items->len; i++)
        all_done &= ((Item *) g_ptr_array_index (items, i))->done;
      if (all_done)
        break;
      item_start (&round);
      while (round.running > 0)
        g_main_context_iteration (NULL, TRUE);
      *conflicts += round.conflicts;
      *duplicates_refused += round.duplicates_refused;
    }
  return round_no;
}

static guint
env_uint (const char *name,
          guint       fallback)
{
  const char *value = g_getenv (name);

  return value != NULL ? (guint) g_ascii_strtoull (value, NULL, 10) : fallback;
}

/* Every post of this run, straight from WordPress (not through the relay). */
static GPtrArray *
fetch_run_posts (void)
{
  GPtrArray *posts = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);

  for (guint page = 1;; page++)
    {
      g_autofree char *path = g_strdup_printf ("wp/v2/posts?status=any&context=edit&per_page=100"
                                               "&search=%s&page=%u", run_id, page);
      guint status = 0;
      g_autoptr(JsonNode) node = byline_test_rest (&portal, "GET", path, NULL, &status);
      JsonArray *array;

      if (status == 400)
        break;
      g_assert_cmpuint (status, ==, 200);
      array = json_node_get_array (node);
      for (guint i = 0; i < json_array_get_length (array); i++)
        g_ptr_array_add (posts, json_node_copy (json_array_get_element (array, i)));
      if (json_array_get_length (array) < 100)
        break;
    }
  return posts;
}

static gint64
category_id (const char *name)
{
  g_autofree char *escaped = g_uri_escape_string (name, NULL, FALSE);
  g_autofree char *path = g_strdup_printf ("wp/v2/categories?search=%s", escaped);
  g_autoptr(JsonNode) node = byline_test_rest (&portal, "GET", path, NULL, NULL);
  JsonArray *array = json_node_get_array (node);

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *term = json_array_get_object_element (array, i);

      if (g_strcmp0 (json_object_get_string_member (term, "name"), name) == 0)
        return json_object_get_int_member (term, "id");
    }
  g_assert_not_reached ();
}

static void
test_publish_through_faults (void)
{
  guint n_articles = env_uint ("BYLINE_FAULT_ARTICLES", 60);
  guint n_updates = env_uint ("BYLINE_FAULT_UPDATES", 15);
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func ((GDestroyNotify) item_free);
  g_autoptr(GPtrArray) updates = g_ptr_array_new ();
  g_autoptr(GPtrArray) posts = NULL;
  g_autoptr(GHashTable) per_article = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                             NULL);
  g_autofree char *dir = byline_test_make_dir ("faults-images");
  g_autofree char *png = NULL;
  g_autofree char *media_path = NULL;
  g_autoptr(SoupSession) session = byline_dup_soup_session ();
  gsize png_length;
  guint media_before;
  guint media_after;
  guint conflicts = 0;
  guint duplicates_refused = 0;
  guint rounds;
  guint update_rounds;
  guint failed_with_reason = 0;
  guint published_first = 0;
  guint faulted = 0;
  guint total = 0;
  guint duplicates = 0;
  gint64 category = category_id ("科技");
  gint64 start = g_get_monotonic_time ();

  g_object_set (session, "timeout", TEST_TIMEOUT_SECONDS, NULL);
  png = byline_test_read_file ("portal-inline.png", &png_length);
  /* This run's pictures only: other tests may upload at the same time. */
  media_path = g_strdup_printf ("wp/v2/media?per_page=1&search=faults-%s", run_id);
  media_before = byline_test_rest_total (&portal, media_path);

  for (guint i = 0; i < n_articles; i++)
    {
      Item *item = g_new0 (Item, 1);
      g_autoptr(BylineArticle) article = byline_article_new ();
      g_autoptr(GByteArray) picture = g_byte_array_new ();
      g_autoptr(GError) error = NULL;
      g_autofree char *body = g_strdup_printf ("## 小标题\n\n第 %u 篇文章的第一段。\n\n"
                                               "第二段。\n", i);
      guint32 salt[2] = { g_random_int (), i };

      /* A picture of its own: the PNG with bytes after its end. */
      g_byte_array_append (picture, (const guint8 *) png, png_length);
      g_byte_array_append (picture, (const guint8 *) salt, sizeof salt);
      item->cover = g_strdup_printf ("%s/faults-%s-%03u.png", dir, run_id, i);
      g_file_set_contents (item->cover, (const char *) picture->data, picture->len, &error);
      g_assert_no_error (error);
      item->title = g_strdup_printf ("故障测试 %s 第%03u篇", run_id, i);

      byline_article_set_title (article, item->title);
      byline_article_set_body (article, body);
      byline_article_set_source (article, "界面新闻");
      byline_article_set_author (article, "记者甲");
      byline_article_set_category (article, "科技");
      byline_article_set_cover_path (article, item->cover);
      byline_store_save (store, article, &error);
      g_assert_no_error (error);
      item->draft_id = g_strdup (byline_article_get_id (article));
      g_ptr_array_add (items, item);
    }

  relay.enabled = TRUE;
  rounds = publish_all (items, &conflicts, &duplicates_refused);
  for (guint i = 0; i < items->len; i++)
    published_first += ((Item *) g_ptr_array_index (items, i))->done;

  /* Updates: a new paragraph in some of them. */
  for (guint i = 0; i < n_updates && i < items->len; i++)
    {
      Item *item = g_ptr_array_index (items, i);
      g_autoptr(BylineArticle) article = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *body = NULL;

      if (!item->done)
        continue;
      article = byline_store_load (store, item->draft_id, &error);
      g_assert_no_error (error);
      body = g_strdup_printf ("%s\n更新标记 %s\n", byline_article_get_body (article),
                              item->draft_id);
      byline_article_set_body (article, body);
      byline_store_save (store, article, &error);
      g_assert_no_error (error);
      item->done = FALSE;
      item->updating = TRUE;
      g_ptr_array_add (updates, item);
    }
  update_rounds = publish_all (updates, &conflicts, &duplicates_refused);
  relay.enabled = FALSE;

  /* What the faults left: each draft Published, or Failed with a reason. */
  for (guint i = 0; i < items->len; i++)
    {
      Item *item = g_ptr_array_index (items, i);
      g_autoptr(BylineArticle) article = byline_store_load (store, item->draft_id, NULL);
      BylineArticleState state = byline_article_get_state (article);

      g_assert_nonnull (article);
      if (item->done)
        g_assert_cmpint (state, ==, BYLINE_ARTICLE_STATE_PUBLISHED);
      else
        {
          /* Queued (waiting for the outbox) or Failed, with the reason. */
          if (state != BYLINE_ARTICLE_STATE_FAILED && state != BYLINE_ARTICLE_STATE_QUEUED)
            g_error ("%s is %s after a failed publish (%s)", item->title,
                     byline_article_state_to_string (state), item->last_error);
          g_assert_nonnull (byline_article_get_failure_reason (article));
          g_assert_cmpstr (byline_article_get_failure_reason (article), !=, "");
          g_test_message ("%s still %s after %u attempts: %s", item->title,
                          byline_article_state_to_string (state), item->attempts,
                          byline_article_get_failure_reason (article));
          failed_with_reason++;
        }
    }

  /* Retryable: with the faults gone, each goes through. */
  {
    g_autoptr(GPtrArray) rest = g_ptr_array_new ();

    for (guint i = 0; i < items->len; i++)
      if (!((Item *) g_ptr_array_index (items, i))->done)
        g_ptr_array_add (rest, g_ptr_array_index (items, i));
    publish_all (rest, &conflicts, &duplicates_refused);
    for (guint i = 0; i < rest->len; i++)
      {
        Item *item = g_ptr_array_index (rest, i);

        if (!item->done)
          g_error ("%s could not be published even without faults: %s", item->title,
                   item->last_error);
      }
  }

  /* The portal: exactly one post per article, with its title, category,
   * attribution, and the update where there was one. */
  posts = fetch_run_posts ();
  for (guint i = 0; i < posts->len; i++)
    {
      JsonObject *post = json_node_get_object (g_ptr_array_index (posts, i));
      const char *raw = json_object_get_string_member (json_object_get_object_member (post,
                                                                                     "content"),
                                                       "raw");
      const char *at = strstr (raw, "byline:");
      g_autofree char *id = NULL;
      guint seen;

      g_assert_nonnull (at);
      id = g_strndup (at + strlen ("byline:"), strcspn (at + strlen ("byline:"), " \n"));
      seen = GPOINTER_TO_UINT (g_hash_table_lookup (per_article, id));
      g_hash_table_replace (per_article, g_strdup (id), GUINT_TO_POINTER (seen + 1));
    }
  for (guint i = 0; i < items->len; i++)
    {
      Item *item = g_ptr_array_index (items, i);
      guint seen = GPOINTER_TO_UINT (g_hash_table_lookup (per_article, item->draft_id));
      g_autoptr(BylineArticle) article = byline_store_load (store, item->draft_id, NULL);
      g_autofree char *path = g_strdup_printf ("wp/v2/posts/%" G_GINT64_FORMAT "?context=edit",
                                               byline_article_get_remote_id (article));
      g_autoptr(JsonNode) node = byline_test_rest (&portal, "GET", path, NULL, NULL);
      JsonObject *post = json_node_get_object (node);
      const char *raw = json_object_get_string_member (json_object_get_object_member (post,
                                                                                     "content"),
                                                       "raw");
      JsonArray *categories = json_object_get_array_member (post, "categories");
      g_autofree char *update = g_strdup_printf ("更新标记 %s", item->draft_id);

      if (seen != 1)
        {
          g_test_message ("%s is on the portal %u times", item->title, seen);
          duplicates += seen > 1 ? seen - 1 : 0;
          g_assert_cmpuint (seen, >=, 1);
        }
      g_assert_cmpint (byline_article_get_state (article), ==, BYLINE_ARTICLE_STATE_PUBLISHED);
      g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (post,
                                                                                    "title"),
                                                      "raw"), ==, item->title);
      g_assert_cmpuint (json_array_get_length (categories), ==, 1);
      g_assert_cmpint (json_array_get_int_element (categories, 0), ==, category);
      g_assert_nonnull (strstr (raw, "来源:界面新闻"));
      g_assert_nonnull (strstr (raw, "记者甲"));
      g_assert_cmpint (json_object_get_int_member (post, "featured_media"), >, 0);
      if (item->updating)
        g_assert_nonnull (strstr (raw, update));
    }

  media_after = byline_test_rest_total (&portal, media_path);
  for (guint f = 0; f < N_FAULTS; f++)
    {
      total += relay.counts[f];
      if (f != FAULT_PASS)
        faulted += relay.counts[f];
    }
  g_print ("# network faults: %u articles, %u updates; %u requests through the relay, "
           "%u faulted (%.0f%%):", n_articles, updates->len, total, faulted,
           total > 0 ? 100.0 * faulted / total : 0.0);
  for (guint f = 1; f < N_FAULTS; f++)
    g_print (" %s %u%s", fault_names[f], relay.counts[f], f + 1 < N_FAULTS ? "," : "\n");
  g_print ("# published in %u rounds (%u of %u through the faults), updates in %u rounds; "
           "%u left Failed/Queued with a reason, all published on retry without faults\n",
           rounds, published_first, n_articles, update_rounds, failed_with_reason);
  g_print ("# portal: %u posts for %u articles, %u duplicates; %u pictures uploaded for %u "
           "articles; %u conflicts, %u duplicate refusals; %.0f s\n",
           posts->len, n_articles, duplicates, media_after - media_before, n_articles,
           conflicts, duplicates_refused,
           (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC);

  g_assert_cmpuint (duplicates, ==, 0);
  g_assert_cmpuint (posts->len, ==, n_articles);
  g_assert_cmpuint (media_after - media_before, ==, n_articles);
  g_assert_cmpuint (faulted, >, 0);
  byline_test_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *dir = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocketService) service = NULL;
  g_autoptr(GUri) upstream = NULL;
  guint32 seed;
  guint16 port;
  int status;

  g_test_init (&argc, &argv, NULL);
  g_snprintf (run_id, sizeof run_id, "%08x", g_random_int ());

  dir = byline_test_make_dir ("network-faults");
  g_setenv ("BYLINE_DATA_DIR", dir, TRUE);
  byline_test_portal_start (&portal, dir);
  g_setenv (BYLINE_PORTAL_PASSWORD_ENV, portal.password, TRUE);

  seed = env_uint ("BYLINE_FAULT_SEED", g_random_int ());
  g_mutex_init (&relay.lock);
  relay.rand = g_rand_new_with_seed (seed);
  relay.rate = env_uint ("BYLINE_FAULT_RATE", 30);
  upstream = g_uri_parse (portal.url, G_URI_FLAGS_NONE, &error);
  g_assert_no_error (error);
  relay.upstream_port = g_uri_get_port (upstream);
  g_print ("# fault seed %u (BYLINE_FAULT_SEED), %u%% of requests faulted\n", seed, relay.rate);

  service = g_threaded_socket_service_new (32);
  {
    g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
    g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
    g_autoptr(GSocketAddress) bound = NULL;

    g_socket_listener_add_address (G_SOCKET_LISTENER (service), address, G_SOCKET_TYPE_STREAM,
                                   G_SOCKET_PROTOCOL_TCP, NULL, &bound, &error);
    g_assert_no_error (error);
    port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  }
  g_signal_connect (service, "run", G_CALLBACK (relay_run_cb), NULL);
  g_socket_service_start (service);
  proxy_base = g_strdup_printf ("http://127.0.0.1:%u/", port);

  store = byline_store_open (dir, &error);
  g_assert_no_error (error);
  byline_accounts_add_async (store, "Local test portal", portal.url, portal.user,
                             portal.password, NULL, byline_test_result_cb, &result);
  account = byline_accounts_add_finish (store, byline_test_wait (&result), &error);
  g_assert_no_error (error);

  g_test_add_func ("/byline/network-faults/publish-and-update", test_publish_through_faults);
  status = g_test_run ();

  g_socket_service_stop (service);
  g_clear_object (&account);
  g_clear_object (&store);
  g_clear_pointer (&proxy_base, g_free);
  g_rand_free (relay.rand);
  byline_test_portal_stop (&portal);
  byline_test_remove_tree (dir);
  return status;
}
