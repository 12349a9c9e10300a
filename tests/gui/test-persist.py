#!/usr/bin/python3
# test-persist.py: what an editor types reaches the store and survives a quit
#
# Starts the real `byline` with empty, throw-away HOME and XDG folders, finds
# its window over AT-SPI, makes a new draft with Ctrl+N, types a Chinese title
# and body with xdotool (clicking into each field at its AT-SPI extents; each
# character bound to a key first, see xkeys.py),
# quits with Ctrl+Q at once, starts Byline again and reads the title and body
# back from the window, and the body once more with byline-cli; then adds to
# the body, ends Byline with SIGTERM at once and checks a third run.
#
# Run under tests/gui/run-under-xvfb.sh (a display and a session bus of its
# own); prints TAP. Usage: test-persist.py BYLINE BYLINE_CLI
#
# SPDX-License-Identifier: GPL-3.0-or-later

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

# G_DEBUG=fatal-warnings is for Byline, not for the accessibility library of
# this script: GTK 4.8 exports a window's accessibility cache only once the
# registry has answered its registration, and libatspi warns when it asks
# before that. Taken out before pyatspi loads GLib, given back to Byline.
BYLINE_G_DEBUG = os.environ.pop("G_DEBUG", None)

import pyatspi  # noqa: E402
import xkeys  # noqa: E402

TITLE = "党建引领与创新同频共振,市北区登州路街道携手商会激发红色力量"
BODY_LINES = ["## 党建引领基层治理", "市北区登州路街道创新采用“网格+商会+支部”的党建模式。"]
BODY = "\n".join(BODY_LINES)
TIMEOUT = 30

results = []


def log(message):
    print("# " + message, flush=True)


def check(ok, name, detail=""):
    results.append(ok)
    line = "%s %d - %s" % ("ok" if ok else "not ok", len(results), name)
    print(line, flush=True)
    if not ok and detail:
        for part in detail.splitlines():
            log(part)


def wait_for(what, func, timeout=TIMEOUT):
    deadline = time.monotonic() + timeout
    while True:
        value = func()
        if value:
            return value
        if time.monotonic() > deadline:
            raise TimeoutError("timed out waiting for " + what)
        time.sleep(0.2)


def xdotool(*args):
    subprocess.run(["xdotool"] + [str(a) for a in args], check=True,
                   stdout=subprocess.DEVNULL)


class Byline:
    """One run of the program, with its AT-SPI application and X window."""

    def __init__(self, exe, env):
        if BYLINE_G_DEBUG is not None:
            env = dict(env, G_DEBUG=BYLINE_G_DEBUG)
        self.proc = subprocess.Popen([exe], env=env, stdout=sys.stderr,
                                     stderr=sys.stderr)
        self.app = wait_for("Byline on the accessibility bus", self.find_app)
        self.frame = wait_for("the Byline window", self.find_frame)
        self.xid = wait_for("the X window", self.find_xid)
        # Focus follows the pointer (no window manager): keep it inside.
        xdotool("mousemove", "--window", self.xid, 400, 20)

    def find_app(self):
        if self.proc.poll() is not None:
            raise RuntimeError("byline exited with %d" % self.proc.returncode)
        # By process: the registry may still list the run killed just
        # before, under the same name.
        desktop = pyatspi.Registry.getDesktop(0)
        for i in range(desktop.childCount):
            app = desktop.getChildAtIndex(i)
            try:
                if (app is not None and app.name == "byline" and
                        app.get_process_id() == self.proc.pid):
                    return app
            except Exception:  # an application that just went away
                continue
        return None

    def find_frame(self):
        for i in range(self.app.childCount):
            child = self.app.getChildAtIndex(i)
            if child is not None and child.getRole() == pyatspi.ROLE_FRAME:
                return child
        return None

    def find_xid(self):
        out = subprocess.run(["xdotool", "search", "--onlyvisible", "--pid",
                              str(self.proc.pid)],
                             stdout=subprocess.PIPE, text=True).stdout.split()
        return out[0] if out else None

    def find_field(self, name):
        def find():
            matches = pyatspi.findAllDescendants(
                self.frame,
                lambda a: a.name == name and a.getRole() in (
                    pyatspi.ROLE_TEXT, pyatspi.ROLE_ENTRY))
            return matches[0] if matches else None
        return wait_for("the field " + name, find)

    def click(self, accessible):
        extents = accessible.queryComponent().getExtents(pyatspi.WINDOW_COORDS)
        x = extents.x + min(40, extents.width // 2)
        y = extents.y + min(12, extents.height // 2)
        xdotool("mousemove", "--window", self.xid, x, y, "click", 1)
        time.sleep(0.2)

    def type_into(self, accessible, lines):
        """Types lines into a field, replacing what it held, and returns
        what the field then holds once it has taken every key (or after
        10 s). Each character is bound to a key of its own before it is
        typed (xkeys.py), so xdotool loses none: a character missing is
        Byline's, and fails the test."""
        self.click(accessible)
        return xkeys.replace_text(lines, lambda: self.text_of(accessible))

    @staticmethod
    def text_of(accessible):
        # GTK 4.8 answers getText(0, -1) with "": ask for characterCount.
        text = accessible.queryText()
        return text.getText(0, text.characterCount)

    def quit(self):
        xdotool("mousemove", "--window", self.xid, 400, 20)
        xdotool("key", "ctrl+q")
        try:
            return self.proc.wait(TIMEOUT)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            return None


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: test-persist.py BYLINE BYLINE_CLI")
    exe, cli = sys.argv[1:]

    top = tempfile.mkdtemp(prefix="byline-persist-")
    env = dict(os.environ)
    for var, sub in (("HOME", "home"), ("XDG_DATA_HOME", "data"),
                     ("XDG_CONFIG_HOME", "config"), ("XDG_CACHE_HOME", "cache"),
                     ("XDG_RUNTIME_DIR", "runtime")):
        env[var] = os.path.join(top, sub)
        os.makedirs(env[var], mode=0o700)
    env.pop("BYLINE_DATA_DIR", None)
    data_dir = os.path.join(env["XDG_DATA_HOME"], "byline")

    print("1..10", flush=True)
    try:
        first = Byline(exe, env)
        check(True, "Byline starts with an empty data folder and shows its window")

        xdotool("key", "ctrl+n")
        title = first.find_field("Title")
        typed = first.type_into(title, [TITLE])
        check(typed == TITLE, "the title typed into the window is in its field",
              "title holds %r" % typed)
        body = first.find_field("Body")
        typed = first.type_into(body, BODY_LINES)
        check(typed == BODY, "the body typed into the window is in its field",
              "body holds %r" % typed)

        # Quit straight after the last keystroke: nothing may be lost.
        rc = first.quit()
        check(rc == 0, "Ctrl+Q ends Byline cleanly", "exit status %r" % rc)

        second = Byline(exe, env)
        title = second.find_field("Title")
        shown = wait_for("the title to be shown",
                         lambda: second.text_of(title) or None, 10)
        check(shown == TITLE, "after a restart the window shows the same title",
              "title entry holds %r" % shown)
        shown_body = second.text_of(second.find_field("Body"))
        check(shown_body == BODY, "after a restart the window shows the same body",
              "body holds %r" % shown_body)

        cli_env = dict(env, BYLINE_DATA_DIR=data_dir)
        listed = subprocess.run([cli, "drafts", "list"], env=cli_env,
                                stdout=subprocess.PIPE, text=True, check=True).stdout
        draft_ids = [line.split()[0] for line in listed.splitlines() if line.strip()]
        shown_json = {}
        if len(draft_ids) == 1:
            shown_json = json.loads(subprocess.run(
                [cli, "drafts", "show", draft_ids[0], "--json"], env=cli_env,
                stdout=subprocess.PIPE, text=True, check=True).stdout)
        check(len(draft_ids) == 1 and shown_json.get("title") == TITLE and
              shown_json.get("body") == BODY,
              "the store holds exactly that one draft",
              "drafts list:\n%s\nshow: %r" % (listed, shown_json))

        # A logout or `kill` (SIGTERM) closes the window like Ctrl+Q does.
        more = "补充一句。"
        typed = second.type_into(second.find_field("Body"),
                                 BODY_LINES[:-1] + [BODY_LINES[-1] + more])
        second.proc.terminate()
        try:
            rc = second.proc.wait(TIMEOUT)
        except subprocess.TimeoutExpired:
            second.proc.kill()
            rc = None
        check(rc == 0 and typed == BODY + more,
              "SIGTERM right after typing ends the second run cleanly",
              "exit status %r, body held %r" % (rc, typed))

        third = Byline(exe, env)
        shown_body = third.text_of(third.find_field("Body"))
        check(shown_body == BODY + more, "what was typed before SIGTERM is there",
              "body holds %r" % shown_body)
        rc = third.quit()
        check(rc == 0, "the third run ends cleanly too", "exit status %r" % rc)
    except Exception as error:  # report as a failed test, not a traceback
        check(False, "the session ran to the end", repr(error))
    finally:
        shutil.rmtree(top, ignore_errors=True)

    sys.exit(0 if all(results) else 1)


if __name__ == "__main__":
    main()
