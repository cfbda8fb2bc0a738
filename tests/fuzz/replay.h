/* replay: runs every file under a folder through a libFuzzer target's
 * LLVMFuzzerTestOneInput, for the replay tests that keep each target's
 * seeds and regressions passing on every ctest. Included after the target
 * and lt.h. */
#ifndef LIMBER_FUZZ_REPLAY_H
#define LIMBER_FUZZ_REPLAY_H

#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

static int files_run;

static void replay_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    LT_CHECK_MSG(f != NULL, "cannot open %s", path);
    if (!f)
        return;
    size_t cap = 1 << 16, n = 0;
    uint8_t *buf = malloc(cap);
    size_t got;
    while (buf && (got = fread(buf + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n == cap) {
            uint8_t *bigger = realloc(buf, cap * 2);
            if (!bigger)
                break;
            buf = bigger;
            cap *= 2;
        }
    }
    fclose(f);
    LT_CHECK(buf != NULL);
    if (buf) /* aborts (and so fails the test) on a broken contract */
        LLVMFuzzerTestOneInput(buf, n);
    free(buf);
    files_run++;
}

static void replay_dir(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return; /* a folder that does not exist yet has nothing to replay */
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        char path[1024];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        struct stat st;
        if (stat(path, &st) != 0)
            continue;
        if (S_ISDIR(st.st_mode))
            replay_dir(path);
        else if (S_ISREG(st.st_mode))
            replay_file(path);
    }
    closedir(d);
}

#endif
