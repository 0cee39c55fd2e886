/* SPDX-License-Identifier: MIT */
/*
 * Out of memory is an error, not a crash: every allocation the library
 * makes is failed in turn (the test binary is linked with --wrap for the
 * allocator), and each run must either succeed or report OB_ERR_NOMEM,
 * leaking nothing (the sanitizer build checks leaks).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "mem.h"
#include "testlib.h"

void *__real_malloc(size_t n);
void *__real_calloc(size_t n, size_t size);
void *__real_realloc(void *p, size_t n);
void *__real_aligned_alloc(size_t align, size_t n);
char *__real_strdup(const char *s);
void *__wrap_malloc(size_t n);
void *__wrap_calloc(size_t n, size_t size);
void *__wrap_realloc(void *p, size_t n);
void *__wrap_aligned_alloc(size_t align, size_t n);
char *__wrap_strdup(const char *s);

static long fail_at = -1, calls;

static bool
fail_now(void)
{
	return fail_at >= 0 && calls++ == fail_at;
}

void *
__wrap_malloc(size_t n)
{
	return fail_now() ? NULL : __real_malloc(n);
}

void *
__wrap_calloc(size_t n, size_t size)
{
	return fail_now() ? NULL : __real_calloc(n, size);
}

void *
__wrap_realloc(void *p, size_t n)
{
	return fail_now() ? NULL : __real_realloc(p, n);
}

void *
__wrap_aligned_alloc(size_t align, size_t n)
{
	return fail_now() ? NULL : __real_aligned_alloc(align, n);
}

char *
__wrap_strdup(const char *s)
{
	return fail_now() ? NULL : __real_strdup(s);
}

static const char notice[] =
	"广东省人民政府办公厅\n关于印发《2021年测试工作安排》的通知\n粤办函〔2021〕1号\n\n"
	"各地级以上市人民政府：\n\n现印发给你们。\n\n2021年4月16日\n\n"
	"2021年测试工作安排\n\n一、深化改革\n\n"
	"**（一）推进改革。**6月底前出台《某某办法》，投放不少于250台一体机；"
	"从4月起开展建筑信息模型（BIM）试点。（省科技厅、财政厅牵头，广州、深圳市配合）\n\n"
	"（二）加强监管。每年抽查不低于20%。\n牵头单位：省市场监管局\n\n"
	"二、优化服务。各地要在年底前完成。\n\n各地要抓好落实。\n";

START_TEST(test_parse_oom)
{
	ob_ruleset *rs;
	ob_error e;
	long k;

	ck_assert_int_eq(ob_ruleset_new(&rs, &e), 0);
	for (k = 0;; k++) {
		ob_notice *n = NULL;
		ob_options o = { .source = "oom.txt" };
		calls = 0;
		fail_at = k;
		int r = ob_notice_parse(rs, notice, sizeof notice - 1, &o, &n, &e);
		fail_at = -1;
		if (r == 0) {
			ck_assert_int_eq(ob_notice_check(n, &e), 0);
			ob_notice_free(n);
			if (calls <= k)
				break; /* nothing failed: every allocation was tried */
			continue;
		}
		ck_assert_msg(r == OB_ERR_NOMEM, "allocation %ld: %d %s", k, r, e.message);
		ck_assert_ptr_null(n);
	}
	ck_assert_int_gt(k, 20);
	ob_ruleset_free(rs);
}
END_TEST

START_TEST(test_write_oom)
{
	ob_notice *n = tl_parse(notice, sizeof notice - 1, "oom.txt");
	ob_error e;
	long k;

	for (k = 0;; k++) {
		char *buf = NULL;
		size_t len = 0;
		FILE *fp = open_memstream(&buf, &len);
		calls = 0;
		fail_at = k;
		int r = ob_notice_write_xml(n, fp, &e);
		fail_at = -1;
		fclose(fp);
		if (r == 0) {
			ck_assert_ptr_nonnull(strstr(buf, "</notice>"));
			free(buf);
			if (calls <= k)
				break;
			continue;
		}
		ck_assert_msg(r == OB_ERR_NOMEM || r == OB_ERR_XML, "allocation %ld: %d", k, r);
		ck_assert_uint_eq(len, 0); /* nothing written */
		free(buf);
	}
	ob_notice_free(n);
}
END_TEST

/* A large block: a failure leaves the old block as it was, a success
 * carries its bytes over and starts a new block on a huge page. */
START_TEST(test_large_block_oom)
{
	size_t small = 3000, large = (size_t)9 << 20;
	char *p = ob__mem_alloc(small);
	ck_assert_ptr_nonnull(p);
	for (size_t i = 0; i < small; i++)
		p[i] = (char)(i * 7);

	calls = 0;
	fail_at = 0;
	char *q = ob__mem_grow(p, large);
	fail_at = -1;
	ck_assert_ptr_null(q);
	ck_assert_int_eq(calls, 1);
	ck_assert_int_eq(p[small - 1], (char)((small - 1) * 7));

	q = ob__mem_grow(p, large);
	ck_assert_ptr_nonnull(q);
	for (size_t i = 0; i < small; i++)
		ck_assert_int_eq(q[i], (char)(i * 7));
	memset(q, 1, large);
	free(q);

	calls = 0;
	fail_at = 0;
	q = ob__mem_alloc(large);
	fail_at = -1;
	ck_assert_ptr_null(q);
	ck_assert_int_eq(calls, 1);

	q = ob__mem_alloc(large);
	ck_assert_ptr_nonnull(q);
	ck_assert_uint_eq((uintptr_t)q % ((size_t)2 << 20), 0);
	memset(q, 1, large);
	free(q);
}
END_TEST

Suite *
oom_suite(void)
{
	Suite *s = suite_create("oom");
	TCase *tc = tcase_create("oom");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_parse_oom);
	tcase_add_test(tc, test_write_oom);
	tcase_add_test(tc, test_large_block_oom);
	suite_add_tcase(s, tc);
	return s;
}
