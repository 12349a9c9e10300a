/* test-store-crash.c: a writer killed with SIGKILL at random moments never
 * loses a draft whose save had returned, and the store always opens.
 *
 * The test runs itself as the writer ("--writer DIR"): the writer saves new
 * drafts and new versions of old ones as fast as it can and, after each save
 * returns, prints "ID VERSION" on stdout. The parent reads those lines, kills
 * the writer at a random moment, reopens the store and checks that every
 * draft reported saved is there with at least the version reported.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <poll.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

#include "byline.h"
#include "byline-test-util.h"

#define KILLS 50

static const char *self_path;

static int
run_writer (const char *dir,
            guint32     seed)
{
  g_autoptr(BylineStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) articles = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);

  store = byline_store_open (dir, &error);
  if (store == NULL)
    {
      g_printerr ("writer: %s\n", error->message);
      return 1;
    }

  /* Pick up where the previous writer stopped, so revisions pile up. */
  {
    g_autoptr(BylineDraftList) list = byline_store_list_drafts (store, NULL, -1);
    guint n = MIN (g_list_model_get_n_items (G_LIST_MODEL (list)), 20);

    for (guint i = 0; i < n; i++)
      {
        g_autoptr(BylineDraftSummary) item = g_list_model_get_item (G_LIST_MODEL (list), i);
        BylineArticle *article = byline_store_load (store, byline_draft_summary_get_id (item), NULL);

        if (article != NULL)
          g_ptr_array_add (articles, article);
      }
  }

  for (guint64 round = 0; ; round++)
    {
      BylineArticle *article;
      g_autofree char *title = NULL;
      g_autofree char *body = NULL;
      guint version;

      if (articles->len < 5 || g_rand_int_range (rand, 0, 4) == 0)
        {
          article = byline_article_new ();
          byline_article_set_title (article, "v0");
          g_ptr_array_add (articles, article);
        }
      else
        article = g_ptr_array_index (articles, g_rand_int_range (rand, 0, articles->len));

      version = (guint) g_ascii_strtoull (byline_article_get_title (article) + 1, NULL, 10) + 1;
      title = g_strdup_printf ("v%u", version);
      body = g_strnfill (g_rand_int_range (rand, 10, 4000), 'x');
      byline_article_set_title (article, title);
      byline_article_set_body (article, body);
      byline_article_set_source (article, round % 2 ? "界面新闻" : "新华社");

      if (!byline_store_save (store, article, &error))
        {
          g_printerr ("writer: %s\n", error->message);
          return 1;
        }
      printf ("%s %u\n", byline_article_get_id (article), version);
      fflush (stdout);
    }

  return 0;
}

static void
test_store_crash_kill9 (void)
{
  g_autofree char *dir = byline_test_make_dir ("crash");
  g_autoptr(GHashTable) saved = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint total_lines = 0;

  for (guint kill_no = 0; kill_no < KILLS; kill_no++)
    {
      g_autofree char *seed = g_strdup_printf ("%u", g_test_rand_int ());
      const char *argv[] = { self_path, "--writer", dir, seed, NULL };
      g_autoptr(GError) error = NULL;
      g_autoptr(BylineStore) store = NULL;
      GHashTableIter iter;
      gpointer key, value;
      GPid pid;
      int out_fd;
      FILE *out;
      char line[256];
      gint64 deadline;
      int status;
      guint delay_ms = g_test_rand_int_range (20, 400);

      g_assert_true (g_spawn_async_with_pipes (NULL, (char **) argv, NULL,
                                               G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL, &pid,
                                               NULL, &out_fd, NULL, &error));
      g_assert_no_error (error);

      /* Every other writer first reports a save, so that half the kills
       * land among saves however slowly a busy or sanitized machine starts
       * a process; the others may land while it opens the store. */
      if (kill_no % 2 == 1)
        {
          struct pollfd ready = { .fd = out_fd, .events = POLLIN };

          g_assert_cmpint (poll (&ready, 1, 60 * 1000), ==, 1);
        }

      /* Let it run for a random while, then kill it without warning. */
      deadline = g_get_monotonic_time () + delay_ms * 1000;
      while (g_get_monotonic_time () < deadline)
        g_usleep (1000);
      kill (pid, SIGKILL);
      waitpid (pid, &status, 0);
      g_spawn_close_pid (pid);
      g_assert_true (WIFSIGNALED (status));

      /* Every line the writer printed was a save that had returned. A line
       * cut short by the kill is not counted. */
      out = fdopen (out_fd, "r");
      while (fgets (line, sizeof line, out) != NULL)
        {
          char *space = strchr (line, ' ');
          size_t len = strlen (line);
          guint version;

          if (space == NULL || len == 0 || line[len - 1] != '\n')
            continue;
          *space = '\0';
          version = (guint) g_ascii_strtoull (space + 1, NULL, 10);
          if (GPOINTER_TO_UINT (g_hash_table_lookup (saved, line)) < version)
            g_hash_table_insert (saved, g_strdup (line), GUINT_TO_POINTER (version));
          total_lines++;
        }
      fclose (out);

      store = byline_store_open (dir, &error);
      g_assert_no_error (error);
      g_assert_null (byline_store_get_moved_aside_to (store));

      g_hash_table_iter_init (&iter, saved);
      while (g_hash_table_iter_next (&iter, &key, &value))
        {
          g_autoptr(BylineArticle) article = byline_store_load (store, key, &error);
          guint stored;

          g_assert_no_error (error);
          g_assert_nonnull (article);
          stored = (guint) g_ascii_strtoull (byline_article_get_title (article) + 1, NULL, 10);
          g_assert_cmpuint (stored, >=, GPOINTER_TO_UINT (value));
        }

      g_assert_cmpuint (byline_store_count (store), >=, g_hash_table_size (saved));
      g_assert_finalize_object (g_steal_pointer (&store));
    }

  /* The database file itself is sound. */
  {
    g_autofree char *path = g_build_filename (dir, "byline.db", NULL);
    sqlite3 *db = NULL;
    sqlite3_stmt *stmt = NULL;

    g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA integrity_check", -1, &stmt, NULL), ==,
                     SQLITE_OK);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "ok");
    sqlite3_finalize (stmt);
    sqlite3_close (db);
  }

  g_test_message ("%u kills, %u saves reported, %u drafts checked after each kill",
                  KILLS, total_lines, g_hash_table_size (saved));
  /* The kills that waited for a first save reported one each at least. */
  g_assert_cmpuint (total_lines, >=, KILLS / 2);

  byline_test_remove_tree (dir);
}

int
main (int    argc,
      char **argv)
{
  if (argc == 4 && g_str_equal (argv[1], "--writer"))
    return run_writer (argv[2], (guint32) g_ascii_strtoull (argv[3], NULL, 10));

  self_path = argv[0];
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/byline/store/crash/kill9", test_store_crash_kill9);

  return g_test_run ();
}
