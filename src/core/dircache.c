/* SPDX-License-Identifier: Apache-2.0
 *
 * dircache.c - one scan run's directory listings (dircache.h).
 *
 * Entries live in one array searched by a hash of the directory string
 * (a run names few directories; consecutive inputs usually share one, so
 * the last hit is tried first, unhashed).  A listed directory keeps its
 * names in one heap block, in ASCII lower case (so compared without
 * case), sorted, searched by bsearch.
 */
#include "dircache.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define DIRCACHE_LIST_AFTER 4          /* probes before a listing */
#define DIRCACHE_MAX_DIRS 1024         /* directories remembered */
#define DIRCACHE_MAX_NAMES 4096        /* names of one listing */
#define DIRCACHE_MAX_BYTES (4u << 20)  /* all listings' names */

enum dir_state { DIR_COUNTING, DIR_LISTED, DIR_UNLISTABLE };

struct dir_entry {
	char *dir;
	uint32_t hash;
	enum dir_state state;
	unsigned asked;
	char **names;   /* lower case, sorted; into "block" */
	size_t n;
	char *block;
};

struct bh_dircache {
	pthread_mutex_t mu;
	struct dir_entry *v;
	size_t n, cap;
	size_t last;
	size_t bytes;   /* names kept, all listings */
};

struct bh_dircache *bh_dircache_new(void)
{
	struct bh_dircache *c = calloc(1, sizeof(*c));
	if (c && pthread_mutex_init(&c->mu, NULL) != 0) {
		free(c);
		return NULL;
	}
	return c;
}

void bh_dircache_free(struct bh_dircache *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->n; i++) {
		free(c->v[i].dir);
		free(c->v[i].names);
		free(c->v[i].block);
	}
	free(c->v);
	pthread_mutex_destroy(&c->mu);
	free(c);
}

static uint32_t hash(const char *s, size_t n)
{
	uint32_t h = 2166136261u;
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	return h;
}

static bool ascii(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s >= 0x80)
			return false;
	return true;
}

static int cmp_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* ASCII lower case of s into out (n bytes at least strlen(s) + 1). */
static void lower(char *out, const char *s)
{
	for (; *s; s++)
		*out++ = (*s >= 'A' && *s <= 'Z') ? (char)(*s + 32) : *s;
	*out = '\0';
}

/* Lists e->dir into e->names, or marks it unlistable: it cannot be
 * opened or read, holds too many names, a name that is not ASCII (a
 * case-folding directory could match it to an ASCII name), or the
 * cache's byte budget is spent. */
static void list_dir(struct bh_dircache *c, struct dir_entry *e)
{
	e->state = DIR_UNLISTABLE;
	DIR *d = opendir(e->dir);
	if (!d)
		return;
	size_t cap = 4096, used = 0, n = 0;
	char *block = malloc(cap);
	size_t *offs = malloc(DIRCACHE_MAX_NAMES * sizeof(*offs));
	bool ok = block && offs;
	struct dirent *de;
	while (ok) {
		errno = 0;
		de = readdir(d);
		if (!de) {
			ok = errno == 0;   /* the end, not an error */
			break;
		}
		const char *nm = de->d_name;
		if (!strcmp(nm, ".") || !strcmp(nm, ".."))
			continue;
		size_t len = strlen(nm) + 1;
		if (n >= DIRCACHE_MAX_NAMES || !ascii(nm) ||
		    c->bytes + used + len > DIRCACHE_MAX_BYTES) {
			ok = false;
			break;
		}
		if (used + len > cap) {
			while (used + len > cap)
				cap *= 2;
			char *nb = realloc(block, cap);
			if (!nb) {
				ok = false;
				break;
			}
			block = nb;
		}
		lower(block + used, nm);
		offs[n++] = used;
		used += len;
	}
	closedir(d);
	char **names = ok ? malloc((n ? n : 1) * sizeof(*names)) : NULL;
	if (!names) {
		free(block);
		free(offs);
		return;
	}
	for (size_t i = 0; i < n; i++)
		names[i] = block + offs[i];
	free(offs);
	qsort(names, n, sizeof(*names), cmp_name);
	e->names = names;
	e->n = n;
	e->block = block;
	e->state = DIR_LISTED;
	c->bytes += used;
}

/* The entry of directory dir[0..len), added when new; NULL when the
 * cache is full or out of memory. */
static struct dir_entry *entry(struct bh_dircache *c, const char *dir,
			       size_t len)
{
	/* consecutive inputs usually share a directory: no hash for it */
	if (c->n) {
		struct dir_entry *e = &c->v[c->last];
		if (!strncmp(e->dir, dir, len) && !e->dir[len])
			return e;
	}
	uint32_t h = hash(dir, len);
	for (size_t k = 0; k < c->n; k++) {
		size_t i = (c->last + k) % c->n;
		struct dir_entry *e = &c->v[i];
		if (e->hash == h && !strncmp(e->dir, dir, len) && !e->dir[len]) {
			c->last = i;
			return e;
		}
	}
	if (c->n >= DIRCACHE_MAX_DIRS)
		return NULL;
	if (c->n == c->cap) {
		size_t nc = c->cap ? c->cap * 2 : 16;
		struct dir_entry *nv = realloc(c->v, nc * sizeof(*nv));
		if (!nv)
			return NULL;
		c->v = nv;
		c->cap = nc;
	}
	char *d = malloc(len + 1);
	if (!d)
		return NULL;
	memcpy(d, dir, len);
	d[len] = '\0';
	c->v[c->n] = (struct dir_entry){ .dir = d, .hash = h };
	c->last = c->n;
	return &c->v[c->n++];
}

bool bh_dircache_absent(struct bh_dircache *c, const char *path)
{
	if (!c || !path)
		return false;
	const char *sl = strrchr(path, '/');
	const char *name = sl ? sl + 1 : path;
	size_t plen = strlen(path), nlen = strlen(name);
	/* a probe of these fails otherwise than ENOENT, or may match a
	 * name the listing spells differently */
	if (!nlen || nlen > NAME_MAX || plen >= PATH_MAX || !ascii(name) ||
	    !strcmp(name, ".") || !strcmp(name, ".."))
		return false;
	const char *dir = sl ? path : ".";
	size_t dlen = sl ? (size_t)(sl - path) + (sl == path) : 1;
	bool absent = false;
	pthread_mutex_lock(&c->mu);
	struct dir_entry *e = entry(c, dir, dlen);
	if (e && e->state == DIR_COUNTING && ++e->asked > DIRCACHE_LIST_AFTER)
		list_dir(c, e);
	if (e && e->state == DIR_LISTED) {
		char low[NAME_MAX + 1];
		const char *key = low;
		lower(low, name);
		absent = !bsearch(&key, e->names, e->n, sizeof(*e->names),
				  cmp_name);
	}
	pthread_mutex_unlock(&c->mu);
	return absent;
}
