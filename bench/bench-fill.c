/* bench-fill.c: a store of many drafts for the benchmarks, built once
 *
 * Usage: bench-fill DIR N_DRAFTS BODY_CHARS
 *
 * Does nothing when DIR/complete exists, so that a cached store is reused
 * (the same layout bench-store keeps under /var/tmp). The newest draft is
 * the one Byline opens first.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <stdio.h>

#include "byline.h"
#include "byline-test-fill.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(BylineStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *done = NULL;

  if (argc != 4)
    {
      fprintf (stderr, "usage: bench-fill DIR N_DRAFTS BODY_CHARS\n");
      return 2;
    }

  /* Opened even when it is complete: that brings a store kept from an older
   * Byline to the current schema. The start-up benchmark copies this store
   * for each run, and would otherwise time the same migration every time. */
  store = byline_store_open (argv[1], &error);
  if (store == NULL)
    {
      fprintf (stderr, "bench-fill: %s\n", error->message);
      return 1;
    }

  done = g_build_filename (argv[1], "complete", NULL);
  if (g_file_test (done, G_FILE_TEST_EXISTS))
    return 0;
  byline_test_fill_store (store, (guint) g_ascii_strtoull (argv[2], NULL, 10),
                          (guint) g_ascii_strtoull (argv[3], NULL, 10),
                          "独一无二的标记词语", 42);
  g_clear_object (&store);
  if (!g_file_set_contents (done, "", 0, &error))
    {
      fprintf (stderr, "bench-fill: %s\n", error->message);
      return 1;
    }
  return 0;
}
