/* SPDX-License-Identifier: MIT */
/* What changed between two aligned items (see compare.c). */
#ifndef OB_COMPARE_H
#define OB_COMPARE_H

#include "align.h"

/* How deadlines are compared: by the date itself (two editions of one
 * year's plan), or by the position in each edition's plan year (two
 * years' plans: 6月底前 in 2021 and in 2022 is one deadline). */
enum ob__basis { OB_BASIS_ABSOLUTE, OB_BASIS_PLAN_YEAR };

/* The basis for two editions of those reference years (0: unknown). */
int ob__basis_of(int old_year, int new_year);
/* "absolute" or "plan-year". */
const char *ob__basis_name(int basis);

/* One change: kind is static ("deadline-moved" …); old, new_ and detail
 * are owned, and NULL when they do not apply. */
typedef struct ob__change {
	const char *kind;
	char *old, *new_, *detail;
} ob__change;

typedef struct ob__changes {
	ob__change *v;
	size_t n;
	bool moved;      /* into another section */
	bool renumbered; /* another label, same section */
	bool retitled;   /* another title */
	bool text;       /* title or text differ */
} ob__changes;

/* The changes from a (of an edition of reference year ayear) to b, in the
 * order deadlines, targets, agencies, documents.  Returns 0 or
 * OB_ERR_NOMEM (out then holds what was found so far). */
int ob__compare(const ob__aitem *a, int ayear, const ob__aitem *b, int byear,
		int basis, ob__changes *out);
void ob__changes_free(ob__changes *c);

#endif
