/* bench-ingest-pages.c: ingest time of every page of the corpus, for the
 * side-by-side comparison with Mozilla Readability (bench/readability/)
 *
 * Usage: bench-ingest-pages [CORPUS_DIR [RUNS]]   (default tests/corpus, 21)
 *
 * Prints "page NAME MS" per corpus page holding a source.html: the median
 * wall time of byline_ingest_bytes() over RUNS runs after 3 warm-up runs,
 * the same clock and the same loop as the Node side uses.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <stdio.h>
#include <stdlib.h>

#include "byline.h"
#include "byline-ingest.h"

#define WARM_UP 3

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(char * const *) a, *(char * const *) b);
}

int
main (int   argc,
      char *argv[])
{
  const char *corpus = argc > 1 ? argv[1] : BYLINE_CORPUS_DIR;
  int runs = argc > 2 ? MAX (1, atoi (argv[2])) : 21;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) dir = g_dir_open (corpus, 0, &error);
  const char *name;

  if (dir == NULL)
    {
      fprintf (stderr, "bench-ingest-pages: %s\n", error->message);
      return 1;
    }
  while ((name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);

  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *path = g_build_filename (corpus, g_ptr_array_index (names, i),
                                                "source.html", NULL);
      g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));
      g_autoptr(GBytes) bytes = NULL;
      char *contents;
      gsize length;

      if (!g_file_get_contents (path, &contents, &length, NULL))
        continue;
      bytes = g_bytes_new_take (contents, length);

      for (int run = 0; run < WARM_UP + runs; run++)
        {
          g_autoptr(BylineIngestResult) result = NULL;
          gint64 start = g_get_monotonic_time ();
          double ms;

          result = byline_ingest_bytes (bytes, "text/html", NULL, &error);
          ms = (g_get_monotonic_time () - start) / 1000.0;
          if (result == NULL)
            {
              fprintf (stderr, "bench-ingest-pages: %s: %s\n", path, error->message);
              return 1;
            }
          if (run >= WARM_UP)
            g_array_append_val (times, ms);
        }
      g_array_sort (times, compare_double);
      printf ("page %s %.3f\n", (char *) g_ptr_array_index (names, i),
              g_array_index (times, double, times->len / 2));
    }

  return 0;
}
