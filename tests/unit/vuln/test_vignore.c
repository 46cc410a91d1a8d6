/* SPDX-License-Identifier: Apache-2.0
 *
 * test_vignore.c - the vulnerability ignore file of src/vuln/vignore.h:
 * the YAML format (bulkhead's keys and Trivy's .trivyignore.yaml keys),
 * Trivy's text .trivyignore with its reasons taken from comments, firing
 * and quiet matches (id, alias, package name, purl), expiry on the day,
 * and bad input with the line each error must name.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "util/diag.h"
#include "vuln/vignore.h"

static void load_ok(struct vuln_ignore *ig, const char *name, const char *s)
{
	struct diag d;
	diag_init(&d, name);
	if (vuln_ignore_load(ig, name, s, strlen(s), &d) != BH_OK)
		fail_msg("%s: line %d: %s", name, d.line, d.message);
}

static const char yaml[] =
	"# accepted risks\n"
	"ignore:\n"
	"  - id: CVE-2023-1234\n"
	"    reason: \"only reachable through the TIFF reader we never call\"\n"
	"    expires: 2027-01-31\n"
	"    package: libtiff6\n"
	"  - id: GHSA-jfh8-c2jp-5v3q\n"
	"    reason: log4j-core is not on the classpath at run time\n"
	"  - id: CVE-2022-0001\n"
	"    reason: old kernel interface, container has no access\n"
	"    expires: 2025-06-30\n"
	"  - id: CVE-2024-0002\n"
	"    reason: mitigated by seccomp profile\n"
	"    package: pkg:deb/debian/openssl?distro=debian-12\n";

static void test_yaml(void **state)
{
	(void)state;
	struct vuln_ignore ig;
	vuln_ignore_init(&ig);
	load_ok(&ig, ".bulkhead-vuln.yaml", yaml);
	assert_int_equal(ig.n, 4);
	const struct vuln_ignore_entry *e = NULL;
	const char *today = "2026-12-06";
	/* fires: id and package name */
	assert_int_equal(vuln_ignore_match(&ig, "CVE-2023-1234", NULL, 0, "libtiff6",
		"pkg:deb/debian/libtiff6@4.5.0-6", today, &e), VULN_IGNORE_IGNORED);
	assert_int_equal(e->line, 3);
	assert_string_equal(e->reason, "only reachable through the TIFF reader we never call");
	assert_string_equal(e->expires, "2027-01-31");
	/* quiet: another package with the same CVE */
	assert_int_equal(vuln_ignore_match(&ig, "CVE-2023-1234", NULL, 0, "libtiff-tools",
		NULL, today, &e), VULN_IGNORE_NONE);
	assert_null(e);
	/* fires through an alias, for any package */
	const char *al[] = {"CVE-2021-44228", "GHSA-jfh8-c2jp-5v3q"};
	assert_int_equal(vuln_ignore_match(&ig, "PYSEC-0000-1", al, 2, "log4j-core",
		NULL, today, &e), VULN_IGNORE_IGNORED);
	assert_int_equal(e->line, 7);
	/* quiet: an id no entry names */
	assert_int_equal(vuln_ignore_match(&ig, "CVE-2021-44228", NULL, 0, "x", NULL,
		today, NULL), VULN_IGNORE_NONE);
	/* expired: reported, with the entry for the warning line */
	assert_int_equal(vuln_ignore_match(&ig, "CVE-2022-0001", NULL, 0, "linux", NULL,
		today, &e), VULN_IGNORE_EXPIRED);
	char buf[256];
	assert_string_equal(vuln_ignore_expired_line(e, buf, sizeof buf),
		".bulkhead-vuln.yaml:9: ignore entry for CVE-2022-0001 expired on 2025-06-30: reported again");
	/* expiry day: expired on the day itself, in force the day before */
	assert_int_equal(vuln_ignore_match(&ig, "CVE-2022-0001", NULL, 0, NULL, NULL,
		"2025-06-30", NULL), VULN_IGNORE_EXPIRED);
	assert_int_equal(vuln_ignore_match(&ig, "CVE-2022-0001", NULL, 0, NULL, NULL,
		"2025-06-29", NULL), VULN_IGNORE_IGNORED);
	assert_int_equal(vuln_ignore_match(&ig, "CVE-2023-1234", NULL, 0, "libtiff6", NULL,
		"2027-01-31", NULL), VULN_IGNORE_EXPIRED);
	/* purl package: qualifiers of the entry must be there */
	assert_int_equal(vuln_ignore_match(&ig, "CVE-2024-0002", NULL, 0, "openssl",
		"pkg:deb/debian/openssl@3.0.11-1~deb12u2?arch=amd64&distro=debian-12",
		today, NULL), VULN_IGNORE_IGNORED);
	assert_int_equal(vuln_ignore_match(&ig, "CVE-2024-0002", NULL, 0, "openssl",
		"pkg:deb/debian/openssl@1.1.1n-0+deb11u5?arch=amd64&distro=debian-11",
		today, NULL), VULN_IGNORE_NONE);
	/* the name alone does not satisfy a purl entry */
	assert_int_equal(vuln_ignore_match(&ig, "CVE-2024-0002", NULL, 0, "openssl",
		NULL, today, NULL), VULN_IGNORE_NONE);
	vuln_ignore_free(&ig);
}

/* Trivy's .trivyignore.yaml keys; an entry in force wins over an expired one */
static void test_trivy_yaml(void **state)
{
	(void)state;
	struct vuln_ignore ig;
	vuln_ignore_init(&ig);
	load_ok(&ig, ".trivyignore.yaml",
		"vulnerabilities:\n"
		"  - id: CVE-2022-40897\n"
		"    statement: setuptools is build-time only\n"
		"    purls:\n"
		"      - pkg:pypi/setuptools@65.5.0\n"
		"      - pkg:pypi/setuptools@58.1.0\n"
		"    expired_at: 2020-01-01\n"
		"  - id: CVE-2022-40897\n"
		"    statement: renewed after review\n"
		"    purls: [pkg:pypi/setuptools]\n"
		"misconfigurations:\n"
		"  - id: AVD-DS-0002\n");
	const struct vuln_ignore_entry *e;
	assert_int_equal(vuln_ignore_match(&ig, "CVE-2022-40897", NULL, 0, "setuptools",
		"pkg:pypi/setuptools@65.5.0", "2026-01-01", &e), VULN_IGNORE_IGNORED);
	assert_string_equal(e->reason, "renewed after review");
	assert_int_equal(vuln_ignore_match(&ig, "CVE-2022-40897", NULL, 0, "setuptools",
		"pkg:npm/setuptools@65.5.0", "2026-01-01", &e), VULN_IGNORE_NONE);
	vuln_ignore_free(&ig);
}

static void test_trivyignore_text(void **state)
{
	(void)state;
	struct vuln_ignore ig;
	vuln_ignore_init(&ig);
	load_ok(&ig, ".trivyignore",
		"\xEF\xBB\xBF# Accept the risk\n"
		"CVE-2018-14618\n"
		"\n"
		"CVE-2019-14697 exp:2023-01-01  # musl: fixed in the next base image\n"
		"# no impact: we do not use the\n"
		"# affected API\n"
		"CVE-2023-0464   exp:2099-12-31\r\n"
		"\n"
		"CVE-2024-9999\n");
	assert_int_equal(ig.n, 4);
	const struct vuln_ignore_entry *e;
	assert_int_equal(vuln_ignore_match(&ig, "CVE-2018-14618", NULL, 0, "curl", NULL,
		"2026-12-06", &e), VULN_IGNORE_IGNORED);
	assert_string_equal(e->reason, "Accept the risk");
	assert_int_equal(e->line, 2);
	assert_int_equal(vuln_ignore_match(&ig, "CVE-2019-14697", NULL, 0, "musl", NULL,
		"2026-12-06", &e), VULN_IGNORE_EXPIRED);
	assert_string_equal(e->reason, "musl: fixed in the next base image");
	assert_int_equal(vuln_ignore_match(&ig, "CVE-2019-14697", NULL, 0, "musl", NULL,
		"2022-12-31", NULL), VULN_IGNORE_IGNORED);
	assert_int_equal(vuln_ignore_match(&ig, "CVE-2023-0464", NULL, 0, NULL, NULL,
		"2026-12-06", &e), VULN_IGNORE_IGNORED);
	assert_string_equal(e->reason, "no impact: we do not use the affected API");
	assert_string_equal(e->expires, "2099-12-31");
	/* a blank line separates a comment from the entry: no reason */
	assert_int_equal(vuln_ignore_match(&ig, "CVE-2024-9999", NULL, 0, NULL, NULL,
		"2026-12-06", &e), VULN_IGNORE_IGNORED);
	assert_null(e->reason);
	assert_int_equal(vuln_ignore_match(&ig, "CVE-2024-9998", NULL, 0, NULL, NULL,
		"2026-12-06", &e), VULN_IGNORE_NONE);
	vuln_ignore_free(&ig);
}

static void test_bad_input(void **state)
{
	(void)state;
	static const struct {
		const char *name, *text;
		int line;
		const char *want;
	} bad[] = {
		{"v.yaml", "ignore:\n  - id: CVE-1\n    expires: 2027-01-31\n", 2, "CVE-1 has no reason"},
		{"v.yaml", "ignore:\n  - id: CVE-1\n    reason: \"  \"\n", 2, "has no reason"},
		{"v.yaml", "ignore:\n  - id: CVE-1\n    reason: x\n    expires: 2027-02-30\n", 4, "wants a date"},
		{"v.yaml", "ignore:\n  - id: CVE-1\n    reason: x\n    expires: 31/01/2027\n", 4, "wants a date"},
		{"v.yaml", "ignore:\n  - reason: x\n", 2, "without an id"},
		{"v.yaml", "ignore:\n  - id: CVE-1\n    reason: x\n    expiry: 2027-01-01\n", 4, "unknown key 'expiry'"},
		{"v.yaml", "ignore:\n  - CVE-1\n", 2, "must be a mapping"},
		{"v.yaml", "ignore: CVE-1\n", 1, "must be a list"},
		{"v.yaml", "ignores:\n  - id: CVE-1\n", 1, "unknown key 'ignores'"},
		{"v.yaml", "- id: CVE-1\n", 1, "expected a mapping"},
		{"v.yaml", "ignore:\n  - id: CVE-1\n    reason: x\n    paths: [a]\n", 4, "'paths' is not supported"},
		{"v.yaml", "ignore:\n  - id: [CVE-1]\n    reason: x\n", 2, "id must be"},
		{"v.yaml", "ignore:\n  - id: CVE-1\n    id: CVE-2\n    reason: x\n", 3, ""},
		{"v.yaml", "ignore: [\n", 1, "closing bracket"},
		{".trivyignore", "CVE-1\nCVE-2 exp:2023-13-01\n", 2, "exp: wants a date"},
		{".trivyignore", "CVE-1 until:2023-01-01\n", 1, "unknown field 'until:2023-01-01'"},
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct vuln_ignore ig;
		vuln_ignore_init(&ig);
		struct diag d;
		diag_init(&d, bad[i].name);
		int rc = vuln_ignore_load(&ig, bad[i].name, bad[i].text,
					  strlen(bad[i].text), &d);
		if (rc != BH_EPARSE || d.line != bad[i].line ||
		    !strstr(d.message, bad[i].want))
			fail_msg("case %zu: rc %d line %d '%s' (want line %d '%s')",
				 i, rc, d.line, d.message, bad[i].line, bad[i].want);
		vuln_ignore_free(&ig);
	}
	/* empty files ignore nothing */
	struct vuln_ignore ig;
	vuln_ignore_init(&ig);
	load_ok(&ig, "v.yaml", "");
	load_ok(&ig, "v.yaml", "ignore:\n");
	load_ok(&ig, ".trivyignore", "# nothing yet\n");
	assert_int_equal(ig.n, 0);
	assert_int_equal(vuln_ignore_match(&ig, "CVE-1", NULL, 0, NULL, NULL, "2026-01-01", NULL),
			 VULN_IGNORE_NONE);
	vuln_ignore_free(&ig);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_yaml),
		cmocka_unit_test(test_trivy_yaml),
		cmocka_unit_test(test_trivyignore_text),
		cmocka_unit_test(test_bad_input),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
