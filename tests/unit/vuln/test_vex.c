/* SPDX-License-Identifier: Apache-2.0
 *
 * test_vex.c - the OpenVEX reader of src/vuln/vex.h: the examples of the
 * OpenVEX specification v0.2.0 (openvex/spec OPENVEX-SPEC.md: the minimal
 * document, the justification example, the inheritance example and the
 * Spring Boot log4shell example; the spec's own trailing and missing
 * commas corrected, since they are not JSON), an image product with
 * subcomponents as Trivy and vexctl write them, the v0.0.x string form,
 * purl matching rules, and malformed documents with their messages.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "util/diag.h"
#include "vuln/vex.h"

static struct vuln_vex *load(const char *s)
{
	struct diag d;
	diag_init(&d, "t.vex.json");
	struct vuln_vex *v = NULL;
	int rc = vuln_vex_load(s, strlen(s), &v, &d);
	if (rc != BH_OK)
		fail_msg("load: %s", d.message);
	return v;
}

static int load_err(const char *s, char *msg, size_t n, int *line)
{
	struct diag d;
	diag_init(&d, "t.vex.json");
	struct vuln_vex *v = NULL;
	int rc = vuln_vex_load(s, strlen(s), &v, &d);
	assert_null(v);
	snprintf(msg, n, "%s", d.message);
	if (line)
		*line = d.line;
	return rc;
}

/* spec "minimal OpenVEX document" */
static const char minimal[] =
	"{\"@context\": \"https://openvex.dev/ns/v0.2.0\",\n"
	" \"@id\": \"https://openvex.dev/docs/example/vex-9fb3463de1b57\",\n"
	" \"author\": \"Wolfi J Inkinson\", \"role\": \"Document Creator\",\n"
	" \"timestamp\": \"2023-01-08T18:02:03.647787998-06:00\", \"version\": 1,\n"
	" \"statements\": [{\"vulnerability\": {\"name\": \"CVE-2023-12345\"},\n"
	"   \"products\": [{\"@id\": \"pkg:apk/wolfi/git@2.39.0-r1?arch=armv7\"},\n"
	"                {\"@id\": \"pkg:apk/wolfi/git@2.39.0-r1?arch=x86_64\"}],\n"
	"   \"status\": \"fixed\"}]}\n";

static void test_spec_minimal(void **state)
{
	(void)state;
	struct vuln_vex *v = load(minimal);
	assert_int_equal(vuln_vex_count(v), 1);
	/* fires: same package, version and arch */
	assert_int_equal(vuln_vex_decides(v, "CVE-2023-12345", NULL, 0,
		"pkg:apk/wolfi/git@2.39.0-r1?arch=x86_64&distro=wolfi", NULL, NULL),
		VULN_VEX_FIXED);
	assert_true(vuln_vex_suppresses(VULN_VEX_FIXED));
	/* quiet: other arch, other version, other vulnerability, other package */
	assert_int_equal(vuln_vex_decides(v, "CVE-2023-12345", NULL, 0,
		"pkg:apk/wolfi/git@2.39.0-r1?arch=aarch64", NULL, NULL), VULN_VEX_NONE);
	assert_int_equal(vuln_vex_decides(v, "CVE-2023-12345", NULL, 0,
		"pkg:apk/wolfi/git@2.39.0-r2?arch=x86_64", NULL, NULL), VULN_VEX_NONE);
	assert_int_equal(vuln_vex_decides(v, "CVE-2023-12346", NULL, 0,
		"pkg:apk/wolfi/git@2.39.0-r1?arch=x86_64", NULL, NULL), VULN_VEX_NONE);
	assert_int_equal(vuln_vex_decides(v, "CVE-2023-12345", NULL, 0,
		"pkg:apk/wolfi/gitx@2.39.0-r1?arch=x86_64", NULL, NULL), VULN_VEX_NONE);
	/* the package has no arch qualifier: the VEX one is missing */
	assert_int_equal(vuln_vex_decides(v, "CVE-2023-12345", NULL, 0,
		"pkg:apk/wolfi/git@2.39.0-r1", NULL, NULL), VULN_VEX_NONE);
	/* the record's id is a GHSA and the CVE is its alias */
	const char *al[] = {"CVE-2023-12345"};
	assert_int_equal(vuln_vex_decides(v, "GHSA-xxxx-yyyy-zzzz", al, 1,
		"pkg:apk/wolfi/git@2.39.0-r1?arch=armv7", NULL, NULL), VULN_VEX_FIXED);
	vuln_vex_free(v);
}

/* spec "Example" section: Spring Boot not affected by log4shell */
static const char spring[] =
	"{\"@context\": \"https://openvex.dev/ns/v0.2.0\",\n"
	" \"@id\": \"https://openvex.dev/docs/public/vex-2e67563e128250cbcb3e98930df948dd053e43271d70dc50cfa22d57e03fe96f\",\n"
	" \"author\": \"Spring Builds <spring-builds@users.noreply.github.com>\",\n"
	" \"role\": \"Project Release Bot\", \"timestamp\": \"2023-01-16T19:07:16.853479631-06:00\",\n"
	" \"version\": 1,\n"
	" \"statements\": [{\n"
	"   \"vulnerability\": {\"@id\": \"https://nvd.nist.gov/vuln/detail/CVE-2021-44228\",\n"
	"     \"name\": \"CVE-2021-44228\", \"description\": \"Remote code injection in Log4j\",\n"
	"     \"aliases\": [\"GHSA-jfh8-c2jp-5v3q\"]},\n"
	"   \"products\": [{\"@id\": \"pkg:maven/org.springframework.boot/spring-boot@2.6.0-M3\",\n"
	"     \"identifiers\": {\"purl\": \"pkg:maven/org.springframework.boot/spring-boot@2.6.0-M3\"},\n"
	"     \"hashes\": {\"sha-256\": \"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\"}}],\n"
	"   \"status\": \"not_affected\",\n"
	"   \"justification\": \"vulnerable_code_not_in_execute_path\",\n"
	"   \"impact_statement\": \"Spring Boot users are only affected by this vulnerability if they have switched the default logging system to Log4J2.\"}]}\n";

static void test_spec_spring(void **state)
{
	(void)state;
	struct vuln_vex *v = load(spring);
	const char *j = NULL;
	/* by the alias: an OSV GHSA record whose alias list has no CVE */
	assert_int_equal(vuln_vex_decides(v, "GHSA-jfh8-c2jp-5v3q", NULL, 0,
		"pkg:maven/org.springframework.boot/spring-boot@2.6.0-M3", NULL, &j),
		VULN_VEX_NOT_AFFECTED);
	assert_string_equal(j, "vulnerable_code_not_in_execute_path");
	assert_true(vuln_vex_suppresses(VULN_VEX_NOT_AFFECTED));
	assert_int_equal(vuln_vex_decides(v, "CVE-2021-44228", NULL, 0,
		"pkg:maven/org.springframework.boot/spring-boot@2.6.0", NULL, &j),
		VULN_VEX_NONE);
	assert_null(j);
	/* log4j-core itself is not the product */
	assert_int_equal(vuln_vex_decides(v, "CVE-2021-44228", NULL, 0,
		"pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1", NULL, NULL),
		VULN_VEX_NONE);
	vuln_vex_free(v);
}

/* spec "Inheritance" example, second version: the later statement wins */
static const char inherit[] =
	"{\"@context\": \"https://openvex.dev/ns/v0.2.0\",\n"
	" \"@id\": \"https://openvex.dev/docs/example/vex-9fb3463de1b57\",\n"
	" \"author\": \"Wolfi J Inkinson\", \"role\": \"Document Creator\",\n"
	" \"timestamp\": \"2023-01-09T09:08:42-06:00\", \"version\": 2,\n"
	" \"statements\": [\n"
	"  {\"timestamp\": \"2023-01-08T18:02:03-06:00\",\n"
	"   \"vulnerability\": {\"name\": \"CVE-2023-12345\"},\n"
	"   \"products\": [{\"@id\": \"pkg:apk/wolfi/git@2.39.0-r1?arch=armv7\"}],\n"
	"   \"status\": \"under_investigation\"},\n"
	"  {\"vulnerability\": {\"name\": \"CVE-2023-12345\"},\n"
	"   \"products\": [{\"@id\": \"pkg:apk/wolfi/git@2.39.0-r1?arch=armv7\"}],\n"
	"   \"status\": \"fixed\"}]}\n";

static void test_spec_inheritance(void **state)
{
	(void)state;
	struct vuln_vex *v = load(inherit);
	assert_int_equal(vuln_vex_count(v), 2);
	assert_int_equal(vuln_vex_decides(v, "CVE-2023-12345", NULL, 0,
		"pkg:apk/wolfi/git@2.39.0-r1?arch=armv7", NULL, NULL), VULN_VEX_FIXED);
	vuln_vex_free(v);
}

/* statements out of time order: the latest by timestamp decides, not the
 * last in the document (go-vex SortStatements); offsets are compared as
 * instants; a statement without a timestamp takes the document's */
static const char out_of_order[] =
	"{\"@context\": \"https://openvex.dev/ns/v0.2.0\",\n"
	" \"timestamp\": \"2023-01-05T00:00:00Z\",\n"
	" \"statements\": [\n"
	"  {\"timestamp\": \"2023-01-09T00:00:00Z\",\n"
	"   \"vulnerability\": {\"name\": \"CVE-2023-1\"},\n"
	"   \"products\": [{\"@id\": \"pkg:npm/a\"}],\n"
	"   \"status\": \"affected\", \"action_statement\": \"upgrade\"},\n"
	"  {\"timestamp\": \"2023-01-02T00:00:00Z\",\n"
	"   \"vulnerability\": {\"name\": \"CVE-2023-1\"},\n"
	"   \"products\": [{\"@id\": \"pkg:npm/a\"}],\n"
	"   \"status\": \"not_affected\", \"justification\": \"component_not_present\"},\n"
	"  {\"timestamp\": \"2023-01-08T22:00:00Z\",\n"
	"   \"vulnerability\": {\"name\": \"CVE-2023-2\"},\n"
	"   \"products\": [{\"@id\": \"pkg:npm/a\"}], \"status\": \"fixed\"},\n"
	"  {\"timestamp\": \"2023-01-09T01:00:00+05:00\",\n"
	"   \"vulnerability\": {\"name\": \"CVE-2023-2\"},\n"
	"   \"products\": [{\"@id\": \"pkg:npm/a\"}], \"status\": \"under_investigation\"},\n"
	"  {\"timestamp\": \"2023-01-04T00:00:00Z\",\n"
	"   \"vulnerability\": {\"name\": \"CVE-2023-3\"},\n"
	"   \"products\": [{\"@id\": \"pkg:npm/a\"}], \"status\": \"affected\",\n"
	"   \"action_statement\": \"upgrade\"},\n"
	"  {\"vulnerability\": {\"name\": \"CVE-2023-3\"},\n"
	"   \"products\": [{\"@id\": \"pkg:npm/a\"}], \"status\": \"fixed\"},\n"
	"  {\"timestamp\": \"2023-01-05T00:00:00Z\",\n"
	"   \"vulnerability\": {\"name\": \"CVE-2023-3\"},\n"
	"   \"products\": [{\"@id\": \"pkg:npm/a\"}], \"status\": \"under_investigation\"}]}\n";

static void test_timestamp_order(void **state)
{
	(void)state;
	struct vuln_vex *v = load(out_of_order);
	/* a newer "affected" listed first is not undone by an older
	 * not_affected listed after it */
	assert_int_equal(vuln_vex_decides(v, "CVE-2023-1", NULL, 0,
		"pkg:npm/a@1.0.0", NULL, NULL), VULN_VEX_AFFECTED);
	/* 01:00+05:00 on the 9th is 20:00Z on the 8th: before the fixed */
	assert_int_equal(vuln_vex_decides(v, "CVE-2023-2", NULL, 0,
		"pkg:npm/a@1.0.0", NULL, NULL), VULN_VEX_FIXED);
	/* the document's time (5th) for the untimed one; an equal time
	 * later in the document wins */
	assert_int_equal(vuln_vex_decides(v, "CVE-2023-3", NULL, 0,
		"pkg:npm/a@1.0.0", NULL, NULL), VULN_VEX_UNDER_INVESTIGATION);
	vuln_vex_free(v);
}

/* an image product with subcomponents, as vexctl / Trivy docs write it;
 * an affected and an under_investigation statement do not suppress */
static const char image[] =
	"{\"@context\": \"https://openvex.dev/ns/v0.2.0\", \"@id\": \"x\", \"author\": \"a\",\n"
	" \"timestamp\": \"2024-01-01T00:00:00Z\", \"version\": 1,\n"
	" \"statements\": [\n"
	"  {\"vulnerability\": {\"name\": \"CVE-2023-44487\"},\n"
	"   \"products\": [{\"@id\": \"pkg:oci/myapp@sha256%3Aabc?repository_url=ghcr.io/acme/myapp\",\n"
	"     \"subcomponents\": [{\"@id\": \"pkg:golang/golang.org/x/net\"}]}],\n"
	"   \"status\": \"not_affected\", \"justification\": \"vulnerable_code_not_present\"},\n"
	"  {\"vulnerability\": {\"name\": \"CVE-2024-0001\"},\n"
	"   \"products\": [\"registry.example/app:1.0\"], \"status\": \"affected\",\n"
	"   \"action_statement\": \"upgrade\"},\n"
	"  {\"vulnerability\": \"CVE-2024-0002\",\n"
	"   \"products\": [\"pkg:deb/debian/openssl\"], \"status\": \"under_investigation\"}]}\n";

static void test_image_subcomponents(void **state)
{
	(void)state;
	struct vuln_vex *v = load(image);
	const char *img = "pkg:oci/myapp@sha256%3Aabc?repository_url=ghcr.io/acme/myapp&tag=1.0";
	/* versionless subcomponent: every version of x/net in that image */
	assert_int_equal(vuln_vex_decides(v, "CVE-2023-44487", NULL, 0,
		"pkg:golang/golang.org/x/net@v0.17.0", img, NULL), VULN_VEX_NOT_AFFECTED);
	assert_int_equal(vuln_vex_decides(v, "CVE-2023-44487", NULL, 0,
		"pkg:golang/golang.org/x/net@v0.7.0", img, NULL), VULN_VEX_NOT_AFFECTED);
	/* another image, another module: quiet */
	assert_int_equal(vuln_vex_decides(v, "CVE-2023-44487", NULL, 0,
		"pkg:golang/golang.org/x/net@v0.17.0",
		"pkg:oci/other@sha256%3Adef", NULL), VULN_VEX_NONE);
	assert_int_equal(vuln_vex_decides(v, "CVE-2023-44487", NULL, 0,
		"pkg:golang/google.golang.org/grpc@v1.58.0", img, NULL), VULN_VEX_NONE);
	/* no image known: the subcomponent alone does not decide */
	assert_int_equal(vuln_vex_decides(v, "CVE-2023-44487", NULL, 0,
		"pkg:golang/golang.org/x/net@v0.17.0", NULL, NULL), VULN_VEX_NONE);
	/* a plain image reference product, no subcomponents: every package */
	enum vuln_vex_status s = vuln_vex_decides(v, "CVE-2024-0001", NULL, 0,
		"pkg:deb/debian/zlib1g@1.2.13", "registry.example/app:1.0", NULL);
	assert_int_equal(s, VULN_VEX_AFFECTED);
	assert_false(vuln_vex_suppresses(s));
	/* v0.0.x string vulnerability and product */
	s = vuln_vex_decides(v, "CVE-2024-0002", NULL, 0,
		"pkg:deb/debian/openssl@3.0.11-1?arch=amd64", NULL, NULL);
	assert_int_equal(s, VULN_VEX_UNDER_INVESTIGATION);
	assert_false(vuln_vex_suppresses(s));
	assert_string_equal(vuln_vex_status_name(s), "under_investigation");
	vuln_vex_free(v);
}

static void test_purl(void **state)
{
	(void)state;
	assert_true(vuln_purl_matches("pkg:npm/lodash", "pkg:npm/lodash@4.17.20"));
	assert_true(vuln_purl_matches("pkg:npm/%40babel/core@7.0.0", "pkg:npm/@babel/core@7.0.0"));
	assert_true(vuln_purl_matches("PKG:NPM/lodash@1", "pkg:npm/lodash@1"));
	assert_false(vuln_purl_matches("pkg:npm/lodash@1", "pkg:npm/lodash"));
	assert_false(vuln_purl_matches("pkg:npm/lodash@1", "pkg:npm/lodash@1.0"));
	assert_false(vuln_purl_matches("pkg:npm/lodash", "pkg:pypi/lodash@1"));
	assert_false(vuln_purl_matches("pkg:deb/debian/curl", "pkg:deb/ubuntu/curl@8"));
	assert_true(vuln_purl_matches("pkg:deb/debian/curl?distro=debian-12",
				      "pkg:deb/debian/curl@7.88.1-10?arch=amd64&distro=debian-12"));
	assert_false(vuln_purl_matches("pkg:deb/debian/curl?distro=debian-11",
				       "pkg:deb/debian/curl@7.88.1-10?arch=amd64&distro=debian-12"));
	assert_true(vuln_purl_matches("pkg:golang/golang.org/x/net@v0.1.0#sub",
				      "pkg:golang/golang.org/x/net@v0.1.0"));
	/* purl normal forms: pypi case and '_', github case; npm keeps case */
	assert_true(vuln_purl_matches("pkg:pypi/Django_Rest@3.0", "pkg:pypi/django-rest@3.0"));
	assert_false(vuln_purl_matches("pkg:pypi/django@3.0", "pkg:pypi/django@3.0.0"));
	assert_true(vuln_purl_matches("pkg:github/Package-URL/purl-spec", "pkg:github/package-url/purl-spec@244fd47"));
	assert_false(vuln_purl_matches("pkg:npm/Lodash", "pkg:npm/lodash@1"));
	assert_false(vuln_purl_matches("pkg:golang/github.com/Foo/bar", "pkg:golang/github.com/foo/bar@v1.0.0"));
	assert_false(vuln_purl_matches("registry/app:1", "pkg:npm/a@1"));
	assert_false(vuln_purl_matches("pkg:npm", "pkg:npm"));
	assert_false(vuln_purl_matches("pkg:npm/", "pkg:npm/"));
}

static void test_malformed(void **state)
{
	(void)state;
	char msg[800];
	int line = 0;
	/* the spec's own Spring example has a missing comma after "}" of
	 * identifiers: not JSON, with the place named */
	assert_int_equal(load_err("{\"statements\": [\n{\"status\": \"fixed\"\n \"x\": 1}]}", msg, sizeof msg, &line), BH_EPARSE);
	assert_int_equal(line, 3);
	assert_non_null(strstr(msg, "not valid JSON"));
	static const struct { const char *doc, *want; } bad[] = {
		{"[]", "not a JSON object"},
		{"{}", "no statements array"},
		{"{\"statements\": {}}", "no statements array"},
		{"{\"statements\": [1]}", "statements[0]: not an object"},
		{"{\"statements\": [{\"status\": \"fixed\"}]}", "statements[0]: vulnerability missing"},
		{"{\"statements\": [{\"vulnerability\": {}, \"status\": \"fixed\"}]}", "no name"},
		{"{\"statements\": [{\"vulnerability\": \"CVE-1\"}]}", "status missing"},
		{"{\"statements\": [{\"vulnerability\": \"CVE-1\", \"status\": \"fixed\"}, {\"vulnerability\": \"CVE-1\", \"status\": \"wontfix\"}]}", "statements[1].status: 'wontfix' is not a VEX status"},
		{"{\"statements\": [{\"vulnerability\": \"CVE-1\", \"status\": \"not_affected\"}]}", "not_affected needs a justification"},
		{"{\"statements\": [{\"vulnerability\": \"CVE-1\", \"status\": \"not_affected\", \"justification\": \"because\"}]}", "not a VEX justification"},
		{"{\"statements\": [{\"vulnerability\": \"CVE-1\", \"status\": \"fixed\", \"products\": \"pkg:npm/a\"}]}", "products: not an array"},
		{"{\"statements\": [{\"vulnerability\": \"CVE-1\", \"status\": \"fixed\", \"products\": [3]}]}", "products[0]: not a product"},
		{"{\"statements\": [{\"vulnerability\": \"CVE-1\", \"status\": \"fixed\", \"products\": [{\"@id\": \"a\", \"subcomponents\": [{\"@id\": 5}]}]}]}", "subcomponents[0]: not a component"},
		{"{\"statements\": [{\"vulnerability\": {\"name\": \"CVE-1\", \"aliases\": [1]}, \"status\": \"fixed\"}]}", "aliases[0]: not a string"},
		{"{\"statements\": [], \"statements\": []}", "not valid JSON"},
		{"{\"statements\": [{\"vulnerability\": \"CVE-1\", \"status\": \"fixed\", \"timestamp\": \"yesterday\"}]}", "statements[0].timestamp: not an RFC 3339 time"},
		{"{\"statements\": [{\"vulnerability\": \"CVE-1\", \"status\": \"fixed\", \"timestamp\": 1700000000}]}", "statements[0].timestamp: not an RFC 3339 time"},
		{"{\"timestamp\": \"2023-02-30T00:00:00Z\", \"statements\": []}", "timestamp: not an RFC 3339 time"},
		{"{\"statements\": [{\"vulnerability\": \"CVE-1\", \"status\": \"not_affected\", \"impact_statement\": \"\"}]}", "not_affected needs a justification"},
		{"{\"statements\": [{\"vulnerability\": \"CVE-1\", \"status\": \"not_affected\", \"impact_statement\": \" \\t \"}]}", "not_affected needs a justification"},
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		int rc = load_err(bad[i].doc, msg, sizeof msg, NULL);
		if (rc != BH_EPARSE || !strstr(msg, bad[i].want))
			fail_msg("%s: rc %d, message '%s', want '%s'", bad[i].doc, rc, msg, bad[i].want);
	}
	/* an empty statements list is a valid document that decides nothing */
	struct vuln_vex *v = load("{\"statements\": []}");
	assert_int_equal(vuln_vex_decides(v, "CVE-1", NULL, 0, "pkg:npm/a@1", NULL, NULL), VULN_VEX_NONE);
	vuln_vex_free(v);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_spec_minimal),
		cmocka_unit_test(test_spec_spring),
		cmocka_unit_test(test_spec_inheritance),
		cmocka_unit_test(test_timestamp_order),
		cmocka_unit_test(test_image_subcomponents),
		cmocka_unit_test(test_purl),
		cmocka_unit_test(test_malformed),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
