/* SPDX-License-Identifier: Apache-2.0
 *
 * probe.c - the listing cache behind io_surely_absent() (probe.h says
 * what it answers and when it does not).
 *
 * This file owns a hash table of directories, each listed (readdir)
 * once a name is asked there twice (a second input in the directory; a
 * run with one input lists nothing), with its entry names in ASCII
 * lower case in a hash set; it never reads a file.  One mutex guards
 * the table and the listing of a directory, so each directory is listed
 * once however many threads probe it.  Tests: tests/unit/util/test_util.c.
 */
#include "probe.h"

#include <dirent.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

/* names asked about in a directory before it is listed: a directory is
 * listed only when a name is asked again or ASKED_MAX distinct names
 * were, so a run with one input there probes the disk as before and
 * lists nothing */
#define ASKED_MAX 8

struct listing {
	char *dir;
	size_t len;
	unsigned long hash;
	char *asked[ASKED_MAX];
	size_t nasked;
	bool listed;    /* list_dir() ran */
	/* the entry names in ASCII lower case, open addressing by
	 * fold_hash(), a power of two at least twice their number */
	struct slot {
		char *s;
		unsigned long h;
	} *names;
	size_t capnames;
	bool usable;    /* listed, with at most PROBE_MAX_NAMES entries */
};

static pthread_mutex_t probe_mu = PTHREAD_MUTEX_INITIALIZER;
static struct listing **tab;   /* open addressing, a power of two */
static size_t ntab, captab;
/* the two found last: most probes in a row are in one directory, or
 * alternate between a directory and its parent (kustomize.c) */
static struct listing *last[2];

static unsigned long hash_of(const char *s, size_t len)
{
	unsigned long h = 2166136261u;
	for (size_t i = 0; i < len; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	return h;
}

/* Copies s in ASCII lower case to out[0..cap) (NUL-terminated), its
 * FNV-1a hash in *h and its length in *len, in one pass; false when s
 * has a byte outside ASCII or does not fit. */
static bool fold(const char *s, char *out, size_t cap, unsigned long *h,
		 size_t *len)
{
	unsigned long v = 2166136261u;
	size_t i = 0;
	for (;; i++) {
		unsigned char c = (unsigned char)s[i];
		if (i == cap || c >= 0x80)
			return false;
		c = (unsigned char)(c + ((unsigned)(c - 'A') < 26u ? 32 : 0));
		out[i] = (char)c;
		if (!c)
			break;
		v = (v ^ c) * 16777619u;
	}
	*h = v;
	*len = i;
	return true;
}

/* Whether the (folded) "lname" of hash h is among l's names. */
static bool has_name(const struct listing *l, const char *lname,
		     unsigned long h)
{
	for (size_t j = h & (l->capnames - 1); l->names[j].s;
	     j = (j + 1) & (l->capnames - 1))
		if (l->names[j].h == h && !strcmp(l->names[j].s, lname))
			return true;
	return false;
}

static void drop_names(struct listing *l)
{
	for (size_t i = 0; i < l->capnames; i++)
		free(l->names[i].s);
	free(l->names);
	l->names = NULL;
	l->capnames = 0;
}

/* Reads "dir" into l (l->usable false when it cannot, or is too big).
 * An entry name outside ASCII (or of 256 bytes or more) is left out:
 * no probe asks for one. */
static void list_dir(struct listing *l)
{
	l->listed = true;
	for (size_t i = 0; i < l->nasked; i++)
		free(l->asked[i]);
	l->nasked = 0;
	DIR *d = opendir(*l->dir ? l->dir : ".");
	if (!d)
		return;
	size_t n = 0;
	struct dirent *e;
	bool ok = true;
	l->capnames = 64;
	if (!(l->names = calloc(l->capnames, sizeof(*l->names))))
		ok = false;
	while (ok && (e = readdir(d)) != NULL) {
		unsigned long h;
		size_t len;
		if (n == PROBE_MAX_NAMES) {
			ok = false;
			break;
		}
		char lname[256];
		if (!fold(e->d_name, lname, sizeof(lname), &h, &len))
			continue;
		if ((n + 1) * 2 > l->capnames) {
			/* rehash into twice the slots */
			size_t nc = l->capnames * 2;
			struct slot *p = calloc(nc, sizeof(*p));
			if (!p) {
				ok = false;
				break;
			}
			for (size_t i = 0; i < l->capnames; i++) {
				if (!l->names[i].s)
					continue;
				size_t j = l->names[i].h & (nc - 1);
				while (p[j].s)
					j = (j + 1) & (nc - 1);
				p[j] = l->names[i];
			}
			free(l->names);
			l->names = p;
			l->capnames = nc;
		}
		if (has_name(l, lname, h))
			continue;  /* "A" and "a": one is enough */
		char *c = strdup(lname);
		if (!c) {
			ok = false;
			break;
		}
		size_t j = h & (l->capnames - 1);
		while (l->names[j].s)
			j = (j + 1) & (l->capnames - 1);
		l->names[j] = (struct slot){ c, h };
		n++;
	}
	closedir(d);
	if (!ok) {
		drop_names(l);
		return;
	}
	l->usable = true;
}

/* Doubles the table; false without memory. */
static bool grow(void)
{
	size_t nc = captab ? captab * 2 : 64;
	struct listing **p = calloc(nc, sizeof(*p));
	if (!p)
		return false;
	for (size_t i = 0; i < captab; i++) {
		if (!tab[i])
			continue;
		size_t j = tab[i]->hash & (nc - 1);
		while (p[j])
			j = (j + 1) & (nc - 1);
		p[j] = tab[i];
	}
	free(tab);
	tab = p;
	captab = nc;
	return true;
}

static struct listing *remember(struct listing *l)
{
	last[1] = last[0];
	last[0] = l;
	return l;
}

/* The entry of dir[0..len), made on first use; NULL without memory. */
static struct listing *listing_of(const char *dir, size_t len)
{
	for (int k = 0; k < 2; k++)
		if (last[k] && last[k]->len == len &&
		    !memcmp(last[k]->dir, dir, len))
			return last[k];
	unsigned long h = hash_of(dir, len);
	if (captab) {
		for (size_t j = h & (captab - 1); tab[j];
		     j = (j + 1) & (captab - 1))
			if (tab[j]->hash == h && tab[j]->len == len &&
			    !memcmp(tab[j]->dir, dir, len))
				return remember(tab[j]);
	}
	if ((ntab + 1) * 2 > captab && !grow())
		return NULL;
	struct listing *l = calloc(1, sizeof(*l));
	if (!l || !(l->dir = strndup(dir, len))) {
		free(l);
		return NULL;
	}
	l->len = len;
	l->hash = h;
	size_t j = h & (captab - 1);
	while (tab[j])
		j = (j + 1) & (captab - 1);
	tab[j] = l;
	ntab++;
	return remember(l);
}

/* Whether "name" was asked about in l before (remembering it if not);
 * true too when no more can be remembered: time to list. */
static bool asked_before(struct listing *l, const char *name)
{
	for (size_t i = 0; i < l->nasked; i++)
		if (!strcmp(l->asked[i], name))
			return true;
	if (l->nasked == ASKED_MAX || !(l->asked[l->nasked] = strdup(name)))
		return true;
	l->nasked++;
	return false;
}

bool io_surely_absent(const char *path)
{
	if (!path || !*path)
		return false;
	const char *slash = strrchr(path, '/');
	const char *name = slash ? slash + 1 : path;
	unsigned long h;
	size_t nlen;
	char lname[256];
	if (!*name || !strcmp(name, ".") || !strcmp(name, "..") ||
	    !fold(name, lname, sizeof(lname), &h, &nlen))
		return false;
	/* "/x" is in "/", "x" in the current directory ("") */
	size_t dlen = slash ? (size_t)(slash - path) + (slash == path) : 0;
	bool absent = false;
	pthread_mutex_lock(&probe_mu);
	struct listing *l = listing_of(path, dlen);
	if (l && !l->listed && asked_before(l, name))
		list_dir(l);
	if (l && l->usable)
		absent = !has_name(l, lname, h);
	pthread_mutex_unlock(&probe_mu);
	return absent;
}
