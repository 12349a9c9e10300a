#!/bin/bash
# Installs the Debian 12 packages Byline needs, from the lists kept beside
# this script. Skips apt entirely when every package is already there, so a
# second run changes nothing. Usage: install-deps.sh [--test]
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
# debian-packages.txt: build and run; debian-packages-portal.txt: the local
# WordPress the run command starts; debian-packages-test.txt: tests only.
lists=("$here/debian-packages.txt")
if [ -f "$here/debian-packages-portal.txt" ]; then
  lists+=("$here/debian-packages-portal.txt")
fi
if [ "${1:-}" = "--test" ]; then
  lists+=("$here/debian-packages-test.txt")
fi

mapfile -t wanted < <(grep -hv '^\s*#' "${lists[@]}" | sed 's/\s.*//' | grep -v '^$')

missing=()
for pkg in "${wanted[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
  if [ "$status" != "install ok installed" ]; then
    missing+=("$pkg")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#wanted[@]} packages already installed"
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  echo "install-deps: missing packages: ${missing[*]}" >&2
  echo "install-deps: run as root (or with sudo) to install them" >&2
  exit 1
fi

echo "install-deps: installing ${#missing[@]} packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get -o DPkg::Lock::Timeout=600 update -q
apt-get -o DPkg::Lock::Timeout=600 install -y -q --no-install-recommends "${wanted[@]}"
