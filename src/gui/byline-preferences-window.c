/* byline-preferences-window.c: defaults for new drafts, reprints, saving,
 * and the portal accounts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "byline-accounts.h"
#include "byline-gui-util.h"
#include "byline-preferences-window.h"
#include "byline-window.h"

struct _BylinePreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  AdwEntryRow          *default_author_row;
  AdwEntryRow          *default_source_row;
  GtkTextView          *disclaimer_view;
  GtkSwitch            *autosave_switch;

  GtkListBox           *accounts_list;
  AdwEntryRow          *site_row;
  AdwEntryRow          *user_row;
  AdwEntryRow          *password_row;
  AdwEntryRow          *name_row;
  GtkLabel             *add_error_label;
  GtkSpinner           *add_spinner;
  GtkButton            *add_button;

  GSettings            *settings;
  BylineStore          *store;
  GCancellable         *cancellable;
};

G_DEFINE_FINAL_TYPE (BylinePreferencesWindow, byline_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

enum {
  PROP_0,
  PROP_STORE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void reload_accounts (BylinePreferencesWindow *self);

static void
show_toast (BylinePreferencesWindow *self,
            const char              *text)
{
  g_autofree char *escaped = g_markup_escape_text (text, -1);

  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), adw_toast_new (escaped));
}

/* Accounts list */

static void
make_default_clicked_cb (GtkButton               *button,
                         BylinePreferencesWindow *self)
{
  BylineAccount *account = g_object_get_data (G_OBJECT (button), "byline-account");
  g_autoptr(GError) error = NULL;

  if (!byline_accounts_set_default (self->store, account, &error))
    show_toast (self, error->message);
  reload_accounts (self);
}

static void
remove_response_cb (AdwMessageDialog        *dialog,
                    const char              *response,
                    BylinePreferencesWindow *self)
{
  BylineAccount *account = g_object_get_data (G_OBJECT (dialog), "byline-account");
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (response, "remove") != 0)
    return;

  if (!byline_accounts_remove (self->store, account, &error))
    show_toast (self, error->message);
  reload_accounts (self);
}

static void
remove_clicked_cb (GtkButton               *button,
                   BylinePreferencesWindow *self)
{
  BylineAccount *account = g_object_get_data (G_OBJECT (button), "byline-account");
  GtkWidget *dialog;

  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Remove the Account?"), NULL);
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                  _("Byline forgets “%s” and its password. Articles already "
                                    "published stay on the portal."),
                                  byline_account_get_name (account));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "remove", _("_Remove"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "remove",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "byline-account", g_object_ref (account),
                          g_object_unref);
  g_signal_connect_object (dialog, "response", G_CALLBACK (remove_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static GtkWidget *
create_account_row (BylinePreferencesWindow *self,
                    BylineAccount           *account)
{
  const char *site_name = byline_account_get_site_name (account);
  const char *user_name = byline_account_get_user_name (account);
  const char *roles = byline_account_get_roles (account);
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *remove_label = NULL;
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *button;

  if (site_name != NULL && site_name[0] != '\0')
    /* Translators: an account in Preferences: the account's name, then the site's */
    title = g_strdup_printf (_("%s — %s"), byline_account_get_name (account), site_name);
  else
    title = g_strdup (byline_account_get_name (account));

  /* Translators: the portal user, their roles in brackets, and the site's address */
  subtitle = g_strdup_printf (_("%s (%s) at %s"),
                              user_name != NULL && user_name[0] != '\0'
                              ? user_name : byline_account_get_username (account),
                              roles != NULL && roles[0] != '\0' ? roles : _("no role"),
                              byline_account_get_site_url (account));
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);

  if (byline_account_get_is_default (account))
    {
      GtkWidget *label = gtk_label_new (_("Default"));

      gtk_widget_add_css_class (label, "dim-label");
      gtk_widget_set_valign (label, GTK_ALIGN_CENTER);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
    }
  else
    {
      g_autofree char *default_label = NULL;

      button = gtk_button_new_with_mnemonic (_("Make _Default"));
      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      /* Translators: %s is an account's name */
      default_label = g_strdup_printf (_("Make “%s” the default account"),
                                       byline_account_get_name (account));
      gtk_widget_set_tooltip_text (button, default_label);
      g_object_set_data_full (G_OBJECT (button), "byline-account", g_object_ref (account),
                              g_object_unref);
      g_signal_connect_object (button, "clicked", G_CALLBACK (make_default_clicked_cb), self, 0);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
    }

  button = gtk_button_new_from_icon_name ("user-trash-symbolic");
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  /* Translators: %s is an account's name */
  remove_label = g_strdup_printf (_("Remove the account “%s”"), byline_account_get_name (account));
  gtk_widget_set_tooltip_text (button, remove_label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, remove_label, -1);
  g_object_set_data_full (G_OBJECT (button), "byline-account", g_object_ref (account),
                          g_object_unref);
  g_signal_connect_object (button, "clicked", G_CALLBACK (remove_clicked_cb), self, 0);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);

  return row;
}

static void
reload_accounts (BylinePreferencesWindow *self)
{
  g_autoptr(GPtrArray) accounts = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->accounts_list))) != NULL)
    gtk_list_box_remove (self->accounts_list, child);

  if (self->store == NULL)
    return;

  accounts = byline_accounts_list (self->store, &error);
  if (accounts == NULL)
    {
      show_toast (self, error->message);
      return;
    }

  if (accounts->len == 0)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("No accounts yet"));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                                   _("Add the portal you publish to below."));
      gtk_list_box_append (self->accounts_list, row);
      return;
    }

  for (guint i = 0; i < accounts->len; i++)
    gtk_list_box_append (self->accounts_list,
                         create_account_row (self, g_ptr_array_index (accounts, i)));
}

/* Adding an account */

static void
set_adding (BylinePreferencesWindow *self,
            gboolean                 adding)
{
  gtk_widget_set_visible (GTK_WIDGET (self->add_spinner), adding);
  gtk_spinner_set_spinning (self->add_spinner, adding);
  gtk_widget_set_sensitive (GTK_WIDGET (self->add_button), !adding);
  gtk_widget_set_sensitive (GTK_WIDGET (self->site_row), !adding);
  gtk_widget_set_sensitive (GTK_WIDGET (self->user_row), !adding);
  gtk_widget_set_sensitive (GTK_WIDGET (self->password_row), !adding);
  gtk_widget_set_sensitive (GTK_WIDGET (self->name_row), !adding);
}

static void
show_add_error (BylinePreferencesWindow *self,
                const char              *message)
{
  gtk_label_set_text (self->add_error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->add_error_label), message != NULL);
}

static char *
dup_site_url (BylinePreferencesWindow *self)
{
  g_autofree char *site = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->site_row))));

  if (site[0] == '\0')
    return NULL;
  /* Editors type "portal.example.com"; TLS is the safe guess. */
  if (strstr (site, "://") == NULL)
    return g_strconcat ("https://", site, NULL);
  return g_steal_pointer (&site);
}

static char *
dup_account_name (BylinePreferencesWindow *self,
                  const char              *site_url)
{
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->name_row))));
  g_autoptr(GUri) uri = NULL;

  if (name[0] != '\0')
    return g_steal_pointer (&name);

  uri = g_uri_parse (site_url, G_URI_FLAGS_NONE, NULL);
  if (uri != NULL && g_uri_get_host (uri) != NULL)
    {
      if (g_uri_get_port (uri) > 0)
        return g_strdup_printf ("%s:%d", g_uri_get_host (uri), g_uri_get_port (uri));
      return g_strdup (g_uri_get_host (uri));
    }
  return g_strdup (site_url);
}

static void
account_added_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(BylinePreferencesWindow) self = user_data;
  g_autoptr(BylineAccount) account = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  account = byline_accounts_add_finish (BYLINE_STORE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  set_adding (self, FALSE);
  if (account == NULL)
    {
      show_add_error (self, error->message);
      return;
    }

  gtk_editable_set_text (GTK_EDITABLE (self->password_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->site_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->user_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->name_row), "");
  reload_accounts (self);

  /* Translators: %s is the new account's name */
  text = g_strdup_printf (_("Added “%s”"), byline_account_get_name (account));
  show_toast (self, text);
}

static void
start_add (BylinePreferencesWindow *self)
{
  g_autofree char *site_url = dup_site_url (self);
  g_autofree char *name = dup_account_name (self, site_url);
  g_autofree char *user = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->user_row))));
  const char *password = gtk_editable_get_text (GTK_EDITABLE (self->password_row));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  set_adding (self, TRUE);
  show_add_error (self, NULL);
  byline_accounts_add_async (self->store, name, site_url, user, password, self->cancellable,
                             account_added_cb, g_object_ref (self));
}

static void
insecure_response_cb (AdwMessageDialog        *dialog,
                      const char              *response,
                      BylinePreferencesWindow *self)
{
  if (g_strcmp0 (response, "send") == 0)
    start_add (self);
}

static void
add_clicked_cb (BylinePreferencesWindow *self)
{
  g_autofree char *site_url = dup_site_url (self);
  g_autofree char *user_trimmed = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->user_row))));
  const char *password = gtk_editable_get_text (GTK_EDITABLE (self->password_row));
  g_autoptr(GString) missing = g_string_new (NULL);
  GtkWidget *dialog;

  if (self->store == NULL)
    return;

  if (site_url == NULL)
    g_string_append (missing, _("Type the portal’s address, such as https://news.example.com."));
  if (user_trimmed[0] == '\0')
    {
      if (missing->len > 0)
        g_string_append_c (missing, '\n');
      g_string_append (missing, _("Type the user name you sign in to the portal with."));
    }
  if (password[0] == '\0')
    {
      if (missing->len > 0)
        g_string_append_c (missing, '\n');
      g_string_append (missing, _("Paste the Application Password the portal gave you."));
    }
  if (missing->len > 0)
    {
      show_add_error (self, missing->str);
      return;
    }

  if (!byline_site_url_is_insecure (site_url))
    {
      start_add (self);
      return;
    }

  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Send the Password Unencrypted?"), NULL);
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                  _("%s is plain http on another machine: the password would "
                                    "cross the network readable by anyone on the way. Use an "
                                    "https address if the portal has one."),
                                  site_url);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "send", _("_Send Anyway"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "send",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (insecure_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* GObject */

static void
byline_preferences_window_constructed (GObject *object)
{
  G_OBJECT_CLASS (byline_preferences_window_parent_class)->constructed (object);

  reload_accounts (BYLINE_PREFERENCES_WINDOW (object));
}

static void
byline_preferences_window_dispose (GObject *object)
{
  BylinePreferencesWindow *self = BYLINE_PREFERENCES_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  gtk_widget_dispose_template (GTK_WIDGET (self), BYLINE_TYPE_PREFERENCES_WINDOW);
  g_clear_object (&self->settings);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (byline_preferences_window_parent_class)->dispose (object);
}

static void
byline_preferences_window_get_property (GObject    *object,
                                        guint       prop_id,
                                        GValue     *value,
                                        GParamSpec *pspec)
{
  BylinePreferencesWindow *self = BYLINE_PREFERENCES_WINDOW (object);

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
byline_preferences_window_set_property (GObject      *object,
                                        guint         prop_id,
                                        const GValue *value,
                                        GParamSpec   *pspec)
{
  BylinePreferencesWindow *self = BYLINE_PREFERENCES_WINDOW (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_set_object (&self->store, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
byline_preferences_window_class_init (BylinePreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = byline_preferences_window_constructed;
  object_class->dispose = byline_preferences_window_dispose;
  object_class->get_property = byline_preferences_window_get_property;
  object_class->set_property = byline_preferences_window_set_property;

  /* Without a store (not opened from a Byline window) the Accounts page
   * stays empty. */
  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL,
                         BYLINE_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/byline/Byline/ui/byline-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, BylinePreferencesWindow, default_author_row);
  gtk_widget_class_bind_template_child (widget_class, BylinePreferencesWindow, default_source_row);
  gtk_widget_class_bind_template_child (widget_class, BylinePreferencesWindow, disclaimer_view);
  gtk_widget_class_bind_template_child (widget_class, BylinePreferencesWindow, autosave_switch);
  gtk_widget_class_bind_template_child (widget_class, BylinePreferencesWindow, accounts_list);
  gtk_widget_class_bind_template_child (widget_class, BylinePreferencesWindow, site_row);
  gtk_widget_class_bind_template_child (widget_class, BylinePreferencesWindow, user_row);
  gtk_widget_class_bind_template_child (widget_class, BylinePreferencesWindow, password_row);
  gtk_widget_class_bind_template_child (widget_class, BylinePreferencesWindow, name_row);
  gtk_widget_class_bind_template_child (widget_class, BylinePreferencesWindow, add_error_label);
  gtk_widget_class_bind_template_child (widget_class, BylinePreferencesWindow, add_spinner);
  gtk_widget_class_bind_template_child (widget_class, BylinePreferencesWindow, add_button);
  gtk_widget_class_bind_template_callback (widget_class, add_clicked_cb);
}

static void
byline_preferences_window_init (BylinePreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  byline_entry_row_label_text (self->default_author_row);
  byline_entry_row_label_text (self->default_source_row);
  byline_entry_row_label_text (self->site_row);
  byline_entry_row_label_text (self->user_row);
  byline_entry_row_label_text (self->password_row);
  byline_entry_row_label_text (self->name_row);

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

  /* The accounts live in the drafts store of the window it was opened from. */
  return g_object_new (BYLINE_TYPE_PREFERENCES_WINDOW,
                       "transient-for", transient_for,
                       "store", BYLINE_IS_WINDOW (transient_for)
                                ? byline_window_get_store (BYLINE_WINDOW (transient_for)) : NULL,
                       NULL);
}
