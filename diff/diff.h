/* SPDX-License-Identifier: MIT */
/* Year-over-year diff of two work plans (see diff.c). */
#ifndef OB_DIFF_H
#define OB_DIFF_H

#include <stdbool.h>
#include <stdio.h>

#include "oblix/oblix.h"
#include "validate.h"

/* Compare two notices (or oblix documents) and write the diff document,
 * validated against schema/diff.xsd, to out. */
int ob__diff_run(const char *old_path, const char *new_path, FILE *out,
		 ob_error *err);

/* Render a diff document as text (coloured when color) or as one
 * self-contained HTML page. */
int ob__diff_render(FILE *xml, const char *format, bool color, FILE *out);

#endif
