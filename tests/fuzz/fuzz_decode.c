/* SPDX-License-Identifier: MIT */
/* libFuzzer target: intake (signatures, BOMs, detection, conversion) and
 * cleaning.  The first byte picks an encoding to force, or none. */
#include <stdlib.h>
#include <string.h>

#include "text.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

int
LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	static const char *const forced[] = { NULL, NULL, NULL, "GB18030",
		"Big5", "UTF-16LE", "UTF-16BE", "UTF-8" };
	ob__intake_result r;
	ob_error e;

	if (size == 0)
		return 0;
	const char *enc = forced[data[0] & 7];
	if (ob__intake((const char *)data + 1, size - 1, enc, 1 << 20, &r, &e))
		return 0;
	const char *text = r.utf8 ? r.utf8 : (const char *)data + 1 + r.skip;
	ob__text t;
	if (ob__text_clean(&t, text, r.len, false) == 0) {
		/* every byte of the cleaned text maps into the input */
		for (size_t i = 0; i < t.len; i += 7)
			if (ob__text_orig(&t, i) >= r.len)
				abort();
		if (ob__text_is_traditional(&t))
			ob__text_simplify(&t);
		ob__text_free(&t);
	}
	free(r.utf8);
	return 0;
}
