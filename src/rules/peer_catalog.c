/* SPDX-License-Identifier: Apache-2.0
 *
 * peer_catalog.c - which ids the peer tools really have, whether or not a
 * rule of ours maps to them.
 *
 * This file owns one question: is an id that no rule of ours maps to a
 * real id of hadolint (and the ShellCheck codes it reports), Trivy's
 * Dockerfile and Kubernetes checks, Checkov's Dockerfile and Kubernetes
 * checks, or Dockle?  A pragma or config naming such an id is correct for
 * that tool and merely has no effect here, so it is accepted quietly; an
 * id in no catalogue (a typo, DS-9999) is warned about.  The catalogues
 * are the peers' rule lists as of ../shared/research/anchors.md (section
 * A) and the hadolint source tree (src/Hadolint/Rule/, DL1001-DL4007).
 * Tests: tests/unit/rules/test_peer_ids.c.
 */
#include "rule.h"

#include <stdio.h>
#include <string.h>

struct range {
	const char *prefix;     /* canonical prefix, bh_peer_id_canon() form */
	unsigned lo, hi;        /* numbers lo..hi */
};

/* Numbered ids as bh_peer_id_canon() writes them: PREFIX-N. */
static const struct range numbered[] = {
	{ "DL", 1001, 1001 }, { "DL", 3000, 3077 }, { "DL", 4000, 4001 },
	{ "DL", 4003, 4007 },
	{ "SC", 1000, 3999 },                      /* ShellCheck, via hadolint */
	{ "DS", 1, 2 }, { "DS", 4, 17 }, { "DS", 19, 27 }, { "DS", 29, 31 },
	{ "KSV", 1, 18 }, { "KSV", 20, 28 }, { "KSV", 30, 30 },
	{ "KSV", 32, 56 }, { "KSV", 102, 125 }, { "KSV", 1010, 1011 },
	{ "CIS-DI", 1, 11 }, { "DKL-DI", 1, 6 }, { "DKL-LI", 1, 3 },
};

/* Checkov: PREFIX_N. */
static const struct range checkov[] = {
	{ "CKV_DOCKER", 1, 11 }, { "CKV2_DOCKER", 1, 17 },
	{ "CKV_K8S", 1, 159 }, { "CKV2_K8S", 1, 6 },
};

static bool in_ranges(const struct range *r, size_t n, const char *prefix,
		      size_t plen, unsigned num)
{
	for (size_t i = 0; i < n; i++)
		if (strlen(r[i].prefix) == plen &&
		    !strncmp(r[i].prefix, prefix, plen) && num >= r[i].lo &&
		    num <= r[i].hi)
			return true;
	return false;
}

/* "PREFIX<sep>DIGITS": the prefix length and the number, or false. */
static bool split(const char *s, char sep, size_t *plen, unsigned *num)
{
	const char *p = strrchr(s, sep);
	if (!p || p == s || !p[1] || strlen(p + 1) > 6)
		return false;
	unsigned v = 0;
	for (const char *d = p + 1; *d; d++) {
		if (*d < '0' || *d > '9')
			return false;
		v = v * 10 + (unsigned)(*d - '0');
	}
	*plen = (size_t)(p - s);
	*num = v;
	return true;
}

bool bh_peer_id_known(const char *id)
{
	char c[128];
	bh_peer_id_canon(id, c, sizeof(c));
	/* "Dockle:CIS-DI-0001": the tool is optional */
	const char *s = strchr(c, ':') ? strchr(c, ':') + 1 : c;
	size_t plen;
	unsigned num;
	if (split(s, '-', &plen, &num) &&
	    in_ranges(numbered, sizeof(numbered) / sizeof(*numbered), s, plen, num))
		return true;
	return split(s, '_', &plen, &num) &&
	       in_ranges(checkov, sizeof(checkov) / sizeof(*checkov), s, plen, num);
}
