/* run: the modes that need SDL (play, render, contact sheet, benchmark),
 * dispatched from the command line once the timeline is compiled. */
#include <stdio.h>

#include "app.h"
#include "bench.h"
#include "cli.h"
#include "render.h"

int lb_cli_run_shell(const LbOptions *o, LmLibrary *lib)
{
    int rc = 1;
    LmTimeline *tl = lb_cli_timeline(o, lib, NULL, &rc);
    if (!tl)
        return rc;
    switch (o->mode) {
    case LB_MODE_RENDER:
        rc = lb_render_run(o, lib, tl);
        break;
    case LB_MODE_CONTACT:
        rc = lb_render_contact_sheet(tl, lib, 0, o->contact_sheet, 0, o->mirror);
        break;
    case LB_MODE_BENCH:
        rc = lb_bench_run(lib, tl, 0, stdout);
        break;
    default:
        rc = lb_app_run(o, lib, tl);
        break;
    }
    lm_timeline_free(tl);
    return rc;
}
