/* SPDX-License-Identifier: MIT */
/*
 * Intake: from the bytes of a file to UTF-8 text.
 *
 *  1. Files that are not text at all (PDF, images, archives, Office
 *     files) are refused by their signature.
 *  2. A byte order mark decides: UTF-8, UTF-16LE/BE, UTF-32LE/BE.
 *  3. Valid UTF-8 is UTF-8.
 *  4. Otherwise ICU's charset detector ranks the candidates; the first of
 *     GB18030 (which covers GBK and GB2312) and Big5 that decodes the
 *     whole file without an error is taken.
 *  --encoding NAME skips 2–4 and decodes with ICU's converter for NAME.
 *
 * Line and column in the decoded text are those of the original file
 * (columns count characters), so positions need no further mapping.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/ucnv.h>
#include <unicode/ucsdet.h>
#include <unicode/uset.h>
#include <unicode/ustring.h>

#include "error.h"
#include "text.h"

static const struct {
	const char *magic;
	size_t len;
	const char *what;
} signatures[] = {
	{ "%PDF-", 5, "a PDF document" },
	{ "\x89PNG\r\n\x1a\n", 8, "a PNG image" },
	{ "\xFF\xD8\xFF", 3, "a JPEG image" },
	{ "GIF87a", 6, "a GIF image" },
	{ "GIF89a", 6, "a GIF image" },
	{ "PK\x03\x04", 4, "a ZIP archive (or a .docx/.xlsx/.odt file)" },
	{ "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8, "an old Microsoft Office file (.doc/.xls)" },
	{ "\x1F\x8B", 2, "a gzip archive" },
	{ "Rar!\x1A\x07", 6, "a RAR archive" },
	{ "7z\xBC\xAF\x27\x1C", 6, "a 7-Zip archive" },
	{ "\x7F" "ELF", 4, "an executable" },
	{ "{\\rtf", 5, "an RTF document" },
};

/* Line and column of raw byte o: columns in bytes, since the bytes could
 * not be decoded. */
static void
raw_pos(const char *data, size_t o, ob_error *err)
{
	unsigned line = 1;
	size_t ls = 0;

	for (size_t i = 0; i < o; i++)
		if (data[i] == '\n') {
			line++;
			ls = i + 1;
		}
	err->line = line;
	err->column = (unsigned)(o - ls + 1);
}

/* Decode with ICU's converter for name; stops at the first byte the
 * encoding does not allow (its offset in *bad). */
static int
convert(const char *name, const char *data, size_t len, char **out,
	size_t *outlen, size_t *bad)
{
	UErrorCode st = U_ZERO_ERROR;
	UConverter *cv = ucnv_open(name, &st);
	UChar *u = NULL;
	int r = 0;

	*bad = (size_t)-1;
	if (U_FAILURE(st))
		return OB_ERR_USAGE;
	ucnv_setToUCallBack(cv, UCNV_TO_U_CALLBACK_STOP, NULL, NULL, NULL, &st);
	/* no encoding gives more UTF-16 units than it has bytes, plus one
	 * for a character cut by the end */
	size_t cap = len + 2;
	u = malloc(cap * sizeof *u);
	if (!u) {
		ucnv_close(cv);
		return OB_ERR_NOMEM;
	}
	const char *src = data;
	UChar *dst = u;
	ucnv_toUnicode(cv, &dst, u + cap, &src, data + len, NULL, true, &st);
	if (U_FAILURE(st)) {
		char junk[32];
		int8_t nj = sizeof junk;
		UErrorCode s2 = U_ZERO_ERROR;
		ucnv_getInvalidChars(cv, junk, &nj, &s2);
		size_t at = (size_t)(src - data);
		*bad = at >= (size_t)nj ? at - (size_t)nj : 0;
		r = st == U_MEMORY_ALLOCATION_ERROR ? OB_ERR_NOMEM : OB_ERR_UTF8;
	}
	ucnv_close(cv);
	if (!r) {
		int32_t n8 = 0;
		int32_t n16 = (int32_t)(dst - u);
		st = U_ZERO_ERROR;
		u_strToUTF8(NULL, 0, &n8, u, n16, &st);
		st = U_ZERO_ERROR;
		*out = malloc((size_t)n8 + 1);
		if (!*out)
			r = OB_ERR_NOMEM;
		else {
			u_strToUTF8(*out, n8 + 1, &n8, u, n16, &st);
			if (U_FAILURE(st)) {
				free(*out);
				*out = NULL;
				r = OB_ERR_UTF8; /* a lone surrogate in UTF-16 */
			}
			*outlen = (size_t)n8;
		}
	}
	free(u);
	return r;
}

static bool
valid_utf8(const char *data, size_t len)
{
	ob_error e;
	return ob__input_check(data, len, (size_t)-1, &e) != OB_ERR_UTF8;
}

int
ob__intake(const char *data, size_t len, const char *forced, size_t max,
	   ob__intake_result *res, ob_error *err)
{
	memset(res, 0, sizeof *res);
	if (len == 0)
		return ob__error_set(err, OB_ERR_EMPTY, 1, 0, "the input is empty");
	if (len > max)
		return ob__error_set(err, OB_ERR_TOO_LARGE, 5, max,
		    "the input is %zu bytes, over the limit of %zu bytes", len, max);
	for (size_t k = 0; k < sizeof signatures / sizeof *signatures; k++)
		if (len >= signatures[k].len &&
		    !memcmp(data, signatures[k].magic, signatures[k].len))
			return ob__error_set(err, OB_ERR_BINARY, 6, 0,
			    "this is %s, not text", signatures[k].what);

	const char *name = forced;
	int how = OB_ENC_GIVEN;
	size_t skip = 0;
	if (!name) {
		static const struct {
			const char *bom, *name;
			size_t len;
		} boms[] = {
			{ "\xFF\xFE\0\0", "UTF-32LE", 4 }, { "\0\0\xFE\xFF", "UTF-32BE", 4 },
			{ "\xEF\xBB\xBF", "UTF-8", 3 }, { "\xFF\xFE", "UTF-16LE", 2 },
			{ "\xFE\xFF", "UTF-16BE", 2 },
		};
		for (size_t k = 0; k < sizeof boms / sizeof *boms && !name; k++)
			if (len >= boms[k].len && !memcmp(data, boms[k].bom, boms[k].len)) {
				name = boms[k].name;
				skip = boms[k].len;
				how = OB_ENC_BOM;
			}
	}
	if (!name || !strcmp(name, "UTF-8")) {
		/* UTF-8 (with or without BOM): checked where it stands */
		int r = ob__input_check(data + skip, len - skip, max, err);
		if (r == OB_ERR_UTF8 && !forced && how != OB_ENC_BOM) {
			size_t first_bad = err ? err->offset : 0;
			/* not UTF-8: which legacy encoding? */
			UErrorCode st = U_ZERO_ERROR;
			UCharsetDetector *cd = ucsdet_open(&st);
			int32_t nm = 0;
			const UCharsetMatch **m = NULL;
			if (U_SUCCESS(st)) {
				ucsdet_setText(cd, data, (int32_t)(len > (1 << 20) ? 1 << 20 : len), &st);
				m = ucsdet_detectAll(cd, &nm, &st);
			}
			const char *order[3] = { NULL, NULL, NULL };
			int no = 0;
			for (int32_t k = 0; U_SUCCESS(st) && k < nm && no < 2; k++) {
				const char *cn = ucsdet_getName(m[k], &st);
				if (cn && (!strcmp(cn, "GB18030") || !strcmp(cn, "Big5")))
					order[no++] = !strcmp(cn, "GB18030") ? "GB18030" : "Big5";
			}
			/* the detector may name neither: try both, GB18030 first */
			if (no == 0)
				order[no++] = "GB18030";
			if (no == 1)
				order[no++] = strcmp(order[0], "GB18030") ? "GB18030" : "Big5";
			if (cd)
				ucsdet_close(cd);
			for (int k = 0; k < no; k++) {
				size_t bad;
				r = convert(order[k], data, len, &res->utf8, &res->len, &bad);
				if (r == OB_ERR_NOMEM)
					return ob__error_set(err, r, 0, 0, "out of memory");
				if (r == 0 && !memchr(res->utf8, 0, res->len) &&
				    valid_utf8(res->utf8, res->len)) {
					snprintf(res->encoding, sizeof res->encoding, "%s", order[k]);
					res->how = OB_ENC_DETECTED;
					r = ob__input_check(res->utf8, res->len, (size_t)-1, err);
					if (r) {
						free(res->utf8);
						res->utf8 = NULL;
					}
					return r;
				}
				free(res->utf8);
				res->utf8 = NULL;
			}
			ob__error_set(err, OB_ERR_UTF8, 4, first_bad,
			    "invalid UTF-8 byte 0x%02X at byte offset %zu, and not "
			    "GB18030 or Big5 either (see --encoding)",
			    (unsigned char)data[first_bad], first_bad);
			if (err)
				raw_pos(data, first_bad, err);
			return OB_ERR_UTF8;
		}
		if (r)
			return r;
		res->utf8 = NULL; /* the input itself */
		res->skip = skip;
		res->len = len - skip;
		snprintf(res->encoding, sizeof res->encoding, "UTF-8");
		res->how = forced ? OB_ENC_GIVEN : skip ? OB_ENC_BOM : OB_ENC_UTF8;
		return 0;
	}
	size_t bad;
	int r = convert(name, data + skip, len - skip, &res->utf8, &res->len, &bad);
	if (r == OB_ERR_USAGE)
		return ob__error_set(err, OB_ERR_USAGE, 10, 0,
		    "unknown encoding '%s'", name);
	if (r == OB_ERR_NOMEM)
		return ob__error_set(err, r, 0, 0, "out of memory");
	if (r) {
		ob__error_set(err, OB_ERR_UTF8, 11, skip + bad,
		    "byte 0x%02X at byte offset %zu is not valid %s",
		    (unsigned char)data[skip + bad], skip + bad, name);
		if (err)
			raw_pos(data, skip + bad, err);
		return OB_ERR_UTF8;
	}
	snprintf(res->encoding, sizeof res->encoding, "%s", name);
	res->how = how;
	r = ob__input_check(res->utf8, res->len, (size_t)-1, err);
	if (r) {
		free(res->utf8);
		res->utf8 = NULL;
	}
	return r;
}

/* The most frequent characters of Chinese prose: in real text they are a
 * good part of all characters, in mojibake almost none. */
static const char common[] =
	"的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对"
	"成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之"
	"进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业"
	"本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与"
	"关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解"
	"问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常"
	"文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别"
	"手角期根论运农指几九区强放决西被干做必战先回则任取据处府研务施推深"
	"省市县局厅委改革监服信息平台项目企业创新落实完善加快健全规范";

static ob__charset *common_set;
static pthread_once_t common_once = PTHREAD_ONCE_INIT;

static void
open_common(void)
{
	common_set = ob__charset_new(common);
}

const char *
ob__text_garbled(const char *s, size_t len)
{
	size_t han = 0, frequent = 0, bopomofo = 0, latin1 = 0;
	size_t limit = len < (1 << 16) ? len : (1 << 16);

	pthread_once(&common_once, open_common);
	if (!common_set)
		return NULL; /* out of memory: no verdict */
	for (size_t i = 0; i < limit;) {
		uint32_t c = ob__utf8_next(s, len, &i);
		if (c < 0x80)
			continue;
		if (c >= 0x3100 && c <= 0x312F)
			bopomofo++;
		else if (c >= 0xC0 && c <= 0xFF)
			latin1++;
		else if (ob__is_han(c)) {
			han++;
			frequent += ob__charset_has(common_set, c);
		}
	}
	if (bopomofo >= 3 && bopomofo * 100 >= han)
		return "bopomofo among Chinese characters: GBK text read in the wrong encoding?";
	if (latin1 >= 20 && latin1 > han)
		return "accented Latin letters where Chinese is expected: GBK or UTF-8 bytes read as Latin-1?";
	if (han >= 200 && frequent * 10 < han)
		return "almost none of the common Chinese characters: UTF-8 text read as GBK?";
	return NULL;
}
