/* cli: the flag table, and the parser and --help made from it. */
#include "cli.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "lm_library.h"
#include "video.h"

const char *lb_cli_version(void) { return LIMBER_VERSION; }

/* A plain decimal number: digits with at most a point and an exponent (no
 * sign, as no option takes a negative; no spaces, no hexadecimal, no
 * "inf"), within lo..hi. */
static bool parse_double(const char *s, double lo, double hi, double *out)
{
    char *end = NULL;
    if (!s || !*s || strspn(s, "0123456789.-eE") != strlen(s) || !strpbrk(s, "0123456789") ||
        !strchr("0123456789.", s[0]))
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

/* A whole number written in digits alone, within lo..hi. */
static bool parse_digits(const char *s, double lo, double hi, int *out)
{
    double d;
    if (!s || strspn(s, "0123456789") != strlen(s) || !parse_double(s, lo, hi, &d) || d != floor(d))
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
    return (n > k && strcasecmp(s + n - k, ext) == 0) ||
           (stat(s, &st) == 0 && !S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode));
}

/* --export's file: its name says the kind of video written. */
static bool read_export(const char *val, LbOptions *o)
{
    if (!output_named(val, ".mp4") && !output_named(val, ".webm") && !output_named(val, ".gif"))
        return false;
    o->export_path = val;
    return true;
}

static bool read_level(const char *val, LbOptions *o)
{
    int l = lm_level_from_name(val);
    if (l < 0)
        return false;
    o->level = (LmLevel)l;
    o->level_set = true;
    return true;
}

static bool read_renderer(const char *val, LbOptions *o)
{
    static const char *const names[] = {"auto", "gpu", "software"};
    static const LbRendererChoice choice[] = {LB_RENDERER_AUTO, LB_RENDERER_GPU, LB_RENDERER_SOFTWARE};
    for (int i = 0; i < 3; i++)
        if (!strcmp(val, names[i])) {
            o->renderer = choice[i];
            return true;
        }
    return false;
}

/* Counted from 1, as the on-screen notes and desktop settings count
 * screens; kept as an index inside. */
static bool read_display(const char *val, LbOptions *o)
{
    if (!parse_digits(val, 1, 64, &o->display))
        return false;
    o->display -= 1;
    return true;
}

/* Two whole numbers around an x, nothing else; a frame no larger than 8K's
 * 33 million pixels (the renderer's limit for one texture is in that
 * order). */
static bool read_size(const char *val, LbOptions *o)
{
    int w = 0, h = 0;
    char ws[16] = "";
    const char *x = strpbrk(val, "xX");
    if (x && (size_t)(x - val) < sizeof ws)
        memcpy(ws, val, (size_t)(x - val));
    if (!x || !parse_digits(ws, 64, 7680, &w) || !parse_digits(x + 1, 64, 7680, &h) || (long)w * h > 7680L * 4320L)
        return false;
    o->width = w;
    o->height = h;
    return true;
}

/* The modes each flag serves. One given to a mode with no use for it is
 * refused, not ignored: a user who adds --speed 2 to a render, or
 * --fullscreen to --list, learns that it did nothing. */
#define MODE LB_MODE_BIT
enum {
    PLAYING = MODE(LB_MODE_PLAY),
    RENDERING = MODE(LB_MODE_RENDER),
    EXPORTING = MODE(LB_MODE_EXPORT),
    TIMELINE = MODE(LB_MODE_TIMELINE),
    CONTACT = MODE(LB_MODE_CONTACT),
    CUES = MODE(LB_MODE_CUES),
};
#define AT(f) offsetof(LbOptions, f)
#define TOOL .tool = true
#define REPEATS .repeats = true

/* One row a flag; a field left out is zero: a flag with no value, for
 * playing, given once, listed under "Playing:". */
const LbFlag LB_FLAGS[] = {
    /* Playing: what is played, how, and where; the window's own flags
     * (sound, pace, screens, what is remembered) go with playing alone. */
    {.name = "--routine",
     .value = "ID|FILE",
     .kind = LB_VALUE_TEXT,
     .modes = PLAYING | RENDERING | CUES | EXPORTING,
     .field = AT(routine),
     .help = "play a routine (see --list)"},
    {.name = "--exercise",
     .value = "ID|FILE",
     .kind = LB_VALUE_TEXT,
     .modes = PLAYING | RENDERING | CUES | CONTACT | EXPORTING,
     .field = AT(exercise),
     .help = "play one exercise"},
    {.name = "--level",
     .value = "beginner|active",
     .kind = LB_VALUE_OTHER,
     .modes = PLAYING | RENDERING | TIMELINE | CONTACT | EXPORTING,
     .read = read_level,
     .bad = "a level (beginner or active)",
     .help = "hold lengths from the sources (default: the level last\nused, else beginner)"},
    {.name = "--hold",
     .value = "S",
     .kind = LB_VALUE_NUMBER,
     .modes = PLAYING | RENDERING | TIMELINE | CONTACT | EXPORTING,
     .field = AT(hold_s),
     .lo = 5,
     .hi = 300,
     .bad = "a number of seconds from 5 to 300",
     .help = "hold every stretch for S seconds (5 to 300)"},
    {.name = "--fullscreen",
     .modes = PLAYING,
     REPEATS,
     .field = AT(fullscreen),
     .help = "fill the screen (desktop fullscreen)"},
    {.name = "--display",
     .value = "N",
     .kind = LB_VALUE_OTHER,
     .modes = PLAYING,
     .read = read_display,
     .bad = "a display number (1 is the first)",
     .help = "open on display N (1 is the first)"},
    {.name = "--mirror",
     .modes = PLAYING | RENDERING | CONTACT | EXPORTING,
     REPEATS,
     .field = AT(mirror),
     .help = "flip the picture left to right, as a mirror"},
    {.name = "--mute", .modes = PLAYING, REPEATS, .field = AT(mute), .help = "no sound (captions still show)"},
    {.name = "--no-mirror",
     .modes = PLAYING,
     REPEATS,
     .field = AT(no_mirror),
     .help = "not mirrored, for this run, whatever was remembered"},
    {.name = "--no-mute",
     .modes = PLAYING,
     REPEATS,
     .field = AT(no_mute),
     .help = "sound on, for this run, whatever was remembered"},
    {.name = "--volume",
     .value = "N",
     .kind = LB_VALUE_WHOLE,
     .modes = PLAYING,
     .field = AT(volume),
     .lo = 0,
     .hi = 100,
     .bad = "a volume from 0 to 100",
     .help = "sound volume, 0 to 100"},
    {.name = "--speed",
     .value = "X",
     .kind = LB_VALUE_NUMBER,
     .modes = PLAYING,
     .field = AT(speed),
     .lo = 0.5,
     .hi = 2.0,
     .bad = "a speed from 0.5 to 2",
     .help = "tempo, 0.5 to 2"},
    {.name = "--music",
     .value = "FILE",
     .kind = LB_VALUE_TEXT,
     .modes = PLAYING,
     .field = AT(music),
     .help = "loop music under the session, lowered under speech"},
    {.name = "--presenter",
     .modes = PLAYING,
     REPEATS,
     .field = AT(presenter),
     .help = "audience window on the TV, console on the laptop"},
    {.name = "--size",
     .value = "WxH",
     .kind = LB_VALUE_OTHER,
     .modes = PLAYING | RENDERING | EXPORTING,
     .read = read_size,
     .bad = "a size WxH (64 to 7680 each, at most 7680x4320 in all)",
     .help = "the window's size (with --render: the frames' size);\n64 to 7680 each way, at most 7680x4320 in all"},
    {.name = "--from",
     .value = "S",
     .kind = LB_VALUE_NUMBER,
     .modes = PLAYING | RENDERING | EXPORTING,
     .field = AT(from_s),
     .lo = 0,
     .hi = 1e6,
     .bad = "a time in seconds",
     .help = "start S seconds into the session"},
    {.name = "--renderer",
     .value = "auto|gpu|software",
     .kind = LB_VALUE_OTHER,
     .modes = PLAYING,
     .read = read_renderer,
     .bad = "auto, gpu or software",
     .help = "how the window is drawn (default auto: the\nGPU, or the CPU drawing only what changed when the\n"
             "only OpenGL is a software one)"},
    {.name = "--quit-after",
     .value = "S",
     .kind = LB_VALUE_NUMBER,
     .modes = PLAYING,
     .field = AT(quit_after_s),
     .lo = 0.001,
     .hi = 1e7,
     .bad = "a positive number of seconds",
     .help = "stop after S seconds of playing"},
    {.name = "--stats",
     .modes = PLAYING,
     REPEATS,
     .field = AT(stats),
     .help = "with --quit-after: print frame statistics"},
    /* a promise scripts (and the benchmark's own runs) give every mode */
    {.name = "--no-settings",
     .modes = LB_MODES_ANY,
     REPEATS,
     .field = AT(no_settings),
     .help = "neither read nor save remembered settings (level, sound,\nvolume, mirror, speed, display; flags "
             "override them)"},

    /* Tools: the flags that choose a mode, and those of --render. */
    {.name = "--list",
     .modes = MODE(LB_MODE_LIST),
     .sets = LB_MODE_LIST,
     REPEATS,
     TOOL,
     .help = "one line per exercise and routine: id<TAB>title"},
    {.name = "--check",
     .value = "[PATH...]",
     .kind = LB_VALUE_PATHS,
     .modes = MODE(LB_MODE_CHECK),
     .sets = LB_MODE_CHECK,
     REPEATS,
     TOOL,
     .help = "validate files, or every .json in a folder (all shipped\nfiles when none given)"},
    {.name = "--timeline",
     .value = "ID|FILE",
     .kind = LB_VALUE_TEXT,
     .modes = TIMELINE,
     .sets = LB_MODE_TIMELINE,
     TOOL,
     .field = AT(timeline_id),
     .help = "print the compiled timeline of a routine or exercise as JSON"},
    {.name = "--cues",
     .modes = CUES,
     .sets = LB_MODE_CUES,
     REPEATS,
     TOOL,
     .help = "print every spoken text, one per line (with --routine or\n--exercise ID: that one's only; with a "
             "FILE: every text\nand that file's, as the voice script needs)"},
    {.name = "--render",
     .value = "DIR",
     .kind = LB_VALUE_TEXT,
     .modes = RENDERING,
     .sets = LB_MODE_RENDER,
     TOOL,
     .field = AT(render_dir),
     .help = "write PNG frames without a display; with --from S,\n--size WxH and the three below"},
    {.name = "--seconds",
     .value = "S",
     .kind = LB_VALUE_NUMBER,
     .modes = RENDERING | EXPORTING,
     TOOL,
     .field = AT(seconds),
     .lo = 0.001,
     .hi = 1e6,
     .bad = "a positive number of seconds",
     .help = "with --render: seconds to write (default: to the end)"},
    {.name = "--fps",
     .value = "N",
     .kind = LB_VALUE_WHOLE,
     .modes = RENDERING | EXPORTING,
     TOOL,
     .field = AT(fps),
     .lo = 1,
     .hi = 240,
     .bad = "a frame rate from 1 to 240",
     .help = "with --render: frames a second, 1 to 240 (default 60)"},
    {.name = "--audio-out",
     .value = "FILE.wav",
     .kind = LB_VALUE_OUTPUT,
     .modes = RENDERING,
     TOOL,
     .field = AT(audio_out),
     .ext = ".wav",
     .bad = "a file name ending in .wav (the sound is written as WAV)",
     .help = "with --render: the sound too, as WAV"},
    {.name = "--home",
     .modes = RENDERING,
     TOOL,
     .field = AT(home),
     .help = "with --render: the home screen (its cards and moving\npreviews) instead of a session; one frame "
             "unless\n--seconds"},
    {.name = "--export",
     .value = "FILE.mp4|.webm|.gif",
     .kind = LB_VALUE_OTHER,
     .modes = EXPORTING,
     .sets = LB_MODE_EXPORT,
     TOOL,
     .read = read_export,
     .bad = "a file name ending in .mp4, .webm or .gif (the kind of video written)",
     .help = "one video of the session, picture and sound: .mp4 for\nphones and slides, .webm for web pages, .gif a "
             "short\nsilent clip; "
             "with --from, --seconds, --size (1280x720)\nand --fps (30)"},
    {.name = "--contact-sheet",
     .value = "FILE.png",
     .kind = LB_VALUE_OUTPUT,
     .modes = CONTACT,
     .sets = LB_MODE_CONTACT,
     TOOL,
     .field = AT(contact_sheet),
     .ext = ".png",
     .bad = "a file name ending in .png (the sheet is a PNG)",
     .help = "key poses of --exercise ID on one image"},
    {.name = "--no-captions",
     .modes = CONTACT,
     REPEATS,
     TOOL,
     .field = AT(no_captions),
     .help = "with --contact-sheet: cells numbered only, no words (the\nlines printed still give each cell's time and "
             "step)"},
    {.name = "--bench",
     .modes = MODE(LB_MODE_BENCH),
     .sets = LB_MODE_BENCH,
     REPEATS,
     TOOL,
     .help = "performance figures, one 'name value unit' a line"},
    {.name = "--data",
     .value = "DIR",
     .kind = LB_VALUE_TEXT,
     .modes = LB_MODES_ANY,
     TOOL,
     .field = AT(data_dir),
     .help = "read anims/ and assets/ from DIR"},
    {.name = "--help", .modes = MODE(LB_MODE_HELP), .sets = LB_MODE_HELP, REPEATS, TOOL, .help = "this text (-h too)"},
    {.name = "--version",
     .modes = MODE(LB_MODE_VERSION),
     .sets = LB_MODE_VERSION,
     REPEATS,
     TOOL,
     .help = "the version"},
};
const int LB_N_FLAGS = (int)(sizeof LB_FLAGS / sizeof LB_FLAGS[0]);

const char *lb_cli_mode_flag(LbMode m)
{
    for (int k = 0; k < LB_N_FLAGS; k++)
        if (m != LB_MODE_PLAY && LB_FLAGS[k].sets == m)
            return LB_FLAGS[k].name;
    return "playing in a window";
}

void lb_cli_modes_text(unsigned mask, bool markdown, char *out, size_t n)
{
    static const LbMode order[] = {LB_MODE_PLAY, LB_MODE_RENDER, LB_MODE_EXPORT, LB_MODE_TIMELINE, LB_MODE_CONTACT,
                                   LB_MODE_CUES, LB_MODE_LIST,   LB_MODE_CHECK,  LB_MODE_BENCH};
    enum { N_ORDER = sizeof order / sizeof order[0] };
    const char *names[N_ORDER];
    int k = 0;
    for (int i = 0; i < N_ORDER; i++)
        if (mask & MODE(order[i]))
            names[k++] = order[i] == LB_MODE_PLAY ? (mask == PLAYING ? "playing in a window" : "playing")
                                                  : lb_cli_mode_flag(order[i]);
    size_t used = 0;
    out[0] = '\0';
    if (markdown && mask == LB_MODES_ANY)
        k = 0, snprintf(out, n, "every mode");
    for (int i = 0; i < k && used < n; i++) {
        const char *sep = i == 0 ? "" : i == k - 1 && !markdown ? " or " : ", ";
        const char *tick = markdown && names[i][0] == '-' ? "`" : "";
        used += (size_t)snprintf(out + used, n - used, "%s%s%s%s", sep, tick, names[i], tick);
    }
}

static const LbFlag *find_flag(const char *name)
{
    if (!strcmp(name, "-h"))
        name = "--help";
    for (int k = 0; k < LB_N_FLAGS; k++)
        if (!strcmp(LB_FLAGS[k].name, name))
            return &LB_FLAGS[k];
    return NULL;
}

/* Reads val into o as flag f says (f's field, or its own function); false
 * when val is not a good value for it. */
static bool store(const LbFlag *f, const char *val, LbOptions *o)
{
    void *at = (char *)o + f->field;
    switch (f->kind) {
    case LB_VALUE_NONE:
        if (f->sets == LB_MODE_PLAY) /* a mode's own flag has nothing to store */
            *(bool *)at = true;
        return true;
    case LB_VALUE_TEXT: *(const char **)at = val; return true;
    case LB_VALUE_NUMBER: return parse_double(val, f->lo, f->hi, (double *)at);
    case LB_VALUE_WHOLE: return parse_digits(val, f->lo, f->hi, (int *)at);
    case LB_VALUE_OUTPUT:
        if (!output_named(val, f->ext))
            return false;
        *(const char **)at = val;
        return true;
    case LB_VALUE_OTHER: return f->read(val, o);
    case LB_VALUE_PATHS: break;
    }
    return false;
}

/* The checks between flags, once all are read; 0, or 2 with msg. */
static int check_together(const LbOptions *o, const int *given, int n_given, char *msg, size_t n)
{
    const char *why = NULL;
    if (o->routine && o->exercise)
        why = "--routine and --exercise name different things; give one";
    else if (o->mute && o->no_mute)
        why = "--mute and --no-mute say opposite things; give one";
    else if (o->mirror && o->no_mirror)
        why = "--mirror and --no-mirror say opposite things; give one";
    if (why) {
        snprintf(msg, n, "%s", why);
        return 2;
    }
    if (o->mode == LB_MODE_TIMELINE && (o->routine || o->exercise)) {
        snprintf(msg, n, "--timeline names what it prints; give it the %s's id or file instead of %s",
                 o->routine ? "routine" : "exercise", o->routine ? "--routine" : "--exercise");
        return 2;
    }
    if (o->width > 0 && o->mode == LB_MODE_CONTACT)
        why = "--size goes with playing or --render (a contact sheet's cells are 480x270 each)";
    /* Music plays through the sound device; the rendered sound holds the
     * voice, beeps and tones only, so say so rather than drop it. */
    else if (o->music && (o->mode == LB_MODE_RENDER || o->mode == LB_MODE_EXPORT))
        why = "--music plays only in the window; the sound written has no music";
    else if (o->mode == LB_MODE_CONTACT && !o->exercise)
        why = "--contact-sheet needs --exercise ID";
    else if (o->home && (o->routine || o->exercise))
        why = "--home renders the home screen, not a session; leave out --routine and --exercise";
    if (why) {
        snprintf(msg, n, "%s", why);
        return 2;
    }
    for (int i = 0; i < n_given; i++) {
        const LbFlag *f = &LB_FLAGS[given[i]];
        if (!(f->modes & MODE(o->mode))) {
            char where[160];
            lb_cli_modes_text(f->modes, false, where, sizeof where);
            snprintf(msg, n, "%s goes with %s, not with %s", f->name, where, lb_cli_mode_flag(o->mode));
            return 2;
        }
    }
    if (o->stats && o->quit_after_s <= 0) {
        snprintf(msg, n, "--stats goes with --quit-after S");
        return 2;
    }
    return 0;
}

/* Splits "--flag=value" (a name that fits in flag) or takes a as it is. */
static const char *split_flag(const char *a, char *flag, size_t size)
{
    const char *eq = strchr(a, '=');
    if (strncmp(a, "--", 2) == 0 && eq && (size_t)(eq - a) < size) {
        memcpy(flag, a, (size_t)(eq - a));
        flag[eq - a] = '\0';
        return eq + 1;
    }
    snprintf(flag, size, "%s", a);
    return NULL;
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
    bool seen[sizeof LB_FLAGS / sizeof LB_FLAGS[0]] = {0};
    int given[sizeof LB_FLAGS / sizeof LB_FLAGS[0]], n_given = 0; /* in the order first given */
    for (int i = 1; i < argc; i++) {
        char flag[64];
        const char *val = split_flag(argv[i], flag, sizeof flag);
        const LbFlag *f = find_flag(flag);
        if (!f && argv[i][0] != '-') {
            snprintf(msg, n,
                     "'%s' is not an option (options start with --); to play an exercise or a routine, "
                     "give --exercise %s or --routine %s",
                     argv[i], argv[i], argv[i]);
            return 2;
        }
        if (!f) {
            snprintf(msg, n, "unknown option '%s'", argv[i]);
            return 2;
        }
        if (f->kind == LB_VALUE_NONE && val) {
            snprintf(msg, n, "%s takes no value (given '%s')", flag, val);
            return 2;
        }
        if (f->kind != LB_VALUE_NONE && f->kind != LB_VALUE_PATHS && !val) {
            if (i + 1 >= argc) {
                snprintf(msg, n, "%s needs a value", flag);
                return 2;
            }
            val = argv[++i];
        }
        if (f->sets == LB_MODE_HELP || f->sets == LB_MODE_VERSION) {
            o->mode = f->sets;
            return 0;
        }
        if (f->sets != LB_MODE_PLAY && o->mode != LB_MODE_PLAY && o->mode != f->sets) {
            snprintf(msg, n, "%s cannot be combined with another tool mode", flag);
            return 2;
        }
        if (f->sets != LB_MODE_PLAY)
            o->mode = f->sets;
        if (f->kind == LB_VALUE_PATHS) {
            if (val && !*val) {
                snprintf(msg, n, "%s= names no file; give %s PATH, or %s alone for every shipped file", flag, flag,
                         flag);
                return 2;
            }
            if (val)
                o->check_paths[o->n_check_paths++] = val; /* --check=PATH */
            while (i + 1 < argc && strncmp(argv[i + 1], "--", 2) != 0)
                o->check_paths[o->n_check_paths++] = argv[++i];
        } else if (!store(f, val, o)) {
            snprintf(msg, n, "%s: '%s' is not %s", flag, val, f->bad);
            return 2;
        }
        int k = (int)(f - LB_FLAGS);
        if (seen[k] && !f->repeats) {
            snprintf(msg, n, "%s is given twice; give it once", flag);
            return 2;
        }
        if (!seen[k])
            given[n_given++] = k;
        seen[k] = true;
    }
    return check_together(o, given, n_given, msg, n);
}

/* "  --hold S" and its text, the text's lines from column 24. */
static void print_flag(FILE *f, const LbFlag *r)
{
    char left[64];
    int w = snprintf(left, sizeof left, "  %s%s%s", r->name, r->value ? " " : "", r->value ? r->value : "");
    fprintf(f, "%-*s", w <= 22 ? 24 : w + 2, left);
    for (const char *p = r->help; *p; p++) {
        fputc(*p, f);
        if (*p == '\n')
            fprintf(f, "%24s", "");
    }
    fputc('\n', f);
}

static void print_flags(FILE *f, bool tools)
{
    for (int k = 0; k < LB_N_FLAGS; k++)
        if (LB_FLAGS[k].tool == tools)
            print_flag(f, &LB_FLAGS[k]);
}

void lb_cli_print_help(FILE *f)
{
    fputs("Usage: limber [OPTIONS]\n"
          "Plays animated demonstrations of back-care stretches with a countdown,\n"
          "captions and spoken cues. With no options it opens the home screen,\n"
          "where you choose a routine or an exercise, the level, and play.\n"
          "\n"
          "Playing:\n",
          f);
    print_flags(f, false);
    fputs("\n"
          "While playing: Space pause, arrows or a clicker's Page Up / Page Down step,\n"
          "Up / Down change exercise, H shows every key. Level, sound, volume, mirror,\n"
          "speed and display are remembered between runs.\n"
          "\n"
          "Tools:\n",
          f);
    print_flags(f, true);
    fputs("\n"
          "Options that take a value also take --option=value, once each. A flag the\n"
          "chosen mode has no use for is refused, not ignored (README: which go where).\n"
          "Exit status: 0 done, 1 invalid content or a failed operation, 2 wrong usage,\n"
          "130 a --render stopped by Ctrl+C (the frames it wrote are whole).\n",
          f);
}
