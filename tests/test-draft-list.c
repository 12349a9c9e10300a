/* test-draft-list.c: the whole drafts list shows its first rows before it
 * has read the rest, and is the same list as a list read all at once
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "byline.h"
#include "byline-store-private.h"
#include "byline-test-fill.h"
#include "byline-test-util.h"

/* More than the list reads at once, and than one idle callback reads. */
#define N_DRAFTS 6000

typedef struct
{
  char        *dir;
  BylineStore *store;
  guint        changes;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = byline_test_make_dir ("draft-list");
  f->store = byline_store_open (f->dir, &error);
  g_assert_no_error (error);
  byline_test_fill_store (f->store, N_DRAFTS, 40, NULL, 3);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_assert_finalize_object (g_steal_pointer (&f->store));
  byline_test_remove_tree (f->dir);
  g_free (f->dir);
}

static void
items_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  Fixture    *f)
{
  f->changes++;
}

/* The ids of the whole list, read the way the list read them before it
 * read them in parts: one query, newest update first. */
static GPtrArray *
dup_expected_ids (BylineStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) rowids = byline_store_query_rowids (store, NULL, -1, NULL, &error);
  GPtrArray *ids = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt = NULL;

  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_prepare_v2 (byline_store_get_read_db (store),
                                       "SELECT id FROM drafts WHERE rowid = ?", -1, &stmt, NULL),
                   ==, SQLITE_OK);
  for (guint i = 0; i < rowids->len; i++)
    {
      sqlite3_bind_int64 (stmt, 1, g_array_index (rowids, gint64, i));
      g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
      g_ptr_array_add (ids, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
      sqlite3_reset (stmt);
    }
  sqlite3_finalize (stmt);

  return ids;
}

static void
assert_item_id (BylineDraftList *list,
                guint            position,
                const char      *id)
{
  g_autoptr(BylineDraftSummary) item = g_list_model_get_item (G_LIST_MODEL (list), position);

  g_assert_nonnull (item);
  g_assert_cmpstr (byline_draft_summary_get_id (item), ==, id);
}

static void
assert_same_list (BylineDraftList *list,
                  GPtrArray       *ids)
{
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, ids->len);
  for (guint i = 0; i < ids->len; i++)
    assert_item_id (list, i, g_ptr_array_index (ids, i));
}

static void
run_until_idle (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

/* Counted at once, the first screen read at once, the far end reachable
 * before the rest is read; reading the rest in the background announces
 * nothing, since nothing changed. */
static void
test_first_rows_then_rest (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GPtrArray) ids = dup_expected_ids (f->store);
  g_autoptr(BylineDraftList) list = byline_store_list_drafts (f->store, NULL, -1);
  g_autoptr(BylineDraftList) again = NULL;
  guint n_items = 0;

  g_assert_cmpuint (ids->len, ==, N_DRAFTS);
  g_signal_connect (list, "items-changed", G_CALLBACK (items_changed_cb), f);

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, N_DRAFTS);
  g_object_get (list, "n-items", &n_items, NULL);
  g_assert_cmpuint (n_items, ==, N_DRAFTS);
  for (guint i = 0; i < 50; i++)
    assert_item_id (list, i, g_ptr_array_index (ids, i));
  assert_item_id (list, N_DRAFTS - 1, g_ptr_array_index (ids, N_DRAFTS - 1));
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (list), N_DRAFTS));

  run_until_idle ();
  g_assert_cmpuint (f->changes, ==, 0);
  assert_same_list (list, ids);

  /* Without a main loop at all, every position still answers. */
  again = byline_store_list_drafts (f->store, NULL, -1);
  assert_same_list (again, ids);
}

/* Drafts saved in the same microsecond: the part after the first rows
 * starts after the last row read, not after its time. */
static void
test_equal_times (Fixture       *f,
                  gconstpointer  data)
{
  sqlite3 *db = byline_store_get_write_db (f->store);
  g_autoptr(GPtrArray) ids = NULL;
  g_autoptr(BylineDraftList) list = NULL;

  byline_store_lock (f->store);
  g_assert_cmpint (sqlite3_exec (db, "UPDATE drafts SET updated = 1700000000000000 "
                                     "WHERE rowid % 7 != 0", NULL, NULL, NULL), ==, SQLITE_OK);
  byline_store_unlock (f->store);

  ids = dup_expected_ids (f->store);
  list = byline_store_list_drafts (f->store, NULL, -1);
  run_until_idle ();
  assert_same_list (list, ids);
}

/* An edit to a draft the list has not read yet, and a deletion there,
 * before the rest is read: the list ends as one read afterwards. */
static void
test_changes_while_reading (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GPtrArray) before = dup_expected_ids (f->store);
  g_autoptr(BylineDraftList) list = byline_store_list_drafts (f->store, NULL, -1);
  g_autoptr(BylineArticle) article = NULL;
  g_autoptr(GPtrArray) after = NULL;
  g_autoptr(GError) error = NULL;
  const char *edited = g_ptr_array_index (before, N_DRAFTS - 10);
  const char *deleted = g_ptr_array_index (before, N_DRAFTS / 2);

  g_signal_connect (list, "items-changed", G_CALLBACK (items_changed_cb), f);

  article = byline_store_load (f->store, edited, &error);
  g_assert_no_error (error);
  byline_article_set_title (article, "读到之前改过");
  g_assert_true (byline_store_save (f->store, article, &error));
  g_assert_no_error (error);
  g_assert_true (byline_store_delete (f->store, deleted, &error));
  g_assert_no_error (error);

  g_assert_cmpuint (f->changes, >, 0);
  assert_item_id (list, 0, edited);
  g_assert_cmpint (byline_draft_list_find (list, deleted), ==, -1);

  run_until_idle ();
  after = dup_expected_ids (f->store);
  g_assert_cmpuint (after->len, ==, N_DRAFTS - 1);
  assert_same_list (list, after);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/byline/draft-list/first-rows-then-rest", Fixture, NULL,
              fixture_set_up, test_first_rows_then_rest, fixture_tear_down);
  g_test_add ("/byline/draft-list/equal-times", Fixture, NULL,
              fixture_set_up, test_equal_times, fixture_tear_down);
  g_test_add ("/byline/draft-list/changes-while-reading", Fixture, NULL,
              fixture_set_up, test_changes_while_reading, fixture_tear_down);

  return g_test_run ();
}
