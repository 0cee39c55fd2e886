/* libFuzzer target: the whole pipeline.  A notice that parses must keep
 * the model's invariants and must write a document that validates. */
#include <stdio.h>
#include <stdlib.h>

#include "oblix/oblix.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

int
LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	static ob_ruleset *rs;
	static FILE *null;
	ob_error e;
	ob_notice *n;

	if (!rs && ob_ruleset_new(&rs, &e))
		abort();
	if (!null && !(null = fopen("/dev/null", "wb")))
		abort();
	ob_options o = { .source = "fuzz.txt", .max_size = 1 << 20 };
	if (ob_notice_parse(rs, (const char *)data, size, &o, &n, &e))
		return 0;
	if (ob_notice_check(n, &e)) {
		fprintf(stderr, "%s\n", e.message);
		abort();
	}
	if (ob_notice_write_xml(n, null, &e)) {
		fprintf(stderr, "invalid output: %u:%u %s\n", e.line, e.column, e.message);
		abort();
	}
	ob_notice_free(n);
	return 0;
}
