/* SPDX-License-Identifier: Apache-2.0
 *
 * test_dircache.c - one run's directory listings (src/core/dircache.c):
 * no cache knows nothing; a directory is listed only after
 * DIRCACHE_LIST_AFTER (4) questions, then a name it does not hold is
 * absent and one it holds (in any case) is not; names a probe would fail
 * on otherwise than ENOENT, non-ASCII names, a directory that cannot be
 * listed or holds more than 4096 names are always probed; a file made
 * after the listing is seen by the next cache (the next run), never by a
 * cache that listed before it; and threads asking at once (TSan: make
 * tsan); the .env beside a Compose file still found through a listing.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/dircache.h"
#include "core/scan_compose.h"
#include "util/arena.h"

static char tmpdir[64];
static char *oldcwd;

static void put(const char *path)
{
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	assert_int_equal(fclose(f), 0);
}

static int in_tmpdir(void **state)
{
	(void)state;
	oldcwd = getcwd(NULL, 0);
	strcpy(tmpdir, "/tmp/bh-test-dircache-XXXXXX");
	if (!oldcwd || !mkdtemp(tmpdir) || chdir(tmpdir) != 0)
		return -1;
	return 0;
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

/* Asks four times (no listing yet: never absent), so that the next
 * question about "dir" lists it. */
static void warm(struct bh_dircache *c, const char *dir)
{
	char p[256];
	snprintf(p, sizeof(p), "%s/nothing-here", dir);
	for (int i = 0; i < 4; i++)
		assert_false(bh_dircache_absent(c, p));
}

static void test_null_knows_nothing(void **state)
{
	(void)state;
	assert_false(bh_dircache_absent(NULL, "/nonexistent/x"));
}

static void test_listed(void **state)
{
	(void)state;
	assert_int_equal(mkdir("d", 0755), 0);
	put("d/Package-Lock.json");
	put("d/Dockerfile");
	put("top");
	struct bh_dircache *c = bh_dircache_new();
	assert_non_null(c);
	warm(c, "d");
	assert_true(bh_dircache_absent(c, "d/.dockerignore"));
	assert_true(bh_dircache_absent(c, "d/Dockerfile.dockerignore"));
	assert_false(bh_dircache_absent(c, "d/Dockerfile"));
	/* in another case: a case-folding directory would find it */
	assert_false(bh_dircache_absent(c, "d/package-lock.json"));
	assert_false(bh_dircache_absent(c, "d/."));
	assert_false(bh_dircache_absent(c, "d/"));
	/* not ASCII: probed */
	assert_false(bh_dircache_absent(c, "d/caf\xc3\xa9"));
	/* longer than NAME_MAX: the probe fails with ENAMETOOLONG */
	char longp[NAME_MAX + 16];
	memset(longp, 'a', sizeof(longp));
	memcpy(longp, "d/", 2);
	longp[sizeof(longp) - 1] = 0;
	assert_false(bh_dircache_absent(c, longp));
	/* the current directory, named without a slash */
	warm(c, ".");
	assert_true(bh_dircache_absent(c, ".dockerignore"));
	assert_false(bh_dircache_absent(c, "top"));
	assert_false(bh_dircache_absent(c, "d"));
	/* a file made after the listing: this run does not see it, the
	 * next run's cache does */
	put("d/.dockerignore");
	assert_true(bh_dircache_absent(c, "d/.dockerignore"));
	bh_dircache_free(c);
	c = bh_dircache_new();
	warm(c, "d");
	assert_false(bh_dircache_absent(c, "d/.dockerignore"));
	assert_true(bh_dircache_absent(c, "d/npm-shrinkwrap.json"));
	bh_dircache_free(c);
}

static void test_unlistable(void **state)
{
	(void)state;
	struct bh_dircache *c = bh_dircache_new();
	assert_non_null(c);
	warm(c, "missing");
	assert_false(bh_dircache_absent(c, "missing/.dockerignore"));
	/* a file where a directory is expected: ENOTDIR, probed */
	put("f");
	warm(c, "f");
	assert_false(bh_dircache_absent(c, "f/.dockerignore"));
	/* more names than a listing keeps */
	assert_int_equal(mkdir("big", 0755), 0);
	char p[64];
	for (int i = 0; i <= 4096; i++) {
		snprintf(p, sizeof(p), "big/f%d", i);
		put(p);
	}
	warm(c, "big");
	assert_false(bh_dircache_absent(c, "big/.dockerignore"));
	bh_dircache_free(c);
}

/* The .env beside a Compose file (cmp_env_load()): found through a
 * listing that holds it, and not when it is missing. */
static void test_dotenv(void **state)
{
	(void)state;
	assert_int_equal(mkdir("p", 0755), 0);
	assert_int_equal(mkdir("q", 0755), 0);
	FILE *f = fopen("p/.env", "w");
	assert_non_null(f);
	assert_int_equal(fputs("BH_TEST_TAG=1.2\n", f) >= 0, 1);
	assert_int_equal(fclose(f), 0);
	struct bh_dircache *c = bh_dircache_new();
	assert_non_null(c);
	warm(c, "p");
	warm(c, "q");
	for (int i = 0; i < 2; i++) {
		struct arena a;
		arena_init(&a, 0);
		struct cmp_env env;
		cmp_env_load(&a, "p/compose.yaml", &env, c);
		const char *v = cmp_env_lookup(&env, "BH_TEST_TAG");
		assert_non_null(v);
		assert_string_equal(v, "1.2");
		cmp_env_load(&a, "q/compose.yaml", &env, c);
		assert_null(cmp_env_lookup(&env, "BH_TEST_TAG"));
		arena_free(&a);
	}
	bh_dircache_free(c);
}

static struct bh_dircache *shared;

static void *asker(void *arg)
{
	(void)arg;
	for (int i = 0; i < 200; i++) {
		if (bh_dircache_absent(shared, "d/x"))
			continue;
		(void)bh_dircache_absent(shared, "e/x");
	}
	return NULL;
}

static void test_threads(void **state)
{
	(void)state;
	assert_int_equal(mkdir("d", 0755), 0);
	assert_int_equal(mkdir("e", 0755), 0);
	shared = bh_dircache_new();
	assert_non_null(shared);
	pthread_t t[4];
	for (int i = 0; i < 4; i++)
		assert_int_equal(pthread_create(&t[i], NULL, asker, NULL), 0);
	for (int i = 0; i < 4; i++)
		assert_int_equal(pthread_join(t[i], NULL), 0);
	assert_true(bh_dircache_absent(shared, "d/x"));
	assert_true(bh_dircache_absent(shared, "e/x"));
	bh_dircache_free(shared);
}

/* Many directories asked about at once: listings made outside the lock
 * while other threads add entries (the array moves) and ask about the
 * directory being listed; a name that is there is never said absent. */
#define NDIRS 40

static void *asker_many(void *arg)
{
	int off = *(const int *)arg;
	char p[64];
	for (int round = 0; round < 8; round++) {
		for (int k = 0; k < NDIRS; k++) {
			int i = (k + off) % NDIRS;
			snprintf(p, sizeof(p), "m%d/here", i);
			if (bh_dircache_absent(shared, p))
				return (void *)1;
			snprintf(p, sizeof(p), "m%d/x", i);
			(void)bh_dircache_absent(shared, p);
		}
	}
	return NULL;
}

static void test_threads_many_dirs(void **state)
{
	(void)state;
	char p[64];
	for (int i = 0; i < NDIRS; i++) {
		snprintf(p, sizeof(p), "m%d", i);
		assert_int_equal(mkdir(p, 0755), 0);
		snprintf(p, sizeof(p), "m%d/here", i);
		put(p);
	}
	shared = bh_dircache_new();
	assert_non_null(shared);
	pthread_t t[4];
	int off[4] = { 0, 10, 20, 30 };
	for (int i = 0; i < 4; i++)
		assert_int_equal(pthread_create(&t[i], NULL, asker_many,
						&off[i]), 0);
	for (int i = 0; i < 4; i++) {
		void *r = NULL;
		assert_int_equal(pthread_join(t[i], &r), 0);
		assert_null(r);
	}
	for (int i = 0; i < NDIRS; i++) {
		snprintf(p, sizeof(p), "m%d/x", i);
		assert_true(bh_dircache_absent(shared, p));
		snprintf(p, sizeof(p), "m%d/HERE", i);
		assert_false(bh_dircache_absent(shared, p));
	}
	bh_dircache_free(shared);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_null_knows_nothing),
		cmocka_unit_test_setup_teardown(test_listed, in_tmpdir,
						out_of_tmpdir),
		cmocka_unit_test_setup_teardown(test_unlistable, in_tmpdir,
						out_of_tmpdir),
		cmocka_unit_test_setup_teardown(test_dotenv, in_tmpdir,
						out_of_tmpdir),
		cmocka_unit_test_setup_teardown(test_threads, in_tmpdir,
						out_of_tmpdir),
		cmocka_unit_test_setup_teardown(test_threads_many_dirs,
						in_tmpdir, out_of_tmpdir),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
