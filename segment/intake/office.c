/* SPDX-License-Identifier: MIT */
/*
 * Office documents: a Word document (.docx) or an Excel workbook (.xlsx),
 * read from its zip container with libzip and its XML parts with libxml2,
 * and written out as an XHTML page that the HTML intake then reads like
 * any page of a government site:
 *
 *   - a paragraph is a <p> of its own line; the number Word draws before
 *     it (numbering.xml: 一、 （一） 1.) is written into its text; bold
 *     runs are <b>, so that a bold lead phrase is a title as on a page;
 *   - a table is a <table>: a cell merged across columns (gridSpan) has
 *     its colspan, one merged down rows (vMerge) its rowspan, and the
 *     paragraphs of a cell are one cell, lines apart;
 *   - every sheet of a workbook is a table, its shared strings and inline
 *     strings as text, a date cell (a serial number in a date format) as
 *     YYYY年M月D日, its merged ranges as colspan and rowspan; a sheet's own
 *     name (not Sheet1) stands above it;
 *   - the document's title in its core properties is the page's
 *     ArticleTitle, read only where the text names none.
 *
 * The page is the text oblix draws from the file: positions are its lines
 * and columns (`oblix segment --text FILE` prints it).
 *
 * Untrusted input: what a part may inflate to counts against the size
 * limit before a byte is inflated (the sizes a zip declares are checked
 * as it is read), an encrypted part is refused, nothing a document refers
 * to outside itself is read, XML is parsed without the network and
 * without entity substitution, and tables have a cap on their cells.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <zip.h>

#include "error.h"
#include "intake.h"
#include "text.h"

/* What a table may hold: cells of a sheet, merged ranges, columns. */
#define MAX_CELLS 400000
#define MAX_MERGES 8192
#define MAX_COLS 256
#define MAX_SHEETS 64
#define MAX_ENTRIES 10000

/* ---- the container ---- */

/* ---- XML helpers: elements by local name, attributes by local name ---- */



/* The value of attribute name (any namespace), borrowed; NULL if none. */

static long
attr_long(const xmlNode *n, const char *name, long def)
{
	const char *v = ob__xml_attr(n, name);
	if (!v || !*v)
		return def;
	char *end;
	long x = strtol(v, &end, 10);
	return *end ? def : x;
}

/* An on/off property (<w:b/>, <w:b w:val="0"/>). */
static bool
on(const xmlNode *n)
{
	if (!n)
		return false;
	const char *v = ob__xml_attr(n, "val");
	return !v || (strcmp(v, "0") && strcmp(v, "false") && strcmp(v, "off"));
}

/* ---- Word ---- */

/* A number format of a numbering level, and its text (%1、). */
typedef struct level {
	char fmt[32];
	char text[64];
	long start;
} level;

typedef struct numbering {
	struct {
		long id;
		level lv[9];
	} *abs;
	size_t nabs;
	struct {
		long id, abs; /* index into abs, -1 when none */
		long count[9];
	} *num;
	size_t nnum;
} numbering;

static void
numbering_read(ob__zipread *c, numbering *nb)
{
	xmlDoc *d = ob__zip_xml(c, "word/numbering.xml", false);
	xmlNode *root = d ? xmlDocGetRootElement(d) : NULL;
	size_t na = 0, nn = 0;
	for (xmlNode *x = root ? root->children : NULL; x; x = x->next) {
		na += ob__xml_is(x, "abstractNum");
		nn += ob__xml_is(x, "num");
	}
	if (!root || na > 4096 || nn > 4096 || !(nb->abs = calloc(na + 1, sizeof *nb->abs)) ||
	    !(nb->num = calloc(nn + 1, sizeof *nb->num))) {
		xmlFreeDoc(d);
		return;
	}
	for (xmlNode *x = root->children; x; x = x->next) {
		if (ob__xml_is(x, "abstractNum")) {
			nb->abs[nb->nabs].id = attr_long(x, "abstractNumId", -1);
			for (xmlNode *l = x->children; l; l = l->next) {
				long i = ob__xml_is(l, "lvl") ? attr_long(l, "ilvl", -1) : -1;
				if (i < 0 || i > 8)
					continue;
				level *lv = &nb->abs[nb->nabs].lv[i];
				const char *f = ob__xml_attr(ob__xml_child(l, "numFmt"), "val");
				const char *t = ob__xml_attr(ob__xml_child(l, "lvlText"), "val");
				snprintf(lv->fmt, sizeof lv->fmt, "%s", f ? f : "");
				snprintf(lv->text, sizeof lv->text, "%s", t ? t : "");
				lv->start = attr_long(ob__xml_child(l, "start"), "val", 1);
			}
			nb->nabs++;
		} else if (ob__xml_is(x, "num")) {
			nb->num[nb->nnum].id = attr_long(x, "numId", -1);
			long a = attr_long(ob__xml_child(x, "abstractNumId"), "val", -1);
			nb->num[nb->nnum].abs = -1;
			for (size_t k = 0; k < nb->nabs; k++)
				if (nb->abs[k].id == a)
					nb->num[nb->nnum].abs = (long)k;
			nb->nnum++;
		}
	}
	xmlFreeDoc(d);
}

/* n in Chinese numerals, as Word's chineseCounting writes it (十一, 二十). */
static void
chinese(long n, char *out, size_t size)
{
	static const char *const d[] = { "〇", "一", "二", "三", "四", "五", "六",
		"七", "八", "九" };
	out[0] = '\0';
	if (n <= 0 || n >= 100) {
		snprintf(out, size, "%ld", n);
		return;
	}
	if (n >= 10) {
		if (n >= 20)
			strncat(out, d[n / 10], size - strlen(out) - 1);
		strncat(out, "十", size - strlen(out) - 1);
		if (n % 10)
			strncat(out, d[n % 10], size - strlen(out) - 1);
		return;
	}
	strncat(out, d[n], size - strlen(out) - 1);
}

/* The number Word draws before a paragraph of list numId at level ilvl,
 * the counters moved on; "" for a bullet or none. */
static void
number_label(numbering *nb, long numId, long ilvl, ob__sbuf *out)
{
	if (ilvl < 0 || ilvl > 8)
		return;
	for (size_t k = 0; k < nb->nnum; k++) {
		if (nb->num[k].id != numId || nb->num[k].abs < 0)
			continue;
		level *lvs = nb->abs[nb->num[k].abs].lv;
		long *count = nb->num[k].count;
		count[ilvl] = count[ilvl] ? count[ilvl] + 1 : lvs[ilvl].start;
		for (long l = ilvl + 1; l < 9; l++)
			count[l] = 0;
		const level *lv = &lvs[ilvl];
		if (!strcmp(lv->fmt, "bullet") || !strcmp(lv->fmt, "none"))
			return;
		/* %1 … %9 in the level's text, each the number of its level */
		for (const char *p = lv->text; *p; p++) {
			if (p[0] != '%' || p[1] < '1' || p[1] > '9') {
				ob__sbuf_put(out, p, 1);
				continue;
			}
			long l = p[1] - '1';
			long v = count[l] ? count[l] : lvs[l].start;
			char num[32];
			const char *f = lvs[l].fmt;
			if (!strncmp(f, "chinese", 7) || !strncmp(f, "ideograph", 9) ||
			    !strncmp(f, "taiwanese", 9) || !strncmp(f, "japanese", 8))
				chinese(v, num, sizeof num);
			else
				snprintf(num, sizeof num, "%ld", v);
			ob__sbuf_puts(out, num);
			p++;
		}
		return;
	}
}

/* The text of the runs under n, in order: bold runs in <b>, breaks as
 * <br/>; deleted text and field codes left out. */
static void
runs(const xmlNode *n, ob__sbuf *out, int depth)
{
	if (depth > 64)
		return;
	for (const xmlNode *x = n->children; x; x = x->next) {
		if (x->type != XML_ELEMENT_NODE)
			continue;
		if (ob__xml_is(x, "del") || ob__xml_is(x, "instrText") || ob__xml_is(x, "delText") ||
		    ob__xml_is(x, "pPr") || ob__xml_is(x, "rPr"))
			continue;
		if (ob__xml_is(x, "r")) {
			bool bold = on(ob__xml_child(ob__xml_child(x, "rPr"), "b"));
			ob__sbuf t = { 0 };
			for (const xmlNode *y = x->children; y; y = y->next) {
				if (ob__xml_is(y, "t") && y->children && y->children->content)
					ob__sbuf_esc(&t, (const char *)y->children->content,
					    strlen((const char *)y->children->content));
				else if (ob__xml_is(y, "tab"))
					ob__sbuf_puts(&t, " ");
				else if (ob__xml_is(y, "br") || ob__xml_is(y, "cr"))
					ob__sbuf_puts(&t, "<br/>");
			}
			if (t.oom)
				out->oom = true;
			if (t.n && bold)
				ob__sbuf_puts(out, "<b>");
			if (t.n)
				ob__sbuf_put(out, t.s, t.n);
			if (t.n && bold)
				ob__sbuf_puts(out, "</b>");
			free(t.s);
			continue;
		}
		/* hyperlinks, insertions, smart tags, fields: their runs */
		runs(x, out, depth + 1);
	}
}

static void
paragraph(numbering *nb, const xmlNode *p, ob__sbuf *out)
{
	const xmlNode *ppr = ob__xml_child(p, "pPr"), *num = ob__xml_child(ppr, "numPr");
	ob__sbuf text = { 0 };
	if (num)
		number_label(nb, attr_long(ob__xml_child(num, "numId"), "val", -1),
		    attr_long(ob__xml_child(num, "ilvl"), "val", 0), &text);
	runs(p, &text, 0);
	if (text.oom)
		out->oom = true;
	if (text.n) {
		ob__sbuf_puts(out, "<p>");
		ob__sbuf_put(out, text.s, text.n);
		ob__sbuf_puts(out, "</p>\n");
	}
	free(text.s);
}

/* A cell's content: its paragraphs, lines apart; a table inside it as
 * its text. */
static void
cell_text(numbering *nb, const xmlNode *tc, ob__sbuf *out, int depth)
{
	bool first = true;
	for (const xmlNode *x = tc->children; x && depth < 16; x = x->next) {
		if (ob__xml_is(x, "p")) {
			ob__sbuf t = { 0 };
			const xmlNode *num = ob__xml_child(ob__xml_child(x, "pPr"), "numPr");
			if (num)
				number_label(nb, attr_long(ob__xml_child(num, "numId"), "val", -1),
				    attr_long(ob__xml_child(num, "ilvl"), "val", 0), &t);
			runs(x, &t, 0);
			if (t.n) {
				if (!first)
					ob__sbuf_puts(out, "<br/>");
				ob__sbuf_put(out, t.s, t.n);
				first = false;
			}
			out->oom |= t.oom;
			free(t.s);
		} else if (ob__xml_is(x, "tbl") || ob__xml_is(x, "tr") || ob__xml_is(x, "tc") || ob__xml_is(x, "sdt") ||
		    ob__xml_is(x, "sdtContent")) {
			cell_text(nb, x, out, depth + 1);
		}
	}
}

typedef struct tcell {
	long col, span, rowspan;
	int vmerge; /* 0 none, 1 restart, 2 continue */
	char *html;
} tcell;

static void
table(numbering *nb, const xmlNode *tbl, ob__sbuf *out)
{
	/* the rows' cells with their columns, then the rows each restart
	 * spans */
	size_t nrows = 0;
	for (const xmlNode *tr = tbl->children; tr; tr = tr->next)
		nrows += ob__xml_is(tr, "tr");
	tcell **rows = calloc(nrows + 1, sizeof *rows);
	size_t *ncells = calloc(nrows + 1, sizeof *ncells);
	if (!rows || !ncells) {
		free(rows);
		free(ncells);
		out->oom = true;
		return;
	}
	size_t r = 0, total = 0;
	for (const xmlNode *tr = tbl->children; tr; tr = tr->next) {
		if (!ob__xml_is(tr, "tr"))
			continue;
		size_t nc = 0;
		for (const xmlNode *tc = tr->children; tc; tc = tc->next)
			nc += ob__xml_is(tc, "tc");
		if (total + nc > MAX_CELLS || !(rows[r] = calloc(nc + 1, sizeof **rows))) {
			out->oom |= total + nc <= MAX_CELLS;
			break;
		}
		total += nc;
		long col = attr_long(ob__xml_child(ob__xml_child(tr, "trPr"), "gridBefore"), "val", 0);
		for (const xmlNode *tc = tr->children; tc; tc = tc->next) {
			if (!ob__xml_is(tc, "tc"))
				continue;
			const xmlNode *pr = ob__xml_child(tc, "tcPr");
			tcell *c = &rows[r][ncells[r]++];
			c->col = col;
			c->span = attr_long(ob__xml_child(pr, "gridSpan"), "val", 1);
			if (c->span < 1 || c->span > MAX_COLS)
				c->span = 1;
			const xmlNode *vm = ob__xml_child(pr, "vMerge");
			const char *v = vm ? ob__xml_attr(vm, "val") : NULL;
			c->vmerge = !vm ? 0 : v && !strcmp(v, "restart") ? 1 : 2;
			c->rowspan = 1;
			ob__sbuf t = { 0 };
			cell_text(nb, tc, &t, 0);
			out->oom |= t.oom;
			c->html = t.s;
			col += c->span;
		}
		r++;
	}
	nrows = r;
	for (size_t i = 0; i < nrows; i++)
		for (size_t k = 0; k < ncells[i]; k++) {
			tcell *c = &rows[i][k];
			if (c->vmerge != 1)
				continue;
			for (size_t j = i + 1; j < nrows; j++) {
				bool cont = false;
				for (size_t q = 0; q < ncells[j] && !cont; q++)
					cont = rows[j][q].col == c->col && rows[j][q].vmerge == 2;
				if (!cont)
					break;
				c->rowspan++;
			}
		}
	ob__sbuf_puts(out, "<table>\n");
	for (size_t i = 0; i < nrows; i++) {
		ob__sbuf_row(out, (long)i + 1);
		for (size_t k = 0; k < ncells[i]; k++) {
			tcell *c = &rows[i][k];
			if (c->vmerge == 2) {
				/* a continuation: the cell above spans it, unless
				 * there is none (a continue that starts a table) */
				bool above = false;
				for (size_t j = i; j-- > 0 && !above;)
					for (size_t q = 0; q < ncells[j] && !above; q++)
						above = rows[j][q].col == c->col &&
						    rows[j][q].vmerge == 1 &&
						    j + (size_t)rows[j][q].rowspan > i;
				if (above)
					continue;
			}
			ob__sbuf_puts(out, "<td");
			ob__sbuf_spans(out, c->span, c->rowspan);
			ob__sbuf_puts(out, ">");
			if (c->html)
				ob__sbuf_puts(out, c->html);
			ob__sbuf_puts(out, "</td>");
		}
		ob__sbuf_puts(out, "</tr>\n");
	}
	ob__sbuf_puts(out, "</table>\n");
	for (size_t i = 0; i < nrows; i++) {
		for (size_t k = 0; rows[i] && k < ncells[i]; k++)
			free(rows[i][k].html);
		free(rows[i]);
	}
	free(rows);
	free(ncells);
}

static void
body(numbering *nb, const xmlNode *n, ob__sbuf *out, int depth)
{
	for (const xmlNode *x = n->children; x && depth < 32; x = x->next) {
		if (ob__xml_is(x, "p"))
			paragraph(nb, x, out);
		else if (ob__xml_is(x, "tbl"))
			table(nb, x, out);
		else if (ob__xml_is(x, "sdt") || ob__xml_is(x, "sdtContent") || ob__xml_is(x, "customXml") ||
		    ob__xml_is(x, "ins") || ob__xml_is(x, "smartTag"))
			body(nb, x, out, depth + 1);
	}
}

static int
docx(ob__zipread *c, ob__sbuf *out)
{
	xmlDoc *d = ob__zip_xml(c, "word/document.xml", true);
	if (!d)
		return c->r;
	numbering nb = { 0 };
	numbering_read(c, &nb);
	xmlNode *root = xmlDocGetRootElement(d);
	xmlNode *b = ob__xml_child(root, "body");
	if (b)
		body(&nb, b, out, 0);
	free(nb.abs);
	free(nb.num);
	xmlFreeDoc(d);
	return c->r;
}

/* ---- Excel ---- */

/* Column and row of a reference such as B3 (0-based); false if none. */
static bool
cell_ref(const char *s, long *col, long *row)
{
	long c = 0, r = 0;
	const char *p = s;
	while (*p >= 'A' && *p <= 'Z' && c <= MAX_COLS * 26)
		c = c * 26 + (*p++ - 'A' + 1);
	while (*p >= '0' && *p <= '9' && r < 10000000)
		r = r * 10 + (*p++ - '0');
	if (!c || !r || *p)
		return false;
	*col = c - 1;
	*row = r - 1;
	return true;
}

/* The text of an <si> or <is>: its <t>s, phonetic runs (rPh) aside. */
static void
rich_text(const xmlNode *n, ob__sbuf *out, int depth)
{
	for (const xmlNode *x = n->children; x && depth < 8; x = x->next) {
		if (ob__xml_is(x, "rPh"))
			continue;
		if (ob__xml_is(x, "t")) {
			for (const xmlNode *y = x->children; y; y = y->next)
				if (y->type == XML_TEXT_NODE && y->content)
					ob__sbuf_put(out, (const char *)y->content,
					    strlen((const char *)y->content));
		} else if (x->type == XML_ELEMENT_NODE) {
			rich_text(x, out, depth + 1);
		}
	}
}

typedef struct workbook {
	char **strings;
	size_t nstrings;
	bool *date_style; /* by the cell's s index */
	size_t nstyles;
} workbook;

static bool
date_format(long id, const char *code)
{
	if ((id >= 14 && id <= 22) || (id >= 27 && id <= 36) || (id >= 50 && id <= 58))
		return true;
	if (!code)
		return false;
	bool quoted = false, ymd = false;
	for (const char *p = code; *p; p++) {
		if (*p == '"')
			quoted = !quoted;
		else if (!quoted && (*p == 'y' || *p == 'Y' || *p == 'd' || *p == 'D'))
			ymd = true;
		else if (*p == '\\' && p[1])
			p++;
	}
	return ymd;
}

static void
workbook_read(ob__zipread *c, workbook *wb)
{
	xmlDoc *d = ob__zip_xml(c, "xl/sharedStrings.xml", false);
	xmlNode *root = d ? xmlDocGetRootElement(d) : NULL;
	size_t n = 0;
	for (xmlNode *x = root ? root->children : NULL; x; x = x->next)
		n += ob__xml_is(x, "si");
	if (root && n <= MAX_CELLS && (wb->strings = calloc(n + 1, sizeof *wb->strings))) {
		for (xmlNode *x = root->children; x; x = x->next) {
			if (!ob__xml_is(x, "si"))
				continue;
			ob__sbuf t = { 0 };
			rich_text(x, &t, 0);
			char *str = t.s ? t.s : strdup("");
			if (!str)
				break; /* out of memory: the strings read so far */
			wb->strings[wb->nstrings++] = str;
		}
	}
	xmlFreeDoc(d);

	d = ob__zip_xml(c, "xl/styles.xml", false);
	root = d ? xmlDocGetRootElement(d) : NULL;
	xmlNode *fmts = ob__xml_child(root, "numFmts"), *xfs = ob__xml_child(root, "cellXfs");
	n = 0;
	for (xmlNode *x = xfs ? xfs->children : NULL; x; x = x->next)
		n += ob__xml_is(x, "xf");
	if (xfs && n <= 65536 && (wb->date_style = calloc(n + 1, sizeof *wb->date_style))) {
		for (xmlNode *x = xfs->children; x; x = x->next) {
			if (!ob__xml_is(x, "xf"))
				continue;
			long id = attr_long(x, "numFmtId", 0);
			const char *code = NULL;
			for (xmlNode *f = fmts ? fmts->children : NULL; f && !code; f = f->next)
				if (ob__xml_is(f, "numFmt") && attr_long(f, "numFmtId", -1) == id)
					code = ob__xml_attr(f, "formatCode");
			wb->date_style[wb->nstyles++] = date_format(id, code);
		}
	}
	xmlFreeDoc(d);
}

/* A serial day of Excel's 1900 system as YYYY年M月D日. */
static bool
serial_date(const char *v, char *out, size_t size)
{
	char *end;
	double x = strtod(v, &end);
	if (*end || x < 1 || x > 2958465)
		return false;
	long days = (long)x - 25569; /* since 1970-01-01 */
	/* civil from days (Howard Hinnant's algorithm) */
	long z = days + 719468, era = (z >= 0 ? z : z - 146096) / 146097;
	long doe = z - era * 146097;
	long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long y = yoe + era * 400, doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long mp = (5 * doy + 2) / 153, d = doy - (153 * mp + 2) / 5 + 1;
	long m = mp < 10 ? mp + 3 : mp - 9;
	y += m <= 2;
	if (y < 1900 || y > 9999 || m < 1 || m > 12 || d < 1 || d > 31)
		return false;
	snprintf(out, size, "%d年%d月%d日", (int)y % 10000, (int)m % 13, (int)d % 32);
	return true;
}

typedef struct xcell {
	long row, col, rowspan, colspan;
	bool covered;
	char *text;
} xcell;

static int
by_place(const void *a, const void *b)
{
	const xcell *x = a, *y = b;
	if (x->row != y->row)
		return x->row < y->row ? -1 : 1;
	return (x->col > y->col) - (x->col < y->col);
}

static void
sheet(workbook *wb, const xmlNode *root, const char *name, ob__sbuf *out)
{
	xmlNode *data = ob__xml_child(root, "sheetData");
	size_t cap = 0, n = 0;
	xcell *cells = NULL;
	long next_row = 0;
	for (xmlNode *row = data ? data->children : NULL; row; row = row->next) {
		if (!ob__xml_is(row, "row"))
			continue;
		long rn = attr_long(row, "r", next_row + 1) - 1, next_col = 0;
		if (rn < 0)
			rn = next_row;
		next_row = rn + 1;
		for (xmlNode *cx = row->children; cx; cx = cx->next) {
			if (!ob__xml_is(cx, "c"))
				continue;
			long col = next_col, rr = rn;
			const char *ref = ob__xml_attr(cx, "r");
			if (ref && !cell_ref(ref, &col, &rr))
				continue;
			next_col = col + 1;
			if (col >= MAX_COLS)
				continue;
			const char *t = ob__xml_attr(cx, "t");
			xmlNode *v = ob__xml_child(cx, "v");
			const char *vs = v && v->children ? (const char *)v->children->content : NULL;
			ob__sbuf text = { 0 };
			if (t && !strcmp(t, "s") && vs) {
				char *end;
				unsigned long i = strtoul(vs, &end, 10);
				if (!*end && i < wb->nstrings)
					ob__sbuf_puts(&text, wb->strings[i]);
			} else if (t && !strcmp(t, "inlineStr")) {
				xmlNode *is_ = ob__xml_child(cx, "is");
				if (is_)
					rich_text(is_, &text, 0);
			} else if (vs) {
				long s = attr_long(cx, "s", -1);
				char date[64];
				if ((!t || !strcmp(t, "n")) && s >= 0 && (size_t)s < wb->nstyles &&
				    wb->date_style[s] && serial_date(vs, date, sizeof date))
					ob__sbuf_puts(&text, date);
				else
					ob__sbuf_puts(&text, vs);
			}
			if (!text.n) {
				free(text.s);
				continue;
			}
			if (n == cap) {
				size_t nc = cap ? cap * 2 : 256;
				xcell *p = nc <= MAX_CELLS ? realloc(cells, nc * sizeof *cells) : NULL;
				if (!p) {
					free(text.s);
					out->oom |= nc <= MAX_CELLS;
					goto done;
				}
				cells = p;
				cap = nc;
			}
			cells[n++] = (xcell){ rr, col, 1, 1, false, text.s };
		}
	}
done:
	/* merged ranges: the top-left cell spans them, the others go */
	{
		xmlNode *merges = ob__xml_child(root, "mergeCells");
		size_t nm = 0;
		for (xmlNode *m = merges ? merges->children : NULL; m && nm < MAX_MERGES; m = m->next) {
			const char *ref = ob__xml_is(m, "mergeCell") ? ob__xml_attr(m, "ref") : NULL;
			const char *colon = ref ? strchr(ref, ':') : NULL;
			char a[16];
			long c1, r1, c2, r2;
			if (!colon || (size_t)(colon - ref) >= sizeof a)
				continue;
			memcpy(a, ref, (size_t)(colon - ref));
			a[colon - ref] = '\0';
			if (!cell_ref(a, &c1, &r1) || !cell_ref(colon + 1, &c2, &r2) ||
			    c2 < c1 || r2 < r1)
				continue;
			nm++;
			bool top = false;
			for (size_t k = 0; k < n; k++) {
				xcell *x = &cells[k];
				if (x->row < r1 || x->row > r2 || x->col < c1 || x->col > c2)
					continue;
				if (x->row == r1 && x->col == c1) {
					x->rowspan = r2 - r1 + 1;
					x->colspan = c2 - c1 + 1;
					top = true;
				} else {
					x->covered = true;
				}
			}
			if (!top && n < cap) {
				/* an empty top-left cell still spans the range */
				char *none = strdup("");
				if (none)
					cells[n++] = (xcell){ r1, c1, r2 - r1 + 1, c2 - c1 + 1, false, none };
			}
		}
	}
	if (n)
		qsort(cells, n, sizeof *cells, by_place);
	if (n && name)
		ob__sbuf_sheet(out, name);
	/* a row with one cell before the first row of several, or after the
	 * last (a title merged across the sheet, a note below it), is a line
	 * of text, not a row of the table */
	long first_multi = -1, last_multi = -1;
	for (size_t k = 0; k < n;) {
		long row = cells[k].row;
		int count = 0;
		for (; k < n && cells[k].row == row; k++)
			count += !cells[k].covered;
		if (count > 1) {
			if (first_multi < 0)
				first_multi = row;
			last_multi = row;
		}
	}
	bool open = false;
	for (size_t k = 0; k < n;) {
		long row = cells[k].row, col = 0;
		size_t e = k;
		int count = 0;
		while (e < n && cells[e].row == row)
			count += !cells[e++].covered;
		if (count == 1 && (row < first_multi || row > last_multi)) {
			for (; k < e; k++) {
				if (cells[k].covered)
					continue;
				if (open)
					ob__sbuf_puts(out, "</table>\n");
				open = false;
				ob__sbuf_puts(out, "<p>");
				const char *s = cells[k].text;
				for (const char *nl; (nl = strchr(s, '\n')); s = nl + 1) {
					ob__sbuf_esc(out, s, (size_t)(nl - s));
					ob__sbuf_puts(out, "<br/>");
				}
				ob__sbuf_esc(out, s, strlen(s));
				ob__sbuf_puts(out, "</p>\n");
			}
			continue;
		}
		if (!open)
			ob__sbuf_puts(out, "<table>\n");
		open = true;
		ob__sbuf_puts(out, "<tr>");
		for (; k < n && cells[k].row == row; k++) {
			xcell *x = &cells[k];
			if (x->covered)
				continue;
			/* empty cells before it, unless a range above covers them */
			for (; col < x->col; col++)
				ob__sbuf_puts(out, "<td></td>");
			/* the cell's name, for a reader of the drawn page */
			ob__sbuf_cell(out, x->col, x->row);
			ob__sbuf_spans(out, x->colspan, x->rowspan);
			ob__sbuf_puts(out, ">");
			/* lines inside a cell stay one cell */
			const char *s = x->text;
			for (const char *nl; (nl = strchr(s, '\n')); s = nl + 1) {
				ob__sbuf_esc(out, s, (size_t)(nl - s));
				ob__sbuf_puts(out, "<br/>");
			}
			ob__sbuf_esc(out, s, strlen(s));
			ob__sbuf_puts(out, "</td>");
			col = x->col + x->colspan;
		}
		ob__sbuf_puts(out, "</tr>\n");
	}
	if (open)
		ob__sbuf_puts(out, "</table>\n");
	for (size_t k = 0; k < n; k++)
		free(cells[k].text);
	free(cells);
}

static int
xlsx(ob__zipread *c, ob__sbuf *out)
{
	xmlDoc *wbd = ob__zip_xml(c, "xl/workbook.xml", true);
	if (!wbd)
		return c->r;
	xmlDoc *rels = ob__zip_xml(c, "xl/_rels/workbook.xml.rels", false);
	workbook wb = { 0 };
	workbook_read(c, &wb);
	xmlNode *sheets = ob__xml_child(xmlDocGetRootElement(wbd), "sheets");
	int count = 0;
	for (xmlNode *s = sheets ? sheets->children : NULL; s && count < MAX_SHEETS && !c->r;
	    s = s->next) {
		if (!ob__xml_is(s, "sheet"))
			continue;
		count++;
		const char *id = ob__xml_attr(s, "id"), *target = NULL;
		xmlNode *rr = rels ? xmlDocGetRootElement(rels) : NULL;
		for (xmlNode *r = rr ? rr->children : NULL; r && id && !target; r = r->next)
			if (ob__xml_is(r, "Relationship") && ob__xml_attr(r, "Id") && !strcmp(ob__xml_attr(r, "Id"), id))
				target = ob__xml_attr(r, "Target");
		/* a target inside the package only: never outside it */
		char path[512];
		if (target && target[0] == '/')
			snprintf(path, sizeof path, "%s", target + 1);
		else if (target)
			snprintf(path, sizeof path, "xl/%s", target);
		else
			snprintf(path, sizeof path, "xl/worksheets/sheet%d.xml", count);
		if (strstr(path, "..") || strstr(path, "://"))
			continue;
		xmlDoc *sd = ob__zip_xml(c, path, false);
		if (sd)
			sheet(&wb, xmlDocGetRootElement(sd), ob__xml_attr(s, "name"), out);
		xmlFreeDoc(sd);
	}
	for (size_t k = 0; k < wb.nstrings; k++)
		free(wb.strings[k]);
	free(wb.strings);
	free(wb.date_style);
	xmlFreeDoc(rels);
	xmlFreeDoc(wbd);
	return c->r;
}

/* ---- the page ---- */

/* The document's core properties (its title, the body that made it: its
 * creator or the company the application names, its date: when it was
 * last saved, else made), where they read as such. */
static void
core_props(ob__zipread *c, ob__sbuf *out)
{
	xmlDoc *d = ob__zip_xml(c, "docProps/core.xml", false);
	xmlDoc *app = ob__zip_xml(c, "docProps/app.xml", false);
	const xmlNode *cr = d ? xmlDocGetRootElement(d) : NULL;
	const char *author = ob__xml_child_text(cr, "creator");
	const char *company = ob__xml_child_text(app ? xmlDocGetRootElement(app) : NULL, "Company");
	const char *date = ob__xml_child_text(cr, "modified");
	ob__sbuf_props(out, ob__xml_child_text(cr, "title"), author, company,
	    date ? date : ob__xml_child_text(cr, "created"));
	xmlFreeDoc(app);
	xmlFreeDoc(d);
}

static zip_int64_t
count_entries(zip_t *z)
{
	return zip_get_num_entries(z, 0);
}

int
ob__office_page(const char *data, size_t len, size_t max, char **page,
		size_t *page_len, const char **kind, ob_error *err)
{
	zip_t *z;
	*page = NULL;
	*page_len = 0;
	*kind = NULL;
	int r0 = ob__zip_open(data, len, 12, "ZIP archive", &z, err);
	if (r0)
		return r0;
	ob__zipread c = { z, max, err, 0, 12, "Office file" };
	ob__sbuf out = { 0 };
	int r = 0;
	if (count_entries(z) > MAX_ENTRIES) {
		r = ob__error_set(err, OB_ERR_LIMIT, 12, 0,
		    "this ZIP archive has %lld entries, more than an Office file has",
		    (long long)count_entries(z));
		goto end;
	}
	if (zip_name_locate(z, "OFD.xml", 0) >= 0) {
		/* a fixed-layout OFD document: its own reader */
		zip_discard(z);
		*kind = "ofd";
		return ob__ofd_page(data, len, max, page, page_len, err);
	}
	bool is_docx = zip_name_locate(z, "word/document.xml", 0) >= 0;
	bool is_xlsx = zip_name_locate(z, "xl/workbook.xml", 0) >= 0;
	/* OpenDocument: its mimetype entry names it */
	char *mime = NULL;
	size_t ml = 0;
	const char *odf = NULL;
	if (!is_docx && !is_xlsx && ob__zip_part(&c, "mimetype", &mime, &ml) == 0) {
		if (strstr(mime, "opendocument.text"))
			odf = "odt";
		else if (strstr(mime, "opendocument.spreadsheet"))
			odf = "ods";
	}
	free(mime);
	if (c.r) {
		r = c.r;
		goto end;
	}
	if (!is_docx && !is_xlsx && !odf) {
		r = ob__error_set(err, OB_ERR_BINARY, 6, 0, "this is a ZIP archive, not "
		    "a .docx, .xlsx, .odt, .ods or .ofd file (oblix reads Word, Excel, "
		    "OpenDocument and OFD files, PDF and text)");
		goto end;
	}
	*kind = is_docx ? "docx" : is_xlsx ? "xlsx" : odf;
	ob__sbuf_puts(&out, "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"/>\n");
	if (!odf)
		core_props(&c, &out);
	else
		ob__odf_props(&c, &out);
	ob__sbuf_puts(&out, "</head><body>\n");
	r = is_docx ? docx(&c, &out) : is_xlsx ? xlsx(&c, &out) : ob__odf_body(&c, &out);
	ob__sbuf_puts(&out, "</body></html>\n");
	if (!r && out.oom)
		r = ob__error_set(err, OB_ERR_NOMEM, 0, 0, "out of memory");
	if (!r && out.n > max)
		r = ob__error_set(err, OB_ERR_TOO_LARGE, 5, max,
		    "the Office file's text is %zu bytes, over the limit of %zu bytes",
		    out.n, max);
end:
	zip_discard(z); /* frees the archive and its source */
	if (r) {
		free(out.s);
		return r;
	}
	*page = out.s;
	*page_len = out.n;
	return 0;
}
