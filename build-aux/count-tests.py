#!/usr/bin/python3
"""Prints 'N passed, N failed' from one or more of meson's testlog.json.

meson's own closing block is not what CI reads; this line is. A test program
counts once; an expected failure counts as passed, a skip as neither (and is
listed, since the project has no skipped tests on purpose)."""

import json
import sys

passed = failed = skipped = 0
failures = []
for path in sys.argv[1:]:
    # Several logs: the normal build's and the sanitizer build's. A log that
    # is missing means its build failed, which counts as a failure.
    label = "" if path == sys.argv[1] else f" ({path.split('/meson-logs/')[0]})"
    try:
        log = open(path, encoding="utf-8")
    except OSError:
        failed += 1
        failures.append(f"no test log: {path}")
        continue
    with log:
        for line in log:
            line = line.strip()
            if not line:
                continue
            entry = json.loads(line)
            result = entry.get("result", "")
            name = entry.get("name", "?") + label
            if result in ("OK", "EXPECTEDFAIL"):
                passed += 1
            elif result == "SKIP":
                skipped += 1
                failures.append("skipped: " + name)
            else:
                failed += 1
                failures.append(result.lower() + ": " + name)

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
