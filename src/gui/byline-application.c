/* byline-application.c: the application: opens the drafts store, owns windows
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <glib-unix.h>

#include "byline-application.h"
#include "byline-preferences-window.h"
#include "byline-window.h"

struct _BylineApplication
{
  AdwApplication  parent_instance;

  BylineStore    *store;
  /* Sends queued drafts again, in the background, for every window; the
   * first window starts it once it is on screen. */
  BylineOutbox   *outbox;
  GSettings      *settings;
  guint           signal_sources[3];
};

G_DEFINE_FINAL_TYPE (BylineApplication, byline_application, ADW_TYPE_APPLICATION)

/* Closing each window lets it save what it holds first; the application
 * ends when the last window is gone. */
static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  GtkApplication *app = GTK_APPLICATION (user_data);
  GList *windows = g_list_copy (gtk_application_get_windows (app));

  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_close (GTK_WINDOW (l->data));

  g_list_free (windows);
}

static void
preferences_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  GtkApplication *app = GTK_APPLICATION (user_data);
  GtkWidget *preferences;

  preferences = byline_preferences_window_new (gtk_application_get_active_window (app));
  gtk_window_present (GTK_WINDOW (preferences));
}

static void
about_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  GtkApplication *app = GTK_APPLICATION (user_data);
  const char *developers[] = { _("The Byline developers"), NULL };

  adw_show_about_window (gtk_application_get_active_window (app),
                         "application-name", _("Byline"),
                         "application-icon", APP_ID,
                         "version", PACKAGE_VERSION,
                         "comments", _("Draft, attribute and publish news articles"),
                         "developers", developers,
                         "developer-name", _("The Byline developers"),
                         "license-type", GTK_LICENSE_GPL_3_0,
                         /* Translators: put your names here, one per line */
                         "translator-credits", _("translator-credits"),
                         NULL);
}

static const GActionEntry app_actions[] = {
  { "quit", quit_action },
  { "preferences", preferences_action },
  { "about", about_action },
};

static gboolean
quit_signal_cb (gpointer user_data)
{
  g_action_group_activate_action (G_ACTION_GROUP (user_data), "quit", NULL);

  return G_SOURCE_CONTINUE;
}

static void
store_error_response_cb (AdwMessageDialog *dialog,
                         const char       *response,
                         GApplication     *app)
{
  g_application_quit (app);
}

static void
show_store_error (BylineApplication *self,
                  const char        *dir,
                  const GError      *error)
{
  GtkWidget *dialog;

  dialog = adw_message_dialog_new (NULL, _("Drafts Cannot Be Opened"), NULL);
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                  _("Byline keeps drafts in %s. %s"),
                                  dir, error->message);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "quit", _("_Quit"));
  gtk_window_set_application (GTK_WINDOW (dialog), GTK_APPLICATION (self));
  g_signal_connect (dialog, "response", G_CALLBACK (store_error_response_cb), self);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
byline_application_activate (GApplication *app)
{
  BylineApplication *self = BYLINE_APPLICATION (app);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (window != NULL)
    {
      gtk_window_present (window);
      return;
    }

  if (self->store == NULL)
    {
      g_autofree char *dir = g_strdup (g_getenv ("BYLINE_DATA_DIR"));
      g_autoptr(GError) error = NULL;

      if (dir == NULL || dir[0] == '\0')
        {
          g_free (dir);
          dir = byline_store_dup_default_dir ();
        }

      self->store = byline_store_open (dir, &error);
      if (self->store == NULL)
        {
          show_store_error (self, dir, error);
          return;
        }
    }

  if (self->outbox == NULL && !byline_store_is_read_only (self->store))
    {
      self->outbox = byline_outbox_new (self->store);
      self->settings = g_settings_new (APP_ID);
      g_settings_bind (self->settings, "disclaimer", self->outbox, "disclaimer",
                       G_SETTINGS_BIND_GET);
    }

  window = GTK_WINDOW (byline_window_new (GTK_APPLICATION (app), self->store));
  byline_window_set_outbox (BYLINE_WINDOW (window), self->outbox);
  gtk_window_present (window);
}

static void
byline_application_startup (GApplication *app)
{
  BylineApplication *self = BYLINE_APPLICATION (app);
  static const struct {
    const char *action;
    const char *accels[2];
  } accels[] = {
    { "app.quit", { "<Control>q", NULL } },
    { "app.preferences", { "<Control>comma", NULL } },
    /* What GtkApplication sets when it finds gtk/help-overlay.ui; the window
     * builds the shortcuts window itself. */
    { "win.show-help-overlay", { "<Control>question", NULL } },
  };

  G_APPLICATION_CLASS (byline_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions,
                                   G_N_ELEMENTS (app_actions), app);
  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (app), accels[i].action,
                                           accels[i].accels);

  /* A logout or `kill` closes the windows the same way Ctrl+Q does, so the
   * last keystrokes still reach the store. */
  self->signal_sources[0] = g_unix_signal_add (SIGTERM, quit_signal_cb, app);
  self->signal_sources[1] = g_unix_signal_add (SIGINT, quit_signal_cb, app);
  self->signal_sources[2] = g_unix_signal_add (SIGHUP, quit_signal_cb, app);
}

static void
remove_signal_sources (BylineApplication *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (self->signal_sources); i++)
    g_clear_handle_id (&self->signal_sources[i], g_source_remove);
}

static void
byline_application_shutdown (GApplication *app)
{
  BylineApplication *self = BYLINE_APPLICATION (app);

  remove_signal_sources (self);
  if (self->outbox != NULL)
    byline_outbox_stop (self->outbox);

  G_APPLICATION_CLASS (byline_application_parent_class)->shutdown (app);
}

/* Also here: an application that was registered but never run (in tests)
 * never shuts down. */
static void
byline_application_dispose (GObject *object)
{
  BylineApplication *self = BYLINE_APPLICATION (object);

  remove_signal_sources (self);
  g_clear_object (&self->outbox);
  g_clear_object (&self->settings);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (byline_application_parent_class)->dispose (object);
}

static void
byline_application_class_init (BylineApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = byline_application_dispose;
  app_class->activate = byline_application_activate;
  app_class->startup = byline_application_startup;
  app_class->shutdown = byline_application_shutdown;
}

static void
byline_application_init (BylineApplication *self)
{
}

BylineApplication *
byline_application_new (void)
{
  return g_object_new (BYLINE_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       "resource-base-path", "/io/github/byline/Byline",
                       NULL);
}

BylineStore *
byline_application_get_store (BylineApplication *self)
{
  g_return_val_if_fail (BYLINE_IS_APPLICATION (self), NULL);

  return self->store;
}
