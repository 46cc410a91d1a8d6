/* SPDX-License-Identifier: Apache-2.0
 *
 * walk.h - finding the files to scan under a directory.
 *
 * Contract: walk_dir() appends heap-allocated paths (the caller frees each
 * and the array) of regular files whose base name a format claims, in
 * sorted order, without following directory symlinks, to a depth of
 * WALK_MAX_DEPTH, skipping .git and node_modules.
 */
#ifndef BH_WALK_H
#define BH_WALK_H

#include <stdbool.h>
#include <stddef.h>

#include "../util/diag.h"

#define WALK_MAX_DEPTH 64
#define WALK_MAX_FILES 1000000

struct path_list {
	char **v;
	size_t n;
	size_t cap;
};

/* "want" decides by base name whether a file is kept. */
int walk_dir(const char *dir, bool (*want)(const char *base),
	     struct path_list *out, struct diag *d);
int path_list_add(struct path_list *l, const char *path);
void path_list_free(struct path_list *l);

#endif
