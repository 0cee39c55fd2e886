/* SPDX-License-Identifier: MIT */
/*
 * The spec examples of each rule family (extract/spec/NAME.spec), run through
 * the library and through the command line.
 */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "model.h"
#include "testlib.h"

static const char *const families[] = { "time", "target", "agency", "inline" };

typedef struct example {
	char *text;     /* the item text, \n expanded */
	char *expected; /* record lines */
	int line;
} example;

static size_t
load(const char *family, example **out)
{
	char path[4096], rel[256];
	snprintf(rel, sizeof rel, "extract/spec/%s.spec", family);
	char *s = tl_read(tl_path(path, sizeof path, ob_test_srcdir, rel), NULL);
	ck_assert_msg(s != NULL, "cannot read %s", path);
	example *v = NULL;
	size_t n = 0;
	int line = 0;
	char *save = NULL;
	example *cur = NULL;
	/* strtok would skip the blank lines that end an example */
	for (char *l = s, *next; l && *l; l = next) {
		next = strchr(l, '\n');
		if (next)
			*next++ = '\0';
		line++;
		if (!strncmp(l, "> ", 2)) {
			v = realloc(v, (n + 1) * sizeof *v);
			cur = &v[n++];
			cur->line = line;
			cur->expected = strdup("");
			cur->text = malloc(strlen(l) + 1);
			char *o = cur->text;
			for (const char *p = l + 2; *p; p++) {
				if (p[0] == '\\' && p[1] == 'n') {
					*o++ = '\n';
					p++;
				} else
					*o++ = *p;
			}
			*o = '\0';
		} else if (!*l || *l == '#') {
			cur = NULL;
		} else {
			ck_assert_msg(cur != NULL, "%s:%d: record outside an example", rel, line);
			size_t a = strlen(cur->expected), b = strlen(l);
			cur->expected = realloc(cur->expected, a + b + 2);
			memcpy(cur->expected + a, l, b);
			cur->expected[a + b] = '\n';
			cur->expected[a + b + 1] = '\0';
		}
	}
	(void)save;
	free(s);
	*out = v;
	return n;
}

static char *
notice_of(const char *text)
{
	const char *head = "2021年测试工作安排\n\n一、测试\n\n（一）测试。";
	char *s = malloc(strlen(head) + strlen(text) + 2);
	strcpy(s, head);
	strcat(s, text);
	strcat(s, "\n");
	return s;
}

/* The records of item 一/一 in a facts text, as a facts text. */
static char *
item_records(const char *facts)
{
	const char *p = strstr(facts, "item\t一/一\t");
	ck_assert_ptr_nonnull(p);
	p = strchr(p, '\n') + 1;
	const char *e = strstr(p, "\nitem\t");
	size_t n = e ? (size_t)(e - p) + 1 : strlen(p);
	char *r = malloc(n + 1);
	memcpy(r, p, n);
	r[n] = '\0';
	return r;
}

static void
check_example(const char *family, const example *ex, const char *got_facts,
	      const char *how)
{
	char *got = item_records(got_facts);
	char *want = malloc(strlen(ex->expected) + 32);
	char *gotg = malloc(strlen(got) + 32);
	/* one group each, so that order does not count */
	sprintf(want, "item\tx\n%s", ex->expected);
	sprintf(gotg, "item\tx\n%s", got);
	char *d = tl_facts_diff(want, gotg);
	ck_assert_msg(d == NULL, "%s.spec:%d (%s): %s\n%s", family, ex->line, how,
	    ex->text, d ? d : "");
	free(want);
	free(gotg);
	free(got);
}

START_TEST(test_spec_library)
{
	example *v;
	size_t n = load(families[_i], &v);
	ck_assert_uint_gt(n, 5);
	for (size_t k = 0; k < n; k++) {
		char *text = notice_of(v[k].text);
		ob_notice *no = tl_parse(text, strlen(text), "spec");
		char *facts = tl_facts(no);
		check_example(families[_i], &v[k], facts, "library");
		free(facts);
		ob_notice_free(no);
		free(text);
		free(v[k].text);
		free(v[k].expected);
	}
	free(v);
}
END_TEST

START_TEST(test_spec_cli)
{
	example *v;
	size_t n = load(families[_i], &v);
	for (size_t k = 0; k < n; k++) {
		char *text = notice_of(v[k].text);
		char *path = tl_temp(text, strlen(text), ".txt");
		char *out, *err;
		int r = tl_cli(&out, &err, 4, "extract", "--format=facts", path);
		ck_assert_msg(r == 0, "exit %d: %s", r, err);
		check_example(families[_i], &v[k], out, "cli");
		/* and the XML of the same example validates */
		free(out);
		free(err);
		r = tl_cli(&out, &err, 3, "extract", path);
		ck_assert_msg(r == 0 && strstr(out, "<notice"), "exit %d: %s", r, err);
		free(out);
		free(err);
		unlink(path);
		free(path);
		free(text);
		free(v[k].text);
		free(v[k].expected);
	}
	free(v);
}
END_TEST

/* Every match of a rule with trigger characters, found the fast way and
 * the plain way, in text: the two lists must be the same. */
static void
same_matches(const ob_ruleset *rs, const char *text, size_t len, const char *what)
{
	ob__matcher m;
	ck_assert_int_eq(ob__matcher_init(&m, rs), 0);
	for (int id = 0; id < OB_RULE_COUNT; id++) {
		if (!rs->pre[id].n)
			continue;
		size_t a = 0, b = 0, found = 0;
		for (;;) {
			int r1 = ob__find(&m, id, text, len, a);
			size_t s1 = 0, e1 = 0, s2 = 0, e2 = 0;
			if (r1 == 1)
				ob__group(&m, 0, &s1, &e1);
			int r2 = ob__find_plain(&m, id, text, len, b);
			if (r2 == 1)
				ob__group(&m, 0, &s2, &e2);
			ck_assert_msg(r1 == r2 && s1 == s2 && e1 == e2,
			    "%s: match %zu: %d [%zu, %zu) with triggers, %d [%zu, %zu) "
			    "without: a pattern matches without a trigger character "
			    "near its start", what, found, r1, s1, e1, r2, s2, e2);
			if (r1 != 1)
				break;
			found++;
			a = b = e1 > s1 ? e1 : s1 + 1;
		}
	}
	ob__matcher_fini(&m);
}

/* The trigger characters of the time rule: whatever it matches in the
 * spec examples and the notices at hand, the scan before triggers finds
 * too (a new pattern without one fails here, not silently in a text). */
START_TEST(test_trigger_scan)
{
	ob_ruleset *rs;
	ob_error e;
	ck_assert_int_eq(ob_ruleset_new(&rs, &e), 0);
	for (size_t f = 0; f < sizeof families / sizeof *families; f++) {
		example *v;
		size_t n = load(families[f], &v);
		for (size_t k = 0; k < n; k++) {
			char what[64];
			snprintf(what, sizeof what, "%s.spec:%d", families[f], v[k].line);
			same_matches(rs, v[k].text, strlen(v[k].text), what);
			free(v[k].text);
			free(v[k].expected);
		}
		free(v);
	}
	const char *dirs[][2] = { { ob_test_srcdir, "corpus" },
		{ ob_test_srcdir, "tests/notices" }, { ob_test_shareddir, "corpus" },
		{ ob_test_shareddir, "corpus/real" } };
	for (size_t d = 0; d < sizeof dirs / sizeof *dirs; d++) {
		char dir[4096];
		tl_path(dir, sizeof dir, dirs[d][0], dirs[d][1]);
		DIR *dp = opendir(dir);
		if (!dp)
			continue; /* ../shared is not everywhere */
		for (struct dirent *de; (de = readdir(dp));) {
			size_t l = strlen(de->d_name);
			if (l < 4 || strcmp(de->d_name + l - 4, ".txt"))
				continue;
			char path[8192];
			snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
			size_t len;
			char *text = tl_read(path, &len);
			ck_assert_ptr_nonnull(text);
			same_matches(rs, text, len, path);
			free(text);
		}
		closedir(dp);
	}
	ob_ruleset_free(rs);
}
END_TEST

Suite *
rules_suite(void)
{
	Suite *s = suite_create("rules");
	TCase *tc = tcase_create("spec");
	tcase_set_timeout(tc, 120);
	size_t nf = sizeof families / sizeof *families;
	tcase_add_loop_test(tc, test_spec_library, 0, (int)nf);
	tcase_add_loop_test(tc, test_spec_cli, 0, (int)nf);
	tcase_add_test(tc, test_trigger_scan);
	suite_add_tcase(s, tc);
	return s;
}
