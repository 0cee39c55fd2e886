/* SPDX-License-Identifier: MIT */
/*
 * HTML pages: government sites publish notices as pages, the article body
 * inside page chrome.  The page is parsed with libxml2's HTML parser; the
 * article is the element that holds the most Chinese text that is not
 * link text, tightened to the smallest element that still holds nearly
 * all of it; navigation, share buttons and "相关链接" are left out.  The
 * article is rendered as text, a line per block element and per table
 * row; a task-division table (序号 / 重点工作 / 牵头单位 / 配合单位 /
 * 完成时限) becomes one item per row with labelled lines.  The page's
 * metadata (the table with 索引号, 发布机构, 成文日期, 文号 …, and
 * <meta name="ArticleTitle"> and the like) comes first, as labelled lines
 * the metadata rules read where the text itself is silent.
 *
 * Every byte of the rendered text maps to a byte of the page source: the
 * text of each node is found again in the source by walking it with tags
 * skipped and character references decoded, so positions are those of
 * the page file.
 */
#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

#include "mem.h"
#include "text.h"

bool
ob__is_html(const char *s, size_t len)
{
	size_t i = 0, n = len < 1024 ? len : 1024;

	if (n >= 3 && !memcmp(s, "\xEF\xBB\xBF", 3))
		i = 3;
	while (i < n && isspace((unsigned char)s[i]))
		i++;
	if (i < n && s[i] == '<') {
		static const char *const starts[] = { "<!doctype html", "<html",
			"<head", "<meta", "<body", "<!--", "<title", NULL };
		for (int k = 0; starts[k]; k++)
			if (n - i >= strlen(starts[k]) &&
			    !strncasecmp(s + i, starts[k], strlen(starts[k])))
				return true;
	}
	return false;
}

/* The charset a page declares in its first bytes: <meta charset=…> or
 * <meta http-equiv content="…; charset=…">.  The prescan of the HTML
 * standard, reduced to what government pages use. */
bool
ob__html_charset(const char *s, size_t len, char *out, size_t size)
{
	size_t n = len < 4096 ? len : 4096;

	for (size_t i = 0; i + 8 < n; i++) {
		if (strncasecmp(s + i, "charset", 7))
			continue;
		size_t j = i + 7;
		while (j < n && (s[j] == ' ' || s[j] == '='))
			j++;
		while (j < n && (s[j] == '"' || s[j] == '\''))
			j++;
		size_t k = 0;
		while (j < n && k + 1 < size && (isalnum((unsigned char)s[j]) ||
		    s[j] == '-' || s[j] == '_'))
			out[k++] = s[j++];
		out[k] = '\0';
		if (k)
			return true;
	}
	return false;
}

/* ---- walking the source to find text again ---- */

typedef struct walker {
	const char *s;
	size_t len, p;
} walker;

static uint32_t
entity(const char *s, size_t len, size_t *p)
{
	size_t i = *p + 1, e = i;
	while (e < len && e - i < 12 && s[e] != ';' && s[e] != '<' && s[e] != '&')
		e++;
	if (e >= len || s[e] != ';' || e == i)
		return 0;
	uint32_t c = 0;
	if (s[i] == '#') {
		char *end;
		unsigned long v = (s[i + 1] == 'x' || s[i + 1] == 'X')
		    ? strtoul(s + i + 2, &end, 16) : strtoul(s + i + 1, &end, 10);
		if (end != s + e || v == 0 || v > 0x10FFFF)
			return 0;
		c = (uint32_t)v;
	} else {
		char name[16];
		memcpy(name, s + i, e - i);
		name[e - i] = '\0';
		const htmlEntityDesc *d = htmlEntityLookup((const xmlChar *)name);
		if (!d)
			return 0;
		c = d->value;
	}
	*p = e + 1;
	return c;
}

/* The next character of text in the source, its offset in *at; 0 at the
 * end. */
static uint32_t
walk(walker *w, size_t *at)
{
	while (w->p < w->len) {
		const char *s = w->s + w->p;
		size_t left = w->len - w->p;
		if (*s == '<') {
			const char *end = NULL;
			if (left >= 4 && !memcmp(s, "<!--", 4))
				end = strstr(s + 4, "-->"), end = end ? end + 3 : NULL;
			else if (left >= 7 && (!strncasecmp(s, "<script", 7) ||
			    !strncasecmp(s, "<style", 6))) {
				const char *close = !strncasecmp(s, "<script", 7) ? "</script" : "</style";
				const char *q = s + 1;
				while ((q = strchr(q, '<')) && strncasecmp(q, close, strlen(close)))
					q++;
				end = q ? strchr(q, '>') : NULL;
				end = end ? end + 1 : NULL;
			} else {
				end = strchr(s, '>');
				end = end ? end + 1 : NULL;
			}
			w->p = end ? (size_t)(end - w->s) : w->len;
			continue;
		}
		*at = w->p;
		if (*s == '&') {
			size_t q = w->p;
			uint32_t c = entity(w->s, w->len, &q);
			if (c) {
				w->p = q;
				return c;
			}
		}
		return ob__utf8_next(w->s, w->len, &w->p);
	}
	return 0;
}

/* ---- the rendered text and its map ---- */

typedef struct render {
	char *text;
	size_t len, cap;
	size_t *map;
	walker w;
	size_t *lines;     /* source offset of each line start */
	size_t nlines;
	size_t last; /* the source offset of the last character placed */
	bool in_cell; /* a table cell's blocks run on: one line per cell */
	int err;
} render;

static size_t
line_start(const render *r, long line)
{
	if (line < 1 || !r->nlines)
		return 0;
	if ((size_t)line > r->nlines)
		line = (long)r->nlines;
	return r->lines[line - 1];
}

static void
put(render *r, const char *b, size_t n, size_t at)
{
	if (r->err)
		return;
	if (r->len + n + 1 > r->cap) {
		size_t cap = (r->len + n + 1) * 2;
		char *t = realloc(r->text, cap);
		size_t *m = t ? realloc(r->map, cap * sizeof *m) : NULL;
		if (!t || !m) {
			if (t)
				r->text = t;
			r->err = OB_ERR_NOMEM;
			return;
		}
		r->text = t;
		r->map = m;
		r->cap = cap;
	}
	memcpy(r->text + r->len, b, n);
	for (size_t k = 0; k < n; k++)
		r->map[r->len + k] = at;
	r->len += n;
	r->text[r->len] = '\0';
}

static void
newline(render *r)
{
	if (r->len && r->text[r->len - 1] != '\n')
		put(r, "\n", 1, r->last);
}

/* A line that ends the text before it for good: the cleaner joins no
 * clause across it.  Set between lines taken from different places of the
 * page, so that no paragraph runs backwards through the source. */
static void
hard_break(render *r)
{
	newline(r);
	if (r->len)
		put(r, "\f\n", 2, r->last);
}

/* Text of a node, each character mapped to where it stands in the
 * source. */
static void
put_text(render *r, const char *s)
{
	size_t n = strlen(s);

	for (size_t i = 0; i < n;) {
		size_t at = i;
		uint32_t c = ob__utf8_next(s, n, &i);
		size_t src = r->last;
		if (c > ' ' && c != 0xA0 && c != 0x3000) {
			walker save = r->w;
			size_t where;
			int steps = 0;
			uint32_t d;
			while ((d = walk(&r->w, &where)) && d != c && ++steps < 512)
				;
			if (d == c)
				src = r->last = where;
			else
				r->w = save; /* lost: keep the last place */
		}
		put(r, s + at, i - at, src);
	}
}

/* ---- scoring ---- */

typedef struct score {
	size_t han, link_han;
} score;

static bool
is(const xmlNode *n, const char *name)
{
	return n->type == XML_ELEMENT_NODE && !strcasecmp((const char *)n->name, name);
}

/* 1: an element never read (script, nav, select …); 2: a form, or one
 * whose class or id marks it as the page's own (footer, share, print …),
 * read only when it holds a text of its own (an article in
 * "myPrintArea", a page in a form). */
static int
skipped(const xmlNode *n)
{
	static const char *const tags[] = { "script", "style", "noscript", "iframe",
		"select", "option", "button", "input", "textarea", "nav",
		"object", "embed", "svg", "head", NULL };
	static const char *const marks[] = { "nav", "menu", "footer", "header",
		"share", "bdshare", "fenxiang", "related", "xglj", "print", "breadcrumb",
		"crumb", "toolbar", "search", "login", "copyright", "banner", NULL };

	if (n->type != XML_ELEMENT_NODE)
		return 0;
	for (int k = 0; tags[k]; k++)
		if (is(n, tags[k]))
			return 1;
	/* a search box, or a page a site wraps whole in its form */
	if (is(n, "form"))
		return 2;
	for (const char *attr = "class"; attr; attr = !strcmp(attr, "class") ? "id" : NULL) {
		xmlChar *v = xmlGetProp((xmlNode *)n, (const xmlChar *)attr);
		if (!v)
			continue;
		for (char *p = (char *)v; *p; p++)
			*p = (char)tolower((unsigned char)*p);
		bool hit = false;
		for (int k = 0; marks[k] && !hit; k++)
			hit = strstr((char *)v, marks[k]) != NULL;
		xmlFree(v);
		if (hit)
			return 2;
	}
	return 0;
}

/* Chinese characters outside links that make a marked element's text the
 * page's own (a footer, a share bar or a print button holds fewer). */
#define OWN_TEXT 200

static size_t
han_in(const char *s)
{
	size_t n = strlen(s), h = 0;
	for (size_t i = 0; i < n;)
		h += ob__is_han(ob__utf8_next(s, n, &i));
	return h;
}

typedef struct scorer {
	score *v;
	size_t n, cap;
} scorer;

/* Score every element (stored by index in node->_private). */
static score
score_tree(scorer *sc, xmlNode *node, bool in_link)
{
	score s = { 0, 0 };

	if (node->type == XML_TEXT_NODE || node->type == XML_CDATA_SECTION_NODE) {
		size_t h = han_in((const char *)node->content);
		s.han = h;
		s.link_han = in_link ? h : 0;
		return s;
	}
	int skip = node->type == XML_ELEMENT_NODE ? skipped(node) : 1;
	if (skip == 1)
		return s;
	bool link = in_link || is(node, "a");
	for (xmlNode *c = node->children; c; c = c->next) {
		score cs = score_tree(sc, c, link);
		s.han += cs.han;
		s.link_han += cs.link_han;
	}
	/* a marked element is left out (unscored, so unread) unless it
	 * holds a text of its own */
	if (skip == 2 && (long)s.han - 3 * (long)s.link_han < OWN_TEXT)
		return (score){ 0, 0 };
	score *e = OB_PUSH(*sc);
	if (!e)
		return s;
	*e = s;
	node->_private = (void *)(uintptr_t)sc->n;
	return s;
}

static long value_of(const scorer *sc, const xmlNode *n);

/* Leave out (unscored, so unread) the marked elements under n that hold
 * less than half of what the article (value v) holds. */
static void
drop_marked(const scorer *sc, xmlNode *n, long v)
{
	for (; n; n = n->next) {
		if (n->type != XML_ELEMENT_NODE || !n->_private)
			continue;
		if (skipped(n) == 2 && value_of(sc, n) * 2 < v) {
			n->_private = NULL;
			continue;
		}
		drop_marked(sc, n->children, v);
	}
}

static long
value_of(const scorer *sc, const xmlNode *n)
{
	uintptr_t k = (uintptr_t)n->_private;
	if (!k || n->type != XML_ELEMENT_NODE)
		return -1;
	const score *s = &sc->v[k - 1];
	return (long)s->han - 3 * (long)s->link_han;
}

static xmlNode *
best(const scorer *sc, xmlNode *node, xmlNode *top, long *top_v)
{
	for (xmlNode *c = node; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE || !c->_private)
			continue;
		long v = value_of(sc, c);
		if (v > *top_v) {
			*top_v = v;
			top = c;
		}
		top = best(sc, c->children, top, top_v);
	}
	return top;
}

/* ---- metadata ---- */

static const char *const meta_labels[] = { "索引号", "主题分类", "发布机构",
	"发文机关", "成文日期", "发布日期", "文号", "发文字号", "标题", "名称",
	"主题词", "公文种类", "生成日期", "有效性", "效力状态", "时效性", "文件编号",
	"文件字号", "备注/文号", "公开日期", "公布日期", "印发日期", "信息名称", NULL };

static char *
node_text(xmlNode *n)
{
	xmlChar *c = xmlNodeGetContent(n);
	if (!c)
		return NULL;
	/* trim white space, including U+00A0 and U+3000 */
	char *s = (char *)c, *e = s + strlen(s);
	for (;;) {
		if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
			s++;
		else if (!memcmp(s, "\xC2\xA0", 2) || !memcmp(s, "\xE3\x80\x80", 3))
			s += (unsigned char)*s == 0xC2 ? 2 : 3;
		else
			break;
	}
	while (e > s && (e[-1] == ' ' || e[-1] == '\n' || e[-1] == '\t' || e[-1] == '\r'))
		e--;
	char *out = malloc((size_t)(e - s) + 1);
	if (out) {
		memcpy(out, s, (size_t)(e - s));
		out[e - s] = '\0';
	}
	xmlFree(c);
	return out;
}

/* The label a cell holds ("文号：" or "文　　号"), or -1. */
static int
meta_label(const char *t)
{
	char clean[64];
	size_t k = 0;
	for (size_t i = 0; t[i] && k + 4 < sizeof clean;) {
		size_t at = i;
		uint32_t c = ob__utf8_next(t, strlen(t), &i);
		if (c == ' ' || c == 0x3000 || c == 0xA0 || c == ':' || c == 0xFF1A ||
		    c == '\t' || c == '\n' || c == '[' || c == ']' || c == 0x3010 ||
		    c == 0x3011)
			continue;
		memcpy(clean + k, t + at, i - at);
		k += i - at;
	}
	clean[k] = '\0';
	for (int j = 0; meta_labels[j]; j++)
		if (!strcmp(clean, meta_labels[j]))
			return j;
	return -1;
}

/* ---- rendering ---- */

static const char *const task_cols[] = { "重点工作", "工作任务", "主要任务",
	"重点任务", "任务", "工作内容", "具体措施", "工作措施", "改革举措", "举措",
	"事项", NULL };

int
ob__table_column(const char *t)
{
	if (strstr(t, "序号") || !strcmp(t, "编号"))
		return OB_COL_NO;
	if (strstr(t, "牵头"))
		return OB_COL_LEAD;
	/* 责任单位, 负责部门, 实施主体, 主管部门, 指导部门 */
	if (strstr(t, "责任") || strstr(t, "负责") || strstr(t, "实施单位") ||
	    strstr(t, "实施部门") || strstr(t, "实施主体") || strstr(t, "主管") ||
	    strstr(t, "指导部门") || strstr(t, "指导单位"))
		return OB_COL_RESP;
	if (strstr(t, "配合") || strstr(t, "参与") || strstr(t, "协办"))
		return OB_COL_COOP;
	if (strstr(t, "时限") || strstr(t, "时间") || strstr(t, "时间节点"))
		return OB_COL_TIME;
	/* where it applies (推广范围, 适用范围) names nobody */
	if (strstr(t, "范围"))
		return OB_COL_OTHER;
	/* the group a row belongs to: 类别, 类型, 改革领域, 板块 */
	if (strstr(t, "类别") || strstr(t, "类型") || strstr(t, "领域") || strstr(t, "板块"))
		return OB_COL_GROUP;
	for (int k = 0; task_cols[k]; k++)
		if (strstr(t, task_cols[k]))
			return OB_COL_TASK;
	if (strstr(t, "内容") || strstr(t, "措施") || strstr(t, "目标") || strstr(t, "说明"))
		return OB_COL_CONTENT;
	return OB_COL_OTHER;
}

static void render_node(render *r, xmlNode *n);
static void render_cell(render *r, xmlNode *cell);

static bool
is_block(const xmlNode *n)
{
	static const char *const blocks[] = { "p", "div", "h1", "h2", "h3", "h4",
		"h5", "h6", "li", "ul", "ol", "dl", "dt", "dd", "table", "tr", "section",
		"article", "blockquote", "pre", "center", "header", "footer", "main",
		"tbody", "thead", "caption", "hr", NULL };
	for (int k = 0; blocks[k]; k++)
		if (is(n, blocks[k]))
			return true;
	return false;
}

static xmlNode *
first_cell(xmlNode *tr)
{
	for (xmlNode *c = tr->children; c; c = c->next)
		if (is(c, "td") || is(c, "th"))
			return c;
	return NULL;
}

static void
rows_of(xmlNode *table, xmlNode **rows, size_t *n, size_t max)
{
	for (xmlNode *c = table->children; c && *n < max; c = c->next) {
		if (is(c, "tr"))
			rows[(*n)++] = c;
		else if (is(c, "tbody") || is(c, "thead") || is(c, "tfoot"))
			rows_of(c, rows, n, max);
	}
}

/* Where the start tags of a row's first nc cells stand in the source, in
 * the order written: from the row's own line, or from where the row
 * before ended (*from) when rows share a line.  A cell is looked for
 * from its own start, not its line's: cells of one line say the same
 * characters (市市场监管局, 市公安局), and the first would be found. */
static void
cell_starts(const render *r, xmlNode *row, size_t nc, size_t *pos, size_t *from)
{
	const char *s = r->w.s;
	size_t p = line_start(r, xmlGetLineNo(row));

	if (p < *from)
		p = *from;
	for (size_t j = 0; j < nc; j++) {
		size_t q = p;
		for (; q + 3 < r->w.len; q++)
			if (s[q] == '<' && (s[q + 1] | 0x20) == 't' &&
			    ((s[q + 2] | 0x20) == 'd' || (s[q + 2] | 0x20) == 'h') &&
			    s[q + 3] && strchr(" \t\r\n/>", s[q + 3]))
				break;
		if (q + 3 >= r->w.len) {
			pos[j] = p; /* not found: where the row starts */
			continue;
		}
		pos[j] = q;
		p = q + 3;
	}
	*from = p;
}

#define MAX_TCOLS 32

/* A number attribute (colspan, rowspan) of at least 1 and at most 64. */
static long
attr_long(xmlNode *n, const char *name, long def)
{
	xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
	long x = v ? strtol((const char *)v, NULL, 10) : def;
	xmlFree(v);
	return x < 1 ? 1 : x > 64 ? 64 : x;
}

/* The kind of each grid column a header row names (its cells spread
 * over the columns they span); whether it names a task and who does it. */
static bool
header_kinds(xmlNode *row, int *kind, size_t *ncol)
{
	bool task = false, who = false;
	*ncol = 0;
	for (xmlNode *c = first_cell(row); c && *ncol < MAX_TCOLS; c = c->next) {
		if (!is(c, "td") && !is(c, "th"))
			continue;
		char *t = node_text(c);
		if (t) {
			/* 主 要 内 容: a heading spaced out to fill its cell */
			char *w = t;
			for (const char *q = t; *q; q++)
				if (*q != ' ' && *q != '\t' && *q != '\n')
					*w++ = *q;
			*w = '\0';
		}
		int k = t ? ob__table_column(t) : OB_COL_OTHER;
		free(t);
		task |= k == OB_COL_TASK;
		who |= k == OB_COL_LEAD || k == OB_COL_RESP;
		long span = attr_long(c, "colspan", 1);
		for (long j = 0; j < span && *ncol < MAX_TCOLS; j++)
			kind[(*ncol)++] = j ? OB_COL_OTHER : k;
	}
	return task && who;
}

/* Does a header naming the task and who does it stand in the table's
 * first rows? */
static bool
task_table(xmlNode *table)
{
	xmlNode *rows[8];
	size_t nrows = 0;
	int kind[MAX_TCOLS];
	size_t ncol;
	rows_of(table, rows, &nrows, 8);
	for (size_t k = 0; k < nrows && k < 6; k++)
		if (header_kinds(rows[k], kind, &ncol))
			return true;
	return false;
}

/* A task-division table: a header row naming the task and who does it,
 * in any of the first rows (those above it are the table's title and
 * note, read as lines).  Cells take the grid columns they span: a cell
 * merged down rows (rowspan: one lead for several tasks) is every such
 * row's; a row across the table is a group heading; a header repeated
 * on a later page is no row. */
static bool
render_task_table(render *r, xmlNode *table)
{
	xmlNode *rows[4096];
	size_t nrows = 0;
	int kind[MAX_TCOLS];
	size_t ncol = 0, head = 0;

	rows_of(table, rows, &nrows, 4096);
	if (nrows < 2)
		return false;
	while (head < nrows && head < 6 && !header_kinds(rows[head], kind, &ncol))
		head++;
	if (head >= nrows || head >= 6)
		return false;
	static const char *const labels[] = { [OB_COL_LEAD] = "牵头单位：",
		[OB_COL_RESP] = "责任单位：", [OB_COL_COOP] = "配合单位：",
		[OB_COL_TIME] = "完成时限：" };
	size_t row_no = 0, at[MAX_TCOLS], from = 0;
	/* the rows above the header: lines of their own */
	for (size_t k = 0; k < head; k++) {
		xmlNode *cells[MAX_TCOLS];
		size_t nc = 0;
		for (xmlNode *c = first_cell(rows[k]); c && nc < MAX_TCOLS; c = c->next)
			if (is(c, "td") || is(c, "th"))
				cells[nc++] = c;
		cell_starts(r, rows[k], nc, at, &from);
		for (size_t j = 0; j < nc; j++) {
			newline(r);
			r->w.p = r->last = at[j];
			render_cell(r, cells[j]);
			newline(r);
		}
	}
	cell_starts(r, rows[head], ncol, at, &from); /* past the header */
	/* a 类别 column: where its value changes, a group heading, numbered
	 * as a table's group rows are (一、) */
	long group_col = -1;
	for (size_t q = 0; q < ncol && group_col < 0; q++)
		if (kind[q] == OB_COL_GROUP)
			group_col = (long)q;
	xmlNode *group_last = NULL;
	char *group_text = NULL;
	int groups = 0;
	/* the cells merged down from rows above: per grid column, the cell
	 * and its start, and how many rows more it covers */
	xmlNode *down[MAX_TCOLS] = { 0 };
	size_t down_at[MAX_TCOLS] = { 0 };
	long down_left[MAX_TCOLS] = { 0 };
	for (size_t k = head + 1; k < nrows; k++) {
		xmlNode *own[MAX_TCOLS];
		size_t nc = 0;
		for (xmlNode *c = first_cell(rows[k]); c && nc < MAX_TCOLS; c = c->next)
			if (is(c, "td") || is(c, "th"))
				own[nc++] = c;
		cell_starts(r, rows[k], nc, at, &from);
		/* the grid: each column's cell and where it starts */
		xmlNode *grid[MAX_TCOLS] = { 0 };
		size_t gat[MAX_TCOLS] = { 0 };
		size_t g = 0, j = 0;
		bool above = false;
		for (; g < ncol; g++) {
			if (down_left[g] > 0) {
				grid[g] = down[g];
				gat[g] = down_at[g];
				down_left[g]--;
				above = true;
				continue;
			}
			if (j >= nc)
				continue;
			xmlNode *c = own[j];
			long span = attr_long(c, "colspan", 1), rows_down = attr_long(c, "rowspan", 1);
			for (long q = 0; q < span && g + (size_t)q < ncol; q++) {
				grid[g + q] = q ? NULL : c;
				gat[g + q] = at[j];
				if (rows_down > 1 && !q) {
					down[g] = c;
					down_at[g] = at[j];
					down_left[g] = rows_down - 1;
				}
			}
			g += span > 1 ? (size_t)span - 1 : 0;
			j++;
		}
		if (nc == 0)
			continue;
		if (nc == 1 && ncol > 2 && !above) {
			/* a row across the table: a group heading
			 * (一、知识产权保护方面（共5项）) */
			newline(r);
			r->w.p = r->last = at[0];
			render_cell(r, own[0]);
			newline(r);
			continue;
		}
		/* a header repeated on the next page */
		int again[MAX_TCOLS];
		size_t nagain;
		if (header_kinds(rows[k], again, &nagain) && nagain == ncol &&
		    !memcmp(again, kind, ncol * sizeof *kind))
			continue;
		char *gnow = group_col >= 0 && grid[group_col] && grid[group_col] != group_last ?
		    node_text(grid[group_col]) : NULL;
		bool same = gnow && group_text && !strcmp(gnow, group_text);
		if (gnow && same)
			group_last = grid[group_col];
		if (gnow && !same) {
			free(group_text);
			group_text = strdup(gnow);
			static const char *const cn[] = { "一", "二", "三", "四", "五", "六",
				"七", "八", "九", "十", "十一", "十二", "十三", "十四", "十五",
				"十六", "十七", "十八", "十九", "二十" };
			group_last = grid[group_col];
			char *gt = node_text(group_last);
			if (gt && *gt && groups < 20) {
				newline(r);
				r->w.p = r->last = gat[group_col];
				put(r, cn[groups], strlen(cn[groups]), r->last);
				put(r, "、", 3, r->last);
				render_cell(r, group_last);
				newline(r);
				groups++;
			}
			free(gt);
		}
		free(gnow);
		size_t task_col = (size_t)-1, no_col = (size_t)-1;
		for (size_t q = 0; q < ncol; q++) {
			if (kind[q] == OB_COL_TASK && task_col == (size_t)-1 && grid[q])
				task_col = q;
			if (kind[q] == OB_COL_NO && no_col == (size_t)-1)
				no_col = q;
		}
		if (task_col == (size_t)-1)
			continue;
		/* the row's own number where the table gives one: "1." */
		char mark[32];
		row_no++;
		char *no = no_col != (size_t)-1 && grid[no_col] ? node_text(grid[no_col]) : NULL;
		size_t dl = no ? strspn(no, "0123456789") : 0;
		if (no && dl > 0 && dl < 6 && no[dl] == '\0')
			snprintf(mark, sizeof mark, "%s.", no);
		else
			snprintf(mark, sizeof mark, "(%zu)", row_no);
		free(no);
		newline(r);
		r->w.p = r->last = gat[task_col];
		put(r, mark, strlen(mark), r->last);
		render_cell(r, grid[task_col]);
		/* what it says in detail continues the item */
		for (size_t q = 0; q < ncol; q++) {
			if (kind[q] != OB_COL_CONTENT || !grid[q])
				continue;
			newline(r);
			r->w.p = r->last = gat[q];
			render_cell(r, grid[q]);
		}
		for (int want = OB_COL_LEAD; want <= OB_COL_TIME; want++)
			for (size_t q = 0; q < ncol; q++) {
				if (kind[q] != want || !grid[q])
					continue;
				newline(r);
				/* columns are read in another order than written:
				 * each is looked for from its own start */
				r->w.p = r->last = gat[q];
				put(r, labels[want], strlen(labels[want]), r->last);
				render_cell(r, grid[q]);
			}
		newline(r);
	}
	free(group_text);
	return true;
}

static bool
is_meta_table(xmlNode *table)
{
	int labels = 0;
	xmlNode *rows[64];
	size_t n = 0;
	rows_of(table, rows, &n, 64);
	for (size_t k = 0; k < n; k++)
		for (xmlNode *c = first_cell(rows[k]); c; c = c->next) {
			if (!is(c, "td") && !is(c, "th"))
				continue;
			char *t = node_text(c);
			if (t && strlen(t) < 40 && meta_label(t) >= 0)
				labels++;
			free(t);
		}
	return labels >= 2;
}

static void
render_node(render *r, xmlNode *n)
{
	for (; n; n = n->next) {
		if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
			put_text(r, (const char *)n->content);
			continue;
		}
		/* what scoring left out (_private unset) is not read */
		int skip = n->type == XML_ELEMENT_NODE ? skipped(n) : 1;
		if (skip == 1 || (skip == 2 && !n->_private))
			continue;
		if (is(n, "br")) {
			if (!r->in_cell)
				put(r, "\n", 1, r->last);
			continue;
		}
		if (is(n, "table")) {
			newline(r);
			if (is_meta_table(n) || render_task_table(r, n)) {
				newline(r);
				continue;
			}
		}
		bool block = !r->in_cell && (is_block(n) || is(n, "td") || is(n, "th"));
		if (block && !is(n, "td") && !is(n, "th"))
			newline(r);
		render_node(r, n->children);
		if (!r->in_cell && (is(n, "td") || is(n, "th")))
			put(r, "\t", 1, r->last);
		else if (block)
			newline(r);
	}
}

/* A cell's content on one line, whatever blocks it holds. */
static void
render_cell(render *r, xmlNode *cell)
{
	bool was = r->in_cell;
	r->in_cell = true;
	render_node(r, cell->children);
	r->in_cell = was;
}

/* The metadata of the page, as labelled lines: the table with 索引号 …
 * anywhere in the page, and the <meta> tags sites fill in. */
static void
render_meta(render *r, xmlNode *n, int depth)
{
	for (; n && depth < 64; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (is(n, "meta")) {
			xmlChar *name = xmlGetProp(n, (const xmlChar *)"name");
			xmlChar *content = xmlGetProp(n, (const xmlChar *)"content");
			static const char *const tags[][2] = { { "ArticleTitle", "标题：" },
				{ "PubDate", "发布日期：" }, { "ContentSource", "来源：" },
				{ "DocNumber", "文号：" }, { "Title", "标题：" },
				/* a file's properties (segment/intake) */
				{ "ob:issuer", "文档属性作者：" }, { "ob:date", "文档属性日期：" },
				{ NULL, NULL } };
			for (int k = 0; name && content && tags[k][0]; k++)
				if (!strcasecmp((char *)name, tags[k][0]) && content[0]) {
					/* where the value stands in the source */
					size_t ls = line_start(r, xmlGetLineNo(n));
					const char *at = strstr(r->w.s + ls, (const char *)content);
					size_t src = at ? (size_t)(at - r->w.s) : ls;
					put(r, tags[k][1], strlen(tags[k][1]), src);
					/* found: each character where it stands; else
					 * (entities, white space the parser changed)
					 * all of it at the tag's line */
					size_t cl = strlen((char *)content);
					for (size_t i = 0; i < cl;) {
						size_t a = i;
						ob__utf8_next((char *)content, cl, &i);
						put(r, (char *)content + a, i - a, at ? src + a : src);
					}
					put(r, "\n", 1, src);
					hard_break(r);
					break;
				}
			xmlFree(name);
			xmlFree(content);
			continue;
		}
		if ((is(n, "td") || is(n, "th") || is(n, "span") || is(n, "li") ||
		    is(n, "b") || is(n, "strong") || is(n, "label")) && !n->children) {
			continue;
		}
		if (is(n, "td") || is(n, "th") || is(n, "span") || is(n, "b") ||
		    is(n, "strong") || is(n, "label")) {
			char *t = node_text(n);
			int lab = t && strlen(t) < 40 ? meta_label(t) : -1;
			free(t);
			if (lab >= 0) {
				/* the value: the text right after the label
				 * (<span>文件编号：</span>常政规〔2014〕4号), else the
				 * next element sibling */
				xmlNode *v = n->next;
				if (v && v->type == XML_TEXT_NODE && v->content &&
				    v->content[strspn((char *)v->content, " \t\r\n")]) {
					r->w.p = r->last = line_start(r, xmlGetLineNo(n));
					put(r, meta_labels[lab], strlen(meta_labels[lab]), r->last);
					put(r, "：", 3, r->last);
					put_text(r, (const char *)v->content);
					hard_break(r);
					continue;
				}
				while (v && v->type != XML_ELEMENT_NODE)
					v = v->next;
				if (v) {
					char *vt = node_text(v);
					if (vt && *vt) {
						/* look for the value from the cell's line on */
						r->w.p = r->last = line_start(r, xmlGetLineNo(n));
						put(r, meta_labels[lab], strlen(meta_labels[lab]), r->last);
						put(r, "：", 3, r->last);
						render_node(r, v->children);
						hard_break(r);
					}
					free(vt);
				}
				continue;
			}
		}
		render_meta(r, n->children, depth + 1);
	}
}

int
ob__html_render(const char *src, size_t len, char **text, size_t *text_len,
		size_t **map)
{
	render r = { .w = { src, len, 0 } };
	scorer sc = { 0 };

	*text = NULL;
	*map = NULL;
	if (len > INT32_MAX)
		return OB_ERR_TOO_LARGE;
	htmlDocPtr doc = htmlReadMemory(src, (int)len, NULL, "UTF-8",
	    HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
	    HTML_PARSE_NONET | HTML_PARSE_COMPACT);
	if (!doc)
		return OB_ERR_XML;
	xmlNode *root = xmlDocGetRootElement(doc);
	if (!root) {
		xmlFreeDoc(doc);
		return OB_ERR_EMPTY;
	}
	r.lines = malloc((len / 16 + 2) * sizeof *r.lines);
	size_t cap_lines = len / 16 + 2;
	if (r.lines) {
		r.lines[r.nlines++] = 0;
		for (size_t i = 0; i < len; i++)
			if (src[i] == '\n') {
				if (r.nlines == cap_lines) {
					size_t *l = realloc(r.lines, 2 * cap_lines * sizeof *l);
					if (!l)
						break;
					r.lines = l;
					cap_lines *= 2;
				}
				r.lines[r.nlines++] = i + 1;
			}
	}
	render_meta(&r, root, 0);
	r.w.p = 0;
	r.last = 0;

	score_tree(&sc, root, false);
	long top_v = -1;
	xmlNode *top = best(&sc, root, root, &top_v);
	/* tighten: the smallest element that holds nearly all of it, but not
	 * past the notice's own heading (<h2>title</h2><h3>文号</h3> before
	 * the article's element) */
	for (bool deeper = true; deeper && top;) {
		deeper = false;
		bool heading = false;
		for (xmlNode *c = top->children; c && !deeper; c = c->next) {
			if (c->type != XML_ELEMENT_NODE)
				continue;
			if (c->_private && value_of(&sc, c) * 10 >= top_v * 9) {
				if (heading)
					break;
				top = c;
				deeper = true;
			} else if ((is(c, "h1") || is(c, "h2") || is(c, "h3")) &&
			    value_of(&sc, c) >= 6) {
				heading = true;
			}
		}
	}
	/* a task table is read whole, as a table: an article found inside
	 * one (its rows hold most of the page's text) is the table's parent.
	 * A table the site lays its page out with is no task table: the
	 * article stays in its cell. */
	for (xmlNode *a = top; a && a->type == XML_ELEMENT_NODE; a = a->parent)
		if (is(a, "table") && a->parent && a->parent->type == XML_ELEMENT_NODE &&
		    task_table(a)) {
			top = a->parent;
			break;
		}
	/* inside the article, a marked element (相关解读, a share bar) that
	 * holds less than half of it is the page's own, kept as it may be */
	if (top)
		drop_marked(&sc, top->children, top_v);
	if (top) {
		/* the article's text is looked for from where it starts */
		r.w.p = r.last = line_start(&r, xmlGetLineNo(top));
		render_node(&r, top->children);
	}
	free(sc.v);
	free(r.lines);
	xmlFreeDoc(doc);
	if (r.err) {
		free(r.text);
		free(r.map);
		return r.err;
	}
	if (!r.text) {
		put(&r, "", 0, 0);
		if (r.err)
			return r.err;
	}
	*text = r.text;
	*text_len = r.len;
	*map = r.map;
	return 0;
}
