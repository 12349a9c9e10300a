/* bench-scroll.c: scrolling the drafts list of 100,000 drafts in the real window
 *
 * Usage: bench-scroll [-r RUNS] [-f FRAMES] [-p PAGES] [-l LISTS] [N_DRAFTS]
 *        (defaults: 5 runs after a warm-up, 60 frames, 120 pages, every
 *        list, 100000 drafts)
 *
 * Runs the window in-process on $DISPLAY over a store of N_DRAFTS drafts with
 * 3,000-character Chinese bodies (built once and cached where bench-store
 * keeps its stores: $BYLINE_BENCH_CACHE or /var/tmp). Each run scrolls the
 * list twice, from a tick callback that sets the list's vertical adjustment
 * once per frame:
 *
 *  - the sweep: from the top to the bottom of the whole list in FRAMES equal
 *    steps, the way dragging the scroll bar's slider does. At 100,000 drafts
 *    each step jumps over hundreds of rows, so every frame binds rows never
 *    seen before and reads their pages from the store;
 *  - paging: one page further per frame for PAGES frames from the top, like
 *    holding Page Down or a fast flick of the wheel.
 *
 * Meanwhile a probe asks the main loop to run it every millisecond, at high
 * priority. How late it runs is time the loop spent elsewhere (binding rows,
 * reading pages, measuring, painting): per frame the longest such stall is
 * kept, and the report gives the longest of the pass and the 95th and 99th
 * percentiles over its frames. The frame clock's phases say where a frame's
 * time went: update (the tick, and the rows GTK binds when the adjustment
 * moves), layout (measuring and allocating rows), paint (snapshot and
 * rendering).
 *
 * Baselines in the same run, scrolled the same way: the same window over
 * 1,000 drafts, and a bare GtkListView of the same size holding as many
 * plain labels (the same titles) as the big store has drafts, i.e. what the
 * toolkit and the renderer cost before Byline adds anything.
 *
 * Last line, for scripts:
 *   result stall_max_ms=… stall_p99_ms=… … page_stall_max_ms=… bare_stall_max_ms=… …
 *
 * BYLINE_BENCH_HIDE=content,flap,… hides parts of the window and
 * BYLINE_BENCH_CSS="…" lays a style sheet over the program's, to find which
 * part makes a frame expensive.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <adwaita.h>

#include "byline-test-fill.h"
#include "byline-window.h"

#include "bench-window-util.h"

#define BODY_CHARS   3000
#define SMALL_DRAFTS 1000

typedef struct
{
  /* the probe */
  gint64   probe_last;
  double   frame_stall_ms;    /* longest stall since the last frame */
  double   pass_stall_ms;     /* longest stall of the pass */
  GArray  *frame_stalls;      /* per frame: its longest stall, ms */

  /* per frame: update and layout (GTK's and Byline's work on the rows),
   * paint (snapshot and rendering), ms */
  gint64   phase_start;
  double   frame_work_ms;
  GArray  *work_ms;
  GArray  *paint_ms;

  /* the pass */
  gboolean scrolling;
  gboolean by_page;
  guint    frame;
  guint    n_frames;
  gint64   started;
  gint64   finished;
  guint    n_binds;
} Pass;

static Pass pass;

typedef struct
{
  double stall_max_ms;
  double stall_p95_ms;
  double stall_p99_ms;
  double work_p95_ms;
  double paint_p95_ms;
  double wall_ms;
  double frames;
  double rows;
  double binds;
} Result;

typedef struct
{
  Result sweep;
  Result paging;
} Results;

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
  if (values->len == 0)
    return 0;
  g_array_sort (values, compare_double);
  return g_array_index (values, double, MIN (values->len - 1, (guint) (p * values->len)));
}

static gboolean
probe_cb (gpointer user_data)
{
  gint64 now = g_get_monotonic_time ();

  if (pass.scrolling && pass.probe_last > 0)
    {
      double late_ms = (now - pass.probe_last - 1000) / 1000.0;

      pass.frame_stall_ms = MAX (pass.frame_stall_ms, late_ms);
      pass.pass_stall_ms = MAX (pass.pass_stall_ms, late_ms);
    }
  pass.probe_last = now;
  return G_SOURCE_CONTINUE;
}

/* The frame clock's phases: each handler below is connected after GTK's
 * own, so it runs when the phase's work is done. */
static void
before_paint_cb (GdkFrameClock *clock)
{
  pass.phase_start = g_get_monotonic_time ();
  pass.frame_work_ms = 0;
}

static void
work_done_cb (GdkFrameClock *clock)
{
  gint64 now = g_get_monotonic_time ();

  if (pass.phase_start > 0)
    pass.frame_work_ms += (now - pass.phase_start) / 1000.0;
  pass.phase_start = now;
}

static void
after_paint_cb (GdkFrameClock *clock)
{
  double paint_ms;

  if (!pass.scrolling || pass.phase_start == 0)
    return;
  paint_ms = (g_get_monotonic_time () - pass.phase_start) / 1000.0;
  pass.phase_start = 0;
  g_array_append_val (pass.paint_ms, paint_ms);
  g_array_append_val (pass.work_ms, pass.frame_work_ms);
  g_array_append_val (pass.frame_stalls, pass.frame_stall_ms);
  pass.frame_stall_ms = 0;
}

static void
bind_cb (GtkSignalListItemFactory *factory,
         GtkListItem              *item)
{
  if (pass.scrolling)
    pass.n_binds++;
}

static gboolean
tick_cb (GtkWidget     *widget,
         GdkFrameClock *clock,
         gpointer       user_data)
{
  GtkAdjustment *adjustment = user_data;
  double page = gtk_adjustment_get_page_size (adjustment);
  double bottom = gtk_adjustment_get_upper (adjustment) - page;
  double value;

  if (!pass.scrolling)
    return G_SOURCE_REMOVE;

  /* The list view estimates its height from the rows it has measured, so
   * the bottom is read again each frame. */
  pass.frame++;
  if (pass.by_page)
    value = MIN (bottom, page * pass.frame);
  else
    value = bottom * MIN (1.0, (double) pass.frame / pass.n_frames);
  gtk_adjustment_set_value (adjustment, value);

  if (pass.by_page ? pass.frame >= pass.n_frames || value >= bottom
                   : pass.frame >= pass.n_frames && value >= bottom - 0.5)
    {
      pass.finished = g_get_monotonic_time ();
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

static gboolean
set_flag_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Blocks in the loop rather than spinning: a busy wait would take a core
 * from the renderer's threads. */
static void
run_for (int ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, set_flag_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

static void
clear_pass (void)
{
  g_clear_pointer (&pass.frame_stalls, g_array_unref);
  g_clear_pointer (&pass.work_ms, g_array_unref);
  g_clear_pointer (&pass.paint_ms, g_array_unref);
}

static Result
scroll_once (GtkWidget *view,
             gboolean   by_page,
             guint      n_frames)
{
  GtkAdjustment *adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (view));
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (view));
  g_autoptr(GListModel) model = NULL;
  guint n_items;
  gint64 deadline;
  gulong handlers[4];
  Result result;

  g_object_get (view, "model", &model, NULL);
  n_items = g_list_model_get_n_items (model);
  /* Back to the top, and let the list settle there. */
  gtk_adjustment_set_value (adjustment, 0);
  run_for (700);

  clear_pass ();
  pass = (Pass) {
    .frame_stalls = g_array_new (FALSE, FALSE, sizeof (double)),
    .work_ms = g_array_new (FALSE, FALSE, sizeof (double)),
    .paint_ms = g_array_new (FALSE, FALSE, sizeof (double)),
    .by_page = by_page,
    .n_frames = n_frames,
  };
  handlers[0] = g_signal_connect (clock, "before-paint", G_CALLBACK (before_paint_cb), NULL);
  handlers[1] = g_signal_connect_after (clock, "update", G_CALLBACK (work_done_cb), NULL);
  handlers[2] = g_signal_connect_after (clock, "layout", G_CALLBACK (work_done_cb), NULL);
  handlers[3] = g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), NULL);
  pass.scrolling = TRUE;
  pass.started = g_get_monotonic_time ();
  gtk_widget_add_tick_callback (GTK_WIDGET (view), tick_cb, adjustment, NULL);

  deadline = pass.started + 600 * G_USEC_PER_SEC;
  while (pass.finished == 0)
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("bench-scroll: a pass did not end within 600 s");
      g_main_context_iteration (NULL, TRUE);
    }
  /* The last step's rows are bound and drawn in the frame after it. */
  run_for (100);
  pass.scrolling = FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (handlers); i++)
    g_signal_handler_disconnect (clock, handlers[i]);

  result.stall_max_ms = pass.pass_stall_ms;
  result.stall_p95_ms = percentile (pass.frame_stalls, 0.95);
  result.stall_p99_ms = percentile (pass.frame_stalls, 0.99);
  result.work_p95_ms = percentile (pass.work_ms, 0.95);
  result.paint_p95_ms = percentile (pass.paint_ms, 0.95);
  result.wall_ms = (pass.finished - pass.started) / 1000.0;
  result.frames = pass.frame_stalls->len;
  result.binds = pass.n_binds;
  /* The rows from the top to the bottom of the view where it stopped. */
  result.rows = n_items * MIN (1.0, (gtk_adjustment_get_value (adjustment) +
                                     gtk_adjustment_get_page_size (adjustment)) /
                                    gtk_adjustment_get_upper (adjustment));
  return result;
}

static double
median_of (GArray *runs,
           gsize   offset)
{
  g_autoptr(GArray) values = g_array_new (FALSE, FALSE, sizeof (double));

  for (guint i = 0; i < runs->len; i++)
    g_array_append_val (values, G_STRUCT_MEMBER (double, &g_array_index (runs, Result, i),
                                                 offset));
  return percentile (values, 0.5);
}

static Result
median_result (GArray *runs)
{
  Result median = {
    .stall_max_ms = median_of (runs, G_STRUCT_OFFSET (Result, stall_max_ms)),
    .stall_p95_ms = median_of (runs, G_STRUCT_OFFSET (Result, stall_p95_ms)),
    .stall_p99_ms = median_of (runs, G_STRUCT_OFFSET (Result, stall_p99_ms)),
    .work_p95_ms = median_of (runs, G_STRUCT_OFFSET (Result, work_p95_ms)),
    .paint_p95_ms = median_of (runs, G_STRUCT_OFFSET (Result, paint_p95_ms)),
    .wall_ms = median_of (runs, G_STRUCT_OFFSET (Result, wall_ms)),
    .frames = median_of (runs, G_STRUCT_OFFSET (Result, frames)),
    .rows = median_of (runs, G_STRUCT_OFFSET (Result, rows)),
    .binds = median_of (runs, G_STRUCT_OFFSET (Result, binds)),
  };

  return median;
}

static void
print_result (const char   *what,
              const char   *label,
              const char   *how,
              const Result *r)
{
  printf ("%s %s %s: longest stall %.1f ms, per frame p95 %.1f ms, p99 %.1f ms "
          "(p95 update+layout %.1f ms, paint %.1f ms); %.0f frames in %.0f ms, "
          "%.0f rows passed, %.0f rows bound\n",
          what, label, how, r->stall_max_ms, r->stall_p95_ms, r->stall_p99_ms,
          r->work_p95_ms, r->paint_p95_ms, r->frames, r->wall_ms, r->rows, r->binds);
}

/* A warm-up, then RUNS timed runs of a sweep and a paging each; prints
 * every pass and returns the medians. */
static Results
scroll_view (GtkWidget  *view,
             const char *label,
             guint       runs,
             guint       n_frames,
             guint       n_pages)
{
  g_autoptr(GtkListItemFactory) factory = NULL;
  g_autoptr(GArray) sweeps = g_array_new (FALSE, FALSE, sizeof (Result));
  g_autoptr(GArray) pagings = g_array_new (FALSE, FALSE, sizeof (Result));
  gulong bind_handler;
  Results results;

  g_object_get (view, "factory", &factory, NULL);
  /* After the program's own handler: how many rows the view asked for. */
  bind_handler = g_signal_connect_after (factory, "bind", G_CALLBACK (bind_cb), NULL);

  for (guint i = 0; i <= runs; i++)
    {
      const char *what = i == 0 ? "warm-up" : "run";
      Result sweep = scroll_once (view, FALSE, n_frames);
      Result paging = scroll_once (view, TRUE, n_pages);

      print_result (what, label, "sweep", &sweep);
      print_result (what, label, "paging", &paging);
      fflush (stdout);
      if (i > 0)
        {
          g_array_append_val (sweeps, sweep);
          g_array_append_val (pagings, paging);
        }
    }
  results.sweep = median_result (sweeps);
  results.paging = median_result (pagings);
  print_result ("median", label, "sweep", &results.sweep);
  print_result ("median", label, "paging", &results.paging);

  g_signal_handler_disconnect (factory, bind_handler);
  return results;
}

static char *
ensure_store (guint n_drafts)
{
  const char *cache = g_getenv ("BYLINE_BENCH_CACHE");
  g_autofree char *dir = g_strdup_printf ("%s/byline-bench-store-%u-%u",
                                          cache ? cache : "/var/tmp", n_drafts, BODY_CHARS);
  g_autofree char *done = g_build_filename (dir, "complete", NULL);

  if (!g_file_test (done, G_FILE_TEST_EXISTS))
    {
      g_autoptr(BylineStore) store = NULL;
      g_autoptr(GError) error = NULL;

      fprintf (stderr, "bench-scroll: building %u drafts in %s…\n", n_drafts, dir);
      store = byline_store_open (dir, &error);
      g_assert_no_error (error);
      byline_test_fill_store (store, n_drafts, BODY_CHARS, "独一无二的标记词语", 42);
      g_file_set_contents (done, "", 0, NULL);
    }

  return g_steal_pointer (&dir);
}

typedef struct
{
  int width;
  int height;
  int list_width;
  int list_height;
} Geometry;

static Results
scroll_window (const char *dir,
               const char *label,
               guint       runs,
               guint       n_frames,
               guint       n_pages,
               Geometry   *geometry)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BylineStore) store = byline_store_open (dir, &error);
  BylineWindow *window;
  GtkWidget *view;
  g_autoptr(GListModel) model = NULL;
  Results results;

  g_assert_no_error (error);
  window = byline_window_new (NULL, store);
  bench_window_hide_parts (window, "bench-scroll");
  gtk_window_present (GTK_WINDOW (window));
  /* The first frames, the open draft, the first screen of the list. */
  run_for (2000);

  view = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (window), BYLINE_TYPE_WINDOW,
                                                    "drafts_view"));
  *geometry = (Geometry) {
    gtk_widget_get_width (GTK_WIDGET (window)), gtk_widget_get_height (GTK_WIDGET (window)),
    gtk_widget_get_width (view), gtk_widget_get_height (view),
  };
  g_object_get (view, "model", &model, NULL);
  printf ("%s: %u drafts, window %d×%d, list %d×%d\n", label,
          g_list_model_get_n_items (model),
          geometry->width, geometry->height, geometry->list_width, geometry->list_height);

  results = scroll_view (view, label, runs, n_frames, n_pages);

  gtk_window_destroy (GTK_WINDOW (window));
  run_for (200);
  return results;
}

static void
bare_setup_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_list_item_set_child (item, label);
}

static void
bare_bind_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item)
{
  GtkStringObject *string = gtk_list_item_get_item (item);

  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (item)),
                      gtk_string_object_get_string (string));
}

/* The titles of the big store, so that the bare list draws the same
 * glyphs. */
static GtkStringList *
read_titles (const char *dir)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BylineStore) store = byline_store_open (dir, &error);
  g_autoptr(BylineDraftList) drafts = NULL;
  GtkStringList *titles = gtk_string_list_new (NULL);
  guint n;

  g_assert_no_error (error);
  drafts = byline_store_list_drafts (store, NULL, -1);
  n = g_list_model_get_n_items (G_LIST_MODEL (drafts));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(BylineDraftSummary) summary = g_list_model_get_item (G_LIST_MODEL (drafts), i);

      gtk_string_list_append (titles, byline_draft_summary_get_title (summary));
    }

  return titles;
}

static Results
scroll_bare (const char     *dir,
             guint           runs,
             guint           n_frames,
             guint           n_pages,
             const Geometry *geometry)
{
  GtkStringList *titles = read_titles (dir);
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkWidget *window = gtk_window_new ();
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *view;
  Results results;

  g_signal_connect (factory, "setup", G_CALLBACK (bare_setup_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bare_bind_cb), NULL);
  view = gtk_list_view_new (GTK_SELECTION_MODEL (gtk_no_selection_new (G_LIST_MODEL (titles))),
                            factory);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), view);
  /* Where Byline's list is: at the bottom left, below its header. */
  gtk_widget_set_size_request (scrolled, geometry->list_width, geometry->list_height);
  gtk_widget_set_halign (scrolled, GTK_ALIGN_START);
  gtk_widget_set_valign (scrolled, GTK_ALIGN_END);
  gtk_window_set_child (GTK_WINDOW (window), scrolled);
  gtk_window_set_default_size (GTK_WINDOW (window), geometry->width, geometry->height);
  gtk_window_present (GTK_WINDOW (window));
  run_for (2000);

  printf ("bare list: %u labels, window %d×%d, list %d×%d\n",
          g_list_model_get_n_items (G_LIST_MODEL (titles)),
          gtk_widget_get_width (window), gtk_widget_get_height (window),
          gtk_widget_get_width (view), gtk_widget_get_height (view));
  results = scroll_view (view, "bare-list", runs, n_frames, n_pages);

  gtk_window_destroy (GTK_WINDOW (window));
  run_for (200);
  return results;
}

int
main (int   argc,
      char *argv[])
{
  int runs = 5;
  int n_frames = 60;
  int n_pages = 120;
  g_autofree char *lists = NULL;
  const GOptionEntry entries[] = {
    { "runs", 'r', 0, G_OPTION_ARG_INT, &runs, "Timed runs of each list (5)", "RUNS" },
    { "frames", 'f', 0, G_OPTION_ARG_INT, &n_frames,
      "Frames of the sweep from the top to the bottom (60)", "FRAMES" },
    { "pages", 'p', 0, G_OPTION_ARG_INT, &n_pages, "Frames of paging, a page each (120)",
      "PAGES" },
    { "lists", 'l', 0, G_OPTION_ARG_STRING, &lists,
      "Which lists to scroll, of byline,small,bare (all of them)", "LISTS" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("[N_DRAFTS]");
  g_autoptr(GError) error = NULL;
  g_autofree char *big = NULL;
  g_autofree char *small = NULL;
  Geometry geometry = { 1170, 750, 300, 605 };
  Results big_r = { 0 }, small_r = { 0 }, bare_r = { 0 };
  guint n_drafts;
  guint probe_id;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      fprintf (stderr, "bench-scroll: %s\n", error->message);
      return 2;
    }
  n_drafts = argc > 1 ? (guint) g_ascii_strtoull (argv[1], NULL, 10) : 100000;
  if (runs < 1 || n_frames < 1 || n_pages < 1 || n_drafts < 1)
    {
      fprintf (stderr, "bench-scroll: RUNS, FRAMES, PAGES and N_DRAFTS must be positive\n");
      return 2;
    }

  bench_window_init ();
  bench_load_style_override ();

  big = ensure_store (n_drafts);
  small = ensure_store (SMALL_DRAFTS);

  probe_id = g_timeout_add_full (G_PRIORITY_HIGH, 1, probe_cb, NULL, NULL);

  printf ("each run: the whole list in %d frames (sweep), then %d frames of a page each "
          "(paging); %d runs after a warm-up\n", n_frames, n_pages, runs);
  if (lists == NULL || strstr (lists, "byline") != NULL)
    big_r = scroll_window (big, "byline", runs, n_frames, n_pages, &geometry);
  if (lists == NULL || strstr (lists, "small") != NULL)
    small_r = scroll_window (small, "byline-1000", runs, n_frames, n_pages, &geometry);
  if (lists == NULL || strstr (lists, "bare") != NULL)
    bare_r = scroll_bare (big, runs, n_frames, n_pages, &geometry);

  g_source_remove (probe_id);
  clear_pass ();

  printf ("result stall_max_ms=%.1f stall_p95_ms=%.1f stall_p99_ms=%.1f work_p95_ms=%.1f "
          "paint_p95_ms=%.1f wall_ms=%.0f frames=%.0f rows=%.0f "
          "page_stall_max_ms=%.1f page_stall_p99_ms=%.1f page_work_p95_ms=%.1f page_rows=%.0f "
          "small_stall_max_ms=%.1f small_stall_p99_ms=%.1f small_page_stall_max_ms=%.1f "
          "bare_stall_max_ms=%.1f bare_stall_p99_ms=%.1f bare_work_p95_ms=%.1f "
          "bare_paint_p95_ms=%.1f bare_page_stall_max_ms=%.1f bare_page_stall_p99_ms=%.1f\n",
          big_r.sweep.stall_max_ms, big_r.sweep.stall_p95_ms, big_r.sweep.stall_p99_ms,
          big_r.sweep.work_p95_ms, big_r.sweep.paint_p95_ms, big_r.sweep.wall_ms,
          big_r.sweep.frames, big_r.sweep.rows,
          big_r.paging.stall_max_ms, big_r.paging.stall_p99_ms, big_r.paging.work_p95_ms,
          big_r.paging.rows,
          small_r.sweep.stall_max_ms, small_r.sweep.stall_p99_ms, small_r.paging.stall_max_ms,
          bare_r.sweep.stall_max_ms, bare_r.sweep.stall_p99_ms, bare_r.sweep.work_p95_ms,
          bare_r.sweep.paint_p95_ms, bare_r.paging.stall_max_ms, bare_r.paging.stall_p99_ms);
  return 0;
}
