/* SPDX-License-Identifier: MIT */
/*
 * What changed between two aligned items: deadlines moved, added or
 * removed; targets raised, lowered or changed; agencies added, removed,
 * given another role, and the lead handed over; documents added or
 * removed; and whether the item moved, was renumbered or reworded.
 *
 * Deadlines of two years' plans are compared by their position in each
 * plan's year: 6月底前 of the 2021 plan (2021-06-30) and 6月底前 of the 2022
 * plan (2022-06-30) are one deadline carried over, 6月底前 → 9月底前 is a
 * move.  A date whose phrase names its year in digits (2025年底前) is not
 * year-relative: two of them are compared as dates.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compare.h"

int
ob__basis_of(int old_year, int new_year)
{
	return old_year && new_year && old_year != new_year ? OB_BASIS_PLAN_YEAR
	    : OB_BASIS_ABSOLUTE;
}

const char *
ob__basis_name(int basis)
{
	return basis == OB_BASIS_PLAN_YEAR ? "plan-year" : "absolute";
}

static const char *
nz(const char *s)
{
	return s ? s : "";
}

static bool
same(const char *a, const char *b)
{
	return !strcmp(nz(a), nz(b));
}

static int
add(ob__changes *c, const char *kind, const char *old, const char *new_,
    const char *detail)
{
	ob__change *v = realloc(c->v, (c->n + 1) * sizeof *v);
	if (!v)
		return OB_ERR_NOMEM;
	c->v = v;
	ob__change *ch = &c->v[c->n];
	*ch = (ob__change){ kind, old ? strdup(old) : NULL, new_ ? strdup(new_) : NULL,
		detail ? strdup(detail) : NULL };
	if ((old && !ch->old) || (new_ && !ch->new_) || (detail && !ch->detail)) {
		free(ch->old), free(ch->new_), free(ch->detail);
		return OB_ERR_NOMEM;
	}
	c->n++;
	return 0;
}

/* Does the phrase name its year in digits (2022年9月底前)? */
static bool
explicit_year(const char *phrase)
{
	int run = 0;
	for (const char *p = nz(phrase); *p; p++) {
		run = *p >= '0' && *p <= '9' ? run + 1 : 0;
		if (run == 4)
			return true;
	}
	return false;
}

/* Same deadline?  On the plan-year basis a year-relative date is compared
 * by its place in its plan's year. */
static bool
time_equal(const ob__rec *x, int xy, const ob__rec *y, int yy, int basis)
{
	if (!same(x->a, y->a) || !same(x->c, y->c))
		return false;
	if (same(x->b, y->b))
		return !(basis == OB_BASIS_PLAN_YEAR && x->b && *x->b && xy != yy &&
		    !explicit_year(x->text) && !explicit_year(y->text));
	if (basis != OB_BASIS_PLAN_YEAR || !x->b || !y->b || strlen(x->b) < 10 ||
	    strlen(y->b) < 10)
		return false;
	if (explicit_year(x->text) && explicit_year(y->text))
		return false;
	/* YYYY-MM-DD: the year counted from the plan's, then month and day */
	return atoi(x->b) - xy == atoi(y->b) - yy && !strcmp(x->b + 4, y->b + 4);
}

/* Days since 1970-01-01 of a proleptic Gregorian date. */
static long
days_from_civil(long y, long m, long d)
{
	y -= m <= 2;
	long era = (y >= 0 ? y : y - 399) / 400;
	long yoe = y - era * 400;
	long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/* How far a re-dated deadline moved, in words: "91 days earlier", and on
 * the plan-year basis "in the plan's year" (6月底前 → 3月底前 of the next
 * year's plan is three months earlier, not nine later).  NULL when the
 * dates cannot say. */
static char *
direction(const ob__rec *x, int xy, const ob__rec *y, int yy, int basis)
{
	int a[3], b[3];
	if (!x->b || !y->b || sscanf(x->b, "%d-%d-%d", &a[0], &a[1], &a[2]) != 3 ||
	    sscanf(y->b, "%d-%d-%d", &b[0], &b[1], &b[2]) != 3)
		return NULL;
	bool plan = basis == OB_BASIS_PLAN_YEAR && xy && yy && !explicit_year(x->text) &&
	    !explicit_year(y->text);
	if (plan)
		b[0] -= yy - xy;
	long d = days_from_civil(b[0], b[1], b[2]) - days_from_civil(a[0], a[1], a[2]);
	char *out = NULL;
	if (asprintf(&out, "%ld day%s %s%s", d < 0 ? -d : d, d == 1 || d == -1 ? "" : "s",
	    d < 0 ? "earlier" : "later", plan ? " in the plan's year" : "") < 0)
		return NULL;
	return out;
}

static int
times_changes(ob__changes *c, const ob__aitem *a, int ay, const ob__aitem *b,
	      int by, int basis)
{
	bool *used = calloc(b->ntimes + 1, sizeof *used);
	bool *kept = calloc(a->ntimes + 1, sizeof *kept);
	int r = 0;
	if (!used || !kept) {
		free(used), free(kept);
		return OB_ERR_NOMEM;
	}
	/* equal ones first, so that one re-dated deadline among several is
	 * the only one reported */
	for (size_t i = 0; i < a->ntimes; i++)
		for (size_t j = 0; j < b->ntimes; j++)
			if (!used[j] && time_equal(&a->times[i], ay, &b->times[j], by, basis)) {
				used[j] = kept[i] = true;
				break;
			}
	for (size_t i = 0; !r && i < a->ntimes; i++) {
		if (kept[i])
			continue;
		const ob__rec *x = &a->times[i];
		long best = -1;
		for (size_t j = 0; best < 0 && j < b->ntimes; j++)
			if (!used[j] && same(x->a, b->times[j].a))
				best = (long)j;
		if (best < 0) {
			r = add(c, "deadline-removed", x->b ? x->b : x->c, NULL, x->text);
			continue;
		}
		used[best] = true;
		const ob__rec *y = &b->times[best];
		char *detail = NULL, *dir = direction(x, ay, y, by, basis);
		if (asprintf(&detail, "%s %s → %s%s%s", nz(x->a), nz(x->text), nz(y->text),
		    dir ? ", " : "", dir ? dir : "") < 0)
			r = OB_ERR_NOMEM;
		else
			r = add(c, "deadline-moved", x->b ? x->b : x->c, y->b ? y->b : y->c, detail);
		free(dir);
		free(detail);
	}
	for (size_t j = 0; !r && j < b->ntimes; j++)
		if (!used[j])
			r = add(c, "deadline-added", NULL, b->times[j].b ? b->times[j].b
			    : b->times[j].c, b->times[j].text);
	free(used), free(kept);
	return r;
}

static int
targets_changes(ob__changes *c, const ob__aitem *a, const ob__aitem *b)
{
	bool *used = calloc(b->ntargets + 1, sizeof *used);
	bool *kept = calloc(a->ntargets + 1, sizeof *kept);
	int r = 0;
	if (!used || !kept) {
		free(used), free(kept);
		return OB_ERR_NOMEM;
	}
	/* equal ones first, those of the same phrase before those of the
	 * same value alone (超过100万 of one clause and 突破100万 of another
	 * are two targets) */
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < a->ntargets; i++)
			for (size_t j = 0; !kept[i] && j < b->ntargets; j++) {
				const ob__rec *x = &a->targets[i], *y = &b->targets[j];
				if (!used[j] && same(x->a, y->a) && same(x->b, y->b) &&
				    same(x->c, y->c) && (pass || same(x->text, y->text)))
					used[j] = kept[i] = true;
			}
	for (size_t i = 0; !r && i < a->ntargets; i++) {
		if (kept[i])
			continue;
		const ob__rec *x = &a->targets[i];
		long best = -1;
		for (size_t j = 0; best < 0 && j < b->ntargets; j++)
			if (!used[j] && same(x->c, b->targets[j].c))
				best = (long)j;
		if (best < 0) {
			r = add(c, "target-removed", x->text, NULL, NULL);
			continue;
		}
		used[best] = true;
		const ob__rec *y = &b->targets[best];
		double v0 = strtod(nz(x->b), NULL), v1 = strtod(nz(y->b), NULL);
		const char *kind = v1 > v0 ? "target-raised" : v1 < v0 ? "target-lowered"
		    : "target-changed";
		char *o = NULL, *nw = NULL;
		if (asprintf(&o, "%s %s%s%s", nz(x->a), nz(x->b), *nz(x->c) ? " " : "", nz(x->c)) < 0)
			o = NULL;
		if (asprintf(&nw, "%s %s%s%s", nz(y->a), nz(y->b), *nz(y->c) ? " " : "", nz(y->c)) < 0)
			nw = NULL;
		/* the codes for programs, the phrases for readers */
		char *phrases = NULL;
		if (asprintf(&phrases, "%s → %s", nz(x->text), nz(y->text)) < 0)
			phrases = NULL;
		r = o && nw && phrases ? add(c, kind, o, nw, phrases) : OB_ERR_NOMEM;
		free(o), free(nw), free(phrases);
	}
	for (size_t j = 0; !r && j < b->ntargets; j++)
		if (!used[j])
			r = add(c, "target-added", NULL, b->targets[j].text, NULL);
	free(used), free(kept);
	return r;
}

static bool
has_agency(const ob__aitem *it, const char *key, const char *role)
{
	for (size_t k = 0; k < it->nagencies; k++)
		if (!strcmp(ob__agency_key(&it->agencies[k]), key) &&
		    (!role || same(it->agencies[k].role, role)))
			return true;
	return false;
}

static int
agency_changes(ob__changes *c, const ob__aitem *a, const ob__aitem *b)
{
	int r = 0;
	/* by key, to tell a hand-over from a respelling */
	char *la = ob__aitem_lead(a, true), *lb = ob__aitem_lead(b, true);
	bool handed = la && lb && strcmp(la, lb);
	if (handed) {
		char *na = ob__aitem_lead(a, false), *nb = ob__aitem_lead(b, false);
		r = na && nb ? add(c, "lead-changed", na, nb, NULL) : OB_ERR_NOMEM;
		free(na), free(nb);
	}
	free(la), free(lb);
	/* the hand-over says that the old lead went and the new one came:
	 * once, not three times */
	/* an agency in both with another role is a role change, else it was
	 * added or removed */
	for (size_t k = 0; !r && k < a->nagencies; k++) {
		const ob__aagency *x = &a->agencies[k];
		const char *key = ob__agency_key(x);
		if (has_agency(b, key, nz(x->role)))
			continue;
		if (!has_agency(b, key, NULL)) {
			if (handed && same(x->role, "lead"))
				continue;
			char *o = NULL;
			if (asprintf(&o, "%s:%s", nz(x->role), nz(x->name)) < 0)
				return OB_ERR_NOMEM;
			r = add(c, "agency-removed", o, NULL, nz(x->name));
			free(o);
			continue;
		}
		for (size_t j = 0; !r && j < b->nagencies; j++)
			if (!strcmp(ob__agency_key(&b->agencies[j]), key))
				r = add(c, "agency-role-changed", nz(x->role),
				    nz(b->agencies[j].role), nz(x->name));
	}
	for (size_t j = 0; !r && j < b->nagencies; j++) {
		const ob__aagency *y = &b->agencies[j];
		if (has_agency(a, ob__agency_key(y), NULL) || (handed && same(y->role, "lead")))
			continue;
		char *nw = NULL;
		if (asprintf(&nw, "%s:%s", nz(y->role), nz(y->name)) < 0)
			return OB_ERR_NOMEM;
		r = add(c, "agency-added", NULL, nw, nz(y->name));
		free(nw);
	}
	return r;
}

static bool
has_doc(const ob__aitem *it, const char *d)
{
	for (size_t k = 0; k < it->ndocs; k++)
		if (same(it->docs[k], d))
			return true;
	return false;
}

static int
doc_changes(ob__changes *c, const ob__aitem *a, const ob__aitem *b)
{
	int r = 0;
	for (size_t k = 0; !r && k < a->ndocs; k++)
		if (!has_doc(b, a->docs[k]))
			r = add(c, "document-removed", a->docs[k], NULL, NULL);
	for (size_t k = 0; !r && k < b->ndocs; k++)
		if (!has_doc(a, b->docs[k]))
			r = add(c, "document-added", NULL, b->docs[k], NULL);
	return r;
}

int
ob__compare(const ob__aitem *a, int ayear, const ob__aitem *b, int byear,
	    int basis, ob__changes *out)
{
	int r;
	memset(out, 0, sizeof *out);
	out->moved = !same(a->section, b->section);
	out->renumbered = !same(a->path, b->path);
	out->retitled = !same(a->title, b->title);
	out->text = out->retitled || !same(a->text, b->text);
	if ((r = times_changes(out, a, ayear, b, byear, basis)) ||
	    (r = targets_changes(out, a, b)) || (r = agency_changes(out, a, b)) ||
	    (r = doc_changes(out, a, b)))
		return r;
	return 0;
}

void
ob__changes_free(ob__changes *c)
{
	for (size_t k = 0; k < c->n; k++)
		free(c->v[k].old), free(c->v[k].new_), free(c->v[k].detail);
	free(c->v);
	memset(c, 0, sizeof *c);
}
