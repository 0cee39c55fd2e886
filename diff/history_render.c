/* SPDX-License-Identifier: MIT */
/*
 * The history for a reader: text (the tasks that changed, event by event),
 * CSV (one row per task and edition, for a spreadsheet or pandas) and one
 * HTML page (a table of tasks × editions with the events as marks,
 * sortable by lead agency).  All read the validated history document.
 */
#define _GNU_SOURCE
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <csv.h>
#include <libxml/parser.h>

#include "dom.h"
#include "history.h"
#include "html.h"
#include "report.h"

static size_t
editions(xmlNode *root)
{
	size_t n = 0;
	for (xmlNode *c = root->children; c; c = c->next)
		n += ob__dom_is(c, "edition");
	return n;
}

/* The child element name of parent whose attribute attr is the number e. */
static xmlNode *
numbered(xmlNode *parent, const char *name, const char *attr, size_t e)
{
	for (xmlNode *c = parent->children; c; c = c->next)
		if (ob__dom_is(c, name) && strtoul(ob__dom_attr(c, attr), NULL, 10) == e)
			return c;
	return NULL;
}

/* Edition e of the history, and a task's state in it. */
static xmlNode *
edition_n(xmlNode *root, size_t e)
{
	return numbered(root, "edition", "n", e);
}

static xmlNode *
state_at(xmlNode *task, size_t e)
{
	return numbered(task, "state", "edition", e);
}

/* "粤办函〔2021〕55号 (2021)", else the file name. */
static void
edition_name(ob__gstr *g, xmlNode *ed)
{
	const char *doc = ob__dom_attr(ed, "docNumber"), *year = ob__dom_attr(ed, "year");
	if (*doc)
		ob__gs_add(g, "%s%s%s%s", doc, *year ? " (" : "", year, *year ? ")" : "");
	else
		ob__gs_add(g, "%s", *year ? year : ob__dom_attr(ed, "source"));
}

/* One event in words: "deadline-moved 2021-06-30 → 2022-09-30 (…)". */
static void
event_words(ob__gstr *g, xmlNode *ev)
{
	const char *old = ob__dom_attr(ev, "old"), *new_ = ob__dom_attr(ev, "new");
	ob__gs_add(g, "%s", ob__dom_attr(ev, "kind"));
	if (*old || *new_)
		ob__gs_add(g, " %s%s%s", old, *old && *new_ ? " → " : "", new_);
	if (*ob__dom_attr(ev, "from"))
		ob__gs_add(g, " from %s", ob__dom_attr(ev, "from"));
	if (*ob__dom_attr(ev, "into"))
		ob__gs_add(g, " into %s", ob__dom_attr(ev, "into"));
	xmlChar *d = xmlNodeGetContent(ev);
	if (d && *d)
		ob__gs_add(g, " (%s)", (char *)d);
	xmlFree(d);
}

static bool
quiet(xmlNode *task)
{
	for (xmlNode *c = task->children; c; c = c->next)
		if (ob__dom_is(c, "event") && strcmp(ob__dom_attr(c, "kind"), "carried"))
			return false;
	return true;
}

static xmlChar *
title_of(xmlNode *n)
{
	xmlNode *t = ob__dom_child(n, "title");
	return t ? xmlNodeGetContent(t) : NULL;
}

static int
render_text(xmlNode *root, FILE *out)
{
	ob__gstr g = { 0 };
	size_t ne = editions(root);
	ob__gs_add(&g, "oblix history: %zu editions\n", ne);
	for (xmlNode *c = root->children; c; c = c->next) {
		if (!ob__dom_is(c, "edition"))
			continue;
		ob__gs_add(&g, "  %s  ", ob__dom_attr(c, "n"));
		edition_name(&g, c);
		ob__gs_add(&g, "  %s  %s items%s%s\n", ob__dom_attr(c, "source"), ob__dom_attr(c, "items"),
		    *ob__dom_attr(c, "basis") ? "  basis " : "", ob__dom_attr(c, "basis"));
	}
	xmlNode *s = ob__dom_child(root, "summary");
	if (s) {
		ob__gs_add(&g, "tasks: %s, %s carried unchanged; events:", ob__dom_attr(s, "tasks"),
		    ob__dom_attr(s, "unchanged"));
		bool first = true;
		for (xmlAttr *a = s->properties; a; a = a->next) {
			const char *v = a->children ? (const char *)a->children->content : "0";
			if (!strcmp((const char *)a->name, "tasks") ||
			    !strcmp((const char *)a->name, "unchanged") || !strcmp(v, "0"))
				continue;
			/* the events as their kinds are written (deadline-moved),
			 * not as the attribute names them (deadlineMoved) */
			ob__gs_add(&g, "%s %s ", first ? "" : ",", v);
			for (const char *p = (const char *)a->name; *p; p++) {
				if (*p >= 'A' && *p <= 'Z')
					ob__gs_add(&g, "-%c", *p - 'A' + 'a');
				else
					ob__gs_add(&g, "%c", *p);
			}
			first = false;
		}
		ob__gs_add(&g, "%s\n", first ? " none" : "");
	}
	for (xmlNode *t = root->children; t; t = t->next) {
		if (!ob__dom_is(t, "task") || quiet(t))
			continue;
		xmlChar *title = title_of(t);
		ob__gs_add(&g, "\n%s  %s  [", ob__dom_attr(t, "id"), title ? (char *)title : "");
		xmlFree(title);
		for (size_t e = 1; e <= ne; e++) {
			xmlNode *st = state_at(t, e);
			ob__gs_add(&g, "%s%s", e > 1 ? " | " : "", st ? ob__dom_attr(st, "label") : "-");
		}
		ob__gs_add(&g, "]\n");
		for (xmlNode *ev = t->children; ev; ev = ev->next) {
			if (!ob__dom_is(ev, "event") || !strcmp(ob__dom_attr(ev, "kind"), "carried"))
				continue;
			ob__gs_add(&g, "    %s ", ob__dom_attr(ev, "edition"));
			event_words(&g, ev);
			ob__gs_add(&g, "\n");
		}
	}
	int r = g.failed ? OB_ERR_NOMEM
	    : g.n && fwrite(g.s, 1, g.n, out) != g.n ? OB_ERR_IO : 0;
	ob__gs_clear(&g);
	return r;
}

/* ---- CSV ---- */

static int
render_csv(xmlNode *root, FILE *out)
{
	static const char *const head[] = { "task", "edition", "year", "doc_number",
		"present", "label", "id", "title", "lead", "deadlines", "targets", "events" };
	size_t ne = editions(root);
	int r = ob__report_csv_row(out, head, sizeof head / sizeof *head);
	for (xmlNode *t = root->children; !r && t; t = t->next) {
		if (!ob__dom_is(t, "task"))
			continue;
		for (size_t e = 1; !r && e <= ne; e++) {
			xmlNode *ed = edition_n(root, e), *st = state_at(t, e);
			ob__gstr edn = { 0 }, dl = { 0 }, tg = { 0 }, ev = { 0 };
			xmlChar *title = st ? title_of(st) : NULL;
			ob__gs_add(&edn, "%zu", e);
			for (xmlNode *c = st ? st->children : NULL; c; c = c->next) {
				xmlChar *txt = xmlNodeGetContent(c);
				if (ob__dom_is(c, "deadline"))
					ob__gs_add(&dl, "%s%s %s%s %s", dl.n ? "; " : "", ob__dom_attr(c, "kind"),
					    ob__dom_attr(c, "date"), ob__dom_attr(c, "duration"),
					    txt ? (char *)txt : "");
				else if (ob__dom_is(c, "target"))
					ob__gs_add(&tg, "%s%s %s %s", tg.n ? "; " : "", ob__dom_attr(c, "cmp"),
					    ob__dom_attr(c, "value"), ob__dom_attr(c, "unit"));
				xmlFree(txt);
			}
			for (xmlNode *c = t->children; c; c = c->next)
				if (ob__dom_is(c, "event") && strtoul(ob__dom_attr(c, "edition"), NULL, 10) == e) {
					if (ev.n)
						ob__gs_add(&ev, "; ");
					event_words(&ev, c);
				}
			const char *f[] = { ob__dom_attr(t, "id"), ob__gs_str(&edn),
				ed ? ob__dom_attr(ed, "year") : "", ed ? ob__dom_attr(ed, "docNumber") : "",
				st ? "1" : "0", st ? ob__dom_attr(st, "label") : "",
				st ? ob__dom_attr(st, "id") : "", title ? (char *)title : "",
				st ? ob__dom_attr(st, "lead") : "", ob__gs_str(&dl), ob__gs_str(&tg), ob__gs_str(&ev) };
			r = edn.failed || dl.failed || tg.failed || ev.failed ? OB_ERR_NOMEM
			    : ob__report_csv_row(out, f, sizeof f / sizeof *f);
			xmlFree(title);
			ob__gs_clear(&edn), ob__gs_clear(&dl), ob__gs_clear(&tg), ob__gs_clear(&ev);
		}
	}
	return r;
}

/* ---- HTML ---- */

static const char history_style[] =
    "table.history{width:100%}table.history td.absent{color:#8c959f;background:#f6f8fa}"
    ".mark{display:inline-block;font-size:.8em;padding:0 .35em;margin:.1em .2em .1em 0;"
    "border-radius:3px;background:#ddf4ff;color:#0550ae}"
    ".mark.introduced,.mark.reintroduced,.mark.target-raised{background:var(--add-bg);"
    "color:var(--add);font-weight:bold}"
    ".mark.dropped,.mark.target-lowered{background:var(--del-bg);color:var(--del);"
    "font-weight:bold}"
    ".mark.deadline-moved,.mark.lead-changed{background:#fff8c5;color:#7d4e00;"
    "font-weight:bold}"
    "th button{font:inherit;cursor:pointer}";

static const char history_script[] =
    "(function(){var t=document.querySelector('table.history');var b=document."
    "getElementById('sort-lead');if(!t||!b)return;b.hidden=false;var asc=true;"
    "b.addEventListener('click',function(){var rows=[].slice.call(t.tBodies[0].rows);"
    "rows.sort(function(x,y){var a=x.getAttribute('data-lead'),c=y.getAttribute('data-lead');"
    "return (asc?1:-1)*a.localeCompare(c,'zh-CN')||x.rowIndex-y.rowIndex;});"
    "rows.forEach(function(r){t.tBodies[0].appendChild(r);});asc=!asc;});})();";

/* A short mark for an event in the table; the full words in its title. */
static const char *
mark_text(const char *kind)
{
	static const struct {
		const char *kind, *text;
	} marks[] = {
		{ "introduced", "introduced" }, { "carried", "carried" },
		{ "dropped", "dropped" }, { "reintroduced", "reintroduced" },
		{ "deadline-moved", "re-dated" }, { "target-raised", "target ↑" },
		{ "target-lowered", "target ↓" }, { "target-changed", "target changed" },
		{ "lead-changed", "handed over" }, { "agency-added", "+ agency" },
		{ "agency-removed", "− agency" }, { "retitled", "retitled" },
		{ "moved", "moved" }, { "split", "split" }, { "merged", "merged" },
	};
	for (size_t k = 0; k < sizeof marks / sizeof *marks; k++)
		if (!strcmp(marks[k].kind, kind))
			return marks[k].text;
	return kind;
}

static void
summary_words(xmlNodePtr p, xmlNode *s)
{
	static const struct {
		const char *key, *one, *many;
	} parts[] = {
		{ "tasks", " task", " tasks" }, { "unchanged", " carried unchanged", " carried unchanged" },
		{ "introduced", " introduced", " introduced" }, { "dropped", " dropped", " dropped" },
		{ "reintroduced", " reintroduced", " reintroduced" },
		{ "deadlineMoved", " deadline re-dated", " deadlines re-dated" },
		{ "targetRaised", " target raised", " targets raised" },
		{ "targetLowered", " target lowered", " targets lowered" },
		{ "targetChanged", " target changed", " targets changed" },
		{ "leadChanged", " hand-over", " hand-overs" },
		{ "agencyAdded", " agency added", " agencies added" },
		{ "agencyRemoved", " agency removed", " agencies removed" },
		{ "retitled", " retitled", " retitled" }, { "moved", " moved", " moved" },
		{ "split", " split", " splits" }, { "merged", " merged", " merged" },
	};
	bool first = true;
	for (size_t k = 0; k < sizeof parts / sizeof *parts; k++) {
		const char *v = ob__dom_attr(s, parts[k].key);
		if (k > 1 && (!*v || !strcmp(v, "0")))
			continue;
		if (!first)
			xmlAddChild(p, xmlNewText(BAD_CAST(k == 1 ? " (" : ", ")));
		first = false;
		xmlNodePtr n = ob__html_el(p, "span", *v ? v : "0", "n");
		xmlNewProp(n, BAD_CAST "data-key", BAD_CAST parts[k].key);
		xmlAddChild(p, xmlNewText(BAD_CAST(!strcmp(v, "1") ? parts[k].one : parts[k].many)));
		if (k == 1)
			xmlAddChild(p, xmlNewText(BAD_CAST ")"));
	}
	xmlAddChild(p, xmlNewText(BAD_CAST "."));
}

static int
render_html(xmlNode *root, FILE *out)
{
	ob__html h;
	ob__gstr g = { 0 };
	size_t ne = editions(root);
	if (ob__html_new(&h, "oblix history", history_style))
		return OB_ERR_NOMEM;
	ob__html_el(h.body, "h1", "oblix history", NULL);
	xmlNodePtr ol = ob__html_el(h.body, "ol", NULL, "editions");
	for (size_t e = 1; e <= ne; e++) {
		xmlNode *ed = edition_n(root, e);
		ob__gs_clear(&g);
		edition_name(&g, ed);
		ob__gs_add(&g, " — %s, %s items%s", ob__dom_attr(ed, "source"), ob__dom_attr(ed, "items"),
		    !strcmp(ob__dom_attr(ed, "basis"), "plan-year")
		    ? "; deadlines compared with the edition before by their place in each plan's year" : "");
		ob__html_el(ol, "li", ob__gs_str(&g), NULL);
	}
	xmlNode *s = ob__dom_child(root, "summary");
	if (s)
		summary_words(ob__html_el(h.body, "p", NULL, "summary"), s);
	xmlNodePtr table = ob__html_el(h.body, "table", NULL, "history");
	xmlNodePtr tr = ob__html_el(ob__html_el(table, "thead", NULL, NULL), "tr", NULL, NULL);
	ob__html_el(tr, "th", "Task", NULL);
	xmlNodePtr th = ob__html_el(tr, "th", "Lead ", NULL);
	xmlNodePtr btn = ob__html_el(th, "button", "sort", NULL);
	xmlNewProp(btn, BAD_CAST "id", BAD_CAST "sort-lead");
	xmlNewProp(btn, BAD_CAST "type", BAD_CAST "button");
	xmlNewProp(btn, BAD_CAST "hidden", BAD_CAST "hidden");
	for (size_t e = 1; e <= ne; e++) {
		xmlNode *ed = edition_n(root, e);
		th = ob__html_el(tr, "th", NULL, NULL);
		ob__gs_clear(&g);
		ob__gs_add(&g, "%s", *ob__dom_attr(ed, "year") ? ob__dom_attr(ed, "year") : ob__dom_attr(ed, "n"));
		ob__html_el(th, "div", ob__gs_str(&g), NULL);
		ob__html_el(th, "div", ob__dom_attr(ed, "docNumber"), "pos");
	}
	xmlNodePtr tbody = ob__html_el(table, "tbody", NULL, NULL);
	for (xmlNode *t = root->children; t; t = t->next) {
		if (!ob__dom_is(t, "task"))
			continue;
		tr = ob__html_el(tbody, "tr", NULL, quiet(t) ? "quiet" : "changed");
		xmlNewProp(tr, BAD_CAST "id", BAD_CAST ob__dom_attr(t, "id"));
		xmlNewProp(tr, BAD_CAST "data-lead", BAD_CAST ob__dom_attr(t, "lead"));
		xmlChar *title = title_of(t);
		xmlNodePtr td = ob__html_el(tr, "td", NULL, NULL);
		ob__html_el(td, "span", ob__dom_attr(t, "id"), "pos");
		xmlAddChild(td, xmlNewText(BAD_CAST " "));
		ob__html_el(td, "span", title ? (char *)title : "", "title");
		xmlFree(title);
		ob__html_el(tr, "td", ob__dom_attr(t, "lead"), "lead");
		for (size_t e = 1; e <= ne; e++) {
			xmlNode *st = state_at(t, e);
			td = ob__html_el(tr, "td", NULL, st ? NULL : "absent");
			if (st) {
				ob__gs_clear(&g);
				ob__gs_add(&g, "%s · line %ld", ob__dom_attr(st, "label"),
				    ob__html_line(ob__dom_attr(st, "pos")));
				ob__html_el(td, "div", ob__gs_str(&g), "pos");
			} else
				ob__html_el(td, "div", "—", NULL);
			for (xmlNode *ev = t->children; ev; ev = ev->next) {
				if (!ob__dom_is(ev, "event") || strtoul(ob__dom_attr(ev, "edition"), NULL, 10) != e ||
				    !strcmp(ob__dom_attr(ev, "kind"), "carried"))
					continue;
				const char *kind = ob__dom_attr(ev, "kind");
				ob__gs_clear(&g);
				ob__gs_add(&g, "mark %s", kind);
				xmlNodePtr m = ob__html_el(td, "span", mark_text(kind), ob__gs_str(&g));
				ob__gs_clear(&g);
				event_words(&g, ev);
				xmlNewProp(m, BAD_CAST "title", BAD_CAST ob__gs_str(&g));
				xmlNewProp(m, BAD_CAST "data-kind", BAD_CAST kind);
				if (*ob__dom_attr(ev, "old") || *ob__dom_attr(ev, "new")) {
					ob__gs_clear(&g);
					ob__gs_add(&g, " %s → %s", ob__dom_attr(ev, "old"), ob__dom_attr(ev, "new"));
					ob__html_el(td, "div", ob__gs_str(&g), "pos");
				}
			}
		}
	}
	ob__html_script(&h, history_script);
	bool failed = g.failed;
	ob__gs_clear(&g);
	if (failed) {
		ob__html_free(&h);
		return OB_ERR_NOMEM;
	}
	return ob__html_write(&h, out);
}

int
ob__history_render(FILE *xml, const char *format, FILE *out)
{
	xmlDocPtr doc = ob__report_read(xml, "history.xml");
	xmlNode *root = doc ? xmlDocGetRootElement(doc) : NULL;
	int r;
	if (!root)
		r = OB_ERR_XML;
	else if (!strcmp(format, "csv"))
		r = render_csv(root, out);
	else if (!strcmp(format, "json"))
		r = ob__report_write_json(root, out);
	else if (!strcmp(format, "html"))
		r = render_html(root, out);
	else
		r = render_text(root, out);
	xmlFreeDoc(doc);
	return r ? r : ferror(out) ? OB_ERR_IO : 0;
}
