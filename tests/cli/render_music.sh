#!/usr/bin/env bash
# --music is mixed only when playing in the window; with --render it is a
# usage error that says so, not a flag silently dropped from the WAV.
set -u
limber="$1"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
fail=0
sox -n -r 48000 -c 1 "$tmp/music.wav" synth 1 sine 440 2>/dev/null || python3 - "$tmp/music.wav" <<'PY'
import sys, wave
w = wave.open(sys.argv[1], "wb"); w.setnchannels(1); w.setsampwidth(2); w.setframerate(48000)
w.writeframes(b"\0\0" * 48000); w.close()
PY
"$limber" --render "$tmp/frames" --exercise cat-cow --seconds 0.5 --fps 2 --size 160x90 \
    --music "$tmp/music.wav" --audio-out "$tmp/a.wav" > "$tmp/out" 2> "$tmp/err"
rc=$?
if [ "$rc" -ne 2 ]; then echo "FAIL --render --music: exit $rc, expected 2"; fail=1; fi
if ! grep -q -- "--music" "$tmp/err"; then echo "FAIL --render --music: the message does not name --music:"; cat "$tmp/err"; fail=1; fi
if [ -e "$tmp/a.wav" ]; then echo "FAIL --render --music still wrote a WAV"; fail=1; fi
# Without --music the same render works.
"$limber" --render "$tmp/frames2" --exercise cat-cow --seconds 0.5 --fps 2 --size 160x90 \
    --audio-out "$tmp/b.wav" > /dev/null 2>&1 || { echo "FAIL --render --audio-out without --music"; fail=1; }
[ "$fail" -eq 0 ] && echo "ok   --render refuses --music with a message"
exit "$fail"
