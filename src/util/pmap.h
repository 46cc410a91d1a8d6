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
 * the caller's thread.  With jobs <= 1 or n <= 1 no thread is started
 * and work(i), done(i) alternate in the caller.  Returns 0, or BH_ENOMEM
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

/* The number of threads worth using here: online CPUs, 1..PMAP_MAX_JOBS. */
#define PMAP_MAX_JOBS 64
unsigned pmap_default_jobs(void);

int pmap_run(size_t n, unsigned jobs, const struct pmap_ops *ops);

#endif
