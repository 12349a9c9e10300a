#!/bin/sh
# Runs one GUI test under a private X server (1280x800) and a private
# session bus, so that `meson test` needs no display around it.
#
# The test's standard output (TAP) reaches meson through file descriptor 3:
# dbus-run-session, and the accessibility registry it starts, print to their
# own standard output, which goes to standard error instead.
#
# -noreset: the accessibility library reads the bus address from the root
# window and disconnects; without it the server then resets, and a program
# started in that moment cannot open the display.
#
# SPDX-License-Identifier: GPL-3.0-or-later
set -eu

if [ $# -eq 0 ]; then
  echo "usage: $0 TEST [ARGS...]" >&2
  exit 2
fi

# The test portal's password comes in a file (meson logs the environment);
# the scripts of the GUI tests read it from the environment.
if [ -n "${BYLINE_TEST_WP_PASSWORD_FILE:-}" ] && [ -z "${BYLINE_TEST_WP_PASSWORD:-}" ]; then
  BYLINE_TEST_WP_PASSWORD=$(cat "$BYLINE_TEST_WP_PASSWORD_FILE")
  export BYLINE_TEST_WP_PASSWORD
fi

exec 3>&1
exec xvfb-run -a -s '-screen 0 1280x800x24 -nolisten tcp -noreset' \
  dbus-run-session -- sh -c 'exec "$@" >&3 3>&-' sh "$@" >&2
