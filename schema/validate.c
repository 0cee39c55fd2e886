/* SPDX-License-Identifier: MIT */
/*
 * Validation: the schema is compiled into the library (notice_xsd.h is
 * generated from notice.xsd), parsed once per process, and shared by all
 * threads; each validation gets its own context and reads its document as
 * a SAX stream, so memory does not grow with the document.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <libxml/SAX2.h>
#include <libxml/hash.h>
#include <libxml/parser.h>
#include <libxml/xmlschemas.h>

#include "error.h"
#include "diff_xsd.h"
#include "history_xsd.h"
#include "index_xsd.h"
#include "notice_xsd.h"
#include "validate.h"

/*
 * Every document type oblix writes: the namespace of its root element and
 * its schema, each parsed once per process on first use.  A new document
 * type is one line here (and its .xsd in the list of meson.build that
 * embeds them).
 */
enum { NOTICE, INDEX, DIFF, HISTORY };
static struct doctype {
	const char *ns, *name;
	const char *xsd;
	size_t len;
	xmlSchemaPtr schema;
	xmlDocPtr doc;  /* what it was parsed from, where kept */
	bool unique;    /* a notice's oneId taken out, checked by validate() */
	atomic_bool tried;
} doctypes[] = {
	[NOTICE] = { "urn:oblix:notice:1", "notice", ob__notice_xsd, sizeof ob__notice_xsd - 1 },
	[INDEX] = { "urn:oblix:index:1", "index", ob__index_xsd, sizeof ob__index_xsd - 1 },
	[DIFF] = { "urn:oblix:diff:1", "diff", ob__diff_xsd, sizeof ob__diff_xsd - 1 },
	[HISTORY] = { "urn:oblix:history:1", "history", ob__history_xsd,
		sizeof ob__history_xsd - 1 },
};

static pthread_mutex_t loading = PTHREAD_MUTEX_INITIALIZER;

static void
ignore(void *ctx, const char *msg, ...)
{
	(void)ctx;
	(void)msg;
}

static bool is_xs(xmlNodePtr n, const char *name);
static bool prop_is(xmlNodePtr n, const char *prop, const char *value);

/* The one-id constraint (xs:unique oneId: an id names one item or
 * obligation), which libxml2 keeps in lists that cost a third of a large
 * notice's run: the writer's schema takes it out when it says exactly
 * that, and the writer's validator keeps the ids in a hash table. */
static const char unique_selector[] = ".//n:item|.//n:obligation";

static bool
strip_unique(xmlNodePtr root)
{
	for (xmlNodePtr e = root ? root->children : NULL; e; e = e->next) {
		if (!is_xs(e, "element") || !prop_is(e, "name", "notice"))
			continue;
		for (xmlNodePtr u = e->children; u; u = u->next) {
			if (!is_xs(u, "unique") || !prop_is(u, "name", "oneId"))
				continue;
			xmlNodePtr sel = xmlFirstElementChild(u);
			xmlNodePtr fld = sel ? xmlNextElementSibling(sel) : NULL;
			if (!sel || !is_xs(sel, "selector") ||
			    !prop_is(sel, "xpath", unique_selector) || !fld ||
			    !is_xs(fld, "field") || !prop_is(fld, "xpath", "@id") ||
			    xmlNextElementSibling(fld))
				return false;
			xmlUnlinkNode(u);
			xmlFreeNode(u);
			return true;
		}
	}
	return false;
}

/* Whether the id len bytes at val is in ids already (and if not, put it
 * there); *nomem when it could not be. */
static bool
seen_id(xmlHashTablePtr ids, const char *val, size_t len, bool *nomem)
{
	xmlChar *id = xmlStrndup(BAD_CAST val, (int)len);
	bool dup = false;
	if (!id)
		*nomem = true;
	else if (xmlHashAddEntry(ids, id, ids)) /* the key is copied */
		dup = xmlHashLookup(ids, id) != NULL, *nomem |= !dup;
	xmlFree(id);
	return dup;
}

/* The schema of a document type, parsed on first use; NULL when it
 * could not be. */
static xmlSchemaPtr
schema_of(struct doctype *d)
{
	if (atomic_load(&d->tried))
		return d->schema;
	pthread_mutex_lock(&loading);
	if (!atomic_load(&d->tried)) {
		xmlInitParser();
		xmlSchemaParserCtxtPtr pc = NULL;
		if (d == &doctypes[NOTICE]) {
			/* libxml2 2.9 leaks a key of an identity constraint that
			 * a streamed document breaks: a notice's ids are checked
			 * by validate() itself */
			d->doc = xmlReadMemory(d->xsd, (int)d->len, "notice.xsd", NULL,
			    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
			xmlNodePtr root = d->doc ? xmlDocGetRootElement(d->doc) : NULL;
			d->unique = strip_unique(root);
			pc = root ? xmlSchemaNewDocParserCtxt(d->doc) : NULL;
		} else {
			pc = xmlSchemaNewMemParserCtxt(d->xsd, (int)d->len);
		}
		if (pc) {
			xmlSchemaSetParserErrors(pc, ignore, ignore, NULL);
			d->schema = xmlSchemaParse(pc);
			xmlSchemaFreeParserCtxt(pc);
		}
		atomic_store(&d->tried, true);
	}
	pthread_mutex_unlock(&loading);
	return d->schema;
}

/*
 * The facets the writer's validator checks in C.  libxml2 runs an
 * xs:pattern through its regular expression engine at about 12 ns a
 * character, and a notice holds a sourcepos on every element and an id
 * on every item and obligation: on a 17 MB notice these two facets alone
 * took a sixth of the run.  Each matcher below accepts exactly the
 * language of its pattern (the schema suite compares both on every
 * string of their characters up to a length, and on random ones).
 *
 * The writer's schema is the notice schema with these patterns taken
 * out, and only when the schema still says what the matchers implement:
 * each pattern word for word, its type used by attributes of the type's
 * name alone, and every attribute of that name of that type.  Otherwise
 * the pattern stays, and libxml2 checks it as before.  `oblix validate`
 * and every other document use the schemas as they are.
 */
static bool
digits(const char *s, size_t len, size_t *i, bool nonzero)
{
	size_t k = *i;
	if (k >= len || s[k] < (nonzero ? '1' : '0') || s[k] > '9')
		return false;
	while (k < len && s[k] >= '0' && s[k] <= '9')
		k++;
	*i = k;
	return true;
}

static bool
literal(const char *s, size_t len, size_t *i, const char *lit)
{
	size_t n = strlen(lit);
	if (len - *i < n || memcmp(s + *i, lit, n))
		return false;
	*i += n;
	return true;
}

/* [1-9][0-9]*:[1-9][0-9]*-[1-9][0-9]*:[1-9][0-9]* */
static bool
sourcepos_ok(const char *s, size_t len)
{
	size_t i = 0;
	return digits(s, len, &i, true) && literal(s, len, &i, ":") &&
	    digits(s, len, &i, true) && literal(s, len, &i, "-") &&
	    digits(s, len, &i, true) && literal(s, len, &i, ":") &&
	    digits(s, len, &i, true) && i == len;
}

/* s[0-9]+(\.i[0-9]+)*(\.o[0-9]+)?|i[0-9]+(\.i[0-9]+)*(\.o[0-9]+)?|[cp]\.o[0-9]+ */
static bool
id_ok(const char *s, size_t len)
{
	size_t i = 0;
	if (literal(s, len, &i, "c") || literal(s, len, &i, "p"))
		return literal(s, len, &i, ".o") && digits(s, len, &i, false) &&
		    i == len;
	if (!literal(s, len, &i, "s") && !literal(s, len, &i, "i"))
		return false;
	if (!digits(s, len, &i, false))
		return false;
	/* after digits a dot goes on with i or o, and either must be
	 * followed by digits: no choice to take back */
	while (literal(s, len, &i, ".i"))
		if (!digits(s, len, &i, false))
			return false;
	if (literal(s, len, &i, ".o") && !digits(s, len, &i, false))
		return false;
	return i == len;
}

static const struct native {
	const char *type; /* the simple type, and the attributes of it */
	const char *pattern;
	bool (*ok)(const char *s, size_t len);
} natives[] = {
	{ "sourcepos", "[1-9][0-9]*:[1-9][0-9]*-[1-9][0-9]*:[1-9][0-9]*",
	  sourcepos_ok },
	{ "id", "s[0-9]+(\\.i[0-9]+)*(\\.o[0-9]+)?|i[0-9]+(\\.i[0-9]+)*(\\.o[0-9]+)?|"
	  "[cp]\\.o[0-9]+", id_ok },
};
#define NNATIVES (sizeof natives / sizeof *natives)

size_t
ob__native_facets(void)
{
	return NNATIVES;
}

const char *
ob__native_facet(size_t k, const char **pattern)
{
	*pattern = natives[k].pattern;
	return natives[k].type;
}

bool
ob__native_facet_ok(size_t k, const char *s, size_t len)
{
	return natives[k].ok(s, len);
}

#define XS "http://www.w3.org/2001/XMLSchema"

static bool
is_xs(xmlNodePtr n, const char *name)
{
	return n->type == XML_ELEMENT_NODE && n->ns &&
	    xmlStrEqual(n->ns->href, BAD_CAST XS) &&
	    (!name || xmlStrEqual(n->name, BAD_CAST name));
}

static bool
prop_is(xmlNodePtr n, const char *prop, const char *value)
{
	xmlChar *v = xmlGetNoNsProp(n, BAD_CAST prop);
	bool is = v && !strcmp((const char *)v, value);
	xmlFree(v);
	return is;
}

/* whether the QNames in n's attribute prop (a list for memberTypes) name
 * the type t, whatever their prefix */
static bool
refers_to(xmlNodePtr n, const char *prop, const char *t)
{
	xmlChar *v = xmlGetNoNsProp(n, BAD_CAST prop);
	bool found = false;
	for (char *p = (char *)v; p && *p && !found;) {
		size_t w = strcspn(p, " \t\r\n");
		char *colon = memchr(p, ':', w);
		char *local = colon ? colon + 1 : p;
		size_t l = w - (size_t)(local - p);
		found = l == strlen(t) && !memcmp(local, t, l);
		p += w;
		p += strspn(p, " \t\r\n");
	}
	xmlFree(v);
	return found;
}

/* whether, under n, the type t is used by anything but attributes named
 * t, or an attribute named t has another type */
static bool
used_otherwise(xmlNodePtr n, const char *t)
{
	static const char *const refs[] = { "type", "base", "itemType",
		"memberTypes" };
	for (; n; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		bool attr = is_xs(n, "attribute");
		bool named = attr && prop_is(n, "name", t);
		if (named && !refers_to(n, "type", t))
			return true;
		for (size_t k = 0; k < sizeof refs / sizeof *refs; k++)
			if (refers_to(n, refs[k], t) && !(named && k == 0))
				return true;
		if (used_otherwise(n->children, t))
			return true;
	}
	return false;
}

/* The pattern of the top-level simple type t when it is t's only facet,
 * on xs:string; else NULL. */
static xmlNodePtr
sole_pattern(xmlNodePtr root, const char *t)
{
	xmlNodePtr found = NULL;
	for (xmlNodePtr n = root->children; n; n = n->next) {
		if (!is_xs(n, "simpleType") || !prop_is(n, "name", t))
			continue;
		if (found)
			return NULL;
		xmlNodePtr r = xmlFirstElementChild(n);
		if (!r || !is_xs(r, "restriction") || xmlNextElementSibling(r) ||
		    !prop_is(r, "base", "xs:string"))
			return NULL;
		xmlNodePtr f = xmlFirstElementChild(r);
		if (!f || !is_xs(f, "pattern") || xmlNextElementSibling(f))
			return NULL;
		found = f;
	}
	return found;
}

/* Take out of the schema under root the patterns the C checks stand in
 * for, where it says what they implement; native[k] tells which. */
static void
strip_natives(xmlNodePtr root, bool native[NNATIVES])
{
	for (size_t k = 0; k < NNATIVES; k++) {
		native[k] = false;
		xmlNodePtr f = root ? sole_pattern(root, natives[k].type) : NULL;
		if (!f || !prop_is(f, "value", natives[k].pattern) ||
		    used_otherwise(root->children, natives[k].type))
			continue;
		xmlUnlinkNode(f);
		xmlFreeNode(f);
		native[k] = true;
	}
}

bool
ob__native_facet_in(const char *xsd, size_t len, size_t k)
{
	bool native[NNATIVES];
	xmlDocPtr doc = xmlReadMemory(xsd, (int)len, "schema.xsd", NULL,
	    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	strip_natives(doc ? xmlDocGetRootElement(doc) : NULL, native);
	xmlFreeDoc(doc);
	return native[k];
}

/* The writer's schema: see natives above. */
static struct {
	xmlSchemaPtr schema;
	xmlDocPtr doc; /* what it was parsed from, kept as long */
	bool native[NNATIVES];
	bool unique; /* oneId checked here */
	atomic_bool tried;
} written;

static xmlSchemaPtr
written_schema(void)
{
	if (atomic_load(&written.tried))
		return written.schema;
	pthread_mutex_lock(&loading);
	if (!atomic_load(&written.tried)) {
		xmlInitParser();
		const struct doctype *d = &doctypes[NOTICE];
		xmlDocPtr doc = xmlReadMemory(d->xsd, (int)d->len, "notice.xsd",
		    NULL, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
		xmlNodePtr root = doc ? xmlDocGetRootElement(doc) : NULL;
		strip_natives(root, written.native);
		written.unique = strip_unique(root);
		xmlSchemaParserCtxtPtr pc = root ? xmlSchemaNewDocParserCtxt(doc) : NULL;
		if (pc) {
			xmlSchemaSetParserErrors(pc, ignore, ignore, NULL);
			written.schema = xmlSchemaParse(pc);
			xmlSchemaFreeParserCtxt(pc);
		}
		if (written.schema)
			written.doc = doc;
		else
			xmlFreeDoc(doc);
		atomic_store(&written.tried, true);
	}
	pthread_mutex_unlock(&loading);
	return written.schema;
}

bool
ob__native_facet_used(size_t k)
{
	return written_schema() && written.native[k];
}

typedef struct first_error {
	ob_error *err;
	const char *name;
	xmlParserCtxtPtr pc; /* where the parser is, for validity errors */
	bool seen;
	xmlHashTablePtr ids; /* a notice's ids so far (oneId) */
} first_error;

/* An id seen before: the document's error, worded as libxml2 words a
 * broken identity constraint. */
static void
duplicate_id(first_error *fe, const char *elem, const char *val, size_t len)
{
	fe->seen = true;
	ob__error_set(fe->err, OB_ERR_INVALID, 23, 0,
	    "Element '{%s}%s': Duplicate key-sequence ['%.*s'] in unique "
	    "identity-constraint '{%s}oneId'.", doctypes[NOTICE].ns, elem,
	    len > 80 ? 80 : (int)len, val, doctypes[NOTICE].ns);
	if (fe->err)
		fe->err->file = fe->name;
}

static void
on_error(void *ctx, xmlErrorPtr e)
{
	first_error *fe = ctx;

	if (fe->seen || !e || e->level < XML_ERR_ERROR)
		return;
	fe->seen = true;
	if (!fe->err)
		return;
	char msg[200];
	snprintf(msg, sizeof msg, "%s", e->message ? e->message : "invalid");
	size_t l = strlen(msg);
	while (l && (msg[l - 1] == '\n' || msg[l - 1] == ' '))
		msg[--l] = '\0';
	/* the schema's complaint, or the parser's: no XML to match at all
	 * (a truncated document, text that is no XML) */
	if (e->domain == XML_FROM_SCHEMASV || e->domain == XML_FROM_SCHEMASP ||
	    e->domain == XML_FROM_VALID)
		ob__error_set(fe->err, OB_ERR_INVALID, 23, 0, "%s", msg);
	else if (!strcmp(msg, "Document is empty"))
		ob__error_set(fe->err, OB_ERR_XML, 25, 0, "not XML: no element where the "
		    "document should start");
	else
		ob__error_set(fe->err, OB_ERR_XML, 25, 0, "not well-formed XML: %s", msg);
	fe->err->file = fe->name;
	fe->err->line = e->line > 0 ? (unsigned)e->line : 0;
	fe->err->column = e->int2 > 0 ? (unsigned)e->int2 : 0;
	if (!fe->err->line && fe->pc) {
		fe->err->line = (unsigned)xmlSAX2GetLineNumber(fe->pc);
		fe->err->column = (unsigned)xmlSAX2GetColumnNumber(fe->pc);
	}
}

/* After the validator has seen an element: a notice's oneId, checked
 * here (see schema_of). */
static void
on_start_ids(void *ctx, const xmlChar *localname, const xmlChar *prefix,
	     const xmlChar *uri, int nns, const xmlChar **ns, int nattrs,
	     int ndefaulted, const xmlChar **attrs)
{
	(void)prefix, (void)uri, (void)nns, (void)ns, (void)ndefaulted;
	first_error *fe = ctx;
	if (fe->seen || (!xmlStrEqual(localname, BAD_CAST "item") &&
	    !xmlStrEqual(localname, BAD_CAST "obligation")))
		return;
	for (int k = 0; k < nattrs; k++) {
		if (!xmlStrEqual(attrs[5 * k], BAD_CAST "id") || attrs[5 * k + 1])
			continue;
		const char *v = (const char *)attrs[5 * k + 3];
		size_t len = (size_t)(attrs[5 * k + 4] - attrs[5 * k + 3]);
		bool nomem = false;
		if (seen_id(fe->ids, v, len, &nomem) || nomem) {
			if (nomem) {
				fe->seen = true;
				ob__error_set(fe->err, OB_ERR_NOMEM, 0, 0, "out of memory");
			} else {
				duplicate_id(fe, (const char *)localname, v, len);
			}
			if (fe->err) {
				fe->err->file = fe->name;
				fe->err->line = (unsigned)xmlSAX2GetLineNumber(fe->pc);
				fe->err->column = (unsigned)xmlSAX2GetColumnNumber(fe->pc);
			}
		}
		return;
	}
}

/* Feed the document to a push parser whose SAX events go through the
 * schema validator and build nothing. */
static int
validate(FILE *fp, const char *name, int which, ob_error *err)
{
	first_error fe = { err, name, NULL, false, NULL };
	xmlSAXHandler base;
	xmlSAXHandlerPtr sax = &base;
	void *ud = NULL;
	char buf[1 << 16];
	size_t got;
	int rc = 0;

	xmlSchemaPtr schema = schema_of(&doctypes[which]);
	if (!schema)
		return ob__error_set(err, OB_ERR_SCHEMA, 24, 0,
		    "the schema could not be loaded");
	xmlSchemaValidCtxtPtr vc = xmlSchemaNewValidCtxt(schema);
	if (!vc)
		return ob__error_set(err, OB_ERR_NOMEM, 0, 0, "out of memory");
	xmlSchemaSetValidStructuredErrors(vc, on_error, &fe);
	memset(&base, 0, sizeof base);
	base.initialized = XML_SAX2_MAGIC;
	base.serror = on_error; /* well-formedness errors */
	if (which == NOTICE && doctypes[NOTICE].unique) {
		if (!(fe.ids = xmlHashCreate(256))) {
			xmlSchemaFreeValidCtxt(vc);
			return ob__error_set(err, OB_ERR_NOMEM, 0, 0, "out of memory");
		}
		base.startElementNs = on_start_ids;
	}
	ud = &fe;
	xmlSchemaSAXPlugPtr plug = xmlSchemaSAXPlug(vc, &sax, &ud);
	xmlParserCtxtPtr pc = plug ? xmlCreatePushParserCtxt(sax, ud, NULL, 0, name)
				   : NULL;
	if (!pc) {
		if (plug)
			xmlSchemaSAXUnplug(plug);
		xmlSchemaFreeValidCtxt(vc);
		xmlHashFree(fe.ids, NULL);
		return ob__error_set(err, OB_ERR_NOMEM, 0, 0, "out of memory");
	}
	fe.pc = pc;
	/* errors libxml2 reports outside the SAX handler (encoding errors)
	 * come here too: the library never prints */
	xmlSetGenericErrorFunc(NULL, ignore);
	xmlSetStructuredErrorFunc(&fe, on_error);
	/* a notice may hold text nodes over libxml2's default 10 MB cap */
	xmlCtxtUseOptions(pc, XML_PARSE_HUGE | XML_PARSE_NONET);
	while (rc == 0 && (got = fread(buf, 1, sizeof buf, fp)) > 0)
		rc = xmlParseChunk(pc, buf, (int)got, 0);
	if (rc == 0)
		rc = xmlParseChunk(pc, NULL, 0, 1);
	bool ok = rc == 0 && pc->wellFormed && !ferror(fp) &&
	    xmlSchemaIsValid(vc) == 1 && !fe.seen;
	xmlFreeParserCtxt(pc);
	xmlSetStructuredErrorFunc(NULL, NULL);
	xmlSetGenericErrorFunc(NULL, NULL);
	xmlSchemaSAXUnplug(plug);
	xmlSchemaFreeValidCtxt(vc);
	xmlHashFree(fe.ids, NULL);
	if (ok)
		return 0;
	if (!fe.seen)
		ob__error_set(err, OB_ERR_INVALID, 25, 0,
		    "the document is not well-formed or does not match the schema");
	if (err)
		err->file = name;
	return err ? err->code : OB_ERR_INVALID;
}

int
ob__validate_stream(FILE *fp, const char *name, ob_error *err)
{
	return validate(fp, name, NOTICE, err);
}

int
ob__validate_index(FILE *fp, const char *name, ob_error *err)
{
	return validate(fp, name, INDEX, err);
}

int
ob__validate_diff(FILE *fp, const char *name, ob_error *err)
{
	return validate(fp, name, DIFF, err);
}

int
ob__validate_history(FILE *fp, const char *name, ob_error *err)
{
	return validate(fp, name, HISTORY, err);
}

/*
 * A validator fed events directly: the writer's elements, attributes and
 * text go to the schema's SAX plug as a parser would deliver them, so the
 * document is validated as it is written, without being parsed again.
 * The writer's events are well-formed by construction (libxml2's text
 * writer), so only validity is left to check.
 */
struct ob__validator {
	xmlSchemaValidCtxtPtr vc;
	xmlSchemaSAXPlugPtr plug;
	xmlSAXHandler base;
	xmlSAXHandlerPtr sax;
	void *ud;
	first_error fe;
	ob_error *err;
	const xmlChar **attrs; /* five pointers per attribute, as SAX2 has */
	size_t attrs_cap;
	xmlHashTablePtr ids;   /* the ids so far, where oneId is checked here */
};

int
ob__validator_new(ob__validator **out, ob_error *err)
{
	ob__validator *v;

	*out = NULL;
	xmlSchemaPtr schema = written_schema();
	if (!schema)
		return ob__error_set(err, OB_ERR_SCHEMA, 24, 0,
		    "the schema could not be loaded");
	if (!(v = calloc(1, sizeof *v)))
		return ob__error_set(err, OB_ERR_NOMEM, 0, 0, "out of memory");
	v->err = err;
	v->fe = (first_error){ err, "<output>", NULL, false, NULL };
	if (written.unique && !(v->ids = xmlHashCreate(256))) {
		free(v);
		return ob__error_set(err, OB_ERR_NOMEM, 0, 0, "out of memory");
	}
	v->vc = xmlSchemaNewValidCtxt(schema);
	if (v->vc) {
		xmlSchemaSetValidStructuredErrors(v->vc, on_error, &v->fe);
		v->base.initialized = XML_SAX2_MAGIC;
		v->sax = &v->base;
		v->ud = &v->fe;
		v->plug = xmlSchemaSAXPlug(v->vc, &v->sax, &v->ud);
	}
	if (!v->plug) {
		ob__validator_free(v);
		return ob__error_set(err, OB_ERR_NOMEM, 0, 0, "out of memory");
	}
	*out = v;
	return 0;
}

/* An attribute of a type whose pattern is checked here, checked; the
 * first failure is the document's error, worded as libxml2 words it. */
static void
native_check(ob__validator *v, const char *elem, const char *attr,
	     const char *val, size_t len)
{
	for (size_t k = 0; k < NNATIVES; k++) {
		if (!written.native[k] || strcmp(attr, natives[k].type))
			continue;
		if (natives[k].ok(val, len))
			return;
		v->fe.seen = true;
		ob__error_set(v->err, OB_ERR_INVALID, 23, 0,
		    "Element '{%s}%s', attribute '%s': [facet 'pattern'] The value "
		    "'%.*s' is not accepted by the pattern '%s'.", doctypes[NOTICE].ns,
		    elem, attr, len > 80 ? 80 : (int)len, val, natives[k].pattern);
		if (v->err)
			v->err->file = v->fe.name;
		return;
	}
}

/* An id seen before is the document's error, worded as libxml2 words it;
 * OB_ERR_NOMEM or 0. */
static int
unique_check(ob__validator *v, const char *elem, const char *val, size_t len)
{
	bool nomem = false;
	if (seen_id(v->ids, val, len, &nomem))
		duplicate_id(&v->fe, elem, val, len);
	return nomem ? OB_ERR_NOMEM : 0;
}

int
ob__validator_start(ob__validator *v, const char *name, const char *uri,
		    bool declare, const char *const *attrs, const size_t *lens,
		    size_t nattrs)
{
	const xmlChar *nsdecl[2] = { NULL, BAD_CAST uri };

	if (5 * nattrs > v->attrs_cap) {
		size_t cap = 5 * nattrs + 40;
		const xmlChar **p = realloc(v->attrs, cap * sizeof *p);
		if (!p)
			return OB_ERR_NOMEM;
		v->attrs = p;
		v->attrs_cap = cap;
	}
	for (size_t k = 0; k < nattrs; k++) {
		const char *val = attrs[2 * k + 1];
		if (!v->fe.seen)
			native_check(v, name, attrs[2 * k], val, lens[k]);
		if (v->ids && !v->fe.seen && !strcmp(attrs[2 * k], "id") &&
		    (!strcmp(name, "item") || !strcmp(name, "obligation")) &&
		    unique_check(v, name, val, lens[k]))
			return OB_ERR_NOMEM;
		v->attrs[5 * k] = BAD_CAST attrs[2 * k];
		v->attrs[5 * k + 1] = NULL;
		v->attrs[5 * k + 2] = NULL;
		v->attrs[5 * k + 3] = BAD_CAST val;
		v->attrs[5 * k + 4] = BAD_CAST val + lens[k];
	}
	v->sax->startElementNs(v->ud, BAD_CAST name, NULL, BAD_CAST uri,
	    declare ? 1 : 0, declare ? nsdecl : NULL, (int)nattrs, 0, v->attrs);
	return 0;
}

void
ob__validator_text(ob__validator *v, const char *s, size_t len)
{
	/* SAX hands text over in pieces of at most INT_MAX bytes */
	while (len > 0) {
		int n = len > (1u << 30) ? (1 << 30) : (int)len;
		v->sax->characters(v->ud, BAD_CAST s, n);
		s += n;
		len -= (size_t)n;
	}
}

void
ob__validator_end(ob__validator *v, const char *name, const char *uri)
{
	v->sax->endElementNs(v->ud, BAD_CAST name, NULL, BAD_CAST uri);
}

int
ob__validator_finish(ob__validator *v)
{
	bool ok = xmlSchemaIsValid(v->vc) == 1 && !v->fe.seen;

	if (ok)
		return 0;
	if (!v->fe.seen)
		ob__error_set(v->err, OB_ERR_INVALID, 25, 0,
		    "the document does not match the schema");
	return v->err ? v->err->code : OB_ERR_INVALID;
}

void
ob__validator_free(ob__validator *v)
{
	if (!v)
		return;
	if (v->plug)
		xmlSchemaSAXUnplug(v->plug);
	xmlSchemaFreeValidCtxt(v->vc);
	xmlHashFree(v->ids, NULL);
	free(v->attrs);
	free(v);
}

/* A directory opens and reads nothing; an empty file is no XML: each
 * said as such, not as the parser's "Extra content at the end". */
static int
not_a_document(FILE *fp, const char *path, ob_error *err)
{
	struct stat st;
	int fd = fileno(fp);
	if (fd < 0 || fstat(fd, &st) || !(S_ISDIR(st.st_mode) ||
	    (S_ISREG(st.st_mode) && st.st_size == 0)))
		return 0;
	bool dir = S_ISDIR(st.st_mode);
	ob__error_set(err, dir ? OB_ERR_IO : OB_ERR_XML, dir ? 26 : 25, 0, "%s",
	    dir ? "is a directory, not an XML file" : "the file is empty: no XML");
	if (err)
		err->file = path;
	return dir ? OB_ERR_IO : OB_ERR_XML;
}

int
ob_xml_validate_file(const char *path, ob_error *err)
{
	FILE *fp = fopen(path, "rb");

	if (err)
		memset(err, 0, sizeof *err);
	if (!fp) {
		ob__error_set(err, OB_ERR_IO, 26, 0, "cannot open: %s", strerror(errno));
		if (err)
			err->file = path;
		return OB_ERR_IO;
	}
	int r = not_a_document(fp, path, err);
	if (r) {
		fclose(fp);
		return r;
	}
	r = validate(fp, path, NOTICE, err);
	fclose(fp);
	return r;
}

static void
ignore_structured(void *ctx, xmlErrorPtr e)
{
	(void)ctx;
	(void)e;
}

typedef struct root_probe {
	xmlParserCtxtPtr pc;
	char *ns;  /* the root element's namespace, "" for none */
	bool found;
} root_probe;

static void
on_root(void *ctx, const xmlChar *local, const xmlChar *prefix,
	const xmlChar *uri, int nns, const xmlChar **nss, int nattr, int ndef,
	const xmlChar **attrs)
{
	root_probe *p = ctx;
	(void)local, (void)prefix, (void)nns, (void)nss, (void)nattr, (void)ndef,
	    (void)attrs;
	p->found = true;
	p->ns = strdup(uri ? (const char *)uri : "");
	xmlStopParser(p->pc);
}

/* The namespace of the root element of the document at fp's position
 * (caller frees); NULL when the parser gave up before the root. */
static char *
root_namespace(FILE *fp)
{
	root_probe p = { 0 };
	xmlSAXHandler sax;
	char buf[4096];
	size_t got;

	memset(&sax, 0, sizeof sax);
	sax.initialized = XML_SAX2_MAGIC;
	sax.startElementNs = on_root;
	sax.serror = ignore_structured;
	p.pc = xmlCreatePushParserCtxt(&sax, &p, NULL, 0, NULL);
	if (!p.pc)
		return NULL;
	xmlCtxtUseOptions(p.pc, XML_PARSE_NONET);
	while (!p.found && (got = fread(buf, 1, sizeof buf, fp)) > 0)
		if (xmlParseChunk(p.pc, buf, (int)got, 0) != 0)
			break;
	xmlFreeParserCtxt(p.pc);
	return p.ns;
}

int
ob__validate_any(FILE *fp, const char *name, const char **type, ob_error *err)
{
	int bad = not_a_document(fp, name, err);
	if (bad)
		return bad;
	long start = ftell(fp);
	char *ns = root_namespace(fp);
	size_t which = NOTICE;

	if (start < 0 || fseek(fp, start, SEEK_SET)) {
		free(ns);
		ob__error_set(err, OB_ERR_IO, 26, 0, "cannot read: %s", strerror(errno));
		if (err)
			err->file = name;
		return OB_ERR_IO;
	}
	/* without a root (not XML at all) the notice schema's parser says
	 * what is wrong */
	if (ns) {
		for (which = 0; which < sizeof doctypes / sizeof *doctypes; which++)
			if (!strcmp(ns, doctypes[which].ns))
				break;
		if (which == sizeof doctypes / sizeof *doctypes) {
			ob__error_set(err, OB_ERR_INVALID, 27, 0,
			    "the root element's namespace '%s' is no oblix document's", ns);
			if (err)
				err->file = name;
			free(ns);
			return OB_ERR_INVALID;
		}
		free(ns);
	}
	if (type)
		*type = doctypes[which].name;
	return validate(fp, name, (int)which, err);
}

const char *
ob__root_ns(const char *data, size_t len, size_t *nl)
{
	const char *p = data, *end = data + len;
	if (len >= 3 && !memcmp(p, "\xEF\xBB\xBF", 3))
		p += 3;
	/* the declaration, comments and white space before the root */
	for (;;) {
		while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
			p++;
		if (end - p >= 2 && (!memcmp(p, "<?", 2) || !memcmp(p, "<!", 2))) {
			bool comment = end - p >= 4 && !memcmp(p, "<!--", 4);
			const char *close = comment ? memmem(p, (size_t)(end - p), "-->", 3)
			    : memchr(p, '>', (size_t)(end - p));
			if (!close)
				return NULL;
			p = close + 1;
			continue;
		}
		break;
	}
	if (p >= end || *p != '<')
		return NULL;
	const char *tag_end = memchr(p, '>', (size_t)(end - p));
	if (!tag_end)
		return NULL;
	const char *x = memmem(p, (size_t)(tag_end - p), "xmlns=\"", 7);
	if (!x)
		return NULL;
	x += 7;
	const char *q = memchr(x, '"', (size_t)(tag_end - x));
	if (!q)
		return NULL;
	*nl = (size_t)(q - x);
	return x;
}
