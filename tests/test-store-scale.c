/* test-store-scale.c: 100,000 drafts
 *
 * Generous bounds only: the figures are the benchmark's to report.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <sqlite3.h>

#include "byline.h"
#include "byline-store-private.h"
#include "byline-test-util.h"

#define N_DRAFTS 100000

static const char *words[] = {
  "党建", "商会", "网格", "街道", "服务", "企业", "发展", "治理", "社区", "经济",
  "创新", "平台", "招商", "引资", "疫情", "防控", "青岛", "市北", "啤酒", "品牌",
};

/* Inserts rows the way byline_store_save() lays them out, in one
 * transaction: saving 100,000 drafts one by one, each with an fsync, would
 * only measure the disk. */
static void
fill_store (BylineStore *store,
            const char  *marker_body)
{
  sqlite3 *db = byline_store_get_write_db (store);
  sqlite3_stmt *stmt = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);
  gint64 now = g_get_real_time ();

  byline_store_lock (store);
  g_assert_cmpint (sqlite3_exec (db, "BEGIN", NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db,
                                       "INSERT INTO drafts (id, json, body, title, author, "
                                       "source, state, updated) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                                       -1, &stmt, NULL), ==, SQLITE_OK);

  for (guint i = 0; i < N_DRAFTS; i++)
    {
      g_autofree char *id = g_uuid_string_random ();
      GString *title = g_string_new (NULL);
      GString *body = g_string_new (NULL);
      g_autofree char *json = NULL;

      for (guint w = 0; w < 6; w++)
        g_string_append (title, words[g_rand_int_range (rand, 0, G_N_ELEMENTS (words))]);
      for (guint w = 0; w < 60; w++)
        {
          g_string_append (body, words[g_rand_int_range (rand, 0, G_N_ELEMENTS (words))]);
          if (w % 10 == 9)
            g_string_append (body, "。\n\n");
        }
      if (i == N_DRAFTS / 2)
        g_string_append (body, marker_body);

      json = g_strdup_printf ("{\"schema\":1,\"id\":\"%s\",\"title\":\"%s\",\"state\":\"draft\"}",
                              id, title->str);
      sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 2, json, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 3, body->str, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 4, title->str, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 5, "记者", -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 6, "界面新闻", -1, SQLITE_STATIC);
      sqlite3_bind_int (stmt, 7, i % BYLINE_ARTICLE_N_STATES);
      sqlite3_bind_int64 (stmt, 8, now - (gint64) i * G_USEC_PER_SEC);
      g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
      sqlite3_reset (stmt);

      g_string_free (title, TRUE);
      g_string_free (body, TRUE);
    }

  sqlite3_finalize (stmt);
  g_assert_cmpint (sqlite3_exec (db, "COMMIT", NULL, NULL, NULL), ==, SQLITE_OK);
  byline_store_unlock (store);
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
  gint64 start, open_us, search_us;

  store = byline_store_open (dir, &error);
  g_assert_no_error (error);
  fill_store (store, "独一无二的标记词语");
  g_assert_finalize_object (g_steal_pointer (&store));

  /* Open the store, the list, and read the first screen and a half. */
  start = g_get_monotonic_time ();
  store = byline_store_open (dir, &error);
  g_assert_no_error (error);
  list = byline_store_list_drafts (store, NULL, -1);
  for (guint i = 0; i < 50; i++)
    {
      g_autoptr(BylineDraftSummary) item = g_list_model_get_item (G_LIST_MODEL (list), i);

      g_assert_nonnull (byline_draft_summary_get_title (item));
    }
  open_us = g_get_monotonic_time () - start;
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, N_DRAFTS);

  start = g_get_monotonic_time ();
  ids = byline_store_search_ids (store, "标记词语", 0, &error);
  search_us = g_get_monotonic_time () - start;
  g_assert_no_error (error);
  g_assert_cmpuint (ids->len, ==, 1);

  g_test_message ("open + list + first 50 rows: %.1f ms; search: %.1f ms",
                  open_us / 1000.0, search_us / 1000.0);
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
