/* SPDX-License-Identifier: Apache-2.0
 *
 * test_cli_pw.c - the one list of tools that take a password on their
 * command line (src/secrets/sec_cli.c, sec_cli_tool_password()): each
 * tool's word and offset, the near misses (another tool, the option
 * itself, a following option), and words given as spans that are not
 * NUL-terminated (as the masking passes them).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "secrets/secrets.h"

static struct sec_word W(const char *s)
{
	return (struct sec_word){ s, s ? strlen(s) : 0 };
}

/* The password found for words "cmd ... prev2 prev w", as a string
 * ("" when none). */
static const char *pw(const char *cmd, const char *prev2, const char *prev,
		      const char *w)
{
	static char buf[128];
	size_t len = 0;
	long off = sec_cli_tool_password(W(cmd), W(prev2), W(prev), W(w),
					 &len);
	if (off < 0)
		return "";
	assert_true((size_t)off + len <= strlen(w));
	memcpy(buf, w + off, len);
	buf[len] = 0;
	return buf;
}

static void test_tools(void **state)
{
	(void)state;
	assert_string_equal(pw("curl", "", "-u", "ops:Pw1"), "Pw1");
	assert_string_equal(pw("curl", "", "--user", "ops:Pw1"), "Pw1");
	assert_string_equal(pw("curl", "", "--proxy-user", "p:Pw2"), "Pw2");
	assert_string_equal(pw("curl", "", "-fsSu", "ops:Pw3"), "Pw3");
	assert_string_equal(pw("curl", "", "-U", "p:Pw4"), "Pw4");
	assert_string_equal(pw("curl", "curl", "curl", "-uops:Pw5"), "Pw5");
	assert_string_equal(pw("wget", "", "wget", "--http-password=Pw6"), "Pw6");
	assert_string_equal(pw("sshpass", "", "-p", "Pw7"), "Pw7");
	assert_string_equal(pw("redis-cli", "", "-a", "Pw8"), "Pw8");
	assert_string_equal(pw("mysql", "", "root", "-pPw9"), "Pw9");
	assert_string_equal(pw("mariadb", "", "-u", "-pPw10"), "Pw10");
	assert_string_equal(pw("docker", "login", "-p", "Pw11"), "Pw11");
	assert_string_equal(pw("mongosh", "u", "-p", "Pw12"), "Pw12");
	assert_string_equal(pw("mysqladmin", "root", "password", "Pw13"),
			    "Pw13");
	assert_string_equal(pw("sqlcmd", "sa", "-P", "Pw14"), "Pw14");
	assert_string_equal(pw("ldapsearch", "-D", "-w", "Pw15"), "Pw15");
	assert_string_equal(pw("rabbitmqctl", "add_user", "bob", "Pw16"),
			    "Pw16");
	assert_string_equal(pw("openssl", "x", "-passout", "pass:Pw17"),
			    "Pw17");
}

static void test_near_misses(void **state)
{
	(void)state;
	assert_string_equal(pw("curl", "", "-u", "ops"), "");       /* no : */
	assert_string_equal(pw("curl", "", "-fsSL", "ops:x"), "");  /* L */
	assert_string_equal(pw("curl", "", "-u1", "ops:x"), "");
	assert_string_equal(pw("curl", "", "-u", "ops:"), "");      /* empty */
	assert_string_equal(pw("wget", "", "-u", "ops:x"), "");
	assert_string_equal(pw("docker", "login", "-p", "--stdin"), "");
	assert_string_equal(pw("kubectl", "", "-p", "x"), "");
	assert_string_equal(pw("mysql", "", "", "-p"), "");
	assert_string_equal(pw("psql", "", "", "-px"), "");
	assert_string_equal(pw("openssl", "", "-passout", "env:PW"), "");
	assert_string_equal(pw("rabbitmqctl", "list_users", "bob", "x"), "");
	assert_string_equal(pw("redis-cli", "", "-h", "host"), "");
	assert_string_equal(pw("sqlcmd", "", "-p", "x"), "");       /* -P */
	size_t len = 7;
	assert_int_equal(sec_cli_tool_password(W("curl"), W(NULL), W("-u"),
					       W(NULL), &len), -1);
}

/* spans into a longer text, as the masking passes them */
static void test_spans(void **state)
{
	(void)state;
	const char *t = "curl -fsu ops:Sp4nPw https://x/";
	struct sec_word cmd = { t, 4 }, prev = { t + 5, 4 },
			w = { t + 10, 10 }, none = { NULL, 0 };
	size_t len = 0;
	long off = sec_cli_tool_password(cmd, none, prev, w, &len);
	assert_int_equal(off, 4);
	assert_int_equal(len, 6);
	assert_memory_equal(t + 10 + off, "Sp4nPw", 6);
	/* "curlx" is another tool even though it starts with curl */
	struct sec_word cmd2 = { "curlx", 5 };
	assert_int_equal(sec_cli_tool_password(cmd2, none, prev, w, &len), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tools),
		cmocka_unit_test(test_near_misses),
		cmocka_unit_test(test_spans),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
