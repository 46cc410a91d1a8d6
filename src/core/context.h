/* SPDX-License-Identifier: Apache-2.0
 *
 * context.h - walking a build context directory the way `COPY . .` sees
 * it: every entry the .dockerignore (struct dign) leaves in, in a stable
 * (byte-sorted) order, directories before their contents.
 *
 * Never follows symbolic links (they are reported as links, and a link to
 * a directory is not entered), so nothing outside the context is read.
 * Bounded: CTX_MAX_DEPTH directory levels, CTX_MAX_FILES entries,
 * CTX_MAX_PATH bytes per relative path; beyond any of them the walk stops
 * with BH_ELIMIT.  Unreadable subdirectories are skipped (BuildKit would
 * fail the build; an auditor reports what it can), an unreadable root is
 * BH_EIO.
 *
 * Memory: the walk allocates (and frees) its own scratch; the struct
 * ctx_entry and its strings handed to the callback are valid only during
 * the call.  Tests: tests/unit/secrets/test_context.c,
 * tests/cases/dockerfile/BH1256-*.case, tests/cases/secrets/.
 */
#ifndef BH_CONTEXT_H
#define BH_CONTEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../parse/dign.h"
#include "../util/diag.h"
#include "check.h"

#define CTX_MAX_DEPTH 64
#define CTX_MAX_FILES 1000000
#define CTX_MAX_PATH 4096

enum ctx_type {
	CTX_FILE,     /* regular file */
	CTX_DIR,
	CTX_SYMLINK,  /* never followed */
	CTX_OTHER,    /* fifo, socket, device */
	CTX_UNREADABLE, /* a directory that could not be opened: not walked */
};

struct ctx_entry {
	const char *relpath;   /* "a/b.txt": '/'-separated, no "./" */
	const char *path;      /* "dir/a/b.txt": usable with open() */
	enum ctx_type type;
	uint64_t size;         /* st_size (0 for directories) */
	unsigned mode;         /* st_mode permission and type bits */
	int depth;             /* 0 for entries directly in the context */
	bool excluded;         /* by .dockerignore (CTX_WALK_EXCLUDED only):
				  not sent, told so it can be named */
};

/* Callback return values: 0 go on, CTX_SKIP do not enter this directory
 * (ignored for non-directories), CTX_STOP end the walk (ctx_walk returns
 * 0), a negative BH_E* code ends the walk and is returned. */
#define CTX_SKIP 1
#define CTX_STOP 2
typedef int (*ctx_entry_fn)(void *ud, const struct ctx_entry *e);

/* Walks "dir" calling "fn" for every entry COPY . would send ("ign" may be
 * NULL: nothing excluded).  Excluded directories are not reported; they are
 * entered only when a "!" pattern could re-include something inside.
 * Returns 0, the callback's negative code, or BH_EIO / BH_ELIMIT /
 * BH_ENOMEM with the cause in "d". */
int ctx_walk(const char *dir, const struct dign *ign, ctx_entry_fn fn,
	     void *ud, struct diag *d);

/* ctx_walk with flags: CTX_WALK_EXCLUDED also calls "fn" for each entry
 * .dockerignore excludes (e.excluded set; an excluded directory once, not
 * entered unless a "!" pattern could re-include something in it). */
#define CTX_WALK_EXCLUDED 1u
int ctx_walk_ex(const char *dir, const struct dign *ign, unsigned flags,
		ctx_entry_fn fn, void *ud, struct diag *d);

/* Reads "dir"/.dockerignore into "out" (memory from "a"); a missing file
 * gives an empty matcher.  0 or BH_E* (a malformed file is BH_EPARSE),
 * the cause at "dir/.dockerignore:LINE" (d->file points into "a"). */
int ctx_load_dockerignore(const char *dir, struct arena *a, struct dign *out,
			  struct diag *d);

/* Reads and parses the .dockerignore at "fs_path" (reported as "shown",
 * which d->file points at on error): *found false and "out" empty when
 * there is none.  Bounded (1 MiB), regular files only.  0 or BH_E*. */
int ctx_read_dockerignore(const char *fs_path, const char *shown,
			  struct arena *a, struct dign *out, bool *found,
			  struct diag *d);
/* ctx_read_dockerignore() that also keeps the file's bytes in "a"
 * (*text, *len; NULL and 0 when there is none): `bulkhead fix` appends
 * to it (BH1251, BH1256). */
int ctx_read_dockerignore_text(const char *fs_path, const char *shown,
			       struct arena *a, struct dign *out, bool *found,
			       const char **text, size_t *len, struct diag *d);

struct ctx_secret_file {
	const struct ctx_entry *entry;
	const char *kind;       /* sec_file_is_secret()'s kind */
};
typedef int (*ctx_secret_fn)(void *ud, const struct ctx_secret_file *f);

/* The secret files (sec_file_is_secret: by name, or a PRIVATE KEY block
 * in the first CTX_HEAD_BYTES of an ambiguous name) that COPY . would
 * send.  A .git directory is reported once, as itself, not file by file.
 * "fn" returns as for ctx_walk (CTX_STOP ends, negative aborts). */
#define CTX_HEAD_BYTES 65536
int ctx_find_secret_files(const char *dir, const struct dign *ign,
			  ctx_secret_fn fn, void *ud, struct diag *d);

/* The pipeline's fact "which secret files would COPY . send" for a
 * Dockerfile (f->context_dir, f->dockerignore): the regular files
 * ctx_find_secret_files() finds (not .git, which BH1250/BH1251 cover as
 * a pattern gap), at most CTX_MAX_SECRET_FACTS, sorted by path.  Walked
 * on the first call only; an unreadable or oversized context gives what
 * was found.  *n set; the array lives in f->arena. */
#define CTX_MAX_SECRET_FACTS 50
const struct bh_ctx_file *bh_facts_context_secrets(struct bh_facts *f,
						   size_t *n);

/* One run's cache of those answers: Dockerfiles that share a context
 * directory and a .dockerignore (f->dockerignore_src, the same file) are
 * swept once.  A run that installs one (the CLI, before its worker threads
 * start: ctx_cache_use(), read-only afterwards) sees each context as it
 * was at its first sweep; without one (unit tests) every call walks.
 * Thread-safe (one mutex); ctx_cache_new() allocates, ctx_cache_free()
 * frees every answer kept (after ctx_cache_use(NULL)). */
struct ctx_cache;
struct ctx_cache *ctx_cache_new(void);
void ctx_cache_free(struct ctx_cache *c);
void ctx_cache_use(struct ctx_cache *c);

#endif
