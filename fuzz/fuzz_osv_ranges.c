/* SPDX-License-Identifier: Apache-2.0
 *
 * fuzz_osv_ranges.c - libFuzzer target for the compact form of a record's
 * affected ranges, summary, aliases and severities the vulnerability
 * database keeps (osv_ranges_decode,
 * src/vuln/osv.h; the bytes come from the database file, which is
 * untrusted).  The input is decoded as such bytes: a failure is BH_EPARSE
 * with the record left empty (aff NULL, naff 0); a success encodes back
 * to exactly the input (the form is canonical), with every range type
 * and event kind in its enum.  The input is also parsed as an OSV record
 * (osv_parse): when that succeeds, its encoding decodes to the same
 * ecosystems, names, ranges, versions and severities, summary and
 * aliases.
 * Seeds: fuzz/corpus/osv_ranges/ and ../shared/fixtures/osv.  Built by
 * fuzz/run.sh.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/diag.h"
#include "vuln/osv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static bool same_str(const char *a, const char *b)
{
	return (!a && !b) || (a && b && !strcmp(a, b));
}

static void same_sev(const struct osv_severity *a, size_t na,
		     const struct osv_severity *b, size_t nb)
{
	if (na != nb)
		abort();
	for (size_t i = 0; i < na; i++)
		if (!same_str(a[i].type, b[i].type) ||
		    !same_str(a[i].score, b[i].score))
			abort();
}

static void same(const struct osv_record *x, const struct osv_record *y)
{
	if (x->naff != y->naff || x->naliases != y->naliases ||
	    !same_str(x->summary, y->summary) ||
	    !same_str(x->db_severity, y->db_severity))
		abort();
	for (size_t i = 0; i < x->naliases; i++)
		if (!same_str(x->aliases[i], y->aliases[i]))
			abort();
	same_sev(x->sev, x->nsev, y->sev, y->nsev);
	for (size_t i = 0; i < x->naff; i++) {
		const struct osv_affected *a = &x->aff[i], *b = &y->aff[i];
		if (!same_str(a->ecosystem, b->ecosystem) ||
		    !same_str(a->name, b->name) || a->nranges != b->nranges ||
		    a->nversions != b->nversions)
			abort();
		for (size_t j = 0; j < a->nranges; j++) {
			const struct osv_range *g = &a->ranges[j], *h = &b->ranges[j];
			if (g->type != h->type || g->nev != h->nev)
				abort();
			for (size_t k = 0; k < g->nev; k++)
				if (g->ev[k].kind != h->ev[k].kind ||
				    !same_str(g->ev[k].value, h->ev[k].value))
					abort();
		}
		for (size_t j = 0; j < a->nversions; j++)
			if (!same_str(a->versions[j], b->versions[j]))
				abort();
		same_sev(a->sev, a->nsev, b->sev, b->nsev);
		if (!same_str(a->db_severity, b->db_severity))
			abort();
	}
}

static bool empty(const struct osv_record *r)
{
	return !r->aff && !r->naff && !r->aliases && !r->naliases && !r->sev &&
	       !r->nsev && !r->summary && !r->db_severity;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* 1. the bytes as the database's compact form */
	struct osv_record r;
	memset(&r, 0, sizeof(r));
	int rc = osv_ranges_decode(data, size, &r);
	if (rc == BH_OK) {
		for (size_t i = 0; i < r.naff; i++)
			for (size_t j = 0; j < r.aff[i].nranges; j++) {
				const struct osv_range *g = &r.aff[i].ranges[j];
				if (g->type > OSV_RANGE_OTHER)
					abort();
				for (size_t k = 0; k < g->nev; k++)
					if (g->ev[k].kind > OSV_EV_LIMIT)
						abort();
			}
		unsigned char *b;
		size_t n;
		if (osv_ranges_encode(&r, &b, &n) == BH_OK) {
			if (n != size || memcmp(b, data, n))
				abort();
			free(b);
		}
		osv_ranges_free(&r);
		if (!empty(&r))
			abort();
	} else if (rc != BH_EPARSE && rc != BH_ENOMEM) {
		abort();
	} else if (!empty(&r)) {
		abort();
	}

	/* 2. the bytes as an OSV record: its encoding round-trips */
	struct diag d;
	diag_init(&d, "fuzz");
	struct osv_record p;
	if (osv_parse((const char *)data, size, "fuzz", &p, &d) == BH_OK) {
		unsigned char *b;
		size_t n;
		if (osv_ranges_encode(&p, &b, &n) == BH_OK) {
			struct osv_record q;
			memset(&q, 0, sizeof(q));
			if (osv_ranges_decode(b, n, &q) != BH_OK)
				abort();
			same(&p, &q);
			osv_ranges_free(&q);
			free(b);
		}
		osv_record_free(&p);
	}
	return 0;
}
