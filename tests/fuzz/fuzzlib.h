/* SPDX-License-Identifier: MIT */
/* What the fuzz targets that read notices share: a notice that parses
 * must keep the model's invariants and write a document that validates;
 * anything else aborts, which libFuzzer reports. */
#ifndef OB_FUZZLIB_H
#define OB_FUZZLIB_H

#include <stdio.h>
#include <stdlib.h>

#include "oblix/oblix.h"

static inline void
fuzz_notice(const char *data, size_t len, const char *source)
{
	static ob_ruleset *rs;
	static FILE *null;
	ob_error e;
	ob_notice *n;

	if (!rs && ob_ruleset_new(&rs, &e))
		abort();
	if (!null && !(null = fopen("/dev/null", "wb")))
		abort();
	ob_options o = { .source = source, .max_size = 1 << 20 };
	if (ob_notice_parse(rs, data, len, &o, &n, &e))
		return;
	if (ob_notice_check(n, &e)) {
		fprintf(stderr, "%s\n", e.message);
		abort();
	}
	if (ob_notice_write_xml(n, null, &e)) {
		fprintf(stderr, "invalid output: %u:%u %s\n", e.line, e.column, e.message);
		abort();
	}
	ob_notice_free(n);
}

#endif
