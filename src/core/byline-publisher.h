/* byline-publisher.h: one click, from draft to post, exactly once
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "byline-accounts.h"
#include "byline-article.h"
#include "byline-portal.h"
#include "byline-store.h"

G_BEGIN_DECLS

#define BYLINE_PUBLISH_ERROR (byline_publish_error_quark ())

/**
 * BylinePublishError:
 * @BYLINE_PUBLISH_ERROR_INVALID: the article has problems to fix first
 *   (the message lists them all, one a line); nothing was sent
 * @BYLINE_PUBLISH_ERROR_DUPLICATE: the portal has a post with the same
 *   title from the last 30 days; publish again with
 *   %BYLINE_PUBLISH_FLAGS_ALLOW_DUPLICATE once the editor confirms
 * @BYLINE_PUBLISH_ERROR_CONFLICT: the post was changed on the portal since
 *   Byline last saw it; nothing was written
 * @BYLINE_PUBLISH_ERROR_QUEUED: the portal could not be reached or was busy;
 *   the draft waits in the outbox (state Queued)
 * @BYLINE_PUBLISH_ERROR_FAILED: the portal refused; the draft's state is
 *   Failed with the reason
 * @BYLINE_PUBLISH_ERROR_BUSY: this process is publishing the same draft
 *   already (the window and the outbox, say); nothing was sent or written,
 *   and the publish under way records the outcome
 */
typedef enum
{
  BYLINE_PUBLISH_ERROR_INVALID,
  BYLINE_PUBLISH_ERROR_DUPLICATE,
  BYLINE_PUBLISH_ERROR_CONFLICT,
  BYLINE_PUBLISH_ERROR_QUEUED,
  BYLINE_PUBLISH_ERROR_FAILED,
  BYLINE_PUBLISH_ERROR_BUSY,
} BylinePublishError;

typedef enum
{
  BYLINE_PUBLISH_FLAGS_NONE            = 0,
  BYLINE_PUBLISH_FLAGS_ALLOW_DUPLICATE = 1 << 0,
  BYLINE_PUBLISH_FLAGS_OVERWRITE       = 1 << 1,
} BylinePublishFlags;

/* Uploads that run side by side. */
#define BYLINE_PUBLISHER_PARALLEL_UPLOADS 3

#define BYLINE_TYPE_PUBLISHER (byline_publisher_get_type ())
G_DECLARE_FINAL_TYPE (BylinePublisher, byline_publisher, BYLINE, PUBLISHER, GObject)

GQuark           byline_publish_error_quark          (void);

BylinePublisher *byline_publisher_new                (BylineStore         *store,
                                                      BylineAccount       *account,
                                                      BylinePortal        *portal);
const char      *byline_publisher_get_disclaimer     (BylinePublisher     *self);
void             byline_publisher_set_disclaimer     (BylinePublisher     *self,
                                                      const char          *disclaimer);
double           byline_publisher_get_progress       (BylinePublisher     *self);

void             byline_publisher_publish_async      (BylinePublisher     *self,
                                                      BylineArticle       *article,
                                                      BylinePublishFlags   flags,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
BylineArticle   *byline_publisher_publish_finish     (BylinePublisher     *self,
                                                      GAsyncResult        *result,
                                                      GError             **error);

void             byline_publisher_refresh_terms_async  (BylinePublisher     *self,
                                                        const char          *taxonomy,
                                                        GCancellable        *cancellable,
                                                        GAsyncReadyCallback  callback,
                                                        gpointer             user_data);
GPtrArray       *byline_publisher_refresh_terms_finish (BylinePublisher     *self,
                                                        GAsyncResult        *result,
                                                        GError             **error);

void             byline_publisher_create_category_async  (BylinePublisher     *self,
                                                          const char          *name,
                                                          gint64               parent,
                                                          GCancellable        *cancellable,
                                                          GAsyncReadyCallback  callback,
                                                          gpointer             user_data);
BylinePortalTerm *byline_publisher_create_category_finish (BylinePublisher     *self,
                                                          GAsyncResult        *result,
                                                          GError             **error);

gint64           byline_outbox_get_next_attempt      (BylineStore         *store,
                                                      const char          *draft_id,
                                                      int                 *attempts);

G_END_DECLS
