/* SPDX-License-Identifier: Apache-2.0
 *
 * test_osvdb.c - the vulnerability database of src/vuln/osv.h (osvdb.c):
 * import (added / replaced when `modified` is a later instant / unchanged
 * when equal or older, offsets and fractions normalised), lookup by
 * ecosystem base and PEP 503 name, the index following a replaced
 * record, one byname row per name a record names and none left behind by
 * a replacement (test_byname_rows), withdrawn records kept and flagged,
 * info counts, rollback of a
 * failed import, and files that are not our database (text, a foreign
 * SQLite file, another schema version (5, 3, 2, 1), a damaged file, a
 * missing one);
 * the pre-decoded ranges (osv_ranges_encode/decode) and
 * osv_db_lookup_ex (test_ranges_codec, test_lookup_ex).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/diag.h"
#include "vuln/osv.h"

static char dir[64];
static char path[128];

static int setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof(dir), "/tmp/bh-osvdb-XXXXXX");
	if (!mkdtemp(dir))
		return -1;
	snprintf(path, sizeof(path), "%s/vuln.db", dir);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	unlink(path);
	char j[160];
	snprintf(j, sizeof(j), "%s-journal", path);
	unlink(j);
	rmdir(dir);
	return 0;
}

static struct osv_db *open_db(bool create)
{
	struct diag d;
	diag_init(&d, path);
	struct osv_db *db = NULL;
	if (osv_db_open(path, create, &db, &d))
		fail_msg("open: %s", d.message);
	return db;
}

static char *rec(const char *id, const char *modified, const char *eco,
		 const char *name, const char *summary, bool withdrawn)
{
	char *s = malloc(1024);
	snprintf(s, 1024,
		 "{\"id\":\"%s\",\"modified\":\"%s\",%s\"summary\":\"%s\","
		 "\"affected\":[{\"package\":{\"ecosystem\":\"%s\",\"name\":\"%s\"},"
		 "\"ranges\":[{\"type\":\"ECOSYSTEM\",\"events\":[{\"introduced\":"
		 "\"0\"},{\"fixed\":\"2.0\"}]}]}]}",
		 id, modified,
		 withdrawn ? "\"withdrawn\":\"2024-05-01T00:00:00Z\"," : "",
		 summary, eco, name);
	return s;
}

static enum osv_import_status import(struct osv_db *db, const char *id,
				     const char *modified, const char *eco,
				     const char *name, const char *summary,
				     bool withdrawn)
{
	char *s = rec(id, modified, eco, name, summary, withdrawn);
	struct diag d;
	diag_init(&d, id);
	enum osv_import_status st = (enum osv_import_status)-1;
	if (osv_db_import(db, s, strlen(s), id, &st, &d))
		fail_msg("import %s: %s", id, d.message);
	free(s);
	return st;
}

struct hits {
	int n;
	char ids[8][32];
	char summaries[8][64];
	bool withdrawn[8];
};

static int collect(const struct osv_record *r, void *arg)
{
	struct hits *h = arg;
	if (h->n < 8) {
		snprintf(h->ids[h->n], 32, "%s", r->id);
		snprintf(h->summaries[h->n], 64, "%s", r->summary ? r->summary : "");
		h->withdrawn[h->n] = r->withdrawn != NULL;
	}
	h->n++;
	return 0;
}

static struct hits look(struct osv_db *db, const char *eco, const char *name)
{
	struct hits h;
	memset(&h, 0, sizeof(h));
	struct diag d;
	diag_init(&d, path);
	if (osv_db_lookup(db, eco, name, collect, &h, &d))
		fail_msg("lookup: %s", d.message);
	return h;
}

static void test_import_and_lookup(void **state)
{
	(void)state;
	struct osv_db *db = open_db(true);
	struct diag d;
	diag_init(&d, path);
	assert_int_equal(osv_db_begin(db, &d), 0);
	assert_int_equal(import(db, "PYSEC-1", "2024-01-01T00:00:00Z", "PyPI",
				"Flask_Cors", "one", false), OSV_ADDED);
	assert_int_equal(import(db, "GHSA-2", "2024-01-02T00:00:00Z", "PyPI",
				"flask-cors", "two", false), OSV_ADDED);
	assert_int_equal(import(db, "DSA-3", "2024-01-03T00:00:00.5+01:00",
				"Debian:12", "openssl", "three", false), OSV_ADDED);
	assert_int_equal(import(db, "DSA-4", "2024-01-03T00:00:00Z", "Debian:11",
				"openssl", "four", false), OSV_ADDED);
	assert_int_equal(import(db, "GO-5", "0001-01-01T00:00:00Z", "Go",
				"github.com/A/b", "five", true), OSV_ADDED);
	assert_int_equal(osv_db_commit(db, &d), 0);
	osv_db_close(db);

	db = open_db(false); /* read-only is enough for lookups */
	struct hits h = look(db, "PyPI", "flask.CORS");
	assert_int_equal(h.n, 2);
	assert_string_equal(h.ids[0], "GHSA-2");
	assert_string_equal(h.ids[1], "PYSEC-1");
	assert_string_equal(h.summaries[1], "one");
	h = look(db, "Debian", "openssl");
	assert_int_equal(h.n, 2);
	assert_string_equal(h.ids[0], "DSA-3");
	assert_string_equal(h.ids[1], "DSA-4");
	assert_int_equal(look(db, "Debian", "OpenSSL").n, 0); /* not PyPI */
	assert_int_equal(look(db, "Debian:12", "openssl").n, 0); /* a base */
	assert_int_equal(look(db, "npm", "openssl").n, 0);
	/* withdrawn: kept, flagged */
	h = look(db, "Go", "github.com/A/b");
	assert_int_equal(h.n, 1);
	assert_true(h.withdrawn[0]);
	assert_int_equal(look(db, "Go", "github.com/a/b").n, 0);

	struct osv_db_info in;
	assert_int_equal(osv_db_info(db, &in, &d), 0);
	assert_int_equal(in.records, 5);
	assert_int_equal(in.withdrawn, 1);
	/* 2024-01-03T00:00:00.5+01:00 is 2024-01-02T23:00:00.5Z: DSA-4 is newer */
	assert_string_equal(in.newest_modified, "2024-01-03T00:00:00Z");
	assert_int_equal(in.nbases, 3);
	assert_string_equal(in.bases[0].ecosystem, "Debian");
	assert_int_equal(in.bases[0].records, 2);
	assert_string_equal(in.bases[1].ecosystem, "Go");
	assert_int_equal(in.bases[1].records, 1);
	assert_string_equal(in.bases[2].ecosystem, "PyPI");
	assert_int_equal(in.bases[2].records, 2);
	assert_int_equal(in.necos, 4);
	assert_string_equal(in.ecos[0].ecosystem, "Debian:11");
	assert_int_equal(in.ecos[0].records, 1);
	assert_string_equal(in.ecos[1].ecosystem, "Debian:12");
	osv_db_info_free(&in);
	assert_null(in.bases);
	osv_db_close(db);
}

static void test_incremental(void **state)
{
	(void)state;
	struct osv_db *db = open_db(true);
	struct diag d;
	diag_init(&d, path);
	assert_int_equal(osv_db_begin(db, &d), 0);
	/* golang/vulndb repo copies carry the zero time */
	assert_int_equal(import(db, "GO-1", "0001-01-01T00:00:00Z", "Go", "m/a",
				"repo copy", false), OSV_ADDED);
	assert_int_equal(import(db, "GO-1", "2024-03-01T10:00:00.000001Z", "Go",
				"m/b", "served", false), OSV_REPLACED);
	/* the same instant, other spellings: unchanged */
	assert_int_equal(import(db, "GO-1", "2024-03-01T12:00:00.000001000+02:00",
				"Go", "m/c", "equal", false), OSV_UNCHANGED);
	assert_int_equal(import(db, "GO-1", "2024-03-01T10:00:00.000001Z", "Go",
				"m/c", "equal", false), OSV_UNCHANGED);
	/* older: unchanged */
	assert_int_equal(import(db, "GO-1", "2024-03-01T10:00:00Z", "Go", "m/c",
				"older", false), OSV_UNCHANGED);
	assert_int_equal(import(db, "GO-1", "2024-03-01T05:00:00-05:00", "Go",
				"m/c", "older", false), OSV_UNCHANGED);
	/* a later instant though the text sorts lower */
	assert_int_equal(import(db, "GO-1", "2024-03-01T06:00:00-05:00", "Go",
				"m/c", "later", true), OSV_REPLACED);
	assert_int_equal(osv_db_commit(db, &d), 0);
	/* the index follows the replacement: only m/c finds it */
	assert_int_equal(look(db, "Go", "m/a").n, 0);
	assert_int_equal(look(db, "Go", "m/b").n, 0);
	struct hits h = look(db, "Go", "m/c");
	assert_int_equal(h.n, 1);
	assert_string_equal(h.summaries[0], "later");
	assert_true(h.withdrawn[0]);
	struct osv_db_info in;
	assert_int_equal(osv_db_info(db, &in, &d), 0);
	assert_int_equal(in.records, 1);
	assert_string_equal(in.newest_modified, "2024-03-01T06:00:00-05:00");
	osv_db_info_free(&in);
	osv_db_close(db);
}

static long long count_rows(const char *sql)
{
	sqlite3 *h;
	sqlite3_stmt *st = NULL;
	long long n = -1;
	if (sqlite3_open(path, &h) != SQLITE_OK ||
	    sqlite3_prepare_v2(h, sql, -1, &st, NULL) != SQLITE_OK)
		fail_msg("%s: %s", sql, sqlite3_errmsg(h));
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(h);
	return n;
}

static void import_json(struct osv_db *db, const char *s, enum osv_import_status want)
{
	struct diag d;
	diag_init(&d, "r.json");
	enum osv_import_status st = (enum osv_import_status)-1;
	if (osv_db_import(db, s, strlen(s), "r.json", &st, &d))
		fail_msg("import: %s", d.message);
	assert_int_equal(st, want);
}

/* byname holds one row per (ecosystem base, name key) a record names:
 * two releases of one name make one row, two names two; a replacement
 * that drops a name drops its row (nothing left behind). */
static void test_byname_rows(void **state)
{
	(void)state;
	struct osv_db *db = open_db(true);
	struct diag d;
	diag_init(&d, path);
	assert_int_equal(osv_db_begin(db, &d), 0);
	import_json(db, "{\"id\":\"DSA-1\",\"modified\":\"2024-01-01T00:00:00Z\","
		    "\"affected\":[{\"package\":{\"ecosystem\":\"Debian:11\","
		    "\"name\":\"curl\"}},{\"package\":{\"ecosystem\":"
		    "\"Debian:12\",\"name\":\"curl\"}},{\"package\":"
		    "{\"ecosystem\":\"Debian:12\",\"name\":\"libcurl4\"}}]}",
		    OSV_ADDED);
	assert_int_equal(osv_db_commit(db, &d), 0);
	assert_int_equal(look(db, "Debian", "curl").n, 1);
	assert_int_equal(look(db, "Debian", "libcurl4").n, 1);
	osv_db_close(db);
	assert_int_equal(count_rows("SELECT count(*) FROM byname"), 2);
	assert_int_equal(count_rows("SELECT count(*) FROM affects"), 3);
	db = open_db(true);
	assert_int_equal(osv_db_begin(db, &d), 0);
	import_json(db, "{\"id\":\"DSA-1\",\"modified\":\"2024-02-01T00:00:00Z\","
		    "\"affected\":[{\"package\":{\"ecosystem\":\"Debian:12\","
		    "\"name\":\"libcurl4\"}}]}", OSV_REPLACED);
	assert_int_equal(osv_db_commit(db, &d), 0);
	assert_int_equal(look(db, "Debian", "curl").n, 0);
	assert_int_equal(look(db, "Debian", "libcurl4").n, 1);
	osv_db_close(db);
	assert_int_equal(count_rows("SELECT count(*) FROM byname"), 1);
	assert_int_equal(count_rows("SELECT count(*) FROM byname WHERE "
				    "name_key = 'libcurl4' AND id = 'DSA-1'"), 1);
}

static void test_rollback(void **state)
{
	(void)state;
	struct osv_db *db = open_db(true);
	struct diag d;
	diag_init(&d, path);
	assert_int_equal(osv_db_begin(db, &d), 0);
	assert_int_equal(import(db, "A-1", "2024-01-01T00:00:00Z", "npm", "x",
				"a", false), OSV_ADDED);
	assert_int_equal(osv_db_commit(db, &d), 0);

	assert_int_equal(osv_db_begin(db, &d), 0);
	assert_int_equal(import(db, "A-2", "2024-01-01T00:00:00Z", "npm", "x",
				"b", false), OSV_ADDED);
	assert_int_equal(import(db, "A-1", "2025-01-01T00:00:00Z", "npm", "y",
				"c", false), OSV_REPLACED);
	const char *bad = "{\"id\":\"A-3\",\"modified\":\"2024\"}";
	enum osv_import_status st;
	struct diag bd;
	diag_init(&bd, "bad.json");
	assert_int_equal(osv_db_import(db, bad, strlen(bad), "bad.json", &st, &bd),
			 BH_EPARSE);
	char m[512];
	diag_format(&bd, m, sizeof(m));
	assert_string_equal(m, "bad.json: \"modified\" is not an RFC 3339 time");
	osv_db_rollback(db);
	osv_db_close(db);

	db = open_db(false);
	struct hits h = look(db, "npm", "x");
	assert_int_equal(h.n, 1);
	assert_string_equal(h.ids[0], "A-1");
	assert_string_equal(h.summaries[0], "a");
	assert_int_equal(look(db, "npm", "y").n, 0);
	osv_db_close(db);
}

static int open_err(bool create, char *m, size_t n)
{
	struct diag d;
	diag_init(&d, path);
	struct osv_db *db = NULL;
	int rc = osv_db_open(path, create, &db, &d);
	assert_null(rc ? db : NULL);
	if (!rc)
		osv_db_close(db);
	snprintf(m, n, "%s", d.message);
	return rc;
}

static void write_file(const char *s, size_t n)
{
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(s, 1, n, f), n);
	fclose(f);
}

static void test_refused(void **state)
{
	(void)state;
	char m[800], want[800];
	/* missing file, read-only open */
	unlink(path);
	assert_int_equal(open_err(false, m, sizeof(m)), BH_EIO);
	snprintf(want, sizeof(want), "%s: cannot open: unable to open database file",
		 path);
	assert_string_equal(m, want);
	/* a text file, both ways */
	char text[2048];
	memset(text, 'x', sizeof(text));
	write_file(text, sizeof(text));
	snprintf(want, sizeof(want), "%s: not a bulkhead vulnerability database",
		 path);
	assert_int_equal(open_err(false, m, sizeof(m)), BH_EPARSE);
	assert_string_equal(m, want);
	assert_int_equal(open_err(true, m, sizeof(m)), BH_EPARSE);
	assert_string_equal(m, want);
	/* a foreign SQLite database (an rpmdb-like one) */
	unlink(path);
	sqlite3 *h;
	assert_int_equal(sqlite3_open(path, &h), SQLITE_OK);
	assert_int_equal(sqlite3_exec(h, "CREATE TABLE Packages(hnum, blob)", NULL,
				      NULL, NULL), SQLITE_OK);
	sqlite3_close(h);
	assert_int_equal(open_err(true, m, sizeof(m)), BH_EPARSE);
	assert_string_equal(m, want);
	/* an empty file read-only is no database either */
	write_file("", 0);
	assert_int_equal(open_err(false, m, sizeof(m)), BH_EPARSE);
	snprintf(want, sizeof(want),
		 "%s: an empty file, not a bulkhead vulnerability database", path);
	assert_string_equal(m, want);
	/* ours with another schema version */
	struct osv_db *db = open_db(true); /* the empty file becomes ours */
	osv_db_close(db);
	assert_int_equal(sqlite3_open(path, &h), SQLITE_OK);
	assert_int_equal(sqlite3_exec(h, "PRAGMA user_version = 5", NULL, NULL,
				      NULL), SQLITE_OK);
	sqlite3_close(h);
	assert_int_equal(open_err(false, m, sizeof(m)), BH_EPARSE);
	snprintf(want, sizeof(want),
		 "%s: vulnerability database schema 5, this bulkhead reads "
		 "schema 4 (import again into a new file)", path);
	assert_string_equal(m, want);
	/* a schema 3 database (the same blobs in a table ranges in rid
	 * order, no byname): refused, import again */
	assert_int_equal(sqlite3_open(path, &h), SQLITE_OK);
	assert_int_equal(sqlite3_exec(h, "PRAGMA user_version = 3;"
				      "UPDATE meta SET value = '3' WHERE key = "
				      "'schema'", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(h);
	assert_int_equal(open_err(false, m, sizeof(m)), BH_EPARSE);
	snprintf(want, sizeof(want),
		 "%s: vulnerability database schema 3, this bulkhead reads "
		 "schema 4 (import again into a new file)", path);
	assert_string_equal(m, want);
	assert_int_equal(open_err(true, m, sizeof(m)), BH_EPARSE);
	assert_string_equal(m, want);
	/* a schema 2 database (ranges without summary, aliases and
	 * severities: its blobs would not decode): refused, import again */
	assert_int_equal(sqlite3_open(path, &h), SQLITE_OK);
	assert_int_equal(sqlite3_exec(h, "PRAGMA user_version = 2;"
				      "UPDATE meta SET value = '2' WHERE key = "
				      "'schema'", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(h);
	assert_int_equal(open_err(false, m, sizeof(m)), BH_EPARSE);
	snprintf(want, sizeof(want),
		 "%s: vulnerability database schema 2, this bulkhead reads "
		 "schema 4 (import again into a new file)", path);
	assert_string_equal(m, want);
	/* a schema 1 database (JSON only, no pre-decoded ranges): refused,
	 * import again */
	assert_int_equal(sqlite3_open(path, &h), SQLITE_OK);
	assert_int_equal(sqlite3_exec(h, "PRAGMA user_version = 1;"
				      "UPDATE meta SET value = '1' WHERE key = "
				      "'schema'; DROP TABLE byname", NULL, NULL,
				      NULL), SQLITE_OK);
	sqlite3_close(h);
	assert_int_equal(open_err(false, m, sizeof(m)), BH_EPARSE);
	snprintf(want, sizeof(want),
		 "%s: vulnerability database schema 1, this bulkhead reads "
		 "schema 4 (import again into a new file)", path);
	assert_string_equal(m, want);
	unlink(path);
}

static void test_damaged(void **state)
{
	(void)state;
	unlink(path);
	struct osv_db *db = open_db(true);
	struct diag d;
	diag_init(&d, path);
	assert_int_equal(osv_db_begin(db, &d), 0);
	char id[32], name[32];
	for (int i = 0; i < 300; i++) {
		snprintf(id, sizeof(id), "X-%04d", i);
		snprintf(name, sizeof(name), "pkg%d", i % 7);
		import(db, id, "2024-01-01T00:00:00Z", "npm", name,
		       "a summary long enough to fill a few pages of the table",
		       false);
	}
	assert_int_equal(osv_db_commit(db, &d), 0);
	osv_db_close(db);
	/* scribble over every page from the 9th on (schema, meta stay) */
	struct stat st;
	assert_int_equal(stat(path, &st), 0);
	assert_true(st.st_size > 16 * 4096);
	FILE *f = fopen(path, "r+b");
	char junk[512];
	memset(junk, 0x5a, sizeof(junk));
	for (long off = 8 * 4096; off + 512 <= st.st_size; off += 4096) {
		fseek(f, off, SEEK_SET);
		fwrite(junk, 1, sizeof(junk), f);
	}
	fclose(f);
	/* open reads only the first pages: it works; the lookup and info
	 * reach the scribbled ones */
	diag_init(&d, path);
	assert_int_equal(osv_db_open(path, false, &db, &d), 0);
	struct hits h;
	memset(&h, 0, sizeof(h));
	int rc = osv_db_lookup(db, "npm", "pkg3", collect, &h, &d);
	struct osv_db_info in;
	if (rc == 0)
		rc = osv_db_info(db, &in, &d);
	assert_int_equal(rc, BH_EPARSE);
	char want[400];
	snprintf(want, sizeof(want), "%s: the database is damaged (", path);
	assert_int_equal(strncmp(d.message, want, strlen(want)), 0);
	osv_db_close(db);
	/* the meta page itself damaged: open refuses */
	f = fopen(path, "r+b");
	fseek(f, 4096, SEEK_SET); /* page 2: meta */
	fwrite(junk, 1, 400, f);
	fclose(f);
	diag_init(&d, path);
	assert_int_equal(osv_db_open(path, false, &db, &d), BH_EPARSE);
	assert_int_equal(strncmp(d.message, want, strlen(want)), 0);
	unlink(path);
}

/* The compact form of affected[]: every field matching reads comes back
 * (NULL strings, GIT ranges, limit and last_affected, versions, entries
 * without ranges), in order; truncated or padded bytes are refused. */
static void test_ranges_codec(void **state)
{
	(void)state;
	const char *j =
		"{\"id\":\"R-1\",\"modified\":\"2024-01-01T00:00:00Z\","
		"\"summary\":\"s\",\"aliases\":[\"CVE-2024-1\",\"GHSA-x\"],"
		"\"severity\":[{\"type\":\"CVSS_V3\",\"score\":\"CVSS:3.1/AV:N/"
		"AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H\"}],\"database_specific\":"
		"{\"severity\":\"HIGH\"},\"affected\":["
		"{\"package\":{\"ecosystem\":\"Debian:12\",\"name\":\"openssl\"},"
		"\"severity\":[{\"type\":\"Ubuntu\",\"score\":\"medium\"}],"
		"\"ecosystem_specific\":{\"urgency\":\"low\"},"
		"\"ranges\":[{\"type\":\"ECOSYSTEM\",\"events\":[{\"introduced\":"
		"\"0\"},{\"fixed\":\"3.0.11-1\"},{\"introduced\":\"3.1.0\"},"
		"{\"last_affected\":\"3.1.4\"},{\"limit\":\"4.0\"}]},"
		"{\"type\":\"GIT\",\"repo\":\"https://x\",\"events\":[{\"introduced\":"
		"\"abc\"}]}],\"versions\":[\"1.0\",\"1.1\"]},"
		"{\"package\":{\"ecosystem\":\"PyPI\",\"name\":\"Flask_Cors\"},"
		"\"versions\":[\"3.0.9\"]}]}";
	struct osv_record r;
	struct diag d;
	diag_init(&d, "t");
	assert_int_equal(osv_parse(j, strlen(j), "t", &r, &d), 0);
	unsigned char *b;
	size_t n;
	assert_int_equal(osv_ranges_encode(&r, &b, &n), 0);
	struct osv_record k = { 0 };
	assert_int_equal(osv_ranges_decode(b, n, &k), 0);
	assert_int_equal(k.naff, 2);
	for (size_t i = 0; i < r.naff; i++) {
		const struct osv_affected *x = &r.aff[i], *y = &k.aff[i];
		assert_string_equal(x->ecosystem, y->ecosystem);
		assert_string_equal(x->name, y->name);
		assert_null(y->purl);
		assert_int_equal(x->nsev, y->nsev);
		for (size_t v = 0; v < x->nsev; v++) {
			assert_string_equal(x->sev[v].type, y->sev[v].type);
			assert_string_equal(x->sev[v].score, y->sev[v].score);
		}
		if (x->db_severity)
			assert_string_equal(x->db_severity, y->db_severity);
		else
			assert_null(y->db_severity);
		assert_int_equal(x->nranges, y->nranges);
		for (size_t g = 0; g < x->nranges; g++) {
			assert_int_equal(x->ranges[g].type, y->ranges[g].type);
			assert_int_equal(x->ranges[g].nev, y->ranges[g].nev);
			for (size_t e = 0; e < x->ranges[g].nev; e++) {
				assert_int_equal(x->ranges[g].ev[e].kind,
						 y->ranges[g].ev[e].kind);
				assert_string_equal(x->ranges[g].ev[e].value,
						    y->ranges[g].ev[e].value);
			}
		}
		assert_int_equal(x->nversions, y->nversions);
		for (size_t v = 0; v < x->nversions; v++)
			assert_string_equal(x->versions[v], y->versions[v]);
	}
	assert_int_equal(k.aff[0].nranges, 2);
	assert_int_equal(k.aff[0].ranges[0].nev, 5);
	assert_int_equal(k.aff[0].ranges[0].ev[4].kind, OSV_EV_LIMIT);
	assert_string_equal(k.aff[0].ranges[0].ev[3].value, "3.1.4");
	assert_int_equal(k.aff[0].ranges[1].type, OSV_RANGE_GIT);
	assert_string_equal(k.aff[1].versions[0], "3.0.9");
	assert_null(k.aff[1].sev);
	assert_string_equal(k.aff[0].sev[0].score, "medium");
	assert_string_equal(k.aff[0].db_severity, "low");
	/* the record's own fields a row reads */
	assert_string_equal(k.summary, "s");
	assert_int_equal(k.naliases, 2);
	assert_string_equal(k.aliases[0], "CVE-2024-1");
	assert_string_equal(k.aliases[1], "GHSA-x");
	assert_int_equal(k.nsev, 1);
	assert_string_equal(k.sev[0].type, "CVSS_V3");
	assert_string_equal(k.sev[0].score, r.sev[0].score);
	assert_string_equal(k.db_severity, "HIGH");
	assert_null(k.id);
	assert_null(k.modified);
	osv_ranges_free(&k);
	assert_null(k.aff);
	assert_null(k.aliases);
	assert_null(k.sev);
	assert_null(k.summary);
	/* every truncation is refused, never read past */
	for (size_t cut = 0; cut < n; cut++) {
		unsigned char *t = malloc(cut ? cut : 1);
		memcpy(t, b, cut);
		assert_int_equal(osv_ranges_decode(t, cut, &k), BH_EPARSE);
		assert_null(k.aff);
		free(t);
	}
	/* a byte more, a count too large, an event kind out of range */
	unsigned char *t = malloc(n + 1);
	memcpy(t, b, n);
	t[n] = 0;
	assert_int_equal(osv_ranges_decode(t, n + 1, &k), BH_EPARSE);
	t[0] = 0xff;
	assert_int_equal(osv_ranges_decode(t, n, &k), BH_EPARSE);
	free(t);
	/* NULL strings survive as NULL; no affected at all is 14 bytes
	 * (naff, summary, naliases, nsev, db_severity) */
	struct osv_event ev = { OSV_EV_FIXED, NULL };
	struct osv_range rg = { OSV_RANGE_SEMVER, &ev, 1 };
	char *vs[] = { NULL };
	struct osv_affected a0 = { .ecosystem = "npm", .name = NULL,
				   .ranges = &rg, .nranges = 1,
				   .versions = vs, .nversions = 1 };
	struct osv_record r2 = { .aff = &a0, .naff = 1 };
	unsigned char *b2;
	size_t n2;
	assert_int_equal(osv_ranges_encode(&r2, &b2, &n2), 0);
	assert_int_equal(osv_ranges_decode(b2, n2, &k), 0);
	assert_string_equal(k.aff[0].ecosystem, "npm");
	assert_null(k.aff[0].name);
	assert_int_equal(k.aff[0].ranges[0].type, OSV_RANGE_SEMVER);
	assert_null(k.aff[0].ranges[0].ev[0].value);
	assert_null(k.aff[0].versions[0]);
	osv_ranges_free(&k);
	free(b2);
	struct osv_record r3 = { 0 };
	assert_int_equal(osv_ranges_encode(&r3, &b2, &n2), 0);
	assert_int_equal(n2, 14);
	assert_int_equal(osv_ranges_decode(b2, n2, &k), 0);
	assert_int_equal(k.naff, 0);
	free(b2);
	free(b);
	osv_record_free(&r);
}

struct pre_acc {
	int pre, full;
	char seen[8][32];     /* ids pre saw */
	char parsed[8][32];   /* ids parsed whole, with their summary */
	bool wd[8];
};

static bool pre_some(const struct osv_record *r, void *arg)
{
	struct pre_acc *a = arg;
	if (a->pre < 8) {
		snprintf(a->seen[a->pre], 32, "%s", r->id);
		a->wd[a->pre] = r->withdrawn != NULL;
	}
	a->pre++;
	/* the skeleton has ranges and the summary a row reads (a, b, c,
	 * c2), never the JSON-only fields */
	assert_non_null(r->summary);
	assert_int_equal(r->summary[0], r->id[0] - 'A' + 'a');
	assert_null(r->modified);
	assert_null(r->aff[0].purl);
	assert_int_equal(r->naff, 1);
	assert_int_equal(r->aff[0].nranges, 1);
	assert_string_equal(r->aff[0].ranges[0].ev[1].value, "2.0");
	return strcmp(r->id, "B-2") != 0;   /* all but B-2 parsed */
}

static int full_some(const struct osv_record *r, void *arg)
{
	struct pre_acc *a = arg;
	if (a->full < 8)
		snprintf(a->parsed[a->full], 32, "%s/%s", r->id,
			 r->summary ? r->summary : "");
	a->full++;
	return 0;
}

/* osv_db_lookup_ex: pre sees every record of the name (sorted by id,
 * withdrawn flagged) from the pre-decoded ranges; only those it accepts
 * are parsed; a replaced record's ranges follow the new JSON; damaged
 * ranges bytes are the database's damage. */
static void test_lookup_ex(void **state)
{
	(void)state;
	unlink(path);
	struct osv_db *db = open_db(true);
	struct diag d;
	diag_init(&d, path);
	assert_int_equal(osv_db_begin(db, &d), 0);
	import(db, "C-3", "2024-01-01T00:00:00Z", "PyPI", "Flask_Cors", "c", true);
	import(db, "B-2", "2024-01-01T00:00:00Z", "PyPI", "flask-cors", "b", false);
	import(db, "A-1", "2024-01-01T00:00:00Z", "PyPI", "flask.cors", "a", false);
	import(db, "D-4", "2024-01-01T00:00:00Z", "npm", "flask-cors", "d", false);
	assert_int_equal(osv_db_commit(db, &d), 0);
	osv_db_close(db);
	db = open_db(false);
	struct pre_acc a;
	memset(&a, 0, sizeof(a));
	assert_int_equal(osv_db_lookup_ex(db, "PyPI", "FLASK_cors", pre_some,
					  full_some, &a, &d), 0);
	assert_int_equal(a.pre, 3);
	assert_string_equal(a.seen[0], "A-1");
	assert_string_equal(a.seen[1], "B-2");
	assert_string_equal(a.seen[2], "C-3");
	assert_false(a.wd[0]);
	assert_false(a.wd[1]);
	assert_true(a.wd[2]);
	assert_int_equal(a.full, 2);
	assert_string_equal(a.parsed[0], "A-1/a");
	assert_string_equal(a.parsed[1], "C-3/c");
	osv_db_close(db);
	/* replaced: the ranges row follows (fixed 2.0 -> 2.0 still, the
	 * summary and the withdrawn flag change) */
	db = open_db(true);
	assert_int_equal(osv_db_begin(db, &d), 0);
	assert_int_equal(import(db, "C-3", "2024-02-01T00:00:00Z", "PyPI",
				"flask-cors", "c2", false), OSV_REPLACED);
	assert_int_equal(osv_db_commit(db, &d), 0);
	osv_db_close(db);
	db = open_db(false);
	memset(&a, 0, sizeof(a));
	assert_int_equal(osv_db_lookup_ex(db, "PyPI", "flask-cors", pre_some,
					  full_some, &a, &d), 0);
	assert_int_equal(a.pre, 3);
	assert_false(a.wd[2]);
	assert_string_equal(a.parsed[1], "C-3/c2");
	osv_db_close(db);
	/* damaged ranges bytes */
	sqlite3 *h;
	assert_int_equal(sqlite3_open(path, &h), SQLITE_OK);
	assert_int_equal(sqlite3_exec(h, "UPDATE byname SET data = x'01000000' "
				      "WHERE id = 'B-2'", NULL, NULL, NULL),
			 SQLITE_OK);
	sqlite3_close(h);
	db = open_db(false);
	memset(&a, 0, sizeof(a));
	diag_init(&d, path);
	assert_int_equal(osv_db_lookup_ex(db, "PyPI", "flask-cors", pre_some,
					  full_some, &a, &d), BH_EPARSE);
	char want[300];
	snprintf(want, sizeof(want), "%s: the database is damaged (record B-2: "
		 "undecodable ranges)", path);
	assert_string_equal(d.message, want);
	osv_db_close(db);
	unlink(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_import_and_lookup, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_incremental, setup, teardown),
		cmocka_unit_test_setup_teardown(test_byname_rows, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rollback, setup, teardown),
		cmocka_unit_test_setup_teardown(test_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_damaged, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ranges_codec, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lookup_ex, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
