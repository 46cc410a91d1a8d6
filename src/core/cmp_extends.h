/* SPDX-License-Identifier: Apache-2.0
 *
 * cmp_extends.h - resolving a Compose service's `extends:` (cmp_extends.c).
 *
 * cmp_extends_apply() takes one YAML document of a Compose input and
 * returns it with every service that uses `extends:` replaced by its
 * effective definition: the base service (itself resolved first) merged
 * under the extending one with the rules of `-f a -f b`
 * (cmp_merge_service()).  Extended files are read from disk, parsed once
 * per scan, and numbered after the inputs, so their nodes keep their own
 * file index, line and column.
 *
 * Memory: nodes and strings come from the caller's arena (the same one
 * the documents come from) and live until arena_free().  The texts of
 * extended files are heap buffers owned by the struct (kept for finding
 * snippets and inline ignores); cmp_extends_free() frees them.  Inputs
 * are borrowed and must outlive the struct.
 */
#ifndef BH_CMP_EXTENDS_H
#define BH_CMP_EXTENDS_H

#include <stddef.h>

#include "../model/cmp_model.h"
#include "formats.h"

#define CMP_EXTENDS_MAX_DEPTH 32  /* services in one extends chain */
#define CMP_EXTENDS_MAX_FILES 32  /* distinct extended files per scan */

struct cmp_ext_scope;

/* One extended file (not an input). */
struct cmp_ext_file {
	const char *path;      /* as reported: relative like the inputs */
	const char *fs_path;   /* as opened */
	const char *id;        /* realpath (or fs_path): the cache key */
	char *text;            /* heap, NUL-terminated */
	size_t len;
	struct cmp_ext_scope *scope;  /* its services, resolved lazily */
};

struct cmp_extends {
	struct arena *a;
	cmp_lookup_fn lookup;  /* ${VAR} in extends.service / extends.file */
	void *lookup_ctx;
	const struct bh_input *inputs;  /* file indexes 0..ninputs) */
	size_t ninputs;
	const char *dir_fs;    /* project directory: where the inputs' */
	const char *dir_shown; /* relative extends.file resolve ("" = cwd) */
	struct cmp_ext_file files[CMP_EXTENDS_MAX_FILES]; /* file index
					 ninputs + i */
	size_t nfiles;
	size_t bytes;          /* read from extended files so far */
	size_t budget;         /* merge work left (cmp_merge_service) */
	struct { struct cmp_ext_scope *sc; size_t idx; }
		chain[CMP_EXTENDS_MAX_DEPTH + 1];  /* services being resolved */
	size_t depth;
};

/* Set up for the inputs of one scan (file index i = inputs[i]); the
 * project directory is the first input's. */
void cmp_extends_init(struct cmp_extends *x, struct arena *a,
		      cmp_lookup_fn lookup, void *lookup_ctx,
		      const struct bh_input *inputs, size_t ninputs);

/* Resolve `extends:` in the services of "root", one document of an input.
 * *out is "root" itself when no service uses extends, else a new root
 * sharing the rest.  A service whose extends cannot be resolved (a
 * missing service, a cycle, an unreadable or invalid extended file, a
 * chain longer than CMP_EXTENDS_MAX_DEPTH), and every service extending
 * it, is left out of *out: the error is that service's, the rest is
 * still audited.  The first such error is recorded in "d" as one line at
 * the `extends` key (d->file set to the file that holds it), with the
 * number of other services left out; the return is BH_OK then too, and
 * BH_ENOMEM only when memory ran out (*out not set).  An extends.file
 * that is a remote reference (git or OCI) is left as written: the
 * service keeps its `extends` key. */
int cmp_extends_apply(struct cmp_extends *x, const struct yml_node *root,
		      struct yml_node **out, struct diag *d);

/* The reported path of file index "file" (an input or extended file), or
 * NULL. */
const char *cmp_extends_path(const struct cmp_extends *x, int file);

void cmp_extends_free(struct cmp_extends *x);

#endif
