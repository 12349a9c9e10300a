/* byline-session.h: the one HTTP session of the program
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <libsoup/soup.h>

G_BEGIN_DECLS

SoupSession *byline_dup_soup_session (void);

G_END_DECLS
