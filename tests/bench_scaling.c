/* SPDX-License-Identifier: MIT */
/*
 * Scaling: notices of 1, 4, 16 and 64 MiB (a seed notice repeated as
 * often as it fits: 64 MiB is the default size limit) in three layouts, each
 * extracted and written (validation on) in a child process that reads the
 * file as `oblix extract` does; printed: the CPU time per MB of the
 * extraction and writing alone (without process start and rule
 * compilation), its ratio to that at 1 MiB (flat = linear), and the peak
 * RSS.  Layouts: the bundled notice (simplified), its traditional edition
 * (ICU's Simplified-Traditional transliterator, as mirror sites publish
 * it), and a labelled-line layout (tests/notices/sd-2023-labelled.txt:
 * 牵头单位： / 责任单位： lines after every item).
 *
 * Targets: time per MB at 64 MiB within 1.2 x that at 1 MiB in
 * every layout; the traditional edition within 1.3 x the simplified one;
 * peak RSS at 64 MiB at most 3 x the input + 64 MiB.  The exit status is 1
 * when one is missed.
 */
#include "benchlib.h"

#include <unicode/ustring.h>
#include <unicode/utrans.h>

#include "model.h"

static const size_t sizes_mib[] = { 1, 4, 16, 64 };
#define NSIZES (sizeof sizes_mib / sizeof *sizes_mib)

/* CPU seconds of parse + write of the file at path, in a child process;
 * its peak RSS in *rss_kib. */
static double
run_child(const char *path, long *rss_kib)
{
	int fd[2];
	if (pipe(fd))
		exit(1);
	pid_t pid = fork();
	if (pid == 0) {
		close(fd[0]);
		size_t len;
		char *data = bl_read(path, &len);
		ob_ruleset *rs;
		ob_error e;
		ob_notice *n;
		ob_options o = { .source = path };
		FILE *null = fopen("/dev/null", "w");
		if (!data || ob_ruleset_new(&rs, &e))
			_exit(1);
		double t0 = bl_cpu_self();
		/* as the command does: the notice keeps the buffer */
		if (ob__notice_parse_take(rs, data, len, NULL, &o, &n, &e) ||
		    ob_notice_write_xml(n, null, &e)) {
			fprintf(stderr, "%s: %s\n", path, e.message);
			_exit(1);
		}
		double t = bl_cpu_self() - t0;
		if (write(fd[1], &t, sizeof t) != sizeof t)
			_exit(1);
		_exit(0);
	}
	close(fd[1]);
	double t = -1;
	if (read(fd[0], &t, sizeof t) != sizeof t)
		t = -1;
	close(fd[0]);
	int status;
	struct rusage ru;
	wait4(pid, &status, 0, &ru);
	*rss_kib = ru.ru_maxrss;
	return status == 0 ? t : -1;
}

/* The traditional edition of a UTF-8 text. */
static char *
traditional(const char *s, size_t len, size_t *out_len)
{
	UErrorCode st = U_ZERO_ERROR;
	UTransliterator *tr = utrans_openU(u"Simplified-Traditional", -1,
	    UTRANS_FORWARD, NULL, 0, NULL, &st);
	int32_t cap = (int32_t)(2 * len + 16), ul = 0;
	UChar *u = malloc((size_t)cap * sizeof *u);
	u_strFromUTF8(u, cap, &ul, s, (int32_t)len, &st);
	int32_t limit = ul;
	utrans_transUChars(tr, u, &ul, cap, 0, &limit, &st);
	char *o = malloc(4 * (size_t)ul + 1);
	int32_t ol = 0;
	u_strToUTF8(o, 4 * ul + 1, &ol, u, ul, &st);
	utrans_close(tr);
	free(u);
	if (U_FAILURE(st)) {
		fprintf(stderr, "Simplified-Traditional: %s\n", u_errorName(st));
		exit(1);
	}
	*out_len = (size_t)ol;
	return o;
}

typedef struct layout {
	const char *name;
	char *unit;
	size_t len;
	double per_mb[NSIZES];
	long rss[NSIZES];
} layout;

int
main(void)
{
	const char *src = getenv("OBLIX_SRCDIR") ? getenv("OBLIX_SRCDIR") : ".";
	char p[4096];
	layout ls[3] = { { .name = "bundled" }, { .name = "traditional" },
		{ .name = "labelled" } };
	snprintf(p, sizeof p, "%s/corpus/gd-2021-fangguanfu.txt", src);
	ls[0].unit = bl_read(p, &ls[0].len);
	snprintf(p, sizeof p, "%s/tests/notices/sd-2023-labelled.txt", src);
	ls[2].unit = bl_read(p, &ls[2].len);
	if (!ls[0].unit || !ls[2].unit) {
		perror("the seed notices");
		return 1;
	}
	ls[1].unit = traditional(ls[0].unit, ls[0].len, &ls[1].len);
	char *dir = bl_tmpdir("scaling");
	bool ok = true;

	printf("CPU time of extraction and writing (validation on) per MB; median of 3 "
	    "runs up to 16 MiB, one above\n");
	for (int l = 0; l < 3; l++) {
		printf("%s\n", ls[l].name);
		for (size_t k = 0; k < NSIZES; k++) {
			size_t len;
			char *data = bl_repeat(ls[l].unit, ls[l].len, sizes_mib[k] << 20,
			    true, &len);
			snprintf(p, sizeof p, "%s/%s-%zu.txt", dir, ls[l].name, sizes_mib[k]);
			bl_write(p, data, len);
			free(data);
			int runs = sizes_mib[k] <= 16 ? 3 : 1;
			double t[3];
			long rss = 0;
			for (int r = 0; r < runs; r++) {
				long x;
				t[r] = run_child(p, &x);
				if (t[r] < 0) {
					fprintf(stderr, "%s: failed\n", p);
					bl_rmtree(dir); /* the files of the tmpfs go */
					return 1;
				}
				rss = x > rss ? x : rss;
			}
			unlink(p);
			double mb = (double)len / 1e6, m = bl_median(t, runs);
			ls[l].per_mb[k] = m / mb;
			ls[l].rss[k] = rss;
			printf("  %3zu MiB  %6.3f s  %6.1f ms/MB  x%.2f of 1 MiB  peak RSS %4ld MiB\n",
			    sizes_mib[k], m, 1e3 * ls[l].per_mb[k],
			    ls[l].per_mb[k] / ls[l].per_mb[0], rss / 1024);
		}
		double growth = ls[l].per_mb[NSIZES - 1] / ls[l].per_mb[0];
		double limit = 3.0 * (double)sizes_mib[NSIZES - 1] + 64.0;
		bool lin = growth <= 1.2, mem = ls[l].rss[NSIZES - 1] / 1024.0 <= limit;
		printf("  64 MiB against 1 MiB: x%.2f (target <= 1.2) %s; peak RSS %s "
		    "(limit %.0f MiB)\n", growth, lin ? "ok" : "MISSED",
		    mem ? "ok" : "MISSED", limit);
		ok = ok && lin && mem;
	}
	printf("traditional against simplified:");
	for (size_t k = 0; k < NSIZES; k++) {
		double r = ls[1].per_mb[k] / ls[0].per_mb[k];
		printf(" %zu MiB x%.2f", sizes_mib[k], r);
		ok = ok && r <= 1.3;
	}
	printf(" (target <= 1.3)\n");
	bl_rmtree(dir);
	free(dir);
	for (int l = 0; l < 3; l++)
		free(ls[l].unit);
	return ok ? 0 : 1;
}
