#!/usr/bin/env bash
# make-voice.sh: makes the voice clips in assets/voice/ and their manifest
# from the cue texts the program speaks. The work is done by make-voice.py
# (python3, standard library only); see there for the voice and the steps.
#
#   tools/make-voice.sh                  texts from `build/limber --cues`
#   tools/make-voice.sh --texts FILE     texts from FILE, one a line
#   tools/make-voice.sh --check          list stale or missing clips, exit 1 if any
#   tools/make-voice.sh --help           every option
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
if ! command -v python3 >/dev/null 2>&1; then
    echo "make-voice: python3 is needed (sudo apt-get install python3)" >&2
    exit 2
fi
exec python3 "$here/make-voice.py" "$@"
