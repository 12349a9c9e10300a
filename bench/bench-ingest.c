/* bench-ingest.c: how fast ingest is (not a test; run by hand)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   meson compile -C _build bench-ingest && _build/bench/bench-ingest [CORPUS_DIR]
 *
 * Plain text: a 1 MiB Chinese article (the seed's header and its
 * paragraphs repeated), in MiB/s (target >= 100).  HTML: a real ~200 KiB
 * news page from the corpus, median milliseconds (target <= 5).  Each
 * after warm-up runs, median of the timed runs.  The time is the thread's
 * CPU time, so that other processes on a shared machine do not count;
 * wall time is printed beside it.
 */

#include "config.h"

#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "byline.h"
#include "byline-ingest.h"

#define WARM_UP 3
#define MAX_RUNS 101

/* BYLINE_BENCH_RUNS=1 for a profiler run */
static int runs = 21;

static int
compare_doubles (const void *a,
                 const void *b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return (x > y) - (x < y);
}

static double
cpu_seconds (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Median CPU time of one ingest, in seconds; *wall gets the median wall
 * time, *fastest the fastest CPU time (what an idle machine gives). */
static double
time_ingest (GBytes     *bytes,
             const char *content_type,
             guint      *n_paragraphs,
             double     *wall,
             double     *fastest)
{
  double times[MAX_RUNS];
  double walls[MAX_RUNS];
  int warm_up = runs > 1 ? WARM_UP : 0;

  for (int i = 0; i < warm_up + runs; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(BylineIngestResult) result = NULL;
      gint64 start = g_get_monotonic_time ();
      double cpu_start = cpu_seconds ();

      result = byline_ingest_bytes (bytes, content_type, NULL, &error);
      if (result == NULL)
        g_error ("ingest failed: %s", error->message);
      if (i >= warm_up)
        {
          times[i - warm_up] = cpu_seconds () - cpu_start;
          walls[i - warm_up] = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
        }
      *n_paragraphs = g_strv_length ((char **) byline_ingest_result_get_paragraphs (result));
    }

  qsort (times, runs, sizeof times[0], compare_doubles);
  qsort (walls, runs, sizeof walls[0], compare_doubles);
  *wall = walls[runs / 2];
  *fastest = times[0];
  return times[runs / 2];
}

static GBytes *
make_text_article (const char *corpus)
{
  g_autofree char *seed_path = g_build_filename (corpus, "seed", "source.txt", NULL);
  g_autofree char *seed = NULL;
  g_auto(GStrv) lines = NULL;
  GString *text = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  guint first_body = 0;

  if (!g_file_get_contents (seed_path, &seed, NULL, &error))
    g_error ("%s", error->message);
  lines = g_strsplit (seed, "\n", -1);

  /* header as in the seed, then its paragraphs over and over */
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_string_append_printf (text, "%s\n", lines[i]);
      if (g_str_has_prefix (lines[i], "原标题"))
        {
          first_body = i + 1;
          break;
        }
    }
  while (text->len < 1024 * 1024)
    for (guint i = first_body; lines[i] != NULL && text->len < 1024 * 1024; i++)
      if (!g_str_has_prefix (lines[i], "郑重声明") && !g_str_has_prefix (lines[i], "猜你喜欢"))
        g_string_append_printf (text, "%s\n", lines[i]);

  return g_string_free_to_bytes (text);
}

int
main (int    argc,
      char **argv)
{
  const char *corpus = argc > 1 ? argv[1] : BYLINE_CORPUS_DIR;
  g_autofree char *html_path = g_build_filename (corpus, "03-zh-sina-huanqiu", "source.html", NULL);
  g_autoptr(GBytes) text = NULL;
  g_autoptr(GBytes) html = NULL;
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize length = 0;
  guint paragraphs = 0;
  const char *only;
  double seconds;
  double wall;
  double fastest;
  double mib;

  setlocale (LC_ALL, "");
  if (g_getenv ("BYLINE_BENCH_RUNS") != NULL)
    runs = CLAMP (atoi (g_getenv ("BYLINE_BENCH_RUNS")), 1, MAX_RUNS);

  /* BYLINE_BENCH_ONLY=text or html runs one of the two */
  only = g_getenv ("BYLINE_BENCH_ONLY");

  text = make_text_article (corpus);
  mib = g_bytes_get_size (text) / (1024.0 * 1024.0);
  if (g_strcmp0 (only, "html") != 0)
    {
  seconds = time_ingest (text, "text/plain", &paragraphs, &wall, &fastest);
  g_print ("text: %.2f MiB Chinese article, %u paragraphs: median %.2f ms CPU (%.2f ms wall), "
           "%.0f MiB/s (target >= 100); fastest run %.0f MiB/s\n",
           mib, paragraphs, seconds * 1000, wall * 1000, mib / seconds, mib / fastest);
    }
  if (g_strcmp0 (only, "text") == 0)
    return EXIT_SUCCESS;

  if (!g_file_get_contents (html_path, &contents, &length, &error))
    g_error ("%s", error->message);
  html = g_bytes_new_take (contents, length);
  seconds = time_ingest (html, "text/html", &paragraphs, &wall, &fastest);
  g_print ("html: %.0f KiB news page, %u paragraphs: median %.2f ms CPU (%.2f ms wall) over %d runs "
           "(target <= 5); fastest run %.2f ms\n",
           length / 1024.0, paragraphs, seconds * 1000, wall * 1000, runs, fastest * 1000);

  return EXIT_SUCCESS;
}
