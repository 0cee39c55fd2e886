/* SPDX-License-Identifier: MIT */
/* SHA-256 (FIPS 180-4), for the digest of each input recorded in the
 * output. */
#ifndef OB_SHA256_H
#define OB_SHA256_H

#include <stddef.h>

void ob__sha256(const void *data, size_t len, unsigned char out[32]);

#endif
