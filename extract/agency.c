/* SPDX-License-Identifier: MIT */
/*
 * Agencies: who leads, who cooperates, who is responsible.
 *
 * Read from the bracket that closes an item, or from labelled lines:
 *
 *   （省科技厅、财政厅牵头，省有关部门及各地级以上市按职责分工负责）
 *   （人力资源社会保障部、财政部负责。列第一位者为牵头单位，下同）
 *   牵头单位：市发展改革委   责任单位：各区县人民政府
 *   部门分工：省发展改革委牵头，各地、各部门配合。
 *
 * A clause is a list of names followed by its role verb (rule ROLE).  The
 * names are split at 、，及 以及 会同, at 和/与 only where the part before
 * is a whole agency name (省工业和信息化厅 stays one), and at 等 ("X等省
 * 有关部门" gives X and 省有关部门).  Within a list joined by 、 a shared
 * prefix is inherited (省科技厅、财政厅 → 省财政厅) and a shared place
 * suffix distributed (广州、深圳、珠海市 → 广州市 …).  "列第一位者为牵头
 * 单位" (or 排在第一位的部门为牵头部门, 第一个为牵头单位 …) makes the first
 * name of each clause the lead, unless it is a collective; with "下同" it
 * holds for the rest of the notice.  "A会同B" makes A the lead and B a
 * partner.  Labels inside a bracket name the role (负责部门：, 配合单位：);
 * scope labels (适用范围：) name nobody.  A bracket that closes a sentence
 * inside the item is a clause too, and a task table's cells say their
 * column's role.  Actors named in sentences are actor.c's.
 */
#define _GNU_SOURCE /* memmem */
#include <stdlib.h>
#include <string.h>

#include "model.h"

const char ob__rule_role[] =
	"按职责分工负责|按职责负责|分别负责|共同负责|负责|牵头|配合|参与|协助|协同|"
	"指导|按职责分工落实|分工落实|落实";
/* 列第一位者为牵头单位, 排在第一位的部门为牵头部门, 第一个为牵头单位,
 * 排名第一的为牵头单位 */
const char ob__rule_first_lead[] =
	"(?:列|排在|排名|排)?第一(?:位|个|名)?(?:者|的)?(?:单位|部门)?"
	"(?:为|是)牵头(?:单位|部门)";

/* Characters that end the name of an agency. */
static const char *const org_ends[] = { "厅", "局", "委", "办", "部", "署",
	"院", "会", "行", "室", "处", "心", "司", "所", "站", "队", "团", "社",
	"馆", "府", "组", "庭", NULL };
/* Names that never take a prefix from the list they stand in. */
static const char *const roots[] = { "各", "有关", "其他", "其它", "国家",
	"国务院", "中央", "中共", "中国", "全国", "人民银行", "海关", "本级",
	"北京", "天津", "上海", "重庆", "河北", "山西", "辽宁", "吉林",
	"黑龙江", "江苏", "浙江", "安徽", "福建", "江西", "山东", "河南",
	"湖北", "湖南", "广东", "海南", "四川", "贵州", "云南", "陕西", "甘肃",
	"青海", "台湾", "内蒙古", "广西", "西藏", "宁夏", "新疆", "香港",
	"澳门", "解放军", "武警", "共青团", "妇联", "工会", "科协", NULL };
/* Prefixes of level: 省科技厅, 市财政局, 县教育局, 区人社局. */
static const char *const levels[] = { "自治区", "省", "市", "县", "区", "州",
	"盟", "旗", NULL };

typedef struct token {
	ob__span s;
	bool own_suffix_list; /* part of a run that ends with a place suffix */
} token;

/* The level prefix a name starts with (0 when none).  市场, 区域 and 区块
 * are words, not levels. */
static size_t
level_prefix(const char *s, size_t n)
{
	size_t l = ob__prefix_len(s, n, levels);
	if (!l)
		return 0;
	if (n >= l + 3 && (!memcmp(s, "市场", 6) || !memcmp(s, "区域", 6) ||
	    !memcmp(s, "区块", 6)))
		return 0;
	return l;
}

/* Does the name name its own place (深圳市税务局, 广州开发区)? */
static bool
names_place(const char *s, size_t n)
{
	static const char *const marks[] = { "省", "市", "县", "区", NULL };
	for (size_t i = 0; i + 3 <= n; i += 3) {
		for (int k = 0; marks[k]; k++) {
			if (memcmp(s + i, marks[k], 3))
				continue;
			if (i + 6 <= n && (!memcmp(s + i, "市场", 6) ||
			    !memcmp(s + i, "区域", 6) || !memcmp(s + i, "区块", 6)))
				continue;
			return true;
		}
	}
	return false;
}

/* A branch of a body the State Council holds (湖州银保监分局, 人民银行宿州市
 * 中心支行): named after its place, never after a list's 市 or 区. */
static bool
vertical(const char *s, size_t n)
{
	static const char *const marks[] = { "银保监", "监管分局", "证监局",
		"中心支行", "营业管理部", "营管部", NULL };
	for (int k = 0; marks[k]; k++)
		if (memmem(s, n, marks[k], strlen(marks[k])))
			return true;
	return false;
}

static size_t
nchars(const char *s, size_t n)
{
	size_t c = 0;
	for (size_t i = 0; i < n; i++)
		c += ((unsigned char)s[i] & 0xC0) != 0x80;
	return c;
}

static bool
all_han(const char *s, size_t n)
{
	for (size_t i = 0; i < n;)
		if (!ob__is_han(ob__utf8_next(s, n, &i)))
			return false;
	return n > 0;
}

/* A name holds a word: a Chinese character or a Latin letter, not only
 * punctuation. */
static bool
has_word(const char *s, size_t n)
{
	for (size_t i = 0; i < n;) {
		uint32_t c = ob__utf8_next(s, n, &i);
		if (ob__is_han(c) || (c < 0x80 && ((c | 0x20) >= 'a' && (c | 0x20) <= 'z')))
			return true;
	}
	return false;
}

typedef struct parser {
	ob_notice *n;
	ob__matcher *m;
	size_t item_first; /* first agency of the item */
	size_t clause_first; /* first agency of the clause being read: a
			      * name is kept once per clause, so that each
			      * clause lists all it names */
	bool first_lead;   /* 列第一位者为牵头单位 in force */
	bool first_lead_always;
	int from;          /* enum ob__from of the clause being read */
	bool in_label;     /* reading the list of a label (责任单位：…) */
} parser;

static int
add(parser *p, ob__span s, int role, const char *prefix, size_t plen,
    const char *suffix, size_t slen)
{
	const char *b = p->n->text.buf + s.start;
	size_t n = s.end - s.start, l = plen + n + slen;
	char buf[256], *w = l < sizeof buf ? buf : malloc(l + 1);

	if (!w)
		return OB_ERR_NOMEM;
	memcpy(w, prefix, plen);
	memcpy(w + plen, b, n);
	memcpy(w + plen + n, suffix, slen);
	w[l] = '\0';
	/* one copy of each name: the same string is the same name */
	const char *name = ob__intern(p->n, w, l);
	if (w != buf)
		free(w);
	if (!name)
		return OB_ERR_NOMEM;
	for (size_t k = p->clause_first; k < p->n->agencies.n; k++) {
		ob__agency *a = &p->n->agencies.v[k];
		if (a->role == role && a->name == name)
			return 0;
	}
	ob__agency *a = OB_PUSH(p->n->agencies);
	if (!a)
		return OB_ERR_NOMEM;
	a->span = s;
	a->role = role;
	a->name = name;
	a->from = p->from;
	return 0;
}

static ob__span
trim(const char *buf, ob__span s)
{
	/* 以下均需X落实: the note that names X for the items below */
	static const char *const lead[] = { "，", "、", "；", "。", "：", "由",
		"和", "及", "请", " ", "以下各项均需", "以下各项均由", "以下均需",
		"以下均由", NULL };
	bool again = true;
	while (again && s.start < s.end) {
		again = false;
		size_t l = ob__prefix_len(buf + s.start, s.end - s.start, lead);
		if (l) {
			s.start += l;
			again = true;
		}
	}
	while (s.end > s.start && (buf[s.end - 1] == ' ' || buf[s.end - 1] == '\n'))
		s.end--;
	static const char *const tail[] = { "，", "、", "；", "。", NULL };
	for (again = true; again && s.end > s.start;) {
		again = false;
		if (ob__has_suffix(buf + s.start, s.end - s.start, tail)) {
			s.end -= 3;
			again = true;
		}
	}
	return s;
}

/* Where a duty starts in a label's part of n bytes at b (受理, 负责收件,
 * 出具《…》, 承办…): its offset, n when there is none. */
static size_t
duty_at(const char *b, size_t n)
{
	static const char *const verbs[] = { "受理", "承办", "负责", "出具", "办理",
		"审核", "审查", "收件", "反馈", "核发", "组织", "协助", "《", NULL };
	/* 审核科, 受理处: an office named after its work */
	static const char *const offices[] = { "科", "处", "室", "股", "组", "中心",
		"窗口", NULL };
	for (size_t i = 0; i < n; i += ob__utf8_len((unsigned char)b[i]))
		for (int k = 0; verbs[k]; k++) {
			size_t l = strlen(verbs[k]);
			if (i + l <= n && !memcmp(b + i, verbs[k], l) &&
			    !ob__prefix_len(b + i + l, n - i - l, offices))
				return i;
		}
	return n;
}

/* One chunk of names between commas. */
static int
parse_chunk(parser *p, ob__span c, int role)
{
	const char *buf = p->n->text.buf;
	token tok[64];
	size_t nt = 0, start = c.start;
	size_t dist_from = 0; /* first token that a trailing 等市 reaches */
	char dist[64] = "";
	int r;

	for (size_t i = c.start; i < c.end && nt < 62;) {
		size_t l = 0;
		const char *s = buf + i;
		size_t left = c.end - i;

		if (left >= 3 && !memcmp(s, "、", 3))
			l = 3;
		else if (left >= 6 && !memcmp(s, "以及", 6))
			l = 6;
		else if (left >= 3 && !memcmp(s, "及", 3))
			l = 3;
		else if (left >= 3 && (!memcmp(s, "和", 3) || !memcmp(s, "与", 3)) &&
		    i - start >= 6 && ob__has_suffix(buf + start, i - start, org_ends))
			l = 3;
		else if (left >= 3 && !memcmp(s, "等", 3))
			l = 3;
		if (!l) {
			i += ob__utf8_len((unsigned char)*s);
			continue;
		}
		if (i > start)
			tok[nt++] = (token){ { start, i }, false };
		if (!memcmp(s, "等", 3)) {
			/* 等市: the place suffix of the names before it */
			size_t rest = c.end - (i + 3);
			if (rest == 3 && level_prefix(s + 3, 3)) {
				memcpy(dist, s + 3, 3);
				dist[3] = '\0';
				dist_from = 0;
				start = c.end;
				i = c.end;
				break;
			}
		}
		i += l;
		start = i;
	}
	if (start < c.end && nt < 63)
		tok[nt++] = (token){ { start, c.end }, false };

	/* a place suffix shared by a 、 list: 广州、深圳、珠海市 gives 广州市 …;
	 * 广州、深圳市人民政府 gives 广州市人民政府 */
	if (!dist[0] && nt >= 2) {
		ob__span last = tok[nt - 1].s;
		size_t ln = last.end - last.start, tail = 0;
		for (size_t i = 6; i <= 9 && i + 3 <= ln; i += 3)
			if (level_prefix(buf + last.start + i, ln - i) == 3 &&
			    memcmp(buf + last.start + i, "省", 3)) {
				tail = i;
				break;
			}
		if (tail && ln - tail < sizeof dist && all_han(buf + last.start, tail)) {
			bool bare = true;
			for (size_t k = 0; k + 1 < nt && bare; k++) {
				size_t kn = tok[k].s.end - tok[k].s.start;
				size_t cc = nchars(buf + tok[k].s.start, kn);
				if (cc < 2 || cc > 3 || !all_han(buf + tok[k].s.start, kn) ||
				    ob__has_suffix(buf + tok[k].s.start, kn, org_ends) ||
				    names_place(buf + tok[k].s.start, kn))
					bare = false;
			}
			if (bare) {
				memcpy(dist, buf + last.start + tail, ln - tail);
				dist[ln - tail] = '\0';
				dist_from = 0;
			}
		}
	}

	/* 各市、县人民政府: each level's government, the 各 and the 人民政府
	 * shared (各市人民政府, 各县人民政府); 各市、县、区人民政府 too */
	const char *gov = NULL;
	size_t govl = 0;
	if (nt >= 2) {
		ob__span f = trim(buf, tok[0].s), l = trim(buf, tok[nt - 1].s);
		size_t ln = l.end - l.start;
		static const char *const govs[] = { "人民政府", "政府", NULL };
		bool ok = f.end - f.start == 6 && !memcmp(buf + f.start, "各", 3) &&
		    level_prefix(buf + f.start + 3, 3) == 3 && ln > 3 &&
		    level_prefix(buf + l.start, ln) == 3 && ob__prefix_len(buf + l.start + 3,
		    ln - 3, govs) == ln - 3;
		for (size_t k = 1; ok && k + 1 < nt; k++) {
			ob__span m = trim(buf, tok[k].s);
			ok = m.end - m.start == 3 && level_prefix(buf + m.start, 3) == 3;
		}
		if (ok)
			gov = buf + l.start + 3, govl = ln - 3;
	}

	/* a level prefix shared from the head of the list */
	const char *prefix = "";
	size_t plen = 0;
	if (nt)
		plen = level_prefix(buf + tok[0].s.start, tok[0].s.end - tok[0].s.start);
	if (plen)
		prefix = buf + tok[0].s.start;
	for (size_t k = 0; k < nt; k++) {
		ob__span s = trim(buf, tok[k].s);
		const char *b = buf + s.start;
		size_t n = s.end - s.start;
		const char *pre = "";
		size_t pl = 0;
		const char *suf = "";
		size_t sl = 0;

		if (n == 0)
			continue;
		/* a role marked on the name: 省发展改革委（牵头） */
		int own_role = role;
		static const char *const marks[] = { "(牵头)", "(配合)", "(负责)", NULL };
		for (int m = 0; marks[m]; m++) {
			size_t ml = strlen(marks[m]);
			if (n > ml && !memcmp(b + n - ml, marks[m], ml)) {
				own_role = m == 0 ? OB_ROLE_LEAD : m == 1 ? OB_ROLE_COOPERATE
				    : OB_ROLE_RESPONSIBLE;
				n -= ml;
				s.end -= ml;
			}
		}
		/* a label's office with its duty written after it (市自然资源局
		 * 行政审批科受理…申请, 人防窗口负责收件): the name is what stands
		 * before the duty; a part that is only a duty (受理, 出具《…》) is
		 * no name */
		if (p->in_label) {
			size_t cut = duty_at(b, n);
			if (cut == 0)
				continue;
			if (cut < n) {
				n = cut;
				s.end = s.start + cut;
			}
		}
		if (!has_word(b, n))
			continue;
		/* "X等部门": 部门 alone names no body */
		if ((n == 6 && (!memcmp(b, "部门", 6) || !memcmp(b, "单位", 6) ||
		    !memcmp(b, "机构", 6))) || (n == 15 && !memcmp(b, "部门和单位", 15)))
			continue;
		if (gov) {
			/* 各 + the level + 人民政府 */
			bool head = k == 0, tail = k + 1 == nt;
			if ((r = add(p, s, own_role, head ? "" : "各", head ? 0 : 3,
			    tail ? "" : gov, tail ? 0 : govl)))
				return r;
			continue;
		}
		if (k > 0 && plen && !level_prefix(b, n) &&
		    !ob__prefix_len(b, n, roots) && !names_place(b, n) && !vertical(b, n))
			pre = prefix, pl = plen;
		if (dist[0] && k >= dist_from && !ob__has_suffix(b, n, (const char *const[]){ dist, NULL }))
			suf = dist, sl = strlen(dist);
		if ((r = add(p, s, own_role, pre, pl, suf, sl)))
			return r;
	}
	return 0;
}

/* Call fn on each part of s between the separators a and b (Chinese
 * punctuation, three bytes each). */
typedef int (*part_fn)(parser *p, ob__span part, int arg);

static int
split(parser *p, ob__span s, const char *a, const char *b, part_fn fn, int arg)
{
	const char *buf = p->n->text.buf;
	size_t start = s.start;
	int r;

	for (size_t i = s.start; i <= s.end;) {
		if (i == s.end || (s.end - i >= 3 && (!memcmp(buf + i, a, 3) ||
		    !memcmp(buf + i, b, 3)))) {
			if (i > start && (r = fn(p, (ob__span){ start, i }, arg)))
				return r;
			if (i == s.end)
				break;
			i += 3;
			start = i;
			continue;
		}
		i += ob__utf8_len((unsigned char)buf[i]);
	}
	return 0;
}

static int
chunk_part(parser *p, ob__span part, int role)
{
	ob__span c = trim(p->n->text.buf, part);
	return c.end > c.start ? parse_chunk(p, c, role) : 0;
}

/* Names between commas: "A、B，C及D"; "A会同B" makes A the lead and B a
 * partner. */
static int
parse_list(parser *p, ob__span l, int role)
{
	const char *buf = p->n->text.buf;
	for (size_t i = l.start; i + 6 <= l.end; i += ob__utf8_len((unsigned char)buf[i]))
		if (!memcmp(buf + i, "会同", 6)) {
			int r = split(p, (ob__span){ l.start, i }, "，", "；", chunk_part,
			    OB_ROLE_LEAD);
			return r ? r : split(p, (ob__span){ i + 6, l.end }, "，", "；",
			    chunk_part, OB_ROLE_COOPERATE);
		}
	return split(p, l, "，", "；", chunk_part, role);
}

static int
role_of(const char *s, size_t n)
{
	if (n == 6 && !memcmp(s, "牵头", 6))
		return OB_ROLE_LEAD;
	if (n == 6 && (!memcmp(s, "配合", 6) || !memcmp(s, "参与", 6) ||
	    !memcmp(s, "协助", 6) || !memcmp(s, "协同", 6)))
		return OB_ROLE_COOPERATE;
	return OB_ROLE_RESPONSIBLE;
}

/* A sentence of role clauses: "A、B牵头，C配合". */
static int
parse_clauses(parser *p, ob__span s)
{
	const char *buf = p->n->text.buf;
	size_t prev = s.start;
	int r;

	if (ob__match(p->m, OB_RULE_FIRST_LEAD, buf + s.start, s.end - s.start,
	    0, 0) > 0) {
		size_t ds, de;
		ob__group(p->m, 0, &ds, &de);
		p->first_lead = true;
		for (size_t i = s.start; i + 6 <= s.end; i++)
			if (!memcmp(buf + i, "下同", 6))
				p->first_lead_always = true;
		/* the names before it: "A、B负责，排在第一位的部门为牵头部门" */
		s.end = s.start + ds;
		s = trim(buf, s);
		if (s.end <= s.start)
			return 0;
	}
	for (;;) {
		int mr = ob__match(p->m, OB_RULE_ROLE, buf, s.end, prev, 0);
		if (mr < 0)
			return mr;
		if (mr == 0)
			break;
		size_t ms, me;
		ob__group(p->m, 0, &ms, &me);
		if (ms > s.start && buf[ms - 1] == '(' && me < s.end && buf[me] == ')') {
			/* a role marked on a name, （牵头）: part of the list */
			size_t q = me + 1;
			mr = ob__match(p->m, OB_RULE_ROLE, buf, s.end, q, 0);
			if (mr < 0)
				return mr;
			if (mr == 0) {
				ob__span list = trim(buf, (ob__span){ prev, s.end });
				if (list.end > list.start &&
				    (r = parse_list(p, list, OB_ROLE_RESPONSIBLE)))
					return r;
				break;
			}
			ob__group(p->m, 0, &ms, &me);
		}
		ob__span list = trim(buf, (ob__span){ prev, ms });
		if (list.end > list.start &&
		    (r = parse_list(p, list, role_of(buf + ms, me - ms))))
			return r;
		prev = me;
	}
	return 0;
}

static int label_role(const char *s);

/* A part that opens with a label: "牵头单位：A、B", "部门分工：A牵头，B配合",
 * "完成时限：…" (no agencies).  Returns 1 when it was one. */
static int
parse_label(parser *p, ob__span part, int *r)
{
	const char *buf = p->n->text.buf;
	size_t ls, le;

	*r = 0;
	part = trim(buf, part);
	if (ob__match(p->m, OB_RULE_LABELLED, buf + part.start,
	    part.end - part.start, 0, PCRE2_ANCHORED) <= 0)
		return 0;
	/* label after label, a comma apart: （牵头单位：X，配合单位：Y） */
	while (!*r && part.end > part.start) {
		ob__group(p->m, 0, &ls, &le);
		const char *label = buf + part.start;
		ob__span rest = { part.start + le, part.end };
		ob__span next = { 0, 0 };
		for (size_t i = rest.start; i + 3 < rest.end; i++) {
			if (memcmp(buf + i, "，", 3) || ob__match(p->m, OB_RULE_LABELLED,
			    buf + i + 3, rest.end - i - 3, 0, PCRE2_ANCHORED) <= 0)
				continue;
			next = (ob__span){ i + 3, rest.end };
			rest.end = i;
			break;
		}
		if (!memcmp(label, "完成", 6) || !memcmp(label, "时间", 6) ||
		    !memcmp(label, "时限", 6))
			; /* a deadline, read by the time rules */
		else if (!memcmp(label, "适用", 6) || !memcmp(label, "推广", 6) ||
		    !memcmp(label, "实施范围", 12))
			; /* where it applies, not who acts */
		else if (label_role(label) < 0)
			*r = parse_clauses(p, rest);
		else {
			p->in_label = true;
			*r = parse_list(p, trim(buf, rest), label_role(label));
			p->in_label = false;
		}
		part = next;
		/* the match of the next label again, for its groups */
		if (part.end > part.start && ob__match(p->m, OB_RULE_LABELLED,
		    buf + part.start, part.end - part.start, 0, PCRE2_ANCHORED) <= 0)
			break;
	}
	return 1;
}

/* One part of a labelled line: a label and its names. */
static int
label_part(parser *p, ob__span part, int unused)
{
	int r = 0;
	(void)unused;
	parse_label(p, part, &r);
	return r;
}

static int
content_part(parser *p, ob__span part, int unused)
{
	int r;
	(void)unused;
	if (!parse_label(p, part, &r))
		r = parse_clauses(p, part);
	return r;
}

/* A collective (各省级人民政府, 有关部门) is never the one that leads. */
static bool
collective(const char *name)
{
	static const char *const heads[] = { "各", "有关", "相关", "其他", "地方各级",
		"县级以上", NULL };
	return ob__prefix_len(name, strlen(name), heads) > 0;
}

/* 列第一位者为牵头单位: the first name of each clause is the lead,
 * unless the clause names one or its first name is a collective. */
static void
first_lead(parser *p)
{
	ob_notice *n = p->n;
	if (!p->first_lead || n->agencies.n <= p->clause_first)
		return;
	for (size_t a = p->clause_first; a < n->agencies.n; a++)
		if (n->agencies.v[a].role == OB_ROLE_LEAD)
			return;
	if (!collective(n->agencies.v[p->clause_first].name))
		n->agencies.v[p->clause_first].role = OB_ROLE_LEAD;
}

/* Split the content at "。"/"；" into sentences of clauses. */
static int
parse_content(parser *p, ob__span c)
{
	p->clause_first = p->n->agencies.n;
	int r = split(p, c, "。", "；", content_part, 0);
	first_lead(p);
	return r;
}

static int
label_role(const char *s)
{
	if (!memcmp(s, "牵头", 6) || !memcmp(s, "主责", 6) || !memcmp(s, "主办", 6))
		return OB_ROLE_LEAD;
	if (!memcmp(s, "配合", 6) || !memcmp(s, "参与", 6) || !memcmp(s, "协办", 6))
		return OB_ROLE_COOPERATE;
	if (!memcmp(s, "责任", 6) || !memcmp(s, "负责", 6) || !memcmp(s, "实施", 6) ||
	    !memcmp(s, "主管", 6) || !memcmp(s, "指导", 6))
		return OB_ROLE_RESPONSIBLE;
	return -1; /* 分工: role clauses follow */
}

static int
parse_labelled(parser *p, ob__span clause)
{
	const ob__text *t = &p->n->text;
	int r = 0;

	/* the first paragraph of the clause, by bisection: a scan from the
	 * top for every item would grow with the square of the notice */
	size_t lo = 0, hi = t->nparas;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (t->paras[mid].end <= clause.start)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (size_t k = lo; k < t->nparas && !r; k++) {
		ob__span para = t->paras[k];
		if (para.start >= clause.end)
			break;
		/* labels after an item's last sentence start inside its
		 * paragraph: …以上。牵头单位：X；责任单位：Y。 */
		if (para.start < clause.start)
			para.start = clause.start;
		/* a line that starts with a label; several on one line stand
		 * apart by ；or 。 A label numbered as a unit of its own:
		 * （四）责任单位：X。 */
		size_t from = trim(t->buf, para).start;
		if (from == para.start && ob__match(p->m, OB_RULE_LABELLED,
		    t->buf + from, para.end - from, 0, PCRE2_ANCHORED) <= 0) {
			from = ob__marker_end(t, p->m, para);
			para.start = (uint32_t)from;
		}
		if (ob__match(p->m, OB_RULE_LABELLED, t->buf + from, para.end - from, 0,
		    PCRE2_ANCHORED) > 0)
			r = split(p, para, "；", "。", label_part, 0);
	}
	return r;
}

static bool
at(const char *buf, size_t i, size_t end, const char *w)
{
	size_t l = strlen(w);
	return i + l <= end && !memcmp(buf + i, w, l);
}

/* Is the bracket [s, e) (its parentheses included) an agency clause
 * inside the text: one that closes a sentence ("…。（X负责）" or "…（X负
 * 责）。") and opens with a label or ends its first part with a role? */
static bool
inner_clause(parser *p, size_t s, size_t e, size_t start, size_t end)
{
	const char *buf = p->n->text.buf;
	bool closes = e == end || at(buf, e, end, "。") || at(buf, e, end, "；") ||
	    buf[e] == '\n' || (s >= start + 3 && (at(buf, s - 3, end, "。") ||
	    at(buf, s - 3, end, "；")));
	if (!closes)
		return false;
	if (ob__match(p->m, OB_RULE_LABELLED, buf, e - 1, s + 1, PCRE2_ANCHORED) > 0)
		return true;
	for (size_t off = s + 1;;) {
		if (ob__match(p->m, OB_RULE_ROLE, buf, e - 1, off, 0) <= 0)
			return false;
		size_t ms, me;
		ob__group(p->m, 0, &ms, &me);
		if (me == e - 1 || at(buf, me, e, "。") || at(buf, me, e, "，") ||
		    at(buf, me, e, "；"))
			return ms > s + 1;
		off = me;
	}
}

/* The clauses standing inside an item's text, before its closing one. */
static int
inner_clauses(parser *p, ob__span text)
{
	const char *buf = p->n->text.buf;
	int r;

	for (size_t i = text.start; i < text.end; i++) {
		if (buf[i] != '(')
			continue;
		int depth = 0;
		size_t j = i;
		for (; j < text.end; j++) {
			if (buf[j] == '(')
				depth++;
			else if (buf[j] == ')' && --depth == 0)
				break;
			else if (buf[j] == '\n')
				break;
		}
		if (j >= text.end || buf[j] != ')') {
			i = j; /* unclosed: nothing before j closes either */
			continue;
		}
		if (inner_clause(p, i, j + 1, text.start, text.end) &&
		    (r = parse_content(p, (ob__span){ i + 1, j })))
			return r;
		i = j;
	}
	return 0;
}


int
ob__agencies_find(ob_notice *n, ob__matcher *m)
{
	parser p = { .n = n, .m = m };
	int r;

	for (size_t k = 0; k < n->items.n; k++) {
		ob__item *it = &n->items.v[k];
		ob__span c = it->agency_clause;

		p.item_first = n->agencies.n;
		p.first_lead = p.first_lead_always;
		p.from = OB_FROM_CLAUSE;
		if ((r = inner_clauses(&p, it->text)))
			return r;
		if (it->ncells) {
			/* a table's cells: their column says the role */
			p.from = OB_FROM_LABEL;
			p.clause_first = n->agencies.n;
			for (int j = 0; j < it->ncells && !r; j++) {
				const ob__cell *cl = &n->cells.v[it->cells + (uint32_t)j];
				ob__span cell = trim(n->text.buf, cl->span);
				/* a cell with role words of its own (财政部牵头，
				 * 教育部配合) says them; else the column does */
				if (ob__match(m, OB_RULE_ROLE, n->text.buf, cell.end,
				    cell.start, 0) > 0)
					r = parse_content(&p, cell);
				else
					r = parse_list(&p, cell, cl->role);
			}
			if (r)
				return r;
		} else if (c.end > c.start) {
			if (n->text.buf[c.start] == '(') {
				p.from = OB_FROM_CLAUSE;
				r = parse_content(&p, (ob__span){ c.start + 1, c.end - 1 });
			} else {
				p.from = OB_FROM_LABEL;
				p.clause_first = n->agencies.n;
				r = parse_labelled(&p, c);
				first_lead(&p);
			}
			if (r)
				return r;
		}
		it->agencies = (ob__range){ p.item_first, n->agencies.n - p.item_first };
	}
	/* a section's own label, a sub-unit that closes it after its items
	 * ((四) 责任单位：X、Y。): who acts for the whole section */
	for (size_t k = 0; k < n->sections.n; k++) {
		ob__section *s = &n->sections.v[k];
		ob__span c = s->agency_clause;
		if (c.end <= c.start)
			continue;
		p.item_first = p.clause_first = n->agencies.n;
		p.first_lead = p.first_lead_always;
		p.from = OB_FROM_LABEL;
		if ((r = parse_labelled(&p, c)))
			return r;
		first_lead(&p);
		s->agencies = (ob__range){ p.item_first, n->agencies.n - p.item_first };
	}
	return 0;
}
