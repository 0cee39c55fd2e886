/* libFuzzer target: HTML pages through the whole pipeline.  Inputs that
 * are not pages yet are made pages, so that mutations stay in the HTML
 * path; the output must keep the invariants and validate. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "oblix/oblix.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

int
LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	static ob_ruleset *rs;
	static FILE *null;
	static const char head[] = "<html><body><div>";
	ob_error e;
	ob_notice *n;

	if (!rs && ob_ruleset_new(&rs, &e))
		abort();
	if (!null && !(null = fopen("/dev/null", "wb")))
		abort();
	char *page = malloc(size + sizeof head);
	if (!page)
		return 0;
	size_t len = size;
	if (size < 5 || memcmp(data, "<", 1)) {
		memcpy(page, head, sizeof head - 1);
		memcpy(page + sizeof head - 1, data, size);
		len = size + sizeof head - 1;
	} else {
		memcpy(page, data, size);
	}
	ob_options o = { .source = "fuzz.html", .max_size = 1 << 20 };
	if (ob_notice_parse(rs, page, len, &o, &n, &e) == 0) {
		if (ob_notice_check(n, &e)) {
			fprintf(stderr, "%s\n", e.message);
			abort();
		}
		if (ob_notice_write_xml(n, null, &e)) {
			fprintf(stderr, "invalid output: %s\n", e.message);
			abort();
		}
		ob_notice_free(n);
	}
	free(page);
	return 0;
}
