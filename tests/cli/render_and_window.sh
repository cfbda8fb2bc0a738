#!/usr/bin/env bash
# The program as a user runs it: --render writes deterministic numbered PNGs
# without any display, a plain window run with no display fails with one
# clear line and status 1, --quit-after --stats prints the frame figures,
# --contact-sheet writes one image (--bench: bench.sh).
. "$(dirname "$0")/lib.bash"
ex="$("$limber" --list | head -n 1 | cut -f1)"
check "an exercise to render ($ex)" test -n "$ex"

# No display at all: an X11 driver with nowhere to connect.
nodisp() { env -u DISPLAY -u WAYLAND_DISPLAY SDL_VIDEODRIVER=x11 "$@"; }

nodisp "$limber" --render "$tmp/a" --exercise "$ex" --from 6 --seconds 0.5 --fps 10 --size 320x180 2>"$tmp/err"; rc=$?
check "--render works without a display (rc $rc: $(cat "$tmp/err"))" test "$rc" = 0
n=$(ls "$tmp/a" | grep -c '^frame-[0-9]\{6\}\.png$')
check "--seconds 0.5 --fps 10 writes 5 frames (got $n)" test "$n" = 5
check "frames are PNG" bash -c "head -c 8 '$tmp/a/frame-000000.png' | od -An -c | grep -q 'P   N   G'"
check "frames are 320x180" bash -c "od -An -tu1 -j16 -N8 '$tmp/a/frame-000004.png' | tr -s ' ' | grep -q '^ 0 0 1 64 0 0 0 180$'"
"$limber" --render "$tmp/b" --exercise "$ex" --from 6 --seconds 0.5 --fps 10 --size 320x180 2>/dev/null
check "two renders are byte for byte the same" diff -r "$tmp/a" "$tmp/b"
check "frames move (the first and last differ)" bash -c "! cmp -s '$tmp/a/frame-000000.png' '$tmp/a/frame-000004.png'"
"$limber" --render "$tmp/m" --exercise "$ex" --from 6 --seconds 0.1 --fps 10 --size 320x180 --mirror 2>/dev/null
check "--mirror changes the picture" bash -c "! cmp -s '$tmp/a/frame-000000.png' '$tmp/m/frame-000000.png'"

"$limber" --render "$tmp/c" --exercise "$ex" --size 100000x5 2>"$tmp/err"; rc=$?
check "an impossible --size is refused with status 2 (rc $rc)" test "$rc" = 2
check "and a message" grep -q "size" "$tmp/err"
touch "$tmp/file"
"$limber" --render "$tmp/file" --exercise "$ex" --seconds 0.1 2>"$tmp/err"; rc=$?
check "--render into a file that is not a folder fails with status 1 (rc $rc)" test "$rc" = 1
check "naming the folder" grep -q "$tmp/file" "$tmp/err"

nodisp "$limber" --exercise "$ex" --quit-after 1 >"$tmp/out" 2>"$tmp/err"; rc=$?
check "no display: status 1 (rc $rc)" test "$rc" = 1
check "no display: one line that says so ($(cat "$tmp/err"))" test "$(grep -c '^limber: .*no display.*--render' "$tmp/err")" = 1

env -u DISPLAY -u WAYLAND_DISPLAY -u SDL_VIDEODRIVER "$limber" --exercise "$ex" --quit-after 1 --mute >"$tmp/out" 2>"$tmp/err"; rc=$?
check "no display and no driver named: status 1, not an invisible window (rc $rc)" test "$rc" = 1
check "no display and no driver named: it says so" grep -q "^limber: .*no display" "$tmp/err"

SDL_VIDEODRIVER=offscreen SDL_AUDIODRIVER=dummy "$limber" --exercise "$ex" --quit-after 1 --stats --mute >"$tmp/out" 2>"$tmp/err"; rc=$?
check "--quit-after 1 --stats exits 0 (rc $rc: $(cat "$tmp/err"))" test "$rc" = 0
for k in frames fps frame_ms_p50 frame_ms_p99 late_frames cpu_s; do
    check "--stats prints $k" grep -Eq "^$k [0-9.]+$" "$tmp/out"
done
frames=$(awk '$1=="frames"{print $2}' "$tmp/out")
# Paced, not free-running: never more than about 60 frames a second. There
# is no floor: how many frames a slow or sanitised build manages in a second
# is the benchmark's business, not a test's.
check "at most about 60 frames in a second (got $frames)" test "${frames:-0}" -le 75
# --stats names the renderer; drawn on the CPU (no GPU), only what changed,
# and it says how much that was.
check "--stats names the renderer ($(grep '^renderer' "$tmp/out"))" grep -Eq '^renderer [a-z0-9_]+$' "$tmp/out"
if grep -q '^renderer software$' "$tmp/out"; then
    check "--stats says how much of the picture was redrawn" grep -Eq '^redrawn_percent [0-9.]+$' "$tmp/out"
fi
check "--stats gives the program's peak memory" grep -Eq '^peak_rss_mb [0-9.]+$' "$tmp/out"

# --from starts part-way; --renderer takes three words and only goes with a window.
SDL_VIDEODRIVER=offscreen SDL_AUDIODRIVER=dummy "$limber" --exercise "$ex" --from 5 --renderer software \
    --quit-after 0.2 --mute >/dev/null 2>"$tmp/err"; rc=$?
check "--from 5 --renderer software plays (rc $rc: $(cat "$tmp/err"))" test "$rc" = 0
"$limber" --exercise "$ex" --renderer fast --quit-after 0.2 2>"$tmp/err"; rc=$?
check "--renderer fast is refused with status 2 (rc $rc)" test "$rc" = 2
check "it says what --renderer takes ($(head -n 1 "$tmp/err"))" grep -q "auto, gpu or software" "$tmp/err"
"$limber" --render "$tmp/r" --exercise "$ex" --seconds 0.1 --renderer gpu 2>"$tmp/err"; rc=$?
check "--render with --renderer is refused with status 2 (rc $rc)" test "$rc" = 2
"$limber" --timeline "$ex" --from 3 >/dev/null 2>"$tmp/err"; rc=$?
check "--timeline with --from is refused with status 2 (rc $rc)" test "$rc" = 2

"$limber" --contact-sheet "$tmp/sheet.png" --exercise "$ex" >"$tmp/out" 2>"$tmp/err"; rc=$?
check "--contact-sheet exits 0 (rc $rc)" test "$rc" = 0
check "--contact-sheet writes a PNG" bash -c "head -c 8 '$tmp/sheet.png' | od -An -c | grep -q 'P   N   G'"
check "--contact-sheet lists its cells" test "$(wc -l <"$tmp/out")" -ge 2
first_step=$("$limber" --timeline "$ex" | python3 -c '
import json, sys
print(next(s["text"] for s in json.load(sys.stdin)["segments"] if s["kind"] in ("move", "hold")))')
check "its first cell is named by the first step ($(head -n 1 "$tmp/out"))" \
    test "$(head -n 1 "$tmp/out" | cut -f3)" = "$first_step"
# Each pose once: cat-cow's dozen breaths are its two poses and the one it
# starts from.
"$limber" --contact-sheet "$tmp/cc.png" --exercise cat-cow >"$tmp/cc.txt" 2>"$tmp/err"; rc=$?
check "cat-cow's sheet has its three poses, each once ($(cut -f3 "$tmp/cc.txt" | tr '\n' '|'))" \
    bash -c "test $rc = 0 && test \$(wc -l <'$tmp/cc.txt') = 3 && test \$(cut -f3 '$tmp/cc.txt' | sort -u | wc -l) = 3"
# A step made of two moves shows where it ends, once; the pose it starts
# from is the first step's own end.
for e in childs-pose pelvic-tilt; do
    "$limber" --contact-sheet "$tmp/$e.png" --exercise "$e" >"$tmp/$e.txt" 2>"$tmp/err"; rc=$?
    check "$e's sheet names each step once ($(cut -f3 "$tmp/$e.txt" | tr '\n' '|'))" \
        bash -c "test $rc = 0 && test \$(wc -l <'$tmp/$e.txt') = \$(cut -f3 '$tmp/$e.txt' | sort -u | wc -l)"
done
# Its folders are made as --render's are; where that cannot be (a file in
# the way) it says why, and prints no cell lines for a sheet not written.
"$limber" --contact-sheet "$tmp/new/dir/sheet.png" --exercise "$ex" >"$tmp/out" 2>"$tmp/err"; rc=$?
check "--contact-sheet into a new folder (rc $rc: $(cat "$tmp/err"))" \
    bash -c "test $rc = 0 && test -s '$tmp/new/dir/sheet.png' && test -s '$tmp/out'"
: >"$tmp/afile"
"$limber" --contact-sheet "$tmp/afile/sheet.png" --exercise "$ex" >"$tmp/out" 2>"$tmp/err"; rc=$?
check "--contact-sheet under a file: status 1 (rc $rc)" test "$rc" = 1
check "saying why ($(cat "$tmp/err"))" grep -q "afile/sheet.png.*Not a directory" "$tmp/err"
check "and printing no cell lines" test ! -s "$tmp/out"
# What is written is named for what it is.
"$limber" --contact-sheet "$tmp/sheet.jpg" --exercise "$ex" >/dev/null 2>"$tmp/err"; rc=$?
check "--contact-sheet x.jpg: status 2 (rc $rc: $(head -1 "$tmp/err"))" \
    bash -c "test $rc = 2 && grep -q 'ending in .png' '$tmp/err' && ! test -e '$tmp/sheet.jpg'"
"$limber" --render "$tmp/fr-mp3" --seconds 0.1 --size 160x90 --audio-out "$tmp/a.mp3" >/dev/null 2>"$tmp/err"; rc=$?
check "--audio-out a.mp3: status 2 (rc $rc: $(head -1 "$tmp/err"))" \
    bash -c "test $rc = 2 && grep -q 'ending in .wav' '$tmp/err'"

# Window-only flags have no meaning for headless frames: refused, not ignored.
for flag in --fullscreen --presenter "--display 1" "--speed 1.5" --mute "--volume 10"; do
    "$limber" --render "$tmp/w" --exercise "$ex" --seconds 0.1 $flag 2>"$tmp/err"; rc=$?
    check "--render with $flag is refused with status 2 (rc $rc)" test "$rc" = 2
    check "saying it goes with playing in a window" grep -q "playing in a window" "$tmp/err"
done
# Displays are counted from 1, in the flag and in what is said about it.
SDL_VIDEODRIVER=offscreen SDL_AUDIODRIVER=dummy "$limber" --exercise "$ex" --quit-after 0.2 --mute --display 3 \
    >/dev/null 2>"$tmp/err"; rc=$?
check "--display 3 with one display: status 1 (rc $rc)" test "$rc" = 1
check "naming display 3, and the one there is ($(cat "$tmp/err"))" grep -q "display 3 does not exist; there is only display 1" "$tmp/err"
"$limber" --timeline no-such-thing >/dev/null 2>"$tmp/err"; rc=$?
check "--timeline with an unknown id: status 2 (rc $rc)" test "$rc" = 2
check "it names both kinds it looked for" grep -q "no routine or exercise 'no-such-thing'" "$tmp/err"

# A long render stopped by a signal (Ctrl+C sends SIGINT, which a
# background job here ignores; SDL treats SIGTERM the same): it stops
# soon, says how far it got, every frame it wrote is whole, status 130,
# and no sound is written for frames that were never made.
"$limber" --render "$tmp/long" --size 160x90 --audio-out "$tmp/long.wav" >/dev/null 2>"$tmp/err" &
pid=$!
for _ in $(seq 100); do [ -e "$tmp/long/frame-000003.png" ] && break; sleep 0.1; done
kill -TERM "$pid"
for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
if kill -0 "$pid" 2>/dev/null; then kill -KILL "$pid"; fi
wait "$pid"; rc=$?
check "a render stopped by SIGTERM: status 130 (rc $rc)" test "$rc" = 130
check "saying how many frames it wrote ($(cat "$tmp/err"))" \
    grep -q "interrupted: [0-9]* of [0-9]* frames written whole, to frame-[0-9]*.png; no sound written" "$tmp/err"
last="$(ls "$tmp/long" | tail -n 1)"
n="$(ls "$tmp/long" | wc -l)"
check "its frames are those it counted ($n, the last $last)" grep -q "interrupted: $n of .* to $last" "$tmp/err"
check "the last frame is a whole PNG" python3 -c '
import sys; d = open(sys.argv[1], "rb").read()
sys.exit(0 if d[:8] == b"\x89PNG\r\n\x1a\n" and d[-8:-4] == b"IEND" else 1)' "$tmp/long/$last"
check "and no sound file" test ! -e "$tmp/long.wav"
# --seconds past the session's end: only the frames up to the end, with a
# note saying so (past it every frame would be the end screen).
dur="$("$limber" --timeline cat-cow | python3 -c 'import json, sys; print(json.load(sys.stdin)["duration_s"])')"
from="$(python3 -c "print(round($dur - 1.5, 3))")"
"$limber" --render "$tmp/end" --exercise cat-cow --from "$from" --seconds 100 --fps 4 --size 160x90 >/dev/null 2>"$tmp/err"; rc=$?
check "--seconds past the end: status 0 (rc $rc)" test "$rc" = 0
check "6 frames, to the end ($(ls "$tmp/end" | wc -l))" test "$(ls "$tmp/end" | wc -l)" = 6
check "with a note ($(cat "$tmp/err"))" grep -q "note: the session ends 1.50 s after --from; rendering those, not 100 s" "$tmp/err"
exit $fail
