#!/usr/bin/env bash
# Makes the README's pictures in docs/ with limber itself: the home screen
# and frames of a session as --render draws them, and a contact sheet. Run after a change
# to what the figure or the overlay shows:
#   bash tools/make-pictures.sh [path/to/limber]
set -euo pipefail
cd "$(dirname "$0")/.."
limber="${1:-build/limber}"
export SDL_VIDEODRIVER="${SDL_VIDEODRIVER:-offscreen}" SDL_AUDIODRIVER="${SDL_AUDIODRIVER:-dummy}"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
mkdir -p docs
# the shipped cards only, whatever routines of your own you have
export XDG_DATA_HOME="$tmp/no-user-data"
"$limber" --no-settings --render "$tmp/home" --home --from 1.5 --size 1280x720 >/dev/null
mv "$tmp/home/frame-000000.png" docs/home.png
# frame NAME EXERCISE SECONDS: one 1280x720 frame at that time
frame() {
    "$limber" --no-settings --render "$tmp/$1" --exercise "$2" --from "$3" --seconds 0.01 --fps 60 \
        --size 1280x720 >/dev/null
    mv "$tmp/$1/frame-000000.png" "docs/$1.png"
}
frame move-knee-to-chest knee-to-chest 14.6
frame hold-knee-to-chest knee-to-chest 28
frame pelvic-tilt pelvic-tilt 8.8
frame seated-rotation seated-rotation 16
"$limber" --no-settings --contact-sheet docs/sheet-thread-the-needle.png --exercise thread-the-needle >/dev/null
echo "docs/: $(ls docs | tr '\n' ' ')"
