/* SPDX-License-Identifier: Apache-2.0
 *
 * dircache.c - one scan run's directory listings (dircache.h).
 *
 * Entries live in one array searched by a hash of the directory string
 * (a run names few directories; consecutive inputs usually share one, so
 * the last hit is tried first, unhashed).  A listed directory keeps its
 * names in one heap block, in ASCII lower case (so compared without
 * case), found through an open-addressing table of their hashes (one
 * probe for most names asked about).
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

enum dir_state { DIR_COUNTING, DIR_LISTING, DIR_LISTED, DIR_UNLISTABLE };

struct dir_entry {
	char *dir;
	size_t dlen;
	uint32_t hash;
	enum dir_state state;
	unsigned asked;
	/* the listing: slot i holds 0 (empty) or 1 + the offset in "block"
	 * of a lower-case name whose hash lands there first or is pushed on
	 * (linear probing); mask + 1 slots, at least twice the names */
	uint32_t *slots;
	uint32_t *hashes;  /* of the name in slot i */
	size_t mask;
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
		free(c->v[i].slots);
		free(c->v[i].hashes);
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

/* ASCII lower case of s into out (n bytes at least strlen(s) + 1). */
static void lower(char *out, const char *s)
{
	for (; *s; s++)
		*out++ = (*s >= 'A' && *s <= 'Z') ? (char)(*s + 32) : *s;
	*out = '\0';
}

/* One directory's names, made without the cache's lock. */
struct listing {
	uint32_t *slots, *hashes;
	size_t mask;
	char *block;
	size_t used;    /* bytes of names in "block" */
};

/* Lists "dir" into "l", or fails (false): it cannot be opened or read,
 * holds too many names, a name that is not ASCII (a case-folding
 * directory could match it to an ASCII name), or more bytes of names
 * than "room" (what is left of the cache's byte budget). */
static bool list_dir(const char *dir, size_t room, struct listing *l)
{
	DIR *d = opendir(dir);
	if (!d)
		return false;
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
		    used + len > room) {
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
	size_t nslots = 16;
	while (ok && nslots < 2 * n)
		nslots *= 2;
	uint32_t *slots = ok ? calloc(nslots, sizeof(*slots)) : NULL;
	uint32_t *hashes = slots ? malloc(nslots * sizeof(*hashes)) : NULL;
	if (!hashes) {
		free(slots);
		free(block);
		free(offs);
		return false;
	}
	for (size_t i = 0; i < n; i++) {
		const char *nm = block + offs[i];
		uint32_t h = hash(nm, strlen(nm));
		size_t k = h & (nslots - 1);
		while (slots[k])
			k = (k + 1) & (nslots - 1);
		slots[k] = (uint32_t)offs[i] + 1;
		hashes[k] = h;
	}
	free(offs);
	*l = (struct listing){ slots, hashes, nslots - 1, block, used };
	return true;
}

/* Whether the listing of e holds the lower-case name low[0..n) of hash h. */
static bool listed(const struct dir_entry *e, const char *low, size_t n,
		   uint32_t h)
{
	for (size_t k = h & e->mask; e->slots[k]; k = (k + 1) & e->mask) {
		const char *nm = e->block + e->slots[k] - 1;
		if (e->hashes[k] == h && !strncmp(nm, low, n) && !nm[n])
			return true;
	}
	return false;
}

/* The entry of directory dir[0..len), added when new; NULL when the
 * cache is full or out of memory. */
static struct dir_entry *entry(struct bh_dircache *c, const char *dir,
			       size_t len)
{
	/* consecutive inputs usually share a directory: no hash for it */
	if (c->n) {
		struct dir_entry *e = &c->v[c->last];
		if (e->dlen == len && !memcmp(e->dir, dir, len))
			return e;
	}
	uint32_t h = hash(dir, len);
	for (size_t k = 0; k < c->n; k++) {
		size_t i = (c->last + k) % c->n;
		struct dir_entry *e = &c->v[i];
		if (e->hash == h && e->dlen == len && !memcmp(e->dir, dir, len)) {
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
	c->v[c->n] = (struct dir_entry){ .dir = d, .dlen = len, .hash = h };
	c->last = c->n;
	return &c->v[c->n++];
}

bool bh_dircache_absent(struct bh_dircache *c, const char *path)
{
	if (!c || !path)
		return false;
	const char *sl = strrchr(path, '/');
	const char *name = sl ? sl + 1 : path;
	/* the name in lower case and its hash, in one pass; a name that is
	 * not ASCII or longer than NAME_MAX is probed */
	char low[NAME_MAX + 1];
	uint32_t h = 2166136261u;
	size_t nlen = 0;
	for (; name[nlen]; nlen++) {
		unsigned char ch = (unsigned char)name[nlen];
		if (ch >= 0x80 || nlen == NAME_MAX)
			return false;
		ch = (ch >= 'A' && ch <= 'Z') ? (unsigned char)(ch + 32) : ch;
		low[nlen] = (char)ch;
		h = (h ^ ch) * 16777619u;
	}
	size_t plen = (size_t)(name - path) + nlen;
	/* a probe of these fails otherwise than ENOENT, or may match a
	 * name the listing spells differently */
	if (!nlen || plen >= PATH_MAX || (low[0] == '.' &&
	    (nlen == 1 || (nlen == 2 && low[1] == '.'))))
		return false;
	const char *dir = sl ? path : ".";
	size_t dlen = sl ? (size_t)(sl - path) + (sl == path) : 1;
	bool absent = false;
	pthread_mutex_lock(&c->mu);
	struct dir_entry *e = entry(c, dir, dlen);
	if (e && e->state == DIR_LISTED)
		absent = !listed(e, low, nlen, h);
	if (!e || e->state != DIR_COUNTING ||
	    ++e->asked <= DIRCACHE_LIST_AFTER) {
		pthread_mutex_unlock(&c->mu);
		return absent;
	}
	/* this caller lists it, without the lock (readdir is I/O: other
	 * callers go on meanwhile, probing this directory as if unlisted);
	 * the entry is found again by index (c->v may move), its string
	 * stays where it is until the cache is freed */
	e->state = DIR_LISTING;
	size_t at = (size_t)(e - c->v);
	const char *name_dir = e->dir;
	size_t room = DIRCACHE_MAX_BYTES - c->bytes;
	pthread_mutex_unlock(&c->mu);
	struct listing l;
	bool ok = list_dir(name_dir, room, &l);
	pthread_mutex_lock(&c->mu);
	e = &c->v[at];
	e->state = DIR_UNLISTABLE;
	if (ok && c->bytes + l.used <= DIRCACHE_MAX_BYTES) {
		e->slots = l.slots;
		e->hashes = l.hashes;
		e->mask = l.mask;
		e->block = l.block;
		e->state = DIR_LISTED;
		c->bytes += l.used;
		absent = !listed(e, low, nlen, h);
	} else if (ok) {
		/* other listings took the budget meanwhile */
		free(l.slots);
		free(l.hashes);
		free(l.block);
	}
	pthread_mutex_unlock(&c->mu);
	return absent;
}
