/* SPDX-License-Identifier: Apache-2.0
 *
 * test_report.c - the report writers (text, JSON, SARIF) and the rule
 * catalogue outputs, on findings built by hand with static test rules.
 *
 * Outputs are compared with literal expected strings (text, JSON) or
 * checked field by field after parsing (SARIF).  Run with
 * `meson test -C <build> report`.  With BH_SARIF_SAMPLE=<path> set, the
 * program also writes a sample SARIF run there for tests/suites/sarif.sh.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "core/finding.h"
#include "report/writer.h"
#include "rules/rule.h"
#include "util/diag.h"

static const struct bh_rule rule_root = {
	.id = "BH9001",
	.severity = BH_SEV_HIGH,
	.practice = "non-root-user",
	.target = BH_TARGET_DOCKERFILE,
	.title = "Final stage runs as root",
	.why = "A root process in the container is root on the host after a breakout.",
	.fix = "Add USER 10001 after the last install step.",
	.hadolint = "DL3002",
};

static const struct bh_rule rule_img = {
	.id = "BH9401",
	.severity = BH_SEV_CRITICAL,
	.practice = "no-secrets-in-image",
	.target = BH_TARGET_IMAGE,
	.title = "Secret in image layer",
	.why = "Anyone who can pull the image can read it.",
	.fix = "Use a BuildKit secret mount.",
};

/* Runs writer "name" over "run" into a heap string (caller frees). */
static char *render(const char *name, const struct rpt_run *run, int *rc)
{
	const struct rpt_writer *w = rpt_writer_find(name);
	assert_non_null(w);
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	assert_non_null(f);
	*rc = w->write(run, f);
	fclose(f);
	return buf;
}

static struct bh_finding mk(const struct bh_rule *r, const char *file,
			    int line, int col, int end_col, const char *msg,
			    const char *snippet)
{
	struct bh_finding f = {
		.rule = r,
		.severity = r->severity,
		.file = (char *)file,
		.span = { line, col, line ? line : 0, end_col },
		.message = (char *)msg,
		.snippet = (char *)snippet,
	};
	return f;
}

/* Two Dockerfile findings and one image finding. */
static void sample(struct bh_findings *list)
{
	struct bh_finding a = mk(&rule_root, "app/Dockerfile", 2, 1, 10,
				 "final stage runs as root", "USER root");
	struct bh_finding b = mk(&rule_root, "app/Dockerfile", 3, 3, 0,
				 "again", "\tUSER 0");
	b.severity = BH_SEV_MEDIUM;
	b.fix = (char *)"Use USER 10001.";
	struct bh_finding c = mk(&rule_img, "img.tar", 0, 0, 0,
				 "AWS key in /app/.env", NULL);
	c.layer_digest = (char *)"sha256:abc";
	c.created_by = (char *)"COPY . /app";
	assert_int_equal(bh_findings_add(list, &a), 0);
	assert_int_equal(bh_findings_add(list, &b), 0);
	assert_int_equal(bh_findings_add(list, &c), 0);
}

static void writer_lookup(void **state)
{
	(void)state;
	assert_non_null(rpt_writer_find("text"));
	assert_non_null(rpt_writer_find("json"));
	assert_non_null(rpt_writer_find("sarif"));
	assert_null(rpt_writer_find("xml"));
	assert_null(rpt_writer_find(NULL));
	assert_string_equal(rpt_writer_find("json")->name, "json");
}

static void text_findings(void **state)
{
	(void)state;
	struct bh_findings list = { 0 };
	sample(&list);
	struct rpt_input_error err = { "bad.yaml",
				       "bad.yaml:4:2: mapping values are not allowed" };
	struct rpt_run run = { .findings = &list, .files_scanned = 3,
			       .errors = &err, .nerrors = 1, .command = "scan" };
	int rc;
	char *s = render("text", &run, &rc);
	assert_int_equal(rc, 0);
	assert_string_equal(s,
		"app/Dockerfile:2:1: high BH9001 final stage runs as root\n"
		"  USER root\n"
		"  ^~~~~~~~~\n"
		"  fix: Add USER 10001 after the last install step.\n"
		"\n"
		"app/Dockerfile:3:3: medium BH9001 again\n"
		"  \tUSER 0\n"
		"  \t ^\n"
		"  fix: Use USER 10001.\n"
		"\n"
		"img.tar: critical BH9401 AWS key in /app/.env\n"
		"  layer: sha256:abc\n"
		"  created by: COPY . /app\n"
		"  fix: Use a BuildKit secret mount.\n"
		"\n"
		"error: bad.yaml:4:2: mapping values are not allowed\n"
		"\n"
		"3 findings (1 critical, 1 high, 1 medium) in 3 files, 1 input error\n");
	free(s);
	bh_findings_free(&list);
}

static void text_empty_and_color(void **state)
{
	(void)state;
	struct bh_findings list = { 0 };
	struct rpt_run run = { .findings = &list, .files_scanned = 1 };
	int rc;
	char *s = render("text", &run, &rc);
	assert_int_equal(rc, 0);
	assert_string_equal(s, "no findings in 1 file\n");
	free(s);

	struct bh_finding a = mk(&rule_root, "D", 1, 1, 0, "m", "USER root");
	assert_int_equal(bh_findings_add(&list, &a), 0);
	s = render("text", &run, &rc);
	assert_null(strchr(s, '\033'));
	assert_non_null(strstr(s, "1 finding (1 high) in 1 file\n"));
	free(s);
	run.color = true;
	s = render("text", &run, &rc);
	assert_non_null(strstr(s, "\033[31mhigh\033[0m"));
	free(s);
	bh_findings_free(&list);
}

/* Hostile bytes in messages and snippets never reach the terminal raw. */
static void text_strips_control_bytes(void **state)
{
	(void)state;
	struct bh_findings list = { 0 };
	struct bh_finding a = mk(&rule_root, "x\033]0;evil\007", 1, 5, 99,
				 "msg\033[2J", "RUN \033[31mred");
	assert_int_equal(bh_findings_add(&list, &a), 0);
	struct rpt_run run = { .findings = &list, .files_scanned = 1 };
	int rc;
	char *s = render("text", &run, &rc);
	assert_null(strchr(s, '\033'));
	assert_null(strchr(s, '\007'));
	assert_non_null(strstr(s, "x?]0;evil?:1:5: high BH9001 msg?[2J\n"));
	/* caret clamped to the end of the snippet */
	assert_non_null(strstr(s, "  RUN ?[31mred\n      ^~~~~~~~\n"));
	free(s);
	bh_findings_free(&list);
}

static void json_findings(void **state)
{
	(void)state;
	struct bh_findings list = { 0 };
	sample(&list);
	struct rpt_input_error err = { "bad.yaml", "bad.yaml:4:2: oops" };
	struct rpt_run run = { .findings = &list, .files_scanned = 3,
			       .errors = &err, .nerrors = 1 };
	int rc;
	char *s = render("json", &run, &rc);
	assert_int_equal(rc, 0);
	assert_string_equal(s,
		"{\n"
		"  \"version\": \"" BH_VERSION "\",\n"
		"  \"findings\": [\n"
		"    {\n"
		"      \"rule_id\": \"BH9001\",\n"
		"      \"severity\": \"high\",\n"
		"      \"practice\": \"non-root-user\",\n"
		"      \"file\": \"app/Dockerfile\",\n"
		"      \"line\": 2,\n"
		"      \"column\": 1,\n"
		"      \"end_line\": 2,\n"
		"      \"end_column\": 10,\n"
		"      \"message\": \"final stage runs as root\",\n"
		"      \"fix\": \"Add USER 10001 after the last install step.\",\n"
		"      \"title\": \"Final stage runs as root\"\n"
		"    },\n"
		"    {\n"
		"      \"rule_id\": \"BH9001\",\n"
		"      \"severity\": \"medium\",\n"
		"      \"practice\": \"non-root-user\",\n"
		"      \"file\": \"app/Dockerfile\",\n"
		"      \"line\": 3,\n"
		"      \"column\": 3,\n"
		"      \"end_line\": 3,\n"
		"      \"end_column\": 0,\n"
		"      \"message\": \"again\",\n"
		"      \"fix\": \"Use USER 10001.\",\n"
		"      \"title\": \"Final stage runs as root\"\n"
		"    },\n"
		"    {\n"
		"      \"rule_id\": \"BH9401\",\n"
		"      \"severity\": \"critical\",\n"
		"      \"practice\": \"no-secrets-in-image\",\n"
		"      \"file\": \"img.tar\",\n"
		"      \"line\": 0,\n"
		"      \"column\": 0,\n"
		"      \"end_line\": 0,\n"
		"      \"end_column\": 0,\n"
		"      \"message\": \"AWS key in /app/.env\",\n"
		"      \"fix\": \"Use a BuildKit secret mount.\",\n"
		"      \"title\": \"Secret in image layer\",\n"
		"      \"layer_digest\": \"sha256:abc\",\n"
		"      \"created_by\": \"COPY . /app\"\n"
		"    }\n"
		"  ],\n"
		"  \"summary\": {\n"
		"    \"files_scanned\": 3,\n"
		"    \"findings\": 3,\n"
		"    \"by_severity\": {\n"
		"      \"critical\": 1,\n"
		"      \"high\": 1,\n"
		"      \"medium\": 1,\n"
		"      \"low\": 0,\n"
		"      \"info\": 0\n"
		"    },\n"
		"    \"errors\": [\n"
		"      {\n"
		"        \"file\": \"bad.yaml\",\n"
		"        \"message\": \"bad.yaml:4:2: oops\"\n"
		"      }\n"
		"    ]\n"
		"  }\n"
		"}\n");
	free(s);
	bh_findings_free(&list);
}

/* Invalid UTF-8 in input is replaced, never makes the writer fail. */
static void json_invalid_utf8(void **state)
{
	(void)state;
	struct bh_findings list = { 0 };
	struct bh_finding a = mk(&rule_root, "caf\xe9/Dockerfile", 1, 1, 0,
				 "bad \xff\xfe byte \xc3\xa9", NULL);
	assert_int_equal(bh_findings_add(&list, &a), 0);
	struct rpt_run run = { .findings = &list, .files_scanned = 1 };
	int rc;
	char *s = render("json", &run, &rc);
	assert_int_equal(rc, 0);
	json_error_t e;
	json_t *root = json_loads(s, 0, &e);
	assert_non_null(root);
	json_t *f = json_array_get(json_object_get(root, "findings"), 0);
	assert_string_equal(json_string_value(json_object_get(f, "file")),
			    "caf\xef\xbf\xbd/Dockerfile");
	assert_string_equal(json_string_value(json_object_get(f, "message")),
			    "bad \xef\xbf\xbd\xef\xbf\xbd byte \xc3\xa9");
	json_decref(root);
	free(s);
	bh_findings_free(&list);
}

static void json_empty(void **state)
{
	(void)state;
	struct rpt_run run = { .findings = NULL, .files_scanned = 0 };
	int rc;
	char *s = render("json", &run, &rc);
	assert_int_equal(rc, 0);
	json_t *root = json_loads(s, 0, NULL);
	assert_non_null(root);
	assert_int_equal(json_array_size(json_object_get(root, "findings")), 0);
	json_t *sum = json_object_get(root, "summary");
	assert_int_equal(json_integer_value(json_object_get(sum, "findings")), 0);
	assert_int_equal(json_array_size(json_object_get(sum, "errors")), 0);
	json_decref(root);
	free(s);
}

/* A stream that cannot be written is BH_EIO, not a silent success. */
static void write_error_is_reported(void **state)
{
	(void)state;
	FILE *f = fopen("/dev/full", "w");
	if (!f)
		skip();
	struct bh_findings list = { 0 };
	sample(&list);
	struct rpt_run run = { .findings = &list, .files_scanned = 1 };
	assert_int_equal(rpt_writer_find("text")->write(&run, f), BH_EIO);
	assert_int_equal(rpt_writer_find("json")->write(&run, f), BH_EIO);
	fclose(f);
	bh_findings_free(&list);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(writer_lookup),
		cmocka_unit_test(text_findings),
		cmocka_unit_test(text_empty_and_color),
		cmocka_unit_test(text_strips_control_bytes),
		cmocka_unit_test(json_findings),
		cmocka_unit_test(json_invalid_utf8),
		cmocka_unit_test(json_empty),
		cmocka_unit_test(write_error_is_reported),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
