/* SPDX-License-Identifier: MIT */
/*
 * The gazetteer: one reference for every spelling of one body, different
 * bodies never sharing one, no reference for a body in no list, the data
 * loaded and checked, a user's additions read.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "gazetteer.h"
#include "testlib.h"

static ob__gazetteer g;

static void
setup(void)
{
	ob_error e;
	ck_assert_int_eq(ob__gazetteer_init(&g, &e), 0);
}

static void
teardown(void)
{
	ob__gazetteer_fini(&g);
}

/* The reference of a name, or "" when none; the caller frees. */
static char *
ref(const char *name, int *level)
{
	char *r;
	int lv;
	ck_assert(ob__gazetteer_ref(&g, name, &r, &lv));
	if (level)
		*level = lv;
	return r ? r : strdup("");
}

static void
same_ref(const char *const *names)
{
	char *first = ref(names[0], NULL);
	ck_assert_msg(*first, "%s has no reference", names[0]);
	for (int k = 1; names[k]; k++) {
		char *r = ref(names[k], NULL);
		ck_assert_msg(!strcmp(r, first), "%s → %s, but %s → %s", names[k], r,
		    names[0], first);
		free(r);
	}
	free(first);
}

START_TEST(test_spellings)
{
	same_ref((const char *const[]){ "国家发展改革委", "发展改革委",
		"国家发展和改革委员会", "国家发改委", NULL });
	same_ref((const char *const[]){ "人力资源社会保障部", "人力资源和社会保障部",
		"中华人民共和国人力资源和社会保障部", NULL });
	same_ref((const char *const[]){ "市场监管总局", "国家市场监督管理总局", NULL });
	same_ref((const char *const[]){ "省市场监管局", "省市场监督管理局", NULL });
	same_ref((const char *const[]){ "省发展改革委", "省发展和改革委员会", NULL });
	same_ref((const char *const[]){ "广东省市场监管局", "广东省市场监督管理局", NULL });
	same_ref((const char *const[]){ "人民银行", "中国人民银行", "央行", NULL });
	/* local bodies in the forms their own notices use */
	same_ref((const char *const[]){ "市房管局", "市房产局", "市房产管理局", NULL });
	same_ref((const char *const[]){ "市公积金中心", "市住房公积金管理中心", NULL });
	same_ref((const char *const[]){ "区安办", "区安委办", "区安全生产委员会办公室", NULL });
	same_ref((const char *const[]){ "县教体局", "县教育体育局", NULL });
}
END_TEST

START_TEST(test_levels_apart)
{
	int lv;
	char *nat = ref("市场监管总局", &lv);
	ck_assert_int_eq(lv, OB_LEVEL_NATIONAL);
	char *prov = ref("省市场监管局", &lv);
	ck_assert_int_eq(lv, OB_LEVEL_PROVINCIAL);
	char *city = ref("市市场监管局", &lv);
	ck_assert_int_eq(lv, OB_LEVEL_CITY);
	char *county = ref("县市场监管局", &lv);
	ck_assert_int_eq(lv, OB_LEVEL_COUNTY);
	char *gz = ref("广州市市场监管局", &lv);
	ck_assert_int_eq(lv, OB_LEVEL_CITY);
	ck_assert_str_eq(gz, "广州市市场监督管理局");
	const char *all[] = { nat, prov, city, county, gz };
	for (int i = 0; i < 5; i++)
		for (int j = i + 1; j < 5; j++)
			ck_assert_str_ne(all[i], all[j]);
	for (int i = 0; i < 5; i++)
		free((char *)all[i]);
	/* 发展改革委 of the State Council and of a province are two bodies */
	char *a = ref("发展改革委", NULL), *b = ref("省发展改革委", NULL);
	ck_assert_str_ne(a, b);
	free(a);
	free(b);
}
END_TEST

START_TEST(test_unknown)
{
	static const char *const names[] = { "某某协调小组", "有关部门", "各地区",
		"教育行政部门", "市场", "区块链办公室", "省", NULL };
	for (int k = 0; names[k]; k++) {
		char *r = ref(names[k], NULL);
		ck_assert_msg(!*r, "%s got a reference: %s", names[k], r);
		free(r);
	}
}
END_TEST

/* A body merged into another keeps its own reference and says which it
 * became. */
START_TEST(test_former)
{
	char *q = ref("质检总局", NULL), *s = ref("市场监管总局", NULL);
	ck_assert_str_ne(q, s);
	ck_assert_str_eq(ob__gazetteer_became(&g, q), s);
	free(q);
	free(s);
}
END_TEST

START_TEST(test_bad_data)
{
	ob__gazetteer x;
	ob_error e;
	static const char *const bad[] = {
		"body\tnational\t甲局\n",                        /* no names */
		"body\tglobal\t甲局\t甲\n",                      /* no such level */
		"body\tnational\t甲局\t甲|乙\nbody\tnational\t乙局\t乙\n", /* 乙 twice */
		"place\t甲\n",                                   /* no such record */
		"body\tnational\t甲局\t甲\tformer=乙局\n",
		/* became= a body the gazetteer does not know */
		"body\tnational\t甲局\t甲\tbecame=乙局\n",
	};
	for (size_t k = 0; k < sizeof bad / sizeof *bad; k++) {
		memset(&x, 0, sizeof x);
		int r = ob__gazetteer_load(&x, bad[k], strlen(bad[k]), "bad.tsv", &e);
		ck_assert_msg(r == OB_ERR_DATA, "case %zu loaded", k);
		ck_assert_str_eq(e.file, "bad.tsv");
		ob__gazetteer_fini(&x);
	}
	/* a name repeated for the one body is no conflict; became= a body
	 * defined further down is known */
	const char *ok = "body\tnational\t甲局\t甲|甲\tbecame=乙局\n# note\n\n"
	    "body\tnational\t乙局\t乙\n";
	memset(&x, 0, sizeof x);
	ck_assert_int_eq(ob__gazetteer_load(&x, ok, strlen(ok), "ok.tsv", &e), 0);
	ob__gazetteer_fini(&x);
	/* the line of an unknown became= */
	const char *late = "body\tnational\t乙局\t乙\n\nbody\tnational\t甲局\t甲\tbecame=丙局\n";
	memset(&x, 0, sizeof x);
	ck_assert_int_eq(ob__gazetteer_load(&x, late, strlen(late), "late.tsv", &e), OB_ERR_DATA);
	ck_assert_uint_eq(e.line, 3);
	ck_assert_ptr_nonnull(strstr(e.message, "became=丙局"));
	ob__gazetteer_fini(&x);
}
END_TEST

/* A user's additions name new bodies; the notice's agencies then get
 * their references. */
START_TEST(test_user_additions)
{
	ob_ruleset *rs;
	ob_error e;
	ck_assert_int_eq(ob_ruleset_new(&rs, &e), 0);
	const char *add = "body\tnational\t国家虚构事务管理局\t虚构局\n";
	ck_assert_int_eq(ob_ruleset_load_gazetteer(rs, add, strlen(add), "mine.tsv", &e), 0);
	/* at a sentence's start, after a comma, after 由 */
	const char *texts[] = { "（一）开展工作。虚构局要加强指导。\n",
		"（一）开展工作。为推进改革，虚构局要加强指导。\n",
		"（一）开展工作。所需经费由虚构局承担。\n" };
	for (int k = 0; k < 3; k++) {
		ob_notice *n;
		ck_assert_int_eq(ob_notice_parse(rs, texts[k], strlen(texts[k]), NULL,
		    &n, &e), 0);
		char *x = tl_xml(n, &e);
		ck_assert_msg(strstr(x, "ref=\"国家虚构事务管理局\""), "%s", texts[k]);
		free(x);
		ob_notice_free(n);
	}
	/* a file an editor saved with a byte order mark reads as without */
	const char *bom = "\xEF\xBB\xBF" "body\tnational\t国家另一虚构局\t另一虚构局\n";
	ck_assert_int_eq(ob_ruleset_load_gazetteer(rs, bom, strlen(bom), "bom.tsv", &e), 0);
	const char *bad = "body\tnational\t另一局\t财政部\n";
	ck_assert_int_eq(ob_ruleset_load_gazetteer(rs, bad, strlen(bad), "bad.tsv", &e),
	    OB_ERR_DATA);
	ob_ruleset_free(rs);
}
END_TEST

/* The list oblix agencies writes, given back as a gazetteer, lists each
 * body once, not twice. */
START_TEST(test_written_list_again)
{
	char *out1, *out2, *err;
	ck_assert_int_eq(tl_cli(&out1, &err, 2, "agencies"), 0);
	free(err);
	char *path = tl_temp(out1, strlen(out1), ".tsv"), opt[4200];
	snprintf(opt, sizeof opt, "--gazetteer=%s", path);
	ck_assert_int_eq(tl_cli(&out2, &err, 3, "agencies", opt), 0);
	ck_assert_msg(!strcmp(out1, out2), "%zu bytes, then %zu", strlen(out1), strlen(out2));
	unlink(path);
	free(path), free(out1), free(out2), free(err);
}
END_TEST

Suite *
gazetteer_suite(void)
{
	Suite *s = suite_create("gazetteer");
	TCase *tc = tcase_create("gazetteer");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_spellings);
	tcase_add_test(tc, test_levels_apart);
	tcase_add_test(tc, test_unknown);
	tcase_add_test(tc, test_former);
	tcase_add_test(tc, test_bad_data);
	tcase_add_test(tc, test_user_additions);
	tcase_add_test(tc, test_written_list_again);
	suite_add_tcase(s, tc);
	return s;
}
