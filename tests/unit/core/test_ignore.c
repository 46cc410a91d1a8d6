/* SPDX-License-Identifier: Apache-2.0
 *
 * test_ignore.c - src/core/ignore.c: inline pragmas in every peer spelling
 * (and the warning an unknown id gives, with file:line; ShellCheck codes
 * accepted silently), BuildKit's "# check=" directive (skip lists, all,
 * error=true, bad options), and the markers `bulkhead secrets` honours.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <string.h>

#include "core/config.h"
#include "core/ignore.h"
#include "rules/rule.h"

/* A list of findings of "ids" (NULL-terminated), one per line from 1. */
static void make(struct bh_findings *l, const char *const *ids,
		 const int *lines)
{
	memset(l, 0, sizeof(*l));
	for (size_t i = 0; ids[i]; i++) {
		const struct bh_rule *r = bh_rule_find(ids[i]);
		assert_non_null(r);
		struct bh_finding f = { .rule = r, .file = "Dockerfile",
					.span = { lines[i], 1, lines[i], 2 },
					.message = "m" };
		assert_int_equal(bh_findings_add(l, &f), 0);
	}
}

static char *ids_of(const struct bh_findings *l, char *buf, size_t n)
{
	buf[0] = 0;
	for (size_t i = 0; i < l->n; i++) {
		if (i)
			strncat(buf, ",", n - strlen(buf) - 1);
		strncat(buf, l->v[i].rule->id, n - strlen(buf) - 1);
	}
	return buf;
}

static void pragma_spellings(void **state)
{
	(void)state;
	static const char text[] =
		"# trivy:ignore:AVD-DS-0002\n"  /* 1 */
		"USER root\n"                   /* 2 */
		"# trivy:ignore:ds002\n"        /* 3 */
		"USER root\n"                   /* 4 */
		"# hadolint ignore=DL3007,SC2086\n" /* 5 */
		"FROM a:latest\n"               /* 6 */
		"# bulkhead ignore=bh1001\n"    /* 7 */
		"USER root\n"                   /* 8 */
		"USER root\n";                  /* 9 */
	const char *ids[] = { "BH1001", "BH1001", "BH1011", "BH1001", "BH1001",
			      NULL };
	const int lines[] = { 2, 4, 6, 8, 9 };
	struct bh_findings l;
	make(&l, ids, lines);
	struct bh_strlist w = { 0 };
	ignore_apply("Dockerfile", text, strlen(text), &l, 0, NULL, NULL, &w);
	char buf[256];
	assert_string_equal(ids_of(&l, buf, sizeof(buf)), "BH1001");
	assert_int_equal(l.v[0].span.line, 9);
	assert_int_equal(w.n, 0);  /* SC2086: no warning */
	bh_findings_free(&l);
	bh_strlist_free(&w);
}

static void unknown_id_warns(void **state)
{
	(void)state;
	static const char text[] =
		"FROM a:1\n"
		"# hadolint ignore=DL9999,DL3059,DL3002\n"
		"USER root\n"
		"# trivy:ignore:KSV-9999\n";
	const char *ids[] = { "BH1001", NULL };
	const int lines[] = { 3 };
	struct bh_findings l;
	make(&l, ids, lines);
	struct bh_strlist w = { 0 };
	ignore_apply("Dockerfile", text, strlen(text), &l, 0, NULL, NULL, &w);
	assert_int_equal(l.n, 0);
	assert_int_equal(w.n, 2);
	assert_string_equal(w.v[0], "Dockerfile:2: warning: unknown rule id "
			    "'DL9999' in an ignore pragma (no effect)");
	assert_non_null(strstr(w.v[1], "Dockerfile:4: warning: unknown rule id 'KSV-9999'"));
	bh_findings_free(&l);
	bh_strlist_free(&w);
}

static void check_directive(void **state)
{
	(void)state;
	/* BH1040 = JSONArgsRecommended, BH1050 = StageNameCasing, BH1001 has
	 * no BuildKit check */
	const char *ids[] = { "BH1040", "BH1050", "BH1001", NULL };
	const int lines[] = { 3, 4, 5 };
	struct bh_findings l;
	struct bh_strlist w = { 0 };
	char buf[256];

	make(&l, ids, lines);
	ignore_check_directive("Dockerfile", "skip=JSONArgsRecommended", 1, true,
			       &l, 0, &w);
	assert_string_equal(ids_of(&l, buf, sizeof(buf)), "BH1050,BH1001");
	assert_int_equal(l.v[0].flags, 0);
	bh_findings_free(&l);

	make(&l, ids, lines);
	ignore_check_directive("Dockerfile", " skip = all ; error = true ", 1,
			       true, &l, 0, &w);
	assert_string_equal(ids_of(&l, buf, sizeof(buf)), "BH1001");
	assert_int_equal(l.v[0].flags, 0);
	bh_findings_free(&l);

	make(&l, ids, lines);
	ignore_check_directive("Dockerfile", "error=true", 1, true, &l, 0, &w);
	assert_int_equal(l.n, 3);
	assert_int_equal(l.v[0].flags, BH_FINDING_FAILS);
	assert_int_equal(l.v[1].flags, BH_FINDING_FAILS);
	assert_int_equal(l.v[2].flags, 0);
	bh_findings_free(&l);

	/* --disable-ignore-pragma: no skipping, error= still applies */
	make(&l, ids, lines);
	ignore_check_directive("Dockerfile", "skip=all;error=1", 1, false, &l, 0,
			       &w);
	assert_int_equal(l.n, 3);
	assert_int_equal(l.v[0].flags, BH_FINDING_FAILS);
	bh_findings_free(&l);
	assert_int_equal(w.n, 0);

	/* names are case-sensitive; bad options warn */
	make(&l, ids, lines);
	ignore_check_directive("Dockerfile", "skip=jsonargsrecommended;error=maybe;x=1",
			       2, true, &l, 0, &w);
	assert_int_equal(l.n, 3);
	assert_int_equal(l.v[0].flags, 0);
	assert_int_equal(w.n, 3);
	assert_non_null(strstr(w.v[0], "Dockerfile:2: warning: 'jsonargsrecommended' "
			       "is not a BuildKit check"));
	assert_non_null(strstr(w.v[1], "error=maybe"));
	assert_non_null(strstr(w.v[2], "'x'"));
	bh_findings_free(&l);
	bh_strlist_free(&w);

	assert_true(ignore_is_buildkit_check("SecretsUsedInArgOrEnv"));
	assert_false(ignore_is_buildkit_check("secretsusedinargorenv"));
}

static bool allowed(const char *line, const char *prev, const char *kind,
		    struct bh_strlist *w)
{
	struct ignore_secret_line l = { "f.txt", line, strlen(line), 5,
					prev, prev ? strlen(prev) : 0, 4 };
	long warned = 0;
	return ignore_secret_allowed(&l, kind, &warned, w);
}

static void secret_markers(void **state)
{
	(void)state;
	struct bh_strlist w = { 0 };
	assert_true(allowed("key = X # gitleaks:allow", NULL, "generic-secret", &w));
	assert_true(allowed("key = X // trufflehog:ignore", NULL, "jwt", &w));
	assert_true(allowed("key = X  # pragma: allowlist secret", NULL, "jwt", &w));
	assert_true(allowed("key = X # bulkhead ignore=jwt,GENERIC-SECRET", NULL,
			    "generic-secret", &w));
	assert_false(allowed("key = X # bulkhead ignore=jwt", NULL,
			     "generic-secret", &w));
	/* a comment line before, any comment leader */
	assert_true(allowed("key = X", "# bulkhead ignore=generic-secret",
			    "generic-secret", &w));
	assert_true(allowed("key = X", "  // bulkhead ignore=generic-secret",
			    "generic-secret", &w));
	assert_true(allowed("key = X", "<!-- bulkhead ignore=generic-secret -->",
			    "generic-secret", &w));
	assert_true(allowed("key = X", "/* bulkhead ignore=generic-secret */",
			    "generic-secret", &w));
	assert_true(allowed("key = X", "-- pragma: allowlist nextline secret",
			    "jwt", &w));
	/* a trailing pragma on the line before covers that line only */
	assert_false(allowed("key = X", "other = 1 # bulkhead ignore=generic-secret",
			     "generic-secret", &w));
	/* an own-line pragma covers the next line, not its own */
	assert_false(allowed("# bulkhead ignore=generic-secret password=Zq8",
			     NULL, "generic-secret", &w));
	assert_int_equal(w.n, 0);
	/* unknown ids warn, once per pragma line */
	struct ignore_secret_line l = { "f.txt", "a = X", 5, 7,
					"# bulkhead ignore=nosuch,jwt", 28, 6 };
	long warned = 0;
	assert_false(ignore_secret_allowed(&l, "generic-secret", &warned, &w));
	assert_false(ignore_secret_allowed(&l, "generic-secret", &warned, &w));
	assert_int_equal(w.n, 1);
	assert_string_equal(w.v[0], "f.txt:6: warning: unknown secret id 'nosuch' "
			    "in an ignore pragma (no effect)");
	bh_strlist_free(&w);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(pragma_spellings),
		cmocka_unit_test(unknown_id_warns),
		cmocka_unit_test(check_directive),
		cmocka_unit_test(secret_markers),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
