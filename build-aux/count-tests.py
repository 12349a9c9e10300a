#!/usr/bin/python3
"""Prints 'N passed, N failed' from meson's testlog.json.

meson's own closing block is not what CI reads; this line is. A test program
counts once; an expected failure counts as passed, a skip as neither (and is
listed, since the project has no skipped tests on purpose)."""

import json
import sys

passed = failed = skipped = 0
failures = []
with open(sys.argv[1], encoding="utf-8") as log:
    for line in log:
        line = line.strip()
        if not line:
            continue
        entry = json.loads(line)
        result = entry.get("result", "")
        if result in ("OK", "EXPECTEDFAIL"):
            passed += 1
        elif result == "SKIP":
            skipped += 1
            failures.append("skipped: " + entry.get("name", "?"))
        else:
            failed += 1
            failures.append(result.lower() + ": " + entry.get("name", "?"))

for f in failures:
    print(f)
if passed + failed == 0:
    print("no test ran", file=sys.stderr)
    failed = 1
line = f"{passed} passed, {failed} failed"
if skipped:
    line += f", {skipped} skipped"
print(line)
sys.exit(1 if failed else 0)
