/* SPDX-License-Identifier: MIT */
/* Reading oblix documents back with libxml2's tree: small helpers shared
 * by the feeds and the diff. */
#ifndef OB_DOM_H
#define OB_DOM_H

#include <stdbool.h>
#include <string.h>

#include <libxml/tree.h>

/* An element of that name? */
static inline bool
ob__dom_is(const xmlNode *n, const char *name)
{
	return n && n->type == XML_ELEMENT_NODE && !strcmp((const char *)n->name, name);
}

/* The first child element of that name, or NULL. */
static inline xmlNode *
ob__dom_child(xmlNode *n, const char *name)
{
	for (xmlNode *c = n ? n->children : NULL; c; c = c->next)
		if (ob__dom_is(c, name))
			return c;
	return NULL;
}

/* Text and attribute values: the caller's, freed with xmlFree(). */
static inline char *
ob__dom_text(xmlNode *n)
{
	return n ? (char *)xmlNodeGetContent(n) : NULL;
}

static inline char *
ob__dom_prop(xmlNode *n, const char *name)
{
	return (char *)xmlGetProp(n, (const xmlChar *)name);
}

/* An attribute value borrowed from the document ("" when absent). */
static inline const char *
ob__dom_attr(const xmlNode *n, const char *name)
{
	for (xmlAttr *a = n->properties; a; a = a->next)
		if (!strcmp((const char *)a->name, name) && a->children)
			return (const char *)a->children->content;
	return "";
}

#endif
