/* cli: the command line as one table. Each row of LB_FLAGS is one flag:
 * its name, the value it takes, the modes it goes with and its line in
 * --help; the parser, the check that a flag suits the chosen mode, and
 * --help are all made from it (README's flag table is checked against it
 * by test_shell_flags). Adding a flag is adding a row, plus its field in
 * LbOptions. */
#ifndef LB_CLI_H
#define LB_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "options.h"

/* The modes a flag goes with, as a mask of LB_MODE_BIT(mode). */
#define LB_MODE_BIT(m) (1u << (m))
#define LB_MODES_ANY (~0u)

/* What a flag's value is, and so how it is read. */
typedef enum {
    LB_VALUE_NONE,   /* an on/off switch: true when given; no value */
    LB_VALUE_TEXT,   /* any text: an id, a file or a folder */
    LB_VALUE_PATHS,  /* --check: the words after it up to the next --option */
    LB_VALUE_NUMBER, /* a plain decimal number within lo..hi */
    LB_VALUE_WHOLE,  /* a whole number in digits alone, within lo..hi */
    LB_VALUE_OUTPUT, /* a file name ending in ext (any case), or a device */
    LB_VALUE_OTHER,  /* read by the row's own function */
} LbValueKind;

typedef struct {
    const char *name;  /* "--hold" */
    const char *value; /* how --help names the value ("S", "ID|FILE"); NULL for a switch */
    LbValueKind kind;
    unsigned modes;  /* the modes it goes with */
    LbMode sets;     /* the mode it chooses, LB_MODE_PLAY for none */
    bool repeats;    /* may be given more than once */
    bool tool;       /* under "Tools:" in --help, else under "Playing:" */
    size_t field;    /* where the value goes: offsetof(LbOptions, ...) */
    double lo, hi;   /* LB_VALUE_NUMBER, LB_VALUE_WHOLE */
    const char *ext; /* LB_VALUE_OUTPUT: ".png" */
    /* LB_VALUE_OTHER: reads val into o; false when it is not a good value */
    bool (*read)(const char *val, LbOptions *o);
    const char *bad;  /* what a good value is: "a speed from 0.5 to 2" */
    const char *help; /* its --help text; lines split by \n */
} LbFlag;

/* The table, in --help's order. */
extern const LbFlag LB_FLAGS[];
extern const int LB_N_FLAGS;

/* Parse argv into o (defaults first). Returns 0, or 2 with msg saying what
 * was wrong. o->check_paths is a heap array the caller frees (also after a
 * 2). */
int lb_cli_parse(int argc, char **argv, LbOptions *o, char *msg, size_t msg_size);
void lb_cli_print_help(FILE *f);
const char *lb_cli_version(void);

/* How a user names mode m: its flag ("--render"), or "playing in a window". */
const char *lb_cli_mode_flag(LbMode m);
/* The modes in mask as words: "playing, --render or --cues" (or "playing
 * in a window" alone); with markdown, as README's tables write them:
 * "playing, `--render`, `--cues`", and "every mode" for LB_MODES_ANY. */
void lb_cli_modes_text(unsigned mask, bool markdown, char *out, size_t n);

#endif
