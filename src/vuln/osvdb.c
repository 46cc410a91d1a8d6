/* SPDX-License-Identifier: Apache-2.0
 *
 * osvdb.c - the offline vulnerability database (osv.h): one SQLite file
 * holding OSV records, imported incrementally (a record is replaced only
 * when its `modified` is a later instant), one transaction per import,
 * looked up by (ecosystem base, name key) through prepared statements
 * kept in struct osv_db.  Schema (docs/vuln.md, "Database"):
 *   PRAGMA application_id = 0x42684f56 ("BhOV"), user_version = 4,
 *   meta(key, value): format = bulkhead-osv, schema = 4;
 *   records(rid, id UNIQUE, modified, modified_key, withdrawn, json);
 *   affects(eco_base, name_key, rid, ecosystem): every release a record
 *   names (db info's counts; a replaced record's old keys);
 *   byname(eco_base, name_key, rid, id, withdrawn, data), WITHOUT ROWID:
 *   what matching reads, one row per (ecosystem base, name key) a record
 *   names, so a name's rows lie together in key order whatever order
 *   they were imported in (one or two pages per lookup); data is the
 *   record's affected[] ecosystems, names, ranges, versions and
 *   severities, and its summary, aliases and severities, pre-decoded at
 *   import (osv_ranges_encode), so matching parses no JSON
 *   (osv_db_lookup_ex).  Schemas 1 (no ranges), 2 (ranges without
 *   summary, aliases and severities) and 3 (the same form in a table
 *   ranges in rid order: one page read per record found) are refused
 *   with the "import again" message.
 * Not here: parsing a record (osv.c), matching (match.c), reading files
 * or archives (src/cli/cmd_db.c).
 * Tests: tests/unit/vuln/test_osvdb.c, tests/suites/osv_real.sh.
 */
#include "osv.h"
#include "../util/io.h"

#include <sqlite3.h>
#include <sys/stat.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define OSVDB_APP_ID 0x42684f56
#define OSVDB_SCHEMA 4

struct osv_db {
	sqlite3 *h;
	char *path;
	sqlite3_stmt *find;     /* rid, modified_key by id */
	sqlite3_stmt *ins;      /* new record */
	sqlite3_stmt *upd;      /* replace record */
	sqlite3_stmt *del_aff;  /* affects of a rid */
	sqlite3_stmt *ins_aff;  /* one affects row */
	sqlite3_stmt *del_by;   /* byname rows of a rid (before del_aff) */
	sqlite3_stmt *del_st;   /* staged byname rows of a rid */
	sqlite3_stmt *ins_by;   /* one byname row, staged (osv_db_commit) */
	sqlite3_stmt *lookup;   /* byname rows by eco_base, name_key */
	sqlite3_stmt *json;     /* json by rid */
};

static const char schema_sql[] =
	"PRAGMA application_id = 1114132310;"
	"PRAGMA user_version = 4;"
	"CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);"
	"INSERT INTO meta VALUES ('format', 'bulkhead-osv'), ('schema', '4');"
	"CREATE TABLE records(rid INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE,"
	" modified TEXT NOT NULL, modified_key TEXT NOT NULL, withdrawn TEXT,"
	" json TEXT NOT NULL);"
	"CREATE TABLE affects(eco_base TEXT NOT NULL, name_key TEXT NOT NULL,"
	" rid INTEGER NOT NULL, ecosystem TEXT NOT NULL,"
	" PRIMARY KEY (eco_base, name_key, rid, ecosystem)) WITHOUT ROWID;"
	"CREATE INDEX affects_rid ON affects(rid);"
	"CREATE TABLE byname(eco_base TEXT NOT NULL, name_key TEXT NOT NULL,"
	" rid INTEGER NOT NULL, id TEXT NOT NULL, withdrawn TEXT,"
	" data BLOB NOT NULL, PRIMARY KEY (eco_base, name_key, rid))"
	" WITHOUT ROWID;";

/* An import's byname rows, staged by rid (new records come in rid
 * order: appends) and written to byname sorted by its key at commit. */
#define STAGE_SQL \
	"CREATE TEMP TABLE stage(eco_base TEXT NOT NULL, name_key TEXT NOT " \
	"NULL, rid INTEGER NOT NULL, id TEXT NOT NULL, withdrawn TEXT, data " \
	"BLOB NOT NULL, PRIMARY KEY (rid, eco_base, name_key)) WITHOUT ROWID"

static int db_err(struct osv_db *db, struct diag *d, const char *what)
{
	int ec = sqlite3_errcode(db->h) & 0xff;
	if (ec == SQLITE_NOTADB || ec == SQLITE_CORRUPT)
		return diag_error(d, BH_EPARSE, 0, 0,
				  "%s: the database is damaged (%s: %s)", db->path,
				  what, sqlite3_errmsg(db->h));
	return diag_error(d, BH_EIO, 0, 0, "%s: %s: %s", db->path, what,
			  sqlite3_errmsg(db->h));
}

static int exec(struct osv_db *db, const char *sql, struct diag *d)
{
	if (sqlite3_exec(db->h, sql, NULL, NULL, NULL) != SQLITE_OK)
		return db_err(db, d, "SQL");
	return 0;
}

static int int_query(struct osv_db *db, const char *sql, long long *out,
		     struct diag *d)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db->h, sql, -1, &st, NULL) != SQLITE_OK)
		return db_err(db, d, "read");
	int rc = sqlite3_step(st);
	*out = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_err(db, d, "read");
	return 0;
}

static int not_ours(struct osv_db *db, struct diag *d)
{
	return diag_error(d, BH_EPARSE, 0, 0,
			  "%s: not a bulkhead vulnerability database", db->path);
}

static int check_schema(struct osv_db *db, bool create, struct diag *d)
{
	long long app, tables, ver;
	/* the first read of a file that is not SQLite fails here */
	if (sqlite3_exec(db->h, "SELECT count(*) FROM sqlite_master", NULL, NULL,
			 NULL) != SQLITE_OK) {
		int ec = sqlite3_errcode(db->h) & 0xff;
		if (ec == SQLITE_NOTADB)
			return not_ours(db, d);
		return db_err(db, d, "open");
	}
	int rc;
	if ((rc = int_query(db, "PRAGMA application_id", &app, d)) ||
	    (rc = int_query(db, "SELECT count(*) FROM sqlite_master", &tables, d)) ||
	    (rc = int_query(db, "PRAGMA user_version", &ver, d)))
		return rc;
	if (app == 0 && tables == 0) {
		if (!create)
			return diag_error(d, BH_EPARSE, 0, 0,
					  "%s: an empty file, not a bulkhead "
					  "vulnerability database", db->path);
		if ((rc = exec(db, "BEGIN IMMEDIATE", d)))
			return rc;
		if ((rc = exec(db, schema_sql, d))) {
			sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
			return rc;
		}
		return exec(db, "COMMIT", d);
	}
	if (app != OSVDB_APP_ID)
		return not_ours(db, d);
	long long meta_schema = -1;
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db->h,
			       "SELECT value FROM meta WHERE key = 'schema'", -1,
			       &st, NULL) != SQLITE_OK)
		return not_ours(db, d);
	int s = sqlite3_step(st);
	if (s == SQLITE_ROW)
		meta_schema = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	if (s != SQLITE_ROW && s != SQLITE_DONE)
		return db_err(db, d, "read");
	if (ver != OSVDB_SCHEMA || meta_schema != OSVDB_SCHEMA)
		return diag_error(d, BH_EPARSE, 0, 0,
				  "%s: vulnerability database schema %lld, this "
				  "bulkhead reads schema %d (import again into a "
				  "new file)", db->path,
				  ver != OSVDB_SCHEMA ? ver : meta_schema,
				  OSVDB_SCHEMA);
	return 0;
}

/* one descent of the byname key: a name's rows lie together, in rid
 * order, one per record */
const char osv_db_lookup_sql[] = "SELECT rid, id, withdrawn, data FROM byname "
				 "WHERE eco_base = ?1 AND name_key = ?2";

static int prepare(struct osv_db *db, struct diag *d, bool rw)
{
	struct {
		sqlite3_stmt **st;
		const char *sql;
		bool rw;
	} q[] = {
		{&db->find, "SELECT rid, modified_key FROM records WHERE id = ?1",
		 true},
		{&db->ins, "INSERT INTO records(id, modified, modified_key, "
			   "withdrawn, json) VALUES (?1, ?2, ?3, ?4, ?5)", true},
		{&db->upd, "UPDATE records SET modified = ?2, modified_key = ?3, "
			   "withdrawn = ?4, json = ?5 WHERE rid = ?1", true},
		{&db->del_aff, "DELETE FROM affects WHERE rid = ?1", true},
		{&db->ins_aff, "INSERT OR IGNORE INTO affects(eco_base, name_key, "
			       "rid, ecosystem) VALUES (?1, ?2, ?3, ?4)", true},
		/* the record's byname rows are found through its affects
		 * rows (the same keys), so byname needs no index on rid */
		{&db->del_by, "DELETE FROM byname WHERE (eco_base, name_key, "
			      "rid) IN (SELECT eco_base, name_key, rid FROM "
			      "affects WHERE rid = ?1)", true},
		{&db->del_st, "DELETE FROM temp.stage WHERE rid = ?1", true},
		{&db->ins_by, "INSERT OR IGNORE INTO temp.stage(eco_base, name_key, "
			      "rid, id, withdrawn, data) VALUES (?1, ?2, ?3, ?4, "
			      "?5, ?6)", true},
		{&db->lookup, osv_db_lookup_sql, false},
		{&db->json, "SELECT json FROM records WHERE rid = ?1", false},
	};
	for (size_t i = 0; i < sizeof(q) / sizeof(q[0]); i++) {
		if (q[i].rw && !rw)
			continue;
		if (sqlite3_prepare_v3(db->h, q[i].sql, -1,
				       SQLITE_PREPARE_PERSISTENT, q[i].st,
				       NULL) != SQLITE_OK)
			return db_err(db, d, "prepare");
	}
	return 0;
}

int osv_db_open(const char *path, bool create, struct osv_db **out,
		struct diag *d)
{
	*out = NULL;
	struct osv_db *db = calloc(1, sizeof(*db));
	if (!db || !(db->path = strdup(path))) {
		free(db);
		return diag_error(d, BH_ENOMEM, 0, 0, "out of memory");
	}
	/* a handle is used by one thread at a time (each caller opens its
	 * own): SQLite's per-call connection mutex is not needed */
	int flags = (create ? SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE
			    : SQLITE_OPEN_READONLY) | SQLITE_OPEN_NOMUTEX;
	int rc;
	/* a FIFO or a device as the database would block SQLite's open (or
	 * be read as pages): refused by its type, never opened */
	struct stat st;
	if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
		rc = diag_error(d, BH_EIO, 0, 0, "%s: not a regular file (%s)",
				path, io_file_type(st.st_mode));
		osv_db_close(db);
		return rc;
	}
	if (sqlite3_open_v2(path, &db->h, flags, NULL) != SQLITE_OK) {
		rc = diag_error(d, BH_EIO, 0, 0, "%s: cannot open: %s", path,
				db->h ? sqlite3_errmsg(db->h) : "out of memory");
		osv_db_close(db);
		return rc;
	}
	sqlite3_extended_result_codes(db->h, 0);
	sqlite3_db_config(db->h, SQLITE_DBCONFIG_DEFENSIVE, 1, (int *)NULL);
	sqlite3_db_config(db->h, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, (int *)NULL);
	sqlite3_busy_timeout(db->h, 30000);
	if ((rc = check_schema(db, create, d)) ||
	    (create && (rc = exec(db, "PRAGMA synchronous = NORMAL;"
				  "PRAGMA cache_size = -65536;" STAGE_SQL, d))) ||
	    (rc = prepare(db, d, create)) ||
	    /* a read-only handle reads one snapshot: a read transaction
	     * held until close spares each lookup SQLite's re-check of the
	     * file (lock, journal, page 1) and gives the matcher one
	     * consistent database; an import waits for it (busy timeout) */
	    (!create && (rc = exec(db, "BEGIN", d)))) {
		osv_db_close(db);
		return rc;
	}
	*out = db;
	return 0;
}

void osv_db_close(struct osv_db *db)
{
	if (!db)
		return;
	sqlite3_finalize(db->find);
	sqlite3_finalize(db->ins);
	sqlite3_finalize(db->upd);
	sqlite3_finalize(db->del_aff);
	sqlite3_finalize(db->ins_aff);
	sqlite3_finalize(db->del_by);
	sqlite3_finalize(db->del_st);
	sqlite3_finalize(db->ins_by);
	sqlite3_finalize(db->lookup);
	sqlite3_finalize(db->json);
	if (db->h && !sqlite3_get_autocommit(db->h))
		sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
	sqlite3_close(db->h);
	free(db->path);
	free(db);
}

int osv_db_begin(struct osv_db *db, struct diag *d)
{
	return exec(db, "BEGIN IMMEDIATE", d);
}

/* The import's byname rows go in key order: appended to the tree's end
 * in a new database (full pages, no splits), near their neighbours in
 * an older one. */
int osv_db_commit(struct osv_db *db, struct diag *d)
{
	return exec(db, "INSERT OR IGNORE INTO byname(eco_base, name_key, rid,"
			" id, withdrawn, data) SELECT eco_base, name_key, rid,"
			" id, withdrawn, data FROM temp.stage ORDER BY eco_base,"
			" name_key, rid;"
			"DELETE FROM temp.stage;"
			"COMMIT", d);
}

void osv_db_rollback(struct osv_db *db)
{
	if (!sqlite3_get_autocommit(db->h))
		sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
}

static int step_done(struct osv_db *db, sqlite3_stmt *st, struct diag *d)
{
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	if (rc != SQLITE_DONE)
		return db_err(db, d, "write");
	return 0;
}

/* ---- the compact form of affected[] (table byname) ----------------------
 * u32 naff, then per entry: str ecosystem, str name, u32 nranges, per
 * range u8 type, u32 nev, per event u8 kind, str value; u32 nversions,
 * str per version; sevs; str db_severity.  Then the record's str
 * summary, u32 naliases, str per alias, sevs, str db_severity.  sevs:
 * u32 n, per severity str type, str score.  u32: little-endian; str:
 * u8 0 (NULL) or u8 1 and the bytes with their NUL. */

struct enc {
	unsigned char *b;
	size_t n, cap;
	bool fail;
};

static void put(struct enc *e, const void *p, size_t n)
{
	if (e->fail)
		return;
	if (e->cap - e->n < n) {
		size_t cap = e->cap ? e->cap : 256;
		while (cap - e->n < n)
			cap *= 2;
		unsigned char *g = realloc(e->b, cap);
		if (!g) {
			e->fail = true;
			return;
		}
		e->b = g;
		e->cap = cap;
	}
	memcpy(e->b + e->n, p, n);
	e->n += n;
}

static void put_u8(struct enc *e, unsigned v)
{
	unsigned char c = (unsigned char)v;
	put(e, &c, 1);
}

static void put_u32(struct enc *e, size_t v)
{
	unsigned char c[4] = { (unsigned char)v, (unsigned char)(v >> 8),
			       (unsigned char)(v >> 16), (unsigned char)(v >> 24) };
	if (v > 0xffffffffu)
		e->fail = true;
	put(e, c, 4);
}

static void put_str(struct enc *e, const char *s)
{
	put_u8(e, s != NULL);
	if (s)
		put(e, s, strlen(s) + 1);
}

static void put_sevs(struct enc *e, const struct osv_severity *s, size_t n)
{
	put_u32(e, n);
	for (size_t i = 0; i < n; i++) {
		put_str(e, s[i].type);
		put_str(e, s[i].score);
	}
}

int osv_ranges_encode(const struct osv_record *r, unsigned char **out,
		      size_t *len)
{
	struct enc e = { 0 };
	put_u32(&e, r->naff);
	for (size_t i = 0; i < r->naff; i++) {
		const struct osv_affected *a = &r->aff[i];
		put_str(&e, a->ecosystem);
		put_str(&e, a->name);
		put_u32(&e, a->nranges);
		for (size_t j = 0; j < a->nranges; j++) {
			const struct osv_range *g = &a->ranges[j];
			put_u8(&e, g->type);
			put_u32(&e, g->nev);
			for (size_t k = 0; k < g->nev; k++) {
				put_u8(&e, g->ev[k].kind);
				put_str(&e, g->ev[k].value);
			}
		}
		put_u32(&e, a->nversions);
		for (size_t j = 0; j < a->nversions; j++)
			put_str(&e, a->versions[j]);
		put_sevs(&e, a->sev, a->nsev);
		put_str(&e, a->db_severity);
	}
	put_str(&e, r->summary);
	put_u32(&e, r->naliases);
	for (size_t i = 0; i < r->naliases; i++)
		put_str(&e, r->aliases[i]);
	put_sevs(&e, r->sev, r->nsev);
	put_str(&e, r->db_severity);
	if (e.fail) {
		free(e.b);
		*out = NULL;
		*len = 0;
		return BH_ENOMEM;
	}
	*out = e.b;
	*len = e.n;
	return 0;
}

struct dec {
	const unsigned char *p, *end;
	bool bad;
	/* every array of the decoded record comes from one block: its
	 * arrays need at most 8 bytes per byte of the form (an event, 16
	 * bytes, takes 2 bytes there; a string pointer 1; an affected entry,
	 * 80, takes 15; a range, 24, takes 5), so a form that needs more
	 * is damaged */
	unsigned char *mem;
	size_t used, cap;
};

#define DEC_PER_BYTE 8

static size_t get_u8(struct dec *d)
{
	if (d->bad || d->p >= d->end) {
		d->bad = true;
		return 0;
	}
	return *d->p++;
}

/* A count: every element takes at least one more byte, so a count above
 * the bytes left is damage (and never a huge allocation). */
static size_t get_count(struct dec *d)
{
	if (d->bad || d->end - d->p < 4) {
		d->bad = true;
		return 0;
	}
	size_t v = (size_t)d->p[0] | (size_t)d->p[1] << 8 |
		   (size_t)d->p[2] << 16 | (size_t)d->p[3] << 24;
	d->p += 4;
	if (v > (size_t)(d->end - d->p))
		d->bad = true;
	return d->bad ? 0 : v;
}

/* n zeroed elements of size bytes from the block (NULL for none, or on
 * damage: d->bad) */
static void *take(struct dec *d, size_t n, size_t size)
{
	if (d->bad || !n)
		return NULL;
	size_t at = (d->used + 7) & ~(size_t)7;
	if (at > d->cap || n > (d->cap - at) / size) {
		d->bad = true;
		return NULL;
	}
	void *m = d->mem + at;
	memset(m, 0, n * size);
	d->used = at + n * size;
	return m;
}

static char *get_str(struct dec *d)
{
	size_t tag = get_u8(d);
	if (d->bad || tag == 0)
		return NULL;
	const unsigned char *z = tag == 1 ? memchr(d->p, 0, (size_t)(d->end - d->p))
					  : NULL;
	if (!z) {
		d->bad = true;
		return NULL;
	}
	char *s = (char *)d->p;
	d->p = z + 1;
	return s;
}

static void clear(struct osv_record *r)
{
	r->aff = NULL;
	r->naff = 0;
	r->aliases = NULL;
	r->naliases = 0;
	r->sev = NULL;
	r->nsev = 0;
	r->summary = NULL;
	r->db_severity = NULL;
}

/* The arrays are one block, held by r->aff (see osv_ranges_decode). */
void osv_ranges_free(struct osv_record *r)
{
	free(r->aff);
	clear(r);
}

/* sevs (see the format above) into out and n; d->bad on damage. */
static void get_sevs(struct dec *d, struct osv_severity **out, size_t *n)
{
	size_t ns = get_count(d);
	*out = take(d, ns, sizeof(**out));
	for (size_t k = 0; k < ns && !d->bad; k++) {
		(*out)[k].type = get_str(d);
		(*out)[k].score = get_str(d);
		*n = k + 1;
	}
}

/* The block a form of len bytes may need (0: too long to be one). */
static size_t dec_block(size_t len)
{
	if (len > SIZE_MAX / DEC_PER_BYTE - 8)
		return 0;
	return len ? len * DEC_PER_BYTE : 1;
}

/* Decodes into mem (cap = dec_block(len) bytes, the caller's): r's
 * arrays are taken from it, *used bytes.  BH_EPARSE (r cleared). */
static int decode(const unsigned char *buf, size_t len, struct osv_record *r,
		  unsigned char *mem, size_t cap, size_t *used)
{
	struct dec d = { buf, buf + len, false, mem, 0, cap };
	clear(r);
	size_t naff = get_count(&d);
	r->aff = take(&d, naff, sizeof(*r->aff));
	for (size_t i = 0; i < naff && !d.bad; i++) {
		struct osv_affected *a = &r->aff[i];
		r->naff = i + 1;
		a->ecosystem = get_str(&d);
		a->name = get_str(&d);
		size_t ng = get_count(&d);
		a->ranges = take(&d, ng, sizeof(*a->ranges));
		for (size_t j = 0; j < ng && !d.bad; j++) {
			struct osv_range *g = &a->ranges[j];
			a->nranges = j + 1;
			size_t t = get_u8(&d);
			if (t > OSV_RANGE_OTHER)
				d.bad = true;
			g->type = (enum osv_range_type)t;
			size_t ne = get_count(&d);
			g->ev = take(&d, ne, sizeof(*g->ev));
			for (size_t k = 0; k < ne && !d.bad; k++) {
				size_t kind = get_u8(&d);
				if (kind > OSV_EV_LIMIT)
					d.bad = true;
				g->ev[k].kind = (enum osv_event_kind)kind;
				g->ev[k].value = get_str(&d);
				g->nev = k + 1;
			}
		}
		size_t nv = get_count(&d);
		a->versions = take(&d, nv, sizeof(char *));
		for (size_t j = 0; j < nv && !d.bad; j++) {
			a->versions[j] = get_str(&d);
			a->nversions = j + 1;
		}
		get_sevs(&d, &a->sev, &a->nsev);
		a->db_severity = get_str(&d);
	}
	if (!d.bad) {
		r->summary = get_str(&d);
		size_t na = get_count(&d);
		r->aliases = take(&d, na, sizeof(char *));
		for (size_t j = 0; j < na && !d.bad; j++) {
			r->aliases[j] = get_str(&d);
			r->naliases = j + 1;
		}
		get_sevs(&d, &r->sev, &r->nsev);
		r->db_severity = get_str(&d);
	}
	if (!d.bad && d.p != d.end)
		d.bad = true;   /* bytes after the last entry */
	*used = d.used;
	if (d.bad) {
		clear(r);
		return BH_EPARSE;
	}
	return 0;
}

/* The record's arrays come from one malloc'd block: r->aff is its start
 * (the affected array when there is one; with no affected entries but
 * aliases or severities it holds the block with naff 0), so
 * osv_ranges_free frees it at once. */
int osv_ranges_decode(const unsigned char *buf, size_t len,
		      struct osv_record *r)
{
	clear(r);
	size_t cap = dec_block(len), used = 0;
	if (!cap)
		return BH_EPARSE;
	unsigned char *mem = malloc(cap);
	if (!mem)
		return BH_ENOMEM;
	int rc = decode(buf, len, r, mem, cap, &used);
	if (rc || !used) {
		free(mem);
		return rc;      /* nothing taken: r->aff stays NULL */
	}
	r->aff = (struct osv_affected *)(void *)mem;
	return 0;
}

/* The record's affects rows, one per (ecosystem base, name key,
 * ecosystem), and its byname rows, one per (ecosystem base, name key),
 * each with the whole record's pre-decoded form (osv_ranges_encode). */
static int index_record(struct osv_db *db, sqlite3_int64 rid,
			const struct osv_record *r, struct diag *d)
{
	unsigned char *blob;
	size_t blen;
	if (osv_ranges_encode(r, &blob, &blen))
		return diag_error(d, BH_ENOMEM, 0, 0, "out of memory");
	int rc = 0;
	for (size_t i = 0; i < r->naff && !rc; i++) {
		const struct osv_affected *a = &r->aff[i];
		if (!a->name[0] || !a->ecosystem[0])
			continue;
		size_t bn = strlen(a->ecosystem) + 1, kn = strlen(a->name) + 1;
		char *base = malloc(bn), *key = malloc(kn);
		if (!base || !key) {
			free(base);
			free(key);
			rc = diag_error(d, BH_ENOMEM, 0, 0, "out of memory");
			break;
		}
		osv_eco_base(a->ecosystem, base, bn);
		osv_name_key(base, a->name, key, kn);
		sqlite3_bind_text(db->ins_aff, 1, base, -1, SQLITE_STATIC);
		sqlite3_bind_text(db->ins_aff, 2, key, -1, SQLITE_STATIC);
		sqlite3_bind_int64(db->ins_aff, 3, rid);
		sqlite3_bind_text(db->ins_aff, 4, a->ecosystem, -1, SQLITE_STATIC);
		rc = step_done(db, db->ins_aff, d);
		if (!rc) {
			sqlite3_stmt *st = db->ins_by;
			sqlite3_bind_text(st, 1, base, -1, SQLITE_STATIC);
			sqlite3_bind_text(st, 2, key, -1, SQLITE_STATIC);
			sqlite3_bind_int64(st, 3, rid);
			sqlite3_bind_text(st, 4, r->id, -1, SQLITE_STATIC);
			if (r->withdrawn)
				sqlite3_bind_text(st, 5, r->withdrawn, -1,
						  SQLITE_STATIC);
			else
				sqlite3_bind_null(st, 5);
			sqlite3_bind_blob(st, 6, blen ? blob : (const void *)"",
					  (int)blen, SQLITE_STATIC);
			rc = step_done(db, st, d);
		}
		free(base);
		free(key);
	}
	free(blob);
	return rc;
}

static void bind_record(sqlite3_stmt *st, const struct osv_record *r,
			const char *key, const char *json)
{
	sqlite3_bind_text(st, 2, r->modified, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, key, -1, SQLITE_STATIC);
	if (r->withdrawn)
		sqlite3_bind_text(st, 4, r->withdrawn, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, 4);
	sqlite3_bind_text(st, 5, json, -1, SQLITE_STATIC);
}

int osv_db_import(struct osv_db *db, const char *buf, size_t len,
		  const char *name, enum osv_import_status *status,
		  struct diag *d)
{
	struct osv_record r;
	char *json = NULL;
	int rc = osv_parse_ex(buf, len, name, &r, &json, d);
	if (rc)
		return rc;
	char key[OSV_TIME_KEY];
	osv_time_key(r.modified, key, sizeof(key)); /* checked by the parser */
	sqlite3_bind_text(db->find, 1, r.id, -1, SQLITE_STATIC);
	int s = sqlite3_step(db->find);
	sqlite3_int64 rid = 0;
	int newer = 1;
	if (s == SQLITE_ROW) {
		rid = sqlite3_column_int64(db->find, 0);
		const char *old = (const char *)sqlite3_column_text(db->find, 1);
		newer = old ? strcmp(key, old) > 0 : 1;
	}
	sqlite3_reset(db->find);
	sqlite3_clear_bindings(db->find);
	if (s != SQLITE_ROW && s != SQLITE_DONE) {
		rc = db_err(db, d, "read");
		goto out;
	}
	if (s == SQLITE_DONE) {
		sqlite3_bind_text(db->ins, 1, r.id, -1, SQLITE_STATIC);
		bind_record(db->ins, &r, key, json);
		if ((rc = step_done(db, db->ins, d)))
			goto out;
		rid = sqlite3_last_insert_rowid(db->h);
		rc = index_record(db, rid, &r, d);
		*status = OSV_ADDED;
	} else if (newer) {
		sqlite3_bind_int64(db->upd, 1, rid);
		bind_record(db->upd, &r, key, json);
		if ((rc = step_done(db, db->upd, d)))
			goto out;
		sqlite3_bind_int64(db->del_by, 1, rid);
		if ((rc = step_done(db, db->del_by, d)))
			goto out;
		sqlite3_bind_int64(db->del_st, 1, rid);
		if ((rc = step_done(db, db->del_st, d)))
			goto out;
		sqlite3_bind_int64(db->del_aff, 1, rid);
		if ((rc = step_done(db, db->del_aff, d)))
			goto out;
		rc = index_record(db, rid, &r, d);
		*status = OSV_REPLACED;
	} else {
		*status = OSV_UNCHANGED;
	}
out:
	free(json);
	osv_record_free(&r);
	return rc;
}

struct hit {
	sqlite3_int64 rid;
	const char *id;         /* into the lookup's row buffer: */
	const char *withdrawn;  /* id NUL [withdrawn NUL] data; or NULL */
	const unsigned char *data;
	size_t len;             /* of data */
	size_t at, il, wl;      /* offset of id in the row buffer, the
				 * lengths of id and of withdrawn NUL (0:
				 * none) */
};

static int cmp_hit(const void *a, const void *b)
{
	return strcmp(((const struct hit *)a)->id, ((const struct hit *)b)->id);
}

static int damaged(struct osv_db *db, const char *id, const char *what,
		   struct diag *d)
{
	return diag_error(d, BH_EPARSE, 0, 0,
			  "%s: the database is damaged (record %s: %s)",
			  db->path, id, what);
}

/* The whole record rid from its JSON, then fn. */
static int full_record(struct osv_db *db, const struct hit *h, osv_db_fn fn,
		       void *arg, struct diag *d)
{
	sqlite3_stmt *st = db->json;
	sqlite3_bind_int64(st, 1, h->rid);
	int s = sqlite3_step(st);
	int rc = 0;
	if (s == SQLITE_ROW) {
		const char *json = (const char *)sqlite3_column_text(st, 0);
		size_t jl = (size_t)sqlite3_column_bytes(st, 0);
		struct osv_record r;
		struct diag rd;
		diag_init(&rd, h->id);
		if (!json)
			rc = damaged(db, h->id, "no JSON", d);
		else if (osv_parse(json, jl, h->id, &r, &rd))
			rc = damaged(db, h->id, rd.message, d);
		else if (strcmp(r.id, h->id)) {
			rc = damaged(db, h->id, "the JSON holds another id", d);
			osv_record_free(&r);
		} else {
			rc = fn(&r, arg);
			osv_record_free(&r);
		}
	} else if (s == SQLITE_DONE) {
		rc = damaged(db, h->id, "no JSON", d);
	} else {
		rc = db_err(db, d, "lookup");
	}
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return rc;
}

int osv_db_lookup(struct osv_db *db, const char *eco_base, const char *name,
		  osv_db_fn fn, void *arg, struct diag *d)
{
	return osv_db_lookup_ex(db, eco_base, name, NULL, fn, arg, d);
}

int osv_db_lookup_ex(struct osv_db *db, const char *eco_base, const char *name,
		     osv_db_pre_fn pre, osv_db_fn fn, void *arg, struct diag *d)
{
	size_t kn = strlen(name) + 1;
	char kbuf[256];
	char *key = kn <= sizeof(kbuf) ? kbuf : malloc(kn);
	if (!key)
		return diag_error(d, BH_ENOMEM, 0, 0, "out of memory");
	osv_name_key(eco_base, name, key, kn);
	sqlite3_stmt *st = db->lookup;
	sqlite3_bind_text(st, 1, eco_base, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, key, -1, SQLITE_STATIC);
	/* rows first (copied: a step invalidates the last row's text; all
	 * into one buffer), then sorted by id, then judged (pre, each decoded
	 * into one reused block) and parsed one at a time */
	struct hit *hits = NULL;
	size_t nh = 0, cap = 0;
	char *rows = NULL;
	size_t rn = 0, rcap = 0;
	sqlite3_int64 last = -1;
	int rc = 0, s;
	while ((s = sqlite3_step(st)) == SQLITE_ROW) {
		sqlite3_int64 rid = sqlite3_column_int64(st, 0);
		if (rid == last)
			continue;
		last = rid;
		const char *id = (const char *)sqlite3_column_text(st, 1);
		size_t il = (size_t)sqlite3_column_bytes(st, 1);
		const char *wd = (const char *)sqlite3_column_text(st, 2);
		size_t wl = wd ? (size_t)sqlite3_column_bytes(st, 2) + 1 : 0;
		const void *data = sqlite3_column_blob(st, 3);
		size_t dl = (size_t)sqlite3_column_bytes(st, 3);
		if (!id || (!data && dl)) {
			rc = diag_error(d, BH_EPARSE, 0, 0,
					"%s: the database is damaged (a record "
					"without id or ranges)", db->path);
			break;
		}
		if (nh == cap) {
			cap = cap ? 2 * cap : 8;
			struct hit *g = realloc(hits, cap * sizeof(*hits));
			if (!g) {
				rc = diag_error(d, BH_ENOMEM, 0, 0, "out of memory");
				break;
			}
			hits = g;
		}
		/* 8-byte aligned rows (the sizes are SQLite's, below 2^31) */
		size_t need = (il + 1 + wl + dl + 1 + 7) & ~(size_t)7;
		if (rcap - rn < need) {
			size_t c = rcap ? rcap : 4096;
			while (c - rn < need)
				c *= 2;
			char *g = realloc(rows, c);
			if (!g) {
				rc = diag_error(d, BH_ENOMEM, 0, 0, "out of memory");
				break;
			}
			rows = g;
			rcap = c;
		}
		char *m = rows + rn;
		memcpy(m, id, il + 1);
		if (wd)
			memcpy(m + il + 1, wd, wl);
		if (dl)
			memcpy(m + il + 1 + wl, data, dl);
		hits[nh++] = (struct hit){ .rid = rid, .len = dl, .at = rn,
					   .il = il, .wl = wl };
		rn += need;
	}
	if (!rc && s != SQLITE_DONE)
		rc = db_err(db, d, "lookup");
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	if (key != kbuf)
		free(key);
	/* the rows are where the buffer ended up */
	for (size_t i = 0; i < nh; i++) {
		char *m = rows + hits[i].at;
		hits[i].id = m;
		hits[i].withdrawn = hits[i].wl ? m + hits[i].il + 1 : NULL;
		hits[i].data = (const unsigned char *)m + hits[i].il + 1 + hits[i].wl;
	}
	if (nh > 1)
		qsort(hits, nh, sizeof(*hits), cmp_hit);
	unsigned char *blk = NULL;
	size_t bcap = 0;
	for (size_t i = 0; i < nh && !rc; i++) {
		if (pre) {
			struct osv_record sk = { 0 };
			size_t need = dec_block(hits[i].len), used;
			if (!need) {
				rc = damaged(db, hits[i].id, "undecodable ranges", d);
				break;
			}
			if (need > bcap) {
				size_t c = bcap ? bcap : 16384;
				while (c < need)
					c = c > SIZE_MAX / 2 ? need : c * 2;
				free(blk);
				if (!(blk = malloc(c))) {
					rc = diag_error(d, BH_ENOMEM, 0, 0, "out of memory");
					break;
				}
				bcap = c;
			}
			if (decode(hits[i].data, hits[i].len, &sk, blk, need, &used)) {
				rc = damaged(db, hits[i].id, "undecodable ranges", d);
				break;
			}
			sk.id = (char *)hits[i].id;
			sk.withdrawn = (char *)hits[i].withdrawn;
			if (!pre(&sk, arg))
				continue;
		}
		rc = full_record(db, &hits[i], fn, arg, d);
	}
	free(blk);
	free(rows);
	free(hits);
	return rc;
}

static int counts(struct osv_db *db, const char *sql, struct osv_db_count **out,
		  size_t *n, struct diag *d)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db->h, sql, -1, &st, NULL) != SQLITE_OK)
		return db_err(db, d, "read");
	size_t cap = 0;
	int s, rc = 0;
	while ((s = sqlite3_step(st)) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap ? 2 * cap : 16;
			struct osv_db_count *g = realloc(*out, cap * sizeof(**out));
			if (!g) {
				rc = diag_error(d, BH_ENOMEM, 0, 0, "out of memory");
				break;
			}
			*out = g;
		}
		const char *e = (const char *)sqlite3_column_text(st, 0);
		(*out)[*n].ecosystem = strdup(e ? e : "");
		(*out)[*n].records = (size_t)sqlite3_column_int64(st, 1);
		if (!(*out)[*n].ecosystem) {
			rc = diag_error(d, BH_ENOMEM, 0, 0, "out of memory");
			break;
		}
		(*n)++;
	}
	if (!rc && s != SQLITE_DONE)
		rc = db_err(db, d, "read");
	sqlite3_finalize(st);
	return rc;
}

int osv_db_info(struct osv_db *db, struct osv_db_info *out, struct diag *d)
{
	memset(out, 0, sizeof(*out));
	long long n, w;
	int rc;
	if ((rc = int_query(db, "SELECT count(*) FROM records", &n, d)) ||
	    (rc = int_query(db, "SELECT count(withdrawn) FROM records", &w, d)))
		return rc;
	out->records = (size_t)n;
	out->withdrawn = (size_t)w;
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db->h,
			       "SELECT modified FROM records ORDER BY "
			       "modified_key DESC, id LIMIT 1",
			       -1, &st, NULL) != SQLITE_OK)
		return db_err(db, d, "read");
	if (sqlite3_step(st) == SQLITE_ROW) {
		out->newest_modified =
			strdup((const char *)sqlite3_column_text(st, 0));
		if (!out->newest_modified)
			rc = diag_error(d, BH_ENOMEM, 0, 0, "out of memory");
	}
	sqlite3_finalize(st);
	if (!rc)
		rc = counts(db, "SELECT eco_base, count(DISTINCT rid) FROM "
				"affects GROUP BY eco_base ORDER BY eco_base",
			    &out->bases, &out->nbases, d);
	if (!rc)
		rc = counts(db, "SELECT ecosystem, count(DISTINCT rid) FROM "
				"affects GROUP BY ecosystem ORDER BY ecosystem",
			    &out->ecos, &out->necos, d);
	if (rc)
		osv_db_info_free(out);
	return rc;
}

void osv_db_info_free(struct osv_db_info *info)
{
	free(info->newest_modified);
	for (size_t i = 0; i < info->nbases; i++)
		free(info->bases[i].ecosystem);
	free(info->bases);
	for (size_t i = 0; i < info->necos; i++)
		free(info->ecos[i].ecosystem);
	free(info->ecos);
	memset(info, 0, sizeof(*info));
}
