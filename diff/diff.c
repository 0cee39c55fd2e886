/* SPDX-License-Identifier: MIT */
/*
 * Year-over-year diff of two work plans: oblix diff OLD NEW.
 *
 * The items of the two editions are aligned by align.c and each pair
 * compared by compare.c; this file writes the diff document: a summary of
 * counts, then every item of either side (carried or matched with its
 * changes and the word diff of its text, added, dropped, split, merged).
 * Deadlines are compared on the plan-year basis when the editions are two
 * years' plans, absolutely when they share a year; the document says which.
 */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/xmlwriter.h>
#include <unicode/ubrk.h>
#include <unicode/ustring.h>

#include "align.h"
#include "compare.h"
#include "diff.h"
#include "error.h"

typedef struct report {
	xmlTextWriterPtr w;
	int basis, old_year, new_year;
	size_t added, dropped, matched, changed, moved, renumbered, split, merged;
	size_t deadline_moved, deadline_added, deadline_removed;
	size_t target_raised, target_lowered, target_changed;
	size_t agency_added, agency_removed, lead_changed;
	size_t doc_added, doc_removed, text_changed, unchanged;
	UBreakIterator *words;
	bool count_only;
	int ret;
} report;

static const char *
nz(const char *s)
{
	return s ? s : "";
}

/* The counter a change kind adds to, NULL for none. */
static size_t *
counter(report *r, const char *kind)
{
	static const char *const kinds[] = { "deadline-moved", "deadline-added",
		"deadline-removed", "target-raised", "target-lowered", "target-changed",
		"target-added", "target-removed", "agency-added", "agency-removed",
		"lead-changed", "document-added", "document-removed" };
	size_t *const counts[] = { &r->deadline_moved, &r->deadline_added,
		&r->deadline_removed, &r->target_raised, &r->target_lowered,
		&r->target_changed, &r->target_changed, &r->target_changed,
		&r->agency_added, &r->agency_removed, &r->lead_changed, &r->doc_added,
		&r->doc_removed };
	for (size_t k = 0; k < sizeof kinds / sizeof *kinds; k++)
		if (!strcmp(kind, kinds[k]))
			return counts[k];
	return NULL;
}

static void
change(report *r, const ob__change *c)
{
	size_t *n = counter(r, c->kind);
	if (n)
		++*n;
	if (r->count_only)
		return;
	xmlTextWriterStartElement(r->w, BAD_CAST "change");
	xmlTextWriterWriteAttribute(r->w, BAD_CAST "kind", BAD_CAST c->kind);
	if (c->old)
		xmlTextWriterWriteAttribute(r->w, BAD_CAST "old", BAD_CAST c->old);
	if (c->new_)
		xmlTextWriterWriteAttribute(r->w, BAD_CAST "new", BAD_CAST c->new_);
	if (c->detail)
		xmlTextWriterWriteString(r->w, BAD_CAST c->detail);
	xmlTextWriterEndElement(r->w);
}

/* ---- word diff ---- */

typedef struct words {
	char **w;
	size_t n;
} words;

static void
split_words(report *r, const char *s, words *out)
{
	UErrorCode st;
	int32_t len;
	out->w = NULL;
	out->n = 0;
	if (!s || !*s)
		return;
	UChar *u = ob__u16_dup(s, &len, &st);
	if (!u) {
		r->ret = OB_ERR_NOMEM;
		return;
	}
	ubrk_setText(r->words, u, len, &st);
	int32_t a = ubrk_first(r->words);
	for (int32_t b = ubrk_next(r->words); b != UBRK_DONE; a = b, b = ubrk_next(r->words)) {
		/* a word of any length */
		char *w = ob__u8_dup(u, a, b);
		char **v = w ? realloc(out->w, (out->n + 1) * sizeof *v) : NULL;
		if (!v) {
			free(w);
			r->ret = OB_ERR_NOMEM;
			break;
		}
		out->w = v;
		out->w[out->n++] = w;
	}
	free(u);
}

static void
free_words(words *w)
{
	for (size_t k = 0; k < w->n; k++)
		free(w->w[k]);
	free(w->w);
}

/* The text change as runs of same / del / ins words (an LCS). */
static void
word_diff(report *r, const char *a, const char *b)
{
	words x, y;
	split_words(r, a, &x);
	split_words(r, b, &y);
	size_t n = x.n, m = y.n;
	if (n * m > 4000000) { /* too long to align word by word */
		xmlTextWriterStartElement(r->w, BAD_CAST "del");
		xmlTextWriterWriteString(r->w, BAD_CAST nz(a));
		xmlTextWriterEndElement(r->w);
		xmlTextWriterStartElement(r->w, BAD_CAST "ins");
		xmlTextWriterWriteString(r->w, BAD_CAST nz(b));
		xmlTextWriterEndElement(r->w);
		free_words(&x);
		free_words(&y);
		return;
	}
	uint16_t *t = calloc((n + 1) * (m + 1), sizeof *t);
	if (!t) {
		free_words(&x);
		free_words(&y);
		return;
	}
#define T(i, j) t[(i) * (m + 1) + (j)]
	for (size_t i = n; i-- > 0;)
		for (size_t j = m; j-- > 0;)
			T(i, j) = !strcmp(x.w[i], y.w[j]) ? (uint16_t)(T(i + 1, j + 1) + 1)
			    : T(i + 1, j) > T(i, j + 1) ? T(i + 1, j) : T(i, j + 1);
	size_t i = 0, j = 0;
	const char *open = NULL;
	while (i < n || j < m) {
		const char *kind;
		const char *word;
		/* what went before what came: [-old-]{+new+}, as git and
		 * wdiff print it */
		if (i < n && j < m && !strcmp(x.w[i], y.w[j]))
			kind = "same", word = x.w[i], i++, j++;
		else if (i < n && (j == m || T(i + 1, j) >= T(i, j + 1)))
			kind = "del", word = x.w[i], i++;
		else
			kind = "ins", word = y.w[j], j++;
		if (open != kind) {
			if (open)
				xmlTextWriterEndElement(r->w);
			xmlTextWriterStartElement(r->w, BAD_CAST kind);
			open = kind;
		}
		xmlTextWriterWriteString(r->w, BAD_CAST word);
	}
	if (open)
		xmlTextWriterEndElement(r->w);
#undef T
	free(t);
	free_words(&x);
	free_words(&y);
}

static void
side_attrs(report *r, const char *prefix, const ob__aitem *it)
{
	char name[32]; /* prefix is "old" or "new" */
	snprintf(name, sizeof name, "%s", prefix);
	xmlTextWriterWriteAttribute(r->w, BAD_CAST name, BAD_CAST nz(it->id));
	snprintf(name, sizeof name, "%sLabel", prefix);
	xmlTextWriterWriteAttribute(r->w, BAD_CAST name, BAD_CAST nz(it->path));
	snprintf(name, sizeof name, "%sPos", prefix);
	xmlTextWriterWriteAttribute(r->w, BAD_CAST name, BAD_CAST nz(it->pos));
}

/* What else than an item the entry is: a section's own text, the
 * preamble or the closing. */
static void
unit_attr(report *r, const ob__aitem *it)
{
	if (strcmp(it->unit, "item"))
		xmlTextWriterWriteAttribute(r->w, BAD_CAST "unit", BAD_CAST it->unit);
}

/* The lead agencies, for a reader filtering the report by agency. */
static void
lead_attr(report *r, const ob__aitem *it)
{
	char *lead = ob__aitem_lead(it, false);
	if (lead)
		xmlTextWriterWriteAttribute(r->w, BAD_CAST "lead", BAD_CAST lead);
	free(lead);
}

static void
pair_report(report *r, const ob__aitem *a, const ob__aitem *b, const ob__align *al,
	    size_t at)
{
	double sim = al->sim[at], conf = al->conf[at];
	ob__changes ch;
	int ret = ob__compare(a, r->old_year, b, r->new_year, r->basis, &ch);
	if (ret && !r->ret)
		r->ret = ret;
	/* the preamble and the closing are no tasks: their changes count,
	 * they do not */
	bool task = ob__task_unit(b);
	r->matched += task;
	r->moved += task && ch.moved;
	r->renumbered += task && ch.renumbered && !ch.moved;
	r->text_changed += ch.text;
	if (ch.n || ch.text)
		r->changed += task;
	else
		r->unchanged += task;
	if (!r->count_only) {
		xmlTextWriterStartElement(r->w, BAD_CAST "item");
		/* two years' plans: the same task again is carried over (it
		 * was not finished), itself a finding */
		xmlTextWriterWriteAttribute(r->w, BAD_CAST "status",
		    BAD_CAST(r->basis == OB_BASIS_PLAN_YEAR ? "carried" : "matched"));
		unit_attr(r, b);
		side_attrs(r, "old", a);
		side_attrs(r, "new", b);
		xmlTextWriterWriteFormatAttribute(r->w, BAD_CAST "similarity", "%.3f", sim);
		xmlTextWriterWriteFormatAttribute(r->w, BAD_CAST "confidence", "%.3f", conf);
		/* why the two were paired, and how clearly: the words they
		 * share, the margin over the runner-up */
		if (conf < 1) {
			xmlTextWriterWriteFormatAttribute(r->w, BAD_CAST "margin", "%.3f",
			    al->margin[at] > 0 ? al->margin[at] : 0);
			if (ob__align_low(al, at))
				xmlTextWriterWriteAttribute(r->w, BAD_CAST "lowConfidence", BAD_CAST "true");
			char *ev = ob__align_evidence(al, at, b, r->words);
			if (ev)
				xmlTextWriterWriteAttribute(r->w, BAD_CAST "evidence", BAD_CAST ev);
			free(ev);
		}
		if (ch.moved)
			xmlTextWriterWriteAttribute(r->w, BAD_CAST "moved", BAD_CAST "true");
		if (ch.renumbered)
			xmlTextWriterWriteAttribute(r->w, BAD_CAST "renumbered", BAD_CAST "true");
		lead_attr(r, b);
		xmlTextWriterWriteElement(r->w, BAD_CAST "title", BAD_CAST nz(b->title));
	}
	for (size_t k = 0; k < ch.n; k++)
		change(r, &ch.v[k]);
	if (!r->count_only && ch.text) {
		xmlTextWriterStartElement(r->w, BAD_CAST "text");
		/* mixed content: no indentation inside, it would be text */
		if (ch.retitled) {
			xmlTextWriterStartElement(r->w, BAD_CAST "titleDiff");
			xmlTextWriterSetIndent(r->w, 0);
			word_diff(r, a->title, b->title);
			xmlTextWriterEndElement(r->w);
			xmlTextWriterSetIndent(r->w, 1);
		}
		xmlTextWriterStartElement(r->w, BAD_CAST "bodyDiff");
		xmlTextWriterSetIndent(r->w, 0);
		word_diff(r, a->text, b->text);
		xmlTextWriterEndElement(r->w);
		xmlTextWriterSetIndent(r->w, 1);
		xmlTextWriterEndElement(r->w);
	}
	if (!r->count_only)
		xmlTextWriterEndElement(r->w);
	ob__changes_free(&ch);
}

static void
lone_report(report *r, const char *status, const char *prefix, const ob__aitem *it,
	    const char *other_prefix, const ob__aitem *other, double c)
{
	if (r->count_only)
		return;
	xmlTextWriterStartElement(r->w, BAD_CAST "item");
	xmlTextWriterWriteAttribute(r->w, BAD_CAST "status", BAD_CAST status);
	unit_attr(r, it);
	side_attrs(r, prefix, it);
	if (other) {
		side_attrs(r, other_prefix, other);
		xmlTextWriterWriteFormatAttribute(r->w, BAD_CAST "containment", "%.3f", c);
	}
	lead_attr(r, it);
	xmlTextWriterWriteElement(r->w, BAD_CAST "title", BAD_CAST nz(it->title));
	xmlTextWriterEndElement(r->w);
}

/* Walk the alignment: the new side's items in order (pairs, splits,
 * additions), then the old side's unpaired ones (merges, drops). */
static void
walk(report *r, const ob__edition *o, const ob__edition *n, const ob__align *al)
{
	for (size_t k = 0; k < n->n; k++) {
		const ob__aitem *b = &n->items[k];
		if (al->back[k] >= 0)
			pair_report(r, &o->items[al->back[k]], b, al, k);
		else if (al->split_from[k] >= 0) {
			r->split++;
			lone_report(r, "split", "new", b, "old", &o->items[al->split_from[k]],
			    al->split_c[k]);
		} else {
			/* a preamble or a closing only one edition has is no
			 * task: its text changed */
			if (ob__task_unit(b))
				r->added++;
			else
				r->text_changed++;
			lone_report(r, "added", "new", b, NULL, NULL, 0);
		}
	}
	for (size_t k = 0; k < o->n; k++) {
		const ob__aitem *a = &o->items[k];
		if (al->fwd[k] >= 0)
			continue;
		if (al->merged_into[k] >= 0) {
			r->merged++;
			lone_report(r, "merged", "old", a, "new", &n->items[al->merged_into[k]],
			    al->merged_c[k]);
		} else {
			if (ob__task_unit(a))
				r->dropped++;
			else
				r->text_changed++;
			lone_report(r, "dropped", "old", a, NULL, NULL, 0);
		}
	}
}

static void
summary(report *r)
{
	xmlTextWriterStartElement(r->w, BAD_CAST "summary");
	static const char *const names[] = { "added", "dropped", "matched", "changed",
		"moved", "renumbered", "split", "merged", "deadlineMoved", "deadlineAdded",
		"deadlineRemoved", "targetRaised", "targetLowered", "targetChanged",
		"agencyAdded", "agencyRemoved", "leadChanged", "documentAdded",
		"documentRemoved", "textChanged", "carried", "unchanged" };
	size_t vals[] = { r->added, r->dropped, r->matched, r->changed, r->moved,
		r->renumbered, r->split, r->merged, r->deadline_moved, r->deadline_added,
		r->deadline_removed, r->target_raised, r->target_lowered,
		r->target_changed, r->agency_added, r->agency_removed, r->lead_changed,
		r->doc_added, r->doc_removed, r->text_changed,
		r->basis == OB_BASIS_PLAN_YEAR ? r->matched : 0, r->unchanged };
	for (size_t k = 0; k < sizeof vals / sizeof *vals; k++)
		xmlTextWriterWriteFormatAttribute(r->w, BAD_CAST names[k], "%zu", vals[k]);
	xmlTextWriterEndElement(r->w);
}

/* Who an edition is: its document number and year, for the reader. */
static void
edition_attrs(report *r, const char *prefix, const ob__edition *e)
{
	char name[32]; /* prefix is "old" or "new" */
	if (e->year) {
		snprintf(name, sizeof name, "%sYear", prefix);
		xmlTextWriterWriteFormatAttribute(r->w, BAD_CAST name, "%d", e->year);
	}
	if (e->doc_number) {
		snprintf(name, sizeof name, "%sDocNumber", prefix);
		xmlTextWriterWriteAttribute(r->w, BAD_CAST name, BAD_CAST e->doc_number);
	}
}

static int
write_cb(void *ctx, const char *buf, int len)
{
	return fwrite(buf, 1, (size_t)len, ctx) == (size_t)len ? len : -1;
}

/* Copy what was written to tmp to out, checking every write. */
static int
copy_out(FILE *tmp, FILE *out)
{
	char buf[65536];
	size_t got;
	if (fseek(tmp, 0, SEEK_SET))
		return OB_ERR_IO;
	while ((got = fread(buf, 1, sizeof buf, tmp)) > 0)
		if (fwrite(buf, 1, got, out) != got)
			return OB_ERR_IO;
	return ferror(tmp) ? OB_ERR_IO : 0;
}

int
ob__diff_run(const char *old_path, const char *new_path, FILE *out, ob_error *err)
{
	ob_ruleset *rs = NULL;
	ob__edition o, n;
	ob__align al = { 0 };
	report r = { 0 };
	FILE *tmp = NULL;
	int ret;

	memset(err, 0, sizeof *err);
	memset(&o, 0, sizeof o);
	memset(&n, 0, sizeof n);
	UErrorCode st = U_ZERO_ERROR;
	r.words = ubrk_open(UBRK_WORD, "zh", NULL, 0, &st);
	if (U_FAILURE(st))
		return ob__error_set(err, OB_ERR_ICU, 0, 0, "%s", u_errorName(st));
	if ((ret = ob_ruleset_new(&rs, err)))
		goto out;
	if ((ret = ob__edition_load(old_path, rs, r.words, &o, err)) ||
	    (ret = ob__edition_load(new_path, rs, r.words, &n, err)))
		goto out;
	if ((ret = ob__align_editions(&o, &n, &al))) {
		ob__error_set(err, ret, 0, 0, "%s", ob_strerror(ret));
		goto out;
	}
	r.basis = ob__basis_of(o.year, n.year);
	r.old_year = o.year;
	r.new_year = n.year;
	/* counts first, for the summary on top */
	r.count_only = true;
	walk(&r, &o, &n, &al);
	report counts = r;
	r = (report){ .words = counts.words, .basis = counts.basis,
		.old_year = counts.old_year, .new_year = counts.new_year };

	tmp = tmpfile();
	xmlOutputBufferPtr ob = tmp ? xmlOutputBufferCreateIO(write_cb, NULL, tmp, NULL) : NULL;
	r.w = ob ? xmlNewTextWriter(ob) : NULL;
	if (!r.w) {
		ret = ob__error_set(err, tmp ? OB_ERR_NOMEM : OB_ERR_IO, 20, 0,
		    "cannot open a temporary file");
		goto out;
	}
	xmlTextWriterSetIndent(r.w, 1);
	xmlTextWriterSetIndentString(r.w, BAD_CAST "  ");
	xmlTextWriterStartDocument(r.w, NULL, "UTF-8", NULL);
	xmlTextWriterStartElementNS(r.w, NULL, BAD_CAST "diff", BAD_CAST "urn:oblix:diff:1");
	xmlTextWriterWriteAttribute(r.w, BAD_CAST "old", BAD_CAST old_path);
	xmlTextWriterWriteAttribute(r.w, BAD_CAST "new", BAD_CAST new_path);
	xmlTextWriterWriteAttribute(r.w, BAD_CAST "generator", BAD_CAST "oblix " OB_VERSION);
	xmlTextWriterWriteAttribute(r.w, BAD_CAST "basis", BAD_CAST ob__basis_name(r.basis));
	edition_attrs(&r, "old", &o);
	edition_attrs(&r, "new", &n);
	counts.w = r.w;
	summary(&counts);
	walk(&r, &o, &n, &al);
	xmlTextWriterEndElement(r.w);
	int wr = xmlTextWriterEndDocument(r.w);
	xmlFreeTextWriter(r.w);
	if (wr < 0 || r.ret || counts.ret) {
		ret = r.ret ? r.ret : counts.ret ? counts.ret : OB_ERR_IO;
		ob__error_set(err, ret, 21, 0, "cannot write the diff: %s", ob_strerror(ret));
		goto out;
	}
	if (fflush(tmp) || fseek(tmp, 0, SEEK_SET)) {
		ret = ob__error_set(err, OB_ERR_IO, 21, 0, "cannot write the diff");
		goto out;
	}
	if ((ret = ob__validate_diff(tmp, "<diff>", err)))
		goto out;
	if ((ret = copy_out(tmp, out)))
		ob__error_set(err, ret, 22, 0, "cannot write the output");
out:
	if (tmp)
		fclose(tmp);
	ubrk_close(r.words);
	ob__align_free(&al);
	ob__edition_free(&o);
	ob__edition_free(&n);
	ob_ruleset_free(rs);
	return ret;
}
