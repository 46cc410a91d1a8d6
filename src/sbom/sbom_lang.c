/* SPDX-License-Identifier: Apache-2.0
 *
 * sbom_lang.c - the catalogers of language packages: npm's
 * package-lock.json (lockfileVersion 1: the nested "dependencies" tree;
 * 2 and 3: the "packages" map, keys "node_modules/a/node_modules/b",
 * "name" for aliases, "link" entries and the root "" left out), an
 * installed package's node_modules/.../package.json (no name, an empty
 * name or no version: not a package), and Python's *.dist-info/METADATA
 * and *.egg-info/PKG-INFO (the Name:, Version:, License-Expression: or
 * License: headers before the first blank line), yarn.lock (classic
 * and berry) and pnpm-lock.yaml (v5 to v9, through src/parse/yml);
 * Python pins: requirements*.txt, Pipfile.lock, poetry.lock, uv.lock;
 * Ruby's Gemfile.lock and Rust's Cargo.lock.
 * JSON is read by jansson (its parse error names line and column); the
 * v1 tree is walked with a depth bound (NPM_MAX_DEPTH).
 * Tests: tests/unit/sbom/test_sbom.c, tests/cases/cli/sbom-*.case,
 * fuzz/fuzz_sbom_*.c.
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "sbom.h"
#include "../parse/yml.h"
#include "../util/arena.h"
#include "../util/strbuf.h"

#define NPM_MAX_DEPTH 256
#define PY_MAX_LICENSE 200

static int add_err(struct diag *d, int rc)
{
	return diag_error(d, rc, 0, 0, rc == BH_ELIMIT ? "too many packages"
				       : "out of memory");
}

static json_t *load_json(const struct sbom_src *src, struct diag *d)
{
	json_error_t e;
	const char *buf = src->buf;
	size_t len = src->len;
	/* a UTF-8 byte order mark, as npm takes it */
	if (len >= 3 && !memcmp(buf, "\xef\xbb\xbf", 3))
		buf += 3, len -= 3;
	json_t *j = json_loadb(buf, len, JSON_ALLOW_NUL, &e);
	if (!j) {
		diag_error(d, BH_EPARSE, e.line > 0 ? e.line : 0,
			   e.column > 0 ? e.column : 0, "invalid JSON: %s", e.text);
		return NULL;
	}
	if (!json_is_object(j)) {
		json_decref(j);
		diag_error(d, BH_EPARSE, 1, 1, "not a JSON object");
		return NULL;
	}
	return j;
}

static const char *str(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);
	return json_is_string(v) ? json_string_value(v) : NULL;
}

/* Whether o's string "key" holds a NUL byte (\u0000), which would cut
 * it short as a C string. */
static bool has_nul(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);
	return json_is_string(v) &&
	       strlen(json_string_value(v)) != json_string_length(v);
}

/* Whether "name" can be an npm package's: not empty, "@scope/name"
 * (both parts non-empty) or a name without '/'. */
static bool npm_name_ok(const char *name)
{
	if (!name || !*name)
		return false;
	if (*name == '@') {
		const char *slash = strchr(name, '/');
		return slash && slash > name + 1 && slash[1] &&
		       !strchr(slash + 1, '/');
	}
	return !strchr(name, '/');
}

/* An entry's field that must be an object when present. */
static bool not_object(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);
	return v && !json_is_object(v);
}

/* "license": "MIT" | {"type": "MIT"}; "licenses": [{"type": ...}, ...]
 * -> "MIT" / "MIT OR ISC" into sb (may stay empty). */
static void npm_license(json_t *o, struct strbuf *sb)
{
	json_t *l = json_object_get(o, "license");
	if (json_is_string(l)) {
		strbuf_adds(sb, json_string_value(l));
		return;
	}
	if (json_is_object(l) && str(l, "type")) {
		strbuf_adds(sb, str(l, "type"));
		return;
	}
	json_t *ls = json_object_get(o, "licenses");
	size_t i;
	json_t *it;
	if (json_is_array(ls))
		json_array_foreach(ls, i, it) {
			const char *t = json_is_string(it) ? json_string_value(it)
							  : str(it, "type");
			if (!t)
				continue;
			if (sb->len)
				strbuf_adds(sb, " OR ");
			strbuf_adds(sb, t);
		}
}

static int npm_add(const char *name, const char *ver, json_t *o,
		   const struct sbom_src *src, struct sbom_list *out)
{
	if (!name || !*name || !ver || !*ver)
		return 0;
	/* local and linked packages are not registry packages */
	if (!strncmp(ver, "file:", 5) || !strncmp(ver, "link:", 5))
		return 0;
	char *alias = NULL;
	if (!strncmp(ver, "npm:", 4)) {
		/* v1 alias: "npm:string-width@4.2.0" */
		const char *at = strrchr(ver + 4, '@');
		if (at && at > ver + 4) {
			alias = strndup(ver + 4, (size_t)(at - ver - 4));
			if (!alias)
				return BH_ENOMEM;
			name = alias;
			ver = at + 1;
		}
	}
	/* no package of an empty scope ("@x/") or a path: readers that can
	 * name what is wrong say so first */
	if (!npm_name_ok(name) || !*ver) {
		free(alias);
		return 0;
	}
	struct strbuf lic = STRBUF_INIT;
	if (o)
		npm_license(o, &lic);
	struct sbom_pkg_in in = {
		.eco = SBOM_NPM, .name = name, .version = ver,
		.licenses = lic.len ? strbuf_str(&lic) : NULL,
	};
	int rc = sbom_list_add(out, &in, src);
	strbuf_free(&lic);
	free(alias);
	return rc;
}

/* A lockfile entry's (name, version) as listed: an "npm:NAME@VER" alias
 * version names the real package. */
static int npm_dep(struct sbom_pkg *p, const char *name, const char *ver)
{
	if (!name || !ver)
		return 0;
	if (!strncmp(ver, "npm:", 4)) {
		const char *at = strrchr(ver + 4, '@');
		if (!at || at == ver + 4)
			return 0;
		return sbom_pkg_add_dep(p, ver + 4, (size_t)(at - ver - 4), at + 1);
	}
	return sbom_pkg_add_dep(p, name, strlen(name), ver);
}

/* v1: the "requires" of entry v (just added as *p), each resolved as
 * node does: v's own nested dependencies, then each enclosing level's
 * (chain[depth] up to chain[0], the top-level "dependencies"). */
static int npm_v1_requires(struct sbom_pkg *p, json_t *v, json_t **chain,
			   int depth)
{
	const char *rn;
	json_t *range;
	json_object_foreach(json_object_get(v, "requires"), rn, range) {
		json_t *hit = json_object_get(json_object_get(v, "dependencies"), rn);
		for (int k = depth; !json_is_object(hit) && k >= 0; k--)
			hit = json_object_get(chain[k], rn);
		if (json_is_object(hit)) {
			int rc = npm_dep(p, rn, str(hit, "version"));
			if (rc)
				return rc;
		}
	}
	return 0;
}

static int npm_v1(json_t *deps, int depth, json_t **chain,
		  const struct sbom_src *src, struct sbom_list *out,
		  struct diag *d)
{
	if (!json_is_object(deps))
		return 0;
	if (depth > NPM_MAX_DEPTH)
		return diag_error(d, BH_ELIMIT, 0, 0, "dependencies nested "
				  "deeper than %d", NPM_MAX_DEPTH);
	const char *key;
	json_t *v;
	json_object_foreach(deps, key, v) {
		if (!json_is_object(v))
			return diag_error(d, BH_EPARSE, 0, 0, "dependencies[\"%s\"] "
					  "is not an object", key);
		if (!npm_name_ok(key))
			return diag_error(d, BH_EPARSE, 0, 0, "dependencies[\"%s\"]: "
					  "not an npm package name", key);
		if (has_nul(v, "version"))
			return diag_error(d, BH_EPARSE, 0, 0, "dependencies[\"%s\"]"
					  ".version: NUL byte in a string", key);
		if (not_object(v, "requires") || not_object(v, "dependencies"))
			return diag_error(d, BH_EPARSE, 0, 0, "dependencies[\"%s\"]"
					  ".%s is not an object", key,
					  not_object(v, "requires") ? "requires"
								    : "dependencies");
		size_t before = out->n;
		chain[depth] = deps;
		int rc = npm_add(key, str(v, "version"), v, src, out);
		if (!rc && out->n > before)
			rc = npm_v1_requires(&out->v[out->n - 1], v, chain, depth);
		if (rc)
			return add_err(d, rc);
		if ((rc = npm_v1(json_object_get(v, "dependencies"), depth + 1,
				 chain, src, out, d)))
			return rc;
	}
	return 0;
}

/* v2/v3: the dependencies of the entry at "key" (just added as *p),
 * each resolved as node does: KEY/node_modules/DEP, then in each
 * enclosing node_modules folder up to the top "node_modules/DEP". */
static int npm_v2_deps(struct sbom_pkg *p, json_t *pk, const char *key,
		       json_t *v)
{
	static const char *const kinds[] = { "dependencies",
					     "optionalDependencies" };
	struct strbuf sb = STRBUF_INIT;
	int rc = 0;
	for (int g = 0; g < 2 && !rc; g++) {
		const char *dn;
		json_t *range;
		json_object_foreach(json_object_get(v, kinds[g]), dn, range) {
			/* the folders from key up: key, key minus its last
			 * "/node_modules/NAME", ..., "" */
			size_t plen = strlen(key);
			json_t *hit = NULL;
			for (;;) {
				strbuf_reset(&sb);
				strbuf_add(&sb, key, plen);
				strbuf_printf(&sb, "%snode_modules/%s", plen ? "/" : "", dn);
				if (sb.failed) {
					rc = BH_ENOMEM;
					break;
				}
				hit = json_object_get(pk, strbuf_str(&sb));
				if (json_is_object(hit) || !plen)
					break;
				/* cut "[/]node_modules/NAME" (NAME may be @scope/x) */
				const char *nm = NULL;
				for (const char *x = key; (x = strstr(x, "node_modules/")) &&
				     (size_t)(x - key) < plen; x++)
					nm = x;
				plen = nm ? (size_t)(nm - key) : 0;
				if (plen && key[plen - 1] == '/')
					plen--;
			}
			if (rc)
				break;
			if (json_is_object(hit) && !json_is_true(json_object_get(hit, "link"))) {
				const char *name = str(hit, "name");
				if ((rc = npm_dep(p, name ? name : dn, str(hit, "version"))))
					break;
			}
		}
	}
	strbuf_free(&sb);
	return rc;
}

int sbom_npm_lock(const struct sbom_src *src, struct sbom_list *out,
		  struct diag *d)
{
	json_t *j = load_json(src, d);
	if (!j)
		return d->code;
	int rc = 0;
	json_t *pk = json_object_get(j, "packages");
	if (pk && !json_is_object(pk)) {
		rc = diag_error(d, BH_EPARSE, 0, 0, "packages is not an object");
	} else if (pk) {
		const char *key;
		json_t *v;
		/* the project's own dependencies: the root entry's */
		json_t *root = json_object_get(pk, "");
		static const char *const root_kinds[] = {
			"dependencies", "devDependencies", "optionalDependencies",
			"peerDependencies",
		};
		json_object_foreach(pk, key, v) {
			static const char *const objs[] = {
				"dependencies", "optionalDependencies",
				"devDependencies", "peerDependencies",
			};
			const char *bad = NULL;
			for (int g = 0; g < 4 && !bad; g++)
				if (not_object(v, objs[g]))
					bad = objs[g];
			if (!json_is_object(v))
				rc = diag_error(d, BH_EPARSE, 0, 0, "packages[\"%s\"] is "
						"not an object", key);
			else if (bad)
				rc = diag_error(d, BH_EPARSE, 0, 0, "packages[\"%s\"].%s "
						"is not an object", key, bad);
			else if (has_nul(v, "version") || has_nul(v, "name"))
				rc = diag_error(d, BH_EPARSE, 0, 0, "packages[\"%s\"].%s: "
						"NUL byte in a string", key,
						has_nul(v, "version") ? "version" : "name");
			if (rc)
				break;
			if (!*key || json_is_true(json_object_get(v, "link")))
				continue;
			const char *nm = strstr(key, "node_modules/");
			const char *last = NULL;
			while (nm) {
				last = nm + 13;
				nm = strstr(last, "node_modules/");
			}
			const char *name = str(v, "name");
			if (!name)
				name = last;
			/* a workspace folder ("packages/a") is not installed
			 * from the registry */
			if (!last)
				continue;
			if (!npm_name_ok(name)) {
				rc = diag_error(d, BH_EPARSE, 0, 0, "packages[\"%s\"]: "
						"'%s' is not an npm package name", key, name);
				break;
			}
			size_t before = out->n;
			rc = npm_add(name, str(v, "version"), v, src, out);
			if (!rc && out->n > before)
				rc = npm_v2_deps(&out->v[out->n - 1], pk, key, v);
			/* "node_modules/NAME" at the top is what the root's
			 * NAME resolves to, as node resolves it */
			if (!rc && out->n > before && last == key + 13)
				for (int g = 0; g < 4; g++)
					if (json_object_get(json_object_get(root, root_kinds[g]),
							    last))
						out->v[out->n - 1].direct = true;
			if (rc) {
				rc = add_err(d, rc);
				break;
			}
		}
	} else {
		json_t *lv = json_object_get(j, "lockfileVersion");
		if (lv && !json_is_integer(lv))
			rc = diag_error(d, BH_EPARSE, 0, 0,
					"lockfileVersion is not a number");
		else if (not_object(j, "dependencies"))
			rc = diag_error(d, BH_EPARSE, 0, 0,
					"dependencies is not an object");
		else {
			json_t *chain[NPM_MAX_DEPTH + 2] = { 0 };
			rc = npm_v1(json_object_get(j, "dependencies"), 0, chain,
				    src, out, d);
		}
	}
	json_decref(j);
	return rc;
}

int sbom_npm_pkg(const struct sbom_src *src, struct sbom_list *out,
		 struct diag *d)
{
	json_t *j = load_json(src, d);
	if (!j)
		return d->code;
	const char *name = str(j, "name");
	int rc = 0;
	if (has_nul(j, "name") || has_nul(j, "version"))
		rc = diag_error(d, BH_EPARSE, 0, 0, "%s: NUL byte in a string",
				has_nul(j, "name") ? "name" : "version");
	else if (name && *name && str(j, "version") && !npm_name_ok(name))
		rc = diag_error(d, BH_EPARSE, 0, 0, "name '%s' is not an npm "
				"package name", name);
	else if ((rc = npm_add(name, str(j, "version"), j, src, out)))
		rc = add_err(d, rc);
	json_decref(j);
	return rc;
}

/* ---- yarn.lock ----
 * Classic (v1): entries "desc[, desc...]:" at column 0, fields indented
 * two spaces, `version "1.2.3"`.  Berry (v2+): the same layout in YAML,
 * `version: 1.2.3`, descriptors "name@npm:range", a __metadata entry.
 * The name is the first descriptor up to its first '@' after a scope's
 * leading one ("x@npm:real@^1" aliases real); workspace:, link:,
 * portal: and file: entries are the project's own, not packages. */

static int yarn_flush(char *desc, const char *ver, int line,
		      const struct sbom_src *src, struct sbom_list *out,
		      struct diag *d)
{
	if (!desc)
		return 0;
	if (!strcmp(desc, "__metadata"))
		return 0;
	if (!ver)
		return diag_error(d, BH_EPARSE, line, 0, "entry without a version");
	/* a name holds no '@' but its scope's first one */
	char *at = *desc ? strchr(desc + 1, '@') : NULL;
	if (!at)
		return diag_error(d, BH_EPARSE, line, 0,
				  "entry name without '@range'");
	char *name = desc, *range = at + 1;
	*at = 0;
	if (!strncmp(range, "workspace:", 10) || !strncmp(range, "link:", 5) ||
	    !strncmp(range, "portal:", 7) || !strncmp(range, "file:", 5))
		return 0;
	/* an alias: "x@npm:real-name@^1.0.0" */
	char *alias = !strncmp(range, "npm:", 4) && range[4]
			      ? strchr(range + 5, '@') : NULL;
	if (alias) {
		*alias = 0;
		name = range + 4;
	}
	int rc = npm_add(name, ver, NULL, src, out);
	return rc ? add_err(d, rc) : 0;
}

/* Unquoted copy of s[0..n) (one pair of "..." removed). */
static char *unquote(const char *s, size_t n)
{
	while (n && (*s == ' ' || *s == '\t'))
		s++, n--;
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
		n--;
	if (n >= 2 && s[0] == '"' && s[n - 1] == '"')
		s++, n -= 2;
	return strndup(s, n);
}

int sbom_yarn_lock(const struct sbom_src *src, struct sbom_list *out,
		   struct diag *d)
{
	const char *p = src->buf, *end = src->buf + src->len;
	char *desc = NULL, *ver = NULL;
	int line = 0, at = 0, rc = 0;
	while (p < end && !rc) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *le = nl ? nl : end;
		const char *l = p;
		size_t n = (size_t)(le - p);
		line++;
		p = nl ? nl + 1 : end;
		if (n && l[n - 1] == '\r')
			n--;
		if (memchr(l, 0, n)) {
			rc = diag_error(d, BH_EPARSE, line, 0, "NUL byte in a text file");
			break;
		}
		if (n == 0 || l[0] == '#')
			continue;
		if (l[0] != ' ' && l[0] != '\t') {
			/* a new entry: "desc, desc:" */
			if ((rc = yarn_flush(desc, ver, at, src, out, d)))
				break;
			free(desc);
			free(ver);
			desc = ver = NULL;
			if (l[n - 1] != ':') {
				rc = diag_error(d, BH_EPARSE, line, 0,
						"not an entry line (\"name@range:\")");
				break;
			}
			const char *comma = memchr(l, ',', n - 1);
			desc = unquote(l, comma ? (size_t)(comma - l) : n - 1);
			if (!desc) {
				rc = diag_error(d, BH_ENOMEM, 0, 0, "out of memory");
				break;
			}
			at = line;
			continue;
		}
		if (!desc) {
			rc = diag_error(d, BH_EPARSE, line, 0,
					"indented line outside an entry");
			break;
		}
		/* "  version "1.2.3"" or "  version: 1.2.3", two spaces deep */
		if (n > 10 && !memcmp(l, "  version", 9) &&
		    (l[9] == ' ' || l[9] == ':') && !ver) {
			const char *v = l + 9 + (l[9] == ':');
			ver = unquote(v, (size_t)(l + n - v));
			if (!ver) {
				rc = diag_error(d, BH_ENOMEM, 0, 0, "out of memory");
				break;
			}
			if (!*ver) {
				free(ver);
				ver = NULL;
			}
		}
	}
	if (!rc)
		rc = yarn_flush(desc, ver, at, src, out, d);
	free(desc);
	free(ver);
	return rc;
}

/* ---- pnpm-lock.yaml ----
 * The keys of "packages": v5 "/name/1.2.3" (a "_peer@x" suffix), v6
 * "/name@1.2.3(peer@x)", v9 "name@1.2.3"; scoped names keep their
 * "@scope/".  A key whose version does not start with a digit (a tarball,
 * a git or file dependency) names no registry package.  "importers" (the
 * project's own folders) and v9's "snapshots" (the same packages with
 * their peers) are not read. */

static int pnpm_key(const char *key, bool v5, const struct sbom_src *src,
		    struct sbom_list *out)
{
	char buf[1024];
	if (*key == '/')
		key++;
	size_t n = strlen(key);
	if (n == 0 || n >= sizeof(buf))
		return 0;
	memcpy(buf, key, n + 1);
	char *paren = strchr(buf, '(');
	if (paren)
		*paren = 0;
	char *sep;
	if (v5) {
		/* the '/' after the name (after "@scope/" for a scoped one) */
		sep = buf[0] == '@' ? strchr(buf, '/') : buf;
		sep = sep ? strchr(sep + (buf[0] == '@'), '/') : NULL;
		char *us = sep ? strchr(sep, '_') : NULL;
		if (us)
			*us = 0;
	} else {
		sep = buf[0] ? strchr(buf + 1, '@') : NULL;
	}
	if (!sep || sep == buf || sep[1] < '0' || sep[1] > '9')
		return 0;
	*sep = 0;
	return npm_add(buf, sep + 1, NULL, src, out);
}

int sbom_pnpm_lock(const struct sbom_src *src, struct sbom_list *out,
		   struct diag *d)
{
	struct arena a;
	arena_init(&a, src->len * 16 + ((size_t)1 << 20));
	struct yml_stream st;
	int rc = yml_parse(&a, src->buf, src->len, NULL, &st, d);
	if (rc) {
		arena_free(&a);
		return rc;
	}
	const struct yml_node *root = st.ndocs ? st.docs[0].root : NULL;
	if (!yml_is_map(root)) {
		arena_free(&a);
		return diag_error(d, BH_EPARSE, 1, 1, "not a pnpm lockfile "
				  "(no top-level mapping)");
	}
	const struct yml_node *lv = yml_get(root, "lockfileVersion");
	bool v5 = yml_is_scalar(lv) && lv->str && lv->str[0] == '5';
	const struct yml_node *pk = yml_get(root, "packages");
	for (size_t i = 0; yml_is_map(pk) && i < pk->n && !rc; i++) {
		const struct yml_node *k = pk->pairs[i].key;
		if (!yml_is_scalar(k) || !k->str || memchr(k->str, 0, k->len))
			continue;
		if ((rc = pnpm_key(k->str, v5, src, out)))
			rc = add_err(d, rc);
	}
	arena_free(&a);
	return rc;
}

int sbom_python(const struct sbom_src *src, struct sbom_list *out,
		struct diag *d)
{
	const char *p = src->buf, *end = src->buf + src->len;
	char *f[4] = { 0 };   /* Name, Version, License-Expression, License */
	int line = 0, rc = 0;
	bool more_license = false;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *le = nl ? nl : end;
		const char *l = p;
		size_t n = (size_t)(le - p);
		line++;
		p = nl ? nl + 1 : end;
		if (n && l[n - 1] == '\r')
			n--;
		if (n == 0)
			break;        /* the body starts */
		if (memchr(l, 0, n)) {
			rc = diag_error(d, BH_EPARSE, line, 0, "NUL byte in a header");
			break;
		}
		if (l[0] == ' ' || l[0] == '\t') {
			if (line == 1) {
				rc = diag_error(d, BH_EPARSE, line, 0,
						"continuation line before any header");
				break;
			}
			if (f[3] && more_license) {
				/* a multi-line License: is a license text */
				free(f[3]);
				f[3] = NULL;
			}
			continue;
		}
		const char *colon = memchr(l, ':', n);
		if (!colon || colon == l) {
			rc = diag_error(d, BH_EPARSE, line, 0,
					"not a 'Header: value' line");
			break;
		}
		size_t kn = (size_t)(colon - l);
		const char *v = colon + 1;
		size_t vn = n - kn - 1;
		while (vn && (*v == ' ' || *v == '\t'))
			v++, vn--;
		while (vn && (v[vn - 1] == ' ' || v[vn - 1] == '\t'))
			vn--;
		int slot = -1;
		if (kn == 4 && !strncasecmp(l, "Name", 4))
			slot = 0;
		else if (kn == 7 && !strncasecmp(l, "Version", 7))
			slot = 1;
		else if (kn == 18 && !strncasecmp(l, "License-Expression", 18))
			slot = 2;
		else if (kn == 7 && !strncasecmp(l, "License", 7))
			slot = 3;
		more_license = slot == 3;
		if (slot < 0 || f[slot])
			continue;
		if (slot >= 2 && (vn == 0 || vn > PY_MAX_LICENSE ||
				  (vn == 7 && !memcmp(v, "UNKNOWN", 7))))
			continue;
		if (!(f[slot] = strndup(v, vn))) {
			rc = diag_error(d, BH_ENOMEM, 0, 0, "out of memory");
			break;
		}
	}
	if (!rc && (!f[0] || !*f[0] || !f[1] || !*f[1]))
		rc = diag_error(d, BH_EPARSE, 1, 0,
				"no Name: or Version: header");
	if (!rc) {
		struct sbom_pkg_in in = {
			.eco = SBOM_PYPI, .name = f[0], .version = f[1],
			.licenses = f[2] ? f[2] : f[3],
		};
		if ((rc = sbom_list_add(out, &in, src)))
			rc = add_err(d, rc);
	}
	for (int i = 0; i < 4; i++)
		free(f[i]);
	return rc;
}

/* ---- Python lockfiles ----
 * requirements*.txt: exact pins only ("name==1.0", "name[extra]==1.0",
 * "name===1.0"; markers after ';' and options after whitespace ignored);
 * a range, an option line (-r, -e, --hash) or a URL is no pin.
 * Pipfile.lock: "default" and "develop" maps, "version": "==1.0".
 * poetry.lock and uv.lock: each [[package]] table's name and version
 * (uv's own project, source editable or virtual, left out). */

static bool py_name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
}

static int lang_add(enum sbom_eco eco, const char *name, size_t nn,
		    const char *ver, size_t vn, const struct sbom_src *src,
		    struct sbom_list *out)
{
	char *n = strndup(name, nn), *v = strndup(ver, vn);
	int rc = BH_ENOMEM;
	if (n && v) {
		struct sbom_pkg_in in = { .eco = eco, .name = n, .version = v };
		rc = sbom_list_add(out, &in, src);
	}
	free(n);
	free(v);
	return rc;
}

int sbom_py_reqs(const struct sbom_src *src, struct sbom_list *out,
		 struct diag *d)
{
	const char *p = src->buf, *end = src->buf + src->len;
	int line = 0;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *l = p, *le = nl ? nl : end;
		line++;
		p = nl ? nl + 1 : end;
		if (memchr(l, 0, (size_t)(le - l)))
			return diag_error(d, BH_EPARSE, line, 0, "NUL byte in a text file");
		while (l < le && (*l == ' ' || *l == '\t'))
			l++;
		const char *n0 = l;
		while (l < le && py_name_char(*l))
			l++;
		size_t nn = (size_t)(l - n0);
		if (!nn || n0[0] == '-' || n0[0] == '.')
			continue;
		if (l < le && *l == '[') {           /* extras */
			const char *c = memchr(l, ']', (size_t)(le - l));
			if (!c)
				continue;
			l = c + 1;
		}
		while (l < le && (*l == ' ' || *l == '\t'))
			l++;
		if (le - l < 3 || l[0] != '=' || l[1] != '=')
			continue;                   /* not an exact pin */
		l += l[2] == '=' ? 3 : 2;
		while (l < le && (*l == ' ' || *l == '\t'))
			l++;
		const char *v0 = l;
		while (l < le && *l != ' ' && *l != '\t' && *l != ';' && *l != ',' &&
		       *l != '#' && *l != '\r' && *l != '\\')
			l++;
		size_t vn = (size_t)(l - v0);
		if (!vn || memchr(v0, '*', vn))
			continue;
		int rc = lang_add(SBOM_PYPI, n0, nn, v0, vn, src, out);
		if (rc)
			return add_err(d, rc);
	}
	return 0;
}

int sbom_py_pipfile(const struct sbom_src *src, struct sbom_list *out,
		    struct diag *d)
{
	json_t *j = load_json(src, d);
	if (!j)
		return d->code;
	static const char *const groups[] = { "default", "develop" };
	int rc = 0;
	for (size_t g = 0; g < 2 && !rc; g++) {
		const char *key;
		json_t *v;
		json_object_foreach(json_object_get(j, groups[g]), key, v) {
			const char *ver = str(v, "version");
			if (!ver || strncmp(ver, "==", 2) || !ver[2] || !*key)
				continue;   /* a git or path dependency */
			ver += ver[2] == '=' ? 3 : 2;
			if ((rc = lang_add(SBOM_PYPI, key, strlen(key), ver, strlen(ver),
					   src, out))) {
				rc = add_err(d, rc);
				break;
			}
		}
	}
	json_decref(j);
	return rc;
}

/* A TOML line "key = "value"" of the current table: the value's bytes. */
static bool toml_str(const char *l, size_t n, const char *key, const char **v,
		     size_t *vn)
{
	size_t k = strlen(key);
	if (n <= k || memcmp(l, key, k))
		return false;
	size_t i = k;
	while (i < n && (l[i] == ' ' || l[i] == '\t'))
		i++;
	if (i >= n || l[i] != '=')
		return false;
	i++;
	while (i < n && (l[i] == ' ' || l[i] == '\t'))
		i++;
	if (i >= n || l[i] != '"')
		return false;
	const char *q = memchr(l + i + 1, '"', n - i - 1);
	if (!q)
		return false;
	*v = l + i + 1;
	*vn = (size_t)(q - *v);
	return true;
}

/* [[package]] tables of a TOML lockfile (poetry, uv, Cargo): "cargo"
 * leaves out packages without a source line (the workspace's own
 * crates); otherwise a source naming editable or virtual (uv's project). */
static int toml_lock(const struct sbom_src *src, struct sbom_list *out,
		     struct diag *d, enum sbom_eco eco)
{
	const char *p = src->buf, *end = src->buf + src->len;
	const char *name = NULL, *ver = NULL;
	size_t nn = 0, vn = 0;
	bool in_pkg = false, sub = false, local = false, has_source = false;
	int line = 0, at = 0, rc;
	for (;;) {
		bool eof = p >= end;
		const char *l = p, *le = end;
		if (!eof) {
			const char *nl = memchr(p, '\n', (size_t)(end - p));
			le = nl ? nl : end;
			p = nl ? nl + 1 : end;
			line++;
			if (memchr(l, 0, (size_t)(le - l)))
				return diag_error(d, BH_EPARSE, line, 0,
						  "NUL byte in a text file");
		}
		size_t n = (size_t)(le - l);
		if (n && l[n - 1] == '\r')
			n--;
		if (!eof && !(n && l[0] == '[')) {
			/* a key of the open [[package]] table itself */
			const char *v;
			size_t k;
			if (!in_pkg || sub)
				continue;
			if (!name && toml_str(l, n, "name", &v, &k)) {
				name = v;
				nn = k;
			} else if (!ver && toml_str(l, n, "version", &v, &k)) {
				ver = v;
				vn = k;
			} else if (n > 6 && !memcmp(l, "source", 6) &&
				   (l[6] == ' ' || l[6] == '=')) {
				has_source = true;
				if (memmem(l, n, "editable", 8) ||
				    memmem(l, n, "virtual", 7))
					local = true;   /* uv: the project itself */
			}
			continue;
		}
		if (!eof && in_pkg && n >= 9 && !memcmp(l, "[package.", 9)) {
			sub = true;         /* [package.dependencies] and such */
			continue;
		}
		/* any other header (or the end) closes the package */
		if (in_pkg && !local && (eco != SBOM_CARGO || has_source)) {
			if (!name || !ver || !nn || !vn)
				return diag_error(d, BH_EPARSE, at, 0,
						  "[[package]] without a name or "
						  "version");
			if ((rc = lang_add(eco, name, nn, ver, vn, src, out)))
				return add_err(d, rc);
		}
		if (eof)
			return 0;
		in_pkg = n >= 11 && !memcmp(l, "[[package]]", 11);
		sub = local = has_source = false;
		name = ver = NULL;
		at = line;
	}
}

int sbom_py_tomllock(const struct sbom_src *src, struct sbom_list *out,
		     struct diag *d)
{
	return toml_lock(src, out, d, SBOM_PYPI);
}

int sbom_cargo_lock(const struct sbom_src *src, struct sbom_list *out,
		    struct diag *d)
{
	return toml_lock(src, out, d, SBOM_CARGO);
}

/* ---- Gemfile.lock ----
 * The "specs:" of the GEM and GIT sections: a line indented exactly four
 * spaces is "name (version)" (a platform suffix "-x86_64-linux" cut:
 * RubyGems versions hold no '-'); deeper lines are its dependencies.
 * PATH sections are the project's own gems. */
int sbom_gemfile_lock(const struct sbom_src *src, struct sbom_list *out,
		      struct diag *d)
{
	const char *p = src->buf, *end = src->buf + src->len;
	bool gems = false;
	int line = 0;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *l = p, *le = nl ? nl : end;
		p = nl ? nl + 1 : end;
		line++;
		size_t n = (size_t)(le - l);
		if (n && l[n - 1] == '\r')
			n--;
		if (memchr(l, 0, n))
			return diag_error(d, BH_EPARSE, line, 0, "NUL byte in a text file");
		if (n && l[0] != ' ') {
			gems = (n == 3 && !memcmp(l, "GEM", 3)) ||
			       (n == 3 && !memcmp(l, "GIT", 3));
			continue;
		}
		if (!gems || n < 5 || memcmp(l, "    ", 4) || l[4] == ' ')
			continue;
		const char *nm = l + 4, *open = memchr(nm, ' ', (size_t)(l + n - nm));
		if (!open || open + 2 >= l + n || open[1] != '(' || l[n - 1] != ')')
			return diag_error(d, BH_EPARSE, line, 5,
					  "not a \"name (version)\" spec line");
		const char *v = open + 2, *ve = l + n - 1;
		const char *dash = memchr(v, '-', (size_t)(ve - v));
		if (dash)
			ve = dash;
		if (ve == v)
			return diag_error(d, BH_EPARSE, line, 5, "empty version");
		int rc = lang_add(SBOM_GEM, nm, (size_t)(open - nm), v,
				  (size_t)(ve - v), src, out);
		if (rc)
			return add_err(d, rc);
	}
	return 0;
}
