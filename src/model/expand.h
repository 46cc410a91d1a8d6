/* SPDX-License-Identifier: Apache-2.0
 *
 * expand.h - BuildKit's variable expansion for Dockerfile words.
 *
 * Implements what BuildKit's shell.Lex does on instruction arguments:
 * $VAR, ${VAR}, ${VAR:-word}, ${VAR-word}, ${VAR:+word}, ${VAR+word},
 * ${VAR:?msg}, ${VAR?msg}, ${VAR#pat} ${VAR##pat} ${VAR%pat} ${VAR%%pat}
 * ${VAR/pat/repl} (simple patterns), the escape character (backslash or
 * backtick) and quote handling.  The lookup callback supplies values;
 * unset variables expand to "".  Results live in the arena.
 * expand_next_ref() lists the variables a word references without
 * expanding it: the one $VAR scanner the rules use.
 * Tests: tests/unit/model/test_expand.c.
 */
#ifndef BH_EXPAND_H
#define BH_EXPAND_H

#include <stdbool.h>
#include <stddef.h>

#include "../util/arena.h"

/* Returns the value of "name" (len bytes) or NULL when unset. */
typedef const char *(*expand_lookup_fn)(void *ctx, const char *name,
					size_t len);

struct expand_opts {
	char escape;            /* '\\' or '`' */
	bool keep_quotes;       /* true: quotes stay (shell-form), false:
				   removed (ENV values, FROM words) */
	expand_lookup_fn lookup;
	void *ctx;
	bool *used_unset;       /* optional: set true when an unset variable
				   was referenced without a default ($V,
				   ${V}, ${V#p}, ${V%p}, ${V/p/r}) */
	const char **error;     /* optional: why NULL was returned (static
				   or arena string), else set to NULL */
};

/* Expand "word"; NULL on allocation failure, on a ${VAR:?msg} error and on
 * the syntax errors BuildKit rejects (unterminated quote or ${, bad
 * substitution, unsupported modifier, invalid pattern escape).  Output is
 * capped at 1 MiB.  The result lives in "a". */
const char *expand_word(const char *word, const struct expand_opts *o,
			struct arena *a);

/* One $NAME or ${NAME...} reference found by expand_next_ref(). */
struct expand_ref {
	const char *dollar;      /* the '$' in the word */
	const char *name;        /* the name's first byte, in the word */
	size_t len;              /* > 0 */
	bool braced;             /* ${NAME...} */
	bool has_default;        /* ${NAME-x} ${NAME:-x} ${NAME+x} ${NAME:+x} */
};

/* The next variable reference in "p" (a NUL-terminated word), without
 * expanding anything: NAME is [A-Za-z0-9_]+ after "$" or "${" ("$$" and
 * "${#" give none).  With "escape" non-zero, the byte after an escape
 * character is skipped ("\$A" is no reference).  Returns where to look
 * for the next one, or NULL when there is none.  The one scanner for
 * rules that ask which variables a word uses. */
const char *expand_next_ref(const char *p, char escape, struct expand_ref *out);

#endif
