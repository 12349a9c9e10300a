#!/bin/sh
# Builds the ingest fuzzers in a build folder of their own (clang,
# -fsanitize=fuzzer,address,undefined) and runs each for SECONDS, seeded
# from tests/corpus.  Prints TAP; exits non-zero on any crash, leak or
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

echo "1..2"

if [ ! -f "$build/build.ninja" ]; then
  rm -rf "$build"
  # fuzzer-no-link instruments libbyline too, so libFuzzer sees its coverage
  if ! CC=clang CFLAGS=-fsanitize=fuzzer-no-link \
      meson setup "$build" "$top" -Dfuzzing=true -Dgui=false \
      -Db_sanitize=address,undefined -Db_lundef=false >"$build.setup.log" 2>&1; then
    sed 's/^/# /' "$build.setup.log"
    echo "not ok 1 - fuzz-ingest-text # build folder setup failed"
    echo "not ok 2 - fuzz-ingest-html # build folder setup failed"
    exit 1
  fi
fi
if ! ninja -j2 -C "$build" tests/fuzz/fuzz-ingest-text tests/fuzz/fuzz-ingest-html >"$build/fuzz-build.log" 2>&1; then
  sed 's/^/# /' "$build/fuzz-build.log" | tail -40
  echo "not ok 1 - fuzz-ingest-text # build failed"
  echo "not ok 2 - fuzz-ingest-html # build failed"
  exit 1
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/byline-fuzz-XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM

export ASAN_OPTIONS="detect_leaks=1:abort_on_error=0:allocator_may_return_null=1"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1"
export G_SLICE=always-malloc
unset G_DEBUG

rc=0
n=0
for kind in text html; do
  n=$((n + 1))
  seeds="$work/$kind-corpus"
  mkdir -p "$seeds"
  ext=$([ "$kind" = text ] && echo txt || echo html)
  for f in "$top"/tests/corpus/*/source.$ext; do
    [ -f "$f" ] && cp "$f" "$seeds/$(basename "$(dirname "$f")").$ext"
  done
  log="$work/$kind.log"
  if "$build/tests/fuzz/fuzz-ingest-$kind" -max_total_time="$seconds" -max_len=32768 \
       -timeout=20 -rss_limit_mb=3072 -print_final_stats=1 "$seeds" >"$log" 2>&1; then
    runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$')
    echo "ok $n - fuzz-ingest-$kind: ${runs:-?} runs in ${seconds}s, no crash, leak or sanitizer report"
  else
    rc=1
    echo "not ok $n - fuzz-ingest-$kind"
    grep -v '^#[0-9]' "$log" | tail -60 | sed 's/^/# /'
    mkdir -p "$build/fuzz-crashes"
    cp crash-* leak-* timeout-* oom-* "$build/fuzz-crashes/" 2>/dev/null
    rm -f crash-* leak-* timeout-* oom-*
  fi
done

exit $rc
