/* lm_json: bounded file reading, cJSON parsing with line/column errors, and
 * typed getters that report file + JSON path + problem. */
#include "lm_json.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static void line_col(const char *buf, size_t upto, int *line, int *col)
{
    int l = 1, c = 1;
    for (size_t i = 0; i < upto; i++) {
        if (buf[i] == '\n') {
            l++;
            c = 1;
        } else {
            c++;
        }
    }
    *line = l;
    *col = c;
}

/* Offset of the first byte that is not well-formed UTF-8 (RFC 3629: no
 * overlong forms, no surrogates, nothing above U+10FFFF), or len. */
static size_t utf8_bad_at(const unsigned char *s, size_t len)
{
    size_t i = 0;
    while (i < len) {
        unsigned c = s[i];
        size_t n;
        unsigned lo = 0x80, hi = 0xBF; /* allowed range of the second byte */
        if (c < 0x80) {
            i++;
            continue;
        } else if (c >= 0xC2 && c <= 0xDF) {
            n = 1;
        } else if (c >= 0xE0 && c <= 0xEF) {
            n = 2;
            if (c == 0xE0)
                lo = 0xA0; /* overlong */
            if (c == 0xED)
                hi = 0x9F; /* surrogates */
        } else if (c >= 0xF0 && c <= 0xF4) {
            n = 3;
            if (c == 0xF0)
                lo = 0x90; /* overlong */
            if (c == 0xF4)
                hi = 0x8F; /* above U+10FFFF */
        } else {
            return i;
        }
        if (i + n >= len) /* the sequence is cut off */
            return i;
        for (size_t k = 1; k <= n; k++) {
            unsigned b = s[i + k];
            if (k == 1 ? (b < lo || b > hi) : (b < 0x80 || b > 0xBF))
                return i;
        }
        i += n + 1;
    }
    return len;
}

static bool is_ws(char ch) { return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r'; }

/* One pass over the text outside strings, before cJSON sees it. The depth
 * of [ and { is capped so cJSON's recursion stays shallow (`where` is the
 * bracket that goes too deep). *cut_from is where a parse error means the
 * text was cut off: the opening quote of a string that never closes, or
 * the last character when brackets are still open (and none was closed
 * wrongly); SIZE_MAX when the text is complete. */
static bool scan_ok(const char *buf, size_t len, size_t *where, size_t *cut_from)
{
    char open[LM_JSON_MAX_DEPTH];
    int depth = 0;
    bool in_str = false, mismatch = false;
    size_t str_start = 0;
    for (size_t i = 0; i < len; i++) {
        char ch = buf[i];
        if (in_str) {
            if (ch == '\\')
                i++;
            else if (ch == '"')
                in_str = false;
        } else if (ch == '"') {
            in_str = true;
            str_start = i;
        } else if (ch == '[' || ch == '{') {
            if (depth >= LM_JSON_MAX_DEPTH) {
                *where = i;
                return false;
            }
            open[depth++] = ch;
        } else if (ch == ']' || ch == '}') {
            if (depth > 0 && open[depth - 1] == (ch == ']' ? '[' : '{'))
                depth--;
            else
                mismatch = true;
        }
    }
    size_t text_end = len;
    while (text_end > 0 && is_ws(buf[text_end - 1]))
        text_end--;
    if (in_str)
        *cut_from = str_start;
    else if (depth > 0 && !mismatch && text_end > 0)
        *cut_from = text_end - 1;
    else
        *cut_from = SIZE_MAX;
    return true;
}

cJSON *lm_json_parse_buffer(const char *name, const char *buf, size_t len, LmErrors *err)
{
    /* Some editors start UTF-8 files with a byte-order mark; RFC 8259 lets
     * a reader ignore it, and positions then count as the editor shows. */
    if (len >= 3 && memcmp(buf, "\xef\xbb\xbf", 3) == 0) {
        buf += 3;
        len -= 3;
    }
    size_t i = 0;
    while (i < len && is_ws(buf[i]))
        i++;
    if (i == len) {
        lm_err_add(err, name, NULL, "the file is empty");
        return NULL;
    }
    if (memchr(buf, '\0', len)) {
        lm_err_add(err, name, NULL, "not a text file (it contains a NUL byte)");
        return NULL;
    }
    size_t bad = utf8_bad_at((const unsigned char *)buf, len);
    if (bad < len) {
        int l, c;
        line_col(buf, bad, &l, &c);
        lm_err_add(err, name, NULL, "line %d, column %d: not UTF-8 text", l, c);
        return NULL;
    }
    size_t where = 0;
    size_t cut_from = SIZE_MAX;
    if (!scan_ok(buf, len, &where, &cut_from)) {
        int l, c;
        line_col(buf, where, &l, &c);
        lm_err_add(err, name, NULL, "line %d, column %d: nested deeper than %d levels", l, c, LM_JSON_MAX_DEPTH);
        return NULL;
    }
    const char *end = NULL;
    cJSON *root = cJSON_ParseWithLengthOpts(buf, len, &end, false);
    if (!root) {
        size_t off = end && end >= buf && end <= buf + len ? (size_t)(end - buf) : len;
        int l, c;
        if (off >= cut_from) {
            /* Report where the text stops: after its last non-blank character. */
            size_t text_end = len;
            while (text_end > 0 && is_ws(buf[text_end - 1]))
                text_end--;
            line_col(buf, text_end, &l, &c);
            lm_err_add(err, name, NULL, "line %d, column %d: the JSON ends too soon (truncated?)", l, c);
        } else {
            /* Quote the text at the error, up to the end of its line. */
            int n = 0;
            while (n < 12 && off + (size_t)n < len && buf[off + (size_t)n] != '\n' && buf[off + (size_t)n] != '\r')
                n++;
            line_col(buf, off, &l, &c);
            lm_err_add(err, name, NULL, "line %d, column %d: invalid JSON near '%.*s'", l, c, n, buf + off);
        }
        return NULL;
    }
    /* Only white space may follow the document. */
    size_t off = (size_t)(end - buf);
    while (off < len && is_ws(buf[off]))
        off++;
    if (off < len) {
        int l, c;
        line_col(buf, off, &l, &c);
        lm_err_add(err, name, NULL, "line %d, column %d: unexpected text after the JSON document", l, c);
        cJSON_Delete(root);
        return NULL;
    }
    return root;
}

cJSON *lm_json_load_file(const char *path, LmErrors *err)
{
    struct stat st;
    if (stat(path, &st) != 0) {
        lm_err_add(err, path, NULL, "cannot open: %s", strerror(errno));
        return NULL;
    }
    if (S_ISDIR(st.st_mode)) {
        lm_err_add(err, path, NULL, "is a directory, expected a JSON file");
        return NULL;
    }
    if (!S_ISREG(st.st_mode)) {
        lm_err_add(err, path, NULL, "is not a regular file");
        return NULL;
    }
    if ((unsigned long long)st.st_size > LM_JSON_MAX_BYTES) {
        lm_err_add(err, path, NULL, "too large (%lld bytes; the limit is %u)", (long long)st.st_size,
                   LM_JSON_MAX_BYTES);
        return NULL;
    }
    FILE *f = fopen(path, "rb");
    if (!f) {
        lm_err_add(err, path, NULL, "cannot open: %s", strerror(errno));
        return NULL;
    }
    /* Read up to one byte past the cap: the file may grow while we read it. */
    char *buf = malloc(LM_JSON_MAX_BYTES + 1);
    if (!buf) {
        fclose(f);
        lm_err_add(err, path, NULL, "out of memory");
        return NULL;
    }
    size_t n = fread(buf, 1, LM_JSON_MAX_BYTES + 1, f);
    bool rerr = ferror(f) != 0;
    fclose(f);
    cJSON *root = NULL;
    if (rerr)
        lm_err_add(err, path, NULL, "read error");
    else if (n > LM_JSON_MAX_BYTES)
        lm_err_add(err, path, NULL, "too large (over %u bytes)", LM_JSON_MAX_BYTES);
    else
        root = lm_json_parse_buffer(path, buf, n, err);
    free(buf);
    return root;
}

void lm_j_init(LmJ *j, const char *file, LmErrors *err)
{
    j->file = file;
    j->err = err;
    j->path[0] = '$';
    j->path[1] = '\0';
    j->len = 1;
    j->n_errors = 0;
}

#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
static size_t
push(LmJ *j, const char *fmt, ...)
{
    size_t mark = j->len;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(j->path + j->len, sizeof j->path - j->len, fmt, ap);
    va_end(ap);
    if (n > 0) {
        j->len += (size_t)n;
        if (j->len >= sizeof j->path)
            j->len = sizeof j->path - 1;
    }
    return mark;
}

size_t lm_j_key(LmJ *j, const char *key) { return push(j, ".%s", key); }
size_t lm_j_index(LmJ *j, int i) { return push(j, "[%d]", i); }
void lm_j_pop(LmJ *j, size_t mark)
{
    j->len = mark;
    j->path[mark] = '\0';
}

void lm_j_error(LmJ *j, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    lm_err_addv(j->err, j->file, j->path, fmt, ap);
    va_end(ap);
    j->n_errors++;
}

const char *lm_j_type_name(const cJSON *v)
{
    if (!v)
        return "nothing";
    if (cJSON_IsNumber(v))
        return "a number";
    if (cJSON_IsString(v))
        return "a string";
    if (cJSON_IsBool(v))
        return "a boolean";
    if (cJSON_IsNull(v))
        return "null";
    if (cJSON_IsArray(v))
        return "an array";
    if (cJSON_IsObject(v))
        return "an object";
    return "an invalid value";
}

bool lm_j_is_object(LmJ *j, const cJSON *obj)
{
    if (cJSON_IsObject(obj))
        return true;
    lm_j_error(j, "expected an object, got %s", lm_j_type_name(obj));
    return false;
}

typedef struct {
    const char *key;
    int pos;
} KeyAt;

static int cmp_key_at(const void *pa, const void *pb)
{
    const KeyAt *a = pa, *b = pb;
    int c = strcmp(a->key, b->key);
    return c ? c : (a->pos > b->pos) - (a->pos < b->pos);
}

void lm_j_known_keys(LmJ *j, const cJSON *obj, const char *const *allowed)
{
    if (!cJSON_IsObject(obj))
        return;
    /* Duplicates by sorting the keys once (a 4 MB file can hold 300000 of
     * them; comparing each with every earlier one took minutes). */
    int n = 0;
    for (const cJSON *c = obj->child; c; c = c->next)
        n++;
    KeyAt *ka = malloc(((size_t)n + 1) * sizeof *ka);
    bool *dup = calloc((size_t)n + 1, sizeof *dup);
    if (!ka || !dup) {
        free(ka);
        free(dup);
        lm_j_error(j, "out of memory");
        return;
    }
    int i = 0;
    for (const cJSON *c = obj->child; c; c = c->next, i++)
        ka[i] = (KeyAt){c->string ? c->string : "", i};
    qsort(ka, (size_t)n, sizeof *ka, cmp_key_at);
    for (i = 1; i < n; i++)
        if (strcmp(ka[i].key, ka[i - 1].key) == 0)
            dup[ka[i].pos] = true;
    i = 0;
    for (const cJSON *c = obj->child; c; c = c->next, i++) {
        bool ok = false;
        for (const char *const *a = allowed; *a && !ok; a++)
            ok = c->string && strcmp(c->string, *a) == 0;
        size_t m = lm_j_key(j, c->string ? c->string : "?");
        if (!ok)
            lm_j_error(j, "unknown key (a typo?)");
        if (dup[i])
            lm_j_error(j, "duplicate key");
        lm_j_pop(j, m);
    }
    free(ka);
    free(dup);
}

bool lm_j_value_number(LmJ *j, const cJSON *v, double lo, double hi, double *out)
{
    if (!cJSON_IsNumber(v)) {
        lm_j_error(j, "expected a number, got %s", lm_j_type_name(v));
        return false;
    }
    double d = v->valuedouble;
    if (!isfinite(d)) {
        lm_j_error(j, "the number is not finite");
        return false;
    }
    if (d < lo || d > hi) {
        lm_j_error(j, "%g is out of range (%g to %g)", d, lo, hi);
        return false;
    }
    *out = d;
    return true;
}

/* Common prologue: find obj[key]; report when required and missing. */
static const cJSON *field(LmJ *j, const cJSON *obj, const char *key, bool required, bool *missing_ok)
{
    const cJSON *v = cJSON_IsObject(obj) ? cJSON_GetObjectItemCaseSensitive(obj, key) : NULL;
    *missing_ok = false;
    if (!v) {
        if (required) {
            size_t m = lm_j_key(j, key);
            lm_j_error(j, "missing (required)");
            lm_j_pop(j, m);
        } else {
            *missing_ok = true;
        }
    }
    return v;
}

bool lm_j_number(LmJ *j, const cJSON *obj, const char *key, bool required, double lo, double hi, double *out)
{
    bool ok;
    const cJSON *v = field(j, obj, key, required, &ok);
    if (!v)
        return ok;
    size_t m = lm_j_key(j, key);
    bool r = lm_j_value_number(j, v, lo, hi, out);
    lm_j_pop(j, m);
    return r;
}

bool lm_j_int(LmJ *j, const cJSON *obj, const char *key, bool required, int lo, int hi, int *out)
{
    double d = 0;
    bool ok;
    const cJSON *v = field(j, obj, key, required, &ok);
    if (!v)
        return ok;
    size_t m = lm_j_key(j, key);
    bool r = lm_j_value_number(j, v, lo, hi, &d);
    if (r && d != floor(d)) {
        lm_j_error(j, "expected a whole number, got %g", d);
        r = false;
    }
    if (r)
        *out = (int)d;
    lm_j_pop(j, m);
    return r;
}

bool lm_j_bool(LmJ *j, const cJSON *obj, const char *key, bool required, bool *out)
{
    bool ok;
    const cJSON *v = field(j, obj, key, required, &ok);
    if (!v)
        return ok;
    if (!cJSON_IsBool(v)) {
        size_t m = lm_j_key(j, key);
        lm_j_error(j, "expected true or false, got %s", lm_j_type_name(v));
        lm_j_pop(j, m);
        return false;
    }
    *out = cJSON_IsTrue(v);
    return true;
}

const char *lm_text_problem(const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        /* U+0085, U+2028 and U+2029 break lines too */
        if ((p[0] == 0xC2 && p[1] == 0x85) || (p[0] == 0xE2 && p[1] == 0x80 && (p[2] == 0xA8 || p[2] == 0xA9)))
            return "has a line break; a text is one line, wrapped on screen as it fits";
        if (*p < 0x20 || *p == 0x7f)
            return *p == '\n' || *p == '\r' ? "has a line break; a text is one line, wrapped on screen as it fits"
                   : *p == '\t'             ? "has a tab; use spaces"
                                            : "has a control character";
    }
    return NULL;
}

bool lm_j_string(LmJ *j, const cJSON *obj, const char *key, bool required, size_t max_len, char **out)
{
    bool ok;
    const cJSON *v = field(j, obj, key, required, &ok);
    if (!v)
        return ok;
    size_t m = lm_j_key(j, key);
    bool r = false;
    if (!cJSON_IsString(v) || !v->valuestring)
        lm_j_error(j, "expected a string, got %s", lm_j_type_name(v));
    else if (!v->valuestring[0])
        lm_j_error(j, "must not be empty");
    else if (strlen(v->valuestring) > max_len)
        lm_j_error(j, "too long (%zu characters; at most %zu)", strlen(v->valuestring), max_len);
    else if (lm_text_problem(v->valuestring))
        lm_j_error(j, "%s", lm_text_problem(v->valuestring));
    else {
        free(*out);
        *out = lm_strdup(v->valuestring);
        r = *out != NULL;
    }
    lm_j_pop(j, m);
    return r;
}

bool lm_j_numbers(LmJ *j, const cJSON *obj, const char *key, bool required, int n, double lo, double hi, double *out)
{
    bool ok;
    const cJSON *v = field(j, obj, key, required, &ok);
    if (!v)
        return ok;
    size_t m = lm_j_key(j, key);
    bool r = true;
    if (!cJSON_IsArray(v)) {
        lm_j_error(j, "expected an array of %d numbers, got %s", n, lm_j_type_name(v));
        r = false;
    } else if (cJSON_GetArraySize(v) != n) {
        lm_j_error(j, "expected %d numbers, got %d", n, cJSON_GetArraySize(v));
        r = false;
    } else {
        int i = 0;
        for (const cJSON *c = v->child; c; c = c->next, i++) {
            size_t mi = lm_j_index(j, i);
            double d = 0;
            if (!lm_j_value_number(j, c, lo, hi, &d))
                r = false;
            else
                out[i] = d;
            lm_j_pop(j, mi);
        }
    }
    lm_j_pop(j, m);
    return r;
}
