/* SPDX-License-Identifier: MIT */
/*
 * Extraction end to end, as `oblix extract -o OUT FILE` runs it (read,
 * clean, extract, write XML, validate, into a file on the same tmpfs), on
 * one notice of at least 16 MiB: the bundled notice repeated, and the real
 * notices of ../shared/corpus/real/ one after the other, repeated (skipped
 * when that folder is absent).  Each is run five times, each time in a
 * child process, and as often as `oblix extract FILE > /dev/null` (the
 * document through a temporary file of its own); printed for each: MB/s
 * of CPU time (user + system: one core) as median and spread, MB/s of
 * wall time, and the peak RSS.
 *
 * Targets, into a file: at least 20 MB/s on both; peak RSS at most three
 * times the input plus 64 MiB.  The exit status is 1 when one is missed.
 */
#include "benchlib.h"

#include <dirent.h>

#define RUNS 5

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The real notices' text files, one after another, in name order. */
static char *
real_notices(const char *shared, size_t *len)
{
	char dir[4096];
	snprintf(dir, sizeof dir, "%s/corpus/real", shared);
	DIR *dp = opendir(dir);
	if (!dp)
		return NULL;
	char *names[512];
	int n = 0;
	for (struct dirent *de; (de = readdir(dp)) && n < 512;) {
		size_t l = strlen(de->d_name);
		if (l > 4 && !strcmp(de->d_name + l - 4, ".txt"))
			names[n++] = strdup(de->d_name);
	}
	closedir(dp);
	qsort(names, (size_t)n, sizeof *names, cmp_str);
	char *all = NULL;
	size_t total = 0;
	for (int k = 0; k < n; k++) {
		char p[8192];
		size_t l;
		snprintf(p, sizeof p, "%s/%s", dir, names[k]);
		char *s = bl_read(p, &l);
		if (s) {
			all = realloc(all, total + l + 2);
			memcpy(all + total, s, l);
			total += l;
			all[total++] = '\n';
			free(s);
		}
		free(names[k]);
	}
	*len = total;
	return n ? all : NULL;
}

static bool
measure(const char *name, const char *unit, size_t ul, const char *dir)
{
	size_t len;
	char *data = bl_repeat(unit, ul, (size_t)16 << 20, false, &len);
	char path[4096];
	snprintf(path, sizeof path, "%s/%s.txt", dir, name);
	bl_write(path, data, len);
	free(data);

	char out[4096];
	snprintf(out, sizeof out, "%s/%s.xml", dir, name);
	bool ok = true;
	/* into a file (-o), then to standard output; runs alternate */
	double cpu[2][RUNS], wall[2][RUNS];
	long rss[2] = { 0, 0 };
	for (int k = 0; k < RUNS; k++) {
		for (int to = 0; to < 2; to++) {
			char *argv_file[] = { "oblix", "extract", "-o", out, path, NULL };
			char *argv_stdout[] = { "oblix", "extract", path, NULL };
			bl_run r = bl_cli(to ? argv_stdout : argv_file);
			if (r.status) {
				fprintf(stderr, "%s: oblix extract exited %d\n", name, r.status);
				return false;
			}
			cpu[to][k] = r.cpu;
			wall[to][k] = r.wall;
			if (r.rss_kib > rss[to])
				rss[to] = r.rss_kib;
		}
		unlink(out);
	}
	double mb = (double)len / 1e6;
	double limit = 3.0 * (double)len / (1 << 20) + 64.0;
	for (int to = 0; to < 2; to++) {
		double mc = bl_median(cpu[to], RUNS), mw = bl_median(wall[to], RUNS);
		bool met = mb / mc >= 20.0 && rss[to] / 1024.0 <= limit;
		printf("%-8s %.1f MB %-10s %5.1f MB/s CPU (median of %d; %.1f-%.1f)  "
		    "%5.1f MB/s wall  peak RSS %.0f MiB (limit %.0f)  %s\n", name, mb,
		    to ? "> stdout" : "-o file", mb / mc, RUNS, mb / cpu[to][RUNS - 1],
		    mb / cpu[to][0], mb / mw, rss[to] / 1024.0, limit,
		    to ? "" : met ? "ok" : "BELOW TARGET");
		if (!to)
			ok = met;
	}
	unlink(path);
	return ok;
}

int
main(void)
{
	const char *src = getenv("OBLIX_SRCDIR") ? getenv("OBLIX_SRCDIR") : ".";
	const char *shared = getenv("OBLIX_SHAREDDIR") ? getenv("OBLIX_SHAREDDIR") :
	    "../shared";
	char p[4096];
	size_t ul;
	snprintf(p, sizeof p, "%s/corpus/gd-2021-fangguanfu.txt", src);
	char *unit = bl_read(p, &ul);
	if (!unit) {
		perror(p);
		return 1;
	}
	char *dir = bl_tmpdir("extract");
	printf("oblix extract -o FILE.xml FILE and FILE > /dev/null, validation on, "
	    "one process each run; target 20 MB/s of CPU time into a file\n");
	bool ok = measure("bundled", unit, ul, dir);
	size_t rl;
	char *real = real_notices(shared, &rl);
	if (real)
		ok = measure("real", real, rl, dir) && ok;
	else
		printf("real     skipped: %s/corpus/real not found\n", shared);
	free(real);
	free(unit);
	bl_rmtree(dir);
	free(dir);
	return ok ? 0 : 1;
}
