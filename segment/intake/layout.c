/* SPDX-License-Identifier: MIT */
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
 *   - a task table is rebuilt from where its characters stand: a line
 *     whose runs of characters name the genre's columns (序号 重点任务 牵头
 *     单位 …; a narrow column's heading wrapped on the lines below, a
 *     heading spaced out to fill its cell) is its header; the gutters no
 *     character of the rows below crosses are its columns, and the table
 *     ends where a line runs across them (a note, the page's foot); a gap
 *     wider than that between a cell's lines starts a row, except at the
 *     top of a page where the row a page break cut goes on; a line that
 *     opens with 一、 is a group row; a header repeated on the next page is
 *     no row.
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
	unsigned char drop; /* 1: dropped (a head, a page number); 2: left out
			     * of a table's columns for a while (a group row) */
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
		 * 网络, ## 二、), of a fifth where a Latin word meets Chinese
		 * (科研机构 and 人员: a Latin blank is narrow); set text
		 * runs on */
		double gap = k > a ? l->g[k].x1 - l->g[k - 1].x2 : 0;
		bool mixed = k > a && (l->g[k].len == 1) != (l->g[k - 1].len == 1);
		if (gap > (mixed ? 0.2 : 0.25) * (l->w > 0 ? l->w : 10))
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
by_double(const void *a, const void *b)
{
	const double *x = a, *y = b;
	return (*x > *y) - (*x < *y);
}

static int
by_left(const void *a, const void *b)
{
	const glyph *x = a, *y = b;
	return (x->x1 > y->x1) - (x->x1 < y->x1);
}

/* ---- tables ---- */

typedef struct column {
	double x1, x2; /* where it stands: its header, then its cells */
	int kind;
} column;

/* Runs of the x axis the characters of lines [a, b) cover, more than gap
 * apart, into iv (pairs), at most max; their count, -1 out of memory. */
static int
project(const line *ls, size_t a, size_t b, double gap, double *iv, int max)
{
	struct span { double a, b; } *v = NULL;
	size_t n = 0, cap = 0;
	for (size_t k = a; k < b; k++) {
		if (ls[k].drop)
			continue;
		for (size_t g = 0; g < ls[k].n; g++) {
			if (n == cap) {
				size_t c2 = cap ? cap * 2 : 256;
				struct span *q = realloc(v, c2 * sizeof *v);
				if (!q) {
					free(v);
					return -1;
				}
				v = q;
				cap = c2;
			}
			v[n++] = (struct span){ ls[k].g[g].x1, ls[k].g[g].x2 };
		}
	}
	int cnt = 0;
	if (n) {
		qsort(v, n, sizeof *v, by_double);
		double ca = v[0].a, cb = v[0].b;
		for (size_t k = 1; k <= n; k++) {
			if (k < n && v[k].a - cb <= gap) {
				if (v[k].b > cb)
					cb = v[k].b;
				continue;
			}
			if (cnt < max) {
				iv[2 * cnt] = ca;
				iv[2 * cnt + 1] = cb;
			}
			cnt++;
			if (k < n)
				ca = v[k].a, cb = v[k].b;
		}
	}
	free(v);
	return cnt;
}

/* The text of the characters of lines [a, b) whose middles stand in
 * [x1, x2), line after line. */
static char *
text_in(const line *ls, size_t a, size_t b, double x1, double x2)
{
	ob__sbuf t = { 0 };
	for (size_t k = a; k < b; k++)
		for (size_t g = 0; g < ls[k].n; g++) {
			double mid = (ls[k].g[g].x1 + ls[k].g[g].x2) / 2;
			if (mid >= x1 && mid < x2)
				ob__sbuf_put(&t, ls[k].g[g].s, ls[k].g[g].len);
		}
	if (!t.s)
		t.s = calloc(1, 1);
	return t.s;
}

/* The gap that parts two columns: wider than characters set side by
 * side ever stand, narrower than a cell's padding and rule. */
#define GUTTER(w) (0.08 * (w))

/* Does a task table's header start at line k: runs of characters that
 * name its columns, the headers of narrow columns wrapped over the lines
 * just below (序 / 号, 牵头单 / 位)?  Its columns, and in *end the line
 * after it. */
static int
header_at(const line *ls, size_t nl, size_t k, column *cols, size_t *end)
{
	const line *l = &ls[k];
	double w = l->w > 0 ? l->w : 10;
	if (l->drop || l->npc < 2 || l->n > 60)
		return 0;
	double iv[2 * MAX_PIECES];
	int n = project(ls, k, k + 1, GUTTER(w), iv, MAX_PIECES);
	if (n < 2 || n > MAX_PIECES)
		return 0;
	/* a heading spaced out to fill its cell (主 要 内 容): runs of one
	 * character a character or so apart are one */
	bool spread = false; /* run c is such a heading, merged so far */
	for (int c = 0; c + 1 < n;) {
		char *a = text_in(ls, k, k + 1, iv[2 * c] - 0.01, iv[2 * c + 1] + 0.01);
		char *b = text_in(ls, k, k + 1, iv[2 * c + 2] - 0.01, iv[2 * c + 3] + 0.01);
		bool one_a = a && *a && ob__utf8_len((unsigned char)a[0]) == strlen(a);
		bool one_b = b && *b && ob__utf8_len((unsigned char)b[0]) == strlen(b);
		bool spaced = (one_a || spread) && one_b && iv[2 * c + 2] - iv[2 * c + 1] < 2.5 * w;
		free(a);
		free(b);
		if (!spaced) {
			spread = false;
			c++;
			continue;
		}
		iv[2 * c + 1] = iv[2 * c + 3];
		memmove(iv + 2 * c + 2, iv + 2 * c + 4, (size_t)(2 * (n - c - 2)) * sizeof *iv);
		n--;
		spread = true;
	}
	/* the headers of narrow columns wrapped over the lines below: each
	 * of their characters under a run of the first line */
	size_t e = k + 1;
	while (e < nl && e < k + 3 && !ls[e].drop && ls[e].page == l->page &&
	    ls[e].y - ls[e - 1].y < 1.8 * (l->h > 0 ? l->h : 10) && ls[e].n <= 24) {
		bool under = true;
		for (size_t g = 0; g < ls[e].n && under; g++) {
			double mid = (ls[e].g[g].x1 + ls[e].g[g].x2) / 2;
			under = false;
			for (int c = 0; c < n && !under; c++)
				under = mid >= iv[2 * c] - w && mid <= iv[2 * c + 1] + w;
		}
		if (!under)
			break;
		e++;
	}
	bool task = false, who = false;
	if (n < 3)
		return 0;
	for (int c = 0; c < n; c++) {
		char *t = text_in(ls, k, e, iv[2 * c] - 0.01, iv[2 * c + 1] + 0.01);
		int kind = t ? ob__table_column(t) : OB_COL_OTHER;
		free(t);
		task |= kind == OB_COL_TASK;
		who |= kind == OB_COL_LEAD || kind == OB_COL_RESP;
		cols[c] = (column){ iv[2 * c], iv[2 * c + 1], kind };
	}
	*end = e;
	return task && who ? n : 0;
}

/* The column a run [x1, x2) stands in: the one it overlaps most, else
 * the nearest. */
static int
column_at(const column *cols, int ncol, double x1, double x2)
{
	int best = 0;
	double most = -1e18;
	for (int k = 0; k < ncol; k++) {
		double o = (x2 < cols[k].x2 ? x2 : cols[k].x2) - (x1 > cols[k].x1 ? x1 : cols[k].x1);
		if (o > most) {
			most = o;
			best = k;
		}
	}
	return best;
}

typedef struct trow {
	ob__sbuf cell[MAX_PIECES];
	bool group;
	long n; /* rows written, the header first */
} trow;

static void
row_flush(trow *r, int ncol, ob__sbuf *out)
{
	bool any = false;
	for (int k = 0; k < ncol; k++)
		any |= r->cell[k].n > 0;
	if (any) {
		ob__sbuf_row(out, ++r->n);
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
group_mark(const char *s)
{
	/* 一、 … 十二、: a numeral of one to three characters, then 、 */
	static const char *const cn = "一二三四五六七八九十";
	size_t i = 0;
	for (int k = 0; k < 3 && s[i]; k++) {
		bool digit = false;
		for (size_t c = 0; c < strlen(cn) && !digit; c += 3)
			digit = !strncmp(s + i, cn + c, 3);
		if (!digit)
			break;
		i += 3;
	}
	return i > 0 && !strncmp(s + i, "、", 3);
}

/* A line that holds nothing but a number in the number column. */
static bool
lone_number(const line *l, const column *cols, int ncol, int no_col)
{
	if (no_col < 0 || !l->n)
		return false;
	for (size_t g = 0; g < l->n; g++) {
		const char *s = l->g[g].s;
		if (column_at(cols, ncol, l->g[g].x1, l->g[g].x2) != no_col ||
		    !(l->g[g].len == 1 && ((*s >= '0' && *s <= '9') || *s == ' ' || *s == '.')))
			return false;
	}
	return true;
}

/* The lines after a header (lines [head, hend)) as its table: the index
 * of the first line that is no part of it.  The body is the longest run
 * of lines whose characters leave a gutter between every two columns
 * (no character of a row crosses one; a paragraph below the table does):
 * the gutters make the columns, each the column of the header it lies
 * under, and each character goes to the column it stands in.  A new
 * number under 序号 (or text in the first column) starts a row, a line
 * of one piece that opens with 一、… is a group row, a header repeated on
 * the next page is no row. */
static size_t
table(line *ls, size_t head, size_t hend, size_t to, const column *hcols, int ncol,
      ob__sbuf *out)
{
	double w = ls[head].w > 0 ? ls[head].w : 10;
	double left = hcols[0].x1, right = hcols[ncol - 1].x2;
	size_t end = hend;
	while (end < to && (ls[end].drop || (ls[end].x1 >= left - 3 * w &&
	    ls[end].x2 <= right + 3 * w)))
		end++;
	/* the longest body that keeps its gutters (group rows run across
	 * them: they are left out of the projection) */
	double iv[2 * 64];
	int n = 0;
	for (size_t k = hend; k < end; k++) {
		char *t = line_text(&ls[k], 0, ls[k].n);
		if (!ls[k].drop && ls[k].npc == 1 && group_mark(t))
			ls[k].drop = 2;
		free(t);
	}
	/* from the longest down: the lines below a table (a note, the
	 * page's foot) run across its gutters */
	size_t good = hend;
	for (size_t e = end; e > hend; e--) {
		if (ls[e - 1].drop)
			continue;
		n = project(ls, hend, e, GUTTER(w), iv, 64);
		if (n >= ncol && n <= 64) {
			good = e;
			break;
		}
	}
	end = good;
	n = project(ls, hend, end, GUTTER(w), iv, 64);
	for (size_t k = hend; k < to; k++)
		if (ls[k].drop == 2)
			ls[k].drop = 0;
	if (end <= hend || n < ncol)
		return hend; /* no body: the header is a line of text */
	column cols[MAX_PIECES];
	for (int c = 0; c < ncol; c++)
		cols[c] = (column){ 1e9, -1e9, hcols[c].kind };
	for (int q = 0; q < n && q < 64; q++) {
		int c = column_at(hcols, ncol, iv[2 * q], iv[2 * q + 1]);
		if (iv[2 * q] < cols[c].x1)
			cols[c].x1 = iv[2 * q];
		if (iv[2 * q + 1] > cols[c].x2)
			cols[c].x2 = iv[2 * q + 1];
	}
	for (int c = 0; c < ncol; c++)
		if (cols[c].x1 > cols[c].x2)
			cols[c] = hcols[c];
	trow r = { 0 };
	int no_col = -1;
	for (int k = 0; k < ncol; k++)
		if (cols[k].kind == OB_COL_NO && no_col < 0)
			no_col = k;
	ob__sbuf_puts(out, "<table>\n");
	ob__sbuf_row(out, ++r.n);
	for (int k = 0; k < ncol; k++) {
		char *t = text_in(ls, head, hend, hcols[k].x1 - 0.01, hcols[k].x2 + 0.01);
		ob__sbuf_puts(out, "<td>");
		ob__sbuf_esc(out, t, strlen(t));
		ob__sbuf_puts(out, "</td>");
		free(t);
	}
	ob__sbuf_puts(out, "</tr>\n");
	/* rows apart by more than a cell's lines: the least gap between two
	 * lines is that of a cell's lines, unless every row is one line */
	double least = 1e9, most = 0;
	for (size_t i = hend + 1, prev = hend; i < end; i++) {
		/* a row's number alone on a line between its lines (below)
		 * is no line of the flow */
		if (lone_number(&ls[i], cols, ncol, no_col))
			continue;
		size_t p = prev;
		prev = i;
		if (ls[i].drop || ls[p].drop || ls[i].page != ls[p].page)
			continue;
		double gap = ls[i].y - ls[p].y;
		if (gap > 0 && gap < least)
			least = gap;
		if (gap > most)
			most = gap;
	}
	bool one_line_rows = most < 1.15 * least;
	/* a note below the table that keeps inside its columns (各单位要于…
	 * 报送): one block apart from the last numbered row, with no number
	 * of its own, is no row */
	if (no_col >= 0) {
		size_t lastnum = (size_t)-1, cut = (size_t)-1, blocks = 0;
		for (size_t i = hend; i < end; i++)
			for (size_t g = 0; !ls[i].drop && g < ls[i].n; g++)
				if (column_at(cols, ncol, ls[i].g[g].x1, ls[i].g[g].x2) == no_col)
					lastnum = i;
		for (size_t i = lastnum + 1, p = lastnum; lastnum != (size_t)-1 && i < end; i++) {
			if (ls[i].drop)
				continue;
			/* a row a page break cut goes on at the next page's
			 * top: a page break alone sets no block apart */
			bool apart = one_line_rows || (ls[i].page == ls[p].page &&
			    ls[i].y - ls[p].y > 1.15 * least);
			if (apart && !blocks++)
				cut = i;
			p = i;
		}
		if (blocks == 1)
			end = cut;
	}
	size_t last = (size_t)-1;
	for (size_t i = hend; i < end; i++) {
		line *l = &ls[i];
		column again[MAX_PIECES];
		size_t he;
		if (l->drop)
			continue;
		if (header_at(ls, end, i, again, &he)) {
			i = he - 1; /* the header on the next page */
			last = (size_t)-1;
			continue;
		}
		bool apart = last == (size_t)-1 || ls[last].page != l->page || one_line_rows ||
		    l->y - ls[last].y > 1.15 * least;
		bool page_break = last != (size_t)-1 && ls[last].page != l->page;
		/* a row's number set in the middle of its height stands on a
		 * line of its own between the row's lines: it is the row's
		 * while the row has none, and the row's lines are apart from
		 * one another as if it were not there */
		bool lone = lone_number(l, cols, ncol, no_col);
		if (lone && !page_break && last != (size_t)-1 && r.cell[no_col].n == 0 &&
		    !r.group) {
			bool any = false;
			for (int c = 0; c < ncol; c++)
				any |= r.cell[c].n > 0;
			if (any)
				apart = false;
		}
		if (!lone || apart)
			last = i;
		char *first = line_text(l, 0, l->n);
		bool group = l->npc == 1 && group_mark(first);
		ob__sbuf cell[MAX_PIECES] = { { 0 } };
		for (size_t g = 0; g < l->n; g++) {
			int c = column_at(cols, ncol, l->g[g].x1, l->g[g].x2);
			ob__sbuf_esc(&cell[c], l->g[g].s, l->g[g].len);
		}
		/* a row a page break cut goes on at the top of the next page:
		 * no line of the block there (up to the next gap between rows)
		 * has a number in the number column */
		if (page_break && !group && no_col >= 0) {
			bool numbered = false;
			for (size_t j = i; j < end && !numbered; j++) {
				if (ls[j].drop || ls[j].page != l->page)
					continue;
				if (j > i && ls[j].y - ls[j - 1].y > 1.15 * least)
					break;
				for (size_t g = 0; g < ls[j].n && !numbered; g++)
					numbered = column_at(cols, ncol, ls[j].g[g].x1, ls[j].g[g].x2) ==
					    no_col;
			}
			if (!numbered)
				apart = false;
		}
		bool starts = group || apart;
		if (starts)
			row_flush(&r, ncol, out);
		if (group) {
			r.group = true;
			ob__sbuf_esc(&r.cell[0], first, strlen(first));
			row_flush(&r, ncol, out);
		} else {
			for (int c = 0; c < ncol; c++)
				if (cell[c].n)
					ob__sbuf_put(&r.cell[c], cell[c].s, cell[c].n);
		}
		for (int c = 0; c < MAX_PIECES; c++) {
			out->oom |= cell[c].oom;
			free(cell[c].s);
		}
		free(first);
	}
	row_flush(&r, ncol, out);
	ob__sbuf_puts(out, "</table>\n");
	return end;
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

static int
by_value(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

/* The margins the text is set to: where most full lines start and end,
 * not the farthest a line reaches (a long address that overflows, a
 * page number in the gutter).  From the outermost in, the first edge
 * that a tenth of the lines (three at least) share within a character. */
static void
margins(const line *ls, size_t nl, double *left, double *right)
{
	size_t n = 0;
	double *x1 = malloc((nl ? nl : 1) * sizeof *x1), *x2 = malloc((nl ? nl : 1) * sizeof *x2);
	double *w = malloc((nl ? nl : 1) * sizeof *w);
	*left = 1e9, *right = 0;
	for (size_t k = 0; k < nl; k++) {
		if (ls[k].drop)
			continue;
		if (ls[k].x2 > *right)
			*right = ls[k].x2;
		if (ls[k].x1 < *left)
			*left = ls[k].x1;
		if (x1 && x2 && w) {
			x1[n] = ls[k].x1, x2[n] = ls[k].x2;
			w[n++] = ls[k].w > 0 ? ls[k].w : 10;
		}
	}
	size_t need = n / 10 > 3 ? n / 10 : 3;
	if (n >= need && n >= 6) {
		qsort(x1, n, sizeof *x1, by_value);
		qsort(x2, n, sizeof *x2, by_value);
		qsort(w, n, sizeof *w, by_value);
		double ch = w[n / 2], lo_x = x1[0], hi_x = x2[n - 1], span = hi_x - lo_x;
		/* no farther in than a seventh of the text's width: where no
		 * line is full, the farthest is the margin */
		for (size_t i = n, j = n; i-- > 0 && x2[i] >= hi_x - span / 7;) { /* from the right */
			while (j > 0 && x2[j - 1] > x2[i] + 1e-9)
				j--;
			size_t lo = i;
			while (lo > 0 && x2[lo - 1] >= x2[i] - ch)
				lo--;
			if (j - lo >= need) {
				*right = x2[j - 1];
				break;
			}
		}
		for (size_t i = 0; i < n && x1[i] <= lo_x + span / 7; i++) { /* from the left */
			size_t hi = i;
			while (hi + 1 < n && x1[hi + 1] <= x1[i] + ch)
				hi++;
			if (hi - i + 1 >= need) {
				*left = x1[i];
				break;
			}
		}
	}
	free(x1);
	free(x2);
	free(w);
}

/* Whether paragraphs stand apart: the lines' own pitch (the distance
 * from a line to the next that most lines keep) and a tenth of the
 * distances at least a quarter wider than it. */
static bool
spaced(const line *ls, size_t nl, double *pitch)
{
	double *d = malloc((nl ? nl : 1) * sizeof *d);
	size_t n = 0, wide = 0;
	if (!d)
		return false;
	for (size_t k = 1, last = (size_t)-1; k <= nl; k++) {
		const line *l = &ls[k - 1];
		if (l->drop)
			continue;
		if (last != (size_t)-1 && ls[last].page == l->page && l->y > ls[last].y)
			d[n++] = l->y - ls[last].y;
		last = k - 1;
	}
	if (n >= 8) {
		qsort(d, n, sizeof *d, by_value);
		*pitch = d[n / 4];
		for (size_t k = 0; k < n; k++)
			wide += d[k] > 1.25 * *pitch && d[k] < 4 * *pitch;
	}
	free(d);
	return n >= 8 && wide * 10 >= n;
}

/* The width of the word of Latin letters, digits and signs (20%, 2.5)
 * that opens a line; 0 when it opens with none. */
static double
ascii_word(const line *l)
{
	size_t j = 0;
	while (j < l->n && l->g[j].len == 1 && l->g[j].s[0] > ' ')
		j++;
	return j ? l->g[j - 1].x2 - l->g[0].x1 : 0;
}

/* A line that opens a unit: 一、 （一） (一) 1. 1、 1．, bold or not. */
static bool
unit_mark(const char *s)
{
	while (*s == '*' || *s == ' ')
		s++;
	if (group_mark(s))
		return true;
	bool paren = !strncmp(s, "（", 3) || *s == '(';
	if (paren) {
		s += *s == '(' ? 1 : 3;
		static const char *const cn = "一二三四五六七八九十";
		size_t i = 0;
		while (i < 12) {
			size_t step = s[i] >= '0' && s[i] <= '9';
			for (size_t c = 0; c < strlen(cn) && !step; c += 3)
				if (!strncmp(s + i, cn + c, 3))
					step = 3;
			if (!step)
				break;
			i += step;
		}
		return i > 0 && (!strncmp(s + i, "）", 3) || s[i] == ')');
	}
	size_t i = 0;
	while (i < 3 && s[i] >= '0' && s[i] <= '9')
		i++;
	return i > 0 && (!strncmp(s + i, "、", 3) || !strncmp(s + i, "．", 3) ||
	    (s[i] == '.' && !(s[i + 1] >= '0' && s[i + 1] <= '9')));
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

/* The first (or the last) kept line of page p, its skeleton in sk. */
static size_t
kept_skeleton(const line *ls, size_t nl, int p, bool last, char *sk, size_t size)
{
	size_t pick = kept_line(ls, nl, p, last);
	if (pick != (size_t)-1) {
		char *t = line_text(&ls[pick], 0, ls[pick].n);
		skeleton(t ? t : "", sk, size);
		free(t);
	}
	return pick;
}

int
ob__layout_page(ob__glyph **pages, const size_t *counts, int np, size_t max,
		const char *head, char **page, size_t *page_len, ob_error *err)
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
		/* a page number heads or foots its page: one of its first
		 * or last two lines (a table's row number is not one) */
		for (size_t k = 0; k < nl; k++) {
			bool edge = (k < 2 || ls[k - 2].page != ls[k].page) ||
			    (k + 2 >= nl || ls[k + 2].page != ls[k].page);
			if (!edge)
				continue;
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
				char sk[256];
				size_t pick = kept_skeleton(ls, nl, p, end, sk, sizeof sk);
				if (pick == (size_t)-1)
					continue;
				seen++;
				if (!first[0])
					snprintf(first, sizeof first, "%s", sk);
				same += !strcmp(first, sk) && sk[0];
			}
			if (seen >= 3 && same * 2 > seen) {
				for (int p = 0; p < npages; p++) {
					char sk[256];
					size_t pick = kept_skeleton(ls, nl, p, end, sk, sizeof sk);
					if (pick == (size_t)-1)
						continue;
					if (!strcmp(sk, first))
						ls[pick].drop = true;
				}
			}
		}
	}
	margins(ls, nl, &left_margin, &right_margin);
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
	/* a document whose paragraphs stand apart (as a web page prints): a
	 * gap wider than the lines' own pitch starts a paragraph, and a line
	 * that stops short of a ragged right edge need not */
	double pitch = 0;
	bool block_mode = !indent_mode && spaced(ls, nl, &pitch);
	ob__sbuf out = { 0 };
	ob__sbuf_puts(&out, "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"/>\n");
	if (head)
		ob__sbuf_puts(&out, head);
	ob__sbuf_puts(&out, "</head><body>\n");
	bool open = false;
	size_t prev = (size_t)-1;
	int shown = -1; /* the page whose mark was written last */
	for (size_t k = 0; k < nl; k++) {
		line *l = &ls[k];
		if (l->drop)
			continue;
		column cols[MAX_PIECES];
		size_t hend, tend;
		int ncol = header_at(ls, nl, k, cols, &hend);
		if (ncol) {
			ob__sbuf tb = { 0 };
			tend = table(ls, k, hend, nl, cols, ncol, &tb);
			out.oom |= tb.oom;
			if (tend > hend) {
				if (open)
					ob__sbuf_puts(&out, "</p>\n");
				open = false;
				page_mark(&out, l->page, &shown);
				if (tb.s)
					ob__sbuf_put(&out, tb.s, tb.n);
				free(tb.s);
				k = tend - 1;
				prev = (size_t)-1;
				continue;
			}
			free(tb.s);
		}
		char *t = line_text(l, 0, l->n);
		double ch = l->w > 0 ? l->w : 10;
		/* an indented line, or one after a line that stopped short or
		 * ended a sentence, starts a paragraph */
		bool starts = !open || prev == (size_t)-1 || l->x1 > left_margin + 1.2 * ch;
		if (!starts) {
			const line *pl = &ls[prev];
			char *pt = line_text(pl, 0, pl->n);
			/* short: a line set to the margin may stop a character
			 * or two before it, where a closing mark may not start
			 * the next line (”新业 / 态。) */
			starts = pl->x2 < right_margin - (indent_mode ? 3.5 : 2) * ch ||
			    (!indent_mode && sentence_end(pt));
			if (block_mode)
				starts = pl->x2 < right_margin - 3.5 * ch;
			/* short where a word of Latin letters or digits that
			 * may not be broken (2500台, 20%) did not fit */
			if (starts && !sentence_end(pt) && ascii_word(l) > 0 &&
			    pl->x2 + ascii_word(l) + ch > right_margin)
				starts = false;
			if (block_mode && pl->page == l->page && l->y - pl->y > 1.25 * pitch)
				starts = true;
			/* a sentence a page break cut goes on at the top of the
			 * next page, whatever the last line's length, unless
			 * the line there opens a unit */
			if (pl->page != l->page && !sentence_end(pt))
				starts = unit_mark(t);
			/* a unit after one closed by its agencies' bracket,
			 * (…负责) at the margin */
			size_t pn = strlen(pt);
			if (!starts && unit_mark(t) && pn >= 1 &&
			    (pt[pn - 1] == ')' || (pn >= 3 && !strcmp(pt + pn - 3, "）"))))
				starts = true;
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
