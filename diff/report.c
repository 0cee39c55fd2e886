/* SPDX-License-Identifier: MIT */
/* Helpers of the renderers of the diff and history documents. */
#define _GNU_SOURCE
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>

#include <csv.h>
#include <json-c/json.h>

#include "oblix/oblix.h"
#include "report.h"

void
ob__gs_add(ob__gstr *g, const char *fmt, ...)
{
	va_list ap;
	char *part = NULL;
	va_start(ap, fmt);
	int len = vasprintf(&part, fmt, ap);
	va_end(ap);
	char *p = len >= 0 ? realloc(g->s, g->n + (size_t)len + 1) : NULL;
	if (!p) {
		if (len >= 0)
			free(part);
		g->failed = true;
		return;
	}
	g->s = p;
	memcpy(g->s + g->n, part, (size_t)len + 1);
	g->n += (size_t)len;
	free(part);
}

const char *
ob__gs_str(const ob__gstr *g)
{
	return g->s ? g->s : "";
}

void
ob__gs_clear(ob__gstr *g)
{
	free(g->s);
	g->s = NULL;
	g->n = 0;
}

xmlDocPtr
ob__report_read(FILE *fp, const char *name)
{
	char *buf = NULL;
	size_t len = 0, cap = 0, got;
	char chunk[65536];
	while ((got = fread(chunk, 1, sizeof chunk, fp)) > 0) {
		if (len + got > cap) {
			cap = (len + got) * 2;
			char *p = realloc(buf, cap);
			if (!p) {
				free(buf);
				return NULL;
			}
			buf = p;
		}
		memcpy(buf + len, chunk, got);
		len += got;
	}
	if (ferror(fp) || len > (size_t)INT32_MAX) {
		free(buf);
		return NULL;
	}
	xmlDocPtr doc = xmlReadMemory(buf ? buf : "", (int)len, name, NULL,
	    XML_PARSE_NONET | XML_PARSE_HUGE);
	free(buf);
	return doc;
}

/* ---- CSV ---- */

int
ob__report_csv_row(FILE *out, const char *const *f, size_t n)
{
	for (size_t k = 0; k < n; k++) {
		if (k && fputc(',', out) == EOF)
			return OB_ERR_IO;
		if (csv_fwrite(out, f[k] ? f[k] : "", strlen(f[k] ? f[k] : "")))
			return OB_ERR_IO;
	}
	return fputs("\r\n", out) == EOF ? OB_ERR_IO : 0;
}

/* ---- JSON ---- */

/* Attributes that are numbers or booleans in the schemas; any other is a
 * string (an id, a label, a date, "ge 250 台"). */
static json_object *
typed(const char *elem, const char *name, const char *v)
{
	static const char *const ints[] = { "oldYear", "newYear", "year", "n", "edition", "first", "last",
		"items", NULL };
	static const char *const reals[] = { "similarity", "confidence", "margin",
		"containment", NULL };
	static const char *const bools[] = { "moved", "renumbered", "lowConfidence",
		"present", NULL };
	char *end;
	bool counts = !strcmp(elem, "summary");
	for (size_t k = 0; !counts && ints[k]; k++)
		counts = !strcmp(name, ints[k]);
	if (counts) {
		long long x = strtoll(v, &end, 10);
		if (*v && !*end)
			return json_object_new_int64(x);
	}
	for (size_t k = 0; reals[k]; k++)
		if (!strcmp(name, reals[k])) {
			double x = strtod(v, &end);
			if (*v && !*end)
				return json_object_new_double_s(x, v);
		}
	for (size_t k = 0; bools[k]; k++)
		if (!strcmp(name, bools[k]) && (!strcmp(v, "true") || !strcmp(v, "false")))
			return json_object_new_boolean(!strcmp(v, "true"));
	return json_object_new_string(v);
}

static bool
has_elements(xmlNode *n)
{
	for (xmlNode *c = n->children; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE)
			return true;
	return false;
}

/* A word diff (same, del, ins): [{"op": "del", "text": "…"}, …]. */
static json_object *
words_json(xmlNode *n)
{
	json_object *a = json_object_new_array();
	for (xmlNode *w = n->children; a && w; w = w->next) {
		if (w->type != XML_ELEMENT_NODE)
			continue;
		xmlChar *t = xmlNodeGetContent(w);
		json_object *o = json_object_new_object();
		json_object_object_add(o, "op", json_object_new_string((const char *)w->name));
		json_object_object_add(o, "text", json_object_new_string(t ? (char *)t : ""));
		json_object_array_add(a, o);
		xmlFree(t);
	}
	return a;
}

/*
 * An element as JSON, field for field: its attributes (typed as the
 * schema types them), a child holding only text as a string ("title"),
 * the text of an element with attributes as "text", the one summary and
 * text as objects, a word diff as a list of runs, and the other children
 * as lists under their plural ("items", "changes", "tasks", "events").
 */
static json_object *
report_json(xmlNode *n)
{
	json_object *o = json_object_new_object();
	if (!o)
		return NULL;
	for (xmlAttr *a = n->properties; a; a = a->next) {
		const char *v = a->children ? (const char *)a->children->content : "";
		json_object_object_add(o, (const char *)a->name, typed((const char *)n->name,
		    (const char *)a->name, v));
	}
	if (!has_elements(n)) {
		xmlChar *t = xmlNodeGetContent(n);
		if (t && *t)
			json_object_object_add(o, "text", json_object_new_string((char *)t));
		xmlFree(t);
		return o;
	}
	for (xmlNode *c = n->children; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		const char *name = (const char *)c->name;
		if (!strcmp(name, "titleDiff") || !strcmp(name, "bodyDiff")) {
			json_object_object_add(o, name, words_json(c));
		} else if (!c->properties && !has_elements(c)) {
			xmlChar *t = xmlNodeGetContent(c);
			json_object_object_add(o, name, json_object_new_string(t ? (char *)t : ""));
			xmlFree(t);
		} else if (!strcmp(name, "summary") || !strcmp(name, "text")) {
			json_object_object_add(o, name, report_json(c));
		} else {
			char key[64];
			snprintf(key, sizeof key, "%ss", name);
			json_object *list = NULL;
			if (!json_object_object_get_ex(o, key, &list)) {
				list = json_object_new_array();
				json_object_object_add(o, key, list);
			}
			json_object_array_add(list, report_json(c));
		}
	}
	return o;
}

int
ob__report_write_json(xmlNode *root, FILE *out)
{
	json_object *o = report_json(root);
	if (!o)
		return OB_ERR_NOMEM;
	const char *s = json_object_to_json_string_ext(o, JSON_C_TO_STRING_PRETTY |
	    JSON_C_TO_STRING_SPACED | JSON_C_TO_STRING_NOSLASHESCAPE);
	int r = s && fputs(s, out) != EOF && fputc('\n', out) != EOF ? 0 : OB_ERR_IO;
	json_object_put(o);
	return r;
}
