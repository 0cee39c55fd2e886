/* SPDX-License-Identifier: MIT */
/*
 * Run-in lines: a notice that a scraper flattened onto one line.
 *
 * Many data sets and archives store a notice as one line: its paragraphs
 * joined by a space ("…贯彻执行。 中共福建省委办公厅 2016年12月28日 一、总体
 * 要求和目标 全面贯彻…"), or with nothing between them at all, as a task
 * table's cells run together ("…公开（一）进一步推进…公开1.全面公开…").  Such
 * a line is cut back into the lines it was made of, so that it gives the
 * records the same notice gives with its line breaks:
 *
 *  - a space between two pieces of Chinese text stands for a line break
 *    where it follows the end of a sentence or of a bracket, or a short
 *    piece with no clause in it (a title, a heading, a signature, a
 *    date), or before a label (责任单位：) or a signature (a body's name
 *    and a date, each alone); not where it falls inside a sentence ("申请下 一阶段"), spaces
 *    out single characters (工 作 任 务), follows a bare marker ("一、 全面
 *    实施…"), stands by a Latin word, or comes before punctuation no line
 *    starts with (、 ， 。 ）);
 *  - a marker that starts or continues its sequence (一、 after 一、's
 *    place is taken, then 二、; （一）（二）; 1. 2.; （1）（2）) starts a line
 *    after 。 ； ： ！ ？ or such a space; one that continues a sequence
 *    already begun (the next number) does so after any character but a
 *    digit or 第; a first 一、 does where its heading leads straight
 *    into a （一） or a 1., and a first 1. right after the heading of a
 *    一、 or a （一）, as a table's group rows do.
 *
 * "一是…二是…", "第一，", dates, decimals (1.5) and a 一、 inside prose (统一、)
 * start no line.  A line is taken as flattened only when it is long and
 * at least three of its spaces stand for breaks, one of them after the
 * end of a sentence: a notice laid out in lines is left as it is.
 */
#include <stdlib.h>
#include <string.h>

#include "mem.h"
#include "text.h"

/* A line shorter than this (in bytes) is never taken as flattened. */
#define RUNIN_MIN 600

enum { LV_SEC, LV_CN, LV_NUM, LV_PNUM, LV_N };

typedef struct marker {
	int level, value;
	size_t end; /* the byte after the marker */
} marker;

static bool
is_space_cp(uint32_t c)
{
	return c == ' ' || c == '\t' || c == 0x3000 || c == 0xA0;
}

/* Punctuation no line starts with: a space before it is no break. */
static bool
no_start(uint32_t c)
{
	switch (c) {
	case 0x3001: case 0x3002: case 0xFF0C: case 0xFF1B: case 0xFF1A:
	case 0xFF09: case 0x300B: case 0x300D: case 0x300F: case 0x201D:
	case 0x2019: case 0xFF01: case 0xFF1F: case ',': case '.': case ';':
	case ':': case ')': case '!': case '?':
		return true;
	}
	return false;
}

/* Ends a sentence or opens a list: a marker after it starts a line. */
static bool
boundary_cp(uint32_t c)
{
	return c == 0x3002 || c == 0xFF1B || c == 0xFF1A || c == 0xFF01 ||
	    c == 0xFF1F || c == ';' || c == ':';
}

static int
cn_digit(uint32_t c)
{
	static const uint32_t d[] = { 0x4E00, 0x4E8C, 0x4E09, 0x56DB, 0x4E94,
		0x516D, 0x4E03, 0x516B, 0x4E5D }; /* 一 … 九 */
	for (int k = 0; k < 9; k++)
		if (c == d[k])
			return k + 1;
	return c == 0x5341 ? 10 : 0; /* 十 */
}

static int
digit(uint32_t c)
{
	if (c >= '0' && c <= '9')
		return (int)(c - '0');
	if (c >= 0xFF10 && c <= 0xFF19)
		return (int)(c - 0xFF10);
	return -1;
}

/* A Chinese numeral of up to three characters at s[*i] (一 … 九十九): its
 * value, *i past it; 0 when there is none. */
static int
cn_number(const char *s, size_t e, size_t *i)
{
	int v[3], n = 0;
	size_t q = *i;

	while (n < 3 && q < e) {
		size_t r = q;
		int d = cn_digit(ob__utf8_next(s, e, &r));
		if (!d)
			break;
		v[n++] = d;
		q = r;
	}
	int value;
	if (n == 1)
		value = v[0];
	else if (n == 2 && v[0] == 10 && v[1] < 10)
		value = 10 + v[1]; /* 十一 */
	else if (n == 2 && v[0] < 10 && v[1] == 10)
		value = v[0] * 10; /* 二十 */
	else if (n == 3 && v[0] < 10 && v[1] == 10 && v[2] < 10)
		value = v[0] * 10 + v[2]; /* 二十一 */
	else
		return 0;
	*i = q;
	return value;
}

/* Up to three digits, ASCII or full width. */
static int
arabic_number(const char *s, size_t e, size_t *i)
{
	int value = 0, n = 0;
	size_t q = *i;

	while (n < 4 && q < e) {
		size_t r = q;
		int d = digit(ob__utf8_next(s, e, &r));
		if (d < 0)
			break;
		value = value * 10 + d;
		n++;
		q = r;
	}
	if (n == 0 || n > 3)
		return 0;
	*i = q;
	return value;
}

/* A marker's number at s[*r], Chinese (一 … 九十九) or Arabic (1 … 999):
 * its value, *r past it, *chinese which; 0 when there is none. */
static int
number_at(const char *s, size_t e, size_t *r, bool *chinese)
{
	int v = cn_number(s, e, r);
	*chinese = v != 0;
	return v ? v : arabic_number(s, e, r);
}

/* The list marker at s[i], if any: 一、 一.  （一）  1. 1、 1．  （1）. */
static bool
marker_at(const char *s, size_t i, size_t e, marker *m)
{
	size_t q = i;
	uint32_t c = ob__utf8_next(s, e, &q);
	bool bracket = c == '(' || c == 0xFF08, chinese;
	size_t r = bracket ? q : i;
	int v = number_at(s, e, &r, &chinese);

	if (!v || r >= e)
		return false;
	if (bracket) {
		c = ob__utf8_next(s, e, &r);
		if (c != ')' && c != 0xFF09)
			return false;
		*m = (marker){ chinese ? LV_CN : LV_PNUM, v, r };
		return true;
	}
	int level = chinese ? LV_SEC : LV_NUM;
	if (level == LV_NUM)
		while (r < e && s[r] == ' ')
			r++; /* "1 .房地产…", as scraped */
	if (r >= e)
		return false;
	c = ob__utf8_next(s, e, &r);
	if (c != 0x3001 && c != '.' && c != 0xFF0E)
		return false;
	if (level == LV_NUM && r < e) {
		/* a decimal (1.5) or a numbered version (1.2.3) is no marker */
		size_t k = r;
		if (digit(ob__utf8_next(s, e, &k)) >= 0)
			return false;
	}
	*m = (marker){ level, v, r };
	return true;
}

/* The bytes from a to b hold a marker and nothing else (bold markers
 * aside). */
static bool
bare_marker(const char *s, size_t a, size_t b)
{
	marker m;
	while (a < b && (s[a] == '*' || s[a] == '#'))
		a++;
	return marker_at(s, a, b, &m) && m.end == b;
}

static bool
latin(uint32_t c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Does a label of a plan's line stand at s[i]: 牵头单位：, 责任单位及承办
 * 科室：, 完成时限：, 时间节点： (a few characters ending in 单位, 部门, 科室,
 * 时限, 时间 or 节点, then a colon)? */
static bool
label_at(const char *s, size_t i, size_t e)
{
	static const char *const ends[] = { "单位", "部门", "科室", "时限",
		"时间", "节点" };
	for (int n = 0; n < 12 && i < e; n++) {
		size_t q = i;
		uint32_t c = ob__utf8_next(s, e, &q);
		if (c == 0xFF1A || c == ':') {
			for (size_t k = 0; k < sizeof ends / sizeof *ends; k++)
				if (n >= 2 && i >= 6 && !memcmp(s + i - 6, ends[k], 6))
					return true;
			return false;
		}
		if (!ob__is_han(c) && c != '(' && c != ')' && c != 0xFF08 &&
		    c != 0xFF09)
			return false;
		i = q;
	}
	return false;
}

/* Is the text from a to b a line of its own: short, and no clause that
 * a space could fall inside (a title, a heading, a signature, a date)?
 * A space within a sentence ("申请下 一阶段", "6个月 （含）以上") is no
 * line break. */
static bool
short_line(const char *s, size_t a, size_t b)
{
	size_t n = 0;
	marker m;
	while (a < b && (s[a] == '*' || s[a] == '#'))
		a++;
	bool heading = false;
	if (a < b && marker_at(s, a, b, &m)) {
		a = m.end; /* the piece's own marker: 一、总体要求 */
		/* a section's heading is a line of its own, commas and all
		 * (三、加强领导，明确职责) */
		heading = m.level == LV_SEC;
	}
	for (size_t i = a; i < b;) {
		uint32_t c = ob__utf8_next(s, b, &i);
		if (++n > 40 || c == 0xFF1B || c == ';' || c == 0x3002 ||
		    (!heading && (c == 0xFF0C || c == 0x3001 || c == ',')))
			return false;
	}
	return true;
}

/* The end of a date written alone at s[i] (2016年4月14日, 二〇一六年四月
 * 十四日), followed by a space or the end; 0 when there is none. */
static size_t
date_word(const char *s, size_t i, size_t e)
{
	static const uint32_t parts[] = { 0x5E74, 0x6708, 0x65E5 }; /* 年 月 日 */
	for (int k = 0; k < 3; k++) {
		size_t n = 0;
		for (;;) {
			size_t r = i;
			uint32_t c = i < e ? ob__utf8_next(s, e, &r) : 0;
			if (digit(c) < 0 && !cn_digit(c) && c != 0x3007 && c != 0x96F6)
				break; /* 〇 零 */
			i = r;
			n++;
		}
		size_t r = i;
		if (!n || n > 4 || i >= e || ob__utf8_next(s, e, &r) != parts[k])
			return 0;
		i = r;
	}
	size_t r = i;
	return i == e || is_space_cp(ob__utf8_next(s, e, &r)) ? i : 0;
}

/* Does a signature start at s[i]: a body's name alone (Chinese, at most
 * 30 characters, ending as bodies end) then a date alone, or the date
 * alone?  A notice flattened onto one line signs in the middle of it,
 * before its attachments ("…名单 平潭综合实验区管委会 2016年4月14日 附件1"). */
static bool
signature_at(const char *s, size_t i, size_t e)
{
	if (date_word(s, i, e))
		return true;
	static const char *const tails[] = { "人民政府", "政府", "委员会", "管委会",
		"办公厅", "办公室", "中心", "局", "厅", "委", "部", "院", "办", NULL };
	size_t j = i, n = 0;
	while (j < e) {
		size_t r = j;
		uint32_t c = ob__utf8_next(s, e, &r);
		if (is_space_cp(c))
			break;
		if (!ob__is_han(c) || ++n > 30)
			return false;
		j = r;
	}
	bool tail = false;
	for (int k = 0; tails[k] && !tail; k++) {
		size_t l = strlen(tails[k]);
		tail = j - i > l && !memcmp(s + j - l, tails[k], l);
	}
	if (!tail || j >= e)
		return false;
	while (j < e) { /* the space between name and date */
		size_t r = j;
		if (!is_space_cp(ob__utf8_next(s, e, &r)))
			break;
		j = r;
	}
	return date_word(s, j, e) != 0;
}

/* Is the text from a to b 附件 and a number (附件1, 附件 2, 附件３)? */
static bool
attachment_word(const char *s, size_t a, size_t b)
{
	if (b - a < 7 || memcmp(s + a, "附件", 6))
		return false;
	for (size_t i = a + 6; i < b;) {
		uint32_t c = ob__utf8_next(s, b, &i);
		if (digit(c) < 0)
			return false;
	}
	return true;
}

typedef struct breaks {
	size_t *v, n, cap;
} breaks;

static int
add_break(breaks *br, size_t at)
{
	if (br->n && br->v[br->n - 1] >= at)
		return 0;
	size_t *e = OB_PUSH(*br);
	if (!e)
		return OB_ERR_NOMEM;
	*e = at;
	return 0;
}

/* Characters from a to b. */
static size_t
chars(const char *s, size_t a, size_t b)
{
	size_t n = 0;
	for (size_t i = a; i < b; i++)
		n += ((unsigned char)s[i] & 0xC0) != 0x80;
	return n;
}

/* Does the heading after a first 一、 at s[i] lead into a （一） before the
 * end of a sentence, as a table's group row runs into its first row? */
static bool
leads_into_first(const char *s, size_t i, size_t e)
{
	size_t lim = i + 3 * 60 < e ? i + 3 * 60 : e;
	while (i < lim) {
		marker m;
		if (marker_at(s, i, lim, &m) && (m.level == LV_CN || m.level == LV_NUM) &&
		    m.value == 1)
			return true;
		uint32_t c = ob__utf8_next(s, lim, &i);
		if (c == 0x3002)
			return false;
	}
	return false;
}

int
ob__runin_breaks(const char *s, size_t p, size_t e, size_t **out, size_t *nout)
{
	breaks br = { 0 };
	int last[LV_N] = { 0 };
	int last_level = LV_N; /* the level of the marker taken last */
	size_t seg = p;        /* where the piece since the last break starts */
	size_t word = p;       /* where the text since the last space starts */
	uint32_t prev = 0;     /* the character before, spaces aside */
	bool spaced = false;   /* a space run stands right before i */
	bool space_break = false; /* and it was taken as a break */
	size_t stars = (size_t)-1; /* where a run of * or # (Markdown's bold,
				    * a heading) right before i starts */
	int space_breaks = 0, after_sentence = 0;

	*out = NULL;
	*nout = 0;
	if (e - p < RUNIN_MIN)
		return 0;
	for (size_t i = p; i < e;) {
		size_t at = i;
		uint32_t c = ob__utf8_next(s, e, &i);

		if (is_space_cp(c)) {
			if (!spaced) {
				spaced = true;
				space_break = false;
				/* the run's end and the next character decide */
				size_t q = i;
				uint32_t next = 0;
				while (q < e) {
					size_t r = q;
					next = ob__utf8_next(s, e, &r);
					if (!is_space_cp(next))
						break;
					q = r;
				}
				if (q >= e)
					continue;
				size_t after = q, w = q;
				while (w < e) {
					size_t r = w;
					if (is_space_cp(ob__utf8_next(s, e, &r)))
						break;
					w = r;
				}
				/* Latin words and numbers are spaced within a
				 * line ("5G 网络", "2024 年") */
				bool ascii = (prev < 0x80 && next < 0x80) ||
				    latin(prev) || latin(next) || digit(prev) >= 0;
				/* 附件1 2016年…: an attachment's number heads
				 * its own line */
				if (ascii && !latin(next) && attachment_word(s, word, at))
					ascii = false;
				bool ends = boundary_cp(prev) || prev == ')' ||
				    prev == 0xFF09 || short_line(s, seg, at) ||
				    label_at(s, q, e) || signature_at(s, q, e);
				if (!ascii && ends && !no_start(next) &&
				    chars(s, word, at) >= 2 && !bare_marker(s, seg, at) &&
				    (chars(s, after, w) >= 2 || boundary_cp(prev))) {
					if (add_break(&br, after))
						goto nomem;
					seg = after;
					space_break = true;
					space_breaks++;
					if (boundary_cp(prev))
						after_sentence++;
				}
				i = q;
			}
			continue;
		}
		/* **（三）标题。** and ## 二、…: Markdown's bold and heading
		 * marks around a marker are no characters of the text, and the
		 * line starts with them */
		if (c == '*' || c == '#') {
			if (stars == (size_t)-1)
				stars = at;
			while (c == '#' && i < e && (s[i] == '#' || s[i] == ' '))
				i++;
			continue;
		}
		size_t cut = stars != (size_t)-1 ? stars : at;
		stars = (size_t)-1;
		marker m;
		if (((c >= '0' && c <= '9') || (c >= 0xFF10 && c <= 0xFF19) ||
		    cn_digit(c) || c == '(' || c == 0xFF08) &&
		    marker_at(s, at, e, &m)) {
			/* a 一、 after a space where 一、 has been and gone: an
			 * attachment starts its own sections */
			bool restart = spaced && m.level == LV_SEC && m.value == 1 &&
			    last[LV_SEC] >= 2;
			bool boundary = at == p || boundary_cp(prev) ||
			    (spaced && space_break) || restart;
			bool next = last[m.level] > 0 && m.value == last[m.level] + 1;
			bool glued = prev != 0x7B2C /* 第 */ && digit(prev) < 0 &&
			    !cn_digit(prev) && (ob__is_han(prev) || prev == ')' ||
			    prev == 0xFF09 || prev == 0x3002 || prev == 0x201D);
			bool take;
			if (m.level == LV_SEC)
				take = (boundary && (m.value == 1 || next)) ||
				    (glued && next) ||
				    (glued && m.value == 1 && !last[LV_SEC] &&
				    leads_into_first(s, m.end, e));
			else if (m.level == LV_CN || m.level == LV_PNUM)
				take = (m.value == 1 && (boundary || glued)) ||
				    (next && (boundary || glued));
			else /* 1. glued to the heading of the row before it */
				take = (boundary && (m.value == 1 || next)) ||
				    (glued && (next || (m.value == 1 &&
				    last_level < LV_NUM)));
			if (take) {
				if (cut > p && add_break(&br, cut))
					goto nomem;
				seg = cut;
				last[m.level] = m.value;
				last_level = m.level;
				/* 1. 2. run on across （一）, and （十五） across 二、
				 * where a plan numbers its items through */
				for (int l = m.level + 1; l < LV_N; l++)
					if (l != LV_NUM && !(m.level == LV_SEC && l == LV_CN))
						last[l] = 0;
				prev = 0x3001;
				i = m.end;
				spaced = false;
				word = m.end;
				continue;
			}
		}
		if (spaced)
			word = at;
		spaced = false;
		prev = c;
	}
	if (space_breaks < 3 || after_sentence < 1) {
		free(br.v);
		return 0;
	}
	*out = br.v;
	*nout = br.n;
	return 0;
nomem:
	free(br.v);
	return OB_ERR_NOMEM;
}
