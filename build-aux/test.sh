#!/bin/bash
# Command 2 of the README: install, build (warnings are errors) and run every
# test. Ends with "N passed, N failed"; exits non-zero when anything failed.
set -uo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"

bash build-aux/install-deps.sh --test || exit 1

builddir=${BYLINE_TEST_BUILDDIR:-_build-test}
if [ -f "$builddir/build.ninja" ]; then
  meson setup --reconfigure "$builddir" --werror -Dwarning_level=2 >/dev/null || exit 1
else
  rm -rf "$builddir"
  meson setup "$builddir" --werror -Dwarning_level=2 || exit 1
fi
meson compile -C "$builddir" || { echo "0 passed, 1 failed"; exit 1; }

# The portal tests publish to a real WordPress (build-aux/wordpress.sh) on a
# free loopback port, stopped again however the tests end.
wp_dir=$(mktemp -d "${TMPDIR:-/tmp}/byline-wp.XXXXXX")
stop_wordpress () {
  bash build-aux/wordpress.sh stop "$wp_dir" >/dev/null 2>&1
  rm -rf "$wp_dir"
}
trap stop_wordpress EXIT
trap 'exit 130' INT TERM
wp_port=$(/usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
if wp_env=$(bash build-aux/wordpress.sh start "$wp_dir" "$wp_port"); then
  export BYLINE_TEST_WP_URL=$(sed -n 's/^site_url=//p' <<<"$wp_env")
  export BYLINE_TEST_WP_USER=$(sed -n 's/^user=//p' <<<"$wp_env")
  export BYLINE_TEST_WP_PASSWORD=$(sed -n 's/^password=//p' <<<"$wp_env")
else
  echo "test: the local WordPress did not start; the portal tests will fail" >&2
fi

rc=0
meson test -C "$builddir" --print-errorlogs --num-processes 2 || rc=$?

/usr/bin/python3 build-aux/count-tests.py "$builddir/meson-logs/testlog.json" || rc=1
exit $rc
