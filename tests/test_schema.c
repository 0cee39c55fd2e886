/* SPDX-License-Identifier: MIT */
/* schema/: the writer's output validates; documents that break the
 * vocabulary do not. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libxml/xmlregexp.h>

#include "model.h"
#include "testlib.h"
#include "validate.h"

#define HEAD "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" \
	"<notice xmlns=\"urn:oblix:notice:1\" source=\"x.txt\" " \
	"sha256=\"0000000000000000000000000000000000000000000000000000000000000000\" " \
	"generator=\"oblix 0.1.0\">\n<meta><encoding by=\"utf8\">UTF-8</encoding></meta>\n"

static int
validate_text(const char *xml, ob_error *e)
{
	char *path = tl_temp(xml, strlen(xml), ".xml");
	int r = ob_xml_validate_file(path, e);
	unlink(path);
	free(path);
	return r;
}

START_TEST(test_minimal_valid)
{
	ob_error e;
	ck_assert_int_eq(validate_text(HEAD "</notice>\n", &e), 0);
	ck_assert_int_eq(validate_text(HEAD
	    "<section n=\"1\" label=\"一\" sourcepos=\"1:1-1:9\">"
	    "<heading sourcepos=\"1:3-1:9\">标题</heading>"
	    "<item n=\"1\" label=\"一\" id=\"s1.i1\" sourcepos=\"3:1-3:20\">"
	    "<title sourcepos=\"3:4-3:8\">推进改革</title>"
	    "<agencies sourcepos=\"3:10-3:20\"><agency role=\"lead\" sourcepos=\"3:11-3:15\">省财政厅</agency></agencies>"
	    "<obligation id=\"s1.i1.o1\" sourcepos=\"3:9-3:9\"><text sourcepos=\"3:9-3:9\">x</text>"
	    "<time kind=\"by\" date=\"2021-06-30\" sourcepos=\"3:9-3:9\">6月底前</time>"
	    "<target cmp=\"ge\" value=\"0.5\" sourcepos=\"3:9-3:9\">不少于二分之一</target>"
	    "</obligation></item></section></notice>\n", &e), 0);
}
END_TEST

static const char *const invalid[] = {
	/* a required attribute missing */
	"<?xml version=\"1.0\"?><notice xmlns=\"urn:oblix:notice:1\" source=\"x\" generator=\"g\"><meta><encoding by=\"utf8\">UTF-8</encoding></meta></notice>",
	/* a bad digest */
	"<?xml version=\"1.0\"?><notice xmlns=\"urn:oblix:notice:1\" source=\"x\" sha256=\"xyz\" generator=\"g\"><meta><encoding by=\"utf8\">UTF-8</encoding></meta></notice>",
	/* sourcepos with a zero line */
	HEAD "<section n=\"1\" label=\"一\" sourcepos=\"0:1-1:2\"><heading sourcepos=\"1:1-1:2\">h</heading></section></notice>",
	/* a role outside the vocabulary */
	HEAD "<item n=\"1\" label=\"一\" id=\"i1\" sourcepos=\"1:1-1:2\"><title sourcepos=\"1:1-1:2\">t</title>"
	"<agencies sourcepos=\"1:1-1:2\"><agency role=\"boss\" sourcepos=\"1:1-1:2\">x</agency></agencies></item></notice>",
	/* a date that is not one */
	HEAD "<item n=\"1\" label=\"一\" id=\"i1\" sourcepos=\"1:1-1:2\"><title sourcepos=\"1:1-1:2\">t</title>"
	"<time kind=\"by\" date=\"2021-02-30\" sourcepos=\"1:1-1:2\">x</time></item></notice>",
	/* a value that is not a decimal */
	HEAD "<item n=\"1\" label=\"一\" id=\"i1\" sourcepos=\"1:1-1:2\"><title sourcepos=\"1:1-1:2\">t</title>"
	"<target cmp=\"ge\" value=\"1.2亿\" sourcepos=\"1:1-1:2\">x</target></item></notice>",
	/* elements out of order */
	HEAD "<item n=\"1\" label=\"一\" id=\"i1\" sourcepos=\"1:1-1:2\"><text sourcepos=\"1:1-1:2\">b</text>"
	"<title sourcepos=\"1:1-1:2\">t</title></item></notice>",
	/* the wrong namespace */
	"<?xml version=\"1.0\"?><notice xmlns=\"urn:other\"/>",
	/* not well-formed */
	HEAD "<item></notice>",
	/* two items with one id */
	HEAD "<item n=\"1\" label=\"一\" id=\"i1\" sourcepos=\"1:1-1:2\"><title sourcepos=\"1:1-1:2\">t</title></item>"
	"<item n=\"2\" label=\"二\" id=\"i1\" sourcepos=\"2:1-2:2\"><title sourcepos=\"2:1-2:2\">u</title></item></notice>",
	/* an obligation with an item's id */
	HEAD "<item n=\"1\" label=\"一\" id=\"i1\" sourcepos=\"1:1-1:2\"><title sourcepos=\"1:1-1:2\">t</title>"
	"<obligation id=\"i1\" sourcepos=\"1:1-1:2\"><text sourcepos=\"1:1-1:2\">x</text></obligation></item></notice>",
};

START_TEST(test_invalid)
{
	ob_error e;
	int r = validate_text(invalid[_i], &e);
	ck_assert_msg(r == OB_ERR_INVALID || r == OB_ERR_XML, "case %d: %d", _i, r);
	ck_assert_str_ne(e.message, "");
	ck_assert_uint_gt(e.line, 0);
}
END_TEST

START_TEST(test_missing_file)
{
	ob_error e;
	ck_assert_int_eq(ob_xml_validate_file("/nonexistent/x.xml", &e), OB_ERR_IO);
}
END_TEST

/* Whatever the input holds, the output holds no character XML 1.0
 * forbids and validates. */
START_TEST(test_hostile_characters)
{
	const char *s = "一、测试\x01\x02\n\n（一）标题\x1b。正文\x7f\xEF\xBF\xBF含\xC2\x85控制符。"
	    "（省财政厅\x0b牵头）\n";
	ob_notice *n = tl_parse(s, strlen(s), "bad\x01name.txt");
	ob_error e;
	char *xml = tl_xml(n, &e);
	ck_assert_msg(xml != NULL, "%s", e.message);
	for (const unsigned char *p = (const unsigned char *)xml; *p; p++)
		ck_assert_msg(*p >= 0x20 || *p == '\n' || *p == '\t', "control byte %02x", *p);
	ck_assert_ptr_null(strstr(xml, "\xEF\xBF\xBF"));
	char *path = tl_temp(xml, strlen(xml), ".xml");
	ck_assert_int_eq(ob_xml_validate_file(path, &e), 0);
	unlink(path);
	free(path);
	free(xml);
	ob_notice_free(n);
}
END_TEST

/* The writer validates what it writes without parsing it again: a model
 * that gives an invalid document (a date out of range, an item numbered
 * 0, an id with a space) is refused and nothing is written. */
START_TEST(test_writer_refuses_invalid)
{
	char path[4096];
	size_t len;
	char *s = tl_read(tl_path(path, sizeof path, ob_test_srcdir,
	    "corpus/gd-2021-fangguanfu.txt"), &len);
	ck_assert_ptr_nonnull(s);
	ob_notice *n = tl_parse(s, len, "gd.txt");
	ck_assert_uint_gt(n->times.n, 0);
	ck_assert_uint_gt(n->items.n, 1);
	switch (_i) {
	case 0:
		snprintf(n->times.v[n->times.n - 1].date, 11, "2021-13-45");
		break;
	case 1:
		n->items.v[n->items.n - 1].n = 0;
		break;
	case 2:
		/* "s1.i2" made "s1 i2", in place */
		n->ids.v[n->items.v[1].id + 2] = ' ';
		break;
	}
	char *buf = NULL;
	size_t blen = 0;
	FILE *out = open_memstream(&buf, &blen);
	ob_error e;
	ck_assert_int_eq(ob_notice_write_xml(n, out, &e), OB_ERR_INVALID);
	fclose(out);
	ck_assert_uint_eq(blen, 0);
	free(buf);
	/* as large, straight into a file: refused all the same */
	n->data_len = (size_t)5 << 20;
	out = tmpfile();
	ck_assert_int_eq(ob_notice_write_xml_direct(n, out, &e), OB_ERR_INVALID);
	ck_assert_uint_eq(e.msgid, 23);
	fclose(out);
	ob_notice_free(n);
	free(s);
}
END_TEST

/* The serializer's cases: escapes in text and in attribute values, an
 * empty element, text long enough for a CDATA section; and a notice too
 * large to be written in memory (through a temporary file) gives the
 * same bytes as in memory. */
START_TEST(test_writer_serializes)
{
	char *s = malloc(200000);
	size_t k = (size_t)sprintf(s, "一、总体\n\n（一）A&B<C>“D”\"E\"。");
	while (k < 150000)
		k += (size_t)sprintf(s + k, "推进R&D，x<y>z\"q\"，");
	k += (size_t)sprintf(s + k, "。（省财政厅牵头）\n（二）\n");
	ob_notice *n = tl_parse(s, k, "a&b \"<c>\".txt");
	ob_error e;
	char *xml = tl_xml(n, &e);
	ck_assert_msg(xml != NULL, "%s", e.message);
	ck_assert_ptr_nonnull(strstr(xml, "source=\"a&amp;b &quot;&lt;c&gt;&quot;.txt\""));
	ck_assert_ptr_nonnull(strstr(xml, "<title sourcepos=\"3:4-3:15\">A&amp;B&lt;C&gt;“D”&quot;E&quot;</title>"));
	ck_assert_ptr_nonnull(strstr(xml, "<text sourcepos=\"3:17-3:"));
	ck_assert_ptr_nonnull(strstr(xml, "\"><![CDATA[推进R&D，x<y>z\"q\"，"));
	ck_assert_ptr_nonnull(strstr(xml, "<title sourcepos=\"4:2-4:2\"/>\n"));
	ck_assert_ptr_nonnull(strstr(xml, "</item>\n  </section>\n</notice>\n"));
	ck_assert_int_eq(validate_text(xml, &e), 0);

	size_t real = n->data_len;
	n->data_len = (size_t)5 << 20; /* as if large: a temporary file */
	char *big = tl_xml(n, &e);
	ck_assert_msg(big != NULL, "%s", e.message);
	ck_assert_str_eq(big, xml);
	/* and so into a file, after what the stream still buffers, and into
	 * one opened for appending; also straight into the file (direct),
	 * without a temporary file */
	for (int w = 0; w < 4; w++) {
		bool append = w & 1, direct = w & 2;
		char path[] = "/tmp/oblix-writer-XXXXXX";
		int fd = mkstemp(path);
		ck_assert_int_ge(fd, 0);
		close(fd);
		FILE *fp = fopen(path, append ? "a" : "w");
		ck_assert_ptr_nonnull(fp);
		fputs("<!-- before -->\n", fp);
		ck_assert_int_eq(direct ? ob_notice_write_xml_direct(n, fp, &e)
					: ob_notice_write_xml(n, fp, &e), 0);
		fputs("<!-- after -->\n", fp);
		ck_assert_int_eq(fclose(fp), 0);
		size_t len;
		char *got = tl_read(path, &len);
		unlink(path);
		ck_assert_ptr_nonnull(got);
		size_t b = strlen("<!-- before -->\n"), x = strlen(xml);
		ck_assert_uint_eq(len, b + x + strlen("<!-- after -->\n"));
		ck_assert(!memcmp(got, "<!-- before -->\n", b));
		ck_assert(!memcmp(got + b, xml, x));
		ck_assert(!memcmp(got + b + x, "<!-- after -->\n", len - b - x));
		free(got);
	}
	n->data_len = real;
	free(big);
	free(xml);
	ob_notice_free(n);
	free(s);
}
END_TEST

/* s and our matcher of facet k agree with libxml2's own engine (no
 * assertion per string: each is a message to the test's parent) */
static void
agree(size_t k, xmlRegexpPtr re, const char *s, size_t len)
{
	int lib = xmlRegexpExec(re, BAD_CAST s);
	if (lib < 0 || ob__native_facet_ok(k, s, len) != (lib == 1))
		ck_abort_msg("'%s': libxml2 says %d, the C check %d", s, lib,
		    ob__native_facet_ok(k, s, len));
}

/* The facets checked in C accept what their xs:pattern accepts, and
 * nothing else: every string of their characters up to a length, then
 * random strings of pieces of their language.  The writer's schema
 * leaves both to the C check, as long as notice.xsd says what it
 * implements (a changed pattern makes this fail: change the check too). */
START_TEST(test_native_facets)
{
	static const char *const alphabet[] = { "019:-x.", "sicpo.01x" };
	static const char *const pieces[][12] = {
		{ "1", "9", "0", "10", ":", "-", "1:", "2-", "x", ".", "", "" },
		{ "s", "i", "c", ".i", ".o", "p", "o", "0", "1", "9", "p.o", "c.o" },
	};
	static const int longest[] = { 7, 6 };
	ck_assert_uint_eq(ob__native_facets(), 2);
	uint32_t seed = 12345;
	for (size_t k = 0; k < ob__native_facets(); k++) {
		const char *pattern;
		const char *type = ob__native_facet(k, &pattern);
		ck_assert_msg(ob__native_facet_used(k),
		    "notice.xsd's type %s is not what the C check implements", type);
		xmlRegexpPtr re = xmlRegexpCompile(BAD_CAST pattern);
		ck_assert_ptr_nonnull(re);
		const char *a = alphabet[k];
		size_t na = strlen(a);
		char s[64];
		for (int len = 0; len <= longest[k]; len++) {
			size_t idx[16] = { 0 };
			for (;;) {
				for (int j = 0; j < len; j++)
					s[j] = a[idx[j]];
				s[len] = '\0';
				agree(k, re, s, (size_t)len);
				int j = len - 1;
				while (j >= 0 && ++idx[j] == na)
					idx[j--] = 0;
				if (j < 0)
					break;
			}
		}
		for (int t = 0; t < 200000; t++) {
			size_t len = 0;
			int n = 1 + (int)((seed = seed * 1103515245u + 12345u) >> 16) % 12;
			for (int j = 0; j < n; j++) {
				seed = seed * 1103515245u + 12345u;
				const char *p = pieces[k][(seed >> 16) % 12];
				size_t l = strlen(p);
				memcpy(s + len, p, l);
				len += l;
			}
			s[len] = '\0';
			agree(k, re, s, len);
		}
		xmlRegFreeRegexp(re);
	}
}
END_TEST

/* A schema that no longer says what a C check implements keeps its
 * pattern: the pattern changed, the type given to an element or derived
 * from, an attribute of the type's name given another type. */
START_TEST(test_native_facet_kept)
{
	static const char *const head = "<xs:schema xmlns:xs=\"http://www.w3.org/2001/XMLSchema\" "
	    "xmlns=\"urn:t\" targetNamespace=\"urn:t\">"
	    "<xs:simpleType name=\"sourcepos\"><xs:restriction base=\"xs:string\">";
	static const char *const pattern =
	    "<xs:pattern value=\"[1-9][0-9]*:[1-9][0-9]*-[1-9][0-9]*:[1-9][0-9]*\"/>";
	static const char *const cases[][3] = {
		/* facets, declarations, left to C? */
		{ "", "<xs:attribute name=\"sourcepos\" type=\"sourcepos\"/>", "yes" },
		{ "", "<xs:element name=\"e\"><xs:complexType>"
		  "<xs:attribute name=\"sourcepos\" type=\"t:sourcepos\" xmlns:t=\"urn:t\"/>"
		  "</xs:complexType></xs:element>", "yes" },
		{ "<xs:maxLength value=\"40\"/>", "", "no" },
		{ "", "<xs:element name=\"e\" type=\"sourcepos\"/>", "no" },
		{ "", "<xs:simpleType name=\"s2\"><xs:restriction base=\"sourcepos\"/></xs:simpleType>", "no" },
		{ "", "<xs:simpleType name=\"l\"><xs:list itemType=\"sourcepos\"/></xs:simpleType>", "no" },
		{ "", "<xs:attribute name=\"sourcepos\" type=\"xs:string\"/>", "no" },
		{ "", "<xs:attribute name=\"at\" type=\"sourcepos\"/>", "no" },
		{ "changed", "", "no" },
	};
	const char *const *c = cases[_i];
	char xsd[2048];
	snprintf(xsd, sizeof xsd, "%s%s%s</xs:restriction></xs:simpleType>%s</xs:schema>",
	    head, strcmp(c[0], "changed") ? pattern : "<xs:pattern value=\"[0-9]+\"/>",
	    strcmp(c[0], "changed") ? c[0] : "", c[1]);
	ck_assert_msg(ob__native_facet_in(xsd, strlen(xsd), 0) == !strcmp(c[2], "yes"),
	    "case %d", _i);
}
END_TEST

/* The writer's validator refuses a bad value of a facet it checks in C,
 * with the error libxml2 gives for a pattern. */
/* A writer's validator fed the start of a notice: its element and a
 * whole meta. */
static ob__validator *
notice_head(ob_error *e)
{
	static const char *const notice[] = { "source", "x", "sha256",
		"0000000000000000000000000000000000000000000000000000000000000000",
		"generator", "g" };
	const char *ns = "urn:oblix:notice:1";
	ob__validator *v;
	ck_assert_int_eq(ob__validator_new(&v, e), 0);
	ob__validator_start(v, "notice", ns, true, notice, (size_t[]){ 1, 64, 1 }, 3);
	const char *enc[] = { "by", "utf8" };
	ob__validator_start(v, "meta", ns, false, NULL, NULL, 0);
	ob__validator_start(v, "encoding", ns, false, enc, (size_t[]){ 4 }, 1);
	ob__validator_text(v, "UTF-8", 5);
	ob__validator_end(v, "encoding", ns);
	ob__validator_end(v, "meta", ns);
	return v;
}

START_TEST(test_native_facet_refused)
{
	static const char *const bad[][2] = {
		{ "sourcepos", "0:1-1:2" },
		{ "sourcepos", "1:1-1:2 " },
		{ "id", "s1.i2.o" },
		{ "id", "c.i1" },
	};
	const char *item[] = { "n", "1", "label", "一", "id", "s1.i1", "sourcepos", "1:1-1:2" };
	size_t ilens[4];
	for (int j = 0; j < 4; j++)
		ilens[j] = strlen(item[2 * j + 1]);
	const char *ns = "urn:oblix:notice:1";
	for (int good = 0; good < 2; good++) {
		ob_error e;
		ob__validator *v = notice_head(&e);
		const char *attrs[8];
		memcpy(attrs, item, sizeof attrs);
		size_t lens[4];
		memcpy(lens, ilens, sizeof lens);
		if (!good) {
			int b = _i;
			int slot = !strcmp(bad[b][0], "id") ? 2 : 3;
			attrs[2 * slot + 1] = bad[b][1];
			lens[slot] = strlen(bad[b][1]);
		}
		ob__validator_start(v, "item", ns, false, attrs, lens, 4);
		const char *pos[] = { "sourcepos", "1:1-1:2" };
		ob__validator_start(v, "title", ns, false, pos, (size_t[]){ 7 }, 1);
		ob__validator_text(v, "t", 1);
		ob__validator_end(v, "title", ns);
		ob__validator_end(v, "item", ns);
		ob__validator_end(v, "notice", ns);
		int r = ob__validator_finish(v);
		ob__validator_free(v);
		if (good) {
			ck_assert_msg(r == 0, "%s", e.message);
			continue;
		}
		ck_assert_int_eq(r, OB_ERR_INVALID);
		ck_assert_uint_eq(e.msgid, 23);
		ck_assert_ptr_nonnull(strstr(e.message, bad[_i][0]));
		ck_assert_ptr_nonnull(strstr(e.message, "[facet 'pattern']"));
	}
}
END_TEST

/* The writer's validator keeps the one-id constraint itself: an item
 * whose id an item before it has is refused, worded as libxml2 does. */
START_TEST(test_writer_unique_ids)
{
	const char *ns = "urn:oblix:notice:1";
	for (int dup = 0; dup < 2; dup++) {
		ob_error e;
		ob__validator *v = notice_head(&e);
		for (int k = 0; k < 2; k++) {
			const char *id = k && !dup ? "i2" : "i1";
			const char *item[] = { "n", k ? "2" : "1", "label", "一", "id", id,
				"sourcepos", "1:1-1:2" };
			ob__validator_start(v, "item", ns, false, item,
			    (size_t[]){ 1, 3, 2, 7 }, 4);
			const char *pos[] = { "sourcepos", "1:1-1:2" };
			ob__validator_start(v, "title", ns, false, pos, (size_t[]){ 7 }, 1);
			ob__validator_text(v, "t", 1);
			ob__validator_end(v, "title", ns);
			ob__validator_end(v, "item", ns);
		}
		ob__validator_end(v, "notice", ns);
		int r = ob__validator_finish(v);
		ob__validator_free(v);
		if (!dup) {
			ck_assert_msg(r == 0, "%s", e.message);
			continue;
		}
		ck_assert_int_eq(r, OB_ERR_INVALID);
		ck_assert_msg(strstr(e.message, "Duplicate key-sequence ['i1']"), "%s", e.message);
	}
}
END_TEST

Suite *
schema_suite(void)
{
	Suite *s = suite_create("schema");
	TCase *tc = tcase_create("schema");
	tcase_add_test(tc, test_minimal_valid);
	tcase_add_test(tc, test_writer_serializes);
	tcase_add_loop_test(tc, test_invalid, 0, sizeof invalid / sizeof *invalid);
	tcase_add_test(tc, test_missing_file);
	tcase_add_test(tc, test_hostile_characters);
	tcase_add_loop_test(tc, test_writer_refuses_invalid, 0, 3);
	tcase_add_test(tc, test_native_facets);
	tcase_add_loop_test(tc, test_native_facet_kept, 0, 9);
	tcase_add_loop_test(tc, test_native_facet_refused, 0, 4);
	tcase_add_test(tc, test_writer_unique_ids);
	suite_add_tcase(s, tc);
	return s;
}
