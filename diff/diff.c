/*
 * Year-over-year diff of two work plans: oblix diff OLD NEW.
 *
 * Items are paired by what they say, not by their numbers: each item's
 * title and text become a set of character bigrams; candidate pairs come
 * from an inverted index of the bigrams (common ones skipped), scored by
 * Jaccard similarity with a bonus for shared agencies and documents, and
 * paired greedily from the best score down (near-optimal, and fast enough
 * for plans of thousands of items).  Pairs under the threshold are left as
 * added and dropped; an unpaired item whose text lies mostly inside an
 * item of the other side is reported as split from it or merged into it.
 * For each pair: moved (another section), renumbered, deadlines moved,
 * added or removed, targets raised or lowered, agencies added, removed or
 * given another role, documents added or removed, and the text change as a
 * word-level diff (ICU word break).
 *
 * Both sides are read as notice documents: a notice is extracted first,
 * an oblix XML file is read as it is.
 */
#define _GNU_SOURCE
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlwriter.h>
#include <unicode/ubrk.h>
#include <unicode/ustring.h>

#include "diff.h"
#include "dom.h"
#include "error.h"
#include "text.h"

#define THRESHOLD 0.30
#define CONTAINED 0.60
#define COMMON_GRAM 64 /* postings over this are too common to pair by */

typedef struct rec {
	char *a, *b, *c, *text; /* time: kind date duration; target: cmp value unit */
} rec;

typedef struct ditem {
	char *id, *label, *path, *section, *title, *text, *pos;
	char *roles[3];   /* agencies by role, joined with "、" */
	char **names;     /* agency names with role prefix "lead:" … */
	size_t nnames;
	rec *times, *targets;
	size_t ntimes, ntargets;
	char **docs;
	size_t ndocs;
	uint32_t *grams;  /* sorted, unique */
	size_t ngrams;
	long match;       /* index on the other side, -1 */
	double score;
} ditem;

typedef struct side {
	const char *name;
	xmlDocPtr doc;
	ditem *items;
	size_t n;
} side;

static void
push_str(char ***v, size_t *n, char *s)
{
	char **p = realloc(*v, (*n + 1) * sizeof *p);
	if (!p) {
		xmlFree(s);
		return;
	}
	*v = p;
	(*v)[(*n)++] = s;
}

static void
push_rec(rec **v, size_t *n, rec r)
{
	rec *p = realloc(*v, (*n + 1) * sizeof *p);
	if (!p)
		return;
	*v = p;
	(*v)[(*n)++] = r;
}

static int
cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return x < y ? -1 : x > y;
}

/* Character bigrams of the title and text, hashed, sorted, unique. */
static void
grams(ditem *it)
{
	const char *parts[2] = { it->title ? it->title : "", it->text ? it->text : "" };
	size_t cap = 0;
	for (int k = 0; k < 2; k++)
		cap += strlen(parts[k]);
	it->grams = malloc((cap + 1) * sizeof *it->grams);
	if (!it->grams)
		return;
	for (int k = 0; k < 2; k++) {
		const char *s = parts[k];
		size_t n = strlen(s), i = 0;
		uint32_t prev = 0;
		while (i < n) {
			uint32_t c = ob__utf8_next(s, n, &i);
			if (c < 0x80 && (c == ' ' || c == '\n' || c == '\t'))
				continue;
			if (prev)
				it->grams[it->ngrams++] = (prev * 2654435761u) ^ (c * 40503u);
			prev = c;
		}
	}
	if (it->ngrams > 1)
		qsort(it->grams, it->ngrams, sizeof *it->grams, cmp_u32);
	size_t u = 0;
	for (size_t k = 0; k < it->ngrams; k++)
		if (!u || it->grams[u - 1] != it->grams[k])
			it->grams[u++] = it->grams[k];
	it->ngrams = u;
}

static void
read_item(side *s, xmlNode *node, const char *section, const char *path)
{
	ditem *v = realloc(s->items, (s->n + 1) * sizeof *v);
	if (!v)
		return;
	s->items = v;
	ditem *it = &s->items[s->n++];
	memset(it, 0, sizeof *it);
	it->match = -1;
	it->id = ob__dom_prop(node, "id");
	it->label = ob__dom_prop(node, "label");
	it->pos = ob__dom_prop(node, "sourcepos");
	if (asprintf(&it->path, "%s%s%s", path, *path ? "/" : "", it->label ? it->label : "") < 0)
		it->path = NULL;
	it->section = strdup(section);
	it->title = ob__dom_text(ob__dom_child(node, "title"));
	it->text = ob__dom_text(ob__dom_child(node, "text"));
	static const char *const roles[] = { "lead", "cooperate", "responsible" };
	xmlNode *ag = ob__dom_child(node, "agencies");
	for (xmlNode *a = ag ? ag->children : NULL; a; a = a->next) {
		if (!ob__dom_is(a, "agency"))
			continue;
		char *role = ob__dom_prop(a, "role"), *name = ob__dom_text(a), *both = NULL;
		if (asprintf(&both, "%s:%s", role ? role : "", name ? name : "") >= 0)
			push_str(&it->names, &it->nnames, both);
		for (int k = 0; k < 3; k++)
			if (role && !strcmp(role, roles[k])) {
				char *j = NULL;
				if (asprintf(&j, "%s%s%s", it->roles[k] ? it->roles[k] : "",
				    it->roles[k] ? "、" : "", name ? name : "") >= 0) {
					free(it->roles[k]);
					it->roles[k] = j;
				}
			}
		xmlFree(role);
		xmlFree(name);
	}
	/* records of the item and of its obligations */
	for (int pass = 0; pass < 2; pass++)
		for (xmlNode *c = node->children; c; c = c->next) {
			xmlNode *holder = pass == 0 ? node : c;
			if (pass == 0 && c != node->children)
				break;
			if (pass == 1 && !ob__dom_is(c, "obligation"))
				continue;
			for (xmlNode *r = holder->children; r; r = r->next) {
				if (ob__dom_is(r, "time"))
					push_rec(&it->times, &it->ntimes, (rec){ ob__dom_prop(r, "kind"),
					    ob__dom_prop(r, "date"), ob__dom_prop(r, "duration"), ob__dom_text(r) });
				else if (ob__dom_is(r, "target"))
					push_rec(&it->targets, &it->ntargets, (rec){ ob__dom_prop(r, "cmp"),
					    ob__dom_prop(r, "value"), ob__dom_prop(r, "unit"), ob__dom_text(r) });
				else if (ob__dom_is(r, "document"))
					push_str(&it->docs, &it->ndocs, ob__dom_text(r));
			}
		}
	grams(it);
	char *mypath = it->path;
	for (xmlNode *c = node->children; c; c = c->next)
		if (ob__dom_is(c, "item"))
			read_item(s, c, section, mypath ? mypath : "");
}

static void
free_side(side *s)
{
	for (size_t k = 0; k < s->n; k++) {
		ditem *it = &s->items[k];
		xmlFree(it->id), xmlFree(it->label), xmlFree(it->pos);
		free(it->path), free(it->section);
		xmlFree(it->title), xmlFree(it->text);
		for (int r = 0; r < 3; r++)
			free(it->roles[r]);
		for (size_t j = 0; j < it->nnames; j++)
			free(it->names[j]);
		free(it->names);
		for (size_t j = 0; j < it->ntimes; j++)
			xmlFree(it->times[j].a), xmlFree(it->times[j].b),
			    xmlFree(it->times[j].c), xmlFree(it->times[j].text);
		for (size_t j = 0; j < it->ntargets; j++)
			xmlFree(it->targets[j].a), xmlFree(it->targets[j].b),
			    xmlFree(it->targets[j].c), xmlFree(it->targets[j].text);
		free(it->times), free(it->targets);
		for (size_t j = 0; j < it->ndocs; j++)
			xmlFree(it->docs[j]);
		free(it->docs);
		free(it->grams);
	}
	free(s->items);
	xmlFreeDoc(s->doc);
}

/* A side from a file: an oblix document as it is, anything else extracted. */
static int
load(const char *path, side *s, const ob_ruleset *rs, ob_error *err)
{
	FILE *fp = fopen(path, "rb");
	memset(s, 0, sizeof *s);
	s->name = path;
	if (!fp) {
		ob__error_set(err, OB_ERR_IO, 9, 0, "cannot open");
		err->file = path;
		return OB_ERR_IO;
	}
	char head[512];
	size_t hl = fread(head, 1, sizeof head - 1, fp);
	head[hl] = '\0';
	fclose(fp);
	if (strstr(head, "<?xml") == head && strstr(head, "urn:oblix:notice:1")) {
		if (ob_xml_validate_file(path, err))
			return err->code;
		s->doc = xmlReadFile(path, NULL, XML_PARSE_NONET | XML_PARSE_HUGE);
	} else {
		char *data = NULL, *xml = NULL;
		size_t len = 0, xl = 0;
		FILE *in = fopen(path, "rb");
		if (in) {
			fseek(in, 0, SEEK_END);
			long sz = ftell(in);
			fseek(in, 0, SEEK_SET);
			if (sz >= 0 && (data = malloc((size_t)sz + 1)))
				len = fread(data, 1, (size_t)sz, in);
			fclose(in);
		}
		ob_notice *n;
		ob_options o = { .source = path };
		int r = ob_notice_parse(rs, data ? data : "", len, &o, &n, err);
		free(data);
		if (r)
			return r;
		FILE *mem = open_memstream(&xml, &xl);
		r = mem ? ob_notice_write_xml(n, mem, err) : OB_ERR_NOMEM;
		if (mem)
			fclose(mem);
		ob_notice_free(n);
		if (r) {
			free(xml);
			return r;
		}
		s->doc = xmlReadMemory(xml, (int)xl, path, NULL, XML_PARSE_NONET | XML_PARSE_HUGE);
		free(xml);
	}
	xmlNode *root = s->doc ? xmlDocGetRootElement(s->doc) : NULL;
	if (!root)
		return ob__error_set(err, OB_ERR_XML, 25, 0, "cannot read the document");
	for (xmlNode *c = root->children; c; c = c->next) {
		if (ob__dom_is(c, "item"))
			read_item(s, c, "", "");
		else if (ob__dom_is(c, "section")) {
			char *label = ob__dom_prop(c, "label"), *heading = ob__dom_text(ob__dom_child(c, "heading"));
			char *sec = NULL;
			if (asprintf(&sec, "%s、%s", label ? label : "", heading ? heading : "") < 0)
				sec = NULL;
			for (xmlNode *i = c->children; i; i = i->next)
				if (ob__dom_is(i, "item"))
					read_item(s, i, sec ? sec : "", label ? label : "");
			free(sec);
			xmlFree(label);
			xmlFree(heading);
		}
	}
	return 0;
}

/* ---- pairing ---- */

static size_t
intersect(const uint32_t *a, size_t na, const uint32_t *b, size_t nb)
{
	size_t i = 0, j = 0, c = 0;
	while (i < na && j < nb) {
		if (a[i] < b[j])
			i++;
		else if (a[i] > b[j])
			j++;
		else
			c++, i++, j++;
	}
	return c;
}

static double
set_overlap(char **a, size_t na, char **b, size_t nb)
{
	if (!na && !nb)
		return 1;
	size_t c = 0;
	for (size_t i = 0; i < na; i++)
		for (size_t j = 0; j < nb; j++)
			if (!strcmp(a[i], b[j])) {
				c++;
				break;
			}
	return (double)c / (double)(na + nb - c);
}

static double
similarity(const ditem *a, const ditem *b, size_t inter)
{
	size_t uni = a->ngrams + b->ngrams - inter;
	double text = uni ? (double)inter / (double)uni : 1;
	double ag = set_overlap(a->names, a->nnames, b->names, b->nnames);
	double docs = set_overlap(a->docs, a->ndocs, b->docs, b->ndocs);
	return 0.8 * text + 0.1 * ag + 0.1 * docs;
}

typedef struct cand {
	uint32_t a, b;
	double score;
} cand;

static int
by_score(const void *x, const void *y)
{
	const cand *p = x, *q = y;
	if (p->score != q->score)
		return p->score < q->score ? 1 : -1;
	if (p->a != q->a)
		return p->a < q->a ? -1 : 1;
	return p->b < q->b ? -1 : p->b > q->b;
}

typedef struct posting {
	uint32_t gram;
	uint32_t item;
} posting;

static int
by_gram(const void *x, const void *y)
{
	const posting *p = x, *q = y;
	if (p->gram != q->gram)
		return p->gram < q->gram ? -1 : 1;
	return p->item < q->item ? -1 : p->item > q->item;
}

static int
pair(side *o, side *n)
{
	/* the inverted index of the new side's bigrams */
	size_t np = 0;
	for (size_t k = 0; k < n->n; k++)
		np += n->items[k].ngrams;
	posting *post = malloc((np + 1) * sizeof *post);
	uint32_t *count = calloc(n->n + 1, sizeof *count);
	cand *cands = NULL;
	size_t nc = 0, cc = 0;
	if (!post || !count) {
		free(post);
		free(count);
		return OB_ERR_NOMEM;
	}
	np = 0;
	for (size_t k = 0; k < n->n; k++)
		for (size_t g = 0; g < n->items[k].ngrams; g++)
			post[np++] = (posting){ n->items[k].grams[g], (uint32_t)k };
	if (np > 1)
		qsort(post, np, sizeof *post, by_gram);
	uint32_t *touched = malloc((n->n + 1) * sizeof *touched);
	for (size_t a = 0; touched && a < o->n; a++) {
		const ditem *ia = &o->items[a];
		size_t nt = 0;
		for (size_t g = 0; g < ia->ngrams; g++) {
			size_t lo = 0, hi = np;
			while (lo < hi) {
				size_t mid = (lo + hi) / 2;
				if (post[mid].gram < ia->grams[g])
					lo = mid + 1;
				else
					hi = mid;
			}
			size_t end = lo;
			while (end < np && post[end].gram == ia->grams[g])
				end++;
			if (end - lo > COMMON_GRAM)
				continue;
			for (size_t p = lo; p < end; p++)
				if (count[post[p].item]++ == 0)
					touched[nt++] = post[p].item;
		}
		for (size_t t = 0; t < nt; t++) {
			uint32_t b = touched[t];
			count[b] = 0;
			const ditem *ib = &n->items[b];
			double s = similarity(ia, ib, intersect(ia->grams, ia->ngrams,
			    ib->grams, ib->ngrams));
			if (s < THRESHOLD)
				continue;
			if (nc == cc) {
				cc = cc ? cc * 2 : 256;
				cand *v = realloc(cands, cc * sizeof *v);
				if (!v)
					break;
				cands = v;
			}
			cands[nc++] = (cand){ (uint32_t)a, b, s };
		}
	}
	if (nc > 1)
		qsort(cands, nc, sizeof *cands, by_score);
	for (size_t k = 0; k < nc; k++) {
		ditem *a = &o->items[cands[k].a], *b = &n->items[cands[k].b];
		if (a->match >= 0 || b->match >= 0)
			continue;
		a->match = cands[k].b;
		b->match = cands[k].a;
		a->score = b->score = cands[k].score;
	}
	free(cands);
	free(post);
	free(count);
	free(touched);
	return 0;
}

/* How much of a lies in b (bigrams of a found in b). */
static double
containment(const ditem *a, const ditem *b)
{
	if (!a->ngrams)
		return 0;
	return (double)intersect(a->grams, a->ngrams, b->grams, b->ngrams) /
	    (double)a->ngrams;
}

/* ---- the report ---- */

typedef struct report {
	xmlTextWriterPtr w;
	size_t added, dropped, matched, changed, moved, renumbered, split, merged;
	size_t deadline_moved, deadline_added, deadline_removed;
	size_t target_raised, target_lowered, target_changed;
	size_t agency_added, agency_removed, lead_changed;
	size_t doc_added, doc_removed, text_changed;
	UBreakIterator *words;
	bool count_only;
} report;

static void
change(report *r, const char *kind, const char *old, const char *new_,
       const char *detail)
{
	if (r->count_only)
		return;
	xmlTextWriterStartElement(r->w, BAD_CAST "change");
	xmlTextWriterWriteAttribute(r->w, BAD_CAST "kind", BAD_CAST kind);
	if (old)
		xmlTextWriterWriteAttribute(r->w, BAD_CAST "old", BAD_CAST old);
	if (new_)
		xmlTextWriterWriteAttribute(r->w, BAD_CAST "new", BAD_CAST new_);
	if (detail)
		xmlTextWriterWriteString(r->w, BAD_CAST detail);
	xmlTextWriterEndElement(r->w);
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

static void
times_changes(report *r, const ditem *a, const ditem *b)
{
	bool used[256] = { false };
	for (size_t i = 0; i < a->ntimes; i++) {
		const rec *x = &a->times[i];
		long best = -1;
		for (size_t j = 0; j < b->ntimes && j < 256; j++) {
			if (used[j] || !same(x->a, b->times[j].a))
				continue;
			if (same(x->b, b->times[j].b) && same(x->c, b->times[j].c)) {
				best = (long)j;
				break;
			}
			if (best < 0)
				best = (long)j;
		}
		if (best < 0) {
			r->deadline_removed++;
			change(r, "deadline-removed", x->b ? x->b : x->c, NULL, x->text);
			continue;
		}
		used[best] = true;
		const rec *y = &b->times[best];
		if (!same(x->b, y->b) || !same(x->c, y->c)) {
			r->deadline_moved++;
			char detail[512];
			snprintf(detail, sizeof detail, "%s %s → %s", nz(x->a), nz(x->text), nz(y->text));
			change(r, "deadline-moved", x->b ? x->b : x->c, y->b ? y->b : y->c, detail);
		}
	}
	for (size_t j = 0; j < b->ntimes && j < 256; j++)
		if (!used[j]) {
			r->deadline_added++;
			change(r, "deadline-added", NULL, b->times[j].b ? b->times[j].b
			    : b->times[j].c, b->times[j].text);
		}
}

static void
targets_changes(report *r, const ditem *a, const ditem *b)
{
	bool used[256] = { false };
	for (size_t i = 0; i < a->ntargets; i++) {
		const rec *x = &a->targets[i];
		long best = -1;
		for (size_t j = 0; j < b->ntargets && j < 256; j++)
			if (!used[j] && same(x->c, b->targets[j].c)) {
				if (same(x->b, b->targets[j].b) && same(x->a, b->targets[j].a)) {
					best = (long)j;
					break;
				}
				if (best < 0)
					best = (long)j;
			}
		if (best < 0) {
			r->target_changed++;
			change(r, "target-removed", x->text, NULL, NULL);
			continue;
		}
		used[best] = true;
		const rec *y = &b->targets[best];
		if (same(x->b, y->b) && same(x->a, y->a))
			continue;
		double v0 = strtod(nz(x->b), NULL), v1 = strtod(nz(y->b), NULL);
		const char *kind = v1 > v0 ? "target-raised" : v1 < v0 ? "target-lowered"
		    : "target-changed";
		if (v1 > v0)
			r->target_raised++;
		else if (v1 < v0)
			r->target_lowered++;
		else
			r->target_changed++;
		char o[160], nw[160];
		snprintf(o, sizeof o, "%s %s %s", nz(x->a), nz(x->b), nz(x->c));
		snprintf(nw, sizeof nw, "%s %s %s", nz(y->a), nz(y->b), nz(y->c));
		change(r, kind, o, nw, NULL);
	}
	for (size_t j = 0; j < b->ntargets && j < 256; j++)
		if (!used[j]) {
			r->target_changed++;
			change(r, "target-added", NULL, b->targets[j].text, NULL);
		}
}

static bool
has(char **v, size_t n, const char *s)
{
	for (size_t k = 0; k < n; k++)
		if (!strcmp(v[k], s))
			return true;
	return false;
}

static void
agency_changes(report *r, const ditem *a, const ditem *b)
{
	if (!same(a->roles[0], b->roles[0]) && a->roles[0] && b->roles[0]) {
		r->lead_changed++;
		change(r, "lead-changed", a->roles[0], b->roles[0], NULL);
	}
	/* names as "role:name": a name in both with another role is a role
	 * change, else added or removed */
	for (size_t k = 0; k < a->nnames; k++) {
		if (has(b->names, b->nnames, a->names[k]))
			continue;
		const char *name = strchr(a->names[k], ':') + 1;
		bool elsewhere = false;
		for (size_t j = 0; j < b->nnames; j++)
			if (!strcmp(strchr(b->names[j], ':') + 1, name))
				elsewhere = true;
		if (elsewhere) {
			for (size_t j = 0; j < b->nnames; j++)
				if (!strcmp(strchr(b->names[j], ':') + 1, name)) {
					char o[32], nw[32];
					snprintf(o, sizeof o, "%.*s", (int)(strchr(a->names[k], ':') - a->names[k]), a->names[k]);
					snprintf(nw, sizeof nw, "%.*s", (int)(strchr(b->names[j], ':') - b->names[j]), b->names[j]);
					change(r, "agency-role-changed", o, nw, name);
				}
		} else {
			r->agency_removed++;
			change(r, "agency-removed", a->names[k], NULL, name);
		}
	}
	for (size_t j = 0; j < b->nnames; j++) {
		if (has(a->names, a->nnames, b->names[j]))
			continue;
		const char *name = strchr(b->names[j], ':') + 1;
		bool before = false;
		for (size_t k = 0; k < a->nnames; k++)
			if (!strcmp(strchr(a->names[k], ':') + 1, name))
				before = true;
		if (!before) {
			r->agency_added++;
			change(r, "agency-added", NULL, b->names[j], name);
		}
	}
}

static void
doc_changes(report *r, const ditem *a, const ditem *b)
{
	for (size_t k = 0; k < a->ndocs; k++)
		if (!has(b->docs, b->ndocs, a->docs[k])) {
			r->doc_removed++;
			change(r, "document-removed", a->docs[k], NULL, NULL);
		}
	for (size_t k = 0; k < b->ndocs; k++)
		if (!has(a->docs, a->ndocs, b->docs[k])) {
			r->doc_added++;
			change(r, "document-added", NULL, b->docs[k], NULL);
		}
}

/* ---- word diff ---- */

typedef struct words {
	char **w;
	size_t n;
} words;

static void
split_words(report *r, const char *s, words *out)
{
	UErrorCode st = U_ZERO_ERROR;
	int32_t len = 0;
	out->w = NULL;
	out->n = 0;
	if (!s || !*s)
		return;
	u_strFromUTF8(NULL, 0, &len, s, -1, &st);
	st = U_ZERO_ERROR;
	UChar *u = malloc(((size_t)len + 1) * sizeof *u);
	if (!u)
		return;
	u_strFromUTF8(u, len + 1, &len, s, -1, &st);
	ubrk_setText(r->words, u, len, &st);
	int32_t a = ubrk_first(r->words);
	for (int32_t b = ubrk_next(r->words); b != UBRK_DONE; a = b, b = ubrk_next(r->words)) {
		char buf[512];
		int32_t n8 = 0;
		UErrorCode s2 = U_ZERO_ERROR;
		u_strToUTF8(buf, sizeof buf, &n8, u + a, b - a, &s2);
		if (U_FAILURE(s2))
			continue;
		char **v = realloc(out->w, (out->n + 1) * sizeof *v);
		if (!v)
			break;
		out->w = v;
		out->w[out->n++] = strndup(buf, (size_t)n8);
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
		if (i < n && j < m && !strcmp(x.w[i], y.w[j]))
			kind = "same", word = x.w[i], i++, j++;
		else if (j < m && (i == n || T(i, j + 1) >= T(i + 1, j)))
			kind = "ins", word = y.w[j], j++;
		else
			kind = "del", word = x.w[i], i++;
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
side_attrs(report *r, const char *prefix, const ditem *it)
{
	char name[32];
	snprintf(name, sizeof name, "%s", prefix);
	xmlTextWriterWriteAttribute(r->w, BAD_CAST name, BAD_CAST nz(it->id));
	snprintf(name, sizeof name, "%sLabel", prefix);
	xmlTextWriterWriteAttribute(r->w, BAD_CAST name, BAD_CAST nz(it->path));
	snprintf(name, sizeof name, "%sPos", prefix);
	xmlTextWriterWriteAttribute(r->w, BAD_CAST name, BAD_CAST nz(it->pos));
}

static void
pair_report(report *r, const ditem *a, const ditem *b)
{
	bool moved = !same(a->section, b->section);
	bool renumbered = !same(a->path, b->path);
	bool text = !same(a->title, b->title) || !same(a->text, b->text);
	size_t before = r->deadline_moved + r->deadline_added + r->deadline_removed +
	    r->target_raised + r->target_lowered + r->target_changed + r->agency_added +
	    r->agency_removed + r->lead_changed + r->doc_added + r->doc_removed;

	r->matched++;
	r->moved += moved;
	r->renumbered += renumbered && !moved;
	r->text_changed += text;
	if (!r->count_only) {
		xmlTextWriterStartElement(r->w, BAD_CAST "item");
		xmlTextWriterWriteAttribute(r->w, BAD_CAST "status", BAD_CAST "matched");
		side_attrs(r, "old", a);
		side_attrs(r, "new", b);
		xmlTextWriterWriteFormatAttribute(r->w, BAD_CAST "similarity", "%.3f", a->score);
		if (moved)
			xmlTextWriterWriteAttribute(r->w, BAD_CAST "moved", BAD_CAST "true");
		if (renumbered)
			xmlTextWriterWriteAttribute(r->w, BAD_CAST "renumbered", BAD_CAST "true");
		xmlTextWriterWriteElement(r->w, BAD_CAST "title", BAD_CAST nz(b->title));
	}
	times_changes(r, a, b);
	targets_changes(r, a, b);
	agency_changes(r, a, b);
	doc_changes(r, a, b);
	if (!r->count_only && text) {
		xmlTextWriterStartElement(r->w, BAD_CAST "text");
		/* mixed content: no indentation inside, it would be text */
		if (!same(a->title, b->title)) {
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
	size_t after = r->deadline_moved + r->deadline_added + r->deadline_removed +
	    r->target_raised + r->target_lowered + r->target_changed + r->agency_added +
	    r->agency_removed + r->lead_changed + r->doc_added + r->doc_removed;
	if (after > before || text)
		r->changed++;
	if (!r->count_only)
		xmlTextWriterEndElement(r->w);
}

static void
lone_report(report *r, const char *status, const char *prefix, const ditem *it,
	    const char *other_prefix, const ditem *other, double c)
{
	if (r->count_only)
		return;
	xmlTextWriterStartElement(r->w, BAD_CAST "item");
	xmlTextWriterWriteAttribute(r->w, BAD_CAST "status", BAD_CAST status);
	side_attrs(r, prefix, it);
	if (other) {
		side_attrs(r, other_prefix, other);
		xmlTextWriterWriteFormatAttribute(r->w, BAD_CAST "containment", "%.3f", c);
	}
	xmlTextWriterWriteElement(r->w, BAD_CAST "title", BAD_CAST nz(it->title));
	xmlTextWriterEndElement(r->w);
}

/* Walk the pairing: matched pairs in the new side's order, then drops,
 * with splits and merges recognised. */
static void
walk(report *r, side *o, side *n)
{
	for (size_t k = 0; k < n->n; k++) {
		ditem *b = &n->items[k];
		if (b->match >= 0) {
			pair_report(r, &o->items[b->match], b);
			continue;
		}
		/* split: b lies mostly inside an old item that is paired with
		 * another new item */
		long best = -1;
		double bc = 0;
		for (size_t a = 0; a < o->n; a++) {
			double c = containment(b, &o->items[a]);
			if (c > bc) {
				bc = c;
				best = (long)a;
			}
		}
		if (best >= 0 && bc >= CONTAINED && o->items[best].match >= 0) {
			r->split++;
			lone_report(r, "split", "new", b, "old", &o->items[best], bc);
		} else {
			r->added++;
			lone_report(r, "added", "new", b, NULL, NULL, 0);
		}
	}
	for (size_t k = 0; k < o->n; k++) {
		ditem *a = &o->items[k];
		if (a->match >= 0)
			continue;
		long best = -1;
		double bc = 0;
		for (size_t b = 0; b < n->n; b++) {
			double c = containment(a, &n->items[b]);
			if (c > bc) {
				bc = c;
				best = (long)b;
			}
		}
		if (best >= 0 && bc >= CONTAINED && n->items[best].match >= 0) {
			r->merged++;
			lone_report(r, "merged", "old", a, "new", &n->items[best], bc);
		} else {
			r->dropped++;
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
		"documentRemoved", "textChanged" };
	size_t vals[] = { r->added, r->dropped, r->matched, r->changed, r->moved,
		r->renumbered, r->split, r->merged, r->deadline_moved, r->deadline_added,
		r->deadline_removed, r->target_raised, r->target_lowered,
		r->target_changed, r->agency_added, r->agency_removed, r->lead_changed,
		r->doc_added, r->doc_removed, r->text_changed };
	for (size_t k = 0; k < sizeof vals / sizeof *vals; k++)
		xmlTextWriterWriteFormatAttribute(r->w, BAD_CAST names[k], "%zu", vals[k]);
	xmlTextWriterEndElement(r->w);
}

static int
write_cb(void *ctx, const char *buf, int len)
{
	return fwrite(buf, 1, (size_t)len, ctx) == (size_t)len ? len : -1;
}

int
ob__diff_run(const char *old_path, const char *new_path, FILE *out, ob_error *err)
{
	ob_ruleset *rs = NULL;
	side o, n;
	report r = { 0 };
	int ret;

	memset(err, 0, sizeof *err);
	if ((ret = ob_ruleset_new(&rs, err)))
		return ret;
	memset(&n, 0, sizeof n);
	if ((ret = load(old_path, &o, rs, err)) || (ret = load(new_path, &n, rs, err))) {
		free_side(&o);
		free_side(&n);
		ob_ruleset_free(rs);
		return ret;
	}
	ob_ruleset_free(rs);
	if ((ret = pair(&o, &n)))
		goto out;
	UErrorCode st = U_ZERO_ERROR;
	r.words = ubrk_open(UBRK_WORD, "zh", NULL, 0, &st);
	if (U_FAILURE(st)) {
		ret = OB_ERR_ICU;
		goto out;
	}
	/* counts first, for the summary on top */
	r.count_only = true;
	walk(&r, &o, &n);
	report counts = r;
	memset(&r, 0, sizeof r);
	r.words = counts.words;

	FILE *tmp = tmpfile();
	xmlOutputBufferPtr ob = tmp ? xmlOutputBufferCreateIO(write_cb, NULL, tmp, NULL) : NULL;
	r.w = ob ? xmlNewTextWriter(ob) : NULL;
	if (!r.w) {
		ret = OB_ERR_NOMEM;
		if (tmp)
			fclose(tmp);
		ubrk_close(r.words);
		goto out;
	}
	xmlTextWriterSetIndent(r.w, 1);
	xmlTextWriterSetIndentString(r.w, BAD_CAST "  ");
	xmlTextWriterStartDocument(r.w, NULL, "UTF-8", NULL);
	xmlTextWriterStartElementNS(r.w, NULL, BAD_CAST "diff", BAD_CAST "urn:oblix:diff:1");
	xmlTextWriterWriteAttribute(r.w, BAD_CAST "old", BAD_CAST old_path);
	xmlTextWriterWriteAttribute(r.w, BAD_CAST "new", BAD_CAST new_path);
	xmlTextWriterWriteAttribute(r.w, BAD_CAST "generator", BAD_CAST "oblix " OB_VERSION);
	counts.w = r.w;
	summary(&counts);
	walk(&r, &o, &n);
	xmlTextWriterEndElement(r.w);
	xmlTextWriterEndDocument(r.w);
	xmlFreeTextWriter(r.w);
	ubrk_close(r.words);
	fflush(tmp);
	fseek(tmp, 0, SEEK_SET);
	if ((ret = ob__validate_diff(tmp, "<diff>", err))) {
		fclose(tmp);
		goto out;
	}
	fseek(tmp, 0, SEEK_SET);
	char buf[65536];
	size_t got;
	while ((got = fread(buf, 1, sizeof buf, tmp)) > 0)
		fwrite(buf, 1, got, out);
	fclose(tmp);
out:
	free_side(&o);
	free_side(&n);
	return ret;
}
