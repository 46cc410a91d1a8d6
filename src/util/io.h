/* SPDX-License-Identifier: Apache-2.0
 *
 * io.h - reading whole inputs into memory with a size bound.
 *
 * Contract: on success *out is a malloc'd, NUL-terminated buffer the caller
 * free()s; *len excludes the terminator.  Inputs over "max" bytes fail with
 * BH_ELIMIT; unreadable ones with BH_EIO; both recorded in the diag.
 * Paths are opened only when they are regular files (stat, then a
 * non-blocking open checked again with fstat; for a path a lister has
 * just seen as regular, only the checked open: io_read_listed()): a FIFO,
 * device, socket or directory is BH_EIO "not a regular file (a named
 * pipe (FIFO))".
 */
#ifndef BH_IO_H
#define BH_IO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "diag.h"

#define BH_MAX_INPUT ((size_t)256 << 20) /* 256 MiB per text input */

int io_read_file(const char *path, size_t max, char **out, size_t *len,
		 struct diag *d);
int io_read_stream(FILE *f, size_t max, char **out, size_t *len,
		   struct diag *d);
/* The first "head" bytes of a regular file (all of it when shorter):
 * *whole tells whether that is the whole file.  Same contract as
 * io_read_file() otherwise. */
int io_read_head(const char *path, size_t head, char **out, size_t *len,
		 bool *whole, struct diag *d);
/* io_read_file() / io_read_head() for a path that the caller's lister
 * (the walk, src/cli/walk.c) has just seen as a regular file: one stat
 * fewer, no stat before the open.  The open is still non-blocking and
 * checked with fstat, so a path replaced by a FIFO or a device in between
 * is refused and never read (such a race may open a FIFO or device node
 * put in its place, O_NONBLOCK and O_NOCTTY, where io_read_file() would
 * refuse it before the open; a symbolic link is not followed by that open:
 * a path that is one, listed through it or put there since, is read as
 * io_read_file() reads it, stat first). */
int io_read_listed(const char *path, size_t max, char **out, size_t *len,
		   struct diag *d);
int io_read_head_listed(const char *path, size_t head, char **out,
			size_t *len, bool *whole, struct diag *d);
/* Opens a regular file for reading (never blocks, never opens a device):
 * a file descriptor the caller closes, with the file's size in *size, or
 * a negative BH_E* with the cause in "d". */
int io_open_regular(const char *path, size_t *size, struct diag *d);
/* "a named pipe (FIFO)", "a character device", ... for st_mode "mode". */
const char *io_file_type(unsigned mode);

/* The last component of a '/'-separated path ("a/b/c" -> "c"); a pointer
 * into "path". */
const char *io_base_name(const char *path);

/* The path of "rel" (relative: names and leading ".." components) taken
 * from the directory of "path", lexically normalised: "." components
 * dropped, ".." cancels the name before it ("docker/Dockerfile",
 * "../.dockerignore" -> ".dockerignore"; "Dockerfile", "../x" ->
 * "../x"; "/a/b/f", "../x" -> "/a/x").  For showing a path; on disk a
 * symbolic link can make the two differ.  Heap; NULL when out of memory. */
char *io_path_beside(const char *path, const char *rel);

/* The relative path from directory "from" to directory "to", both
 * absolute and normalised (realpath): "." when equal, else ".." per
 * component of "from" below their common part, then the rest of "to"
 * ("/p/docker", "/p" -> ".."; "/p/a", "/p/b/c" -> "../b/c").  Heap. */
char *io_path_relative(const char *from, const char *to);

#endif
