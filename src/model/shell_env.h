/* SPDX-License-Identifier: Apache-2.0
 *
 * shell_env.h - env's options and its -S/--split-string, for the shell
 * splitter (shell.c) only: not part of the model's API (shell.h).
 * Memory: everything sh_env_split() makes comes from the arena passed in.
 * Tests: tests/unit/model/test_shell.c, tests/cases/dockerfile (env -S).
 */
#ifndef BH_SHELL_ENV_H
#define BH_SHELL_ENV_H

#include <stddef.h>

#include "shell.h"

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
