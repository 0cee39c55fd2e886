/* SPDX-License-Identifier: MIT */
/*
 * Notices against their facts: every record a hand-written facts file
 * lists, and nothing else, for the bundled notice, the State Council
 * notices in ../shared/corpus and the constructed notices of other
 * layouts in tests/notices.
 */
#include <dirent.h>
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
	{ "src", "tests/notices/hb-2023-runin-table.txt", "tests/notices/hb-2023-runin-table.facts" },
	{ "src", "tests/notices/hz-2022-procedure.txt", "tests/notices/hz-2022-procedure.facts" },
	/* pages: the bundled notice inside gov.cn chrome, UTF-8 and GBK; a
	 * task-division table */
	{ "src", "tests/pages/gd-2021-fangguanfu.html", "corpus/gd-2021-fangguanfu.facts" },
	{ "src", "tests/pages/gd-2021-fangguanfu-gbk.html", "corpus/gd-2021-fangguanfu.facts" },
	{ "src", "tests/pages/task-table.html", "tests/pages/task-table.facts" },
	{ "src", "tests/pages/task-table-groups.html", "tests/pages/task-table-groups.facts" },
	{ "src", "tests/pages/task-table-category.html", "tests/pages/task-table-category.facts" },
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

/* Small layouts, each with every record it must give. */
static const struct {
	const char *text, *facts;
} layouts[] = {
	/* a local plan's measures, each closed by a label line: flat items
	 * with the label's bodies (a second body after a comma, an office of
	 * the first, kept as written); a labelled sub-unit closes the measure
	 * it stands in; procedural parts (适用范围, 办理程序 and its steps,
	 * 办理时限) are the measure's own text, not measures */
	{ "一、实施购房契税补贴\n购买商品住宅的，给予契税补贴。\n责任单位：市财政局\n"
	  "二、优化土地出让方式\n（一）适用范围：热点区域的重点地块。\n（二）办理程序：\n"
	  "1.申报。企业提交申请。\n2.审查。窗口进行审查。\n（三）办理时限：5个工作日内。\n"
	  "（四）责任单位及承办科室：市自然资源局，储备中心。\n"
	  "三、强化金融支持\n（一）保持贷款平稳增长。督促金融机构加大支持力度。\n"
	  "（二）做好纾困工作。鼓励银行调整还款计划。\n",
	  "item\t一\t实施购房契税补贴\nagency\tresponsible\t市财政局\n"
	  "item\t二\t优化土地出让方式\nagency\tresponsible\t市自然资源局\n"
	  "agency\tresponsible\t储备中心\ntime\twithin\tP5D(working)\t5个工作日内\n"
	  "section\t三\t强化金融支持\nitem\t三/一\t保持贷款平稳增长\n"
	  "item\t三/二\t做好纾困工作\n" },
	/* one body's block of duties: a line that names it the owner of what
	 * follows (an attachment's 区X局2023年安全生产目标责任) makes it
	 * responsible for every unit with words of its own, up to the next
	 * such line; a duty list names each body before "：" */
	{ "关于下达2023年安全生产目标责任的通知\n\n附件1\n区应急管理局2023年安全生产目标责任\n"
	  "一、全面落实安全生产责任制，组织开展隐患排查治理。\n二、督促企业落实主体责任\n"
	  "（一）法制\n1.负责审查有关安全生产方面的规范性文件。\n附件2\n区教育局安全生产目标责任\n"
	  "一、加强校园安全管理，组织开展安全检查。\n二、职责分工\n"
	  "市房产局：负责牵头做好市场监测；市财政局：负责落实补贴资金；市自然资源局：配合做好土地供应。\n",
	  "meta\tnoticeTitle\t关于下达2023年安全生产目标责任的通知\n"
	  "meta\ttitle\t关于下达2023年安全生产目标责任的通知\nmeta\tyear\t2023\ttitle\n"
	  "section\t一\t全面落实安全生产责任制，组织开展隐患排查治理\nagency\tresponsible\t区应急管理局\n"
	  "section\t二\t督促企业落实主体责任\nagency\tresponsible\t区应急管理局\n"
	  "item\t二/一\t法制\n"
	  "item\t二/一/1\t负责审查有关安全生产方面的规范性文件\nagency\tresponsible\t区应急管理局\n"
	  "section\t一\t加强校园安全管理，组织开展安全检查\nagency\tresponsible\t区教育局\n"
	  "section\t二\t职责分工\nagency\tlead\t市房产局\nagency\tresponsible\t市财政局\n"
	  "agency\tcooperate\t市自然资源局\nagency\tresponsible\t区教育局\n" },
	/* a lead phrase closed by "：" is the title */
	{ "2022年工作要点\n\n一、总体要求\n\n（一）主要目标：到2025年，建成统一平台。\n",
	  "meta\tnoticeTitle\t2022年工作要点\nmeta\ttitle\t2022年工作要点\n"
	  "meta\tyear\t2022\ttitle\nsection\t一\t总体要求\n"
	  "item\t一/一\t主要目标\ntime\tby\t2025-12-31\t到2025年\n" },
	/* items with no sections; 1. under （一）; a closing after the last */
	{ "（一）加强领导。各地要在6月底前建立机制。\n\n1.明确分工。\n\n（二）强化保障。\n\n"
	  "各地要抓好落实。\n",
	  "item\t一\t加强领导\nagency\tresponsible\t各地\ntime\tby\t-\t6月底前\n"
	  "item\t一/1\t明确分工\nitem\t二\t强化保障\nclosing\nagency\tresponsible\t各地\n" },
	/* Markdown headings, bold titles, numbering that runs on */
	{ "# 2023年某市重点工作安排\n\n## 一、优化服务\n\n**（一）推进通办。**年底前实现全覆盖。"
	  "（市政务服务局牵头）\n\n### 二、加强监管\n\n**(二) 强化监管。**每季度通报一次。"
	  "（市市场监管局负责）\n",
	  "meta\tnoticeTitle\t2023年某市重点工作安排\nmeta\ttitle\t2023年某市重点工作安排\n"
	  "meta\tyear\t2023\ttitle\nsection\t一\t优化服务\nitem\t一/一\t推进通办\n"
	  "agency\tlead\t市政务服务局\ntime\tby\t2023-12-31\t年底前\n"
	  "section\t二\t加强监管\nitem\t二/二\t强化监管\n"
	  "agency\tresponsible\t市市场监管局\ntime\tevery\tP3M\t每季度\n" },
	/* sections of plain paragraphs keep their obligations; the signature
	 * is no part of the last one */
	{ "一、加强领导。各地要在6月底前建立工作机制。\n\n二、强化保障。各地要每季度报送进展。\n\n"
	  "某省人民政府办公厅\n\n2021年3月1日\n",
	  "meta\tissuer\t某省人民政府办公厅\nmeta\tissued\t2021-03-01\nmeta\tyear\t2021\tissued\n"
	  "section\t一\t加强领导\nagency\tresponsible\t各地\ntime\tby\t2021-06-30\t6月底前\n"
	  "section\t二\t强化保障\nagency\tresponsible\t各地\ntime\tevery\tP3M\t每季度\n" },
	/* a list of fields sharing 市 and 部门 with 和 before its last; a
	 * merged bureau's field (自然资源和规划) is one; the issuer of a
	 * title stops before the verb that takes up another's document */
	{ "某市人民政府贯彻落实国务院关于加强监管的通知\n\n"
	  "（一）加强监管。市住房城乡建设、国土、国有资产监督和金融监管等部门要加强监管。\n\n"
	  "（二）联动监管。发改、自然资源和规划、财政等部门要联动监管。\n",
	  "meta\tnoticeTitle\t某市人民政府贯彻落实国务院关于加强监管的通知\n"
	  "meta\ttitle\t某市人民政府贯彻落实国务院关于加强监管的通知\n"
	  "meta\tissuer\t某市人民政府\n"
	  "item\t一\t加强监管\nagency\tresponsible\t市住房城乡建设部门\n"
	  "agency\tresponsible\t市国土部门\nagency\tresponsible\t市国有资产监督部门\n"
	  "agency\tresponsible\t市金融监管部门\n"
	  "item\t二\t联动监管\nagency\tresponsible\t发改部门\n"
	  "agency\tresponsible\t自然资源和规划部门\nagency\tresponsible\t财政部门\n" },
	/* merged fields with 和 inside are one: 卫生和计划生育, 民族和宗教事务 */
	{ "（一）加强监督。各级卫生和计划生育部门要加强监督。\n\n"
	  "（二）加强管理。市民族和宗教事务部门要加强管理。\n",
	  "item\t一\t加强监督\nagency\tresponsible\t各级卫生和计划生育部门\n"
	  "item\t二\t加强管理\nagency\tresponsible\t市民族和宗教事务部门\n" },
	/* a group the notice sets up acts where it is set up and where it
	 * is named again; one each government sets up (相应的) is no body */
	{ "（一）加强领导。成立市稳经济工作领导小组，统筹推进各项工作。\n\n"
	  "（二）强化调度。由市稳经济工作领导小组每月调度进展。\n\n"
	  "（三）应急保障。各县区政府要成立相应的应急指挥部，负责应急处置。\n",
	  "item\t一\t加强领导\nagency\tresponsible\t市稳经济工作领导小组\n"
	  "item\t二\t强化调度\nagency\tresponsible\t市稳经济工作领导小组\n"
	  "time\tevery\tP1M\t每月\n"
	  "item\t三\t应急保障\nagency\tresponsible\t各县区政府\n" },
	/* a date alone on its line (the signature's, here before a page's
	 * interpretation, which keeps it inside the last section) is no
	 * task's time */
	{ "一、降低首付比例\n职工购买二手房的，首付比例不低于20%。\n二、放宽期限\n"
	  "最长贷款期限调整为30年。\n某省住房公积金管理局\n2022年5月16日\n"
	  "关于上述通知的解读\n一、出台背景\n为落实要求，制定本通知。\n",
	  "meta\tissuer\t某省住房公积金管理局\nmeta\tissued\t2022-05-16\n"
	  "meta\tyear\t2022\tissued\nsection\t一\t降低首付比例\n"
	  "target\tge\t20\t%\t不低于20%\nsection\t二\t放宽期限\n"
	  "target\tle\t30\t年\t最长贷款期限调整为30年\nsection\t一\t出台背景\n" },
	/* branches of the central bank and the regulators, named after
	 * their place, act in running text; a duty list's functional types
	 * stay beside a specific body */
	{ "一、金融支持\n（一）加强信贷支持。人行重庆营管部、重庆银保监局要加强信贷支持。\n"
	  "（二）完善利率机制。人民银行宿州市中心支行联合宿州银保监分局指导完善定价机制。\n"
	  "二、职责分工\n发改部门：负责项目审批。\n教育、卫生部门：负责公共服务。\n"
	  "人民银行恩施州中心支行：负责金融支持。\n",
	  "section\t一\t金融支持\nitem\t一/一\t加强信贷支持\nagency\tresponsible\t人行重庆营管部\n"
	  "agency\tresponsible\t重庆银保监局\nitem\t一/二\t完善利率机制\n"
	  "agency\tlead\t人民银行宿州市中心支行\nagency\tcooperate\t宿州银保监分局\n"
	  "section\t二\t职责分工\n"
	  "agency\tresponsible\t发改部门\nagency\tresponsible\t教育部门\n"
	  "agency\tresponsible\t卫生部门\nagency\tresponsible\t人民银行恩施州中心支行\n" },
	/* the issuer speaking of itself in its short form is no actor; a
	 * body of no place after a collective is as general as it; the
	 * news office is a local body */
	{ "福建省人民政府办公厅关于做好舆情回应的通知\n\n"
	  "一、明确责任。各级各部门要高度重视，各级政府办公厅（室）要会同宣传部门、"
	  "政府新闻办做好组织协调。\n"
	  "二、加强培训。由省政府新闻办牵头开展轮训。省政府办公厅将适时开展督查。\n",
	  "meta\tnoticeTitle\t福建省人民政府办公厅关于做好舆情回应的通知\n"
	  "meta\ttitle\t福建省人民政府办公厅关于做好舆情回应的通知\n"
	  "meta\tissuer\t福建省人民政府办公厅\n"
	  "section\t一\t明确责任\nagency\tresponsible\t各级各部门\n"
	  "agency\tlead\t各级政府办公厅(室)\nagency\tcooperate\t宣传部门\n"
	  "agency\tcooperate\t政府新闻办\n"
	  "section\t二\t加强培训\nagency\tlead\t省政府新闻办\n" },
	/* per-agency headings: the body named is the actor of its targets;
	 * "2.6月底前" is item 2 before a date, "3.5万" no marker */
	{ "一、区应急管理局\n1.全年开展执法检查不少于200次。\n2.6月底前完成隐患排查。\n"
	  "二、区住房城乡建设局\n1.2023年底前完成老旧小区改造30个，投入3.5万元。\n",
	  "section\t一\t区应急管理局\nitem\t一/1\t全年开展执法检查不少于200次\n"
	  "agency\tresponsible\t区应急管理局\ntarget\tge\t200\t次\t不少于200次\n"
	  "item\t一/2\t6月底前完成隐患排查\nagency\tresponsible\t区应急管理局\n"
	  "time\tby\t-\t6月底前\nsection\t二\t区住房城乡建设局\n"
	  "item\t二/1\t2023年底前完成老旧小区改造30个，投入3.5万元\n"
	  "agency\tresponsible\t区住房城乡建设局\ntime\tby\t2023-12-31\t2023年底前\n"
	  "target\teq\t30\t个\t30个\ntarget\teq\t35000\t元\t3.5万元\n" },
	/* the title's short form of the issuer gives way to the full name
	 * the page's fields give (常州市 ends with 州 inside its place) */
	{ "标题：市政府关于印发《常州市户籍准入管理若干规定》的通知\n发布机构：常州市人民政府\n"
	  "文件编号：常政发〔2019〕17号\n\n市政府关于印发《常州市户籍准入管理若干规定》的通知\n\n"
	  "一、总则\n（一）加强管理。市公安局要加强户籍管理。\n",
	  "meta\tnoticeTitle\t市政府关于印发《常州市户籍准入管理若干规定》的通知\n"
	  "meta\ttitle\t常州市户籍准入管理若干规定\nmeta\tissuer\t常州市人民政府\n"
	  "meta\tdocNumber\t常政发〔2019〕17号\nmeta\tyear\t2019\tdocNumber\n"
	  "section\t一\t总则\nitem\t一/一\t加强管理\nagency\tresponsible\t市公安局\n" },
	/* a page's own lines after the notice (相关链接, a news line) are
	 * none of it: the last unit still closes with its bracket */
	{ "一、推行交房即交证。推动流程整合。（责任单位：县住建局）\n"
	  "二、优化审批。推动并联审批。（责任单位：县行政审批局）\n"
	  "相关链接：《十条政策措施》政策解读\n"
	  "县政府新闻办召开新闻发布会进行发布解读。\n",
	  "item\t一\t推行交房即交证\nagency\tresponsible\t县住建局\n"
	  "item\t二\t优化审批\nagency\tresponsible\t县行政审批局\n" },
	/* the last flat unit closes with its bracket; the paragraph after
	 * it is the closing */
	{ "一、扩大消费。推动消费升级。（省商务厅负责）\n"
	  "二、严格防控。落实防控要求。（省卫生健康委负责）\n"
	  "各地要强化部门联动，营造良好氛围。\n",
	  "item\t一\t扩大消费\nagency\tresponsible\t省商务厅\n"
	  "item\t二\t严格防控\nagency\tresponsible\t省卫生健康委\n"
	  "closing\nagency\tresponsible\t各地\n" },
	/* a procedure's core part among top-level measures makes no
	 * procedure of them; measure titles ending in 流程：, 材料： are
	 * measures */
	{ "（一）优化审批流程：将审批时限压缩至5个工作日。（市政务服务局负责）\n"
	  "（二）精简申报材料：取消证明材料10项。（市司法局负责）\n"
	  "（三）办理程序：申报、审核。\n（四）放宽准入条件：降低门槛。（市市场监管局负责）\n",
	  "item\t一\t优化审批流程\nagency\tresponsible\t市政务服务局\n"
	  "target\tle\t5\t个工作日\t压缩至5个工作日\n"
	  "item\t二\t精简申报材料\nagency\tresponsible\t市司法局\n"
	  "target\teq\t10\t项\t10项\n"
	  "item\t四\t放宽准入条件\nagency\tresponsible\t市市场监管局\n" },
	/* the year of the document number, when nothing else dates it */
	{ "文号：某政办〔2022〕7号\n\n（一）建立机制。6月底前完成。\n",
	  "meta\tdocNumber\t某政办〔2022〕7号\nmeta\tyear\t2022\tdocNumber\n"
	  "item\t一\t建立机制\ntime\tby\t2022-06-30\t6月底前\n" },
	/* flat: units that close with an agency clause are items; a unit
	 * without one stays a section, with the actors its text names */
	{ "2024年某项工作安排\n\n一、加强组织领导。建立协调机制。（国家发展改革委、财政部负责，"
	  "排在第一位的部门为牵头部门，下同）\n\n二、完善配套政策（财政部负责）\n\n"
	  "三、抓好组织实施。各地区、各部门要加强督促检查。\n\n某省人民政府\n\n2024年3月1日\n",
	  "meta\tnoticeTitle\t2024年某项工作安排\nmeta\ttitle\t2024年某项工作安排\n"
	  "meta\tissuer\t某省人民政府\nmeta\tissued\t2024-03-01\nmeta\tyear\t2024\ttitle\n"
	  "item\t一\t加强组织领导\nagency\tlead\t国家发展改革委\nagency\tresponsible\t财政部\n"
	  "item\t二\t完善配套政策\nagency\tlead\t财政部\n"
	  "section\t三\t抓好组织实施\nagency\tresponsible\t各地区\nagency\tresponsible\t各部门\n" },
	/* mixed: a flat unit before a section of items; ids and positions
	 * stay in document order */
	{ "一、优化营商环境。推行告知承诺制。（市发展改革委负责）\n\n二、加强监管\n\n"
	  "（一）推行信用监管。建立信用档案。（市市场监管局负责）\n\n三、保障措施。各区要加强领导。\n",
	  "item\t一\t优化营商环境\nagency\tresponsible\t市发展改革委\n"
	  "section\t二\t加强监管\nitem\t二/一\t推行信用监管\nagency\tresponsible\t市市场监管局\n"
	  "section\t三\t保障措施\nagency\tresponsible\t各区\n" },
	/* a task table copied from a page, one cell a line: the heading row,
	 * a group heading, rows numbered alone on their line */
	{ "附件\n\n重点任务分工表\n\n序号\n\n重点任务\n\n牵头单位\n\n配合单位\n\n完成时限\n\n"
	  "一、优化服务\n\n1\n\n推行企业开办全程网办\n\n市市场监管局\n\n市税务局、市人力资源社会保障局\n\n"
	  "2024年6月底前\n\n2\n\n压缩项目审批时间不超过40个工作日\n\n市住房城乡建设局\n\n各区人民政府\n\n"
	  "2024年底前\n",
	  "section\t一\t优化服务\nitem\t一/1\t推行企业开办全程网办\nagency\tlead\t市市场监管局\n"
	  "agency\tcooperate\t市税务局\nagency\tcooperate\t市人力资源社会保障局\n"
	  "time\tby\t2024-06-30\t2024年6月底前\n"
	  "item\t一/2\t压缩项目审批时间不超过40个工作日\nagency\tlead\t市住房城乡建设局\n"
	  "agency\tcooperate\t各区人民政府\ntarget\tle\t40\t个工作日\t不超过40个工作日\n"
	  "time\tby\t2024-12-31\t2024年底前\n" },
	/* the same with the task column last: the last row, at the end of
	 * the notice, is the item whole (its title is its last cell) */
	{ "序号\n\n牵头单位\n\n完成时限\n\n重点任务\n\n1\n\n市市场监管局\n\n2024年6月底前\n\n"
	  "推行企业开办全程网办\n\n2\n\n市税务局\n\n2024年底前\n\n推行电子发票，覆盖率不低于90%\n",
	  "item\t1\t推行企业开办全程网办\nagency\tlead\t市市场监管局\n"
	  "time\tby\t2024-06-30\t2024年6月底前\n"
	  "item\t2\t推行电子发票，覆盖率不低于90%\nagency\tlead\t市税务局\n"
	  "time\tby\t2024-12-31\t2024年底前\ntarget\tge\t90\t%\t不低于90%\n" },
	/* three levels: group headings without a body, measures numbered
	 * through the section, each with its clause */
	{ "四、主要任务\n\n（一）优化服务。\n\n1.推行网上办理。（市政务服务局负责）\n\n"
	  "2.压缩办理时限。（市发展改革委负责）\n\n（二）加强监管。\n\n3.推行信用监管。"
	  "（市市场监管局负责）\n",
	  "section\t四\t主要任务\nitem\t四/一\t优化服务\nitem\t四/一/1\t推行网上办理\n"
	  "agency\tresponsible\t市政务服务局\nitem\t四/一/2\t压缩办理时限\n"
	  "agency\tresponsible\t市发展改革委\nitem\t四/二\t加强监管\n"
	  "item\t四/二/3\t推行信用监管\nagency\tresponsible\t市市场监管局\n" },
	/* running text: 会同 partners, 由X, generic actors only without a
	 * named body, recipients and the encouraged are no actors */
	{ "（一）完善制度。教育部要会同财政部、人力资源社会保障部制定办法，报国务院备案。"
	  "鼓励各地先行先试。\n\n（二）加强保障。由省财政厅负责落实经费。各地要加强领导。\n\n"
	  "（三）做好宣传。各地区、各部门要加强宣传解读。\n",
	  "item\t一\t完善制度\nagency\tlead\t教育部\nagency\tcooperate\t财政部\n"
	  "agency\tcooperate\t人力资源社会保障部\n"
	  "item\t二\t加强保障\nagency\tresponsible\t省财政厅\n"
	  "item\t三\t做好宣传\nagency\tresponsible\t各地区\nagency\tresponsible\t各部门\n" },
	/* an approval: 你省 and 你们 are the salutation's addressees, 你省
	 * the one that is a province */
	{ "国务院关于同意设立某某示范区的批复\n\n国函〔2020〕12号\n\n"
	  "河南省人民政府、国家发展改革委：\n\n你们关于设立某某示范区的请示收悉。现批复如下：\n\n"
	  "一、同意设立某某示范区。\n\n二、你省要加强组织领导，抓好落实。国家发展改革委要加强指导。\n\n"
	  "国务院\n\n2020年3月1日\n",
	  "meta\tnoticeTitle\t国务院关于同意设立某某示范区的批复\n"
	  "meta\ttitle\t国务院关于同意设立某某示范区的批复\nmeta\tissuer\t国务院\n"
	  "meta\tdocNumber\t国函〔2020〕12号\nmeta\tissued\t2020-03-01\nmeta\tyear\t2020\tissued\n"
	  "section\t一\t同意设立某某示范区\nsection\t二\t你省要加强组织领导，抓好落实\n"
	  "agency\tresponsible\t河南省人民政府\nagency\tresponsible\t国家发展改革委\n" },
	/* a reply: the work 由你省… and 请你省… falls to the one addressee */
	{ "国务院办公厅关于某某问题的复函\n\n国办函〔2004〕80号\n\n湖北省人民政府：\n\n"
	  "你省关于某某问题的请示收悉。经国务院同意，现函复如下：\n\n"
	  "所需资金由你省自行解决。请你省抓紧组织实施。\n\n国务院办公厅\n\n2004年9月1日\n",
	  "meta\tnoticeTitle\t国务院办公厅关于某某问题的复函\n"
	  "meta\ttitle\t国务院办公厅关于某某问题的复函\nmeta\tissuer\t国务院办公厅\n"
	  "meta\tdocNumber\t国办函〔2004〕80号\nmeta\tissued\t2004-09-01\nmeta\tyear\t2004\tissued\n"
	  "closing\nagency\tresponsible\t湖北省人民政府\n" },
	/* deputies addressed are persons: 你们 names no body */
	{ "国务院办公厅对某某建议的答复\n\n国办函〔2006〕71号\n\n王某等代表：\n\n"
	  "你们提出的关于建设某某网站的建议收悉，现答复如下：\n\n"
	  "国务院办公厅将会同有关部门认真研究。感谢你们对政府工作的关心和支持。\n\n"
	  "国务院办公厅\n\n2006年6月1日\n",
	  "meta\tnoticeTitle\t国务院办公厅对某某建议的答复\n"
	  "meta\ttitle\t国务院办公厅对某某建议的答复\nmeta\tissuer\t国务院办公厅\n"
	  "meta\tdocNumber\t国办函〔2006〕71号\nmeta\tissued\t2006-06-01\nmeta\tyear\t2006\tissued\n"
	  "closing\n" },
	/* 由X: members counted (由X、Y2个部门组成) and persons (由X分管…的
	 * 负责同志兼任) are no actors; a deadline may stand between the name
	 * and the verb */
	{ "一、组织机构。领导小组由省教育厅、省财政厅2个部门组成。办公室主任由省教育厅分管职业"
	  "教育工作的负责同志兼任。\n\n二、经费保障。所需经费由省财政厅2021年底前拨付。\n",
	  "section\t一\t组织机构\ntarget\teq\t2\t个\t2个\nsection\t二\t经费保障\n"
	  "agency\tresponsible\t省财政厅\ntime\tby\t2021-12-31\t2021年底前\n" },
	/* one item of several paragraphs (（二）基本原则。 over its
	 * principles) among many of one: the paragraph after the last item
	 * is the closing; X会同有关方面 leads whoever its partners are */
	{ "某省关于支持小微企业发展的意见\n\n一、总体要求\n\n（一）指导思想。坚持稳中求进。\n\n（二）基本原则。\n\n"
	  "坚持问题导向。聚焦突出问题。\n\n坚持统筹推进。加强协同配合。\n\n二、重点任务\n\n"
	  "（三）完善担保机制。省财政厅要会同有关方面研究制定办法。\n\n（四）加强市场监管。省市场监管局要加强监管。\n\n"
	  "（五）强化统计监测。省统计局要完善统计制度。\n\n（六）优化审批服务。省政务服务数据管理局要压缩审批时限。\n\n"
	  "（七）加强人才培养。省人力资源社会保障厅要加强职业培训。\n\n（八）推进信用建设。省发展改革委要健全信用体系。\n\n"
	  "（九）加强考核评价。省财政厅要会同有关方面完善考核办法。\n\n各地区、各部门要加强组织领导。省发展改革委要会同省财政厅加强督促检查。\n"
	  "\n某省人民政府\n\n2024年3月1日\n",
	  "meta\tnoticeTitle\t某省关于支持小微企业发展的意见\nmeta\ttitle\t某省关于支持小微企业发展的意见\n"
	  "meta\tissuer\t某省人民政府\nmeta\tissued\t2024-03-01\n"
	  "meta\tyear\t2024\tissued\nsection\t一\t总体要求\nitem\t一/一\t指导思想\n"
	  "item\t一/二\t基本原则\nsection\t二\t重点任务\nitem\t二/三\t完善担保机制\n"
	  "agency\tlead\t省财政厅\nitem\t二/四\t加强市场监管\nagency\tresponsible\t省市场监管局\n"
	  "item\t二/五\t强化统计监测\nagency\tresponsible\t省统计局\nitem\t二/六\t优化审批服务\n"
	  "agency\tresponsible\t省政务服务数据管理局\nitem\t二/七\t加强人才培养\n"
	  "agency\tresponsible\t省人力资源社会保障厅\nitem\t二/八\t推进信用建设\n"
	  "agency\tresponsible\t省发展改革委\nitem\t二/九\t加强考核评价\nagency\tlead\t省财政厅\n"
	  "closing\nagency\tlead\t省发展改革委\nagency\tcooperate\t省财政厅\n" },
	/* a table of indicators attached after the signature is no text of
	 * the notice's: nothing is read in it */
	{ "某省人民政府办公厅关于加强考核工作的意见\n\n一、加强考核。省卫生健康委要建立考核制度。\n\n"
	  "二、强化保障。省财政厅要加大投入。\n\n附件：考核指标\n\n某省人民政府办公厅\n\n"
	  "2024年1月16日\n\n附件\n\n考核指标\n\n一级指标\n\n二级指标\n\n指标说明\n\n"
	  "一、医疗质量\n\n（一）功能定位\n\n1.门诊人次数不少于100人次\n\n定量\n",
	  "meta\tnoticeTitle\t某省人民政府办公厅关于加强考核工作的意见\n"
	  "meta\ttitle\t某省人民政府办公厅关于加强考核工作的意见\nmeta\tissuer\t某省人民政府办公厅\n"
	  "meta\tissued\t2024-01-16\nmeta\tyear\t2024\tissued\n"
	  "section\t一\t加强考核\nagency\tresponsible\t省卫生健康委\n"
	  "section\t二\t强化保障\nagency\tresponsible\t省财政厅\n" },
	/* a task table attached there is the plan: read */
	{ "某省人民政府办公厅关于加强考核工作的意见\n\n一、加强考核。省卫生健康委要建立考核制度。\n\n"
	  "附件：重点任务分工表\n\n某省人民政府办公厅\n\n2024年1月16日\n\n附件\n\n重点任务分工表\n\n"
	  "序号\n\n重点任务\n\n牵头单位\n\n完成时限\n\n1\n\n建立考核制度\n\n省卫生健康委\n\n"
	  "2024年6月底前\n",
	  "meta\tnoticeTitle\t某省人民政府办公厅关于加强考核工作的意见\n"
	  "meta\ttitle\t某省人民政府办公厅关于加强考核工作的意见\nmeta\tissuer\t某省人民政府办公厅\n"
	  "meta\tissued\t2024-01-16\nmeta\tyear\t2024\tissued\n"
	  "section\t一\t加强考核\nagency\tresponsible\t省卫生健康委\n"
	  "item\t一/1\t建立考核制度\nagency\tlead\t省卫生健康委\ntime\tby\t2024-06-30\t2024年6月底前\n" },
	/* paragraphs 一、二、 that are one sentence each: the heading holds
	 * the section's records (3个, 2006年底前), as a one-sentence item's
	 * title does */
	{ "国务院办公厅关于某流域水文站建设问题的复函\n\n国办函〔2005〕1号\n\n水利部：\n\n"
	  "你部请示收悉。现函复如下：\n\n一、同意在某流域建设3个水文站；所需资金由你部统筹安排。\n\n"
	  "二、工程建设要在2006年底前完成，具体方案按程序报批。\n\n国务院办公厅\n\n2005年3月1日\n",
	  "meta\tnoticeTitle\t国务院办公厅关于某流域水文站建设问题的复函\n"
	  "meta\ttitle\t国务院办公厅关于某流域水文站建设问题的复函\nmeta\tissuer\t国务院办公厅\n"
	  "meta\tdocNumber\t国办函〔2005〕1号\nmeta\tissued\t2005-03-01\nmeta\tyear\t2005\tissued\n"
	  "section\t一\t同意在某流域建设3个水文站；所需资金由你部统筹安排\n"
	  "agency\tresponsible\t水利部\ntarget\teq\t3\t个\t3个\n"
	  "section\t二\t工程建设要在2006年底前完成，具体方案按程序报批\n"
	  "time\tby\t2006-12-31\t2006年底前\n" },
	/* a word of time or degree before the verb (每年, 也), bodies of the
	 * 1990s (冶金部), the budgets as actors, 密切配合 with no one leading
	 * (responsible), a month in Chinese numerals */
	{ "（一）加强管理。中国人民银行每年从价差款中支付管理经费。冶金部要督促各地加强管理。\n\n"
	  "（二）做好配合。各有关部门必须密切配合。地方各级人民政府也要加强领导。\n\n"
	  "（三）落实经费。所需经费由中央财政和地方财政共同负担，各地应于六月底前报送，"
	  "十二月三十一日前拨付到位。五六月间完成。\n",
	  "item\t一\t加强管理\nagency\tresponsible\t中国人民银行\nagency\tresponsible\t冶金部\n"
	  "time\tevery\tP1Y\t每年\n"
	  "item\t二\t做好配合\nagency\tresponsible\t各有关部门\n"
	  "agency\tresponsible\t地方各级人民政府\n"
	  "item\t三\t落实经费\nagency\tresponsible\t中央财政\nagency\tresponsible\t地方财政\n"
	  "agency\tresponsible\t各地\ntime\tby\t-\t六月底前\ntime\tby\t-\t十二月三十一日前\n" },
	/* a committee the notice names for short acts through its office;
	 * where an office sits is no work of its own */
	{ "国务院关于同意建立某某联席会议制度的批复\n\n国函〔2018〕1号\n\n教育部：\n\n"
	  "你部请示收悉。现批复如下：\n\n同意建立某某部际联席会议制度（以下简称联席会议）和"
	  "某某领导小组（以下简称领导小组）。\n\n一、组织机构\n\n联席会议办公室设在教育部，"
	  "承担联席会议日常工作。联席会议原则上每年召开一次全体会议。领导小组办公室设在财政部，"
	  "办公室主任由财政部副部长兼任。\n\n二、工作要求\n\n由联席会议办公室召开联络员会议。\n\n"
	  "国务院\n\n2018年1月1日\n",
	  "meta\tnoticeTitle\t国务院关于同意建立某某联席会议制度的批复\n"
	  "meta\ttitle\t国务院关于同意建立某某联席会议制度的批复\nmeta\tissuer\t国务院\n"
	  "meta\tdocNumber\t国函〔2018〕1号\nmeta\tissued\t2018-01-01\nmeta\tyear\t2018\tissued\n"
	  "section\t一\t组织机构\nagency\tresponsible\t联席会议办公室\ntime\tevery\tP1Y\t每年\n"
	  "section\t二\t工作要求\nagency\tresponsible\t联席会议办公室\n" },
	/* a bureau of a body acts as itself: 财政部预算司, 教育部教材局 */
	{ "（一）加强管理。财政部预算司负责编制预算。由教育部教材局承担办公室工作。"
	  "教育部要会同财政部加强指导。\n\n（二）强化保障。发展改革委要加强统筹，国家统计局负责统计。\n",
	  "item\t一\t加强管理\nagency\tresponsible\t财政部预算司\nagency\tresponsible\t教育部教材局\n"
	  "agency\tlead\t教育部\nagency\tcooperate\t财政部\n"
	  "item\t二\t强化保障\nagency\tresponsible\t发展改革委\nagency\tresponsible\t国家统计局\n" },
	/* a notice that forwards a report: the title is the report's own,
	 * over two lines at its head */
	{ "某省人民政府办公厅转发省发展改革委关于加强价格监管工作意见的通知\n\n某政办发〔2020〕3号\n\n"
	  "各市人民政府：\n\n省发展改革委《关于加强价格监管工作的意见》已经省人民政府同意，现转发给你们，"
	  "请认真贯彻执行。\n\n某省人民政府办公厅\n\n2020年5月6日\n\n关于加强价格监管\n\n工作的意见\n\n"
	  "一、加强监测。各市要加强价格监测。\n",
	  "meta\tnoticeTitle\t某省人民政府办公厅转发省发展改革委关于加强价格监管工作意见的通知\n"
	  "meta\ttitle\t关于加强价格监管工作的意见\nmeta\tissuer\t某省人民政府办公厅\n"
	  "meta\tdocNumber\t某政办发〔2020〕3号\nmeta\tissued\t2020-05-06\nmeta\tyear\t2020\tissued\n"
	  "section\t一\t加强监测\nagency\tresponsible\t各市\n" },
	/* ranges of months: from the first day, until the last; not those
	 * of another year */
	{ "文号：某政办〔2021〕3号\n\n（一）分步实施。2021年4—6月开展自查，7月—9月开展检查，"
	  "2021年10月——2022年2月完成验收。考核数据为上一年度1月至12月。\n",
	  "meta\tdocNumber\t某政办〔2021〕3号\nmeta\tyear\t2021\tdocNumber\n"
	  "item\t一\t分步实施\ntime\tfrom\t2021-04-01\t2021年4\ntime\tuntil\t2021-06-30\t6月\n"
	  "time\tfrom\t2021-07-01\t7月\ntime\tuntil\t2021-09-30\t9月\n"
	  "time\tfrom\t2021-10-01\t2021年10月\ntime\tuntil\t2022-02-28\t2022年2月\n" },
	/* aliases: 简称 after a gloss in the bracket, the name after the verb
	 * that forms the body (组成), a generic head with what its 的 ties
	 * to it */
	{ "（一）开展评价。从通过质量和疗效一致性评价（含新注册分类，简称一致性评价，下同）的"
	  "仿制药中遴选。由财政部、教育部组成专项工作小组（以下简称工作小组）。各地要明确具体承担"
	  "审核工作的部门或者机构（以下简称审核机构）。\n",
	  "item\t一\t开展评价\nagency\tresponsible\t各地\n"
	  "alias\t一致性评价\t质量和疗效一致性评价\nalias\t工作小组\t专项工作小组\n"
	  "alias\t审核机构\t具体承担审核工作的部门或者机构\n" },
	/* a decision that grants awards: its counts tell what is awarded,
	 * the duties after it keep theirs */
	{ "国务院关于2020年度某某奖励的决定\n\n国发〔2021〕1号\n\n各省、自治区、直辖市人民政府：\n\n"
	  "国务院决定，授予张三等2名专家某某奖，授予“某某研究”等37项成果二等奖。\n\n"
	  "各地区、各部门要学习先进，到2025年全省建成不少于100个示范点。\n\n国务院\n\n2021年11月3日\n",
	  "meta\tnoticeTitle\t国务院关于2020年度某某奖励的决定\n"
	  "meta\ttitle\t国务院关于2020年度某某奖励的决定\nmeta\tissuer\t国务院\n"
	  "meta\tdocNumber\t国发〔2021〕1号\nmeta\tissued\t2021-11-03\nmeta\tyear\t2020\ttitle\n"
	  "closing\nagency\tresponsible\t各地区\nagency\tresponsible\t各部门\n"
	  "time\tby\t2025-12-31\t到2025年\ntarget\tge\t100\t个\t不少于100个\n" },
	/* the verb before what a title is of orders it made; a verb before
	 * 的 tells it was made before */
	{ "（一）完善预案。要尽快制定或完善本地区、本部门的《地震应急预案》，落实国务院发布的"
	  "《地震应急条例》。\n",
	  "item\t一\t完善预案\ndocument\tissue\t地震应急预案\ndocument\tcite\t地震应急条例\n" },
	/* a labelled deadline of a month or a year, without 底前: the end of
	 * that month or year */
	{ "（一）建立机制。推进改革。\n完成时限：2023年\n\n"
	  "（二）完善制度。（责任单位：省财政厅；完成时间：2023年9月）\n",
	  "item\t一\t建立机制\ntime\tby\t2023-12-31\t2023年\n"
	  "item\t二\t完善制度\nagency\tresponsible\t省财政厅\ntime\tby\t2023-09-30\t2023年9月\n" },
	/* a task list (清单) whose items end with their labels on the same
	 * line: …以上。牵头单位：X；责任单位：Y。 */
	{ "某市2023年优化营商环境重点任务清单\n\n一、提升政务服务效能\n\n1.推进“一网通办”。2023年3月底前，"
	  "政务服务事项网上可办率达到95%以上。牵头单位：市政务服务数据管理局；责任单位：各区人民政府、"
	  "市直有关部门。\n\n2.压减审批时间。企业开办全流程压减至0.5个工作日。（市市场监管局、市税务局"
	  "按职责分工负责）\n",
	  "meta\tnoticeTitle\t某市2023年优化营商环境重点任务清单\n"
	  "meta\ttitle\t某市2023年优化营商环境重点任务清单\nmeta\tyear\t2023\ttitle\n"
	  "section\t一\t提升政务服务效能\nitem\t一/1\t推进“一网通办”\n"
	  "agency\tlead\t市政务服务数据管理局\nagency\tresponsible\t各区人民政府\n"
	  "agency\tresponsible\t市直有关部门\ntime\tby\t2023-03-31\t2023年3月底前\n"
	  "target\tge\t95\t%\t达到95%以上\n"
	  "item\t一/2\t压减审批时间\nagency\tresponsible\t市市场监管局\nagency\tresponsible\t市税务局\n"
	  "target\tle\t0.5\t个工作日\t压减至0.5个工作日\n" },
	/* labels in a bracket a comma apart */
	{ "（一）建设政务云平台。年底前完成省级政务云扩容。（牵头单位：省政务服务数据管理局，"
	  "配合单位：省财政厅、省通信管理局，完成时限：2024年底前）\n",
	  "item\t一\t建设政务云平台\nagency\tlead\t省政务服务数据管理局\n"
	  "agency\tcooperate\t省财政厅\nagency\tcooperate\t省通信管理局\n"
	  "time\tby\t-\t年底前\ntime\tby\t2024-12-31\t2024年底前\n" },
	/* a body singled out before the duty word: the named one acts */
	{ "（一）加强宣传。地方各级人民政府特别是重点地区的人民政府应加强宣传教育。\n",
	  "item\t一\t加强宣传\nagency\tresponsible\t地方各级人民政府\n" },
	/* what happened over a stretch up to now gives no targets; a time
	 * span is none either; 拟 tells a body's planned work */
	{ "一、工作进展。近5年来，全省重复利用率提高到70.7%，约3个月完成一轮检查。\n\n"
	  "二、下一步措施。省发展改革委拟研究制订技术政策，新建项目不少于10个。\n",
	  "section\t一\t工作进展\nsection\t二\t下一步措施\nagency\tresponsible\t省发展改革委\n"
	  "target\tge\t10\t个\t不少于10个\n" },
	/* what happened gives no targets: since a year (以来), in a year
	 * before the notice's, what a circular praises (予以表扬) */
	{ "国务院办公厅关于表扬某某工作先进单位的通报\n\n国办发〔2021〕5号\n\n"
	  "各省、自治区、直辖市人民政府：\n\n党的十八大以来，全省累计建成示范点超过300个。"
	  "2019年，全省新建学校达到120所。对北京市等新建学校超过30所的单位予以表扬。\n\n"
	  "各地区要学习先进，到2025年建成不少于100个示范点。\n\n国务院办公厅\n\n2021年3月1日\n",
	  "meta\tnoticeTitle\t国务院办公厅关于表扬某某工作先进单位的通报\n"
	  "meta\ttitle\t国务院办公厅关于表扬某某工作先进单位的通报\nmeta\tissuer\t国务院办公厅\n"
	  "meta\tdocNumber\t国办发〔2021〕5号\nmeta\tissued\t2021-03-01\nmeta\tyear\t2021\tissued\n"
	  "closing\nagency\tresponsible\t各地区\n"
	  "time\tby\t2025-12-31\t到2025年\ntarget\tge\t100\t个\t不少于100个\n" },
	/* five digits are no year: the deadline stays unresolved */
	{ "文号：21936\n\n（一）建立机制。6月底前完成。\n",
	  "meta\tdocNumber\t21936\nitem\t一\t建立机制\ntime\tby\t-\t6月底前\n" },
};

START_TEST(test_layouts)
{
	ob_notice *n = tl_parse(layouts[_i].text, strlen(layouts[_i].text), "layout");
	char *got = tl_facts(n);
	char *diff = tl_facts_diff(layouts[_i].facts, got);
	ck_assert_msg(diff == NULL, "layout %d:\n%s\ngot:\n%s", _i, diff ? diff : "", got);
	free(got);
	ob_notice_free(n);
}
END_TEST

/* Each clause covers the sentences before it: an obligation gets the
 * agencies of the clause that follows it, all of them, even those an
 * earlier clause of the item named already. */
START_TEST(test_clause_per_obligation)
{
	const char *text = "（一）测试。加强食品抽检（市场监管总局负责）。完善追溯标准"
	    "（工业和信息化部、市场监管总局负责）。推行电子证照。（国务院办公厅负责）\n";
	ob_notice *n = tl_parse(text, strlen(text), "clauses");
	ob_error e;
	char *x = tl_xml(n, &e);
	ck_assert_ptr_nonnull(x);
	char *o1 = strstr(x, "<obligation id=\"i1.o1\""), *o2 = strstr(x, "i1.o2"),
	    *o3 = strstr(x, "i1.o3");
	ck_assert(o1 && o2 && o3);
	*o2 = *o3 = '\0';
	ck_assert_ptr_nonnull(strstr(o1, ">市场监管总局</agency>"));
	ck_assert_ptr_null(strstr(o1, ">工业和信息化部</agency>"));
	ck_assert_ptr_nonnull(strstr(o2 + 6, ">工业和信息化部</agency>"));
	ck_assert_ptr_nonnull(strstr(o2 + 6, ">市场监管总局</agency>"));
	ck_assert_ptr_nonnull(strstr(o3 + 6, ">国务院办公厅</agency>"));
	ck_assert_ptr_null(strstr(o3 + 6, ">市场监管总局</agency>"));
	/* the item lists each body once */
	char *facts = tl_facts(n);
	ck_assert_ptr_null(strstr(strstr(facts, "市场监管总局") + 1, "市场监管总局"));
	free(facts);
	free(x);
	ob_notice_free(n);
}
END_TEST

/* Every real notice of the shared corpus, text and page, of every genre
 * (opinions, plans, replies, approvals, decisions, regulations): a valid
 * document whose records hold together, and a personnel notice or a
 * holiday notice that assigns no quantity gets no target. */
START_TEST(test_real_corpus)
{
	char dir[4096];
	tl_path(dir, sizeof dir, ob_test_shareddir, "corpus/real");
	DIR *d = opendir(dir);
	if (!d) {
		fprintf(stderr, "skipped: %s not found\n", dir);
		return;
	}
	int seen = 0;
	for (struct dirent *e; (e = readdir(d));) {
		size_t l = strlen(e->d_name);
		if (!(l > 4 && !strcmp(e->d_name + l - 4, ".txt")) &&
		    !(l > 5 && !strcmp(e->d_name + l - 5, ".html")))
			continue;
		if (!strncmp(e->d_name, "index", 5))
			continue;
		char p[8192];
		snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
		size_t len;
		char *text = tl_read(p, &len);
		ck_assert_msg(text != NULL, "cannot read %s", p);
		ob_notice *n = tl_parse(text, len, e->d_name);
		ob_error err;
		ck_assert_msg(ob_notice_check(n, &err) == 0, "%s: %s", e->d_name, err.message);
		char *x = tl_xml(n, &err);
		ck_assert_msg(x != NULL, "%s: %s", e->d_name, err.message);
		if (!strncmp(e->d_name, "gov-59.", 7) || !strncmp(e->d_name, "gov-38.", 7)) {
			char *f = tl_facts(n);
			ck_assert_msg(!strstr(f, "\ntarget\t"), "%s: a target invented:\n%s",
			    e->d_name, f);
			free(f);
		}
		free(x);
		ob_notice_free(n);
		free(text);
		seen++;
	}
	closedir(d);
	ck_assert_int_gt(seen, 0);
}
END_TEST

/* A notice a scraper flattened onto one line (its lines joined by a
 * space, as archives and data sets store them) gives the same records as
 * the notice with its line breaks. */
static const struct {
	const char *dir, *notice;
} flattened[] = {
	{ "src", "tests/notices/sc-2020-yijian.txt" },
	{ "src", "tests/notices/sd-2023-labelled.txt" },
	{ "src", "tests/notices/gz-2021-subitems.txt" },
	{ "src", "tests/notices/hn-2021-tricky.txt" },
	{ "src", "tests/notices/bj-2024-noitems.txt" },
	{ "src", "tests/notices/hz-2022-procedure.txt" },
	{ "src", "corpus/gd-2021-fangguanfu.txt" },
	{ "src", "corpus/real/lishan-2023.txt" },
	{ "shared", "corpus/local/11-beijing-2025-tizhen-xiaofei-fangan.txt" },
	{ "shared", "corpus/local/12-anyang-2022-fangdichan-yijian.txt" },
	{ "shared", "corpus/local/13-suzhou-ah-2022-fangdichan-shishi-xize.txt" },
	{ "shared", "corpus/real/gov-02.txt" },
	{ "shared", "corpus/real/gov-03.txt" },
	{ "shared", "corpus/real/gov-04.txt" },
	{ "shared", "corpus/real/gov-08.txt" },
	{ "shared", "corpus/real/gov-18.txt" },
	{ "shared", "corpus/real/gov-22.txt" },
	{ "shared", "corpus/real/gov-33.txt" },
	{ "shared", "corpus/real/gov-56.txt" },
};

/* A task table laid out one cell a line keeps the dates of its 完成时限
 * cells, though each stands alone on its line under a body's name, as a
 * signature's date does; and no row is read as the signature. */
START_TEST(test_table_dates)
{
	static const char text[] = "某市重点任务分工\n\n序号\n重点任务\n牵头单位\n完成时限\n"
	    "1\n建设政务服务平台\n市政务服务局\n2022年6月30日\n"
	    "2\n推进数据共享\n市大数据局\n2022年9月30日\n";
	ob_notice *n = tl_parse(text, sizeof text - 1, "table");
	char *f = tl_facts(n);
	ck_assert_msg(strstr(f, "item\t1\t建设政务服务平台\nagency\tlead\t市政务服务局\n"
	    "time\ton\t2022-06-30\t2022年6月30日\n"), "%s", f);
	ck_assert_msg(strstr(f, "time\ton\t2022-09-30\t2022年9月30日\n"), "%s", f);
	/* nor is its last row, a body's name over a date, its signature */
	ck_assert_msg(!strstr(f, "meta\tissuer") && !strstr(f, "meta\tissued"), "%s", f);
	free(f);
	ob_notice_free(n);
}
END_TEST

START_TEST(test_flattened)
{
	char p[4096];
	const char *dir = !strcmp(flattened[_i].dir, "src") ? ob_test_srcdir
	    : ob_test_shareddir;
	size_t len;
	char *text = tl_read(tl_path(p, sizeof p, dir, flattened[_i].notice), &len);
	if (!text && dir == ob_test_shareddir) {
		fprintf(stderr, "skipped: %s not found\n", p);
		return;
	}
	ck_assert_msg(text != NULL, "cannot read %s", p);
	ob_notice *n = tl_parse(text, len, flattened[_i].notice);
	char *lined = tl_facts(n);
	ob_notice_free(n);
	for (size_t k = 0; k < len; k++)
		if (text[k] == '\n' || text[k] == '\r')
			text[k] = ' ';
	n = tl_parse(text, len, flattened[_i].notice);
	char *flat = tl_facts(n);
	ob_notice_free(n);
	char *d = tl_facts_diff(lined, flat);
	ck_assert_msg(d == NULL, "%s on one line:\n%s", flattened[_i].notice, d);
	/* the structure is there, not one paragraph of preamble */
	ck_assert(strstr(flat, "\nsection\t") || strstr(flat, "\nitem\t"));
	free(lined);
	free(flat);
	free(text);
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
	tcase_add_test(tc, test_table_dates);
	tcase_add_loop_test(tc, test_flattened, 0,
	    sizeof flattened / sizeof *flattened);
	tcase_add_test(tc, test_clause_per_obligation);
	tcase_add_test(tc, test_real_corpus);
	tcase_add_loop_test(tc, test_layouts, 0, sizeof layouts / sizeof *layouts);
	suite_add_tcase(s, tc);
	return s;
}
