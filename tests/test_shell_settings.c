/* settings: the remembered-settings file. Written and read back, missing,
 * corrupt, half-wrong, and overridden by flags. */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lt.h"
#include "cli.h"
#include "settings.h"

static char dir[256];

static void path_in(char *buf, size_t n, const char *name) { snprintf(buf, n, "%s/%s", dir, name); }

static void write_text(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    if (f) {
        fputs(text, f);
        fclose(f);
    }
}

static void settings_written_should_read_back_the_same(void)
{
    char p[512], msg[600];
    path_in(p, sizeof p, "deep/er/settings.json"); /* folders are created */
    LbSettings s = {.level = LM_LEVEL_ACTIVE, .mute = true, .volume = 35, .mirror = true, .speed = 0.75, .display = 1};
    LT_CHECK(lb_settings_save(p, &s, msg, sizeof msg));
    LbSettings r;
    LT_CHECK(lb_settings_load(p, &r, msg, sizeof msg));
    LT_CHECK(msg[0] == '\0');
    LT_CHECK(r.level == LM_LEVEL_ACTIVE && r.mute && r.volume == 35 && r.mirror && r.display == 1);
    LT_NEAR(r.speed, 0.75, 1e-9);
    /* No temporary file is left beside it. */
    char tmp[600];
    snprintf(tmp, sizeof tmp, "%s.tmp", p);
    LT_CHECK(access(tmp, F_OK) != 0);
    /* And "no display" survives too. */
    s.display = -1;
    LT_CHECK(lb_settings_save(p, &s, msg, sizeof msg));
    LT_CHECK(lb_settings_load(p, &r, msg, sizeof msg) && r.display == -1);
}

static void a_missing_file_should_give_the_defaults_quietly(void)
{
    char p[512], msg[600] = "x";
    path_in(p, sizeof p, "none/settings.json");
    LbSettings r;
    LT_CHECK(lb_settings_load(p, &r, msg, sizeof msg));
    LT_CHECK(msg[0] == '\0');
    LT_CHECK(r.level == LM_LEVEL_BEGINNER && !r.mute && r.volume == 100 && !r.mirror && r.display == -1);
    LT_NEAR(r.speed, 1.0, 0);
}

static void a_corrupt_file_should_give_the_defaults_and_one_message_naming_it(void)
{
    static const char *const bad[] = {"{\"level\": \"active\", \"mute\": tru", "", "[1, 2, 3]", "\x01\x02\xff",
                                      "\"just a string\""};
    char p[512], msg[600];
    path_in(p, sizeof p, "corrupt.json");
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        write_text(p, bad[i]);
        LbSettings r;
        LT_CHECK(!lb_settings_load(p, &r, msg, sizeof msg));
        LT_CHECK_MSG(strstr(msg, p) != NULL, "%s", msg);
        LT_CHECK(strchr(msg, '\n') == NULL);
        LT_CHECK(r.level == LM_LEVEL_BEGINNER && !r.mute && r.volume == 100);
    }
    /* a pipe where the file should be: said, not waited on for ever */
    path_in(p, sizeof p, "pipe.json");
    remove(p);
    LT_CHECK(mkfifo(p, 0600) == 0);
    LbSettings r;
    LT_CHECK(!lb_settings_load(p, &r, msg, sizeof msg));
    LT_CHECK_MSG(strstr(msg, "a device or a pipe") != NULL, "%s", msg);
    LT_CHECK(r.level == LM_LEVEL_BEGINNER && r.volume == 100);
    remove(p);
}

static void a_bad_value_should_fall_back_alone(void)
{
    char p[512], msg[600];
    path_in(p, sizeof p, "half.json");
    write_text(p, "{\"level\": \"expert\", \"mute\": true, \"volume\": 500, \"speed\": 1.5, \"future\": [1]}");
    LbSettings r;
    LT_CHECK(!lb_settings_load(p, &r, msg, sizeof msg));
    /* every bad value is named, in one message */
    LT_CHECK_MSG(strstr(msg, "level") != NULL && strstr(msg, "volume (expected 0 to 100)") != NULL &&
                     strstr(msg, "bad values") != NULL && strstr(msg, "speed") == NULL,
                 "%s", msg);
    LT_CHECK(r.level == LM_LEVEL_BEGINNER); /* the bad ones: defaults */
    LT_CHECK(r.volume == 100);
    LT_CHECK(r.mute); /* the good ones: kept */
    LT_NEAR(r.speed, 1.5, 1e-9);
    /* Keys it does not know are no problem on their own. */
    write_text(p, "{\"mirror\": true, \"added_later\": {\"x\": 1}}");
    LT_CHECK(lb_settings_load(p, &r, msg, sizeof msg) && r.mirror);
}

static void a_folder_that_cannot_be_written_should_say_so(void)
{
    char p[512], msg[600];
    path_in(p, sizeof p, "blocker");
    write_text(p, "a file where a folder should be");
    path_in(p, sizeof p, "blocker/limber/settings.json");
    LbSettings s;
    lb_settings_defaults(&s);
    LT_CHECK(!lb_settings_save(p, &s, msg, sizeof msg));
    LT_CHECK_MSG(strstr(msg, "blocker") != NULL, "%s", msg);
}

static void flags_should_override_the_remembered_settings(void)
{
    LbSettings s = {.level = LM_LEVEL_ACTIVE, .mute = true, .volume = 20, .mirror = true, .speed = 1.5, .display = 1};
    LbOptions o = {0};
    o.display = -1;
    lb_settings_apply(&s, &o);
    LT_CHECK(o.level == LM_LEVEL_ACTIVE && o.mute && o.mirror && o.display == 1);
    LT_NEAR(o.speed, 1.5, 0);
    LbOptions f = {0};
    f.level = LM_LEVEL_BEGINNER;
    f.level_set = true;
    f.speed = 0.5;
    f.display = 0;
    lb_settings_apply(&s, &f);
    LT_CHECK(f.level == LM_LEVEL_BEGINNER && f.display == 0);
    LT_NEAR(f.speed, 0.5, 0);
    /* --no-mute and --no-mirror undo a remembered mute and mirror for the
     * run; with their opposites they are refused */
    char *argv[] = {"limber", "--no-mute", "--no-mirror", NULL};
    LbOptions g;
    char msg[256];
    LT_CHECK(lb_cli_parse(3, argv, &g, msg, sizeof msg) == 0);
    lb_settings_apply(&s, &g);
    LT_CHECK_MSG(!g.mute && !g.mirror, "mute %d mirror %d", g.mute, g.mirror);
    free((void *)g.check_paths);
    char *both[] = {"limber", "--mute", "--no-mute", NULL};
    LT_CHECK(lb_cli_parse(3, both, &g, msg, sizeof msg) == 2);
    LT_CHECK_MSG(strstr(msg, "--no-mute") != NULL, "%s", msg);
    free((void *)g.check_paths);
}

static void the_file_should_live_in_the_users_configuration_folder(void)
{
    char p[4096];
    setenv("XDG_CONFIG_HOME", "/somewhere/config", 1);
    LT_CHECK(lb_settings_path(p, sizeof p));
    LT_CHECK(strcmp(p, "/somewhere/config/limber/settings.json") == 0);
    unsetenv("XDG_CONFIG_HOME");
    setenv("HOME", "/home/someone", 1);
    LT_CHECK(lb_settings_path(p, sizeof p));
    LT_CHECK(strcmp(p, "/home/someone/.config/limber/settings.json") == 0);
    char tiny[8];
    LT_CHECK(!lb_settings_path(tiny, sizeof tiny));
}

int main(void)
{
    snprintf(dir, sizeof dir, "/tmp/limber-settings-test-XXXXXX");
    if (!mkdtemp(dir))
        return 1;
    LT_RUN(settings_written_should_read_back_the_same);
    LT_RUN(a_missing_file_should_give_the_defaults_quietly);
    LT_RUN(a_corrupt_file_should_give_the_defaults_and_one_message_naming_it);
    LT_RUN(a_bad_value_should_fall_back_alone);
    LT_RUN(a_folder_that_cannot_be_written_should_say_so);
    LT_RUN(flags_should_override_the_remembered_settings);
    LT_RUN(the_file_should_live_in_the_users_configuration_folder);
    char cmd[400];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "  could not remove %s\n", dir);
    return lt_summary();
}
