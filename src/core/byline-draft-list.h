/* byline-draft-list.h: a lazily loaded GListModel of drafts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "byline-types.h"

G_BEGIN_DECLS

#define BYLINE_TYPE_DRAFT_SUMMARY (byline_draft_summary_get_type ())
G_DECLARE_FINAL_TYPE (BylineDraftSummary, byline_draft_summary, BYLINE, DRAFT_SUMMARY, GObject)

const char         *byline_draft_summary_get_id      (BylineDraftSummary *self);
const char         *byline_draft_summary_get_title   (BylineDraftSummary *self);
const char         *byline_draft_summary_get_source  (BylineDraftSummary *self);
BylineArticleState  byline_draft_summary_get_state   (BylineDraftSummary *self);
GDateTime          *byline_draft_summary_get_updated (BylineDraftSummary *self);
const char         *byline_draft_summary_get_failure_reason (BylineDraftSummary *self);

#define BYLINE_TYPE_DRAFT_LIST (byline_draft_list_get_type ())
G_DECLARE_FINAL_TYPE (BylineDraftList, byline_draft_list, BYLINE, DRAFT_LIST, GObject)

/* Items are BylineDraftSummary, newest update first. Only the positions a
 * view asks for are read from the store, a page at a time. search: NULL or
 * "" for all; state: -1 for any, else a BylineArticleState. */
BylineDraftList    *byline_draft_list_new            (BylineStore        *store,
                                                      const char         *search,
                                                      int                 state);
const char         *byline_draft_list_get_search     (BylineDraftList    *self);
void                byline_draft_list_set_search     (BylineDraftList    *self,
                                                      const char         *search);
int                 byline_draft_list_get_state      (BylineDraftList    *self);
void                byline_draft_list_set_state      (BylineDraftList    *self,
                                                      int                 state);
int                 byline_draft_list_find           (BylineDraftList    *self,
                                                      const char         *id);
void                byline_draft_list_reload         (BylineDraftList    *self);
gboolean            byline_draft_list_get_truncated  (BylineDraftList    *self);

G_END_DECLS
