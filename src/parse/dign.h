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

struct dign_pattern {
	const char *text;    /* cleaned pattern */
	bool exclusion;      /* written with a leading "!" */
	int line;
};

struct dign {
	struct dign_pattern *patterns;
	size_t npatterns;
};

int dign_parse(const char *text, size_t len, struct arena *a,
	       struct dign *out, struct diag *d);
/* Whether "relpath" (relative to the context, '/'-separated, no leading
 * "./") is left out of the build context. */
bool dign_excluded(const struct dign *ign, const char *relpath);

#endif
