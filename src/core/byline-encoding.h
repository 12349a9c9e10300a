/* byline-encoding.h: turn the bytes of a dropped file or page into UTF-8
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean  byline_encoding_is_binary      (const guint8 *data,
                                          gsize         length);
char     *byline_encoding_normalize_name (const char   *name);
char     *byline_encoding_sniff_html     (const guint8 *data,
                                          gsize         length);
char     *byline_encoding_decode         (const guint8 *data,
                                          gsize         length,
                                          const char   *encoding,
                                          const char   *declared,
                                          char        **out_encoding);

G_END_DECLS
