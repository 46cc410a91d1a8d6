/* SPDX-License-Identifier: Apache-2.0
 *
 * match_db.c - vuln_match_list(): every package of a list looked up in
 * the OSV database (osv_db_lookup_ex by ecosystem base and indexed name)
 * and judged record by record with vuln_match_record() on the form the
 * database keeps pre-decoded (no JSON parsed; parse_all: the reference
 * path, every record's JSON parsed); its affected records merged into rows
 * (vuln_hits_merge).  Kept apart from match.c so
 * the matching rules link without the database.
 * Tests: tests/suites/vuln.sh, tests/unit/vuln/test_match.c (the rules
 * it applies), tests/unit/vuln/test_osvdb.c (test_lookup_ex),
 * tests/suites/osv_real.sh (both paths compared on the real databases).
 */
#include "match.h"

struct lookup {
	const struct vuln_key *k;
	struct vuln_hits *hits;
	struct vuln_result *out;
	int err;
	struct vuln_kver kv;       /* k->version, checked and parsed once */
};

/* The verdict from the pre-decoded form (no JSON parsed): it holds
 * every field matching and a row read (affected[] ecosystems, names,
 * ranges, versions and severities; the record's id, summary, aliases and
 * severities), so an affected record is added from it and its JSON is
 * never parsed (false: osv_db_lookup_ex calls no on_record). */
static bool pre_record(const struct osv_record *r, void *arg)
{
	struct lookup *L = arg;
	if (r->withdrawn) {
		L->out->withdrawn++;
		return false;
	}
	const char *fixed;
	const struct osv_affected *a;
	switch (vuln_match_record_k(L->k, r, &fixed, &a, &L->kv)) {
	case VULN_AFFECTED:
		if (!L->err && vuln_hits_add(L->hits, r, a, fixed))
			L->err = BH_ENOMEM;
		return false;
	case VULN_UNJUDGED:
		L->out->unjudged++;
		return false;
	case VULN_NOT_AFFECTED:
		break;
	}
	return false;
}

static int on_record(const struct osv_record *r, void *arg)
{
	struct lookup *L = arg;
	if (r->withdrawn) {
		L->out->withdrawn++;
		return 0;
	}
	const char *fixed;
	const struct osv_affected *a;
	switch (vuln_match_record(L->k, r, &fixed, &a)) {
	case VULN_AFFECTED:
		if (vuln_hits_add(L->hits, r, a, fixed)) {
			L->err = BH_ENOMEM;
			return 1;
		}
		break;
	case VULN_UNJUDGED:
		L->out->unjudged++;
		break;
	case VULN_NOT_AFFECTED:
		break;
	}
	return 0;
}

int vuln_match_key(struct osv_db *db, const struct vuln_key *k, size_t pkg,
		   bool parse_all, struct vuln_hits *hits,
		   struct vuln_result *out, struct diag *d)
{
	out->looked_up++;
	hits->cmp = k->cmp;
	struct lookup L = { .k = k, .hits = hits, .out = out };
	vuln_key_version(k, &L.kv);
	int rc = osv_db_lookup_ex(db, k->eco, k->name,
				  parse_all ? NULL : pre_record, on_record, &L, d);
	if (L.err)
		rc = L.err;
	if (rc > 0)
		rc = 0;
	if (!rc)
		rc = vuln_hits_merge(hits, pkg, out);
	return rc;
}

int vuln_match_list(struct osv_db *db, const struct sbom_list *l,
		    struct vuln_result *out, struct diag *d)
{
	struct vuln_hits hits = { 0 };
	int rc = 0;
	for (size_t i = 0; i < l->n && !rc; i++) {
		struct vuln_key k;
		if (!vuln_pkg_key(&l->v[i], &k))
			continue;
		rc = vuln_match_key(db, &k, i, false, &hits, out, d);
	}
	vuln_hits_free(&hits);
	return rc;
}
