/* fuzz_cli: libFuzzer target for the command line. Each input is split at
 * its NUL bytes into the words of an argv (as the shell hands them over)
 * and parsed by lb_cli_parse. Beyond the sanitizers it asserts the
 * parser's contract: it returns 0, or 2 with a message; the same words
 * always give the same answer; and the options it accepts are ones the
 * modes can use: every value in its range, no two flags that contradict
 * each other, nothing a mode has no use for, and every --check path one of
 * the words given. Build and run: tools/fuzz.sh. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_WORDS 64

static void fail(const char *why, const LbOptions *o)
{
    fprintf(stderr, "accepted options break the contract: %s (mode %d)\n", why, (int)o->mode);
    abort();
}

static bool in(double v, double lo, double hi) { return v >= lo && v <= hi; }

/* Whether the parsed options are ones the modes can use. */
static void check_accepted(const LbOptions *o, char **argv, int argc)
{
    if (!in(o->mode, LB_MODE_PLAY, LB_MODE_COUNT - 1))
        fail("no such mode", o);
    if (o->mode == LB_MODE_HELP || o->mode == LB_MODE_VERSION)
        return; /* read no further */
    if (!in(o->level, 0, LM_LEVEL_COUNT - 1) || (o->hold_s != 0 && !in(o->hold_s, 5, 300)) || !in(o->display, -1, 63) ||
        !in(o->volume, -1, 100) || (o->speed != 0 && !in(o->speed, 0.5, 2)) || !in(o->from_s, 0, 1e6) ||
        (o->seconds != 0 && !in(o->seconds, 0.001, 1e6)) || !in(o->fps, 0, 240) ||
        (o->quit_after_s != 0 && !in(o->quit_after_s, 0.001, 1e7)) || !in(o->renderer, 0, 2))
        fail("a value out of its range", o);
    if ((o->width || o->height) &&
        (!in(o->width, 64, 7680) || !in(o->height, 64, 7680) || (long)o->width * o->height > 7680L * 4320L))
        fail("a size out of range", o);
    if ((o->routine && o->exercise) || (o->mute && o->no_mute) || (o->mirror && o->no_mirror))
        fail("two flags that contradict each other", o);
    if ((o->stats && o->quit_after_s <= 0) || (o->mode == LB_MODE_CONTACT && !o->exercise) ||
        (o->mode == LB_MODE_TIMELINE && !o->timeline_id) || (o->mode == LB_MODE_RENDER && !o->render_dir))
        fail("a flag without the one it needs", o);
    /* A flag's field set means it was given: it must go with the mode. */
    for (int k = 0; k < LB_N_FLAGS; k++) {
        const LbFlag *f = &LB_FLAGS[k];
        if (f->sets != LB_MODE_PLAY ||
            (f->kind != LB_VALUE_NONE && f->kind != LB_VALUE_TEXT && f->kind != LB_VALUE_OUTPUT))
            continue;
        const char *at = (const char *)o + f->field;
        bool given = f->kind == LB_VALUE_NONE ? *(const bool *)at : *(const char *const *)at != NULL;
        if (given && !(f->modes & LB_MODE_BIT(o->mode)))
            fail(f->name, o);
    }
    if (o->n_check_paths > argc - 1 || (o->n_check_paths && o->mode != LB_MODE_CHECK))
        fail("more --check paths than words", o);
    for (int i = 0; i < o->n_check_paths; i++) {
        bool found = false;
        for (int w = 1; w < argc && !found; w++)
            found = o->check_paths[i] >= argv[w] && o->check_paths[i] <= argv[w] + strlen(argv[w]);
        if (!found)
            fail("a --check path that is none of the words", o);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 4096)
        return 0;
    /* The words, each NUL-terminated, after argv[0]. */
    char *buf = malloc(size + 1);
    if (!buf)
        abort();
    memcpy(buf, data, size);
    buf[size] = '\0';
    char *argv[MAX_WORDS + 2] = {"limber"};
    int argc = 1;
    for (size_t i = 0; i <= size && argc <= MAX_WORDS; i++) {
        argv[argc++] = buf + i;
        i += strlen(buf + i);
    }
    argv[argc] = NULL;

    LbOptions o, again;
    char msg[512], msg2[512];
    int rc = lb_cli_parse(argc, argv, &o, msg, sizeof msg);
    int rc2 = lb_cli_parse(argc, argv, &again, msg2, sizeof msg2);
    if ((rc != 0 && rc != 2) || rc != rc2 || (rc == 2 && (!msg[0] || strcmp(msg, msg2) != 0))) {
        fprintf(stderr, "parse gave %d [%s], then %d [%s]\n", rc, rc ? msg : "", rc2, rc2 ? msg2 : "");
        abort();
    }
    if (rc == 0)
        check_accepted(&o, argv, argc);
    free((void *)o.check_paths);
    free((void *)again.check_paths);
    free(buf);
    return 0;
}
