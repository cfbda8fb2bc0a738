#!/usr/bin/env python3
"""make-voice: the voice clips in assets/voice/ and assets/voice/manifest.json,
made from the cue texts the program speaks (`limber --cues`).

Each clip is:
  1. synthesised by flite with the "slt" voice (see VOICE below for why),
  2. high-passed at 80 Hz (the synthesiser leaves a little DC and rumble),
  3. trimmed of leading and trailing silence (below -50 dBFS),
  4. brought to a common loudness: a gain to -18 dBFS RMS, reduced when that
     would push a peak above -1 dBFS, so no clip is louder than another and
     none clips,
  4b. trimmed again at -48 dBFS (30 dB under the speech), so even a soft
     first sound (the breath of "h", the hiss of "f") is heard within a few
     milliseconds of the clip's first sample, that is, of its cue's time,
  5. resampled to 48 kHz mono (the mixer's rate, so nothing is resampled
     while playing), with a 3 ms fade in and 20 ms fade out against clicks,
  6. encoded as Ogg Vorbis (oggenc -q 3).

File names are a slug of the text plus the first 8 hex digits of the text's
SHA-1, so they are stable and a changed text is a new file. Only texts that
are new or whose clip is missing are synthesised; clips no text uses are
removed. --check compares the manifest with the texts (it needs no
synthesiser, so it runs in CI) and lists what is stale or missing.

The manifest: {"clips": [{"text", "file", "duration_s", "sha1"}]}, sorted by
file name so that diffs stay small.
"""
import argparse
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

# The voice. Both Debian synthesisers were compared on the same cue lines:
# - espeak-ng (en-us) is a formant synthesiser: crisp, but buzzy and robotic,
#   its voiced sounds stop near 4 kHz, and it speaks more slowly (6.8 s for a
#   line flite says in 5.6 s); a class hears it for twenty minutes.
# - flite's "slt" voice (a US English female statistical voice, 16 kHz) has a
#   natural pitch contour and carries the consonants (s, ch, th) up to 8 kHz,
#   which is what makes words clear from across a room over TV speakers.
#   flite's default "kal" voice is 8 kHz telephone bandwidth: muffled.
# So: flite, voice slt. At its own pace slt says about 5.5 syllables a second,
# quick for someone moving into a stretch; a duration stretch of 1.25 brings
# that to about 4.4, an instructor's calm pace, without slurring.
VOICE = ["flite", "-voice", "slt", "--setf", "duration_stretch=1.25"]
VOICE_PACKAGE = "flite"
RATE = 48000
TARGET_RMS_DB = -18.0
PEAK_CEIL_DB = -1.0
TRIM_DB = "-50d"   # first trim, before the gain: only true silence goes
ONSET_DB = "-48d"  # final trim, after the gain: 30 dB under the speech
OGG_QUALITY = "3"

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def text_sha1(text):
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def clip_name(text):
    """A short slug of the text plus a short hash: stable, readable, unique."""
    words = re.findall(r"[a-z0-9]+", text.lower())
    slug = ""
    for w in words:
        nxt = w if not slug else slug + "-" + w
        if len(nxt) > 40:
            break
        slug = nxt
    if not slug:
        slug = "cue"
    return "%s-%s.ogg" % (slug, text_sha1(text)[:8])


def read_texts(args):
    if args.texts:
        try:
            with open(args.texts, encoding="utf-8") as f:
                raw = f.read()
        except OSError as e:
            die("cannot read %s: %s" % (args.texts, e.strerror))
        source = args.texts
    else:
        exe = args.limber or os.path.join(ROOT, "build", "limber")
        try:
            p = subprocess.run([exe, "--cues"], capture_output=True, text=True)
        except OSError as e:
            die("cannot run %s --cues: %s (build first, or give --limber PATH or --texts FILE)"
                % (exe, e.strerror))
        if p.returncode != 0:
            die("%s --cues failed (exit %d): %s" % (exe, p.returncode, p.stderr.strip()))
        raw = p.stdout
        source = exe + " --cues"
    texts = []
    seen = set()
    for line in raw.splitlines():
        t = line.strip()
        if t and t not in seen:
            seen.add(t)
            texts.append(t)
    if not texts:
        die("no cue texts from %s; refusing to remove every clip" % source)
    return texts


def die(msg, code=2):
    print("make-voice: " + msg, file=sys.stderr)
    sys.exit(code)


def load_manifest(out_dir):
    path = os.path.join(out_dir, "manifest.json")
    if not os.path.exists(path):
        return []
    try:
        with open(path, encoding="utf-8") as f:
            doc = json.load(f)
    except (OSError, ValueError) as e:
        die("%s: cannot read: %s" % (path, e), 1)
    clips = doc.get("clips") if isinstance(doc, dict) else None
    if not isinstance(clips, list):
        die("%s: $.clips: expected an array" % path, 1)
    good = []
    for i, c in enumerate(clips):
        if not (isinstance(c, dict) and isinstance(c.get("text"), str)
                and isinstance(c.get("file"), str)):
            die("%s: $.clips[%d]: expected text and file" % (path, i), 1)
        good.append(c)
    return good


def write_manifest(out_dir, entries):
    entries = sorted(entries, key=lambda c: c["file"])
    doc = {"clips": [{"text": c["text"], "file": c["file"],
                      "duration_s": round(float(c["duration_s"]), 3),
                      "sha1": c["sha1"]} for c in entries]}
    path = os.path.join(out_dir, "manifest.json")
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(doc, f, indent=2, ensure_ascii=False)
        f.write("\n")
    os.replace(tmp, path)


def problems(texts, manifest, out_dir):
    """Everything that makes the clips disagree with the texts, as lines."""
    out = []
    by_text = {}
    for c in manifest:
        by_text.setdefault(c["text"], c)
    wanted = set(texts)
    for t in texts:
        c = by_text.get(t)
        if c is None:
            out.append("missing: no clip for %r (would be %s)" % (t, clip_name(t)))
            continue
        if c.get("sha1") != text_sha1(t):
            out.append("stale: %s: sha1 does not match its text %r" % (c["file"], t))
        if c["file"] != clip_name(t):
            out.append("stale: %s: name should be %s for %r" % (c["file"], clip_name(t), t))
        if not os.path.isfile(os.path.join(out_dir, c["file"])):
            out.append("missing: %s (for %r) is not in %s" % (c["file"], t, out_dir))
        d = c.get("duration_s")
        if not isinstance(d, (int, float)) or d <= 0:
            out.append("stale: %s: duration_s is not a positive number" % c["file"])
    listed = set()
    for c in manifest:
        listed.add(c["file"])
        if c["text"] not in wanted:
            out.append("unused: %s (%r) is spoken by no cue" % (c["file"], c["text"]))
    if os.path.isdir(out_dir):
        for f in sorted(os.listdir(out_dir)):
            if f.endswith(".ogg") and f not in listed:
                out.append("unused: %s is not in the manifest" % f)
    return out


def run(cmd):
    p = subprocess.run(cmd, capture_output=True, text=True)
    if p.returncode != 0:
        die("%s failed: %s" % (" ".join(cmd[:3]), p.stderr.strip()), 1)
    return p.stdout + p.stderr


def sox_stats(path):
    s = run(["sox", path, "-n", "stats"])
    rms = re.search(r"RMS lev dB\s+(-?[0-9.]+|-inf)", s)
    pk = re.search(r"Pk lev dB\s+(-?[0-9.]+|-inf)", s)
    if not rms or not pk or "inf" in rms.group(1):
        return None
    return float(rms.group(1)), float(pk.group(1))


def synthesise(text, dest, tmp):
    raw = os.path.join(tmp, "raw.wav")  # the synthesiser's own output
    trimmed = os.path.join(tmp, "trimmed.wav")
    final = os.path.join(tmp, "final.wav")
    run(VOICE + ["-t", text, "-o", raw])
    run(["sox", raw, "-b", "32", "-e", "floating-point", trimmed, "highpass", "80",
         "silence", "1", "0.005", TRIM_DB, "reverse", "silence", "1", "0.005", TRIM_DB, "reverse"])
    st = sox_stats(trimmed)
    if st is None:
        die("the synthesiser made silence for %r" % text, 1)
    rms, pk = st
    gain = min(TARGET_RMS_DB - rms, PEAK_CEIL_DB - pk)
    # Trim again after the gain, at a fixed level below the common loudness,
    # so every clip's first sample is equally close to where it is heard.
    loud = os.path.join(tmp, "loud.wav")
    run(["sox", trimmed, "-b", "32", "-e", "floating-point", loud, "gain", "%.2f" % gain,
         "silence", "1", "0.002", ONSET_DB, "reverse", "silence", "1", "0.002", ONSET_DB, "reverse"])
    run(["sox", loud, "-b", "32", "-e", "floating-point", final, "rate", "-v", str(RATE),
         "fade", "t", "0.003", "-0", "0.02"])
    # Float all the way (no dither) and a serial number from the text: the
    # same text makes the same bytes, so --force leaves unchanged clips alone.
    serial = str(int(text_sha1(text)[:7], 16))
    run(["oggenc", "-Q", "-q", OGG_QUALITY, "-s", serial, "-o", dest, final])
    dur = float(run(["soxi", "-D", dest]).strip())
    return dur


def main():
    ap = argparse.ArgumentParser(description="Make limber's voice clips from its cue texts.")
    ap.add_argument("--texts", metavar="FILE", help="cue texts, one a line (default: limber --cues)")
    ap.add_argument("--limber", metavar="PATH", help="the program to ask for --cues (default: build/limber)")
    ap.add_argument("--out", metavar="DIR", default=os.path.join(ROOT, "assets", "voice"),
                    help="where clips and manifest.json live (default: assets/voice)")
    ap.add_argument("--check", action="store_true",
                    help="list stale or missing clips and exit 1 if any; synthesises nothing")
    ap.add_argument("--force", action="store_true", help="synthesise every clip again")
    args = ap.parse_args()

    texts = read_texts(args)
    manifest = load_manifest(args.out)

    if args.check:
        bad = problems(texts, manifest, args.out)
        for line in bad:
            print(line)
        if bad:
            print("make-voice: %d problem(s); run tools/make-voice.sh to regenerate the clips"
                  % len(bad), file=sys.stderr)
            return 1
        print("make-voice: %d clips match the cue texts" % len(texts))
        return 0

    missing_tools = [t for t in (VOICE[0], "sox", "soxi", "oggenc") if shutil.which(t) is None]
    if missing_tools:
        die("needs %s (sudo apt-get install %s sox libsox-fmt-all vorbis-tools)"
            % (", ".join(missing_tools), VOICE_PACKAGE))

    os.makedirs(args.out, exist_ok=True)
    by_text = {c["text"]: c for c in manifest}
    entries = []
    made = kept = 0
    with tempfile.TemporaryDirectory() as tmp:
        for t in texts:
            name = clip_name(t)
            path = os.path.join(args.out, name)
            old = by_text.get(t)
            if (not args.force and old and old.get("file") == name
                    and old.get("sha1") == text_sha1(t) and os.path.isfile(path)
                    and isinstance(old.get("duration_s"), (int, float)) and old["duration_s"] > 0):
                entries.append(old)
                kept += 1
                continue
            dur = synthesise(t, path + ".tmp", tmp)
            os.replace(path + ".tmp", path)
            entries.append({"text": t, "file": name, "duration_s": dur, "sha1": text_sha1(t)})
            made += 1
            print("made %s (%.2f s)" % (name, dur))
    used = {c["file"] for c in entries}
    removed = 0
    for f in sorted(os.listdir(args.out)):
        if f.endswith(".ogg") and f not in used:
            os.remove(os.path.join(args.out, f))
            removed += 1
            print("removed %s" % f)
    write_manifest(args.out, entries)
    print("make-voice: %d made, %d kept, %d removed, %d clips" % (made, kept, removed, len(entries)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
