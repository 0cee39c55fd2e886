/* SPDX-License-Identifier: MIT */
/* What the readers of segment/intake/ share (intake.h). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>

#include "error.h"
#include "intake.h"
#include "text.h"

void
ob__sbuf_put(ob__sbuf *b, const char *s, size_t n)
{
	if (b->oom)
		return;
	if (b->n + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 4096;
		while (cap < b->n + n + 1)
			cap *= 2;
		char *p = realloc(b->s, cap);
		if (!p) {
			b->oom = true;
			return;
		}
		b->s = p;
		b->cap = cap;
	}
	memcpy(b->s + b->n, s, n);
	b->n += n;
	b->s[b->n] = '\0';
}

void
ob__sbuf_puts(ob__sbuf *b, const char *s)
{
	ob__sbuf_put(b, s, strlen(s));
}

static size_t
han_count(const char *s)
{
	size_t han = 0;
	for (const unsigned char *p = (const unsigned char *)s; p && *p; p++)
		han += *p >= 0xE3 && *p <= 0xE9;
	return han;
}

/* A body's name: Chinese, of three to forty characters, with a body's
 * ending (政府 办公厅 局 委员会 中心 …), no person's or vendor's. */
static bool
body_name(const char *s)
{
	static const char *const tails[] = { "政府", "办公厅", "办公室", "委员会", "局", "厅",
		"委", "办", "院", "中心", "部", "署", "会", "所", "站", "处", "科", NULL };
	size_t n = s ? strlen(s) : 0, han = han_count(s);
	if (han < 3 || han > 40 || han * 3 != n)
		return false;
	for (int k = 0; tails[k]; k++) {
		size_t l = strlen(tails[k]);
		if (n > l && !strcmp(s + n - l, tails[k]))
			return true;
	}
	return false;
}

/* The document's properties, for the notice's metadata where its text is
 * silent: its title (ArticleTitle) where one reads as a title (Chinese,
 * not a template's "Microsoft Word - …"), the body that made it where the
 * author, else the other (a company an application names), names one
 * (ob:issuer, not a person's name), and its date (ob:date,
 * YYYY-MM-DD…, a W3C date or a PDF's D:YYYYMMDD). */
void
ob__sbuf_props(ob__sbuf *b, const char *title, const char *author, const char *other,
	       const char *date)
{
	if (!body_name(author))
		author = other;
	if (title && han_count(title) >= 6) {
		ob__sbuf_puts(b, "<meta name=\"ArticleTitle\" content=\"");
		ob__sbuf_esc(b, title, strlen(title));
		ob__sbuf_puts(b, "\"/>\n");
	}
	if (body_name(author)) {
		ob__sbuf_puts(b, "<meta name=\"ob:issuer\" content=\"");
		ob__sbuf_esc(b, author, strlen(author));
		ob__sbuf_puts(b, "\"/>\n");
	}
	int y, m, d;
	if (date && !strncmp(date, "D:", 2))
		date += 2;
	if (date && (sscanf(date, "%4d-%2d-%2d", &y, &m, &d) == 3 ||
	    sscanf(date, "%4d%2d%2d", &y, &m, &d) == 3) &&
	    y >= 1949 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 && d <= 31) {
		char a[96];
		snprintf(a, sizeof a, "<meta name=\"ob:date\" content=\"%d年%d月%d日\"/>\n", y, m, d);
		ob__sbuf_puts(b, a);
	}
}

/* <!-- sheet NAME -->: which sheet follows, for a reader of the drawn page
 * (the marks extract reads back), and the sheet's own name as a line
 * where it is one (任务分工表, not Sheet1). */
void
ob__sbuf_sheet(ob__sbuf *b, const char *name)
{
	ob__sbuf_puts(b, "<!-- sheet ");
	for (const char *q = name; *q; q++)
		if (*q != '-' && *q != '>' && (unsigned char)*q >= ' ')
			ob__sbuf_put(b, q, 1);
	ob__sbuf_puts(b, " -->\n");
	bool han = false;
	for (const unsigned char *p = (const unsigned char *)name; *p; p++)
		han |= *p >= 0xE3;
	if (han) {
		ob__sbuf_puts(b, "<p>");
		ob__sbuf_esc(b, name, strlen(name));
		ob__sbuf_puts(b, "</p>\n");
	}
}

/* <td data-cell="B3": a sheet's cell named as its spreadsheet names it,
 * column col and row row counted from 0. */
void
ob__sbuf_cell(ob__sbuf *b, long col, long row)
{
	char rev[16], ref[48];
	size_t rl = 0, k = 0;
	for (long cn = col + 1; cn > 0 && rl < sizeof rev; cn = (cn - 1) / 26)
		rev[rl++] = (char)('A' + (cn - 1) % 26);
	while (rl)
		ref[k++] = rev[--rl];
	snprintf(ref + k, sizeof ref - k, "%ld", row + 1);
	ob__sbuf_puts(b, "<td data-cell=\"");
	ob__sbuf_puts(b, ref);
	ob__sbuf_puts(b, "\"");
}

/* <tr data-row="N">: row N of a table of a document, its header row 1 */
void
ob__sbuf_row(ob__sbuf *b, long row)
{
	char a[48];
	snprintf(a, sizeof a, "<tr data-row=\"%ld\">", row);
	ob__sbuf_puts(b, a);
}

void
ob__sbuf_spans(ob__sbuf *b, long colspan, long rowspan)
{
	char a[48];
	if (colspan > 1) {
		snprintf(a, sizeof a, " colspan=\"%ld\"", colspan);
		ob__sbuf_puts(b, a);
	}
	if (rowspan > 1) {
		snprintf(a, sizeof a, " rowspan=\"%ld\"", rowspan);
		ob__sbuf_puts(b, a);
	}
}

void
ob__sbuf_esc(ob__sbuf *b, const char *s, size_t n)
{
	size_t from = 0;
	for (size_t i = 0; i < n; i++) {
		const char *rep = NULL;
		switch (s[i]) {
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '&': rep = "&amp;"; break;
		case '"': rep = "&quot;"; break;
		case '\n': case '\r': case '\t': rep = " "; break;
		default: continue;
		}
		ob__sbuf_put(b, s + from, i - from);
		ob__sbuf_puts(b, rep);
		from = i + 1;
	}
	ob__sbuf_put(b, s + from, n - from);
}

int
ob__zip_open(const char *data, size_t len, int msgid, const char *what, zip_t **z,
	     ob_error *err)
{
	zip_error_t ze;
	zip_error_init(&ze);
	zip_source_t *src = zip_source_buffer_create(data, len, 0, &ze);
	*z = src ? zip_open_from_source(src, ZIP_RDONLY, &ze) : NULL;
	int r = 0;
	if (!*z) {
		if (src)
			zip_source_free(src);
		r = ob__error_set(err, OB_ERR_BINARY, msgid, 0, "this %s cannot be opened: %s",
		    what, zip_error_strerror(&ze));
	}
	zip_error_fini(&ze);
	return r;
}

int
ob__zip_part(ob__zipread *c, const char *name, char **out, size_t *len)
{
	zip_stat_t st;
	*out = NULL;
	*len = 0;
	if (c->r)
		return c->r;
	zip_stat_init(&st);
	if (zip_stat(c->z, name, 0, &st) != 0)
		return 1;
	if ((st.valid & ZIP_STAT_ENCRYPTION_METHOD) &&
	    st.encryption_method != ZIP_EM_NONE)
		return c->r = ob__error_set(c->err, OB_ERR_BINARY, c->msgid, 0,
		    "this %s is encrypted (its part %s): oblix cannot read it", c->what, name);
	if (!(st.valid & ZIP_STAT_SIZE) || st.size >= c->budget || st.size > INT32_MAX)
		return c->r = ob__error_set(c->err, OB_ERR_TOO_LARGE, 5, 0,
		    "the %s's part %s inflates to %llu bytes, over the limit of what is "
		    "left (%zu bytes)", c->what, name, (unsigned long long)st.size, c->budget);
	zip_file_t *f = zip_fopen(c->z, name, 0);
	if (!f)
		return c->r = ob__error_set(c->err, OB_ERR_BINARY, c->msgid, 0,
		    "the %s's part %s cannot be read: %s", c->what, name, zip_strerror(c->z));
	size_t cap = (size_t)st.size + 1;
	char *s = malloc(cap + 1);
	if (!s) {
		zip_fclose(f);
		return c->r = ob__error_set(c->err, OB_ERR_NOMEM, 0, 0, "out of memory");
	}
	size_t n = 0;
	/* no more than the size it declares: one byte more is a lie */
	while (n < cap) {
		zip_int64_t got = zip_fread(f, s + n, cap - n);
		if (got <= 0) {
			if (got < 0)
				n = cap; /* damaged */
			break;
		}
		n += (size_t)got;
	}
	zip_fclose(f);
	if (n != (size_t)st.size) {
		free(s);
		return c->r = ob__error_set(c->err, OB_ERR_BINARY, c->msgid, 0,
		    "the %s's part %s is damaged: it does not hold the size its entry "
		    "declares", c->what, name);
	}
	c->budget -= n;
	s[n] = '\0';
	*out = s;
	*len = n;
	return 0;
}

xmlDoc *
ob__zip_xml(ob__zipread *c, const char *name, bool required)
{
	char *s;
	size_t n;
	int r = ob__zip_part(c, name, &s, &n);
	if (r == 1 && required)
		c->r = ob__error_set(c->err, OB_ERR_BINARY, c->msgid, 0,
		    "this %s has no %s", c->what, name);
	if (r)
		return NULL;
	xmlDoc *d = xmlReadMemory(s, (int)n, name, NULL,
	    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_COMPACT);
	free(s);
	if (!d && required && !c->r)
		c->r = ob__error_set(c->err, OB_ERR_BINARY, c->msgid, 0,
		    "this %s's %s is not well-formed XML", c->what, name);
	return d;
}

int
ob__container_page(const char *data, size_t len, size_t max, char **page,
		   size_t *page_len, const char **kind, ob_error *err)
{
	*kind = NULL;
	if (len >= 4 && !memcmp(data, "PK\x03\x04", 4))
		return ob__office_page(data, len, max, page, page_len, kind, err);
	if (len >= 8 && !memcmp(data, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8))
		return ob__legacy_page(data, len, max, page, page_len, kind, err);
	if (len >= 5 && !memcmp(data, "%PDF-", 5)) {
		*kind = "pdf";
		return ob__pdf_page(data, len, max, page, page_len, err);
	}
	return 1;
}
