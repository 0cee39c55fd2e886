/* SPDX-License-Identifier: MIT */
/*
 * History speed: five editions (2021-2025) of a 2,000-item plan built from
 * the bundled notice's items, each edition re-dating one item in ten,
 * raising a target in one in fifty, dropping a few and adding a few.
 * Targets: under 5 s and under 200 MiB peak RSS; the run fails above them.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "history.h"

#define ITEMS 2000
#define EDITIONS 5

static double
now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void
die(const char *what)
{
	perror(what);
	exit(1);
}

/* The bodies of the bundled notice's bold-titled items. */
static char **
bodies(const char *seed, size_t *n)
{
	char **v = NULL;
	*n = 0;
	for (const char *p = seed; (p = strstr(p, "\n**"));) {
		const char *b = strstr(p, "。**"), *e = strchr(p + 1, '\n');
		if (!b || !e || b > e)
			break;
		b += strlen("。**");
		if (!(v = realloc(v, (*n + 1) * sizeof *v)) || !(v[*n] = strndup(b, (size_t)(e - b))))
			die("memory");
		(*n)++;
		p = e;
	}
	return v;
}

/* Edition k of the plan, written to a temporary file; its path. */
static char *
edition(char **body, size_t nb, int k)
{
	char *path = strdup("/tmp/oblix-bench-history-XXXXXX");
	int fd = path ? mkstemp(path) : -1;
	FILE *fp = fd >= 0 ? fdopen(fd, "w") : NULL;
	if (!fp)
		die("temporary file");
	static const char *const sections[] = { "一", "二", "三", "四" };
	fprintf(fp, "%d年测试工作安排\n\n", 2021 + k);
	int n = 0;
	for (int i = 0; i < ITEMS; i++) {
		/* four sections of 500: an item number has at most three digits */
		if (i % (ITEMS / 4) == 0) {
			fprintf(fp, "%s、测试\n\n", sections[i / (ITEMS / 4)]);
			n = 0;
		}
		if (k > 0 && i % 97 == k) /* dropped this year */
			continue;
		fprintf(fp, "(%d)第%d项任务。%s%s%s\n\n", ++n, i,
		    i % 10 == k ? "9月底前完成阶段任务。" : "",
		    i % 50 == 0 ? (k % 2 ? "新建站点不少于300个。" : "新建站点不少于200个。") : "",
		    body[(size_t)i % nb]);
		if (k > 0 && i % 400 == k) /* introduced this year */
			fprintf(fp, "(%d)第%d年新增第%d项任务。开展专项试点%d。\n\n", ++n, k, i, i * 7 + k);
	}
	if (fclose(fp))
		die("write");
	return path;
}

int
main(void)
{
	const char *src = getenv("OBLIX_SRCDIR") ? getenv("OBLIX_SRCDIR") : ".";
	char *path = NULL, *seed = NULL;
	size_t len = 0, nb;
	if (asprintf(&path, "%s/corpus/gd-2021-fangguanfu.txt", src) < 0)
		die("memory");
	FILE *fp = fopen(path, "rb");
	if (!fp || getdelim(&seed, &len, '\0', fp) < 0)
		die(path);
	fclose(fp);
	free(path);
	char **body = bodies(seed, &nb);
	if (!nb)
		die("no items in the seed");
	char *paths[EDITIONS];
	for (int k = 0; k < EDITIONS; k++)
		paths[k] = edition(body, nb, k);

	char *xml = NULL;
	size_t xl = 0;
	FILE *mem = open_memstream(&xml, &xl);
	ob_error e;
	double t0 = now();
	if (!mem || ob__history_run(paths, EDITIONS, mem, &e)) {
		fprintf(stderr, "history: %s\n", e.message);
		return 1;
	}
	double t = now() - t0;
	if (fclose(mem))
		die("memory");
	/* what was found, to see that the plans were read as meant */
	char *sum = strstr(xml, "<summary"), *end = sum ? strchr(sum, '>') : NULL;
	if (end)
		printf("%.*s\n", (int)(end - sum + 1), sum);
	free(xml);
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	double mib = (double)ru.ru_maxrss / 1024;
	printf("%d editions × %d items  %.2f s (target < 5 s)\n", EDITIONS, ITEMS, t);
	printf("peak RSS                 %.0f MiB (target < 200 MiB)\n", mib);
	for (int k = 0; k < EDITIONS; k++) {
		unlink(paths[k]);
		free(paths[k]);
	}
	for (size_t k = 0; k < nb; k++)
		free(body[k]);
	free(body);
	free(seed);
	return t < 5 && mib < 200 ? 0 : 1;
}
