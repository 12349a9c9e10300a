/* byline-accounts.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libsecret/secret.h>

#include "byline-accounts-private.h"
#include "byline-store-private.h"
#include "byline-wordpress.h"

struct _BylineAccount
{
  GObject   parent_instance;

  char     *id;
  char     *name;
  char     *site_url;
  char     *rest_root;
  char     *username;
  char     *site_name;
  char     *user_name;
  char     *roles;
  gboolean  is_default;
  gboolean  meta_supported;
};

G_DEFINE_FINAL_TYPE (BylineAccount, byline_account, G_TYPE_OBJECT)
G_DEFINE_QUARK (byline-accounts-error-quark, byline_accounts_error)

enum {
  PROP_0,
  PROP_ID,
  PROP_NAME,
  PROP_SITE_URL,
  PROP_USERNAME,
  PROP_SITE_NAME,
  PROP_USER_NAME,
  PROP_IS_DEFAULT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Passwords live in the Secret Service only, under the app's id, one item
 * per account. */
static const SecretSchema *
get_secret_schema (void)
{
  static const SecretSchema schema = {
    APP_ID, SECRET_SCHEMA_NONE,
    {
      { "account", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    },
  };

  return &schema;
}

static void
byline_account_finalize (GObject *object)
{
  BylineAccount *self = BYLINE_ACCOUNT (object);

  g_free (self->id);
  g_free (self->name);
  g_free (self->site_url);
  g_free (self->rest_root);
  g_free (self->username);
  g_free (self->site_name);
  g_free (self->user_name);
  g_free (self->roles);

  G_OBJECT_CLASS (byline_account_parent_class)->finalize (object);
}

static void
byline_account_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  BylineAccount *self = BYLINE_ACCOUNT (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_SITE_URL:
      g_value_set_string (value, self->site_url);
      break;
    case PROP_USERNAME:
      g_value_set_string (value, self->username);
      break;
    case PROP_SITE_NAME:
      g_value_set_string (value, self->site_name);
      break;
    case PROP_USER_NAME:
      g_value_set_string (value, self->user_name);
      break;
    case PROP_IS_DEFAULT:
      g_value_set_boolean (value, self->is_default);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
byline_account_class_init (BylineAccountClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = byline_account_finalize;
  object_class->get_property = byline_account_get_property;

  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SITE_URL] =
    g_param_spec_string ("site-url", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_USERNAME] =
    g_param_spec_string ("username", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SITE_NAME] =
    g_param_spec_string ("site-name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_USER_NAME] =
    g_param_spec_string ("user-name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_IS_DEFAULT] =
    g_param_spec_boolean ("is-default", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
byline_account_init (BylineAccount *self)
{
}

const char *
byline_account_get_id (BylineAccount *self)
{
  g_return_val_if_fail (BYLINE_IS_ACCOUNT (self), NULL);
  return self->id;
}

const char *
byline_account_get_name (BylineAccount *self)
{
  g_return_val_if_fail (BYLINE_IS_ACCOUNT (self), NULL);
  return self->name;
}

const char *
byline_account_get_site_url (BylineAccount *self)
{
  g_return_val_if_fail (BYLINE_IS_ACCOUNT (self), NULL);
  return self->site_url;
}

const char *
byline_account_get_rest_root (BylineAccount *self)
{
  g_return_val_if_fail (BYLINE_IS_ACCOUNT (self), NULL);
  return self->rest_root;
}

const char *
byline_account_get_username (BylineAccount *self)
{
  g_return_val_if_fail (BYLINE_IS_ACCOUNT (self), NULL);
  return self->username;
}

const char *
byline_account_get_site_name (BylineAccount *self)
{
  g_return_val_if_fail (BYLINE_IS_ACCOUNT (self), NULL);
  return self->site_name;
}

const char *
byline_account_get_user_name (BylineAccount *self)
{
  g_return_val_if_fail (BYLINE_IS_ACCOUNT (self), NULL);
  return self->user_name;
}

/**
 * byline_account_get_roles:
 *
 * Returns: (nullable): the user's roles on the portal, comma-separated
 */
const char *
byline_account_get_roles (BylineAccount *self)
{
  g_return_val_if_fail (BYLINE_IS_ACCOUNT (self), NULL);
  return self->roles;
}

/**
 * byline_account_can_manage_categories:
 *
 * WordPress gives manage_categories to its editors and administrators
 * (the roles Byline kept when the account was added or tested); other
 * roles would be refused.
 *
 * Returns: whether the user may create categories on the portal
 */
gboolean
byline_account_can_manage_categories (BylineAccount *self)
{
  g_auto(GStrv) roles = NULL;

  g_return_val_if_fail (BYLINE_IS_ACCOUNT (self), FALSE);

  if (self->roles == NULL)
    return FALSE;
  roles = g_strsplit (self->roles, ",", -1);
  return g_strv_contains ((const char * const *) roles, "administrator")
         || g_strv_contains ((const char * const *) roles, "editor");
}

gboolean
byline_account_get_is_default (BylineAccount *self)
{
  g_return_val_if_fail (BYLINE_IS_ACCOUNT (self), FALSE);
  return self->is_default;
}

gboolean
byline_account_get_meta_supported (BylineAccount *self)
{
  g_return_val_if_fail (BYLINE_IS_ACCOUNT (self), FALSE);
  return self->meta_supported;
}

/**
 * byline_account_create_portal:
 * @self: an account
 * @password: the account's password
 *
 * Returns: (transfer full): a portal speaking for the account
 */
BylinePortal *
byline_account_create_portal (BylineAccount *self,
                              const char    *password)
{
  g_return_val_if_fail (BYLINE_IS_ACCOUNT (self), NULL);

  return BYLINE_PORTAL (byline_wordpress_new (self->site_url, self->rest_root, self->username,
                                              password));
}

/**
 * byline_site_url_is_insecure:
 * @site_url: a site's address
 *
 * Returns: whether credentials would cross the network unencrypted: plain
 *   http to a host other than this machine. The editor must confirm that.
 */
gboolean
byline_site_url_is_insecure (const char *site_url)
{
  g_autoptr(GUri) uri = NULL;
  const char *host;

  g_return_val_if_fail (site_url != NULL, TRUE);

  uri = g_uri_parse (site_url, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL)
    return TRUE;
  if (g_ascii_strcasecmp (g_uri_get_scheme (uri), "https") == 0)
    return FALSE;
  host = g_uri_get_host (uri);
  return !(g_strcmp0 (host, "127.0.0.1") == 0 || g_strcmp0 (host, "localhost") == 0
           || g_strcmp0 (host, "::1") == 0 || g_strcmp0 (host, "[::1]") == 0);
}

/* ------------------------------------------------------------------------ */

static char *
column_text (sqlite3_stmt *stmt,
             int           column)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, column));
}

static BylineAccount *
account_from_row (sqlite3_stmt *stmt)
{
  BylineAccount *self = g_object_new (BYLINE_TYPE_ACCOUNT, NULL);

  self->id = column_text (stmt, 0);
  self->name = column_text (stmt, 1);
  self->site_url = column_text (stmt, 2);
  self->rest_root = column_text (stmt, 3);
  self->username = column_text (stmt, 4);
  self->is_default = sqlite3_column_int (stmt, 5) != 0;
  self->site_name = column_text (stmt, 6);
  self->user_name = column_text (stmt, 7);
  self->roles = column_text (stmt, 8);
  self->meta_supported = sqlite3_column_int (stmt, 9) != 0;
  return self;
}

#define ACCOUNT_COLUMNS \
  "id, name, site_url, rest_root, username, is_default, site_name, user_name, roles, " \
  "meta_supported"

/**
 * byline_accounts_list:
 * @store: the drafts store
 *
 * Returns: (transfer container) (element-type BylineAccount): the accounts,
 *   by name
 */
GPtrArray *
byline_accounts_list (BylineStore  *store,
                      GError      **error)
{
  sqlite3 *db = byline_store_get_read_db (store);
  g_autoptr(GPtrArray) accounts = g_ptr_array_new_with_free_func (g_object_unref);
  sqlite3_stmt *stmt = NULL;
  int rc;

  g_return_val_if_fail (BYLINE_IS_STORE (store), NULL);

  rc = sqlite3_prepare_v2 (db, "SELECT " ACCOUNT_COLUMNS " FROM accounts ORDER BY name",
                           -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
      g_ptr_array_add (accounts, account_from_row (stmt));
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      byline_store_set_error (error, db, rc);
      return NULL;
    }
  return g_steal_pointer (&accounts);
}

/**
 * byline_accounts_lookup:
 * @store: the drafts store
 * @name_or_id: (nullable): an account's name or id, or %NULL for the default
 *
 * Returns: (transfer full): the account
 */
BylineAccount *
byline_accounts_lookup (BylineStore  *store,
                        const char   *name_or_id,
                        GError      **error)
{
  sqlite3 *db = byline_store_get_read_db (store);
  sqlite3_stmt *stmt = NULL;
  BylineAccount *account = NULL;
  int rc;

  g_return_val_if_fail (BYLINE_IS_STORE (store), NULL);

  /* Without a default, the only account (or the first) stands in. */
  rc = sqlite3_prepare_v2 (db,
                           name_or_id != NULL
                           ? "SELECT " ACCOUNT_COLUMNS " FROM accounts WHERE name = ?1 OR id = ?1"
                           : "SELECT " ACCOUNT_COLUMNS " FROM accounts "
                             "ORDER BY is_default DESC, created, name LIMIT 1",
                           -1, &stmt, NULL);
  if (rc == SQLITE_OK && name_or_id != NULL)
    sqlite3_bind_text (stmt, 1, name_or_id, -1, SQLITE_TRANSIENT);
  if (rc == SQLITE_OK)
    rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    account = account_from_row (stmt);
  sqlite3_finalize (stmt);

  if (account != NULL)
    return account;
  if (rc != SQLITE_DONE)
    byline_store_set_error (error, db, rc);
  else if (name_or_id != NULL)
    g_set_error (error, BYLINE_ACCOUNTS_ERROR, BYLINE_ACCOUNTS_ERROR_NOT_FOUND,
                 _("There is no portal account named “%s”."), name_or_id);
  else
    g_set_error_literal (error, BYLINE_ACCOUNTS_ERROR, BYLINE_ACCOUNTS_ERROR_NOT_FOUND,
                         _("No portal account is set up yet; add one first."));
  return NULL;
}

/* Runs SQL on the write connection in one transaction; each statement's
 * parameters ?1… are the strings in params. */
static gboolean
write_sql (BylineStore         *store,
           const char * const  *statements,
           const char * const  *params,
           guint                n_params,
           GError             **error)
{
  sqlite3 *db = byline_store_get_write_db (store);
  int rc;

  byline_store_lock (store);
  rc = sqlite3_exec (db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
  for (guint i = 0; rc == SQLITE_OK && statements[i] != NULL; i++)
    {
      sqlite3_stmt *stmt = NULL;

      rc = sqlite3_prepare_v2 (db, statements[i], -1, &stmt, NULL);
      for (guint p = 0; rc == SQLITE_OK && p < n_params
           && p < (guint) sqlite3_bind_parameter_count (stmt); p++)
        rc = sqlite3_bind_text (stmt, p + 1, params[p], -1, SQLITE_TRANSIENT);
      if (rc == SQLITE_OK)
        rc = sqlite3_step (stmt);
      if (rc == SQLITE_DONE)
        rc = SQLITE_OK;
      sqlite3_finalize (stmt);
    }
  if (rc == SQLITE_OK)
    rc = sqlite3_exec (db, "COMMIT", NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    {
      byline_store_set_error (error, db, rc);
      sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
    }
  byline_store_unlock (store);
  return rc == SQLITE_OK;
}

gboolean
byline_accounts_set_default (BylineStore    *store,
                             BylineAccount  *account,
                             GError        **error)
{
  const char *statements[] = {
    "UPDATE accounts SET is_default = (id = ?1)",
    NULL,
  };
  const char *params[] = { account->id };

  g_return_val_if_fail (BYLINE_IS_STORE (store), FALSE);
  g_return_val_if_fail (BYLINE_IS_ACCOUNT (account), FALSE);

  if (!write_sql (store, statements, params, 1, error))
    return FALSE;
  if (!account->is_default)
    {
      account->is_default = TRUE;
      g_object_notify_by_pspec (G_OBJECT (account), properties[PROP_IS_DEFAULT]);
    }
  return TRUE;
}

/**
 * byline_accounts_remove:
 *
 * Forgets an account, its cached terms and uploads and its password. Drafts
 * keep their remote ids.
 */
gboolean
byline_accounts_remove (BylineStore    *store,
                        BylineAccount  *account,
                        GError        **error)
{
  const char *statements[] = {
    "DELETE FROM accounts WHERE id = ?1",
    "DELETE FROM terms WHERE account_id = ?1",
    "DELETE FROM media WHERE account_id = ?1",
    "DELETE FROM outbox WHERE account_id = ?1",
    /* Someone must stay the default. */
    "UPDATE accounts SET is_default = 1 WHERE id = (SELECT id FROM accounts ORDER BY created "
    "LIMIT 1) AND NOT EXISTS (SELECT 1 FROM accounts WHERE is_default)",
    NULL,
  };
  const char *params[] = { account->id };

  g_return_val_if_fail (BYLINE_IS_STORE (store), FALSE);
  g_return_val_if_fail (BYLINE_IS_ACCOUNT (account), FALSE);

  if (!write_sql (store, statements, params, 1, error))
    return FALSE;
  if (g_getenv (BYLINE_PORTAL_PASSWORD_ENV) == NULL)
    secret_password_clear (get_secret_schema (), NULL, NULL, NULL,
                           "account", account->id, NULL);
  return TRUE;
}

/* ------------------------------------------------------------------------ */

typedef struct
{
  BylineStore      *store;
  BylinePortal     *portal;
  BylineAccount    *account;
  char             *password;
} AddData;

static void
add_data_free (AddData *data)
{
  g_clear_object (&data->store);
  g_clear_object (&data->portal);
  g_clear_object (&data->account);
  g_free (data->password);
  g_free (data);
}

static void
add_save_row (GTask *task)
{
  AddData *data = g_task_get_task_data (task);
  BylineAccount *account = data->account;
  BylineAccount *saved;
  GError *error = NULL;
  g_autofree char *created = g_strdup_printf ("%" G_GINT64_FORMAT,
                                              g_get_real_time () / G_USEC_PER_SEC);
  const char *statements[] = {
    "INSERT INTO accounts (id, name, site_url, rest_root, username, site_name, user_name, "
    "roles, meta_supported, created, is_default) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, "
    "?9, ?10, NOT EXISTS (SELECT 1 FROM accounts WHERE is_default))",
    NULL,
  };
  const char *params[] = {
    account->id, account->name, account->site_url, account->rest_root, account->username,
    account->site_name, account->user_name, account->roles,
    account->meta_supported ? "1" : "0", created,
  };

  if (!write_sql (data->store, statements, params, G_N_ELEMENTS (params), &error))
    {
      g_task_return_error (task, error);
      return;
    }
  /* Read back, so that is_default is what the store decided. */
  saved = byline_accounts_lookup (data->store, account->id, &error);
  if (saved == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, saved, g_object_unref);
}

static void
add_password_stored_cb (GObject      *object,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (!secret_password_store_finish (result, &error))
    {
      g_task_return_new_error (task, BYLINE_ACCOUNTS_ERROR, BYLINE_ACCOUNTS_ERROR_SECRETS,
                               _("Byline could not keep the password in the keyring (%s). "
                                 "Unlock the keyring, or set %s on a machine without one."),
                               error->message, BYLINE_PORTAL_PASSWORD_ENV);
      return;
    }
  add_save_row (task);
}

static void
add_connected_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  AddData *data = g_task_get_task_data (task);
  g_autoptr(BylinePortalSite) site = NULL;
  g_autofree char *label = NULL;
  GCancellable *cancellable;
  GError *error = NULL;

  site = byline_portal_connect_finish (BYLINE_PORTAL (object), result, &error);
  if (site == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  data->account->rest_root = g_strdup (site->rest_root);
  data->account->site_name = g_strdup (site->site_name);
  data->account->user_name = g_strdup (site->user_name);
  data->account->roles = site->roles != NULL ? g_strjoinv (",", site->roles) : NULL;
  data->account->meta_supported = site->meta_supported;

  if (g_getenv (BYLINE_PORTAL_PASSWORD_ENV) != NULL)
    {
      add_save_row (task);
      return;
    }

  label = g_strdup_printf (_("Byline: %s on %s"), data->account->username,
                           data->account->site_url);
  cancellable = g_task_get_cancellable (task);
  secret_password_store (get_secret_schema (), SECRET_COLLECTION_DEFAULT, label,
                         data->password, cancellable,
                         add_password_stored_cb, g_steal_pointer (&task),
                         "account", data->account->id, NULL);
}

/**
 * byline_accounts_add_async:
 * @store: the drafts store
 * @name: the account's name in Byline
 * @site_url: the portal's address
 * @username: the portal user
 * @password: the user's Application Password
 *
 * Finds the portal's API, checks the credentials, keeps the password in the
 * Secret Service (unless %BYLINE_PORTAL_PASSWORD_ENV is set) and saves the
 * account; the first account becomes the default.
 */
void
byline_accounts_add_async (BylineStore         *store,
                           const char          *name,
                           const char          *site_url,
                           const char          *username,
                           const char          *password,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(BylineAccount) existing = NULL;
  AddData *data;

  g_return_if_fail (BYLINE_IS_STORE (store));
  g_return_if_fail (name != NULL && site_url != NULL && username != NULL && password != NULL);

  task = g_task_new (store, cancellable, callback, user_data);
  g_task_set_source_tag (task, byline_accounts_add_async);

  existing = byline_accounts_lookup (store, name, NULL);
  if (existing != NULL)
    {
      g_task_return_new_error (task, BYLINE_ACCOUNTS_ERROR, BYLINE_ACCOUNTS_ERROR_EXISTS,
                               _("An account named “%s” exists already; choose another "
                                 "name."),
                               name);
      return;
    }

  data = g_new0 (AddData, 1);
  data->store = g_object_ref (store);
  data->password = g_strdup (password);
  data->account = g_object_new (BYLINE_TYPE_ACCOUNT, NULL);
  data->account->id = g_uuid_string_random ();
  data->account->name = g_strdup (name);
  data->account->site_url = g_strdup (site_url);
  data->account->username = g_strdup (username);
  data->portal = BYLINE_PORTAL (byline_wordpress_new (site_url, NULL, username, password));
  g_task_set_task_data (task, data, (GDestroyNotify) add_data_free);

  byline_portal_connect_async (data->portal, cancellable, add_connected_cb,
                               g_steal_pointer (&task));
}

/**
 * byline_accounts_add_finish:
 *
 * Returns: (transfer full): the new account
 */
BylineAccount *
byline_accounts_add_finish (BylineStore   *store,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, store), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
lookup_password_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  char *password;

  password = secret_password_lookup_finish (result, &error);
  if (password != NULL)
    {
      g_task_return_pointer (task, password, (GDestroyNotify) secret_password_free);
      return;
    }
  if (error != NULL)
    g_task_return_new_error (task, BYLINE_ACCOUNTS_ERROR, BYLINE_ACCOUNTS_ERROR_SECRETS,
                             _("Byline could not read the password from the keyring (%s). "
                               "Unlock the keyring, or set %s on a machine without one."),
                             error->message, BYLINE_PORTAL_PASSWORD_ENV);
  else
    g_task_return_new_error (task, BYLINE_ACCOUNTS_ERROR, BYLINE_ACCOUNTS_ERROR_NO_PASSWORD,
                             _("The keyring holds no password for the account “%s”; add "
                               "the account again."),
                             byline_account_get_name (g_task_get_task_data (task)));
}

/**
 * byline_account_lookup_password_async:
 *
 * Finds the account's password: %BYLINE_PORTAL_PASSWORD_ENV when set, else
 * the Secret Service.
 */
void
byline_account_lookup_password_async (BylineAccount       *self,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  const char *env;

  g_return_if_fail (BYLINE_IS_ACCOUNT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, byline_account_lookup_password_async);
  g_task_set_task_data (task, g_object_ref (self), g_object_unref);

  env = g_getenv (BYLINE_PORTAL_PASSWORD_ENV);
  if (env != NULL)
    {
      g_task_return_pointer (task, g_strdup (env), g_free);
      return;
    }
  secret_password_lookup (get_secret_schema (), cancellable, lookup_password_cb,
                          g_steal_pointer (&task), "account", self->id, NULL);
}

/**
 * byline_account_lookup_password_finish:
 *
 * Returns: (transfer full): the password
 */
char *
byline_account_lookup_password_finish (BylineAccount  *self,
                                       GAsyncResult   *result,
                                       GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ------------------------------------------------------------------------ */
/* The portal's terms, kept for drafting offline. */

/* Both term writers take the row's seven columns in this order. */
static void
bind_term (sqlite3_stmt           *stmt,
           const char             *account_id,
           const char             *taxonomy,
           const BylinePortalTerm *term)
{
  sqlite3_bind_text (stmt, 1, account_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, taxonomy, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 3, term->id);
  sqlite3_bind_text (stmt, 4, term->name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 5, term->slug, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 6, term->parent);
  sqlite3_bind_int64 (stmt, 7, term->count);
}

/* Holding the store's lock, inside a transaction: for the writer thread. */
gboolean
byline_accounts_write_terms (sqlite3     *db,
                             const char  *account_id,
                             const char  *taxonomy,
                             GPtrArray   *terms,
                             GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (db, "DELETE FROM terms WHERE account_id = ?1 AND taxonomy = ?2",
                           -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_text (stmt, 1, account_id, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 2, taxonomy, -1, SQLITE_TRANSIENT);
      rc = sqlite3_step (stmt) == SQLITE_DONE ? SQLITE_OK : sqlite3_errcode (db);
    }
  sqlite3_finalize (stmt);
  stmt = NULL;
  if (rc == SQLITE_OK)
    rc = sqlite3_prepare_v2 (db, "INSERT OR REPLACE INTO terms (account_id, taxonomy, term_id, "
                             "name, slug, parent, count) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                             -1, &stmt, NULL);
  for (guint i = 0; rc == SQLITE_OK && i < terms->len; i++)
    {
      BylinePortalTerm *term = g_ptr_array_index (terms, i);

      sqlite3_reset (stmt);
      bind_term (stmt, account_id, taxonomy, term);
      rc = sqlite3_step (stmt) == SQLITE_DONE ? SQLITE_OK : sqlite3_errcode (db);
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_OK)
    byline_store_set_error (error, db, rc);
  return rc == SQLITE_OK;
}

/* Adds or renames one term, leaving the others as they are. */
gboolean
byline_accounts_write_term (sqlite3                *db,
                            const char             *account_id,
                            const char             *taxonomy,
                            const BylinePortalTerm *term,
                            GError                **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  /* A term known only by id and name (WordPress's term_exists) keeps the
   * slug and count the cache had. */
  rc = sqlite3_prepare_v2 (db, "INSERT INTO terms (account_id, taxonomy, term_id, name, slug, "
                           "parent, count) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) "
                           "ON CONFLICT (account_id, taxonomy, term_id) DO UPDATE SET "
                           "name = excluded.name, slug = coalesce (excluded.slug, slug), "
                           "parent = excluded.parent, count = max (count, excluded.count)",
                           -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      bind_term (stmt, account_id, taxonomy, term);
      rc = sqlite3_step (stmt) == SQLITE_DONE ? SQLITE_OK : sqlite3_errcode (db);
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_OK)
    byline_store_set_error (error, db, rc);
  return rc == SQLITE_OK;
}

gboolean
byline_accounts_save_terms (BylineStore  *store,
                            const char   *account_id,
                            const char   *taxonomy,
                            GPtrArray    *terms,
                            GError      **error)
{
  sqlite3 *db = byline_store_get_write_db (store);
  int rc;

  g_return_val_if_fail (BYLINE_IS_STORE (store), FALSE);

  byline_store_lock (store);
  rc = sqlite3_exec (db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    byline_store_set_error (error, db, rc);
  else if (!byline_accounts_write_terms (db, account_id, taxonomy, terms, error))
    rc = SQLITE_ERROR;
  else if ((rc = sqlite3_exec (db, "COMMIT", NULL, NULL, NULL)) != SQLITE_OK)
    byline_store_set_error (error, db, rc);
  if (rc != SQLITE_OK)
    sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
  byline_store_unlock (store);
  return rc == SQLITE_OK;
}

/**
 * byline_accounts_dup_term_names:
 * @store: the drafts store
 * @account_id: an account's id
 * @taxonomy: "categories" or "tags"
 * @prefix: (nullable): what the names start with
 * @limit: at most this many
 *
 * For completion while drafting, offline too.
 *
 * Returns: (transfer full): the cached names that start with @prefix, the
 *   most used first
 */
char **
byline_accounts_dup_term_names (BylineStore *store,
                                const char  *account_id,
                                const char  *taxonomy,
                                const char  *prefix,
                                guint        limit)
{
  sqlite3 *db = byline_store_get_read_db (store);
  g_autoptr(GStrvBuilder) names = g_strv_builder_new ();
  g_autoptr(GString) pattern = g_string_new (NULL);
  sqlite3_stmt *stmt = NULL;

  g_return_val_if_fail (BYLINE_IS_STORE (store), NULL);

  /* LIKE with its wildcards taken literally. */
  for (const char *p = prefix != NULL ? prefix : ""; *p != '\0'; p++)
    {
      if (*p == '%' || *p == '_' || *p == '\\')
        g_string_append_c (pattern, '\\');
      g_string_append_c (pattern, *p);
    }
  g_string_append_c (pattern, '%');

  if (sqlite3_prepare_v2 (db, "SELECT name FROM terms WHERE account_id = ?1 AND taxonomy = ?2 "
                          "AND name LIKE ?3 ESCAPE '\\' ORDER BY count DESC, name LIMIT ?4",
                          -1, &stmt, NULL) == SQLITE_OK)
    {
      sqlite3_bind_text (stmt, 1, account_id, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 2, taxonomy, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 3, pattern->str, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (stmt, 4, limit > 0 ? limit : G_MAXINT);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        g_strv_builder_add (names, (const char *) sqlite3_column_text (stmt, 0));
    }
  sqlite3_finalize (stmt);
  return g_strv_builder_end (names);
}

/**
 * byline_accounts_load_terms:
 *
 * Returns: (transfer container) (element-type BylinePortalTerm): the cached
 *   terms, by name
 */
GPtrArray *
byline_accounts_load_terms (BylineStore  *store,
                            const char   *account_id,
                            const char   *taxonomy,
                            GError      **error)
{
  sqlite3 *db = byline_store_get_read_db (store);
  g_autoptr(GPtrArray) terms =
    g_ptr_array_new_with_free_func ((GDestroyNotify) byline_portal_term_free);
  sqlite3_stmt *stmt = NULL;
  int rc;

  g_return_val_if_fail (BYLINE_IS_STORE (store), NULL);

  rc = sqlite3_prepare_v2 (db, "SELECT term_id, name, slug, parent, count FROM terms "
                           "WHERE account_id = ?1 AND taxonomy = ?2 ORDER BY name",
                           -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_text (stmt, 1, account_id, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 2, taxonomy, -1, SQLITE_TRANSIENT);
    }
  while (rc == SQLITE_OK || rc == SQLITE_ROW)
    {
      BylinePortalTerm *term;

      if ((rc = sqlite3_step (stmt)) != SQLITE_ROW)
        break;
      term = g_new0 (BylinePortalTerm, 1);

      term->id = sqlite3_column_int64 (stmt, 0);
      term->name = column_text (stmt, 1);
      term->slug = column_text (stmt, 2);
      term->parent = sqlite3_column_int64 (stmt, 3);
      term->count = sqlite3_column_int64 (stmt, 4);
      g_ptr_array_add (terms, term);
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      byline_store_set_error (error, db, rc);
      return NULL;
    }
  return g_steal_pointer (&terms);
}
