#!/usr/bin/env bash
# The program in a broken environment, as users meet it: no sound device,
# a missing, corrupt or directory font, a missing or corrupt voice clip, an
# unreadable or directory content file. Each either goes on with one
# warning that names the problem or stops with status 1 and a message that
# names the file; never a crash. (No display, routines naming unknown
# exercises and paths leaving their folder: render_and_window.sh and the
# tests/bad corpus.)
. "$(dirname "$0")/lib.bash"
export SDL_VIDEODRIVER=offscreen SDL_AUDIODRIVER=dummy
ex=knee-to-chest
# A fresh copy of the shipped data to break.
fresh() { rm -rf "$tmp/data"; mkdir "$tmp/data"; cp -r anims assets "$tmp/data/"; }
# Long enough for a loaded or sanitised build to show a frame; the runs
# that fail stop at start-up.
play() { "$limber" --data "$tmp/data" --no-settings --exercise "$ex" --quit-after 4 --stats "$@" >"$tmp/out" 2>"$tmp/err"; }

# No sound device: silent, one warning, the show goes on.
SDL_AUDIODRIVER=nonexistent "$limber" --no-settings --exercise "$ex" --quit-after 4 --stats >"$tmp/out" 2>"$tmp/err"; rc=$?
check "no sound device: status 0 (rc $rc)" test "$rc" = 0
check "no sound device: exactly one line on stderr ($(wc -l <"$tmp/err"))" test "$(wc -l <"$tmp/err")" = 1
check "no sound device: it says so ($(cat "$tmp/err"))" grep -qi "no sound" "$tmp/err"
check "no sound device: frames were still shown" grep -Eq '^frames [1-9]' "$tmp/out"
# The same with no driver named, as a user runs it: on a machine with no
# sound card, ALSA's own complaints on SDL's way to failing are kept out.
if [ ! -e /proc/asound/cards ] || grep -q "no soundcards" /proc/asound/cards; then
    env -u SDL_AUDIODRIVER "$limber" --no-settings --exercise "$ex" --quit-after 2 --stats >"$tmp/out" 2>"$tmp/err"; rc=$?
    check "no sound card, no driver named: status 0 (rc $rc)" test "$rc" = 0
    check "no sound card: at most one line on stderr ($(wc -l <"$tmp/err"))" test "$(wc -l <"$tmp/err")" -le 1
    check "no sound card: no lines from ALSA's library" bash -c "! grep -q '^ALSA lib' '$tmp/err'"
fi

# Fonts: missing, corrupt, a directory. Status 1, the file named.
font=assets/fonts/DejaVuSans.ttf
fresh; rm "$tmp/data/$font"
play; rc=$?
check "missing font: status 1 (rc $rc)" test "$rc" = 1
check "missing font: the message names it ($(cat "$tmp/err"))" grep -q "$tmp/data/$font" "$tmp/err"
check "missing font: and says it is not there" grep -q "No such file" "$tmp/err"
fresh; head -c 4096 /dev/urandom >"$tmp/data/$font"
play; rc=$?
check "corrupt font: status 1 (rc $rc)" test "$rc" = 1
check "corrupt font: the message names it ($(cat "$tmp/err"))" grep -q "$tmp/data/$font.*not a usable font" "$tmp/err"
"$limber" --data "$tmp/data" --render "$tmp/frames" --exercise "$ex" --seconds 0.1 --size 160x90 2>"$tmp/err"; rc=$?
check "corrupt font, --render: status 1 (rc $rc)" test "$rc" = 1
check "corrupt font, --render: the message names it" grep -q "$tmp/data/$font" "$tmp/err"
fresh; rm "$tmp/data/assets/fonts/DejaVuSans-Bold.ttf"; mkdir "$tmp/data/assets/fonts/DejaVuSans-Bold.ttf"
play; rc=$?
check "a directory for a font: status 1, not a crash (rc $rc)" test "$rc" = 1
check "a directory for a font: the message names it ($(cat "$tmp/err"))" grep -q "DejaVuSans-Bold.ttf.*directory" "$tmp/err"

# Voice clips: the first two cues' clips, one corrupt and one missing. A
# warning names each; the show goes on, sound and all.
clips=$("$limber" --timeline "$ex" | python3 -c '
import json, sys
print(" ".join([e["clip"] for e in json.load(sys.stdin)["events"] if e["type"] == "cue" and e.get("clip")][:2]))')
set -- $clips
check "two clips to break ($clips)" test "$#" = 2
fresh; head -c 3000 /dev/urandom >"$tmp/data/assets/voice/$1"; rm -f "$tmp/data/assets/voice/$2"
play; rc=$?
check "bad voice clips: status 0 (rc $rc)" test "$rc" = 0
check "bad voice clips: frames were shown" grep -Eq '^frames [1-9]' "$tmp/out"
check "corrupt clip: one warning names it ($(grep -c "$1" "$tmp/err") lines)" \
    test "$(grep -c "assets/voice/$1.*chime" "$tmp/err")" = 1
check "missing clip: one warning names it" test "$(grep -c "assets/voice/$2.*chime" "$tmp/err")" = 1
"$limber" --data "$tmp/data" --render "$tmp/frames2" --exercise "$ex" --seconds 4 --fps 5 --size 160x90 \
    --audio-out "$tmp/a.wav" 2>"$tmp/err"; rc=$?
check "bad voice clips, --render --audio-out: status 0 (rc $rc)" test "$rc" = 0
check "bad voice clips, --render --audio-out: named" grep -q "assets/voice/$1" "$tmp/err"
# --check finds the missing clip (whether one decodes is the player's to
# find: the corrupt one is a file of the right kind).
"$limber" --data "$tmp/data" --check >"$tmp/out" 2>&1; rc=$?
check "missing clip: --check status 1 (rc $rc)" test "$rc" = 1
check "missing clip: --check names it ($(head -n 1 "$tmp/out"))" grep -q "'$2' is missing from the voice folder" "$tmp/out"

# An unreadable exercise file. chmod 000 does not stop root from reading,
# so that assertion is skipped (and says so) when the file stays readable.
fresh; f=anims/exercises/$ex.json
chmod 000 "$tmp/data/$f"
if [ -r "$tmp/data/$f" ]; then
    echo "skip unreadable file: running with permission to read any file (root), chmod 000 does not stop reads"
else
    "$limber" --data "$tmp/data" --check >"$tmp/out" 2>"$tmp/err"; rc=$?
    check "unreadable exercise: --check status 1 (rc $rc)" test "$rc" = 1
    check "unreadable exercise: the message names it ($(head -n 1 "$tmp/err"))" grep -q "$tmp/data/$f" "$tmp/err"
fi
chmod 644 "$tmp/data/$f"

# A directory where an exercise file should be: named, status 1 from
# --check; the rest of the library still lists.
fresh; rm "$tmp/data/$f"; mkdir "$tmp/data/$f"
"$limber" --data "$tmp/data" --check >"$tmp/out" 2>"$tmp/err"; rc=$?
check "a directory for an exercise: --check status 1 (rc $rc)" test "$rc" = 1
check "a directory for an exercise: named ($(head -n 1 "$tmp/err"))" grep -q "$tmp/data/$f: is a directory" "$tmp/err"
"$limber" --data "$tmp/data" --list >"$tmp/out" 2>"$tmp/err"; rc=$?
check "a directory for an exercise: --list still lists the others (rc $rc)" test "$(wc -l <"$tmp/out")" -ge 5
# $LIMBER_DATA set to a folder without the data is said, not passed over
# for the data beside the program; --data still wins over it.
LIMBER_DATA="$tmp/nowhere" "$limber" --list >"$tmp/out" 2>"$tmp/err"; rc=$?
check "a wrong \$LIMBER_DATA: status 1 (rc $rc)" test "$rc" = 1
check "naming it ($(head -n 1 "$tmp/err"))" grep -q "LIMBER_DATA='$tmp/nowhere'" "$tmp/err"
fresh
LIMBER_DATA="$tmp/nowhere" "$limber" --data "$tmp/data" --list >"$tmp/out" 2>"$tmp/err"; rc=$?
check "--data over a wrong \$LIMBER_DATA plays (rc $rc)" test "$rc" = 0
# A directory where the skeleton should be: nothing can play.
fresh; rm "$tmp/data/anims/skeleton.json"; mkdir "$tmp/data/anims/skeleton.json"
"$limber" --data "$tmp/data" --exercise "$ex" --no-settings --quit-after 0.5 >"$tmp/out" 2>"$tmp/err"; rc=$?
check "a directory for the skeleton: status 1 (rc $rc)" test "$rc" = 1
check "a directory for the skeleton: named ($(head -n 1 "$tmp/err"))" grep -q "skeleton.json" "$tmp/err"

# The safety card's file missing while a routine opens with the card: a
# problem --check reports, and playing says it goes on without it.
fresh; rm "$tmp/data/anims/safety.json"
"$limber" --data "$tmp/data" --check >"$tmp/out" 2>&1; rc=$?
check "no safety.json: --check status 1 (rc $rc)" test "$rc" = 1
check "no safety.json: named, with the routine that wants it ($(head -n 1 "$tmp/out"))" \
    grep -q "safety.json: missing: routine 'back-spasm-relief'" "$tmp/out"
"$limber" --data "$tmp/data" --render "$tmp/fr" --seconds 0.02 --size 160x90 >/dev/null 2>"$tmp/err"; rc=$?
check "no safety.json: --render still works (rc $rc)" test "$rc" = 0
check "and warns that it goes on ($(tail -n 1 "$tmp/err"))" grep -q "warning: going on without" "$tmp/err"
check "and that the routine plays without its card ($(tail -n 1 "$tmp/err"))" \
    grep -q "warning: 'back-spasm-relief' plays WITHOUT its safety card" "$tmp/err"
# --check on one file there: that file's verdict, and a note on the
# folder's own problems instead of them (they read as the file's).
"$limber" --data "$tmp/data" --check "$tmp/data/anims/exercises/cat-cow.json" >"$tmp/out" 2>&1; rc=$?
check "no safety.json, --check FILE: the file's status, 0 (rc $rc)" test "$rc" = 0
check "with a note on the folder ($(head -n 1 "$tmp/out"))" grep -q "the data folder has problems of its own" "$tmp/out"
check "and not the folder's problem as the file's" bash -c "! grep -q 'safety.json: missing' '$tmp/out'"
# A data folder without its routines folder: named by --check.
fresh; rm -r "$tmp/data/anims/routines"
"$limber" --data "$tmp/data" --check >"$tmp/out" 2>&1; rc=$?
check "no routines folder: --check status 1 (rc $rc)" test "$rc" = 1
check "no routines folder: named ($(head -n 1 "$tmp/out"))" grep -q "anims/routines: cannot open the folder" "$tmp/out"

# An exercise its own file's problems left out: named as left out, with
# the file, status 1 (the content's fault), not "no exercise", status 2.
fresh; sed -i 's/"title": *"[^"]*"/"title": 5/' "$tmp/data/anims/exercises/cat-cow.json"
for args in "--exercise cat-cow --no-settings --quit-after 0.2" "--timeline cat-cow" "--cues --exercise cat-cow" \
    "--contact-sheet $tmp/sheet.png --exercise cat-cow"; do
    "$limber" --data "$tmp/data" $args >/dev/null 2>"$tmp/err"; rc=$?
    check "a broken cat-cow.json, $args: status 1 (rc $rc)" test "$rc" = 1
    check "saying it was left out, and where ($(tail -n 1 "$tmp/err"))" \
        grep -q "exercise 'cat-cow' was left out for the problems listed above (in .*anims/exercises/cat-cow.json)" "$tmp/err"
done
# A data folder without its fonts cannot draw a caption: --check says so
# before playing does.
fresh; rm "$tmp/data/assets/fonts/DejaVuSans.ttf"; echo hello >"$tmp/data/assets/fonts/DejaVuSans-Bold.ttf"
"$limber" --data "$tmp/data" --check >"$tmp/out" 2>&1; rc=$?
check "fonts missing and broken: --check status 1 (rc $rc)" test "$rc" = 1
check "the missing one named ($(head -n 1 "$tmp/out"))" grep -q "fonts/DejaVuSans.ttf: No such file or directory" "$tmp/out"
check "the broken one named" grep -q "fonts/DejaVuSans-Bold.ttf: not a TrueType or OpenType font" "$tmp/out"
# A pose poses.json's problems leave out: the exercises built on it say
# so, not that the pose is unknown.
fresh; python3 - "$tmp/data/anims/poses.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
d["poses"]["all-fours"]["hip_l"] = {"flex": 999}
json.dump(d, open(sys.argv[1], "w"))
PY
"$limber" --data "$tmp/data" --check >"$tmp/out" 2>&1; rc=$?
check "a broken pose: --check status 1 (rc $rc)" test "$rc" = 1
check "cat-cow names the pose as one poses.json leaves out ($(grep -m1 cat-cow "$tmp/out"))" \
    grep -q "cat-cow.json: .*base pose 'all-fours' cannot be used: poses.json's problems leave it out" "$tmp/out"
check "and nothing calls it unknown" bash -c "! grep -q \"unknown base pose 'all-fours'\" '$tmp/out'"
# A poses.json cut short: every pose is left out. Each exercise says so
# once for each pose it uses (not at every use), and a routine's items
# name their exercises as left out, not as ids that do not exist.
fresh; echo '{"poses": {' >"$tmp/data/anims/poses.json"
"$limber" --data "$tmp/data" --check >"$tmp/out" 2>&1; rc=$?
check "a truncated poses.json: --check status 1 (rc $rc)" test "$rc" = 1
check "it is named ($(head -n 1 "$tmp/out"))" grep -q "poses.json: line 1, column 12: the JSON ends too soon" "$tmp/out"
check "cat-cow says once that all-fours cannot be used ($(grep -c cat-cow.json "$tmp/out") lines)" \
    test "$(grep -c "cat-cow.json: .*base pose 'all-fours' cannot be used" "$tmp/out")" = 1
check "a routine names cat-cow as left out ($(grep -m1 "items.*cat-cow" "$tmp/out"))" \
    grep -q "pt-spasm-recovery.json: .*exercise 'cat-cow' was left out for the problems listed with its own file" "$tmp/out"
check "and nothing is unknown or missing" bash -c "! grep -q \"unknown base pose\\|no exercise with id\" '$tmp/out'"

exit $fail
