#!/usr/bin/env bash
# --bench prints every figure once, as "name value unit" with a number, or
# "name n/a reason" when a figure cannot be measured here, and exits 0;
# with no display and no Xvfb to start, the playback figures are n/a (with
# the reason) and the rest are still measured. What the figures are is the
# benchmark's business, never this test's.
. "$(dirname "$0")/lib.bash"
names="pose_eval_us timeline_sample_us render_1080p_ms render_2160p_ms frame_moving_ms cue_offset_ms cue_live_ms export_speed_x startup_ms
peak_rss_mb cpu_percent frame_ms_p99 late_frames baseline_cpu_percent baseline_rss_mb cpu_ratio rss_over_baseline_mb
server_cpu_percent baseline_server_cpu_percent total_cpu_ratio home_cpu_ratio cpu_ratio_2160p late_frames_2160p"
played="startup_ms peak_rss_mb cpu_percent frame_ms_p99 late_frames baseline_cpu_percent baseline_rss_mb cpu_ratio
rss_over_baseline_mb server_cpu_percent baseline_server_cpu_percent total_cpu_ratio home_cpu_ratio cpu_ratio_2160p
late_frames_2160p"

# Brief runs (LIMBER_BENCH_QUICK): this checks what is printed, not the figures.
export LIMBER_BENCH_QUICK=1
"$limber" --bench >"$tmp/out" 2>"$tmp/err"; rc=$?
check "--bench exits 0 (rc $rc: $(head -n 2 "$tmp/err"))" test "$rc" = 0
for k in $names; do
    check "$k once, a number and a unit or n/a and why ($(grep "^$k " "$tmp/out"))" \
        test "$(grep -Ec "^$k ([0-9]+(\.[0-9]+)? [^ ]+|n/a .+)$" "$tmp/out")" = 1
done
# Beside the figures, at most: which renderer each run drew with, and (when
# drawing on the CPU) the share of the picture redrawn a frame.
extra="$(grep -Evc "^($(echo $names | tr ' ' '|')) " "$tmp/out")"
check "the only other lines say the renderers and the share redrawn ($extra)" \
    test "$(grep -Ev "^($(echo $names | tr ' ' '|')) " "$tmp/out" |
            grep -Evc '^((baseline_)?renderer [a-z0-9_]+|redrawn_percent [0-9]+(\.[0-9]+)? %)$')" = 0
check "no more than three of them" test "$extra" -le 3

# Nowhere to show a window: the playback figures say n/a and why.
env -u DISPLAY -u WAYLAND_DISPLAY -u SDL_VIDEODRIVER PATH=/nonexistent "$limber" --bench >"$tmp/out" 2>"$tmp/err"; rc=$?
check "--bench without a display or Xvfb exits 0 (rc $rc)" test "$rc" = 0
for k in $played; do
    check "$k is n/a with a reason ($(grep "^$k " "$tmp/out"))" grep -Eq "^$k n/a .*display" "$tmp/out"
done
check "render_1080p_ms is still measured" grep -Eq '^render_1080p_ms [0-9.]+ ms$' "$tmp/out"
check "frame_moving_ms is still measured" grep -Eq '^frame_moving_ms [0-9.]+ ms$' "$tmp/out"
exit $fail
