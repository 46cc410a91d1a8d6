/* SPDX-License-Identifier: Apache-2.0
 *
 * dircache.h - one scan run's memory of which names its directories hold,
 * so that the files the pipeline looks for beside each Dockerfile and
 * usually does not find (<Dockerfile>.dockerignore, .dockerignore,
 * package-lock.json, npm-shrinkwrap.json: scan_df.c; the .env beside a
 * Compose file: scan_compose.c) cost no failed probe each.
 *
 * A directory asked about fewer than DIRCACHE_LIST_AFTER times is not
 * listed (the caller probes, as without a cache: a lone Dockerfile costs
 * what it did); after that it is listed once (readdir) and a name not in
 * the listing is known absent.  A name the listing holds (compared
 * without case: a case-folding directory finds it too), a directory that
 * cannot be listed, one with more than DIRCACHE_MAX_NAMES names, a name
 * longer than NAME_MAX or a path of PATH_MAX bytes or more (the probe
 * would fail otherwise than ENOENT) is always probed: the answer is the
 * probe's, as without a cache.  At most DIRCACHE_MAX_DIRS directories are
 * kept; memory is bounded by both limits.
 *
 * Lifetime: the command creates one per run (`bulkhead scan`,
 * src/cli/cmd_scan.c, cfg->dircache) and frees it when the run ends: a
 * file created between two runs in one process (tests, `serve`) is seen
 * by the next run.  A run must not create the files it asks about
 * (`fix` writes, so it keeps none).  Thread-safe: one mutex, held for a
 * lookup, not while a directory is listed (readdir is I/O: a caller
 * asking about a directory another one is listing probes it, as about an
 * unlisted one); calls from pmap workers may run in parallel.  Only core gathers facts with it; rules never see it.
 * Tests: tests/unit/core/test_dircache.c.
 */
#ifndef BH_DIRCACHE_H
#define BH_DIRCACHE_H

#include <stdbool.h>

struct bh_dircache;

/* A new empty cache, or NULL when out of memory (then every probe is
 * made: NULL is a valid cache that knows nothing). */
struct bh_dircache *bh_dircache_new(void);
void bh_dircache_free(struct bh_dircache *c);

/* Whether the file "path" surely does not exist: true only when its
 * directory was listed by this cache and the listing holds no name equal
 * to its last component (ignoring case).  false: probe it (stat). */
bool bh_dircache_absent(struct bh_dircache *c, const char *path);

#endif
