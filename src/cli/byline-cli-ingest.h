/* byline-cli-ingest.h: byline-cli ingest
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

int byline_cli_ingest (int    argc,
                       char **argv);

G_END_DECLS
