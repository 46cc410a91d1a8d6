/* SPDX-License-Identifier: Apache-2.0
 *
 * test_shell_query.c - the shell-query API of src/model/shell_query.c:
 * the command after wrappers, options (short bundles, --long=value,
 * options whose value is the next word, "--"), operands, option values,
 * assignments, dynamic words, and each package manager's subcommand and
 * package list as sh_split() classifies them, with known answers.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "model/shell.h"

static struct arena A;

static int setup(void **state)
{
	(void)state;
	arena_init(&A, 0);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	arena_free(&A);
	return 0;
}

/* The first command of "script". */
static const struct sh_cmd *first(const char *script)
{
	static struct sh_script sc;
	assert_int_equal(sh_split(script, strlen(script), &A, &sc), 0);
	assert_true(sc.ncmds >= 1);
	return &sc.cmds[0];
}

/* The package operands of the first command, joined by ",". */
static const char *pkgs(const char *script)
{
	static char buf[512];
	const struct sh_cmd *c = first(script);
	size_t idx[16];
	size_t n = sh_packages(c, idx, 16);
	buf[0] = 0;
	for (size_t i = 0; i < n && i < 16; i++) {
		if (i)
			strcat(buf, ",");
		strcat(buf, c->argv[idx[i]].text);
	}
	return buf;
}

static const char *sub(const char *script)
{
	const struct sh_cmd *c = first(script);
	return c->sub < c->argc ? c->argv[c->sub].text : "";
}

static void wrappers_and_name(void **state)
{
	(void)state;
	size_t k;
	const struct sh_cmd *c = first("sudo -u root env A=1 /usr/bin/apt-get -y install curl");
	assert_string_equal(sh_cmd_proper(c, &k), "apt-get");
	assert_int_equal(k, 5);
	assert_int_equal(c->pm, SH_PM_APT);
	/* nice -n takes a value */
	assert_string_equal(sub("nice -n 5 apk add x"), "add");
	c = first("xargs -n1 pip3 install");
	assert_int_equal(c->pm, SH_PM_PIP);
	c = first("ls -l");
	assert_int_equal(c->pm, SH_PM_NONE);
	assert_int_equal(c->sub, c->argc);
	assert_string_equal(pkgs("ls -l a b"), "");
}

static void options(void **state)
{
	(void)state;
	const struct sh_cmd *c = first("apt-get -qy -o Dpkg::Options::=x --no-install-recommends=1 install a");
	assert_true(sh_has_opt(c, 0, "-y", NULL));
	assert_true(sh_has_opt(c, 0, "-q", NULL));
	assert_int_equal(sh_find_opt(c, 0, "-y", NULL), 1);
	/* a letter after one that takes a value is part of that value */
	assert_false(sh_has_opt(c, 0, "-y", "q"));
	assert_true(sh_has_opt(c, 0, "--no-install-recommends", NULL));
	assert_false(sh_has_opt(c, 0, "--no-install", NULL));
	assert_false(sh_has_opt(c, 0, "-x", NULL));
	/* "--" ends the options */
	c = first("tool -- -y");
	assert_false(sh_has_opt(c, 0, "-y", NULL));
}

static void option_values(void **state)
{
	(void)state;
	const struct sh_cmd *c = first("useradd -u 1000 --shell=/bin/sh -gstaff --home /h x");
	assert_string_equal(sh_opt_value(c, 1, "-u", &A), "1000");
	assert_string_equal(sh_opt_value(c, 1, "--shell", &A), "/bin/sh");
	assert_string_equal(sh_opt_value(c, 1, "-g", &A), "staff");
	assert_string_equal(sh_opt_value(c, 1, "--home", &A), "/h");
	assert_null(sh_opt_value(c, 1, "-m", &A));
	assert_null(sh_opt_value(c, 1, "--sh", &A));
	c = first("tool -o");
	assert_null(sh_opt_value(c, 1, "-o", &A));
}

static void operands(void **state)
{
	(void)state;
	static const char *const git_v[] = { "-C", NULL };
	const struct sh_cmd *c = first("git -C /src -c x=y clone -b v1 URL dir");
	/* -c is not listed as taking a value here: "x=y" is an operand */
	assert_int_equal(sh_first_operand(c, 0, git_v), 4);
	static const char *const git_v2[] = { "-C", "-c", NULL };
	size_t s = sh_first_operand(c, 0, git_v2);
	assert_string_equal(c->argv[s].text, "clone");
	static const char *const clone[] = { "clone", NULL };
	assert_true(sh_word_in(c, s, clone));
	assert_false(sh_word_in(c, c->argc, clone));
	bool dd = false;
	static const char *const b[] = { "-b", NULL };
	size_t u = sh_next_operand(c, s, b, &dd);
	assert_string_equal(c->argv[u].text, "URL");
	c = first("rm -f -- -x y");
	dd = false;
	u = sh_next_operand(c, 0, NULL, &dd);
	assert_string_equal(c->argv[u].text, "-x");
	assert_true(dd);
}

static void assigns_and_dynamic(void **state)
{
	(void)state;
	const struct sh_cmd *c = first("PIP_NO_CACHE_DIR=1 DEBUG= pip install x");
	assert_true(sh_has_assign(c, "PIP_NO_CACHE_DIR"));
	assert_true(sh_has_assign(c, "DEBUG"));
	assert_false(sh_has_assign(c, "PIP"));
	assert_true(sh_word_dynamic("$PKG"));
	assert_true(sh_word_dynamic("a`b`"));
	assert_true(sh_word_dynamic("<(curl x)"));
	assert_true(sh_word_dynamic(""));
	assert_false(sh_word_dynamic("curl=8.5"));
	assert_true(sh_is_opt("-y"));
	assert_false(sh_is_opt("-"));
	assert_false(sh_is_opt("y"));
}

static void packages_per_manager(void **state)
{
	(void)state;
	assert_string_equal(pkgs("apt-get -o A=1 install -y --no-install-recommends curl git=1:2.39"),
			    "curl,git=1:2.39");
	assert_string_equal(sub("apt-get -t bookworm-backports install x"), "install");
	assert_string_equal(pkgs("apt install -t bookworm x"), "x");
	assert_string_equal(pkgs("apk add --no-cache --virtual .deps gcc musl-dev"),
			    "gcc,musl-dev");
	assert_string_equal(pkgs("dnf -y --setopt=a=b --enablerepo x install httpd-2.4 vim"),
			    "httpd-2.4,vim");
	assert_int_equal(first("microdnf install x")->pm, SH_PM_RPM);
	assert_int_equal(first("tdnf install x")->pm, SH_PM_RPM);
	assert_string_equal(pkgs("zypper -n --root /r in -t pattern devel curl"),
			    "devel,curl");
	assert_string_equal(pkgs("pip install -r req.txt --index-url U flask==3 'requests>=2'"),
			    "flask==3,requests>=2");
	assert_string_equal(pkgs("python3 -u -m pip install -U pip"), "pip");
	assert_int_equal(first("python3 -m venv v")->pm, SH_PM_NONE);
	assert_int_equal(first("python3 script.py -m pip")->pm, SH_PM_NONE);
	assert_int_equal(first("pip3.12 install x")->pm, SH_PM_PIP);
	assert_int_equal(first("pipx install x")->pm, SH_PM_NONE);
	assert_string_equal(pkgs("npm install -g --registry R express@4 lodash"),
			    "express@4,lodash");
	assert_string_equal(pkgs("gem install -N bundler -v 2.5"), "bundler");
	assert_string_equal(pkgs("go install -ldflags '-s -w' example.com/x@v1"),
			    "example.com/x@v1");
	assert_string_equal(pkgs("cargo install --locked --version 1.2 ripgrep"),
			    "ripgrep");
	assert_string_equal(pkgs("apt-get install"), "");
	assert_string_equal(sub("apt-get -y"), "");
	/* the manager from another index (a second word) */
	const struct sh_cmd *c = first("time apt-get update");
	size_t at;
	assert_int_equal(sh_pm_of(c, 1, &at), SH_PM_APT);
	assert_int_equal(at, 1);
	assert_int_equal(sh_pm_of(c, 9, &at), SH_PM_NONE);
	assert_int_equal(sh_pm_named("dnf5"), SH_PM_RPM);
	assert_int_equal(sh_pm_named("pip3"), SH_PM_PIP);
	assert_int_equal(sh_pm_named("python3"), SH_PM_NONE);
	assert_int_equal(sh_pm_named(NULL), SH_PM_NONE);
	static const char *const inst[] = { "install", NULL };
	assert_true(sh_pm_is(first("apk -q install x"), SH_PM_APK, inst));
	assert_false(sh_pm_is(first("apk add x"), SH_PM_APK, inst));
	assert_false(sh_pm_is(first("apk install x"), SH_PM_APT, inst));
}

/* sh_packages reports the full count even when "out" is smaller. */
static void package_count_bounded(void **state)
{
	(void)state;
	const struct sh_cmd *c = first("apk add a b c d");
	size_t idx[2] = { 99, 99 };
	assert_int_equal(sh_packages(c, idx, 2), 4);
	assert_string_equal(c->argv[idx[1]].text, "b");
	assert_non_null(sh_pm_argopts(SH_PM_NONE));
	assert_null(sh_pm_argopts(SH_PM_NONE)[0]);
	assert_string_equal(sh_pm_argopts(SH_PM_APT)[0], "-o");
}

/* sh_hands_string: a command whose -c string the model split hands it
 * over; a plain command and a script's own -c argument do not. */
static void hands_string(void **state)
{
	(void)state;
	struct sh_script sc;
	const char *s = "echo a; sh -c 'curl -k x; ls'";
	assert_int_equal(sh_split(s, strlen(s), &A, &sc), 0);
	assert_true(sc.ncmds >= 3);
	assert_false(sh_hands_string(&sc, 0));
	assert_true(sh_hands_string(&sc, 1));
	for (size_t q = 2; q < sc.ncmds; q++)
		assert_false(sh_hands_string(&sc, q));
	s = "bash /tmp/x.sh -c 'ls'";
	assert_int_equal(sh_split(s, strlen(s), &A, &sc), 0);
	assert_int_equal(sc.ncmds, 1);
	assert_false(sh_hands_string(&sc, 0));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(wrappers_and_name, setup, teardown),
		cmocka_unit_test_setup_teardown(options, setup, teardown),
		cmocka_unit_test_setup_teardown(option_values, setup, teardown),
		cmocka_unit_test_setup_teardown(operands, setup, teardown),
		cmocka_unit_test_setup_teardown(assigns_and_dynamic, setup, teardown),
		cmocka_unit_test_setup_teardown(packages_per_manager, setup, teardown),
		cmocka_unit_test_setup_teardown(package_count_bounded, setup, teardown),
		cmocka_unit_test_setup_teardown(hands_string, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
