/* libFuzzer target: PDF files through the whole pipeline (poppler's text
 * layer, the lines and tables rebuilt from the characters' boxes); the
 * output must keep the invariants and validate. */
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
	ob_error e;
	ob_notice *n;

	if (!rs && ob_ruleset_new(&rs, &e))
		abort();
	if (!null && !(null = fopen("/dev/null", "wb")))
		abort();
	/* every input a PDF: its header is kept */
	char *file = malloc(size + 9);
	if (!file)
		return 0;
	size_t len = size;
	if (size < 5 || memcmp(data, "%PDF-", 5)) {
		memcpy(file, "%PDF-1.4\n", 9);
		memcpy(file + 9, data, size);
		len = size + 9;
	} else {
		memcpy(file, data, size);
	}
	ob_options o = { .source = "fuzz.pdf", .max_size = 1 << 20 };
	if (ob_notice_parse(rs, file, len, &o, &n, &e) == 0) {
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
	free(file);
	return 0;
}
