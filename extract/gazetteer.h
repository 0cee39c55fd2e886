/* SPDX-License-Identifier: MIT */
/*
 * The gazetteer of government bodies (see gazetteer.c, data/gazetteer.tsv).
 */
#ifndef OB_GAZETTEER_H
#define OB_GAZETTEER_H

#include <stdio.h>

#include "model.h"

enum ob__level { OB_LEVEL_NONE, OB_LEVEL_NATIONAL, OB_LEVEL_PROVINCIAL,
	OB_LEVEL_CITY, OB_LEVEL_COUNTY };
enum ob__gz_kind { OB_GZ_BODY, OB_GZ_STEM, OB_GZ_DOMAIN, OB_GZ_COLLECTIVE };

typedef struct ob__gz_body {
	char *canonical; /* the full name; for a stem, the full stem */
	char *became;    /* the body it was merged into; NULL when none */
	int level;       /* 0 for a stem */
	unsigned line;   /* of its became= in the file it was read from */
} ob__gz_body;

typedef struct ob__gz_name {
	char *name;
	int kind;
	size_t body;     /* (size_t)-1 for domains and collectives */
} ob__gz_name;

struct ob__gazetteer {
	OB_VEC(ob__gz_body) bodies;
	OB_VEC(ob__gz_name) names; /* sorted by name, then kind */
};

extern const char *const ob__level_names[]; /* "" national provincial city county */

/* Load the built-in data. */
int ob__gazetteer_init(ob__gazetteer *g, ob_error *err);
/* Add entries in the data format; a name given to two bodies fails. */
int ob__gazetteer_load(ob__gazetteer *g, const char *data, size_t len,
		       const char *source, ob_error *err);
void ob__gazetteer_fini(ob__gazetteer *g);
/* The canonical reference and level of an agency name: *ref is NULL (and
 * the return true) when the name is in no list and matches no pattern.
 * False when out of memory. */
bool ob__gazetteer_ref(const ob__gazetteer *g, const char *name, char **ref,
		       int *level);
/* The body a canonical name became, NULL when none. */
/* The place a name opens with (广东省, 宿州市, 蔡甸区, 市): its length in
 * bytes, 0 when none, and its level. */
size_t ob__gazetteer_place(const char *name, size_t n, int *level);

const char *ob__gazetteer_became(const ob__gazetteer *g, const char *ref);
/* The pattern of one actor name (groups coll, func, body, local);
 * malloc'd. */
char *ob__gazetteer_actor_names(const ob__gazetteer *g);
/* The rule ACTOR, ACTOR_SCAN or ACTOR_NAME (rule); malloc'd. */
char *ob__actor_pattern(const ob__gazetteer *g, int rule);
int ob__gazetteer_write(const ob__gazetteer *g, FILE *out);

#endif
