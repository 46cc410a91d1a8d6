/* SPDX-License-Identifier: Apache-2.0
 *
 * pmap.c - the ordered parallel map of pmap.h, on POSIX threads.
 *
 * One mutex guards three counters: "next" (the first item no worker has
 * taken), "printed" (items done() has finished) and a done flag per item
 * in a window-sized ring.  Workers take items while next < printed +
 * window; the caller waits for item "printed" to be worked, runs done()
 * on it and wakes the workers.  No item is ever taken twice or skipped.
 */
#include "pmap.h"

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

static void *worker(void *arg)
{
	struct pool *p = arg;
	for (;;) {
		pthread_mutex_lock(&p->mu);
		while (p->next < p->n && p->next >= p->printed + p->window)
			pthread_cond_wait(&p->room, &p->mu);
		if (p->next >= p->n) {
			pthread_mutex_unlock(&p->mu);
			return NULL;
		}
		size_t i = p->next++;
		pthread_mutex_unlock(&p->mu);

		p->ops->work(p->ops->ud, i);

		pthread_mutex_lock(&p->mu);
		p->worked[i % p->window] = true;
		pthread_cond_broadcast(&p->ready);
		pthread_mutex_unlock(&p->mu);
	}
}

static void run_serial(size_t n, const struct pmap_ops *ops)
{
	for (size_t i = 0; i < n; i++) {
		ops->work(ops->ud, i);
		ops->done(ops->ud, i);
	}
}

int pmap_run(size_t n, unsigned jobs, const struct pmap_ops *ops)
{
	if (jobs > PMAP_MAX_JOBS)
		jobs = PMAP_MAX_JOBS;
	if (jobs > n)
		jobs = (unsigned)n;
	if (jobs <= 1) {
		run_serial(n, ops);
		return 0;
	}
	struct pool p = { .ops = ops, .n = n, .window = (size_t)jobs * 4 };
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
	} else {
		for (size_t i = 0; i < n; i++) {
			pthread_mutex_lock(&p.mu);
			while (!p.worked[i % p.window])
				pthread_cond_wait(&p.ready, &p.mu);
			p.worked[i % p.window] = false;
			pthread_mutex_unlock(&p.mu);

			ops->done(ops->ud, i);

			pthread_mutex_lock(&p.mu);
			p.printed = i + 1;
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
