/* Validation against the shipped notice schema. */
#ifndef OB_VALIDATE_H
#define OB_VALIDATE_H

#include <stdio.h>

#include "oblix/oblix.h"

/* Validate the XML read from fp (from its current position) as a stream.
 * name is used in messages.  0 when valid; OB_ERR_INVALID with the first
 * problem (line, column, message) in err otherwise. */
int ob__validate_stream(FILE *fp, const char *name, ob_error *err);

/* The same for a batch manifest (OUTDIR/index.xml). */
int ob__validate_index(FILE *fp, const char *name, ob_error *err);
/* And for a diff document. */
int ob__validate_diff(FILE *fp, const char *name, ob_error *err);

/* Any document oblix writes, against the schema its root element's
 * namespace names; *type (when not NULL) is set to the document type
 * ("notice", "index", "diff"; static).  A namespace of no oblix
 * document is OB-027.  fp must be seekable. */
int ob__validate_any(FILE *fp, const char *name, const char **type,
		     ob_error *err);

#endif
