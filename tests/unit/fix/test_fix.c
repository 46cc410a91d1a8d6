/* SPDX-License-Identifier: Apache-2.0
 *
 * test_fix.c - src/fix (fix.h): edits sorted and applied, conflicts
 * dropped deterministically (the later one, whatever order they came
 * in), exact repeats dropped, an insertion inside a replaced range
 * dropped; the unified diff exactly (context, merged hunks, insertion of
 * whole lines, a last line without its newline, CRLF kept, line numbers
 * after an earlier hunk changed the count), and the write in place:
 * content replaced, mode kept, a file changed since it was read refused
 * and left as it is, no temporary file left behind; insertions sharing
 * parent key lines (heads) write them once; whole lines inserted at one
 * point go deeper indented first.  For `fix --interactive`:
 * fix_diff_hunks() prints the same bytes as fix_diff_hiding() and says
 * where each hunk is and which edits make it (a hunk of two changes
 * holds both), and fix_splice() applies a subset of the kept edits
 * (refusing edits out of order).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/check.h"
#include "core/finding.h"
#include "fix/fix.h"
#include "util/diag.h"
#include "util/strbuf.h"

static const struct bh_rule r_a = { .id = "BH1110", .title = "a" };
static const struct bh_rule r_b = { .id = "BH1112", .title = "b" };

static struct bh_edit ed(const struct bh_rule *r, size_t s, size_t e,
			 const char *t, unsigned seq)
{
	return (struct bh_edit){ .rule = r, .file = "f", .start = s, .end = e,
				 .text = (char *)t, .seq = seq };
}

static void test_apply_order_and_conflicts(void **state)
{
	(void)state;
	const char *t = "abcdefghij";
	/* given out of order: the result is the same */
	struct bh_edit v[] = {
		ed(&r_b, 5, 5, "Y", 0),     /* insert at 5 */
		ed(&r_a, 2, 4, "XX", 0),    /* replace cd */
		ed(&r_b, 3, 6, "Z", 1),     /* overlaps cd: dropped */
		ed(&r_a, 5, 5, "W", 1),     /* insert at 5, BH1110 first */
		ed(&r_b, 5, 5, "Y", 2),     /* exact repeat: dropped, no conflict */
		ed(&r_a, 8, 10, "", 2),     /* delete ij */
		ed(&r_b, 9, 9, "Q", 3),     /* inside the deletion: dropped */
	};
	struct fix_result fx;
	assert_int_equal(fix_apply(t, 10, v, 7, &fx), BH_OK);
	assert_string_equal(fx.text, "abXXeWYfgh");
	assert_int_equal(fx.len, 10);
	assert_int_equal(fx.kept, 4);
	assert_int_equal(fx.dropped, 2);
	assert_int_equal(fx.repeats, 1);
	/* kept first, in order; then the dropped */
	assert_int_equal(v[0].start, 2);
	assert_string_equal(v[1].text, "W");
	assert_string_equal(v[2].text, "Y");
	assert_int_equal(v[3].start, 8);
	fix_result_free(&fx);

	struct bh_edit w[] = {
		ed(&r_a, 0, 0, "P", 0),
		ed(&r_a, 10, 10, "S", 1),
		ed(&r_a, 4, 11, "out", 2),   /* past the end: dropped */
	};
	assert_int_equal(fix_apply(t, 10, w, 3, &fx), BH_OK);
	assert_string_equal(fx.text, "PabcdefghijS");
	assert_int_equal(fx.kept, 2);
	assert_int_equal(fx.dropped, 1);
	fix_result_free(&fx);

	/* nothing to do */
	assert_int_equal(fix_apply(t, 10, NULL, 0, &fx), BH_OK);
	assert_string_equal(fx.text, t);
	assert_int_equal(fx.kept, 0);
	fix_result_free(&fx);
}

/* Insertions at one point with heads (parent key lines): grouped by
 * head whatever their rules' order, the shared leading lines written
 * once; a head that differs from the line on is kept from there; an
 * insertion without a head comes first. */
static void test_shared_heads(void **state)
{
	(void)state;
	const struct bh_rule r_c = { .id = "BH3010", .title = "c" };
	const struct bh_rule r_d = { .id = "BH3023", .title = "d" };
	const struct bh_rule r_e = { .id = "BH3030", .title = "e" };
	const struct bh_rule r_f = { .id = "BH3032", .title = "f" };
	const char *t = "- name: a\n  image: x\n";
	struct bh_edit v[] = {
		ed(&r_f, 10, 10, strdup("  resources:\n    requests:\n"
					"      cpu: 1\n"), 0),
		ed(&r_d, 10, 10, strdup("  sc:\n    ape: false\n"), 1),
		ed(&r_e, 10, 10, strdup("  resources:\n    limits:\n"
					"      memory: 1M\n"), 2),
		ed(&r_c, 10, 10, strdup("  sc:\n    caps:\n      drop: [ALL]\n"),
		   3),
		ed(&r_b, 10, 10, strdup("  automount: false\n"), 4),
		ed(&r_a, 10, 10, strdup("  resources:\n    limits:\n"
					"      cpu: 1\n"), 5),
	};
	v[0].head = 27; /* "  resources:\n    requests:\n" */
	v[1].head = 6;
	v[2].head = 25;
	v[3].head = 16;
	v[5].head = 25;
	struct fix_result fx;
	assert_int_equal(fix_apply(t, strlen(t), v, 6, &fx), BH_OK);
	assert_string_equal(fx.text,
			    "- name: a\n"
			    "  automount: false\n"
			    "  resources:\n"
			    "    limits:\n"
			    "      cpu: 1\n"
			    "      memory: 1M\n"
			    "    requests:\n"
			    "      cpu: 1\n"
			    "  sc:\n"
			    "    ape: false\n"
			    "    caps:\n"
			    "      drop: [ALL]\n"
			    "  image: x\n");
	assert_int_equal(fx.kept, 6);
	assert_int_equal(fx.dropped, 0);
	/* the later edits lost their shared lines (in place) */
	assert_string_equal(v[2].text, "      memory: 1M\n");
	assert_int_equal(v[2].head, 0);
	assert_string_equal(v[3].text, "    requests:\n      cpu: 1\n");
	assert_int_equal(v[3].head, 14);
	assert_string_equal(v[4].text, "  sc:\n    ape: false\n");
	assert_string_equal(v[5].text, "    caps:\n      drop: [ALL]\n");
	assert_int_equal(v[5].head, 10);
	/* the diff is made of what was applied */
	struct strbuf sb = STRBUF_INIT;
	assert_int_equal(fix_diff("f", t, strlen(t), v, fx.kept, false, &sb),
			 BH_OK);
	assert_non_null(strstr(sb.buf, "+  sc:\n+    ape: false\n+    caps:\n"
				       "+      drop: [ALL]\n"));
	assert_null(strstr(strstr(sb.buf, "+  sc:") + 6, "  sc:"));
	strbuf_free(&sb);
	fix_result_free(&fx);
	for (size_t i = 0; i < 6; i++)
		free(v[i].text);
}

static struct bh_edit fl(const struct bh_rule *r, size_t at, const char *t,
			 size_t head, size_t tail, unsigned char flow,
			 unsigned seq)
{
	struct bh_edit e = ed(r, at, at, strdup(t), seq);
	e.head = head;
	e.tail = tail;
	e.flow = flow;
	return e;
}

/* Flow insertions at one point opening the same new parents (", sc: {")
 * write them once, nested openings too, whatever the rules' order; a
 * parent two do not share stays apart; into an empty "{}" the first
 * loses its leading ", "; one a line keeps its line ending, and the
 * diff touches no existing line. */
static void test_flow_merge(void **state)
{
	(void)state;
	const struct bh_rule r_c = { .id = "BH3010", .title = "c" };
	const struct bh_rule r_d = { .id = "BH3023", .title = "d" };
	const struct bh_rule r_e = { .id = "BH3030", .title = "e" };
	const char *t = "- {name: a, image: x}\n";
	size_t at = strlen("- {name: a, image: x");
	struct bh_edit v[] = {
		fl(&r_c, at, ", sc: {caps: {drop: [ALL]}}", 14, 2, 1, 0),
		fl(&r_e, at, ", res: {limits: {cpu: 1}}", 17, 2, 1, 1),
		fl(&r_d, at, ", sc: {ape: false}", 7, 1, 1, 2),
		fl(&r_a, at, ", sc: {caps: {add: [X]}}", 14, 2, 1, 3),
		fl(&r_b, at, ", automount: false", 0, 0, 1, 4),
	};
	struct fix_result fx;
	assert_int_equal(fix_apply(t, strlen(t), v, 5, &fx), BH_OK);
	assert_string_equal(fx.text,
			    "- {name: a, image: x, automount: false, "
			    "res: {limits: {cpu: 1}}, sc: {ape: false, "
			    "caps: {add: [X], drop: [ALL]}}}\n");
	assert_int_equal(fx.kept, 5);
	fix_result_free(&fx);
	for (size_t i = 0; i < 5; i++)
		free(v[i].text);

	/* into "{}": the first at the point loses its ", " */
	const char *t2 = "sc: {}\n";
	struct bh_edit w[] = {
		fl(&r_d, 5, ", ape: false", 0, 0, 2, 0),
		fl(&r_c, 5, ", caps: {drop: [ALL]}", 0, 0, 2, 1),
	};
	assert_int_equal(fix_apply(t2, strlen(t2), w, 2, &fx), BH_OK);
	assert_string_equal(fx.text,
			    "sc: {caps: {drop: [ALL]}, ape: false}\n");
	fix_result_free(&fx);
	for (size_t i = 0; i < 2; i++)
		free(w[i].text);

	/* into "{ }": the blank once, at the end */
	const char *t4 = "sc: { }\n";
	struct bh_edit x[] = {
		fl(&r_d, 6, ", ape: false ", 0, 1, 2, 0),
		fl(&r_c, 6, ", caps: {drop: [ALL]} ", 9, 2, 2, 1),
	};
	assert_int_equal(fix_apply(t4, strlen(t4), x, 2, &fx), BH_OK);
	assert_string_equal(fx.text,
			    "sc: { ape: false, caps: {drop: [ALL]} }\n");
	fix_result_free(&fx);
	for (size_t i = 0; i < 2; i++)
		free(x[i].text);

	/* one key a line before the "}" line */
	const char *t3 = "- {\n    name: a,\n  }\n";
	size_t at3 = strlen("- {\n    name: a,\n");
	struct bh_edit u[] = {
		fl(&r_d, at3, "    sc: {ape: false},\n", 9, 3, 1, 0),
		fl(&r_c, at3, "    sc: {ro: true},\n", 9, 3, 1, 1),
	};
	assert_int_equal(fix_apply(t3, strlen(t3), u, 2, &fx), BH_OK);
	assert_string_equal(fx.text, "- {\n    name: a,\n"
				     "    sc: {ro: true, ape: false},\n  }\n");
	struct strbuf sb = STRBUF_INIT;
	assert_int_equal(fix_diff("f", t3, strlen(t3), u, fx.kept, false, &sb),
			 BH_OK);
	assert_non_null(strstr(sb.buf, "+    sc: {ro: true, ape: false},\n"));
	assert_null(strstr(sb.buf, "\n-"));
	strbuf_free(&sb);
	fix_result_free(&fx);
	for (size_t i = 0; i < 2; i++)
		free(u[i].text);
}

/* Whole lines inserted at one point by two mappings, a nested one and
 * its parent (both insert right after "cpu: 1", the nested mapping's
 * last line): the deeper indented lines go first, whatever the rule
 * ids, heads or order made, so each key lands in its own mapping. */
static void test_deeper_first(void **state)
{
	(void)state;
	const char *t = "- resources:\n    limits:\n      cpu: 1\n  image: x\n";
	size_t at = strlen("- resources:\n    limits:\n      cpu: 1\n");
	for (int order = 0; order < 2; order++) {
		struct bh_edit v[] = {
			ed(&r_a, at, at, strdup("  automount: false\n"), 0),
			ed(&r_b, at, at, strdup("      memory: 1M\n"), 1),
		};
		if (order) {
			struct bh_edit x = v[0];
			v[0] = v[1];
			v[1] = x;
		}
		struct fix_result fx;
		assert_int_equal(fix_apply(t, strlen(t), v, 2, &fx), BH_OK);
		assert_string_equal(fx.text, "- resources:\n"
					     "    limits:\n"
					     "      cpu: 1\n"
					     "      memory: 1M\n"
					     "  automount: false\n"
					     "  image: x\n");
		assert_int_equal(fx.kept, 2);
		fix_result_free(&fx);
		free(v[0].text);
		free(v[1].text);
	}
}

static char *diff_of(const char *path, const char *t, struct bh_edit *v,
		     size_t n)
{
	struct fix_result fx;
	assert_int_equal(fix_apply(t, strlen(t), v, n, &fx), BH_OK);
	struct strbuf sb = STRBUF_INIT;
	assert_int_equal(fix_diff(path, t, strlen(t), v, fx.kept, true, &sb),
			 BH_OK);
	fix_result_free(&fx);
	char *s = strbuf_detach(&sb);
	return s ? s : strdup("");
}

static void test_diff_hunks(void **state)
{
	(void)state;
	const char *t = "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n13\n14\n15\n"
			"16\n17\n18\n19\n20\n";
	/* line 2 changed, whole lines inserted before line 18 */
	struct bh_edit v[] = {
		ed(&r_a, 3, 3, "b", 0),                  /* "2" -> "2b" */
		ed(&r_b, 42, 42, "new1\nnew2\n", 1),     /* before "18" */
	};
	assert_int_equal(t[42], '1');
	assert_int_equal(t[43], '8');
	char *d = diff_of("dir/Dockerfile", t, v, 2);
	assert_string_equal(d,
		"--- a/dir/Dockerfile\n+++ b/dir/Dockerfile\n"
		"@@ -1,5 +1,5 @@\n 1\n-2\n+2b\n 3\n 4\n 5\n"
		"@@ -15,6 +15,8 @@\n 15\n 16\n 17\n+new1\n+new2\n 18\n 19\n 20\n");
	free(d);

	/* two changes whose context meets share one hunk */
	struct bh_edit w[] = {
		ed(&r_a, 3, 3, "b", 0),       /* line 2 */
		ed(&r_a, 17, 17, "x", 1),     /* line 9: "9" ends at 17 */
	};
	assert_int_equal(t[16], '9');
	d = diff_of("f", t, w, 2);
	assert_string_equal(d,
		"--- a/f\n+++ b/f\n@@ -1,12 +1,12 @@\n 1\n-2\n+2b\n 3\n 4\n"
		" 5\n 6\n 7\n 8\n-9\n+9x\n 10\n 11\n 12\n");
	free(d);
}

/* the hunks one by one (fix --interactive): the same text as the whole
 * diff, each hunk's bytes and edits; a subset applied */
static void test_diff_hunks_split(void **state)
{
	(void)state;
	const char *t = "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n13\n14\n15\n"
			"16\n17\n18\n19\n20\n";
	struct bh_edit v[] = {
		ed(&r_a, 3, 3, "b", 0),                  /* line 2 */
		ed(&r_a, 17, 17, "x", 1),                /* line 9: same hunk */
		ed(&r_b, 42, 42, "new1\nnew2\n", 2),     /* before "18" */
	};
	struct strbuf whole = STRBUF_INIT, sb = STRBUF_INIT;
	assert_int_equal(fix_diff_hiding("f", t, strlen(t), v, 3, NULL, 0, "f",
					 &whole), BH_OK);
	strbuf_adds(&sb, "prefix");
	struct fix_hunks hk;
	assert_int_equal(fix_diff_hunks("f", t, strlen(t), v, 3, NULL, 0, "f",
					&sb, &hk), BH_OK);
	assert_string_equal(sb.buf + 6, whole.buf);
	assert_int_equal(hk.n, 2);
	assert_int_equal(hk.head, 6);
	assert_int_equal(hk.head_len, strlen("--- a/f\n+++ b/f\n"));
	assert_int_equal(hk.v[0].e0, 0);
	assert_int_equal(hk.v[0].e1, 2);
	assert_int_equal(hk.v[1].e0, 2);
	assert_int_equal(hk.v[1].e1, 3);
	assert_int_equal(hk.v[0].at, 6 + hk.head_len);
	assert_int_equal(hk.v[1].at, hk.v[0].at + hk.v[0].len);
	assert_int_equal(hk.v[1].at + hk.v[1].len, sb.len);
	assert_memory_equal(sb.buf + hk.v[1].at,
			    "@@ -15,6 +15,8 @@\n 15\n 16\n 17\n+new1\n+new2\n",
			    strlen("@@ -15,6 +15,8 @@\n 15\n 16\n 17\n+new1\n+new2\n"));
	assert_memory_equal(sb.buf + hk.v[0].at, "@@ -1,12 +1,12 @@\n 1\n-2\n+2b\n",
			    strlen("@@ -1,12 +1,12 @@\n 1\n-2\n+2b\n"));
	fix_hunks_free(&hk);
	assert_null(hk.v);
	strbuf_free(&sb);
	strbuf_free(&whole);
	/* no edit: no hunk, nothing printed */
	assert_int_equal(fix_diff_hunks("f", t, strlen(t), v, 0, NULL, 0, "f",
					&sb, &hk), BH_OK);
	assert_int_equal(hk.n, 0);
	assert_int_equal(sb.len, 0);

	/* the second hunk alone; the first alone; none */
	char *out = NULL;
	size_t len = 0;
	assert_int_equal(fix_splice(t, strlen(t), v + 2, 1, &out, &len), BH_OK);
	assert_int_equal(len, strlen(t) + 10);
	assert_non_null(strstr(out, "\n17\nnew1\nnew2\n18\n"));
	assert_non_null(strstr(out, "1\n2\n3\n"));
	free(out);
	assert_int_equal(fix_splice(t, strlen(t), v, 2, &out, &len), BH_OK);
	assert_memory_equal(out, "1\n2b\n3\n4\n5\n6\n7\n8\n9x\n10\n", 23);
	assert_string_equal(out + 23, t + 21);
	free(out);
	assert_int_equal(fix_splice(t, strlen(t), v, 0, &out, &len), BH_OK);
	assert_string_equal(out, t);
	free(out);
	/* out of order or outside the text: refused, nothing made */
	struct bh_edit bad[] = { v[1], v[0] };
	assert_int_equal(fix_splice(t, strlen(t), bad, 2, &out, &len), BH_EUSAGE);
	assert_null(out);
	struct bh_edit far[] = { ed(&r_a, 100, 100, "z", 0) };
	assert_int_equal(fix_splice(t, strlen(t), far, 1, &out, &len), BH_EUSAGE);
	assert_null(out);
}

static void test_diff_eof_and_crlf(void **state)
{
	(void)state;
	/* appending to a last line without a newline */
	const char *t = "FROM a\nRUN b";
	struct bh_edit v[] = { ed(&r_a, 12, 12, "\nUSER 1\n", 0) };
	char *d = diff_of("Dockerfile", t, v, 1);
	assert_string_equal(d,
		"--- a/Dockerfile\n+++ b/Dockerfile\n@@ -1,2 +1,3 @@\n FROM a\n"
		"-RUN b\n\\ No newline at end of file\n+RUN b\n+USER 1\n");
	free(d);
	/* CRLF lines are kept as they are */
	const char *c = "a: 1\r\nb: 2\r\n";
	struct bh_edit w[] = { ed(&r_a, 12, 12, "c: 3\r\n", 0) };
	d = diff_of("x.yml", c, w, 1);
	assert_string_equal(d, "--- a/x.yml\n+++ b/x.yml\n@@ -1,2 +1,3 @@\n"
			       " a: 1\r\n b: 2\r\n+c: 3\r\n");
	free(d);
	/* an empty file */
	struct bh_edit e[] = { ed(&r_a, 0, 0, "x\n", 0) };
	d = diff_of("e", "", e, 1);
	assert_string_equal(d, "--- a/e\n+++ b/e\n@@ -0,0 +1,1 @@\n+x\n");
	free(d);
}

static void test_diff_masks_secrets(void **state)
{
	(void)state;
	const char *t = "ENV GITHUB_TOKEN=ghp_abcdefghijklmnopqrstuvwxyz0123456789\n"
			"RUN x\n";
	size_t at = strlen(t) - 1;
	struct bh_edit v[] = { ed(&r_a, at, at, " y", 0) };
	char *d = diff_of("D", t, v, 1);
	assert_null(strstr(d, "abcdefghijklmnopqrstuvwxyz0123456789"));
	assert_non_null(strstr(d, "+RUN x y\n"));
	free(d);
}

/* fix_diff_hiding: the scan's hides of the file are masked in context,
 * removed and added lines (a value known to the check, and a span whose
 * value was not kept, over two lines); another file's hide is not used */
static void test_diff_hides_scan_values(void **state)
{
	(void)state;
	const char *t = "RUN mongosh \\\n  -p Kq7Zw2Lp\nRUN tool \\\n  Xa9Vb3Nc\\\n"
			"  Yd8Ue4Mf\nRUN x\n";
	size_t at = strlen(t) - 1;
	struct bh_edit v[] = { ed(&r_a, at, at, " Kq7Zw2Lp", 0) };
	struct bh_hide h[] = {
		{ "f", { 2, 6, 2, 14 }, "Kq7Zw2Lp" },
		{ "f", { 4, 3, 5, 11 }, NULL },
		{ "g", { 6, 1, 6, 4 }, "RUN" },
	};
	struct strbuf sb = STRBUF_INIT;
	assert_int_equal(fix_diff_hiding("f", t, strlen(t), v, 1, h, 3, "f", &sb),
			 BH_OK);
	assert_null(strstr(sb.buf, "Kq7Zw2Lp"));
	assert_null(strstr(sb.buf, "Xa9Vb3Nc"));
	assert_null(strstr(sb.buf, "Yd8Ue4Mf"));
	assert_non_null(strstr(sb.buf, "   ********\\\n   ********\n"));
	assert_non_null(strstr(sb.buf, "+RUN x ********\n"));
	strbuf_free(&sb);
	/* without the hides the engine alone sees none of them */
	assert_int_equal(fix_diff("f", t, strlen(t), v, 1, true, &sb), BH_OK);
	assert_non_null(strstr(sb.buf, "Xa9Vb3Nc"));
	strbuf_free(&sb);
}

/* file names patch -p1 and git apply read back: a space ends with a
 * tab; a tab, newline, quote or backslash is quoted as git quotes it */
static void test_diff_names(void **state)
{
	(void)state;
	const char *t = "RUN x\n";
	struct bh_edit v[] = { ed(&r_a, 5, 5, " y", 0) };
	char *d = diff_of("my dir/D", t, v, 1);
	assert_non_null(strstr(d, "--- a/my dir/D\t\n+++ b/my dir/D\t\n@@ "));
	free(d);
	d = diff_of("/tmp/tab\tdir/a\"b\\c\nd\001", t, v, 1);
	assert_non_null(strstr(d, "--- \"a/tmp/tab\\tdir/a\\\"b\\\\c\\nd\\001\"\n"
				  "+++ \"b/tmp/tab\\tdir/a\\\"b\\\\c\\nd\\001\"\n@@ "));
	free(d);
}

static char *read_all(const char *p)
{
	FILE *f = fopen(p, "rb");
	assert_non_null(f);
	static char buf[4096];
	size_t n = fread(buf, 1, sizeof(buf) - 1, f);
	buf[n] = 0;
	fclose(f);
	return buf;
}

static size_t count_entries(const char *dir)
{
	DIR *d = opendir(dir);
	size_t n = 0;
	struct dirent *e;
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			n++;
	closedir(d);
	return n;
}

static void test_write(void **state)
{
	(void)state;
	char dir[] = "/tmp/bh_fix_XXXXXX";
	assert_non_null(mkdtemp(dir));
	char p[256];
	snprintf(p, sizeof(p), "%s/Dockerfile", dir);
	FILE *f = fopen(p, "wb");
	fputs("FROM a\n", f);
	fclose(f);
	assert_int_equal(chmod(p, 0640), 0);
	struct diag d;
	diag_init(&d, "Dockerfile");
	assert_int_equal(fix_write(p, "FROM a\n", 7, "FROM b\nUSER 1\n", 14, &d),
			 BH_OK);
	assert_string_equal(read_all(p), "FROM b\nUSER 1\n");
	struct stat st;
	assert_int_equal(stat(p, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0640);
	assert_int_equal(count_entries(dir), 1);
	/* changed since it was read: refused, left alone */
	diag_init(&d, "Dockerfile");
	assert_int_equal(fix_write(p, "FROM a\n", 7, "FROM c\n", 7, &d), BH_EIO);
	assert_non_null(strstr(d.message, "changed since it was read"));
	assert_string_equal(read_all(p), "FROM b\nUSER 1\n");
	assert_int_equal(count_entries(dir), 1);
	/* a second hard link: refused */
	char q[256];
	snprintf(q, sizeof(q), "%s/other", dir);
	assert_int_equal(link(p, q), 0);
	diag_init(&d, "Dockerfile");
	assert_int_equal(fix_write(p, "FROM b\nUSER 1\n", 14, "x", 1, &d), BH_EIO);
	assert_non_null(strstr(d.message, "hard links"));
	unlink(q);
	/* through a symbolic link: the target is replaced, the link stays */
	assert_int_equal(symlink("Dockerfile", q), 0);
	diag_init(&d, "other");
	assert_int_equal(fix_write(q, "FROM b\nUSER 1\n", 14, "FROM d\n", 7, &d),
			 BH_OK);
	struct stat lst;
	assert_int_equal(lstat(q, &lst), 0);
	assert_true(S_ISLNK(lst.st_mode));
	assert_string_equal(read_all(p), "FROM d\n");
	unlink(q);
	unlink(p);
	rmdir(dir);
}

/* A new file: the diff from /dev/null, and the create that never
 * replaces a name that exists. */
static void test_create(void **state)
{
	(void)state;
	struct strbuf sb = STRBUF_INIT;
	assert_int_equal(fix_diff_create("app/.dockerignore", ".git\n**/.env\n",
					 13, &sb), BH_OK);
	assert_string_equal(sb.buf, "--- /dev/null\n+++ b/app/.dockerignore\n"
			    "@@ -0,0 +1,2 @@\n+.git\n+**/.env\n");
	strbuf_reset(&sb);
	assert_int_equal(fix_diff_create("x", "a", 1, &sb), BH_OK);
	assert_string_equal(sb.buf, "--- /dev/null\n+++ b/x\n@@ -0,0 +1 @@\n"
			    "+a\n\\ No newline at end of file\n");
	strbuf_free(&sb);

	char dir[] = "/tmp/bh_fixc_XXXXXX";
	assert_non_null(mkdtemp(dir));
	char p[256];
	snprintf(p, sizeof(p), "%s/.dockerignore", dir);
	mode_t old = umask(077);
	struct diag d;
	diag_init(&d, ".dockerignore");
	assert_int_equal(fix_create(p, ".git\n", 5, &d), BH_OK);
	umask(old);
	assert_string_equal(read_all(p), ".git\n");
	struct stat st;
	assert_int_equal(stat(p, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0644);
	assert_int_equal(st.st_nlink, 1);   /* the temporary name is gone */
	assert_int_equal(count_entries(dir), 1);
	/* an existing file, or a dangling link: refused, left alone */
	diag_init(&d, ".dockerignore");
	assert_int_equal(fix_create(p, "x\n", 2, &d), BH_EIO);
	assert_non_null(strstr(d.message, "exists: not overwritten"));
	assert_string_equal(read_all(p), ".git\n");
	unlink(p);
	assert_int_equal(symlink("nowhere", p), 0);
	diag_init(&d, ".dockerignore");
	assert_int_equal(fix_create(p, "x\n", 2, &d), BH_EIO);
	struct stat lst;
	assert_int_equal(lstat(p, &lst), 0);
	assert_true(S_ISLNK(lst.st_mode));
	assert_int_equal(count_entries(dir), 1);
	unlink(p);
	rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_apply_order_and_conflicts),
		cmocka_unit_test(test_shared_heads),
		cmocka_unit_test(test_flow_merge),
		cmocka_unit_test(test_deeper_first),
		cmocka_unit_test(test_diff_hunks),
		cmocka_unit_test(test_diff_hunks_split),
		cmocka_unit_test(test_diff_eof_and_crlf),
		cmocka_unit_test(test_diff_masks_secrets),
		cmocka_unit_test(test_diff_hides_scan_values),
		cmocka_unit_test(test_diff_names),
		cmocka_unit_test(test_write),
		cmocka_unit_test(test_create),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
