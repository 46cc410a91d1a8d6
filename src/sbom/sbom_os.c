/* SPDX-License-Identifier: Apache-2.0
 *
 * sbom_os.c - the catalogers of the text databases of Debian and Alpine:
 * dpkg's /var/lib/dpkg/status (and distroless images' status.d/NAME,
 * one stanza per file, no Status: field) and apk's lib/apk/db/installed.
 *
 * dpkg: RFC 822-like stanzas split by blank lines; a package is installed
 * when the last word of its Status: is "installed" (a status.d stanza has
 * none and is installed).  Source: "name" or "name (version)" gives the
 * source package (default: the binary's own name and version);
 * Pre-Depends:/Depends: the dependencies (sbom_pkg_add_dep: per item its
 * alternatives' names, "a|b:i386").  Multi-arch: one Package: installed
 * for two architectures is two packages (purl arch= qualifier).  apk:
 * "K:value" lines, stanzas split by blank lines; P name, V version, A
 * arch, L license, o origin (the source package, version V), D
 * dependencies and p provides (each name up to '=', '<', '>' or '~'; a D:
 * name becomes the package that has that name, else the first that
 * provides it: so:, cmd:, paths, virtual names).  A line that
 * is neither a field, a continuation nor blank is an error naming it.
 * Tests: tests/unit/sbom/test_sbom.c, tests/cases/cli/sbom-*.case,
 * tests/suites/sbom_oracles.sh (dpkg-query), fuzz/fuzz_sbom_*.c.
 */
#include <stdlib.h>
#include <string.h>

#include "sbom.h"

struct span {
	const char *p;
	size_t n;
};

static struct span trim(const char *p, size_t n)
{
	while (n && (*p == ' ' || *p == '\t'))
		p++, n--;
	while (n && (p[n - 1] == ' ' || p[n - 1] == '\t' || p[n - 1] == '\r'))
		n--;
	return (struct span){ p, n };
}

/* NUL-terminated copy, or NULL for an unset span. */
static char *cut(struct span s)
{
	return s.p ? strndup(s.p, s.n) : NULL;
}

static bool span_is(struct span s, const char *w)
{
	return s.p && s.n == strlen(w) && !memcmp(s.p, w, s.n);
}

/* ---- dpkg ---- */

/* A Depends: value ("a (>= 1), b:any | c:i386, d") as dependencies of
 * p: per item its alternatives' names with an architecture qualifier
 * kept (":any", ":native" and versions cut), as "b|c:i386"
 * (sbom_list_deps takes the first one installed, of that architecture,
 * else of p's). */
static int dpkg_deps(struct sbom_pkg *p, struct span v)
{
	char buf[1024];
	const char *q = v.p, *end = v.p ? v.p + v.n : NULL;
	while (q && q < end) {
		const char *comma = memchr(q, ',', (size_t)(end - q));
		const char *ie = comma ? comma : end;
		size_t bl = 0;
		while (q < ie) {
			const char *bar = memchr(q, '|', (size_t)(ie - q));
			const char *ae = bar ? bar : ie;
			struct span a = trim(q, (size_t)(ae - q));
			size_t n = 0;
			while (n < a.n && a.p[n] != ' ' && a.p[n] != '(' &&
			       a.p[n] != '\t' && a.p[n] != '[')
				n++;
			/* "name:arch" kept (multi-arch: libc6:i386); ":any" and
			 * ":native" cut (any installed one; the native
			 * architecture is not known here) */
			const char *colon = memchr(a.p, ':', n);
			if (colon && ((size_t)(a.p + n - colon) == 4 &&
				      !memcmp(colon, ":any", 4)))
				n = (size_t)(colon - a.p);
			else if (colon && ((size_t)(a.p + n - colon) == 7 &&
					   !memcmp(colon, ":native", 7)))
				n = (size_t)(colon - a.p);
			if (n && bl + n + 1 < sizeof(buf)) {
				if (bl)
					buf[bl++] = '|';
				memcpy(buf + bl, a.p, n);
				bl += n;
			}
			q = bar ? bar + 1 : ie;
		}
		if (bl) {
			int rc = sbom_pkg_add_dep(p, buf, bl, NULL);
			if (rc)
				return rc;
		}
		q = comma ? comma + 1 : end;
	}
	return 0;
}

struct stanza {
	struct span pkg, ver, status, source, arch, depends, predepends;
	int line;      /* first line, 0 = none open */
};

static bool installed(struct span st)
{
	size_t i = st.n;
	while (i && st.p[i - 1] != ' ' && st.p[i - 1] != '\t')
		i--;
	return st.n - i == 9 && !memcmp(st.p + i, "installed", 9);
}

static int dpkg_flush(struct stanza *s, bool statusd,
		      const struct sbom_src *src, struct sbom_list *out,
		      struct diag *d)
{
	if (!s->line)
		return 0;
	int line = s->line;
	struct stanza st = *s;
	*s = (struct stanza){ 0 };
	if (!st.pkg.p || !st.pkg.n)
		return diag_error(d, BH_EPARSE, line, 0,
				  "stanza without a Package: field");
	if (st.status.p ? !installed(st.status) : !statusd)
		return 0;
	if (!st.ver.p || !st.ver.n)
		return diag_error(d, BH_EPARSE, line, 0,
				  "installed package without a Version: field");
	char *name = cut(st.pkg), *ver = cut(st.ver), *arch = cut(st.arch);
	char *sname = NULL, *sver = NULL;
	if (st.source.p && st.source.n) {
		/* "name" or "name (version)" */
		const char *sp = memchr(st.source.p, ' ', st.source.n);
		size_t nl = sp ? (size_t)(sp - st.source.p) : st.source.n;
		sname = strndup(st.source.p, nl);
		const char *open = memchr(st.source.p, '(', st.source.n);
		const char *close = open ? memchr(open, ')', st.source.n -
						  (size_t)(open - st.source.p)) : NULL;
		if (open && close)
			sver = cut(trim(open + 1, (size_t)(close - open - 1)));
	}
	int rc = BH_ENOMEM;
	if (name && ver && (!st.arch.p || arch)) {
		struct sbom_pkg_in in = {
			.eco = SBOM_DEB, .name = name, .version = ver,
			.arch = arch, .ns = "debian",
			.src_name = sname ? sname : name,
			.src_version = sver ? sver : ver,
		};
		rc = sbom_list_add(out, &in, src);
		if (!rc)
			rc = dpkg_deps(&out->v[out->n - 1], st.predepends);
		if (!rc)
			rc = dpkg_deps(&out->v[out->n - 1], st.depends);
	}
	free(name);
	free(ver);
	free(arch);
	free(sname);
	free(sver);
	if (rc)
		return diag_error(d, rc, line, 0, rc == BH_ELIMIT
				  ? "too many packages" : "out of memory");
	return 0;
}

int sbom_dpkg(const struct sbom_src *src, bool statusd, struct sbom_list *out,
	      struct diag *d)
{
	struct stanza s = { 0 };
	const char *p = src->buf, *end = src->buf + src->len;
	int line = 0;
	bool in_field = false;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *le = nl ? nl : end;
		line++;
		struct span l = { p, (size_t)(le - p) };
		p = nl ? nl + 1 : end;
		if (l.n && l.p[l.n - 1] == '\r')
			l.n--;
		if (memchr(l.p, 0, l.n))
			return diag_error(d, BH_EPARSE, line, 0,
					  "NUL byte in a text database");
		if (trim(l.p, l.n).n == 0) {
			int rc = dpkg_flush(&s, statusd, src, out, d);
			if (rc)
				return rc;
			in_field = false;
			continue;
		}
		if (l.p[0] == ' ' || l.p[0] == '\t') {
			if (!in_field)
				return diag_error(d, BH_EPARSE, line, 0,
						  "continuation line outside a field");
			continue;
		}
		const char *colon = memchr(l.p, ':', l.n);
		if (!colon || colon == l.p)
			return diag_error(d, BH_EPARSE, line, 0,
					  "not a 'Field: value' line");
		if (!s.line)
			s.line = line;
		struct span key = { l.p, (size_t)(colon - l.p) };
		struct span val = trim(colon + 1, (size_t)(le - colon - 1));
		if (val.n && val.p[val.n - 1] == '\r')
			val.n--;
		in_field = true;
		if (span_is(key, "Package"))
			s.pkg = val;
		else if (span_is(key, "Version"))
			s.ver = val;
		else if (span_is(key, "Status"))
			s.status = val;
		else if (span_is(key, "Source"))
			s.source = val;
		else if (span_is(key, "Architecture"))
			s.arch = val;
		else if (span_is(key, "Depends"))
			s.depends = val;
		else if (span_is(key, "Pre-Depends"))
			s.predepends = val;
	}
	return dpkg_flush(&s, statusd, src, out, d);
}

/* ---- apk ---- */

struct apk_stanza {
	struct span name, ver, arch, lic, origin, deps, provides;
	int line;
};

/* What an apk database's packages provide: each package's own name
 * (own = true) and every p: name ("so:libc.musl-x86_64.so.1",
 * "cmd:sh", "/bin/sh", a virtual name), each with the providing
 * package's name. */
struct apk_prov {
	char *what;
	const char *by;   /* the package's name in the list */
	bool own;
};
struct apk_provs {
	struct apk_prov *v;
	size_t n, cap;
};

static int prov_add(struct apk_provs *ps, const char *what, size_t n,
		    const char *by, bool own)
{
	if (ps->n == ps->cap) {
		size_t cap = ps->cap ? ps->cap * 2 : 64;
		struct apk_prov *v = realloc(ps->v, cap * sizeof(*v));
		if (!v)
			return BH_ENOMEM;
		ps->v = v;
		ps->cap = cap;
	}
	if (!(ps->v[ps->n].what = strndup(what, n)))
		return BH_ENOMEM;
	ps->v[ps->n].by = by;
	ps->v[ps->n++].own = own;
	return 0;
}

static int cmp_prov(const void *x, const void *y)
{
	const struct apk_prov *a = x, *b = y;
	int c = strcmp(a->what, b->what);
	return c ? c : (int)b->own - (int)a->own;   /* a package's own name first */
}

static int cmp_prov_what(const void *x, const void *y)
{
	return strcmp(((const struct apk_prov *)x)->what,
		      ((const struct apk_prov *)y)->what);
}

/* The name of the token in t[0..n): up to its first '=', '<', '>' or '~'. */
static size_t apk_name_len(const char *t, size_t n)
{
	size_t k = 0;
	while (k < n && t[k] != '=' && t[k] != '<' && t[k] != '>' && t[k] != '~')
		k++;
	return k;
}

/* Each whitespace-separated token of v to fn(token, length). */
#define APK_TOKENS(v, t, tn, body)                                         \
	for (const char *t = (v).p, *e_ = (v).p ? (v).p + (v).n : NULL;   \
	     t && t < e_;) {                                                \
		while (t < e_ && (*t == ' ' || *t == '\t'))                  \
			t++;                                                \
		size_t tn = 0;                                              \
		while (t + tn < e_ && t[tn] != ' ' && t[tn] != '\t')          \
			tn++;                                               \
		if (tn) {                                                   \
			body                                                \
		}                                                           \
		t += tn;                                                    \
	}

/* The D: names of the packages of out from "start" on, each replaced by
 * the package that provides it (its own name when a package has it, else
 * the first that lists it under p:); a name nothing provides is dropped. */
static int apk_resolve(struct sbom_list *out, size_t start,
		       struct apk_provs *ps)
{
	for (size_t i = start; i < out->n; i++)
		if (prov_add(ps, out->v[i].name, strlen(out->v[i].name),
			     out->v[i].name, true))
			return BH_ENOMEM;
	if (ps->n)
		qsort(ps->v, ps->n, sizeof(*ps->v), cmp_prov);
	for (size_t i = start; i < out->n; i++) {
		struct sbom_pkg *p = &out->v[i];
		size_t k = 0;
		for (size_t j = 0; j < p->ndeps; j++) {
			struct apk_prov key = { p->deps[j].name, NULL, true };
			struct apk_prov *hit = ps->n ? bsearch(&key, ps->v, ps->n,
							       sizeof(*ps->v), cmp_prov_what)
						     : NULL;
			/* bsearch finds one of the equal names: the first */
			while (hit && hit > ps->v && !strcmp(hit[-1].what, key.what))
				hit--;
			char *by = hit ? strdup(hit->by) : NULL;
			if (hit && !by)
				return BH_ENOMEM;
			free(p->deps[j].name);
			free(p->deps[j].version);
			if (by)
				p->deps[k++] = (struct sbom_dep){ by, NULL };
		}
		p->ndeps = k;
	}
	return 0;
}

static int apk_flush(struct apk_stanza *s, const struct sbom_src *src,
		     struct sbom_list *out, struct apk_provs *ps, struct diag *d)
{
	if (!s->line)
		return 0;
	struct apk_stanza st = *s;
	*s = (struct apk_stanza){ 0 };
	if (!st.name.p || !st.name.n)
		return diag_error(d, BH_EPARSE, st.line, 0,
				  "package without a P: (name) line");
	if (!st.ver.p || !st.ver.n)
		return diag_error(d, BH_EPARSE, st.line, 0,
				  "package without a V: (version) line");
	char *name = cut(st.name), *ver = cut(st.ver), *arch = cut(st.arch),
	     *lic = cut(st.lic), *origin = cut(st.origin);
	int rc = BH_ENOMEM;
	if (name && ver && (!st.arch.p || arch) && (!st.lic.p || lic) &&
	    (!st.origin.p || origin)) {
		struct sbom_pkg_in in = {
			.eco = SBOM_APK, .name = name, .version = ver,
			.arch = arch, .licenses = lic, .ns = "alpine",
			.src_name = origin && *origin ? origin : name,
			.src_version = ver,
		};
		rc = sbom_list_add(out, &in, src);
		if (!rc) {
			struct sbom_pkg *p = &out->v[out->n - 1];
			APK_TOKENS(st.deps, t, tn, {
				if (*t != '!' && !rc)   /* !name: a conflict */
					rc = sbom_pkg_add_dep(p, t, apk_name_len(t, tn),
							      NULL);
			})
			APK_TOKENS(st.provides, t, tn, {
				if (!rc)
					rc = prov_add(ps, t, apk_name_len(t, tn),
						      p->name, false);
			})
		}
	}
	free(name);
	free(ver);
	free(arch);
	free(lic);
	free(origin);
	if (rc)
		return diag_error(d, rc, st.line, 0, rc == BH_ELIMIT
				  ? "too many packages" : "out of memory");
	return 0;
}

static int apk_read(const struct sbom_src *src, struct sbom_list *out,
		    struct apk_provs *ps, struct diag *d)
{
	struct apk_stanza s = { 0 };
	const char *p = src->buf, *end = src->buf + src->len;
	int line = 0;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *le = nl ? nl : end;
		line++;
		struct span l = { p, (size_t)(le - p) };
		p = nl ? nl + 1 : end;
		if (l.n && l.p[l.n - 1] == '\r')
			l.n--;
		if (l.n == 0) {
			int rc = apk_flush(&s, src, out, ps, d);
			if (rc)
				return rc;
			continue;
		}
		if (memchr(l.p, 0, l.n))
			return diag_error(d, BH_EPARSE, line, 0,
					  "NUL byte in a text database");
		if (l.n < 2 || l.p[1] != ':')
			return diag_error(d, BH_EPARSE, line, 0,
					  "not a 'K:value' line");
		if (!s.line)
			s.line = line;
		struct span v = { l.p + 2, l.n - 2 };
		switch (l.p[0]) {
		case 'P': s.name = v; break;
		case 'V': s.ver = v; break;
		case 'A': s.arch = v; break;
		case 'L': s.lic = v; break;
		case 'o': s.origin = v; break;
		case 'D': s.deps = v; break;
		case 'p': s.provides = v; break;
		default: break;
		}
	}
	return apk_flush(&s, src, out, ps, d);
}

int sbom_apk(const struct sbom_src *src, struct sbom_list *out, struct diag *d)
{
	struct apk_provs ps = { 0 };
	size_t start = out->n;
	int rc = apk_read(src, out, &ps, d);
	if (!rc && apk_resolve(out, start, &ps))
		rc = diag_error(d, BH_ENOMEM, 0, 0, "out of memory");
	for (size_t i = 0; i < ps.n; i++)
		free(ps.v[i].what);
	free(ps.v);
	return rc;
}
