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
  # The password goes to the tests in a file: meson writes the whole
  # environment of every test into meson-logs.
  (umask 077 && sed -n 's/^password=//p' <<<"$wp_env" | tr -d '\n' >"$wp_dir/test-password")
  export BYLINE_TEST_WP_PASSWORD_FILE=$wp_dir/test-password
else
  echo "test: the local WordPress did not start; the portal tests will fail" >&2
fi

rc=0
meson test -C "$builddir" --print-errorlogs --num-processes 2 || rc=$?
logs=("$builddir/meson-logs/testlog.json")

# The core, CLI and integration tests once more with AddressSanitizer and
# UndefinedBehaviorSanitizer (the window's tests stay on the build above).
# Any report ends the test that made it, and so fails it; tests/lsan.supp
# lists the few third-party leaks. A build that fails counts as a failure,
# since its testlog.json is missing. The network-fault run is smaller here
# (24 articles, 6 updates): the sanitizers make it three times slower.
asan_builddir=${BYLINE_TEST_ASAN_BUILDDIR:-$builddir-asan}
asan_setup=(--werror -Dwarning_level=2 -Dgui=false -Db_sanitize=address,undefined)
rm -f "$asan_builddir/meson-logs/testlog.json"
if [ -f "$asan_builddir/build.ninja" ]; then
  meson setup --reconfigure "$asan_builddir" "${asan_setup[@]}" >/dev/null
else
  rm -rf "$asan_builddir"
  meson setup "$asan_builddir" "${asan_setup[@]}" >/dev/null
fi && meson compile -C "$asan_builddir" \
  && ASAN_OPTIONS=halt_on_error=1:abort_on_error=1:detect_leaks=1:fast_unwind_on_malloc=0 \
     LSAN_OPTIONS=suppressions=$top/tests/lsan.supp:print_suppressions=0 \
     UBSAN_OPTIONS=halt_on_error=1:abort_on_error=1:print_stacktrace=1 \
     G_SLICE=always-malloc \
     BYLINE_FAULT_ARTICLES=24 BYLINE_FAULT_UPDATES=6 \
     meson test -C "$asan_builddir" --print-errorlogs --num-processes 2 \
       --no-suite gui --no-suite fuzz --no-suite scale || rc=1
logs+=("$asan_builddir/meson-logs/testlog.json")

/usr/bin/python3 build-aux/count-tests.py "${logs[@]}" || rc=1
exit $rc
