/*
 * Validation: the schema is compiled into the library (notice_xsd.h is
 * generated from notice.xsd), parsed once per process, and shared by all
 * threads; each validation gets its own context and reads its document as
 * a SAX stream, so memory does not grow with the document.
 */
#include <errno.h>
#include <pthread.h>
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

/* The schemas, each parsed once per process on first use. */
static struct {
	const char *xsd;
	size_t len;
	xmlSchemaPtr schema;
	pthread_once_t once;
} schemas[] = {
	{ ob__notice_xsd, sizeof ob__notice_xsd - 1, NULL, PTHREAD_ONCE_INIT },
	{ ob__index_xsd, sizeof ob__index_xsd - 1, NULL, PTHREAD_ONCE_INIT },
	{ ob__diff_xsd, sizeof ob__diff_xsd - 1, NULL, PTHREAD_ONCE_INIT },
	{ ob__history_xsd, sizeof ob__history_xsd - 1, NULL, PTHREAD_ONCE_INIT },
};

static void
ignore(void *ctx, const char *msg, ...)
{
	(void)ctx;
	(void)msg;
}

static void
load(int k)
{
	xmlSchemaParserCtxtPtr pc;

	xmlInitParser();
	pc = xmlSchemaNewMemParserCtxt(schemas[k].xsd, (int)schemas[k].len);
	if (!pc)
		return;
	xmlSchemaSetParserErrors(pc, ignore, ignore, NULL);
	schemas[k].schema = xmlSchemaParse(pc);
	xmlSchemaFreeParserCtxt(pc);
}

static void
load_notice(void)
{
	load(0);
}

static void
load_index(void)
{
	load(1);
}

static void
load_diff(void)
{
	load(2);
}

static void
load_history(void)
{
	load(3);
}

static void (*const loaders[])(void) = { load_notice, load_index, load_diff,
	load_history };

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

	pthread_once(&schemas[which].once, loaders[which]);
	if (!schemas[which].schema)
		return ob__error_set(err, OB_ERR_SCHEMA, 24, 0,
		    "the schema could not be loaded");
	xmlSchemaValidCtxtPtr vc = xmlSchemaNewValidCtxt(schemas[which].schema);
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
	pthread_once(&schemas[0].once, loaders[0]);
	if (!schemas[0].schema)
		return ob__error_set(err, OB_ERR_SCHEMA, 24, 0,
		    "the schema could not be loaded");
	if (!(v = calloc(1, sizeof *v)))
		return ob__error_set(err, OB_ERR_NOMEM, 0, 0, "out of memory");
	v->err = err;
	v->fe = (first_error){ err, "<output>", NULL, false };
	v->vc = xmlSchemaNewValidCtxt(schemas[0].schema);
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
ob__validate_stream(FILE *fp, const char *name, ob_error *err)
{
	return validate(fp, name, 0, err);
}

int
ob__validate_index(FILE *fp, const char *name, ob_error *err)
{
	return validate(fp, name, 1, err);
}

int
ob__validate_diff(FILE *fp, const char *name, ob_error *err)
{
	return validate(fp, name, 2, err);
}

int
ob__validate_history(FILE *fp, const char *name, ob_error *err)
{
	return validate(fp, name, 3, err);
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
	int r = validate(fp, path, 0, err);
	fclose(fp);
	return r;
}
