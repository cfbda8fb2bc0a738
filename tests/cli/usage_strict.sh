#!/usr/bin/env bash
# What a user types is taken as written or refused, never half-read: an
# on/off option given a value, numbers with spaces, signs, hexadecimal or
# too many digits, a size too large to draw, and two ways of naming what
# --timeline prints. And what --render and --contact-sheet write either
# lands whole or is reported: folders are made as needed, a device that
# takes no bytes is an error, and it is left in place.
. "$(dirname "$0")/lib.bash"
export SDL_VIDEODRIVER=offscreen SDL_AUDIODRIVER=dummy

# An on/off option with a value: refused, naming both.
for a in --mute=no --mirror=off --fullscreen=no --stats=1 --no-settings=yes --list=x; do
    "$limber" "$a" --timeline cat-cow >/dev/null 2>"$tmp/err"; rc=$?
    check "$a: status 2 (rc $rc)" test "$rc" = 2
    check "$a: the message says it takes no value ($(head -1 "$tmp/err"))" grep -q "takes no value" "$tmp/err"
done

# --check=FILE checks that file, as --check FILE does.
printf '{"id": "x", "title": 5}\n' >"$tmp/bad.json"
"$limber" --check="$tmp/bad.json" >"$tmp/out" 2>&1; rc=$?
check "--check=FILE on a broken file: status 1 (rc $rc)" test "$rc" = 1
check "and names it ($(head -1 "$tmp/out"))" grep -q "$tmp/bad.json" "$tmp/out"
"$limber" --check=anims/exercises/cat-cow.json >"$tmp/out" 2>&1; rc=$?
check "--check=FILE on a good file: one file checked (rc $rc: $(cat "$tmp/out"))" \
    bash -c "test $rc = 0 && grep -q '1 file checked' '$tmp/out'"

# Numbers as written, or refused.
for v in 4294967360x100 +640x360 " 640x360" "640x360 " 640x0x10 0x10x0x10 7000x7000 7680x7680 640.5x360 x360 640x; do
    "$limber" --render "$tmp/fr" --size "$v" --seconds 0.01 >/dev/null 2>"$tmp/err"; rc=$?
    check "--size '$v': status 2 (rc $rc: $(head -1 "$tmp/err"))" test "$rc" = 2
done
for a in "--hold 0x10" "--from 0x1p3" "--hold inf" "--volume 5e1x" "--speed ' 1'" "--hold ''"; do
    eval "\"\$limber\" --timeline cat-cow $a" >/dev/null 2>"$tmp/err"; rc=$?
    check "$a: status 2 (rc $rc: $(head -1 "$tmp/err"))" test "$rc" = 2
done
"$limber" --timeline knee-to-chest --hold 3e1 >"$tmp/tl.json" 2>/dev/null; rc=$?
check "--hold 3e1 is 30 s (rc $rc)" bash -c "test $rc = 0 && grep -q '\"hold_s\":[[:space:]]*30' '$tmp/tl.json'"
"$limber" --render "$tmp/wide" --size 1280X200 --seconds 0.01 --fps 60 >/dev/null 2>&1; rc=$?
check "--size 1280X200 (a capital X) renders (rc $rc)" test "$rc" = 0

# A flag the mode has no use for is refused, not silently dropped.
while IFS='|' read -r args what; do
    eval "\"\$limber\" $args" >/dev/null 2>"$tmp/err"; rc=$?
    check "$args: status 2 (rc $rc)" test "$rc" = 2
    check "$args: the message names $what ($(head -1 "$tmp/err"))" grep -q -- "$what" "$tmp/err"
done <<EOF
--list --level active|--level
--check --hold 30|--hold
--cues --mirror|--mirror
--contact-sheet $tmp/s.png --exercise cat-cow --size 640x360|--size
--contact-sheet $tmp/s.png --exercise cat-cow --fps 3|--fps
--render $tmp/q --quit-after 2|--quit-after
--bench --seconds 2|--seconds
--render $tmp/q --renderer auto|--renderer
--cues --exercise no-such-exercise|no-such-exercise
--list --fullscreen|--fullscreen goes with playing in a window, not with --list
--timeline cat-cow --mute|--mute
--check --speed 2|--speed
--list --from 0|--from
--bench --exercise cat-cow|--exercise
--timeline cat-cow --mirror|--mirror
--render $tmp/q --seconds 0.01 --no-mirror|--no-mirror
--seconds 2 --exercise cat-cow --quit-after 0.1|--seconds goes with --render or --export, not with playing
--export $tmp/q.mp4 --audio-out $tmp/q.wav|--audio-out goes with --render, not with --export
--timeline cat-cow --timeline knee-to-chest|--timeline is given twice
--exercise cat-cow --exercise knee-to-chest --quit-after 0.1|--exercise is given twice
--render $tmp/q --seconds 0.01 --fps 30 --fps 60|--fps is given twice
EOF
# No option takes a negative, and whole numbers are written as such.
for a in "--render $tmp/q --seconds 0.01 --from -0" "--volume -0" "--display 1.0" "--volume 5e1" "--fps 3.0"; do
    eval "\"\$limber\" $a" >/dev/null 2>"$tmp/err"; rc=$?
    check "$a: status 2 (rc $rc: $(head -1 "$tmp/err"))" test "$rc" = 2
done
# What a newcomer types first: an id without a flag, a file name for a
# shipped exercise, a routine given as an exercise, --check= with nothing.
while IFS='|' read -r args what; do
    eval "\"\$limber\" $args" >/dev/null 2>"$tmp/err"; rc=$?
    check "$args: status 2 (rc $rc)" test "$rc" = 2
    check "$args: the message says $what ($(head -1 "$tmp/err"))" grep -q -- "$what" "$tmp/err"
done <<EOF
cat-cow|'cat-cow' is not an option (options start with --); to play an exercise or a routine, give --exercise cat-cow
--exercise cat-cow.json --quit-after 0.1|no file 'cat-cow.json' here; for the shipped exercise, give --exercise cat-cow
--exercise back-spasm-relief --quit-after 0.1|no exercise 'back-spasm-relief': it is a routine; give --routine back-spasm-relief
--check=|--check= names no file
EOF
# --check on a folder checks every .json file in it, and names a broken one.
mkdir -p "$tmp/mine"
cp anims/exercises/cat-cow.json anims/exercises/figure-four.json "$tmp/mine/"
printf '{"id": "x", "title": 5}\n' >"$tmp/mine/x.json"
"$limber" --check "$tmp/mine" >"$tmp/out" 2>&1; rc=$?
check "--check FOLDER with a broken file: status 1 (rc $rc)" test "$rc" = 1
check "naming it ($(head -1 "$tmp/out"))" grep -q "$tmp/mine/x.json" "$tmp/out"
rm "$tmp/mine/x.json"
"$limber" --check "$tmp/mine" >"$tmp/out" 2>&1; rc=$?
check "--check FOLDER: every file in it (rc $rc: $(cat "$tmp/out"))" \
    bash -c "test $rc = 0 && grep -q '2 files checked' '$tmp/out'"
# An on/off flag may be said twice, and --check takes files from each.
"$limber" --no-settings --mute --mute --exercise cat-cow --quit-after 0.1 >/dev/null 2>"$tmp/err"; rc=$?
check "--mute twice plays (rc $rc: $(head -1 "$tmp/err"))" test "$rc" = 0
"$limber" --check anims/exercises/cat-cow.json --check anims/exercises/figure-four.json >"$tmp/out" 2>&1; rc=$?
check "--check twice checks both files (rc $rc: $(cat "$tmp/out"))" \
    bash -c "test $rc = 0 && grep -q '2 files checked' '$tmp/out'"
"$limber" --cues --exercise cat-cow >"$tmp/cues" 2>/dev/null; rc=$?
check "--cues --exercise with a shipped id: status 0 (rc $rc)" test "$rc" = 0
check "it prints that exercise's texts" grep -qx "Breathe out, round your back and tuck your chin" "$tmp/cues"
check "and no other's" bash -c "! grep -q 'thigh' '$tmp/cues'"

# A window larger than the screen, as asked, with a note saying so
# (SDL's offscreen display is 1024x768); one that fits says nothing.
"$limber" --no-settings --size 2000x1000 --quit-after 0.2 >/dev/null 2>"$tmp/err"; rc=$?
check "a window larger than the screen opens (rc $rc)" test "$rc" = 0
check "with a note saying so ($(cat "$tmp/err"))" grep -q "larger than display 1" "$tmp/err"
"$limber" --no-settings --size 640x360 --quit-after 0.2 >/dev/null 2>"$tmp/err"; rc=$?
check "a window that fits: no note (rc $rc: $(cat "$tmp/err"))" bash -c "test $rc = 0 && ! grep -q 'larger than' '$tmp/err'"

# --timeline names what it prints: --routine or --exercise beside it is
# a second answer, refused.
"$limber" --timeline cat-cow --routine pt-spasm-recovery >"$tmp/out" 2>"$tmp/err"; rc=$?
check "--timeline with --routine: status 2 (rc $rc)" test "$rc" = 2
check "naming --routine ($(head -1 "$tmp/err"))" grep -q -- "--routine" "$tmp/err"
check "and printing nothing" test ! -s "$tmp/out"

# --render makes the folders it needs.
"$limber" --render "$tmp/a/b/c" --seconds 0.02 --fps 60 --size 160x90 >/dev/null 2>"$tmp/err"; rc=$?
check "--render into a new nested folder (rc $rc: $(cat "$tmp/err"))" \
    bash -c "test $rc = 0 && test -s '$tmp/a/b/c/frame-000000.png'"
# A shorter render into the same folder says the older frames after its
# own are still there (they are not this render's).
"$limber" --render "$tmp/again" --seconds 0.05 --fps 60 --size 160x90 >/dev/null 2>&1
"$limber" --render "$tmp/again" --seconds 0.005 --fps 60 --size 160x90 >/dev/null 2>"$tmp/err"; rc=$?
check "a shorter render into the same folder: status 0 (rc $rc)" test "$rc" = 0
check "with a note on the older frames ($(cat "$tmp/err"))" grep -q "frames from an earlier render, from .*frame-000001.png" "$tmp/err"
: >"$tmp/file"
"$limber" --render "$tmp/file/sub" --seconds 0.02 --size 160x90 >/dev/null 2>"$tmp/err"; rc=$?
check "--render under a file: status 1 (rc $rc: $(cat "$tmp/err"))" test "$rc" = 1

# A contact sheet written where no byte lands: an error, and the device
# is still there.
if [ -c /dev/full ]; then
    "$limber" --contact-sheet /dev/full --exercise cat-cow >/dev/null 2>"$tmp/err"; rc=$?
    check "--contact-sheet /dev/full: status 1 (rc $rc)" test "$rc" = 1
    check "with the system's reason ($(cat "$tmp/err"))" grep -q "No space left" "$tmp/err"
    check "/dev/full is left in place" test -c /dev/full
fi
exit "$fail"
