/*
 * Pages of positioned characters (a PDF's text layer, an OFD's text
 * objects) set as the page the HTML intake reads:
 *
 *   - lines as they stand on the page: the characters by the middle of
 *     their height, a line those within half a character of its first,
 *     then from the left; a gap of a quarter of a character is a blank;
 *   - a line that heads or foots most pages alike (a running title, the
 *     office's name) and a page number (- 3 -, 第3页, 3/12) are dropped;
 *   - lines make paragraphs: a line that runs to the right margin goes on
 *     in the next unless it ends a sentence; in a document whose
 *     paragraphs open indented (首行缩进, as official documents are set),
 *     only an indented line or one after a line that stopped short starts
 *     one;
 *   - a task table is rebuilt from where its columns stand: a line whose
 *     pieces (runs of characters a gap apart) name the genre's columns
 *     (序号 重点任务 牵头单位 …) is its header, each later character goes
 *     to the column it stands under, a new number in the 序号 column (or
 *     text in the first column) starts a row, a line across the columns
 *     (一、…方面) is a group row, and a header repeated on the next page is
 *     no row.  The table ends at a line that is no row.
 */
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "intake.h"
#include "text.h"

#define MAX_PIECES 16

typedef ob__glyph glyph;

typedef struct piece {
	size_t from, to; /* glyphs [from, to) of the line */
	double x1, x2;
} piece;

typedef struct line {
	glyph *g;
	size_t n;
	double x1, x2, y, h;
	double w; /* the width of a Chinese character on it */
	piece pc[MAX_PIECES];
	int npc;
	int page;
	bool drop;
} line;

/* The text of glyphs [a, b) of a line, blanks at either end left out. */
static void
glyph_text(const line *l, size_t a, size_t b, ob__sbuf *out, bool esc)
{
	while (a < b && l->g[a].len == 1 && (l->g[a].s[0] == ' ' || l->g[a].s[0] == '\t'))
		a++;
	while (b > a && l->g[b - 1].len == 1 &&
	    (l->g[b - 1].s[0] == ' ' || l->g[b - 1].s[0] == '\t'))
		b--;
	for (size_t k = a; k < b; k++) {
		/* a gap of a quarter of a character or more was a blank (5G
		 * 网络, ## 二、); set text runs on */
		if (k > a && l->g[k].x1 - l->g[k - 1].x2 > 0.25 * (l->w > 0 ? l->w : 10))
			ob__sbuf_put(out, " ", 1);
		if (esc)
			ob__sbuf_esc(out, l->g[k].s, l->g[k].len);
		else
			ob__sbuf_put(out, l->g[k].s, l->g[k].len);
	}
}

static char *
line_text(const line *l, size_t a, size_t b)
{
	ob__sbuf t = { 0 };
	glyph_text(l, a, b, &t, false);
	if (!t.s)
		t.s = calloc(1, 1);
	return t.s;
}

/* A page number alone on its line: 3, - 3 -, —3—, 第3页, 第3页 共12页, 3/12. */
static bool
page_number(const char *s)
{
	char buf[128];
	size_t n = 0;
	for (const char *p = s; *p && n + 1 < sizeof buf; p++)
		if (*p != ' ')
			buf[n++] = *p;
	buf[n] = '\0';
	const char *p = buf;
	static const char *const dashes[] = { "-", "—", "－", "–", NULL };
	for (int k = 0; dashes[k]; k++)
		while (!strncmp(p, dashes[k], strlen(dashes[k])))
			p += strlen(dashes[k]);
	if (!strncmp(p, "第", 3))
		p += 3;
	size_t d = strspn(p, "0123456789");
	if (!d || d > 4)
		return false;
	p += d;
	if (!strncmp(p, "页", 3))
		p += 3;
	if (*p == '/') {
		p++;
		p += strspn(p, "0123456789");
	}
	if (!strncmp(p, "共", 3)) {
		p += 3;
		p += strspn(p, "0123456789");
		if (!strncmp(p, "页", 3))
			p += 3;
	}
	for (int k = 0; dashes[k]; k++)
		while (!strncmp(p, dashes[k], strlen(dashes[k])))
			p += strlen(dashes[k]);
	return !*p;
}

/* A running head or foot: the text without its digits. */
static void
skeleton(const char *s, char *out, size_t size)
{
	size_t n = 0;
	for (; *s && n + 1 < size; s++)
		if ((*s < '0' || *s > '9') && *s != ' ')
			out[n++] = *s;
	out[n] = '\0';
}

/* Cut a line into pieces at gaps wider than about a character and a half:
 * the cells of a table row stand apart so. */
static void
cut_pieces(line *l)
{
	l->npc = 0;
	size_t start = 0;
	while (start < l->n && l->g[start].len == 1 && l->g[start].s[0] == ' ')
		start++;
	if (start >= l->n)
		return;
	double gap = 0.8 * (l->w > 0 ? l->w : 10);
	size_t last = start;
	l->pc[0] = (piece){ start, start + 1, l->g[start].x1, l->g[start].x2 };
	l->npc = 1;
	for (size_t k = start + 1; k < l->n; k++) {
		const glyph *g = &l->g[k];
		if (g->len == 1 && g->s[0] == ' ')
			continue;
		if (g->x1 - l->g[last].x2 > gap && l->npc < MAX_PIECES) {
			l->pc[l->npc++] = (piece){ k, k + 1, g->x1, g->x2 };
		} else {
			l->pc[l->npc - 1].to = k + 1;
			if (g->x2 > l->pc[l->npc - 1].x2)
				l->pc[l->npc - 1].x2 = g->x2;
		}
		last = k;
	}
}

static int
by_middle(const void *a, const void *b)
{
	const glyph *x = a, *y = b;
	double mx = x->y1 + x->y2, my = y->y1 + y->y2;
	return (mx > my) - (mx < my);
}

static int
by_left(const void *a, const void *b)
{
	const glyph *x = a, *y = b;
	return (x->x1 > y->x1) - (x->x1 < y->x1);
}

/* ---- tables ---- */

typedef struct column {
	double x1, x2; /* where its header stands */
	int kind;
} column;

/* Does the line name a task table's columns?  Their kinds and places. */
static int
header_of(const line *l, column *cols)
{
	bool task = false, who = false;
	if (l->npc < 3)
		return 0;
	for (int k = 0; k < l->npc; k++) {
		char *t = line_text(l, l->pc[k].from, l->pc[k].to);
		char *w = t;
		for (const char *q = t; *q; q++)
			if (*q != ' ')
				*w++ = *q;
		*w = '\0';
		int kind = ob__table_column(t);
		free(t);
		task |= kind == OB_COL_TASK;
		who |= kind == OB_COL_LEAD || kind == OB_COL_RESP;
		cols[k] = (column){ l->pc[k].x1, l->pc[k].x2, kind };
	}
	return task && who ? l->npc : 0;
}

/* The column a piece stands under: the one whose span its middle falls
 * in, between the midpoints of the headers. */
static int
column_of(const column *cols, int ncol, const piece *p)
{
	double mid = (p->x1 + p->x2) / 2;
	for (int k = 0; k < ncol; k++) {
		double lo = k ? (cols[k - 1].x2 + cols[k].x1) / 2 : -1e9;
		double hi = k + 1 < ncol ? (cols[k].x2 + cols[k + 1].x1) / 2 : 1e9;
		if (mid >= lo && mid < hi)
			return k;
	}
	return ncol - 1;
}

typedef struct trow {
	ob__sbuf cell[MAX_PIECES];
	bool group;
} trow;

static void
row_flush(trow *r, int ncol, ob__sbuf *out)
{
	bool any = false;
	for (int k = 0; k < ncol; k++)
		any |= r->cell[k].n > 0;
	if (any) {
		ob__sbuf_puts(out, "<tr>");
		if (r->group) {
			char a[64];
			snprintf(a, sizeof a, "<td colspan=\"%d\">", ncol);
			ob__sbuf_puts(out, a);
			for (int k = 0; k < ncol; k++)
				if (r->cell[k].n)
					ob__sbuf_put(out, r->cell[k].s, r->cell[k].n);
			ob__sbuf_puts(out, "</td>");
		} else {
			for (int k = 0; k < ncol; k++) {
				ob__sbuf_puts(out, "<td>");
				if (r->cell[k].n)
					ob__sbuf_put(out, r->cell[k].s, r->cell[k].n);
				ob__sbuf_puts(out, "</td>");
			}
		}
		ob__sbuf_puts(out, "</tr>\n");
	}
	for (int k = 0; k < MAX_PIECES; k++) {
		out->oom |= r->cell[k].oom;
		free(r->cell[k].s);
		r->cell[k] = (ob__sbuf){ 0 };
	}
	r->group = false;
}

static bool
is_number(const char *s)
{
	size_t d = strspn(s, "0123456789");
	return d > 0 && d < 5 && (!s[d] || s[d] == '.' || !strcmp(s + d, "、"));
}

/* Lines [from, to) as a table under header h: the index of the first
 * line that is no part of it. */
static size_t
table(line *ls, size_t from, size_t to, const column *cols, int ncol, ob__sbuf *out)
{
	trow r = { 0 };
	int no_col = -1;
	for (int k = 0; k < ncol; k++)
		if (cols[k].kind == OB_COL_NO && no_col < 0)
			no_col = k;
	double left = cols[0].x1, right = cols[ncol - 1].x2;
	double width = right - left;
	ob__sbuf_puts(out, "<table>\n<tr>");
	for (int k = 0; k < ncol; k++) {
		ob__sbuf_puts(out, "<td>");
		glyph_text(&ls[from - 1], ls[from - 1].pc[k].from, ls[from - 1].pc[k].to, out, true);
		ob__sbuf_puts(out, "</td>");
	}
	ob__sbuf_puts(out, "</tr>\n");
	size_t i = from;
	for (; i < to; i++) {
		line *l = &ls[i];
		if (l->drop || !l->npc)
			continue;
		column again[MAX_PIECES];
		if (header_of(l, again) == ncol)
			continue; /* the header on the next page */
		/* a line out of the table's columns, or a paragraph across it */
		if (l->x2 < left - 2 || l->x1 > right + 2)
			break;
		char *first = line_text(l, l->pc[0].from, l->pc[0].to);
		int c0 = column_of(cols, ncol, &l->pc[0]);
		bool across = l->npc == 1 && l->pc[0].x2 - l->pc[0].x1 > 0.6 * width;
		bool group = across && (!strncmp(first, "一", 3) || !strncmp(first, "二", 3) ||
		    !strncmp(first, "三", 3) || !strncmp(first, "四", 3) ||
		    !strncmp(first, "五", 3) || !strncmp(first, "六", 3) ||
		    !strncmp(first, "七", 3) || !strncmp(first, "八", 3) ||
		    !strncmp(first, "九", 3) || !strncmp(first, "十", 3));
		if (across && !group) {
			free(first);
			break;
		}
		bool starts = group || (no_col >= 0 ? c0 == no_col && is_number(first) :
		    c0 == 0);
		free(first);
		if (starts)
			row_flush(&r, ncol, out);
		if (group) {
			r.group = true;
			glyph_text(l, 0, l->n, &r.cell[0], true);
			row_flush(&r, ncol, out);
			continue;
		}
		/* each character to the column it stands under (cells may
		 * stand closer than a gap shows); a cell wrapped over lines is
		 * one cell */
		for (size_t g = 0; g < l->n;) {
			piece one = { g, g + 1, l->g[g].x1, l->g[g].x2 };
			int c = column_of(cols, ncol, &one);
			size_t e = g + 1;
			while (e < l->n) {
				piece next = { e, e + 1, l->g[e].x1, l->g[e].x2 };
				if (column_of(cols, ncol, &next) != c)
					break;
				e++;
			}
			glyph_text(l, g, e, &r.cell[c], true);
			g = e;
		}
	}
	row_flush(&r, ncol, out);
	ob__sbuf_puts(out, "</table>\n");
	return i;
}

/* ---- the document ---- */

static bool
sentence_end(const char *s)
{
	size_t n = strlen(s);
	static const char *const ends[] = { "。", "；", "：", "！", "？", "”", NULL };
	for (int k = 0; ends[k]; k++) {
		size_t l = strlen(ends[k]);
		if (n >= l && !strcmp(s + n - l, ends[k]))
			return true;
	}
	return false;
}

/* Where a page starts, a mark the reader of the drawn page sees (oblix
 * segment --text): positions count in lines of the page, and the mark
 * says which page of the file a line is on. */
static void
page_mark(ob__sbuf *out, int page, int *shown)
{
	if (page == *shown)
		return;
	char m[48];
	snprintf(m, sizeof m, "<!-- page %d -->", page + 1);
	ob__sbuf_puts(out, m);
	*shown = page;
}

/* The first (or the last) line of page p that is kept; -1 if none. */
static size_t
kept_line(const line *ls, size_t nl, int p, bool last)
{
	size_t pick = (size_t)-1;
	for (size_t k = 0; k < nl; k++)
		if (ls[k].page == p && !ls[k].drop) {
			pick = k;
			if (!last)
				break;
		}
	return pick;
}

int
ob__layout_page(ob__glyph **pages, const size_t *counts, int np, size_t max,
		char **page, size_t *page_len, ob_error *err)
{
	line *ls = NULL;
	size_t nl = 0, cap = 0, glyphs = 0;
	int r = 0;
	double right_margin = 0, left_margin = 1e9;
	*page = NULL;
	*page_len = 0;
	for (int p = 0; p < np && !r; p++) {
		glyph *gs = pages[p];
		size_t ng = counts[p];
		if (!gs)
			continue;
		/* lines as they stand on the page, not in poppler's order (which
		 * reads a table cell by cell): the visible characters by the
		 * middle of their height, a line those within half a character
		 * of its first, then from the left */
		size_t nv = 0;
		for (size_t k = 0; k < ng; k++)
			if (!(gs[k].len == 1 && (gs[k].s[0] == ' ' || gs[k].s[0] == '\n' ||
			    gs[k].s[0] == '\t' || gs[k].s[0] == '\r')))
				gs[nv++] = gs[k];
		qsort(gs, nv, sizeof *gs, by_middle);
		for (size_t s = 0, e; s < nv; s = e) {
			double mid = (gs[s].y1 + gs[s].y2) / 2, h = gs[s].y2 - gs[s].y1;
			if (h < 1)
				h = 1;
			for (e = s + 1; e < nv && (gs[e].y1 + gs[e].y2) / 2 - mid < 0.5 * h; e++)
				;
			qsort(gs + s, e - s, sizeof *gs, by_left);
			if (nl == cap) {
				size_t c2 = cap ? cap * 2 : 1024;
				line *q = realloc(ls, c2 * sizeof *ls);
				if (!q) {
					r = ob__error_set(err, OB_ERR_NOMEM, 0, 0, "out of memory");
					break;
				}
				ls = q;
				cap = c2;
			}
			line *l = &ls[nl++];
			memset(l, 0, sizeof *l);
			l->g = gs + s;
			l->n = e - s;
			l->page = p;
			l->x1 = 1e9;
			double hs = 0, ws = 0;
			size_t wn = 0;
			for (size_t k = s; k < e; k++) {
				if (gs[k].x1 < l->x1)
					l->x1 = gs[k].x1;
				if (gs[k].x2 > l->x2)
					l->x2 = gs[k].x2;
				hs += gs[k].y2 - gs[k].y1;
				if (gs[k].len == 3 && (unsigned char)gs[k].s[0] >= 0xE3)
					ws += gs[k].x2 - gs[k].x1, wn++;
			}
			l->y = mid;
			l->h = hs / (double)(e - s);
			l->w = wn ? ws / (double)wn : l->h;
			glyphs += e - s;
			cut_pieces(l);
		}
	}
	if (r)
		goto end;
	if (!glyphs) {
		r = OB_ERR_EMPTY; /* the caller says why */
		goto end;
	}
	/* page numbers; heads and feet that most pages repeat */
	{
		int npages = np;
		for (size_t k = 0; k < nl; k++) {
			char *t = line_text(&ls[k], 0, ls[k].n);
			if (page_number(t))
				ls[k].drop = true;
			free(t);
		}
		for (int end = 0; end < 2 && npages >= 3; end++) {
			/* the first (or last) kept line of each page */
			char first[256] = "";
			int same = 0, seen = 0;
			for (int p = 0; p < npages; p++) {
				size_t pick = kept_line(ls, nl, p, end);
				if (pick == (size_t)-1)
					continue;
				char *t = line_text(&ls[pick], 0, ls[pick].n), sk[256];
				skeleton(t, sk, sizeof sk);
				free(t);
				seen++;
				if (!first[0])
					snprintf(first, sizeof first, "%s", sk);
				same += !strcmp(first, sk) && sk[0];
			}
			if (seen >= 3 && same * 2 > seen) {
				for (int p = 0; p < npages; p++) {
					size_t pick = kept_line(ls, nl, p, end);
					if (pick == (size_t)-1)
						continue;
					char *t = line_text(&ls[pick], 0, ls[pick].n), sk[256];
					skeleton(t, sk, sizeof sk);
					free(t);
					if (!strcmp(sk, first))
						ls[pick].drop = true;
				}
			}
		}
	}
	for (size_t k = 0; k < nl; k++) {
		if (ls[k].drop)
			continue;
		if (ls[k].x2 > right_margin)
			right_margin = ls[k].x2;
		if (ls[k].x1 < left_margin)
			left_margin = ls[k].x1;
	}
	/* a document whose paragraphs open indented (首行缩进, as official
	 * documents are set): only an indented line, or one after a line that
	 * stopped short, starts a paragraph; a sentence may end at a line's
	 * end inside one */
	size_t indented = 0, kept = 0;
	for (size_t k = 0; k < nl; k++) {
		if (ls[k].drop)
			continue;
		double ch = ls[k].w > 0 ? ls[k].w : 10;
		kept++;
		indented += ls[k].x1 > left_margin + 1.2 * ch && ls[k].x1 < left_margin + 2.8 * ch;
	}
	bool indent_mode = kept && indented * 10 >= kept;
	ob__sbuf out = { 0 };
	ob__sbuf_puts(&out, "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"/></head><body>\n");
	bool open = false;
	size_t prev = (size_t)-1;
	int shown = -1; /* the page whose mark was written last */
	for (size_t k = 0; k < nl; k++) {
		line *l = &ls[k];
		if (l->drop)
			continue;
		column cols[MAX_PIECES];
		int ncol = header_of(l, cols);
		if (ncol) {
			if (open)
				ob__sbuf_puts(&out, "</p>\n");
			open = false;
			page_mark(&out, l->page, &shown);
			k = table(ls, k + 1, nl, cols, ncol, &out) - 1;
			prev = (size_t)-1;
			continue;
		}
		char *t = line_text(l, 0, l->n);
		double ch = l->w > 0 ? l->w : 10;
		/* an indented line, or one after a line that stopped short or
		 * ended a sentence, starts a paragraph */
		bool starts = !open || prev == (size_t)-1 || l->x1 > left_margin + 1.2 * ch;
		if (!starts) {
			const line *pl = &ls[prev];
			char *pt = line_text(pl, 0, pl->n);
			starts = pl->x2 < right_margin - 2 * ch ||
			    (!indent_mode && sentence_end(pt));
			free(pt);
		}
		prev = k;
		if (starts) {
			if (open)
				ob__sbuf_puts(&out, "</p>\n");
			ob__sbuf_puts(&out, "<p>");
			open = true;
		}
		page_mark(&out, l->page, &shown);
		ob__sbuf_esc(&out, t, strlen(t));
		free(t);
	}
	if (open)
		ob__sbuf_puts(&out, "</p>\n");
	ob__sbuf_puts(&out, "</body></html>\n");
	if (out.oom)
		r = ob__error_set(err, OB_ERR_NOMEM, 0, 0, "out of memory");
	else if (out.n > max)
		r = ob__error_set(err, OB_ERR_TOO_LARGE, 5, max,
		    "the PDF's text is %zu bytes, over the limit of %zu bytes", out.n, max);
	if (r) {
		free(out.s);
	} else {
		*page = out.s;
		*page_len = out.n;
	}
end:
	free(ls);
	return r;
}
