/* byline-word-counter.h: the 字数 of a text buffer, kept up to date per edit
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define BYLINE_TYPE_WORD_COUNTER (byline_word_counter_get_type ())
G_DECLARE_FINAL_TYPE (BylineWordCounter, byline_word_counter, BYLINE, WORD_COUNTER, GObject)

BylineWordCounter *byline_word_counter_new       (GtkTextBuffer     *buffer);
GtkTextBuffer     *byline_word_counter_get_buffer (BylineWordCounter *self);
gsize              byline_word_counter_get_count  (BylineWordCounter *self);

G_END_DECLS
