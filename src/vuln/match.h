/* SPDX-License-Identifier: Apache-2.0
 *
 * match.h - which OSV records affect which packages, exactly as the OSV
 * schema's "Evaluation" section defines it, and the rows `bulkhead vuln`
 * and `bulkhead image` report (one row per package and vulnerability,
 * records merged through their aliases).
 *
 * Three steps:
 *   vuln_pkg_key()      what a package is looked up as: the OSV ecosystem
 *                       (base and release, "Debian" + "12" from the
 *                       distro qualifier), the name the database indexes
 *                       (source package for deb, origin for apk, PEP 503
 *                       for PyPI, "stdlib" for the Go toolchain row), the
 *                       version compared and the comparator;
 *   vuln_match_record() the verdict of one record for that key: affected
 *                       (with the fixed version), not, or unjudged (the
 *                       comparator rejected the version: never silent);
 *   vuln_hits_*         the affected records of one package merged by
 *                       aliases into rows (id rule, severity, fix).
 * vuln_match_list() (match_db.c) runs them over a package list against a
 * database.
 * The rules and their sources: docs/vuln.md "Matching".
 *
 * Ownership: a struct vuln_key is the caller's (no heap).  A struct
 * vuln_hits and a struct vuln_result own every string they hold; free
 * with vuln_hits_free() / vuln_result_free().
 * Tests: tests/unit/vuln/test_match.c, tests/suites/vuln.sh.
 */
#ifndef BH_VULN_MATCH_H
#define BH_VULN_MATCH_H

#include <stdbool.h>
#include <stddef.h>

#include "../sbom/sbom.h"
#include "../util/diag.h"
#include "osv.h"
#include "version.h"

/* Vulnerability severity, lowest first (UNKNOWN: no vector, no label). */
enum vuln_sev { VULN_SEV_UNKNOWN = 0, VULN_SEV_LOW, VULN_SEV_MEDIUM,
		VULN_SEV_HIGH, VULN_SEV_CRITICAL, VULN_SEV__N };

/* "UNKNOWN", "LOW", "MEDIUM", "HIGH", "CRITICAL". */
const char *vuln_sev_name(enum vuln_sev s);
/* Case-insensitive name (MODERATE is MEDIUM); false when unknown. */
bool vuln_sev_parse(const char *s, size_t len, enum vuln_sev *out);

#define VULN_KEY_NAME 512
#define VULN_KEY_VERSION 256

struct vuln_key {
	char eco[32];            /* OSV ecosystem base: "Debian", "PyPI", "Go" */
	char release[32];        /* "12", "v3.18", "22.04", or "" (unknown) */
	char name[VULN_KEY_NAME];       /* as the database indexes it */
	char version[VULN_KEY_VERSION]; /* the version compared */
	enum vuln_eco cmp;       /* comparator of ECOSYSTEM ranges */
};

/* Fills k for package p.  false when its ecosystem or name has no OSV
 * counterpart (or a string is too long): the package is not looked up. */
bool vuln_pkg_key(const struct sbom_pkg *p, struct vuln_key *k);

/* The Go toolchain version in any of its forms (go1.21rc2, 1.21rc2,
 * v1.21.0-rc.2, 1.21.0-rc.2, go1.21) as the SemVer OSV's stdlib records
 * use ("1.21.0-rc.2", govulncheck's rule) into out.  false when it is
 * none of them. */
bool vuln_go_stdlib_version(const char *v, char *out, size_t size);

/* The comparator of an OSV ecosystem base ("Debian" -> dpkg), or
 * VULN_ECO_COUNT when bulkhead has none. */
enum vuln_eco vuln_osv_comparator(const char *eco_base);

enum vuln_verdict {
	VULN_NOT_AFFECTED = 0,   /* also: the record names another package or
				  * release, or is withdrawn */
	VULN_AFFECTED,
	VULN_UNJUDGED,           /* an entry for the package could not be
				  * evaluated: the comparator rejected the
				  * installed version or a bound */
};

/* The verdict of record r for k.  On VULN_AFFECTED, *fixed (unless NULL)
 * points into r at the smallest `fixed` event above the version in the
 * range that matched (NULL: no fix) and *aff (unless NULL) at the
 * affected entry that matched. */
enum vuln_verdict vuln_match_record(const struct vuln_key *k,
				    const struct osv_record *r,
				    const char **fixed,
				    const struct osv_affected **aff);
/* k's version checked and parsed once for all of a package's records:
 * under k->cmp (v; valid is vuln_version_valid of it) and under SemVer,
 * for SEMVER ranges (semver, valid_semver).  It points into k's version:
 * k outlives it. */
struct vuln_kver {
	bool valid, valid_semver;
	struct vuln_ver v, semver;
};
void vuln_key_version(const struct vuln_key *k, struct vuln_kver *kv);
/* vuln_match_record with kv = vuln_key_version(k), so that a package's
 * many records neither check nor parse its version again. */
enum vuln_verdict vuln_match_record_k(const struct vuln_key *k,
				      const struct osv_record *r,
				      const char **fixed,
				      const struct osv_affected **aff,
				      const struct vuln_kver *kv);

/* The record's severity: the highest score of its CVSS v3.x / v4.0
 * vectors (record level and the affected entry a, which may be NULL),
 * *score set (else -1); else the database's label (a's, then the
 * record's; Debian urgency, GHSA, Ubuntu priority); else UNKNOWN. */
enum vuln_sev vuln_record_severity(const struct osv_record *r,
				   const struct osv_affected *a, double *score);

/* One row: a package and one vulnerability. */
struct vuln_row {
	size_t pkg;              /* index into the package list */
	char *id;
	char **aliases;          /* the group's other ids, sorted */
	size_t naliases;
	char *summary;           /* or NULL */
	enum vuln_sev sev;
	double score;            /* highest CVSS score, or -1 */
	char *fixed;             /* or NULL: no fix for some record */
};

/* The affected records of one package, before merging. */
struct vuln_hit {
	char *id;
	char **aliases;
	size_t naliases;
	char *summary;
	enum vuln_sev sev;
	double score;
	char *fixed;
};

struct vuln_hits {
	struct vuln_hit *v;
	size_t n, cap;
	enum vuln_eco cmp;       /* to order fixed versions */
};

/* Copies what a row needs from an affected record.  BH_ENOMEM. */
int vuln_hits_add(struct vuln_hits *h, const struct osv_record *r,
		  const struct osv_affected *a, const char *fixed);

struct vuln_result {
	struct vuln_row *v;
	size_t n, cap;
	size_t looked_up;        /* packages looked up */
	size_t unjudged;         /* (package, record) pairs not evaluated */
	size_t withdrawn;        /* withdrawn records skipped */
};

/* Merges h's records into rows of package "pkg" appended to out, and
 * empties h.  Records whose id or aliases share an id (transitively) make
 * one row; its id is the smallest CVE id of the group, else the smallest
 * record id (byte order); the other ids are its aliases; severity and
 * score the highest; fixed the highest fixed version (the one that fixes
 * every record), NULL when a record has none; summary the chosen
 * record's, else the first one's.  BH_ENOMEM. */
int vuln_hits_merge(struct vuln_hits *h, size_t pkg, struct vuln_result *out);
void vuln_hits_free(struct vuln_hits *h);

/* Matches every package of l against db: rows appended to out in
 * package order (per package: by id).  BH_ENOMEM, or the database's
 * error (d set). */
int vuln_match_list(struct osv_db *db, const struct sbom_list *l,
		    struct vuln_result *out, struct diag *d);
void vuln_result_free(struct vuln_result *r);
/* One package's key: looked up and its rows (package index pkg) appended
 * to out, as vuln_match_list does for each package.  parse_all: every
 * record found parsed from its JSON and judged (the reference path the
 * tests compare with), instead of judging the pre-decoded ranges first.
 * hits is scratch space (emptied; vuln_hits_free at the end). */
int vuln_match_key(struct osv_db *db, const struct vuln_key *k, size_t pkg,
		   bool parse_all, struct vuln_hits *hits,
		   struct vuln_result *out, struct diag *d);

/* What `bulkhead image` hands its vulnerability rule (struct bh_check's
 * "vulns"): the image's packages and their rows. */
struct vuln_image_report {
	const struct sbom_list *pkgs;
	const struct vuln_result *res;
};
/* Frees the strings of rows v[0..n) only (not the array, counts kept). */
void vuln_result_free_rows(struct vuln_result *r);

#endif
