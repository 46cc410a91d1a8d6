/* SPDX-License-Identifier: Apache-2.0
 *
 * walk.c - directory walk for `bulkhead scan DIR`.
 *
 * Iterative over an explicit stack (no recursion), sorted for stable
 * reports, bounded in depth and entry count.  It decides nothing about
 * formats (the "want" callback does) and reads no file: it lists what
 * is there, what it skips and why, and what it cannot read.  What it
 * skips, and why: .git (version control data, as Trivy skips it) and
 * node_modules (installed third-party packages, as Checkov skips them)
 * below the root, and symbolic links to directories (which could loop
 * or leave the tree).  Also the one lister of a command's PATH arguments
 * that scan and fix share (walk_path(): "-" once, a file, a directory
 * walked) and the set that lists each file once by identity
 * (walk_seen_add()).  Tests: tests/cases/cli/walk-*.case,
 * tests/suites/paths.sh, tests/suites/fix.sh (duplicates).
 */
#include "walk.h"

#include <dirent.h>
#include <stdint.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../util/io.h"

static int grow(struct walk_list *l)
{
	if (l->n < l->cap)
		return BH_OK;
	size_t cap = l->cap ? l->cap * 2 : 64;
	struct walk_entry *v = realloc(l->v, cap * sizeof(*v));
	if (!v)
		return BH_ENOMEM;
	l->v = v;
	l->cap = cap;
	return BH_OK;
}

/* Appends an entry owning "path" (freed here on failure). */
static int add(struct walk_list *l, char *path, enum walk_kind kind,
	       const char *reason, bool counted, const struct stat *st)
{
	char *r = NULL;
	if (kind == WALK_ERROR && !(r = strdup(reason))) {
		free(path);
		return BH_ENOMEM;
	}
	if (grow(l) != BH_OK) {
		free(path);
		free(r);
		return BH_ENOMEM;
	}
	struct walk_entry *e = &l->v[l->n++];
	*e = (struct walk_entry){ .path = path, .kind = kind,
				  .reason = r ? r : reason,
				  .counted = counted };
	if (st) {
		e->dev = st->st_dev;
		e->ino = st->st_ino;
		e->size = st->st_size > 0 ? (size_t)st->st_size : 0;
	}
	return BH_OK;
}

void walk_list_free(struct walk_list *l)
{
	for (size_t i = 0; i < l->n; i++) {
		free(l->v[i].path);
		if (l->v[i].kind == WALK_ERROR)
			free((char *)l->v[i].reason);
	}
	free(l->v);
	memset(l, 0, sizeof(*l));
}

const char *walk_tidy(const char *path, char *buf, size_t size)
{
	size_t o = 0;
	const char *p = path;
	while (p[0] == '.' && p[1] == '/') {
		p += 2;
		while (*p == '/')
			p++;
	}
	if (!*p)
		p = ".";
	for (; *p && o + 1 < size; p++) {
		if (*p == '/' && o > 0 && buf[o - 1] == '/')
			continue;
		buf[o++] = *p;
	}
	buf[o] = 0;
	return buf;
}

/* Directories below the root that are never walked, and why. */
static const char *skipped_dir(const char *name)
{
	if (!strcmp(name, ".git") || !strcmp(name, ".hg") ||
	    !strcmp(name, ".svn"))
		return "version control data, not walked";
	if (!strcmp(name, "node_modules"))
		return "installed packages (node_modules), not walked";
	return NULL;
}

/* "dir" + "/" + "name" as reported: "." adds nothing, a trailing '/' of
 * "dir" is not doubled. */
static char *join(const char *dir, const char *name)
{
	size_t n = strlen(dir) + strlen(name) + 2;
	char *p = malloc(n);
	if (p) {
		if (strcmp(dir, ".") == 0)
			snprintf(p, n, "%s", name);
		else if (dir[0] && dir[strlen(dir) - 1] == '/')
			snprintf(p, n, "%s%s", dir, name);
		else
			snprintf(p, n, "%s/%s", dir, name);
	}
	return p;
}

struct dir_item {
	char *path;
	int depth;
};

struct names {
	char **v;
	size_t n, cap;
};

static int names_add(struct names *l, const char *s)
{
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 32;
		char **v = realloc(l->v, cap * sizeof(*v));
		if (!v)
			return BH_ENOMEM;
		l->v = v;
		l->cap = cap;
	}
	if (!(l->v[l->n] = strdup(s)))
		return BH_ENOMEM;
	l->n++;
	return BH_OK;
}

static void names_free(struct names *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	memset(l, 0, sizeof(*l));
}

/* A directory's entry as listed: its d_type byte, then its name. */
static int entry_add(struct names *l, unsigned char type, const char *name)
{
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 32;
		char **v = realloc(l->v, cap * sizeof(*v));
		if (!v)
			return BH_ENOMEM;
		l->v = v;
		l->cap = cap;
	}
	size_t n = strlen(name);
	char *s = malloc(n + 2);
	if (!s)
		return BH_ENOMEM;
	s[0] = (char)type;
	memcpy(s + 1, name, n + 1);
	l->v[l->n++] = s;
	return BH_OK;
}

static int cmp_entry(const void *a, const void *b)
{
	return strcmp(*(char *const *)a + 1, *(char *const *)b + 1);
}

/* The cause of a failed open/stat as one line. */
static char *cause(const char *what, int err)
{
	char buf[256];
	snprintf(buf, sizeof(buf), "%s: %s", what, strerror(err));
	return strdup(buf);
}

static int add_error(struct walk_list *l, char *path, const char *what,
		     int err)
{
	char *msg = cause(what, err);
	if (!msg) {
		free(path);
		return BH_ENOMEM;
	}
	int rc = add(l, path, WALK_ERROR, msg, false, NULL);
	free(msg);
	return rc;
}

/* One name of directory "dir": a file entry, a skip, an
 * error, or a subdirectory pushed on "sub". */
static int visit(const char *dir, const char *name, walk_want_fn want,
		 struct walk_list *out, struct names *sub, bool *searchable)
{
	char *path = join(dir, name);
	if (!path)
		return BH_ENOMEM;
	struct stat st;
	if (lstat(path, &st) != 0)
		return add_error(out, path, "cannot read", errno);
	*searchable = true;
	if (S_ISDIR(st.st_mode)) {
		const char *why = skipped_dir(name);
		if (why)
			return add(out, path, WALK_SKIP, why, false, NULL);
		int rc = names_add(sub, path);
		free(path);
		return rc;
	}
	const char *reason = NULL;
	int w = want(name, &reason);
	bool link = S_ISLNK(st.st_mode);
	if (link) {
		struct stat t;
		int terr = stat(path, &t) != 0 ? errno : 0;
		if (!terr && S_ISDIR(t.st_mode))
			return add(out, path, WALK_SKIP, "symbolic link to a "
				   "directory, not followed", false, NULL);
		if (w == 0) {
			free(path);
			return BH_OK;
		}
		if (terr)
			return add_error(out, path, "cannot open", terr);
		st = t;
	}
	if (w == 0) {
		free(path);
		return BH_OK;
	}
	if (!S_ISREG(st.st_mode)) {
		char msg[128];
		snprintf(msg, sizeof(msg), "not a regular file (%s)",
			 io_file_type(st.st_mode));
		int rc = add(out, path, WALK_ERROR, msg, false, NULL);
		return rc;
	}
	if (w < 0)
		return add(out, path, WALK_SKIP, reason, true, NULL);
	int rc = add(out, path, WALK_FILE, NULL, false, &st);
	if (rc == BH_OK)
		out->v[out->n - 1].link = link;
	return rc;
}

int walk_dir(const char *root, walk_want_fn want, struct walk_list *out,
	     struct diag *d)
{
	struct dir_item *stack = NULL;
	size_t nstack = 0, cap = 0;
	int rc = BH_OK;
	char *r = strdup(root);
	if (!r)
		return diag_error(d, BH_ENOMEM, 0, 0, "out of memory");
	stack = malloc(16 * sizeof(*stack));
	if (!stack) {
		free(r);
		return diag_error(d, BH_ENOMEM, 0, 0, "out of memory");
	}
	cap = 16;
	stack[nstack++] = (struct dir_item){ r, 0 };
	while (nstack && rc == BH_OK) {
		struct dir_item it = stack[--nstack];
		DIR *dh = opendir(it.path);
		if (!dh) {
			int e = errno;
			if (it.depth == 0) {
				rc = diag_error(d, BH_EIO, 0, 0,
						"cannot open directory: %s",
						strerror(e));
				free(it.path);
				break;
			}
			rc = add_error(out, it.path, "cannot open directory", e);
			continue;
		}
		struct names names = { 0 }, sub = { 0 };
		struct dirent *e;
		errno = 0;
		while (rc == BH_OK && (e = readdir(dh))) {
			if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
				continue;
			rc = entry_add(&names, e->d_type, e->d_name);
			errno = 0;
		}
		int rerr = errno;
		char *p;
		closedir(dh);
		if (rc == BH_OK && rerr) {
			/* a directory that fails part way is not read whole */
			if (it.depth == 0)
				rc = diag_error(d, BH_EIO, 0, 0,
						"cannot read directory: %s",
						strerror(rerr));
			else if (!(p = strdup(it.path)))
				rc = BH_ENOMEM;
			else
				rc = add_error(out, p, "cannot read directory",
					       rerr);
		}
		if (names.n)
			qsort(names.v, names.n, sizeof(char *), cmp_entry);
		/* once one lstat in the directory worked (it can be searched),
		 * a regular file (d_type) whose name no format wants is passed
		 * over without one: what the lstat would have shown, unless
		 * its path is too long for one (that lstat fails, an error) */
		bool searchable = false;
		size_t dlen = strlen(it.path);
		size_t pre = !strcmp(it.path, ".") ? 0
			     : dlen + (dlen && it.path[dlen - 1] == '/' ? 0 : 1);
		for (size_t i = 0; i < names.n && rc == BH_OK; i++) {
			if (out->n >= WALK_MAX_FILES) {
				rc = diag_error(d, BH_ELIMIT, 0, 0,
						"more than %d files to scan",
						WALK_MAX_FILES);
				break;
			}
			const char *name = names.v[i] + 1;
			const char *why = NULL;
			if (searchable && (unsigned char)names.v[i][0] == DT_REG &&
			    pre + strlen(name) < PATH_MAX && want(name, &why) == 0)
				continue;
			rc = visit(it.path, name, want, out, &sub, &searchable);
		}
		/* deeper than the limit: named, not walked */
		for (size_t i = 0; rc == BH_OK && i < sub.n &&
				   it.depth + 1 >= WALK_MAX_DEPTH; i++) {
			char msg[96];
			snprintf(msg, sizeof(msg), "directory deeper than %d "
				 "levels, not walked", WALK_MAX_DEPTH);
			p = strdup(sub.v[i]);
			rc = p ? add(out, p, WALK_ERROR, msg, false, NULL)
			       : BH_ENOMEM;
		}
		/* push in reverse order so the smallest name is walked first */
		for (size_t i = sub.n; rc == BH_OK && it.depth + 1 < WALK_MAX_DEPTH &&
				       i-- > 0;) {
			if (nstack == cap) {
				struct dir_item *ns = realloc(stack, cap * 2 * sizeof(*ns));
				if (!ns) {
					rc = BH_ENOMEM;
					break;
				}
				stack = ns;
				cap *= 2;
			}
			stack[nstack++] = (struct dir_item){ sub.v[i], it.depth + 1 };
			sub.v[i] = NULL;
		}
		names_free(&names);
		names_free(&sub);
		free(it.path);
	}
	if (rc == BH_ENOMEM)
		diag_error(d, BH_ENOMEM, 0, 0, "out of memory");
	while (nstack)
		free(stack[--nstack].path);
	free(stack);
	return rc;
}

/* ---- the inputs of a run (walk.h): scan's and fix's one lister ---- */

static size_t seen_hash(dev_t dev, ino_t ino)
{
	uint64_t h = (uint64_t)dev * 0x9e3779b97f4a7c15ULL ^ (uint64_t)ino;
	h ^= h >> 31;
	h *= 0xbf58476d1ce4e5b9ULL;
	return (size_t)(h ^ (h >> 29));
}

/* The entry for (dev, ino), or the free slot it would take. */
static struct walk_seen_file *seen_slot(struct walk_seen *s, dev_t dev,
					ino_t ino)
{
	size_t i = seen_hash(dev, ino) & (s->cap - 1);
	while (s->v[i].first && (s->v[i].dev != dev || s->v[i].ino != ino))
		i = (i + 1) & (s->cap - 1);
	return &s->v[i];
}

struct walk_seen_file *walk_seen_add(struct walk_seen *s, dev_t dev,
				     ino_t ino, const char *path, bool merged,
				     bool link, size_t item)
{
	if ((s->n + 1) * 2 > s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 16;
		struct walk_seen_file *v = calloc(cap, sizeof(*v));
		if (!v)
			return NULL;
		struct walk_seen bigger = { v, s->n, cap };
		for (size_t i = 0; i < s->cap; i++)
			if (s->v[i].first)
				*seen_slot(&bigger, s->v[i].dev, s->v[i].ino) =
					s->v[i];
		free(s->v);
		*s = bigger;
	}
	struct walk_seen_file *f = seen_slot(s, dev, ino);
	if (f->first)
		return f;
	char *copy = strdup(path);
	if (!copy)
		return NULL;
	*f = (struct walk_seen_file){ dev, ino, copy, merged, link, item };
	s->n++;
	return NULL;
}

void walk_seen_free(struct walk_seen *s)
{
	for (size_t i = 0; i < s->cap; i++)
		free(s->v[i].first);
	free(s->v);
	memset(s, 0, sizeof(*s));
}

void walk_path(struct walk_sink *s, const char *arg, walk_want_fn want)
{
	if (strcmp(arg, "-") == 0) {
		/* standard input is read once: a second "-" would share it
		 * with the first (or be empty) */
		if (!s->stdin_listed)
			s->on_stdin(s->ud);
		s->stdin_listed = true;
		return;
	}
	struct stat st;
	struct diag d;
	diag_init(&d, arg);
	/* lstat first: only a symbolic link (rare) is followed with stat;
	 * a failure is the one stat would meet (the same walk up to the
	 * last name, which lstat does not follow) */
	bool link = false;
	int src = lstat(arg, &st);
	if (src == 0 && S_ISLNK(st.st_mode)) {
		link = true;
		src = stat(arg, &st);
	}
	if (src != 0) {
		if (errno == ENOENT)
			diag_error(&d, BH_EIO, 0, 0, "no such file or directory");
		else
			diag_error(&d, BH_EIO, 0, 0, "cannot read: %s",
				   strerror(errno));
		s->on_error(s->ud, arg, &d, true);
		return;
	}
	if (!S_ISDIR(st.st_mode)) {
		s->on_file(s->ud, arg, arg, true, link, S_ISREG(st.st_mode),
			   st.st_dev, st.st_ino,
			   st.st_size > 0 ? (size_t)st.st_size : 0);
		return;
	}
	struct walk_list found = { 0 };
	int rc = walk_dir(arg, want, &found, &d);
	for (size_t i = 0; i < found.n; i++) {
		const struct walk_entry *e = &found.v[i];
		char shown[4096];
		walk_tidy(e->path, shown, sizeof(shown));
		if (e->kind == WALK_FILE) {
			s->on_file(s->ud, shown, e->path, false, e->link,
				   true, e->dev, e->ino, e->size);
		} else if (e->kind == WALK_SKIP) {
			s->on_skip(s->ud, shown, e->reason, e->counted);
		} else {
			struct diag ed;
			diag_init(&ed, shown);
			diag_error(&ed, BH_EIO, 0, 0, "%s", e->reason);
			s->on_error(s->ud, shown, &ed, true);
		}
	}
	walk_list_free(&found);
	if (rc != BH_OK)
		s->on_error(s->ud, arg, &d, rc == BH_EIO);
}
