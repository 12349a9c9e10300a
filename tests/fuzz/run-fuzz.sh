#!/bin/sh
# Builds the fuzzers (ingest of text and HTML, encoding detection, the
# portal's JSON answers, the Markdown renderer and HTML sanitiser) in a
# build folder of their own (clang, -fsanitize=fuzzer,address,undefined)
# and runs each for SECONDS, seeded from tests/corpus and WordPress-shaped
# answers.  Prints TAP; exits non-zero on any crash, leak or
# sanitizer report.
#
#   tests/fuzz/run-fuzz.sh SECONDS
set -u

seconds=${1:-30}
top=$(cd "$(dirname "$0")/../.." && pwd)
if [ -n "${BYLINE_TEST_BUILDDIR:-}" ]; then
  build="$BYLINE_TEST_BUILDDIR/fuzz-build"
else
  build="$top/_build-fuzz"
fi

targets="ingest-text ingest-html encoding wordpress-json render"
count=$(echo $targets | wc -w)
echo "1..$count"

fail_all () {
  n=0
  for kind in $targets; do
    n=$((n + 1))
    echo "not ok $n - fuzz-$kind # $1"
  done
  exit 1
}

if [ ! -f "$build/build.ninja" ]; then
  rm -rf "$build"
  # fuzzer-no-link instruments libbyline too, so libFuzzer sees its coverage
  if ! CC=clang CFLAGS=-fsanitize=fuzzer-no-link \
      meson setup "$build" "$top" -Dfuzzing=true -Dgui=false \
      -Db_sanitize=address,undefined -Db_lundef=false >"$build.setup.log" 2>&1; then
    sed 's/^/# /' "$build.setup.log"
    fail_all "build folder setup failed"
  fi
fi
if ! ninja -j2 -C "$build" $(for kind in $targets; do echo tests/fuzz/fuzz-$kind; done) \
    >"$build/fuzz-build.log" 2>&1; then
  sed 's/^/# /' "$build/fuzz-build.log" | tail -40
  fail_all "build failed"
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/byline-fuzz-XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM

asan_options="detect_leaks=1:abort_on_error=0:allocator_may_return_null=1"
export LSAN_OPTIONS="suppressions=$top/tests/lsan.supp:print_suppressions=0"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1"
export G_SLICE=always-malloc
unset G_DEBUG

# Seeds: the corpus's pages and texts; for the portal's answers, answers
# shaped like WordPress's (the first byte picks the HTTP status, 0 = 200).
seed () {
  kind=$1
  dir=$2
  mkdir -p "$dir"
  case $kind in
    ingest-text)
      for f in "$top"/tests/corpus/*/source.txt; do
        [ -f "$f" ] && cp "$f" "$dir/$(basename "$(dirname "$f")").txt"
      done ;;
    ingest-html)
      for f in "$top"/tests/corpus/*/source.html; do
        [ -f "$f" ] && cp "$f" "$dir/$(basename "$(dirname "$f")").html"
      done ;;
    encoding)
      for f in "$top"/tests/corpus/*/source.*; do
        [ -f "$f" ] && head -c 16384 "$f" >"$dir/$(basename "$(dirname "$f")")-$(basename "$f")"
      done ;;
    render)
      cp "$top/tests/data/seed-source.txt" "$dir/seed.md"
      printf '## 小标题\n\n段落 **粗** [链接](https://x/) ![图](/a.png)\n\n| a | b |\n|---|---|\n| 1 | 2 |\n' >"$dir/md"
      printf '<p onclick=x>段<script>x</script><a href="java\tscript:x">a</a><img src=x onerror=y></p>' >"$dir/html"
      for f in "$top"/tests/corpus/0*/source.html; do
        [ -f "$f" ] && head -c 16384 "$f" >"$dir/$(basename "$(dirname "$f")").html"
      done ;;
    wordpress-json)
      printf '\000{"id":12,"link":"http://x/?p=12","status":"publish","slug":"a","title":{"raw":"标题","rendered":"标题"},"content":{"raw":"<p>x</p>"},"excerpt":{"rendered":""},"date_gmt":"2021-04-23T02:46:05","modified_gmt":"2021-04-23T02:46:05","categories":[2,3],"tags":[],"featured_media":0,"meta":{"byline_source":"界面新闻"}}' >"$dir/post"
      printf '\000[{"id":2,"name":"创业","slug":"chuangye","parent":0,"count":3},{"id":3,"name":"科技","slug":"keji","parent":2,"count":0}]' >"$dir/terms"
      printf '\000{"id":7,"source_url":"http://127.0.0.1/wp-content/uploads/a.png"}' >"$dir/media"
      printf '\002{"code":"term_exists","message":"已存在","data":{"status":400,"term_id":5}}' >"$dir/error"
      printf '\007{"code":"too_many","message":"slow","data":{"status":429}}' >"$dir/rate"
      printf '\000{"name":"门户","namespaces":["oembed/1.0","wp/v2"],"routes":{}}' >"$dir/index"
      printf '\000</wp-json/>; rel="https://api.w.org/"' >"$dir/link" ;;
  esac
}

mkdir -p "$build/fuzz-crashes"
rc=0
n=0
for kind in $targets; do
  n=$((n + 1))
  seeds="$work/$kind-corpus"
  seed "$kind" "$seeds"
  log="$work/$kind.log"
  # Full stacks on malloc, so that tests/lsan.supp can name json-glib's
  # leak; they cost ten times the speed, so only where json-glib runs.
  if [ "$kind" = wordpress-json ]; then
    export ASAN_OPTIONS="$asan_options:fast_unwind_on_malloc=0"
  else
    export ASAN_OPTIONS="$asan_options"
  fi
  if "$build/tests/fuzz/fuzz-$kind" -max_total_time="$seconds" -max_len=32768 \
       -timeout=20 -rss_limit_mb=3072 -print_final_stats=1 \
       -artifact_prefix="$build/fuzz-crashes/" "$seeds" >"$log" 2>&1; then
    runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$')
    echo "ok $n - fuzz-$kind: ${runs:-?} runs in ${seconds}s, no crash, leak or sanitizer report"
  else
    rc=1
    echo "not ok $n - fuzz-$kind"
    grep -v '^#[0-9]' "$log" | tail -60 | sed 's/^/# /'
    echo "# the input is kept in $build/fuzz-crashes/"
  fi
done

exit $rc
