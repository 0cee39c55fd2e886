/* SPDX-License-Identifier: MIT */
/*
 * Invariants of the notice model, for the tests: every span lies inside
 * the text on character boundaries, structure nests, obligations lie in
 * their owner's text in order, records lie in their owner, values are
 * well formed.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "model.h"

typedef struct checker {
	const ob_notice *n;
	ob_error *err;
	int bad;
} checker;

#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
static void
fail(checker *c, const char *fmt, ...);

static void
fail(checker *c, const char *fmt, ...)
{
	va_list ap;
	char msg[200];

	if (c->bad++)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	ob__error_set(c->err, OB_ERR_LIMIT, 0, 0, "invariant: %s", msg);
}

static bool
boundary(const ob__text *t, size_t p)
{
	return p == t->len || ((unsigned char)t->buf[p] & 0xC0) != 0x80;
}

static void
span(checker *c, ob__span s, const char *what)
{
	const ob__text *t = &c->n->text;
	if (s.start > s.end || s.end > t->len)
		fail(c, "%s span [%zu, %zu) outside the text", what, (size_t)s.start,
		    (size_t)s.end);
	else if (!boundary(t, s.start) || !boundary(t, s.end))
		fail(c, "%s span [%zu, %zu) cuts a character", what, (size_t)s.start,
		    (size_t)s.end);
}

static bool
inside(ob__span in, ob__span out)
{
	return in.start >= out.start && in.end <= out.end;
}

static void
range(checker *c, ob__range r, size_t n, const char *what)
{
	if (r.first > n || r.count > n - r.first)
		fail(c, "%s range [%zu, +%zu) outside %zu", what, (size_t)r.first,
		    (size_t)r.count, n);
}

static void
records(checker *c, const ob__recs *r, const ob__span *owners, int nowners)
{
	const ob_notice *n = c->n;

	range(c, r->times, n->times.n, "time");
	range(c, r->targets, n->targets.n, "target");
	range(c, r->documents, n->documents.n, "document");
	if (c->bad)
		return;
	for (size_t k = r->times.first; k < r->times.first + r->times.count; k++) {
		const ob__time *t = &n->times.v[k];
		bool in = false;
		for (int o = 0; o < nowners; o++)
			in |= inside(t->span, owners[o]);
		if (!in)
			fail(c, "time %zu outside its owner", k);
		if (t->date[0] && (strlen(t->date) != 10 || t->date[4] != '-' ||
		    t->date[7] != '-'))
			fail(c, "time %zu has a malformed date", k);
		if ((t->kind == OB_TIME_WITHIN || t->kind == OB_TIME_EVERY) &&
		    t->duration[0] != 'P')
			fail(c, "time %zu has no duration", k);
	}
	for (size_t k = r->targets.first; k < r->targets.first + r->targets.count; k++) {
		const ob__target *t = &n->targets.v[k];
		bool in = false;
		for (int o = 0; o < nowners; o++)
			in |= inside(t->span, owners[o]);
		if (!in)
			fail(c, "target %zu outside its owner", k);
		if (!t->value || !t->value[0] || !t->unit)
			fail(c, "target %zu has no value", k);
	}
	for (size_t k = r->documents.first;
	    k < r->documents.first + r->documents.count; k++) {
		const ob__document *d = &n->documents.v[k];
		bool in = false;
		for (int o = 0; o < nowners; o++)
			in |= inside(d->span, owners[o]);
		if (!in || !inside(d->title, d->span))
			fail(c, "document %zu outside its owner", k);
	}
}

/* An owner's agencies: well-formed names, known roles, levels and
 * sources, spans inside one of the owner's parts. */
static void
agencies(checker *c, ob__range r, const ob__span *parts, int nparts, const char *owner)
{
	const ob_notice *n = c->n;

	range(c, r, n->agencies.n, "agency");
	if (c->bad)
		return;
	for (size_t k = r.first; k < r.first + r.count; k++) {
		const ob__agency *a = &n->agencies.v[k];
		span(c, a->span, "agency");
		bool in = false;
		for (int i = 0; i < nparts; i++)
			in |= inside(a->span, parts[i]);
		/* a block's heading names it before the unit */
		in |= a->from == OB_FROM_HEADING && a->span.end <= parts[0].start;
		if (c->bad)
			return;
		if (!in || !a->name || !a->name[0] || strchr(a->name, '\n') ||
		    memchr(n->text.buf + a->span.start, '\n', a->span.end - a->span.start) ||
		    a->role < OB_ROLE_LEAD || a->role > OB_ROLE_RESPONSIBLE ||
		    a->level < 0 || a->level > 4 || a->from < OB_FROM_CLAUSE ||
		    a->from > OB_FROM_HEADING || (a->ref && !a->ref[0]))
			fail(c, "%s: agency %zu malformed", owner, k);
	}
}

static void
obligations(checker *c, ob__range r, ob__span text, const char *owner)
{
	const ob_notice *n = c->n;
	size_t prev = text.start;

	range(c, r, n->obligations.n, "obligation");
	if (c->bad)
		return;
	for (size_t k = r.first; k < r.first + r.count; k++) {
		const ob__obligation *o = &n->obligations.v[k];
		span(c, o->span, "obligation");
		if (!inside(o->span, text) || o->span.start < prev ||
		    o->span.end <= o->span.start)
			fail(c, "obligation %zu of %s out of place", k, owner);
		prev = o->span.end;
		records(c, &o->recs, &o->span, 1);
		if (o->modality < OB_MODAL_NONE || o->modality > OB_MODAL_MAY ||
		    (o->modality && (o->modal_word.end <= o->modal_word.start ||
		    !inside(o->modal_word, o->span))))
			fail(c, "obligation %zu of %s: modality malformed", k, owner);
		range(c, o->agencies, n->oblig_agencies.n, "obligation agency");
		for (size_t a = o->agencies.first; !c->bad &&
		    a < o->agencies.first + o->agencies.count; a++)
			if (n->oblig_agencies.v[a] >= n->agencies.n)
				fail(c, "obligation %zu of %s: agency out of range", k, owner);
	}
}

int
ob_notice_check(const ob_notice *n, ob_error *err)
{
	checker c = { n, err, 0 };
	const ob__text *t = &n->text;

	if (err)
		memset(err, 0, sizeof *err);
	if (t->buf[t->len] != '\0' || strlen(t->buf) != t->len)
		fail(&c, "the text holds a NUL byte");
	span(&c, n->preamble, "preamble");
	span(&c, n->closing, "closing");
	size_t prev = 0;
	for (size_t s = 0; s < n->sections.n; s++) {
		const ob__section *sec = &n->sections.v[s];
		span(&c, sec->span, "section");
		if (sec->span.start < prev)
			fail(&c, "section %zu starts before the one before ends", s);
		prev = sec->span.end;
		if (!inside(sec->heading, sec->span) || !inside(sec->label, sec->span))
			fail(&c, "section %zu heading outside it", s);
		if (sec->n != (int)s + 1)
			fail(&c, "section %zu numbered %d", s, sec->n);
		if (sec->text.end > sec->text.start && !inside(sec->text, sec->span))
			fail(&c, "section %zu text outside it", s);
		/* a heading that is a long sentence is an obligation */
		ob__span body = sec->text;
		if (ob__section_heading_acts(n, sec))
			body = (ob__span){ sec->heading.start,
				sec->text.end > sec->heading.end ? sec->text.end : sec->heading.end };
		obligations(&c, sec->obligations, body, "a section");
		ob__span parts[3] = { sec->heading, sec->text, sec->agency_clause };
		agencies(&c, sec->agencies, parts, 3, "a section");
	}
	if (n->closing.end && n->closing.start < prev)
		fail(&c, "the closing overlaps a section");
	for (size_t k = 0; k < n->items.n; k++) {
		const ob__item *it = &n->items.v[k];
		span(&c, it->span, "item");
		span(&c, it->title, "title");
		span(&c, it->text, "text");
		if (!inside(it->title, it->span) || !inside(it->text, it->span) ||
		    (it->agency_clause.end && !inside(it->agency_clause, it->span)))
			fail(&c, "item %s: a part lies outside it", ob__item_id(n, it));
		if (k > 0 && it->span.start < n->items.v[k - 1].span.start)
			fail(&c, "item %s out of order", ob__item_id(n, it));
		if (it->parent >= 0) {
			const ob__item *p = &n->items.v[it->parent];
			if ((size_t)it->parent >= k || !inside(it->span, p->span) ||
			    it->level <= p->level)
				fail(&c, "item %s does not nest in its parent", ob__item_id(n, it));
		} else if (it->section != (size_t)-1) {
			if (it->section >= n->sections.n ||
			    !inside(it->span, n->sections.v[it->section].span))
				fail(&c, "item %s outside its section", ob__item_id(n, it));
		}
		if (it->next_sibling >= 0 &&
		    n->items.v[it->next_sibling].n != it->n + 1)
			fail(&c, "item %s: siblings not numbered in order", ob__item_id(n, it));
		ob__span item_parts[1] = { it->span };
		agencies(&c, it->agencies, item_parts, 1, ob__item_id(n, it));
		if (c.bad)
			break;
		if (it->ncells < 0 || it->ncells > 8 ||
		    (it->ncells && it->cells + (size_t)it->ncells > n->cells.n))
			fail(&c, "item %s: %d cells", ob__item_id(n, it), it->ncells);
		for (int j = 0; j < it->ncells && !c.bad; j++)
			if (!inside(n->cells.v[it->cells + (uint32_t)j].span, it->span))
				fail(&c, "item %s: a cell outside it", ob__item_id(n, it));
		ob__span own[2] = { it->title, it->agency_clause };
		records(&c, &it->recs, own, 2);
		bool lone = it->title_is_sentence && it->text.end <= it->text.start;
		obligations(&c, it->obligations, lone ? it->title : it->text, ob__item_id(n, it));
		range(&c, it->aliases, n->aliases.n, "alias");
		if (c.bad)
			break;
		for (size_t a = it->aliases.first; a < it->aliases.first + it->aliases.count; a++) {
			const ob__alias *al = &n->aliases.v[a];
			if (al->full.end <= al->full.start || !inside(al->short_name, al->span))
				fail(&c, "item %s: alias %zu malformed", ob__item_id(n, it), a);
		}
	}
	/* the notice-level text: the closing's, or a reply's whole body */
	span(&c, n->closing_text, "closing text");
	span(&c, n->signature, "signature");
	if (n->closing_text.end && !inside(n->closing_text, n->closing) &&
	    !inside(n->closing_text, n->preamble))
		fail(&c, "the closing text outside the closing");
	obligations(&c, n->closing_obligations, n->closing_text, "the closing");
	obligations(&c, n->preamble_obligations, n->preamble, "the preamble");
	agencies(&c, n->preamble_agencies, &n->preamble, 1, "the preamble");
	agencies(&c, n->closing_agencies, &n->closing_text, 1, "the closing");
	range(&c, n->closing_aliases, n->aliases.n, "alias");
	for (size_t k = 0; k < n->documents.n; k++) {
		const char *x = n->documents.v[k].title_text;
		if (x && (!x[0] || strchr(x, '<') || strchr(x, '\n')))
			fail(&c, "document %zu: converted title malformed", k);
	}
	return c.bad ? OB_ERR_LIMIT : 0;
}
