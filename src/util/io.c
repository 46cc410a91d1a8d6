/* SPDX-License-Identifier: Apache-2.0
 *
 * io.c - bounded whole-file reads for the text formats.
 *
 * A path is opened only when it is a regular file, and without blocking:
 * a FIFO or a device named as input (or found by a walk) is refused with
 * its type, never read, so it cannot hang or exhaust the scan.  A path
 * the caller's lister has just seen as a regular file (io_read_listed())
 * skips the stat before the open: the open's fstat check still refuses
 * one that became a FIFO or a device since, unread, and the open does not
 * follow a symbolic link (one put in its place since is stat'ed first).
 * Tests: tests/unit/util/test_util.c, tests/suites/paths.sh.
 */
#include "io.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
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
 * what read() returns is what counts, up to "max"; a file that grows only
 * after its first "size" bytes were read is read as those bytes). */
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
		/* the buffer has one byte more than fstat() said: exactly
		 * "size" bytes back is the whole file, without a second read()
		 * to see EOF (size 0, as /proc and sysfs files say, always
		 * reads on to EOF: their reads may come back short early) */
		if (size && n == size)
			break;
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

const char *io_file_type(unsigned mode)
{
	if (S_ISDIR(mode))
		return "a directory";
	if (S_ISFIFO(mode))
		return "a named pipe (FIFO)";
	if (S_ISCHR(mode))
		return "a character device";
	if (S_ISBLK(mode))
		return "a block device";
	if (S_ISSOCK(mode))
		return "a socket";
	return "not a regular file";
}

/* Refuses what is not a regular file: a FIFO would block the read until
 * a writer comes, a device may never end (or rewind a tape). */
static int refuse(const struct stat *st, struct diag *d)
{
	return diag_error(d, BH_EIO, 0, 0, "not a regular file (%s)%s",
			  io_file_type(st->st_mode),
			  S_ISFIFO(st->st_mode) || S_ISCHR(st->st_mode)
				  ? ": use - to read standard input" : "");
}

/* Opens "path" when it is a regular file.  "listed": the caller's lister
 * has just seen it as one (lstat or stat), so no stat comes first unless
 * it is a symbolic link (O_NOFOLLOW); the fstat after the open is the
 * check either way. */
static int open_checked(const char *path, bool listed, size_t *size,
			struct diag *d)
{
	struct stat st = { .st_mode = S_IFREG }; /* a failed fstat's cause */
	/* stat first: a device is never opened at all (a listed path was
	 * regular when its lister looked: only a race opens one, below) */
	if (!listed && stat(path, &st) != 0)
		return diag_error(d, BH_EIO, 0, 0, "cannot open: %s",
				  strerror(errno));
	if (!listed && !S_ISREG(st.st_mode))
		return refuse(&st, d);
	/* O_NONBLOCK: the path may have become a FIFO since.  A listed
	 * path is not followed if it is a symbolic link now (one put in its
	 * place since, to a FIFO or a device, is not opened through): such a
	 * path, or one listed through a link, is looked at as any other,
	 * stat first */
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK |
			    (listed ? O_NOFOLLOW : 0));
	if (fd < 0 && listed && errno == ELOOP)
		return open_checked(path, false, size, d);
	if (fd < 0)
		return diag_error(d, BH_EIO, 0, 0, "cannot open: %s",
				  strerror(errno));
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		int rc = S_ISREG(st.st_mode)
				 ? diag_error(d, BH_EIO, 0, 0, "cannot open: %s",
					      strerror(errno))
				 : refuse(&st, d);
		close(fd);
		return rc;
	}
	*size = st.st_size > 0 ? (size_t)st.st_size : 0;
	return fd;
}

int io_open_regular(const char *path, size_t *size, struct diag *d)
{
	return open_checked(path, false, size, d);
}

static int read_file(const char *path, bool listed, size_t max, char **out,
		     size_t *len, struct diag *d)
{
	size_t size = 0;
	int fd = open_checked(path, listed, &size, d);
	if (fd < 0)
		return fd;
	/* one buffer of the right size, one read loop */
	int rc = read_regular(fd, size, max, out, len, d);
	close(fd);
	return rc;
}

int io_read_file(const char *path, size_t max, char **out, size_t *len,
		 struct diag *d)
{
	return read_file(path, false, max, out, len, d);
}

int io_read_listed(const char *path, size_t max, char **out, size_t *len,
		   struct diag *d)
{
	return read_file(path, true, max, out, len, d);
}

static int read_head(const char *path, bool listed, size_t head, char **out,
		     size_t *len, bool *whole, struct diag *d)
{
	size_t size = 0;
	int fd = open_checked(path, listed, &size, d);
	if (fd < 0)
		return fd;
	char *buf = malloc(head + 2);
	if (!buf) {
		close(fd);
		return diag_error(d, BH_ENOMEM, 0, 0, "out of memory");
	}
	/* one byte more than "head" tells whether there is more */
	size_t n = 0;
	while (n < head + 1) {
		ssize_t got = read(fd, buf + n, head + 1 - n);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			int e = errno;
			free(buf);
			close(fd);
			return diag_error(d, BH_EIO, 0, 0, "read error: %s",
					  strerror(e));
		}
		if (got == 0)
			break;
		n += (size_t)got;
	}
	close(fd);
	*whole = n <= head;
	if (n > head)
		n = head;
	buf[n] = 0;
	*out = buf;
	*len = n;
	return BH_OK;
}

int io_read_head(const char *path, size_t head, char **out, size_t *len,
		 bool *whole, struct diag *d)
{
	return read_head(path, false, head, out, len, whole, d);
}

int io_read_head_listed(const char *path, size_t head, char **out,
			size_t *len, bool *whole, struct diag *d)
{
	return read_head(path, true, head, out, len, whole, d);
}

const char *io_base_name(const char *path)
{
	const char *s = strrchr(path, '/');
	return s ? s + 1 : path;
}

char *io_path_beside(const char *path, const char *rel)
{
	const char *sl = strrchr(path, '/');
	size_t dl = sl ? (size_t)(sl - path) + (sl == path) : 0;
	size_t n = dl + strlen(rel) + 2;
	char *in = malloc(n), *out = malloc(n + 1);
	size_t *named = malloc(n * sizeof(*named)); /* where each name starts */
	if (!in || !out || !named) {
		free(in);
		free(out);
		free(named);
		return NULL;
	}
	snprintf(in, n, "%.*s%s%s", (int)dl, path,
		 dl && path[dl - 1] != '/' ? "/" : "", rel);
	size_t o = 0, nn = 0, root = in[0] == '/';
	if (root)
		out[o++] = '/';
	for (char *p = in; *p;) {
		char *e = strchr(p, '/');
		size_t len = e ? (size_t)(e - p) : strlen(p);
		bool dot = len == 1 && p[0] == '.';
		bool up = len == 2 && p[0] == '.' && p[1] == '.';
		if (up && nn) {
			o = named[--nn];   /* drops the name and its '/' */
		} else if (len && !dot && !(up && root)) {
			size_t at = o;
			if (o > root)
				out[o++] = '/';
			memcpy(out + o, p, len);
			o += len;
			if (!up)
				named[nn++] = at;
		}
		p += len + (e != NULL);
	}
	if (o == 0)
		out[o++] = '.';
	out[o] = '\0';
	free(in);
	free(named);
	return out;
}

char *io_path_relative(const char *from, const char *to)
{
	size_t c = 0, i = 0;
	/* the common part: whole components */
	while (from[i] && from[i] == to[i]) {
		i++;
		if (from[i - 1] == '/')
			c = i;
	}
	if ((!from[i] || from[i] == '/') && (!to[i] || to[i] == '/'))
		c = i;
	const char *f = from + c, *t = to + c;
	while (*f == '/')
		f++;
	while (*t == '/')
		t++;
	size_t ups = 0;
	for (const char *p = f; *p;) {
		ups++;
		const char *e = strchr(p, '/');
		if (!e)
			break;
		p = e + 1;
		while (*p == '/')
			p++;
	}
	size_t n = ups * 3 + strlen(t) + 2;
	char *r = malloc(n);
	if (!r)
		return NULL;
	size_t o = 0;
	for (size_t k = 0; k < ups; k++)
		o += (size_t)snprintf(r + o, n - o, "%s..", k ? "/" : "");
	if (*t)
		o += (size_t)snprintf(r + o, n - o, "%s%s", o ? "/" : "", t);
	if (!o)
		snprintf(r, n, ".");
	return r;
}
