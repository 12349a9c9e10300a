#!/usr/bin/python3
# test-publish.py: one click publishes the seed article to a real WordPress
#
# Starts the real `byline` with throw-away HOME and XDG folders and a
# throw-away gnome-keyring, adds the local test portal as an account through
# Preferences > Accounts, fills in the seed article's fields, chooses 创业 in
# the category picker, clicks Publish and waits for the "Published" toast;
# then reads the post back over the portal's REST API; then edits the body
# and presses Ctrl+Return there, which updates the same post.
#
# The portal is BYLINE_TEST_WP_URL/_USER/_PASSWORD (build-aux/test.sh starts
# one), or one this test starts with build-aux/wordpress.sh on a free port.
#
# Run under tests/gui/run-under-xvfb.sh; prints TAP.
# Usage: test-publish.py BYLINE BYLINE_CLI
#
# SPDX-License-Identifier: GPL-3.0-or-later

import base64
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request

import pyatspi

import xkeys

TITLE = "党建引领与创新同频共振,市北区登州路街道携手商会激发红色力量"
BODY_LINES = ["## 党建引领基层治理",
              "市北区登州路街道创新采用“网格+商会+支部”的党建模式。",
              "",
              "街道商会党支部组织会员企业参与社区志愿服务。"]
SOURCE = "界面新闻"
ORIGINAL_SOURCE = "凤凰网青岛"
CATEGORY = "创业"
TIMEOUT = 40

results = []


def log(message):
    print("# " + message, flush=True)


def check(ok, name, detail=""):
    results.append(bool(ok))
    print("%s %d - %s" % ("ok" if ok else "not ok", len(results), name), flush=True)
    if not ok and detail:
        for part in str(detail).splitlines():
            log(part)
    return ok


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


def find_all(root, pred):
    try:
        return pyatspi.findAllDescendants(root, pred)
    except Exception:  # a widget went away while the tree was walked
        return []


def text_of(accessible):
    # GTK 4.8 answers getText(0, -1) with "": ask for characterCount.
    text = accessible.queryText()
    return text.getText(0, text.characterCount)


class Byline:
    def __init__(self, exe, env):
        self.proc = subprocess.Popen([exe], env=env, stdout=sys.stderr, stderr=sys.stderr)
        self.app = wait_for("Byline on the accessibility bus", self.find_app)
        self.frame = wait_for("the Byline window", lambda: self.find_frame("Byline"))
        self.xid = wait_for("the X window", self.find_xid)
        # The default size is wider than the test's screen: the fields
        # column would be off it.
        xdotool("windowsize", self.xid, 1200, 760)
        time.sleep(0.5)
        xdotool("mousemove", "--window", self.xid, 400, 20)

    def find_app(self):
        if self.proc.poll() is not None:
            raise RuntimeError("byline exited with %d" % self.proc.returncode)
        desktop = pyatspi.Registry.getDesktop(0)
        for i in range(desktop.childCount):
            app = desktop.getChildAtIndex(i)
            if app is not None and app.name == "byline":
                return app
        return None

    def frames(self):
        found = []
        for i in range(self.app.childCount):
            child = self.app.getChildAtIndex(i)
            if child is not None and child.getRole() in (pyatspi.ROLE_FRAME,
                                                         pyatspi.ROLE_DIALOG,
                                                         pyatspi.ROLE_WINDOW):
                found.append(child)
        return found

    def find_frame(self, name=None, exclude=()):
        for frame in self.frames():
            if frame in exclude:
                continue
            if name is None or frame.name == name:
                return frame
        return None

    def find_xid(self):
        out = subprocess.run(["xdotool", "search", "--onlyvisible", "--pid",
                              str(self.proc.pid)],
                             stdout=subprocess.PIPE, text=True).stdout.split()
        return out[0] if out else None

    def find(self, root, name, roles, what=None):
        def look():
            matches = find_all(root, lambda a: a.name == name and a.getRole() in roles)
            return matches[0] if matches else None
        return wait_for(what or name, look)

    def field(self, root, name):
        return self.find(root, name, (pyatspi.ROLE_TEXT, pyatspi.ROLE_ENTRY,
                                      pyatspi.ROLE_PASSWORD_TEXT), "the field " + name)

    def button(self, root, name):
        # GTK 4.8 names a labelled button twice: its label, then the label
        # widget inside it.
        def look():
            matches = find_all(root, lambda a: a.name in (name, name + " " + name) and
                               a.getRole() in (pyatspi.ROLE_PUSH_BUTTON,
                                               pyatspi.ROLE_TOGGLE_BUTTON))
            return matches[0] if matches else None
        return wait_for("the button " + name, look)

    def press(self, accessible):
        accessible.queryAction().doAction(0)
        time.sleep(0.3)

    def click(self, accessible, window=None):
        extents = accessible.queryComponent().getExtents(pyatspi.WINDOW_COORDS)
        x = extents.x + min(40, extents.width // 2)
        y = extents.y + min(12, extents.height // 2)
        xdotool("mousemove", "--window", window or self.xid, x, y, "click", 1)
        time.sleep(0.3)

    def type_into(self, accessible, lines):
        """Types lines into a field over what it held; returns what the
        field then holds (xkeys.replace_text: no key is lost to xdotool)."""
        self.click(accessible)
        return xkeys.replace_text(lines, lambda: text_of(accessible))

    def set_text(self, accessible, text):
        accessible.queryEditableText().setTextContents(text)
        time.sleep(0.2)
        return text_of(accessible)

    def quit(self):
        xdotool("mousemove", "--window", self.xid, 400, 20)
        xdotool("key", "ctrl+q")
        try:
            return self.proc.wait(TIMEOUT)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            return None


def rest_get(url, path, user, password):
    request = urllib.request.Request(url.rstrip("/") + "/wp-json" + path)
    token = base64.b64encode(("%s:%s" % (user, password)).encode()).decode()
    request.add_header("Authorization", "Basic " + token)
    with urllib.request.urlopen(request, timeout=30) as answer:
        return json.loads(answer.read().decode())


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_portal(top):
    """The portal of build-aux/test.sh, or one of this test's own."""
    url = os.environ.get("BYLINE_TEST_WP_URL")
    if url:
        return (url, os.environ["BYLINE_TEST_WP_USER"],
                os.environ["BYLINE_TEST_WP_PASSWORD"], None)
    srcdir = os.environ.get("BYLINE_TEST_SRCDIR", os.path.dirname(__file__) + "/..")
    script = os.path.join(srcdir, "..", "build-aux", "wordpress.sh")
    data = os.path.join(top, "wordpress")
    out = subprocess.run(["bash", script, "start", data, str(free_port())],
                         stdout=subprocess.PIPE, stderr=sys.stderr, text=True,
                         check=True).stdout
    values = dict(line.split("=", 1) for line in out.splitlines() if "=" in line)
    return values["site_url"], values["user"], values["password"], (script, data)


def start_keyring(env):
    """A throw-away Secret Service on this test's session bus."""
    out = subprocess.run(["gnome-keyring-daemon", "--unlock", "--components=secrets",
                          "--daemonize"], input="\n", env=env, stdout=subprocess.PIPE,
                         stderr=sys.stderr, text=True, check=True).stdout
    for line in out.splitlines():
        if "=" in line:
            key, value = line.split("=", 1)
            env[key] = value


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: test-publish.py BYLINE BYLINE_CLI")
    exe, cli = sys.argv[1:]

    top = tempfile.mkdtemp(prefix="byline-publish-")
    env = dict(os.environ)
    for var, sub in (("HOME", "home"), ("XDG_DATA_HOME", "data"),
                     ("XDG_CONFIG_HOME", "config"), ("XDG_CACHE_HOME", "cache"),
                     ("XDG_RUNTIME_DIR", "runtime")):
        env[var] = os.path.join(top, sub)
        os.makedirs(env[var], mode=0o700)
    for var in ("BYLINE_DATA_DIR", "BYLINE_PORTAL_PASSWORD"):
        env.pop(var, None)
    cli_env = dict(env, BYLINE_DATA_DIR=os.path.join(env["XDG_DATA_HOME"], "byline"))

    print("1..12", flush=True)
    portal = None
    byline = None
    try:
        url, user, password, portal = start_portal(top)
        start_keyring(env)
        byline = Byline(exe, env)
        check(True, "Byline starts with a throw-away keyring and data folder")

        # Preferences > Accounts > Add an Account
        xdotool("key", "ctrl+comma")
        prefs = wait_for("the Preferences window",
                         lambda: byline.find_frame(exclude=(byline.frame,)))
        byline.press(byline.find(prefs, "Accounts",
                                 (pyatspi.ROLE_TOGGLE_BUTTON, pyatspi.ROLE_PUSH_BUTTON,
                                  pyatspi.ROLE_PAGE_TAB, pyatspi.ROLE_RADIO_BUTTON)))
        byline.set_text(byline.field(prefs, "Site Address"), url)
        byline.set_text(byline.field(prefs, "User Name"), user)
        byline.set_text(byline.field(prefs, "Application Password"), password)
        byline.set_text(byline.field(prefs, "Account Name (optional)"), "Local test portal")
        byline.press(byline.button(prefs, "Add Account"))

        def account_listed():
            out = subprocess.run([cli, "accounts", "list"], env=cli_env,
                                 stdout=subprocess.PIPE, text=True).stdout
            return "Local test portal" in out and out
        listed = wait_for("the account in the store", account_listed)
        shown = wait_for("the account row", lambda: find_all(
            prefs, lambda a: a.getRole() == pyatspi.ROLE_LABEL and a.name == "Default"))
        check(listed.startswith("* ") and shown,
              "an account added in Preferences is checked, stored and the default",
              listed)
        close = find_all(prefs, lambda a: a.name == "Close" and
                         a.getRole() == pyatspi.ROLE_PUSH_BUTTON)
        if close:
            byline.press(close[0])
        wait_for("Preferences to close",
                 lambda: byline.find_frame(exclude=(byline.frame,)) is None)

        # The seed article, by hand.
        xdotool("mousemove", "--window", byline.xid, 400, 20)
        xdotool("key", "ctrl+n")
        typed = byline.type_into(byline.field(byline.frame, "Title"), [TITLE])
        typed_body = byline.type_into(byline.field(byline.frame, "Body"), BODY_LINES)
        check(typed == TITLE and typed_body == "\n".join(BODY_LINES),
              "the seed's title and body are typed in",
              "title %r, body %r" % (typed, typed_body))

        fields = byline.button(byline.frame, "Show Article Fields")
        state = fields.getState()
        if not (state.contains(pyatspi.STATE_CHECKED) or state.contains(pyatspi.STATE_PRESSED)):
            byline.press(fields)
        source = byline.set_text(byline.field(byline.frame, "Source"), SOURCE)
        original = byline.set_text(byline.field(byline.frame, "Original Source"),
                                   ORIGINAL_SOURCE)
        check(source == SOURCE and original == ORIGINAL_SOURCE,
              "the source and original source are filled in",
              "source %r, original source %r" % (source, original))

        # The category picker: search, then take the category found.
        chooser = byline.button(byline.frame, "Choose from the Portal’s Categories")
        extents = chooser.queryComponent().getExtents(pyatspi.WINDOW_COORDS)
        log("category picker button at %d,%d %dx%d" % (extents.x, extents.y,
                                                       extents.width, extents.height))
        byline.click(chooser)
        search = byline.field(byline.app, "Search categories")
        byline.set_text(search, CATEGORY)
        wait_for("the category in the picker", lambda: find_all(
            byline.app, lambda a: a.getRole() == pyatspi.ROLE_LABEL and a.name == CATEGORY))
        # Enter in the search takes the first category found (the popover
        # has the keyboard focus).
        xdotool("key", "Return")
        category = byline.field(byline.frame, "Category")
        chosen = wait_for("the category field", lambda: text_of(category) == CATEGORY, 10)
        check(chosen, "创业 is chosen in the category picker", text_of(category))

        # Publish; a post of the same title from another test asks first.
        byline.press(byline.button(byline.frame, "Publish"))

        def outcome():
            if find_all(byline.frame, lambda a: a.getRole() == pyatspi.ROLE_LABEL
                        and a.name == "Published"):
                return "published"
            again = find_all(byline.app, lambda a: a.name.endswith("Publish Anyway")
                             and a.getRole() == pyatspi.ROLE_PUSH_BUTTON)
            if again:
                byline.press(again[0])
                log("the portal had a post with this title: published again")
            problems = find_all(byline.app, lambda a: a.name in (
                "Not Published", "Fix These Before Publishing", "No Portal Account"))
            if problems:
                return "refused: " + problems[0].name
            return None
        result = wait_for("the Published toast", outcome, 90)
        check(result == "published", "Publish ends with the Published toast", result)

        drafts = subprocess.run([cli, "drafts", "list"], env=cli_env,
                                stdout=subprocess.PIPE, text=True, check=True).stdout
        draft_id = drafts.split()[0]
        stored = json.loads(subprocess.run([cli, "drafts", "show", draft_id, "--json"],
                                           env=cli_env, stdout=subprocess.PIPE, text=True,
                                           check=True).stdout)
        remote_id = stored.get("remote_id")
        check(stored.get("state") == "published" and remote_id,
              "the draft records the post's id and the Published state",
              json.dumps({k: stored.get(k) for k in ("state", "remote_id", "remote_url",
                                                     "failure_reason")}))

        post = rest_get(url, "/wp/v2/posts/%d?context=edit" % remote_id, user, password)
        terms = rest_get(url, "/wp/v2/categories?per_page=100", user, password)
        wanted = [t["id"] for t in terms if t["name"] == CATEGORY]
        check(post["title"]["raw"] == TITLE and wanted and wanted[0] in post["categories"],
              "the portal has the post, with the seed's title, in 创业",
              "title %r, categories %r, 创业 is %r" % (post["title"]["raw"],
                                                     post["categories"], wanted))
        content = post["content"]["raw"]
        check(SOURCE in content and ORIGINAL_SOURCE in content and
              "党建引领基层治理" in content,
              "the post has the heading and the attribution",
              content[:2000])

        # The draft is a post now: the button offers to update it.
        offered = byline.button(byline.frame, "Update")
        check(offered is not None, "the Publish button of a published draft says Update")

        # An edit, then Ctrl+Return from inside the body: the same post is
        # updated.
        body = byline.field(byline.frame, "Body")
        byline.click(body)
        xdotool("key", "ctrl+End")
        xkeys.type_text("补充一句。", 30)
        xdotool("key", "ctrl+Return")

        seen = []

        def updated():
            # The toast shows for a few seconds: look for it while waiting.
            if not seen and find_all(byline.frame, lambda a: a.getRole() == pyatspi.ROLE_LABEL
                                     and a.name == "Updated"):
                seen.append(True)
            current = json.loads(subprocess.run(
                [cli, "drafts", "show", draft_id, "--json"], env=cli_env,
                stdout=subprocess.PIPE, text=True, check=True).stdout)
            if current.get("remote_modified") != stored.get("remote_modified"):
                return current
            return None
        current = wait_for("the update to be recorded", updated, 60)
        post = rest_get(url, "/wp/v2/posts/%d?context=edit" % remote_id, user, password)
        # Under load xdotool may drop a character of the Chinese it types:
        # what counts is that the typed text, whatever reached the body, is
        # on the portal, and that Ctrl+Return put no line break after it.
        before = stored.get("body", "").rstrip("\n")
        now = current.get("body", "")
        added = now[len(before):].lstrip("\n") if now.startswith(before) else ""
        check(current.get("remote_id") == remote_id and added.rstrip("。")
              and "\n" not in added and added.rstrip("。") in post["content"]["raw"],
              "Ctrl+Return in the body updates the same post",
              "remote id %r, body %r" % (current.get("remote_id"), now))
        toast = seen or wait_for("the Updated toast",
                                 lambda: find_all(byline.frame,
                                                  lambda a: a.getRole() == pyatspi.ROLE_LABEL
                                                  and a.name == "Updated"), 10)
        check(bool(toast), "the update ends with the Updated toast")
    except Exception as error:  # report as a failed test, not a traceback
        if os.environ.get("BYLINE_TEST_SHOT"):
            subprocess.run(["import", "-window", "root", os.environ["BYLINE_TEST_SHOT"]])
        check(False, "the session ran to the end", repr(error))
    finally:
        if byline is not None and byline.proc.poll() is None:
            byline.quit()
        if portal is not None:
            subprocess.run(["bash", portal[0], "stop", portal[1]], stdout=subprocess.DEVNULL,
                           stderr=sys.stderr)
        shutil.rmtree(top, ignore_errors=True)

    sys.exit(0 if len(results) == 12 and all(results) else 1)


if __name__ == "__main__":
    main()
