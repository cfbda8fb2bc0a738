#!/usr/bin/env bash
# Remembered settings through the program itself: a corrupt file gives one
# warning naming it, the run goes on with the defaults, and the file is
# replaced by a good one; --no-settings neither reads nor writes it; flags
# override it for the run without being saved.
# Run from the repository root with the limber binary as $1.
set -u
limber="$1"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
export XDG_CONFIG_HOME="$tmp/config"
file="$XDG_CONFIG_HOME/limber/settings.json"
fail=0
mkdir -p "$(dirname "$file")"

printf '{"level": "active", "mute": tr' > "$file"
if ! "$limber" --exercise knee-to-chest --quit-after 0.3 2> "$tmp/err"; then
    echo "FAIL a corrupt settings file stopped the program: $(cat "$tmp/err")"; fail=1
fi
n=$(grep -c "settings.json" "$tmp/err")
[ "$n" = 1 ] || { echo "FAIL expected one warning naming the file, got $n:"; cat "$tmp/err"; fail=1; }
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["level"]=="beginner" and d["volume"]==100, d' "$file" \
    || { echo "FAIL the corrupt file was not replaced by the defaults"; fail=1; }

# A second run: no warning any more.
"$limber" --exercise knee-to-chest --quit-after 0.3 2> "$tmp/err2" || fail=1
if grep -q "settings" "$tmp/err2"; then echo "FAIL a warning about a good file:"; cat "$tmp/err2"; fail=1; fi

# --no-settings: a corrupt file is neither read (no warning) nor replaced.
printf 'garbage' > "$file"
"$limber" --exercise knee-to-chest --no-settings --quit-after 0.3 2> "$tmp/err3" || fail=1
if grep -q "settings" "$tmp/err3"; then echo "FAIL --no-settings read the file:"; cat "$tmp/err3"; fail=1; fi
[ "$(cat "$file")" = garbage ] || { echo "FAIL --no-settings wrote the file"; fail=1; }

# Flags override for the run and are not saved.
printf '{"level": "beginner", "mirror": false, "speed": 1}\n' > "$file"
cp "$file" "$tmp/before"
"$limber" --exercise knee-to-chest --level active --mirror --speed 1.5 --quit-after 0.3 2> "$tmp/err4" || fail=1
cmp -s "$file" "$tmp/before" || { echo "FAIL flags were saved as settings:"; cat "$file"; fail=1; }

[ $fail = 0 ] && echo "settings: ok"
exit $fail
