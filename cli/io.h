/* SPDX-License-Identifier: MIT */
/* Files in and out for the command (see io.c). */
#ifndef OB_IO_H
#define OB_IO_H

#include <stdbool.h>
#include <stdio.h>
#include <sys/stat.h>

#include "oblix/oblix.h"

/*
 * Read a whole file ("-": standard input) of at most max bytes into *data,
 * NUL-terminated (the caller's, freed with free()), its length in *len.
 * On failure err says why: OB-009 (cannot open or read), OB-005 (over
 * max), out of memory.
 */
int ob__read_all(const char *path, size_t max, char **data, size_t *len,
		 ob_error *err);

/*
 * One output file written whole or not at all: the bytes go to a
 * temporary file beside path, renamed over it by ob__output_commit().
 * A path that names no regular file (-o /dev/stdout, a pipe) is written
 * as it is, tmp NULL: there is nothing to put in place.  A symbolic link
 * stays one: the file it points to is replaced.
 */
typedef struct ob__output {
	const char *path; /* borrowed */
	char *target;     /* the symbolic link's target, or NULL */
	char *tmp;
	FILE *fp;
} ob__output;

/* Open o->fp for path; -1 with errno when the temporary file cannot be
 * made. */
int ob__output_open(ob__output *o, const char *path);
/* Flush, sync and close o->fp, then put it in place; -1 with errno when
 * any of that failed (the temporary file is removed then). */
int ob__output_commit(ob__output *o);
/* Close o->fp and remove the temporary file: nothing reaches path. */
void ob__output_abort(ob__output *o);

/* A ruleset with the user's gazetteer file (NULL: none) added to the
 * built-in one. */
int ob__cli_ruleset(const char *gazetteer, ob_ruleset **rs, ob_error *err);

/*
 * The files under a directory, for a batch, validate and export.  Hidden
 * entries are left out; a link given as the root is read where it points,
 * links inside the tree only with follow (never one back to a directory
 * above it, so no walk loops).  A link not followed, a link to nothing and
 * a directory that cannot be read are said on err.
 */
typedef struct ob__walk_options {
	bool follow;          /* links inside the tree read where they point */
	char **include;       /* globs a file must match one of (none: all) */
	int ninclude;
	char **exclude;       /* globs of files and directories left out */
	int nexclude;
	const struct stat *skip; /* a directory left out (the output tree) */
	bool quiet;           /* no warnings (OB-104), errors only */
} ob__walk_options;

/* Does the file's name end with .xml: an oblix document, no notice? */
bool ob__xml_name(const char *name);
/* strcmp over an array of strings, for qsort and bsearch. */
int ob__by_string(const void *a, const void *b);

/* Call fn(ud, path, rel) for each regular file under root in name order,
 * rel its path below root.  A glob with a '/' matches rel, one without the
 * entry's name.  fn returns non-zero to stop the walk.  Returns 0, 1 when
 * something could not be read (said), or what fn returned. */
int ob__walk(const char *root, const ob__walk_options *o,
	     int (*fn)(void *ud, const char *path, const char *rel), void *ud,
	     FILE *err);

#endif
