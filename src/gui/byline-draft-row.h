/* byline-draft-row.h: one draft in the drafts list
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "byline.h"

G_BEGIN_DECLS

#define BYLINE_TYPE_DRAFT_ROW (byline_draft_row_get_type ())
G_DECLARE_FINAL_TYPE (BylineDraftRow, byline_draft_row, BYLINE, DRAFT_ROW, GtkWidget)

GtkWidget          *byline_draft_row_new         (void);
BylineDraftSummary *byline_draft_row_get_summary (BylineDraftRow     *self);
void                byline_draft_row_set_summary (BylineDraftRow     *self,
                                                  BylineDraftSummary *summary);

G_END_DECLS
