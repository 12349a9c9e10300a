/* test-ingest-cli.c: byline-cli ingest, as a script would run it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>
#include <string.h>

#include <json-glib/json-glib.h>

#include "byline.h"
#include "byline-test-util.h"

static char *
seed_path (void)
{
  return g_build_filename (g_getenv ("BYLINE_TEST_SRCDIR"), "corpus", "seed", "source.txt", NULL);
}

static int
run_cli (const char * const  *args,
         const char          *data_dir,
         char               **out,
         char               **err)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_auto(GStrv) envp = g_get_environ ();
  g_autoptr(GError) error = NULL;
  int status = -1;

  g_ptr_array_add (argv, (gpointer) g_getenv ("BYLINE_CLI"));
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  envp = g_environ_setenv (envp, "BYLINE_DATA_DIR", data_dir, TRUE);
  g_assert_true (g_spawn_sync (NULL, (char **) argv->pdata, envp, G_SPAWN_DEFAULT, NULL, NULL,
                               out, err, &status, &error));
  g_assert_no_error (error);

  return WIFEXITED (status) ? WEXITSTATUS (status) : -1;
}

static void
test_json (void)
{
  static const char * const keys[] = {
    "title", "short_title", "published", "source", "source_url", "author", "editor",
    "original_title", "original_source", "category_hint", "headings", "paragraphs", "body",
    "images", "removed", "encoding",
  };
  g_autofree char *dir = byline_test_make_dir ("ingest-cli");
  g_autofree char *path = seed_path ();
  const char *args[] = { "ingest", "--json", path, NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *object;
  JsonArray *headings;
  g_autoptr(GList) members = NULL;

  g_assert_cmpint (run_cli (args, dir, &out, &err), ==, 0);
  g_assert_true (json_parser_load_from_data (parser, out, -1, &error));
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));
  object = json_node_get_object (json_parser_get_root (parser));

  /* exactly the keys of the issue, null when not found */
  members = json_object_get_members (object);
  g_assert_cmpuint (g_list_length (members), ==, G_N_ELEMENTS (keys));
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    g_assert_true (json_object_has_member (object, keys[i]));

  g_assert_cmpstr (json_object_get_string_member (object, "title"), ==,
                   "党建引领与创新同频共振,市北区登州路街道携手商会激发红色力量");
  g_assert_cmpstr (json_object_get_string_member (object, "published"), ==, "2021-04-23T10:46:05+08:00");
  g_assert_cmpstr (json_object_get_string_member (object, "source"), ==, "界面新闻");
  g_assert_cmpstr (json_object_get_string_member (object, "original_source"), ==, "凤凰网青岛");
  g_assert_cmpstr (json_object_get_string_member (object, "category_hint"), ==, "创业");
  g_assert_cmpstr (json_object_get_string_member (object, "encoding"), ==, "UTF-8");
  g_assert_true (json_object_get_null_member (object, "author"));
  g_assert_true (json_object_get_null_member (object, "editor"));
  g_assert_true (json_object_get_null_member (object, "source_url"));

  headings = json_object_get_array_member (object, "headings");
  g_assert_cmpuint (json_array_get_length (headings), ==, 10);
  g_assert_cmpstr (json_array_get_string_element (headings, 0), ==, "党建引领基层治理");
  g_assert_cmpstr (json_array_get_string_element (headings, 9), ==, "啤酒街商会着力打造标杆");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object, "paragraphs")), ==, 50);
  g_assert_true (g_str_has_prefix (json_object_get_string_member (object, "body"), "2019年10月底"));
  g_assert_nonnull (strstr (json_object_get_string_member (object, "body"), "\n\n## 党建引领基层治理\n\n"));

  byline_test_remove_tree (dir);
}

static void
test_stdin_and_save (void)
{
  g_autofree char *dir = byline_test_make_dir ("ingest-cli-save");
  g_autofree char *path = seed_path ();
  g_autofree char *command = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(BylineStore) store = NULL;
  g_autoptr(BylineArticle) article = NULL;
  g_autofree char *id = NULL;
  const char *args[] = { "ingest", "--save", path, NULL };

  g_assert_cmpint (run_cli (args, dir, &out, &err), ==, 0);
  g_assert_nonnull (strstr (out, "界面新闻"));

  store = byline_store_open (dir, &error);
  g_assert_no_error (error);
  g_assert_cmpint (byline_store_count (store), ==, 1);
  id = byline_store_dup_latest_id (store);
  article = byline_store_load (store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (byline_article_get_source (article), ==, "界面新闻");
  g_assert_cmpstr (byline_article_get_category (article), ==, "创业");
  g_assert_nonnull (byline_article_get_provenance (article, "source"));
  g_clear_object (&store);

  /* standard input, through a shell pipe */
  {
    g_autofree char *quoted_cli = g_shell_quote (g_getenv ("BYLINE_CLI"));
    g_autofree char *quoted_path = g_shell_quote (path);
    g_autofree char *stdout_text = NULL;
    int status = 0;

    command = g_strdup_printf ("/bin/sh -c '%s ingest --json - < %s'", quoted_cli, quoted_path);
    g_assert_true (g_spawn_command_line_sync (command, &stdout_text, NULL, &status, &error));
    g_assert_no_error (error);
    g_assert_cmpint (status, ==, 0);
    g_assert_nonnull (strstr (stdout_text, "\"source\" : \"界面新闻\""));
  }

  byline_test_remove_tree (dir);
}

static void
test_errors (void)
{
  g_autofree char *dir = byline_test_make_dir ("ingest-cli-errors");
  g_autofree char *binary = g_build_filename (dir, "image.png", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  const char *usage[] = { "ingest", NULL };
  const char *two[] = { "ingest", "a.txt", "b.txt", NULL };
  const char *missing[] = { "ingest", "/nonexistent/file.txt", NULL };
  const char *bin[] = { "ingest", "--json", binary, NULL };

  g_assert_cmpint (run_cli (usage, dir, &out, &err), ==, 2);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (two, dir, &out, &err), ==, 2);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (missing, dir, &out, &err), ==, 1);
  g_assert_cmpstr (err, !=, "");
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_true (g_file_set_contents (binary, "\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16, &error));
  g_assert_cmpint (run_cli (bin, dir, &out, &err), ==, 1);
  g_assert_nonnull (strstr (err, "not a text or HTML document"));
  g_assert_cmpstr (out, ==, "");

  byline_test_remove_tree (dir);
}

int
main (int    argc,
      char **argv)
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/byline/ingest/cli/json", test_json);
  g_test_add_func ("/byline/ingest/cli/stdin-and-save", test_stdin_and_save);
  g_test_add_func ("/byline/ingest/cli/errors", test_errors);

  return g_test_run ();
}
