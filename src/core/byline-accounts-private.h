/* byline-accounts-private.h: the accounts' tables, for core code that
 * writes them on the store's writer thread (see byline_store_write_async())
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <sqlite3.h>

#include "byline-accounts.h"

G_BEGIN_DECLS

/* Both run holding the store's lock, inside a transaction of the caller's. */
gboolean byline_accounts_write_terms (sqlite3                *db,
                                      const char             *account_id,
                                      const char             *taxonomy,
                                      GPtrArray              *terms,
                                      GError                **error);
gboolean byline_accounts_write_term  (sqlite3                *db,
                                      const char             *account_id,
                                      const char             *taxonomy,
                                      const BylinePortalTerm *term,
                                      GError                **error);

G_END_DECLS
