/* byline-cli-portal.h: byline-cli accounts, categories and publish
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

int byline_cli_accounts   (int    argc,
                           char **argv);
int byline_cli_categories (int    argc,
                           char **argv);
int byline_cli_tags       (int    argc,
                           char **argv);
int byline_cli_publish    (int    argc,
                           char **argv);

G_END_DECLS
