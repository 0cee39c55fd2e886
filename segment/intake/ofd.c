/* SPDX-License-Identifier: MIT */
/*
 * OFD documents (GB/T 33190-2016, the fixed-layout format of Chinese
 * government offices): a zip of XML parts.  OFD.xml names the document
 * (DocBody/DocRoot), the document its pages (Pages/Page/@BaseLoc), and a
 * page's content holds text objects: a Boundary "x y w h", a font Size,
 * and TextCode runs placed at X, Y inside the boundary, each character
 * after the one before by its DeltaX ("3.5 3.5" or "g 4 3.5": four of
 * 3.5).  The characters and their boxes are set as a page by layout.c,
 * as a PDF's are.  Transformations (CTM) are not applied; text objects in
 * page blocks are read.
 *
 * Untrusted input: the zip is read as office.c reads one (what parts
 * inflate to counts against the size limit; encrypted parts refused);
 * part paths stay inside the package; pages, text objects and characters
 * are capped.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <zip.h>

#include "error.h"
#include "intake.h"
#include "text.h"

#define MAX_PAGES 5000
#define MAX_GLYPHS 4000000




static const char *
text_of(const xmlNode *n)
{
	return n && n->children && n->children->type == XML_TEXT_NODE ?
	    (const char *)n->children->content : NULL;
}

/* A path inside the package: base's folder and loc, or loc from the root
 * ("/Doc_0/…"); false for one that would leave the package. */
static bool
resolve(const char *base_dir, const char *loc, char *out, size_t size)
{
	if (!loc || strstr(loc, "..") || strstr(loc, "://"))
		return false;
	int n = loc[0] == '/' ? snprintf(out, size, "%s", loc + 1) :
	    snprintf(out, size, "%s%s", base_dir, loc);
	return n > 0 && (size_t)n < size;
}

typedef struct glyphs {
	ob__glyph *v;
	size_t n, cap;
	bool oom;
	size_t total;
} glyphs;

/* The characters of one TextCode: at X, Y of the text object's boundary,
 * each after the last by its DeltaX. */
static void
text_code(const xmlNode *tc, double bx, double by, double size, glyphs *g)
{
	const char *s = text_of(tc);
	if (!s)
		return;
	double x = bx, y = by;
	const char *ax = ob__xml_attr(tc, "X"), *ay = ob__xml_attr(tc, "Y");
	if (ax)
		x += strtod(ax, NULL);
	if (ay)
		y += strtod(ay, NULL);
	const char *dx = ob__xml_attr(tc, "DeltaX");
	int repeat = 0;
	double step = size;
	size_t len = strlen(s);
	for (size_t i = 0; i < len;) {
		size_t a = i;
		ob__utf8_next(s, len, &i);
		if (g->total >= MAX_GLYPHS)
			return;
		/* the advance after this character */
		double adv = size;
		if (repeat > 0) {
			adv = step;
			repeat--;
		} else if (dx && *dx) {
			while (*dx == ' ')
				dx++;
			if (*dx == 'g') {
				char *end;
				repeat = (int)strtol(dx + 1, &end, 10);
				step = strtod(end, &end);
				dx = end;
				adv = step;
				repeat = repeat > 0 ? repeat - 1 : 0;
			} else if (*dx) {
				char *end;
				adv = strtod(dx, &end);
				dx = end == dx ? dx + 1 : end;
			}
		}
		if (g->n == g->cap) {
			size_t cap = g->cap ? g->cap * 2 : 1024;
			ob__glyph *v = realloc(g->v, cap * sizeof *v);
			if (!v) {
				g->oom = true;
				return;
			}
			g->v = v;
			g->cap = cap;
		}
		/* the box: a size square above the baseline */
		g->v[g->n++] = (ob__glyph){ s + a, (unsigned)(i - a), x, y - size,
			x + (adv > 0 && adv < 4 * size ? adv : size), y };
		g->total++;
		x += adv;
	}
}

static void
objects(const xmlNode *n, glyphs *g, int depth)
{
	for (const xmlNode *x = n ? n->children : NULL; x && depth < 32; x = x->next) {
		if (ob__xml_is(x, "TextObject")) {
			double b[4] = { 0, 0, 0, 0 };
			const char *bd = ob__xml_attr(x, "Boundary");
			for (int k = 0; bd && k < 4; k++) {
				char *end;
				b[k] = strtod(bd, &end);
				if (end == bd)
					break;
				bd = end;
			}
			const char *sz = ob__xml_attr(x, "Size");
			double size = sz ? strtod(sz, NULL) : 3.5;
			if (!(size > 0 && size < 1000))
				size = 3.5;
			for (const xmlNode *t = x->children; t; t = t->next)
				if (ob__xml_is(t, "TextCode"))
					text_code(t, b[0], b[1], size, g);
		} else if (x->type == XML_ELEMENT_NODE) {
			/* Content, Layer, PageBlock */
			objects(x, g, depth + 1);
		}
	}
}

int
ob__ofd_page(const char *data, size_t len, size_t max, char **page, size_t *page_len,
	     ob_error *err)
{
	zip_t *z;
	*page = NULL;
	*page_len = 0;
	int r0 = ob__zip_open(data, len, 14, "OFD file", &z, err);
	if (r0)
		return r0;
	ob__zipread c = { z, max, err, 0, 14, "OFD file" };
	xmlDoc *ofd = ob__zip_xml(&c, "OFD.xml", true), *doc = NULL;
	ob__glyph **pages = NULL;
	size_t *counts = NULL;
	glyphs *pg = NULL;
	xmlDoc **pdocs = NULL;
	int np = 0, r = 0;
	char docpath[512] = "", dir[512] = "";
	xmlNode *body = ob__xml_child(xmlDocGetRootElement(ofd), "DocBody");
	if (!resolve("", text_of(ob__xml_child(body, "DocRoot")), docpath, sizeof docpath) ||
	    !(doc = ob__zip_xml(&c, docpath, true))) {
		r = c.r ? c.r : ob__error_set(err, OB_ERR_BINARY, 14, 0,
		    "this OFD file names no document that can be read");
		goto end;
	}
	/* the document's folder: page locations are relative to it */
	const char *slash = strrchr(docpath, '/');
	snprintf(dir, sizeof dir, "%.*s", slash ? (int)(slash - docpath + 1) : 0, docpath);
	xmlNode *ps = ob__xml_child(xmlDocGetRootElement(doc), "Pages");
	for (xmlNode *p = ps ? ps->children : NULL; p && np < MAX_PAGES; p = p->next)
		np += ob__xml_is(p, "Page");
	pages = calloc((size_t)np + 1, sizeof *pages);
	counts = calloc((size_t)np + 1, sizeof *counts);
	pg = calloc((size_t)np + 1, sizeof *pg);
	pdocs = calloc((size_t)np + 1, sizeof *pdocs);
	if (!pages || !counts || !pg || !pdocs) {
		r = ob__error_set(err, OB_ERR_NOMEM, 0, 0, "out of memory");
		goto end;
	}
	int k = 0;
	size_t total = 0;
	for (xmlNode *p = ps ? ps->children : NULL; p && k < np && !c.r; p = p->next) {
		if (!ob__xml_is(p, "Page"))
			continue;
		char path[512];
		xmlDoc *pd = resolve(dir, ob__xml_attr(p, "BaseLoc"), path, sizeof path) ?
		    ob__zip_xml(&c, path, false) : NULL;
		pg[k].total = total;
		objects(ob__xml_child(xmlDocGetRootElement(pd), "Content"), &pg[k], 0);
		total = pg[k].total;
		pdocs[k] = pd; /* the characters point into it */
		if (pg[k].oom) {
			r = ob__error_set(err, OB_ERR_NOMEM, 0, 0, "out of memory");
			goto end;
		}
		pages[k] = pg[k].v;
		counts[k] = pg[k].n;
		k++;
	}
	if (c.r) {
		r = c.r;
		goto end;
	}
	/* the document's title and author (DocInfo), where the text is
	 * silent; not its date, which is when the file was made, as a PDF's */
	xmlNode *info = ob__xml_child(body, "DocInfo");
	ob__sbuf head = { 0 };
	ob__sbuf_props(&head, ob__xml_child_text(info, "Title"), ob__xml_child_text(info, "Author"),
	    NULL, NULL);
	r = ob__layout_page(pages, counts, k, max, head.s, page, page_len, err);
	free(head.s);
	if (r == OB_ERR_EMPTY)
		r = ob__error_set(err, OB_ERR_BINARY, 14, 0,
		    "this OFD file has no text (its pages are images: a scan): run OCR on it first");
end:
	for (int j = 0; pg && j < np; j++) {
		free(pg[j].v);
		if (pdocs)
			xmlFreeDoc(pdocs[j]);
	}
	free(pdocs);
	free(pg);
	free(pages);
	free(counts);
	xmlFreeDoc(doc);
	xmlFreeDoc(ofd);
	zip_discard(z);
	return r;
}
