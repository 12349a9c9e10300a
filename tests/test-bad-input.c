/* test-bad-input.c: bad files and bad answers, each met with a clear error
 * (or a sane draft) and no crash
 *
 * Files go through ingest as the window's drop does; answers come from
 * in-process servers on 127.0.0.1 playing a broken or hostile portal.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "byline.h"
#include "byline-ingest.h"
#include "byline-portal.h"
#include "byline-render.h"
#include "byline-wordpress.h"
#include "byline-test-util.h"
#include "byline-portal-test-util.h"

static char *dir;
static guint n_cases;

/* ------------------------------------------------------------------------ */
/* Files */

static BylineIngestResult *
ingest_file (const char  *name,
             const void  *data,
             gsize        length,
             GError     **error)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) write_error = NULL;
  BylineIngestResult *ingested;
  gint64 start = g_get_monotonic_time ();

  g_file_set_contents (path, data, length, &write_error);
  g_assert_no_error (write_error);
  byline_ingest_file_async (file, NULL, NULL, byline_test_result_cb, &result);
  ingested = byline_ingest_file_finish (byline_test_wait (&result), error);
  g_test_message ("%s (%" G_GSIZE_FORMAT " bytes): %s in %.0f ms", name, length,
                  ingested != NULL ? "a draft" : (*error)->message,
                  (g_get_monotonic_time () - start) / 1000.0);
  g_unlink (path);
  n_cases++;
  return ingested;
}

/* A draft that is sane: valid UTF-8 everywhere, and an article out of it. */
static void
assert_sane (BylineIngestResult *result)
{
  g_autoptr(BylineArticle) article = NULL;
  const char *body = byline_ingest_result_get_body (result);
  const char *title = byline_ingest_result_get_title (result);
  g_autofree char *html = NULL;

  g_assert_nonnull (result);
  g_assert_true (body == NULL || g_utf8_validate (body, -1, NULL));
  g_assert_true (title == NULL || g_utf8_validate (title, -1, NULL));
  article = byline_ingest_result_to_article (result);
  g_assert_nonnull (article);
  html = byline_render_post (article, NULL, BYLINE_DEFAULT_DISCLAIMER);
  g_assert_true (g_utf8_validate (html, -1, NULL));
}

static void
test_empty (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BylineIngestResult) result = ingest_file ("empty.txt", "", 0, &error);

  g_assert_null (result);
  g_assert_error (error, BYLINE_INGEST_ERROR, BYLINE_INGEST_ERROR_EMPTY);
}

static void
test_one_byte (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BylineIngestResult) result = ingest_file ("one.txt", "x", 1, &error);

  /* One letter is a (tiny) draft; a blank is nothing. */
  g_assert_no_error (error);
  assert_sane (result);
  g_clear_object (&result);
  result = ingest_file ("blank.txt", "\n", 1, &error);
  g_assert_error (error, BYLINE_INGEST_ERROR, BYLINE_INGEST_ERROR_EMPTY);
}

static void
test_nul_bytes (void)
{
  static const char data[] = "标题\0\0\0正文\0第一段。\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0";
  g_autoptr(GError) error = NULL;
  g_autoptr(BylineIngestResult) result = ingest_file ("nul.txt", data, sizeof data - 1, &error);

  g_assert_null (result);
  g_assert_error (error, BYLINE_INGEST_ERROR, BYLINE_INGEST_ERROR_NOT_TEXT);
  g_assert_cmpstr (error->message, !=, "");
}

static void
test_png_as_txt (void)
{
  gsize length;
  g_autofree char *png = byline_test_read_file ("portal-cover.png", &length);
  g_autoptr(GError) error = NULL;
  g_autoptr(BylineIngestResult) result = ingest_file ("picture.txt", png, length, &error);

  g_assert_null (result);
  g_assert_error (error, BYLINE_INGEST_ERROR, BYLINE_INGEST_ERROR_NOT_TEXT);
}

static void
test_60_mib (void)
{
  gsize length = 60 * 1024 * 1024;
  g_autofree char *text = g_malloc (length);
  g_autoptr(GError) error = NULL;
  g_autoptr(BylineIngestResult) result = NULL;
  g_autoptr(GBytes) bytes = NULL;

  for (gsize i = 0; i < length; i++)
    text[i] = i % 80 == 79 ? '\n' : 'a' + i % 26;
  result = ingest_file ("huge.txt", text, length, &error);
  g_assert_null (result);
  g_assert_error (error, BYLINE_INGEST_ERROR, BYLINE_INGEST_ERROR_TOO_LARGE);
  g_clear_error (&error);

  /* Dropped as text rather than as a file. */
  bytes = g_bytes_new_take (g_steal_pointer (&text), length);
  result = byline_ingest_bytes (bytes, "text/plain", NULL, &error);
  g_assert_null (result);
  g_assert_error (error, BYLINE_INGEST_ERROR, BYLINE_INGEST_ERROR_TOO_LARGE);
  n_cases++;
}

static void
test_nested_html (void)
{
  g_autoptr(GString) page = g_string_new ("<html><head><title>深</title></head><body>");
  g_autoptr(GError) error = NULL;
  g_autoptr(BylineIngestResult) result = NULL;
  g_autofree char *sanitized = NULL;

  for (int i = 0; i < 10000; i++)
    g_string_append (page, i % 2 ? "<div>" : "<blockquote>");
  g_string_append (page, "<p>最深处的一段正文,讲一件事情的来龙去脉。</p>");
  for (int i = 9999; i >= 0; i--)
    g_string_append (page, i % 2 ? "</div>" : "</blockquote>");
  g_string_append (page, "<p>外面的一段正文,讲这件事情的后续发展。</p></body></html>");

  result = ingest_file ("deep.html", page->str, page->len, &error);
  if (result != NULL)
    assert_sane (result);
  else
    g_assert_cmpstr (error->message, !=, "");

  /* The same through the sanitiser, as a pasted body would go. */
  sanitized = byline_render_sanitize (page->str, NULL);
  g_assert_true (g_utf8_validate (sanitized, -1, NULL));
  n_cases++;
}

static void
test_nested_markdown (void)
{
  g_autoptr(GString) body = g_string_new (NULL);
  g_autoptr(BylineArticle) article = byline_article_new ();
  g_autofree char *html = NULL;

  for (int i = 0; i < 10000; i++)
    g_string_append (body, "> ");
  g_string_append (body, "引文\n\n");
  for (int i = 0; i < 10000; i++)
    g_string_append (body, "- ");
  g_string_append (body, "列表\n\n");
  for (int i = 0; i < 10000; i++)
    g_string_append (body, "*[");
  g_string_append (body, "x\n");
  byline_article_set_title (article, "深");
  byline_article_set_body (article, body->str);
  html = byline_render_post (article, NULL, BYLINE_DEFAULT_DISCLAIMER);
  g_assert_true (g_utf8_validate (html, -1, NULL));
  n_cases++;
}

static void
test_long_line (void)
{
  g_autoptr(GString) text = g_string_new ("一行到底\n\n");
  g_autoptr(GError) error = NULL;
  g_autoptr(BylineIngestResult) result = NULL;
  g_autoptr(GString) html = g_string_new ("<html><body><p>");

  while (text->len < 1024 * 1024)
    g_string_append (text, "这是一段没有换行的很长的正文,");
  result = ingest_file ("line.txt", text->str, text->len, &error);
  g_assert_no_error (error);
  assert_sane (result);
  g_clear_object (&result);

  while (html->len < 1024 * 1024)
    g_string_append (html, "这是一段没有换行的很长的正文,<b>粗</b>");
  g_string_append (html, "</p></body></html>");
  result = ingest_file ("line.html", html->str, html->len, &error);
  g_assert_no_error (error);
  assert_sane (result);
}

static void
test_invalid_utf8 (void)
{
  static const char data[] = "标题\n\n正文第一段\xff\xfe\xc3\x28 坏字节 \xe4\xb8 截断\xf0\x9f\x98\n"
                             "第二段 \xed\xa0\x80 代理项 \xc0\xaf 过长编码。\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(BylineIngestResult) result = ingest_file ("invalid.txt", data, sizeof data - 1,
                                                      &error);

  if (result != NULL)
    assert_sane (result);
  else
    g_assert_cmpstr (error->message, !=, "");
}

static void
test_mixed_encodings (void)
{
  /* UTF-8, then GBK, then UTF-16LE with a BOM in the middle. */
  g_autoptr(GByteArray) data = g_byte_array_new ();
  g_autofree char *gbk = g_convert ("第二段是国标码的中文正文。\n", -1, "GBK", "UTF-8", NULL,
                                    NULL, NULL);
  gsize utf16_length = 0;
  g_autofree char *utf16 = g_convert ("第三段是UTF-16。\n", -1, "UTF-16", "UTF-8", NULL,
                                      &utf16_length, NULL);
  const char *utf8 = "标题\n\n第一段是统一码的中文正文。\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(BylineIngestResult) result = NULL;

  g_assert_nonnull (gbk);
  g_assert_nonnull (utf16);
  g_byte_array_append (data, (const guint8 *) utf8, strlen (utf8));
  g_byte_array_append (data, (const guint8 *) gbk, strlen (gbk));
  g_byte_array_append (data, (const guint8 *) utf16, utf16_length);
  result = ingest_file ("mixed.txt", data->data, data->len, &error);
  if (result != NULL)
    assert_sane (result);
  else
    g_assert_cmpstr (error->message, !=, "");
  g_clear_object (&result);
  g_clear_error (&error);

  /* UTF-8 and GBK alone: text, so a draft. */
  g_byte_array_set_size (data, 0);
  g_byte_array_append (data, (const guint8 *) utf8, strlen (utf8));
  g_byte_array_append (data, (const guint8 *) gbk, strlen (gbk));
  result = ingest_file ("mixed-gbk.txt", data->data, data->len, &error);
  g_assert_no_error (error);
  assert_sane (result);
}

/* ------------------------------------------------------------------------ */
/* Answers */

typedef enum
{
  ANSWER_DEEP_JSON,
  ANSWER_WRONG_TYPES,
  ANSWER_REDIRECT_LOOP,
} Answer;

static Answer answer;

static void
handle_cb (SoupServer        *server,
           SoupServerMessage *msg,
           const char        *path,
           GHashTable        *query,
           gpointer           user_data)
{
  switch (answer)
    {
    case ANSWER_DEEP_JSON:
      {
        g_autoptr(GString) json = g_string_new (NULL);

        for (int i = 0; i < 10000; i++)
          g_string_append (json, i % 2 ? "{\"a\":" : "[");
        g_string_append (json, "1");
        for (int i = 9999; i >= 0; i--)
          g_string_append_c (json, i % 2 ? '}' : ']');
        soup_server_message_set_status (msg, 200, NULL);
        soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY,
                                          json->str, json->len);
      }
      break;
    case ANSWER_WRONG_TYPES:
      {
        const char *json = "[{\"id\":\"二\",\"name\":[1,2],\"slug\":{},\"parent\":true},"
                           "{\"id\":1e400,\"name\":null}]";

        soup_server_message_set_status (msg, 200, NULL);
        soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY, json,
                                          strlen (json));
      }
      break;
    case ANSWER_REDIRECT_LOOP:
      {
        g_autofree char *to = g_strdup_printf ("%s?again=%u", path,
                                               g_random_int_range (0, 1000000));

        soup_server_message_set_redirect (msg, 302, to);
      }
      break;
    }
}

static SoupServer *
start_server (char **base)
{
  SoupServer *server = soup_server_new (NULL, NULL);
  g_autoslist(GUri) uris = NULL;
  g_autoptr(GError) error = NULL;

  soup_server_add_handler (server, NULL, handle_cb, NULL, NULL);
  soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (server);
  *base = g_uri_to_string (uris->data);
  return server;
}

static GError *
list_categories (const char *base)
{
  g_autofree char *root = g_strconcat (base, "wp-json/", NULL);
  g_autoptr(BylineWordpress) wp = byline_wordpress_new (NULL, root, "editor", "fake fake fake");
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) terms = NULL;
  GError *error = NULL;

  byline_portal_list_terms_async (BYLINE_PORTAL (wp), "categories", NULL,
                                  byline_test_result_cb, &result);
  terms = byline_portal_list_terms_finish (BYLINE_PORTAL (wp), byline_test_wait (&result),
                                           &error);
  g_assert_null (terms);
  g_assert_nonnull (error);
  g_test_message ("refused: %s", error->message);
  n_cases++;
  return error;
}

static void
test_deep_json (void)
{
  g_autofree char *base = NULL;
  g_autoptr(SoupServer) server = start_server (&base);
  g_autoptr(GError) error = NULL;

  answer = ANSWER_DEEP_JSON;
  error = list_categories (base);
  g_assert_error (error, BYLINE_PORTAL_ERROR, BYLINE_PORTAL_ERROR_MALFORMED);
  soup_server_disconnect (server);
}

static void
test_wrong_types (void)
{
  g_autofree char *base = NULL;
  g_autoptr(SoupServer) server = start_server (&base);
  g_autoptr(GError) error = NULL;

  answer = ANSWER_WRONG_TYPES;
  error = list_categories (base);
  g_assert_error (error, BYLINE_PORTAL_ERROR, BYLINE_PORTAL_ERROR_MALFORMED);
  soup_server_disconnect (server);
}

static void
test_redirect_loop (void)
{
  g_autofree char *base = NULL;
  g_autoptr(SoupServer) server = start_server (&base);
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) ingest_error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(BylineIngestResult) ingested = NULL;
  g_autofree char *page = g_strconcat (base, "news/1.html", NULL);
  g_autofree char *lower = NULL;

  answer = ANSWER_REDIRECT_LOOP;
  error = list_categories (base);
  g_assert_true (error->domain == BYLINE_PORTAL_ERROR);
  lower = g_ascii_strdown (error->message, -1);
  g_assert_nonnull (strstr (lower, "redirect"));

  /* A dropped address that loops. */
  byline_ingest_uri_async (session, page, NULL, byline_test_result_cb, &result);
  ingested = byline_ingest_uri_finish (byline_test_wait (&result), &ingest_error);
  g_assert_null (ingested);
  g_assert_error (ingest_error, BYLINE_INGEST_ERROR, BYLINE_INGEST_ERROR_NETWORK);
  g_test_message ("ingest refused: %s", ingest_error->message);
  n_cases++;
  soup_server_disconnect (server);
}

/* An answer that declares a 10 GiB body: a raw socket, since a SoupServer
 * would try to send it. Each connection in a thread of its own, held open
 * until the client lets go. */
static gboolean
huge_run_cb (GThreadedSocketService *service,
             GSocketConnection      *connection,
             GObject                *source,
             gpointer                user_data)
{
  GOutputStream *out = g_io_stream_get_output_stream (G_IO_STREAM (connection));
  GInputStream *in = g_io_stream_get_input_stream (G_IO_STREAM (connection));
  static const char head[] = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                             "Content-Length: 10737418240\r\n\r\n[{\"id\":1,\"name\":\"x\"},";
  char request[4096];

  if (g_input_stream_read (in, request, sizeof request, NULL, NULL) <= 0)
    return TRUE;
  g_output_stream_write_all (out, head, sizeof head - 1, NULL, NULL, NULL);
  while (g_input_stream_read (in, request, sizeof request, NULL, NULL) > 0)
    ;
  return TRUE;
}

static void
test_huge_content_length (void)
{
  g_autoptr(GSocketService) service = g_threaded_socket_service_new (8);
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) ingest_error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(BylineIngestResult) ingested = NULL;
  g_autofree char *base = NULL;
  g_autofree char *page = NULL;
  gint64 start = g_get_monotonic_time ();
  guint16 port;

  port = g_socket_listener_add_any_inet_port (G_SOCKET_LISTENER (service), NULL, &error);
  g_assert_no_error (error);
  g_signal_connect (service, "run", G_CALLBACK (huge_run_cb), NULL);
  g_socket_service_start (service);
  base = g_strdup_printf ("http://127.0.0.1:%u/", port);

  g_clear_error (&error);
  error = list_categories (base);
  g_assert_error (error, BYLINE_PORTAL_ERROR, BYLINE_PORTAL_ERROR_TOO_LARGE);

  page = g_strconcat (base, "news/1.html", NULL);
  byline_ingest_uri_async (session, page, NULL, byline_test_result_cb, &result);
  ingested = byline_ingest_uri_finish (byline_test_wait (&result), &ingest_error);
  g_assert_null (ingested);
  g_assert_error (ingest_error, BYLINE_INGEST_ERROR, BYLINE_INGEST_ERROR_TOO_LARGE);
  n_cases++;
  /* Refused from the header, not after waiting for the body. */
  g_assert_cmpint (g_get_monotonic_time () - start, <, 10 * G_USEC_PER_SEC);
  g_socket_service_stop (service);
  g_socket_listener_close (G_SOCKET_LISTENER (service));
}

static void
test_self_signed (void)
{
  g_autofree char *cert = g_build_filename (dir, "cert.pem", NULL);
  g_autofree char *key = g_build_filename (dir, "key.pem", NULL);
  g_autofree char *openssl_err = NULL;
  g_autoptr(GTlsCertificate) certificate = NULL;
  g_autoptr(SoupServer) server = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(BylineWordpress) wp = NULL;
  g_autoptr(BylinePortalSite) site = NULL;
  g_autoptr(BylineIngestResult) ingested = NULL;
  g_autoptr(GError) ingest_error = NULL;
  g_autoptr(GAsyncResult) result2 = NULL;
  g_autoptr(SoupSession) session = NULL;
  g_autoslist(GUri) uris = NULL;
  g_autofree char *base = NULL;
  g_autofree char *page = NULL;
  const char *argv[] = { "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes",
                         "-keyout", key, "-out", cert, "-days", "2", "-subj", "/CN=127.0.0.1",
                         "-addext", "subjectAltName=IP:127.0.0.1", NULL };
  int status = 0;

  /* A certificate made now, trusted by nobody. */
  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL,
                NULL, NULL, NULL, &openssl_err, &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("openssl: %s", openssl_err);
  certificate = g_tls_certificate_new_from_files (cert, key, &error);
  g_assert_no_error (error);
  server = soup_server_new ("tls-certificate", certificate, NULL);
  soup_server_add_handler (server, NULL, handle_cb, NULL, NULL);
  answer = ANSWER_WRONG_TYPES;
  soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY | SOUP_SERVER_LISTEN_HTTPS,
                            &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (server);
  base = g_uri_to_string (uris->data);
  g_assert_true (g_str_has_prefix (base, "https://"));

  wp = byline_wordpress_new (base, NULL, "editor", "fake fake fake");
  byline_portal_connect_async (BYLINE_PORTAL (wp), NULL, byline_test_result_cb, &result);
  site = byline_portal_connect_finish (BYLINE_PORTAL (wp), byline_test_wait (&result), &error);
  g_assert_null (site);
  g_assert_error (error, BYLINE_PORTAL_ERROR, BYLINE_PORTAL_ERROR_TLS);
  g_assert_false (byline_portal_error_is_retryable (error));
  g_test_message ("refused: %s", error->message);
  n_cases++;

  session = soup_session_new ();
  page = g_strconcat (base, "news/1.html", NULL);
  byline_ingest_uri_async (session, page, NULL, byline_test_result_cb, &result2);
  ingested = byline_ingest_uri_finish (byline_test_wait (&result2), &ingest_error);
  g_assert_null (ingested);
  g_assert_nonnull (ingest_error);
  g_test_message ("ingest refused: %s", ingest_error->message);
  n_cases++;
  soup_server_disconnect (server);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  dir = byline_test_make_dir ("bad-input");

  g_test_add_func ("/byline/bad-input/file/empty", test_empty);
  g_test_add_func ("/byline/bad-input/file/one-byte", test_one_byte);
  g_test_add_func ("/byline/bad-input/file/nul-bytes", test_nul_bytes);
  g_test_add_func ("/byline/bad-input/file/png-as-txt", test_png_as_txt);
  g_test_add_func ("/byline/bad-input/file/60-mib", test_60_mib);
  g_test_add_func ("/byline/bad-input/file/nested-html", test_nested_html);
  g_test_add_func ("/byline/bad-input/file/nested-markdown", test_nested_markdown);
  g_test_add_func ("/byline/bad-input/file/long-line", test_long_line);
  g_test_add_func ("/byline/bad-input/file/invalid-utf8", test_invalid_utf8);
  g_test_add_func ("/byline/bad-input/file/mixed-encodings", test_mixed_encodings);
  g_test_add_func ("/byline/bad-input/answer/deep-json", test_deep_json);
  g_test_add_func ("/byline/bad-input/answer/wrong-types", test_wrong_types);
  g_test_add_func ("/byline/bad-input/answer/redirect-loop", test_redirect_loop);
  g_test_add_func ("/byline/bad-input/answer/10-gib", test_huge_content_length);
  g_test_add_func ("/byline/bad-input/answer/self-signed", test_self_signed);

  status = g_test_run ();
  g_print ("# bad input: %u cases, each refused with a reason or made a sane draft\n",
           n_cases);
  byline_test_remove_tree (dir);
  g_clear_pointer (&dir, g_free);
  return status;
}
