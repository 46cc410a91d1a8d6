/* SPDX-License-Identifier: Apache-2.0
 *
 * test_match.c - src/vuln/match.h on records written inline: every rule
 * of OSV's evaluation (withdrawn, ecosystem base and release, source
 * names and versions of OS packages, PEP 503 names, versions lists,
 * ECOSYSTEM and SEMVER ranges with introduced 0, fixed, last_affected,
 * limit, unsorted events, GIT ranges ignored), the Go toolchain row,
 * versions the comparator rejects (unjudged), the fixed version, alias
 * merging and severity; each one firing and quiet.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "sbom/sbom.h"
#include "vuln/match.h"

#define S(x) ((char *)(x))
#define EV(k, v) { OSV_EV_##k, S(v) }

/* A record of one affected entry with one range. */
struct one {
	struct osv_event ev[8];
	struct osv_range rg[2];
	struct osv_affected aff[2];
	struct osv_record rec;
};

static void one_init(struct one *o, const char *id, const char *eco,
		     const char *name, enum osv_range_type type,
		     const struct osv_event *ev, size_t nev)
{
	memset(o, 0, sizeof(*o));
	if (nev)
		memcpy(o->ev, ev, nev * sizeof(*ev));
	o->rg[0] = (struct osv_range){ type, o->ev, nev };
	o->aff[0] = (struct osv_affected){ .ecosystem = S(eco), .name = S(name),
					   .ranges = o->rg, .nranges = nev ? 1 : 0 };
	o->rec = (struct osv_record){ .id = S(id), .modified = S("2024-01-01T00:00:00Z"),
				      .aff = o->aff, .naff = 1 };
}

/* A package as a cataloger lists it. */
static struct sbom_pkg pkg(enum sbom_eco eco, const char *name, const char *ver)
{
	return (struct sbom_pkg){ .eco = eco, .name = S(name), .version = S(ver) };
}

static enum vuln_verdict judge(const struct sbom_pkg *p, const struct osv_record *r,
			       const char **fixed)
{
	struct vuln_key k;
	assert_true(vuln_pkg_key(p, &k));
	return vuln_match_record(&k, r, fixed, NULL);
}

static enum vuln_verdict npm_at(const char *ver, const struct osv_event *ev,
				size_t nev, const char **fixed)
{
	struct one o;
	one_init(&o, "GHSA-t", "npm", "pkg", OSV_RANGE_ECOSYSTEM, ev, nev);
	struct sbom_pkg p = pkg(SBOM_NPM, "pkg", ver);
	return judge(&p, &o.rec, fixed);
}

static void test_ranges(void **state)
{
	(void)state;
	const char *fx;
	/* introduced 0, fixed exclusive */
	const struct osv_event a[] = { EV(INTRODUCED, "0"), EV(FIXED, "4.17.21") };
	assert_int_equal(npm_at("4.17.20", a, 2, &fx), VULN_AFFECTED);
	assert_string_equal(fx, "4.17.21");
	assert_int_equal(npm_at("4.17.21", a, 2, &fx), VULN_NOT_AFFECTED);
	assert_int_equal(npm_at("0.0.1", a, 2, &fx), VULN_AFFECTED);
	/* introduced inclusive, below it quiet */
	const struct osv_event b[] = { EV(INTRODUCED, "7.0.0"), EV(FIXED, "7.5.2") };
	assert_int_equal(npm_at("7.0.0", b, 2, &fx), VULN_AFFECTED);
	assert_int_equal(npm_at("6.9.9", b, 2, &fx), VULN_NOT_AFFECTED);
	assert_int_equal(npm_at("7.5.2-rc.1", b, 2, &fx), VULN_AFFECTED);
	/* last_affected inclusive */
	const struct osv_event c[] = { EV(INTRODUCED, "1.0.0"), EV(LAST_AFFECTED, "1.4.0") };
	assert_int_equal(npm_at("1.4.0", c, 2, &fx), VULN_AFFECTED);
	assert_null(fx);
	assert_int_equal(npm_at("1.4.1", c, 2, &fx), VULN_NOT_AFFECTED);
	/* open range: no fix */
	const struct osv_event d[] = { EV(INTRODUCED, "2.0.0") };
	assert_int_equal(npm_at("99.0.0", d, 1, &fx), VULN_AFFECTED);
	assert_null(fx);
	/* events in any order: sorted by version first; the fixed version
	 * is the smallest fixed above the installed one */
	const struct osv_event e[] = { EV(FIXED, "2.5.0"), EV(INTRODUCED, "2.0.0"),
				       EV(FIXED, "1.5.0"), EV(INTRODUCED, "1.0.0") };
	assert_int_equal(npm_at("1.2.0", e, 4, &fx), VULN_AFFECTED);
	assert_string_equal(fx, "1.5.0");
	assert_int_equal(npm_at("2.1.0", e, 4, &fx), VULN_AFFECTED);
	assert_string_equal(fx, "2.5.0");
	assert_int_equal(npm_at("1.7.0", e, 4, &fx), VULN_NOT_AFFECTED);
	assert_int_equal(npm_at("2.5.0", e, 4, &fx), VULN_NOT_AFFECTED);
	assert_int_equal(npm_at("0.9.0", e, 4, &fx), VULN_NOT_AFFECTED);
	/* limit gates the range (OSV's BeforeLimits): not a closing event */
	const struct osv_event f[] = { EV(INTRODUCED, "0"), EV(LIMIT, "1.0.0"),
				       EV(INTRODUCED, "2.0.0"), EV(LIMIT, "3.0.0") };
	assert_int_equal(npm_at("0.5.0", f, 4, &fx), VULN_AFFECTED);
	assert_int_equal(npm_at("1.5.0", f, 4, &fx), VULN_AFFECTED);
	assert_int_equal(npm_at("2.5.0", f, 4, &fx), VULN_AFFECTED);
	assert_int_equal(npm_at("3.5.0", f, 4, &fx), VULN_NOT_AFFECTED);
	const struct osv_event g[] = { EV(INTRODUCED, "0"), EV(LIMIT, "*") };
	assert_int_equal(npm_at("3.5.0", g, 2, &fx), VULN_AFFECTED);
	/* a range without events affects nothing */
	assert_int_equal(npm_at("1.0.0", NULL, 0, &fx), VULN_NOT_AFFECTED);
}

static void test_unjudged(void **state)
{
	(void)state;
	const char *fx;
	const struct osv_event a[] = { EV(INTRODUCED, "0"), EV(FIXED, "1.2.0") };
	/* npm versions are strict SemVer: "1.2" is no version */
	assert_int_equal(npm_at("1.2", a, 2, &fx), VULN_UNJUDGED);
	/* a bound the comparator rejects */
	const struct osv_event b[] = { EV(INTRODUCED, "0"), EV(FIXED, "not a version") };
	assert_int_equal(npm_at("1.0.0", b, 2, &fx), VULN_UNJUDGED);
	/* PyPI: a legacy version */
	struct one o;
	one_init(&o, "PYSEC-1", "PyPI", "django", OSV_RANGE_ECOSYSTEM, a, 2);
	struct sbom_pkg p = pkg(SBOM_PYPI, "Django", "1.0-gamma!!");
	assert_int_equal(judge(&p, &o.rec, &fx), VULN_UNJUDGED);
	/* another package's record is not unjudged: not ours */
	p.name = S("flask");
	assert_int_equal(judge(&p, &o.rec, &fx), VULN_NOT_AFFECTED);
}

/* A range with a bound its comparator rejects is unjudged, whatever the
 * bound's kind and place and the version's position, in every
 * ecosystem; one without is never unjudged: every combination of valid
 * and invalid bounds of each comparator, judged against
 * vuln_version_valid of each bound. */
static void test_unjudged_bounds(void **state)
{
	(void)state;
	static const struct {
		const char *eco;
		enum vuln_eco cmp;
		const char *vers[3];   /* installed versions tried */
		const char *good[3];   /* valid bounds, ascending */
		const char *bad;       /* a bound the comparator rejects */
	} t[] = {
		{"npm", VULN_ECO_SEMVER, {"0.5.0", "1.5.0", "3.0.0"},
		 {"1.0.0", "2.0.0", "2.5.0"}, "1.x"},
		{"PyPI", VULN_ECO_PYPI, {"0.5", "1.5", "3.0"},
		 {"1.0", "2.0", "2.5"}, "1.0-gamma!!"},
		{"Debian", VULN_ECO_DPKG, {"0.5-1", "1.5-1", "3.0-1"},
		 {"1.0-1", "2.0-1", "2.5-1"}, "1.0 2"},
		{"Go", VULN_ECO_GO, {"0.5.0", "1.5.0", "3.0.0"},
		 {"1.0.0", "2.0.0", "2.5.0"}, "one"},
		{"Maven", VULN_ECO_MAVEN, {"0.5", "1.5", "3.0"},
		 {"1.0", "2.0", "2.5"}, NULL},  /* set below: too many items */
		{"RubyGems", VULN_ECO_GEM, {"0.5", "1.5", "3.0"},
		 {"1.0", "2.0", "2.5"}, "1.0 x"},
		{"Red Hat", VULN_ECO_RPM, {"0.5-1", "1.5-1", "3.0-1"},
		 {"1.0-1", "2.0-1", "2.5-1"}, ""},
		{"Alpine", VULN_ECO_APK, {"0.5-r0", "1.5-r0", "3.0-r0"},
		 {"1.0-r0", "2.0-r0", "2.5-r0"}, "1.0-r0-x"},
	};
	static const enum osv_event_kind kinds[] = {
		OSV_EV_INTRODUCED, OSV_EV_FIXED, OSV_EV_LAST_AFFECTED, OSV_EV_LIMIT
	};
	/* Maven's ComparableVersion takes any string; only more items than
	 * the parser holds (256) are refused */
	static char maven_bad[2 * 300];
	for (size_t j = 0; j < 300; j++)
		memcpy(maven_bad + 2 * j, j < 299 ? "1." : "1", 2);
	size_t judged = 0, unjudged = 0;
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		const char *bad = t[i].bad ? t[i].bad : maven_bad;
		assert_false(vuln_version_valid(t[i].cmp, bad));
		/* three events: each of the 4 kinds, each value one of the
		 * three valid bounds or the bad one */
		for (size_t m = 0; m < 4 * 4 * 4 * 4 * 4 * 4; m++) {
			struct osv_event ev[3];
			bool any_bad = false;
			size_t x = m;
			for (size_t e = 0; e < 3; e++) {
				ev[e].kind = kinds[x % 4];
				x /= 4;
				size_t v = x % 4;
				x /= 4;
				ev[e].value = S(v < 3 ? t[i].good[v] : bad);
				any_bad |= v == 3;
			}
			struct one o;
			one_init(&o, "X-1", t[i].eco, "pkg", OSV_RANGE_ECOSYSTEM,
				 ev, 3);
			for (size_t v = 0; v < 3; v++) {
				struct vuln_key k = { .cmp = t[i].cmp };
				snprintf(k.eco, sizeof(k.eco), "%s", t[i].eco);
				snprintf(k.name, sizeof(k.name), "pkg");
				snprintf(k.version, sizeof(k.version), "%s",
					 t[i].vers[v]);
				const char *fx;
				enum vuln_verdict r = vuln_match_record(&k, &o.rec,
									&fx, NULL);
				if (any_bad) {
					assert_int_equal(r, VULN_UNJUDGED);
					unjudged++;
				} else {
					assert_int_not_equal(r, VULN_UNJUDGED);
					judged++;
				}
			}
		}
	}
	assert_true(judged > 1000 && unjudged > 1000);
}

static void test_withdrawn_and_git(void **state)
{
	(void)state;
	const char *fx;
	const struct osv_event a[] = { EV(INTRODUCED, "0") };
	struct one o;
	one_init(&o, "GHSA-w", "npm", "pkg", OSV_RANGE_ECOSYSTEM, a, 1);
	struct sbom_pkg p = pkg(SBOM_NPM, "pkg", "1.0.0");
	assert_int_equal(judge(&p, &o.rec, &fx), VULN_AFFECTED);
	o.rec.withdrawn = S("2024-02-01T00:00:00Z");
	assert_int_equal(judge(&p, &o.rec, &fx), VULN_NOT_AFFECTED);
	/* GIT ranges name commits: ignored (an ECOSYSTEM range next to it
	 * still counts) */
	const struct osv_event g[] = { EV(INTRODUCED, "0"),
				       EV(FIXED, "9f8e7d6c5b4a39281706f5e4d3c2b1a098765432") };
	one_init(&o, "PYSEC-g", "PyPI", "pkg", OSV_RANGE_GIT, g, 2);
	p = pkg(SBOM_PYPI, "pkg", "1.0");
	assert_int_equal(judge(&p, &o.rec, &fx), VULN_NOT_AFFECTED);
	const struct osv_event e[] = { EV(INTRODUCED, "0"), EV(FIXED, "1.1") };
	memcpy(o.ev + 2, e, sizeof(e));
	o.rg[1] = (struct osv_range){ OSV_RANGE_ECOSYSTEM, o.ev + 2, 2 };
	o.aff[0].nranges = 2;
	assert_int_equal(judge(&p, &o.rec, &fx), VULN_AFFECTED);
	assert_string_equal(fx, "1.1");
}

static void test_versions_list(void **state)
{
	(void)state;
	const char *fx;
	char *vers[] = { S("1.0.0"), S("2.0.1") };
	struct one o;
	one_init(&o, "PYSEC-v", "PyPI", "Flask_Cors", OSV_RANGE_ECOSYSTEM, NULL, 0);
	o.aff[0].versions = vers;
	o.aff[0].nversions = 2;
	/* PEP 503 names; exact string */
	struct sbom_pkg p = pkg(SBOM_PYPI, "flask-cors", "2.0.1");
	assert_int_equal(judge(&p, &o.rec, &fx), VULN_AFFECTED);
	assert_null(fx);
	/* equal under PEP 440: 1.0 == 1.0.0 */
	p.version = S("1.0");
	assert_int_equal(judge(&p, &o.rec, &fx), VULN_AFFECTED);
	p.version = S("2.0.2");
	assert_int_equal(judge(&p, &o.rec, &fx), VULN_NOT_AFFECTED);
	p.name = S("flask");
	p.version = S("2.0.1");
	assert_int_equal(judge(&p, &o.rec, &fx), VULN_NOT_AFFECTED);
	/* the record's name written another way: Jinja2 vs jinja2 */
	const struct osv_event a[] = { EV(INTRODUCED, "0"), EV(FIXED, "3.1.3") };
	one_init(&o, "GHSA-h5c8-rqwp-cp95", "PyPI", "Jinja2", OSV_RANGE_ECOSYSTEM, a, 2);
	p = pkg(SBOM_PYPI, "jinja2", "3.1.2");
	assert_int_equal(judge(&p, &o.rec, &fx), VULN_AFFECTED);
	assert_string_equal(fx, "3.1.3");
}

static void test_os_release(void **state)
{
	(void)state;
	const char *fx;
	const struct osv_event a[] = { EV(INTRODUCED, "0"), EV(FIXED, "1.21.23") };
	struct one o;
	one_init(&o, "DLA-1", "Debian:9", "dpkg", OSV_RANGE_ECOSYSTEM, a, 2);
	struct sbom_pkg p = pkg(SBOM_DEB, "dpkg", "1.18.0");
	p.ns = S("debian");
	p.distro = S("debian-12");
	/* a Debian:9 record for a Debian 12 package */
	assert_int_equal(judge(&p, &o.rec, &fx), VULN_NOT_AFFECTED);
	o.aff[0].ecosystem = S("Debian:12");
	assert_int_equal(judge(&p, &o.rec, &fx), VULN_AFFECTED);
	o.aff[0].ecosystem = S("Debian:1");      /* a prefix is not the release */
	assert_int_equal(judge(&p, &o.rec, &fx), VULN_NOT_AFFECTED);
	/* no known release: no release-suffixed entry */
	o.aff[0].ecosystem = S("Debian:12");
	p.distro = NULL;
	assert_int_equal(judge(&p, &o.rec, &fx), VULN_NOT_AFFECTED);
	p.distro = S("debian");
	assert_int_equal(judge(&p, &o.rec, &fx), VULN_NOT_AFFECTED);
	/* an entry without release: every release */
	o.aff[0].ecosystem = S("Debian");
	assert_int_equal(judge(&p, &o.rec, &fx), VULN_AFFECTED);
	/* another ecosystem base */
	o.aff[0].ecosystem = S("Ubuntu");
	assert_int_equal(judge(&p, &o.rec, &fx), VULN_NOT_AFFECTED);

	/* Alpine: 3.18.4 is Alpine:v3.18; origin names the record */
	const struct osv_event m[] = { EV(INTRODUCED, "0.9.13"), EV(FIXED, "1.2.4-r3") };
	one_init(&o, "ALPINE-CVE-2025-26519", "Alpine:v3.18", "musl", OSV_RANGE_ECOSYSTEM, m, 2);
	p = pkg(SBOM_APK, "musl-utils", "1.2.4-r0");
	p.ns = S("alpine");
	p.distro = S("alpine-3.18.4");
	p.src_name = S("musl");
	p.src_version = S("1.2.4-r0");
	assert_int_equal(judge(&p, &o.rec, &fx), VULN_AFFECTED);
	assert_string_equal(fx, "1.2.4-r3");
	p.distro = S("alpine-3.19.1");
	assert_int_equal(judge(&p, &o.rec, &fx), VULN_NOT_AFFECTED);
	p.distro = S("alpine-3.18.4");
	p.src_name = NULL;                       /* no origin: its own name */
	assert_int_equal(judge(&p, &o.rec, &fx), VULN_NOT_AFFECTED);
	p.src_name = S("musl");
	p.version = p.src_version = S("1.2.4-r3");
	assert_int_equal(judge(&p, &o.rec, &fx), VULN_NOT_AFFECTED);

	/* Ubuntu: 22.04 matches Ubuntu:22.04:LTS, not a Pro entry */
	one_init(&o, "USN-1", "Ubuntu:22.04:LTS", "openssl", OSV_RANGE_ECOSYSTEM, a, 2);
	p = pkg(SBOM_DEB, "libssl3", "1.0");
	p.ns = S("ubuntu");
	p.distro = S("ubuntu-22.04");
	p.src_name = S("openssl");
	assert_int_equal(judge(&p, &o.rec, &fx), VULN_AFFECTED);
	o.aff[0].ecosystem = S("Ubuntu:Pro:22.04:LTS");
	assert_int_equal(judge(&p, &o.rec, &fx), VULN_NOT_AFFECTED);
	o.aff[0].ecosystem = S("Ubuntu:20.04:LTS");
	assert_int_equal(judge(&p, &o.rec, &fx), VULN_NOT_AFFECTED);
}

static void test_deb_source(void **state)
{
	(void)state;
	const char *fx;
	/* binNMU: util-linux-extra 2.38.1-5+b1 from source util-linux
	 * 2.38.1-5; Debian's advisories name source packages and give
	 * source versions */
	const struct osv_event a[] = { EV(INTRODUCED, "0"), EV(FIXED, "2.38.1-5+b1") };
	struct one o;
	one_init(&o, "DSA-1", "Debian:12", "util-linux", OSV_RANGE_ECOSYSTEM, a, 2);
	struct sbom_pkg p = pkg(SBOM_DEB, "util-linux-extra", "2.38.1-5+b1");
	p.ns = S("debian");
	p.distro = S("debian-12");
	p.src_name = S("util-linux");
	p.src_version = S("2.38.1-5");
	assert_int_equal(judge(&p, &o.rec, &fx), VULN_AFFECTED);
	/* no Source: field: the package is its own source */
	o.aff[0].name = S("util-linux-extra");
	p.src_name = NULL;
	p.src_version = NULL;
	assert_int_equal(judge(&p, &o.rec, &fx), VULN_NOT_AFFECTED);
	p.version = S("2.38.1-4");
	assert_int_equal(judge(&p, &o.rec, &fx), VULN_AFFECTED);
	/* epochs order under dpkg */
	const struct osv_event e[] = { EV(INTRODUCED, "0"), EV(FIXED, "1:2.5.1-4") };
	one_init(&o, "DSA-2", "Debian:12", "attr", OSV_RANGE_ECOSYSTEM, e, 2);
	p = pkg(SBOM_DEB, "attr", "2.6.0-1");
	p.ns = S("debian");
	p.distro = S("debian-12");
	assert_int_equal(judge(&p, &o.rec, &fx), VULN_AFFECTED);
	p.version = S("1:2.5.1-4");
	assert_int_equal(judge(&p, &o.rec, &fx), VULN_NOT_AFFECTED);
}

static void test_semver_and_ecosystems(void **state)
{
	(void)state;
	const char *fx;
	/* SEMVER range type: SemVer whatever the ecosystem */
	const struct osv_event a[] = { EV(INTRODUCED, "0"), EV(FIXED, "0.0.8") };
	struct one o;
	one_init(&o, "GHSA-whgm-jr23-g3j9", "npm", "ansi-html", OSV_RANGE_SEMVER, a, 2);
	struct sbom_pkg p = pkg(SBOM_NPM, "ansi-html", "0.0.7");
	assert_int_equal(judge(&p, &o.rec, &fx), VULN_AFFECTED);
	p.version = S("0.0.8");
	assert_int_equal(judge(&p, &o.rec, &fx), VULN_NOT_AFFECTED);
	/* Maven group:artifact, Maven order (1.0-SNAPSHOT < 1.0) */
	const struct osv_event m[] = { EV(INTRODUCED, "2.0-beta9"), EV(FIXED, "2.15.0") };
	one_init(&o, "GHSA-jfh8", "Maven", "org.apache.logging.log4j:log4j-core",
		 OSV_RANGE_ECOSYSTEM, m, 2);
	p = pkg(SBOM_MAVEN, "org.apache.logging.log4j:log4j-core", "2.14.1");
	assert_int_equal(judge(&p, &o.rec, &fx), VULN_AFFECTED);
	p.version = S("2.15.0");
	assert_int_equal(judge(&p, &o.rec, &fx), VULN_NOT_AFFECTED);
	p.version = S("2.0-alpha1");
	assert_int_equal(judge(&p, &o.rec, &fx), VULN_NOT_AFFECTED);
	p.name = S("log4j-core");
	p.version = S("2.14.1");
	assert_int_equal(judge(&p, &o.rec, &fx), VULN_NOT_AFFECTED);
	/* RubyGems: 1.0.0.pre < 1.0.0 */
	const struct osv_event r[] = { EV(INTRODUCED, "0"), EV(FIXED, "1.0.0") };
	one_init(&o, "GHSA-gem", "RubyGems", "rack", OSV_RANGE_ECOSYSTEM, r, 2);
	p = pkg(SBOM_GEM, "rack", "1.0.0.pre");
	assert_int_equal(judge(&p, &o.rec, &fx), VULN_AFFECTED);
	p.version = S("1.0.0");
	assert_int_equal(judge(&p, &o.rec, &fx), VULN_NOT_AFFECTED);
	/* crates.io: SemVer */
	one_init(&o, "RUSTSEC-1", "crates.io", "smallvec", OSV_RANGE_ECOSYSTEM, r, 2);
	p = pkg(SBOM_CARGO, "smallvec", "0.9.1");
	assert_int_equal(judge(&p, &o.rec, &fx), VULN_AFFECTED);
	/* npm's name is exact: case matters */
	one_init(&o, "GHSA-n", "npm", "Lodash", OSV_RANGE_ECOSYSTEM, r, 2);
	p = pkg(SBOM_NPM, "lodash", "0.1.0");
	assert_int_equal(judge(&p, &o.rec, &fx), VULN_NOT_AFFECTED);
	/* a package without an OSV ecosystem (rpm of an unknown vendor) */
	p = pkg(SBOM_RPM, "curl", "7.76.0-6");
	p.ns = S("rpm");
	struct vuln_key k;
	assert_false(vuln_pkg_key(&p, &k));
}

static void test_go(void **state)
{
	(void)state;
	char out[64];
	static const char *const forms[][2] = {
		{ "go1.21rc2", "1.21.0-rc.2" }, { "1.21rc2", "1.21.0-rc.2" },
		{ "v1.21.0-rc.2", "1.21.0-rc.2" }, { "1.21.0-rc.2", "1.21.0-rc.2" },
		{ "go1.22.0", "1.22.0" }, { "go1.21", "1.21.0" }, { "go1", "1.0.0" },
		{ "go1.9beta1", "1.9.0-beta.1" }, { "go1.19.8", "1.19.8" },
		/* custom toolchain suffixes are not the version (go/version) */
		{ "go1.21.0-bigcorp", "1.21.0" }, { "go1.21rc1-bigcorp", "1.21.0-rc.1" },
		{ "go1.22.1 X:boringcrypto", "1.22.1" },
	};
	for (size_t i = 0; i < sizeof(forms) / sizeof(forms[0]); i++) {
		assert_true(vuln_go_stdlib_version(forms[i][0], out, sizeof(out)));
		assert_string_equal(out, forms[i][1]);
	}
	assert_false(vuln_go_stdlib_version("devel", out, sizeof(out)));
	assert_false(vuln_go_stdlib_version("go1.21xx", out, sizeof(out)));

	/* GO-2024-2687: stdlib [0, 1.21.9) [1.22.0-0, 1.22.2) */
	const char *fx;
	struct one o;
	const struct osv_event a[] = { EV(INTRODUCED, "0"), EV(FIXED, "1.21.9"),
				       EV(INTRODUCED, "1.22.0-0"), EV(FIXED, "1.22.2") };
	one_init(&o, "GO-2024-2687", "Go", "stdlib", OSV_RANGE_SEMVER, a, 4);
	struct sbom_pkg p = pkg(SBOM_GO, "stdlib", "go1.22.0");
	assert_int_equal(judge(&p, &o.rec, &fx), VULN_AFFECTED);
	assert_string_equal(fx, "1.22.2");
	p.version = S("1.22rc1");                /* 1.22.0-rc.1 >= 1.22.0-0 */
	assert_int_equal(judge(&p, &o.rec, &fx), VULN_AFFECTED);
	p.version = S("go1.21.9");
	assert_int_equal(judge(&p, &o.rec, &fx), VULN_NOT_AFFECTED);
	p.version = S("go1.19.8");
	assert_int_equal(judge(&p, &o.rec, &fx), VULN_AFFECTED);
	assert_string_equal(fx, "1.21.9");
	/* toolchain records concern the go command: not the stdlib row */
	o.aff[0].name = S("toolchain");
	assert_int_equal(judge(&p, &o.rec, &fx), VULN_NOT_AFFECTED);
	/* a module: path as written, pseudo-versions and +incompatible */
	const struct osv_event b[] = { EV(INTRODUCED, "0"), EV(FIXED, "0.17.0") };
	one_init(&o, "GO-2022-1144", "Go", "golang.org/x/net", OSV_RANGE_SEMVER, b, 2);
	p = pkg(SBOM_GO, "golang.org/x/net", "0.0.0-20220722155237-a158d28d115b");
	assert_int_equal(judge(&p, &o.rec, &fx), VULN_AFFECTED);
	p.version = S("v0.17.0");
	assert_int_equal(judge(&p, &o.rec, &fx), VULN_NOT_AFFECTED);
	one_init(&o, "GO-x", "Go", "github.com/a/b", OSV_RANGE_ECOSYSTEM, b, 2);
	p = pkg(SBOM_GO, "github.com/a/b", "v0.16.0+incompatible");
	assert_int_equal(judge(&p, &o.rec, &fx), VULN_AFFECTED);
}

static void test_severity(void **state)
{
	(void)state;
	struct osv_record r = { .id = S("X") };
	struct osv_affected a = { 0 };
	double sc;
	assert_int_equal(vuln_record_severity(&r, NULL, &sc), VULN_SEV_UNKNOWN);
	assert_true(sc < 0);
	/* CVSS v3.1 9.8 (the highest wins over a 5.3) */
	struct osv_severity s[] = {
		{ S("CVSS_V3"), S("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:L") },
		{ S("CVSS_V3"), S("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H") },
	};
	r.sev = s;
	r.nsev = 2;
	assert_int_equal(vuln_record_severity(&r, NULL, &sc), VULN_SEV_CRITICAL);
	assert_float_equal(sc, 9.8, 1e-9);
	r.nsev = 1;
	assert_int_equal(vuln_record_severity(&r, NULL, &sc), VULN_SEV_MEDIUM);
	assert_float_equal(sc, 5.3, 1e-9);
	/* a v4.0 vector in the affected entry: 9.3 */
	struct osv_severity s4 = { S("CVSS_V4"),
		S("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N") };
	a.sev = &s4;
	a.nsev = 1;
	assert_int_equal(vuln_record_severity(&r, &a, &sc), VULN_SEV_CRITICAL);
	assert_float_equal(sc, 9.3, 1e-9);
	/* labels when no vector: Debian urgency, GHSA, Ubuntu */
	struct osv_record l = { .id = S("Y") };
	struct osv_affected la = { .db_severity = S("unimportant") };
	assert_int_equal(vuln_record_severity(&l, &la, &sc), VULN_SEV_LOW);
	assert_true(sc < 0);
	la.db_severity = S("not yet assigned");
	assert_int_equal(vuln_record_severity(&l, &la, &sc), VULN_SEV_UNKNOWN);
	l.db_severity = S("MODERATE");
	assert_int_equal(vuln_record_severity(&l, &la, &sc), VULN_SEV_MEDIUM);
	struct osv_severity u = { S("Ubuntu"), S("high") };
	struct osv_record ur = { .id = S("Z"), .sev = &u, .nsev = 1 };
	assert_int_equal(vuln_record_severity(&ur, NULL, &sc), VULN_SEV_HIGH);
	/* a v2 vector is not scored: label fallback */
	struct osv_severity v2 = { S("CVSS_V2"), S("AV:N/AC:L/Au:N/C:P/I:P/A:P") };
	struct osv_record vr = { .id = S("W"), .sev = &v2, .nsev = 1, .db_severity = S("LOW") };
	assert_int_equal(vuln_record_severity(&vr, NULL, &sc), VULN_SEV_LOW);
	enum vuln_sev e;
	assert_true(vuln_sev_parse("critical", 8, &e));
	assert_int_equal(e, VULN_SEV_CRITICAL);
	assert_false(vuln_sev_parse("severe", 6, &e));
}

static void test_merge(void **state)
{
	(void)state;
	struct vuln_hits h = { .cmp = VULN_ECO_PYPI };
	char *al1[] = { S("CVE-2023-1"), S("PYSEC-2023-9") };
	char *al2[] = { S("GHSA-aaaa") };
	char *al3[] = { S("CVE-2023-1") };
	struct osv_severity hi = { S("CVSS_V3"), S("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N") };
	struct osv_record g = { .id = S("GHSA-aaaa"), .summary = S("the GHSA"),
				.aliases = al1, .naliases = 2, .sev = &hi, .nsev = 1 };
	struct osv_record py = { .id = S("PYSEC-2023-9"), .aliases = al2, .naliases = 1,
				 .summary = S("the PYSEC") };
	/* joins through CVE-2023-1 only (transitively) */
	struct osv_record o = { .id = S("OSV-2023-5"), .aliases = al3, .naliases = 1 };
	struct osv_record other = { .id = S("GHSA-bbbb"), .summary = S("other") };
	assert_int_equal(vuln_hits_add(&h, &py, NULL, "2.0.1"), 0);
	assert_int_equal(vuln_hits_add(&h, &other, NULL, NULL), 0);
	assert_int_equal(vuln_hits_add(&h, &g, NULL, "2.0.0"), 0);
	assert_int_equal(vuln_hits_add(&h, &o, NULL, "2.0.10"), 0);
	struct vuln_result res = { 0 };
	assert_int_equal(vuln_hits_merge(&h, 7, &res), 0);
	assert_int_equal(h.n, 0);
	assert_int_equal(res.n, 2);
	/* rows by id: CVE-2023-1 (the CVE of the group), GHSA-bbbb */
	assert_string_equal(res.v[0].id, "CVE-2023-1");
	assert_int_equal(res.v[0].pkg, 7);
	assert_int_equal(res.v[0].naliases, 3);
	assert_string_equal(res.v[0].aliases[0], "GHSA-aaaa");
	assert_string_equal(res.v[0].aliases[1], "OSV-2023-5");
	assert_string_equal(res.v[0].aliases[2], "PYSEC-2023-9");
	assert_int_equal(res.v[0].sev, VULN_SEV_HIGH);
	assert_float_equal(res.v[0].score, 7.5, 1e-9);
	/* the fix that fixes every record: 2.0.10 (PEP 440, not bytes) */
	assert_string_equal(res.v[0].fixed, "2.0.10");
	/* no record named CVE-2023-1: the first record's summary */
	assert_string_equal(res.v[0].summary, "the PYSEC");
	assert_string_equal(res.v[1].id, "GHSA-bbbb");
	assert_int_equal(res.v[1].naliases, 0);
	assert_null(res.v[1].fixed);
	assert_int_equal(res.v[1].sev, VULN_SEV_UNKNOWN);
	/* no CVE: the smallest record id; one record without fix: none */
	struct osv_record x1 = { .id = S("PYSEC-2"), .aliases = al2, .naliases = 1 };
	struct osv_record x2 = { .id = S("GHSA-aaaa"), .summary = S("g") };
	assert_int_equal(vuln_hits_add(&h, &x1, NULL, "1.0"), 0);
	assert_int_equal(vuln_hits_add(&h, &x2, NULL, NULL), 0);
	assert_int_equal(vuln_hits_merge(&h, 8, &res), 0);
	assert_int_equal(res.n, 3);
	assert_string_equal(res.v[2].id, "GHSA-aaaa");
	assert_string_equal(res.v[2].summary, "g");
	assert_int_equal(res.v[2].naliases, 1);
	assert_string_equal(res.v[2].aliases[0], "PYSEC-2");
	assert_null(res.v[2].fixed);
	vuln_result_free(&res);
	vuln_hits_free(&h);
}

/* 20,000 records of one package: a chain joined through aliases (one
 * row) and as many unrelated ones (a row each), merged in well under the
 * 10 s the pairwise comparison took */
static void test_merge_scale(void **state)
{
	(void)state;
	enum { N = 20000 };
	struct vuln_hits h = { .cmp = VULN_ECO_SEMVER };
	char id[32], al[32];
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (int i = 0; i < N; i++) {
		snprintf(id, sizeof(id), "GHSA-chain-%05d", i);
		snprintf(al, sizeof(al), "GHSA-chain-%05d", i + 1);
		char *alp[] = { al };
		struct osv_record r = { .id = id, .aliases = alp, .naliases = 1 };
		assert_int_equal(vuln_hits_add(&h, &r, NULL, "1.0.0"), 0);
	}
	struct vuln_result res = { 0 };
	assert_int_equal(vuln_hits_merge(&h, 0, &res), 0);
	assert_int_equal(res.n, 1);
	assert_int_equal(res.v[0].naliases, N);   /* N ids + the last alias */
	assert_string_equal(res.v[0].id, "GHSA-chain-00000");
	for (int i = 0; i < N; i++) {
		snprintf(id, sizeof(id), "GHSA-solo-%05d", i);
		struct osv_record r = { .id = id };
		assert_int_equal(vuln_hits_add(&h, &r, NULL, NULL), 0);
	}
	assert_int_equal(vuln_hits_merge(&h, 1, &res), 0);
	assert_int_equal(res.n, 1 + N);
	assert_string_equal(res.v[1].id, "GHSA-solo-00000");
	assert_string_equal(res.v[N].id, "GHSA-solo-19999");
	clock_gettime(CLOCK_MONOTONIC, &t1);
	double s = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	assert_true(s < 5.0);   /* about 0.05 s here; 10 s before */
	vuln_result_free(&res);
	vuln_hits_free(&h);
}

static void test_keys(void **state)
{
	(void)state;
	struct vuln_key k;
	struct sbom_pkg p = pkg(SBOM_PYPI, "Zope.Interface", "5.0");
	assert_true(vuln_pkg_key(&p, &k));
	assert_string_equal(k.eco, "PyPI");
	assert_string_equal(k.name, "zope-interface");
	assert_int_equal(k.cmp, VULN_ECO_PYPI);
	p = pkg(SBOM_DEB, "libacl1", "2.3.1-3");
	p.ns = S("debian");
	p.distro = S("debian-12");
	p.src_name = S("acl");
	assert_true(vuln_pkg_key(&p, &k));
	assert_string_equal(k.eco, "Debian");
	assert_string_equal(k.release, "12");
	assert_string_equal(k.name, "acl");
	assert_string_equal(k.version, "2.3.1-3");
	p = pkg(SBOM_RPM, "libuuid", "2.32.1-42.el8_8");
	p.ns = S("redhat");
	assert_true(vuln_pkg_key(&p, &k));
	assert_string_equal(k.eco, "Red Hat");
	assert_string_equal(k.release, "");
	assert_int_equal(k.cmp, VULN_ECO_RPM);
	assert_int_equal(vuln_osv_comparator("Alpine"), VULN_ECO_APK);
	assert_int_equal(vuln_osv_comparator("Hex"), VULN_ECO_COUNT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ranges),
		cmocka_unit_test(test_unjudged),
		cmocka_unit_test(test_unjudged_bounds),
		cmocka_unit_test(test_withdrawn_and_git),
		cmocka_unit_test(test_versions_list),
		cmocka_unit_test(test_os_release),
		cmocka_unit_test(test_deb_source),
		cmocka_unit_test(test_semver_and_ecosystems),
		cmocka_unit_test(test_go),
		cmocka_unit_test(test_severity),
		cmocka_unit_test(test_merge),
		cmocka_unit_test(test_merge_scale),
		cmocka_unit_test(test_keys),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
