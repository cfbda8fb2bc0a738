#!/usr/bin/env bash
# After `cmake --install`, the program finds its data under the prefix's
# share folder wherever it is started from, with a desktop entry and an icon
# beside it. A marker exercise added to the installed copy only proves the
# installed data is the one read.
. "$(dirname "$0")/lib.bash"
build="$(dirname "$limber")"

cmake --install "$build" --prefix "$tmp/prefix" >"$tmp/log" 2>&1; rc=$?
check "cmake --install succeeds (rc $rc)" test "$rc" = 0
check "the program is installed" test -x "$tmp/prefix/bin/limber"
check "the skeleton is installed" test -f "$tmp/prefix/share/limber/anims/skeleton.json"
check "the fonts are installed" test -f "$tmp/prefix/share/limber/assets/fonts/DejaVuSans.ttf"
check "a desktop entry is installed" grep -q '^Exec=limber' "$tmp/prefix/share/applications/limber.desktop"
check "an icon is installed" test -f "$tmp/prefix/share/icons/hicolor/scalable/apps/limber.svg"

sed 's/"id": *"knee-to-chest"/"id": "zz-marker"/; s/"title": *"Knee to chest"/"title": "Installed marker"/' \
    anims/exercises/knee-to-chest.json >"$tmp/prefix/share/limber/anims/exercises/zz-marker.json"
out="$(cd / && env -u LIMBER_DATA "$tmp/prefix/bin/limber" --list 2>"$tmp/err")"; rc=$?
check "the installed program lists from / (rc $rc: $(head -c 300 "$tmp/err"))" test "$rc" = 0
check "it reads the installed data" grep -q "^zz-marker	Installed marker$" <<<"$out"

mv "$tmp/prefix/share/limber" "$tmp/elsewhere"
out="$(cd / && env -u LIMBER_DATA "$tmp/prefix/bin/limber" --data "$tmp/elsewhere" --list 2>&1)"; rc=$?
check "--data DIR points elsewhere (rc $rc)" grep -q "^zz-marker" <<<"$out"
out="$(cd / && "$tmp/prefix/bin/limber" --data "$tmp/nowhere" --list 2>&1)"; rc=$?
check "a missing data folder is status 1 (rc $rc)" test "$rc" = 1
check "and one message saying where it looked ($out)" test "$(grep -c "nowhere" <<<"$out")" = 1
exit $fail
