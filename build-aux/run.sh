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

# A local WordPress (build-aux/wordpress.sh) to publish to at once. Its
# folder and port are kept, so a second run finds the same site running.
portal_env=
start_portal () {
  local data port running
  if [ "$(id -u)" != 0 ]; then
    echo "run: not root; no local test portal (build-aux/wordpress.sh needs root)" >&2
    return 0
  fi
  if [ -d /var/lib ] && [ -w /var/lib ]; then
    data=${BYLINE_PORTAL_DIR:-/var/lib/byline-portal}
  else
    data=${BYLINE_PORTAL_DIR:-$HOME/.local/share/byline-portal}
  fi
  running=$(bash build-aux/wordpress.sh env "$data" 2>/dev/null | sed -n 's|^site_url=.*:||p' || true)
  port=${BYLINE_PORTAL_PORT:-${running:-8089}}
  if [ -z "$running" ] && ! python3 -c 'import socket,sys; s=socket.socket(); s.bind(("127.0.0.1", int(sys.argv[1])))' "$port" 2>/dev/null; then
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  fi
  if ! portal_env=$(bash build-aux/wordpress.sh start "$data" "$port"); then
    echo "run: the local test portal did not start; Byline starts without it" >&2
    portal_env=
  fi
}
start_portal

# Registers the portal as the account "Local test portal" when Byline has
# none; the password goes to the keyring through stdin, never argv. Runs in
# Byline's session, where the Secret Service lives.
register_portal='
  if [ -n "$1" ] && [ -z "$(/usr/local/bin/byline-cli accounts list 2>/dev/null)" ]; then
    url=$(printf "%s\n" "$1" | sed -n "s/^site_url=//p")
    user=$(printf "%s\n" "$1" | sed -n "s/^user=//p")
    printf "%s\n" "$1" | sed -n "s/^password=//p" |
      /usr/local/bin/byline-cli accounts add "Local test portal" --url "$url" --user "$user" \
        --password-stdin ||
      echo "run: the local test portal could not be added as an account" >&2
  fi
'
keyring='
  if [ -z "${GNOME_KEYRING_CONTROL:-}" ] && command -v gnome-keyring-daemon >/dev/null; then
    eval "$(printf "\n" | gnome-keyring-daemon --unlock --components=secrets --daemonize)"
    export GNOME_KEYRING_CONTROL
  fi
'

if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  echo "run: no display; starting Byline under Xvfb (install xvfb for this)" >&2
  exec xvfb-run -a dbus-run-session -- bash -c "$keyring$register_portal"'
    shift; exec /usr/local/bin/byline "$@"' run "$portal_env" "$@"
fi
bash -c "$register_portal" run "$portal_env"
exec /usr/local/bin/byline "$@"
