/* SPDX-License-Identifier: MIT */
/* Validation against the shipped notice schema. */
#ifndef OB_VALIDATE_H
#define OB_VALIDATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "oblix/oblix.h"

/* Validate the XML read from fp (from its current position) as a stream.
 * name is used in messages.  0 when valid; OB_ERR_INVALID with the first
 * problem (line, column, message) in err otherwise. */
int ob__validate_stream(FILE *fp, const char *name, ob_error *err);
/* The default namespace of the root element of an XML text (after a byte
 * order mark, the declaration, comments and white space), and its length
 * in *nl; NULL when it has none or is no XML. */
const char *ob__root_ns(const char *data, size_t len, size_t *nl);

/* The same for a batch manifest (OUTDIR/index.xml). */
int ob__validate_index(FILE *fp, const char *name, ob_error *err);
/* And for a diff document. */
int ob__validate_diff(FILE *fp, const char *name, ob_error *err);
/* And for a history document. */
int ob__validate_history(FILE *fp, const char *name, ob_error *err);

/* A notice validated as it is written, event by event (see validate.c).
 * _start takes attrs as name, value pairs (nattrs of them) and the values'
 * lengths; declare puts
 * a default namespace declaration for uri on the element.  _finish says
 * whether the events so far make a valid document (0, else
 * OB_ERR_INVALID with the first problem in the err given to _new). */
typedef struct ob__validator ob__validator;
int ob__validator_new(ob__validator **out, ob_error *err);
int ob__validator_start(ob__validator *v, const char *name, const char *uri,
			bool declare, const char *const *attrs,
			const size_t *lens, size_t nattrs);
void ob__validator_text(ob__validator *v, const char *s, size_t len);
void ob__validator_end(ob__validator *v, const char *name, const char *uri);
int ob__validator_finish(ob__validator *v);
void ob__validator_free(ob__validator *v);

/* The notice schema's facets the writer's validator checks in C (see
 * validate.c): their number; the simple type of the k-th and its pattern;
 * whether s is of its language; whether the writer's schema leaves it to
 * the C check (the schema still says what the check implements). */
size_t ob__native_facets(void);
const char *ob__native_facet(size_t k, const char **pattern);
bool ob__native_facet_ok(size_t k, const char *s, size_t len);
bool ob__native_facet_used(size_t k);
/* whether a schema given as text would leave facet k to the C check */
bool ob__native_facet_in(const char *xsd, size_t len, size_t k);

/* Any document oblix writes, against the schema its root element's
 * namespace names; *type (when not NULL) is set to the document type
 * ("notice", "index", "diff"; static).  A namespace of no oblix
 * document is OB-027.  fp must be seekable. */
int ob__validate_any(FILE *fp, const char *name, const char **type,
		     ob_error *err);

#endif
