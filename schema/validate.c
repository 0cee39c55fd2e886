/*
 * Validation: the schema is compiled into the library (notice_xsd.h is
 * generated from notice.xsd), parsed once per process, and shared by all
 * threads; each validation gets its own context and reads its document as
 * a SAX stream, so memory does not grow with the document.
 */
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/SAX2.h>
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
		xmlSchemaParserCtxtPtr pc = xmlSchemaNewMemParserCtxt(d->xsd, (int)d->len);
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

typedef struct first_error {
	ob_error *err;
	const char *name;
	xmlParserCtxtPtr pc; /* where the parser is, for validity errors */
	bool seen;
} first_error;

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
	ob__error_set(fe->err, OB_ERR_INVALID, 23, 0, "%s", msg);
	fe->err->file = fe->name;
	fe->err->line = e->line > 0 ? (unsigned)e->line : 0;
	fe->err->column = e->int2 > 0 ? (unsigned)e->int2 : 0;
	if (!fe->err->line && fe->pc) {
		fe->err->line = (unsigned)xmlSAX2GetLineNumber(fe->pc);
		fe->err->column = (unsigned)xmlSAX2GetColumnNumber(fe->pc);
	}
}

/* Feed the document to a push parser whose SAX events go through the
 * schema validator and build nothing. */
static int
validate(FILE *fp, const char *name, int which, ob_error *err)
{
	first_error fe = { err, name, NULL, false };
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
	ud = &fe;
	xmlSchemaSAXPlugPtr plug = xmlSchemaSAXPlug(vc, &sax, &ud);
	xmlParserCtxtPtr pc = plug ? xmlCreatePushParserCtxt(sax, ud, NULL, 0, name)
				   : NULL;
	if (!pc) {
		if (plug)
			xmlSchemaSAXUnplug(plug);
		xmlSchemaFreeValidCtxt(vc);
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
};

int
ob__validator_new(ob__validator **out, ob_error *err)
{
	ob__validator *v;

	*out = NULL;
	xmlSchemaPtr schema = schema_of(&doctypes[NOTICE]);
	if (!schema)
		return ob__error_set(err, OB_ERR_SCHEMA, 24, 0,
		    "the schema could not be loaded");
	if (!(v = calloc(1, sizeof *v)))
		return ob__error_set(err, OB_ERR_NOMEM, 0, 0, "out of memory");
	v->err = err;
	v->fe = (first_error){ err, "<output>", NULL, false };
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
	free(v->attrs);
	free(v);
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
	int r = validate(fp, path, NOTICE, err);
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
