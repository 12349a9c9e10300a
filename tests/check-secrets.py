#!/usr/bin/python3
"""After the other tests: no file they left holds a test password.

Looks in the build folder's test data folders and meson-logs, core files
there, the user's Byline data, config and cache folders, Byline's folders
in the temporary folder, and the system's core-dump folders, for the
Application Password of the test WordPress (BYLINE_TEST_WP_PASSWORD_FILE, set
by build-aux/test.sh, or BYLINE_TEST_WP_PASSWORD) and the fixed ones the tests use. WordPress's own data
folder (the one with portal.env, where build-aux/wordpress.sh keeps the
password by design) and keyring files are left out. Prints TAP.

    check-secrets.py BUILD_ROOT"""

import base64
import glob
import os
import sys

MAX_FILE = 64 * 1024 * 1024

build_root = os.path.abspath(sys.argv[1])
passwords = ["fake fake fake"]
if os.environ.get("BYLINE_TEST_WP_PASSWORD"):
    passwords.append(os.environ["BYLINE_TEST_WP_PASSWORD"])
elif os.environ.get("BYLINE_TEST_WP_PASSWORD_FILE"):
    with open(os.environ["BYLINE_TEST_WP_PASSWORD_FILE"], encoding="utf-8") as f:
        passwords.append(f.read().strip())
needles = set()
for p in passwords:
    needles.add(p.encode())
    needles.add(p.replace(" ", "").encode())
    needles.add(base64.b64encode(p.encode()))
user = os.environ.get("BYLINE_TEST_WP_USER")
if user and len(passwords) > 1:
    needles.add(base64.b64encode(f"{user}:{passwords[1]}".encode()))

home = os.path.expanduser("~")
tmp = os.environ.get("TMPDIR", "/tmp")
xdg_cache = os.environ.get("XDG_CACHE_HOME", os.path.join(home, ".cache"))
xdg_data = os.environ.get("XDG_DATA_HOME", os.path.join(home, ".local", "share"))
xdg_config = os.environ.get("XDG_CONFIG_HOME", os.path.join(home, ".config"))

areas = [
    ("test data folders", [os.path.join(build_root, "tests", "tmp")]),
    ("meson logs", [os.path.join(build_root, "meson-logs")]),
    ("core files in the build folder",
     glob.glob(os.path.join(build_root, "**", "core"), recursive=True)
     + glob.glob(os.path.join(build_root, "**", "core.[0-9]*"), recursive=True)
     + glob.glob(os.path.join(build_root, "**", "vgcore.*"), recursive=True)),
    ("data, config and cache folders",
     glob.glob(os.path.join(xdg_data, "byline*")) + glob.glob(os.path.join(xdg_data, "io.github.byline*"))
     + glob.glob(os.path.join(xdg_config, "byline*")) + glob.glob(os.path.join(xdg_config, "io.github.byline*"))
     + glob.glob(os.path.join(xdg_cache, "byline*")) + glob.glob(os.path.join(xdg_cache, "io.github.byline*"))),
    ("Byline's temporary folders", glob.glob(os.path.join(tmp, "byline-*"))),
    ("core dumps", ["/var/crash", "/var/lib/systemd/coredump"]),
]


def is_wordpress_folder(path):
    return os.path.exists(os.path.join(path, "portal.env")) or os.path.basename(path) == "wordpress"


def scan(path, found, counts):
    if os.path.islink(path):
        return
    if os.path.isdir(path):
        if is_wordpress_folder(path) or os.path.basename(path) == "keyrings":
            return
        try:
            names = os.listdir(path)
        except OSError:
            return
        for name in names:
            scan(os.path.join(path, name), found, counts)
        return
    if not os.path.isfile(path):
        return
    try:
        if os.path.getsize(path) > MAX_FILE:
            return
        with open(path, "rb") as f:
            data = f.read()
    except OSError:
        return
    counts[0] += 1
    counts[1] += len(data)
    for n in needles:
        if n in data:
            found.append(path)
            break


print(f"1..{len(areas)}")
failed = False
total_files = 0
for i, (name, paths) in enumerate(areas, 1):
    found = []
    counts = [0, 0]
    for p in paths:
        if os.path.exists(p):
            scan(p, found, counts)
    total_files += counts[0]
    if found:
        failed = True
        print(f"not ok {i} - {name}: the password is in {len(found)} file(s)")
        for f in found[:20]:
            print(f"# {f}")
    else:
        print(f"ok {i} - {name}: {counts[0]} files, {counts[1]} bytes, no password")
print(f"# {len(passwords)} passwords looked for in {total_files} files"
      + ("" if len(passwords) > 1 else " (no test portal password given: the fixed ones only)"))
sys.exit(1 if failed else 0)
