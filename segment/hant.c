/*
 * Traditional characters: a notice in traditional characters (mirror
 * sites, Hong Kong, Macau, Taiwan) is read in simplified characters, so
 * that both editions give the same records.
 *
 * The edition is recognised by characters that only traditional text
 * uses (們 這 於 為 …).  The text is then converted in place, character by
 * character, with a table built once per process from ICU's
 * Traditional-Simplified transliterator: every character the
 * transliterator can change (its source set, and every Chinese character
 * of the Basic Multilingual Plane) is put through it, and what it becomes
 * is recorded.  The conversion maps one character to one, and a character
 * whose simplified form has another UTF-8 length stays as it is, so every
 * offset into the text, and so every position, is unchanged.  The table
 * is read without a lock; the transliterator took a process-wide mutex on
 * every call, and most of a traditional edition's time.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/uset.h>
#include <unicode/utrans.h>
#include <unicode/ustring.h>
#include <unicode/utf16.h>
#include <unicode/utf8.h>

#include "text.h"

/* Frequent characters of official prose that simplified text never uses. */
static const char traditional_only[] =
	"們這國於為與發會關對進開業時動實區經應產學機條點種務員總變設體"
	"處從當樣將還現給網導識級質標計畫劃輔規範製營銷價費資環衛農鄉縣"
	"單職權責協調監審請報項際聯繫廣東臺灣門鎮傳統創構選擇";

static ob__charset *marks;
static pthread_once_t marks_once = PTHREAD_ONCE_INIT;

static void
open_marks(void)
{
	marks = ob__charset_new(traditional_only);
}

bool
ob__text_is_traditional(const ob__text *t)
{
	size_t han = 0, trad = 0, limit = t->len < (1 << 16) ? t->len : (1 << 16);

	pthread_once(&marks_once, open_marks);
	if (!marks)
		return false;
	for (size_t i = 0; i < limit;) {
		uint32_t c = ob__utf8_next(t->buf, t->len, &i);
		if (ob__is_han(c)) {
			han++;
			trad += ob__charset_has(marks, c);
		}
	}
	/* a few percent of all characters in an official text */
	return han >= 20 && trad * 50 >= han;
}

/* What ICU's transliterator makes of each character: for the Basic
 * Multilingual Plane a direct table (0: unchanged), above it a sorted
 * list. */
typedef struct supp_pair {
	uint32_t from, to;
} supp_pair;

static struct {
	uint32_t *bmp;
	supp_pair *supp;
	size_t nsupp, supp_cap;
	bool ok;
} table;
static pthread_once_t table_once = PTHREAD_ONCE_INIT;

static bool
record(uint32_t from, uint32_t to)
{
	if (from == to)
		return true;
	if (from < 0x10000) {
		table.bmp[from] = to;
		return true;
	}
	if (table.nsupp == table.supp_cap) {
		size_t cap = table.supp_cap ? 2 * table.supp_cap : 64;
		supp_pair *p = realloc(table.supp, cap * sizeof *p);
		if (!p)
			return false;
		table.supp = p;
		table.supp_cap = cap;
	}
	table.supp[table.nsupp++] = (supp_pair){ from, to };
	return true;
}

/* One character through the transliterator: its image when that is one
 * character, else itself (the conversion keeps one for one). */
static uint32_t
translit_one(UTransliterator *tr, uint32_t c)
{
	UChar u[16];
	int32_t len = 0, limit;
	UErrorCode st = U_ZERO_ERROR;
	UBool bad = 0;

	U16_APPEND(u, len, 16, (UChar32)c, bad);
	(void)bad; /* a code point below 0x110000 always fits */
	limit = len;
	utrans_transUChars(tr, u, &len, 16, 0, &limit, &st);
	if (U_FAILURE(st) || len == 0)
		return c;
	int32_t j = 0;
	UChar32 d;
	U16_NEXT(u, j, len, d);
	return j == len ? (uint32_t)d : c;
}

/* The characters [a, b] through the transliterator, many at a time; a
 * piece whose image does not keep one character for one is done again a
 * character at a time. */
static bool
translit_range(UTransliterator *tr, uint32_t a, uint32_t b, UChar *u, int32_t cap)
{
	while (a <= b) {
		int32_t len = 0;
		uint32_t c = a;
		UBool bad = 0;
		for (; c <= b && len + 2 <= cap / 2; c++)
			if (c < 0xD800 || c > 0xDFFF)
				U16_APPEND(u, len, cap, (UChar32)c, bad);
		(void)bad;
		int32_t limit = len;
		UErrorCode st = U_ZERO_ERROR;
		utrans_transUChars(tr, u, &len, cap, 0, &limit, &st);
		if (U_FAILURE(st))
			return false;
		uint32_t x = a;
		int32_t j = 0;
		bool in_step = true;
		while (x < c) {
			if (x >= 0xD800 && x <= 0xDFFF) {
				x++;
				continue;
			}
			if (j >= len) {
				in_step = false;
				break;
			}
			UChar32 d;
			U16_NEXT(u, j, len, d);
			/* counted, then checked below: a piece out of step is
			 * redone character by character */
			x++;
			(void)d;
		}
		if (!in_step || j != len) {
			for (x = a; x < c; x++)
				if ((x < 0xD800 || x > 0xDFFF) &&
				    !record(x, translit_one(tr, x)))
					return false;
		} else {
			j = 0;
			for (x = a; x < c; x++) {
				if (x >= 0xD800 && x <= 0xDFFF)
					continue;
				UChar32 d;
				U16_NEXT(u, j, len, d);
				if (!record(x, (uint32_t)d))
					return false;
			}
		}
		if (c == 0 || c > b)
			break;
		a = c;
	}
	return true;
}

static int
by_from(const void *x, const void *y)
{
	const supp_pair *a = x, *b = y;
	return a->from < b->from ? -1 : a->from > b->from;
}

static void
build_table(void)
{
	UErrorCode st = U_ZERO_ERROR;
	static const UChar id[] = u"Traditional-Simplified";
	UTransliterator *tr = utrans_openU(id, -1, UTRANS_FORWARD, NULL, 0, NULL, &st);
	USet *src = uset_openEmpty();
	enum { CAP = 1 << 14 };
	UChar *u = malloc(CAP * sizeof *u);

	table.bmp = calloc(0x10000, sizeof *table.bmp);
	if (U_FAILURE(st) || !src || !u || !table.bmp)
		goto done;
	/* what the transliterator says it may change, and every Chinese
	 * character of the BMP whatever it says */
	utrans_getSourceSet(tr, false, src, &st);
	if (U_FAILURE(st))
		goto done;
	uset_addRange(src, 0x3400, 0x4DBF);
	uset_addRange(src, 0x4E00, 0x9FFF);
	uset_addRange(src, 0xF900, 0xFAFF);
	int32_t n = uset_getRangeCount(src);
	for (int32_t k = 0; k < n; k++) {
		UChar32 a, b;
		st = U_ZERO_ERROR;
		/* 0 for a range (the strings come after the ranges) */
		if (uset_getItem(src, k, &a, &b, NULL, 0, &st) != 0 || U_FAILURE(st))
			continue;
		if (!translit_range(tr, (uint32_t)a, (uint32_t)b, u, CAP))
			goto done;
	}
	if (table.nsupp > 1)
		qsort(table.supp, table.nsupp, sizeof *table.supp, by_from);
	table.ok = true;
done:
	free(u);
	if (src)
		uset_close(src);
	if (tr)
		utrans_close(tr);
}

uint32_t
ob__simplified(uint32_t c)
{
	if (c < 0x10000)
		return table.bmp[c] ? table.bmp[c] : c;
	size_t lo = 0, hi = table.nsupp;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (table.supp[mid].from == c)
			return table.supp[mid].to;
		if (table.supp[mid].from < c)
			lo = mid + 1;
		else
			hi = mid;
	}
	return c;
}

/* Convert [a, b) of the text in place. */
static void
convert_span(ob__text *t, size_t a, size_t b)
{
	size_t i = a;

	while (i < b) {
		size_t at = i;
		uint32_t c = ob__utf8_next(t->buf, b, &i);
		uint32_t d = ob__simplified(c);
		if (d == c)
			continue;
		char enc[4];
		int32_t k = 0;
		UBool bad = 0;
		U8_APPEND(enc, k, 4, d, bad);
		if (!bad && (size_t)k == i - at)
			memcpy(t->buf + at, enc, (size_t)k);
		else if (!ob__is_han(c))
			break; /* as the transliterator's walk did: the rest of the
				* paragraph stays as written */
	}
}

int
ob__text_simplify(ob__text *t)
{
	pthread_once(&table_once, build_table);
	if (!table.ok)
		return OB_ERR_ICU;
	for (size_t k = 0; k < t->nparas; k++)
		convert_span(t, t->paras[k].start, t->paras[k].end);
	return 0;
}
