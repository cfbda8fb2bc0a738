#!/usr/bin/env bash
# A user's own routine beside its own exercise file: it checks, plays (its
# timeline compiles), its new spoken text has no clip yet (a chime stands
# in), and --cues lists that text together with every shipped one, so the
# voice script can make the new clip without dropping any.
. "$(dirname "$0")/lib.bash"
mkdir -p "$tmp/mine"
sed 's/"id": *"pelvic-tilt"/"id": "my-tilt"/; s/"Hold it"/"Hold it there, nice and steady"/' \
    anims/exercises/pelvic-tilt.json >"$tmp/mine/my-tilt.json"
cat >"$tmp/routine.json" <<'JSON'
{"id": "routine", "title": "My own", "rest_s": 5,
 "items": [{"file": "mine/my-tilt.json"}, {"exercise": "childs-pose"}]}
JSON
"$limber" --check "$tmp/routine.json" 2>"$tmp/err"; rc=$?
check "the routine checks (rc $rc: $(cat "$tmp/err"))" test "$rc" = 0
"$limber" --timeline "$tmp/routine.json" >"$tmp/tl.json" 2>"$tmp/err"; rc=$?
check "its timeline compiles (rc $rc)" test "$rc" = 0
check "the new text is spoken without a clip yet" python3 -c '
import json, sys
tl = json.load(open(sys.argv[1]))
new = [e for e in tl["events"] if e["type"] == "cue" and e["text"] == "Hold it there, nice and steady"]
sys.exit(0 if new and all(e["clip"] is None for e in new) else 1)' "$tmp/tl.json"
"$limber" --cues >"$tmp/shipped.txt"
"$limber" --cues --routine "$tmp/routine.json" >"$tmp/all.txt"; rc=$?
check "--cues --routine FILE exits 0 (rc $rc)" test "$rc" = 0
check "it lists the new text" grep -qx "Hold it there, nice and steady" "$tmp/all.txt"
check "and every shipped text" bash -c "comm -23 <(sort '$tmp/shipped.txt') <(sort '$tmp/all.txt') | wc -l | grep -qx 0"
# A file given as the other kind is named for what it is, with the flag
# that takes it; --timeline takes either kind of file.
"$limber" --routine "$tmp/mine/my-tilt.json" --quit-after 0.1 >/dev/null 2>"$tmp/err"; rc=$?
check "an exercise file given to --routine: status 2 (rc $rc)" test "$rc" = 2
check "saying it is an exercise, for --exercise ($(cat "$tmp/err"))" \
    grep -q "my-tilt.json: this is an exercise, not a routine; give it with --exercise" "$tmp/err"
"$limber" --exercise "$tmp/routine.json" --quit-after 0.1 >/dev/null 2>"$tmp/err"; rc=$?
check "a routine file given to --exercise: status 2 (rc $rc)" test "$rc" = 2
check "saying it is a routine ($(cat "$tmp/err"))" grep -q "this is a routine, not an exercise; give it with --routine" "$tmp/err"
# A data file that is neither (poses, skeleton) is named for what it is,
# by --timeline, --cues and playing alike, instead of listing what an
# exercise or a routine would need.
for args in "--timeline anims/poses.json|a poses file, not an exercise or a routine" \
    "--timeline anims/skeleton.json|a skeleton, not an exercise or a routine" \
    "--cues --exercise anims/poses.json|a poses file, not an exercise" \
    "--cues --exercise $tmp/routine.json|a routine, not an exercise; give it with --routine" \
    "--cues --routine $tmp/mine/my-tilt.json|an exercise, not a routine; give it with --exercise" \
    "--exercise anims/skeleton.json --quit-after 0.1|a skeleton, not an exercise"; do
    "$limber" ${args%%|*} >"$tmp/out" 2>"$tmp/err"; rc=$?
    check "${args%%|*}: status 2 (rc $rc)" test "$rc" = 2
    check "saying it is ${args#*|} ($(cat "$tmp/err"))" grep -q -- "${args#*|}" "$tmp/err"
    check "on one line, printing nothing" bash -c "test \$(wc -l <'$tmp/err') = 1 && ! test -s '$tmp/out'"
done
"$limber" --timeline "$tmp/mine/my-tilt.json" >"$tmp/tl.json" 2>"$tmp/err"; rc=$?
check "--timeline takes an exercise file (rc $rc: $(cat "$tmp/err"))" test "$rc" = 0
check "and gives its timeline" grep -q '"id":[[:space:]]*"my-tilt"' "$tmp/tl.json"
# A shipped file given by its path is that routine or exercise, however
# the path is spelt; a copy under another path with the same id is not.
"$limber" --timeline anims/routines/back-spasm-relief.json >"$tmp/tl.json" 2>"$tmp/err"; rc=$?
check "--timeline on a shipped routine's file (rc $rc: $(cat "$tmp/err"))" test "$rc" = 0
"$limber" --timeline "$PWD/anims/exercises/cat-cow.json" >"$tmp/tl.json" 2>"$tmp/err"; rc=$?
check "--timeline on a shipped exercise's file by its full path (rc $rc: $(cat "$tmp/err"))" test "$rc" = 0
mkdir -p "$tmp/copy" && cp anims/routines/back-spasm-relief.json "$tmp/copy/"
"$limber" --timeline "$tmp/copy/back-spasm-relief.json" >/dev/null 2>"$tmp/err"; rc=$?
check "a copy with a shipped routine's id: status 1 (rc $rc)" test "$rc" = 1
check "naming the clash ($(cat "$tmp/err"))" grep -q "a routine with id 'back-spasm-relief' already exists" "$tmp/err"
# --hold on an exercise with no held stretch says it changes nothing; on
# one with a hold it is taken quietly.
"$limber" --timeline pelvic-tilt --hold 60 >/dev/null 2>"$tmp/err"; rc=$?
check "--hold on pelvic tilts: status 0 (rc $rc)" test "$rc" = 0
check "with a note that it has no held stretch ($(cat "$tmp/err"))" grep -q "Pelvic tilts has no held stretch for --hold" "$tmp/err"
"$limber" --timeline knee-to-chest --hold 60 >"$tmp/tl.json" 2>"$tmp/err"; rc=$?
check "--hold on knee to chest: no note (rc $rc: $(cat "$tmp/err"))" bash -c "test $rc = 0 && ! test -s '$tmp/err'"
check "and its holds are 60 s" python3 -c '
import json, sys
segs = json.load(open(sys.argv[1]))["segments"]
holds = [round(s["t1_s"] - s["t0_s"], 3) for s in segs if s["kind"] == "hold"]
sys.exit(0 if holds and 60.0 in holds else 1)' "$tmp/tl.json"
# Cat-cow's breathing cycle goes on for the hold time: --hold lengthens
# it, so it gets no note.
"$limber" --timeline cat-cow >"$tmp/cc.json" 2>/dev/null
"$limber" --timeline cat-cow --hold 120 >"$tmp/cc120.json" 2>"$tmp/err"; rc=$?
check "--hold on cat-cow: no note (rc $rc: $(cat "$tmp/err"))" bash -c "test $rc = 0 && ! test -s '$tmp/err'"
check "and cat-cow lasts longer with it" python3 -c '
import json, sys
a, b = (json.load(open(p))["duration_s"] for p in sys.argv[1:3])
sys.exit(0 if b > a + 30 else 1)' "$tmp/cc.json" "$tmp/cc120.json"
# --check FILE gives a user's file the cue timing notes the shipped ones
# get: a long shipped cue on a 1.2 s move stretches the move, and says so.
python3 - "$tmp/long-cue.json" <<'PY'
import json, sys
d = json.load(open("anims/exercises/knee-to-chest.json"))
d["id"] = "long-cue"
d["moves"][1]["cue"] = "Hold here, breathe slowly and let your lower back soften"
d["moves"][1]["move_s"] = 1.2
json.dump(d, open(sys.argv[1], "w"))
PY
"$limber" --check "$tmp/long-cue.json" 2>"$tmp/err"; rc=$?
check "a file with a long cue still checks (rc $rc)" test "$rc" = 0
check "with a warning naming the file and the stretch ($(head -c 300 "$tmp/err"))" \
    grep -q "warning: $tmp/long-cue.json: long-cue: .* stretched from 1.2 s" "$tmp/err"
check "said once, with how many more there were" \
    bash -c "test \$(grep -c stretched '$tmp/err') = 1 && grep -q 'more like it, on other reps or levels' '$tmp/err'"
"$limber" --check "$tmp/mine/my-tilt.json" 2>"$tmp/err"; rc=$?
check "a file without one has no stretch warning (rc $rc)" bash -c "test $rc = 0 && ! grep -q stretched '$tmp/err'"
check "its new text is noted as having no clip yet, once ($(head -c 300 "$tmp/err"))" \
    bash -c "test \$(grep -c 'Hold it there, nice and steady\" has no voice clip yet' '$tmp/err') = 1"
echo '{"id": "routine", "title": "Broken", "items": [{"file": "../outside.json"}]}' >"$tmp/routine.json"
"$limber" --cues --routine "$tmp/routine.json" >/dev/null 2>"$tmp/err"; rc=$?
check "a routine that leaves its folder is refused (rc $rc)" test "$rc" = 1
check "naming the place" grep -q 'items\[0\].file' "$tmp/err"
exit $fail
