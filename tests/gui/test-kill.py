#!/usr/bin/python3
# test-kill.py: a SIGKILL while an editor types loses at most the last second
#
# Each round starts the real `byline` (same throw-away data folder), makes a
# new draft with Ctrl+N, types a Chinese title and then a Chinese body with
# xdotool at a steady rate, reading the field back over AT-SPI after every
# character, and kills Byline with SIGKILL at a random moment. byline-cli then
# reads the draft from the store: everything the field held more than one
# second before the kill must be there (what counts is what the field held,
# read back). The next round's start is also the restart after the kill.
# Prints the largest loss in characters and seconds.
#
# Run under tests/gui/run-under-xvfb.sh; prints TAP.
# Usage: test-kill.py BYLINE BYLINE_CLI [ROUNDS]   (BYLINE_KILL_SEED)
#
# SPDX-License-Identifier: GPL-3.0-or-later

import importlib.util
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time

here = os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location("persist", os.path.join(here, "test-persist.py"))
persist = importlib.util.module_from_spec(spec)
spec.loader.exec_module(persist)

BODY = ("市北区登州路街道创新采用网格商会支部的党建模式践行平台思维南山商会积极参与"
        "网格基层治理抓党建也是抓经济登州路街道商会着力优化营商环境做强商会党建啤酒街"
        "商会着力打造标杆")
RATE = 0.15          # seconds between two typed characters
PROMISE = 1.0        # what was typed this long before the kill must be saved

results = []


def check(ok, name, detail=""):
    results.append(ok)
    print("%s %d - %s" % ("ok" if ok else "not ok", len(results), name), flush=True)
    if not ok and detail:
        for part in detail.splitlines():
            print("# " + part, flush=True)


def newest_draft(cli, env):
    listed = subprocess.run([cli, "drafts", "list"], env=env, stdout=subprocess.PIPE,
                            text=True, check=True).stdout
    ids = [line.split()[0] for line in listed.splitlines() if line.strip()]
    if not ids:
        return 0, {}
    shown = subprocess.run([cli, "drafts", "show", ids[0], "--json"], env=env,
                           stdout=subprocess.PIPE, text=True, check=True).stdout
    return len(ids), json.loads(shown)


def one_round(exe, cli, env, cli_env, number, rng):
    byline = persist.Byline(exe, env)
    persist.xdotool("key", "ctrl+n")
    wanted_title = "断电测试第%d轮" % number
    title = byline.type_into(byline.find_field("Title"), [wanted_title])
    body = byline.find_field("Body")
    byline.click(body)
    # Every character on a key of its own before the clock starts.
    persist.xkeys.hold(BODY)

    kill_after = rng.uniform(1.5, 6.0)
    records = []          # (time, what the field held)
    start = time.monotonic()
    for i, char in enumerate(BODY):
        if time.monotonic() - start >= kill_after:
            break
        persist.xkeys.type_text(char, 0)
        records.append((time.monotonic(), byline.text_of(body)))
        pause = start + (i + 1) * RATE - time.monotonic()
        if pause > 0:
            time.sleep(pause)
    killed_at = time.monotonic()
    os.kill(byline.proc.pid, signal.SIGKILL)
    byline.proc.wait()

    count, draft = newest_draft(cli, cli_env)
    saved = draft.get("body") or ""
    held = records[-1][1] if records else ""
    # What the field held PROMISE seconds before the kill.
    due = ""
    for when, text in records:
        if when <= killed_at - PROMISE:
            due = text
    lost_chars = len(held) - len(saved) if held.startswith(saved) else len(held)
    lost_seconds = 0.0
    for when, text in records:
        if len(text) > len(saved):
            lost_seconds = killed_at - when
            break
    ok = (count == number and title == wanted_title and draft.get("title", "") == title
          and saved.startswith(due) and held.startswith(saved))
    return ok, lost_chars, lost_seconds, len(held), kill_after, saved, held, due, count, title, draft.get("title", "")


def main():
    if len(sys.argv) < 3:
        sys.exit("usage: test-kill.py BYLINE BYLINE_CLI [ROUNDS]")
    exe, cli = sys.argv[1:3]
    rounds = int(sys.argv[3]) if len(sys.argv) > 3 else 20
    seed = int(os.environ.get("BYLINE_KILL_SEED", random.randrange(1 << 30)))
    rng = random.Random(seed)

    top = tempfile.mkdtemp(prefix="byline-kill-")
    env = dict(os.environ)
    for var, sub in (("HOME", "home"), ("XDG_DATA_HOME", "data"),
                     ("XDG_CONFIG_HOME", "config"), ("XDG_CACHE_HOME", "cache"),
                     ("XDG_RUNTIME_DIR", "runtime")):
        env[var] = os.path.join(top, sub)
        os.makedirs(env[var], mode=0o700)
    env.pop("BYLINE_DATA_DIR", None)
    cli_env = dict(env, BYLINE_DATA_DIR=os.path.join(env["XDG_DATA_HOME"], "byline"))

    print("1..%d" % (rounds + 1), flush=True)
    print("# kill seed %d (BYLINE_KILL_SEED), %d rounds" % (seed, rounds), flush=True)
    worst_chars = 0
    worst_seconds = 0.0
    typed_total = 0
    saved = ""
    try:
        for number in range(1, rounds + 1):
            (ok, chars, seconds, typed, after, saved, held, due, count,
             title, saved_title) = one_round(exe, cli, env, cli_env, number, rng)
            worst_chars = max(worst_chars, chars)
            worst_seconds = max(worst_seconds, seconds)
            typed_total += typed
            check(ok, "round %d: killed %.1f s into typing, %d characters typed, %d lost "
                  "(%.2f s)" % (number, after, typed, chars, seconds),
                  "drafts %d\ntitle %r, saved as %r\nsaved %r\nfield %r\ndue   %r"
                  % (count, title, saved_title, saved, held, due))
        # After the last kill, the window still starts and shows the draft.
        last = persist.Byline(exe, env)
        # The last round may have saved an empty body (killed before the
        # first save): wait for the field, then for it to hold what was saved.
        field = persist.wait_for("the body field", lambda: last.find_field("Body"), 30)
        deadline = time.monotonic() + 30
        shown = last.text_of(field)
        while shown != saved and time.monotonic() < deadline:
            time.sleep(0.2)
            shown = last.text_of(field)
        rc = last.quit()
        check(rc == 0 and shown == saved,
              "after %d kills Byline starts and shows the last draft as saved" % rounds,
              "exit %r, body %r, saved %r" % (rc, shown, saved))
    except Exception as error:  # report as a failed test, not a traceback
        check(False, "the rounds ran to the end", repr(error))
    finally:
        shutil.rmtree(top, ignore_errors=True)

    print("# kills: %d survived of %d; %d characters typed; largest loss %d characters, "
          "%.2f s (promise: nothing typed more than %.1f s before the kill)"
          % (sum(results[:rounds]), rounds, typed_total, worst_chars, worst_seconds, PROMISE),
          flush=True)
    sys.exit(0 if all(results) else 1)


if __name__ == "__main__":
    main()
