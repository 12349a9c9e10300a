/* bench-publish.c: wall time to publish an article with five local images to
 * the local WordPress, against the same requests sent one after another by
 * curl; and the longest the main loop was kept from running meanwhile, with
 * how much of that time the main thread itself ran (work on the main loop,
 * against waiting for a core on a busy machine).
 *
 *   meson compile -C _build bench-publish && _build/bench/bench-publish [ROUNDS]
 *
 * Uses the portal of BYLINE_TEST_WP_URL/_USER/_PASSWORD when set (or
 * _PASSWORD_FILE, a file holding the password, as build-aux/test.sh passes
 * it), else starts one with build-aux/wordpress.sh (as root) on a free port
 * and stops it after. Each round publishes fresh pictures (random pixels, so 500 KiB
 * of PNG each and every upload real) after one warm-up round; the last line,
 * "result byline_median_ms=… curl_median_ms=… ratio=… stall_max_ms=…", is
 * for bench/run-all.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <gdk-pixbuf/gdk-pixbuf.h>

#include "byline.h"
#include "byline-accounts.h"
#include "byline-publisher.h"

#define N_IMAGES 5

typedef struct
{
  gint64 last;
  gint64 longest;
  /* The main thread's own CPU time then: near the stall, it was working;
   * near zero, it waited (the disk, or the CPU busy elsewhere). */
  gint64 last_cpu;
  gint64 longest_cpu;
} Stall;

static gint64
thread_cpu_usec (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return (gint64) ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

/* The probe asks to run every millisecond: anything later is time the main
 * loop spent elsewhere. */
#define PROBE_INTERVAL_MS 1

static gboolean
tick_cb (gpointer user_data)
{
  Stall *stall = user_data;
  gint64 now = g_get_monotonic_time ();
  gint64 cpu = thread_cpu_usec ();

  if (stall->last > 0 && now - stall->last - PROBE_INTERVAL_MS * 1000 > stall->longest)
    {
      stall->longest = now - stall->last - PROBE_INTERVAL_MS * 1000;
      stall->longest_cpu = cpu - stall->last_cpu;
    }
  stall->last = now;
  stall->last_cpu = cpu;
  return G_SOURCE_CONTINUE;
}

static void
result_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static GAsyncResult *
wait_for (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *slot;
}

/* Five distinct real pictures of random pixels: PNG cannot compress noise,
 * so 418×418 RGB is about 500 KiB, and WordPress decodes and resizes each
 * as it would a photo. */
#define IMAGE_SIDE 418

static GPtrArray *
make_images (const char *dir,
             const char *tag)
{
  GPtrArray *paths = g_ptr_array_new_with_free_func (g_free);

  for (int i = 0; i < N_IMAGES; i++)
    {
      g_autofree char *name = g_strdup_printf ("%s-%d.png", tag, i);
      char *path = g_build_filename (dir, name, NULL);
      g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8,
                                                     IMAGE_SIDE, IMAGE_SIDE);
      guint8 *pixels = gdk_pixbuf_get_pixels (pixbuf);
      int stride = gdk_pixbuf_get_rowstride (pixbuf);
      g_autoptr(GError) error = NULL;

      for (int y = 0; y < IMAGE_SIDE; y++)
        for (int x = 0; x < IMAGE_SIDE * 3; x++)
          pixels[y * stride + x] = (guint8) g_random_int ();
      gdk_pixbuf_save (pixbuf, path, "png", &error, "compression", "0", NULL);
      g_assert_no_error (error);
      g_ptr_array_add (paths, path);
    }
  return paths;
}

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static double
median (GArray *values)
{
  g_array_sort (values, compare_double);
  if (values->len % 2 == 1)
    return g_array_index (values, double, values->len / 2);
  return (g_array_index (values, double, values->len / 2 - 1) +
          g_array_index (values, double, values->len / 2)) / 2;
}

/* A port nothing listens on now; the site starts on it a moment later. */
static guint16
free_port (void)
{
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                            G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;

  g_socket_bind (socket, any, FALSE, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
}

static double
publish_with_byline (BylineStore   *store,
                     BylineAccount *account,
                     const char    *password,
                     GPtrArray     *images,
                     double        *stall_ms)
{
  g_autoptr(BylinePortal) portal = byline_account_create_portal (account, password);
  g_autoptr(BylinePublisher) publisher = byline_publisher_new (store, account, portal);
  g_autoptr(BylineArticle) article = byline_article_new ();
  g_autoptr(BylineArticle) published = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) body = g_string_new ("## 小标题\n\n第一段。\n\n");
  g_autofree char *title = g_strdup_printf ("基准测试 %08x", g_random_int ());
  Stall stall = { 0, 0, 0, 0 };
  gint64 start;
  guint tick;

  for (guint i = 1; i < images->len; i++)
    {
      g_autofree char *uri = g_filename_to_uri (g_ptr_array_index (images, i), NULL, NULL);

      g_string_append_printf (body, "![图%u](%s)\n\n段落 %u。\n\n", i, uri, i);
    }
  byline_article_set_title (article, title);
  byline_article_set_body (article, body->str);
  byline_article_set_source (article, "界面新闻");
  byline_article_set_category (article, "创业");
  byline_article_set_cover_path (article, g_ptr_array_index (images, 0));
  byline_store_save (store, article, &error);
  g_assert_no_error (error);

  tick = g_timeout_add (PROBE_INTERVAL_MS, tick_cb, &stall);
  start = g_get_monotonic_time ();
  byline_publisher_publish_async (publisher, article, BYLINE_PUBLISH_FLAGS_NONE, NULL,
                                  result_cb, &result);
  published = byline_publisher_publish_finish (publisher, wait_for (&result), &error);
  g_source_remove (tick);
  g_assert_no_error (error);
  *stall_ms = stall.longest / 1000.0;
  g_print ("  longest stall %.1f ms, of which the main thread ran %.1f ms\n",
           stall.longest / 1000.0, stall.longest_cpu / 1000.0);
  return (g_get_monotonic_time () - start) / 1000.0;
}

static char *
run_curl (const char * const *args)
{
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  int status = 0;

  g_spawn_sync (NULL, (char **) args, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                NULL, NULL, &out, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return g_steal_pointer (&out);
}

/* The same uploads and post, one after another, each curl a new connection
 * as a shell script would send them. */
static double
publish_with_curl (const char *url,
                   const char *user,
                   const char *password,
                   GPtrArray  *images)
{
  g_autofree char *credentials = g_strdup_printf ("%s:%s", user, password);
  g_autofree char *media = g_strconcat (url, "/wp-json/wp/v2/media", NULL);
  g_autofree char *posts = g_strconcat (url, "/wp-json/wp/v2/posts", NULL);
  g_autoptr(GString) content = g_string_new ("<p>第一段。</p>");
  g_autofree char *post_json = NULL;
  gint64 start = g_get_monotonic_time ();

  for (guint i = 0; i < images->len; i++)
    {
      const char *path = g_ptr_array_index (images, i);
      g_autofree char *data = g_strconcat ("@", path, NULL);
      g_autofree char *base = g_path_get_basename (path);
      g_autofree char *disposition = g_strdup_printf ("Content-Disposition: attachment; "
                                                      "filename=\"%s\"", base);
      const char *args[] = { "curl", "-s", "-f", "-u", credentials, "-H",
                             "Content-Type: image/png", "-H", disposition, "--data-binary",
                             data, media, NULL };
      g_autofree char *answer = run_curl (args);

      g_string_append_printf (content, "<p><img src='%s/%u'></p>", url, i);
    }
  post_json = g_strdup_printf ("{\"title\":\"curl %08x\",\"status\":\"publish\","
                               "\"content\":\"%s\"}",
                               g_random_int (), content->str);
  {
    g_autofree char *escaped = NULL;
    const char *args[] = { "curl", "-s", "-f", "-u", credentials, "-H",
                           "Content-Type: application/json", "--data-binary", post_json, posts,
                           NULL };

    escaped = run_curl (args);
  }
  return (g_get_monotonic_time () - start) / 1000.0;
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *dir = g_dir_make_tmp ("byline-bench-publish-XXXXXX", NULL);
  g_autofree char *wp_dir = g_build_filename (dir, "wordpress", NULL);
  g_autofree char *script = g_build_filename (BYLINE_SOURCE_DIR, "build-aux", "wordpress.sh",
                                              NULL);
  g_autofree char *url = g_strdup (g_getenv ("BYLINE_TEST_WP_URL"));
  g_autofree char *user = g_strdup (g_getenv ("BYLINE_TEST_WP_USER"));
  g_autofree char *password = g_strdup (g_getenv ("BYLINE_TEST_WP_PASSWORD"));
  g_autoptr(BylineStore) store = NULL;
  g_autoptr(BylineAccount) account = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  gboolean started = FALSE;
  int rounds = argc > 1 ? atoi (argv[1]) : 5;
  g_autoptr(GArray) byline_times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) curl_times = g_array_new (FALSE, FALSE, sizeof (double));
  double stall_max = 0;

  if (url != NULL && password == NULL && g_getenv ("BYLINE_TEST_WP_PASSWORD_FILE") != NULL)
    {
      g_file_get_contents (g_getenv ("BYLINE_TEST_WP_PASSWORD_FILE"), &password, NULL, &error);
      g_assert_no_error (error);
      g_strstrip (password);
    }
  if (url != NULL && (user == NULL || password == NULL))
    g_error ("bench-publish: BYLINE_TEST_WP_URL needs BYLINE_TEST_WP_USER and "
             "BYLINE_TEST_WP_PASSWORD or BYLINE_TEST_WP_PASSWORD_FILE");

  if (url == NULL)
    {
      g_autofree char *port = g_strdup_printf ("%u", free_port ());
      const char *args[] = { "bash", script, "start", wp_dir, port, NULL };
      g_autofree char *out = NULL;
      g_auto(GStrv) lines = NULL;

      g_spawn_sync (NULL, (char **) args, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, NULL,
                    NULL, &error);
      g_assert_no_error (error);
      lines = g_strsplit (out, "\n", -1);
      for (guint i = 0; lines[i] != NULL; i++)
        if (g_str_has_prefix (lines[i], "site_url="))
          url = g_strdup (lines[i] + strlen ("site_url="));
        else if (g_str_has_prefix (lines[i], "user="))
          user = g_strdup (lines[i] + strlen ("user="));
        else if (g_str_has_prefix (lines[i], "password="))
          password = g_strdup (lines[i] + strlen ("password="));
      g_assert_nonnull (url);
      started = TRUE;
    }

  g_setenv (BYLINE_PORTAL_PASSWORD_ENV, password, TRUE);
  store = byline_store_open (dir, &error);
  g_assert_no_error (error);
  byline_accounts_add_async (store, "bench", url, user, password, NULL, result_cb, &result);
  account = byline_accounts_add_finish (store, wait_for (&result), &error);
  g_assert_no_error (error);

  g_print ("publish an article with %d new ~500 KiB images to %s\n", N_IMAGES, url);
  for (int round = -1; round < rounds; round++)
    {
      g_autofree char *tag_b = g_strdup_printf ("b%d", round);
      g_autofree char *tag_c = g_strdup_printf ("c%d", round);
      g_autoptr(GPtrArray) for_byline = make_images (dir, tag_b);
      g_autoptr(GPtrArray) for_curl = make_images (dir, tag_c);
      double stall = 0;
      double byline_ms = publish_with_byline (store, account, password, for_byline, &stall);
      double curl_ms = publish_with_curl (url, user, password, for_curl);

      g_print ("%s %d: byline %.0f ms (longest main-loop stall %.1f ms), "
               "curl one after another %.0f ms, ratio %.2f\n",
               round < 0 ? "warm-up" : "round", round < 0 ? 1 : round + 1,
               byline_ms, stall, curl_ms, byline_ms / curl_ms);
      if (round < 0)
        continue;
      g_array_append_val (byline_times, byline_ms);
      g_array_append_val (curl_times, curl_ms);
      stall_max = MAX (stall_max, stall);
    }
  g_print ("result byline_median_ms=%.0f curl_median_ms=%.0f ratio=%.2f stall_max_ms=%.1f\n",
           median (byline_times), median (curl_times),
           median (byline_times) / median (curl_times), stall_max);

  g_clear_object (&account);
  g_clear_object (&store);
  if (started)
    {
      const char *args[] = { "bash", script, "stop", wp_dir, NULL };

      g_spawn_sync (NULL, (char **) args, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL,
                    NULL, NULL);
    }
  {
    const char *args[] = { "rm", "-rf", dir, NULL };

    g_spawn_sync (NULL, (char **) args, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL,
                  NULL);
  }
  return 0;
}
