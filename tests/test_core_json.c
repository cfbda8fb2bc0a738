/* test_core_json: the bounded JSON reader and the typed getters (lm_json):
 * every refusal names the file and says what is wrong and where. */
#define _POSIX_C_SOURCE 200809L
#include <stdlib.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "lm_json.h"
#include "lt.h"

static char tmp_dir[64];

/* Write a scratch file and return its path (a static buffer per call slot). */
static const char *write_tmp(const char *name, const char *data, size_t len)
{
    static char paths[8][128];
    static int slot;
    char *p = paths[slot++ % 8];
    snprintf(p, 128, "%s/%s", tmp_dir, name);
    FILE *f = fopen(p, "wb");
    if (!f)
        return p;
    if (len)
        fwrite(data, 1, len, f);
    fclose(f);
    return p;
}

/* Parse text; on failure return the one message (owned by the caller). */
static char *parse_error(const char *text)
{
    LmErrors err = {0};
    cJSON *root = lm_json_parse_buffer("in.json", text, strlen(text), &err);
    char *msg = NULL;
    if (root)
        cJSON_Delete(root);
    else if (err.count == 1)
        msg = lm_strdup(err.items[0]);
    else
        msg = lm_strfmt("(%d messages)", err.count);
    lm_err_clear(&err);
    return msg;
}

static char *load_error(const char *path)
{
    LmErrors err = {0};
    cJSON *root = lm_json_load_file(path, &err);
    char *msg = NULL;
    if (root)
        cJSON_Delete(root);
    else if (err.count == 1)
        msg = lm_strdup(err.items[0]);
    else
        msg = lm_strfmt("(%d messages)", err.count);
    lm_err_clear(&err);
    return msg;
}

#define EXPECT_LOAD_ERROR(path, text)                                                                                  \
    do {                                                                                                               \
        char *m_ = load_error(path);                                                                                   \
        LT_CHECK_MSG(m_ != NULL, "%s loaded, expected an error", path);                                                \
        LT_STR_CONTAINS(m_, text);                                                                                     \
        free(m_);                                                                                                      \
    } while (0)

#define EXPECT_PARSE_ERROR(json, text)                                                                                 \
    do {                                                                                                               \
        char *m_ = parse_error(json);                                                                                  \
        LT_CHECK_MSG(m_ != NULL, "parsed, expected an error: %s", json);                                               \
        LT_STR_CONTAINS(m_, text);                                                                                     \
        free(m_);                                                                                                      \
    } while (0)

static void load_reports_a_missing_file(void)
{
    char path[128];
    snprintf(path, sizeof path, "%s/no-such-file.json", tmp_dir);
    char want[200];
    snprintf(want, sizeof want, "%s: cannot open: No such file or directory", path);
    EXPECT_LOAD_ERROR(path, want);
}

static void load_refuses_a_directory(void)
{
    char want[200];
    snprintf(want, sizeof want, "%s: is a directory, expected a JSON file", tmp_dir);
    EXPECT_LOAD_ERROR(tmp_dir, want);
}

static void load_refuses_empty_and_whitespace_only_files(void)
{
    const char *empty = write_tmp("empty.json", "", 0);
    char want[200];
    snprintf(want, sizeof want, "%s: the file is empty", empty);
    EXPECT_LOAD_ERROR(empty, want);
    const char *ws = write_tmp("ws.json", " \n\t\r\n  ", 7);
    snprintf(want, sizeof want, "%s: the file is empty", ws);
    EXPECT_LOAD_ERROR(ws, want);
}

static void load_refuses_a_file_over_the_size_limit(void)
{
    /* Valid JSON padded with spaces: one byte over the cap is refused, the
     * cap itself is fine. */
    size_t n = LM_JSON_MAX_BYTES;
    char *buf = malloc(n + 1);
    LT_CHECK(buf != NULL);
    if (!buf)
        return;
    memset(buf, ' ', n + 1);
    buf[0] = '[';
    buf[n - 1] = ']';
    const char *at_cap = write_tmp("at-cap.json", buf, n);
    LmErrors err = {0};
    cJSON *root = lm_json_load_file(at_cap, &err);
    LT_CHECK_MSG(cJSON_IsArray(root), "a file of exactly %u bytes was refused: %s", LM_JSON_MAX_BYTES,
                 err.count ? err.items[0] : "");
    cJSON_Delete(root);
    lm_err_clear(&err);
    buf[n - 1] = ' ';
    buf[n] = ']';
    const char *over = write_tmp("over-cap.json", buf, n + 1);
    char want[200];
    snprintf(want, sizeof want, "%s: too large (%u bytes; the limit is %u)", over, LM_JSON_MAX_BYTES + 1,
             LM_JSON_MAX_BYTES);
    EXPECT_LOAD_ERROR(over, want);
    free(buf);
}

static void load_and_parse_refuse_a_nul_byte(void)
{
    static const char text[] = "{\"a\": 1}\0 ";
    const char *p = write_tmp("nul.json", text, sizeof text - 1);
    EXPECT_LOAD_ERROR(p, "it contains a NUL byte");
    LmErrors err = {0};
    LT_CHECK(lm_json_parse_buffer("b.json", text, sizeof text - 1, &err) == NULL);
    LT_CHECK(err.count == 1);
    if (err.count == 1)
        LT_STR_CONTAINS(err.items[0], "b.json: not a text file (it contains a NUL byte)");
    lm_err_clear(&err);
}

static void text_that_is_not_utf8_is_refused(void)
{
    /* A Latin-1 e-acute (0xE9) in a title, as an old editor would save it. */
    EXPECT_PARSE_ERROR("{\n  \"title\": \"Caf\xe9\"\n}", "in.json: line 2, column 16: not UTF-8 text");
    /* Overlong encodings, surrogates and truncated sequences are refused too. */
    EXPECT_PARSE_ERROR("[\"\xc0\xaf\"]", "line 1, column 3: not UTF-8 text");
    EXPECT_PARSE_ERROR("[\"\xed\xa0\x80\"]", "line 1, column 3: not UTF-8 text");
    EXPECT_PARSE_ERROR("[\"\xe2\x82\"]", "line 1, column 3: not UTF-8 text");
    EXPECT_PARSE_ERROR("[\"\xf4\x90\x80\x80\"]", "line 1, column 3: not UTF-8 text");
    /* Real UTF-8 is fine: e-acute, an em dash, an emoji. */
    char *m = parse_error("[\"Caf\xc3\xa9 \xe2\x80\x94 \xf0\x9f\x99\x82\"]");
    LT_CHECK_MSG(m == NULL, "valid UTF-8 refused: %s", m ? m : "");
    free(m);
}

static void a_utf8_byte_order_mark_is_ignored(void)
{
    /* Some editors start UTF-8 files with EF BB BF; the text is still JSON. */
    LmErrors err = {0};
    const char text[] = "\xef\xbb\xbf{\"a\": 1}";
    cJSON *root = lm_json_parse_buffer("bom.json", text, sizeof text - 1, &err);
    LT_CHECK_MSG(root != NULL, "refused: %s", err.count ? err.items[0] : "");
    cJSON_Delete(root);
    lm_err_clear(&err);
    /* Columns count from after the mark, as an editor shows them. */
    EXPECT_PARSE_ERROR("\xef\xbb\xbf{} x", "line 1, column 4: unexpected text after the JSON document");
    EXPECT_PARSE_ERROR("\xef\xbb\xbf \n", "the file is empty");
}

static void truncated_json_reports_line_and_column(void)
{
    /* A document cut off is reported as such, at the end of the text (just
     * after its last character), not as a syntax error at its last comma. */
    EXPECT_PARSE_ERROR("{\n  \"a\": [1,", "in.json: line 2, column 11: the JSON ends too soon (truncated?)");
    EXPECT_PARSE_ERROR("{\n  \"a\": [1,\n\n", "in.json: line 2, column 11: the JSON ends too soon (truncated?)");
    EXPECT_PARSE_ERROR("{\"a\": \"unterminated", "line 1, column 20: the JSON ends too soon");
    EXPECT_PARSE_ERROR("[", "line 1, column 2: the JSON ends too soon");
    EXPECT_PARSE_ERROR("{\"a\": {\"b\": [1, 2]", "line 1, column 19: the JSON ends too soon");
    EXPECT_PARSE_ERROR("{\"a\": 1.5e", "line 1, column 11: the JSON ends too soon");
    /* A wrong closing bracket is a syntax error where it stands. */
    EXPECT_PARSE_ERROR("{\"a\": [1, 2}", "line 1, column 12: invalid JSON near '}'");
    /* So is a mistake before the end, even when the end is missing too. */
    EXPECT_PARSE_ERROR("{\"a\": 1 \"b\": 2", "line 1, column 9: invalid JSON near '\"b\": 2'");
}

static void syntax_error_reports_line_and_column(void)
{
    /* "tru" is not a value; it starts at line 3, column 8. */
    EXPECT_PARSE_ERROR("{\n  \"a\": 1,\n  \"b\": tru,\n  \"c\": 2\n}",
                       "in.json: line 3, column 8: invalid JSON near 'tru,");
    /* A missing comma between members. */
    EXPECT_PARSE_ERROR("{\"a\": 1\n \"b\": 2}", "line 2, column 2: invalid JSON near '\"b\": 2}'");
}

static void deep_nesting_is_refused_before_parsing(void)
{
    char buf[256];
    int n = LM_JSON_MAX_DEPTH;
    /* Exactly at the cap parses. */
    memset(buf, '[', (size_t)n);
    memset(buf + n, ']', (size_t)n);
    buf[2 * n] = '\0';
    char *m = parse_error(buf);
    LT_CHECK_MSG(m == NULL, "%d levels refused: %s", n, m ? m : "");
    free(m);
    /* One more is refused, at the bracket that goes too deep. */
    memset(buf, '[', (size_t)n + 1);
    memset(buf + n + 1, ']', (size_t)n + 1);
    buf[2 * n + 2] = '\0';
    char want[100];
    snprintf(want, sizeof want, "in.json: line 1, column %d: nested deeper than %d levels", n + 1, LM_JSON_MAX_DEPTH);
    EXPECT_PARSE_ERROR(buf, want);
    /* Brackets inside strings do not count. */
    char s[256];
    snprintf(s, sizeof s, "{\"k\": \"%.*s\\\"[[[\"}", 100,
             "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[");
    m = parse_error(s);
    LT_CHECK_MSG(m == NULL, "brackets in a string counted as nesting: %s", m ? m : "");
    free(m);
    /* An unbalanced pile of openers far deeper than the cap is refused
     * without recursion trouble. */
    static char deep[200001];
    memset(deep, '{', sizeof deep - 1);
    EXPECT_PARSE_ERROR(deep, "nested deeper than");
}

static void trailing_garbage_is_refused(void)
{
    EXPECT_PARSE_ERROR("{} x", "in.json: line 1, column 4: unexpected text after the JSON document");
    EXPECT_PARSE_ERROR("{\"a\": 1}\n\n{\"b\": 2}\n", "line 3, column 1: unexpected text after the JSON document");
    /* Trailing white space is fine. */
    char *m = parse_error("{\"a\": 1}\r\n\t \n");
    LT_CHECK(m == NULL);
    free(m);
}

static void parse_accepts_a_buffer_without_terminator(void)
{
    /* The fuzzer hands over exactly len bytes; nothing past them is read. */
    char *buf = malloc(9);
    memcpy(buf, "{\"a\": 12}", 9);
    LmErrors err = {0};
    cJSON *root = lm_json_parse_buffer("x", buf, 9, &err);
    LT_CHECK(root && cJSON_GetObjectItem(root, "a") && cJSON_GetObjectItem(root, "a")->valuedouble == 12);
    cJSON_Delete(root);
    /* Truncated to 8 bytes it is incomplete. */
    root = lm_json_parse_buffer("x", buf, 8, &err);
    LT_CHECK(root == NULL && err.count == 1);
    cJSON_Delete(root);
    lm_err_clear(&err);
    free(buf);
}

/* ---- typed getters -------------------------------------------------- */

typedef struct {
    cJSON *root;
    LmErrors err;
    LmJ j;
} Doc;

static void doc_open(Doc *d, const char *text)
{
    memset(d, 0, sizeof *d);
    d->root = lm_json_parse_buffer("doc.json", text, strlen(text), &d->err);
    LT_CHECK_MSG(d->root != NULL, "fixture does not parse: %s", text);
    lm_j_init(&d->j, "doc.json", &d->err);
}
static void doc_close(Doc *d)
{
    cJSON_Delete(d->root);
    lm_err_clear(&d->err);
}
/* The only error reported so far, or "". */
static const char *only_error(const Doc *d)
{
    if (d->err.count != 1) {
        fprintf(stderr, "  expected one error, have %d\n", d->err.count);
        for (int i = 0; i < d->err.count; i++)
            fprintf(stderr, "    %s\n", d->err.items[i]);
        return "";
    }
    return d->err.items[0];
}

static void getters_report_the_exact_path_and_message(void)
{
    Doc d;
    doc_open(&d, "{\"a\": {\"b\": [1, 2, \"three\"]}}");
    const cJSON *a = cJSON_GetObjectItem(d.root, "a");
    size_t m = lm_j_key(&d.j, "a");
    double v[3] = {0, 0, 0};
    LT_CHECK(!lm_j_numbers(&d.j, a, "b", true, 3, -10, 10, v));
    LT_STR_CONTAINS(only_error(&d), "doc.json: $.a.b[2]: expected a number, got a string");
    /* The good ones were read, and the path is back where it was. */
    LT_CHECK(v[0] == 1 && v[1] == 2);
    lm_j_pop(&d.j, m);
    LT_CHECK(strcmp(d.j.path, "$") == 0);
    LT_CHECK(d.j.n_errors == 1);
    doc_close(&d);
}

static void number_getter_checks_presence_type_range_and_finiteness(void)
{
    Doc d;
    doc_open(&d, "{\"n\": 5, \"s\": \"5\", \"big\": 1e999, \"neg\": -1e999, \"ok\": 0.25}");
    double out = -1;
    LT_CHECK(lm_j_number(&d.j, d.root, "ok", true, 0, 1, &out) && out == 0.25);
    LT_CHECK(d.err.count == 0);

    out = -1;
    LT_CHECK(lm_j_number(&d.j, d.root, "absent", false, 0, 1, &out));
    LT_CHECK(out == -1); /* optional and missing: left alone */
    LT_CHECK(d.err.count == 0);

    LT_CHECK(!lm_j_number(&d.j, d.root, "absent", true, 0, 1, &out));
    LT_STR_CONTAINS(only_error(&d), "doc.json: $.absent: missing (required)");
    lm_err_clear(&d.err);

    LT_CHECK(!lm_j_number(&d.j, d.root, "n", true, 0, 1, &out));
    LT_STR_CONTAINS(only_error(&d), "doc.json: $.n: 5 is out of range (0 to 1)");
    lm_err_clear(&d.err);

    LT_CHECK(!lm_j_number(&d.j, d.root, "s", true, 0, 10, &out));
    LT_STR_CONTAINS(only_error(&d), "doc.json: $.s: expected a number, got a string");
    lm_err_clear(&d.err);

    out = -1;
    LT_CHECK(!lm_j_number(&d.j, d.root, "big", true, -1e308, 1e308, &out));
    LT_STR_CONTAINS(only_error(&d), "doc.json: $.big: the number is not finite");
    lm_err_clear(&d.err);
    LT_CHECK(!lm_j_number(&d.j, d.root, "neg", true, -INFINITY, INFINITY, &out));
    LT_STR_CONTAINS(only_error(&d), "doc.json: $.neg: the number is not finite");
    LT_CHECK(out == -1); /* a refused value is never written */
    LT_CHECK(strcmp(d.j.path, "$") == 0);
    doc_close(&d);
}

static void int_bool_and_string_getters_report_wrong_values(void)
{
    Doc d;
    doc_open(&d, "{\"half\": 2.5, \"three\": 3, \"flag\": 1, \"yes\": true, \"empty\": \"\", \"long\": \"abcdef\","
                 " \"num\": 7, \"name\": \"cat\"}");
    int i = 0;
    LT_CHECK(lm_j_int(&d.j, d.root, "three", true, 0, 10, &i) && i == 3);
    LT_CHECK(!lm_j_int(&d.j, d.root, "half", true, 0, 10, &i));
    LT_STR_CONTAINS(only_error(&d), "$.half: expected a whole number, got 2.5");
    lm_err_clear(&d.err);
    LT_CHECK(!lm_j_int(&d.j, d.root, "three", true, 4, 10, &i));
    LT_STR_CONTAINS(only_error(&d), "$.three: 3 is out of range (4 to 10)");
    lm_err_clear(&d.err);

    bool b = false;
    LT_CHECK(lm_j_bool(&d.j, d.root, "yes", true, &b) && b);
    LT_CHECK(!lm_j_bool(&d.j, d.root, "flag", true, &b));
    LT_STR_CONTAINS(only_error(&d), "doc.json: $.flag: expected true or false, got a number");
    lm_err_clear(&d.err);

    char *s = NULL;
    LT_CHECK(lm_j_string(&d.j, d.root, "name", true, 10, &s) && s && strcmp(s, "cat") == 0);
    LT_CHECK(!lm_j_string(&d.j, d.root, "empty", true, 10, &s));
    LT_STR_CONTAINS(only_error(&d), "$.empty: must not be empty");
    lm_err_clear(&d.err);
    LT_CHECK(!lm_j_string(&d.j, d.root, "long", true, 5, &s));
    LT_STR_CONTAINS(only_error(&d), "$.long: too long (6 characters; at most 5)");
    lm_err_clear(&d.err);
    LT_CHECK(!lm_j_string(&d.j, d.root, "num", true, 5, &s));
    LT_STR_CONTAINS(only_error(&d), "$.num: expected a string, got a number");
    lm_err_clear(&d.err);
    /* The earlier good value survives the failures. */
    LT_CHECK(s && strcmp(s, "cat") == 0);
    free(s);
    doc_close(&d);
}

static void numbers_getter_wants_the_exact_count(void)
{
    Doc d;
    /* A bezier needs four numbers. */
    doc_open(&d,
             "{\"bezier\": [0.25, 0.1, 0.25], \"axis\": \"x\", \"five\": [1, 2, 3, 4, 5], \"nested\": [[1], 2, 3, 4]}");
    double v[5];
    LT_CHECK(!lm_j_numbers(&d.j, d.root, "bezier", true, 4, 0, 1, v));
    LT_STR_CONTAINS(only_error(&d), "doc.json: $.bezier: expected 4 numbers, got 3");
    lm_err_clear(&d.err);
    LT_CHECK(!lm_j_numbers(&d.j, d.root, "five", true, 4, 0, 10, v));
    LT_STR_CONTAINS(only_error(&d), "$.five: expected 4 numbers, got 5");
    lm_err_clear(&d.err);
    LT_CHECK(!lm_j_numbers(&d.j, d.root, "axis", true, 3, -1, 1, v));
    LT_STR_CONTAINS(only_error(&d), "$.axis: expected an array of 3 numbers, got a string");
    lm_err_clear(&d.err);
    LT_CHECK(!lm_j_numbers(&d.j, d.root, "nested", true, 4, 0, 10, v));
    LT_STR_CONTAINS(only_error(&d), "$.nested[0]: expected a number, got an array");
    doc_close(&d);
}

static void unknown_and_duplicate_keys_are_flagged(void)
{
    static const char *const allowed[] = {"title", "hold_s", "moves", NULL};
    Doc d;
    doc_open(&d, "{\"ex\": {\"title\": \"Cat\", \"hodl_s\": 5, \"moves\": [], \"title\": \"Cow\"}}");
    const cJSON *ex = cJSON_GetObjectItem(d.root, "ex");
    size_t m = lm_j_key(&d.j, "ex");
    lm_j_known_keys(&d.j, ex, allowed);
    lm_j_pop(&d.j, m);
    LT_CHECK(d.err.count == 2);
    if (d.err.count == 2) {
        LT_STR_CONTAINS(d.err.items[0], "doc.json: $.ex.hodl_s: unknown key (a typo?)");
        LT_STR_CONTAINS(d.err.items[1], "doc.json: $.ex.title: duplicate key");
    }
    /* Keys are case sensitive. */
    lm_err_clear(&d.err);
    doc_close(&d);
    doc_open(&d, "{\"Title\": 1}");
    lm_j_known_keys(&d.j, d.root, allowed);
    LT_STR_CONTAINS(only_error(&d), "$.Title: unknown key (a typo?)");
    doc_close(&d);
}

static void known_keys_stays_fast_on_a_huge_object(void)
{
    /* A 4 MB file can hold 300000 distinct keys; comparing each with every
     * earlier one to find duplicates took minutes. */
    const int n = 300000;
    cJSON *obj = cJSON_CreateObject();
    char key[32];
    for (int i = 0; i < n; i++) {
        snprintf(key, sizeof key, "k%d", i);
        cJSON_AddItemToObject(obj, key, cJSON_CreateNumber(i));
    }
    cJSON_AddItemToObject(obj, "k0", cJSON_CreateNumber(0)); /* one duplicate, last */
    static const char *const allowed[] = {"moves", NULL};
    LmErrors err = {0};
    LmJ j;
    lm_j_init(&j, "big.json", &err);
    clock_t t0 = clock();
    lm_j_known_keys(&j, obj, allowed);
    double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
    LT_CHECK_MSG(secs < 5.0, "took %.1f s", secs);
    /* Every key is unknown, and the last is also a duplicate. */
    LT_CHECK(err.count + err.dropped == n + 2);
    LT_CHECK(j.n_errors == n + 2);
    LT_CHECK(err.count > 1 && strcmp(err.items[0], "big.json: $.k0: unknown key (a typo?)") == 0 &&
             strcmp(err.items[1], "big.json: $.k1: unknown key (a typo?)") == 0);
    lm_err_clear(&err);
    cJSON_Delete(obj);

    /* Order of the reports is the document's: unknown, then duplicate. */
    Doc d;
    doc_open(&d, "{\"b\": 1, \"a\": 2, \"b\": 3, \"zz\": 4, \"a\": 5, \"b\": 6}");
    static const char *const ab[] = {"a", "b", NULL};
    lm_j_known_keys(&d.j, d.root, ab);
    LT_CHECK(d.err.count == 4);
    if (d.err.count == 4) {
        LT_STR_CONTAINS(d.err.items[0], "$.b: duplicate key");
        LT_STR_CONTAINS(d.err.items[1], "$.zz: unknown key");
        LT_STR_CONTAINS(d.err.items[2], "$.a: duplicate key");
        LT_STR_CONTAINS(d.err.items[3], "$.b: duplicate key");
    }
    doc_close(&d);
}

static void type_names_and_object_check(void)
{
    Doc d;
    doc_open(&d, "[null, true, 1, \"s\", [], {}]");
    const char *want[] = {"null", "a boolean", "a number", "a string", "an array", "an object"};
    int i = 0;
    for (const cJSON *c = d.root->child; c; c = c->next, i++)
        LT_CHECK(strcmp(lm_j_type_name(c), want[i]) == 0);
    LT_CHECK(strcmp(lm_j_type_name(NULL), "nothing") == 0);
    size_t m = lm_j_index(&d.j, 4);
    LT_CHECK(!lm_j_is_object(&d.j, cJSON_GetArrayItem(d.root, 4)));
    lm_j_pop(&d.j, m);
    LT_STR_CONTAINS(only_error(&d), "doc.json: $[4]: expected an object, got an array");
    doc_close(&d);
}

static void long_paths_are_truncated_safely_and_pop_back(void)
{
    LmErrors err = {0};
    LmJ j;
    lm_j_init(&j, "p.json", &err);
    size_t marks[200];
    for (int i = 0; i < 200; i++)
        marks[i] = lm_j_key(&j, "a_rather_long_key_name");
    LT_CHECK(strlen(j.path) < LM_JSON_PATH_MAX);
    LT_CHECK(strncmp(j.path, "$.a_rather_long_key_name.", 25) == 0);
    lm_j_error(&j, "deep");
    LT_CHECK(err.count == 1);
    for (int i = 199; i >= 0; i--)
        lm_j_pop(&j, marks[i]);
    LT_CHECK(strcmp(j.path, "$") == 0);
    lm_err_clear(&err);
}

static void messages_stay_on_one_line_whatever_the_keys_and_values(void)
{
    /* A key or a quoted value with a line break must not split a
     * "FILE: $.path: message" line in two (or forge a second one). */
    static const char *const allowed[] = {"ok", NULL};
    Doc d;
    doc_open(&d, "{\"bad\\nkey\": 1, \"tab\\there\": 2}");
    lm_j_known_keys(&d.j, d.root, allowed);
    LT_CHECK(d.err.count == 2);
    if (d.err.count == 2) {
        LT_CHECK(strcmp(d.err.items[0], "doc.json: $.bad\\nkey: unknown key (a typo?)") == 0);
        LT_CHECK(strcmp(d.err.items[1], "doc.json: $.tab\\there: unknown key (a typo?)") == 0);
    }
    doc_close(&d);
    LmErrors err = {0};
    lm_err_add(&err, "f\rile.json", NULL, "unknown joint '%s'", "knee\nf.json: forged\x01");
    LT_CHECK(err.count == 1);
    if (err.count == 1)
        LT_CHECK_MSG(strcmp(err.items[0], "f\\rile.json: unknown joint 'knee\\nf.json: forged\\x01'") == 0, "got [%s]",
                     err.items[0]);
    lm_err_clear(&err);
}

static void error_list_is_capped(void)
{
    LmErrors err = {0};
    for (int i = 0; i < LM_ERR_MAX + 10; i++)
        lm_err_add(&err, "f.json", "$.x", "problem %d", i);
    LT_CHECK(err.count == LM_ERR_MAX);
    LT_CHECK(err.dropped == 10);
    LT_CHECK(strcmp(err.items[0], "f.json: $.x: problem 0") == 0);
    lm_err_add(&err, NULL, NULL, "x");
    LT_CHECK(err.dropped == 11);
    lm_err_clear(&err);
    LT_CHECK(err.count == 0 && err.dropped == 0);
    /* Without a path the message is "FILE: message". */
    lm_err_add(&err, "f.json", NULL, "the file is empty");
    LT_CHECK(strcmp(err.items[0], "f.json: the file is empty") == 0);
    lm_err_clear(&err);
}

int main(void)
{
    snprintf(tmp_dir, sizeof tmp_dir, "/tmp/limber-json-XXXXXX");
    if (!mkdtemp(tmp_dir)) {
        perror("mkdtemp");
        return 1;
    }
    LT_RUN(load_reports_a_missing_file);
    LT_RUN(load_refuses_a_directory);
    LT_RUN(load_refuses_empty_and_whitespace_only_files);
    LT_RUN(load_refuses_a_file_over_the_size_limit);
    LT_RUN(load_and_parse_refuse_a_nul_byte);
    LT_RUN(text_that_is_not_utf8_is_refused);
    LT_RUN(a_utf8_byte_order_mark_is_ignored);
    LT_RUN(truncated_json_reports_line_and_column);
    LT_RUN(syntax_error_reports_line_and_column);
    LT_RUN(deep_nesting_is_refused_before_parsing);
    LT_RUN(trailing_garbage_is_refused);
    LT_RUN(parse_accepts_a_buffer_without_terminator);
    LT_RUN(getters_report_the_exact_path_and_message);
    LT_RUN(number_getter_checks_presence_type_range_and_finiteness);
    LT_RUN(int_bool_and_string_getters_report_wrong_values);
    LT_RUN(numbers_getter_wants_the_exact_count);
    LT_RUN(unknown_and_duplicate_keys_are_flagged);
    LT_RUN(known_keys_stays_fast_on_a_huge_object);
    LT_RUN(type_names_and_object_check);
    LT_RUN(long_paths_are_truncated_safely_and_pop_back);
    LT_RUN(messages_stay_on_one_line_whatever_the_keys_and_values);
    LT_RUN(error_list_is_capped);
    /* Clean up the scratch folder. */
    const char *names[] = {"empty.json", "ws.json", "at-cap.json", "over-cap.json", "nul.json"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        char p[128];
        snprintf(p, sizeof p, "%s/%s", tmp_dir, names[i]);
        remove(p);
    }
    rmdir(tmp_dir);
    return lt_summary();
}
