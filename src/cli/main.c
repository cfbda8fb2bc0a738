/* main: the command line. Parses every flag into LbOptions (cli.c), finds
 * the data folder, and runs one mode (modes.c): play (the app), a tool mode
 * (--list, --check, --timeline, --cues), headless rendering or the
 * benchmark. The command-line layer alone decides what is printed and which
 * exit status follows: 0 done, 1 invalid content or a failed operation, 2
 * wrong usage. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "modes.h"
#include "options.h"
#include "paths.h"

/* The mode the options chose, once they are read: help, the version, or
 * one that needs the data folder. */
static int run(const LbOptions *o)
{
    if (o->mode == LB_MODE_HELP) {
        lb_cli_print_help(stdout);
        return 0;
    }
    if (o->mode == LB_MODE_VERSION) {
        printf("limber %s\n", lb_cli_version());
        return 0;
    }
    char where[2048];
    char *data = lb_find_data_dir(o->data_dir, where, sizeof where);
    if (!data) {
        fprintf(stderr, "limber: %s\n", where);
        return 1;
    }
    int rc = lb_cli_run(o, data);
    free(data);
    return rc;
}

int main(int argc, char **argv)
{
    LbOptions o;
    char msg[512];
    int rc = lb_cli_parse(argc, argv, &o, msg, sizeof msg);
    if (rc != 0)
        fprintf(stderr, "limber: %s\nTry 'limber --help'.\n", msg);
    else
        rc = run(&o);
    free((void *)o.check_paths); /* on every path, a refusal's too */
    return rc;
}
