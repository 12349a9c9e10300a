/* byline-wordpress.h: the WordPress REST API as a Byline portal
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "byline-portal.h"

G_BEGIN_DECLS

/* Answers larger than this are refused rather than held in memory. */
#define BYLINE_WORDPRESS_MAX_ANSWER (8 * 1024 * 1024)

#define BYLINE_TYPE_WORDPRESS (byline_wordpress_get_type ())
G_DECLARE_FINAL_TYPE (BylineWordpress, byline_wordpress, BYLINE, WORDPRESS, GObject)

BylineWordpress *byline_wordpress_new            (const char      *site_url,
                                                  const char      *rest_root,
                                                  const char      *username,
                                                  const char      *password);
const char      *byline_wordpress_get_site_url   (BylineWordpress *self);
const char      *byline_wordpress_get_rest_root  (BylineWordpress *self);
const char      *byline_wordpress_get_username   (BylineWordpress *self);

G_END_DECLS
