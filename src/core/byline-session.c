/* byline-session.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "byline-session.h"

/* Portal calls stall on slow PHP, not on the network: long enough for a
 * large upload to be processed, short enough that a dead server is noticed. */
#define BYLINE_HTTP_TIMEOUT_SECONDS 60

/**
 * byline_dup_soup_session:
 *
 * One session for the whole program, so that connections to a portal are
 * reused across accounts, uploads and posts. Created on first use, from
 * the main thread.
 *
 * Returns: (transfer full): the session
 */
SoupSession *
byline_dup_soup_session (void)
{
  static gsize initialized;
  static SoupSession *session;

  if (g_once_init_enter (&initialized))
    {
      session = soup_session_new_with_options ("user-agent", "Byline/" PACKAGE_VERSION " ",
                                               "timeout", BYLINE_HTTP_TIMEOUT_SECONDS,
                                               "max-conns-per-host", 6,
                                               NULL);
      g_once_init_leave (&initialized, 1);
    }

  return g_object_ref (session);
}
