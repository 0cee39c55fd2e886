/* SPDX-License-Identifier: MIT */
/* Error records and the message registry. */
#ifndef OB_ERROR_H
#define OB_ERROR_H

#include "oblix/oblix.h"

/*
 * Fill err (when not NULL) with code, the [OB-msgid] message number, the
 * byte offset and a formatted message; return code.  Line and column are
 * left 0 for the caller to fill in when it knows them.
 */
#if defined(__GNUC__)
__attribute__((format(printf, 5, 6)))
#endif
int ob__error_set(ob_error *err, int code, int msgid, size_t offset,
		  const char *fmt, ...);

#endif
