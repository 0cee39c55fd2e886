/* SPDX-License-Identifier: MIT */
/* What the renderers of the diff and history documents share (see
 * report.c). */
#ifndef OB_REPORT_H
#define OB_REPORT_H

#include <stdbool.h>
#include <stdio.h>

#include <libxml/tree.h>

/* A growing string: the texts of a report are as long as their items.
 * A failed allocation is remembered in failed and the text kept. */
typedef struct ob__gstr {
	char *s;
	size_t n;
	bool failed;
} ob__gstr;

#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
void ob__gs_add(ob__gstr *g, const char *fmt, ...);
/* The text so far ("" when none); borrowed. */
const char *ob__gs_str(const ob__gstr *g);
void ob__gs_clear(ob__gstr *g);

/* Read a whole document (one written by this program) from fp; NULL when
 * it cannot be read.  The caller frees it with xmlFreeDoc(). */
xmlDocPtr ob__report_read(FILE *fp, const char *name);

/* One CSV record (RFC 4180: every field quoted, CRLF) of n fields; a NULL
 * field is empty.  0 or OB_ERR_IO. */
int ob__report_csv_row(FILE *out, const char *const *f, size_t n);

/* The document (a diff or a history) as one JSON object, field for field
 * (see report.c), pretty-printed, to out.  0, OB_ERR_NOMEM or OB_ERR_IO. */
int ob__report_write_json(xmlNode *root, FILE *out);

#endif
