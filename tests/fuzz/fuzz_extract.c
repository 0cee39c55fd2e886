/* SPDX-License-Identifier: MIT */
/* libFuzzer target: the whole pipeline.  A notice that parses must keep
 * the model's invariants and must write a document that validates. */
#include "fuzzlib.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

int
LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	fuzz_notice((const char *)data, size, "fuzz.txt");
	return 0;
}
