/* SPDX-License-Identifier: Apache-2.0
 *
 * sec_cli.c - which tools take a password on their command line, and in
 * which word: the one list (secrets.h, sec_cli_tool_password()) that the
 * command-line password rules report from (src/rules/cmdpw.c, for
 * BH1201, BH2006, BH3038) and the masking hides from (sec_mask.c,
 * find_cli_passwords(): excerpts, image history, dumps).  The two kept a
 * list each and drifted (masking knew curl -fsSu, reporting did not).
 *
 * It owns the tool table only: options that name a secret whatever the
 * tool (--password, --token...), configuration setters and htpasswd's
 * operand counting stay with their callers, which judge them
 * differently (masking is wider than reporting).  Words are spans, not
 * strings, so the masking can pass the text it walks without copying;
 * nothing allocates (a prefilter table of the names is built once,
 * under pthread_once).
 * Tests: tests/unit/secrets/test_cli_pw.c, tests/suites/leaks_cmdpw.sh
 * (every reported password is masked), the BH1201/BH2006/BH3038 cases.
 */
#include "secrets.h"

#include <ctype.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

static bool is(struct sec_word w, const char *lit)
{
	size_t n = strlen(lit);
	return w.n == n && !memcmp(w.s, lit, n);
}

static bool starts(struct sec_word w, const char *lit)
{
	size_t n = strlen(lit);
	return w.n >= n && !memcmp(w.s, lit, n);
}

/* A literal with its length, so a list is matched by comparing lengths
 * first (these run for every word of every command line). */
struct lit {
	const char *s;
	size_t n;
};
#define LIT(x) { x, sizeof(x) - 1 }

static bool is_lit(struct sec_word w, struct lit l)
{
	return w.n == l.n && (!l.n || w.s[0] == l.s[0]) &&
	       !memcmp(w.s, l.s, l.n);
}

static bool any(struct sec_word w, const struct lit *lits, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (is_lit(w, lits[i]))
			return true;
	return false;
}

#define ANY(w, list) any((w), (list), sizeof(list) / sizeof((list)[0]))

static const struct lit dash_p[] = {
	LIT("sshpass"), LIT("mongo"), LIT("mongosh"), LIT("mongodump"),
	LIT("mongorestore"), LIT("mongoexport"), LIT("mongoimport"),
	LIT("az"), LIT("docker"), LIT("podman"), LIT("buildah"),
	LIT("skopeo"), LIT("helm"), LIT("oras"),
};
static const struct lit mysqls[] = {
	LIT("mysql"), LIT("mysqldump"), LIT("mysqladmin"), LIT("mariadb"),
};
static const struct lit mssql[] = { LIT("sqlcmd"), LIT("bcp"), LIT("osql") };
static const struct lit ossl_opts[] = {
	LIT("-passin"), LIT("-passout"), LIT("-pass"), LIT("-password"),
};
/* the other tools sec_cli_tool_password() names (ldap* is a prefix) */
static const struct lit others[] = {
	LIT("curl"), LIT("wget"), LIT("redis-cli"), LIT("rabbitmqctl"),
	LIT("openssl"),
};

/* An option, not a value: "--x", "-u" (a lone "-" is standard input). */
static bool is_opt(struct sec_word w)
{
	return w.n >= 2 && w.s[0] == '-';
}

/* curl's user options, and a cluster of short options that ends with
 * one (-fsu, -sSU): curl reads the cluster's last letter's argument
 * from the next word. */
static bool curl_user_opt(struct sec_word o)
{
	if (is(o, "--user") || is(o, "--proxy-user"))
		return true;
	if (o.n < 2 || o.s[0] != '-' || o.s[1] == '-')
		return false;
	for (size_t i = 1; i < o.n; i++)
		if (!isalpha((unsigned char)o.s[i]))
			return false;
	return o.s[o.n - 1] == 'u' || o.s[o.n - 1] == 'U';
}

/* The offset just past the first ':' of w, or -1. */
static long after_colon(struct sec_word w, size_t from)
{
	const char *c = from < w.n ? memchr(w.s + from, ':', w.n - from)
				   : NULL;
	return c ? (long)(c - w.s) + 1 : -1;
}

/* The prefilter of sec_cli_is_tool(), which runs for every word of every
 * command line: bit n of lens[c] is set when a tool's name has first
 * byte c and length n (ldap* is a prefix: tested before it).  Built once
 * from the lists above, so it cannot drift from them; lens_ready (set
 * after the build, release) spares the pthread_once call once built. */
static uint32_t lens[256];
static pthread_once_t lens_once = PTHREAD_ONCE_INIT;
static atomic_bool lens_ready;

static void add_lens(const struct lit *l, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (l[i].n < 32)
			lens[(unsigned char)l[i].s[0]] |= (uint32_t)1 << l[i].n;
}

static void build_lens(void)
{
	add_lens(dash_p, sizeof(dash_p) / sizeof(dash_p[0]));
	add_lens(mysqls, sizeof(mysqls) / sizeof(mysqls[0]));
	add_lens(mssql, sizeof(mssql) / sizeof(mssql[0]));
	add_lens(others, sizeof(others) / sizeof(others[0]));
	atomic_store_explicit(&lens_ready, true, memory_order_release);
}

bool sec_cli_is_tool(struct sec_word cmd)
{
	if (!cmd.n)
		return false;
	if (!atomic_load_explicit(&lens_ready, memory_order_acquire))
		pthread_once(&lens_once, build_lens);
	unsigned char c = (unsigned char)cmd.s[0];
	if (c == 'l' && starts(cmd, "ldap"))
		return true;
	if (cmd.n >= 32 || !(lens[c] & (uint32_t)1 << cmd.n))
		return false;  /* no name of that first byte and length */
	return ANY(cmd, dash_p) || ANY(cmd, mysqls) || ANY(cmd, mssql) ||
	       ANY(cmd, others);
}

long sec_cli_tool_password(struct sec_word cmd, struct sec_word prev2,
			   struct sec_word prev, struct sec_word w,
			   size_t *len)
{
	static const char *const wget_opts[] = {
		"--password=", "--http-password=", "--ftp-password=", NULL,
	};
	long off = -1;
	if (!w.n || !sec_cli_is_tool(cmd))
		return -1;
	if (is(cmd, "curl")) {
		if (curl_user_opt(prev))
			off = after_colon(w, 0);
		else if ((starts(w, "-u") || starts(w, "-U")) && w.n > 2)
			off = after_colon(w, 2);       /* curl -uuser:PW */
	} else if (is(cmd, "wget")) {
		for (size_t i = 0; wget_opts[i]; i++)
			if (starts(w, wget_opts[i]))
				off = (long)strlen(wget_opts[i]);
	} else if (is(cmd, "redis-cli") && is(prev, "-a")) {
		off = 0;
	} else if (ANY(cmd, mysqls) && starts(w, "-p") && w.n > 2) {
		off = 2;                               /* mysql -pPW */
	} else if (ANY(cmd, dash_p) && is(prev, "-p") && !is_opt(w)) {
		off = 0;                               /* docker login -p PW */
	} else if (is(cmd, "mysqladmin") && is(prev, "password")) {
		off = 0;                               /* mysqladmin password PW */
	} else if (ANY(cmd, mssql) && is(prev, "-P")) {
		off = 0;
	} else if (starts(cmd, "ldap") && is(prev, "-w")) {
		off = 0;                               /* ldapsearch -w PW */
	} else if (is(cmd, "rabbitmqctl") &&
		   (is(prev2, "add_user") || is(prev2, "change_password"))) {
		off = 0;                               /* add_user USER PW */
	} else if (is(cmd, "openssl") && ANY(prev, ossl_opts) &&
		   starts(w, "pass:")) {
		off = 5;                               /* -passout pass:PW */
	}
	if (off < 0 || (size_t)off >= w.n)
		return -1;
	*len = w.n - (size_t)off;
	return off;
}
