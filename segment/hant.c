/* SPDX-License-Identifier: MIT */
/*
 * Traditional characters: a notice in traditional characters (mirror
 * sites, Hong Kong, Macau, Taiwan) is read in simplified characters, so
 * that both editions give the same records.
 *
 * The edition is recognised by characters that only traditional text
 * uses (們 這 於 為 …).  The text is then converted in place, character by
 * character, with a table of ICU's Traditional-Simplified
 * transliterator made at build time (hant_gen.c: every character it can
 * change, put through it).  The conversion maps one character to one, and
 * a character whose simplified form has another UTF-8 length stays as it
 * is, so every offset into the text, and so every position, is unchanged.
 * The table is read without a lock; the transliterator took a process-wide
 * mutex on every call, most of a traditional edition's time, and opening
 * it 20 ms of every process that read one.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

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

/* What ICU's transliterator makes of each character, from the table made
 * at build time (hant_gen.c): for the Basic Multilingual Plane a direct
 * table (0: unchanged), above it the table's own sorted pairs. */
#include "hant_table.h"

static struct {
	uint32_t *bmp;
	const uint32_t (*supp)[2];
	size_t nsupp;
	bool ok;
} table;
static pthread_once_t table_once = PTHREAD_ONCE_INIT;

static void
build_table(void)
{
	size_t n = sizeof ob__hant_pairs / sizeof *ob__hant_pairs, k = 0;

	if (!(table.bmp = calloc(0x10000, sizeof *table.bmp)))
		return;
	for (; k < n && ob__hant_pairs[k][0] < 0x10000; k++)
		table.bmp[ob__hant_pairs[k][0]] = ob__hant_pairs[k][1];
	table.supp = ob__hant_pairs + k;
	table.nsupp = n - k;
	table.ok = true;
}

uint32_t
ob__simplified(uint32_t c)
{
	if (c < 0x10000)
		return table.bmp[c] ? table.bmp[c] : c;
	size_t lo = 0, hi = table.nsupp;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (table.supp[mid][0] == c)
			return table.supp[mid][1];
		if (table.supp[mid][0] < c)
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
