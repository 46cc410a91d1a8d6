/* SPDX-License-Identifier: Apache-2.0
 *
 * pins.h - the pins file of `bulkhead fix --pins FILE` (docs/fix.md): one
 * line per image, "REFERENCE DIGEST" (nginx:1.25 sha256:<64 hex>, or
 * nginx sha256:...), blank lines and "#" comments (whole lines, or
 * after a blank) ignored.
 *
 * Memory: pins_parse() fills a struct pins whose strings it allocates on
 * the heap; pins_free() frees them.  pins_find() returns a pointer into
 * it.  Nothing here reads a file or prints.
 */
#ifndef BH_PINS_H
#define BH_PINS_H

#include <stdbool.h>
#include <stddef.h>

#include "../util/diag.h"

struct pin {
	char *name;        /* repository as written: "nginx", "ghcr.io/a/b" */
	char *tag;         /* "1.25", or NULL for a line without a tag */
	char *digest;      /* "sha256:" and 64 lower-case hex digits */
	int line;
};

struct pins {
	struct pin *v;
	size_t n;
};

/* At most this many lines are read (a bigger file is an error). */
#define PINS_MAX 10000

/* Parses text[0..len) (NUL bytes refused).  BH_OK, or BH_EPARSE with
 * "line L: why" recorded in "d" (d->file is the caller's), or BH_ENOMEM;
 * *out is empty after an error. */
int pins_parse(const char *text, size_t len, struct pins *out, struct diag *d);
void pins_free(struct pins *p);

/* The pin for repository "name" (as written, without tag or digest;
 * Docker Hub's spellings are one name: "nginx", "library/nginx",
 * "docker.io/library/nginx", "index.docker.io/library/nginx"; "a/b" and
 * "docker.io/a/b"):
 * with "tag", the first line naming name:tag, else the first naming
 * "name" without a tag (a digest of another tag is never given); without
 * (an untagged or :latest image), the first line naming "name", tagged
 * or not.  NULL: none. */
const struct pin *pins_find(const struct pins *p, const char *name,
			    const char *tag);

#endif
