/*
 * Batch throughput: an archive of 2,000 notices (variants of the corpus)
 * converted with -j 1 and -j 2, in a child process each, reporting
 * notices/s, MB/s and peak RSS; and 500 notices with -j 2, to show that
 * memory does not grow with the number of files.  Targets: -j 2 at least
 * 1.8 x -j 1; peak RSS independent of the number of notices.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "oblix/oblix.h"

static const char *const bases[] = { "corpus/gd-2021-fangguanfu.txt",
	"tests/notices/zj-2022-markdown.txt", "tests/notices/sc-2020-yijian.txt",
	"tests/notices/sd-2023-labelled.txt", "tests/notices/gz-2021-subitems.txt",
	"tests/notices/hn-2021-tricky.txt", "tests/pages/task-table.html",
	"tests/pages/gd-2021-fangguanfu.html" };

static double
now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* n variants in dir/NNN/; returns the bytes written */
static size_t
make_archive(const char *src, const char *dir, int n)
{
	size_t total = 0;
	for (int i = 0; i < n; i++) {
		const char *base = bases[i % (sizeof bases / sizeof *bases)];
		char p[4096], q[4096];
		snprintf(p, sizeof p, "%s/%s", src, base);
		FILE *in = fopen(p, "rb");
		if (!in)
			return 0;
		static char buf[1 << 17];
		size_t len = fread(buf, 1, sizeof buf, in);
		fclose(in);
		snprintf(q, sizeof q, "%s/%03d", dir, i / 100);
		mkdir(q, 0777);
		const char *ext = strrchr(base, '.');
		snprintf(q, sizeof q, "%s/%03d/n%05d%s", dir, i / 100, i, ext);
		FILE *out = fopen(q, "wb");
		fwrite(buf, 1, len, out);
		/* a variant: its own closing line */
		if (!strcmp(ext, ".txt"))
			total += (size_t)fprintf(out, "\n（此件第%d号）\n", i);
		fclose(out);
		total += len;
	}
	return total;
}

static double
run(const char *in, const char *out, const char *jobs, long *rss_kb)
{
	double t0 = now();
	pid_t pid = fork();
	if (pid == 0) {
		char *argv[] = { "oblix", "extract", "-o", (char *)out, "-j", (char *)jobs,
			"-q", (char *)in, NULL };
		FILE *null = fopen("/dev/null", "w");
		ob_cli_main(8, argv, null, null);
		_exit(0);
	}
	int status;
	struct rusage ru;
	wait4(pid, &status, 0, &ru);
	*rss_kb = ru.ru_maxrss;
	return now() - t0;
}

int
main(void)
{
	const char *src = getenv("OBLIX_SRCDIR") ? getenv("OBLIX_SRCDIR") : ".";
	char in[] = "/tmp/oblix-bench-in-XXXXXX", small[] = "/tmp/oblix-bench-small-XXXXXX";
	char out[] = "/tmp/oblix-bench-out-XXXXXX";
	if (!mkdtemp(in) || !mkdtemp(out) || !mkdtemp(small))
		return 1;
	size_t bytes = make_archive(src, in, 2000);
	make_archive(src, small, 500);
	if (!bytes)
		return 1;
	/* each run writes a directory of its own and nothing is deleted
	 * until the end: a file system may search longer for a free inode
	 * while the inodes of deleted files are recent (ext4 without a
	 * journal), and the second run would pay for the first */
	char out1[4096], out2[4096], out3[4096];
	snprintf(out1, sizeof out1, "%s/j1", out);
	snprintf(out2, sizeof out2, "%s/j2", out);
	snprintf(out3, sizeof out3, "%s/small", out);
	long rss1, rss2, rss_small;
	double t1 = run(in, out1, "1", &rss1);
	double t2 = run(in, out2, "2", &rss2);
	run(small, out3, "2", &rss_small);
	printf("archive          2000 notices, %.1f MB\n", (double)bytes / 1e6);
	printf("-j 1             %.0f notices/s, %.1f MB/s, peak RSS %ld MiB\n",
	    2000 / t1, (double)bytes / 1e6 / t1, rss1 / 1024);
	printf("-j 2             %.0f notices/s, %.1f MB/s, peak RSS %ld MiB\n",
	    2000 / t2, (double)bytes / 1e6 / t2, rss2 / 1024);
	printf("speed-up         %.2f x (target >= 1.8)\n", t1 / t2);
	printf("500 notices -j 2 peak RSS %ld MiB (2000: %ld MiB: flat when equal)\n",
	    rss_small / 1024, rss2 / 1024);
	char cmd[256];
	snprintf(cmd, sizeof cmd, "rm -rf %s %s %s", in, out, small);
	return system(cmd) ? 1 : 0;
}
