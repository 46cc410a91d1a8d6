/* SPDX-License-Identifier: Apache-2.0
 *
 * arena.c - the bump allocator behind every per-file parse.
 *
 * This file owns the only malloc/free pair used for parse data.  Blocks are
 * chained; big requests get a block of their own.  The bump inside the
 * current block is inline (arena_alloc_raw() in arena.h); this file takes
 * the blocks.  The cap bounds the memory
 * one hostile input can make us use; the large-arena turn (one thread at a
 * time past BH_ARENA_SHARE, re-entrant for nested arenas of that thread)
 * bounds what several threads use together.
 * Tests: tests/unit/util/test_util.c, tests/suites/paths.sh (peak RSS).
 */
#include "arena.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct arena_block {
	struct arena_block *next;
	size_t size;
	_Alignas(16) unsigned char data[];
};

#define BLOCK_MIN ((size_t)64 * 1024)

/* The large-arena turn: owned by one thread, counted per arena. */
static pthread_mutex_t turn_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t turn_free = PTHREAD_COND_INITIALIZER;
static pthread_t turn_owner;
static size_t turn_count;      /* arenas of turn_owner holding it */

static void turn_take(struct arena *a)
{
	pthread_t self = pthread_self();
	pthread_mutex_lock(&turn_mu);
	while (turn_count > 0 && !pthread_equal(turn_owner, self))
		pthread_cond_wait(&turn_free, &turn_mu);
	turn_owner = self;
	turn_count++;
	pthread_mutex_unlock(&turn_mu);
	a->large = true;
}

static void turn_give(struct arena *a)
{
	if (!a->large)
		return;
	a->large = false;
	pthread_mutex_lock(&turn_mu);
	if (--turn_count == 0)
		pthread_cond_broadcast(&turn_free);
	pthread_mutex_unlock(&turn_mu);
}

void arena_init(struct arena *a, size_t cap)
{
	memset(a, 0, sizeof(*a));
	a->cap = cap ? cap : BH_ARENA_DEFAULT_CAP;
}

void arena_free(struct arena *a)
{
	struct arena_block *b = a->head;
	while (b) {
		struct arena_block *next = b->next;
		free(b);
		b = next;
	}
	a->head = NULL;
	a->used = 0;
	a->next = NULL;
	a->left = 0;
	turn_give(a);
}

/* arena_alloc_raw() past its inline bump: a new block, or an error.
 * The current block is a->head; a->next and a->left are its free part. */
void *arena_alloc_block(struct arena *a, size_t n)
{
	size_t need = (n + 15) & ~(size_t)15;
	if (need < n || need > a->cap || a->used + need > a->cap) {
		a->over_cap = true;
		return NULL;
	}
	if (!a->head || a->left < need) {
		size_t size = need > BLOCK_MIN ? need : BLOCK_MIN;
		if (!a->large && a->used + size > BH_ARENA_SHARE)
			turn_take(a);
		struct arena_block *b = malloc(sizeof(*b) + size);
		if (!b) {
			a->over_cap = true;
			return NULL;
		}
		b->size = size;
		if (a->head && need > BLOCK_MIN) {
			/* keep the partly used block current: this one is
			 * used whole */
			b->next = a->head->next;
			a->head->next = b;
			a->used += need;
			return b->data;
		}
		b->next = a->head;
		a->head = b;
		a->next = b->data;
		a->left = size;
	}
	void *p = a->next;
	a->next += need;
	a->left -= need;
	a->used += need;
	return p;
}

void *arena_alloc(struct arena *a, size_t n)
{
	void *p = arena_alloc_raw(a, n);
	if (p)
		memset(p, 0, n);
	return p;
}

void *arena_array(struct arena *a, size_t n, size_t sz)
{
	if (sz && n > SIZE_MAX / sz) {
		a->over_cap = true;
		return NULL;
	}
	size_t bytes = n * sz;
	return arena_alloc(a, bytes ? bytes : 1);
}

char *arena_strndup(struct arena *a, const char *s, size_t n)
{
	if (n == SIZE_MAX) {
		a->over_cap = true;
		return NULL;
	}
	char *p = arena_alloc_raw(a, n + 1);
	if (!p)
		return NULL;
	memcpy(p, s, n);
	p[n] = 0;
	return p;
}

char *arena_strdup(struct arena *a, const char *s)
{
	return arena_strndup(a, s, strlen(s));
}

char *arena_printf(struct arena *a, const char *fmt, ...)
{
	/* most texts fit the stack buffer: one formatting pass */
	char buf[256];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n < 0)
		return NULL;
	char *p = arena_alloc_raw(a, (size_t)n + 1);
	if (!p)
		return NULL;
	if ((size_t)n < sizeof(buf)) {
		memcpy(p, buf, (size_t)n + 1);
		return p;
	}
	va_start(ap, fmt);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return p;
}

void *arena_grow(struct arena *a, void *old, size_t old_n, size_t new_n,
		 size_t sz)
{
	if (sz && new_n > SIZE_MAX / sz) {
		a->over_cap = true;
		return NULL;
	}
	unsigned char *p = arena_alloc_raw(a, new_n ? new_n * sz : 1);
	if (!p)
		return NULL;
	size_t keep = old ? (old_n < new_n ? old_n : new_n) : 0;
	if (keep)
		memcpy(p, old, keep * sz);
	memset(p + keep * sz, 0, (new_n - keep) * sz);
	return p;
}
