/* test_shell_fuzz_settings_replay: every input the settings fuzz target has been
 * seeded with or has found trouble with, run through the target's own
 * checks on each ctest (under LIMBER_SANITIZE with the sanitizers too).
 * Runs from the repository root. */
#define _GNU_SOURCE
#include "fuzz/fuzz_settings.c"
#include "lt.h"
#include "fuzz/replay.h"

static void every_seed_and_regression_passes_the_fuzz_checks(void)
{
    replay_dir("tests/fuzz/corpus-settings");
    replay_dir("tests/fuzz/regressions-settings");
    LT_CHECK_MSG(files_run >= 5, "only %d files replayed (run from the repository root)", files_run);
}

int main(void)
{
    LLVMFuzzerInitialize(NULL, NULL);
    LT_RUN(every_seed_and_regression_passes_the_fuzz_checks);
    fprintf(stderr, "%d files replayed\n", files_run);
    return lt_summary();
}
