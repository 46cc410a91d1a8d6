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

/* ---- the inputs of a run: the one lister scan and fix share ----
 *
 * Files already listed, by identity (st_dev, st_ino): a command lists
 * each file once however many paths lead to it (a file named twice, a
 * directory named twice, a symbolic link, scan's -f file the walk finds
 * again).  The set owns the "first" strings; walk_seen_free() frees. */
struct walk_seen_file {
	dev_t dev;
	ino_t ino;
	char *first;           /* the path it was listed as; owned */
	bool merged;           /* scan: one of the -f files */
	bool link;             /* "first" is a symbolic link */
	size_t item;           /* its index in the caller's list */
};

struct walk_seen {
	struct walk_seen_file *v;   /* open addressing; first == NULL: free */
	size_t n, cap;
};

/* Records a file; NULL when it is new, else the entry of the path it
 * was first listed as (also NULL when out of memory: then it is listed
 * again rather than lost). */
struct walk_seen_file *walk_seen_add(struct walk_seen *s, dev_t dev,
				     ino_t ino, const char *path, bool merged,
				     bool link, size_t item);
void walk_seen_free(struct walk_seen *s);

/* What walk_path() lists, handed to the command's callbacks in order:
 * standard input ("-"; once per run however often it is named: it can
 * be read only once), a file (named: the argument itself, not found by
 * a walk; link: reached through a symbolic link; its identity and
 * size; regular: a regular file when listed, as every walked file is,
 * so its reader need not stat it again), a path skipped by the walk (counted: a file, not a directory),
 * and a path that cannot be listed (the cause in "d"; unreadable: a
 * file or directory that is there but cannot be read, or is missing). */
struct walk_sink {
	void *ud;
	void (*on_stdin)(void *ud);
	void (*on_file)(void *ud, const char *shown, const char *fs_path,
			bool named, bool link, bool regular, dev_t dev,
			ino_t ino, size_t size);
	void (*on_skip)(void *ud, const char *shown, const char *reason,
			bool counted);
	void (*on_error)(void *ud, const char *shown, const struct diag *d,
			 bool unreadable);
	bool stdin_listed;     /* set by walk_path() */
};

/* Lists the inputs of one command-line PATH: "-", a file (a FIFO or
 * device too: the reader refuses it with its type), or a directory
 * walked with "want" (walk_dir(); paths tidied with walk_tidy()). */
void walk_path(struct walk_sink *s, const char *arg, walk_want_fn want);

#endif
