#!/bin/bash
# Translations are complete: every source file with translatable strings is
# listed in po/POTFILES.in, every listed file exists, and po/zh_CN.po has a
# translation, not fuzzy, for every string xgettext finds. TAP output.
set -uo pipefail

srcdir=${1:?usage: check-translations.sh SRCDIR}
cd "$srcdir"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "1..4"

# 1: files with translatable strings are listed.
grep -rlE '(^|[^A-Za-z0-9_])(N?_|C_|NC_|g_dngettext|ngettext)\s*\(\s*"|translatable="yes"' \
  src ui 2>/dev/null | sort > "$work/found"
find data -name '*.desktop.in' -o -name '*.metainfo.xml.in' | sort >> "$work/found"
sort -u -o "$work/found" "$work/found"
grep -vE '^\s*(#|$)' po/POTFILES.in | sort -u > "$work/listed"
missing=$(comm -23 "$work/found" "$work/listed")
if [ -z "$missing" ]; then
  echo "ok 1 every file with translatable strings is in po/POTFILES.in"
else
  echo "not ok 1 files with translatable strings missing from po/POTFILES.in"
  sed 's/^/# missing: /' <<<"$missing"
fi

# 2: every listed file exists, and the list is sorted.
gone=""
while read -r f; do
  [ -f "$f" ] || gone+="$f "
done < <(grep -vE '^\s*(#|$)' po/POTFILES.in)
if [ -z "$gone" ] && grep -vE '^\s*(#|$)' po/POTFILES.in | sort -C; then
  echo "ok 2 po/POTFILES.in lists existing files, sorted"
else
  echo "not ok 2 po/POTFILES.in lists missing files or is not sorted: $gone"
fi

# 3 and 4: zh_CN translates every string, with nothing fuzzy.
xgettext --from-code=UTF-8 --add-comments --package-name=byline \
  --keyword=_ --keyword=N_ --keyword=C_:1c,2 --keyword=NC_:1c,2 \
  --keyword=g_dngettext:2,3 --keyword=ngettext:1,2 \
  --flag=g_strdup_printf:1:c-format --flag=g_string_printf:2:c-format \
  -f po/POTFILES.in -o "$work/byline.pot" 2> "$work/xgettext.err"
if [ ! -s "$work/byline.pot" ]; then
  echo "not ok 3 xgettext found no strings"
  sed 's/^/# /' "$work/xgettext.err"
  echo "not ok 4 zh_CN.po cannot be checked"
  exit 1
fi
msgmerge --quiet --no-fuzzy-matching po/zh_CN.po "$work/byline.pot" -o "$work/merged.po"
total=$(msgattrib --no-obsolete "$work/merged.po" | grep -c '^msgid ' )
untranslated=$(msgattrib --untranslated --no-obsolete "$work/merged.po" | grep -c '^msgid ')
fuzzy=$(msgattrib --only-fuzzy --no-obsolete po/zh_CN.po | grep -c '^msgid ')
# msgattrib prints the header entry too when it prints anything.
[ "$untranslated" -gt 0 ] && untranslated=$((untranslated - 1))
[ "$fuzzy" -gt 0 ] && fuzzy=$((fuzzy - 1))
if [ "$untranslated" -eq 0 ]; then
  echo "ok 3 zh_CN translates all $((total - 1)) strings"
else
  echo "not ok 3 zh_CN leaves $untranslated of $((total - 1)) strings untranslated"
  msgattrib --untranslated --no-obsolete "$work/merged.po" | grep -A1 '^#:' | head -40 | sed 's/^/# /'
fi
if [ "$fuzzy" -eq 0 ] && msgfmt --check -o /dev/null po/zh_CN.po 2> "$work/msgfmt.err"; then
  echo "ok 4 zh_CN.po has no fuzzy entries and passes msgfmt --check"
else
  echo "not ok 4 zh_CN.po has $fuzzy fuzzy entries or fails msgfmt --check"
  sed 's/^/# /' "$work/msgfmt.err"
fi
