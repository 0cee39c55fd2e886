/* SPDX-License-Identifier: MIT */
/*
 * The history of a plan's tasks across editions: oblix history E1 E2 ….
 *
 * A walk over the pairwise alignments of consecutive editions (align.c):
 * a task of one edition paired with one of the next continues its lineage
 * (carried, with the changes compare.c finds); a task of the next edition
 * left unpaired is first matched against the lineages dropped earlier
 * (reintroduced), else it was split from a task of the edition before or
 * is introduced; a task left behind was merged into another or dropped.
 * Deadlines between two years' editions are compared by their place in
 * each plan's year, as in the diff.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/xmlwriter.h>
#include <unicode/ubrk.h>
#include <unicode/ustring.h>

#include "align.h"
#include "compare.h"
#include "error.h"
#include "history.h"
#include "validate.h"

typedef struct event {
	const char *kind;   /* static */
	size_t edition;     /* from 0 */
	char *old, *new_, *detail;
	long from, into;    /* lineages, -1 */
	double conf;        /* < 0: none */
} event;

typedef struct lineage {
	long *at;          /* per edition: the item's index, -1 */
	event *ev;
	size_t nev;
	size_t first, last; /* editions it is in */
	bool merged;
} lineage;

typedef struct hist {
	ob__edition *ed;
	size_t ne;
	lineage *ln;
	size_t nl;
	long **owner;      /* per edition: item → lineage */
	int ret;
} hist;

static const char *
nz(const char *s)
{
	return s ? s : "";
}

static event *
add_event(hist *h, long l, const char *kind, size_t edition, const char *old,
	  const char *new_, const char *detail)
{
	lineage *ln = &h->ln[l];
	event *v = realloc(ln->ev, (ln->nev + 1) * sizeof *v);
	if (!v) {
		h->ret = OB_ERR_NOMEM;
		return NULL;
	}
	ln->ev = v;
	event *e = &ln->ev[ln->nev];
	*e = (event){ kind, edition, old ? strdup(old) : NULL, new_ ? strdup(new_) : NULL,
		detail ? strdup(detail) : NULL, -1, -1, -1 };
	if ((old && !e->old) || (new_ && !e->new_) || (detail && !e->detail)) {
		free(e->old), free(e->new_), free(e->detail);
		h->ret = OB_ERR_NOMEM;
		return NULL;
	}
	ln->nev++;
	return e;
}

static long
new_lineage(hist *h, size_t edition, long item)
{
	lineage *v = realloc(h->ln, (h->nl + 1) * sizeof *v);
	long *at = malloc(h->ne * sizeof *at);
	if (!v || !at) {
		if (v)
			h->ln = v;
		free(at);
		h->ret = OB_ERR_NOMEM;
		return -1;
	}
	h->ln = v;
	for (size_t k = 0; k < h->ne; k++)
		at[k] = -1;
	at[edition] = item;
	h->ln[h->nl] = (lineage){ at, NULL, 0, edition, edition, false };
	h->owner[edition][item] = (long)h->nl;
	return (long)h->nl++;
}

static const ob__aitem *
last_item(const hist *h, const lineage *ln)
{
	return &h->ed[ln->last].items[ln->at[ln->last]];
}

/* The lineage goes on in edition e with item b: the continuation event and
 * what changed since its last state. */
static void
extend(hist *h, long l, size_t e, long b, const char *kind, double conf)
{
	lineage *ln = &h->ln[l];
	const ob__edition *pe = &h->ed[ln->last], *ne = &h->ed[e];
	const ob__aitem *a = last_item(h, ln), *it = &ne->items[b];
	ob__changes ch;

	ln->at[e] = b;
	ln->last = e;
	h->owner[e][b] = l;
	event *ev = add_event(h, l, kind, e, NULL, NULL, NULL);
	if (!ev)
		return;
	ev->conf = conf;
	int r = ob__compare(a, pe->year, it, ne->year, ob__basis_of(pe->year, ne->year), &ch);
	if (r) {
		h->ret = r;
		ob__changes_free(&ch);
		return;
	}
	bool handed_over = false;
	for (size_t k = 0; k < ch.n; k++)
		if (!strcmp(ch.v[k].kind, "lead-changed"))
			handed_over = true;
	for (size_t k = 0; k < ch.n && !h->ret; k++) {
		const ob__change *c = &ch.v[k];
		const char *kd = c->kind;
		if (!strcmp(kd, "target-added") || !strcmp(kd, "target-removed"))
			kd = "target-changed";
		else if (!strcmp(kd, "agency-added") || !strcmp(kd, "agency-removed")) {
			/* a hand-over is one event, not three */
			const char *rn = c->old ? c->old : nz(c->new_);
			if (handed_over && !strncmp(rn, "lead:", 5))
				continue;
			bool removed = !strcmp(kd, "agency-removed");
			add_event(h, l, kd, e, removed ? c->detail : NULL,
			    removed ? NULL : c->detail, NULL);
			continue;
		} else if (strcmp(kd, "deadline-moved") && strcmp(kd, "target-raised") &&
		    strcmp(kd, "target-lowered") && strcmp(kd, "target-changed") &&
		    strcmp(kd, "lead-changed"))
			continue; /* deadlines and documents added or removed: in the states */
		add_event(h, l, kd, e, c->old, c->new_, c->detail);
	}
	if (!h->ret && ch.retitled)
		add_event(h, l, "retitled", e, a->title, it->title, NULL);
	if (!h->ret && ch.moved)
		add_event(h, l, "moved", e, a->section, it->section, NULL);
	ob__changes_free(&ch);
}

/* One step: edition e after edition e - 1. */
static void
step(hist *h, size_t e)
{
	const ob__edition *po = &h->ed[e - 1], *pn = &h->ed[e];
	ob__align al, re = { 0 };
	const ob__aitem **dormant = NULL, **lone = NULL;
	long *dl = NULL, *li = NULL;
	size_t nd = 0, nlone = 0;

	if ((h->ret = ob__align_editions(po, pn, &al)))
		return;
	for (size_t b = 0; b < pn->n && !h->ret; b++)
		if (al.back[b] >= 0)
			extend(h, h->owner[e - 1][al.back[b]], e, (long)b, "carried", al.conf[b]);
	/* unpaired tasks against the lineages dropped before e - 1 */
	dormant = malloc((h->nl + 1) * sizeof *dormant);
	dl = malloc((h->nl + 1) * sizeof *dl);
	lone = malloc((pn->n + 1) * sizeof *lone);
	li = malloc((pn->n + 1) * sizeof *li);
	if (!dormant || !dl || !lone || !li) {
		h->ret = OB_ERR_NOMEM;
		goto out;
	}
	for (size_t l = 0; l < h->nl; l++)
		if (!h->ln[l].merged && h->ln[l].last + 1 < e)
			dl[nd] = (long)l, dormant[nd++] = last_item(h, &h->ln[l]);
	for (size_t b = 0; b < pn->n; b++)
		if (al.back[b] < 0)
			li[nlone] = (long)b, lone[nlone++] = &pn->items[b];
	if (nd && nlone) {
		if ((h->ret = ob__align_items(dormant, nd, lone, nlone, &re)))
			goto out;
		for (size_t k = 0; k < nlone && !h->ret; k++)
			if (re.back[k] >= 0)
				extend(h, dl[re.back[k]], e, li[k], "reintroduced", re.conf[k]);
	}
	for (size_t b = 0; b < pn->n && !h->ret; b++) {
		if (h->owner[e][b] >= 0)
			continue;
		long l = new_lineage(h, e, (long)b);
		if (l < 0)
			break;
		if (al.split_from[b] >= 0) {
			long src = h->owner[e - 1][al.split_from[b]];
			event *ev = add_event(h, l, "split", e, NULL, NULL, NULL);
			if (ev)
				ev->from = src;
			ev = add_event(h, src, "split", e, NULL, NULL, NULL);
			if (ev)
				ev->into = l;
		} else
			add_event(h, l, "introduced", e, NULL, NULL, NULL);
	}
	for (size_t a = 0; a < po->n && !h->ret; a++) {
		if (al.fwd[a] >= 0)
			continue;
		long l = h->owner[e - 1][a];
		if (al.merged_into[a] >= 0) {
			event *ev = add_event(h, l, "merged", e, NULL, NULL, NULL);
			if (ev)
				ev->into = h->owner[e][al.merged_into[a]];
			h->ln[l].merged = true;
		} else
			add_event(h, l, "dropped", e, NULL, NULL, NULL);
	}
out:
	free(dormant), free(dl), free(lone), free(li);
	ob__align_free(&re);
	ob__align_free(&al);
}

/* ---- the document ---- */

static const char *const kinds[] = { "introduced", "carried", "dropped",
	"reintroduced", "deadline-moved", "target-raised", "target-lowered",
	"target-changed", "lead-changed", "agency-added", "agency-removed",
	"retitled", "moved", "split", "merged" };
#define NKINDS (sizeof kinds / sizeof *kinds)

/* "deadline-moved" → "deadlineMoved", for the summary's attributes. */
static char *
camel(const char *kind)
{
	char *s = strdup(kind);
	if (!s)
		return NULL;
	char *o = s;
	for (const char *p = kind; *p; p++) {
		if (*p == '-' && p[1]) {
			p++;
			*o++ = (char)(*p - 'a' + 'A');
		} else
			*o++ = *p;
	}
	*o = '\0';
	return s;
}

static void
write_summary(xmlTextWriterPtr w, const hist *h)
{
	size_t counts[NKINDS] = { 0 }, unchanged = 0;
	for (size_t l = 0; l < h->nl; l++) {
		bool quiet = true;
		for (size_t k = 0; k < h->ln[l].nev; k++) {
			const char *kd = h->ln[l].ev[k].kind;
			for (size_t j = 0; j < NKINDS; j++)
				if (!strcmp(kd, kinds[j]))
					counts[j]++;
			if (strcmp(kd, "carried"))
				quiet = false;
		}
		unchanged += quiet;
	}
	xmlTextWriterStartElement(w, BAD_CAST "summary");
	xmlTextWriterWriteFormatAttribute(w, BAD_CAST "tasks", "%zu", h->nl);
	xmlTextWriterWriteFormatAttribute(w, BAD_CAST "unchanged", "%zu", unchanged);
	for (size_t j = 0; j < NKINDS; j++) {
		char *name = camel(kinds[j]);
		if (name)
			xmlTextWriterWriteFormatAttribute(w, BAD_CAST name, "%zu", counts[j]);
		free(name);
	}
	xmlTextWriterEndElement(w);
}

static void
write_state(xmlTextWriterPtr w, size_t e, const ob__aitem *it)
{
	xmlTextWriterStartElement(w, BAD_CAST "state");
	xmlTextWriterWriteFormatAttribute(w, BAD_CAST "edition", "%zu", e + 1);
	xmlTextWriterWriteAttribute(w, BAD_CAST "id", BAD_CAST nz(it->id));
	xmlTextWriterWriteAttribute(w, BAD_CAST "label", BAD_CAST nz(it->path));
	xmlTextWriterWriteAttribute(w, BAD_CAST "pos", BAD_CAST nz(it->pos));
	char *lead = ob__aitem_lead(it, false);
	if (lead)
		xmlTextWriterWriteAttribute(w, BAD_CAST "lead", BAD_CAST lead);
	free(lead);
	xmlTextWriterWriteElement(w, BAD_CAST "title", BAD_CAST nz(it->title));
	for (size_t k = 0; k < it->ntimes; k++) {
		const ob__rec *t = &it->times[k];
		xmlTextWriterStartElement(w, BAD_CAST "deadline");
		xmlTextWriterWriteAttribute(w, BAD_CAST "kind", BAD_CAST nz(t->a));
		if (t->b && *t->b)
			xmlTextWriterWriteAttribute(w, BAD_CAST "date", BAD_CAST t->b);
		if (t->c && *t->c)
			xmlTextWriterWriteAttribute(w, BAD_CAST "duration", BAD_CAST t->c);
		xmlTextWriterWriteString(w, BAD_CAST nz(t->text));
		xmlTextWriterEndElement(w);
	}
	for (size_t k = 0; k < it->ntargets; k++) {
		const ob__rec *t = &it->targets[k];
		xmlTextWriterStartElement(w, BAD_CAST "target");
		xmlTextWriterWriteAttribute(w, BAD_CAST "cmp", BAD_CAST nz(t->a));
		xmlTextWriterWriteAttribute(w, BAD_CAST "value", BAD_CAST nz(t->b));
		if (t->c && *t->c)
			xmlTextWriterWriteAttribute(w, BAD_CAST "unit", BAD_CAST t->c);
		xmlTextWriterWriteString(w, BAD_CAST nz(t->text));
		xmlTextWriterEndElement(w);
	}
	xmlTextWriterEndElement(w);
}

static void
write_task(xmlTextWriterPtr w, const hist *h, size_t l)
{
	const lineage *ln = &h->ln[l];
	const ob__aitem *latest = last_item(h, ln);
	xmlTextWriterStartElement(w, BAD_CAST "task");
	xmlTextWriterWriteFormatAttribute(w, BAD_CAST "id", "t%zu", l + 1);
	xmlTextWriterWriteFormatAttribute(w, BAD_CAST "first", "%zu", ln->first + 1);
	xmlTextWriterWriteFormatAttribute(w, BAD_CAST "last", "%zu", ln->last + 1);
	char *lead = ob__aitem_lead(latest, false);
	if (lead)
		xmlTextWriterWriteAttribute(w, BAD_CAST "lead", BAD_CAST lead);
	free(lead);
	xmlTextWriterWriteElement(w, BAD_CAST "title", BAD_CAST nz(latest->title));
	for (size_t e = 0; e < h->ne; e++)
		if (ln->at[e] >= 0)
			write_state(w, e, &h->ed[e].items[ln->at[e]]);
	for (size_t k = 0; k < ln->nev; k++) {
		const event *ev = &ln->ev[k];
		xmlTextWriterStartElement(w, BAD_CAST "event");
		xmlTextWriterWriteAttribute(w, BAD_CAST "kind", BAD_CAST ev->kind);
		xmlTextWriterWriteFormatAttribute(w, BAD_CAST "edition", "%zu", ev->edition + 1);
		if (ev->old)
			xmlTextWriterWriteAttribute(w, BAD_CAST "old", BAD_CAST ev->old);
		if (ev->new_)
			xmlTextWriterWriteAttribute(w, BAD_CAST "new", BAD_CAST ev->new_);
		if (ev->from >= 0)
			xmlTextWriterWriteFormatAttribute(w, BAD_CAST "from", "t%ld", ev->from + 1);
		if (ev->into >= 0)
			xmlTextWriterWriteFormatAttribute(w, BAD_CAST "into", "t%ld", ev->into + 1);
		if (ev->conf >= 0)
			xmlTextWriterWriteFormatAttribute(w, BAD_CAST "confidence", "%.3f", ev->conf);
		if (ev->detail)
			xmlTextWriterWriteString(w, BAD_CAST ev->detail);
		xmlTextWriterEndElement(w);
	}
	xmlTextWriterEndElement(w);
}

static int
write_cb(void *ctx, const char *buf, int len)
{
	return fwrite(buf, 1, (size_t)len, ctx) == (size_t)len ? len : -1;
}

static int
write_doc(const hist *h, FILE *out, ob_error *err)
{
	FILE *tmp = tmpfile();
	xmlOutputBufferPtr ob = tmp ? xmlOutputBufferCreateIO(write_cb, NULL, tmp, NULL) : NULL;
	xmlTextWriterPtr w = ob ? xmlNewTextWriter(ob) : NULL;
	int ret = 0;
	if (!w) {
		if (tmp)
			fclose(tmp);
		return ob__error_set(err, tmp ? OB_ERR_NOMEM : OB_ERR_IO, 20, 0,
		    "cannot open a temporary file");
	}
	xmlTextWriterSetIndent(w, 1);
	xmlTextWriterSetIndentString(w, BAD_CAST "  ");
	xmlTextWriterStartDocument(w, NULL, "UTF-8", NULL);
	xmlTextWriterStartElementNS(w, NULL, BAD_CAST "history", BAD_CAST "urn:oblix:history:1");
	xmlTextWriterWriteAttribute(w, BAD_CAST "generator", BAD_CAST "oblix " OB_VERSION);
	for (size_t e = 0; e < h->ne; e++) {
		const ob__edition *ed = &h->ed[e];
		xmlTextWriterStartElement(w, BAD_CAST "edition");
		xmlTextWriterWriteFormatAttribute(w, BAD_CAST "n", "%zu", e + 1);
		xmlTextWriterWriteAttribute(w, BAD_CAST "source", BAD_CAST ed->name);
		xmlTextWriterWriteFormatAttribute(w, BAD_CAST "items", "%zu", ed->n);
		if (ed->year)
			xmlTextWriterWriteFormatAttribute(w, BAD_CAST "year", "%d", ed->year);
		if (ed->doc_number)
			xmlTextWriterWriteAttribute(w, BAD_CAST "docNumber", BAD_CAST ed->doc_number);
		if (ed->title)
			xmlTextWriterWriteAttribute(w, BAD_CAST "title", BAD_CAST ed->title);
		if (e)
			xmlTextWriterWriteAttribute(w, BAD_CAST "basis",
			    BAD_CAST ob__basis_name(ob__basis_of(h->ed[e - 1].year, ed->year)));
		xmlTextWriterEndElement(w);
	}
	write_summary(w, h);
	for (size_t l = 0; l < h->nl; l++)
		write_task(w, h, l);
	xmlTextWriterEndElement(w);
	int wr = xmlTextWriterEndDocument(w);
	xmlFreeTextWriter(w);
	if (wr < 0 || fflush(tmp) || fseek(tmp, 0, SEEK_SET))
		ret = ob__error_set(err, OB_ERR_IO, 21, 0, "cannot write the history");
	else if (!(ret = ob__validate_history(tmp, "<history>", err))) {
		char buf[65536];
		size_t got;
		if (fseek(tmp, 0, SEEK_SET))
			ret = OB_ERR_IO;
		while (!ret && (got = fread(buf, 1, sizeof buf, tmp)) > 0)
			if (fwrite(buf, 1, got, out) != got)
				ret = OB_ERR_IO;
		if (ret)
			ob__error_set(err, ret, 22, 0, "cannot write the output");
	}
	fclose(tmp);
	return ret;
}

static void
free_hist(hist *h)
{
	for (size_t l = 0; l < h->nl; l++) {
		for (size_t k = 0; k < h->ln[l].nev; k++)
			free(h->ln[l].ev[k].old), free(h->ln[l].ev[k].new_),
			    free(h->ln[l].ev[k].detail);
		free(h->ln[l].ev);
		free(h->ln[l].at);
	}
	free(h->ln);
	for (size_t e = 0; h->owner && e < h->ne; e++)
		free(h->owner[e]);
	free(h->owner);
	for (size_t e = 0; h->ed && e < h->ne; e++)
		ob__edition_free(&h->ed[e]);
	free(h->ed);
}

int
ob__history_run(char *const *paths, size_t n, FILE *out, ob_error *err)
{
	hist h = { 0 };
	ob_ruleset *rs = NULL;
	UBreakIterator *words = NULL;
	int ret;

	memset(err, 0, sizeof *err);
	if (n < 2)
		return ob__error_set(err, OB_ERR_USAGE, 0, 0, "a history needs two editions or more");
	UErrorCode st = U_ZERO_ERROR;
	words = ubrk_open(UBRK_WORD, "zh", NULL, 0, &st);
	if (U_FAILURE(st))
		return ob__error_set(err, OB_ERR_ICU, 0, 0, "%s", u_errorName(st));
	if ((ret = ob_ruleset_new(&rs, err)))
		goto out;
	h.ne = n;
	h.ed = calloc(n, sizeof *h.ed);
	h.owner = calloc(n, sizeof *h.owner);
	if (!h.ed || !h.owner) {
		ret = ob__error_set(err, OB_ERR_NOMEM, 0, 0, "out of memory");
		goto out;
	}
	for (size_t e = 0; e < n; e++) {
		/* a history follows tasks: the preamble and the closing are
		 * left to diff */
		if ((ret = ob__edition_load(paths[e], rs, words, &h.ed[e], err)) ||
		    (ret = ob__edition_tasks(&h.ed[e])))
			goto out;
		if (!(h.owner[e] = malloc((h.ed[e].n + 1) * sizeof *h.owner[e]))) {
			ret = ob__error_set(err, OB_ERR_NOMEM, 0, 0, "out of memory");
			goto out;
		}
		for (size_t k = 0; k < h.ed[e].n; k++)
			h.owner[e][k] = -1;
	}
	for (size_t k = 0; k < h.ed[0].n && !h.ret; k++)
		new_lineage(&h, 0, (long)k);
	for (size_t e = 1; e < n && !h.ret; e++)
		step(&h, e);
	if (h.ret) {
		ret = ob__error_set(err, h.ret, 0, 0, "%s", ob_strerror(h.ret));
		goto out;
	}
	ret = write_doc(&h, out, err);
out:
	free_hist(&h);
	ob_ruleset_free(rs);
	ubrk_close(words);
	return ret;
}
