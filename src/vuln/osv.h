/* SPDX-License-Identifier: Apache-2.0
 *
 * osv.h - OSV advisory records (OSV schema 1.0-1.7) and the offline
 * vulnerability database that holds them.
 *
 * The contract between the three parts of vulnerability matching:
 *   osv.c     parses one OSV JSON record into a struct osv_record
 *             (bounded, validated; BH_EPARSE with the JSON line/column
 *             or the field path, e.g. "affected[2].ranges[0].events: ...");
 *   osvdb.c   the SQLite database: import (incremental by `modified`, one
 *             transaction), info, and lookup by (ecosystem, package name);
 *   match.c   decides whether a package version is affected by a record.
 *
 * Ownership: every string and array of a struct osv_record is heap
 * memory owned by the record; osv_record_free() frees them all (and
 * leaves the struct zeroed).  Records handed to an osvdb callback are
 * owned by the database code and live only during the call.
 * Tests: tests/unit/vuln/test_osv.c, tests/unit/vuln/test_osvdb.c,
 * tests/unit/vuln/test_match.c, fuzz/fuzz_osv.c, tests/suites/osv_real.sh.
 */
#ifndef BH_VULN_OSV_H
#define BH_VULN_OSV_H

#include <stdbool.h>
#include <stddef.h>

#include "../util/diag.h"

#define OSV_MAX_RECORD ((size_t)16 << 20) /* bytes of one record */

enum osv_event_kind { OSV_EV_INTRODUCED, OSV_EV_FIXED, OSV_EV_LAST_AFFECTED,
		      OSV_EV_LIMIT };
enum osv_range_type { OSV_RANGE_ECOSYSTEM, OSV_RANGE_SEMVER, OSV_RANGE_GIT,
		      OSV_RANGE_OTHER };

struct osv_event {
	enum osv_event_kind kind;
	char *value;           /* "0" for introduced-from-the-start */
};

struct osv_range {
	enum osv_range_type type;
	struct osv_event *ev;  /* in record order */
	size_t nev;
};

struct osv_severity {
	char *type;            /* "CVSS_V3", "CVSS_V4", "CVSS_V2", "Ubuntu" ... */
	char *score;           /* the vector (or the label) as written */
};

struct osv_affected {
	char *ecosystem;       /* as written: "Debian:12", "Alpine:v3.20", "PyPI" */
	char *name;            /* package.name as written */
	char *purl;            /* package.purl, or NULL */
	struct osv_range *ranges;
	size_t nranges;
	char **versions;       /* explicit affected versions */
	size_t nversions;
	struct osv_severity *sev;   /* affected[].severity (OSV 1.5+) */
	size_t nsev;
	/* ecosystem_specific.severity / .urgency, database_specific.severity,
	 * as a label ("HIGH", "low", "unimportant"), or NULL */
	char *db_severity;
};

struct osv_record {
	char *id;
	char *modified;        /* RFC 3339 as written */
	char *published;       /* or NULL */
	char *withdrawn;       /* or NULL: a withdrawn record matches nothing */
	char *summary;         /* or NULL (then the first line of details) */
	char **aliases;        /* aliases[] and upstream[] (OSV 1.7), no repeats */
	size_t naliases;
	struct osv_severity *sev;
	size_t nsev;
	char *db_severity;     /* database_specific.severity, or NULL */
	struct osv_affected *aff;
	size_t naff;
};

/* Parses one record (buf need not be NUL-terminated; "name" is the file
 * name for messages).  0, BH_EPARSE, BH_ELIMIT, BH_ENOMEM; on error *out
 * is zeroed. */
int osv_parse(const char *buf, size_t len, const char *name,
	      struct osv_record *out, struct diag *d);
void osv_record_free(struct osv_record *r);

/* The ecosystem part before ':' ("Debian:12" -> "Debian") into buf. */
void osv_eco_base(const char *ecosystem, char *buf, size_t size);
/* The name as the database indexes it: PyPI names PEP 503-normalized,
 * every other ecosystem as written. */
void osv_name_key(const char *eco_base, const char *name, char *buf,
		  size_t size);

struct osv_db;

/* Opens (create: makes the file and its schema when missing) the
 * database at path.  BH_EIO (with the SQLite message), BH_EPARSE for a
 * file that is not a bulkhead vulnerability database or has another
 * schema version. */
int osv_db_open(const char *path, bool create, struct osv_db **out,
		struct diag *d);
void osv_db_close(struct osv_db *db);

/* Calls fn for every record (withdrawn ones included: the matcher skips
 * them) that has an affected entry with ecosystem base eco_base and
 * osv_name_key() name.  fn returns 0 to go on, anything else to stop
 * (returned).  BH_EIO/BH_EPARSE on a damaged database. */
typedef int (*osv_db_fn)(const struct osv_record *r, void *arg);
int osv_db_lookup(struct osv_db *db, const char *eco_base, const char *name,
		  osv_db_fn fn, void *arg, struct diag *d);

/* As osv_db_lookup, but each record is first handed to pre as decoded
 * from the compact form the database keeps for matching (no JSON
 * parsed): id, withdrawn, summary, aliases, severities and
 * database_specific severity, and affected[] with ecosystem, name,
 * ranges, versions and severities (modified, published and purl NULL).
 * Only when pre returns true is the record's JSON parsed and fn called
 * with the whole record.  pre NULL: every record parsed (osv_db_lookup). */
typedef bool (*osv_db_pre_fn)(const struct osv_record *skel, void *arg);
int osv_db_lookup_ex(struct osv_db *db, const char *eco_base, const char *name,
		     osv_db_pre_fn pre, osv_db_fn fn, void *arg, struct diag *d);

/* The one SQL statement osv_db_lookup_ex runs per (eco_base, name key):
 * ?1 eco_base, ?2 name key; columns rid, id, withdrawn, data (the compact
 * form).  Static text; exported so tests/osvlookup.c --sql (bench/osvdb.sh)
 * times exactly the query matching reads. */
extern const char osv_db_lookup_sql[];

/* The compact form (osvdb.c): r's affected[] (ecosystem, name, ranges
 * with their events in record order, versions, severity[] and
 * db_severity) and r's summary, aliases, severity[] and db_severity as
 * bytes, malloc'd into *out (BH_ENOMEM); and back: those fields filled
 * with strings pointing into buf (which must outlive them), arrays freed
 * by osv_ranges_free().  Decoding checks every length and count against
 * len: BH_EPARSE (r->aff NULL) on bytes that are not such a form. */
int osv_ranges_encode(const struct osv_record *r, unsigned char **out,
		      size_t *len);
int osv_ranges_decode(const unsigned char *buf, size_t len,
		      struct osv_record *r);
void osv_ranges_free(struct osv_record *r);

/* ---- additions for the database and the CLI (osv.c, osvdb.c) ---- */

/* osv_parse(), and when compact is not NULL the record re-serialised as
 * compact JSON into *compact (malloc'd, the caller frees; NULL on error). */
int osv_parse_ex(const char *buf, size_t len, const char *name,
		 struct osv_record *out, char **compact, struct diag *d);

/* An RFC 3339 time ("2024-01-02T03:04:05.123+02:00", fraction and offset
 * optional/any) as a key that sorts by instant: UTC, nanoseconds, fixed
 * width.  0, or BH_EPARSE when s is not RFC 3339. */
#define OSV_TIME_KEY 32
int osv_time_key(const char *s, char *buf, size_t size);

enum osv_import_status { OSV_ADDED, OSV_REPLACED, OSV_UNCHANGED };

/* One transaction around a whole import: begin, import each record,
 * then commit, or rollback on any error (the database stays as it was). */
int osv_db_begin(struct osv_db *db, struct diag *d);
int osv_db_commit(struct osv_db *db, struct diag *d);
void osv_db_rollback(struct osv_db *db);

/* Parses one record (osv_parse: errors as it gives them, on d) and stores
 * it: added when its id is new, replaced when its `modified` is a later
 * instant than the stored one's, else unchanged (*status). */
int osv_db_import(struct osv_db *db, const char *buf, size_t len,
		  const char *name, enum osv_import_status *status,
		  struct diag *d);

struct osv_db_count {
	char *ecosystem;       /* "PyPI", "Debian" (bases) or "Debian:12" */
	size_t records;        /* records with an affected entry there */
};

struct osv_db_info {
	size_t records;        /* all records */
	size_t withdrawn;      /* of which withdrawn */
	char *newest_modified; /* `modified` as written of the latest, or NULL */
	struct osv_db_count *bases;  /* per ecosystem base, sorted by name */
	size_t nbases;
	struct osv_db_count *ecos;   /* per full ecosystem ("Debian:12") */
	size_t necos;
};

/* Fills *out (heap, freed by osv_db_info_free). BH_EIO/BH_EPARSE. */
int osv_db_info(struct osv_db *db, struct osv_db_info *out, struct diag *d);
void osv_db_info_free(struct osv_db_info *info);

#endif
