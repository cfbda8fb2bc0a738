#!/usr/bin/env bash
# tools/make-voice.sh --check: compares the manifest with the cue texts
# without any synthesiser, names every stale, missing or unused clip, and
# exits 1 when there is one. Runs on a copy of the test fixture clips.
. "$(dirname "$0")/lib.bash"

# The check must not need a synthesiser or sox: stand-ins that fail and
# leave a mark come first on PATH.
mkdir -p "$tmp/bin"
for tool in flite espeak-ng sox soxi oggenc; do
    printf '#!/bin/sh\ntouch "%s/used-%s"\nexit 99\n' "$tmp" "$tool" > "$tmp/bin/$tool"
    chmod +x "$tmp/bin/$tool"
done
mv_() { PATH="$tmp/bin:$PATH" bash tools/make-voice.sh "$@"; }

fixture=tests/data/audio
cp -r "$fixture/assets/voice" "$tmp/voice"
cp "$fixture/cue-texts.txt" "$tmp/texts.txt"

out="$(mv_ --check --texts "$tmp/texts.txt" --out "$tmp/voice" 2>&1)"; rc=$?
check "matching clips pass (rc $rc: $out)" test "$rc" = 0

echo "Roll your shoulders back." >> "$tmp/texts.txt"
out="$(mv_ --check --texts "$tmp/texts.txt" --out "$tmp/voice" 2>&1)"; rc=$?
check "a new text fails the check" test "$rc" = 1
check "and is named with its clip" grep -q "missing: no clip for 'Roll your shoulders back.' (would be roll-your-shoulders-back-[0-9a-f]\{8\}.ogg)" <<<"$out"
check "and says how to fix it" grep -q "run tools/make-voice.sh" <<<"$out"
cp "$fixture/cue-texts.txt" "$tmp/texts.txt"

grep -v "Hold, and breathe." "$fixture/cue-texts.txt" > "$tmp/texts.txt"
out="$(mv_ --check --texts "$tmp/texts.txt" --out "$tmp/voice" 2>&1)"; rc=$?
check "a text no longer spoken fails the check" test "$rc" = 1
check "and names the unused clip" grep -q "unused: hold-and-breathe-db3edd6e.ogg" <<<"$out"
cp "$fixture/cue-texts.txt" "$tmp/texts.txt"

rm "$tmp/voice/now-the-other-side-28b156a3.ogg"
out="$(mv_ --check --texts "$tmp/texts.txt" --out "$tmp/voice" 2>&1)"; rc=$?
check "a deleted clip file fails the check" test "$rc" = 1
check "and names the file" grep -q "missing: now-the-other-side-28b156a3.ogg" <<<"$out"
cp "$fixture/assets/voice/now-the-other-side-28b156a3.ogg" "$tmp/voice/"

echo junk > "$tmp/voice/stray-00000000.ogg"
out="$(mv_ --check --texts "$tmp/texts.txt" --out "$tmp/voice" 2>&1)"; rc=$?
check "a clip outside the manifest fails the check" test "$rc" = 1
check "and is named" grep -q "unused: stray-00000000.ogg is not in the manifest" <<<"$out"
rm "$tmp/voice/stray-00000000.ogg"

sed -i 's/"sha1": "db3edd6e[0-9a-f]*"/"sha1": "0000000000000000000000000000000000000000"/' "$tmp/voice/manifest.json"
out="$(mv_ --check --texts "$tmp/texts.txt" --out "$tmp/voice" 2>&1)"; rc=$?
check "a wrong sha1 fails the check" test "$rc" = 1
check "and names the stale clip" grep -q "stale: hold-and-breathe-db3edd6e.ogg: sha1" <<<"$out"
cp "$fixture/assets/voice/manifest.json" "$tmp/voice/"

: > "$tmp/empty.txt"
out="$(mv_ --check --texts "$tmp/empty.txt" --out "$tmp/voice" 2>&1)"; rc=$?
check "no texts at all is a usage error, not 'remove everything'" test "$rc" = 2

out="$(mv_ --check --texts "$tmp/texts.txt" --out "$tmp/voice" 2>&1)"; rc=$?
check "restored clips pass again" test "$rc" = 0

check "no synthesiser or sox was run" test -z "$(ls "$tmp" | grep '^used-')"

exit $fail
