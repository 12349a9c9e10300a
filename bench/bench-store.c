/* bench-store.c: the drafts store at scale
 *
 * Usage: bench-store [N_DRAFTS [BODY_CHARS]]   (default 100000 3000)
 *
 * Builds (once, cached under $BYLINE_BENCH_CACHE or /var/tmp) a store of
 * N_DRAFTS drafts with BODY_CHARS-character Chinese bodies, then reports
 * medians over repeated runs: opening the store and reading the first
 * screen of the list, a 4-character full-text search (median and p95 of
 * 60 searches, after a warm-up that searches each of the 13 words once;
 * the slowest of those first searches is reported on its own), and
 * the resident memory of a process that opened the store and listed it,
 * against the same with 1,000 drafts (the baseline, built the same way).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

#include "byline.h"
#include "byline-test-fill.h"

#define RUNS 9
#define SEARCHES 60
#define FIRST_SCREEN 50
/* Every fifth search: a word of the one draft ensure_store() marks. */
#define MARKER "标记词语"

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

static char *
ensure_store (guint n_drafts,
              guint body_chars)
{
  const char *cache = g_getenv ("BYLINE_BENCH_CACHE");
  g_autofree char *dir = g_strdup_printf ("%s/byline-bench-store-%u-%u",
                                          cache ? cache : "/var/tmp", n_drafts, body_chars);
  g_autofree char *done = g_build_filename (dir, "complete", NULL);

  if (!g_file_test (done, G_FILE_TEST_EXISTS))
    {
      g_autoptr(BylineStore) store = NULL;
      g_autoptr(GError) error = NULL;
      gint64 start = g_get_monotonic_time ();

      fprintf (stderr, "bench-store: building %u drafts of %u characters in %s…\n",
               n_drafts, body_chars, dir);
      store = byline_store_open (dir, &error);
      g_assert_no_error (error);
      byline_test_fill_store (store, n_drafts, body_chars, "独一无二的" MARKER, 42);
      g_file_set_contents (done, "", 0, NULL);
      fprintf (stderr, "bench-store: built in %.1f s\n",
               (g_get_monotonic_time () - start) / 1e6);
    }

  return g_steal_pointer (&dir);
}

static double
time_open_first_screen (const char *dir)
{
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();
  g_autoptr(BylineStore) store = byline_store_open (dir, &error);
  g_autoptr(BylineDraftList) list = NULL;
  double ms;

  g_assert_no_error (error);
  list = byline_store_list_drafts (store, NULL, -1);
  for (guint i = 0; i < FIRST_SCREEN; i++)
    {
      g_autoptr(BylineDraftSummary) item = g_list_model_get_item (G_LIST_MODEL (list), i);

      g_assert_nonnull (byline_draft_summary_get_title (item));
    }
  ms = (g_get_monotonic_time () - start) / 1000.0;
  return ms;
}

/* What the window does: the matches, and the first row shown. */
static double
time_search (BylineStore *store,
             const char  *query)
{
  gint64 start = g_get_monotonic_time ();
  g_autoptr(BylineDraftList) list = byline_store_list_drafts (store, query, -1);
  g_autoptr(BylineDraftSummary) item = NULL;

  if (g_list_model_get_n_items (G_LIST_MODEL (list)) > 0)
    item = g_list_model_get_item (G_LIST_MODEL (list), 0);
  return (g_get_monotonic_time () - start) / 1000.0;
}

static void
time_searches (const char *dir,
               double     *first_max,
               double     *median,
               double     *p95)
{
  static const char *queries[] = {
    "商会党建", "网格街道", "企业发展", "治理社区", "创新平台", "招商引资",
    "疫情防控", "青岛市北", "啤酒品牌", "发布会议", "政策市场", "科技互联",
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(BylineStore) store = byline_store_open (dir, &error);
  g_autoptr(GArray) firsts = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));
  double first;

  g_assert_no_error (error);
  /* The warm-up: each word once, the first search of it in this process
   * (its trigrams' pages are read from disk, or from the page cache when
   * an earlier run left them there). Reported on their own. */
  for (guint i = 0; i < G_N_ELEMENTS (queries); i++)
    {
      double ms = time_search (store, queries[i]);

      g_array_append_val (firsts, ms);
    }
  first = time_search (store, MARKER);
  g_array_append_val (firsts, first);

  for (guint i = 0; i < SEARCHES; i++)
    {
      const char *query = i % 5 == 0 ? MARKER : queries[i % G_N_ELEMENTS (queries)];
      double ms = time_search (store, query);

      g_array_append_val (times, ms);
    }

  *first_max = percentile (firsts, 1.0);
  *median = percentile (times, 0.5);
  *p95 = percentile (times, 0.95);
}

static long
rss_kib (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return -1;
  line = strstr (status, "VmRSS:");
  return line ? strtol (line + 6, NULL, 10) : -1;
}

/* In a child, so that each figure starts from a fresh process. */
static long
measure_rss (const char *dir)
{
  int fds[2];
  pid_t pid;
  long kib = -1;

  g_assert_cmpint (pipe (fds), ==, 0);
  pid = fork ();
  if (pid == 0)
    {
      g_autoptr(BylineStore) store = byline_store_open (dir, NULL);
      g_autoptr(BylineDraftList) list = byline_store_list_drafts (store, NULL, -1);
      long value;

      for (guint i = 0; i < FIRST_SCREEN; i++)
        g_object_unref (g_list_model_get_item (G_LIST_MODEL (list), i));
      value = rss_kib ();
      if (write (fds[1], &value, sizeof value) != sizeof value)
        _exit (1);
      _exit (0);
    }
  close (fds[1]);
  if (read (fds[0], &kib, sizeof kib) != sizeof kib)
    kib = -1;
  close (fds[0]);
  waitpid (pid, NULL, 0);
  return kib;
}

int
main (int    argc,
      char **argv)
{
  guint n_drafts = argc > 1 ? (guint) g_ascii_strtoull (argv[1], NULL, 10) : 100000;
  guint body_chars = argc > 2 ? (guint) g_ascii_strtoull (argv[2], NULL, 10) : 3000;
  g_autofree char *big = ensure_store (n_drafts, body_chars);
  g_autofree char *small = ensure_store (1000, body_chars);
  g_autoptr(GArray) open_big = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) open_small = g_array_new (FALSE, FALSE, sizeof (double));
  double search_first, search_median, search_p95;
  double small_first, small_median, small_p95;
  g_autoptr(GArray) rss_big = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) rss_small = g_array_new (FALSE, FALSE, sizeof (double));

  /* Warm-up, then alternate so that both see the same machine. */
  time_open_first_screen (big);
  time_open_first_screen (small);
  for (guint i = 0; i < RUNS; i++)
    {
      double a = time_open_first_screen (big);
      double b = time_open_first_screen (small);
      double ra = measure_rss (big) / 1024.0;
      double rb = measure_rss (small) / 1024.0;

      g_array_append_val (open_big, a);
      g_array_append_val (open_small, b);
      g_array_append_val (rss_big, ra);
      g_array_append_val (rss_small, rb);
    }
  time_searches (big, &search_first, &search_median, &search_p95);
  time_searches (small, &small_first, &small_median, &small_p95);

  printf ("| figure | %u drafts | 1,000 drafts (baseline) | ratio | bar |\n", n_drafts);
  printf ("|---|---|---|---|---|\n");
  printf ("| open store + list + first %d rows, median ms | %.1f | %.1f | %.2f | ≤ 50 ms |\n",
          FIRST_SCREEN, percentile (open_big, 0.5), percentile (open_small, 0.5),
          percentile (open_big, 0.5) / percentile (open_small, 0.5));
  printf ("| 4-character search, median ms | %.1f | %.1f | %.2f | ≤ 20 ms |\n",
          search_median, small_median, search_median / small_median);
  printf ("| 4-character search, p95 ms | %.1f | %.1f | %.2f | ≤ 50 ms |\n",
          search_p95, small_p95, search_p95 / small_p95);
  printf ("| 4-character search, first search of each word, max ms | %.1f | %.1f | %.2f | - |\n",
          search_first, small_first, search_first / small_first);
  printf ("| RSS after listing, median MiB | %.1f | %.1f | +%.1f MiB | ≤ +20 MiB |\n",
          percentile (rss_big, 0.5), percentile (rss_small, 0.5),
          percentile (rss_big, 0.5) - percentile (rss_small, 0.5));

  return 0;
}
