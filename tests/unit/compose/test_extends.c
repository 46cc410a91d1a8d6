/* SPDX-License-Identifier: Apache-2.0
 *
 * test_extends.c - Compose `extends:` (src/core/cmp_extends.c): what the
 * case files cannot show easily: the tree is untouched without extends, a
 * null base, the bounds on extended files and on merge work, files that
 * are not regular files.  The semantics themselves are covered by
 * tests/cases/compose/compose-extends-*.case.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/config.h"
#include "core/finding.h"
#include "core/scan_compose.h"
#include "core/cmp_extends.h"
#include "parse/yml.h"
#include "rules/rule.h"
#include "util/arena.h"
#include "util/diag.h"
#include "util/strbuf.h"

struct run {
	struct bh_config cfg;
	struct bh_findings out;
	struct diag d;
	int rc;
};

/* Scan "y" as "compose.yaml" in directory "dir" (NULL: no directory). */
static void scan_in(struct run *r, const char *dir, const char *y)
{
	static char fs[4096];
	bh_config_init(&r->cfg);
	memset(&r->out, 0, sizeof(r->out));
	diag_init(&r->d, "compose.yaml");
	if (dir)
		snprintf(fs, sizeof(fs), "%s/compose.yaml", dir);
	struct bh_input in = { "compose.yaml", dir ? fs : NULL, y, strlen(y),
			       true };
	struct bh_scan_ctx ctx = { &r->cfg, &r->out, &r->d, NULL, NULL, NULL, "", NULL };
	r->rc = cmp_scan_merged(&in, 1, &ctx);
	bh_findings_sort(&r->out);
}

static void done(struct run *r)
{
	bh_findings_free(&r->out);
	bh_config_free(&r->cfg);
}

static size_t count(const struct run *r, const char *id)
{
	size_t n = 0;
	for (size_t i = 0; i < r->out.n; i++)
		n += !strcmp(r->out.v[i].rule->id, id);
	return n;
}

static void write_file(const char *dir, const char *name, const char *text)
{
	char p[4096];
	snprintf(p, sizeof(p), "%s/%s", dir, name);
	FILE *f = fopen(p, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static void no_extends_keeps_the_tree(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a, 0);
	const char *y = "services:\n  web:\n    image: x:1\n";
	struct yml_stream s;
	struct diag d;
	diag_init(&d, "compose.yaml");
	assert_int_equal(yml_parse(&a, y, strlen(y), NULL, &s, &d), BH_OK);
	struct bh_input in = { "compose.yaml", NULL, y, strlen(y), true };
	struct cmp_extends x;
	cmp_extends_init(&x, &a, NULL, NULL, &in, 1);
	struct yml_node *out = NULL;
	assert_int_equal(cmp_extends_apply(&x, s.docs[0].root, &out, &d), BH_OK);
	assert_ptr_equal(out, s.docs[0].root);
	cmp_extends_free(&x);
	arena_free(&a);
}

static void resolved_tree_keeps_positions(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a, 0);
	const char *y =
		"services:\n"
		"  base:\n"
		"    image: x:1\n"
		"    user: root\n"
		"  web:\n"
		"    extends: base\n"
		"    environment: [A=1]\n";
	struct yml_stream s;
	struct diag d;
	diag_init(&d, "compose.yaml");
	assert_int_equal(yml_parse(&a, y, strlen(y), NULL, &s, &d), BH_OK);
	struct bh_input in = { "compose.yaml", NULL, y, strlen(y), true };
	struct cmp_extends x;
	cmp_extends_init(&x, &a, NULL, NULL, &in, 1);
	struct yml_node *out = NULL;
	assert_int_equal(cmp_extends_apply(&x, s.docs[0].root, &out, &d), BH_OK);
	struct yml_node *web = yml_get_path(out, "services.web");
	assert_null(yml_get(web, "extends"));
	assert_int_equal(yml_get_pair(web, "user")->key->line, 4);
	assert_int_equal(yml_get_pair(web, "environment")->key->line, 7);
	/* the parsed tree itself is not written to */
	assert_non_null(yml_get_path(s.docs[0].root, "services.web.extends"));
	assert_null(yml_get_path(s.docs[0].root, "services.web.user"));
	cmp_extends_free(&x);
	arena_free(&a);
}

static void null_base_leaves_the_service(void **state)
{
	(void)state;
	struct run r;
	scan_in(&r, NULL,
		"services:\n"
		"  base:\n"
		"  web:\n"
		"    extends: base\n"
		"    image: x:1\n"
		"    privileged: true\n");
	assert_int_equal(r.rc, BH_OK);
	assert_int_equal(count(&r, "BH2018"), 1);
	done(&r);
}

/* One extends that cannot be resolved is that service's error only: it
 * and what extends it are left out, the rest of the file is audited. */
static void unresolved_extends_costs_its_service_only(void **state)
{
	(void)state;
	struct run r;
	scan_in(&r, NULL,
		"services:\n"
		"  broken:\n"
		"    extends: missing\n"
		"    privileged: true\n"
		"  child:\n"
		"    extends: broken\n"
		"    privileged: true\n"
		"  fine:\n"
		"    image: x:1\n"
		"    privileged: true\n"
		"  late:\n"
		"    extends: {file: nowhere.yml, service: a}\n");
	assert_int_equal(r.rc, BH_EPARSE);
	assert_int_equal(r.d.line, 3);
	assert_non_null(strstr(r.d.message, "service \"missing\" not found"));
	assert_non_null(strstr(r.d.message,
			       "(service \"broken\" and 2 more not audited)"));
	/* only "fine" is audited */
	assert_int_equal(count(&r, "BH2018"), 1);
	assert_int_equal(r.out.v[0].span.line >= 8, true);
	for (size_t i = 0; i < r.out.n; i++)
		assert_true(r.out.v[i].span.line >= 8 &&
			    r.out.v[i].span.line <= 10);
	done(&r);
}

static void merge_work_is_bounded(void **state)
{
	(void)state;
	/* 100 services each merge a 1,500-key environment (one alias) with
	 * a 2,000-key one: 3M comparisons each, far over the budget */
	struct strbuf sb = STRBUF_INIT;
	strbuf_adds(&sb, "x-env: &e\n");
	for (int i = 0; i < 1500; i++)
		strbuf_printf(&sb, "  E%d: v\n", i);
	strbuf_adds(&sb, "services:\n  base:\n    image: x:1\n"
			 "    environment:\n");
	for (int i = 0; i < 2000; i++)
		strbuf_printf(&sb, "      B%d: v\n", i);
	for (int i = 0; i < 100; i++)
		strbuf_printf(&sb, "  s%d:\n    extends: base\n"
				   "    environment: *e\n", i);
	assert_false(sb.failed);
	struct run r;
	scan_in(&r, NULL, strbuf_str(&sb));
	assert_int_equal(r.rc, BH_ELIMIT);
	assert_non_null(strstr(r.d.message, "too much to merge"));
	done(&r);
	strbuf_free(&sb);
}

static void extended_files_are_bounded(void **state)
{
	(void)state;
	char dir[] = "/tmp/bh-extends-XXXXXX";
	assert_non_null(mkdtemp(dir));
	struct strbuf sb = STRBUF_INIT;
	strbuf_adds(&sb, "services:\n");
	for (int i = 0; i <= CMP_EXTENDS_MAX_FILES; i++) {
		char name[32];
		snprintf(name, sizeof(name), "f%d.yml", i);
		write_file(dir, name, "services:\n  s:\n    image: x:1\n");
		strbuf_printf(&sb, "  s%d:\n    extends: {file: %s, service: s}\n",
			      i, name);
	}
	struct run r;
	scan_in(&r, dir, strbuf_str(&sb));
	assert_int_equal(r.rc, BH_ELIMIT);
	assert_non_null(strstr(r.d.message, "more than 32 files"));
	assert_int_equal(r.d.line, 2 * CMP_EXTENDS_MAX_FILES + 3);
	done(&r);

	/* the same file named by many services is read once */
	strbuf_free(&sb);
	strbuf_adds(&sb, "services:\n");
	for (int i = 0; i < 100; i++)
		strbuf_printf(&sb, "  s%d:\n    extends: {file: ./f0.yml, "
				   "service: s}\n", i);
	scan_in(&r, dir, strbuf_str(&sb));
	assert_int_equal(r.rc, BH_OK);
	assert_int_equal(count(&r, "BH2005"), 100);
	done(&r);

	/* not a regular file: a clear error, nothing read */
	scan_in(&r, dir, "services:\n  web:\n    extends: {file: ., service: s}\n");
	assert_int_equal(r.rc, BH_EIO);
	assert_non_null(strstr(r.d.message, "not a regular file"));
	assert_string_equal(r.d.file, "compose.yaml");
	assert_int_equal(r.d.line, 3);
	done(&r);

	for (int i = 0; i <= CMP_EXTENDS_MAX_FILES; i++) {
		char p[4096];
		snprintf(p, sizeof(p), "%s/f%d.yml", dir, i);
		unlink(p);
	}
	rmdir(dir);
	strbuf_free(&sb);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(no_extends_keeps_the_tree),
		cmocka_unit_test(resolved_tree_keeps_positions),
		cmocka_unit_test(null_base_leaves_the_service),
		cmocka_unit_test(unresolved_extends_costs_its_service_only),
		cmocka_unit_test(merge_work_is_bounded),
		cmocka_unit_test(extended_files_are_bounded),
	};
	bh_ruleset_use(&bh_rules_all);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
