#!/usr/bin/env bash
# The user's own folder, $XDG_DATA_HOME/limber: its routines and exercises
# join --list after the shipped ones, --check checks them, --routine plays
# them; a damaged file or one with a shipped id is named on stderr and
# stops nothing else; a routine saved as the builder saves it checks and
# plays.
. "$(dirname "$0")/lib.bash"
user="$XDG_DATA_HOME/limber"
mkdir -p "$user/routines" "$user/exercises"
sed 's/"id": *"pelvic-tilt"/"id": "my-tilt"/; s/"title": *"[^"]*"/"title": "My tilts"/' \
    anims/exercises/pelvic-tilt.json >"$user/exercises/my-tilt.json"
cat >"$user/routines/my-morning.json" <<'JSON'
{"id": "my-morning", "title": "My morning", "rest_s": 3,
 "items": [{"exercise": "my-tilt"}, {"exercise": "knee-to-chest", "hold_s": {"beginner": 15}}]}
JSON
printf '{"id": "damaged", "title": "Damaged", "items": [{"exercise": "cat-cow"}' >"$user/routines/damaged.json"
cat >"$user/routines/back-spasm-relief.json" <<'JSON'
{"id": "back-spasm-relief", "title": "Not the real one", "items": [{"exercise": "cat-cow"}]}
JSON

"$limber" --list >"$tmp/out" 2>"$tmp/err"; rc=$?
check "--list with a damaged file of the user's still exits 0 (rc $rc)" test "$rc" = 0
check "it lists the user's routine last" bash -c "tail -n 1 '$tmp/out' | grep -qx 'my-morning	My morning'"
check "and the user's exercise after the shipped ones, before the routines" python3 -c '
import sys
ids = [l.split("\t")[0] for l in open(sys.argv[1])]
i = ids.index("my-tilt")
sys.exit(0 if ids[i - 1] == "thread-the-needle" and ids[i + 1] == "back-spasm-relief" else 1)' "$tmp/out"
check "the shipped routine keeps its place and title" grep -qx 'back-spasm-relief	Back spasm relief' "$tmp/out"
check "the file that takes its id is not listed" bash -c "! grep -q 'Not the real one' '$tmp/out'"
check "the damaged file is named on stderr, with where ($(cat "$tmp/err"))" \
    grep -q "$user/routines/damaged.json: line 1, column [0-9]*: " "$tmp/err"
check "so is the one with a shipped id, at \$.id" \
    grep -q "$user/routines/back-spasm-relief.json: \$.id: 'back-spasm-relief' is the id of one of limber's own routines" "$tmp/err"
check "and how many were left out" grep -q "^limber: 2 of your own files could not be loaded" "$tmp/err"

"$limber" --timeline back-spasm-relief >"$tmp/tl.json" 2>/dev/null; rc=$?
check "--timeline back-spasm-relief is still the shipped one (rc $rc)" grep -q '"title":[[:space:]]*"Back spasm relief"' "$tmp/tl.json"
"$limber" --routine damaged --quit-after 0.1 >/dev/null 2>"$tmp/err"; rc=$?
check "--routine on the damaged one: status 1 (rc $rc)" test "$rc" = 1
check "saying why ($(cat "$tmp/err"))" grep -q "your own routine 'damaged' could not be loaded" "$tmp/err"
check "and its problem" grep -q "$user/routines/damaged.json: line 1" "$tmp/err"

"$limber" --check >/dev/null 2>"$tmp/err"; rc=$?
check "--check with no file finds the user's damaged files: status 1 (rc $rc)" test "$rc" = 1
check "and names them" bash -c "grep -q 'damaged.json' '$tmp/err' && grep -q 'routines/back-spasm-relief.json: \\\$.id' '$tmp/err'"
rm "$user/routines/damaged.json" "$user/routines/back-spasm-relief.json"
"$limber" --check >/dev/null 2>"$tmp/err"; rc=$?
check "without them it passes (rc $rc: $(tail -n 3 "$tmp/err"))" test "$rc" = 0
shipped=$(XDG_DATA_HOME="$tmp/nothing" "$limber" --check 2>&1 | sed -n 's/^limber: \([0-9]*\) files checked.*/\1/p')
check "counting the user's two files ($(tail -n 1 "$tmp/err"), $shipped without)" \
    grep -q "^limber: $((shipped + 2)) files checked, no problems" "$tmp/err"
echo '{"id": "wrong", "title": "Wrong", "items": [{"exercise": "no-such-one"}]}' >"$user/routines/wrong.json"
"$limber" --check >/dev/null 2>"$tmp/err"; rc=$?
check "an invalid routine there: status 1 (rc $rc)" test "$rc" = 1
check "named with its JSON path ($(head -n 1 "$tmp/err"))" \
    grep -q "$user/routines/wrong.json: \$.items\[0\].exercise: no exercise with id 'no-such-one'" "$tmp/err"
rm "$user/routines/wrong.json"

"$limber" --routine my-morning --render "$tmp/frames" --seconds 0.05 --fps 40 --size 320x180 2>"$tmp/err"; rc=$?
check "--routine my-morning --render plays it (rc $rc: $(cat "$tmp/err"))" test "$rc" = 0
check "two frames written" test "$(ls "$tmp/frames" | grep -c '\.png$')" = 2
"$limber" --timeline my-morning >"$tmp/tl.json" 2>"$tmp/err"; rc=$?
check "its timeline has the user's exercise (rc $rc)" grep -q '"id":[[:space:]]*"my-tilt"' "$tmp/tl.json"

# A relative $XDG_DATA_HOME is not used: then ~/.local/share/limber is.
mkdir -p "$tmp/home/.local/share/limber/routines"
cp "$user/routines/my-morning.json" "$tmp/home/.local/share/limber/routines/"
sed 's/"my-tilt"/"cat-cow"/' "$user/routines/my-morning.json" >"$tmp/home/.local/share/limber/routines/my-morning.json"
HOME="$tmp/home" XDG_DATA_HOME=relative/path "$limber" --list >"$tmp/out" 2>"$tmp/err"; rc=$?
check "without \$XDG_DATA_HOME, ~/.local/share/limber (rc $rc: $(cat "$tmp/err"))" grep -qx 'my-morning	My morning' "$tmp/out"
check "and not the other folder" bash -c "! grep -q my-tilt '$tmp/out'"

# A routine saved as the builder saves it checks and plays.
saver="$(dirname "$limber")/tests/test_core_user"
if [ -x "$saver" ]; then
    id=$("$saver" "$XDG_DATA_HOME/limber" 2>"$tmp/err"); rc=$?
    check "the builder's save (rc $rc: $(cat "$tmp/err"))" test "$rc" = 0
    check "made $user/routines/$id.json" test -f "$user/routines/$id.json"
    "$limber" --check "$user/routines/$id.json" 2>"$tmp/err"; rc=$?
    check "it passes --check (rc $rc: $(cat "$tmp/err"))" test "$rc" = 0
    "$limber" --list >"$tmp/out" 2>"$tmp/err"
    check "--list shows it ($(tail -n 2 "$tmp/out"))" grep -qx "$id	Built in the app" "$tmp/out"
    "$limber" --routine "$id" --render "$tmp/saved" --seconds 0.05 --fps 40 --size 320x180 2>"$tmp/err"; rc=$?
    check "and it plays (rc $rc: $(cat "$tmp/err"))" test "$rc" = 0
else
    echo "note: $saver not built; the builder's save is checked by test_core_user alone"
fi
exit "$fail"
