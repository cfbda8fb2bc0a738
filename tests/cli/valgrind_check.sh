#!/usr/bin/env bash
# `limber --check` (and --list, --timeline and a two-second --render)
# under valgrind over the good corpus (the whole shipped
# library, then every shipped file on its own) and the bad corpus (every
# file in tests/bad, plus a missing file, a directory and an oversized
# file): no invalid read or write, no use of uninitialised memory and no
# leak (definite, indirect or possible), whatever the input. Run from the
# repository root:  bash tests/cli/valgrind_check.sh path/to/limber
set -uo pipefail
limber="${1:?usage: valgrind_check.sh LIMBER}"
if ! command -v valgrind >/dev/null; then
    # Valgrind is part of the test packages (tools/bootstrap.sh --test).
    echo "valgrind is not installed: sudo apt-get install valgrind" >&2
    exit 1
fi
if nm "$limber" 2>/dev/null | grep __asan_init >/dev/null; then # not -q: pipefail + SIGPIPE
    # A sanitizer build checks the same things itself, and valgrind cannot
    # run it; the normal build runs this test. 77: skipped, for ctest.
    echo "built with AddressSanitizer: this check runs on the normal build"
    exit 77
fi
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
# the user's own folder: empty but for the cases made below
export XDG_DATA_HOME="$tmp/user-data"
fails=0 n=0
VG_CODE=99

# vg WANT_STATUS LABEL ARGS...: run limber under valgrind, want that status.
vg() {
    local want="$1" label="$2" rc
    shift 2
    n=$((n + 1))
    valgrind -q --error-exitcode=$VG_CODE --leak-check=full \
        --show-leak-kinds=definite,indirect,possible --errors-for-leak-kinds=definite,indirect,possible \
        --log-file="$tmp/vg.log" "$limber" "$@" >"$tmp/out.log" 2>&1
    rc=$?
    if [ "$rc" -eq $VG_CODE ] || [ -s "$tmp/vg.log" ]; then
        echo "FAIL $label: valgrind found errors"
        sed 's/^/    /' "$tmp/vg.log" | head -60
        fails=$((fails + 1))
    elif [ "$rc" -ne "$want" ]; then
        echo "FAIL $label: exit status $rc, expected $want"
        sed 's/^/    /' "$tmp/out.log" | head -20
        fails=$((fails + 1))
    else
        echo "ok   $label"
    fi
}

# Good corpus: the whole library (every exercise and routine compiled at
# every level), each shipped file alone, and the tool modes that read it.
vg 0 "--check (the shipped library)" --check
good=(anims/*.json anims/exercises/*.json anims/routines/*.json)
for f in "${good[@]}"; do
    [ -e "$f" ] || continue
    vg 0 "--check $f" --check "$f"
done
vg 0 "--list" --list
# The command line alone: help, the version, and a refused flag, each of
# which ends before any data is read.
vg 0 "--help" --help
vg 0 "--version" --version
vg 2 "--mute=no (refused)" --mute=no
vg 2 "--check a.json --list (two modes)" --check a.json --list
first="$("$limber" --list 2>/dev/null | head -n 1 | cut -f 1)"
[ -n "$first" ] && vg 0 "--timeline $first" --timeline "$first"

# Two seconds of headless frames with their sound: the scene, overlay,
# fonts, voice clips, PNG writer thread and WAV mixer, all freed at exit.
# No suppressions: SDL's offscreen driver and software renderer need none.
if [ -n "$first" ]; then
    vg 0 "--render 2 s of $first with --audio-out" --render "$tmp/frames" --exercise "$first" --seconds 2 \
        --fps 30 --size 320x180 --audio-out "$tmp/render.wav"
    nf=$(ls "$tmp/frames" 2>/dev/null | grep -c '^frame-.*\.png$')
    if [ "$nf" -ne 60 ]; then
        echo "FAIL --render under valgrind wrote $nf frames, expected 60"
        fails=$((fails + 1))
    fi
fi

# Bad corpus: all at once (each file is checked, one status), then the
# cases made here.
bad=(tests/bad/*.json)
if [ "${#bad[@]}" -lt 25 ]; then
    echo "FAIL only ${#bad[@]} bad files found (run from the repository root)"
    fails=$((fails + 1))
fi
vg 1 "--check tests/bad/*.json (${#bad[@]} files)" --check "${bad[@]}"
mkdir "$tmp/folder.json"
head -c $((4 * 1024 * 1024 + 1)) /dev/zero | tr '\0' ' ' >"$tmp/huge.json"
vg 1 "--check a missing file, a directory, an oversized file" \
    --check "$tmp/no-such.json" "$tmp/folder.json" "$tmp/huge.json"

# The user's own folder with a good routine, a damaged one and one that
# takes a shipped id: listed (status 0, the bad ones named), checked
# (status 1) and the good one played.
user="$XDG_DATA_HOME/limber/routines"
mkdir -p "$user"
echo '{"id": "mine", "title": "Mine", "items": [{"exercise": "cat-cow"}]}' >"$user/mine.json"
printf '{"id": "damaged", "items": [' >"$user/damaged.json"
echo '{"id": "back-spasm-relief", "title": "Not it", "items": [{"exercise": "cat-cow"}]}' >"$user/back-spasm-relief.json"
vg 0 "--list with the user's own files" --list
vg 1 "--check with the user's own files" --check
vg 0 "--timeline mine (the user's)" --timeline mine
rm -rf "$XDG_DATA_HOME"

echo "$n runs, $fails failed"
[ "$fails" -eq 0 ]
