/* byline-window-publish.c: the Publish button: the draft goes to the
 * default portal account, and the editor answers what the portal asks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "byline-accounts.h"
#include "byline-gui-util.h"
#include "byline-publisher.h"
#include "byline-window-private.h"

struct _BylineWindowPublish
{
  GCancellable       *cancellable;
  BylinePublisher    *publisher;
  BylineAccount      *account;
  /* The draft as it was when Publish was pressed. */
  BylineArticle      *article;
  BylinePublishFlags  flags;
  gboolean            busy;
  /* What the button offers: 1 update, 0 publish, -1 not set yet. */
  int                 shows_update;
  guint               wait_source;
  guint               pulse_source;

  GtkRevealer        *revealer;
  GtkLabel           *label;
  GtkProgressBar     *bar;
  /* Beside Publish: opens the post, when the draft is one. */
  GtkWidget          *open_button;
  char               *open_url;

  /* Publishes queued drafts in the background; the window hears of it. */
  BylineOutbox       *outbox;
  guint               outbox_start_source;
};

static void
update_publish_action (BylineWindow *self)
{
  gboolean busy = self->publish != NULL && self->publish->busy;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.publish", !busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.cancel-publish", busy);
}

/**
 * byline_window_update_publish_button:
 * @self: a #BylineWindow
 *
 * A draft that is a post already is updated, not published again: the
 * button says so, and a button beside it opens the post.
 */
void
byline_window_update_publish_button (BylineWindow *self)
{
  BylineWindowPublish *publish = self->publish;
  gboolean update = self->article != NULL && byline_article_get_remote_id (self->article) > 0;
  const char *url = self->article != NULL ? byline_article_get_remote_url (self->article) : NULL;
  GtkWidget *button;

  /* The tooltips are set only when they change: each set asks the X server
   * where the pointer is. */
  if (publish == NULL)
    return;

  if (url != NULL && url[0] == '\0')
    url = NULL;
  if (g_strcmp0 (url, publish->open_url) != 0)
    {
      g_free (publish->open_url);
      publish->open_url = g_strdup (url);
      if (url != NULL)
        gtk_actionable_set_action_target (GTK_ACTIONABLE (publish->open_button), "s", url);
      gtk_widget_set_visible (publish->open_button, url != NULL);
    }

  if (publish->shows_update == update)
    return;
  publish->shows_update = update;

  button = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (self), BYLINE_TYPE_WINDOW,
                                                      "publish_button"));
  gtk_button_set_label (GTK_BUTTON (button), update ? _("_Update") : _("_Publish"));
  gtk_widget_set_tooltip_text (button,
                               update ? _("Update the Post on the Portal (Ctrl+Enter)")
                                      : _("Publish to the Default Portal Account (Ctrl+Enter)"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  update ? _("Update") : _("Publish"), -1);
}

/* Progress */

static gboolean
pulse_cb (gpointer user_data)
{
  BylineWindow *self = user_data;

  gtk_progress_bar_pulse (self->publish->bar);
  return G_SOURCE_CONTINUE;
}

static void
progress_changed_cb (BylineWindow *self)
{
  BylineWindowPublish *publish = self->publish;
  double progress = byline_publisher_get_progress (publish->publisher);

  if (progress <= 0.0)
    return;

  g_clear_handle_id (&publish->pulse_source, g_source_remove);
  gtk_progress_bar_set_fraction (publish->bar, progress);
  if (progress > 0.1 && progress < 0.9)
    gtk_label_set_text (publish->label, _("Uploading images…"));
  else
    gtk_label_set_text (publish->label, _("Publishing…"));
}

static void
set_busy (BylineWindow *self,
          gboolean      busy)
{
  BylineWindowPublish *publish = self->publish;

  publish->busy = busy;
  g_clear_handle_id (&publish->pulse_source, g_source_remove);
  if (busy)
    {
      gtk_label_set_text (publish->label, _("Publishing…"));
      gtk_progress_bar_set_fraction (publish->bar, 0.0);
      publish->pulse_source = g_timeout_add (100, pulse_cb, self);
    }
  else
    {
      g_clear_handle_id (&publish->wait_source, g_source_remove);
      if (publish->publisher != NULL)
        g_signal_handlers_disconnect_by_func (publish->publisher, progress_changed_cb, self);
      g_clear_object (&publish->publisher);
      g_clear_object (&publish->account);
      g_clear_object (&publish->article);
      g_clear_object (&publish->cancellable);
    }
  gtk_revealer_set_reveal_child (publish->revealer, busy);
  update_publish_action (self);
}

/* Messages */


static const char *
get_field_label (const char *field)
{
  static const struct { const char *field; const char *label; } labels[] = {
    { "title", N_("Title") },
    { "body", N_("Body") },
    { "category", N_("Category") },
    { "source", N_("Source") },
    { "source-url", N_("Source URL") },
    { "original-title", N_("Original Title") },
    { "original-source", N_("Original Source") },
    { "publish-time", N_("Publish Time") },
    { "slug", N_("Slug") },
    { "tags", N_("Tags") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    if (g_strcmp0 (field, labels[i].field) == 0)
      return _(labels[i].label);
  return NULL;
}

static void
problems_response_cb (AdwMessageDialog *dialog,
                      const char       *response,
                      BylineWindow     *self)
{
  const char *field = g_object_get_data (G_OBJECT (dialog), "byline-field");

  if (field != NULL)
    byline_article_form_focus_field (self->form, field);
}

/* Every problem at once, each naming its field, so that one round of
 * fixes is enough. */
static void
show_problems (BylineWindow *self,
               GPtrArray    *problems,
               const char   *text)
{
  g_autoptr(GString) body = g_string_new (NULL);
  const char *first_field = NULL;
  GtkWidget *dialog;

  for (guint i = 0; problems != NULL && i < problems->len; i++)
    {
      BylineArticleProblem *problem = g_ptr_array_index (problems, i);
      const char *label = get_field_label (problem->field);

      if (first_field == NULL)
        first_field = problem->field;
      if (body->len > 0)
        g_string_append_c (body, '\n');
      if (label != NULL)
        /* Translators: one problem before publishing: the field's name, then a sentence */
        g_string_append_printf (body, _("• %s: %s"), label, problem->message);
      else
        g_string_append_printf (body, "• %s", problem->message);
    }
  if (text != NULL)
    {
      if (body->len > 0)
        g_string_append_c (body, '\n');
      g_string_append (body, text);
    }

  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Fix These Before Publishing"),
                                   body->str);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  g_object_set_data_full (G_OBJECT (dialog), "byline-field", g_strdup (first_field), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (problems_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
no_account_response_cb (AdwMessageDialog *dialog,
                        const char       *response,
                        BylineWindow     *self)
{
  if (g_strcmp0 (response, "preferences") == 0)
    gtk_widget_activate_action (GTK_WIDGET (self), "app.preferences", NULL);
}

static void
show_no_account (BylineWindow *self)
{
  GtkWidget *dialog;

  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("No Portal Account"),
                                   _("Add the portal you publish to in Preferences, under "
                                     "Accounts, then publish again."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "close", _("_Close"),
                                    "preferences", _("Open _Preferences"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "preferences",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "preferences");
  g_signal_connect_object (dialog, "response", G_CALLBACK (no_account_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
duplicate_response_cb (AdwMessageDialog *dialog,
                       const char       *response,
                       BylineWindow     *self)
{
  BylinePublishFlags flags = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (dialog),
                                                                  "byline-flags"));

  if (g_strcmp0 (response, "publish") == 0)
    byline_window_publish (self, flags | BYLINE_PUBLISH_FLAGS_ALLOW_DUPLICATE);
}

static void
show_duplicate (BylineWindow       *self,
                BylinePublishFlags  flags,
                const GError       *error)
{
  GtkWidget *dialog;

  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Publish a Second Time?"), NULL);
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                  _("%s Publish anyway only if this is a different article."),
                                  error->message);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "publish", _("_Publish Anyway"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "publish",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data (G_OBJECT (dialog), "byline-flags", GUINT_TO_POINTER (flags));
  g_signal_connect_object (dialog, "response", G_CALLBACK (duplicate_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
conflict_response_cb (AdwMessageDialog *dialog,
                      const char       *response,
                      BylineWindow     *self)
{
  BylinePublishFlags flags = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (dialog),
                                                                  "byline-flags"));

  if (g_strcmp0 (response, "overwrite") == 0)
    {
      byline_window_publish (self, flags | BYLINE_PUBLISH_FLAGS_OVERWRITE);
    }
  else if (g_strcmp0 (response, "new-draft") == 0 && self->article != NULL)
    {
      g_autoptr(BylineArticle) copy = NULL;

      byline_window_sync_article (self);
      copy = byline_article_duplicate (self->article);

      /* The copy is no post yet: publishing it makes a second article. */
      byline_window_open_article (self, copy, TRUE);
      byline_window_show_message (self, _("Your version is kept as a new draft; the "
                                          "portal’s version was not changed."));
    }
  else
    {
      byline_window_show_message (self, _("Nothing was written; the portal’s version stays."));
    }
}

static void
show_conflict (BylineWindow       *self,
               BylinePublishFlags  flags,
               const GError       *error)
{
  GtkWidget *dialog;

  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Changed on the Portal"), NULL);
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                  _("%s Choose which version to keep."), error->message);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "keep", _("_Keep the Portal’s Version"),
                                    "new-draft", _("Save Mine as a _New Draft"),
                                    "overwrite", _("_Overwrite"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "overwrite",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "keep");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "keep");
  g_object_set_data (G_OBJECT (dialog), "byline-flags", GUINT_TO_POINTER (flags));
  g_signal_connect_object (dialog, "response", G_CALLBACK (conflict_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
show_failure (BylineWindow *self,
              const GError *error)
{
  GtkWidget *dialog;

  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Not Published"), error->message);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

/* The publisher recorded the outcome in the store; the window's copy of the
 * draft learns it too, or its next save would write the old state back. */
static void
apply_outcome (BylineWindow  *self,
               BylineArticle *stored)
{
  BylineArticle *article = self->article;

  if (stored == NULL || article == NULL ||
      g_strcmp0 (byline_article_get_id (stored), byline_article_get_id (article)) != 0)
    return;

  byline_article_set_remote_id (article, byline_article_get_remote_id (stored));
  byline_article_set_remote_url (article, byline_article_get_remote_url (stored));
  byline_article_set_remote_modified (article, byline_article_get_remote_modified (stored));
  byline_article_set_account_id (article, byline_article_get_account_id (stored));
  byline_article_set_state (article, byline_article_get_state (stored));
  byline_article_set_failure_reason (article, byline_article_get_failure_reason (stored));
  if (byline_article_get_category_id (article) <= 0)
    byline_article_set_category_id (article, byline_article_get_category_id (stored));

  /* Queued behind any older snapshot still being written. */
  if (!self->dirty)
    {
      self->dirty = TRUE;
      self->dirty_since = g_get_monotonic_time ();
    }
  byline_window_flush (self);
  byline_window_refresh_title (self);
}

/* The outbox */

static char *
dup_draft_title (BylineWindow  *self,
                 const char    *draft_id,
                 BylineArticle *article)
{
  g_autoptr(BylineArticle) stored = NULL;
  const char *title;

  if (article == NULL && self->article != NULL
      && g_strcmp0 (byline_article_get_id (self->article), draft_id) == 0)
    article = self->article;
  if (article == NULL)
    article = stored = byline_store_load (self->store, draft_id, NULL);
  title = article != NULL ? byline_article_get_title (article) : NULL;
  return g_strdup (title != NULL && title[0] != '\0' ? title : _("Untitled Draft"));
}

/* A queued draft went out in the background. The draft in the form learns
 * the post's id, link and state and keeps any edit not saved yet. */
static void
outbox_published_cb (BylineWindow  *self,
                     const char    *draft_id,
                     const char    *link,
                     BylineArticle *article)
{
  g_autofree char *title = dup_draft_title (self, draft_id, article);
  g_autofree char *text = NULL;
  g_autofree char *escaped = NULL;
  AdwToast *toast;

  apply_outcome (self, article);

  text = g_strdup_printf (_("“%s” was published from the outbox."), title);
  escaped = g_markup_escape_text (text, -1);
  toast = adw_toast_new (escaped);
  if (link != NULL && link[0] != '\0')
    {
      adw_toast_set_button_label (toast, _("_Open"));
      adw_toast_set_action_name (toast, "win.open-published");
      adw_toast_set_action_target_value (toast, g_variant_new_string (link));
    }
  adw_toast_set_timeout (toast, 8);
  byline_window_show_toast (self, toast);
}

static void
outbox_failed_cb (BylineWindow *self,
                  const char   *draft_id,
                  const char   *reason)
{
  g_autofree char *title = dup_draft_title (self, draft_id, NULL);
  g_autofree char *text = NULL;

  if (self->article != NULL && g_strcmp0 (byline_article_get_id (self->article), draft_id) == 0)
    {
      byline_article_set_state (self->article, BYLINE_ARTICLE_STATE_FAILED);
      byline_article_set_failure_reason (self->article, reason);
      if (!self->dirty)
        {
          self->dirty = TRUE;
          self->dirty_since = g_get_monotonic_time ();
        }
      byline_window_flush (self);
      byline_window_refresh_title (self);
    }

  /* Translators: a draft's title, then the portal's reason */
  text = g_strdup_printf (_("“%s” could not be published from the outbox: %s"), title, reason);
  byline_window_show_message (self, text);
}

static void
disconnect_outbox (BylineWindow *self)
{
  BylineWindowPublish *publish = self->publish;

  g_clear_handle_id (&publish->outbox_start_source, g_source_remove);
  if (publish->outbox == NULL)
    return;
  g_signal_handlers_disconnect_by_data (publish->outbox, self);
  g_clear_object (&publish->outbox);
}

static gboolean
start_outbox_cb (gpointer user_data)
{
  BylineWindow *self = user_data;

  self->publish->outbox_start_source = 0;
  byline_outbox_start (self->publish->outbox);

  return G_SOURCE_REMOVE;
}

/* The outbox reads the store and asks for the network monitor, which may
 * be a D-Bus round trip: none of that has a place in the first frame. */
static void
start_outbox_later (BylineWindow *self)
{
  BylineWindowPublish *publish = self->publish;

  if (publish->outbox == NULL || publish->outbox_start_source != 0 || !self->drew_first_frame)
    return;
  publish->outbox_start_source = g_timeout_add_full (G_PRIORITY_LOW, BYLINE_AFTER_FIRST_FRAME_MS,
                                                     start_outbox_cb, self, NULL);
}

/**
 * byline_window_publish_first_frame:
 * @self: a #BylineWindow
 *
 * Called once the window's first frame is on screen.
 */
void
byline_window_publish_first_frame (BylineWindow *self)
{
  start_outbox_later (self);
}

/**
 * byline_window_set_outbox:
 * @self: a #BylineWindow
 * @outbox: (nullable): the outbox that retries queued drafts
 *
 * The window tells the editor what @outbox publishes, and the draft in the
 * form takes the outcome. It starts @outbox a moment after its first frame,
 * if no one has yet.
 */
void
byline_window_set_outbox (BylineWindow *self,
                          BylineOutbox *outbox)
{
  g_return_if_fail (BYLINE_IS_WINDOW (self));
  g_return_if_fail (outbox == NULL || BYLINE_IS_OUTBOX (outbox));

  if (self->publish->outbox == outbox)
    return;
  disconnect_outbox (self);
  if (outbox == NULL)
    return;
  self->publish->outbox = g_object_ref (outbox);
  g_signal_connect_swapped (outbox, "published", G_CALLBACK (outbox_published_cb), self);
  g_signal_connect_swapped (outbox, "failed", G_CALLBACK (outbox_failed_cb), self);
  start_outbox_later (self);
}

static void
published_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(BylineWindow) self = user_data;
  BylineWindowPublish *publish = self->publish;
  g_autoptr(BylineArticle) published = NULL;
  g_autoptr(BylineArticle) stored = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  BylinePublishFlags flags;
  gboolean updated;

  published = byline_publisher_publish_finish (BYLINE_PUBLISHER (object), result, &error);
  /* The window closed, or this is a cancelled publish a newer one replaced. */
  if (publish == NULL || publish->publisher != BYLINE_PUBLISHER (object))
    return;

  id = g_strdup (byline_article_get_id (publish->article));
  flags = publish->flags;
  /* Sent to the post it already was (the same account), not a new one. */
  updated = published != NULL && byline_article_get_remote_id (publish->article) > 0
            && byline_article_get_remote_id (published)
               == byline_article_get_remote_id (publish->article);
  set_busy (self, FALSE);

  if (published != NULL)
    {
      AdwToast *toast = adw_toast_new (updated ? _("Updated") : _("Published"));
      const char *url = byline_article_get_remote_url (published);

      apply_outcome (self, published);
      if (url != NULL && url[0] != '\0')
        {
          adw_toast_set_button_label (toast, _("_Open"));
          adw_toast_set_action_name (toast, "win.open-published");
          adw_toast_set_action_target_value (toast, g_variant_new_string (url));
        }
      adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
      byline_window_show_toast (self, toast);
      return;
    }

  /* Queued or Failed, with the reason, as the publisher stored it. */
  stored = byline_store_load (self->store, id, NULL);
  apply_outcome (self, stored);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    byline_window_show_message (self, _("Publishing was cancelled. The draft is unchanged."));
  else if (g_error_matches (error, BYLINE_PUBLISH_ERROR, BYLINE_PUBLISH_ERROR_INVALID))
    show_problems (self, NULL, error->message);
  else if (g_error_matches (error, BYLINE_PUBLISH_ERROR, BYLINE_PUBLISH_ERROR_DUPLICATE))
    show_duplicate (self, flags, error);
  else if (g_error_matches (error, BYLINE_PUBLISH_ERROR, BYLINE_PUBLISH_ERROR_CONFLICT))
    show_conflict (self, flags, error);
  else if (g_error_matches (error, BYLINE_PUBLISH_ERROR, BYLINE_PUBLISH_ERROR_QUEUED) ||
           g_error_matches (error, BYLINE_PUBLISH_ERROR, BYLINE_PUBLISH_ERROR_BUSY))
    byline_window_show_message (self, error->message);
  else
    show_failure (self, error);
}

static void
password_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(BylineWindow) self = user_data;
  BylineWindowPublish *publish = self->publish;
  g_autoptr(BylinePortal) portal = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *password = NULL;
  g_autofree char *disclaimer = NULL;

  password = byline_account_lookup_password_finish (BYLINE_ACCOUNT (object), result, &error);
  if (publish == NULL || !publish->busy || publish->account != BYLINE_ACCOUNT (object) ||
      publish->publisher != NULL)
    return;
  if (password == NULL)
    {
      set_busy (self, FALSE);
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        byline_window_show_message (self, _("Publishing was cancelled. The draft is unchanged."));
      else
        show_failure (self, error);
      return;
    }

  portal = byline_account_create_portal (publish->account, password);
  publish->publisher = byline_publisher_new (self->store, publish->account, portal);
  disclaimer = g_settings_get_string (self->settings, "disclaimer");
  byline_publisher_set_disclaimer (publish->publisher, disclaimer);
  g_signal_connect_swapped (publish->publisher, "notify::progress",
                            G_CALLBACK (progress_changed_cb), self);

  byline_publisher_publish_async (publish->publisher, publish->article, publish->flags,
                                  publish->cancellable, published_cb, g_object_ref (self));
}

static void
start_publish (BylineWindow *self)
{
  BylineWindowPublish *publish = self->publish;
  g_autoptr(GError) error = NULL;

  publish->account = byline_accounts_lookup (self->store, NULL, &error);
  if (publish->account == NULL)
    {
      set_busy (self, FALSE);
      if (g_error_matches (error, BYLINE_ACCOUNTS_ERROR, BYLINE_ACCOUNTS_ERROR_NOT_FOUND))
        show_no_account (self);
      else
        show_failure (self, error);
      return;
    }

  byline_account_lookup_password_async (publish->account, publish->cancellable, password_cb,
                                        g_object_ref (self));
}

/* The publisher records its outcome on the stored draft: the window's
 * own saves of it must have landed first, or one would overwrite it. */
static gboolean
wait_for_saves_cb (gpointer user_data)
{
  BylineWindow *self = user_data;

  if (self->saving != NULL || self->save_queue.length > 0)
    return G_SOURCE_CONTINUE;

  self->publish->wait_source = 0;
  start_publish (self);
  return G_SOURCE_REMOVE;
}

/**
 * byline_window_publish:
 * @self: a #BylineWindow
 * @flags: what the editor already confirmed
 *
 * Publishes the draft in the editor to the default account.
 */
void
byline_window_publish (BylineWindow       *self,
                       BylinePublishFlags  flags)
{
  BylineWindowPublish *publish = self->publish;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GDateTime) now = NULL;

  if (publish->busy || self->article == NULL)
    return;

  if (byline_store_is_read_only (self->store))
    {
      byline_window_show_message (self, _("The drafts database is read-only, so the "
                                          "outcome of a publish could not be recorded. "
                                          "Nothing was sent."));
      return;
    }

  byline_window_sync_article (self);
  now = g_date_time_new_now_utc ();
  problems = byline_article_validate (self->article, now);
  if (problems != NULL && problems->len > 0)
    {
      show_problems (self, problems, NULL);
      return;
    }

  publish->article = byline_article_copy (self->article);
  publish->flags = flags;
  publish->cancellable = g_cancellable_new ();
  set_busy (self, TRUE);

  byline_window_flush (self);
  publish->wait_source = g_timeout_add (20, wait_for_saves_cb, self);
}

gboolean
byline_window_is_publishing (BylineWindow *self)
{
  return self->publish != NULL && self->publish->busy;
}

/* Actions */

static void
publish_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  byline_window_publish (BYLINE_WINDOW (widget), BYLINE_PUBLISH_FLAGS_NONE);
}

static void
cancel_publish_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  BylineWindow *self = BYLINE_WINDOW (widget);
  BylineWindowPublish *publish = self->publish;

  if (!publish->busy)
    return;

  /* Still waiting for the saves: nothing has started yet. */
  if (publish->wait_source != 0)
    {
      set_busy (self, FALSE);
      byline_window_show_message (self, _("Publishing was cancelled. The draft is unchanged."));
      return;
    }
  g_cancellable_cancel (publish->cancellable);
}

static void
open_published_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  gtk_show_uri (GTK_WINDOW (widget), g_variant_get_string (parameter, NULL), GDK_CURRENT_TIME);
}

void
byline_window_class_add_publish_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.publish", NULL, publish_action);
  gtk_widget_class_install_action (widget_class, "win.cancel-publish", NULL,
                                   cancel_publish_action);
  gtk_widget_class_install_action (widget_class, "win.open-published", "s",
                                   open_published_action);
  /* Named only, for byline_window_update_publish_button(). */
  gtk_widget_class_bind_template_child_full (widget_class, "publish_button", FALSE, 0);
}

/* The progress strip under the editor's header bar. */
void
byline_window_setup_publish (BylineWindow *self)
{
  BylineWindowPublish *publish = g_new0 (BylineWindowPublish, 1);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *cancel = gtk_button_new_with_mnemonic (_("_Cancel"));
  GtkWidget *header = gtk_widget_get_first_child (self->content);
  GtkEventController *shortcuts;

  self->publish = publish;
  publish->shows_update = -1;

  publish->label = GTK_LABEL (gtk_label_new (_("Publishing…")));
  gtk_label_set_xalign (publish->label, 0);
  publish->bar = GTK_PROGRESS_BAR (gtk_progress_bar_new ());
  gtk_widget_set_hexpand (GTK_WIDGET (publish->bar), TRUE);
  gtk_widget_set_valign (GTK_WIDGET (publish->bar), GTK_ALIGN_CENTER);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (publish->bar),
                                  GTK_ACCESSIBLE_RELATION_LABELLED_BY, publish->label, NULL, -1);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (cancel), "win.cancel-publish");
  gtk_widget_set_tooltip_text (cancel, _("Cancel Publishing"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (cancel), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Cancel Publishing"), -1);

  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (publish->label));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (publish->bar));
  gtk_box_append (GTK_BOX (box), cancel);

  /* Ctrl+Return before the focused widget sees it: the title and the body
   * would take it for a line break. */
  shortcuts = gtk_shortcut_controller_new ();
  gtk_event_controller_set_propagation_phase (shortcuts, GTK_PHASE_CAPTURE);
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        gtk_shortcut_new (gtk_shortcut_trigger_parse_string ("<Control>Return|<Control>KP_Enter"),
                                                          gtk_named_action_new ("win.publish")));
  gtk_widget_add_controller (GTK_WIDGET (self), shortcuts);

  /* Packed at the end after Publish: it shows just left of it. */
  publish->open_button = gtk_button_new_from_icon_name ("web-browser-symbolic");
  /* The address comes with the draft; the action needs a string first. */
  gtk_actionable_set_action_target (GTK_ACTIONABLE (publish->open_button), "s", "");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (publish->open_button), "win.open-published");
  gtk_widget_set_tooltip_text (publish->open_button, _("Open the Post on the Portal"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (publish->open_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Open the Post on the Portal"), -1);
  gtk_widget_set_visible (publish->open_button, FALSE);
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), publish->open_button);

  publish->revealer = GTK_REVEALER (gtk_revealer_new ());
  gtk_revealer_set_child (publish->revealer, box);
  gtk_box_insert_child_after (GTK_BOX (self->content), GTK_WIDGET (publish->revealer), header);

  update_publish_action (self);
}

void
byline_window_dispose_publish (BylineWindow *self)
{
  BylineWindowPublish *publish = self->publish;

  if (publish == NULL)
    return;

  /* The publish may already be on the portal; what it learns is recorded
   * by the publisher, not by this window. */
  g_cancellable_cancel (publish->cancellable);
  g_clear_handle_id (&publish->wait_source, g_source_remove);
  g_clear_handle_id (&publish->pulse_source, g_source_remove);
  if (publish->publisher != NULL)
    g_signal_handlers_disconnect_by_func (publish->publisher, progress_changed_cb, self);
  g_clear_object (&publish->publisher);
  g_clear_object (&publish->account);
  g_clear_object (&publish->article);
  g_clear_object (&publish->cancellable);
  disconnect_outbox (self);
  g_free (publish->open_url);
  g_clear_pointer (&self->publish, g_free);
}
