/* SPDX-License-Identifier: Apache-2.0
 *
 * pmap.c - the ordered parallel map of pmap.h, on POSIX threads.
 *
 * One mutex guards three counters: "next" (the first item no worker has
 * taken), "printed" (items done() has finished) and a done flag per item
 * in a window-sized ring.  Workers take items while next < printed +
 * window; the caller waits for item "printed" to be worked, runs done()
 * on it and wakes the workers.  No item is ever taken twice or skipped.
 * With a budget, "used" is the cost of the items being worked; a worker
 * waits while the next item would take it over the limit and another
 * item is still being worked, so memory-heavy items run one at a time
 * while small ones run side by side.  A thread is woken only when it
 * waits for what changed (the caller for the item it awaits, workers
 * counted in room_waiters for room): with a wake-up per item, a scan of
 * 1,500 small files made ~3 context switches a file.  Without done()
 * (NULL), the caller does not take part: no window, no wake-up per item,
 * it joins the workers (with it, a scan of 1,500 small files locked the
 * mutex against its workers ~5,000 times).  The workers
 * share the process's one malloc arena (M_ARENA_MAX 1): with an arena
 * per thread, memory a thread freed after a large input stays with that
 * thread, and N threads would keep N such high-water marks.
 */
#include "pmap.h"

#include <malloc.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <unistd.h>

#include "diag.h"

struct pool {
	const struct pmap_ops *ops;
	size_t n, window;
	size_t next, printed;
	bool *worked;             /* ring of "window" flags */
	const struct pmap_budget *budget;  /* or NULL */
	size_t used;              /* cost of the items being worked */
	size_t busy;              /* items being worked */
	size_t room_waiters;      /* workers waiting on "room" */
	size_t awaited;           /* the item the caller waits on, or n */
	pthread_mutex_t mu;
	pthread_cond_t room;      /* a worker may take another item */
	pthread_cond_t ready;     /* an item was worked */
};

unsigned pmap_default_jobs(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	if (n < 1)
		return 1;
	return n > PMAP_MAX_JOBS ? PMAP_MAX_JOBS : (unsigned)n;
}

/* Whether the next item must wait for the budget (p->mu held). */
static bool over_budget(const struct pool *p, size_t cost)
{
	if (!p->budget || p->busy == 0)
		return false;
	return cost > p->budget->limit || p->used > p->budget->limit - cost;
}

static size_t cost_of(const struct pool *p, size_t i)
{
	return p->budget && p->budget->cost ? p->budget->cost(p->ops->ud, i)
					     : 0;
}

static void *worker(void *arg)
{
	struct pool *p = arg;
	for (;;) {
		pthread_mutex_lock(&p->mu);
		while (p->next < p->n &&
		       (p->next >= p->printed + p->window ||
			over_budget(p, cost_of(p, p->next)))) {
			p->room_waiters++;
			pthread_cond_wait(&p->room, &p->mu);
			p->room_waiters--;
		}
		if (p->next >= p->n) {
			pthread_mutex_unlock(&p->mu);
			return NULL;
		}
		size_t i = p->next++;
		size_t cost = cost_of(p, i);
		p->used += cost;
		p->busy++;
		pthread_mutex_unlock(&p->mu);

		p->ops->work(p->ops->ud, i);

		pthread_mutex_lock(&p->mu);
		p->worked[i % p->window] = true;
		p->used -= cost;
		p->busy--;
		/* wake only who waits for this: the caller for item i, the
		 * workers for budget freed (a wake-up per item costs context
		 * switches with nobody to run) */
		if (p->awaited == i)
			pthread_cond_signal(&p->ready);
		if (p->budget && p->room_waiters)
			pthread_cond_broadcast(&p->room);
		pthread_mutex_unlock(&p->mu);
	}
}

#ifdef M_ARENA_MAX
static void one_malloc_arena(void)
{
	(void)mallopt(M_ARENA_MAX, 1);
}
#endif

static void run_serial(size_t n, const struct pmap_ops *ops)
{
	for (size_t i = 0; i < n; i++) {
		ops->work(ops->ud, i);
		if (ops->done)
			ops->done(ops->ud, i);
	}
}

int pmap_run(size_t n, unsigned jobs, const struct pmap_ops *ops)
{
	return pmap_run_budget(n, jobs, ops, NULL);
}

int pmap_run_budget(size_t n, unsigned jobs, const struct pmap_ops *ops,
		    const struct pmap_budget *budget)
{
	if (jobs > PMAP_MAX_JOBS)
		jobs = PMAP_MAX_JOBS;
	if (jobs > n)
		jobs = (unsigned)n;
	if (jobs <= 1) {
		run_serial(n, ops);
		return 0;
	}
#ifdef M_ARENA_MAX
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	pthread_once(&once, one_malloc_arena);
#endif
	/* without done(), nothing is held for it: no window, and the
	 * caller only waits for the workers to finish */
	struct pool p = { .ops = ops, .n = n,
			  .window = ops->done ? PMAP_WINDOW(jobs) : n,
			  .budget = budget, .awaited = n };
	p.worked = calloc(p.window, sizeof(bool));
	pthread_t *tids = calloc(jobs, sizeof(pthread_t));
	if (!p.worked || !tids) {
		free(p.worked);
		free(tids);
		return BH_ENOMEM;
	}
	pthread_mutex_init(&p.mu, NULL);
	pthread_cond_init(&p.room, NULL);
	pthread_cond_init(&p.ready, NULL);
	unsigned started = 0;
	while (started < jobs &&
	       pthread_create(&tids[started], NULL, worker, &p) == 0)
		started++;
	int rc = 0;
	if (started == 0) {
		rc = BH_ENOMEM;
	} else if (ops->done) {
		for (size_t i = 0; i < n; i++) {
			pthread_mutex_lock(&p.mu);
			p.awaited = i;
			while (!p.worked[i % p.window])
				pthread_cond_wait(&p.ready, &p.mu);
			p.awaited = n;
			p.worked[i % p.window] = false;
			pthread_mutex_unlock(&p.mu);

			ops->done(ops->ud, i);

			pthread_mutex_lock(&p.mu);
			p.printed = i + 1;
			if (p.room_waiters)
				pthread_cond_broadcast(&p.room);
			pthread_mutex_unlock(&p.mu);
		}
	}
	for (unsigned t = 0; t < started; t++)
		pthread_join(tids[t], NULL);
	pthread_cond_destroy(&p.ready);
	pthread_cond_destroy(&p.room);
	pthread_mutex_destroy(&p.mu);
	free(p.worked);
	free(tids);
	return rc;
}
