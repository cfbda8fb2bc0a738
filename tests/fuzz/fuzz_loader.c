/* fuzz_loader: libFuzzer target for everything limber reads from JSON.
 * Each input goes through the JSON reader and the typed getters, and then
 * through the library's checker as a file of any kind (skeleton, poses,
 * exercise, routine), against a library loaded once from the data folder.
 * Beyond the sanitizers it asserts the error contract: every message is one
 * line that starts with the file name. Build and run: tools/fuzz.sh. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lm_json.h"

#define FUZZ_NAME "fuzz.json"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_messages(const LmErrors *err, const char *name)
{
    size_t nlen = strlen(name);
    for (int i = 0; i < err->count; i++) {
        const char *m = err->items[i];
        if (strncmp(m, name, nlen) != 0 || strncmp(m + nlen, ": ", 2) != 0 || strchr(m, '\n') ||
            strchr(m, '\r')) {
            fprintf(stderr, "message breaks the \"FILE: ...\" one-line contract: [%s]\n", m);
            abort();
        }
    }
}

/* Drive every getter over every member of every object, as the loaders do. */
static void walk(LmJ *j, const cJSON *v, int depth)
{
    static const char *const allowed[] = {"id", "title", "moves", "pose", "hold", "ease", "a", NULL};
    if (cJSON_IsObject(v)) {
        lm_j_known_keys(j, v, allowed);
        for (const cJSON *c = v->child; c; c = c->next) {
            const char *k = c->string ? c->string : "";
            double d = 0, four[4];
            int i = 0;
            bool b = false;
            char *s = NULL;
            lm_j_number(j, v, k, true, -1e6, 1e6, &d);
            lm_j_int(j, v, k, false, -1000, 1000, &i);
            lm_j_bool(j, v, k, false, &b);
            lm_j_string(j, v, k, false, 64, &s);
            lm_j_numbers(j, v, k, false, 4, 0, 1, four);
            free(s);
            size_t m = lm_j_key(j, k);
            walk(j, c, depth + 1);
            lm_j_pop(j, m);
        }
    } else if (cJSON_IsArray(v)) {
        int i = 0;
        for (const cJSON *c = v->child; c; c = c->next, i++) {
            size_t m = lm_j_index(j, i);
            double d = 0;
            lm_j_value_number(j, c, -1e6, 1e6, &d);
            lm_j_is_object(j, c);
            walk(j, c, depth + 1);
            lm_j_pop(j, m);
        }
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    LmErrors err = {0};
    cJSON *root = lm_json_parse_buffer(FUZZ_NAME, (const char *)data, size, &err);
    if (!root && err.count != 1) {
        fprintf(stderr, "a refused buffer gave %d messages, expected exactly one\n", err.count);
        abort();
    }
    if (root) {
        LmJ j;
        lm_j_init(&j, FUZZ_NAME, &err);
        walk(&j, root, 0);
        if (strcmp(j.path, "$") != 0) {
            fprintf(stderr, "the JSON path did not pop back to $: %s\n", j.path);
            abort();
        }
        cJSON_Delete(root);
    }
    check_messages(&err, FUZZ_NAME);
    lm_err_clear(&err);
    return 0;
}
