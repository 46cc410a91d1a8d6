/* SPDX-License-Identifier: Apache-2.0
 *
 * test_core.c - the findings list (src/core/finding.c: severity names,
 * add, remove, keep, take, sort, fit, free; a path held once per list)
 * and the run's settings
 * (src/core/config.c: string lists, which rules run, severity overrides,
 * trusted registries).  Rules are stand-in rows: only their id and flags
 * matter here.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/config.h"
#include "core/finding.h"
#include "rules/rule.h"
#include "util/diag.h"

static const struct bh_rule r1001 = { .id = "BH1001", .severity = BH_SEV_HIGH };
static const struct bh_rule r1011 = { .id = "BH1011", .severity = BH_SEV_MEDIUM };
static const struct bh_rule r2021 = { .id = "BH2021", .severity = BH_SEV_INFO,
				      .flags = BH_RULE_OFF_BY_DEFAULT };
static const struct bh_rule r3026 = { .id = "BH3026", .severity = BH_SEV_LOW,
				      .flags = BH_RULE_PSS_RESTRICTED };
static const struct bh_rule r3001 = { .id = "BH3001", .severity = BH_SEV_CRITICAL,
				      .flags = BH_RULE_PSS_BASELINE };

/* Adds a finding of "r" at file:line:col with message "msg". */
static void add(struct bh_findings *l, const struct bh_rule *r,
		const char *file, int line, int col, const char *msg)
{
	struct bh_finding f = {
		.rule = r, .severity = r->severity, .file = (char *)file,
		.span = { line, col, line, col + 1 }, .message = (char *)msg,
	};
	assert_int_equal(bh_findings_add(l, &f), BH_OK);
}

/* "file:line:col id" of every finding, one per line, into buf. */
static const char *listing(const struct bh_findings *l, char *buf, size_t size)
{
	size_t o = 0;
	buf[0] = 0;
	for (size_t i = 0; i < l->n && o < size; i++)
		o += (size_t)snprintf(buf + o, size - o, "%s:%d:%d %s\n",
				      l->v[i].file ? l->v[i].file : "-",
				      l->v[i].span.line, l->v[i].span.col,
				      l->v[i].rule->id);
	return buf;
}

/* ---- severities */

static void severity_names_round_trip(void **state)
{
	(void)state;
	static const char *const names[] = { "info", "low", "medium", "high", "critical" };
	for (int s = BH_SEV_INFO; s <= BH_SEV_CRITICAL; s++) {
		assert_string_equal(bh_severity_name((enum bh_severity)s), names[s]);
		enum bh_severity out = BH_SEV_INFO;
		assert_int_equal(bh_severity_parse(names[s], &out), 0);
		assert_int_equal(out, s);
	}
	/* out of range prints as the lowest, never past the table */
	assert_string_equal(bh_severity_name((enum bh_severity)99), "info");
	assert_string_equal(bh_severity_name((enum bh_severity)-1), "info");
	/* names are matched in any case; anything else is refused and
	 * leaves the output alone */
	enum bh_severity out = BH_SEV_LOW;
	assert_int_equal(bh_severity_parse("CRITICAL", &out), 0);
	assert_int_equal(out, BH_SEV_CRITICAL);
	out = BH_SEV_LOW;
	assert_int_equal(bh_severity_parse("severe", &out), -1);
	assert_int_equal(bh_severity_parse("", &out), -1);
	assert_int_equal(bh_severity_parse("high ", &out), -1);
	assert_int_equal(out, BH_SEV_LOW);
}

/* ---- the findings list */

static void add_copies_every_string(void **state)
{
	(void)state;
	struct bh_findings l = { 0 };
	char file[] = "Dockerfile", msg[] = "runs as root", fix[] = "add USER";
	char digest[] = "sha256:abc", by[] = "RUN x", snip[] = "USER root";
	struct bh_finding f = {
		.rule = &r1001, .severity = BH_SEV_HIGH, .file = file,
		.span = { 2, 1, 2, 10 }, .message = msg, .fix = fix,
		.layer_digest = digest, .created_by = by, .snippet = snip,
	};
	assert_int_equal(bh_findings_add(&l, &f), BH_OK);
	/* the caller's buffers may change or go away after the call */
	memset(file, 'x', sizeof(file) - 1);
	memset(msg, 'x', sizeof(msg) - 1);
	memset(fix, 'x', sizeof(fix) - 1);
	memset(digest, 'x', sizeof(digest) - 1);
	memset(by, 'x', sizeof(by) - 1);
	memset(snip, 'x', sizeof(snip) - 1);
	assert_int_equal(l.n, 1);
	const struct bh_finding *c = &l.v[0];
	assert_ptr_equal(c->rule, &r1001);
	assert_int_equal(c->severity, BH_SEV_HIGH);
	assert_string_equal(c->file, "Dockerfile");
	assert_string_equal(c->message, "runs as root");
	assert_string_equal(c->fix, "add USER");
	assert_string_equal(c->layer_digest, "sha256:abc");
	assert_string_equal(c->created_by, "RUN x");
	assert_string_equal(c->snippet, "USER root");
	assert_int_equal(c->span.line, 2);
	assert_int_equal(c->span.end_col, 10);

	/* absent strings stay absent */
	struct bh_finding g = { .rule = &r1011, .file = "a", .message = "m" };
	assert_int_equal(bh_findings_add(&l, &g), BH_OK);
	assert_null(l.v[1].fix);
	assert_null(l.v[1].layer_digest);
	assert_null(l.v[1].created_by);
	assert_null(l.v[1].snippet);
	bh_findings_free(&l);
	assert_null(l.v);
	assert_int_equal(l.n, 0);
	assert_int_equal(l.cap, 0);
}

/* A list holds each path once for its findings of that file: they share
 * it, a take moves it with them, a removal leaves it to the others. */
static void add_shares_the_path_of_a_file(void **state)
{
	(void)state;
	struct bh_findings l = { 0 }, run = { 0 };
	char path[] = "a/Dockerfile";
	add(&l, &r1001, path, 1, 1, "m1");
	add(&l, &r1011, path, 2, 1, "m2");
	add(&l, &r1001, "b/Dockerfile", 1, 1, "m3");
	add(&l, &r1011, "a/Dockerfile", 3, 1, "m4");
	memset(path, 'x', sizeof(path) - 1);
	assert_int_equal(l.n, 4);
	assert_string_equal(l.v[0].file, "a/Dockerfile");
	assert_ptr_equal(l.v[0].file, l.v[1].file);
	assert_ptr_equal(l.v[0].file, l.v[3].file);
	assert_ptr_not_equal(l.v[0].file, l.v[2].file);
	assert_int_equal(l.nfiles, 2);
	/* removing the first finding of a file leaves its path to the rest */
	bh_findings_remove(&l, 0);
	assert_string_equal(l.v[0].file, "a/Dockerfile");
	/* cut to size, then moved: the paths go with the findings */
	bh_findings_fit(&l);
	assert_int_equal(l.cap, l.n);
	add(&run, &r1001, "c/Dockerfile", 1, 1, "m0");
	assert_int_equal(bh_findings_take(&run, &l), BH_OK);
	assert_int_equal(l.nfiles, 0);
	assert_null(l.files);
	assert_int_equal(run.n, 4);
	assert_int_equal(run.nfiles, 3);
	bh_findings_sort(&run);
	char buf[256];
	assert_string_equal(listing(&run, buf, sizeof(buf)),
			    "a/Dockerfile:2:1 BH1011\n"
			    "a/Dockerfile:3:1 BH1011\n"
			    "b/Dockerfile:1:1 BH1001\n"
			    "c/Dockerfile:1:1 BH1001\n");
	assert_ptr_equal(run.v[0].file, run.v[1].file);
	bh_findings_free(&run);
	assert_null(run.files);
	assert_int_equal(run.nfiles, 0);
}

static void add_grows_and_keeps_order(void **state)
{
	(void)state;
	struct bh_findings l = { 0 };
	for (int i = 1; i <= 1000; i++)
		add(&l, &r1001, "f", i, 1, "m");
	assert_int_equal(l.n, 1000);
	assert_true(l.cap >= 1000);
	for (int i = 0; i < 1000; i++)
		assert_int_equal(l.v[i].span.line, i + 1);
	bh_findings_free(&l);
}

static void remove_shifts_the_tail(void **state)
{
	(void)state;
	struct bh_findings l = { 0 };
	char buf[256];
	add(&l, &r1001, "a", 1, 1, "m");
	add(&l, &r1001, "a", 2, 1, "m");
	add(&l, &r1001, "a", 3, 1, "m");
	bh_findings_remove(&l, 1);
	assert_string_equal(listing(&l, buf, sizeof(buf)),
			    "a:1:1 BH1001\na:3:1 BH1001\n");
	bh_findings_remove(&l, 2); /* past the end: nothing happens */
	bh_findings_remove(&l, (size_t)-1);
	assert_int_equal(l.n, 2);
	bh_findings_remove(&l, 1); /* the last one */
	bh_findings_remove(&l, 0);
	assert_int_equal(l.n, 0);
	bh_findings_remove(&l, 0); /* empty list */
	bh_findings_free(&l);
}

static bool keep_even_lines(const struct bh_finding *f, void *ctx)
{
	int *calls = ctx;
	(*calls)++;
	return f->span.line % 2 == 0;
}

static bool keep_none(const struct bh_finding *f, void *ctx)
{
	(void)f;
	(void)ctx;
	return false;
}

static void keep_filters_from_first_in_order(void **state)
{
	(void)state;
	struct bh_findings l = { 0 };
	char buf[256];
	for (int i = 1; i <= 6; i++)
		add(&l, &r1001, "a", i, 1, "m");
	/* findings before "first" are not looked at, even the odd ones */
	int calls = 0;
	bh_findings_keep(&l, 2, keep_even_lines, &calls);
	assert_int_equal(calls, 4);
	assert_string_equal(listing(&l, buf, sizeof(buf)),
			    "a:1:1 BH1001\na:2:1 BH1001\na:4:1 BH1001\na:6:1 BH1001\n");
	/* "first" at or past the end: nothing is asked, nothing changes */
	calls = 0;
	bh_findings_keep(&l, 4, keep_even_lines, &calls);
	bh_findings_keep(&l, 99, keep_even_lines, &calls);
	assert_int_equal(calls, 0);
	assert_int_equal(l.n, 4);
	/* dropping everything from 1 on leaves the first */
	bh_findings_keep(&l, 1, keep_none, NULL);
	assert_string_equal(listing(&l, buf, sizeof(buf)), "a:1:1 BH1001\n");
	bh_findings_keep(&l, 0, keep_none, NULL);
	assert_int_equal(l.n, 0);
	bh_findings_free(&l);
}

static void take_moves_without_copies(void **state)
{
	(void)state;
	char buf[256];
	struct bh_findings dst = { 0 }, src = { 0 };

	/* into an empty list: src's array becomes dst's */
	add(&src, &r1001, "a", 1, 1, "m");
	add(&src, &r1001, "a", 2, 1, "m");
	const struct bh_finding *array = src.v;
	char *msg = src.v[1].message;
	assert_int_equal(bh_findings_take(&dst, &src), BH_OK);
	assert_ptr_equal(dst.v, array);
	assert_int_equal(dst.n, 2);
	assert_ptr_equal(dst.v[1].message, msg);
	assert_null(src.v);
	assert_int_equal(src.n, 0);
	assert_int_equal(src.cap, 0);

	/* onto a non-empty list: appended after it, strings not copied */
	add(&src, &r1011, "b", 7, 3, "n");
	msg = src.v[0].message;
	assert_int_equal(bh_findings_take(&dst, &src), BH_OK);
	assert_int_equal(dst.n, 3);
	assert_ptr_equal(dst.v[2].message, msg);
	assert_string_equal(listing(&dst, buf, sizeof(buf)),
			    "a:1:1 BH1001\na:2:1 BH1001\nb:7:3 BH1011\n");
	assert_null(src.v);

	/* many onto many: grows past both capacities */
	for (int i = 0; i < 300; i++)
		add(&src, &r1011, "c", i, 1, "n");
	assert_int_equal(bh_findings_take(&dst, &src), BH_OK);
	assert_int_equal(dst.n, 303);
	assert_true(dst.cap >= 303);
	assert_int_equal(dst.v[302].span.line, 299);
	assert_string_equal(dst.v[3].file, "c");

	/* an empty source (even one with an array) is freed, dst untouched */
	add(&src, &r1011, "d", 1, 1, "n");
	bh_findings_remove(&src, 0);
	assert_non_null(src.v);
	assert_int_equal(bh_findings_take(&dst, &src), BH_OK);
	assert_null(src.v);
	assert_int_equal(dst.n, 303);
	bh_findings_free(&dst);
}

static void sort_by_file_line_column_rule_message(void **state)
{
	(void)state;
	struct bh_findings l = { 0 };
	add(&l, &r1011, "b/Dockerfile", 1, 1, "m");
	add(&l, &r1011, "a/Dockerfile", 10, 1, "m");
	add(&l, &r1011, "a/Dockerfile", 9, 5, "m");
	add(&l, &r1011, "a/Dockerfile", 9, 2, "m");
	add(&l, &r1001, "a/Dockerfile", 9, 2, "m");
	add(&l, &r1001, "a/Dockerfile", 9, 2, "b second");
	add(&l, &r1001, "a/Dockerfile", 9, 2, "a first");
	add(&l, &r1001, NULL, 50, 1, "m"); /* no file sorts as "" */
	bh_findings_sort(&l);
	char buf[512];
	assert_string_equal(listing(&l, buf, sizeof(buf)),
			    "-:50:1 BH1001\n"
			    "a/Dockerfile:9:2 BH1001\n"
			    "a/Dockerfile:9:2 BH1001\n"
			    "a/Dockerfile:9:2 BH1001\n"
			    "a/Dockerfile:9:2 BH1011\n"
			    "a/Dockerfile:9:5 BH1011\n"
			    "a/Dockerfile:10:1 BH1011\n"
			    "b/Dockerfile:1:1 BH1011\n");
	assert_string_equal(l.v[1].message, "a first");
	assert_string_equal(l.v[2].message, "b second");
	assert_string_equal(l.v[3].message, "m");
	/* line 10 after line 9: numbers, not strings */
	assert_int_equal(l.v[6].span.line, 10);
	bh_findings_free(&l);

	/* zero and one finding */
	bh_findings_sort(&l);
	add(&l, &r1001, "x", 1, 1, "m");
	bh_findings_sort(&l);
	assert_int_equal(l.n, 1);
	bh_findings_free(&l);
}

/* Many findings, one path in several runs apart, many full ties: the
 * order is (file, line, column, rule, message), ties kept in the order
 * they were added (a stable sort), checked against a plain insertion
 * sort of the same keys. */
static void sort_stable_across_runs(void **state)
{
	(void)state;
	static const char *const files[] = { "b/x", "a/x", "c/x", "a/x" };
	static const char *const msgs[] = { "m", "n" };
	struct bh_findings l = { 0 };
	enum { N = 600 };
	int order[N];
	unsigned seed = 7;
	for (int i = 0; i < N; i++) {
		seed = seed * 1103515245u + 12345u;
		int fi = (i / 50) % 4;  /* runs of 50: "a/x" twice */
		int line = 1 + (int)((seed >> 16) % 4);
		int col = 1 + (int)((seed >> 20) % 2);
		const struct bh_rule *r = (seed >> 24) & 1 ? &r1001 : &r1011;
		add(&l, r, files[fi], line, col, msgs[(seed >> 25) & 1]);
		l.v[i].span.end_line = i;  /* its place when added */
		order[i] = i;
	}
	struct bh_finding copy[N];
	memcpy(copy, l.v, sizeof(copy));
	for (int i = 1; i < N; i++)
		for (int j = i; j > 0; j--) {
			const struct bh_finding *a = &copy[order[j - 1]],
						*b = &copy[order[j]];
			int c = strcmp(a->file, b->file);
			if (!c)
				c = a->span.line - b->span.line;
			if (!c)
				c = a->span.col - b->span.col;
			if (!c)
				c = strcmp(a->rule->id, b->rule->id);
			if (!c)
				c = strcmp(a->message, b->message);
			if (c <= 0)
				break;
			int t = order[j];
			order[j] = order[j - 1];
			order[j - 1] = t;
		}
	bh_findings_sort(&l);
	assert_int_equal(l.n, N);
	for (int i = 0; i < N; i++)
		assert_int_equal(l.v[i].span.end_line, order[i]);
	bh_findings_free(&l);
}

/* ---- the run's settings */

static void strlist_adds_copies_and_finds(void **state)
{
	(void)state;
	struct bh_strlist l = { 0 };
	assert_false(bh_strlist_has(&l, "a"));
	char s[] = "docker.io";
	assert_int_equal(bh_strlist_add(&l, s), BH_OK);
	s[0] = 'X';
	assert_int_equal(bh_strlist_add(&l, "ghcr.io"), BH_OK);
	assert_int_equal(l.n, 2);
	assert_true(bh_strlist_has(&l, "docker.io"));
	assert_true(bh_strlist_has(&l, "ghcr.io"));
	assert_false(bh_strlist_has(&l, "Xocker.io"));
	assert_false(bh_strlist_has(&l, "docker"));   /* whole strings only */
	assert_false(bh_strlist_has(&l, "DOCKER.IO")); /* and case matters */
	bh_strlist_free(&l);
	assert_null(l.v);
	assert_int_equal(l.n, 0);
	bh_strlist_free(&l); /* twice is harmless */
}

static void rule_enabled_by_ignore_enable_and_profile(void **state)
{
	(void)state;
	struct bh_config c;
	bh_config_init(&c);
	/* defaults: ordinary, baseline and restricted rules run;
	 * off-by-default ones do not */
	assert_true(bh_config_rule_enabled(&c, &r1001));
	assert_true(bh_config_rule_enabled(&c, &r3001));
	assert_false(bh_config_rule_enabled(&c, &r2021));
	assert_true(bh_config_rule_enabled(&c, &r3026));
	assert_int_equal(c.profile, BH_PROFILE_RESTRICTED);
	assert_false(c.no_inline_ignores);

	assert_int_equal(bh_strlist_add(&c.enabled, "BH2021"), BH_OK);
	assert_true(bh_config_rule_enabled(&c, &r2021));
	/* baseline turns the restricted-only rules off */
	c.profile = BH_PROFILE_BASELINE;
	assert_false(bh_config_rule_enabled(&c, &r3026));
	assert_true(bh_config_rule_enabled(&c, &r3001));
	c.profile = BH_PROFILE_RESTRICTED;
	assert_true(bh_config_rule_enabled(&c, &r3026));

	/* ignoring wins over enabling and over the profile */
	assert_int_equal(bh_strlist_add(&c.ignored, "BH2021"), BH_OK);
	assert_int_equal(bh_strlist_add(&c.ignored, "BH3026"), BH_OK);
	assert_int_equal(bh_strlist_add(&c.ignored, "BH1001"), BH_OK);
	assert_false(bh_config_rule_enabled(&c, &r2021));
	assert_false(bh_config_rule_enabled(&c, &r3026));
	assert_false(bh_config_rule_enabled(&c, &r1001));
	assert_true(bh_config_rule_enabled(&c, &r1011));
	bh_config_free(&c);
	assert_int_equal(c.ignored.n, 0);
	assert_int_equal(c.profile, BH_PROFILE_BASELINE);
}

static void severity_overrides_per_rule(void **state)
{
	(void)state;
	struct bh_config c;
	bh_config_init(&c);
	assert_int_equal(bh_config_severity(&c, &r1001), BH_SEV_HIGH);
	assert_int_equal(bh_config_override(&c, "BH1001", BH_SEV_INFO), BH_OK);
	assert_int_equal(bh_config_override(&c, "BH1011", BH_SEV_CRITICAL), BH_OK);
	assert_int_equal(c.noverrides, 2);
	assert_int_equal(bh_config_severity(&c, &r1001), BH_SEV_INFO);
	assert_int_equal(bh_config_severity(&c, &r1011), BH_SEV_CRITICAL);
	/* other rules keep their own */
	assert_int_equal(bh_config_severity(&c, &r3026), BH_SEV_LOW);
	bh_config_free(&c);
	assert_null(c.overrides);
	assert_int_equal(c.noverrides, 0);
}

static void registries_trusted_by_glob(void **state)
{
	(void)state;
	struct bh_config c;
	bh_config_init(&c);
	/* no list: every registry is trusted */
	assert_true(bh_config_registry_trusted(&c, "evil.example"));
	assert_true(bh_config_registry_trusted(&c, ""));
	assert_int_equal(bh_strlist_add(&c.trusted_registries, "docker.io"), BH_OK);
	assert_int_equal(bh_strlist_add(&c.trusted_registries, "*.gcr.io"), BH_OK);
	assert_true(bh_config_registry_trusted(&c, "docker.io"));
	assert_true(bh_config_registry_trusted(&c, "eu.gcr.io"));
	assert_false(bh_config_registry_trusted(&c, "gcr.io"));
	assert_false(bh_config_registry_trusted(&c, "docker.io.evil.example"));
	assert_false(bh_config_registry_trusted(&c, "ghcr.io"));
	assert_false(bh_config_registry_trusted(&c, ""));
	bh_config_free(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(severity_names_round_trip),
		cmocka_unit_test(add_copies_every_string),
		cmocka_unit_test(add_shares_the_path_of_a_file),
		cmocka_unit_test(add_grows_and_keeps_order),
		cmocka_unit_test(remove_shifts_the_tail),
		cmocka_unit_test(keep_filters_from_first_in_order),
		cmocka_unit_test(take_moves_without_copies),
		cmocka_unit_test(sort_by_file_line_column_rule_message),
		cmocka_unit_test(sort_stable_across_runs),
		cmocka_unit_test(strlist_adds_copies_and_finds),
		cmocka_unit_test(rule_enabled_by_ignore_enable_and_profile),
		cmocka_unit_test(severity_overrides_per_rule),
		cmocka_unit_test(registries_trusted_by_glob),
	};
	bh_ruleset_use(&bh_rules_all);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
