/* SPDX-License-Identifier: MIT */
/* FNV-1a of len bytes: the hash of the string tables (interned agency
 * strings, OpenCC's conversions, iCalendar UIDs). */
#ifndef OB_HASH_H
#define OB_HASH_H

#include <stddef.h>

static inline size_t
ob__hash(const char *s, size_t len)
{
	size_t h = 14695981039346656037u;
	for (size_t i = 0; i < len; i++)
		h = (h ^ (unsigned char)s[i]) * 1099511628211u;
	return h;
}

#endif
