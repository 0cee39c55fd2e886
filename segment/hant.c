/*
 * Traditional characters: a notice in traditional characters (mirror
 * sites, Hong Kong, Macau, Taiwan) is read in simplified characters, so
 * that both editions give the same records.
 *
 * The edition is recognised by characters that only traditional text
 * uses (們 這 於 為 …).  The text is then converted with ICU's
 * Traditional-Simplified transliterator, paragraph by paragraph, in
 * place: the conversion maps one character to one, and a character whose
 * simplified form has another UTF-8 length stays as it is, so every
 * offset into the text, and so every position, is unchanged.
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

static UTransliterator *shared;
static USet *marks;
static pthread_once_t once = PTHREAD_ONCE_INIT, marks_once = PTHREAD_ONCE_INIT;

static void
open_shared(void)
{
	UErrorCode st = U_ZERO_ERROR;
	static const UChar id[] = u"Traditional-Simplified";
	shared = utrans_openU(id, -1, UTRANS_FORWARD, NULL, 0, NULL, &st);
	if (U_FAILURE(st))
		shared = NULL;
}

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
			trad += uset_contains(marks, (UChar32)c) != 0;
		}
	}
	/* a few percent of all characters in an official text */
	return han >= 20 && trad * 50 >= han;
}

/* Convert [a, b) of the text in place. */
static int
convert_span(UTransliterator *tr, ob__text *t, size_t a, size_t b, UChar **u,
	     size_t *cap)
{
	size_t n = b - a;
	UErrorCode st = U_ZERO_ERROR;
	int32_t len = 0;

	if (2 * n + 8 > *cap) {
		UChar *p = realloc(*u, (2 * n + 8) * sizeof *p);
		if (!p)
			return OB_ERR_NOMEM;
		*u = p;
		*cap = 2 * n + 8;
	}
	u_strFromUTF8(*u, (int32_t)*cap, &len, t->buf + a, (int32_t)n, &st);
	if (U_FAILURE(st))
		return OB_ERR_ICU;
	int32_t limit = len, before = len;
	utrans_transUChars(tr, *u, &len, (int32_t)*cap, 0, &limit, &st);
	if (U_FAILURE(st))
		return OB_ERR_ICU;
	(void)before;
	/* walk both texts character by character */
	size_t i = a;
	int32_t j = 0;
	while (i < b && j < len) {
		size_t at = i;
		uint32_t c = ob__utf8_next(t->buf, b, &i);
		UChar32 d;
		U16_NEXT(*u, j, len, d);
		if ((uint32_t)d == c)
			continue;
		char enc[4];
		int32_t k = 0;
		UBool bad = 0;
		U8_APPEND(enc, k, 4, d, bad);
		if (!bad && (size_t)k == i - at)
			memcpy(t->buf + at, enc, (size_t)k);
		else if (!ob__is_han(c))
			break; /* out of step: leave the rest as written */
	}
	return 0;
}

int
ob__text_simplify(ob__text *t)
{
	UErrorCode st = U_ZERO_ERROR;
	UChar *u = NULL;
	size_t cap = 0;
	int r = 0;

	pthread_once(&once, open_shared);
	if (!shared)
		return OB_ERR_ICU;
	/* a transliterator is not shared between threads: each uses a clone */
	UTransliterator *tr = utrans_clone(shared, &st);
	if (U_FAILURE(st))
		return OB_ERR_ICU;
	for (size_t k = 0; k < t->nparas && !r; k++)
		r = convert_span(tr, t, t->paras[k].start, t->paras[k].end, &u, &cap);
	free(u);
	utrans_close(tr);
	return r;
}
