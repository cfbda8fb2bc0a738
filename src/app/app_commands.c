/* app_commands: what every command does (lb_app_command). Jumps (steps,
 * exercises, restart, level) app_seek the clock, then cut the speech: see app.c. */
#include "app_int.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* ---- commands ------------------------------------------------------------- */

static void cmd_jump(LbApp *a, LbCommand c, uint64_t now)
{
    const LmTimeline *tl = a->tl;
    double t = lm_pb_position(&a->pb, now);
    int item = lm_timeline_item_at(tl, t);
    double to = t;
    switch (c) {
    case LB_CMD_NEXT_STEP:
        if (t >= tl->duration_s) {
            app_toastf(a, now, "This is the end of the routine");
            return;
        }
        to = lm_timeline_next_step(tl, t);
        break;
    case LB_CMD_PREV_STEP: to = lm_timeline_prev_step(tl, t, STEP_BACK_GRACE_S); break;
    case LB_CMD_NEXT_EXERCISE:
        if (item + 1 >= tl->n_items) {
            app_toastf(a, now, "This is the last exercise");
            return;
        }
        to = lm_timeline_next_item(tl, t);
        break;
    case LB_CMD_PREV_EXERCISE: to = lm_timeline_prev_item(tl, t, STEP_BACK_GRACE_S); break;
    case LB_CMD_RESTART:
        /* From its first move: the lead-in ("next up", the safety card)
         * has been seen. */
        to = tl->items[item].start_s;
        break;
    default: return;
    }
    app_seek(a, to, now);
    int ni = lm_timeline_item_at(tl, to);
    const char *title = tl->items[ni].title ? tl->items[ni].title : "";
    if (c == LB_CMD_NEXT_EXERCISE)
        app_toastf(a, now, "Next: %s", title);
    else if (c == LB_CMD_PREV_EXERCISE)
        app_toastf(a, now, ni < item ? "Back: %s" : "Again: %s", title);
    else if (c == LB_CMD_RESTART)
        app_toastf(a, now, "Restart: %s", title);
    else if (to >= tl->duration_s)
        app_toastf(a, now, "End of the routine");
    else if (ni != item)
        app_toastf(a, now, "%s: %s", ni > item ? "Next" : "Back", title);
    else {
        /* numbered as the presenter console numbers it */
        int step, n;
        if (lm_timeline_step(tl, lm_timeline_seg_at(tl, to), &step, &n))
            app_toastf(a, now, "Step %d of %d", step, n);
        else
            app_toastf(a, now, "Safety card");
    }
}

/* The same routine at the other level, at the same exercise and step: the
 * same time into that step when the new step is long enough, else its
 * start. */
static void cmd_level(LbApp *a, uint64_t now)
{
    LmLevel level = a->level == LM_LEVEL_BEGINNER ? LM_LEVEL_ACTIVE : LM_LEVEL_BEGINNER;
    const LmTimeline *old = a->tl;
    LmErrors err = {0};
    LmCompileOpts co = a->co;
    co.level = level;
    LmTimeline *tl = NULL;
    int k;
    if (old->is_routine && (k = lm_lib_find_routine(a->lib, old->id)) >= 0)
        tl = lm_timeline_compile_routine(a->lib, k, &co, &err);
    else if (!old->is_routine && (k = lm_lib_find_exercise(a->lib, old->id)) >= 0)
        tl = lm_timeline_compile_exercise(a->lib, k, &co, &err);
    if (!tl) {
        lb_report(&a->report, "cannot switch to the %s level: %s", lm_level_name(level),
                  err.count ? err.items[0] : "the routine is no longer in the library");
        lm_err_clear(&err);
        app_toastf(a, now, "Level %s is not available", lm_level_name(level));
        return;
    }
    lm_err_clear(&err);

    double t = lm_pb_position(&a->pb, now);
    int s = lm_timeline_seg_at(old, t);
    int step, n;
    app_step_of(old, s, &step, &n);
    int item = old->segs[s].item;
    double into = t - old->segs[s].t0_s;
    double to = item < tl->n_items ? tl->items[item].start_s : 0.0;
    for (int i = 0, k2 = 0; i < tl->n_segs; i++) {
        if (tl->segs[i].item != item)
            continue;
        if (k2++ == step) {
            const LmSegment *g = &tl->segs[i];
            to = into < g->t1_s - g->t0_s ? g->t0_s + into : g->t0_s;
            break;
        }
    }
    bool paused = a->pb.paused;
    double speed = a->pb.speed;
    lb_audio_stop_speech(a->audio);
    lb_audio_preload(a->audio, tl);
    a->preload_next = tl->n_events; /* every clip looked at */
    lm_pb_init(&a->pb, tl, now);
    lm_pb_set_speed(&a->pb, speed, now);
    lm_pb_set_paused(&a->pb, paused, now);
    lm_pb_seek(&a->pb, to, now);
    lb_scene_set_timeline(a->scene, tl);
    lm_timeline_free(a->owned_tl);
    a->owned_tl = tl;
    a->tl = tl;
    a->level = level;
    a->co.level = level;
    a->saved.level = level;
    app_remember_changed(a);
    app_toastf(a, now, "Level: %s", lm_level_name(level));
}

static void cmd_speed(LbApp *a, int dir, uint64_t now)
{
    double cur = a->pb.speed, to = cur;
    if (dir > 0) {
        for (int i = 0; i < N_SPEEDS; i++)
            if (speed_steps[i] > cur + 1e-6) {
                to = speed_steps[i];
                break;
            }
    } else {
        for (int i = N_SPEEDS - 1; i >= 0; i--)
            if (speed_steps[i] < cur - 1e-6) {
                to = speed_steps[i];
                break;
            }
    }
    lm_pb_set_speed(&a->pb, to, now);
    char s[16];
    app_fmt_speed(s, sizeof s, a->pb.speed);
    if (to == cur)
        app_toastf(a, now, "Speed %sx (the %s)", s, dir > 0 ? "fastest" : "slowest");
    else
        app_toastf(a, now, "Speed %sx", s);
    a->saved.speed = a->pb.speed;
    app_remember_changed(a);
}

/* Something covering the picture (the blank screen, the help card) comes
 * (on) or goes: *shown flips, and playback pauses while it covers and then
 * goes back to what *before kept. False when nothing changed. */
static bool cover(LbApp *a, bool on, bool *shown, bool *before, uint64_t now)
{
    if (on == *shown)
        return false;
    *shown = on;
    if (on)
        *before = a->pb.paused;
    app_set_paused(a, on ? true : *before, now);
    return true;
}

static void cmd_blank(LbApp *a, bool on, uint64_t now)
{
    if (cover(a, on, &a->blank, &a->paused_before_blank, now) && !on)
        app_toastf(a, now, "%s", a->pb.paused ? "Paused" : "Playing");
}

/* The help card pauses what is behind it (nobody follows a stretch they
 * cannot see) and closing it carries on as before; pausing or playing
 * while it is open is the user's to keep. */
static void cmd_help(LbApp *a, bool on, uint64_t now) { cover(a, on, &a->help, &a->paused_before_help, now); }

static void cmd_volume(LbApp *a, int delta, uint64_t now)
{
    int v = a->volume + delta;
    v = v < 0 ? 0 : v > 100 ? 100 : v;
    a->volume = v;
    lb_audio_set_volume(a->audio, v);
    if (delta > 0 && lb_audio_muted(a->audio)) {
        lb_audio_set_mute(a->audio, false); /* turning it up means "I want to hear it" */
        a->saved.mute = false;
    }
    if (lb_audio_is_silent(a->audio))
        app_toastf(a, now, "Volume %d%% (no sound device)", v);
    else
        app_toastf(a, now, "Volume %d%%", v);
    a->saved.volume = v;
    app_remember_changed(a);
}

static void cmd_display(LbApp *a, uint64_t now)
{
    int n = lb_video_display_count();
    if (n < 2) {
        app_toastf(a, now, "Only one display is connected");
        return;
    }
    lb_video_next_display(a->video);
    int d = lb_video_display(a->video);
    app_toastf(a, now, "Display %d of %d", d + 1, n);
    a->saved.display = d;
    app_remember_changed(a);
}

static void cmd_back(LbApp *a, uint64_t now)
{
    if (a->help) {
        cmd_help(a, false, now);
        return;
    }
    if (a->blank) {
        cmd_blank(a, false, now);
        return;
    }
    if (a->screen == LB_SCREEN_PLAY) {
        /* the session waits on the home screen's first card */
        if (!app_home_open(a, now))
            app_toastf(a, now, "The home screen cannot be shown (out of memory)");
        return;
    }
    if (a->quit_armed_ns && now - a->quit_armed_ns <= QUIT_ARM_NS) {
        a->quit = true;
        return;
    }
    if (lb_video_fullscreen(a->video)) {
        /* Leaving fullscreen does not count toward quitting: Esc pressed
         * twice to get out of fullscreen must not end the class. */
        lb_video_set_fullscreen(a->video, false);
        a->quit_armed_ns = 0;
        app_toastf(a, now, "Window  \xC2\xB7  Esc twice to quit");
        return;
    }
    app_toastf(a, now, "Press Esc again to quit");
    a->quit_armed_ns = now ? now : 1;
}

void lb_app_command(LbApp *a, LbCommand c, uint64_t now)
{
    if (c != LB_CMD_BACK)
        a->quit_armed_ns = 0;
    /* Anything but blank, help, Esc and quit brings the picture back first:
     * a clicker's "next" on a black screen means "carry on". */
    if (a->blank && c != LB_CMD_BLANK && c != LB_CMD_BACK && c != LB_CMD_QUIT && c != LB_CMD_HELP && c != LB_CMD_NONE) {
        cmd_blank(a, false, now);
        if (c == LB_CMD_PLAY_PAUSE) {
            app_set_paused(a, false, now);
            app_toastf(a, now, "Playing");
            return;
        }
    }
    switch (c) {
    case LB_CMD_PLAY_PAUSE:
        if (lm_pb_finished(&a->pb, now)) {
            /* Play at the end plays the routine again, as a player would. */
            app_seek(a, 0.0, now);
            app_set_paused(a, false, now);
            app_toastf(a, now, "From the start");
            break;
        }
        app_set_paused(a, !a->pb.paused, now);
        if (a->help)
            a->paused_before_help = a->pb.paused; /* kept when the card closes */
        app_toastf(a, now, "%s", a->pb.paused ? "Paused" : "Playing");
        break;
    case LB_CMD_NEXT_STEP:
    case LB_CMD_PREV_STEP:
    case LB_CMD_NEXT_EXERCISE:
    case LB_CMD_PREV_EXERCISE:
    case LB_CMD_RESTART: cmd_jump(a, c, now); break;
    case LB_CMD_SPEED_UP:
    case LB_CMD_SPEED_DOWN: cmd_speed(a, c == LB_CMD_SPEED_UP ? 1 : -1, now); break;
    case LB_CMD_LEVEL: cmd_level(a, now); break;
    case LB_CMD_BLANK: cmd_blank(a, !a->blank, now); break;
    case LB_CMD_FULLSCREEN:
    case LB_CMD_FULLSCREEN_ON: {
        bool on = c == LB_CMD_FULLSCREEN_ON ? true : !lb_video_fullscreen(a->video);
        if (on == lb_video_fullscreen(a->video))
            break;
        if (lb_video_set_fullscreen(a->video, on))
            app_toastf(a, now, "%s", on ? "Fullscreen" : "Window");
        else
            app_toastf(a, now, "Fullscreen is not available: %s", SDL_GetError());
        break;
    }
    case LB_CMD_NEXT_DISPLAY: cmd_display(a, now); break;
    case LB_CMD_MIRROR:
        a->mirror = !a->mirror;
        app_toastf(a, now, "Mirror %s", a->mirror ? "on" : "off");
        a->saved.mirror = a->mirror;
        app_remember_changed(a);
        break;
    case LB_CMD_MUTE: {
        bool m = !lb_audio_muted(a->audio);
        lb_audio_set_mute(a->audio, m);
        app_toastf(a, now, "%s", m ? "Muted" : "Sound on");
        a->saved.mute = m;
        app_remember_changed(a);
        break;
    }
    case LB_CMD_VOLUME_UP:
    case LB_CMD_VOLUME_DOWN: cmd_volume(a, c == LB_CMD_VOLUME_UP ? VOLUME_STEP : -VOLUME_STEP, now); break;
    case LB_CMD_HELP: cmd_help(a, !a->help, now); break;
    case LB_CMD_BACK: cmd_back(a, now); break;
    case LB_CMD_QUIT: a->quit = true; break;
    case LB_CMD_OPEN:
        /* at the end of a session, Enter goes home */
        if (a->screen == LB_SCREEN_PLAY && a->tl && lm_pb_finished(&a->pb, now) && !app_home_open(a, now))
            app_toastf(a, now, "The home screen cannot be shown (out of memory)");
        break;
    default: break;
    }
}
