/* byline-portal.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "byline-portal.h"

typedef struct
{
  char   *remote_code;
  int     retry_after;
  gint64  term_id;
} BylinePortalErrorPrivate;

static void
byline_portal_error_private_init (BylinePortalErrorPrivate *priv)
{
  priv->remote_code = NULL;
  priv->retry_after = -1;
  priv->term_id = 0;
}

static void
byline_portal_error_private_copy (const BylinePortalErrorPrivate *src,
                                  BylinePortalErrorPrivate       *dest)
{
  dest->remote_code = g_strdup (src->remote_code);
  dest->retry_after = src->retry_after;
  dest->term_id = src->term_id;
}

static void
byline_portal_error_private_clear (BylinePortalErrorPrivate *priv)
{
  g_clear_pointer (&priv->remote_code, g_free);
}

/* An extended error domain: the publisher needs Retry-After and the term id
 * of term_exists next to the sentence the editor reads. */
G_DEFINE_EXTENDED_ERROR (BylinePortalError, byline_portal_error)

G_DEFINE_INTERFACE (BylinePortal, byline_portal, G_TYPE_OBJECT)

static void
byline_portal_default_init (BylinePortalInterface *iface)
{
}

/**
 * byline_portal_set_error:
 * @error: where to put the error
 * @code: the code
 * @remote_code: (nullable): the portal's own code, such as "rest_invalid_param"
 * @retry_after: seconds to wait before trying again, or -1
 * @term_id: the existing term's id for %BYLINE_PORTAL_ERROR_TERM_EXISTS, or 0
 * @message: a translated sentence
 *
 * Sets a portal error with its details.
 */
void
byline_portal_set_error (GError            **error,
                         BylinePortalError   code,
                         const char         *remote_code,
                         int                 retry_after,
                         gint64              term_id,
                         const char         *message)
{
  GError *err;
  BylinePortalErrorPrivate *priv;

  if (error == NULL)
    return;

  err = g_error_new_literal (BYLINE_PORTAL_ERROR, code, message);
  priv = byline_portal_error_get_private (err);
  priv->remote_code = g_strdup (remote_code);
  priv->retry_after = retry_after;
  priv->term_id = term_id;
  g_propagate_error (error, err);
}

/**
 * byline_portal_error_get_retry_after:
 * @error: a #BYLINE_PORTAL_ERROR
 *
 * Returns: the seconds the portal asked to wait (Retry-After), or -1
 */
int
byline_portal_error_get_retry_after (const GError *error)
{
  BylinePortalErrorPrivate *priv;

  if (error == NULL || error->domain != BYLINE_PORTAL_ERROR)
    return -1;
  priv = byline_portal_error_get_private (error);
  return priv != NULL ? priv->retry_after : -1;
}

/**
 * byline_portal_error_get_remote_code:
 * @error: a #BYLINE_PORTAL_ERROR
 *
 * Returns: (nullable): the portal's own error code
 */
const char *
byline_portal_error_get_remote_code (const GError *error)
{
  BylinePortalErrorPrivate *priv;

  if (error == NULL || error->domain != BYLINE_PORTAL_ERROR)
    return NULL;
  priv = byline_portal_error_get_private (error);
  return priv != NULL ? priv->remote_code : NULL;
}

/**
 * byline_portal_error_get_term_id:
 * @error: a #BYLINE_PORTAL_ERROR
 *
 * Returns: the id of the term that already exists, or 0
 */
gint64
byline_portal_error_get_term_id (const GError *error)
{
  BylinePortalErrorPrivate *priv;

  if (error == NULL || error->domain != BYLINE_PORTAL_ERROR)
    return 0;
  priv = byline_portal_error_get_private (error);
  return priv != NULL ? priv->term_id : 0;
}

/**
 * byline_portal_error_is_retryable:
 * @error: an error from a portal
 *
 * Returns: whether trying the same request later may succeed
 */
gboolean
byline_portal_error_is_retryable (const GError *error)
{
  if (error == NULL || error->domain != BYLINE_PORTAL_ERROR)
    return FALSE;

  switch ((BylinePortalError) error->code)
    {
    case BYLINE_PORTAL_ERROR_NETWORK:
    case BYLINE_PORTAL_ERROR_SERVER:
    case BYLINE_PORTAL_ERROR_RATE_LIMITED:
      return TRUE;
    case BYLINE_PORTAL_ERROR_FAILED:
    case BYLINE_PORTAL_ERROR_AUTH:
    case BYLINE_PORTAL_ERROR_FORBIDDEN:
    case BYLINE_PORTAL_ERROR_INVALID:
    case BYLINE_PORTAL_ERROR_NOT_FOUND:
    case BYLINE_PORTAL_ERROR_MALFORMED:
    case BYLINE_PORTAL_ERROR_TOO_LARGE:
    case BYLINE_PORTAL_ERROR_NO_API:
    case BYLINE_PORTAL_ERROR_TLS:
    case BYLINE_PORTAL_ERROR_TERM_EXISTS:
    default:
      return FALSE;
    }
}

#define CALL_ASYNC(name, ...) \
  G_STMT_START { \
    g_return_if_fail (BYLINE_IS_PORTAL (self)); \
    g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable)); \
    BYLINE_PORTAL_GET_IFACE (self)->name (self, __VA_ARGS__); \
  } G_STMT_END

#define CALL_FINISH(name) \
  G_STMT_START { \
    g_return_val_if_fail (BYLINE_IS_PORTAL (self), NULL); \
    g_return_val_if_fail (G_IS_ASYNC_RESULT (result), NULL); \
    g_return_val_if_fail (error == NULL || *error == NULL, NULL); \
    return BYLINE_PORTAL_GET_IFACE (self)->name (self, result, error); \
  } G_STMT_END

/**
 * byline_portal_connect_async:
 * @self: a portal
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: for @callback
 *
 * Finds the portal's API and checks the account's credentials.
 */
void
byline_portal_connect_async (BylinePortal        *self,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  CALL_ASYNC (connect_async, cancellable, callback, user_data);
}

/**
 * byline_portal_connect_finish:
 *
 * Returns: (transfer full): what was found about the site and the user
 */
BylinePortalSite *
byline_portal_connect_finish (BylinePortal  *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  CALL_FINISH (connect_finish);
}

/**
 * byline_portal_list_terms_async:
 * @taxonomy: "categories" or "tags"
 *
 * Lists every term of @taxonomy, all pages.
 */
void
byline_portal_list_terms_async (BylinePortal        *self,
                                const char          *taxonomy,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_return_if_fail (taxonomy != NULL);
  CALL_ASYNC (list_terms_async, taxonomy, cancellable, callback, user_data);
}

/**
 * byline_portal_list_terms_finish:
 *
 * Returns: (transfer container) (element-type BylinePortalTerm): the terms
 */
GPtrArray *
byline_portal_list_terms_finish (BylinePortal  *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  CALL_FINISH (list_terms_finish);
}

/**
 * byline_portal_create_term_async:
 * @taxonomy: "categories" or "tags"
 * @name: the new term's name
 * @parent: the parent category, or 0
 *
 * Creates a term; when one of that name exists already, it is returned.
 */
void
byline_portal_create_term_async (BylinePortal        *self,
                                 const char          *taxonomy,
                                 const char          *name,
                                 gint64               parent,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_return_if_fail (taxonomy != NULL);
  g_return_if_fail (name != NULL);
  CALL_ASYNC (create_term_async, taxonomy, name, parent, cancellable, callback, user_data);
}

/**
 * byline_portal_create_term_finish:
 *
 * Returns: (transfer full): the term
 */
BylinePortalTerm *
byline_portal_create_term_finish (BylinePortal  *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  CALL_FINISH (create_term_finish);
}

/**
 * byline_portal_upload_media_async:
 * @contents: the file's bytes
 * @content_type: its MIME type
 * @filename: the name it gets on the portal
 *
 * Uploads a file to the portal's media library.
 */
void
byline_portal_upload_media_async (BylinePortal        *self,
                                  GBytes              *contents,
                                  const char          *content_type,
                                  const char          *filename,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_return_if_fail (contents != NULL);
  g_return_if_fail (content_type != NULL);
  g_return_if_fail (filename != NULL);
  CALL_ASYNC (upload_media_async, contents, content_type, filename, cancellable, callback,
              user_data);
}

/**
 * byline_portal_upload_media_finish:
 *
 * Returns: (transfer full): the uploaded file's id and address
 */
BylinePortalMedia *
byline_portal_upload_media_finish (BylinePortal  *self,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  CALL_FINISH (upload_media_finish);
}

/**
 * byline_portal_save_post_async:
 * @post: what to send; a new post when its id is 0, else an update
 *
 * Creates or updates a post. The answer is checked against what was sent:
 * a category or featured image the portal dropped is an error.
 */
void
byline_portal_save_post_async (BylinePortal           *self,
                               const BylinePortalPost *post,
                               GCancellable           *cancellable,
                               GAsyncReadyCallback     callback,
                               gpointer                user_data)
{
  g_return_if_fail (post != NULL);
  CALL_ASYNC (save_post_async, post, cancellable, callback, user_data);
}

/**
 * byline_portal_save_post_finish:
 *
 * Returns: (transfer full): the post as the portal keeps it
 */
BylinePortalPost *
byline_portal_save_post_finish (BylinePortal  *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  CALL_FINISH (save_post_finish);
}

/**
 * byline_portal_fetch_post_async:
 * @id: the post's id
 *
 * Reads one post, raw content included.
 */
void
byline_portal_fetch_post_async (BylinePortal        *self,
                                gint64               id,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_return_if_fail (id > 0);
  CALL_ASYNC (fetch_post_async, id, cancellable, callback, user_data);
}

/**
 * byline_portal_fetch_post_finish:
 *
 * Returns: (transfer full): the post
 */
BylinePortalPost *
byline_portal_fetch_post_finish (BylinePortal  *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  CALL_FINISH (fetch_post_finish);
}

/**
 * byline_portal_list_posts_async:
 * @search: (nullable): text to search for in any post, whatever its status
 * @after: (nullable): only posts dated after this
 * @limit: at most this many (up to 100)
 *
 * Lists or searches posts, newest first, raw content included.
 */
void
byline_portal_list_posts_async (BylinePortal        *self,
                                const char          *search,
                                GDateTime           *after,
                                guint                limit,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  CALL_ASYNC (list_posts_async, search, after, limit, cancellable, callback, user_data);
}

/**
 * byline_portal_list_posts_finish:
 *
 * Returns: (transfer container) (element-type BylinePortalPost): the posts
 */
GPtrArray *
byline_portal_list_posts_finish (BylinePortal  *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  CALL_FINISH (list_posts_finish);
}

/**
 * byline_portal_find_media_async:
 * @name_part: text the uploaded file's name holds
 *
 * Finds files in the media library by a part of their name, such as the
 * content hash the publisher puts in every name, so that an upload whose
 * answer was lost is found rather than sent again.
 */
void
byline_portal_find_media_async (BylinePortal        *self,
                                const char          *name_part,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  CALL_ASYNC (find_media_async, name_part, cancellable, callback, user_data);
}

/**
 * byline_portal_find_media_finish:
 *
 * Returns: (transfer container) (element-type BylinePortalMedia): the files
 *   whose address holds the name part
 */
GPtrArray *
byline_portal_find_media_finish (BylinePortal  *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  CALL_FINISH (find_media_finish);
}

void
byline_portal_site_free (BylinePortalSite *site)
{
  if (site == NULL)
    return;
  g_free (site->rest_root);
  g_free (site->site_name);
  g_free (site->user_name);
  g_strfreev (site->roles);
  g_free (site);
}

void
byline_portal_term_free (BylinePortalTerm *term)
{
  if (term == NULL)
    return;
  g_free (term->name);
  g_free (term->slug);
  g_free (term);
}

void
byline_portal_media_free (BylinePortalMedia *media)
{
  if (media == NULL)
    return;
  g_free (media->url);
  g_free (media);
}

/**
 * byline_portal_post_new:
 *
 * Returns: (transfer full): an empty post, all fields unset
 */
BylinePortalPost *
byline_portal_post_new (void)
{
  return g_new0 (BylinePortalPost, 1);
}

void
byline_portal_post_free (BylinePortalPost *post)
{
  if (post == NULL)
    return;
  g_free (post->link);
  g_free (post->status);
  g_free (post->title);
  g_free (post->content);
  g_free (post->excerpt);
  g_free (post->slug);
  g_clear_pointer (&post->date_gmt, g_date_time_unref);
  g_clear_pointer (&post->modified_gmt, g_date_time_unref);
  g_clear_pointer (&post->categories, g_array_unref);
  g_clear_pointer (&post->tags, g_array_unref);
  g_clear_pointer (&post->meta, g_hash_table_unref);
  g_free (post);
}
