/* cli: parsing the command line and running the tool modes. */
#include "cli.h"

#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "lm_timeline.h"
#include "video.h"

#define DEFAULT_ROUTINE "back-spasm-relief"

const char *lb_cli_version(void) { return LIMBER_VERSION; }

void lb_cli_print_help(FILE *f)
{
    fputs("Usage: limber [OPTIONS]\n"
          "Plays animated demonstrations of back-care stretches with a countdown,\n"
          "captions and spoken cues. With no options it plays the back-spasm-relief\n"
          "routine at beginner level in a window.\n"
          "\n"
          "Playing:\n"
          "  --routine ID|FILE     play a routine (see --list)\n"
          "  --exercise ID|FILE    play one exercise\n"
          "  --level beginner|active  hold lengths from the sources (default: the level last\n"
          "                        used, else beginner)\n"
          "  --hold S              hold every stretch for S seconds (5 to 300)\n"
          "  --fullscreen          fill the screen (desktop fullscreen)\n"
          "  --display N           open on display N (1 is the first)\n"
          "  --mirror              flip the picture left to right, as a mirror\n"
          "  --mute                no sound (captions still show)\n"
          "  --no-mirror, --no-mute  not mirrored / sound on, for this run, whatever\n"
          "                        was remembered\n"
          "  --volume N            sound volume, 0 to 100\n"
          "  --speed X             tempo, 0.5 to 2\n"
          "  --music FILE          loop music under the session, lowered under speech\n"
          "  --presenter           audience window on the TV, console on the laptop\n"
          "  --size WxH            the window's size (with --render: the frames' size);\n"
          "                        64 to 7680 each way, at most 7680x4320 in all\n"
          "  --from S              start S seconds into the session\n"
          "  --renderer auto|gpu|software  how the window is drawn (default auto: the\n"
          "                        GPU, or the CPU drawing only what changed when the\n"
          "                        only OpenGL is a software one)\n"
          "  --quit-after S        stop after S seconds of playing\n"
          "  --stats               with --quit-after: print frame statistics\n"
          "  --no-settings         neither read nor save remembered settings (level, sound,\n"
          "                        volume, mirror, speed, display; flags override them)\n"
          "\n"
          "While playing: Space pause, arrows or a clicker's Page Up / Page Down step,\n"
          "Up / Down change exercise, H shows every key. Level, sound, volume, mirror,\n"
          "speed and display are remembered between runs.\n"
          "\n"
          "Tools:\n"
          "  --list                one line per exercise and routine: id<TAB>title\n"
          "  --check [PATH...]     validate files, or every .json in a folder (all shipped\n"
          "                        files when none given)\n"
          "  --timeline ID|FILE    print the compiled timeline of a routine or exercise as JSON\n"
          "  --cues                print every spoken text, one per line (with --routine or\n"
          "                        --exercise ID: that one's only; with a FILE: every text\n"
          "                        and that file's, as the voice script needs)\n"
          "  --render DIR          write PNG frames without a display; with\n"
          "        --from S --seconds S --size WxH --fps N --audio-out FILE.wav\n"
          "  --export FILE.mp4|.webm|.gif  one video of the session, picture and sound;\n"
          "        --from S --seconds S --size WxH (1280x720) --fps N (30); .mp4 for\n"
          "        phones and slides, .webm for web pages, .gif a short silent clip\n"
          "  --contact-sheet FILE.png  key poses of --exercise ID on one image\n"
          "  --bench               performance figures, one 'name value unit' a line\n"
          "  --data DIR            read anims/ and assets/ from DIR\n"
          "  --help, --version\n"
          "\n"
          "Options that take a value also take --option=value, once each. A flag the\n"
          "chosen mode has no use for is refused, not ignored (README: which go where).\n"
          "Exit status: 0 done, 1 invalid content or a failed operation, 2 wrong usage,\n"
          "130 a --render stopped by Ctrl+C (the frames it wrote are whole) or an\n"
          "--export stopped (nothing written).\n",
          f);
}

/* A plain decimal number: digits with at most a point and an exponent (no
 * sign, as no option takes a negative; no spaces, no hexadecimal, no
 * "inf"), within lo..hi. */
static bool parse_double(const char *s, double lo, double hi, double *out)
{
    char *end = NULL;
    if (!s || !*s || strspn(s, "0123456789.-eE") != strlen(s) || !strpbrk(s, "0123456789") || !strchr("0123456789.", s[0]))
        return false;
    for (const char *m = strchr(s, '-'); m; m = strchr(m + 1, '-'))
        if (m[-1] != 'e' && m[-1] != 'E')
            return false; /* a minus only in an exponent: 1e-1 */
    double d = strtod(s, &end);
    if (*end || !isfinite(d) || d < lo || d > hi)
        return false;
    *out = d;
    return true;
}

static bool parse_int(const char *s, int lo, int hi, int *out)
{
    double d;
    if (!parse_double(s, lo, hi, &d) || d != floor(d))
        return false;
    *out = (int)d;
    return true;
}

/* Whether an output file may take this name: it ends in ext (any case),
 * as what is written there is that kind of file, or it is a device or a
 * pipe that is there already (/dev/stdout), which takes any name. */
static bool output_named(const char *s, const char *ext)
{
    size_t n = strlen(s), k = strlen(ext);
    struct stat st;
    return (n > k && strcasecmp(s + n - k, ext) == 0) || (stat(s, &st) == 0 && !S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode));
}

/* A whole number written in digits alone, within lo..hi. */
static bool parse_digits(const char *s, int lo, int hi, int *out)
{
    return s && strspn(s, "0123456789") == strlen(s) && parse_int(s, lo, hi, out);
}

/* Which modes each option serves. One given to a mode with no use for it
 * is refused, not ignored: a user who adds --speed 2 to a render, or
 * --fullscreen to --list, learns that it did nothing. */
#define MODE(m) (1u << (m))
enum {
    PLAYING = MODE(LB_MODE_PLAY),
    RENDERING = MODE(LB_MODE_RENDER) | MODE(LB_MODE_EXPORT),
    ANY_MODE = ~0u,
};
typedef struct {
    const char *name;
    unsigned modes;
    bool repeats; /* may be given more than once */
} FlagUse;
static const FlagUse FLAG_USES[] = {
    {"--data", ANY_MODE, false},
    /* a promise scripts (and the benchmark's own runs) give every mode */
    {"--no-settings", ANY_MODE, true},
    {"--routine", PLAYING | RENDERING | MODE(LB_MODE_CUES), false},
    {"--exercise", PLAYING | RENDERING | MODE(LB_MODE_CUES) | MODE(LB_MODE_CONTACT), false},
    {"--level", PLAYING | RENDERING | MODE(LB_MODE_TIMELINE) | MODE(LB_MODE_CONTACT), false},
    {"--hold", PLAYING | RENDERING | MODE(LB_MODE_TIMELINE) | MODE(LB_MODE_CONTACT), false},
    {"--mirror", PLAYING | RENDERING | MODE(LB_MODE_CONTACT), true},
    {"--size", PLAYING | RENDERING, false},
    {"--from", PLAYING | RENDERING, false},
    {"--timeline", MODE(LB_MODE_TIMELINE), false},
    {"--render", MODE(LB_MODE_RENDER), false},
    {"--export", MODE(LB_MODE_EXPORT), false},
    {"--contact-sheet", MODE(LB_MODE_CONTACT), false},
    {"--seconds", RENDERING, false},
    {"--fps", RENDERING, false},
    {"--audio-out", MODE(LB_MODE_RENDER), false},
    /* the window's own: sound, pace, screens, and what is remembered */
    {"--no-mirror", PLAYING, true},
    {"--mute", PLAYING, true},
    {"--no-mute", PLAYING, true},
    {"--volume", PLAYING, false},
    {"--speed", PLAYING, false},
    {"--music", PLAYING, false},
    {"--fullscreen", PLAYING, true},
    {"--display", PLAYING, false},
    {"--presenter", PLAYING, true},
    {"--renderer", PLAYING, false},
    {"--quit-after", PLAYING, false},
    {"--stats", PLAYING, true},
};
enum { N_FLAG_USES = sizeof FLAG_USES / sizeof FLAG_USES[0] };

static int flag_use(const char *flag)
{
    for (int k = 0; k < N_FLAG_USES; k++)
        if (!strcmp(FLAG_USES[k].name, flag))
            return k;
    return -1;
}

/* How a user names mode m: its flag, or "playing" for none. */
static const char *mode_flag(LbMode m)
{
    switch (m) {
    case LB_MODE_LIST: return "--list";
    case LB_MODE_CHECK: return "--check";
    case LB_MODE_TIMELINE: return "--timeline";
    case LB_MODE_RENDER: return "--render";
    case LB_MODE_EXPORT: return "--export";
    case LB_MODE_BENCH: return "--bench";
    case LB_MODE_CUES: return "--cues";
    case LB_MODE_CONTACT: return "--contact-sheet";
    default: return "playing in a window";
    }
}

/* "playing in a window", or "playing, --render or --cues": the modes in mask. */
static void modes_text(unsigned mask, char *out, size_t n)
{
    static const LbMode order[] = {LB_MODE_PLAY,     LB_MODE_RENDER, LB_MODE_EXPORT, LB_MODE_TIMELINE,
                                   LB_MODE_CONTACT,  LB_MODE_CUES,   LB_MODE_LIST,
                                   LB_MODE_CHECK,    LB_MODE_BENCH};
    const char *names[9];
    int k = 0;
    for (size_t i = 0; i < sizeof order / sizeof order[0]; i++)
        if (mask & MODE(order[i]))
            names[k++] = order[i] == LB_MODE_PLAY ? (mask == PLAYING ? "playing in a window" : "playing")
                                                  : mode_flag(order[i]);
    size_t used = 0;
    out[0] = '\0';
    for (int i = 0; i < k && used < n; i++)
        used += (size_t)snprintf(out + used, n - used, "%s%s", i == 0 ? "" : i == k - 1 ? " or " : ", ", names[i]);
}

static bool set_mode(LbOptions *o, LbMode m, const char *flag, char *msg, size_t n)
{
    if (o->mode != LB_MODE_PLAY && o->mode != m) {
        snprintf(msg, n, "%s cannot be combined with another tool mode", flag);
        return false;
    }
    o->mode = m;
    return true;
}

int lb_cli_parse(int argc, char **argv, LbOptions *o, char *msg, size_t n)
{
    memset(o, 0, sizeof *o);
    o->display = -1;
    o->volume = -1;
    o->level = LM_LEVEL_BEGINNER;
    o->check_paths = calloc((size_t)argc + 1, sizeof *o->check_paths);
    if (!o->check_paths) {
        snprintf(msg, n, "out of memory");
        return 2;
    }
    unsigned char given[N_FLAG_USES] = {0};
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        char flag[64];
        const char *val = NULL;
        const char *eq = strchr(a, '=');
        if (strncmp(a, "--", 2) == 0 && eq && (size_t)(eq - a) < sizeof flag) {
            memcpy(flag, a, (size_t)(eq - a));
            flag[eq - a] = '\0';
            val = eq + 1;
        } else {
            snprintf(flag, sizeof flag, "%s", a);
        }
#define NEXT()                                                                       \
    do {                                                                             \
        if (!val) {                                                                  \
            if (i + 1 >= argc) {                                                     \
                snprintf(msg, n, "%s needs a value", flag);                          \
                return 2;                                                            \
            }                                                                        \
            val = argv[++i];                                                         \
        }                                                                            \
    } while (0)
/* an option that takes no value, given one with = */
#define NOVAL()                                                                      \
    do {                                                                             \
        if (val) {                                                                   \
            snprintf(msg, n, "%s takes no value (given '%s')", flag, val);           \
            return 2;                                                                \
        }                                                                            \
    } while (0)
#define BAD(what)                                                                    \
    do {                                                                             \
        snprintf(msg, n, "%s: '%s' is not %s", flag, val, what);                     \
        return 2;                                                                    \
    } while (0)
        if (!strcmp(flag, "--help") || !strcmp(flag, "-h")) {
            NOVAL();
            o->mode = LB_MODE_HELP;
            return 0;
        } else if (!strcmp(flag, "--version")) {
            NOVAL();
            o->mode = LB_MODE_VERSION;
            return 0;
        } else if (!strcmp(flag, "--list")) {
            NOVAL();
            if (!set_mode(o, LB_MODE_LIST, flag, msg, n))
                return 2;
        } else if (!strcmp(flag, "--check")) {
            if (!set_mode(o, LB_MODE_CHECK, flag, msg, n))
                return 2;
            if (val && !*val) {
                snprintf(msg, n, "--check= names no file; give --check PATH, or --check alone for every shipped file");
                return 2;
            }
            if (val)
                o->check_paths[o->n_check_paths++] = val; /* --check=PATH */
            while (i + 1 < argc && strncmp(argv[i + 1], "--", 2) != 0)
                o->check_paths[o->n_check_paths++] = argv[++i];
        } else if (!strcmp(flag, "--cues")) {
            NOVAL();
            if (!set_mode(o, LB_MODE_CUES, flag, msg, n))
                return 2;
        } else if (!strcmp(flag, "--timeline")) {
            NEXT();
            if (!set_mode(o, LB_MODE_TIMELINE, flag, msg, n))
                return 2;
            o->timeline_id = val;
        } else if (!strcmp(flag, "--render")) {
            NEXT();
            if (!set_mode(o, LB_MODE_RENDER, flag, msg, n))
                return 2;
            o->render_dir = val;
        } else if (!strcmp(flag, "--export")) {
            NEXT();
            if (!set_mode(o, LB_MODE_EXPORT, flag, msg, n))
                return 2;
            if (!output_named(val, ".mp4") && !output_named(val, ".webm") && !output_named(val, ".gif"))
                BAD("a file name ending in .mp4, .webm or .gif (the kind of video written)");
            o->export_path = val;
        } else if (!strcmp(flag, "--contact-sheet")) {
            NEXT();
            if (!set_mode(o, LB_MODE_CONTACT, flag, msg, n))
                return 2;
            if (!output_named(val, ".png"))
                BAD("a file name ending in .png (the sheet is a PNG)");
            o->contact_sheet = val;
        } else if (!strcmp(flag, "--bench")) {
            NOVAL();
            if (!set_mode(o, LB_MODE_BENCH, flag, msg, n))
                return 2;
        } else if (!strcmp(flag, "--routine")) {
            NEXT();
            o->routine = val;
        } else if (!strcmp(flag, "--exercise")) {
            NEXT();
            o->exercise = val;
        } else if (!strcmp(flag, "--data")) {
            NEXT();
            o->data_dir = val;
        } else if (!strcmp(flag, "--level")) {
            NEXT();
            int l = lm_level_from_name(val);
            if (l < 0)
                BAD("a level (beginner or active)");
            o->level = (LmLevel)l;
            o->level_set = true;
        } else if (!strcmp(flag, "--hold")) {
            NEXT();
            if (!parse_double(val, 5, 300, &o->hold_s))
                BAD("a number of seconds from 5 to 300");
        } else if (!strcmp(flag, "--fullscreen")) {
            NOVAL();
            o->fullscreen = true;
        } else if (!strcmp(flag, "--renderer")) {
            NEXT();
            if (!strcmp(val, "auto"))
                o->renderer = LB_RENDERER_AUTO;
            else if (!strcmp(val, "gpu"))
                o->renderer = LB_RENDERER_GPU;
            else if (!strcmp(val, "software"))
                o->renderer = LB_RENDERER_SOFTWARE;
            else
                BAD("auto, gpu or software");
        } else if (!strcmp(flag, "--display")) {
            NEXT();
            /* Counted from 1, as the on-screen notes and desktop settings
             * count screens; kept as an index inside. */
            if (!parse_digits(val, 1, 64, &o->display))
                BAD("a display number (1 is the first)");
            o->display -= 1;
        } else if (!strcmp(flag, "--mirror")) {
            NOVAL();
            o->mirror = true;
        } else if (!strcmp(flag, "--no-mirror")) {
            NOVAL();
            o->no_mirror = true;
        } else if (!strcmp(flag, "--no-mute")) {
            NOVAL();
            o->no_mute = true;
        } else if (!strcmp(flag, "--mute")) {
            NOVAL();
            o->mute = true;
        } else if (!strcmp(flag, "--volume")) {
            NEXT();
            if (!parse_digits(val, 0, 100, &o->volume))
                BAD("a volume from 0 to 100");
        } else if (!strcmp(flag, "--speed")) {
            NEXT();
            if (!parse_double(val, 0.5, 2.0, &o->speed))
                BAD("a speed from 0.5 to 2");
        } else if (!strcmp(flag, "--presenter")) {
            NOVAL();
            o->presenter = true;
        } else if (!strcmp(flag, "--music")) {
            NEXT();
            o->music = val;
        } else if (!strcmp(flag, "--from")) {
            NEXT();
            if (!parse_double(val, 0, 1e6, &o->from_s))
                BAD("a time in seconds");
        } else if (!strcmp(flag, "--seconds")) {
            NEXT();
            if (!parse_double(val, 0.001, 1e6, &o->seconds))
                BAD("a positive number of seconds");
        } else if (!strcmp(flag, "--size")) {
            NEXT();
            /* two whole numbers around an x, nothing else; a frame no
             * larger than 8K's 33 million pixels (the renderer's limit
             * for one texture is in that order) */
            int w = 0, h = 0;
            char ws[16] = "";
            const char *x = strpbrk(val, "xX");
            if (x && (size_t)(x - val) < sizeof ws)
                memcpy(ws, val, (size_t)(x - val));
            if (!x || !parse_digits(ws, 64, 7680, &w) || !parse_digits(x + 1, 64, 7680, &h) ||
                (long)w * h > 7680L * 4320L)
                BAD("a size WxH (64 to 7680 each, at most 7680x4320 in all)");
            o->width = w;
            o->height = h;
        } else if (!strcmp(flag, "--fps")) {
            NEXT();
            if (!parse_digits(val, 1, 240, &o->fps))
                BAD("a frame rate from 1 to 240");
        } else if (!strcmp(flag, "--audio-out")) {
            NEXT();
            if (!output_named(val, ".wav"))
                BAD("a file name ending in .wav (the sound is written as WAV)");
            o->audio_out = val;
        } else if (!strcmp(flag, "--quit-after")) {
            NEXT();
            if (!parse_double(val, 0.001, 1e7, &o->quit_after_s))
                BAD("a positive number of seconds");
        } else if (!strcmp(flag, "--stats")) {
            NOVAL();
            o->stats = true;
        } else if (!strcmp(flag, "--no-settings")) {
            NOVAL();
            o->no_settings = true;
        } else if (a[0] != '-') {
            snprintf(msg, n, "'%s' is not an option (options start with --); to play an exercise or a routine, "
                             "give --exercise %s or --routine %s", a, a, a);
            return 2;
        } else {
            snprintf(msg, n, "unknown option '%s'", a);
            return 2;
        }
        int k = flag_use(flag);
        if (k >= 0) {
            if (given[k] && !FLAG_USES[k].repeats) {
                snprintf(msg, n, "%s is given twice; give it once", flag);
                return 2;
            }
            given[k] = 1;
        }
#undef NEXT
#undef NOVAL
#undef BAD
    }
    if (o->routine && o->exercise) {
        snprintf(msg, n, "--routine and --exercise name different things; give one");
        return 2;
    }
    if ((o->mirror && o->no_mirror) || (o->mute && o->no_mute)) {
        snprintf(msg, n, "%s", o->mute && o->no_mute ? "--mute and --no-mute say opposite things; give one"
                                                      : "--mirror and --no-mirror say opposite things; give one");
        return 2;
    }
    if (o->mode == LB_MODE_TIMELINE && (o->routine || o->exercise)) {
        snprintf(msg, n, "--timeline names what it prints; give it the %s's id or file instead of %s",
                 o->routine ? "routine" : "exercise", o->routine ? "--routine" : "--exercise");
        return 2;
    }
    if (o->width > 0 && o->mode == LB_MODE_CONTACT) {
        snprintf(msg, n, "--size goes with playing or --render (a contact sheet's cells are 480x270 each)");
        return 2;
    }
    if (o->music && (o->mode == LB_MODE_RENDER || o->mode == LB_MODE_EXPORT)) {
        /* Music plays through the sound device; the rendered sound holds the
         * voice, beeps and tones only, so say so rather than drop it. */
        snprintf(msg, n, "--music plays only in the window; %s's sound has no music", mode_flag(o->mode));
        return 2;
    }
    if (o->mode == LB_MODE_CONTACT && !o->exercise) {
        snprintf(msg, n, "--contact-sheet needs --exercise ID");
        return 2;
    }
    for (int k = 0; k < N_FLAG_USES; k++)
        if (given[k] && !(FLAG_USES[k].modes & MODE(o->mode))) {
            char where[160];
            modes_text(FLAG_USES[k].modes, where, sizeof where);
            snprintf(msg, n, "%s goes with %s, not with %s", FLAG_USES[k].name, where, mode_flag(o->mode));
            return 2;
        }
    if (o->stats && o->quit_after_s <= 0) {
        snprintf(msg, n, "--stats goes with --quit-after S");
        return 2;
    }
    return 0;
}

static void print_errors(const LmErrors *e)
{
    for (int i = 0; i < e->count; i++)
        fprintf(stderr, "%s\n", e->items[i]);
    if (e->dropped)
        fprintf(stderr, "(%d more problems not shown)\n", e->dropped);
}

static bool looks_like_path(const char *s) { return strchr(s, '/') || strstr(s, ".json"); }

/* An id that names no exercise (dir "exercises") or routine ("routines")
 * although its file is there: the loader left it out for problems it has
 * printed, which is the content's fault, not the command line's. Says so. */
static bool left_out(const LmLibrary *lib, const char *dir, const char *id)
{
    char *p = lm_lib_data_file(lib, dir, id);
    if (!p)
        return false;
    fprintf(stderr, "limber: %s '%s' was left out for the problems listed above (in %s)\n",
            dir[0] == 'e' ? "exercise" : "routine", id, p);
    free(p);
    return true;
}

/* A file name with no folder that is not there, while a shipped exercise
 * or routine has that name as its id ("cat-cow.json" for cat-cow): says
 * how to ask for the shipped one. */
static bool shipped_instead(const LmLibrary *lib, const char *path)
{
    struct stat st;
    size_t n = strlen(path);
    if (strchr(path, '/') || n <= 5 || strcmp(path + n - 5, ".json") != 0 || stat(path, &st) == 0)
        return false;
    char id[256];
    if (n - 5 >= sizeof id)
        return false;
    memcpy(id, path, n - 5);
    id[n - 5] = '\0';
    bool ex = lm_lib_find_exercise(lib, id) >= 0, ro = lm_lib_find_routine(lib, id) >= 0;
    if (!ex && !ro)
        return false;
    fprintf(stderr, "limber: there is no file '%s' here; for the shipped %s, give %s %s\n", path,
            ex ? "exercise" : "routine", ex ? "--exercise" : "--routine", id);
    return true;
}

/* A file of another kind (got, from lm_lib_file_kind) given where an
 * exercise or a routine is wanted (want: that kind, or LM_FILE_UNKNOWN for
 * either): says what it is, and which flag takes it, rather than list
 * everything it lacks. */
static bool wrong_kind(const char *path, LmFileKind got, LmFileKind want)
{
    if (got == LM_FILE_UNKNOWN || got == want || (want == LM_FILE_UNKNOWN && (got == LM_FILE_EXERCISE || got == LM_FILE_ROUTINE)))
        return false;
    if (got == LM_FILE_EXERCISE || got == LM_FILE_ROUTINE)
        fprintf(stderr, "limber: %s: this is %s, not %s; give it with %s\n", path, lm_file_kind_name(got),
                lm_file_kind_name(want), got == LM_FILE_EXERCISE ? "--exercise" : "--routine");
    else
        fprintf(stderr, "limber: %s: this is %s, not %s\n", path, lm_file_kind_name(got),
                want == LM_FILE_UNKNOWN ? "an exercise or a routine" : lm_file_kind_name(want));
    return true;
}

LmTimeline *lb_cli_timeline(const LbOptions *o, LmLibrary *lib, const char *id, int *status)
{
    LmErrors err = {0};
    LmCompileOpts co = {.level = o->level, .hold_s = o->hold_s};
    LmTimeline *tl = NULL;
    *status = 1;
    const char *ex = o->exercise, *ro = o->routine;
    const char *path = id && looks_like_path(id) ? id : ro && looks_like_path(ro) ? ro : ex && looks_like_path(ex) ? ex : NULL;
    LmFileKind kind = path ? lm_lib_file_kind(path) : LM_FILE_UNKNOWN;
    if (path && wrong_kind(path, kind, path == id ? LM_FILE_UNKNOWN : path == ex ? LM_FILE_EXERCISE : LM_FILE_ROUTINE)) {
        *status = 2;
        return NULL;
    }
    if (path && shipped_instead(lib, path)) {
        *status = 2;
        return NULL;
    }
    if (id) {
        /* --timeline ID|FILE: a routine or an exercise, whichever has that
         * id, or whichever the file holds. */
        if (looks_like_path(id))
            ex = kind == LM_FILE_EXERCISE ? id : NULL, ro = ex ? NULL : id;
        else if (lm_lib_find_routine(lib, id) >= 0)
            ro = id;
        else
            ex = id;
    }
    if (!ex && !ro)
        ro = DEFAULT_ROUTINE;
    if (ro) {
        int k = looks_like_path(ro) ? lm_lib_add_routine_file(lib, ro, &err) : lm_lib_find_routine(lib, ro);
        if (k < 0 && !looks_like_path(ro) && lm_lib_find_exercise(lib, ro) >= 0)
            tl = lm_timeline_compile_exercise(lib, lm_lib_find_exercise(lib, ro), &co, &err);
        else if (k < 0 && !err.count && !left_out(lib, "routines", ro) && !left_out(lib, "exercises", ro)) {
            fprintf(stderr, "limber: no routine or exercise '%s' (see limber --list)\n", ro);
            *status = 2;
        } else if (k >= 0) {
            tl = lm_timeline_compile_routine(lib, k, &co, &err);
            if (tl && lib->routines[k].safety && !lib->safety_title)
                fprintf(stderr, "limber: warning: '%s' plays WITHOUT its safety card: anims/safety.json is missing or "
                                "has problems (above)\n",
                        lib->routines[k].id);
        }
    } else {
        int k = looks_like_path(ex) ? lm_lib_add_exercise_file(lib, ex, &err) : lm_lib_find_exercise(lib, ex);
        if (k < 0 && !err.count && !left_out(lib, "exercises", ex) && !(id && left_out(lib, "routines", ex))) {
            if (!id && !looks_like_path(ex) && lm_lib_find_routine(lib, ex) >= 0)
                fprintf(stderr, "limber: no exercise '%s': it is a routine; give --routine %s\n", ex, ex);
            else
                fprintf(stderr, "limber: no %s '%s' (see limber --list)\n", id ? "routine or exercise" : "exercise", ex);
            *status = 2;
        } else if (k >= 0)
            tl = lm_timeline_compile_exercise(lib, k, &co, &err);
    }
    print_errors(&err);
    lm_err_clear(&err);
    /* --hold sets the held stretch of each exercise, or how long a
     * breathing cycle goes on; one that holds only a few seconds inside
     * each repetition has neither: say so rather than seem to take it. */
    for (int i = 0; tl && o->hold_s > 0 && i < tl->n_items; i++) {
        int e = tl->items[i].exercise;
        if (e >= 0 && e < lib->n_exercises && !lm_exercise_uses_hold(&lib->exercises[e]))
            fprintf(stderr, "limber: note: %s has no held stretch for --hold to set\n",
                    tl->items[i].title ? tl->items[i].title : "an exercise");
    }
    return tl;
}

static int run_list(const LmLibrary *lib)
{
    for (int i = 0; i < lib->n_exercises; i++)
        printf("%s\t%s\n", lib->exercises[i].id, lib->exercises[i].title);
    for (int i = 0; i < lib->n_routines; i++)
        printf("%s\t%s\n", lib->routines[i].id, lib->routines[i].title);
    return 0;
}

/* Timing warnings, each said once: the same note on every rep and at
 * both levels differs only in its " at 12.3 s", so that is what tells
 * them apart; the first is printed, with how many more there were. */
typedef struct {
    char *key, *first;
    int more;
} Warn;
typedef struct {
    Warn *v;
    int n, cap;
} Warns;

static void warns_add(Warns *w, const char *text, const char *level)
{
    char *key = lm_strdup(text), *first = lm_strfmt("%s (%s)", text, level);
    if (!key || !first) {
        free(key);
        free(first);
        return;
    }
    char *at = strstr(key, " at ");
    if (at) {
        char *p = at + 4;
        while (*p && strchr("0123456789.", *p))
            p++;
        if (p > at + 4 && !strncmp(p, " s", 2))
            memmove(at, p + 2, strlen(p + 2) + 1);
    }
    for (int i = 0; i < w->n; i++)
        if (!strcmp(w->v[i].key, key)) {
            w->v[i].more++;
            free(key);
            free(first);
            return;
        }
    if (w->n == w->cap) {
        int cap = w->cap ? w->cap * 2 : 16;
        Warn *v = realloc(w->v, (size_t)cap * sizeof *v);
        if (!v) {
            free(key);
            free(first);
            return;
        }
        w->v = v, w->cap = cap;
    }
    w->v[w->n++] = (Warn){key, first, 0};
}

/* Print them (after "warning: PATH: " when path is given) and let go. */
static void warns_print(Warns *w, const char *path)
{
    for (int i = 0; i < w->n; i++) {
        fprintf(stderr, "warning: %s%s%s", path ? path : "", path ? ": " : "", w->v[i].first);
        if (w->v[i].more)
            fprintf(stderr, " (and %d more like it, on other reps or levels)", w->v[i].more);
        fputc('\n', stderr);
        free(w->v[i].key);
        free(w->v[i].first);
    }
    free(w->v);
    *w = (Warns){0};
}

/* Compile every exercise at every level: a cheap, complete check that the
 * shipped content plays. Cue timing notes are printed as warnings (once
 * each; routines repeat their exercises' notes, so exercises suffice). */
static int compile_all(const LmLibrary *lib, LmErrors *err)
{
    int bad = 0;
    Warns said = {0};
    for (int l = 0; l < LM_LEVEL_COUNT; l++) {
        LmCompileOpts co = {.level = (LmLevel)l};
        for (int i = 0; i < lib->n_exercises + lib->n_routines; i++) {
            LmTimeline *tl = i < lib->n_exercises ? lm_timeline_compile_exercise(lib, i, &co, err)
                                                  : lm_timeline_compile_routine(lib, i - lib->n_exercises, &co, err);
            bad += !tl;
            for (int w = 0; tl && i < lib->n_exercises && w < tl->n_warnings; w++)
                warns_add(&said, tl->warnings[w], lm_level_name((LmLevel)l));
            lm_timeline_free(tl);
        }
    }
    warns_print(&said, NULL);
    return bad;
}

/* The cue timing notes of a user's exercise or routine file that checked
 * clean, as a path-less --check prints them for the shipped ones: the file
 * is loaded as what it is and compiled at every level. */
static void warn_file(LmLibrary *lib, const char *path)
{
    LmErrors scratch = {0};
    int ex = lm_lib_add_exercise_file(lib, path, &scratch);
    lm_err_clear(&scratch);
    int ro = ex < 0 ? lm_lib_add_routine_file(lib, path, &scratch) : -1;
    lm_err_clear(&scratch);
    if (ex < 0 && ro < 0)
        return; /* a skeleton, poses, clips or the safety card: nothing to time */
    Warns said = {0};
    for (int l = 0; l < LM_LEVEL_COUNT; l++) {
        LmCompileOpts co = {.level = (LmLevel)l};
        LmTimeline *tl = ex >= 0 ? lm_timeline_compile_exercise(lib, ex, &co, &scratch)
                                 : lm_timeline_compile_routine(lib, ro, &co, &scratch);
        for (int w = 0; tl && w < tl->n_warnings; w++)
            warns_add(&said, tl->warnings[w], lm_level_name((LmLevel)l));
        lm_timeline_free(tl);
        lm_err_clear(&scratch);
    }
    warns_print(&said, path);
}

static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* The .json files in folder dir as "dir/name", sorted, in *out (the
 * caller frees each and the array); -1 when dir is not a folder, or is
 * one named like a .json file. */
static int json_files_in(const char *dir, char ***out)
{
    struct stat st;
    size_t len = strlen(dir);
    *out = NULL;
    /* a folder named as a file ("x.json") is where a file should be: the
     * checker refuses it as such */
    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode) || (len > 5 && !strcmp(dir + len - 5, ".json")))
        return -1;
    DIR *d = opendir(dir);
    if (!d)
        return -1; /* the checker says why */
    int n = 0, cap = 0;
    char **v = NULL;
    for (struct dirent *e; (e = readdir(d));) {
        size_t k = strlen(e->d_name);
        if (e->d_name[0] == '.' || k <= 5 || strcmp(e->d_name + k - 5, ".json") != 0)
            continue;
        if (n == cap) {
            char **nv = realloc(v, (size_t)(cap = cap ? cap * 2 : 16) * sizeof *nv);
            if (!nv)
                break;
            v = nv;
        }
        size_t dl = strlen(dir);
        v[n] = lm_strfmt("%s%s%s", dir, dl && dir[dl - 1] == '/' ? "" : "/", e->d_name);
        n += v[n] != NULL;
    }
    closedir(d);
    if (n > 1)
        qsort(v, (size_t)n, sizeof *v, cmp_str);
    *out = v;
    return n;
}

/* The two fonts every frame's text needs: there, readable, and starting
 * as a TrueType or OpenType font does (the text module cannot start
 * without them, so a folder without them cannot play). */
static bool check_fonts(const char *data_dir, LmErrors *err)
{
    static const char *const names[] = {"DejaVuSans.ttf", "DejaVuSans-Bold.ttf"};
    bool ok = true;
    for (int i = 0; i < 2; i++) {
        char path[4200];
        snprintf(path, sizeof path, "%s/assets/fonts/%s", data_dir ? data_dir : ".", names[i]);
        unsigned char head[4] = {0};
        struct stat st;
        FILE *f = NULL;
        const char *why = stat(path, &st) != 0        ? strerror(errno)
                          : S_ISDIR(st.st_mode)       ? "a folder, not a font file"
                          : !(f = fopen(path, "rb"))  ? strerror(errno)
                          : fread(head, 1, 4, f) != 4 ? "too short to be a font"
                          : memcmp(head, "\0\1\0\0", 4) && memcmp(head, "true", 4) && memcmp(head, "OTTO", 4)
                              ? "not a TrueType or OpenType font"
                              : NULL;
        if (f)
            fclose(f);
        if (why) {
            lm_err_add(err, path, "", "%s (every caption is drawn with it)", why);
            ok = false;
        }
    }
    return ok;
}

static int run_check(const LbOptions *o, LmLibrary *lib, bool lib_ok, LmErrors *err)
{
    int files = 0;
    bool ok = true;
    if (o->n_check_paths == 0) {
        ok = lib_ok && compile_all(lib, err) == 0;
        files = 3 + lib->n_exercises + lib->n_routines;
        ok &= check_fonts(lib->data_dir, err);
        files += 2;
    } else {
        /* the files asked about; the data folder's own problems are
         * --check's with no file (here they would repeat a file's, or read
         * as its) */
        lm_err_clear(err);
        if (!lib_ok)
            fprintf(stderr, "limber: note: the data folder has problems of its own; limber --check with no file "
                            "lists them\n");
        for (int i = 0; i < o->n_check_paths; i++) {
            /* a folder: every .json file in it, in name order */
            char **names = NULL;
            int n = json_files_in(o->check_paths[i], &names);
            if (n == 0)
                fprintf(stderr, "limber: note: the folder '%s' holds no .json file\n", o->check_paths[i]);
            for (int k = 0; k < (n < 0 ? 1 : n); k++) {
                const char *path = n < 0 ? o->check_paths[i] : names[k];
                files++;
                if (!lm_lib_check_file(lib, path, err))
                    ok = false;
                else if (lib_ok)
                    warn_file(lib, path);
            }
            for (int k = 0; k < n; k++)
                free(names[k]);
            free(names);
        }
    }
    print_errors(err);
    if (ok)
        fprintf(stderr, "limber: %d file%s checked, no problems\n", files, files == 1 ? "" : "s");
    else
        fprintf(stderr, "limber: %d problem%s found\n", err->count + err->dropped,
                err->count + err->dropped == 1 ? "" : "s");
    return ok ? 0 : 1;
}


/* Every distinct spoken text of every exercise and routine at every level. */
/* Every spoken text, sorted, once each; only >= 0: just that one's (an
 * exercise's index, or n_exercises plus a routine's). */
static int run_cues(const LmLibrary *lib, int only)
{
    LmErrors err = {0};
    int cap = 1024, n = 0;
    const char **v = malloc((size_t)cap * sizeof *v);
    LmTimeline **tls = calloc((size_t)(lib->n_exercises + lib->n_routines) * LM_LEVEL_COUNT + 1, sizeof *tls);
    int ntl = 0;
    if (!v || !tls) {
        free(v);
        free(tls);
        return 1;
    }
    for (int l = 0; l < LM_LEVEL_COUNT; l++) {
        LmCompileOpts co = {.level = (LmLevel)l};
        for (int i = 0; i < lib->n_exercises + lib->n_routines; i++) {
            if (only >= 0 && i != only)
                continue;
            LmTimeline *tl = i < lib->n_exercises ? lm_timeline_compile_exercise(lib, i, &co, &err)
                                                  : lm_timeline_compile_routine(lib, i - lib->n_exercises, &co, &err);
            if (!tl)
                continue;
            tls[ntl++] = tl;
            for (int e = 0; e < tl->n_events; e++)
                if (tl->events[e].type == LM_EV_CUE && n < cap)
                    v[n++] = tl->events[e].text;
        }
    }
    qsort(v, (size_t)n, sizeof *v, cmp_str);
    for (int i = 0; i < n; i++)
        if (i == 0 || strcmp(v[i], v[i - 1]) != 0)
            printf("%s\n", v[i]);
    for (int i = 0; i < ntl; i++)
        lm_timeline_free(tls[i]);
    free(tls);
    free(v);
    print_errors(&err);
    int rc = err.count ? 1 : 0;
    lm_err_clear(&err);
    return rc;
}

int lb_cli_run(const LbOptions *o, const char *data_dir)
{
    LmLibrary lib;
    LmErrors err = {0};
    bool lib_ok = lm_lib_load(&lib, data_dir, &err);
    int rc = 0;
    if (o->mode == LB_MODE_CHECK) {
        rc = run_check(o, &lib, lib_ok, &err);
        lm_err_clear(&err);
        lm_lib_free(&lib);
        return rc;
    }
    if (!lib_ok) {
        print_errors(&err);
        lm_err_clear(&err);
        if (lib.n_exercises == 0) {
            lm_lib_free(&lib);
            return 1;
        }
        /* Whatever loaded still plays; the problems were printed, and
         * this says what happens next. */
        fprintf(stderr, "limber: warning: going on without what these problems leave out (limber --check "
                        "lists them)\n");
    }
    lm_err_clear(&err);
    switch (o->mode) {
    case LB_MODE_LIST:
        rc = run_list(&lib);
        break;
    case LB_MODE_CUES: {
        /* A user's own files join the shipped ones, so the voice script
         * makes their new clips and keeps every shipped one. */
        LmErrors uerr = {0};
        const char *file = o->routine && looks_like_path(o->routine)     ? o->routine
                           : o->exercise && looks_like_path(o->exercise) ? o->exercise
                                                                         : NULL;
        if (file && wrong_kind(file, lm_lib_file_kind(file), file == o->routine ? LM_FILE_ROUTINE : LM_FILE_EXERCISE)) {
            rc = 2;
            break;
        }
        if (o->routine && looks_like_path(o->routine))
            lm_lib_add_routine_file(&lib, o->routine, &uerr);
        if (o->exercise && looks_like_path(o->exercise))
            lm_lib_add_exercise_file(&lib, o->exercise, &uerr);
        /* a shipped one by id is in the script already; an unknown id is a
         * mistyped name, not a request for everything */
        const char *id = o->routine && !looks_like_path(o->routine) ? o->routine
                         : o->exercise && !looks_like_path(o->exercise) ? o->exercise
                                                                         : NULL;
        if (id && (o->routine ? lm_lib_find_routine(&lib, id) : lm_lib_find_exercise(&lib, id)) < 0 &&
            left_out(&lib, o->routine ? "routines" : "exercises", id)) {
            lm_err_clear(&uerr);
            rc = 1;
            break;
        }
        if (id && (o->routine ? lm_lib_find_routine(&lib, id) : lm_lib_find_exercise(&lib, id)) < 0) {
            fprintf(stderr, "limber: no %s '%s' (see limber --list)\n", o->routine ? "routine" : "exercise", id);
            lm_err_clear(&uerr);
            rc = 2;
            break;
        }
        print_errors(&uerr);
        /* a shipped one by id: its own texts; a file: every text with the
         * file's added, which is what the voice script needs */
        int only = !id ? -1 : o->routine ? lib.n_exercises + lm_lib_find_routine(&lib, id) : lm_lib_find_exercise(&lib, id);
        rc = uerr.count ? 1 : run_cues(&lib, only);
        lm_err_clear(&uerr);
        break;
    }
    case LB_MODE_TIMELINE: {
        LmTimeline *tl = lb_cli_timeline(o, &lib, o->timeline_id, &rc);
        if (tl) {
            char *s = lm_timeline_to_json(tl);
            if (s) {
                printf("%s\n", s);
                free(s);
                rc = 0;
            } else {
                fprintf(stderr, "limber: out of memory\n");
                rc = 1;
            }
            lm_timeline_free(tl);
        }
        break;
    }
    default:
        rc = lb_cli_run_shell(o, &lib);
        break;
    }
    lm_lib_free(&lib);
    return rc;
}
