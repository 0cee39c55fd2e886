/* SPDX-License-Identifier: MIT */
/*
 * OpenDocument files (.odt, .ods: what LibreOffice and WPS save), read
 * from their zip's content.xml into the page the HTML intake reads, as
 * office.c reads Word and Excel files:
 *
 *   - text:p and text:h are paragraphs, those in lists included; a span
 *     whose automatic style sets fo:font-weight bold is <b>; text:s is
 *     its count of blanks, text:tab a blank, text:line-break a break;
 *   - table:table is a table: number-columns-spanned and
 *     number-rows-spanned are colspan and rowspan, a covered cell is
 *     none, a cell's paragraphs one cell;
 *   - a spreadsheet's every sheet is a table under its name; repeated
 *     rows and cells stand once each (an empty run repeated to the
 *     sheet's end is left out); a date cell is YYYY年M月D日.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>

#include "error.h"
#include "intake.h"
#include "text.h"

#define MAX_REPEAT 256  /* a repeat of a row or a cell that holds text */
#define MAX_BOLD 256    /* automatic styles that set bold */

typedef struct odf {
	char *bold[MAX_BOLD];
	int nbold;
	size_t cells; /* written so far, capped */
	bool sheet;   /* the tables are a spreadsheet's sheets */
	long row;     /* rows of the table so far, repeats counted */
} odf;

static bool
bold_style(const odf *o, const char *name)
{
	for (int k = 0; name && k < o->nbold; k++)
		if (!strcmp(o->bold[k], name))
			return true;
	return false;
}

/* The automatic styles whose text properties set bold. */
static void
styles(odf *o, const xmlNode *root)
{
	const xmlNode *auto_ = ob__xml_child(root, "automatic-styles");
	for (const xmlNode *s = auto_ ? auto_->children : NULL; s && o->nbold < MAX_BOLD;
	    s = s->next) {
		const char *fw = ob__xml_attr(ob__xml_child(s, "text-properties"), "font-weight");
		const char *name = ob__xml_attr(s, "name");
		if (ob__xml_is(s, "style") && name && fw && (!strcmp(fw, "bold") ||
		    atoi(fw) >= 600) && (o->bold[o->nbold] = strdup(name)))
			o->nbold++;
	}
}

/* The text under n: spans, blanks, breaks; bold spans in <b>. */
static void
inline_text(const odf *o, const xmlNode *n, ob__sbuf *out, int depth)
{
	for (const xmlNode *x = n->children; x && depth < 32; x = x->next) {
		if (x->type == XML_TEXT_NODE && x->content) {
			ob__sbuf_esc(out, (const char *)x->content, strlen((const char *)x->content));
		} else if (ob__xml_is(x, "s")) {
			const char *c = ob__xml_attr(x, "c");
			int k = c ? atoi(c) : 1;
			for (int j = 0; j < k && j < 64; j++)
				ob__sbuf_puts(out, " ");
		} else if (ob__xml_is(x, "tab")) {
			ob__sbuf_puts(out, " ");
		} else if (ob__xml_is(x, "line-break")) {
			ob__sbuf_puts(out, "<br/>");
		} else if (ob__xml_is(x, "note") || ob__xml_is(x, "annotation")) {
			continue; /* footnotes and comments are no text of the notice */
		} else if (x->type == XML_ELEMENT_NODE) {
			bool b = ob__xml_is(x, "span") && bold_style(o, ob__xml_attr(x, "style-name"));
			if (b)
				ob__sbuf_puts(out, "<b>");
			inline_text(o, x, out, depth + 1);
			if (b)
				ob__sbuf_puts(out, "</b>");
		}
	}
}

static void block(odf *o, const xmlNode *n, ob__sbuf *out, int depth);

/* A cell's content: its paragraphs, lines apart. */
static void
cell_text(const odf *o, const xmlNode *cell, ob__sbuf *out, int depth)
{
	bool first = true;
	for (const xmlNode *x = cell->children; x && depth < 16; x = x->next) {
		if (ob__xml_is(x, "p") || ob__xml_is(x, "h")) {
			if (!first)
				ob__sbuf_puts(out, "<br/>");
			inline_text(o, x, out, 0);
			first = false;
		} else if (x->type == XML_ELEMENT_NODE) {
			cell_text(o, x, out, depth + 1);
		}
	}
}

/* A date cell's value (2022-06-30…) as 2022年6月30日. */
static bool
date_value(const char *v, char *out, size_t size)
{
	int y, m, d;
	if (!v || sscanf(v, "%4d-%2d-%2d", &y, &m, &d) != 3 || y < 1900 || y > 9999 ||
	    m < 1 || m > 12 || d < 1 || d > 31)
		return false;
	snprintf(out, size, "%d年%d月%d日", y, m, d);
	return true;
}

static long
repeat(const xmlNode *n, const char *name)
{
	const char *r = ob__xml_attr(n, name);
	long k = r ? atol(r) : 1;
	return k < 1 ? 1 : k;
}

static bool
has_text(const xmlNode *n)
{
	for (const xmlNode *x = n ? n->children : NULL; x; x = x->next)
		if ((x->type == XML_TEXT_NODE && x->content && x->content[0]) ||
		    (x->type == XML_ELEMENT_NODE && has_text(x)))
			return true;
	return false;
}

static void
table(odf *o, const xmlNode *t, ob__sbuf *out, int depth)
{
	ob__sbuf_puts(out, "<table>\n");
	for (const xmlNode *r = t->children; r && depth < 8; r = r->next) {
		if (ob__xml_is(r, "table-header-rows") || ob__xml_is(r, "table-rows") ||
		    ob__xml_is(r, "table-row-group")) {
			/* rows grouped: read them as the table's own */
			ob__sbuf inner = { 0 };
			table(o, r, &inner, depth + 1);
			/* without the group's own table tags */
			if (inner.n > 17)
				ob__sbuf_put(out, inner.s + 8, inner.n - 17);
			out->oom |= inner.oom;
			free(inner.s);
			continue;
		}
		if (!ob__xml_is(r, "table-row"))
			continue;
		long rep = repeat(r, "number-rows-repeated"), rows = rep;
		if (rows > MAX_REPEAT)
			rows = has_text(r) ? MAX_REPEAT : 0; /* empty rows to the end */
		for (long k = 0; k < rows && o->cells < 400000; k++) {
			/* rows and cells named for a reader of the drawn page */
			if (o->sheet)
				ob__sbuf_puts(out, "<tr>");
			else
				ob__sbuf_row(out, o->row + k + 1);
			long col = 0;
			for (const xmlNode *c = r->children; c; c = c->next) {
				long crep = repeat(c, "number-columns-repeated"), cols = crep;
				if (crep > 1L << 20)
					crep = 1L << 20;
				if (ob__xml_is(c, "covered-table-cell"))
					col += crep; /* a span covers it */
				if (!ob__xml_is(c, "table-cell"))
					continue;
				if (cols > MAX_REPEAT)
					cols = has_text(c) ? MAX_REPEAT : 0;
				for (long j = 0; j < cols; j++) {
					if (o->sheet)
						ob__sbuf_cell(out, col + j, o->row + k);
					else
						ob__sbuf_puts(out, "<td");
					long cs = repeat(c, "number-columns-spanned");
					long rs = repeat(c, "number-rows-spanned");
					ob__sbuf_spans(out, cs > 64 ? 64 : cs, rs > 64 ? 64 : rs);
					ob__sbuf_puts(out, ">");
					char date[64];
					const char *type = ob__xml_attr(c, "value-type");
					if (type && !strcmp(type, "date") &&
					    date_value(ob__xml_attr(c, "date-value"), date, sizeof date))
						ob__sbuf_puts(out, date);
					else
						cell_text(o, c, out, 0);
					ob__sbuf_puts(out, "</td>");
					o->cells++;
				}
				col += crep;
			}
			ob__sbuf_puts(out, "</tr>\n");
		}
		o->row += rep > 1L << 24 ? 1L << 24 : rep;
	}
	ob__sbuf_puts(out, "</table>\n");
}

static void
block(odf *o, const xmlNode *n, ob__sbuf *out, int depth)
{
	for (const xmlNode *x = n->children; x && depth < 32; x = x->next) {
		if (ob__xml_is(x, "p") || ob__xml_is(x, "h")) {
			ob__sbuf t = { 0 };
			inline_text(o, x, &t, 0);
			if (t.n) {
				ob__sbuf_puts(out, "<p>");
				ob__sbuf_put(out, t.s, t.n);
				ob__sbuf_puts(out, "</p>\n");
			}
			out->oom |= t.oom;
			free(t.s);
		} else if (ob__xml_is(x, "table")) {
			/* a sheet: which one, and its name where it is its own
			 * (not Sheet1) */
			const char *name = ob__xml_attr(x, "name");
			o->sheet = ob__xml_is(n, "spreadsheet");
			if (o->sheet)
				ob__sbuf_sheet(out, name ? name : "");
			o->row = 0;
			table(o, x, out, 0);
		} else if (x->type == XML_ELEMENT_NODE && !ob__xml_is(x, "tracked-changes") &&
		    !ob__xml_is(x, "sequence-decls") && !ob__xml_is(x, "variable-decls")) {
			/* lists, sections, the body's text and spreadsheet */
			block(o, x, out, depth + 1);
		}
	}
}

void
ob__odf_props(ob__zipread *c, ob__sbuf *out)
{
	xmlDoc *d = ob__zip_xml(c, "meta.xml", false);
	const xmlNode *m = ob__xml_child(d ? xmlDocGetRootElement(d) : NULL, "meta");
	const char *date = ob__xml_child_text(m, "date");
	ob__sbuf_props(out, ob__xml_child_text(m, "title"), ob__xml_child_text(m, "initial-creator"),
	    ob__xml_child_text(m, "creator"), date ? date : ob__xml_child_text(m, "creation-date"));
	xmlFreeDoc(d);
}

int
ob__odf_body(ob__zipread *c, ob__sbuf *out)
{
	xmlDoc *d = ob__zip_xml(c, "content.xml", true);
	if (!d)
		return c->r;
	odf o = { .nbold = 0 };
	xmlNode *root = xmlDocGetRootElement(d);
	styles(&o, root);
	xmlNode *b = ob__xml_child(root, "body");
	if (b)
		block(&o, b, out, 0);
	for (int k = 0; k < o.nbold; k++)
		free(o.bold[k]);
	xmlFreeDoc(d);
	return c->r;
}
