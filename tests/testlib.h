/* SPDX-License-Identifier: MIT */
/* Helpers shared by the test suites. */
#ifndef OB_TESTLIB_H
#define OB_TESTLIB_H

#include <check.h>
#include <stdbool.h>
#include <stddef.h>

#include "oblix/oblix.h"

/* Directories, set by the runner from the environment meson passes. */
extern const char *ob_test_srcdir;    /* the source tree */
extern const char *ob_test_shareddir; /* ../shared, may not exist */

/* A whole file, NUL-terminated; NULL when it cannot be read. */
char *tl_read(const char *path, size_t *len);
/* srcdir/rel, in a static buffer of the caller's. */
const char *tl_path(char *buf, size_t size, const char *dir, const char *rel);
/* Write data to a new temporary file; returns its path (caller frees). */
char *tl_temp(const char *data, size_t len, const char *suffix);

/* The bundled notice's text (caller frees). */
char *tl_bundled(void);
/* s with the first occurrence of from replaced by to (s is freed; fails
 * the test when from is not in s). */
char *tl_replace(char *s, const char *from, const char *to);
/* Cut the paragraph that starts with start, through its line end, into
 * *line (caller frees); returns s. */
char *tl_cut_line(char *s, const char *start, char **line);

/* Parse a notice from memory; fails the test on error. */
ob_notice *tl_parse(const char *data, size_t len, const char *source);
/* The facts rendering of a notice (caller frees). */
char *tl_facts(const ob_notice *n);
/* The XML of a notice (caller frees); NULL with *err on failure. */
char *tl_xml(const ob_notice *n, ob_error *err);

/* Run the CLI in-process; returns its status, output in *out and *err
 * (caller frees). */
int tl_cli(char **out, char **err, int argc, ...);
/* As tl_cli, with no file growing past limit bytes (RLIMIT_FSIZE, SIGXFSZ
 * ignored): a file system that takes no more.  Both are restored. */
int tl_cli_fsize(size_t limit, char **out, char **err, int argc, ...);

/* Compare two facts texts as records grouped by item (order within a
 * group ignored); returns NULL when equal, else a report (caller frees). */
char *tl_facts_diff(const char *expected, const char *got);

/* The suites. */
Suite *numeral_suite(void);
Suite *segment_suite(void);
Suite *rules_suite(void);
Suite *facts_suite(void);
Suite *schema_suite(void);
Suite *cli_suite(void);
Suite *golden_suite(void);
Suite *oom_suite(void);
Suite *intake_suite(void);
Suite *batch_suite(void);
Suite *diff_suite(void);
Suite *history_suite(void);
Suite *gazetteer_suite(void);
Suite *export_suite(void);

#endif
