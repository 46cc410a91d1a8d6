/* SPDX-License-Identifier: Apache-2.0
 *
 * osvlookup.c - test-only front end to osv_db_lookup() (src/vuln/osv.h)
 * for tests/suites/osv_real.sh and bench/osvdb.sh (built by meson, never
 * installed):
 *   osvlookup [--sql] DB < queries
 *   osvlookup --match|--match-json DB < queries
 * reads "ECO_BASE<TAB>NAME" lines, opens DB read-only once, and prints
 * one line per query: "ECO_BASE<TAB>NAME<TAB>ID ID ..." (ids in the
 * order the database gives them; a W after a withdrawn one's id).  On
 * stderr: "lookups: N in W ms wall, C ms CPU (R records parsed)", the
 * time of the loop of osv_db_lookup() calls only (queries read before,
 * results printed after), the database already open.  With --sql, for
 * the benchmark's split of that time: the one query matching runs per
 * package (osvdb.c's lookup statement: the byname rows of one (ecosystem
 * base, name key), each with its pre-decoded ranges blob), by SQLite
 * directly, the blobs read but not judged (prints the number of rows).
 * --match reads "ECO_BASE<TAB>NAME<TAB>VERSION[<TAB>RELEASE]" lines and
 * matches each as a package (vuln_match_key, src/vuln/match.h: the
 * pre-decoded ranges judged, the JSON of affected records parsed, rows
 * merged): one line per query "ECO NAME VERSION<TAB>ROW|ROW..." (a row:
 * id, aliases, severity, score, fixed, summary), then "# looked_up N
 * unjudged N withdrawn N"; on stderr "matches: N in W ms wall, C ms CPU
 * (R rows)".  --match-json is the same through the reference path that
 * parses every record found (parse_all): the two outputs must be equal.
 * Exit status 2 on an error (its line on stderr).
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "util/diag.h"
#include "util/strbuf.h"
#include "vuln/match.h"
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

struct query {
	char *eco, *name, *version, *release;
};

static size_t read_queries(struct query **out)
{
	char *line = NULL;
	size_t cap = 0, n = 0, qcap = 0;
	ssize_t len;
	*out = NULL;
	while ((len = getline(&line, &cap, stdin)) > 0) {
		if (line[len - 1] == '\n')
			line[--len] = 0;
		char *tab = strchr(line, '\t');
		if (!tab)
			continue;
		*tab = 0;
		char *ver = strchr(tab + 1, '\t'), *rel = NULL;
		if (ver) {
			*ver++ = 0;
			if ((rel = strchr(ver, '\t')))
				*rel++ = 0;
		}
		if (n == qcap) {
			qcap = qcap ? 2 * qcap : 1024;
			*out = realloc(*out, qcap * sizeof(**out));
			if (!*out)
				abort();
		}
		(*out)[n].eco = strdup(line);
		(*out)[n].name = strdup(tab + 1);
		(*out)[n].version = strdup(ver ? ver : "");
		(*out)[n].release = strdup(rel ? rel : "");
		n++;
	}
	free(line);
	return n;
}

static int sql_only(const char *path, struct query *q, size_t nq)
{
	sqlite3 *h;
	sqlite3_stmt *st;
	if (sqlite3_open_v2(path, &h, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK ||
	    sqlite3_exec(h, "BEGIN", NULL, NULL, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(h, osv_db_lookup_sql, -1, &st, NULL) !=
		    SQLITE_OK) {
		fprintf(stderr, "osvlookup: %s: %s\n", path, sqlite3_errmsg(h));
		return 2;
	}
	size_t *found = calloc(nq + 1, sizeof(size_t)), nrec = 0, bytes = 0;
	char key[1024];
	double t0 = now(CLOCK_MONOTONIC), c0 = now(CLOCK_PROCESS_CPUTIME_ID);
	for (size_t i = 0; i < nq; i++) {
		osv_name_key(q[i].eco, q[i].name, key, sizeof(key));
		sqlite3_bind_text(st, 1, q[i].eco, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, key, -1, SQLITE_STATIC);
		while (sqlite3_step(st) == SQLITE_ROW) {
			bytes += (size_t)sqlite3_column_bytes(st, 3);
			found[i]++;
		}
		sqlite3_reset(st);
		nrec += found[i];
	}
	double wall = now(CLOCK_MONOTONIC) - t0;
	double cpu = now(CLOCK_PROCESS_CPUTIME_ID) - c0;
	for (size_t i = 0; i < nq; i++)
		printf("%s\t%s\t%zu\n", q[i].eco, q[i].name, found[i]);
	fprintf(stderr, "lookups: %zu in %.1f ms wall, %.1f ms CPU (%zu records, "
		"%zu bytes of pre-decoded ranges read, not judged)\n", nq, wall, cpu, nrec,
		bytes);
	free(found);
	sqlite3_finalize(st);
	sqlite3_close(h);
	return 0;
}

static int match(const char *path, struct query *q, size_t nq, bool parse_all)
{
	struct diag d;
	diag_init(&d, path);
	struct osv_db *db;
	if (osv_db_open(path, false, &db, &d)) {
		fprintf(stderr, "osvlookup: %s\n", d.message);
		return 2;
	}
	struct vuln_key *keys = calloc(nq + 1, sizeof(*keys));
	if (!keys)
		abort();
	for (size_t i = 0; i < nq; i++) {
		struct vuln_key *k = &keys[i];
		snprintf(k->eco, sizeof(k->eco), "%s", q[i].eco);
		snprintf(k->release, sizeof(k->release), "%s", q[i].release);
		osv_name_key(q[i].eco, q[i].name, k->name, sizeof(k->name));
		snprintf(k->version, sizeof(k->version), "%s", q[i].version);
		k->cmp = vuln_osv_comparator(q[i].eco);
	}
	struct vuln_result res = { 0 };
	struct vuln_hits hits = { 0 };
	int rc = 0;
	double t0 = now(CLOCK_MONOTONIC), c0 = now(CLOCK_PROCESS_CPUTIME_ID);
	for (size_t i = 0; i < nq && !rc; i++)
		if (keys[i].cmp != VULN_ECO_COUNT)
			rc = vuln_match_key(db, &keys[i], i, parse_all, &hits, &res,
					    &d);
	double wall = now(CLOCK_MONOTONIC) - t0;
	double cpu = now(CLOCK_PROCESS_CPUTIME_ID) - c0;
	vuln_hits_free(&hits);
	if (rc) {
		fprintf(stderr, "osvlookup: %s\n", d.message);
	} else {
		size_t r = 0;
		for (size_t i = 0; i < nq; i++) {
			printf("%s %s %s\t", q[i].eco, q[i].name, q[i].version);
			for (size_t n = 0; r < res.n && res.v[r].pkg == i; r++, n++) {
				const struct vuln_row *w = &res.v[r];
				printf("%s%s [", n ? "|" : "", w->id);
				for (size_t a = 0; a < w->naliases; a++)
					printf("%s%s", a ? " " : "", w->aliases[a]);
				printf("] %s %.1f %s %s", vuln_sev_name(w->sev),
				       w->score, w->fixed ? w->fixed : "-",
				       w->summary ? w->summary : "-");
			}
			printf("\n");
		}
		printf("# looked_up %zu unjudged %zu withdrawn %zu\n",
		       res.looked_up, res.unjudged, res.withdrawn);
		fprintf(stderr, "matches: %zu in %.1f ms wall, %.1f ms CPU (%zu "
			"rows)\n", nq, wall, cpu, res.n);
	}
	vuln_result_free(&res);
	free(keys);
	osv_db_close(db);
	return rc ? 2 : 0;
}

int main(int argc, char **argv)
{
	bool sql = argc == 3 && !strcmp(argv[1], "--sql");
	bool m = argc == 3 && !strcmp(argv[1], "--match");
	bool mj = argc == 3 && !strcmp(argv[1], "--match-json");
	if (argc != 2 && !sql && !m && !mj) {
		fprintf(stderr, "usage: osvlookup [--sql|--match|--match-json] "
			"DB < queries\n");
		return 2;
	}
	const char *path = argv[argc - 1];
	struct query *q;
	size_t nq = read_queries(&q);
	int rc = 0;
	if (m || mj) {
		rc = match(path, q, nq, mj);
	} else if (sql) {
		rc = sql_only(path, q, nq);
	} else {
		struct diag d;
		diag_init(&d, path);
		struct osv_db *db;
		if (osv_db_open(path, false, &db, &d)) {
			fprintf(stderr, "osvlookup: %s\n", d.message);
			return 2;
		}
		struct strbuf sb = STRBUF_INIT;
		size_t nrec = 0, done = 0;
		double t0 = now(CLOCK_MONOTONIC),
		       c0 = now(CLOCK_PROCESS_CPUTIME_ID);
		for (; done < nq; done++) {
			strbuf_printf(&sb, "%s\t%s\t", q[done].eco, q[done].name);
			struct acc a = {&sb, 0};
			if (osv_db_lookup(db, q[done].eco, q[done].name, add, &a,
					  &d)) {
				fprintf(stderr, "osvlookup: %s\n", d.message);
				rc = 2;
				break;
			}
			strbuf_printf(&sb, "\n");
			nrec += a.n;
		}
		double wall = now(CLOCK_MONOTONIC) - t0;
		double cpu = now(CLOCK_PROCESS_CPUTIME_ID) - c0;
		if (sb.buf)
			fputs(sb.buf, stdout);
		fprintf(stderr, "lookups: %zu in %.1f ms wall, %.1f ms CPU (%zu "
			"records parsed)\n", done, wall, cpu, nrec);
		strbuf_free(&sb);
		osv_db_close(db);
	}
	for (size_t i = 0; i < nq; i++) {
		free(q[i].eco);
		free(q[i].name);
		free(q[i].version);
		free(q[i].release);
	}
	free(q);
	return rc;
}
