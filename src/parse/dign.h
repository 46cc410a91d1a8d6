/* SPDX-License-Identifier: Apache-2.0
 *
 * dign.h - .dockerignore parsing and matching, as BuildKit does it
 * (moby/patternmatcher): comments, blank lines, leading "/" and "./"
 * cleaned, "!" exceptions, "**", last matching pattern wins, a parent
 * directory's exclusion covers its children.
 *
 * All memory comes from the caller's arena.  Tests: tests/unit/parse/.
 */
#ifndef BH_DIGN_H
#define BH_DIGN_H

#include <stdbool.h>
#include <stddef.h>

#include "../util/arena.h"
#include "../util/diag.h"

/* How a pattern is matched (patternmatcher's four match types, which
 * differ in corner cases: "**foo" is a plain suffix test). */
enum dign_match_type {
	DIGN_EXACT,    /* path == text */
	DIGN_PREFIX,   /* "dir/" then "**": path starts with text minus "**" */
	DIGN_SUFFIX,   /* "**" then literals: path ends with text minus "**" */
	DIGN_REGEXP,   /* anything with * ? [..] \ ** in the middle */
};

struct dign_tok;  /* compiled form of a DIGN_REGEXP pattern (dign.c) */

struct dign_pattern {
	const char *text;    /* cleaned pattern, without the "!" */
	bool exclusion;      /* written with a leading "!" */
	int line;
	enum dign_match_type type;
	const struct dign_tok *toks;
	size_t ntoks;
};

struct dign {
	struct dign_pattern *patterns;
	size_t npatterns;
	bool has_exclusions;   /* some pattern starts with "!" */
};

/* Limits: a line longer than DIGN_MAX_LINE is an error (BuildKit's line
 * scanner fails too); a pattern compiling to more than DIGN_MAX_TOKS
 * tokens is BH_ELIMIT; paths longer than DIGN_MAX_PATH never match. */
#define DIGN_MAX_LINE 65535
#define DIGN_MAX_TOKS 4096
#define DIGN_MAX_PATH 8192

/* Parses a .dockerignore.  Errors (BH_EPARSE with the line): a lone "!",
 * a malformed [class] or trailing "\\" (Go's filepath.Match syntax),
 * an inverted range; BH_ELIMIT for an over-long line or pattern;
 * BH_ENOMEM when the arena is over its cap.  "text" need not be
 * NUL-terminated.  An empty file gives npatterns == 0. */
int dign_parse(const char *text, size_t len, struct arena *a,
	       struct dign *out, struct diag *d);
/* Whether "relpath" (relative to the context, '/'-separated, no leading
 * "./") is left out of the build context: patternmatcher's
 * MatchesOrParentMatches (each pattern is also tried on every parent
 * directory; the last matching pattern wins).  "ign" may be NULL
 * (nothing excluded). */
bool dign_excluded(const struct dign *ign, const char *relpath);
/* Whether a directory excluded by "ign" may still hold re-included files
 * (some "!" pattern exists), so a walker must descend into it. */
bool dign_may_reinclude(const struct dign *ign);

#endif
