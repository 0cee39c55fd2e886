/* SPDX-License-Identifier: MIT */
/* The history of a plan's tasks across editions (see history.c). */
#ifndef OB_HISTORY_H
#define OB_HISTORY_H

#include <stdbool.h>
#include <stdio.h>

#include "oblix/oblix.h"

/* Follow the tasks of n editions (notices or oblix documents, oldest
 * first) and write the history document, validated against
 * schema/history.xsd, to out. */
int ob__history_run(char *const *paths, size_t n, FILE *out, ob_error *err);

/* Render a history document as text, csv or html. */
int ob__history_render(FILE *xml, const char *format, FILE *out);

#endif
