/* test-store.c: the drafts store
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <sqlite3.h>
#include <unistd.h>

#include "byline.h"
#include "byline-store-private.h"
#include "byline-test-fill.h"
#include "byline-test-util.h"

typedef struct
{
  char        *dir;
  BylineStore *store;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = byline_test_make_dir ("store");
  f->store = byline_store_open (f->dir, &error);
  g_assert_no_error (error);
  g_assert_nonnull (f->store);
  g_assert_false (byline_store_is_read_only (f->store));
  g_assert_null (byline_store_get_moved_aside_to (f->store));
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_assert_finalize_object (f->store);
  byline_test_remove_tree (f->dir);
  g_free (f->dir);
}

static BylineArticle *
make_article (const char *title,
              const char *body)
{
  BylineArticle *article = byline_article_new ();

  byline_article_set_title (article, title);
  byline_article_set_body (article, body);
  return article;
}

static void
save_ok (BylineStore   *store,
         BylineArticle *article)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (byline_store_save (store, article, &error));
  g_assert_no_error (error);
}

static guint
count_search (BylineStore *store,
              const char  *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) ids = byline_store_search_ids (store, text, 0, &error);

  g_assert_no_error (error);
  return ids->len;
}

static void
test_store_crud (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(BylineArticle) article = make_article ("党建引领与创新同频共振", "## 做强商会党建\n\n正文。");
  g_autoptr(BylineArticle) loaded = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) published = NULL;
  g_autoptr(GTimeZone) zone = g_time_zone_new_offset (8 * 3600);

  published = g_date_time_new (zone, 2021, 4, 23, 10, 46, 5);
  byline_article_set_source (article, "界面新闻");
  byline_article_set_original_source (article, "凤凰网青岛");
  byline_article_set_publish_time (article, published);
  byline_article_set_provenance (article, "source", "from the line 来源:界面新闻");
  save_ok (f->store, article);
  g_assert_cmpint (byline_store_count (f->store), ==, 1);

  loaded = byline_store_load (f->store, byline_article_get_id (article), &error);
  g_assert_no_error (error);
  g_assert_true (byline_article_equal_content (article, loaded));
  g_assert_cmpstr (byline_article_get_body (loaded), ==, "## 做强商会党建\n\n正文。");
  g_assert_cmpstr (byline_article_get_provenance (loaded, "source"), ==,
                   "from the line 来源:界面新闻");
  g_clear_object (&loaded);

  /* Update */
  byline_article_set_title (article, "新标题");
  save_ok (f->store, article);
  loaded = byline_store_load (f->store, byline_article_get_id (article), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (byline_article_get_title (loaded), ==, "新标题");
  g_assert_cmpint (byline_store_count (f->store), ==, 1);
  g_clear_object (&loaded);

  /* Delete, undelete, delete */
  g_assert_true (byline_store_delete (f->store, byline_article_get_id (article), &error));
  g_assert_no_error (error);
  g_assert_cmpint (byline_store_count (f->store), ==, 0);
  loaded = byline_store_load (f->store, byline_article_get_id (article), &error);
  g_assert_error (error, BYLINE_STORE_ERROR, BYLINE_STORE_ERROR_NOT_FOUND);
  g_assert_null (loaded);
  g_clear_error (&error);
  g_assert_cmpuint (count_search (f->store, "新标题"), ==, 0);

  g_assert_true (byline_store_undelete (f->store, byline_article_get_id (article), &error));
  g_assert_no_error (error);
  g_assert_cmpint (byline_store_count (f->store), ==, 1);
  g_assert_cmpuint (count_search (f->store, "新标题"), ==, 1);

  g_assert_false (byline_store_delete (f->store, "no-such-id", &error));
  g_assert_error (error, BYLINE_STORE_ERROR, BYLINE_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* A purge keeps recent deletions (they can still be undone). */
  g_assert_true (byline_store_delete (f->store, byline_article_get_id (article), &error));
  g_assert_cmpuint (byline_store_purge_deleted (f->store, &error), ==, 0);
  g_assert_no_error (error);
  g_assert_true (byline_store_undelete (f->store, byline_article_get_id (article), &error));
}

static void
test_store_search_chinese (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(BylineArticle) a = make_article ("做强商会党建", "啤酒街商会着力打造标杆。");
  g_autoptr(BylineArticle) b = make_article ("Whales off the coast", "Humpback whales were seen.");
  g_autoptr(BylineArticle) c = make_article ("其他", "没有关系的正文。");
  g_autoptr(GPtrArray) ids = NULL;
  g_autoptr(GError) error = NULL;

  byline_article_set_author (c, "王小云");
  byline_article_set_source (b, "The Guardian");
  save_ok (f->store, a);
  save_ok (f->store, b);
  save_ok (f->store, c);

  ids = byline_store_search_ids (f->store, "商会党建", 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ids->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (ids, 0), ==, byline_article_get_id (a));

  g_assert_cmpuint (count_search (f->store, "着力打造"), ==, 1);     /* body */
  g_assert_cmpuint (count_search (f->store, "王小云"), ==, 1);       /* author */
  g_assert_cmpuint (count_search (f->store, "guardian"), ==, 1);     /* source, any case */
  g_assert_cmpuint (count_search (f->store, "humpback WHALES"), ==, 1);
  g_assert_cmpuint (count_search (f->store, "商会"), ==, 1);         /* two characters */
  g_assert_cmpuint (count_search (f->store, "王"), ==, 1);           /* one character */
  g_assert_cmpuint (count_search (f->store, "不存在的词"), ==, 0);
  /* What the editor types is text, not query syntax. */
  g_assert_cmpuint (count_search (f->store, "\"商会 OR"), ==, 0);
  g_assert_cmpuint (count_search (f->store, "100%"), ==, 0);
  g_assert_cmpuint (count_search (f->store, "a_b"), ==, 0);

  /* An edit moves the draft in and out of the index. */
  byline_article_set_title (a, "标题改了");
  byline_article_set_body (a, "正文也改了。");
  save_ok (f->store, a);
  g_assert_cmpuint (count_search (f->store, "商会党建"), ==, 0);
  g_assert_cmpuint (count_search (f->store, "正文也改"), ==, 1);
}

/* An SQL count on the store's own read connection. */
static int
query_int (BylineStore *store,
           const char  *sql,
           const char  *text)
{
  sqlite3 *db = byline_store_get_read_db (store);
  sqlite3_stmt *stmt = NULL;
  int value;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (text != NULL)
    sqlite3_bind_text (stmt, 1, text, -1, SQLITE_STATIC);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

/* How many drafts the trigram index itself says hold @phrase. */
static int
count_indexed (BylineStore *store,
               const char  *phrase)
{
  g_autofree char *query = g_strdup_printf ("\"%s\"", phrase);

  return query_int (store, "SELECT count (*) FROM drafts_fts WHERE drafts_fts MATCH ?1", query);
}

static int
count_pending (BylineStore *store)
{
  return query_int (store, "SELECT count (*) FROM drafts_fts_pending", NULL);
}

/* FTS5's own check that the index holds exactly what the drafts hold
 * (rank 1: compared with the drafts table, not only with itself). */
static int
check_index (BylineStore *store)
{
  int rc;

  byline_store_lock (store);
  rc = sqlite3_exec (byline_store_get_write_db (store),
                     "INSERT INTO drafts_fts (drafts_fts, rank) VALUES ('integrity-check', 1)",
                     NULL, NULL, NULL);
  byline_store_unlock (store);
  return rc;
}

static void
write_sql (BylineStore *store,
           const char  *sql)
{
  byline_store_lock (store);
  g_assert_cmpint (sqlite3_exec (byline_store_get_write_db (store), sql, NULL, NULL, NULL), ==,
                   SQLITE_OK);
  byline_store_unlock (store);
}

/* A draft being typed into is not re-indexed on every save, and its
 * searches stay exact meanwhile; it is re-indexed when another draft is
 * saved, when it has waited BYLINE_STORE_INDEX_DELAY_S, or when asked. */
static void
test_store_search_pending (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(BylineArticle) a = make_article ("做强商会党建", "啤酒街商会着力打造标杆。");
  g_autoptr(BylineArticle) b = make_article ("其他", "没有关系的正文。");
  g_autoptr(GError) error = NULL;

  save_ok (f->store, a);
  save_ok (f->store, b);
  g_assert_cmpint (count_pending (f->store), ==, 0);
  g_assert_cmpint (check_index (f->store), ==, SQLITE_OK);

  /* Typing: the index still holds the old body, the search does not. */
  byline_article_set_body (a, "正文改成网格化管理。");
  save_ok (f->store, a);
  g_assert_cmpint (count_pending (f->store), ==, 1);
  g_assert_cmpint (check_index (f->store), ==, SQLITE_CORRUPT_VTAB);
  g_assert_cmpint (count_indexed (f->store, "着力打造"), ==, 1);
  g_assert_cmpuint (count_search (f->store, "着力打造"), ==, 0);
  g_assert_cmpuint (count_search (f->store, "网格化管理"), ==, 1);
  g_assert_cmpuint (count_search (f->store, "商会党建"), ==, 1);
  g_assert_cmpuint (count_search (f->store, "GRID"), ==, 0);
  byline_article_set_title (a, "Grid management");
  byline_article_set_author (a, "王小云");
  save_ok (f->store, a);
  g_assert_cmpint (count_pending (f->store), ==, 1);
  g_assert_cmpuint (count_search (f->store, "商会党建"), ==, 0);
  g_assert_cmpuint (count_search (f->store, "GRID"), ==, 1);
  g_assert_cmpuint (count_search (f->store, "王小云"), ==, 1);
  g_assert_cmpuint (count_search (f->store, "没有关系"), ==, 1);

  /* The editor moves on to another draft: the first one catches up. */
  byline_article_set_body (b, "另一篇稿子的正文。");
  save_ok (f->store, b);
  g_assert_cmpint (count_pending (f->store), ==, 1);
  g_assert_cmpint (count_indexed (f->store, "着力打造"), ==, 0);
  g_assert_cmpint (count_indexed (f->store, "网格化管理"), ==, 1);
  g_assert_cmpint (count_indexed (f->store, "没有关系"), ==, 1);
  g_assert_cmpuint (count_search (f->store, "没有关系"), ==, 0);
  g_assert_cmpuint (count_search (f->store, "另一篇"), ==, 1);

  /* Asked to, the store re-indexes everything pending. */
  g_assert_true (byline_store_update_index (f->store, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_pending (f->store), ==, 0);
  g_assert_cmpint (count_indexed (f->store, "另一篇"), ==, 1);
  g_assert_cmpint (check_index (f->store), ==, SQLITE_OK);

  /* A draft that has waited long enough is re-indexed by its own save. */
  byline_article_set_body (b, "第三个版本。");
  save_ok (f->store, b);
  g_assert_cmpint (count_pending (f->store), ==, 1);
  write_sql (f->store, "UPDATE drafts_fts_pending SET since = 0");
  byline_article_set_body (b, "第四个版本。");
  save_ok (f->store, b);
  g_assert_cmpint (count_pending (f->store), ==, 0);
  g_assert_cmpint (count_indexed (f->store, "第四个版本"), ==, 1);
  g_assert_cmpint (check_index (f->store), ==, SQLITE_OK);

  /* Purging a draft whose re-indexing is pending removes what the index
   * holds for it, not what the draft holds. */
  byline_article_set_body (b, "第五个版本。");
  save_ok (f->store, b);
  g_assert_cmpint (count_pending (f->store), ==, 1);
  g_assert_true (byline_store_delete (f->store, byline_article_get_id (b), &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_search (f->store, "第五个版本"), ==, 0);
  write_sql (f->store, "UPDATE drafts SET deleted = 1 WHERE deleted != 0");
  g_assert_cmpuint (byline_store_purge_deleted (f->store, &error), ==, 1);
  g_assert_no_error (error);
  g_assert_cmpint (count_pending (f->store), ==, 0);
  g_assert_cmpint (count_indexed (f->store, "第四个版本"), ==, 0);
  g_assert_cmpint (check_index (f->store), ==, SQLITE_OK);
  g_assert_cmpuint (count_search (f->store, "网格化管理"), ==, 1);
}

static void
test_store_search_cap (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(BylineDraftList) list = NULL;
  guint n_drafts = BYLINE_STORE_SEARCH_LIMIT + 100;

  /* Every filled draft has 记者 as its author and 界面新闻 as its source;
   * one has the marker in its body. */
  byline_test_fill_store (f->store, n_drafts, 40, "独一无二的标记词语", 7);

  list = byline_store_list_drafts (f->store, NULL, -1);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, n_drafts);
  g_assert_false (byline_draft_list_get_truncated (list));

  /* Through the trigram index. */
  byline_draft_list_set_search (list, "界面新闻");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, BYLINE_STORE_SEARCH_LIMIT);
  g_assert_true (byline_draft_list_get_truncated (list));

  byline_draft_list_set_search (list, "标记词语");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 1);
  g_assert_false (byline_draft_list_get_truncated (list));

  /* Through the scan that one- and two-character searches take. */
  byline_draft_list_set_search (list, "记者");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, BYLINE_STORE_SEARCH_LIMIT);
  g_assert_true (byline_draft_list_get_truncated (list));

  byline_draft_list_set_search (list, "标记");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 1);
  g_assert_false (byline_draft_list_get_truncated (list));

  byline_draft_list_set_search (list, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, n_drafts);
  g_assert_false (byline_draft_list_get_truncated (list));
}

static void
test_store_revisions (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(BylineArticle) article = make_article ("v0", "正文 0");
  g_autoptr(GPtrArray) revisions = NULL;
  g_autoptr(BylineArticle) oldest = NULL;
  g_autoptr(BylineArticle) newest = NULL;
  g_autoptr(GError) error = NULL;
  const char *id = byline_article_get_id (article);

  save_ok (f->store, article);
  /* Saving unchanged content is not a revision. */
  save_ok (f->store, article);
  revisions = byline_store_list_revisions (f->store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (revisions->len, ==, 0);
  g_clear_pointer (&revisions, g_ptr_array_unref);

  for (int i = 1; i <= 60; i++)
    {
      g_autofree char *title = g_strdup_printf ("v%d", i);
      g_autofree char *body = g_strdup_printf ("正文 %d", i);

      byline_article_set_title (article, title);
      byline_article_set_body (article, body);
      save_ok (f->store, article);
    }

  revisions = byline_store_list_revisions (f->store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (revisions->len, ==, BYLINE_STORE_MAX_REVISIONS);

  /* Newest first: the revision before the last save holds v59. */
  newest = byline_store_load_revision (f->store, id, *(gint64 *) g_ptr_array_index (revisions, 0),
                                       &error);
  g_assert_no_error (error);
  g_assert_cmpstr (byline_article_get_title (newest), ==, "v59");
  g_assert_cmpstr (byline_article_get_body (newest), ==, "正文 59");

  oldest = byline_store_load_revision (f->store, id,
                                       *(gint64 *) g_ptr_array_index (revisions, revisions->len - 1),
                                       &error);
  g_assert_no_error (error);
  g_assert_cmpstr (byline_article_get_title (oldest), ==, "v10");
}

static void
test_store_remembered (Fixture       *f,
                       gconstpointer  data)
{
  g_auto(GStrv) sources = NULL;
  g_auto(GStrv) authors = NULL;
  const char *names[] = { "界面新闻", "新华社", "新华社", "新京报", "新华社", NULL };

  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autoptr(BylineArticle) article = make_article ("t", "b");

      byline_article_set_source (article, names[i]);
      save_ok (f->store, article);
    }

  sources = byline_store_dup_remembered (f->store, BYLINE_REMEMBERED_SOURCE, "新", 10);
  g_assert_cmpstrv (sources, ((const char * const[]) { "新华社", "新京报", NULL }));
  g_clear_pointer (&sources, g_strfreev);

  sources = byline_store_dup_remembered (f->store, BYLINE_REMEMBERED_SOURCE, NULL, 1);
  g_assert_cmpstrv (sources, ((const char * const[]) { "新华社", NULL }));

  byline_store_remember (f->store, BYLINE_REMEMBERED_AUTHOR, "王芳");
  byline_store_remember (f->store, BYLINE_REMEMBERED_AUTHOR, "王小云");
  byline_store_remember (f->store, BYLINE_REMEMBERED_AUTHOR, "王小云");
  authors = byline_store_dup_remembered (f->store, BYLINE_REMEMBERED_AUTHOR, "王", 0);
  g_assert_cmpstrv (authors, ((const char * const[]) { "王小云", "王芳", NULL }));
}

static void
count_changes_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  guint      *count)
{
  (*count)++;
}

static void
record_changes_cb (GListModel *model,
                   guint       position,
                   guint       removed,
                   guint       added,
                   GString    *changes)
{
  g_string_append_printf (changes, "(%u,%u,%u)", position, removed, added);
}

static void
count_notify_cb (GObject    *object,
                 GParamSpec *pspec,
                 guint      *count)
{
  (*count)++;
}

static BylineDraftSummary *
get_summary (BylineDraftList *list,
             guint            position)
{
  BylineDraftSummary *item = g_list_model_get_item (G_LIST_MODEL (list), position);

  /* The list keeps its own reference: the pointer stays comparable. */
  g_object_unref (item);
  return item;
}

/* A save changes only what it must: the draft on top, saved again as the
 * editor types, keeps its item (updated in place, with notifications) and
 * announces no change of the list; a draft saved lower down moves with the
 * two smallest changes; every other draft keeps its item. */
static void
test_store_list_model_in_place (Fixture       *f,
                                gconstpointer  data)
{
  g_autoptr(BylineDraftList) list = NULL;
  g_autoptr(BylineDraftList) search = NULL;
  g_autoptr(BylineArticle) a = make_article ("稿子甲", "一");
  g_autoptr(BylineArticle) b = make_article ("稿子乙", "二");
  g_autoptr(BylineArticle) c = make_article ("稿子丙", "三");
  g_autoptr(GString) changes = g_string_new (NULL);
  g_autoptr(GString) search_changes = g_string_new (NULL);
  BylineDraftSummary *item_a, *item_b, *item_c;
  guint title_notifies = 0;

  save_ok (f->store, a);
  g_usleep (2000);
  save_ok (f->store, b);
  g_usleep (2000);
  save_ok (f->store, c);

  list = byline_store_list_drafts (f->store, NULL, -1);
  search = byline_store_list_drafts (f->store, "稿子", -1);
  g_signal_connect (list, "items-changed", G_CALLBACK (record_changes_cb), changes);
  g_signal_connect (search, "items-changed", G_CALLBACK (record_changes_cb), search_changes);
  item_c = get_summary (list, 0);
  item_b = get_summary (list, 1);
  item_a = get_summary (list, 2);
  g_assert_cmpstr (byline_draft_summary_get_title (item_c), ==, "稿子丙");
  g_assert_cmpstr (byline_draft_summary_get_title (item_a), ==, "稿子甲");
  g_signal_connect (item_c, "notify::title", G_CALLBACK (count_notify_cb), &title_notifies);

  /* Typing into the draft on top. */
  byline_article_set_title (c, "稿子丙改");
  g_usleep (2000);
  save_ok (f->store, c);
  g_assert_cmpstr (changes->str, ==, "");
  g_assert_cmpuint (title_notifies, ==, 1);
  g_assert_true (get_summary (list, 0) == item_c);
  g_assert_cmpstr (byline_draft_summary_get_title (item_c), ==, "稿子丙改");
  g_assert_cmpstr (search_changes->str, ==, "");

  /* An older draft saved: it moves to the top, keeping its item. */
  byline_article_set_state (a, BYLINE_ARTICLE_STATE_READY);
  g_usleep (2000);
  save_ok (f->store, a);
  g_assert_cmpstr (changes->str, ==, "(2,1,0)(0,0,1)");
  g_assert_true (get_summary (list, 0) == item_a);
  g_assert_true (get_summary (list, 1) == item_c);
  g_assert_true (get_summary (list, 2) == item_b);
  g_assert_cmpint (byline_draft_summary_get_state (item_a), ==, BYLINE_ARTICLE_STATE_READY);
  /* A search asks the index again and announces only the range that
   * differs. */
  g_assert_cmpstr (search_changes->str, ==, "(0,3,3)");

  g_string_truncate (search_changes, 0);
  byline_article_set_title (b, "稿子乙改");
  g_usleep (2000);
  save_ok (f->store, b);
  g_assert_cmpstr (search_changes->str, ==, "(0,3,3)");
  g_string_truncate (search_changes, 0);
  byline_article_set_title (b, "稿子乙又改");
  g_usleep (2000);
  save_ok (f->store, b);
  g_assert_cmpstr (search_changes->str, ==, "");
  g_assert_cmpstr (byline_draft_summary_get_title (get_summary (search, 0)), ==, "稿子乙又改");

  g_assert_finalize_object (g_steal_pointer (&list));
  g_assert_finalize_object (g_steal_pointer (&search));
}

static void
test_store_list_model (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(BylineDraftList) list = NULL;
  g_autoptr(BylineDraftList) published = NULL;
  g_autoptr(BylineDraftList) search = NULL;
  g_autoptr(BylineArticle) first = make_article ("第一篇", "一");
  g_autoptr(BylineArticle) second = make_article ("第二篇", "二");
  g_autoptr(BylineDraftSummary) item = NULL;
  guint changes = 0;

  list = byline_store_list_drafts (f->store, NULL, -1);
  published = byline_store_list_drafts (f->store, NULL, BYLINE_ARTICLE_STATE_PUBLISHED);
  search = byline_store_list_drafts (f->store, "第二篇", -1);
  g_signal_connect (list, "items-changed", G_CALLBACK (count_changes_cb), &changes);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 0);

  byline_article_set_source (first, "界面新闻");
  save_ok (f->store, first);
  g_usleep (2000);
  save_ok (f->store, second);
  g_assert_cmpuint (changes, ==, 2);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 2);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (published)), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (search)), ==, 1);
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (list)) == BYLINE_TYPE_DRAFT_SUMMARY);

  /* Newest first. */
  item = g_list_model_get_item (G_LIST_MODEL (list), 0);
  g_assert_cmpstr (byline_draft_summary_get_title (item), ==, "第二篇");
  g_clear_object (&item);
  g_assert_cmpint (byline_draft_list_find (list, byline_article_get_id (first)), ==, 1);

  /* Editing the first moves it to the top. */
  g_usleep (2000);
  byline_article_set_state (first, BYLINE_ARTICLE_STATE_PUBLISHED);
  save_ok (f->store, first);
  item = g_list_model_get_item (G_LIST_MODEL (list), 0);
  g_assert_cmpstr (byline_draft_summary_get_title (item), ==, "第一篇");
  g_assert_cmpstr (byline_draft_summary_get_source (item), ==, "界面新闻");
  g_assert_cmpint (byline_draft_summary_get_state (item), ==, BYLINE_ARTICLE_STATE_PUBLISHED);
  g_assert_nonnull (byline_draft_summary_get_updated (item));
  g_clear_object (&item);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (published)), ==, 1);
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (list), 2));

  /* Deleting removes it; undoing brings it back in its place. */
  g_assert_true (byline_store_delete (f->store, byline_article_get_id (second), NULL));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (search)), ==, 0);
  g_assert_true (byline_store_undelete (f->store, byline_article_get_id (second), NULL));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 2);
  g_assert_cmpint (byline_draft_list_find (list, byline_article_get_id (second)), ==, 1);

  byline_draft_list_set_state (list, BYLINE_ARTICLE_STATE_DRAFT);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 1);
  byline_draft_list_set_search (list, "第一");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 0);
  byline_draft_list_set_state (list, -1);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 1);

  g_assert_finalize_object (g_steal_pointer (&list));
  g_assert_finalize_object (g_steal_pointer (&published));
  g_assert_finalize_object (g_steal_pointer (&search));
}

typedef struct
{
  GMainLoop *loop;
  guint      pending;
  guint      saved_signals;
} AsyncState;

static void
saved_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  AsyncState *state = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (byline_store_save_finish (BYLINE_STORE (object), result, &error));
  g_assert_no_error (error);
  if (--state->pending == 0)
    g_main_loop_quit (state->loop);
}

static void
draft_saved_signal_cb (BylineStore *store,
                       const char  *id,
                       AsyncState  *state)
{
  state->saved_signals++;
}

static void
test_store_save_async_order (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(BylineArticle) article = make_article ("0", "");
  g_autoptr(BylineArticle) loaded = NULL;
  g_autoptr(GError) error = NULL;
  AsyncState state = { 0 };

  state.loop = g_main_loop_new (NULL, FALSE);
  g_signal_connect (f->store, "draft-saved", G_CALLBACK (draft_saved_signal_cb), &state);

  /* Many saves in a row, as autosave makes them: the last one asked for is
   * the one that stays. */
  for (int i = 1; i <= 100; i++)
    {
      g_autofree char *title = g_strdup_printf ("%d", i);

      byline_article_set_title (article, title);
      state.pending++;
      byline_store_save_async (f->store, article, NULL, saved_cb, &state);
    }
  g_main_loop_run (state.loop);

  loaded = byline_store_load (f->store, byline_article_get_id (article), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (byline_article_get_title (loaded), ==, "100");
  g_assert_cmpuint (state.saved_signals, ==, 100);

  g_signal_handlers_disconnect_by_data (f->store, &state);
  g_main_loop_unref (state.loop);
}

static gboolean
mark_published (BylineStore    *store,
                sqlite3        *db,
                BylineArticle  *article,
                gpointer        data,
                GError        **error)
{
  const char *fail = data;
  g_autofree char *sql = NULL;

  g_assert_false (g_main_context_is_owner (g_main_context_default ()));
  if (article != NULL)
    byline_article_set_state (article, BYLINE_ARTICLE_STATE_PUBLISHED);
  sql = g_strdup_printf ("INSERT INTO outbox (draft_id, attempts) VALUES ('%s', 1)",
                         article != NULL ? byline_article_get_id (article) : "none");
  if (sqlite3_exec (db, sql, NULL, NULL, NULL) != SQLITE_OK)
    g_assert_not_reached ();
  if (fail != NULL)
    {
      g_set_error_literal (error, BYLINE_STORE_ERROR, BYLINE_STORE_ERROR_FAILED, fail);
      return FALSE;
    }
  return TRUE;
}

static void
written_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static GAsyncResult *
wait_written (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *slot;
}

static gint64
count_outbox (BylineStore *store)
{
  sqlite3_stmt *stmt = NULL;
  gint64 count = -1;

  g_assert_cmpint (sqlite3_prepare_v2 (byline_store_get_read_db (store),
                                       "SELECT count(*) FROM outbox", -1, &stmt, NULL),
                   ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    count = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return count;
}

/* The writer queue's other jobs: they see every save queued before them,
 * write in a transaction of their own, and roll back when they fail. */
static void
test_store_write_async (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(BylineArticle) article = make_article ("标题", "原文");
  g_autoptr(BylineArticle) absent = make_article ("只在内存", "正文");
  g_autoptr(BylineArticle) written = NULL;
  g_autoptr(BylineArticle) loaded = NULL;
  g_autoptr(GAsyncResult) result1 = NULL;
  g_autoptr(GAsyncResult) result2 = NULL;
  g_autoptr(GAsyncResult) result3 = NULL;
  g_autoptr(GAsyncResult) result4 = NULL;
  g_autoptr(GError) error = NULL;
  AsyncState state = { 0 };

  save_ok (f->store, article);
  g_signal_connect (f->store, "draft-saved", G_CALLBACK (draft_saved_signal_cb), &state);

  /* An edit still queued when the write is asked for is not undone by it. */
  byline_article_set_body (article, "改过的正文");
  byline_store_save_async (f->store, article, NULL, NULL, NULL);
  byline_store_write_async (f->store, byline_article_get_id (article), NULL, mark_published,
                            NULL, NULL, written_cb, &result1);
  g_assert_true (byline_store_write_finish (f->store, wait_written (&result1), &written,
                                            &error));
  g_assert_no_error (error);
  g_assert_cmpstr (byline_article_get_body (written), ==, "改过的正文");
  g_assert_cmpint (byline_article_get_state (written), ==, BYLINE_ARTICLE_STATE_PUBLISHED);
  g_assert_cmpuint (state.saved_signals, ==, 1);
  loaded = byline_store_load (f->store, byline_article_get_id (article), &error);
  g_assert_no_error (error);
  g_assert_true (byline_article_equal_content (loaded, written));
  g_assert_cmpint (count_outbox (f->store), ==, 1);
  g_clear_object (&loaded);
  g_clear_object (&written);

  /* A failed write leaves neither its rows nor the draft's change. */
  byline_store_write_async (f->store, byline_article_get_id (absent), absent, mark_published,
                            (gpointer) "写不进去", NULL, written_cb, &result2);
  g_assert_false (byline_store_write_finish (f->store, wait_written (&result2), &written,
                                             &error));
  g_assert_error (error, BYLINE_STORE_ERROR, BYLINE_STORE_ERROR_FAILED);
  g_assert_null (written);
  g_assert_cmpint (count_outbox (f->store), ==, 1);
  g_assert_null (byline_store_load (f->store, byline_article_get_id (absent), NULL));
  g_clear_error (&error);

  /* A draft not in the store yet is saved from the copy given. */
  byline_store_write_async (f->store, byline_article_get_id (absent), absent, mark_published,
                            NULL, NULL, written_cb, &result3);
  g_assert_true (byline_store_write_finish (f->store, wait_written (&result3), &written,
                                            &error));
  g_assert_no_error (error);
  loaded = byline_store_load (f->store, byline_article_get_id (absent), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (byline_article_get_title (loaded), ==, "只在内存");
  g_assert_cmpint (byline_article_get_state (loaded), ==, BYLINE_ARTICLE_STATE_PUBLISHED);
  /* The caller's copy is not touched from the writer thread. */
  g_assert_cmpint (byline_article_get_state (absent), !=, BYLINE_ARTICLE_STATE_PUBLISHED);
  g_assert_cmpint (count_outbox (f->store), ==, 2);

  /* Nothing to write: it only waits for what was queued before. */
  byline_store_write_async (f->store, NULL, NULL, NULL, NULL, NULL, written_cb, &result4);
  g_assert_true (byline_store_write_finish (f->store, wait_written (&result4), NULL, &error));
  g_assert_no_error (error);

  g_signal_handlers_disconnect_by_data (f->store, &state);
}

static void
test_store_large_fields (Fixture       *f,
                         gconstpointer  data)
{
  GString *title = g_string_new (NULL);
  GString *body = g_string_new (NULL);
  g_autoptr(BylineArticle) article = NULL;
  g_autoptr(BylineArticle) loaded = NULL;
  g_autoptr(GError) error = NULL;

  while (title->len < 2 * 1024 * 1024)
    g_string_append (title, "标题很长很长");
  while (body->len < 8 * 1024 * 1024)
    g_string_append (body, "商会党建工作，做实了就是生产力。\n\n");

  article = make_article (title->str, body->str);
  save_ok (f->store, article);
  loaded = byline_store_load (f->store, byline_article_get_id (article), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (strlen (byline_article_get_title (loaded)), ==, title->len);
  g_assert_cmpstr (byline_article_get_title (loaded), ==, title->str);
  g_assert_cmpstr (byline_article_get_body (loaded), ==, body->str);

  /* The list shows the start of such a title only. */
  {
    g_autoptr(BylineDraftList) list = byline_store_list_drafts (f->store, NULL, -1);
    g_autoptr(BylineDraftSummary) item = g_list_model_get_item (G_LIST_MODEL (list), 0);

    g_assert_cmpint (g_utf8_strlen (byline_draft_summary_get_title (item), -1), ==, 200);
  }

  g_string_free (title, TRUE);
  g_string_free (body, TRUE);
}

static void
test_store_reopen (void)
{
  g_autofree char *dir = byline_test_make_dir ("reopen");
  g_autoptr(BylineStore) store = NULL;
  g_autoptr(BylineArticle) article = make_article ("重新打开", "正文");
  g_autoptr(BylineArticle) loaded = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *latest = NULL;

  store = byline_store_open (dir, &error);
  g_assert_no_error (error);
  save_ok (store, article);
  g_assert_finalize_object (g_steal_pointer (&store));

  store = byline_store_open (dir, &error);
  g_assert_no_error (error);
  loaded = byline_store_load (store, byline_article_get_id (article), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (byline_article_get_title (loaded), ==, "重新打开");
  latest = byline_store_dup_latest_id (store);
  g_assert_cmpstr (latest, ==, byline_article_get_id (article));

  g_clear_object (&loaded);
  g_assert_finalize_object (g_steal_pointer (&store));
  byline_test_remove_tree (dir);
}

static void
exec_or_fail (sqlite3    *db,
              const char *sql)
{
  char *message = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
}

static void
test_store_migration (void)
{
  g_autofree char *dir = byline_test_make_dir ("migrate");
  g_autofree char *path = g_build_filename (dir, "byline.db", NULL);
  g_autoptr(BylineStore) store = NULL;
  g_autoptr(BylineArticle) loaded = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) revisions = NULL;
  sqlite3 *db = NULL;

  /* A database as schema version 1 wrote it: the body inside the JSON, no
   * search index. */
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  exec_or_fail (db,
                "CREATE TABLE drafts (rowid INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE,"
                "  json TEXT NOT NULL, updated INTEGER NOT NULL);"
                "CREATE TABLE revisions (draft_id TEXT NOT NULL, revision INTEGER NOT NULL,"
                "  json TEXT NOT NULL, saved INTEGER NOT NULL, PRIMARY KEY (draft_id, revision));"
                "INSERT INTO drafts (id, json, updated) VALUES ('old-1',"
                "  '{\"schema\":1,\"id\":\"old-1\",\"title\":\"旧的稿子\",\"body\":\"啤酒街商会着力打造标杆\","
                "    \"source\":\"界面新闻\",\"state\":\"ready\"}', 1600000000000000);"
                "INSERT INTO revisions VALUES ('old-1', 1,"
                "  '{\"schema\":1,\"id\":\"old-1\",\"title\":\"更旧\"}', 1500000000000000);"
                "PRAGMA user_version = 1;");
  sqlite3_close (db);

  store = byline_store_open (dir, &error);
  g_assert_no_error (error);
  loaded = byline_store_load (store, "old-1", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (byline_article_get_title (loaded), ==, "旧的稿子");
  g_assert_cmpstr (byline_article_get_body (loaded), ==, "啤酒街商会着力打造标杆");
  g_assert_cmpint (byline_article_get_state (loaded), ==, BYLINE_ARTICLE_STATE_READY);
  g_assert_cmpuint (count_search (store, "着力打造"), ==, 1);
  revisions = byline_store_list_revisions (store, "old-1", &error);
  g_assert_cmpuint (revisions->len, ==, 1);
  {
    g_autoptr(BylineDraftList) list = byline_store_list_drafts (store, NULL,
                                                                BYLINE_ARTICLE_STATE_READY);
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 1);
  }
  g_clear_object (&loaded);
  g_assert_finalize_object (g_steal_pointer (&store));

  /* user_version says 2 now. */
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  {
    sqlite3_stmt *stmt = NULL;

    sqlite3_prepare_v2 (db, "PRAGMA user_version", -1, &stmt, NULL);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, BYLINE_STORE_SCHEMA_VERSION);
    sqlite3_finalize (stmt);
    sqlite3_close (db);
  }

  /* A database from a newer Byline is refused, not damaged. */
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  exec_or_fail (db, "PRAGMA user_version = 99");
  sqlite3_close (db);
  store = byline_store_open (dir, &error);
  g_assert_error (error, BYLINE_STORE_ERROR, BYLINE_STORE_ERROR_NEWER_SCHEMA);
  g_assert_null (store);
  g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));

  byline_test_remove_tree (dir);
}

static void
test_store_corrupt (void)
{
  g_autofree char *dir = byline_test_make_dir ("corrupt");
  g_autofree char *path = g_build_filename (dir, "byline.db", NULL);
  g_autoptr(BylineStore) store = NULL;
  g_autoptr(BylineArticle) article = make_article ("新的", "正文");
  g_autoptr(GError) error = NULL;
  g_autofree char *moved = NULL;
  g_autofree char *contents = NULL;
  const char *garbage = "This is not an SQLite database, just some text.\n";

  g_assert_true (g_file_set_contents (path, garbage, -1, NULL));

  store = byline_store_open (dir, &error);
  g_assert_no_error (error);
  g_assert_nonnull (store);

  /* Moved aside, never deleted, and the new store works. */
  moved = g_strdup (byline_store_get_moved_aside_to (store));
  g_assert_nonnull (moved);
  g_assert_cmpstr (byline_store_get_recovered_from (store), ==, path);
  g_assert_true (g_file_get_contents (moved, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, garbage);
  save_ok (store, article);
  g_assert_cmpint (byline_store_count (store), ==, 1);
  g_assert_finalize_object (g_steal_pointer (&store));

  /* The next start is clean. */
  store = byline_store_open (dir, &error);
  g_assert_no_error (error);
  g_assert_null (byline_store_get_moved_aside_to (store));
  g_assert_cmpint (byline_store_count (store), ==, 1);
  g_assert_finalize_object (g_steal_pointer (&store));

  byline_test_remove_tree (dir);
}

/* Runs in a subprocess that, when the tests run as root (as CI does), drops
 * to nobody: root writes through permission bits, and the point is a folder
 * the user cannot write. */
static void
run_read_only_checks (void)
{
  const char *dir = g_getenv ("BYLINE_TEST_RO_DIR");
  const char *id = g_getenv ("BYLINE_TEST_RO_ID");
  g_autoptr(BylineStore) store = NULL;
  g_autoptr(BylineArticle) loaded = NULL;
  g_autoptr(BylineArticle) other = make_article ("新稿", "正文");
  g_autoptr(GError) error = NULL;

  if (getuid () == 0)
    {
      g_assert_cmpint (setgid (65534), ==, 0);
      g_assert_cmpint (setuid (65534), ==, 0);
    }
  g_assert_cmpint (access (dir, W_OK), !=, 0);

  store = byline_store_open (dir, &error);
  g_assert_no_error (error);
  g_assert_nonnull (store);
  g_assert_true (byline_store_is_read_only (store));

  /* Reading works... */
  loaded = byline_store_load (store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (byline_article_get_title (loaded), ==, "只读");
  g_assert_cmpint (byline_store_count (store), ==, 1);

  /* ...and saving says why it cannot. */
  g_assert_false (byline_store_save (store, other, &error));
  g_assert_error (error, BYLINE_STORE_ERROR, BYLINE_STORE_ERROR_READ_ONLY);
  g_assert_nonnull (strstr (error->message, "read-only"));
}

static void
test_store_read_only (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *db = NULL;
  g_autoptr(BylineStore) store = NULL;
  g_autoptr(BylineArticle) article = make_article ("只读", "正文");
  g_autoptr(GError) error = NULL;

  if (g_test_subprocess ())
    {
      run_read_only_checks ();
      return;
    }

  /* Under the system's temporary folder, which nobody can reach whatever
   * folder the tests were cloned into. */
  dir = g_dir_make_tmp ("byline-readonly-XXXXXX", &error);
  g_assert_no_error (error);
  db = g_build_filename (dir, "byline.db", NULL);

  store = byline_store_open (dir, &error);
  g_assert_no_error (error);
  save_ok (store, article);
  g_assert_finalize_object (g_steal_pointer (&store));

  g_assert_cmpint (g_chmod (db, 0444), ==, 0);
  g_assert_cmpint (g_chmod (dir, 0555), ==, 0);

  g_setenv ("BYLINE_TEST_RO_DIR", dir, TRUE);
  g_setenv ("BYLINE_TEST_RO_ID", byline_article_get_id (article), TRUE);
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();

  g_chmod (dir, 0700);
  byline_test_remove_tree (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/byline/store/crud", test_store_crud);
  ADD ("/byline/store/search/chinese", test_store_search_chinese);
  ADD ("/byline/store/search/cap", test_store_search_cap);
  ADD ("/byline/store/search/pending", test_store_search_pending);
  ADD ("/byline/store/list-model/in-place", test_store_list_model_in_place);
  ADD ("/byline/store/revisions", test_store_revisions);
  ADD ("/byline/store/remembered", test_store_remembered);
  ADD ("/byline/store/list-model", test_store_list_model);
  ADD ("/byline/store/save-async-order", test_store_save_async_order);
  ADD ("/byline/store/large-fields", test_store_large_fields);
  ADD ("/byline/store/write-async", test_store_write_async);
#undef ADD

  g_test_add_func ("/byline/store/reopen", test_store_reopen);
  g_test_add_func ("/byline/store/migration", test_store_migration);
  g_test_add_func ("/byline/store/corrupt", test_store_corrupt);
  g_test_add_func ("/byline/store/read-only", test_store_read_only);

  return g_test_run ();
}
