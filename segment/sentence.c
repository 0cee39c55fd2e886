/* SPDX-License-Identifier: MIT */
/*
 * Sentence, clause and word segmentation with ICU's BreakIterator.
 *
 * A span is converted to UTF-16 into one buffer that serves every span
 * (ICU's iterators walk UTF-16 faster than a UTF-8 UText), and the breaks
 * are mapped back to byte offsets as they come, in order; a span too long
 * to be copied is read in place through a UTF-8 UText, whose native
 * indices are byte offsets.  No UTF-16 index leaves this file.
 */
#include <stdlib.h>
#include <string.h>

#include <unicode/ubrk.h>
#include <unicode/ustring.h>
#include <unicode/utext.h>

/* Spans up to this many bytes are converted to UTF-16. */
#define COPY_MAX ((size_t)1 << 20)

#include "mem.h"
#include "text.h"

/* Balanced brackets of a span (《…》 (…) “…”), nested ones folded into
 * the outer, in order:
 * no sentence or clause is cut inside one, so that a title or a quoted
 * phrase stays in one obligation. */
typedef struct ranges {
	ob__span *v;
	size_t n, cap, next;
} ranges;

struct ob__sentencer {
	UBreakIterator *sent, *word;
	ranges rg;
	UChar *u16; /* the span being broken, when copied */
	size_t u16cap;
	UText *ut; /* when not */
};

int
ob__sentencer_new(ob__sentencer **out)
{
	UErrorCode st = U_ZERO_ERROR;
	ob__sentencer *s = calloc(1, sizeof *s);

	*out = NULL;
	if (!s)
		return OB_ERR_NOMEM;
	s->sent = ubrk_open(UBRK_SENTENCE, "zh", NULL, 0, &st);
	if (U_SUCCESS(st))
		s->word = ubrk_open(UBRK_WORD, "zh", NULL, 0, &st);
	if (U_FAILURE(st)) {
		ob__sentencer_free(s);
		return OB_ERR_ICU;
	}
	*out = s;
	return 0;
}

void
ob__sentencer_free(ob__sentencer *s)
{
	if (!s)
		return;
	if (s->sent)
		ubrk_close(s->sent);
	if (s->word)
		ubrk_close(s->word);
	free(s->u16);
	if (s->ut)
		utext_close(s->ut);
	free(s->rg.v);
	free(s);
}

static bool
trim_byte(unsigned char b)
{
	return b == ' ' || b == '\n' || b == '\t';
}

/* Trim white space and hand the piece on. */
static int
deliver(const ob__text *t, size_t a, size_t b, ob__piece_fn fn, void *ud)
{
	while (a < b && trim_byte((unsigned char)t->buf[a]))
		a++;
	while (b > a && trim_byte((unsigned char)t->buf[b - 1]))
		b--;
	if (a == b)
		return 0;
	return fn(ud, (ob__span){ a, b });
}

static int
by_start(const void *a, const void *b)
{
	const ob__span *x = a, *y = b;
	return x->start < y->start ? -1 : x->start > y->start;
}

static bool
closes(const uint32_t *stack, int depth, uint32_t c)
{
	for (int k = depth; k > 0; k--)
		if (stack[k - 1] == c)
			return true;
	return false;
}

/* the bytes find_ranges looks at: the line break, the brackets and the
 * lead bytes of 《》“” */
static const bool bracket_byte[256] = {
	['\n'] = true, ['('] = true, [')'] = true, [0xE2] = true, [0xE3] = true,
};

static int
find_ranges(const ob__text *t, ob__span span, ranges *r)
{
	uint32_t stack[64];
	size_t at[64];
	int depth = 0;

	const unsigned char *u = (const unsigned char *)t->buf;

	r->n = r->next = 0;
	for (size_t i = span.start; i < span.end;) {
		/* most bytes are none of them */
		while (i < span.end && !bracket_byte[u[i]])
			i++;
		if (i == span.end)
			break;
		size_t here = i;
		/* by bytes: the line break, the brackets and the lead bytes of
		 * 《》“” (E3, E2) are never inside another character */
		uint32_t c = u[i++];
		if (c == 0xE2 || c == 0xE3) {
			if (span.end - i < 2 || u[i] != 0x80)
				continue;
			unsigned k = c << 8 | u[i + 1];
			c = k == 0xE38A ? 0x300A : k == 0xE38B ? 0x300B :
			    k == 0xE29C ? 0x201C : k == 0xE29D ? 0x201D : 0;
			i += 2;
		}
		uint32_t close = c == 0x300A ? 0x300B : c == '(' ? ')' : c == 0x201C ? 0x201D : 0;
		if (c == '\n') {
			depth = 0;
		} else if (close) {
			if (depth < 64) {
				stack[depth] = close;
				at[depth] = here;
			}
			depth++;
		} else if ((c == 0x300B || c == ')' || c == 0x201D) && depth > 0 &&
		    depth <= 64 && closes(stack, depth, c)) {
			/* a closer pops to its opener, closing inner brackets that
			 * were left open: 《…（…》 is still one title */
			while (stack[depth - 1] != c)
				depth--;
			--depth;
			/* every closed pair; merged into disjoint ranges below */
			ob__span *e = OB_PUSH(*r);
			if (!e)
				return OB_ERR_NOMEM;
			*e = (ob__span){ at[depth], i };
		} else if (depth > 64 && (c == 0x300B || c == ')' || c == 0x201D)) {
			depth--;
		}
	}
	/* pairs close inner first: order by start, fold the nested ones */
	if (r->n > 1)
		qsort(r->v, r->n, sizeof *r->v, by_start);
	size_t m = 0;
	for (size_t k = 0; k < r->n; k++) {
		if (m && r->v[k].start < r->v[m - 1].end) {
			if (r->v[k].end > r->v[m - 1].end)
				r->v[m - 1].end = r->v[k].end;
		} else {
			r->v[m++] = r->v[k];
		}
	}
	r->n = m;
	return 0;
}

/* Is byte offset b strictly inside one of the ranges?  Offsets asked for
 * only grow. */
static bool
inside(ranges *r, size_t b)
{
	while (r->next < r->n && r->v[r->next].end <= b)
		r->next++;
	return r->next < r->n && r->v[r->next].start < b;
}

/* Cut a sentence at each "；" (kept with the clause before it). */
static int
clauses(const ob__text *t, size_t a, size_t b, ranges *rg, ob__piece_fn fn,
	void *ud)
{
	size_t start = a;

	/* memchr finds the lead byte of "；" (EF BC 9B) many bytes at a time */
	for (const char *p = t->buf + a, *e = t->buf + b;
	    (p = memchr(p, 0xEF, (size_t)(e - p))); p++) {
		size_t i = (size_t)(p - t->buf);
		if (i + 3 <= b && p[1] == '\xBC' && p[2] == '\x9B' && !inside(rg, i + 3)) {
			int r = deliver(t, start, i + 3, fn, ud);
			if (r)
				return r;
			start = i + 3;
			p += 2;
		}
	}
	return deliver(t, start, b, fn, ud);
}

int
ob__sentences(ob__sentencer *s, const ob__text *t, ob__span span, bool words,
	      ob__piece_fn fn, void *ud)
{
	size_t n = span.end - span.start;
	UErrorCode st = U_ZERO_ERROR;
	UBreakIterator *bi = words ? s->word : s->sent;

	if (n == 0)
		return 0;
	if (n >= INT32_MAX / 2)
		return OB_ERR_LIMIT;
	/* the span alone: breaks never look outside it.  It has at most as
	 * many UTF-16 units as bytes. */
	bool copy = n <= COPY_MAX;
	if (copy && n + 1 > s->u16cap) {
		UChar *p = realloc(s->u16, (n + 1) * sizeof *p);
		if (!p)
			return OB_ERR_NOMEM;
		s->u16 = p;
		s->u16cap = n + 1;
	}
	if (copy) {
		int32_t ulen = 0;
		u_strFromUTF8(s->u16, (int32_t)s->u16cap, &ulen, t->buf + span.start,
		    (int32_t)n, &st);
		if (U_SUCCESS(st))
			ubrk_setText(bi, s->u16, ulen, &st);
	} else {
		s->ut = utext_openUTF8(s->ut, t->buf + span.start, (int64_t)n, &st);
		if (U_SUCCESS(st))
			ubrk_setUText(bi, s->ut, &st);
	}
	if (U_FAILURE(st))
		return OB_ERR_ICU;
	/* breaks, in UTF-16 units, come in order: a byte offset and its
	 * unit walk forward together */
	int32_t ucur = 0;
	size_t bcur = span.start;
	if (!words) {
		int r = find_ranges(t, span, &s->rg);
		if (r)
			return r;
	}
	(void)ubrk_first(bi);
	size_t x = span.start; /* where the piece before the break starts */
	size_t cursor = 0; /* of the ranges, for the sentence starting at x */
	for (int32_t b = ubrk_next(bi); b != UBRK_DONE; b = ubrk_next(bi)) {
		if (!copy)
			bcur = span.start + (size_t)b;
		else
			while (ucur < b && bcur < span.end) {
				size_t l = ob__utf8_len((unsigned char)t->buf[bcur]);
				ucur += l == 4 ? 2 : 1;
				bcur += l;
			}
		size_t y = bcur;
		int r;

		if (words) {
			size_t from = x;
			x = y;
			if (ubrk_getRuleStatus(bi) == UBRK_WORD_NONE)
				continue;
			r = deliver(t, from, y, fn, ud);
		} else {
			/* a break inside brackets joins the next sentence */
			if (y < span.end && inside(&s->rg, y))
				continue;
			ranges cr = s->rg;
			cr.next = cursor;
			r = clauses(t, x, y, &cr, fn, ud);
			x = y;
			cursor = s->rg.next;
		}
		if (r)
			return r;
	}
	return 0;
}
