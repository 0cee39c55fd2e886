/* SPDX-License-Identifier: MIT */
/*
 * test_numeral.c — the numeral parser: every written form, the rejections,
 * the 60-digit limit and rounding of fractions that never end.
 */
#include <check.h>

#include "testlib.h"
#include <string.h>

#include "numeral.h"

struct good {
	const char *in;
	const char *want;
	bool exact;
};

static const struct good arabic[] = {
	{ "250", "250", true },
	{ "1.2", "1.2", true },
	{ "20000", "20000", true },
	{ "0.75", "0.75", true },
	{ "0", "0", true },
	{ "0.0", "0", true },
	{ "1.50", "1.5", true },
	{ "007", "7", true },
	{ "0.05", "0.05", true },
	{ "1,000", "1000", true },
	{ "12,345,678", "12345678", true },
	{ "1,000.25", "1000.25", true },
	{ "-5", "-5", true },
	{ "-0", "0", true },	/* never "-0" */
	{ "-0.5", "-0.5", true },
};

static const struct good multiplied[] = {
	{ "1.2亿", "120000000", true },
	{ "900万", "9000000", true },
	{ "1.5万", "15000", true },
	{ "3千万", "30000000", true },
	{ "5百万", "5000000", true },
	{ "2万亿", "2000000000000", true },
	{ "1.5十万", "150000", true },
	{ "12000万", "120000000", true },
	{ "1,000万", "10000000", true },
	{ "0.5亿", "50000000", true },
	{ "1亿2000万", "120000000", true },
	{ "3亿5000万", "350000000", true },
	{ "2万5千", "25000", true },
	{ "1万5000", "15000", true },
	{ "3千500", "3500", true },
};

static const struct good chinese[] = {
	{ "二百五十", "250", true },
	{ "十五", "15", true },
	{ "十", "10", true },
	{ "二十", "20", true },
	{ "一百零五", "105", true },
	{ "一百〇五", "105", true },
	{ "一千零五十", "1050", true },
	{ "三千万", "30000000", true },
	{ "一亿二千万", "120000000", true },
	{ "两千", "2000", true },
	{ "两", "2", true },
	{ "两亿", "200000000", true },
	{ "两百二十二", "222", true },
	{ "十万", "100000", true },
	{ "百万", "1000000", true },
	{ "零", "0", true },
	{ "五", "5", true },
	{ "一千二百三十四万五千六百七十八", "12345678", true },
	{ "一亿零五百万", "105000000", true },
	{ "一万零五", "10005", true },
	{ "一亿五万", "100050000", true },
	{ "二十万五千", "205000", true },
	/* the spoken shorthand: a last lone digit takes the next unit down */
	{ "一百五", "150", true },
	{ "一千五", "1500", true },
	{ "两万三", "23000", true },
	{ "一亿五", "150000000", true },
	/* digit by digit */
	{ "二〇二一", "2021", true },
	{ "一九四九", "1949", true },
	{ "〇五", "5", true },
	{ "负三", "-3", true },
	/* financial and traditional forms */
	{ "壹仟贰佰叁拾肆", "1234", true },
	{ "伍万", "50000", true },
	{ "玖佰玖拾玖亿", "99900000000", true },
	{ "兩萬", "20000", true },
};

static const struct good decimals[] = {
	{ "一点五", "1.5", true },
	{ "一点五亿", "150000000", true },
	{ "零点五", "0.5", true },
	{ "三点一四", "3.14", true },
	{ "一点零五", "1.05", true },
	{ "二点五〇", "2.5", true },
	{ "十二点五万", "125000", true },
	{ "一点五千万", "15000000", true },
	{ "一点二万亿", "1200000000000", true },
	{ "一百点二五", "100.25", true },
};

static const struct good fractions[] = {
	{ "二分之一", "0.5", true },
	{ "4分之1", "0.25", true },
	{ "十分之一", "0.1", true },
	{ "八分之一", "0.125", true },
	{ "五分之四", "0.8", true },
	{ "一百分之一", "0.01", true },	/* 一百 is a number, not the % mark */
	{ "二分之三", "1.5", true },
	{ "0.5分之1", "2", true },
	{ "三分之二", "0.666667", false },
	{ "三分之一", "0.333333", false },
	{ "七分之一", "0.142857", false },
	{ "六分之五", "0.833333", false },
	/* 0.5714285…: a seventh decimal of exactly 5 rounds up */
	{ "七分之四", "0.571429", false },
	{ "七分之三", "0.428571", false },
	{ "三分之五", "1.666667", false },
	{ "九分之一百", "11.111111", false },
	/* 0.99999966… rounds up through every digit */
	{ "3000000分之2999999", "1", false },
	{ "负三分之一", "-0.333333", false },
	/* %, ‰ and ‱: the numerator is the value */
	{ "百分之二十", "20", true },
	{ "千分之五", "5", true },
	{ "万分之三", "3", true },
	{ "百分之2.5", "2.5", true },
	{ "百分之二点五", "2.5", true },
	{ "百分之一百二十", "120", true },
};

static const struct good big[] = {
	{ "一万亿", "1000000000000", true },
	{ "一千万亿", "1000000000000000", true },
	{ "一万二千亿", "1200000000000", true },
	{ "一万亿二千万", "1000020000000", true },
	{ "123456789012345678901234567890", "123456789012345678901234567890", true },
	{ "123456789012345678901234567890.123456789012345678901234567890",
	  "123456789012345678901234567890.12345678901234567890123456789", true },
	{ "999999999999999999999999999999999999999999999999999999999999",
	  "999999999999999999999999999999999999999999999999999999999999", true },
	{ "0.00000000000000000000000000000000000000000000000000000000001",
	  "0.00000000000000000000000000000000000000000000000000000000001", true },
	/* trailing zeros do not count towards the limit */
	{ "1.5000000000000000000000000000000000000000000000000000000000000000000000",
	  "1.5", true },
};

static void check_good(const struct good *g)
{
	ob__decimal d;

	memset(&d, 0x55, sizeof d);
	ck_assert_msg(ob__numeral_parse(g->in, strlen(g->in), &d) == 0,
		      "\"%s\" was rejected", g->in);
	ck_assert_str_eq(d.text, g->want);
	ck_assert_msg(d.exact == g->exact, "\"%s\": exact is %d", g->in, d.exact);
}

#define GOOD_TEST(name, table)					\
	START_TEST(name)					\
	{							\
		check_good(&table[_i]);				\
	}							\
	END_TEST

GOOD_TEST(test_arabic, arabic)
GOOD_TEST(test_multiplied, multiplied)
GOOD_TEST(test_chinese, chinese)
GOOD_TEST(test_decimals, decimals)
GOOD_TEST(test_fractions, fractions)
GOOD_TEST(test_big, big)

static const char *const bad[] = {
	"",
	"十十",
	"分之一",
	"二分之",
	"分之",
	"二分之一分之一",
	"零分之一",
	"0分之1",
	"1..2",
	"1.",
	".5",
	"1.2.3",
	"1,00",
	"1,0000",
	",100",
	"1000,000",
	"1,000,00",
	"1,00,000",	/* lakh grouping is not ours */
	"1,0000,000",
	"1 000",
	" 5",
	"5 ",
	"abc",
	"五a",
	"5%",
	"万",
	"亿",
	"亿万",
	"万亿",
	"一亿亿",
	"一万万",
	"二亿三亿",
	"一十百",
	"百十",
	"二十十",
	"一百零",
	"一千零零五",
	"零五十",
	"零十",
	"五五十",
	"十二十",
	"一百二百",
	"点五",
	"一点",
	"一点两",
	"一点五六七八十百",
	"一点五万万",
	"1点5",
	"一点5",
	"一.五",
	"二〇两一",
	"十两",
	"两十",
	"一亿两",
	"一万两",
	"2〇21",
	"二0二一",
	"1万5",		/* 15000 or 10005: not guessed */
	"5百3",
	"1万2.5",
	"1万25百",
	"1亿20000万",
	"0千",
	"--5",
	"-",
	"负",
	"+5",
	"5-",
	"三-",
	"百分之",
	"千分之五分之",
};

START_TEST(test_reject)
{
	ob__decimal d;

	memset(&d, 0x55, sizeof d);
	ck_assert_msg(ob__numeral_parse(bad[_i], strlen(bad[_i]), &d) == -1,
		      "\"%s\" was accepted as %s", bad[_i], d.text);
	/* a failed parse leaves *out alone */
	ck_assert_int_eq((unsigned char)d.text[0], 0x55);
}
END_TEST

START_TEST(test_reject_bytes)
{
	ob__decimal d;

	/* a NUL inside the span, and UTF-8 cut inside 十 (e5 8d 81) */
	ck_assert_int_eq(ob__numeral_parse("一\0二", 7, &d), -1);
	ck_assert_int_eq(ob__numeral_parse("二\xe5\x8d", 5, &d), -1);
	ck_assert_int_eq(ob__numeral_parse("\xe5\x8d\x81", 2, &d), -1);
	ck_assert_int_eq(ob__numeral_parse("\xff", 1, &d), -1);
	ck_assert_int_eq(ob__numeral_parse(NULL, 0, &d), -1);
	ck_assert_int_eq(ob__numeral_parse("5", 1, NULL), -1);
}
END_TEST

START_TEST(test_span)
{
	ob__decimal d;

	/* only s[0..len) is read: the numeral inside running text */
	ck_assert_int_eq(ob__numeral_parse("1.2亿元", strlen("1.2亿"), &d), 0);
	ck_assert_str_eq(d.text, "120000000");
	ck_assert_int_eq(ob__numeral_parse("25万", 2, &d), 0);
	ck_assert_str_eq(d.text, "25");
	/* ...and 万 cut in half is not a numeral */
	ck_assert_int_eq(ob__numeral_parse("25万", 4, &d), -1);
}
END_TEST

START_TEST(test_overflow)
{
	char buf[256];
	ob__decimal d;

	/* 60 digits pass, 61 fail */
	memset(buf, '9', 60);
	ck_assert_int_eq(ob__numeral_parse(buf, 60, &d), 0);
	ck_assert_int_eq(strlen(d.text), 60);
	memset(buf, '9', 61);
	ck_assert_int_eq(ob__numeral_parse(buf, 61, &d), -1);

	/* leading zeros are free */
	memset(buf, '0', 200);
	buf[200] = '7';
	ck_assert_int_eq(ob__numeral_parse(buf, 201, &d), 0);
	ck_assert_str_eq(d.text, "7");

	/* "0." and 59 decimals is 60 digits; one more is over */
	strcpy(buf, "0.");
	memset(buf + 2, '1', 60);
	ck_assert_int_eq(ob__numeral_parse(buf, 61, &d), 0);
	ck_assert_int_eq(strlen(d.text), 61);
	ck_assert_int_eq(ob__numeral_parse(buf, 62, &d), -1);

	/* the widest value: sign, 59 digits, point, 1 decimal, NUL */
	buf[0] = '-';
	memset(buf + 1, '9', 59);
	strcpy(buf + 60, ".5");
	ck_assert_int_eq(ob__numeral_parse(buf, 62, &d), 0);
	ck_assert_int_eq(strlen(d.text), 62);

	/* 53 digits times 亿 is 61 digits; times 万 it is 57 */
	memset(buf, '9', 53);
	strcpy(buf + 53, "亿");
	ck_assert_int_eq(ob__numeral_parse(buf, strlen(buf), &d), -1);
	strcpy(buf + 53, "万");
	ck_assert_int_eq(ob__numeral_parse(buf, strlen(buf), &d), 0);
	ck_assert_int_eq(strlen(d.text), 57);

	/* digit by digit past the limit, and past the token limit */
	buf[0] = '\0';
	for (int i = 0; i < 61; i++)
		strcat(buf, "九");
	ck_assert_int_eq(ob__numeral_parse(buf, strlen(buf), &d), -1);
	ck_assert_int_eq(ob__numeral_parse(buf, strlen("九") * 60, &d), 0);

	/* a fraction whose quotient is too long */
	ck_assert_int_eq(ob__numeral_parse("0.000000000000000000000000000001分之"
					   "999999999999999999999999999999999",
					   strlen("0.000000000000000000000000000001分之"
						  "999999999999999999999999999999999"),
					   &d), -1);
}
END_TEST

START_TEST(test_long_division)
{
	ob__decimal d;
	/* 2^-40 terminates after 40 decimals: exact, not rounded */
	const char *in = "1099511627776分之1";

	ck_assert_int_eq(ob__numeral_parse(in, strlen(in), &d), 0);
	ck_assert_str_eq(d.text, "0.0000000000009094947017729282379150390625");
	ck_assert(d.exact);

	/* 1/3 of a large amount keeps every integer digit */
	in = "3分之100000000000000000000";
	ck_assert_int_eq(ob__numeral_parse(in, strlen(in), &d), 0);
	ck_assert_str_eq(d.text, "33333333333333333333.333333");
	ck_assert(!d.exact);

	/* decimals on both sides */
	in = "0.3分之0.1";
	ck_assert_int_eq(ob__numeral_parse(in, strlen(in), &d), 0);
	ck_assert_str_eq(d.text, "0.333333");
	in = "0.25分之1.5";
	ck_assert_int_eq(ob__numeral_parse(in, strlen(in), &d), 0);
	ck_assert_str_eq(d.text, "6");
	ck_assert(d.exact);
}
END_TEST

#define N(a) ((int)(sizeof(a) / sizeof((a)[0])))

Suite *numeral_suite(void)
{
	Suite *s = suite_create("numeral");
	TCase *tc = tcase_create("forms");

	tcase_add_loop_test(tc, test_arabic, 0, N(arabic));
	tcase_add_loop_test(tc, test_multiplied, 0, N(multiplied));
	tcase_add_loop_test(tc, test_chinese, 0, N(chinese));
	tcase_add_loop_test(tc, test_decimals, 0, N(decimals));
	tcase_add_loop_test(tc, test_fractions, 0, N(fractions));
	tcase_add_loop_test(tc, test_big, 0, N(big));
	suite_add_tcase(s, tc);

	tc = tcase_create("limits");
	tcase_add_loop_test(tc, test_reject, 0, N(bad));
	tcase_add_test(tc, test_reject_bytes);
	tcase_add_test(tc, test_span);
	tcase_add_test(tc, test_overflow);
	tcase_add_test(tc, test_long_division);
	suite_add_tcase(s, tc);
	return s;
}
