/* SPDX-License-Identifier: Apache-2.0
 *
 * test_yml.c - the libfyaml wrapper: positions, anchors and merges as
 * Compose resolves them, duplicate keys, booleans, and the bounds that
 * reject alias bombs and deep nesting; the pre-pass (yml_guard.c) that
 * refuses what libfyaml 0.7.12 bombs or crashes on.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "parse/yml.h"
#include "util/arena.h"
#include "util/diag.h"

struct fx {
	struct arena a;
	struct diag d;
	struct yml_stream s;
};

static int parse(struct fx *f, const char *text, const struct yml_limits *l)
{
	arena_init(&f->a, 0);
	diag_init(&f->d, "t.yml");
	return yml_parse(&f->a, text, strlen(text), l, &f->s, &f->d);
}

static struct yml_node *root(struct fx *f)
{
	assert_true(f->s.ndocs >= 1);
	return f->s.docs[0].root;
}

static void positions_are_one_based(void **state)
{
	(void)state;
	struct fx f;
	assert_int_equal(parse(&f, "services:\n  web:\n    image: \"nginx\"\n", NULL), BH_OK);
	const struct yml_pair *p = yml_get_pair(yml_get(yml_get(root(&f), "services"), "web"), "image");
	assert_non_null(p);
	assert_int_equal(p->key->line, 3);
	assert_int_equal(p->key->col, 5);
	assert_int_equal(p->value->line, 3);
	assert_int_equal(p->value->col, 12);
	assert_int_equal(p->value->style, YML_DOUBLE_QUOTED);
	assert_true(yml_scalar_eq(p->value, "nginx"));
	struct bh_span sp = yml_span(p->value);
	assert_int_equal(sp.end_line, 3);
	assert_int_equal(sp.end_col, 19);
	assert_non_null(yml_get_path(root(&f), "services.web.image"));
	assert_null(yml_get_path(root(&f), "services.web.user"));
	arena_free(&f.a);
}

/* Columns count bytes, not characters (libfyaml's), after non-ASCII
 * text, in flow and block style, on the end marks too; the value span
 * leaves the quotes out. */
static void columns_are_bytes(void **state)
{
	(void)state;
	struct fx f;
	/* "é" 2 bytes, "日本" 6, "🚀" 4 */
	assert_int_equal(parse(&f, "a: {n\xc3\xa9: \"\xe6\x97\xa5\xe6\x9c\xac\", "
			      "v: \"\xf0\x9f\x9a\x80x\"}\n"
			      "b:\n  - \xe6\x97\xa5: tok\n", NULL), BH_OK);
	const struct yml_node *a = yml_get(root(&f), "a");
	const struct yml_pair *v = yml_get_pair(a, "v");
	assert_non_null(v);
	/* "a: {" 4 + "n\u00e9" 3 + ": " 2 + "\"\u65e5\u672c\"" 8 + ", " 2:
	 * 19 bytes (11 characters) before v */
	assert_int_equal(v->key->col, 20);
	assert_int_equal(v->value->col, 23);
	assert_int_equal(v->value->end_col, 30);
	struct bh_span vs = yml_value_span(v->value);
	assert_int_equal(vs.col, 24);
	assert_int_equal(vs.end_col, 29);
	const struct yml_node *b = yml_get(root(&f), "b");
	assert_true(yml_is_seq(b));
	const struct yml_pair *t = &b->items[0]->pairs[0];
	assert_int_equal(t->value->line, 3);
	assert_int_equal(t->value->col, 10);
	assert_int_equal(t->value->end_col, 13);
	arena_free(&f.a);
	/* an error column after non-ASCII text is a byte column too */
	assert_int_equal(parse(&f, "x: 1\n\xe6\x97\xa5: b: c\n", NULL), BH_EPARSE);
	assert_int_equal(f.d.line, 2);
	/* at the second ':': character 5, byte 7 */
	assert_int_equal(f.d.col, 7);
	arena_free(&f.a);
}

static void aliases_share_the_anchored_node(void **state)
{
	(void)state;
	struct fx f;
	assert_int_equal(parse(&f, "a: &x {k: v}\nb: *x\nc: &s hello\nd: *s\n", NULL), BH_OK);
	assert_ptr_equal(yml_get(root(&f), "a"), yml_get(root(&f), "b"));
	assert_true(yml_scalar_eq(yml_get(root(&f), "d"), "hello"));
	assert_string_equal(yml_get(root(&f), "a")->anchor, "x");
	arena_free(&f.a);
}

static void anchor_redefinition_takes_latest(void **state)
{
	(void)state;
	struct fx f;
	assert_int_equal(parse(&f, "a: &x one\nb: *x\nc: &x two\nd: *x\n", NULL), BH_OK);
	assert_true(yml_scalar_eq(yml_get(root(&f), "b"), "one"));
	assert_true(yml_scalar_eq(yml_get(root(&f), "d"), "two"));
	arena_free(&f.a);
}

static void merge_key_own_keys_win(void **state)
{
	(void)state;
	struct fx f;
	const char *y =
		"x-base: &base\n"
		"  image: base\n"
		"  user: root\n"
		"svc:\n"
		"  <<: *base\n"
		"  user: app\n";
	assert_int_equal(parse(&f, y, NULL), BH_OK);
	struct yml_node *svc = yml_get(root(&f), "svc");
	assert_int_equal(svc->n, 2);
	assert_true(yml_scalar_eq(yml_get(svc, "user"), "app"));
	const struct yml_pair *img = yml_get_pair(svc, "image");
	assert_true(yml_scalar_eq(img->value, "base"));
	/* merged pairs keep the anchor's positions */
	assert_int_equal(img->key->line, 2);
	assert_null(yml_get(svc, "<<"));
	arena_free(&f.a);
}

static void merge_list_earlier_wins(void **state)
{
	(void)state;
	struct fx f;
	const char *y =
		"a: &a {k: 1, p: a}\n"
		"b: &b {k: 2, q: b}\n"
		"m:\n"
		"  <<: [*a, *b]\n"
		"  z: 0\n";
	assert_int_equal(parse(&f, y, NULL), BH_OK);
	struct yml_node *m = yml_get(root(&f), "m");
	assert_int_equal(m->n, 4);
	assert_true(yml_scalar_eq(yml_get(m, "k"), "1"));
	assert_true(yml_scalar_eq(yml_get(m, "p"), "a"));
	assert_true(yml_scalar_eq(yml_get(m, "q"), "b"));
	assert_true(yml_scalar_eq(m->pairs[0].key, "z"));
	arena_free(&f.a);
}

static void quoted_merge_key_is_plain_key(void **state)
{
	(void)state;
	struct fx f;
	assert_int_equal(parse(&f, "m:\n  \"<<\": 1\n", NULL), BH_OK);
	assert_true(yml_scalar_eq(yml_get(yml_get(root(&f), "m"), "<<"), "1"));
	arena_free(&f.a);
}

static void bad_merge_value_fails(void **state)
{
	(void)state;
	struct fx f;
	assert_int_equal(parse(&f, "m:\n  <<: scalar\n", NULL), BH_EPARSE);
	assert_int_equal(f.d.line, 2);
	assert_non_null(strstr(f.d.message, "merge key"));
	assert_int_equal(f.s.ndocs, 0);
	arena_free(&f.a);
}

static void duplicate_key_fails_with_both_lines(void **state)
{
	(void)state;
	struct fx f;
	assert_int_equal(parse(&f, "a: 1\nb: 2\na: 3\n", NULL), BH_EPARSE);
	assert_int_equal(f.d.line, 3);
	assert_int_equal(f.d.col, 1);
	assert_non_null(strstr(f.d.message, "duplicate key \"a\" (first at line 1)"));
	arena_free(&f.a);
}

/* Mappings of every size up to past the pair-by-pair bound (SMALL_MAP in
 * yml.c) and past it: the first repeated key is named, with the line of
 * its first use; a [k] key (not a scalar) is no duplicate of "k". */
static void duplicate_key_in_small_and_large_maps(void **state)
{
	(void)state;
	for (int n = 2; n <= 40; n++) {
		char text[1024];
		size_t off = 0;
		for (int i = 0; i < n; i++)
			off += (size_t)snprintf(text + off, sizeof(text) - off,
						"k%d: %d\n", i, i);
		off += (size_t)snprintf(text + off, sizeof(text) - off,
					"[k1]: x\nk%d: again\nk1: again\n", n / 2);
		struct fx f;
		assert_int_equal(parse(&f, text, NULL), BH_EPARSE);
		assert_int_equal(f.d.line, n + 2);
		char want[64];
		snprintf(want, sizeof(want), "duplicate key \"k%d\" (first at line %d)",
			 n / 2, n / 2 + 1);
		assert_non_null(strstr(f.d.message, want));
		arena_free(&f.a);
		off = 0;
		for (int i = 0; i < n; i++)
			off += (size_t)snprintf(text + off, sizeof(text) - off,
						"k%d: %d\n", i, i);
		off += (size_t)snprintf(text + off, sizeof(text) - off,
					"[k1]: x\n");
		assert_int_equal(parse(&f, text, NULL), BH_OK);
		arena_free(&f.a);
	}
}

static void undefined_and_recursive_alias_fail(void **state)
{
	(void)state;
	struct fx f;
	assert_int_equal(parse(&f, "a: *nope\n", NULL), BH_EPARSE);
	assert_non_null(strstr(f.d.message, "no anchor"));
	arena_free(&f.a);
	assert_int_equal(parse(&f, "a: &x\n  b: *x\n", NULL), BH_EPARSE);
	assert_non_null(strstr(f.d.message, "recursive"));
	arena_free(&f.a);
}

static void syntax_error_has_position(void **state)
{
	(void)state;
	struct fx f;
	assert_int_equal(parse(&f, "x: 1\na: b: c\n", NULL), BH_EPARSE);
	assert_int_equal(f.d.line, 2);
	assert_true(f.d.col > 0);
	assert_true(strlen(f.d.message) > 0);
	char buf[900];
	diag_format(&f.d, buf, sizeof(buf));
	assert_memory_equal(buf, "t.yml:2:", 8);
	assert_null(strchr(buf, '\n'));
	arena_free(&f.a);
	assert_int_equal(parse(&f, "a: [1, 2\n", NULL), BH_EPARSE);
	arena_free(&f.a);
}

static void multi_document_streams(void **state)
{
	(void)state;
	struct fx f;
	assert_int_equal(parse(&f, "a: &x 1\n---\nb: 2\n---\n", NULL), BH_OK);
	assert_int_equal(f.s.ndocs, 3);
	assert_int_equal(f.s.docs[1].line, 2);
	assert_true(yml_scalar_eq(yml_get(f.s.docs[1].root, "b"), "2"));
	assert_null(f.s.docs[2].root);
	arena_free(&f.a);
	/* anchors do not cross documents */
	assert_int_equal(parse(&f, "a: &x 1\n---\nb: *x\n", NULL), BH_EPARSE);
	arena_free(&f.a);
	struct yml_limits l = { .max_docs = 2 };
	assert_int_equal(parse(&f, "a\n---\nb\n---\nc\n", &l), BH_ELIMIT);
	arena_free(&f.a);
}

static void billion_laughs_is_rejected_quickly(void **state)
{
	(void)state;
	char buf[4096];
	int n = snprintf(buf, sizeof(buf), "a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
	for (int i = 1; i < 12; i++)
		n += snprintf(buf + n, sizeof(buf) - (size_t)n,
			      "a%d: &a%d [*a%d, *a%d, *a%d, *a%d, *a%d, *a%d, *a%d, *a%d, *a%d, *a%d]\n",
			      i, i, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1);
	struct fx f;
	clock_t t0 = clock();
	assert_int_equal(parse(&f, buf, NULL), BH_ELIMIT);
	assert_true((double)(clock() - t0) / CLOCKS_PER_SEC < 1.0);
	assert_non_null(strstr(f.d.message, "aliases"));
	assert_true(f.a.used < (size_t)16 << 20);
	arena_free(&f.a);
	/* merge-key bombs are bounded the same way */
	n = snprintf(buf, sizeof(buf), "m0: &m0 {a: 1, b: 2, c: 3, d: 4, e: 5, f: 6, g: 7, h: 8}\n");
	for (int i = 1; i < 40; i++)
		n += snprintf(buf + n, sizeof(buf) - (size_t)n,
			      "m%d: &m%d {<<: *m%d, k%d: [*m%d, *m%d, *m%d]}\n",
			      i, i, i - 1, i, i - 1, i - 1, i - 1);
	assert_int_equal(parse(&f, buf, NULL), BH_ELIMIT);
	arena_free(&f.a);
}

static void small_alias_use_is_fine(void **state)
{
	(void)state;
	struct fx f;
	struct yml_limits l = { .max_nodes = 30 };
	assert_int_equal(parse(&f, "a: &a [1, 2, 3]\nb: [*a, *a]\n", &l), BH_OK);
	arena_free(&f.a);
	l.max_nodes = 10;
	assert_int_equal(parse(&f, "a: &a [1, 2, 3]\nb: [*a, *a]\n", &l), BH_ELIMIT);
	/* the message says which bound: the aliases expanded... */
	assert_non_null(strstr(f.d.message, "with aliases expanded"));
	arena_free(&f.a);
	/* ...or the document's own size (no alias, no merge) */
	assert_int_equal(parse(&f, "a: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]\n", &l),
			 BH_ELIMIT);
	assert_non_null(strstr(f.d.message, "too large: over 10 nodes (no "
				"aliases"));
	assert_null(strstr(f.d.message, "expanded"));
	arena_free(&f.a);
	/* aliases of one document do not count against the next */
	assert_int_equal(parse(&f, "a: &a [1]\nb: [*a]\n---\n"
				"c: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]\n", &l),
			 BH_ELIMIT);
	assert_non_null(strstr(f.d.message, "(no aliases"));
	arena_free(&f.a);
}

static void deep_nesting_is_rejected(void **state)
{
	(void)state;
	size_t depth = 100000;
	char *s = malloc(depth * 2 + 1);
	assert_non_null(s);
	memset(s, '[', depth);
	memset(s + depth, ']', depth);
	s[depth * 2] = 0;
	struct fx f;
	assert_int_equal(parse(&f, s, NULL), BH_ELIMIT);
	assert_non_null(strstr(f.d.message, "deeper than 200"));
	arena_free(&f.a);
	/* 1,000 deep in block style */
	struct strbuf_like { char *p; size_t n; } b = { s, 0 };
	for (int i = 0; i < 1000 && b.n + 2100 < depth * 2; i++) {
		for (int j = 0; j < i; j++)
			b.p[b.n++] = ' ';
		b.p[b.n++] = 'k';
		b.p[b.n++] = ':';
		b.p[b.n++] = '\n';
		if (b.n > depth * 2 - 4000)
			break;
	}
	b.p[b.n] = 0;
	assert_int_equal(parse(&f, s, NULL), BH_ELIMIT);
	arena_free(&f.a);
	/* 150 deep is fine */
	memset(s, '[', 150);
	memset(s + 150, ']', 150);
	s[300] = 0;
	assert_int_equal(parse(&f, s, NULL), BH_OK);
	arena_free(&f.a);
	free(s);
}

static void booleans_yaml11_and_quoted(void **state)
{
	(void)state;
	struct fx f;
	assert_int_equal(parse(&f, "a: yes\nb: \"true\"\nc: True\nd: !!str true\ne: off\nf: maybe\ng: |\n  true\n", NULL), BH_OK);
	struct yml_node *r = root(&f);
	bool v = false;
	assert_false(yml_as_bool(yml_get(r, "a"), 0, &v));
	assert_true(yml_as_bool(yml_get(r, "a"), YML_BOOL_11, &v));
	assert_true(v);
	assert_false(yml_as_bool(yml_get(r, "b"), YML_BOOL_11, &v));
	assert_true(yml_as_bool(yml_get(r, "b"), YML_BOOL_QUOTED, &v));
	assert_true(v);
	assert_true(yml_as_bool(yml_get(r, "c"), 0, &v));
	assert_false(yml_as_bool(yml_get(r, "d"), YML_BOOL_11 | YML_BOOL_QUOTED, &v));
	assert_true(yml_as_bool(yml_get(r, "e"), YML_BOOL_11, &v));
	assert_false(v);
	assert_false(yml_as_bool(yml_get(r, "f"), YML_BOOL_11 | YML_BOOL_QUOTED, &v));
	assert_false(yml_as_bool(yml_get(r, "g"), YML_BOOL_11 | YML_BOOL_QUOTED, &v));
	arena_free(&f.a);
}

static void integers_and_nulls(void **state)
{
	(void)state;
	struct fx f;
	assert_int_equal(parse(&f, "a: 42\nb: '-7'\nc: 99999999999999999999\nd: 1.5\ne:\nf: ~\ng: 'null'\n", NULL), BH_OK);
	struct yml_node *r = root(&f);
	long long v = 0;
	assert_true(yml_as_int(yml_get(r, "a"), false, &v));
	assert_int_equal(v, 42);
	assert_false(yml_as_int(yml_get(r, "b"), false, &v));
	assert_true(yml_as_int(yml_get(r, "b"), true, &v));
	assert_int_equal(v, -7);
	assert_false(yml_as_int(yml_get(r, "c"), false, &v));
	assert_false(yml_as_int(yml_get(r, "d"), false, &v));
	assert_true(yml_is_null(yml_get(r, "e")));
	assert_true(yml_is_null(yml_get(r, "f")));
	assert_false(yml_is_null(yml_get(r, "g")));
	assert_false(yml_is_null(NULL));
	arena_free(&f.a);
}

static void tags_are_kept(void **state)
{
	(void)state;
	struct fx f;
	assert_int_equal(parse(&f, "a: !reset []\nb: !override {x: 1}\n", NULL), BH_OK);
	assert_string_equal(yml_get(root(&f), "a")->tag, "!reset");
	assert_string_equal(yml_get(root(&f), "b")->tag, "!override");
	arena_free(&f.a);
}

static void invalid_utf8_is_rejected_before_libfyaml(void **state)
{
	(void)state;
	struct fx f;
	/* "%\xfa" made libfyaml 0.7.12 loop forever (found by fuzzing) */
	assert_int_equal(parse(&f, "%\xfa", NULL), BH_EPARSE);
	assert_int_equal(f.d.col, 2);
	arena_free(&f.a);
	assert_int_equal(parse(&f, "a: 1\nb: \xc0\xaf\n", NULL), BH_EPARSE);
	assert_int_equal(f.d.line, 2);
	assert_int_equal(f.d.col, 4);
	assert_non_null(strstr(f.d.message, "UTF-8"));
	arena_free(&f.a);
	assert_int_equal(parse(&f, "a: \xed\xa0\x80\n", NULL), BH_EPARSE);
	arena_free(&f.a);
	arena_init(&f.a, 0);
	diag_init(&f.d, "t.yml");
	assert_int_equal(yml_parse(&f.a, "a: b\0c", 6, NULL, &f.s, &f.d), BH_EPARSE);
	assert_non_null(strstr(f.d.message, "NUL"));
	arena_free(&f.a);
	assert_int_equal(parse(&f, "\xef\xbb\xbf" "a: \xc3\xa9\xe2\x82\xac\xf0\x9f\x90\xb3\n", NULL), BH_OK);
	assert_true(yml_scalar_eq(yml_get(root(&f), "a"), "\xc3\xa9\xe2\x82\xac\xf0\x9f\x90\xb3"));
	arena_free(&f.a);
}

static void arena_cap_is_a_limit(void **state)
{
	(void)state;
	struct fx f;
	char big[8192];
	memset(big, 0, sizeof(big));
	for (int i = 0; i < 400; i++)
		snprintf(big + strlen(big), sizeof(big) - strlen(big), "k%d: v\n", i);
	arena_init(&f.a, 4096);
	diag_init(&f.d, "t.yml");
	assert_int_equal(yml_parse(&f.a, big, strlen(big), NULL, &f.s, &f.d), BH_ELIMIT);
	arena_free(&f.a);
}

/* yml_guard.c: the forms libfyaml 0.7.12 bombs or crashes on are refused
 * at their place; the forms next to them still parse. */
static void guard_refuses_libfyaml_bombs_and_crashers(void **state)
{
	(void)state;
	struct fx f;
	/* libfyaml frees a simple key twice on this (SIGSEGV) */
	assert_int_equal(parse(&f, "x: 1\n- ? a :\t- b\n", NULL), BH_EPARSE);
	assert_int_equal(f.d.line, 2);
	assert_int_equal(f.d.col, 7);
	assert_non_null(strstr(f.d.message, "libfyaml crashes"));
	arena_free(&f.a);
	/* no '?' before it: libfyaml's own message, not the guard's */
	assert_int_equal(parse(&f, "a :\t- b\n", NULL), BH_EPARSE);
	assert_null(strstr(f.d.message, "libfyaml crashes"));
	arena_free(&f.a);
	/* a tab after ':' before a plain value, or the '?' in quotes: fine */
	assert_int_equal(parse(&f, "? a\n: b\nc:\td\n", NULL), BH_OK);
	arena_free(&f.a);
	assert_int_equal(parse(&f, "a: \"? x\"\nb:\t|\n  text\n", NULL), BH_OK);
	arena_free(&f.a);
	/* the explicit key has ended (a line at its column or less, a new
	 * document): valid YAML libfyaml parses, not refused */
	assert_int_equal(parse(&f, "? x\n: y\nc:\t|\n  text\n", NULL), BH_OK);
	arena_free(&f.a);
	assert_int_equal(parse(&f, "? x\n: y\n---\nc :\t>\n  text\n", NULL), BH_OK);
	arena_free(&f.a);
	assert_int_equal(parse(&f, "- ?\n  b:\t|\n    t\n", NULL), BH_OK);
	arena_free(&f.a);
	/* still inside the key (indented past the '?'), or a tab in the
	 * indentation: refused (libfyaml crashes on the first) */
	assert_int_equal(parse(&f, "- ?\n   b :\t>\n", NULL), BH_EPARSE);
	assert_non_null(strstr(f.d.message, "libfyaml crashes"));
	arena_free(&f.a);
	assert_int_equal(parse(&f, "?\n  a :\t- b\n", NULL), BH_EPARSE);
	assert_non_null(strstr(f.d.message, "libfyaml crashes"));
	arena_free(&f.a);
	/* "- " at the '?' column is still the key's content; a line taken
	 * for a plain scalar's continuation is looked at: libfyaml crashes
	 * on each of these (found by a differential fuzz against it) */
	static const char *const crash[] = {
		"? \n- x:\t||k: : &a \n",
		"\n: ? \n  - &a :\t:'y': b\"x\"#c:\n",
		"? k: :?...\n  &a :\t?\n",
		"? : ------{\n\n  b:\t? 'y']\n",
	};
	for (size_t i = 0; i < sizeof(crash) / sizeof(*crash); i++) {
		assert_int_equal(parse(&f, crash[i], NULL), BH_EPARSE);
		assert_non_null(strstr(f.d.message, "libfyaml crashes"));
		arena_free(&f.a);
	}

	/* 201 nested flow collections: refused at the 201st */
	char *t = malloc(1000);
	assert_non_null(t);
	strcpy(t, "k: ");
	for (int i = 0; i < 201; i++)
		strcat(t, "[");
	assert_int_equal(parse(&f, t, NULL), BH_ELIMIT);
	assert_int_equal(f.d.col, 204);
	assert_non_null(strstr(f.d.message, "flow collections nested deeper than 200"));
	arena_free(&f.a);
	free(t);

	/* over 250,000 items on one line at a key position: refused; the same as
	 * a mapping value (no key pending: libfyaml hands each out) parses */
	size_t n = 125001, cap = 3 * n + 64;
	t = malloc(cap);
	assert_non_null(t);
	strcpy(t, "-  [");
	for (size_t i = 0; i < n; i++)
		strcat(t + 4 + 2 * i, "a,");
	strcat(t, "a]\n");
	assert_int_equal(parse(&f, t, NULL), BH_ELIMIT);
	assert_int_equal(f.d.line, 1);
	assert_non_null(strstr(f.d.message, "over 250000 items on one line"));
	arena_free(&f.a);
	memcpy(t, "k: [", 4);
	assert_int_equal(parse(&f, t, NULL), BH_OK);
	assert_int_equal(yml_get(root(&f), "k")->n, n + 1);
	arena_free(&f.a);
	free(t);

	/* lines that each hold a flow collection and no ':' chain up;
	 * "- {..}" lines and "[a]: b" lines do not */
	t = malloc(6 * 84000 + 16);
	assert_non_null(t);
	t[0] = '\0';
	for (int i = 0; i < 84000; i++)
		strcat(t + 4 * i, "[a]\n");
	assert_int_equal(parse(&f, t, NULL), BH_ELIMIT);
	assert_non_null(strstr(f.d.message, "with no ':' to end them"));
	arena_free(&f.a);
	t[0] = '\0';
	for (int i = 0; i < 84000; i++)
		strcat(t + 6 * i, "- {a}\n");
	assert_int_equal(parse(&f, t, NULL), BH_OK);
	arena_free(&f.a);
	free(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(positions_are_one_based),
		cmocka_unit_test(guard_refuses_libfyaml_bombs_and_crashers),
		cmocka_unit_test(columns_are_bytes),
		cmocka_unit_test(aliases_share_the_anchored_node),
		cmocka_unit_test(anchor_redefinition_takes_latest),
		cmocka_unit_test(merge_key_own_keys_win),
		cmocka_unit_test(merge_list_earlier_wins),
		cmocka_unit_test(quoted_merge_key_is_plain_key),
		cmocka_unit_test(bad_merge_value_fails),
		cmocka_unit_test(duplicate_key_fails_with_both_lines),
		cmocka_unit_test(duplicate_key_in_small_and_large_maps),
		cmocka_unit_test(undefined_and_recursive_alias_fail),
		cmocka_unit_test(syntax_error_has_position),
		cmocka_unit_test(multi_document_streams),
		cmocka_unit_test(billion_laughs_is_rejected_quickly),
		cmocka_unit_test(small_alias_use_is_fine),
		cmocka_unit_test(deep_nesting_is_rejected),
		cmocka_unit_test(booleans_yaml11_and_quoted),
		cmocka_unit_test(integers_and_nulls),
		cmocka_unit_test(tags_are_kept),
		cmocka_unit_test(invalid_utf8_is_rejected_before_libfyaml),
		cmocka_unit_test(arena_cap_is_a_limit),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
