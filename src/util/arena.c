/* SPDX-License-Identifier: Apache-2.0
 *
 * arena.c - the bump allocator behind every per-file parse.
 *
 * This file owns the only malloc/free pair used for parse data.  Blocks are
 * chained; big requests get a block of their own.  The cap bounds the memory
 * one hostile input can make us use.  Tests: tests/unit/util/test_util.c.
 */
#include "arena.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct arena_block {
	struct arena_block *next;
	size_t size;
	size_t off;
	_Alignas(16) unsigned char data[];
};

#define BLOCK_MIN ((size_t)64 * 1024)

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
}

void *arena_alloc_raw(struct arena *a, size_t n)
{
	size_t need = (n + 15) & ~(size_t)15;
	if (need < n || need > a->cap || a->used + need > a->cap) {
		a->over_cap = true;
		return NULL;
	}
	struct arena_block *b = a->head;
	if (!b || b->size - b->off < need) {
		size_t size = need > BLOCK_MIN ? need : BLOCK_MIN;
		b = malloc(sizeof(*b) + size);
		if (!b) {
			a->over_cap = true;
			return NULL;
		}
		b->size = size;
		b->off = 0;
		if (a->head && need > BLOCK_MIN) {
			/* keep the partly used block current */
			b->next = a->head->next;
			a->head->next = b;
		} else {
			b->next = a->head;
			a->head = b;
		}
	}
	void *p = b->data + b->off;
	b->off += need;
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
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return NULL;
	char *p = arena_alloc(a, (size_t)n + 1);
	if (!p)
		return NULL;
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
