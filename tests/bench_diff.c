/* SPDX-License-Identifier: MIT */
/*
 * Diff speed: two 40-item notices (the bundled one and an edited copy),
 * and two synthetic 2,000-item plans built from its items (each item
 * repeated with its own number, one in ten edited).  Targets: the 40-item
 * diff under 50 ms, the 2,000-item diff under 2 s, on one core.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "diff.h"

static double
now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static char *
write_tmp(const char *data)
{
	char *p = strdup("/tmp/oblix-bench-diff-XXXXXX");
	int fd = mkstemp(p);
	if (fd < 0 || write(fd, data, strlen(data)) != (ssize_t)strlen(data))
		exit(1);
	close(fd);
	return p;
}

/* A plan of n items: the bundled notice's item paragraphs, numbered in
 * turn, every tenth edited when edit is set. */
static char *
plan(const char *seed, int n, bool edit)
{
	const char *p = seed;
	char **items = NULL;
	size_t ni = 0;
	while ((p = strstr(p, "\n**"))) {
		p += 1;
		const char *e = strchr(p, '\n');
		size_t l = e ? (size_t)(e - p) : strlen(p);
		items = realloc(items, (ni + 1) * sizeof *items);
		items[ni++] = strndup(p, l);
		p += l;
	}
	size_t cap = (size_t)n * 1200 + 1024, len = 0;
	char *out = malloc(cap);
	len += (size_t)sprintf(out, "2021年测试工作安排\n\n一、测试\n\n");
	for (int k = 0; k < n; k++) {
		const char *it = items[k % ni];
		const char *body = strstr(it, "。**");
		body = body ? body + 5 : it;
		len += (size_t)snprintf(out + len, cap - len, "(%d)第%d项任务。%s%s\n\n", k + 1, k,
		    edit && k % 10 == 0 ? "年底前完成新增任务。" : "", body);
	}
	for (size_t k = 0; k < ni; k++)
		free(items[k]);
	free(items);
	return out;
}

static double
time_diff(const char *a, const char *b)
{
	FILE *null = fopen("/dev/null", "w");
	ob_error e;
	double t0 = now();
	if (ob__diff_run(a, b, null, &e)) {
		fprintf(stderr, "diff: %s\n", e.message);
		exit(1);
	}
	fclose(null);
	return now() - t0;
}

int
main(void)
{
	const char *src = getenv("OBLIX_SRCDIR") ? getenv("OBLIX_SRCDIR") : ".";
	char path[4096];
	snprintf(path, sizeof path, "%s/corpus/gd-2021-fangguanfu.txt", src);
	FILE *fp = fopen(path, "rb");
	static char seed[1 << 16];
	size_t n = fp ? fread(seed, 1, sizeof seed - 1, fp) : 0;
	if (fp)
		fclose(fp);
	seed[n] = '\0';
	char *edited = strdup(seed);
	char *at = strstr(edited, "不少于250台");
	if (at)
		memcpy(at, "不少于300台", strlen("不少于300台"));
	char *a = write_tmp(seed), *b = write_tmp(edited);
	time_diff(a, b); /* warm: ICU data, the schema */
	double t40 = time_diff(a, b);
	char *p1 = plan(seed, 2000, false), *p2 = plan(seed, 2000, true);
	char *c = write_tmp(p1), *d = write_tmp(p2);
	double t2000 = time_diff(c, d);
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	printf("40 items         %.1f ms (target < 50 ms)\n", t40 * 1000);
	printf("2000 items       %.2f s (target < 2 s)\n", t2000);
	printf("peak RSS         %ld MiB\n", ru.ru_maxrss / 1024);
	unlink(a), unlink(b), unlink(c), unlink(d);
	return 0;
}
