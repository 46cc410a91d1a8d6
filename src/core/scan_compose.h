/* SPDX-License-Identifier: Apache-2.0
 *
 * scan_compose.h - the Docker Compose input kind (scan_compose.c).
 *
 * bh_format_compose recognises Compose files by name (compose.yaml,
 * docker-compose.yml, their .override / .<env> variants) and by content
 * (a top-level `services:` key), and scans one file.  cmp_scan_merged()
 * scans several files merged as `docker compose -f a -f b` merges them;
 * findings point into the file each value came from.  Services using
 * `extends:` are resolved first (cmp_extends.h): files named by
 * extends.file are read from disk, relative to the first input's
 * directory (stdin: the current one), and findings about keys they hold
 * name them.
 *
 * Memory: inputs are borrowed for the call; findings are appended to
 * ctx->out (heap copies, owned by the list).  Nothing else outlives the
 * call.  Tests: tests/cases/compose/, tests/unit/compose/.
 */
#ifndef BH_CMP_H
#define BH_CMP_H

#include <stddef.h>

#include "../model/cmp_model.h"
#include "formats.h"

extern const struct bh_format bh_format_compose;

/* Where ${VAR} values come from for a Compose project: the process
 * environment, then the .env file beside the first input.  Anyone who
 * reads a Compose file as the scan does (src/core/link.c) uses the same. */
struct cmp_env {
	struct cmp_kvs dotenv;
};

/* Loads "<dir of fs_path>/.env" (fs_path NULL: none) into *e; its strings
 * come from "a".  A missing or broken .env only loses its variables.
 * "dc": the run's directory listings (dircache.h; NULL: none), which can
 * tell it is missing without a probe. */
struct bh_dircache;
void cmp_env_load(struct arena *a, const char *fs_path, struct cmp_env *e,
		  struct bh_dircache *dc);

/* A cmp_lookup_fn over a struct cmp_env (ctx). */
const char *cmp_env_lookup(void *ctx, const char *name);

/* Scan inputs[0..n) as one Compose project, later files overriding
 * earlier ones.  A .env file beside the first input (its fs_path) and the
 * process environment (which wins) give ${VAR} values.  Returns BH_OK, or
 * BH_E* with the cause (file:line:col) in ctx->diag, its file always one
 * of the inputs' paths (an unresolvable extends: is reported at the
 * input's `extends` line); findings already appended stay. */
int cmp_scan_merged(const struct bh_input *inputs, size_t n,
		    struct bh_scan_ctx *ctx);

#endif
