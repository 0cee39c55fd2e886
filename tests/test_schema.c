/* schema/: the writer's output validates; documents that break the
 * vocabulary do not. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "model.h"
#include "testlib.h"

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
	suite_add_tcase(s, tc);
	return s;
}
