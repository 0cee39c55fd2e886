/* SPDX-License-Identifier: MIT */
/*
 * The text of one notice, as read and as cleaned.
 *
 * orig holds the input bytes (UTF-8).  buf holds the cleaned text that the
 * rules scan: Markdown markers and escapes removed, widths and spaces
 * folded, lines broken inside a clause joined, one paragraph per line.
 * Every byte of buf maps back to a byte of orig through runs of constant
 * offset, so every record keeps its exact position in the input.
 */
#ifndef OB_TEXT_H
#define OB_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "oblix/oblix.h"

typedef struct ob__span {
	uint32_t start, end; /* [start, end) byte offsets into ob__text.buf */
} ob__span;

/* A run: buf[clean ...] maps to orig[orig ...] byte for byte until the
 * next run starts. */
/* Offsets into a text and its input take 32 bits: an input is at most
 * 2 GiB - 1 (ob_options.max_size), and the runs, lines and gaps that map
 * positions are as many as a tenth of the input's bytes (a run is 8). */
typedef struct ob__run {
	uint32_t clean; /* first: the position lookups key on it */
	uint32_t orig : 31;
	uint32_t squash : 1; /* every byte of the run maps to orig itself */
} ob__run;

/* Columns are counted from marks this many bytes apart. */
#define OB_COLMARK 64

typedef struct ob__text {
	const char *orig;
	size_t orig_len;
	char *buf;
	size_t len, cap;
	ob__run *runs;
	size_t nruns, runs_cap;
	uint32_t *lines; /* byte offsets in orig where each line starts */
	size_t nlines;
	uint32_t *colmarks; /* characters from line start to every
			     * OB_COLMARK-th byte */
	uint64_t *starts;   /* bit i: orig byte i starts a character, for
			     * columns without reading orig */
	/* Once the input is let go (ob__text_drop_orig), orig is NULL and the
	 * bytes of the input that buf does not hold verbatim are kept here,
	 * in order: gap k is orig [gaps[k].orig, …) from gap_bytes +
	 * gaps[k].at up to gaps[k + 1].at (a last entry closes the list). */
	struct ob__gap *gaps;
	size_t ngaps;
	char *gap_bytes;
	ob__span *bold;     /* spans that were **bold** in the input */
	size_t nbold, bold_cap;
	ob__span *paras;    /* one per cleaned paragraph (line of buf) */
	size_t nparas, paras_cap;
} ob__text;

typedef struct ob__gap {
	uint32_t orig, at;
} ob__gap;

/* A 1-based line and character column in the original input. */
typedef struct ob__pos {
	unsigned line, col;
} ob__pos;

/* How the encoding was chosen. */
enum { OB_ENC_UTF8, OB_ENC_BOM, OB_ENC_DETECTED, OB_ENC_GIVEN, OB_ENC_PAGE };

typedef struct ob__intake_result {
	char *utf8;        /* the decoded text, owned; NULL when the input
			    * is UTF-8 already (then skip its BOM) */
	size_t skip;
	size_t len;        /* bytes of text */
	char encoding[32]; /* "UTF-8", "GB18030", "Big5", "UTF-16LE" … */
	int how;
} ob__intake_result;

/*
 * Turn len bytes into UTF-8 text (see intake/decode.c): refuse what is not
 * text, honour a BOM or the encoding given (forced, may be NULL), detect
 * GB18030 and Big5.  Then the checks of ob__input_check.
 */
int ob__intake(const char *data, size_t len, const char *forced, size_t max,
	       ob__intake_result *res, ob_error *err);

/* HTML pages (see intake/html.c).  Is it one?  Which charset does it declare? */
bool ob__is_html(const char *s, size_t len);

/* A file that is no text but a container oblix reads (Word, Excel, OFD,
 * an old Office file, PDF) as a page for the HTML intake, in *page
 * (malloc'd) with *kind its format: 0, or an error code; 1 when data is
 * no such container. */
int ob__container_page(const char *data, size_t len, size_t max, char **page,
		       size_t *page_len, const char **kind, ob_error *err);

/* A Word document or an Excel workbook (data: its zip container) as an
 * XHTML page (malloc'd, *page_len bytes) for the HTML intake; *kind is
 * "docx" or "xlsx".  What its parts inflate to counts against max.
 * OB_ERR_BINARY for a zip that is no such file, or a damaged or
 * encrypted one, OB_ERR_TOO_LARGE past max (segment/intake/office.c). */
int ob__office_page(const char *data, size_t len, size_t max, char **page,
		    size_t *page_len, const char **kind, ob_error *err);

/* A PDF's text layer as such a page: lines, paragraphs and task tables
 * rebuilt from the characters' positions, running heads and page numbers
 * dropped (segment/intake/pdf.c).  OB_ERR_BINARY for a PDF without text
 * (a scan), a damaged or an encrypted one. */
int ob__pdf_page(const char *data, size_t len, size_t max, char **page,
		 size_t *page_len, ob_error *err);

/* A character on a page and its box (y grows downwards). */
typedef struct ob__glyph {
	const char *s; /* its UTF-8 bytes, the caller's */
	unsigned len;
	double x1, y1, x2, y2;
} ob__glyph;

/* Pages of positioned characters (counts[p] of pages[p], which are
 * reordered) as a page for the HTML intake: lines, paragraphs and task
 * tables rebuilt from the positions, running heads and page numbers
 * dropped (segment/intake/layout.c); head (the document's properties as
 * <meta> tags) goes in its head.  OB_ERR_EMPTY (no error set) when
 * no page holds a character. */
int ob__layout_page(ob__glyph **pages, const size_t *counts, int np, size_t max,
		    const char *head, char **page, size_t *page_len, ob_error *err);

/* An OFD document (GB/T 33190) as such a page: the characters of its text objects,
 * placed by their boundaries and DeltaX (segment/intake/ofd.c).
 * OB_ERR_BINARY for one without text, a damaged or an encrypted one. */
int ob__ofd_page(const char *data, size_t len, size_t max, char **page,
		 size_t *page_len, ob_error *err);

/* An old Word or Excel file (.doc, .xls, .wps, .et) converted by
 * LibreOffice, then read as ob__office_page reads the result; a one-line
 * error naming the conversion where LibreOffice is missing
 * (segment/intake/convert.c). */
int ob__legacy_page(const char *data, size_t len, size_t max, char **page,
		    size_t *page_len, const char **kind, ob_error *err);
bool ob__html_charset(const char *s, size_t len, char *out, size_t size);
/* Render the article of a page (UTF-8 source) as text; map[i] is the
 * source offset of text byte i.  Both are the caller's. */
/* What a column of a task-division table holds, by its heading (spaces
 * removed): its number, the task, what it says in detail, who leads, who
 * is responsible, who cooperates, by when, or something else. */
enum { OB_COL_NO, OB_COL_TASK, OB_COL_CONTENT, OB_COL_LEAD, OB_COL_RESP,
	OB_COL_COOP, OB_COL_TIME, OB_COL_OTHER, OB_COL_GROUP };
int ob__table_column(const char *heading);

int ob__html_render(const char *src, size_t len, char **text, size_t *text_len,
		    size_t **map);
/* After cleaning a rendered text, make positions refer to the page
 * source: orig becomes src, runs are composed with map. */
int ob__text_rebase(ob__text *t, const char *src, size_t src_len,
		    const size_t *map);

/* Does decoded text look like mojibake?  A reason when it does, else
 * NULL. */
const char *ob__text_garbled(const char *s, size_t len);

/*
 * Check that len bytes at data are text oblix can read: not empty, not
 * only white space, no NUL byte, valid UTF-8, within max_size.  On failure
 * err is filled with the code, byte offset and message.
 */
int ob__input_check(const char *data, size_t len, size_t max_size,
		    ob_error *err);

/* Where a line that a scraper flattened (a whole notice on one line,
 * its paragraphs joined by spaces or run together) was made of lines
 * (see runin.c): the byte offsets in s, between p and e, where each of
 * them after the first starts, in *out (the caller's, NULL when none).
 * None for a line that is not flattened.  OB_ERR_NOMEM on failure. */
int ob__runin_breaks(const char *s, size_t p, size_t e, size_t **out,
		     size_t *nout);

/* Build the cleaned text for orig (which must have passed
 * ob__input_check and outlives t); page when orig is a rendered page
 * (ob__html_render).  OB_ERR_NOMEM or OB_ERR_ICU on failure. */
int ob__text_clean(ob__text *t, const char *orig, size_t orig_len, bool page);
void ob__text_free(ob__text *t);

/* The offset in orig of byte p of buf. */
size_t ob__text_orig(const ob__text *t, size_t p);
/* Where s first stands in span p of the cleaned text; NULL when nowhere. */
const char *ob__text_find(const ob__text *t, ob__span p, const char *s);

/* Let go of the input bytes once the text is cleaned, keeping only what
 * buf does not hold verbatim (line breaks, white space, Markdown markers,
 * characters folded): the input is not held twice, as input and as
 * cleaned text, for the rest of a notice's life.  Only for text whose
 * copied bytes are the input's in order (not a rendered page, not a
 * converted edition); the kept pieces are checked to give back the input
 * byte for byte, and the input stays when they do not.  true when orig
 * (not freed here: the caller owns it) may be freed. */
bool ob__text_drop_orig(ob__text *t);
/* Bytes [a, b) of the input into out (b - a bytes), from orig or from
 * buf and the kept pieces. */
void ob__text_orig_bytes(const ob__text *t, size_t a, size_t b, char *out);
/* Does span s of buf lie in one copy run of a text that let its input
 * go?  Then its bytes are the input's, as they stand in buf. */
bool ob__text_span_verbatim(const ob__text *t, ob__span s);

/* Line and column, in the original input, of the character that holds
 * orig byte o. */
ob__pos ob__text_pos_orig(const ob__text *t, size_t o);

/* Position of the first and of the last character of a span of buf. */
void ob__text_span_pos(const ob__text *t, ob__span s, ob__pos *first,
		       ob__pos *last);
/* The same for a walk that asks in about document order: the cursor
 * (zeroed before the first call) keeps the run and line found last, and
 * the next search starts from them, so a walk over the whole notice costs
 * about one step per position instead of two binary searches. */
typedef struct ob__pos_cursor {
	size_t run, line;
} ob__pos_cursor;
void ob__text_span_pos_at(const ob__text *t, ob__span s, ob__pos *first,
			  ob__pos *last, ob__pos_cursor *cur);

/* Byte length of the UTF-8 sequence starting at s[0] (1 for bytes that
 * do not start one).  Inline: the walks over a text ask it of every
 * character. */
static inline size_t
ob__utf8_len(unsigned char c)
{
	return c < 0xC0 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
}

/* Decode the code point at s[*i] (valid UTF-8 assumed) and advance *i.
 * Inline for ASCII and for the three-byte sequences of Chinese text, as
 * every stage walks the text with it; the rest (and U+FFFD for what is
 * ill-formed) out of line. */
uint32_t ob__utf8_next_slow(const char *s, size_t len, size_t *i);
static inline uint32_t
ob__utf8_next(const char *s, size_t len, size_t *i)
{
	const unsigned char *p = (const unsigned char *)s + *i;
	unsigned char c = p[0];

	if (c < 0x80) {
		++*i;
		return c;
	}
	/* E1-EC and EE-EF lead only well-formed sequences when two
	 * continuation bytes follow (E0 can be overlong, ED a surrogate) */
	if (c >= 0xE1 && c != 0xED && c <= 0xEF && len - *i >= 3 &&
	    (p[1] & 0xC0) == 0x80 && (p[2] & 0xC0) == 0x80) {
		*i += 3;
		return ((uint32_t)(c & 0x0F) << 12) | ((uint32_t)(p[1] & 0x3F) << 6) |
		    (p[2] & 0x3F);
	}
	return ob__utf8_next_slow(s, len, i);
}
/* The code point ending just before s[i], and its start in *start. */
uint32_t ob__utf8_prev(const char *s, size_t i, size_t *start);

/* Han ideograph (CJK unified, extensions A and compatibility).  Inline:
 * cleaning asks it of nearly every character. */
static inline bool
ob__is_han(uint32_t c)
{
	return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) ||
	    (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x20000 && c <= 0x3134F) ||
	    c == 0x3007; /* 〇 */
}

/* The characters of a UTF-8 string, for membership tests of every
 * character of a text: a bitmap of the Basic Multilingual Plane (8 KiB),
 * which any thread may read (ob__charset_has); NULL when out of memory.
 * Characters above the BMP are never members. */
typedef struct ob__charset {
	uint64_t bits[0x10000 / 64];
} ob__charset;
ob__charset *ob__charset_new(const char *chars);
static inline bool
ob__charset_has(const ob__charset *set, uint32_t c)
{
	return c < 0x10000 && (set->bits[c >> 6] >> (c & 63) & 1);
}

/* Is the text a traditional-character edition? */
bool ob__text_is_traditional(const ob__text *t);
/* Convert it to simplified characters in place; offsets do not move. */
int ob__text_simplify(ob__text *t);
/* What the conversion makes of one character (after a first
 * ob__text_simplify has built the table; for the tests). */
uint32_t ob__simplified(uint32_t c);

/* Sentences of a span, as ICU's sentence break finds them, each further
 * cut at "；".  Calls fn for each trimmed, non-empty piece. */
typedef struct ob__sentencer ob__sentencer;
int ob__sentencer_new(ob__sentencer **out);
void ob__sentencer_free(ob__sentencer *s);
typedef int (*ob__piece_fn)(void *ud, ob__span piece);
int ob__sentences(ob__sentencer *s, const ob__text *t, ob__span span,
		  bool words, ob__piece_fn fn, void *ud);

#endif
