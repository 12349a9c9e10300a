/* byline-wordpress-private.h: WordPress answer parsing, for the fuzzers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean byline_wordpress_parse_answer (guint        status,
                                        const char  *data,
                                        gsize        length,
                                        const char  *link_header,
                                        GError     **error);

G_END_DECLS
