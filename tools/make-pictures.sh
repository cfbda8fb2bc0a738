#!/usr/bin/env bash
# Makes the README's pictures in docs/ with limber itself: frames of a
# session as --render draws them, and a contact sheet. Run after a change
# to what the figure or the overlay shows:
#   bash tools/make-pictures.sh [path/to/limber]
set -euo pipefail
cd "$(dirname "$0")/.."
limber="${1:-build/limber}"
export SDL_VIDEODRIVER="${SDL_VIDEODRIVER:-offscreen}" SDL_AUDIODRIVER="${SDL_AUDIODRIVER:-dummy}"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
mkdir -p docs
# frame NAME EXERCISE SECONDS: one 1280x720 frame at that time
frame() {
    "$limber" --no-settings --render "$tmp/$1" --exercise "$2" --from "$3" --seconds 0.01 --fps 60 \
        --size 1280x720 >/dev/null
    mv "$tmp/$1/frame-000000.png" "docs/$1.png"
}
frame move-knee-to-chest knee-to-chest 14.6
frame hold-knee-to-chest knee-to-chest 28
frame pelvic-tilt pelvic-tilt 16.5
frame seated-rotation seated-rotation 16
"$limber" --no-settings --contact-sheet docs/sheet-thread-the-needle.png --exercise thread-the-needle >/dev/null
echo "docs/: $(ls docs | tr '\n' ' ')"
