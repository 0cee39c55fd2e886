/* SPDX-License-Identifier: MIT */
/*
 * Quantity targets: comparator, exact value, unit.
 *
 *   不少于250台     ge 250 台          突破1.2亿        gt 120000000
 *   不低于20%       ge 20 %            超过900万        gt 9000000
 *   不少于二分之一   ge 0.5             达到300项以上    ge 300 项
 *   最高不超过15万元 le 150000 元       约30%  30%左右   approx 30 %
 *   最高贷款额度为50万元  le 500000 元   最低首付比例调整为20%  ge 20 %
 *   满5年  ge 5 年   不足3万元  lt 30000 元   超1.5亿人次  gt 150000000 人次
 *   90平方米（含90平方米）以下  le 90 平方米
 *   6项重点事项      eq 6 项 (a plain count needs a counting unit)
 *
 * Not targets: years and dates (2021年, 6月), ordinals (第三), 100周年,
 * versions (2.0), time spans without a comparator (6个月, 1年以上),
 * ranges (16—24岁), numbers inside “…” or 《…》, 一 as an article
 * (一批, 一张网), and 以上 in 地级以上市 (no number before it).
 *
 * Every match holds its number, and every number starts with a digit or
 * one of the Chinese numerals below (百分之 with 百, 零增长 with 零); at
 * most 17 characters stand before it (不高于 + 12 characters + 的; 最高 + 6
 * + 可调整为 + 4 + 的; in 最高…由60万元调整为70万元 the first number is nearer).  The
 * whole-text scan tries the pattern only before those characters (see
 * ob__find in rules.c): a new alternative must keep both true.
 */
#define _GNU_SOURCE /* memmem */
#include <string.h>

#include "model.h"

/* A multiplier: 千 before 瓦, 米 or 克 starts the unit (1.1亿千瓦). */
#define MULT "(?:[十百万亿]|千(?!瓦|米|克))"

const char ob__rule_target[] =
	"(?x)"
	/* every alternative starts with one of these */
	"(?=[0-9零〇一二两三四五六七八九十百千不至达提增突超高多大最控压缩降低少小约近满未])"
	"(?<cmp>最高不超过|最长不超过|最多不超过|不得超过|不得低于|不得少于|不得高于|"
	/* a cap or a floor the measure sets: 最高贷款额度为50万元, 最高贷款金额
	 * 由60万元调整为70万元, 最低首付比例为30%, 最低比例可下调至挂牌价的20% */
	"  (?:最高|最长|最多|最大|最低|最少|最短|最小)" OB_HAN_CLASS "{0,6}?"
	"  (?:由(?=[0-9])[^，。；\\n]{1,8}?)?(?:可)?(?:调整为|下调至|下调为|上调至|上调为|提高至|"
	"  提高到|降至|降低至|为|是)(?:" OB_HAN_CLASS "{1,4}?的)?"
	"  (?=[0-9零〇一二两三四五六七八九十百])|"
	/* a threshold: 满5年, 不足3万元, 超1.5亿人次 */
	"  (?:不满|未满)(?=[0-9一二两三四五六七八九十])|"
	"  满(?=[0-9一二两三四五六七八九十])|不足(?=[0-9一二两三四五六七八九十])|超(?=[0-9])|"
	"  不应低于|不应超过|"
	/* 不高于承担风险责任的0.5%: what is compared may stand between */
	"  (?:不高于|不低于|不超过|不少于|不得低于|不得超过)" OB_HAN_CLASS "{1,12}?的(?=\\d)|"
	/* 不低于备案价格85%, 不超过计容建筑面积30%: a share of what stands
	 * between */
	"  (?:不高于|不低于|不超过|不少于|不得低于|不得超过|不宜大于|不宜超过|不大于|"
	"  不小于|超过)(?:(?!达到|超过|高于|低于|不低于|不少于|不超过|半|成)"
	OB_HAN_CLASS "){2,12}?(?=\\d+(?:\\.\\d+)?%)|"
	"  不少于|不低于|不小于|不超过|不高于|不多于|不大于|至少|达到|"
	"  提高到|提高至|提升到|提升至|增加到|增加至|增长到|增长至|突破|超过|高于|多于|大于|"
	"  最多|控制在|压缩至|压缩到|压减至|压减到|缩短至|缩短到|降低至|降低到|降至|"
	"  低于|少于|小于|约|近(?=\\d)|达(?=\\d)"
	/* 达到企业现有在职职工人数25%: what is reached may stand between */
	"  |达到" OB_HAN_CLASS "{1,12}?(?=\\d))?"
	"(?<num>百分之[零〇一二两三四五六七八九十百点]+"
	"  |(?:\\d+|[一二两三四五六七八九十百千]+)分之(?:\\d+|[一二两三四五六七八九十百千]+)"
	"  |(?<![\\d.])\\d{1,3}(?:,\\d{3})+(?:\\.\\d+)?" MULT "*"
	"  |(?<![\\d.])\\d+(?:\\.\\d+)?" MULT "*"
	"  |零(?=增长)"
	"  |[零〇一二两三四五六七八九十](?:[零〇一二两三四五六七八九十百万亿点]|千(?!瓦|米|克))*)"
	"(?<pct>%|‰)?"
	"(?<unit>个百分点|个基点|基点|个工作日|工作日|万人次|人次|家次|批次|帧|个月|平方公里|平方米|立方米|公里|千米|"
	"  千瓦时|千瓦|吨标准煤|公顷|千克|公斤|毫米|厘米|周岁|项|个|家|台|所|条|件|批|人|名|户|"
	"  次|套|座|处|届|级|"
	"  份|支|场|元|亩|吨|辆|张|间|类|种|位|岁|小时|天|日|年|月|周|倍|篇|本|宗|例|床|栋|幢|"
	"  架|艘|只|头|株|棵|册|片|块|盏|根|把|层|"
	"  米|GB|MW|kW)?"
	"(?<suf>(?:[（(]含[^）)\\n]{0,8}[）)])?(?:及以上|及以下|以上|以下|以内|之内)|左右)?";

const char ob__rule_target_triggers[] = "0123456789零〇一二两三四五六七八九十百千";
const unsigned ob__rule_target_lead = 17;

static const char *const time_units[] = { "年", "月", "个月", "日", "天", "周",
	"小时", "工作日", "个工作日", NULL };

/* The counting words of set phrases: 两个转变, 两项制度, 三类人员, 三条
 *底线.  召开两次会议, 两种颜色 and 四位数字 still count. */
static bool
phrase_unit(const char *u, size_t n)
{
	static const char *const units[] = { "个", "项", "类", "条", "批", "张", NULL };
	for (int k = 0; units[k]; k++)
		if (n == strlen(units[k]) && !memcmp(u, units[k], n))
			return true;
	return false;
}

static int
cmp_of(const char *s, size_t n)
{
	static const struct { const char *w; int cmp; } words[] = {
		{ "最高不超过", OB_CMP_LE }, { "不超过", OB_CMP_LE },
		{ "最长不超过", OB_CMP_LE }, { "最多不超过", OB_CMP_LE },
		{ "不得超过", OB_CMP_LE }, { "不得高于", OB_CMP_LE },
		{ "不应超过", OB_CMP_LE },
		{ "不高于", OB_CMP_LE }, { "不多于", OB_CMP_LE },
		{ "不大于", OB_CMP_LE }, { "最多", OB_CMP_LE },
		{ "控制在", OB_CMP_LE }, { "压缩至", OB_CMP_LE },
		{ "压缩到", OB_CMP_LE }, { "压减至", OB_CMP_LE },
		{ "压减到", OB_CMP_LE }, { "缩短至", OB_CMP_LE },
		{ "缩短到", OB_CMP_LE }, { "降低至", OB_CMP_LE },
		{ "降低到", OB_CMP_LE }, { "降至", OB_CMP_LE },
		{ "突破", OB_CMP_GT }, { "超过", OB_CMP_GT }, { "高于", OB_CMP_GT },
		{ "多于", OB_CMP_GT }, { "大于", OB_CMP_GT },
		{ "低于", OB_CMP_LT }, { "少于", OB_CMP_LT }, { "小于", OB_CMP_LT },
		{ "约", OB_CMP_APPROX }, { "近", OB_CMP_APPROX },
	};
	for (size_t k = 0; k < sizeof words / sizeof *words; k++)
		if (strlen(words[k].w) == n && !memcmp(s, words[k].w, n))
			return words[k].cmp;
	/* 最高…为, 最低…调整为: a cap, a floor */
	static const char *const caps[] = { "最高", "最长", "最多", "最大", NULL };
	static const char *const floors[] = { "最低", "最少", "最短", "最小", NULL };
	for (int k = 0; n > 6 && caps[k]; k++) {
		if (!memcmp(s, caps[k], 6))
			return OB_CMP_LE;
		if (!memcmp(s, floors[k], 6))
			return OB_CMP_GE;
	}
	if ((n == 3 && !memcmp(s, "满", 3)))
		return OB_CMP_GE;
	if ((n == 6 && (!memcmp(s, "不足", 6) || !memcmp(s, "不满", 6) ||
	    !memcmp(s, "未满", 6))))
		return OB_CMP_LT;
	if ((n == 3 && !memcmp(s, "超", 3)))
		return OB_CMP_GT;
	/* 不高于…的, 不超过…的, 不宜大于…: the comparator is the head */
	if (n > 9 && (!memcmp(s, "不高于", 9) || !memcmp(s, "不超过", 9) ||
	    !memcmp(s, "不大于", 9)))
		return OB_CMP_LE;
	if (n > 12 && (!memcmp(s, "不宜大于", 12) || !memcmp(s, "不宜超过", 12)))
		return OB_CMP_LE;
	if (n > 6 && !memcmp(s, "超过", 6))
		return OB_CMP_GT;
	if (n > 12 && !memcmp(s, "不得超过", 12))
		return OB_CMP_LE;
	return OB_CMP_GE; /* 不少于 不低于 至少 达到 提高到 … */
}

/* The state of quotation marks and title brackets, carried forward
 * through the text as matches come in order. */
typedef struct scan {
	size_t pos;
	int quote, title;
} scan;

static void
advance(scan *sc, const char *buf, size_t to)
{
	const unsigned char *u = (const unsigned char *)buf;

	/* by bytes: the marks' lead bytes and the line break are never part
	 * of another character */
	for (size_t i = sc->pos; i < to; i++) {
		if (u[i] == '\n') {
			sc->quote = sc->title = 0;
			continue;
		}
		if ((u[i] != 0xE2 && u[i] != 0xE3) || to - i < 3 || u[i + 1] != 0x80)
			continue;
		unsigned k = (unsigned)u[i] << 8 | u[i + 2];
		if (k == 0xE29C) /* “ */
			sc->quote++;
		else if (k == 0xE29D && sc->quote) /* ” */
			sc->quote--;
		else if (k == 0xE38A) /* 《 */
			sc->title++;
		else if (k == 0xE38B && sc->title) /* 》 */
			sc->title--;
		i += 2;
	}
	if (to > sc->pos)
		sc->pos = to;
}

/* A target's value and unit (ul bytes at u), kept by the notice. */
static int
set_value(ob_notice *n, ob__target *t, const ob__decimal *v, const char *u,
	  size_t ul)
{
	t->exact = v->exact;
	t->value = ob__intern(n, v->text, strlen(v->text));
	t->unit = ob__intern(n, u, ul < 32 ? ul : 0);
	return t->value && t->unit ? 0 : OB_ERR_NOMEM;
}

static bool
is_range_mark(uint32_t c)
{
	return c == 0x2014 || c == 0x2013 || c == '-' || c == '~' || c == 0xFF5E ||
	    c == 0x81F3 /* 至 */;
}

/* xs:decimal as libxml2 validates it holds 24 digits; no notice counts
 * beyond that, so a longer number is noise, not a target. */
static bool
too_long(const ob__decimal *v)
{
	size_t digits = 0;
	for (const char *d = v->text; *d; d++)
		digits += *d >= '0' && *d <= '9';
	return digits > 24;
}

/* The second end of a range whose first number is [ns, ne) and whose
 * mark ends at at: two targets, ge the first and le the second, in the
 * second's unit.  Returns 1 when it made them (*off past them), 0 when
 * the text is no range of quantities. */
static int
range(ob_notice *n, ob__matcher *m, const char *buf, size_t len, size_t ms,
      size_t ns, size_t ne, bool pct, size_t at, size_t *off)
{
	size_t st, a, b, us, ue, ps, pe;
	while (at < len) {
		size_t i = at;
		if (!is_range_mark(ob__utf8_next(buf, len, &i)))
			break;
		at = i; /* ——: a doubled dash */
	}
	if (ob__match(m, OB_RULE_TARGET, buf, len, at, PCRE2_ANCHORED) <= 0)
		return 0;
	size_t me;
	ob__group(m, 0, &st, &me);
	if (ob__group_named(m, OB_RULE_TARGET, "cmp", &a, &b) ||
	    !ob__group_named(m, OB_RULE_TARGET, "num", &a, &b))
		return 0;
	bool has_unit = ob__group_named(m, OB_RULE_TARGET, "unit", &us, &ue);
	bool has_pct = ob__group_named(m, OB_RULE_TARGET, "pct", &ps, &pe);
	if (!has_unit && !has_pct)
		return 0;
	/* 2019—2021年 are years; 2—3年内 is a time limit */
	if (has_unit && ue - us == 3 && (!memcmp(buf + us, "年", 3) ||
	    !memcmp(buf + us, "月", 3) || !memcmp(buf + us, "日", 3)))
		return 0;
	if (me + 3 <= len && !memcmp(buf + me, "内", 3))
		return 0;
	ob__decimal lo, hi;
	if (ob__numeral_parse(buf + ns, ne - ns, &lo) ||
	    ob__numeral_parse(buf + a, b - a, &hi) || too_long(&lo) || too_long(&hi))
		return 0;
	(void)pct;
	for (int k = 0; k < 2; k++) {
		ob__target *t = OB_PUSH(n->targets);
		if (!t)
			return OB_ERR_NOMEM;
		t->span = (ob__span){ ms, me };
		t->cmp = k ? OB_CMP_LE : OB_CMP_GE;
		if (set_value(n, t, k ? &hi : &lo, has_pct ? (pe - ps == 1 ? "%" : "‰")
		    : buf + us, has_pct ? (pe - ps == 1 ? 1 : 3) : ue - us))
			return OB_ERR_NOMEM;
	}
	*off = me;
	return 1;
}

int
ob__targets_find(ob_notice *n, ob__matcher *m)
{
	const char *buf = n->text.buf;
	size_t len = n->text.len, off = 0;
	scan sc = { 0, 0, 0 };

	for (;;) {
		int r = ob__find(m, OB_RULE_TARGET, buf, len, off);
		if (r < 0)
			return r;
		if (r == 0)
			break;
		size_t ms, me, cs, ce, ns, ne, ps, pe, us, ue, ss, se;
		ob__group(m, 0, &ms, &me);
		off = me > ms ? me : ms + 1;
		bool has_cmp = ob__group_named(m, OB_RULE_TARGET, "cmp", &cs, &ce);
		ob__group_named(m, OB_RULE_TARGET, "num", &ns, &ne);
		bool has_pct = ob__group_named(m, OB_RULE_TARGET, "pct", &ps, &pe);
		bool has_unit = ob__group_named(m, OB_RULE_TARGET, "unit", &us, &ue);
		bool has_suf = ob__group_named(m, OB_RULE_TARGET, "suf", &ss, &se);

		advance(&sc, buf, ms);
		if (sc.quote || sc.title)
			continue;
		size_t st;
		uint32_t before = ob__utf8_prev(buf, ns, &st);
		if (before == 0x7B2C /* 第 */)
			continue;
		if (!has_cmp && is_range_mark(before)) {
			/* 扩展至16: 至 joins a range only after a number */
			size_t s2;
			uint32_t b2 = st > 0 ? ob__utf8_prev(buf, st, &s2) : 0;
			if (before != 0x81F3 || (b2 >= '0' && b2 <= '9') || b2 == '%' ||
			    ob__is_han(b2) == false)
				continue;
		}
		size_t after_i = me;
		uint32_t after = after_i < len ? ob__utf8_next(buf, len, &after_i) : 0;
		if (is_range_mark(after) && !has_suf) {
			/* 16—24岁, 3—12个月, 60%—70%: the low end and the high end */
			if (!has_cmp && (r = range(n, m, buf, len, ms, ns, ne, has_pct,
			    after_i, &off)) < 0)
				return r;
			continue;
		}
		if (has_unit && ue - us == 3 && !memcmp(buf + us, "周", 3) &&
		    me + 3 <= len && !memcmp(buf + me, "年", 3))
			continue; /* 100周年 */
		bool time_unit = false;
		if (has_unit)
			for (int k = 0; time_units[k]; k++)
				if (strlen(time_units[k]) == ue - us &&
				    !memcmp(buf + us, time_units[k], ue - us))
					time_unit = true;
		/* a time span is no target (3年, 近5年来, 约3个月); a bound on
		 * one is (不超过3个工作日) */
		if (time_unit && (!has_cmp || ((ce - cs == 3) && (!memcmp(buf + cs, "近", 3) ||
		    !memcmp(buf + cs, "约", 3)))))
			continue;
		/* 十九届, 5级: a rank or a grade counts only with a comparator
		 * (不超过两届, 6级左右) */
		if (has_unit && ue - us == 3 && (!memcmp(buf + us, "届", 3) ||
		    !memcmp(buf + us, "级", 3)) && !has_cmp && !has_suf)
			continue;
		/* 零增长: about nothing */
		bool zero = ne - ns == 3 && !memcmp(buf + ns, "零", 3) && !has_cmp &&
		    me + 6 <= len && !memcmp(buf + me, "增长", 6);
		if (!has_cmp && !has_suf && !has_unit && !has_pct && !zero)
			continue;
		/* a one-character numeral without a comparator counts words in
		 * names and set phrases (一批, 两个转变, 两项制度, 三个中心), is
		 * an article (一次) or an ordinal (二套房, 二次: a count is 两) */
		if (!has_cmp && !has_suf && !has_pct && ne - ns == 3 &&
		    (unsigned char)buf[ns] >= 0x80 && memcmp(buf + ns, "零", 3) &&
		    (!memcmp(buf + ns, "一", 3) || !memcmp(buf + ns, "二", 3) || !has_unit ||
		    phrase_unit(buf + us, ue - us)))
			continue;
		if (zero)
			me += 6;
		/* 分别达到65%和55%: the second value shares the comparator */
		int shared = -1;
		if (!has_cmp && n->targets.n) {
			const ob__target *p = &n->targets.v[n->targets.n - 1];
			if (p->cmp != OB_CMP_EQ && p->span.start >= 6 &&
			    !memcmp(buf + p->span.start - 6, "分别", 6) && ms >= p->span.end &&
			    ms - p->span.end == 3 && (!memcmp(buf + p->span.end, "和", 3) ||
			    !memcmp(buf + p->span.end, "、", 3) || !memcmp(buf + p->span.end, "及", 3)))
				shared = p->cmp;
		}
		/* a numeral of Chinese characters must start with a digit */
		bool percent = ne - ns > 9 && !memcmp(buf + ns, "百分之", 9);
		ob__decimal val;
		if (ob__numeral_parse(buf + ns, ne - ns, &val))
			continue;
		if (too_long(&val))
			continue;
		if (time_unit && ne - ns == 4)
			continue; /* a year */

		ob__target *t = OB_PUSH(n->targets);
		if (!t)
			return OB_ERR_NOMEM;
		t->span = (ob__span){ ms, me };
		if (zero && !has_cmp)
			t->cmp = OB_CMP_APPROX;
		else if (shared >= 0)
			t->cmp = shared;
		else if (has_suf && se - ss == 6 && !memcmp(buf + ss, "左右", 6))
			t->cmp = OB_CMP_APPROX; /* 控制在30%左右: about, whatever the verb */
		else if (has_cmp)
			t->cmp = cmp_of(buf + cs, ce - cs);
		else if (has_suf) {
			const char *s = buf + ss;
			size_t l = se - ss;
			/* （含90平方米）以下: the bound is included, as 及以下 says */
			if (l > 6 && (!memcmp(s, "（", 3) || *s == '(')) {
				const char *close = memmem(s, l, "）", 3);
				size_t skip = close ? (size_t)(close - s) + 3 :
				    (size_t)((const char *)memchr(s, ')', l) - s) + 1;
				s += skip;
				l -= skip;
			}
			if ((l == 6 && !memcmp(s, "以上", 6)) ||
			    (l == 9 && !memcmp(s, "及以上", 9)))
				t->cmp = OB_CMP_GE;
			else if (l == 6 && !memcmp(s, "左右", 6))
				t->cmp = OB_CMP_APPROX;
			else
				t->cmp = OB_CMP_LE;
		} else
			t->cmp = OB_CMP_EQ;
		const char *u = "";
		size_t ul = 0;
		if (has_pct || percent) {
			u = pe - ps == 1 || percent ? "%" : "‰";
			ul = strlen(u);
		} else if (has_unit) {
			u = buf + us;
			ul = ue - us;
		}
		if (set_value(n, t, &val, u, ul))
			return OB_ERR_NOMEM;
	}
	return 0;
}
