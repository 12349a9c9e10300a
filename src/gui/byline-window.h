/* byline-window.h: the main window: the drafts list beside the editor
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "byline.h"

G_BEGIN_DECLS

#define BYLINE_TYPE_WINDOW (byline_window_get_type ())
G_DECLARE_FINAL_TYPE (BylineWindow, byline_window, BYLINE, WINDOW, AdwApplicationWindow)

BylineWindow  *byline_window_new          (GtkApplication *application,
                                           BylineStore    *store);
BylineStore   *byline_window_get_store    (BylineWindow   *self);
BylineArticle *byline_window_get_article  (BylineWindow   *self);
gboolean       byline_window_has_unsaved  (BylineWindow   *self);
void           byline_window_open_draft   (BylineWindow   *self,
                                           const char     *id);
void           byline_window_new_draft    (BylineWindow   *self);
void           byline_window_set_outbox   (BylineWindow   *self,
                                           BylineOutbox   *outbox);

G_END_DECLS
