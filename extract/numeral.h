/* SPDX-License-Identifier: MIT */
/*
 * numeral.h — exact values of the numerals written in policy notices.
 *
 * Private to the library: extract/ turns the numerals its rules matched
 * ("1.2亿", "一亿二千万", "三分之二", "百分之二十") into decimal strings.
 */
#ifndef OB_NUMERAL_H
#define OB_NUMERAL_H

#include <stdbool.h>
#include <stddef.h>

/* An exact decimal value, written canonically: optional '-', digits, and a
 * fractional part only when non-zero, without trailing zeros ("120000000",
 * "0.5", "1.25").  exact is false only for a fraction whose decimal does
 * not terminate (三分之一), which is rounded half-up to 6 decimals. */
typedef struct ob__decimal {
	char text[64];
	bool exact;
} ob__decimal;

/* Parse the numeral that spans exactly s[0..len) (UTF-8).  Returns 0 and
 * fills *out, or -1 when the text is not a numeral this parser knows (or
 * overflows 60 digits); *out is then left untouched.  No allocation, no
 * global state: safe from any thread. */
int ob__numeral_parse(const char *s, size_t len, ob__decimal *out);

#endif
