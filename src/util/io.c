/* SPDX-License-Identifier: Apache-2.0
 *
 * io.c - bounded whole-file reads for the text formats.
 * Tests: tests/unit/util/test_util.c.
 */
#include "io.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <stdlib.h>
#include <string.h>

int io_read_stream(FILE *f, size_t max, char **out, size_t *len,
		   struct diag *d)
{
	size_t cap = 64 * 1024, n = 0;
	char *buf = malloc(cap + 1);
	if (!buf)
		return diag_error(d, BH_ENOMEM, 0, 0, "out of memory");
	for (;;) {
		if (n == cap) {
			if (cap >= max + 1) {
				free(buf);
				return diag_error(d, BH_ELIMIT, 0, 0,
						  "input larger than %zu bytes", max);
			}
			size_t ncap = cap * 2 > max + 1 ? max + 1 : cap * 2;
			char *p = realloc(buf, ncap + 1);
			if (!p) {
				free(buf);
				return diag_error(d, BH_ENOMEM, 0, 0, "out of memory");
			}
			buf = p;
			cap = ncap;
		}
		size_t got = fread(buf + n, 1, cap - n, f);
		n += got;
		if (got == 0)
			break;
	}
	if (ferror(f)) {
		free(buf);
		return diag_error(d, BH_EIO, 0, 0, "read error: %s", strerror(errno));
	}
	if (n > max) {
		free(buf);
		return diag_error(d, BH_ELIMIT, 0, 0, "input larger than %zu bytes", max);
	}
	buf[n] = 0;
	*out = buf;
	*len = n;
	return BH_OK;
}

/* Reads a regular file of "size" bytes (it may grow or shrink meanwhile:
 * what read() returns is what counts, up to "max"). */
static int read_regular(int fd, size_t size, size_t max, char **out,
			size_t *len, struct diag *d)
{
	if (size > max)
		return diag_error(d, BH_ELIMIT, 0, 0, "input larger than %zu bytes", max);
	size_t cap = size + 1, n = 0;
	char *buf = malloc(cap + 1);
	if (!buf)
		return diag_error(d, BH_ENOMEM, 0, 0, "out of memory");
	for (;;) {
		if (n == cap) {
			if (cap > max) {
				free(buf);
				return diag_error(d, BH_ELIMIT, 0, 0,
						  "input larger than %zu bytes", max);
			}
			size_t ncap = cap * 2 > max + 1 ? max + 1 : cap * 2;
			char *p = realloc(buf, ncap + 1);
			if (!p) {
				free(buf);
				return diag_error(d, BH_ENOMEM, 0, 0, "out of memory");
			}
			buf = p;
			cap = ncap;
		}
		ssize_t got = read(fd, buf + n, cap - n);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			free(buf);
			return diag_error(d, BH_EIO, 0, 0, "read error: %s", strerror(errno));
		}
		if (got == 0)
			break;
		n += (size_t)got;
	}
	if (n > max) {
		free(buf);
		return diag_error(d, BH_ELIMIT, 0, 0, "input larger than %zu bytes", max);
	}
	buf[n] = 0;
	*out = buf;
	*len = n;
	return BH_OK;
}

int io_read_file(const char *path, size_t max, char **out, size_t *len,
		 struct diag *d)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return diag_error(d, BH_EIO, 0, 0, "cannot open: %s", strerror(errno));
	struct stat st;
	int rc;
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) {
		/* a regular file: one buffer of the right size, one read loop */
		rc = read_regular(fd, (size_t)st.st_size, max, out, len, d);
		close(fd);
		return rc;
	}
	FILE *f = fdopen(fd, "rb");
	if (!f) {
		close(fd);
		return diag_error(d, BH_EIO, 0, 0, "cannot open: %s", strerror(errno));
	}
	rc = io_read_stream(f, max, out, len, d);
	fclose(f);
	return rc;
}

const char *io_base_name(const char *path)
{
	const char *s = strrchr(path, '/');
	return s ? s + 1 : path;
}
