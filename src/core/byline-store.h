/* byline-store.h: the local drafts store (SQLite, WAL, FTS5 trigram)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "byline-types.h"

G_BEGIN_DECLS

#define BYLINE_STORE_MAX_REVISIONS 50
#define BYLINE_STORE_SCHEMA_VERSION 3
/* A draft saved again and again (the editor typing) is re-indexed for
 * search at most this often, and when another draft is saved; its searches
 * stay exact meanwhile (byline_store_search_ids()). */
#define BYLINE_STORE_INDEX_DELAY_S 60
/* A search lists at most this many drafts: the most recently created that
 * match, newest update first. */
#define BYLINE_STORE_SEARCH_LIMIT 2000

/* Signals (emitted in the main context the store was opened in, also for
 * saves made with byline_store_save_async() on a worker thread):
 *   "draft-saved"   (BylineStore *store, const char *id, gpointer user_data)
 *   "draft-deleted" (BylineStore *store, const char *id, gpointer user_data)
 *     also emitted, as "draft-saved", by byline_store_undelete().
 * A save of an article whose content equals the stored one writes nothing
 * and emits nothing. */

#define BYLINE_TYPE_STORE (byline_store_get_type ())
G_DECLARE_FINAL_TYPE (BylineStore, byline_store, BYLINE, STORE, GObject)

#define BYLINE_STORE_ERROR (byline_store_error_quark ())

typedef enum
{
  BYLINE_STORE_ERROR_FAILED,
  BYLINE_STORE_ERROR_NOT_FOUND,
  BYLINE_STORE_ERROR_CORRUPT,
  BYLINE_STORE_ERROR_READ_ONLY,
  BYLINE_STORE_ERROR_NO_SPACE,
  BYLINE_STORE_ERROR_NEWER_SCHEMA,
} BylineStoreError;

/**
 * BylineRememberedKind:
 * @BYLINE_REMEMBERED_AUTHOR: 常用作者
 * @BYLINE_REMEMBERED_SOURCE: 常用来源
 */
typedef enum
{
  BYLINE_REMEMBERED_AUTHOR,
  BYLINE_REMEMBERED_SOURCE,
} BylineRememberedKind;

GQuark         byline_store_error_quark          (void);

char          *byline_store_dup_default_dir      (void);
BylineStore   *byline_store_open                 (const char           *dir,
                                                  GError              **error);
const char    *byline_store_get_path             (BylineStore          *self);
gboolean       byline_store_is_read_only         (BylineStore          *self);
const char    *byline_store_get_recovered_from   (BylineStore          *self);
const char    *byline_store_get_moved_aside_to   (BylineStore          *self);

gboolean       byline_store_save                 (BylineStore          *self,
                                                  BylineArticle        *article,
                                                  GError              **error);
void           byline_store_save_async           (BylineStore          *self,
                                                  BylineArticle        *article,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
gboolean       byline_store_save_finish          (BylineStore          *self,
                                                  GAsyncResult         *result,
                                                  GError              **error);
BylineArticle *byline_store_load                 (BylineStore          *self,
                                                  const char           *id,
                                                  GError              **error);
gboolean       byline_store_delete               (BylineStore          *self,
                                                  const char           *id,
                                                  GError              **error);
gboolean       byline_store_undelete             (BylineStore          *self,
                                                  const char           *id,
                                                  GError              **error);
guint          byline_store_purge_deleted        (BylineStore          *self,
                                                  GError              **error);
gboolean       byline_store_update_index         (BylineStore          *self,
                                                  GError              **error);
gint64         byline_store_count                (BylineStore          *self);
char          *byline_store_dup_latest_id        (BylineStore          *self);
GPtrArray     *byline_store_search_ids           (BylineStore          *self,
                                                  const char           *text,
                                                  guint                 limit,
                                                  GError              **error);

GPtrArray     *byline_store_list_revisions       (BylineStore          *self,
                                                  const char           *id,
                                                  GError              **error);
BylineArticle *byline_store_load_revision        (BylineStore          *self,
                                                  const char           *id,
                                                  gint64                revision,
                                                  GError              **error);

void           byline_store_remember             (BylineStore          *self,
                                                  BylineRememberedKind  kind,
                                                  const char           *value);
char         **byline_store_dup_remembered       (BylineStore          *self,
                                                  BylineRememberedKind  kind,
                                                  const char           *prefix,
                                                  guint                 limit);

BylineDraftList *byline_store_list_drafts        (BylineStore          *self,
                                                  const char           *search,
                                                  int                   state);

G_END_DECLS
