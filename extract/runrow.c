/* SPDX-License-Identifier: MIT */
/*
 * Task tables whose cells a scraper ran together: the header's words, then
 * each row's cells one after another with nothing between them.
 *
 *   工作任务牵头单位责任单位工作要求一、…（一）…
 *   1.深入解读政策背景…涉及范围省直各部门，各设区市，平潭综合实验区通过…
 *   2.按月公开全省财政收支情况省财政厅各设区市，平潭综合实验区在…
 *   5.加大…公开力度省财政厅省国税局省地税局省物价局各设区市，平潭…利用…
 *
 * The header (its words spaced out or not) says the order of the columns:
 * where the agency columns stand, between the task and what follows it or
 * at the row's end, and which role each has.  In a row that has no clause
 * of its own, the agencies are the longest run of bodies' names at that
 * place: a name opens with a level (省 市 区 县, 省直 区直, 各) and ends with
 * a body's word (厅 局 委 办 中心 部门 单位 政府 …), with no body's word
 * before its end; names in a list (after ， 、 or a blank) may go without
 * the level.  The names run together before the first separator are the
 * first column's (牵头单位: 省财政厅省国税局), except the last of them when
 * a list follows, which opens the second column's (省审改办 | 省直各部门，
 * 各设区市); a blank before any list is the boundary between the columns.
 * The row's title is then its task and its text what follows the names.
 */
#define _GNU_SOURCE /* memmem */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "model.h"

#define MAX_RUN 24 /* names in a run */
#define SCAN 1800  /* bytes of a row looked at for its names */

enum { W_NO, W_TASK, W_CONTENT, W_LEAD, W_RESP, W_COOP, W_TIME, W_OTHER };

static const struct {
	const char *word;
	int kind;
} heads[] = {
	{ "序号", W_NO }, { "编号", W_NO },
	{ "工作任务", W_TASK }, { "重点任务", W_TASK }, { "主要任务", W_TASK },
	{ "任务内容", W_TASK }, { "具体措施", W_TASK }, { "重点工作", W_TASK },
	{ "工作内容", W_TASK }, { "改革任务", W_TASK }, { "改革举措", W_TASK },
	{ "工作事项", W_TASK },
	{ "主要内容", W_CONTENT }, { "工作要求", W_CONTENT }, { "具体要求", W_CONTENT },
	{ "工作目标", W_CONTENT }, { "工作措施", W_CONTENT },
	{ "牵头单位", W_LEAD }, { "牵头部门", W_LEAD },
	{ "配合/责任单位", W_RESP }, { "责任/配合单位", W_RESP },
	{ "责任单位", W_RESP }, { "责任部门", W_RESP },
	{ "配合单位", W_COOP }, { "配合部门", W_COOP }, { "参与单位", W_COOP },
	{ "协办单位", W_COOP },
	{ "完成时限", W_TIME }, { "完成时间", W_TIME }, { "时间节点", W_TIME },
	{ "进度安排", W_TIME }, { "时间进度", W_TIME },
	{ "备注", W_OTHER },
};

/* The width of a blank at b (a space, a tab, an ideographic space). */
static size_t
blank(const char *b, size_t left)
{
	if (left >= 1 && (b[0] == ' ' || b[0] == '\t'))
		return 1;
	if (left >= 3 && !memcmp(b, "\xe3\x80\x80", 3))
		return 3;
	return 0;
}

/* Whether word stands at i, blanks allowed between its characters (工　作
 * 任　务); its end in *end. */
static bool
word_at(const char *buf, size_t i, size_t end, const char *w, size_t *out)
{
	for (const char *p = w; *p;) {
		size_t l = ob__utf8_len((unsigned char)*p);
		if (p != w)
			for (size_t b; (b = blank(buf + i, end - i));)
				i += b;
		if (end - i < l || memcmp(buf + i, p, l))
			return false;
		i += l;
		p += l;
	}
	*out = i;
	return true;
}

typedef struct header {
	size_t end;      /* where the rows begin */
	int kinds[12];
	int nkinds;
} header;

/* A header at i: its words one after another. */
static bool
header_at(const char *buf, size_t i, size_t end, header *h)
{
	h->nkinds = 0;
	bool task = false, who = false;
	while (h->nkinds < 12) {
		while (blank(buf + i, end - i))
			i += blank(buf + i, end - i);
		size_t best = 0;
		int kind = -1;
		for (size_t k = 0; k < sizeof heads / sizeof *heads; k++) {
			size_t e;
			if (word_at(buf, i, end, heads[k].word, &e) && e > best)
				best = e, kind = heads[k].kind;
		}
		if (kind < 0)
			break;
		h->kinds[h->nkinds++] = kind;
		task |= kind == W_TASK;
		who |= kind == W_LEAD || kind == W_RESP || kind == W_COOP;
		i = best;
	}
	h->end = i;
	return task && who && h->nkinds >= 3;
}

/* The header of a run-together table in the text, at a 牵头 or 责任 that a
 * header word holds: walking back over the words before it.  false when
 * there is none. */
static bool
find_header(const ob__text *t, header *h)
{
	const char *buf = t->buf;
	static const char *const keys[] = { "牵头", "责任", "配合", NULL };
	int tried = 0;
	for (int k = 0; keys[k]; k++)
		for (const char *p = buf; tried < 400 &&
		    (p = memmem(p, t->len - (size_t)(p - buf), keys[k], 6)); p += 6, tried++) {
			/* back to the header's first word: a task word at most
			 * 40 bytes before (工　作　任　务, with a 序号 before it) */
			size_t at = (size_t)(p - buf);
			for (size_t s = at > 60 ? at - 60 : 0; s < at; s++) {
				if ((buf[s] & 0xC0) == 0x80)
					continue;
				if (header_at(buf, s, t->len, h) && h->end > at)
					return true;
			}
		}
	return false;
}

/* ---- names ---- */

static const char *const levels[] = { "省直", "区直", "市直", "县直", "省委", "市委",
	"区委", "县委", "各", "省", "市", "区", "县", NULL };
/* a level's character that opens a word, not a body (市场, 区域, 省级) */
static const char *const not_names[] = { "市场", "市民", "区域", "区别", "区分", "区块",
	"区间", "县域", "省级", "市级", "区级", "县级", "省内", "市内", "区内", "县内",
	"省外", "市外", "各类", "各项", "各种", "各个", "各自", "各方面", NULL };
static const char *const ends[] = { "人民政府（街道办事处）", "人民政府(街道办事处)",
	"人民政府", "政府", "管委会", "委员会", "办公室", "办公厅", "事业单位", "有关单位",
	"直属机构", "机构", "单位", "部门", "设区市", "实验区", "管理局", "中心", "银行",
	"局", "厅", "委", "办", "院", "会", "所", NULL };
/* a body's word inside a name ends it: no name holds two */
static const char *const strong[] = { "局", "厅", "部门", "单位", "机构", "管委会", NULL };
/* places: inside a name only before its government (各设区市政府,
 * 平潭综合实验区管委会) */
static const char *const places[] = { "实验区", "设区市", NULL };
static const char *const governments[] = { "人民政府", "政府", "管委会", NULL };
/* the members of the body before them (省政府各部门, 各直属机构) */
static const char *const members[] = { "各部门", "各单位", "各直属机构", "各有关部门",
	"各有关单位", "各相关部门", "各相关单位", "各机构", NULL };
/* words of a task, never of a name */
static const char *const task_words[] = { "情况", "公开", "工作", "信息", "推进", "加强",
	"政策", "发布", "要求", "落实", "开展", "做好", "进一步", "全省", "全市", "全区",
	NULL };

static bool
holds(const char *s, size_t n, const char *const *list)
{
	for (int k = 0; list[k]; k++)
		if (memmem(s, n, list[k], strlen(list[k])))
			return true;
	return false;
}

static bool
han(const char *s)
{
	unsigned char c = (unsigned char)*s;
	return c >= 0xE3 && c <= 0xE9;
}

/* The ends of the names that stand at i (levelled, or bare where listed),
 * at most max, the shortest first. */
static int
names_at(const char *buf, size_t i, size_t end, bool listed, size_t *out, int max)
{
	size_t pl = ob__prefix_len(buf + i, end - i, levels);
	if (!pl && !listed)
		return 0;
	if (ob__has_prefix(buf + i, end - i, not_names))
		return 0;
	int n = 0;
	size_t j = i + pl;
	for (int chars = 0; chars <= 12 && j < end && n < max; chars++) {
		/* a name ends at j + its body's word */
		if (j > i) {
			size_t el = ob__prefix_len(buf + j, end - j, ends);
			bool place = holds(buf + i + pl, j - i - pl, places);
			if (el && !holds(buf + i + pl, j - i - pl, strong) &&
			    (!place || (ob__has_suffix(buf + i + pl, j - i - pl, places) &&
			    ob__has_prefix(buf + j, end - j, governments))) &&
			    !holds(buf + i, j - i, task_words) && (pl || chars >= 2)) {
				size_t e = j + el;
				/* its short name after it: 省编办(省审改办) */
				if (e < end && (buf[e] == '(' ||
				    (end - e >= 3 && !memcmp(buf + e, "（", 3)))) {
					const char *c = NULL;
					for (size_t q = e; q < end && q < e + 36 && !c; q++)
						if (buf[q] == ')' ||
						    (end - q >= 3 && !memcmp(buf + q, "）", 3)))
							c = buf + q;
					if (c)
						e = (size_t)(c - buf) + (*c == ')' ? 1 : 3);
				}
				out[n++] = e;
			}
		}
		/* a bracket inside: 各市(州)人民政府 */
		if (!han(buf + j) && buf[j] != '(' && buf[j] != ')')
			break;
		j += ob__utf8_len((unsigned char)buf[j]);
	}
	return n;
}

static size_t
separator(const char *buf, size_t i, size_t end, bool *space)
{
	size_t l = 0;
	*space = false;
	for (;;) {
		size_t b = blank(buf + i + l, end - i - l);
		if (b) {
			*space = true;
			l += b;
		} else if (end - i - l >= 3 && (!memcmp(buf + i + l, "，", 3) ||
		    !memcmp(buf + i + l, "、", 3))) {
			l += 3;
		} else {
			return l;
		}
	}
}

typedef struct run {
	size_t end;
	int n;
	ob__span names[MAX_RUN];
} run;

/* The best run from each place, once: its end, its names, the first
 * name's end and where the rest goes on (listed or not). */
typedef struct memo {
	size_t base, len;
	struct step {
		size_t end, name_end, next;
		int n;
		signed char state; /* 0 not yet, 1 done */
		bool next_listed;
	} *v;
} memo;

static struct step *
step_at(memo *m, size_t i, bool listed)
{
	return &m->v[(i - m->base) * 2 + listed];
}

/* The longest run of names from i: names run together until the first
 * separator, then a list in which each follows a separator; of two as
 * long, the one of more names. */
static const struct step *
longest(memo *m, const char *buf, size_t i, size_t end, bool listed)
{
	struct step *st = step_at(m, i, listed);
	if (st->state)
		return st;
	st->state = 1;
	st->end = i;
	st->n = 0;
	size_t e[8];
	int ne = names_at(buf, i, end, listed, e, 8);
	for (int k = 0; k < ne; k++) {
		size_t j = e[k], to = j, next = 0;
		int n = 1;
		bool space, nl = listed;
		size_t s = separator(buf, j, end, &space);
		/* 省政府各部门 is one body's departments, not two bodies */
		if (!s && ob__has_prefix(buf + j, end - j, members))
			continue;
		if ((s || !listed) && j + s < end) {
			const struct step *sub = longest(m, buf, j + s, end, listed || s);
			if (sub->n) {
				to = sub->end;
				n += sub->n;
				next = j + s;
				nl = listed || s;
			}
		}
		if (to > st->end || (to == st->end && n > st->n)) {
			st->end = to;
			st->n = n;
			st->name_end = j;
			st->next = next;
			st->next_listed = nl;
		}
	}
	return st;
}

/* The run from i, its names spelled out. */
static void
run_from(memo *m, const char *buf, size_t i, size_t end, run *out)
{
	const struct step *st = longest(m, buf, i, end, false);
	out->end = st->end;
	out->n = 0;
	bool listed = false;
	while (st->n && out->n < MAX_RUN) {
		out->names[out->n++] = (ob__span){ i, st->name_end };
		if (!st->next)
			break;
		i = st->next;
		listed = st->next_listed;
		st = step_at(m, i, listed);
	}
}

/* Whether the text so far stands inside a 《》 or “”, kept up character
 * by character. */
typedef struct quotes {
	int book;
	bool quote;
} quotes;

static void
quotes_step(quotes *q, const char *b)
{
	if (!memcmp(b, "《", 3))
		q->book++;
	else if (!memcmp(b, "》", 3) && q->book)
		q->book--;
	else if (!memcmp(b, "“", 3))
		q->quote = true;
	else if (!memcmp(b, "”", 3))
		q->quote = false;
}

static int
add_cell(ob_notice *n, ob__item *it, ob__span s, int role)
{
	if (s.end <= s.start || it->ncells >= 8)
		return 0;
	ob__cell *c = OB_PUSH(n->cells);
	if (!c)
		return OB_ERR_NOMEM;
	if (!it->ncells++)
		it->cells = (uint32_t)(n->cells.n - 1);
	*c = (ob__cell){ s, role };
	return 0;
}

static int
role_of(int kind)
{
	return kind == W_LEAD ? OB_ROLE_LEAD : kind == W_COOP ? OB_ROLE_COOPERATE
	    : OB_ROLE_RESPONSIBLE;
}

int
ob__runin_rows(ob_notice *n)
{
	const ob__text *t = &n->text;
	const char *buf = t->buf;
	header h;
	if (!n->items.n || !find_header(t, &h))
		return 0;
	/* a table whose cells ran together runs into its rows: a header on
	 * a line of its own heads a table laid out in lines */
	if (t->orig) {
		/* in the input as it came, not the lines cut back into it */
		size_t after = ob__text_orig(t, h.end);
		while (after < t->orig_len && (t->orig[after] == ' ' || t->orig[after] == '\t'))
			after++;
		if (after >= t->orig_len || t->orig[after] == '\n' || t->orig[after] == '\r')
			return 0;
	}
	/* the columns: the agencies' roles, and whether text follows them */
	int who[2], nwho = 0;
	bool follows = false, task_before = false;
	for (int k = 0; k < h.nkinds; k++) {
		int kd = h.kinds[k];
		if (kd == W_LEAD || kd == W_RESP || kd == W_COOP) {
			if (nwho < 2)
				who[nwho++] = kd;
		} else if (kd == W_TASK) {
			task_before |= !nwho;
		} else if (kd == W_CONTENT || kd == W_TIME) {
			follows |= nwho > 0;
		}
	}
	bool mid = task_before && follows;
	for (size_t k = 0; k < n->items.n; k++) {
		ob__item *it = &n->items.v[k];
		if (it->span.start < h.end || it->ncells ||
		    it->agency_clause.end > it->agency_clause.start)
			continue;
		size_t from = it->title.start;
		size_t to = it->text.end > it->title.end ? it->text.end : it->title.end;
		while (to > from && (buf[to - 1] == ' ' || buf[to - 1] == '\n'))
			to--;
		/* a run starts in the row's first SCAN bytes and is short */
		size_t lim = to < from + SCAN + 600 ? to : from + SCAN + 600;
		run r = { .n = 0 };
		memo m = { from, lim - from + 1, calloc((lim - from + 1) * 2, sizeof *m.v) };
		if (!m.v)
			return OB_ERR_NOMEM;
		quotes q = { 0, false };
		for (size_t i = from; i < to && i - from <= SCAN && !r.n;
		    i += ob__utf8_len((unsigned char)buf[i])) {
			if (to - i >= 3)
				quotes_step(&q, buf + i);
			/* 全省, 全市: the whole of a place, no body; nor is the 区 of
			 * 社区, nor a level after a verb (报市政府) */
			static const char *const before[] = { "全", "社", "小", "城", "地", "报",
				"向", "由", "交", "到", "至", "给", "按", "经", NULL };
			bool glued = false;
			for (int b = 0; before[b] && !glued; b++)
				glued = i >= from + 3 && !memcmp(buf + i - 3, before[b], 3);
			if (i < from + 6 || q.book || q.quote || !ob__has_prefix(buf + i, to - i, levels) ||
			    glued)
				continue;
			run c;
			run_from(&m, buf, i, lim, &c);
			size_t e = c.end;
			while (e < to && (buf[e] == ' ' ||
			    (to - e >= 3 && !memcmp(buf + e, "。", 3))))
				e += buf[e] == ' ' ? 1 : 3;
			/* at the row's end, or (between columns) before more
			 * text: not a name that a sentence goes on from */
			if (c.n && (mid ? e < to && c.n >= 2 && (to - c.end < 3 ||
			    memcmp(buf + c.end, "的", 3))
			    : e >= to))
				r = c;
		}
		free(m.v);
		if (!r.n)
			continue;
		/* the names run together before the first separator */
		int glued = 1;
		bool space = false;
		while (glued < r.n && r.names[glued].start == r.names[glued - 1].end)
			glued++;
		if (glued < r.n)
			separator(buf, r.names[glued - 1].end, to, &space);
		int first = glued < r.n ? (space ? glued : glued - 1) : r.n > 1 ? r.n - 1 : 1;
		if (nwho < 2)
			first = r.n;
		int role0 = role_of(who[0]), role1 = role_of(nwho > 1 ? who[1] : who[0]);
		int rr = 0;
		for (int j = 0; j < first && !rr; j++)
			rr = add_cell(n, it, r.names[j], role0);
		if (!rr && first < r.n)
			rr = add_cell(n, it, (ob__span){ r.names[first].start,
			    r.names[r.n - 1].end }, role1);
		if (rr)
			return rr;
		ob__span names = { r.names[0].start, r.names[r.n - 1].end };
		it->agency_clause = names;
		if (mid) {
			/* the task before the names, the rest after them */
			size_t ts = it->title.start, te = names.start;
			while (te > ts && buf[te - 1] == ' ')
				te--;
			it->title = (ob__span){ ts, te };
			it->title_is_sentence = false;
			size_t xs = names.end;
			while (xs < to && buf[xs] == ' ')
				xs++;
			it->text = (ob__span){ xs, to };
		} else if (it->text.end > names.start) {
			if (it->title.end > names.start)
				it->title.end = names.start;
			it->text.end = names.start > it->text.start ? names.start : it->text.start;
		}
	}
	return 0;
}
