/* cli/: exit codes, one-line errors, and pathological inputs that must
 * give either a one-line error or a valid document, quickly. */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "testlib.h"

static int
run_on(const char *data, size_t len, char **out, char **err, const char *opt)
{
	char *path = tl_temp(data, len, ".txt");
	int r = opt ? tl_cli(out, err, 4, "extract", opt, path)
		    : tl_cli(out, err, 3, "extract", path);
	unlink(path);
	free(path);
	return r;
}

/* An error is one line: "file:line:col: error: [OB-NNN] message". */
static void
assert_one_line_error(const char *err, const char *code)
{
	ck_assert_ptr_nonnull(strstr(err, ": error: "));
	ck_assert_msg(strstr(err, code) != NULL, "expected %s in: %s", code, err);
	ck_assert_ptr_eq(strchr(err, '\n'), err + strlen(err) - 1);
}

START_TEST(test_usage)
{
	char *out, *err;
	ck_assert_int_eq(tl_cli(&out, &err, 1), 2);
	ck_assert_ptr_nonnull(strstr(err, "usage:"));
	free(out), free(err);
	ck_assert_int_eq(tl_cli(&out, &err, 2, "frobnicate"), 2);
	free(out), free(err);
	ck_assert_int_eq(tl_cli(&out, &err, 3, "extract", "--bogus"), 2);
	free(out), free(err);
	ck_assert_int_eq(tl_cli(&out, &err, 4, "extract", "--max-size=abc", "x"), 2);
	free(out), free(err);
	ck_assert_int_eq(tl_cli(&out, &err, 2, "--version"), 0);
	ck_assert_str_eq(out, "oblix " OB_VERSION "\n");
	free(out), free(err);
}
END_TEST

START_TEST(test_bad_inputs)
{
	char *out, *err;

	ck_assert_int_eq(tl_cli(&out, &err, 3, "extract", "/nonexistent/notice.txt"), 1);
	assert_one_line_error(err, "[OB-009]");
	ck_assert_str_eq(out, "");
	free(out), free(err);

	ck_assert_int_eq(run_on("", 0, &out, &err, NULL), 1);
	assert_one_line_error(err, "[OB-001]");
	ck_assert_str_eq(out, "");
	free(out), free(err);

	ck_assert_int_eq(run_on("  \n\t\n", 5, &out, &err, NULL), 1);
	assert_one_line_error(err, "[OB-002]");
	free(out), free(err);

	ck_assert_int_eq(run_on("%PDF-1.4\n\0\0binary", 18, &out, &err, NULL), 1);
	assert_one_line_error(err, "[OB-006]");
	ck_assert_ptr_nonnull(strstr(err, "PDF"));
	ck_assert_str_eq(out, "");
	free(out), free(err);

	ck_assert_int_eq(run_on("text\n\0\0binary", 14, &out, &err, NULL), 1);
	assert_one_line_error(err, "[OB-003]");
	ck_assert_ptr_nonnull(strstr(err, ":2:1: error:"));
	ck_assert_str_eq(out, "");
	free(out), free(err);

	/* bytes that are neither UTF-8 nor GB18030 nor Big5 */
	const char *junk = "一、标题\n\xFF\xFF\xFF\xFF";
	ck_assert_int_eq(run_on(junk, strlen(junk), &out, &err, NULL), 1);
	assert_one_line_error(err, "[OB-004]");
	ck_assert_ptr_nonnull(strstr(err, ":2:1: error:"));
	ck_assert_str_eq(out, "");
	free(out), free(err);

	ck_assert_int_eq(run_on("一、标题\n", 13, &out, &err, "--max-size=4"), 1);
	assert_one_line_error(err, "[OB-005]");
	free(out), free(err);
}
END_TEST

START_TEST(test_validate_command)
{
	char *out, *err;
	const char *doc = "一、标题\n\n（一）推进改革。6月底前完成。（省财政厅牵头）\n";

	ck_assert_int_eq(run_on(doc, strlen(doc), &out, &err, NULL), 0);
	char *good = tl_temp(out, strlen(out), ".xml");
	free(out), free(err);
	char *bad = tl_temp("<notice/>", 9, ".xml");
	ck_assert_int_eq(tl_cli(&out, &err, 3, "validate", good), 0);
	ck_assert_ptr_nonnull(strstr(out, ": valid"));
	free(out), free(err);
	ck_assert_int_eq(tl_cli(&out, &err, 4, "validate", good, bad), 1);
	ck_assert_ptr_nonnull(strstr(err, bad));
	ck_assert_ptr_nonnull(strstr(err, "error: [OB-0"));
	free(out), free(err);
	unlink(good), unlink(bad);
	free(good), free(bad);
}
END_TEST

START_TEST(test_segment_command)
{
	char *out, *err;
	const char *doc = "推进政务服务改革。加快建设平台；完善机制。\n";
	char *path = tl_temp(doc, strlen(doc), ".txt");

	ck_assert_int_eq(tl_cli(&out, &err, 4, "segment", "--sentences", path), 0);
	ck_assert_str_eq(out, "1:1-1:9\t推进政务服务改革。\n1:10-1:16\t加快建设平台；\n"
	    "1:17-1:21\t完善机制。\n");
	free(out), free(err);
	ck_assert_int_eq(tl_cli(&out, &err, 4, "segment", "--words", path), 0);
	ck_assert_ptr_nonnull(strstr(out, "\t改革\n"));
	ck_assert_ptr_null(strstr(out, "。"));
	free(out), free(err);
	unlink(path);
	free(path);
}
END_TEST

/* Exit 0 with a valid document, or 1 with a one-line error: nothing else. */
static void
survives(const char *data, size_t len)
{
	char *out, *err;
	int r = run_on(data, len, &out, &err, NULL);
	if (r == 0) {
		ob_notice_free(tl_parse(data, len, "pathological")); /* invariants */
		ck_assert_ptr_nonnull(strstr(out, "</notice>"));
		char *path = tl_temp(out, strlen(out), ".xml");
		ob_error e;
		ck_assert_int_eq(ob_xml_validate_file(path, &e), 0);
		unlink(path);
		free(path);
	} else {
		ck_assert_int_eq(r, 1);
		ck_assert_str_eq(out, "");
		ck_assert_ptr_nonnull(strstr(err, ": error: "));
	}
	free(out), free(err);
}

START_TEST(test_pathological)
{
	size_t n = 10 << 20;
	char *s = malloc(n + 64);

	/* a 10 MB single line of text with deadlines and targets in it */
	const char *unit = "推进改革，6月底前完成不少于250台部署，";
	size_t ul = strlen(unit), k = 0;
	strcpy(s, "（一）标题。");
	k = strlen(s);
	while (k + ul < n) {
		memcpy(s + k, unit, ul);
		k += ul;
	}
	survives(s, k);

	/* thousands of nested brackets, closed and unclosed */
	k = 0;
	k += (size_t)sprintf(s, "一、测试\n\n（一）标题。");
	for (int i = 0; i < 5000; i++)
		k += (size_t)sprintf(s + k, "（");
	k += (size_t)sprintf(s + k, "省财政厅牵头");
	for (int i = 0; i < 5000; i++)
		k += (size_t)sprintf(s + k, "）");
	survives(s, k);
	survives(s, k - 3 * 2500);

	/* unbalanced brackets and markers everywhere */
	const char *u = "一、（二）(三)))（（1.（1）2、\n（四）》《“”（省牵头\n\n头）\n";
	survives(u, strlen(u));

	/* no item markers at all */
	const char *plain = "关于做好工作的通知\n\n各地要加强领导，确保落实。\n";
	char *out, *err;
	ck_assert_int_eq(run_on(plain, strlen(plain), &out, &err, NULL), 0);
	ck_assert_ptr_nonnull(strstr(err, "warning: [OB-101]"));
	ck_assert_ptr_nonnull(strstr(out, "<preamble"));
	free(out), free(err);

	/* thousands of short lines of markers */
	k = 0;
	for (int i = 0; i < 20000 && k + 64 < n; i++)
		k += (size_t)sprintf(s + k, "（%d）\n1.\n", i);
	survives(s, k);
	free(s);
}
END_TEST

/* Every input a fuzzer ever found a problem with stays a test. */
START_TEST(test_fuzz_regressions)
{
	char dir[4096];
	tl_path(dir, sizeof dir, ob_test_srcdir, "tests/fuzz/regressions");
	DIR *d = opendir(dir);
	ck_assert_ptr_nonnull(d);
	int files = 0;
	for (struct dirent *e; (e = readdir(d));) {
		if (e->d_name[0] == '.')
			continue;
		char path[8192];
		size_t len;
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		char *data = tl_read(path, &len);
		ck_assert_ptr_nonnull(data);
		survives(data, len);
		free(data);
		files++;
	}
	closedir(d);
	ck_assert_int_gt(files, 0);
}
END_TEST

Suite *
cli_suite(void)
{
	Suite *s = suite_create("cli");
	TCase *tc = tcase_create("cli");
	tcase_set_timeout(tc, 300);
	tcase_add_test(tc, test_usage);
	tcase_add_test(tc, test_bad_inputs);
	tcase_add_test(tc, test_validate_command);
	tcase_add_test(tc, test_segment_command);
	tcase_add_test(tc, test_pathological);
	tcase_add_test(tc, test_fuzz_regressions);
	suite_add_tcase(s, tc);
	return s;
}
