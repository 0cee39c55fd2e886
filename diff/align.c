/* SPDX-License-Identifier: MIT */
/*
 * Editions and the alignment of their items, shared by oblix diff and
 * oblix history.
 *
 * Items are paired by what they say, not by their numbers.  Two editions of
 * a plan reword the same line of work ("加强安全生产宣传教育，提高全社会
 * 安全意识" → "积极开展安全生产知识宣传教育"), so characters alone are too
 * weak a signal; an item is described by
 *   - its character bigrams (title and text), compared by Jaccard;
 *   - its content words (ICU dictionary word break, ideographic words of two
 *     characters or more and Latin words; numbers left out, they change
 *     with the targets), compared by a Jaccard weighted with inverse
 *     document frequency over both sides, so that 安全生产 counts and 加强
 *     does not;
 *   - its agencies (by ob__agency_key) and documents;
 *   - its place in the plan (plans keep their order from year to year).
 * Candidate pairs come from an inverted index of the bigrams (those in more
 * than COMMON_GRAM items skipped), are scored, and are paired greedily from
 * the best score down: near-optimal, and fast enough for plans of thousands
 * of items.  The score is the pairing's confidence.  An unpaired item whose
 * text lies mostly inside a paired item of the other side was split from
 * it (new) or merged into it (old).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/xmlreader.h>
#include <unicode/ustring.h>

#include "align.h"
#include "dom.h"
#include "error.h"
#include "model.h"
#include "text.h"
#include "validate.h"

#define PAIR_MIN 0.15   /* the least score of a pairing */
#define ROUNDS 2        /* of mutual best choices */
#define LOW_SCORE 0.30  /* a pairing under this score, */
#define LOW_MARGIN 0.05 /* or this close to its runner-up, is low in
			 * confidence: marked for a reader to judge */
#define CONTAINED 0.60
#define COMMON_GRAM 64  /* postings over this are too common to pair by */
#define MAX_CANDS 24    /* candidates scored per item */

const char *
ob__agency_key(const ob__aagency *a)
{
	/* The canonical reference, when the extraction knows the body, says
	 * that two spellings name one agency; the name is all we have
	 * otherwise. */
	return a->ref && *a->ref ? a->ref : a->name ? a->name : "";
}

char *
ob__aitem_lead(const ob__aitem *it, bool keys)
{
	char *out = NULL;
	size_t len = 0;
	for (size_t k = 0; k < it->nagencies; k++) {
		if (!it->agencies[k].role || strcmp(it->agencies[k].role, "lead"))
			continue;
		const char *name = keys ? ob__agency_key(&it->agencies[k])
		    : it->agencies[k].name ? it->agencies[k].name : "";
		size_t nl = strlen(name);
		char *p = realloc(out, len + nl + 4);
		if (!p) {
			free(out);
			return NULL;
		}
		out = p;
		if (len) {
			memcpy(out + len, "、", 3);
			len += 3;
		}
		memcpy(out + len, name, nl + 1);
		len += nl;
	}
	return out;
}

static int
push_str(char ***v, size_t *n, char *s)
{
	char **p = realloc(*v, (*n + 1) * sizeof *p);
	if (!p) {
		xmlFree(s);
		return OB_ERR_NOMEM;
	}
	*v = p;
	(*v)[(*n)++] = s;
	return 0;
}

static int
push_rec(ob__rec **v, size_t *n, ob__rec r)
{
	ob__rec *p = realloc(*v, (*n + 1) * sizeof *p);
	if (!p) {
		xmlFree(r.a), xmlFree(r.b), xmlFree(r.c), xmlFree(r.text);
		return OB_ERR_NOMEM;
	}
	*v = p;
	(*v)[(*n)++] = r;
	return 0;
}

static int
cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return x < y ? -1 : x > y;
}

static size_t
sort_unique(uint32_t *v, size_t n)
{
	if (n > 1)
		qsort(v, n, sizeof *v, cmp_u32);
	size_t u = 0;
	for (size_t k = 0; k < n; k++)
		if (!u || v[u - 1] != v[k])
			v[u++] = v[k];
	return u;
}

/* Character bigrams of the title and text, hashed, sorted, unique. */
static int
grams(ob__aitem *it)
{
	const char *parts[2] = { it->title ? it->title : "", it->text ? it->text : "" };
	size_t cap = 0;
	for (int k = 0; k < 2; k++)
		cap += strlen(parts[k]);
	it->grams = malloc((cap + 1) * sizeof *it->grams);
	if (!it->grams)
		return OB_ERR_NOMEM;
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
	it->ngrams = sort_unique(it->grams, it->ngrams);
	return 0;
}

UChar *
ob__u16_dup(const char *s, int32_t *len, UErrorCode *st)
{
	*st = U_ZERO_ERROR;
	*len = 0;
	u_strFromUTF8(NULL, 0, len, s, -1, st);
	*st = U_ZERO_ERROR;
	UChar *u = malloc(((size_t)*len + 1) * sizeof *u);
	if (u)
		u_strFromUTF8(u, *len + 1, len, s, -1, st);
	return u;
}

char *
ob__u8_dup(const UChar *u, int32_t a, int32_t b)
{
	/* measured first, then copied */
	int32_t n8 = 0;
	UErrorCode st = U_ZERO_ERROR;
	u_strToUTF8(NULL, 0, &n8, u + a, b - a, &st);
	char *w = malloc((size_t)n8 + 1);
	if (w) {
		st = U_ZERO_ERROR;
		u_strToUTF8(w, n8 + 1, &n8, u + a, b - a, &st);
	}
	return w;
}

/* A word's hash (FNV-1a over its UTF-16): the words of an item, and
 * the evidence found again by it. */
static uint32_t
word_hash(const UChar *u, int32_t a, int32_t b)
{
	uint32_t h = 2166136261u;
	for (int32_t j = a; j < b; j++)
		h = (h ^ u[j]) * 16777619u;
	return h;
}

/* Content words of the title and text, hashed (word_hash). */
static int
content_words(ob__aitem *it, UBreakIterator *bi)
{
	const char *parts[2] = { it->title ? it->title : "", it->text ? it->text : "" };
	for (int k = 0; k < 2; k++) {
		UErrorCode st;
		int32_t len;
		if (!*parts[k])
			continue;
		UChar *u = ob__u16_dup(parts[k], &len, &st);
		if (!u)
			return OB_ERR_NOMEM;
		ubrk_setText(bi, u, len, &st);
		if (U_FAILURE(st)) {
			free(u);
			return OB_ERR_ICU;
		}
		/* at most one word per two code units of a content word */
		uint32_t *v = realloc(it->words, (it->nwords + (size_t)len / 2 + 1) * sizeof *v);
		if (!v) {
			free(u);
			return OB_ERR_NOMEM;
		}
		it->words = v;
		int32_t a = ubrk_first(bi);
		for (int32_t b = ubrk_next(bi); b != UBRK_DONE; a = b, b = ubrk_next(bi)) {
			int32_t status = ubrk_getRuleStatus(bi);
			bool ideo = status >= UBRK_WORD_IDEO && status < UBRK_WORD_IDEO_LIMIT;
			bool letter = status >= UBRK_WORD_LETTER && status < UBRK_WORD_LETTER_LIMIT;
			bool kana = status >= UBRK_WORD_KANA && status < UBRK_WORD_KANA_LIMIT;
			/* one-character words are mostly function words (的, 和, 在) */
			if (!(ideo || letter || kana) || u_countChar32(u + a, b - a) < 2)
				continue;
			it->words[it->nwords++] = word_hash(u, a, b);
		}
		free(u);
		if (k == 0 && it->nwords) {
			/* the title's words, apart: they name the task */
			it->twords = malloc(it->nwords * sizeof *it->twords);
			if (!it->twords)
				return OB_ERR_NOMEM;
			memcpy(it->twords, it->words, it->nwords * sizeof *it->twords);
			it->ntwords = sort_unique(it->twords, it->nwords);
		}
	}
	it->nwords = sort_unique(it->words, it->nwords);
	return 0;
}

/* A text as compared: a run of white space goes where it stood between
 * two Latin letters or digits (one space) and vanishes elsewhere, so that
 * the line breaks of a text edition and the none of its HTML page, or a
 * leading newline, are no change.  In place; s may be NULL. */
static void
squeeze(char *s)
{
	if (!s)
		return;
	char *w = s;
	const char *r = s;
	while (*r) {
		if (*r == ' ' || *r == '\t' || *r == '\n' || *r == '\r') {
			while (*r == ' ' || *r == '\t' || *r == '\n' || *r == '\r')
				r++;
			unsigned char before = w > s ? (unsigned char)w[-1] : 0;
			unsigned char after = (unsigned char)*r;
			if (before && after && before < 0x80 && after < 0x80)
				*w++ = ' ';
			continue;
		}
		*w++ = *r++;
	}
	*w = '\0';
}

static int
take_record(ob__aitem *it, xmlNode *c)
{
	if (ob__dom_is(c, "time"))
		return push_rec(&it->times, &it->ntimes, (ob__rec){ ob__dom_prop(c, "kind"),
		    ob__dom_prop(c, "date"), ob__dom_prop(c, "duration"), ob__dom_text(c) });
	if (ob__dom_is(c, "target"))
		return push_rec(&it->targets, &it->ntargets, (ob__rec){ ob__dom_prop(c, "cmp"),
		    ob__dom_prop(c, "value"), ob__dom_prop(c, "unit"), ob__dom_text(c) });
	if (ob__dom_is(c, "document"))
		return push_str(&it->docs, &it->ndocs, ob__dom_text(c));
	return 0;
}

typedef struct reader {
	ob__edition *e;
	UBreakIterator *bi;
	int ret;
	int depth; /* of the item being read: a document's nesting is capped */
} reader;

/* Items within items deeper than this are no plan's: a document that
 * validates may still nest 200,000 deep. */
#define MAX_DEPTH 64

/* A new unit of the edition, of kind unit (static); NULL when out of
 * memory (rd->ret set). */
static ob__aitem *
new_unit(reader *rd, const char *unit)
{
	ob__edition *s = rd->e;
	if (rd->ret)
		return NULL;
	ob__aitem *v = realloc(s->items, (s->n + 1) * sizeof *v);
	if (!v) {
		rd->ret = OB_ERR_NOMEM;
		return NULL;
	}
	s->items = v;
	ob__aitem *it = &s->items[s->n];
	memset(it, 0, sizeof *it);
	it->index = s->n++;
	it->unit = unit;
	return it;
}

/* What a unit's node holds: its agencies, the records of its own and of
 * its obligations; then its bigrams and words. */
static void
read_records(reader *rd, ob__aitem *it, xmlNode *node)
{
	squeeze(it->title);
	squeeze(it->text);
	if (!it->section || !it->path) {
		rd->ret = OB_ERR_NOMEM;
		return;
	}
	xmlNode *ag = ob__dom_child(node, "agencies");
	for (xmlNode *a = ag ? ag->children : NULL; a; a = a->next) {
		if (!ob__dom_is(a, "agency"))
			continue;
		ob__aagency *p = realloc(it->agencies, (it->nagencies + 1) * sizeof *p);
		if (!p) {
			rd->ret = OB_ERR_NOMEM;
			return;
		}
		it->agencies = p;
		/* ref: the canonical body, when the extraction names one */
		it->agencies[it->nagencies++] = (ob__aagency){ ob__dom_prop(a, "role"),
			ob__dom_text(a), ob__dom_prop(a, "ref") };
	}
	/* records of the unit (an item's title and labelled lines) and of
	 * its obligations */
	int r = 0;
	for (xmlNode *c = node->children; !r && c; c = c->next) {
		if (ob__dom_is(c, "obligation"))
			for (xmlNode *d = c->children; !r && d; d = d->next)
				r = take_record(it, d);
		else
			r = take_record(it, c);
	}
	if (!r)
		r = grams(it);
	if (!r)
		r = content_words(it, rd->bi);
	if (r)
		rd->ret = r;
}

static void
read_item(reader *rd, xmlNode *node, const char *section, const char *path)
{
	ob__aitem *it = new_unit(rd, "item");
	if (!it)
		return;
	it->id = ob__dom_prop(node, "id");
	it->label = ob__dom_prop(node, "label");
	it->pos = ob__dom_prop(node, "sourcepos");
	if (asprintf(&it->path, "%s%s%s", path, *path ? "/" : "", it->label ? it->label : "") < 0)
		it->path = NULL;
	it->section = strdup(section);
	it->title = ob__dom_text(ob__dom_child(node, "title"));
	it->text = ob__dom_text(ob__dom_child(node, "text"));
	read_records(rd, it, node);
	if (rd->ret)
		return;
	/* it may move when the array grows: keep the path apart */
	char *mypath = strdup(it->path);
	if (!mypath) {
		rd->ret = OB_ERR_NOMEM;
		return;
	}
	for (xmlNode *c = node->children; c && !rd->ret; c = c->next) {
		if (!ob__dom_is(c, "item"))
			continue;
		if (rd->depth >= MAX_DEPTH) {
			rd->ret = OB_ERR_LIMIT;
			break;
		}
		rd->depth++;
		read_item(rd, c, section, mypath);
		rd->depth--;
	}
	free(mypath);
}

/* A section's own text and obligations, as one unit: s1, s2 … */
static void
read_section(reader *rd, xmlNode *node, const char *label)
{
	ob__aitem *it = new_unit(rd, "section");
	if (!it)
		return;
	char *n = ob__dom_prop(node, "n");
	if (asprintf(&it->id, "s%s", n ? n : "") < 0)
		it->id = NULL;
	xmlFree(n);
	it->label = (char *)xmlStrdup(BAD_CAST label);
	it->pos = ob__dom_prop(node, "sourcepos");
	it->path = strdup(label);
	/* a section's own unit stands at the top, as its section does: a
	 * new number is a renumbering, not a move */
	it->section = strdup("");
	it->title = ob__dom_text(ob__dom_child(node, "heading"));
	it->text = ob__dom_text(ob__dom_child(node, "text"));
	if (!it->id || !it->label) {
		rd->ret = OB_ERR_NOMEM;
		return;
	}
	read_records(rd, it, node);
}

/* The preamble or the closing (unit names it), as one unit: the text of
 * part, the agencies and the records of the obligations under owner. */
static void
read_whole(reader *rd, xmlNode *owner, xmlNode *part, const char *unit)
{
	ob__aitem *it = new_unit(rd, unit);
	if (!it)
		return;
	it->id = (char *)xmlStrdup(BAD_CAST unit);
	it->pos = part ? ob__dom_prop(part, "sourcepos") : NULL;
	it->path = strdup(unit);
	it->section = strdup("");
	it->text = part ? ob__dom_text(part) : NULL;
	if (!it->id) {
		rd->ret = OB_ERR_NOMEM;
		return;
	}
	read_records(rd, it, owner);
}

static void
free_item(ob__aitem *it)
{
	xmlFree(it->id), xmlFree(it->label), xmlFree(it->pos);
	free(it->path), free(it->section);
	xmlFree(it->title), xmlFree(it->text);
	for (size_t j = 0; j < it->nagencies; j++)
		xmlFree(it->agencies[j].role), xmlFree(it->agencies[j].name),
		    xmlFree(it->agencies[j].ref);
	free(it->agencies);
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
	free(it->words);
	free(it->twords);
}

int
ob__edition_tasks(ob__edition *e)
{
	size_t m = 0;
	for (size_t k = 0; k < e->n; k++) {
		if (!ob__task_unit(&e->items[k])) {
			free_item(&e->items[k]);
			continue;
		}
		e->items[m] = e->items[k];
		e->items[m].index = m;
		m++;
	}
	e->n = m;
	return 0;
}

void
ob__edition_free(ob__edition *e)
{
	for (size_t k = 0; k < e->n; k++)
		free_item(&e->items[k]);
	free(e->items);
	free(e->name);
	xmlFree(e->doc_number);
	xmlFree(e->title);
	memset(e, 0, sizeof *e);
}

/* The whole file, or standard input for "-"; NULL with err set when it
 * cannot be read. */
static char *
read_all(const char *path, size_t *len, ob_error *err)
{
	bool is_stdin = !strcmp(path, "-");
	FILE *in = is_stdin ? stdin : fopen(path, "rb");
	char *data = NULL;
	size_t n = 0, cap = 0;
	if (!in) {
		ob__error_set(err, OB_ERR_IO, 9, 0, "cannot open: %s", strerror(errno));
		err->file = path;
		return NULL;
	}
	for (;;) {
		if (n + 65536 + 1 > cap) {
			cap = cap ? cap * 2 : 65536 * 2;
			char *p = realloc(data, cap);
			if (!p) {
				free(data);
				if (!is_stdin)
					fclose(in);
				ob__error_set(err, OB_ERR_NOMEM, 0, 0, "out of memory");
				return NULL;
			}
			data = p;
		}
		size_t got = fread(data + n, 1, 65536, in);
		n += got;
		if (got < 65536)
			break;
	}
	int e = ferror(in) ? errno : 0;
	if (!is_stdin)
		fclose(in);
	if (e) {
		free(data);
		ob__error_set(err, OB_ERR_IO, 9, 0, "read error: %s", strerror(e));
		err->file = path;
		return NULL;
	}
	data[n] = '\0';
	*len = n;
	return data;
}

/* A section's name ("一、heading") for its items, and its own unit where
 * its text obliges as an item does (一、…。各地要…). */
static int
section_unit(reader *rd, xmlNode *sec, const char *label, char **name)
{
	char *heading = ob__dom_text(ob__dom_child(sec, "heading"));
	if (asprintf(name, "%s、%s", label ? label : "", heading ? heading : "") < 0)
		*name = NULL;
	xmlFree(heading);
	if (!*name)
		return OB_ERR_NOMEM;
	if (ob__dom_child(sec, "text") || ob__dom_child(sec, "obligation"))
		read_section(rd, sec, label ? label : "");
	return 0;
}

static int keep(xmlTextReaderPtr r, xmlNode *holder);
static bool at(xmlTextReaderPtr r, const char *name);

/* A section, read as a stream from its start tag to its end: its own
 * heading, text, agencies and obligations kept until its first item (they
 * come before its items), then its items one by one. */
static int
stream_section(xmlTextReaderPtr r, reader *rd, xmlDocPtr scratch)
{
	xmlNode *sec = xmlNewDocNode(scratch, NULL, BAD_CAST "section", NULL);
	char *label = (char *)xmlTextReaderGetAttribute(r, BAD_CAST "label");
	char *n = (char *)xmlTextReaderGetAttribute(r, BAD_CAST "n");
	char *pos = (char *)xmlTextReaderGetAttribute(r, BAD_CAST "sourcepos");
	char *name = NULL;
	bool made = false, empty = xmlTextReaderIsEmptyElement(r) == 1;
	int ret = 0, st = 1;
	if (!sec || (n && !xmlNewProp(sec, BAD_CAST "n", BAD_CAST n)) ||
	    (pos && !xmlNewProp(sec, BAD_CAST "sourcepos", BAD_CAST pos)))
		ret = OB_ERR_NOMEM;
	int depth = xmlTextReaderDepth(r);
	if (!empty)
		st = xmlTextReaderRead(r);
	while (!empty && !ret && !rd->ret && st == 1 &&
	    !(xmlTextReaderNodeType(r) == XML_READER_TYPE_END_ELEMENT && xmlTextReaderDepth(r) == depth)) {
		if (xmlTextReaderNodeType(r) != XML_READER_TYPE_ELEMENT ||
		    xmlTextReaderDepth(r) != depth + 1) {
			st = xmlTextReaderRead(r);
			continue;
		}
		if (at(r, "item")) {
			if (!made) {
				ret = section_unit(rd, sec, label, &name);
				made = true;
			}
			xmlNode *it = ret ? NULL : xmlTextReaderExpand(r);
			if (!ret && !it)
				ret = OB_ERR_XML;
			if (!ret)
				read_item(rd, it, name, label ? label : "");
		} else
			ret = keep(r, sec);
		st = xmlTextReaderNext(r);
	}
	if (st < 0 && !ret)
		ret = OB_ERR_XML;
	if (!ret && !made)
		ret = section_unit(rd, sec, label, &name);
	free(name);
	xmlFree(label), xmlFree(n), xmlFree(pos);
	xmlFreeNode(sec);
	return ret;
}

/* The element the reader stands on expanded, copied under holder. */
static int
keep(xmlTextReaderPtr r, xmlNode *holder)
{
	xmlNode *n = xmlTextReaderExpand(r);
	xmlNode *c = n ? xmlDocCopyNode(n, holder->doc, 1) : NULL;
	if (!c || !xmlAddChild(holder, c)) {
		xmlFreeNode(c);
		return n ? OB_ERR_NOMEM : OB_ERR_XML;
	}
	return 0;
}

static bool
at(xmlTextReaderPtr r, const char *name)
{
	return xmlTextReaderNodeType(r) == XML_READER_TYPE_ELEMENT &&
	    !strcmp((const char *)xmlTextReaderConstLocalName(r), name);
}

/*
 * The units of a document, read as a stream: each item's subtree is
 * expanded, read and let go, so that an edition of any size costs its
 * units' copies and one item's tree, not the document's tree.  What the
 * preamble, the sections and the closing need beyond their items is kept
 * in small holders until their unit is made.
 */
static int
stream(xmlTextReaderPtr r, ob__edition *s, UBreakIterator *words)
{
	reader rd = { s, words, 0, 0 };
	xmlDocPtr scratch = xmlNewDoc(BAD_CAST "1.0");
	xmlNode *root = scratch ? xmlNewDocNode(scratch, NULL, BAD_CAST "notice", NULL) : NULL;
	/* the preamble's own obligations (p.o1 …) apart from the notice's */
	xmlNode *own = scratch ? xmlNewDocNode(scratch, NULL, BAD_CAST "preamble", NULL) : NULL;
	xmlNode *pre = NULL, *closing = NULL;
	int st, ret = 0;
	if (!root || !own) {
		xmlFreeNode(own);
		xmlFreeDoc(scratch);
		return OB_ERR_NOMEM;
	}
	xmlDocSetRootElement(scratch, root);
	/* to the root element, then its children one by one */
	while ((st = xmlTextReaderRead(r)) == 1 && xmlTextReaderNodeType(r) != XML_READER_TYPE_ELEMENT)
		;
	if (st != 1 || !at(r, "notice")) {
		xmlFreeNode(own);
		xmlFreeDoc(scratch);
		return OB_ERR_XML;
	}
	st = xmlTextReaderRead(r);
	while (st == 1 && !ret && !rd.ret) {
		if (xmlTextReaderNodeType(r) != XML_READER_TYPE_ELEMENT || xmlTextReaderDepth(r) != 1) {
			st = xmlTextReaderRead(r);
			continue;
		}
		if (at(r, "meta")) {
			xmlNode *meta = xmlTextReaderExpand(r);
			char *year = ob__dom_text(ob__dom_child(meta, "year"));
			s->year = year ? atoi(year) : 0;
			xmlFree(year);
			s->doc_number = ob__dom_text(ob__dom_child(meta, "docNumber"));
			s->title = ob__dom_text(ob__dom_child(meta, "title"));
		} else if (at(r, "item")) {
			xmlNode *n = xmlTextReaderExpand(r);
			if (!n)
				ret = OB_ERR_XML;
			else
				read_item(&rd, n, "", "");
		} else if (at(r, "section")) {
			ret = stream_section(r, &rd, scratch);
			st = xmlTextReaderRead(r);
			continue;
		} else if (at(r, "preamble") || at(r, "closing")) {
			xmlNode *n = xmlTextReaderExpand(r);
			xmlNode *c = n ? xmlDocCopyNode(n, scratch, 1) : NULL;
			if (!c)
				ret = n ? OB_ERR_NOMEM : OB_ERR_XML;
			else if (at(r, "preamble"))
				pre = c;
			else
				closing = c;
		} else {
			/* the notice's own agencies, obligations, aliases; the
			 * preamble's obligations are its own */
			xmlChar *id = at(r, "obligation") ? xmlTextReaderGetAttribute(r, BAD_CAST "id") : NULL;
			ret = keep(r, id && !strncmp((char *)id, "p.", 2) ? own : root);
			xmlFree(id);
		}
		st = xmlTextReaderNext(r);
	}
	if (st < 0 && !ret)
		ret = OB_ERR_XML;
	/* the preamble's own obligations (p.o1 …) are its; the notice's
	 * others (c.o1 …) the closing's, or where there is no closing (a
	 * notice without items) the preamble's: every one read somewhere */
	bool own_obl = ob__dom_child(own, "obligation") != NULL;
	bool root_obl = ob__dom_child(root, "obligation") != NULL;
	bool whole = !closing && !own_obl && root_obl;
	if (!ret && !rd.ret && (pre || own_obl || whole)) {
		read_whole(&rd, whole ? root : own, pre, "preamble");
		/* the preamble leads */
		if (!rd.ret && s->n > 1) {
			ob__aitem p = s->items[s->n - 1];
			memmove(s->items + 1, s->items, (s->n - 1) * sizeof *s->items);
			s->items[0] = p;
			for (size_t k = 0; k < s->n; k++)
				s->items[k].index = k;
		}
	}
	if (!ret && !rd.ret && (closing || (root_obl && !whole)))
		read_whole(&rd, root, closing, "closing");
	xmlFreeNode(pre);
	xmlFreeNode(closing);
	xmlFreeNode(own);
	xmlFreeDoc(scratch);
	return ret ? ret : rd.ret;
}

int
ob__edition_load(const char *path, const ob_ruleset *rs, UBreakIterator *words,
		 ob__edition *s, ob_error *err)
{
	xmlTextReaderPtr tr = NULL;
	char *xml = NULL;
	size_t len = 0, xl = 0;
	memset(s, 0, sizeof *s);
	if (!(s->name = strdup(path)))
		return ob__error_set(err, OB_ERR_NOMEM, 0, 0, "out of memory");
	char *data = read_all(path, &len, err);
	if (!data)
		return err->code;
	/* an oblix document is read as it is, anything else extracted */
	size_t nl = 0;
	const char *ns = ob__root_ns(data, len, &nl);
	if (ns && nl == 18 && !memcmp(ns, "urn:oblix:notice:1", 18)) {
		/* checked, then read from the same bytes (standard input
		 * is read once) */
		FILE *fp = fmemopen(data, len, "rb");
		int r = fp ? ob__validate_stream(fp, path, err)
		    : ob__error_set(err, OB_ERR_NOMEM, 0, 0, "out of memory");
		if (fp)
			fclose(fp);
		if (r) {
			free(data);
			return r;
		}
		xml = data;
		xl = len;
	} else if (ob__notice_xml_take(rs, data, len, path, &xml, &xl, err)) {
		return err->code;
	}
	if (xl > INT_MAX) {
		free(xml);
		return ob__error_set(err, OB_ERR_TOO_LARGE, 5, 0, "the document is over 2 GiB");
	}
	tr = xmlReaderForMemory(xml, (int)xl, path, NULL, XML_PARSE_NONET | XML_PARSE_HUGE);
	int r = tr ? stream(tr, s, words) : OB_ERR_NOMEM;
	xmlFreeTextReader(tr);
	free(xml);
	if (r == OB_ERR_XML)
		r = ob__error_set(err, OB_ERR_XML, 25, 0, "cannot read the document");
	else if (r == OB_ERR_LIMIT)
		r = ob__error_set(err, r, 25, 0, "items nest more than %d deep", MAX_DEPTH);
	else if (r)
		r = ob__error_set(err, r, 0, 0, "%s", ob_strerror(r));
	if (r)
		err->file = path;
	return r;
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

/* Weights of the content words of one run: inverse document frequency
 * over both sides, looked up once per item, not once per candidate. */
typedef struct wstat {
	uint32_t *word; /* unique, sorted */
	uint32_t *df;
	size_t n;
} wstat;

static int
wstat_build(wstat *w, const ob__aitem *const *o, size_t no,
	    const ob__aitem *const *n, size_t nn)
{
	size_t total = 0;
	for (size_t k = 0; k < no; k++)
		total += o[k]->nwords;
	for (size_t k = 0; k < nn; k++)
		total += n[k]->nwords;
	uint32_t *all = malloc((total + 1) * sizeof *all);
	w->word = malloc((total + 1) * sizeof *w->word);
	w->df = malloc((total + 1) * sizeof *w->df);
	w->n = 0;
	if (!all || !w->word || !w->df) {
		free(all);
		return OB_ERR_NOMEM;
	}
	size_t m = 0;
	for (size_t k = 0; k < no; k++)
		for (size_t j = 0; j < o[k]->nwords; j++)
			all[m++] = o[k]->words[j];
	for (size_t k = 0; k < nn; k++)
		for (size_t j = 0; j < n[k]->nwords; j++)
			all[m++] = n[k]->words[j];
	if (m > 1)
		qsort(all, m, sizeof *all, cmp_u32);
	for (size_t k = 0; k < m; k++) {
		if (w->n && w->word[w->n - 1] == all[k])
			w->df[w->n - 1]++;
		else {
			w->word[w->n] = all[k];
			w->df[w->n++] = 1;
		}
	}
	free(all);
	return 0;
}

static double *
weights(const wstat *w, const ob__aitem *it, size_t docs, double *sum)
{
	double *v = malloc((it->nwords + 1) * sizeof *v);
	*sum = 0;
	if (!v)
		return NULL;
	for (size_t k = 0; k < it->nwords; k++) {
		size_t lo = 0, hi = w->n;
		while (lo < hi) {
			size_t mid = (lo + hi) / 2;
			if (w->word[mid] < it->words[k])
				lo = mid + 1;
			else
				hi = mid;
		}
		double df = lo < w->n && w->word[lo] == it->words[k] ? w->df[lo] : 1;
		v[k] = log(1.0 + (double)docs / df);
		*sum += v[k];
	}
	return v;
}

typedef struct side {
	const ob__aitem *const *it;
	size_t n;
	const wstat *ws;
	size_t docs;
	double **w;  /* word weights */
	double *sum; /* their sum per item */
} side;

static double
word_sim(const side *o, size_t a, const side *n, size_t b)
{
	const ob__aitem *x = o->it[a], *y = n->it[b];
	double inter = 0;
	size_t i = 0, j = 0;
	while (i < x->nwords && j < y->nwords) {
		if (x->words[i] < y->words[j])
			i++;
		else if (x->words[i] > y->words[j])
			j++;
		else
			inter += (o->w[a][i] + n->w[b][j]) / 2, i++, j++;
	}
	double uni = o->sum[a] + n->sum[b] - inter;
	return uni > 0 ? inter / uni : 0;
}

static double
idf(const wstat *w, uint32_t h, size_t docs)
{
	size_t lo = 0, hi = w->n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (w->word[mid] < h)
			lo = mid + 1;
		else
			hi = mid;
	}
	double df = lo < w->n && w->word[lo] == h ? w->df[lo] : 1;
	return log(1.0 + (double)docs / df);
}

/* How alike two titles are: their content words, weighted as above. */
static double
title_sim(const side *o, size_t a, const side *n, size_t b)
{
	const ob__aitem *x = o->it[a], *y = n->it[b];
	double inter = 0, sx = 0, sy = 0;
	for (size_t i = 0; i < x->ntwords; i++)
		sx += idf(o->ws, x->twords[i], o->docs);
	for (size_t j = 0; j < y->ntwords; j++)
		sy += idf(n->ws, y->twords[j], n->docs);
	size_t i = 0, j = 0;
	while (i < x->ntwords && j < y->ntwords) {
		if (x->twords[i] < y->twords[j])
			i++;
		else if (x->twords[i] > y->twords[j])
			j++;
		else
			inter += idf(o->ws, x->twords[i], o->docs), i++, j++;
	}
	return sx + sy - inter > 0 ? inter / (sx + sy - inter) : 0;
}

/* How alike two items' characters are: their bigrams' Jaccard (1 for two
 * without any). */
static double
gram_sim(const ob__aitem *x, const ob__aitem *y)
{
	size_t inter = intersect(x->grams, x->ngrams, y->grams, y->ngrams);
	size_t uni = x->ngrams + y->ngrams - inter;
	return uni ? (double)inter / (double)uni : 1;
}

/* How alike two items read: bigrams and weighted content words. */
static double
text_sim(const side *o, size_t a, const side *n, size_t b)
{
	const ob__aitem *x = o->it[a], *y = n->it[b];
	double g = gram_sim(x, y);
	if (!x->nwords || !y->nwords)
		return g;
	return 0.5 * g + 0.5 * word_sim(o, a, n, b);
}

typedef struct cand {
	uint32_t a, b;
	double score, text;
	uint32_t dist; /* how far apart in their plans: breaks ties */
} cand;

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

/* A candidate ranked by the rare bigrams it shares, most first, then by
 * its distance in the plan, nearest first (then by position, so that the
 * order never depends on qsort). */
typedef struct ranked_cand {
	uint32_t shared, dist, item;
} ranked_cand;

static int
by_shared(const void *x, const void *y)
{
	const ranked_cand *p = x, *q = y;
	if (p->shared != q->shared)
		return p->shared < q->shared ? 1 : -1;
	if (p->dist != q->dist)
		return p->dist < q->dist ? -1 : 1;
	return p->item < q->item ? -1 : p->item > q->item;
}

/* How much of a lies in b (bigrams of a found in b). */
static double
containment(const ob__aitem *a, const ob__aitem *b)
{
	if (!a->ngrams)
		return 0;
	return (double)intersect(a->grams, a->ngrams, b->grams, b->ngrams) /
	    (double)a->ngrams;
}

static int
alloc_align(ob__align *al, size_t no, size_t nn)
{
	memset(al, 0, sizeof *al);
	al->nold = no;
	al->nnew = nn;
	al->fwd = malloc((no + 1) * sizeof *al->fwd);
	al->merged_into = malloc((no + 1) * sizeof *al->merged_into);
	al->merged_c = calloc(no + 1, sizeof *al->merged_c);
	al->back = malloc((nn + 1) * sizeof *al->back);
	al->split_from = malloc((nn + 1) * sizeof *al->split_from);
	al->split_c = calloc(nn + 1, sizeof *al->split_c);
	al->sim = calloc(nn + 1, sizeof *al->sim);
	al->conf = calloc(nn + 1, sizeof *al->conf);
	al->margin = calloc(nn + 1, sizeof *al->margin);
	al->ev = calloc((nn + 1) * OB_EVIDENCE, sizeof *al->ev);
	al->evw = calloc((nn + 1) * OB_EVIDENCE, sizeof *al->evw);
	al->nev = calloc(nn + 1, sizeof *al->nev);
	if (!al->ev || !al->evw || !al->nev || !al->margin || !al->fwd || !al->merged_into || !al->merged_c || !al->back ||
	    !al->split_from || !al->split_c || !al->sim || !al->conf) {
		ob__align_free(al);
		return OB_ERR_NOMEM;
	}
	for (size_t k = 0; k < no; k++)
		al->fwd[k] = al->merged_into[k] = -1;
	for (size_t k = 0; k < nn; k++)
		al->back[k] = al->split_from[k] = -1;
	return 0;
}

void
ob__align_free(ob__align *al)
{
	free(al->fwd), free(al->back), free(al->sim), free(al->conf), free(al->margin);
	free(al->ev), free(al->evw), free(al->nev);
	free(al->split_from), free(al->split_c);
	free(al->merged_into), free(al->merged_c);
	memset(al, 0, sizeof *al);
}

static void
free_weights(side *s)
{
	for (size_t k = 0; s->w && k < s->n; k++)
		free(s->w[k]);
	free(s->w);
	free(s->sum);
}

static int
side_weights(side *s, const wstat *ws, size_t docs)
{
	s->w = calloc(s->n + 1, sizeof *s->w);
	s->sum = calloc(s->n + 1, sizeof *s->sum);
	if (!s->w || !s->sum)
		return OB_ERR_NOMEM;
	for (size_t k = 0; k < s->n; k++)
		if (!(s->w[k] = weights(ws, s->it[k], docs, &s->sum[k])))
			return OB_ERR_NOMEM;
	return 0;
}

/* ---- identical items ---- */

static uint64_t
item_hash(const ob__aitem *it)
{
	uint64_t h = 1469598103934665603u;
	const char *parts[2] = { it->title ? it->title : "", it->text ? it->text : "" };
	for (int k = 0; k < 2; k++) {
		for (const unsigned char *p = (const unsigned char *)parts[k]; *p; p++)
			h = (h ^ *p) * 1099511628211u;
		h = (h ^ 0x1f) * 1099511628211u;
	}
	return h;
}

static bool
same_text(const ob__aitem *a, const ob__aitem *b)
{
	return !strcmp(a->title ? a->title : "", b->title ? b->title : "") &&
	    !strcmp(a->text ? a->text : "", b->text ? b->text : "");
}

typedef struct hashed {
	uint64_t h;
	uint32_t at;
} hashed;

static int
by_hash(const void *x, const void *y)
{
	const hashed *p = x, *q = y;
	if (p->h != q->h)
		return p->h < q->h ? -1 : 1;
	return p->at < q->at ? -1 : p->at > q->at;
}

/*
 * Items of the same title and text are one item, whatever else changed:
 * paired first, the k-th of its kind on one side with the k-th on the
 * other (a plan that repeats an item keeps their order).  This makes a
 * notice against itself, or against its HTML or one-line edition, no
 * change at any size, in time n log n.
 */
static int
pair_identical(const ob__aitem *const *old, size_t no, const ob__aitem *const *new_,
	       size_t nn, ob__align *al)
{
	hashed *ho = malloc((no + 1) * sizeof *ho), *hn = malloc((nn + 1) * sizeof *hn);
	if (!ho || !hn) {
		free(ho), free(hn);
		return OB_ERR_NOMEM;
	}
	for (size_t k = 0; k < no; k++)
		ho[k] = (hashed){ item_hash(old[k]), (uint32_t)k };
	for (size_t k = 0; k < nn; k++)
		hn[k] = (hashed){ item_hash(new_[k]), (uint32_t)k };
	if (no > 1)
		qsort(ho, no, sizeof *ho, by_hash);
	if (nn > 1)
		qsort(hn, nn, sizeof *hn, by_hash);
	size_t i = 0, j = 0;
	while (i < no && j < nn) {
		if (ho[i].h < hn[j].h) {
			i++;
			continue;
		}
		if (ho[i].h > hn[j].h) {
			j++;
			continue;
		}
		/* one run of a hash on each side, paired in order where the
		 * texts are equal indeed */
		size_t ie = i, je = j;
		while (ie < no && ho[ie].h == ho[i].h)
			ie++;
		while (je < nn && hn[je].h == hn[j].h)
			je++;
		for (size_t a = i, b = j; a < ie && b < je; a++, b++) {
			uint32_t x = ho[a].at, y = hn[b].at;
			if (!same_text(old[x], new_[y]))
				break;
			al->fwd[x] = y;
			al->back[y] = x;
			al->sim[y] = al->conf[y] = al->margin[y] = 1;
		}
		i = ie, j = je;
	}
	free(ho), free(hn);
	return 0;
}

/* A gram's postings: where they start in the index, how many. */
typedef struct grange {
	size_t lo, n;
} grange;

static int
by_length(const void *x, const void *y)
{
	const grange *p = x, *q = y;
	if (p->n != q->n)
		return p->n < q->n ? -1 : 1;
	return p->lo < q->lo ? -1 : p->lo > q->lo;
}

/*
 * Pairing by each item's best candidates relative to one another: an old
 * item and a new one are paired where each is the other's best candidate
 * (mutual best); in a second round, among the items still unpaired, again
 * (an item whose best went to a better pairing takes its next).  Two
 * editions of a plan reword most tasks, so a pairing is decided by what
 * else each item could be, not by a score alone: a low score that stands
 * out is a pairing, a high one that a rival matches is marked.  The
 * margin over the runner-up on either side is kept with the confidence.
 */
static int
mutual_best(const cand *c, size_t nc, ob__align *al)
{
	size_t no = al->nold, nn = al->nnew;
	long *ba = malloc((no + 1) * sizeof *ba), *bb = malloc((nn + 1) * sizeof *bb);
	double *sa = malloc((no + 1) * sizeof *sa), *sb = malloc((nn + 1) * sizeof *sb);
	double *ra = malloc((no + 1) * sizeof *ra), *rb = malloc((nn + 1) * sizeof *rb);
	uint32_t *da = malloc((no + 1) * sizeof *da), *db = malloc((nn + 1) * sizeof *db);
	int ret = OB_ERR_NOMEM;
	if (!ba || !bb || !sa || !sb || !ra || !rb || !da || !db)
		goto out;
	for (int round = 0; round < ROUNDS; round++) {
		for (size_t a = 0; a < no; a++)
			ba[a] = -1, sa[a] = ra[a] = 0, da[a] = UINT32_MAX;
		for (size_t b = 0; b < nn; b++)
			bb[b] = -1, sb[b] = rb[b] = 0, db[b] = UINT32_MAX;
		/* each item's best and runner-up among the unpaired */
		for (size_t k = 0; k < nc; k++) {
			uint32_t a = c[k].a, b = c[k].b;
			double s = c[k].score;
			if (al->fwd[a] >= 0 || al->back[b] >= 0)
				continue;
			/* a tie goes to the nearer in the plans (a plan that
			 * repeats a task keeps their order) */
			if (s > sa[a] || (s == sa[a] && ba[a] >= 0 && c[k].dist < da[a]))
				ra[a] = sa[a], sa[a] = s, ba[a] = b, da[a] = c[k].dist;
			else if (s > ra[a])
				ra[a] = s;
			if (s > sb[b] || (s == sb[b] && bb[b] >= 0 && c[k].dist < db[b]))
				rb[b] = sb[b], sb[b] = s, bb[b] = a, db[b] = c[k].dist;
			else if (s > rb[b])
				rb[b] = s;
		}
		size_t paired = 0;
		for (size_t k = 0; k < nc; k++) {
			uint32_t a = c[k].a, b = c[k].b;
			if (ba[a] != (long)b || bb[b] != (long)a || al->fwd[a] >= 0 || al->back[b] >= 0)
				continue;
			double runner = ra[a] > rb[b] ? ra[a] : rb[b];
			al->fwd[a] = b;
			al->back[b] = a;
			al->sim[b] = c[k].text;
			al->conf[b] = c[k].score > 1 ? 1 : c[k].score;
			al->margin[b] = c[k].score - runner;
			paired++;
		}
		if (!paired)
			break;
	}
	ret = 0;
out:
	free(ba), free(bb), free(sa), free(sb), free(ra), free(rb), free(da), free(db);
	return ret;
}

/* Does the unit say when the notice takes effect (本通知自…起施行)? */
static bool
effective(const ob__aitem *it)
{
	static const char *const says[] = { "起施行", "起实施", "起执行" };
	for (size_t k = 0; k < sizeof says / sizeof *says; k++)
		if ((it->text && strstr(it->text, says[k])) || (it->title && strstr(it->title, says[k])))
			return true;
	return false;
}

/*
 * Every edition says when it takes effect, in words that change with the
 * date and the terms (本通知自发布之日起实施 → 本通知自2022年11月28日起施
 * 行，…以网签合同签订时间为准): where one unpaired unit of each side says
 * it, they are one clause, paired with the confidence of their text (low:
 * a reader judges it).
 */
static void
pair_effective(const ob__aitem *const *old, size_t no, const ob__aitem *const *new_,
	       size_t nn, ob__align *al)
{
	long a = -1, b = -1;
	for (size_t k = 0; k < no; k++)
		if (al->fwd[k] < 0 && effective(old[k])) {
			if (a >= 0)
				return;
			a = (long)k;
		}
	for (size_t k = 0; k < nn; k++)
		if (al->back[k] < 0 && effective(new_[k])) {
			if (b >= 0)
				return;
			b = (long)k;
		}
	if (a < 0 || b < 0)
		return;
	al->fwd[a] = b;
	al->back[b] = a;
	al->sim[b] = al->conf[b] = gram_sim(old[a], new_[b]);
	al->margin[b] = 0;
}

/* An inverted index of one side's bigrams, and the scratch of a search
 * in it. */
typedef struct gindex {
	const ob__aitem *const *it;
	size_t n;
	posting *post;
	size_t np;
	uint32_t *count, *touched;
	ranked_cand *ranked;
	grange *ranges;
} gindex;

static void
gindex_free(gindex *x)
{
	free(x->post), free(x->count), free(x->touched), free(x->ranked), free(x->ranges);
}

/* The index of it[0..n); maxg: the most bigrams an item searched for has. */
static int
gindex_build(gindex *x, const ob__aitem *const *it, size_t n, size_t maxg)
{
	memset(x, 0, sizeof *x);
	x->it = it;
	x->n = n;
	for (size_t k = 0; k < n; k++)
		x->np += it[k]->ngrams;
	x->post = malloc((x->np + 1) * sizeof *x->post);
	x->count = calloc(n + 1, sizeof *x->count);
	x->touched = malloc((n + 1) * sizeof *x->touched);
	x->ranked = malloc((n + 1) * sizeof *x->ranked);
	x->ranges = malloc((maxg + 1) * sizeof *x->ranges);
	if (!x->post || !x->count || !x->touched || !x->ranked || !x->ranges) {
		gindex_free(x);
		return OB_ERR_NOMEM;
	}
	x->np = 0;
	for (size_t k = 0; k < n; k++)
		for (size_t g = 0; g < it[k]->ngrams; g++)
			x->post[x->np++] = (posting){ it[k]->grams[g], (uint32_t)k };
	if (x->np > 1)
		qsort(x->post, x->np, sizeof *x->post, by_gram);
	return 0;
}

/*
 * The candidates of q (at position at of a plan of nq items) in the
 * index, in x->touched[0..return): those sharing its rarest bigrams (all
 * of at most COMMON_GRAM postings, and where it has none so rare, as in a
 * plan that repeats itself, the rarest it has up to a budget), at most
 * MAX_CANDS of them, those sharing the most first, then the nearest in
 * the plans.  Time bounded by q's bigrams and the budget.
 */
static size_t
gather(gindex *x, const ob__aitem *q, size_t at, size_t nq)
{
	size_t nr = 0, nt = 0, seen = 0;
	for (size_t g = 0; g < q->ngrams; g++) {
		size_t lo = 0, hi = x->np;
		while (lo < hi) {
			size_t mid = (lo + hi) / 2;
			if (x->post[mid].gram < q->grams[g])
				lo = mid + 1;
			else
				hi = mid;
		}
		size_t end = lo;
		while (end < x->np && x->post[end].gram == q->grams[g])
			end++;
		if (end > lo)
			x->ranges[nr++] = (grange){ lo, end - lo };
	}
	if (nr > 1)
		qsort(x->ranges, nr, sizeof *x->ranges, by_length);
	for (size_t r = 0; r < nr; r++) {
		if (x->ranges[r].n > COMMON_GRAM && (nt || seen + x->ranges[r].n > COMMON_GRAM * 16))
			break;
		seen += x->ranges[r].n;
		for (size_t p = x->ranges[r].lo; p < x->ranges[r].lo + x->ranges[r].n; p++)
			if (x->count[x->post[p].item]++ == 0)
				x->touched[nt++] = x->post[p].item;
	}
	if (nt > MAX_CANDS) {
		for (size_t t = 0; t < nt; t++) {
			/* where it would stand in q's plan */
			double pos = x->n > 1 ? (double)x->touched[t] * (double)(nq - 1) / (double)(x->n - 1) : 0;
			double d = pos > (double)at ? pos - (double)at : (double)at - pos;
			x->ranked[t] = (ranked_cand){ x->count[x->touched[t]], (uint32_t)d, x->touched[t] };
		}
		qsort(x->ranked, nt, sizeof *x->ranked, by_shared);
		for (size_t t = 0; t < nt; t++)
			x->touched[t] = x->ranked[t].item;
	}
	for (size_t t = 0; t < nt; t++)
		x->count[x->touched[t]] = 0;
	return nt > MAX_CANDS ? MAX_CANDS : nt;
}

static size_t
max_grams(const ob__aitem *const *it, size_t n)
{
	size_t m = 0;
	for (size_t k = 0; k < n; k++)
		m = it[k]->ngrams > m ? it[k]->ngrams : m;
	return m;
}

int
ob__align_items(const ob__aitem *const *old, size_t no,
		const ob__aitem *const *new_, size_t nn, ob__align *al)
{
	side o = { old, no, NULL, 0, NULL, NULL }, n = { new_, nn, NULL, 0, NULL, NULL };
	wstat ws = { 0 };
	gindex xn = { 0 }, xo = { 0 };
	cand *cands = NULL;
	double *in_old = NULL, *in_new = NULL;
	long *at_old = NULL, *at_new = NULL;
	size_t nc = 0, cc = 0, unpaired_new = 0, unpaired_old = 0;
	int ret;

	if ((ret = alloc_align(al, no, nn)))
		return ret;
	if ((ret = pair_identical(old, no, new_, nn, al)))
		goto out;
	for (size_t b = 0; b < nn; b++)
		unpaired_new += al->back[b] < 0;
	for (size_t a = 0; a < no; a++)
		unpaired_old += al->fwd[a] < 0;
	if (!unpaired_new && !unpaired_old)
		goto out; /* all alike: nothing to score */
	o.ws = n.ws = &ws;
	o.docs = n.docs = no + nn;
	if ((ret = wstat_build(&ws, old, no, new_, nn)) ||
	    (ret = side_weights(&o, &ws, no + nn)) || (ret = side_weights(&n, &ws, no + nn)))
		goto out;
	/* the inverted indexes of the bigrams: the new side's, searched by
	 * the unpaired old items (pairings, merges), the old side's by the
	 * unpaired new ones (splits) */
	if ((ret = gindex_build(&xn, new_, nn, max_grams(old, no))) ||
	    (ret = gindex_build(&xo, old, no, max_grams(new_, nn))))
		goto out;
	ret = OB_ERR_NOMEM;
	/* best containers, among the candidates, of the items left unpaired */
	in_old = calloc(nn + 1, sizeof *in_old), in_new = calloc(no + 1, sizeof *in_new);
	at_old = malloc((nn + 1) * sizeof *at_old), at_new = malloc((no + 1) * sizeof *at_new);
	if (!in_old || !in_new || !at_old || !at_new)
		goto out;
	for (size_t b = 0; b < nn; b++)
		at_old[b] = -1;
	for (size_t a = 0; a < no; a++)
		at_new[a] = -1;
	for (size_t a = 0; a < no; a++) {
		const ob__aitem *ia = old[a];
		if (al->fwd[a] >= 0)
			continue;
		size_t nt = gather(&xn, ia, a, no);
		for (size_t t = 0; t < nt; t++) {
			uint32_t b = xn.touched[t];
			double c = containment(ia, new_[b]);
			if (c > in_new[a])
				in_new[a] = c, at_new[a] = (long)b;
			if (al->back[b] >= 0)
				continue;
			double text = text_sim(&o, a, &n, b);
			/* the title names the task: its content words count
			 * again */
			double sc = 0.7 * text + 0.3 * title_sim(&o, a, &n, b);
			if (sc < PAIR_MIN)
				continue;
			if (nc == cc) {
				cc = cc ? cc * 2 : 256;
				cand *v = realloc(cands, cc * sizeof *v);
				if (!v)
					goto out;
				cands = v;
			}
			double pos = nn > 1 ? (double)b * (double)(no - 1) / (double)(nn - 1) : 0;
			double d = pos > (double)a ? pos - (double)a : (double)a - pos;
			cands[nc++] = (cand){ (uint32_t)a, b, sc, text, (uint32_t)d };
		}
	}
	for (size_t b = 0; b < nn; b++) {
		if (al->back[b] >= 0)
			continue;
		size_t nt = gather(&xo, new_[b], b, nn);
		for (size_t t = 0; t < nt; t++) {
			uint32_t a = xo.touched[t];
			double c = containment(new_[b], old[a]);
			if (c > in_old[b])
				in_old[b] = c, at_old[b] = (long)a;
		}
	}
	if ((ret = mutual_best(cands, nc, al)))
		goto out;
	pair_effective(old, no, new_, nn, al);
	/* the evidence of each pairing by score: the content words both
	 * items share, heaviest first */
	for (size_t b = 0; b < nn; b++) {
		long a = al->back[b];
		if (a < 0 || same_text(old[a], new_[b]))
			continue;
		const ob__aitem *x = old[a], *y = new_[b];
		size_t i = 0, j = 0;
		while (i < x->nwords && j < y->nwords) {
			if (x->words[i] < y->words[j]) {
				i++;
				continue;
			}
			if (x->words[i] > y->words[j]) {
				j++;
				continue;
			}
			/* insert by weight into the few kept */
			double w = n.w[b][j];
			size_t k = al->nev[b];
			if (k == OB_EVIDENCE && w <= al->evw[b * OB_EVIDENCE + k - 1]) {
				i++, j++;
				continue;
			}
			if (k == OB_EVIDENCE)
				k--;
			else
				al->nev[b]++;
			while (k > 0 && al->evw[b * OB_EVIDENCE + k - 1] < w) {
				al->ev[b * OB_EVIDENCE + k] = al->ev[b * OB_EVIDENCE + k - 1];
				al->evw[b * OB_EVIDENCE + k] = al->evw[b * OB_EVIDENCE + k - 1];
				k--;
			}
			al->ev[b * OB_EVIDENCE + k] = y->words[j];
			al->evw[b * OB_EVIDENCE + k] = w;
			i++, j++;
		}
	}
	/* an unpaired item lying mostly inside a paired one of the other
	 * side: split from it (new) or merged into it (old) */
	for (size_t b = 0; b < nn; b++)
		if (al->back[b] < 0 && at_old[b] >= 0 && in_old[b] >= CONTAINED &&
		    al->fwd[at_old[b]] >= 0)
			al->split_from[b] = at_old[b], al->split_c[b] = in_old[b];
	for (size_t a = 0; a < no; a++)
		if (al->fwd[a] < 0 && at_new[a] >= 0 && in_new[a] >= CONTAINED &&
		    al->back[at_new[a]] >= 0)
			al->merged_into[a] = at_new[a], al->merged_c[a] = in_new[a];
	ret = 0;
out:
	free(in_old), free(in_new), free(at_old), free(at_new);
	free(cands);
	gindex_free(&xn);
	gindex_free(&xo);
	free(ws.word);
	free(ws.df);
	free_weights(&o);
	free_weights(&n);
	if (ret)
		ob__align_free(al);
	return ret;
}

bool
ob__align_low(const ob__align *al, size_t b)
{
	return al->back[b] >= 0 && (al->conf[b] < LOW_SCORE || al->margin[b] < LOW_MARGIN);
}

char *
ob__align_evidence(const ob__align *al, size_t b, const ob__aitem *it, UBreakIterator *bi)
{
	const char *found[OB_EVIDENCE] = { 0 };
	char *words[OB_EVIDENCE] = { 0 };
	const char *parts[2] = { it->title ? it->title : "", it->text ? it->text : "" };
	if (!al->nev[b])
		return NULL;
	for (int k = 0; k < 2; k++) {
		UErrorCode st;
		int32_t len;
		if (!*parts[k])
			continue;
		UChar *u = ob__u16_dup(parts[k], &len, &st);
		if (!u)
			break;
		ubrk_setText(bi, u, len, &st);
		int32_t a = ubrk_first(bi);
		for (int32_t e = ubrk_next(bi); U_SUCCESS(st) && e != UBRK_DONE; a = e, e = ubrk_next(bi)) {
			uint32_t h = word_hash(u, a, e);
			for (size_t r = 0; r < al->nev[b]; r++) {
				if (found[r] || al->ev[b * OB_EVIDENCE + r] != h)
					continue;
				if ((words[r] = ob__u8_dup(u, a, e)))
					found[r] = words[r];
			}
		}
		free(u);
	}
	/* heaviest first, joined with 、 */
	size_t len = 1;
	for (size_t r = 0; r < al->nev[b]; r++)
		len += found[r] ? strlen(found[r]) + 3 : 0;
	char *out = malloc(len);
	if (out) {
		*out = '\0';
		for (size_t r = 0; r < al->nev[b]; r++)
			if (found[r]) {
				if (*out)
					strcat(out, "、");
				strcat(out, found[r]);
			}
	}
	for (size_t r = 0; r < OB_EVIDENCE; r++)
		free(words[r]);
	if (out && !*out) {
		free(out);
		out = NULL;
	}
	return out;
}

bool
ob__task_unit(const ob__aitem *it)
{
	return !strcmp(it->unit, "item") || !strcmp(it->unit, "section");
}

int
ob__align_editions(const ob__edition *o, const ob__edition *n, ob__align *al)
{
	const ob__aitem **po = malloc((o->n + 1) * sizeof *po);
	const ob__aitem **pn = malloc((n->n + 1) * sizeof *pn);
	size_t *io = malloc((o->n + 1) * sizeof *io), *in = malloc((n->n + 1) * sizeof *in);
	ob__align t = { 0 };
	size_t no = 0, nn = 0;
	int ret = OB_ERR_NOMEM;
	memset(al, 0, sizeof *al);
	if (!po || !pn || !io || !in || alloc_align(al, o->n, n->n))
		goto out;
	/* the tasks, aligned among themselves */
	for (size_t k = 0; k < o->n; k++)
		if (ob__task_unit(&o->items[k]))
			io[no] = k, po[no++] = &o->items[k];
	for (size_t k = 0; k < n->n; k++)
		if (ob__task_unit(&n->items[k]))
			in[nn] = k, pn[nn++] = &n->items[k];
	if ((ret = ob__align_items(po, no, pn, nn, &t)))
		goto out;
	for (size_t a = 0; a < no; a++) {
		if (t.fwd[a] >= 0)
			al->fwd[io[a]] = (long)in[t.fwd[a]];
		if (t.merged_into[a] >= 0)
			al->merged_into[io[a]] = (long)in[t.merged_into[a]];
		al->merged_c[io[a]] = t.merged_c[a];
	}
	for (size_t b = 0; b < nn; b++) {
		size_t k = in[b];
		if (t.back[b] >= 0)
			al->back[k] = (long)io[t.back[b]];
		if (t.split_from[b] >= 0)
			al->split_from[k] = (long)io[t.split_from[b]];
		al->split_c[k] = t.split_c[b];
		al->sim[k] = t.sim[b];
		al->conf[k] = t.conf[b];
		al->margin[k] = t.margin[b];
		al->nev[k] = t.nev[b];
		memcpy(al->ev + k * OB_EVIDENCE, t.ev + b * OB_EVIDENCE, OB_EVIDENCE * sizeof *al->ev);
		memcpy(al->evw + k * OB_EVIDENCE, t.evw + b * OB_EVIDENCE, OB_EVIDENCE * sizeof *al->evw);
	}
	/* the preamble with the preamble, the closing with the closing:
	 * the same part of the notice, however it reads */
	for (size_t b = 0; b < n->n; b++) {
		const ob__aitem *y = &n->items[b];
		if (ob__task_unit(y))
			continue;
		for (size_t a = 0; a < o->n; a++) {
			const ob__aitem *x = &o->items[a];
			if (ob__task_unit(x) || strcmp(x->unit, y->unit) || al->fwd[a] >= 0)
				continue;
			al->fwd[a] = (long)b;
			al->back[b] = (long)a;
			al->sim[b] = gram_sim(x, y);
			al->conf[b] = al->margin[b] = 1;
			break;
		}
	}
	ret = 0;
out:
	if (ret)
		ob__align_free(al);
	ob__align_free(&t);
	free(po), free(pn), free(io), free(in);
	return ret;
}
