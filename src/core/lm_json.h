/* lm_json: reading JSON files with precise errors. Every check reports the
 * file, the JSON path it is at ($.moves[2].pose.knee_l.flex) and what was
 * wrong, into an LmErrors list. Reads are bounded: files over
 * LM_JSON_MAX_BYTES and nesting over LM_JSON_MAX_DEPTH are refused. */
#ifndef LM_JSON_H
#define LM_JSON_H

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stddef.h>

#include "lm_err.h"

#define LM_JSON_MAX_BYTES (4u * 1024u * 1024u)
#define LM_JSON_MAX_DEPTH 32
#define LM_JSON_PATH_MAX 512

typedef struct {
    const char *file;
    LmErrors *err;
    char path[LM_JSON_PATH_MAX];
    size_t len;
    int n_errors; /* errors reported through this reader */
} LmJ;

/* Read and parse a whole file. NULL on failure with one message naming the
 * file: missing, a directory, unreadable, empty, too large, not UTF-8 text,
 * nested too deep, or a syntax error with its line and column. */
cJSON *lm_json_load_file(const char *path, LmErrors *err);
/* The same over a buffer (for fuzzing and tests); name is used in messages. */
cJSON *lm_json_parse_buffer(const char *name, const char *buf, size_t len, LmErrors *err);

void lm_j_init(LmJ *j, const char *file, LmErrors *err);
/* Descend into ".key" / "[i]"; returns the mark to pop back to. */
size_t lm_j_key(LmJ *j, const char *key);
size_t lm_j_index(LmJ *j, int i);
void lm_j_pop(LmJ *j, size_t mark);
/* Report at the current path. */
void lm_j_error(LmJ *j, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* "a number", "a string", ... for messages. */
const char *lm_j_type_name(const cJSON *v);

/* Flag every key of obj not in allowed (NULL-terminated), and duplicates. */
void lm_j_known_keys(LmJ *j, const cJSON *obj, const char *const *allowed);
/* Require obj to be an object; report otherwise. */
bool lm_j_is_object(LmJ *j, const cJSON *obj);

/* Typed getters on obj[key]. A missing optional key leaves *out alone and
 * returns true; a missing required key, a wrong type or a value outside
 * [lo, hi] is reported at $.path.key and returns false. */
bool lm_j_number(LmJ *j, const cJSON *obj, const char *key, bool required, double lo, double hi, double *out);
bool lm_j_int(LmJ *j, const cJSON *obj, const char *key, bool required, int lo, int hi, int *out);
bool lm_j_bool(LmJ *j, const cJSON *obj, const char *key, bool required, bool *out);
/* Heap copy of a non-empty string of at most max_len bytes. */
/* What is wrong with s as a text limber shows or says (a line break, a tab
 * or another control character), or NULL when nothing is. */
const char *lm_text_problem(const char *s);
bool lm_j_string(LmJ *j, const cJSON *obj, const char *key, bool required, size_t max_len, char **out);
/* Array of exactly n numbers in [lo, hi] (n > 0), or of n_min..n_max when n == 0. */
bool lm_j_numbers(LmJ *j, const cJSON *obj, const char *key, bool required, int n, double lo, double hi, double *out);
/* Number check of a value already in hand, reported at the current path. */
bool lm_j_value_number(LmJ *j, const cJSON *v, double lo, double hi, double *out);

#endif
