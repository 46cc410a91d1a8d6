/* SPDX-License-Identifier: Apache-2.0
 *
 * cmp.h - the Docker Compose input format (cmp_parse.c).
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

#include "formats.h"

extern const struct bh_format bh_format_compose;

/* Scan inputs[0..n) as one Compose project, later files overriding
 * earlier ones.  A .env file beside the first input (its fs_path) and the
 * process environment (which wins) give ${VAR} values.  Returns BH_OK, or
 * BH_E* with the cause (file:line:col) in ctx->diag, its file always one
 * of the inputs' paths (an unresolvable extends: is reported at the
 * input's `extends` line); findings already appended stay. */
int cmp_scan_merged(const struct bh_input *inputs, size_t n,
		    struct bh_scan_ctx *ctx);

#endif
