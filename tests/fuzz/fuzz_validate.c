/* SPDX-License-Identifier: MIT */
/* libFuzzer target: schema validation of arbitrary documents. */
#include <stdio.h>

#include "validate.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

int
LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	ob_error e;
	if (size == 0)
		return 0;
	FILE *fp = fmemopen((void *)data, size, "rb");
	if (!fp)
		return 0;
	ob__validate_stream(fp, "fuzz.xml", &e);
	fclose(fp);
	return 0;
}
