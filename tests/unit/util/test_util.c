/* SPDX-License-Identifier: Apache-2.0
 *
 * test_util.c - arena caps and the large-arena turn, strbuf growth, diag
 * formatting and escaping, bounded reads (FIFOs and devices refused),
 * pmap order, window and budget (and without done()).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "util/arena.h"
#include "util/diag.h"
#include "util/io.h"
#include "util/pmap.h"
#include "util/strbuf.h"

static void arena_respects_cap(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a, 1000);
	assert_non_null(arena_alloc(&a, 500));
	assert_null(arena_alloc(&a, 600));
	assert_true(a.over_cap);
	assert_null(arena_array(&a, SIZE_MAX / 2, 4));
	arena_free(&a);
}

/* arena_grow keeps the old elements and zeroes the new ones, though the
 * memory under it is taken without zeroing (arena_alloc_raw). */
static void arena_grow_copies_and_zeroes(void **state)
{
	(void)state;
	struct arena a;
	/* dirty a block and give it back: malloc hands the same memory to
	 * the next arena, so a missing memset would show */
	arena_init(&a, 0);
	unsigned char *junk = arena_alloc_raw(&a, 60000);
	assert_non_null(junk);
	memset(junk, 0xAB, 60000);
	arena_free(&a);
	arena_init(&a, 0);
	int *v = arena_array(&a, 3, sizeof(int));
	assert_non_null(v);
	v[0] = 1, v[1] = 2, v[2] = 3;
	for (int round = 0; round < 3; round++) {
		junk = arena_alloc_raw(&a, 64);
		assert_non_null(junk);
		memset(junk, 0xCD, 64);
	}
	int *w = arena_grow(&a, v, 3, 1000, sizeof(int));
	assert_non_null(w);
	assert_int_equal(w[0], 1);
	assert_int_equal(w[1], 2);
	assert_int_equal(w[2], 3);
	for (int i = 3; i < 1000; i++)
		assert_int_equal(w[i], 0);
	/* shrinking copies only what fits */
	int *x = arena_grow(&a, w, 1000, 2, sizeof(int));
	assert_non_null(x);
	assert_int_equal(x[1], 2);
	char *d = arena_strndup(&a, "abcdef", 3);
	assert_string_equal(d, "abc");
	arena_free(&a);
}

static void arena_strings_and_big_blocks(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a, 0);
	char *s = arena_printf(&a, "%s-%d", "x", 42);
	assert_string_equal(s, "x-42");
	char *big = arena_alloc(&a, 1 << 20);
	assert_non_null(big);
	char *after = arena_strdup(&a, "after");
	assert_string_equal(after, "after");
	assert_string_equal(s, "x-42");
	arena_free(&a);
}

static void strbuf_grows(void **state)
{
	(void)state;
	struct strbuf sb = STRBUF_INIT;
	assert_string_equal(strbuf_str(&sb), "");
	for (int i = 0; i < 1000; i++)
		strbuf_printf(&sb, "%d,", i);
	assert_int_equal(sb.len, strlen(sb.buf));
	assert_memory_equal(sb.buf, "0,1,2,", 6);
	strbuf_free(&sb);
}

static void diag_keeps_first_error_on_one_line(void **state)
{
	(void)state;
	struct diag d;
	diag_init(&d, "Dockerfile");
	diag_error(&d, BH_EPARSE, 3, 7, "bad\nthing");
	diag_error(&d, BH_ELIMIT, 9, 1, "later");
	char buf[256];
	diag_format(&d, buf, sizeof(buf));
	assert_string_equal(buf, "Dockerfile:3:7: bad thing");
	assert_int_equal(d.code, BH_EPARSE);
}

/* File names and YAML keys reach stderr through diag_format: their
 * control characters are written as \xHH. */
static void diag_escapes_control_characters(void **state)
{
	(void)state;
	struct diag d;
	diag_init(&d, "evil\x1b[31m.yaml");
	diag_error(&d, BH_EPARSE, 1, 2, "key \"a\x07" "b\xc2\x9b\" caf\xc3\xa9\x7f");
	char buf[256];
	diag_format(&d, buf, sizeof(buf));
	assert_string_equal(buf, "evil\\x1b[31m.yaml:1:2: key \"a\\x07b\\x9b\" "
			    "caf\xc3\xa9\\x7f");
	char small[6];
	assert_int_equal(diag_escape(small, sizeof(small), "ab\x01" "cd"), 2);
	assert_string_equal(small, "ab");
}

/* A FIFO or a device is refused, never opened for a blocking read. */
static void io_refuses_what_is_not_a_regular_file(void **state)
{
	(void)state;
	char dir[] = "/tmp/bh-test-fifo-XXXXXX";
	assert_non_null(mkdtemp(dir));
	char fifo[64];
	snprintf(fifo, sizeof(fifo), "%s/Dockerfile", dir);
	assert_int_equal(mkfifo(fifo, 0600), 0);
	struct diag d;
	char *buf = NULL;
	size_t len = 0;
	bool whole = false;
	diag_init(&d, fifo);
	assert_int_equal(io_read_file(fifo, 1000, &buf, &len, &d), BH_EIO);
	assert_non_null(strstr(d.message, "not a regular file (a named pipe"));
	diag_init(&d, fifo);
	assert_int_equal(io_read_head(fifo, 10, &buf, &len, &whole, &d), BH_EIO);
	diag_init(&d, "/dev/zero");
	assert_int_equal(io_read_file("/dev/zero", 1000, &buf, &len, &d), BH_EIO);
	assert_non_null(strstr(d.message, "a character device"));
	/* a path listed as a regular file that became a FIFO or a device
	 * since: opened without blocking, refused by fstat, never read */
	diag_init(&d, fifo);
	assert_int_equal(io_read_listed(fifo, 1000, &buf, &len, &d), BH_EIO);
	assert_non_null(strstr(d.message, "not a regular file (a named pipe"));
	diag_init(&d, fifo);
	assert_int_equal(io_read_head_listed(fifo, 10, &buf, &len, &whole, &d),
			 BH_EIO);
	assert_non_null(strstr(d.message, "not a regular file (a named pipe"));
	diag_init(&d, "/dev/zero");
	assert_int_equal(io_read_listed("/dev/zero", 1000, &buf, &len, &d),
			 BH_EIO);
	assert_non_null(strstr(d.message, "a character device"));
	unlink(fifo);
	/* gone since: the message a stat would have given */
	diag_init(&d, fifo);
	assert_int_equal(io_read_listed(fifo, 1000, &buf, &len, &d), BH_EIO);
	assert_non_null(strstr(d.message,
			       "cannot open: No such file or directory"));
	rmdir(dir);
}

/* A path listed as a regular file that is a symbolic link by the time it
 * is read (a link to a FIFO or a device put in its place) is not opened
 * through the link: looked at with a stat first, as any path, and
 * refused unopened.  A writer blocked opening the FIFO stays blocked. */
static void io_listed_does_not_open_through_a_new_link(void **state)
{
	(void)state;
	char dir[] = "/tmp/bh-test-flink-XXXXXX";
	assert_non_null(mkdtemp(dir));
	char fifo[64], link[64], file[64];
	snprintf(fifo, sizeof(fifo), "%s/fifo", dir);
	snprintf(link, sizeof(link), "%s/Dockerfile", dir);
	snprintf(file, sizeof(file), "%s/real", dir);
	assert_int_equal(mkfifo(fifo, 0600), 0);
	assert_int_equal(symlink("fifo", link), 0);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		int fd = open(fifo, O_WRONLY);   /* blocks until a reader */
		_exit(fd >= 0 ? 0 : 1);
	}
	usleep(100 * 1000);   /* the writer is in its open */
	struct diag d;
	char *buf = NULL;
	size_t len = 0;
	bool whole = false;
	diag_init(&d, link);
	assert_int_equal(io_read_listed(link, 1000, &buf, &len, &d), BH_EIO);
	assert_non_null(strstr(d.message, "not a regular file (a named pipe"));
	diag_init(&d, link);
	assert_int_equal(io_read_head_listed(link, 10, &buf, &len, &whole, &d),
			 BH_EIO);
	assert_non_null(strstr(d.message, "not a regular file (a named pipe"));
	usleep(100 * 1000);
	int status = 0;
	pid_t gone = waitpid(pid, &status, WNOHANG);
	/* release the writer either way */
	int rfd = open(fifo, O_RDONLY | O_NONBLOCK);
	if (rfd >= 0)
		close(rfd);
	if (gone == 0)
		(void)waitpid(pid, &status, 0);
	assert_int_equal(gone, 0);
	/* a link to a regular file is still read through (followed) */
	FILE *f = fopen(file, "w");
	assert_non_null(f);
	fputs("FROM alpine\n", f);
	fclose(f);
	unlink(link);
	assert_int_equal(symlink("real", link), 0);
	diag_init(&d, link);
	assert_int_equal(io_read_listed(link, 1000, &buf, &len, &d), BH_OK);
	assert_int_equal(len, 12);
	free(buf);
	/* a loop: the message a stat gives */
	unlink(link);
	assert_int_equal(symlink("Dockerfile", link), 0);
	diag_init(&d, link);
	assert_int_equal(io_read_listed(link, 1000, &buf, &len, &d), BH_EIO);
	assert_non_null(strstr(d.message, "cannot open: Too many levels"));
	unlink(link);
	unlink(fifo);
	unlink(file);
	rmdir(dir);
}

static void io_enforces_limit(void **state)
{
	(void)state;
	FILE *f = tmpfile();
	for (int i = 0; i < 5000; i++)
		fputc('a', f);
	rewind(f);
	struct diag d;
	diag_init(&d, "t");
	char *buf = NULL;
	size_t len = 0;
	assert_int_equal(io_read_stream(f, 4096, &buf, &len, &d), BH_ELIMIT);
	rewind(f);
	diag_init(&d, "t");
	assert_int_equal(io_read_stream(f, 8192, &buf, &len, &d), BH_OK);
	assert_int_equal(len, 5000);
	free(buf);
	fclose(f);
}

static void io_reads_regular_files_exactly(void **state)
{
	(void)state;
	char path[] = "/tmp/bh-test-io-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	FILE *f = fdopen(fd, "wb");
	for (int i = 0; i < 70000; i++)
		fputc('a' + i % 26, f);
	fclose(f);
	struct diag d;
	char *buf = NULL;
	size_t len = 0;
	diag_init(&d, path);
	assert_int_equal(io_read_file(path, 70000, &buf, &len, &d), BH_OK);
	assert_int_equal(len, 70000);
	assert_int_equal(buf[69999], 'a' + 69999 % 26);
	assert_int_equal(buf[70000], 0);
	free(buf);
	diag_init(&d, path);
	assert_int_equal(io_read_file(path, 69999, &buf, &len, &d), BH_ELIMIT);
	diag_init(&d, "/tmp");
	assert_int_not_equal(io_read_file("/tmp", 1000, &buf, &len, &d), BH_OK);
	diag_init(&d, "/nonexistent/x");
	assert_int_equal(io_read_file("/nonexistent/x", 1000, &buf, &len, &d), BH_EIO);
	/* the head: the first bytes, and whether that was all */
	bool whole = true;
	diag_init(&d, path);
	assert_int_equal(io_read_head(path, 100, &buf, &len, &whole, &d), BH_OK);
	assert_int_equal(len, 100);
	assert_false(whole);
	assert_int_equal(buf[100], 0);
	free(buf);
	assert_int_equal(io_read_head(path, 70000, &buf, &len, &whole, &d), BH_OK);
	assert_int_equal(len, 70000);
	assert_true(whole);
	free(buf);
	/* the same reads of a path the lister saw as regular */
	assert_int_equal(io_read_listed(path, 70000, &buf, &len, &d), BH_OK);
	assert_int_equal(len, 70000);
	assert_int_equal(buf[69999], 'a' + 69999 % 26);
	free(buf);
	assert_int_equal(io_read_head_listed(path, 100, &buf, &len, &whole, &d),
			 BH_OK);
	assert_int_equal(len, 100);
	assert_false(whole);
	free(buf);
	unlink(path);
}

/* Past BH_ARENA_SHARE an arena takes the process's one large-arena
 * turn: threads filling large arenas do it one at a time; a thread may
 * nest large arenas of its own without waiting for itself. */
struct turn_probe {
	pthread_mutex_t mu;
	int large_now, large_max;
};

static void fill(struct arena *a, size_t bytes)
{
	for (size_t n = 0; n < bytes; n += 60000)
		assert_non_null(arena_alloc_raw(a, 60000));
}

static void *turn_thread(void *arg)
{
	struct turn_probe *p = arg;
	struct arena a, nested;
	arena_init(&a, 0);
	arena_init(&nested, 0);
	fill(&a, BH_ARENA_SHARE + (1 << 20));
	assert_true(a.large);
	pthread_mutex_lock(&p->mu);
	p->large_now++;
	if (p->large_now > p->large_max)
		p->large_max = p->large_now;
	pthread_mutex_unlock(&p->mu);
	fill(&nested, BH_ARENA_SHARE + (1 << 20));  /* no self-deadlock */
	usleep(20000);
	pthread_mutex_lock(&p->mu);
	p->large_now--;
	pthread_mutex_unlock(&p->mu);
	arena_free(&nested);
	arena_free(&a);
	assert_false(a.large);
	return NULL;
}

static void arena_large_turn_is_one_at_a_time(void **state)
{
	(void)state;
	struct turn_probe p = { .large_now = 0, .large_max = 0 };
	pthread_mutex_init(&p.mu, NULL);
	pthread_t t[3];
	for (int i = 0; i < 3; i++)
		assert_int_equal(pthread_create(&t[i], NULL, turn_thread, &p), 0);
	for (int i = 0; i < 3; i++)
		pthread_join(t[i], NULL);
	assert_int_equal(p.large_max, 1);
	/* small arenas never take it */
	struct arena a;
	arena_init(&a, 0);
	fill(&a, 1 << 20);
	assert_false(a.large);
	arena_free(&a);
	pthread_mutex_destroy(&p.mu);
}

/* pmap: every item is worked once, done() sees them in index order in
 * the caller's thread, and no worker runs more than the window (4 x jobs)
 * ahead of done(). */
struct pmap_probe {
	size_t n;
	int *worked;            /* per item: times worked */
	unsigned *sums;         /* per item: the busy work's result */
	size_t *order;          /* done() calls, in call order */
	size_t ndone;
	size_t printed;         /* read by workers: done() count so far */
	size_t max_ahead;
	pthread_t caller;
	bool wrong_thread;
	pthread_mutex_t mu;
};

static void probe_work(void *ud, size_t i)
{
	struct pmap_probe *p = ud;
	pthread_mutex_lock(&p->mu);
	size_t ahead = i - p->printed;
	if (ahead > p->max_ahead)
		p->max_ahead = ahead;
	p->worked[i]++;
	pthread_mutex_unlock(&p->mu);
	/* uneven work so items finish out of order */
	unsigned x = 0;
	for (unsigned k = 0; k < (unsigned)((i * 7919) % 5000); k++)
		x = x * 31 + k;
	p->sums[i] = x;
}

static void probe_done(void *ud, size_t i)
{
	struct pmap_probe *p = ud;
	if (!pthread_equal(pthread_self(), p->caller))
		p->wrong_thread = true;
	pthread_mutex_lock(&p->mu);
	p->order[p->ndone++] = i;
	p->printed = p->ndone;
	pthread_mutex_unlock(&p->mu);
}

static void pmap_keeps_order_and_window(void **state)
{
	(void)state;
	const size_t n = 3000;
	const unsigned jobs_list[] = { 1, 2, 3, 8 };
	for (size_t t = 0; t < sizeof(jobs_list) / sizeof(jobs_list[0]); t++) {
		struct pmap_probe p = { .n = n };
		p.worked = calloc(n, sizeof(int));
		p.order = calloc(n, sizeof(size_t));
		p.sums = calloc(n, sizeof(unsigned));
		assert_non_null(p.sums);
		assert_non_null(p.worked);
		assert_non_null(p.order);
		p.caller = pthread_self();
		pthread_mutex_init(&p.mu, NULL);
		struct pmap_ops ops = { probe_work, probe_done, &p };
		assert_int_equal(pmap_run(n, jobs_list[t], &ops), 0);
		assert_int_equal(p.ndone, n);
		for (size_t i = 0; i < n; i++) {
			assert_int_equal(p.worked[i], 1);
			assert_int_equal(p.order[i], i);
		}
		assert_false(p.wrong_thread);
		assert_true(p.max_ahead < 4 * jobs_list[t]);
		pthread_mutex_destroy(&p.mu);
		free(p.worked);
		free(p.order);
		free(p.sums);
	}
	/* nothing to do is fine; so is more threads than items */
	struct pmap_probe p = { .n = 0 };
	p.caller = pthread_self();
	pthread_mutex_init(&p.mu, NULL);
	struct pmap_ops ops = { probe_work, probe_done, &p };
	assert_int_equal(pmap_run(0, 4, &ops), 0);
	assert_int_equal(p.ndone, 0);
	pthread_mutex_destroy(&p.mu);
}

/* pmap_run_budget: the items being worked never cost more than the
 * limit together, unless one item alone does; order is unchanged. */
struct budget_probe {
	pthread_mutex_t mu;
	const size_t *cost;
	size_t used, max_used, busy_with_big;
	size_t *order, ndone;
	bool over;
};

static size_t probe_cost(void *ud, size_t i)
{
	return ((struct budget_probe *)ud)->cost[i];
}

static void budget_work(void *ud, size_t i)
{
	struct budget_probe *p = ud;
	pthread_mutex_lock(&p->mu);
	p->used += p->cost[i];
	if (p->used > 100 && p->used != p->cost[i])
		p->over = true;
	if (p->used > p->max_used)
		p->max_used = p->used;
	pthread_mutex_unlock(&p->mu);
	usleep(200);
	pthread_mutex_lock(&p->mu);
	p->used -= p->cost[i];
	pthread_mutex_unlock(&p->mu);
}

static void budget_done(void *ud, size_t i)
{
	struct budget_probe *p = ud;
	p->order[p->ndone++] = i;
}

static void pmap_budget_bounds_what_runs_at_once(void **state)
{
	(void)state;
	enum { N = 400 };
	static size_t cost[N];
	for (size_t i = 0; i < N; i++)
		cost[i] = i % 37 == 0 ? 250 : (i * 7) % 40;  /* some alone */
	struct budget_probe p = { .cost = cost };
	pthread_mutex_init(&p.mu, NULL);
	p.order = calloc(N, sizeof(size_t));
	assert_non_null(p.order);
	struct pmap_ops ops = { budget_work, budget_done, &p };
	struct pmap_budget b = { probe_cost, 100 };
	assert_int_equal(pmap_run_budget(N, 8, &ops, &b), 0);
	assert_int_equal(p.ndone, N);
	for (size_t i = 0; i < N; i++)
		assert_int_equal(p.order[i], i);
	assert_false(p.over);
	assert_true(p.max_used >= 250);  /* the big ones did run */
	free(p.order);
	pthread_mutex_destroy(&p.mu);
}

/* pmap without done() (NULL): every item is worked once, at every -j,
 * and under a budget the limit still holds. */
static void pmap_without_done(void **state)
{
	(void)state;
	const size_t n = 3000;
	const unsigned jobs_list[] = { 1, 2, 3, 8 };
	for (size_t t = 0; t < sizeof(jobs_list) / sizeof(jobs_list[0]); t++) {
		struct pmap_probe p = { .n = n };
		p.worked = calloc(n, sizeof(int));
		p.sums = calloc(n, sizeof(unsigned));
		assert_non_null(p.worked);
		assert_non_null(p.sums);
		pthread_mutex_init(&p.mu, NULL);
		struct pmap_ops ops = { probe_work, NULL, &p };
		assert_int_equal(pmap_run(n, jobs_list[t], &ops), 0);
		for (size_t i = 0; i < n; i++)
			assert_int_equal(p.worked[i], 1);
		pthread_mutex_destroy(&p.mu);
		free(p.worked);
		free(p.sums);
	}
	enum { N = 400 };
	static size_t cost[N];
	for (size_t i = 0; i < N; i++)
		cost[i] = i % 37 == 0 ? 250 : (i * 7) % 40;
	struct budget_probe b = { .cost = cost };
	pthread_mutex_init(&b.mu, NULL);
	struct pmap_ops ops = { budget_work, NULL, &b };
	struct pmap_budget lim = { probe_cost, 100 };
	assert_int_equal(pmap_run_budget(N, 8, &ops, &lim), 0);
	assert_false(b.over);
	assert_int_equal(b.used, 0);
	assert_true(b.max_used >= 250);
	pthread_mutex_destroy(&b.mu);
}

/* io_path_beside / io_path_relative: the new .dockerignore of a Compose
 * build context (scan_df.c, cmd_fix.c) */
static void expect_beside(const char *path, const char *rel, const char *want)
{
	char *p = io_path_beside(path, rel);
	assert_non_null(p);
	assert_string_equal(p, want);
	free(p);
}

static void expect_relative(const char *from, const char *to, const char *want)
{
	char *p = io_path_relative(from, to);
	assert_non_null(p);
	assert_string_equal(p, want);
	free(p);
}

static void paths_beside_and_relative(void **state)
{
	(void)state;
	expect_beside("docker/Dockerfile", "../.dockerignore", ".dockerignore");
	expect_beside("Dockerfile", "../.dockerignore", "../.dockerignore");
	expect_beside("Dockerfile", ".dockerignore", ".dockerignore");
	expect_beside("/a/b/Dockerfile", "../x", "/a/x");
	expect_beside("/a/Dockerfile", "../../x", "/x");
	expect_beside("a/b/c/Dockerfile", "../../d/x", "a/d/x");
	expect_beside("./a/Dockerfile", "..", ".");
	expect_beside("../p/docker/Dockerfile", "../..", "..");
	expect_relative("/p/docker", "/p", "..");
	expect_relative("/p", "/p", ".");
	expect_relative("/p/a", "/p/b/c", "../b/c");
	expect_relative("/p/ab", "/p/a", "../a");
	expect_relative("/p", "/p/a", "a");
	expect_relative("/", "/p", "p");
	expect_relative("/p/q", "/", "../..");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(paths_beside_and_relative),
		cmocka_unit_test(arena_respects_cap),
		cmocka_unit_test(arena_strings_and_big_blocks),
		cmocka_unit_test(arena_grow_copies_and_zeroes),
		cmocka_unit_test(strbuf_grows),
		cmocka_unit_test(diag_keeps_first_error_on_one_line),
		cmocka_unit_test(diag_escapes_control_characters),
		cmocka_unit_test(io_refuses_what_is_not_a_regular_file),
		cmocka_unit_test(io_listed_does_not_open_through_a_new_link),
		cmocka_unit_test(arena_large_turn_is_one_at_a_time),
		cmocka_unit_test(io_enforces_limit),
		cmocka_unit_test(io_reads_regular_files_exactly),
		cmocka_unit_test(pmap_keeps_order_and_window),
		cmocka_unit_test(pmap_budget_bounds_what_runs_at_once),
		cmocka_unit_test(pmap_without_done),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
