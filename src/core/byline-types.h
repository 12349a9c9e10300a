/* byline-types.h: forward declarations for libbyline
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef struct _BylineArticle      BylineArticle;
typedef struct _BylineDraftList    BylineDraftList;
typedef struct _BylineDraftSummary BylineDraftSummary;
typedef struct _BylineStore        BylineStore;

/**
 * BylineArticleState:
 * @BYLINE_ARTICLE_STATE_DRAFT: being written
 * @BYLINE_ARTICLE_STATE_READY: checked by the editor, ready to publish
 * @BYLINE_ARTICLE_STATE_QUEUED: waiting in the outbox for the portal
 * @BYLINE_ARTICLE_STATE_PUBLISHED: on the portal
 * @BYLINE_ARTICLE_STATE_FAILED: the last publish failed (see the failure reason)
 */
typedef enum
{
  BYLINE_ARTICLE_STATE_DRAFT,
  BYLINE_ARTICLE_STATE_READY,
  BYLINE_ARTICLE_STATE_QUEUED,
  BYLINE_ARTICLE_STATE_PUBLISHED,
  BYLINE_ARTICLE_STATE_FAILED,
} BylineArticleState;

#define BYLINE_ARTICLE_N_STATES (BYLINE_ARTICLE_STATE_FAILED + 1)

/**
 * BylinePublishMode:
 * @BYLINE_PUBLISH_MODE_NOW: publish at once
 * @BYLINE_PUBLISH_MODE_DRAFT: keep as a draft on the portal
 * @BYLINE_PUBLISH_MODE_PENDING: submit for review
 * @BYLINE_PUBLISH_MODE_SCHEDULED: publish at the article's publish time
 */
typedef enum
{
  BYLINE_PUBLISH_MODE_NOW,
  BYLINE_PUBLISH_MODE_DRAFT,
  BYLINE_PUBLISH_MODE_PENDING,
  BYLINE_PUBLISH_MODE_SCHEDULED,
} BylinePublishMode;

G_END_DECLS
