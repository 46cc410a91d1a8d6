/* SPDX-License-Identifier: Apache-2.0
 *
 * version.h - version order per package ecosystem, as each ecosystem's own
 * tool defines it: dpkg, PEP 440, SemVer 2.0 (strict and node-semver's
 * loose mode), apk, RPM, Go modules and toolchains, Maven, RubyGems.
 *
 * Every comparator reads the two strings in place: nothing is allocated,
 * the work is linear in the input, and digit runs of any length compare
 * exactly (as digit strings without their leading zeros, never through a
 * machine integer).  *out is set to -1, 0 or 1 (a before, equal to, after
 * b).  Ecosystems with a grammar (PEP 440, SemVer, Go, RubyGems, dpkg's
 * epoch and separators) return BH_EPARSE for a string outside it and leave
 * *out alone; the others (apk, Maven, and RPM but for the empty string)
 * order any string the way their tool does.  The rules and sources: docs/vuln.md "Version order".
 *
 * A version compared with many others (a package's installed version with
 * every bound of its records, a range's bounds with each other) is parsed
 * once: vuln_version_prepare() keeps its parsed form in a struct
 * vuln_ver (the caller's, no heap; it points into the string, which must
 * outlive it) and vuln_version_cmp_prepared() compares two of them with
 * exactly the answer and error vuln_version_cmp() gives for the strings.
 * Maven's parsed form (up to 256 tokens, 16 KB) is not kept: its
 * prepared versions compare through the strings.
 * Tests: tests/unit/vuln/test_version.c, tests/suites/version_oracles.sh.
 */
#ifndef BH_VULN_VERSION_H
#define BH_VULN_VERSION_H

#include <stdbool.h>

enum vuln_eco {
	VULN_ECO_DPKG,         /* Debian, Ubuntu: dpkg --compare-versions */
	VULN_ECO_PYPI,         /* PEP 440 (pypa/packaging) */
	VULN_ECO_SEMVER,       /* SemVer 2.0.0 precedence, strict (npm) */
	VULN_ECO_SEMVER_LOOSE, /* node-semver loose: v/= prefix, leading zeros */
	VULN_ECO_APK,          /* Alpine apk-tools 3 */
	VULN_ECO_RPM,          /* rpmvercmp on [epoch:]version[-release] */
	VULN_ECO_GO,           /* Go modules (x/mod/semver) and go1.21rc2 */
	VULN_ECO_MAVEN,        /* Maven ComparableVersion */
	VULN_ECO_GEM,          /* RubyGems Gem::Version */
	VULN_ECO_COUNT
};

/* Compares a with b in ecosystem eco: BH_OK and *out in {-1,0,1}, or
 * BH_EPARSE (a string the ecosystem rejects), or BH_EUSAGE (bad eco or a
 * NULL string). */
int vuln_version_cmp(enum vuln_eco eco, const char *a, const char *b, int *out);

/* Room for the largest kept parsed form (SemVer/Go, PEP 440). */
#define VULN_VER_FORM 128

/* A version parsed once (vuln_version_prepare). */
struct vuln_ver {
	enum vuln_eco eco;
	const char *s;        /* the string (not copied) */
	int rc;               /* BH_OK, or the error comparing s gives */
	bool kept;            /* form holds the parse (not for Maven) */
	_Alignas(8) unsigned char form[VULN_VER_FORM];
};

/* Parses s for eco into *v: returns v->rc, BH_OK or the error
 * vuln_version_cmp(eco, s, x) reports for s whatever x (BH_EPARSE;
 * BH_EUSAGE for a bad eco or a NULL s; Maven: BH_OK, its errors come
 * when compared). */
int vuln_version_prepare(enum vuln_eco eco, const char *s, struct vuln_ver *v);
/* As vuln_version_cmp(a->eco, a->s, b->s, out), from the kept forms:
 * the same answer and the same error.  BH_EUSAGE when the two were
 * prepared for different ecosystems. */
int vuln_version_cmp_prepared(const struct vuln_ver *a, const struct vuln_ver *b,
			      int *out);
/* vuln_version_valid(v->eco, v->s), without parsing again (Maven:
 * parsed here). */
bool vuln_version_prepared_valid(const struct vuln_ver *v);
/* Whether the ecosystem accepts v (for the ones without a grammar: any
 * non-NULL string; for apk, apk-tools 3's validity rules). */
bool vuln_version_valid(enum vuln_eco eco, const char *v);
/* The ecosystem for a name: deb dpkg debian ubuntu, pypi pep440, semver
 * npm, semver-loose, apk alpine, rpm, go golang, maven, gem rubygems.
 * Returns VULN_ECO_COUNT for an unknown name. */
enum vuln_eco vuln_eco_from_name(const char *name);

int vuln_dpkg_cmp(const char *a, const char *b, int *out);
int vuln_pep440_cmp(const char *a, const char *b, int *out);
int vuln_semver_cmp(const char *a, const char *b, bool loose, int *out);
int vuln_apk_cmp(const char *a, const char *b, int *out);
bool vuln_apk_valid(const char *v);
/* apk's fuzzy order (the `~` constraints `=~ <~ >~`): 0 when b is a
 * version prefix of a, token by token, else -1 or 1 as vuln_apk_cmp. */
int vuln_apk_fuzzy_cmp(const char *a, const char *b);
int vuln_rpm_cmp(const char *a, const char *b, int *out);
/* rpmvercmp itself, on one version or release field. */
int vuln_rpmvercmp(const char *a, const char *b);
int vuln_go_cmp(const char *a, const char *b, int *out);
int vuln_maven_cmp(const char *a, const char *b, int *out);
int vuln_gem_cmp(const char *a, const char *b, int *out);

#endif
