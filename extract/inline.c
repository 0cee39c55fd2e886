/* SPDX-License-Identifier: MIT */
/*
 * Documents named in 《》 and the abbreviations a notice defines.
 *
 *   出台《广东省社会信用条例》          document, action issue
 *   落实《优化营商环境条例》            document, action cite
 *   中国（广东）自由贸易试验区（以下简称广东省自贸试验区）   alias
 *   建筑信息模型（BIM）                 alias from an acronym gloss
 *
 * A document's action is "issue" when a verb of making stands just before
 * it in its clause (出台 印发 制定 …), else "cite".  An alias's full form is
 * the noun phrase before the bracket: back to the clause's start or the
 * last 的 (past it when what follows is a generic head: …工作的部门或者机构),
 * without the time expressions and verbs that lead it (支持 推进 开展 …,
 * 10月底前出台) and what stands before a verb that forms the body (由X、Y
 * 组成…工作小组).
 */
#include <stdlib.h>
#include <string.h>

#include "model.h"

const char ob__rule_document[] = "《([^《》\\n]{1,200})》";
const char ob__rule_alias[] =
	/* (以下简称X), and a gloss first: (含…，简称X，下同) */
	"\\((?:[^()\\n]{1,60}?，)?(?:以下简称|以下统称|以下称|下称|简称)[“\"]?"
	"([^()“”\"，\\n]{1,30}?)[”\"]?(?:，下同)?\\)";
const char ob__rule_acronym[] =
	"(?<=" OB_HAN_CLASS ")\\(([A-Z][A-Za-z0-9&\\-]{1,15})\\)";
/* the acronym first, its Chinese name in the bracket: IPv6（互联网协议第6版） */
const char ob__rule_acronym_first[] =
	"(?<![A-Za-z0-9])([A-Z][A-Za-z0-9]{1,15})\\((" OB_HAN_CLASS "[^()\\n]{1,30})\\)";

static const char *const issue_verbs[] = { "出台", "印发", "制定", "制订", "修订",
	"修改", "发布", "编制", "起草", "研究制定", NULL };
static const char *const lead_verbs[] = { "通过", "同意", "申办", "要", "更多",
	"将", "对", "决定", "举办", "支持", "推动", "推进", "建设", "开展",
	"实施", "加快", "依托", "落实", "加强", "基于", "构建", "完善", "建立", "组织",
	"探索", "深化", "打造", "优化", "提升", "创建", "设立", "成立", "引入", "推广",
	"应用", "实行", "试点", "从", NULL };
/* verbs inside the phrase after which the name starts: 由X、Y组成国家组织…
 * 试点工作小组, 国务院决定对国务院第二次…领导小组 */
static const char *const inner_verbs[] = { "组成", "成立", "设立", "组建", "决定对", "要明确",
	"要指定", NULL };
/* heads a 的 does not end the phrase before: 具体承担…工作的部门或者机构 */
static const char *const generic_heads[] = { "部门", "机构", "单位", "机关", "组织", NULL };

static bool
is_stop(uint32_t c)
{
	switch (c) {
	case 0xFF0C: case 0x3002: case 0xFF1B: case 0xFF1A: case 0x3001:
	case 0xFF01: case 0xFF1F: case 0x201C: case 0x201D: case 0x300A:
	case 0x300B: case '\n': case ',': case ';': case ':':
		return true;
	}
	return false;
}

static int
doc_action(const char *buf, size_t start, size_t limit, const ob_notice *n)
{
	size_t i = start;
	int chars = 0;

	/* a verb over what the title is of: 制定或完善本地区、本部门的《…》 */
	size_t st0;
	int most = start > limit && ob__utf8_prev(buf, start, &st0) == 0x7684 /* 的 */ ? 16 : 8;
	while (i > limit && chars < most) {
		size_t st;
		uint32_t c = ob__utf8_prev(buf, i, &st);
		if (c == 0x300B) {
			/* 《A》、《B》: B shares A's verb */
			if (n->documents.n && start - i <= 6)
				return n->documents.v[n->documents.n - 1].action;
			break;
		}
		if (is_stop(c) && !(most > 8 && c == 0x3001))
			break;
		i = st;
		chars++;
		for (int k = 0; issue_verbs[k]; k++) {
			size_t l = strlen(issue_verbs[k]);
			/* 国务院发布的《…》 was made before: a citation */
			if (start - i >= l && !memcmp(buf + i, issue_verbs[k], l))
				return start - i >= l + 3 && !memcmp(buf + i + l, "的", 3)
				    ? OB_DOC_CITE : OB_DOC_ISSUE;
		}
	}
	return OB_DOC_CITE;
}

int
ob__documents_find(ob_notice *n, ob__matcher *m)
{
	const char *buf = n->text.buf;
	size_t off = 0;

	for (;;) {
		int r = ob__find(m, OB_RULE_DOCUMENT, buf, n->text.len, off);
		if (r < 0)
			return r;
		if (r == 0)
			break;
		size_t ms, me, ts, te;
		ob__group(m, 0, &ms, &me);
		ob__group(m, 1, &ts, &te);
		off = me;
		size_t ls = ms > 64 ? ms - 64 : 0;
		int action = doc_action(buf, ms, ls, n);
		/* 制定《安全生产法》的配套法规: what is made is another text */
		if (me + 6 <= n->text.len && !memcmp(buf + me, "的", 3) &&
		    ob__is_han(ob__utf8_next(buf, n->text.len, &(size_t){ me + 3 })))
			action = OB_DOC_CITE;
		ob__document *d = OB_PUSH(n->documents);
		if (!d)
			return OB_ERR_NOMEM;
		d->span = (ob__span){ ms, me };
		d->title = (ob__span){ ts, te };
		d->action = action;
	}
	return 0;
}

static size_t
verb_at(const char *buf, size_t i, size_t end)
{
	for (int pass = 0; pass < 2; pass++) {
		const char *const *list = pass ? issue_verbs : lead_verbs;
		for (int k = 0; list[k]; k++) {
			size_t l = strlen(list[k]);
			if (end - i > l && !memcmp(buf + i, list[k], l))
				return l;
		}
	}
	return 0;
}

/* Is the part before the 、 at i a short name (乌鲁木齐、昌吉、石河子…):
 * two to six Chinese characters back to the previous stop? */
static bool
short_part(const char *buf, size_t i)
{
	int chars = 0;
	while (i > 0) {
		size_t st;
		uint32_t c = ob__utf8_prev(buf, i, &st);
		if (is_stop(c))
			break;
		if (!ob__is_han(c) || ++chars > 6)
			return false;
		i = st;
	}
	return chars >= 2;
}

/* Is what stands between a 的 ending at i and the bracket a generic
 * head, short, that needs what the 的 ties to it (…工作的部门或者机构)? */
static bool
generic_head(const char *buf, size_t i, size_t bracket)
{
	return bracket - i <= 3 * 6 && ob__has_suffix(buf + i, bracket - i, generic_heads);
}

/* The noun phrase before the bracket at b: back to the clause's start or
 * the last 的, then without the time expressions and verbs that lead it
 * ("10月底前出台推进建筑信息模型" → 建筑信息模型). */
static ob__span
full_form(ob__matcher *m, const char *buf, size_t bracket)
{
	size_t i = bracket;
	int depth = 0, chars = 0;

	while (i > 0 && chars < 40) {
		size_t st;
		uint32_t c = ob__utf8_prev(buf, i, &st);
		if (c == ')')
			depth++;
		else if (c == '(') {
			if (depth == 0)
				break;
			depth--;
		} else if (depth == 0 && c == 0x3001 && !short_part(buf, st)) {
			break; /* 、 joins the short parts of one name only */
		} else if (depth == 0 && is_stop(c) && c != 0x3001) {
			break;
		} else if (depth == 0 && c == 0x7684 /* 的 */ &&
		    !generic_head(buf, i, bracket)) {
			break;
		}
		i = st;
		chars++;
	}
	ob__span f = { i, bracket };
	for (int k = 0; inner_verbs[k]; k++) {
		size_t l = strlen(inner_verbs[k]);
		for (size_t j = f.end - (f.end - f.start < l ? f.end - f.start : l);
		    j > f.start; j--) {
			if (!memcmp(buf + j, inner_verbs[k], l) && f.end - (j + l) >= 6) {
				f.start = j + l;
				break;
			}
		}
	}
	/* 以深圳市名义申办…: the name stands after 名义 */
	for (size_t k = f.start; k + 6 <= f.end; k++)
		if (!memcmp(buf + k, "名义", 6))
			f.start = k + 6;
	/* a list number: 17.抗菌药物使用强度 */
	size_t d = f.start;
	while (d < f.end && buf[d] >= '0' && buf[d] <= '9')
		d++;
	if (d > f.start && d < f.end && buf[d] == '.')
		f.start = d + 1;
	for (bool again = true; again && f.end > f.start;) {
		size_t l = verb_at(buf, f.start, f.end);
		again = false;
		if (l) {
			f.start += l;
			again = true;
		} else if (ob__match(m, OB_RULE_TIME, buf, f.end, f.start,
		    PCRE2_ANCHORED) > 0) {
			size_t ms, me;
			ob__group(m, 0, &ms, &me);
			if (me > f.start && me < f.end) {
				f.start = me;
				again = true;
			}
		}
	}
	return f;
}

/* IPv6（互联网协议第6版）: the short form before the bracket, the full
 * one inside. */
static int
scan_acronyms_first(ob_notice *n, ob__matcher *m)
{
	const char *buf = n->text.buf;
	size_t off = 0;

	for (;;) {
		int r = ob__find(m, OB_RULE_ACRONYM_FIRST, buf, n->text.len, off);
		if (r <= 0)
			return r;
		size_t ms, me, ss, se, fs, fe;
		ob__group(m, 0, &ms, &me);
		ob__group(m, 1, &ss, &se);
		ob__group(m, 2, &fs, &fe);
		off = me;
		ob__alias *a = OB_PUSH(n->aliases);
		if (!a)
			return OB_ERR_NOMEM;
		a->span = (ob__span){ ms, me };
		a->short_name = (ob__span){ ss, se };
		a->full = (ob__span){ fs, fe };
	}
}

static int
scan_aliases(ob_notice *n, ob__matcher *m, int rule)
{
	const char *buf = n->text.buf;
	size_t off = 0;

	for (;;) {
		int r = ob__find(m, rule, buf, n->text.len, off);
		if (r < 0)
			return r;
		if (r == 0)
			break;
		size_t ms, me, ss, se;
		ob__group(m, 0, &ms, &me);
		ob__group(m, 1, &ss, &se);
		off = me;
		if (rule == OB_RULE_ACRONYM) {
			int upper = 0;
			for (size_t i = ss; i < se; i++)
				upper += buf[i] >= 'A' && buf[i] <= 'Z';
			if (upper < 2)
				continue;
		}
		ob__span f = full_form(m, buf, ms);
		if (f.end <= f.start)
			continue;
		ob__alias *a = OB_PUSH(n->aliases);
		if (!a)
			return OB_ERR_NOMEM;
		a->span = (ob__span){ ms, me };
		a->short_name = (ob__span){ ss, se };
		a->full = f;
	}
	return 0;
}

static int
by_place(const void *a, const void *b)
{
	const ob__alias *x = a, *y = b;
	if (x->span.start != y->span.start)
		return x->span.start < y->span.start ? -1 : 1;
	return x->span.end < y->span.end ? -1 : x->span.end > y->span.end;
}

int
ob__aliases_find(ob_notice *n, ob__matcher *m)
{
	int r = scan_aliases(n, m, OB_RULE_ALIAS);
	if (!r)
		r = scan_aliases(n, m, OB_RULE_ACRONYM);
	if (!r)
		r = scan_acronyms_first(n, m);
	if (r)
		return r;
	/* each scan runs in text order; their three runs in one order */
	if (n->aliases.n > 1)
		qsort(n->aliases.v, n->aliases.n, sizeof *n->aliases.v, by_place);
	return 0;
}
