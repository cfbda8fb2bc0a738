/* test_shell_fuzz_cli_replay: every input the cli fuzz target has been
 * seeded with or has found trouble with, run through the target's own
 * checks on each ctest (under LIMBER_SANITIZE with the sanitizers too).
 * Runs from the repository root. */
#define _GNU_SOURCE
#include "fuzz/fuzz_cli.c"
#include "lt.h"
#include "fuzz/replay.h"

static void every_seed_and_regression_passes_the_fuzz_checks(void)
{
    replay_dir("tests/fuzz/corpus-cli");
    replay_dir("tests/fuzz/regressions-cli");
    LT_CHECK_MSG(files_run >= 5, "only %d files replayed (run from the repository root)", files_run);
}

int main(void)
{
    LT_RUN(every_seed_and_regression_passes_the_fuzz_checks);
    fprintf(stderr, "%d files replayed\n", files_run);
    return lt_summary();
}
