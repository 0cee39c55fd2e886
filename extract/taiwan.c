/* SPDX-License-Identifier: MIT */
/*
 * Taiwan phrases in the records of a traditional edition.
 *
 * ICU's Traditional-Simplified transliterator maps characters one for one,
 * in place, so that every position stays where it was; it cannot know
 * that a Taiwan edition says 資料 for 数据, 資訊 for 信息, 專案 for 项目,
 * 最佳化 for 优化 or 網際網路 for 互联网.  OpenCC's tw2sp configuration
 * converts phrases, and changes lengths, so it runs on record strings
 * only: agency names and document titles, from the edition's own
 * spelling.  The text, titles and every position stay ICU's.
 */
#include <stdlib.h>
#include <string.h>

#include <opencc/opencc.h>

#include "hash.h"
#include "model.h"

/* Two converters: tw2s maps characters, tw2sp characters and phrases;
 * where they differ, a phrase was converted. */
typedef struct ob__taiwan {
	opencc_t chars, phrases;
} ob__taiwan;

void *
ob__taiwan_open(void)
{
	ob__taiwan *tw = malloc(sizeof *tw);
	if (!tw)
		return NULL;
	tw->chars = opencc_open("tw2s.json");
	tw->phrases = opencc_open("tw2sp.json");
	if (tw->chars == (opencc_t)-1 || tw->phrases == (opencc_t)-1) {
		/* without OpenCC's data, records keep ICU's characters */
		ob__taiwan_close(tw);
		return NULL;
	}
	return tw;
}

void
ob__taiwan_close(void *p)
{
	ob__taiwan *tw = p;
	if (!tw)
		return;
	if (tw->chars != (opencc_t)-1)
		opencc_close(tw->chars);
	if (tw->phrases != (opencc_t)-1)
		opencc_close(tw->phrases);
	free(tw);
}

/* The span as the edition spells it, one character at a time from where
 * each came (a page's markup between them is no part of it); NULL when a
 * character has no single original. */
static char *
original(const ob__text *t, ob__span s)
{
	if (s.end <= s.start)
		return NULL;
	char *o = malloc(4 * (s.end - s.start) + 1), *w = o;
	if (!o)
		return NULL;
	for (size_t i = s.start; i < s.end;) {
		size_t cl = ob__utf8_len((unsigned char)t->buf[i]);
		if (t->buf[i] == '\n' || t->buf[i] == ' ') {
			i += cl ? cl : 1;
			continue;
		}
		size_t a = ob__text_orig(t, i);
		size_t ol = ob__utf8_len((unsigned char)t->orig[a]);
		if (!ol || ol > 4) {
			free(o);
			return NULL;
		}
		memcpy(w, t->orig + a, ol);
		w += ol;
		i += cl ? cl : 1;
	}
	*w = '\0';
	return o;
}

static char *
run(opencc_t cc, const char *s)
{
	char *c = opencc_convert_utf8(cc, s, strlen(s));
	if (!c)
		return NULL;
	char *r = strdup(c);
	opencc_convert_utf8_free(c);
	return r;
}

/* The phrase conversion of the edition's spelling o, where a Taiwan
 * phrase stands in it (tw2sp differs from tw2s); NULL otherwise: ICU's
 * characters stand, with its mainland forms (着力, “”) that OpenCC leaves
 * alone. */
static char *
convert(const ob__taiwan *tw, const char *o)
{
	char *c = run(tw->chars, o), *p = run(tw->phrases, o);
	if (c && p && strcmp(c, p)) {
		free(c);
		/* as the cleaner folds them */
		char *w = p;
		for (const char *q = p; *q;) {
			if (!strncmp(q, "（", 3))
				*w++ = '(', q += 3;
			else if (!strncmp(q, "）", 3))
				*w++ = ')', q += 3;
			else
				*w++ = *q++;
		}
		*w = '\0';
		return p;
	}
	free(c);
	free(p);
	return NULL;
}

/*
 * The conversions of one notice, by spelling: a notice names the same
 * bodies again and again, and OpenCC takes tens of microseconds a call.
 * Open addressing, twice as many slots as spellings at most.
 */
typedef struct memo {
	struct slot {
		char *key, *val; /* val NULL: no Taiwan phrase */
	} *v;
	size_t n, cap;
} memo;

static struct slot *
slot_of(struct slot *v, size_t cap, const char *key)
{
	size_t i = ob__hash(key, strlen(key)) & (cap - 1);
	while (v[i].key && strcmp(v[i].key, key))
		i = (i + 1) & (cap - 1);
	return &v[i];
}

/* The conversion of span s, a copy the caller frees; NULL when there is
 * none (or when out of memory: *nomem). */
static char *
convert_span(const ob__taiwan *tw, memo *m, const ob__text *t, ob__span s,
	     bool *nomem)
{
	char *o = original(t, s);
	if (!o)
		return NULL;
	if (2 * (m->n + 1) > m->cap) {
		size_t cap = m->cap ? 2 * m->cap : 64;
		struct slot *v = calloc(cap, sizeof *v);
		if (!v) {
			free(o);
			*nomem = true;
			return NULL;
		}
		for (size_t k = 0; k < m->cap; k++)
			if (m->v[k].key)
				*slot_of(v, cap, m->v[k].key) = m->v[k];
		free(m->v);
		m->v = v;
		m->cap = cap;
	}
	struct slot *e = slot_of(m->v, m->cap, o);
	if (e->key) {
		free(o);
	} else {
		e->key = o;
		e->val = convert(tw, o);
		m->n++;
	}
	char *r = e->val ? strdup(e->val) : NULL;
	if (e->val && !r)
		*nomem = true;
	return r;
}

static void
memo_free(memo *m)
{
	for (size_t k = 0; k < m->cap; k++) {
		free(m->v[k].key);
		free(m->v[k].val);
	}
	free(m->v);
}

int
ob__taiwan_phrases(ob_notice *n, const void *cc)
{
	const ob__text *t = &n->text;
	memo m = { 0 };
	bool nomem = false;

	if (!cc || !n->meta.traditional)
		return 0;
	for (size_t k = 0; k < n->agencies.n && !nomem; k++) {
		ob__agency *a = &n->agencies.v[k];
		char *c = convert_span(cc, &m, t, a->span, &nomem);
		if (!c)
			continue;
		/* the name is the span's text with what normalization added
		 * (a shared prefix, a distributed suffix) around it */
		size_t sl = a->span.end - a->span.start, nl = strlen(a->name);
		const char *at = NULL;
		for (size_t i = 0; i + sl <= nl && !at; i++)
			if (!memcmp(a->name + i, t->buf + a->span.start, sl))
				at = a->name + i;
		if (at) {
			size_t pre = (size_t)(at - a->name), cl = strlen(c);
			char *name = malloc(nl - sl + cl + 1);
			if (name) {
				memcpy(name, a->name, pre);
				memcpy(name + pre, c, cl);
				strcpy(name + pre + cl, at + sl);
				a->name = ob__intern(n, name, strlen(name));
				free(name);
			}
			if (!name || !a->name) {
				free(c);
				nomem = true;
				break;
			}
		}
		free(c);
	}
	for (size_t k = 0; k < n->documents.n && !nomem; k++) {
		ob__document *d = &n->documents.v[k];
		d->title_text = convert_span(cc, &m, t, d->title, &nomem);
	}
	memo_free(&m);
	/* Titles and headings keep ICU's reading: tw2sp rewrites ordinary
	 * words too (建立 → 创建), which would change the very titles diffs
	 * key on. */
	return nomem ? OB_ERR_NOMEM : 0;
}
