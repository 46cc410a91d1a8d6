/* SPDX-License-Identifier: Apache-2.0
 *
 * walk.c - directory walk for `bulkhead scan DIR`.
 *
 * Iterative over an explicit stack (no recursion), sorted for stable
 * reports, bounded in depth and file count.  Tests: tests/cases/cli/.
 */
#include "walk.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int path_list_add(struct path_list *l, const char *path)
{
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 64;
		char **v = realloc(l->v, cap * sizeof(*v));
		if (!v)
			return BH_ENOMEM;
		l->v = v;
		l->cap = cap;
	}
	if (!(l->v[l->n] = strdup(path)))
		return BH_ENOMEM;
	l->n++;
	return BH_OK;
}

void path_list_free(struct path_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	memset(l, 0, sizeof(*l));
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool skipped_dir(const char *name)
{
	return strcmp(name, ".git") == 0 || strcmp(name, "node_modules") == 0 ||
	       strcmp(name, ".") == 0 || strcmp(name, "..") == 0;
}

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

/* Walks one directory; subdirectories are pushed on "stack" with their
 * depth encoded in "depths". */
int walk_dir(const char *root, bool (*want)(const char *base),
	     struct path_list *out, struct diag *d)
{
	struct path_list stack = { 0 };
	int *depths = NULL;
	size_t depth_cap = 0;
	int rc = path_list_add(&stack, root);
	if (rc)
		return rc;
	depth_cap = 64;
	depths = calloc(depth_cap, sizeof(*depths));
	if (!depths) {
		path_list_free(&stack);
		return BH_ENOMEM;
	}
	while (stack.n && rc == BH_OK) {
		char *dir = stack.v[--stack.n];
		int depth = depths[stack.n];
		DIR *dh = opendir(dir);
		if (!dh) {
			if (depth == 0)
				rc = diag_error(d, BH_EIO, 0, 0, "cannot open directory: %s",
						strerror(errno));
			free(dir);
			continue;
		}
		struct path_list files = { 0 }, dirs = { 0 };
		struct dirent *e;
		while ((e = readdir(dh)) && rc == BH_OK) {
			if (skipped_dir(e->d_name))
				continue;
			char *path = join(dir, e->d_name);
			struct stat st;
			if (!path) {
				rc = BH_ENOMEM;
				break;
			}
			if (lstat(path, &st) == 0) {
				if (S_ISDIR(st.st_mode)) {
					if (depth + 1 < WALK_MAX_DEPTH)
						rc = path_list_add(&dirs, path);
				} else if ((S_ISREG(st.st_mode) || S_ISLNK(st.st_mode)) &&
					   want(e->d_name)) {
					struct stat target;
					if (stat(path, &target) == 0 && S_ISREG(target.st_mode))
						rc = path_list_add(&files, path);
				}
			}
			free(path);
		}
		closedir(dh);
		free(dir);
		if (files.n)
			qsort(files.v, files.n, sizeof(char *), cmp_str);
		for (size_t i = 0; i < files.n && rc == BH_OK; i++) {
			if (out->n >= WALK_MAX_FILES)
				rc = diag_error(d, BH_ELIMIT, 0, 0,
						"more than %d files to scan", WALK_MAX_FILES);
			else
				rc = path_list_add(out, files.v[i]);
		}
		/* push in reverse order so the smallest name is walked first */
		if (dirs.n)
			qsort(dirs.v, dirs.n, sizeof(char *), cmp_str);
		for (size_t i = dirs.n; i-- > 0 && rc == BH_OK;) {
			if (stack.n >= depth_cap) {
				int *nd = realloc(depths, depth_cap * 2 * sizeof(*nd));
				if (!nd) {
					rc = BH_ENOMEM;
					break;
				}
				depths = nd;
				depth_cap *= 2;
			}
			depths[stack.n] = depth + 1;
			rc = path_list_add(&stack, dirs.v[i]);
		}
		path_list_free(&files);
		path_list_free(&dirs);
	}
	path_list_free(&stack);
	free(depths);
	return rc;
}
