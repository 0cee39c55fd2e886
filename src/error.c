/* SPDX-License-Identifier: MIT */
/* The error table and diagnostics. */
#include "error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static const char *const messages[] = {
	[0] = "success",
	[-OB_ERR_NOMEM] = "out of memory",
	[-OB_ERR_IO] = "input/output error",
	[-OB_ERR_EMPTY] = "no text in the input",
	[-OB_ERR_BINARY] = "the input is binary, not text",
	[-OB_ERR_UTF8] = "invalid UTF-8",
	[-OB_ERR_TOO_LARGE] = "the input is too large",
	[-OB_ERR_REGEX] = "a rule failed to compile",
	[-OB_ERR_MATCH_LIMIT] = "a rule hit its match limit",
	[-OB_ERR_ICU] = "an ICU service failed",
	[-OB_ERR_XML] = "XML error",
	[-OB_ERR_INVALID] = "the document does not match the schema",
	[-OB_ERR_SCHEMA] = "the schema could not be loaded",
	[-OB_ERR_USAGE] = "bad usage",
	[-OB_ERR_LIMIT] = "a structural limit was exceeded",
	[-OB_ERR_DATA] = "a data file is malformed",
};

const char *
ob_strerror(int code)
{
	if (code > 0 || -code >= (int)(sizeof messages / sizeof *messages) ||
	    !messages[-code])
		return "unknown error";
	return messages[-code];
}

int
ob__error_set(ob_error *err, int code, int msgid, size_t offset,
	      const char *fmt, ...)
{
	va_list ap;

	if (!err)
		return code;
	err->code = code;
	err->msgid = msgid;
	err->offset = offset;
	err->line = 0;
	err->column = 0;
	va_start(ap, fmt);
	vsnprintf(err->message, sizeof err->message, fmt, ap);
	va_end(ap);
	return code;
}

void
ob_error_print(const ob_error *err, int is_warning, FILE *out)
{
	const char *kind = is_warning ? "warning" : "error";
	const char *file = err->file ? err->file : "<input>";

	if (err->line)
		fprintf(out, "%s:%u:%u: %s: ", file, err->line,
		    err->column ? err->column : 1, kind);
	else
		fprintf(out, "%s: %s: ", file, kind);
	if (err->msgid)
		fprintf(out, "[OB-%03d] ", err->msgid);
	fprintf(out, "%s\n", err->message[0] ? err->message
	    : ob_strerror(err->code));
}
