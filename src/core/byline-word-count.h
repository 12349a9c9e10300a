/* byline-word-count.h: 字数, counted the way Chinese editors count
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

gsize byline_count_words       (const char *text,
                                gssize      length);
gsize byline_count_words_after (gunichar    previous,
                                const char *text,
                                gssize      length);

G_END_DECLS
