/* SPDX-License-Identifier: MIT */
/*
 * The diff for a reader.  On the terminal: the summary, then one line per
 * item that changed (+ added, - dropped, ~ changed, > split, < merged)
 * with its changes and its word diff; coloured on a terminal.  As a page:
 * the summary in words, the changes grouped by kind, then each changed
 * task with its old and new text side by side, labelled with the
 * editions' document numbers, years and line numbers.
 */
#define _GNU_SOURCE
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/HTMLtree.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

#include "diff.h"
#include "dom.h"
#include "html.h"
#include "report.h"

int ob__diff_render_html(xmlNode *root, FILE *out);

/* An item worth showing: anything but a pair that did not change. */
static bool
interesting(xmlNode *item)
{
	const char *st = ob__dom_attr(item, "status");
	if ((strcmp(st, "matched") && strcmp(st, "carried")) ||
	    !strcmp(ob__dom_attr(item, "moved"), "true"))
		return true;
	for (xmlNode *k = item->children; k; k = k->next)
		if (ob__dom_is(k, "change") || ob__dom_is(k, "text"))
			return true;
	return false;
}

static void
words(FILE *out, xmlNode *n, bool color)
{
	for (xmlNode *w = n->children; w; w = w->next) {
		if (w->type != XML_ELEMENT_NODE)
			continue;
		xmlChar *t = xmlNodeGetContent(w);
		if (ob__dom_is(w, "same"))
			fputs((char *)t, out);
		else if (ob__dom_is(w, "del"))
			fprintf(out, color ? "\033[31m[-%s-]\033[0m" : "[-%s-]", t);
		else
			fprintf(out, color ? "\033[32m{+%s+}\033[0m" : "{+%s+}", t);
		xmlFree(t);
	}
}

/* One row per entry, the fields of the XML; its changes in one field
 * ("kind old → new (detail); …"), as history's CSV has its events. */
static int
render_csv(xmlNode *root, FILE *out)
{
	static const char *const head[] = { "status", "unit", "old_id", "old_label",
		"old_pos", "new_id", "new_label", "new_pos", "similarity", "confidence",
		"margin", "low_confidence", "containment", "evidence", "lead", "title",
		"changes", "text_changed" };
	int r = ob__report_csv_row(out, head, sizeof head / sizeof *head);
	for (xmlNode *c = root->children; !r && c; c = c->next) {
		if (!ob__dom_is(c, "item"))
			continue;
		ob__gstr ch = { 0 };
		xmlChar *title = NULL;
		bool text = false;
		for (xmlNode *k = c->children; k; k = k->next) {
			if (ob__dom_is(k, "title"))
				title = xmlNodeGetContent(k);
			else if (ob__dom_is(k, "text"))
				text = true;
			else if (ob__dom_is(k, "change")) {
				xmlChar *d = xmlNodeGetContent(k);
				const char *o = ob__dom_attr(k, "old"), *n = ob__dom_attr(k, "new");
				ob__gs_add(&ch, "%s%s%s%s%s%s%s%s%s", ch.n ? "; " : "", ob__dom_attr(k, "kind"),
				    *o || *n ? " " : "", o, *o && *n ? " → " : "", n,
				    d && *d ? " (" : "", d ? (char *)d : "", d && *d ? ")" : "");
				xmlFree(d);
			}
		}
		const char *unit = ob__dom_attr(c, "unit");
		const char *f[] = { ob__dom_attr(c, "status"), *unit ? unit : "item",
			ob__dom_attr(c, "old"), ob__dom_attr(c, "oldLabel"), ob__dom_attr(c, "oldPos"),
			ob__dom_attr(c, "new"), ob__dom_attr(c, "newLabel"), ob__dom_attr(c, "newPos"),
			ob__dom_attr(c, "similarity"), ob__dom_attr(c, "confidence"),
			ob__dom_attr(c, "margin"), !strcmp(ob__dom_attr(c, "lowConfidence"), "true") ? "1" : "0",
			ob__dom_attr(c, "containment"), ob__dom_attr(c, "evidence"), ob__dom_attr(c, "lead"),
			title ? (char *)title : "", ob__gs_str(&ch), text ? "1" : "0" };
		r = ch.failed ? OB_ERR_NOMEM : ob__report_csv_row(out, f, sizeof f / sizeof *f);
		xmlFree(title);
		ob__gs_clear(&ch);
	}
	return r;
}

int
ob__diff_render(FILE *xml, const char *format, bool color, FILE *out)
{
	xmlDocPtr doc = ob__report_read(xml, "diff.xml");
	xmlNode *root = doc ? xmlDocGetRootElement(doc) : NULL;
	if (!root) {
		xmlFreeDoc(doc);
		return OB_ERR_XML;
	}
	if (strcmp(format, "text")) {
		int r = !strcmp(format, "html") ? ob__diff_render_html(root, out)
		    : !strcmp(format, "json") ? ob__report_write_json(root, out)
		    : render_csv(root, out);
		xmlFreeDoc(doc);
		return r ? r : ferror(out) ? OB_ERR_IO : 0;
	}
	fprintf(out, "oblix diff %s → %s\n", ob__dom_attr(root, "old"), ob__dom_attr(root, "new"));
	bool plan_year = !strcmp(ob__dom_attr(root, "basis"), "plan-year");
	if (plan_year)
		fprintf(out, "basis: plan-year (%s → %s: deadlines compared by their place in "
		    "each plan's year)\n", ob__dom_attr(root, "oldYear"), ob__dom_attr(root, "newYear"));
	else
		fprintf(out, "basis: absolute (deadlines compared as dates)\n");
	for (xmlNode *c = root->children; c; c = c->next) {
		if (ob__dom_is(c, "summary")) {
			fprintf(out, "items: %s added, %s dropped, %s %s (%s changed, %s moved, "
			    "%s renumbered), %s split, %s merged\n",
			    ob__dom_attr(c, "added"), ob__dom_attr(c, "dropped"), ob__dom_attr(c, "matched"),
			    plan_year ? "carried" : "matched", ob__dom_attr(c, "changed"),
			    ob__dom_attr(c, "moved"), ob__dom_attr(c, "renumbered"), ob__dom_attr(c, "split"), ob__dom_attr(c, "merged"));
			fprintf(out, "deadlines: %s moved, %s added, %s removed; targets: %s raised, "
			    "%s lowered, %s changed; agencies: %s added, %s removed, %s lead changed; "
			    "documents: %s added, %s removed\n\n",
			    ob__dom_attr(c, "deadlineMoved"), ob__dom_attr(c, "deadlineAdded"), ob__dom_attr(c, "deadlineRemoved"),
			    ob__dom_attr(c, "targetRaised"), ob__dom_attr(c, "targetLowered"), ob__dom_attr(c, "targetChanged"),
			    ob__dom_attr(c, "agencyAdded"), ob__dom_attr(c, "agencyRemoved"), ob__dom_attr(c, "leadChanged"),
			    ob__dom_attr(c, "documentAdded"), ob__dom_attr(c, "documentRemoved"));
			continue;
		}
		if (!ob__dom_is(c, "item"))
			continue;
		const char *st = ob__dom_attr(c, "status");
		bool moved = !strcmp(ob__dom_attr(c, "moved"), "true");
		if (!interesting(c))
			continue;
		xmlChar *title = NULL;
		for (xmlNode *k = c->children; k; k = k->next)
			if (ob__dom_is(k, "title"))
				title = xmlNodeGetContent(k);
		const char *mark = !strcmp(st, "added") ? "+" : !strcmp(st, "dropped") ? "-"
		    : !strcmp(st, "split") ? ">" : !strcmp(st, "merged") ? "<" : "~";
		const char *col = !strcmp(mark, "+") ? "\033[32m" : !strcmp(mark, "-") ? "\033[31m"
		    : "\033[33m";
		/* the labels of both sides, one where they are one (the
		 * preamble, the closing), then the title where there is one */
		const char *ol = ob__dom_attr(c, "oldLabel"), *nl = ob__dom_attr(c, "newLabel");
		bool both = *ol && *nl && (strcmp(ol, nl) || !*ob__dom_attr(c, "unit") ||
		    !strcmp(ob__dom_attr(c, "unit"), "section"));
		fprintf(out, "%s%s %s%s%s%s%s%s%s\n", color ? col : "", mark, *ol ? ol : nl,
		    both ? " → " : "", both ? nl : "", title && *title ? "  " : "",
		    title ? (char *)title : "", moved ? "  [moved]" : "", color ? "\033[0m" : "");
		if (!strcmp(ob__dom_attr(c, "lowConfidence"), "true"))
			fprintf(out, "    paired with low confidence %s (margin %s; shared: %s)\n",
			    ob__dom_attr(c, "confidence"), ob__dom_attr(c, "margin"),
			    *ob__dom_attr(c, "evidence") ? ob__dom_attr(c, "evidence") : "none");
		xmlFree(title);
		for (xmlNode *k = c->children; k; k = k->next) {
			if (ob__dom_is(k, "change")) {
				xmlChar *d = xmlNodeGetContent(k);
				fprintf(out, "    %s %s%s%s%s%s%s\n", ob__dom_attr(k, "kind"), ob__dom_attr(k, "old"),
				    *ob__dom_attr(k, "old") && *ob__dom_attr(k, "new") ? " → " : "", ob__dom_attr(k, "new"),
				    d && *d ? " (" : "", d ? (char *)d : "", d && *d ? ")" : "");
				xmlFree(d);
			} else if (ob__dom_is(k, "text")) {
				for (xmlNode *t = k->children; t; t = t->next) {
					if (!ob__dom_is(t, "titleDiff") && !ob__dom_is(t, "bodyDiff"))
						continue;
					/* a text that did not change (the title did) */
					bool changed = false;
					for (xmlNode *w = t->children; w; w = w->next)
						changed |= ob__dom_is(w, "del") || ob__dom_is(w, "ins");
					if (!changed)
						continue;
					fputs(ob__dom_is(t, "titleDiff") ? "    title: " : "    text: ", out);
					words(out, t, color);
					fputc('\n', out);
				}
			}
		}
	}
	xmlFreeDoc(doc);
	return ferror(out) ? OB_ERR_IO : 0;
}

/* ---- one self-contained HTML page ---- */

/* The kinds of change a report groups by, in reading order, with their
 * headings. */
static const struct {
	const char *kind, *heading;
} groups[] = {
	{ "dropped", "Tasks dropped" },
	{ "added", "Tasks added" },
	{ "split", "Tasks split" },
	{ "merged", "Tasks merged" },
	{ "deadline-moved", "Deadlines re-dated" },
	{ "deadline-added", "Deadlines added" },
	{ "deadline-removed", "Deadlines removed" },
	{ "target-raised", "Targets raised" },
	{ "target-lowered", "Targets lowered" },
	{ "target-changed", "Targets changed" },
	{ "lead-changed", "Lead handed over" },
	{ "agency-added", "Agencies added" },
	{ "agency-removed", "Agencies removed" },
	{ "agency-role-changed", "Agencies given another role" },
	{ "document-added", "Documents added" },
	{ "document-removed", "Documents removed" },
	{ "reworded", "Text reworded" },
	{ "moved", "Tasks moved to another section" },
};
#define NGROUPS (sizeof groups / sizeof *groups)

static int
group_of(const char *kind)
{
	if (!strcmp(kind, "target-added") || !strcmp(kind, "target-removed"))
		kind = "target-changed";
	for (size_t g = 0; g < NGROUPS; g++)
		if (!strcmp(groups[g].kind, kind))
			return (int)g;
	return -1;
}

/* A target's change is shown to a reader in the notice's own phrases (its
 * text), not in the comparator codes of its attributes. */
static bool
phrased(xmlNode *change, const xmlChar *d)
{
	const char *kind = ob__dom_attr(change, "kind");
	return strstr(kind, "target-") == kind && d && *d;
}

/* A growing string: the texts of a page are as long as their items. */
/* The word diff as two labelled panes: what was (same + del), what is
 * (same + ins). */
static void
side_by_side(xmlNodePtr parent, xmlNode *diff, const char *old_head,
	     const char *new_head)
{
	bool changed = false;
	for (xmlNode *w = diff->children; w; w = w->next)
		changed |= ob__dom_is(w, "del") || ob__dom_is(w, "ins");
	if (!changed) /* a title changed, the text not */
		return;
	xmlNodePtr row = ob__html_el(parent, "div", NULL, "sbs");
	xmlNodePtr old = ob__html_el(row, "div", NULL, "old"), new_ = ob__html_el(row, "div", NULL, "new");
	ob__html_el(old, "div", old_head, "pane");
	ob__html_el(new_, "div", new_head, "pane");
	xmlNodePtr po = ob__html_el(old, "p", NULL, NULL), pn = ob__html_el(new_, "p", NULL, NULL);
	for (xmlNode *w = diff->children; w; w = w->next) {
		if (w->type != XML_ELEMENT_NODE)
			continue;
		xmlChar *t = xmlNodeGetContent(w);
		if (ob__dom_is(w, "same")) {
			xmlAddChild(po, xmlNewText(t));
			xmlAddChild(pn, xmlNewText(t));
		} else if (ob__dom_is(w, "del")) {
			ob__html_el(po, "del", (char *)t, NULL);
		} else {
			ob__html_el(pn, "ins", (char *)t, NULL);
		}
		xmlFree(t);
	}
}

/* "12 deadlines re-dated": the number in a span the tests compare with
 * the document's summary. */
static void
count(xmlNodePtr p, xmlNode *summary, const char *key, const char *one,
      const char *many, bool always, bool *first)
{
	const char *v = ob__dom_attr(summary, key);
	if (!always && (!*v || !strcmp(v, "0")))
		return;
	if (!*first)
		xmlAddChild(p, xmlNewText(BAD_CAST ", "));
	*first = false;
	xmlNodePtr n = ob__html_el(p, "span", *v ? v : "0", "n");
	xmlNewProp(n, BAD_CAST "data-key", BAD_CAST key);
	xmlAddChild(p, xmlNewText(BAD_CAST(!strcmp(v, "1") ? one : many)));
}

static const char diff_style[] =
    ".sbs{display:flex;gap:1em;margin:.4em 0}.sbs>div{flex:1;border:1px solid #d0d7de;"
    "padding:.3em .6em}.sbs p{margin:.2em 0}"
    ".pane{font-size:.85em;color:#57606a;border-bottom:1px solid #d0d7de}"
    ".task{border-top:1px solid #d0d7de;padding:.6em 0}"
    ".status{font-weight:bold;padding:0 .4em;border-radius:3px;margin-right:.4em}"
    ".st-added .status{background:var(--add-bg);color:var(--add)}"
    ".st-dropped .status{background:var(--del-bg);color:var(--del)}"
    ".st-carried .status,.st-matched .status,.st-split .status,.st-merged .status"
    "{background:#ddf4ff;color:#0550ae}"
    ".changes li{margin:.1em 0}.kind{font-weight:bold}";

static const char diff_script[] =
    "(function(){var f=document.querySelector('.filters');if(!f)return;f.hidden=false;"
    "function apply(){var on={};f.querySelectorAll('input[type=checkbox]').forEach("
    "function(c){on[c.value]=c.checked;});var ag=f.querySelector('select').value;"
    "document.querySelectorAll('[data-kinds]').forEach(function(el){"
    "var ks=el.getAttribute('data-kinds').split(' ');var lead=(el.getAttribute('data-lead')||'').split('、');"
    "el.hidden=!(ks.some(function(k){return on[k];})&&(!ag||lead.indexOf(ag)>=0));});}"
    "f.addEventListener('change',apply);})();";

static void
edition_line(ob__gstr *g, xmlNode *root, const char *prefix)
{
	char key[32]; /* prefix is "old" or "new" */
	const char *doc, *year;
	snprintf(key, sizeof key, "%sDocNumber", prefix);
	doc = ob__dom_attr(root, key);
	snprintf(key, sizeof key, "%sYear", prefix);
	year = ob__dom_attr(root, key);
	if (*doc)
		ob__gs_add(g, "%s%s%s%s", doc, *year ? " (" : "", year, *year ? ")" : "");
	else
		ob__gs_add(g, "%s", *year ? year : ob__dom_attr(root, prefix));
}

int
ob__diff_render_html(xmlNode *root, FILE *out)
{
	ob__html h;
	ob__gstr line = { 0 }, oldname = { 0 }, newname = { 0 };
	xmlNode *summary = ob__dom_child(root, "summary");
	bool plan_year = !strcmp(ob__dom_attr(root, "basis"), "plan-year");

	if (!summary || ob__html_new(&h, "oblix diff", diff_style))
		return OB_ERR_NOMEM;
	edition_line(&oldname, root, "old");
	edition_line(&newname, root, "new");
	ob__html_el(h.body, "h1", "oblix diff", NULL);
	xmlNodePtr eds = ob__html_el(h.body, "p", NULL, "editions");
	ob__gs_add(&line, "old: %s — %s", ob__gs_str(&oldname), ob__dom_attr(root, "old"));
	ob__html_el(eds, "span", ob__gs_str(&line), "old-edition");
	ob__html_el(eds, "br", NULL, NULL);
	ob__gs_clear(&line);
	ob__gs_add(&line, "new: %s — %s", ob__gs_str(&newname), ob__dom_attr(root, "new"));
	ob__html_el(eds, "span", ob__gs_str(&line), "new-edition");
	ob__html_el(eds, "br", NULL, NULL);
	ob__html_el(eds, "span", plan_year
	    ? "Two years' plans: deadlines are compared by their place in each plan's year "
	      "(6月底前 is 6月底前 in both), and a task found in both is carried over."
	    : "Deadlines are compared as dates.", "basis");

	/* the summary in words: three sentences, what is zero left out
	 * unless it is always said */
	static const struct {
		const char *key, *one, *many;
		bool always;
		const char *after; /* closes a sentence */
	} words[] = {
		{ "matched", " task matched", " tasks matched", true, NULL },
		{ "changed", " changed", " changed", true, NULL },
		{ "unchanged", " unchanged", " unchanged", true, "; " },
		{ "added", " task added", " tasks added", true, NULL },
		{ "dropped", " dropped", " dropped", true, NULL },
		{ "split", " split", " split", false, NULL },
		{ "merged", " merged", " merged", false, NULL },
		{ "moved", " moved", " moved", false, ". " },
		{ "deadlineMoved", " deadline re-dated", " deadlines re-dated", true, NULL },
		{ "deadlineAdded", " deadline added", " deadlines added", false, NULL },
		{ "deadlineRemoved", " deadline removed", " deadlines removed", false, NULL },
		{ "targetRaised", " target raised", " targets raised", false, NULL },
		{ "targetLowered", " target lowered", " targets lowered", false, NULL },
		{ "targetChanged", " target changed", " targets changed", false, NULL },
		{ "leadChanged", " task handed over", " tasks handed over", false, NULL },
		{ "agencyAdded", " agency added", " agencies added", false, NULL },
		{ "agencyRemoved", " agency removed", " agencies removed", false, NULL },
		{ "documentAdded", " document added", " documents added", false, NULL },
		{ "documentRemoved", " document removed", " documents removed", false, NULL },
		{ "textChanged", " text reworded", " texts reworded", false, "." },
	};
	xmlNodePtr p = ob__html_el(h.body, "p", NULL, "summary");
	bool first = true;
	for (size_t k = 0; k < sizeof words / sizeof *words; k++) {
		bool carried = plan_year && k == 0; /* two years: carried over */
		count(p, summary, carried ? "carried" : words[k].key,
		    carried ? " task carried" : words[k].one,
		    carried ? " tasks carried" : words[k].many, words[k].always, &first);
		if (words[k].after) {
			xmlAddChild(p, xmlNewText(BAD_CAST words[k].after));
			first = true;
		}
	}

	/* what is in the page, for the filters and the groups */
	size_t ngroup[NGROUPS] = { 0 };
	size_t ntask = 0;
	char **leads = NULL;
	size_t nleads = 0;
	for (xmlNode *c = root->children; c; c = c->next) {
		if (!ob__dom_is(c, "item") || !interesting(c))
			continue;
		ntask++;
		const char *st = ob__dom_attr(c, "status");
		if (group_of(st) >= 0)
			ngroup[group_of(st)]++;
		if (!strcmp(ob__dom_attr(c, "moved"), "true"))
			ngroup[group_of("moved")]++;
		for (xmlNode *k = c->children; k; k = k->next)
			if (ob__dom_is(k, "change") && group_of(ob__dom_attr(k, "kind")) >= 0)
				ngroup[group_of(ob__dom_attr(k, "kind"))]++;
			else if (ob__dom_is(k, "text"))
				ngroup[group_of("reworded")]++;
		const char *lead = ob__dom_attr(c, "lead");
		bool seen = !*lead;
		for (size_t j = 0; j < nleads && !seen; j++)
			seen = !strcmp(leads[j], lead);
		char **v = seen ? NULL : realloc(leads, (nleads + 1) * sizeof *v);
		if (v) {
			leads = v;
			leads[nleads++] = (char *)lead; /* borrowed from the document */
		}
	}

	/* filters: shown by the script, the page is whole without them */
	xmlNodePtr form = ob__html_el(h.body, "form", NULL, "filters");
	xmlNewProp(form, BAD_CAST "hidden", BAD_CAST "hidden");
	ob__html_el(form, "strong", "Show: ", NULL);
	for (size_t g = 0; g < NGROUPS; g++) {
		if (!ngroup[g])
			continue;
		xmlNodePtr lab = ob__html_el(form, "label", NULL, NULL);
		xmlNodePtr in = ob__html_el(lab, "input", NULL, NULL);
		xmlNewProp(in, BAD_CAST "type", BAD_CAST "checkbox");
		xmlNewProp(in, BAD_CAST "value", BAD_CAST groups[g].kind);
		xmlNewProp(in, BAD_CAST "checked", BAD_CAST "checked");
		xmlAddChild(lab, xmlNewText(BAD_CAST groups[g].heading));
	}
	xmlNodePtr lab = ob__html_el(form, "label", "Lead: ", NULL);
	xmlNodePtr sel = ob__html_el(lab, "select", NULL, NULL);
	xmlNewProp(ob__html_el(sel, "option", "all", NULL), BAD_CAST "value", BAD_CAST "");
	for (size_t j = 0; j < nleads; j++)
		ob__html_el(sel, "option", leads[j], NULL);
	free(leads);

	/* the changes grouped by kind, each linking to its task */
	ob__html_el(h.body, "h2", ntask ? "Changes by kind" : "No changes", NULL);
	for (size_t g = 0; g < NGROUPS; g++) {
		if (!ngroup[g])
			continue;
		xmlNodePtr sec = ob__html_el(h.body, "section", NULL, "group");
		xmlNewProp(sec, BAD_CAST "id", BAD_CAST groups[g].kind);
		ob__gs_clear(&line);
		ob__gs_add(&line, "%s (%zu)", groups[g].heading, ngroup[g]);
		ob__html_el(sec, "h3", ob__gs_str(&line), NULL);
		xmlNodePtr ul = ob__html_el(sec, "ul", NULL, NULL);
		size_t n = 0;
		for (xmlNode *c = root->children; c; c = c->next) {
			if (!ob__dom_is(c, "item") || !interesting(c))
				continue;
			n++;
			const char *st = ob__dom_attr(c, "status");
			const char *label = *ob__dom_attr(c, "newLabel") ? ob__dom_attr(c, "newLabel")
			    : ob__dom_attr(c, "oldLabel");
			xmlChar *title = NULL;
			for (xmlNode *k = c->children; k; k = k->next)
				if (ob__dom_is(k, "title"))
					title = xmlNodeGetContent(k);
			for (xmlNode *k = c; k; k = k == c ? c->children : k->next) {
				bool hit = false;
				const char *what = "";
				if (k == c)
					hit = group_of(st) == (int)g ||
					    (!strcmp(groups[g].kind, "moved") && !strcmp(ob__dom_attr(c, "moved"), "true"));
				else if (ob__dom_is(k, "change"))
					hit = group_of(ob__dom_attr(k, "kind")) == (int)g;
				else if (ob__dom_is(k, "text"))
					hit = !strcmp(groups[g].kind, "reworded");
				if (!hit)
					continue;
				xmlNodePtr li = ob__html_el(ul, "li", NULL, NULL);
				xmlNewProp(li, BAD_CAST "data-kinds", BAD_CAST groups[g].kind);
				xmlNewProp(li, BAD_CAST "data-lead", BAD_CAST ob__dom_attr(c, "lead"));
				ob__gs_clear(&line);
				ob__gs_add(&line, "#task-%zu", n);
				xmlNodePtr a = ob__html_el(li, "a", NULL, NULL);
				xmlNewProp(a, BAD_CAST "href", BAD_CAST ob__gs_str(&line));
				ob__gs_clear(&line);
				ob__gs_add(&line, "%s %s", label, title ? (char *)title : "");
				xmlAddChild(a, xmlNewText(BAD_CAST ob__gs_str(&line)));
				if (ob__dom_is(k, "change")) {
					xmlChar *d = xmlNodeGetContent(k);
					ob__gs_clear(&line);
					what = ob__dom_attr(k, "old");
					if (phrased(k, d))
						ob__gs_add(&line, ": %s", (char *)d);
					else
						ob__gs_add(&line, ": %s%s%s%s%s%s", what, *what && *ob__dom_attr(k, "new") ? " → " : "",
					    ob__dom_attr(k, "new"), d && *d ? " (" : "", d ? (char *)d : "", d && *d ? ")" : "");
					xmlAddChild(li, xmlNewText(BAD_CAST ob__gs_str(&line)));
					xmlFree(d);
				}
			}
			xmlFree(title);
		}
	}

	/* the tasks, each with its changes and its text old and new */
	size_t n = 0;
	for (xmlNode *c = root->children; c; c = c->next) {
		if (!ob__dom_is(c, "item") || !interesting(c))
			continue;
		n++;
		const char *st = ob__dom_attr(c, "status");
		ob__gstr kinds = { 0 };
		ob__gs_add(&kinds, "%s", group_of(st) >= 0 ? st : "");
		if (!strcmp(ob__dom_attr(c, "moved"), "true"))
			ob__gs_add(&kinds, " moved");
		for (xmlNode *k = c->children; k; k = k->next)
			if (ob__dom_is(k, "change") && group_of(ob__dom_attr(k, "kind")) >= 0)
				ob__gs_add(&kinds, " %s", groups[group_of(ob__dom_attr(k, "kind"))].kind);
			else if (ob__dom_is(k, "text"))
				ob__gs_add(&kinds, " reworded");
		xmlNodePtr art = ob__html_el(h.body, "article", NULL, NULL);
		ob__gs_clear(&line);
		ob__gs_add(&line, "task st-%s", st);
		xmlNewProp(art, BAD_CAST "class", BAD_CAST ob__gs_str(&line));
		ob__gs_clear(&line);
		ob__gs_add(&line, "task-%zu", n);
		xmlNewProp(art, BAD_CAST "id", BAD_CAST ob__gs_str(&line));
		xmlNewProp(art, BAD_CAST "data-kinds", BAD_CAST(kinds.s && kinds.s[0] == ' ' ? kinds.s + 1 : ob__gs_str(&kinds)));
		xmlNewProp(art, BAD_CAST "data-lead", BAD_CAST ob__dom_attr(c, "lead"));
		ob__gs_clear(&kinds);
		xmlNodePtr h3 = ob__html_el(art, "h3", NULL, NULL);
		ob__html_el(h3, "span", st, "status");
		xmlChar *title = NULL;
		for (xmlNode *k = c->children; k; k = k->next)
			if (ob__dom_is(k, "title"))
				title = xmlNodeGetContent(k);
		ob__gs_clear(&line);
		ob__gs_add(&line, "%s%s%s %s", ob__dom_attr(c, "oldLabel"),
		    *ob__dom_attr(c, "oldLabel") && *ob__dom_attr(c, "newLabel") ? " → " : "",
		    ob__dom_attr(c, "newLabel"), title ? (char *)title : "");
		xmlAddChild(h3, xmlNewText(BAD_CAST ob__gs_str(&line)));
		xmlFree(title);
		/* where the task stands in each file */
		ob__gs_clear(&line);
		if (*ob__dom_attr(c, "oldPos"))
			ob__gs_add(&line, "%s line %ld", ob__gs_str(&oldname), ob__html_line(ob__dom_attr(c, "oldPos")));
		if (*ob__dom_attr(c, "newPos"))
			ob__gs_add(&line, "%s%s line %ld", line.n ? " · " : "", ob__gs_str(&newname),
			    ob__html_line(ob__dom_attr(c, "newPos")));
		if (*ob__dom_attr(c, "confidence"))
			ob__gs_add(&line, " · pairing confidence %s", ob__dom_attr(c, "confidence"));
		if (*ob__dom_attr(c, "lead"))
			ob__gs_add(&line, " · lead %s", ob__dom_attr(c, "lead"));
		ob__html_el(art, "div", ob__gs_str(&line), "pos");
		xmlNodePtr ul = NULL;
		for (xmlNode *k = c->children; k; k = k->next) {
			if (ob__dom_is(k, "change")) {
				if (!ul)
					ul = ob__html_el(art, "ul", NULL, "changes");
				xmlNodePtr li = ob__html_el(ul, "li", NULL, NULL);
				int g = group_of(ob__dom_attr(k, "kind"));
				ob__html_el(li, "span", g >= 0 ? groups[g].heading : ob__dom_attr(k, "kind"), "kind");
				xmlChar *d = xmlNodeGetContent(k);
				ob__gs_clear(&line);
				if (phrased(k, d)) {
					/* 不少于250台 → 不少于300台, not ge 250 台 */
					ob__gs_add(&line, ": %s", (char *)d);
					xmlAddChild(li, xmlNewText(BAD_CAST ob__gs_str(&line)));
					xmlFree(d);
					continue;
				}
				ob__gs_add(&line, ": %s%s", ob__dom_attr(k, "old"),
				    *ob__dom_attr(k, "old") && *ob__dom_attr(k, "new") ? " → " : "");
				xmlAddChild(li, xmlNewText(BAD_CAST ob__gs_str(&line)));
				if (*ob__dom_attr(k, "old") && *ob__dom_attr(k, "new"))
					ob__html_el(li, "ins", ob__dom_attr(k, "new"), NULL);
				else
					xmlAddChild(li, xmlNewText(BAD_CAST ob__dom_attr(k, "new")));
				if (d && *d) {
					ob__gs_clear(&line);
					ob__gs_add(&line, " (%s)", (char *)d);
					xmlAddChild(li, xmlNewText(BAD_CAST ob__gs_str(&line)));
				}
				xmlFree(d);
			} else if (ob__dom_is(k, "text")) {
				ob__gstr oh = { 0 }, nh = { 0 };
				ob__gs_add(&oh, "old · %s · line %ld", ob__gs_str(&oldname), ob__html_line(ob__dom_attr(c, "oldPos")));
				ob__gs_add(&nh, "new · %s · line %ld", ob__gs_str(&newname), ob__html_line(ob__dom_attr(c, "newPos")));
				for (xmlNode *t = k->children; t; t = t->next)
					if (ob__dom_is(t, "titleDiff") || ob__dom_is(t, "bodyDiff"))
						side_by_side(art, t, ob__gs_str(&oh), ob__gs_str(&nh));
				ob__gs_clear(&oh);
				ob__gs_clear(&nh);
			}
		}
	}
	ob__html_script(&h, diff_script);
	bool failed = line.failed || oldname.failed || newname.failed;
	ob__gs_clear(&line);
	ob__gs_clear(&oldname);
	ob__gs_clear(&newname);
	if (failed) {
		ob__html_free(&h);
		return OB_ERR_NOMEM;
	}
	return ob__html_write(&h, out);
}
