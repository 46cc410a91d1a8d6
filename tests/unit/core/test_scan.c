/* SPDX-License-Identifier: Apache-2.0
 *
 * test_scan.c - the pipeline's shared step (src/core/scan.c) and the rule
 * set interface (src/core/check.h): rules run through the installed set,
 * each file's pragmas drop only its own findings, a file named twice is
 * kept once, --disable-ignore-pragma keeps everything, hides survive an
 * ignored finding, a "# check=skip" directive applies, an input with no
 * pragma file (an image) keeps every finding; and a whole
 * Dockerfile input through its format with the real rule table.
 * And the per-input entry (bh_scan_input(), bh_scan_merged(), and
 * bh_scan_buffer() on bytes in memory) on real
 * files in a temporary directory, with the real rule table: a walked
 * Dockerfile (its build context's .dockerignore read as a fact, a
 * malformed one an error at .dockerignore:LINE), Compose file and
 * Kubernetes manifest, each with its complete finding list; a walked
 * file no kind takes (skip reason, no error), a Dockerfile template (the
 * kind turns it down), a named file of no known kind (error) and one
 * forced with --kind; a missing file, a FIFO and a file over the read
 * bound (errors, the first two unreadable); -f files merged with one
 * missing; a run's directory listings (cfg->dircache) still find the
 * .dockerignore of every Dockerfile in a directory.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/check.h"
#include "core/config.h"
#include "core/dircache.h"
#include "core/finding.h"
#include "core/formats.h"
#include "core/scan.h"
#include "rules/rule.h"
#include "secrets/secrets.h"
#include "util/diag.h"

/* A made-up rule set: rule A reports line 2 of "a" and of "b", rule B
 * line 3 of "a" and hides a value there. */
static void check_a(struct bh_check *c, const struct bh_rule *self);
static void check_b(struct bh_check *c, const struct bh_rule *self);

static const struct bh_rule fake[] = {
	{ .id = "BH9001", .severity = BH_SEV_HIGH, .practice = "p",
	  .target = BH_TARGET_DOCKERFILE, .title = "a", .check = check_a,
	  .other = "BuildKit:JSONArgsRecommended" },
	{ .id = "BH9002", .severity = BH_SEV_LOW, .practice = "p",
	  .target = BH_TARGET_DOCKERFILE, .title = "b", .check = check_b },
	{ .id = "BH9003", .severity = BH_SEV_LOW, .practice = "p",
	  .target = BH_TARGET_COMPOSE, .title = "c", .check = check_b },
};

static int runs;

static void add(struct bh_check *c, const struct bh_rule *r,
		const char *file, int line)
{
	struct bh_finding f = { .rule = r, .severity = r->severity,
				.file = (char *)file,
				.span = { line, 1, line, 2 }, .message = "m" };
	assert_int_equal(bh_findings_add(c->out, &f), BH_OK);
}

static void check_a(struct bh_check *c, const struct bh_rule *self)
{
	runs++;
	add(c, self, "a", 2);
	add(c, self, "b", 2);
}

static void check_b(struct bh_check *c, const struct bh_rule *self)
{
	runs++;
	add(c, self, "a", 3);
	assert_int_equal(bh_findings_hide(c->out, "a",
					  (struct bh_span){ 3, 5, 3, 9 },
					  "s3cr", 4), BH_OK);
}

static size_t fake_count(void)
{
	return sizeof(fake) / sizeof(fake[0]);
}

static const struct bh_rule *fake_at(size_t i)
{
	return i < fake_count() ? &fake[i] : NULL;
}

static size_t fake_resolve(const char *id, const struct bh_rule **out,
			   size_t max)
{
	for (size_t i = 0; i < fake_count() && max; i++)
		if (!strcmp(fake[i].id, id)) {
			out[0] = &fake[i];
			return 1;
		}
	return 0;
}

static bool fake_known(const char *id)
{
	(void)id;
	return false;
}

static void fake_run(struct bh_check *c, enum bh_target t)
{
	for (size_t i = 0; i < fake_count(); i++)
		if (fake[i].target == t)
			fake[i].check(c, &fake[i]);
}

static const struct bh_ruleset fake_set = {
	fake_count, fake_at, fake_resolve, fake_known, fake_run,
};

/* "file:line:id " for each finding, in list order. */
static const char *show(const struct bh_findings *l, char *buf, size_t n)
{
	size_t o = 0;
	buf[0] = 0;
	for (size_t i = 0; i < l->n && o < n; i++)
		o += (size_t)snprintf(buf + o, n - o, "%s:%d:%s ", l->v[i].file,
				      l->v[i].span.line, l->v[i].rule->id);
	return buf;
}

static int run(const struct bh_scan_unit *u, size_t n, bool no_pragmas,
	       struct bh_findings *out)
{
	struct bh_config cfg;
	bh_config_init(&cfg);
	cfg.no_inline_ignores = no_pragmas;
	struct bh_check c = { .file = "a", .config = &cfg };
	runs = 0;
	int rc = bh_scan_check(&c, BH_TARGET_DOCKERFILE, u, n, out, NULL);
	bh_config_free(&cfg);
	return rc;
}

static const char a_text[] = "FROM x\n# bulkhead ignore=BH9002\nRUN y\n";
static const char b_text[] = "FROM x\nRUN y\n";

static void test_empty_set_runs_nothing(void **state)
{
	(void)state;
	bh_ruleset_use(NULL);
	assert_int_equal(bh_ruleset()->count(), 0);
	assert_null(bh_ruleset()->at(0));
	struct bh_scan_unit u = { "a", a_text, strlen(a_text), NULL, NULL,
				  NULL, 0, NULL };
	struct bh_findings out = { 0 };
	assert_int_equal(run(&u, 1, false, &out), BH_OK);
	assert_int_equal(out.n, 0);
	assert_int_equal(runs, 0);
	bh_findings_free(&out);
}

static void test_pragma_drops_own_file_only(void **state)
{
	(void)state;
	bh_ruleset_use(&fake_set);
	struct bh_scan_unit u[] = {
		{ "a", a_text, strlen(a_text), NULL, NULL, NULL, 0, NULL },
		{ "b", b_text, strlen(b_text), NULL, NULL, NULL, 0, NULL },
	};
	struct bh_findings out = { 0 };
	char buf[256];
	assert_int_equal(run(u, 2, false, &out), BH_OK);
	assert_int_equal(runs, 2);
	/* BH9002 on a:3 is under a's pragma; the hide stays */
	assert_string_equal(show(&out, buf, sizeof(buf)), "a:2:BH9001 b:2:BH9001 ");
	assert_int_equal(out.nhides, 1);
	assert_string_equal(out.hides[0].value, "s3cr");
	bh_findings_free(&out);
}

static void test_unit_named_twice_kept_once(void **state)
{
	(void)state;
	bh_ruleset_use(&fake_set);
	struct bh_scan_unit u[] = {
		{ "b", b_text, strlen(b_text), NULL, NULL, NULL, 0, NULL },
		{ "b", b_text, strlen(b_text), NULL, NULL, NULL, 0, NULL },
	};
	struct bh_findings out = { 0 };
	char buf[256];
	assert_int_equal(run(u, 2, false, &out), BH_OK);
	/* a is no unit of this input: its findings are not kept */
	assert_string_equal(show(&out, buf, sizeof(buf)), "b:2:BH9001 ");
	bh_findings_free(&out);
}

static void test_disable_pragmas_keeps_all(void **state)
{
	(void)state;
	bh_ruleset_use(&fake_set);
	struct bh_scan_unit u = { "a", a_text, strlen(a_text), NULL, NULL,
				  NULL, 0, NULL };
	struct bh_findings out = { 0 };
	char buf[256];
	/* one file: every finding is taken as its own (moved, in order) */
	assert_int_equal(run(&u, 1, true, &out), BH_OK);
	assert_string_equal(show(&out, buf, sizeof(buf)),
			    "a:2:BH9001 b:2:BH9001 a:3:BH9002 ");
	bh_findings_free(&out);
}

static void test_check_directive_skips(void **state)
{
	(void)state;
	bh_ruleset_use(&fake_set);
	struct bh_scan_unit u = { "a", b_text, strlen(b_text), NULL, NULL,
				  "skip=JSONArgsRecommended", 1, NULL };
	struct bh_findings out = { 0 };
	char buf[256];
	assert_int_equal(run(&u, 1, false, &out), BH_OK);
	assert_string_equal(show(&out, buf, sizeof(buf)), "a:3:BH9002 ");
	bh_findings_free(&out);
}

static void test_no_unit_keeps_all(void **state)
{
	(void)state;
	bh_ruleset_use(&fake_set);
	struct bh_findings out = { 0 };
	char buf[256];
	assert_int_equal(run(NULL, 0, false, &out), BH_OK);
	assert_string_equal(show(&out, buf, sizeof(buf)),
			    "a:2:BH9001 b:2:BH9001 a:3:BH9002 ");
	assert_int_equal(out.nhides, 1);
	bh_findings_free(&out);
}

/* The whole pipeline of one Dockerfile with the real rule table. */
static void test_dockerfile_input(void **state)
{
	(void)state;
	bh_ruleset_use(&bh_rules_all);
	const char *text = "FROM debian:12\nUSER root\n";
	char why[200];
	const struct bh_format *fmt = bh_format_detect("Dockerfile", text,
						       strlen(text), why,
						       sizeof(why));
	assert_non_null(fmt);
	assert_string_equal(fmt->name, "dockerfile");
	struct bh_config cfg;
	bh_config_init(&cfg);
	struct bh_findings out = { 0 };
	struct diag d;
	diag_init(&d, "Dockerfile");
	struct bh_input in = { "Dockerfile", NULL, text, strlen(text), true };
	struct bh_scan_ctx ctx = { &cfg, &out, &d, NULL, NULL, NULL, "", NULL };
	assert_int_equal(fmt->scan(&in, &ctx), BH_OK);
	bool root = false;
	for (size_t i = 0; i < out.n; i++)
		root = root || (!strcmp(out.v[i].rule->id, "BH1001") &&
				out.v[i].span.line == 2);
	assert_true(root);
	bh_findings_free(&out);
	bh_config_free(&cfg);
}


/* ---- the per-input entry, on real files ---------------------------- */

static char tmpdir[] = "/tmp/bh-test-scan-XXXXXX";
static char *oldcwd;

static void put(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	assert_int_equal(fputs(text, f) >= 0, 1);
	assert_int_equal(fclose(f), 0);
}

/* Every input test runs in a fresh directory of its own. */
static int in_tmpdir(void **state)
{
	(void)state;
	oldcwd = getcwd(NULL, 0);
	strcpy(tmpdir, "/tmp/bh-test-scan-XXXXXX");
	if (!oldcwd || !mkdtemp(tmpdir) || chdir(tmpdir) != 0)
		return -1;
	bh_ruleset_use(&bh_rules_all);
	return sec_init() == 0 ? 0 : -1;
}

static int out_of_tmpdir(void **state)
{
	(void)state;
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	int rc = chdir(oldcwd) == 0 && system(cmd) == 0 ? 0 : -1;
	free(oldcwd);
	return rc;
}

/* "file:line:col:id " for each finding, sorted as the report sorts. */
static const char *sorted(struct bh_findings *l, char *buf, size_t n)
{
	bh_findings_sort(l);
	size_t o = 0;
	buf[0] = 0;
	for (size_t i = 0; i < l->n && o < n; i++)
		o += (size_t)snprintf(buf + o, n - o, "%s:%d:%d:%s ",
				      l->v[i].file, l->v[i].span.line,
				      l->v[i].span.col, l->v[i].rule->id);
	return buf;
}

/* Scans one input; "explicit": named on the command line. */
static int scan_path(const char *path, bool explicit, const char *kind,
		     size_t max, struct bh_scan_result *r)
{
	struct bh_config cfg;
	bh_config_init(&cfg);
	struct bh_scan_input in = { path, path, explicit, kind, max, false,
				    false };
	int rc = bh_scan_input(&in, &cfg, r);
	bh_config_free(&cfg);
	return rc;
}

static void test_input_dockerfile(void **state)
{
	(void)state;
	put("Dockerfile", "FROM debian:12\nUSER root\n");
	struct bh_scan_result r;
	char buf[1024];
	assert_int_equal(scan_path("Dockerfile", false, NULL, 0, &r), BH_OK);
	assert_ptr_equal(r.fmt, bh_format_named("dockerfile"));
	assert_int_equal(r.nscanned, 1);
	assert_null(r.skipped);
	assert_int_equal(r.nerrors, 0);
	assert_string_equal(r.path, "Dockerfile");
	assert_string_equal(sorted(&r.found, buf, sizeof(buf)),
			    "Dockerfile:1:1:BH1045 Dockerfile:1:6:BH1012 "
			    "Dockerfile:1:6:BH1014 Dockerfile:2:1:BH1001 ");
	/* the join's facts: one stage, running as root */
	assert_int_equal(r.link.nstages, 1);
	assert_true(r.link.stages[0].root);
	bh_scan_result_free(&r);
}

/* The build context is a fact gathered for the rules: COPY . sends
 * .env unless the context's .dockerignore leaves it out. */
static void test_input_dockerfile_context(void **state)
{
	(void)state;
	put("Dockerfile", "FROM debian:12\nCOPY . /app\n");
	put(".env", "DB_PASSWORD=x\n");
	struct bh_scan_result r;
	char buf[1024];
	assert_int_equal(scan_path("Dockerfile", false, NULL, 0, &r), BH_OK);
	assert_non_null(strstr(sorted(&r.found, buf, sizeof(buf)),
			       "Dockerfile:2:6:BH1256 "));
	bh_scan_result_free(&r);
	put(".dockerignore", ".env\n");
	assert_int_equal(scan_path("Dockerfile", false, NULL, 0, &r), BH_OK);
	assert_null(strstr(sorted(&r.found, buf, sizeof(buf)), "BH1256"));
	bh_scan_result_free(&r);
	/* a malformed .dockerignore is the input's error, at its line */
	put(".dockerignore", "node_modules\n[\n");
	assert_int_equal(scan_path("Dockerfile", false, NULL, 0, &r),
			 BH_EPARSE);
	assert_ptr_equal(r.fmt, bh_format_named("dockerfile"));
	assert_int_equal(r.nerrors, 1);
	assert_string_equal(r.errors[0].file, "Dockerfile");
	assert_string_equal(r.errors[0].message,
			    ".dockerignore:2:1: syntax error in pattern \"[\"");
	assert_false(r.errors[0].unreadable);
	assert_false(r.errors[0].at_read);
	bh_scan_result_free(&r);
}

/* With the run's directory listings (cfg->dircache, as `scan` sets it):
 * the .dockerignore beside three Dockerfiles of one directory is found
 * for each, the listing made while the second is scanned too. */
static void test_input_dircache(void **state)
{
	(void)state;
	put(".env", "DB_PASSWORD=x\n");
	put(".dockerignore", ".env\n");
	put("a.Dockerfile", "FROM debian:12\nCOPY . /app\n");
	put("b.Dockerfile", "FROM debian:12\nCOPY . /app\n");
	put("c.Dockerfile", "FROM debian:12\nCOPY . /app\n");
	struct bh_config cfg;
	bh_config_init(&cfg);
	cfg.dircache = bh_dircache_new();
	assert_non_null(cfg.dircache);
	const char *names[] = { "a.Dockerfile", "b.Dockerfile", "c.Dockerfile" };
	char buf[1024];
	for (size_t i = 0; i < 3; i++) {
		struct bh_scan_input in = { names[i], names[i], false, NULL,
					    0, false, false };
		struct bh_scan_result r;
		assert_int_equal(bh_scan_input(&in, &cfg, &r), BH_OK);
		assert_int_equal(r.nerrors, 0);
		assert_ptr_equal(r.fmt, bh_format_named("dockerfile"));
		assert_null(strstr(sorted(&r.found, buf, sizeof(buf)),
				   "BH1256"));
		bh_scan_result_free(&r);
	}
	bh_dircache_free(cfg.dircache);
	cfg.dircache = NULL;
	bh_config_free(&cfg);
}

static void test_input_compose(void **state)
{
	(void)state;
	put("compose.yaml", "services:\n  web:\n    image: nginx:1.25\n"
			    "    privileged: true\n");
	struct bh_scan_result r;
	char buf[1024];
	assert_int_equal(scan_path("compose.yaml", false, NULL, 0, &r), BH_OK);
	assert_ptr_equal(r.fmt, bh_format_named("compose"));
	assert_int_equal(r.nerrors, 0);
	assert_string_equal(sorted(&r.found, buf, sizeof(buf)),
			    /* privileged: no BH2012/BH2013 on top */
			    "compose.yaml:2:3:BH2002 compose.yaml:2:3:BH2007 "
			    "compose.yaml:2:3:BH2011 compose.yaml:2:3:BH2024 "
			    "compose.yaml:2:3:BH2025 compose.yaml:2:3:BH2026 "
			    "compose.yaml:3:12:BH2005 compose.yaml:4:5:BH2018 ");
	bh_scan_result_free(&r);
}

static void test_input_kubernetes(void **state)
{
	(void)state;
	put("pod.yaml", "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n"
			"spec:\n  containers:\n  - name: c\n"
			"    image: nginx:1.25\n    securityContext:\n"
			"      privileged: true\n");
	struct bh_scan_result r;
	char buf[1024];
	assert_int_equal(scan_path("pod.yaml", false, NULL, 0, &r), BH_OK);
	assert_ptr_equal(r.fmt, bh_format_named("kubernetes"));
	assert_int_equal(r.nerrors, 0);
	assert_string_equal(sorted(&r.found, buf, sizeof(buf)),
			    /* privileged: no BH3010/BH3023 on top */
			    "pod.yaml:2:1:BH3041 pod.yaml:2:1:BH3042 "
			    "pod.yaml:7:5:BH3016 pod.yaml:7:5:BH3025 pod.yaml:7:5:BH3027 pod.yaml:7:5:BH3028 pod.yaml:7:5:BH3029 "
			    "pod.yaml:7:5:BH3030 pod.yaml:7:5:BH3031 "
			    "pod.yaml:7:5:BH3032 pod.yaml:7:5:BH3033 "
			    "pod.yaml:7:5:BH3034 pod.yaml:8:12:BH3036 "
			    "pod.yaml:10:7:BH3001 ");
	bh_scan_result_free(&r);
}

/* What no kind takes is skipped with a reason when walked, an error
 * when named; --kind forces a kind on a named file. */
static void test_input_unknown_kind(void **state)
{
	(void)state;
	put("notes.yaml", "a: 1\n");
	struct bh_scan_result r;
	char buf[1024];
	assert_int_equal(scan_path("notes.yaml", false, NULL, 0, &r), BH_OK);
	assert_null(r.fmt);
	assert_int_equal(r.nscanned, 0);
	assert_string_equal(r.skipped, BH_SKIP_OTHER_YAML);
	assert_int_equal(r.nerrors, 0);
	assert_int_equal(r.found.n, 0);
	bh_scan_result_free(&r);

	/* claimed by name, turned down by content, with a detail */
	put("Dockerfile", "{{ template }}\nFROM x\n");
	assert_int_equal(scan_path("Dockerfile", false, NULL, 0, &r), BH_OK);
	assert_null(r.fmt);
	assert_non_null(r.skipped);
	assert_non_null(r.detail);
	assert_int_equal(r.nerrors, 0);
	bh_scan_result_free(&r);

	put("README", "USER root\n");
	assert_int_equal(scan_path("README", true, NULL, 0, &r), BH_EPARSE);
	assert_null(r.fmt);
	assert_null(r.skipped);
	assert_int_equal(r.nerrors, 1);
	assert_string_equal(r.errors[0].file, "README");
	assert_string_equal(r.errors[0].message, "README: cannot tell what "
			    "kind of file this is (use --kind)");
	assert_false(r.errors[0].unreadable);
	bh_scan_result_free(&r);

	assert_int_equal(scan_path("README", true, "dockerfile", 0, &r), BH_OK);
	assert_ptr_equal(r.fmt, bh_format_named("dockerfile"));
	assert_int_equal(r.nerrors, 0);
	assert_non_null(strstr(sorted(&r.found, buf, sizeof(buf)),
			       "README:1:1:BH1054 "));
	bh_scan_result_free(&r);
}

/* bh_scan_buffer(): bytes in memory scanned as the name says, nothing read
 * from the disk (the .env beside it is not the context's), every hide
 * recorded; a name and content no kind takes is an error. */
static void test_input_text(void **state)
{
	(void)state;
	put(".env", "DB_PASSWORD=x\n");
	const char *t = "FROM debian:12\nCOPY . /app\nENV DB_PASSWORD=Kq9Wz7Lp\n";
	struct bh_config cfg;
	bh_config_init(&cfg);
	struct bh_scan_result r;
	char buf[1024];
	assert_int_equal(bh_scan_buffer("Dockerfile", NULL, t, strlen(t), &cfg, &r),
			 BH_OK);
	assert_ptr_equal(r.fmt, bh_format_named("dockerfile"));
	assert_int_equal(r.nerrors, 0);
	assert_null(r.fs_path);
	sorted(&r.found, buf, sizeof(buf));
	assert_null(strstr(buf, "BH1256"));
	assert_non_null(strstr(buf, "Dockerfile:3:17:BH1200 "));
	bool hidden = false;
	for (size_t i = 0; i < r.found.nhides; i++)
		hidden |= r.found.hides[i].span.line == 3 &&
			  !strcmp(r.found.hides[i].file, "Dockerfile");
	assert_true(hidden);
	bh_scan_result_free(&r);
	assert_int_equal(bh_scan_buffer("README", NULL, "USER root\n", 10, &cfg, &r),
			 BH_EPARSE);
	assert_int_equal(r.nerrors, 1);
	assert_string_equal(r.errors[0].message, "README: cannot tell what "
			    "kind of file this is (use --kind)");
	bh_scan_result_free(&r);
	bh_config_free(&cfg);
}

/* A file that cannot be read, or is over the bound, is an input error
 * (met while reading); nothing is scanned. */
static void test_input_unreadable(void **state)
{
	(void)state;
	struct bh_scan_result r;
	assert_int_equal(scan_path("nothere", true, NULL, 0, &r), BH_EIO);
	assert_null(r.fmt);
	assert_int_equal(r.nscanned, 0);
	assert_int_equal(r.nerrors, 1);
	assert_string_equal(r.errors[0].file, "nothere");
	assert_string_equal(r.errors[0].message, "nothere: cannot open: "
			    "No such file or directory");
	assert_true(r.errors[0].unreadable);
	assert_true(r.errors[0].at_read);
	bh_scan_result_free(&r);

	assert_int_equal(mkfifo("fifo.yaml", 0600), 0);
	assert_int_equal(scan_path("fifo.yaml", false, NULL, 0, &r), BH_EIO);
	assert_int_equal(r.nerrors, 1);
	assert_string_equal(r.errors[0].message, "fifo.yaml: not a regular "
			    "file (a named pipe (FIFO)): use - to read "
			    "standard input");
	assert_true(r.errors[0].unreadable);
	bh_scan_result_free(&r);

	put("Dockerfile", "FROM debian:12\nUSER root\n");
	assert_int_equal(scan_path("Dockerfile", true, NULL, 16, &r),
			 BH_ELIMIT);
	assert_null(r.fmt);
	assert_int_equal(r.found.n, 0);
	assert_int_equal(r.nerrors, 1);
	assert_string_equal(r.errors[0].message,
			    "Dockerfile: input larger than 16 bytes");
	assert_false(r.errors[0].unreadable);
	assert_true(r.errors[0].at_read);
	bh_scan_result_free(&r);
	/* a walked file longer than its head: the head tells the kind,
	 * then the whole file is read under the bound */
	FILE *f = fopen("Dockerfile", "w");
	assert_non_null(f);
	fputs("FROM debian:12\n", f);
	for (int i = 0; i < 2000; i++)
		fputs("# a comment line of fifty bytes, to pass the head\n", f);
	assert_int_equal(fclose(f), 0);
	assert_int_equal(scan_path("Dockerfile", false, NULL, 80000, &r),
			 BH_ELIMIT);
	assert_null(r.fmt);
	assert_int_equal(r.nerrors, 1);
	assert_string_equal(r.errors[0].message,
			    "Dockerfile: input larger than 80000 bytes");
	bh_scan_result_free(&r);
}

/* -f a -f b: one project; a file that cannot be read is an error and
 * left out, the rest is scanned (a finding points into the file that
 * holds the key, a service's into the last file that names it). */
static void test_merged(void **state)
{
	(void)state;
	put("a.yml", "services:\n  web:\n    image: nginx:1.25\n");
	put("b.yml", "services:\n  web:\n    privileged: true\n");
	struct bh_scan_input in[] = {
		{ "a.yml", "a.yml", true, NULL, 0, false, false },
		{ "gone.yml", "gone.yml", true, NULL, 0, false, false },
		{ "b.yml", "b.yml", true, NULL, 0, false, false },
	};
	struct bh_config cfg;
	bh_config_init(&cfg);
	struct bh_scan_result r;
	char buf[1024];
	assert_int_equal(bh_scan_merged(in, 3, &cfg, &r), BH_EIO);
	assert_ptr_equal(r.fmt, bh_format_named("compose"));
	assert_int_equal(r.nscanned, 2);
	assert_string_equal(r.path, "a.yml");
	assert_int_equal(r.nerrors, 1);
	assert_string_equal(r.errors[0].file, "gone.yml");
	assert_true(r.errors[0].unreadable);
	assert_true(r.errors[0].at_read);
	assert_string_equal(sorted(&r.found, buf, sizeof(buf)),
			    "a.yml:3:12:BH2005 b.yml:2:3:BH2002 "
			    /* b is privileged: no BH2012/BH2013 */
			    "b.yml:2:3:BH2007 b.yml:2:3:BH2011 "
			    "b.yml:2:3:BH2024 b.yml:2:3:BH2025 "
			    "b.yml:2:3:BH2026 b.yml:3:5:BH2018 ");
	bh_scan_result_free(&r);
	bh_config_free(&cfg);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_empty_set_runs_nothing),
		cmocka_unit_test(test_pragma_drops_own_file_only),
		cmocka_unit_test(test_unit_named_twice_kept_once),
		cmocka_unit_test(test_disable_pragmas_keeps_all),
		cmocka_unit_test(test_check_directive_skips),
		cmocka_unit_test(test_no_unit_keeps_all),
		cmocka_unit_test(test_dockerfile_input),
		cmocka_unit_test_setup_teardown(test_input_dockerfile,
						in_tmpdir, out_of_tmpdir),
		cmocka_unit_test_setup_teardown(test_input_dockerfile_context,
						in_tmpdir, out_of_tmpdir),
		cmocka_unit_test_setup_teardown(test_input_dircache,
						in_tmpdir, out_of_tmpdir),
		cmocka_unit_test_setup_teardown(test_input_compose, in_tmpdir,
						out_of_tmpdir),
		cmocka_unit_test_setup_teardown(test_input_kubernetes,
						in_tmpdir, out_of_tmpdir),
		cmocka_unit_test_setup_teardown(test_input_unknown_kind,
						in_tmpdir, out_of_tmpdir),
		cmocka_unit_test_setup_teardown(test_input_unreadable,
						in_tmpdir, out_of_tmpdir),
		cmocka_unit_test_setup_teardown(test_input_text,
						in_tmpdir, out_of_tmpdir),
		cmocka_unit_test_setup_teardown(test_merged, in_tmpdir,
						out_of_tmpdir),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
