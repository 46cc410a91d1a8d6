/* SPDX-License-Identifier: Apache-2.0
 *
 * test_ignore.c - inline ignore pragmas (src/core/ignore.c): which
 * findings each form drops (bulkhead, hadolint, Trivy, Checkov ids; next
 * instruction or whole file), how far "the next instruction" reaches, and
 * what is not a pragma.  The rules are the real table's, so peer ids map
 * as they do in a scan.
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

#include "core/finding.h"
#include "core/ignore.h"
#include "rules/rule.h"
#include "util/diag.h"

/* One finding of rule "id" on "line" (column 1). */
struct spec {
	const char *id;
	int line;
};

/* Builds the findings, applies the pragmas of "text" from index "first"
 * on, and returns what is left as "line:id " items. */
static const char *apply(const char *text, const struct spec *s, size_t n,
			 size_t first, ignore_unit_end_fn unit_end, void *ctx,
			 char *buf, size_t size)
{
	struct bh_findings l = { 0 };
	for (size_t i = 0; i < n; i++) {
		const struct bh_rule *r = bh_rule_find(s[i].id);
		assert_non_null(r);
		struct bh_finding f = {
			.rule = r, .severity = r->severity, .file = "Dockerfile",
			.span = { s[i].line, 1, s[i].line, 2 }, .message = "m",
		};
		assert_int_equal(bh_findings_add(&l, &f), BH_OK);
	}
	ignore_apply(text, text ? strlen(text) : 0, &l, first, unit_end, ctx);
	size_t o = 0;
	buf[0] = 0;
	for (size_t i = 0; i < l.n && o < size; i++)
		o += (size_t)snprintf(buf + o, size - o, "%d:%s ",
				      l.v[i].span.line, l.v[i].rule->id);
	bh_findings_free(&l);
	return buf;
}

#define APPLY(text, specs, first, fn, ctx) \
	apply(text, specs, sizeof(specs) / sizeof(*(specs)), first, fn, ctx, \
	      buf, sizeof(buf))

static void covers_the_next_instruction_only(void **state)
{
	(void)state;
	char buf[512];
	const char *text =
		"FROM alpine:latest\n"            /* 1 */
		"# bulkhead ignore=BH1001\n"      /* 2 */
		"USER root\n"                     /* 3 */
		"USER root\n";                    /* 4 */
	const struct spec s[] = {
		{ "BH1011", 1 }, { "BH1001", 3 }, { "BH1011", 3 }, { "BH1001", 4 },
	};
	/* only BH1001 on line 3: not the other rule there, not line 4 */
	assert_string_equal(APPLY(text, s, 0, NULL, NULL),
			    "1:BH1011 3:BH1011 4:BH1001 ");
}

static void skips_blank_and_comment_lines(void **state)
{
	(void)state;
	char buf[512];
	const char *text =
		"FROM alpine:3.20\n"              /* 1 */
		"  # bulkhead ignore=BH1001\n"    /* 2 indented */
		"\n"                              /* 3 */
		"# a plain comment\n"             /* 4 */
		"\t \n"                           /* 5 */
		"USER root\n";                    /* 6 */
	const struct spec s[] = { { "BH1001", 6 } };
	assert_string_equal(APPLY(text, s, 0, NULL, NULL), "");
	/* the blank and comment lines themselves are not the target */
	const struct spec t[] = { { "BH1001", 3 }, { "BH1001", 4 } };
	assert_string_equal(APPLY(text, t, 0, NULL, NULL), "3:BH1001 4:BH1001 ");
}

/* A Dockerfile instruction with continuation lines ends 2 lines on. */
static int three_line_units(void *ctx, int line)
{
	int *calls = ctx;
	(*calls)++;
	return line + 2;
}

static void unit_end_extends_the_target(void **state)
{
	(void)state;
	char buf[512];
	const char *text =
		"FROM debian:12.7\n"                              /* 1 */
		"# hadolint ignore=DL3008\n"                      /* 2 */
		"RUN apt-get update && \\\n"                      /* 3 */
		"    apt-get install -y curl && \\\n"             /* 4 */
		"    rm -rf /var/lib/apt/lists/*\n"               /* 5 */
		"RUN apt-get install -y wget\n";                  /* 6 */
	const struct spec s[] = { { "BH1100", 4 }, { "BH1100", 6 } };
	int calls = 0;
	assert_string_equal(APPLY(text, s, 0, three_line_units, &calls),
			    "6:BH1100 ");
	assert_int_equal(calls, 1);
	/* without the callback only the first line of the unit is covered */
	assert_string_equal(APPLY(text, s, 0, NULL, NULL), "4:BH1100 6:BH1100 ");
}

static void global_covers_the_file(void **state)
{
	(void)state;
	char buf[512];
	const char *text =
		"# hadolint global ignore=DL3007\n"
		"FROM alpine:latest\n"
		"FROM alpine:latest AS b\n"
		"# bulkhead global ignore=BH1001  # reason\n"
		"USER root\n";
	const struct spec s[] = {
		{ "BH1011", 2 }, { "BH1011", 3 }, { "BH1001", 1 }, { "BH1001", 5 },
		{ "BH1012", 2 },
	};
	assert_string_equal(APPLY(text, s, 0, NULL, NULL), "2:BH1012 ");
}

static void peer_ids_and_lists(void **state)
{
	(void)state;
	char buf[512];
	const char *text =
		"FROM alpine:latest\n"                                  /* 1 */
		"# trivy:ignore:DS-0002\n"                              /* 2 */
		"USER root\n"                                           /* 3 */
		"# checkov:skip=CKV_DOCKER_3:the base sets a user\n"    /* 4 */
		"USER root\n"                                           /* 5 */
		"# bulkhead ignore=BH1011,DL3002 # both, one by peer\n" /* 6 */
		"FROM alpine:latest\n"                                  /* 7 */
		"# hadolint ignore=DL9999,BH9999\n"                     /* 8 */
		"USER root\n";                                          /* 9 */
	const struct spec s[] = {
		{ "BH1001", 3 }, { "BH1001", 5 }, { "BH1011", 7 }, { "BH1001", 7 },
		{ "BH1012", 7 }, { "BH1001", 9 },
	};
	/* unknown ids drop nothing */
	assert_string_equal(APPLY(text, s, 0, NULL, NULL), "7:BH1012 9:BH1001 ");
}

static void only_from_first_on(void **state)
{
	(void)state;
	char buf[512];
	const char *text = "# bulkhead global ignore=BH1011\nFROM alpine:latest\n";
	/* findings before "first" belong to other inputs: left alone */
	const struct spec s[] = { { "BH1011", 2 }, { "BH1011", 2 }, { "BH1011", 2 } };
	assert_string_equal(APPLY(text, s, 2, NULL, NULL), "2:BH1011 2:BH1011 ");
	assert_string_equal(APPLY(text, s, 3, NULL, NULL),
			    "2:BH1011 2:BH1011 2:BH1011 ");
}

static void what_is_not_a_pragma(void **state)
{
	(void)state;
	char buf[512];
	const struct spec s[] = { { "BH1001", 2 } };
	/* after an instruction, not on a comment line of its own */
	assert_string_equal(APPLY("FROM a:1 # bulkhead ignore=BH1001\nUSER root\n",
				  s, 0, NULL, NULL), "2:BH1001 ");
	/* an empty id list, another tool's word, a missing '=' */
	assert_string_equal(APPLY("# bulkhead ignore=\nUSER root\n", s, 0, NULL, NULL),
			    "2:BH1001 ");
	assert_string_equal(APPLY("# bulkhead ignore= BH1001\nUSER root\n", s, 0, NULL, NULL),
			    "2:BH1001 ");
	assert_string_equal(APPLY("# linter ignore=BH1001\nUSER root\n", s, 0, NULL, NULL),
			    "2:BH1001 ");
	assert_string_equal(APPLY("# bulkhead ignore BH1001\nUSER root\n", s, 0, NULL, NULL),
			    "2:BH1001 ");
	/* case matters in the keyword and in the id */
	assert_string_equal(APPLY("# Bulkhead ignore=BH1001\nUSER root\n", s, 0, NULL, NULL),
			    "2:BH1001 ");
	assert_string_equal(APPLY("# bulkhead ignore=bh1001\nUSER root\n", s, 0, NULL, NULL),
			    "2:BH1001 ");
	/* an id is matched whole: BH100 is not BH1001 */
	assert_string_equal(APPLY("# bulkhead ignore=BH100\nUSER root\n", s, 0, NULL, NULL),
			    "2:BH1001 ");
	/* no text at all */
	assert_string_equal(APPLY(NULL, s, 0, NULL, NULL), "2:BH1001 ");
}

static void crlf_and_last_line(void **state)
{
	(void)state;
	char buf[512];
	const struct spec s[] = { { "BH1001", 2 } };
	assert_string_equal(APPLY("# bulkhead ignore=BH1001\r\nUSER root\r\n",
				  s, 0, NULL, NULL), "");
	/* blank CRLF lines are blank too */
	const struct spec t[] = { { "BH1001", 3 } };
	assert_string_equal(APPLY("# bulkhead ignore=BH1001\r\n\r\nUSER root\r\n",
				  t, 0, NULL, NULL), "");
	/* a pragma on the last line covers nothing, and reads nothing past
	 * the text (ASan checks) */
	const struct spec u[] = { { "BH1001", 1 } };
	assert_string_equal(APPLY("USER root\n# bulkhead ignore=BH1001", u, 0, NULL, NULL),
			    "1:BH1001 ");
	assert_string_equal(APPLY("USER root\n# bulkhead ignore=BH1001\n", u, 0, NULL, NULL),
			    "1:BH1001 ");
}

static void stacked_pragmas_share_a_target(void **state)
{
	(void)state;
	char buf[512];
	const char *text =
		"FROM alpine:latest\n"        /* 1 */
		"# bulkhead ignore=BH1011\n"  /* 2 */
		"# bulkhead ignore=BH1012\n"  /* 3 */
		"FROM alpine:latest\n"        /* 4 */
		"FROM alpine:latest\n";       /* 5 */
	const struct spec s[] = {
		{ "BH1011", 4 }, { "BH1012", 4 }, { "BH1011", 5 }, { "BH1012", 5 },
	};
	assert_string_equal(APPLY(text, s, 0, NULL, NULL), "5:BH1011 5:BH1012 ");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(covers_the_next_instruction_only),
		cmocka_unit_test(skips_blank_and_comment_lines),
		cmocka_unit_test(unit_end_extends_the_target),
		cmocka_unit_test(global_covers_the_file),
		cmocka_unit_test(peer_ids_and_lists),
		cmocka_unit_test(only_from_first_on),
		cmocka_unit_test(what_is_not_a_pragma),
		cmocka_unit_test(crlf_and_last_line),
		cmocka_unit_test(stacked_pragmas_share_a_target),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
