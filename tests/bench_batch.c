/* SPDX-License-Identifier: MIT */
/*
 * Batch conversion: an archive of 2,000 notices (variants of the corpus)
 * and one of the real notices of ../shared/corpus/real/ copied to about
 * 2,000 files (skipped when that folder is absent), each converted with
 * -j 1 and -j 2, in turn, three rounds.  Inputs and outputs live on a
 * tmpfs (/dev/shm), each run writes a fresh output directory, and nothing
 * is deleted until the end, so that the disk's state does not enter the
 * figures.  Printed: notices/s and MB/s (wall time) as medians, the CPU
 * time per notice, the -j 2 speed-up as median and spread over the rounds,
 * and the peak RSS; then the peak RSS of 500 notices against 2,000, to
 * show that memory does not grow with the number of files.
 *
 * Target: -j 2 at least 1.85 times -j 1 (median).  The exit
 * status is 1 when it is missed.
 */
#include "benchlib.h"

#include <dirent.h>

#define ROUNDS 3

static const char *const bases[] = { "corpus/gd-2021-fangguanfu.txt",
	"tests/notices/zj-2022-markdown.txt", "tests/notices/sc-2020-yijian.txt",
	"tests/notices/sd-2023-labelled.txt", "tests/notices/gz-2021-subitems.txt",
	"tests/notices/hn-2021-tricky.txt", "tests/pages/task-table.html",
	"tests/pages/gd-2021-fangguanfu.html" };

/* n variants in dir/NNN/ of the files in paths; returns the bytes written */
static size_t
make_archive(char **paths, int npaths, const char *dir, int n)
{
	size_t total = 0;
	for (int i = 0; i < n; i++) {
		const char *base = paths[i % npaths];
		size_t len;
		char *buf = bl_read(base, &len);
		if (!buf)
			return 0;
		char q[4096];
		snprintf(q, sizeof q, "%s/%03d", dir, i / 100);
		mkdir(q, 0777);
		const char *ext = strrchr(base, '.');
		snprintf(q, sizeof q, "%s/%03d/n%05d%s", dir, i / 100, i, ext);
		FILE *out = fopen(q, "wb");
		if (!out || fwrite(buf, 1, len, out) != len)
			return 0;
		/* a variant: its own closing line */
		if (!strcmp(ext, ".txt"))
			total += (size_t)fprintf(out, "\n（此件第%d号）\n", i);
		if (fclose(out))
			return 0;
		total += len;
		free(buf);
	}
	return total;
}

static bl_run
convert(const char *in, const char *out, const char *jobs)
{
	char *argv[] = { "oblix", "extract", "-o", (char *)out, "-j", (char *)jobs,
		"-q", (char *)in, NULL };
	return bl_cli(argv);
}

static bool
measure(const char *name, char **paths, int npaths, int n, const char *tmp)
{
	char in[4096], out[4096];
	snprintf(in, sizeof in, "%s/%s-in", tmp, name);
	snprintf(out, sizeof out, "%s/%s-out", tmp, name);
	mkdir(in, 0777);
	mkdir(out, 0777);
	size_t bytes = make_archive(paths, npaths, in, n);
	if (!bytes) {
		fprintf(stderr, "%s: cannot make the archive\n", name);
		return false;
	}
	double w1[ROUNDS], w2[ROUNDS], c1[ROUNDS], ratio[ROUNDS];
	long rss1 = 0, rss2 = 0;
	for (int r = 0; r < ROUNDS; r++) {
		char o1[4200], o2[4200];
		snprintf(o1, sizeof o1, "%s/j1-%d", out, r);
		snprintf(o2, sizeof o2, "%s/j2-%d", out, r);
		bl_run a = convert(in, o1, "1"), b = convert(in, o2, "2");
		if (a.status || b.status) {
			fprintf(stderr, "%s: oblix extract -o exited %d, %d\n", name,
			    a.status, b.status);
			return false;
		}
		w1[r] = a.wall;
		w2[r] = b.wall;
		c1[r] = a.cpu;
		ratio[r] = a.wall / b.wall;
		rss1 = a.rss_kib > rss1 ? a.rss_kib : rss1;
		rss2 = b.rss_kib > rss2 ? b.rss_kib : rss2;
	}
	double m1 = bl_median(w1, ROUNDS), m2 = bl_median(w2, ROUNDS);
	double mc = bl_median(c1, ROUNDS), mr = bl_median(ratio, ROUNDS);
	double mb = (double)bytes / 1e6;
	printf("%s: %d notices, %.1f MB (medians of %d rounds)\n", name, n, mb, ROUNDS);
	printf("  -j 1  %5.0f notices/s  %5.1f MB/s  %.2f ms CPU a notice  peak RSS %ld MiB\n",
	    n / m1, mb / m1, 1e3 * mc / n, rss1 / 1024);
	printf("  -j 2  %5.0f notices/s  %5.1f MB/s  peak RSS %ld MiB\n", n / m2,
	    mb / m2, rss2 / 1024);
	printf("  -j 2 speed-up %.2f x (%.2f-%.2f; target >= 1.85)\n", mr, ratio[0],
	    ratio[ROUNDS - 1]);
	return mr >= 1.85;
}

int
main(void)
{
	const char *src = getenv("OBLIX_SRCDIR") ? getenv("OBLIX_SRCDIR") : ".";
	const char *shared = getenv("OBLIX_SHAREDDIR") ? getenv("OBLIX_SHAREDDIR") :
	    "../shared";
	char *tmp = bl_tmpdir("batch");
	char *paths[512];
	int np = 0;
	for (size_t k = 0; k < sizeof bases / sizeof *bases; k++) {
		paths[np] = malloc(4096);
		snprintf(paths[np++], 4096, "%s/%s", src, bases[k]);
	}
	bool ok = measure("corpus", paths, np, 2000, tmp);

	/* memory does not grow with the number of files */
	char small_in[4096], small_out[4096];
	snprintf(small_in, sizeof small_in, "%s/small-in", tmp);
	snprintf(small_out, sizeof small_out, "%s/small-out", tmp);
	mkdir(small_in, 0777);
	make_archive(paths, np, small_in, 500);
	bl_run s = convert(small_in, small_out, "2");
	printf("  500 notices -j 2: peak RSS %ld MiB (flat when about that of 2,000)\n",
	    s.rss_kib / 1024);
	for (int k = 0; k < np; k++)
		free(paths[k]);

	char dir[4096];
	snprintf(dir, sizeof dir, "%s/corpus/real", shared);
	DIR *dp = opendir(dir);
	np = 0;
	for (struct dirent *de; dp && (de = readdir(dp)) && np < 512;) {
		size_t l = strlen(de->d_name);
		if (l > 4 && (!strcmp(de->d_name + l - 4, ".txt") ||
		    !strcmp(de->d_name + l - 5, ".html"))) {
			paths[np] = malloc(8192);
			snprintf(paths[np++], 8192, "%s/%s", dir, de->d_name);
		}
	}
	if (dp)
		closedir(dp);
	if (np)
		ok = measure("real", paths, np, 20 * np, tmp) && ok;
	else
		printf("real: skipped, %s not found\n", dir);
	for (int k = 0; k < np; k++)
		free(paths[k]);
	bl_rmtree(tmp);
	free(tmp);
	return ok ? 0 : 1;
}
