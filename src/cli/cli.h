/* cli: command-line parsing and the tool modes (--list, --check,
 * --timeline, --cues), kept out of main.c so tests can drive them. */
#ifndef LB_CLI_H
#define LB_CLI_H

#include <stdio.h>

#include "lm_timeline.h"
#include "options.h"

/* Parse argv into o (defaults first). Returns 0, or 2 with msg saying what
 * was wrong. o->check_paths is a heap array the caller frees. */
int lb_cli_parse(int argc, char **argv, LbOptions *o, char *msg, size_t msg_size);
void lb_cli_print_help(FILE *f);
const char *lb_cli_version(void);
/* Run the chosen mode with the data folder found; returns the exit status. */
int lb_cli_run(const LbOptions *o, const char *data_dir);

/* Load the library and compile what the options name (routine, exercise,
 * or the default routine) into a timeline. Prints problems; returns NULL
 * on failure with *status set (1 content, 2 usage). */
LmTimeline *lb_cli_timeline(const LbOptions *o, LmLibrary *lib, const char *id, int *status);

/* Play, render, contact sheet or benchmark: the modes that need SDL.
 * Defined in run.c. */
int lb_cli_run_shell(const LbOptions *o, LmLibrary *lib);

#endif
