#!/usr/bin/env bash
# Soak: play the program for a while on a virtual display (Xvfb) and sample
# its resident memory every few seconds; fail when it grows after warm-up.
#
#   tools/soak.sh [SECONDS] [LIMBER]     (default 600 s, build/limber)
#
# It plays the default routine at the active level (longer than ten
# minutes, so the whole run is playback, voice cues, countdowns and
# exercise changes) with --stats, and prints every sample and the frame
# statistics at the end. Warm-up is the first half of the run, at least
# 30 s: the text cache (texts not drawn for a few seconds are dropped) and
# the few voice clips decoded ahead settle, which is growth that stops; a
# leak does not stop. After warm-up, resident memory may rise by at most
# max(2 MB, 2 %) over its value at the end of
# warm-up. Exit status: 0 no growth, 1 growth or a failed run, 77 no Xvfb
# (a skip, for ctest).
set -uo pipefail
secs="${1:-600}"
limber="${2:-build/limber}"
if ! command -v Xvfb >/dev/null; then
    echo "Xvfb is not installed (sudo apt-get install xvfb): soak skipped"
    exit 77
fi
tmp="$(mktemp -d)"
xpid=""
lpid=""
cleanup() {
    [ -n "$lpid" ] && kill "$lpid" 2>/dev/null
    [ -n "$xpid" ] && kill "$xpid" 2>/dev/null
    wait 2>/dev/null
    rm -rf "$tmp"
}
trap cleanup EXIT
# Xvfb picks a free display number and writes it once it accepts clients.
exec 3>"$tmp/display"
Xvfb -displayfd 3 -screen 0 1920x1080x24 -nolisten tcp >/dev/null 2>&1 &
xpid=$!
exec 3>&-
for _ in $(seq 50); do [ -s "$tmp/display" ] && break; sleep 0.1; done
if [ ! -s "$tmp/display" ]; then
    echo "FAIL Xvfb did not start"
    exit 1
fi
display=":$(head -n1 "$tmp/display")"
interval=10
[ "$secs" -lt 120 ] && interval=5
warm=$((secs / 2))
[ "$warm" -lt 30 ] && warm=30

DISPLAY="$display" SDL_VIDEODRIVER=x11 SDL_AUDIODRIVER="${SDL_AUDIODRIVER:-dummy}" \
    "$limber" --no-settings --routine back-spasm-relief --level active --size 1280x720 --quit-after "$secs" --stats \
    >"$tmp/stats" 2>"$tmp/err" &
lpid=$!
rss() { awk '/^VmRSS:/ {print $2}' "/proc/$lpid/status" 2>/dev/null; }
base="" worst=0 t=0
echo "t_s rss_kb"
while sleep "$interval"; do
    t=$((t + interval))
    r="$(rss)"
    [ -z "$r" ] && break
    echo "$t $r"
    if [ "$t" -ge "$warm" ]; then
        if [ -z "$base" ]; then base=$r; fi
        [ "$r" -gt "$worst" ] && worst=$r
    fi
done
wait "$lpid"
rc=$?
lpid=""
cat "$tmp/stats"
if [ "$rc" -ne 0 ]; then
    echo "FAIL limber exited with status $rc: $(head -n 3 "$tmp/err")"
    exit 1
fi
if [ -z "$base" ]; then
    echo "FAIL no memory sample after warm-up (the run ended early?)"
    exit 1
fi
allow=$((base / 50))
[ "$allow" -lt 2048 ] && allow=2048
growth=$((worst - base))
echo "rss after warm-up ${base} kB, highest later ${worst} kB, growth ${growth} kB (allowed ${allow} kB)"
if [ "$growth" -gt "$allow" ]; then
    echo "FAIL memory grows during playback"
    exit 1
fi
echo "ok   no memory growth over ${secs} s"
