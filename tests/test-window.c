/* test-window.c: the real window, driven in-process
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define _GNU_SOURCE
#include "config.h"

#include <unistd.h>

#include <adwaita.h>
#include <gtksourceview/gtksource.h>

#include "byline-application.h"
#include "byline-article-form.h"
#include "byline-preferences-window.h"
#include "byline-test-fill.h"
#include "byline-test-util.h"
#include "byline-window.h"

#define WAIT_TIMEOUT_S 10

typedef struct
{
  char         *dir;
  BylineStore  *store;
  BylineWindow *window;
} Fixture;

typedef gboolean (*Condition) (gpointer data);

/* Runs the main loop until @condition holds; fails after WAIT_TIMEOUT_S. */
static void
wait_until (Condition condition,
            gpointer  data)
{
  gint64 deadline = g_get_monotonic_time () + WAIT_TIMEOUT_S * G_USEC_PER_SEC;

  while (!condition (data))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

static gboolean
after_deadline (gpointer data)
{
  return g_get_monotonic_time () > *(gint64 *) data;
}

static gboolean
no_pending_events (gpointer data)
{
  return !g_main_context_pending (NULL);
}

static void
open_store (Fixture *f)
{
  g_autoptr(GError) error = NULL;

  f->store = byline_store_open (f->dir, &error);
  g_assert_no_error (error);
  g_assert_nonnull (f->store);
}

static void
open_window (Fixture *f)
{
  f->window = g_object_ref (byline_window_new (NULL, f->store));
  gtk_window_present (GTK_WINDOW (f->window));
  wait_until (no_pending_events, NULL);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->dir = byline_test_make_dir ("window");
  g_setenv ("BYLINE_DATA_DIR", f->dir, TRUE);
}

static GtkWindow *
find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type))
        return window;
    }

  return NULL;
}

static gboolean
window_is_gone (gpointer data)
{
  return find_toplevel (BYLINE_TYPE_WINDOW) == NULL;
}

static gboolean
window_is_saved (gpointer data)
{
  return !byline_window_has_unsaved (data);
}

static void
close_window (Fixture *f)
{
  if (f->window == NULL)
    return;

  wait_until (window_is_saved, f->window);
  gtk_window_close (GTK_WINDOW (f->window));
  g_assert_finalize_object (f->window);
  f->window = NULL;
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  close_window (f);
  if (f->store != NULL)
    g_assert_finalize_object (f->store);
  byline_test_remove_tree (f->dir);
  g_free (f->dir);
}

static gpointer
get_child (gpointer    widget,
           GType       type,
           const char *name)
{
  GObject *child = gtk_widget_get_template_child (GTK_WIDGET (widget), type, name);

  g_assert_nonnull (child);
  return child;
}

/* The widget after @widget in a depth-first walk of @root's tree. */
static GtkWidget *
next_in_tree (GtkWidget *root,
              GtkWidget *widget)
{
  GtkWidget *child = gtk_widget_get_first_child (widget);

  if (child != NULL)
    return child;
  while (widget != root)
    {
      GtkWidget *next = gtk_widget_get_next_sibling (widget);

      if (next != NULL)
        return next;
      widget = gtk_widget_get_parent (widget);
    }
  return NULL;
}

/* The publish time picker, built when it first opens: opens it and hands
 * back its calendar and its hour, minute and second spin buttons. */
static GtkPopover *
open_publish_time_picker (BylineArticleForm  *form,
                          GtkCalendar       **calendar,
                          GtkSpinButton      *spins[3])
{
  GtkMenuButton *button = get_child (form, BYLINE_TYPE_ARTICLE_FORM, "publish_time_button");
  GtkPopover *popover;
  GtkWidget *widget;
  guint n_spins = 0;

  gtk_menu_button_popup (button);
  popover = gtk_menu_button_get_popover (button);
  g_assert_nonnull (popover);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (popover)));

  *calendar = NULL;
  widget = GTK_WIDGET (popover);
  while ((widget = next_in_tree (GTK_WIDGET (popover), widget)) != NULL)
    {
      if (GTK_IS_CALENDAR (widget))
        *calendar = GTK_CALENDAR (widget);
      else if (GTK_IS_SPIN_BUTTON (widget))
        {
          g_assert_cmpuint (n_spins, <, 3);
          spins[n_spins++] = GTK_SPIN_BUTTON (widget);
        }
    }
  g_assert_nonnull (*calendar);
  g_assert_cmpuint (n_spins, ==, 3);
  return popover;
}

static BylineArticleForm *
get_form (Fixture *f)
{
  return get_child (f->window, BYLINE_TYPE_WINDOW, "form");
}

static GtkEditable *
get_field (Fixture    *f,
           const char *name)
{
  return GTK_EDITABLE (get_child (get_form (f), BYLINE_TYPE_ARTICLE_FORM, name));
}

static GtkTextBuffer *
get_body_buffer (Fixture *f)
{
  return gtk_text_view_get_buffer (get_child (get_form (f), BYLINE_TYPE_ARTICLE_FORM, "body_view"));
}

static GtkTextBuffer *
get_title_buffer (Fixture *f)
{
  return gtk_text_view_get_buffer (get_child (get_form (f), BYLINE_TYPE_ARTICLE_FORM, "title_view"));
}

static void
set_title (Fixture    *f,
           const char *title)
{
  gtk_text_buffer_set_text (get_title_buffer (f), title, -1);
}

/* Freed at the end of the test. */
static const char *
get_title_text (Fixture *f)
{
  GtkTextIter start, end;
  char *title;

  gtk_text_buffer_get_bounds (get_title_buffer (f), &start, &end);
  title = gtk_text_buffer_get_text (get_title_buffer (f), &start, &end, FALSE);
  g_test_queue_free (title);

  return title;
}

static BylineArticle *
save_draft (Fixture    *f,
            const char *title,
            const char *body)
{
  g_autoptr(BylineArticle) article = byline_article_new ();
  g_autoptr(GError) error = NULL;

  byline_article_set_title (article, title);
  byline_article_set_body (article, body);
  g_assert_true (byline_store_save (f->store, article, &error));
  g_assert_no_error (error);

  return g_steal_pointer (&article);
}

typedef struct
{
  BylineStore *store;
  const char  *id;
  const char  *title;
  const char  *body;
} StoredCheck;

static gboolean
store_has (gpointer data)
{
  StoredCheck *check = data;
  g_autoptr(BylineArticle) stored = byline_store_load (check->store, check->id, NULL);

  return stored != NULL &&
         g_strcmp0 (byline_article_get_title (stored), check->title) == 0 &&
         g_strcmp0 (byline_article_get_body (stored), check->body) == 0;
}

/* Typing into the form reaches the store without any save command. */
static void
test_window_autosave (Fixture       *f,
                      gconstpointer  data)
{
  const char *title = "党建引领与创新同频共振";
  const char *body = "## 党建引领基层治理\n\n市北区登州路街道着力擦亮街道品牌 with WordPress。";
  g_autoptr(BylineArticle) stored = NULL;
  BylineArticle *article;
  GtkLabel *count_label;
  GtkLabel *state_label;
  g_autofree char *expected_count = NULL;
  StoredCheck check;
  gint64 typed, saved;

  open_store (f);
  open_window (f);

  article = byline_window_get_article (f->window);
  g_assert_nonnull (article);
  g_assert_cmpint (byline_store_count (f->store), ==, 0);

  gtk_editable_set_text (get_field (f, "source_row"), "界面新闻");
  gtk_editable_set_text (get_field (f, "original_source_row"), "凤凰网青岛");
  gtk_editable_set_text (get_field (f, "category_row"), "创业");
  gtk_editable_set_text (get_field (f, "tags_row"), "党建，商会、 青岛 ,");
  gtk_editable_set_text (get_field (f, "short_title_row"), "党建引领");
  gtk_editable_set_text (get_field (f, "editor_row"), "王编辑");
  adw_combo_row_set_selected (get_child (get_form (f), BYLINE_TYPE_ARTICLE_FORM, "publish_mode_row"),
                              BYLINE_PUBLISH_MODE_PENDING);
  gtk_text_buffer_set_text (get_body_buffer (f), body, -1);
  set_title (f, title);
  typed = g_get_monotonic_time ();

  check = (StoredCheck) { f->store, byline_article_get_id (article), title, body };
  wait_until (store_has, &check);
  saved = g_get_monotonic_time ();
  g_test_message ("last edit to stored: %.0f ms", (saved - typed) / 1000.0);

  stored = byline_store_load (f->store, byline_article_get_id (article), NULL);
  g_assert_cmpstr (byline_article_get_source (stored), ==, "界面新闻");
  g_assert_cmpstr (byline_article_get_original_source (stored), ==, "凤凰网青岛");
  g_assert_cmpstr (byline_article_get_category (stored), ==, "创业");
  g_assert_cmpstr (byline_article_get_short_title (stored), ==, "党建引领");
  g_assert_cmpstr (byline_article_get_editor (stored), ==, "王编辑");
  g_assert_cmpint (byline_article_get_publish_mode (stored), ==, BYLINE_PUBLISH_MODE_PENDING);
  g_assert_cmpstrv (byline_article_get_tags (stored), ((const char *[]) { "党建", "商会", "青岛", NULL }));

  /* 字数: every CJK character and every Latin word counts one. */
  count_label = get_child (f->window, BYLINE_TYPE_WINDOW, "word_count_label");
  expected_count = g_strdup_printf ("%lu words", (unsigned long) byline_count_words (body, -1));
  g_assert_cmpstr (gtk_label_get_text (count_label), ==, expected_count);

  wait_until (window_is_saved, f->window);
  state_label = get_child (f->window, BYLINE_TYPE_WINDOW, "save_state_label");
  g_assert_cmpstr (gtk_label_get_text (state_label), ==, "Saved");

  /* The saved draft is listed, and selected since it is the open one. */
  {
    GtkGridView *view = get_child (f->window, BYLINE_TYPE_WINDOW, "drafts_view");
    GtkSingleSelection *selection = GTK_SINGLE_SELECTION (gtk_grid_view_get_model (view));

    wait_until (no_pending_events, NULL);
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (selection)), ==, 1);
    g_assert_cmpuint (gtk_single_selection_get_selected (selection), ==, 0);
  }
}

/* A steady typist never pauses long enough for the debounce alone: a save
 * still lands within a second of the first unsaved keystroke. */
static void
test_window_autosave_steady_typing (Fixture       *f,
                                    gconstpointer  data)
{
  GtkTextBuffer *buffer;
  gint64 first = 0, stored_at = 0;

  open_store (f);
  open_window (f);
  buffer = get_body_buffer (f);

  for (guint i = 0; i < 40 && stored_at == 0; i++)
    {
      gint64 next = g_get_monotonic_time () + 100 * G_TIME_SPAN_MILLISECOND;

      gtk_text_buffer_insert_at_cursor (buffer, "字", -1);
      if (first == 0)
        first = g_get_monotonic_time ();
      wait_until (after_deadline, &next);
      if (byline_store_count (f->store) > 0)
        stored_at = g_get_monotonic_time ();
    }

  g_assert_cmpint (stored_at, !=, 0);
  g_test_message ("first save %.0f ms after the first of a keystroke every 100 ms",
                  (stored_at - first) / 1000.0);
  g_assert_cmpint ((stored_at - first) / 1000, <, 1500);
}

/* A body of @n_chars characters in paragraphs, Chinese with some Latin. */
static char *
make_long_body (guint n_chars)
{
  static const char * const words[] = { "记者", "报道", "市场", "WordPress", "发展", "数据" };
  g_autoptr(GString) body = g_string_new (NULL);
  guint i = 0;

  while (g_utf8_strlen (body->str, body->len) < n_chars)
    {
      g_string_append (body, words[i % G_N_ELEMENTS (words)]);
      if (++i % 60 == 0)
        g_string_append (body, "。\n\n");
    }
  return g_string_free (g_steal_pointer (&body), FALSE);
}

static char *
dup_all_text (GtkTextBuffer *buffer)
{
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

typedef struct
{
  BylineArticle *article;  /* the form's; get_article() would sync it */
  gboolean  done;
  gboolean  synced;
  GError   *error;
  char     *body;    /* the article's body when the callback ran */
  char     *shown;   /* the buffer's text then */
} CopyResult;

static void
copy_result_clear (CopyResult *result)
{
  g_clear_error (&result->error);
  g_clear_pointer (&result->body, g_free);
  g_clear_pointer (&result->shown, g_free);
  result->done = FALSE;
  result->synced = FALSE;
}

static void
body_copied_cb (GObject      *object,
                GAsyncResult *res,
                gpointer      user_data)
{
  BylineArticleForm *form = BYLINE_ARTICLE_FORM (object);
  CopyResult *result = user_data;
  GtkTextView *view = get_child (form, BYLINE_TYPE_ARTICLE_FORM, "body_view");

  result->synced = byline_article_form_sync_article_finish (form, res, &result->error);
  result->body = g_strdup (byline_article_get_body (result->article));
  result->shown = dup_all_text (gtk_text_view_get_buffer (view));
  result->done = TRUE;
}

typedef enum
{
  EDIT_AT_CURSOR,
  EDIT_ELSEWHERE,
  EDIT_ELSEWHERE_TWICE,
} CopyEdits;

/* The form copies a long body into the article a slice per main-loop
 * turn while the editor types; what the article gets is exactly the text
 * when the copy ends, whatever was edited meanwhile and where. */
static void
test_form_sync_article_async (gconstpointer data)
{
  CopyEdits edits = GPOINTER_TO_INT (data);
  GtkWidget *form = g_object_ref_sink (byline_article_form_new ());
  g_autoptr(BylineArticle) article = byline_article_new ();
  g_autofree char *body = make_long_body (100000);
  GtkTextView *view = get_child (form, BYLINE_TYPE_ARTICLE_FORM, "body_view");
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  CopyResult result = { article, };
  GtkTextIter iter;
  guint turns = 0;

  byline_article_set_body (article, "旧的正文");
  byline_article_form_set_article (BYLINE_ARTICLE_FORM (form), article);
  gtk_text_buffer_set_text (buffer, body, -1);
  gtk_text_buffer_get_iter_at_offset (buffer, &iter, 40000);
  gtk_text_buffer_place_cursor (buffer, &iter);
  g_assert_cmpstr (byline_article_get_body (article), ==, "旧的正文");

  byline_article_form_sync_article_async (BYLINE_ARTICLE_FORM (form), NULL, body_copied_cb,
                                          &result);
  while (!result.done)
    {
      g_assert_cmpuint (turns, <, 1000);
      g_main_context_iteration (NULL, FALSE);
      turns++;
      if (result.done)
        break;

      if (turns % 2 == 0)
        gtk_text_buffer_insert_at_cursor (buffer, turns % 4 == 0 ? "字" : "a", -1);
      if (edits != EDIT_AT_CURSOR && (turns == 3 || (edits == EDIT_ELSEWHERE_TWICE && turns == 12)))
        {
          /* Text copied already: the start, or the end. */
          if (turns == 3)
            gtk_text_buffer_get_start_iter (buffer, &iter);
          else
            gtk_text_buffer_get_end_iter (buffer, &iter);
          gtk_text_buffer_insert (buffer, &iter, "前言", -1);
        }
    }

  g_assert_no_error (result.error);
  g_assert_true (result.synced);
  g_assert_cmpstr (result.body, ==, result.shown);
  g_assert_cmpuint (g_utf8_strlen (result.body, -1), >, 100000);
  if (edits != EDIT_AT_CURSOR)
    g_assert_true (g_str_has_prefix (result.body, "前言"));
  /* A slice at a time: the copy took several turns. */
  g_assert_cmpuint (turns, >, 4);

  /* Nothing typed since: nothing left to copy. */
  byline_article_set_body (article, "别处改的");
  byline_article_form_sync_article (BYLINE_ARTICLE_FORM (form));
  g_assert_cmpstr (byline_article_get_body (article), ==, "别处改的");

  copy_result_clear (&result);
  g_assert_finalize_object (form);
}

/* Whatever needs the body at once (a publish, a close, another draft)
 * finishes a copy that is still running; a cancelled copy gives nothing. */
static void
test_form_sync_article_async_interrupted (void)
{
  GtkWidget *form = g_object_ref_sink (byline_article_form_new ());
  g_autoptr(BylineArticle) article = byline_article_new ();
  g_autoptr(BylineArticle) other = byline_article_new ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autofree char *body = make_long_body (100000);
  GtkTextView *view = get_child (form, BYLINE_TYPE_ARTICLE_FORM, "body_view");
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  CopyResult result = { article, };

  byline_article_form_set_article (BYLINE_ARTICLE_FORM (form), article);
  gtk_text_buffer_set_text (buffer, body, -1);

  /* Finished by a sync. */
  byline_article_form_sync_article_async (BYLINE_ARTICLE_FORM (form), NULL, body_copied_cb,
                                          &result);
  g_main_context_iteration (NULL, FALSE);
  byline_article_form_sync_article (BYLINE_ARTICLE_FORM (form));
  g_assert_cmpstr (byline_article_get_body (article), ==, body);
  while (!result.done)
    g_main_context_iteration (NULL, FALSE);
  g_assert_true (result.synced);
  g_assert_cmpstr (result.body, ==, body);
  copy_result_clear (&result);

  /* Finished by another draft: the first one keeps its body. */
  gtk_text_buffer_insert_at_cursor (buffer, "尾", -1);
  byline_article_form_sync_article_async (BYLINE_ARTICLE_FORM (form), NULL, body_copied_cb,
                                          &result);
  g_main_context_iteration (NULL, FALSE);
  byline_article_form_set_article (BYLINE_ARTICLE_FORM (form), other);
  g_assert_true (g_str_has_suffix (byline_article_get_body (article), "尾"));
  while (!result.done)
    g_main_context_iteration (NULL, FALSE);
  g_assert_true (result.synced);
  copy_result_clear (&result);

  /* Cancelled: the article is left as it was. */
  result.article = other;
  byline_article_set_body (other, "原文");
  gtk_text_buffer_set_text (buffer, body, -1);
  byline_article_form_sync_article_async (BYLINE_ARTICLE_FORM (form), cancellable,
                                          body_copied_cb, &result);
  g_main_context_iteration (NULL, FALSE);
  g_cancellable_cancel (cancellable);
  while (!result.done)
    g_main_context_iteration (NULL, FALSE);
  g_assert_false (result.synced);
  g_assert_error (result.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpstr (byline_article_get_body (other), ==, "原文");
  copy_result_clear (&result);

  g_assert_finalize_object (form);
}

static void
count_save_cb (guint *saves)
{
  (*saves)++;
}

/* Autosaves of a long body while the editor types in its middle: the
 * store ends with exactly the text in the window. */
static void
test_window_autosave_long_body (Fixture       *f,
                                gconstpointer  data)
{
  g_autofree char *body = make_long_body (200000);
  g_autofree char *shown = NULL;
  g_autoptr(BylineArticle) article = NULL;
  g_autoptr(BylineArticle) stored = NULL;
  GtkTextBuffer *buffer;
  GtkTextIter middle;
  guint saves = 0;

  open_store (f);
  article = save_draft (f, "长稿", body);
  g_signal_connect_swapped (f->store, "draft-saved", G_CALLBACK (count_save_cb), &saves);
  open_window (f);
  byline_window_open_draft (f->window, byline_article_get_id (article));
  buffer = get_body_buffer (f);
  g_assert_cmpint (gtk_text_buffer_get_char_count (buffer), >=, 200000);
  gtk_text_buffer_get_iter_at_offset (buffer, &middle, 100000);
  gtk_text_buffer_place_cursor (buffer, &middle);

  /* A keystroke every 50 ms for as long as three saves take. */
  for (guint i = 0; i < 200 && saves < 3; i++)
    {
      gint64 next = g_get_monotonic_time () + 50 * G_TIME_SPAN_MILLISECOND;

      gtk_text_buffer_insert_at_cursor (buffer, i % 2 ? "字" : "稿", -1);
      wait_until (after_deadline, &next);
    }
  g_assert_cmpuint (saves, >=, 3);

  wait_until (window_is_saved, f->window);
  shown = dup_all_text (buffer);
  stored = byline_store_load (f->store, byline_article_get_id (article), NULL);
  g_assert_cmpstr (byline_article_get_body (stored), ==, shown);
  g_assert_cmpstr (gtk_label_get_text (get_child (f->window, BYLINE_TYPE_WINDOW, "save_state_label")),
                   ==, "Saved");
  g_signal_handlers_disconnect_by_func (f->store, count_save_cb, &saves);
}

/* With autosave off, edits wait for Ctrl+S (or closing). */
static void
test_window_autosave_off (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  gint64 deadline;
  StoredCheck check;

  g_settings_set_boolean (settings, "autosave", FALSE);
  open_store (f);
  open_window (f);

  set_title (f, "手动保存");
  deadline = g_get_monotonic_time () + 1500 * G_TIME_SPAN_MILLISECOND;
  wait_until (after_deadline, &deadline);
  g_assert_cmpint (byline_store_count (f->store), ==, 0);
  g_assert_cmpstr (gtk_label_get_text (get_child (f->window, BYLINE_TYPE_WINDOW, "save_state_label")),
                   ==, "Unsaved changes");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.save", NULL));
  check = (StoredCheck) { f->store, byline_article_get_id (byline_window_get_article (f->window)),
                          "手动保存", NULL };
  wait_until (store_has, &check);

  g_settings_reset (settings, "autosave");
}

static GtkWidget *
find_descendant (GtkWidget *widget,
                 GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_descendant (child, type);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* Typing the start of an author offers the authors the store remembers. */
static void
test_window_author_completion (Fixture       *f,
                               gconstpointer  data)
{
  const char *authors[] = { "张三", "张三丰", "李四" };
  GtkEditable *author_row;
  GtkPopover *popover;
  GtkListBox *list;
  GtkWidget *row;
  guint n_rows = 0;

  open_store (f);
  for (guint i = 0; i < G_N_ELEMENTS (authors); i++)
    {
      g_autoptr(BylineArticle) article = byline_article_new ();

      byline_article_set_author (article, authors[i]);
      g_assert_true (byline_store_save (f->store, article, NULL));
    }
  open_window (f);
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.new-draft", NULL);

  author_row = get_field (f, "author_row");
  g_assert_true (gtk_widget_grab_focus (GTK_WIDGET (author_row)));
  gtk_editable_set_text (author_row, "张");

  popover = GTK_POPOVER (find_descendant (GTK_WIDGET (author_row), GTK_TYPE_POPOVER));
  g_assert_nonnull (popover);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (popover)));
  list = GTK_LIST_BOX (find_descendant (GTK_WIDGET (popover), GTK_TYPE_LIST_BOX));
  for (row = gtk_widget_get_first_child (GTK_WIDGET (list)); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    n_rows++;
  g_assert_cmpuint (n_rows, ==, 2);

  row = GTK_WIDGET (gtk_list_box_get_row_at_index (list, 0));
  gtk_widget_activate (row);
  g_assert_true (g_str_has_prefix (gtk_editable_get_text (author_row), "张三"));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (popover)));
  g_assert_cmpstr (byline_article_get_author (byline_window_get_article (f->window)), ==,
                   gtk_editable_get_text (author_row));
  wait_until (window_is_saved, f->window);
}

/* A keystroke followed at once by closing the window is not lost. */
static void
test_window_close_saves (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(BylineArticle) article = NULL;
  g_autoptr(BylineArticle) stored = NULL;
  g_autofree char *id = NULL;

  open_store (f);
  article = save_draft (f, "旧标题", "正文");
  open_window (f);
  id = g_strdup (byline_article_get_id (byline_window_get_article (f->window)));
  g_assert_cmpstr (id, ==, byline_article_get_id (article));

  set_title (f, "新标题");
  gtk_text_buffer_insert_at_cursor (get_body_buffer (f), "最后一个字", -1);
  g_assert_true (byline_window_has_unsaved (f->window));

  /* Closing waits for the save it starts, then destroys the window. */
  gtk_window_close (GTK_WINDOW (f->window));
  wait_until (window_is_gone, NULL);
  g_assert_finalize_object (f->window);
  f->window = NULL;

  stored = byline_store_load (f->store, id, NULL);
  g_assert_nonnull (stored);
  g_assert_cmpstr (byline_article_get_title (stored), ==, "新标题");
  g_assert_nonnull (strstr (byline_article_get_body (stored), "最后一个字"));
}

static gboolean
list_has_n_items (gpointer data)
{
  gpointer *args = data;

  return g_list_model_get_n_items (args[0]) == GPOINTER_TO_UINT (args[1]);
}

/* The list's search entry and state filter narrow the drafts shown. */
static void
test_window_list_filters (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(BylineArticle) draft = NULL;
  g_autoptr(BylineArticle) ready = NULL;
  GListModel *model;
  GtkEditable *search;
  GtkDropDown *states;
  gpointer args[2];

  open_store (f);
  draft = save_draft (f, "啤酒街商会", "正文一");
  ready = byline_article_new ();
  byline_article_set_title (ready, "南山商会");
  byline_article_set_state (ready, BYLINE_ARTICLE_STATE_READY);
  g_assert_true (byline_store_save (f->store, ready, NULL));
  open_window (f);

  model = G_LIST_MODEL (gtk_grid_view_get_model (get_child (f->window, BYLINE_TYPE_WINDOW,
                                                            "drafts_view")));
  search = get_child (f->window, BYLINE_TYPE_WINDOW, "search_entry");
  states = get_child (f->window, BYLINE_TYPE_WINDOW, "state_dropdown");
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 2);

  /* Item 0 is "All States", then the states in order. */
  gtk_drop_down_set_selected (states, BYLINE_ARTICLE_STATE_READY + 1);
  args[0] = model;
  args[1] = GUINT_TO_POINTER (1);
  wait_until (list_has_n_items, args);
  {
    g_autoptr(BylineDraftSummary) found = g_list_model_get_item (model, 0);

    g_assert_cmpstr (byline_draft_summary_get_id (found), ==, byline_article_get_id (ready));
  }

  gtk_drop_down_set_selected (states, 0);
  gtk_editable_set_text (search, "啤酒街");
  wait_until (list_has_n_items, args);
  {
    g_autoptr(BylineDraftSummary) found = g_list_model_get_item (model, 0);

    g_assert_cmpstr (byline_draft_summary_get_id (found), ==, byline_article_get_id (draft));
  }

  gtk_editable_set_text (search, "没有这样的稿件");
  args[1] = GUINT_TO_POINTER (0);
  wait_until (list_has_n_items, args);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (get_child (f->window, BYLINE_TYPE_WINDOW,
                                                                "list_stack")), ==, "empty");
}

/* A pasted line break cannot split the headline. */
static void
test_window_title_one_line (Fixture       *f,
                            gconstpointer  data)
{
  GtkTextIter end;

  open_store (f);
  open_window (f);

  gtk_text_buffer_get_end_iter (get_title_buffer (f), &end);
  gtk_text_buffer_insert (get_title_buffer (f), &end, "党建引领\n与创新\r\n同频共振", -1);
  g_assert_cmpstr (get_title_text (f), ==, "党建引领 与创新  同频共振");
  g_assert_cmpstr (byline_article_get_title (byline_window_get_article (f->window)), ==,
                   "党建引领 与创新  同频共振");
  wait_until (window_is_saved, f->window);
}

/* The window reopens the draft edited last. */
static void
test_window_opens_latest (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(BylineArticle) older = NULL;
  g_autoptr(BylineArticle) newer = NULL;

  open_store (f);
  older = save_draft (f, "第一篇", "甲");
  g_usleep (2000);
  newer = save_draft (f, "第二篇", "乙");
  open_window (f);

  g_assert_cmpstr (byline_article_get_id (byline_window_get_article (f->window)), ==,
                   byline_article_get_id (newer));
  g_assert_cmpstr (get_title_text (f), ==, "第二篇");
}

static gboolean
is_icon_only_button (GtkWidget *widget)
{
  if (GTK_IS_MENU_BUTTON (widget))
    return gtk_menu_button_get_icon_name (GTK_MENU_BUTTON (widget)) != NULL;
  if (GTK_IS_BUTTON (widget))
    return gtk_button_get_icon_name (GTK_BUTTON (widget)) != NULL;
  return FALSE;
}

/* Walks the whole window: every icon-only button and every text field has
 * an accessible name, from its label or an explicit one. */
static void
check_accessible_names (GtkWidget *widget,
                        guint     *n_buttons,
                        guint     *n_fields)
{
  GtkAccessible *accessible = GTK_ACCESSIBLE (widget);

  /* Hidden parts of libadwaita's own rows are not for us to name; closed
   * popovers (the publish time picker) are. */
  if (!gtk_widget_get_visible (widget) && !GTK_IS_POPOVER (widget))
    return;

  /* GTK's own steppers inside the calendar and spin buttons act on a
   * widget that has a name of its own. */
  if (GTK_IS_SPIN_BUTTON (widget) || GTK_IS_CALENDAR (widget))
    {
      if (!gtk_test_accessible_has_property (accessible, GTK_ACCESSIBLE_PROPERTY_LABEL))
        g_error ("%s has no accessible label", G_OBJECT_TYPE_NAME (widget));
      (*n_fields)++;
      return;
    }

  if (is_icon_only_button (widget))
    {
      if (!gtk_test_accessible_has_property (accessible, GTK_ACCESSIBLE_PROPERTY_LABEL))
        g_error ("icon-only %s in %s (%s) has no accessible label",
                 G_OBJECT_TYPE_NAME (widget), G_OBJECT_TYPE_NAME (gtk_widget_get_parent (widget)),
                 gtk_widget_get_tooltip_text (widget));
      (*n_buttons)++;
    }
  else if (GTK_IS_ENTRY (widget) || GTK_IS_TEXT_VIEW (widget) || GTK_IS_SEARCH_ENTRY (widget) ||
           GTK_IS_DROP_DOWN (widget) ||
           (GTK_IS_TEXT (widget) && ADW_IS_ENTRY_ROW (gtk_widget_get_ancestor (widget, ADW_TYPE_ENTRY_ROW))))
    {
      if (!gtk_test_accessible_has_property (accessible, GTK_ACCESSIBLE_PROPERTY_LABEL) &&
          !gtk_test_accessible_has_relation (accessible, GTK_ACCESSIBLE_RELATION_LABELLED_BY))
        g_error ("%s (%s) has no accessible name",
                 G_OBJECT_TYPE_NAME (widget), gtk_widget_get_name (widget));
      (*n_fields)++;
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    check_accessible_names (child, n_buttons, n_fields);
}

static void
test_window_accessible (Fixture       *f,
                        gconstpointer  data)
{
  GtkWidget *title_entry;
  GtkWidget *body_view;
  GtkCalendar *calendar;
  GtkSpinButton *spins[3];
  GtkMenuButton *menu_button;
  GtkPopover *popover;
  guint n_buttons = 0, n_fields = 0;

  open_store (f);
  open_window (f);

  title_entry = get_child (get_form (f), BYLINE_TYPE_ARTICLE_FORM, "title_view");
  body_view = get_child (get_form (f), BYLINE_TYPE_ARTICLE_FORM, "body_view");
  gtk_test_accessible_assert_role (GTK_ACCESSIBLE (title_entry), GTK_ACCESSIBLE_ROLE_TEXT_BOX);
  g_assert_true (gtk_test_accessible_has_relation (GTK_ACCESSIBLE (title_entry),
                                                   GTK_ACCESSIBLE_RELATION_LABELLED_BY));
  g_assert_true (gtk_test_accessible_has_relation (GTK_ACCESSIBLE (body_view),
                                                   GTK_ACCESSIBLE_RELATION_LABELLED_BY));

  /* The publish time picker exists once it has been opened. */
  g_assert_null (gtk_menu_button_get_popover (get_child (get_form (f), BYLINE_TYPE_ARTICLE_FORM,
                                                         "publish_time_button")));
  gtk_popover_popdown (open_publish_time_picker (get_form (f), &calendar, spins));
  check_accessible_names (GTK_WIDGET (f->window), &n_buttons, &n_fields);
  g_test_message ("%u icon-only buttons and %u text fields checked", n_buttons, n_fields);
  /* new draft, menu, fields, publish time, cover choose and remove,
   * category picker and its refresh (the back button shows only when the
   * window is narrow) */
  g_assert_cmpuint (n_buttons, ==, 8);
  /* title, body, search, state filter, summary, 11 entry rows, calendar,
   * 3 spin buttons, the category search and its text */
  g_assert_cmpuint (n_fields, ==, 22);

  /* So is the main menu's popover, with the window's menu in it. */
  menu_button = get_child (f->window, BYLINE_TYPE_WINDOW, "primary_menu_button");
  g_assert_null (gtk_menu_button_get_popover (menu_button));
  gtk_menu_button_popup (menu_button);
  popover = gtk_menu_button_get_popover (menu_button);
  g_assert_true (GTK_IS_POPOVER_MENU (popover));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (popover)));
  g_assert_true (gtk_popover_menu_get_menu_model (GTK_POPOVER_MENU (popover)) ==
                 get_child (f->window, BYLINE_TYPE_WINDOW, "primary_menu"));
  g_assert_cmpint (g_menu_model_get_n_items (gtk_menu_button_get_menu_model (menu_button)), >, 0);
  gtk_popover_popdown (popover);
  gtk_menu_button_popup (menu_button);
  g_assert_true (gtk_menu_button_get_popover (menu_button) == popover);
  gtk_popover_popdown (popover);
}

static void
test_window_delete_undo (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(BylineArticle) first = NULL;
  g_autoptr(BylineArticle) second = NULL;
  g_autoptr(BylineArticle) gone = NULL;
  g_autoptr(GError) error = NULL;
  const char *id;

  open_store (f);
  first = save_draft (f, "留下的", "甲");
  g_usleep (2000);
  second = save_draft (f, "删掉的", "乙");
  id = byline_article_get_id (second);
  open_window (f);
  g_assert_cmpstr (byline_article_get_id (byline_window_get_article (f->window)), ==, id);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.delete-draft", NULL));
  gone = byline_store_load (f->store, id, &error);
  g_assert_error (error, BYLINE_STORE_ERROR, BYLINE_STORE_ERROR_NOT_FOUND);
  g_assert_null (gone);
  g_assert_cmpint (byline_store_count (f->store), ==, 1);
  /* The window moved on to the draft that is left. */
  g_assert_cmpstr (byline_article_get_id (byline_window_get_article (f->window)), ==,
                   byline_article_get_id (first));

  /* What the toast's Undo button activates. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.undo-delete", "s", id));
  g_assert_cmpint (byline_store_count (f->store), ==, 2);
  g_assert_cmpstr (byline_article_get_id (byline_window_get_article (f->window)), ==, id);
  g_assert_cmpstr (get_title_text (f), ==, "删掉的");
}

static void
test_window_new_and_duplicate (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(BylineArticle) original = NULL;
  BylineArticle *article;
  g_autofree char *new_id = NULL;
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  StoredCheck check;

  g_settings_set_string (settings, "default-author", "本报记者");

  open_store (f);
  original = save_draft (f, "原稿", "正文");
  open_window (f);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.new-draft", NULL));
  article = byline_window_get_article (f->window);
  g_assert_cmpstr (byline_article_get_id (article), !=, byline_article_get_id (original));
  g_assert_cmpstr (get_title_text (f), ==, "");
  g_assert_cmpstr (gtk_editable_get_text (get_field (f, "author_row")), ==, "本报记者");
  /* An untouched new draft leaves nothing in the store. */
  g_assert_false (byline_window_has_unsaved (f->window));
  g_assert_cmpint (byline_store_count (f->store), ==, 1);

  set_title (f, "新稿");
  new_id = g_strdup (byline_article_get_id (article));
  check = (StoredCheck) { f->store, new_id, "新稿", NULL };
  wait_until (store_has, &check);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.duplicate-draft", NULL));
  article = byline_window_get_article (f->window);
  g_assert_cmpstr (byline_article_get_id (article), !=, new_id);
  g_assert_cmpstr (byline_article_get_author (article), ==, "本报记者");
  wait_until (window_is_saved, f->window);
  g_assert_cmpint (byline_store_count (f->store), ==, 3);

  g_settings_reset (settings, "default-author");
}

static char *
write_png (const char *dir)
{
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, 32, 24);
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (dir, "cover.png", NULL);

  gdk_pixbuf_fill (pixbuf, 0xc01c28ff);
  g_assert_true (gdk_pixbuf_save (pixbuf, path, "png", &error, NULL));
  g_assert_no_error (error);

  return path;
}

static gboolean
picture_has_paintable (gpointer data)
{
  return gtk_picture_get_paintable (data) != NULL;
}

static void
test_window_cover_drop (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *png = NULL;
  g_autofree char *text_path = NULL;
  g_autoptr(GFile) png_file = NULL;
  g_autoptr(GFile) text_file = NULL;
  g_auto(GValue) value = G_VALUE_INIT;
  BylineArticleForm *form;
  GtkPicture *picture;

  open_store (f);
  open_window (f);
  form = get_form (f);
  picture = get_child (form, BYLINE_TYPE_ARTICLE_FORM, "cover_picture");

  text_path = g_build_filename (f->dir, "notes.txt", NULL);
  g_assert_true (g_file_set_contents (text_path, "不是图片", -1, NULL));
  text_file = g_file_new_for_path (text_path);
  g_value_init (&value, G_TYPE_FILE);
  g_value_set_object (&value, text_file);
  g_assert_false (byline_article_form_drop_cover (form, &value));
  g_assert_null (byline_article_get_cover_path (byline_window_get_article (f->window)));

  png = write_png (f->dir);
  png_file = g_file_new_for_path (png);
  g_value_unset (&value);
  g_value_init (&value, GDK_TYPE_FILE_LIST);
  g_value_take_boxed (&value, gdk_file_list_new_from_array ((GFile *[]) { png_file }, 1));
  g_assert_true (byline_article_form_drop_cover (form, &value));
  g_assert_cmpstr (byline_article_get_cover_path (byline_window_get_article (f->window)), ==, png);

  /* The thumbnail is decoded off the main loop, then shown. */
  wait_until (picture_has_paintable, picture);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (picture)));
  wait_until (window_is_saved, f->window);
}

static void
test_window_publish_time (Fixture       *f,
                          gconstpointer  data)
{
  BylineArticleForm *form;
  g_autoptr(GDateTime) day = g_date_time_new_local (2021, 4, 23, 0, 0, 0);
  GDateTime *time;
  AdwActionRow *row;
  GtkPopover *popover;
  GtkCalendar *calendar;
  GtkSpinButton *spins[3];

  open_store (f);
  open_window (f);
  form = get_form (f);

  popover = open_publish_time_picker (form, &calendar, spins);
  gtk_spin_button_set_value (spins[0], 10);
  gtk_spin_button_set_value (spins[1], 46);
  gtk_spin_button_set_value (spins[2], 5);
  gtk_calendar_select_day (calendar, day);

  time = byline_article_get_publish_time (byline_window_get_article (f->window));
  g_assert_nonnull (time);
  g_assert_cmpint (g_date_time_get_year (time), ==, 2021);
  g_assert_cmpint (g_date_time_get_month (time), ==, 4);
  g_assert_cmpint (g_date_time_get_day_of_month (time), ==, 23);
  g_assert_cmpint (g_date_time_get_hour (time), ==, 10);
  g_assert_cmpint (g_date_time_get_minute (time), ==, 46);
  g_assert_cmpint (g_date_time_get_second (time), ==, 5);

  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (spins[2])), ==, "05");
  gtk_popover_popdown (popover);

  row = get_child (form, BYLINE_TYPE_ARTICLE_FORM, "publish_time_row");
  g_assert_cmpstr (adw_action_row_get_subtitle (row), ==, "2021-04-23 10:46:05");
  wait_until (window_is_saved, f->window);
}


static void
test_window_corrupt_store (Fixture       *f,
                           gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "byline.db", NULL);
  g_autofree char *junk = g_strnfill (8192, 'x');
  GtkWindow *dialog;
  const char *moved_to;

  g_assert_true (g_file_set_contents (path, junk, -1, NULL));
  open_store (f);
  moved_to = byline_store_get_moved_aside_to (f->store);
  g_assert_nonnull (moved_to);
  open_window (f);

  dialog = find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_nonnull (dialog);
  g_assert_true (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)), moved_to) != NULL);
  gtk_window_destroy (dialog);

  /* And the new store works. */
  set_title (f, "恢复后");
  wait_until (window_is_saved, f->window);
  g_assert_cmpint (byline_store_count (f->store), ==, 1);
}

/* Root writes through permission bits: to meet a folder it cannot write, the
 * test opens the store as nobody, then takes root back (the saved user ID
 * allows it) for the rest of the window's life. */
static void
test_window_read_only (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(BylineArticle) article = NULL;
  g_autoptr(GError) error = NULL;
  uid_t uid = getuid ();
  gid_t gid = getgid ();

  open_store (f);
  article = save_draft (f, "只读", "正文");
  g_clear_object (&f->store);
  g_assert_cmpint (g_chmod (f->dir, 0555), ==, 0);

  if (uid == 0)
    {
      g_assert_cmpint (setresgid (65534, 65534, 0), ==, 0);
      g_assert_cmpint (setresuid (65534, 65534, 0), ==, 0);
    }
  f->store = byline_store_open (f->dir, &error);
  if (uid == 0)
    {
      g_assert_cmpint (setresuid (uid, uid, uid), ==, 0);
      g_assert_cmpint (setresgid (gid, gid, gid), ==, 0);
    }
  g_assert_no_error (error);
  g_assert_true (byline_store_is_read_only (f->store));

  open_window (f);
  g_assert_true (gtk_revealer_get_reveal_child (get_child (f->window, BYLINE_TYPE_WINDOW,
                                                           "read_only_revealer")));
  /* Still readable, no longer editable. */
  g_assert_cmpstr (get_title_text (f), ==, "只读");
  g_assert_false (gtk_text_view_get_editable (get_child (get_form (f), BYLINE_TYPE_ARTICLE_FORM, "title_view")));
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.new-draft", NULL);
  g_assert_cmpstr (byline_article_get_id (byline_window_get_article (f->window)), ==,
                   byline_article_get_id (article));
  g_assert_cmpstr (gtk_label_get_text (get_child (f->window, BYLINE_TYPE_WINDOW, "save_state_label")),
                   ==, "Read-only");
}

static gboolean
lists_all_drafts (gpointer data)
{
  return g_list_model_get_n_items (data) == 100000;
}

/* 100,000 drafts: the list is lazy, so the window opens as fast as with a
 * few. */
static void
test_window_many_drafts (Fixture       *f,
                         gconstpointer  data)
{
  GtkGridView *view;
  GListModel *model;
  gint64 start, shown, edited, saved;
  StoredCheck check;
  g_autofree char *latest = NULL;
  g_autoptr(BylineArticle) newest = NULL;

  open_store (f);
  byline_test_fill_store (f->store, 100000, 200, NULL, 7);
  latest = byline_store_dup_latest_id (f->store);
  newest = byline_store_load (f->store, latest, NULL);

  start = g_get_monotonic_time ();
  f->window = g_object_ref (byline_window_new (NULL, f->store));

  /* Until the first frame the list sees the first screen of drafts only;
   * then all of them. */
  view = get_child (f->window, BYLINE_TYPE_WINDOW, "drafts_view");
  model = G_LIST_MODEL (gtk_grid_view_get_model (view));
  g_assert_cmpuint (g_list_model_get_n_items (model), >, 0);
  g_assert_cmpuint (g_list_model_get_n_items (model), <, 200);

  gtk_window_present (GTK_WINDOW (f->window));
  wait_until (no_pending_events, NULL);
  shown = g_get_monotonic_time ();
  g_test_message ("window with 100000 drafts shown in %.0f ms", (shown - start) / 1000.0);

  wait_until (lists_all_drafts, model);
  g_assert_cmpstr (get_title_text (f), ==, byline_article_get_title (newest));

  /* An edit reaches the store as quickly with 100,000 drafts listed. */
  set_title (f, "改过的标题");
  edited = g_get_monotonic_time ();
  check = (StoredCheck) { f->store, latest, "改过的标题", byline_article_get_body (newest) };
  wait_until (store_has, &check);
  saved = g_get_monotonic_time ();
  wait_until (window_is_saved, f->window);
  g_test_message ("edit stored %.0f ms after the keystroke", (saved - edited) / 1000.0);

  /* Generous bounds: a list that read every row would take far longer. */
  g_assert_cmpint ((shown - start) / 1000, <, 5000);
}

static gboolean
has_selection (gpointer data)
{
  return gtk_single_selection_get_selected (data) != GTK_INVALID_LIST_POSITION;
}

/* The draft the editor had open last is selected in the list even when it
 * lies below the first screen, which the list shows before the rest. */
static void
test_window_selects_far_draft (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(BylineDraftList) drafts = NULL;
  g_autoptr(BylineDraftSummary) oldest = NULL;
  GtkSingleSelection *selection;
  BylineDraftSummary *selected;
  guint n;

  open_store (f);
  byline_test_fill_store (f->store, 300, 50, NULL, 11);
  drafts = byline_store_list_drafts (f->store, NULL, -1);
  n = g_list_model_get_n_items (G_LIST_MODEL (drafts));
  g_assert_cmpuint (n, ==, 300);
  oldest = g_list_model_get_item (G_LIST_MODEL (drafts), n - 1);
  g_settings_set_string (settings, "last-draft-id", byline_draft_summary_get_id (oldest));

  open_window (f);
  g_settings_reset (settings, "last-draft-id");

  g_assert_cmpstr (byline_article_get_id (byline_window_get_article (f->window)), ==,
                   byline_draft_summary_get_id (oldest));
  selection = GTK_SINGLE_SELECTION (gtk_grid_view_get_model (get_child (f->window,
                                                                        BYLINE_TYPE_WINDOW,
                                                                        "drafts_view")));
  wait_until (has_selection, selection);
  g_assert_cmpuint (gtk_single_selection_get_selected (selection), ==, n - 1);
  selected = gtk_single_selection_get_selected_item (selection);
  g_assert_cmpstr (byline_draft_summary_get_id (selected), ==,
                   byline_draft_summary_get_id (oldest));
}

static gboolean
body_has_language (gpointer data)
{
  return gtk_source_buffer_get_language (GTK_SOURCE_BUFFER (data)) != NULL;
}

typedef struct
{
  GtkWidget       *title_view;
  GtkSourceBuffer *body;
  guint            n_paints;
  int              title_height;
  gboolean         had_language;
  gint64           first_paint_frame;
  guint            n_signals;
  gint64           signal_frame;
} FirstFrame;

static void
first_frame_signal_cb (BylineWindow *window,
                       FirstFrame   *first)
{
  first->n_signals++;
  first->signal_frame =
    gdk_frame_clock_get_frame_counter (gtk_widget_get_frame_clock (GTK_WIDGET (window)));
}

static void
first_frame_cb (GdkFrameClock *clock,
                FirstFrame    *first)
{
  if (first->n_paints++ > 0)
    return;
  first->first_paint_frame = gdk_frame_clock_get_frame_counter (clock);
  first->title_height = gtk_widget_get_height (first->title_view);
  first->had_language = gtk_source_buffer_get_language (first->body) != NULL;
}

/* The first frame already shows the draft's title; Markdown highlighting is
 * loaded after that frame, not before it, and the body does get Byline's
 * own Markdown (test-markdown tests what it highlights). The window says
 * once, after the first frame is drawn, that it has been. */
static void
test_window_first_frame (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(BylineArticle) article = NULL;
  FirstFrame first = { NULL };
  GdkFrameClock *clock;
  gulong handler;

  open_store (f);
  article = save_draft (f, "标题", "## 小标题\n\n正文。");
  f->window = g_object_ref (byline_window_new (NULL, f->store));
  first.title_view = get_child (get_form (f), BYLINE_TYPE_ARTICLE_FORM, "title_view");
  first.body = GTK_SOURCE_BUFFER (get_body_buffer (f));
  g_assert_null (gtk_source_buffer_get_language (first.body));

  g_signal_connect (f->window, "first-frame", G_CALLBACK (first_frame_signal_cb), &first);
  gtk_window_present (GTK_WINDOW (f->window));
  clock = gtk_widget_get_frame_clock (GTK_WIDGET (f->window));
  handler = g_signal_connect (clock, "after-paint", G_CALLBACK (first_frame_cb), &first);
  wait_until (body_has_language, first.body);
  g_signal_handler_disconnect (clock, handler);

  g_assert_cmpuint (first.n_paints, >, 1);
  g_assert_cmpuint (first.n_signals, ==, 1);
  g_assert_cmpint (first.signal_frame, ==, first.first_paint_frame);
  g_assert_false (first.had_language);
  g_assert_cmpint (first.title_height, >, 10);
  g_assert_cmpstr (gtk_source_language_get_id (gtk_source_buffer_get_language (first.body)), ==,
                   "byline-markdown");
  g_assert_cmpstr (get_title_text (f), ==, "标题");
}

static void
destroy_toplevel (GType type)
{
  GtkWindow *window = find_toplevel (type);

  g_assert_nonnull (window);
  gtk_window_destroy (window);
}

/* The application's own actions, shortcuts and windows. */
static void
test_window_application (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(BylineApplication) app = byline_application_new ();
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) quit_accels = NULL;
  g_auto(GStrv) help_accels = NULL;
  GtkShortcutsWindow *overlay;

  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);

  quit_accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app), "app.quit");
  g_assert_cmpstrv (quit_accels, ((const char *[]) { "<Control>q", NULL }));

  open_store (f);
  f->window = g_object_ref (byline_window_new (GTK_APPLICATION (app), f->store));
  gtk_window_present (GTK_WINDOW (f->window));
  wait_until (no_pending_events, NULL);

  /* Ctrl+? shows the shortcuts window, which the window builds only then. */
  help_accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app),
                                                      "win.show-help-overlay");
  g_assert_cmpstrv (help_accels, ((const char *[]) { "<Control>question", NULL }));
  g_assert_null (gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (f->window)));
  g_assert_null (find_toplevel (GTK_TYPE_SHORTCUTS_WINDOW));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-help-overlay", NULL));
  overlay = gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (f->window));
  g_assert_nonnull (overlay);
  g_assert_true ((GtkWindow *) overlay == find_toplevel (GTK_TYPE_SHORTCUTS_WINDOW));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (overlay)));
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (overlay)) == GTK_WINDOW (f->window));
  /* Closing hides it; asking again shows the same one. */
  gtk_window_close (GTK_WINDOW (overlay));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (overlay)));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-help-overlay", NULL));
  g_assert_true (gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (f->window)) == overlay);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (overlay)));
  gtk_window_close (GTK_WINDOW (overlay));
  /* Closing leaves GTK work queued that reaches back to the window; an
   * editor's next key press comes after the loop has run it, and so must
   * the quit below, or that work runs on the freed window (first seen by
   * the next test that runs the loop). */
  wait_until (no_pending_events, NULL);

  g_action_group_activate_action (G_ACTION_GROUP (app), "about", NULL);
  destroy_toplevel (ADW_TYPE_ABOUT_WINDOW);
  g_action_group_activate_action (G_ACTION_GROUP (app), "preferences", NULL);
  destroy_toplevel (BYLINE_TYPE_PREFERENCES_WINDOW);

  /* Quit closes the window through its close handler, which saves. */
  set_title (f, "退出前");
  g_action_group_activate_action (G_ACTION_GROUP (app), "quit", NULL);
  wait_until (window_is_gone, NULL);
  g_assert_finalize_object (f->window);
  f->window = NULL;
  {
    g_autofree char *latest = byline_store_dup_latest_id (f->store);
    g_autoptr(BylineArticle) stored = byline_store_load (f->store, latest, NULL);

    g_assert_cmpstr (byline_article_get_title (stored), ==, "退出前");
  }
}

static void
test_preferences_bound (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autofree char *disclaimer = g_settings_get_string (settings, "disclaimer");
  GtkWidget *preferences = g_object_ref_sink (byline_preferences_window_new (NULL));
  GtkEditable *author_row;
  GtkSwitch *autosave;

  g_assert_true (g_str_has_prefix (disclaimer, "郑重声明"));

  author_row = get_child (preferences, BYLINE_TYPE_PREFERENCES_WINDOW, "default_author_row");
  autosave = get_child (preferences, BYLINE_TYPE_PREFERENCES_WINDOW, "autosave_switch");
  g_assert_true (gtk_switch_get_active (autosave));

  gtk_editable_set_text (author_row, "特约记者");
  g_assert_cmpstr (g_settings_get_string (settings, "default-author"), ==, "特约记者");
  g_settings_set_boolean (settings, "autosave", FALSE);
  g_assert_false (gtk_switch_get_active (autosave));

  g_settings_reset (settings, "default-author");
  g_settings_reset (settings, "autosave");
  gtk_window_destroy (GTK_WINDOW (preferences));
  g_assert_finalize_object (preferences);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  gtk_source_init ();

#define ADD(path, func) \
  g_test_add ((path), Fixture, NULL, fixture_set_up, (func), fixture_tear_down)

  ADD ("/byline/window/autosave", test_window_autosave);
  ADD ("/byline/window/autosave-steady-typing", test_window_autosave_steady_typing);
  ADD ("/byline/window/autosave-off", test_window_autosave_off);
  ADD ("/byline/window/autosave-long-body", test_window_autosave_long_body);
  ADD ("/byline/window/author-completion", test_window_author_completion);
  ADD ("/byline/window/close-saves", test_window_close_saves);
  ADD ("/byline/window/opens-latest", test_window_opens_latest);
  ADD ("/byline/window/title-one-line", test_window_title_one_line);
  ADD ("/byline/window/list-filters", test_window_list_filters);
  ADD ("/byline/window/accessible", test_window_accessible);
  ADD ("/byline/window/delete-undo", test_window_delete_undo);
  ADD ("/byline/window/new-and-duplicate", test_window_new_and_duplicate);
  ADD ("/byline/window/cover-drop", test_window_cover_drop);
  ADD ("/byline/window/publish-time", test_window_publish_time);
  ADD ("/byline/window/corrupt-store", test_window_corrupt_store);
  ADD ("/byline/window/read-only", test_window_read_only);
  ADD ("/byline/window/many-drafts", test_window_many_drafts);
  ADD ("/byline/window/selects-far-draft", test_window_selects_far_draft);
  ADD ("/byline/window/first-frame", test_window_first_frame);
  ADD ("/byline/window/application", test_window_application);
  g_test_add_func ("/byline/preferences/bound", test_preferences_bound);
  g_test_add_data_func ("/byline/article-form/sync-async/typing",
                        GINT_TO_POINTER (EDIT_AT_CURSOR), test_form_sync_article_async);
  g_test_add_data_func ("/byline/article-form/sync-async/edit-elsewhere",
                        GINT_TO_POINTER (EDIT_ELSEWHERE), test_form_sync_article_async);
  g_test_add_data_func ("/byline/article-form/sync-async/edit-elsewhere-twice",
                        GINT_TO_POINTER (EDIT_ELSEWHERE_TWICE), test_form_sync_article_async);
  g_test_add_func ("/byline/article-form/sync-async/interrupted",
                   test_form_sync_article_async_interrupted);

#undef ADD

  return g_test_run ();
}
