/* byline-window-actions.c: the window's commands and their shortcuts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "byline-window-private.h"

static const char *
get_display_title (BylineArticle *article)
{
  const char *title = byline_article_get_title (article);

  return title != NULL && title[0] != '\0' ? title : _("Untitled Draft");
}

static void
new_draft_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  byline_window_new_draft (BYLINE_WINDOW (widget));
}

/* The copy is a new draft of its own: same fields, new ID, not published. */
static BylineArticle *
duplicate_article (BylineArticle *article)
{
  BylineArticle *copy = byline_article_duplicate (article);
  g_autofree char *title = NULL;

  /* Translators: the title of a duplicated draft; %s is the original title */
  title = g_strdup_printf (_("%s (Copy)"), get_display_title (article));
  byline_article_set_title (copy, title);

  return copy;
}

static void
duplicate_draft_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  BylineWindow *self = BYLINE_WINDOW (widget);
  g_autoptr(BylineArticle) copy = NULL;

  if (self->article == NULL)
    return;

  byline_window_sync_article (self);
  copy = duplicate_article (self->article);
  byline_window_open_article (self, copy, TRUE);
  byline_article_form_focus_title (self->form);
}

static void
delete_draft_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  BylineWindow *self = BYLINE_WINDOW (widget);
  g_autoptr(BylineArticle) article = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *latest = NULL;
  g_autofree char *escaped = NULL;
  g_autofree char *title = NULL;
  AdwToast *toast;

  if (self->article == NULL)
    return;

  /* Undo must bring back the last keystroke too. */
  if (!byline_window_save_sync (self, &error))
    {
      byline_window_show_error (self, error);
      return;
    }

  article = g_object_ref (self->article);
  if (!byline_store_delete (self->store, byline_article_get_id (article), &error) &&
      !g_error_matches (error, BYLINE_STORE_ERROR, BYLINE_STORE_ERROR_NOT_FOUND))
    {
      byline_window_show_error (self, error);
      return;
    }

  latest = byline_store_dup_latest_id (self->store);
  if (latest != NULL)
    byline_window_open_draft (self, latest);
  else
    byline_window_new_draft (self);

  /* A draft that never reached the store has nothing to undo. */
  if (error != NULL)
    return;

  escaped = g_markup_escape_text (get_display_title (article), -1);
  /* Translators: %s is the title of the draft, in quotes */
  title = g_strdup_printf (_("“%s” deleted"), escaped);
  toast = adw_toast_new (title);
  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_action_name (toast, "win.undo-delete");
  adw_toast_set_action_target_value (toast, g_variant_new_string (byline_article_get_id (article)));
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  byline_window_show_toast (self, toast);
}

static void
undo_delete_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  BylineWindow *self = BYLINE_WINDOW (widget);
  const char *id = g_variant_get_string (parameter, NULL);
  g_autoptr(GError) error = NULL;

  if (!byline_store_undelete (self->store, id, &error))
    {
      byline_window_show_error (self, error);
      return;
    }

  byline_window_open_draft (self, id);
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  byline_window_flush (BYLINE_WINDOW (widget));
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  BylineWindow *self = BYLINE_WINDOW (widget);

  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static void
show_drafts_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  BylineWindow *self = BYLINE_WINDOW (widget);

  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

/* Built the first time it is asked for rather than with the window, as
 * GtkApplication would do from gtk/help-overlay.ui: it has no part in the
 * first frame. */
static void
show_help_overlay_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  GtkApplicationWindow *window = GTK_APPLICATION_WINDOW (widget);
  GtkShortcutsWindow *overlay = gtk_application_window_get_help_overlay (window);

  if (overlay == NULL)
    {
      g_autoptr(GtkBuilder) builder =
        gtk_builder_new_from_resource ("/io/github/byline/Byline/ui/byline-shortcuts-window.ui");

      overlay = GTK_SHORTCUTS_WINDOW (gtk_builder_get_object (builder, "help_overlay"));
      gtk_application_window_set_help_overlay (window, overlay);
    }

  gtk_window_present (GTK_WINDOW (overlay));
}

void
byline_window_update_actions (BylineWindow *self)
{
  gboolean writable = !byline_store_is_read_only (self->store);
  gboolean has_article = self->article != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.new-draft", writable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.duplicate-draft", writable && has_article);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.delete-draft", writable && has_article);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.undo-delete", writable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.save", writable);
}

void
byline_window_class_add_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.new-draft", NULL, new_draft_action);
  gtk_widget_class_install_action (widget_class, "win.duplicate-draft", NULL, duplicate_draft_action);
  gtk_widget_class_install_action (widget_class, "win.delete-draft", NULL, delete_draft_action);
  gtk_widget_class_install_action (widget_class, "win.undo-delete", "s", undo_delete_action);
  gtk_widget_class_install_action (widget_class, "win.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "win.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "win.show-drafts", NULL, show_drafts_action);
  gtk_widget_class_install_action (widget_class, "win.show-help-overlay", NULL,
                                   show_help_overlay_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK,
                                       "win.new-draft", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_d, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.duplicate-draft", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.delete-draft", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK,
                                       "win.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK,
                                       "win.search", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK,
                                       "win.show-drafts", NULL);
}
