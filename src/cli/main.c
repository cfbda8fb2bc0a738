/* main: the command line. Parses every flag into LbOptions, loads the data
 * library, and runs one mode: play (the app), a tool mode (--list, --check,
 * --timeline, --cues), headless rendering or the benchmark. It alone decides
 * what is printed and which exit status follows: 0 done, 1 invalid content
 * or a failed operation, 2 wrong usage. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "lm_library.h"
#include "lm_timeline.h"
#include "options.h"
#include "paths.h"

int main(int argc, char **argv)
{
    LbOptions o;
    char msg[512];
    int rc = lb_cli_parse(argc, argv, &o, msg, sizeof msg);
    if (rc != 0) {
        fprintf(stderr, "limber: %s\nTry 'limber --help'.\n", msg);
        free((void *)o.check_paths);
        return 2;
    }
    if (o.mode == LB_MODE_HELP || o.mode == LB_MODE_VERSION) {
        if (o.mode == LB_MODE_HELP)
            lb_cli_print_help(stdout);
        else
            printf("limber %s\n", lb_cli_version());
        free((void *)o.check_paths);
        return 0;
    }
    char where[2048];
    char *data = lb_find_data_dir(o.data_dir, where, sizeof where);
    if (!data) {
        fprintf(stderr, "limber: %s\n", where);
        free((void *)o.check_paths);
        return 1;
    }
    rc = lb_cli_run(&o, data);
    free(data);
    free((void *)o.check_paths);
    return rc;
}
