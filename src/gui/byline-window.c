/* byline-window.c: the main window: the drafts list beside the editor
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "byline-draft-row.h"
#include "byline-gui-util.h"
#include "byline-window-private.h"

/* Debounce edits, but never let a steady typist go a full second unsaved:
 * a crash then loses at most the last second of typing. */
#define SAVE_DELAY_MS     500
#define SAVE_MAX_DELAY_MS 1000

/* GTK 4.8's GL renderer redraws the bounding box of what changed: a status
 * line that changes with each keystroke makes every frame redraw the text
 * between the cursor and the bottom of the window (about 20 times the
 * cost of the keystroke alone, under software GL). While the editor types
 * the status line waits for a pause, or at most this long. */
#define STATUS_PAUSE_MS     300
#define STATUS_MAX_DELAY_MS 5000

G_DEFINE_FINAL_TYPE (BylineWindow, byline_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_STORE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  FIRST_FRAME,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void process_save_queue (BylineWindow *self);
static void update_status      (BylineWindow *self);

static gboolean
status_timeout_cb (gpointer user_data)
{
  BylineWindow *self = user_data;

  self->status_source = 0;
  update_status (self);

  return G_SOURCE_REMOVE;
}

static void
stop_waiting_for_paint (BylineWindow *self)
{
  if (self->status_clock != NULL)
    g_clear_signal_handler (&self->status_paint_handler, self->status_clock);
  g_clear_object (&self->status_clock);
}

static void
status_after_paint_cb (GdkFrameClock *clock,
                       BylineWindow  *self)
{
  stop_waiting_for_paint (self);
  g_clear_handle_id (&self->status_source, g_source_remove);
  self->status_source = g_idle_add (status_timeout_cb, self);
}

/* Shows the status now, unless the editor is typing: then at the next
 * pause, or once STATUS_MAX_DELAY_MS have passed since it was last shown,
 * just after the frame that shows the keystroke, so that the two are
 * drawn apart. A failed save is shown at once. */
static void
queue_status (BylineWindow *self)
{
  gint64 now = g_get_monotonic_time ();
  gint64 since_edit_ms = (now - self->last_edit) / 1000;
  gint64 since_shown_ms = (now - self->status_shown) / 1000;
  GdkFrameClock *clock;

  if (self->save_error != NULL || since_edit_ms >= STATUS_PAUSE_MS)
    {
      update_status (self);
      return;
    }

  if (since_shown_ms >= STATUS_MAX_DELAY_MS)
    {
      clock = gtk_widget_get_frame_clock (GTK_WIDGET (self));
      if (clock == NULL)
        update_status (self);
      else if (self->status_clock == NULL)
        {
          self->status_clock = g_object_ref (clock);
          self->status_paint_handler = g_signal_connect (clock, "after-paint",
                                                         G_CALLBACK (status_after_paint_cb),
                                                         self);
        }
      return;
    }

  g_clear_handle_id (&self->status_source, g_source_remove);
  self->status_source = g_timeout_add (MIN (STATUS_PAUSE_MS, STATUS_MAX_DELAY_MS - since_shown_ms),
                                       status_timeout_cb, self);
}

static void
update_save_state (BylineWindow *self)
{
  queue_status (self);
}

static void
show_save_state (BylineWindow *self)
{
  const char *text;

  if (byline_store_is_read_only (self->store))
    text = _("Read-only");
  else if (self->save_error != NULL)
    text = _("Not saved");
  else if (self->saving != NULL || self->save_queue.length > 0 || self->save_source != 0 ||
           self->body_copy != NULL)
    text = _("Saving…");
  else if (self->dirty)
    text = _("Unsaved changes");
  else
    text = _("Saved");

  gtk_label_set_text (self->save_state_label, text);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->save_state_label), self->save_error);
}

/* The form keeps the count as the editor types, never the whole body
 * again per keystroke. */
static void
show_word_count (BylineWindow *self)
{
  guint64 count = byline_article_form_get_word_count (self->form);
  g_autofree char *text = NULL;

  /* Translators: 字数, counted the way Chinese editors count: each Chinese
   * character is one, and so is each Latin word. */
  text = g_strdup_printf (ngettext ("%lu word", "%lu words", count), (unsigned long) count);
  gtk_label_set_text (self->word_count_label, text);
}

static void
update_status (BylineWindow *self)
{
  stop_waiting_for_paint (self);
  g_clear_handle_id (&self->status_source, g_source_remove);
  self->status_shown = g_get_monotonic_time ();
  show_word_count (self);
  show_save_state (self);
}

static void
update_word_count (BylineWindow *self)
{
  queue_status (self);
}

static void
word_count_changed_cb (BylineWindow *self)
{
  self->last_edit = g_get_monotonic_time ();
  queue_status (self);
}

static void
update_title (BylineWindow *self)
{
  const char *title = self->article != NULL ? byline_article_get_title (self->article) : NULL;

  if (title == NULL || title[0] == '\0')
    title = _("Untitled Draft");

  adw_window_title_set_title (self->window_title, title);
  adw_window_title_set_subtitle (self->window_title,
                                 self->article != NULL
                                 ? byline_article_state_get_label (byline_article_get_state (self->article))
                                 : NULL);
  byline_window_update_publish_button (self);
}

/* The subtitle shows the draft's state, which a publish changes. */
void
byline_window_refresh_title (BylineWindow *self)
{
  update_title (self);
}

void
byline_window_show_toast (BylineWindow *self,
                          AdwToast     *toast)
{
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/* Toast titles are Pango markup; error messages quote file names and
 * titles that may hold "<" or "&". */
void
byline_window_show_error (BylineWindow *self,
                          const GError *error)
{
  byline_window_show_message (self, error->message);
}

/* A sentence for the editor, as plain text (markup in it is shown, not
 * obeyed), left up long enough to read a long one. */
void
byline_window_show_message (BylineWindow *self,
                            const char   *message)
{
  g_autofree char *escaped = g_markup_escape_text (message, -1);
  AdwToast *toast = adw_toast_new (escaped);

  adw_toast_set_timeout (toast, 8);
  byline_window_show_toast (self, toast);
}

/* Saving */

static void
unsaved_dialog_response_cb (AdwMessageDialog *dialog,
                            const char       *response,
                            BylineWindow     *self)
{
  if (g_strcmp0 (response, "discard") == 0)
    {
      self->close_without_saving = TRUE;
      gtk_window_close (GTK_WINDOW (self));
    }
}

static void
ask_close_unsaved (BylineWindow *self,
                   const GError *error)
{
  GtkWidget *dialog;

  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Changes Could Not Be Saved"), NULL);
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                  _("%s Keep the window open and copy your text somewhere "
                                    "safe, or close it and lose the last changes."),
                                  error->message);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "keep", _("_Keep Open"),
                                    "discard", _("_Close Without Saving"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "discard",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "keep");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "keep");
  g_signal_connect_object (dialog, "response", G_CALLBACK (unsaved_dialog_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
save_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(BylineWindow) self = user_data;
  g_autoptr(BylineArticle) saved = g_steal_pointer (&self->saving);
  g_autoptr(GError) error = NULL;

  if (!byline_store_save_finish (BYLINE_STORE (object), result, &error))
    {
      gboolean first_failure = self->save_error == NULL;

      g_free (self->save_error);
      self->save_error = g_strdup (error->message);

      /* Whatever failed is still only in the window: keep it unsaved so the
       * next edit, or closing the window, tries again. */
      if (self->article != NULL &&
          g_strcmp0 (byline_article_get_id (saved), byline_article_get_id (self->article)) == 0 &&
          !self->dirty)
        {
          self->dirty = TRUE;
          self->dirty_since = g_get_monotonic_time ();
        }

      if (self->close_after_save)
        {
          self->close_after_save = FALSE;
          ask_close_unsaved (self, error);
          update_save_state (self);
          return;
        }

      if (first_failure)
        byline_window_show_error (self, error);
    }
  else
    {
      g_clear_pointer (&self->save_error, g_free);
    }

  process_save_queue (self);
  update_save_state (self);
}

static void
process_save_queue (BylineWindow *self)
{
  if (self->saving != NULL)
    return;

  self->saving = g_queue_pop_head (&self->save_queue);
  if (self->saving == NULL)
    {
      if (self->close_after_save)
        {
          self->close_after_save = FALSE;
          gtk_window_close (GTK_WINDOW (self));
        }
      return;
    }

  byline_store_save_async (self->store, self->saving, NULL, save_cb, g_object_ref (self));
}

/* A save that cannot wait takes the body at once. */
static void
stop_body_copy (BylineWindow *self)
{
  g_cancellable_cancel (self->body_copy);
  g_clear_object (&self->body_copy);
}

/* Queues the article in the form for saving; the store takes its snapshot
 * when the save starts, on the main thread. */
void
byline_window_flush (BylineWindow *self)
{
  g_clear_handle_id (&self->save_source, g_source_remove);
  stop_body_copy (self);
  byline_window_sync_article (self);

  if (!self->dirty || self->article == NULL || byline_store_is_read_only (self->store))
    return;

  self->dirty = FALSE;

  /* An older snapshot of the same draft still waiting is worthless now. */
  if (self->save_queue.length > 0 &&
      g_strcmp0 (byline_article_get_id (g_queue_peek_tail (&self->save_queue)),
                 byline_article_get_id (self->article)) == 0)
    g_object_unref (g_queue_pop_tail (&self->save_queue));

  g_queue_push_tail (&self->save_queue, g_object_ref (self->article));
  process_save_queue (self);
  update_save_state (self);
}

static void
body_copied_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(BylineWindow) self = user_data;

  /* Cancelled: a flush or a close took the body itself. */
  if (!byline_article_form_sync_article_finish (BYLINE_ARTICLE_FORM (object), result, NULL))
    return;

  g_clear_object (&self->body_copy);
  byline_window_flush (self);
}

static gboolean
save_timeout_cb (gpointer user_data)
{
  BylineWindow *self = user_data;

  self->save_source = 0;

  /* The body reaches the article over a few turns of the main loop (see
   * byline_article_form_sync_article_async()); keystrokes meanwhile are
   * in the copy, and the save follows it at once. */
  if (self->form != NULL && self->article != NULL && self->body_copy == NULL &&
      !byline_store_is_read_only (self->store))
    {
      self->body_copy = g_cancellable_new ();
      byline_article_form_sync_article_async (self->form, self->body_copy, body_copied_cb,
                                              g_object_ref (self));
    }
  else if (self->body_copy == NULL)
    byline_window_flush (self);

  return G_SOURCE_REMOVE;
}

static void
schedule_save (BylineWindow *self)
{
  gint64 now = g_get_monotonic_time ();
  gint64 waited_ms;
  guint delay;

  if (!self->dirty)
    {
      self->dirty = TRUE;
      self->dirty_since = now;
    }

  if (g_settings_get_boolean (self->settings, "autosave"))
    {
      waited_ms = (now - self->dirty_since) / 1000;
      delay = (guint) CLAMP (SAVE_MAX_DELAY_MS - waited_ms, 0, SAVE_DELAY_MS);

      g_clear_handle_id (&self->save_source, g_source_remove);
      self->save_source = g_timeout_add (delay, save_timeout_cb, self);
    }

  update_save_state (self);
}

/* Saves what the window holds before it goes away; waits for a save that is
 * still running so that an older copy cannot land after a newer one. */
gboolean
byline_window_save_sync (BylineWindow  *self,
                         GError       **error)
{
  g_clear_handle_id (&self->save_source, g_source_remove);
  stop_body_copy (self);
  byline_window_sync_article (self);

  while (self->saving != NULL)
    g_main_context_iteration (NULL, TRUE);

  while (self->save_queue.length > 0)
    {
      g_autoptr(BylineArticle) queued = g_queue_pop_head (&self->save_queue);

      if (!byline_store_save (self->store, queued, error))
        return FALSE;
    }

  if (self->dirty && self->article != NULL && !byline_store_is_read_only (self->store))
    {
      if (!byline_store_save (self->store, self->article, error))
        return FALSE;
      self->dirty = FALSE;
    }

  return TRUE;
}

gboolean
byline_window_has_unsaved (BylineWindow *self)
{
  g_return_val_if_fail (BYLINE_IS_WINDOW (self), FALSE);

  return self->dirty || self->saving != NULL || self->save_queue.length > 0 ||
         self->body_copy != NULL;
}

static void
autosave_changed_cb (BylineWindow *self)
{
  if (self->dirty)
    schedule_save (self);
  else
    update_save_state (self);
}

static void
form_changed_cb (BylineWindow *self)
{
  self->last_edit = g_get_monotonic_time ();
  schedule_save (self);
  update_title (self);
}

/**
 * byline_window_sync_article:
 * @self: a #BylineWindow
 *
 * Brings the body the editor typed into the article, before the article is
 * read: the form copies it only when asked.
 */
void
byline_window_sync_article (BylineWindow *self)
{
  if (self->form != NULL)
    byline_article_form_sync_article (self->form);
}

/* The drafts list */

static void
sync_selection (BylineWindow *self)
{
  int position = -1;

  if (self->article != NULL)
    position = byline_draft_list_find (self->drafts, byline_article_get_id (self->article));

  self->syncing_selection = TRUE;
  gtk_single_selection_set_selected (self->selection,
                                     position >= 0 ? (guint) position : GTK_INVALID_LIST_POSITION);
  self->syncing_selection = FALSE;
}

static void
update_list_page (BylineWindow *self)
{
  const char *search = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  gboolean filtered = search[0] != '\0' ||
                      gtk_drop_down_get_selected (self->state_dropdown) != 0;

  if (g_list_model_get_n_items (G_LIST_MODEL (self->drafts)) > 0)
    {
      gtk_stack_set_visible_child_name (self->list_stack, "list");
      return;
    }

  if (filtered)
    {
      adw_status_page_set_icon_name (self->empty_page, "edit-find-symbolic");
      adw_status_page_set_title (self->empty_page, _("No Matching Drafts"));
      adw_status_page_set_description (self->empty_page,
                                       _("Try other words, or another state."));
    }
  else
    {
      adw_status_page_set_icon_name (self->empty_page, "document-edit-symbolic");
      adw_status_page_set_title (self->empty_page, _("No Drafts"));
      adw_status_page_set_description (self->empty_page,
                                       _("Drafts appear here as soon as you type."));
    }

  gtk_stack_set_visible_child_name (self->list_stack, "empty");
}

static void
drafts_items_changed_cb (BylineWindow *self)
{
  sync_selection (self);
  update_list_page (self);
}

static void
drafts_truncated_cb (BylineWindow *self)
{
  /* Without this the editor would take a capped search for every match. */
  if (byline_draft_list_get_truncated (self->drafts))
    {
      g_autofree char *text =
        g_strdup_printf (_("Showing the %d newest matches only. Add words to narrow the search."),
                         BYLINE_STORE_SEARCH_LIMIT);

      gtk_label_set_text (self->search_truncated_label, text);
      gtk_widget_set_visible (GTK_WIDGET (self->search_truncated_label), TRUE);
    }
  else
    gtk_widget_set_visible (GTK_WIDGET (self->search_truncated_label), FALSE);
}

static void
selection_changed_cb (BylineWindow *self)
{
  BylineDraftSummary *summary;
  const char *id;

  if (self->syncing_selection)
    return;

  summary = gtk_single_selection_get_selected_item (self->selection);
  if (summary == NULL)
    return;

  id = byline_draft_summary_get_id (summary);
  if (self->article != NULL && g_strcmp0 (id, byline_article_get_id (self->article)) == 0)
    return;

  byline_window_open_draft (self, id);
}

static void
drafts_view_activate_cb (BylineWindow *self)
{
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
}

static void
search_changed_cb (BylineWindow *self)
{
  byline_draft_list_set_search (self->drafts,
                                gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
}

static void
search_stop_cb (BylineWindow *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  byline_article_form_focus_title (self->form);
}

static void
state_filter_changed_cb (BylineWindow *self)
{
  guint selected = gtk_drop_down_get_selected (self->state_dropdown);

  /* Item 0 is "All States"; the others follow BylineArticleState. */
  byline_draft_list_set_state (self->drafts, selected == 0 ? -1 : (int) selected - 1);
}

static void
row_setup_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item)
{
  gtk_list_item_set_child (item, byline_draft_row_new ());
}

static void
row_bind_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *item)
{
  byline_draft_row_set_summary (BYLINE_DRAFT_ROW (gtk_list_item_get_child (item)),
                                gtk_list_item_get_item (item));
}

static void
row_unbind_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item)
{
  byline_draft_row_set_summary (BYLINE_DRAFT_ROW (gtk_list_item_get_child (item)), NULL);
}

/* The drafts list is a one-column GtkGridView, not a GtkListView: GTK 4.8's
 * list view keeps a row widget for each of 200 items around the visible ones
 * whatever its height, binding, measuring and drawing them all, where the
 * grid view keeps about 30 rows. With 100,000 drafts, scrolling the whole
 * list took 18 s of CPU in bench-scroll with the list view and 11.5 s with
 * the grid view. Both make and measure their rows before the first frame,
 * so until that frame is out the list sees only as many drafts as the
 * tallest monitor can show, each row counted shorter than any row really
 * is; the rest follow right after. */
#define SHORTEST_ROW_PX 32

static guint
count_first_screen_rows (BylineWindow *self)
{
  GListModel *monitors = gdk_display_get_monitors (gtk_widget_get_display (GTK_WIDGET (self)));
  int tallest = 0;

  for (guint i = 0; i < g_list_model_get_n_items (monitors); i++)
    {
      g_autoptr(GdkMonitor) monitor = g_list_model_get_item (monitors, i);
      GdkRectangle geometry;

      gdk_monitor_get_geometry (monitor, &geometry);
      tallest = MAX (tallest, geometry.height);
    }

  if (tallest <= 0)
    return G_MAXUINT;
  return (guint) tallest / SHORTEST_ROW_PX + 1;
}

static gboolean
show_all_drafts_cb (gpointer user_data)
{
  BylineWindow *self = user_data;

  self->show_all_source = 0;
  gtk_slice_list_model_set_size (self->first_screen, G_MAXUINT);
  sync_selection (self);

  return G_SOURCE_REMOVE;
}

static void
forget_first_paint (BylineWindow *self)
{
  if (self->first_paint_clock != NULL)
    g_clear_signal_handler (&self->first_paint_handler, self->first_paint_clock);
  g_clear_object (&self->first_paint_clock);
}

static void
first_paint_cb (GdkFrameClock *clock,
                BylineWindow  *self)
{
  forget_first_paint (self);
  self->drew_first_frame = TRUE;
  byline_window_publish_first_frame (self);
  g_signal_emit (self, signals[FIRST_FRAME], 0);

  if (self->first_screen != NULL &&
      gtk_slice_list_model_get_size (self->first_screen) != G_MAXUINT &&
      self->show_all_source == 0)
    self->show_all_source = g_timeout_add_full (G_PRIORITY_LOW, BYLINE_AFTER_FIRST_FRAME_MS,
                                                show_all_drafts_cb, self, NULL);
}

static void
setup_drafts_list (BylineWindow *self)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  g_autoptr(GtkStringList) states = gtk_string_list_new (NULL);

  self->drafts = byline_store_list_drafts (self->store, NULL, -1);
  self->first_screen = gtk_slice_list_model_new (g_object_ref (G_LIST_MODEL (self->drafts)), 0,
                                                 count_first_screen_rows (self));
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->first_screen)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);

  /* Connected after the selection model's own handler, so that the selection
   * is put back on the open draft once the list has moved it. */
  g_signal_connect_object (self->drafts, "items-changed",
                           G_CALLBACK (drafts_items_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->drafts, "notify::truncated",
                           G_CALLBACK (drafts_truncated_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->selection, "notify::selected",
                           G_CALLBACK (selection_changed_cb), self, G_CONNECT_SWAPPED);

  g_signal_connect (factory, "setup", G_CALLBACK (row_setup_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (row_bind_cb), NULL);
  g_signal_connect (factory, "unbind", G_CALLBACK (row_unbind_cb), NULL);
  gtk_grid_view_set_factory (self->drafts_view, factory);
  gtk_grid_view_set_model (self->drafts_view, GTK_SELECTION_MODEL (self->selection));

  gtk_string_list_append (states, _("All States"));
  for (int state = 0; state < BYLINE_ARTICLE_N_STATES; state++)
    gtk_string_list_append (states, byline_article_state_get_label (state));
  gtk_drop_down_set_model (self->state_dropdown, G_LIST_MODEL (states));

  update_list_page (self);
}

/* Opening drafts */

/**
 * byline_window_open_article:
 * @self: a #BylineWindow
 * @article: the article to show
 * @unsaved: %TRUE if @article is not in the store yet as it is
 *
 * Shows @article in the form, after queueing the previous one for saving.
 */
void
byline_window_open_article (BylineWindow  *self,
                            BylineArticle *article,
                            gboolean       unsaved)
{
  byline_window_flush (self);

  g_set_object (&self->article, article);
  byline_article_form_set_article (self->form, article);

  if (unsaved)
    schedule_save (self);

  sync_selection (self);
  update_title (self);
  update_word_count (self);
  update_save_state (self);
  byline_window_update_actions (self);

  if (article != NULL)
    g_settings_set_string (self->settings, "last-draft-id", byline_article_get_id (article));
}

void
byline_window_open_draft (BylineWindow *self,
                          const char   *id)
{
  g_autoptr(BylineArticle) article = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (BYLINE_IS_WINDOW (self));
  g_return_if_fail (id != NULL);

  article = byline_store_load (self->store, id, &error);
  if (article == NULL)
    {
      byline_window_show_error (self, error);
      sync_selection (self);
      return;
    }

  byline_window_open_article (self, article, FALSE);
  if (adw_leaflet_get_folded (self->leaflet))
    adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
}

/* A new draft stays out of the store until the editor types into it, so
 * that opening the window never leaves empty drafts behind. */
void
byline_window_new_draft (BylineWindow *self)
{
  g_autoptr(BylineArticle) article = byline_article_new ();
  g_autofree char *author = NULL;
  g_autofree char *source = NULL;

  g_return_if_fail (BYLINE_IS_WINDOW (self));

  author = g_settings_get_string (self->settings, "default-author");
  source = g_settings_get_string (self->settings, "default-source");
  if (author[0] != '\0')
    byline_article_set_author (article, author);
  if (source[0] != '\0')
    byline_article_set_source (article, source);

  byline_window_open_article (self, article, FALSE);
  if (adw_leaflet_get_folded (self->leaflet))
    adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
  byline_article_form_focus_title (self->form);
}

static void
open_first_draft (BylineWindow *self)
{
  g_autofree char *last = g_settings_get_string (self->settings, "last-draft-id");
  g_autofree char *latest = NULL;
  g_autoptr(BylineArticle) article = NULL;

  if (last[0] != '\0')
    article = byline_store_load (self->store, last, NULL);

  if (article == NULL && (latest = byline_store_dup_latest_id (self->store)) != NULL)
    article = byline_store_load (self->store, latest, NULL);

  if (article != NULL)
    byline_window_open_article (self, article, FALSE);
  else
    byline_window_new_draft (self);
}

/* Store problems */

static void
report_recovery (BylineWindow *self)
{
  const char *moved_to = byline_store_get_moved_aside_to (self->store);
  g_autofree char *body = NULL;
  GtkWidget *dialog;

  if (moved_to == NULL || self->reported_recovery)
    return;

  self->reported_recovery = TRUE;
  body = g_strdup_printf (_("The drafts database was damaged and could not be read. "
                            "Byline started a new one and kept the damaged file as %s, "
                            "where nothing in it is overwritten."),
                          moved_to);
  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Drafts Database Was Damaged"), body);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
setup_store (BylineWindow *self)
{
  gboolean read_only = byline_store_is_read_only (self->store);

  byline_article_form_set_store (self->form, self->store);
  byline_article_form_set_editable (self->form, !read_only);
  gtk_revealer_set_reveal_child (self->read_only_revealer, read_only);

  setup_drafts_list (self);
  open_first_draft (self);
}

/* Closing */

static void
save_window_state (BylineWindow *self)
{
  int width, height;

  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
  g_settings_delay (self->settings);
  g_settings_set_int (self->settings, "window-width", width);
  g_settings_set_int (self->settings, "window-height", height);
  g_settings_set_boolean (self->settings, "window-maximized",
                          gtk_window_is_maximized (GTK_WINDOW (self)));
  g_settings_apply (self->settings);
}

static gboolean
byline_window_close_request (GtkWindow *window)
{
  BylineWindow *self = BYLINE_WINDOW (window);

  if (!self->close_without_saving)
    {
      byline_window_flush (self);

      /* Close once the last save has landed: process_save_queue() closes
       * again, or save_cb() asks what to do if it failed. */
      if (self->saving != NULL)
        {
          self->close_after_save = TRUE;
          return TRUE;
        }
    }

  save_window_state (self);

  return GTK_WINDOW_CLASS (byline_window_parent_class)->close_request (window);
}

/* GObject */

static void
byline_window_map (GtkWidget *widget)
{
  BylineWindow *self = BYLINE_WINDOW (widget);

  GTK_WIDGET_CLASS (byline_window_parent_class)->map (widget);

  if (!self->drew_first_frame && self->first_paint_clock == NULL)
    {
      self->first_paint_clock = g_object_ref (gtk_widget_get_frame_clock (widget));
      self->first_paint_handler = g_signal_connect (self->first_paint_clock, "after-paint",
                                                    G_CALLBACK (first_paint_cb), self);
    }

  report_recovery (self);
}

static void
byline_window_unmap (GtkWidget *widget)
{
  forget_first_paint (BYLINE_WINDOW (widget));

  GTK_WIDGET_CLASS (byline_window_parent_class)->unmap (widget);
}

static void
byline_window_constructed (GObject *object)
{
  BylineWindow *self = BYLINE_WINDOW (object);

  G_OBJECT_CLASS (byline_window_parent_class)->constructed (object);

  g_assert (self->store != NULL);

  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  setup_store (self);
}

static void
byline_window_dispose (GObject *object)
{
  BylineWindow *self = BYLINE_WINDOW (object);

  /* The last resort when the window is destroyed without being closed. */
  if (self->store != NULL && !self->close_without_saving)
    {
      g_autoptr(GError) error = NULL;

      if (!byline_window_save_sync (self, &error))
        g_critical ("Changes to draft %s were lost: %s",
                    byline_article_get_id (self->article), error->message);
    }

  forget_first_paint (self);
  g_clear_handle_id (&self->show_all_source, g_source_remove);
  byline_window_dispose_ingest (self);
  byline_window_dispose_publish (self);
  g_clear_handle_id (&self->save_source, g_source_remove);
  stop_body_copy (self);
  g_clear_handle_id (&self->status_source, g_source_remove);
  stop_waiting_for_paint (self);
  g_queue_clear_full (&self->save_queue, g_object_unref);

  if (self->selection != NULL)
    gtk_grid_view_set_model (self->drafts_view, NULL);

  gtk_widget_dispose_template (GTK_WIDGET (self), BYLINE_TYPE_WINDOW);

  g_clear_object (&self->selection);
  g_clear_object (&self->first_screen);
  g_clear_object (&self->drafts);
  g_clear_object (&self->article);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (byline_window_parent_class)->dispose (object);
}

static void
byline_window_finalize (GObject *object)
{
  BylineWindow *self = BYLINE_WINDOW (object);

  g_clear_object (&self->settings);
  g_free (self->save_error);

  G_OBJECT_CLASS (byline_window_parent_class)->finalize (object);
}

static void
byline_window_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  BylineWindow *self = BYLINE_WINDOW (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
byline_window_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  BylineWindow *self = BYLINE_WINDOW (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
byline_window_class_init (BylineWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = byline_window_constructed;
  object_class->dispose = byline_window_dispose;
  object_class->finalize = byline_window_finalize;
  object_class->get_property = byline_window_get_property;
  object_class->set_property = byline_window_set_property;
  widget_class->map = byline_window_map;
  widget_class->unmap = byline_window_unmap;
  window_class->close_request = byline_window_close_request;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL,
                         BYLINE_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * BylineWindow::first-frame:
   *
   * Emitted once, after the window's first frame has been drawn: what
   * start-up may put off until the window is on screen can start then.
   */
  signals[FIRST_FRAME] =
    g_signal_new ("first-frame",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  g_type_ensure (BYLINE_TYPE_ARTICLE_FORM);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/byline/Byline/ui/byline-window.ui");
  gtk_widget_class_bind_template_child (widget_class, BylineWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, BylineWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, BylineWindow, primary_menu_button);
  gtk_widget_class_bind_template_child (widget_class, BylineWindow, primary_menu);
  gtk_widget_class_bind_template_child (widget_class, BylineWindow, sidebar);
  gtk_widget_class_bind_template_child (widget_class, BylineWindow, content);
  gtk_widget_class_bind_template_child (widget_class, BylineWindow, search_entry);
  gtk_widget_class_bind_template_child (widget_class, BylineWindow, search_truncated_label);
  gtk_widget_class_bind_template_child (widget_class, BylineWindow, state_dropdown);
  gtk_widget_class_bind_template_child (widget_class, BylineWindow, list_stack);
  gtk_widget_class_bind_template_child (widget_class, BylineWindow, drafts_view);
  gtk_widget_class_bind_template_child (widget_class, BylineWindow, empty_page);
  gtk_widget_class_bind_template_child (widget_class, BylineWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, BylineWindow, read_only_revealer);
  gtk_widget_class_bind_template_child (widget_class, BylineWindow, form);
  gtk_widget_class_bind_template_child (widget_class, BylineWindow, word_count_label);
  gtk_widget_class_bind_template_child (widget_class, BylineWindow, save_state_label);
  gtk_widget_class_bind_template_callback (widget_class, form_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_stop_cb);
  gtk_widget_class_bind_template_callback (widget_class, state_filter_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, drafts_view_activate_cb);

  byline_window_class_add_actions (widget_class);
  byline_window_class_add_ingest_actions (widget_class);
  byline_window_class_add_publish_actions (widget_class);
}

/* The main menu's popover holds a button, a label and a shortcut label for
 * each of its nine items: built when the menu is first opened (click or
 * F10), not with the window (4-5 ms of byline_window_new). GTK calls this
 * before every popup; the model is set once. */
static void
create_primary_menu (GtkMenuButton *button,
                     gpointer       user_data)
{
  BylineWindow *self = user_data;

  if (gtk_menu_button_get_menu_model (button) == NULL)
    gtk_menu_button_set_menu_model (button, self->primary_menu);
}

static void
byline_window_init (BylineWindow *self)
{
  g_queue_init (&self->save_queue);
  self->settings = g_settings_new (APP_ID);

  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_menu_button_set_create_popup_func (self->primary_menu_button, create_primary_menu, self, NULL);
  byline_window_setup_ingest (self);
  byline_window_setup_publish (self);

  g_signal_connect_object (self->settings, "changed::autosave",
                           G_CALLBACK (autosave_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->form, "notify::word-count",
                           G_CALLBACK (word_count_changed_cb), self, G_CONNECT_SWAPPED);
}

BylineWindow *
byline_window_new (GtkApplication *application,
                   BylineStore    *store)
{
  g_return_val_if_fail (application == NULL || GTK_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (BYLINE_IS_STORE (store), NULL);

  return g_object_new (BYLINE_TYPE_WINDOW,
                       "application", application,
                       "store", store,
                       NULL);
}

BylineStore *
byline_window_get_store (BylineWindow *self)
{
  g_return_val_if_fail (BYLINE_IS_WINDOW (self), NULL);

  return self->store;
}

/**
 * byline_window_get_article:
 * @self: a #BylineWindow
 *
 * Returns: (transfer none) (nullable): the draft shown in the editor
 */
BylineArticle *
byline_window_get_article (BylineWindow *self)
{
  g_return_val_if_fail (BYLINE_IS_WINDOW (self), NULL);

  byline_window_sync_article (self);
  return self->article;
}
