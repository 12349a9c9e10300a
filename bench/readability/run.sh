#!/bin/bash
# Ingest against Mozilla Readability with jsdom under Node 20, page by page
# on the corpus, in one run. The npm packages go into a folder of their own
# under /var/tmp (BYLINE_READABILITY_PREFIX), never into the product.
#
#   bench/readability/run.sh BUILDDIR [RUNS]
#
# Prints a line per page and a last line
#   result byline_ms=… readability_ms=… ratio=…
# where the times are the medians over the pages of each page's median, and
# ratio is the median of the per-page ratios Byline / Readability.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
builddir=$1
runs=${2:-11}
prefix=${BYLINE_READABILITY_PREFIX:-/var/tmp/byline-bench-readability}
corpus="$top/tests/corpus"

if [ ! -d "$prefix/node_modules/@mozilla/readability" ] || [ ! -d "$prefix/node_modules/jsdom" ]; then
  echo "readability: installing @mozilla/readability and jsdom into $prefix" >&2
  mkdir -p "$prefix"
  [ -f "$prefix/package.json" ] || echo '{ "private": true }' >"$prefix/package.json"
  npm install --prefix "$prefix" --no-audit --no-fund --silent \
    @mozilla/readability@0.6.0 jsdom@26.1.0 >&2
fi

byline=$("$builddir/bench/bench-ingest-pages" "$corpus" "$runs")
readability=$(BYLINE_READABILITY_PREFIX="$prefix" node "$here/readability.mjs" "$corpus" "$runs")

join <(awk '{ print $2, $3 }' <<<"$byline" | sort) \
     <(awk '{ print $2, $3 }' <<<"$readability" | sort) \
  | awk '
      { printf "%-40s byline %8.3f ms  readability %9.3f ms  ratio %.4f\n", $1, $2, $3, $2 / $3
        b[NR] = $2; r[NR] = $3; q[NR] = $2 / $3 }
      function median(a, n,    i, j, t) {
        for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
        return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
      }
      END { n = NR
            printf "result byline_ms=%.3f readability_ms=%.3f ratio=%.4f pages=%d\n",
                   median(b, n), median(r, n), median(q, n), n }'
