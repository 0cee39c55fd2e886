/* Feeds for trackers (see export.c). */
#ifndef OB_EXPORT_H
#define OB_EXPORT_H

#include <stdio.h>

#include "oblix/oblix.h"

/* Export the obligations of notice documents (files, or directories of
 * them) as csv, jsonl or ics to out.  0 when every input was read. */
int ob__export_run(const char *format, char **inputs, int n, FILE *out,
		   FILE *err);

#endif
