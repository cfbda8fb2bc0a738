/* test_core_fuzz_replay: every input the fuzzer has ever been seeded with or
 * has found trouble with, run through the fuzz target's own checks on each
 * ctest (under LIMBER_SANITIZE with the sanitizers too): the seed corpus,
 * the kept regressions, the shipped data and the bad-file corpus. Runs from
 * the repository root, whose data the target loads. */
#define _GNU_SOURCE
#include "fuzz/fuzz_loader.c"
#include "lt.h"
#include "fuzz/replay.h"

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
