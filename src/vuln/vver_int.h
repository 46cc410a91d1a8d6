/* SPDX-License-Identifier: Apache-2.0
 *
 * vver_int.h - helpers the version comparators share (src/vuln/ver_*.c):
 * exact digit-run comparison and ASCII character classes that do not
 * depend on the locale.
 * Tests: tests/unit/vuln/test_version.c.
 */
#ifndef BH_VVER_INT_H
#define BH_VVER_INT_H

#include <stdbool.h>
#include <stddef.h>

static inline bool vv_digit(char c) { return c >= '0' && c <= '9'; }
static inline bool vv_lower(char c) { return c >= 'a' && c <= 'z'; }
static inline bool vv_alpha(char c) { return vv_lower(c) || (c >= 'A' && c <= 'Z'); }
static inline bool vv_alnum(char c) { return vv_digit(c) || vv_alpha(c); }
static inline char vv_tolower(char c) { return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c; }
static inline int vv_sign(int x) { return (x > 0) - (x < 0); }

/* Two digit runs by value, any length: -1, 0 or 1. */
int vv_numcmp(const char *a, size_t an, const char *b, size_t bn);
/* Whether the digit run is zero (empty counts as zero). */
bool vv_numzero(const char *a, size_t an);
/* Byte-wise order of two spans, a proper prefix first: -1, 0 or 1. */
int vv_strcmp(const char *a, size_t an, const char *b, size_t bn);
/* Length of the digit run at s. */
size_t vv_digits(const char *s);

#endif
