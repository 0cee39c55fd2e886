/* SPDX-License-Identifier: MIT */
/*
 * Actors named in running text, and how binding each obligation is.
 *
 * Half of the genre assigns work in its sentences rather than in a
 * closing bracket:
 *
 *   由教育部负责…            教育部 responsible
 *   发展改革委会同财政部…     发展改革委 lead, 财政部 cooperate
 *   各地区、各部门要…         collectives, responsible
 *   教育、财政部门要…         教育部门, 财政部门
 *   请各省级人民政府…         responsible
 *
 * An actor is a name the gazetteer knows (a body, a local body, a
 * functional type, a collective) standing at the start of a clause (or
 * after 由/请), followed by a duty word or a verb of action (rule ACTOR).
 * A name after 鼓励, 支持, 报, 向, 经, 对 is never at a clause start, and
 * "X可以…" has no duty word: neither is an actor.  Collectives and
 * functional types count only where the owner names no specific body.
 */
#define _GNU_SOURCE /* memmem */
#include <stdlib.h>
#include <string.h>

#include "gazetteer.h"
#include "model.h"

/* The duty words and verbs that make the name before them an actor. */
#define MODALS "要|应当|应|须|必须|不得|务必|负责(?!同志|人)"
#define ROLES "牵头|负责(?!同志|人)|配合|参与|协助|共同|会同"
#define VERBS "牵头|负责(?!同志|人)|配合|参与|协助|共同|组织|指导|统筹|抓紧|尽快|加快|认真|" \
	"切实|进一步|按照|依照|依据|依法|督促|研究|制定|建立|健全|完善|加强|做好|" \
	"开展|推动|推进|落实|结合|根据|积极|定期|及时|联合|会商|出台|编制|设立|" \
	"承担|主动|严格|全面|加大|做|抓好|强化|明确|于|在|将|向|按|从|与|同|就|" \
	"通过|完成|确定|召开|审核|核发|实施|提出|以|为|牵头|拟|调度|" \
	/* how often: 由领导小组每月调度 (as 定期) */ \
	"每月|每季度|每半年|每年|每周"

/* What a bureau's name (教材局, 预算司) never starts with. */
#define BUREAU_STOPS "会和及与要同由请对向在将把从为等并或按依负牵配组承"
/* Words between the names and their duty word or verb. */
#define BETWEEN "每年|每季度|每月|每半年|今后|近期|也|还|都|均|仍|亦|" \
	/* 地方各级人民政府特别是重点地区的人民政府应… */ \
	"(?:特别是|尤其是)[^，。；\n]{1,30}?(?=要|应|须|必须)"
/* Words between a duty word and a role: 要积极配合, 要密切配合. */
#define ADVERBS "积极|主动|密切|紧密|认真|切实|全力|大力|继续|进一步"
/* A name followed by a post names a person: 由生态环境部副部长兼任. */
#define PERSONS "(?:主要|有关|分管)?(?:负责同志|负责人|领导同志)|" \
	"副?(?:部长|主任|局长|司长|厅长|署长|行长|主席|秘书长|书记|领导|同志)"
/* The addressees as the body speaks to them: 由你们自筹解决, 请你省…. */
#define YOU "(?<you>你们|你(?:省|市|区|县|州|盟|旗|部|委|局|厅|办|院|署|会|行|社))"
/* Separators inside a list of names. */
#define SEPS "、|和|及|以及|与|同"
/* After the names, others that are no government body and whose own
 * names are not known: 登记管理机关、业务主管部门和挂靠单位要…,
 * 卫生健康部门和医疗机构要…, …和其他有关部门; they do not act here as
 * bodies, nor do they end the list. */
#define ETC "(?:(?:、|和|及|以及)(?:其他(?:有关|相关)?(?:部门|单位|方面)|" \
	"(?:各|有关|相关|各有关)?(?:(?![的和及与、])" OB_HAN_CLASS \
	"){0,6}?(?:单位|企事业单位|方面|企业|机构|组织|学校|院校)))*" \
	"(?:等(?:有关|相关)?(?:部门|单位|机构))?"

/* What makes a name the notice defines (以下简称试点工作小组) an actor:
 * a duty word or a verb right after it. */
const char ob__rule_duty[] = "(?:" MODALS "|" VERBS "|"
	/* where it sits, then in the same sentence its work: 办公室设在教育部，
	 * 主要承担…工作 (where it sits alone is no work) */
	"设在[^。；\n]{1,80}?(?:承担|负责(?!同志|人)))";

const char ob__rule_modal[] =
	/* every alternative opens with its word, the exceptions looked behind
	 * after it: the rule is searched for by its first characters.
	 * 重要, 主要, 需要, 必要, 纪要 are no duty, nor is 要求 after 符合,
	 * 按照, 的 (a noun); 相应, 适应, 供应 no "should"; 认可, 许可, 不可
	 * no permission */
	"(?<must>必须|应当|务必|严禁|不得|确保|"
	"要(?<!重要|主要|需要|必要|纪要|摘要|提要|只要|的要)"
	"(?<!符合要|按照要|有关要|相关要|总体要|基本要|具体要|达到要|满足要)(?![素点件闻])|"
	"应(?<!相应|适应|供应|对应|响应|反应|效应)(?![用急对])|"
	"须(?<!必须|无须)(?!知))|"
	"(?<should>原则上|力争|争取|积极)|"
	"(?<may>可以|允许|鼓励|可(?<!认可|许可|不可)(?![持能靠行见控信视]))";
/* the words' first characters: most obligations have none of them, and
 * are not searched at all (ob__find) */
const char ob__rule_modal_triggers[] = "必应务严不确要须原力争积可允鼓";
const unsigned ob__rule_modal_lead = 0;

/* The gazetteer's name pattern without its group names: it stands
 * several times in one rule. */
static char *
anonymous(const char *p)
{
	char *s = strdup(p);
	if (!s)
		return NULL;
	static const char *const groups[] = { "(?<coll>", "(?<func>", "(?<body>",
		"(?<local>", "(?<you>", "(?<and>", "(?<branch>", NULL };
	for (int k = 0; groups[k]; k++) {
		size_t l = strlen(groups[k]);
		/* "(?<name>" becomes "(?:", the rest moved left */
		for (char *q = s; (q = strstr(q, groups[k])); q += 3) {
			memmove(q + 3, q + l, strlen(q + l) + 1);
			q[2] = ':';
		}
	}
	return s;
}

/* fmt with its one %s replaced by arg; malloc'd, NULL when out of
 * memory. */
static char *
format1(const char *fmt, const char *arg)
{
	int n = snprintf(NULL, 0, fmt, arg);
	char *s = n < 0 ? NULL : malloc((size_t)n + 1);
	if (s)
		snprintf(s, (size_t)n + 1, fmt, arg);
	return s;
}

char *
ob__actor_pattern(const ob__gazetteer *g, int rule)
{
	char *known = ob__gazetteer_actor_names(g);
	char *names = known ? format1("%s|" YOU, known) : NULL;
	free(known);
	if (!names)
		return NULL;
	if (rule == OB_RULE_ACTOR_NAME) {
		/* one name of a list, as the list was read: the alternative
		 * that reaches the next separator, not the first that fits
		 * (各地教育部门 is one functional type, not 各地) */
		char *one = format1("(?:%s)(?=、|和|及|以及|与|同|等|$)", names);
		free(names);
		return one;
	}
	char *a = anonymous(names);
	free(names);
	if (!a)
		return NULL;
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);
	if (!out) {
		free(a);
		return NULL;
	}
	/* the names once, called four times: four copies would pass the
	 * compiled pattern's size limit.  At a clause's start, the mark is
	 * consumed, not looked behind at, and the subject's start (^) is left
	 * to the rule ACTOR, tried there alone: ACTOR_SCAN then starts with a
	 * set of characters, which PCRE2 searches for quickly. */
	fprintf(out,
	    "(?(DEFINE)(?<name>%s))"
	    /* at a clause's start: the names, partners after 会同 (or 联合:
	     * 人行重庆营管部联合重庆银保监局指导…), then a duty
	     * word or a verb */
	    "(?:(?:[，。；：！？\n(]%s)(?<pre>由|请|并由|并请|责成|要求)?"
	    "(?<list>(?&name)(?:(?:" SEPS ")(?&name))*)" ETC
	    "(?:(?:要|应当|应|须)?(?:会同|联合)(?<partners>(?&name)(?:(?:" SEPS ")(?&name))*)"
	    ETC ")?"
	    /* a bureau of the last body (read by bureau()): 财政部预算司负责 */
	    "(?:(?![" BUREAU_STOPS "])" OB_HAN_CLASS "{1,3}?[司局])?"
	    /* a word of time or of degree between the names and the verb:
	     * X每年从…支付, 各地也要… */
	    "(?:" BETWEEN ")?"
	    /* a duty list: 市房产局：负责…；市财政局：负责… */
	    "(?:：(?=" MODALS "|" ROLES "))?"
	    /* after partners the clause may go on after a comma: 财政部要会同
	     *发展改革委等部门，加强统筹协调 */
	    "(?(<partners>)(?:，|(?=" OB_HAN_CLASS "))|"
	    "(?:(?<modal>" MODALS ")(?:" ADVERBS ")?(?<role>" ROLES ")?|(?<verb>" VERBS ")))"
	    /* after 由 or 请 anywhere: 经费由X承担, 由X办成公办园 */
	    "|(?:由|请)(?>(?<list>(?&name)(?:(?:" SEPS ")(?&name))*)" ETC ")"
	    /* not members (由X、Y等9个部门组成, 由X组成) nor persons (由X
	     * 分管…工作的负责同志兼任) */
	    "(?=" OB_HAN_CLASS "|[0-9])(?!的|组成|审核|批准|审批|备案|认定|"
	    "等?[0-9一二两三四五六七八九十]+个(?!月|工作日)|分管|"
	    PERSONS "))",
	    a, rule == OB_RULE_ACTOR ? "|^" : "");
	free(a);
	if (fclose(out)) {
		free(buf);
		return NULL;
	}
	return buf;
}

/* The bodies a notice names for itself that are looked for: a notice
 * defines a handful, and each is searched for in every owner. */
#define MAX_ALIAS_BODIES 16

typedef struct actors {
	ob_notice *n;
	ob__matcher *m;
	size_t first; /* first agency of the owner */
	/* the bodies the notice names for itself, each name once: aliases
	 * (以下简称协调委) and the groups it sets up (成立…领导小组) */
	ob__span bodies[MAX_ALIAS_BODIES];
	/* of a body that acts only through its office (协调委: 协调委办公室
	 * 承担…; the committee's own rules of meeting name no actor) */
	bool office_only[MAX_ALIAS_BODIES];
	int nbodies;
} actors;

static int
role_word(const char *s, size_t n)
{
	if (n == 6 && !memcmp(s, "牵头", 6))
		return OB_ROLE_LEAD;
	if (n == 6 && (!memcmp(s, "配合", 6) || !memcmp(s, "参与", 6) ||
	    !memcmp(s, "协助", 6)))
		return OB_ROLE_COOPERATE;
	return OB_ROLE_RESPONSIBLE;
}

/* The role of the names that end at from: the first role word of their
 * clause (X要积极配合…, X依照标准牵头组织…), else responsible. */
static int
clause_role(const char *buf, size_t from, size_t end)
{
	static const char *const stops[] = { "，", "。", "；", "：", NULL };
	static const char *const words[] = { "牵头", "配合", "参与", "协助", "负责", NULL };
	static const char *const mutual[] = { "密切", "紧密", "相互", "互相", "通力", NULL };
	/* X组织Y配合: Y cooperates, X directs; X会同有关方面…: X leads
	 * whoever its partners are */
	static const char *const directs[] = { "组织", "指导", "督促", "要求", NULL };
	int chars = 0;
	/* a duty list: 市自然资源局：配合… */
	if (end - from >= 3 && !memcmp(buf + from, "：", 3))
		from += 3;
	/* the verb follows the names closely; a bounded look keeps every
	 * match linear */
	for (size_t i = from; i < end && chars < 16; i += ob__utf8_len((unsigned char)buf[i]),
	    chars++) {
		for (int k = 0; stops[k]; k++)
			if (end - i >= 3 && !memcmp(buf + i, stops[k], 3))
				return OB_ROLE_RESPONSIBLE;
		for (int k = 0; directs[k]; k++)
			if (end - i >= 6 && !memcmp(buf + i, directs[k], 6))
				return OB_ROLE_RESPONSIBLE;
		if (end - i >= 6 && !memcmp(buf + i, "会同", 6))
			return OB_ROLE_LEAD;
		for (int k = 0; words[k]; k++) {
			if (end - i < 6 || memcmp(buf + i, words[k], 6))
				continue;
			/* 密切配合 with no one leading is the work of all:
			 * 各有关部门必须密切配合 */
			for (int j = 0; mutual[j] && k == 1 && i >= from + 6; j++)
				if (!memcmp(buf + i - 6, mutual[j], 6))
					return OB_ROLE_RESPONSIBLE;
			/* 负责牵头: leads */
			if (k == 4 && end - i >= 12 && !memcmp(buf + i + 6, "牵头", 6))
				return OB_ROLE_LEAD;
			return role_word(buf + i, 6);
		}
	}
	return OB_ROLE_RESPONSIBLE;
}

static int
push(actors *a, ob__span s, const char *name, size_t nl, const char *suffix,
     int role, bool generic)
{
	ob_notice *n = a->n;
	size_t sl = strlen(suffix);

	/* every mention is kept, each obligation holds its own; the owner
	 * lists each role and name once (ob__agencies_mark_repeats) */
	char buf[256], *b = nl + sl < sizeof buf ? buf : malloc(nl + sl + 1);
	if (!b)
		return OB_ERR_NOMEM;
	memcpy(b, name, nl);
	memcpy(b + nl, suffix, sl + 1);
	const char *in = ob__intern(n, b, nl + sl);
	if (b != buf)
		free(b);
	ob__agency *x = in ? OB_PUSH(n->agencies) : NULL;
	if (!x)
		return OB_ERR_NOMEM;
	x->name = in;
	x->span = s;
	x->role = role;
	x->from = OB_FROM_TEXT;
	x->generic = generic;
	return 0;
}

/* The tail a list of fields shares: 教育、财政部门 → 部门. */
static size_t
func_suffix(const char *s, size_t n)
{
	static const char *const tails[] = { "行政主管部门", "主管部门", "行政部门",
		"行政机关", "部门", "机关", "机构", NULL };
	for (int k = 0; tails[k]; k++) {
		size_t l = strlen(tails[k]);
		if (n > l && !memcmp(s + n - l, tails[k], l))
			return l;
	}
	return 0;
}

/* An addressee who is a person, not a body: 周桂英等代表, 李明委员. */
static bool
person(const char *p, size_t n)
{
	static const char *const tails[] = { "代表", "委员", "同志", "先生", "女士", NULL };
	return ob__has_suffix(p, n, tails);
}

/* The addressees a pronoun stands for (ms, me): 你们 all of them, 你省
 * those that are provinces (all, when none is).  The salutation is split
 * at its commas, and at its 、 unless a part is one collective
 * (各省、自治区、直辖市人民政府). */
static int
addressees(actors *a, size_t ms, size_t me, int role)
{
	const ob_notice *n = a->n;
	const char *buf = n->text.buf;
	ob__span sal = n->meta.salutation;
	const char *kind = me - ms == 6 && memcmp(buf + ms, "你们", 6) ? buf + ms + 3 : NULL;
	int r;

	for (int pass = 0; pass < 2; pass++) {
		int pushed = 0;
		size_t q = sal.start;
		bool whole = false;
		for (size_t i = sal.start; i <= sal.end; i++) {
			bool comma = i < sal.end && sal.end - i >= 3 && !memcmp(buf + i, "，", 3);
			if (i == q)
				whole = sal.end - q >= 3 && !memcmp(buf + q, "各", 3);
			bool sep = comma || (!whole && i < sal.end && sal.end - i >= 3 &&
			    !memcmp(buf + i, "、", 3));
			if (i < sal.end && !sep)
				continue;
			if (i > q && !person(buf + q, i - q) &&
			    (!kind || pass == 1 || memmem(buf + q, i - q, kind, 3))) {
				bool generic = whole || (i - q > 6 && !memcmp(buf + q, "有关", 6));
				if ((r = push(a, (ob__span){ ms, me }, buf + q, i - q, "", role,
				    generic)))
					return r;
				pushed++;
			}
			q = i + 3;
			i += 2;
		}
		if (pushed)
			break;
	}
	return 0;
}

/* A bureau of the body whose name ends at i, as a list's last name:
 * 由教育部教材局承担, 财政部预算司负责 (two to four characters ending in 司 or
 * 局, none a function word).  Returns where the bureau's name ends, i when
 * there is none. */
static size_t
bureau(const char *buf, size_t len, size_t i)
{
	static const char stops[] = BUREAU_STOPS;
	size_t j = i;
	for (int k = 0; k < 4; k++) {
		size_t at = j;
		uint32_t c = ob__utf8_next(buf, len, &j);
		if (!ob__is_han(c))
			return i;
		if (k == 0 && memmem(stops, sizeof stops - 1, buf + at, j - at))
			return i;
		if (k > 0 && (c == 0x53F8 /* 司 */ || c == 0x5C40 /* 局 */)) {
			size_t after = j;
			return ob__is_han(ob__utf8_next(buf, len, &after)) ? j : i;
		}
	}
	return i;
}

/* The names of the list [s, e), one by one. */
/* A local body's stem alone after 、 (教委 in 各区疾控局、教委) with the
 * place of the name before it in the list; 1 when there is none to take
 * (the name is pushed as written), else OB_ERR_NOMEM or 0. */
static int
list_place(actors *a, size_t ms, size_t me, int role)
{
	const char *buf = a->n->text.buf;
	int level;
	if (ob__gazetteer_place(buf + ms, me - ms, &level) || !a->n->agencies.n)
		return 1;
	const ob__agency *prev = &a->n->agencies.v[a->n->agencies.n - 1];
	if (prev->span.end + 3 != ms)
		return 1;
	const char *pn = prev->name;
	size_t pl = ob__gazetteer_place(pn, strlen(pn), &level);
	static const char *const each[] = { "各区县", "各县区", "各市县", "各区", "各县", "各市",
		NULL };
	for (int k = 0; !pl && each[k]; k++)
		if (!strncmp(pn, each[k], strlen(each[k])))
			pl = strlen(each[k]);
	/* 各级政府办公厅(室)要会同宣传部门、政府新闻办: after a collective,
	 * a body of no place is each one's, as general as the collective */
	if (!pl && prev->generic)
		return push(a, (ob__span){ ms, me }, buf + ms, me - ms, "", role, true);
	if (!pl || pl >= strlen(pn) || pl + (me - ms) >= 256)
		return 1;
	char own[256];
	memcpy(own, pn, pl);
	memcpy(own + pl, buf + ms, me - ms);
	return push(a, (ob__span){ ms, me }, own, pl + (me - ms), "", role, prev->generic);
}

static int
names(actors *a, size_t s, size_t e, int role)
{
	const char *buf = a->n->text.buf;
	static const char *const seps[] = { "以及", "、", "和", "及", "与", "同", NULL };
	/* what makes a functional type one of some level, or many */
	static const char *const levels[] = { "国务院", "各", "地方", "县级", "市级",
		"省级", "有关", "相关", "当地", "本级", "同级", NULL };
	bool council = false; /* the list opened with 国务院…部门 */
	int r;

	while (s < e) {
		int mr = ob__match(a->m, OB_RULE_ACTOR_NAME, buf, e, s, PCRE2_ANCHORED);
		if (mr == OB_ERR_MATCH_LIMIT) {
			a->m->err = 0; /* the rest of a list too long to read */
			return 0;
		}
		if (mr <= 0)
			return mr;
		size_t ms, me, gs, ge;
		ob__group(a->m, 0, &ms, &me);
		bool func = ob__group_named(a->m, OB_RULE_ACTOR_NAME, "func", &gs, &ge);
		bool you = ob__group_named(a->m, OB_RULE_ACTOR_NAME, "you", &gs, &ge);
		const char *p = buf + ms;
		size_t pn = me - ms;
		/* 国务院教育行政部门 has one referent; 教育行政部门 many */
		bool generic = ob__group_named(a->m, OB_RULE_ACTOR_NAME, "coll", &gs, &ge) ||
		    (func && (pn < 9 || memcmp(p, "国务院", 9)));
		if (func && pn >= 9 && !memcmp(p, "国务院", 9))
			council = true;
		/* the 和 before a list's last field, where the rule read one */
		size_t and_at = (size_t)-1, as, ae;
		if (func && ob__group_named(a->m, OB_RULE_ACTOR_NAME, "and", &as, &ae))
			and_at = as;
		bool several = and_at != (size_t)-1;
		for (size_t i = 0; i + 3 <= pn && !several; i++)
			several = !memcmp(p + i, "、", 3);
		if (you) {
			if ((r = addressees(a, ms, me, role)))
				return r;
		} else if (func && several) {
			/* 教育、财政部门: each field with the shared tail */
			size_t tl = func_suffix(p, pn);
			char tail[32] = "";
			if (tl < sizeof tail)
				memcpy(tail, p + pn - tl, tl), tail[tl] = '\0';
			/* 市财政、教育部门: the level the list opens with is
			 * every field's (not the 市 of 市场监管) */
			static const char *const heads[] = { "各级", "各地", "省级", "市级", "县级",
				"省", "市", "区", "县", "州", NULL };
			size_t hl = 0;
			for (int k = 0; heads[k] && !hl; k++)
				if (pn > strlen(heads[k]) && !memcmp(p, heads[k], strlen(heads[k])))
					hl = strlen(heads[k]);
			if (hl == 3 && pn >= 6 && !memcmp(p, "市场", 6))
				hl = 0;
			size_t q = ms;
			for (size_t i = ms; i <= me; i++) {
				if (i < me && i != and_at && (me - i < 3 || memcmp(buf + i, "、", 3)))
					continue;
				bool last = i == me;
				size_t pe = last ? me - tl : i;
				/* 财政、教育等部门: 等 closes the list */
				if (last && pe - q > 3 && !memcmp(buf + pe - 3, "等", 3))
					pe -= 3;
				char own[256];
				const char *nm = buf + q;
				size_t nl = pe - q;
				if (hl && q > ms && pe > q && hl + nl < sizeof own) {
					memcpy(own, p, hl);
					memcpy(own + hl, buf + q, nl);
					nm = own;
					nl += hl;
				}
				if (pe > q && (r = push(a, (ob__span){ q, last ? me : i }, nm,
				    nl, tail, role, true)))
					return r;
				q = i + 3;
				if (last)
					break;
				i += 2;
			}
		} else if (func && func_suffix(p, pn) && pn > func_suffix(p, pn) + 3 &&
		    !memcmp(p + pn - func_suffix(p, pn) - 3, "等", 3)) {
			/* 教育等部门 → 教育部门 */
			size_t tl = func_suffix(p, pn);
			char tail[32] = "";
			if (tl < sizeof tail)
				memcpy(tail, p + pn - tl, tl), tail[tl] = '\0';
			if ((r = push(a, (ob__span){ ms, me }, p, pn - tl - 3, tail, role, generic)))
				return r;
		} else if (func && council && pn < 200 && !ob__has_prefix(p, pn, levels)) {
			/* 国务院人力资源社会保障行政部门、教育行政部门: the later
			 * fields are the State Council's too */
			char own[256];
			memcpy(own, "国务院", 9);
			memcpy(own + 9, p, pn);
			if ((r = push(a, (ob__span){ ms, me }, own, pn + 9, "", role, false)))
				return r;
		} else if (ob__group_named(a->m, OB_RULE_ACTOR_NAME, "local", &gs, &ge) &&
		    ms >= 3 && !memcmp(buf + ms - 3, "、", 3) &&
		    (r = list_place(a, ms, me, role)) != 1) {
			/* 各区疾控局、教委: 教委 is 各区教委 */
			if (r)
				return r;
		} else {
			/* 教育部教材局: the bureau acts, not the ministry */
			size_t be = me == e && ob__group_named(a->m, OB_RULE_ACTOR_NAME, "body",
			    &gs, &ge) ? bureau(buf, a->n->text.len, me) : me;
			if ((r = push(a, (ob__span){ ms, be }, p, be - ms, "", role, generic)))
				return r;
		}
		s = me;
		for (int k = 0; seps[k]; k++) {
			size_t l = strlen(seps[k]);
			if (e - s >= l && !memcmp(buf + s, seps[k], l)) {
				s += l;
				break;
			}
		}
		if (s == me)
			break;
	}
	return 0;
}

/* Does the short name of alias k name a body: 审核机构, 试点工作小组,
 * 联合采购办公室? */
static bool
alias_body(const ob_notice *n, size_t k)
{
	static const char *const tails[] = { "机构", "小组", "办公室", "委员会",
		"联席会议", "中心", "部门", "单位", "机关", NULL };
	const ob__alias *x = &n->aliases.v[k];
	size_t l = x->short_name.end - x->short_name.start;
	for (int i = 0; tails[i]; i++) {
		size_t tl = strlen(tails[i]);
		if (l > tl && !memcmp(n->text.buf + x->short_name.end - tl, tails[i], tl))
			return true;
	}
	return false;
}

/* Does a short name read as a committee's: 协调委, 联席会议, 领导小组. */
static bool
committee(const char *p, size_t l)
{
	static const char *const tails[] = { "委", "会", "会议", "组", "办", NULL };
	return ob__has_suffix(p, l, tails);
}

/* The bodies the notice names for itself, where they act in span s:
 * "审核机构要…", "由试点工作小组负责…". */
static int
scan_aliases(actors *a, ob__span s)
{
	static const char *const kinds[] = { "机构", "部门", "单位", "机关", NULL };
	ob_notice *n = a->n;
	const char *buf = n->text.buf;
	int r;

	for (int j = 0; j < a->nbodies; j++) {
		const char *name = buf + a->bodies[j].start;
		size_t l = a->bodies[j].end - a->bodies[j].start;
		for (size_t i = s.start; i + l <= s.end; i++) {
			const char *hit = memmem(buf + i, s.end - i, name, l);
			if (!hit)
				break;
			i = (size_t)(hit - buf);
			/* its office acts as itself: 协调委办公室承担…, 由联席会议
			 * 办公室召开… */
			size_t hl = l;
			if (s.end - i - l >= 9 && !memcmp(buf + i + l, "办公室", 9))
				hl += 9;
			size_t st;
			uint32_t c = i > s.start ? ob__utf8_prev(buf, i, &st) : 0;
			bool start = i == s.start || c == 0xFF0C || c == 0x3002 || c == 0xFF1B ||
			    c == 0xFF1A || c == '(' || c == '\n' || c == 0x7531 /* 由 */ ||
			    c == 0x8BF7 /* 请 */;
			/* 成立市稳经济工作领导小组，统筹推进…: set up to do it */
			bool set_up = i == a->bodies[j].start ||
			    (i >= s.start + 6 && !memcmp(buf + i - 6, "成立", 6));
			size_t duty = i + hl;
			if (set_up && s.end - duty >= 3 && !memcmp(buf + duty, "，", 3))
				duty += 3;
			if (!(start || set_up) || (a->office_only[j] && hl == l) ||
			    ob__match(a->m, OB_RULE_DUTY, buf, s.end, duty, PCRE2_ANCHORED) <= 0)
				continue;
			/* 审核机构 is a kind of body, 试点工作小组 one body */
			bool kind = hl == l && l > 6 && ob__has_suffix(name, l, kinds);
			if ((r = push(a, (ob__span){ i, i + hl }, buf + i, hl, "",
			    clause_role(buf, i + hl, s.end), kind)))
				return r;
		}
	}
	return 0;
}

/* Every actor named in span s, appended to the notice's agencies. */
static int
scan(actors *a, ob__span s)
{
	int r = scan_aliases(a, s);
	if (r)
		return r;
	const char *buf = a->n->text.buf;
	/* the span is the subject: its start is a clause's start (^), as a
	 * title's (（一）教育部要…) or a heading's is */
	const char *sub = buf + s.start;
	size_t len = s.end - s.start, off = 0;

	while (off < len) {
		/* a match at the start is one only ACTOR finds, or the one
		 * ACTOR_SCAN would find first; after the start they agree */
		int rule = OB_RULE_ACTOR_SCAN;
		int mr = 0;
		if (off == 0 && (mr = ob__match(a->m, OB_RULE_ACTOR, sub, len, 0,
		    PCRE2_ANCHORED)))
			rule = OB_RULE_ACTOR;
		if (!mr)
			mr = ob__match(a->m, rule, sub, len, off, 0);
		if (mr == OB_ERR_MATCH_LIMIT) {
			/* a list too long to read (hundreds of names): that
			 * sentence is skipped, not the notice */
			a->m->err = 0;
			while (off < len && memcmp(sub + off, "。", 3) && sub[off] != '\n')
				off++;
			off += off < len ? (sub[off] == '\n' ? 1 : 3) : 0;
			continue;
		}
		if (mr <= 0)
			return mr;
		size_t ms, me, ls, le, ps, pe;
		ob__group(a->m, 0, &ms, &me);
		ob__group_named(a->m, rule, "list", &ls, &le);
		bool partners = ob__group_named(a->m, rule, "partners", &ps, &pe);
		ls += s.start, le += s.start, ps += s.start, pe += s.start;
		int role = clause_role(buf, le, s.end);
		if (partners)
			role = OB_ROLE_LEAD;
		if ((r = names(a, ls, le, role)))
			return r;
		if (partners && (r = names(a, ps, pe, OB_ROLE_COOPERATE)))
			return r;
		off = me > off ? me : off + 1;
	}
	return 0;
}

typedef struct keyed {
	int role;
	const char *name;
	size_t k;
} keyed;

static int
by_role_name(const void *a, const void *b)
{
	const keyed *x = a, *y = b;
	int c = x->role - y->role;
	if (!c)
		c = strcmp(x->name, y->name);
	if (!c)
		c = x->k < y->k ? -1 : 1;
	return c;
}

int
ob__agencies_mark_repeats(ob_notice *n, ob__range r)
{
	if (r.count < 2)
		return 0;
	keyed *v = malloc(r.count * sizeof *v);
	if (!v)
		return OB_ERR_NOMEM;
	for (size_t k = 0; k < r.count; k++) {
		const ob__agency *x = &n->agencies.v[r.first + k];
		v[k] = (keyed){ x->role, x->name, r.first + k };
	}
	/* sorted by role and name, then by place: the first of a run is the
	 * one listed */
	qsort(v, r.count, sizeof *v, by_role_name);
	for (size_t k = 1; k < r.count; k++)
		n->agencies.v[v[k].k].repeat = v[k].role == v[k - 1].role &&
		    !strcmp(v[k].name, v[k - 1].name);
	free(v);
	return 0;
}

/* Does the name head a line of a duty list (发改部门：负责…; 教育、卫生
 * 部门：负责…), before the line's first stop and its colon? */
static bool
duty_head(const ob__text *t, ob__span s)
{
	static const char *const stops[] = { "，", "。", "；", "：", NULL };
	for (size_t i = s.start; i > 0 && t->buf[i - 1] != '\n'; i--)
		for (int k = 0; stops[k]; k++)
			if (i >= 3 && !memcmp(t->buf + i - 3, stops[k], 3))
				return false;
	/* right before the colon, or one of a list that ends there */
	if (s.end + 3 <= t->len && !memcmp(t->buf + s.end, "：", 3))
		return true;
	if (s.end + 3 > t->len || memcmp(t->buf + s.end, "、", 3))
		return false;
	for (size_t i = s.end; i + 3 <= t->len && i < s.end + 30 * 3 && t->buf[i] != '\n'; i++) {
		if (!memcmp(t->buf + i, "：", 3))
			return true;
		for (int k = 0; stops[k]; k++)
			if (!memcmp(t->buf + i, stops[k], 3))
				return false;
	}
	return false;
}

/* Keep the specific bodies when there are any: a collective stands in
 * only where nobody is named.  A functional type that heads a line of a
 * duty list is the body that line charges, kept beside the others. */
static void
prune_generic(ob_notice *n, size_t first)
{
	for (size_t k = first; k < n->agencies.n; k++)
		if (n->agencies.v[k].generic && duty_head(&n->text, n->agencies.v[k].span))
			n->agencies.v[k].generic = false;
	bool specific = false;
	for (size_t k = first; k < n->agencies.n; k++)
		if (!n->agencies.v[k].generic)
			specific = true;
	if (!specific)
		return;
	size_t o = first;
	for (size_t k = first; k < n->agencies.n; k++) {
		if (n->agencies.v[k].generic)
			continue;
		n->agencies.v[o++] = n->agencies.v[k];
	}
	n->agencies.n = o;
}

static int
by_place(const void *a, const void *b)
{
	const ob__agency *x = a, *y = b;
	if (x->span.start != y->span.start)
		return x->span.start < y->span.start ? -1 : 1;
	if (x->span.end != y->span.end)
		return x->span.end < y->span.end ? -1 : 1;
	return strcmp(x->name, y->name);
}

/* The issuer speaking of itself (国务院办公厅将于…组织验收) assigns no
 * work to anybody. */
/* A body's name as its own region says it: the level character
 * (省, 市, 区, 县, 州) the name's region ends with, then the rest, 人民政府
 * said 政府.  福建省人民政府办公厅 and 省政府办公厅 both give 省 and
 * 政府办公厅.  False when the name opens with no region within eight
 * characters. */
static bool
own_form(const char *s, size_t n, char *level, const char **rest, size_t *rn)
{
	static const char *const marks[] = { "省", "市", "区", "县", "州", NULL };
	/* 省 市 区 县 before 州, which also ends places' names (常州市) */
	for (int pass = 0; pass < 2; pass++)
	for (size_t i = 0; i + 3 <= n && i <= 8 * 3; i += 3) {
		for (int k = pass ? 4 : 0; marks[k] && (pass || k < 4); k++) {
			if (memcmp(s + i, marks[k], 3))
				continue;
			memcpy(level, marks[k], 3);
			*rest = s + i + 3;
			*rn = n - i - 3;
			if (*rn >= 12 && !memcmp(*rest, "人民政府", 12)) {
				*rest += 6; /* 人民 dropped: 政府… */
				*rn -= 6;
			}
			return *rn > 0;
		}
	}
	return false;
}

/* Is the agency the issuer, by its own short form (省政府办公厅 in a
 * notice of 福建省人民政府办公厅)? */
static bool
issuer_short(const char *name, const char *issuer, size_t il)
{
	char l1[3];
	const char *r1, *r2;
	size_t n1, n2;
	size_t nl = strlen(name);
	if (nl < 3 || !own_form(name, nl, l1, &r1, &n1) || memcmp(name, l1, 3))
		return false; /* the agency: its level prefix alone */
	/* the issuer: wherever its region may end with that level
	 * (北京市海淀区: 市 or 区; 广州市: not at 州) */
	for (size_t i = 3; i + 3 <= il && i <= 8 * 3; i += 3) {
		if (memcmp(issuer + i, l1, 3))
			continue;
		r2 = issuer + i + 3;
		n2 = il - i - 3;
		if (n2 >= 12 && !memcmp(r2, "人民政府", 12))
			r2 += 6, n2 -= 6;
		if (n1 == n2 && !memcmp(r1, r2, n1))
			return true;
	}
	return false;
}

static void
prune_issuer(ob_notice *n, size_t first)
{
	const ob__meta *md = &n->meta;
	size_t o = first;
	if (!md->nissuers)
		return;
	for (size_t k = first; k < n->agencies.n; k++) {
		ob__agency *x = &n->agencies.v[k];
		bool issuer = false;
		for (int j = 0; j < md->nissuers && !issuer; j++) {
			ob__span is = md->issuers[j];
			size_t il = is.end - is.start;
			issuer = (strlen(x->name) == il &&
			    !memcmp(x->name, n->text.buf + is.start, il)) ||
			    issuer_short(x->name, n->text.buf + is.start, il);
		}
		if (!issuer)
			n->agencies.v[o++] = *x;
	}
	n->agencies.n = o;
}

static int
owner(const actors *proto, const ob__span *spans, int nspans, ob__range *out)
{
	actors a = *proto;
	ob_notice *n = a.n;
	int r;

	a.first = n->agencies.n;

	for (int k = 0; k < nspans; k++)
		if (spans[k].end > spans[k].start && (r = scan(&a, spans[k])))
			return r;
	prune_issuer(n, a.first);
	prune_generic(n, a.first);
	/* in text order, for the obligations that walk them with a cursor */
	if (n->agencies.n - a.first > 1)
		qsort(n->agencies.v + a.first, n->agencies.n - a.first,
		    sizeof *n->agencies.v, by_place);
	*out = (ob__range){ a.first, n->agencies.n - a.first };
	return 0;
}

/* The places a notice speaks from, by the mark its bodies' names bear
 * (省, 市, 区, 县, 州): 宿州市 for a notice its 宿州市人民政府 issues, so
 * that its 市发展改革委 is 宿州市发展和改革委员会. */
enum { MARK_SHENG, MARK_SHI, MARK_QU, MARK_XIAN, MARK_ZHOU, NMARKS };
static const char *const mark_words[NMARKS] = { "省", "市", "区", "县", "州" };

typedef struct region {
	char name[64];
	int level;
} region;

static void
note_place(const char *s, size_t n, region *rg)
{
	if (n >= 6 && !memcmp(s, "中共", 6))
		s += 6, n -= 6;
	int level;
	size_t pl = ob__gazetteer_place(s, n, &level);
	if (pl <= 3 || pl >= sizeof rg->name)
		return; /* none, or a bare 市 */
	for (int k = 0; k < NMARKS; k++)
		if (!memcmp(s + pl - 3, mark_words[k], 3) && !rg[k].name[0]) {
			memcpy(rg[k].name, s, pl);
			rg[k].name[pl] = '\0';
			rg[k].level = level;
		}
}

/* The canonical reference and level of every agency. */
static int
refs(ob_notice *n, const ob__gazetteer *g)
{
	region rg[NMARKS];
	memset(rg, 0, sizeof rg);
	const ob__meta *md = &n->meta;
	for (int k = 0; k < md->nissuers; k++)
		note_place(n->text.buf + md->issuers[k].start,
		    md->issuers[k].end - md->issuers[k].start, rg);
	if (md->notice_title_text)
		note_place(md->notice_title_text, strlen(md->notice_title_text), rg);
	for (size_t k = 0; k < n->agencies.n; k++) {
		ob__agency *x = &n->agencies.v[k];
		char *ref = NULL;
		int level;
		if (x->generic)
			continue;
		if (!ob__gazetteer_ref(g, x->name, &ref, &level))
			return OB_ERR_NOMEM;
		/* 市发展和改革委员会: the notice's city's */
		for (int j = 0; ref && j < NMARKS; j++) {
			if (!rg[j].name[0] || memcmp(ref, mark_words[j], 3))
				continue;
			size_t rl = strlen(rg[j].name), l = strlen(ref);
			char *full = malloc(rl + l - 3 + 1);
			if (!full) {
				free(ref);
				return OB_ERR_NOMEM;
			}
			memcpy(full, rg[j].name, rl);
			memcpy(full + rl, ref + 3, l - 3 + 1);
			free(ref);
			ref = full;
			level = rg[j].level;
			break;
		}
		x->level = (int8_t)level;
		if (ref && !(x->ref = ob__intern(n, ref, strlen(ref)))) {
			free(ref);
			return OB_ERR_NOMEM;
		}
		free(ref);
	}
	return 0;
}

/* The closing's text: its paragraphs before the signature.  A notice
 * without sections or items (a reply, an approval) is all notice-level
 * text. */
static void
closing_text(ob_notice *n, ob__matcher *m)
{
	const ob__text *t = &n->text;
	ob__span c = n->closing;

	if (!n->sections.n && !n->items.n)
		c = n->preamble;
	if (c.end <= c.start)
		return;
	c.end = ob__signature_start(t, m, c.start, c.end);
	while (c.end > c.start && (t->buf[c.end - 1] == '\n' || t->buf[c.end - 1] == ' '))
		c.end--;
	if (c.end > c.start)
		n->closing_text = c;
}

/*
 * Blocks of one body's duties: a line that names a body as the owner of
 * what follows ("2016年区党工委、管委会办公室安全生产目标责任", "附件2 市财
 * 政局工作职责"), or a section whose heading is a body's name alone
 * ("一、区应急管理局").  Every unit after it, up to the next such line,
 * is that body's work: the body is responsible for it.
 */
#define MAX_BLOCKS 256

typedef struct block {
	size_t start;  /* where the block starts */
	ob__span body; /* the body's name */
} block;

/* Where the name of a body ends in [a, b) that the rest of the line
 * makes the owner of a block: the longest name ending as bodies end
 * after which only a few words of field and the block's word stand
 * (安全生产目标责任, 工作职责); 0 when the line is no such heading. */
static size_t
block_owner(const char *buf, size_t a, size_t b)
{
	static const char *const tails[] = { "人民政府", "办公室", "委员会", "管委会",
		"中心", "局", "委", "办", "部", "院", "会", "室", "站", "所", "队", NULL };
	static const char *const words[] = { "目标责任书", "目标责任状", "目标责任",
		"目标任务", "责任清单", "工作职责", "职责清单", "任务清单", "主要职责",
		"职责分工", "工作任务", NULL };
	size_t best = 0;
	for (size_t j = a; j < b;) {
		ob__utf8_next(buf, b, &j);
		bool tail = false;
		for (int k = 0; tails[k] && !tail; k++) {
			size_t l = strlen(tails[k]);
			tail = j - a > l + 3 && !memcmp(buf + j - l, tails[k], l);
		}
		if (!tail)
			continue;
		/* the rest: up to eight characters of field, then the word */
		for (int w = 0; words[w]; w++) {
			size_t l = strlen(words[w]);
			if (b - j < l || memcmp(buf + b - l, words[w], l))
				continue;
			size_t field = 0, i = j;
			bool han = true;
			/* a year may stand between: 区应急管理局2023年安全生产目标责任 */
			if (b - l - i > 7 && buf[i] >= '1' && buf[i] <= '2' &&
			    !memcmp(buf + i + 4, "年", 3)) {
				i += 7;
				if (b - l - i >= 3 && !memcmp(buf + i, "度", 3))
					i += 3;
			}
			for (; i < b - l && han;) {
				han = ob__is_han(ob__utf8_next(buf, b - l, &i));
				field++;
			}
			if (han && field <= 8)
				best = j;
		}
	}
	return best;
}

/* The blocks of the notice, in text order. */
static size_t
find_blocks(ob_notice *n, block *out, size_t max)
{
	const ob__text *t = &n->text;
	const char *buf = t->buf;
	size_t nb = 0;

	for (size_t k = 0; k < t->nparas && nb < max; k++) {
		ob__span p = t->paras[k];
		size_t a = p.start, b = p.end, chars = 0;
		bool clause = false;
		for (size_t i = a; i < b && !clause;) {
			uint32_t c = ob__utf8_next(buf, b, &i);
			clause = c == 0x3002 || c == 0xFF0C || c == 0xFF1B || c == 0xFF1A ||
			    ++chars > 50; /* 。，；： */
		}
		if (clause)
			continue;
		/* 附件1, a year: 附件1 2016年区…目标责任 */
		if (b - a > 6 && !memcmp(buf + a, "附件", 6)) {
			a += 6;
			while (a < b && ((buf[a] >= '0' && buf[a] <= '9') || buf[a] == ' '))
				a++;
		}
		if (b - a > 7 && buf[a] >= '1' && buf[a] <= '2' &&
		    !memcmp(buf + a + 4, "年", 3)) {
			a += 7;
			if (b - a > 3 && !memcmp(buf + a, "度", 3))
				a += 3;
		}
		size_t e = block_owner(buf, a, b);
		if (e)
			out[nb++] = (block){ p.start, { a, e } };
	}
	/* a section headed by a body's name alone: 一、区应急管理局 */
	for (size_t s = 0; s < n->sections.n && nb < max; s++) {
		const ob__section *sec = &n->sections.v[s];
		ob__span h = sec->heading;
		size_t chars = 0;
		bool han = h.end > h.start;
		for (size_t i = h.start; i < h.end && han;) {
			han = ob__is_han(ob__utf8_next(buf, h.end, &i)) && ++chars <= 20;
		}
		static const char *const tails[] = { "人民政府", "局", "委员会", "委", "办公室",
			"中心", NULL };
		bool tail = false;
		for (int k = 0; han && tails[k] && !tail; k++) {
			size_t l = strlen(tails[k]);
			tail = h.end - h.start > l + 3 && !memcmp(buf + h.end - l, tails[k], l);
		}
		/* a body's name, not a phrase that ends like one (建设多元办学
		 * 格局): it opens with its level (区应急管理局) */
		static const char *const levels[] = { "省", "市", "区", "县", "镇", "乡",
			"州", "旗", NULL };
		bool level = false;
		for (int k = 0; tail && levels[k] && !level; k++)
			level = !memcmp(buf + h.start, levels[k], 3);
		if (!tail || !level || sec->text.end > sec->text.start)
			continue;
		/* in text order with the lines found above */
		size_t at = nb;
		while (at > 0 && out[at - 1].start > sec->span.start)
			at--;
		memmove(out + at + 1, out + at, (nb - at) * sizeof *out);
		out[at] = (block){ sec->span.start, h };
		nb++;
	}
	return nb;
}

/* The body whose block holds position at, if any. */
static const block *
block_at(const block *bl, size_t nb, size_t at)
{
	const block *b = NULL;
	for (size_t k = 0; k < nb && bl[k].start <= at; k++)
		b = &bl[k];
	return b;
}

/* The block's body responsible for a unit that has words of its own (a
 * heading that only groups what follows, 法制, has none), appended to
 * its range, which ends the vector. */
static int
block_actor(ob_notice *n, const block *bl, size_t nb, size_t at, ob__span own,
	    ob__range *range)
{
	const block *b = block_at(bl, nb, at);
	size_t chars = 0;
	for (size_t i = own.start; i < own.end; i++)
		chars += ((unsigned char)n->text.buf[i] & 0xC0) != 0x80;
	if (!b || chars <= 6 || range->first + range->count != n->agencies.n)
		return 0;
	size_t bl_len = b->body.end - b->body.start;
	/* the heading itself (一、区住房城乡建设局): it names the actor of
	 * what follows, and is no work of its own */
	if (own.end - own.start == bl_len && own.start == b->body.start)
		return 0;
	for (size_t k = range->first; k < range->first + range->count; k++) {
		const ob__agency *x = &n->agencies.v[k];
		if (x->role == OB_ROLE_RESPONSIBLE && strlen(x->name) == bl_len &&
		    !memcmp(x->name, n->text.buf + b->body.start, bl_len))
			return 0;
	}
	const char *name = ob__intern(n, n->text.buf + b->body.start, bl_len);
	if (!name || !OB_PUSH(n->agencies))
		return OB_ERR_NOMEM;
	if (!range->count)
		range->first = n->agencies.n - 1;
	/* first in the range: the heading stands before the unit's text */
	ob__agency *x = &n->agencies.v[range->first];
	memmove(x + 1, x, range->count * sizeof *x);
	memset(x, 0, sizeof *x);
	x->span = b->body;
	x->role = OB_ROLE_RESPONSIBLE;
	x->from = OB_FROM_HEADING;
	x->name = name;
	range->count++;
	return 0;
}

/* The groups the notice sets up (成立市稳经济工作领导小组, 成立由…组成的
 * 工作专班): bodies of its own, which then act where they are named.  The
 * name is the run of Chinese after 成立 (after its last 的), at least four
 * characters, ending in a group's word. */
static void
set_up_groups(actors *a)
{
	static const char *const tails[] = { "领导小组", "工作小组", "工作专班", "专班",
		"指挥部", "工作组", "委员会", "联席会议", NULL };
	const ob_notice *n = a->n;
	const char *buf = n->text.buf;
	size_t len = n->text.len;
	for (const char *q = buf; a->nbodies < MAX_ALIAS_BODIES &&
	     (q = memmem(q, len - (size_t)(q - buf), "成立", 6)); q += 6) {
		size_t s = (size_t)(q - buf) + 6, e = s;
		for (int k = 0; k < 30 && e < len; k++) {
			size_t at = e;
			uint32_t c = ob__utf8_next(buf, len, &at);
			if (!ob__is_han(c))
				break;
			if (c == 0x7684) /* 的: the name follows it */
				s = at;
			e = at;
		}
		const char *const *t = tails;
		while (*t && !ob__has_suffix(buf + s, e - s, (const char *const[]){ *t, NULL }))
			t++;
		/* every character here is Chinese: three bytes each; 成立相应的
		 * 指挥部 names a kind each government sets up, not one body */
		if (!*t || e - s < 4 * 3 || (s >= 9 && (!memcmp(buf + s - 9, "相应的", 9) ||
		    !memcmp(buf + s - 9, "相关的", 9))))
			continue;
		bool seen = false;
		for (int j = 0; j < a->nbodies && !seen; j++)
			seen = a->bodies[j].end - a->bodies[j].start == e - s &&
			    !memcmp(buf + a->bodies[j].start, buf + s, e - s);
		if (!seen) {
			a->office_only[a->nbodies] = false;
			a->bodies[a->nbodies++] = (ob__span){ s, e };
		}
	}
}

int
ob__actors_find(ob_notice *n, ob__matcher *m)
{
	actors proto = { .n = n, .m = m };
	int r;

	closing_text(n, m);
	/* where the text names an office (办公室), found once when a
	 * committee's short name asks */
	OB_VEC(size_t) offices = { 0 };
	bool found = false;
	int searches = 0;
	for (size_t k = 0; k < n->aliases.n && proto.nbodies < MAX_ALIAS_BODIES; k++) {
		const ob__span sk = n->aliases.v[k].short_name;
		const char *buf = n->text.buf;
		size_t l = sk.end - sk.start;
		bool office = false;
		if (!alias_body(n, k)) {
			/* a committee named for short (协调委, 联席会议) whose
			 * office the notice names; a few looked for */
			if (!committee(buf + sk.start, l) || searches++ >= MAX_ALIAS_BODIES)
				continue;
			for (const char *q = buf; !found && (q = memmem(q, n->text.len -
			    (size_t)(q - buf), "办公室", 9)); q += 9) {
				size_t *at = OB_PUSH(offices);
				if (!at) {
					free(offices.v);
					return OB_ERR_NOMEM;
				}
				*at = (size_t)(q - buf);
			}
			found = true;
			for (size_t j = 0; j < offices.n && !office; j++)
				office = offices.v[j] >= l &&
				    !memcmp(buf + offices.v[j] - l, buf + sk.start, l);
			if (!office)
				continue;
		}
		bool seen = false;
		for (int j = 0; j < proto.nbodies && !seen; j++) {
			const ob__span sj = proto.bodies[j];
			seen = sj.end - sj.start == sk.end - sk.start &&
			    !memcmp(n->text.buf + sj.start, n->text.buf + sk.start, sk.end - sk.start);
		}
		if (!seen) {
			proto.office_only[proto.nbodies] = office;
			proto.bodies[proto.nbodies++] = sk;
		}
	}
	free(offices.v);
	set_up_groups(&proto);
	block *bl = malloc(MAX_BLOCKS * sizeof *bl);
	if (!bl)
		return OB_ERR_NOMEM;
	size_t nb = find_blocks(n, bl, MAX_BLOCKS);
	r = 0;
	for (size_t k = 0; k < n->items.n && !r; k++) {
		ob__item *it = &n->items.v[k];
		if (it->agencies.count)
			continue; /* the clause says who acts */
		/* the agencies of an item are one range: text actors are
		 * appended after every clause's, so an item without a clause
		 * gets a range of its own at the end */
		ob__span own[2] = { it->title, it->text };
		if (!(r = owner(&proto, own, 2, &it->agencies)) && nb)
			r = block_actor(n, bl, nb, it->span.start, (ob__span){ it->title.start,
			    it->text.end > it->title.end ? it->text.end : it->title.end },
			    &it->agencies);
	}
	for (size_t k = 0; k < n->sections.n && !r; k++) {
		ob__section *s = &n->sections.v[k];
		if (s->agencies.count)
			continue; /* its label says who acts */
		ob__span own[2] = { s->heading, s->text };
		if (!(r = owner(&proto, own, 2, &s->agencies)) && nb)
			r = block_actor(n, bl, nb, s->span.start, (ob__span){ s->heading.start,
			    s->text.end > s->heading.end ? s->text.end : s->heading.end },
			    &s->agencies);
	}
	free(bl);
	if (r)
		return r;
	if ((r = owner(&proto, &n->closing_text, 1, &n->closing_agencies)))
		return r;
	/* the preamble's, where it is no notice's whole text: the
	 * addressees its covering sentences oblige */
	if ((n->sections.n || n->items.n) &&
	    (r = owner(&proto, &n->preamble, 1, &n->preamble_agencies)))
		return r;
	for (size_t k = 0; k < n->items.n && !r; k++)
		r = ob__agencies_mark_repeats(n, n->items.v[k].agencies);
	for (size_t k = 0; k < n->sections.n && !r; k++)
		r = ob__agencies_mark_repeats(n, n->sections.v[k].agencies);
	if (!r)
		r = ob__agencies_mark_repeats(n, n->closing_agencies);
	if (!r)
		r = ob__agencies_mark_repeats(n, n->preamble_agencies);
	return r ? r : refs(n, m->rs->gz);
}

/* The end of the bracket that holds position at. */
static size_t
bracket_end(const ob__text *t, size_t at)
{
	int depth = 1;
	for (size_t i = at; i < t->len; i++) {
		if (t->buf[i] == '(')
			depth++;
		else if (t->buf[i] == ')' && --depth == 0)
			return i;
		else if (t->buf[i] == '\n')
			return i;
	}
	return t->len;
}

bool
ob__several_clauses(const ob_notice *n, ob__range own)
{
	size_t last_end = 0;
	for (size_t k = own.first; k < own.first + own.count; k++) {
		const ob__agency *x = &n->agencies.v[k];
		if (x->from != OB_FROM_CLAUSE)
			continue;
		if (last_end && x->span.start > bracket_end(&n->text, last_end))
			return true;
		last_end = x->span.end;
	}
	return false;
}

static int
push_index(ob_notice *n, size_t k)
{
	size_t *e = OB_PUSH(n->oblig_agencies);
	if (!e)
		return OB_ERR_NOMEM;
	*e = k;
	return 0;
}

int
ob__obligation_actors(ob_notice *n, ob__matcher *m, ob__obligation *o,
		      ob__range own, size_t *cur, bool several)
{
	const char *buf = n->text.buf;
	int best = OB_MODAL_NONE;
	size_t off = o->span.start;

	/* the strongest word decides: must over should over may */
	while (off < o->span.end) {
		int mr = ob__find(m, OB_RULE_MODAL, buf, o->span.end, off);
		if (mr < 0)
			return mr;
		if (mr == 0)
			break;
		size_t ms, me;
		ob__group(m, 0, &ms, &me);
		int kind = ob__group_named(m, OB_RULE_MODAL, "must", &ms, &me) ? OB_MODAL_MUST
		    : ob__group_named(m, OB_RULE_MODAL, "should", &ms, &me) ? OB_MODAL_SHOULD
		    : ob__group_named(m, OB_RULE_MODAL, "may", &ms, &me) ? OB_MODAL_MAY
		    : OB_MODAL_NONE;
		if (kind == OB_MODAL_NONE)
			break;
		if (best == OB_MODAL_NONE || kind < best) {
			best = kind;
			o->modal_word = (ob__span){ ms, me };
		}
		if (best == OB_MODAL_MUST)
			break;
		ob__group(m, 0, &ms, &me);
		off = me > off ? me : off + 1;
	}
	o->modality = best;

	/* its own agencies: those of its owner named inside it.  Where an
	 * item has several clauses, each after the sentences it covers, an
	 * obligation without its own gets the clause that follows it ("加强
	 * 抽检（甲负责）。完善标准（乙负责）。": 甲, then 乙).  Otherwise the
	 * owner's agencies stand for it.  Obligations come in text order and
	 * so do the owner's agencies: *cur walks them once. */
	o->agencies.first = n->oblig_agencies.n;
	size_t end = own.first + own.count;
	while (*cur < end && n->agencies.v[*cur].span.start < o->span.start)
		(*cur)++;
	int r;
	for (size_t k = *cur; k < end && n->agencies.v[k].span.end <= o->span.end; k++)
		if (n->agencies.v[k].from == OB_FROM_TEXT && (r = push_index(n, k)))
			return r;
	if (n->oblig_agencies.n == o->agencies.first && several && *cur < end &&
	    n->agencies.v[*cur].from == OB_FROM_CLAUSE) {
		size_t close = bracket_end(&n->text, n->agencies.v[*cur].span.end);
		for (size_t k = *cur; k < end; k++) {
			const ob__agency *x = &n->agencies.v[k];
			if (x->from != OB_FROM_CLAUSE || x->span.start > close)
				break;
			if ((r = push_index(n, k)))
				return r;
		}
	}
	o->agencies.count = n->oblig_agencies.n - o->agencies.first;
	return 0;
}
