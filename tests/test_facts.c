/*
 * Notices against their facts: every record a hand-written facts file
 * lists, and nothing else, for the bundled notice, the State Council
 * notices in ../shared/corpus and the constructed notices of other
 * layouts in tests/notices.
 */
#include <stdlib.h>
#include <string.h>

#include "testlib.h"

static const struct {
	const char *dir; /* "src" or "shared" */
	const char *notice, *facts;
} cases[] = {
	{ "src", "corpus/gd-2021-fangguanfu.txt", "corpus/gd-2021-fangguanfu.facts" },
	{ "shared", "corpus/gov-2018-guofa39-jiuye.txt", "tests/facts/gov-2018-guofa39-jiuye.facts" },
	{ "shared", "corpus/gov-2019-guobanfa3-youeryuan.txt", "tests/facts/gov-2019-guobanfa3-youeryuan.facts" },
	{ "src", "tests/notices/zj-2022-markdown.txt", "tests/notices/zj-2022-markdown.facts" },
	{ "src", "tests/notices/sc-2020-yijian.txt", "tests/notices/sc-2020-yijian.facts" },
	{ "src", "tests/notices/sd-2023-labelled.txt", "tests/notices/sd-2023-labelled.facts" },
	{ "src", "tests/notices/gz-2021-subitems.txt", "tests/notices/gz-2021-subitems.facts" },
	{ "src", "tests/notices/hn-2021-tricky.txt", "tests/notices/hn-2021-tricky.facts" },
	{ "src", "tests/notices/bj-2024-noitems.txt", "tests/notices/bj-2024-noitems.facts" },
};

START_TEST(test_notice_facts)
{
	char p1[4096], p2[4096];
	size_t len;
	const char *dir = strcmp(cases[_i].dir, "src") ? ob_test_shareddir : ob_test_srcdir;
	char *text = tl_read(tl_path(p1, sizeof p1, dir, cases[_i].notice), &len);

	if (!text && dir == ob_test_shareddir) {
		/* the shared corpus is optional: skip cleanly without it */
		fprintf(stderr, "skipped: %s not found\n", p1);
		return;
	}
	ck_assert_msg(text != NULL, "cannot read %s", p1);
	char *want = tl_read(tl_path(p2, sizeof p2, ob_test_srcdir, cases[_i].facts), NULL);
	ck_assert_msg(want != NULL, "cannot read %s", p2);
	ob_notice *n = tl_parse(text, len, cases[_i].notice);
	char *got = tl_facts(n);
	char *diff = tl_facts_diff(want, got);
	ck_assert_msg(diff == NULL, "%s differs from its facts:\n%s", cases[_i].notice,
	    diff ? diff : "");
	free(got);
	free(want);
	free(text);
	ob_notice_free(n);
}
END_TEST

/* The facts comparison itself must notice a missing or an extra record. */
START_TEST(test_diff_detects)
{
	const char *a = "section\t一\tx\nitem\t一/一\tt\ntime\tby\t2021-06-30\t6月底前\n";
	const char *b = "section\t一\tx\nitem\t一/一\tt\n";
	char *d = tl_facts_diff(a, b);
	ck_assert_ptr_nonnull(d);
	ck_assert_ptr_nonnull(strstr(d, "missing"));
	free(d);
	d = tl_facts_diff(b, a);
	ck_assert_ptr_nonnull(strstr(d, "extra"));
	free(d);
	ck_assert_ptr_null(tl_facts_diff(a, a));
}
END_TEST

Suite *
facts_suite(void)
{
	Suite *s = suite_create("facts");
	TCase *tc = tcase_create("notices");
	tcase_set_timeout(tc, 60);
	tcase_add_loop_test(tc, test_notice_facts, 0, sizeof cases / sizeof *cases);
	tcase_add_test(tc, test_diff_detects);
	suite_add_tcase(s, tc);
	return s;
}
