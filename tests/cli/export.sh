#!/usr/bin/env bash
# --export: each format's streams, size and duration read back by ffprobe;
# the sound in sync with the picture (each sound the timeline lists starts,
# at -50 dBFS in the decoded file, within one video frame of its event);
# Ctrl+C leaves nothing; a bad extension, folder or size is refused; an
# existing file survives a failed export. Short spans at small sizes.
source "$(dirname "$0")/lib.bash"
for tool in ffprobe ffmpeg python3; do
    command -v "$tool" >/dev/null || { echo "FAIL $tool is not installed (tools/bootstrap.sh --test)"; exit 1; }
done
ex=seated-forward-fold
"$limber" --timeline "$ex" > "$tmp/tl.json" || { echo "FAIL --timeline $ex"; exit 1; }
total=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["duration_s"])' "$tmp/tl.json")

# "codec_name,codec_name width height duration" of a file
probe() {
    local v a d
    v=$(ffprobe -v error -select_streams v -show_entries stream=codec_name,width,height,pix_fmt -of csv=p=0 "$1")
    a=$(ffprobe -v error -select_streams a -show_entries stream=codec_name,sample_rate -of csv=p=0 "$1")
    d=$(ffprobe -v error -show_entries format=duration -of csv=p=0 "$1")
    echo "video=$v audio=$a duration=$d"
}
near() { python3 -c 'import sys; sys.exit(abs(float(sys.argv[1]) - float(sys.argv[2])) > float(sys.argv[3]))' "$@"; }

# Each format: its codecs, size and duration (a span, 4 s at 12 fps).
for f in mp4 webm gif; do
    out="$tmp/clip.$f"
    check "--export clip.$f exits 0" "$limber" --export "$out" --exercise "$ex" --from 10 --seconds 4 \
        --size 320x180 --fps 12
    p=$(probe "$out")
    echo "     $f: $p"
    case $f in
    mp4) want_v="h264,320,180,yuv420p" want_a="aac,48000" ;;
    webm) want_v="vp9,320,180,yuv420p" want_a="opus,48000" ;;
    gif) want_v="gif,320,180,bgra" want_a="" ;;
    esac
    check "$f: picture is $want_v" test "${p#video=}" != "$p" -a "$(sed 's/^video=\([^ ]*\) .*/\1/' <<<"$p")" = "$want_v"
    check "$f: sound is '${want_a:-none}'" test "$(sed 's/.* audio=\([^ ]*\) .*/\1/' <<<"$p")" = "$want_a"
    check "$f: lasts 4 s to within a frame" near "$(sed 's/.*duration=//' <<<"$p")" 4 0.0834
    check "$f: no temporary file left" test -z "$(find "$tmp" -name '.clip*')"
done

# The whole session by default: its duration is the timeline's.
check "--export of the whole exercise exits 0" "$limber" --export "$tmp/whole.mp4" --exercise "$ex" \
    --size 160x90 --fps 10
d=$(ffprobe -v error -show_entries format=duration -of csv=p=0 "$tmp/whole.mp4")
check "whole.mp4 lasts the timeline's $total s to within a frame (it lasts $d s)" near "$d" "$total" 0.1
# The default size and rate.
check "--export default size exits 0" "$limber" --export "$tmp/default.mp4" --exercise "$ex" --seconds 0.5
check "the default is 1280x720 at 30 fps" test "$(ffprobe -v error -select_streams v \
    -show_entries stream=width,height,r_frame_rate -of csv=p=0 "$tmp/default.mp4")" = "1280,720,30/1"

# Sync: the sound decoded from the file starts within one frame (1/30 s)
# of each event the timeline lists, for the sounds that begin in quiet.
from=33.3
for f in mp4 webm; do
    out="$tmp/sync.$f"
    check "--export sync.$f exits 0" "$limber" --export "$out" --exercise "$ex" --from $from --seconds 11 \
        --size 320x180 --fps 30
    ffmpeg -v error -y -i "$out" -ac 1 -ar 48000 -f s16le "$tmp/sync.$f.pcm" || echo "FAIL decode $f"
    check "$f: every sound starts within a frame of its event" python3 - "$tmp/sync.$f.pcm" "$tmp/tl.json" "$from" <<'PY'
import json, struct, sys
pcm, tl, t0 = sys.argv[1], sys.argv[2], float(sys.argv[3])
data = open(pcm, "rb").read()
s = struct.unpack("<%dh" % (len(data) // 2), data)
n = len(s)
level = 32767 * 10 ** (-50 / 20)  # -50 dBFS
ms = 48
ok, measured = True, 0
for e in json.load(open(tl))["events"]:
    if e["type"] not in ("beep", "hold_end", "side", "cue") or not (t0 <= e["t_s"] < t0 + n / 48000 - 0.1):
        continue
    at = round((e["t_s"] - t0) * 48000)
    if any(abs(x) >= level for x in s[max(0, at - 60 * ms):max(0, at - 34 * ms)]):
        continue  # begins over another sound: its onset cannot be seen
    onset = next((i for i in range(max(0, at - 34 * ms), min(n, at + 500 * ms)) if abs(s[i]) >= level), None)
    off = None if onset is None else (onset - at) / 48.0
    good = off is not None and abs(off) <= 1000 / 30
    print("     %s %s at %.3f s: onset %s ms from its event" % ("ok" if good else "LATE", e["type"], e["t_s"], off))
    ok &= good
    measured += 1
print("     %d sounds timed" % measured)
sys.exit(0 if ok and measured >= 3 else 1)
PY
done

# Ctrl+C (and SIGTERM) stop cleanly: status 130, nothing under the name
# asked for, no temporary file. (A job the script starts in the background
# has Ctrl+C ignored, as a shell does; the wrapper gives it back.)
for sig in INT TERM; do
    out="$tmp/stop-$sig.mp4"
    python3 -c 'import os, signal, sys; signal.signal(signal.SIGINT, signal.SIG_DFL); os.execv(sys.argv[1], sys.argv[1:])' \
        "$limber" --export "$out" --exercise "$ex" --size 640x360 > /dev/null 2> "$tmp/stop.err" &
    pid=$!
    for _ in $(seq 100); do
        [ -n "$(find "$tmp" -name ".stop-$sig.mp4.part-*" -size +1k)" ] && break
        sleep 0.1
    done
    kill -"$sig" "$pid"
    wait "$pid"
    rc=$?
    check "SIG$sig: exits 130 (got $rc)" test "$rc" = 130
    check "SIG$sig: says it stopped" grep -q "interrupted" "$tmp/stop.err"
    check "SIG$sig: nothing under the name asked for" test ! -e "$out"
    check "SIG$sig: no temporary file left" test -z "$(find "$tmp" -name ".stop-$sig*")"
done

# Refused: another extension (usage, naming the three), an odd size for
# 4:2:0 video, a GIF faster than 50 fps, a missing folder.
"$limber" --export "$tmp/x.avi" --exercise "$ex" 2> "$tmp/err"
check "x.avi: usage error (2)" test $? = 2
check "x.avi: names .mp4, .webm and .gif" grep -q '\.mp4, \.webm or \.gif' "$tmp/err"
"$limber" --export "$tmp/x.mp4" --exercise "$ex" --size 321x180 2> "$tmp/err"
check "an odd width for mp4: usage error (2)" test $? = 2
check "an odd width: says even" grep -q 'even width and height' "$tmp/err"
"$limber" --export "$tmp/x.gif" --exercise "$ex" --fps 60 2> "$tmp/err"
check "a 60 fps GIF: usage error (2)" test $? = 2
"$limber" --export "$tmp/nowhere/x.mp4" --exercise "$ex" --seconds 1 2> "$tmp/err"
check "a missing folder: status 1" test $? = 1
check "a missing folder: names the file" grep -q "nowhere/x.mp4" "$tmp/err"
check "a missing folder: nothing made" test ! -e "$tmp/nowhere"

# A full disk, as a file size limit (write fails with EFBIG rather than the
# signal): status 1 naming the file, the existing file untouched, nothing
# left behind.
echo "an earlier video" > "$tmp/keep.mp4"
(trap '' XFSZ; ulimit -f 64; exec "$limber" --export "$tmp/keep.mp4" --exercise "$ex" --size 640x360) \
    2> "$tmp/err"
check "no room: status 1" test $? = 1
check "no room: names the file" grep -q "keep.mp4" "$tmp/err"
check "no room: the existing file is untouched" test "$(cat "$tmp/keep.mp4")" = "an earlier video"
check "no room: no temporary file left" test -z "$(find "$tmp" -name '.keep*')"
# A folder that cannot be written: read-only for root (a read-only mount),
# without write permission for anyone else.
mkdir "$tmp/ro"
if [ "$(id -u)" = 0 ]; then
    mount -t tmpfs -o ro,size=64k tmpfs "$tmp/ro" || echo "FAIL cannot mount a read-only folder"
else
    chmod 555 "$tmp/ro"
fi
"$limber" --export "$tmp/ro/x.mp4" --exercise "$ex" --seconds 1 2> "$tmp/err"
check "a read-only folder: status 1" test $? = 1
check "a read-only folder: names the file" grep -q "ro/x.mp4" "$tmp/err"
[ "$(id -u)" = 0 ] && umount "$tmp/ro"
# A full tmpfs, when this may mount one.
if [ "$(id -u)" = 0 ]; then
    mkdir "$tmp/small" && mount -t tmpfs -o size=100k tmpfs "$tmp/small"
    echo "an earlier video" > "$tmp/small/keep.mp4"
    "$limber" --export "$tmp/small/keep.mp4" --exercise "$ex" --size 640x360 2> "$tmp/err"
    check "a full disk: status 1" test $? = 1
    check "a full disk: says so" grep -q "No space left" "$tmp/err"
    check "a full disk: the existing file is untouched" test "$(cat "$tmp/small/keep.mp4")" = "an earlier video"
    check "a full disk: nothing else left" test "$(ls -A "$tmp/small")" = keep.mp4
    umount "$tmp/small"
fi
# And a complete export does replace it.
check "a complete export replaces an existing file" "$limber" --export "$tmp/keep.mp4" --exercise "$ex" \
    --seconds 1 --size 160x90
check "the replaced file is a video" test "$(ffprobe -v error -select_streams v -show_entries stream=codec_name \
    -of csv=p=0 "$tmp/keep.mp4")" = h264
# Without the encoder module beside it (nor installed): a clear refusal,
# nothing written, and the program itself still runs (it never loads
# FFmpeg's libraries for anything else).
mkdir "$tmp/alone" && cp "$limber" "$tmp/alone/limber"
"$tmp/alone/limber" --data "$PWD" --export "$tmp/alone.mp4" --exercise "$ex" --seconds 1 2> "$tmp/err"
check "no encoder module: status 1" test $? = 1
check "no encoder module: says what is missing" grep -q "limber-encode.so" "$tmp/err"
check "no encoder module: nothing written" test ! -e "$tmp/alone.mp4"
check "no encoder module: --list still works" "$tmp/alone/limber" --data "$PWD" --list
exit "$fail"
