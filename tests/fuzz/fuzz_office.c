/* SPDX-License-Identifier: MIT */
/* libFuzzer target: Word and Excel files through the whole pipeline.  An
 * input that is no zip is made the document part of one, so that
 * mutations of the XML reach the readers as well as mutations of the
 * container; the output must keep the invariants and validate. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <zip.h>

#include "fuzzlib.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

/* data as the part word/document.xml (or xl/ parts) of a new zip; NULL
 * when libzip cannot make one. */
static char *
wrap(const unsigned char *data, size_t size, size_t *len)
{
	zip_error_t ze;
	zip_error_init(&ze);
	zip_source_t *out = zip_source_buffer_create(NULL, 0, 0, &ze);
	zip_t *z = out ? zip_open_from_source(out, ZIP_TRUNCATE, &ze) : NULL;
	char *buf = NULL;
	if (!z) {
		zip_source_free(out);
		zip_error_fini(&ze);
		return NULL;
	}
	zip_source_keep(out);
	bool sheet = size && (data[0] & 1);
	const char *name = sheet ? "xl/worksheets/sheet1.xml" : "word/document.xml";
	zip_source_t *part = zip_source_buffer(z, data, size, 0);
	if (part && zip_file_add(z, name, part, 0) < 0)
		zip_source_free(part);
	if (sheet) {
		static const char wb[] = "<workbook><sheets><sheet name=\"表\" r:id=\"rId1\"/>"
		    "</sheets></workbook>";
		zip_source_t *w = zip_source_buffer(z, wb, sizeof wb - 1, 0);
		if (w && zip_file_add(z, "xl/workbook.xml", w, 0) < 0)
			zip_source_free(w);
	}
	if (zip_close(z) == 0 && zip_source_open(out) == 0) {
		zip_stat_t st;
		if (zip_source_stat(out, &st) == 0 && (buf = malloc(st.size + 1))) {
			zip_int64_t n = zip_source_read(out, buf, st.size);
			*len = n > 0 ? (size_t)n : 0;
		}
		zip_source_close(out);
	} else {
		zip_discard(z);
	}
	zip_source_free(out);
	zip_error_fini(&ze);
	return buf;
}

int
LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	char *file = NULL;
	size_t len = size;
	if (size < 4 || memcmp(data, "PK\x03\x04", 4)) {
		if (!(file = wrap(data, size, &len)))
			return 0;
	} else if ((file = malloc(size ? size : 1))) {
		memcpy(file, data, size);
	} else {
		return 0;
	}
	fuzz_notice(file, len, "fuzz.docx");
	free(file);
	return 0;
}
