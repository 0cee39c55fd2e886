/* SPDX-License-Identifier: MIT */
/* libFuzzer target: PDF files through the whole pipeline (poppler's text
 * layer, the lines and tables rebuilt from the characters' boxes); the
 * output must keep the invariants and validate. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzzlib.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

int
LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
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
	fuzz_notice(file, len, "fuzz.pdf");
	free(file);
	return 0;
}
