#!/usr/bin/env bash
# The shipped stretches against their sources. For every exercise and
# routine at each level, the compiled timeline (--timeline) must:
#   - hold each stretch for a time inside the source article's range for
#     that level (the table below is the articles' numbers, not ours),
#   - do both sides, left and right, where the article has two sides,
#   - repeat as many times as the article asks (pelvic tilts: 10 to 15, each
#     held about 5 s),
#   - give every step a caption and every spoken cue some words,
# and --list must name all ten exercises and both routines.
# Run from the repository root with the limber binary as $1.
set -u
limber="$1"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

exercises="knee-to-chest thread-the-needle seated-rotation figure-four crossed-leg-forward-fold
hamstring-stretch cat-cow childs-pose pelvic-tilt seated-forward-fold"
routines="back-spasm-relief pt-spasm-recovery"
fail=0
for id in $exercises $routines; do
    for level in beginner active; do
        if ! "$limber" --timeline "$id" --level "$level" > "$tmp/$id.$level.json" 2> "$tmp/err"; then
            echo "FAIL --timeline $id --level $level: $(cat "$tmp/err")"
            fail=1
        fi
    done
done
# Times are given to the millisecond, not as binary fractions' long tails.
if grep -Eq '[0-9]\.[0-9]{4,}' "$tmp"/*.json; then
    echo "FAIL --timeline prints times with more than three decimals: $(grep -Eho '[0-9]+\.[0-9]{4,}' "$tmp"/*.json | head -3 | tr '\n' ' ')"
    fail=1
else
    echo "ok   --timeline times to the millisecond"
fi
"$limber" --list > "$tmp/list.txt" || { echo "FAIL --list"; fail=1; }

python3 - "$tmp" $exercises -- $routines <<'PY' || fail=1
import json, os, sys

tmp = sys.argv[1]
args = sys.argv[2:]
cut = args.index("--")
exercises, routines = args[:cut], args[cut + 1:]
LEVELS = ("beginner", "active")

SIX = "six"    # the six-stretch article (Tom's Guide)
GUIDE = "pt"   # the physical-therapy guide (Empower Fitness)
# What the articles say. Six stretches: 15-30 s for someone new to
# stretching the lower back, 30-45 s for someone active; each stretch with a
# left and right side except the crossed-leg stretch. Guide: its own ranges
# (knee to chest 20-30 per side, cat-cow and child's pose 30-60, forward
# fold 20-30) and pelvic tilts held about 5 s for 10 to 15 reps. The six
# stretches start on the left, except thread the needle (the right arm
# threads first) and the hamstring stretch (the right leg first); side 1 is
# the left, 2 the right.
SIX_RANGE = {"beginner": (15, 30), "active": (30, 45)}
ARTICLE = {
    "knee-to-chest": {"source": SIX, "sided": True, "hold": SIX_RANGE},
    "thread-the-needle": {"source": SIX, "sided": True, "hold": SIX_RANGE, "first": 2},
    "seated-rotation": {"source": SIX, "sided": True, "hold": SIX_RANGE},
    "figure-four": {"source": SIX, "sided": True, "hold": SIX_RANGE},
    "crossed-leg-forward-fold": {"source": SIX, "sided": False, "hold": SIX_RANGE},
    "hamstring-stretch": {"source": SIX, "sided": True, "hold": SIX_RANGE, "first": 2},
    "cat-cow": {"source": GUIDE, "sided": False, "hold": {l: (30, 60) for l in LEVELS}},
    "childs-pose": {"source": GUIDE, "sided": False, "hold": {l: (30, 60) for l in LEVELS}},
    "pelvic-tilt": {"source": GUIDE, "sided": False, "reps": {"beginner": (10, 15), "active": (10, 15)},
                    "rep_hold": 5},
    "seated-forward-fold": {"source": GUIDE, "sided": False, "hold": {l: (20, 30) for l in LEVELS}},
}
GUIDE_KNEE_TO_CHEST = (20, 30)
ROUTINES = {
    "back-spasm-relief": ["knee-to-chest", "thread-the-needle", "seated-rotation", "figure-four",
                          "crossed-leg-forward-fold", "hamstring-stretch"],
    "pt-spasm-recovery": ["knee-to-chest", "cat-cow", "childs-pose", "pelvic-tilt", "seated-forward-fold"],
}

fail = 0


def check(ok, what):
    global fail
    if not ok:
        print("FAIL " + what)
        fail = 1
    return ok


def load(id, level):
    with open(os.path.join(tmp, "%s.%s.json" % (id, level))) as f:
        return json.load(f)


def stretch_time(segs, side):
    """Seconds the stretch is held on one side: its hold segments outside
    any repetition, plus a breathing cycle that repeats for the hold."""
    on = [s for s in segs if s["side"] == side]
    held = sum(s["t1_s"] - s["t0_s"] for s in on if s["kind"] == "hold" and "rep" not in s)
    cycled = sum(s["t1_s"] - s["t0_s"] for s in on if "rep" in s)
    return held + cycled


def check_item(id, level, item, segs, where, hold_range=None):
    art = ARTICLE[id]
    sides = ["left", "right"] if art["sided"] else ["none"]
    check(item["sided"] == art["sided"],
          "%s: %s is %ssided, the article gives it %s" % (where, id, "" if item["sided"] else "not ",
                                                        "two sides" if art["sided"] else "one"))
    # Getting into the start position is side-less; the stretch itself is not.
    seen = sorted({s["side"] for s in segs if s["kind"] == "hold" or "rep" in s})
    # (a short settling hold before the first side is side-less too)
    ok = set(sides) <= set(seen) and (art["sided"] or seen == ["none"])
    check(ok, "%s: %s holds on sides %s, expected %s" % (where, id, seen, sides))
    if "reps" in art:
        lo, hi = art["reps"][level]
        check(lo <= item["reps"] <= hi, "%s: %s does %d reps, the article asks %d to %d"
              % (where, id, item["reps"], lo, hi))
        for side in sides:
            reps = {s["rep"] for s in segs if s["side"] == side and "rep" in s}
            check(len(reps) == item["reps"], "%s: %s has %d rep segments on side %s, expected %d"
                  % (where, id, len(reps), side, item["reps"]))
            holds = [s["t1_s"] - s["t0_s"] for s in segs
                     if s["side"] == side and s["kind"] == "hold" and "rep" in s]
            check(len(holds) == item["reps"] and all(abs(h - art["rep_hold"]) < 1e-6 for h in holds),
                  "%s: %s holds each rep %s s, the article says about %d s"
                  % (where, id, sorted(set(round(h, 2) for h in holds)), art["rep_hold"]))
    else:
        lo, hi = hold_range or art["hold"][level]
        check(lo <= item["hold_s"] <= hi, "%s: %s hold_s %g is outside %g to %g s"
              % (where, id, item["hold_s"], lo, hi))
        for side in sides:
            t = stretch_time(segs, side)
            check(lo - 1e-6 <= t <= hi + 1e-6, "%s: %s is held %.2f s on side %s, outside %g to %g s"
                  % (where, id, t, side, lo, hi))


def check_texts(tl, where):
    for s in tl["segments"]:
        check(s["text"].strip() != "", "%s: the %s step at %.2f s has no caption" % (where, s["kind"], s["t0_s"]))
    for e in tl["events"]:
        if e["type"] == "cue":
            check(e.get("text", "").strip() != "", "%s: an empty cue at %.2f s" % (where, e["t_s"]))


for id in exercises:
    for level in LEVELS:
        where = "%s (%s)" % (id, level)
        tl = load(id, level)
        check(tl["level"] == level, "%s: compiled at level %s" % (where, tl["level"]))
        check(len(tl["items"]) == 1 and tl["items"][0]["id"] == id, "%s: one item, itself" % where)
        item = tl["items"][0]
        check_item(id, level, item, tl["segments"], where)
        sides = [e["arg"] for e in tl["events"] if e["type"] == "side"]
        first = ARTICLE[id].get("first", 1)
        check(sides == ([first, 3 - first] if ARTICLE[id]["sided"] else []),
              "%s: side events %s" % (where, sides))
        check_texts(tl, where)
        check(any(e["type"] == "cue" for e in tl["events"]), "%s: says nothing" % where)

for rid in routines:
    for level in LEVELS:
        where = "%s (%s)" % (rid, level)
        tl = load(rid, level)
        ids = [it["id"] for it in tl["items"]]
        check(ids == ROUTINES[rid], "%s: items %s, the article's order is %s" % (where, ids, ROUTINES[rid]))
        for k, item in enumerate(tl["items"]):
            segs = [s for s in tl["segments"] if s["item"] == k]
            rng = None
            if rid == "pt-spasm-recovery" and item["id"] == "knee-to-chest":
                rng = GUIDE_KNEE_TO_CHEST  # the guide's own range for its version
            if item["id"] in ARTICLE:
                check_item(item["id"], level, item, segs, where, rng)
        check(any(s["kind"] == "safety" for s in tl["segments"]), "%s: no safety card first" % where)
        check_texts(tl, where)

listed = {}
with open(os.path.join(tmp, "list.txt")) as f:
    for line in f:
        id, _, title = line.rstrip("\n").partition("\t")
        listed[id] = title
for id in list(ARTICLE) + list(ROUTINES):
    check(listed.get(id, "").strip() != "", "--list does not show %s with a title" % id)

if not fail:
    print("ok   %d exercises and %d routines at %d levels match their sources"
          % (len(exercises), len(routines), len(LEVELS)))
sys.exit(fail)
PY
exit $fail
