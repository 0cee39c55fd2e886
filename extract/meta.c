/* SPDX-License-Identifier: MIT */
/*
 * Metadata: the notice title, the plan title, issuer, document number,
 * issue date, and the reference year that dates resolve against.
 *
 * They stand in the block before the first section or item (the head) or,
 * for the issuer and the date, in the signature at the end:
 *
 *   广东省人民政府办公厅                         issuer, first line of the title
 *   关于印发《2021年…工作安排》的通知            notice title; 《…》 the plan
 *   粤办函〔2021〕55号                          document number   rule DOCNUMBER
 *   各地级以上市人民政府，…：                    salutation
 *   省政府办公厅 / 2021年4月16日                 signature, date   rule DATE_LINE
 *   2021年广东省…工作安排                        the plan title again
 *
 * The reference year comes from the plan title ("2021年…"), else the
 * issue date, else the year in the document number; the basis is
 * recorded.
 */
#include <stdlib.h>
#include <string.h>

#include "model.h"

const char ob__rule_docnumber[] =
	OB_HAN_CLASS "{1,10}[〔\\[【(]\\d{4}[〕\\]】)]\\d{1,5}号";
const char ob__rule_date_line[] =
	"([0-9]{4}|[〇零一二三四五六七八九]{4})年([0-9]{1,2}|[一二三四五六七八九十]{1,3})月"
	"([0-9]{1,2}|[一二三四五六七八九十]{1,3})日";

static const char *const title_words[] = { "通知", "意见", "决定", "办法",
	"方案", "规定", "安排", "计划", "批复", "报告", "纲要", "细则", "规划",
	"要点", "措施", "函", "令", "公告", "通告", "通报", "答复", "条例", "规则",
	"清单", "分工", NULL };
static const char *const org_tails[] = { "国务院", "人民政府", "办公厅", "办公室",
	"委员会", "政府", "中心", "联席会议", "领导小组", "分行", "厅", "局", "委", "部",
	"院", "署", "会", "办", NULL };

static bool
ends_with_any(const ob__text *t, ob__span p, const char *const *words)
{
	for (int k = 0; words[k]; k++) {
		size_t n = strlen(words[k]);
		if (p.end - p.start >= n && !memcmp(t->buf + p.end - n, words[k], n))
			return true;
	}
	return false;
}

static size_t
chars(const ob__text *t, ob__span p)
{
	size_t c = 0;
	for (size_t i = p.start; i < p.end; i++)
		c += ((unsigned char)t->buf[i] & 0xC0) != 0x80;
	return c;
}

/* Han characters with 、 or blanks between them: 中共福建省委办公厅
 * 福建省人民政府办公厅, the issuers of a joint notice. */
static bool
han_list(const ob__text *t, ob__span p)
{
	bool han = false;
	for (size_t i = p.start; i < p.end;) {
		uint32_t c = ob__utf8_next(t->buf, p.end, &i);
		if (ob__is_han(c))
			han = true;
		else if (c != 0x3001 && c != ' ' && c != 0x3000)
			return false; /* 、 and blanks only */
	}
	size_t last;
	return han && ob__is_han(ob__utf8_prev(t->buf, p.end, &last));
}

/* The issuer a title opens with, before its 关于: 福建省人民政府办公厅关于…;
 * an empty span when there is none. */
static ob__span
title_issuer(const ob__text *t, ob__span title)
{
	const char *g = ob__text_find(t, title, "关于");
	ob__span q = { title.start, g ? (size_t)(g - t->buf) : title.start };
	if (!g || !han_list(t, q) || !ends_with_any(t, q, org_tails))
		return (ob__span){ 0, 0 };
	/* 北京市人民政府贯彻落实国务院关于…: the issuer ends before the verb
	 * that takes up another body's document */
	static const char *const verbs[] = { "贯彻落实", "贯彻执行", "贯彻", "落实", "转发",
		"印发", "执行", NULL };
	for (int k = 0; verbs[k]; k++) {
		const char *v = ob__text_find(t, q, verbs[k]);
		ob__span before = { q.start, v ? (size_t)(v - t->buf) : q.start };
		if (v && before.end > before.start && ends_with_any(t, before, org_tails))
			return before;
	}
	return q;
}

/* A name as its own region says it, into out: the level character its
 * region ends with (省 市 区 县 州), then the rest, 人民政府 said 政府.
 * with_region: the name opens with a place (常州市人民政府), else with
 * the level character itself (市政府).  False when it does not. */
static bool
own_form(const ob__text *t, ob__span s, bool with_region, char *out, size_t size)
{
	static const char *const marks[] = { "省", "市", "区", "县", "州", NULL };
	const char *b = t->buf + s.start;
	size_t n = s.end - s.start;
	/* 省 市 区 县 before 州, which also ends places' names (常州市) */
	for (int pass = 0; pass < 2; pass++)
	for (size_t i = with_region ? 3 : 0; i + 3 <= n && i <= (with_region ? 8 * 3 : 0);
	     i += 3) {
		for (int k = pass ? 4 : 0; marks[k] && (pass || k < 4); k++) {
			if (memcmp(b + i, marks[k], 3))
				continue;
			const char *rest = b + i + 3;
			size_t rl = n - i - 3;
			if (rl >= 12 && !memcmp(rest, "人民政府", 12))
				rest += 6, rl -= 6;
			if (!rl || rl + 4 > size)
				return false;
			memcpy(out, marks[k], 3);
			memcpy(out + 3, rest, rl);
			out[3 + rl] = '\0';
			return true;
		}
	}
	return false;
}

/* Is a the short form of b (市政府 of 常州市人民政府)? */
static bool
short_form_of(const ob__text *t, ob__span a, ob__span b)
{
	char x[256], y[256];
	return own_form(t, a, false, x, sizeof x) && own_form(t, b, true, y, sizeof y) &&
	    !strcmp(x, y);
}

/* How many bytes of the region a body's name opens with: 福建省 in
 * 中共福建省委办公厅 and 福建省人民政府办公厅, 重庆市 in 重庆市公安局 (at most
 * eight characters up to 省, 市, 县, 区, 州, 盟 or 旗); 0 when none. */
static size_t
region_len(const char *s, size_t n)
{
	size_t i = 0;
	for (int k = 0; k < 8 && i < n; k++) {
		size_t a = i;
		uint32_t c = ob__utf8_next(s, n, &i);
		if (!ob__is_han(c))
			return 0;
		if (a > 0 && (c == 0x7701 || c == 0x5E02 || c == 0x53BF ||
		    c == 0x533A || c == 0x5DDE || c == 0x76DF || c == 0x65D7))
			return i; /* 省 市 县 区 州 盟 旗 */
	}
	return 0;
}

/* The issuers in span s: cut at 、 and blanks, and inside a piece where a
 * body's name ends (an org tail) and the next opens with 中共 or with the
 * region the piece's first name opens with. */
static void
split_issuers(const ob__text *t, ob__span s, ob__meta *md)
{
	md->nissuers = 0;
	size_t i = s.start;
	while (i < s.end && md->nissuers < OB_MAX_ISSUERS) {
		/* a piece: up to 、 or a blank */
		size_t a = i, e = i;
		for (size_t j = i; j < s.end;) {
			uint32_t c = ob__utf8_next(t->buf, s.end, &j);
			if (c == 0x3001 || c == ' ' || c == 0x3000)
				break;
			e = j;
		}
		i = e;
		while (i < s.end) { /* the separators */
			size_t j = i;
			uint32_t c = ob__utf8_next(t->buf, s.end, &j);
			if (c != 0x3001 && c != ' ' && c != 0x3000)
				break;
			i = j;
		}
		if (e == a)
			continue;
		/* names run together inside the piece */
		const char *b = t->buf;
		size_t skip = e - a >= 6 && !memcmp(b + a, "中共", 6) ? 6 : 0;
		size_t rl = region_len(b + a + skip, e - a - skip);
		size_t from = a;
		for (size_t j = a; j < e;) {
			ob__utf8_next(b, e, &j);
			if (j >= e || j - from < 9)
				continue;
			bool tail = false;
			for (int k = 0; org_tails[k] && !tail; k++) {
				size_t l = strlen(org_tails[k]);
				tail = j - from >= l && !memcmp(b + j - l, org_tails[k], l);
			}
			/* the next opens as a body does: 中共…, 中国…, 国家… (自然资源部
			 * 中国银行保险监督管理委员会), or with the first one's region */
			bool opens = (e - j >= 6 && (!memcmp(b + j, "中共", 6) ||
			    !memcmp(b + j, "中国", 6) || !memcmp(b + j, "国家", 6))) ||
			    (rl && e - j > rl && !memcmp(b + j, b + a + skip, rl));
			ob__span rest = { j, e };
			if (tail && opens && ends_with_any(t, rest, org_tails) &&
			    md->nissuers < OB_MAX_ISSUERS - 1) {
				md->issuers[md->nissuers++] = (ob__span){ from, j };
				from = j;
			}
		}
		md->issuers[md->nissuers++] = (ob__span){ from, e };
	}
}

/* Cut n bytes from the head (or the tail) of the notice title, its text
 * and, where it stands as written, its span; the plan title with it when
 * it is the same text. */
static void
cut_title(const ob__text *t, ob__meta *md, size_t n, bool tail)
{
	char *tt = md->notice_title_text;
	size_t tl = strlen(tt);
	ob__span *nt = &md->notice_title;
	bool same = md->title_text && !strcmp(md->title_text, tt);
	bool as_written = nt->end - nt->start == tl && !memcmp(t->buf + nt->start, tt, tl);
	if (tail) {
		tt[tl - n] = '\0';
		if (as_written)
			nt->end -= n;
	} else {
		memmove(tt, tt + n, tl - n + 1);
		if (as_written)
			nt->start += n;
	}
	if (same) {
		strcpy(md->title_text, tt);
		md->title = *nt;
	}
}

/* What sites put around a title, taken off it: a breadcrumb (首页>通知公告>),
 * a category or status in brackets (【贷款】, 【已废止】: a status goes to
 * md->status), the document number before or after it (武公中规〔2026〕2号…,
 * …的通知（沪教委规〔2021〕2号）: to md->doc_number where none was found),
 * and 《》 around the whole of it. */
static void
trim_title(const ob__text *t, ob__matcher *m, ob__meta *md)
{
	static const char *const statuses[] = { "已废止", "废止", "已失效", "失效",
		"已修订", "已修改", "已停止执行", "现行有效", "有效", NULL };
	for (int round = 0; round < 4 && md->notice_title_text; round++) {
		char *tt = md->notice_title_text;
		size_t tl = strlen(tt);
		ob__span nt = md->notice_title;
		bool as_written = nt.end - nt.start == tl && !memcmp(t->buf + nt.start, tt, tl);
		/* a breadcrumb: 首页>通知公告> */
		const char *gt = strrchr(tt, '>');
		if (gt && !strncmp(tt, "首页", 6) && (size_t)(gt - tt) + 1 < tl) {
			cut_title(t, md, (size_t)(gt - tt) + 1, false);
			continue;
		}
		/* a bracket at the head: 【贷款】, [已废止]; round ones only
		 * around a status: （已废止） */
		static const struct {
			const char *open, *close;
			bool status_only;
		} brackets[] = { { "【", "】", false }, { "[", "]", false },
			{ "［", "］", false }, { "（", "）", true }, { "(", ")", true },
			{ NULL, NULL, false } };
		bool cut = false;
		for (int b = 0; brackets[b].open && !cut; b++) {
			size_t ol = strlen(brackets[b].open);
			const char *close = strncmp(tt, brackets[b].open, ol) ? NULL :
			    strstr(tt + ol, brackets[b].close);
			if (!close || close - tt > 3 * 12 + 3)
				continue;
			size_t cl = strlen(brackets[b].close), wl = (size_t)(close - tt) - ol;
			bool status = false;
			for (int w = 0; statuses[w] && !status; w++)
				status = wl == strlen(statuses[w]) && !memcmp(tt + ol, statuses[w], wl);
			if (!status && brackets[b].status_only)
				continue;
			if (status && !md->status.end && as_written)
				md->status = (ob__span){ nt.start + ol, nt.start + ol + wl };
			cut_title(t, md, (size_t)(close - tt) + cl, false);
			cut = true;
		}
		if (cut)
			continue;
		/* the document number before the title, or after it in brackets */
		size_t s, e;
		if (ob__match(m, OB_RULE_DOCNUMBER, tt, tl, 0, PCRE2_ANCHORED) > 0) {
			ob__group(m, 0, &s, &e);
			if (e < tl && tl - e > 9) {
				if (!md->doc_number.end && as_written)
					md->doc_number = (ob__span){ nt.start, nt.start + e };
				cut_title(t, md, e, false);
				continue;
			}
		}
		if (tl > 2 && tt[tl - 1] == ')') {
			const char *open = NULL;
			for (const char *q = tt; (q = strchr(q, '(')); q++)
				open = q;
			if (open && open > tt && ob__match(m, OB_RULE_DOCNUMBER, open + 1,
			    (size_t)(tt + tl - 1 - (open + 1)), 0, PCRE2_ANCHORED) > 0) {
				ob__group(m, 0, &s, &e);
				if (open + 1 + e == tt + tl - 1) {
					size_t off = (size_t)(open + 1 - tt);
					if (!md->doc_number.end && as_written)
						md->doc_number = (ob__span){ nt.start + off,
							nt.start + off + e };
					cut_title(t, md, tl - (size_t)(open - tt), true);
					continue;
				}
			}
		}
		/* 《》 around the whole title */
		if (tl > 6 && !strncmp(tt, "《", 3) && !strcmp(tt + tl - 3, "》") &&
		    !strstr(tt + 3, "《")) {
			cut_title(t, md, 3, true);
			cut_title(t, md, 3, false);
			continue;
		}
		break;
	}
	/* the issuer the title opens with, which what was cut hid */
	if (!md->issuer.end && md->notice_title_text) {
		ob__span q = title_issuer(t, md->notice_title);
		if (q.end)
			md->issuer = q;
	}
}

/* Concatenate paragraphs [a, b] without their line breaks. */
static char *
join(const ob__text *t, size_t a, size_t b)
{
	size_t len = 0;
	for (size_t k = a; k <= b; k++)
		len += t->paras[k].end - t->paras[k].start;
	char *s = malloc(len + 1);
	if (!s)
		return NULL;
	len = 0;
	for (size_t k = a; k <= b; k++) {
		size_t n = t->paras[k].end - t->paras[k].start;
		memcpy(s + len, t->buf + t->paras[k].start, n);
		len += n;
	}
	s[len] = '\0';
	return s;
}

/* s without 的 and blanks, into out (size at least strlen(s) + 1). */
static void
squeeze(const char *s, size_t n, char *out)
{
	size_t o = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == ' ')
			continue;
		if (n - i >= 3 && !memcmp(s + i, "的", 3)) {
			i += 2;
			continue;
		}
		out[o++] = s[i];
	}
	out[o] = '\0';
}

/* The title a forwarded document has at its head, paragraphs [a, b] of
 * [from, to): lines that start with 关于 and end with a title word, whose
 * words stand in the notice title (的 aside: 关于…意见的报告 in a title
 * that says 关于…意见报告的通知). */
static bool
forwarded(const ob__text *t, const char *notice_title, size_t from, size_t to,
	  size_t *a, size_t *b)
{
	static const char *const request[] = { "请示", NULL };
	size_t tl = strlen(notice_title);
	char *nt = malloc(tl + 1), *cand = malloc(3 * 80 + 1);
	bool found = false;
	if (!nt || !cand) {
		free(nt);
		free(cand);
		return false;
	}
	squeeze(notice_title, tl, nt);
	for (size_t k = from; k < to && !found; k++) {
		if (t->paras[k].end - t->paras[k].start < 6 ||
		    memcmp(t->buf + t->paras[k].start, "关于", 6))
			continue;
		size_t len = 0;
		for (size_t j = k; j < to && j < k + 3 && !found; j++) {
			ob__span p = t->paras[j];
			if (p.end - p.start > 3 * 40 || len + (p.end - p.start) > 3 * 80 ||
			    ob__text_find(t, p, "。"))
				break;
			len += p.end - p.start;
			if (!ends_with_any(t, (ob__span){ t->paras[k].start, p.end }, title_words) &&
			    !ends_with_any(t, (ob__span){ t->paras[k].start, p.end }, request))
				continue;
			char *joined = join(t, k, j);
			if (!joined)
				break;
			squeeze(joined, strlen(joined), cand);
			free(joined);
			if (strstr(nt, cand)) {
				*a = k;
				*b = j;
				found = true;
			}
		}
	}
	free(nt);
	free(cand);
	return found;
}

static int
numeral_int(const char *s, size_t len)
{
	ob__decimal d;
	if (ob__numeral_parse(s, len, &d) || strchr(d.text, '.') ||
	    strlen(d.text) > 6)
		return -1;
	return atoi(d.text);
}

/* A valid date of the years notices are dated in, as YYYY-MM-DD. */
static bool
iso_date(int y, int mo, int d, char iso[11])
{
	if (y < 1900 || y > 2999 || mo < 1 || mo > 12 || d < 1 ||
	    d > ob__days_in_month(y, mo))
		return false;
	char tmp[40];
	snprintf(tmp, sizeof tmp, "%04d-%02d-%02d", y, mo, d);
	memcpy(iso, tmp, 11);
	return true;
}

/* A date alone on a paragraph, to ISO. */
static bool
date_line(const ob__text *t, ob__matcher *m, ob__span p, char iso[11])
{
	size_t s[4], e[4];

	if (ob__match(m, OB_RULE_DATE_LINE, t->buf + p.start, p.end - p.start, 0,
	    PCRE2_ANCHORED) <= 0)
		return false;
	for (int g = 0; g < 4; g++)
		ob__group(m, g, &s[g], &e[g]);
	if (p.start + e[0] != p.end)
		return false;
	return iso_date(numeral_int(t->buf + p.start + s[1], e[1] - s[1]),
	    numeral_int(t->buf + p.start + s[2], e[2] - s[2]),
	    numeral_int(t->buf + p.start + s[3], e[3] - s[3]), iso);
}

static bool
digit(char c)
{
	return c >= '0' && c <= '9';
}

/* The first year in s (four digits, 1900-2999, no digit either side),
 * followed by 年 when nian; 0 when there is none. */
static int
year_at(const char *s, size_t len, bool nian)
{
	for (size_t i = 0; i + 4 <= len; i++) {
		if ((i > 0 && digit(s[i - 1])) || !digit(s[i]) || !digit(s[i + 1]) ||
		    !digit(s[i + 2]) || !digit(s[i + 3]) ||
		    (i + 4 < len && digit(s[i + 4])))
			continue;
		if (!((s[i] == '1' && s[i + 1] == '9') || s[i] == '2'))
			continue;
		if (nian && (i + 7 > len || memcmp(s + i + 4, "年", 3)))
			continue;
		return atoi(s + i);
	}
	return 0;
}

/* Metadata printed as labelled lines, as government pages (and copies of
 * them) give it: 标题：… 文号：… 发布机构：… 成文日期：… */
enum { F_NONE, F_TITLE, F_ISSUER, F_WRITTEN, F_PUBLISHED, F_DOCNO, F_STATUS,
	F_PROP_ISSUER, F_PROP_DATE, F_COUNT };
static const struct {
	const char *label;
	int field;
} meta_lines[] = {
	{ "标题：", F_TITLE }, { "名称：", F_TITLE }, { "信息名称：", F_TITLE },
	{ "文件名称：", F_TITLE }, { "发布机构：", F_ISSUER },
	{ "发文机关：", F_ISSUER }, { "成文日期：", F_WRITTEN },
	{ "发布日期：", F_PUBLISHED }, { "发布时间：", F_PUBLISHED },
	{ "公开日期：", F_PUBLISHED }, { "公布日期：", F_PUBLISHED },
	{ "印发日期：", F_WRITTEN }, { "文号：", F_DOCNO }, { "发文字号：", F_DOCNO },
	{ "文件编号：", F_DOCNO }, { "文件字号：", F_DOCNO }, { "备注/文号：", F_DOCNO },
	{ "索引号：", F_NONE }, { "主题分类：", F_NONE }, { "主题词：", F_NONE },
	{ "公文种类：", F_NONE }, { "生成日期：", F_NONE },
	{ "有效性：", F_STATUS }, { "效力状态：", F_STATUS }, { "时效性：", F_STATUS },
	/* the site's source (本网, 福州日报, the department that posted it) */
	{ "来源：", F_NONE }, { "信息来源：", F_NONE },
	/* a file's own properties (segment/intake: ob:issuer, ob:date) */
	{ "文档属性作者：", F_PROP_ISSUER }, { "文档属性日期：", F_PROP_DATE },
};

/* The field of a labelled line, and its value in *value; -1 if none.
 * Labels are written with blanks inside (文　　号：, 索 引 号：), in
 * brackets ([发文字号] …), or as 备注/文号：. */
static int
meta_line(const ob__text *t, ob__span p, ob__span *value)
{
	char lab[64];
	size_t ll = 0, i = p.start;
	bool bracket = false, closed = false;
	for (int chars = 0; i < p.end && !closed;) {
		size_t a = i;
		uint32_t c = ob__utf8_next(t->buf, p.end, &i);
		if (c == ' ' || c == 0x3000 || c == 0xA0 || c == 0x200B)
			continue;
		if ((c == '[' || c == 0x3010) && a == p.start) {
			bracket = true;
			continue;
		}
		if (c == 0xFF1A || c == ':' || (bracket && (c == ']' || c == 0x3011))) {
			closed = true;
			break;
		}
		if ((!ob__is_han(c) && c != '/') || ++chars > 8 || ll + (i - a) + 4 > sizeof lab)
			return -1;
		memcpy(lab + ll, t->buf + a, i - a);
		ll += i - a;
	}
	if (!closed || !ll)
		return -1;
	memcpy(lab + ll, "：", 4);
	for (size_t k = 0; k < sizeof meta_lines / sizeof *meta_lines; k++) {
		if (strcmp(lab, meta_lines[k].label))
			continue;
		*value = (ob__span){ i, p.end };
		while (value->start < value->end && (t->buf[value->start] == ' ' ||
		    t->buf[value->start] == ':'))
			value->start++;
		/* a zero-width space sites put before a value */
		while (value->end - value->start >= 3 &&
		    !memcmp(t->buf + value->start, "\u200b", 3))
			value->start += 3;
		return meta_lines[k].field;
	}
	return -1;
}

/* A date written 2021年4月16日, 2021-04-16, 2021/4/16 or 2021.04.16. */
static bool
any_date(const ob__text *t, ob__matcher *m, ob__span v, char iso[11])
{
	if (date_line(t, m, v, iso))
		return true;
	int y = 0, mo = 0, d = 0, field = 0;
	for (size_t i = v.start; i < v.end; i++) {
		char c = t->buf[i];
		if (c >= '0' && c <= '9') {
			int *f = field == 0 ? &y : field == 1 ? &mo : &d;
			*f = *f * 10 + (c - '0');
			if (*f > 9999)
				return false;
		} else if ((c == '-' || c == '/' || c == '.') && field < 2) {
			field++;
		} else if (c == ' ' || c == 'T') {
			break; /* a time may follow */
		} else {
			return false;
		}
	}
	return field == 2 && iso_date(y, mo, d, iso);
}

/* 国务院办公厅转发国家地震局: the body that forwards issues the notice. */
static ob__span
forwarder(const ob__text *t, ob__span q)
{
	static const char *const verbs[] = { "转发", "批转", NULL };
	for (int k = 0; verbs[k]; k++)
		for (size_t i = q.start + 3; i + 6 <= q.end; i += 3)
			if (!memcmp(t->buf + i, verbs[k], 6))
				return (ob__span){ q.start, i };
	return q;
}

int
ob__meta_find(ob_notice *n, ob__matcher *m, size_t *head_end)
{
	const ob__text *t = &n->text;
	ob__meta *md = &n->meta;
	size_t body = t->len, head = 0, hend = 0;
	long docpara = -1, tfirst = -1, tlast = -1;

	if (n->sections.n)
		body = n->sections.v[0].span.start;
	if (n->items.n && n->items.v[0].span.start < body)
		body = n->items.v[0].span.start;
	while (head < t->nparas && t->paras[head].start < body)
		head++;

	/* labelled lines: kept aside, used where the text says nothing */
	ob__span lab[F_COUNT];
	memset(lab, 0, sizeof lab);
	bool prose = false; /* past the first paragraph of running text */
	for (size_t k = 0; k < head; k++) {
		ob__span v;
		int f = meta_line(t, t->paras[k], &v);
		if (f < 0) {
			/* a page's fields below the text (来源：…) are its
			 * fields still, but the head ended before the text */
			prose |= chars(t, t->paras[k]) >= 40 && ob__text_find(t, t->paras[k], "。");
			continue;
		}
		if (f != F_NONE && !lab[f].end)
			lab[f] = v;
		if (!prose && t->paras[k].end > hend)
			hend = t->paras[k].end;
	}

	/* the document number: a line of its own, else the first one in a
	 * short line of the head */
	for (size_t k = 0; k < head; k++) {
		ob__span p = t->paras[k];
		ob__span v;
		if (meta_line(t, p, &v) >= 0)
			continue;
		if (ob__match(m, OB_RULE_DOCNUMBER, t->buf + p.start,
		    p.end - p.start, 0, 0) <= 0)
			continue;
		size_t s, e;
		ob__group(m, 0, &s, &e);
		if ((s == 0 && p.start + e == p.end) ||
		    (docpara < 0 && chars(t, p) <= 40)) {
			md->doc_number = (ob__span){ p.start + s, p.start + e };
			docpara = (long)k;
			if (s == 0 && p.start + e == p.end)
				break;
		}
	}

	/* the notice title: the line with 关于 nearest the number, through
	 * the line that ends with a title word */
	size_t from = docpara >= 0 ? (size_t)(docpara > 4 ? docpara - 4 : 0) : 0;
	size_t to = docpara >= 0 ? (size_t)docpara + 4 : head;
	if (to > head)
		to = head;
	for (size_t k = from; k < to && tfirst < 0; k++) {
		ob__span p = t->paras[k];
		ob__span v;
		if ((long)k == docpara || chars(t, p) > 80 || !ob__text_find(t, p, "关于") ||
		    meta_line(t, p, &v) >= 0)
			continue;
		for (size_t j = k; j < to && j < k + 3; j++) {
			if ((long)j == docpara)
				break;
			if (ends_with_any(t, t->paras[j], title_words)) {
				tfirst = (long)k;
				tlast = (long)j;
				break;
			}
		}
	}
	if (tfirst >= 0) {
		ob__span p = t->paras[tfirst];
		/* 关于 opens the line: the issuer stands on the line before */
		if (ob__text_find(t, p, "关于") == t->buf + p.start && tfirst > 0) {
			ob__span q = t->paras[tfirst - 1];
			if (han_list(t, q) && chars(t, q) <= 120 &&
			    ends_with_any(t, q, org_tails)) {
				tfirst--;
				md->issuer = forwarder(t, q);
			}
		} else {
			ob__span q = title_issuer(t, p);
			if (q.end)
				md->issuer = forwarder(t, q);
		}
		md->notice_title = (ob__span){ t->paras[tfirst].start,
			t->paras[tlast].end };
		md->notice_title_text = join(t, (size_t)tfirst, (size_t)tlast);
		if (!md->notice_title_text)
			return OB_ERR_NOMEM;
		hend = t->paras[tlast].end;
	}
	/* a plan published on its own: its title is the first line after
	 * the file's properties */
	size_t first = 0;
	for (ob__span v; first < head && meta_line(t, t->paras[first], &v) >= F_PROP_ISSUER;)
		first++;
	if (tfirst < 0 && first < head) {
		ob__span p = t->paras[first];
		if (chars(t, p) <= 60 && ends_with_any(t, p, title_words) &&
		    !ob__text_find(t, p, "。") && !ob__text_find(t, p, "，") &&
		    !ob__text_find(t, p, "：")) {
			tfirst = tlast = (long)first;
			md->notice_title = p;
			md->notice_title_text = join(t, first, first);
			if (!md->notice_title_text)
				return OB_ERR_NOMEM;
			hend = p.end;
		}
	}
	if (tfirst < 0 && lab[F_TITLE].end) {
		/* the page's title: 标题：广东省人民政府办公厅关于… */
		md->notice_title = lab[F_TITLE];
		size_t l = lab[F_TITLE].end - lab[F_TITLE].start;
		md->notice_title_text = malloc(l + 1);
		if (!md->notice_title_text)
			return OB_ERR_NOMEM;
		memcpy(md->notice_title_text, t->buf + lab[F_TITLE].start, l);
		md->notice_title_text[l] = '\0';
		if (!md->issuer.end) {
			ob__span q = title_issuer(t, lab[F_TITLE]);
			if (q.end)
				md->issuer = q;
		}
	}
	/* a field left blank (文号：-, 文号：〔〕号) is no number */
	bool digits = false;
	for (size_t i = lab[F_DOCNO].start; i < lab[F_DOCNO].end && !digits; i++)
		digits = t->buf[i] >= '0' && t->buf[i] <= '9';
	if (!md->doc_number.end && digits) {
		md->doc_number = lab[F_DOCNO];
		/* the number alone, where another field runs on after it
		 * (琼公积金贷〔2023〕14号发布日期：…) */
		size_t ds, de;
		if (ob__match(m, OB_RULE_DOCNUMBER, t->buf + lab[F_DOCNO].start,
		    lab[F_DOCNO].end - lab[F_DOCNO].start, 0, PCRE2_ANCHORED) > 0) {
			ob__group(m, 0, &ds, &de);
			md->doc_number.end = lab[F_DOCNO].start + de;
		}
	}
	if (docpara >= 0 && t->paras[docpara].end > hend)
		hend = t->paras[docpara].end;

	/* the plan: 印发《X》 in the notice title */
	const char *pt = md->notice_title_text;
	const char *open = pt ? strstr(pt, "《") : NULL;
	const char *close = open ? strstr(open, "》") : NULL;
	/* the brackets hold the whole plan only when they open right after
	 * the verb: 印发2023年区《政府工作报告》确定的…方案 names a plan that
	 * merely cites one */
	const char *verb = pt ? strstr(pt, "印发") : NULL;
	if (!verb && pt)
		verb = strstr(pt, "转发");
	if (open && verb && open != verb + 6)
		open = NULL;
	if (open && close && verb && open < close) {
		size_t len = (size_t)(close - open) - 3;
		md->title_text = malloc(len + 1);
		if (!md->title_text)
			return OB_ERR_NOMEM;
		memcpy(md->title_text, open + 3, len);
		md->title_text[len] = '\0';
		/* the span: where the plan's own title block stands, else the
		 * bracket in the notice title */
		md->title = (ob__span){ 0, 0 };
		for (size_t k = tlast >= 0 ? (size_t)tlast + 1 : 0; k < head; k++) {
			size_t acc = 0, j = k;
			while (j < head) {
				size_t pl = t->paras[j].end - t->paras[j].start;
				if (acc + pl > len || memcmp(md->title_text + acc,
				    t->buf + t->paras[j].start, pl))
					break;
				acc += pl;
				if (acc == len)
					break;
				j++;
			}
			if (acc == len && j < head) {
				md->title = (ob__span){ t->paras[k].start,
					t->paras[j].end };
				if (t->paras[j].end > hend)
					hend = t->paras[j].end;
				break;
			}
		}
		if (md->title.end == 0 && tfirst < 0) {
			/* the notice title came from a labelled line: one span */
			size_t off = (size_t)(open - pt) + 3;
			md->title = (ob__span){ md->notice_title.start + off,
				md->notice_title.start + off + len };
			if (md->title.end > md->notice_title.end)
				md->title.end = md->notice_title.end;
		} else if (md->title.end == 0) {
			size_t off = (size_t)(open - pt) + 3;
			/* map an offset of the joined text back to buf */
			for (long k = tfirst; k <= tlast; k++) {
				size_t pl = t->paras[k].end - t->paras[k].start;
				if (off < pl) {
					md->title = (ob__span){ t->paras[k].start + off,
						t->paras[k].start + off + len };
					break;
				}
				off -= pl;
			}
			if (md->title.end > t->paras[tlast].end)
				md->title.end = t->paras[tlast].end;
		}
	} else if (pt && (open = strstr(pt, "印发")) &&
	    (close = strstr(open, "的通知")) && close > open + 6) {
		/* 关于印发2023年…工作要点的通知: the plan without brackets */
		size_t len = (size_t)(close - open) - 6;
		md->title_text = malloc(len + 1);
		if (!md->title_text)
			return OB_ERR_NOMEM;
		memcpy(md->title_text, open + 6, len);
		md->title_text[len] = '\0';
		md->title = md->notice_title;
	} else if (md->notice_title_text) {
		/* 转发国家地震局关于…意见报告的通知: the report forwarded, by
		 * the title it has at its head */
		size_t a, b;
		if (pt && strstr(pt, "转发") && forwarded(t, pt, tlast >= 0 ? (size_t)tlast + 1 : 0,
		    head, &a, &b)) {
			md->title_text = join(t, a, b);
			md->title = (ob__span){ t->paras[a].start, t->paras[b].end };
		} else if (pt && (open = strstr(pt, "转发")) && strstr(open, "关于")) {
			/* X转发国务院办公厅关于…的通知: the document forwarded as
			 * the title names it; its 的通知 is the forwarding
			 * notice's where a document word stands before it
			 * (转发省发展改革委关于…实施意见的通知) */
			const char *fw = open + 6, *end = pt + strlen(pt);
			static const char *const words[] = { "意见", "办法", "方案", "报告",
				"规定", "细则", "计划", "要点", "措施", "决定", "规划", NULL };
			if (end - fw > 9 && !memcmp(end - 9, "的通知", 9))
				for (int w = 0; words[w]; w++) {
					size_t l = strlen(words[w]);
					if ((size_t)(end - 9 - fw) > l &&
					    !memcmp(end - 9 - l, words[w], l))
						end -= 9;
				}
			md->title_text = strndup(fw, (size_t)(end - fw));
			md->title = md->notice_title;
		} else {
			md->title_text = strdup(md->notice_title_text);
			md->title = md->notice_title;
		}
		if (!md->title_text)
			return OB_ERR_NOMEM;
	}

	/* salutation and the date line in the head; a date after the first
	 * sentence of the body is the signature's, not the head's (a short
	 * reply fits in the head's paragraphs whole) */
	bool in_body = false;
	for (size_t k = 0; k < head; k++) {
		ob__span p = t->paras[k];
		size_t n3 = p.end - p.start;
		if ((long)k > docpara && (long)k > tlast && p.end > hend &&
		    ob__text_find(t, p, "。"))
			in_body = true;
		/* the addressees: 武警总部：, 科技部、新疆…人民政府： (the
		 * body's 你们 and 你省 are theirs) */
		if (!md->salutation.end && !in_body && n3 > 3 &&
		    !memcmp(t->buf + p.end - 3, "：", 3) && chars(t, p) <= 100 &&
		    (long)k > docpara && (long)k > tlast && (docpara >= 0 || tfirst >= 0) &&
		    !ob__text_find(t, p, "。") && memcmp(t->buf + p.start, "附件", 6))
			md->salutation = (ob__span){ p.start, p.end - 3 };
		if (n3 >= 3 && !memcmp(t->buf + p.end - 3, "：", 3) &&
		    !memcmp(t->buf + p.start, "各", 3) && chars(t, p) <= 100 &&
		    (long)k > docpara && p.end > hend &&
		    (docpara >= 0 || tfirst >= 0))
			hend = p.end;
		if (!md->issued.end && date_line(t, m, p, md->issued_iso)) {
			md->issued = p;
			if (p.end > hend && (docpara >= 0 || tfirst >= 0) && !in_body)
				hend = p.end;
		}
	}
	/* the page's fields: its 成文日期 and issuer stand in where the text
	 * names neither at its head nor at its signature (ob__meta_finish);
	 * its 发布日期 is when it was posted, a field of its own */
	md->page_written = lab[F_WRITTEN];
	if (lab[F_STATUS].end)
		md->status = lab[F_STATUS];
	trim_title(t, m, md);
	md->page_issuer = lab[F_ISSUER];
	md->prop_issuer = lab[F_PROP_ISSUER];
	md->prop_date = lab[F_PROP_DATE];
	if (lab[F_PUBLISHED].end && any_date(t, m, lab[F_PUBLISHED], md->published_iso))
		md->published = lab[F_PUBLISHED];
	*head_end = hend;
	return 0;
}

/* 蔡甸区人民政府办公室 signs what the title calls 区人民政府办公室. */
static bool
more_specific(const ob__text *t, ob__span sig, ob__span title)
{
	size_t sl = sig.end - sig.start, tl = title.end - title.start;
	return sl > tl && !memcmp(t->buf + sig.end - tl, t->buf + title.start, tl);
}

void
ob__meta_finish(ob_notice *n, ob__matcher *m, size_t head_end)
{
	const ob__text *t = &n->text;
	ob__meta *md = &n->meta;

	/* the signature at the end, else the one before the attachments:
	 * issuer and date; a joint notice signs with each issuer on a line
	 * or on one line with blanks between them */
	ob__span sig[OB_MAX_ISSUERS];
	int nsig = 0;
	for (int pass = 0; pass < 2; pass++) {
		size_t from = t->nparas;
		/* the notice's own signature stands before its attachments and
		 * the documents it forwards, which may end with theirs: it is
		 * read first, the one at the end where it names nothing */
		bool mid = n->signature.end && n->signature.end < t->len;
		if (pass == 1 && (md->issued.end && md->issuer.end))
			break;
		if (mid == (pass == 0)) {
			if (!n->signature.end)
				continue;
			while (from > 0 && t->paras[from - 1].start >= n->signature.end)
				from--;
		}
		for (size_t k = from; k > 0; k--) {
			ob__span p = t->paras[k - 1];
			if (p.start < head_end || !ob__is_signature(t, m, p) ||
			    ob__in_table_row(n, p.start))
				break;
			if (!md->issued.end && date_line(t, m, p, md->issued_iso)) {
				md->issued = p;
				continue;
			}
			if (!han_list(t, p) || !ends_with_any(t, p, org_tails))
				continue;
			if (nsig < OB_MAX_ISSUERS && (!nsig || sig[nsig - 1].start ==
			    t->paras[k].start))
				sig[nsig++] = p; /* lines next to one another */
			if (!md->issuer.end || more_specific(t, p, md->issuer))
				md->issuer = p;
		}
	}

	/* a signature inside the text, neither at its end nor before
	 * attachments: a page that goes on with the notice's 解读 or the
	 * site's footer.  The first body line after the head with a date
	 * line right below it. */
	for (size_t k = 1; !md->issued.end && k < t->nparas; k++) {
		ob__span p = t->paras[k], q = t->paras[k - 1];
		char iso[11];
		if (q.start < head_end || q.end - q.start > 3 * 40 || p.end - p.start > 3 * 24 ||
		    !ends_with_any(t, q, org_tails) || !han_list(t, q) || chars(t, q) > 40 ||
		    ob__in_table_row(n, q.start) || !date_line(t, m, p, iso))
			continue;
		md->issued = p;
		memcpy(md->issued_iso, iso, sizeof iso);
		if (md->issuer.end)
			break;
		md->issuer = q;
		nsig = 0;
		for (size_t j = k; j > 0 && nsig < OB_MAX_ISSUERS; j--) {
			ob__span l = t->paras[j - 1];
			if (l.start < head_end || !han_list(t, l) || chars(t, l) > 40 ||
			    !ends_with_any(t, l, org_tails) || !ob__is_signature(t, m, l))
				break;
			sig[nsig++] = l;
		}
	}

	/* the page's labelled fields, where the text said nothing */
	if (!md->issued.end && md->page_written.end &&
	    any_date(t, m, md->page_written, md->issued_iso))
		md->issued = md->page_written;
	if (!md->issuer.end && md->page_issuer.end)
		md->issuer = md->page_issuer;
	/* the text's short form (市政府关于…), the page's full name (发布机构：
	 * 常州市人民政府): the full name */
	if (md->issuer.end && md->page_issuer.end && short_form_of(t, md->issuer, md->page_issuer))
		md->issuer = md->page_issuer;
	/* the file's properties, where neither said anything */
	if (!md->issuer.end && md->prop_issuer.end) {
		md->issuer = md->prop_issuer;
		md->from_props |= OB_PROPS_ISSUER;
	}

	/* the issuers one by one: the signature's lines (read upwards) where
	 * it names more of them than the issuer span does */
	split_issuers(t, md->issuer, md);
	if (nsig > 1 && nsig > md->nissuers) {
		md->nissuers = 0;
		for (int k = nsig; k > 0 && md->nissuers < OB_MAX_ISSUERS; k--) {
			ob__meta one = { .nissuers = 0 };
			split_issuers(t, sig[k - 1], &one);
			for (int j = 0; j < one.nissuers && md->nissuers < OB_MAX_ISSUERS; j++)
				md->issuers[md->nissuers++] = one.issuers[j];
		}
		md->issuer = (ob__span){ sig[nsig - 1].start, sig[0].end };
	}

	/* the reference year */
	int y;
	if (md->title_text && (y = year_at(md->title_text,
	    strlen(md->title_text), true))) {
		md->year = y;
		md->year_basis = OB_YEAR_TITLE;
	} else if (md->issued.end) {
		md->year = atoi(md->issued_iso);
		md->year_basis = OB_YEAR_ISSUED;
	} else if (md->doc_number.end && (y = year_at(t->buf + md->doc_number.start,
	    md->doc_number.end - md->doc_number.start, false))) {
		md->year = y;
		md->year_basis = OB_YEAR_DOCNUMBER;
	} else if (md->published.end) {
		/* a page that prints no date of the notice's: the year it was
		 * posted */
		md->year = atoi(md->published_iso);
		md->year_basis = OB_YEAR_PUBLISHED;
	}
	/* the file's date, where the text and the page give none; not the
	 * reference year, which a file printed or saved years later would
	 * move */
	if (!md->issued.end && md->prop_date.end &&
	    any_date(t, m, md->prop_date, md->issued_iso)) {
		md->issued = md->prop_date;
		md->from_props |= OB_PROPS_DATE;
	}
}
