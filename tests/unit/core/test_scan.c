/* SPDX-License-Identifier: Apache-2.0
 *
 * test_scan.c - the pipeline's shared step (src/core/scan.c) and the rule
 * set interface (src/core/check.h): rules run through the installed set,
 * each file's pragmas drop only its own findings, a file named twice is
 * kept once, --disable-ignore-pragma keeps everything, hides survive an
 * ignored finding, a "# check=skip" directive applies, an input with no
 * pragma file (an image) keeps every finding; and a whole
 * Dockerfile input through its format with the real rule table.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "core/check.h"
#include "core/config.h"
#include "core/finding.h"
#include "core/formats.h"
#include "core/scan.h"
#include "rules/rule.h"
#include "util/diag.h"

/* A made-up rule set: rule A reports line 2 of "a" and of "b", rule B
 * line 3 of "a" and hides a value there. */
static void check_a(struct bh_check *c, const struct bh_rule *self);
static void check_b(struct bh_check *c, const struct bh_rule *self);

static const struct bh_rule fake[] = {
	{ .id = "BH9001", .severity = BH_SEV_HIGH, .practice = "p",
	  .target = BH_TARGET_DOCKERFILE, .title = "a", .check = check_a,
	  .other = "BuildKit:JSONArgsRecommended" },
	{ .id = "BH9002", .severity = BH_SEV_LOW, .practice = "p",
	  .target = BH_TARGET_DOCKERFILE, .title = "b", .check = check_b },
	{ .id = "BH9003", .severity = BH_SEV_LOW, .practice = "p",
	  .target = BH_TARGET_COMPOSE, .title = "c", .check = check_b },
};

static int runs;

static void add(struct bh_check *c, const struct bh_rule *r,
		const char *file, int line)
{
	struct bh_finding f = { .rule = r, .severity = r->severity,
				.file = (char *)file,
				.span = { line, 1, line, 2 }, .message = "m" };
	assert_int_equal(bh_findings_add(c->out, &f), BH_OK);
}

static void check_a(struct bh_check *c, const struct bh_rule *self)
{
	runs++;
	add(c, self, "a", 2);
	add(c, self, "b", 2);
}

static void check_b(struct bh_check *c, const struct bh_rule *self)
{
	runs++;
	add(c, self, "a", 3);
	assert_int_equal(bh_findings_hide(c->out, "a",
					  (struct bh_span){ 3, 5, 3, 9 },
					  "s3cr", 4), BH_OK);
}

static size_t fake_count(void)
{
	return sizeof(fake) / sizeof(fake[0]);
}

static const struct bh_rule *fake_at(size_t i)
{
	return i < fake_count() ? &fake[i] : NULL;
}

static size_t fake_resolve(const char *id, const struct bh_rule **out,
			   size_t max)
{
	for (size_t i = 0; i < fake_count() && max; i++)
		if (!strcmp(fake[i].id, id)) {
			out[0] = &fake[i];
			return 1;
		}
	return 0;
}

static bool fake_known(const char *id)
{
	(void)id;
	return false;
}

static void fake_run(struct bh_check *c, enum bh_target t)
{
	for (size_t i = 0; i < fake_count(); i++)
		if (fake[i].target == t)
			fake[i].check(c, &fake[i]);
}

static const struct bh_ruleset fake_set = {
	fake_count, fake_at, fake_resolve, fake_known, fake_run,
};

/* "file:line:id " for each finding, in list order. */
static const char *show(const struct bh_findings *l, char *buf, size_t n)
{
	size_t o = 0;
	buf[0] = 0;
	for (size_t i = 0; i < l->n && o < n; i++)
		o += (size_t)snprintf(buf + o, n - o, "%s:%d:%s ", l->v[i].file,
				      l->v[i].span.line, l->v[i].rule->id);
	return buf;
}

static int run(const struct bh_scan_unit *u, size_t n, bool no_pragmas,
	       struct bh_findings *out)
{
	struct bh_config cfg;
	bh_config_init(&cfg);
	cfg.no_inline_ignores = no_pragmas;
	struct bh_check c = { .file = "a", .config = &cfg };
	runs = 0;
	int rc = bh_scan_check(&c, BH_TARGET_DOCKERFILE, u, n, out, NULL);
	bh_config_free(&cfg);
	return rc;
}

static const char a_text[] = "FROM x\n# bulkhead ignore=BH9002\nRUN y\n";
static const char b_text[] = "FROM x\nRUN y\n";

static void test_empty_set_runs_nothing(void **state)
{
	(void)state;
	bh_ruleset_use(NULL);
	assert_int_equal(bh_ruleset()->count(), 0);
	assert_null(bh_ruleset()->at(0));
	struct bh_scan_unit u = { "a", a_text, strlen(a_text), NULL, NULL,
				  NULL, 0 };
	struct bh_findings out = { 0 };
	assert_int_equal(run(&u, 1, false, &out), BH_OK);
	assert_int_equal(out.n, 0);
	assert_int_equal(runs, 0);
	bh_findings_free(&out);
}

static void test_pragma_drops_own_file_only(void **state)
{
	(void)state;
	bh_ruleset_use(&fake_set);
	struct bh_scan_unit u[] = {
		{ "a", a_text, strlen(a_text), NULL, NULL, NULL, 0 },
		{ "b", b_text, strlen(b_text), NULL, NULL, NULL, 0 },
	};
	struct bh_findings out = { 0 };
	char buf[256];
	assert_int_equal(run(u, 2, false, &out), BH_OK);
	assert_int_equal(runs, 2);
	/* BH9002 on a:3 is under a's pragma; the hide stays */
	assert_string_equal(show(&out, buf, sizeof(buf)), "a:2:BH9001 b:2:BH9001 ");
	assert_int_equal(out.nhides, 1);
	assert_string_equal(out.hides[0].value, "s3cr");
	bh_findings_free(&out);
}

static void test_unit_named_twice_kept_once(void **state)
{
	(void)state;
	bh_ruleset_use(&fake_set);
	struct bh_scan_unit u[] = {
		{ "b", b_text, strlen(b_text), NULL, NULL, NULL, 0 },
		{ "b", b_text, strlen(b_text), NULL, NULL, NULL, 0 },
	};
	struct bh_findings out = { 0 };
	char buf[256];
	assert_int_equal(run(u, 2, false, &out), BH_OK);
	/* a is no unit of this input: its findings are not kept */
	assert_string_equal(show(&out, buf, sizeof(buf)), "b:2:BH9001 ");
	bh_findings_free(&out);
}

static void test_disable_pragmas_keeps_all(void **state)
{
	(void)state;
	bh_ruleset_use(&fake_set);
	struct bh_scan_unit u = { "a", a_text, strlen(a_text), NULL, NULL,
				  NULL, 0 };
	struct bh_findings out = { 0 };
	char buf[256];
	/* one file: every finding is taken as its own (moved, in order) */
	assert_int_equal(run(&u, 1, true, &out), BH_OK);
	assert_string_equal(show(&out, buf, sizeof(buf)),
			    "a:2:BH9001 b:2:BH9001 a:3:BH9002 ");
	bh_findings_free(&out);
}

static void test_check_directive_skips(void **state)
{
	(void)state;
	bh_ruleset_use(&fake_set);
	struct bh_scan_unit u = { "a", b_text, strlen(b_text), NULL, NULL,
				  "skip=JSONArgsRecommended", 1 };
	struct bh_findings out = { 0 };
	char buf[256];
	assert_int_equal(run(&u, 1, false, &out), BH_OK);
	assert_string_equal(show(&out, buf, sizeof(buf)), "a:3:BH9002 ");
	bh_findings_free(&out);
}

static void test_no_unit_keeps_all(void **state)
{
	(void)state;
	bh_ruleset_use(&fake_set);
	struct bh_findings out = { 0 };
	char buf[256];
	assert_int_equal(run(NULL, 0, false, &out), BH_OK);
	assert_string_equal(show(&out, buf, sizeof(buf)),
			    "a:2:BH9001 b:2:BH9001 a:3:BH9002 ");
	assert_int_equal(out.nhides, 1);
	bh_findings_free(&out);
}

/* The whole pipeline of one Dockerfile with the real rule table. */
static void test_dockerfile_input(void **state)
{
	(void)state;
	bh_ruleset_use(&bh_rules_all);
	const char *text = "FROM debian:12\nUSER root\n";
	char why[200];
	const struct bh_format *fmt = bh_format_detect("Dockerfile", text,
						       strlen(text), why,
						       sizeof(why));
	assert_non_null(fmt);
	assert_string_equal(fmt->name, "dockerfile");
	struct bh_config cfg;
	bh_config_init(&cfg);
	struct bh_findings out = { 0 };
	struct diag d;
	diag_init(&d, "Dockerfile");
	struct bh_input in = { "Dockerfile", NULL, text, strlen(text), true };
	struct bh_scan_ctx ctx = { &cfg, &out, &d, NULL, NULL, NULL, "", NULL };
	assert_int_equal(fmt->scan(&in, &ctx), BH_OK);
	bool root = false;
	for (size_t i = 0; i < out.n; i++)
		root = root || (!strcmp(out.v[i].rule->id, "BH1001") &&
				out.v[i].span.line == 2);
	assert_true(root);
	bh_findings_free(&out);
	bh_config_free(&cfg);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_empty_set_runs_nothing),
		cmocka_unit_test(test_pragma_drops_own_file_only),
		cmocka_unit_test(test_unit_named_twice_kept_once),
		cmocka_unit_test(test_disable_pragmas_keeps_all),
		cmocka_unit_test(test_check_directive_skips),
		cmocka_unit_test(test_no_unit_keeps_all),
		cmocka_unit_test(test_dockerfile_input),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
