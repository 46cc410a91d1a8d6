/* SPDX-License-Identifier: Apache-2.0
 *
 * test_util.c - arena caps, strbuf growth, diag formatting, bounded reads.
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

#include "util/arena.h"
#include "util/diag.h"
#include "util/io.h"
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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(arena_respects_cap),
		cmocka_unit_test(arena_strings_and_big_blocks),
		cmocka_unit_test(strbuf_grows),
		cmocka_unit_test(diag_keeps_first_error_on_one_line),
		cmocka_unit_test(io_enforces_limit),
		cmocka_unit_test(io_reads_regular_files_exactly),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
