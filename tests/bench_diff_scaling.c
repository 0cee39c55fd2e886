/* SPDX-License-Identifier: MIT */
/*
 * Diff and history at 1, 5 and 20 MiB: the bundled notice repeated to
 * each size, diffed with itself (no change: --exit-code gives 0), with a
 * copy whose every repetition raises a target (--exit-code gives 1), and
 * the history of three editions (it, the copy, it).  Each runs in a child
 * process; printed: CPU time (user + system) per MB and the peak RSS.
 *
 * Targets: time linear in the input (the CPU time per MB at 20 MiB at
 * most 1.5 times that at 1 MiB, for each of the three); peak RSS of a
 * diff at most 24 times the input plus 64 MiB, of the history of three
 * at most 32 times plus 64 MiB.  The exit status is 1 when one is missed.
 */
#include "benchlib.h"

static const size_t sizes_mib[] = { 1, 5, 20 };
#define NSIZES (sizeof sizes_mib / sizeof *sizes_mib)

/* Every 不少于250台 made 不少于300台 (the same length). */
static void
raise_targets(char *s)
{
	const char *from = "不少于250台";
	for (char *p = s; (p = strstr(p, from)); p += strlen(from))
		memcpy(p, "不少于300台", strlen(from));
}

int
main(void)
{
	const char *src = getenv("OBLIX_SRCDIR") ? getenv("OBLIX_SRCDIR") : ".";
	char path[4096];
	size_t ul;
	snprintf(path, sizeof path, "%s/corpus/gd-2021-fangguanfu.txt", src);
	char *unit = bl_read(path, &ul);
	if (!unit) {
		perror(path);
		return 1;
	}
	char *dir = bl_tmpdir("diff-scaling");
	double per_mb[3][NSIZES];
	bool ok = true;
	printf("%-8s %14s %14s %14s\n", "size", "self-diff", "edited diff", "history ×3");
	for (size_t k = 0; k < NSIZES; k++) {
		size_t len;
		char *a = bl_repeat(unit, ul, sizes_mib[k] << 20, true, &len);
		char pa[4200], pb[4200];
		snprintf(pa, sizeof pa, "%s/a-%zu.txt", dir, sizes_mib[k]);
		snprintf(pb, sizeof pb, "%s/b-%zu.txt", dir, sizes_mib[k]);
		bl_write(pa, a, len);
		raise_targets(a);
		bl_write(pb, a, len);
		free(a);
		char *self[] = { "oblix", "diff", "--exit-code", pa, pa, NULL };
		char *edit[] = { "oblix", "diff", "--exit-code", pa, pb, NULL };
		char *hist[] = { "oblix", "history", pa, pb, pa, NULL };
		bl_run r[3] = { bl_cli(self), bl_cli(edit), bl_cli(hist) };
		if (r[0].status != 0 || r[1].status != 1 || r[2].status != 0) {
			printf("%zu MiB: exit statuses %d %d %d, not 0 1 0\n", sizes_mib[k],
			    r[0].status, r[1].status, r[2].status);
			ok = false;
		}
		double mb = (double)len / 1e6;
		printf("%3zu MiB ", sizes_mib[k]);
		for (int j = 0; j < 3; j++) {
			per_mb[j][k] = r[j].cpu / mb;
			printf("  %5.2f s/MB %4ld MiB", per_mb[j][k], r[j].rss_kib / 1024);
			long cap = (long)((j == 2 ? 32 : 24) * (double)len / 1024) + 64 * 1024;
			if (r[j].rss_kib > cap) {
				ok = false;
				printf(" (over %ld MiB)", cap / 1024);
			}
		}
		printf("\n");
	}
	for (int j = 0; j < 3; j++)
		if (per_mb[j][NSIZES - 1] > 1.5 * per_mb[j][0]) {
			printf("%s: %.2f s/MB at 20 MiB against %.2f at 1 MiB: not linear\n",
			    j == 0 ? "self-diff" : j == 1 ? "edited diff" : "history",
			    per_mb[j][NSIZES - 1], per_mb[j][0]);
			ok = false;
		}
	printf("targets: time per MB at 20 MiB within 1.5x of 1 MiB; RSS within 24x "
	    "(diff) and 32x (history of three) the input plus 64 MiB\n");
	bl_rmtree(dir);
	free(dir);
	free(unit);
	return ok ? 0 : 1;
}
