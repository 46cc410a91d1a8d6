/* SPDX-License-Identifier: Apache-2.0
 *
 * vignore.h - the vulnerability ignore file of `bulkhead vuln`: which
 * findings the user has accepted, why, and until when.
 *
 * Two formats (docs/vuln.md "Ignore file"), chosen by the file name:
 *  - YAML (`.bulkhead-vuln.yaml`, any name not ending in "trivyignore"):
 *      ignore:
 *        - id: CVE-2023-1234
 *          reason: "only reachable through the TIFF reader we never call"
 *          expires: 2027-01-31
 *          package: libtiff6            # or a purl; optional
 *    also Trivy's `.trivyignore.yaml` keys: `vulnerabilities:` for
 *    `ignore:`, `statement` for `reason`, `expired_at` for `expires`,
 *    `purls: [...]` for several packages.  Every entry needs an id and a
 *    non-empty reason; an unknown key, a bad date, a missing reason is an
 *    input error naming the line.
 *  - Trivy's text `.trivyignore`: one id a line, optional `exp:YYYY-MM-DD`,
 *    `#` comments.  A reason cannot be required there (Trivy's files have
 *    none); the comment on the same line, or else the comment lines just
 *    above, is taken as the reason when there is one.
 *
 * An entry ignores a finding when its id equals the finding's id or one of
 * its aliases and, if it names packages, one of them equals the package
 * name or matches the package purl (vuln_purl_matches, vex.h).  An entry
 * expires on its date (Trivy's rule, as `scan`'s .trivyignore: ignored up
 * to the day before): from then on it does not ignore, and the match says
 * EXPIRED with the entry so the caller prints vuln_ignore_expired_line().
 * Tests: tests/unit/vuln/test_vignore.c, fuzz/fuzz_vignore.c.
 */
#ifndef BH_VULN_VIGNORE_H
#define BH_VULN_VIGNORE_H

#include <stdbool.h>
#include <stddef.h>

#include "../util/arena.h"
#include "../util/diag.h"

#define VULN_IGNORE_MAX_BYTES ((size_t)8 << 20)
#define VULN_IGNORE_MAX_ENTRIES 100000

struct vuln_ignore_entry {
	const char *id;
	const char *reason;      /* NULL only for a .trivyignore line */
	char expires[11];        /* YYYY-MM-DD, or "" for never */
	const char *const *packages; /* names or purls; n_packages 0 = any */
	size_t n_packages;
	const char *file;        /* the name given to the loader */
	int line;
};

struct vuln_ignore {
	struct arena arena;
	struct vuln_ignore_entry *entries;
	size_t n, cap;
};

enum vuln_ignore_result {
	VULN_IGNORE_NONE = 0,    /* no entry names the finding */
	VULN_IGNORE_IGNORED,     /* an entry in force names it */
	VULN_IGNORE_EXPIRED,     /* only expired entries name it */
};

void vuln_ignore_init(struct vuln_ignore *ig);
void vuln_ignore_free(struct vuln_ignore *ig);

/* Adds the entries of file "name" (buf[0..len), need not be
 * NUL-terminated); several files may be loaded into one set.  BH_OK, or
 * BH_EPARSE / BH_ELIMIT with d set (line when known; d's file as the
 * caller's diag_init set it). */
int vuln_ignore_load(struct vuln_ignore *ig, const char *name,
		     const char *buf, size_t len, struct diag *d);

/* today: "YYYY-MM-DD".  aliases may be NULL when n_aliases is 0; pkg_name
 * and purl may be NULL.  *entry (when not NULL) is set to the deciding
 * entry (the one in force, else the first expired one), or NULL. */
enum vuln_ignore_result vuln_ignore_match(const struct vuln_ignore *ig,
					  const char *id,
					  const char *const *aliases,
					  size_t n_aliases,
					  const char *pkg_name,
					  const char *purl, const char *today,
					  const struct vuln_ignore_entry **entry);

/* "FILE:LINE: ignore entry for ID expired on DATE: reported again" into
 * buf; returns buf. */
char *vuln_ignore_expired_line(const struct vuln_ignore_entry *e, char *buf,
			       size_t size);

#endif
