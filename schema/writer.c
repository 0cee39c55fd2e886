/* SPDX-License-Identifier: MIT */
/*
 * The XML writer: walks the model, serializes it into a buffer (flushed to
 * a temporary file for large notices), hands the same elements,
 * attributes and text to the schema validator as it goes (validate.c: the
 * document is never parsed again), and only once it is valid copies it
 * out.  Attribute order is fixed and the indent is two spaces, so the
 * same input always gives the same bytes.
 *
 * The serializer is the few rules this vocabulary needs (no mixed
 * content, no comments, one namespace), written straight into the
 * buffer: a general XML writer spent as much time as the whole
 * extraction on bookkeeping per call.  What it writes is what libxml2's
 * xmlTextWriter writes with an indent of two spaces: elements of
 * elements indented, text elements on one line, empty elements as
 * <name/>, & < > " and CR escaped in text, and also LF and TAB in
 * attribute values, text over 64 KiB as one CDATA section.
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#ifdef __linux__
#include <sys/sendfile.h>
#endif

#include <unicode/utf8.h>

#include "error.h"
#include "gazetteer.h"
#include "model.h"
#include "validate.h"

#define NS "urn:oblix:notice:1"

/* Notices up to this size are written and validated in memory; larger
 * ones go through a temporary file, so that memory stays within a few
 * times the input's size. */
#define OB_MEM_OUTPUT ((size_t)4 << 20)
/* The piece written to the temporary file, and copied out, at once. */
#define TMP_BUF ((size_t)1 << 20)

/* Attributes of one element: the writer's elements have a handful. */
#define MAX_ATTRS 16

/* An open element: its name, whether its start tag is still open (its
 * attributes coming) and whether text was written in it. */
typedef struct elem {
	const char *name;
	bool in_tag, text;
} elem;

typedef struct writer {
	char *out; /* the serialized document, or its part not yet flushed */
	size_t olen, ocap_out;
	FILE *tmp; /* large notices: where full pieces of out go */
	int tmp_err; /* errno of a failed write to tmp, or EIO */
	const ob_notice *n;
	char *scratch;
	size_t cap, slen; /* slen: the length of what cstr() left there */
	char *obuf; /* bytes of the input, for orig_str */
	size_t ocap;
	int err;
	/* the same events, to the validator: the element whose start tag is
	 * open (its attributes still coming), and the open elements */
	ob__validator *v;
	const char *pending;
	bool pending_root;
	const char *anames[MAX_ATTRS];
	size_t avals[MAX_ATTRS], alens[MAX_ATTRS], nattrs;
	char *vals; /* the attribute values, each NUL-terminated */
	size_t vlen, vcap;
	elem *stack;
	size_t depth, stack_cap;
	ob__pos_cursor cur; /* positions are written in document order */
} writer;


/* Room for n more bytes of output; false when there is none. */
static bool
reserve(writer *wr, size_t n)
{
	if (wr->olen + n <= wr->ocap_out)
		return true;
	if (wr->tmp && wr->olen) {
		if (fwrite(wr->out, 1, wr->olen, wr->tmp) != wr->olen && !wr->tmp_err)
			wr->tmp_err = errno ? errno : EIO;
		wr->olen = 0;
		if (n <= wr->ocap_out)
			return true;
	}
	size_t cap = wr->ocap_out ? wr->ocap_out : 65536;
	while (cap < wr->olen + n)
		cap *= 2;
	char *p = realloc(wr->out, cap);
	if (!p) {
		wr->err = OB_ERR_NOMEM;
		return false;
	}
	wr->out = p;
	wr->ocap_out = cap;
	return true;
}

static void
put(writer *wr, const char *s, size_t n)
{
	if (reserve(wr, n)) {
		memcpy(wr->out + wr->olen, s, n);
		wr->olen += n;
	}
}

#define PUT(wr, lit) put(wr, lit, sizeof lit - 1)

/* s (n bytes, NUL after them, none among them), escaped for text (attr
 * false) or for an attribute value: the runs between the characters to
 * escape are found by strcspn, many bytes at a time. */
static void
put_escaped(writer *wr, const char *s, size_t n, bool attr)
{
	const char *end = s + n;

	while (s < end) {
		size_t k = strcspn(s, attr ? "&<>\"\r\n\t" : "&<>\"\r");
		if (k > (size_t)(end - s))
			k = (size_t)(end - s);
		put(wr, s, k);
		s += k;
		if (s == end)
			break;
		switch (*s++) {
		case '&': PUT(wr, "&amp;"); break;
		case '<': PUT(wr, "&lt;"); break;
		case '>': PUT(wr, "&gt;"); break;
		case '"': PUT(wr, "&quot;"); break;
		case '\r': PUT(wr, "&#13;"); break;
		case '\n': PUT(wr, "&#10;"); break;
		case '\t': PUT(wr, "&#9;"); break;
		default: put(wr, s - 1, 1); break; /* a NUL: never in a string */
		}
	}
}

static void
put_indent(writer *wr, size_t depth)
{
	static const char spaces[] = "                                ";
	for (size_t k = 2 * depth; k;) {
		size_t m = k < sizeof spaces - 1 ? k : sizeof spaces - 1;
		put(wr, spaces, m);
		k -= m;
	}
}

/* The open start tag ends: the root's namespace declaration, then > (or
 * /> for an element with nothing in it) */
static void
close_tag(writer *wr, elem *e, bool empty)
{
	if (wr->depth == 1)
		PUT(wr, " xmlns=\"" NS "\"");
	if (empty)
		PUT(wr, "/>");
	else
		PUT(wr, ">");
	e->in_tag = false;
}

/* Room for n bytes in the writer's scratch string. */
static bool
scratch(writer *wr, size_t n)
{
	if (n <= wr->cap)
		return true;
	char *p = realloc(wr->scratch, n + 256);
	if (!p) {
		wr->err = OB_ERR_NOMEM;
		return false;
	}
	wr->scratch = p;
	wr->cap = n + 256;
	return true;
}

/* A NUL-terminated copy of n bytes, with anything XML 1.0 forbids
 * replaced: the text was cleaned, but names given from outside (the
 * source file name) were not. */
static const char *
cstr(writer *wr, const char *s, size_t n)
{
	/* a replacement character may stand for a single byte: 3n is enough */
	if (!scratch(wr, 3 * n + 1))
		return "";
	size_t o = 0;
	const unsigned char *u = (const unsigned char *)s;
	for (size_t i = 0; i < n;) {
		unsigned char c = u[i];
		/* Chinese text: E1-EC lead well-formed characters that are
		 * never noncharacters; copied without decoding */
		if (c >= 0xE1 && c <= 0xEC && n - i >= 3 && (u[i + 1] & 0xC0) == 0x80 &&
		    (u[i + 2] & 0xC0) == 0x80) {
			memcpy(wr->scratch + o, s + i, 3);
			o += 3;
			i += 3;
			continue;
		}
		if (c < 0x80) {
			bool bad = (c < 0x20 && c != '\n' && c != '\t') || c == 0x7F;
			wr->scratch[o++] = bad ? '?' : (char)c;
			i++;
			continue;
		}
		int32_t k = 0;
		UChar32 cp;
		U8_NEXT((const uint8_t *)s + i, k, (int32_t)(n - i < 4 ? n - i : 4), cp);
		if (cp < 0 || (cp >= 0xFDD0 && cp <= 0xFDEF) || (cp & 0xFFFE) == 0xFFFE ||
		    (cp >= 0x80 && cp < 0xA0)) {
			memcpy(wr->scratch + o, "\xEF\xBF\xBD", 3);
			o += 3;
		} else {
			memcpy(wr->scratch + o, s + i, (size_t)k);
			o += (size_t)k;
		}
		i += (size_t)k;
	}
	wr->scratch[o] = '\0';
	wr->slen = o;
	return wr->scratch;
}

/* The cleaned text of span s.  Cleaning dropped the controls and
 * replaced the noncharacters (clean.c), so the bytes are copied as they
 * are; the input's own bytes and names from outside go through cstr(). */
static const char *
span_str(writer *wr, ob__span s)
{
	size_t n = s.end - s.start;

	if (!scratch(wr, n + 1))
		return "";
	memcpy(wr->scratch, wr->n->text.buf + s.start, n);
	wr->scratch[n] = '\0';
	wr->slen = n;
	return wr->scratch;
}

/* The input's bytes behind span s (not NUL-free of line breaks yet). */
static const char *
orig_piece(writer *wr, ob__span s)
{
	const ob__text *t = &wr->n->text;

	/* most names: the input's bytes, as the cleaned text has them */
	if (ob__text_span_verbatim(t, s))
		return span_str(wr, s);
	size_t a = ob__text_orig(t, s.start);
	size_t b = ob__text_orig(t, s.end - 1);
	char lead;
	ob__text_orig_bytes(t, b, b + 1, &lead);
	b += ob__utf8_len((unsigned char)lead);
	if (b <= a) /* pieces of a page out of source order */
		return span_str(wr, s);
	/* the input may be let go (ob__text_drop_orig): its bytes come back
	 * from the cleaned text and the pieces kept */
	if (b - a > wr->ocap) {
		char *q = realloc(wr->obuf, b - a);
		if (!q) {
			wr->err = OB_ERR_NOMEM;
			return "";
		}
		wr->obuf = q;
		wr->ocap = b - a;
	}
	ob__text_orig_bytes(t, a, b, wr->obuf);
	return cstr(wr, wr->obuf, b - a);
}

/* A span as the original file spells it (traditional characters,
 * full-width forms), without the line breaks a joined clause had. */
static const char *
orig_str(writer *wr, ob__span s)
{
	if (s.end <= s.start)
		return "";
	const char *p = orig_piece(wr, s);
	if (p != wr->scratch) /* "" when out of memory */
		return p;
	char *w = wr->scratch;
	for (const char *q = p; *q; q++)
		if (*q != '\n' && *q != '\r' && *q != ' ' && *q != '\t')
			*w++ = *q;
	*w = '\0';
	wr->slen = (size_t)(w - wr->scratch);
	return wr->scratch;
}

int
ob__agency_surfaces(ob_notice *n)
{
	writer wr = { .n = n };

	for (size_t k = 0; k < n->agencies.n && !wr.err; k++) {
		ob__agency *a = &n->agencies.v[k];
		const char *s = orig_str(&wr, a->span);
		if (!wr.err && !(a->surface = ob__intern(n, s, strlen(s))))
			wr.err = OB_ERR_NOMEM;
	}
	free(wr.scratch);
	free(wr.obuf);
	return wr.err;
}

/* The open start tag, to the validator, once its attributes are all in. */
static void
flush_start(writer *wr)
{
	const char *pairs[2 * MAX_ATTRS];

	if (!wr->pending)
		return;
	for (size_t k = 0; k < wr->nattrs; k++) {
		pairs[2 * k] = wr->anames[k];
		pairs[2 * k + 1] = wr->vals + wr->avals[k];
	}
	if (!wr->err && ob__validator_start(wr->v, wr->pending, NS,
	    wr->pending_root, pairs, wr->alens, wr->nattrs))
		wr->err = OB_ERR_NOMEM;
	wr->pending = NULL;
	wr->pending_root = false;
	wr->nattrs = 0;
	wr->vlen = 0;
}

/* <name, under its parent (whose start tag this ends), indented */
static void
open_elem(writer *wr, const char *name, bool root)
{
	flush_start(wr);
	if (wr->depth == wr->stack_cap) {
		size_t cap = 2 * wr->stack_cap + 16;
		elem *p = realloc(wr->stack, cap * sizeof *p);
		if (!p) {
			wr->err = OB_ERR_NOMEM;
			return;
		}
		wr->stack = p;
		wr->stack_cap = cap;
	}
	if (wr->depth && wr->stack[wr->depth - 1].in_tag) {
		close_tag(wr, &wr->stack[wr->depth - 1], false);
		PUT(wr, "\n");
	}
	put_indent(wr, wr->depth);
	PUT(wr, "<");
	put(wr, name, strlen(name));
	wr->stack[wr->depth++] = (elem){ name, true, false };
	wr->pending = name;
	wr->pending_root = root;
}

static void
attr(writer *wr, const char *name, const char *value)
{
	/* what cstr() just wrote is measured already */
	size_t l = value == wr->scratch ? wr->slen : strlen(value);

	PUT(wr, " ");
	put(wr, name, strlen(name));
	PUT(wr, "=\"");
	put_escaped(wr, value, l, true);
	PUT(wr, "\"");
	if (wr->nattrs == MAX_ATTRS) {
		wr->err = OB_ERR_XML;
		return;
	}
	if (wr->vlen + l + 1 > wr->vcap) {
		size_t cap = 2 * (wr->vlen + l + 1);
		char *p = realloc(wr->vals, cap);
		if (!p) {
			wr->err = OB_ERR_NOMEM;
			return;
		}
		wr->vals = p;
		wr->vcap = cap;
	}
	memcpy(wr->vals + wr->vlen, value, l + 1);
	wr->anames[wr->nattrs] = name;
	wr->alens[wr->nattrs] = l;
	wr->avals[wr->nattrs++] = wr->vlen;
	wr->vlen += l + 1;
}

/* Decimal digits of v at p; returns the end. */
static char *
put_uint(char *p, unsigned v)
{
	char d[16];
	int k = 0;

	do
		d[k++] = (char)('0' + v % 10);
	while (v /= 10);
	while (k)
		*p++ = d[--k];
	return p;
}

static void
attr_int(writer *wr, const char *name, long v)
{
	char b[32];
	if (v >= 0 && v <= UINT_MAX)
		*put_uint(b, (unsigned)v) = '\0';
	else
		snprintf(b, sizeof b, "%ld", v);
	attr(wr, name, b);
}

static void
sourcepos(writer *wr, ob__span s)
{
	ob__pos a, b;
	char buf[64], *p = buf;

	ob__text_span_pos_at(&wr->n->text, s, &a, &b, &wr->cur);
	/* "L:C-L:C", without the cost of snprintf for every element */
	p = put_uint(p, a.line);
	*p++ = ':';
	p = put_uint(p, a.col);
	*p++ = '-';
	p = put_uint(p, b.line);
	*p++ = ':';
	p = put_uint(p, b.col);
	*p = '\0';
	attr(wr, "sourcepos", buf);
}

/* page="3" or sheet="任务表", and row="2" or cell="B3": where in the file
 * drawn as the notice's page the span starts (ob__where, ob__place). */
static void
where(writer *wr, ob__span s)
{
	const ob_notice *n = wr->n;
	if (!n->wheres.n && !n->places.n)
		return;
	size_t o = ob__text_orig(&n->text, s.start);
	size_t lo = 0, hi = n->wheres.n;
	while (lo < hi) { /* the last mark at or before it */
		size_t mid = lo + (hi - lo) / 2;
		if (n->wheres.v[mid].off <= o)
			lo = mid + 1;
		else
			hi = mid;
	}
	const ob__where *w = lo > 0 ? &n->wheres.v[lo - 1] : NULL;
	if (w && w->page)
		attr_int(wr, "page", w->page);
	else if (w && w->sheet)
		attr(wr, "sheet", cstr(wr, w->sheet, strlen(w->sheet)));
	lo = 0, hi = n->places.n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (n->places.v[mid].from <= o)
			lo = mid + 1;
		else
			hi = mid;
	}
	/* a row holds its cells: the innermost place that holds it */
	for (size_t k = lo, seen = 0; k-- > 0 && seen++ < 2;) {
		const ob__place *pl = &n->places.v[k];
		if (o >= pl->to)
			continue;
		if (pl->cell)
			attr(wr, "cell", cstr(wr, pl->cell, strlen(pl->cell)));
		else if (pl->row > 0)
			attr_int(wr, "row", pl->row);
		break;
	}
}

static void
start(writer *wr, const char *name)
{
	open_elem(wr, name, false);
}

/* </name>: after its text on the same line, after its elements indented;
 * an element with neither is <name/> */
static void
end(writer *wr)
{
	flush_start(wr);
	if (!wr->depth)
		return;
	elem *e = &wr->stack[wr->depth - 1];
	if (e->in_tag) {
		close_tag(wr, e, true);
		PUT(wr, "\n");
	} else {
		if (!e->text)
			put_indent(wr, wr->depth - 1);
		PUT(wr, "</");
		put(wr, e->name, strlen(e->name));
		PUT(wr, ">\n");
	}
	wr->depth--;
	if (!wr->err)
		ob__validator_end(wr->v, e->name, NS);
}

/* Text longer than this is written as a CDATA section: libxml2's schema
 * validation appends the pieces of a text node one by one, rescanning
 * what it has (quadratic in the node's length), but takes a CDATA section
 * whole. */
#define LONG_TEXT 65536

static void
content(writer *wr, const char *s)
{
	size_t l = s == wr->scratch ? wr->slen : strlen(s);

	if (!wr->depth)
		return;
	elem *e = &wr->stack[wr->depth - 1];
	if (e->in_tag)
		close_tag(wr, e, false);
	e->text = true;
	if (l > LONG_TEXT && !strstr(s, "]]>")) {
		PUT(wr, "<![CDATA[");
		put(wr, s, l);
		PUT(wr, "]]>");
	} else {
		put_escaped(wr, s, l, false);
	}
	flush_start(wr);
	if (!wr->err)
		ob__validator_text(wr->v, s, l);
}

/* <name sourcepos="…">text of span</name> */
static void
span_elem(writer *wr, const char *name, ob__span s)
{
	if (s.end <= s.start)
		return;
	start(wr, name);
	sourcepos(wr, s);
	content(wr, span_str(wr, s));
	end(wr);
}

static void
records(writer *wr, const ob__recs *r)
{
	const ob_notice *n = wr->n;

	for (size_t k = r->times.first; k < r->times.first + r->times.count; k++) {
		const ob__time *t = &n->times.v[k];
		start(wr, "time");
		attr(wr, "kind", ob__kind_names[t->kind]);
		if (t->date[0])
			attr(wr, "date", t->date);
		if (t->duration[0])
			attr(wr, "duration", t->duration);
		if (t->working)
			attr(wr, "days", "working");
		if (t->kind == OB_TIME_EVERY && t->month && t->day) {
			char md[16];
			snprintf(md, sizeof md, "--%02d-%02d", t->month, t->day);
			attr(wr, "monthDay", md);
		}
		if (t->anchored)
			attr(wr, "anchor", "issued");
		where(wr, t->span);
		sourcepos(wr, t->span);
		content(wr, span_str(wr, t->span));
		end(wr);
	}
	for (size_t k = r->targets.first; k < r->targets.first + r->targets.count; k++) {
		const ob__target *t = &n->targets.v[k];
		start(wr, "target");
		attr(wr, "cmp", ob__cmp_names[t->cmp]);
		attr(wr, "value", t->value);
		if (!t->exact)
			attr(wr, "exact", "false");
		if (t->unit[0])
			attr(wr, "unit", t->unit);
		where(wr, t->span);
		sourcepos(wr, t->span);
		content(wr, span_str(wr, t->span));
		end(wr);
	}
	for (size_t k = r->documents.first;
	    k < r->documents.first + r->documents.count; k++) {
		const ob__document *d = &n->documents.v[k];
		start(wr, "document");
		attr(wr, "action", d->action == OB_DOC_ISSUE ? "issue" : "cite");
		where(wr, d->title);
		sourcepos(wr, d->title);
		content(wr, d->title_text ? cstr(wr, d->title_text, strlen(d->title_text))
		    : span_str(wr, d->title));
		end(wr);
	}
}

static void
write_agency(writer *wr, const ob__agency *a)
{
	static const char *const from[] = { "clause", "label", "text", "heading" };
	const char *surface = a->surface ? a->surface : orig_str(wr, a->span);

	start(wr, "agency");
	attr(wr, "role", ob__role_names[a->role]);
	/* before the ref: both strings live in the writer's one buffer */
	if (strcmp(surface, a->name))
		attr(wr, "surface", surface);
	if (a->ref)
		attr(wr, "ref", cstr(wr, a->ref, strlen(a->ref)));
	if (a->level)
		attr(wr, "level", ob__level_names[a->level]);
	attr(wr, "from", from[a->from]);
	where(wr, a->span);
	sourcepos(wr, a->span);
	content(wr, cstr(wr, a->name, strlen(a->name)));
	end(wr);
}

/* An owner's agencies; the element spans the clause when there is one,
 * else the names themselves. */
static void
agencies(writer *wr, ob__range r, ob__span clause)
{
	const ob_notice *n = wr->n;

	if (!r.count)
		return;
	if (clause.end <= clause.start) {
		clause = n->agencies.v[r.first].span;
		for (size_t k = r.first; k < r.first + r.count; k++) {
			ob__span s = n->agencies.v[k].span;
			if (s.start < clause.start)
				clause.start = s.start;
			if (s.end > clause.end)
				clause.end = s.end;
		}
	}
	start(wr, "agencies");
	sourcepos(wr, clause);
	for (size_t k = r.first; k < r.first + r.count; k++)
		if (!n->agencies.v[k].repeat)
			write_agency(wr, &n->agencies.v[k]);
	end(wr);
}

static void
obligations(writer *wr, ob__range r, const char *owner)
{
	static const char *const modality[] = { "", "must", "should", "may" };
	for (size_t k = r.first; k < r.first + r.count; k++) {
		const ob__obligation *o = &wr->n->obligations.v[k];
		char id[128];
		/* owner.oN, without the cost of snprintf for every obligation */
		size_t ol = strlen(owner);
		if (ol > sizeof id - 24)
			ol = sizeof id - 24;
		memcpy(id, owner, ol);
		memcpy(id + ol, ".o", 2);
		*put_uint(id + ol + 2, (unsigned)(k - r.first + 1)) = '\0';
		start(wr, "obligation");
		attr(wr, "id", id);
		if (o->modality) {
			attr(wr, "modality", modality[o->modality]);
			attr(wr, "modalWord", span_str(wr, o->modal_word));
		}
		where(wr, o->span);
		sourcepos(wr, o->span);
		span_elem(wr, "text", o->span);
		for (size_t a = o->agencies.first; a < o->agencies.first + o->agencies.count; a++)
			write_agency(wr, &wr->n->agencies.v[wr->n->oblig_agencies.v[a]]);
		records(wr, &o->recs);
		end(wr);
	}
}

static void
aliases(writer *wr, ob__range r)
{
	for (size_t k = r.first; k < r.first + r.count; k++) {
		const ob__alias *a = &wr->n->aliases.v[k];
		start(wr, "alias");
		attr(wr, "short", span_str(wr, a->short_name));
		attr(wr, "full", span_str(wr, a->full));
		sourcepos(wr, a->span);
		end(wr);
	}
}

static void
write_item(writer *wr, long idx)
{
	const ob_notice *n = wr->n;
	const ob__item *it = &n->items.v[idx];

	start(wr, "item");
	attr_int(wr, "n", it->n);
	attr(wr, "label", span_str(wr, it->label));
	attr(wr, "id", ob__item_id(n, it));
	where(wr, it->span);
	sourcepos(wr, it->span);
	if (it->title.end > it->title.start)
		span_elem(wr, "title", it->title);
	else {
		/* a marker with nothing after it: an empty title at the marker */
		start(wr, "title");
		sourcepos(wr, it->label);
		end(wr);
	}
	span_elem(wr, "text", it->text);
	agencies(wr, it->agencies, it->agency_clause);
	records(wr, &it->recs);
	obligations(wr, it->obligations, ob__item_id(n, it));
	aliases(wr, it->aliases);
	for (long c = it->first_child; c >= 0; c = n->items.v[c].next_sibling)
		write_item(wr, c);
	end(wr);
}

static void
text_elem(writer *wr, const char *name, const char *text, ob__span s)
{
	if (!text || s.end <= s.start)
		return;
	start(wr, name);
	sourcepos(wr, s);
	content(wr, cstr(wr, text, strlen(text)));
	end(wr);
}

static void
write_notice(writer *wr)
{
	const ob_notice *n = wr->n;
	const ob__meta *md = &n->meta;
	char hex[65];

	for (int k = 0; k < 32; k++)
		snprintf(hex + 2 * k, 3, "%02x", n->sha256[k]);
	PUT(wr, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
	open_elem(wr, "notice", true);
	attr(wr, "source", cstr(wr, n->source, strlen(n->source)));
	attr(wr, "sha256", hex);
	attr(wr, "generator", "oblix " OB_VERSION);

	start(wr, "meta");
	text_elem(wr, "noticeTitle", md->notice_title_text, md->notice_title);
	text_elem(wr, "title", md->title_text, md->title);
	for (int k = 0; k < md->nissuers; k++) {
		if (md->issuers[k].end <= md->issuers[k].start)
			continue;
		start(wr, "issuer");
		if (md->from_props & OB_PROPS_ISSUER)
			attr(wr, "basis", "properties");
		sourcepos(wr, md->issuers[k]);
		content(wr, span_str(wr, md->issuers[k]));
		end(wr);
	}
	span_elem(wr, "docNumber", md->doc_number);
	if (md->issued.end) {
		start(wr, "issued");
		if (md->from_props & OB_PROPS_DATE)
			attr(wr, "basis", "properties");
		sourcepos(wr, md->issued);
		content(wr, md->issued_iso);
		end(wr);
	}
	span_elem(wr, "status", md->status);
	if (md->published.end) {
		start(wr, "published");
		sourcepos(wr, md->published);
		content(wr, md->published_iso);
		end(wr);
	}
	if (md->year_basis) {
		start(wr, "year");
		char y[16];
		snprintf(y, sizeof y, "%04d", md->year);
		attr(wr, "basis", ob__basis_names[md->year_basis]);
		content(wr, y);
		end(wr);
	}
	static const char *const how[] = { "utf8", "bom", "detector", "given", "page" };
	start(wr, "encoding");
	attr(wr, "by", how[md->encoding_how]);
	content(wr, md->encoding);
	end(wr);
	if (md->traditional) {
		start(wr, "script");
		content(wr, "Hant");
		end(wr);
	}
	if (md->container) {
		start(wr, "container");
		content(wr, md->container);
		end(wr);
	}
	end(wr);
	span_elem(wr, "preamble", n->preamble);
	/* items outside any section come first, then the sections */
	for (long c = n->first_item; c >= 0; c = n->items.v[c].next_sibling)
		write_item(wr, c);
	for (size_t s = 0; s < n->sections.n; s++) {
		const ob__section *sec = &n->sections.v[s];
		start(wr, "section");
		attr_int(wr, "n", sec->n);
		attr(wr, "label", span_str(wr, sec->label));
		where(wr, sec->span);
		sourcepos(wr, sec->span);
		if (sec->heading.end > sec->heading.start)
			span_elem(wr, "heading", sec->heading);
		else {
			start(wr, "heading");
			sourcepos(wr, sec->label);
			end(wr);
		}
		span_elem(wr, "text", sec->text);
		agencies(wr, sec->agencies, (ob__span){ 0, 0 });
		char sid[32];
		snprintf(sid, sizeof sid, "s%d", sec->n);
		obligations(wr, sec->obligations, sid);
		for (long c = sec->first_item; c >= 0; c = n->items.v[c].next_sibling)
			write_item(wr, c);
		end(wr);
	}
	span_elem(wr, "closing", n->closing);
	agencies(wr, n->closing_agencies, (ob__span){ 0, 0 });
	/* the notice's own obligations: the preamble's (p.o1 …), then the
	 * closing's (c.o1 …) */
	obligations(wr, n->preamble_obligations, "p");
	obligations(wr, n->closing_obligations, "c");
	aliases(wr, n->closing_aliases);
	end(wr);
}

/* The temporary file, whole, to out: from file to file in the kernel
 * where out is a file descriptor (the tens of megabytes of a large notice
 * never come back into this process), else read and written through buf.
 * The temporary file was flushed. */
static bool
copy_out(FILE *tmp, FILE *out, char *buf, size_t cap)
{
#ifdef __linux__
	off_t size = ftello(tmp), off = 0;
	int ofd = fileno(out);
	if (size >= 0 && ofd >= 0 && !fflush(out)) {
		while (off < size) {
			ssize_t n = sendfile(ofd, fileno(tmp), &off, (size_t)(size - off));
			if (n > 0)
				continue;
			if (n < 0 && errno == EINTR)
				continue;
			/* an output sendfile cannot write to (O_APPEND): the
			 * other way, if nothing went yet */
			if (n < 0 && off == 0 && (errno == EINVAL || errno == ENOSYS))
				break;
			return false;
		}
		if (off == size)
			return true;
	}
#endif
	size_t got;
	bool ok = !fseek(tmp, 0, SEEK_SET);
	while (ok && (got = fread(buf, 1, cap, tmp)) > 0)
		ok = fwrite(buf, 1, got, out) == got;
	return ok && !ferror(tmp);
}

/* The notice's document to out.  direct: out is a file the caller throws
 * away unless this succeeds, so a large document goes there as it is
 * written, not through a temporary file of its own. */
static int
write_xml(const ob_notice *n, FILE *out, bool direct, ob_error *err)
{
	writer wr = { .n = n };
	int r;

	if (err) {
		memset(err, 0, sizeof *err);
		err->file = n->source;
	}
	if ((r = ob__validator_new(&wr.v, err))) {
		if (err)
			err->file = n->source;
		return r;
	}
	/* small notices are written in memory; larger ones in pieces of
	 * TMP_BUF to a temporary file, so that memory stays within a few
	 * times the input's size */
	if (n->data_len > OB_MEM_OUTPUT) {
		if (!(wr.tmp = direct ? out : tmpfile())) {
			ob__validator_free(wr.v);
			return ob__error_set(err, OB_ERR_IO, 20, 0,
			    "cannot create a temporary file for the output");
		}
		wr.out = malloc(TMP_BUF);
		wr.ocap_out = wr.out ? TMP_BUF : 0;
	}
	/* written and validated in one walk */
	write_notice(&wr);
	free(wr.scratch);
	free(wr.obuf);
	free(wr.vals);
	free(wr.stack);
	r = wr.err ? 0 : ob__validator_finish(wr.v);
	ob__validator_free(wr.v);
	if (!wr.err && !r && wr.tmp && wr.olen) {
		if (fwrite(wr.out, 1, wr.olen, wr.tmp) != wr.olen && !wr.tmp_err)
			wr.tmp_err = errno ? errno : EIO;
		wr.olen = 0;
	}
	errno = 0;
	if (wr.tmp && (fflush(wr.tmp) || ferror(wr.tmp)) && !wr.tmp_err)
		wr.tmp_err = errno ? errno : EIO;
	if (wr.err || r || wr.tmp_err) {
		if (wr.tmp && wr.tmp != out)
			fclose(wr.tmp);
		free(wr.out);
		if (wr.err)
			return ob__error_set(err, wr.err, 21, 0,
			    "the XML could not be written");
		if (r) {
			if (err)
				err->file = n->source;
			return r;
		}
		if (wr.tmp == out)
			r = ob__error_set(err, OB_ERR_IO, 22, 0, "cannot write the output: %s",
			    strerror(wr.tmp_err));
		else
			r = ob__error_set(err, OB_ERR_IO, 20, 0, "temporary file error: %s",
			    strerror(wr.tmp_err));
		errno = wr.tmp_err; /* for a caller that names the output */
		return r;
	}
	/* valid: now, and only now, the bytes go out */
	bool ok = true;
	errno = 0;
	if (!wr.tmp) {
		ok = fwrite(wr.out, 1, wr.olen, out) == wr.olen;
	} else if (wr.tmp != out) {
		ok = copy_out(wr.tmp, out, wr.out, wr.ocap_out);
	}
	if (ok && fflush(out))
		ok = false;
	int e = ok ? 0 : errno ? errno : EIO;
	if (wr.tmp && wr.tmp != out)
		fclose(wr.tmp);
	free(wr.out);
	if (ok)
		return 0;
	r = ob__error_set(err, OB_ERR_IO, 22, 0, "cannot write the output: %s", strerror(e));
	errno = e; /* for a caller that names the output */
	return r;
}

int
ob_notice_write_xml(const ob_notice *n, FILE *out, ob_error *err)
{
	return write_xml(n, out, false, err);
}

int
ob_notice_write_xml_direct(const ob_notice *n, FILE *out, ob_error *err)
{
	return write_xml(n, out, true, err);
}
