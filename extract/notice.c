/* SPDX-License-Identifier: MIT */
/*
 * Reading a notice: the pipeline from bytes to the model.
 *
 *   check → clean → structure → metadata → agencies → times, targets,
 *   documents, aliases (each scanned over the whole text) → obligations
 *   (the sentences and clauses of each item's text) → records handed to
 *   the item or obligation whose span holds them.
 */
#define _GNU_SOURCE /* memmem */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "error.h"
#include "hash.h"
#include "mem.h"
#include "model.h"
#include "sha256.h"

#define DEFAULT_MAX_SIZE ((size_t)64 << 20)

const char *const ob__role_names[] = { "lead", "cooperate", "responsible" };
const char *const ob__kind_names[] = { "by", "from", "until", "within", "every", "on" };
const char *const ob__cmp_names[] = { "ge", "gt", "le", "lt", "eq", "approx" };
const char *const ob__basis_names[] = { "", "title", "issued", "docNumber",
	"published" };

/* Open addressing, at most half full. */
const char *
ob__intern(ob_notice *n, const char *s, size_t len)
{
	if (2 * (n->strings.n + 1) > n->strings.cap) {
		size_t cap = n->strings.cap ? 2 * n->strings.cap : 256;
		char **v = calloc(cap, sizeof *v);
		if (!v)
			return NULL;
		for (size_t k = 0; k < n->strings.cap; k++) {
			char *e = n->strings.v[k];
			if (!e)
				continue;
			size_t i = ob__hash(e, strlen(e)) & (cap - 1);
			while (v[i])
				i = (i + 1) & (cap - 1);
			v[i] = e;
		}
		free(n->strings.v);
		n->strings.v = v;
		n->strings.cap = cap;
	}
	size_t i = ob__hash(s, len) & (n->strings.cap - 1);
	for (char *e; (e = n->strings.v[i]); i = (i + 1) & (n->strings.cap - 1))
		if (!strncmp(e, s, len) && !e[len])
			return e;
	char *e = malloc(len + 1);
	if (!e)
		return NULL;
	memcpy(e, s, len);
	e[len] = '\0';
	n->strings.v[i] = e;
	n->strings.n++;
	return e;
}

/* The records of one kind, regrouped in the order their owners are
 * written.  Records no owner holds whole (in the preamble or the closing,
 * or running out of the sentence they start in) are dropped.  The owners
 * take indexes (order: the k-th record of the new order is src's
 * order[k]); the records are moved once, in place, at the end
 * (regroup_finish): no second copy of them is ever held. */
typedef struct regroup {
	char *src;
	size_t n, size;
	uint32_t *order;
	size_t dn;
	/* a bit per record: taken already (owners whose spans overlap —
	 * which only damaged input makes — must not take one twice) */
	uint64_t *taken;
} regroup;

/* Record k as the records stand, and the k-th of the new order. */
static void *
rec(const regroup *g, size_t k)
{
	return g->src + k * g->size;
}

static void *
rec_at(const regroup *g, size_t k)
{
	return rec(g, g->order[k]);
}

/* every record type starts with its span */
static const ob__span *
rec_span(const regroup *g, size_t k)
{
	return rec(g, k);
}

/* Take the records that lie inside s and no owner has taken yet;
 * returns how many. */
static size_t
take(regroup *g, ob__span s)
{
	size_t lo = 0, hi = g->n, c = 0;

	if (s.end <= s.start)
		return 0;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (rec_span(g, mid)->start < s.start)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (size_t k = lo; k < g->n && rec_span(g, k)->start < s.end; k++) {
		uint64_t bit = UINT64_C(1) << (k % 64);
		if (rec_span(g, k)->end > s.end || (g->taken[k / 64] & bit))
			continue;
		g->taken[k / 64] |= bit;
		g->order[g->dn++] = (uint32_t)k;
		c++;
	}
	return c;
}

static int
regroup_init(regroup *g, void *v, size_t n, size_t size)
{
	g->src = v;
	g->n = n;
	g->size = size;
	g->dn = 0;
	g->order = malloc(n ? n * sizeof *g->order : 1);
	g->taken = calloc(n / 64 + 1, sizeof *g->taken);
	return g->order && g->taken ? 0 : OB_ERR_NOMEM;
}

static void
regroup_free(regroup *g)
{
	free(g->order);
	free(g->taken);
}

/* The records in their new order, in place: each move puts one record
 * where it goes.  Returns how many there are now (the rest, dropped, are
 * past them). */
static int
regroup_finish(regroup *g, size_t *count)
{
	const uint32_t none = UINT32_MAX;
	uint32_t *dest = malloc(g->n ? g->n * sizeof *dest : 1);
	char *tmp = malloc(g->size);
	if (!dest || !tmp) {
		free(dest);
		free(tmp);
		return OB_ERR_NOMEM;
	}
	for (size_t k = 0; k < g->n; k++)
		dest[k] = none;
	for (size_t k = 0; k < g->dn; k++)
		dest[g->order[k]] = (uint32_t)k;
	for (size_t i = 0; i < g->n; i++) {
		while (dest[i] != none && dest[i] != i) {
			size_t d = dest[i];
			memcpy(tmp, g->src + i * g->size, g->size);
			memcpy(g->src + i * g->size, g->src + d * g->size, g->size);
			memcpy(g->src + d * g->size, tmp, g->size);
			dest[i] = dest[d];
			dest[d] = (uint32_t)d;
		}
	}
	free(dest);
	free(tmp);
	*count = g->dn;
	return 0;
}

bool
ob__section_heading_acts(const ob_notice *n, const ob__section *s)
{
	if (s->first_item >= 0)
		return false;
	/* 本通知自2018年6月26日起施行, 本意见有效期至2025年12月31日: when the
	 * notice holds, said in a short sentence */
	static const char *const when[] = { "起施行", "起实施", "起执行", "之日起", "有效期",
		NULL };
	for (int k = 0; when[k]; k++)
		if (ob__text_find(&n->text, s->heading, when[k]))
			return true;
	return s->heading.end - s->heading.start > 3 * 15 &&
	    (ob__text_find(&n->text, s->heading, "，") ||
	    ob__text_find(&n->text, s->heading, "；"));
}

typedef struct oblig_ctx {
	ob_notice *n;
	ob__matcher *m;
	bool obliging; /* only sentences that oblige (the preamble's) */
} oblig_ctx;

/* Does the piece oblige: a word of duty (要, 应当, 必须 … as the modal
 * rule reads them) or a deadline
 * (于5月27日前; not a stretch of days a visit took, 4月16日至18日)? */
static bool
obliging(oblig_ctx *c, ob__span piece)
{
	const ob_notice *n = c->n;
	for (size_t k = 0; k < n->times.n; k++) {
		const ob__time *t = &n->times.v[k];
		if (t->span.start >= piece.start && t->span.end <= piece.end && t->kind == OB_TIME_BY)
			return true;
	}
	int mr = ob__find(c->m, OB_RULE_MODAL, n->text.buf, piece.end, piece.start);
	size_t ms, me;
	return mr > 0 && (ob__group_named(c->m, OB_RULE_MODAL, "must", &ms, &me) ||
	    ob__group_named(c->m, OB_RULE_MODAL, "should", &ms, &me) ||
	    ob__group_named(c->m, OB_RULE_MODAL, "may", &ms, &me));
}

static int
add_obligation(void *ud, ob__span piece)
{
	oblig_ctx *c = ud;
	if (c->obliging && !obliging(c, piece))
		return 0;
	ob__obligation *o = OB_PUSH(c->n->obligations);
	if (!o)
		return OB_ERR_NOMEM;
	o->span = piece;
	return 0;
}

static int
make_id(ob_notice *n, size_t k)
{
	ob__item *it = &n->items.v[k];
	char path[80] = "", id[96];

	if (it->parent >= 0)
		snprintf(path, sizeof path, "%.70s", ob__item_id(n, &n->items.v[it->parent]));
	else if (it->section != (size_t)-1)
		snprintf(path, sizeof path, "s%d", n->sections.v[it->section].n);
	size_t l = strlen(path);
	snprintf(id, sizeof id, "%s%si%d", path, l ? "." : "", it->n);
	/* the ids of all items, one after another */
	size_t il = strlen(id) + 1;
	if (n->ids.n + il > n->ids.cap) {
		size_t cap = n->ids.cap ? 2 * n->ids.cap : 4096;
		while (cap < n->ids.n + il)
			cap *= 2;
		char *v = realloc(n->ids.v, cap);
		if (!v)
			return OB_ERR_NOMEM;
		n->ids.v = v;
		n->ids.cap = cap;
	}
	memcpy(n->ids.v + n->ids.n, id, il);
	it->id = (uint32_t)n->ids.n;
	n->ids.n += il;
	return 0;
}

/* A sentence that tells what happened: no word of duty, no deadline (the
 * caller checks), and a year before the notice's own (2003年，全国…发生…)
 * or a stretch up to now (近5年来…提高到70.7%),
 * or an award it grants (授予…等37项成果…二等奖, 对…等130项经验予以表扬):
 * its counts tell what is awarded. */
static bool
narrative(const ob_notice *n, const ob__obligation *o)
{
	const char *b = n->text.buf;
	size_t s = o->span.start, e = o->span.end;
	if (o->modality != OB_MODAL_NONE)
		return false;
	/* one pass, each pair found by its second character (UTF-8 matches
	 * only whole characters) */
	for (size_t i = s + 3; i + 3 <= e; i++) {
		const char *c = b + i, *prev = b + i - 3;
		if (!memcmp(c, "予", 3)) {
			if (!memcmp(prev, "授", 3))
				return true;
		} else if (!memcmp(c, "来", 3)) {
			/* what happened over a stretch up to now: 近5年来,
			 * 2000年…以来 */
			if (!memcmp(prev, "年", 3) || !memcmp(prev, "以", 3))
				return true;
		} else if (!memcmp(c, "扬", 3) || !memcmp(c, "彰", 3)) {
			/* 予以表扬, 给予表彰, 通报表扬 */
			if (!memcmp(prev, "表", 3) && i >= s + 9 &&
			    (!memcmp(prev - 6, "予以", 6) || !memcmp(prev - 6, "给予", 6) ||
			    !memcmp(prev - 6, "通报", 6)))
				return true;
		} else if (!memcmp(c, "年", 3) && n->meta.year && i >= s + 4) {
			/* a year before the notice's: four digits alone */
			const char *y4 = c - 4;
			if (i > s + 4 && y4[-1] >= '0' && y4[-1] <= '9')
				continue;
			int y = 0;
			bool digits = true;
			for (int k = 0; k < 4 && digits; k++) {
				digits = y4[k] >= '0' && y4[k] <= '9';
				y = y * 10 + (y4[k] - '0');
			}
			if (digits && y >= 1900 && y < n->meta.year)
				return true;
		}
	}
	return false;
}

/* The days on which something happened (kind on) out of a range of
 * times: they go after the range's end (a stable partition, each record
 * still taken once). */
static void
drop_days(regroup *times, ob__range *tr)
{
	uint32_t *ord = times->order + tr->first;
	size_t keep = 0;
	for (size_t k = 0; k < tr->count; k++) {
		uint32_t v = ord[k];
		if (((ob__time *)rec(times, v))->kind == OB_TIME_ON)
			continue;
		memmove(ord + keep + 1, ord + keep, (k - keep) * sizeof *ord);
		ord[keep++] = v;
	}
	tr->count = (uint32_t)keep;
}

/* The records, actors and modality of the obligations [first, end) of
 * an owner whose agencies are own. */
static int
fill(ob_notice *n, ob__matcher *m, size_t first, ob__range own, regroup *times,
     regroup *targets, regroup *docs)
{
	int r;
	size_t cur = own.first;
	bool several = ob__several_clauses(n, own);
	for (size_t o = first; o < n->obligations.n; o++) {
		ob__obligation *ob = &n->obligations.v[o];
		ob->recs.times = (ob__range){ times->dn, take(times, ob->span) };
		ob->recs.targets = (ob__range){ targets->dn, take(targets, ob->span) };
		ob->recs.documents = (ob__range){ docs->dn, take(docs, ob->span) };
		if ((r = ob__obligation_actors(n, m, ob, own, &cur, several)))
			return r;
		bool deadline = false;
		for (size_t k = ob->recs.times.first;
		    k < ob->recs.times.first + ob->recs.times.count; k++)
			deadline |= ((ob__time *)rec_at(times, k))->kind != OB_TIME_ON;
		if (!deadline && narrative(n, ob)) {
			/* what happened is no target: 全年发生5级以上地震38次 */
			ob->recs.targets.count = 0;
			/* nor a date */
			drop_days(times, &ob->recs.times);
		}
	}
	return 0;
}

static int
assign(ob_notice *n, ob__sentencer *sen, ob__matcher *m)
{
	regroup times = { 0 }, targets = { 0 }, docs = { 0 }, als = { 0 };
	int r;

	if ((r = regroup_init(&times, n->times.v, n->times.n, sizeof *n->times.v)) ||
	    (r = regroup_init(&targets, n->targets.v, n->targets.n, sizeof *n->targets.v)) ||
	    (r = regroup_init(&docs, n->documents.v, n->documents.n, sizeof *n->documents.v)) ||
	    (r = regroup_init(&als, n->aliases.v, n->aliases.n, sizeof *n->aliases.v))) {
		regroup_free(&times);
		regroup_free(&targets);
		regroup_free(&docs);
		regroup_free(&als);
		return r;
	}
	oblig_ctx oc = { n, m, false };
	for (size_t k = 0; k < n->items.n && !r; k++) {
		ob__item *it = &n->items.v[k];
		/* an item that is one sentence ("1.取消…事项，年底前完成。（…）")
		 * is its own obligation; otherwise the title's records and those
		 * of the agency clause (完成时限：…) belong to the item itself */
		bool lone = it->title_is_sentence && it->text.end <= it->text.start &&
		    it->title.end > it->title.start;
		ob__span body = lone ? it->title : it->text;
		ob__span own[2] = { lone ? (ob__span){ 0, 0 } : it->title,
			it->agency_clause };

		if ((r = make_id(n, k)))
			break;
		it->recs.times.first = times.dn;
		it->recs.targets.first = targets.dn;
		it->recs.documents.first = docs.dn;
		for (int s = 0; s < 2; s++) {
			it->recs.times.count += take(&times, own[s]);
			it->recs.targets.count += take(&targets, own[s]);
			it->recs.documents.count += take(&docs, own[s]);
		}
		it->obligations.first = n->obligations.n;
		r = ob__sentences(sen, &n->text, body, false, add_obligation, &oc);
		it->obligations.count = n->obligations.n - it->obligations.first;
		if (!r)
			r = fill(n, m, it->obligations.first, it->agencies, &times,
			    &targets, &docs);
		/* aliases defined in the title or the text */
		it->aliases.first = als.dn;
		it->aliases.count = take(&als, it->title) + take(&als, it->text);
	}
	/* the text of a section before its items: 一、提高认识。各地要… */
	for (size_t k = 0; k < n->sections.n && !r; k++) {
		ob__section *sec = &n->sections.v[k];
		sec->obligations.first = n->obligations.n;
		/* a heading that is a long sentence is an obligation, as a
		 * one-sentence item is */
		if (ob__section_heading_acts(n, sec))
			r = ob__sentences(sen, &n->text, sec->heading, false, add_obligation, &oc);
		if (!r)
			r = ob__sentences(sen, &n->text, sec->text, false, add_obligation, &oc);
		sec->obligations.count = n->obligations.n - sec->obligations.first;
		if (!r)
			r = fill(n, m, sec->obligations.first, sec->agencies, &times,
			    &targets, &docs);
	}
	/* the closing's text after the last item: 司法部要会同有关部门… */
	n->closing_obligations.first = n->obligations.n;
	if (!r && n->closing_text.end > n->closing_text.start)
		r = ob__sentences(sen, &n->text, n->closing_text, false, add_obligation, &oc);
	n->closing_obligations.count = n->obligations.n - n->closing_obligations.first;
	if (!r)
		r = fill(n, m, n->closing_obligations.first, n->closing_agencies, &times,
		    &targets, &docs);
	n->closing_aliases = (ob__range){ als.dn, take(&als, n->closing_text) };
	/* the preamble's sentences that oblige, where the preamble is no
	 * notice's whole text (that is the closing's above): their deadlines
	 * and targets; its documents are the notice's own title and basis,
	 * which the meta holds */
	n->preamble_obligations.first = n->obligations.n;
	if (!r && (n->sections.n || n->items.n) && n->preamble.end > n->preamble.start) {
		oc.obliging = true;
		r = ob__sentences(sen, &n->text, n->preamble, false, add_obligation, &oc);
		oc.obliging = false;
	}
	n->preamble_obligations.count = n->obligations.n - n->preamble_obligations.first;
	if (!r) {
		regroup none = { 0 };
		r = fill(n, m, n->preamble_obligations.first, n->preamble_agencies, &times,
		    &targets, &none);
		/* a day a preamble names is a day something happened (依照
		 * 2006年10月31日…通过的决定): no record */
		for (size_t k = n->preamble_obligations.first; !r && k < n->obligations.n; k++)
			drop_days(&times, &n->obligations.v[k].recs.times);
	}
	size_t nd = n->documents.n;
	if (!r)
		r = regroup_finish(&times, &n->times.n);
	if (!r)
		r = regroup_finish(&targets, &n->targets.n);
	if (!r)
		r = regroup_finish(&docs, &n->documents.n);
	if (!r)
		r = regroup_finish(&als, &n->aliases.n);
	/* the documents dropped hold their converted titles */
	for (size_t k = n->documents.n; k < nd; k++) {
		free(n->documents.v[k].title_text);
		n->documents.v[k].title_text = NULL;
	}
	regroup_free(&times);
	regroup_free(&targets);
	regroup_free(&docs);
	regroup_free(&als);
	return r;
}

static void
warn(const ob_options *o, int msgid, size_t offset, unsigned line,
     const char *msg)
{
	ob_error w = { 0 };

	if (!o || !o->warn)
		return;
	ob__error_set(&w, 0, msgid, offset, "%s", msg);
	w.file = o->source;
	w.line = line;
	o->warn(o->warn_data, &w);
}

/* The marks of the page drawn from a file: where each page of a PDF or
 * OFD, or each sheet, starts (<!-- page 3 -->, <!-- sheet 任务表 -->), and
 * the rows and cells of its tables (<tr data-row="2">, <td
 * data-cell="B3">), by offset, each from its opening tag on (where a
 * span that opens the cell stands).  OB_ERR_NOMEM or 0. */
static int
page_marks(ob_notice *n)
{
	const char *d = n->data, *e = n->data + n->data_len;
	for (const char *p = d; (p = memchr(p, '<', (size_t)(e - p))); p++) {
		size_t left = (size_t)(e - p);
		if (left > 5 && !memcmp(p, "<!-- ", 5)) {
			const char *end = memmem(p, left, " -->", 4);
			if (!end)
				break;
			int pg = 0;
			const char *name = NULL;
			if (left > 10 && !memcmp(p, "<!-- page ", 10)) {
				char *q;
				long v = strtol(p + 10, &q, 10);
				if (q == end && v > 0 && v <= INT32_MAX)
					pg = (int)v;
			} else if (left > 11 && !memcmp(p, "<!-- sheet ", 11)) {
				name = p + 11;
			}
			if (pg || name) {
				ob__where *w = OB_PUSH(n->wheres);
				if (!w)
					return OB_ERR_NOMEM;
				*w = (ob__where){ (size_t)(end + 4 - d), pg, NULL };
				if (name && !(w->sheet = ob__intern(n, name, (size_t)(end - name))))
					return OB_ERR_NOMEM;
			}
			p = end;
			continue;
		}
		/* <tr data-row="N"> … </tr>, <td data-cell="A1" …> … </td> */
		bool row = left > 17 && !memcmp(p, "<tr data-row=\"", 14);
		bool cell = !row && left > 18 && !memcmp(p, "<td data-cell=\"", 15);
		if (!row && !cell)
			continue;
		const char *v = p + (row ? 14 : 15);
		const char *q = memchr(v, '"', (size_t)(e - v));
		const char *gt = q ? memchr(q, '>', (size_t)(e - q)) : NULL;
		if (!gt || q - v > 16 || q == v)
			continue;
		const char *close = memmem(gt, (size_t)(e - gt), row ? "</tr>" : "</td>", 5);
		ob__place *pl = OB_PUSH(n->places);
		if (!pl)
			return OB_ERR_NOMEM;
		*pl = (ob__place){ (size_t)(p - d), (size_t)((close ? close : e) - d), 0, NULL };
		if (row)
			pl->row = strtol(v, NULL, 10);
		else if (!(pl->cell = ob__intern(n, v, (size_t)(q - v))))
			return OB_ERR_NOMEM;
		p = gt;
	}
	return 0;
}

/* data is the caller's, or (owned) ours to keep or free; sha256 is the
 * digest of data when the caller has it. */
static int
parse(const ob_ruleset *rs, char *owned, const char *data, size_t len,
      const unsigned char *sha256, const ob_options *opts, ob_notice **out,
      ob_error *err)
{
	size_t max = opts && opts->max_size ? opts->max_size : DEFAULT_MAX_SIZE;
	/* the model keeps offsets in 31 bits (ob__run) */
	if (max > INT32_MAX)
		max = INT32_MAX;
	const char *source = opts && opts->source ? opts->source : "<input>";
	ob__matcher m;
	ob__sentencer *sen = NULL;
	size_t head_end = 0;
	int r;

	*out = NULL;
	if (err) {
		memset(err, 0, sizeof *err);
		err->file = source;
	}
	/* the digest of the input as given, before a container is read */
	unsigned char digest[32];
	if (!sha256) {
		ob__sha256(data, len, digest);
		sha256 = digest;
	}
	/* a Word, Excel, OFD or PDF file (or an old Office file): read into
	 * a page, which is then the text oblix reads */
	const char *container = NULL;
	char *page;
	size_t plen;
	if ((r = ob__container_page(data, len, max, &page, &plen, &container, err)) < 0) {
		free(owned);
		return r;
	}
	if (r == 0) {
		free(owned);
		owned = page;
		data = page;
		len = plen;
	}
	r = 0;
	ob__intake_result in;
	const char *forced = opts ? opts->encoding : NULL;
	bool html = ob__is_html(data, len);
	char declared[32];
	if (html && !forced && ob__html_charset(data, len, declared, sizeof declared)) {
		/* GB2312 and GBK pages use GB18030's characters freely */
		if (!strcasecmp(declared, "gb2312") || !strcasecmp(declared, "gbk") ||
		    !strcasecmp(declared, "x-gbk"))
			snprintf(declared, sizeof declared, "GB18030");
		r = ob__intake(data, len, declared, max, &in, NULL);
		if (!r)
			in.how = OB_ENC_PAGE;
		else	/* a page that lies about its charset: detect it */
			r = ob__intake(data, len, NULL, max, &in, err);
	} else {
		r = ob__intake(data, len, forced, max, &in, err);
	}
	if (r) {
		free(owned);
		return r;
	}
	ob_notice *n = calloc(1, sizeof *n);
	if (!n || !(n->source = strdup(source))) {
		ob_notice_free(n);
		free(in.utf8);
		free(owned);
		return ob__error_set(err, OB_ERR_NOMEM, 0, 0, "out of memory");
	}
	memcpy(n->sha256, sha256, sizeof n->sha256);
	if (in.utf8) {
		n->data = in.utf8; /* decoded: the text is ours */
		free(owned);
	} else if (owned) {
		/* the input is the text: it is kept, never copied */
		memmove(owned, owned + in.skip, in.len);
		n->data = owned;
	} else if ((n->data = malloc(in.len + 1))) {
		memcpy(n->data, data + in.skip, in.len);
	} else {
		ob_notice_free(n);
		return ob__error_set(err, OB_ERR_NOMEM, 0, 0, "out of memory");
	}
	n->data[in.len] = '\0';
	n->data_len = in.len;
	/* a lone CR ends a line (old Mac files): as LF, in place, so that
	 * lines count as an editor shows them */
	for (char *cr = memchr(n->data, '\r', n->data_len); cr;
	    cr = memchr(cr + 1, '\r', n->data_len - (size_t)(cr + 1 - n->data)))
		if (cr + 1 >= n->data + n->data_len || cr[1] != '\n')
			*cr = '\n';
	memcpy(n->meta.encoding, in.encoding, sizeof n->meta.encoding);
	n->meta.container = container;
	if (container && page_marks(n)) {
		ob_notice_free(n);
		return ob__error_set(err, OB_ERR_NOMEM, 0, 0, "out of memory");
	}
	n->meta.encoding_how = in.how;
	if ((r = ob__matcher_init(&m, rs))) {
		ob_notice_free(n);
		return ob__error_set(err, r, 0, 0, "out of memory");
	}
	if (html) {
		/* the article, rendered; positions still those of the page */
		char *text = NULL;
		size_t tlen = 0, *map = NULL;
		r = ob__html_render(n->data, n->data_len, &text, &tlen, &map);
		if (!r)
			r = ob__text_clean(&n->text, text, tlen, true);
		if (!r)
			r = ob__text_rebase(&n->text, n->data, n->data_len, map);
		free(text);
		free(map);
		n->meta.html = true;
	} else {
		r = ob__text_clean(&n->text, n->data, n->data_len, false);
	}
	if (!r && ob__text_is_traditional(&n->text)) {
		n->meta.traditional = true;
		r = ob__text_simplify(&n->text);
	}
	/* asked of the input's first bytes, before they may go */
	const char *garbled = r ? NULL : ob__text_garbled(n->data, n->data_len);
	/* the cleaned text holds most of the input verbatim: keep only the
	 * rest, and free the input, which would otherwise be held twice for
	 * the notice's life (a converted edition keeps it: its surfaces are
	 * the traditional spellings) */
	if (!r && !n->meta.traditional && ob__text_drop_orig(&n->text)) {
		free(n->data);
		n->data = NULL;
	}
	if (!r)
		r = ob__sentencer_new(&sen);
	if (!r)
		r = ob__structure_find(n, &m);
	if (!r)
		r = ob__meta_find(n, &m, &head_end);
	if (!r)
		r = ob__structure_finish(n, &m, head_end);
	if (!r)
		r = ob__runin_rows(n);
	if (!r) {
		ob__meta_finish(n, &m, head_end);
		r = ob__agencies_find(n, &m);
	}
	if (!r && !n->preamble.end && !n->sections.n && !n->items.n) {
		/* nothing structured: the whole text after the head */
		size_t s = head_end;
		while (s < n->text.len && n->text.buf[s] == '\n')
			s++;
		if (s < n->text.len)
			n->preamble = (ob__span){ s, n->text.len };
	}
	/* the bodies a notice names for itself (以下统称审核机构) act too */
	if (!r)
		r = ob__aliases_find(n, &m);
	if (!r)
		r = ob__actors_find(n, &m);
	if (!r)
		r = ob__documents_find(n, &m);
	if (!r)
		r = ob__taiwan_phrases(n, rs->taiwan);
	/* a converted edition's input was kept for its agencies' spellings
	 * and its Taiwan phrases: with those taken, it goes before the other
	 * records, the obligations and the output take their room */
	if (!r && n->meta.traditional && !(r = ob__agency_surfaces(n))) {
		n->text.orig = NULL;
		free(n->data);
		n->data = NULL;
	}
	if (!r && !(r = ob__times_find(n, &m)))
		ob__times_resolve(n);
	if (!r)
		r = ob__targets_find(n, &m);
	if (!r)
		r = assign(n, sen, &m);
	if (!r && m.err)
		r = m.err;
	ob__sentencer_free(sen);
	ob__matcher_fini(&m);
	if (r) {
		ob_notice_free(n);
		if (r == OB_ERR_LIMIT)
			return ob__error_set(err, r, 7, 0,
			    "items nest deeper than oblix follows");
		if (r == OB_ERR_MATCH_LIMIT)
			return ob__error_set(err, r, 8, 0,
			    "a rule hit its match limit: the text is pathological");
		return ob__error_set(err, r, 0, 0, "%s", ob_strerror(r));
	}
	if (garbled)
		warn(opts, 102, 0, 1, garbled);
	if (!n->items.n && !n->sections.n)
		warn(opts, 101, 0, 1,
		    "no sections or numbered items found: the notice is kept as "
		    "preamble text");
	*out = n;
	return 0;
}

int
ob_notice_parse(const ob_ruleset *rs, const char *data, size_t len,
		const ob_options *opts, ob_notice **out, ob_error *err)
{
	return parse(rs, NULL, data, len, NULL, opts, out, err);
}

int
ob__notice_parse_take(const ob_ruleset *rs, char *data, size_t len,
		      const unsigned char *sha256, const ob_options *opts,
		      ob_notice **out, ob_error *err)
{
	return parse(rs, data, data, len, sha256, opts, out, err);
}

void
ob_notice_free(ob_notice *n)
{
	if (!n)
		return;
	for (size_t k = 0; k < n->strings.cap; k++)
		free(n->strings.v[k]);
	free(n->strings.v);
	free(n->ids.v);
	free(n->cells.v);
	free(n->wheres.v);
	free(n->places.v);
	free(n->oblig_agencies.v);
	free(n->sections.v);
	free(n->items.v);
	free(n->obligations.v);
	free(n->agencies.v);
	free(n->times.v);
	free(n->targets.v);
	for (size_t k = 0; k < n->documents.n; k++)
		free(n->documents.v[k].title_text);
	free(n->documents.v);
	free(n->aliases.v);
	free(n->meta.notice_title_text);
	free(n->meta.title_text);
	ob__text_free(&n->text);
	free(n->data);
	free(n->source);
	free(n);
}

void
ob_notice_stats_get(const ob_notice *n, ob_notice_stats *s)
{
	s->sections = n->sections.n;
	s->items = n->items.n;
	s->obligations = n->obligations.n;
	s->agencies = n->agencies.n;
	s->times = n->times.n;
	s->targets = n->targets.n;
	s->documents = n->documents.n;
	s->aliases = n->aliases.n;
}

int
ob__notice_xml_take(const ob_ruleset *rs, char *data, size_t len, const char *source,
		    char **xml, size_t *xl, ob_error *err)
{
	ob_notice *n = NULL;
	ob_options o = { .source = source };
	*xml = NULL;
	*xl = 0;
	if (ob__notice_parse_take(rs, data, len, NULL, &o, &n, err))
		return err->code;
	FILE *m = open_memstream(xml, xl);
	int r = m ? ob_notice_write_xml(n, m, err) : OB_ERR_NOMEM;
	if (m && fclose(m) && !r)
		r = OB_ERR_NOMEM;
	ob_notice_free(n);
	if (r) {
		free(*xml);
		*xml = NULL;
		return err->code ? err->code : ob__error_set(err, r, 0, 0, "%s", ob_strerror(r));
	}
	return 0;
}
