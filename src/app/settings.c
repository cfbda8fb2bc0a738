/* settings: the remembered-settings file. Read leniently (unknown keys are
 * ignored, one bad value falls back alone), written atomically. */
#include "settings.h"

#include <SDL.h>
#include <cJSON.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "paths.h"

#define MAX_FILE_BYTES 65536 /* far more than a settings file needs */

void lb_settings_defaults(LbSettings *s)
{
    s->level = LM_LEVEL_BEGINNER;
    s->mute = false;
    s->volume = 100;
    s->mirror = false;
    s->speed = 1.0;
    s->display = -1;
}

bool lb_settings_path(char *buf, size_t size)
{
    const char *xdg = getenv("XDG_CONFIG_HOME");
    const char *home = getenv("HOME");
    int n = -1;
    if (xdg && xdg[0] == '/')
        n = snprintf(buf, size, "%s/limber/settings.json", xdg);
    else if (home && *home)
        n = snprintf(buf, size, "%s/.config/limber/settings.json", home);
    else {
        char *pref = SDL_GetPrefPath("limber", "limber");
        if (pref)
            n = snprintf(buf, size, "%ssettings.json", pref);
        SDL_free(pref);
    }
    return n > 0 && (size_t)n < size;
}

/* The file's bytes as a string, or NULL (errno set; ENOENT when missing). */
static char *read_small_file(const char *path, const char **why)
{
    struct stat st;
    if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) { /* a pipe would block, a folder would not read */
        *why = S_ISDIR(st.st_mode) ? "is a folder, not a file" : "is not a file but a device or a pipe";
        errno = EINVAL;
        return NULL;
    }
    FILE *f = fopen(path, "rb");
    if (!f) {
        *why = strerror(errno);
        return NULL;
    }
    char *buf = malloc(MAX_FILE_BYTES + 1);
    size_t n = buf ? fread(buf, 1, MAX_FILE_BYTES + 1, f) : 0;
    bool err = ferror(f);
    fclose(f);
    if (!buf || err || n > MAX_FILE_BYTES) {
        *why = !buf ? "out of memory" : err ? "cannot be read" : "is too large for a settings file";
        free(buf);
        errno = EIO;
        return NULL;
    }
    buf[n] = '\0';
    return buf;
}

bool lb_settings_load(const char *path, LbSettings *s, char *msg, size_t msg_size)
{
    lb_settings_defaults(s);
    if (msg_size)
        msg[0] = '\0';
    const char *why = NULL;
    char *text = read_small_file(path, &why);
    if (!text) {
        if (errno == ENOENT)
            return true; /* first run */
        snprintf(msg, msg_size, "%s: %s; using the default settings", path, why);
        return false;
    }
    cJSON *root = cJSON_Parse(text);
    free(text);
    if (!cJSON_IsObject(root)) {
        snprintf(msg, msg_size, "%s: not a settings file (%s); using the default settings and replacing it", path,
                 root ? "expected a JSON object" : "not valid JSON");
        cJSON_Delete(root);
        return false;
    }
    /* Each value is checked alone; every bad one is named, and the others
     * are kept. */
    const char *bad[8];
    int n_bad = 0;
    const cJSON *v;
    if ((v = cJSON_GetObjectItemCaseSensitive(root, "level"))) {
        int l = cJSON_IsString(v) ? lm_level_from_name(v->valuestring) : -1;
        if (l >= 0)
            s->level = (LmLevel)l;
        else
            bad[n_bad++] = "level (expected \"beginner\" or \"active\")";
    }
    if ((v = cJSON_GetObjectItemCaseSensitive(root, "mute"))) {
        if (cJSON_IsBool(v))
            s->mute = cJSON_IsTrue(v);
        else
            bad[n_bad++] = "mute (expected true or false)";
    }
    if ((v = cJSON_GetObjectItemCaseSensitive(root, "mirror"))) {
        if (cJSON_IsBool(v))
            s->mirror = cJSON_IsTrue(v);
        else
            bad[n_bad++] = "mirror (expected true or false)";
    }
    if ((v = cJSON_GetObjectItemCaseSensitive(root, "volume"))) {
        if (cJSON_IsNumber(v) && v->valuedouble >= 0 && v->valuedouble <= 100)
            s->volume = (int)lround(v->valuedouble);
        else
            bad[n_bad++] = "volume (expected 0 to 100)";
    }
    if ((v = cJSON_GetObjectItemCaseSensitive(root, "speed"))) {
        if (cJSON_IsNumber(v) && v->valuedouble >= 0.5 && v->valuedouble <= 2.0)
            s->speed = v->valuedouble;
        else
            bad[n_bad++] = "speed (expected 0.5 to 2)";
    }
    if ((v = cJSON_GetObjectItemCaseSensitive(root, "display"))) {
        if (cJSON_IsNull(v))
            s->display = -1;
        else if (cJSON_IsNumber(v) && v->valuedouble >= 0 && v->valuedouble <= 63 &&
                 v->valuedouble == floor(v->valuedouble))
            s->display = (int)v->valuedouble;
        else
            bad[n_bad++] = "display (expected a display number or null)";
    }
    cJSON_Delete(root);
    if (n_bad == 0)
        return true;
    int off = snprintf(msg, msg_size, "%s: ignoring %s for ", path, n_bad == 1 ? "a bad value" : "bad values");
    for (int i = 0; i < n_bad && off >= 0 && (size_t)off < msg_size; i++)
        off += snprintf(msg + off, msg_size - (size_t)off, "%s%s",
                        i == 0           ? ""
                        : i + 1 == n_bad ? " and "
                                         : ", ",
                        bad[i]);
    return false;
}

/* mkdir -p for the folder that holds path. */
static bool make_parent_dirs(const char *path)
{
    char dir[4096];
    if (snprintf(dir, sizeof dir, "%s", path) >= (int)sizeof dir)
        return false;
    char *slash = strrchr(dir, '/');
    if (!slash || slash == dir)
        return true;
    *slash = '\0';
    return lb_make_dirs(dir, 0700);
}

bool lb_settings_save(const char *path, const LbSettings *s, char *msg, size_t msg_size)
{
    cJSON *root = cJSON_CreateObject();
    bool ok = root && cJSON_AddStringToObject(root, "level", lm_level_name(s->level)) &&
              cJSON_AddBoolToObject(root, "mute", s->mute) && cJSON_AddNumberToObject(root, "volume", s->volume) &&
              cJSON_AddBoolToObject(root, "mirror", s->mirror) &&
              cJSON_AddNumberToObject(root, "speed", round(s->speed * 100.0) / 100.0) &&
              (s->display >= 0 ? cJSON_AddNumberToObject(root, "display", s->display) != NULL
                               : cJSON_AddNullToObject(root, "display") != NULL);
    char *text = ok ? cJSON_Print(root) : NULL;
    cJSON_Delete(root);
    if (!text) {
        snprintf(msg, msg_size, "%s: out of memory", path);
        return false;
    }
    char tmp[4200];
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    ok = false;
    if (!make_parent_dirs(path)) {
        snprintf(msg, msg_size, "%s: cannot create its folder: %s", path, strerror(errno));
    } else {
        FILE *f = fopen(tmp, "wb");
        if (!f) {
            snprintf(msg, msg_size, "%s: cannot be written: %s", tmp, strerror(errno));
        } else {
            bool w = fputs(text, f) >= 0 && fputc('\n', f) != EOF;
            w &= fclose(f) == 0;
            if (!w)
                snprintf(msg, msg_size, "%s: cannot be written: %s", tmp, strerror(errno));
            else if (rename(tmp, path) != 0)
                snprintf(msg, msg_size, "%s: cannot be replaced: %s", path, strerror(errno));
            else
                ok = true;
            if (!ok)
                remove(tmp);
        }
    }
    cJSON_free(text);
    return ok;
}

void lb_settings_apply(const LbSettings *s, LbOptions *o)
{
    if (!o->level_set)
        o->level = s->level;
    if (o->speed <= 0)
        o->speed = s->speed;
    if (o->display < 0)
        o->display = s->display;
    o->mute = !o->no_mute && (o->mute || s->mute);
    o->mirror = !o->no_mirror && (o->mirror || s->mirror);
}
