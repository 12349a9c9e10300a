/* test-window-ingest.c: what is dropped on the real window becomes a draft
 *
 * A drag cannot be synthesized in-process, so the test calls the drop
 * handler itself (byline_window_ingest_value) with what a real drop
 * delivers: a GdkFileList, or a string.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>

#include "byline-article-form.h"
#include "byline-test-util.h"
#include "byline-window-private.h"

#define WAIT_TIMEOUT_S 20

typedef struct
{
  char         *dir;
  BylineStore  *store;
  BylineWindow *window;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = byline_test_make_dir ("window-ingest");
  f->store = byline_store_open (f->dir, &error);
  g_assert_no_error (error);
  f->window = g_object_ref (byline_window_new (NULL, f->store));
  gtk_window_present (GTK_WINDOW (f->window));
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  g_assert_finalize_object (g_steal_pointer (&f->window));
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_finalize_object (g_steal_pointer (&f->store));
  byline_test_remove_tree (f->dir);
  g_free (f->dir);
}

/* Runs the main loop until the store holds @count drafts and the window
 * shows one whose title is set. */
static void
wait_for_drafts (Fixture *f,
                 gint64   count)
{
  gint64 deadline = g_get_monotonic_time () + WAIT_TIMEOUT_S * G_USEC_PER_SEC;

  for (;;)
    {
      BylineArticle *article = byline_window_get_article (f->window);

      if (byline_store_count (f->store) == count &&
          (count == 0 || (article != NULL && byline_article_get_title (article) != NULL)))
        break;
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

static char *
corpus_path (const char *name)
{
  return g_build_filename (g_getenv ("BYLINE_TEST_SRCDIR"), "corpus", "seed", name, NULL);
}

static void
test_drop_seed_file (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *path = corpus_path ("source.txt");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  GSList files = { file, NULL };
  g_auto(GValue) value = G_VALUE_INIT;
  BylineArticle *article;
  GDateTime *published;
  const char *body;

  g_value_init (&value, GDK_TYPE_FILE_LIST);
  g_value_take_boxed (&value, gdk_file_list_new_from_list (&files));
  g_assert_true (byline_window_ingest_value (f->window, &value));
  wait_for_drafts (f, 1);

  article = byline_window_get_article (f->window);
  g_assert_cmpstr (byline_article_get_title (article), ==,
                   "党建引领与创新同频共振,市北区登州路街道携手商会激发红色力量");
  g_assert_cmpstr (byline_article_get_source (article), ==, "界面新闻");
  g_assert_cmpstr (byline_article_get_original_source (article), ==, "凤凰网青岛");
  g_assert_cmpstr (byline_article_get_category (article), ==, "创业");
  published = byline_article_get_publish_time (article);
  g_assert_nonnull (published);
  g_assert_cmpint (g_date_time_to_unix (published), ==, 1619145965);  /* 10:46:05 +08:00 */
  body = byline_article_get_body (article);
  g_assert_true (g_str_has_prefix (body, "2019年10月底"));
  g_assert_nonnull (strstr (body, "\n## 党建引领基层治理\n"));
  g_assert_nonnull (byline_article_get_provenance (article, "source"));

  /* What the editor sees in the form, read back from its widgets. */
  {
    static const struct {
      const char *field;
      const char *text;
    } shown[] = {
      { "title", "党建引领与创新同频共振,市北区登州路街道携手商会激发红色力量" },
      { "source", "界面新闻" },
      { "original-source", "凤凰网青岛" },
      { "category", "创业" },
    };
    g_autofree char *time = NULL;
    g_autofree char *text = NULL;
    g_autofree char *note = NULL;

    for (guint i = 0; i < G_N_ELEMENTS (shown); i++)
      {
        g_autofree char *shown_text = byline_article_form_dup_shown_text (f->window->form,
                                                                          shown[i].field);

        g_assert_cmpstr (shown_text, ==, shown[i].text);
      }

    /* The test runs in UTC: 10:46:05 in Shanghai is 02:46:05 here. */
    time = byline_article_form_dup_shown_text (f->window->form, "publish-time");
    g_assert_cmpstr (time, ==, "2021-04-23 02:46:05");

    text = byline_article_form_dup_shown_text (f->window->form, "body");
    g_assert_nonnull (strstr (text, "## 党建引领基层治理"));

    /* Where each field came from, beside it, until the editor changes it. */
    note = byline_article_form_dup_shown_note (f->window->form, "source");
    g_assert_nonnull (note);
    g_assert_nonnull (strstr (note, "界面新闻"));
    g_clear_pointer (&note, g_free);
    note = byline_article_form_dup_shown_note (f->window->form, "publish-time");
    g_assert_nonnull (note);
    g_clear_pointer (&note, g_free);

    /* The chrome that was taken out is listed. */
    g_assert_cmpuint (byline_article_form_get_n_removed_shown (f->window->form), >=, 3);
    g_assert_cmpuint (byline_article_form_get_n_removed_shown (f->window->form), ==,
                      g_strv_length ((char **) byline_article_get_removed_lines (article)));
  }

  /* The toast's Undo (and Ctrl+Z) removes the draft the drop made. */
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.undo-ingest", "s",
                              byline_article_get_id (article));
  wait_for_drafts (f, 0);
}

static void
test_drop_text (Fixture       *f,
                gconstpointer  data)
{
  g_auto(GValue) value = G_VALUE_INIT;
  BylineArticle *article;

  g_value_init (&value, G_TYPE_STRING);
  g_value_set_string (&value,
                      "标题在这里\n"
                      "时间：2022-05-01 08:00 来源：新华社\n"
                      "\n"
                      "第一段正文，讲的是一件事情，写得足够长，像一个真正的段落那样。\n"
                      "\n"
                      "第二段正文，也写得足够长，这样才能算作正文里的段落而不是标题。\n");
  g_assert_true (byline_window_ingest_value (f->window, &value));
  wait_for_drafts (f, 1);

  article = byline_window_get_article (f->window);
  g_assert_cmpstr (byline_article_get_title (article), ==, "标题在这里");
  g_assert_cmpstr (byline_article_get_source (article), ==, "新华社");

  /* The note beside the source goes once the editor types another. */
  {
    g_autofree char *note = byline_article_form_dup_shown_note (f->window->form, "source");

    g_assert_nonnull (note);
  }
  byline_article_set_source (article, "人民日报");
  {
    g_autofree char *note = byline_article_form_dup_shown_note (f->window->form, "source");

    g_assert_null (note);
  }

  /* Once the editor changes it, the draft is theirs: undo no longer
   * removes it. */
  byline_article_set_title (article, "编辑改过的标题");
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.undo-ingest", "s",
                              byline_article_get_id (article));
  for (int i = 0; i < 50; i++)
    g_main_context_iteration (NULL, FALSE);
  g_assert_cmpint (byline_store_count (f->store), ==, 1);
}

static void
test_drop_binary (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "picture.txt", NULL);
  static const char png[] = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\1\0\0\0\1\x08\x06\0\0\0";
  g_autoptr(GFile) file = NULL;
  GSList files = { NULL, NULL };
  g_auto(GValue) value = G_VALUE_INIT;
  gboolean dialog_seen = FALSE;

  g_assert_true (g_file_set_contents (path, png, sizeof png, NULL));
  file = g_file_new_for_path (path);
  files.data = file;

  g_value_init (&value, GDK_TYPE_FILE_LIST);
  g_value_take_boxed (&value, gdk_file_list_new_from_list (&files));
  g_assert_true (byline_window_ingest_value (f->window, &value));

  /* A dialog says why, and no draft is made. */
  for (int i = 0; i < 2000; i++)
    {
      g_autoptr(GList) toplevels = gtk_window_list_toplevels ();
      gboolean found = FALSE;

      for (GList *l = toplevels; l != NULL; l = l->next)
        if (ADW_IS_MESSAGE_DIALOG (l->data))
          {
            const char *body = adw_message_dialog_get_body (l->data);

            g_assert_nonnull (strstr (body, "picture.txt"));
            gtk_window_destroy (l->data);
            found = TRUE;
          }
      if (found)
        {
          dialog_seen = TRUE;
          break;
        }
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  g_assert_true (dialog_seen);
  g_assert_cmpint (byline_store_count (f->store), ==, 0);
}

int
main (int    argc,
      char **argv)
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/byline/window/ingest/drop-file", test_drop_seed_file);
  ADD ("/byline/window/ingest/drop-text", test_drop_text);
  ADD ("/byline/window/ingest/drop-binary", test_drop_binary);
#undef ADD

  return g_test_run ();
}
