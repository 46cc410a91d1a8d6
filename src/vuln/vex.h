/* SPDX-License-Identifier: Apache-2.0
 *
 * vex.h - OpenVEX documents (spec v0.2.0, and the older v0.0.x form with
 * string vulnerabilities and products): which statement decides a
 * (vulnerability, package) pair.
 *
 * vuln_vex_load() validates the whole document up front (root object,
 * `statements` array, each statement's `vulnerability`, `status`,
 * `justification` label, product and subcomponent identifiers), bounded in
 * size and count; a defect is BH_EPARSE (BH_ELIMIT past a bound) with one
 * diag line naming the JSON line/column (syntax) or the statement
 * (`statements[3].status: ...`).
 *
 * A statement decides a pair when its vulnerability `name` or one of its
 * `aliases` equals the vulnerability id or one of its aliases (exact,
 * case-sensitive), and one of its products matches: the product's purl
 * (`@id` or `identifiers.purl`) matches the package purl; or the product
 * is the image (its `@id` equals image_ref, or both are purls that match)
 * and it has no subcomponents or one subcomponent's purl matches the
 * package purl.  Purl match: type (case-insensitive), namespace, name and
 * version equal after percent-decoding (pypi names in the purl normal
 * form, lower case with '_' as '-'; github and bitbucket namespaces and
 * names without case); a VEX purl without version matches
 * every version; every qualifier of the VEX purl must be in the package
 * purl with the same value; the subpath is not compared.  When several
 * statements decide a pair, the latest one wins (OpenVEX statements are
 * a sequence in time, each overriding the earlier ones): by its
 * `timestamp`, else the document's (a statement with neither comes
 * before any with one), equal times in document order, as go-vex's
 * SortStatements orders them; a timestamp that is not RFC 3339 is refused
 * at load.  Only
 * not_affected and fixed suppress a finding.  Details: docs/vuln.md
 * "OpenVEX".  Tests: tests/unit/vuln/test_vex.c, fuzz/fuzz_vex.c.
 */
#ifndef BH_VULN_VEX_H
#define BH_VULN_VEX_H

#include <stdbool.h>
#include <stddef.h>

#include "../util/diag.h"

#define VULN_VEX_MAX_BYTES ((size_t)64 << 20)   /* 64 MiB document */
#define VULN_VEX_MAX_ITEMS 1000000              /* statements + products + ids */

enum vuln_vex_status {
	VULN_VEX_NONE = 0,          /* no statement decides the pair */
	VULN_VEX_NOT_AFFECTED,
	VULN_VEX_AFFECTED,
	VULN_VEX_FIXED,
	VULN_VEX_UNDER_INVESTIGATION,
};

struct vuln_vex;

/* Parses buf[0..len) (need not be NUL-terminated).  BH_OK and *out (free
 * with vuln_vex_free), or an error code recorded in d (file name as set by
 * the caller's diag_init). */
int vuln_vex_load(const char *buf, size_t len, struct vuln_vex **out,
		  struct diag *d);
void vuln_vex_free(struct vuln_vex *vex);
/* Number of statements loaded. */
size_t vuln_vex_count(const struct vuln_vex *vex);

/* The status the document gives the pair (VULN_VEX_NONE when no statement
 * decides it).  aliases may be NULL when n_aliases is 0; pkg_purl and
 * image_ref may be NULL.  *justification, when not NULL, is set to the
 * deciding statement's justification (or its impact_statement, or NULL);
 * it lives as long as vex. */
enum vuln_vex_status vuln_vex_decides(const struct vuln_vex *vex,
				      const char *vuln_id,
				      const char *const *aliases,
				      size_t n_aliases, const char *pkg_purl,
				      const char *image_ref,
				      const char **justification);

/* true for not_affected and fixed. */
bool vuln_vex_suppresses(enum vuln_vex_status s);
/* "not_affected", "affected", "fixed", "under_investigation", "none". */
const char *vuln_vex_status_name(enum vuln_vex_status s);

/* The purl match above: does the package purl "pkg" fall under the VEX
 * purl "vex"?  false when either is not a purl. */
bool vuln_purl_matches(const char *vex, const char *pkg);

#endif
