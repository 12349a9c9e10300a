#!/bin/bash
# Makes data/screenshots/byline-editor.png: the window at 1280x800 editing
# the reference article (tests/corpus/seed/source.txt, taken in with
# `byline-cli ingest --save`, as an editor would drop it in).
#
# Usage: build-aux/screenshot.sh [BUILDDIR [OUTPUT.png]]
# Needs xvfb, xdotool, imagemagick and fonts-wqy-microhei.
#
# SPDX-License-Identifier: GPL-3.0-or-later
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
builddir=$(cd "${1:-$top/_build}" && pwd)
output=${2:-$top/data/screenshots/byline-editor.png}
case "$output" in
  /*) ;;
  *) output="$PWD/$output" ;;
esac

# A display and a session bus of our own, always the same size.
if [ -z "${BYLINE_SCREENSHOT_INNER:-}" ]; then
  export BYLINE_SCREENSHOT_INNER=1
  exec xvfb-run -a -s '-screen 0 1280x800x24 -nolisten tcp -noreset' \
    dbus-run-session -- "$0" "$builddir" "$output"
fi

tmp=$(mktemp -d)
pid=
cleanup() {
  if [ -n "$pid" ]; then
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT

export HOME="$tmp/home" XDG_CONFIG_HOME="$tmp/config" XDG_DATA_HOME="$tmp/share"
export XDG_CACHE_HOME="$tmp/cache" BYLINE_DATA_DIR="$tmp/drafts"
export GSETTINGS_SCHEMA_DIR="$builddir/data" GSETTINGS_BACKEND=keyfile
# Pinned: software rendering, the newsroom's time zone, no translation.
export GDK_DEBUG=gl-disable TZ=Asia/Shanghai LANG=C.UTF-8 LANGUAGE=
mkdir -p "$HOME" "$XDG_CONFIG_HOME/glib-2.0/settings"

cat > "$XDG_CONFIG_HOME/glib-2.0/settings/keyfile" <<'KEYFILE'
[io/github/byline/Byline]
window-width=1280
window-height=800
KEYFILE

"$builddir/src/cli/byline-cli" ingest --save "$top/tests/corpus/seed/source.txt" >/dev/null

"$builddir/src/gui/byline" >&2 &
pid=$!
xdotool search --sync --onlyvisible --pid "$pid" >/dev/null
# Out of the way of hover highlights; then let the first frames settle.
xdotool mousemove 1279 799
sleep 2

mkdir -p "$(dirname "$output")"
import -window root "$output"
echo "screenshot: $output" >&2
