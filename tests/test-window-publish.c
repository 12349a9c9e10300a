/* test-window-publish.c: the Publish button's dialogs, in-process, against
 * the real WordPress
 *
 * The dialogs are answered as the editor would, with
 * adw_message_dialog_response(); what reached the portal is read back over
 * REST without Byline's code.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>

#include "byline-accounts.h"
#include "byline-article-form.h"
#include "byline-category-picker.h"
#include "byline-preferences-window.h"
#include "byline-store-private.h"
#include "byline-portal-test-util.h"
#include "byline-test-util.h"
#include "byline-window-private.h"

#define WAIT_TIMEOUT_S 60

typedef struct
{
  char         *dir;
  BylineStore  *store;
  BylineWindow *window;
} Fixture;

static BylineTestPortal portal;
static char *portal_dir;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = byline_test_make_dir ("window-publish");
  f->store = byline_store_open (f->dir, &error);
  g_assert_no_error (error);
  f->window = g_object_ref (byline_window_new (NULL, f->store));
  gtk_window_present (GTK_WINDOW (f->window));
}

static void
close_dialogs (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = g_list_model_get_n_items (toplevels); i > 0; i--)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i - 1);

      if (ADW_IS_MESSAGE_DIALOG (window))
        gtk_window_destroy (GTK_WINDOW (window));
    }
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  close_dialogs ();
  gtk_window_destroy (GTK_WINDOW (f->window));
  g_assert_finalize_object (g_steal_pointer (&f->window));
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_finalize_object (g_steal_pointer (&f->store));
  byline_test_remove_tree (f->dir);
  g_free (f->dir);
}

static void
iterate (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

/* The message dialog with @heading, once it shows. */
static AdwMessageDialog *
wait_for_dialog (const char *heading)
{
  gint64 deadline = g_get_monotonic_time () + WAIT_TIMEOUT_S * G_USEC_PER_SEC;

  for (;;)
    {
      GListModel *toplevels = gtk_window_get_toplevels ();

      for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
        {
          g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

          if (ADW_IS_MESSAGE_DIALOG (window) &&
              gtk_widget_get_visible (GTK_WIDGET (window)) &&
              g_strcmp0 (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (window)),
                         heading) == 0)
            return ADW_MESSAGE_DIALOG (window);
        }
      if (g_get_monotonic_time () > deadline)
        g_error ("no dialog “%s” appeared", heading);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (2000);
    }
}

static void
answer (AdwMessageDialog *dialog,
        const char       *response)
{
  /* A click on a response closes the dialog; a response emitted by hand
   * leaves it open. */
  adw_message_dialog_response (dialog, response);
  gtk_window_destroy (GTK_WINDOW (dialog));
  iterate ();
}

static void
assert_no_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        g_error ("unexpected dialog: %s: %s",
                 adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (window)),
                 adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (window)));
    }
}

static void
wait_for_publish (Fixture *f)
{
  gint64 deadline = g_get_monotonic_time () + WAIT_TIMEOUT_S * G_USEC_PER_SEC;

  while (byline_window_is_publishing (f->window))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (2000);
    }
  iterate ();
  assert_no_dialog ();
}

static void
publish (Fixture *f)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.publish", NULL));
  wait_for_publish (f);
}

static void
add_account (Fixture *f)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(BylineAccount) account = NULL;
  g_autoptr(GError) error = NULL;

  byline_accounts_add_async (f->store, "Local test portal", portal.url, portal.user,
                             portal.password, NULL, byline_test_result_cb, &result);
  account = byline_accounts_add_finish (f->store, byline_test_wait (&result), &error);
  g_assert_no_error (error);
}

/* A draft of the seed, with a title no other test uses. */
static BylineArticle *
open_seed (Fixture    *f,
           const char *title)
{
  g_autoptr(BylineArticle) article = byline_article_new ();

  byline_article_set_title (article, title);
  byline_article_set_body (article, "## 党建引领基层治理\n\n市北区登州路街道创新采用党建模式。\n");
  byline_article_set_category (article, "创业");
  byline_article_set_source (article, "界面新闻");
  byline_article_set_original_source (article, "凤凰网青岛");
  byline_window_open_article (f->window, article, TRUE);
  return g_object_ref (byline_window_get_article (f->window));
}

static char *
unique_title (const char *what)
{
  return g_strdup_printf ("%s %s", what, g_uuid_string_random ());
}

static char *
dup_post_field (gint64      id,
                const char *field)
{
  g_autofree char *path = g_strdup_printf ("wp/v2/posts/%" G_GINT64_FORMAT "?context=edit", id);
  g_autoptr(JsonNode) post = byline_test_rest (&portal, "GET", path, NULL, NULL);
  JsonObject *object = json_node_get_object (post);

  return g_strdup (json_object_get_string_member (json_object_get_object_member (object, field),
                                                  "raw"));
}

/* Someone edits the post on the portal. modified_gmt counts whole seconds:
 * let one pass first. */
static void
change_behind_back (gint64      id,
                    const char *title)
{
  g_autofree char *path = g_strdup_printf ("wp/v2/posts/%" G_GINT64_FORMAT, id);
  g_autofree char *body = g_strdup_printf ("{\"title\": \"%s\"}", title);
  g_autoptr(JsonNode) answer_node = NULL;
  guint status = 0;

  g_usleep (1100 * 1000);
  answer_node = byline_test_rest (&portal, "POST", path, body, &status);
  g_assert_cmpuint (status, ==, 200);
}

static void
assert_publish_button (Fixture  *f,
                       gboolean  update)
{
  GtkWidget *button = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (f->window),
                                                                 BYLINE_TYPE_WINDOW,
                                                                 "publish_button"));

  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (button)), ==,
                   update ? "_Update" : "_Publish");
  g_assert_cmpstr (gtk_widget_get_tooltip_text (button), ==,
                   update ? "Update the Post on the Portal (Ctrl+Enter)"
                          : "Publish to the Default Portal Account (Ctrl+Enter)");
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       update ? "Update" : "Publish");
}

/* Every problem at once, each naming its field; the first gets the focus;
 * nothing is published. */
static void
test_problems (Fixture       *f,
               gconstpointer  data)
{
  AdwMessageDialog *dialog;
  const char *body;
  GtkWidget *title_view;

  byline_window_new_draft (f->window);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.publish", NULL));
  dialog = wait_for_dialog ("Fix These Before Publishing");
  body = adw_message_dialog_get_body (dialog);
  g_test_message ("%s", body);
  g_assert_nonnull (strstr (body, "Title: "));
  g_assert_nonnull (strstr (body, "Body: "));
  g_assert_nonnull (strstr (body, "Category: "));
  g_assert_false (byline_window_is_publishing (f->window));

  answer (dialog, "close");
  title_view = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (f->window->form),
                                                          BYLINE_TYPE_ARTICLE_FORM,
                                                          "title_view"));
  g_assert_true (gtk_widget_is_focus (title_view));
  g_assert_cmpint (byline_article_get_state (byline_window_get_article (f->window)), ==,
                   BYLINE_ARTICLE_STATE_DRAFT);
}

static void
test_no_account (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *title = unique_title ("无账户");
  g_autoptr(BylineArticle) article = open_seed (f, title);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.publish", NULL));
  answer (wait_for_dialog ("No Portal Account"), "close");
  g_assert_false (byline_window_is_publishing (f->window));
  g_assert_cmpint (byline_article_get_remote_id (article), ==, 0);
}

/* Publish, then the three answers to a conflict. */
static void
test_conflict (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *title = unique_title ("冲突");
  g_autoptr(BylineArticle) article = NULL;
  g_autoptr(BylineArticle) stored = NULL;
  g_autofree char *portal_title = NULL;
  g_autofree char *content = NULL;
  g_autofree char *id = NULL;
  gint64 remote_id;

  add_account (f);
  article = open_seed (f, title);
  id = g_strdup (byline_article_get_id (article));
  assert_publish_button (f, FALSE);

  publish (f);
  g_assert_cmpint (byline_article_get_state (article), ==, BYLINE_ARTICLE_STATE_PUBLISHED);
  /* A post now: the button updates it. */
  assert_publish_button (f, TRUE);
  remote_id = byline_article_get_remote_id (article);
  g_assert_cmpint (remote_id, >, 0);
  g_assert_nonnull (byline_article_get_remote_url (article));
  stored = byline_store_load (f->store, id, NULL);
  g_assert_cmpint (byline_article_get_remote_id (stored), ==, remote_id);

  /* Keep the portal's version: nothing is written. */
  change_behind_back (remote_id, "门户上的标题");
  byline_article_set_body (article, "## 党建引领基层治理\n\n第一次修改。\n");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.publish", NULL));
  answer (wait_for_dialog ("Changed on the Portal"), "keep");
  portal_title = dup_post_field (remote_id, "title");
  g_assert_cmpstr (portal_title, ==, "门户上的标题");
  g_clear_pointer (&portal_title, g_free);

  /* Save mine as a new draft: the window shows a copy that is no post. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.publish", NULL));
  answer (wait_for_dialog ("Changed on the Portal"), "new-draft");
  assert_publish_button (f, FALSE);
  g_assert_cmpstr (byline_article_get_id (byline_window_get_article (f->window)), !=, id);
  g_assert_cmpint (byline_article_get_remote_id (byline_window_get_article (f->window)), ==, 0);
  g_assert_cmpstr (byline_article_get_body (byline_window_get_article (f->window)), ==,
                   "## 党建引领基层治理\n\n第一次修改。\n");
  portal_title = dup_post_field (remote_id, "title");
  g_assert_cmpstr (portal_title, ==, "门户上的标题");
  g_clear_pointer (&portal_title, g_free);

  /* Overwrite: back on the first draft, mine goes out. */
  byline_window_open_draft (f->window, id);
  g_clear_object (&article);
  article = g_object_ref (byline_window_get_article (f->window));
  g_assert_cmpint (byline_article_get_remote_id (article), ==, remote_id);
  assert_publish_button (f, TRUE);
  byline_article_set_body (article, "## 党建引领基层治理\n\n覆盖门户的版本。\n");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.publish", NULL));
  answer (wait_for_dialog ("Changed on the Portal"), "overwrite");
  wait_for_publish (f);
  g_assert_cmpint (byline_article_get_state (article), ==, BYLINE_ARTICLE_STATE_PUBLISHED);
  g_assert_cmpint (byline_article_get_remote_id (article), ==, remote_id);
  portal_title = dup_post_field (remote_id, "title");
  g_assert_cmpstr (portal_title, ==, title);
  content = dup_post_field (remote_id, "content");
  g_assert_nonnull (strstr (content, "覆盖门户的版本"));
}

/* The same title twice asks first; Publish Anyway makes a second post. */
static void
test_duplicate (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *title = unique_title ("重复");
  g_autoptr(BylineArticle) first = NULL;
  g_autoptr(BylineArticle) second = NULL;

  add_account (f);
  first = open_seed (f, title);
  publish (f);
  g_assert_cmpint (byline_article_get_remote_id (first), >, 0);

  second = open_seed (f, title);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.publish", NULL));
  answer (wait_for_dialog ("Publish a Second Time?"), "publish");
  /* The answer starts a publish of its own. */
  wait_for_publish (f);
  g_assert_cmpint (byline_article_get_state (second), ==, BYLINE_ARTICLE_STATE_PUBLISHED);
  g_assert_cmpint (byline_article_get_remote_id (second), >, 0);
  g_assert_cmpint (byline_article_get_remote_id (second), !=,
                   byline_article_get_remote_id (first));
}

/* A wrong password: the editor reads why, the draft is Failed with that
 * reason, its content untouched. */
static void
test_failed (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *title = unique_title ("失败");
  g_autoptr(BylineArticle) article = NULL;
  AdwMessageDialog *dialog;

  add_account (f);
  article = open_seed (f, title);
  g_setenv (BYLINE_PORTAL_PASSWORD_ENV, "wrong wrong wrong wrong", TRUE);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.publish", NULL));
  dialog = wait_for_dialog ("Not Published");
  g_test_message ("%s", adw_message_dialog_get_body (dialog));
  answer (dialog, "close");
  g_setenv (BYLINE_PORTAL_PASSWORD_ENV, portal.password, TRUE);

  g_assert_cmpint (byline_article_get_state (article), ==, BYLINE_ARTICLE_STATE_FAILED);
  g_assert_nonnull (byline_article_get_failure_reason (article));
  g_assert_cmpstr (byline_article_get_title (article), ==, title);
}

/* Cancel right after Publish: nothing reaches the portal, the draft is as
 * it was, and Publish works again. */
static void
test_cancel (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *title = unique_title ("取消");
  g_autofree char *path = NULL;
  g_autofree char *escaped = NULL;
  g_autoptr(BylineArticle) article = NULL;
  g_autoptr(JsonNode) found = NULL;

  add_account (f);
  article = open_seed (f, title);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.publish", NULL));
  g_assert_true (byline_window_is_publishing (f->window));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.cancel-publish",
                                             NULL));
  wait_for_publish (f);

  g_assert_cmpint (byline_article_get_remote_id (article), ==, 0);
  g_assert_cmpint (byline_article_get_state (article), ==, BYLINE_ARTICLE_STATE_DRAFT);
  escaped = g_uri_escape_string (title, NULL, FALSE);
  path = g_strdup_printf ("wp/v2/posts?search=%s&status=any&context=edit", escaped);
  found = byline_test_rest (&portal, "GET", path, NULL, NULL);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (found)), ==, 0);

  publish (f);
  g_assert_cmpint (byline_article_get_state (article), ==, BYLINE_ARTICLE_STATE_PUBLISHED);
}

static GtkWidget *
find_button (GtkWidget  *widget,
             const char *tooltip)
{
  if (GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_widget_get_tooltip_text (widget), tooltip) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_button (child, tooltip);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* How a publish that met a 502 leaves a draft: Queued, in the outbox for
 * @account_id, due @due_in_s seconds from now. */
typedef struct
{
  char   *account_id;
  gint64  due_in_s;
} QueuedSpec;

static void
queued_spec_free (gpointer data)
{
  QueuedSpec *spec = data;

  g_free (spec->account_id);
  g_free (spec);
}

static gboolean
write_queued (BylineStore    *store,
              sqlite3        *db,
              BylineArticle  *article,
              gpointer        data,
              GError        **error)
{
  QueuedSpec *spec = data;
  g_autofree char *sql = NULL;

  byline_article_set_state (article, BYLINE_ARTICLE_STATE_QUEUED);
  byline_article_set_failure_reason (article, "502 Bad Gateway");
  sql = g_strdup_printf ("INSERT INTO outbox (draft_id, account_id, attempts, next_attempt, "
                         "last_error) VALUES ('%s', '%s', 1, %" G_GINT64_FORMAT ", '502')",
                         byline_article_get_id (article), spec->account_id,
                         g_get_real_time () / G_USEC_PER_SEC + spec->due_in_s);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  return TRUE;
}

/* Opens and saves a seed titled @title for the test account, then queues it
 * as write_queued() does; returns the draft's id. */
static char *
save_queued_seed (Fixture    *f,
                  const char *title,
                  gint64      due_in_s)
{
  g_autoptr(BylineAccount) account = NULL;
  g_autoptr(BylineArticle) seed = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  QueuedSpec *spec;
  char *id;

  add_account (f);
  account = byline_accounts_lookup (f->store, NULL, &error);
  g_assert_no_error (error);
  seed = open_seed (f, title);
  id = g_strdup (byline_article_get_id (seed));
  g_assert_true (byline_window_save_sync (f->window, &error));
  g_assert_no_error (error);

  spec = g_new0 (QueuedSpec, 1);
  spec->account_id = g_strdup (byline_account_get_id (account));
  spec->due_in_s = due_in_s;
  byline_store_write_async (f->store, id, NULL, write_queued, spec, queued_spec_free,
                            byline_test_result_cb, &result);
  g_assert_true (byline_store_write_finish (f->store, byline_test_wait (&result), NULL,
                                            &error));
  g_assert_no_error (error);
  return id;
}

static BylineArticleState
listed_state (Fixture    *f,
              const char *id)
{
  GListModel *list = G_LIST_MODEL (f->window->drafts);
  int position = byline_draft_list_find (f->window->drafts, id);
  g_autoptr(BylineDraftSummary) summary = NULL;

  g_assert_cmpint (position, >=, 0);
  summary = g_list_model_get_item (list, position);
  return byline_draft_summary_get_state (summary);
}

/* A queued draft that the outbox publishes in the background while it is
 * open with an edit not saved yet: the window takes the post's id, link and
 * state, the edit stays, and the list shows Published. */
static void
test_outbox_published (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *title = unique_title ("后台发布");
  g_autoptr(BylineArticle) stored = NULL;
  g_autoptr(BylineOutbox) outbox = byline_outbox_new (f->store);
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  g_autofree char *content = NULL;
  GtkTextBuffer *body;
  BylineArticle *shown;
  GtkWidget *open_button;
  gint64 deadline;

  /* Queued, and not due for an hour: only a retry now sends it. */
  id = save_queued_seed (f, title, 3600);
  byline_window_open_draft (f->window, id);
  shown = byline_window_get_article (f->window);
  g_assert_cmpint (byline_article_get_state (shown), ==, BYLINE_ARTICLE_STATE_QUEUED);
  assert_publish_button (f, FALSE);

  /* The editor types; the outbox sends the draft before that is saved. */
  body = gtk_text_view_get_buffer (GTK_TEXT_VIEW (gtk_widget_get_template_child (GTK_WIDGET (f->window->form),
                                                                                 BYLINE_TYPE_ARTICLE_FORM,
                                                                                 "body_view")));
  gtk_text_buffer_insert_at_cursor (body, "还没保存的一句。", -1);
  g_assert_true (byline_window_has_unsaved (f->window));
  byline_window_set_outbox (f->window, outbox);
  byline_outbox_start (outbox);
  byline_outbox_retry_now (outbox);

  deadline = g_get_monotonic_time () + WAIT_TIMEOUT_S * G_USEC_PER_SEC;
  while (byline_article_get_state (shown) != BYLINE_ARTICLE_STATE_PUBLISHED)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (2000);
    }
  g_assert_true (shown == byline_window_get_article (f->window));
  g_assert_cmpint (byline_article_get_remote_id (shown), >, 0);
  g_assert_nonnull (byline_article_get_remote_url (shown));
  g_assert_nonnull (strstr (byline_article_get_body (shown), "还没保存的一句。"));
  assert_publish_button (f, TRUE);
  open_button = find_button (GTK_WIDGET (f->window), "Open the Post on the Portal");
  g_assert_nonnull (open_button);
  g_assert_true (gtk_widget_get_visible (open_button));
  g_assert_cmpstr (g_variant_get_string (gtk_actionable_get_action_target_value (GTK_ACTIONABLE (open_button)),
                                         NULL),
                   ==, byline_article_get_remote_url (shown));

  /* On disk: the edit and the outcome, together; nothing left queued. */
  g_assert_true (byline_window_save_sync (f->window, &error));
  g_assert_no_error (error);
  iterate ();
  stored = byline_store_load (f->store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (byline_article_get_state (stored), ==, BYLINE_ARTICLE_STATE_PUBLISHED);
  g_assert_cmpint (byline_article_get_remote_id (stored), ==, byline_article_get_remote_id (shown));
  g_assert_nonnull (strstr (byline_article_get_body (stored), "还没保存的一句。"));
  g_assert_cmpint (listed_state (f, id), ==, BYLINE_ARTICLE_STATE_PUBLISHED);
  g_assert_cmpuint (byline_outbox_count (f->store), ==, 0);
  content = dup_post_field (byline_article_get_remote_id (stored), "title");
  g_assert_cmpstr (content, ==, title);

  byline_outbox_stop (outbox);
  byline_window_set_outbox (f->window, NULL);
}

/* The window starts the outbox it is given once its first frame is on
 * screen, not before: a draft that is due is sent without anyone else
 * starting the outbox. */
static void
test_outbox_after_first_frame (Fixture       *f,
                               gconstpointer  data)
{
  g_autofree char *title = unique_title ("首帧之后");
  g_autoptr(BylineOutbox) outbox = byline_outbox_new (f->store);
  g_autofree char *id = NULL;
  BylineWindow *second;
  gint64 deadline;

  /* Queued and due a minute ago. */
  id = save_queued_seed (f, title, -60);
  g_assert_cmpuint (byline_outbox_count (f->store), ==, 1);

  /* A window that has not drawn yet leaves the outbox alone. */
  second = g_object_ref (byline_window_new (NULL, f->store));
  byline_window_set_outbox (second, outbox);
  iterate ();
  g_assert_cmpuint (byline_outbox_count (f->store), ==, 1);

  gtk_window_present (GTK_WINDOW (second));
  deadline = g_get_monotonic_time () + WAIT_TIMEOUT_S * G_USEC_PER_SEC;
  while (byline_outbox_count (f->store) > 0 ||
         byline_article_get_state (byline_window_get_article (second)) != BYLINE_ARTICLE_STATE_PUBLISHED)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (2000);
    }
  g_assert_cmpstr (byline_article_get_id (byline_window_get_article (second)), ==, id);
  g_assert_cmpint (byline_article_get_remote_id (byline_window_get_article (second)), >, 0);

  byline_outbox_stop (outbox);
  byline_window_set_outbox (second, NULL);
  /* A save of the outcome may still hold the window until it lands. */
  g_object_add_weak_pointer (G_OBJECT (second), (gpointer *) &second);
  gtk_window_destroy (GTK_WINDOW (second));
  g_object_unref (second);
  deadline = g_get_monotonic_time () + WAIT_TIMEOUT_S * G_USEC_PER_SEC;
  while (second != NULL)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (2000);
    }
}

static GtkWidget *
find_descendant (GtkWidget *widget,
                 GType      type)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (G_TYPE_CHECK_INSTANCE_TYPE (child, type))
        return child;
      if ((found = find_descendant (child, type)) != NULL)
        return found;
    }
  return NULL;
}

static gboolean
cached_tag (Fixture    *f,
            const char *name)
{
  g_autoptr(BylineAccount) account = byline_accounts_lookup (f->store, NULL, NULL);
  g_auto(GStrv) names = byline_accounts_dup_term_names (f->store,
                                                        byline_account_get_id (account),
                                                        "tags", name, 0);

  return g_strv_contains ((const char * const *) names, name);
}

/* The tags field offers the portal's tags the store keeps (offline too),
 * completing only the tag being typed; a tag a publish created is kept
 * for next time. */
static void
test_tag_completion (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GPtrArray) terms = g_ptr_array_new_with_free_func ((GDestroyNotify) byline_portal_term_free);
  g_autoptr(BylineAccount) account = NULL;
  g_autoptr(BylineArticle) article = NULL;
  g_autofree char *title = unique_title ("标签补全");
  g_autofree char *uuid = g_uuid_string_random ();
  g_autofree char *new_tag = g_strdup_printf ("新标签%.8s", uuid);
  g_autoptr(GError) error = NULL;
  const char * const *tags;
  const char *names[] = { "党建", "党史", "商会" };
  GtkEditable *tags_row;
  GtkWidget *popover;
  GtkListBox *list;

  add_account (f);
  account = byline_accounts_lookup (f->store, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      BylinePortalTerm *term = g_new0 (BylinePortalTerm, 1);

      term->id = 9000 + i;
      term->name = g_strdup (names[i]);
      term->count = 10 - i;
      g_ptr_array_add (terms, term);
    }
  g_assert_true (byline_accounts_save_terms (f->store, byline_account_get_id (account), "tags",
                                             terms, &error));
  g_assert_no_error (error);

  article = open_seed (f, title);
  tags_row = GTK_EDITABLE (gtk_widget_get_template_child (GTK_WIDGET (f->window->form),
                                                          BYLINE_TYPE_ARTICLE_FORM,
                                                          "tags_row"));
  g_assert_true (gtk_widget_grab_focus (GTK_WIDGET (tags_row)));
  gtk_editable_set_text (tags_row, "商会，党");

  popover = find_descendant (GTK_WIDGET (tags_row), GTK_TYPE_POPOVER);
  g_assert_nonnull (popover);
  g_assert_true (gtk_widget_get_visible (popover));
  list = GTK_LIST_BOX (find_descendant (popover, GTK_TYPE_LIST_BOX));
  /* The most used first; 商会 is in the field already. */
  g_assert_cmpstr (g_object_get_data (G_OBJECT (gtk_list_box_get_row_at_index (list, 0)),
                                      "byline-value"), ==, "党建");
  g_assert_cmpstr (g_object_get_data (G_OBJECT (gtk_list_box_get_row_at_index (list, 1)),
                                      "byline-value"), ==, "党史");
  g_assert_null (gtk_list_box_get_row_at_index (list, 2));

  gtk_widget_activate (GTK_WIDGET (gtk_list_box_get_row_at_index (list, 0)));
  g_assert_cmpstr (gtk_editable_get_text (tags_row), ==, "商会，党建");
  g_assert_false (gtk_widget_get_visible (popover));
  tags = byline_article_get_tags (article);
  g_assert_cmpstr (tags[0], ==, "商会");
  g_assert_cmpstr (tags[1], ==, "党建");
  g_assert_null (tags[2]);

  /* Published with a tag new to the portal: it is cached afterwards. */
  gtk_editable_set_text (tags_row, new_tag);
  g_assert_false (cached_tag (f, new_tag));
  publish (f);
  g_assert_cmpint (byline_article_get_state (article), ==, BYLINE_ARTICLE_STATE_PUBLISHED);
  g_assert_true (cached_tag (f, new_tag));
}

static BylinePreferencesWindow *
open_preferences (Fixture *f)
{
  GtkWidget *preferences = byline_preferences_window_new (GTK_WINDOW (f->window));

  gtk_window_present (GTK_WINDOW (preferences));
  iterate ();
  return BYLINE_PREFERENCES_WINDOW (preferences);
}

static GtkEditable *
get_row (BylinePreferencesWindow *preferences,
         const char              *name)
{
  return GTK_EDITABLE (gtk_widget_get_template_child (GTK_WIDGET (preferences),
                                                      BYLINE_TYPE_PREFERENCES_WINDOW, name));
}

/* Preferences > Accounts: add through the form, make the second the
 * default, remove one; plain http to another machine asks first. (The page
 * is not shown, so its buttons are not realized and only "clicked" works.) */
static void
test_preferences_accounts (Fixture       *f,
                           gconstpointer  data)
{
  BylinePreferencesWindow *preferences = open_preferences (f);
  g_autoptr(BylineAccount) account = NULL;
  g_autoptr(GPtrArray) accounts = NULL;
  GtkWidget *add_button;
  GtkWidget *button;
  gint64 deadline;

  add_button = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (preferences),
                                                          BYLINE_TYPE_PREFERENCES_WINDOW,
                                                          "add_button"));

  /* Plain http to a machine that is not this one: asked, refused. */
  gtk_editable_set_text (get_row (preferences, "site_row"), "http://portal.example.com");
  gtk_editable_set_text (get_row (preferences, "user_row"), portal.user);
  gtk_editable_set_text (get_row (preferences, "password_row"), "secret");
  g_signal_emit_by_name (add_button, "clicked");
  answer (wait_for_dialog ("Send the Password Unencrypted?"), "cancel");
  accounts = byline_accounts_list (f->store, NULL);
  g_assert_cmpuint (accounts->len, ==, 0);
  g_clear_pointer (&accounts, g_ptr_array_unref);

  /* Two accounts through the form. */
  for (guint i = 0; i < 2; i++)
    {
      gtk_editable_set_text (get_row (preferences, "site_row"), portal.url);
      gtk_editable_set_text (get_row (preferences, "user_row"), portal.user);
      gtk_editable_set_text (get_row (preferences, "password_row"), portal.password);
      gtk_editable_set_text (get_row (preferences, "name_row"), i == 0 ? "第一" : "第二");
      g_signal_emit_by_name (add_button, "clicked");
      deadline = g_get_monotonic_time () + WAIT_TIMEOUT_S * G_USEC_PER_SEC;
      while (!gtk_widget_get_sensitive (add_button) ||
             g_strcmp0 (gtk_editable_get_text (get_row (preferences, "password_row")), "") != 0)
        {
          g_assert_cmpint (g_get_monotonic_time (), <, deadline);
          g_main_context_iteration (NULL, FALSE);
          g_usleep (2000);
        }
    }
  accounts = byline_accounts_list (f->store, NULL);
  g_assert_cmpuint (accounts->len, ==, 2);
  g_clear_pointer (&accounts, g_ptr_array_unref);
  account = byline_accounts_lookup (f->store, NULL, NULL);
  g_assert_cmpstr (byline_account_get_name (account), ==, "第一");
  g_clear_object (&account);

  button = find_button (GTK_WIDGET (preferences), "Make “第二” the default account");
  g_assert_nonnull (button);
  g_signal_emit_by_name (button, "clicked");
  iterate ();
  account = byline_accounts_lookup (f->store, NULL, NULL);
  g_assert_cmpstr (byline_account_get_name (account), ==, "第二");
  g_clear_object (&account);

  button = find_button (GTK_WIDGET (preferences), "Remove the account “第一”");
  g_assert_nonnull (button);
  g_signal_emit_by_name (button, "clicked");
  answer (wait_for_dialog ("Remove the Account?"), "remove");
  accounts = byline_accounts_list (f->store, NULL);
  g_assert_cmpuint (accounts->len, ==, 1);
  g_assert_null (find_button (GTK_WIDGET (preferences), "Remove the account “第一”"));

  gtk_window_destroy (GTK_WINDOW (preferences));
  iterate ();
}

typedef struct
{
  char     *name;
  gint64    id;
  gboolean  by_editor;
  guint     count;
} Chosen;

static void
chosen_cb (BylineCategoryPicker *picker,
           const char           *name,
           gint64                id,
           gboolean              by_editor,
           Chosen               *chosen)
{
  g_free (chosen->name);
  chosen->name = g_strdup (name);
  chosen->id = id;
  chosen->by_editor = by_editor;
  chosen->count++;
}

static BylinePortalTerm *
make_term (gint64      id,
           const char *name,
           gint64      parent)
{
  BylinePortalTerm *term = g_new0 (BylinePortalTerm, 1);

  term->id = id;
  term->name = g_strdup (name);
  term->slug = g_strdup_printf ("t%" G_GINT64_FORMAT, id);
  term->parent = parent;
  return term;
}

static GtkWidget *
search_for_create (BylineCategoryPicker *picker,
                   const char           *text,
                   gboolean              offered)
{
  GtkWidget *button = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (picker),
                                                                 BYLINE_TYPE_CATEGORY_PICKER,
                                                                 "create_button"));
  GtkEditable *search = GTK_EDITABLE (gtk_widget_get_template_child (GTK_WIDGET (picker),
                                                                     BYLINE_TYPE_CATEGORY_PICKER,
                                                                     "search_entry"));
  gint64 deadline = g_get_monotonic_time () + WAIT_TIMEOUT_S * G_USEC_PER_SEC;

  gtk_editable_set_text (search, text);
  /* The search runs a moment after the last keystroke. */
  while (byline_category_picker_get_n_shown (picker) != 0
         || gtk_widget_get_visible (button) != offered)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (2000);
    }
  return button;
}

static gint64
portal_category_id (const char *name)
{
  g_autofree char *escaped = g_uri_escape_string (name, NULL, FALSE);
  g_autofree char *path = g_strdup_printf ("wp/v2/categories?search=%s&per_page=100", escaped);
  g_autoptr(JsonNode) found = byline_test_rest (&portal, "GET", path, NULL, NULL);
  JsonArray *array = json_node_get_array (found);

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *term = json_array_get_object_element (array, i);

      if (g_strcmp0 (json_object_get_string_member (term, "name"), name) == 0)
        return json_object_get_int_member (term, "id");
    }
  return 0;
}

static void
create_and_wait (BylineCategoryPicker *picker,
                 GtkWidget            *button,
                 Chosen               *chosen)
{
  guint count = chosen->count;
  gint64 deadline = g_get_monotonic_time () + WAIT_TIMEOUT_S * G_USEC_PER_SEC;

  g_signal_emit_by_name (button, "clicked");
  while (chosen->count == count)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (2000);
    }
  g_assert_true (chosen->by_editor);
}

/* A search that names no category offers to create it (for an editor):
 * one the portal has already is adopted (term_exists), a new one is made,
 * under a parent when asked; an author is not offered it. */
static void
test_create_category (Fixture              *f,
                      BylineCategoryPicker *picker,
                      Chosen               *chosen)
{
  g_autofree char *uuid = g_uuid_string_random ();
  g_autofree char *name = g_strdup_printf ("新分类 %.8s", uuid);
  g_autofree char *nested = g_strdup_printf ("科技/%s", name);
  g_autofree char *label = NULL;
  g_autoptr(BylineAccount) account = NULL;
  g_autoptr(GPtrArray) cached = NULL;
  GtkWidget *button;
  sqlite3 *db;

  /* 站长 is on the portal but not in this cache. */
  button = search_for_create (picker, "站长", TRUE);
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "Create Category “站长”");
  create_and_wait (picker, button, chosen);
  g_assert_cmpstr (chosen->name, ==, "站长");
  g_assert_cmpint (chosen->id, ==, portal_category_id ("站长"));

  /* The cache now holds the portal's categories, 科技 among them. */
  button = search_for_create (picker, nested, TRUE);
  label = g_strdup_printf ("Create Category “%s” under “科技”", name);
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       label);
  create_and_wait (picker, button, chosen);
  g_assert_cmpstr (chosen->name, ==, name);
  g_assert_cmpint (chosen->id, ==, portal_category_id (name));
  account = byline_accounts_lookup (f->store, NULL, NULL);
  cached = byline_accounts_load_terms (f->store, byline_account_get_id (account), "categories",
                                       NULL);
  for (guint i = 0; i < cached->len; i++)
    {
      BylinePortalTerm *term = g_ptr_array_index (cached, i);

      if (term->id == chosen->id)
        g_assert_cmpint (term->parent, ==, portal_category_id ("科技"));
    }

  /* Known now: searched again, it is found, not offered. */
  search_for_create (picker, "新分类 不存在的", TRUE);
  gtk_editable_set_text (GTK_EDITABLE (gtk_widget_get_template_child (GTK_WIDGET (picker),
                                                                      BYLINE_TYPE_CATEGORY_PICKER,
                                                                      "search_entry")), name);
  while (byline_category_picker_get_n_shown (picker) != 1)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (gtk_widget_get_visible (button));

  /* An author may not create categories: nothing is offered. */
  db = byline_store_get_write_db (f->store);
  byline_store_lock (f->store);
  g_assert_cmpint (sqlite3_exec (db, "UPDATE accounts SET roles = 'author'", NULL, NULL, NULL),
                   ==, SQLITE_OK);
  byline_store_unlock (f->store);
  byline_category_picker_reload (picker, NULL, 0);
  search_for_create (picker, "作者的新分类", FALSE);
}

/* The cached categories as a tree (children under their parent), search
 * across levels, and the ingest hint picking the category of its name. */
static void
test_category_picker (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GPtrArray) terms = g_ptr_array_new_with_free_func ((GDestroyNotify) byline_portal_term_free);
  g_autoptr(BylineAccount) account = NULL;
  g_autoptr(GError) error = NULL;
  BylineCategoryPicker *picker;
  GtkEditable *search;
  Chosen chosen = { NULL, 0, FALSE, 0 };
  gint64 deadline;

  add_account (f);
  account = byline_accounts_lookup (f->store, NULL, &error);
  g_assert_no_error (error);
  g_ptr_array_add (terms, make_term (100, "新闻", 0));
  g_ptr_array_add (terms, make_term (101, "科技新闻", 100));
  g_ptr_array_add (terms, make_term (102, "国内", 100));
  g_ptr_array_add (terms, make_term (2, "创业", 0));
  g_assert_true (byline_accounts_save_terms (f->store, byline_account_get_id (account),
                                             "categories", terms, &error));
  g_assert_no_error (error);

  picker = BYLINE_CATEGORY_PICKER (g_object_ref_sink (byline_category_picker_new ()));
  g_signal_connect (picker, "chosen", G_CALLBACK (chosen_cb), &chosen);
  byline_category_picker_set_store (picker, f->store);

  /* The hint 创业 with no id: chosen for the editor, not by them. */
  byline_category_picker_reload (picker, "创业", 0);
  g_assert_cmpuint (chosen.count, ==, 1);
  g_assert_cmpstr (chosen.name, ==, "创业");
  g_assert_cmpint (chosen.id, ==, 2);
  g_assert_false (chosen.by_editor);
  /* 创业, 新闻 and its two children, expanded */
  g_assert_cmpuint (byline_category_picker_get_n_shown (picker), ==, 4);

  /* A known id is not chosen again. */
  byline_category_picker_reload (picker, "创业", 2);
  g_assert_cmpuint (chosen.count, ==, 1);

  search = GTK_EDITABLE (gtk_widget_get_template_child (GTK_WIDGET (picker),
                                                        BYLINE_TYPE_CATEGORY_PICKER,
                                                        "search_entry"));
  gtk_editable_set_text (search, "科技");
  deadline = g_get_monotonic_time () + WAIT_TIMEOUT_S * G_USEC_PER_SEC;
  while (byline_category_picker_get_n_shown (picker) != 1)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (2000);
    }
  g_assert_true (byline_category_picker_choose_first (picker));
  g_assert_cmpuint (chosen.count, ==, 2);
  g_assert_cmpstr (chosen.name, ==, "科技新闻");
  g_assert_cmpint (chosen.id, ==, 101);
  g_assert_true (chosen.by_editor);

  test_create_category (f, picker, &chosen);

  g_free (chosen.name);
  g_signal_handlers_disconnect_by_func (picker, chosen_cb, &chosen);
  g_assert_finalize_object (picker);
}

int
main (int    argc,
      char **argv)
{
  int status;

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  portal_dir = byline_test_make_dir ("window-publish-portal");
  byline_test_portal_start (&portal, portal_dir);
  /* Accounts read the password from here, not from a keyring. */
  g_setenv (BYLINE_PORTAL_PASSWORD_ENV, portal.password, TRUE);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/byline/window/publish/problems", test_problems);
  ADD ("/byline/window/publish/no-account", test_no_account);
  ADD ("/byline/window/publish/conflict", test_conflict);
  ADD ("/byline/window/publish/duplicate", test_duplicate);
  ADD ("/byline/window/publish/failed", test_failed);
  ADD ("/byline/window/publish/cancel", test_cancel);
  ADD ("/byline/window/publish/outbox", test_outbox_published);
  ADD ("/byline/window/publish/outbox-after-first-frame", test_outbox_after_first_frame);
  ADD ("/byline/window/publish/tag-completion", test_tag_completion);
  ADD ("/byline/preferences/accounts", test_preferences_accounts);
  ADD ("/byline/category-picker/tree", test_category_picker);
#undef ADD

  status = g_test_run ();

  byline_test_portal_stop (&portal);
  byline_test_remove_tree (portal_dir);
  g_free (portal_dir);
  return status;
}
