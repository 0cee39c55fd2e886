/* SPDX-License-Identifier: MIT */
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

/* The values of one iCalendar property, lines unfolded, in order. */
static int
ics_values(const char *ics, const char *name, char ***out)
{
	char *u = strdup(ics), *w = u;
	for (const char *r = ics; *r; r++) {
		if (r[0] == '\r' && r[1] == '\n' && (r[2] == ' ' || r[2] == '\t')) {
			r += 2;
			continue;
		}
		*w++ = *r;
	}
	*w = '\0';
	int n = 0;
	*out = NULL;
	size_t nl = strlen(name);
	for (char *l = u; l && *l;) {
		char *end = strstr(l, "\r\n");
		if (end)
			*end = '\0';
		if (!strncmp(l, name, nl) && (l[nl] == ':' || l[nl] == ';')) {
			*out = realloc(*out, (size_t)(n + 1) * sizeof **out);
			(*out)[n++] = strdup(strchr(l, ':') + 1);
		}
		l = end ? end + 2 : NULL;
	}
	free(u);
	return n;
}

static void
values_free(char **v, int n)
{
	for (int k = 0; k < n; k++)
		free(v[k]);
	free(v);
}

/* Lines of every length around the fold: none is folded between its CR
 * and its LF (an RFC 5545 parser then merged DESCRIPTION into SUMMARY),
 * none is longer than 75 octets or folded inside a character; and a
 * title that is the obligation's first sentence is not said twice. */
START_TEST(test_ics_folding)
{
	for (int n = 0; n < 80; n++) {
		/* a long title, then n letters: every place of the line's end
		 * against the folds */
		char *t = repeat("推进改革", 12), *title;
		ck_assert_int_ge(asprintf(&title, "%s%.*s", t, n,
		    "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabc"), 0);
		free(t);
		char *notice;
		ck_assert_int_ge(asprintf(&notice, "2021年某省重点工作安排\n\n（一）%s，6月底前完成。"
		    "（省财政厅牵头）\n", title), 0);
		char *xml = document_of(notice), *out, *err;
		ck_assert_int_eq(tl_cli(&out, &err, 4, "export", "--format=ics", xml), 0);
		ck_assert_msg(!strstr(out, "\r\r"), "n=%d: a fold between CR and LF", n);
		for (const char *l = out; *l;) {
			const char *e = strstr(l, "\r\n");
			size_t len = e ? (size_t)(e - l) : strlen(l);
			ck_assert_msg(len <= 75, "n=%d: a line of %zu octets", n, len);
			ck_assert_msg(!(l[0] == ' ' && (l[1] & 0xC0) == 0x80),
			    "n=%d: folded inside a character", n);
			l = e ? e + 2 : l + len;
		}
		char **sums;
		int ns = ics_values(out, "SUMMARY", &sums);
		ck_assert_int_eq(ns, 1);
		ck_assert_msg(!strstr(sums[0], "："), "n=%d: SUMMARY %s", n, sums[0]);
		ck_assert_msg(!strncmp(sums[0], title, strlen(title)), "n=%d: SUMMARY %s", n,
		    sums[0]);
		values_free(sums, ns);
		unlink(xml);
		free(out), free(err), free(xml), free(notice), free(title);
	}
}
END_TEST

/* A calendar of two notices without a document number and of one file
 * name, and of one notice twice: every UID once (they repeated), SUMMARY
 * never "：…" for an obligation of a section's own text, no empty role
 * line in DESCRIPTION, DTSTAMP in UTC. */
START_TEST(test_ics_uids)
{
	char d1[] = "/tmp/oblix-ics-XXXXXX", d2[] = "/tmp/oblix-ics-XXXXXX", p[256];
	ck_assert_ptr_nonnull(mkdtemp(d1));
	ck_assert_ptr_nonnull(mkdtemp(d2));
	const char *a = "2021年工作要点\n\n一、加强领导\n\n各地要在6月底前完成部署。\n\n二、推进改革\n\n"
	    "（一）推进改革。9月底前完成。（省财政厅牵头）\n";
	/* b's one obligation has the id of a's first: s1.o1 */
	const char *b = "2021年工作要点\n\n一、优化服务\n\n各地要在年底前完成清理。\n";
	char *xml[3], *o, *e;
	const char *texts[2] = { a, b }, *dirs[2] = { d1, d2 };
	for (int k = 0; k < 2; k++) {
		snprintf(p, sizeof p, "%s/plan.txt", dirs[k]);
		FILE *fp = fopen(p, "w");
		fputs(texts[k], fp);
		fclose(fp);
		ck_assert_int_eq(tl_cli(&o, &e, 3, "extract", p), 0);
		xml[k] = tl_temp(o, strlen(o), ".xml");
		free(o), free(e);
		unlink(p);
		rmdir(dirs[k]);
	}
	xml[2] = strdup(xml[0]);
	setenv("SOURCE_DATE_EPOCH", "1700000000", 1);
	ck_assert_int_eq(tl_cli(&o, &e, 6, "export", "-f", "ics", xml[0], xml[1], xml[0]), 0);
	unsetenv("SOURCE_DATE_EPOCH");
	char **uids, **sums, **descs, **stamps;
	int nu = ics_values(o, "UID", &uids);
	ck_assert_int_eq(nu, 3); /* two of a, one of b; a's second copy not again */
	for (int i = 0; i < nu; i++)
		for (int j = i + 1; j < nu; j++)
			ck_assert_str_ne(uids[i], uids[j]);
	int ns = ics_values(o, "SUMMARY", &sums);
	ck_assert_int_eq(ns, 3);
	for (int i = 0; i < ns; i++)
		ck_assert_msg(strncmp(sums[i], "：", 3), "SUMMARY %s", sums[i]);
	ck_assert_str_eq(sums[0], "加强领导：各地要在6月底前完成部署。");
	int nd = ics_values(o, "DESCRIPTION", &descs);
	for (int i = 0; i < nd; i++)
		ck_assert_msg(!strstr(descs[i], "：\\n") && !strstr(descs[i], "配合："),
		    "DESCRIPTION %s", descs[i]);
	ck_assert_ptr_nonnull(strstr(descs[1], "牵头：省财政厅"));
	int nt = ics_values(o, "DTSTAMP", &stamps);
	ck_assert_int_eq(nt, 3);
	ck_assert_str_eq(stamps[0], "20231114T221320Z");
	values_free(uids, nu), values_free(sums, ns), values_free(descs, nd);
	values_free(stamps, nt);
	free(o), free(e);
	for (int k = 0; k < 2; k++) {
		unlink(xml[k]);
		free(xml[k]);
	}
	free(xml[2]);
}
END_TEST

/* A task the notices no longer hold is kept, cancelled, with one more
 * SEQUENCE; once cancelled it stays so; not when an input failed. */
START_TEST(test_ics_cancelled)
{
	const char *both = "某市人民政府办公室关于2021年重点工作安排的通知\n\n某府办〔2021〕3号\n\n"
	    "一、加强领导\n\n（一）完成部署。各区要在6月底前完成部署。\n\n"
	    "（二）完成清理。各区要在9月底前完成清理。\n";
	char *one = strdup(both);
	*strstr(one, "（二）完成清理") = '\0';
	char *x1 = document_of(both), *x2 = document_of(one), *o, *e;
	setenv("SOURCE_DATE_EPOCH", "1700000000", 1);
	ck_assert_int_eq(tl_cli(&o, &e, 5, "export", "-f", "ics", x1), 0);
	char *ics1 = tl_temp(o, strlen(o), ".ics");
	free(o), free(e);
	setenv("SOURCE_DATE_EPOCH", "1700001000", 1);
	char prev[4200];
	snprintf(prev, sizeof prev, "--previous=%s", ics1);
	ck_assert_int_eq(tl_cli(&o, &e, 6, "export", "-f", "ics", prev, x2), 0);
	char **st, **uids, **seq;
	int ns = ics_values(o, "STATUS", &st), nu = ics_values(o, "UID", &uids);
	int nq = ics_values(o, "SEQUENCE", &seq);
	ck_assert_int_eq(nu, 2);
	ck_assert_int_eq(ns, 1);
	ck_assert_str_eq(st[0], "CANCELLED");
	ck_assert_str_eq(uids[1], "某府办〔2021〕3号#s1.i2.o1");
	ck_assert_str_eq(seq[1], "1");
	char *ics2 = tl_temp(o, strlen(o), ".ics");
	values_free(st, ns), values_free(uids, nu), values_free(seq, nq);
	free(o), free(e);
	/* again: the same cancelled task, not a new version of it */
	setenv("SOURCE_DATE_EPOCH", "1700002000", 1);
	snprintf(prev, sizeof prev, "--previous=%s", ics2);
	ck_assert_int_eq(tl_cli(&o, &e, 6, "export", "-f", "ics", prev, x2), 0);
	nq = ics_values(o, "SEQUENCE", &seq);
	ck_assert_int_eq(nq, 2);
	ck_assert_str_eq(seq[1], "1");
	ck_assert_ptr_nonnull(strstr(o, "DTSTAMP:20231114T223000Z"));
	values_free(seq, nq);
	free(o), free(e);
	/* an input that failed may hold the task: nothing cancelled */
	ck_assert_int_eq(tl_cli(&o, &e, 7, "export", "-f", "ics", prev, x2, "/nonexistent.xml"), 1);
	ck_assert_ptr_null(strstr(o, "CANCELLED"));
	free(o), free(e);
	unsetenv("SOURCE_DATE_EPOCH");
	unlink(x1), unlink(x2), unlink(ics1), unlink(ics2);
	free(x1), free(x2), free(ics1), free(ics2), free(one);
}
END_TEST

/* A day before the notice was issued tells what happened: no DUE. */
START_TEST(test_ics_past_day)
{
	const char *notice = "国务院办公厅关于有关问题的复函\n\n国办函〔2004〕1号\n\n"
	    "一、关于增设期货品种\n\n（一）7月17日，国务院领导已经批复同意有关请示。\n\n"
	    "（二）各地要在9月30日前完成准备。\n\n国务院办公厅\n二〇〇四年八月十二日\n";
	char *x = document_of(notice), *o, *e;
	ck_assert_int_eq(tl_cli(&o, &e, 5, "export", "-f", "ics", x), 0);
	ck_assert_ptr_null(strstr(o, "DUE;VALUE=DATE:20040717"));
	ck_assert_ptr_nonnull(strstr(o, "DUE;VALUE=DATE:20040930"));
	free(o), free(e);
	ck_assert_int_eq(tl_cli(&o, &e, 5, "export", "-f", "jsonl", x), 0);
	ck_assert_ptr_null(strstr(o, "\"due\":\"2004-07-17\""));
	free(o), free(e);
	unlink(x);
	free(x);
}
END_TEST

/* The preamble's obligations name their own agencies or none: the
 * notice-level agencies are the closing's. */
START_TEST(test_preamble_roles)
{
	const char *notice = "某市人民政府办公室关于2021年重点工作的通知\n\n某府办〔2021〕4号\n\n"
	    "各区人民政府：\n\n现将有关事项通知如下，请于5月27日前书面报送工作方案。\n\n"
	    "一、加强领导\n\n（一）完成部署。各区要在6月底前完成部署。\n\n"
	    "市政府办公室要加强督促检查。\n";
	char *x = document_of(notice), *o, *e;
	ck_assert_int_eq(tl_cli(&o, &e, 5, "export", "-f", "jsonl", x), 0);
	char *p = strstr(o, "\"obligation_id\":\"p.o1\"");
	ck_assert_ptr_nonnull(p);
	char *line_end = strchr(p, '\n');
	*line_end = '\0';
	ck_assert_ptr_null(strstr(p, "市政府办公室"));
	free(o), free(e);
	unlink(x);
	free(x);
}
END_TEST

Suite *
export_suite(void)
{
	Suite *s = suite_create("export");
	TCase *tc = tcase_create("export");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_long_fields);
	tcase_add_test(tc, test_ics_uids);
	tcase_add_test(tc, test_ics_folding);
	tcase_add_test(tc, test_ics_cancelled);
	tcase_add_test(tc, test_ics_past_day);
	tcase_add_test(tc, test_preamble_roles);
	suite_add_tcase(s, tc);
	return s;
}
