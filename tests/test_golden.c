/* SPDX-License-Identifier: MIT */
/*
 * The golden test: the bundled notice, extracted, byte for byte against
 * corpus/gd-2021-fangguanfu.xml.  With OBLIX_UPDATE=1 the expectation is
 * rewritten instead; review the change with git diff.  (The records in it
 * are held to the hand-written corpus/gd-2021-fangguanfu.facts by the
 * facts suite.)
 */
#include <stdlib.h>
#include <string.h>

#include "testlib.h"

START_TEST(test_golden_bundled)
{
	char p1[4096], p2[4096];
	size_t len;
	char *text = tl_read(tl_path(p1, sizeof p1, ob_test_srcdir,
	    "corpus/gd-2021-fangguanfu.txt"), &len);
	ck_assert_ptr_nonnull(text);
	ob_notice *n = tl_parse(text, len, "gd-2021-fangguanfu.txt");
	ob_error e;
	char *xml = tl_xml(n, &e);
	ck_assert_msg(xml != NULL, "%s", e.message);
	tl_path(p2, sizeof p2, ob_test_srcdir, "corpus/gd-2021-fangguanfu.xml");
	if (getenv("OBLIX_UPDATE")) {
		FILE *fp = fopen(p2, "wb");
		ck_assert_ptr_nonnull(fp);
		fputs(xml, fp);
		fclose(fp);
	}
	char *want = tl_read(p2, NULL);
	ck_assert_msg(want != NULL, "cannot read %s (run with OBLIX_UPDATE=1)", p2);
	if (strcmp(want, xml)) {
		size_t i = 0;
		while (want[i] && want[i] == xml[i])
			i++;
		size_t line = 1;
		for (size_t k = 0; k < i; k++)
			line += want[k] == '\n';
		ck_abort_msg("output differs from %s at line %zu", p2, line);
	}
	/* the same input gives the same bytes */
	char *again = tl_xml(n, &e);
	ck_assert_str_eq(again, xml);
	free(again);
	free(want);
	free(xml);
	free(text);
	ob_notice_free(n);
}
END_TEST

Suite *
golden_suite(void)
{
	Suite *s = suite_create("golden");
	TCase *tc = tcase_create("golden");
	tcase_add_test(tc, test_golden_bundled);
	suite_add_tcase(s, tc);
	return s;
}
