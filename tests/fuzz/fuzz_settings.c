/* fuzz_settings: libFuzzer target for the remembered-settings file. Each
 * input is written where lb_settings_load reads it. Beyond the sanitizers
 * it asserts the loader's contract: it says true with no message, or false
 * with one line that names the file; whatever the file held, every value
 * it hands on is one the program can use (a level, volume 0..100, speed
 * 0.5..2, display -1..63), and so are the options it makes with
 * lb_settings_apply; and what it read, saved and read again, comes back the
 * same (speed to the hundredth it is saved with). Build and run:
 * tools/fuzz.sh. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* mkdtemp */
#endif
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "settings.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char settings_dir[64]; /* scratch folder */
static char in_path[128];     /* settings_dir/settings.json: the input */
static char out_path[128];    /* settings_dir/saved/settings.json: saved again */

static void settings_atexit(void)
{
    char saved[128];
    remove(in_path);
    remove(out_path);
    snprintf(saved, sizeof saved, "%s/saved", settings_dir);
    rmdir(saved);
    rmdir(settings_dir);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    snprintf(settings_dir, sizeof settings_dir, "/tmp/limber-fuzz-settings-XXXXXX");
    if (!mkdtemp(settings_dir))
        abort();
    snprintf(in_path, sizeof in_path, "%s/settings.json", settings_dir);
    snprintf(out_path, sizeof out_path, "%s/saved/settings.json", settings_dir);
    atexit(settings_atexit);
    return 0;
}

static void usable(const LbSettings *s, const char *what)
{
    if (!((int)s->level >= 0 && s->level < LM_LEVEL_COUNT) || s->volume < 0 || s->volume > 100 ||
        !(s->speed >= 0.5 && s->speed <= 2.0) || s->display < -1 || s->display > 63) {
        fprintf(stderr, "%s settings out of range: level %d volume %d speed %g display %d\n", what, (int)s->level,
                s->volume, s->speed, s->display);
        abort();
    }
}

/* A message is one line: "PATH: ...". */
static void one_line_naming(const char *msg, const char *path, bool ok)
{
    size_t n = strlen(path);
    if (ok ? msg[0] != '\0'
           : strncmp(msg, path, n) != 0 || strncmp(msg + n, ": ", 2) != 0 || strchr(msg, '\n') != NULL) {
        fprintf(stderr, "the loader said %s with the message [%s]\n", ok ? "fine" : "refused", msg);
        abort();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    FILE *f = fopen(in_path, "wb");
    if (!f || (size && fwrite(data, 1, size, f) != size) || fclose(f) != 0)
        abort();
    LbSettings s;
    char msg[512];
    bool ok = lb_settings_load(in_path, &s, msg, sizeof msg);
    one_line_naming(msg, in_path, ok);
    usable(&s, "loaded");

    /* The options a run makes of them, with no flag given. */
    LbOptions o = {0};
    o.display = -1;
    o.volume = -1;
    lb_settings_apply(&s, &o);
    if (o.level != s.level || !(o.speed >= 0.5 && o.speed <= 2.0) || o.display != s.display || o.mute != s.mute ||
        o.mirror != s.mirror)
        abort();

    /* Saved and read back: the same settings, without a message. */
    LbSettings back;
    if (!lb_settings_save(out_path, &s, msg, sizeof msg)) {
        fprintf(stderr, "saving failed: %s\n", msg);
        abort();
    }
    bool again = lb_settings_load(out_path, &back, msg, sizeof msg);
    one_line_naming(msg, out_path, again);
    if (!again || back.level != s.level || back.mute != s.mute || back.volume != s.volume || back.mirror != s.mirror ||
        back.display != s.display || fabs(back.speed - s.speed) > 0.005 + 1e-9) {
        fprintf(stderr, "read back differently: %s\n", msg);
        abort();
    }
    return 0;
}
