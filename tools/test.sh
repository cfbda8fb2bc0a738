#!/usr/bin/env bash
# Builds and runs every test: the normal build under ctest, then the same
# tests built with AddressSanitizer + UndefinedBehaviorSanitizer, then the
# fuzz targets (loader, settings file, command line) for a bounded time in
# all. Exits non-zero on the first failure.
set -euo pipefail
cd "$(dirname "$0")/.."
export SDL_VIDEODRIVER="${SDL_VIDEODRIVER:-offscreen}" SDL_AUDIODRIVER="${SDL_AUDIODRIVER:-dummy}"
jobs=$(nproc)

bash tools/bootstrap.sh --test
echo "== formatting (.clang-format) of src/ and tests/"
git ls-files 'src/*.c' 'src/*.h' 'tests/*.c' 'tests/*.h' | xargs clang-format --dry-run --Werror
echo "== layout rules (file and function lengths, no SDL in the core)"
python3 tools/check-layout.py
cmake -S . -B build -DLIMBER_WERROR=ON >/dev/null
cmake --build build -j"$jobs"
echo "== tests"
ctest --test-dir build --output-on-failure -j"$jobs"

echo "== tests under AddressSanitizer + UndefinedBehaviorSanitizer"
cmake -S . -B build-asan -DLIMBER_WERROR=ON -DLIMBER_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug >/dev/null
cmake --build build-asan -j"$jobs"
# Leak checks run under valgrind in the normal build; ASan's own leak
# checker needs ptrace, which some sandboxes refuse, so it stays off here.
ASAN_OPTIONS=detect_leaks=0:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  ctest --test-dir build-asan --output-on-failure -j"$jobs" -LE slow

if [ -x tools/fuzz.sh ] || [ -f tools/fuzz.sh ]; then
  echo "== fuzzing the loader, the settings file and the command line"
  bash tools/fuzz.sh "${LIMBER_FUZZ_SECONDS:-60}"
fi
echo "== all tests passed"
