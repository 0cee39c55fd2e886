/* SPDX-License-Identifier: MIT */
/* One self-contained HTML5 page, shared by the diff and history reports
 * (see html.c). */
#ifndef OB_HTML_H
#define OB_HTML_H

#include <stdio.h>

#include <libxml/HTMLtree.h>

typedef struct ob__html {
	htmlDocPtr doc;
	xmlNodePtr head, body;
} ob__html;

/* A page with its title and the common style; 0 or OB_ERR_NOMEM. */
int ob__html_new(ob__html *h, const char *title, const char *extra_style);
/* A child element with text (may be NULL) and class (may be NULL). */
xmlNodePtr ob__html_el(xmlNodePtr parent, const char *name, const char *text,
		       const char *cls);
/* An inline script at the end of the body: the page must read without it. */
void ob__html_script(ob__html *h, const char *js);
/* Write the page (UTF-8 text, not character references); frees it. */
int ob__html_write(ob__html *h, FILE *out);
void ob__html_free(ob__html *h);

/* The line of a sourcepos "L:C-L:C" ("" → 0). */
long ob__html_line(const char *pos);

#endif
