# xkeys.py: typing Chinese with xdotool without losing characters
#
# `xdotool type` sends a character the keymap lacks by binding it to a spare
# key, pressing that key and unbinding it again at once. The program under
# test translates the key press with whatever keymap it holds when it gets
# round to the event: on a busy machine (meson runs two GUI tests at a time)
# that is often after the unbinding, and the character is lost. Retyping made
# it rarer, never impossible.
#
# hold() binds every character a text needs to a key of its own before any
# of it is typed, and leaves it bound: xdotool then finds each character in
# the keymap and changes nothing while it types (no ChangeKeyboardMapping
# request, checked with strace), so there is nothing left to race with.
#
# The keys used are the ones that hold nothing or only XF86 media and
# launcher keysyms (about 110 on Xvfb's default keymap); none of the tests
# presses those. The X server must run with -noreset (run-under-xvfb.sh
# does), or it drops the bindings when its last client disconnects.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import subprocess
import time

_spare = None    # keycodes that may hold a character, in order
_held = {}       # character -> the keycode it is bound to


def _spare_keycodes():
    out = subprocess.run(["xmodmap", "-pke"], stdout=subprocess.PIPE,
                         text=True, check=True).stdout
    codes = []
    for line in out.splitlines():
        head, _, syms = line.partition("=")
        code = int(head.split()[1])
        names = [name for name in syms.split() if name != "NoSymbol"]
        if code > 8 and all(name.startswith("XF86") for name in names):
            codes.append(code)
    return codes


def hold(text):
    """Binds each character of text outside ASCII to a key of its own, so
    that typing text changes no key binding."""
    global _spare
    if _spare is None:
        _spare = _spare_keycodes()
    needed = [c for c in dict.fromkeys(text) if ord(c) > 0x7e]
    missing = [c for c in needed if c not in _held]
    if not missing:
        return
    # Keys free, then keys holding characters this text does not need.
    taken = {code: char for char, code in _held.items()}
    free = [code for code in _spare if code not in taken]
    free += [code for code in _spare if code in taken and taken[code] not in needed]
    if len(missing) > len(free):
        raise ValueError("%d characters to bind, %d spare keys" % (len(missing), len(free)))
    expressions = []
    for char, code in zip(missing, free):
        if code in taken:
            del _held[taken[code]]
        _held[char] = code
        expressions += ["-e", "keycode %d = U%04X" % (code, ord(char))]
    subprocess.run(["xmodmap"] + expressions, check=True)


def type_text(text, delay=30):
    """Types text (no newlines) into the focused widget, delay ms apart."""
    hold(text)
    subprocess.run(["xdotool", "type", "--delay", str(delay), text],
                   check=True, stdout=subprocess.DEVNULL)


def replace_text(lines, read, delay=30, timeout=10):
    """Types lines (Return between them) over all that the focused field
    holds, and returns what read() gives once it is those lines, or after
    timeout seconds: the keys may still be queued when read() asks."""
    wanted = "\n".join(lines)
    subprocess.run(["xdotool", "key", "ctrl+a"], check=True)
    for i, line in enumerate(lines):
        if i > 0:
            subprocess.run(["xdotool", "key", "Return"], check=True)
        if line:
            type_text(line, delay)
    deadline = time.monotonic() + timeout
    held = read()
    while held != wanted and time.monotonic() < deadline:
        time.sleep(0.2)
        held = read()
    return held
