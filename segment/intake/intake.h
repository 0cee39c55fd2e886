/* SPDX-License-Identifier: MIT */
/* What the readers of segment/intake/ share: a growing string for the
 * pages they write, and the parts of a zip container read within a
 * budget. */
#ifndef OB_INTAKE_H
#define OB_INTAKE_H

#include <stdbool.h>
#include <stddef.h>
#include <string.h>

#include <libxml/tree.h>
#include <zip.h>

#include "oblix/oblix.h"

typedef struct ob__sbuf {
	char *s;
	size_t n, cap;
	bool oom; /* an allocation failed: the string stops growing */
} ob__sbuf;

void ob__sbuf_put(ob__sbuf *b, const char *s, size_t n);
void ob__sbuf_puts(ob__sbuf *b, const char *s);
/* s escaped for XHTML; line breaks and tabs as spaces, so that a block
 * stays on its line */
void ob__sbuf_esc(ob__sbuf *b, const char *s, size_t n);
/* a table cell's colspan and rowspan attributes, each only where it
 * spans more than one */
void ob__sbuf_spans(ob__sbuf *b, long colspan, long rowspan);
void ob__sbuf_sheet(ob__sbuf *b, const char *name);
void ob__sbuf_props(ob__sbuf *b, const char *title, const char *author, const char *other,
		    const char *date);
void ob__sbuf_cell(ob__sbuf *b, long col, long row);
void ob__sbuf_row(ob__sbuf *b, long row);

/* A zip container read part by part: what its parts inflate to counts
 * against budget before they are inflated; r holds the first error,
 * reported with message msgid about the file called what ("Office
 * file", "OFD file"). */
typedef struct ob__zipread {
	zip_t *z;
	size_t budget;
	ob_error *err;
	int r;
	int msgid;
	const char *what;
} ob__zipread;

/* Open the zip container in data (len bytes, which it reads in place):
 * 0, or a one-line error about the file called what with message msgid. */
int ob__zip_open(const char *data, size_t len, int msgid, const char *what, zip_t **z,
		 ob_error *err);

/* The part called name, whole and NUL-terminated in *out: 0 when read, 1
 * when there is none, an error code otherwise (an encrypted part, one
 * over the budget, or one that does not hold the size it declares). */
int ob__zip_part(ob__zipread *c, const char *name, char **out, size_t *len);
/* The part parsed as XML without the network or entity substitution;
 * NULL when absent or not XML (an error set when required). */
xmlDoc *ob__zip_xml(ob__zipread *c, const char *name, bool required);

/* The paragraphs and tables of an OpenDocument file's content.xml into
 * out (segment/intake/odf.c); c's error code, 0 when read. */
struct ob__sbuf;
int ob__odf_body(ob__zipread *c, ob__sbuf *out);
/* Its meta.xml: title, author and date (ob__sbuf_props). */
void ob__odf_props(ob__zipread *c, ob__sbuf *out);

/* Elements by their local name, attributes by theirs (any namespace):
 * Word, Excel and OFD parts prefix them as they like. */
static inline bool
ob__xml_is(const xmlNode *n, const char *name)
{
	return n && n->type == XML_ELEMENT_NODE && !strcmp((const char *)n->name, name);
}

static inline xmlNode *
ob__xml_child(const xmlNode *n, const char *name)
{
	for (xmlNode *c = n ? n->children : NULL; c; c = c->next)
		if (ob__xml_is(c, name))
			return c;
	return NULL;
}

/* The text of n's first child element named name, borrowed; NULL if none. */
static inline const char *
ob__xml_child_text(const xmlNode *n, const char *name)
{
	const xmlNode *c = ob__xml_child(n, name);
	return c && c->children && c->children->type == XML_TEXT_NODE ?
	    (const char *)c->children->content : NULL;
}

/* The value of attribute name, borrowed; NULL if none. */
static inline const char *
ob__xml_attr(const xmlNode *n, const char *name)
{
	for (xmlAttr *a = n ? n->properties : NULL; a; a = a->next)
		if (!strcmp((const char *)a->name, name) && a->children &&
		    a->children->type == XML_TEXT_NODE)
			return (const char *)a->children->content;
	return NULL;
}

#endif
