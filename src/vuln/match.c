/* SPDX-License-Identifier: Apache-2.0
 *
 * match.c - deciding whether an OSV record affects a package (the OSV
 * schema's "Evaluation" algorithm: events sorted by version, introduced
 * "0" lowest, fixed exclusive, last_affected inclusive, limit gating the
 * range, explicit versions lists, GIT ranges ignored, withdrawn records
 * never matching) and merging a package's affected records into rows
 * through their aliases.  A package's version is parsed once for all its
 * records (vuln_key_version), each range bound once per range
 * (version.h's prepared versions).
 *
 * Not here: parsing records (osv.c), the database (osvdb.c), version
 * order (ver_*.c), CVSS arithmetic (cvss.c), output (src/cli/cmd_vuln.c).
 * The rules and their sources: docs/vuln.md "Matching".
 * Tests: tests/unit/vuln/test_match.c, tests/suites/vuln.sh.
 */
#include "match.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cvss.h"

/* ---- severity names ---------------------------------------------------- */

static const char *const sev_names[VULN_SEV__N] = {
	"UNKNOWN", "LOW", "MEDIUM", "HIGH", "CRITICAL",
};

const char *vuln_sev_name(enum vuln_sev s)
{
	return (unsigned)s < VULN_SEV__N ? sev_names[s] : "UNKNOWN";
}

bool vuln_sev_parse(const char *s, size_t len, enum vuln_sev *out)
{
	for (int i = 0; i < VULN_SEV__N; i++)
		if (strlen(sev_names[i]) == len && !strncasecmp(s, sev_names[i], len)) {
			*out = (enum vuln_sev)i;
			return true;
		}
	if (len == 8 && !strncasecmp(s, "MODERATE", 8)) {
		*out = VULN_SEV_MEDIUM;
		return true;
	}
	return false;
}

/* ---- package keys ------------------------------------------------------ */

static bool copy(char *dst, size_t size, const char *src)
{
	size_t n = strlen(src);
	if (n >= size)
		return false;
	memcpy(dst, src, n + 1);
	return true;
}

static const struct {
	const char *eco;
	enum vuln_eco cmp;
} comparators[] = {
	{ "Debian", VULN_ECO_DPKG }, { "Ubuntu", VULN_ECO_DPKG },
	{ "Alpine", VULN_ECO_APK }, { "Wolfi", VULN_ECO_APK },
	{ "Chainguard", VULN_ECO_APK },
	{ "Red Hat", VULN_ECO_RPM }, { "AlmaLinux", VULN_ECO_RPM },
	{ "Rocky Linux", VULN_ECO_RPM }, { "Mageia", VULN_ECO_RPM },
	{ "openSUSE", VULN_ECO_RPM }, { "SUSE", VULN_ECO_RPM },
	{ "Azure Linux", VULN_ECO_RPM }, { "Mariner", VULN_ECO_RPM },
	{ "PyPI", VULN_ECO_PYPI }, { "npm", VULN_ECO_SEMVER },
	{ "crates.io", VULN_ECO_SEMVER }, { "Go", VULN_ECO_GO },
	{ "Maven", VULN_ECO_MAVEN }, { "RubyGems", VULN_ECO_GEM },
};

enum vuln_eco vuln_osv_comparator(const char *eco_base)
{
	for (size_t i = 0; i < sizeof(comparators) / sizeof(comparators[0]); i++)
		if (!strcmp(eco_base, comparators[i].eco))
			return comparators[i].cmp;
	return VULN_ECO_COUNT;
}

static size_t span_digits(const char *s)
{
	size_t n = 0;
	while (s[n] >= '0' && s[n] <= '9')
		n++;
	return n;
}

bool vuln_go_stdlib_version(const char *v, char *out, size_t size)
{
	char tag[64];
	if (!strncmp(v, "go", 2)) {
		/* a toolchain name: a custom suffix (go1.21.0-bigcorp,
		 * "go1.22.1 X:boringcrypto") is not part of the version, as
		 * go/version and govulncheck read it */
		size_t n = strcspn(v + 2, "-+ ");
		if (n >= sizeof(tag))
			return false;
		memcpy(tag, v + 2, n);
		tag[n] = 0;
		v = tag;
	} else if (*v == 'v') {
		v++;
	}
	size_t a = span_digits(v);
	if (!a || v[a] != '.') {
		if (a && !v[a] && !strncmp(v, "1", a))   /* go1 */
			return (size_t)snprintf(out, size, "1.0.0") < size;
		return false;
	}
	const char *p = v + a + 1;
	size_t b = span_digits(p);
	if (!b)
		return false;
	const char *q = p + b;
	size_t c = 0;
	const char *patch = "0";
	if (*q == '.') {
		c = span_digits(q + 1);
		if (!c)
			return false;
		patch = q + 1;
		q += 1 + c;
	} else {
		c = 1;
	}
	char pre[64] = "";
	if (*q == '-') {                 /* already SemVer: 1.21.0-rc.2 */
		if (strlen(q) >= sizeof(pre))
			return false;
		snprintf(pre, sizeof(pre), "%s", q);
	} else if (*q) {                 /* toolchain: rc2, beta1, -pre1 */
		const char *w = NULL;
		size_t wl = 0;
		if (!strncmp(q, "rc", 2))
			w = "rc", wl = 2;
		else if (!strncmp(q, "beta", 4))
			w = "beta", wl = 4;
		if (!w)
			return false;
		size_t d = span_digits(q + wl);
		if (!d || q[wl + d])
			return false;
		snprintf(pre, sizeof(pre), "-%s.%.*s", w, (int)d, q + wl);
	}
	int n = snprintf(out, size, "%.*s.%.*s.%.*s%s", (int)a, v, (int)b, p,
			 (int)c, patch, pre);
	return n > 0 && (size_t)n < size;
}

/* The OSV ecosystem base of an OS package's purl namespace. */
static const char *os_eco(enum sbom_eco e, const char *ns)
{
	static const struct { enum sbom_eco e; const char *ns, *eco; } map[] = {
		{ SBOM_DEB, "debian", "Debian" }, { SBOM_DEB, "ubuntu", "Ubuntu" },
		{ SBOM_APK, "alpine", "Alpine" }, { SBOM_APK, "wolfi", "Wolfi" },
		{ SBOM_APK, "chainguard", "Chainguard" },
		{ SBOM_RPM, "redhat", "Red Hat" }, { SBOM_RPM, "rhel", "Red Hat" },
		{ SBOM_RPM, "almalinux", "AlmaLinux" },
		{ SBOM_RPM, "rocky", "Rocky Linux" },
		{ SBOM_RPM, "mariner", "Mariner" },
		{ SBOM_RPM, "suse", "SUSE" }, { SBOM_RPM, "opensuse", "openSUSE" },
	};
	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (map[i].e == e && ns && !strcmp(ns, map[i].ns))
			return map[i].eco;
	if (e == SBOM_DEB)
		return "Debian";
	if (e == SBOM_APK)
		return "Alpine";
	return NULL;
}

/* The OSV release of an OS package from its distro qualifier ("debian-12",
 * "alpine-3.18.4", "ubuntu-22.04"): "12", "v3.18", "22.04"; "" unknown. */
static void os_release(const char *eco, const struct sbom_pkg *p, char *out,
		       size_t size)
{
	out[0] = 0;
	if (!p->distro || !p->ns)
		return;
	size_t nl = strlen(p->ns);
	if (strncmp(p->distro, p->ns, nl) || p->distro[nl] != '-')
		return;
	const char *v = p->distro + nl + 1;
	size_t a = span_digits(v);
	if (!a)
		return;
	if (!strcmp(eco, "Alpine")) {          /* 3.18.4 -> v3.18 */
		size_t b = v[a] == '.' ? span_digits(v + a + 1) : 0;
		if (!b)
			return;
		snprintf(out, size, "v%.*s", (int)(a + 1 + b), v);
	} else if (!strcmp(eco, "Ubuntu")) {   /* 22.04 */
		size_t b = v[a] == '.' ? span_digits(v + a + 1) : 0;
		if (b)
			snprintf(out, size, "%.*s", (int)(a + 1 + b), v);
	} else if (strcmp(eco, "Wolfi") && strcmp(eco, "Chainguard")) {
		/* Debian, rpm distributions: the major release */
		snprintf(out, size, "%.*s", (int)a, v);
	}
}

bool vuln_pkg_key(const struct sbom_pkg *p, struct vuln_key *k)
{
	memset(k, 0, sizeof(*k));
	const char *eco = NULL, *name = p->name, *version = p->version;
	switch (p->eco) {
	case SBOM_DEB:
	case SBOM_APK:
		/* advisories name source packages (deb Source:, apk origin)
		 * and give source versions, as Trivy (SrcName,
		 * FormatSrcVersion) and Grype (upstream packages) look
		 * them up */
		eco = os_eco(p->eco, p->ns);
		if (p->src_name && *p->src_name)
			name = p->src_name;
		if (p->src_version && *p->src_version)
			version = p->src_version;
		break;
	case SBOM_RPM:
		/* Red Hat, AlmaLinux, Rocky records name binary rpms;
		 * Mariner's and SUSE's sources are not read yet */
		eco = os_eco(p->eco, p->ns);
		break;
	case SBOM_NPM: eco = "npm"; break;
	case SBOM_PYPI: eco = "PyPI"; break;
	case SBOM_GEM: eco = "RubyGems"; break;
	case SBOM_CARGO: eco = "crates.io"; break;
	case SBOM_MAVEN: eco = "Maven"; break;
	case SBOM_GO: eco = "Go"; break;
	default: return false;
	}
	if (!eco || !name || !version || !*name || !*version)
		return false;
	if (!copy(k->eco, sizeof(k->eco), eco))
		return false;
	k->cmp = vuln_osv_comparator(eco);
	if (p->eco == SBOM_DEB || p->eco == SBOM_APK || p->eco == SBOM_RPM)
		os_release(eco, p, k->release, sizeof(k->release));
	if (p->eco == SBOM_PYPI) {
		if (strlen(name) >= sizeof(k->name))
			return false;
		sbom_pep503(name, k->name, sizeof(k->name));
	} else if (!copy(k->name, sizeof(k->name), name)) {
		return false;
	}
	if (p->eco == SBOM_GO && !strcmp(name, "stdlib")) {
		/* the toolchain row: go1.21rc2 is stdlib 1.21.0-rc.2 */
		if (!vuln_go_stdlib_version(version, k->version, sizeof(k->version)))
			return copy(k->version, sizeof(k->version), version);
		return true;
	}
	return copy(k->version, sizeof(k->version), version);
}

/* ---- one record -------------------------------------------------------- */

/* The base and release of an affected entry's ecosystem: "Debian:12" ->
 * "Debian" + "12"; "Ubuntu:22.04:LTS" -> "22.04"; "Ubuntu:Pro:..." has
 * release "Pro:..." (never equal to an installed release). */
static bool eco_applies(const struct vuln_key *k, const char *eco)
{
	size_t bl = strlen(k->eco);
	if (strncmp(eco, k->eco, bl) || (eco[bl] && eco[bl] != ':'))
		return false;
	if (!eco[bl])
		return true;              /* no release: every release */
	const char *rel = eco + bl + 1;
	if (!k->release[0])
		return false;             /* release unknown: no suffixed entry */
	size_t rl = strlen(k->release);
	if (strncmp(rel, k->release, rl))
		return false;
	/* Ubuntu's ":LTS" (and any further qualifier after the release) */
	return !rel[rl] || (rel[rl] == ':' && !strcmp(k->eco, "Ubuntu"));
}

static bool name_applies(const struct vuln_key *k, const char *name)
{
	if (!name)
		return false;
	if (!strcmp(k->eco, "PyPI")) {
		char norm[VULN_KEY_NAME];
		if (strlen(name) >= sizeof(norm))
			return false;
		sbom_pep503(name, norm, sizeof(norm));
		return !strcmp(norm, k->name);
	}
	return !strcmp(name, k->name);
}

struct ev {
	const struct osv_event *e;
	bool zero;                /* introduced "0" */
	size_t slot;              /* its parse in bounds.pre when below
				   * PRE_EVENTS (else parsed when compared) */
};

/* Compares with error tracking: *bad set when the comparator rejects. */
static int vcmp(enum vuln_eco eco, const char *a, const char *b, bool *bad)
{
	int out = 0;
	if (vuln_version_cmp(eco, a, b, &out) != BH_OK) {
		*bad = true;
		return 0;
	}
	return out;
}

/* The same on prepared versions (the same answers, parsed once). */
static int pcmp(const struct vuln_ver *a, const struct vuln_ver *b, bool *bad)
{
	int out = 0;
	if (vuln_version_cmp_prepared(a, b, &out) != BH_OK) {
		*bad = true;
		return 0;
	}
	return out;
}

#define MAX_EVENTS 1024
/* bounds of a range parsed once each (real ranges have 2 to 10 events);
 * those past it are parsed at each comparison */
#define PRE_EVENTS 32

struct bounds {
	enum vuln_eco eco;
	struct vuln_ver pre[PRE_EVENTS];
};

/* x's bound parsed: its kept parse, or one made in *tmp */
static const struct vuln_ver *bound(const struct bounds *b, const struct ev *x,
				    struct vuln_ver *tmp)
{
	if (x->slot < PRE_EVENTS)
		return &b->pre[x->slot];
	vuln_version_prepare(b->eco, x->e->value, tmp);
	return tmp;
}

/* One range: affected (1), not (0) or unjudged (-1); *fixed the first
 * fixed event above the version when affected.  v: the version, parsed
 * for eco; each bound is parsed once (a prepared comparison answers as
 * the comparator on the strings: tests/unit/vuln/test_version.c
 * prepared_all_ecos). */
static int range_affects(enum vuln_eco eco, const struct vuln_ver *v,
			 const struct osv_range *r, const char **fixed)
{
	if (!r->nev)
		return 0;
	if (r->nev > MAX_EVENTS)
		return -1;
	struct ev evs[MAX_EVENTS];
	struct bounds B;
	struct vuln_ver t1, t2;
	B.eco = eco;
	size_t n = 0;
	bool bad = false;
	for (size_t i = 0; i < r->nev; i++) {
		const struct osv_event *e = &r->ev[i];
		if (!e->value)
			continue;
		bool zero = e->kind == OSV_EV_INTRODUCED && !strcmp(e->value, "0");
		if (!zero && e->kind == OSV_EV_LIMIT && !strcmp(e->value, "*"))
			zero = true;      /* limit "*": no limit */
		if (!zero && n < PRE_EVENTS)
			vuln_version_prepare(eco, e->value, &B.pre[n]);
		/* a bound the comparator rejects: unjudged.  Every
		 * comparator but apk's fails exactly when a side does not
		 * parse, and the walk below compares every bound that is not
		 * "0"/"*" with the (valid) version, so there the failure
		 * sets bad; apk orders invalid versions, so it is checked
		 * here (test_unjudged_bounds) */
		if (!zero && eco == VULN_ECO_APK &&
		    !(n < PRE_EVENTS ? vuln_version_prepared_valid(&B.pre[n])
				     : vuln_version_valid(eco, e->value)))
			return -1;
		evs[n] = (struct ev){ e, zero, n };
		n++;
	}
	/* insertion sort by version ("0" lowest); on a tie, introduced
	 * before the others, else record order (stable) */
	for (size_t i = 1; i < n; i++) {
		struct ev x = evs[i];
		size_t j = i;
		while (j > 0) {
			const struct ev *y = &evs[j - 1];
			int c;
			if (x.zero || y->zero)
				c = x.zero && y->zero ? 0 : x.zero ? -1 : 1;
			else
				c = pcmp(bound(&B, &x, &t1), bound(&B, y, &t2),
					 &bad);
			if (c == 0 && x.e->kind == OSV_EV_INTRODUCED &&
			    y->e->kind != OSV_EV_INTRODUCED)
				c = -1;
			if (c >= 0)
				break;
			evs[j] = evs[j - 1];
			j--;
		}
		evs[j] = x;
	}
	/* limits gate the whole range: below any of them */
	bool any_limit = false, below = false;
	for (size_t i = 0; i < n; i++) {
		if (evs[i].e->kind != OSV_EV_LIMIT)
			continue;
		any_limit = true;
		if (evs[i].zero || pcmp(v, bound(&B, &evs[i], &t1), &bad) < 0)
			below = true;
	}
	bool affected = false;
	for (size_t i = 0; i < n; i++) {
		const struct ev *x = &evs[i];
		switch (x->e->kind) {
		case OSV_EV_INTRODUCED:
			if (x->zero || pcmp(v, bound(&B, x, &t1), &bad) >= 0)
				affected = true;
			break;
		case OSV_EV_FIXED:
			if (pcmp(v, bound(&B, x, &t1), &bad) >= 0)
				affected = false;
			break;
		case OSV_EV_LAST_AFFECTED:
			if (pcmp(v, bound(&B, x, &t1), &bad) > 0)
				affected = false;
			break;
		case OSV_EV_LIMIT:
			break;
		}
	}
	if (bad)
		return -1;
	if (!affected || (any_limit && !below))
		return 0;
	*fixed = NULL;
	for (size_t i = 0; i < n; i++)
		if (evs[i].e->kind == OSV_EV_FIXED &&
		    pcmp(v, bound(&B, &evs[i], &t1), &bad) < 0) {
			*fixed = evs[i].e->value;
			break;
		}
	return 1;
}

void vuln_key_version(const struct vuln_key *k, struct vuln_kver *kv)
{
	vuln_version_prepare(k->cmp, k->version, &kv->v);
	vuln_version_prepare(VULN_ECO_SEMVER, k->version, &kv->semver);
	kv->valid = vuln_version_prepared_valid(&kv->v);
	kv->valid_semver = vuln_version_prepared_valid(&kv->semver);
}

enum vuln_verdict vuln_match_record(const struct vuln_key *k,
				    const struct osv_record *r,
				    const char **fixed,
				    const struct osv_affected **aff)
{
	struct vuln_kver kv;
	vuln_key_version(k, &kv);
	return vuln_match_record_k(k, r, fixed, aff, &kv);
}

enum vuln_verdict vuln_match_record_k(const struct vuln_key *k,
				      const struct osv_record *r,
				      const char **fixed,
				      const struct osv_affected **aff,
				      const struct vuln_kver *kv)
{
	bool valid = kv->valid, valid_semver = kv->valid_semver;
	const char *fx = NULL;
	const struct osv_affected *hit = NULL;
	bool found = false, unfixed = false, unjudged = false;
	if (fixed)
		*fixed = NULL;
	if (aff)
		*aff = NULL;
	if (r->withdrawn || k->cmp == VULN_ECO_COUNT)
		return VULN_NOT_AFFECTED;
	for (size_t i = 0; i < r->naff; i++) {
		const struct osv_affected *a = &r->aff[i];
		if (!a->ecosystem || !eco_applies(k, a->ecosystem) ||
		    !name_applies(k, a->name))
			continue;
		bool here = false;
		for (size_t j = 0; j < a->nranges; j++) {
			const struct osv_range *rg = &a->ranges[j];
			enum vuln_eco eco;
			if (rg->type == OSV_RANGE_ECOSYSTEM)
				eco = k->cmp;
			else if (rg->type == OSV_RANGE_SEMVER)
				eco = VULN_ECO_SEMVER;
			else
				continue;         /* GIT: commits, not versions */
			if (!(eco == k->cmp ? valid : valid_semver)) {
				unjudged = true;
				continue;
			}
			const char *f = NULL;
			int rc = range_affects(eco, eco == k->cmp ? &kv->v : &kv->semver,
					       rg, &f);
			if (rc < 0) {
				unjudged = true;
				continue;
			}
			if (!rc)
				continue;
			here = true;
			/* several matching ranges: the fix that leaves them
			 * all, none when one has none */
			if (!f) {
				unfixed = true;
			} else if (!fx) {
				fx = f;
			} else {
				bool bad = false;
				if (vcmp(eco, f, fx, &bad) > 0 && !bad)
					fx = f;
			}
		}
		if (!here)
			for (size_t j = 0; j < a->nversions; j++) {
				const char *x = a->versions[j];
				bool bad = false;
				struct vuln_ver px;
				if (x && (!strcmp(x, k->version) ||
					  (valid &&
					   (vuln_version_prepare(k->cmp, x, &px),
					    pcmp(&px, &kv->v, &bad)) == 0 &&
					   !bad))) {
					here = true;
					unfixed = true;  /* a list names no fix */
					break;
				}
			}
		if (here && !found) {
			found = true;
			hit = a;
		}
	}
	if (found) {
		if (fixed)
			*fixed = unfixed ? NULL : fx;
		if (aff)
			*aff = hit;
		return VULN_AFFECTED;
	}
	return unjudged ? VULN_UNJUDGED : VULN_NOT_AFFECTED;
}

/* ---- severity ---------------------------------------------------------- */

static void best_vector(const struct osv_severity *s, size_t n, double *best)
{
	for (size_t i = 0; i < n; i++) {
		if (!s[i].type || !s[i].score ||
		    (strcmp(s[i].type, "CVSS_V3") && strcmp(s[i].type, "CVSS_V4")))
			continue;
		double sc;
		if (vuln_cvss_score(s[i].score, &sc, NULL) == BH_OK && sc > *best)
			*best = sc;
	}
}

/* A database's own label: GHSA (LOW MODERATE HIGH CRITICAL), Debian
 * urgency (unimportant low medium high, "not yet assigned"), Ubuntu
 * priority (negligible low medium high critical). */
static enum vuln_sev label_sev(const char *l)
{
	if (!l)
		return VULN_SEV_UNKNOWN;
	enum vuln_sev s;
	size_t n = strlen(l);
	while (n && l[n - 1] == '*')    /* Debian's "low**" */
		n--;
	if (vuln_sev_parse(l, n, &s))
		return s;
	if ((n == 11 && !strncasecmp(l, "unimportant", 11)) ||
	    (n == 10 && !strncasecmp(l, "negligible", 10)))
		return VULN_SEV_LOW;
	return VULN_SEV_UNKNOWN;
}

enum vuln_sev vuln_record_severity(const struct osv_record *r,
				   const struct osv_affected *a, double *score)
{
	double best = -1;
	best_vector(r->sev, r->nsev, &best);
	if (a)
		best_vector(a->sev, a->nsev, &best);
	if (score)
		*score = best;
	if (best >= 0) {
		if (best >= 9.0) return VULN_SEV_CRITICAL;
		if (best >= 7.0) return VULN_SEV_HIGH;
		if (best >= 4.0) return VULN_SEV_MEDIUM;
		if (best > 0.0) return VULN_SEV_LOW;
		return VULN_SEV_UNKNOWN;
	}
	enum vuln_sev s = VULN_SEV_UNKNOWN;
	if (a)
		s = label_sev(a->db_severity);
	if (s == VULN_SEV_UNKNOWN)
		s = label_sev(r->db_severity);
	/* an Ubuntu-style label in severity[] */
	for (size_t i = 0; s == VULN_SEV_UNKNOWN && i < r->nsev; i++)
		if (r->sev[i].type && strncmp(r->sev[i].type, "CVSS", 4))
			s = label_sev(r->sev[i].score);
	for (size_t i = 0; a && s == VULN_SEV_UNKNOWN && i < a->nsev; i++)
		if (a->sev[i].type && strncmp(a->sev[i].type, "CVSS", 4))
			s = label_sev(a->sev[i].score);
	return s;
}

/* ---- merging ----------------------------------------------------------- */

static char *dup(const char *s, bool *fail)
{
	if (!s)
		return NULL;
	char *c = strdup(s);
	if (!c)
		*fail = true;
	return c;
}

static void hit_free(struct vuln_hit *h)
{
	free(h->id);
	for (size_t i = 0; i < h->naliases; i++)
		free(h->aliases[i]);
	free(h->aliases);
	free(h->summary);
	free(h->fixed);
}

int vuln_hits_add(struct vuln_hits *h, const struct osv_record *r,
		  const struct osv_affected *a, const char *fixed)
{
	if (h->n == h->cap) {
		size_t cap = h->cap ? h->cap * 2 : 8;
		struct vuln_hit *v = realloc(h->v, cap * sizeof(*v));
		if (!v)
			return BH_ENOMEM;
		h->v = v;
		h->cap = cap;
	}
	bool fail = false;
	struct vuln_hit x = { 0 };
	x.id = dup(r->id ? r->id : "", &fail);
	x.summary = dup(r->summary, &fail);
	x.fixed = dup(fixed, &fail);
	x.sev = vuln_record_severity(r, a, &x.score);
	if (r->naliases && !fail) {
		x.aliases = calloc(r->naliases, sizeof(char *));
		if (!x.aliases)
			fail = true;
		for (size_t i = 0; x.aliases && i < r->naliases; i++)
			if (r->aliases[i])
				x.aliases[x.naliases++] = dup(r->aliases[i], &fail);
	}
	if (fail) {
		hit_free(&x);
		return BH_ENOMEM;
	}
	h->v[h->n++] = x;
	return 0;
}

static size_t find(size_t *up, size_t i)
{
	while (up[i] != i)
		i = up[i] = up[up[i]];
	return i;
}

/* ids by their strings: slots (char **) of the hits' strings */
static int cmp_slot(const void *a, const void *b)
{
	return strcmp(**(char **const *)a, **(char **const *)b);
}

static int cmp_row(const void *a, const void *b)
{
	const struct vuln_row *x = a, *y = b;
	return strcmp(x->id, y->id);
}

static bool is_cve(const char *s)
{
	return !strncmp(s, "CVE-", 4);
}

/* Takes the string out of a hit's slot (the row owns it from then on;
 * hit_free frees what is left). */
static char *take_slot(char **slot)
{
	char *s = *slot;
	*slot = NULL;
	return s;
}

/* Builds the row of one group: the hits mem[0..nm), in list order.  The
 * row's strings are taken from the hits (no copies): each kept string is
 * a distinct slot, taken only once every allocation has succeeded. */
static int make_row(struct vuln_hits *h, const size_t *mem, size_t nm,
		    size_t pkg, struct vuln_row *row)
{
	/* every id of the group, sorted, unique */
	size_t nids = 0;
	for (size_t k = 0; k < nm; k++)
		nids += 1 + h->v[mem[k]].naliases;
	char ***ids = malloc((nids ? nids : 1) * sizeof(*ids));
	if (!ids)
		return BH_ENOMEM;
	nids = 0;
	const char *best_rec = NULL;
	char **best_slot = NULL;
	struct vuln_row r = { .pkg = pkg, .sev = VULN_SEV_UNKNOWN, .score = -1 };
	bool unfixed = false;
	char **fix = NULL;
	for (size_t k = 0; k < nm; k++) {
		size_t i = mem[k];
		struct vuln_hit *x = &h->v[i];
		ids[nids++] = &x->id;
		for (size_t j = 0; j < x->naliases; j++)
			ids[nids++] = &x->aliases[j];
		if (!best_rec || strcmp(x->id, best_rec) < 0) {
			best_rec = x->id;
			best_slot = &x->id;
		}
		if (x->sev > r.sev)
			r.sev = x->sev;
		if (x->score > r.score)
			r.score = x->score;
		if (!x->fixed) {
			unfixed = true;
		} else if (!fix) {
			fix = &x->fixed;
		} else {
			int c = 0;
			if (vuln_version_cmp(h->cmp, x->fixed, *fix, &c) == BH_OK && c > 0)
				fix = &x->fixed;
		}
	}
	/* stable for equal strings is not needed: the one kept of equal ids
	 * is the first after sorting, any of them (same text) */
	qsort(ids, nids, sizeof(*ids), cmp_slot);
	size_t u = 0;
	for (size_t i = 0; i < nids; i++)
		if (!u || strcmp(*ids[u - 1], *ids[i]))
			ids[u++] = ids[i];
	nids = u;
	char **id = NULL;
	for (size_t i = 0; i < nids && !id; i++)
		if (is_cve(*ids[i]))
			id = ids[i];
	if (!id) {
		/* best_rec's text is among ids: keep the unique slot that
		 * holds it (the hit's own slot may be a dropped duplicate) */
		for (size_t i = 0; i < nids && !id; i++)
			if (!strcmp(*ids[i], best_rec))
				id = ids[i];
		if (!id)
			id = best_slot;   /* not reached: every id is in ids */
	}
	/* the summary: the record named by the id, else the first */
	char **sum = NULL;
	for (size_t k = 0; k < nm && !sum; k++)
		if (!strcmp(h->v[mem[k]].id, *id) && h->v[mem[k]].summary)
			sum = &h->v[mem[k]].summary;
	for (size_t k = 0; k < nm && !sum; k++)
		if (h->v[mem[k]].summary)
			sum = &h->v[mem[k]].summary;
	r.aliases = nids > 1 ? calloc(nids - 1, sizeof(char *)) : NULL;
	if (nids > 1 && !r.aliases) {
		free(ids);
		return BH_ENOMEM;
	}
	/* nothing fails from here: the strings change hands */
	for (size_t i = 0; r.aliases && i < nids; i++)
		if (ids[i] != id)
			r.aliases[r.naliases++] = take_slot(ids[i]);
	r.id = take_slot(id);
	r.fixed = unfixed || !fix ? NULL : take_slot(fix);
	r.summary = sum ? take_slot(sum) : NULL;
	free(ids);
	*row = r;
	return 0;
}

/* An id or alias of hit "hit", for grouping by sort. */
struct id_ref {
	const char *id;
	size_t hit;
};

static int cmp_id_ref(const void *a, const void *b)
{
	const struct id_ref *x = a, *y = b;
	int c = strcmp(x->id, y->id);
	return c ? c : (x->hit > y->hit) - (x->hit < y->hit);
}

/* Hits ordered by group root, then list order. */
static int cmp_by_root(const void *a, const void *b, void *ctx)
{
	const size_t *x = a, *y = b, *root = ctx;
	if (root[*x] != root[*y])
		return root[*x] < root[*y] ? -1 : 1;
	return (*x > *y) - (*x < *y);
}

int vuln_hits_merge(struct vuln_hits *h, size_t pkg, struct vuln_result *out)
{
	int rc = 0;
	if (!h->n)
		return 0;
	/* records that share an id or alias are one row: every (id, hit)
	 * sorted once, equal neighbours joined (n log n, not n^2) */
	size_t nref = 0;
	for (size_t i = 0; i < h->n; i++)
		nref += 1 + h->v[i].naliases;
	size_t *up = malloc(h->n * sizeof(*up));
	size_t *root = malloc(h->n * sizeof(*root));
	size_t *order = malloc(h->n * sizeof(*order));
	struct id_ref *refs = malloc(nref * sizeof(*refs));
	if (!up || !root || !order || !refs)
		rc = BH_ENOMEM;
	if (!rc) {
		size_t k = 0;
		for (size_t i = 0; i < h->n; i++) {
			up[i] = i;
			refs[k++] = (struct id_ref){ h->v[i].id, i };
			for (size_t j = 0; j < h->v[i].naliases; j++)
				refs[k++] = (struct id_ref){ h->v[i].aliases[j], i };
		}
		qsort(refs, nref, sizeof(*refs), cmp_id_ref);
		for (size_t r = 1; r < nref; r++) {
			if (strcmp(refs[r].id, refs[r - 1].id))
				continue;
			size_t a = find(up, refs[r - 1].hit), b = find(up, refs[r].hit);
			if (a != b)
				up[a > b ? a : b] = a < b ? a : b;  /* lowest index roots */
		}
		for (size_t i = 0; i < h->n; i++) {
			root[i] = find(up, i);
			order[i] = i;
		}
		qsort_r(order, h->n, sizeof(*order), cmp_by_root, root);
	}
	size_t start = out->n;
	for (size_t g = 0; !rc && g < h->n;) {
		size_t e = g + 1;
		while (e < h->n && root[order[e]] == root[order[g]])
			e++;
		if (out->n == out->cap) {
			size_t cap = out->cap ? out->cap * 2 : 64;
			struct vuln_row *v = realloc(out->v, cap * sizeof(*v));
			if (!v) {
				rc = BH_ENOMEM;
				break;
			}
			out->v = v;
			out->cap = cap;
		}
		rc = make_row(h, order + g, e - g, pkg, &out->v[out->n]);
		if (!rc)
			out->n++;
		g = e;
	}
	if (!rc && out->n - start > 1)
		qsort(out->v + start, out->n - start, sizeof(*out->v), cmp_row);
	free(up);
	free(root);
	free(order);
	free(refs);
	for (size_t i = 0; i < h->n; i++)
		hit_free(&h->v[i]);
	h->n = 0;
	return rc;
}

void vuln_hits_free(struct vuln_hits *h)
{
	for (size_t i = 0; i < h->n; i++)
		hit_free(&h->v[i]);
	free(h->v);
	*h = (struct vuln_hits){ 0 };
}

void vuln_result_free(struct vuln_result *r)
{
	vuln_result_free_rows(r);
	free(r->v);
	*r = (struct vuln_result){ 0 };
}

void vuln_result_free_rows(struct vuln_result *r)
{
	for (size_t i = 0; i < r->n; i++) {
		struct vuln_row *x = &r->v[i];
		free(x->id);
		free(x->summary);
		free(x->fixed);
		for (size_t j = 0; j < x->naliases; j++)
			free(x->aliases[j]);
		free(x->aliases);
	}
}
