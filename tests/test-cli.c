/* test-cli.c: byline-cli drafts … on a prepared store
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <sys/wait.h>

#include "byline.h"
#include "byline-test-util.h"

typedef struct
{
  char          *dir;
  BylineArticle *seed;
  BylineArticle *other;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(BylineStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GTimeZone) zone = g_time_zone_new_offset (8 * 3600);
  g_autoptr(GDateTime) published = g_date_time_new (zone, 2021, 4, 23, 10, 46, 5);

  f->dir = byline_test_make_dir ("cli");
  store = byline_store_open (f->dir, &error);
  g_assert_no_error (error);

  f->seed = byline_article_new ();
  byline_article_set_title (f->seed, "党建引领与创新同频共振,市北区登州路街道携手商会激发红色力量");
  byline_article_set_body (f->seed, "## 做强商会党建\n\n啤酒街商会着力打造标杆。");
  byline_article_set_source (f->seed, "界面新闻");
  byline_article_set_original_source (f->seed, "凤凰网青岛");
  byline_article_set_category (f->seed, "创业");
  byline_article_set_publish_time (f->seed, published);
  g_assert_true (byline_store_save (store, f->seed, &error));

  f->other = byline_article_new ();
  byline_article_set_title (f->other, "Whales");
  byline_article_set_state (f->other, BYLINE_ARTICLE_STATE_PUBLISHED);
  g_assert_true (byline_store_save (store, f->other, &error));
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->seed);
  g_clear_object (&f->other);
  byline_test_remove_tree (f->dir);
  g_free (f->dir);
}

static int
run_cli (Fixture     *f,
         char       **out,
         char       **err,
         const char  *first,
         ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_auto(GStrv) envp = g_get_environ ();
  g_autoptr(GError) error = NULL;
  const char *cli = g_getenv ("BYLINE_CLI");
  const char *arg;
  va_list args;
  int status;

  g_assert_nonnull (cli);
  g_ptr_array_add (argv, (char *) cli);
  va_start (args, first);
  for (arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (char *) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  envp = g_environ_setenv (envp, "BYLINE_DATA_DIR", f->dir, TRUE);
  g_assert_true (g_spawn_sync (NULL, (char **) argv->pdata, envp, G_SPAWN_DEFAULT, NULL, NULL,
                               out, err, &status, &error));
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (status));
  return WEXITSTATUS (status);
}

static guint
count_lines (const char *text)
{
  guint n = 0;

  for (const char *p = text; *p; p++)
    if (*p == '\n')
      n++;
  return n;
}

static void
test_cli_list (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_cmpint (run_cli (f, &out, &err, "drafts", "list", NULL), ==, 0);
  g_assert_cmpuint (count_lines (out), ==, 2);
  /* Newest first. */
  g_assert_true (g_str_has_prefix (out, byline_article_get_id (f->other)));
  g_assert_nonnull (strstr (out, "界面新闻"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run_cli (f, &out, &err, "drafts", "list", "--state", "published", NULL), ==, 0);
  g_assert_cmpuint (count_lines (out), ==, 1);
  g_assert_nonnull (strstr (out, "Whales"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run_cli (f, &out, &err, "drafts", "list", "--state", "lost", NULL), ==, 2);
  g_assert_cmpstr (out, ==, "");
  g_assert_nonnull (strstr (err, "--state"));
}

static void
test_cli_search (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_cmpint (run_cli (f, &out, &err, "drafts", "search", "商会党建", NULL), ==, 0);
  g_assert_cmpuint (count_lines (out), ==, 1);
  g_assert_true (g_str_has_prefix (out, byline_article_get_id (f->seed)));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run_cli (f, &out, &err, "drafts", "search", "没有这个", NULL), ==, 0);
  g_assert_cmpstr (out, ==, "");
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run_cli (f, &out, &err, "drafts", "search", NULL), ==, 2);
}

static void
test_cli_show (Fixture       *f,
               gconstpointer  data)
{
  const char *id = byline_article_get_id (f->seed);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(BylineArticle) shown = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (run_cli (f, &out, &err, "drafts", "show", id, "--json", NULL), ==, 0);
  shown = byline_article_new_from_json (out, -1, &error);
  g_assert_no_error (error);
  g_assert_true (byline_article_equal_content (shown, f->seed));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_clear_object (&shown);

  g_assert_cmpint (run_cli (f, &out, &err, "drafts", "export", id, NULL), ==, 0);
  shown = byline_article_new_from_json (out, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (byline_article_get_original_source (shown), ==, "凤凰网青岛");
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run_cli (f, &out, &err, "drafts", "show", id, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "凤凰网青岛"));
  g_assert_nonnull (strstr (out, "2021-04-23 10:46:05 +08:00"));
  g_assert_nonnull (strstr (out, "## 做强商会党建"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run_cli (f, &out, &err, "drafts", "show", "no-such-draft", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "no-such-draft"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run_cli (f, &out, &err, "drafts", "show", NULL), ==, 2);
}

static void
test_cli_usage (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_cmpint (run_cli (f, &out, &err, NULL), ==, 2);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (f, &out, &err, "frobnicate", NULL), ==, 2);
  g_assert_nonnull (strstr (err, "frobnicate"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (f, &out, &err, "drafts", "eat", NULL), ==, 2);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (f, &out, &err, "--help", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "drafts list"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/byline/cli/drafts/list", test_cli_list);
  ADD ("/byline/cli/drafts/search", test_cli_search);
  ADD ("/byline/cli/drafts/show", test_cli_show);
  ADD ("/byline/cli/usage", test_cli_usage);
#undef ADD

  return g_test_run ();
}
