/* SPDX-License-Identifier: Apache-2.0
 *
 * shell.h - splits a POSIX shell script (a RUN line or heredoc body) into
 * simple commands so rules can reason about apt-get, curl | sh, chown -R.
 *
 * This is not a shell: it tokenises words with quotes and escapes, splits on
 * the operators ; & && || | |& and newlines, enters ( ) subshells, { }
 * groups, $( ) and backquote substitutions (their commands are returned
 * too, flagged), and the script strings other shells are handed: the -c
 * string of sh/bash/dash/... ("sh -c '...'", also behind wrappers such as
 * sudo -u x, env, xargs, nohup, timeout, chroot; env -S 'sh -c "..."'
 * splits its string into words first, as env does) and of su/runuser ("su
 * nobody -s /bin/sh -c \"...\"", "su -c '...' user", "--command=...");
 * their commands are returned too, flagged in_string, with every word's
 * offset pointing inside the quoted string (SH_MAX_STRINGS levels of
 * strings in strings; a deeper one is named by its command's
 * "unentered"); sh_split_argv() does the same for words already split
 * (exec form).  It skips comments.  Control keywords (if then else elif
 * fi for while until do done case esac in !) are not commands: the words
 * after them start a new command.  Leading VAR=value assignments are kept in
 * "assigns", not argv.  Every word keeps its byte offset in the script.
 * Nesting is bounded (SH_MAX_DEPTH); deeper input fails with BH_ELIMIT.
 * All memory comes from the arena.  The shell-query API at the end
 * (options, operands, package managers) is in shell_query.c; env's
 * options and -S string (for the splitter only) in shell_env.c.
 * Tests: tests/unit/model/test_shell.c, tests/unit/model/test_shell_query.c.
 */
#ifndef BH_SHELL_H
#define BH_SHELL_H

#include <stdbool.h>
#include <stddef.h>

#include "../util/arena.h"

#define SH_MAX_DEPTH 64
/* -c strings entered inside -c strings ("sh -c 'su -c \"...\"'"): at
 * most this many levels; a deeper string stays one word. */
#define SH_MAX_STRINGS 4

/* The package managers the rules know; sh_cmd.pm (see the query API
 * below and src/model/shell_query.c). */
enum sh_pm {
	SH_PM_NONE = 0,
	SH_PM_APT,      /* apt-get, apt */
	SH_PM_APK,      /* apk */
	SH_PM_RPM,      /* yum, dnf, dnf5, microdnf, tdnf */
	SH_PM_ZYPPER,   /* zypper */
	SH_PM_PIP,      /* pip, pip3, pip3.12, python3 -m pip */
	SH_PM_NPM,      /* npm */
	SH_PM_GEM,      /* gem */
	SH_PM_GO,       /* go */
	SH_PM_CARGO,    /* cargo */
};
#define SH_NONE ((size_t)-1)

enum sh_op {
	SH_OP_END = 0,   /* end of script or of a subshell/substitution */
	SH_OP_SEQ,       /* ; or newline */
	SH_OP_AND,       /* && */
	SH_OP_OR,        /* || */
	SH_OP_PIPE,      /* | or |& */
	SH_OP_BG,        /* & */
};

struct sh_word {
	const char *text;    /* unquoted value: quotes removed, escapes applied,
				$VAR and $(...) left as written */
	const char *raw;     /* as written, quotes included */
	size_t offset;       /* byte offset of the word in the script */
	bool quoted;         /* some part was quoted */
	unsigned char level; /* shell.c's own: the lexer frame it was read
				in (0 for words made elsewhere) */
};

struct sh_cmd {
	struct sh_word *argv;   /* argv[0] is the command name */
	size_t argc;
	struct sh_word *assigns;/* leading NAME=value words */
	size_t nassigns;
	enum sh_op op_after;    /* operator joining it to the next command */
	int depth;              /* 0 top level; >0 inside ( ), { }, $( ),
				   or a -c string (one more per string) */
	bool in_substitution;   /* inside $( ) or backquotes */
	bool in_string;         /* run by another shell from a -c string
				   ("su x -c 'cd /a && curl ...'"): its words
				   are inside that quoted word, whose escapes
				   they have lost; cd or exports there last
				   for that string only */
	size_t host;            /* in_string: index in cmds of the command
				   that hands the string over ("su" in "su x
				   -c '...'"); SH_NONE otherwise.  A set -o
				   pipefail or cd of the host's shell does not
				   reach the string's shell. */
	size_t unentered;       /* argv index (> 0) of a -c string this
				   command hands over that was not split: it
				   is nested deeper than SH_MAX_STRINGS
				   strings, or its own nesting passes
				   SH_MAX_DEPTH; 0 when none.  Its commands
				   are not in the script: rules cannot judge
				   them */
	size_t offset;          /* offset of the first word */
	size_t end_offset;      /* one past the last byte of the command */
	size_t start;           /* argv index of the command proper, past
				   wrappers that run the rest of the line
				   (sudo/doas, env [-u NAME] [-C DIR], with
				   an -S string's words in its place, xargs,
				   nice [-n N], nohup, time,
				   command, exec, eatmydata, stdbuf, chronic,
				   setsid, with their options; timeout DURATION,
				   chroot DIR, gosu/su-exec USER, runuser -u
				   USER [--]); argc when none */
	const char *name;       /* base name of argv[start] ("/usr/bin/apt"
				   -> "apt"), "" when start == argc */
	size_t next;            /* index in cmds of the command op_after joins
				   it to (same nesting level), or SH_NONE.
				   "curl x | sh": cmds[i].op_after ==
				   SH_OP_PIPE and cmds[cmds[i].next] is sh.
				   Use it instead of i + 1: a substitution's
				   commands sit between in cmds[]. */
	/* Filled once by sh_split() (so once per RUN in the Dockerfile
	 * model), read by every rule: */
	enum sh_pm pm;          /* package manager run, or SH_PM_NONE */
	size_t pm_at;           /* argv index of the manager's word ("pip"
				   in "python3 -m pip"); start when none */
	size_t sub;             /* argv index of the manager's subcommand
				   ("install"), found past its options and
				   their values; argc when none or no pm */
};

/* Commands in source order of their first word; the commands inside a
 * $( ) or a -c string come after the command whose word contains it (a
 * $( ) inside a double-quoted -c string is run by the outer shell: its
 * commands are returned once, as the outer command's).  Here-document
 * bodies (<<EOF ... EOF inside the script) are data and are skipped;
 * redirection operators and their targets are not argv words; "name()"
 * function definitions and case patterns are not commands. */
struct sh_script {
	struct sh_cmd *cmds;
	size_t ncmds;
};

/* Returns 0, or BH_ELIMIT when nesting exceeds SH_MAX_DEPTH, or BH_ENOMEM.
 * Unterminated quotes are not an error: the word runs to the end. */
int sh_split(const char *script, size_t len, struct arena *a,
	     struct sh_script *out);

/* The same for a command whose argv is already split (a Dockerfile's
 * exec form, RUN ["sh", "-c", "..."]): cmds[0] is the command of the
 * "argc" words (copied; their text, raw and offset as given, in the
 * caller's script coordinates), and when it hands a -c string over
 * (script_string(): sh -c, su -c, behind sudo/env/...) that word's text
 * is split as a string one level deep, its commands flagged in_string
 * with host 0.  maps[k] (may be NULL, or maps[k] NULL) gives for each
 * byte of argv[k].text the script offset it came from (strlen(text) + 1
 * entries); a word without a map is not entered.  Returns as sh_split. */
int sh_split_argv(const struct sh_word *argv, size_t argc,
		  const size_t *const *maps, struct arena *a,
		  struct sh_script *out);

/* The command's argv[0] with any leading path removed ("/usr/bin/apt-get"
 * -> "apt-get"), or "" when argc is 0. */
const char *sh_cmd_name(const struct sh_cmd *c);

/* ---- Shell-query API (src/model/shell_query.c) ----------------------
 * Options are read the way getopt-style tools read them: "-abc" bundles
 * short letters, "--name=value" carries a value, and an option listed in
 * the command's "with value" list (NULL-terminated, e.g. sh_pm_argopts())
 * takes the next word as its value.  "--" ends the options.  Indexes are
 * argv indexes; "none" is c->argc. */

/* The command proper's name (after wrappers: sh_cmd.name) and, in *k,
 * its argv index (sh_cmd.start).  Inline: the rules ask it of every
 * command, many times over. */
static inline const char *sh_cmd_proper(const struct sh_cmd *c, size_t *k)
{
	*k = c->start;
	return c->name;
}
/* Whether w is an option word ("-x", "--x"; not "-" alone). */
static inline bool sh_is_opt(const char *w)
{
	return w[0] == '-' && w[1] != 0;
}
/* Whether w is unknown at lint time: holds $, a backquote, starts a
 * process substitution "<(", or is empty. */
bool sh_word_dynamic(const char *w);

/* Whether command j of sc hands over a -c string the model split: its
 * commands follow it, flagged in_string with host j. */
bool sh_hands_string(const struct sh_script *sc, size_t j);
/* Index of the next operand (argument that is not an option or an
 * option's value) after index j; argc when none.  *dashdash (start it
 * false) turns true past "--", after which every word is an operand. */
size_t sh_next_operand(const struct sh_cmd *c, size_t j,
		       const char *const *with_value, bool *dashdash);
/* The first operand after index k: a subcommand such as "clone" after
 * "git" (argc when none). */
size_t sh_first_operand(const struct sh_cmd *c, size_t k,
			const char *const *with_value);
/* Whether argv[i] exists and is one of "list" (NULL-terminated). */
bool sh_word_in(const struct sh_cmd *c, size_t i, const char *const *list);
/* Index of option "opt" in argv[from..], or -1: a long one ("--yes",
 * also "--yes=x"), or one short letter ("-y", also inside "-qy"; the
 * letters after one of "argletters" are that option's value, so "-oy"
 * has no -y when "o" is in argletters).  Stops at "--". */
long sh_find_opt(const struct sh_cmd *c, size_t from, const char *opt,
		 const char *argletters);
bool sh_has_opt(const struct sh_cmd *c, size_t from, const char *opt,
		const char *argletters);
/* The value of option "opt" at or after argv[from]: "--opt=v" and
 * "-ov" give "v" (in the arena), "--opt v" and "-o v" the next word; NULL
 * when the option is absent or has no value. */
const char *sh_opt_value(const struct sh_cmd *c, size_t from, const char *opt,
			 struct arena *a);
/* Whether the command is prefixed with the assignment NAME=... */
bool sh_has_assign(const struct sh_cmd *c, const char *name);

/* The options of manager "pm" that take the next word as their value
 * (NULL-terminated; an empty list for SH_PM_NONE). */
const char *const *sh_pm_argopts(enum sh_pm pm);
/* The manager a command name (a base name, "apt-get") stands for; pip
 * only as "pip", "pip3"..., not "python -m pip" (see sh_pm_of()). */
enum sh_pm sh_pm_named(const char *name);
/* The manager a command runs from argv index k (c->start for the command
 * proper): SH_PM_NONE when none; *at gets the manager word's index. */
enum sh_pm sh_pm_of(const struct sh_cmd *c, size_t k, size_t *at);
/* Whether the command runs manager "pm" with a subcommand in "verbs". */
bool sh_pm_is(const struct sh_cmd *c, enum sh_pm pm,
	      const char *const *verbs);
/* The package operands of a manager command: the next operand after j
 * (start with j = c->sub), skipping the manager's options and their
 * values; argc when none.  Every operand counts, dynamic ones too. */
size_t sh_pkg_next(const struct sh_cmd *c, size_t j, bool *dashdash);
/* Fills "out" with up to "max" package operand indexes; returns how many
 * there are (may exceed max). */
size_t sh_packages(const struct sh_cmd *c, size_t *out, size_t max);
/* Fills c->pm, c->pm_at and c->sub (sh_split() calls it per command). */
void sh_cmd_classify(struct sh_cmd *c);

/* ---- env as a wrapper (src/model/shell_env.c) ----------------------
 * For the splitter (shell.c): command_start() skips env's options with
 * sh_env_options(), and an -S string is split by sh_env_split().  Memory:
 * everything sh_env_split() makes comes from the arena passed in. */

/* Where env's -S string is: argv[opt] is the option word ("-S",
 * "-vSstr", "--split-string=str"), argv[word] holds the string from
 * byte "skip" of its text on (word == opt for "-Sstr", opt + 1 for
 * "-S str"). */
struct sh_env_at {
	size_t opt, word, skip;
};

/* env's options from argv[k] on (k just past "env"): the index past them
 * and its NAME=value operands, the command env runs.  Options taking a
 * value (-u NAME, -C DIR) skip it.  An -S string ends the walk: *at
 * (may be NULL) says where it is and argc is returned (the command is in
 * the string, seen only once sh_env_split() replaced it). */
size_t sh_env_options(const struct sh_cmd *c, size_t k, struct sh_env_at *at);

/* Replaces the -S string "at" of c by the words GNU env splits it into
 * (quotes ' and ", blanks, the escapes \" \# \$ \' \\ \_ \c \f \n \r \t
 * \v, a # starting a word ends the string; ${NAME} is kept as written, as
 * the splitter keeps shell variables): c->argv becomes argv[0..at.opt),
 * the string's words, argv[at.word + 1..argc), in a new arena array.
 * "smap" gives for each byte of the string word's text the source offset
 * it came from (the coordinates of the words' offsets; strlen(text) + 1
 * entries).  A new word's offset is its first source byte, raw its
 * source bytes as they stand in the string word's raw (its text when
 * they cannot be found there).  *maps (in: NULL, or one map per old
 * word, NULL entries allowed) is replaced by one per new word: the
 * source offset of each text byte, strlen(text) + 1 entries.  Returns 0
 * (c changed), 1 when env itself would refuse the string (an
 * unterminated quote, an unknown escape, "\c" inside double quotes, a
 * backslash at the end; c unchanged), or BH_ENOMEM. */
int sh_env_split(struct arena *a, struct sh_cmd *c, struct sh_env_at at,
		 const size_t *smap, const size_t *const **maps);

#endif
