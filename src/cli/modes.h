/* modes: running the mode the command line chose (see modes.c). */
#ifndef LB_MODES_H
#define LB_MODES_H

#include "options.h"

/* Run the chosen mode with the data folder found: loads the library,
 * prints what goes wrong, and returns the exit status. */
int lb_cli_run(const LbOptions *o, const char *data_dir);

#endif
