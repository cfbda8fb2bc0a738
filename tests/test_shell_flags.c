/* The flag table: README's flag table and its mode table say what the
 * program's table says, row by row; --help lists every flag; and the
 * parser made from the table treats every row as its kind says. */
#define _POSIX_C_SOURCE 200809L
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "lt.h"

static char *read_readme(void)
{
    FILE *f = fopen("README.md", "rb");
    if (!f)
        return NULL;
    char *s = NULL;
    size_t n = 0;
    FILE *m = open_memstream(&s, &n);
    char buf[4096];
    size_t k;
    while (m && (k = fread(buf, 1, sizeof buf, f)) > 0)
        fwrite(buf, 1, k, m);
    fclose(f);
    if (m)
        fclose(m);
    return s;
}

/* The rows of the markdown table whose header line is `header`, each
 * line on its own (NUL-terminated, in place); the separator row skipped. */
static int table_rows(char *readme, const char *header, char **rows, int max)
{
    char *p = strstr(readme, header);
    if (!p)
        return -1;
    p = strchr(p, '\n');
    if (!p)
        return 0;
    p = strchr(p + 1, '\n'); /* |---|---| */
    int n = 0;
    while (p && p[1] == '|' && n < max) {
        char *line = p + 1;
        p = strchr(line, '\n');
        if (p)
            *p = '\0';
        rows[n++] = line;
        if (!p)
            break;
    }
    return n;
}

/* Cell i of a row, as text: outer spaces and backticks gone, and `\|`,
 * `&lt;`, `&gt;` read back as |, <, >. */
static void cell(const char *row, int i, char *out, size_t size)
{
    const char *p = row;
    for (int k = 0; k <= i && p; k++) {
        p = strchr(p, '|');
        while (p && p > row && p[-1] == '\\')
            p = strchr(p + 1, '|');
        if (p)
            p++;
    }
    size_t o = 0;
    while (p && *p == ' ')
        p++;
    for (; p && *p && o + 1 < size; p++) {
        if (*p == '|' && p[-1] != '\\')
            break;
        if (*p == '\\' && p[1] == '|')
            continue;
        if (*p == '`')
            continue;
        if (!strncmp(p, "&lt;", 4) || !strncmp(p, "&gt;", 4)) {
            out[o++] = p[1] == 'l' ? '<' : '>';
            p += 3;
            continue;
        }
        out[o++] = *p;
    }
    while (o > 0 && out[o - 1] == ' ')
        o--;
    out[o] = '\0';
}

/* Whether cell text a is b with b's backticks left out, as cell() reads. */
static bool same_text(const char *a, const char *b)
{
    for (;; b++) {
        if (*b == '`')
            continue;
        if (*a != *b)
            return false;
        if (!*a)
            return true;
        a++;
    }
}

/* What README's "goes with" says for flag f. */
static void goes_with(const LbFlag *f, char *out, size_t n)
{
    if (f->sets != LB_MODE_PLAY)
        snprintf(out, n, "its own mode");
    else
        lb_cli_modes_text(f->modes, true, out, n);
}

/* text as a markdown table cell writes it: | as \|, < and > as entities. */
static const char *md(const char *text, char *out, size_t n)
{
    size_t o = 0;
    for (const char *p = text; *p && o + 5 < n; p++) {
        const char *sub = *p == '|' ? "\\|" : *p == '<' ? "&lt;" : *p == '>' ? "&gt;" : NULL;
        if (sub)
            o += (size_t)snprintf(out + o, n - o, "%s", sub);
        else
            out[o++] = *p;
    }
    out[o] = '\0';
    return out;
}

static void help_text(const LbFlag *f, char *out, size_t n)
{
    snprintf(out, n, "%s", f->help);
    for (char *p = out; *p; p++)
        if (*p == '\n')
            *p = ' ';
}

/* README's flag table: one row per flag, in the table's order, each with
 * its value, the modes it goes with and its --help text. */
static void the_readme_flag_table_is_the_programs(void)
{
    char *readme = read_readme();
    LT_CHECK_MSG(readme != NULL, "README.md cannot be read (run from the repository root)");
    if (!readme)
        return;
    char *rows[128];
    int n = table_rows(readme, "| flag | value | goes with | what it does |", rows, 128);
    LT_CHECK_MSG(n == LB_N_FLAGS, "README's flag table has %d rows, the program %d flags", n, LB_N_FLAGS);
    for (int k = 0; k < LB_N_FLAGS; k++) {
        const LbFlag *f = &LB_FLAGS[k];
        char want[4][512], got[4][512];
        snprintf(want[0], sizeof want[0], "%s", f->name);
        snprintf(want[1], sizeof want[1], "%s", f->value ? f->value : "");
        goes_with(f, want[2], sizeof want[2]);
        help_text(f, want[3], sizeof want[3]);
        bool same = k < n;
        for (int c = 0; c < 4 && k < n; c++) {
            cell(rows[k], c, got[c], sizeof got[c]);
            same &= same_text(got[c], want[c]);
        }
        char v[512], h[512];
        LT_CHECK_MSG(same, "README's flag table, row %d is\n    %s\n  and should say\n    | `%s` | %s%s%s | %s | %s |",
                     k + 1, k < n ? rows[k] : "(missing)", f->name, f->value ? "`" : "", md(want[1], v, sizeof v),
                     f->value ? "`" : "", want[2], md(want[3], h, sizeof h));
    }
    free(readme);
}

/* README's mode table: every flag that does not choose a mode is in it
 * once, on a row that says the modes it goes with. */
static void the_readme_mode_table_is_the_programs(void)
{
    char *readme = read_readme();
    if (!readme) {
        LT_CHECK_MSG(false, "README.md cannot be read");
        return;
    }
    char *rows[64];
    int n = table_rows(readme, "| flags | go with |", rows, 64);
    LT_CHECK_MSG(n > 0, "README has no \"| flags | go with |\" table");
    int listed[128] = {0};
    for (int r = 0; r < n; r++) {
        char flags[1024], modes[512];
        cell(rows[r], 0, flags, sizeof flags);
        cell(rows[r], 1, modes, sizeof modes);
        for (char *name = strtok(flags, ", "); name; name = strtok(NULL, ", ")) {
            int k = 0;
            while (k < LB_N_FLAGS && strcmp(LB_FLAGS[k].name, name) != 0)
                k++;
            LT_CHECK_MSG(k < LB_N_FLAGS, "README's mode table names %s, which is no flag", name);
            if (k == LB_N_FLAGS)
                continue;
            listed[k]++;
            char want[512];
            lb_cli_modes_text(LB_FLAGS[k].modes, true, want, sizeof want);
            LT_CHECK_MSG(same_text(modes, want), "README's mode table says %s goes with \"%s\"; the program: \"%s\"",
                         name, modes, want);
        }
    }
    for (int k = 0; k < LB_N_FLAGS; k++)
        if (LB_FLAGS[k].sets == LB_MODE_PLAY)
            LT_CHECK_MSG(listed[k] == 1, "%s is on %d rows of README's mode table, not one", LB_FLAGS[k].name,
                         listed[k]);
    free(readme);
}

/* --help shows every flag at the start of a line, with its value. */
static void help_lists_every_flag(void)
{
    char *text = NULL;
    size_t size = 0;
    FILE *f = open_memstream(&text, &size);
    LT_CHECK(f != NULL);
    if (!f)
        return;
    lb_cli_print_help(f);
    fclose(f);
    for (int k = 0; k < LB_N_FLAGS; k++) {
        char line[128];
        snprintf(line, sizeof line, "\n  %s%s%s ", LB_FLAGS[k].name, LB_FLAGS[k].value ? " " : "",
                 LB_FLAGS[k].value ? LB_FLAGS[k].value : "");
        LT_STR_CONTAINS(text, line);
    }
    free(text);
}

static int parse(const char *a, const char *b, char *msg, size_t n)
{
    char *argv[] = {"limber", (char *)a, (char *)b, NULL};
    LbOptions o;
    int rc = lb_cli_parse(b ? 3 : 2, argv, &o, msg, n);
    free((void *)o.check_paths);
    return rc;
}

/* Each row is read as its kind says: a switch refuses a value, a flag
 * with a value refuses to end the line, and a flag that does not go with
 * every mode is refused beside a mode it does not go with. */
static void every_row_is_parsed_as_its_kind_says(void)
{
    char msg[512], flag[80];
    for (int k = 0; k < LB_N_FLAGS; k++) {
        const LbFlag *f = &LB_FLAGS[k];
        if (f->kind == LB_VALUE_NONE) {
            snprintf(flag, sizeof flag, "%s=1", f->name);
            LT_CHECK_MSG(parse(flag, NULL, msg, sizeof msg) == 2 && strstr(msg, "takes no value"), "%s: %s", flag, msg);
        } else if (f->kind != LB_VALUE_PATHS) {
            LT_CHECK_MSG(parse(f->name, NULL, msg, sizeof msg) == 2 && strstr(msg, "needs a value"), "%s: %s", f->name,
                         msg);
        }
        if (f->kind != LB_VALUE_NONE || f->sets != LB_MODE_PLAY)
            continue;
        /* a switch beside a mode it does not go with */
        for (LbMode m = LB_MODE_LIST; m <= LB_MODE_CONTACT; m++) {
            if (f->modes & LB_MODE_BIT(m) || m == LB_MODE_TIMELINE || m == LB_MODE_RENDER || m == LB_MODE_CONTACT)
                continue; /* (the modes that take a value of their own are tried by the scripts) */
            const char *mode = lb_cli_mode_flag(m);
            LT_CHECK_MSG(parse(mode, f->name, msg, sizeof msg) == 2 && strstr(msg, "goes with") && strstr(msg, f->name),
                         "%s %s: %s", mode, f->name, msg);
        }
    }
}

int main(void)
{
    LT_RUN(the_readme_flag_table_is_the_programs);
    LT_RUN(the_readme_mode_table_is_the_programs);
    LT_RUN(help_lists_every_flag);
    LT_RUN(every_row_is_parsed_as_its_kind_says);
    return lt_summary();
}
