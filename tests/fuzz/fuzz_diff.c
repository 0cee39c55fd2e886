/* SPDX-License-Identifier: MIT */
/* libFuzzer target: the diff of two notices.  The input is OLD, a form
 * feed line ("\n\f\n"), then NEW (without one, the input is compared with
 * itself); each side is any text the extractor reads.  A diff that is
 * made must validate (ob__diff_run checks it) and render as text and as
 * a page; a side the extractor refuses is an error, never a crash. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "diff.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

static int
side(const unsigned char *data, size_t size, char path[64])
{
	int fd = memfd_create("fuzz-diff", 0);
	if (fd < 0 || (size && write(fd, data, size) != (ssize_t)size))
		abort();
	snprintf(path, 64, "/proc/self/fd/%d", fd);
	return fd;
}

int
LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	static const char sep[] = "\n\f\n";
	const unsigned char *cut = memmem(data, size, sep, sizeof sep - 1);
	size_t ol = cut ? (size_t)(cut - data) : size;
	const unsigned char *nw = cut ? cut + sizeof sep - 1 : data;
	size_t nl = cut ? size - ol - (sizeof sep - 1) : size;
	char a[64], b[64];
	int fa = side(data, ol, a), fb = side(nw, nl, b);

	char *xml = NULL;
	size_t xl = 0;
	ob_error e;
	FILE *m = open_memstream(&xml, &xl);
	if (!m)
		abort();
	int r = ob__diff_run(a, b, m, &e);
	fclose(m);
	if (r == 0) {
		static FILE *null;
		if (!null && !(null = fopen("/dev/null", "w")))
			abort();
		static const char *const formats[] = { "text", "html" };
		for (int k = 0; k < 2; k++) {
			FILE *in = fmemopen(xml, xl, "rb");
			if (!in || ob__diff_render(in, formats[k], k == 0, null)) {
				fprintf(stderr, "a valid diff does not render as %s\n", formats[k]);
				abort();
			}
			fclose(in);
		}
	}
	free(xml);
	close(fa);
	close(fb);
	return 0;
}
