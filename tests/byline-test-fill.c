/* byline-test-fill.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <sqlite3.h>

#include "byline-store-private.h"
#include "byline-test-fill.h"

static const char *words[] = {
  "党建", "商会", "网格", "街道", "服务", "企业", "发展", "治理", "社区", "经济",
  "创新", "平台", "招商", "引资", "疫情", "防控", "青岛", "市北", "啤酒", "品牌",
  "记者", "发布", "会议", "政策", "市场", "消费", "科技", "互联", "数据", "安全",
};

void
byline_test_fill_store (BylineStore *store,
                        guint        n_drafts,
                        guint        body_chars,
                        const char  *marker,
                        guint32      seed)
{
  sqlite3 *db = byline_store_get_write_db (store);
  sqlite3_stmt *stmt = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  gint64 now = g_get_real_time ();

  byline_store_lock (store);
  g_assert_cmpint (sqlite3_exec (db, "BEGIN", NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db,
                                       "INSERT INTO drafts (id, json, body, title, author, "
                                       "source, state, updated) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                                       -1, &stmt, NULL), ==, SQLITE_OK);

  for (guint i = 0; i < n_drafts; i++)
    {
      g_autofree char *id = g_uuid_string_random ();
      GString *title = g_string_new (NULL);
      GString *body = g_string_new (NULL);
      g_autofree char *json = NULL;
      guint chars = 0;

      for (guint w = 0; w < 6; w++)
        g_string_append (title, words[g_rand_int_range (rand, 0, G_N_ELEMENTS (words))]);
      for (guint w = 0; chars < body_chars; w++)
        {
          g_string_append (body, words[g_rand_int_range (rand, 0, G_N_ELEMENTS (words))]);
          chars += 2;
          if (w % 40 == 39)
            {
              g_string_append (body, "。\n\n");
              chars++;
            }
        }
      if (marker != NULL && i == n_drafts / 2)
        g_string_append (body, marker);

      json = g_strdup_printf ("{\"schema\":1,\"id\":\"%s\",\"title\":\"%s\",\"state\":\"%s\"}",
                              id, title->str,
                              byline_article_state_to_string (i % BYLINE_ARTICLE_N_STATES));
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
