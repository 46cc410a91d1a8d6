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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(starts_and_ends),
		cmocka_unit_test(stristr_known),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
