/*
 * The diff for the terminal: the summary, then one line per item that
 * changed (+ added, - dropped, ~ changed, > split, < merged) with its
 * changes and its word diff; coloured on a terminal.
 */
#include <string.h>

#include <libxml/HTMLtree.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

#include "diff.h"
#include "dom.h"

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

int
ob__diff_render(FILE *xml, const char *format, bool color, FILE *out)
{
	char *buf = NULL;
	size_t len = 0, cap = 0, got;
	char chunk[65536];
	while ((got = fread(chunk, 1, sizeof chunk, xml)) > 0) {
		if (len + got > cap) {
			cap = (len + got) * 2;
			char *p = realloc(buf, cap);
			if (!p) {
				free(buf);
				return OB_ERR_NOMEM;
			}
			buf = p;
		}
		memcpy(buf + len, chunk, got);
		len += got;
	}
	xmlDocPtr doc = xmlReadMemory(buf ? buf : "", (int)len, "diff.xml", NULL,
	    XML_PARSE_NONET | XML_PARSE_HUGE);
	free(buf);
	xmlNode *root = doc ? xmlDocGetRootElement(doc) : NULL;
	if (!root) {
		xmlFreeDoc(doc);
		return OB_ERR_XML;
	}
	if (!strcmp(format, "html")) {
		int r = ob__diff_render_html(root, out);
		xmlFreeDoc(doc);
		return r;
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
		fprintf(out, "%s%s %s%s%s  %s%s%s\n", color ? col : "", mark, ob__dom_attr(c, "oldLabel"),
		    *ob__dom_attr(c, "oldLabel") && *ob__dom_attr(c, "newLabel") ? " → " : "", ob__dom_attr(c, "newLabel"),
		    title ? (char *)title : "", moved ? "  [moved]" : "", color ? "\033[0m" : "");
		xmlFree(title);
		for (xmlNode *k = c->children; k; k = k->next) {
			if (ob__dom_is(k, "change")) {
				xmlChar *d = xmlNodeGetContent(k);
				fprintf(out, "    %s %s%s%s%s%s%s\n", ob__dom_attr(k, "kind"), ob__dom_attr(k, "old"),
				    *ob__dom_attr(k, "old") && *ob__dom_attr(k, "new") ? " → " : "", ob__dom_attr(k, "new"),
				    d && *d ? "  (" : "", d ? (char *)d : "", d && *d ? ")" : "");
				xmlFree(d);
			} else if (ob__dom_is(k, "text")) {
				for (xmlNode *t = k->children; t; t = t->next) {
					if (!ob__dom_is(t, "titleDiff") && !ob__dom_is(t, "bodyDiff"))
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

static xmlNodePtr
el(xmlNodePtr parent, const char *name, const char *text, const char *cls)
{
	xmlNodePtr n = xmlNewTextChild(parent, NULL, BAD_CAST name, text ? BAD_CAST text : NULL);
	if (cls)
		xmlNewProp(n, BAD_CAST "class", BAD_CAST cls);
	return n;
}

/* The word diff as two columns: what was (same + del), what is (same + ins). */
static void
side_by_side(xmlNodePtr parent, xmlNode *diff)
{
	xmlNodePtr row = el(parent, "div", NULL, "sbs");
	xmlNodePtr old = el(row, "div", NULL, "old"), new_ = el(row, "div", NULL, "new");
	for (xmlNode *w = diff->children; w; w = w->next) {
		if (w->type != XML_ELEMENT_NODE)
			continue;
		xmlChar *t = xmlNodeGetContent(w);
		if (ob__dom_is(w, "same")) {
			xmlAddChild(old, xmlNewText(t));
			xmlAddChild(new_, xmlNewText(t));
		} else if (ob__dom_is(w, "del")) {
			el(old, "del", (char *)t, NULL);
		} else {
			el(new_, "ins", (char *)t, NULL);
		}
		xmlFree(t);
	}
}

int
ob__diff_render_html(xmlNode *root, FILE *out)
{
	static const char style[] =
	    "body{font:15px/1.6 sans-serif;margin:2em auto;max-width:72em;color:#222}"
	    "table.summary{border-collapse:collapse;margin:1em 0}"
	    "table.summary td,table.summary th{border:1px solid #ccc;padding:.2em .6em}"
	    "section{border-top:1px solid #ddd;padding:.5em 0}"
	    "h2{font-size:1em;margin:.3em 0}.added h2{color:#1a7f37}.dropped h2{color:#cf222e}"
	    ".sbs{display:flex;gap:1em}.sbs>div{flex:1;background:#f6f8fa;padding:.4em}"
	    "del{background:#ffebe9;text-decoration:line-through}ins{background:#dafbe1;"
	    "text-decoration:none}ul{margin:.2em 0}";
	htmlDocPtr doc = htmlNewDoc(BAD_CAST "http://www.w3.org/TR/html4/strict.dtd",
	    BAD_CAST "-//W3C//DTD HTML 4.01//EN");
	xmlNodePtr html = xmlNewNode(NULL, BAD_CAST "html");
	xmlNewProp(html, BAD_CAST "lang", BAD_CAST "zh-CN");
	xmlDocSetRootElement(doc, html);
	xmlNodePtr head = el(html, "head", NULL, NULL);
	xmlNodePtr meta = el(head, "meta", NULL, NULL);
	xmlNewProp(meta, BAD_CAST "charset", BAD_CAST "utf-8");
	el(head, "title", "oblix diff", NULL);
	el(head, "style", style, NULL);
	xmlNodePtr body = el(html, "body", NULL, NULL);
	el(body, "h1", "oblix diff", NULL);
	char line[2048];
	snprintf(line, sizeof line, "%s → %s", ob__dom_attr(root, "old"), ob__dom_attr(root, "new"));
	el(body, "p", line, NULL);
	for (xmlNode *c = root->children; c; c = c->next) {
		if (ob__dom_is(c, "summary")) {
			xmlNodePtr t = el(body, "table", NULL, "summary");
			for (xmlAttr *a = c->properties; a; a = a->next) {
				xmlNodePtr tr = el(t, "tr", NULL, NULL);
				el(tr, "th", (const char *)a->name, NULL);
				xmlNodePtr td = el(tr, "td", (const char *)a->children->content, NULL);
				xmlNewProp(td, BAD_CAST "id", a->name);
			}
			continue;
		}
		if (!ob__dom_is(c, "item"))
			continue;
		const char *st = ob__dom_attr(c, "status");
		if (!interesting(c))
			continue;
		xmlNodePtr sec = el(body, "section", NULL, st);
		xmlChar *title = NULL;
		for (xmlNode *k = c->children; k; k = k->next)
			if (ob__dom_is(k, "title"))
				title = xmlNodeGetContent(k);
		snprintf(line, sizeof line, "%s %s%s%s %s%s", st, ob__dom_attr(c, "oldLabel"),
		    *ob__dom_attr(c, "oldLabel") && *ob__dom_attr(c, "newLabel") ? " → " : "", ob__dom_attr(c, "newLabel"),
		    title ? (char *)title : "", !strcmp(ob__dom_attr(c, "moved"), "true") ? " (moved)" : "");
		xmlFree(title);
		el(sec, "h2", line, NULL);
		xmlNodePtr ul = NULL;
		for (xmlNode *k = c->children; k; k = k->next) {
			if (ob__dom_is(k, "change")) {
				if (!ul)
					ul = el(sec, "ul", NULL, NULL);
				xmlChar *d = xmlNodeGetContent(k);
				snprintf(line, sizeof line, "%s: %s%s%s %s", ob__dom_attr(k, "kind"), ob__dom_attr(k, "old"),
				    *ob__dom_attr(k, "old") && *ob__dom_attr(k, "new") ? " → " : "", ob__dom_attr(k, "new"),
				    d ? (char *)d : "");
				el(ul, "li", line, ob__dom_attr(k, "kind"));
				xmlFree(d);
			} else if (ob__dom_is(k, "text")) {
				for (xmlNode *t = k->children; t; t = t->next)
					if (ob__dom_is(t, "titleDiff") || ob__dom_is(t, "bodyDiff"))
						side_by_side(sec, t);
			}
		}
	}
	xmlChar *mem = NULL;
	int len = 0;
	htmlDocDumpMemoryFormat(doc, &mem, &len, 1);
	if (mem)
		fwrite(mem, 1, (size_t)len, out);
	xmlFree(mem);
	xmlFreeDoc(doc);
	return ferror(out) ? OB_ERR_IO : 0;
}
