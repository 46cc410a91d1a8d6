/* SPDX-License-Identifier: Apache-2.0
 *
 * test_report.c - the report writers (text, JSON, SARIF, HTML) and the rule
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

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "core/finding.h"
#include "report/mask.h"
#include "report/rpt_util.h"
#include "report/rules_doc.h"
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

static const struct bh_rule rule_secret = {
	.id = "BH9200",
	.severity = BH_SEV_CRITICAL,
	.practice = "no-secrets-in-image",
	.target = BH_TARGET_DOCKERFILE,
	.title = "Secret value in ENV",
	.why = "Image config is readable by anyone who pulls the image.",
	.fix = "Use a secret mount.",
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
	assert_non_null(rpt_writer_find("html"));
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
	/* file and message escaped as stderr lines are (diag_escape) */
	assert_non_null(strstr(s, "x\\x1b]0;evil\\x07:1:5: high BH9001 msg\\x1b[2J\n"));
	/* the excerpt: one '?' a byte, so the caret keeps its column; caret
	 * clamped to the end of the snippet */
	assert_non_null(strstr(s, "  RUN ?[31mred\n      ^~~~~~~~\n"));
	free(s);
	bh_findings_free(&list);
}

/* Bytes that are not UTF-8 and C1 controls: \xHH in names and messages,
 * as on stderr, '?' a byte in excerpts; valid UTF-8 as it is */
static void text_escapes_non_utf8(void **state)
{
	(void)state;
	struct bh_findings list = { 0 };
	struct bh_finding a = mk(&rule_root, "d\xff/caf\xc3\xa9\xc2\x9b", 1, 5,
				 99, "m\xe9 \xe2\x82", "RUN \xfe\xc2\x9bx\tcaf\xc3\xa9");
	assert_int_equal(bh_findings_add(&list, &a), 0);
	struct rpt_run run = { .findings = &list, .files_scanned = 1 };
	int rc;
	char *s = render("text", &run, &rc);
	assert_non_null(strstr(s, "d\\xff/caf\xc3\xa9\\x9b:1:5: high BH9001 m\\xe9 \\xe2\\x82\n"));
	assert_non_null(strstr(s, "  RUN ???x\tcaf\xc3\xa9\n"));
	assert_null(strchr(s, '\xff'));
	assert_null(strchr(s, '\xfe'));
	free(s);
	bh_findings_free(&list);
	/* diag_escape: the same rule, never cut inside a character */
	char buf[16];
	diag_escape(buf, sizeof(buf), "a\xff\xc3\xa9\xf0\x9f\x94\x92\xed\xa0\x80");
	assert_string_equal(buf, "a\\xff\xc3\xa9\xf0\x9f\x94\x92\\xed");
	diag_escape(buf, 8, "ab\xc3\xa9\xc3\xa9\xc3\xa9");
	assert_string_equal(buf, "ab\xc3\xa9\xc3\xa9");
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
		"    \"files_skipped\": 0,\n"
		"    \"skipped\": {},\n"
		"    \"files_unreadable\": 0,\n"
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

/* The JSON writer's string encoder: the same bytes as jansson for valid
 * UTF-8, U+FFFD per invalid byte, and always parseable. */
static void json_quote_matches_jansson(void **state)
{
	(void)state;
	const char *valid[] = {
		"", "plain", "q\"uote\\back/slash", "\b\f\n\r\t\x01\x1f\x7f",
		"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x90\xb3", "ends with \\",
	};
	for (size_t i = 0; i < sizeof(valid) / sizeof(valid[0]); i++) {
		struct strbuf sb = STRBUF_INIT;
		rpt_json_quote(&sb, valid[i]);
		json_t *j = json_string(valid[i]);
		char *ref = json_dumps(j, JSON_ENCODE_ANY);
		assert_string_equal(strbuf_str(&sb), ref);
		free(ref);
		json_decref(j);
		strbuf_free(&sb);
	}
	/* each special byte at every offset of a long plain run: the
	 * 16-byte scan stops at it wherever it falls */
	const char *specials[] = { "\"", "\\", "\n", "\x01", "\x7f",
				   "caf\xc3\xa9", "\xf0\x9f\x90\xb3" };
	for (size_t k = 0; k < sizeof(specials) / sizeof(specials[0]); k++)
		for (size_t at = 0; at <= 40; at++) {
			char in[64];
			memset(in, 'a', 40);
			in[40] = 0;
			size_t sl = strlen(specials[k]);
			memmove(in + at + sl, in + at, 41 - at);
			memcpy(in + at, specials[k], sl);
			struct strbuf sb = STRBUF_INIT;
			rpt_json_quote(&sb, in);
			json_t *j = json_string(in);
			char *ref = json_dumps(j, JSON_ENCODE_ANY);
			assert_string_equal(strbuf_str(&sb), ref);
			free(ref);
			json_decref(j);
			strbuf_free(&sb);
		}
	const struct { const char *in, *out; } bad[] = {
		{ "a\xff" "b", "a\xef\xbf\xbd" "b" },
		{ "\xc3", "\xef\xbf\xbd" },                       /* truncated */
		{ "\xe2\x82", "\xef\xbf\xbd\xef\xbf\xbd" },
		{ "\xc0\xaf", "\xef\xbf\xbd\xef\xbf\xbd" },         /* overlong */
		{ "\xed\xa0\x80", "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd" }, /* surrogate */
		{ "\xf4\x90\x80\x80x", "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbdx" },
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct strbuf sb = STRBUF_INIT;
		rpt_json_quote(&sb, bad[i].in);
		json_error_t e;
		json_t *j = json_loads(strbuf_str(&sb), JSON_DECODE_ANY, &e);
		assert_non_null(j);
		assert_string_equal(json_string_value(j), bad[i].out);
		json_decref(j);
		strbuf_free(&sb);
	}
	struct strbuf sb = STRBUF_INIT;
	rpt_json_quote(&sb, NULL);
	assert_string_equal(strbuf_str(&sb), "\"\"");
	strbuf_free(&sb);
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

static json_t *render_sarif(const struct rpt_run *run)
{
	int rc;
	char *s = render("sarif", run, &rc);
	assert_int_equal(rc, 0);
	json_error_t e;
	json_t *root = json_loads(s, 0, &e);
	assert_non_null(root);
	free(s);
	return root;
}

static const char *jstr(json_t *o, const char *path)
{
	json_t *v = json_object_get(o, path);
	assert_non_null(v);
	assert_true(json_is_string(v));
	return json_string_value(v);
}

static void sarif_log(void **state)
{
	(void)state;
	struct bh_findings list = { 0 };
	sample(&list);
	struct rpt_run run = { .findings = &list, .files_scanned = 2 };
	json_t *root = render_sarif(&run);
	assert_string_equal(jstr(root, "version"), "2.1.0");
	assert_non_null(strstr(jstr(root, "$schema"), "sarif-2.1.0"));
	json_t *runs = json_object_get(root, "runs");
	assert_int_equal(json_array_size(runs), 1);
	json_t *r = json_array_get(runs, 0);
	json_t *drv = json_object_get(json_object_get(r, "tool"), "driver");
	assert_string_equal(jstr(drv, "name"), "bulkhead");
	assert_string_equal(jstr(drv, "semanticVersion"), BH_VERSION);
	/* every table rule, then the two test rules */
	size_t ntab = bh_rule_count();
	json_t *rules = json_object_get(drv, "rules");
	assert_int_equal(json_array_size(rules), ntab + 2);
	size_t ncis = 0;
	for (size_t i = 0; i < ntab; i++) {
		const struct bh_rule *tr = bh_rule_at(i);
		json_t *tp = json_object_get(json_array_get(rules, i), "properties");
		assert_string_equal(jstr(json_array_get(rules, i), "id"), tr->id);
		/* a CIS number always travels with its benchmark version */
		if (tr->cis && *tr->cis) {
			ncis++;
			assert_string_equal(jstr(tp, "cis"), tr->cis);
			assert_string_equal(jstr(tp, "cis_version"), "1.7.0");
		} else {
			assert_null(json_object_get(tp, "cis"));
			assert_null(json_object_get(tp, "cis_version"));
		}
	}
	assert_true(ncis > 0);
	json_t *d = json_array_get(rules, ntab);
	assert_string_equal(jstr(d, "id"), "BH9001");
	assert_string_equal(jstr(d, "name"), "FinalStageRunsAsRoot");
	assert_string_equal(jstr(json_object_get(d, "shortDescription"), "text"),
			    "Final stage runs as root");
	assert_string_equal(jstr(json_object_get(d, "help"), "text"),
			    rule_root.fix);
	assert_non_null(strstr(jstr(d, "helpUri"), "rules.md#bh9001"));
	assert_string_equal(jstr(json_object_get(d, "defaultConfiguration"),
				 "level"), "error");
	json_t *props = json_object_get(d, "properties");
	assert_string_equal(jstr(props, "security-severity"), "7.0");
	assert_string_equal(json_string_value(json_array_get(
		json_object_get(props, "tags"), 1)), "non-root-user");
	assert_string_equal(jstr(json_object_get(json_array_get(rules, ntab + 1),
						 "properties"), "security-severity"),
			    "9.5");

	json_t *res = json_object_get(r, "results");
	assert_int_equal(json_array_size(res), 3);
	json_t *a = json_array_get(res, 0);
	assert_string_equal(jstr(a, "ruleId"), "BH9001");
	assert_int_equal(json_integer_value(json_object_get(a, "ruleIndex")), ntab);
	assert_string_equal(jstr(a, "level"), "error");
	assert_string_equal(jstr(json_object_get(a, "message"), "text"),
			    "final stage runs as root");
	json_t *phys = json_object_get(json_array_get(
		json_object_get(a, "locations"), 0), "physicalLocation");
	json_t *art = json_object_get(phys, "artifactLocation");
	assert_string_equal(jstr(art, "uri"), "app/Dockerfile");
	assert_string_equal(jstr(art, "uriBaseId"), "%SRCROOT%");
	json_t *reg = json_object_get(phys, "region");
	assert_int_equal(json_integer_value(json_object_get(reg, "startLine")), 2);
	assert_int_equal(json_integer_value(json_object_get(reg, "startColumn")), 1);
	assert_int_equal(json_integer_value(json_object_get(reg, "endLine")), 2);
	assert_int_equal(json_integer_value(json_object_get(reg, "endColumn")), 10);
	const char *fp = jstr(json_object_get(a, "partialFingerprints"),
			      "primaryLocationLineHash");
	assert_int_equal(strlen(fp), 18);
	assert_string_equal(fp + 16, ":1");
	/* medium -> warning; no endColumn when it is unknown */
	json_t *b = json_array_get(res, 1);
	assert_string_equal(jstr(b, "level"), "warning");
	reg = json_object_get(json_object_get(json_array_get(
		json_object_get(b, "locations"), 0), "physicalLocation"), "region");
	assert_null(json_object_get(reg, "endColumn"));
	assert_string_equal(jstr(json_object_get(b, "properties"), "severity"),
			    "medium");
	/* image finding: the artifact with region startLine 1 (GitHub wants
	 * a region on every result), index of the second test rule */
	json_t *c = json_array_get(res, 2);
	assert_int_equal(json_integer_value(json_object_get(c, "ruleIndex")),
			 ntab + 1);
	phys = json_object_get(json_array_get(json_object_get(c, "locations"), 0),
			       "physicalLocation");
	reg = json_object_get(phys, "region");
	assert_int_equal(json_integer_value(json_object_get(reg, "startLine")), 1);
	assert_int_equal(json_object_size(reg), 1);
	assert_string_equal(jstr(json_object_get(phys, "artifactLocation"), "uri"),
			    "img.tar");
	assert_string_equal(jstr(json_object_get(c, "properties"), "layer_digest"),
			    "sha256:abc");

	json_t *inv = json_array_get(json_object_get(r, "invocations"), 0);
	assert_true(json_is_true(json_object_get(inv, "executionSuccessful")));
	assert_null(json_object_get(inv, "toolExecutionNotifications"));
	assert_non_null(json_object_get(json_object_get(r, "originalUriBaseIds"),
					"%SRCROOT%"));
	json_decref(root);
	bh_findings_free(&list);
}

/* Same rule, file and (trimmed) line: occurrence numbers 1, 2; another
 * line: a different hash.  Hashes are stable across runs. */
static void sarif_fingerprints(void **state)
{
	(void)state;
	struct bh_findings list = { 0 };
	struct bh_finding a = mk(&rule_root, "D", 1, 1, 0, "m", "RUN x");
	struct bh_finding b = mk(&rule_root, "D", 7, 3, 0, "m", "  RUN x  ");
	struct bh_finding c = mk(&rule_root, "D", 9, 1, 0, "m", "RUN y");
	struct bh_finding d = mk(&rule_root, "E", 1, 1, 0, "m", "RUN x");
	assert_int_equal(bh_findings_add(&list, &a), 0);
	assert_int_equal(bh_findings_add(&list, &b), 0);
	assert_int_equal(bh_findings_add(&list, &c), 0);
	assert_int_equal(bh_findings_add(&list, &d), 0);
	struct rpt_run run = { .findings = &list, .files_scanned = 2 };
	json_t *root = render_sarif(&run);
	json_t *res = json_object_get(json_array_get(json_object_get(root, "runs"), 0),
				      "results");
	const char *h[4];
	for (size_t i = 0; i < 4; i++)
		h[i] = jstr(json_object_get(json_array_get(res, i),
					    "partialFingerprints"),
			    "primaryLocationLineHash");
	assert_memory_equal(h[0], h[1], 16);
	assert_string_equal(h[0] + 16, ":1");
	assert_string_equal(h[1] + 16, ":2");
	assert_memory_not_equal(h[0], h[2], 16);
	assert_memory_not_equal(h[0], h[3], 16);
	assert_string_equal(h[2] + 16, ":1");
	json_t *again = render_sarif(&run);
	json_t *res2 = json_object_get(json_array_get(json_object_get(again, "runs"), 0),
				       "results");
	assert_string_equal(h[2], jstr(json_object_get(json_array_get(res2, 2),
						       "partialFingerprints"),
				       "primaryLocationLineHash"));
	json_decref(again);
	json_decref(root);
	bh_findings_free(&list);
}

/* URIs: relative paths %-encoded under %SRCROOT%, absolute ones file://;
 * a whole-file Dockerfile finding points at line 1; input errors become
 * notifications and executionSuccessful false. */
static void sarif_uris_and_errors(void **state)
{
	(void)state;
	struct bh_findings list = { 0 };
	struct bh_finding a = mk(&rule_root, "./my dir/Dockerfile#1", 0, 0, 0,
				 "no USER", NULL);
	struct bh_finding b = mk(&rule_root, "/abs/caf\xc3\xa9/Dockerfile", 3, 0, 0,
				 "m", NULL);
	assert_int_equal(bh_findings_add(&list, &a), 0);
	assert_int_equal(bh_findings_add(&list, &b), 0);
	struct rpt_input_error err = { "bad.yaml", "bad.yaml:1:1: nope" };
	struct rpt_run run = { .findings = &list, .files_scanned = 3,
			       .errors = &err, .nerrors = 1 };
	json_t *root = render_sarif(&run);
	json_t *r = json_array_get(json_object_get(root, "runs"), 0);
	json_t *res = json_object_get(r, "results");
	json_t *pa = json_object_get(json_array_get(json_object_get(
		json_array_get(res, 0), "locations"), 0), "physicalLocation");
	json_t *art = json_object_get(pa, "artifactLocation");
	assert_string_equal(jstr(art, "uri"), "my%20dir/Dockerfile%231");
	json_t *reg = json_object_get(pa, "region");
	assert_int_equal(json_integer_value(json_object_get(reg, "startLine")), 1);
	assert_null(json_object_get(reg, "startColumn"));
	json_t *pb = json_object_get(json_array_get(json_object_get(
		json_array_get(res, 1), "locations"), 0), "physicalLocation");
	art = json_object_get(pb, "artifactLocation");
	assert_string_equal(jstr(art, "uri"), "file:///abs/caf%C3%A9/Dockerfile");
	assert_null(json_object_get(art, "uriBaseId"));
	json_t *inv = json_array_get(json_object_get(r, "invocations"), 0);
	assert_true(json_is_false(json_object_get(inv, "executionSuccessful")));
	json_t *n = json_array_get(json_object_get(inv, "toolExecutionNotifications"), 0);
	assert_string_equal(jstr(n, "level"), "error");
	assert_string_equal(jstr(json_object_get(n, "message"), "text"),
			    "bad.yaml:1:1: nope");
	json_decref(root);

	/* every result has an artifact and a region with startLine >= 1 */
	run.command = "image";
	root = render_sarif(&run);
	res = json_object_get(json_array_get(json_object_get(root, "runs"), 0),
			      "results");
	for (size_t i = 0; i < json_array_size(res); i++) {
		json_t *p = json_object_get(json_array_get(json_object_get(
			json_array_get(res, i), "locations"), 0), "physicalLocation");
		assert_non_null(json_object_get(p, "artifactLocation"));
		assert_true(json_integer_value(json_object_get(
			json_object_get(p, "region"), "startLine")) >= 1);
	}
	json_decref(root);

	/* a run's own rule rows (`bulkhead secrets`) replace the table */
	struct bh_rule rows[2] = {
		{ .id = "generic-secret", .severity = BH_SEV_MEDIUM,
		  .practice = "no-secrets-in-image", .target = BH_TARGET_FILE,
		  .title = "Generic secret", .why = "w", .fix = "f" },
		{ .id = "jwt", .severity = BH_SEV_MEDIUM,
		  .practice = "no-secrets-in-image", .target = BH_TARGET_FILE,
		  .title = "JSON web token", .why = "w", .fix = "f" },
	};
	struct bh_findings one = { 0 };
	struct bh_finding jf = { .rule = &rows[1], .severity = BH_SEV_MEDIUM,
				 .file = "a.txt", .span = { 2, 3, 2, 9 },
				 .message = "JSON web token" };
	assert_int_equal(bh_findings_add(&one, &jf), 0);
	struct rpt_run srun = { .findings = &one, .files_scanned = 1,
				.command = "secrets", .rules = rows, .nrules = 2 };
	root = render_sarif(&srun);
	json_t *run0 = json_array_get(json_object_get(root, "runs"), 0);
	json_t *drules = json_object_get(json_object_get(json_object_get(run0,
		"tool"), "driver"), "rules");
	assert_int_equal(json_array_size(drules), 2);
	assert_string_equal(jstr(json_array_get(drules, 0), "id"), "generic-secret");
	assert_non_null(strstr(jstr(json_array_get(drules, 1), "helpUri"),
			       "docs/secrets.md"));
	json_t *r0 = json_array_get(json_object_get(run0, "results"), 0);
	assert_int_equal(json_integer_value(json_object_get(r0, "ruleIndex")), 1);
	json_decref(root);
	bh_findings_free(&one);
	bh_findings_free(&list);
}

/* With BH_SARIF_SAMPLE=<path>, also writes a sample log there for the
 * validator suite (tests/suites/sarif.sh); otherwise just renders it. */
static void sarif_sample(void **state)
{
	(void)state;
	struct bh_findings list = { 0 };
	sample(&list);
	struct bh_finding d = mk(&rule_root, "svc/Dockerfile", 0, 0, 0,
				 "no USER instruction", NULL);
	assert_int_equal(bh_findings_add(&list, &d), 0);
	struct rpt_input_error err = { "bad.yaml", "bad.yaml:4:2: oops" };
	struct rpt_run run = { .findings = &list, .files_scanned = 4,
			       .errors = &err, .nerrors = 1 };
	const char *path = getenv("BH_SARIF_SAMPLE");
	FILE *f = path && *path ? fopen(path, "w") : fopen("/dev/null", "w");
	assert_non_null(f);
	assert_int_equal(rpt_writer_find("sarif")->write(&run, f), 0);
	assert_int_equal(fclose(f), 0);
	bh_findings_free(&list);
}

/* Spans the writers never expect still give sane output: no region with
 * startLine < 1, no caret past the snippet, no crash. */
static void odd_spans(void **state)
{
	(void)state;
	struct bh_findings list = { 0 };
	struct bh_finding a = mk(&rule_root, "D", -5, -5, -5, "neg", "RUN x");
	a.span.end_line = -5;
	struct bh_finding b = mk(&rule_root, "D", INT_MAX, INT_MAX, INT_MAX, "big", "RUN y");
	b.span.end_line = INT_MIN;
	struct bh_finding c = mk(&rule_root, "D", 4, 3, 1, "backwards", "RUN z");
	c.span.end_line = 2;
	assert_int_equal(bh_findings_add(&list, &a), 0);
	assert_int_equal(bh_findings_add(&list, &b), 0);
	assert_int_equal(bh_findings_add(&list, &c), 0);
	struct rpt_run run = { .findings = &list, .files_scanned = 1 };
	int rc;
	char *s = render("text", &run, &rc);
	assert_int_equal(rc, 0);
	assert_non_null(strstr(s, "D: high BH9001 neg\n  fix:"));
	assert_non_null(strstr(s, "  RUN y\n       ^\n"));
	assert_non_null(strstr(s, "  RUN z\n    ^\n"));
	free(s);
	json_t *root = render_sarif(&run);
	json_t *res = json_object_get(json_array_get(json_object_get(root, "runs"), 0),
				      "results");
	for (size_t i = 0; i < 3; i++) {
		json_t *reg = json_object_get(json_object_get(json_array_get(
			json_object_get(json_array_get(res, i), "locations"), 0),
			"physicalLocation"), "region");
		assert_true(json_integer_value(json_object_get(reg, "startLine")) >= 1);
		json_t *el = json_object_get(reg, "endLine");
		if (el)
			assert_true(json_integer_value(el) >=
				    json_integer_value(json_object_get(reg, "startLine")));
		json_t *ec = json_object_get(reg, "endColumn");
		if (ec && (!el || json_integer_value(el) ==
			   json_integer_value(json_object_get(reg, "startLine"))))
			assert_true(json_integer_value(ec) >=
				    json_integer_value(json_object_get(reg, "startColumn")));
	}
	json_decref(root);
	bh_findings_free(&list);
}

/* Writers print what the report step (mask.h) left: after it, no format
 * echoes the secret, the excerpt keeps its byte length (so the caret is
 * where it was) and SARIF carries no snippet. */
static void secrets_not_echoed(void **state)
{
	(void)state;
	const char *tok = "ghp_R8d2kQ7xLmP4vN9sT3wY6zB1cF5hJ0aE2gK4";
	char line[128];
	snprintf(line, sizeof(line), "ENV TOKEN=%s # x", tok);
	struct bh_findings list = { 0 };
	struct bh_finding a = mk(&rule_secret, "Dockerfile", 3, 11,
				 11 + (int)strlen(tok), "ENV TOKEN holds a secret (ghp_****)",
				 line);
	struct bh_finding b = mk(&rule_root, "Dockerfile", 3, 0, 0,
				 "no column", line);
	assert_int_equal(bh_findings_add(&list, &a), 0);
	assert_int_equal(bh_findings_add(&list, &b), 0);
	assert_int_equal(rpt_mask_findings(&list), 0);
	struct rpt_run run = { .findings = &list, .files_scanned = 1 };
	const char *fmts[] = { "text", "json", "sarif", "html" };
	for (size_t i = 0; i < 4; i++) {
		int rc;
		char *s = render(fmts[i], &run, &rc);
		assert_int_equal(rc, 0);
		assert_null(strstr(s, "R8d2kQ7x"));
		assert_null(strstr(s, "0aE2gK4"));
		if (i == 0) {
			char want[200];
			snprintf(want, sizeof(want),
				 "  ENV TOKEN=ghp_%.*s # x\n"
				 "            ^~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~\n",
				 (int)strlen(tok) - 4,
				 "************************************************");
			assert_non_null(strstr(s, want));
			/* any finding on that line shows it masked */
			snprintf(want, sizeof(want),
				 "Dockerfile:3: high BH9001 no column\n"
				 "  ENV TOKEN=ghp_%.*s # x\n  fix:",
				 (int)strlen(tok) - 4,
				 "************************************************");
			assert_non_null(strstr(s, want));
		}
		free(s);
	}
	bh_findings_free(&list);
}

/* The caret under a column after wide and combining characters: one
 * column per narrow character, two per CJK or emoji, none per combining
 * mark; '~' as wide as the span. */
static void text_caret_display_width(void **state)
{
	(void)state;
	struct bh_findings list = { 0 };
	/* "é日🔑e\u0301 tok": tok at byte 2+3+4+1+2+1 = 13 -> col 14 */
	const char *line = "\xc3\xa9\xe6\x97\xa5\xf0\x9f\x94\x91" "e\xcc\x81 tok";
	struct bh_finding a = mk(&rule_root, "D", 1, 14, 17, "m", line);
	struct bh_finding b = mk(&rule_root, "D", 2, 3, 10, "wide span", line);
	b.span.line = b.span.end_line = 2;
	assert_int_equal(bh_findings_add(&list, &a), 0);
	assert_int_equal(bh_findings_add(&list, &b), 0);
	struct rpt_run run = { .findings = &list, .files_scanned = 1 };
	int rc;
	char *s = render("text", &run, &rc);
	assert_int_equal(rc, 0);
	/* é 1 + 日 2 + 🔑 2 + é 1 + space 1 = 7 columns before "tok" */
	assert_non_null(strstr(s, "\n         ^~~\n"));
	/* a span over 日🔑 (bytes 2..8, cols 3..10): caret and '~' four columns wide */
	assert_non_null(strstr(s, "\n   ^~~~\n"));
	free(s);
	bh_findings_free(&list);
}

/* SARIF declares utf16CodeUnits and converts byte columns with the
 * source line: a 2- or 3-byte character is one unit, a 4-byte one two. */
static void sarif_utf16_columns(void **state)
{
	(void)state;
	struct bh_findings list = { 0 };
	/* "é日🔑 tok": tok at byte 2+3+4+1 = 10 -> byte col 11, end 14;
	 * in UTF-16 units: 1+1+2+1 = 5 -> col 6, end 9 */
	const char *line = "\xc3\xa9\xe6\x97\xa5\xf0\x9f\x94\x91 tok";
	struct bh_finding a = mk(&rule_root, "D", 1, 11, 14, "m", line);
	/* past the known text (no snippet): bytes count one unit each */
	struct bh_finding b = mk(&rule_root, "D", 2, 7, 9, "m", NULL);
	/* a span ending on a later line: no endColumn */
	struct bh_finding c = mk(&rule_root, "D", 3, 2, 4, "m", "abc");
	c.span.end_line = 5;
	assert_int_equal(bh_findings_add(&list, &a), 0);
	assert_int_equal(bh_findings_add(&list, &b), 0);
	assert_int_equal(bh_findings_add(&list, &c), 0);
	struct rpt_run run = { .findings = &list, .files_scanned = 1 };
	json_t *root = render_sarif(&run);
	json_t *r = json_array_get(json_object_get(root, "runs"), 0);
	assert_string_equal(jstr(r, "columnKind"), "utf16CodeUnits");
	json_t *res = json_object_get(r, "results");
	int want[3][2] = { { 6, 9 }, { 7, 9 }, { 2, -1 } };
	for (size_t i = 0; i < 3; i++) {
		json_t *reg = json_object_get(json_object_get(json_array_get(
			json_object_get(json_array_get(res, i), "locations"), 0),
			"physicalLocation"), "region");
		assert_int_equal(json_integer_value(json_object_get(reg, "startColumn")),
				 want[i][0]);
		json_t *ec = json_object_get(reg, "endColumn");
		if (want[i][1] < 0)
			assert_null(ec);
		else
			assert_int_equal(json_integer_value(ec), want[i][1]);
	}
	json_decref(root);
	bh_findings_free(&list);
}

/* Renders the rule catalogue in "format" into a heap string. */
static char *render_doc(const char *format, int *rc)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	assert_non_null(f);
	*rc = rules_doc_write(f, format);
	fclose(f);
	return buf;
}

/* Every table rule appears, in table order, in each rendering. */
static void rules_doc_formats(void **state)
{
	(void)state;
	int rc;
	size_t n = bh_rule_count();
	char *s = render_doc("json", &rc);
	assert_int_equal(rc, 0);
	json_t *arr = json_loads(s, 0, NULL);
	assert_true(json_is_array(arr));
	assert_int_equal(json_array_size(arr), n);
	for (size_t i = 0; i < n; i++) {
		json_t *o = json_array_get(arr, i);
		const struct bh_rule *r = bh_rule_at(i);
		assert_string_equal(jstr(o, "id"), r->id);
		assert_string_equal(jstr(o, "practice"), r->practice);
		assert_string_equal(jstr(o, "severity"), bh_severity_name(r->severity));
		assert_string_equal(jstr(o, "title"), r->title);
		json_t *cis = json_object_get(json_object_get(o, "peers"), "cis");
		if (r->cis && *r->cis) {
			assert_string_equal(json_string_value(cis), r->cis);
			assert_string_equal(jstr(o, "cis_version"), "1.7.0");
		} else {
			assert_null(cis);
			assert_null(json_object_get(o, "cis_version"));
		}
	}
	json_decref(arr);
	free(s);

	/* the socket rule: v1.7.0 numbers it 5.32 (v1.2.0 said 5.31); it
	 * serves Compose and running containers, with a fix for each */
	s = render_doc("markdown", &rc);
	assert_int_equal(rc, 0);
	const char *sock = strstr(s, "\n## BH2030\n");
	assert_non_null(sock);
	const char *peer = strstr(sock, "- Peers: ");
	assert_non_null(peer);
	assert_true(strncmp(peer, "- Peers: CIS Docker Benchmark v1.7.0 5.32;",
			    strlen("- Peers: CIS Docker Benchmark v1.7.0 5.32;")) == 0);
	const char *applies = strstr(sock, "- Applies to: ");
	assert_non_null(applies);
	assert_true(applies < peer);
	assert_true(strncmp(applies, "- Applies to: Docker Compose; Running "
			    "containers (docker/podman inspect)\n",
			    strlen("- Applies to: Docker Compose; Running "
				   "containers (docker/podman inspect)\n")) == 0);
	const char *fix2 = strstr(sock, "\n**Fix (runtime):** Do not mount it");
	const char *next = strstr(sock + 1, "\n## ");
	assert_non_null(fix2);
	assert_true(!next || fix2 < next);
	assert_null(strstr(s, "; CIS 4."));
	free(s);

	s = render_doc("markdown", &rc);
	assert_int_equal(rc, 0);
	assert_true(strncmp(s, "<!-- Generated by", 17) == 0);
	assert_non_null(strstr(s, "| id | severity | practice | target | fix | title |\n"));
	const char *prev = s;
	size_t fixable = 0;
	for (size_t i = 0; i < n; i++) {
		char head[64], link[64];
		const struct bh_rule *r = bh_rule_at(i);
		snprintf(head, sizeof(head), "\n## %s\n", r->id);
		snprintf(link, sizeof(link), "| [%s](#", r->id);
		const char *row = strstr(s, link);
		assert_non_null(row);
		/* the fix column (after the 4th " | ") says yes exactly when the row
		 * has a fix function, and so does the rule's section */
		const char *cell = row;
		for (int k = 0; k < 4 && cell; k++)
			cell = strstr(cell + 1, " | ");
		assert_non_null(cell);
		const char *eol = strchr(row, '\n');
		assert_true(cell < eol);
		bool yes = strncmp(cell, " | yes | ", 9) == 0;
		assert_int_equal(yes, r->fix_fn != NULL);
		const char *h = strstr(s, head);
		assert_non_null(h);
		assert_true(h > prev);
		const char *end = strstr(h + 1, "\n## ");
		const char *fx = strstr(h, "\n- Fixable: by `bulkhead fix`");
		assert_int_equal(fx && (!end || fx < end), r->fix_fn != NULL);
		fixable += r->fix_fn != NULL;
		prev = h;
	}
	assert_true(fixable > 0 && fixable < n);
	free(s);

	s = render_doc("text", &rc);
	assert_int_equal(rc, 0);
	assert_true(strncmp(s, "ID ", 3) == 0);
	char last[32];
	snprintf(last, sizeof(last), "\n%zu rule%s\n", n, n == 1 ? "" : "s");
	assert_non_null(strstr(s, last));
	for (size_t i = 0; i < n; i++)
		assert_non_null(strstr(s, bh_rule_at(i)->id));
	free(s);

	s = render_doc("yaml", &rc);
	assert_int_equal(rc, BH_EUSAGE);
	free(s);
	assert_false(rules_doc_format_known(NULL));
	assert_true(rules_doc_format_known("markdown"));
}

static size_t count_of(const char *s, const char *what)
{
	size_t n = 0;
	for (const char *p = s; (p = strstr(p, what)); p += strlen(what))
		n++;
	return n;
}

/* HTML: every input-derived string escaped (file name, message, excerpt,
 * fix, image history, input errors), control bytes and invalid UTF-8
 * made harmless, one row per finding, grouped by file in name order,
 * the span marked in the excerpt, no external reference. */
static void html_findings(void **state)
{
	(void)state;
	struct bh_findings list = { 0 };
	sample(&list);
	struct bh_finding d = mk(&rule_secret, "x<script>\"&'/Dockerfile", 1, 5,
				 8, "msg <b>&amp;\x01\xff", "RUN <i>\"x\" &");
	d.fix = (char *)"fix <img src=x onerror=alert(1)>";
	assert_int_equal(bh_findings_add(&list, &d), 0);
	struct rpt_input_error err = { "e<", "e<:1:1: bad \"input\"" };
	struct rpt_run run = { .findings = &list, .files_scanned = 3,
			       .errors = &err, .nerrors = 1,
			       .command = "image", .target = "a&b.tar" };
	int rc;
	char *s = render("html", &run, &rc);
	assert_int_equal(rc, 0);
	assert_true(strncmp(s, "<!DOCTYPE html>\n", 16) == 0);
	assert_non_null(strstr(s, "</html>\n"));
	assert_int_equal(count_of(s, "<tr class=\"finding\""), 4);
	assert_int_equal(count_of(s, "<section class=\"file\""), 3);
	assert_int_equal(count_of(s, "<script>"), 1);
	assert_null(strstr(s, "<script>\""));
	assert_null(strstr(s, "<b>"));
	assert_null(strstr(s, "<i>"));
	assert_null(strstr(s, "<img"));
	assert_null(strstr(s, " src=\""));
	assert_null(strstr(s, "href=\"h"));
	assert_null(strstr(s, "http:"));
	assert_null(strstr(s, "https:"));
	assert_null(strstr(s, "\x01"));
	assert_null(strstr(s, "\xff"));
	assert_non_null(strstr(s, "<h1>bulkhead image <code>a&amp;b.tar</code></h1>"));
	assert_non_null(strstr(s, "x&lt;script&gt;&quot;&amp;&#39;/Dockerfile <span"));
	assert_non_null(strstr(s, "<div class=\"msg\">msg &lt;b&gt;&amp;amp;?\xef\xbf\xbd</div>"));
	assert_non_null(strstr(s, "<pre class=\"excerpt\">RUN <mark>&lt;i&gt;</mark>&quot;x&quot; &amp;</pre>"));
	assert_non_null(strstr(s, "fix: fix &lt;img src=x onerror=alert(1)&gt;</div>"));
	assert_non_null(strstr(s, "<li>e&lt;:1:1: bad &quot;input&quot;</li>"));
	assert_non_null(strstr(s, "created by: <code>COPY . /app</code>"));
	assert_non_null(strstr(s, "<td class=\"loc\">-</td>"));
	assert_non_null(strstr(s, "4 findings (2 critical, 1 high, 1 medium), 1 input error</p>"));
	/* files in name order: app/Dockerfile, img.tar, x<script>... */
	const char *a = strstr(s, "<h2>app/Dockerfile"), *b = strstr(s, "<h2>img.tar"),
		   *c = strstr(s, "<h2>x&lt;script");
	assert_true(a && b && c && a < b && b < c);
	assert_non_null(strstr(s, "<form id=\"filters\" hidden>"));
	free(s);
	bh_findings_free(&list);

	struct bh_findings none = { 0 };
	struct rpt_run empty = { .findings = &none, .files_scanned = 2 };
	s = render("html", &empty, &rc);
	assert_int_equal(rc, 0);
	assert_int_equal(count_of(s, "<tr class=\"finding\""), 0);
	assert_non_null(strstr(s, "<p id=\"summary\">No findings in 2 files</p>"));
	assert_non_null(strstr(s, "<p id=\"none\">No findings.</p>"));
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
	assert_int_equal(rpt_writer_find("sarif")->write(&run, f), BH_EIO);
	assert_int_equal(rpt_writer_find("html")->write(&run, f), BH_EIO);
	assert_int_equal(rules_doc_write(f, "markdown"), BH_EIO);
	assert_int_equal(rules_doc_write(f, "json"), BH_EIO);
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
		cmocka_unit_test(text_escapes_non_utf8),
		cmocka_unit_test(json_findings),
		cmocka_unit_test(json_quote_matches_jansson),
		cmocka_unit_test(json_invalid_utf8),
		cmocka_unit_test(json_empty),
		cmocka_unit_test(sarif_log),
		cmocka_unit_test(sarif_fingerprints),
		cmocka_unit_test(sarif_uris_and_errors),
		cmocka_unit_test(sarif_sample),
		cmocka_unit_test(odd_spans),
		cmocka_unit_test(secrets_not_echoed),
		cmocka_unit_test(text_caret_display_width),
		cmocka_unit_test(sarif_utf16_columns),
		cmocka_unit_test(rules_doc_formats),
		cmocka_unit_test(html_findings),
		cmocka_unit_test(write_error_is_reported),
	};
	bh_ruleset_use(&bh_rules_all);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
