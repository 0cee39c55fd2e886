/* SPDX-License-Identifier: MIT */
/*
 * One self-contained HTML5 page for the reports: built with libxml2's tree
 * (never from strings), written as UTF-8 text, with a font stack that names
 * the CJK fonts of every platform so that Chinese never falls back to
 * whatever the browser finds (boxes, without a CJK font), and a print
 * style.  Scripts only add to a page that reads without them.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/HTMLtree.h>
#include <libxml/xmlsave.h>

#include "html.h"
#include "oblix/oblix.h"

static const char common_style[] =
    ":root{--add:#055d20;--add-bg:#ccffd8;--del:#82071e;--del-bg:#ffd7d5}"
    "body{font:15px/1.65 \"Noto Sans CJK SC\",\"Source Han Sans SC\",\"PingFang SC\","
    "\"Microsoft YaHei\",\"Noto Sans\",sans-serif;margin:1.5em auto;max-width:76em;"
    "padding:0 1em;color:#1f2328}"
    "h1{font-size:1.4em;margin:.2em 0}h2{font-size:1.15em;margin:1.2em 0 .3em}"
    "h3{font-size:1em;margin:.2em 0}"
    ".editions{color:#444}.summary{font-size:1.1em;background:#f6f8fa;padding:.6em .8em;"
    "border-left:4px solid #0969da}"
    "ins{color:var(--add);background:var(--add-bg);text-decoration:underline 2px;"
    "font-weight:bold}"
    "del{color:var(--del);background:var(--del-bg);text-decoration:line-through 2px}"
    ".pos{color:#57606a;font-size:.85em}"
    "table{border-collapse:collapse}td,th{border:1px solid #d0d7de;padding:.25em .5em;"
    "vertical-align:top;text-align:left}"
    ".filters{margin:.8em 0;padding:.4em .6em;border:1px solid #d0d7de}"
    ".filters label{margin-right:1em;white-space:nowrap}"
    "@media print{.filters{display:none}body{max-width:none;margin:0}"
    "a{color:inherit;text-decoration:none}.task,tr{break-inside:avoid}}";

int
ob__html_new(ob__html *h, const char *title, const char *extra_style)
{
	memset(h, 0, sizeof *h);
	/* no DTD: the doctype of HTML5 is written by ob__html_write */
	h->doc = htmlNewDocNoDtD(NULL, NULL);
	xmlNodePtr html = h->doc ? xmlNewNode(NULL, BAD_CAST "html") : NULL;
	if (!html) {
		xmlFreeDoc(h->doc);
		h->doc = NULL;
		return OB_ERR_NOMEM;
	}
	xmlDocSetRootElement(h->doc, html);
	xmlNewProp(html, BAD_CAST "lang", BAD_CAST "zh-CN");
	h->head = ob__html_el(html, "head", NULL, NULL);
	xmlNodePtr meta = ob__html_el(h->head, "meta", NULL, NULL);
	xmlNewProp(meta, BAD_CAST "charset", BAD_CAST "utf-8");
	meta = ob__html_el(h->head, "meta", NULL, NULL);
	xmlNewProp(meta, BAD_CAST "name", BAD_CAST "viewport");
	xmlNewProp(meta, BAD_CAST "content", BAD_CAST "width=device-width, initial-scale=1");
	meta = ob__html_el(h->head, "meta", NULL, NULL);
	xmlNewProp(meta, BAD_CAST "name", BAD_CAST "generator");
	xmlNewProp(meta, BAD_CAST "content", BAD_CAST "oblix " OB_VERSION);
	ob__html_el(h->head, "title", title, NULL);
	xmlNodePtr style = ob__html_el(h->head, "style", NULL, NULL);
	xmlAddChild(style, xmlNewText(BAD_CAST common_style));
	if (extra_style)
		xmlAddChild(style, xmlNewText(BAD_CAST extra_style));
	h->body = ob__html_el(html, "body", NULL, NULL);
	return h->head && h->body ? 0 : OB_ERR_NOMEM;
}

xmlNodePtr
ob__html_el(xmlNodePtr parent, const char *name, const char *text, const char *cls)
{
	if (!parent)
		return NULL;
	xmlNodePtr n = xmlNewTextChild(parent, NULL, BAD_CAST name, NULL);
	if (n && text)
		xmlAddChild(n, xmlNewText(BAD_CAST text));
	if (n && cls)
		xmlNewProp(n, BAD_CAST "class", BAD_CAST cls);
	return n;
}

void
ob__html_script(ob__html *h, const char *js)
{
	xmlNodePtr s = ob__html_el(h->body, "script", NULL, NULL);
	if (s)
		xmlAddChild(s, xmlNewText(BAD_CAST js));
}

/* Where the page goes, and why a write there failed. */
typedef struct sink {
	FILE *fp;
	int err;
} sink;

/* A failed write is kept here and in the FILE's error, not told to
 * libxml2, which would print a message of its own. */
static int
write_cb(void *ctx, const char *buf, int len)
{
	sink *s = ctx;
	if (!s->err && fwrite(buf, 1, (size_t)len, s->fp) != (size_t)len)
		s->err = errno ? errno : EIO;
	return len;
}

int
ob__html_write(ob__html *h, FILE *out)
{
	sink s = { out, 0 };
	int r = 0;
	if (fputs("<!DOCTYPE html>\n", out) == EOF)
		s.err = errno ? errno : EIO;
	/* the UTF-8 handler: characters as they are, not &#NNNNN; */
	xmlCharEncodingHandlerPtr utf8 = xmlFindCharEncodingHandler("UTF-8");
	xmlOutputBufferPtr ob = s.err ? NULL : xmlOutputBufferCreateIO(write_cb, NULL, &s, utf8);
	if (!s.err && !ob)
		r = OB_ERR_NOMEM;
	if (ob) {
		htmlNodeDumpFormatOutput(ob, h->doc, xmlDocGetRootElement(h->doc), "UTF-8", 1);
		xmlOutputBufferWriteString(ob, "\n");
		if (xmlOutputBufferClose(ob) < 0 && !s.err)
			s.err = EIO;
	}
	ob__html_free(h);
	if (s.err || ferror(out)) {
		/* the caller names the output with why it failed */
		errno = s.err ? s.err : EIO;
		return OB_ERR_IO;
	}
	return r;
}

void
ob__html_free(ob__html *h)
{
	xmlFreeDoc(h->doc);
	memset(h, 0, sizeof *h);
}

long
ob__html_line(const char *pos)
{
	return pos ? strtol(pos, NULL, 10) : 0;
}
