#!/bin/bash
# Command 1 of the README: install what Byline needs, build it, install it
# under /usr/local and start it.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"

bash build-aux/install-deps.sh

builddir=${BYLINE_BUILDDIR:-_build}
if [ -f "$builddir/build.ninja" ]; then
  meson setup --reconfigure "$builddir" --prefix=/usr/local >/dev/null
else
  meson setup "$builddir" --prefix=/usr/local
fi
meson compile -C "$builddir"
meson install -C "$builddir" --quiet

if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  echo "run: no display; starting Byline under Xvfb (install xvfb for this)" >&2
  exec xvfb-run -a dbus-run-session -- /usr/local/bin/byline "$@"
fi
exec /usr/local/bin/byline "$@"
