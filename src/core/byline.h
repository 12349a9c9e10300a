/* byline.h: libbyline, everything Byline does without a display
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "byline-types.h"
#include "byline-article.h"
#include "byline-draft-list.h"
#include "byline-store.h"
#include "byline-word-count.h"
