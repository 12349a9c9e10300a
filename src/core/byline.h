/* byline.h: libbyline, everything Byline does without a display
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "byline-types.h"
#include "byline-accounts.h"
#include "byline-article.h"
#include "byline-draft-list.h"
#include "byline-encoding.h"
#include "byline-ingest.h"
#include "byline-outbox.h"
#include "byline-portal.h"
#include "byline-publisher.h"
#include "byline-render.h"
#include "byline-session.h"
#include "byline-store.h"
#include "byline-word-count.h"
#include "byline-wordpress.h"
