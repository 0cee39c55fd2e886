/* cli/export.c: the feeds of notice documents, checked for what a
 * parser downstream sees: whole fields, valid UTF-8, unique UIDs. */
#define _GNU_SOURCE
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "testlib.h"

/* Is s valid UTF-8 (no overlong forms, no surrogates)? */
static bool
valid_utf8(const unsigned char *s)
{
	while (*s) {
		unsigned c = *s;
		int n = c < 0x80 ? 0 : (c & 0xE0) == 0xC0 ? 1 : (c & 0xF0) == 0xE0 ? 2
		    : (c & 0xF8) == 0xF0 ? 3 : -1;
		if (n < 0 || (n == 1 && c < 0xC2) || (n == 3 && c > 0xF4))
			return false;
		unsigned cp = n ? c & (0x3Fu >> n) : c;
		for (int k = 1; k <= n; k++) {
			if ((s[k] & 0xC0) != 0x80)
				return false;
			cp = cp << 6 | (s[k] & 0x3Fu);
		}
		if ((n == 2 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
		    (n == 3 && cp < 0x10000))
			return false;
		s += n + 1;
	}
	return true;
}

/* The XML document of a notice text, in a temporary file (caller frees
 * and unlinks). */
static char *
document_of(const char *notice)
{
	char *txt = tl_temp(notice, strlen(notice), ".txt"), *out, *err;
	ck_assert_int_eq(tl_cli(&out, &err, 3, "extract", txt), 0);
	char *xml = tl_temp(out, strlen(out), ".xml");
	free(out), free(err);
	unlink(txt);
	free(txt);
	return xml;
}

static char *
repeat(const char *unit, int n)
{
	size_t ul = strlen(unit);
	char *s = malloc(ul * (size_t)n + 1);
	for (int k = 0; k < n; k++)
		memcpy(s + ul * (size_t)k, unit, ul);
	s[ul * (size_t)n] = '\0';
	return s;
}

/* A heading and a title longer than any buffer a field might once have
 * had come out whole in every feed (they were cut inside a character). */
START_TEST(test_long_fields)
{
	char *heading = repeat("深入推进简政放权进一步增强发展活力", 12);
	char *title = repeat("持续推动放权强市放权强区工作", 20);
	char *notice;
	ck_assert_int_ge(asprintf(&notice, "一、%s\n\n（一）%s。6月底前完成。（省财政厅牵头）\n",
	    heading, title), 0);
	char *xml = document_of(notice);
	static const char *const formats[] = { "--format=csv", "--format=jsonl",
		"--format=ics" };
	for (int k = 0; k < 3; k++) {
		char *out, *err;
		ck_assert_int_eq(tl_cli(&out, &err, 4, "export", formats[k], xml), 0);
		ck_assert_msg(valid_utf8((const unsigned char *)out), "%s: invalid UTF-8",
		    formats[k]);
		if (k < 2) { /* iCalendar folds long lines */
			ck_assert_msg(strstr(out, heading) != NULL, "%s: heading cut", formats[k]);
			ck_assert_msg(strstr(out, title) != NULL, "%s: title cut", formats[k]);
		}
		free(out), free(err);
	}
	unlink(xml);
	free(xml), free(notice), free(heading), free(title);
}
END_TEST

Suite *
export_suite(void)
{
	Suite *s = suite_create("export");
	TCase *tc = tcase_create("export");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_long_fields);
	suite_add_tcase(s, tc);
	return s;
}
