/* SPDX-License-Identifier: Apache-2.0
 *
 * vuln_run.h - what `bulkhead vuln` (cmd_vuln.c) and `bulkhead image`
 * (cmd_image.c) share: the default database path and one matching run.
 * Tests: tests/suites/vuln.sh.
 */
#ifndef BH_CLI_VULN_RUN_H
#define BH_CLI_VULN_RUN_H

#include <stdbool.h>
#include <stddef.h>

#include "sbom/sbom.h"
#include "vuln/match.h"

/* $XDG_CACHE_HOME/bulkhead/vuln.db (an absolute XDG_CACHE_HOME), else
 * $HOME/.cache/bulkhead/vuln.db, into buf; -1 when neither is set or it
 * does not fit. */
int vuln_db_default_path(char *buf, size_t size);
/* Whether a regular file is at path. */
bool vuln_db_exists(const char *path);
/* Opens the database at db_path read-only and closes it: 0 when it is a
 * bulkhead vulnerability database, else -1 with the one-line cause
 * (naming the file) in err.  `bulkhead image` asks before it reads the
 * image, so a truncated or foreign database is the input error a
 * missing one is. */
int vuln_db_check(const char *db_path, char *err, size_t errsize);
/* What a match could not check, never a silent "0 vulnerabilities":
 * the database holds no records; packages of ecosystems it holds no
 * records for (and those ecosystems, ", "-joined); OS packages of an
 * unknown distribution release (only advisories naming no release apply
 * to them).  Filled by vuln_run_match, which also says it on stderr. */
struct vuln_coverage {
	bool empty;
	size_t no_records;
	char missing[512];
	size_t unknown_release;
};
/* Opens the database at db_path read-only and matches l into out
 * (vuln_match_list); on error the one-line cause in err.  cov (may be
 * NULL) gets what was not checked. */
int vuln_run_match(const char *db_path, const struct sbom_list *l,
		   struct vuln_result *out, char *err, size_t errsize,
		   struct vuln_coverage *cov);

#endif
