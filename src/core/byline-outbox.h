/* byline-outbox.h: queued publishes, sent again later
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "byline-types.h"

G_BEGIN_DECLS

/* Signals, emitted in the main context the outbox was started in:
 *   "published" (BylineOutbox *outbox, const char *draft_id, const char *link,
 *                BylineArticle *article)
 *     the draft as recorded, once it is on disk: a window showing it takes
 *     the post's id, link and state from @article (a save of the window's
 *     own copy may have landed since, without them)
 *   "failed"    (BylineOutbox *outbox, const char *draft_id, const char *reason)
 *     a retry the editor must look at (the draft's state is Failed); a retry
 *     that is queued again emits nothing. */

#define BYLINE_TYPE_OUTBOX (byline_outbox_get_type ())
G_DECLARE_FINAL_TYPE (BylineOutbox, byline_outbox, BYLINE, OUTBOX, GObject)

BylineOutbox *byline_outbox_new             (BylineStore  *store);
const char   *byline_outbox_get_disclaimer  (BylineOutbox *self);
void          byline_outbox_set_disclaimer  (BylineOutbox *self,
                                             const char   *disclaimer);
void          byline_outbox_start           (BylineOutbox *self);
void          byline_outbox_stop            (BylineOutbox *self);
void          byline_outbox_retry_now       (BylineOutbox *self);
guint         byline_outbox_count           (BylineStore  *store);

G_END_DECLS
