/* SPDX-License-Identifier: Apache-2.0
 *
 * test_context.c - the build context walker (src/core/context.c): order,
 * .dockerignore exclusions and re-inclusions, symlinks never followed,
 * bounds, callback control, the secret-file sweep and the run's cache of
 * sweeps (bh_facts_context_secrets with ctx_cache_use).  Each test builds
 * its own tree under a mkdtemp() directory and removes it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/context.h"

static char root[256];

static void put(const char *rel, const char *content)
{
	char p[1024];
	snprintf(p, sizeof(p), "%s/%s", root, rel);
	/* make parents */
	for (char *s = p + strlen(root) + 1; *s; s++)
		if (*s == '/') {
			*s = 0;
			mkdir(p, 0755);
			*s = '/';
		}
	FILE *f = fopen(p, "w");
	assert_non_null(f);
	fputs(content, f);
	fclose(f);
}

static int rm_one(const char *p, const struct stat *st, int flag,
		  struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(p);
}

static int setup(void **state)
{
	(void)state;
	snprintf(root, sizeof(root), "/tmp/bh_ctx_XXXXXX");
	return mkdtemp(root) ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	return nftw(root, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

struct list {
	char buf[8192];
	int n;
	int stop_after;    /* CTX_STOP after this many (0: never) */
	const char *skip;  /* CTX_SKIP this directory */
};

static int list_cb(void *ud, const struct ctx_entry *e)
{
	struct list *l = ud;
	char tag = e->type == CTX_DIR ? '/' : e->type == CTX_SYMLINK ? '@' : ' ';
	size_t len = strlen(l->buf);
	if (tag == ' ')
		snprintf(l->buf + len, sizeof(l->buf) - len, "%s\n", e->relpath);
	else
		snprintf(l->buf + len, sizeof(l->buf) - len, "%s%c\n",
			 e->relpath, tag);
	l->n++;
	if (l->stop_after && l->n == l->stop_after)
		return CTX_STOP;
	if (l->skip && !strcmp(e->relpath, l->skip))
		return CTX_SKIP;
	return 0;
}

static int walk(const char *ignore, struct list *l)
{
	struct arena a;
	arena_init(&a, 0);
	struct dign ign;
	struct diag d;
	diag_init(&d, root);
	if (ignore)
		put(".dockerignore", ignore);
	int rc = ctx_load_dockerignore(root, &a, &ign, &d);
	assert_int_equal(rc, 0);
	rc = ctx_walk(root, &ign, list_cb, l, &d);
	arena_free(&a);
	return rc;
}

static void walk_order_and_ignore(void **state)
{
	(void)state;
	put("b.txt", "b");
	put("a/x.md", "x");
	put("a/keep.md", "k");
	put("node_modules/m/index.js", "m");
	put("src/main.c", "int main;");
	put("src/build/out.o", "o");
	struct list l = { .buf = "" };
	assert_int_equal(walk(NULL, &l), 0);
	assert_string_equal(l.buf,
			    "a/\na/keep.md\na/x.md\nb.txt\nnode_modules/\n"
			    "node_modules/m/\nnode_modules/m/index.js\nsrc/\n"
			    "src/build/\nsrc/build/out.o\nsrc/main.c\n");
	memset(&l, 0, sizeof(l));
	assert_int_equal(walk("node_modules\n**/build\na/*.md\n!a/keep.md\n"
			      ".dockerignore\n", &l), 0);
	assert_string_equal(l.buf,
			    "a/\na/keep.md\nb.txt\nsrc/\nsrc/main.c\n");
}

static void walk_reinclude_below_excluded_dir(void **state)
{
	(void)state;
	put("docs/a.md", "a");
	put("docs/README.md", "r");
	put("docs/deep/README.md", "r");
	struct list l = { .buf = "" };
	assert_int_equal(walk("docs\n!docs/README.md\n.dockerignore\n", &l), 0);
	/* the excluded directory is not reported, its re-included file is */
	assert_string_equal(l.buf, "docs/README.md\n");
}

static void symlinks_not_followed(void **state)
{
	(void)state;
	char outside[300], link[600];
	snprintf(outside, sizeof(outside), "%s_outside", root);
	mkdir(outside, 0755);
	char f[400];
	snprintf(f, sizeof(f), "%s/secret.txt", outside);
	FILE *fp = fopen(f, "w");
	assert_non_null(fp);
	fputs("s", fp);
	fclose(fp);
	put("in.txt", "i");
	snprintf(link, sizeof(link), "%s/out", root);
	assert_int_equal(symlink(outside, link), 0);
	snprintf(link, sizeof(link), "%s/loop", root);
	assert_int_equal(symlink(".", link), 0);
	struct list l = { .buf = "" };
	assert_int_equal(walk(NULL, &l), 0);
	assert_string_equal(l.buf, "in.txt\nloop@\nout@\n");
	remove(f);
	rmdir(outside);
}

static void bounds_and_control(void **state)
{
	(void)state;
	/* deeper than CTX_MAX_DEPTH */
	char rel[CTX_MAX_DEPTH * 3 + 16] = "";
	for (int i = 0; i < CTX_MAX_DEPTH + 2; i++)
		strcat(rel, "d/");
	strcat(rel, "f");
	put(rel, "x");
	struct list l = { .buf = "" };
	struct diag d;
	diag_init(&d, root);
	assert_int_equal(ctx_walk(root, NULL, list_cb, &l, &d), BH_ELIMIT);
	assert_int_equal(d.code, BH_ELIMIT);
	/* CTX_SKIP at the top keeps the walk out of it */
	memset(&l, 0, sizeof(l));
	l.skip = "d";
	diag_init(&d, root);
	assert_int_equal(ctx_walk(root, NULL, list_cb, &l, &d), 0);
	assert_string_equal(l.buf, "d/\n");
	/* CTX_STOP ends it cleanly */
	memset(&l, 0, sizeof(l));
	l.stop_after = 3;
	assert_int_equal(ctx_walk(root, NULL, list_cb, &l, &d), 0);
	assert_int_equal(l.n, 3);
	/* a missing root is an I/O error */
	diag_init(&d, "nope");
	assert_int_equal(ctx_walk("/nonexistent/bh", NULL, list_cb, &l, &d),
			 BH_EIO);
	assert_int_equal(ctx_walk(NULL, NULL, list_cb, &l, &d), BH_EUSAGE);
}

static void bad_dockerignore(void **state)
{
	(void)state;
	put(".dockerignore", "ok\n[\n");
	struct arena a;
	arena_init(&a, 0);
	struct dign ign;
	struct diag d;
	diag_init(&d, root);
	assert_int_equal(ctx_load_dockerignore(root, &a, &ign, &d), BH_EPARSE);
	assert_int_equal(d.line, 2);
	arena_free(&a);
}

struct found {
	char buf[4096];
};

static int found_cb(void *ud, const struct ctx_secret_file *f)
{
	struct found *s = ud;
	size_t len = strlen(s->buf);
	snprintf(s->buf + len, sizeof(s->buf) - len, "%s %s\n",
		 f->entry->relpath, f->kind);
	return 0;
}

static void secret_sweep(void **state)
{
	(void)state;
	put(".env", "A=1");
	put(".env.example", "A=");
	put(".git/config", "[core]");
	put(".git/objects/ab/cd", "x");
	put("deploy/id_rsa", "x");
	put("deploy/id_rsa.pub", "ssh-rsa AAAA");
	put("tls/server.pem",
	    "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEF\n");
	put("tls/ca.pem", "-----BEGIN CERTIFICATE-----\nMIIEvQIBADANBgkq\n");
	put("ignored/.npmrc", "//registry/:_authToken=x");
	put("src/app.py", "print(1)");
	put(".dockerignore", "ignored\n");
	struct arena a;
	arena_init(&a, 0);
	struct dign ign;
	struct diag d;
	diag_init(&d, root);
	assert_int_equal(ctx_load_dockerignore(root, &a, &ign, &d), 0);
	struct found s = { "" };
	assert_int_equal(ctx_find_secret_files(root, &ign, found_cb, &s, &d), 0);
	assert_string_equal(s.buf,
			    ".env dotenv\n.git git-dir\n"
			    "deploy/id_rsa private-key-file\n"
			    "tls/server.pem private-key-file\n");
	arena_free(&a);
}

/* bh_facts_context_secrets() for the context "root" with the
 * .dockerignore read from "ign_src" (NULL: none), as "kind relpath" lines. */
static void facts_secrets(const char *ign_src, char *out, size_t cap)
{
	struct arena a;
	arena_init(&a, 0);
	struct dign ign;
	struct diag d;
	diag_init(&d, root);
	struct bh_facts f = { .context_known = true, .context_dir = root,
			      .arena = &a };
	if (ign_src) {
		bool found;
		assert_int_equal(ctx_read_dockerignore(ign_src, ign_src, &a,
						       &ign, &found, &d), 0);
		assert_true(found);
		f.has_dockerignore = true;
		f.dockerignore = &ign;
		f.dockerignore_src = ign_src;
	}
	size_t n;
	const struct bh_ctx_file *v = bh_facts_context_secrets(&f, &n);
	out[0] = 0;
	for (size_t i = 0; i < n; i++) {
		size_t len = strlen(out);
		snprintf(out + len, cap - len, "%s %s\n", v[i].relpath,
			 v[i].kind);
	}
	/* asked again: the answer kept in the facts */
	size_t n2;
	assert_ptr_equal(bh_facts_context_secrets(&f, &n2), v);
	assert_int_equal(n2, n);
	arena_free(&a);
}

/* One run sweeps a context once per .dockerignore: a second Dockerfile of
 * the same directory gets the first one's answer (a file added between
 * them is not seen in that run), another .dockerignore is its own sweep,
 * and a new run (a new cache) sees the directory as it is now. */
static void sweep_cache(void **state)
{
	(void)state;
	char ign_all[512], ign_env[512];
	snprintf(ign_all, sizeof(ign_all), "%s/.dockerignore", root);
	snprintf(ign_env, sizeof(ign_env), "%s/app.Dockerfile.dockerignore",
		 root);
	put(".env", "DB_PASSWORD=x");
	put("deploy/id_rsa", "x");
	put("src/app.py", "print(1)");
	put(".dockerignore", "*.md\n");
	put("app.Dockerfile.dockerignore", ".env\n");
	char a[1024], b[1024];
	/* no cache installed: every call walks */
	facts_secrets(ign_all, a, sizeof(a));
	assert_string_equal(a, ".env dotenv\ndeploy/id_rsa private-key-file\n");
	put("new.key", "x");
	facts_secrets(ign_all, a, sizeof(a));
	assert_string_equal(a, ".env dotenv\ndeploy/id_rsa private-key-file\n"
			       "new.key private-key-file\n");

	struct ctx_cache *run = ctx_cache_new();
	assert_non_null(run);
	ctx_cache_use(run);
	facts_secrets(ign_all, a, sizeof(a));
	put("later.pem", "-----BEGIN PRIVATE KEY-----\n"
			"MIIEvQIBADANBgkqhkiG9w0BAQEF\n");
	facts_secrets(ign_all, b, sizeof(b));
	assert_string_equal(a, b);   /* kept: later.pem not seen */
	assert_null(strstr(b, "later.pem"));
	facts_secrets(ign_env, b, sizeof(b));   /* its own sweep */
	assert_string_equal(b, "deploy/id_rsa private-key-file\n"
			       "later.pem private-key-file\n"
			       "new.key private-key-file\n");
	facts_secrets(NULL, b, sizeof(b));      /* no .dockerignore */
	assert_non_null(strstr(b, ".env dotenv\n"));
	assert_non_null(strstr(b, "later.pem"));
	ctx_cache_use(NULL);
	ctx_cache_free(run);

	run = ctx_cache_new();   /* the next run */
	ctx_cache_use(run);
	facts_secrets(ign_all, b, sizeof(b));
	assert_non_null(strstr(b, "later.pem private-key-file\n"));
	ctx_cache_use(NULL);
	ctx_cache_free(run);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(walk_order_and_ignore, setup,
						teardown),
		cmocka_unit_test_setup_teardown(walk_reinclude_below_excluded_dir,
						setup, teardown),
		cmocka_unit_test_setup_teardown(symlinks_not_followed, setup,
						teardown),
		cmocka_unit_test_setup_teardown(bounds_and_control, setup,
						teardown),
		cmocka_unit_test_setup_teardown(bad_dockerignore, setup,
						teardown),
		cmocka_unit_test_setup_teardown(secret_sweep, setup, teardown),
		cmocka_unit_test_setup_teardown(sweep_cache, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
