#!/bin/bash
# Runs a test in a D-Bus session of its own with a throw-away, unlocked
# gnome-keyring, so that passwords go through the real Secret Service and
# never into the user's keyring. Usage: run-with-keyring.sh PROGRAM [ARGS…]
set -u

scratch=$(mktemp -d "${TMPDIR:-/tmp}/byline-keyring.XXXXXX")
trap 'rm -rf "$scratch"' EXIT
export HOME=$scratch/home
export XDG_RUNTIME_DIR=$scratch/run
export XDG_DATA_HOME=$HOME/.local/share
export XDG_CONFIG_HOME=$HOME/.config
mkdir -p "$HOME" "$XDG_RUNTIME_DIR"
chmod 700 "$XDG_RUNTIME_DIR"
unset BYLINE_PORTAL_PASSWORD

# Standard input must hold a byte: with none the daemon asks a prompter for
# the password and storing fails. The daemon leaves with the session bus.
dbus-run-session -- bash -c '
  printf "\n" | gnome-keyring-daemon --unlock --components=secrets --daemonize > /dev/null
  exec "$@"
' run-with-keyring "$@" 2> >(grep -v "Failed to set fd limit" >&2)
