/* SPDX-License-Identifier: MIT */
/* Batch conversion (see batch.c). */
#ifndef OB_BATCH_H
#define OB_BATCH_H

#include <stdbool.h>
#include <stdio.h>

#include "oblix/oblix.h"

typedef struct ob_batch_options {
	const char *outdir;
	const char *encoding; /* NULL: detect */
	const char *gazetteer; /* a user's gazetteer file added; NULL: none */
	size_t max_size;
	int jobs;             /* 0: one per core */
	bool force;           /* convert even what is up to date */
	bool quiet;           /* no progress bar, no summary unless failures */
	bool progress;        /* a progress bar when stderr is a terminal */
	bool no_index;        /* no OUTDIR/index.xml (for one-file runs
			       * driven by another scheduler) */
	bool fsync;           /* each output on disk before it is put in
			       * place, not all together at the end */
	bool prune;           /* remove the outputs of inputs no longer given */
	bool follow;          /* links inside input trees followed */
	char **include, **exclude; /* globs for the files of input trees */
	int first_listed;     /* inputs from this one on are --files-from's */
	int ninclude, nexclude;
} ob_batch_options;

/* Convert every input (files or directories) into o->outdir; the exit
 * status: 0 when every input converted or was up to date, 1 otherwise. */
int ob__batch_run(const ob_batch_options *o, char **inputs, int ninputs,
		  FILE *out, FILE *err);

#endif
