#!/usr/bin/env bash
# Build the loader's libFuzzer target with clang (AddressSanitizer, UB
# sanitizer, coverage on the whole core) and run it for a bounded time.
# Fails on any crash, leak, undefined behaviour or broken error message.
#
#   tools/fuzz.sh [SECONDS]          default 60; FUZZ_BUILD_DIR=build-fuzz
#
# Seeds: tests/fuzz/corpus, tests/fuzz/regressions, the shipped anims/ and
# the bad-file corpus tests/bad/. New interesting inputs go to
# $FUZZ_BUILD_DIR/corpus (not committed); a crashing input is written to
# $FUZZ_BUILD_DIR/artifacts/. Keep it as a regression: copy it to
# tests/fuzz/regressions/ (test_core_fuzz_replay runs every file there).
set -euo pipefail

seconds="${1:-60}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${FUZZ_BUILD_DIR:-$root/build-fuzz}"
cc="${CC:-clang}"
if ! command -v "$cc" >/dev/null; then
    echo "fuzz.sh: $cc not found; libFuzzer needs clang (sudo apt-get install clang)" >&2
    exit 2
fi

cmake -S "$root" -B "$build" -DCMAKE_C_COMPILER="$cc" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DLIMBER_FUZZ=ON -DLIMBER_SANITIZE=ON -DLIMBER_WERROR=ON -DBUILD_TESTING=OFF \
    -DCMAKE_C_FLAGS="-fsanitize=fuzzer-no-link" >/dev/null
cmake --build "$build" --target fuzz_loader -j2

mkdir -p "$build/corpus" "$build/artifacts" "$build/seeds"
# The shipped exercises again under the id the target's file name asks for
# ("fuzz"), so they pass the check and reach the timeline compiler.
for f in "$root"/anims/exercises/*.json; do
    [ -e "$f" ] || continue
    sed -E '0,/"id": *"[^"]*"/s//"id": "fuzz"/' "$f" >"$build/seeds/$(basename "$f")"
done
cd "$root" # the target loads its library from the repository's data
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=0:${ASAN_OPTIONS:-}"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1:${UBSAN_OPTIONS:-}"
status=0
"$build/fuzz_loader" "$build/corpus" "$root/tests/fuzz/corpus" "$root/tests/fuzz/regressions" \
    "$root/anims" "$root/tests/bad" "$build/seeds" \
    -dict="$root/tests/fuzz/limber.dict" -max_total_time="$seconds" -max_len=65536 \
    -rss_limit_mb=2048 -timeout=10 -print_final_stats=1 \
    -artifact_prefix="$build/artifacts/" || status=$?
if [ "$status" -ne 0 ]; then
    echo "fuzz.sh: FAILED (status $status); inputs in $build/artifacts/" >&2
    exit 1
fi
echo "fuzz.sh: no crash, leak or undefined behaviour in ${seconds}s"
