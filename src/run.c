/* run: the modes that need SDL (play, render, contact sheet, benchmark),
 * dispatched from the command line. */
#include <stdio.h>

#include "cli.h"

int lb_cli_run_shell(const LbOptions *o, LmLibrary *lib)
{
    (void)lib;
    fprintf(stderr, "limber: mode %d is not available in this build\n", (int)o->mode);
    return 1;
}
