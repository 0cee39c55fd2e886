/* SPDX-License-Identifier: MIT */
/*
 * Cleaning: from the bytes of a notice to the text the rules scan.
 *
 * One pass over the input, line by line:
 *  - Markdown: "#" heading markers dropped, "**bold**" markers dropped
 *    (the bold spans are remembered: an item's bold lead is its title),
 *    backslash escapes undone;
 *  - width folding with ICU's NFKC (full-width digits, letters, brackets,
 *    U+3000 …), except the Chinese punctuation that NFKC would turn ASCII
 *    (，；：！？ stay); ASCII , ; : ! ? after a Chinese character become
 *    their full-width forms, so both spellings read alike;
 *  - white space removed next to Chinese text ("6 月底前" is "6月底前"),
 *    collapsed elsewhere, control characters and noncharacters dropped;
 *  - a line that continues a clause the previous line left open (inside a
 *    parenthesis that this line closes, or after "，"/"、") is joined to
 *    it; other lines become paragraphs, one per line of the output.  In
 *    a rendered page, a line of a form feed alone is a hard break that
 *    nothing is joined across: the page's metadata lines and its article
 *    come from different places of the page.
 */
#include <stdlib.h>
#include <string.h>

#include <unicode/unorm2.h>
#include <unicode/ustring.h>
#include <unicode/utf16.h>
#include <unicode/utf8.h>

#include "mem.h"
#include "text.h"

#define NFKC_CACHE 512

typedef struct nfkc_entry {
	uint32_t cp;
	uint8_t len; /* bytes in out; 0 = maps to itself */
	char out[15];
} nfkc_entry;

typedef struct cleaner {
	ob__text *t;
	const UNormalizer2 *nfkc;
	nfkc_entry cache[NFKC_CACHE];
	size_t para_start; /* start of the open paragraph in buf */
	bool para_open;
	int depth;         /* parenthesis depth of the open paragraph */
	uint32_t last;     /* last code point emitted in the paragraph */
	bool page;         /* a rendered page: form feed lines are hard breaks */
	int err;
} cleaner;

static int
grow(void **p, size_t *cap, size_t need, size_t size)
{
	if (need <= *cap)
		return 0;
	size_t n = *cap ? *cap : 16;
	while (n < need)
		n *= 2;
	void *q = ob__mem_grow(*p, n * size);
	if (!q)
		return OB_ERR_NOMEM;
	*p = q;
	*cap = n;
	return 0;
}

static int
push_run(ob__text *t, size_t orig, bool squash)
{
	if (t->nruns) {
		ob__run *r = &t->runs[t->nruns - 1];
		if (!squash && !r->squash &&
		    r->orig + (t->len - r->clean) == orig)
			return 0;
		if (r->clean == t->len) { /* nothing emitted under it yet */
			r->orig = orig;
			r->squash = squash;
			return 0;
		}
	}
	if (grow((void **)&t->runs, &t->runs_cap, t->nruns + 1, sizeof *t->runs))
		return OB_ERR_NOMEM;
	t->runs[t->nruns++] = (ob__run){ t->len, orig, squash };
	return 0;
}

/* Append n bytes that map to orig byte by byte (copy) or all to orig
 * (substitute). */
static int
emit(cleaner *c, const char *b, size_t n, size_t orig, bool copy)
{
	ob__text *t = c->t;

	/* most bytes: a copy that goes on the last run, into room the buffer
	 * has (it is sized for the whole input) */
	if (copy && t->nruns && t->len + n + 1 <= t->cap) {
		const ob__run *r = &t->runs[t->nruns - 1];
		if (!r->squash && r->orig + (t->len - r->clean) == orig) {
			memcpy(t->buf + t->len, b, n);
			t->len += n;
			return 0;
		}
	}
	if (push_run(t, orig, !copy))
		return OB_ERR_NOMEM;
	if (grow((void **)&t->buf, &t->cap, t->len + n + 1, 1))
		return OB_ERR_NOMEM;
	memcpy(t->buf + t->len, b, n);
	t->len += n;
	return 0;
}

static int
emit_cp(cleaner *c, uint32_t cp, size_t orig, bool copy)
{
	char b[4];
	int32_t n = 0;
	UBool bad = 0;

	U8_APPEND(b, n, 4, (UChar32)cp, bad);
	if (bad)
		return 0;
	c->last = cp;
	if (cp == '(')
		c->depth++;
	else if (cp == ')' && c->depth > 0)
		c->depth--;
	return emit(c, b, (size_t)n, orig, copy);
}

/* White space, controls (dropped) and the BOM.  Asked of every
 * character: Chinese text is out after one comparison. */
static bool
is_space(uint32_t cp)
{
	if (cp > 0x3000)
		return cp == 0xFEFF;
	if (cp < 0x80)
		return cp == ' ' || cp < 0x20 || cp == 0x7F; /* \t \r \f \v < 0x20 */
	return cp <= 0xA0 || cp == 0x3000 || cp == 0x1680 ||
	    (cp >= 0x2000 && cp <= 0x200B) || cp == 0x2028 || cp == 0x2029 ||
	    cp == 0x202F || cp == 0x205F;
}

/* Chinese punctuation that stays as written. */
static bool
keep_punct(uint32_t cp)
{
	switch (cp) {
	case 0xFF0C: /* ， */
	case 0xFF1B: /* ； */
	case 0xFF1A: /* ： */
	case 0xFF01: /* ！ */
	case 0xFF1F: /* ？ */
		return true;
	}
	return (cp >= 0x3001 && cp <= 0x303F && cp != 0x3000) ||
	    (cp >= 0x2010 && cp <= 0x2027);
}

static uint32_t
chinese_form(uint32_t cp)
{
	switch (cp) {
	case ',': return 0xFF0C;
	case ';': return 0xFF1B;
	case ':': return 0xFF1A;
	case '!': return 0xFF01;
	case '?': return 0xFF1F;
	}
	return 0;
}

/* NFKC of a single code point, cached.  Returns the entry; len 0 means
 * the code point is its own normal form. */
static const nfkc_entry *
nfkc_of(cleaner *c, uint32_t cp)
{
	nfkc_entry *e = &c->cache[cp % NFKC_CACHE];
	UChar src[2], dst[16];
	int32_t ns = 0, nd;
	UErrorCode st = U_ZERO_ERROR;
	UBool bad = 0;

	if (e->cp == cp && (e->len || cp))
		return e;
	e->cp = cp;
	e->len = 0;
	U16_APPEND(src, ns, 2, (UChar32)cp, bad);
	nd = unorm2_normalize(c->nfkc, src, ns, dst, 16, &st);
	if (U_FAILURE(st) || (nd == ns && !memcmp(src, dst, sizeof *src * (size_t)ns)))
		return e;
	int32_t n = 0;
	for (int32_t i = 0; i < nd;) {
		UChar32 d;
		U16_NEXT(dst, i, nd, d);
		U8_APPEND(e->out, n, (int32_t)sizeof e->out, d, bad);
		if (bad) {
			e->len = 0;
			return e;
		}
	}
	e->len = (uint8_t)n;
	return e;
}

static bool
is_tone_vowel(uint32_t c)
{
	static const uint32_t tones[] = { 0x101, 0xE1, 0x1CE, 0xE0, 0x113, 0xE9,
		0x11B, 0xE8, 0x12B, 0xED, 0x1D0, 0xEC, 0x14D, 0xF3, 0x1D2, 0xF2,
		0x16B, 0xFA, 0x1D4, 0xF9, 0x1D6, 0x1D8, 0x1DA, 0x1DC, 0x144, 0x148,
		0x1F9 };
	for (size_t k = 0; k < sizeof tones / sizeof *tones; k++)
		if (c == tones[k])
			return true;
	return false;
}

/* After "(" at s[i]: a pinyin syllable with a tone mark and the closing
 * bracket?  Returns the offset after the bracket, 0 when it is not one. */
static size_t
pinyin_gloss(const char *s, size_t i, size_t e)
{
	int letters = 0;
	bool tone = false;

	while (i < e && letters <= 7) {
		uint32_t c = ob__utf8_next(s, e, &i);
		if (c == ')' || c == 0xFF09)
			return letters && tone ? i : 0;
		if (is_tone_vowel(c))
			tone = true;
		else if (!(c >= 'a' && c <= 'z') && c != 0xFC /* ü */)
			return 0;
		letters++;
	}
	return 0;
}

static bool
is_latin_letter(uint32_t c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

static bool
is_ascii_punct(uint32_t cp)
{
	return cp < 0x80 && cp > 0x20 && !((cp >= '0' && cp <= '9') ||
	    (cp >= 'A' && cp <= 'Z') || (cp >= 'a' && cp <= 'z'));
}

static int
add_bold(ob__text *t, size_t start, size_t end)
{
	if (end <= start)
		return 0;
	if (grow((void **)&t->bold, &t->bold_cap, t->nbold + 1, sizeof *t->bold))
		return OB_ERR_NOMEM;
	t->bold[t->nbold++] = (ob__span){ start, end };
	return 0;
}

static int
close_para(cleaner *c)
{
	ob__text *t = c->t;

	if (!c->para_open)
		return 0;
	if (grow((void **)&t->paras, &t->paras_cap, t->nparas + 1,
	    sizeof *t->paras))
		return OB_ERR_NOMEM;
	t->paras[t->nparas++] = (ob__span){ c->para_start, t->len };
	c->para_open = false;
	return 0;
}

/* Does the raw line [p, e) continue the open paragraph? */
static bool
continues(const cleaner *c, const char *s, size_t p, size_t e)
{
	if (!c->para_open)
		return false;
	if (c->depth > 0) {
		/* joined when this line closes the parenthesis left open, with
		 * whole brackets of its own before that ("…数据管理局\n\n牵头，…）",
		 * "…、\n省新闻出版局（省版权局）负责）"); a line that starts with a
		 * bracket is a marker ("（二）下一项") and is not */
		int nest = 0;
		for (size_t i = p; i < e;) {
			uint32_t cp = ob__utf8_next(s, e, &i);
			if (cp == ')' || cp == 0xFF09) {
				if (nest == 0)
					return true;
				nest--;
			} else if (cp == '(' || cp == 0xFF08) {
				if (i - p <= 3)
					return false;
				nest++;
			}
		}
		return false;
	}
	if (c->last == 0xFF0C || c->last == 0x3001) { /* ， 、 */
		size_t i = p;
		while (i < e && (s[i] == ' ' || s[i] == '\t'))
			i++;
		if (i == e)
			return false;
		uint32_t cp = ob__utf8_next(s, e, &i);
		/* a new marker line starts a new paragraph */
		return !(cp == '(' || cp == 0xFF08 || cp == '#' || cp == '*' ||
		    (cp >= '0' && cp <= '9') || (cp >= 0xFF10 && cp <= 0xFF19));
	}
	return false;
}

static int
clean_line(cleaner *c, size_t p, size_t e)
{
	ob__text *t = c->t;
	const char *s = t->orig;
	bool pending = false, bold = false, any = false;
	size_t pending_at = 0, bold_start = 0;

	if (c->page && e - p == 1 && s[p] == '\f')
		return close_para(c);
	/* indentation and Markdown heading / quote markers */
	while (p < e) {
		size_t q = p;
		uint32_t cp = ob__utf8_next(s, e, &q);
		if (!is_space(cp))
			break;
		p = q;
	}
	if (p < e && s[p] == '#') {
		size_t q = p;
		while (q < e && s[q] == '#' && q - p < 6)
			q++;
		if (q == e || s[q] == ' ' || s[q] == '\t')
			p = q;
	} else if (p < e && s[p] == '>' && (p + 1 == e || s[p + 1] == ' ')) {
		p++;
	}
	if (p >= e)
		return 0;

	if (continues(c, s, p, e)) {
		any = true; /* joined: the paragraph goes on without a break */
	} else {
		if (close_para(c))
			return OB_ERR_NOMEM;
	}
	size_t i = p;
	while (i < e) {
		/* a run of CJK ideographs (U+4E00-U+9FFF), most of a notice: none
		 * is a space, a marker or to be replaced, so they are copied at
		 * once, as the loop below would copy them one by one */
		if (!pending && c->para_open && !(bold && bold_start == (size_t)-1)) {
			const unsigned char *u = (const unsigned char *)s;
			size_t q = i;
			while (e - q >= 3 && (u[q + 1] & 0xC0) == 0x80 && (u[q + 2] & 0xC0) == 0x80 &&
			    ((u[q] >= 0xE5 && u[q] <= 0xE9) || (u[q] == 0xE4 && u[q + 1] >= 0xB8)))
				q += 3;
			if (q > i) {
				size_t k = q - 3;
				c->last = ob__utf8_next(s, q, &k);
				any = true;
				if (emit(c, s + i, q - i, i, true))
					return OB_ERR_NOMEM;
				i = q;
				continue;
			}
		}
		size_t at = i;
		uint32_t cp = ob__utf8_next(s, e, &i);

		if (cp == '*' && i < e && s[i] == '*') {
			i++;
			if (!bold) {
				bold = true;
				bold_start = (size_t)-1; /* set at its first byte */
			} else {
				bold = false;
				if (bold_start != (size_t)-1 &&
				    add_bold(t, bold_start, t->len))
					return OB_ERR_NOMEM;
			}
			continue;
		}
		/* romanisation some mirrors insert: 發(fā) 經開區(qū) */
		if ((cp == '(' || cp == 0xFF08) && ob__is_han(c->last)) {
			size_t q = pinyin_gloss(s, i, e);
			if (q) {
				i = q;
				continue;
			}
		}
		if (cp == '\\' && i < e) {
			size_t q = i;
			while (q < e && s[q] == '\\')
				q++;
			if (q < e && is_ascii_punct((unsigned char)s[q]) &&
			    s[q] != '\\') {
				i = q; /* the escaped character is read next */
				continue;
			}
		}
		if (is_space(cp)) {
			if (!pending)
				pending_at = at;
			pending = true;
			continue;
		}
		if (cp >= 0xFDD0 && (cp <= 0xFDEF || (cp & 0xFFFE) == 0xFFFE))
			cp = 0xFFFD; /* noncharacters are not allowed in XML */

		const char *rep = NULL;
		size_t nrep = 0;
		uint32_t fw = 0;
		if (cp < 0x80) {
			if (ob__is_han(c->last) || keep_punct(c->last))
				fw = chinese_form(cp);
		} else if (!ob__is_han(cp) && !keep_punct(cp)) {
			const nfkc_entry *ne = nfkc_of(c, cp);
			if (ne->len) {
				rep = ne->out;
				nrep = ne->len;
				if (nrep == 1 && rep[0] == ' ') {
					if (!pending)
						pending_at = at;
					pending = true;
					continue;
				}
			}
		}

		uint32_t first = cp;
		if (rep) {
			size_t k = 0;
			first = ob__utf8_next(rep, nrep, &k);
		}
		if (!c->para_open) {
			if (t->nparas && emit(c, "\n", 1, at, false))
				return OB_ERR_NOMEM;
			c->para_open = true;
			c->para_start = t->len;
			c->depth = 0;
			c->last = 0;
			any = false;
		}
		/* a space stays between two ASCII characters and between a
		 * Chinese character and a Latin letter ("机构 and 人员"); next
		 * to digits and punctuation in Chinese text it goes */
		if (pending && any && c->last != 0 &&
		    ((c->last < 0x80 && first < 0x80) ||
		    is_latin_letter(c->last) || is_latin_letter(first))) {
			if (emit(c, " ", 1, pending_at, false))
				return OB_ERR_NOMEM;
		}
		pending = false;
		if (bold && bold_start == (size_t)-1)
			bold_start = t->len;
		any = true;
		int r;
		if (fw) {
			r = emit_cp(c, fw, at, false);
		} else if (rep) {
			r = emit(c, rep, nrep, at, false);
			size_t k = 0;
			while (k < nrep) {
				uint32_t d = ob__utf8_next(rep, nrep, &k);
				c->last = d;
				if (d == '(')
					c->depth++;
				else if (d == ')' && c->depth > 0)
					c->depth--;
			}
		} else if (i - at == 3 && cp != 0xFFFD) {
			/* a three-byte character as written: its bytes are the
			 * input's, not encoded again (brackets that count for depth
			 * are ASCII by now) */
			c->last = cp;
			r = emit(c, s + at, 3, at, true);
		} else {
			r = emit_cp(c, cp, at, true);
		}
		if (r)
			return r;
	}
	if (bold && bold_start != (size_t)-1 && add_bold(t, bold_start, t->len))
		return OB_ERR_NOMEM;
	return 0;
}

/* Bit j set when byte j of the 8 at u starts a character (is no
 * continuation byte, 10xxxxxx): eight bytes at once. */
static unsigned
starts8(const unsigned char *u)
{
	uint64_t x;
	memcpy(&x, u, 8);
	const uint64_t high = 0x8080808080808080u;
	/* bit 7 of each byte: set for a continuation byte (bit 7 without
	 * bit 6) */
	uint64_t cont = x & ~(x << 1) & high;
	/* the starts' bit 7s, gathered into one byte (byte j to bit j;
	 * little-endian: byte j of the word is u[j]) */
	uint64_t s = (~cont & high) >> 7;
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	s = __builtin_bswap64(s);
#endif
	return (unsigned)((s * 0x0102040810204080u) >> 56);
}

static int
index_lines(ob__text *t)
{
	size_t nl = 1, nmarks = t->orig_len / OB_COLMARK + 1;

	for (const char *p = t->orig, *e = t->orig + t->orig_len;
	    (p = memchr(p, '\n', (size_t)(e - p))); p++)
		nl++;
	t->lines = ob__mem_alloc(nl * sizeof *t->lines);
	t->colmarks = ob__mem_alloc(nmarks * sizeof *t->colmarks);
	t->starts = ob__mem_alloc((t->orig_len / 64 + 1) * sizeof *t->starts);
	if (!t->lines || !t->colmarks || !t->starts)
		return OB_ERR_NOMEM;
	t->starts[t->orig_len / 64] = 0; /* the loop below fills the rest */
	t->lines[0] = 0;
	t->nlines = 1;
	uint32_t chars = 0;
	const unsigned char *u = (const unsigned char *)t->orig;
	/* 64 bytes at a time (OB_COLMARK is 64): their character starts as
	 * one word, counted at once unless a line ends among them */
	for (size_t m = 0; m < t->orig_len; m += 64) {
		size_t n = t->orig_len - m < 64 ? t->orig_len - m : 64;
		uint64_t w = 0;
		if (n == 64) {
			for (size_t j = 0; j < 64; j += 8)
				w |= (uint64_t)starts8(u + m + j) << j;
		} else {
			for (size_t j = 0; j < n; j++)
				w |= (uint64_t)((u[m + j] & 0xC0) != 0x80) << j;
		}
		t->starts[m / 64] = w;
		t->colmarks[m / OB_COLMARK] = chars;
		if (!memchr(u + m, '\n', n)) {
			chars += (uint32_t)__builtin_popcountll(w);
			continue;
		}
		for (size_t j = 0; j < n; j++) {
			if (u[m + j] == '\n') {
				t->lines[t->nlines++] = m + j + 1;
				chars = 0;
			} else if ((u[m + j] & 0xC0) != 0x80) {
				chars++;
			}
		}
	}
	return 0;
}

int
ob__text_clean(ob__text *t, const char *orig, size_t orig_len, bool page)
{
	cleaner *c;
	UErrorCode st = U_ZERO_ERROR;
	int r;

	memset(t, 0, sizeof *t);
	t->orig = orig;
	t->orig_len = orig_len;
	if ((r = index_lines(t)))
		return r;
	c = calloc(1, sizeof *c);
	if (!c)
		return OB_ERR_NOMEM;
	c->t = t;
	c->page = page;
	c->nfkc = unorm2_getNFKCInstance(&st);
	if (U_FAILURE(st)) {
		free(c);
		return OB_ERR_ICU;
	}
	if (grow((void **)&t->buf, &t->cap, orig_len + 1, 1)) {
		free(c);
		return OB_ERR_NOMEM;
	}
	size_t p = 0;
	if (orig_len >= 3 && !memcmp(orig, "\xEF\xBB\xBF", 3))
		p = 3;
	r = 0;
	while (p < orig_len && !r) {
		const char *nl = memchr(orig + p, '\n', orig_len - p);
		size_t e = nl ? (size_t)(nl - orig) : orig_len;
		size_t ee = e;
		if (ee > p && orig[ee - 1] == '\r')
			ee--;
		/* a line a scraper flattened: cut where its lines were */
		size_t *cut = NULL, ncut = 0;
		r = ob__runin_breaks(orig, p, ee, &cut, &ncut);
		for (size_t k = 0; k < ncut && !r; k++) {
			r = clean_line(c, p, cut[k]);
			p = cut[k];
		}
		free(cut);
		if (!r)
			r = clean_line(c, p, ee);
		p = e + 1;
	}
	if (!r)
		r = close_para(c);
	free(c);
	if (r)
		return r;
	t->buf[t->len] = '\0';
	return 0;
}

int
ob__text_rebase(ob__text *t, const char *src, size_t src_len, const size_t *map)
{
	ob__run *old = t->runs;
	size_t nold = t->nruns, k = 0;
	ob__run *runs = NULL;
	size_t n = 0, cap = 0;

	/* per character: where its text byte came from, then where that
	 * byte stands in the source */
	for (size_t c = 0; c < t->len;) {
		while (k + 1 < nold && old[k + 1].clean <= c)
			k++;
		size_t r = old[k].squash ? old[k].orig : old[k].orig + (c - old[k].clean);
		size_t o = map[r] < src_len ? map[r] : (src_len ? src_len - 1 : 0);
		size_t cl = ob__utf8_len((unsigned char)t->buf[c]);
		if (c + cl > t->len)
			cl = t->len - c;
		/* the same bytes in the source: a copy, else all to its start */
		bool same = o + cl <= src_len && !memcmp(src + o, t->buf + c, cl);
		ob__run *last = n ? &runs[n - 1] : NULL;
		if (!(last && same && !last->squash && last->orig + (c - last->clean) == o)) {
			if (grow((void **)&runs, &cap, n + 1, sizeof *runs)) {
				free(runs);
				return OB_ERR_NOMEM;
			}
			runs[n++] = (ob__run){ c, o, !same };
		}
		c += cl;
	}
	if (n == 0) {
		if (grow((void **)&runs, &cap, 1, sizeof *runs))
			return OB_ERR_NOMEM;
		runs[n++] = (ob__run){ 0, 0, false };
	}
	free(old);
	t->runs = runs;
	t->nruns = n;
	t->runs_cap = cap;
	free(t->lines);
	free(t->colmarks);
	free(t->starts);
	t->lines = NULL;
	t->colmarks = NULL;
	t->starts = NULL;
	t->orig = src;
	t->orig_len = src_len;
	return index_lines(t);
}
