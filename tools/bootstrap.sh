#!/usr/bin/env bash
# Installs whatever limber needs that is missing (Debian or Ubuntu, with
# sudo when not root), then configures and builds into build/.
#   tools/bootstrap.sh          packages to build and play
#   tools/bootstrap.sh --test   also the packages the test suite uses
set -euo pipefail
cd "$(dirname "$0")/.."

pkgs=(build-essential cmake pkg-config libsdl2-dev libsdl2-ttf-dev libsdl2-mixer-dev
      libsdl2-image-dev libcjson-dev libavformat-dev libavcodec-dev libswscale-dev
      libswresample-dev libavutil-dev)
if [ "${1:-}" = "--test" ]; then
  # clang-format for the code's layout, valgrind for leak checks, clang for the fuzzer and sanitizers, python3
  # for the content checks, sox to measure sound, xvfb for real windows,
  # Mesa's OpenGL (on the CPU) to check what a GPU would draw, ffmpeg's
  # ffprobe and ffmpeg to read back an exported video.
  pkgs+=(clang-format valgrind clang libclang-rt-dev python3 sox xvfb xauth libegl-mesa0 libgl1-mesa-dri ffmpeg)
fi

missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing: ${missing[*]}"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j"$(nproc)"
