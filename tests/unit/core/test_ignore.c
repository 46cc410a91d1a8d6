/* SPDX-License-Identifier: Apache-2.0
 *
 * test_ignore.c - src/core/ignore.c: inline ignore pragmas (which
 * findings each form drops: bulkhead, hadolint, Trivy, Checkov ids; next
 * instruction or whole file; how far "the next instruction" reaches; what
 * is not a pragma), pragmas in every peer spelling (and the warning an
 * unknown id gives, with file:line; ShellCheck codes accepted silently),
 * BuildKit's "# check=" directive (skip lists, all, error=true, bad
 * options), and the markers `bulkhead secrets` honours.  The rules are
 * the real table's, so peer ids map as they do in a scan.
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
	ignore_apply("Dockerfile", text, text ? strlen(text) : 0, &l, first,
		     unit_end, NULL, ctx, NULL);
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

/* The pre-pass (may_hold_pragma) looks at a comment's 'g' and 'k' bytes
 * and its line end, 16 bytes at a time: a pragma after comments full of
 * them, at every offset, and one ending the text without a newline, is
 * still read. */
static void pragma_found_at_every_offset(void **state)
{
	(void)state;
	char buf[512], text[512];
	const struct spec s[] = { { "BH1001", 4 } };
	for (int pad = 0; pad < 40; pad++) {
		int o = snprintf(text, sizeof(text), "FROM alpine:3.20\n# ");
		for (int k = 0; k < pad; k++)
			text[o++] = "gkikgsxk"[k % 8];
		snprintf(text + o, sizeof(text) - (size_t)o,
			 " skip ignor gn\n%*s# bulkhead ignore=BH1001\n"
			 "USER root\n", pad % 17, "");
		if (strcmp(APPLY(text, s, 0, NULL, NULL), ""))
			fail_msg("pad %d: %s", pad, text);
	}
	/* none: the findings stay */
	assert_string_equal(APPLY("FROM a\n# igno re sk ip= kg\nUSER root\n#"
				  "\n# ignore", s, 0, NULL, NULL), "4:BH1001 ");
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
	/* blanks around "=" and "," are allowed, as hadolint's parser
	 * allows them (Hadolint/Pragma.hs); a list of no id is not */
	assert_string_equal(APPLY("# bulkhead ignore= BH1001\nUSER root\n", s, 0, NULL, NULL),
			    "");
	assert_string_equal(APPLY("# bulkhead ignore = , \nUSER root\n", s, 0, NULL, NULL),
			    "2:BH1001 ");
	assert_string_equal(APPLY("# linter ignore=BH1001\nUSER root\n", s, 0, NULL, NULL),
			    "2:BH1001 ");
	assert_string_equal(APPLY("# bulkhead ignore BH1001\nUSER root\n", s, 0, NULL, NULL),
			    "2:BH1001 ");
	/* case matters in the keyword, not in the id (ids in any case) */
	assert_string_equal(APPLY("# Bulkhead ignore=BH1001\nUSER root\n", s, 0, NULL, NULL),
			    "2:BH1001 ");
	assert_string_equal(APPLY("# bulkhead ignore=bh1001\nUSER root\n", s, 0, NULL, NULL),
			    "");
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
	ignore_apply("Dockerfile", text, strlen(text), &l, 0, NULL, NULL, NULL, &w);
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
	ignore_apply("Dockerfile", text, strlen(text), &l, 0, NULL, NULL, NULL, &w);
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
		cmocka_unit_test(covers_the_next_instruction_only),
		cmocka_unit_test(skips_blank_and_comment_lines),
		cmocka_unit_test(pragma_found_at_every_offset),
		cmocka_unit_test(unit_end_extends_the_target),
		cmocka_unit_test(global_covers_the_file),
		cmocka_unit_test(peer_ids_and_lists),
		cmocka_unit_test(only_from_first_on),
		cmocka_unit_test(what_is_not_a_pragma),
		cmocka_unit_test(crlf_and_last_line),
		cmocka_unit_test(stacked_pragmas_share_a_target),
		cmocka_unit_test(pragma_spellings),
		cmocka_unit_test(unknown_id_warns),
		cmocka_unit_test(check_directive),
		cmocka_unit_test(secret_markers),
	};
	bh_ruleset_use(&bh_rules_all);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
