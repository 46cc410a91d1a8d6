/* SPDX-License-Identifier: Apache-2.0
 *
 * cmd_db.c - `bulkhead db import|info|update`: the offline vulnerability
 * database (src/vuln/osvdb.c) filled from OSV records.
 *
 * import [--db FILE] PATH...: each PATH is a folder (walked, *.json
 * regular files, names sorted, symbolic links not followed, at most
 * DB_WALK_DEPTH deep), a zip as osv.dev publishes per ecosystem
 * (<Eco>/all.zip, read member by member with libarchive, never unpacked
 * to disk), a .json file (one record or a JSON array of records), or `-`
 * (standard input: a zip, one record or an array).  The whole import is
 * one transaction: a malformed record is one line
 * "bulkhead: FILE[:MEMBER]:LINE:COL: ..." (or the field path), everything
 * rolled back (a database the import created is removed), exit 2; so is
 * an import stopped by SIGINT, SIGTERM or SIGHUP (one line, then the
 * process dies of that signal).  A
 * record replaces the stored one only when its `modified` is a later
 * instant.  Summary on stdout: "imported N records (A added, R replaced,
 * U unchanged) into PATH"; a progress bar on stderr only when stderr is a
 * terminal.
 * info [--db FILE] [--format text|json]: records per ecosystem (base, and
 * per release such as Debian:12), withdrawn, the newest `modified`, the
 * path.  A missing or foreign database: exit 2.
 * update [--db FILE] --from URL|PATH: PATH as import; an http(s) URL is
 * fetched with libcurl (TLS verified, DB_FETCH_MAX bytes, timeouts, HTTP
 * errors fail, userinfo and query never printed) and imported; the fetch
 * is in the network module bulkhead-net.so (net_fetch.c, loaded only
 * here: src/cli/net.h).  Nothing
 * here touches the network without --from URL.  A build configured with
 * -Dnet=false (the static binary of the container image, docs/container.md:
 * Debian ships no static libcurl dependencies such as GSS-API and LDAP)
 * has no libcurl: `--from URL` is then an input error saying so (exit 2),
 * `--from PATH` works as ever.
 * The default database: $XDG_CACHE_HOME/bulkhead/vuln.db, else
 * $HOME/.cache/bulkhead/vuln.db (directories made, mode 0700).
 * Tests: tests/cases/cli/db-*.case, tests/suites/osv_real.sh,
 * tests/suites/selfimage.sh (the -Dnet=false build).
 */
#include <archive.h>
#include <signal.h>
#include <archive_entry.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli_common.h"
#include "commands.h"
#include "net.h"
#include "../util/diag.h"
#include "../util/io.h"
#include "../vuln/osv.h"

#define DB_MAX_INPUT ((size_t)1 << 30)  /* a zip or array on stdin/file */
#define DB_FETCH_MAX ((size_t)1 << 30)  /* bytes fetched by update */
#define DB_WALK_DEPTH 32

struct imp {
	struct osv_db *db;
	const char *dbpath;
	size_t added, replaced, unchanged;
	bool tty;
	double last;      /* time of the last progress line */
	double frac;      /* progress of the current source, -1 unknown */
	const char *what; /* the current source */
};

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static size_t total(const struct imp *im)
{
	return im->added + im->replaced + im->unchanged;
}

static void progress(struct imp *im, bool force)
{
	if (!im->tty)
		return;
	double t = now();
	if (!force && t - im->last < 0.1)
		return;
	im->last = t;
	char name[48];
	diag_escape(name, sizeof(name), im->what ? im->what : "");
	if (im->frac >= 0) {
		char bar[31];
		int n = (int)(im->frac * 30);
		for (int i = 0; i < 30; i++)
			bar[i] = i < n ? '#' : '.';
		bar[30] = 0;
		fprintf(stderr, "\r\033[K[%s] %3d%% %zu records  %s", bar,
			(int)(im->frac * 100), total(im), name);
	} else {
		fprintf(stderr, "\r\033[K%zu records  %s", total(im), name);
	}
	fflush(stderr);
}

static void progress_end(struct imp *im)
{
	if (im->tty && im->last > 0)
		fprintf(stderr, "\r\033[K");
}

static int report(struct imp *im, struct diag *d)
{
	progress_end(im);
	char line[2048];
	diag_format(d, line, sizeof(line));
	fprintf(stderr, "bulkhead: %s\n", line);
	return 2;
}

/* A signal that asks the import to stop (SIGINT, SIGTERM, SIGHUP): the
 * transaction is rolled back and a database this run created removed,
 * so an interrupted first import never leaves an empty database that
 * `vuln` would read as "no vulnerabilities". */
static volatile sig_atomic_t interrupted;

static void on_signal(int sig)
{
	interrupted = sig;
}

/* One record in buf: 0 or 2 (reported). */
static int one(struct imp *im, const char *buf, size_t len, const char *name)
{
	if (interrupted)
		return 2;
	struct diag d;
	diag_init(&d, name);
	enum osv_import_status st;
	if (osv_db_import(im->db, buf, len, name, &st, &d))
		return report(im, &d);
	if (st == OSV_ADDED)
		im->added++;
	else if (st == OSV_REPLACED)
		im->replaced++;
	else
		im->unchanged++;
	progress(im, false);
	return 0;
}

/* 1-based line and column of byte "at" of buf. */
static void line_col(const char *buf, size_t at, int *line, int *col)
{
	int l = 1, c = 1;
	for (size_t i = 0; i < at; i++) {
		if (buf[i] == '\n') {
			l++;
			c = 1;
		} else {
			c++;
		}
	}
	*line = l;
	*col = c;
}

static int array_error(struct imp *im, const char *buf, size_t at,
		       const char *name, const char *what)
{
	struct diag d;
	diag_init(&d, name);
	int line, col;
	line_col(buf, at, &line, &col);
	diag_error(&d, BH_EPARSE, line, col, "%s", what);
	return report(im, &d);
}

static bool ws(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* One JSON value starting at buf[i]: the index one past its end (strings
 * and nesting followed, nothing else checked: the element's own parse
 * does that), or 0 when it does not end.  Depth is bounded by the OSV
 * reader's own limit once the element is parsed. */
static size_t value_end(const char *buf, size_t len, size_t i)
{
	size_t depth = 0;
	for (; i < len; i++) {
		char c = buf[i];
		if (c == '"') {
			for (i++; i < len && buf[i] != '"'; i++)
				if (buf[i] == '\\')
					i++;
			if (i >= len)
				return 0;
			if (!depth)
				return i + 1;
		} else if (c == '{' || c == '[') {
			depth++;
		} else if (c == '}' || c == ']') {
			if (!depth)
				return i;     /* the array's own end */
			if (--depth == 0)
				return i + 1;
		} else if (!depth && (c == ',' || ws(c))) {
			return i;             /* a bare scalar ends */
		}
	}
	return depth ? 0 : i;
}

/* A JSON array of records, split element by element without building the
 * whole array in memory (a 317 MB array took 2.5 GB as one tree): each
 * element is imported as NAME:[i]; a malformed element is reported by the
 * record reader, a malformed array at its line and column. */
static int array(struct imp *im, const char *buf, size_t len, const char *name)
{
	size_t i = 0, k = 0;
	while (i < len && ws(buf[i]))
		i++;
	i++;   /* the '[' content() saw */
	for (;;) {
		while (i < len && ws(buf[i]))
			i++;
		if (i >= len)
			return array_error(im, buf, len, name,
					   "the array does not end (no ']')");
		if (buf[i] == ']' && k == 0) {
			i++;
			break;
		}
		size_t e = value_end(buf, len, i);
		if (!e || e == i)
			return array_error(im, buf, i, name, e ? "a value was "
					   "expected" : "the array does not end");
		char mname[4096];
		snprintf(mname, sizeof(mname), "%s:[%zu]", name, k);
		im->frac = (double)i / (double)len;
		int rc = one(im, buf + i, e - i, mname);
		if (rc)
			return rc;
		k++;
		i = e;
		while (i < len && ws(buf[i]))
			i++;
		if (i < len && buf[i] == ',') {
			i++;
			continue;
		}
		if (i < len && buf[i] == ']') {
			i++;
			break;
		}
		return array_error(im, buf, i, name, "',' or ']' expected after "
				   "an element");
	}
	while (i < len && ws(buf[i]))
		i++;
	if (i < len)
		return array_error(im, buf, i, name, "text after the array's end");
	return 0;
}

static bool is_zip(const char *buf, size_t len)
{
	return len >= 4 && !memcmp(buf, "PK\003\004", 4);
}

static bool ends_with(const char *s, const char *suf)
{
	size_t n = strlen(s), m = strlen(suf);
	return n >= m && !strcmp(s + n - m, suf);
}

/* Every *.json member of an open zip archive, read in memory. */
static int zip_members(struct imp *im, struct archive *a, const char *name,
		       size_t size)
{
	struct archive_entry *e;
	int r, rc = 0;
	char *buf = NULL;
	while ((r = archive_read_next_header(a, &e)) == ARCHIVE_OK) {
		const char *m = archive_entry_pathname(e);
		if (archive_entry_filetype(e) != AE_IFREG || !m ||
		    !ends_with(m, ".json"))
			continue;
		char mname[4096];
		snprintf(mname, sizeof(mname), "%s:%s", name, m);
		struct diag d;
		diag_init(&d, mname);
		if (archive_entry_size_is_set(e) &&
		    archive_entry_size(e) > (la_int64_t)OSV_MAX_RECORD) {
			diag_error(&d, BH_ELIMIT, 0, 0,
				   "record of %lld bytes, more than %zu",
				   (long long)archive_entry_size(e), OSV_MAX_RECORD);
			rc = report(im, &d);
			break;
		}
		size_t cap = archive_entry_size_is_set(e)
				     ? (size_t)archive_entry_size(e) + 1
				     : 65536;
		size_t len = 0;
		char *nb = realloc(buf, cap);
		if (!nb) {
			diag_error(&d, BH_ENOMEM, 0, 0, "out of memory");
			rc = report(im, &d);
			break;
		}
		buf = nb;
		for (;;) {
			if (len == cap) {
				if (cap > OSV_MAX_RECORD) {
					diag_error(&d, BH_ELIMIT, 0, 0,
						   "record larger than %zu bytes",
						   OSV_MAX_RECORD);
					rc = report(im, &d);
					break;
				}
				cap *= 2;
				if (!(nb = realloc(buf, cap))) {
					diag_error(&d, BH_ENOMEM, 0, 0,
						   "out of memory");
					rc = report(im, &d);
					break;
				}
				buf = nb;
			}
			la_ssize_t got = archive_read_data(a, buf + len, cap - len);
			if (got < 0) {
				diag_error(&d, BH_EPARSE, 0, 0, "cannot read: %s",
					   archive_error_string(a));
				rc = report(im, &d);
				break;
			}
			if (got == 0)
				break;
			len += (size_t)got;
		}
		if (rc)
			break;
		if (size)
			im->frac = (double)archive_filter_bytes(a, -1) / (double)size;
		if ((rc = one(im, buf, len, mname)))
			break;
	}
	if (!rc && r != ARCHIVE_EOF) {
		struct diag d;
		diag_init(&d, name);
		diag_error(&d, BH_EPARSE, 0, 0, "not a readable zip: %s",
			   archive_error_string(a));
		rc = report(im, &d);
	}
	free(buf);
	return rc;
}

static struct archive *zip_reader(void)
{
	struct archive *a = archive_read_new();
	if (a)
		archive_read_support_format_zip(a);
	return a;
}

static int zip_mem(struct imp *im, const char *buf, size_t len, const char *name)
{
	struct archive *a = zip_reader();
	if (!a || archive_read_open_memory(a, buf, len) != ARCHIVE_OK) {
		struct diag d;
		diag_init(&d, name);
		diag_error(&d, BH_EPARSE, 0, 0, "not a readable zip: %s",
			   a ? archive_error_string(a) : "out of memory");
		archive_read_free(a);
		return report(im, &d);
	}
	int rc = zip_members(im, a, name, len);
	archive_read_free(a);
	return rc;
}

/* Content of a file, stdin or a download: a zip, an array or a record. */
static int content(struct imp *im, const char *buf, size_t len, const char *name)
{
	if (is_zip(buf, len))
		return zip_mem(im, buf, len, name);
	size_t i = 0;
	while (i < len && (buf[i] == ' ' || buf[i] == '\t' || buf[i] == '\n' ||
			   buf[i] == '\r'))
		i++;
	if (i < len && buf[i] == '[')
		return array(im, buf, len, name);
	return one(im, buf, len, name);
}

static int zip_file(struct imp *im, const char *path)
{
	struct diag d;
	diag_init(&d, path);
	size_t size;
	int fd = io_open_regular(path, &size, &d);
	if (fd < 0)
		return report(im, &d);
	struct archive *a = zip_reader();
	if (!a || archive_read_open_fd(a, fd, 65536) != ARCHIVE_OK) {
		diag_error(&d, BH_EPARSE, 0, 0, "not a readable zip: %s",
			   a ? archive_error_string(a) : "out of memory");
		archive_read_free(a);
		close(fd);
		return report(im, &d);
	}
	int rc = zip_members(im, a, path, size);
	archive_read_free(a);
	close(fd);
	return rc;
}

static int plain_file(struct imp *im, const char *path)
{
	struct diag d;
	diag_init(&d, path);
	char head[4] = {0};
	int fd = open(path, O_RDONLY | O_NONBLOCK);
	if (fd >= 0) {
		ssize_t n = read(fd, head, sizeof(head));
		close(fd);
		if (n == 4 && is_zip(head, 4))
			return zip_file(im, path);
	}
	char *buf;
	size_t len;
	if (io_read_file(path, DB_MAX_INPUT, &buf, &len, &d))
		return report(im, &d);
	int rc = content(im, buf, len, path);
	free(buf);
	return rc;
}

struct names {
	char **v;
	size_t n, cap;
};

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Lists the *.json regular files below dir (sorted per directory). */
static int walk(struct imp *im, const char *dir, int depth, struct names *out)
{
	struct diag d;
	diag_init(&d, dir);
	if (depth > DB_WALK_DEPTH) {
		diag_error(&d, BH_ELIMIT, 0, 0, "deeper than %d directories",
			   DB_WALK_DEPTH);
		return report(im, &d);
	}
	DIR *dh = opendir(dir);
	if (!dh) {
		diag_error(&d, BH_EIO, 0, 0, "cannot read: %s", strerror(errno));
		return report(im, &d);
	}
	struct names here = {0};
	struct dirent *de;
	int rc = 0;
	errno = 0;
	while ((de = readdir(dh))) {
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, "..")) {
			errno = 0;
			continue;
		}
		if (here.n == here.cap) {
			here.cap = here.cap ? here.cap * 2 : 64;
			char **nv = realloc(here.v, here.cap * sizeof(char *));
			if (!nv) {
				rc = 2;
				break;
			}
			here.v = nv;
		}
		if (!(here.v[here.n] = strdup(de->d_name))) {
			rc = 2;
			break;
		}
		here.n++;
		errno = 0;
	}
	int rerr = errno;
	closedir(dh);
	if (rc) {
		diag_error(&d, BH_ENOMEM, 0, 0, "out of memory");
		report(im, &d);
	} else if (rerr) {
		/* never a silently partial import */
		diag_error(&d, BH_EIO, 0, 0, "cannot read this directory: %s",
			   strerror(rerr));
		rc = report(im, &d);
	}
	if (here.n)
		qsort(here.v, here.n, sizeof(char *), cmp_str);
	for (size_t i = 0; i < here.n && !rc; i++) {
		size_t pl = strlen(dir) + strlen(here.v[i]) + 2;
		char *p = malloc(pl);
		if (!p) {
			diag_error(&d, BH_ENOMEM, 0, 0, "out of memory");
			rc = report(im, &d);
			break;
		}
		snprintf(p, pl, "%s%s%s", dir,
			 dir[strlen(dir) - 1] == '/' ? "" : "/", here.v[i]);
		struct stat st;
		if (lstat(p, &st) == 0 && S_ISDIR(st.st_mode)) {
			rc = walk(im, p, depth + 1, out);
			free(p);
		} else if (lstat(p, &st) == 0 && S_ISREG(st.st_mode) &&
			   ends_with(here.v[i], ".json")) {
			if (out->n == out->cap) {
				out->cap = out->cap ? out->cap * 2 : 256;
				char **nv = realloc(out->v, out->cap * sizeof(char *));
				if (!nv) {
					free(p);
					diag_error(&d, BH_ENOMEM, 0, 0, "out of memory");
					rc = report(im, &d);
					break;
				}
				out->v = nv;
			}
			out->v[out->n++] = p;
		} else if (ends_with(here.v[i], ".json") && lstat(p, &st) == 0) {
			/* a record file that is a link, a FIFO or a device:
			 * named, never followed, read or waited on */
			struct diag fd;
			diag_init(&fd, p);
			diag_error(&fd, BH_EIO, 0, 0, "%s, not imported",
				   S_ISLNK(st.st_mode) ? "a symbolic link"
						       : io_file_type(st.st_mode));
			rc = report(im, &fd);
			free(p);
		} else {
			free(p);
		}
	}
	for (size_t i = 0; i < here.n; i++)
		free(here.v[i]);
	free(here.v);
	return rc;
}

static int folder(struct imp *im, const char *dir)
{
	struct names files = {0};
	int rc = walk(im, dir, 0, &files);
	for (size_t i = 0; i < files.n && !rc; i++) {
		im->frac = (double)i / (double)files.n;
		im->what = files.v[i];
		struct diag d;
		diag_init(&d, files.v[i]);
		char *buf;
		size_t len;
		if (io_read_file(files.v[i], DB_MAX_INPUT, &buf, &len, &d)) {
			rc = report(im, &d);
			break;
		}
		rc = content(im, buf, len, files.v[i]);
		free(buf);
	}
	im->what = dir;
	for (size_t i = 0; i < files.n; i++)
		free(files.v[i]);
	free(files.v);
	return rc;
}

static int source(struct imp *im, const char *p)
{
	im->what = p;
	im->frac = -1;
	if (!strcmp(p, "-")) {
		struct diag d;
		diag_init(&d, "-");
		char *buf;
		size_t len;
		if (io_read_stream(stdin, DB_MAX_INPUT, &buf, &len, &d))
			return report(im, &d);
		int rc = content(im, buf, len, "-");
		free(buf);
		return rc;
	}
	struct stat st;
	if (stat(p, &st) != 0) {
		struct diag d;
		diag_init(&d, p);
		diag_error(&d, BH_EIO, 0, 0, "cannot read: %s", strerror(errno));
		return report(im, &d);
	}
	if (S_ISDIR(st.st_mode))
		return folder(im, p);
	return plain_file(im, p);
}

/* ---- the database path --------------------------------------------- */

static int mkdir_p(char *path, struct diag *d)
{
	for (char *s = path + 1; *s; s++) {
		if (*s != '/')
			continue;
		*s = 0;
		int r = mkdir(path, 0700);
		int e = errno;
		*s = '/';
		if (r && e != EEXIST) {
			*s = 0;
			diag_error(d, BH_EIO, 0, 0, "%s: cannot make the directory: %s",
				   path, strerror(e));
			*s = '/';
			return BH_EIO;
		}
	}
	return 0;
}

/* --db FILE, else the default (its directories made when make). */
static int db_path(const char *given, bool make, char *out, size_t size)
{
	if (given) {
		snprintf(out, size, "%s", given);
		return 0;
	}
	const char *xdg = getenv("XDG_CACHE_HOME");
	const char *home = getenv("HOME");
	if (xdg && xdg[0] == '/')
		snprintf(out, size, "%s/bulkhead/vuln.db", xdg);
	else if (home && home[0])
		snprintf(out, size, "%s/.cache/bulkhead/vuln.db", home);
	else {
		fprintf(stderr, "bulkhead: no database path: set XDG_CACHE_HOME or "
				"HOME, or give --db FILE\n");
		return 2;
	}
	if (make) {
		struct diag d;
		diag_init(&d, NULL);
		if (mkdir_p(out, &d)) {
			fprintf(stderr, "bulkhead: %s\n", d.message);
			return 2;
		}
	}
	return 0;
}

static int open_report(const char *path, bool create, struct osv_db **db)
{
	struct diag d;
	diag_init(&d, path);
	if (osv_db_open(path, create, db, &d) == 0)
		return 0;
	struct stat st;
	if (!create && stat(path, &st) != 0)
		fprintf(stderr, "bulkhead: %s: no vulnerability database there "
				"(make one with 'bulkhead db import')\n", path);
	else
		fprintf(stderr, "bulkhead: %s\n", d.message);
	return 2;
}

/* ---- import / update --------------------------------------------------- */


struct fetch {
	char *buf;
	size_t len;
};

/* The URL as shown: no user:password@, no ?query or #fragment. */
static void url_shown(const char *url, char *out, size_t size)
{
	const char *s = strstr(url, "://");
	const char *host = s ? s + 3 : url;
	const char *end = host + strcspn(host, "/?#");
	const char *at = memchr(host, '@', (size_t)(end - host));
	if (at)
		host = at + 1;
	size_t pre = s ? (size_t)(s + 3 - url) : 0;
	size_t rest = strcspn(host, "?#");
	char tmp[2048];
	snprintf(tmp, sizeof(tmp), "%.*s%.*s", (int)pre, url, (int)rest, host);
	diag_escape(out, size, tmp);
}

#if BH_HAVE_CURL
/* The fetch is the network module's (net_fetch.c): the binary does not
 * link libcurl, so only this command loads it. */
static int fetch_url(const char *url, struct fetch *f)
{
	char shown[1024];
	url_shown(url, shown, sizeof(shown));
	bhnet_fetch_fn *fetch = (bhnet_fetch_fn *)cli_net_sym("db", "bhnet_fetch");
	if (!fetch)
		return 2;
	return fetch(url, shown, DB_FETCH_MAX, &f->buf, &f->len);
}
#else
/* Built without libcurl (-Dnet=false): no fetch, one line, exit 2. */
static int fetch_url(const char *url, struct fetch *f)
{
	(void)f;
	char shown[1024];
	url_shown(url, shown, sizeof(shown));
	fprintf(stderr, "bulkhead: %s: this bulkhead was built without network "
		"support (-Dnet=false); download the file and use --from PATH\n",
		shown);
	return 2;
}
#endif

static int run_import(const char *dbopt, const char *const *paths, size_t n,
		      const char *url, const char *format)
{
	char path[4096];
	int rc = db_path(dbopt, true, path, sizeof(path));
	if (rc)
		return rc;
	struct fetch f = {0};
	char shown[1024] = "";
	if (url) {
		url_shown(url, shown, sizeof(shown));
		if ((rc = fetch_url(url, &f))) {
			free(f.buf);
			return rc;
		}
	}
	/* libarchive turns each zip member's DOS time into time_t with
	 * mktime(); without TZ glibc stats /etc/localtime for every call
	 * (twice per record).  Naming the same zone once spares that. */
	if (!getenv("TZ"))
		setenv("TZ", ":/etc/localtime", 0);
	struct stat st;
	bool existed = stat(path, &st) == 0;
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP };
	struct sigaction sa = { .sa_handler = on_signal }, old[3];
	sigemptyset(&sa.sa_mask);
	interrupted = 0;
	for (size_t i = 0; i < 3; i++) {
		/* a signal the caller ignores (nohup, a background job's
		 * SIGINT) stays ignored */
		sigaction(sigs[i], NULL, &old[i]);
		if (old[i].sa_handler != SIG_IGN)
			sigaction(sigs[i], &sa, NULL);
	}
	struct imp im = {.dbpath = path, .tty = isatty(2) == 1, .frac = -1};
	if ((rc = open_report(path, true, &im.db))) {
		free(f.buf);
		for (size_t i = 0; i < 3; i++)
			sigaction(sigs[i], &old[i], NULL);
		return rc;
	}
	struct diag d;
	diag_init(&d, path);
	if (osv_db_begin(im.db, &d)) {
		rc = report(&im, &d);
	} else if (url) {
		im.what = shown;
		rc = content(&im, f.buf ? f.buf : "", f.len, shown);
	} else {
		for (size_t i = 0; i < n && !rc; i++)
			rc = source(&im, paths[i]);
	}
	free(f.buf);
	if (!rc && interrupted)
		rc = 2;
	if (!rc && osv_db_commit(im.db, &d))
		rc = report(&im, &d);
	if (rc)
		osv_db_rollback(im.db);
	osv_db_close(im.db);
	progress_end(&im);
	if (rc) {
		if (!existed) {
			unlink(path);
			char j[4200];
			snprintf(j, sizeof(j), "%s-journal", path);
			unlink(j);
		}
	}
	for (size_t i = 0; i < 3; i++)
		sigaction(sigs[i], &old[i], NULL);
	if (interrupted) {
		char shownp[4096];
		diag_escape(shownp, sizeof(shownp), path);
		fprintf(stderr, "bulkhead: db import interrupted: nothing "
			"imported, %s %s\n", shownp,
			existed ? "left as it was" : "removed");
		/* die of the signal, as the parent asked */
		raise(interrupted);
		return 2;
	}
	if (rc)
		return rc;
	if (!strcmp(format, "json")) {
		json_t *o = json_object();
		json_object_set_new(o, "imported", json_integer((json_int_t)total(&im)));
		json_object_set_new(o, "added", json_integer((json_int_t)im.added));
		json_object_set_new(o, "replaced",
				    json_integer((json_int_t)im.replaced));
		json_object_set_new(o, "unchanged",
				    json_integer((json_int_t)im.unchanged));
		json_object_set_new(o, "path", json_string(path));
		char *s = json_dumps(o, JSON_COMPACT | JSON_ENSURE_ASCII);
		if (s)
			printf("%s\n", s);
		free(s);
		json_decref(o);
		return 0;
	}
	char shownp[4096];
	diag_escape(shownp, sizeof(shownp), path);
	printf("imported %zu records (%zu added, %zu replaced, %zu unchanged) "
	       "into %s\n", total(&im), im.added, im.replaced, im.unchanged,
	       shownp);
	return 0;
}

/* ---- info -------------------------------------------------------------- */

static void json_put(json_t *o, const char *k, json_t *v)
{
	json_object_set_new(o, k, v);
}

static int run_info(const char *dbopt, const char *format)
{
	char path[4096];
	int rc = db_path(dbopt, false, path, sizeof(path));
	if (rc)
		return rc;
	struct osv_db *db;
	if ((rc = open_report(path, false, &db)))
		return rc;
	struct diag d;
	diag_init(&d, path);
	struct osv_db_info in;
	rc = osv_db_info(db, &in, &d);
	osv_db_close(db);
	if (rc) {
		fprintf(stderr, "bulkhead: %s\n", d.message);
		return 2;
	}
	char shown[4096];
	diag_escape(shown, sizeof(shown), path);
	if (!strcmp(format, "json")) {
		json_t *o = json_object(), *ecos = json_array();
		json_put(o, "path", json_string(path));
		json_put(o, "records", json_integer((json_int_t)in.records));
		json_put(o, "withdrawn", json_integer((json_int_t)in.withdrawn));
		json_put(o, "newest_modified", in.newest_modified
			 ? json_string(in.newest_modified) : json_null());
		for (size_t i = 0; i < in.nbases; i++) {
			json_t *e = json_object(), *rel = json_array();
			const char *b = in.bases[i].ecosystem;
			size_t bl = strlen(b);
			json_put(e, "name", json_string(b));
			json_put(e, "records", json_integer((json_int_t)in.bases[i].records));
			for (size_t k = 0; k < in.necos; k++) {
				const char *x = in.ecos[k].ecosystem;
				if (strncmp(x, b, bl) || x[bl] != ':')
					continue;
				json_t *r = json_object();
				json_put(r, "name", json_string(x));
				json_put(r, "records",
					 json_integer((json_int_t)in.ecos[k].records));
				json_array_append_new(rel, r);
			}
			json_put(e, "releases", rel);
			json_array_append_new(ecos, e);
		}
		json_put(o, "ecosystems", ecos);
		char *s = json_dumps(o, JSON_INDENT(2) | JSON_ENSURE_ASCII);
		if (s)
			printf("%s\n", s);
		free(s);
		json_decref(o);
	} else {
		printf("database: %s\n", shown);
		printf("records: %zu (%zu withdrawn)\n", in.records, in.withdrawn);
		printf("newest modified: %s\n",
		       in.newest_modified ? in.newest_modified : "-");
		printf("%-28s %10s\n", "ecosystem", "records");
		for (size_t i = 0; i < in.nbases; i++) {
			const char *b = in.bases[i].ecosystem;
			size_t bl = strlen(b);
			char e[256];
			diag_escape(e, sizeof(e), b);
			printf("%-28s %10zu\n", e, in.bases[i].records);
			for (size_t k = 0; k < in.necos; k++) {
				const char *x = in.ecos[k].ecosystem;
				if (strncmp(x, b, bl) || x[bl] != ':')
					continue;
				diag_escape(e, sizeof(e), x);
				printf("  %-26s %10zu\n", e, in.ecos[k].records);
			}
		}
	}
	osv_db_info_free(&in);
	return 0;
}

/* ---- command line ------------------------------------------------------ */

static void usage(FILE *f)
{
	fprintf(f,
		"usage: bulkhead db import [--db FILE] PATH...\n"
		"       bulkhead db info [--db FILE]\n"
		"       bulkhead db update [--db FILE] --from URL|PATH\n"
		"  The offline vulnerability database (OSV records in SQLite).\n"
		"  import: PATH is a folder (*.json below it), a zip as osv.dev\n"
		"  publishes per ecosystem (<Ecosystem>/all.zip), a .json file (a\n"
		"  record or an array of records) or - (standard input); one\n"
		"  transaction, a record replaced only when its `modified` is newer.\n"
		"  info: records per ecosystem and the newest `modified`.\n"
		"  update: import from PATH, or fetch an http(s) URL and import it\n"
		"  (the only command that uses the network, and only with --from URL).\n\n"
		"options:\n"
		"  --db FILE                  the database (default\n"
		"                             $XDG_CACHE_HOME/bulkhead/vuln.db, else\n"
		"                             ~/.cache/bulkhead/vuln.db)\n"
		"  --format text|json         output (default text; json: import's\n"
		"                             summary or info as one object)\n"
		"  --from URL|PATH            update's source\n");
}

enum { OPT_DB = CLI_OPT__END, OPT_FMT, OPT_FROM };

static const struct option db_own[] = {
	{ "db", required_argument, NULL, OPT_DB },
	{ "format", required_argument, NULL, OPT_FMT },
	{ "from", required_argument, NULL, OPT_FROM },
	{ NULL, 0, NULL, 0 },
};

struct db_opts {
	const char *sub, *db, *format, *from;
};

static int db_option(void *ud, int c, const char *arg)
{
	struct db_opts *o = ud;
	if (c == OPT_DB) {
		o->db = arg;
		return -1;
	}
	if (c == OPT_FMT) {
		if (strcmp(arg, "json") && strcmp(arg, "text"))
			return cli_usage_error("db", "unknown format '%s' (text "
					       "or json)", arg);
		o->format = arg;
		return -1;
	}
	if (c == OPT_FROM) {
		if (strcmp(o->sub, "update"))
			return cli_usage_error("db", "--from is an option of "
					       "'db update'%s", "");
		o->from = arg;
		return -1;
	}
	return cli_usage_error("db", "unknown option '%s'", arg);
}

int cmd_db(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "bulkhead: db needs a subcommand: import, info or "
				"update (see 'bulkhead db --help')\n");
		return 2;
	}
	const char *sub = argv[1];
	if (!strcmp(sub, "--help") || !strcmp(sub, "-h") || !strcmp(sub, "help")) {
		usage(stdout);
		return 0;
	}
	if (strcmp(sub, "import") && strcmp(sub, "info") && strcmp(sub, "update"))
		return cli_usage_error("db", "unknown subcommand '%s' (import, "
				       "info or update)", sub);
	struct cli_opts o;
	cli_opts_init(&o, "db", 0, db_own, "");
	struct db_opts dbo = { sub, NULL, "text", NULL };
	int rc = cli_parse(&o, argc - 1, argv + 1, db_option, &dbo, usage);
	cli_opts_free(&o);
	if (rc >= 0)
		return rc;
	int first = optind + 1; /* operands, in argv */
	size_t nops = (size_t)(argc - first);
	if (!strcmp(sub, "info")) {
		if (nops)
			return cli_usage_error("db", "'db info' takes no PATH "
					       "(use --db FILE)%s", "");
		return run_info(dbo.db, dbo.format);
	}
	if (!strcmp(sub, "update")) {
		if (!dbo.from)
			return cli_usage_error("db", "'db update' needs --from "
					       "URL|PATH (bulkhead never goes to "
					       "the network by itself)%s", "");
		if (nops)
			return cli_usage_error("db", "'db update' takes its source "
					       "from --from only%s", "");
		bool url = !strncmp(dbo.from, "http://", 7) ||
			   !strncmp(dbo.from, "https://", 8);
		const char *one_path[] = { dbo.from };
		return run_import(dbo.db, one_path, url ? 0 : 1,
				  url ? dbo.from : NULL, dbo.format);
	}
	if (!nops)
		return cli_usage_error("db", "'db import' needs a PATH (a folder, "
				       "a zip, a .json file or -)%s", "");
	return run_import(dbo.db, (const char *const *)argv + first, nops, NULL,
			  dbo.format);
}
