/* test_core_fuzz_replay: every input the fuzzer has ever been seeded with or
 * has found trouble with, run through the fuzz target's own checks on each
 * ctest (under LIMBER_SANITIZE with the sanitizers too): the seed corpus,
 * the kept regressions, the shipped data and the bad-file corpus. Runs from
 * the repository root, whose data the target loads. */
#define _GNU_SOURCE
#include <dirent.h>
#include <sys/stat.h>

#include "fuzz/fuzz_loader.c"
#include "lt.h"

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

static void every_seed_and_regression_passes_the_fuzz_checks(void)
{
    replay_dir("tests/fuzz/corpus");
    replay_dir("tests/fuzz/regressions");
    replay_dir("anims");
    replay_dir("tests/bad");
    /* The seed corpus and the shipped data are never empty. */
    LT_CHECK_MSG(files_run >= 5, "only %d files replayed (run from the repository root)", files_run);
}

int main(void)
{
    LLVMFuzzerInitialize(NULL, NULL);
    LT_RUN(every_seed_and_regression_passes_the_fuzz_checks);
    fprintf(stderr, "%d files replayed\n", files_run);
    return lt_summary();
}
