#!/usr/bin/env bash
# Every cue the shipped exercises and routines speak has its voice clip in
# assets/voice, made from exactly that text, and no clip is left over. On
# failure the output names each stale or missing clip; fix with
# tools/make-voice.sh (needs flite, sox and vorbis-tools; this check needs
# none of them).
set -u
limber="$1"
bash tools/make-voice.sh --check --limber "$limber"
