/* byline-cli-private.h: what the CLI's command files share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "byline.h"

G_BEGIN_DECLS

/* Exit codes: 0 success, 1 the job failed, 2 the command line was wrong. */
#define BYLINE_CLI_OK      0
#define BYLINE_CLI_FAILURE 1
#define BYLINE_CLI_USAGE   2

/* Opens the store of $BYLINE_DATA_DIR or the default folder; prints the
 * error and returns NULL on failure. */
BylineStore *byline_cli_open_store (void);

/* Commands implemented in other files are added here, each as
 * { "name", func }, where func takes (argc, argv) with argv[0] the command
 * name. The files that define them are listed in src/cli/meson.build. */
#if defined (BYLINE_CLI_HAVE_INGEST)
# include "byline-cli-ingest.h"
# define BYLINE_CLI_INGEST_COMMANDS { "ingest", byline_cli_ingest },
#else
# define BYLINE_CLI_INGEST_COMMANDS
#endif

#if defined (BYLINE_CLI_HAVE_PORTAL)
# include "byline-cli-portal.h"
# define BYLINE_CLI_PORTAL_COMMANDS \
  { "accounts", byline_cli_accounts }, \
  { "categories", byline_cli_categories }, \
  { "tags", byline_cli_tags }, \
  { "publish", byline_cli_publish },
#else
# define BYLINE_CLI_PORTAL_COMMANDS
#endif

#define BYLINE_CLI_EXTRA_COMMANDS BYLINE_CLI_INGEST_COMMANDS BYLINE_CLI_PORTAL_COMMANDS \
  { NULL, NULL }

G_END_DECLS
