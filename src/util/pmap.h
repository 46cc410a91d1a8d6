/* SPDX-License-Identifier: Apache-2.0
 *
 * pmap.h - an ordered parallel map: run work(i) for i in 0..n-1 on a few
 * threads, and done(i) in the calling thread, strictly in index order.
 *
 * Why: reading and scanning many files is independent per file, but the
 * report must come out in the order the user named them.  Workers never
 * run more than "window" items ahead of the last done(), so what they
 * keep for done() stays bounded by the window, not by n.
 *
 * Contract: work() may run in any thread and must touch only item i's
 * state (and thread-safe, already initialised modules); done() runs in
 * the caller's thread.  done may be NULL: then the items are only worked
 * (in any order of completion, no window) and pmap_run() returns when
 * all are.  With jobs <= 1 or n <= 1 no thread is started
 * and work(i), done(i) alternate in the caller.  pmap_run_budget() also
 * bounds what the workers hold at once by the items' costs.  Before the
 * first threads start, the process is set to one malloc arena (glibc
 * M_ARENA_MAX), so memory one worker frees is there for the others.  Returns 0, or BH_ENOMEM
 * when no thread could be started (then nothing ran: the caller may
 * fall back to jobs = 1).
 * Tests: tests/unit/util/test_util.c (pmap_keeps_order_and_window, also
 * run under ThreadSanitizer by make check), tests/suites/scan_jobs.sh.
 */
#ifndef BH_PMAP_H
#define BH_PMAP_H

#include <stddef.h>

struct pmap_ops {
	void (*work)(void *ud, size_t i);
	void (*done)(void *ud, size_t i);
	void *ud;
};

/* With done(), the window: work(i) starts only once done(i - window)
 * has returned, so item i may take over what item i - window held (at
 * most PMAP_WINDOW(jobs) items are worked and not yet done). */
#define PMAP_WINDOW(jobs) ((size_t)(jobs) * 4)

/* The number of threads worth using here: online CPUs, 1..PMAP_MAX_JOBS. */
#define PMAP_MAX_JOBS 64
unsigned pmap_default_jobs(void);

int pmap_run(size_t n, unsigned jobs, const struct pmap_ops *ops);

/* One memory budget for every worker of a run: a worker takes item i
 * only while the costs of the items being worked plus cost(i) stay
 * within "limit", or when no item is being worked (an item over the
 * limit runs alone).  Items are still taken in index order, so the
 * results do not change; only how many run at once.  The cost is the
 * caller's estimate of the memory item i needs (bulkhead scan: the
 * file's size). */
struct pmap_budget {
	size_t (*cost)(void *ud, size_t i);
	size_t limit;
};

/* pmap_run() under "budget" (NULL: none). */
int pmap_run_budget(size_t n, unsigned jobs, const struct pmap_ops *ops,
		    const struct pmap_budget *budget);

#endif
