/*
 * Validation: the schema is compiled into the library (notice_xsd.h is
 * generated from notice.xsd), parsed once per process, and shared by all
 * threads; each validation gets its own context and reads its document as
 * a SAX stream, so memory does not grow with the document.
 */
#include <errno.h>
#include <pthread.h>
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
