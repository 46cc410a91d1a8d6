/* SPDX-License-Identifier: Apache-2.0
 *
 * vver_int.h - helpers the version comparators share (src/vuln/ver_*.c):
 * exact digit-run comparison and ASCII character classes that do not
 * depend on the locale; and each comparator's prepared form (struct
 * vuln_ver, version.h): vv_<eco>_prepare parses v->s into v->form and
 * returns BH_OK or BH_EPARSE, vv_<eco>_cmp_ver compares two prepared
 * versions (both parsed) as the string comparator does, -1, 0 or 1.
 * Tests: tests/unit/vuln/test_version.c.
 */
#ifndef BH_VVER_INT_H
#define BH_VVER_INT_H

#include <stdbool.h>
#include <stddef.h>

#include "version.h"

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

/* The form of each ecosystem fits struct vuln_ver's (checked where it is
 * defined). */
#define VV_FORM_FITS(type) \
	_Static_assert(sizeof(type) <= VULN_VER_FORM && _Alignof(type) <= 8, \
		       #type " does not fit struct vuln_ver's form")

int vv_dpkg_prepare(struct vuln_ver *v);
int vv_dpkg_cmp_ver(const struct vuln_ver *a, const struct vuln_ver *b);
int vv_pep440_prepare(struct vuln_ver *v);
int vv_pep440_cmp_ver(const struct vuln_ver *a, const struct vuln_ver *b);
int vv_semver_prepare(struct vuln_ver *v, bool loose);
int vv_semver_cmp_ver(const struct vuln_ver *a, const struct vuln_ver *b);
int vv_go_prepare(struct vuln_ver *v);
int vv_go_cmp_ver(const struct vuln_ver *a, const struct vuln_ver *b);
int vv_apk_prepare(struct vuln_ver *v);
int vv_apk_cmp_ver(const struct vuln_ver *a, const struct vuln_ver *b);
bool vv_apk_form_valid(const struct vuln_ver *v);
int vv_rpm_prepare(struct vuln_ver *v);
int vv_rpm_cmp_ver(const struct vuln_ver *a, const struct vuln_ver *b);
int vv_gem_prepare(struct vuln_ver *v);
int vv_gem_cmp_ver(const struct vuln_ver *a, const struct vuln_ver *b);

#endif
