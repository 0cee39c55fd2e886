/* SPDX-License-Identifier: MIT */
/*
 * The history of a constructed series: the bundled 2021 plan, a 2022 and a
 * 2023 edition made from it with known edits.  Every event the edits make
 * is named, at its edition, and no task carried unchanged has any event
 * but "carried".
 */
#define _GNU_SOURCE
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "history.h"
#include "testlib.h"

/* The plan of another year: titles, document number and date. */
static char *
year_of(char *s, const char *from, const char *to, const char *olddoc,
	const char *docnum)
{
	char a[64], b[64];
	snprintf(a, sizeof a, "%s年广东省推进", from);
	snprintf(b, sizeof b, "%s年广东省推进", to);
	for (int k = 0; k < 3; k++)
		s = tl_replace(s, a, b);
	s = tl_replace(s, olddoc, docnum);
	return s;
}

static const char lead_2021[] = "(省自然资源厅牵头，省有关部门及各地级以上市按职责分工负责)";
static const char split_from[] =
    "9月底前编制完成大事要事保障清单,年底前组织各地分级编制本地区大事要事保障清单。";

/* 2022: one deadline re-dated, a target raised, a task handed over, a
 * task dropped and one introduced. */
static char *
edition2(const char *e1, char **dropped)
{
	char *s = year_of(strdup(e1), "2021", "2022", "粤办函〔2021〕55号", "粤办函〔2022〕21号");
	s = tl_replace(s, "并于6月底前实现", "并于9月底前实现");
	s = tl_replace(s, "不少于250台政务服务一体机", "不少于300台政务服务一体机");
	s = tl_replace(s, lead_2021, "(省住房城乡建设厅牵头，省有关部门及各地级以上市按职责分工负责)");
	s = tl_cut_line(s, "**(十四) 建立完善财政资金直达机制。**", dropped);
	s = tl_replace(s, "**（三）推进全省职称制度改革。**",
	    "(三)建设省级数据中台。年底前建成省级数据中台，汇聚全省政务数据资源目录，"
	    "实现跨部门数据共享调用不少于1000项。(省政务服务数据管理局牵头)\n\n"
	    "**（三）推进全省职称制度改革。**");
	return s;
}

/* 2023: the target lowered, the dropped task back, a task split. */
static char *
edition3(const char *e2, const char *dropped)
{
	char *s = year_of(strdup(e2), "2022", "2023", "粤办函〔2022〕21号", "粤办函〔2023〕9号");
	s = tl_replace(s, "不少于300台政务服务一体机", "不少于280台政务服务一体机");
	char *back = NULL;
	if (asprintf(&back, "%s\n## 二、加强事中事后监管", dropped) < 0)
		ck_abort();
	s = tl_replace(s, "## 二、加强事中事后监管", back);
	free(back);
	s = tl_replace(s, split_from, "9月底前编制完成大事要事保障清单。"
	    "(省财政厅牵头,省有关部门及各地级以上市按职责分工负责)\n\n"
	    "(十四) 组织各地编制保障清单。年底前组织各地分级编制本地区大事要事保障清单。");
	return s;
}

static char *
history_of(char *const *texts, size_t n, char ***paths_out)
{
	char **paths = calloc(n, sizeof *paths);
	for (size_t k = 0; k < n; k++)
		paths[k] = tl_temp(texts[k], strlen(texts[k]), ".txt");
	char *xml = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&xml, &len);
	ob_error e;
	int r = ob__history_run(paths, n, fp, &e);
	fclose(fp);
	ck_assert_msg(r == 0, "%s", e.message);
	*paths_out = paths;
	return xml;
}

static void
unlink_all(char **paths, size_t n)
{
	for (size_t k = 0; k < n; k++) {
		unlink(paths[k]);
		free(paths[k]);
	}
	free(paths);
}

static const char *
attr(xmlNode *n, const char *name)
{
	for (xmlAttr *a = n->properties; a; a = a->next)
		if (!strcmp((const char *)a->name, name) && a->children)
			return (const char *)a->children->content;
	return "";
}

static int
by_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every event but "carried", as "label-in-first-edition kind edition",
 * sorted; and the count of tasks whose only events are "carried". */
static char *
events_of(const char *xml, size_t *quiet)
{
	xmlDocPtr doc = xmlReadMemory(xml, (int)strlen(xml), "h.xml", NULL, 0);
	ck_assert_ptr_nonnull(doc);
	char **lines = NULL;
	size_t n = 0;
	*quiet = 0;
	for (xmlNode *t = xmlDocGetRootElement(doc)->children; t; t = t->next) {
		if (t->type != XML_ELEMENT_NODE || strcmp((const char *)t->name, "task"))
			continue;
		const char *label = NULL;
		bool only_carried = true;
		for (xmlNode *c = t->children; c; c = c->next) {
			if (c->type != XML_ELEMENT_NODE)
				continue;
			if (!strcmp((const char *)c->name, "state") && !label)
				label = attr(c, "label");
			if (strcmp((const char *)c->name, "event") || !strcmp(attr(c, "kind"), "carried"))
				continue;
			only_carried = false;
			lines = realloc(lines, (n + 1) * sizeof *lines);
			if (asprintf(&lines[n++], "%s %s %s", label, attr(c, "kind"), attr(c, "edition")) < 0)
				ck_abort();
		}
		*quiet += only_carried;
	}
	qsort(lines, n, sizeof *lines, by_str);
	char *out = strdup("");
	for (size_t k = 0; k < n; k++) {
		char *o = NULL;
		if (asprintf(&o, "%s%s\n", out, lines[k]) < 0)
			ck_abort();
		free(out);
		free(lines[k]);
		out = o;
	}
	free(lines);
	xmlFreeDoc(doc);
	return out;
}

START_TEST(test_history_series)
{
	char *e1 = tl_bundled(), *dropped = NULL;
	char *e2 = edition2(e1, &dropped);
	char *e3 = edition3(e2, dropped);
	char *texts[] = { e1, e2, e3 }, **paths;
	char *xml = history_of(texts, 3, &paths);
	size_t quiet;
	char *ev = events_of(xml, &quiet);
	/* labels are those of a task's first edition; sorted bytewise */
	ck_assert_str_eq(ev,
	    "一/七 deadline-moved 2\n"        /* 6月底前 → 9月底前 */
	    "一/三 introduced 2\n"            /* 建设省级数据中台 */
	    "一/十三 split 3\n"               /* its last clause became an item */
	    "一/十四 dropped 2\n"
	    "一/十四 reintroduced 3\n"
	    "一/十四 split 3\n"               /* the item split from 一/十三 */
	    "三/三十 lead-changed 2\n"        /* 省自然资源厅 → 省住房城乡建设厅 */
	    "三/四十 target-lowered 3\n"      /* 300 → 280 台 */
	    "三/四十 target-raised 2\n");     /* 250 → 300 台 */
	/* 40 tasks of 2021, one introduced, one split off: 42; seven have
	 * events, every other one was carried unchanged */
	ck_assert_ptr_nonnull(strstr(xml, "<summary tasks=\"42\" unchanged=\"35\""));
	ck_assert_ptr_nonnull(strstr(xml,
	    "<event kind=\"deadline-moved\" edition=\"2\" old=\"2021-06-30\" new=\"2022-09-30\">"));
	ck_assert_ptr_nonnull(strstr(xml, "<event kind=\"lead-changed\" edition=\"2\" "
	    "old=\"省自然资源厅\" new=\"省住房城乡建设厅\"/>"));
	ck_assert_ptr_nonnull(strstr(xml, "<edition n=\"3\" source=\""));
	ck_assert_ptr_nonnull(strstr(xml, "year=\"2023\" docNumber=\"粤办函〔2023〕9号\""));
	ck_assert_uint_eq(quiet, 35);
	free(ev);
	free(xml);

	/* the formats: text names the events, CSV has a row per task and
	 * edition, the page is UTF-8 HTML5 */
	char *out, *err;
	ck_assert_int_eq(tl_cli(&out, &err, 6, "history", "--format=text", paths[0], paths[1],
	    paths[2]), 0);
	ck_assert_ptr_nonnull(strstr(out, "tasks: 42, 35 carried unchanged"));
	ck_assert_ptr_nonnull(strstr(out, "    2 deadline-moved 2021-06-30 → 2022-09-30"));
	free(out), free(err);
	ck_assert_int_eq(tl_cli(&out, &err, 6, "history", "--format=csv", paths[0], paths[1],
	    paths[2]), 0);
	size_t rows = 0;
	for (const char *p = out; (p = strstr(p, "\r\n")); p += 2)
		rows++;
	ck_assert_uint_eq(rows, 1 + 42 * 3);
	ck_assert_ptr_nonnull(strstr(out, "\"task\",\"edition\",\"year\",\"doc_number\""));
	free(out), free(err);
	ck_assert_int_eq(tl_cli(&out, &err, 6, "history", "--format=html", paths[0], paths[1],
	    paths[2]), 0);
	ck_assert_ptr_nonnull(strstr(out, "<!DOCTYPE html>"));
	ck_assert_ptr_nonnull(strstr(out, "推进工程建设项目"));
	ck_assert_ptr_null(strstr(out, "&#"));
	free(out), free(err);
	ck_assert_int_eq(tl_cli(&out, &err, 3, "history", paths[0]), 2);
	free(out), free(err);
	ck_assert_int_eq(tl_cli(&out, &err, 5, "history", "--format=pdf", paths[0], paths[1]), 2);
	free(out), free(err);

	unlink_all(paths, 3);
	free(dropped);
	free(e1), free(e2), free(e3);
}
END_TEST

/* Editions of one year (a revised edition): deadlines compared as dates,
 * the task still carried from one to the next. */
START_TEST(test_history_same_year)
{
	char *e1 = tl_bundled();
	char *e2 = tl_replace(strdup(e1), "并于6月底前实现", "并于9月底前实现");
	char *texts[] = { e1, e2 }, **paths;
	char *xml = history_of(texts, 2, &paths);
	ck_assert_ptr_nonnull(strstr(xml, "basis=\"absolute\""));
	ck_assert_ptr_nonnull(strstr(xml,
	    "<event kind=\"deadline-moved\" edition=\"2\" old=\"2021-06-30\" new=\"2021-09-30\">"));
	ck_assert_ptr_nonnull(strstr(xml, "<summary tasks=\"40\" unchanged=\"39\""));
	free(xml);
	unlink_all(paths, 2);
	free(e1), free(e2);
}
END_TEST

Suite *
history_suite(void)
{
	Suite *s = suite_create("history");
	TCase *tc = tcase_create("history");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_history_series);
	tcase_add_test(tc, test_history_same_year);
	suite_add_tcase(s, tc);
	return s;
}
