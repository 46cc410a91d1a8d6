/* SPDX-License-Identifier: Apache-2.0
 *
 * test_shell.c - sh_split() and sh_split_argv(): words, quotes, operators, compound commands,
 * substitutions, redirections, here-documents, bounds; sh_cmd_name()
 * (options: test_shell_query.c).
 *
 * Most cases render the split script as one string (render()) so each
 * expectation reads like the script: commands joined by " / ", each as
 * "[assigns] argv <op>" with "{d}" for depth and "$" for substitution.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "model/shell.h"
#include "util/diag.h"

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

static const char *op_name(enum sh_op op)
{
	switch (op) {
	case SH_OP_END: return ".";
	case SH_OP_SEQ: return ";";
	case SH_OP_AND: return "&&";
	case SH_OP_OR: return "||";
	case SH_OP_PIPE: return "|";
	case SH_OP_BG: return "&";
	}
	return "?";
}

static char out[8192];

static const char *render(const char *script)
{
	struct sh_script sc;
	int rc = sh_split(script, strlen(script), &A, &sc);
	if (rc)
		return "ERROR";
	size_t o = 0;
	out[0] = 0;
	for (size_t i = 0; i < sc.ncmds; i++) {
		const struct sh_cmd *c = &sc.cmds[i];
		if (i)
			o += (size_t)snprintf(out + o, sizeof(out) - o, " / ");
		if (c->depth)
			o += (size_t)snprintf(out + o, sizeof(out) - o, "{%d}",
					      c->depth);
		if (c->in_substitution)
			o += (size_t)snprintf(out + o, sizeof(out) - o, "$");
		if (c->in_string)
			o += (size_t)snprintf(out + o, sizeof(out) - o, "@");
		for (size_t k = 0; k < c->nassigns; k++)
			o += (size_t)snprintf(out + o, sizeof(out) - o, "[%s] ",
					      c->assigns[k].text);
		for (size_t k = 0; k < c->argc; k++)
			o += (size_t)snprintf(out + o, sizeof(out) - o, "%s ",
					      c->argv[k].text);
		o += (size_t)snprintf(out + o, sizeof(out) - o, "%s",
				      op_name(c->op_after));
	}
	return out;
}

static void operators(void **state)
{
	(void)state;
	assert_string_equal(render("a b; c && d || e | f & g"),
			    "a b ; / c && / d || / e | / f & / g .");
	assert_string_equal(render("a |& b\nc"), "a | / b ; / c .");
	assert_string_equal(render(""), "");
	assert_string_equal(render("  \n\n ; ;"), "");
	assert_string_equal(render("a&&b||c"), "a && / b || / c .");
}

static void quotes_and_escapes(void **state)
{
	(void)state;
	struct sh_script sc;
	const char *s = "echo \"a b\" 'c d' e\\ f \"x\\\"y\" 'it''s' \"\\q\"";
	assert_int_equal(sh_split(s, strlen(s), &A, &sc), 0);
	assert_int_equal(sc.ncmds, 1);
	const struct sh_cmd *c = &sc.cmds[0];
	assert_int_equal(c->argc, 7);
	assert_string_equal(c->argv[1].text, "a b");
	assert_string_equal(c->argv[1].raw, "\"a b\"");
	assert_true(c->argv[1].quoted);
	assert_false(c->argv[0].quoted);
	assert_string_equal(c->argv[2].text, "c d");
	assert_string_equal(c->argv[3].text, "e f");
	assert_string_equal(c->argv[4].text, "x\"y");
	assert_string_equal(c->argv[5].text, "its");
	assert_string_equal(c->argv[6].text, "\\q");  /* \q stays in "" */
	assert_int_equal(c->argv[1].offset, 5);
	assert_int_equal(c->argv[2].offset, 11);
	/* ANSI-C and locale quoting */
	assert_string_equal(render("printf $'a\\tb' $\"x y\""),
			    "printf a\\tb x y .");
	/* unterminated quote: the word runs to the end, no error */
	assert_string_equal(render("echo 'abc; rm -rf /"),
			    "echo abc; rm -rf / .");
	assert_string_equal(render("echo \"abc"), "echo abc .");
	/* quoted keywords and operators are words */
	assert_string_equal(render("echo ';' '&&' \"|\" \\; if"),
			    "echo ; && | ; if .");
}

static void variables_kept(void **state)
{
	(void)state;
	assert_string_equal(render("echo $HOME ${X:-a b} \"$Y\" $((1 + (2*3)))"),
			    "echo $HOME ${X:-a b} $Y $((1 + (2*3))) .");
	assert_string_equal(render("echo ${A:-\"}\"} z"),
			    "echo ${A:-\"}\"} z .");
}

static void substitutions(void **state)
{
	(void)state;
	assert_string_equal(render("echo \"$(date +%s)\" end"),
			    "echo $(date +%s) end . / {1}$date +%s .");
	assert_string_equal(render("a \"$(b \"$(c 'd e')\")\""),
			    "a $(b \"$(c 'd e')\") . / {1}$b $(c 'd e') . / "
			    "{2}$c d e .");
	assert_string_equal(render("v=`uname -r` make"),
			    "[v=`uname -r`] make . / {1}$uname -r .");
	assert_string_equal(render("echo \"`id -u`\"; ls"),
			    "echo `id -u` ; / {1}$id -u . / ls .");
	assert_string_equal(render("diff <(ls a) <(ls b)"),
			    "diff <(ls a) <(ls b) . / {1}$ls a . / {1}$ls b .");
	assert_string_equal(render("x=$(curl -s u | sh) && y"),
			    "[x=$(curl -s u | sh)] && / {1}$curl -s u | / "
			    "{1}$sh . / y .");
	/* a ')' inside quotes does not close the substitution */
	assert_string_equal(render("echo $(echo \")\" ) z"),
			    "echo $(echo \")\" ) z . / {1}$echo ) .");
	/* case inside $( ): its ')' belong to the patterns */
	assert_string_equal(render("x=$(case a in a) echo y;; esac) && z"),
			    "[x=$(case a in a) echo y;; esac)] && / "
			    "{1}$echo y ; / z .");
}

/* The offset of the first word of the command named "name". */
static long offset_of(const struct sh_script *sc, const char *name)
{
	for (size_t i = 0; i < sc->ncmds; i++)
		if (!strcmp(sh_cmd_name(&sc->cmds[i]), name))
			return (long)sc->cmds[i].argv[0].offset;
	return -1;
}

static void script_strings(void **state)
{
	(void)state;
	/* sh -c, su -c and runuser -c strings are entered, behind wrappers */
	assert_string_equal(render("sh -c 'a x && b' && c"),
			    "sh -c a x && b && / {1}@a x && / {1}@b . / c .");
	assert_string_equal(render("su app -s /bin/sh -c \"cd /t && d\""),
			    "su app -s /bin/sh -c cd /t && d . / {1}@cd /t && / "
			    "{1}@d .");
	assert_string_equal(render("su -c 'a' app; su --command='b' app"),
			    "su -c a app ; / {1}@a . / su --command=b app . / "
			    "{1}@b .");
	assert_string_equal(render("su -lc 'a' app"),
			    "su -lc a app . / {1}@a .");
	assert_string_equal(render("runuser -l app -c 'a'"),
			    "runuser -l app -c a . / {1}@a .");
	assert_string_equal(render("bash -euxo pipefail -c 'a'"),
			    "bash -euxo pipefail -c a . / {1}@a .");
	assert_string_equal(render("sudo -u app env X=1 sh -c 'a'"),
			    "sudo -u app env X=1 sh -c a . / {1}@a .");
	assert_string_equal(render("timeout -s KILL 5 nohup sh -c 'a'"),
			    "timeout -s KILL 5 nohup sh -c a . / {1}@a .");
	assert_string_equal(render("chroot /r sh -c 'a'"),
			    "chroot /r sh -c a . / {1}@a .");
	assert_string_equal(render("xargs -I{} sh -c 'a {}'"),
			    "xargs -I{} sh -c a {} . / {1}@a {} .");
	/* no string: a script file's arguments, a shell reading stdin, su
	 * without -c, -c as data */
	assert_string_equal(render("sh x.sh -c 'a'"), "sh x.sh -c a .");
	assert_string_equal(render("su -s /bin/sh app"), "su -s /bin/sh app .");
	assert_string_equal(render("echo sh -c 'a'"), "echo sh -c a .");
	assert_string_equal(render("sh -c"), "sh -c .");
	/* strings in strings, one level deeper each */
	assert_string_equal(render("sh -c \"su app -c 'a'\""),
			    "sh -c su app -c 'a' . / {1}@su app -c a . / "
			    "{2}@a .");
	/* a $( ) in a double-quoted string runs in the outer shell: once */
	assert_string_equal(render("sh -c \"$(curl u)\""),
			    "sh -c $(curl u) . / {1}@$(curl u) . / {1}$curl u .");
	/* escaped, it runs in the inner shell */
	assert_string_equal(render("sh -c \"x \\$(id -u)\""),
			    "sh -c x $(id -u) . / {1}@x $(id -u) . / {2}$@id -u .");

	/* every word's offset points into the quoted string, across the
	 * escapes and quotes the string's text has lost */
	struct sh_script sc;
	const char *s = "su app -c \"echo \\\"a\\\" && curl -o \\\"f\\\" u\"";
	assert_int_equal(sh_split(s, strlen(s), &A, &sc), 0);
	assert_int_equal(sc.ncmds, 3);
	const char *curl = strstr(s, "curl");
	assert_int_equal(offset_of(&sc, "curl"), curl - s);
	const struct sh_cmd *c = &sc.cmds[2];
	assert_string_equal(c->argv[2].text, "f");  /* \"f\" in the string */
	assert_string_equal(c->argv[2].raw, "\"f\"");
	/* at its first byte that is not the outer string's escape */
	assert_int_equal(c->argv[2].offset, strstr(s, "\\\"f") - s + 1);
	assert_int_equal(c->argv[3].offset, strstr(s, " u\"") - s + 1);
	assert_int_equal(c->end_offset, strlen(s) - 1);
	assert_int_equal(sc.cmds[1].offset, strstr(s, "echo") - s);
	/* each string command names the command handing it over */
	assert_int_equal(sc.cmds[0].host, SH_NONE);
	assert_false(sc.cmds[0].in_string);
	assert_int_equal(sc.cmds[1].host, 0);
	assert_int_equal(sc.cmds[2].host, 0);
	const char *two = "a; sh -c \"su x -c 'b'\"; c";
	assert_int_equal(sh_split(two, strlen(two), &A, &sc), 0);
	assert_int_equal(sc.ncmds, 5);   /* a, sh, su, b, c */
	assert_int_equal(sc.cmds[2].host, 1);
	assert_int_equal(sc.cmds[3].host, 2);
	assert_int_equal(sc.cmds[4].host, SH_NONE);
	assert_int_equal(sc.cmds[1].next, 4);

	/* at most SH_MAX_STRINGS levels: the next string stays a word */
	char deep[256] = "a";
	for (int i = 0; i < SH_MAX_STRINGS + 1; i++) {
		char t[256];
		snprintf(t, sizeof(t), "sh -c %s", deep);
		/* quote the previous level for the next one */
		size_t o = 0;
		deep[o++] = '\'';
		for (const char *p = t; *p && o + 5 < sizeof(deep); p++) {
			if (*p == '\'') {
				memcpy(deep + o, "'\\''", 4);
				o += 4;
			} else {
				deep[o++] = *p;
			}
		}
		deep[o++] = '\'';
		deep[o] = 0;
	}
	char top[300];
	snprintf(top, sizeof(top), "sh -c %s", deep);
	assert_int_equal(sh_split(top, strlen(top), &A, &sc), 0);
	assert_int_equal(sc.ncmds, SH_MAX_STRINGS + 1);
	assert_int_equal(offset_of(&sc, "a"), -1);
	/* the command holding the string not entered names it */
	for (size_t k = 0; k < SH_MAX_STRINGS; k++)
		assert_int_equal(sc.cmds[k].unentered, 0);
	assert_int_equal(sc.cmds[SH_MAX_STRINGS].unentered, 2);
	/* a string whose own nesting passes SH_MAX_DEPTH is not entered */
	char nest[400] = "sh -c '";
	size_t o = strlen(nest);
	for (int i = 0; i < SH_MAX_DEPTH + 2; i++) {
		nest[o++] = '(';
		nest[o++] = ' ';
	}
	memcpy(nest + o, "x'", 3);
	assert_int_equal(sh_split(nest, strlen(nest), &A, &sc), 0);
	assert_int_equal(sc.cmds[0].unentered, 2);
	/* an empty string is nothing to enter */
	assert_int_equal(sh_split("sh -c ''", 8, &A, &sc), 0);
	assert_int_equal(sc.ncmds, 1);
	assert_int_equal(sc.cmds[0].unentered, 0);
}

/* sh_split_argv(): words already split (exec form); the -c string is
 * entered with its bytes mapped back through "maps". */
static void argv_split(void **state)
{
	(void)state;
	struct sh_script sc;
	/* ["su", "app", "-c", "cd /x && apt-get install y"], the JSON
	 * strings at offsets 1, 7, 14 and 20 of a made-up script */
	const char *inner = "cd /x && apt-get install y";
	size_t il = strlen(inner);
	size_t *map = arena_array(&A, il + 1, sizeof(*map));
	assert_non_null(map);
	for (size_t b = 0; b <= il; b++)
		map[b] = 21 + b;
	struct sh_word w[4] = {
		{ .text = "su", .raw = "\"su\"", .offset = 1 },
		{ .text = "app", .raw = "\"app\"", .offset = 7 },
		{ .text = "-c", .raw = "\"-c\"", .offset = 14 },
		{ .text = inner, .raw = "\"...\"", .offset = 20 },
	};
	const size_t *maps[4] = { NULL, NULL, NULL, map };
	assert_int_equal(sh_split_argv(w, 4, maps, &A, &sc), 0);
	assert_int_equal(sc.ncmds, 3);
	assert_string_equal(sc.cmds[0].name, "su");
	assert_false(sc.cmds[0].in_string);
	assert_int_equal(sc.cmds[0].host, SH_NONE);
	assert_string_equal(sc.cmds[1].name, "cd");
	assert_true(sc.cmds[1].in_string);
	assert_int_equal(sc.cmds[1].host, 0);
	assert_int_equal(sc.cmds[1].depth, 1);
	assert_int_equal(sc.cmds[1].argv[1].offset, 24);
	assert_string_equal(sc.cmds[2].name, "apt-get");
	assert_int_equal(sc.cmds[2].pm, SH_PM_APT);
	assert_int_equal(sc.cmds[2].offset, 30);
	assert_int_equal(sc.cmds[1].next, 2);
	/* no map: the string is not entered */
	const size_t *none[4] = { NULL, NULL, NULL, NULL };
	assert_int_equal(sh_split_argv(w, 4, none, &A, &sc), 0);
	assert_int_equal(sc.ncmds, 1);
	/* a plain command: one command, no string */
	assert_int_equal(sh_split_argv(w + 1, 1, NULL, &A, &sc), 0);
	assert_int_equal(sc.ncmds, 1);
	assert_string_equal(sc.cmds[0].name, "app");
	assert_int_equal(sh_split_argv(w, 0, NULL, &A, &sc), 0);
	assert_int_equal(sc.ncmds, 0);
}

/* The name of the command proper of a one-command script, and its
 * argv rendered ("a|b|c|"). */
static const char *proper(const char *script, const char **argv_out)
{
	static char av[1024];
	struct sh_script sc;
	if (sh_split(script, strlen(script), &A, &sc) || sc.ncmds == 0)
		return "ERROR";
	size_t o = 0;
	av[0] = 0;
	for (size_t k = 0; k < sc.cmds[0].argc; k++)
		o += (size_t)snprintf(av + o, sizeof(av) - o, "%s|",
				      sc.cmds[0].argv[k].text);
	*argv_out = av;
	return sc.cmds[0].name;
}

/* env -S / --split-string: the string is split as GNU env splits it and
 * stands in the argv in its place; its -c string is entered with offsets
 * inside the quoted string; what env refuses stays opaque. */
static void env_split_string(void **state)
{
	(void)state;
	static const struct { const char *s, *name, *argv; } t[] = {
		{ "env -S 'curl -u a:b u'", "curl", "env|curl|-u|a:b|u|" },
		{ "env -S'curl u' v", "curl", "env|curl|u|v|" },
		{ "env -vS 'X=1 -i curl u'", "curl", "env|X=1|-i|curl|u|" },
		{ "env -i -S 'curl u'", "curl", "env|-i|curl|u|" },
		{ "env -u HOME -S 'curl u'", "curl", "env|-u|HOME|curl|u|" },
		{ "env --split-string='curl u'", "curl", "env|curl|u|" },
		{ "env --split-string 'curl u'", "curl", "env|curl|u|" },
		{ "env --split='curl u'", "curl", "env|curl|u|" },
		{ "sudo -u x env -S 'curl u'", "curl",
		  "sudo|-u|x|env|curl|u|" },
		/* quotes join, '' is an argument, blanks and \_ split */
		{ "env -S 'a \"b c\"d \"\" e\\_f'", "a",
		  "env|a|b cd||e|f|" },
		/* escapes; \_ inside double quotes is a space */
		{ "env -S 'a \"x\\_y\" \\$z \\\\ \\#'", "a",
		  "env|a|x y|$z|\\|#|" },
		/* # starting a word and \c end the string */
		{ "env -S 'a b #c d'", "a", "env|a|b|" },
		{ "env -S 'a b\\c d' e", "a", "env|a|b|e|" },
		{ "env -S 'a b#c'", "a", "env|a|b#c|" },
		/* ${NAME} is kept as written; inside single quotes too */
		{ "env -S 'a ${HOME}/x' ", "a", "env|a|${HOME}/x|" },
		/* -S inside the string */
		{ "env -S '-S \"curl u\"'", "curl", "env|curl|u|" },
		/* refused as env refuses it: the command is unknown */
		{ "env -S 'curl \"u'", "", "env|-S|curl \"u|" },
		{ "env -S 'curl \\q'", "", "env|-S|curl \\q|" },
		{ "env -S 'curl u\\'", "", "env|-S|curl u\\|" },
		{ "env -S 'a \"\\c\"'", "", "env|-S|a \"\\c\"|" },
		{ "env -S", "", "env|-S|" },
		/* -u and -C take a value; -- ends the options */
		{ "env -u HOME curl u", "curl", "env|-u|HOME|curl|u|" },
		{ "env -C /tmp -- curl u", "curl", "env|-C|/tmp|--|curl|u|" },
		{ "env -uS curl u", "curl", "env|-uS|curl|u|" },
		{ "env -- X=1 -S 'a b'", "-S", "env|--|X=1|-S|a b|" },
	};
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		const char *av = "";
		const char *name = proper(t[i].s, &av);
		if (strcmp(name, t[i].name) || strcmp(av, t[i].argv))
			fail_msg("%s: got name '%s' argv '%s'", t[i].s, name,
				 av);
	}
	/* a -c string inside: entered, offsets inside the quoted string */
	const char *s = "env -S 'sh -c \"curl u | sh\"' && b";
	struct sh_script sc;
	assert_int_equal(sh_split(s, strlen(s), &A, &sc), 0);
	assert_string_equal(render(s), "env sh -c curl u | sh && / "
			    "{1}@curl u | / {1}@sh . / b .");
	assert_int_equal(offset_of(&sc, "curl"), 15);
	assert_int_equal(sc.cmds[0].argv[1].offset, 8);
	assert_string_equal(sc.cmds[0].argv[3].raw, "\"curl u | sh\"");
	assert_int_equal(sc.cmds[0].argv[3].offset, 14);
	/* the shell's own escapes and the string's both lost: "\\\"" */
	s = "env -S \"sh -c \\\"a \\\\\\\"x\\\\\\\"\\\"\"";
	assert_int_equal(sh_split(s, strlen(s), &A, &sc), 0);
	assert_int_equal(sc.ncmds, 2);
	assert_string_equal(sc.cmds[1].argv[1].text, "x");
	assert_int_equal(sc.cmds[1].argv[0].offset, 16);
	/* an escape maps to its backslash: the -c string is entered */
	s = "env -S 'sh -c \"a\\nb\"'";
	assert_string_equal(render(s), "env sh -c a\nb . / {1}@a ; / "
			    "{1}@b .");
	assert_int_equal(sh_split(s, strlen(s), &A, &sc), 0);
	assert_int_equal(offset_of(&sc, "b"), 18);
	/* words already split: ["env", "-S", "sh -c 'x y'"] */
	const char *str = "sh -c 'x y'";
	size_t sl = strlen(str);
	size_t *map = arena_array(&A, sl + 1, sizeof(*map));
	assert_non_null(map);
	for (size_t b = 0; b <= sl; b++)
		map[b] = 14 + b;
	struct sh_word w[3] = {
		{ .text = "env", .raw = "\"env\"", .offset = 1 },
		{ .text = "-S", .raw = "\"-S\"", .offset = 8 },
		{ .text = str, .raw = "\"sh -c 'x y'\"", .offset = 13 },
	};
	const size_t *maps[3] = { NULL, NULL, map };
	assert_int_equal(sh_split_argv(w, 3, maps, &A, &sc), 0);
	assert_int_equal(sc.ncmds, 2);
	assert_string_equal(sc.cmds[0].name, "sh");
	assert_int_equal(sc.cmds[0].argc, 4);
	assert_string_equal(sc.cmds[0].argv[3].raw, "'x y'");
	assert_int_equal(sc.cmds[0].argv[3].offset, 20);
	assert_string_equal(sc.cmds[1].name, "x");
	assert_int_equal(sc.cmds[1].argv[1].offset, 23);
	assert_int_equal(sc.cmds[1].host, 0);
}

/* Wrappers whose command proper comes after an operand of their own. */
static void wrapper_operands(void **state)
{
	(void)state;
	static const struct { const char *s, *name; } t[] = {
		{ "timeout 5 curl u", "curl" },
		{ "timeout -k 1 --signal=KILL 5m apt-get update", "apt-get" },
		{ "chroot /target apt-get install x", "apt-get" },
		{ "chroot --userspec=1:1 /target wget u", "wget" },
		{ "gosu app curl u", "curl" },
		{ "su-exec app:app wget u", "wget" },
		{ "runuser -u app -- curl u", "curl" },
		{ "setsid -f curl u", "curl" },
		{ "runuser -l app -c x", "runuser" },
		{ "chroot /target", "" },
		{ "gosu", "" },
	};
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		struct sh_script sc;
		assert_int_equal(sh_split(t[i].s, strlen(t[i].s), &A, &sc), 0);
		assert_true(sc.ncmds >= 1);
		assert_string_equal(sc.cmds[0].name, t[i].name);
		assert_true(sc.cmds[0].start <= sc.cmds[0].argc);
	}
}

static void compound_commands(void **state)
{
	(void)state;
	assert_string_equal(render("(cd /x && make) || { echo fail; exit 1; }"),
			    "{1}cd /x && / {1}make . / {1}echo fail ; / "
			    "{1}exit 1 ;");
	assert_string_equal(render("if [ -f x ]; then rm x; elif true; then :;"
				   " else echo no; fi"),
			    "[ -f x ] ; / rm x ; / true ; / : ; / echo no ;");
	assert_string_equal(render("for p in a b c; do apt-get install $p; done"),
			    "apt-get install $p ;");
	assert_string_equal(render("for p in a b\ndo\n  echo $p\ndone"),
			    "echo $p ;");
	assert_string_equal(render("while read l; do echo $l; done < f.txt"),
			    "read l ; / echo $l ;");
	assert_string_equal(render("until false; do :; done"),
			    "false ; / : ;");
	assert_string_equal(render("case $x in a|b) echo ab;; (c) echo c;;"
				   " *) echo other;; esac; ls"),
			    "echo ab ; / echo c ; / echo other ; / ls .");
	assert_string_equal(render("case $x in\n  a)\n    apt-get update\n"
				   "    ;;\nesac"),
			    "apt-get update ;");
	assert_string_equal(render("! grep -q x f && echo y"),
			    "grep -q x f && / echo y .");
	assert_string_equal(render("f() { echo x; }; f"),
			    "{1}echo x ; / f .");
	assert_string_equal(render("function g { echo y; }"),
			    "{1}echo y ;");
	assert_string_equal(render("{echo x"), "{echo x .");
	assert_string_equal(render("((i++)); echo $i"), "echo $i .");
	assert_string_equal(render("arr=(a \"b c\" d) && echo ${arr[@]}"),
			    "[arr=(a b c d)] && / echo ${arr[@]} .");
}

static void assignments(void **state)
{
	(void)state;
	struct sh_script sc;
	const char *s = "DEBIAN_FRONTEND=noninteractive X+=1 apt-get install "
			"-y a=b\nA=1 B=\"2 3\"";
	assert_int_equal(sh_split(s, strlen(s), &A, &sc), 0);
	assert_int_equal(sc.ncmds, 2);
	assert_int_equal(sc.cmds[0].nassigns, 2);
	assert_string_equal(sc.cmds[0].assigns[0].text,
			    "DEBIAN_FRONTEND=noninteractive");
	assert_int_equal(sc.cmds[0].argc, 4);
	assert_string_equal(sc.cmds[0].argv[3].text, "a=b");
	assert_int_equal(sc.cmds[0].offset, 0);   /* assignments count */
	assert_int_equal(sc.cmds[0].argv[0].offset, 36);
	assert_int_equal(sc.cmds[1].argc, 0);
	assert_int_equal(sc.cmds[1].nassigns, 2);
	assert_string_equal(sc.cmds[1].assigns[1].text, "B=2 3");
	assert_string_equal(sh_cmd_name(&sc.cmds[1]), "");
	/* not names: stay argv */
	assert_string_equal(render("1A=x '\"A\"=y' =z"), "1A=x \"A\"=y =z .");
}

static void redirections(void **state)
{
	(void)state;
	assert_string_equal(render("curl -o /tmp/x url 2>&1 >/dev/null; "
				   "cat < in > out 2>/dev/null; echo hi &> log; "
				   "a >> b 3<&0 <> rw >| f 2>&-; cmd <<< \"str\""),
			    "curl -o /tmp/x url ; / cat ; / echo hi ; / a ; / "
			    "cmd .");
	assert_string_equal(render("> /dev/null"), "");
	assert_string_equal(render(">log cmd arg"), "cmd arg .");
	assert_string_equal(render("echo foo>bar baz"), "echo foo baz .");
	assert_string_equal(render("echo 12>x 12 x>y"), "echo 12 x .");
	assert_string_equal(render("( a ) > out | b"), "{1}a . / b .");
}

static void heredocs(void **state)
{
	(void)state;
	assert_string_equal(render("cat <<EOF > /etc/x\ncurl evil | sh\nEOF\n"
				   "echo done"),
			    "cat ; / echo done .");
	assert_string_equal(render("cat <<-'END' | tee f\n\tcurl x\n\tEND\nls"),
			    "cat | / tee f ; / ls .");
	assert_string_equal(render("a <<A; b <<\"B\"\nbody a\nA\nbody b\nB\nc"),
			    "a ; / b ; / c .");
	/* unterminated body runs to the end */
	assert_string_equal(render("cat <<EOF\nrm -rf /\n"), "cat ;");
}

static void comments_and_continuations(void **state)
{
	(void)state;
	assert_string_equal(render("echo a # c && rm -rf /\necho b#c"),
			    "echo a ; / echo b#c .");
	assert_string_equal(render("apt-get install \\\n  curl \\\n  git"),
			    "apt-get install curl git .");
	assert_string_equal(render("echo a\\\nb"), "echo ab .");
	assert_string_equal(render("#only a comment"), "");
}

static void next_links(void **state)
{
	(void)state;
	struct sh_script sc;
	const char *s = "curl $(echo u) | bash; wget -qO- x | sh -s";
	assert_int_equal(sh_split(s, strlen(s), &A, &sc), 0);
	assert_int_equal(sc.ncmds, 5);
	assert_string_equal(sh_cmd_name(&sc.cmds[0]), "curl");
	assert_string_equal(sh_cmd_name(&sc.cmds[1]), "echo");
	assert_string_equal(sh_cmd_name(&sc.cmds[2]), "bash");
	assert_int_equal(sc.cmds[0].op_after, SH_OP_PIPE);
	assert_int_equal(sc.cmds[0].next, 2);
	assert_int_equal(sc.cmds[1].next, SH_NONE);
	assert_int_equal(sc.cmds[2].next, 3);
	assert_int_equal(sc.cmds[3].next, 4);
	assert_int_equal(sc.cmds[4].next, SH_NONE);
	assert_int_equal(sc.cmds[4].op_after, SH_OP_END);
	/* offsets: first word and one past the last */
	assert_int_equal(sc.cmds[3].offset, 23);
	assert_int_equal(sc.cmds[3].end_offset, 34);
	assert_int_equal(sc.cmds[1].offset, 7);
	assert_int_equal(sc.cmds[1].end_offset, 13);
}

static void cmd_helpers(void **state)
{
	(void)state;
	struct sh_script sc;
	const char *s = "/usr/bin/apt-get -qy install --no-install-recommends "
			"--opt=1 -oDebug::y=1 x -- -z";
	assert_int_equal(sh_split(s, strlen(s), &A, &sc), 0);
	const struct sh_cmd *c = &sc.cmds[0];
	assert_string_equal(sh_cmd_name(c), "apt-get");
	assert_string_equal(sh_cmd_name(NULL), "");
}

static void depth_bound(void **state)
{
	(void)state;
	struct sh_script sc;
	char buf[4 * SH_MAX_DEPTH + 16];
	size_t o = 0;
	/* SH_MAX_DEPTH - 1 nested substitutions: fine */
	for (int i = 0; i < SH_MAX_DEPTH - 1; i++) {
		buf[o++] = '$';
		buf[o++] = '(';
	}
	buf[o++] = 'x';
	for (int i = 0; i < SH_MAX_DEPTH - 1; i++)
		buf[o++] = ')';
	assert_int_equal(sh_split(buf, o, &A, &sc), 0);
	assert_int_equal(sc.ncmds, SH_MAX_DEPTH);  /* one per level */
	assert_int_equal(sc.cmds[SH_MAX_DEPTH - 1].depth, SH_MAX_DEPTH - 1);
	assert_string_equal(sc.cmds[SH_MAX_DEPTH - 1].argv[0].text, "x");
	/* one more: BH_ELIMIT */
	o = 0;
	for (int i = 0; i < SH_MAX_DEPTH; i++) {
		buf[o++] = '$';
		buf[o++] = '(';
	}
	assert_int_equal(sh_split(buf, o, &A, &sc), BH_ELIMIT);
	/* "((" is an arithmetic command, "( (" nests subshells */
	memset(buf, '(', SH_MAX_DEPTH + 2);
	assert_int_equal(sh_split(buf, SH_MAX_DEPTH + 2, &A, &sc), 0);
	for (int i = 0; i < SH_MAX_DEPTH + 2; i++)
		memcpy(buf + 2 * i, "( ", 2);
	assert_int_equal(sh_split(buf, 2 * (SH_MAX_DEPTH + 2), &A, &sc),
			 BH_ELIMIT);
	/* '{' groups and cases count too */
	o = 0;
	for (int i = 0; i < SH_MAX_DEPTH; i++) {
		memcpy(buf + o, "{ ", 2);
		o += 2;
	}
	assert_int_equal(sh_split(buf, o, &A, &sc), BH_ELIMIT);
}

/* Deterministic pseudo-random scripts from shell-ish bytes: no crash, no
 * hang, and offsets always inside the input (ASan run checks memory). */
static void hostile_inputs(void **state)
{
	(void)state;
	static const char alphabet[] = "ab $(){}[]'\"`\\|&;<>#\n\t=-EOF!*";
	unsigned seed = 12345;
	char buf[512];
	for (int round = 0; round < 3000; round++) {
		size_t n = (size_t)(round % 500) + 1;
		for (size_t i = 0; i < n; i++) {
			seed = seed * 1103515245u + 12345u;
			buf[i] = alphabet[(seed >> 16) % (sizeof(alphabet) - 1)];
		}
		struct arena a;
		arena_init(&a, 0);
		struct sh_script sc;
		int rc = sh_split(buf, n, &a, &sc);
		assert_true(rc == 0 || rc == BH_ELIMIT);
		for (size_t i = 0; rc == 0 && i < sc.ncmds; i++) {
			assert_true(sc.cmds[i].offset < n);
			assert_true(sc.cmds[i].end_offset <= n);
			assert_true(sc.cmds[i].next == SH_NONE ||
				    sc.cmds[i].next < sc.ncmds);
			for (size_t k = 0; k < sc.cmds[i].argc; k++)
				assert_true(sc.cmds[i].argv[k].offset < n);
		}
		arena_free(&a);
	}
}

/* Big inputs stay linear: 1 MiB of pipes and of nested-looking text. */
static void linear_time(void **state)
{
	(void)state;
	size_t n = (size_t)1 << 20;
	char *buf = malloc(n);
	assert_non_null(buf);
	for (size_t i = 0; i < n; i += 2) {
		buf[i] = 'a';
		buf[i + 1] = '|';
	}
	struct arena a;
	arena_init(&a, 0);
	struct sh_script sc;
	clock_t t0 = clock();
	assert_int_equal(sh_split(buf, n, &a, &sc), 0);
	assert_int_equal(sc.ncmds, n / 2);
	arena_free(&a);
	/* one giant word of quotes and substitutions that never close */
	for (size_t i = 0; i < n; i++)
		buf[i] = "\"$'`\\"[i % 5];
	arena_init(&a, 0);
	int rc = sh_split(buf, n, &a, &sc);
	assert_true(rc == 0 || rc == BH_ELIMIT);
	arena_free(&a);
	memset(buf, '\'', n);
	arena_init(&a, 0);
	assert_int_equal(sh_split(buf, n, &a, &sc), 0);
	arena_free(&a);
	double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
	assert_true(secs < 20.0);  /* quadratic would take hours */
	free(buf);
}

static void arena_cap_is_enomem(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a, 256);
	struct sh_script sc;
	const char *s = "echo a b c d e f g h i j k l m n o p q r s t u v w x y z";
	assert_int_equal(sh_split(s, strlen(s), &a, &sc), BH_ENOMEM);
	arena_free(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(operators),
		cmocka_unit_test(quotes_and_escapes),
		cmocka_unit_test(variables_kept),
		cmocka_unit_test(substitutions),
		cmocka_unit_test(script_strings),
		cmocka_unit_test(argv_split),
		cmocka_unit_test(env_split_string),
		cmocka_unit_test(wrapper_operands),
		cmocka_unit_test(compound_commands),
		cmocka_unit_test(assignments),
		cmocka_unit_test(redirections),
		cmocka_unit_test(heredocs),
		cmocka_unit_test(comments_and_continuations),
		cmocka_unit_test(next_links),
		cmocka_unit_test(cmd_helpers),
		cmocka_unit_test(depth_bound),
		cmocka_unit_test(hostile_inputs),
		cmocka_unit_test(linear_time),
		cmocka_unit_test(arena_cap_is_enomem),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
