#!/usr/bin/env bash
# The home screen as a user and a script meet it: limber with nothing named
# opens it, --routine and --exercise still play at once, the desktop entry
# starts the plain program, LIMBER_REPORT_SCREEN says which screen shows,
# and --render --home draws it without a display (a user's damaged file as
# a card, not a failure).
. "$(dirname "$0")/lib.bash"

out="$(LIMBER_REPORT_SCREEN=1 "$limber" --no-settings --mute --size 640x360 --quit-after 0.3 2>"$tmp/err")"; rc=$?
check "plain limber opens the home screen (rc $rc: $(head -n 1 "$tmp/err"))" test "$rc" = 0
check "and says so once: screen home ($out)" test "$out" = "screen home"
out="$(LIMBER_REPORT_SCREEN=1 "$limber" --no-settings --mute --size 640x360 --routine pt-spasm-recovery \
    --quit-after 0.3 2>/dev/null)"
check "--routine plays at once: screen play pt-spasm-recovery ($out)" test "$out" = "screen play pt-spasm-recovery"
out="$(LIMBER_REPORT_SCREEN=1 "$limber" --no-settings --mute --size 640x360 --exercise cat-cow --quit-after 0.3 \
    2>/dev/null)"
check "--exercise plays at once: screen play cat-cow ($out)" test "$out" = "screen play cat-cow"
out="$("$limber" --no-settings --mute --size 640x360 --quit-after 0.3 2>/dev/null)"
check "without LIMBER_REPORT_SCREEN nothing is said ($out)" test -z "$out"
check "the desktop entry runs the plain program" grep -qx 'Exec=limber' data/limber.desktop

mkdir -p "$XDG_DATA_HOME/limber/routines"
printf '{"id": "cut-short", "title": "Cut", "items": [' >"$XDG_DATA_HOME/limber/routines/cut-short.json"
"$limber" --render "$tmp/home" --home --size 640x360 2>"$tmp/err"; rc=$?
check "--render --home draws the home screen, a damaged file and all (rc $rc: $(head -n 1 "$tmp/err"))" \
    test "$rc" = 0 -a -s "$tmp/home/frame-000000.png"
"$limber" --render "$tmp/home2" --home --size 640x360 --seconds 0.5 --fps 10 2>/dev/null
check "--seconds gives frames of the moving previews" test -s "$tmp/home2/frame-000004.png" -a ! -e "$tmp/home2/frame-000005.png"
"$limber" --render "$tmp/x" --home --routine cat-cow 2>"$tmp/err"; rc=$?
check "--home with --routine is wrong usage (rc $rc)" test "$rc" = 2
check "and says why ($(head -n 1 "$tmp/err"))" grep -q "home screen" "$tmp/err"
"$limber" --home 2>/dev/null; rc=$?
check "--home without --render is wrong usage (rc $rc)" test "$rc" = 2
exit "$fail"
