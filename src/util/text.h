/* SPDX-License-Identifier: Apache-2.0
 *
 * text.h - small string tests every layer needs: equality (inline),
 * prefix, suffix (exact and ASCII case-insensitive), ASCII
 * case-insensitive substring, and whether a string is a calendar date
 * YYYY-MM-DD (ignore-file expiry dates), and how deep a JSON text nests.
 *
 * One implementation each, so rule families and parsers stop carrying
 * private copies.  Nothing here allocates; NULL "s" is never a match.
 * Tests: tests/unit/util/test_text.c.
 */
#ifndef BH_TEXT_H
#define BH_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <string.h>

/* Whether the JSON text p[0..n) nests [ and { (outside strings) at most
 * "max" deep: checked before a JSON library builds a tree from hostile
 * bytes (the signature, attestation and Sigstore readers of src/image). */
bool txt_json_depth_ok(const char *p, size_t n, int max);

/* strcmp(a, b) == 0 with the first two bytes compared inline: in the
 * lists rules and the shell model compare every word and command name
 * with, most entries differ there, and the call is the cost.  Neither
 * may be NULL. */
static inline bool txt_eq(const char *a, const char *b)
{
	return a[0] == b[0] &&
	       (!a[0] || (a[1] == b[1] && (!a[1] || !strcmp(a + 2, b + 2))));
}

/* Whether s starts with prefix (case-sensitive). */
bool txt_starts(const char *s, const char *prefix);
/* Whether s ends with suffix (case-sensitive). */
bool txt_ends(const char *s, const char *suffix);
/* Whether s ends with suffix, ASCII letters compared without case. */
bool txt_ends_ci(const char *s, const char *suffix);
/* First place of needle in hay, ASCII letters compared without case, or
 * NULL. */
const char *txt_stristr(const char *hay, const char *needle);

/* Whether s[0..n) is a calendar date YYYY-MM-DD (Gregorian leap years;
 * year 0000-9999): .trivyignore exp: dates for scan (src/cli) and
 * the vulnerability ignore file (src/vuln/vignore.c). */
bool txt_is_date(const char *s, size_t n);

#endif
