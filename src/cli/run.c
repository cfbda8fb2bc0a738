/* run: the modes that need SDL (play, render, contact sheet, benchmark),
 * dispatched from the command line once the timeline is compiled. Playing
 * reads the remembered settings first (unless --no-settings), so the
 * timeline is compiled at the remembered level when no --level is given. */
#include <stdio.h>

#include "app.h"
#include "bench.h"
#include "cli.h"
#include "export.h"
#include "render.h"
#include "settings.h"

static int play(const LbOptions *given, LmLibrary *lib)
{
    LbOptions o = *given;
    LbSettings s;
    lb_settings_defaults(&s);
    char path[4096] = "", msg[4400];
    bool have_path = !o.no_settings && lb_settings_path(path, sizeof path);
    bool corrupt = false;
    if (have_path && !lb_settings_load(path, &s, msg, sizeof msg)) {
        fprintf(stderr, "limber: warning: %s\n", msg);
        corrupt = true; /* rewritten with good values at the end */
    }
    bool display_flag = o.display >= 0;
    if (have_path)
        lb_settings_apply(&s, &o);
    int rc = 1;
    LmTimeline *tl = lb_cli_timeline(&o, lib, NULL, &rc);
    if (!tl)
        return rc;
    LbAppDesc d = {0};
    d.options = &o;
    d.lib = lib;
    d.tl = tl;
    d.settings = have_path ? &s : NULL;
    d.settings_path = have_path ? path : NULL;
    d.settings_dirty = corrupt;
    d.volume = o.volume >= 0 ? o.volume : s.volume;
    d.display_remembered = !display_flag && o.display >= 0;
    rc = lb_app_run(&d);
    lm_timeline_free(tl);
    return rc;
}

int lb_cli_run_shell(const LbOptions *o, LmLibrary *lib)
{
    if (o->mode == LB_MODE_PLAY)
        return play(o, lib);
    int rc = 1;
    LmTimeline *tl = lb_cli_timeline(o, lib, NULL, &rc);
    if (!tl)
        return rc;
    switch (o->mode) {
    case LB_MODE_RENDER:
        rc = lb_render_run(o, lib, tl);
        break;
    case LB_MODE_EXPORT:
        rc = lb_export_run(o, lib, tl);
        break;
    case LB_MODE_CONTACT:
        rc = lb_render_contact_sheet(tl, lib, 0, o->contact_sheet, 0, o->mirror);
        break;
    case LB_MODE_BENCH:
        rc = lb_bench_run(lib, tl, 0, stdout);
        break;
    default:
        break;
    }
    lm_timeline_free(tl);
    return rc;
}
