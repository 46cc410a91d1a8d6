/* SPDX-License-Identifier: Apache-2.0
 *
 * test_expand.c - expand_word() against BuildKit's expansion behaviour.
 *
 * Vector tables: { environment, input, expected } with NULL expected for
 * an error.  The environment is "NAME=value;NAME2=value2" (every listed
 * name is set; values cannot hold ';').
 *
 * The "buildkit_matches" table transcribes, as data, the input/env/result
 * cases of TestProcessWithMatches and TestShellParserMandatoryEnvVars in
 * moby/buildkit frontend/dockerfile/shell/lex_test.go (Apache License
 * 2.0, Copyright The BuildKit Authors).  The other tables are ours,
 * written from lex.go's documented behaviour.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/expand.h"

struct vec {
	const char *env;
	const char *in;
	const char *want;  /* NULL: error */
};

/* Looks "name" up in a "K=V;K2=V2" environment string. */
static const char *env_lookup(void *ctx, const char *name, size_t len)
{
	static char val[4][70000];
	static int slot;
	const char *e = ctx;
	while (e && *e) {
		const char *nl = strchr(e, ';');
		size_t ll = nl ? (size_t)(nl - e) : strlen(e);
		const char *eq = memchr(e, '=', ll);
		size_t kl = eq ? (size_t)(eq - e) : ll;
		if (kl == len && memcmp(e, name, len) == 0) {
			char *v = val[slot++ % 4];
			size_t vl = eq ? ll - kl - 1 : 0;
			memcpy(v, eq ? eq + 1 : "", vl);
			v[vl] = 0;
			return v;
		}
		e = nl ? nl + 1 : NULL;
	}
	return NULL;
}

static void run_table(const struct vec *t, size_t n, char esc, bool keep)
{
	for (size_t i = 0; i < n; i++) {
		struct arena a;
		arena_init(&a, 0);
		const char *err = NULL;
		struct expand_opts o = {
			.escape = esc,
			.keep_quotes = keep,
			.lookup = env_lookup,
			.ctx = (void *)t[i].env,
			.error = &err,
		};
		const char *got = expand_word(t[i].in, &o, &a);
		if (t[i].want == NULL) {
			if (got)
				fail_msg("case %zu %s: want error, got \"%s\"", i,
					 t[i].in, got);
			assert_non_null(err);
		} else {
			if (!got)
				fail_msg("case %zu %s: error %s", i, t[i].in,
					 err ? err : "?");
			if (strcmp(got, t[i].want) != 0)
				fail_msg("case %zu %s: got \"%s\" want \"%s\"", i,
					 t[i].in, got, t[i].want);
			assert_null(err);
		}
		arena_free(&a);
	}
}

#define RUN(t, esc, keep) run_table(t, sizeof(t) / sizeof(t[0]), esc, keep)

static const char ENV[] = "PWD=/home;SHELL=bash;KOREAN=\xed\x95\x9c\xea"
			  "\xb5\xad\xec\x96\xb4;NULL=;FRUIT=banana;"
			  "X=baaac;STAR=*x;PATHS=/a/b/c.tar.gz";

static const struct vec basics[] = {
	{ ENV, "hello", "hello" },
	{ ENV, "he'll'o", "hello" },
	{ ENV, "he'llo", NULL },
	{ ENV, "he\\'llo", "he'llo" },
	{ ENV, "he\\\\'llo", NULL },
	{ ENV, "abc\\", "abc" },
	{ ENV, "abc\\\\", "abc\\" },
	{ ENV, "\"abc\\\\\"", "abc\\" },
	{ ENV, "'abc\\\\'", "abc\\\\" },
	{ ENV, "\"a\\$b\"", "a$b" },
	{ ENV, "\"a\\qb\"", "a\\qb" },
	{ ENV, "\"a\\\"b\"", "a\"b" },
	{ ENV, "\"unterminated", NULL },
	{ ENV, "\"it's\"", "it's" },
	{ ENV, "'say \"hi\"'", "say \"hi\"" },
	{ ENV, "$PWD", "/home" },
	{ ENV, "${PWD}", "/home" },
	{ ENV, "he$PWD", "he/home" },
	{ ENV, "he${PWD}x", "he/homex" },
	{ ENV, "he'$PWD'", "he$PWD" },
	{ ENV, "he\"$PWD\"", "he/home" },
	{ ENV, "he\\$PWD", "he$PWD" },
	{ ENV, "he$PWDx", "he" },
	{ ENV, "$KOREAN", "\xed\x95\x9c\xea\xb5\xad\xec\x96\xb4" },
	{ ENV, "x$KOREAN.y", "x\xed\x95\x9c\xea\xb5\xad\xec\x96\xb4.y" },
	{ ENV, "$", "$" },
	{ ENV, "a$", "a$" },
	{ ENV, "$ x", "$ x" },
	{ ENV, "$.", "$." },
	{ ENV, "$1", "" },
	{ ENV, "$12x", "x" },
	{ ENV, "a$#b", "ab" },
	{ ENV, "a$@b", "ab" },
	{ ENV, "a b  c", "a b  c" },
};

static const struct vec modifiers[] = {
	{ ENV, "${NULL:-x}", "x" },
	{ ENV, "${NULL-x}", "" },
	{ ENV, "${NULL:+x}", "" },
	{ ENV, "${NULL+x}", "x" },
	{ ENV, "${UNSET:-x}", "x" },
	{ ENV, "${UNSET-x}", "x" },
	{ ENV, "${UNSET:+x}", "" },
	{ ENV, "${UNSET+x}", "" },
	{ ENV, "${PWD:-x}", "/home" },
	{ ENV, "${PWD:+x}", "x" },
	{ ENV, "${PWD:-${SHELL:-y}}", "/home" },
	{ ENV, "${UNSET:-${SHELL}z}", "bashz" },
	{ ENV, "${UNSET:-'a b'}", "a b" },
	{ ENV, "${UNSET:-\"$SHELL\"}", "bash" },
	{ ENV, "${UNSET:-a\\}b}", "a}b" },
	{ ENV, "${UNSET:?}", NULL },
	{ ENV, "${NULL?}", "" },
	{ ENV, "${NULL:?}", NULL },
	{ ENV, "${PWD:?x}", "/home" },
	{ ENV, "${", NULL },
	{ ENV, "${}", NULL },
	{ ENV, "${:x}", NULL },
	{ ENV, "${{PWD}", NULL },
	{ ENV, "${PWD", NULL },
	{ ENV, "${PWD:-x", NULL },
	{ ENV, "${PWD:}", NULL },
	{ ENV, "${PWD=x}", NULL },
	{ ENV, "${PWD:x}", NULL },
	{ ENV, "${PWD:/a/b}", NULL },
	{ ENV, "${#PWD}", NULL },
};

static const struct vec patterns[] = {
	{ ENV, "${PWD#/}", "home" },
	{ ENV, "${PWD%me}", "/ho" },
	{ ENV, "${PWD##*/}", "home" },
	{ ENV, "${PWD%/*}", "" },
	{ ENV, "${PATHS##*/}", "c.tar.gz" },
	{ ENV, "${PATHS#*/}", "a/b/c.tar.gz" },
	{ ENV, "${PATHS%.*}", "/a/b/c.tar" },
	{ ENV, "${PATHS%%.*}", "/a/b/c" },
	{ ENV, "${PATHS%/*}", "/a/b" },
	{ ENV, "${FRUIT#*n}", "ana" },
	{ ENV, "${FRUIT##*n}", "a" },
	{ ENV, "${FRUIT%n*}", "bana" },
	{ ENV, "${FRUIT%%n*}", "ba" },
	{ ENV, "${FRUIT#?}", "anana" },
	{ ENV, "${FRUIT%a}", "banan" },
	{ ENV, "${FRUIT#x}", "banana" },
	{ ENV, "${UNSET#x}", "" },
	{ ENV, "${STAR#\\*}", "x" },
	{ ENV, "${STAR#*}", "*x" },
	{ ENV, "${STAR##*}", "" },
	{ ENV, "${PWD#\\q}", NULL },
	{ ENV, "${PWD/o/0}", "/h0me" },
	{ ENV, "${FRUIT/an/AN}", "bANana" },
	{ ENV, "${FRUIT//an/AN}", "bANANa" },
	{ ENV, "${FRUIT//a*/X}", "bX" },
	{ ENV, "${FRUIT//n*/}", "ba" },
	{ ENV, "${FRUIT//x/$SHELL}", "banana" },
	{ ENV, "${FRUIT//a/$SHELL}", "bbashnbashnbash" },
	{ ENV, "${FRUIT///-}", "-b-a-n-a-n-a-" },
	{ ENV, "${X//a*/-}", "b-" },     /* glob a* is regexp a.* */
	{ ENV, "${X/a*/-}", "b-" },
	{ ENV, "${X//*/-}", "-" },       /* no empty match after a match */
	{ ENV, "${X//?/-}", "-----" },
	{ ENV, "${X/a?/-}", "b-ac" },
	{ ENV, "${UNSET/a/b}", "" },
	{ ENV, "${FRUIT/", NULL },
	{ ENV, "${FRUIT/a", NULL },
	{ ENV, "${FRUIT/a/b", NULL },
	/* Go regexp ReplaceAllString template: $0 is the match */
	{ "R=$0;V=abc", "${V//b/$R}", "abc" },
	{ "R=<$0>;V=abc", "${V//b/$R}", "a<b>c" },
	{ "R=<${0}$1$$>;V=abc", "${V//b/$R}", "a<b$>c" },
	{ "R=<$0>;V=abc", "${V/b/$R}", "a<$0>c" },
	/* wildcards do not cross newlines (Go '.') */
	{ "V=a\nb", "${V#*b}", "a\nb" },
	{ "V=a\nb", "${V#a?b}", "a\nb" },
	/* ? is one UTF-8 character */
	{ "V=\xed\x95\x9cx", "${V#?}", "x" },
	{ "V=x\xed\x95\x9c", "${V%?}", "x" },
};

static const struct vec buildkit_matches[] = {
	{ "DUMMY=dummy", "x", "x" },
	{ "DUMMY=dummy", "x ${UNUSED}", "x " },
	{ "FOO=y", "x ${FOO}", "x y" },
	{ "FOO=xxx;BAR=", "${FOO-aaa} ${BAR-bbb} ${BAZ-ccc}", "xxx  ccc" },
	{ "FOO=xxx;BAR=", "${FOO:-aaa} ${BAR:-bbb} ${BAZ:-ccc}",
	  "xxx bbb ccc" },
	{ "FOO=xxx;BAR=", "${FOO:-}", "xxx" },
	{ "", "${FOO:-}", "" },
	{ "FOO=xxx;BAR=", "${FOO+aaa} ${BAR+bbb} ${BAZ+ccc}", "aaa bbb " },
	{ "FOO=xxx;BAR=", "${FOO:+aaa} ${BAR:+bbb} ${BAZ:+ccc}", "aaa  " },
	{ "FOO=xxx;BAR=", "${FOO?aaa}", "xxx" },
	{ "FOO=xxx;BAR=", "${BAR?bbb}", "" },
	{ "FOO=xxx;BAR=", "${BAZ?ccc}", NULL },
	{ "FOO=xxx;BAR=", "${FOO:?aaa}", "xxx" },
	{ "FOO=xxx;BAR=", "${BAR:?bbb}", NULL },
	{ "FOO=xxx;BAR=", "${BAZ:?ccc}", NULL },
	{ "FOO=xxx;BAR=", "${BAZ:?}", NULL },
	{ "FOO=xxx;BAR=", "${FOO=aaa}", NULL },
	{ "FOO=xxx;BAR=", "${FOO=:aaa}", NULL },
	{ "", "${FOO=}", NULL },
	{ "FOO=()[]{}^$.*?|\\x", "${FOO#()[]{\\}^$.\\*\\?|\\\\}", "x" },
	{ "FOO=xx**", "${FOO%%\\**}", "xx" },
	{ "FOO=xxyy", "${FOO#*x*y}", "y" },
	{ "FOO=xxyy", "${FOO#*}", "xxyy" },
	{ "FOO=xxyy;BAR=x", "${FOO#$BAR}", "xyy" },
	{ "FOO=xxyy;BAR=", "${FOO#$BAR}", "xxyy" },
	{ "FOO=xxyy", "${FOO#}", "xxyy" },
	{ "FOO=xxyy", "${FOO##*x}", "yy" },
	{ "FOO=xxyy", "${FOO##}", "xxyy" },
	{ "FOO=???y", "${FOO#?\\?}", "?y" },
	{ "FOO=xxyy", "${ABC:-.}${FOO%x}${ABC:-.}", ".xxyy." },
	{ "FOO=a***yy*", "${FOO%%\\**\\*}", "a" },
	{ "FOO=xxyy", "${FOO%}", "xxyy" },
	{ "FOO=xxyy;BAR=", "${FOO%%$BAR}", "xxyy" },
	{ "FOO=/foo*/*/*.txt;NEEDLE=\\*/",
	  "${FOO/$NEEDLE/.} - ${FOO//$NEEDLE/.}", "/foo.*/*.txt - /foo..*.txt" },
	{ "FOO=/tmp/tmp/bar.txt;NEEDLE=/tmp",
	  "${FOO/$NEEDLE/} - ${FOO//$NEEDLE/}", "/tmp/bar.txt - /bar.txt" },
	{ "FOO=/a/foo/b/c.txt;NEEDLE=/?/;REPLACEMENT=/",
	  "${FOO/$NEEDLE/$REPLACEMENT} - ${FOO//$NEEDLE/$REPLACEMENT}",
	  "/foo/b/c.txt - /foo/c.txt" },
	{ "FOO=http://google.de;NEEDLE=http://;REPLACEMENT=https://",
	  "${FOO/$NEEDLE/$REPLACEMENT}", "https://google.de" },
	{ "FOO=/tmp/foo.txt", "${FOO//\\//\\/}", "\\/tmp\\/foo.txt" },
	{ "FOO=xxyy;BAR=", "${FOO/$BAR/ww}", "wwxxyy" },
	{ "FOO=xxyy", "${FOO//ww}", NULL },
	{ "FOO=xxyy", "${FOO//}", NULL },
	{ "FOO=xxyy", "${FOO///}", "xxyy" },
	{ "", "${FOO///}", "" },
	{ "VERSION=v1.2.3;TARGETOS=linux;TARGETARCH=arm;TARGETVARIANT=v7",
	  "something-${VERSION}.${TARGETOS}-${TARGETARCH}"
	  "${TARGETVARIANT:+-${TARGETVARIANT}}.tar.gz",
	  "something-v1.2.3.linux-arm-v7.tar.gz" },
	{ "VERSION=v1.2.3;TARGETOS=linux;TARGETARCH=arm64;TARGETVARIANT=",
	  "something-${VERSION}.${TARGETOS}-${TARGETARCH}"
	  "${TARGETVARIANT:+-${TARGETVARIANT}}.tar.gz",
	  "something-v1.2.3.linux-arm64.tar.gz" },
	{ "VERSION=v1.2.3;TARGETOS=linux;TARGETARCH=arm64",
	  "something-${VERSION}.${TARGETOS}-${TARGETARCH}"
	  "${TARGETVARIANT:+-${TARGETVARIANT}}.tar.gz",
	  "something-v1.2.3.linux-arm64.tar.gz" },
	/* TestShellParserMandatoryEnvVars */
	{ "VAR=plain;ARG=x", "${VAR:?message here$ARG}", "plain" },
	{ "VAR=;ARG=x", "${VAR:?message here$ARG}", NULL },
	{ "ARG=x", "${VAR:?message here$ARG}", NULL },
	{ "VAR=plain;ARG=x", "${VAR?message here$ARG}", "plain" },
	{ "VAR=;ARG=x", "${VAR?message here$ARG}", "" },
	{ "ARG=x", "${VAR?message here$ARG}", NULL },
};

static void basic_words(void **state)
{
	(void)state;
	RUN(basics, '\\', false);
}

static void parameter_modifiers(void **state)
{
	(void)state;
	RUN(modifiers, '\\', false);
}

static void glob_patterns(void **state)
{
	(void)state;
	RUN(patterns, '\\', false);
}

static void buildkit_vectors(void **state)
{
	(void)state;
	RUN(buildkit_matches, '\\', false);
}

static const struct vec raw_quotes[] = {
	{ ENV, "a'b'\"c\"", "a'b'\"c\"" },
	{ ENV, "'$PWD'", "'$PWD'" },
	{ ENV, "\"$PWD\"", "\"/home\"" },
	{ ENV, "${UNSET:-'x'}", "'x'" },
};

static const struct vec backtick_escape[] = {
	{ ENV, "a`$PWD", "a$PWD" },
	{ ENV, "C:\\path\\$SHELL", "C:\\path\\bash" },
	{ ENV, "\"a`\"b\"", "a\"b" },
	{ ENV, "x``y", "x`y" },
};

static void quote_and_escape_options(void **state)
{
	(void)state;
	RUN(raw_quotes, '\\', true);
	RUN(backtick_escape, '`', false);
}

static void unset_flag_and_messages(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a, 0);
	bool unset = false;
	const char *err = NULL;
	struct expand_opts o = {
		.escape = '\\',
		.lookup = env_lookup,
		.ctx = (void *)ENV,
		.used_unset = &unset,
		.error = &err,
	};
	assert_string_equal(expand_word("${UNSET:-x}$PWD${NULL}", &o, &a),
			    "x/home");
	assert_false(unset);
	assert_string_equal(expand_word("a$UNSET", &o, &a), "a");
	assert_true(unset);
	unset = false;
	assert_string_equal(expand_word("${UNSET#x}", &o, &a), "");
	assert_true(unset);
	unset = false;
	assert_string_equal(expand_word("${UNSET+x}${UNSET-y}", &o, &a), "y");
	assert_false(unset);
	assert_null(expand_word("${UNSET:?must be set}", &o, &a));
	assert_string_equal(err, "UNSET: must be set");
	assert_null(expand_word("${NULL:?}", &o, &a));
	assert_string_equal(err, "NULL: is not allowed to be empty");
	assert_null(expand_word("${UNSET?}", &o, &a));
	assert_string_equal(err, "UNSET: is not allowed to be unset");
	/* no lookup function: everything is unset */
	struct expand_opts none = { .escape = '\\' };
	assert_string_equal(expand_word("a${X:-b}$Y", &none, &a), "ab");
	assert_string_equal(expand_word(NULL, &none, &a), "");
	arena_free(&a);
}

static void bounds(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a, 0);
	const char *err = NULL;
	struct expand_opts o = {
		.escape = '\\', .lookup = env_lookup, .ctx = (void *)ENV,
		.error = &err,
	};
	/* 60 nested defaults are fine, 100 are refused */
	char buf[2048];
	size_t k = 0;
	for (int i = 0; i < 60; i++) {
		memcpy(buf + k, "${U:-", 5);
		k += 5;
	}
	buf[k++] = 'z';
	for (int i = 0; i < 60; i++)
		buf[k++] = '}';
	buf[k] = 0;
	assert_string_equal(expand_word(buf, &o, &a), "z");
	k = 0;
	for (int i = 0; i < 100; i++) {
		memcpy(buf + k, "${U:-", 5);
		k += 5;
	}
	buf[k++] = 'z';
	for (int i = 0; i < 100; i++)
		buf[k++] = '}';
	buf[k] = 0;
	assert_null(expand_word(buf, &o, &a));
	assert_non_null(err);
	/* output cap: 1.5 MiB of expansion fails cleanly */
	size_t n = (size_t)1 << 18;
	char *big = malloc(n * 6 + 1);
	assert_non_null(big);
	for (size_t i = 0; i < n; i++)
		memcpy(big + i * 6, "$FRUIT", 6);
	big[n * 6] = 0;
	assert_null(expand_word(big, &o, &a));
	assert_string_equal(err, "expansion too long");
	/* a long value against a pattern with many stars stays fast */
	char *val = malloc(70000);
	assert_non_null(val);
	memcpy(val, "V=", 2);
	memset(val + 2, 'a', 60000);
	val[60002] = 0;
	o.ctx = val;
	assert_string_equal(expand_word("${V//*a*a*a*b/x}", &o, &a) ? "ok" : "err",
			    "ok");
	free(val);
	free(big);
	arena_free(&a);
}

/* Cheap generated inputs: never crash, always NUL-terminated output. */
static void hostile_words(void **state)
{
	(void)state;
	static const char alphabet[] = "ab${}:-+?#%/*\\'\"` PWDFRUIT";
	unsigned seed = 99;
	char buf[128];
	for (int round = 0; round < 20000; round++) {
		size_t n = (size_t)(round % 100);
		for (size_t i = 0; i < n; i++) {
			seed = seed * 1103515245u + 12345u;
			buf[i] = alphabet[(seed >> 16) % (sizeof(alphabet) - 1)];
		}
		buf[n] = 0;
		struct arena a;
		arena_init(&a, 0);
		struct expand_opts o = {
			.escape = (round & 1) ? '`' : '\\',
			.keep_quotes = (round & 2) != 0,
			.lookup = env_lookup, .ctx = (void *)ENV,
		};
		const char *r = expand_word(buf, &o, &a);
		if (r)
			assert_true(strlen(r) < 4096);
		arena_free(&a);
	}
}

/* expand_next_ref: every reference once, names, braces, defaults,
 * escapes, "$$" and "${#" give none. */
static void next_ref(void **state)
{
	(void)state;
	char got[256] = "";
	const char *w = "$A ${B:-x} ${C-y} ${D+z} ${E:+w} ${F%.*} $$ ${#G} \\$H $9_x";
	struct expand_ref r;
	for (const char *p = w; (p = expand_next_ref(p, '\\', &r)) != NULL;) {
		char one[32];
		snprintf(one, sizeof(one), "%.*s%s%s ", (int)r.len, r.name,
			 r.braced ? "{}" : "", r.has_default ? "=" : "");
		strcat(got, one);
		assert_int_equal(*r.dollar, '$');
	}
	assert_string_equal(got, "A B{}= C{}= D{}= E{}= F{} 9_x ");
	/* without an escape character \$H is a reference */
	int n = 0;
	for (const char *p = "\\$H"; (p = expand_next_ref(p, 0, &r)) != NULL;)
		n++;
	assert_int_equal(n, 1);
	assert_null(expand_next_ref("no refs $", '\\', &r));
	assert_null(expand_next_ref(NULL, 0, &r));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(basic_words),
		cmocka_unit_test(parameter_modifiers),
		cmocka_unit_test(glob_patterns),
		cmocka_unit_test(buildkit_vectors),
		cmocka_unit_test(quote_and_escape_options),
		cmocka_unit_test(unset_flag_and_messages),
		cmocka_unit_test(bounds),
		cmocka_unit_test(hostile_words),
		cmocka_unit_test(next_ref),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
