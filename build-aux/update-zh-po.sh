#!/bin/bash
# Refreshes po/zh_CN.po from the sources: extracts the strings of the files
# in po/POTFILES.in, keeps every translation already made, takes new ones
# from the .po fragments given as arguments, and drops what no source uses.
# Then tests/check-translations.sh says what is still missing.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

xgettext --from-code=UTF-8 --add-comments --package-name=byline \
  --keyword=_ --keyword=N_ --keyword=C_:1c,2 --keyword=NC_:1c,2 \
  --keyword=g_dngettext:2,3 --keyword=ngettext:1,2 \
  -f po/POTFILES.in -o "$tmp/byline.pot"
msgcat --use-first po/zh_CN.po "$@" -o "$tmp/all.po"
msgmerge --quiet --no-fuzzy-matching --no-location "$tmp/all.po" "$tmp/byline.pot" -o "$tmp/merged.po"
msgattrib --no-obsolete "$tmp/merged.po" -o po/zh_CN.po
msgfmt --check --statistics -o /dev/null po/zh_CN.po
