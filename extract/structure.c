/* SPDX-License-Identifier: MIT */
/*
 * Structure: sections, items, sub-items, the preamble and the closing.
 *
 * A paragraph that starts with a marker opens a section or an item:
 *
 *   一、            section            rule SECTION
 *   （一） (一)      item, level 1      rule ITEM_CN
 *   1.  1、 1．     item, level 2      rule ITEM_NUM
 *   （1） (1)        item, level 3      rule ITEM_PNUM
 *
 * Levels nest like lists: an item is the child of the nearest open item
 * of a lower level, so "1." items stand directly in a section when the
 * notice has no （一） level.  Paragraphs without a marker continue the
 * open item.  An item's title is its bold lead phrase, else its first
 * sentence.  Lines such as "牵头单位：…" belong to the item and name its
 * agencies.  After the last item, the paragraphs that do not belong to it
 * (it closed with its agency clause, or the notice's items are single
 * paragraphs) and the signature block form the closing.
 *
 * A top-level unit without items that closes with its own agency clause
 * is an item (一、加强领导。…（X负责）).  A task table laid out one cell a
 * line (序号 / 重点任务 / 牵头单位 …) gives an item per row.  A signature
 * followed by 附件 or by the attached plan's title ends the notice's own
 * text.
 */
#include <stdlib.h>
#include <string.h>

#include "model.h"

const char ob__rule_section[] =
	"([一二三四五六七八九十]{1,3})[、.]";
const char ob__rule_item_cn[] =
	"\\(([一二三四五六七八九十百]{1,4})\\)";
/* 1. 2、 3 (not 2.5万, nor 1.5年内); 2.6月底前 and 3.2021年5月 are a
 * marker before a date */
const char ob__rule_item_num[] =
	"(\\d{1,3})(?: ?[.、](?!\\d)| ?[.、](?=\\d{4}年|\\d{1,2}月)|\\s)";
const char ob__rule_item_pnum[] =
	"\\( ?(\\d{1,3}) ?\\)";
const char ob__rule_labelled[] =
	"(牵头责任单位|牵头单位|牵头部门|"
	"责任单位(?:及承办(?:科室|单位))?(?:\\([^()：]{1,6}\\))?|"
	"责任部门|负责单位|负责部门|实施单位|"
	"实施部门|主管部门|指导部门|配合单位|配合部门|参与单位|参与部门|协办单位|"
	"协办部门|主责单位|主办单位|部门分工|责任分工|分工|完成时限|完成时间|"
	"时间节点|时限要求|适用范围|推广范围|实施范围)：";

/* The parts of a procedure that local implementing rules set out under a
 * measure: where it applies, how it is done, by when, with what papers.
 * Numbered as sub-units ("（二）办理程序：1.申报…"), they are parts of
 * their measure, not measures of their own. */
const char ob__rule_procedural[] =
	"(?:(?:适用范围|适用对象|实施范围|办理流程|办理程序|办事流程|申报程序|"
	"办理时限|办结时限|承诺时限|办理时间|办理材料|申请材料|申报材料|"
	"所需材料|受理条件|申请条件|申报条件|办理条件|办理地点|受理地点|"
	"咨询电话|联系电话)(?:：|$)"
	/* a named part as a label: 价格备案范围：… 商品房价格备案程序： */
	"|(?!优化|精简|简化|放宽|完善|规范|压缩|缩短|明确|加快|健全|建立|强化|推进|推行|"
	"实行|调整|降低|提高|扩大|减少|严格|加强|落实|创新|改进|拓宽|延长|取消|合并|统一|"
	"放开|下放|清理|公开|再造|梳理)"
	"[^，。；：()\\s]{1,14}(?:范围|程序|流程|时限|材料|条件)：)";

/* The parts that make the procedure a procedure: how long, in what steps,
 * with what papers.  A unit whose sub-units count one of them is a
 * procedure throughout, its other sub-units (应具备条件, 贷款额度, 相关
 * 要求) parts of it too. */
const char ob__rule_procedure_core[] =
	"(?:办理流程|办理程序|办事流程|申报程序|办理时限|办结时限|承诺时限|"
	"办理材料|申请材料|申报材料|所需材料)(?:：|$)";

#define MAX_DEPTH 8

/* A clause (labelled lines, a table's who and when cells) takes in
 * [start, end): it starts with its first part and ends with its last. */
static void
clause_add(ob__span *clause, size_t start, size_t end)
{
	if (clause->end == 0)
		clause->start = (uint32_t)start;
	clause->end = (uint32_t)end;
}

static bool
starts_with(const ob__text *t, ob__span p, const char *s)
{
	size_t n = strlen(s);
	return p.end - p.start >= n && !memcmp(t->buf + p.start, s, n);
}

static bool
ends_with(const ob__text *t, size_t end, size_t start, const char *s)
{
	size_t n = strlen(s);
	return end - start >= n && !memcmp(t->buf + end - n, s, n);
}

/* Trim white space and one trailing "。", "：", "；" or "." from a span. */
static ob__span
trim_title(const ob__text *t, ob__span s)
{
	while (s.start < s.end && (t->buf[s.start] == ' '))
		s.start++;
	for (;;) {
		while (s.end > s.start && t->buf[s.end - 1] == ' ')
			s.end--;
		if (ends_with(t, s.end, s.start, "。") ||
		    ends_with(t, s.end, s.start, "：") ||
		    ends_with(t, s.end, s.start, "；")) {
			s.end -= 3;
			continue;
		}
		if (s.end > s.start && t->buf[s.end - 1] == '.') {
			s.end--;
			continue;
		}
		break;
	}
	return s;
}

/* The end of the first sentence of [from, end): after its "。", "！" or
 * "？" outside brackets; end when there is none. */
static size_t
first_sentence_end(const ob__text *t, size_t from, size_t end)
{
	int depth = 0;

	for (size_t i = from; i < end;) {
		size_t at = i;
		uint32_t c = ob__utf8_next(t->buf, end, &i);

		if (c == '(' || c == 0x300A /* 《 */ || c == 0x201C)
			depth++;
		else if ((c == ')' || c == 0x300B || c == 0x201D) && depth > 0)
			depth--;
		else if (depth == 0 && (c == 0x3002 || c == 0xFF01 || c == 0xFF1F))
			return i;
		(void)at;
	}
	return end;
}

/* The end of a short lead phrase closed by "：" in [from, end), 0 when
 * there is none within the first 30 characters. */
static size_t
title_colon(const ob__text *t, size_t from, size_t end)
{
	int chars = 0;

	for (size_t i = from; i < end && chars < 30; chars++) {
		uint32_t c = ob__utf8_next(t->buf, end, &i);
		if (c == 0xFF1A)
			return i < end ? i : 0;
		if (c == 0xFF0C || c == 0x201C || c == '(' || c == 0x300A) /* ， “ ( 《 */
			return 0;
	}
	return 0;
}

/* The bold span that starts at p (allowing the marker before it). */
static const ob__span *
bold_at(const ob__text *t, size_t para, size_t after_marker)
{
	size_t lo = 0, hi = t->nbold;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (t->bold[mid].start < para)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < t->nbold && (t->bold[lo].start == para ||
	    t->bold[lo].start == after_marker))
		return &t->bold[lo];
	return NULL;
}

/* Is the paragraph's tail a bracket that names agencies?  Returns the
 * bracket's span in *out.  The bracket lies in the last paragraph of p:
 * the cleaner has joined every clause a line break cut. */
static bool
agency_bracket(const ob__text *t, ob__matcher *m, ob__span p, ob__span *out)
{
	size_t e = p.end;

	while (e > p.start && t->buf[e - 1] == ' ')
		e--;
	if (ends_with(t, e, p.start, "。") || ends_with(t, e, p.start, "；"))
		e -= 3;
	else if (e > p.start && t->buf[e - 1] == '.')
		e--;
	if (e == p.start || t->buf[e - 1] != ')')
		return false;
	int depth = 0;
	size_t i = e;
	while (i > p.start) {
		i--;
		if (t->buf[i] == ')')
			depth++;
		else if (t->buf[i] == '(' && --depth == 0)
			break;
		else if (t->buf[i] == '\n')
			return false;
	}
	if (depth != 0)
		return false;
	/* a role verb, or a label: （责任单位：省发展改革委） */
	if (ob__match(m, OB_RULE_ROLE, t->buf + i, e - i, 0, 0) <= 0 &&
	    ob__match(m, OB_RULE_LABELLED, t->buf + i + 1, e - i - 1, 0,
	    PCRE2_ANCHORED) <= 0)
		return false;
	*out = (ob__span){ i, e };
	return true;
}

static bool matches_at(ob__matcher *m, int rule, const ob__text *t, ob__span p,
		       size_t *mend, ob__span *label);

/* Labels that end an item's paragraph after its last sentence: …达到95%
 * 以上。牵头单位：X；责任单位：Y。  The clause runs from the first label
 * after a full stop to the end of the text, on the text's last line. */
static bool
inline_labels(const ob__text *t, ob__matcher *m, ob__span text, ob__span *out)
{
	size_t line = text.start;
	for (size_t i = text.start; i < text.end; i++)
		if (t->buf[i] == '\n')
			line = i + 1;
	for (size_t i = line; i + 3 < text.end; i++) {
		if (memcmp(t->buf + i, "。", 3))
			continue;
		size_t mend;
		ob__span rest = { i + 3, text.end };
		if (matches_at(m, OB_RULE_LABELLED, t, rest, &mend, NULL)) {
			*out = rest;
			return true;
		}
	}
	return false;
}

static bool
matches_at(ob__matcher *m, int rule, const ob__text *t, ob__span p,
	   size_t *mend, ob__span *label)
{
	if (ob__match(m, rule, t->buf + p.start, p.end - p.start, 0,
	    PCRE2_ANCHORED) <= 0)
		return false;
	size_t s, e;
	ob__group(m, 0, &s, mend);
	*mend += p.start;
	if (label && ob__group(m, 1, &s, &e))
		*label = (ob__span){ p.start + s, p.start + e };
	return true;
}

size_t
ob__marker_end(const ob__text *t, ob__matcher *m, ob__span p)
{
	static const int rules[] = { OB_RULE_SECTION, OB_RULE_ITEM_CN,
		OB_RULE_ITEM_PNUM, OB_RULE_ITEM_NUM };
	size_t mend;
	for (size_t k = 0; k < sizeof rules / sizeof *rules; k++)
		if (matches_at(m, rules[k], t, p, &mend, NULL)) {
			while (mend < p.end && t->buf[mend] == ' ')
				mend++;
			return mend;
		}
	return p.start;
}

/* Signature lines: the issuer alone on a line, a date alone on a line,
 * "（此件公开发布）". */
bool
ob__is_signature(const ob__text *t, ob__matcher *m, ob__span p)
{
	size_t n = p.end - p.start;
	size_t e;

	if (matches_at(m, OB_RULE_DATE_LINE, t, p, &e, NULL) && e == p.end)
		return true;
	if (starts_with(t, p, "(此件") || starts_with(t, p, "(本件") ||
	    starts_with(t, p, "(本文"))
		return true;
	if (n > 0 && n <= 3 * 20 && first_sentence_end(t, p.start, p.end) == p.end &&
	    !memchr(t->buf + p.start, ' ', n)) {
		static const char *const tails[] = { "国务院", "办公厅", "办公室",
			"人民政府", "委员会", "政府", "中心", "联席会议", "领导小组", "协会",
			"分行", "厅", "局", "委", "部", NULL };
		bool punct = false;
		for (size_t i = p.start; i < p.end;) {
			uint32_t c = ob__utf8_next(t->buf, p.end, &i);
			if (!ob__is_han(c))
				punct = true;
		}
		if (punct)
			return false;
		for (int k = 0; tails[k]; k++)
			if (ends_with(t, p.end, p.start, tails[k]))
				return true;
	}
	return false;
}

/* Whether the character at s is one of the three-byte characters of
 * set. */
static bool
strchr_han(const char *set, const char *s)
{
	for (const char *c = set; *c; c += 3)
		if (!memcmp(c, s, 3))
			return true;
	return false;
}

/* A line of the imprint (版记) printed below a signature: who gets copies
 * (抄送：…, and the lines its list runs on to), who printed it when
 * (市政府办公厅2018年6月25日印发), how many were printed (共印20份). */
static int
imprint_line(const ob__text *t, ob__span p)
{
	static const char *const heads[] = { "抄送", "抄报", "分送", "主送", "发送", NULL };
	for (int k = 0; heads[k]; k++)
		if (starts_with(t, p, heads[k]))
			return 2; /* opens the block */
	size_t n = p.end - p.start;
	if (n <= 3 * 40 && (ends_with(t, p.end, p.start, "印发") ||
	    ends_with(t, p.end, p.start, "印发。") || ends_with(t, p.end, p.start, "份)") ||
	    ends_with(t, p.end, p.start, "份）")))
		return 2;
	/* a list of bodies run on from 抄送：: Chinese, commas, a last 。 */
	if (n > 3 * 100)
		return 0;
	for (size_t i = p.start; i < p.end;) {
		uint32_t c = ob__utf8_next(t->buf, p.end, &i);
		if (!ob__is_han(c) && c != 0xFF0C && c != 0x3001 && c != 0x3002 &&
		    c != '(' && c != ')')
			return 0;
	}
	return 1;
}

/* An issuer's name too long for a signature line of ob__is_signature's
 * (市促进房地产市场平稳健康发展领导小组办公室): Chinese only, at most 40
 * characters, a body's ending. */
static bool
long_issuer(const ob__text *t, ob__span p)
{
	if (p.end - p.start > 3 * 40)
		return false;
	for (size_t i = p.start; i < p.end;)
		if (!ob__is_han(ob__utf8_next(t->buf, p.end, &i)))
			return false;
	static const char *const tails[] = { "办公室", "委员会", "领导小组", "政府", "局", "厅",
		"委", "中心", NULL };
	for (int k = 0; tails[k]; k++)
		if (ends_with(t, p.end, p.start, tails[k]))
			return true;
	return false;
}

/* A line of a page left below a notice's signature: short, opening no
 * unit, neither a date nor a signature (打印本页关闭窗口, 【字号：大 中 小】,
 * 关联稿件：, 意见选登：). */
static bool
chrome_line(const ob__text *t, ob__matcher *m, ob__span p)
{
	size_t n = p.end - p.start;
	if (n > 3 * 40 || ob__is_signature(t, m, p))
		return false;
	/* 一、 （一） 1. 第一条: a unit of the notice's own */
	size_t i = p.start;
	if (starts_with(t, p, "(") || starts_with(t, p, "第"))
		i += starts_with(t, p, "(") ? 1 : 3;
	size_t d = i;
	while (d < p.end && ((t->buf[d] >= '0' && t->buf[d] <= '9') ||
	    (d + 3 <= p.end && strchr_han("一二三四五六七八九十", t->buf + d))))
		d += t->buf[d] >= '0' && t->buf[d] <= '9' ? 1 : 3;
	/* the numeral and what closes it: 一、 1. (一) 第一条 */
	bool unit = d > i && d < p.end && (t->buf[d] == '.' || t->buf[d] == ')' ||
	    (d + 3 <= p.end && (!memcmp(t->buf + d, "、", 3) || !memcmp(t->buf + d, "．", 3) ||
	    !memcmp(t->buf + d, "条", 3))));
	return !unit;
}

size_t
ob__signature_start(const ob__text *t, ob__matcher *m, size_t floor, size_t end)
{
	/* what a notice may leave below its signature's date: the imprint
	 * (抄送：…, …印发) and the page's chrome; the signature ends the
	 * notice all the same */
	size_t tail = t->nparas, run = t->nparas, listed = t->nparas;
	for (size_t k = t->nparas; k > 0 && t->nparas - k < 12; k--) {
		ob__span p = t->paras[k - 1];
		if (p.start >= end || p.end == p.start)
			continue;
		/* (此件公开发布) below the date, then the page */
		bool note = starts_with(t, p, "(此件") || starts_with(t, p, "(本件");
		int l = note || chrome_line(t, m, p) ? 3 : imprint_line(t, p);
		if (!l)
			break;
		/* a list's lines only below the line that opens it (抄送：) */
		if (l == 1 && listed == t->nparas)
			listed = k - 1;
		else if (l == 2)
			listed = t->nparas;
		run = k - 1;
	}
	if (listed < t->nparas)
		run = listed + 1; /* a list no 抄送 opens: text of the notice */
	/* the run stands below a signature: a date alone, under an issuer or
	 * right under the text's last sentence (a signature without a name) */
	if (run < t->nparas && run > 1) {
		size_t e, e2;
		ob__span date = t->paras[run - 1], who = t->paras[run - 2];
		if (matches_at(m, OB_RULE_DATE_LINE, t, date, &e, NULL) && e == date.end &&
		    (ob__is_signature(t, m, who) || long_issuer(t, who) ||
		    ends_with(t, who.end, who.start, "。")) &&
		    !(matches_at(m, OB_RULE_DATE_LINE, t, who, &e2, NULL) && e2 == who.end))
			tail = run;
	}
	size_t start = end;
	for (size_t k = t->nparas; k > 0; k--) {
		ob__span p = t->paras[k - 1];
		if (p.start >= end || p.end == p.start)
			continue;
		if (p.start < floor || (k - 1 < tail && !ob__is_signature(t, m, p)))
			break;
		start = p.start;
	}
	return start;
}

typedef struct builder {
	ob_notice *n;
	ob__matcher *m;
	long stack[MAX_DEPTH];
	int depth;
	long last_child[MAX_DEPTH + 1];
	long section;
	long last_top;     /* last top-level item of the section/notice */
	/* units whose sub-units of a level are the parts of a procedure:
	 * the start of the unit (an item or a section) and the level */
	struct { uint32_t owner; int level; } procedure[32];
	int nprocedure;
	bool again;        /* one was found after sub-units taken as items */
} builder;

static int
open_item(builder *b, int level, ob__span para, size_t mend, ob__span label)
{
	ob_notice *n = b->n;
	const ob__text *t = &n->text;

	while (b->depth > 0 && n->items.v[b->stack[b->depth - 1]].level >= level)
		b->depth--;
	if (b->depth == MAX_DEPTH)
		return OB_ERR_LIMIT;
	ob__item *it = OB_PUSH(n->items);
	if (!it)
		return OB_ERR_NOMEM;
	long idx = (long)(n->items.n - 1);
	it->level = level;
	it->label = label;
	it->span = para;
	it->parent = b->depth ? b->stack[b->depth - 1] : -1;
	it->first_child = it->next_sibling = -1;
	it->section = b->section >= 0 ? (size_t)b->section : (size_t)-1;

	/* link among siblings */
	if (it->parent >= 0) {
		ob__item *p = &n->items.v[it->parent];
		long c = p->first_child, prev = -1;
		int k = 1;
		while (c >= 0) {
			prev = c;
			c = n->items.v[c].next_sibling;
			k++;
		}
		if (prev < 0)
			p->first_child = idx;
		else
			n->items.v[prev].next_sibling = idx;
		it->n = k;
	} else {
		if (b->last_top >= 0) {
			n->items.v[b->last_top].next_sibling = idx;
			it->n = n->items.v[b->last_top].n + 1;
		} else {
			it->n = 1;
			if (b->section >= 0)
				n->sections.v[b->section].first_item = idx;
			else
				n->first_item = idx;
		}
		b->last_top = idx;
	}
	b->stack[b->depth++] = idx;
	for (long a = it->parent; a >= 0; a = n->items.v[a].parent)
		n->items.v[a].span.end = para.end;

	/* the title: the bold lead phrase, else the first sentence */
	const ob__span *bold = bold_at(t, para.start, mend);
	size_t body;
	/* a bold run that ends inside the marker ("**(十**一)") is no title */
	if (bold && bold->end <= para.end && bold->end > mend) {
		it->title = (ob__span){ bold->start < mend ? mend : bold->start,
			bold->end };
		body = bold->end;
	} else {
		body = first_sentence_end(t, mend, para.end);
		/* a lead phrase closed by "：": （一）主要目标：到2025年… */
		size_t colon = title_colon(t, mend, body);
		if (colon)
			body = colon;
		it->title = (ob__span){ mend, body };
		it->title_is_sentence = !colon;
	}
	it->title = trim_title(t, it->title);
	it->text = (ob__span){ body, para.end };
	return 0;
}

/* A task table laid out one cell a line, as text copied from a page
 * gives it:
 *
 *   序号 / 改革举措 / 主要内容 / 指导部门 / 推广范围     the heading row
 *   一、知识产权保护方面（共5项）                       a group heading
 *   1 / 知识产权…审判 / 整合…资源… / 最高人民法院、… / 全国
 *
 * The heading row is "序号" and the short headings after it; a row is a
 * line holding its number alone and one line per other column. */
typedef struct table {
	int kind[12];
	size_t ncol;
} table;

/* The paragraph's text without blanks, when short; NULL otherwise. */
static bool
cell_text(const ob__text *t, ob__span p, char *out, size_t size)
{
	size_t o = 0;
	if (p.end - p.start >= size)
		return false;
	for (size_t i = p.start; i < p.end; i++)
		if (t->buf[i] != ' ' && t->buf[i] != '\t')
			out[o++] = t->buf[i];
	out[o] = '\0';
	return o > 0;
}

static bool
table_heading(const ob__text *t, size_t i, table *out)
{
	char c[64];
	table tb = { .ncol = 0 };
	if (!cell_text(t, t->paras[i], c, sizeof c) || strcmp(c, "序号"))
		return false;
	bool task = false, who = false;
	for (size_t k = i; k < t->nparas && tb.ncol < 12; k++) {
		if (!cell_text(t, t->paras[k], c, sizeof c) || strlen(c) > 3 * 8)
			break;
		int kind = ob__table_column(c);
		if (k > i && kind == OB_COL_OTHER && !strstr(c, "范围") && !strstr(c, "备注"))
			break;
		tb.kind[tb.ncol++] = kind;
		task |= kind == OB_COL_TASK;
		who |= kind == OB_COL_LEAD || kind == OB_COL_RESP;
	}
	if (!task || !who || tb.ncol < 3)
		return false;
	*out = tb;
	return true;
}

/* A row of the table at paragraph i: its number alone on the line. */
static bool
table_row(const ob__text *t, size_t i, const table *tb)
{
	ob__span p = t->paras[i];
	if (p.end == p.start || p.end - p.start > 4 || i + tb->ncol > t->nparas)
		return false;
	for (size_t k = p.start; k < p.end; k++)
		if (t->buf[k] < '0' || t->buf[k] > '9')
			return false;
	return true;
}

static int open_item(builder *b, int level, ob__span para, size_t mend, ob__span label);

/* One row of a table: an item numbered as the row, titled by its task,
 * its text the detail columns, its agencies those of the who columns. */
static int
table_item(builder *b, size_t i, const table *tb)
{
	ob_notice *n = b->n;
	const ob__text *t = &n->text;
	size_t task = (size_t)-1;

	for (size_t c = 0; c < tb->ncol; c++)
		if (tb->kind[c] == OB_COL_TASK && task == (size_t)-1)
			task = i + c;
	if (task == (size_t)-1)
		return 0;
	ob__span row = { t->paras[i].start, t->paras[i + tb->ncol - 1].end };
	int r = open_item(b, 2, (ob__span){ t->paras[task].start, t->paras[task].end },
	    t->paras[task].start, t->paras[i]);
	if (r)
		return r;
	ob__item *it = &n->items.v[n->items.n - 1];
	it->span = row;
	it->title = t->paras[task];
	it->title_is_sentence = false;
	it->text = (ob__span){ t->paras[task].end, t->paras[task].end };
	for (size_t c = 0; c < tb->ncol; c++) {
		ob__span p = t->paras[i + c];
		switch (tb->kind[c]) {
		case OB_COL_CONTENT:
			if (it->text.end == it->text.start)
				it->text.start = p.start;
			it->text.end = p.end;
			break;
		case OB_COL_LEAD: case OB_COL_RESP: case OB_COL_COOP:
			if (it->ncells < 4) {
				ob__cell *cell = OB_PUSH(n->cells);
				if (!cell)
					return OB_ERR_NOMEM;
				if (!it->ncells++)
					it->cells = (uint32_t)(n->cells.n - 1);
				cell->span = p;
				cell->role = tb->kind[c] == OB_COL_LEAD
				    ? OB_ROLE_LEAD : tb->kind[c] == OB_COL_COOP
				    ? OB_ROLE_COOPERATE : OB_ROLE_RESPONSIBLE;
			}
			/* fall through */
		case OB_COL_TIME:
			clause_add(&it->agency_clause, p.start, p.end);
			break;
		}
	}
	for (long a = it->parent; a >= 0; a = n->items.v[a].parent)
		if (n->items.v[a].span.end < row.end)
			n->items.v[a].span.end = row.end;
	if (b->section >= 0 && n->sections.v[b->section].span.end < row.end)
		n->sections.v[b->section].span.end = row.end;
	return 0;
}

/* The innermost open item above a unit of this level, -1 for none. */
static long
innermost_below(const builder *b, int level)
{
	for (int d = b->depth; d > 0; d--)
		if (b->n->items.v[b->stack[d - 1]].level < level)
			return b->stack[d - 1];
	return -1;
}

/* The clause of the unit a label of this level closes: the innermost
 * open item above it, else the open section; NULL when neither. */
static ob__span *
unit_clause(builder *b, int level)
{
	long it = innermost_below(b, level);
	if (it >= 0)
		return &b->n->items.v[it].agency_clause;
	if (b->section >= 0)
		return &b->n->sections.v[b->section].agency_clause;
	return NULL;
}

/* The open items and section now reach to end. */
static void
extend_open(builder *b, size_t end)
{
	for (int d = 0; d < b->depth; d++) {
		ob__item *it = &b->n->items.v[b->stack[d]];
		if (it->span.end < end)
			it->span.end = (uint32_t)end;
	}
	if (b->section >= 0 && b->n->sections.v[b->section].span.end < end)
		b->n->sections.v[b->section].span.end = (uint32_t)end;
}

/* The start of the unit a sub-unit of this level stands in: the
 * innermost open item above it, else the open section. */
static uint32_t
owner_of(const builder *b, int level)
{
	long it = innermost_below(b, level);
	if (it >= 0)
		return b->n->items.v[it].span.start;
	return b->section >= 0 ? b->n->sections.v[b->section].span.start : UINT32_MAX;
}

static bool
in_procedure(const builder *b, uint32_t owner, int level)
{
	for (int k = 0; k < b->nprocedure; k++)
		if (b->procedure[k].owner == owner && b->procedure[k].level == level)
			return true;
	return false;
}

bool
ob__in_table_row(const ob_notice *n, size_t at)
{
	for (size_t k = 0; k < n->items.n; k++)
		if (n->items.v[k].ncells && n->items.v[k].span.start <= at &&
		    at < n->items.v[k].span.end)
			return true;
	return false;
}

/* A page's own line after the notice, never the notice's: 相关链接：…,
 * 扫一扫在手机打开当前页, 打印本页 关闭窗口. */
static bool
page_chrome(const ob__text *t, ob__span p)
{
	static const char *const opens[] = { "相关链接", "相关阅读", "相关新闻", "相关文章",
		"相关稿件", "扫一扫", "下载本信息公开文件", "打印本页", "关闭窗口", "【打印】",
		"【关闭】", "分享到", NULL };
	if (p.end - p.start > 3 * 60)
		return false;
	for (int k = 0; opens[k]; k++)
		if (starts_with(t, p, opens[k]))
			return true;
	return false;
}

static int find_pass(builder *b);

int
ob__structure_find(ob_notice *n, ob__matcher *m)
{
	builder b = { .n = n, .m = m };
	int r = find_pass(&b);
	/* a procedure's sub-units taken as items before its core part was
	 * met: once more, with them as its parts */
	if (!r && b.again) {
		n->items.n = 0;
		n->sections.n = 0;
		n->cells.n = 0;
		b.again = false;
		r = find_pass(&b);
	}
	return r;
}

static int
find_pass(builder *bp)
{
	ob_notice *n = bp->n;
	ob__matcher *m = bp->m;
	const ob__text *t = &n->text;
	builder b = *bp;
	b.section = -1;
	b.last_top = -1;
	b.depth = 0;
	size_t first_marker = t->nparas;
	/* per paragraph: the item it belongs to, -1 for none */
	long cur = -1;
	size_t i;
	int r;

	table tb = { .ncol = 0 };
	int proc_level = 0; /* the level of the procedure part open, 0 none */

	n->first_item = -1;
	n->page_end = 0;
	for (i = 0; i < t->nparas; i++) {
		ob__span p = t->paras[i];
		ob__span label = { 0, 0 };
		size_t mend;

		/* the page goes on with its own lines: the notice ended */
		if (first_marker < t->nparas && page_chrome(t, p)) {
			n->page_end = p.start;
			break;
		}

		if (table_heading(t, i, &tb)) {
			i += tb.ncol - 1;
			cur = -1;
			continue;
		}
		if (tb.ncol && table_row(t, i, &tb)) {
			if ((r = table_item(&b, i, &tb)))
				return r;
			if (first_marker == t->nparas)
				first_marker = i;
			i += tb.ncol - 1;
			cur = -1;
			continue;
		}
		/* between rows stand only group headings: anything else ends
		 * the table */
		if (tb.ncol && !matches_at(m, OB_RULE_SECTION, t, p, &mend, NULL) &&
		    !matches_at(m, OB_RULE_ITEM_CN, t, p, &mend, NULL))
			tb.ncol = 0;

		if (matches_at(m, OB_RULE_SECTION, t, p, &mend, &label)) {
			ob__section *s = OB_PUSH(n->sections);
			if (!s)
				return OB_ERR_NOMEM;
			b.section = (long)(n->sections.n - 1);
			s->n = (int)n->sections.n;
			s->span = p;
			s->label = label;
			size_t he = first_sentence_end(t, mend, p.end);
			/* a lead phrase closed by "：": 一、元旦：2018年12月30日至… */
			size_t colon = title_colon(t, mend, he);
			if (colon && colon < he)
				he = colon;
			s->heading = trim_title(t, (ob__span){ mend, he });
			s->text = (ob__span){ he, he };
			if (he < p.end)
				s->text.end = p.end;
			s->first_item = -1;
			s->agency_clause = (ob__span){ 0, 0 };
			proc_level = 0;
			b.depth = 0;
			b.last_top = -1;
			cur = -1;
			if (first_marker == t->nparas)
				first_marker = i;
			continue;
		}
		int level = 0;
		if (matches_at(m, OB_RULE_ITEM_CN, t, p, &mend, &label))
			level = 1;
		else if (matches_at(m, OB_RULE_ITEM_PNUM, t, p, &mend, &label))
			level = 3;
		else if (matches_at(m, OB_RULE_ITEM_NUM, t, p, &mend, &label))
			level = 2;
		if (level && proc_level && level > proc_level)
			level = 0; /* a step of a procedure: 1.申报… */
		if (level) {
			proc_level = 0;
			ob__span body = { mend, p.end };
			while (body.start < body.end && t->buf[body.start] == ' ')
				body.start++;
			/* （一）适用范围：… （二）办理程序： the measure's parts */
			size_t pend;
			uint32_t owner = owner_of(&b, level);
			/* inside a unit: top-level measures of a notice are
			 * no one procedure's parts */
			if (owner != UINT32_MAX &&
			    matches_at(m, OB_RULE_PROCEDURE_CORE, t, body, &pend, NULL) &&
			    !in_procedure(&b, owner, level) &&
			    b.nprocedure < (int)(sizeof b.procedure / sizeof *b.procedure)) {
				/* the sub-units of this unit before it were parts
				 * too: found again in a second pass */
				long it = innermost_below(&b, level);
				b.again |= it >= 0 ? n->items.v[it].first_child >= 0
						   : b.last_top >= 0;
				b.procedure[b.nprocedure].owner = owner;
				b.procedure[b.nprocedure++].level = level;
			}
			if (matches_at(m, OB_RULE_PROCEDURAL, t, body, &pend, NULL)) {
				proc_level = level;
				cur = innermost_below(&b, level);
				level = 0;
			/* （四）责任单位：X。 closes the unit it stands in */
			} else if (matches_at(m, OB_RULE_LABELLED, t, body, &pend, NULL)) {
				ob__span *clause = unit_clause(&b, level);
				if (clause)
					clause_add(clause, body.start, p.end);
				extend_open(&b, p.end);
				cur = -1; /* what follows is its owner's */
				continue;
			} else if (owner != UINT32_MAX && in_procedure(&b, owner, level)) {
				/* （二）贷款额度、期限和利率 of a procedure */
				proc_level = level;
				cur = innermost_below(&b, level);
				level = 0;
			}
		}
		if (level) {
			if ((r = open_item(&b, level, p, mend, label)))
				return r;
			cur = (long)(n->items.n - 1);
			if (b.section >= 0)
				n->sections.v[b.section].span.end = p.end;
			if (first_marker == t->nparas)
				first_marker = i;
			continue;
		}
		if (cur < 0 && b.section >= 0 &&
		    matches_at(m, OB_RULE_LABELLED, t, p, &mend, NULL)) {
			/* 一、…。 then 责任单位：X: the section's own label */
			ob__section *s = &n->sections.v[b.section];
			clause_add(&s->agency_clause, p.start, p.end);
			s->span.end = p.end;
			continue;
		}
		if (cur >= 0) {
			ob__item *it = &n->items.v[cur];
			if (matches_at(m, OB_RULE_LABELLED, t, p, &mend, NULL))
				clause_add(&it->agency_clause, p.start, p.end);
			else if (it->agency_clause.end == 0)
				it->text.end = p.end;
			it->span.end = p.end;
			for (long a = it->parent; a >= 0; a = n->items.v[a].parent)
				n->items.v[a].span.end = p.end;
		} else if (b.section >= 0) {
			ob__section *s = &n->sections.v[b.section];
			if (s->text.end == s->text.start)
				s->text.start = p.start;
			s->text.end = p.end;
		}
		if (b.section >= 0)
			n->sections.v[b.section].span.end = p.end;
	}
	(void)first_marker;
	bp->again = b.again;
	bp->nprocedure = b.nprocedure;
	memcpy(bp->procedure, b.procedure, sizeof b.procedure);
	return 0;
}

/* Does the paragraph say when the notice takes effect, as closings do
 * (本实施细则自印发之日起施行，…)? */
static bool
effective_clause(const ob__text *t, ob__span p)
{
	static const char *const says[] = { "起施行", "起实施", "起执行" };
	if (!starts_with(t, p, "本"))
		return false;
	/* in its first sentence */
	size_t e = first_sentence_end(t, p.start, p.end);
	ob__span first = { p.start, e };
	for (size_t k = 0; k < sizeof says / sizeof *says; k++)
		if (ob__text_find(t, first, says[k]))
			return true;
	return false;
}

/* After the items are known: agency brackets, the closing, the preamble
 * boundary.  head_end is where the preamble may start (after the
 * metadata block). */
/* End what stands open at cut there: its own text, and its span unless
 * it holds later parts (keep).  False when it does not cross cut. */
static bool
cut_at(ob__span *span, ob__span *text, size_t cut, bool keep)
{
	if (span->start >= cut || span->end <= cut)
		return false;
	if (!keep)
		span->end = cut;
	if (text->end > cut)
		text->end = cut;
	if (text->start > text->end)
		text->start = text->end;
	return true;
}

/* The closing after the last item: the paragraphs that do not belong to
 * it (it closed with its agency clause, or the notice's items are single
 * paragraphs) and the signature. */
static void
closing_after_item(ob_notice *n, ob__matcher *m, size_t end)
{
	ob__text *t = &n->text;

	/* do items other than the last run over several paragraphs?  One
	 * that does (（二）基本原则。 over the principles' paragraphs) among
	 * eight or more that do not leaves the notice one of single
	 * paragraphs */
	size_t nmulti = 0;
	for (size_t k = 0; k + 1 < n->items.n; k++) {
		ob__item *it = &n->items.v[k];
		if (memchr(t->buf + it->text.start, '\n', it->text.end - it->text.start))
			nmulti++;
	}
	bool multi = nmulti * 8 > n->items.n - 1;
	/* the last item: where does it end? */
	ob__item *last = &n->items.v[n->items.n - 1];
	const char *nl = memchr(t->buf + last->title.start, '\n',
	    last->span.end - last->title.start);
	size_t first_para_end = nl ? (size_t)(nl - t->buf) : last->span.end;
	/* a table's row is one unit, whatever order its cells stand in */
	if (last->ncells)
		first_para_end = last->span.end;
	ob__span br;
	size_t cut = last->span.end;
	if (agency_bracket(t, m, (ob__span){ last->span.start, first_para_end }, &br))
		cut = first_para_end;
	else if (last->agency_clause.end)
		cut = last->agency_clause.end; /* its labelled lines */
	else if (!multi)
		cut = first_para_end;
	/* labelled lines (牵头单位：…) belong to the item wherever they stand,
	 * and its section's label after it to the section */
	if (last->agency_clause.end > cut)
		cut = last->agency_clause.end;
	if (last->section != (size_t)-1 && n->sections.v[last->section].agency_clause.end > cut)
		cut = n->sections.v[last->section].agency_clause.end;
	if (last->ncells)
		cut = last->span.end;

	/* the signature block at the very end cuts it in any case */
	size_t sig = ob__signature_start(t, m, first_para_end, end);
	if (sig < cut)
		cut = sig;
	if (cut < end) {
		size_t s = cut;
		while (s < end && (t->buf[s] == '\n' || t->buf[s] == ' '))
			s++;
		if (s < end)
			n->closing = (ob__span){ s, end };
		if (last->text.end > cut)
			last->text.end = cut;
		if (last->text.start > last->text.end)
			last->text.start = last->text.end;
		if (last->span.end > cut)
			last->span.end = cut;
		for (long a = last->parent; a >= 0; a = n->items.v[a].parent)
			if (n->items.v[a].span.end > cut)
				n->items.v[a].span.end = cut;
		/* and its section, with the text it had after its items (a
		 * paragraph after a table) */
		if (last->section != (size_t)-1) {
			ob__section *sec = &n->sections.v[last->section];
			cut_at(&sec->span, &sec->text, cut, false);
		}
	}
}

/* A top-level unit with no numbered children that closes with an agency
 * clause is itself a measure: 一、加强组织领导。…（X、Y负责）.  It becomes
 * a top-level item labelled 一; units with items, and units without a
 * clause (五、组织实施), stay sections. */
typedef struct placed {
	size_t start, k;
} placed;

static int
by_start(const void *a, const void *b)
{
	const placed *x = a, *y = b;
	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	return x->k < y->k ? -1 : 1;
}

/* Items in document order again after flat units joined them at the
 * end: the stages after this one take the last item for the last. */
static int
order_items(ob_notice *n)
{
	size_t ni = n->items.n;
	bool sorted = true;
	for (size_t k = 1; k < ni && sorted; k++)
		sorted = n->items.v[k - 1].span.start <= n->items.v[k].span.start;
	if (sorted)
		return 0;
	size_t *order = malloc(ni * sizeof *order), *where = malloc(ni * sizeof *where);
	ob__item *v = malloc(ni * sizeof *v);
	if (!order || !where || !v) {
		free(order), free(where), free(v);
		return OB_ERR_NOMEM;
	}
	placed *pl = malloc(ni * sizeof *pl);
	if (!pl) {
		free(order), free(where), free(v);
		return OB_ERR_NOMEM;
	}
	for (size_t k = 0; k < ni; k++)
		pl[k] = (placed){ n->items.v[k].span.start, k };
	qsort(pl, ni, sizeof *pl, by_start);
	for (size_t k = 0; k < ni; k++)
		order[k] = pl[k].k;
	free(pl);
	for (size_t k = 0; k < ni; k++)
		where[order[k]] = k;
#define MAP(x) ((x) >= 0 ? (long)where[(x)] : (x))
	for (size_t k = 0; k < ni; k++) {
		v[k] = n->items.v[order[k]];
		v[k].parent = MAP(v[k].parent);
		v[k].first_child = MAP(v[k].first_child);
		v[k].next_sibling = MAP(v[k].next_sibling);
	}
	n->first_item = MAP(n->first_item);
	for (size_t k = 0; k < n->sections.n; k++)
		n->sections.v[k].first_item = MAP(n->sections.v[k].first_item);
#undef MAP
	memcpy(n->items.v, v, ni * sizeof *v);
	free(order), free(where), free(v);
	return 0;
}

static int
flat_items(ob_notice *n, ob__matcher *m)
{
	const ob__text *t = &n->text;
	size_t o = 0;
	long last = -1;
	size_t *moved = malloc((n->sections.n + 1) * sizeof *moved);

	if (!moved)
		return OB_ERR_NOMEM;
	for (long c = n->first_item; c >= 0; c = n->items.v[c].next_sibling)
		last = c;
	for (size_t k = 0; k < n->sections.n; k++) {
		ob__section sec = n->sections.v[k];
		ob__span br, body = { sec.heading.start, sec.span.end };
		/* the signature after the last unit is no part of it */
		if (k + 1 == n->sections.n)
			body.end = ob__signature_start(t, m, sec.heading.start + 1, body.end);
		while (body.end > body.start && (t->buf[body.end - 1] == '\n' ||
		    t->buf[body.end - 1] == ' '))
			body.end--;
		bool labelled = sec.agency_clause.end > sec.agency_clause.start;
		/* the last unit closes with its bracket at the end of its own
		 * paragraph, and the notice's closing paragraphs follow it */
		if (!labelled && sec.first_item < 0 && k + 1 == n->sections.n &&
		    !agency_bracket(t, m, body, &br)) {
			const char *nl = memchr(t->buf + sec.heading.start, '\n',
			    body.end - sec.heading.start);
			ob__span first = { body.start, nl ? (size_t)(nl - t->buf) : body.end };
			if (nl && agency_bracket(t, m, first, &br))
				body.end = first.end;
		}
		if (sec.first_item >= 0 ||
		    (!labelled && !agency_bracket(t, m, body, &br))) {
			moved[k] = o;
			sec.n = (int)o + 1;
			n->sections.v[o++] = sec;
			continue;
		}
		moved[k] = (size_t)-1;
		ob__item *it = OB_PUSH(n->items);
		if (!it) {
			free(moved);
			return OB_ERR_NOMEM;
		}
		long idx = (long)n->items.n - 1;
		it->span = (ob__span){ sec.span.start, body.end };
		it->label = sec.label;
		it->title = sec.heading;
		it->title_is_sentence = true;
		it->text = sec.text.end > sec.text.start
		    ? (ob__span){ sec.text.start, body.end }
		    : (ob__span){ sec.heading.end, sec.heading.end };
		it->parent = -1;
		it->first_child = it->next_sibling = -1;
		it->section = (size_t)-1;
		if (labelled) {
			/* 一、…。 责任单位：X: the text runs to its label */
			it->agency_clause = sec.agency_clause;
			if (it->text.end > sec.agency_clause.start)
				it->text.end = sec.agency_clause.start;
			if (it->text.start > it->text.end)
				it->text.start = it->text.end;
		} else if (br.start >= it->title.start && br.end <= it->title.end) {
			/* 一、加强领导（X负责）: a one-sentence unit */
			it->title = trim_title(t, (ob__span){ it->title.start, br.start });
			it->agency_clause = br;
		}
		if (last >= 0) {
			n->items.v[last].next_sibling = idx;
			it->n = n->items.v[last].n + 1;
		} else {
			n->first_item = idx;
			it->n = 1;
		}
		last = idx;
	}
	/* items of the sections kept follow them to their new places */
	if (o < n->sections.n)
		for (size_t i = 0; i < n->items.n; i++)
			if (n->items.v[i].section != (size_t)-1)
				n->items.v[i].section = moved[n->items.v[i].section];
	n->sections.n = o;
	free(moved);
	return order_items(n);
}

/* Does a table's heading row start at paragraph i, laid out one cell a
 * line (一级指标 / 二级指标 / 指标性质 / 指标说明), and not a task table's
 * (which is the attached plan, read)?  Three short cells or more, none a
 * marker or a sentence. */
static bool
data_table(const ob__text *t, ob__matcher *m, size_t i)
{
	table tb;
	size_t cells = 0;
	if (i >= t->nparas || table_heading(t, i, &tb))
		return false;
	for (size_t k = i; k < t->nparas && cells < 3; k++, cells++) {
		ob__span p = t->paras[k];
		size_t mend;
		if (p.end == p.start || p.end - p.start > 3 * 8 ||
		    ob__text_find(t, p, "。") || ob__text_find(t, p, "，") ||
		    ob__text_find(t, p, "：") || ob__text_find(t, p, "、") ||
		    matches_at(m, OB_RULE_SECTION, t, p, &mend, NULL) ||
		    matches_at(m, OB_RULE_ITEM_CN, t, p, &mend, NULL))
			break;
	}
	return cells >= 3;
}

/* Forget the sections and items that start at or after at. */
static void
drop_from(ob_notice *n, size_t at)
{
	size_t ni = 0, ns = 0;
	while (ni < n->items.n && n->items.v[ni].span.start < at)
		ni++;
	while (ns < n->sections.n && n->sections.v[ns].span.start < at)
		ns++;
	n->items.n = ni;
	n->sections.n = ns;
	for (size_t k = 0; k < ni; k++) {
		ob__item *it = &n->items.v[k];
		if (it->first_child >= (long)ni)
			it->first_child = -1;
		if (it->next_sibling >= (long)ni)
			it->next_sibling = -1;
	}
	for (size_t k = 0; k < ns; k++)
		if (n->sections.v[k].first_item >= (long)ni)
			n->sections.v[k].first_item = -1;
	if (n->first_item >= (long)ni)
		n->first_item = -1;
}

/* A signature in the middle of the text: the notice's end before its
 * attachments (附件), which follow with sections and items of their own.
 * What stood open at it (the last section's text, the last item) ends
 * there, with the attachment list (附件：…) before it. */
static size_t
end_before_attachments(ob_notice *n, ob__matcher *m)
{
	const ob__text *t = &n->text;

	for (size_t k = 1; k + 1 < t->nparas; k++) {
		ob__span p = t->paras[k];
		if (!ob__is_signature(t, m, t->paras[k - 1]) || ob__is_signature(t, m, p))
			continue;
		/* 附件, or the attached plan's own title straight away */
		bool attached = starts_with(t, p, "附件") && p.end - p.start <= 3 * 40 &&
		    !starts_with(t, p, "附件：");
		static const char *const plan_words[] = { "方案", "计划", "要点", "清单",
			"意见", "办法", "规定", "细则", "安排", "规划", "措施", "分工表", NULL };
		for (int w = 0; !attached && plan_words[w]; w++)
			attached = p.end - p.start <= 3 * 60 && ends_with(t, p.end, p.start,
			    plan_words[w]) && first_sentence_end(t, p.start, p.end) == p.end &&
			    !memchr(t->buf + p.start, ' ', p.end - p.start);
		/* a forwarded document: 国务院办公厅关于…的通知 (报告, 决定) */
		static const char *const doc_words[] = { "通知", "报告", "决定", NULL };
		for (int w = 0; !attached && doc_words[w]; w++)
			attached = p.end - p.start <= 3 * 80 && ends_with(t, p.end, p.start,
			    doc_words[w]) && first_sentence_end(t, p.start, p.end) == p.end &&
			    ob__text_find(t, p, "关于") &&
			    !memchr(t->buf + p.start, ' ', p.end - p.start);
		if (!attached)
			continue;
		size_t s = k;
		while (s > 0 && ob__is_signature(t, m, t->paras[s - 1]))
			s--;
		if (s == 0)
			return t->len;
		n->signature = (ob__span){ t->paras[s].start, t->paras[k - 1].end };
		/* an attached table of data (indicators, a list of names) is
		 * no text of the notice's: what was read in it goes */
		bool data = data_table(t, m, k + (starts_with(t, p, "附件") ? 1 : 0) + 1);
		if (data)
			drop_from(n, p.start);
		size_t cut = t->paras[s].start;
		if (starts_with(t, t->paras[s - 1], "附件："))
			cut = t->paras[s - 1].start;
		while (cut > 0 && (t->buf[cut - 1] == '\n' || t->buf[cut - 1] == ' '))
			cut--;
		/* what holds items past the cut keeps its span: they are the
		 * attachment's, read on as the notice's */
		bool later = false;
		for (size_t j = 0; j < n->items.n && !later; j++)
			later = n->items.v[j].span.start >= cut;
		for (size_t j = 0; j < n->sections.n; j++)
			cut_at(&n->sections.v[j].span, &n->sections.v[j].text, cut, later);
		for (size_t j = 0; j < n->items.n; j++) {
			ob__item *x = &n->items.v[j];
			if (!cut_at(&x->span, &x->text, cut, later))
				continue;
			if (x->title.end > cut)
				x->title.end = cut;
			if (x->agency_clause.end > cut)
				x->agency_clause = (ob__span){ 0, 0 };
		}
		return data ? n->signature.end : t->len;
	}
	return t->len;
}

int
ob__structure_finish(ob_notice *n, ob__matcher *m, size_t head_end)
{
	ob__text *t = &n->text;
	size_t body_start = t->len;
	int r;

	if ((r = flat_items(n, m)))
		return r;
	/* the end of the notice's own text: an attached data table is none
	 * of it, nor the page's lines after it */
	size_t end = end_before_attachments(n, m);
	if (n->page_end && n->page_end < end) {
		end = n->page_end;
		while (end > 0 && (t->buf[end - 1] == '\n' || t->buf[end - 1] == ' '))
			end--;
	}

	body_start = end;
	if (n->sections.n)
		body_start = n->sections.v[0].span.start;
	if (n->items.n && n->items.v[0].span.start < body_start)
		body_start = n->items.v[0].span.start;
	if (head_end < body_start) {
		size_t s = head_end;
		while (s < body_start && (t->buf[s] == '\n' || t->buf[s] == ' '))
			s++;
		size_t e = body_start;
		while (e > s && (t->buf[e - 1] == '\n' || t->buf[e - 1] == ' '))
			e--;
		if (e > s)
			n->preamble = (ob__span){ s, e };
	}
	/* the notice ends with a section of plain paragraphs (or has no
	 * items at all): the signature after it is the closing */
	ob__section *lastsec = n->sections.n ? &n->sections.v[n->sections.n - 1] : NULL;
	if (lastsec && (!n->items.n ||
	    lastsec->span.start > n->items.v[n->items.n - 1].span.start)) {
		size_t cut = ob__signature_start(t, m, lastsec->heading.end + 1, end);
		/* or where the notice says when it takes effect, a paragraph
		 * of the closing's own (本细则自印发之日起施行) */
		for (size_t k = 0; k < t->nparas; k++) {
			ob__span p = t->paras[k];
			if (p.start > lastsec->heading.end && p.start < cut && effective_clause(t, p)) {
				cut = p.start;
				break;
			}
		}
		if (cut < end) {
			n->closing = (ob__span){ cut, end };
			while (cut > lastsec->span.start && (t->buf[cut - 1] == '\n' ||
			    t->buf[cut - 1] == ' '))
				cut--;
			if (lastsec->span.end > cut)
				lastsec->span.end = cut;
			if (lastsec->text.end > cut)
				lastsec->text.end = cut;
			if (lastsec->text.start > lastsec->text.end)
				lastsec->text.start = lastsec->text.end;
		}
	} else if (n->items.n) {
		closing_after_item(n, m, end);
	}

	/* agency brackets at the end of each item's own text */
	for (size_t k = 0; k < n->items.n; k++) {
		ob__item *it = &n->items.v[k];
		ob__span br;
		if (it->agency_clause.end)
			continue; /* labelled lines */
		if (agency_bracket(t, m, it->text, &br) || inline_labels(t, m, it->text, &br)) {
			it->agency_clause = br;
			it->text.end = br.start;
		}
		while (it->text.end > it->text.start &&
		    (t->buf[it->text.end - 1] == ' ' || t->buf[it->text.end - 1] == '\n'))
			it->text.end--;
		while (it->text.start < it->text.end &&
		    (t->buf[it->text.start] == ' ' || t->buf[it->text.start] == '\n'))
			it->text.start++;
	}
	return 0;
}
