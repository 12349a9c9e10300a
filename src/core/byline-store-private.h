/* byline-store-private.h: for core code that keeps its own tables in the
 * drafts database (accounts, the portal's terms, uploaded media, outbox).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <sqlite3.h>

#include "byline-store.h"

G_BEGIN_DECLS

/* The write connection may be used from any thread, only between
 * byline_store_lock() and byline_store_unlock(). Wrap writes in
 * BEGIN IMMEDIATE … COMMIT. The read connection belongs to the thread that
 * opened the store (the main thread in the window). */
sqlite3  *byline_store_get_write_db   (BylineStore *self);
sqlite3  *byline_store_get_read_db    (BylineStore *self);
void      byline_store_lock           (BylineStore *self);
void      byline_store_unlock         (BylineStore *self);
/* Turns the connection's last error into a GError of BYLINE_STORE_ERROR
 * (full disk, read-only, corrupt each get their own code and sentence). */
void      byline_store_set_error      (GError     **error,
                                       sqlite3     *db,
                                       int          rc);

/* Runs on the store's writer thread, holding the lock, inside a transaction
 * (no BEGIN or COMMIT of its own). @article (nullable) is the draft to
 * change; it is saved after the transaction. Returns %FALSE with @error set
 * to roll the transaction back. */
typedef gboolean (*BylineStoreWriteFunc) (BylineStore    *store,
                                          sqlite3        *db,
                                          BylineArticle  *article,
                                          gpointer        data,
                                          GError        **error);

void      byline_store_write_async    (BylineStore           *self,
                                       const char            *draft_id,
                                       BylineArticle         *fallback,
                                       BylineStoreWriteFunc   func,
                                       gpointer               data,
                                       GDestroyNotify         destroy,
                                       GAsyncReadyCallback    callback,
                                       gpointer               user_data);
gboolean  byline_store_write_finish   (BylineStore           *self,
                                       GAsyncResult          *result,
                                       BylineArticle        **article,
                                       GError               **error);

/* The row ids of the drafts that match (search: NULL or "" for all; state:
 * -1 for any), newest update first. For BylineDraftList. A search keeps the
 * BYLINE_STORE_SEARCH_LIMIT newest-created matches; truncated (optional) says
 * whether it had to leave older ones out. */
GArray   *byline_store_query_rowids   (BylineStore *self,
                                       const char  *search,
                                       int          state,
                                       gboolean    *truncated,
                                       GError     **error);

/* The next @limit row ids of the whole list (no search, any state) after
 * the draft (@after_updated, @after_rowid), newest update first, appended
 * to @rowids; @after_rowid 0 starts at the top. @last_updated (optional)
 * gets the last one's update time, to ask for the page after it. For
 * BylineDraftList, which reads the first screen before the rest. */
gboolean  byline_store_query_rowids_after (BylineStore  *self,
                                           gint64        after_updated,
                                           gint64        after_rowid,
                                           guint         limit,
                                           GArray       *rowids,
                                           gint64       *last_updated,
                                           GError      **error);

G_END_DECLS
