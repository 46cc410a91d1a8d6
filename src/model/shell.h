/* SPDX-License-Identifier: Apache-2.0
 *
 * shell.h - splits a POSIX shell script (a RUN line or heredoc body) into
 * simple commands so rules can reason about apt-get, curl | sh, chown -R.
 *
 * This is not a shell: it tokenises words with quotes and escapes, splits on
 * the operators ; & && || | |& and newlines, enters ( ) subshells, { }
 * groups, $( ) and backquote substitutions (their commands are returned
 * too, flagged), and skips comments.  Control keywords (if then else elif
 * fi for while until do done case esac in !) are not commands: the words
 * after them start a new command.  Leading VAR=value assignments are kept in
 * "assigns", not argv.  Every word keeps its byte offset in the script.
 * Nesting is bounded (SH_MAX_DEPTH); deeper input fails with BH_ELIMIT.
 * All memory comes from the arena.  Tests: tests/unit/model/test_shell.c.
 */
#ifndef BH_SHELL_H
#define BH_SHELL_H

#include <stdbool.h>
#include <stddef.h>

#include "../util/arena.h"

#define SH_MAX_DEPTH 64
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
};

struct sh_cmd {
	struct sh_word *argv;   /* argv[0] is the command name */
	size_t argc;
	struct sh_word *assigns;/* leading NAME=value words */
	size_t nassigns;
	enum sh_op op_after;    /* operator joining it to the next command */
	int depth;              /* 0 top level; >0 inside ( ), { }, $( ) */
	bool in_substitution;   /* inside $( ) or backquotes */
	size_t offset;          /* offset of the first word */
	size_t end_offset;      /* one past the last byte of the command */
	size_t start;           /* argv index of the command proper, past
				   wrappers that run the rest of the line
				   (sudo/doas, env, xargs, nice, nohup, time,
				   command, exec, eatmydata, stdbuf, chronic,
				   with their options); argc when none */
	const char *name;       /* base name of argv[start] ("/usr/bin/apt"
				   -> "apt"), "" when start == argc */
	size_t next;            /* index in cmds of the command op_after joins
				   it to (same nesting level), or SH_NONE.
				   "curl x | sh": cmds[i].op_after ==
				   SH_OP_PIPE and cmds[cmds[i].next] is sh.
				   Use it instead of i + 1: a substitution's
				   commands sit between in cmds[]. */
};

/* Commands in source order of their first word; the commands inside a
 * $( ) come after the command whose word contains it.  Here-document
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

/* The command's argv[0] with any leading path removed ("/usr/bin/apt-get"
 * -> "apt-get"), or "" when argc is 0. */
const char *sh_cmd_name(const struct sh_cmd *c);
/* Whether word i..argc-1 contains the exact option (e.g. "-y"), also
 * matching combined short flags ("-qy" has "-y") when "opt" is one letter
 * after a single dash, and "--opt=value" forms for long options. */
bool sh_cmd_has_opt(const struct sh_cmd *c, const char *opt);

#endif
