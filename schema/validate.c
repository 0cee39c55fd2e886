/*
 * Validation: the schema is compiled into the library (notice_xsd.h is
 * generated from notice.xsd), parsed once per process, and shared by all
 * threads; each validation gets its own context and reads its document as
 * a SAX stream, so memory does not grow with the document.
 */
#include <errno.h>
#include <pthread.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/xmlschemas.h>

#include "error.h"
#include "notice_xsd.h"
#include "validate.h"

static xmlSchemaPtr schema;
static pthread_once_t schema_once = PTHREAD_ONCE_INIT;

static void
ignore(void *ctx, const char *msg, ...)
{
	(void)ctx;
	(void)msg;
}

static void
load_schema(void)
{
	xmlSchemaParserCtxtPtr pc;

	xmlInitParser();
	pc = xmlSchemaNewMemParserCtxt(ob__notice_xsd,
	    (int)sizeof ob__notice_xsd - 1);
	if (!pc)
		return;
	xmlSchemaSetParserErrors(pc, ignore, ignore, NULL);
	schema = xmlSchemaParse(pc);
	xmlSchemaFreeParserCtxt(pc);
}

typedef struct first_error {
	ob_error *err;
	const char *name;
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
}

static int
validate(FILE *fp, const char *path, const char *name, ob_error *err)
{
	first_error fe = { err, name, false };
	int rc;

	pthread_once(&schema_once, load_schema);
	if (!schema)
		return ob__error_set(err, OB_ERR_SCHEMA, 24, 0,
		    "the notice schema could not be loaded");
	xmlSchemaValidCtxtPtr vc = xmlSchemaNewValidCtxt(schema);
	if (!vc)
		return ob__error_set(err, OB_ERR_NOMEM, 0, 0, "out of memory");
	xmlSchemaSetValidStructuredErrors(vc, on_error, &fe);
	/* well-formedness errors come through the parser's handler */
	xmlSetStructuredErrorFunc(&fe, on_error);
	if (fp) {
		xmlParserInputBufferPtr in =
		    xmlParserInputBufferCreateFile(fp, XML_CHAR_ENCODING_NONE);
		rc = in ? xmlSchemaValidateStream(vc, in, XML_CHAR_ENCODING_NONE,
		    NULL, NULL) : -1;
	} else {
		rc = xmlSchemaValidateFile(vc, path, XML_PARSE_NONET);
	}
	xmlSetStructuredErrorFunc(NULL, NULL);
	xmlSchemaFreeValidCtxt(vc);
	if (rc == 0)
		return 0;
	if (!fe.seen)
		ob__error_set(err, rc < 0 ? OB_ERR_XML : OB_ERR_INVALID, 25, 0,
		    rc < 0 ? "the file could not be read as XML"
			   : "the document does not match the schema");
	if (err)
		err->file = name;
	return err ? err->code : OB_ERR_INVALID;
}

int
ob__validate_stream(FILE *fp, const char *name, ob_error *err)
{
	return validate(fp, NULL, name, err);
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
	fclose(fp);
	return validate(NULL, path, path, err);
}
