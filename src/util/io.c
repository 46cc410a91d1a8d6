/* SPDX-License-Identifier: Apache-2.0
 *
 * io.c - bounded whole-file reads for the text formats.
 * Tests: tests/unit/util/test_util.c.
 */
#include "io.h"

#include <errno.h>
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

int io_read_file(const char *path, size_t max, char **out, size_t *len,
		 struct diag *d)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return diag_error(d, BH_EIO, 0, 0, "cannot open: %s", strerror(errno));
	int rc = io_read_stream(f, max, out, len, d);
	fclose(f);
	return rc;
}
