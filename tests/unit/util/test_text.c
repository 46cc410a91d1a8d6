/* SPDX-License-Identifier: Apache-2.0
 *
 * test_text.c - txt_starts, txt_ends, txt_ends_ci, txt_stristr: known
 * answers, empty strings, NULL, a needle longer than the haystack.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "util/text.h"

static void starts_and_ends(void **state)
{
	(void)state;
	assert_true(txt_starts("--trusted-host=x", "--trusted-host"));
	assert_false(txt_starts("--trust", "--trusted-host"));
	assert_true(txt_starts("abc", ""));
	assert_false(txt_starts(NULL, "a"));
	assert_true(txt_ends("x.deb", ".deb"));
	assert_false(txt_ends("x.DEB", ".deb"));
	assert_false(txt_ends("deb", ".deb"));
	assert_false(txt_ends(NULL, ""));
	assert_true(txt_ends_ci("KEY.PEM", ".pem"));
	assert_false(txt_ends_ci("pem", ".pem"));
}

static void stristr_known(void **state)
{
	(void)state;
	const char *h = "Acquire::https::Verify-Peer=false";
	assert_ptr_equal(txt_stristr(h, "verify-peer"), h + 16);
	assert_ptr_equal(txt_stristr(h, "FALSE"), h + 28);
	assert_null(txt_stristr(h, "true"));
	assert_null(txt_stristr("ab", "abc"));
	assert_null(txt_stristr(NULL, "a"));
	assert_ptr_equal(txt_stristr(h, ""), h);
	/* only ASCII letters fold: '[' (0x5b) is not '{' (0x7b) */
	assert_null(txt_stristr("a[b", "a{b"));
}

static void is_date_known(void **state)
{
	(void)state;
	assert_true(txt_is_date("2027-01-31", 10));
	assert_true(txt_is_date("2024-02-29", 10));   /* leap year */
	assert_true(txt_is_date("2000-02-29", 10));   /* 400 rule */
	assert_false(txt_is_date("1900-02-29", 10));  /* 100 rule */
	assert_false(txt_is_date("2023-02-29", 10));
	assert_false(txt_is_date("2023-04-31", 10));
	assert_false(txt_is_date("2023-13-01", 10));
	assert_false(txt_is_date("2023-00-10", 10));
	assert_false(txt_is_date("2023-01-00", 10));
	assert_false(txt_is_date("2023-1-01", 9));
	assert_false(txt_is_date("2023/01/01", 10));
	assert_false(txt_is_date("2023-01-0a", 10));
	assert_false(txt_is_date("2023-01-011", 11));
	assert_false(txt_is_date("2023-01-01", 9));
	assert_false(txt_is_date(NULL, 10));
}

/* txt_json_depth_ok: [ and { counted outside strings only, escapes
 * inside strings skipped, the bound inclusive */
static void json_depth_known(void **state)
{
	(void)state;
	const char *t = "{\"a\":[{\"b\":1}]}";           /* depth 3 */
	assert_true(txt_json_depth_ok(t, strlen(t), 3));
	assert_false(txt_json_depth_ok(t, strlen(t), 2));
	const char *q = "{\"a\":\"[[[[{{{{\"}";          /* in a string */
	assert_true(txt_json_depth_ok(q, strlen(q), 1));
	const char *e = "{\"a\":\"\\\"[[[\"}";        /* escaped quote */
	assert_true(txt_json_depth_ok(e, strlen(e), 1));
	const char *c = "[[]][[]]";                       /* siblings */
	assert_true(txt_json_depth_ok(c, strlen(c), 2));
	assert_true(txt_json_depth_ok("", 0, 0));
	char deep[300];
	memset(deep, '[', sizeof(deep));
	assert_false(txt_json_depth_ok(deep, sizeof(deep), 200));
	assert_true(txt_json_depth_ok(deep, 200, 200));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(starts_and_ends),
		cmocka_unit_test(stristr_known),
		cmocka_unit_test(is_date_known),
		cmocka_unit_test(json_depth_known),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
