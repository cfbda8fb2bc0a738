#!/usr/bin/env bash
# `limber --check` on every file of the bad-file corpus: each must be
# refused (exit status 1, never a crash) with the message its .expect file
# holds, on a line that names the file ("FILE: $.path: message"). Also the
# cases that are not committed files: a missing file, a directory, a file
# over the size limit, and big files under it that must be refused within
# seconds (all made here). Run from the repository root:
#   bash tests/cli/check_bad_corpus.sh path/to/limber
set -uo pipefail
limber="${1:?usage: check_bad_corpus.sh LIMBER}"
bad=tests/bad
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
fails=0 n=0
limit_s=0 # > 0: a run longer than this fails (a hang is a bug)
run_limber() {
    if [ "$limit_s" -gt 0 ]; then timeout "$limit_s" "$limber" "$@"; else "$limber" "$@"; fi
}

# expect_refusal FILE TEXT: exit status 1 and TEXT on a line starting
# "FILE: ", or, when TEXT starts with a path of its own (a file the checked
# one refers to), on any line starting with TEXT.
expect_refusal() {
    local file="$1" want="$2" out rc prefix="$1: "
    n=$((n + 1))
    out="$(run_limber --check "$file" 2>&1)"
    rc=$?
    if [ "$rc" -ne 1 ]; then
        echo "FAIL $file: exit status $rc, expected 1"
        echo "$out" | sed 's/^/    /'
        fails=$((fails + 1))
        return
    fi
    case "$want" in
    "$file: "*) want="${want#"$file: "}" ;;
    "$bad/"* | /*) prefix="" ;;
    esac
    local line found=0
    while IFS= read -r line; do
        [[ "$line" == "$prefix"* && "$line" == *"$want"* ]] && found=1
    done <<<"$out"
    if [ "$found" -ne 1 ]; then
        echo "FAIL $file: no line \"$prefix...$want...\""
        echo "$out" | sed 's/^/    /'
        fails=$((fails + 1))
    fi
}

count=0
for f in "$bad"/*.json; do
    [ -e "$f" ] || continue
    count=$((count + 1))
    exp="${f%.json}.expect"
    if [ ! -f "$exp" ]; then
        echo "FAIL $f: no ${exp##*/} saying what it must report"
        fails=$((fails + 1))
        continue
    fi
    want="$(head -n 1 "$exp")"
    if [ -z "$want" ]; then
        echo "FAIL $exp is empty"
        fails=$((fails + 1))
        continue
    fi
    expect_refusal "$f" "$want"
done
for exp in "$bad"/*.expect; do
    [ -e "${exp%.expect}.json" ] || { echo "FAIL $exp has no .json beside it"; fails=$((fails + 1)); }
done
if [ "$count" -lt 25 ]; then
    echo "FAIL only $count files in $bad (run from the repository root)"
    fails=$((fails + 1))
fi

# Not committed: missing, a directory, too large (one byte over 4 MiB).
expect_refusal "$tmp/no-such-file.json" "cannot open: No such file or directory"
mkdir "$tmp/folder.json"
expect_refusal "$tmp/folder.json" "is a directory, expected a JSON file"
head -c $((4 * 1024 * 1024 + 1)) /dev/zero | tr '\0' ' ' >"$tmp/huge.json"
expect_refusal "$tmp/huge.json" "too large (4194305 bytes; the limit is 4194304)"

# Big but under the size limit: refused quickly, not after minutes of
# comparing every key with every other (the timeout makes a hang a failure).
{
    printf '{"moves": [], '
    seq 0 299999 | sed 's/.*/"k&": 1/' | paste -sd, -
    printf '}\n'
} >"$tmp/many-keys.json"
{
    printf '{"poses": {'
    seq 0 299999 | sed 's/.*/"p&": {}/' | paste -sd, -
    printf '}}\n'
} >"$tmp/many-poses.json"
limit_s=30
expect_refusal "$tmp/many-keys.json" '$.k0: unknown key (a typo?)'
expect_refusal "$tmp/many-poses.json" '$.poses: too many poses (300000; at most 256)'
limit_s=0

# Several bad files at once: each is reported, the status is still 1.
out="$("$limber" --check "$bad/empty.json" "$bad/unknown-joint.json" 2>&1)"
rc=$?
n=$((n + 1))
if [ "$rc" -ne 1 ] || ! grep -q "^$bad/empty.json: " <<<"$out" || ! grep -q "^$bad/unknown-joint.json: " <<<"$out"; then
    echo "FAIL two bad files in one call: status $rc"
    echo "$out" | sed 's/^/    /'
    fails=$((fails + 1))
fi

echo "$n checks, $fails failed"
[ "$fails" -eq 0 ]
