/* app: the interactive program: a window playing a timeline at the display's
 * rate until the user quits (or --quit-after passes). */
#ifndef LB_APP_H
#define LB_APP_H

#include "lm_timeline.h"
#include "options.h"

/* Open the window and play tl. Reads fullscreen, display, mirror, speed,
 * from_s, quit_after_s and stats from o. Prints the --stats block on
 * stdout when asked. Returns the process exit status: 0 done, 1 when no
 * window could be opened (the message names the problem). The library and
 * timeline stay the caller's. */
int lb_app_run(const LbOptions *o, const LmLibrary *lib, const LmTimeline *tl);

#endif
