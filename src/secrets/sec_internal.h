/* SPDX-License-Identifier: Apache-2.0
 *
 * sec_internal.h - what the files of src/secrets/ share and nobody else
 * uses: the pattern table rows (sec_patterns.c) and the scanner's own
 * entry (sec_scan.c); the name and value judges are sec_words.h.
 * Everything here is static data or works on caller-owned memory;
 * nothing allocates.
 */
#ifndef BH_SEC_INTERNAL_H
#define BH_SEC_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>

#include "secrets.h"

/* Row flags. */
#define SP_WORD_START 0x1u  /* the byte before the anchor is not [A-Za-z0-9_] */
#define SP_NO_FAKE    0x2u  /* skip the "looks like a documentation sample" test */
#define SP_SEQ_REAL   0x4u  /* a run of ascending digits or letters does not
			     * make the token a sample (only the words do) */

#define SEC_MAX_ANCHORS 14

/* One pattern: literal anchors (case-sensitive) at which the regex is tried,
 * anchored.  The secret value is capture group 1 when the regex has one,
 * else the whole match.  A row with a custom matcher instead of a regex
 * returns the value span itself. */
struct sec_row {
	struct sec_pattern_info info;
	const char *anchors[SEC_MAX_ANCHORS];  /* NULL-terminated */
	const char *regex;
	unsigned flags;
	/* custom matcher: 0 and the value span (*voff, *vlen) set on a
	 * match at "at", else -1 */
	int (*custom)(const char *text, size_t len, size_t at, size_t *voff,
		      size_t *vlen);
};

extern const struct sec_row sec_rows[];
extern const size_t sec_nrows;

/* Index of the name- and entropy-based pseudo-rows in sec_rows. */
const struct sec_row *sec_row_by_id(const char *id);

/* sec_patterns.c: custom matchers */
int sec_match_service_account(const char *text, size_t len, size_t at,
			      size_t *voff, size_t *vlen);

/* sec_scan.c: scan with or without the generic/URL handlers */
int sec_scan_text_opts(const char *text, size_t len, bool generic,
		       sec_match_fn fn, void *ctx);
/* ... or with a mode: SEC_SCAN_GENERIC the free-text generic and URL
 * handlers, SEC_SCAN_CONFIG (implies them) a config file's text, whose
 * key = value lines are judged with the assignment rules */
#define SEC_SCAN_GENERIC 0x1u
#define SEC_SCAN_CONFIG 0x2u
int sec_scan_text_mode(const char *text, size_t len, unsigned mode,
		       sec_match_fn fn, void *ctx);

/* Tests: turn the SIMD prefilter off (or back on where the CPU has it);
 * returns whether it was on.  Results must not depend on it. */
bool sec_scan_use_simd(bool on);
/* Compiles every row's regex now (they compile on first use otherwise):
 * 0, or BH_EUSAGE when one does not compile.  For the unit tests. */
int sec_compile_all(void);

#endif
