/* paths: locating the data folder wherever limber is started from. A data
 * folder is one that holds anims/skeleton.json. */
#include "paths.h"

#include <SDL.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <limits.h>
#include <errno.h>
#include <sys/stat.h>

#include "lm_err.h"

static int has_data(const char *dir)
{
    char p[4096];
    struct stat st;
    if (!dir || !*dir)
        return 0;
    snprintf(p, sizeof p, "%s/anims/skeleton.json", dir);
    return stat(p, &st) == 0 && S_ISREG(st.st_mode);
}

char *lb_find_data_dir(const char *override, char *msg, size_t msg_size)
{
    if (override) {
        if (has_data(override))
            return lm_strdup(override);
        snprintf(msg, msg_size, "no limber data in '%s' (expected %s/anims/skeleton.json)", override, override);
        return NULL;
    }
    /* Set, it is meant: a wrong one is said, not passed over for another
     * copy of the data that may be older. */
    const char *env = getenv("LIMBER_DATA");
    if (env && *env) {
        if (has_data(env))
            return lm_strdup(env);
        snprintf(msg, msg_size,
                 "no limber data in $LIMBER_DATA='%s' (expected %s/anims/skeleton.json); fix or unset it", env, env);
        return NULL;
    }
    char *base = SDL_GetBasePath(); /* folder of the executable, with a trailing slash */
    char cand[4][4096];
    int n = 0;
    if (base) {
        snprintf(cand[n++], sizeof cand[0], "%s..", base);              /* build tree: build/limber */
        snprintf(cand[n++], sizeof cand[0], "%s../share/limber", base); /* installed: bin/limber */
        SDL_free(base);
    }
    snprintf(cand[n++], sizeof cand[0], "%s", LIMBER_INSTALL_DATA_DIR);
    snprintf(cand[n++], sizeof cand[0], "%s", LIMBER_SOURCE_DATA_DIR);
    for (int i = 0; i < n; i++)
        if (has_data(cand[i])) {
            /* A tidy absolute path reads better in every message. */
            char *real = realpath(cand[i], NULL);
            return real ? real : lm_strdup(cand[i]);
        }
    if (has_data("."))
        return lm_strdup(".");
    int off = snprintf(msg, msg_size, "cannot find limber's data (anims/skeleton.json); looked in");
    for (int i = 0; i < n && off > 0 && (size_t)off < msg_size; i++)
        off += snprintf(msg + off, msg_size - (size_t)off, " %s,", cand[i]);
    if (off > 0 && (size_t)off < msg_size)
        snprintf(msg + off, msg_size - (size_t)off, " and the current folder. Use --data DIR.");
    return NULL;
}

char *lb_user_data_dir(void)
{
    /* as the settings file's $XDG_CONFIG_HOME: a relative one is not used */
    const char *xdg = getenv("XDG_DATA_HOME");
    const char *home = getenv("HOME");
    if (xdg && xdg[0] == '/')
        return lm_strfmt("%s/limber", xdg);
    if (home && *home)
        return lm_strfmt("%s/.local/share/limber", home);
    return NULL;
}

bool lb_make_dirs(const char *dir, unsigned mode)
{
    char path[4096];
    if (snprintf(path, sizeof path, "%s", dir) >= (int)sizeof path) {
        errno = ENAMETOOLONG;
        return false;
    }
    for (char *p = path + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        if (mkdir(path, (mode_t)mode) != 0 && errno != EEXIST)
            return false;
        *p = '/';
    }
    struct stat st;
    if (mkdir(path, (mode_t)mode) == 0)
        return true;
    if (errno != EEXIST)
        return false;
    if (stat(path, &st) != 0 || !S_ISDIR(st.st_mode)) {
        errno = ENOTDIR;
        return false;
    }
    return true;
}
