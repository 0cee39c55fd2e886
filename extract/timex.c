/* SPDX-License-Identifier: MIT */
/*
 * Time expressions: deadlines, start dates, end dates, spans, recurrences.
 *
 *   6月底前  2019年4月底前  6月30日前       by     the last day counts
 *   于2022年3月份完成                         by     the end of that month
 *   年底前  年内  2021年底前  到2025年       by     YYYY-12-31
 *   上半年  下半年  第三季度                 by     the end of the period
 *   从4月起  自2021年1月1日起                from
 *   延长至2022年4月30日                      until
 *   2019年1月1日至12月31日                   from + until
 *   5年内  30日内  3个月内                   within P5Y P30D P3M
 *   （本意见印发之日起）30日内               within, dated from the issue
 *   自本意见印发之日起                        from the issue date
 *   自…之日起至2023年12月31日前               until (the date)
 *   2018年前  到2030年前  前三季度            by
 *   办理时限：1.5个工作日  0.5个工作日内       within P1.5D P0.5D, working days
 *   截止时间为2024年6月30日                   by
 *   力争2025年…  2023年新增…不少于22万套       by YYYY-12-31 (not before the
 *                                            notice's year)
 *   从2022年秋季学期开始                      from YYYY-09-01
 *   春节前  中秋节前  元旦前                  by the festival's day (the
 *                                            Chinese calendar's for 春节…)
 *   每年  每季度  每月  每5年               every  P1Y P3M P1M P5Y
 *   每年1月31日前  每年3月底前              every  P1Y on --01-31, --03-31
 *   每季度末  每年3月底                      every  P3M, P1Y (the day it falls due)
 *   5个工作日内                              within P5D, working days
 *   2019年1月1日                             on
 *
 * One pattern scans the whole text; (*MARK) names the alternative that
 * matched and named groups (duplicates allowed) carry its fields.  Months
 * and days without a year take the notice's reference year (see meta.c).
 *
 * Every match must hold one of the trigger characters below
 * (ob__rule_time_triggers) within its first ob__rule_time_lead characters:
 * the whole-text scan looks for those characters and tries the pattern
 * only in the few characters before each (see ob__find in rules.c), which
 * is several times faster than trying it at every position.  A new
 * alternative that matches without one of them, or only after more
 * characters, is never found in a text: add its character to the list
 * (the rules suite checks the scan against a plain one on every example).
 */
#include <stdlib.h>
#include <string.h>

#include <unicode/ucal.h>

#include "model.h"

/* months and days in Chinese numerals (older notices write 六月底前) */
#define CN_MONTH "十[一二]?|[一二三四五六七八九]"
#define CN_DAY "三十一?|二十[一二三四五六七八九]?|十[一二三四五六七八九]?|[一二三四五六七八九]"

const char ob__rule_time[] =
	"(?x)"
	/* every alternative starts with one of these: a cheap test at each
	 * position before the alternatives are tried */
	"(?=[0-9从自延顺执实有每到至今本当明次上去下年第一二三四该在于两五六七八九十春元端]|中秋|国庆)"
	/* a range of dates */
	"(?=\\d)(?<!\\d)(?:(?<y>\\d{4})年)?(?<m>\\d{1,2})月(?<d>\\d{1,2})日(?:起)?"
	/* either end may say it is included: 5月16日（含5月16日）至… */
	"  (?:[（(]含[^）)\\n]{1,12}[）)])?"
	"  (?:至|到|—|~|-)(?<second>(?:(?<y2>\\d{4})年)?(?:(?<m2>\\d{1,2})月)?(?<d2>\\d{1,2})日)"
	"  (?:[（(]含[^）)\\n]{1,12}[）)])?(?:止)?(*MARK:range)"
	/* a range of months: 1997年4—6月, 1997年10月——1998年2月 (not of
	 * another year: 上一年度1月至12月) */
	"|(?=\\d)(?<!\\d|年度|上年|去年|次年)(?:(?<y>\\d{4})年)?(?<m>\\d{1,2})(?:月(?:份)?)?(?:至|到|—|―|–|-|~)+"
	"  (?<second>(?:(?<y2>\\d{4})年)?(?<m2>\\d{1,2})月)(?:份)?(?![0-9日底末前])(*MARK:months)"
	/* until */
	"|(?:延长|延续|延期|顺延|执行|实施|有效期)(?:暂定)?(?:至|到)"
	"  (?<y>\\d{4})年(?:(?<m>\\d{1,2})月(?:(?<d>\\d{1,2})日)?)?(?:底|末)?(*MARK:until)"
	/* the end of a span that starts with the notice: 自本意见印发之日起至
	 * 2023年12月31日前 (the phrase is the date) */
	"|(?=[至到])(?<=起)(?:至|到)(?<y>\\d{4})年(?<m>\\d{1,2})月(?<d>\\d{1,2})日(?:前|止)?(*MARK:untildate)"
	/* from */
	"|(?:从|自)?(?<!\\d)(?:(?<y>\\d{4})年(?:(?<m>\\d{1,2})月(?:(?<d>\\d{1,2})日)?)?"
	"  |(?<m>\\d{1,2})月(?:份)?(?:(?<d>\\d{1,2})日)?)(?:起|开始(?:算起)?|算起)(*MARK:from)"
	/* from a school year's autumn term: 从2022年秋季学期开始 (1 September) */
	"|(?:从|自)(?<y>\\d{4})年秋季(?:学期)?(?:起|开始)(*MARK:autumn)"
	/* from the notice's own date: 自本意见印发之日起 (not a span's start:
	 * 自本通知印发之日起30日内) */
	"|(?:从|自)(?:本|该)?(?:意见|通知|方案|办法|决定|规定|计划|细则|措施|文件)?"
	"  (?:印发|发布|下发|公布|实施|施行)之日起"
	"  (?!(?:在|于)?(?:\\d{1,3}|[一二两三四五六七八九十]{1,3})(?:个)?(?:年|月|日|天|工作日|周|星期|小时))"
	"  (*MARK:issued)"
	/* by a day */
	"|(?=\\d)(?<!\\d)(?:(?<y>\\d{4})年)?(?<m>\\d{1,2})月(?<d>\\d{1,2})日(?:前|之前|以前)(*MARK:day)"
	/* the same in Chinese numerals: 六月三十日前 */
	"|(?=[一二三四五六七八九十])(?<![〇零一二三四五六七八九十])(?<m>" CN_MONTH ")月(?<d>" CN_DAY ")日(?:前|之前|以前)(*MARK:day)"
	/* by the end of a month */
	"|(?=\\d)(?<!\\d)(?:(?<y>\\d{4})年)?(?<m>\\d{1,2})月(?:份)?(?:底|末)(?:前|之前|以前)?(*MARK:month)"
	"|(?=[一二三四五六七八九十])(?<![〇零一二三四五六七八九十])(?<m>" CN_MONTH ")月(?:份)?(?:底|末)(?:前|之前|以前)?(*MARK:month)"
	/* a labelled deadline: 完成时限：2022年12月, 完成时间：2022年 */
	"|(?=\\d)(?<=时限：|时间：)(?<y>\\d{4})年(?<m>\\d{1,2})月(?:份)?(?![0-9日底末前])(*MARK:month)"
	"|(?=\\d)(?<=时限：|时间：)(?<y>\\d{4})年(?![0-9底末内])(*MARK:year)"
	/* in a month: 于2022年3月份完成 */
	"|(?=\\d)(?<!\\d)(?<y>\\d{4})年(?<m>\\d{1,2})月(?:份)?(?=完成|建成|实现|启动|出台|上线|印发)(*MARK:month)"
	/* by the end of a year */
	"|(?:(?:到|至)?(?<!\\d)(?<y>\\d{4})年(?:年)?|(?<rel>今年|本年|当年|明年|次年|上年|去年)(?:年)?|年)"
	"  (?:底|末)(?:前|之前|以前)?(*MARK:year)"
	/* before a year: 2018年前建成, 到2030年前 (not 2018年前三季度, nor
	 * the period "2008年以前，…每半年召开一次") */
	"|(?=[到至])(?:到|至)(?<y>\\d{4})年(?:之前|以前|前)"
	"  (?![0-9一二三四五六七八九十两]|半年)(*MARK:year)"
	"|(?=\\d)(?<!\\d)(?<y>\\d{4})年(?:之前|以前|前)"
	"  (?![0-9一二三四五六七八九十两，,、]|半年)(*MARK:year)"
	"|(?:(?<!\\d)(?<y>\\d{4})年|(?<rel>今年|本年|当年|明年|次年)|本年度|年)内(*MARK:year)"
	"|(?:到|至)(?<y>\\d{4})年(?!\\d|底|末|内|[0-9]{1,2}月|(?:之|以)?前)(*MARK:year)"
	/* a year before a goal: 力争2025年…, and a clause of a plan that opens
	 * with its year and sets a goal (2023年新增筹建…不少于22万套): by the
	 * year's end, where the year is not before the notice's own */
	"|(?=\\d)(?<=力争|争取|确保)(?<y>\\d{4})年(?![0-9月底末内前度以起的])(*MARK:goalyear)"
	"|(?=\\d)(?<=^|[。；，：\\n])(?<y>\\d{4})年(?![0-9月底末内前度以起开的])"
	"  (?=[^。；，\\n]{0,30}?(?:新增|增加|达到|建成|创建|实现|不少于|不低于|超过|突破|"
	"  累计|培育|打造|新建|改造))(*MARK:goalyear)"
	/* by a festival: 春节前, 2024年中秋节前 (dated in resolve) */
	"|(?:(?<!\\d)(?<y>\\d{4})年|(?<rel>今年|明年))?"
	"  (?<fest>春节|元宵节|端午节|中秋节|国庆节|元旦)(?:前(?!后)|之前|以前)(*MARK:festival)"
	/* a deadline stated as such: 截止时间为2024年6月30日 */
	"|(?=\\d)(?<=截止时间|截止日期|截止时间为|截止日期为|截止时间是|截止日期是)"
	"  (?<y>\\d{4})年(?<m>\\d{1,2})月(?<d>\\d{1,2})日(?![前后内以之])(*MARK:day)"
	/* halves and quarters */
	"|(?:(?<!\\d)(?<y>\\d{4})年|(?<rel>今年|明年))?"
	"  (?<half>上半年|下半年|年中|(?:前|第)?[一二三四1-4]季度)(?:前|末|底|内)?(*MARK:period)"
	/* spans */
	"|(?<anchor>(?:本|该)(?:意见|通知|方案|办法|决定|规定|计划)?(?:印发|发布|下发|实施|施行)之日起)?"
	"  (?:在|于)?(?<!\\d)(?<lo>\\d{1,3}(?:—|–|-|~|至))?(?<n>\\d{1,3}(?:\\.\\d{1,2})?|[一二两三四五六七八九十]{1,3})(?:个)?"
	"  (?<u>年|月|日|天|工作日|周|星期|小时)(?:以内|之内|内)(*MARK:within)"
	/* a labelled span: 办理时限：1.5个工作日 */
	"|(?=[0-9一二两三四五六七八九十在于])(?<=时限：|时限为|时限是)(?:在|于)?(?<n>\\d{1,3}(?:\\.\\d{1,2})?|[一二两三四五六七八九十]{1,3})(?:个)?"
	"  (?<u>年|月|日|天|工作日|小时)(?![0-9])(*MARK:within)"
	/* recurrences, with the day they fall due: 每年1月31日前, 每5年 */
	"|每(?<n>\\d{1,2}|[两三四五六七八九十])?(?:个)?(?<u>年|季度|季|半年|月|周|星期|天|日)"
	"  (?:(?:(?<m>\\d{1,2})月(?:份)?)?(?:(?<d>\\d{1,2})日(?:前|之前|以前)"
	"  |(?<end>底|末)(?:前|之前|以前)?))?(*MARK:every)"
	/* a date; without its year, one the reference year dates (4月5日放假) */
	"|(?=\\d)(?<!\\d)(?:(?<y>\\d{4})年)?(?<m>\\d{1,2})月(?<d>\\d{1,2})日(?![前后内以之])(*MARK:on)";

/* The characters one of which every match of ob__rule_time holds, and how
 * many characters at most stand before the first of them.  The most: a
 * span's eleven (于100—120个工作日内: 于, a range of numbers of at most
 * three digits, 个, 工作 before 日); 本通知印发之日起 has six before 日, a date
 * four (2021年).  A range of months written with more than six dashes
 * between its ends (4———————6月) would need more and is not read. */
const char ob__rule_time_triggers[] = "年月日天周星时季春宵午秋庆旦";
const unsigned ob__rule_time_lead = 12;

int
ob__days_in_month(int y, int m)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	if (m < 1 || m > 12)
		return 0;
	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return days[m - 1];
}

static int
group_int(ob__matcher *m, const char *s, const char *name)
{
	size_t a, b;
	if (!ob__group_named(m, OB_RULE_TIME, name, &a, &b))
		return 0;
	ob__decimal d;
	if (ob__numeral_parse(s + a, b - a, &d) || strchr(d.text, '.') ||
	    strlen(d.text) > 6)
		return -1;
	return atoi(d.text);
}

static bool
group_is(ob__matcher *m, const char *s, const char *name, const char *text)
{
	size_t a, b;
	return ob__group_named(m, OB_RULE_TIME, name, &a, &b) &&
	    b - a == strlen(text) && !memcmp(s + a, text, b - a);
}

static bool
valid(int y, int mo, int d)
{
	if (y < 0 || mo < 0 || d < 0)
		return false;
	if (mo > 12 || (mo == 0 && d > 0))
		return false;
	return d == 0 || d <= ob__days_in_month(y ? y : 2000, mo);
}

/* Does a comparator of the target rules stand just before s[at]? */
static bool
after_comparator(const char *s, size_t at)
{
	static const char *const words[] = { "压缩至", "压缩到", "压减至", "压减到",
		"缩短至", "缩短到", "控制在", "不超过", "不多于", "不高于", "降至",
		"减少至", "减少到", NULL };
	for (int k = 0; words[k]; k++) {
		size_t l = strlen(words[k]);
		if (at >= l && !memcmp(s + at - l, words[k], l))
			return true;
	}
	return false;
}

static ob__time *
push(ob_notice *n, size_t s, size_t e, int kind)
{
	ob__time *t = OB_PUSH(n->times);
	if (t) {
		t->span = (ob__span){ s, e };
		t->kind = kind;
	}
	return t;
}

static int
rel_offset(ob__matcher *m, const char *s)
{
	if (group_is(m, s, "rel", "明年") || group_is(m, s, "rel", "次年"))
		return 1;
	if (group_is(m, s, "rel", "上年") || group_is(m, s, "rel", "去年"))
		return -1;
	return 0;
}

/* Does [ms, me) stand alone on its line, blanks aside (2022年5月16日 under
 * a signature, in a page's notice or its interpretation after it)? */
static bool
alone_on_line(const ob__text *t, size_t ms, size_t me)
{
	for (size_t i = ms; i > 0 && t->buf[i - 1] != '\n'; i--)
		if (t->buf[i - 1] != ' ')
			return false;
	for (size_t i = me; i < t->len && t->buf[i] != '\n'; i++)
		if (t->buf[i] != ' ')
			return false;
	return true;
}

/* Does the line before the one at ms name a body, as a signature does
 * (a table's 完成时限 cell of a date stands under its task)? */
static bool
after_signature(const ob__text *t, ob__matcher *m, size_t ms)
{
	size_t e = ms;
	while (e > 0 && t->buf[e - 1] != '\n')
		e--;
	while (e > 0 && (t->buf[e - 1] == '\n' || t->buf[e - 1] == ' '))
		e--;
	size_t s = e;
	while (s > 0 && t->buf[s - 1] != '\n')
		s--;
	if (e <= s)
		return false;
	if (ob__is_signature(t, m, (ob__span){ s, e }))
		return true;
	/* or a body's long name alone on its line (鄂州市推动…联席会议办公室) */
	static const char *const tails[] = { "室", "局", "府", "会", "委", "厅", "心", "部",
		"院", "组", "处", "行", NULL };
	if (e - s > 3 * 40 || e - s < 3 * 3)
		return false;
	for (size_t i = s; i + 3 <= e; i++)
		if (!memcmp(t->buf + i, "，", 3) || !memcmp(t->buf + i, "。", 3) ||
		    !memcmp(t->buf + i, "；", 3) || !memcmp(t->buf + i, "：", 3))
			return false;
	for (int k = 0; tails[k]; k++)
		if (!memcmp(t->buf + e - 3, tails[k], 3))
			return true;
	return false;
}

/* One match of the time rule at [ms, me). */
static int
take(ob_notice *n, ob__matcher *m, size_t ms, size_t me)
{
	const char *s = n->text.buf;
	const char *mark = (const char *)pcre2_get_mark(m->md);
	int y = group_int(m, s, "y"), mo = group_int(m, s, "m"),
	    d = group_int(m, s, "d");
	ob__time *t;

	if (!mark)
		return 0;
	if (y && (y < 1900 || y > 2999))
		return 0;
	if (!strcmp(mark, "range") || !strcmp(mark, "months")) {
		/* of days (2019年1月1日至12月31日) or of months (1997年4―6月) */
		bool days = !strcmp(mark, "range");
		int y2 = group_int(m, s, "y2"), m2 = group_int(m, s, "m2"),
		    d2 = group_int(m, s, "d2");
		if (!m2)
			m2 = mo;
		if (!y2)
			y2 = y;
		if (!valid(y, mo, d) || !valid(y2, m2, d2) || !mo || !m2 ||
		    (days ? !d || !d2 : y2 == y && m2 <= mo))
			return 0;
		size_t a, b;
		ob__group_named(m, OB_RULE_TIME, "second", &a, &b);
		/* the low end without what joins it to the high one:
		 * "2019年1月1日" then "12月31日", "1997年4" then "6月" */
		size_t first_end = a;
		while (first_end > ms) {
			size_t st;
			uint32_t c = ob__utf8_prev(s, first_end, &st);
			if (c == 0xFF09 || c == ')') {
				/* （含5月16日）: back to its opening bracket */
				while (st > ms && c != 0xFF08 && c != '(')
					c = ob__utf8_prev(s, st, &st);
				first_end = st;
				continue;
			}
			if (c != 0x81F3 && c != 0x5230 && c != 0x8D77 && c != 0x2014 &&
			    c != 0x2015 && c != 0x2013 && c != '-' && c != '~')
				break; /* 至 到 起 — ― – */
			first_end = st;
		}
		if (!(t = push(n, ms, first_end, OB_TIME_FROM)))
			return OB_ERR_NOMEM;
		t->year = y, t->month = mo, t->day = d;
		if (!(t = push(n, a, b, OB_TIME_UNTIL)))
			return OB_ERR_NOMEM;
		t->year = y2, t->month = m2, t->day = d2;
		return 0;
	}
	int kind;
	if (!strcmp(mark, "until"))
		kind = OB_TIME_UNTIL;
	else if (!strcmp(mark, "untildate")) {
		/* the phrase is the date, without the 至 joining it */
		size_t a, b;
		kind = OB_TIME_UNTIL;
		if (ob__group_named(m, OB_RULE_TIME, "y", &a, &b))
			ms = a;
	} else if (!strcmp(mark, "issued")) {
		if (!(t = push(n, ms, me, OB_TIME_FROM)))
			return OB_ERR_NOMEM;
		t->anchored = true; /* the issue date, once it is known */
		return 0;
	} else if (!strcmp(mark, "autumn")) {
		if (!(t = push(n, ms, me, OB_TIME_FROM)))
			return OB_ERR_NOMEM;
		t->year = y, t->month = 9, t->day = 1;
		return 0;
	} else if (!strcmp(mark, "festival")) {
		static const char *const names[] = { "春节", "元宵节", "端午节",
			"中秋节", "国庆节", "元旦", NULL };
		size_t a, b;
		ob__group_named(m, OB_RULE_TIME, "fest", &a, &b);
		int f = 0;
		while (names[f] && (strlen(names[f]) != b - a ||
		    memcmp(names[f], s + a, b - a)))
			f++;
		if (!names[f] || !(t = push(n, ms, me, OB_TIME_BY)))
			return names[f] ? OB_ERR_NOMEM : 0;
		t->year = y;
		t->year_offset = rel_offset(m, s);
		t->year_given = ob__group_named(m, OB_RULE_TIME, "rel", &a, &b);
		t->festival = f + 1;
		return 0;
	} else if (!strcmp(mark, "goalyear")) {
		/* a plan's goal for its own year or a later one; an earlier
		 * year is what was done */
		if (!n->meta.year || y < n->meta.year)
			return 0;
		if (!(t = push(n, ms, me, OB_TIME_BY)))
			return OB_ERR_NOMEM;
		t->year = y;
		t->period = 1;
		return 0;
	} else if (!strcmp(mark, "from"))
		kind = OB_TIME_FROM;
	else if (!strcmp(mark, "on"))
		kind = OB_TIME_ON;
	else if (!strcmp(mark, "within"))
		kind = OB_TIME_WITHIN;
	else if (!strcmp(mark, "every"))
		kind = OB_TIME_EVERY;
	else
		kind = OB_TIME_BY;

	if (!valid(y, mo, d))
		return 0;
	if (kind == OB_TIME_ON && alone_on_line(&n->text, ms, me) &&
	    after_signature(&n->text, m, ms) && !ob__in_table_row(n, ms))
		return 0; /* a signature's date, no task's time */
	if (kind == OB_TIME_WITHIN && after_comparator(s, ms))
		return 0; /* 压缩至3个工作日以内: a target, not a deadline */
	if (kind == OB_TIME_WITHIN || kind == OB_TIME_EVERY) {
		size_t a, b;
		bool working = false;
		int num = group_int(m, s, "n");
		/* a fraction of a unit: 0.5个工作日内, written as ISO 8601
		 * writes it (P0.5D), its last component a decimal */
		char frac[8] = "";
		if (num < 0 && kind == OB_TIME_WITHIN &&
		    ob__group_named(m, OB_RULE_TIME, "n", &a, &b) && b - a < sizeof frac &&
		    memchr(s + a, '.', b - a)) {
			memcpy(frac, s + a, b - a);
			frac[b - a] = 0;
			num = 1;
		}
		if (kind == OB_TIME_EVERY && !ob__group_named(m, OB_RULE_TIME, "n", &a, &b))
			num = 1;
		if (num <= 0)
			return 0;
		ob__group_named(m, OB_RULE_TIME, "u", &a, &b);
		const char *u = s + a;
		size_t ul = b - a;
		const char *fmt = "P%dD";
		if (ul == 3 && !memcmp(u, "年", 3))
			fmt = "P%dY";
		else if ((ul == 3 && !memcmp(u, "月", 3)))
			fmt = "P%dM";
		else if (ul == 6 && !memcmp(u, "季度", 6))
			fmt = "P%dM", num *= 3;
		else if (ul == 3 && !memcmp(u, "季", 3))
			fmt = "P%dM", num *= 3;
		else if (ul == 6 && !memcmp(u, "半年", 6))
			fmt = "P%dM", num *= 6;
		else if ((ul == 3 && !memcmp(u, "周", 3)) ||
		    (ul == 6 && !memcmp(u, "星期", 6))) {
			if (frac[0])
				return 0;
			num *= 7; /* xs:duration has no weeks (ISO 8601's PnW) */
		}
		else if (ul == 6 && !memcmp(u, "小时", 6))
			fmt = "PT%dH";
		else if (ul == 9 && !memcmp(u, "工作日", 9))
			working = true;
		size_t start = ms;
		bool anchored = ob__group_named(m, OB_RULE_TIME, "anchor", &a, &b);
		/* the phrase starts at the number, or at the low end of a range
		 * (在2—3年内: within the longer) */
		if (kind == OB_TIME_WITHIN && (ob__group_named(m, OB_RULE_TIME, "lo", &a, &b) ||
		    ob__group_named(m, OB_RULE_TIME, "n", &a, &b)))
			start = a;
		if (!(t = push(n, start, me, kind)))
			return OB_ERR_NOMEM;
		if (frac[0]) {
			/* the unit's letter after the fraction: P0.5D, PT1.5H */
			const char *letter = fmt + strlen(fmt) - 1;
			snprintf(t->duration, sizeof t->duration, "%s%s%s",
			    *letter == 'H' ? "PT" : "P", frac, letter);
		} else {
			snprintf(t->duration, sizeof t->duration, fmt, num);
		}
		t->working = working;
		/* working days have no calendar date without a holiday calendar */
		t->anchored = anchored && !strcmp(fmt, "P%dD") && !working && !frac[0];
		if (kind == OB_TIME_EVERY) {
			/* the day in each period it falls due on */
			t->month = mo;
			t->day = d;
			if (!d && ob__group_named(m, OB_RULE_TIME, "end", &a, &b))
				t->day = mo ? ob__days_in_month(2001, mo) : 0;
			if (mo == 2 && t->day == 28 && !ob__group_named(m, OB_RULE_TIME, "d", &a, &b))
				t->day = 29; /* 每年2月底: the last day, leap or not */
		} else {
			t->day = num;
		}
		return 0;
	}
	if (!(t = push(n, ms, me, kind)))
		return OB_ERR_NOMEM;
	t->year = y;
	t->month = mo;
	t->day = d;
	t->year_offset = rel_offset(m, s);
	if (!strcmp(mark, "year")) {
		t->period = 1;
	} else if (!strcmp(mark, "period")) {
		size_t a, b;
		ob__group_named(m, OB_RULE_TIME, "half", &a, &b);
		const char *h = s + a;
		if (!memcmp(h, "上半年", 9) || !memcmp(h, "年中", 6))
			t->period = 2;
		else if (!memcmp(h, "下半年", 9))
			t->period = 3;
		else {
			int q = 0;
			for (size_t i = a; i < b; i++) {
				if (s[i] >= '1' && s[i] <= '4')
					q = s[i] - '0';
			}
			static const char *const cn[] = { "一", "二", "三", "四" };
			for (int k = 0; k < 4 && !q; k++)
				for (size_t i = a; i + 3 <= b; i++)
					if (!memcmp(s + i, cn[k], 3))
						q = k + 1;
			t->period = 3 + q;
		}
	} else if (!strcmp(mark, "until") && !mo) {
		t->period = 1;
	} else if (!strcmp(mark, "from") && !mo) {
		t->period = 1;
	}
	return 0;
}

int
ob__times_find(ob_notice *n, ob__matcher *m)
{
	const ob__text *t = &n->text;
	size_t off = 0;

	for (;;) {
		int r = ob__find(m, OB_RULE_TIME, t->buf, t->len, off);
		if (r < 0)
			return r;
		if (r == 0)
			break;
		size_t ms, me;
		ob__group(m, 0, &ms, &me);
		if ((r = take(n, m, ms, me)))
			return r;
		off = me > ms ? me : ms + 1;
	}
	return 0;
}

static void
add_days(int *y, int *mo, int *d, int days)
{
	while (days > 0) {
		int left = ob__days_in_month(*y, *mo) - *d;
		if (days <= left) {
			*d += days;
			return;
		}
		days -= left + 1;
		*d = 1;
		if (++*mo > 12) {
			*mo = 1;
			++*y;
		}
	}
}

/* The Gregorian date of day ld of month lm of the Chinese year that
 * starts in Gregorian year y, by ICU's Chinese calendar; false when ICU
 * cannot say. */
static bool
lunar_date(int y, int lm, int ld, int *mo, int *d)
{
	static const UChar utc[] = { 'U', 'T', 'C', 0 };
	UErrorCode st = U_ZERO_ERROR;
	UCalendar *c = ucal_open(utc, -1, "zh@calendar=chinese", UCAL_DEFAULT, &st);
	UCalendar *g = ucal_open(utc, -1, "en@calendar=gregorian", UCAL_GREGORIAN, &st);
	if (U_SUCCESS(st)) {
		ucal_clear(c);
		/* the Chinese calendar's years count from 2637 BCE */
		ucal_set(c, UCAL_EXTENDED_YEAR, y + 2637);
		ucal_set(c, UCAL_MONTH, lm - 1);
		ucal_set(c, UCAL_IS_LEAP_MONTH, 0);
		ucal_set(c, UCAL_DATE, ld);
		UDate when = ucal_getMillis(c, &st);
		ucal_setMillis(g, when, &st);
		*mo = ucal_get(g, UCAL_MONTH, &st) + 1;
		*d = ucal_get(g, UCAL_DATE, &st);
	}
	ucal_close(c);
	ucal_close(g);
	return U_SUCCESS(st);
}

/* A festival's day in year y; without a year written, the reference
 * year's, or the next year's where the notice is dated after it (春节前 in
 * a December notice). */
static void
festival_date(const ob_notice *n, ob__time *t, int y)
{
	static const int lunar[][2] = { { 1, 1 }, { 1, 15 }, { 5, 5 }, { 8, 15 } };
	int mo = 0, d = 0;

	if (!y)
		return;
	for (int pass = 0; pass < 2; pass++, y++) {
		if (t->festival <= 4) {
			if (!lunar_date(y, lunar[t->festival - 1][0],
			    lunar[t->festival - 1][1], &mo, &d))
				return;
		} else if (t->festival == 5) {
			mo = 10, d = 1;
		} else {
			mo = 1, d = 1;
		}
		char iso[32];
		snprintf(iso, sizeof iso, "%04d-%02d-%02d", y, mo, d);
		if (strlen(iso) != 10)
			return;
		memcpy(t->date, iso, sizeof t->date);
		/* ISO dates compare as strings */
		if (t->year || t->year_given || !n->meta.issued.end ||
		    strcmp(t->date, n->meta.issued_iso) >= 0)
			return;
	}
}

void
ob__times_resolve(ob_notice *n)
{
	int ref = n->meta.year;

	for (size_t k = 0; k < n->times.n; k++) {
		ob__time *t = &n->times.v[k];
		int y = t->year ? t->year : (ref ? ref + t->year_offset : 0);
		int mo = t->month, d = t->day;

		if (t->kind == OB_TIME_EVERY)
			continue;
		if (t->festival) {
			festival_date(n, t, y);
			continue;
		}
		if (t->kind == OB_TIME_FROM && t->anchored) {
			/* from the notice's own date, where it is known */
			if (n->meta.issued.end)
				memcpy(t->date, n->meta.issued_iso, sizeof t->date);
			continue;
		}
		if (t->kind == OB_TIME_WITHIN) {
			/* counted from the issue date */
			if (t->anchored && n->meta.issued.end) {
				int iy = atoi(n->meta.issued_iso);
				int im = atoi(n->meta.issued_iso + 5);
				int id = atoi(n->meta.issued_iso + 8);
				add_days(&iy, &im, &id, t->day);
				snprintf(t->date, sizeof t->date, "%04d-%02d-%02d",
				    iy, im, id);
			}
			continue;
		}
		if (!y)
			continue;
		bool end = t->kind == OB_TIME_BY || t->kind == OB_TIME_UNTIL;
		switch (t->period) {
		case 1:
			mo = end ? 12 : 1;
			break;
		case 2:
			mo = 6;
			break;
		case 3:
			mo = 12;
			break;
		case 4: case 5: case 6: case 7:
			mo = 3 * (t->period - 3);
			break;
		}
		if (!mo)
			continue;
		if (!d)
			d = end ? ob__days_in_month(y, mo) : 1;
		if (d > ob__days_in_month(y, mo))
			continue;
		snprintf(t->date, sizeof t->date, "%04d-%02d-%02d", y, mo, d);
	}
}
