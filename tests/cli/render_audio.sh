#!/usr/bin/env bash
# --render --audio-out: the WAV holds exactly the rendered frames' time
# (N frames at F fps -> round(N / F * 48000) samples, 16-bit mono 48 kHz),
# and each countdown beep, hold-end tone and voice cue the timeline lists in
# that span begins within 10 ms of its event time.
set -u
limber="$1"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
ex=knee-to-chest
"$limber" --timeline "$ex" > "$tmp/timeline.json" || { echo "FAIL --timeline $ex"; exit 1; }
# A span around the first hold's countdown, from a time off the frame grid.
from=$(python3 -c '
import json, sys
ev = json.load(open(sys.argv[1]))["events"]
beeps = [e["t_s"] for e in ev if e["type"] == "beep"]
print("%.3f" % (beeps[0] - 0.4567))' "$tmp/timeline.json")
"$limber" --render "$tmp/frames" --exercise "$ex" --from "$from" --seconds 5.5 --fps 12 \
    --size 160x90 --audio-out "$tmp/a.wav" || { echo "FAIL --render --audio-out"; exit 1; }
python3 - "$tmp/a.wav" "$tmp/timeline.json" "$from" "$tmp/frames" <<'PY'
import json, os, struct, sys, wave
wav, tl, t0, frames = sys.argv[1], sys.argv[2], float(sys.argv[3]), sys.argv[4]
fail = 0
def check(ok, what):
    global fail
    print(("ok   " if ok else "FAIL ") + what)
    fail |= not ok
w = wave.open(wav)
check(w.getframerate() == 48000 and w.getnchannels() == 1 and w.getsampwidth() == 2,
      "16-bit mono 48 kHz")
n_frames = len([f for f in os.listdir(frames) if f.endswith(".png")])
want = round(n_frames / 12 * 48000)
n = w.getnframes()
check(n == want, "%d samples for %d frames at 12 fps (want %d)" % (n, n_frames, want))
s = struct.unpack("<%dh" % n, w.readframes(n))
t1 = t0 + n / 48000
events = [e for e in json.load(open(tl))["events"]
          if e["type"] in ("beep", "hold_end", "side", "cue") and t0 <= e["t_s"] < t1 - 0.05]
check(len(events) >= 4, "%d sounding events in [%.3f, %.3f)" % (len(events), t0, t1))
ms = 48
measured = 0
for e in events:
    at = round((e["t_s"] - t0) * 48000)
    quiet = all(abs(x) < 328 for x in s[max(0, at - 30 * ms):max(0, at - 10 * ms)])
    onset = next((i for i in range(max(0, at - 30 * ms), min(n, at + 500 * ms)) if abs(s[i]) >= 328), None)
    if not quiet:
        continue  # begins over another sound: its onset cannot be seen
    measured += 1
    off = None if onset is None else (onset - at) / 48.0
    check(off is not None and abs(off) <= 10.0,
          "%s at %.3f s starts %s ms from its event" % (e["type"], e["t_s"], off))
check(measured >= 4, "%d sounds timed by their onset" % measured)
sys.exit(fail)
PY
