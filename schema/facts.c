/* SPDX-License-Identifier: MIT */
/*
 * The facts renderer: one line per record, tab-separated, in the format of
 * tests/facts/README.md.  Compact enough to read and diff by hand; the
 * tests compare it with facts written by reading the notices.
 */
#include <string.h>

#include "model.h"


/* Write a span with line breaks and tabs as spaces: one record, one line. */
static void
put(FILE *out, const ob__text *t, ob__span s)
{
	for (size_t i = s.start; i < s.end; i++) {
		char c = t->buf[i];
		fputc(c == '\n' || c == '\t' ? ' ' : c, out);
	}
}

static void
records(FILE *out, const ob_notice *n, const ob__recs *r)
{
	const ob__text *t = &n->text;

	for (size_t k = r->times.first; k < r->times.first + r->times.count; k++) {
		const ob__time *x = &n->times.v[k];
		const char *v = x->kind == OB_TIME_WITHIN || x->kind == OB_TIME_EVERY
		    ? x->duration : x->date;
		fprintf(out, "time\t%s\t%s%s\t", ob__kind_names[x->kind], v[0] ? v : "-",
		    x->working ? "(working)" : "");
		put(out, t, x->span);
		fputc('\n', out);
	}
	for (size_t k = r->targets.first; k < r->targets.first + r->targets.count; k++) {
		const ob__target *x = &n->targets.v[k];
		fprintf(out, "target\t%s\t%s\t%s\t", ob__cmp_names[x->cmp], x->value,
		    x->unit[0] ? x->unit : "-");
		put(out, t, x->span);
		fputc('\n', out);
	}
	for (size_t k = r->documents.first;
	    k < r->documents.first + r->documents.count; k++) {
		const ob__document *x = &n->documents.v[k];
		fprintf(out, "document\t%s\t", x->action == OB_DOC_ISSUE ? "issue" : "cite");
		if (x->title_text)
			fputs(x->title_text, out);
		else
			put(out, t, x->title);
		fputc('\n', out);
	}
}

static void
agencies(FILE *out, const ob_notice *n, ob__range r)
{
	for (size_t k = r.first; k < r.first + r.count; k++)
		if (!n->agencies.v[k].repeat)
			fprintf(out, "agency\t%s\t%s\n", ob__role_names[n->agencies.v[k].role],
			    n->agencies.v[k].name);
}

static void
alias_lines(FILE *out, const ob_notice *n, ob__range r)
{
	for (size_t k = r.first; k < r.first + r.count; k++) {
		fputs("alias\t", out);
		put(out, &n->text, n->aliases.v[k].short_name);
		fputc('\t', out);
		put(out, &n->text, n->aliases.v[k].full);
		fputc('\n', out);
	}
}

static void
path(FILE *out, const ob_notice *n, long idx)
{
	const ob__item *it = &n->items.v[idx];

	if (it->parent >= 0)
		path(out, n, it->parent);
	else if (it->section != (size_t)-1)
		put(out, &n->text, n->sections.v[it->section].label);
	if (it->parent >= 0 || it->section != (size_t)-1)
		fputc('/', out);
	put(out, &n->text, it->label);
}

static void
item(FILE *out, const ob_notice *n, long idx)
{
	const ob__item *it = &n->items.v[idx];
	const ob__text *t = &n->text;

	fputs("item\t", out);
	path(out, n, idx);
	fputc('\t', out);
	put(out, t, it->title);
	fputc('\n', out);
	agencies(out, n, it->agencies);
	records(out, n, &it->recs);
	for (size_t k = it->obligations.first;
	    k < it->obligations.first + it->obligations.count; k++)
		records(out, n, &n->obligations.v[k].recs);
	alias_lines(out, n, it->aliases);
	for (long c = it->first_child; c >= 0; c = n->items.v[c].next_sibling)
		item(out, n, c);
}

int
ob_notice_write_facts(const ob_notice *n, FILE *out)
{
	const ob__meta *m = &n->meta;
	const ob__text *t = &n->text;

	if (m->notice_title_text)
		fprintf(out, "meta\tnoticeTitle\t%s\n", m->notice_title_text);
	if (m->title_text)
		fprintf(out, "meta\ttitle\t%s\n", m->title_text);
	for (int k = 0; k < m->nissuers; k++) {
		fputs("meta\tissuer\t", out);
		put(out, t, m->issuers[k]);
		fputc('\n', out);
	}
	if (m->doc_number.end) {
		fputs("meta\tdocNumber\t", out);
		put(out, t, m->doc_number);
		fputc('\n', out);
	}
	if (m->issued.end)
		fprintf(out, "meta\tissued\t%s\n", m->issued_iso);
	if (m->year_basis)
		fprintf(out, "meta\tyear\t%04d\t%s\n", m->year, ob__basis_names[m->year_basis]);
	for (long c = n->first_item; c >= 0; c = n->items.v[c].next_sibling)
		item(out, n, c);
	for (size_t s = 0; s < n->sections.n; s++) {
		const ob__section *sec = &n->sections.v[s];
		fputs("section\t", out);
		put(out, t, sec->label);
		fputc('\t', out);
		put(out, t, sec->heading);
		fputc('\n', out);
		agencies(out, n, sec->agencies);
		for (size_t k = sec->obligations.first;
		    k < sec->obligations.first + sec->obligations.count; k++)
			records(out, n, &n->obligations.v[k].recs);
		for (long c = sec->first_item; c >= 0; c = n->items.v[c].next_sibling)
			item(out, n, c);
	}
	/* the records of the preamble's obliging sentences, where it has
	 * any */
	bool any = false;
	for (size_t k = n->preamble_obligations.first;
	    k < n->preamble_obligations.first + n->preamble_obligations.count; k++) {
		const ob__recs *rc = &n->obligations.v[k].recs;
		any |= rc->times.count || rc->targets.count || rc->documents.count;
	}
	if (any) {
		fputs("preamble\n", out);
		for (size_t k = n->preamble_obligations.first;
		    k < n->preamble_obligations.first + n->preamble_obligations.count; k++)
			records(out, n, &n->obligations.v[k].recs);
	}
	/* the closing's text, where it has any besides the signature */
	if (n->closing_text.end > n->closing_text.start) {
		fputs("closing\n", out);
		agencies(out, n, n->closing_agencies);
		for (size_t k = n->closing_obligations.first;
		    k < n->closing_obligations.first + n->closing_obligations.count; k++)
			records(out, n, &n->obligations.v[k].recs);
		alias_lines(out, n, n->closing_aliases);
	}
	return ferror(out) ? OB_ERR_IO : 0;
}
