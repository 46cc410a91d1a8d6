/* SPDX-License-Identifier: Apache-2.0
 *
 * test_util.c - arena caps, strbuf growth, diag formatting, bounded reads.
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
	unlink(path);
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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(arena_respects_cap),
		cmocka_unit_test(arena_strings_and_big_blocks),
		cmocka_unit_test(arena_grow_copies_and_zeroes),
		cmocka_unit_test(strbuf_grows),
		cmocka_unit_test(diag_keeps_first_error_on_one_line),
		cmocka_unit_test(io_enforces_limit),
		cmocka_unit_test(io_reads_regular_files_exactly),
		cmocka_unit_test(pmap_keeps_order_and_window),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
