/* SPDX-License-Identifier: MIT */
/*
 * Feeds for trackers: oblix export --format=csv|jsonl|ics FILE.xml…|DIR
 *
 * One record per obligation, read back from validated notice documents:
 * the notice's name (its document number, else its file name), document
 * number, issue date, section, item number and title, the obligation's
 * id, an id unique across an archive (uid: the document number, else a
 * digest of the notice's obligations, then # and the id) and a digest of
 * its text, its text, the lead / cooperating / responsible agencies of its
 * item, its time expressions, due date and targets, and its position.
 * CSV (RFC 4180, with libcsv), JSON Lines (with json-c) and iCalendar (RFC
 * 5545, with libical: one VTODO per dated obligation, each UID once, and
 * SEQUENCE counted on from the calendar written before when it is given).
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <limits.h>
#include <time.h>
#include <unistd.h>

#include <csv.h>
#include <json-c/json.h>
#include <libical/ical.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlreader.h>

#include "dom.h"
#include "error.h"
#include "export.h"
#include "hash.h"
#include "io.h"
#include "model.h"
#include "sha256.h"
#include "validate.h"

typedef struct strs {
	char **v;
	size_t n;
} strs;

/* One obligation, flattened.  Text fields are allocated to their length:
 * a heading or a title is longer than any fixed buffer, and a cut inside
 * a character is invalid UTF-8 in every feed. */
typedef struct row {
	const char *name;  /* the document number, else the file stem */
	const char *key;   /* of uids: the document number, else a digest */
	const char *doc, *issued, *source;
	const char *section;               /* the section's, borrowed */
	const char *heading;               /* the section's heading alone */
	char *item, *item_id, *item_title; /* the item's, borrowed by obligations */
	char *item_uid;
	char item_digest[17];
	char *id, *uid;
	char digest[17];
	char *text, *pos;
	char *modality;    /* must, should, may; NULL when none */
	strs roles[3]; /* lead, cooperate, responsible */
	xmlNode *obligation;
} row;

static const char *const role_names[] = { "lead", "cooperate", "responsible" };

/* Strings to what was seen of them: a set of UIDs, or the VTODOs of the
 * previous calendar by UID.  Open addressing; the keys are the map's. */
typedef struct prior {
	int sequence;
	char *digest, *due; /* NULL when the previous VTODO had none */
	icalcomponent *todo; /* the previous VTODO itself */
} prior;

typedef struct strmap {
	char **keys;
	prior *vals;
	size_t cap, n;
} strmap;

/* The slot of key: where it is, or where it would go. */
static size_t
strmap_slot(const strmap *m, const char *key)
{
	size_t k = ob__hash(key, strlen(key)) & (m->cap - 1);
	while (m->keys[k] && strcmp(m->keys[k], key))
		k = (k + 1) & (m->cap - 1);
	return k;
}

static prior *
strmap_get(const strmap *m, const char *key)
{
	if (!m->cap)
		return NULL;
	size_t k = strmap_slot(m, key);
	return m->keys[k] ? &m->vals[k] : NULL;
}

/* Add key (copied); its value, zeroed when new; NULL when out of
 * memory. */
static prior *
strmap_put(strmap *m, const char *key, bool *added)
{
	if (2 * (m->n + 1) > m->cap) {
		strmap g = { .cap = m->cap ? m->cap * 2 : 64 };
		g.keys = calloc(g.cap, sizeof *g.keys);
		g.vals = calloc(g.cap, sizeof *g.vals);
		if (!g.keys || !g.vals) {
			free(g.keys), free(g.vals);
			return NULL;
		}
		for (size_t k = 0; k < m->cap; k++)
			if (m->keys[k]) {
				size_t j = strmap_slot(&g, m->keys[k]);
				g.keys[j] = m->keys[k];
				g.vals[j] = m->vals[k];
			}
		g.n = m->n;
		free(m->keys), free(m->vals);
		*m = g;
	}
	size_t k = strmap_slot(m, key);
	*added = !m->keys[k];
	if (*added) {
		if (!(m->keys[k] = strdup(key)))
			return NULL;
		m->n++;
	}
	return &m->vals[k];
}

static void
strmap_free(strmap *m)
{
	for (size_t k = 0; k < m->cap; k++)
		if (m->keys[k]) {
			free(m->keys[k]);
			free(m->vals[k].digest), free(m->vals[k].due);
			if (m->vals[k].todo)
				icalcomponent_free(m->vals[k].todo);
		}
	free(m->keys), free(m->vals);
}

typedef struct exporter {
	const char *format;
	FILE *out;
	icalcomponent *cal;
	struct icaltimetype stamp; /* DTSTAMP: when the feed was made, UTC */
	ob_ruleset *rs;            /* for inputs that are notices, not documents */
	strmap uids;               /* ics: each UID once in a calendar */
	strmap seen;               /* ics: every UID of the run, dated or not */
	strmap previous;           /* ics: the VTODOs of --previous by UID */
	size_t rows;
	bool header_done;
	int error;       /* OB_ERR_NOMEM once an allocation failed */
	int write_errno; /* why a write failed: the rest is not written */
} exporter;

/* A formatted string of its own length; NULL (and x->error set) when
 * memory runs out. */
#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
static char *
dupf(exporter *x, const char *fmt, ...)
{
	char *s = NULL;
	va_list ap;
	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) < 0) {
		s = NULL;
		x->error = OB_ERR_NOMEM;
	}
	va_end(ap);
	return s;
}

static void
csv_field(FILE *out, const char *s, bool last)
{
	csv_fwrite(out, s ? s : "", strlen(s ? s : ""));
	fputs(last ? "\r\n" : ",", out);
}

static char *
join(const strs *s, const char *sep)
{
	size_t len = 1;
	for (size_t k = 0; k < s->n; k++)
		len += strlen(s->v[k]) + strlen(sep);
	char *o = malloc(len);
	if (!o)
		return NULL;
	o[0] = '\0';
	for (size_t k = 0; k < s->n; k++) {
		if (k)
			strcat(o, sep);
		strcat(o, s->v[k]);
	}
	return o;
}

/* "by 2021-06-30 6月底前; within P5Y 5年内" (NULL when out of memory) */
static char *
times_text(xmlNode *ob, const char *what)
{
	char *o = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&o, &len);
	bool first = true;
	if (!m)
		return NULL;
	for (xmlNode *c = ob->children; c; c = c->next) {
		if (!ob__dom_is(c, what))
			continue;
		char *a = ob__dom_prop(c, !strcmp(what, "time") ? "kind" : "cmp");
		char *b = ob__dom_prop(c, !strcmp(what, "time") ? "date" : "value");
		char *d = ob__dom_prop(c, !strcmp(what, "time") ? "duration" : "unit");
		char *t = ob__dom_text(c);
		fprintf(m, "%s%s %s%s%s %s", first ? "" : "; ", a ? a : "",
		    b ? b : "", b && d ? " " : "", d ? d : "", t ? t : "");
		first = false;
		xmlFree(a);
		xmlFree(b);
		xmlFree(d);
		xmlFree(t);
	}
	if (fclose(m)) {
		free(o);
		return NULL;
	}
	return o;
}

/* The date an obligation is due: its first by, until or on date; not a
 * day before the notice's issue date (issued, YYYY-MM-DD, may be NULL),
 * which tells what happened ("7月17日，国务院领导已经批复同意…"). */
static char *
due_of(xmlNode *ob, const char *issued)
{
	for (xmlNode *c = ob->children; c; c = c->next) {
		if (!ob__dom_is(c, "time"))
			continue;
		char *k = ob__dom_prop(c, "kind");
		char *d = ob__dom_prop(c, "date");
		bool past = k && d && !strcmp(k, "on") && issued && *issued &&
		    strcmp(d, issued) < 0;
		bool due = k && d && !past && (!strcmp(k, "by") || !strcmp(k, "until") ||
		    !strcmp(k, "on"));
		xmlFree(k);
		if (due)
			return d;
		xmlFree(d);
	}
	return NULL;
}

static json_object *
records_json(xmlNode *ob, const char *what)
{
	json_object *a = json_object_new_array();
	static const char *const time_attrs[] = { "kind", "date", "duration", "anchor", NULL };
	static const char *const target_attrs[] = { "cmp", "value", "unit", "exact", NULL };
	const char *const *attrs = !strcmp(what, "time") ? time_attrs : target_attrs;
	for (xmlNode *c = ob->children; c; c = c->next) {
		if (!ob__dom_is(c, what))
			continue;
		json_object *o = json_object_new_object();
		for (int k = 0; attrs[k]; k++) {
			char *v = ob__dom_prop(c, attrs[k]);
			if (v)
				json_object_object_add(o, attrs[k], json_object_new_string(v));
			xmlFree(v);
		}
		char *t = ob__dom_text(c);
		json_object_object_add(o, "text", json_object_new_string(t ? t : ""));
		xmlFree(t);
		json_object_array_add(a, o);
	}
	return a;
}

/* 2021-06-30 as an iCalendar date */
/* The calendar as RFC 5545 folds it: libical may fold a line that ends at
 * the limit between its CR and its LF ("…请示\r\r\n \nDESCRIPTION:"),
 * which a parser reads as one line.  Its folds are undone, and each line
 * folded again at 75 octets, never inside a character. */
static void
put_folded(const char *s, FILE *out)
{
	/* unfolded first: "\r\r\n \n" is a line end once its fold goes */
	size_t n = strlen(s), o = 0;
	char *u = malloc(n + 1);
	if (!u) {
		fputs(s, out);
		return;
	}
	for (size_t i = 0; i < n;) {
		if (s[i] == '\r' && s[i + 1] == '\n' && (s[i + 2] == ' ' || s[i + 2] == '\t')) {
			i += 3;
			continue;
		}
		u[o++] = s[i++];
	}
	u[o] = '\0';
	size_t col = 0;
	for (size_t i = 0; i < o;) {
		if (u[i] == '\r' && u[i + 1] == '\n') {
			fputs("\r\n", out);
			col = 0;
			i += 2;
			continue;
		}
		size_t l = 1;
		while (i + l < o && (u[i + l] & 0xC0) == 0x80 && l < 4)
			l++;
		if (col + l > 75) {
			fputs("\r\n ", out);
			col = 1;
		}
		fwrite(u + i, 1, l, out);
		col += l;
		i += l;
	}
	free(u);
}

static struct icaltimetype
ymd(const char *iso)
{
	struct icaltimetype t = icaltime_null_time();
	t.year = atoi(iso);
	t.month = atoi(iso + 5);
	t.day = atoi(iso + 8);
	t.is_date = 1;
	return t;
}

/* A write failed (a full disk): remember why, and write no more. */
static bool
write_failed(exporter *x)
{
	if (!x->write_errno && ferror(x->out))
		x->write_errno = errno ? errno : EIO;
	return x->write_errno != 0;
}

/* The header row, once, even of a feed without rows. */
static void
csv_header(exporter *x)
{
	static const char *const head[] = { "notice", "doc_number", "issued",
		"section", "item", "item_id", "item_uid", "item_digest", "item_title",
		"obligation_id", "uid", "digest", "text", "modality", "lead", "cooperate",
		"responsible", "times", "due", "targets", "sourcepos", "source", NULL };
	if (x->header_done)
		return;
	for (int k = 0; head[k]; k++)
		csv_field(x->out, head[k], !head[k + 1]);
	x->header_done = true;
}

static void
emit(exporter *x, row *r)
{
	xmlNode *ob = r->obligation;

	if (write_failed(x))
		return;
	x->rows++;
	if (!strcmp(x->format, "csv")) {
		csv_header(x);
		char *lead = join(&r->roles[0], "、"), *coop = join(&r->roles[1], "、"),
		     *resp = join(&r->roles[2], "、");
		char *times = times_text(ob, "time"), *targets = times_text(ob, "target");
		char *due = due_of(ob, r->issued);
		const char *f[] = { r->name, r->doc, r->issued, r->section, r->item,
			r->item_id, r->item_uid, r->item_digest, r->item_title, r->id,
			r->uid, r->digest, r->text, r->modality, lead,
			coop, resp, times, due, targets, r->pos, r->source };
		for (size_t k = 0; k < sizeof f / sizeof *f; k++)
			csv_field(x->out, f[k], k + 1 == sizeof f / sizeof *f);
		free(lead), free(coop), free(resp), free(times), free(targets);
		xmlFree(due);
		return;
	}
	if (!strcmp(x->format, "jsonl")) {
		/* the CSV's columns, in its order (lead, cooperate and
		 * responsible as one "agencies" object); what an obligation
		 * outside any item lacks is null, its item_digest too */
		json_object *o = json_object_new_object();
		const char *keys[] = { "notice", "doc_number", "issued", "section", "item",
			"item_id", "item_uid", "item_digest", "item_title", "obligation_id",
			"uid", "digest", "text", "modality" };
		const char *vals[] = { r->name, r->doc, r->issued, r->section, r->item,
			r->item_id, r->item_uid, r->item_digest[0] ? r->item_digest : NULL,
			r->item_title, r->id, r->uid, r->digest, r->text, r->modality };
		for (size_t k = 0; k < sizeof keys / sizeof *keys; k++)
			json_object_object_add(o, keys[k], vals[k]
			    ? json_object_new_string(vals[k]) : NULL);
		json_object *ag = json_object_new_object();
		for (int k = 0; k < 3; k++) {
			json_object *a = json_object_new_array();
			for (size_t j = 0; j < r->roles[k].n; j++)
				json_object_array_add(a, json_object_new_string(r->roles[k].v[j]));
			json_object_object_add(ag, role_names[k], a);
		}
		json_object_object_add(o, "agencies", ag);
		json_object_object_add(o, "times", records_json(ob, "time"));
		char *due = due_of(ob, r->issued);
		json_object_object_add(o, "due", due ? json_object_new_string(due) : NULL);
		xmlFree(due);
		json_object_object_add(o, "targets", records_json(ob, "target"));
		json_object_object_add(o, "sourcepos", r->pos ? json_object_new_string(r->pos) : NULL);
		json_object_object_add(o, "source", r->source ? json_object_new_string(r->source) : NULL);
		fprintf(x->out, "%s\n", json_object_to_json_string_ext(o,
		    JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE));
		json_object_put(o);
		return;
	}
	/* ics: dated obligations only, each UID once (a notice given twice,
	 * as .txt and .html, is one set of tasks); every UID seen, dated or
	 * not, is a task that was not dropped */
	char *due = due_of(ob, r->issued);
	bool added = false, first;
	if (r->uid && !strmap_put(&x->seen, r->uid, &first))
		x->error = OB_ERR_NOMEM;
	/* a task list holds duties: what a notice only permits or
	 * encourages (modality may) is no task */
	if (due && r->modality && !strcmp(r->modality, "may")) {
		xmlFree(due);
		return;
	}
	if (due && r->uid && !strmap_put(&x->uids, r->uid, &added))
		x->error = OB_ERR_NOMEM;
	if (!added) {
		xmlFree(due);
		return;
	}
	icalcomponent *todo = icalcomponent_new_vtodo();
	icalcomponent_add_property(todo, icalproperty_new_uid(r->uid));
	icalcomponent_add_property(todo, icalproperty_new_dtstamp(x->stamp));
	icalcomponent_add_property(todo, icalproperty_new_due(ymd(due)));
	/* a changed text or date is a new version of the task: one more
	 * than the previous calendar's SEQUENCE */
	const prior *p = strmap_get(&x->previous, r->uid);
	int sequence = !p ? 0 : p->sequence + (!p->digest || strcmp(p->digest, r->digest) ||
	    !p->due || strcmp(p->due, due));
	icalcomponent_add_property(todo, icalproperty_new_sequence(sequence));
	icalproperty *dg = icalproperty_new_x(r->digest);
	icalproperty_set_x_name(dg, "X-OBLIX-DIGEST");
	icalcomponent_add_property(todo, dg);
	/* the item's title, or for an obligation of a section's own text
	 * the section's heading */
	const char *title = r->item_title && *r->item_title ? r->item_title
	    : r->heading ? r->heading : "";
	/* not twice where the title is the obligation's first sentence */
	bool repeats = *title && !strncmp(r->text, title, strlen(title));
	char *summary = *title && !repeats ? dupf(x, "%s：%s", title, r->text)
	    : dupf(x, "%s", r->text);
	if (summary)
		icalcomponent_add_property(todo, icalproperty_new_summary(summary));
	free(summary);
	char *desc = NULL;
	size_t dl = 0;
	FILE *m = open_memstream(&desc, &dl);
	if (m) {
		static const char *const label[] = { "牵头", "配合", "负责" };
		fprintf(m, "%s\n", r->text);
		for (int k = 0; k < 3; k++) {
			if (!r->roles[k].n)
				continue; /* no empty 配合： line */
			fprintf(m, "%s：", label[k]);
			for (size_t j = 0; j < r->roles[k].n; j++)
				fprintf(m, "%s%s", j ? "、" : "", r->roles[k].v[j]);
			fputc('\n', m);
		}
		fprintf(m, "%s %s %s", r->name, r->item ? r->item : "", r->pos ? r->pos : "");
	}
	if (m && !fclose(m))
		icalcomponent_add_property(todo, icalproperty_new_description(desc));
	else
		x->error = OB_ERR_NOMEM;
	free(desc);
	if (r->doc)
		icalcomponent_add_property(todo, icalproperty_new_categories(r->doc));
	icalcomponent_add_component(x->cal, todo);
	xmlFree(due);
}

static void
strs_free(strs *s)
{
	for (size_t k = 0; k < s->n; k++)
		xmlFree(s->v[k]);
	free(s->v);
	s->v = NULL;
	s->n = 0;
}

/* The first 64 bits of the SHA-256 of a text, in hex. */
static void
digest16(const char *s, char out[17])
{
	unsigned char sum[32];
	ob__sha256(s, strlen(s), sum);
	for (int k = 0; k < 8; k++)
		snprintf(out + 2 * k, 3, "%02x", sum[k]);
}

/* An obligation's own fields into r; unfill() frees them. */
static void
fill(exporter *x, row *r, xmlNode *ob)
{
	char *id = ob__dom_prop(ob, "id");
	r->id = dupf(x, "%s", id ? id : "");
	r->uid = dupf(x, "%s#%s", r->key, id ? id : "");
	r->text = ob__dom_text(ob__dom_child(ob, "text"));
	r->pos = ob__dom_prop(ob, "sourcepos");
	r->modality = ob__dom_prop(ob, "modality");
	digest16(r->text ? r->text : "", r->digest);
	r->obligation = ob;
	xmlFree(id);
}

static void
unfill(row *r)
{
	free(r->id), free(r->uid);
	xmlFree(r->text), xmlFree(r->pos), xmlFree(r->modality);
}

/* The agency children of node by role, into roles (emptied first). */
static void
collect_roles(strs roles[3], xmlNode *node)
{
	memset(roles, 0, 3 * sizeof *roles);
	for (xmlNode *a = node ? node->children : NULL; a; a = a->next) {
		if (!ob__dom_is(a, "agency"))
			continue;
		char *role = ob__dom_prop(a, "role");
		for (int k = 0; k < 3; k++)
			if (role && !strcmp(role, role_names[k])) {
				strs *s = &roles[k];
				char **v = realloc(s->v, (s->n + 1) * sizeof *v);
				if (v) {
					s->v = v;
					s->v[s->n++] = ob__dom_text(a);
				}
			}
		xmlFree(role);
	}
}

/* One row per obligation: who must act is the obligation's own agencies
 * where it names them (a sentence's subject, the clause after it), else
 * its owner's. */
static void
emit_obligation(exporter *x, const row *owner, xmlNode *ob)
{
	row r = *owner;
	bool own = false;
	for (xmlNode *a = ob->children; a && !own; a = a->next)
		own = ob__dom_is(a, "agency");
	if (own)
		collect_roles(r.roles, ob);
	fill(x, &r, ob);
	emit(x, &r);
	unfill(&r);
	if (own)
		for (int k = 0; k < 3; k++)
			strs_free(&r.roles[k]);
}

static void
walk_item(exporter *x, row *r, xmlNode *item, const char *path)
{
	char *label = ob__dom_prop(item, "label"), *id = ob__dom_prop(item, "id");
	char *title = ob__dom_text(ob__dom_child(item, "title"));
	row ir = *r;
	ir.item = dupf(x, "%s%s%s", path, *path ? "/" : "", label ? label : "");
	ir.item_id = dupf(x, "%s", id ? id : "");
	ir.item_title = dupf(x, "%s", title ? title : "");
	ir.item_uid = dupf(x, "%s#%s", r->key, id ? id : "");
	/* the item's digest: of its title and text */
	char *body = ob__dom_text(ob__dom_child(item, "text"));
	size_t tl = title ? strlen(title) : 0, bl = body ? strlen(body) : 0;
	char *both = malloc(tl + bl + 2);
	if (both) {
		snprintf(both, tl + bl + 2, "%s\n%s", title ? title : "", body ? body : "");
		digest16(both, ir.item_digest);
		free(both);
	}
	xmlFree(body);
	collect_roles(ir.roles, ob__dom_child(item, "agencies"));
	for (xmlNode *c = item->children; c; c = c->next) {
		if (ob__dom_is(c, "obligation")) {
			emit_obligation(x, &ir, c);
		} else if (ob__dom_is(c, "item")) {
			walk_item(x, &ir, c, ir.item ? ir.item : "");
		}
	}
	for (int k = 0; k < 3; k++)
		strs_free(&ir.roles[k]);
	free(ir.item), free(ir.item_id), free(ir.item_title), free(ir.item_uid);
	xmlFree(label);
	xmlFree(id);
	xmlFree(title);
}

/* The texts of every obligation of a notice, in document order. */
static void
obligation_texts(xmlNode *n, FILE *m)
{
	for (xmlNode *c = n->children; c; c = c->next) {
		if (ob__dom_is(c, "obligation")) {
			char *t = ob__dom_text(ob__dom_child(c, "text"));
			fprintf(m, "%s\n", t ? t : "");
			xmlFree(t);
		} else if (ob__dom_is(c, "section") || ob__dom_is(c, "item")) {
			obligation_texts(c, m);
		}
	}
}

/* "sha-" and the digest of a notice's obligations: its key when it has
 * no document number (caller frees). */
static char *
notice_digest(exporter *x, xmlNode *root)
{
	char *all = NULL, d[17];
	size_t len = 0;
	FILE *m = open_memstream(&all, &len);
	if (!m) {
		x->error = OB_ERR_NOMEM;
		return NULL;
	}
	obligation_texts(root, m);
	if (fclose(m)) {
		x->error = OB_ERR_NOMEM;
		free(all);
		return NULL;
	}
	digest16(all, d);
	free(all);
	return dupf(x, "sha-%s", d);
}

/* One notice document ("-": standard input), read once: validated, then
 * walked. */
/* Is it a document oblix wrote (its root's namespace oblix's)? */
static bool
oblix_document(const char *data, size_t len)
{
	size_t nl = 0;
	const char *ns = ob__root_ns(data, len, &nl);
	return ns && nl > 10 && !memcmp(ns, "urn:oblix:", 10);
}

/* The notice in *data extracted: *data becomes its XML document. */
static int
extract_in(exporter *x, const char *path, char **data, size_t *len, ob_error *e)
{
	if (!x->rs && ob_ruleset_new(&x->rs, e))
		return e->code;
	char *xml = NULL;
	size_t xl = 0;
	/* the input is given up to the notice */
	char *in = *data;
	*data = NULL;
	if (ob__notice_xml_take(x->rs, in, *len, path, &xml, &xl, e))
		return e->code;
	*data = xml;
	*len = xl;
	return 0;
}

static int
export_file(exporter *x, const char *path, FILE *err)
{
	ob_error e = { 0 };
	char *data = NULL;
	size_t len = 0;
	FILE *mem = NULL;
	int rc = ob__read_all(path, SIZE_MAX, &data, &len, &e);
	/* a notice (text, page, office file) rather than an oblix document
	 * is extracted first, as oblix extract would */
	if (!rc && !oblix_document(data, len))
		rc = extract_in(x, path, &data, &len, &e);
	else if (!rc) {
		/* a manifest, a diff, a history: oblix's, but no notice */
		size_t nl = 0;
		const char *ns = ob__root_ns(data, len, &nl);
		if (!(nl == 18 && !memcmp(ns, "urn:oblix:notice:1", 18))) {
			size_t kl = 0;
			while (10 + kl < nl && ns[10 + kl] != ':')
				kl++;
			rc = ob__error_set(&e, OB_ERR_INVALID, 27, 0, "an oblix %.*s document, "
			    "not a notice: export takes notices and the documents oblix "
			    "extract writes", (int)kl, ns + 10);
		}
	}
	if (!rc && !(mem = fmemopen(data, len ? len : 1, "rb")))
		rc = ob__error_set(&e, OB_ERR_NOMEM, 0, 0, "out of memory");
	if (!rc)
		rc = ob__validate_stream(mem, path, &e);
	if (mem)
		fclose(mem);
	if (rc) {
		e.file = path;
		ob_error_print(&e, 0, err);
		free(data);
		return 1;
	}
	xmlDocPtr doc = xmlReadMemory(data, (int)len, path, NULL, XML_PARSE_NONET | XML_PARSE_HUGE);
	free(data);
	xmlNode *root = doc ? xmlDocGetRootElement(doc) : NULL;
	if (!root) {
		fprintf(err, "%s: error: cannot read the document\n", path);
		xmlFreeDoc(doc);
		return 1;
	}
	xmlNode *meta = ob__dom_child(root, "meta");
	row r;
	memset(&r, 0, sizeof r);
	char *doc_no = ob__dom_text(ob__dom_child(meta, "docNumber"));
	char *issued = ob__dom_text(ob__dom_child(meta, "issued"));
	char *source = ob__dom_prop(root, "source");
	/* the key: the document number, else the file name without its
	 * directory and extension */
	const char *base = source ? strrchr(source, '/') : NULL;
	char *stem = dupf(x, "%s", base ? base + 1 : source ? source : path);
	char *dot = stem ? strrchr(stem, '.') : NULL;
	if (dot && dot != stem)
		*dot = '\0';
	r.name = doc_no ? doc_no : stem ? stem : "";
	/* uids: the document number, else what the notice says, so that
	 * two notices of one file name never share one and a notice keeps
	 * its own wherever it is filed */
	char *text_key = doc_no ? NULL : notice_digest(x, root);
	r.key = doc_no ? doc_no : text_key ? text_key : "";
	r.doc = doc_no;
	r.issued = issued;
	r.source = source;
	/* the notice-level text's obligations (the closing, a reply's
	 * body), with the agencies it names */
	row cr = r, pr = r;
	cr.section = pr.section = "";
	collect_roles(cr.roles, NULL);
	/* the preamble's (p.o1 …) name their own agencies or none: the
	 * notice's agencies are the closing's */
	collect_roles(pr.roles, NULL);
	for (xmlNode *c = root->children; c; c = c->next) {
		if (ob__dom_is(c, "agencies") && !cr.roles[0].n && !cr.roles[1].n &&
		    !cr.roles[2].n)
			collect_roles(cr.roles, c);
		else if (ob__dom_is(c, "obligation")) {
			char *id = ob__dom_prop(c, "id");
			emit_obligation(x, id && !strncmp(id, "p.", 2) ? &pr : &cr, c);
			xmlFree(id);
		}
		else if (ob__dom_is(c, "item")) {
			r.section = "";
			walk_item(x, &r, c, "");
		} else if (ob__dom_is(c, "section")) {
			char *label = ob__dom_prop(c, "label");
			char *heading = ob__dom_text(ob__dom_child(c, "heading"));
			char *section = dupf(x, "%s、%s", label ? label : "",
			    heading ? heading : "");
			r.section = section;
			r.heading = heading;
			row sr = r;
			collect_roles(sr.roles, ob__dom_child(c, "agencies"));
			for (xmlNode *s = c->children; s; s = s->next) {
				if (ob__dom_is(s, "obligation"))
					emit_obligation(x, &sr, s);
				else if (ob__dom_is(s, "item"))
					walk_item(x, &r, s, label ? label : "");
			}
			for (int k = 0; k < 3; k++)
				strs_free(&sr.roles[k]);
			r.section = NULL;
			r.heading = NULL;
			free(section);
			xmlFree(label);
			xmlFree(heading);
		}
	}
	for (int k = 0; k < 3; k++)
		strs_free(&cr.roles[k]);
	free(stem);
	free(text_key);
	xmlFree(doc_no);
	xmlFree(issued);
	xmlFree(source);
	xmlFreeDoc(doc);
	return 0;
}

/* A batch's output directory: the documents its manifest (DIR/index.xml)
 * lists as converted or up to date, in its order, so that the outputs of
 * inputs since deleted, which a later run leaves behind, are not
 * exported.  -1 when dir has no manifest. */
static int
export_manifest(exporter *x, const char *dir, FILE *err)
{
	char path[PATH_MAX];
	snprintf(path, sizeof path, "%s/index.xml", dir);
	if (access(path, R_OK))
		return -1;
	xmlTextReaderPtr r = xmlReaderForFile(path, NULL, XML_PARSE_NONET |
	    XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	int status = 0, st = 0;
	bool index = false;
	while (r && (st = xmlTextReaderRead(r)) == 1) {
		if (xmlTextReaderNodeType(r) != XML_READER_TYPE_ELEMENT)
			continue;
		const char *name = (const char *)xmlTextReaderConstLocalName(r);
		const char *ns = (const char *)xmlTextReaderConstNamespaceUri(r);
		if (!index) {
			/* an index.xml of another kind: no manifest */
			if (strcmp(name, "index") || !ns || strcmp(ns, "urn:oblix:index:1"))
				break;
			index = true;
			continue;
		}
		if (strcmp(name, "entry"))
			continue;
		xmlChar *s = xmlTextReaderGetAttribute(r, BAD_CAST "status");
		xmlChar *out = xmlTextReaderGetAttribute(r, BAD_CAST "output");
		if (s && out && strcmp((char *)s, "failed")) {
			char *p = dupf(x, "%s/%s", dir, (char *)out);
			if (p)
				status |= export_file(x, p, err);
			free(p);
		}
		xmlFree(s), xmlFree(out);
	}
	xmlFreeTextReader(r);
	if (!index)
		return -1;
	if (st < 0) {
		fprintf(err, "%s: error: [OB-025] the manifest is not well-formed XML\n", path);
		status = 1;
	}
	return status;
}

typedef struct walking {
	exporter *x;
	FILE *err;
	int status;
} walking;

/* The notice documents of a directory without a manifest, in name
 * order, recursively. */
static int
export_found(void *ud, const char *path, const char *rel)
{
	walking *w = ud;
	const char *base = strrchr(rel, '/');
	base = base ? base + 1 : rel;
	if (ob__xml_name(base) && strcmp(base, "index.xml"))
		w->status |= export_file(w->x, path, w->err);
	return 0;
}

/* The VTODOs of the calendar written before, by UID: their SEQUENCE,
 * digest and due date. */
static int
read_previous(exporter *x, const char *path, FILE *err)
{
	ob_error e = { 0 };
	char *data = NULL;
	size_t len = 0;
	if (ob__read_all(path, SIZE_MAX, &data, &len, &e)) {
		e.file = path;
		ob_error_print(&e, 0, err);
		return 1;
	}
	icalcomponent *cal = icalparser_parse_string(data);
	free(data);
	if (!cal || icalcomponent_isa(cal) != ICAL_VCALENDAR_COMPONENT) {
		fprintf(err, "%s: error: [OB-028] not an iCalendar file oblix could read\n", path);
		icalcomponent_free(cal);
		return 1;
	}
	int r = 0;
	for (icalcomponent *t = icalcomponent_get_first_component(cal, ICAL_VTODO_COMPONENT);
	     t && !r; t = icalcomponent_get_next_component(cal, ICAL_VTODO_COMPONENT)) {
		const char *uid = icalcomponent_get_uid(t);
		bool added;
		prior *p = uid ? strmap_put(&x->previous, uid, &added) : NULL;
		if (!uid)
			continue;
		if (!p) {
			r = OB_ERR_NOMEM;
			break;
		}
		if (!added)
			continue; /* the first of a UID given twice */
		p->sequence = icalcomponent_get_sequence(t);
		if (p->sequence < 0)
			p->sequence = 0;
		/* one more must still be an int */
		if (p->sequence > INT_MAX - 1)
			p->sequence = INT_MAX - 1;
		if (!(p->todo = icalcomponent_new_clone(t)))
			r = OB_ERR_NOMEM;
		for (icalproperty *q = icalcomponent_get_first_property(t, ICAL_X_PROPERTY); q;
		     q = icalcomponent_get_next_property(t, ICAL_X_PROPERTY))
			if (!strcmp(icalproperty_get_x_name(q), "X-OBLIX-DIGEST") &&
			    !(p->digest = strdup(icalproperty_get_x(q))))
				r = OB_ERR_NOMEM;
		icalproperty *dp = icalcomponent_get_first_property(t, ICAL_DUE_PROPERTY);
		if (dp) {
			struct icaltimetype d = icalproperty_get_due(dp);
			if (asprintf(&p->due, "%04d-%02d-%02d", d.year, d.month, d.day) < 0) {
				p->due = NULL;
				r = OB_ERR_NOMEM;
			}
		}
	}
	icalcomponent_free(cal);
	if (r)
		fprintf(err, "%s: error: %s\n", path, ob_strerror(r));
	return r ? 1 : 0;
}

/* The VTODOs of the previous calendar whose UIDs this run did not write,
 * cancelled, in the order of their UIDs. */
static void
cancel_dropped(exporter *x)
{
	const strmap *m = &x->previous;
	char **uids = malloc((m->n + 1) * sizeof *uids);
	size_t n = 0;
	if (!uids) {
		x->error = OB_ERR_NOMEM;
		return;
	}
	for (size_t k = 0; k < m->cap; k++)
		if (m->keys[k] && m->vals[k].todo && !strmap_get(&x->seen, m->keys[k]))
			uids[n++] = m->keys[k];
	if (n > 1)
		qsort(uids, n, sizeof *uids, ob__by_string);
	for (size_t k = 0; k < n; k++) {
		prior *p = strmap_get(m, uids[k]);
		icalcomponent *t = p->todo;
		p->todo = NULL;
		icalproperty *q;
		/* once cancelled, cancelled: no new SEQUENCE each run */
		bool was = (q = icalcomponent_get_first_property(t, ICAL_STATUS_PROPERTY)) &&
		    icalproperty_get_status(q) == ICAL_STATUS_CANCELLED;
		icalcomponent_set_status(t, ICAL_STATUS_CANCELLED);
		if (!was) {
			icalcomponent_set_sequence(t, p->sequence + 1);
			icalcomponent_set_dtstamp(t, x->stamp);
		}
		icalcomponent_add_component(x->cal, t);
	}
	free(uids);
}

int
ob__export_run(const ob__export_options *o, char **inputs, int n, FILE *out,
	       FILE *err)
{
	exporter x = { .format = o->format, .out = out };
	int status = 0;

	/* --previous keeps an iCalendar feed's sequence numbers: for the
	 * other feeds it would be ignored without a word */
	if (o->previous && strcmp(x.format, "ics")) {
		fprintf(err, "oblix export: --previous is for --format=ics, not %s\n"
		    "Try 'oblix export --help'.\n", x.format);
		return 2;
	}

	if (!strcmp(x.format, "ics")) {
		if (o->previous && read_previous(&x, o->previous, err)) {
			strmap_free(&x.previous);
			return 1;
		}
		/* the run's time, in UTC as RFC 5545 asks; SOURCE_DATE_EPOCH
		 * fixes it for reproducible builds and tests */
		const char *epoch = getenv("SOURCE_DATE_EPOCH");
		time_t now = epoch && *epoch ? (time_t)strtoll(epoch, NULL, 10) : time(NULL);
		x.stamp = icaltime_from_timet_with_zone(now, 0, icaltimezone_get_utc_timezone());
		x.cal = icalcomponent_new_vcalendar();
		icalcomponent_add_property(x.cal, icalproperty_new_version("2.0"));
		icalcomponent_add_property(x.cal,
		    icalproperty_new_prodid("-//oblix//oblix " OB_VERSION "//ZH"));
	}
	for (int i = 0; i < n; i++) {
		struct stat st;
		if (!strcmp(inputs[i], "-"))
			status |= export_file(&x, inputs[i], err);
		else if (stat(inputs[i], &st)) {
			fprintf(err, "%s: error: [OB-009] cannot open: %s\n", inputs[i],
			    strerror(errno));
			status = 1;
		} else if (S_ISDIR(st.st_mode)) {
			int m = export_manifest(&x, inputs[i], err);
			if (m < 0) {
				walking w = { .x = &x, .err = err };
				ob__walk_options wo = { .follow = o->follow };
				m = (ob__walk(inputs[i], &wo, export_found, &w, err) != 0) | w.status;
			}
			status |= m;
		}
		else
			status |= export_file(&x, inputs[i], err);
	}
	/* a task of the previous calendar that the notices no longer hold
	 * was dropped: it is kept, cancelled (RFC 5545 STATUS:CANCELLED, a
	 * new SEQUENCE), so that a tracker closes it rather than losing it;
	 * not when an input failed, which may hold it */
	if (x.cal && !status)
		cancel_dropped(&x);
	/* the header of an empty table, unless every input failed: no
	 * output is better than a table that looks like an empty result */
	if (!strcmp(x.format, "csv") && !status)
		csv_header(&x);
	if (x.cal) {
		put_folded(icalcomponent_as_ical_string(x.cal), out);
		icalcomponent_free(x.cal);
	}
	ob_ruleset_free(x.rs);
	strmap_free(&x.uids);
	strmap_free(&x.seen);
	strmap_free(&x.previous);
	if (x.error) {
		fprintf(err, "oblix: error: %s\n", ob_strerror(x.error));
		status = 1;
	}
	/* the caller names the output; errno says why */
	if (write_failed(&x)) {
		errno = x.write_errno;
		status = 1;
	}
	return status;
}
