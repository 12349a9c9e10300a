/* bench-typing.c: typing into a 200,000-character body in the real window
 *
 * Usage: bench-typing [KEYSTROKES]   (default 240, after 20 warm-up ones)
 *
 * Runs the window in-process on $DISPLAY. Each keystroke inserts one
 * character at the cursor, in the middle of the body and on screen, the way
 * an input method commits it; its latency is the time until the window's
 * frame clock emits the next "after-paint", i.e. until a frame holding the
 * change has been drawn. Keystrokes come every KEY_INTERVAL_MS, so that the
 * debounced autosave runs several times meanwhile.
 *
 * A 1 ms timeout probes the main loop. A late probe means something kept
 * the loop busy: the time spent painting frames and inside the keystrokes
 * themselves is subtracted, and what is left (the autosave, its snapshot and
 * what it updates afterwards) is the stall reported. A second phase types
 * one character, then lets the autosave run alone with nothing else to do.
 *
 * On a busy machine most long stalls are the main thread waiting for a
 * CPU that other processes (or the renderer's threads) hold, not work of
 * its own. Linux counts that wait per thread (/proc/thread-self/schedstat,
 * its second field), so each stall is also reported without it, as a
 * second figure (autosave_own_ms): the stall figure is the wall-clock one.
 *
 * The baseline, typed into the same way in the same run: a plain window of
 * the same size holding only a GtkSourceView with the same body, the same
 * Markdown highlighting (byline_article_form_get_markdown_language()) and
 * wrapping, i.e. what the toolkit costs on this machine and renderer before
 * Byline adds anything.
 *
 * Last line, for scripts:
 *   result key_median_ms=… key_p95_ms=… key_max_ms=… autosave_stall_ms=… …
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <adwaita.h>
#include <gtksourceview/gtksource.h>

#include "byline-article-form.h"
#include "byline-test-fill.h"
#include "byline-window.h"

#include "bench-window-util.h"

#define BODY_CHARS      200000
#define WARMUP_KEYS     20
#define KEY_INTERVAL_MS 60

typedef struct
{
  /* frame clock */
  guint   n_paints;
  gint64  last_after_paint;
  gint64  paint_started;
  gint64  accounted_us;   /* painting and keystrokes, since the start */

  /* main-loop probe */
  gint64  probe_last;
  gint64  probe_accounted;
  gint64  longest_raw_us;
  gint64  longest_other_us;

  /* the main thread's waits for a CPU, -1 where Linux does not count them */
  int     schedstat_fd;
  gint64  probe_waited;
  gint64  longest_own_us;
} Probe;

static Probe probe;

static void
before_paint_cb (GdkFrameClock *clock)
{
  probe.paint_started = g_get_monotonic_time ();
}

static void
after_paint_cb (GdkFrameClock *clock)
{
  gint64 now = g_get_monotonic_time ();

  if (probe.paint_started > 0)
    probe.accounted_us += now - probe.paint_started;
  probe.paint_started = 0;
  probe.last_after_paint = now;
  probe.n_paints++;
}

/* Microseconds the main thread has spent runnable but not running. */
static gint64
read_cpu_wait (void)
{
  char text[128];
  ssize_t n;
  char **fields;
  gint64 waited = 0;

  if (probe.schedstat_fd < 0)
    return 0;
  n = pread (probe.schedstat_fd, text, sizeof text - 1, 0);
  if (n <= 0)
    return 0;
  text[n] = '\0';
  fields = g_strsplit (text, " ", 3);
  if (g_strv_length (fields) >= 2)
    waited = g_ascii_strtoll (fields[1], NULL, 10) / 1000;
  g_strfreev (fields);
  return waited;
}

static gboolean
probe_cb (gpointer user_data)
{
  gint64 now = g_get_monotonic_time ();
  gint64 waited = read_cpu_wait ();

  if (probe.probe_last > 0)
    {
      /* The probe asks to run every millisecond; anything later is time
       * the loop spent elsewhere. */
      gint64 late = now - probe.probe_last - 1000;
      gint64 other = late - (probe.accounted_us - probe.probe_accounted);

      probe.longest_raw_us = MAX (probe.longest_raw_us, late);
      probe.longest_other_us = MAX (probe.longest_other_us, other);
      probe.longest_own_us = MAX (probe.longest_own_us, other - (waited - probe.probe_waited));
    }
  probe.probe_last = now;
  probe.probe_accounted = probe.accounted_us;
  probe.probe_waited = waited;
  return G_SOURCE_CONTINUE;
}

static void
reset_probe (void)
{
  probe.probe_last = 0;
  probe.longest_raw_us = 0;
  probe.longest_other_us = 0;
  probe.longest_own_us = 0;
}

static void
run_until (gint64 deadline)
{
  while (g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
}

static void
run_until_painted (guint after)
{
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  while (probe.n_paints <= after)
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("bench-typing: no frame drawn within 5 s");
      g_main_context_iteration (NULL, FALSE);
    }
}

static char *
make_body (void)
{
  static const char chars[] = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可也你"
                              "经济新闻记者报道市场发展公司政府城市企业项目数据平台今年表示相关部门负责";
  g_autoptr(GString) body = g_string_sized_new (BODY_CHARS * 3 + 1024);
  glong n_chars = g_utf8_strlen (chars, -1);
  guint32 state = 7;
  glong written = 0;

  while (written < BODY_CHARS)
    {
      /* Paragraphs of 80 to 200 characters, like a news article's. */
      glong paragraph = 80 + (state = state * 1103515245 + 12345) % 121;

      for (glong i = 0; i < paragraph && written < BODY_CHARS; i++, written++)
        {
          const char *c;

          state = state * 1103515245 + 12345;
          c = g_utf8_offset_to_pointer (chars, (state >> 8) % n_chars);
          g_string_append_len (body, c, g_utf8_next_char (c) - c);
        }
      if (written < BODY_CHARS)
        g_string_append (body, "。\n\n");
    }

  return g_string_free (g_steal_pointer (&body), FALSE);
}

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static double
percentile (GArray *values,
            double  p)
{
  g_array_sort (values, compare_double);
  return g_array_index (values, double, MIN (values->len - 1, (guint) (p * values->len)));
}

static GtkTextBuffer *
get_body_buffer (BylineWindow *window)
{
  GObject *form = gtk_widget_get_template_child (GTK_WIDGET (window), BYLINE_TYPE_WINDOW, "form");
  GObject *view = gtk_widget_get_template_child (GTK_WIDGET (form), BYLINE_TYPE_ARTICLE_FORM,
                                                 "body_view");

  return gtk_text_view_get_buffer (GTK_TEXT_VIEW (view));
}

static double
type_one (GtkTextBuffer *buffer,
          const char    *text)
{
  guint paints = probe.n_paints;
  gint64 start = g_get_monotonic_time ();

  gtk_text_buffer_begin_user_action (buffer);
  gtk_text_buffer_insert_at_cursor (buffer, text, -1);
  gtk_text_buffer_end_user_action (buffer);
  probe.accounted_us += g_get_monotonic_time () - start;

  run_until_painted (paints);
  return (probe.last_after_paint - start) / 1000.0;
}

static void
watch_frames (GtkWidget *window)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (window);

  g_signal_connect (clock, "before-paint", G_CALLBACK (before_paint_cb), NULL);
  g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), NULL);
}

static void
place_cursor_in_middle (GtkTextView *view)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  GtkTextIter middle;

  g_assert_cmpint (gtk_text_buffer_get_char_count (buffer), >=, BODY_CHARS);
  gtk_text_buffer_get_iter_at_offset (buffer, &middle, BODY_CHARS / 2);
  gtk_text_buffer_place_cursor (buffer, &middle);
  gtk_widget_grab_focus (GTK_WIDGET (view));
  gtk_text_view_scroll_to_mark (view, gtk_text_buffer_get_insert (buffer), 0.0, TRUE, 0.0, 0.5);
}

/* Keystrokes every KEY_INTERVAL_MS; the probe is reset after the warm-up. */
static GArray *
type_keys (GtkTextBuffer *buffer,
           int            keystrokes)
{
  GArray *latencies = g_array_new (FALSE, FALSE, sizeof (double));

  for (int i = 0; i < WARMUP_KEYS + keystrokes; i++)
    {
      gint64 next = g_get_monotonic_time () + KEY_INTERVAL_MS * 1000;
      double ms = type_one (buffer, i % 2 ? "字" : "稿");

      if (i == WARMUP_KEYS)
        reset_probe ();
      if (i >= WARMUP_KEYS)
        g_array_append_val (latencies, ms);
      run_until (next);
    }

  return latencies;
}

static GArray *
type_into_bare_view (const char *body,
                     int         keystrokes)
{
  GtkSourceBuffer *buffer =
    gtk_source_buffer_new_with_language (byline_article_form_get_markdown_language ());
  GtkWidget *window = gtk_window_new ();
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *view = gtk_source_view_new_with_buffer (buffer);
  GArray *latencies;

  gtk_text_buffer_set_text (GTK_TEXT_BUFFER (buffer), body, -1);
  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (view), GTK_WRAP_WORD_CHAR);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), view);
  gtk_window_set_child (GTK_WINDOW (window), scrolled);
  gtk_window_set_default_size (GTK_WINDOW (window), 1180, 760);
  gtk_window_present (GTK_WINDOW (window));
  run_until (g_get_monotonic_time () + G_USEC_PER_SEC / 2);
  watch_frames (window);
  place_cursor_in_middle (GTK_TEXT_VIEW (view));
  run_until (g_get_monotonic_time () + 3 * G_USEC_PER_SEC);

  latencies = type_keys (GTK_TEXT_BUFFER (buffer), keystrokes);

  g_signal_handlers_disconnect_by_func (gtk_widget_get_frame_clock (window),
                                        before_paint_cb, NULL);
  g_signal_handlers_disconnect_by_func (gtk_widget_get_frame_clock (window),
                                        after_paint_cb, NULL);
  gtk_window_destroy (GTK_WINDOW (window));
  g_object_unref (buffer);
  return latencies;
}

int
main (int   argc,
      char *argv[])
{
  int keystrokes = argc > 1 ? atoi (argv[1]) : 240;
  g_autofree char *dir = g_dir_make_tmp ("byline-bench-typing-XXXXXX", NULL);
  g_autofree char *body = NULL;
  g_autoptr(BylineStore) store = NULL;
  g_autoptr(BylineArticle) article = NULL;
  g_autoptr(GArray) latencies = NULL;
  g_autoptr(GArray) bare = NULL;
  g_autoptr(GError) error = NULL;
  BylineWindow *window;
  GtkTextBuffer *buffer;
  gint64 typing_stall_raw, typing_stall_other;
  gint64 save_stall_raw, save_stall_other;
  gint64 typing_stall_own, save_stall_own;
  gint64 save_start;
  guint probe_id;

  bench_window_init ();
  probe.schedstat_fd = open ("/proc/thread-self/schedstat", O_RDONLY | O_CLOEXEC);

  store = byline_store_open (dir, &error);
  g_assert_no_error (error);
  /* BYLINE_BENCH_DRAFTS: how many other drafts the list holds (1000); a
   * run with a handful tells what the list costs each keystroke. */
  byline_test_fill_store (store,
                          g_getenv ("BYLINE_BENCH_DRAFTS") != NULL
                          ? (guint) g_ascii_strtoull (g_getenv ("BYLINE_BENCH_DRAFTS"), NULL, 10)
                          : 1000,
                          3000, "标记", 42);

  body = make_body ();
  article = byline_article_new ();
  byline_article_set_title (article, "二十万字的长稿");
  byline_article_set_body (article, body);
  byline_store_save (store, article, &error);
  g_assert_no_error (error);

  /* BYLINE_BENCH_NO_AUTOSAVE=1: the same without autosave, to tell what the
   * saves cost the keystrokes. */
  if (g_getenv ("BYLINE_BENCH_NO_AUTOSAVE") != NULL)
    {
      g_autoptr(GSettings) settings = g_settings_new (APP_ID);

      g_settings_set_boolean (settings, "autosave", FALSE);
    }

  window = byline_window_new (NULL, store);
  gtk_window_present (GTK_WINDOW (window));
  byline_window_open_draft (window, byline_article_get_id (article));

  watch_frames (GTK_WIDGET (window));
  buffer = get_body_buffer (window);
  {
    GObject *form = gtk_widget_get_template_child (GTK_WIDGET (window), BYLINE_TYPE_WINDOW, "form");

    place_cursor_in_middle (GTK_TEXT_VIEW (gtk_widget_get_template_child (GTK_WIDGET (form),
                                                                          BYLINE_TYPE_ARTICLE_FORM,
                                                                          "body_view")));
  }

  bench_window_hide_parts (window, "bench-typing");

  /* Let the window settle: the first frames, highlighting, the list. */
  run_until (g_get_monotonic_time () + 3 * G_USEC_PER_SEC);
  {
    /* Every row widget is measured on each resize of the window, and a
     * keystroke resizes it (the word count), so their number matters. */
    GtkWidget *list = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (window),
                                                                 BYLINE_TYPE_WINDOW,
                                                                 "drafts_view"));
    guint n_rows = 0;

    for (GtkWidget *row = gtk_widget_get_first_child (list); row != NULL;
         row = gtk_widget_get_next_sibling (row))
      n_rows++;
    printf ("the drafts list holds %u row widgets for %d visible pixels\n", n_rows,
            gtk_widget_get_height (list));
  }

  probe_id = g_timeout_add (1, probe_cb, NULL);
  latencies = type_keys (buffer, keystrokes);
  typing_stall_raw = probe.longest_raw_us;
  typing_stall_other = probe.longest_other_us;
  typing_stall_own = probe.longest_own_us;

  /* Autosave alone: one keystroke, then nothing but the save. */
  run_until (g_get_monotonic_time () + 1500 * 1000);
  type_one (buffer, "完");
  reset_probe ();
  save_start = g_get_monotonic_time ();
  while (g_getenv ("BYLINE_BENCH_NO_AUTOSAVE") == NULL && byline_window_has_unsaved (window))
    {
      if (g_get_monotonic_time () - save_start > 10 * G_USEC_PER_SEC)
        g_error ("bench-typing: the autosave did not finish within 10 s");
      g_main_context_iteration (NULL, FALSE);
    }
  run_until (g_get_monotonic_time () + 200 * 1000);
  g_source_remove (probe_id);
  save_stall_raw = probe.longest_raw_us;
  save_stall_other = probe.longest_other_us;
  save_stall_own = probe.longest_own_us;
  g_signal_handlers_disconnect_by_func (gtk_widget_get_frame_clock (GTK_WIDGET (window)),
                                        before_paint_cb, NULL);
  g_signal_handlers_disconnect_by_func (gtk_widget_get_frame_clock (GTK_WIDGET (window)),
                                        after_paint_cb, NULL);
  gtk_widget_set_visible (GTK_WIDGET (window), FALSE);

  bare = type_into_bare_view (body, keystrokes);

  printf ("typing into a %d-character body, %u keystrokes every %d ms after %d warm-up\n",
          BODY_CHARS, latencies->len, KEY_INTERVAL_MS, WARMUP_KEYS);
  printf ("keystroke to after-paint: median %.1f ms, p95 %.1f ms, max %.1f ms\n",
          percentile (latencies, 0.5), percentile (latencies, 0.95),
          percentile (latencies, 1.0));
  printf ("baseline, a bare GtkSourceView: median %.1f ms, p95 %.1f ms, max %.1f ms\n",
          percentile (bare, 0.5), percentile (bare, 0.95), percentile (bare, 1.0));
  printf ("while typing: longest main-loop stall %.1f ms, %.1f ms of it not painting or "
          "inserting; without waits for a CPU %.1f ms\n", typing_stall_raw / 1000.0,
          typing_stall_other / 1000.0, typing_stall_own / 1000.0);
  printf ("autosave alone: longest main-loop stall %.1f ms, %.1f ms of it not painting; "
          "without waits for a CPU %.1f ms\n",
          save_stall_raw / 1000.0, save_stall_other / 1000.0, save_stall_own / 1000.0);
  printf ("result key_median_ms=%.1f key_p95_ms=%.1f key_max_ms=%.1f "
          "bare_median_ms=%.1f bare_p95_ms=%.1f bare_max_ms=%.1f "
          "typing_stall_ms=%.1f autosave_stall_ms=%.1f autosave_own_ms=%.1f\n",
          percentile (latencies, 0.5), percentile (latencies, 0.95),
          percentile (latencies, 1.0), percentile (bare, 0.5), percentile (bare, 0.95),
          percentile (bare, 1.0), typing_stall_other / 1000.0,
          MAX (typing_stall_other, save_stall_other) / 1000.0,
          probe.schedstat_fd >= 0 ? MAX (typing_stall_own, save_stall_own) / 1000.0 : -1.0);

  gtk_window_destroy (GTK_WINDOW (window));
  g_clear_object (&store);
  {
    g_autofree char *quoted = g_shell_quote (dir);
    g_autofree char *command = g_strdup_printf ("rm -rf %s", quoted);

    if (system (command) != 0)
      g_printerr ("bench-typing: could not remove %s\n", dir);
  }
  return 0;
}
