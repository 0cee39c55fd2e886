/* SPDX-License-Identifier: MIT */
/* Editions of a plan and the alignment of their items (see align.c),
 * shared by oblix diff and oblix history. */
#ifndef OB_ALIGN_H
#define OB_ALIGN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <libxml/tree.h>
#include <unicode/ubrk.h>

#include "oblix/oblix.h"

/* A time or target record of an item: time kind, date, duration; target
 * cmp, value, unit; text is the phrase.  All owned (xmlFree). */
typedef struct ob__rec {
	char *a, *b, *c, *text;
} ob__rec;

/* An agency of an item: its name and, when the extraction knows the body,
 * its canonical reference.  Owned. */
typedef struct ob__aagency {
	char *role, *name, *ref;
} ob__aagency;

/* One item of an edition, or another unit of what it obliges, with what
 * alignment and comparison need.
 * Strings are owned by the item. */
typedef struct ob__aitem {
	const char *unit; /* "item", "section" (its own text and obligations),
			   * "preamble" or "closing" */
	char *id, *label, *path, *section, *title, *text, *pos;
	ob__aagency *agencies;
	size_t nagencies;
	ob__rec *times, *targets;
	size_t ntimes, ntargets;
	char **docs;
	size_t ndocs;
	uint32_t *grams;  /* character bigrams, hashed, sorted, unique */
	size_t ngrams;
	uint32_t *words;  /* content words (ICU word break), hashed, sorted, unique */
	size_t nwords;
	uint32_t *twords; /* those of the title alone */
	size_t ntwords;
	size_t index;     /* position in its edition, from 0 */
} ob__aitem;

/* One edition: a notice (extracted) or an oblix document (read as it is). */
typedef struct ob__edition {
	char *name;        /* the path as given */
	ob__aitem *items;  /* in document order, sub-items after their parent */
	size_t n;
	int year;          /* the plan's reference year, 0 when unknown */
	char *doc_number;  /* may be NULL */
	char *title;       /* may be NULL */
} ob__edition;

/* Read an edition from path.  words is an ICU word break iterator
 * (UBRK_WORD, "zh") used to find the content words; rs extracts a notice
 * that is not yet an oblix document.  On error the edition
 * holds nothing to free beyond what ob__edition_free() releases. */
int ob__edition_load(const char *path, const ob_ruleset *rs,
		     UBreakIterator *words, ob__edition *e, ob_error *err);
void ob__edition_free(ob__edition *e);
/* Keep the edition's tasks alone (ob__task_unit).  Returns 0. */
int ob__edition_tasks(ob__edition *e);

/* Is the unit one of the plan's tasks (an item, or a section's own text),
 * aligned by what it says, not the preamble or the closing? */
bool ob__task_unit(const ob__aitem *it);

/* What an agency is compared by: today its name; the canonical reference
 * of the body when the extraction gives one (发展改革委 and 国家发展改革委
 * are one body).  Borrowed from a. */
const char *ob__agency_key(const ob__aagency *a);

/* The lead agencies of an item, their names (or with keys their
 * ob__agency_key) joined with "、" (caller frees); NULL when it has none
 * or out of memory. */
char *ob__aitem_lead(const ob__aitem *it, bool keys);

/*
 * The alignment of two lists of items (old, new): each item paired with at
 * most one of the other side, and the unpaired ones recognised as split
 * from or merged into a paired one where their text lies mostly inside it.
 * Arrays are indexed by position in their list; -1 means none.
 */
typedef struct ob__align {
	size_t nold, nnew;
	long *fwd;          /* old → new */
	long *back;         /* new → old */
	double *sim;        /* by new: text similarity of its pairing */
	double *conf;       /* by new: confidence of its pairing, 0..1 */
	double *margin;     /* by new: how far its pairing's score stands
			     * above the runner-up of either item */
	uint32_t *ev;       /* by new, OB_EVIDENCE each: the content words
			     * its pairing shares (hashed), heaviest first */
	double *evw;        /* and their weights */
	size_t *nev;        /* by new: how many */
	long *split_from;   /* by new (unpaired): the old item it came from */
	double *split_c;    /* by new: how much of it lies in split_from */
	long *merged_into;  /* by old (unpaired): the new item it went into */
	double *merged_c;   /* by old: how much of it lies in merged_into */
} ob__align;

#define OB_EVIDENCE 6

/* Is new item b's pairing low in confidence: a low score, or a runner-up
 * close behind? */
bool ob__align_low(const ob__align *al, size_t b);
/* The words that pair new item it (index b) with its old one, heaviest
 * first, joined with "、" (caller frees); NULL for none or an identical
 * pair.  bi: a word break iterator, as for ob__edition_load(). */
char *ob__align_evidence(const ob__align *al, size_t b, const ob__aitem *it,
			 UBreakIterator *bi);

/* s as UTF-16 for a break iterator, malloc'd and NUL-terminated, its
 * length in *len; NULL when out of memory.  *st says whether s converted
 * (to be passed on to ubrk_setText). */
UChar *ob__u16_dup(const char *s, int32_t *len, UErrorCode *st);
/* u[a, b) as UTF-8, malloc'd; NULL when out of memory. */
char *ob__u8_dup(const UChar *u, int32_t a, int32_t b);

/* Align old[0..no) with new[0..nn).  Returns 0 or OB_ERR_NOMEM. */
int ob__align_items(const ob__aitem *const *old, size_t no,
		    const ob__aitem *const *new_, size_t nn, ob__align *a);
/* Align two editions' items. */
int ob__align_editions(const ob__edition *o, const ob__edition *n, ob__align *a);
void ob__align_free(ob__align *a);

#endif
