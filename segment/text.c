/* SPDX-License-Identifier: MIT */
/* Input checks, UTF-8 helpers and positions. */
#include "text.h"

#include <assert.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/utf8.h>

#include "error.h"

uint32_t
ob__utf8_next_slow(const char *s, size_t len, size_t *i)
{
	UChar32 c;
	int32_t k = 0;
	const uint8_t *p = (const uint8_t *)s + *i;
	int32_t n = (int32_t)(len - *i > 4 ? 4 : len - *i);

	U8_NEXT(p, k, n, c);
	*i += (size_t)k;
	return c < 0 ? 0xFFFD : (uint32_t)c;
}

uint32_t
ob__utf8_prev(const char *s, size_t i, size_t *start)
{
	size_t j = i;

	if (i == 0) {
		*start = 0;
		return 0;
	}
	do
		j--;
	while (j > 0 && ((unsigned char)s[j] & 0xC0) == 0x80 && i - j < 4);
	*start = j;
	return ob__utf8_next(s, i, &j);
}

ob__charset *
ob__charset_new(const char *chars)
{
	ob__charset *set = calloc(1, sizeof *set);
	size_t len = strlen(chars);

	if (!set)
		return NULL;
	for (size_t i = 0; i < len;) {
		uint32_t c = ob__utf8_next(chars, len, &i);
		if (c < 0x10000)
			set->bits[c >> 6] |= (uint64_t)1 << (c & 63);
	}
	return set;
}

/* Line and column of byte o by counting from the start: used for errors
 * met before the line index exists. */
static void
count_pos(const char *data, size_t o, unsigned *line, unsigned *col)
{
	unsigned l = 1, c = 1;

	for (size_t i = 0; i < o; i++) {
		unsigned char b = (unsigned char)data[i];

		if (b == '\n') {
			l++;
			c = 1;
		} else if ((b & 0xC0) != 0x80) {
			c++;
		}
	}
	*line = l;
	*col = c;
}

/* The error of a NUL byte at offset o. */
static int
nul_byte(const char *data, size_t o, ob_error *err)
{
	ob__error_set(err, OB_ERR_BINARY, 3, o,
	    "NUL byte at byte offset %zu: this is not a text file", o);
	if (err)
		count_pos(data, o, &err->line, &err->column);
	return OB_ERR_BINARY;
}

int
ob__input_check(const char *data, size_t len, size_t max_size, ob_error *err)
{
	const uint8_t *p = (const uint8_t *)data;
	size_t i = 0;
	bool blank = true;

	if (len == 0)
		return ob__error_set(err, OB_ERR_EMPTY, 1, 0, "the input is empty");
	if (len > max_size)
		return ob__error_set(err, OB_ERR_TOO_LARGE, 5, max_size,
		    "the input is %zu bytes, over the limit of %zu bytes", len,
		    max_size);
	/* one pass: a NUL byte anywhere is reported before an invalid UTF-8
	 * byte, for a binary file is no text in any encoding */
	while (i < len) {
		if (p[i] < 0x80) {
			if (!p[i])
				return nul_byte(data, i, err);
			if (p[i] != ' ' && p[i] != '\t' && p[i] != '\r' &&
			    p[i] != '\n' && p[i] != '\f' && p[i] != '\v')
				blank = false;
			i++;
			continue;
		}
		/* Chinese text: leads E4-EC (U+4000-U+CFFF) with two
		 * continuation bytes are well-formed and not white space
		 * (U+3000 is), so they are taken without decoding */
		if (p[i] >= 0xE4 && p[i] <= 0xEC && len - i >= 3 &&
		    (p[i + 1] & 0xC0) == 0x80 && (p[i + 2] & 0xC0) == 0x80) {
			blank = false;
			i += 3;
			continue;
		}
		UChar32 c;
		int32_t k = 0;
		int32_t n = (int32_t)(len - i < 4 ? len - i : 4);

		U8_NEXT(p + i, k, n, c);
		if (c < 0) {
			const char *nul = memchr(data + i, 0, len - i);
			if (nul)
				return nul_byte(data, (size_t)(nul - data), err);
			ob__error_set(err, OB_ERR_UTF8, 4, i,
			    "invalid UTF-8 byte 0x%02X at byte offset %zu", p[i],
			    i);
			if (err)
				count_pos(data, i, &err->line, &err->column);
			return OB_ERR_UTF8;
		}
		/* BOM, no-break and ideographic spaces are white space too. */
		if (c != 0xFEFF && c != 0x3000 && c != 0xA0)
			blank = false;
		i += (size_t)k;
	}
	if (blank)
		return ob__error_set(err, OB_ERR_EMPTY, 2, 0,
		    "the input holds only white space");
	return 0;
}

/* Characters that start in orig [from, to], counted in the bitmap of
 * character starts. */
static unsigned
count_starts(const ob__text *t, size_t from, size_t to)
{
	unsigned n = 0;

	if (to >= t->orig_len)
		to = t->orig_len ? t->orig_len - 1 : 0;
	if (from > to || !t->orig_len)
		return 0;
	size_t wa = from / 64, wb = to / 64;
	uint64_t lo = ~(uint64_t)0 << (from % 64);
	uint64_t hi = ~(uint64_t)0 >> (63 - to % 64);
	if (wa == wb)
		return (unsigned)__builtin_popcountll(t->starts[wa] & lo & hi);
	n += (unsigned)__builtin_popcountll(t->starts[wa] & lo);
	for (size_t w = wa + 1; w < wb; w++)
		n += (unsigned)__builtin_popcountll(t->starts[w]);
	return n + (unsigned)__builtin_popcountll(t->starts[wb] & hi);
}

/* Line lo (0-based) holds orig byte o: its line and column. */
static ob__pos
line_col(const ob__text *t, size_t o, size_t lo)
{
	size_t ls = t->lines[lo];
	size_t mark = o & ~(size_t)(OB_COLMARK - 1);
	size_t from = ls;
	unsigned col = 0;

	if (mark > ls) {
		from = mark;
		col = t->colmarks[mark / OB_COLMARK];
	}
	col += count_starts(t, from, o);
	return (ob__pos){ (unsigned)lo + 1, col ? col : 1 };
}

void
ob__text_span_pos(const ob__text *t, ob__span s, ob__pos *first, ob__pos *last)
{
	*first = ob__text_pos_orig(t, ob__text_orig(t, s.start));
	*last = ob__text_pos_orig(t,
	    ob__text_orig(t, s.end > s.start ? s.end - 1 : s.start));
}

/* The last of n entries (stride bytes apart, each led by a uint32_t key in
 * increasing order) whose key is at most p, the first when none is;
 * searched outward from *hint, which is left there: positions are asked
 * for in about document order, so the answer is mostly a step or two
 * away, and a jump costs the logarithm of its length. */
static_assert(offsetof(ob__run, clean) == 0, "seek() keys on the first field");
static_assert(offsetof(ob__gap, orig) == 0, "seek() keys on the first field");
static_assert(sizeof ((ob__text *)0)->lines[0] == sizeof(uint32_t), "and on uint32_t");

static size_t
seek(const void *v, size_t n, size_t stride, size_t p, size_t *hint)
{
	const char *base = v;
#define KEY(i) ((size_t)*(const uint32_t *)(const void *)(base + (i) * stride))
	size_t lo = 0, hi = n, step = 1;

	if (n == 0)
		return 0;
	size_t h = *hint < n ? *hint : n - 1;
	if (KEY(h) <= p) {
		lo = h;
		while (lo + step < n && KEY(lo + step) <= p) {
			lo += step;
			step *= 2;
		}
		hi = lo + step < n ? lo + step : n;
	} else {
		hi = h;
		while (hi > 0) {
			size_t c = hi > step ? hi - step : 0;
			if (KEY(c) <= p) {
				lo = c;
				break;
			}
			hi = c;
			step *= 2;
		}
		if (hi == 0) {
			*hint = 0;
			return 0;
		}
	}
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (KEY(mid) <= p)
			lo = mid;
		else
			hi = mid;
	}
#undef KEY
	*hint = lo;
	return lo;
}

/* ob__text_pos_orig(ob__text_orig(p)), from the cursor's places. */
static ob__pos
pos_at(const ob__text *t, size_t p, ob__pos_cursor *cur)
{
	size_t o = 0;

	if (t->nruns) {
		/* clean, the key, leads ob__run */
		const ob__run *r = &t->runs[seek(t->runs, t->nruns, sizeof *t->runs,
		    p, &cur->run)];
		o = r->squash ? r->orig : r->orig + (p - r->clean);
	}
	if (o >= t->orig_len && t->orig_len > 0)
		o = t->orig_len - 1;
	return line_col(t, o,
	    seek(t->lines, t->nlines, sizeof *t->lines, o, &cur->line));
}

size_t
ob__text_orig(const ob__text *t, size_t p)
{
	size_t hint = 0;

	if (t->nruns == 0)
		return 0;
	const ob__run *r = &t->runs[seek(t->runs, t->nruns, sizeof *t->runs, p,
	    &hint)];
	return r->squash ? r->orig : r->orig + (p - r->clean);
}

ob__pos
ob__text_pos_orig(const ob__text *t, size_t o)
{
	size_t hint = 0;

	if (o >= t->orig_len && t->orig_len > 0)
		o = t->orig_len - 1;
	return line_col(t, o, seek(t->lines, t->nlines, sizeof *t->lines, o, &hint));
}

void
ob__text_span_pos_at(const ob__text *t, ob__span s, ob__pos *first,
		     ob__pos *last, ob__pos_cursor *cur)
{
	*first = pos_at(t, s.start, cur);
	*last = pos_at(t, s.end > s.start ? s.end - 1 : s.start, cur);
}

/* Walk the input as copy runs (bytes of buf) and the gaps between them,
 * in order of offset; fn(piece of orig at offset o, len, bytes) for each.
 * false when the copy runs do not go forward through the input. */
typedef bool (*piece_fn)(void *ud, size_t o, const char *b, size_t n);

static bool
walk_pieces(const ob__text *t, piece_fn fn, void *ud)
{
	size_t covered = 0;

	for (size_t k = 0; k < t->nruns; k++) {
		const ob__run *r = &t->runs[k];
		size_t end = k + 1 < t->nruns ? t->runs[k + 1].clean : t->len;
		if (r->squash || end == r->clean)
			continue;
		if (r->orig < covered || r->orig + (end - r->clean) > t->orig_len)
			return false;
		if (r->orig > covered && !fn(ud, covered, NULL, r->orig - covered))
			return false;
		if (!fn(ud, r->orig, t->buf + r->clean, end - r->clean))
			return false;
		covered = r->orig + (end - r->clean);
	}
	return covered >= t->orig_len || fn(ud, covered, NULL, t->orig_len - covered);
}

typedef struct gap_builder {
	ob__text *t;
	size_t n, cap, bytes, bytes_cap;
	bool count; /* first pass: sizes only */
	bool same;  /* second pass: every piece as in orig */
} gap_builder;

static bool
add_piece(void *ud, size_t o, const char *b, size_t n)
{
	gap_builder *g = ud;
	ob__text *t = g->t;

	if (b) { /* bytes of buf: must be the input's */
		if (!g->count && memcmp(t->orig + o, b, n))
			g->same = false;
		return true;
	}
	if (g->count) {
		g->n++;
		g->bytes += n;
		return true;
	}
	t->gaps[t->ngaps++] = (ob__gap){ o, g->bytes };
	memcpy(t->gap_bytes + g->bytes, t->orig + o, n);
	g->bytes += n;
	return true;
}

bool
ob__text_drop_orig(ob__text *t)
{
	gap_builder g = { .t = t, .count = true };

	if (!t->orig || !walk_pieces(t, add_piece, &g))
		return false;
	t->gaps = malloc((g.n + 1) * sizeof *t->gaps);
	t->gap_bytes = malloc(g.bytes ? g.bytes : 1);
	if (!t->gaps || !t->gap_bytes)
		goto keep;
	g.count = false;
	g.same = true;
	g.bytes = 0;
	t->ngaps = 0;
	if (!walk_pieces(t, add_piece, &g) || !g.same)
		goto keep; /* buf does not hold the input verbatim */
	t->gaps[t->ngaps] = (ob__gap){ t->orig_len, g.bytes };
	t->orig = NULL;
	return true;
keep:
	free(t->gaps);
	free(t->gap_bytes);
	t->gaps = NULL;
	t->gap_bytes = NULL;
	t->ngaps = 0;
	return false;
}

bool
ob__text_span_verbatim(const ob__text *t, ob__span s)
{
	if (t->orig || !t->nruns || s.end <= s.start)
		return false;
	size_t lo = 0, hi = t->nruns;
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (t->runs[mid].clean <= s.start)
			lo = mid;
		else
			hi = mid;
	}
	size_t end = lo + 1 < t->nruns ? t->runs[lo + 1].clean : t->len;
	return !t->runs[lo].squash && s.end <= end;
}

void
ob__text_orig_bytes(const ob__text *t, size_t a, size_t b, char *out)
{
	if (t->orig) {
		memcpy(out, t->orig + a, b - a);
		return;
	}
	while (a < b) {
		/* the last gap at or before a (orig, the key, leads ob__gap) */
		size_t hint = 0;
		size_t lo = seek(t->gaps, t->ngaps, sizeof *t->gaps, a, &hint);
		if (lo < t->ngaps && t->gaps[lo].orig <= a) {
			const ob__gap *g = &t->gaps[lo];
			size_t gend = g->orig + (g[1].at - g->at);
			if (a < gend) {
				size_t n = (gend < b ? gend : b) - a;
				memcpy(out, t->gap_bytes + g->at + (a - g->orig), n);
				out += n;
				a += n;
				continue;
			}
		}
		/* else a copy run holds it: the last run starting at or before
		 * a in the input that is a copy */
		size_t rlo = 0, rhi = t->nruns;
		while (rhi - rlo > 1) {
			size_t mid = rlo + (rhi - rlo) / 2;
			if (t->runs[mid].orig <= a)
				rlo = mid;
			else
				rhi = mid;
		}
		while (rlo > 0 && t->runs[rlo].squash)
			rlo--;
		const ob__run *r = &t->runs[rlo];
		size_t end = rlo + 1 < t->nruns ? t->runs[rlo + 1].clean : t->len;
		size_t rend = r->orig + (end - r->clean);
		size_t n = (rend < b ? rend : b) - a;
		if (rend <= a || r->squash) { /* cannot happen: checked when built */
			memset(out, '?', b - a);
			return;
		}
		memcpy(out, t->buf + r->clean + (a - r->orig), n);
		out += n;
		a += n;
	}
}

void
ob__text_free(ob__text *t)
{
	if (!t)
		return;
	free(t->buf);
	free(t->runs);
	free(t->lines);
	free(t->colmarks);
	free(t->starts);
	free(t->gaps);
	free(t->gap_bytes);
	free(t->bold);
	free(t->paras);
	memset(t, 0, sizeof *t);
}

const char *
ob__text_find(const ob__text *t, ob__span p, const char *s)
{
	size_t n = strlen(s);
	for (size_t i = p.start; i + n <= p.end; i++)
		if (!memcmp(t->buf + i, s, n))
			return t->buf + i;
	return NULL;
}
