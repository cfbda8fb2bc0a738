#!/usr/bin/env python3
"""The layout's measurable rules (README, Contributing): no .c file under
src/ over 900 lines, no function over 150, and no SDL include in the core.
Prints each breach as FILE:LINE: what, and exits 1 when there is one."""
import glob
import re
import sys

MAX_FILE, MAX_FUNC = 900, 150
bad = []
for path in sorted(glob.glob("src/*/*.c") + glob.glob("src/*/*.h")):
    lines = open(path, encoding="utf-8").read().split("\n")
    if path.endswith(".c") and len(lines) - 1 > MAX_FILE:
        bad.append(f"{path}:1: {len(lines) - 1} lines (at most {MAX_FILE})")
    if path.startswith("src/core/"):
        for i, l in enumerate(lines):
            if re.match(r'\s*#\s*include\s*[<"]SDL', l):
                bad.append(f"{path}:{i + 1}: the core includes SDL")
    start = None
    for i, l in enumerate(lines):
        # a definition: a line ending in ')' at column 0, then '{' alone
        if re.match(r"^[A-Za-z].*\)\s*$", l) and i + 1 < len(lines) and lines[i + 1] == "{":
            start = i
        elif l == "}" and start is not None:
            n = i - start + 1
            if n > MAX_FUNC:
                name = re.search(r"(\w+)\s*\(", lines[start])
                bad.append(f"{path}:{start + 1}: {name.group(1) if name else '?'} is {n} lines (at most {MAX_FUNC})")
            start = None
for b in bad:
    print(b)
sys.exit(1 if bad else 0)
