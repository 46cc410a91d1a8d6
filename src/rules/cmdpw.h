/* SPDX-License-Identifier: Apache-2.0
 *
 * cmdpw.h - passwords given on command lines (redis-server --requirepass
 * X, mysqld --password=X, mysql -pX, curl -u user:X, sshpass -p X,
 * redis-cli -a X, echo root:X | chpasswd, echo X | passwd --stdin; the
 * password of a URL in any word, scheme://user:X@host, for Compose,
 * Kubernetes and running containers: a Dockerfile's are found by
 * BH1201's scan of the instruction's text), the
 * one judge shared by the Dockerfile (BH1201), Compose (BH2006) and
 * Kubernetes (BH3038) secret rules.
 *
 * A command comes as a shell script (split by src/model/shell.c) or as
 * exec-form words (Compose command: [...], Kubernetes command + args,
 * a running container's Config.Cmd); exec-form words are read by the
 * shell model (sh_split_argv(), src/model/shell.c): the command proper
 * past wrappers (sudo -u x, env A=1, timeout, runuser -u x --), and the
 * -c string they hand a shell ("sh", "-c", "SCRIPT"; "su", "app", "-c",
 * "SCRIPT"; "sudo", "-u", "x", "bash", "-c", "SCRIPT"), split and judged
 * as the Dockerfile's exec-form RUN is, SH_MAX_STRINGS levels deep.  A value holding $ or ` (a reference)
 * or a placeholder (sec_is_placeholder) is no password.
 *
 * Memory: words and scripts are split in the caller's arena; the
 * callback gets pointers into them, valid as long as the arena.
 * Tests: tests/cases/dockerfile/mask-cli-password-*.case,
 * tests/cases/compose/BH2006-command-password*.case,
 * tests/cases/kubernetes/BH3038-command-password*.case,
 * tests/cases/compose/BH2006-command-wrapper*.case,
 * tests/cases/kubernetes/BH3038-command-wrapper*.case.
 */
#ifndef BH_CMDPW_H
#define BH_CMDPW_H

#include <stdbool.h>
#include <stddef.h>

#include "../model/shell.h"
#include "../util/arena.h"

/* The password in word argv[a] of command "cmd": its offset within the
 * word's text (or -1), with its length in *len. */
long cmdpw_password(const struct sh_cmd *cmd, size_t a, size_t *len);
/* The same with "tool" given: cmdpw_is_tool(cmd), judged once for all
 * the words of a command. */
long cmdpw_password_tool(const struct sh_cmd *cmd, size_t a, bool tool,
			 size_t *len);
/* Whether the command's name is a tool of the password list
 * (sec_cli_is_tool()). */
bool cmdpw_is_tool(const struct sh_cmd *cmd);

/* A necessary condition of cmdpw_password_tool() finding a password in
 * word argv[a] (a >= 1), inline for the loops over every word: a tool's
 * word, or one starting with "--" or following one. */
static inline bool cmdpw_may_hold(const struct sh_cmd *cmd, size_t a,
				  bool tool)
{
	const char *w = cmd->argv[a].text, *p = cmd->argv[a - 1].text;
	return tool || (w[0] == '-' && w[1] == '-') ||
	       (p[0] == '-' && p[1] == '-');
}

/* The password echo/printf command sc->cmds[j] pipes into chpasswd or
 * passwd: its argv index (0: none), with *off and *len the password
 * within the word's text and *to the consumer's name.  chpasswd -e reads
 * hashes (not reported). */
size_t cmdpw_piped(const struct sh_script *sc, size_t j, size_t *off,
		   size_t *len, const char **to);

/* Called for each password found: "word" is the index of the exec-form
 * word that holds it (for a script, the "word" given to
 * cmdpw_scan_script), "pw" / "len" the password's text, "how" and
 * "tool" for the message ("on the command line of", "redis-server"). */
typedef void (*cmdpw_fn)(void *ctx, size_t word, const char *pw,
			 size_t len, const char *how, const char *tool);

/* Judges shell script text[0..len): its commands' passwords, reported
 * with word index "word". */
void cmdpw_scan_script(struct arena *a, const char *text, size_t len,
		       size_t word, cmdpw_fn fn, void *ctx);

/* Judges exec-form words[0..n) (a NULL item is an empty word that is
 * never entered): the command they make, and the commands of the -c
 * string they hand over (sh_split_argv()); "word" in the callback is
 * the index of the word that holds the password. */
void cmdpw_scan_argv(struct arena *a, const char *const *words, size_t n,
		     cmdpw_fn fn, void *ctx);

/* Where "needle" (n bytes) first occurs in text[0..len) at or after
 * line:col (1-based) and before line "end_line" (0: to the end): true
 * with *oline / *ocol set.  Places a password found in a YAML scalar. */
bool cmdpw_locate(const char *text, size_t len, int line, int col,
		  int end_line, const char *needle, size_t n, int *oline,
		  int *ocol);

#endif
