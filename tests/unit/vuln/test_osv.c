/* SPDX-License-Identifier: Apache-2.0
 *
 * test_osv.c - the OSV record reader of src/vuln/osv.h: every real record
 * of ../shared/fixtures/osv/<Eco>/ *.json parses (skipped when ../shared is
 * absent), exact values of several (read off the JSON by hand: ids,
 * aliases with upstream merged, events, versions counts, severities),
 * small inline records for each optional form (versions null, GIT ranges,
 * withdrawn, severity labels), malformed records each with its exact
 * error line, the RFC 3339 instant keys and the index keys.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/diag.h"
#include "util/io.h"
#include "vuln/osv.h"
#include "util/strbuf.h"

static const char *shared_root(void)
{
	const char *r = getenv("BH_SHARED");
	return r ? r : "../shared";
}

static int load_file(const char *rel, struct osv_record *r, char *err,
		     size_t n)
{
	char path[1024];
	snprintf(path, sizeof(path), "%s/fixtures/osv/%s", shared_root(), rel);
	struct diag d;
	diag_init(&d, path);
	char *buf;
	size_t len;
	if (io_read_file(path, OSV_MAX_RECORD, &buf, &len, &d))
		return -100;
	int rc = osv_parse(buf, len, path, r, &d);
	free(buf);
	if (rc && err)
		diag_format(&d, err, (unsigned)n);
	return rc;
}

static bool have_fixtures(void)
{
	char path[1024];
	snprintf(path, sizeof(path), "%s/fixtures/osv/README.md", shared_root());
	FILE *f = fopen(path, "r");
	if (!f)
		return false;
	fclose(f);
	return true;
}

#define NEED_FIXTURES()                                                       \
	do {                                                                  \
		if (!have_fixtures()) {                                       \
			print_message("SKIP: ../shared/fixtures/osv absent\n"); \
			skip();                                               \
		}                                                             \
	} while (0)

static void test_all_fixtures_parse(void **state)
{
	(void)state;
	NEED_FIXTURES();
	char pat[1024];
	snprintf(pat, sizeof(pat), "%s/fixtures/osv/*/*.json", shared_root());
	glob_t g;
	assert_int_equal(glob(pat, 0, NULL, &g), 0);
	assert_int_equal(g.gl_pathc, 33); /* README.md: 33 records */
	for (size_t i = 0; i < g.gl_pathc; i++) {
		struct diag d;
		diag_init(&d, g.gl_pathv[i]);
		char *buf;
		size_t len;
		assert_int_equal(io_read_file(g.gl_pathv[i], OSV_MAX_RECORD,
					      &buf, &len, &d), 0);
		struct osv_record r;
		int rc = osv_parse(buf, len, g.gl_pathv[i], &r, &d);
		if (rc) {
			char m[1024];
			diag_format(&d, m, sizeof(m));
			fail_msg("%s", m);
		}
		/* the id is the file name */
		const char *base = strrchr(g.gl_pathv[i], '/') + 1;
		assert_int_equal(strncmp(base, r.id, strlen(r.id)), 0);
		assert_string_equal(base + strlen(r.id), ".json");
		assert_true(r.naff > 0);
		osv_record_free(&r);
		assert_null(r.id);
		free(buf);
	}
	globfree(&g);
}

static void test_go_0493(void **state)
{
	(void)state;
	NEED_FIXTURES();
	struct osv_record r;
	assert_int_equal(load_file("Go/GO-2022-0493.json", &r, NULL, 0), 0);
	assert_string_equal(r.id, "GO-2022-0493");
	assert_string_equal(r.modified, "2026-02-04T03:42:54.589715Z");
	assert_null(r.withdrawn);
	assert_int_equal(r.naliases, 3);
	assert_string_equal(r.aliases[0], "BIT-golang-2022-29526");
	assert_string_equal(r.aliases[1], "CVE-2022-29526");
	assert_string_equal(r.aliases[2], "GHSA-p782-xgp4-8hr8");
	assert_int_equal(r.naff, 2);
	assert_string_equal(r.aff[0].ecosystem, "Go");
	assert_string_equal(r.aff[0].name, "stdlib");
	assert_string_equal(r.aff[0].purl, "pkg:golang/stdlib");
	assert_int_equal(r.aff[0].nranges, 1);
	struct osv_range *g = &r.aff[0].ranges[0];
	assert_int_equal(g->type, OSV_RANGE_SEMVER);
	assert_int_equal(g->nev, 4);
	assert_int_equal(g->ev[0].kind, OSV_EV_INTRODUCED);
	assert_string_equal(g->ev[0].value, "0");
	assert_int_equal(g->ev[1].kind, OSV_EV_FIXED);
	assert_string_equal(g->ev[1].value, "1.17.10");
	assert_int_equal(g->ev[2].kind, OSV_EV_INTRODUCED);
	assert_string_equal(g->ev[2].value, "1.18.0-0");
	assert_int_equal(g->ev[3].kind, OSV_EV_FIXED);
	assert_string_equal(g->ev[3].value, "1.18.2");
	assert_string_equal(r.aff[1].name, "golang.org/x/sys");
	assert_string_equal(r.aff[1].ranges[0].ev[1].value,
			    "0.0.0-20220412211240-33da011f77ad");
	assert_int_equal(r.aff[1].nversions, 0);
	assert_int_equal(r.nsev, 0);
	assert_null(r.db_severity);
	osv_record_free(&r);
}

static void test_pypi_django(void **state)
{
	(void)state;
	NEED_FIXTURES();
	struct osv_record r;
	assert_int_equal(load_file("PyPI/PYSEC-2021-98.json", &r, NULL, 0), 0);
	assert_string_equal(r.id, "PYSEC-2021-98");
	assert_string_equal(r.modified, "2023-12-06T01:01:16.755410Z");
	assert_int_equal(r.naliases, 3);
	assert_string_equal(r.aliases[1], "CVE-2021-33203");
	/* no summary: the first line of details */
	assert_non_null(r.summary);
	assert_int_equal(strncmp(r.summary, "Django before 2.2.24, 3.x before 3.",
				 35), 0);
	assert_null(strchr(r.summary, '\n'));
	assert_int_equal(r.naff, 1);
	assert_string_equal(r.aff[0].ecosystem, "PyPI");
	assert_string_equal(r.aff[0].name, "django");
	assert_int_equal(r.aff[0].nranges, 1);
	assert_int_equal(r.aff[0].ranges[0].type, OSV_RANGE_ECOSYSTEM);
	assert_int_equal(r.aff[0].ranges[0].nev, 6);
	assert_string_equal(r.aff[0].ranges[0].ev[4].value, "3.2");
	assert_string_equal(r.aff[0].ranges[0].ev[5].value, "3.2.4");
	assert_int_equal(r.aff[0].nversions, 266);
	assert_string_equal(r.aff[0].versions[0], "1.0.1");
	assert_string_equal(r.aff[0].versions[265], "3.2.3");
	osv_record_free(&r);
}

static void test_alpine_upstream_and_null_versions(void **state)
{
	(void)state;
	NEED_FIXTURES();
	struct osv_record r;
	assert_int_equal(load_file("Alpine/ALPINE-CVE-2025-26519.json", &r, NULL,
				   0), 0);
	assert_string_equal(r.modified, "2026-07-08T04:32:24.548042624Z");
	assert_int_equal(r.naliases, 1); /* upstream[] merged */
	assert_string_equal(r.aliases[0], "CVE-2025-26519");
	assert_int_equal(r.nsev, 1);
	assert_string_equal(r.sev[0].type, "CVSS_V3");
	assert_string_equal(r.sev[0].score,
			    "CVSS:3.1/AV:L/AC:H/PR:L/UI:N/S:U/C:H/I:H/A:H");
	assert_int_equal(r.naff, 9);
	assert_string_equal(r.aff[4].ecosystem, "Alpine:v3.20");
	assert_string_equal(r.aff[4].name, "musl");
	assert_string_equal(r.aff[4].ranges[0].ev[0].value, "0.9.13");
	assert_string_equal(r.aff[4].ranges[0].ev[1].value, "1.2.5-r1");
	osv_record_free(&r);

	assert_int_equal(load_file("Alpine/CVE-2012-2812.json", &r, NULL, 0), 0);
	assert_int_equal(r.naff, 5);
	assert_int_equal(r.naliases, 0);
	assert_string_equal(r.aff[0].ecosystem, "Alpine:v3.10");
	assert_string_equal(r.aff[0].purl, "pkg:alpine/libexif");
	assert_int_equal(r.aff[0].nversions, 0); /* "versions": null */
	osv_record_free(&r);
}

static void test_debian(void **state)
{
	(void)state;
	NEED_FIXTURES();
	struct osv_record r;
	assert_int_equal(load_file("Debian/DLA-3008-1.json", &r, NULL, 0), 0);
	assert_string_equal(r.summary, "openssl - security update");
	assert_int_equal(r.naliases, 2);
	assert_string_equal(r.aliases[0], "CVE-2022-1292");
	assert_string_equal(r.aliases[1], "DEBIAN-CVE-2022-1292");
	assert_string_equal(r.aff[0].ecosystem, "Debian:9");
	assert_int_equal(r.aff[0].nversions, 19);
	assert_string_equal(r.aff[0].versions[0], "1.1.0f-3");
	assert_string_equal(r.aff[0].versions[18], "1.1.0l-1~deb9u5");
	osv_record_free(&r);

	assert_int_equal(load_file("Debian/CVE-2024-1013.json", &r, NULL, 0), 0);
	assert_int_equal(r.naff, 1);
	assert_string_equal(r.aff[0].ecosystem, "Debian:10");
	assert_null(r.aff[0].purl);
	assert_string_equal(r.aff[0].db_severity, "unimportant"); /* urgency */
	assert_int_equal(r.aff[0].ranges[0].nev, 1);
	osv_record_free(&r);
}

static void test_npm_db_severity(void **state)
{
	(void)state;
	NEED_FIXTURES();
	struct osv_record r;
	assert_int_equal(load_file("npm/GHSA-c2qf-rxjj-qqgw.json", &r, NULL, 0),
			 0);
	assert_string_equal(r.summary,
			    "semver vulnerable to Regular Expression Denial of "
			    "Service");
	assert_string_equal(r.db_severity, "MODERATE");
	assert_int_equal(r.naff, 3);
	assert_string_equal(r.aff[2].ranges[0].ev[1].value, "5.7.2");
	osv_record_free(&r);
}

static int parse_s(const char *s, struct osv_record *r, char *msg, size_t n)
{
	struct diag d;
	diag_init(&d, "t.json");
	int rc = osv_parse(s, strlen(s), "t.json", r, &d);
	msg[0] = 0;
	if (rc)
		diag_format(&d, msg, (unsigned)n);
	return rc;
}

static void test_inline_forms(void **state)
{
	(void)state;
	struct osv_record r;
	char m[1024];
	const char *s =
		"{\"schema_version\":\"1.7.0\",\"id\":\"X-1\","
		"\"modified\":\"2024-01-01T00:00:00+02:00\","
		"\"withdrawn\":\"2024-02-01T00:00:00Z\",\"unknown\":{\"a\":[1]},"
		"\"aliases\":[\"CVE-1\",\"X-1\",\"CVE-2\"],\"upstream\":[\"CVE-2\",\"CVE-3\"],"
		"\"summary\":\"s\",\"database_specific\":{\"severity\":\"HIGH\"},"
		"\"severity\":[{\"type\":\"CVSS_V4\",\"score\":\"CVSS:4.0/AV:N\"}],"
		"\"affected\":[{\"package\":{\"ecosystem\":\"PyPI\",\"name\":\"A_b\"},"
		"\"versions\":null,\"severity\":[{\"type\":\"Ubuntu\",\"score\":\"low\"}],"
		"\"ecosystem_specific\":{\"severity\":\"medium\",\"urgency\":\"x\"},"
		"\"ranges\":[{\"type\":\"GIT\",\"repo\":\"r\",\"events\":"
		"[{\"introduced\":\"abc\"},{\"limit\":\"def\"}]},"
		"{\"type\":\"FOO\",\"events\":[{\"last_affected\":\"1\"}]}]},"
		"{\"ranges\":[{\"type\":\"GIT\",\"events\":[{\"fixed\":\"f\"}]}],"
		"\"database_specific\":{\"severity\":{\"x\":1}}}]}";
	assert_int_equal(parse_s(s, &r, m, sizeof(m)), 0);
	assert_string_equal(r.withdrawn, "2024-02-01T00:00:00Z");
	assert_int_equal(r.naliases, 3); /* id itself and repeats left out */
	assert_string_equal(r.aliases[0], "CVE-1");
	assert_string_equal(r.aliases[1], "CVE-2");
	assert_string_equal(r.aliases[2], "CVE-3");
	assert_string_equal(r.db_severity, "HIGH");
	assert_string_equal(r.sev[0].type, "CVSS_V4");
	assert_int_equal(r.naff, 2);
	assert_int_equal(r.aff[0].nversions, 0);
	assert_int_equal(r.aff[0].nsev, 1);
	assert_string_equal(r.aff[0].sev[0].score, "low");
	assert_string_equal(r.aff[0].db_severity, "medium");
	assert_int_equal(r.aff[0].ranges[0].type, OSV_RANGE_GIT);
	assert_int_equal(r.aff[0].ranges[0].ev[1].kind, OSV_EV_LIMIT);
	assert_int_equal(r.aff[0].ranges[1].type, OSV_RANGE_OTHER);
	assert_int_equal(r.aff[0].ranges[1].ev[0].kind, OSV_EV_LAST_AFFECTED);
	assert_string_equal(r.aff[1].ecosystem, "");  /* no package */
	assert_string_equal(r.aff[1].name, "");
	assert_null(r.aff[1].db_severity);            /* not a string */
	osv_record_free(&r);

	/* minimal: id and modified only */
	assert_int_equal(parse_s("{\"id\":\"A\",\"modified\":\"0001-01-01T00:00:00Z\"}",
				 &r, m, sizeof(m)), 0);
	assert_int_equal(r.naff, 0);
	assert_null(r.summary);
	osv_record_free(&r);
}

static void test_malformed(void **state)
{
	(void)state;
	static const struct {
		const char *in, *msg;
		int rc;
	} cases[] = {
		{"", "t.json:1: '[' or '{' expected near end of file", BH_EPARSE},
		{"{\"id\":\"A\",\n \"modified\": }",
		 "t.json:2:14: unexpected token near '}'", BH_EPARSE},
		{"[1]", "t.json: an OSV record is a JSON object", BH_EPARSE},
		{"{\"modified\":\"2024-01-01T00:00:00Z\"}", "t.json: \"id\" is missing",
		 BH_EPARSE},
		{"{\"id\":\"\",\"modified\":\"2024-01-01T00:00:00Z\"}",
		 "t.json: \"id\" is empty", BH_EPARSE},
		{"{\"id\":7,\"modified\":\"2024-01-01T00:00:00Z\"}",
		 "t.json: \"id\" is not a string", BH_EPARSE},
		{"{\"id\":\"A\"}", "t.json: \"modified\" is missing", BH_EPARSE},
		{"{\"id\":\"A\",\"modified\":\"2024-13-01T00:00:00Z\"}",
		 "t.json: \"modified\" is not an RFC 3339 time", BH_EPARSE},
		{"{\"id\":\"A\",\"modified\":\"2024-01-01\"}",
		 "t.json: \"modified\" is not an RFC 3339 time", BH_EPARSE},
		{"{\"id\":\"A\\u0000\",\"modified\":\"2024-01-01T00:00:00Z\"}",
		 "t.json:1:15: a string holds \\u0000 (NUL): refused",
		 BH_EPARSE},
		{"{\"id\":\"A\xff\",\"modified\":\"2024-01-01T00:00:00Z\"}",
		 "t.json:1:8: invalid UTF-8: unable to decode byte 0xff near '\"A'", BH_EPARSE},
		{"{\"id\":\"A\",\"modified\":\"2024-01-01T00:00:00Z\",\"aliases\":\"x\"}",
		 "t.json: \"aliases\" is not an array", BH_EPARSE},
		{"{\"id\":\"A\",\"modified\":\"2024-01-01T00:00:00Z\",\"upstream\":[1]}",
		 "t.json: upstream[0]: not a string", BH_EPARSE},
		{"{\"id\":\"A\",\"modified\":\"2024-01-01T00:00:00Z\",\"affected\":[{},{},"
		 "{\"ranges\":[{\"type\":\"SEMVER\",\"events\":[{\"introduced\":\"0\"},"
		 "{\"fixed\":1}]}]}]}",
		 "t.json: affected[2].ranges[0].events[1]: \"fixed\" is not a string",
		 BH_EPARSE},
		{"{\"id\":\"A\",\"modified\":\"2024-01-01T00:00:00Z\",\"affected\":[{"
		 "\"ranges\":[{\"type\":\"SEMVER\",\"events\":[{\"introduced\":\"0\","
		 "\"fixed\":\"1\"}]}]}]}",
		 "t.json: affected[0].ranges[0].events[0]: both \"introduced\" and "
		 "\"fixed\"", BH_EPARSE},
		{"{\"id\":\"A\",\"modified\":\"2024-01-01T00:00:00Z\",\"affected\":[{"
		 "\"ranges\":[{\"type\":\"SEMVER\",\"events\":[{}]}]}]}",
		 "t.json: affected[0].ranges[0].events[0]: no introduced, fixed, "
		 "last_affected or limit", BH_EPARSE},
		{"{\"id\":\"A\",\"modified\":\"2024-01-01T00:00:00Z\",\"affected\":[{"
		 "\"ranges\":[{\"events\":[]}]}]}",
		 "t.json: affected[0].ranges[0]: \"type\" is missing", BH_EPARSE},
		{"{\"id\":\"A\",\"modified\":\"2024-01-01T00:00:00Z\",\"affected\":[{"
		 "\"ranges\":[{\"type\":\"GIT\"}]}]}",
		 "t.json: affected[0].ranges[0]: \"events\" is missing", BH_EPARSE},
		{"{\"id\":\"A\",\"modified\":\"2024-01-01T00:00:00Z\",\"affected\":[{"
		 "\"package\":{\"name\":\"x\"}}]}",
		 "t.json: affected[0].package: \"ecosystem\" is missing", BH_EPARSE},
		{"{\"id\":\"A\",\"modified\":\"2024-01-01T00:00:00Z\",\"affected\":[3]}",
		 "t.json: affected[0]: not an object", BH_EPARSE},
		{"{\"id\":\"A\",\"modified\":\"2024-01-01T00:00:00Z\",\"affected\":[{"
		 "\"versions\":[\"1\",null]}]}",
		 "t.json: affected[0].versions[1]: not a string", BH_EPARSE},
		{"{\"id\":\"A\",\"modified\":\"2024-01-01T00:00:00Z\",\"severity\":"
		 "[{\"type\":\"CVSS_V3\"}]}",
		 "t.json: severity[0]: \"score\" is missing", BH_EPARSE},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct osv_record r;
		char m[1024];
		int rc = parse_s(cases[i].in, &r, m, sizeof(m));
		if (rc != cases[i].rc || strcmp(m, cases[i].msg))
			fail_msg("case %zu: rc %d, \"%s\"; want \"%s\"", i, rc, m,
				 cases[i].msg);
		assert_null(r.id);
		assert_null(r.aff);
	}
}

static void test_bounds(void **state)
{
	(void)state;
	/* 100 nested arrays inside an unknown field: refused before jansson */
	char buf[512];
	int n = snprintf(buf, sizeof(buf),
			 "{\"id\":\"A\",\"modified\":\"2024-01-01T00:00:00Z\",\"x\":");
	for (int i = 0; i < 100; i++)
		buf[n++] = '[';
	for (int i = 0; i < 100; i++)
		buf[n++] = ']';
	buf[n++] = '}';
	buf[n] = 0;
	struct osv_record r;
	char m[1024];
	assert_int_equal(parse_s(buf, &r, m, sizeof(m)), BH_ELIMIT);
	assert_string_equal(m, "t.json:1:112: nesting deeper than 64");
	/* brackets inside strings do not count */
	n = snprintf(buf, sizeof(buf),
		     "{\"id\":\"A\",\"modified\":\"2024-01-01T00:00:00Z\",\"x\":\"");
	for (int i = 0; i < 100; i++)
		buf[n++] = '[';
	snprintf(buf + n, sizeof(buf) - (size_t)n, "\\\"\"}");
	assert_int_equal(parse_s(buf, &r, m, sizeof(m)), 0);
	osv_record_free(&r);
	/* the size bound */
	struct diag d;
	diag_init(&d, "big.json");
	assert_int_equal(osv_parse("{}", OSV_MAX_RECORD + 1, "big.json", &r, &d),
			 BH_ELIMIT);
}

static void test_time_key(void **state)
{
	(void)state;
	char a[OSV_TIME_KEY], b[OSV_TIME_KEY];
	/* the same instant written three ways */
	assert_int_equal(osv_time_key("2024-01-01T02:00:00+02:00", a, sizeof(a)), 0);
	assert_int_equal(osv_time_key("2024-01-01T00:00:00.000Z", b, sizeof(b)), 0);
	assert_string_equal(a, b);
	assert_int_equal(osv_time_key("2023-12-31T19:00:00-05:00", b, sizeof(b)), 0);
	assert_string_equal(a, b);
	/* fractions: .5 is later than .4999999, 9+ digits cut to nanoseconds */
	assert_int_equal(osv_time_key("2024-01-01T00:00:00.4999999Z", a, sizeof(a)), 0);
	assert_int_equal(osv_time_key("2024-01-01T00:00:00.5Z", b, sizeof(b)), 0);
	assert_true(strcmp(a, b) < 0);
	assert_int_equal(osv_time_key("2026-07-08T04:32:24.548042624Z", a,
				      sizeof(a)), 0);
	assert_int_equal(osv_time_key("2026-07-08T04:32:24.5480426241Z", b,
				      sizeof(b)), 0);
	assert_string_equal(a, b);
	/* golang/vulndb repo copies */
	assert_int_equal(osv_time_key("0001-01-01T00:00:00Z", a, sizeof(a)), 0);
	/* PyPA's PYSEC-2024-55 writes the zero time with a 1-digit year */
	assert_int_equal(osv_time_key("1-01-01T00:00:00Z", b, sizeof(b)), 0);
	assert_string_equal(a, b);
	assert_int_equal(osv_time_key("0000-01-01T00:00:00+23:59", b, sizeof(b)), 0);
	assert_true(strcmp(b, a) < 0);
	assert_int_equal(osv_time_key("1999-12-31T23:59:59Z", b, sizeof(b)), 0);
	assert_true(strcmp(a, b) < 0);
	/* Feb 29 and the day after, across a leap year */
	assert_int_equal(osv_time_key("2024-02-29T23:59:59Z", a, sizeof(a)), 0);
	assert_int_equal(osv_time_key("2024-03-01T00:00:00Z", b, sizeof(b)), 0);
	assert_true(strcmp(a, b) < 0);
	static const char *const badt[] = {
		"2024-01-01", "2024-01-01T00:00:00", "2024-01-01T00:00:00.Z",
		"2024-01-32T00:00:00Z", "2024-01-01T24:00:00Z",
		"2024-01-01T00:00:00+0200", "2024-01-01T00:00:00Zx", "",
		"20240101T000000Z", "02024-01-01T00:00:00Z", "-01-01T00:00:00Z"};
	for (size_t i = 0; i < sizeof(badt) / sizeof(badt[0]); i++)
		if (osv_time_key(badt[i], a, sizeof(a)) != BH_EPARSE)
			fail_msg("accepted %s", badt[i]);
}

/* Repeated aliases (and upstream ids, and the record's own id) are
 * dropped, each kept one in its first place; 100,000 repeats of a few ids
 * are deduplicated by one sort (a pairwise search took minutes). */
static void test_alias_dedup(void **state)
{
	(void)state;
	struct osv_record r;
	char m[256];
	assert_int_equal(parse_s("{\"id\":\"ID\",\"modified\":\"2024-01-01T00:00:00Z\","
				 "\"aliases\":[\"B\",\"A\",\"B\",\"ID\",\"A\",\"C\"],"
				 "\"upstream\":[\"C\",\"D\",\"B\"]}", &r, m, sizeof(m)), 0);
	assert_int_equal(r.naliases, 4);
	assert_string_equal(r.aliases[0], "B");
	assert_string_equal(r.aliases[1], "A");
	assert_string_equal(r.aliases[2], "C");
	assert_string_equal(r.aliases[3], "D");
	osv_record_free(&r);
	struct strbuf sb = STRBUF_INIT;
	strbuf_adds(&sb, "{\"id\":\"X\",\"modified\":\"2024-01-01T00:00:00Z\",\"aliases\":[");
	for (int i = 0; i < 100000; i++)
		strbuf_printf(&sb, "%s\"CVE-%d\"", i ? "," : "", i % 7);
	strbuf_adds(&sb, "]}");
	assert_int_equal(parse_s(strbuf_str(&sb), &r, m, sizeof(m)), 0);
	assert_int_equal(r.naliases, 7);
	for (size_t i = 0; i < 7; i++) {
		char want[16];
		snprintf(want, sizeof(want), "CVE-%zu", i);
		assert_string_equal(r.aliases[i], want);
	}
	osv_record_free(&r);
	strbuf_free(&sb);
}

static void test_keys(void **state)
{
	(void)state;
	char b[64];
	osv_eco_base("Debian:12", b, sizeof(b));
	assert_string_equal(b, "Debian");
	osv_eco_base("Alpine:v3.20", b, sizeof(b));
	assert_string_equal(b, "Alpine");
	osv_eco_base("PyPI", b, sizeof(b));
	assert_string_equal(b, "PyPI");
	osv_eco_base("Debian:12", b, 4);
	assert_string_equal(b, "Deb");
	osv_name_key("PyPI", "Flask_Cors", b, sizeof(b));
	assert_string_equal(b, "flask-cors");
	osv_name_key("PyPI", "zope.interface", b, sizeof(b));
	assert_string_equal(b, "zope-interface");
	osv_name_key("PyPI", "a-_.B", b, sizeof(b));
	assert_string_equal(b, "a-b");
	osv_name_key("npm", "@Scope/Pkg", b, sizeof(b));
	assert_string_equal(b, "@Scope/Pkg");
	osv_name_key("Go", "github.com/A/b", b, sizeof(b));
	assert_string_equal(b, "github.com/A/b");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_all_fixtures_parse),
		cmocka_unit_test(test_go_0493),
		cmocka_unit_test(test_pypi_django),
		cmocka_unit_test(test_alpine_upstream_and_null_versions),
		cmocka_unit_test(test_debian),
		cmocka_unit_test(test_npm_db_severity),
		cmocka_unit_test(test_inline_forms),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_bounds),
		cmocka_unit_test(test_time_key),
		cmocka_unit_test(test_alias_dedup),
		cmocka_unit_test(test_keys),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
