/* SPDX-License-Identifier: Apache-2.0
 *
 * test_df_parse.c - unit tests of the Dockerfile parser (src/parse/df_parse.c
 * and df_lex.c): BuildKit's behaviour on directives, continuations, JSON,
 * flags, ENV/LABEL, heredocs, ONBUILD, positions, limits and the Dump()
 * format.  The byte-for-byte BuildKit data lives in
 * tests/suites/conformance.sh; the line and heredoc expectations of that
 * data are also checked here when ../shared is present.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "parse/df_lex.h"
#include "parse/df_parse.h"
#include "util/io.h"

struct fx {
	struct arena a;
	struct diag d;
	struct df_file f;
	int rc;
};

static struct fx *parse_n(const char *text, size_t len)
{
	struct fx *x = calloc(1, sizeof(*x));
	assert_non_null(x);
	arena_init(&x->a, 0);
	diag_init(&x->d, "Dockerfile");
	x->rc = df_parse(text, len, &x->a, &x->f, &x->d);
	return x;
}

static struct fx *parse(const char *text)
{
	return parse_n(text, strlen(text));
}

static void done(struct fx *x)
{
	arena_free(&x->a);
	free(x);
}

/* parse, dump, compare with "want"; the parse must succeed */
static void dump_is(const char *text, const char *want)
{
	struct fx *x = parse(text);
	if (x->rc)
		fail_msg("parse failed: %s", x->d.message);
	struct strbuf sb = STRBUF_INIT;
	df_dump(&x->f, &sb);
	assert_string_equal(strbuf_str(&sb), want);
	strbuf_free(&sb);
	done(x);
}

static void fails_with(const char *text, int code, int line,
		       const char *needle)
{
	struct fx *x = parse(text);
	assert_int_equal(x->rc, code);
	assert_int_equal(x->d.code, code);
	assert_int_equal(x->d.line, line);
	if (!strstr(x->d.message, needle))
		fail_msg("message '%s' lacks '%s'", x->d.message, needle);
	assert_int_equal(x->f.nnodes, 0);
	done(x);
}

static void test_basic_dump(void **state)
{
	(void)state;
	dump_is("FROM debian:12 AS build\n"
		"run echo hi\n"
		"COPY --from=build --chown=1:2 a b /c/\n"
		"CMD [\"a\", \"b\\n\"]\n"
		"HEALTHCHECK --interval=5s CMD curl -f x\n"
		"EXPOSE 80 443/tcp\n"
		"WORKDIR /app dir\n",
		"(from \"debian:12\" \"AS\" \"build\")\n"
		"(run \"echo hi\")\n"
		"(copy [\"--from=build\" \"--chown=1:2\"] \"a\" \"b\" \"/c/\")\n"
		"(cmd \"a\" \"b\\n\")\n"
		"(healthcheck [\"--interval=5s\"] \"CMD\" \"curl -f x\")\n"
		"(expose \"80\" \"443/tcp\")\n"
		"(workdir \"/app dir\")\n");
}

static void test_empty_and_comments(void **state)
{
	(void)state;
	fails_with("", BH_EPARSE, 0, "file with no instructions");
	fails_with("# just a comment\n\n   \n# another\n", BH_EPARSE, 0,
		   "file with no instructions");
	/* a lone escape continues into an empty instruction: BuildKit keeps
	 * it (empty keyword, parseIgnore's empty argument) */
	dump_is("\\\n", "(\"\")\n");
}

static void test_directives(void **state)
{
	(void)state;
	struct fx *x = parse("# syntax=docker/dockerfile:1.7\n"
			     "#  ESCAPE = `\n"
			     "# check=skip=JSONArgsRecommended\n"
			     "FROM x\n"
			     "RUN a `\n"
			     "  b\\c\n");
	assert_int_equal(x->rc, 0);
	assert_string_equal(x->f.syntax, "docker/dockerfile:1.7");
	assert_string_equal(x->f.check, "skip=JSONArgsRecommended");
	assert_int_equal(x->f.escape, '`');
	assert_int_equal(x->f.nnodes, 2);
	assert_string_equal(x->f.nodes[1].args[0].text, "a   b\\c");
	done(x);

	/* after a comment (or blank line), a directive is only a comment */
	x = parse("# hello\n# escape=`\nFROM x\nRUN a \\\n b\n");
	assert_int_equal(x->rc, 0);
	assert_int_equal(x->f.escape, '\\');
	assert_string_equal(x->f.nodes[1].args[0].text, "a  b");
	done(x);

	fails_with("# escape=\\\n# escape=`\nFROM x\n", BH_EPARSE, 2,
		   "only one escape parser directive");
	fails_with("# escape=x\nFROM x\n", BH_EPARSE, 1, "invalid escape token");
	/* unknown directive ends directive parsing, not an error */
	x = parse("# foo=bar\n# syntax=x\nFROM x\n");
	assert_int_equal(x->rc, 0);
	assert_null(x->f.syntax);
	done(x);
}

static void test_continuations(void **state)
{
	(void)state;
	/* blanks after the escape; doubled escape is not a continuation;
	 * comment lines inside are dropped; a continuation may end the file */
	dump_is("FROM x\n"
		"RUN a \\  \t\n"
		"  b\n"
		"ENV C trailing\\\\\n"
		"ENV D d\n"
		"RUN x \\\n"
		"# comment \\\n"
		"   # indented comment\n"
		"  y \\",
		"(from \"x\")\n"
		"(run \"a   b\")\n"
		"(env \"C\" \"trailing\\\\\\\\\" \"\")\n"
		"(env \"D\" \"d\" \"\")\n"
		"(run \"x   y\")\n");

	/* an empty continuation line is skipped with a warning */
	struct fx *x = parse("FROM x\nRUN a \\\n\n  \n b\n");
	assert_int_equal(x->rc, 0);
	assert_int_equal(x->f.nwarnings, 1);
	assert_int_equal(x->f.warnings[0].line, 3);
	assert_string_equal(x->f.nodes[1].args[0].text, "a  b");
	assert_int_equal(x->f.nodes[1].line, 2);
	assert_int_equal(x->f.nodes[1].end_line, 5);
	done(x);
}

static void test_json_forms(void **state)
{
	(void)state;
	dump_is("CMD []\n"
		"CMD [\"\\u00e9\\ud83d\\ude00\", \"\\u0000\"]\n"
		"CMD ['single']\n"
		"CMD [\"unterminated\"\n"
		"ENTRYPOINT [\"a\"] trailing\n"
		"RUN [ \"a\" ,\n"
		"COPY [\"a b\", \"c\"]\n"
		"VOLUME [\"/v\"] x\n",
		"(cmd)\n"
		"(cmd \"é😀\" \"\\x00\")\n"
		"(cmd \"['single']\")\n"
		"(cmd \"[\\\"unterminated\\\"\")\n"
		"(entrypoint \"[\\\"a\\\"] trailing\")\n"
		"(run \"[ \\\"a\\\" ,\")\n"
		"(copy \"a b\" \"c\")\n"
		"(volume \"[\\\"/v\\\"]\" \"x\")\n");
	fails_with("CMD [\"a\", 1]\n", BH_EPARSE, 1, "arrays must be comprised of strings");
	fails_with("COPY [\"a\", {\"b\": 2}]\n", BH_EPARSE, 1, "strings only");

	struct fx *x = parse("CMD [\"a\",  \"b\"]\nRUN echo\n");
	assert_true(x->f.nodes[0].json_form);
	assert_false(x->f.nodes[1].json_form);
	assert_int_equal(x->f.nodes[0].args[1].col, 12);
	done(x);

	/* deeper than encoding/json's 10000 levels: not JSON, shell form */
	size_t depth = 10001;
	char *deep = malloc(2 * depth + 8);
	assert_non_null(deep);
	memcpy(deep, "CMD ", 4);
	memset(deep + 4, '[', depth);
	memset(deep + 4 + depth, ']', depth);
	deep[4 + 2 * depth] = 0;
	x = parse(deep);
	assert_int_equal(x->rc, 0);
	assert_int_equal(x->f.nodes[0].nargs, 1);
	assert_false(x->f.nodes[0].json_form);
	done(x);
	deep[4 + 1] = ' '; /* 10000 levels: valid JSON, not strings */
	deep[4 + 2 * depth - 1] = ' ';
	x = parse(deep);
	assert_int_equal(x->rc, BH_EPARSE);
	done(x);
	free(deep);
}

static void test_flags(void **state)
{
	(void)state;
	struct fx *x = parse("FROM x\n"
			     "COPY --link --chmod=755 --from=\"b c\" -- --x y\n"
			     "RUN --mount=type=secret,id=tok \\\n"
			     "    --network=none make --jobs=4\n");
	assert_int_equal(x->rc, 0);
	const struct df_node *c = &x->f.nodes[1];
	assert_int_equal(c->nflags, 3);
	assert_string_equal(c->flags[0].text, "--link");
	assert_string_equal(c->flags[0].name, "link");
	assert_null(c->flags[0].value);
	assert_string_equal(c->flags[2].text, "--from=b c");
	assert_string_equal(c->flags[2].value, "b c");
	assert_int_equal(c->flags[1].col, 13);
	assert_int_equal(c->nargs, 2);
	assert_string_equal(c->args[0].text, "--x");
	assert_string_equal(c->rest, "--x y");
	bool present = false;
	assert_null(df_flag_value(c, "link", &present));
	assert_true(present);
	assert_string_equal(df_flag_value(c, "chmod", &present), "755");
	assert_null(df_flag_value(c, "chown", &present));
	assert_false(present);

	const struct df_node *r = &x->f.nodes[2];
	assert_int_equal(r->nflags, 2);
	assert_string_equal(r->flags[0].value, "type=secret,id=tok");
	assert_int_equal(r->flags[1].line, 4);
	assert_int_equal(r->flags[1].col, 5);
	assert_string_equal(r->args[0].text, "make --jobs=4");
	done(x);

	/* flags index bytes: non-ASCII comes out as Latin-1 runes */
	dump_is("COPY --chown=\xc3\xa9 a b\n",
		"(copy [\"--chown=\xc3\x83\xc2\xa9\"] \"a\" \"b\")\n");
}

static void test_env_label_arg(void **state)
{
	(void)state;
	dump_is("ENV A=1 B=\"two words\" C=x\\ y\n"
		"ENV OLD value with  spaces\n"
		"LABEL a=b\n"
		"ARG foo bar=baz q=\"1 2\"\n"
		"ENV\n",
		"(env \"A\" \"1\" \"=\" \"B\" \"\\\"two words\\\"\" \"=\" \"C\" \"x\\\\ y\" \"=\")\n"
		"(env \"OLD\" \"value with  spaces\" \"\")\n"
		"(label \"a\" \"b\" \"=\")\n"
		"(arg \"foo\" \"bar=baz\" \"q=\\\"1 2\\\"\")\n"
		"(env)\n");
	fails_with("FROM x\nENV PATH\n", BH_EPARSE, 2, "ENV must have two arguments");
	fails_with("LABEL a=b c\n", BH_EPARSE, 1, "can't find = in word 2 of LABEL");

	struct fx *x = parse("ENV key=value\n");
	const struct df_node *n = &x->f.nodes[0];
	assert_int_equal(n->nargs, 3);
	assert_int_equal(n->args[0].col, 5);
	assert_int_equal(n->args[1].col, 9);
	assert_int_equal(n->args[2].col, 8);
	done(x);
}

static void test_unknown_and_case(void **state)
{
	(void)state;
	dump_is("FrOm x\nBOGUS some thing\nonbuild Run echo\n",
		"(from \"x\")\n(bogus \"\")\n(onbuild (run \"echo\"))\n");
	struct fx *x = parse("FrOm x\n");
	assert_string_equal(x->f.nodes[0].keyword, "from");
	assert_string_equal(x->f.nodes[0].keyword_raw, "FrOm");
	assert_int_equal(x->f.nodes[0].kw, DF_KW_FROM);
	done(x);
	/* df_kw: unknown words have none; ONBUILD's trigger has its own */
	x = parse("FROM x\nBOGUS y\nonbuild Run echo\n");
	assert_int_equal(x->rc, 0);
	assert_int_equal(x->f.nodes[1].kw, DF_KW_UNKNOWN);
	assert_int_equal(x->f.nodes[2].kw, DF_KW_ONBUILD);
	assert_non_null(x->f.nodes[2].onbuild);
	assert_int_equal(x->f.nodes[2].onbuild->kw, DF_KW_RUN);
	assert_int_equal(df_kw_id("bogus"), DF_KW_UNKNOWN);
	done(x);
}

/* df_is_instruction() and the parser's keyword lookup (by length and
 * first letter): every keyword in any case, and near misses */
static void test_keywords(void **state)
{
	(void)state;
	static const char *const kw[] = {
		"add", "arg", "cmd", "copy", "entrypoint", "env", "expose",
		"from", "healthcheck", "label", "maintainer", "onbuild", "run",
		"shell", "stopsignal", "user", "volume", "workdir",
	};
	for (size_t i = 0; i < sizeof(kw) / sizeof(kw[0]); i++) {
		char up[16], near[16];
		size_t n = strlen(kw[i]);
		for (size_t k = 0; k <= n; k++)
			up[k] = (char)(kw[i][k] >= 'a' ? kw[i][k] - 32 : 0);
		assert_true(df_is_instruction(kw[i], n));
		assert_true(df_is_instruction(up, n));
		assert_false(df_is_instruction(kw[i], n - 1));
		memcpy(near, kw[i], n + 1);
		near[n - 1] = 'x';
		assert_false(df_is_instruction(near, n));
		near[n - 1] = kw[i][n - 1];
		near[0] = 'z';
		assert_false(df_is_instruction(near, n));
		char line[64];
		snprintf(line, sizeof(line), "FROM x\n%s a=b\n", up);
		struct fx *x = parse(line);
		if (!x->rc) {
			const struct df_node *nd = &x->f.nodes[x->f.nnodes - 1];
			assert_string_equal(nd->keyword, kw[i]);
			/* the node's df_kw is the one its text names */
			assert_int_not_equal(nd->kw, DF_KW_UNKNOWN);
			assert_int_equal(nd->kw, df_kw_id(kw[i]));
		}
		done(x);
	}
	assert_false(df_is_instruction("", 0));
	assert_false(df_is_instruction("ad", 2));
	assert_false(df_is_instruction("healthchecks", 12));
	assert_false(df_is_instruction("ar\0", 3));
	dump_is("FROM x\nAGG y\nADG z\n",
		"(from \"x\")\n(agg \"\")\n(adg \"\")\n");
}

static void test_heredocs(void **state)
{
	(void)state;
	struct fx *x = parse("FROM x\n"
			     "RUN <<EOF bash\n"
			     "echo $HOME\n"
			     "EOF\n"
			     "COPY <<-\"A\" 3<<B /dst/\n"
			     "\tone\n"
			     "\tA\n"
			     "two\r\n"
			     "B\n"
			     "RUN [\"<<NOT\"]\n"
			     "RUN echo '<<NOT'\n"
			     "ONBUILD RUN <<X\n"
			     "body\n"
			     "X\n"
			     "USER <<NOT\n");
	assert_int_equal(x->rc, 0);
	assert_int_equal(x->f.nnodes, 7);
	const struct df_node *r = &x->f.nodes[1];
	assert_int_equal(r->nheredocs, 1);
	assert_string_equal(r->heredocs[0].name, "EOF");
	assert_string_equal(r->heredocs[0].content, "echo $HOME\n");
	assert_true(r->heredocs[0].expand);
	assert_int_equal(r->heredocs[0].fd, -1);
	assert_int_equal(r->heredocs[0].line, 3);
	assert_int_equal(r->line, 2);
	assert_int_equal(r->end_line, 4);

	const struct df_node *c = &x->f.nodes[2];
	assert_int_equal(c->nheredocs, 2);
	assert_string_equal(c->heredocs[0].name, "A");
	assert_false(c->heredocs[0].expand);
	assert_true(c->heredocs[0].chomp);
	assert_string_equal(c->heredocs[0].content, "\tone\n");
	assert_string_equal(c->heredocs[1].name, "B");
	assert_int_equal(c->heredocs[1].fd, 3);
	assert_string_equal(c->heredocs[1].content, "two\r\n");
	assert_int_equal(c->end_line, 9);
	assert_int_equal(x->f.nodes[3].nheredocs, 0);
	assert_int_equal(x->f.nodes[4].nheredocs, 0);
	assert_int_equal(x->f.nodes[5].nheredocs, 1);
	assert_string_equal(x->f.nodes[5].heredocs[0].content, "body\n");
	assert_int_equal(x->f.nodes[6].nheredocs, 0);
	done(x);

	fails_with("FROM x\nRUN <<EOF\nno end\n", BH_EPARSE, 2, "unterminated heredoc");
}

static void test_positions(void **state)
{
	(void)state;
	struct fx *x = parse("\xEF\xBB\xBF"
			     "FROM x\r\n"
			     "  RUN  --mount=a  echo one \\\r\n"
			     "# comment\r\n"
			     "\t two\r\n");
	assert_int_equal(x->rc, 0);
	assert_int_equal(x->f.nlines, 4);
	const struct df_node *f = &x->f.nodes[0];
	assert_int_equal(f->line, 1);
	assert_int_equal(f->col, 1);
	assert_string_equal(f->args[0].text, "x");
	const struct df_node *r = &x->f.nodes[1];
	assert_int_equal(r->line, 2);
	assert_int_equal(r->col, 3);
	assert_int_equal(r->end_line, 4);
	assert_string_equal(r->rest, "echo one \t two");
	assert_string_equal(r->original, "RUN  --mount=a  echo one \t two");
	int line, col;
	df_locate(r, 0, &line, &col);
	assert_int_equal(line, 2);
	assert_int_equal(col, 19);
	df_locate(r, 8, &line, &col); /* the blank before the escape */
	assert_int_equal(line, 2);
	assert_int_equal(col, 27);
	df_locate(r, 9, &line, &col); /* the tab of line 4 */
	assert_int_equal(line, 4);
	assert_int_equal(col, 1);
	df_locate(r, 11, &line, &col); /* "two" */
	assert_int_equal(line, 4);
	assert_int_equal(col, 3);
	assert_int_equal(r->args[0].line, 2);
	assert_int_equal(r->args[0].col, 19);
	done(x);
}

static void test_limits(void **state)
{
	(void)state;
	size_t n = DF_MAX_LINE + 1;
	char *big = malloc(n + 16);
	assert_non_null(big);
	memcpy(big, "FROM x\nRUN ", 11);
	memset(big + 11, 'a', n - 4);
	big[11 + n - 4] = 0; /* line 2 is 4 + n - 4 = n bytes */
	struct fx *x = parse(big);
	assert_int_equal(x->rc, BH_ELIMIT);
	assert_int_equal(x->d.line, 2);
	done(x);
	big[11 + n - 5] = 0; /* exactly DF_MAX_LINE: fine */
	x = parse(big);
	assert_int_equal(x->rc, 0);
	done(x);
	free(big);

	struct strbuf sb = STRBUF_INIT;
	for (int i = 0; i < DF_MAX_ONBUILD_DEPTH; i++)
		strbuf_adds(&sb, "ONBUILD ");
	strbuf_adds(&sb, "RUN x\n");
	x = parse(strbuf_str(&sb));
	assert_int_equal(x->rc, BH_ELIMIT);
	done(x);
	strbuf_reset(&sb);
	for (int i = 0; i < DF_MAX_ONBUILD_DEPTH - 1; i++)
		strbuf_adds(&sb, "ONBUILD ");
	strbuf_adds(&sb, "RUN x\n");
	x = parse(strbuf_str(&sb));
	assert_int_equal(x->rc, 0);
	strbuf_reset(&sb);
	df_dump(&x->f, &sb);
	assert_true(strstr(strbuf_str(&sb), "(onbuild (onbuild (run \"x\")") != NULL);
	done(x);
	strbuf_free(&sb);

	/* a small arena cap turns into BH_ELIMIT, not a crash */
	struct arena a;
	arena_init(&a, 4096);
	struct diag d;
	diag_init(&d, "f");
	struct df_file f;
	const char *text = "FROM x\nRUN a b c d e f g h i j k l m n o p\n"
			   "RUN a b c d e f g h i j k l m n o p\n";
	struct strbuf many = STRBUF_INIT;
	for (int i = 0; i < 200; i++)
		strbuf_adds(&many, text);
	assert_int_equal(df_parse(many.buf, many.len, &a, &f, &d), BH_ELIMIT);
	assert_int_equal(f.nnodes, 0);
	arena_free(&a);
	strbuf_free(&many);
}

static void test_binary(void **state)
{
	(void)state;
	static const char bin[] = "RUN a\0b \xff\x01\n\0\0\n";
	struct fx *x = parse_n(bin, sizeof(bin) - 1);
	assert_int_equal(x->rc, 0);
	struct strbuf sb = STRBUF_INIT;
	df_dump(&x->f, &sb);
	/* arguments are quoted; the keyword is printed as it is */
	static const char want[] = "(run \"a\\x00b \\xff\\x01\")\n(\0\0 \"\")\n";
	assert_int_equal(sb.len, sizeof(want) - 1);
	assert_memory_equal(sb.buf, want, sizeof(want) - 1);
	assert_int_equal(x->f.nodes[0].args[0].len, 6);
	strbuf_free(&sb);
	done(x);
}

static void test_quote(void **state)
{
	(void)state;
	struct strbuf sb = STRBUF_INIT;
	const char s[] = "a\"\\\t\x7f\xc2\xa0\xc2\xa9\xe2\x80\x8b\xf0\x9f\x98\x80\xed\xa0\x80";
	df_lex_quote(&sb, s, sizeof(s) - 1);
	assert_string_equal(strbuf_str(&sb),
			    "\"a\\\"\\\\\\t\\x7f\\u00a0\xc2\xa9\\u200b\xf0\x9f\x98\x80\\xed\\xa0\\x80\"");
	strbuf_free(&sb);
}

/* BuildKit's own expectations, when ../shared is around */
static const char *shared_path(const char *rel, char *buf, size_t n)
{
	const char *root = getenv("BH_SHARED");
	snprintf(buf, n, "%s/conformance/buildkit-parser/%s",
		 root ? root : "../shared", rel);
	FILE *f = fopen(buf, "rb");
	if (!f)
		return NULL;
	fclose(f);
	return buf;
}

static struct fx *parse_file(const char *path)
{
	struct diag d;
	diag_init(&d, path);
	char *buf;
	size_t len;
	assert_int_equal(io_read_file(path, BH_MAX_INPUT, &buf, &len, &d), 0);
	struct fx *x = parse_n(buf, len);
	assert_int_equal(x->rc, 0);
	/* the tree must not point into the input buffer */
	memset(buf, 'Z', len);
	free(buf);
	return x;
}

static void test_shared_lines(void **state)
{
	(void)state;
	char p1[512], p2[512];
	if (!shared_path("testfile-line/Dockerfile", p1, sizeof(p1)) ||
	    !shared_path("testfile-line/expected-lines.json", p2, sizeof(p2)))
		skip();
	struct fx *x = parse_file(p1);
	json_t *j = json_load_file(p2, 0, NULL);
	assert_non_null(j);
	json_t *kids = json_object_get(j, "children");
	assert_int_equal(json_array_size(kids), x->f.nnodes);
	for (size_t i = 0; i < x->f.nnodes; i++) {
		json_t *c = json_array_get(kids, i);
		assert_int_equal(json_integer_value(json_object_get(c, "start_line")),
				 x->f.nodes[i].line);
		assert_int_equal(json_integer_value(json_object_get(c, "end_line")),
				 x->f.nodes[i].end_line);
	}
	json_decref(j);
	done(x);
}

static void test_shared_heredocs(void **state)
{
	(void)state;
	char p1[512], p2[512];
	if (!shared_path("heredoc-extracted/Dockerfile", p1, sizeof(p1)) ||
	    !shared_path("heredoc-extracted/expected-heredocs.json", p2, sizeof(p2)))
		skip();
	struct fx *x = parse_file(p1);
	json_t *j = json_load_file(p2, 0, NULL);
	assert_non_null(j);
	json_t *cases = json_object_get(j, "cases");
	assert_true(json_array_size(cases) > 20);
	size_t idx;
	json_t *c;
	json_array_foreach(cases, idx, c) {
		size_t k = (size_t)json_integer_value(json_object_get(c, "child_index"));
		assert_true(k < x->f.nnodes);
		const struct df_node *n = &x->f.nodes[k];
		json_t *hs = json_object_get(c, "heredocs");
		if (json_is_null(hs)) {
			assert_int_equal(n->nheredocs, 0);
			continue;
		}
		assert_int_equal(json_array_size(hs), n->nheredocs);
		for (size_t h = 0; h < n->nheredocs; h++) {
			json_t *e = json_array_get(hs, h);
			const struct df_heredoc *d = &n->heredocs[h];
			assert_string_equal(json_string_value(json_object_get(e, "Name")), d->name);
			assert_string_equal(json_string_value(json_object_get(e, "Content")), d->content);
			assert_int_equal(json_is_true(json_object_get(e, "Expand")), d->expand);
			assert_int_equal(json_is_true(json_object_get(e, "Chomp")), d->chomp);
			assert_int_equal(json_integer_value(json_object_get(e, "FileDescriptor")),
					 d->fd < 0 ? 0 : d->fd);
		}
	}
	json_decref(j);
	done(x);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_basic_dump),
		cmocka_unit_test(test_empty_and_comments),
		cmocka_unit_test(test_directives),
		cmocka_unit_test(test_continuations),
		cmocka_unit_test(test_json_forms),
		cmocka_unit_test(test_flags),
		cmocka_unit_test(test_env_label_arg),
		cmocka_unit_test(test_unknown_and_case),
		cmocka_unit_test(test_keywords),
		cmocka_unit_test(test_heredocs),
		cmocka_unit_test(test_positions),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_binary),
		cmocka_unit_test(test_quote),
		cmocka_unit_test(test_shared_lines),
		cmocka_unit_test(test_shared_heredocs),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
