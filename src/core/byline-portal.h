/* byline-portal.h: what Byline asks of a portal back end
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define BYLINE_PORTAL_ERROR (byline_portal_error_quark ())

/**
 * BylinePortalError:
 * @BYLINE_PORTAL_ERROR_FAILED: any other failure
 * @BYLINE_PORTAL_ERROR_NETWORK: the portal could not be reached, or the
 *   connection broke before the answer came (retryable; a write may have
 *   been carried out)
 * @BYLINE_PORTAL_ERROR_SERVER: the portal failed (5xx; retryable)
 * @BYLINE_PORTAL_ERROR_RATE_LIMITED: too many requests (429; retryable,
 *   see byline_portal_error_get_retry_after())
 * @BYLINE_PORTAL_ERROR_AUTH: the user name or password was refused
 * @BYLINE_PORTAL_ERROR_FORBIDDEN: the user may not do this
 * @BYLINE_PORTAL_ERROR_INVALID: the portal refused what was sent
 * @BYLINE_PORTAL_ERROR_NOT_FOUND: no such post, term or route
 * @BYLINE_PORTAL_ERROR_MALFORMED: the answer could not be understood
 * @BYLINE_PORTAL_ERROR_TOO_LARGE: the answer was larger than Byline accepts
 * @BYLINE_PORTAL_ERROR_NO_API: no REST API was found at the address
 * @BYLINE_PORTAL_ERROR_TLS: the portal's certificate was not trusted
 * @BYLINE_PORTAL_ERROR_TERM_EXISTS: a term with that name already exists
 *   (see byline_portal_error_get_term_id())
 */
typedef enum
{
  BYLINE_PORTAL_ERROR_FAILED,
  BYLINE_PORTAL_ERROR_NETWORK,
  BYLINE_PORTAL_ERROR_SERVER,
  BYLINE_PORTAL_ERROR_RATE_LIMITED,
  BYLINE_PORTAL_ERROR_AUTH,
  BYLINE_PORTAL_ERROR_FORBIDDEN,
  BYLINE_PORTAL_ERROR_INVALID,
  BYLINE_PORTAL_ERROR_NOT_FOUND,
  BYLINE_PORTAL_ERROR_MALFORMED,
  BYLINE_PORTAL_ERROR_TOO_LARGE,
  BYLINE_PORTAL_ERROR_NO_API,
  BYLINE_PORTAL_ERROR_TLS,
  BYLINE_PORTAL_ERROR_TERM_EXISTS,
} BylinePortalError;

/**
 * BylinePortalSite:
 * @rest_root: where the API answers
 * @site_name: the portal's name
 * @user_name: the display name of the account's user
 * @roles: (array zero-terminated=1): the user's roles
 * @can_manage_terms: whether the user may create categories
 * @meta_supported: whether the portal takes the byline_* post meta
 */
typedef struct
{
  char      *rest_root;
  char      *site_name;
  char      *user_name;
  char     **roles;
  gboolean   can_manage_terms;
  gboolean   meta_supported;
} BylinePortalSite;

/**
 * BylinePortalTerm:
 * @id: the portal's id
 * @name: the name, as shown
 * @slug: the slug
 * @parent: the parent's id, 0 for none (categories only)
 * @count: how many posts use it
 */
typedef struct
{
  gint64  id;
  char   *name;
  char   *slug;
  gint64  parent;
  gint64  count;
} BylinePortalTerm;

/**
 * BylinePortalMedia:
 * @id: the media library id
 * @url: where the file is served
 */
typedef struct
{
  gint64  id;
  char   *url;
} BylinePortalMedia;

/**
 * BylinePortalPost:
 *
 * A post as sent to a portal, or as read back. When sending, fields left
 * %NULL (or 0 for ids, %NULL arrays) are not sent; @status is one of
 * "publish", "draft", "pending", "future" (and "private", "trash" when read).
 * Times are UTC.
 */
typedef struct
{
  gint64      id;
  char       *link;
  char       *status;
  char       *title;
  char       *content;
  char       *excerpt;
  char       *slug;
  GDateTime  *date_gmt;
  GDateTime  *modified_gmt;
  GArray     *categories;
  GArray     *tags;
  gint64      featured_media;
  GHashTable *meta;
} BylinePortalPost;

#define BYLINE_TYPE_PORTAL (byline_portal_get_type ())
G_DECLARE_INTERFACE (BylinePortal, byline_portal, BYLINE, PORTAL, GObject)

struct _BylinePortalInterface
{
  GTypeInterface parent_iface;

  void               (*connect_async)      (BylinePortal         *self,
                                            GCancellable         *cancellable,
                                            GAsyncReadyCallback   callback,
                                            gpointer              user_data);
  BylinePortalSite  *(*connect_finish)     (BylinePortal         *self,
                                            GAsyncResult         *result,
                                            GError              **error);
  void               (*list_terms_async)   (BylinePortal         *self,
                                            const char           *taxonomy,
                                            GCancellable         *cancellable,
                                            GAsyncReadyCallback   callback,
                                            gpointer              user_data);
  GPtrArray         *(*list_terms_finish)  (BylinePortal         *self,
                                            GAsyncResult         *result,
                                            GError              **error);
  void               (*create_term_async)  (BylinePortal         *self,
                                            const char           *taxonomy,
                                            const char           *name,
                                            gint64                parent,
                                            GCancellable         *cancellable,
                                            GAsyncReadyCallback   callback,
                                            gpointer              user_data);
  BylinePortalTerm  *(*create_term_finish) (BylinePortal         *self,
                                            GAsyncResult         *result,
                                            GError              **error);
  void               (*upload_media_async) (BylinePortal         *self,
                                            GBytes               *contents,
                                            const char           *content_type,
                                            const char           *filename,
                                            GCancellable         *cancellable,
                                            GAsyncReadyCallback   callback,
                                            gpointer              user_data);
  BylinePortalMedia *(*upload_media_finish)(BylinePortal         *self,
                                            GAsyncResult         *result,
                                            GError              **error);
  void               (*save_post_async)    (BylinePortal         *self,
                                            const BylinePortalPost *post,
                                            GCancellable         *cancellable,
                                            GAsyncReadyCallback   callback,
                                            gpointer              user_data);
  BylinePortalPost  *(*save_post_finish)   (BylinePortal         *self,
                                            GAsyncResult         *result,
                                            GError              **error);
  void               (*fetch_post_async)   (BylinePortal         *self,
                                            gint64                id,
                                            GCancellable         *cancellable,
                                            GAsyncReadyCallback   callback,
                                            gpointer              user_data);
  BylinePortalPost  *(*fetch_post_finish)  (BylinePortal         *self,
                                            GAsyncResult         *result,
                                            GError              **error);
  void               (*list_posts_async)   (BylinePortal         *self,
                                            const char           *search,
                                            GDateTime            *after,
                                            guint                 limit,
                                            GCancellable         *cancellable,
                                            GAsyncReadyCallback   callback,
                                            gpointer              user_data);
  GPtrArray         *(*list_posts_finish)  (BylinePortal         *self,
                                            GAsyncResult         *result,
                                            GError              **error);
  void               (*find_media_async)   (BylinePortal         *self,
                                            const char           *name_part,
                                            GCancellable         *cancellable,
                                            GAsyncReadyCallback   callback,
                                            gpointer              user_data);
  GPtrArray         *(*find_media_finish)  (BylinePortal         *self,
                                            GAsyncResult         *result,
                                            GError              **error);
};

GQuark             byline_portal_error_quark             (void);
int                byline_portal_error_get_retry_after   (const GError *error);
const char        *byline_portal_error_get_remote_code   (const GError *error);
gint64             byline_portal_error_get_term_id       (const GError *error);
gboolean           byline_portal_error_is_retryable      (const GError *error);
void               byline_portal_set_error               (GError      **error,
                                                          BylinePortalError code,
                                                          const char   *remote_code,
                                                          int           retry_after,
                                                          gint64        term_id,
                                                          const char   *message);

void               byline_portal_connect_async           (BylinePortal         *self,
                                                          GCancellable         *cancellable,
                                                          GAsyncReadyCallback   callback,
                                                          gpointer              user_data);
BylinePortalSite  *byline_portal_connect_finish          (BylinePortal         *self,
                                                          GAsyncResult         *result,
                                                          GError              **error);
void               byline_portal_list_terms_async        (BylinePortal         *self,
                                                          const char           *taxonomy,
                                                          GCancellable         *cancellable,
                                                          GAsyncReadyCallback   callback,
                                                          gpointer              user_data);
GPtrArray         *byline_portal_list_terms_finish       (BylinePortal         *self,
                                                          GAsyncResult         *result,
                                                          GError              **error);
void               byline_portal_create_term_async       (BylinePortal         *self,
                                                          const char           *taxonomy,
                                                          const char           *name,
                                                          gint64                parent,
                                                          GCancellable         *cancellable,
                                                          GAsyncReadyCallback   callback,
                                                          gpointer              user_data);
BylinePortalTerm  *byline_portal_create_term_finish      (BylinePortal         *self,
                                                          GAsyncResult         *result,
                                                          GError              **error);
void               byline_portal_upload_media_async      (BylinePortal         *self,
                                                          GBytes               *contents,
                                                          const char           *content_type,
                                                          const char           *filename,
                                                          GCancellable         *cancellable,
                                                          GAsyncReadyCallback   callback,
                                                          gpointer              user_data);
BylinePortalMedia *byline_portal_upload_media_finish     (BylinePortal         *self,
                                                          GAsyncResult         *result,
                                                          GError              **error);
void               byline_portal_save_post_async         (BylinePortal         *self,
                                                          const BylinePortalPost *post,
                                                          GCancellable         *cancellable,
                                                          GAsyncReadyCallback   callback,
                                                          gpointer              user_data);
BylinePortalPost  *byline_portal_save_post_finish        (BylinePortal         *self,
                                                          GAsyncResult         *result,
                                                          GError              **error);
void               byline_portal_fetch_post_async        (BylinePortal         *self,
                                                          gint64                id,
                                                          GCancellable         *cancellable,
                                                          GAsyncReadyCallback   callback,
                                                          gpointer              user_data);
BylinePortalPost  *byline_portal_fetch_post_finish       (BylinePortal         *self,
                                                          GAsyncResult         *result,
                                                          GError              **error);
void               byline_portal_list_posts_async        (BylinePortal         *self,
                                                          const char           *search,
                                                          GDateTime            *after,
                                                          guint                 limit,
                                                          GCancellable         *cancellable,
                                                          GAsyncReadyCallback   callback,
                                                          gpointer              user_data);
GPtrArray         *byline_portal_list_posts_finish       (BylinePortal         *self,
                                                          GAsyncResult         *result,
                                                          GError              **error);

void               byline_portal_find_media_async        (BylinePortal         *self,
                                                          const char           *name_part,
                                                          GCancellable         *cancellable,
                                                          GAsyncReadyCallback   callback,
                                                          gpointer              user_data);
GPtrArray         *byline_portal_find_media_finish       (BylinePortal         *self,
                                                          GAsyncResult         *result,
                                                          GError              **error);

void               byline_portal_site_free               (BylinePortalSite  *site);
void               byline_portal_term_free               (BylinePortalTerm  *term);
void               byline_portal_media_free              (BylinePortalMedia *media);
BylinePortalPost  *byline_portal_post_new                (void);
void               byline_portal_post_free               (BylinePortalPost  *post);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BylinePortalSite, byline_portal_site_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BylinePortalTerm, byline_portal_term_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BylinePortalMedia, byline_portal_media_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BylinePortalPost, byline_portal_post_free)

G_END_DECLS
