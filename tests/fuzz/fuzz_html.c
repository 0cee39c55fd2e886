/* SPDX-License-Identifier: MIT */
/* libFuzzer target: HTML pages through the whole pipeline.  Inputs that
 * are not pages yet are made pages, so that mutations stay in the HTML
 * path; the output must keep the invariants and validate. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzzlib.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

int
LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	static const char head[] = "<html><body><div>";
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
	fuzz_notice(page, len, "fuzz.html");
	free(page);
	return 0;
}
