/* SPDX-License-Identifier: MIT */
/* segment/: input checks, cleaning, positions, sentences and words. */
#define _GNU_SOURCE /* asprintf */
#include <stdlib.h>
#include <string.h>

#include "testlib.h"
#include "text.h"

static int
check(const char *s, size_t len, ob_error *e)
{
	memset(e, 0, sizeof *e);
	return ob__input_check(s, len, 1 << 20, e);
}

START_TEST(test_input_errors)
{
	ob_error e;

	ck_assert_int_eq(check("", 0, &e), OB_ERR_EMPTY);
	ck_assert_int_eq(check(" \n\t\r\n", 5, &e), OB_ERR_EMPTY);
	ck_assert_int_eq(check("\xE3\x80\x80\n", 4, &e), OB_ERR_EMPTY); /* U+3000 */
	ck_assert_int_eq(check("ab\ncd\0ef", 8, &e), OB_ERR_BINARY);
	ck_assert_uint_eq(e.offset, 5);
	ck_assert_uint_eq(e.line, 2);
	ck_assert_uint_eq(e.column, 3);
	/* a NUL byte after an invalid UTF-8 byte: still a binary file */
	ck_assert_int_eq(check("\xFF\xFE" "a\nb\0", 6, &e), OB_ERR_BINARY);
	ck_assert_uint_eq(e.offset, 5);
	ck_assert_uint_eq(e.line, 2);
	ck_assert_int_eq(check("abc\xFF", 4, &e), OB_ERR_UTF8);
	ck_assert_uint_eq(e.offset, 3);
	ck_assert_int_eq(check("\xE4\xB8\xAD\xE4\xB8", 5, &e), OB_ERR_UTF8);
	ck_assert_uint_eq(e.offset, 3);
	ck_assert_int_eq(check("\xED\xA0\x80", 3, &e), OB_ERR_UTF8); /* a surrogate */
	ck_assert_int_eq(check("\xC0\xAF", 2, &e), OB_ERR_UTF8);     /* overlong */
	ck_assert_int_eq(ob__input_check("abcdef", 6, 5, &e), OB_ERR_TOO_LARGE);
	ck_assert_int_eq(check("中文", 6, &e), 0);
}
END_TEST

/* Cut a valid text at every byte: each prefix is either valid or refused
 * at the exact offset of the cut character, never read past. */
START_TEST(test_utf8_split_everywhere)
{
	const char *s = "一、深化“放管服”改革（省发展改革委牵头）𠀀end";
	size_t n = strlen(s);
	ob_error e;

	for (size_t cut = 1; cut <= n; cut++) {
		char *p = malloc(cut);
		memcpy(p, s, cut);
		int r = check(p, cut, &e);
		size_t lead = cut;
		while (lead > 0 && ((unsigned char)s[lead - 1] & 0xC0) == 0x80)
			lead--;
		bool whole = cut == n || ((unsigned char)s[cut] & 0xC0) != 0x80;
		if (whole)
			ck_assert_int_eq(r, 0);
		else {
			ck_assert_int_eq(r, OB_ERR_UTF8);
			ck_assert_uint_eq(e.offset, lead ? lead - 1 : 0);
		}
		free(p);
	}
}
END_TEST

static char *
cleaned_as(const char *s, ob__text *t, bool page)
{
	ck_assert_int_eq(ob__text_clean(t, s, strlen(s), page), 0);
	return t->buf;
}

static char *
cleaned(const char *s, ob__text *t)
{
	return cleaned_as(s, t, false);
}

/* The line index marks every byte that starts a character, eight bytes
 * at a time in whole blocks: against the byte-by-byte rule, on text of
 * one- to four-byte characters in every alignment, and a tail. */
START_TEST(test_character_starts)
{
	static const char *const chars[] = { "a", "\n", "é", "中", "《", "“", "😀" };
	char s[2000];
	size_t len = 0;
	uint32_t seed = 7;
	while (len < sizeof s - 8) {
		seed = seed * 1103515245u + 12345u;
		const char *c = chars[(seed >> 16) % 7];
		memcpy(s + len, c, strlen(c));
		len += strlen(c);
	}
	len -= len % 64 == 0; /* a partial last block */
	ob__text t;
	ck_assert_int_eq(ob__text_clean(&t, s, len, false), 0);
	for (size_t i = 0; i < len; i++) {
		bool start = ((unsigned char)s[i] & 0xC0) != 0x80;
		bool bit = (t.starts[i / 64] >> (i % 64)) & 1;
		if (start != bit)
			ck_abort_msg("byte %zu (%02x): start %d, bit %d", i,
			    (unsigned char)s[i], start, bit);
	}
	ob__text_free(&t);
}
END_TEST

START_TEST(test_width_and_space_folding)
{
	ob__text t;

	ck_assert_str_eq(cleaned("（１）６ 月底前完成，覆盖率１００％。", &t),
	    "(1)6月底前完成，覆盖率100%。");
	ob__text_free(&t);
	ck_assert_str_eq(cleaned("制订细则,明确范围;完成:好", &t),
	    "制订细则，明确范围；完成：好");
	ob__text_free(&t);
	ck_assert_str_eq(cleaned("标准（GB 50180）和 1,000 元", &t),
	    "标准(GB 50180)和1,000元");
	ob__text_free(&t);
	ck_assert_str_eq(cleaned("科研机构 and 人员", &t), "科研机构 and 人员");
	ob__text_free(&t);
	ck_assert_str_eq(cleaned("延长至 2022 年 4 月 30 日", &t), "延长至2022年4月30日");
	ob__text_free(&t);
	ck_assert_str_eq(cleaned("\xEF\xBB\xBF  缩进\x01文本\xEF\xBF\xBE。", &t),
	    "缩进文本\xEF\xBF\xBD。");
	ob__text_free(&t);
}
END_TEST

START_TEST(test_markdown)
{
	ob__text t;

	ck_assert_str_eq(cleaned("## 二、加强监管\n\n**（三）推进改革。**按照部署", &t),
	    "二、加强监管\n(三)推进改革。按照部署");
	ck_assert_uint_eq(t.nparas, 2);
	ck_assert_uint_eq(t.nbold, 1);
	ck_assert_str_eq(t.buf + t.bold[0].end, "按照部署");
	ob__text_free(&t);
	ck_assert_str_eq(cleaned("post\\\\_3282205 and a\\*b", &t), "post_3282205 and a*b");
	ob__text_free(&t);
	ck_assert_str_eq(cleaned("### 三、优化服务", &t), "三、优化服务");
	ob__text_free(&t);
}
END_TEST

START_TEST(test_joined_lines)
{
	ob__text t;

	/* a clause broken inside its bracket reads as one */
	ck_assert_str_eq(cleaned("完成。(省财政厅、政务服务数据管理局牵\n\n头，省有关部门负责)\n\n下一段", &t),
	    "完成。(省财政厅、政务服务数据管理局牵头，省有关部门负责)\n下一段");
	ck_assert_uint_eq(t.nparas, 2);
	ob__text_free(&t);
	/* a line after "，" continues; a marker line does not */
	ck_assert_str_eq(cleaned("推进改革，\n加快建设。\n（二）标题", &t),
	    "推进改革，加快建设。\n(二)标题");
	ob__text_free(&t);
	/* an unclosed bracket never swallows what follows */
	ck_assert_str_eq(cleaned("完成（省财政厅牵头\n\n（二）下一项。", &t),
	    "完成(省财政厅牵头\n(二)下一项。");
	ob__text_free(&t);
	/* a bracket inside the continuation: "省新闻出版局（省版权局）" */
	ck_assert_str_eq(cleaned("完成。（省委宣传部、\n省新闻出版局（省版权局）负责）\n（二）下项", &t),
	    "完成。(省委宣传部、省新闻出版局(省版权局)负责)\n(二)下项");
	ob__text_free(&t);
	/* in a rendered page nothing is joined across a line of a form feed
	 * alone; in plain text that is a page break inside a clause */
	ck_assert_str_eq(cleaned_as("发布机构：省政府(\n\f\n省财政厅牵头)", &t, true),
	    "发布机构：省政府(\n省财政厅牵头)");
	ck_assert_uint_eq(t.nparas, 2);
	ob__text_free(&t);
	ck_assert_str_eq(cleaned("推进改革，\n\f\n加快建设。（省财政厅\n\f\n牵头）", &t),
	    "推进改革，加快建设。(省财政厅牵头)");
	ck_assert_uint_eq(t.nparas, 1);
	ob__text_free(&t);
	/* heading lines stay apart */
	ck_assert_str_eq(cleaned("广东省人民政府办公厅  \n关于印发的通知", &t),
	    "广东省人民政府办公厅\n关于印发的通知");
	ob__text_free(&t);
}
END_TEST

/* A notice a scraper flattened onto one line is cut where its lines were
 * (segment/runin.c). */
START_TEST(test_runin_lines)
{
	ob__text t;
	/* padding that makes a line long enough to be looked at */
	char body[2048] = "";
	for (int k = 0; k < 40; k++)
		strcat(body, "推进改革");

	char *s;
	/* spaces after sentences, short title and signature lines, run-in
	 * markers: one paragraph per line it was made of */
	ck_assert_int_gt(asprintf(&s,
	    "关于印发方案的通知 各区人民政府： 现将方案印发给你们。 某市人民政府 "
	    "2023年1月5日 一、总体要求 %s。 二、主要任务 （一）加强领导。%s。"
	    "（二）完善机制。%s。1.建立制度。2.开展评估。", body, body, body), 0);
	const char *want[] = { "关于印发方案的通知", "各区人民政府：",
		"现将方案印发给你们。", "某市人民政府", "2023年1月5日",
		"一、总体要求", NULL /* body */, "二、主要任务", NULL,
		NULL, "1.建立制度。", "2.开展评估。" };
	cleaned(s, &t);
	ck_assert_uint_eq(t.nparas, sizeof want / sizeof *want);
	for (size_t k = 0; k < t.nparas; k++)
		if (want[k])
			ck_assert_int_eq(memcmp(t.buf + t.paras[k].start, want[k],
			    strlen(want[k])), 0);
	ck_assert(!memcmp(t.buf + t.paras[8].start, "(一)加强领导。", 20));
	ck_assert(!memcmp(t.buf + t.paras[9].start, "(二)完善机制。", 20));
	ob__text_free(&t);
	free(s);

	/* not breaks: spaced-out single characters, a space inside a
	 * sentence, by a number or a Latin word, before 、; not markers:
	 * 一是 二是, 第一, 统一、, a decimal, a date, a marker that is
	 * neither the first nor the next */
	ck_assert_int_gt(asprintf(&s,
	    "通知标题 各单位： 要求如下。 工 作 任 务 %s，申请下 一阶段，到2024 年实现5G 网络覆盖，"
	    "限额 、余额。一是统一、规范；二是增长1.5倍；第一，12月31日前完成；3.跳号。"
	    "某市人民政府 2023年1月5日", body), 0);
	cleaned(s, &t);
	/* the signature's date alone is a line of its own */
	ck_assert_uint_eq(t.nparas, 5);
	ck_assert(!memcmp(t.buf + t.paras[3].start, "工作任务", 12));
	ck_assert(strstr(t.buf, "一是统一、规范；二是增长1.5倍；第一，12月31日前完成；3.跳号。某市人民政府\n"));
	ck_assert(!memcmp(t.buf + t.paras[4].start, "2023年1月5日", 14));
	ob__text_free(&t);
	free(s);

	/* a signature inside the line, after a long piece: a body's name and
	 * a date, each alone; an attachment's number and a 一、 that starts
	 * the sections again */
	ck_assert_int_gt(asprintf(&s,
	    "关于下达目标责任的通知 各单位： 现印发给你们。 一、总体要求 %s。 二、考核 %s。 "
	    "附件：1.区直各部门目标责任2.各乡镇人民政府目标责任名单 某区管委会 2016年4月14日 "
	    "附件1 2016年区党工委、管委会办公室目标责任 一、深入学习%s。", body, body, body), 0);
	cleaned(s, &t);
	const char *sig[] = { "某区管委会", "2016年4月14日", "附件1", "2016年区党工委、管委会办公室目标责任",
		"一、深入学习" };
	size_t at = 0;
	while (at < t.nparas && memcmp(t.buf + t.paras[at].start, sig[0], strlen(sig[0])))
		at++;
	ck_assert_uint_eq(t.nparas, at + 5);
	for (size_t k = 0; k < 5; k++)
		ck_assert_int_eq(memcmp(t.buf + t.paras[at + k].start, sig[k], strlen(sig[k])), 0);
	/* the attachment list's last entry ends before the signature */
	ck_assert(!memcmp(t.buf + t.paras[at - 1].end - 6, "名单", 6));
	ob__text_free(&t);
	free(s);

	/* a task table's cells run together: group rows and numbered rows
	 * that continue their sequence after any character */
	ck_assert_int_gt(asprintf(&s,
	    "分解表的通知 各部门： 现印发给你们。 某省人民政府办公厅 2016年5月27日 "
	    "工作任务牵头单位一、围绕改革推进公开（一）推进清单公开1.公开权力清单省编办%s。"
	    "2.推动清单公开（二）推进监管公开3.公开抽查结果省市场监管局。二、围绕发展推进公开"
	    "（一）推进政策公开4.做好政策解读省发展改革委。", body), 0);
	cleaned(s, &t);
	const char *rows[] = { "一、围绕改革推进公开", "(一)推进清单公开",
		"1.公开权力清单", "2.推动清单公开", "(二)推进监管公开",
		"3.公开抽查结果", "二、围绕发展推进公开", "(一)推进政策公开",
		"4.做好政策解读" };
	ck_assert_uint_eq(t.nparas, 6 + sizeof rows / sizeof *rows);
	for (size_t k = 0; k < sizeof rows / sizeof *rows; k++)
		ck_assert_msg(!memcmp(t.buf + t.paras[6 + k].start, rows[k],
		    strlen(rows[k])), "row %zu", k);
	ob__text_free(&t);
	free(s);

	/* a long line laid out as written (one space, no sentence before
	 * it) is left whole */
	ck_assert_int_gt(asprintf(&s, "一、总体要求 %s，（含）以上。1.同步实施；2.费用纳入。", body), 0);
	cleaned(s, &t);
	ck_assert_uint_eq(t.nparas, 1);
	ob__text_free(&t);
	free(s);
}
END_TEST

START_TEST(test_positions)
{
	ob__text t;
	const char *s = "标题\n\n**（三）推进改革。**正文\r\n第二行６月";
	ob__pos a, b;

	cleaned(s, &t);
	const char *p = strstr(t.buf, "推进");
	ob__span sp = { (size_t)(p - t.buf), (size_t)(p - t.buf) + 6 };
	ob__text_span_pos(&t, sp, &a, &b);
	ck_assert_uint_eq(a.line, 3);
	ck_assert_uint_eq(a.col, 6); /* after ** and （三） */
	ck_assert_uint_eq(b.col, 7);
	p = strstr(t.buf, "6月");
	sp = (ob__span){ (size_t)(p - t.buf), (size_t)(p - t.buf) + 4 };
	ob__text_span_pos(&t, sp, &a, &b);
	ck_assert_uint_eq(a.line, 4);
	ck_assert_uint_eq(a.col, 4); /* the full-width ６ */
	ck_assert_uint_eq(b.col, 5);
	ob__text_free(&t);
}
END_TEST

/* Columns on a long line are counted through the 1 KiB marks. */
START_TEST(test_positions_long_line)
{
	size_t n = 5000;
	char *s = malloc(n * 3 + 8);
	for (size_t i = 0; i < n; i++)
		memcpy(s + 3 * i, "中", 3);
	strcpy(s + 3 * n, "X");
	ob__text t;
	cleaned(s, &t);
	ob__pos a, b;
	ob__text_span_pos(&t, (ob__span){ 3 * n, 3 * n + 1 }, &a, &b);
	ck_assert_uint_eq(a.line, 1);
	ck_assert_uint_eq(a.col, n + 1);
	ob__text_span_pos(&t, (ob__span){ 3 * 2000, 3 * 2000 + 3 }, &a, &b);
	ck_assert_uint_eq(a.col, 2001);
	ob__text_free(&t);
	free(s);
}
END_TEST

/* The writer's cursor gives what the plain lookup gives, whichever way
 * the positions asked for go: forward, back, in jumps. */
START_TEST(test_positions_cursor)
{
	char path[4096];
	size_t len;
	char *s = tl_read(tl_path(path, sizeof path, ob_test_srcdir,
	    "tests/notices/zj-2022-markdown.txt"), &len);
	ck_assert_ptr_nonnull(s);
	ob__text t;
	cleaned(s, &t);
	ck_assert_uint_gt(t.nruns, 10);
	ob__pos_cursor cur = { 0, 0 };
	size_t step[] = { 1, 7, 301, 4093 };
	for (size_t k = 0; k < 2 * sizeof step / sizeof *step; k++) {
		for (size_t i = 0; i < t.len; i += step[k % 4]) {
			/* forward, then from the other end back */
			size_t p = k < 4 ? i : t.len - 1 - i;
			ob__span sp = { p, p + 1 + (p * 7919) % 40 };
			if (sp.end > t.len)
				sp.end = t.len;
			ob__pos a, b, c, d;
			ob__text_span_pos(&t, sp, &a, &b);
			ob__text_span_pos_at(&t, sp, &c, &d, &cur);
			ck_assert_msg(a.line == c.line && a.col == c.col &&
			    b.line == d.line && b.col == d.col,
			    "[%zu, %zu): %u:%u-%u:%u against %u:%u-%u:%u", (size_t)sp.start,
			    (size_t)sp.end, a.line, a.col, b.line, b.col, c.line, c.col,
			    d.line, d.col);
		}
	}
	ob__text_free(&t);
	free(s);
}
END_TEST

/* A text that lets its input go gives back every byte of it, and the
 * same positions, from the cleaned text and the pieces it kept. */
static const char *const drop_inputs[] = { "corpus/gd-2021-fangguanfu.txt",
	"tests/notices/zj-2022-markdown.txt", "tests/notices/hn-2021-tricky.txt",
	"tests/notices/sd-2023-labelled.txt" };

START_TEST(test_drop_orig)
{
	char path[4096];
	size_t len;
	char *s = tl_read(tl_path(path, sizeof path, ob_test_srcdir,
	    drop_inputs[_i]), &len);
	ck_assert_ptr_nonnull(s);
	/* full-width forms, spaces and markers the cleaning drops or folds */
	const char *extra = "\n\n  （十）**加快　推进** ６ 月底前完成\\。\r\n";
	s = realloc(s, len + strlen(extra) + 1);
	strcpy(s + len, extra);
	len += strlen(extra);
	ob__text t;
	ck_assert_int_eq(ob__text_clean(&t, s, len, false), 0);
	ob__pos *before = malloc(t.len * sizeof *before);
	for (size_t p = 0; p < t.len; p++) {
		ob__pos x;
		ob__text_span_pos(&t, (ob__span){ p, p + 1 }, &before[p], &x);
	}
	ck_assert(ob__text_drop_orig(&t));
	ck_assert_ptr_null(t.orig);
	char *back = malloc(len + 1);
	ob__text_orig_bytes(&t, 0, len, back);
	ck_assert(!memcmp(back, s, len));
	for (size_t a = 0; a < len; a += 1 + a % 7) {
		size_t b = a + 1 + (a * 31) % 50;
		if (b > len)
			b = len;
		ob__text_orig_bytes(&t, a, b, back);
		ck_assert_msg(!memcmp(back, s + a, b - a), "[%zu, %zu)", a, b);
	}
	for (size_t p = 0; p < t.len; p++) {
		ob__pos x, y;
		ob__text_span_pos(&t, (ob__span){ p, p + 1 }, &x, &y);
		ck_assert(x.line == before[p].line && x.col == before[p].col);
	}
	free(before);
	free(back);
	ob__text_free(&t);
	free(s);
}
END_TEST

typedef struct pieces {
	const ob__text *t;
	char got[512];
	int n;
} pieces;

static int
collect(void *ud, ob__span s)
{
	pieces *p = ud;
	strncat(p->got, p->t->buf + s.start, s.end - s.start);
	strcat(p->got, "|");
	p->n++;
	return 0;
}

START_TEST(test_sentences_and_words)
{
	ob__text t;
	ob__sentencer *s;
	pieces p = { &t, "", 0 };

	cleaned("完善机制；加快建设。推进改革！是否可行？", &t);
	ck_assert_int_eq(ob__sentencer_new(&s), 0);
	ck_assert_int_eq(ob__sentences(s, &t, (ob__span){ 0, t.len }, false, collect, &p), 0);
	ck_assert_str_eq(p.got, "完善机制；|加快建设。|推进改革！|是否可行？|");
	p = (pieces){ &t, "", 0 };
	ck_assert_int_eq(ob__sentences(s, &t, (ob__span){ 0, t.len }, true, collect, &p), 0);
	/* dictionary word break: words, no punctuation */
	ck_assert_int_ge(p.n, 6);
	ck_assert_ptr_null(strstr(p.got, "。"));
	ck_assert_ptr_nonnull(strstr(p.got, "|改革|"));
	ob__sentencer_free(s);
	ob__text_free(&t);
}
END_TEST

Suite *
segment_suite(void)
{
	Suite *s = suite_create("segment");
	TCase *tc = tcase_create("segment");
	tcase_add_test(tc, test_input_errors);
	tcase_add_test(tc, test_utf8_split_everywhere);
	tcase_add_test(tc, test_character_starts);
	tcase_add_test(tc, test_width_and_space_folding);
	tcase_add_test(tc, test_markdown);
	tcase_add_test(tc, test_joined_lines);
	tcase_add_test(tc, test_runin_lines);
	tcase_add_test(tc, test_positions);
	tcase_add_test(tc, test_positions_long_line);
	tcase_add_loop_test(tc, test_drop_orig, 0,
	    sizeof drop_inputs / sizeof *drop_inputs);
	tcase_add_test(tc, test_positions_cursor);
	tcase_add_test(tc, test_sentences_and_words);
	suite_add_tcase(s, tc);
	return s;
}
