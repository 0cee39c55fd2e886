/* SPDX-License-Identifier: MIT */
/*
 * Intake: every encoding and edition of the bundled notice gives the same
 * records (and, for the same text, the same positions) as the UTF-8
 * simplified original; what is not text is refused; mojibake is reported.
 */
#define _GNU_SOURCE /* asprintf */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <unicode/ucnv.h>
#include <unicode/uset.h>
#include <unicode/ustring.h>
#include <unicode/utf16.h>
#include <unicode/utrans.h>

#include "testlib.h"
#include "text.h"

static char *
seed(size_t *len)
{
	char p[4096];
	char *s = tl_read(tl_path(p, sizeof p, ob_test_srcdir, "corpus/gd-2021-fangguanfu.txt"), len);
	ck_assert_ptr_nonnull(s);
	return s;
}

/* UTF-8 text in another encoding, with a BOM when asked. */
static char *
encode(const char *utf8, size_t len, const char *charset, bool bom, size_t *out)
{
	UErrorCode st = U_ZERO_ERROR;
	size_t cap = len * 4 + 16;
	char *b = malloc(cap);
	size_t off = 0;
	if (bom) {
		if (!strcmp(charset, "UTF-16LE"))
			memcpy(b, "\xFF\xFE", off = 2);
		else if (!strcmp(charset, "UTF-16BE"))
			memcpy(b, "\xFE\xFF", off = 2);
		else if (!strcmp(charset, "UTF-8"))
			memcpy(b, "\xEF\xBB\xBF", off = 3);
	}
	int32_t n = ucnv_convert(charset, "UTF-8", b + off, (int32_t)(cap - off),
	    utf8, (int32_t)len, &st);
	ck_assert_msg(U_SUCCESS(st), "%s: %s", charset, u_errorName(st));
	*out = off + (size_t)n;
	return b;
}

/* Simplified to traditional with ICU, as mirror sites publish it. */
static char *
to_traditional(const char *utf8, size_t len, size_t *out)
{
	UErrorCode st = U_ZERO_ERROR;
	UTransliterator *tr = utrans_openU(u"Simplified-Traditional", -1,
	    UTRANS_FORWARD, NULL, 0, NULL, &st);
	ck_assert(U_SUCCESS(st));
	int32_t cap = (int32_t)len * 2 + 16, n = 0;
	UChar *u = malloc((size_t)cap * sizeof *u);
	u_strFromUTF8(u, cap, &n, utf8, (int32_t)len, &st);
	int32_t limit = n;
	utrans_transUChars(tr, u, &n, cap, 0, &limit, &st);
	ck_assert(U_SUCCESS(st));
	char *b = malloc(len * 2 + 16);
	int32_t n8 = 0;
	u_strToUTF8(b, (int32_t)len * 2 + 16, &n8, u, n, &st);
	ck_assert(U_SUCCESS(st));
	b[n8] = '\0';
	*out = (size_t)n8;
	free(u);
	utrans_close(tr);
	return b;
}

static ob_notice *
parse_as(const char *data, size_t len, const char *encoding, ob_error *e, int *r)
{
	static ob_ruleset *rs;
	ob_notice *n = NULL;
	ob_options o = { .source = "n.txt", .encoding = encoding };
	if (!rs)
		ck_assert_int_eq(ob_ruleset_new(&rs, e), 0);
	*r = ob_notice_parse(rs, data, len, &o, &n, e);
	return n;
}

/* The XML without the root element's line (digest) and the encoding. */
static char *
xml_body(const ob_notice *n)
{
	ob_error e;
	char *x = tl_xml(n, &e);
	ck_assert_msg(x != NULL, "%s", e.message);
	char *o = malloc(strlen(x) + 1), *w = o;
	for (char *l = x, *nl; *l; l = nl) {
		nl = strchr(l, '\n');
		nl = nl ? nl + 1 : l + strlen(l);
		if (strstr(l, "<notice ") && strstr(l, "<notice ") < nl)
			continue;
		if (strstr(l, "<encoding ") && strstr(l, "<encoding ") < nl)
			continue;
		memcpy(w, l, (size_t)(nl - l));
		w += nl - l;
	}
	*w = '\0';
	free(x);
	return o;
}

static const struct {
	const char *charset;
	bool bom;
	const char *given;
	const char *recorded;
} encodings[] = {
	{ "UTF-8", true, NULL, "<encoding by=\"bom\">UTF-8</encoding>" },
	{ "UTF-16LE", true, NULL, "<encoding by=\"bom\">UTF-16LE</encoding>" },
	{ "UTF-16BE", true, NULL, "<encoding by=\"bom\">UTF-16BE</encoding>" },
	{ "GB18030", false, NULL, "<encoding by=\"detector\">GB18030</encoding>" },
	{ "GBK", false, "GBK", "<encoding by=\"given\">GBK</encoding>" },
	{ "UTF-16LE", false, "UTF-16LE", "<encoding by=\"given\">UTF-16LE</encoding>" },
};

START_TEST(test_encodings_same_records)
{
	size_t len, elen;
	char *s = seed(&len);
	ob_error e;
	int r;
	ob_notice *ref = parse_as(s, len, NULL, &e, &r);
	ck_assert_int_eq(r, 0);
	char *want = xml_body(ref);

	char *bytes = encode(s, len, encodings[_i].charset, encodings[_i].bom, &elen);
	ob_notice *n = parse_as(bytes, elen, encodings[_i].given, &e, &r);
	ck_assert_msg(r == 0, "%s: %s", encodings[_i].charset, e.message);
	ck_assert_int_eq(ob_notice_check(n, &e), 0);
	char *got = xml_body(n);
	/* the same text: the same records at the same lines and columns */
	ck_assert_str_eq(got, want);
	char *x = tl_xml(n, &e);
	ck_assert_ptr_nonnull(strstr(x, encodings[_i].recorded));
	free(x);
	free(got);
	free(want);
	free(bytes);
	free(s);
	ob_notice_free(n);
	ob_notice_free(ref);
}
END_TEST

/* Facts without item titles and section headings, and, for a Taiwan
 * edition that words things its own way, without documents and aliases:
 * what must stay are the items, agencies, times and targets. */
static char *
facts_records(const ob_notice *n, bool reworded, bool keep_documents)
{
	char *f = tl_facts(n);
	char *o = malloc(strlen(f) + 1), *w = o;
	for (char *l = f, *nl; *l; l = nl) {
		nl = strchr(l, '\n');
		nl = nl ? nl + 1 : l + strlen(l);
		size_t k = (size_t)(nl - l);
		if (reworded && ((!keep_documents && !strncmp(l, "document\t", 9)) ||
		    !strncmp(l, "alias\t", 6) || !strncmp(l, "meta\t", 5)))
			continue;
		if (!strncmp(l, "item\t", 5) || !strncmp(l, "section\t", 8)) {
			char *tab = memchr(strchr(l, '\t') + 1, '\t', k);
			if (tab && tab < nl)
				k = (size_t)(tab - l);
			memcpy(w, l, k);
			w += k;
			*w++ = '\n';
			continue;
		}
		memcpy(w, l, k);
		w += k;
	}
	*w = '\0';
	free(f);
	return o;
}

static const struct {
	const char *charset; /* NULL: UTF-8 */
	const char *from, *to; /* a Taiwan word swapped in, or NULL */
	const char *gloss;     /* a romanisation inserted after 发, or NULL */
} editions[] = {
	{ NULL, NULL, NULL, NULL },
	{ "Big5", NULL, NULL, NULL },
	{ NULL, "優化", "最佳化", NULL },
	{ NULL, "互聯網", "網際網路", NULL },
	{ NULL, NULL, NULL, "(fā)" },
	/* the whole Taiwan vocabulary: agency names and document titles
	 * come out as in the mainland edition (OpenCC's phrases) */
	{ NULL, "TAIWAN", NULL, NULL },
	{ "Big5", "TAIWAN", NULL, NULL },
};

/* Mainland words and the Taiwan edition's for them. */
static const char *const taiwan[][2] = {
	{ "數據", "資料" }, { "信息", "資訊" }, { "項目", "專案" },
	{ "優化", "最佳化" }, { "互聯網", "網際網路" },
};

static char *
replace_all(const char *s, const char *from, const char *to)
{
	size_t n = 0, fl = strlen(from), tl = strlen(to);
	for (const char *p = s; (p = strstr(p, from)); p += fl)
		n++;
	char *o = malloc(strlen(s) + n * (tl + 1) + 1), *w = o;
	for (const char *p = s, *q; ; p = q + fl) {
		q = strstr(p, from);
		size_t k = q ? (size_t)(q - p) : strlen(p);
		memcpy(w, p, k);
		w += k;
		if (!q)
			break;
		memcpy(w, to, tl);
		w += tl;
	}
	*w = '\0';
	return o;
}

START_TEST(test_traditional_editions)
{
	size_t len, tlen;
	char *s = seed(&len);
	ob_error e;
	int r;
	ob_notice *ref = parse_as(s, len, NULL, &e, &r);
	bool reworded = editions[_i].from != NULL;
	bool tw = reworded && !strcmp(editions[_i].from, "TAIWAN");
	char *want = facts_records(ref, reworded, tw);

	char *t = to_traditional(s, len, &tlen);
	for (size_t k = 0; tw && k < sizeof taiwan / sizeof *taiwan; k++) {
		char *w = replace_all(t, taiwan[k][0], taiwan[k][1]);
		free(t);
		t = w;
	}
	if (editions[_i].from && !tw) {
		char *w = replace_all(t, editions[_i].from, editions[_i].to);
		free(t);
		t = w;
	}
	if (editions[_i].gloss) {
		char *g = malloc(strlen(editions[_i].gloss) + 4);
		sprintf(g, "發%s", editions[_i].gloss);
		char *w = replace_all(t, "發", g);
		free(g);
		free(t);
		t = w;
	}
	tlen = strlen(t);
	char *bytes = t;
	size_t blen = tlen;
	if (editions[_i].charset)
		bytes = encode(t, tlen, editions[_i].charset, false, &blen);
	ob_notice *n = parse_as(bytes, blen, NULL, &e, &r);
	ck_assert_msg(r == 0, "edition %d: %s", _i, e.message);
	ck_assert_int_eq(ob_notice_check(n, &e), 0);
	char *got = facts_records(n, reworded, tw);
	char *d = tl_facts_diff(want, got);
	ck_assert_msg(d == NULL, "edition %d:\n%s", _i, d ? d : "");
	/* names are simplified; the spelling of the edition is kept */
	char *x = tl_xml(n, &e);
	ck_assert_ptr_nonnull(strstr(x, "<script>Hant</script>"));
	ck_assert_ptr_nonnull(strstr(x, "surface=\"省政府辦公廳\""));
	ck_assert_ptr_nonnull(strstr(x, ">省政府办公厅</agency>"));
	free(x);
	free(got);
	free(want);
	if (bytes != t)
		free(bytes);
	free(t);
	free(s);
	ob_notice_free(n);
	ob_notice_free(ref);
}
END_TEST

/* Characters that traditional and simplified spell apart. */
START_TEST(test_traditional_phrases)
{
	const char *src = "一、測試\n\n（一）推進臺灣事務。於年底前在範圍裡完成，不少於30項。（省臺辦牵头）\n";
	ob_error e;
	int r;
	ob_notice *n = parse_as(src, strlen(src), NULL, &e, &r);
	ck_assert_int_eq(r, 0);
	char *f = tl_facts(n);
	ck_assert_ptr_nonnull(strstr(f, "item\t一/一\t推进台湾事务\n"));
	ck_assert_ptr_nonnull(strstr(f, "agency\tlead\t省台办\n"));
	ck_assert_ptr_nonnull(strstr(f, "target\tge\t30\t项\t不少于30项\n"));
	ck_assert_ptr_nonnull(strstr(f, "time\tby\t-\t年底前\n"));
	free(f);
	ob_notice_free(n);
}
END_TEST

START_TEST(test_not_text)
{
	static const struct {
		const char *bytes;
		size_t len;
		const char *what;
	} files[] = {
		{ "%PDF-1.7\n%\xE2\xE3\xCF\xD3\n", 14, "PDF cannot be read" },
		{ "\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16, "PNG" },
		{ "PK\x03\x04\x14\0\x06\0", 8, "ZIP archive cannot be opened" },
		{ "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\0\0", 10, "Office" },
		{ "\xFF\xD8\xFF\xE0\0\x10JFIF", 10, "JPEG" },
	};
	for (size_t k = 0; k < sizeof files / sizeof *files; k++) {
		char *path = tl_temp(files[k].bytes, files[k].len, ".txt");
		char *out, *err;
		ck_assert_int_eq(tl_cli(&out, &err, 3, "extract", path), 1);
		ck_assert_msg((strstr(err, "[OB-006]") || strstr(err, "[OB-012]") ||
		    strstr(err, "[OB-013]")) &&
		    strstr(err, files[k].what), "%s", err);
		ck_assert_str_eq(out, "");
		free(out), free(err);
		unlink(path);
		free(path);
	}
}
END_TEST

START_TEST(test_encoding_errors)
{
	char *out, *err;
	const char *ok = "一、标题\n";
	char *path = tl_temp(ok, strlen(ok), ".txt");
	ck_assert_int_eq(tl_cli(&out, &err, 4, "extract", "--encoding=NO-SUCH-CODE", path), 1);
	ck_assert_ptr_nonnull(strstr(err, "[OB-010]"));
	free(out), free(err);
	unlink(path);
	free(path);
	/* a Big5 lead byte with no trail byte: refused where it stands */
	const char *bad = "abc\ndef\xA4\n";
	path = tl_temp(bad, strlen(bad), ".txt");
	ck_assert_int_eq(tl_cli(&out, &err, 4, "extract", "--encoding=Big5", path), 1);
	ck_assert_msg(strstr(err, "[OB-011]") && strstr(err, ":2:4: error:"), "%s", err);
	free(out), free(err);
	unlink(path);
	free(path);
}
END_TEST

START_TEST(test_mojibake_warning)
{
	size_t len, glen;
	char *s = seed(&len);
	/* the GB18030 bytes of the notice taken for UTF-8 text by some tool
	 * before us: decode them as if they were GBK the wrong way round */
	char *gb = encode(s, len, "UTF-8", false, &glen);
	UErrorCode st = U_ZERO_ERROR;
	char *moji = malloc(glen * 4 + 16);
	int32_t n = ucnv_convert("UTF-8", "GBK", moji, (int32_t)glen * 4 + 16, gb,
	    (int32_t)glen, &st);
	ck_assert(U_SUCCESS(st));
	char *path = tl_temp(moji, (size_t)n, ".txt");
	char *out, *err;
	ck_assert_int_eq(tl_cli(&out, &err, 3, "extract", path), 0);
	ck_assert_msg(strstr(err, "warning: [OB-102]") != NULL, "%s", err);
	free(out), free(err);
	unlink(path);
	free(path);
	/* the real notice: no such warning */
	path = tl_temp(s, len, ".txt");
	ck_assert_int_eq(tl_cli(&out, &err, 3, "extract", path), 0);
	ck_assert_ptr_null(strstr(err, "OB-102"));
	free(out), free(err);
	unlink(path);
	free(path);
	free(moji);
	free(gb);
	free(s);
}
END_TEST

/* A page: the article without the chrome, the page's charset, positions
 * in the page file. */
START_TEST(test_html_page)
{
	char path[4096];
	size_t len;
	const char *rel = _i ? "tests/pages/gd-2021-fangguanfu-gbk.html"
			     : "tests/pages/gd-2021-fangguanfu.html";
	char *page = tl_read(tl_path(path, sizeof path, ob_test_srcdir, rel), &len);
	ck_assert_ptr_nonnull(page);
	ob_notice *n = tl_parse(page, len, rel);
	ob_error e;
	char *x = tl_xml(n, &e);
	ck_assert_msg(x != NULL, "%s", e.message);
	static const char *const chrome[] = { "相关链接", "分享到", "版权所有", "首页",
		"请输入关键字", "track(", "打印本页", "网站标识码", NULL };
	for (int k = 0; chrome[k]; k++)
		ck_assert_msg(!strstr(x, chrome[k]), "chrome in the output: %s", chrome[k]);
	ck_assert_ptr_nonnull(strstr(x, _i ? "<encoding by=\"page\">GB18030</encoding>"
					: "<encoding by=\"page\">utf-8</encoding>"));
	/* the first item's title, where the page has it */
	const char *title = strstr(x, "<title sourcepos=\"");
	title = strstr(title + 1, "<title sourcepos=\"");
	ck_assert_ptr_nonnull(title);
	unsigned line = (unsigned)atoi(title + strlen("<title sourcepos=\""));
	char *u8 = tl_read(tl_path(path, sizeof path, ob_test_srcdir,
	    "tests/pages/gd-2021-fangguanfu.html"), NULL);
	const char *at = strstr(u8, "持续推动");
	unsigned want = 1;
	for (const char *p = u8; p < at; p++)
		want += *p == '\n';
	ck_assert_uint_eq(line, want);
	free(u8);
	free(x);
	free(page);
	ob_notice_free(n);
}
END_TEST

/* The characters [c1, c2] (1-based) of line l of s, copied. */
static char *
page_chars(const char *s, unsigned l, unsigned c1, unsigned c2)
{
	for (unsigned k = 1; k < l && s; k++)
		if ((s = strchr(s, '\n')))
			s++;
	if (!s)
		return NULL;
	size_t i = 0, a = 0;
	for (unsigned c = 1; c <= c2; c++) {
		if (c == c1)
			a = i;
		if (!s[i] || s[i] == '\n')
			return NULL;
		i += ob__utf8_len((unsigned char)s[i]);
	}
	return strndup(s + a, i - a);
}

/* A task table's rows, cells in one line of the page: every agency's
 * position is its own cell's (cells say the same characters: 市市场监管局,
 * 市公安局), and no spelling in the page holds markup. */
START_TEST(test_task_table_positions)
{
	static const char *const pages[] = { "tests/pages/task-table.html",
		"tests/pages/task-table-groups.html" };
	char path[4096];
	size_t len;
	char *page = tl_read(tl_path(path, sizeof path, ob_test_srcdir, pages[_i]), &len);
	ck_assert_ptr_nonnull(page);
	ob_notice *n = tl_parse(page, len, pages[_i]);
	ob_error e;
	char *x = tl_xml(n, &e);
	ck_assert_msg(x != NULL, "%s", e.message);
	ck_assert_ptr_null(strstr(x, "&lt;/td&gt;"));
	int seen = 0;
	for (const char *a = x; (a = strstr(a, "<agency ")); a++) {
		const char *sp = strstr(a, "sourcepos=\""), *gt = strchr(a, '>');
		unsigned l1, c1, l2, c2;
		ck_assert_int_eq(sscanf(sp, "sourcepos=\"%u:%u-%u:%u\"", &l1, &c1, &l2, &c2), 4);
		ck_assert_uint_eq(l1, l2);
		const char *sf = strstr(a, "surface=\"");
		char *want = sf && sf < gt ? strndup(sf + 9, (size_t)(strchr(sf + 9, '"') - sf - 9))
		    : strndup(gt + 1, (size_t)(strstr(gt, "</agency>") - gt - 1));
		char *got = page_chars(page, l1, c1, c2);
		ck_assert_msg(got && !strcmp(got, want), "%s: %u:%u-%u:%u is \"%s\", not \"%s\"",
		    pages[_i], l1, c1, l2, c2, got ? got : "(none)", want);
		free(got);
		free(want);
		seen++;
	}
	ck_assert_int_gt(seen, 3);
	free(x);
	free(page);
	ob_notice_free(n);
}
END_TEST

/* A page's own fields are not the notice's: its posting date (PubDate)
 * is <published>, never <issued>; its source (ContentSource 本网) is no
 * issuer; a status before the title (【已废止】) is <status>, not part of
 * the title; a joint notice signed on two lines has two issuers, in
 * order, and the signature's date is the issue date. */
START_TEST(test_page_meta)
{
	static const char page[] =
	    "<html><head><meta charset=\"utf-8\">"
	    "<meta name=\"ArticleTitle\" content=\"【已废止】某市财政局 某市税务局关于做好测试工作的通知\">"
	    "<meta name=\"PubDate\" content=\"2023-07-24\">"
	    "<meta name=\"ContentSource\" content=\"本网\"></head><body>\n"
	    "<h2>【已废止】某市财政局 某市税务局关于做好测试工作的通知</h2>\n"
	    "<p>各区财政局、税务局：</p>\n"
	    "<p>一、加强管理。各区要在6月底前完成清理。</p>\n"
	    "<p>二、做好衔接。各区要按季度报送进展。</p>\n"
	    "<p>某市财政局</p>\n<p>某市税务局</p>\n<p>2023年7月20日</p>\n"
	    "</body></html>\n";
	ob_notice *n = tl_parse(page, sizeof page - 1, "page.html");
	ob_error e;
	char *x = tl_xml(n, &e);
	ck_assert_msg(x != NULL, "%s", e.message);
	const char *i1 = strstr(x, ">某市财政局</issuer>"), *i2 = strstr(x, ">某市税务局</issuer>");
	ck_assert_msg(i1 && i2 && i1 < i2, "%s", x);
	ck_assert_ptr_null(strstr(x, ">本网<"));
	ck_assert_ptr_nonnull(strstr(x, ">2023-07-20</issued>"));
	ck_assert_ptr_nonnull(strstr(x, ">2023-07-24</published>"));
	ck_assert_ptr_nonnull(strstr(x, ">已废止</status>"));
	ck_assert_ptr_nonnull(strstr(x, ">某市财政局某市税务局关于做好测试工作的通知</noticeTitle>"));
	free(x);
	ob_notice_free(n);

	/* a metadata table whose values follow their labels as text, its
	 * labels spaced out: the number and the 成文日期 */
	static const char table[] =
	    "<html><head><meta charset=\"utf-8\"></head><body>\n"
	    "<table><tr><td><span>文件编号：</span>常政规〔2014〕4号</td>"
	    "<td><span>发布机构：</span>常州市人民政府</td></tr>\n"
	    "<tr><td><span>成 文 日 期：</span>2014-05-16</td></tr></table>\n"
	    "<h2>常州市户籍准入和迁移管理规定</h2>\n"
	    "<p>一、加强管理。各区要在6月底前完成清理。</p>\n"
	    "<p>二、做好衔接。各区要按季度报送进展。</p>\n"
	    "</body></html>\n";
	n = tl_parse(table, sizeof table - 1, "table.html");
	x = tl_xml(n, &e);
	ck_assert_msg(x != NULL, "%s", e.message);
	ck_assert_msg(strstr(x, ">常政规〔2014〕4号</docNumber>"), "%s", x);
	ck_assert_ptr_nonnull(strstr(x, ">2014-05-16</issued>"));
	ck_assert_ptr_nonnull(strstr(x, ">常州市人民政府</issuer>"));
	free(x);
	ob_notice_free(n);

	/* no date of the notice's own: the year the page was posted */
	static const char bare[] =
	    "<html><head><meta charset=\"utf-8\">"
	    "<meta name=\"PubDate\" content=\"2022-06-02\"></head><body>\n"
	    "<h2>关于做好测试工作的通知</h2>\n"
	    "<p>一、加强管理。各区要在6月底前完成清理。</p>\n"
	    "<p>二、做好衔接。各区要在年底前报送总结。</p>\n"
	    "</body></html>\n";
	n = tl_parse(bare, sizeof bare - 1, "bare.html");
	x = tl_xml(n, &e);
	ck_assert_msg(x != NULL, "%s", e.message);
	ck_assert_ptr_null(strstr(x, "<issued"));
	ck_assert_ptr_nonnull(strstr(x, "<year basis=\"published\">2022</year>"));
	ck_assert_ptr_nonnull(strstr(x, "date=\"2022-06-30\""));
	free(x);
	ob_notice_free(n);
}
END_TEST

/* A bare 市 or 区 in a body's name is the place the issuer names: in a
 * notice 宿州市人民政府办公室 issues, 市发展改革委 is 宿州市发展和改革委员会;
 * 区住建局 stays 区 (the issuer names no district). */
START_TEST(test_region_refs)
{
	static const char text[] =
	    "宿州市人民政府办公室关于印发宿州市测试工作方案的通知\n\n"
	    "各县、区人民政府，市政府各部门：\n现将《宿州市测试工作方案》印发给你们，请认真贯彻执行。\n\n"
	    "宿州市人民政府办公室\n2022年5月6日\n\n宿州市测试工作方案\n\n一、工作任务\n"
	    "（一）加快建设。市发展改革委牵头，市财政局、区住建局配合，6月底前完成。\n";
	ob_notice *n = tl_parse(text, sizeof text - 1, "region.txt");
	ob_error e;
	char *x = tl_xml(n, &e);
	ck_assert_msg(x != NULL, "%s", e.message);
	ck_assert_ptr_nonnull(strstr(x, "ref=\"宿州市发展和改革委员会\" level=\"city\""));
	ck_assert_ptr_nonnull(strstr(x, "ref=\"宿州市财政局\""));
	ck_assert_ptr_nonnull(strstr(x, "ref=\"区住房和城乡建设局\" level=\"county\""));
	free(x);
	ob_notice_free(n);
}
END_TEST

/* Defects a new user met: a notice with CR-only line endings (old Mac
 * files) gives its items; -o naming the input itself is refused and the
 * notice stays; a --max-size past what oblix reads is a usage error. */
/* What a page or a printed notice leaves below the signature's date (the
 * imprint: 抄送：…, …印发; a page's chrome: 打印本页, 关联稿件：) is no part
 * of the last unit: the date is the signature's, not a deadline of it. */
START_TEST(test_after_signature)
{
	static const char *const tails[] = {
		"抄送：市委有关部门，市人大常委会办公厅。\n市政协办公厅，市中级人民法院。\n"
		"某市人民政府办公厅2023年5月9日印发\n",
		"打印本页 关闭窗口\n",
		"关联稿件：\n相关附件：\n【字号：大 中 小】\n",
	};
	for (size_t k = 0; k < sizeof tails / sizeof *tails; k++) {
		char *s;
		ck_assert_int_ge(asprintf(&s, "某市人民政府关于做好测试工作的通知\n\n"
		    "一、加强管理。各地要在6月底前完成清理。\n\n二、本通知自发布之日起施行。\n\n"
		    "某市人民政府\n2023年5月8日\n\n%s", tails[k]), 0);
		ob_notice *n = tl_parse(s, strlen(s), "tail.txt");
		char *f = tl_facts(n);
		ck_assert_msg(!strstr(f, "time\ton\t2023-05-08"), "case %zu: %s", k, f);
		/* the last unit's own time: from the issue date */
		ck_assert_msg(strstr(f, "time\tfrom\t2023-05-08\t自发布之日起\n"), "case %zu: %s",
		    k, f);
		ck_assert_msg(strstr(f, "meta\tissued\t2023-05-08"), "case %zu: %s", k, f);
		ob_error e;
		char *x = tl_xml(n, &e);
		ck_assert_msg(x && strstr(x, "<closing"), "case %zu: no closing", k);
		free(x);
		free(f);
		ob_notice_free(n);
		free(s);
	}
	/* a date line under a heading, then the text: no signature, so the
	 * text stays the section's */
	static const char tail[] = "某市关于整改的通知\n\n一、工作要求\n各区要加强监管。\n\n"
	    "二、完成时限\n2021年6月30日\n各区要全面完成整改任务，并将整改情况报市应急局\n";
	ob_notice *n = tl_parse(tail, sizeof tail - 1, "tail.txt");
	char *f = tl_facts(n);
	ck_assert_msg(strstr(f, "section\t二\t完成时限\nagency\tresponsible\t各区\n"), "%s", f);
	free(f);
	ob_notice_free(n);
	/* a task-table header on a line of its own heads no run-together
	 * rows: 社区 and 报市政府 name no body */
	static const char lines[] = "某市工作方案\n\n工作任务 牵头单位 责任单位\n一、加强服务\n"
	    "（一）建设。建成一批社区卫生服务中心。\n（二）报送。按季度报市政府。\n";
	n = tl_parse(lines, sizeof lines - 1, "lines.txt");
	f = tl_facts(n);
	ck_assert_msg(!strstr(f, "agency"), "%s", f);
	free(f);
	ob_notice_free(n);
}
END_TEST

/* Pages whose article a site wraps in what looks like its own chrome: a
 * print area (id="myPrintArea", class="PrintArea"), a form around the
 * whole page; the notice's title and 文号 in headings beside the article's
 * element. The article is read, with its title and number. */
START_TEST(test_page_article)
{
	char body[4096] = "";
	for (int k = 0; k < 12; k++)
		strcat(body, "<p>各区要加强房地产市场监测分析，及时研判市场形势，落实城市主体责任，"
		    "稳地价、稳房价、稳预期。</p>");
	static const char *const wraps[][2] = {
		{ "<div id=\"myPrintArea\"><div class=\"p2em\">", "</div></div>" },
		{ "<form id=\"formMain\"><div id=\"content\">", "</div></form>" },
		{ "<div class=\"xxy\"><h2>某市人民政府办公厅关于加强房地产市场调控的通知</h2>"
		  "<h3>某府办发〔2020〕35号</h3><div class=\"PrintArea\">", "</div></div>" },
	};
	for (size_t k = 0; k < sizeof wraps / sizeof *wraps; k++) {
		char *page;
		ck_assert_int_ge(asprintf(&page, "<html><head><meta charset=\"utf-8\">"
		    "<title>某市人民政府办公厅关于加强房地产市场调控的通知</title></head><body>"
		    "<div class=\"footer\">主办单位：某市人民政府办公厅</div>%s%s%s"
		    "<div class=\"foot\"><p>网站标识码：1234 主办单位：某市人民政府办公厅</p></div>"
		    "</body></html>", wraps[k][0], body, wraps[k][1]), 0);
		ob_notice *n = tl_parse(page, strlen(page), "page.html");
		char *f = tl_facts(n);
		ck_assert_msg(strstr(f, "agency\tresponsible\t各区"), "case %zu: %s", k, f);
		if (k == 2)
			ck_assert_msg(strstr(f, "meta\tdocNumber\t某府办发〔2020〕35号"), "%s", f);
		free(f);
		ob_notice_free(n);
		free(page);
	}
}
END_TEST

START_TEST(test_user_defects)
{
	static const char cr[] = "关于做好测试工作的通知\r\r一、工作要求\r"
	    "（一）加强管理。各地要在6月底前完成清理。\r（二）做好衔接。各地要加强协调。\r";
	ob_notice *n = tl_parse(cr, sizeof cr - 1, "cr.txt");
	char *f = tl_facts(n);
	ck_assert_msg(strstr(f, "item\t一/一\t加强管理\n") && strstr(f, "item\t一/二\t做好衔接\n"),
	    "%s", f);
	free(f);
	ob_notice_free(n);

	char *path = tl_temp(cr, sizeof cr - 1, ".txt");
	char *out, *err;
	ck_assert_int_eq(tl_cli(&out, &err, 5, "extract", "-o", path, path), 1);
	ck_assert_msg(strstr(err, "[OB-022]") && strstr(err, "is the input itself"), "%s", err);
	free(out), free(err);
	size_t len;
	char *kept = tl_read(path, &len);
	ck_assert_uint_eq(len, sizeof cr - 1);
	ck_assert(!memcmp(kept, cr, len));
	free(kept);
	ck_assert_int_eq(tl_cli(&out, &err, 4, "extract", "--max-size=99999999G", path), 2);
	ck_assert_msg(strstr(err, "--max-size"), "%s", err);
	free(out), free(err);

	/* validate: a notice that is no XML, an empty file, a directory and a
	 * truncated document are each named for what they are, not as
	 * schema errors (OB-023) */
	ck_assert_int_eq(tl_cli(&out, &err, 3, "validate", path), 1);
	ck_assert_msg(strstr(err, "[OB-025] not XML"), "%s", err);
	free(out), free(err);
	char *empty = tl_temp("", 0, ".xml");
	ck_assert_int_eq(tl_cli(&out, &err, 3, "validate", empty), 1);
	ck_assert_msg(strstr(err, "[OB-025] the file is empty"), "%s", err);
	free(out), free(err);
	unlink(empty);
	free(empty);
	char dir[] = "/tmp/oblix-test-dirXXXXXX";
	ck_assert_ptr_nonnull(mkdtemp(dir));
	ck_assert_int_eq(tl_cli(&out, &err, 3, "validate", dir), 1);
	ck_assert_msg(strstr(err, "[OB-026] no .xml document under the directory"), "%s", err);
	free(out), free(err);
	rmdir(dir);
	char gp[4096];
	size_t glen;
	char *whole = tl_read(tl_path(gp, sizeof gp, ob_test_srcdir, "corpus/gd-2021-fangguanfu.xml"),
	    &glen);
	ck_assert_ptr_nonnull(whole);
	char *trunc = tl_temp(whole, glen / 2, ".xml"); /* cut in the middle */
	free(whole);
	ck_assert_int_eq(tl_cli(&out, &err, 3, "validate", trunc), 1);
	ck_assert_msg(strstr(err, "[OB-025] not well-formed XML"), "%s", err);
	free(out), free(err);
	unlink(trunc);
	free(trunc);
	unlink(path);
	free(path);
}
END_TEST

/* The table the conversion reads says, for every character ICU's
 * Traditional-Simplified transliterator may change and every Chinese
 * character of the BMP, what the transliterator makes of that character
 * alone (itself when that is not one character). */
START_TEST(test_simplified_table)
{
	UErrorCode st = U_ZERO_ERROR;
	UTransliterator *tr = utrans_openU(u"Traditional-Simplified", -1,
	    UTRANS_FORWARD, NULL, 0, NULL, &st);
	ck_assert(U_SUCCESS(st));
	USet *set = uset_openEmpty();
	utrans_getSourceSet(tr, false, set, &st);
	ck_assert(U_SUCCESS(st));
	uset_addRange(set, 0x3400, 0x4DBF);
	uset_addRange(set, 0x4E00, 0x9FFF);
	uset_addRange(set, 0xF900, 0xFAFF);
	/* the table is built on the first conversion */
	char one[] = "們";
	ob__text t = { .buf = one, .len = 3, .paras = &(ob__span){ 0, 3 },
		.nparas = 1 };
	ck_assert_int_eq(ob__text_simplify(&t), 0);
	ck_assert_str_eq(one, "们");
	size_t changed = 0;
	for (int32_t k = 0; k < uset_getRangeCount(set); k++) {
		UChar32 a, b;
		st = U_ZERO_ERROR;
		if (uset_getItem(set, k, &a, &b, NULL, 0, &st) != 0)
			continue;
		for (UChar32 c = a; c <= b; c++) {
			if (c >= 0xD800 && c <= 0xDFFF)
				continue;
			UChar u[16];
			int32_t len = 0, limit;
			UBool bad = 0;
			U16_APPEND(u, len, 16, c, bad);
			(void)bad;
			limit = len;
			st = U_ZERO_ERROR;
			utrans_transUChars(tr, u, &len, 16, 0, &limit, &st);
			ck_assert(U_SUCCESS(st));
			int32_t j = 0;
			UChar32 d = c;
			if (len > 0)
				U16_NEXT(u, j, len, d);
			if (j != len)
				d = c;
			ck_assert_msg(ob__simplified((uint32_t)c) == (uint32_t)d,
			    "U+%04X: table U+%04X, ICU U+%04X", (unsigned)c,
			    ob__simplified((uint32_t)c), (unsigned)d);
			changed += d != c;
		}
	}
	ck_assert_uint_gt(changed, 2000);
	uset_close(set);
	utrans_close(tr);
}
END_TEST

Suite *
intake_suite(void)
{
	Suite *s = suite_create("intake");
	TCase *tc = tcase_create("intake");
	tcase_set_timeout(tc, 60);
	tcase_add_loop_test(tc, test_encodings_same_records, 0,
	    sizeof encodings / sizeof *encodings);
	tcase_add_loop_test(tc, test_traditional_editions, 0,
	    sizeof editions / sizeof *editions);
	tcase_add_test(tc, test_traditional_phrases);
	tcase_add_test(tc, test_simplified_table);
	tcase_add_test(tc, test_not_text);
	tcase_add_test(tc, test_encoding_errors);
	tcase_add_test(tc, test_mojibake_warning);
	tcase_add_loop_test(tc, test_html_page, 0, 2);
	tcase_add_loop_test(tc, test_task_table_positions, 0, 2);
	tcase_add_test(tc, test_page_meta);
	tcase_add_test(tc, test_region_refs);
	tcase_add_test(tc, test_user_defects);
	tcase_add_test(tc, test_after_signature);
	tcase_add_test(tc, test_page_article);
	suite_add_tcase(s, tc);
	return s;
}
