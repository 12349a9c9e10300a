/* byline-preferences-window.c: defaults for new drafts, reprints, saving
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "byline-gui-util.h"
#include "byline-preferences-window.h"

struct _BylinePreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  AdwEntryRow          *default_author_row;
  AdwEntryRow          *default_source_row;
  GtkTextView          *disclaimer_view;
  GtkSwitch            *autosave_switch;

  GSettings            *settings;
};

G_DEFINE_FINAL_TYPE (BylinePreferencesWindow, byline_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

static void
byline_preferences_window_dispose (GObject *object)
{
  BylinePreferencesWindow *self = BYLINE_PREFERENCES_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), BYLINE_TYPE_PREFERENCES_WINDOW);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (byline_preferences_window_parent_class)->dispose (object);
}

static void
byline_preferences_window_class_init (BylinePreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = byline_preferences_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/byline/Byline/ui/byline-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, BylinePreferencesWindow, default_author_row);
  gtk_widget_class_bind_template_child (widget_class, BylinePreferencesWindow, default_source_row);
  gtk_widget_class_bind_template_child (widget_class, BylinePreferencesWindow, disclaimer_view);
  gtk_widget_class_bind_template_child (widget_class, BylinePreferencesWindow, autosave_switch);
}

static void
byline_preferences_window_init (BylinePreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  byline_entry_row_label_text (self->default_author_row);
  byline_entry_row_label_text (self->default_source_row);

  self->settings = g_settings_new (APP_ID);
  g_settings_bind (self->settings, "default-author",
                   self->default_author_row, "text", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "default-source",
                   self->default_source_row, "text", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "disclaimer",
                   gtk_text_view_get_buffer (self->disclaimer_view), "text",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "autosave",
                   self->autosave_switch, "active", G_SETTINGS_BIND_DEFAULT);
}

GtkWidget *
byline_preferences_window_new (GtkWindow *transient_for)
{
  g_return_val_if_fail (transient_for == NULL || GTK_IS_WINDOW (transient_for), NULL);

  return g_object_new (BYLINE_TYPE_PREFERENCES_WINDOW,
                       "transient-for", transient_for,
                       NULL);
}
