/* SPDX-License-Identifier: Apache-2.0
 *
 * io.h - reading whole inputs into memory with a size bound.
 *
 * Contract: on success *out is a malloc'd, NUL-terminated buffer the caller
 * free()s; *len excludes the terminator.  Inputs over "max" bytes fail with
 * BH_ELIMIT; unreadable ones with BH_EIO; both recorded in the diag.
 */
#ifndef BH_IO_H
#define BH_IO_H

#include <stddef.h>
#include <stdio.h>

#include "diag.h"

#define BH_MAX_INPUT ((size_t)256 << 20) /* 256 MiB per text input */

int io_read_file(const char *path, size_t max, char **out, size_t *len,
		 struct diag *d);
int io_read_stream(FILE *f, size_t max, char **out, size_t *len,
		   struct diag *d);

/* The last component of a '/'-separated path ("a/b/c" -> "c"); a pointer
 * into "path". */
const char *io_base_name(const char *path);

#endif
