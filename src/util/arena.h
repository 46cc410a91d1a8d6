/* SPDX-License-Identifier: Apache-2.0
 *
 * arena.h - bump allocator with a byte cap, one per scanned file.
 *
 * Contract: everything allocated from an arena lives until arena_free().
 * Nothing allocated here is freed on its own.  When the cap would be
 * exceeded, allocation returns NULL and sets arena->over_cap; callers turn
 * that into BH_ELIMIT ("input too large").  The arena itself is a plain
 * struct the caller owns (usually on the stack).
 *
 * One budget for the process, not per thread: an arena may use
 * BH_ARENA_SHARE bytes freely; to grow past that it takes the process's
 * one "large arena" turn, waiting while an arena of another thread holds
 * it, and gives it back in arena_free().  So however many threads parse
 * at once, at most one input is large at a time: -j N needs the memory
 * of one large input plus N shares, not N large inputs.  Waiting never
 * changes a result (every arena still has its own cap).  An arena must
 * be freed by the thread that filled it; a thread may hold several.
 */
#ifndef BH_ARENA_H
#define BH_ARENA_H

#include <stdbool.h>
#include <stddef.h>

struct arena_block;

struct arena {
	struct arena_block *head;
	size_t used;      /* bytes handed out, including alignment padding */
	size_t cap;       /* 0 = default cap (BH_ARENA_DEFAULT_CAP) */
	bool over_cap;
	bool large;       /* holds the process's large-arena turn */
	unsigned char *next; /* the free bytes of the current block (head) */
	size_t left;
};

#define BH_ARENA_DEFAULT_CAP ((size_t)1 << 30) /* 1 GiB */
#define BH_ARENA_SHARE ((size_t)32 << 20)      /* without the turn */

void arena_init(struct arena *a, size_t cap);
void arena_free(struct arena *a);
/* Zeroed memory, 16-byte aligned, or NULL when over the cap. */
void *arena_alloc(struct arena *a, size_t n);
/* The same, not zeroed: for buffers the caller fills at once.  Inline:
 * most requests fit the current block (a bump of a->next); the rest,
 * and every error, go to arena_alloc_block(). */
void *arena_alloc_block(struct arena *a, size_t n);
static inline void *arena_alloc_raw(struct arena *a, size_t n)
{
	size_t need = (n + 15) & ~(size_t)15;  /* 0 when n is 0 or wraps */
	if (need - 1 < a->left && a->used + need <= a->cap) {
		void *p = a->next;
		a->next += need;
		a->left -= need;
		a->used += need;
		return p;
	}
	return arena_alloc_block(a, n);
}
/* n elements of size sz, overflow-checked. */
void *arena_array(struct arena *a, size_t n, size_t sz);
char *arena_strndup(struct arena *a, const char *s, size_t n);
char *arena_strdup(struct arena *a, const char *s);
char *arena_printf(struct arena *a, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Grow an array allocated from the arena (copying); old memory stays. */
void *arena_grow(struct arena *a, void *old, size_t old_n, size_t new_n,
		 size_t sz);

#endif
