/* byline-accounts.h: the portals an editor publishes to
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "byline-portal.h"
#include "byline-types.h"

G_BEGIN_DECLS

/* Read by the CLI and the accounts code instead of the Secret Service, for
 * machines without one (CI, servers). */
#define BYLINE_PORTAL_PASSWORD_ENV "BYLINE_PORTAL_PASSWORD"

#define BYLINE_ACCOUNTS_ERROR (byline_accounts_error_quark ())

typedef enum
{
  BYLINE_ACCOUNTS_ERROR_NOT_FOUND,
  BYLINE_ACCOUNTS_ERROR_EXISTS,
  BYLINE_ACCOUNTS_ERROR_NO_PASSWORD,
  BYLINE_ACCOUNTS_ERROR_SECRETS,
} BylineAccountsError;

#define BYLINE_TYPE_ACCOUNT (byline_account_get_type ())
G_DECLARE_FINAL_TYPE (BylineAccount, byline_account, BYLINE, ACCOUNT, GObject)

GQuark          byline_accounts_error_quark        (void);

const char     *byline_account_get_id              (BylineAccount        *self);
const char     *byline_account_get_name            (BylineAccount        *self);
const char     *byline_account_get_site_url        (BylineAccount        *self);
const char     *byline_account_get_rest_root       (BylineAccount        *self);
const char     *byline_account_get_username        (BylineAccount        *self);
const char     *byline_account_get_site_name       (BylineAccount        *self);
const char     *byline_account_get_user_name       (BylineAccount        *self);
const char     *byline_account_get_roles           (BylineAccount        *self);
gboolean        byline_account_can_manage_categories (BylineAccount      *self);
gboolean        byline_account_get_is_default      (BylineAccount        *self);
gboolean        byline_account_get_meta_supported  (BylineAccount        *self);
BylinePortal   *byline_account_create_portal       (BylineAccount        *self,
                                                    const char           *password);

gboolean        byline_site_url_is_insecure        (const char           *site_url);

GPtrArray      *byline_accounts_list               (BylineStore          *store,
                                                    GError              **error);
BylineAccount  *byline_accounts_lookup             (BylineStore          *store,
                                                    const char           *name_or_id,
                                                    GError              **error);
gboolean        byline_accounts_set_default        (BylineStore          *store,
                                                    BylineAccount        *account,
                                                    GError              **error);
gboolean        byline_accounts_remove             (BylineStore          *store,
                                                    BylineAccount        *account,
                                                    GError              **error);

void            byline_accounts_add_async          (BylineStore          *store,
                                                    const char           *name,
                                                    const char           *site_url,
                                                    const char           *username,
                                                    const char           *password,
                                                    GCancellable         *cancellable,
                                                    GAsyncReadyCallback   callback,
                                                    gpointer              user_data);
BylineAccount  *byline_accounts_add_finish         (BylineStore          *store,
                                                    GAsyncResult         *result,
                                                    GError              **error);

void            byline_account_lookup_password_async  (BylineAccount        *self,
                                                       GCancellable         *cancellable,
                                                       GAsyncReadyCallback   callback,
                                                       gpointer              user_data);
char           *byline_account_lookup_password_finish (BylineAccount        *self,
                                                       GAsyncResult         *result,
                                                       GError              **error);

gboolean        byline_accounts_save_terms         (BylineStore          *store,
                                                    const char           *account_id,
                                                    const char           *taxonomy,
                                                    GPtrArray            *terms,
                                                    GError              **error);
GPtrArray      *byline_accounts_load_terms         (BylineStore          *store,
                                                    const char           *account_id,
                                                    const char           *taxonomy,
                                                    GError              **error);
char          **byline_accounts_dup_term_names     (BylineStore          *store,
                                                    const char           *account_id,
                                                    const char           *taxonomy,
                                                    const char           *prefix,
                                                    guint                 limit);

G_END_DECLS
