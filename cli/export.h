/* SPDX-License-Identifier: MIT */
/* Feeds for trackers (see export.c). */
#ifndef OB_EXPORT_H
#define OB_EXPORT_H

#include <stdbool.h>
#include <stdio.h>

#include "oblix/oblix.h"

typedef struct ob__export_options {
	const char *format;   /* csv, jsonl or ics */
	const char *previous; /* ics: the calendar written before, or NULL */
	bool follow;          /* links inside directories followed */
} ob__export_options;

/* Export the obligations of notice documents (files, directories of them,
 * or "-" for standard input) to out.  0 when every input was read. */
int ob__export_run(const ob__export_options *o, char **inputs, int n,
		   FILE *out, FILE *err);

#endif
