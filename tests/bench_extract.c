/*
 * Throughput and memory of extraction, end to end: a notice of at least
 * 16 MB (the bundled notice repeated) read, extracted, written as XML and
 * validated, on one thread.  Prints MB/s and the peak resident set size
 * against the targets (40 MB/s; 3 x input + 64 MB).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "oblix/oblix.h"

static double
now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int
main(void)
{
	const char *src = getenv("OBLIX_SRCDIR") ? getenv("OBLIX_SRCDIR") : ".";
	char path[4096];
	snprintf(path, sizeof path, "%s/corpus/gd-2021-fangguanfu.txt", src);
	FILE *fp = fopen(path, "rb");
	if (!fp) {
		perror(path);
		return 1;
	}
	char unit[1 << 16];
	size_t ul = fread(unit, 1, sizeof unit, fp);
	fclose(fp);
	size_t want = (size_t)16 << 20, len = 0;
	char *data = malloc(want + ul);
	while (len < want) {
		memcpy(data + len, unit, ul);
		len += ul;
	}

	ob_ruleset *rs;
	ob_error e;
	if (ob_ruleset_new(&rs, &e))
		return 1;
	FILE *out = fopen("/dev/null", "wb");
	ob_options o = { .source = "bench.txt" };
	double t0 = now();
	ob_notice *n;
	if (ob_notice_parse(rs, data, len, &o, &n, &e)) {
		fprintf(stderr, "extract: %s\n", e.message);
		return 1;
	}
	double t1 = now();
	if (ob_notice_write_xml(n, out, &e)) {
		fprintf(stderr, "write: %s\n", e.message);
		return 1;
	}
	double t2 = now();
	ob_notice_stats st;
	ob_notice_stats_get(n, &st);
	ob_notice_free(n);
	free(data);
	fclose(out);
	ob_ruleset_free(rs);

	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	double mb = (double)len / 1e6;
	double rss = (double)ru.ru_maxrss / 1024.0;
	double limit = 3.0 * (double)len / (1 << 20) + 64.0;
	printf("input            %.1f MB (%zu items, %zu obligations)\n", mb,
	    st.items, st.obligations);
	printf("extract          %.3f s\n", t1 - t0);
	printf("write+validate   %.3f s\n", t2 - t1);
	printf("throughput       %.1f MB/s end to end (target >= 40)\n", mb / (t2 - t0));
	printf("peak RSS         %.0f MiB (target <= %.0f MiB)\n", rss, limit);
	return 0;
}
