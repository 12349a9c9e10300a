/* test-store-scale.c: 100,000 drafts
 *
 * Generous bounds only: the figures are the benchmark's to report.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "byline.h"
#include "byline-test-fill.h"
#include "byline-test-util.h"

#define N_DRAFTS 100000
#define RUNS 5

static int
compare_gint64 (gconstpointer a,
                gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return (x > y) - (x < y);
}

static gint64
median (gint64 *values)
{
  qsort (values, RUNS, sizeof (gint64), compare_gint64);
  return values[RUNS / 2];
}

static void
test_store_scale (void)
{
  g_autofree char *dir = byline_test_make_dir ("scale");
  g_autoptr(BylineStore) store = NULL;
  g_autoptr(BylineDraftList) list = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) ids = NULL;
  g_autoptr(BylineArticle) edited = NULL;
  gint64 open_us, search_us;

  store = byline_store_open (dir, &error);
  g_assert_no_error (error);
  byline_test_fill_store (store, N_DRAFTS, 200, "独一无二的标记词语", 42);
  g_assert_finalize_object (g_steal_pointer (&store));

  /* Open the store, the list, and read the first screen and a half; the
   * median of a few tries, so that a busy machine does not decide. */
  {
    gint64 opens[RUNS];

    for (guint run = 0; run < RUNS; run++)
      {
        gint64 start = g_get_monotonic_time ();

        g_clear_object (&list);
        g_clear_object (&store);
        store = byline_store_open (dir, &error);
        g_assert_no_error (error);
        list = byline_store_list_drafts (store, NULL, -1);
        for (guint i = 0; i < 50; i++)
          {
            g_autoptr(BylineDraftSummary) item = g_list_model_get_item (G_LIST_MODEL (list), i);

            g_assert_nonnull (byline_draft_summary_get_title (item));
          }
        opens[run] = g_get_monotonic_time () - start;
      }
    open_us = median (opens);
  }
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, N_DRAFTS);

  {
    gint64 searches[RUNS];

    for (guint run = 0; run < RUNS; run++)
      {
        gint64 start = g_get_monotonic_time ();

        g_clear_pointer (&ids, g_ptr_array_unref);
        ids = byline_store_search_ids (store, "标记词语", 0, &error);
        searches[run] = g_get_monotonic_time () - start;
        g_assert_no_error (error);
        g_assert_cmpuint (ids->len, ==, 1);
      }
    search_us = median (searches);
  }

  g_test_message ("medians of %d: open + list + first 50 rows: %.1f ms; search: %.1f ms",
                  RUNS, open_us / 1000.0, search_us / 1000.0);
  g_assert_cmpint (open_us, <, 100 * 1000);
  g_assert_cmpint (search_us, <, 50 * 1000);

  /* The far end of the list is reachable, and an edit there moves the
   * draft to the top without reading the whole list again. */
  {
    g_autoptr(BylineDraftSummary) last = g_list_model_get_item (G_LIST_MODEL (list), N_DRAFTS - 1);

    g_assert_nonnull (byline_draft_summary_get_id (last));
    edited = byline_store_load (store, byline_draft_summary_get_id (last), &error);
    g_assert_no_error (error);
    byline_article_set_title (edited, "编辑过的稿子");
    g_assert_true (byline_store_save (store, edited, &error));
  }
  {
    g_autoptr(BylineDraftSummary) first = g_list_model_get_item (G_LIST_MODEL (list), 0);

    g_assert_cmpstr (byline_draft_summary_get_title (first), ==, "编辑过的稿子");
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, N_DRAFTS);
  }

  g_assert_finalize_object (g_steal_pointer (&list));
  g_assert_finalize_object (g_steal_pointer (&store));
  byline_test_remove_tree (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/byline/store/scale/100000", test_store_scale);
  return g_test_run ();
}
