/* SPDX-License-Identifier: Apache-2.0
 *
 * sbom_pkg.c - the package list of `bulkhead sbom`: adding a package
 * (copies, purl per the package-url spec), sorting, dropping the packages
 * of a file, and telling which cataloger a file is for (by in-image path,
 * or by its first bytes) and running it.  The catalogers themselves are
 * sbom_os.c (dpkg, apk), sbom_rpm.c (rpmdb.sqlite), sbom_lang.c (npm,
 * Python), sbom_go.c (Go build information of ELF files), sbom_java.c
 * (Java archives), sbom_gemspec.c (installed gems).
 * Tests: tests/unit/sbom/test_sbom.c, tests/cases/cli/sbom-*.case.
 */
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>

#include "sbom.h"
#include "../util/strbuf.h"

static const char *const eco_names[SBOM_ECO__N] = {
	"deb", "apk", "rpm", "npm", "pypi", "gem", "cargo", "go", "maven",
};

const char *sbom_eco_name(enum sbom_eco e)
{
	return (unsigned)e < SBOM_ECO__N ? eco_names[e] : "?";
}

const char *sbom_kind_name(enum sbom_kind k)
{
	switch (k) {
	case SBOM_KIND_DPKG: return "dpkg status";
	case SBOM_KIND_DPKG_STATUSD: return "dpkg status.d";
	case SBOM_KIND_APK: return "apk installed";
	case SBOM_KIND_RPM_SQLITE: return "rpmdb.sqlite";
	case SBOM_KIND_RPM_BDB: return "rpm Packages (Berkeley DB)";
	case SBOM_KIND_RPM_NDB: return "rpm Packages.db (NDB)";
	case SBOM_KIND_NPM_LOCK: return "package-lock.json";
	case SBOM_KIND_NPM_PKG: return "package.json";
	case SBOM_KIND_YARN_LOCK: return "yarn.lock";
	case SBOM_KIND_PNPM_LOCK: return "pnpm-lock.yaml";
	case SBOM_KIND_PY_META: return "Python METADATA";
	case SBOM_KIND_PY_REQS: return "requirements file";
	case SBOM_KIND_PY_PIPFILE: return "Pipfile.lock";
	case SBOM_KIND_PY_TOMLLOCK: return "Python TOML lockfile";
	case SBOM_KIND_GEMFILE_LOCK: return "Gemfile.lock";
	case SBOM_KIND_CARGO_LOCK: return "Cargo.lock";
	case SBOM_KIND_ELF: return "ELF executable";
	case SBOM_KIND_BIN_SUMMARY: return "ELF executable";
	case SBOM_KIND_JAVA_ARCHIVE: return "Java archive";
	case SBOM_KIND_POM_PROPS: return "pom.properties";
	case SBOM_KIND_JAVA_SUMMARY: return "Java archive";
	case SBOM_KIND_GEMSPEC: return "gemspec";
	default: return "none";
	}
}

/* Percent-encodes everything but RFC 3986 unreserved characters (the
 * purl spec's safe choice: every decoder reads it; docs/decisions.md). */
static void pct(struct strbuf *sb, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		unsigned char c = *p;
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' ||
		    c == '~') {
			strbuf_addc(sb, (char)c);
		} else {
			strbuf_addc(sb, '%');
			strbuf_addc(sb, hex[c >> 4]);
			strbuf_addc(sb, hex[c & 15]);
		}
	}
}

void sbom_pep503(const char *name, char *buf, size_t size)
{
	size_t o = 0;
	bool sep = false;
	if (!size)
		return;
	for (const char *p = name; *p; p++) {
		char c = *p;
		if (c == '-' || c == '_' || c == '.') {
			sep = true;
			continue;
		}
		if (sep && o && o + 1 < size)
			buf[o++] = '-';
		sep = false;
		if (o + 1 < size)
			buf[o++] = (c >= 'A' && c <= 'Z') ? (char)(c + 32) : c;
	}
	buf[o] = 0;
}

/* A copy of s with ASCII upper case letters lowered. */
static char *lower_dup(const char *s)
{
	char *d = strdup(s);
	for (char *p = d; p && *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p + 32);
	return d;
}

static char *make_purl(const struct sbom_pkg_in *in)
{
	struct strbuf sb = STRBUF_INIT;
	strbuf_adds(&sb, "pkg:");
	switch (in->eco) {
	case SBOM_DEB: strbuf_adds(&sb, "deb/"); break;
	case SBOM_APK: strbuf_adds(&sb, "apk/"); break;
	case SBOM_RPM: strbuf_adds(&sb, "rpm/"); break;
	case SBOM_NPM: strbuf_adds(&sb, "npm/"); break;
	case SBOM_GEM: strbuf_adds(&sb, "gem/"); break;
	case SBOM_CARGO: strbuf_adds(&sb, "cargo/"); break;
	case SBOM_GO: strbuf_adds(&sb, "golang/"); break;
	case SBOM_MAVEN: strbuf_adds(&sb, "maven/"); break;
	default: strbuf_adds(&sb, "pypi/"); break;
	}
	if (in->eco == SBOM_DEB) {
		/* the purl spec's deb type: namespace and name are not case
		 * sensitive and must be lowercased */
		char *ns = lower_dup(in->ns ? in->ns : "unknown"),
		     *name = lower_dup(in->name);
		if (!ns || !name) {
			free(ns);
			free(name);
			strbuf_free(&sb);
			return NULL;
		}
		pct(&sb, ns);
		strbuf_addc(&sb, '/');
		pct(&sb, name);
		free(ns);
		free(name);
	} else if (in->eco == SBOM_APK || in->eco == SBOM_RPM) {
		pct(&sb, in->ns ? in->ns : "unknown");
		strbuf_addc(&sb, '/');
		pct(&sb, in->name);
	} else if (in->eco == SBOM_NPM) {
		/* "@scope/name": the scope is the namespace */
		const char *slash = in->name[0] == '@' ? strchr(in->name, '/') : NULL;
		if (slash) {
			char *scope = strndup(in->name, (size_t)(slash - in->name));
			if (!scope) {
				strbuf_free(&sb);
				return NULL;
			}
			pct(&sb, scope);
			free(scope);
			strbuf_addc(&sb, '/');
			pct(&sb, slash + 1);
		} else {
			pct(&sb, in->name);
		}
	} else if (in->eco == SBOM_PYPI) {
		char norm[512];
		sbom_pep503(in->name, norm, sizeof(norm));
		pct(&sb, norm);
	} else if (in->eco == SBOM_GO || in->eco == SBOM_MAVEN) {
		/* a module path's segments ("github.com/a/b": namespace
		 * github.com/a, name b); maven "group:artifact" */
		char sep = in->eco == SBOM_GO ? '/' : ':';
		for (const char *p = in->name; ; ) {
			const char *e = strchr(p, sep);
			size_t k = e ? (size_t)(e - p) : strlen(p);
			char *seg = strndup(p, k);
			if (!seg) {
				strbuf_free(&sb);
				return NULL;
			}
			pct(&sb, seg);
			free(seg);
			if (!e)
				break;
			strbuf_addc(&sb, '/');
			p = e + 1;
		}
	} else {
		pct(&sb, in->name);
	}
	strbuf_addc(&sb, '@');
	/* Go modules' purl versions keep their "v" (the toolchain's too) */
	if (in->eco == SBOM_GO && in->version[0] != 'v')
		strbuf_addc(&sb, 'v');
	pct(&sb, in->version);
	/* qualifiers in key order */
	char sepc = '?';
	if (in->arch && *in->arch) {
		strbuf_addc(&sb, sepc);
		strbuf_adds(&sb, "arch=");
		pct(&sb, in->arch);
		sepc = '&';
	}
	if (in->distro && *in->distro) {
		strbuf_addc(&sb, sepc);
		strbuf_adds(&sb, "distro=");
		pct(&sb, in->distro);
		sepc = '&';
	}
	if (in->epoch && *in->epoch) {
		strbuf_addc(&sb, sepc);
		strbuf_adds(&sb, "epoch=");
		pct(&sb, in->epoch);
	}
	return strbuf_detach(&sb);
}

static char *dup_or_null(const char *s, bool *fail)
{
	if (!s)
		return NULL;
	char *d = strdup(s);
	if (!d)
		*fail = true;
	return d;
}

/* A copy of "s" with the credentials of every URL in it hidden: a
 * lockfile version "git+https://oauth2:TOKEN@host/x.git#sha" keeps its
 * user ("oauth2:****@"), a lone user name that may be a token (16 bytes
 * or more: "https://ghp_...@host") becomes "****@"; "git@" stays.  No
 * output of bulkhead may carry them (purls and bom-refs are made from
 * the masked version).  NULL on allocation failure. */
char *sbom_mask_userinfo(const char *s)
{
	size_t n = strlen(s);
	/* each "****" stands for at least the "://"..."@" of its URL: twice
	 * the length is always enough */
	char *out = n < SIZE_MAX / 2 - 8 ? malloc(2 * n + 8) : NULL;
	if (!out)
		return NULL;
	size_t o = 0, i = 0;
	while (i < n) {
		const char *sep = strstr(s + i, "://");
		if (!sep) {
			memcpy(out + o, s + i, n - i);
			o += n - i;
			break;
		}
		size_t a = (size_t)(sep - s) + 3;   /* authority start */
		memcpy(out + o, s + i, a - i);
		o += a - i;
		size_t e = a;
		while (e < n && !strchr("/?#", s[e]))
			e++;
		const char *at = NULL;
		for (size_t k = a; k < e; k++)
			if (s[k] == '@')
				at = s + k;
		if (at) {
			size_t at_i = (size_t)(at - s);
			const char *colon = memchr(s + a, ':', at_i - a);
			if (colon) {
				size_t keep = (size_t)(colon - s) + 1 - a;
				memcpy(out + o, s + a, keep);
				o += keep;
				memcpy(out + o, "****", 4);
				o += 4;
			} else if (at_i - a >= 16) {
				memcpy(out + o, "****", 4);
				o += 4;
			} else {
				memcpy(out + o, s + a, at_i - a);
				o += at_i - a;
			}
			a = at_i;  /* the '@' and the host follow */
		}
		memcpy(out + o, s + a, e - a);
		o += e - a;
		i = e;
	}
	out[o] = 0;
	return out;
}

static void pkg_free(struct sbom_pkg *p)
{
	free(p->name);
	free(p->version);
	free(p->purl);
	free(p->path);
	free(p->layer);
	free(p->licenses);
	free(p->arch);
	free(p->src_name);
	free(p->src_version);
	free(p->ns);
	free(p->distro);
	for (size_t i = 0; i < p->ndeps; i++) {
		free(p->deps[i].name);
		free(p->deps[i].version);
	}
	free(p->deps);
}

int sbom_list_add(struct sbom_list *l, const struct sbom_pkg_in *in,
		  const struct sbom_src *src)
{
	if (l->n >= SBOM_MAX_PKGS)
		return BH_ELIMIT;
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 32;
		struct sbom_pkg *v = realloc(l->v, cap * sizeof(*v));
		if (!v)
			return BH_ENOMEM;
		l->v = v;
		l->cap = cap;
	}
	bool fail = false;
	/* credentials in a version (a git URL) never reach any output */
	char *version = in->version ? sbom_mask_userinfo(in->version) : NULL;
	if (in->version && !version)
		return BH_ENOMEM;
	struct sbom_pkg_in masked = *in;
	masked.version = version;
	in = &masked;
	struct sbom_pkg p = {
		.eco = in->eco,
		.name = dup_or_null(in->name, &fail),
		.version = version,
		.path = dup_or_null(src->path ? src->path : "-", &fail),
		.layer = dup_or_null(src->layer, &fail),
		.licenses = dup_or_null(in->licenses && *in->licenses
						? in->licenses : NULL, &fail),
		.arch = dup_or_null(in->arch, &fail),
		.src_name = dup_or_null(in->src_name, &fail),
		.src_version = dup_or_null(in->src_version, &fail),
		.ns = dup_or_null(in->ns, &fail),
		.distro = dup_or_null(in->distro, &fail),
		.purl = make_purl(in),
	};
	if (fail || !p.purl || !p.name || !p.version) {
		pkg_free(&p);
		return BH_ENOMEM;
	}
	l->v[l->n++] = p;
	return 0;
}

static int cmp_str(const char *a, const char *b)
{
	if (!a || !b)
		return (a != NULL) - (b != NULL);
	return strcmp(a, b);
}

static int cmp_pkg(const void *x, const void *y)
{
	const struct sbom_pkg *a = x, *b = y;
	int c;
	if (a->eco != b->eco)
		return a->eco < b->eco ? -1 : 1;
	if ((c = strcmp(a->name, b->name)) || (c = strcmp(a->version, b->version)) ||
	    (c = strcmp(a->path, b->path)) || (c = cmp_str(a->layer, b->layer)))
		return c;
	return strcmp(a->purl, b->purl);
}

void sbom_list_sort(struct sbom_list *l)
{
	if (!l->n)
		return;
	qsort(l->v, l->n, sizeof(*l->v), cmp_pkg);
	size_t o = 1;
	for (size_t i = 1; i < l->n; i++) {
		if (cmp_pkg(&l->v[o - 1], &l->v[i]) == 0) {
			l->v[o - 1].direct |= l->v[i].direct;
			pkg_free(&l->v[i]);
		} else
			l->v[o++] = l->v[i];
	}
	l->n = o;
}

void sbom_list_drop_path(struct sbom_list *l, const char *path)
{
	size_t o = 0;
	for (size_t i = 0; i < l->n; i++) {
		if (!strcmp(l->v[i].path, path))
			pkg_free(&l->v[i]);
		else
			l->v[o++] = l->v[i];
	}
	l->n = o;
}

static bool id_word(const char *v, size_t n)
{
	if (!n || n > 40)
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = v[i];
		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		      c == '.' || c == '_' || c == '-'))
			return false;
	}
	return true;
}

void sbom_os_release(const char *buf, size_t len, char *id, size_t idsize,
		     char *ver, size_t versize)
{
	id[0] = ver[0] = 0;
	const char *p = buf, *end = buf + len;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *le = nl ? nl : end;
		bool is_id = le - p > 3 && !memcmp(p, "ID=", 3);
		bool is_ver = le - p > 11 && !memcmp(p, "VERSION_ID=", 11);
		if (is_id || is_ver) {
			const char *v = p + (is_id ? 3 : 11);
			size_t n = (size_t)(le - v);
			if (n && v[n - 1] == '\r')
				n--;
			if (n >= 2 && (v[0] == '"' || v[0] == '\'') && v[n - 1] == v[0]) {
				v++;
				n -= 2;
			}
			char *out = is_id ? id : ver;
			size_t size = is_id ? idsize : versize;
			if (id_word(v, n) && n < size) {
				memcpy(out, v, n);
				out[n] = 0;
			}
		}
		p = le + 1;
	}
}

int sbom_list_set_distro(struct sbom_list *l, const char *path,
			 const char *id, const char *ver)
{
	if (!id || !*id)
		return 0;
	char distro[128];
	snprintf(distro, sizeof(distro), "%s%s%s", id, ver && *ver ? "-" : "",
		 ver ? ver : "");
	for (size_t i = 0; i < l->n; i++) {
		struct sbom_pkg *p = &l->v[i];
		if ((p->eco != SBOM_DEB && p->eco != SBOM_APK) ||
		    (path && strcmp(p->path, path)))
			continue;
		struct sbom_pkg_in in = {
			.eco = p->eco, .name = p->name, .version = p->version,
			.arch = p->arch, .ns = id, .distro = distro,
		};
		char *purl = make_purl(&in), *ns = strdup(id),
		     *d = strdup(distro);
		if (!purl || !ns || !d) {
			free(purl);
			free(ns);
			free(d);
			return BH_ENOMEM;
		}
		free(p->purl);
		free(p->ns);
		free(p->distro);
		p->purl = purl;
		p->ns = ns;
		p->distro = d;
	}
	return 0;
}

void sbom_list_free(struct sbom_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		pkg_free(&l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = l->cap = 0;
	free(l->note);
	l->note = NULL;
}

int sbom_list_skipped(struct sbom_list *l, const char *what)
{
	/* "not read: WHAT", then "N parts not read, the first: WHAT" */
	unsigned long n = 1;
	const char *first = what;
	if (l->note) {
		bool counted = l->note[0] >= '0' && l->note[0] <= '9';
		n = counted ? strtoul(l->note, NULL, 10) + 1 : 2;
		const char *mark = counted ? "the first: " : "not read: ";
		first = strstr(l->note, mark);
		first = first ? first + strlen(mark) : what;
	}
	char *s = NULL;
	int rc = n == 1 ? asprintf(&s, "not read: %s", first)
			: asprintf(&s, "%lu parts not read, the first: %s", n, first);
	if (rc < 0)
		return BH_ENOMEM;
	free(l->note);
	l->note = s;
	return 0;
}

/* Whether path (n bytes) ends with the components "tail" ("a/var/lib/x"
 * ends with "var/lib/x"; "avar/lib/x" does not). */
static bool ends_with(const char *path, size_t n, const char *tail)
{
	size_t t = strlen(tail);
	if (n < t || memcmp(path + n - t, tail, t))
		return false;
	return n == t || path[n - t - 1] == '/';
}

static bool has_suffix(const char *s, size_t n, const char *suf)
{
	size_t k = strlen(suf);
	return n >= k && !memcmp(s + n - k, suf, k);
}

enum sbom_kind sbom_kind_of_path(const char *path)
{
	const char *base = strrchr(path, '/');
	base = base ? base + 1 : path;
	size_t dlen = base > path ? (size_t)(base - path - 1) : 0;
	size_t bl = strlen(base), plen = (size_t)(base - path) + bl;
	if (ends_with(path, plen, "var/lib/dpkg/status"))
		return SBOM_KIND_DPKG;
	if (dlen && has_suffix(path, dlen, "dpkg/status.d") && *base &&
	    !has_suffix(base, bl, ".md5sums"))
		return SBOM_KIND_DPKG_STATUSD;
	if (ends_with(path, plen, "lib/apk/db/installed"))
		return SBOM_KIND_APK;
	if (ends_with(path, plen, "var/lib/rpm/rpmdb.sqlite") ||
	    ends_with(path, plen, "usr/lib/sysimage/rpm/rpmdb.sqlite"))
		return SBOM_KIND_RPM_SQLITE;
	if (ends_with(path, plen, "var/lib/rpm/Packages"))
		return SBOM_KIND_RPM_BDB;
	if (ends_with(path, plen, "var/lib/rpm/Packages.db") ||
	    ends_with(path, plen, "usr/lib/sysimage/rpm/Packages.db"))
		return SBOM_KIND_RPM_NDB;
	if (!strcmp(base, "package-lock.json"))
		return SBOM_KIND_NPM_LOCK;
	if (!strcmp(base, "yarn.lock"))
		return SBOM_KIND_YARN_LOCK;
	if (!strcmp(base, "pnpm-lock.yaml"))
		return SBOM_KIND_PNPM_LOCK;
	if (!strncmp(base, "requirements", 12) &&
	    has_suffix(base, bl, ".txt"))
		return SBOM_KIND_PY_REQS;
	if (!strcmp(base, "Pipfile.lock"))
		return SBOM_KIND_PY_PIPFILE;
	if (!strcmp(base, "poetry.lock") || !strcmp(base, "uv.lock"))
		return SBOM_KIND_PY_TOMLLOCK;
	if (!strcmp(base, "Gemfile.lock"))
		return SBOM_KIND_GEMFILE_LOCK;
	if (!strcmp(base, "Cargo.lock"))
		return SBOM_KIND_CARGO_LOCK;
	if (bl > 4 && (has_suffix(base, bl, ".jar") || has_suffix(base, bl, ".war") ||
		       has_suffix(base, bl, ".ear") || has_suffix(base, bl, ".par")))
		return SBOM_KIND_JAVA_ARCHIVE;
	if (bl > 8 && has_suffix(base, bl, ".gemspec") && dlen >= 14) {
		/* specifications/ and its default/ (Ruby's default gems) */
		size_t dl = dlen;
		if (has_suffix(path, dl, "/specifications/default"))
			dl -= 8;
		if (has_suffix(path, dl, "specifications") &&
		    (dl == 14 || path[dl - 15] == '/'))
			return SBOM_KIND_GEMSPEC;
	}
	if (has_suffix(base, bl, "pom.properties") &&
	    (bl == 14 || base[bl - 15] == '.' || base[bl - 15] == '-'))
		return SBOM_KIND_POM_PROPS;
	if (!strcmp(base, "package.json") &&
	    (!strncmp(path, "node_modules/", 13) || strstr(path, "/node_modules/")))
		return SBOM_KIND_NPM_PKG;
	if ((!strcmp(base, "METADATA") && dlen && has_suffix(path, dlen, ".dist-info")) ||
	    (!strcmp(base, "PKG-INFO") && dlen && has_suffix(path, dlen, ".egg-info")) ||
	    /* distutils' single-file form: NAME-VERSION.egg-info */
	    (bl > 9 && has_suffix(base, bl, ".egg-info")))
		return SBOM_KIND_PY_META;
	return SBOM_KIND_NONE;
}

bool sbom_is_dpkg_list(const char *path)
{
	const char *base = strrchr(path, '/');
	base = base ? base + 1 : path;
	size_t bl = strlen(base), dlen = base > path ? (size_t)(base - path - 1) : 0;
	return bl > 5 && has_suffix(base, bl, ".list") && dlen >= 17 &&
	       has_suffix(path, dlen, "var/lib/dpkg/info") &&
	       (dlen == 17 || path[dlen - 18] == '/');
}

int sbom_owned_add(struct sbom_owned *o, const char *prefix, const char *buf,
		   size_t len)
{
	size_t pl = strlen(prefix);
	for (size_t i = 0; i < len;) {
		const char *nl = memchr(buf + i, '\n', len - i);
		size_t e = nl ? (size_t)(nl - buf) : len, n = e - i;
		const char *line = buf + i;
		i = e + 1;
		if (n && line[0] == '/') {
			line++;
			n--;
		}
		/* only a language package's metadata file is kept */
		if (!n || n > 4000 || memchr(line, 0, n))
			continue;
		char path[4100];
		memcpy(path, line, n);
		path[n] = 0;
		enum sbom_kind k = sbom_kind_of_path(path);
		if (k != SBOM_KIND_PY_META && k != SBOM_KIND_NPM_PKG)
			continue;
		if (o->n >= SBOM_MAX_OWNED) {
			o->full = true;
			return 0;
		}
		if (o->n == o->cap) {
			size_t cap = o->cap ? o->cap * 2 : 64;
			char **v = realloc(o->v, cap * sizeof(*v));
			if (!v)
				return BH_ENOMEM;
			o->v = v;
			o->cap = cap;
		}
		char *s = malloc(pl + n + 1);
		if (!s)
			return BH_ENOMEM;
		memcpy(s, prefix, pl);
		memcpy(s + pl, path, n + 1);
		o->v[o->n++] = s;
	}
	return 0;
}

static int cmp_pstr(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

size_t sbom_owned_drop(struct sbom_owned *o, struct sbom_list *l)
{
	if (!o->n)
		return 0;
	qsort(o->v, o->n, sizeof(*o->v), cmp_pstr);
	size_t k = 0;
	for (size_t i = 0; i < l->n; i++) {
		struct sbom_pkg *p = &l->v[i];
		if ((p->eco == SBOM_PYPI || p->eco == SBOM_NPM) && p->path &&
		    bsearch(&p->path, o->v, o->n, sizeof(*o->v), cmp_pstr))
			pkg_free(p);
		else
			l->v[k++] = *p;
	}
	size_t dropped = l->n - k;
	l->n = k;
	return dropped;
}

void sbom_owned_free(struct sbom_owned *o)
{
	for (size_t i = 0; i < o->n; i++)
		free(o->v[i]);
	free(o->v);
	*o = (struct sbom_owned){ 0 };
}

static bool starts(const char *buf, size_t len, const char *s)
{
	size_t n = strlen(s);
	return len >= n && !memcmp(buf, s, n);
}

/* Whether a line of the first 4 KiB starts with s. */
static bool line_starts(const char *buf, size_t len, const char *s)
{
	if (len > 4096)
		len = 4096;
	for (size_t i = 0; i < len;) {
		if (starts(buf + i, len - i, s))
			return true;
		const char *nl = memchr(buf + i, '\n', len - i);
		if (!nl)
			break;
		i = (size_t)(nl - buf) + 1;
	}
	return false;
}

enum sbom_kind sbom_kind_sniff(const char *buf, size_t len)
{
	if (sbom_is_elf(buf, len))
		return SBOM_KIND_ELF;
	if (sbom_is_bin_summary(buf, len))
		return SBOM_KIND_BIN_SUMMARY;
	if (sbom_is_zip(buf, len))
		return SBOM_KIND_JAVA_ARCHIVE;
	if (starts(buf, len, "SQLite format 3"))
		return SBOM_KIND_RPM_SQLITE;
	if (sbom_rpm_is_bdb(buf, len))
		return SBOM_KIND_RPM_BDB;
	size_t i = 0;
	if (starts(buf, len, "\xef\xbb\xbf"))   /* a UTF-8 byte order mark */
		i = 3;
	while (i < len && (buf[i] == ' ' || buf[i] == '\t' || buf[i] == '\r' ||
			   buf[i] == '\n'))
		i++;
	if (i < len && buf[i] == '{') {
		size_t n = len < 65536 ? len : 65536;
		/* a lockfile says so near its top; else a manifest */
		for (size_t k = 0; k + 17 <= n; k++)
			if (!memcmp(buf + k, "\"lockfileVersion\"", 17))
				return SBOM_KIND_NPM_LOCK;
		return SBOM_KIND_NPM_PKG;
	}
	if (starts(buf, len, "Metadata-Version:"))
		return SBOM_KIND_PY_META;
	if (starts(buf, len, "# yarn lockfile v1") ||
	    starts(buf, len, "# This file is generated by running \"yarn install\""))
		return SBOM_KIND_YARN_LOCK;
	if (starts(buf, len, "lockfileVersion:"))
		return SBOM_KIND_PNPM_LOCK;
	if (starts(buf + i, len - i, "Package:")) {
		/* a distroless status.d file has no Status: at all */
		if (starts(buf, len, "Status:") || memmem(buf, len, "\nStatus:", 8))
			return SBOM_KIND_DPKG;
		return SBOM_KIND_DPKG_STATUSD;
	}
	if (starts(buf + i, len - i, "C:") || starts(buf + i, len - i, "P:"))
		return SBOM_KIND_APK;
	if (line_starts(buf, len, "Name:") && line_starts(buf, len, "Version:"))
		return SBOM_KIND_PY_META;
	return SBOM_KIND_NONE;
}

int sbom_catalog(enum sbom_kind kind, const struct sbom_src *src,
		 struct sbom_list *out, struct diag *d)
{
	if (src->len > SBOM_MAX_DB)
		return diag_error(d, BH_ELIMIT, 0, 0, "larger than %zu MiB",
				  SBOM_MAX_DB >> 20);
	switch (kind) {
	case SBOM_KIND_DPKG: return sbom_dpkg(src, false, out, d);
	case SBOM_KIND_DPKG_STATUSD: return sbom_dpkg(src, true, out, d);
	case SBOM_KIND_APK: return sbom_apk(src, out, d);
	case SBOM_KIND_RPM_SQLITE: return sbom_rpm_sqlite(src, out, d);
	case SBOM_KIND_RPM_BDB: return sbom_rpm_bdb(src, out, d);
	case SBOM_KIND_RPM_NDB: return sbom_rpm_ndb(src, out, d);
	case SBOM_KIND_NPM_LOCK: return sbom_npm_lock(src, out, d);
	case SBOM_KIND_NPM_PKG: return sbom_npm_pkg(src, out, d);
	case SBOM_KIND_YARN_LOCK: return sbom_yarn_lock(src, out, d);
	case SBOM_KIND_PNPM_LOCK: return sbom_pnpm_lock(src, out, d);
	case SBOM_KIND_PY_META: return sbom_python(src, out, d);
	case SBOM_KIND_PY_REQS: return sbom_py_reqs(src, out, d);
	case SBOM_KIND_PY_PIPFILE: return sbom_py_pipfile(src, out, d);
	case SBOM_KIND_PY_TOMLLOCK: return sbom_py_tomllock(src, out, d);
	case SBOM_KIND_GEMFILE_LOCK: return sbom_gemfile_lock(src, out, d);
	case SBOM_KIND_CARGO_LOCK: return sbom_cargo_lock(src, out, d);
	case SBOM_KIND_ELF: return sbom_go_bin(src, out, d);
	case SBOM_KIND_BIN_SUMMARY: return sbom_go_summary(src, out, d);
	case SBOM_KIND_JAVA_ARCHIVE: return sbom_java_archive(src, out, d);
	case SBOM_KIND_POM_PROPS: return sbom_pom_properties(src, out, d);
	case SBOM_KIND_JAVA_SUMMARY: return sbom_java_summary(src, out, d);
	case SBOM_KIND_GEMSPEC: return sbom_gemspec(src, out, d);
	default:
		return diag_error(d, BH_EUSAGE, 0, 0,
				  "not a package database bulkhead reads");
	}
}

int sbom_pkg_add_dep(struct sbom_pkg *p, const char *name, size_t nlen,
		     const char *version)
{
	if (!nlen || p->ndeps >= SBOM_MAX_DEPS)
		return 0;
	for (size_t i = 0; i < p->ndeps; i++)
		if (strlen(p->deps[i].name) == nlen &&
		    !memcmp(p->deps[i].name, name, nlen) &&
		    !cmp_str(p->deps[i].version, version))
			return 0;
	struct sbom_dep *v = realloc(p->deps, (p->ndeps + 1) * sizeof(*v));
	if (!v)
		return BH_ENOMEM;
	p->deps = v;
	struct sbom_dep *e = &v[p->ndeps];
	e->name = strndup(name, nlen);
	e->version = version ? sbom_mask_userinfo(version) : NULL;
	if (!e->name || (version && !e->version)) {
		free(e->name);
		free(e->version);
		return BH_ENOMEM;
	}
	p->ndeps++;
	return 0;
}

/* Packages ordered by ecosystem, path, name (then list order). */
struct dep_ent {
	const struct sbom_pkg *p;
	size_t i;
};
static int cmp_dep_key(const void *x, const void *y)
{
	const struct dep_ent *ea = x, *eb = y;
	const struct sbom_pkg *a = ea->p, *b = eb->p;
	int c;
	if (a->eco != b->eco)
		return a->eco < b->eco ? -1 : 1;
	if ((c = cmp_str(a->path, b->path)) || (c = strcmp(a->name, b->name)))
		return c;
	return ea->i < eb->i ? -1 : 1;
}

/* The index (into l) of the package "p" depends on as name[0..nlen) at
 * "version" (NULL: any), or (size_t)-1.  deb: "name:arch" asks for that
 * architecture (multi-arch); a bare name prefers p's own architecture
 * (an "all" package has none to prefer), as dpkg resolves it. */
static size_t dep_find(const struct sbom_list *l, const struct dep_ent *ord,
		       const struct sbom_pkg *p, const char *name, size_t nlen,
		       const char *version)
{
	const char *arch = NULL;
	size_t alen = 0;
	bool only = false;   /* "name:arch": that architecture only */
	if (p->eco == SBOM_DEB) {
		const char *colon = memchr(name, ':', nlen);
		if (colon) {
			arch = colon + 1;
			alen = (size_t)(name + nlen - arch);
			nlen = (size_t)(colon - name);
			only = true;
		} else if (p->arch && strcmp(p->arch, "all")) {
			arch = p->arch;
			alen = strlen(arch);
		}
	}
	size_t lo = 0, hi = l->n;
	while (lo < hi) {   /* the first entry not before (p's key, name) */
		size_t mid = lo + (hi - lo) / 2;
		const struct sbom_pkg *q = ord[mid].p;
		int c = q->eco != p->eco ? (q->eco < p->eco ? -1 : 1) : 0;
		if (!c && !(c = cmp_str(q->path, p->path))) {
			c = strncmp(q->name, name, nlen);
			if (!c && q->name[nlen])
				c = 1;
		}
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	/* the best of that name: of that version (when one is asked for),
	 * then of p's layer (an image's database lists packages of several
	 * layers: each package names the one that added it), then the
	 * first */
	size_t best = (size_t)-1;
	int best_score = -1;
	for (size_t k = lo; k < l->n; k++) {
		const struct sbom_pkg *q = ord[k].p;
		if (q->eco != p->eco || cmp_str(q->path, p->path) ||
		    strncmp(q->name, name, nlen) || q->name[nlen])
			break;
		if (version && strcmp(q->version, version))
			continue;
		bool arch_ok = !arch || (q->arch && strlen(q->arch) == alen &&
					 !memcmp(q->arch, arch, alen));
		/* name:arch is that architecture only, or an "all" package,
		 * which serves every architecture */
		if (only && !arch_ok && (!q->arch || strcmp(q->arch, "all")))
			continue;
		int score = 2 * arch_ok + !cmp_str(q->layer, p->layer);
		if (score > best_score) {
			best = ord[k].i;
			best_score = score;
		}
	}
	return best;
}

int sbom_list_deps(const struct sbom_list *l, size_t **to, size_t **first)
{
	*to = NULL;
	*first = calloc(l->n + 1, sizeof(**first));
	struct dep_ent *ord = malloc((l->n ? l->n : 1) * sizeof(*ord));
	size_t n = 0, cap = 0;
	if (!*first || !ord)
		goto nomem;
	for (size_t i = 0; i < l->n; i++)
		ord[i] = (struct dep_ent){ &l->v[i], i };
	qsort(ord, l->n, sizeof(*ord), cmp_dep_key);
	for (size_t i = 0; i < l->n; i++) {
		const struct sbom_pkg *p = &l->v[i];
		(*first)[i] = n;
		for (size_t j = 0; j < p->ndeps; j++) {
			const char *alt = p->deps[j].name;
			size_t hit = (size_t)-1;
			while (hit == (size_t)-1 && *alt) {
				size_t len = strcspn(alt, "|");
				hit = dep_find(l, ord, p, alt, len, p->deps[j].version);
				alt += len + (alt[len] == '|');
			}
			if (hit == (size_t)-1 || hit == i)
				continue;
			bool seen = false;
			for (size_t k = (*first)[i]; k < n && !seen; k++)
				seen = (*to)[k] == hit;
			if (seen)
				continue;
			if (n == cap) {
				cap = cap ? cap * 2 : 64;
				size_t *v = realloc(*to, cap * sizeof(*v));
				if (!v)
					goto nomem;
				*to = v;
			}
			(*to)[n++] = hit;
		}
	}
	(*first)[l->n] = n;
	free(ord);
	return 0;
nomem:
	free(ord);
	free(*to);
	free(*first);
	*to = *first = NULL;
	return BH_ENOMEM;
}
