/* SPDX-License-Identifier: Apache-2.0
 *
 * walk.h - finding the files to scan under a directory.
 *
 * Contract: walk_dir() appends one struct walk_entry per file a format may
 * want, per file or directory it skips, and per directory or file it
 * cannot read, in sorted order (a directory's files, then its
 * subdirectories, depth first).  Paths are the root as given joined with
 * the names below it ("two/a" -> "two/a/Dockerfile", "." -> "Dockerfile"),
 * so they resolve from the current directory.  Symbolic links to files are
 * followed, links to directories are not (named as skipped); .git and
 * node_modules below the root are skipped and named; a directory deeper
 * than WALK_MAX_DEPTH, an unreadable directory and a candidate that is
 * not a regular file are entries of kind WALK_ERROR.  Entries and their
 * strings are heap-allocated and freed by walk_list_free().
 */
#ifndef BH_WALK_H
#define BH_WALK_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "../util/diag.h"

#define WALK_MAX_DEPTH 64
#define WALK_MAX_FILES 1000000

enum walk_kind {
	WALK_FILE,       /* a regular file (or a link to one) to read */
	WALK_SKIP,       /* named as not scanned: "reason" */
	WALK_ERROR,      /* cannot be read: "reason" is the cause */
};

struct walk_entry {
	char *path;            /* as reported; heap */
	enum walk_kind kind;
	const char *reason;    /* WALK_SKIP: why (static); WALK_ERROR: heap */
	bool counted;          /* WALK_SKIP of a file (not a directory) */
	bool link;             /* WALK_FILE reached through a symbolic link */
	dev_t dev;             /* WALK_FILE: the file's identity and size */
	ino_t ino;
	size_t size;
};

struct walk_list {
	struct walk_entry *v;
	size_t n;
	size_t cap;
};

/* "want" decides by base name: 0 not ours (not listed), 1 a candidate
 * (WALK_FILE), -1 skipped by name with *reason (static). */
typedef int (*walk_want_fn)(const char *base, const char **reason);

/* Walks "dir".  BH_OK, or BH_ENOMEM / BH_ELIMIT (more than WALK_MAX_FILES
 * entries) / BH_EIO (the root cannot be opened) with the cause in "d";
 * what was listed before stays in "out". */
int walk_dir(const char *dir, walk_want_fn want, struct walk_list *out,
	     struct diag *d);
void walk_list_free(struct walk_list *l);

/* "./a/b" -> "a/b", "a//b" -> "a/b" (leading "./" and doubled slashes
 * dropped; a lone "." stays). */
const char *walk_tidy(const char *path, char *buf, size_t size);

#endif
