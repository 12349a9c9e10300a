/* byline-portal-test-util.h: what the portal tests share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <string.h>

#include "byline-session.h"

G_BEGIN_DECLS

/* Runs the default main context until an async call has answered. */
static inline void
byline_test_result_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static inline GAsyncResult *
byline_test_wait (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *slot;
}

typedef struct
{
  char *url;
  char *user;
  char *password;
  char *started_dir;
} BylineTestPortal;

static inline char *
byline_test_portal_script (void)
{
  const char *srcdir = g_getenv ("BYLINE_TEST_SRCDIR");

  return g_build_filename (srcdir != NULL ? srcdir : ".", "..", "build-aux", "wordpress.sh",
                           NULL);
}

/* The real WordPress the tests publish to: the one build-aux/test.sh
 * started (BYLINE_TEST_WP_*), or else one this test starts itself with the
 * same script, so that `meson test` alone also works (as root). */
static inline void
byline_test_portal_start (BylineTestPortal *portal,
                          const char       *tmpdir)
{
  g_autofree char *script = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *port = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GInetAddress) loopback = NULL;
  g_autoptr(GSocketAddress) any = NULL;
  g_autoptr(GSocketAddress) bound = NULL;
  int status = 0;

  if (g_getenv ("BYLINE_TEST_WP_URL") != NULL)
    {
      portal->url = g_strdup (g_getenv ("BYLINE_TEST_WP_URL"));
      portal->user = g_strdup (g_getenv ("BYLINE_TEST_WP_USER"));
      portal->password = g_strdup (g_getenv ("BYLINE_TEST_WP_PASSWORD"));
      /* test.sh passes it in a file, since meson logs the environment. */
      if (portal->password == NULL && g_getenv ("BYLINE_TEST_WP_PASSWORD_FILE") != NULL)
        {
          g_file_get_contents (g_getenv ("BYLINE_TEST_WP_PASSWORD_FILE"), &portal->password,
                               NULL, &error);
          g_assert_no_error (error);
          g_strstrip (portal->password);
        }
      g_assert_nonnull (portal->user);
      g_assert_nonnull (portal->password);
      return;
    }

  /* A free port: bind to 0 and let it go. */
  loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  any = g_inet_socket_address_new (loopback, 0);
  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP,
                         &error);
  g_assert_no_error (error);
  g_socket_bind (socket, any, TRUE, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  port = g_strdup_printf ("%u", g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
  g_socket_close (socket, NULL);

  portal->started_dir = g_build_filename (tmpdir, "wordpress", NULL);
  script = byline_test_portal_script ();
  {
    const char *argv[] = { "bash", script, "start", portal->started_dir, port, NULL };

    g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err,
                  &status, &error);
  }
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("build-aux/wordpress.sh could not start WordPress: %s", err);

  lines = g_strsplit (out, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (g_str_has_prefix (lines[i], "site_url="))
        portal->url = g_strdup (lines[i] + strlen ("site_url="));
      else if (g_str_has_prefix (lines[i], "user="))
        portal->user = g_strdup (lines[i] + strlen ("user="));
      else if (g_str_has_prefix (lines[i], "password="))
        portal->password = g_strdup (lines[i] + strlen ("password="));
    }
  g_assert_nonnull (portal->url);
  g_assert_nonnull (portal->password);
}

static inline void
byline_test_portal_stop (BylineTestPortal *portal)
{
  if (portal->started_dir != NULL)
    {
      g_autofree char *script = byline_test_portal_script ();
      const char *argv[] = { "bash", script, "stop", portal->started_dir, NULL };

      g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL,
                    NULL, NULL);
    }
  g_clear_pointer (&portal->url, g_free);
  g_clear_pointer (&portal->user, g_free);
  g_clear_pointer (&portal->password, g_free);
  g_clear_pointer (&portal->started_dir, g_free);
}

/* Talks to the portal without the code under test, to check what it did. */
static inline JsonNode *
byline_test_rest (BylineTestPortal *portal,
                  const char       *method,
                  const char       *path,
                  const char       *json_body,
                  guint            *status)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *uri = g_strconcat (portal->url, "/wp-json/", path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, uri);
  g_autofree char *pair = g_strdup_printf ("%s:%s", portal->user, portal->password);
  g_autofree char *encoded = g_base64_encode ((const guchar *) pair, strlen (pair));
  g_autofree char *auth = g_strdup_printf ("Basic %s", encoded);
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();

  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
  if (json_body != NULL)
    {
      g_autoptr(GBytes) body = g_bytes_new (json_body, strlen (json_body));

      soup_message_set_request_body_from_bytes (msg, "application/json", body);
    }
  answer = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  if (status != NULL)
    *status = soup_message_get_status (msg);
  if (!json_parser_load_from_data (parser, g_bytes_get_data (answer, NULL),
                                   g_bytes_get_size (answer), &error))
    g_error ("%s %s: not JSON: %s", method, path, error->message);
  return json_node_ref (json_parser_get_root (parser));
}

/* How many items a listing holds in all, from X-WP-Total. */
static inline guint
byline_test_rest_total (BylineTestPortal *portal,
                        const char       *path)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *uri = g_strconcat (portal->url, "/wp-json/", path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", uri);
  g_autofree char *pair = g_strdup_printf ("%s:%s", portal->user, portal->password);
  g_autofree char *encoded = g_base64_encode ((const guchar *) pair, strlen (pair));
  g_autofree char *auth = g_strdup_printf ("Basic %s", encoded);
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(GError) error = NULL;
  const char *total;

  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
  answer = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
  total = soup_message_headers_get_one (soup_message_get_response_headers (msg), "X-WP-Total");
  g_assert_nonnull (total);
  return (guint) g_ascii_strtoull (total, NULL, 10);
}

static inline char *
byline_test_read_file (const char *name,
                       gsize      *length)
{
  const char *srcdir = g_getenv ("BYLINE_TEST_SRCDIR");
  g_autofree char *path = g_build_filename (srcdir != NULL ? srcdir : ".", "data", name, NULL);
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (path, &contents, length, &error);
  g_assert_no_error (error);
  return contents;
}

G_END_DECLS
