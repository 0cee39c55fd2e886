/*
 * The diff for the terminal: the summary, then one line per item that
 * changed (+ added, - dropped, ~ changed, > split, < merged) with its
 * changes and its word diff; coloured on a terminal.
 */
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "diff.h"

static const char *
val(xmlNode *n, const char *name)
{
	/* attributes live as long as the document */
	for (xmlAttr *a = n->properties; a; a = a->next)
		if (!strcmp((const char *)a->name, name) && a->children)
			return (const char *)a->children->content;
	return "";
}

static bool
is(const xmlNode *n, const char *name)
{
	return n && n->type == XML_ELEMENT_NODE && !strcmp((const char *)n->name, name);
}

static void
words(FILE *out, xmlNode *n, bool color)
{
	for (xmlNode *w = n->children; w; w = w->next) {
		if (w->type != XML_ELEMENT_NODE)
			continue;
		xmlChar *t = xmlNodeGetContent(w);
		if (is(w, "same"))
			fputs((char *)t, out);
		else if (is(w, "del"))
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
	(void)format;
	fprintf(out, "oblix diff %s → %s\n", val(root, "old"), val(root, "new"));
	for (xmlNode *c = root->children; c; c = c->next) {
		if (is(c, "summary")) {
			fprintf(out, "items: %s added, %s dropped, %s matched (%s changed, %s moved, "
			    "%s renumbered), %s split, %s merged\n",
			    val(c, "added"), val(c, "dropped"), val(c, "matched"), val(c, "changed"),
			    val(c, "moved"), val(c, "renumbered"), val(c, "split"), val(c, "merged"));
			fprintf(out, "deadlines: %s moved, %s added, %s removed; targets: %s raised, "
			    "%s lowered, %s changed; agencies: %s added, %s removed, %s lead changed; "
			    "documents: %s added, %s removed\n\n",
			    val(c, "deadlineMoved"), val(c, "deadlineAdded"), val(c, "deadlineRemoved"),
			    val(c, "targetRaised"), val(c, "targetLowered"), val(c, "targetChanged"),
			    val(c, "agencyAdded"), val(c, "agencyRemoved"), val(c, "leadChanged"),
			    val(c, "documentAdded"), val(c, "documentRemoved"));
			continue;
		}
		if (!is(c, "item"))
			continue;
		const char *st = val(c, "status");
		bool changed = false;
		for (xmlNode *k = c->children; k; k = k->next)
			changed |= is(k, "change") || is(k, "text");
		bool moved = !strcmp(val(c, "moved"), "true");
		if (!strcmp(st, "matched") && !changed && !moved)
			continue;
		xmlChar *title = NULL;
		for (xmlNode *k = c->children; k; k = k->next)
			if (is(k, "title"))
				title = xmlNodeGetContent(k);
		const char *mark = !strcmp(st, "added") ? "+" : !strcmp(st, "dropped") ? "-"
		    : !strcmp(st, "split") ? ">" : !strcmp(st, "merged") ? "<" : "~";
		const char *col = !strcmp(mark, "+") ? "\033[32m" : !strcmp(mark, "-") ? "\033[31m"
		    : "\033[33m";
		fprintf(out, "%s%s %s%s%s  %s%s%s\n", color ? col : "", mark, val(c, "oldLabel"),
		    *val(c, "oldLabel") && *val(c, "newLabel") ? " → " : "", val(c, "newLabel"),
		    title ? (char *)title : "", moved ? "  [moved]" : "", color ? "\033[0m" : "");
		xmlFree(title);
		for (xmlNode *k = c->children; k; k = k->next) {
			if (is(k, "change")) {
				xmlChar *d = xmlNodeGetContent(k);
				fprintf(out, "    %s %s%s%s%s%s%s\n", val(k, "kind"), val(k, "old"),
				    *val(k, "old") && *val(k, "new") ? " → " : "", val(k, "new"),
				    d && *d ? "  (" : "", d ? (char *)d : "", d && *d ? ")" : "");
				xmlFree(d);
			} else if (is(k, "text")) {
				for (xmlNode *t = k->children; t; t = t->next) {
					if (!is(t, "titleDiff") && !is(t, "bodyDiff"))
						continue;
					fputs(is(t, "titleDiff") ? "    title: " : "    text: ", out);
					words(out, t, color);
					fputc('\n', out);
				}
			}
		}
	}
	xmlFreeDoc(doc);
	return ferror(out) ? OB_ERR_IO : 0;
}
