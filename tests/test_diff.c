/* SPDX-License-Identifier: MIT */
/*
 * The diff of two plans reports exactly the edits made between them: the
 * bundled notice against itself, and against copies edited the way
 * successive plans differ.
 */
#define _GNU_SOURCE
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "diff.h"
#include "testlib.h"

static char *
diff_of(const char *old, const char *new_)
{
	char *a = tl_temp(old, strlen(old), ".txt"), *b = tl_temp(new_, strlen(new_), ".txt");
	char *xml = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&xml, &len);
	ob_error e;
	int r = ob__diff_run(a, b, fp, &e);
	fclose(fp);
	ck_assert_msg(r == 0, "%s", e.message);
	unlink(a), unlink(b);
	free(a), free(b);
	return xml;
}

static void
has(const char *xml, const char *what)
{
	ck_assert_msg(strstr(xml, what) != NULL, "missing %s in\n%.2000s", what, xml);
}

START_TEST(test_diff_identity)
{
	char *s = tl_bundled();
	char *x = diff_of(s, s);
	has(x, "<summary added=\"0\" dropped=\"0\" matched=\"40\" changed=\"0\" moved=\"0\" "
	    "renumbered=\"0\" split=\"0\" merged=\"0\" deadlineMoved=\"0\" deadlineAdded=\"0\" "
	    "deadlineRemoved=\"0\" targetRaised=\"0\" targetLowered=\"0\" targetChanged=\"0\" "
	    "agencyAdded=\"0\" agencyRemoved=\"0\" leadChanged=\"0\" documentAdded=\"0\" "
	    "documentRemoved=\"0\" textChanged=\"0\" carried=\"0\" unchanged=\"40\"/>");
	free(x);
	free(s);
}
END_TEST

/* A plan that repeats its items (every bigram common to all of them)
 * against itself, and against its HTML page (each paragraph in a <p>,
 * with its line breaks): no change. */
START_TEST(test_diff_identity_repeated)
{
	char *s = tl_bundled();
	size_t n = strlen(s), times = 80;
	char *big = malloc(n * times + 1), *page = malloc(n * times * 2 + 256);
	ck_assert_ptr_nonnull(big);
	ck_assert_ptr_nonnull(page);
	for (size_t k = 0; k < times; k++)
		memcpy(big + k * n, s, n);
	big[n * times] = '\0';
	char *w = page + sprintf(page, "<html><head><meta charset=\"utf-8\"><title>t</title>"
	    "</head><body><div class=\"article\"><p>\n");
	for (const char *p = big; *p;) {
		if (!strncmp(p, "\n\n", 2)) {
			w += sprintf(w, "\n</p><p>\n");
			p += 2;
		} else if (*p == '<' || *p == '&') {
			w += sprintf(w, *p == '<' ? "&lt;" : "&amp;");
			p++;
		} else
			*w++ = *p++;
	}
	sprintf(w, "\n</p></div></body></html>\n");
	char *x = diff_of(big, big);
	has(x, "<summary added=\"0\" dropped=\"0\" matched=\"3200\" changed=\"0\"");
	free(x);
	x = diff_of(big, page);
	has(x, "<summary added=\"0\" dropped=\"0\" matched=\"3200\" changed=\"0\"");
	free(x);
	/* a document with a byte order mark is read as the document it is */
	{
		char *txt = tl_temp(s, strlen(s), ".txt"), *out, *err;
		ck_assert_int_eq(tl_cli(&out, &err, 3, "extract", txt), 0);
		char *bom = malloc(strlen(out) + 4);
		memcpy(bom, "\xEF\xBB\xBF", 3);
		strcpy(bom + 3, out);
		char *xml = tl_temp(bom, strlen(bom), ".xml");
		free(out), free(err);
		ck_assert_int_eq(tl_cli(&out, &err, 5, "diff", "--quiet", xml, txt), 0);
		free(out), free(err);
		unlink(txt), unlink(xml);
		free(txt), free(xml), free(bom);
	}
	free(big);
	free(page);
	free(s);
}
END_TEST

/* Re-dated, re-targeted, handed over, one item dropped, one inserted. */
START_TEST(test_diff_edits)
{
	char *old = tl_bundled(), *s = strdup(old), *line;
	s = tl_replace(s, "并于6月底前实现", "并于2022年9月底前实现");
	s = tl_replace(s, "不少于250台政务服务一体机", "不少于300台政务服务一体机");
	s = tl_replace(s, "日均活跃用户突破100万(不含疫情防控服务)", "日均活跃用户突破80万(不含疫情防控服务)");
	s = tl_replace(s, "(省自然资源厅牵头，省有关部门及各地级以上市按职责分工负责)",
	    "(省住房城乡建设厅牵头，省有关部门及各地级以上市按职责分工负责)");
	s = tl_replace(s, "推动出台《关于深化工程建设项目审批分类改革的指导意见》，",
	    "推动出台《关于深化工程建设项目审批分类改革的指导意见》《工程建设项目审批管理办法》，");
	s = tl_cut_line(s, "**(十四) 建立完善财政资金直达机制。**", &line);
	free(line);
	s = tl_replace(s, "**（三）推进全省职称制度改革。**",
	    "(三)建设省级数据中台。年底前建成省级数据中台，汇聚全省政务数据资源目录，"
	    "实现跨部门数据共享调用不少于1000项。(省政务服务数据管理局牵头)\n\n"
	    "**（三）推进全省职称制度改革。**");
	char *x = diff_of(old, s);
	has(x, "added=\"1\" dropped=\"1\" matched=\"39\" changed=\"5\" moved=\"0\"");
	has(x, "deadlineMoved=\"1\" deadlineAdded=\"0\" deadlineRemoved=\"0\" targetRaised=\"1\" "
	    "targetLowered=\"1\" targetChanged=\"0\" agencyAdded=\"0\" agencyRemoved=\"0\" "
	    "leadChanged=\"1\" documentAdded=\"1\" documentRemoved=\"0\"");
	has(x, "<change kind=\"deadline-moved\" old=\"2021-06-30\" new=\"2022-09-30\">");
	has(x, "<change kind=\"target-raised\" old=\"ge 250 台\" new=\"ge 300 台\">"
	    "不少于250台 → 不少于300台</change>");
	has(x, "<change kind=\"target-lowered\" old=\"gt 1000000\" new=\"gt 800000\">突破100万 → 突破80万</change>");
	has(x, "<change kind=\"lead-changed\" old=\"省自然资源厅\" new=\"省住房城乡建设厅\"/>");
	has(x, "<change kind=\"document-added\" new=\"工程建设项目审批管理办法\"/>");
	has(x, "status=\"dropped\" old=\"s1.i14\"");
	has(x, "status=\"added\" new=\"s1.i3\"");
	free(x);
	free(s);
	free(old);
}
END_TEST

/* The bundled plan made a 2022 edition: the reference year, document
 * number and date changed, then seven edits of the kind successive
 * years' plans make. */
static char *
edition_2022(const char *old)
{
	char *s = strdup(old);
	for (int k = 0; k < 3; k++) /* the notice title, the covering text, the plan title */
		s = tl_replace(s, "2021年广东省推进", "2022年广东省推进");
	s = tl_replace(s, "粤办函〔2021〕55号", "粤办函〔2022〕21号");
	s = tl_replace(s, "2021年4月16日", "2022年3月30日");
	/* 1 re-dated */
	s = tl_replace(s, "并于6月底前实现", "并于9月底前实现");
	/* 2 re-targeted up, 3 down */
	s = tl_replace(s, "不少于250台政务服务一体机", "不少于300台政务服务一体机");
	s = tl_replace(s, "日均活跃用户突破100万(不含疫情防控服务)", "日均活跃用户突破80万(不含疫情防控服务)");
	/* 4 handed over */
	s = tl_replace(s, "(省自然资源厅牵头，省有关部门及各地级以上市按职责分工负责)",
	    "(省住房城乡建设厅牵头，省有关部门及各地级以上市按职责分工负责)");
	/* 5 dropped */
	char *line;
	s = tl_cut_line(s, "**(十四) 建立完善财政资金直达机制。**", &line);
	free(line);
	/* 6 introduced */
	s = tl_replace(s, "**（三）推进全省职称制度改革。**",
	    "(三)建设省级数据中台。年底前建成省级数据中台，汇聚全省政务数据资源目录，"
	    "实现跨部门数据共享调用不少于1000项。(省政务服务数据管理局牵头)\n\n"
	    "**（三）推进全省职称制度改革。**");
	/* 7 reworded throughout: the same line of work */
	s = tl_replace(s, "**(二十二) 加强涉企违规收费治理。**持续开展供水供电供气收费专项检查。"
	    "指导各地加强口岸进出口环节收费事中事后监管，加大对口岸进出口环节违法违规收费、"
	    "明码标价不规范等问题的整治力度。加强行业协会商会收费监督检查，依法查处行业协会"
	    "商会违法违规收费行为。加强医药领域价格行为监管。",
	    "**(二十二) 深化涉企收费专项治理。**组织开展水电气收费专项检查行动。"
	    "督促各地强化口岸进出口环节收费监管，严肃整治违规收费和明码标价不规范问题。"
	    "规范行业协会商会收费，查处违法违规收费行为。强化医药价格监管。");
	return s;
}

/* Two years' plans: deadlines compared by their place in each plan's
 * year, so the year shift moves nothing; the one re-dated deadline is
 * reported, and the changed items are the ones edited. */
START_TEST(test_diff_two_years)
{
	char *old = tl_bundled(), *s = edition_2022(old);
	char *x = diff_of(old, s);
	has(x, "basis=\"plan-year\" oldYear=\"2021\" oldDocNumber=\"粤办函〔2021〕55号\" "
	    "newYear=\"2022\" newDocNumber=\"粤办函〔2022〕21号\"");
	has(x, "<summary added=\"1\" dropped=\"1\" matched=\"39\" changed=\"5\" moved=\"0\" "
	    "renumbered=\"0\" split=\"0\" merged=\"0\" deadlineMoved=\"1\" deadlineAdded=\"0\" "
	    "deadlineRemoved=\"0\" targetRaised=\"1\" targetLowered=\"1\" targetChanged=\"0\" "
	    "agencyAdded=\"0\" agencyRemoved=\"0\" leadChanged=\"1\" documentAdded=\"0\" "
	    "documentRemoved=\"0\" textChanged=\"4\" carried=\"39\" unchanged=\"34\"/>");
	/* the one deadline the text re-dated, with both absolute dates */
	has(x, "<change kind=\"deadline-moved\" old=\"2021-06-30\" new=\"2022-09-30\">by 6月底前 → 9月底前, 92 days later in the plan's year</change>");
	has(x, "status=\"carried\" old=\"s2.i8\" oldLabel=\"二/二十二\"");
	has(x, "status=\"dropped\" old=\"s1.i14\"");
	has(x, "status=\"added\" new=\"s1.i3\"");
	free(x);

	/* the same edits within one year: absolute dates, matched items */
	char *same_year = edition_2022(old);
	same_year = tl_replace(same_year, "粤办函〔2022〕21号", "粤办函〔2021〕55号");
	for (int k = 0; k < 3; k++)
		same_year = tl_replace(same_year, "2022年广东省推进", "2021年广东省推进");
	x = diff_of(old, same_year);
	has(x, "basis=\"absolute\"");
	has(x, "<change kind=\"deadline-moved\" old=\"2021-06-30\" new=\"2021-09-30\">");
	has(x, "deadlineMoved=\"1\"");
	ck_assert_ptr_null(strstr(x, "status=\"carried\""));
	free(x);
	free(same_year);
	free(s);
	free(old);
}
END_TEST

/* A task reworded between two years is paired by its content words, not
 * reported dropped and added. */
START_TEST(test_diff_reworded)
{
	const char *old =
	    "2021年安全生产工作要点\n\n一、重点任务\n\n"
	    "(一)加强安全生产宣传教育，提高全社会安全意识。(省应急管理厅牵头)\n\n"
	    "(二)推进森林防火监测预警体系建设，年底前完成全省林区视频监控全覆盖。(省林业局牵头)\n\n"
	    "(三)开展城镇燃气管道老化更新改造，6月底前完成排查。(省住房城乡建设厅牵头)\n";
	const char *new_ =
	    "2022年安全生产工作要点\n\n一、重点任务\n\n"
	    "(一)积极开展安全生产知识宣传教育。(省应急管理厅牵头)\n\n"
	    "(二)推进森林防火监测预警体系建设，年底前完成全省林区视频监控全覆盖。(省林业局牵头)\n\n"
	    "(三)开展城镇燃气管道老化更新改造，6月底前完成排查。(省住房城乡建设厅牵头)\n";
	char *x = diff_of(old, new_);
	has(x, "added=\"0\" dropped=\"0\" matched=\"3\" changed=\"1\"");
	has(x, "deadlineMoved=\"0\"");
	has(x, "status=\"carried\" old=\"s1.i1\" oldLabel=\"一/一\"");
	free(x);
}
END_TEST

/* An item moved to another section, and one split in two. */
START_TEST(test_diff_move_split)
{
	char *old = tl_bundled(), *s = strdup(old), *line;
	/* (二十四) moves from section 二 to the end of section 三 */
	s = tl_cut_line(s, "**(二十四) 实施企业标准", &line);
	char *moved = NULL;
	if (asprintf(&moved, "%s\n各地、各部门要进一步提高认识", line) < 0)
		ck_abort();
	s = tl_replace(s, "各地、各部门要进一步提高认识", moved);
	free(moved);
	free(line);
	/* (十三) splits: its last clause becomes an item of its own */
	s = tl_replace(s, "9月底前编制完成大事要事保障清单,年底前组织各地分级编制本地区大事要事保障清单。",
	    "9月底前编制完成大事要事保障清单。(省财政厅牵头)\n\n(十四) 组织各地编制保障清单。"
	    "年底前组织各地分级编制本地区大事要事保障清单。");
	char *x = diff_of(old, s);
	has(x, "moved=\"1\"");
	has(x, "split=\"1\"");
	has(x, "added=\"0\" dropped=\"0\"");
	free(x);
	free(s);
	free(old);
}
END_TEST

/* Every item after an inserted one renumbered, and a title reworded:
 * renumbering is no change, the rewording is reported, nothing else. */
START_TEST(test_diff_renumber_reword)
{
	static const char *const cn[] = { "三", "四", "五", "六", "七", "八", "九", "十",
		"十一", "十二", "十三", "十四", "十五" };
	char *old = tl_bundled(), *s = strdup(old);
	/* (三)…(十四) of section 一 become (四)…(十五) */
	for (int k = 11; k >= 0; k--) {
		char from[64], to[64];
		snprintf(from, sizeof from, k < 8 ? "**（%s）" : "**(%s) ", cn[k]);
		snprintf(to, sizeof to, k < 8 ? "**（%s）" : "**(%s) ", cn[k + 1]);
		s = tl_replace(s, from, to);
	}
	s = tl_replace(s, "**（四）推进全省职称制度改革。**",
	    "(三)推进数字政府建设。年底前建成省级数据中台，汇聚全省政务数据资源目录，"
	    "实现跨部门数据共享调用不少于1000项。(省政务服务数据管理局牵头)\n\n"
	    "**（四）推进全省职称制度改革。**");
	s = tl_replace(s, "深化投资审批制度改革。", "深化政府投资审批制度改革。");
	char *x = diff_of(old, s);
	has(x, "<summary added=\"1\" dropped=\"0\" matched=\"40\" changed=\"1\" moved=\"0\" "
	    "renumbered=\"12\" split=\"0\" merged=\"0\" deadlineMoved=\"0\" deadlineAdded=\"0\" "
	    "deadlineRemoved=\"0\" targetRaised=\"0\" targetLowered=\"0\" targetChanged=\"0\" "
	    "agencyAdded=\"0\" agencyRemoved=\"0\" leadChanged=\"0\" documentAdded=\"0\" "
	    "documentRemoved=\"0\" textChanged=\"1\" carried=\"0\" unchanged=\"39\"/>");
	has(x, "<titleDiff><same>深化</same><ins>政府</ins><same>投资审批制度改革</same></titleDiff>");
	free(x);
	free(s);
	free(old);
}
END_TEST

/* Two items folded into one: the other is reported merged into it. */
START_TEST(test_diff_merge)
{
	char *old = tl_bundled(), *s = strdup(old), *line;
	/* (十四)'s body joins (十三), whose agencies it shares */
	s = tl_cut_line(s, "**(十四) 建立完善财政资金直达机制。**", &line);
	free(line);
	s = tl_replace(s, "年底前组织各地分级编制本地区大事要事保障清单。",
	    "年底前组织各地分级编制本地区大事要事保障清单。制订常态化直达资金机制管理办法和"
	    "直达资金管理内部操作规程,确保直达资金惠企利民。");
	char *x = diff_of(old, s);
	has(x, "added=\"0\" dropped=\"0\" matched=\"39\"");
	has(x, "merged=\"1\"");
	has(x, "status=\"merged\" old=\"s1.i14\"");
	free(x);
	free(s);
	free(old);
}
END_TEST

/* Notices without items: nothing to pair, nothing to report. */
START_TEST(test_diff_no_items)
{
	char *x = diff_of("关于做好工作的通知\n\n各地要加强领导。\n", "标题\n");
	has(x, "<summary added=\"0\" dropped=\"0\" matched=\"0\"");
	free(x);
}
END_TEST

/* What a notice obliges outside its items is compared too: a section's
 * own text, the preamble, the closing, and a notice without items as one
 * unit; a changed text reads old before new. */
START_TEST(test_diff_outside_items)
{
	const char *plan = "某市人民政府办公室关于做好2023年重点工作的通知\n\n各区人民政府：\n\n"
	    "现将有关事项通知如下，请于3月底前报送工作方案。\n\n一、加强组织领导\n\n"
	    "各区要于6月底前成立工作专班。\n\n（一）推进项目建设。年底前完成投资不少于10亿元。\n\n"
	    "（二）优化营商环境。9月底前完成清单编制。\n\n二、强化督查考核\n\n"
	    "市督查室要每季度通报进展。\n\n各区要于11月底前报送年度工作总结。\n\n"
	    "某市人民政府办公室\n2023年2月1日\n";
	char *edited = tl_replace(strdup(plan), "3月底前报送工作方案", "4月底前报送工作方案");
	edited = tl_replace(edited, "6月底前成立", "5月底前成立");
	char *x = diff_of(plan, edited);
	has(x, "<summary added=\"0\" dropped=\"0\" matched=\"4\" changed=\"1\"");
	/* the section's, and the preamble's own: its sentences that oblige
	 * are obligations of the notice (p.o1) */
	has(x, "deadlineMoved=\"2\"");
	has(x, "textChanged=\"2\"");
	has(x, "<change kind=\"deadline-moved\" old=\"2023-03-31\" new=\"2023-04-30\">");
	has(x, "<item status=\"matched\" unit=\"section\" old=\"s1\" oldLabel=\"一\"");
	has(x, "<change kind=\"deadline-moved\" old=\"2023-06-30\" new=\"2023-05-31\">"
	    "by 6月底前 → 5月底前, 30 days earlier</change>");
	has(x, "<item status=\"matched\" unit=\"preamble\"");
	has(x, "<del>3</del><ins>4</ins>");
	free(x);
	free(edited);

	const char *reply = "国务院办公厅关于同意举办某会议的复函\n\n某省人民政府：\n\n"
	    "你省关于举办某会议的请示收悉。经国务院同意，现函复如下：\n\n"
	    "同意举办某会议。所需经费由你省承担，请于6月底前报送筹备方案。\n\n"
	    "国务院办公厅\n2004年4月27日\n";
	edited = tl_replace(strdup(reply), "6月底前", "9月底前");
	x = diff_of(reply, edited);
	has(x, "deadlineMoved=\"1\"");
	has(x, "<change kind=\"deadline-moved\" old=\"2004-06-30\" new=\"2004-09-30\">");
	free(x);
	x = diff_of(reply, reply);
	has(x, "textChanged=\"0\"");
	free(x);
	free(edited);
}
END_TEST

/* Every edition says when it takes effect, in other words each time: the
 * two clauses are one, paired and marked for a reader to judge. */
START_TEST(test_diff_effective)
{
	const char *old = "某市住房公积金管理委员会关于调整贷款政策的通知\n\n"
	    "一、无房家庭最高贷款限额上浮20%。\n\n二、本通知自发布之日起实施。\n";
	const char *new_ = "某市住房公积金管理委员会关于调整贷款政策的通知\n\n"
	    "一、首套住房最低首付款比例为30%。\n\n二、多子女家庭贷款额度上浮20%。\n\n"
	    "三、本通知自2022年11月28日起施行，以网签合同签订时间为准。\n";
	char *x = diff_of(old, new_);
	has(x, "old=\"s2\" oldLabel=\"二\"");
	has(x, "new=\"s3\" newLabel=\"三\"");
	has(x, "lowConfidence=\"true\"");
	free(x);
}
END_TEST

/* The text and the HTML page carry the XML's summary. */
START_TEST(test_diff_formats)
{
	char *old = tl_bundled(), *s = strdup(old);
	s = tl_replace(s, "不少于250台政务服务一体机", "不少于300台政务服务一体机");
	char *a = tl_temp(old, strlen(old), ".txt"), *b = tl_temp(s, strlen(s), ".txt");
	char *out, *err;
	ck_assert_int_eq(tl_cli(&out, &err, 5, "diff", "--format=text", a, b), 0);
	ck_assert_ptr_nonnull(strstr(out, "items: 0 added, 0 dropped, 40 matched (1 changed"));
	ck_assert_ptr_nonnull(strstr(out, "target-raised ge 250 台 → ge 300 台"));
	ck_assert_ptr_null(strstr(out, "\033[")); /* not a terminal: no colour */
	free(out), free(err);
	ck_assert_int_eq(tl_cli(&out, &err, 5, "diff", "--format=html", a, b), 0);
	ck_assert_ptr_nonnull(strstr(out, "<!DOCTYPE html>\n<html lang=\"zh-CN\">"));
	ck_assert_ptr_nonnull(strstr(out, "<span class=\"n\" data-key=\"matched\">40</span> tasks matched"));
	ck_assert_ptr_nonnull(strstr(out, "<span class=\"n\" data-key=\"targetRaised\">1</span> target raised"));
	ck_assert_ptr_nonnull(strstr(out, "<ins>300</ins>"));
	/* a reader sees the notice's words, not the comparator codes */
	ck_assert_ptr_nonnull(strstr(out, "不少于250台 → 不少于300台"));
	ck_assert_ptr_null(strstr(out, "ge 250"));
	ck_assert_ptr_nonnull(strstr(out, "推动政务服务向基层群众延伸")); /* UTF-8 text */
	ck_assert_ptr_null(strstr(out, "&#"));                        /* not references */
	ck_assert_ptr_nonnull(strstr(out, "\"Noto Sans CJK SC\",\"Source Han Sans SC\""));
	ck_assert_ptr_null(strstr(out, "src=\"http"));
	free(out), free(err);
	ck_assert_int_eq(tl_cli(&out, &err, 3, "diff", a), 2);
	free(out), free(err);
	unlink(a), unlink(b);
	free(a), free(b), free(s), free(old);
}
END_TEST

Suite *
diff_suite(void)
{
	Suite *s = suite_create("diff");
	TCase *tc = tcase_create("diff");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_diff_identity);
	tcase_add_test(tc, test_diff_identity_repeated);
	tcase_add_test(tc, test_diff_outside_items);
	tcase_add_test(tc, test_diff_effective);
	tcase_add_test(tc, test_diff_edits);
	tcase_add_test(tc, test_diff_move_split);
	tcase_add_test(tc, test_diff_formats);
	tcase_add_test(tc, test_diff_renumber_reword);
	tcase_add_test(tc, test_diff_no_items);
	tcase_add_test(tc, test_diff_merge);
	tcase_add_test(tc, test_diff_two_years);
	tcase_add_test(tc, test_diff_reworded);
	suite_add_tcase(s, tc);
	return s;
}
