/* SPDX-License-Identifier: Apache-2.0
 *
 * test_mask.c - the report step that hides secret values
 * (src/report/mask.c), on findings and hides built by hand: what the
 * engine finds in any finding's texts, hides that cover an excerpt line
 * (also multi-line ones, also of findings no longer in the list), the
 * literal values of hides in messages and history lines, point vs hide
 * spans, and that a second pass changes nothing; rpt_mask_file() on a
 * whole file (`bulkhead explain`'s examples, name/value pairs too);
 * rpt_mask_message() on one text (`fix`'s notes); a long line held whole by
 * the list, masked once in place, and the excerpt window cut from it
 * (rpt_excerpt); the sieve of many literal values.
 *
 * Test tokens are assembled at run time, so this file holds nothing that
 * looks like a live secret to other scanners.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/finding.h"
#include "report/mask.h"
#include "report/rpt_util.h"
#include "rules/rule.h"

static const struct bh_rule rule_any = {
	.id = "BH9053",
	.severity = BH_SEV_INFO,
	.practice = "dockerfile-style",
	.target = BH_TARGET_DOCKERFILE,
	.title = "Not a secret rule",
	.why = "w",
	.fix = "f",
};

static struct bh_span sp(int line, int col, int end_line, int end_col)
{
	struct bh_span s = { line, col, end_line, end_col };
	return s;
}

static void add(struct bh_findings *l, const char *file, int line, int col,
		const char *msg, const char *snippet)
{
	struct bh_finding f = {
		.rule = &rule_any,
		.file = (char *)file,
		.span = sp(line, col, line, col + 1),
		.message = (char *)msg,
		.snippet = (char *)snippet,
	};
	assert_int_equal(bh_findings_add(l, &f), 0);
}

static const char *gh_token(void)
{
	static char t[64];
	snprintf(t, sizeof(t), "%s%s", "gh" "p_", "R8d2kQ7xLmP4vN9sT3wY6zB1cF5hJ0aE2gK4");
	return t;
}

/* A non-secret finding on a line holding a token: its excerpt is masked
 * by the engine, with no hide and no secret rule in the run. */
static void engine_on_any_finding(void **state)
{
	(void)state;
	struct bh_findings l = { 0 };
	char line[128];
	snprintf(line, sizeof(line), "ENV API_TOKEN %s", gh_token());
	add(&l, "Dockerfile", 2, 1, "legacy ENV form", line);
	assert_int_equal(rpt_mask_findings(&l), 0);
	assert_string_equal(l.v[0].snippet,
			    "ENV API_TOKEN ghp_************************************");
	bh_findings_free(&l);
}

/* A short value known only by a hide (the secret rule was ignored, or its
 * finding dropped): masked in every excerpt of that line, not on others,
 * not in another file. */
static void hides_cover_their_line(void **state)
{
	(void)state;
	struct bh_findings l = { 0 };
	add(&l, "Dockerfile", 2, 1, "m", "ENV DB_PASSWORD Xq7");
	add(&l, "Dockerfile", 3, 1, "m", "ENV OTHER Xq7x");
	add(&l, "other/Dockerfile", 2, 1, "m", "ENV DB_PASSWORD Xq7");
	assert_int_equal(bh_findings_hide(&l, "Dockerfile", sp(2, 17, 2, 20),
					  NULL, 0), 0);
	assert_int_equal(rpt_mask_findings(&l), 0);
	assert_string_equal(l.v[0].snippet, "ENV DB_PASSWORD ***");
	assert_string_equal(l.v[1].snippet, "ENV OTHER Xq7x");
	assert_string_equal(l.v[2].snippet, "ENV DB_PASSWORD Xq7");
	bh_findings_free(&l);
}

/* One text repeated by many findings is masked once (mask.c's seen
 * set), and the verdict is per file and line: the same excerpt on a line
 * without the hide, or in another file, stays as it is, each time. */
static void repeated_texts(void **state)
{
	(void)state;
	struct bh_findings l = { 0 };
	for (int k = 0; k < 3; k++) {
		add(&l, "Dockerfile", 2, 1 + k, "m", "ENV DB_PASSWORD Xq7");
		add(&l, "Dockerfile", 4, 1 + k, "m", "ENV DB_PASSWORD Xq7");
		add(&l, "other/Dockerfile", 2, 1 + k, "m", "ENV DB_PASSWORD Xq7");
	}
	assert_int_equal(bh_findings_hide(&l, "Dockerfile", sp(2, 17, 2, 20),
					  NULL, 0), 0);
	assert_int_equal(rpt_mask_findings(&l), 0);
	for (size_t i = 0; i < l.n; i++) {
		bool hidden = !strcmp(l.v[i].file, "Dockerfile") &&
			      l.v[i].span.line == 2;
		assert_string_equal(l.v[i].snippet, hidden
				    ? "ENV DB_PASSWORD ***"
				    : "ENV DB_PASSWORD Xq7");
	}
	bh_findings_free(&l);
}

/* A finding pointing at a key whose value is the hide: the key stays
 * readable, the value goes (the old masker starred the key instead). */
static void point_at_key_hide_value(void **state)
{
	(void)state;
	struct bh_findings l = { 0 };
	struct bh_finding f = {
		.rule = &rule_any,
		.file = (char *)"compose.yaml",
		.span = sp(5, 7, 5, 15),
		.hide = sp(5, 18, 5, 34),
		.message = (char *)"environment password holds a literal secret (****)",
		.snippet = (char *)"      password: \"Wq8#kP2vLm9xRt4z\"",
	};
	assert_int_equal(bh_findings_add(&l, &f), 0);
	assert_int_equal(bh_findings_hide(&l, f.file, f.hide, "Wq8#kP2vLm9xRt4z",
					  16), 0);
	assert_int_equal(rpt_mask_findings(&l), 0);
	assert_string_equal(l.v[0].snippet, "      password: \"****************\"");
	assert_int_equal(l.v[0].span.col, 7);
	bh_findings_free(&l);
}

/* A hide over several lines (a private key block, a YAML block scalar):
 * its first line from its column, the lines inside from their first
 * non-blank byte, its last line up to its end column; only the first
 * line may keep a prefix. */
static void multi_line_hides(void **state)
{
	(void)state;
	struct bh_findings l = { 0 };
	add(&l, "s.yaml", 4, 3, "m", "  key: |");
	add(&l, "s.yaml", 5, 3, "m", "    c2VjcmV0MTIzNDU2Nzg5");
	add(&l, "s.yaml", 6, 3, "m", "    QUJDREVGR0g= tail");
	add(&l, "s.yaml", 7, 3, "m", "    not hidden");
	assert_int_equal(bh_findings_hide(&l, "s.yaml", sp(4, 8, 6, 17), NULL,
					  0), 0);
	assert_int_equal(rpt_mask_findings(&l), 0);
	assert_string_equal(l.v[0].snippet, "  key: *");
	/* no prefix kept inside a hide: it would show part of the value */
	assert_string_equal(l.v[1].snippet, "    ********************");
	assert_string_equal(l.v[2].snippet, "    ************ tail");
	assert_string_equal(l.v[3].snippet, "    not hidden");
	bh_findings_free(&l);
}

/* Hides whose span reaches back many lines are still found (the index
 * looks back as far as the file's longest hide). */
static void many_hides(void **state)
{
	(void)state;
	struct bh_findings l = { 0 };
	char buf[64];
	for (int i = 1; i <= 300; i++) {
		snprintf(buf, sizeof(buf), "L%03d secret", i);
		add(&l, "f", i, 1, "m", buf);
		assert_int_equal(bh_findings_hide(&l, "f", sp(i, 6, i, 12), NULL,
						  0), 0);
	}
	assert_int_equal(bh_findings_hide(&l, "f", sp(10, 1, 250, 5), NULL, 0),
			 0);
	assert_int_equal(rpt_mask_findings(&l), 0);
	assert_string_equal(l.v[0].snippet, "L001 ******");
	assert_string_equal(l.v[99].snippet, "***********");
	assert_string_equal(l.v[249].snippet, "**** ******");
	assert_string_equal(l.v[250].snippet, "L251 ******");
	bh_findings_free(&l);
}

/* A value a check knows is secret (image Env, a history build arg) is
 * hidden in messages and history lines of every finding of that file,
 * and two secrets in one message both go. */
static void literal_values_in_texts(void **state)
{
	(void)state;
	struct bh_findings l = { 0 };
	struct bh_finding f = {
		.rule = &rule_any,
		.file = (char *)"app.tar",
		.message = (char *)"image config User \"svc\"; DB_PW k3Y9 and kq2 set",
		.created_by = (char *)"|2 DB_PW=k3Y9 T=kq2 /bin/sh -c make",
		.fix = (char *)"rotate k3Y9",
	};
	assert_int_equal(bh_findings_add(&l, &f), 0);
	assert_int_equal(bh_findings_hide(&l, "app.tar", sp(0, 0, 0, 0), "k3Y9",
					  4), 0);
	assert_int_equal(bh_findings_hide(&l, "app.tar", sp(0, 0, 0, 0), "kq2",
					  3), 0);
	assert_int_equal(bh_findings_hide(&l, "other.tar", sp(0, 0, 0, 0), "svc",
					  3), 0);
	assert_int_equal(rpt_mask_findings(&l), 0);
	assert_string_equal(l.v[0].message,
			    "image config User \"svc\"; DB_PW **** and **** set");
	assert_string_equal(l.v[0].created_by,
			    "|2 DB_PW=**** T=**** /bin/sh -c make");
	assert_string_equal(l.v[0].fix, "rotate ****");
	bh_findings_free(&l);
}

/* rpt_mask_message(): a text printed beside the findings (`fix`'s note
 * on a refused edit) masked as a finding's message of its file: the
 * engine's finds, and the literal hide values of that file only. */
static void message_as_finding(void **state)
{
	(void)state;
	struct bh_findings l = { 0 };
	assert_int_equal(bh_findings_hide(&l, "compose.yaml", sp(0, 0, 0, 0),
					  "k3Y9", 4), 0);
	assert_int_equal(bh_findings_hide(&l, "other.yaml", sp(0, 0, 0, 0),
					  "kq2Z", 4), 0);
	char note[256];
	snprintf(note, sizeof(note), "service \"%s\" or k3Y9, kq2Z: anchor "
		 "&x", gh_token());
	struct strbuf sb = STRBUF_INIT;
	assert_int_equal(rpt_mask_message(&l, "compose.yaml", note, &sb), 0);
	assert_string_equal(sb.buf, "service \"gh" "p_****\" or ****, kq2Z: "
			    "anchor &x");
	strbuf_free(&sb);
	/* no list: the engine alone; a clean text unchanged */
	assert_int_equal(rpt_mask_message(NULL, "compose.yaml", note, &sb), 0);
	assert_string_equal(sb.buf, "service \"gh" "p_****\" or k3Y9, kq2Z: "
			    "anchor &x");
	strbuf_free(&sb);
	assert_int_equal(rpt_mask_message(&l, "x", "its keys all come", &sb), 0);
	assert_string_equal(sb.buf, "its keys all come");
	strbuf_free(&sb);
	bh_findings_free(&l);
}

/* URLs lose their password in messages whatever the rule. */
static void url_in_message(void **state)
{
	(void)state;
	struct bh_findings l = { 0 };
	add(&l, "Dockerfile", 3, 9,
	    "git clone of https://bob:Tk9xQ2mPz7@git.corp.net/a.git without a tag",
	    NULL);
	assert_int_equal(rpt_mask_findings(&l), 0);
	assert_string_equal(l.v[0].message,
			    "git clone of https://bob:****@git.corp.net/a.git without a tag");
	bh_findings_free(&l);
}

/* A second pass finds nothing more: the texts stay as they are. */
static void twice_is_once(void **state)
{
	(void)state;
	struct bh_findings l = { 0 };
	char line[128];
	snprintf(line, sizeof(line), "RUN echo %s https://u:pw12@h/", gh_token());
	add(&l, "Dockerfile", 1, 1, line, line);
	assert_int_equal(bh_findings_hide(&l, "Dockerfile", sp(1, 1, 1, 4), NULL,
					  0), 0);
	assert_int_equal(rpt_mask_findings(&l), 0);
	char *snip = strdup(l.v[0].snippet), *msg = strdup(l.v[0].message);
	assert_int_equal(rpt_mask_findings(&l), 0);
	assert_string_equal(l.v[0].snippet, snip);
	assert_string_equal(l.v[0].message, msg);
	assert_null(strstr(snip, "pw12"));
	assert_null(strstr(msg, "aE2gK4"));
	free(snip);
	free(msg);
	bh_findings_free(&l);
}

/* Hides travel with the list: filtering findings keeps them, taking a
 * list moves them. */
static void hides_survive_filters(void **state)
{
	(void)state;
	struct bh_findings a = { 0 }, b = { 0 };
	add(&a, "D", 2, 1, "m", "ENV PW Xq7");
	assert_int_equal(bh_findings_hide(&a, "D", sp(2, 8, 2, 11), NULL, 0), 0);
	/* a repeat is recorded once */
	assert_int_equal(bh_findings_hide(&a, "D", sp(2, 8, 2, 11), NULL, 0), 0);
	assert_int_equal(a.nhides, 1);
	bh_findings_remove(&a, 0);
	add(&b, "D", 2, 3, "m", "ENV PW Xq7");
	assert_int_equal(bh_findings_take(&b, &a), 0);
	assert_int_equal(b.nhides, 1);
	assert_int_equal(a.nhides, 0);
	assert_int_equal(rpt_mask_findings(&b), 0);
	assert_string_equal(b.v[0].snippet, "ENV PW ***");
	bh_findings_free(&a);
	bh_findings_free(&b);
}

/* rpt_mask_file(): a whole file masked line by line as its excerpts are:
 * the engine's token, a short value known by a hide of that file only on
 * its line, a value another file's hide knows, a private key block across
 * lines; indentation and CRLF line ends kept, nothing else touched. */
static void whole_file(void **state)
{
	(void)state;
	struct bh_findings l = { 0 };
	assert_int_equal(bh_findings_hide(&l, "Dockerfile", sp(3, 17, 3, 20),
					  NULL, 0), 0);
	assert_int_equal(bh_findings_hide(&l, "compose.yaml", sp(1, 1, 1, 5),
					  "Kp9wZ", 5), 0);
	char text[1024];
	snprintf(text, sizeof(text),
		 "FROM alpine\r\n"
		 "ENV API_TOKEN %s\r\n"
		 "ENV DB_PASSWORD Xq7\n"
		 "ENV OTHER Xq7\n"
		 "RUN echo Kp9wZ\n"
		 "  -----BEGIN RSA %s KEY-----\n"
		 "  MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gun\n"
		 "  -----END RSA %s KEY-----\n"
		 "USER app", gh_token(), "PRIV" "ATE", "PRIV" "ATE");
	struct strbuf sb = STRBUF_INIT;
	assert_int_equal(rpt_mask_file(&l, "Dockerfile", text, strlen(text),
				       &sb), 0);
	const char *got = strbuf_str(&sb);
	assert_int_equal(sb.len, strlen(text));
	assert_non_null(strstr(got, "FROM alpine\r\nENV API_TOKEN ghp_***"));
	assert_non_null(strstr(got, "\r\nENV DB_PASSWORD ***\nENV OTHER Xq7\n"));
	assert_non_null(strstr(got, "\nRUN echo *****\n"));
	assert_null(strstr(got, "MIIEowIBAAKCAQEA"));
	assert_non_null(strstr(got, "\n  ****"));
	assert_non_null(strstr(got, "\nUSER app"));
	assert_null(strstr(got, gh_token()));
	strbuf_free(&sb);
	/* no hides at all: the engine alone */
	assert_int_equal(rpt_mask_file(NULL, "x", text, strlen(text), &sb), 0);
	assert_null(strstr(strbuf_str(&sb), gh_token()));
	assert_non_null(strstr(strbuf_str(&sb), "ENV DB_PASSWORD Xq7\n"));
	strbuf_free(&sb);
	/* a secret-named name/value pair (Kubernetes env), no hides: its
	 * value on the line after its name is the engine's to hide */
	const char *env = "env:\n- name: DB_PASSWORD\n  value: Zq8vK2mNp4Lx7Rt\n"
			  "- {name: API_TOKEN, value: Hr5tW8qLm2Nb6Vc}\n"
			  "- name: LOG_LEVEL\n  value: Jk3mW9pQx2Lr7Tz\n";
	assert_int_equal(rpt_mask_file(NULL, "pod.yaml", env, strlen(env),
				       &sb), 0);
	assert_non_null(strstr(strbuf_str(&sb),
			       "- name: DB_PASSWORD\n  value: ***************\n"
			       "- {name: API_TOKEN, value: ***************}\n"
			       "- name: LOG_LEVEL\n  value: Jk3mW9pQx2Lr7Tz\n"));
	strbuf_free(&sb);
	bh_findings_free(&l);
}

/* A long line held whole by the list (bh_findings_line) and shared by two
 * findings: masked once, in place, with the same length; the excerpt
 * window (rpt_excerpt) is cut from the masked line, so a token across its
 * left edge and a hide-only value across its right edge show no byte of
 * themselves; the window holds the column, starts on a character (an é
 * across the edge), is at most RPT_EXCERPT_WINDOW bytes, cut both sides. */
static void long_line_window(void **state)
{
	(void)state;
	struct bh_findings l = { 0 };
	char text[1200];
	size_t col = 600;                         /* 0-based byte of the finding */
	size_t from = col - RPT_EXCERPT_BEFORE;   /* where the window starts */
	memset(text, 'a', sizeof(text) - 1);
	text[sizeof(text) - 1] = 0;
	for (size_t i = 0; i + 1 < sizeof(text); i += 8)
		text[i] = ' ';
	/* the token from 10 bytes before the left edge */
	const char *tok = gh_token();
	memcpy(text + from - 10, " ", 1);
	memcpy(text + from - 9, tok, strlen(tok));
	text[from - 9 + strlen(tok)] = ' ';
	/* a value known only by its hide across the right edge */
	size_t right = from + RPT_EXCERPT_WINDOW;
	memcpy(text + right - 5, "Zr8Kq2Wv9", 9);
	/* é across the left edge of the other finding's window */
	size_t col2 = 900, from2 = col2 - RPT_EXCERPT_BEFORE;
	memcpy(text + from2 - 1, "\xc3\xa9", 2);
	char *held = bh_findings_line(&l, text, strlen(text));
	assert_non_null(held);
	struct bh_finding f = {
		.rule = &rule_any, .file = "pod.json",
		.span = sp(1, (int)col + 1, 1, (int)col + 2),
		.message = "m", .snippet = "a", .line = held,
	};
	assert_int_equal(bh_findings_add(&l, &f), 0);
	f.span = sp(1, (int)col2 + 1, 1, (int)col2 + 2);
	assert_int_equal(bh_findings_add(&l, &f), 0);
	assert_ptr_equal(l.v[0].line, held);      /* held once, shared */
	assert_ptr_equal(l.v[1].line, held);
	assert_int_equal(l.nlines, 1);
	assert_int_equal(bh_findings_hide(&l, "pod.json",
					  sp(1, (int)right - 4, 1, (int)right + 5),
					  NULL, 0), 0);
	assert_int_equal(rpt_mask_findings(&l), 0);
	assert_int_equal(strlen(held), strlen(text));
	assert_null(strstr(held, "R8d2"));
	assert_null(strstr(held, "Zr8Kq"));
	struct rpt_excerpt x;
	assert_true(rpt_excerpt(&l.v[0], &x));
	assert_int_equal(x.off, from);
	assert_int_equal(x.len, RPT_EXCERPT_WINDOW);
	assert_true(x.cut_left && x.cut_right);
	assert_ptr_equal(x.s, held + from);
	/* the window shows masked bytes where the secrets were */
	assert_memory_equal(x.s, "*********", 9);
	assert_memory_equal(x.s + x.len - 5, "*****", 5);
	assert_true(rpt_excerpt(&l.v[1], &x));
	assert_int_equal(x.off, from2 + 1);       /* past the é's second byte */
	assert_true(x.off <= col2 && col2 < x.off + x.len);
	assert_true(x.len <= RPT_EXCERPT_WINDOW);
	/* a line of RPT_EXCERPT_MAX bytes is shown whole */
	struct bh_finding g = f;
	char shortl[RPT_EXCERPT_MAX + 1];
	memset(shortl, 'b', RPT_EXCERPT_MAX);
	shortl[RPT_EXCERPT_MAX] = 0;
	g.line = NULL;
	g.snippet = shortl;
	g.span = sp(1, 150, 1, 151);
	assert_true(rpt_excerpt(&g, &x));
	assert_true(x.off == 0 && x.len == RPT_EXCERPT_MAX && !x.cut_left &&
		    !x.cut_right);
	bh_findings_free(&l);
}

/* Many literal values in one file (the sieve of extra_spans): the one a
 * text holds is masked there, a text holding only the first and last
 * bytes of another is left alone, and every value is found in a text
 * holding all of them. */
static void many_values(void **state)
{
	(void)state;
	struct bh_findings l = { 0 };
	char vals[20][16], all[512] = "";
	for (int i = 0; i < 20; i++) {
		snprintf(vals[i], sizeof(vals[i]), "Wq%02dxLp7Zk%02dTn", i, i);
		assert_int_equal(bh_findings_hide(&l, "pod.json", sp(0, 0, 0, 0),
						  vals[i], strlen(vals[i])), 0);
		strcat(all, vals[i]);
		strcat(all, " ");
	}
	char one[64], near[64];
	snprintf(one, sizeof(one), "value %s here", vals[17]);
	snprintf(near, sizeof(near), "value Wq17 and 17Tn here");
	add(&l, "pod.json", 1, 1, one, "x");
	add(&l, "pod.json", 2, 1, near, "x");
	add(&l, "pod.json", 3, 1, all, "x");
	assert_int_equal(rpt_mask_findings(&l), 0);
	assert_null(strstr(l.v[0].message, vals[17]));
	assert_string_equal(l.v[1].message, near);
	for (int i = 0; i < 20; i++)
		assert_null(strstr(l.v[2].message, vals[i]));
	bh_findings_free(&l);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(engine_on_any_finding),
		cmocka_unit_test(hides_cover_their_line),
		cmocka_unit_test(repeated_texts),
		cmocka_unit_test(point_at_key_hide_value),
		cmocka_unit_test(multi_line_hides),
		cmocka_unit_test(many_hides),
		cmocka_unit_test(literal_values_in_texts),
		cmocka_unit_test(url_in_message),
		cmocka_unit_test(message_as_finding),
		cmocka_unit_test(twice_is_once),
		cmocka_unit_test(hides_survive_filters),
		cmocka_unit_test(whole_file),
		cmocka_unit_test(long_line_window),
		cmocka_unit_test(many_values),
	};
	bh_ruleset_use(&bh_rules_all);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
