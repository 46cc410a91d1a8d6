/* SPDX-License-Identifier: Apache-2.0
 *
 * test_dign.c - .dockerignore reading and matching (src/parse/dign.c).
 *
 * The vectors in match_vectors[], multi_vectors[], fnmatch_vectors[] and
 * read_vectors are transcribed as data from moby/patternmatcher
 * (patternmatcher_test.go: TestMatches, multiPatternTests, matchTests,
 * which it takes from Go's filepath tests; ignorefile_test.go: TestReadAll),
 * Apache License 2.0, Copyright Docker, Inc. and the Go Authors (BSD).
 * The expected value is MatchesOrParentMatches' (pass != fail).  The other
 * tests are ours.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parse/dign.h"

struct fixture {
	struct arena a;
	struct dign ign;
	struct diag d;
};

/* Parses "text"; returns the dign_parse code. */
static int parse(struct fixture *f, const char *text)
{
	arena_init(&f->a, 0);
	diag_init(&f->d, ".dockerignore");
	return dign_parse(text, strlen(text), &f->a, &f->ign, &f->d);
}

/* Joins patterns with newlines and checks whether "path" is excluded. */
static bool excluded_by(const char *const *patterns, size_t n,
			const char *path, int *rc)
{
	char buf[4096] = "";
	for (size_t i = 0; i < n; i++) {
		strcat(buf, patterns[i]);
		strcat(buf, "\n");
	}
	struct fixture f;
	*rc = parse(&f, buf);
	bool r = *rc == 0 && dign_excluded(&f.ign, path);
	arena_free(&f.a);
	return r;
}

struct vec {
	const char *pattern;
	const char *path;
	bool excluded;
};

/* patternmatcher_test.go TestMatches (exact and inexact both match). */
static const struct vec match_vectors[] = {
	{ "**", "file", true },
	{ "**", "file/", true },
	{ "**/", "file", true },
	{ "**/", "file/", true },
	{ "**", "/", true },
	{ "**/", "/", true },
	{ "**", "dir/file", true },
	{ "**/", "dir/file", true },
	{ "**", "dir/file/", true },
	{ "**/", "dir/file/", true },
	{ "**/**", "dir/file", true },
	{ "**/**", "dir/file/", true },
	{ "dir/**", "dir/file", true },
	{ "dir/**", "dir/file/", true },
	{ "dir/**", "dir/dir2/file", true },
	{ "dir/**", "dir/dir2/file/", true },
	{ "**/dir", "dir", true },
	{ "**/dir", "dir/file", true },
	{ "**/dir2/*", "dir/dir2/file", true },
	{ "**/dir2/*", "dir/dir2/file/", true },
	{ "**/dir2/**", "dir/dir2/dir3/file", true },
	{ "**/dir2/**", "dir/dir2/dir3/file/", true },
	{ "**file", "file", true },
	{ "**file", "dir/file", true },
	{ "**/file", "dir/file", true },
	{ "**file", "dir/dir/file", true },
	{ "**/file", "dir/dir/file", true },
	{ "**/file*", "dir/dir/file", true },
	{ "**/file*", "dir/dir/file.txt", true },
	{ "**/file*txt", "dir/dir/file.txt", true },
	{ "**/file*.txt", "dir/dir/file.txt", true },
	{ "**/file*.txt*", "dir/dir/file.txt", true },
	{ "**/**/*.txt", "dir/dir/file.txt", true },
	{ "**/**/*.txt2", "dir/dir/file.txt", false },
	{ "**/*.txt", "file.txt", true },
	{ "**/**/*.txt", "file.txt", true },
	{ "a**/*.txt", "a/file.txt", true },
	{ "a**/*.txt", "a/dir/file.txt", true },
	{ "a**/*.txt", "a/dir/dir/file.txt", true },
	{ "a/*.txt", "a/dir/file.txt", false },
	{ "a/*.txt", "a/file.txt", true },
	{ "a/*.txt**", "a/file.txt", true },
	{ "a[b-d]e", "ae", false },
	{ "a[b-d]e", "ace", true },
	{ "a[b-d]e", "aae", false },
	{ "a[^b-d]e", "aze", true },
	{ ".*", ".foo", true },
	{ ".*", "foo", false },
	{ "abc.def", "abcdef", false },
	{ "abc.def", "abc.def", true },
	{ "abc.def", "abcZdef", false },
	{ "abc?def", "abcZdef", true },
	{ "abc?def", "abcdef", false },
	{ "**/foo/bar", "foo/bar", true },
	{ "**/foo/bar", "dir/foo/bar", true },
	{ "**/foo/bar", "dir/dir2/foo/bar", true },
	{ "abc/**", "abc", false },
	{ "abc/**", "abc/def", true },
	{ "abc/**", "abc/def/ghi", true },
	{ "**/.foo", ".foo", true },
	{ "**/.foo", "bar.foo", false },
	{ "a(b)c/def", "a(b)c/def", true },
	{ "a(b)c/def", "a(b)c/xyz", false },
	{ "a.|)$(}+{bc", "a.|)$(}+{bc", true },
	{ "dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl",
	  "dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl", true },
	{ "dist/*.whl",
	  "dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl", true },
	{ "a\\\\", "a\\", true },
	{ "a\\*b", "a*b", true },
};

/* patternmatcher_test.go matchTests (from Go's filepath tests), the ones
 * that are valid patterns. */
static const struct vec fnmatch_vectors[] = {
	{ "abc", "abc", true },
	{ "*", "abc", true },
	{ "*c", "abc", true },
	{ "a*", "a", true },
	{ "a*", "abc", true },
	{ "a*", "ab/c", true },
	{ "a*/b", "abc/b", true },
	{ "a*/b", "a/c/b", false },
	{ "a*b*c*d*e*/f", "axbxcxdxe/f", true },
	{ "a*b*c*d*e*/f", "axbxcxdxexxx/f", true },
	{ "a*b*c*d*e*/f", "axbxcxdxe/xxx/f", false },
	{ "a*b*c*d*e*/f", "axbxcxdxexxx/fff", false },
	{ "a*b?c*x", "abxbbxdbxebxczzx", true },
	{ "a*b?c*x", "abxbbxdbxebxczzy", false },
	{ "ab[c]", "abc", true },
	{ "ab[b-d]", "abc", true },
	{ "ab[e-g]", "abc", false },
	{ "ab[^c]", "abc", false },
	{ "ab[^b-d]", "abc", false },
	{ "ab[^e-g]", "abc", true },
	{ "a\\*b", "a*b", true },
	{ "a\\*b", "ab", false },
	{ "a?b", "a\xe2\x98\xba" "b", true },
	{ "a[^a]b", "a\xe2\x98\xba" "b", true },
	{ "a???b", "a\xe2\x98\xba" "b", false },
	{ "a[^a][^a][^a]b", "a\xe2\x98\xba" "b", false },
	{ "[a-\xce\xb6]*", "\xce\xb1", true },
	{ "*[a-\xce\xb6]", "A", false },
	{ "a?b", "a/b", false },
	{ "a*b", "a/b", false },
	{ "[\\]a]", "]", true },
	{ "[\\-]", "-", true },
	{ "[x\\-]", "x", true },
	{ "[x\\-]", "-", true },
	{ "[x\\-]", "z", false },
	{ "[\\-x]", "x", true },
	{ "[\\-x]", "-", true },
	{ "[\\-x]", "a", false },
	{ "*x", "xxx", true },
};

/* matchTests with ErrBadPattern, plus patternmatcher's "[Local-Only]/"
 * (an inverted range Go's regexp rejects) and a lone "!". */
static const char *const bad_patterns[] = {
	"[]a]", "[-]", "[x-]", "[-x]", "\\", "[a-b-c]", "[", "[^", "[^bc",
	"a[", "[Local-Only]/", "!", "! ", "!/",
};

struct multi {
	const char *patterns[4];
	const char *path;
	bool excluded;
};

/* patternmatcher_test.go multiPatternTests and the single-case tests. */
static const struct multi multi_vectors[] = {
	{ { "**", "!util/docker/web" }, "util/docker/web/foo", false },
	{ { "**", "!util/docker/web", "util/docker/web/foo" },
	  "util/docker/web/foo", true },
	{ { "**", "!dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl" },
	  "dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl", false },
	{ { "**", "!dist/*.whl" },
	  "dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl", false },
	{ { "*" }, "fileutils.go", true },
	{ { "*.go" }, "fileutils.go", true },
	{ { "!fileutils.go", "*.go" }, "fileutils.go", true },
	{ { "docs", "!docs/README.md" }, "docs/README.md", false },
	{ { "docs/", "!docs/README.md" }, "docs/README.md", false },
	{ { "docs/*", "!docs/README.md" }, "docs/README.md", false },
	{ { "*.go", "!fileutils.go" }, "fileutils.go", false },
	/* ours: a parent directory's exclusion covers its children */
	{ { "node_modules" }, "node_modules/a/b/c.js", true },
	{ { "node_modules" }, "src/node_modules/x", false },
	{ { "**/node_modules" }, "src/node_modules/x", true },
	{ { "*/tmp" }, "a/tmp/x/y", true },
	{ { "*/tmp" }, "tmp/x", false },
	{ { "/build/", "!/build/keep" }, "build/keep", false },
	{ { "/build/", "!/build/keep" }, "build/other", true },
	{ { "./secret.txt" }, "secret.txt", true },
	{ { "a/../b" }, "b", true },
	{ { "a/../b" }, "a/b", false },
	{ { "*.md", "!README*.md", "README-secret.md" }, "README-secret.md",
	  true },
	{ { "*.md", "!README*.md", "README-secret.md" }, "README.md", false },
	{ { "**", "!src", "src/**/*.test" }, "src/a/b.test", true },
	{ { "**", "!src", "src/**/*.test" }, "src/a/b.c", false },
	{ { "**", "!src", "src/**/*.test" }, "other", true },
	{ { "**foo" }, "barfoo", true },      /* suffix type, no slash */
	{ { "foo**" }, "foobar/x", true },    /* prefix type */
	{ { "[a-c]*" }, "b/c", true },
	{ { "?" }, "\xce\xb1", true },        /* ? is one rune */
	{ { "??" }, "\xce\xb1", false },
	{ { "[^a]" }, "/", true },           /* Go's regexp class */
};

static void patternmatcher_vectors(void **state)
{
	(void)state;
	int failures = 0;
	for (size_t i = 0; i < sizeof(match_vectors) / sizeof(match_vectors[0]);
	     i++) {
		const struct vec *v = &match_vectors[i];
		int rc;
		bool got = excluded_by(&v->pattern, 1, v->path, &rc);
		if (rc != 0 || got != v->excluded) {
			printf("TestMatches: %s on %s: got %d rc %d\n",
			       v->pattern, v->path, got, rc);
			failures++;
		}
	}
	assert_int_equal(failures, 0);
}

static void filepath_vectors(void **state)
{
	(void)state;
	int failures = 0;
	for (size_t i = 0;
	     i < sizeof(fnmatch_vectors) / sizeof(fnmatch_vectors[0]); i++) {
		const struct vec *v = &fnmatch_vectors[i];
		int rc;
		bool got = excluded_by(&v->pattern, 1, v->path, &rc);
		if (rc != 0 || got != v->excluded) {
			printf("matchTests: %s on %s: got %d rc %d\n",
			       v->pattern, v->path, got, rc);
			failures++;
		}
	}
	assert_int_equal(failures, 0);
}

static void bad_patterns_fail(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(bad_patterns) / sizeof(bad_patterns[0]);
	     i++) {
		char buf[128];
		snprintf(buf, sizeof(buf), "ok\n%s\n", bad_patterns[i]);
		struct fixture f;
		int rc = parse(&f, buf);
		if (rc != BH_EPARSE)
			printf("bad pattern accepted: %s\n", bad_patterns[i]);
		assert_int_equal(rc, BH_EPARSE);
		assert_int_equal(f.d.line, 2);
		arena_free(&f.a);
	}
}

static void multi_pattern_vectors(void **state)
{
	(void)state;
	int failures = 0;
	for (size_t i = 0; i < sizeof(multi_vectors) / sizeof(multi_vectors[0]);
	     i++) {
		const struct multi *m = &multi_vectors[i];
		size_t n = 0;
		while (n < 4 && m->patterns[n])
			n++;
		int rc;
		bool got = excluded_by(m->patterns, n, m->path, &rc);
		if (rc != 0 || got != m->excluded) {
			printf("multi %zu (%s...) on %s: got %d rc %d\n", i,
			       m->patterns[0], m->path, got, rc);
			failures++;
		}
	}
	assert_int_equal(failures, 0);
}

/* ignorefile_test.go TestReadAll, minus its "!" lines (a lone "!" makes
 * patternmatcher.New fail, which bad_patterns_fail covers). */
static void read_all(void **state)
{
	(void)state;
	struct fixture f;
	const char *text = "test1\n/test2\n/a/file/here\n\nlastfile\n"
			   "# this is a comment\n! /inverted/abs/path\n";
	assert_int_equal(parse(&f, text), 0);
	assert_int_equal(f.ign.npatterns, 5);
	assert_string_equal(f.ign.patterns[0].text, "test1");
	assert_string_equal(f.ign.patterns[1].text, "test2");
	assert_string_equal(f.ign.patterns[2].text, "a/file/here");
	assert_string_equal(f.ign.patterns[3].text, "lastfile");
	assert_string_equal(f.ign.patterns[4].text, "inverted/abs/path");
	assert_true(f.ign.patterns[4].exclusion);
	assert_false(f.ign.patterns[3].exclusion);
	assert_int_equal(f.ign.patterns[4].line, 7);
	assert_true(dign_may_reinclude(&f.ign));
	arena_free(&f.a);
}

static void reader_details(void **state)
{
	(void)state;
	struct fixture f;
	/* BOM, CRLF, comment only in column 1, trailing blanks, ./ and
	 * trailing / cleaned, unicode space trimmed */
	const char *text = "\xEF\xBB\xBF" "a.txt\r\n"
			   "  # not a comment\r\n"
			   "./b/\t \n"
			   "\xC2\xA0" "c//d/./e\n"
			   "\n#x\n";
	assert_int_equal(parse(&f, text), 0);
	assert_int_equal(f.ign.npatterns, 4);
	assert_string_equal(f.ign.patterns[0].text, "a.txt");
	assert_string_equal(f.ign.patterns[1].text, "# not a comment");
	assert_string_equal(f.ign.patterns[2].text, "b");
	assert_string_equal(f.ign.patterns[3].text, "c/d/e");
	assert_false(dign_may_reinclude(&f.ign));
	assert_true(dign_excluded(&f.ign, "a.txt"));
	assert_true(dign_excluded(&f.ign, "b/x/y"));
	assert_true(dign_excluded(&f.ign, "# not a comment"));
	assert_false(dign_excluded(&f.ign, "c/d"));
	assert_true(dign_excluded(&f.ign, "c/d/e/f"));
	assert_false(dign_excluded(&f.ign, "x/a.txt"));
	assert_false(dign_excluded(NULL, "a.txt"));
	arena_free(&f.a);

	/* empty and comment-only files */
	assert_int_equal(parse(&f, ""), 0);
	assert_int_equal(f.ign.npatterns, 0);
	assert_false(dign_excluded(&f.ign, "anything"));
	arena_free(&f.a);
	assert_int_equal(parse(&f, "# only\n\n   \n"), 0);
	assert_int_equal(f.ign.npatterns, 0);
	arena_free(&f.a);
}

static void limits(void **state)
{
	(void)state;
	struct fixture f;
	/* an over-long line */
	size_t n = DIGN_MAX_LINE + 10;
	char *big = malloc(n + 1);
	assert_non_null(big);
	memset(big, 'a', n);
	big[n] = 0;
	assert_int_equal(parse(&f, big), BH_ELIMIT);
	arena_free(&f.a);
	/* many stars: the NFA stays linear (this would take ages with
	 * naive backtracking) */
	char pat[2100];
	size_t k = 0;
	for (int i = 0; i < 1000; i++) {
		pat[k++] = 'a';
		pat[k++] = '*';
	}
	pat[k++] = 'b';
	pat[k] = 0;
	assert_int_equal(parse(&f, pat), 0);
	memset(big, 'a', 4000);
	big[4000] = 0;
	assert_false(dign_excluded(&f.ign, big));
	big[3999] = 'b';
	assert_true(dign_excluded(&f.ign, big));
	arena_free(&f.a);
	/* a path too long never matches (and does not overflow) */
	assert_int_equal(parse(&f, "**"), 0);
	char *longp = malloc(DIGN_MAX_PATH + 100);
	assert_non_null(longp);
	memset(longp, 'x', DIGN_MAX_PATH + 99);
	longp[DIGN_MAX_PATH + 99] = 0;
	assert_false(dign_excluded(&f.ign, longp));
	assert_true(dign_excluded(&f.ign, "x"));
	arena_free(&f.a);
	free(longp);
	free(big);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(patternmatcher_vectors),
		cmocka_unit_test(filepath_vectors),
		cmocka_unit_test(bad_patterns_fail),
		cmocka_unit_test(multi_pattern_vectors),
		cmocka_unit_test(read_all),
		cmocka_unit_test(reader_details),
		cmocka_unit_test(limits),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
