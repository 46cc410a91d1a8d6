/* SPDX-License-Identifier: Apache-2.0
 *
 * test_version.c - the version comparators of src/vuln/version.h: known
 * answers per ecosystem (dpkg, PEP 440, SemVer strict and loose, apk, RPM
 * from rpm's own rpmvercmp.at, Go modules and toolchains, Maven from its
 * ComparableVersionTest, RubyGems from its test_gem_version), invalid
 * input, digit runs wider than 64 bits; and every row of
 * the ../shared/fixtures/versions TSV files, each row also mirrored (skipped, with
 * a message, when ../shared is absent; BH_SHARED overrides it).
 * The prepared forms (vuln_version_prepare / vuln_version_cmp_prepared):
 * every comparison above is also made from the prepared forms and must
 * give the same answer and error (same_prepared), and every fixture row
 * is compared so under every ecosystem, valid or not (prepared_all_ecos).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/diag.h"
#include "vuln/version.h"

static size_t prepared_checked;

/* vuln_version_cmp_prepared gives what vuln_version_cmp gives (answer and
 * error), and the prepared validity is vuln_version_valid's */
static void same_prepared(enum vuln_eco eco, const char *a, const char *b)
{
	int r1 = 99, r2 = 99;
	int rc1 = vuln_version_cmp(eco, a, b, &r1);
	struct vuln_ver pa, pb;
	int pra = vuln_version_prepare(eco, a, &pa);
	vuln_version_prepare(eco, b, &pb);
	int rc2 = vuln_version_cmp_prepared(&pa, &pb, &r2);
	if (rc1 != rc2 || (rc1 == BH_OK && r1 != r2))
		print_error("eco %d: %.60s vs %.60s: strings %d (rc %d), prepared %d (rc %d)\n",
			    eco, a ? a : "(null)", b ? b : "(null)", r1, rc1, r2, rc2);
	assert_int_equal(rc1, rc2);
	if (rc1 == BH_OK)
		assert_int_equal(r1, r2);
	if (a) {
		assert_int_equal(vuln_version_prepared_valid(&pa), vuln_version_valid(eco, a));
		/* an ecosystem with a kept form fails to prepare exactly when
		 * it fails to compare with itself */
		if (eco != VULN_ECO_MAVEN) {
			int rs;
			assert_int_equal(pra, vuln_version_cmp(eco, a, a, &rs));
		}
	}
	prepared_checked++;
}

static int cmp(enum vuln_eco eco, const char *a, const char *b)
{
	int r = 99;
	same_prepared(eco, a, b);
	int rc = vuln_version_cmp(eco, a, b, &r);
	if (rc != BH_OK) {
		print_error("%.60s vs %.60s: error %d\n", a, b, rc);
		return 99;
	}
	return r;
}

/* a < b < c ... in order, every pair both ways */
static void chain(enum vuln_eco eco, const char *const *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < n; j++) {
			int want = (i < j) ? -1 : (i > j ? 1 : 0);
			int got = cmp(eco, v[i], v[j]);
			if (got != want)
				print_error("eco %d: %s vs %s: got %d want %d\n", eco, v[i], v[j], got, want);
			assert_int_equal(got, want);
		}
}

#define CHAIN(eco, ...)                                                  \
	do {                                                             \
		static const char *const v_[] = {__VA_ARGS__};           \
		chain(eco, v_, sizeof(v_) / sizeof(v_[0]));              \
	} while (0)

static void eq(enum vuln_eco eco, const char *a, const char *b)
{
	assert_int_equal(cmp(eco, a, b), 0);
	assert_int_equal(cmp(eco, b, a), 0);
}

static void bad(enum vuln_eco eco, const char *a)
{
	int r = 42;
	assert_int_equal(vuln_version_cmp(eco, a, "1", &r), BH_EPARSE);
	assert_int_equal(vuln_version_cmp(eco, "1", a, &r), BH_EPARSE);
	assert_int_equal(r, 42);
	assert_false(vuln_version_valid(eco, a));
}

static void dpkg_known(void **state)
{
	(void)state;
	CHAIN(VULN_ECO_DPKG, "1.0~~", "1.0~~a", "1.0~", "1.0", "1.0-1", "1.0a", "1.0+b1", "1.0.1",
	      "1:0.1");
	eq(VULN_ECO_DPKG, "1.09", "1.9");
	eq(VULN_ECO_DPKG, "0:1", "1");
	eq(VULN_ECO_DPKG, "0foo", "0foo-0");
	eq(VULN_ECO_DPKG, " 1.0 ", "1.0");
	CHAIN(VULN_ECO_DPKG, "1.99999999999999999999999", "1.100000000000000000000000",
	      "2147483647:0");
	bad(VULN_ECO_DPKG, "2147483648:0");
	bad(VULN_ECO_DPKG, "");
	bad(VULN_ECO_DPKG, "1 0");
	bad(VULN_ECO_DPKG, "a:1");
	bad(VULN_ECO_DPKG, ":1");
	bad(VULN_ECO_DPKG, "1:");
	bad(VULN_ECO_DPKG, "1.0-");
	bad(VULN_ECO_DPKG, "-1");
}

static void pep440_known(void **state)
{
	(void)state;
	CHAIN(VULN_ECO_PYPI, "1.0.dev456", "1.0a1", "1.0a2.dev456", "1.0a12.dev456", "1.0a12",
	      "1.0b1.dev456", "1.0b2", "1.0b2.post345.dev456", "1.0b2.post345", "1.0rc1.dev456",
	      "1.0rc1", "1.0", "1.0+abc.5", "1.0+abc.7", "1.0+5", "1.0.post456.dev34", "1.0.post456",
	      "1.1.dev1", "1!0.1");
	eq(VULN_ECO_PYPI, "1.0", "1.0.0");
	eq(VULN_ECO_PYPI, "1.0c1", "1.0rc1");
	eq(VULN_ECO_PYPI, "1.0-1", "1.0.post1");
	eq(VULN_ECO_PYPI, "v1.0ALPHA", "1.0a0");
	eq(VULN_ECO_PYPI, "1.0.post", "1.0-r0");
	eq(VULN_ECO_PYPI, "1.0+ubuntu-1", "1.0+UBUNTU.1");
	eq(VULN_ECO_PYPI, "1.0.post_-dev", "1.0.post0.dev0");
	eq(VULN_ECO_PYPI, "1.0a.", "1.0a0");
	bad(VULN_ECO_PYPI, "1.0.post__-dev");
	CHAIN(VULN_ECO_PYPI, "1.18446744073709551616", "1.18446744073709551617", "2");
	bad(VULN_ECO_PYPI, "");
	bad(VULN_ECO_PYPI, "0.3m1");
	bad(VULN_ECO_PYPI, "1.0+");
	bad(VULN_ECO_PYPI, "1.0+a..b");
	bad(VULN_ECO_PYPI, "french toast");
}

static void semver_known(void **state)
{
	(void)state;
	CHAIN(VULN_ECO_SEMVER, "1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta",
	      "1.0.0-beta.2", "1.0.0-beta.11", "1.0.0-rc.1", "1.0.0", "1.0.1", "1.1.0",
	      "2.0.0", "18446744073709551616.0.0");
	eq(VULN_ECO_SEMVER, "1.0.0+a", "1.0.0+b.c");
	eq(VULN_ECO_SEMVER, "v1.0.0", " 1.0.0 ");
	bad(VULN_ECO_SEMVER, "vv1.0.0");
	bad(VULN_ECO_SEMVER, "=1.0.0");
	bad(VULN_ECO_SEMVER, "01.0.0");
	bad(VULN_ECO_SEMVER, "1.0");
	bad(VULN_ECO_SEMVER, "1.0.0-01");
	bad(VULN_ECO_SEMVER, "1.0.0-");
	bad(VULN_ECO_SEMVER, "1.0.0+");
	bad(VULN_ECO_SEMVER, "1.0.0-a..b");
	eq(VULN_ECO_SEMVER_LOOSE, "v1.2.3", "=1.2.3");
	eq(VULN_ECO_SEMVER_LOOSE, "01.2.3", "1.2.3");
	eq(VULN_ECO_SEMVER_LOOSE, "1.2.3beta", "1.2.3-beta");
	bad(VULN_ECO_SEMVER_LOOSE, "1.2");
	/* node-semver's loose pattern backtracks into the patch number */
	eq(VULN_ECO_SEMVER_LOOSE, "1.2.34.5", "1.2.3-4.5");
	eq(VULN_ECO_SEMVER_LOOSE, "=1.2.3-", "1.2.3--");
	eq(VULN_ECO_SEMVER_LOOSE, "1.2.3-.0", "1.2.3--.0");
	bad(VULN_ECO_SEMVER_LOOSE, "1.2.3.4");
	bad(VULN_ECO_SEMVER, "1.2.34.5");
	bad(VULN_ECO_SEMVER, "1.2.3-");
}

static void go_known(void **state)
{
	(void)state;
	CHAIN(VULN_ECO_GO, "v0.0.0-20191109021931-daa7c04131f5", "v0.0.1", "v1.2.3",
	      "v1.2.4-0.20191109021931-daa7c04131f5", "v1.2.4", "v2.0.0+incompatible", "v2.1.0");
	eq(VULN_ECO_GO, "v2.0.0+incompatible", "2.0.0");
	eq(VULN_ECO_GO, "v1", "v1.0.0");
	eq(VULN_ECO_GO, "v1.2", "1.2.0");
	eq(VULN_ECO_GO, "go1.21rc2", "1.21.0-rc.2");
	eq(VULN_ECO_GO, "go1.21", "1.21.0");
	eq(VULN_ECO_GO, "go1", "1.0.0");
	eq(VULN_ECO_GO, "go1.9beta1", "v1.9.0-beta.1");
	eq(VULN_ECO_GO, "go1.9.2-pre1", "1.9.2-pre.1");
	eq(VULN_ECO_GO, "go1.21.3 X:boringcrypto", "1.21.3");
	bad(VULN_ECO_GO, "go1.0");
	bad(VULN_ECO_GO, "go2");
	bad(VULN_ECO_GO, "go1.021");
	bad(VULN_ECO_GO, "go1.21rc01");
	bad(VULN_ECO_GO, "go1.21alpha1");
	bad(VULN_ECO_GO, "go1.21.3.4");
	CHAIN(VULN_ECO_GO, "go1.20.14", "1.21.0-0", "go1.21rc1", "go1.21rc2", "go1.21.0", "1.21.1",
	      "go1.22beta1", "go1.22.0");
	bad(VULN_ECO_GO, "v1.2.3.4");
	bad(VULN_ECO_GO, "v01.2.3");
	bad(VULN_ECO_GO, "go1.21foo1");
	bad(VULN_ECO_GO, "v1.2-pre");
}

static void apk_known(void **state)
{
	(void)state;
	CHAIN(VULN_ECO_APK, "1.0_alpha1", "1.0_beta", "1.0_pre2", "1.0_rc1", "1.0", "1.0-r1", "1.0_p1",
	      "1.0a", "1.0.1", "1.2", "8.2.001", "8.2.002");
	CHAIN(VULN_ECO_APK, "1.0~1234", "1.0~1234-r1", "1.0~2345");
	CHAIN(VULN_ECO_APK, "1.99999999999999999999999", "1.100000000000000000000000");
	assert_true(vuln_apk_valid("0.1_pre2~1234abcd"));
	assert_false(vuln_apk_valid("0.1_pre2~"));
	assert_false(vuln_apk_valid(""));
	assert_int_equal(vuln_apk_fuzzy_cmp("3.6.9", "3.6"), 0);
	assert_int_equal(vuln_apk_fuzzy_cmp("3.8", "3.8.1"), -1);
}

static void rpm_known(void **state)
{
	(void)state;
	/* rpm's tests/rpmvercmp.at */
	static const struct { const char *a, *b; int r; } rows[] = {
		{"1.0", "1.0", 0}, {"1.0", "2.0", -1}, {"2.0", "1.0", 1},
		{"2.0.1", "2.0.1", 0}, {"2.0", "2.0.1", -1}, {"2.0.1a", "2.0.1a", 0},
		{"2.0.1a", "2.0.1", 1}, {"5.5p1", "5.5p2", -1}, {"5.5p10", "5.5p1", 1},
		{"10xyz", "10.1xyz", -1}, {"xyz10", "xyz10.1", -1}, {"xyz.4", "8", -1},
		{"xyz.4", "2", -1}, {"5.5p2", "5.6p1", -1}, {"5.6p1", "6.5p1", -1},
		{"6.0.rc1", "6.0", 1}, {"10b2", "10a1", 1}, {"1.0aa", "1.0a", 1},
		{"10.0001", "10.1", 0}, {"10.0001", "10.0039", -1}, {"4.999.9", "5.0", -1},
		{"20101121", "20101122", -1}, {"2_0", "2_0", 0}, {"2.0", "2_0", 0},
		{"a", "a", 0}, {"a+", "a+", 0}, {"a+", "a_", 0}, {"+a", "_a", 0},
		{"+_", "_+", 0}, {"_+", "+_", 0}, {"1.0fc17", "1.0fc17", 0},
		{"1.0~rc1", "1.0~rc1", 0}, {"1.0~rc1", "1.0", -1}, {"1.0~rc1", "1.0~rc2", -1},
		{"1.0~rc1~git123", "1.0~rc1", -1}, {"1.0^", "1.0^", 0}, {"1.0^", "1.0", 1},
		{"1.0^git1", "1.0^git2", -1}, {"1.0^git1", "1.01", -1},
		{"1.0^20160101", "1.0.1", -1}, {"1.0~rc1^git1", "1.0~rc1", 1},
		{"1.0^git1~pre", "1.0^git1", -1}, {"1b.fc17", "1b.fc17", 0},
		{"1b.fc17", "1.fc17", -1}, {"1g.fc17", "1.fc17", 1}, {"1g.fc17", "1g.fc17", 0},
		{"1.99999999999999999999999", "1.100000000000000000000000", -1},
	};
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		if (vuln_rpmvercmp(rows[i].a, rows[i].b) != rows[i].r ||
		    vuln_rpmvercmp(rows[i].b, rows[i].a) != -rows[i].r)
			print_error("rpmvercmp %s %s: want %d\n", rows[i].a, rows[i].b, rows[i].r);
		assert_int_equal(vuln_rpmvercmp(rows[i].a, rows[i].b), rows[i].r);
		assert_int_equal(vuln_rpmvercmp(rows[i].b, rows[i].a), -rows[i].r);
	}
	CHAIN(VULN_ECO_RPM, "1.0-1.el9", "1.0-2.el9", "1.1-1.el9", "1:0.9-1");
	eq(VULN_ECO_RPM, "0:1.0-1", "1.0-1");
	eq(VULN_ECO_RPM, ":1.0", "1.0");
	/* rpmverCmp: a release, even an empty one, is newer than none */
	CHAIN(VULN_ECO_RPM, "1.0", "1.0-", "1.0-0", "1.0-1");
	bad(VULN_ECO_RPM, "");
}

static void maven_known(void **state)
{
	(void)state;
	/* maven-artifact ComparableVersionTest: VERSIONS_QUALIFIER, VERSIONS_NUMBER */
	CHAIN(VULN_ECO_MAVEN, "1-alpha2snapshot", "1-alpha2", "1-alpha-123", "1-beta-2", "1-beta123",
	      "1-m2", "1-m11", "1-rc", "1-cr2", "1-rc123", "1-SNAPSHOT", "1", "1-sp", "1-sp2",
	      "1-sp123", "1-abc", "1-def", "1-pom-1", "1-1-snapshot", "1-1", "1-2", "1-123");
	CHAIN(VULN_ECO_MAVEN, "2.0", "2.0.a", "2-1", "2.0.2", "2.0.123", "2.1.0", "2.1-a", "2.1b",
	      "2.1-c", "2.1-1", "2.1.0.1", "2.2", "2.123", "11.a2", "11.a11", "11.b2", "11.b11",
	      "11.m2", "11.m11", "11", "11.a", "11b", "11c", "11m");
	/* versionsEqual, versionsHaveSameOrderButAreNotEqual */
	static const char *const same[][2] = {
		{"1", "1.0"}, {"1", "1.0.0"}, {"1", "1-0"}, {"1", "1.0-0"}, {"1.0", "1.0-0"},
		{"1a", "1-a"}, {"1a", "1.0-a"}, {"1a", "1.0.0-a"}, {"1.0a", "1-a"}, {"1.0.0a", "1-a"},
		{"1x", "1-x"}, {"1x", "1.0-x"}, {"1x", "1.0.0-x"}, {"1.0x", "1-x"}, {"1.0.0x", "1-x"},
		{"1cr", "1rc"}, {"1a1", "1-alpha-1"}, {"1b2", "1-beta-2"}, {"1m3", "1-milestone-3"},
		{"1X", "1x"}, {"1A", "1a"}, {"1Cr", "1Rc"}, {"1m3", "1MILESTONE3"},
		{"1ga", "1"}, {"1release", "1"}, {"1FINAL", "1"}, {"1.0.0-ALPHA1", "1.0.0-alpha1"},
		{"1.A", "1.a"}, {"0000000000000000001", "1"}, {"0000000000000000000", "0"},
		{"1-abcdefghijklmnopqrstuvwxyz", "1-ABCDEFGHIJKLMNOPQRSTUVWXYZ"},
		{"2-abc", "2.0.abc"}, {"2-abc", "2.0.0.abc"}, {"2-RC", "2.0.0.RC"}, {"2-m", "2.0.m"},
	};
	for (size_t i = 0; i < sizeof(same) / sizeof(same[0]); i++) {
		if (cmp(VULN_ECO_MAVEN, same[i][0], same[i][1]) != 0)
			print_error("maven %s == %s\n", same[i][0], same[i][1]);
		eq(VULN_ECO_MAVEN, same[i][0], same[i][1]);
	}
	/* versionComparing, leadingZeroes, MNG-5568, -6572, -6964, -7644, -7714 */
	static const char *const lt[][2] = {
		{"1", "2"}, {"1.5", "2"}, {"1", "2.5"}, {"1.0", "1.1"}, {"1.0.0", "1.1"},
		{"1.0.1", "1.1"}, {"1.1", "1.2.0"}, {"1.0-alpha-1", "1.0"}, {"1.0-alpha-1", "1.0-alpha-2"},
		{"1.0-alpha-1", "1.0-beta-1"}, {"1.0-beta-1", "1.0-SNAPSHOT"}, {"1.0-SNAPSHOT", "1.0"},
		{"1.0-alpha-1-SNAPSHOT", "1.0-alpha-1"}, {"1.0", "1.0-1"}, {"1.0-1", "1.0-2"},
		{"1.0.0", "1.0-1"}, {"2.0-1", "2.0.1"}, {"2.0.1-klm", "2.0.1-lmn"}, {"2.0.1", "2.0.1-xyz"},
		{"2.0.1", "2.0.1-123"}, {"2.0.1-xyz", "2.0.1-123"}, {"0.7", "2"}, {"0.2", "1.0.7"},
		{"J", "7"}, {"c", "7"}, {"aardvark", "zebra"}, {"6.1.0rc3", "6.1.0"},
		{"6.1.0rc3", "6.1H.5-beta"}, {"6.1.0", "6.1H.5-beta"}, {"20190126.230843", "1234567890.12345"},
		{"1234567890.12345", "123456789012345.1H.5-beta"},
		{"123456789012345.1H.5-beta", "12345678901234567890.1H.5-beta"},
		{"1-0.alpha", "1"}, {"1-0.beta", "1"}, {"1-0.alpha", "1-0.beta"},
		{"1.0.0.abc1", "1.0.0-abc2"}, {"1.0.0.a1", "1.0.0-a2"}, {"1.0.0.RC1", "1.0.0-RC2"},
		{"1.0.0.m1", "1.0.0-m2"}, {"1.0.final-redhat", "1.0-sp1-redhat"},
		{"1.0.final-redhat", "1.0-sp-1-redhat"}, {"1.0.final-redhat", "1.0-sp.1-redhat"},
	};
	for (size_t i = 0; i < sizeof(lt) / sizeof(lt[0]); i++) {
		if (cmp(VULN_ECO_MAVEN, lt[i][0], lt[i][1]) != -1)
			print_error("maven %s < %s\n", lt[i][0], lt[i][1]);
		assert_int_equal(cmp(VULN_ECO_MAVEN, lt[i][0], lt[i][1]), -1);
		assert_int_equal(cmp(VULN_ECO_MAVEN, lt[i][1], lt[i][0]), 1);
	}
	CHAIN(VULN_ECO_MAVEN, "1.99999999999999999999999", "1.100000000000000000000000");
	int r;
	char *big = malloc(4000);
	assert_non_null(big);
	for (int i = 0; i < 3999; i++)
		big[i] = (i % 2) ? '.' : '1';
	big[3999] = 0;
	assert_int_equal(vuln_version_cmp(VULN_ECO_MAVEN, big, "1", &r), BH_ELIMIT);
	free(big);
}

static void gem_known(void **state)
{
	(void)state;
	CHAIN(VULN_ECO_GEM, "1.0.a", "1.0.b1", "1.0.b.2", "1.0", "1.0.1", "1.1.a", "1.1", "2");
	CHAIN(VULN_ECO_GEM, "1.0.a", "1.0-1", "1.0");
	eq(VULN_ECO_GEM, "1.0", "1");
	eq(VULN_ECO_GEM, "1.0.0", "1.0");
	eq(VULN_ECO_GEM, "", "0");
	eq(VULN_ECO_GEM, " 1.0 ", "1");
	eq(VULN_ECO_GEM, "1.0-a", "1.0.pre.a");
	eq(VULN_ECO_GEM, "1.0.a.0", "1.0.a");
	CHAIN(VULN_ECO_GEM, "1.99999999999999999999999", "1.100000000000000000000000");
	/* rubygems test/rubygems/test_gem_version.rb, test_spaceship */
	static const struct { const char *a, *b; int r; } sp[] = {
		{"1.0", "1.0.0", 0}, {"1.0", "1.0.a", 1}, {"1.8.2", "0.0.0", 1},
		{"1.8.2", "1.8.2.a", 1}, {"1.8.2.b", "1.8.2.a", 1}, {"1.8.2.a", "1.8.2", -1},
		{"1.8.2.a10", "1.8.2.a9", 1}, {"", "0", 0}, {"0.beta.1", "0.0.beta.1", 0},
		{"0.0.beta", "0.0.beta.1", -1}, {"0.0.beta", "0.beta.1", -1},
		{"5.a", "5.0.0.rc2", -1}, {"5.x", "5.0.0.rc2", 1},
	};
	for (size_t i = 0; i < sizeof(sp) / sizeof(sp[0]); i++) {
		if (cmp(VULN_ECO_GEM, sp[i].a, sp[i].b) != sp[i].r)
			print_error("gem %s <=> %s: want %d\n", sp[i].a, sp[i].b, sp[i].r);
		assert_int_equal(cmp(VULN_ECO_GEM, sp[i].a, sp[i].b), sp[i].r);
		assert_int_equal(cmp(VULN_ECO_GEM, sp[i].b, sp[i].a), -sp[i].r);
	}
	bad(VULN_ECO_GEM, "junk");
	bad(VULN_ECO_GEM, "1.0\n2.0");
	bad(VULN_ECO_GEM, "1..2");
	bad(VULN_ECO_GEM, "1.");
}

static void api(void **state)
{
	(void)state;
	int r = 7;
	assert_int_equal(vuln_version_cmp(VULN_ECO_COUNT, "1", "1", &r), BH_EUSAGE);
	assert_int_equal(vuln_version_cmp(VULN_ECO_DPKG, NULL, "1", &r), BH_EUSAGE);
	assert_int_equal(r, 7);
	assert_int_equal(vuln_eco_from_name("debian"), VULN_ECO_DPKG);
	assert_int_equal(vuln_eco_from_name("npm"), VULN_ECO_SEMVER);
	assert_int_equal(vuln_eco_from_name("nope"), VULN_ECO_COUNT);
	assert_true(vuln_version_valid(VULN_ECO_RPM, "anything at all"));
	assert_false(vuln_version_valid(VULN_ECO_GO, "x"));
}

/* long hostile strings: every ecosystem answers (or refuses) in linear
 * time without overflow; a 100,000-digit run compares exactly */
static void hostile(void **state)
{
	(void)state;
	enum { N = 200000 };
	char *a = malloc(N + 1), *b = malloc(N + 1);
	assert_non_null(a);
	assert_non_null(b);
	static const char *const fills[] = {"1.", "1a", "a1", "0", "9", "-", "~", "_p", ".a1-", "+"};
	for (size_t f = 0; f < sizeof(fills) / sizeof(fills[0]); f++) {
		size_t fl = strlen(fills[f]);
		for (size_t i = 0; i < N; i++)
			a[i] = b[i] = fills[f][i % fl];
		a[N] = b[N] = 0;
		b[N - 1] = '2';
		for (int e = 0; e < VULN_ECO_COUNT; e++) {
			int r1 = 9, r2 = 9;
			int rc1 = vuln_version_cmp((enum vuln_eco)e, a, b, &r1);
			int rc2 = vuln_version_cmp((enum vuln_eco)e, b, a, &r2);
			same_prepared((enum vuln_eco)e, a, b);
			assert_int_equal(rc1 == BH_OK, rc2 == BH_OK);
			if (rc1 == BH_OK)
				assert_int_equal(r1, -r2);
		}
	}
	/* 1 followed by 100,000 zeros against 99999...9 of the same width + 1 */
	a[0] = '1';
	memset(a + 1, '0', 100000);
	a[100001] = 0;
	memset(b, '9', 100000);
	b[100000] = 0;
	static const enum vuln_eco numeric[] = {VULN_ECO_DPKG, VULN_ECO_PYPI,
						VULN_ECO_APK, VULN_ECO_RPM, VULN_ECO_MAVEN, VULN_ECO_GEM};
	for (size_t i = 0; i < sizeof(numeric) / sizeof(numeric[0]); i++) {
		assert_int_equal(cmp(numeric[i], a, b), 1);
		assert_int_equal(cmp(numeric[i], b, a), -1);
	}
	free(a);
	free(b);
}

/* ---- ../shared/fixtures/versions ---- */

static FILE *fixture(const char *name)
{
	const char *root = getenv("BH_SHARED");
	char path[1024];
	snprintf(path, sizeof(path), "%s/fixtures/versions/%s", root ? root : "../shared", name);
	FILE *f = fopen(path, "r");
	if (!f)
		print_message("skipped: %s not found (../shared absent)\n", path);
	return f;
}

/* fields of a TSV row in place; returns the count */
static int fields(char *line, char **f, int max)
{
	size_t n = strlen(line);
	while (n && (line[n - 1] == '\n' || line[n - 1] == '\r'))
		line[--n] = 0;
	if (!n || line[0] == '#')
		return 0;
	int k = 0;
	f[k++] = line;
	for (char *p = line; *p && k < max; p++)
		if (*p == '\t') {
			*p = 0;
			f[k++] = p + 1;
		}
	return k;
}

static void check_order_file(const char *name, enum vuln_eco eco, enum vuln_eco eco2)
{
	FILE *f = fixture(name);
	if (!f)
		skip();
	char *line = NULL;
	size_t cap = 0;
	size_t rows = 0, pass = 0;
	while (getline(&line, &cap, f) > 0) {
		char *fl[4];
		if (fields(line, fl, 4) != 3)
			continue;
		int want = fl[1][0] == '<' ? -1 : (fl[1][0] == '>' ? 1 : 0);
		rows++;
		bool ok = true;
		for (int e = 0; e < 2; e++) {
			enum vuln_eco ec = e ? eco2 : eco;
			int r1 = 99, r2 = 99;
			int rc1 = vuln_version_cmp(ec, fl[0], fl[2], &r1);
			int rc2 = vuln_version_cmp(ec, fl[2], fl[0], &r2);
			same_prepared(ec, fl[0], fl[2]);
			same_prepared(ec, fl[2], fl[0]);
			if (rc1 != BH_OK || rc2 != BH_OK || r1 != want || r2 != -want) {
				if (rows - pass < 20)
					print_error("%s (eco %d): %s %s %s: got %d / mirrored %d (rc %d %d)\n",
						    name, ec, fl[0], fl[1], fl[2], r1, r2, rc1, rc2);
				ok = false;
				break;
			}
			if (eco2 == eco)
				break;
		}
		pass += ok;
	}
	free(line);
	fclose(f);
	print_message("%s: %zu/%zu rows pass (each also mirrored)\n", name, pass, rows);
	assert_true(rows > 0);
	assert_int_equal(pass, rows);
}

static void fx_dpkg(void **state) { (void)state; check_order_file("dpkg.tsv", VULN_ECO_DPKG, VULN_ECO_DPKG); }
static void fx_dpkg_ext(void **state) { (void)state; check_order_file("dpkg-extended.tsv", VULN_ECO_DPKG, VULN_ECO_DPKG); }
static void fx_pep440(void **state) { (void)state; check_order_file("pep440.tsv", VULN_ECO_PYPI, VULN_ECO_PYPI); }
static void fx_pep440_ext(void **state) { (void)state; check_order_file("pep440-extended.tsv", VULN_ECO_PYPI, VULN_ECO_PYPI); }
/* SemVer rows also through the Go comparator (OSV's Go ecosystem is SemVer) */
static void fx_semver(void **state) { (void)state; check_order_file("semver.tsv", VULN_ECO_SEMVER, VULN_ECO_GO); }
static void fx_semver_loose(void **state) { (void)state; check_order_file("semver-loose.tsv", VULN_ECO_SEMVER_LOOSE, VULN_ECO_SEMVER_LOOSE); }
static void fx_apk(void **state) { (void)state; check_order_file("apk.tsv", VULN_ECO_APK, VULN_ECO_APK); }
static void fx_apk_ext(void **state) { (void)state; check_order_file("apk-extended.tsv", VULN_ECO_APK, VULN_ECO_APK); }

static void fx_apk_validity(void **state)
{
	(void)state;
	FILE *f = fixture("apk-validity.tsv");
	if (!f)
		skip();
	char *line = NULL;
	size_t cap = 0, rows = 0, pass = 0;
	while (getline(&line, &cap, f) > 0) {
		char *fl[3];
		if (fields(line, fl, 3) != 2)
			continue;
		const char *v = strcmp(fl[0], "<EMPTY>") == 0 ? "" : fl[0];
		bool want = strcmp(fl[1], "valid") == 0;
		rows++;
		if (vuln_apk_valid(v) == want)
			pass++;
		else
			print_error("apk-validity.tsv: %s should be %s\n", v, fl[1]);
	}
	free(line);
	fclose(f);
	print_message("apk-validity.tsv: %zu/%zu rows pass\n", pass, rows);
	assert_true(rows > 0);
	assert_int_equal(pass, rows);
}

static void fx_apk_fuzzy(void **state)
{
	(void)state;
	FILE *f = fixture("apk-fuzzy.tsv");
	if (!f)
		skip();
	char *line = NULL;
	size_t cap = 0, rows = 0, pass = 0;
	while (getline(&line, &cap, f) > 0) {
		char *fl[4];
		if (fields(line, fl, 4) != 3)
			continue;
		int r = vuln_apk_fuzzy_cmp(fl[0], fl[2]);
		bool ok;
		if (strcmp(fl[1], "~") == 0)
			ok = r == 0;
		else if (strcmp(fl[1], "<~") == 0)
			ok = r <= 0;
		else if (strcmp(fl[1], ">~") == 0)
			ok = r >= 0;
		else
			ok = r != 0;
		rows++;
		if (ok)
			pass++;
		else
			print_error("apk-fuzzy.tsv: %s %s %s: got %d\n", fl[0], fl[1], fl[2], r);
	}
	free(line);
	fclose(f);
	print_message("apk-fuzzy.tsv: %zu/%zu rows pass\n", pass, rows);
	assert_true(rows > 0);
	assert_int_equal(pass, rows);
}

/* every row of every order file under every ecosystem (most rows are
 * invalid elsewhere: the error paths), both ways, prepared = strings;
 * then the NULL and mixed-ecosystem cases */
static void prepared_all_ecos(void **state)
{
	(void)state;
	static const char *const files[] = {
		"dpkg.tsv", "dpkg-extended.tsv", "pep440.tsv", "pep440-extended.tsv",
		"semver.tsv", "semver-loose.tsv", "apk.tsv", "apk-extended.tsv",
	};
	size_t rows = 0, before = prepared_checked;
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		FILE *f = fixture(files[i]);
		if (!f)
			skip();
		char *line = NULL;
		size_t cap = 0;
		while (getline(&line, &cap, f) > 0) {
			char *fl[4];
			if (fields(line, fl, 4) != 3)
				continue;
			rows++;
			for (int e = 0; e < VULN_ECO_COUNT; e++) {
				same_prepared((enum vuln_eco)e, fl[0], fl[2]);
				same_prepared((enum vuln_eco)e, fl[2], fl[0]);
			}
		}
		free(line);
		fclose(f);
	}
	static const char *const odd[] = {
		"", " ", "0", "1", " 1.0 ", "v1.2.3", "=1.2.3", "1.2.3-", "go1",
		"go1.0", "go1.21rc2", "go1.21.0 X:boringcrypto", "v1.2.3+incompatible",
		"1:2.3-4", "1:", "-1", "1.0-r0", "1.0_rc1-r2", "1.0~abc", "1.0a_b",
		"2!1.0.post1.dev2+local.7", "1.0.0-alpha.1", "1.0-SNAPSHOT", "1.0.0.a",
		"^1", "~1", "1.0^git", "1.0~rc1", "abc", "1..2", "01.2.3",
	};
	size_t no = sizeof(odd) / sizeof(odd[0]);
	for (int e = 0; e <= VULN_ECO_COUNT; e++)
		for (size_t i = 0; i < no; i++) {
			same_prepared((enum vuln_eco)e, odd[i], NULL);
			same_prepared((enum vuln_eco)e, NULL, odd[i]);
			for (size_t j = 0; j < no; j++)
				same_prepared((enum vuln_eco)e, odd[i], odd[j]);
		}
	struct vuln_ver x, y;
	int r;
	vuln_version_prepare(VULN_ECO_DPKG, "1", &x);
	vuln_version_prepare(VULN_ECO_RPM, "1", &y);
	assert_int_equal(vuln_version_cmp_prepared(&x, &y, &r), BH_EUSAGE);
	print_message("%zu fixture rows, %zu prepared comparisons equal the string comparisons\n",
		      rows, prepared_checked - before);
	assert_true(rows > 40000);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(dpkg_known),
		cmocka_unit_test(pep440_known),
		cmocka_unit_test(semver_known),
		cmocka_unit_test(go_known),
		cmocka_unit_test(apk_known),
		cmocka_unit_test(rpm_known),
		cmocka_unit_test(maven_known),
		cmocka_unit_test(gem_known),
		cmocka_unit_test(api),
		cmocka_unit_test(hostile),
		cmocka_unit_test(fx_dpkg),
		cmocka_unit_test(fx_dpkg_ext),
		cmocka_unit_test(fx_pep440),
		cmocka_unit_test(fx_pep440_ext),
		cmocka_unit_test(fx_semver),
		cmocka_unit_test(fx_semver_loose),
		cmocka_unit_test(fx_apk),
		cmocka_unit_test(fx_apk_ext),
		cmocka_unit_test(fx_apk_validity),
		cmocka_unit_test(fx_apk_fuzzy),
		cmocka_unit_test(prepared_all_ecos),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
