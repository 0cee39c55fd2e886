/* SPDX-License-Identifier: MIT */
/*
 * Pathological inputs, as cmark keeps them: each built at two sizes (the
 * second four times the first), extracted and written (validation on),
 * its CPU time measured three times; the case fails when the time per MB
 * at the larger size is more than 1.5 times that at the smaller one, that
 * is when the work grows faster than the input.  Speed checks live here,
 * among the benchmarks, never in the timed unit tests, which a loaded
 * machine would make fail at random; a ratio of two sizes on one machine
 * is what can be trusted.
 *
 * The exit status is 1 when a case fails.
 */
#include "benchlib.h"

#include <stdarg.h>

/* A growing string. */
typedef struct buf {
	char *s;
	size_t n, cap;
} buf;

static void
put(buf *b, const char *fmt, ...)
{
	va_list ap;
	for (;;) {
		va_start(ap, fmt);
		int k = vsnprintf(b->s + b->n, b->cap - b->n, fmt, ap);
		va_end(ap);
		if (k >= 0 && (size_t)k < b->cap - b->n) {
			b->n += (size_t)k;
			return;
		}
		b->cap = 2 * b->cap + (size_t)k + 64;
		b->s = realloc(b->s, b->cap);
		if (!b->s)
			exit(1);
	}
}

#define HEAD "2021年测试工作安排\n\n一、总体要求\n\n"

/* Thousands of items, each with three labelled lines, ten to a section
 * (the layout of tests/notices/sd-2023-labelled.txt). */
static void
labelled(buf *b, int n)
{
	static const char *const cn[] = { "一", "二", "三", "四", "五", "六", "七",
		"八", "九", "十" };
	put(b, "2021年测试工作安排\n\n");
	for (int k = 0; k < n; k++) {
		if (k % 10 == 0)
			put(b, "%s、第%d部分\n\n", cn[(k / 10) % 10], k / 10 + 1);
		put(b, "（%s）推进第%d项工作。完善制度。\n牵头单位：省财政厅\n"
		    "责任单位：省发展改革委、省科技厅\n完成时限：2021年12月底前\n\n",
		    cn[k % 10], k);
	}
}

/* One item, on one line: lead, then piece n times (its %d the count),
 * then tail. */
static void
item_of(buf *b, const char *lead, const char *piece, const char *tail, int n)
{
	put(b, HEAD "（一）%s", lead);
	for (int k = 0; k < n; k++)
		put(b, piece, k);
	put(b, "%s\n", tail);
}

/* One item of n sentences. */
static void
one_item(buf *b, int n)
{
	item_of(b, "推进重点工作。",
	    "各地要加强组织领导，压实工作责任，确保第%d批任务6月底前完成。",
	    "（省财政厅牵头）", n);
}

/* n document titles in one item. */
static void
titles(buf *b, int n)
{
	item_of(b, "制定配套文件。", "印发《关于推进第%d项工作的意见》，", "年底前完成。", n);
}

/* 2n parentheses in one line. */
static void
parentheses(buf *b, int n)
{
	item_of(b, "推进工作。", "（甲）", "", n);
}

/* n items, each with two deadlines and an agency clause. */
static void
deadlines(buf *b, int n)
{
	put(b, HEAD);
	for (int k = 1; k <= n; k++)
		put(b, "%d.推进第%d项工作。年底前完成，6月底前启动，2022年3月31日前验收。"
		    "（省财政厅牵头，省科技厅配合）\n", k, k);
}

/* n opening brackets, then as many closing ones, in one line. */
static void
nesting(buf *b, int n)
{
	put(b, HEAD "（一）推进工作。");
	for (int k = 0; k < n; k++)
		put(b, "（");
	put(b, "省财政厅牵头");
	for (int k = 0; k < n; k++)
		put(b, "）");
	put(b, "\n");
}

/* n items each defining an alias and an acronym: the two kinds are found
 * by two scans and merged in text order. */
static void
aliases(buf *b, int n)
{
	put(b, HEAD);
	for (int k = 1; k <= n; k++) {
		char acr[16];
		int a = 0;
		acr[a++] = 'P';
		for (int x = k; x; x /= 26)
			acr[a++] = (char)('A' + x % 26);
		acr[a] = '\0';
		put(b, "%d.建设第%d号综合服务平台（以下简称平台%d），推广建筑信息模型（%s）。\n",
		    k, k, k, acr);
	}
}

static const struct {
	const char *name;
	void (*make)(buf *, int);
	int n; /* the smaller size; the larger is 4 n */
} cases[] = {
	{ "labelled lines", labelled, 12000 },
	{ "one item (2 and 8 MB)", one_item, 23000 },
	{ "document titles (10,000)", titles, 2500 },
	{ "parentheses (100,000)", parentheses, 12500 },
	{ "a deadline in every item", deadlines, 5000 },
	{ "deep bracket nesting", nesting, 10000 },
	{ "aliases and acronyms", aliases, 10000 },
};

/* Median CPU seconds of three parses and writes of s. */
static double
time_it(const ob_ruleset *rs, const char *s, size_t len)
{
	double t[3];
	FILE *null = fopen("/dev/null", "w");
	for (int r = 0; r < 3; r++) {
		ob_error e;
		ob_notice *n;
		ob_options o = { .source = "pathological.txt" };
		double t0 = bl_cpu_self();
		if (ob_notice_parse(rs, s, len, &o, &n, &e) ||
		    ob_notice_write_xml(n, null, &e)) {
			fprintf(stderr, "error: %s\n", e.message);
			exit(1);
		}
		t[r] = bl_cpu_self() - t0;
		ob_notice_free(n);
	}
	fclose(null);
	return bl_median(t, 3);
}

int
main(void)
{
	ob_ruleset *rs;
	ob_error e;
	bool ok = true;

	if (ob_ruleset_new(&rs, &e))
		return 1;
	/* the first notice loads the schema: not part of any case */
	{
		const char *s = HEAD "（一）推进。\n";
		time_it(rs, s, strlen(s));
	}
	printf("CPU time per MB (median of 3) at two sizes; fails above x1.5\n");
	for (size_t c = 0; c < sizeof cases / sizeof *cases; c++) {
		double per[2], mb[2];
		for (int k = 0; k < 2; k++) {
			buf b = { 0 };
			cases[c].make(&b, k ? 4 * cases[c].n : cases[c].n);
			mb[k] = (double)b.n / 1e6;
			per[k] = time_it(rs, b.s, b.n) / mb[k];
			free(b.s);
		}
		double g = per[1] / per[0];
		bool pass = g <= 1.5;
		printf("  %-26s %6.2f MB %7.1f ms/MB  %6.2f MB %7.1f ms/MB  x%.2f  %s\n",
		    cases[c].name, mb[0], 1e3 * per[0], mb[1], 1e3 * per[1], g,
		    pass ? "ok" : "GROWS FASTER THAN THE INPUT");
		ok = ok && pass;
	}
	ob_ruleset_free(rs);
	return ok ? 0 : 1;
}
