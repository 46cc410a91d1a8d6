/* SPDX-License-Identifier: Apache-2.0
 *
 * osvlookup.c - test-only front end to osv_db_lookup() (src/vuln/osv.h)
 * for tests/suites/osv_real.sh and bench/run.sh (built by meson, never
 * installed):
 *   osvlookup DB < queries
 * reads "ECO_BASE<TAB>NAME" lines, opens DB read-only once, and prints
 * one line per query: "ECO_BASE<TAB>NAME<TAB>ID ID ..." (ids in the
 * order the database gives them; a W after a withdrawn one's id).  On
 * stderr: "lookups: N in W ms wall, C ms CPU (R records parsed)", the
 * time spent in
 * osv_db_lookup() only, after the database is open.  Exit status 2 on an
 * error (its line on stderr).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "util/diag.h"
#include "util/strbuf.h"
#include "vuln/osv.h"

struct acc {
	struct strbuf *sb;
	size_t n;
};

static int add(const struct osv_record *r, void *arg)
{
	struct acc *a = arg;
	strbuf_printf(a->sb, "%s%s%s", a->n ? " " : "", r->id,
		      r->withdrawn ? "W" : "");
	a->n++;
	return 0;
}

static double now(clockid_t clk)
{
	struct timespec ts;
	clock_gettime(clk, &ts);
	return (double)ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: osvlookup DB < queries\n");
		return 2;
	}
	struct diag d;
	diag_init(&d, argv[1]);
	struct osv_db *db;
	if (osv_db_open(argv[1], false, &db, &d)) {
		fprintf(stderr, "osvlookup: %s\n", d.message);
		return 2;
	}
	char *line = NULL;
	size_t cap = 0, nq = 0, nrec = 0;
	ssize_t n;
	double spent = 0, cpu = 0;
	int rc = 0;
	struct strbuf sb = STRBUF_INIT;
	while ((n = getline(&line, &cap, stdin)) > 0) {
		if (line[n - 1] == '\n')
			line[--n] = 0;
		char *tab = strchr(line, '\t');
		if (!tab)
			continue;
		*tab = 0;
		sb.len = 0;
		if (sb.buf)
			sb.buf[0] = 0;
		struct acc a = {&sb, 0};
		double t0 = now(CLOCK_MONOTONIC), c0 = now(CLOCK_PROCESS_CPUTIME_ID);
		if (osv_db_lookup(db, line, tab + 1, add, &a, &d)) {
			fprintf(stderr, "osvlookup: %s\n", d.message);
			rc = 2;
			break;
		}
		spent += now(CLOCK_MONOTONIC) - t0;
		cpu += now(CLOCK_PROCESS_CPUTIME_ID) - c0;
		nq++;
		nrec += a.n;
		printf("%s\t%s\t%s\n", line, tab + 1, sb.buf ? sb.buf : "");
	}
	fprintf(stderr, "lookups: %zu in %.1f ms wall, %.1f ms CPU (%zu records "
		"parsed)\n", nq, spent, cpu, nrec);
	strbuf_free(&sb);
	free(line);
	osv_db_close(db);
	return rc;
}
