/* SPDX-License-Identifier: MIT */
/* Helpers of the renderers of the diff and history documents. */
#define _GNU_SOURCE
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>

#include "report.h"

void
ob__gs_add(ob__gstr *g, const char *fmt, ...)
{
	va_list ap;
	char *part = NULL;
	va_start(ap, fmt);
	int len = vasprintf(&part, fmt, ap);
	va_end(ap);
	char *p = len >= 0 ? realloc(g->s, g->n + (size_t)len + 1) : NULL;
	if (!p) {
		if (len >= 0)
			free(part);
		g->failed = true;
		return;
	}
	g->s = p;
	memcpy(g->s + g->n, part, (size_t)len + 1);
	g->n += (size_t)len;
	free(part);
}

const char *
ob__gs_str(const ob__gstr *g)
{
	return g->s ? g->s : "";
}

void
ob__gs_clear(ob__gstr *g)
{
	free(g->s);
	g->s = NULL;
	g->n = 0;
}

xmlDocPtr
ob__report_read(FILE *fp, const char *name)
{
	char *buf = NULL;
	size_t len = 0, cap = 0, got;
	char chunk[65536];
	while ((got = fread(chunk, 1, sizeof chunk, fp)) > 0) {
		if (len + got > cap) {
			cap = (len + got) * 2;
			char *p = realloc(buf, cap);
			if (!p) {
				free(buf);
				return NULL;
			}
			buf = p;
		}
		memcpy(buf + len, chunk, got);
		len += got;
	}
	if (ferror(fp) || len > (size_t)INT32_MAX) {
		free(buf);
		return NULL;
	}
	xmlDocPtr doc = xmlReadMemory(buf ? buf : "", (int)len, name, NULL,
	    XML_PARSE_NONET | XML_PARSE_HUGE);
	free(buf);
	return doc;
}
