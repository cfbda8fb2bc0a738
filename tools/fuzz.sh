#!/usr/bin/env bash
# Build the libFuzzer targets with clang (AddressSanitizer, UB sanitizer,
# coverage on everything they link) and run each for a bounded time: the
# JSON loader (fuzz_loader) two thirds of it, the settings file
# (fuzz_settings) and the command line (fuzz_cli) a sixth each. Fails on
# any crash, leak, hang, undefined behaviour or broken contract.
#
#   tools/fuzz.sh [SECONDS]          default 60 in all; FUZZ_BUILD_DIR=build-fuzz
#
# Seeds: the loader's tests/fuzz/corpus and tests/fuzz/regressions, the
# shipped anims/ and the bad-file corpus tests/bad/; the others'
# tests/fuzz/corpus-NAME and tests/fuzz/regressions-NAME. New interesting
# inputs go to $FUZZ_BUILD_DIR/corpus-NAME (not committed); a crashing input
# is written to $FUZZ_BUILD_DIR/artifacts/. Keep it as a regression: copy it
# to tests/fuzz/regressions/ (the loader's) or tests/fuzz/regressions-NAME/;
# test_core_fuzz_replay and test_shell_fuzz_NAME_replay run every file there.
set -euo pipefail

seconds="${1:-60}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${FUZZ_BUILD_DIR:-$root/build-fuzz}"
cc="${CC:-clang}"
if ! command -v "$cc" >/dev/null; then
    echo "fuzz.sh: $cc not found; libFuzzer needs clang (sudo apt-get install clang)" >&2
    exit 2
fi
loader_s=$((seconds * 2 / 3))
other_s=$(((seconds - loader_s) / 2))
[ "$loader_s" -ge 1 ] || loader_s=1
[ "$other_s" -ge 1 ] || other_s=1

cmake -S "$root" -B "$build" -DCMAKE_C_COMPILER="$cc" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DLIMBER_FUZZ=ON -DLIMBER_SANITIZE=ON -DLIMBER_WERROR=ON -DBUILD_TESTING=OFF \
    -DCMAKE_C_FLAGS="-fsanitize=fuzzer-no-link" >/dev/null
cmake --build "$build" --target fuzz_loader fuzz_settings fuzz_cli -j2

mkdir -p "$build/corpus" "$build/corpus-settings" "$build/corpus-cli" "$build/artifacts" "$build/seeds"
# The shipped exercises again under the id the target's file name asks for
# ("fuzz"), so they pass the check and reach the timeline compiler.
for f in "$root"/anims/exercises/*.json; do
    [ -e "$f" ] || continue
    sed -E '0,/"id": *"[^"]*"/s//"id": "fuzz"/' "$f" >"$build/seeds/$(basename "$f")"
done
cd "$root" # the loader's target loads its library from the repository's data
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=0:${ASAN_OPTIONS:-}"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1:${UBSAN_OPTIONS:-}"
common=(-rss_limit_mb=2048 -timeout=10 -print_final_stats=1 -artifact_prefix="$build/artifacts/")

# run NAME SECONDS MAX_LEN FOLDERS...: one target, its dictionary, its seeds.
run() {
    local name="$1" secs="$2" max_len="$3" status=0
    shift 3
    local dict="$root/tests/fuzz/$name.dict"
    [ "$name" = loader ] && dict="$root/tests/fuzz/limber.dict"
    echo "fuzz.sh: fuzz_$name for ${secs}s"
    "$build/fuzz_$name" "$@" -dict="$dict" -max_total_time="$secs" -max_len="$max_len" "${common[@]}" ||
        status=$?
    if [ "$status" -ne 0 ]; then
        echo "fuzz.sh: fuzz_$name FAILED (status $status); inputs in $build/artifacts/" >&2
        exit 1
    fi
}

run loader "$loader_s" 65536 "$build/corpus" "$root/tests/fuzz/corpus" "$root/tests/fuzz/regressions" \
    "$root/anims" "$root/tests/bad" "$build/seeds"
# (a regressions folder is there once it holds something)
extra() { [ -d "$root/tests/fuzz/regressions-$1" ] && echo "$root/tests/fuzz/regressions-$1" || true; }
run settings "$other_s" 4096 "$build/corpus-settings" "$root/tests/fuzz/corpus-settings" $(extra settings)
run cli "$other_s" 4096 "$build/corpus-cli" "$root/tests/fuzz/corpus-cli" $(extra cli)
echo "fuzz.sh: no crash, leak or undefined behaviour in ${seconds}s"
