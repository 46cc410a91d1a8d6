/* SPDX-License-Identifier: Apache-2.0
 *
 * test_sbom_doc.c - the CycloneDX and SPDX writers (src/report/sbom_doc.h)
 * and the dependency edges they print (sbom_list_deps, src/sbom): the
 * license-expression syntax check, SPDX idstrings, bom-refs of repeated
 * purls, edge resolution, and both documents parsed back field by field.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/sbom_doc.h"

static void license_expressions(void **state)
{
	(void)state;
	static const char *const good[] = {
		"MIT", "GPL-2.0+", "MIT OR Apache-2.0", "Zlib", "GPL-2.0",
		"(MIT OR Apache-2.0) AND BSD-3-Clause",
		"GPL-2.0-only WITH Classpath-exception-2.0",
		"LicenseRef-foo", "DocumentRef-x:LicenseRef-y", "((MIT))",
		"MIT AND (GPL-2.0-only WITH Linux-syscall-note OR BSD-2-Clause)",
	};
	static const char *const bad[] = {
		"", " ", "Apache 2.0", "MIT OR", "AND", "(MIT", "MIT)", "MIT WITH",
		"MIT AND OR BSD", "GPL/MIT", "DocumentRef-x:MIT", "MIT WITH (X)",
		"a+b", "()", "MIT WITH AND", "Public Domain", "GPL-2.0++",
		"LicenseRef-", "MIT,BSD",
		/* not on the SPDX list, or not as it spells them */
		"GPLv3", "zlib", "mit", "MIT AND BSD", "GPL-2.0-only WITH Foo-exception",
		"GPL-2.0-only WITH MIT", "MIT WITH Classpath-exception-2.0 OR X11x",
	};
	for (size_t i = 0; i < sizeof(good) / sizeof(*good); i++)
		if (!sbom_license_is_expr(good[i]))
			fail_msg("'%s' should be an expression", good[i]);
	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++)
		if (sbom_license_is_expr(bad[i]))
			fail_msg("'%s' should not be an expression", bad[i]);
	assert_false(sbom_license_is_expr(NULL));
	/* nesting is bounded, not recursion without end */
	char deep[400];
	memset(deep, '(', 100);
	strcpy(deep + 100, "MIT");
	memset(deep + 103, ')', 100);
	deep[203] = 0;
	assert_false(sbom_license_is_expr(deep));
	memcpy(deep + 40, "MIT", 3);
	deep[43] = 0;
	memset(deep, '(', 40);
	char ok[100];
	snprintf(ok, sizeof(ok), "%.*sMIT%.*s", 10, deep, 10,
		 "))))))))))))))))))))");
	assert_true(sbom_license_is_expr(ok));
}

/* Operators spelt in the wrong case make an expression when that is all
 * that is wrong; otherwise the string stays a name (NULL). */
static void license_operators(void **state)
{
	(void)state;
	static const char *const in[][2] = {
		{ "MIT and Apache-2.0", "MIT AND Apache-2.0" },
		{ "MIT Or Apache-2.0", "MIT OR Apache-2.0" },
		{ "(MIT or BSD-3-Clause) and Zlib", "(MIT OR BSD-3-Clause) AND Zlib" },
		{ "GPL-2.0-only with Classpath-exception-2.0",
		  "GPL-2.0-only WITH Classpath-exception-2.0" },
		{ "MIT OR Apache-2.0", "MIT OR Apache-2.0" },   /* already one */
		{ "MIT", "MIT" },
		{ "mit and apache-2.0", NULL },   /* ids mis-cased too */
		{ "MIT and Apache 2.0", NULL },
		{ "Public Domain", NULL },
		{ "and", NULL },
		{ "MIT andand BSD-3-Clause", NULL },
	};
	for (size_t i = 0; i < sizeof(in) / sizeof(*in); i++) {
		char *e = sbom_license_expr(in[i][0]);
		if (in[i][1] ? !e || strcmp(e, in[i][1]) : e != NULL)
			fail_msg("'%s': '%s', want '%s'", in[i][0], e ? e : "(name)",
				 in[i][1] ? in[i][1] : "(name)");
		free(e);
	}
	assert_null(sbom_license_expr(NULL));
}

static void idstrings(void **state)
{
	(void)state;
	static const char *const in[] = { "@babel/core", "", "a.b-C9", "caf\xc3\xa9",
					  "x_y z" };
	static const char *const want[] = { "-babel-core", "-", "a.b-C9", "caf--",
					     "x-y-z" };
	for (size_t i = 0; i < 5; i++) {
		struct strbuf sb = STRBUF_INIT;
		sbom_spdx_idstring(&sb, in[i]);
		assert_string_equal(strbuf_str(&sb), want[i]);
		strbuf_free(&sb);
	}
}

static void add(struct sbom_list *l, enum sbom_eco eco, const char *name,
		const char *ver, const char *path, const char *layer,
		const char *lic)
{
	struct sbom_pkg_in in = { .eco = eco, .name = name, .version = ver,
				  .licenses = lic,
				  .ns = eco == SBOM_DEB ? "debian" : NULL };
	struct sbom_src src = { "", 0, path, layer };
	assert_int_equal(sbom_list_add(l, &in, &src), 0);
}

static void bom_refs(void **state)
{
	(void)state;
	struct sbom_list l = { 0 };
	add(&l, SBOM_NPM, "ms", "2.1.3", "a/package-lock.json", NULL, NULL);
	add(&l, SBOM_NPM, "ms", "2.1.3", "b/package-lock.json", NULL, NULL);
	add(&l, SBOM_NPM, "ms", "2.0.0", "b/package-lock.json", NULL, NULL);
	add(&l, SBOM_NPM, "ms", "2.0.0", "b/package-lock.json", "sha256:1", NULL);
	add(&l, SBOM_NPM, "ms", "2.0.0", "b/package-lock.json", "sha256:2", NULL);
	sbom_list_sort(&l);
	static const char *const want[] = {
		"pkg:npm/ms@2.0.0#b/package-lock.json#",
		"pkg:npm/ms@2.0.0#b/package-lock.json#sha256:1",
		"pkg:npm/ms@2.0.0#b/package-lock.json#sha256:2",
		"pkg:npm/ms@2.1.3#a/package-lock.json",
		"pkg:npm/ms@2.1.3#b/package-lock.json",
	};
	assert_int_equal(l.n, 5);
	char **refs = sbom_bom_refs(&l);
	assert_non_null(refs);
	for (size_t i = 0; i < l.n; i++)
		assert_string_equal(refs[i], want[i]);
	sbom_bom_refs_free(refs, l.n);
	sbom_list_free(&l);
	add(&l, SBOM_NPM, "ms", "2.1.3", "a/package-lock.json", NULL, NULL);
	refs = sbom_bom_refs(&l);
	assert_string_equal(refs[0], "pkg:npm/ms@2.1.3");
	sbom_bom_refs_free(refs, l.n);
	sbom_list_free(&l);
	/* an empty list */
	refs = sbom_bom_refs(&l);
	assert_non_null(refs);
	sbom_bom_refs_free(refs, 0);
}

/* Two spellings of one PyPI name share a purl (PEP 503): their refs
 * differ, in one file or two; so do refs that would only meet after the
 * path's '#' or its invalid UTF-8 is written out. */
static void bom_refs_unique(void **state)
{
	(void)state;
	struct sbom_list l = { 0 };
	add(&l, SBOM_PYPI, "Foo_Bar", "1.0", "requirements.txt", NULL, NULL);
	add(&l, SBOM_PYPI, "foo-bar", "1.0", "requirements.txt", NULL, NULL);
	add(&l, SBOM_PYPI, "foo.bar", "1.0", "other/requirements.txt", NULL, NULL);
	add(&l, SBOM_PYPI, "x", "1", "a\xff", NULL, NULL);
	add(&l, SBOM_PYPI, "x", "1", "a\xfe", NULL, NULL);
	add(&l, SBOM_PYPI, "y", "1", "p", NULL, NULL);
	add(&l, SBOM_PYPI, "y", "1", "p", "s", NULL);
	/* its ref would be "pkg:pypi/y@1#p#" as the first one's */
	add(&l, SBOM_PYPI, "y", "1", "p#", NULL, NULL);
	add(&l, SBOM_PYPI, "z", "1", "q", NULL, NULL);
	sbom_list_sort(&l);
	char **refs = sbom_bom_refs(&l);
	assert_non_null(refs);
	static const char *const want[] = {
		"pkg:pypi/foo-bar@1.0#requirements.txt#",
		"pkg:pypi/foo-bar@1.0#requirements.txt##1",
		"pkg:pypi/foo-bar@1.0#other/requirements.txt",
		"pkg:pypi/x@1#a\xef\xbf\xbd",
		"pkg:pypi/x@1#a\xef\xbf\xbd#2",
		"pkg:pypi/y@1#p#",
		"pkg:pypi/y@1#p#s",
		"pkg:pypi/y@1#p##3",
		"pkg:pypi/z@1",
	};
	assert_int_equal(l.n, 9);
	for (size_t i = 0; i < l.n; i++)
		if (strcmp(refs[i], want[i]))
			fail_msg("ref %zu: '%s', want '%s'", i, refs[i], want[i]);
	sbom_bom_refs_free(refs, l.n);
	sbom_list_free(&l);
}

static int cmp_strp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* 100,000 versions of one name in one file, each in two layers:
 * every ref unique.  Looking for repeats within each name's run, as
 * bom-refs once did, takes minutes here, past the unit tests' 30 s
 * timeout (40,000 versions took 13.8 s); one sort and a hash set take
 * well under a second. */
static void bom_refs_many(void **state)
{
	(void)state;
	struct sbom_list l = { 0 };
	enum { N = 100000 };
	for (int i = 0; i < N; i++) {
		char v[32];
		snprintf(v, sizeof(v), "1.%d.%d", i / 1000, i % 1000);
		add(&l, SBOM_NPM, "left-pad", v, "/app/package-lock.json", "sha256:1",
		    NULL);
		add(&l, SBOM_NPM, "left-pad", v, "/app/package-lock.json", "sha256:2",
		    NULL);
	}
	sbom_list_sort(&l);
	assert_int_equal(l.n, 2 * N);
	char **refs = sbom_bom_refs(&l);
	assert_non_null(refs);
	assert_string_equal(refs[0], "pkg:npm/left-pad@1.0.0#/app/package-lock.json#sha256:1");
	char **sorted = malloc(l.n * sizeof(*sorted));
	assert_non_null(sorted);
	memcpy(sorted, refs, l.n * sizeof(*sorted));
	qsort(sorted, l.n, sizeof(*sorted), cmp_strp);
	for (size_t i = 1; i < l.n; i++)
		if (!strcmp(sorted[i - 1], sorted[i]))
			fail_msg("bom-ref '%s' twice", sorted[i]);
	free(sorted);
	sbom_bom_refs_free(refs, l.n);
	sbom_list_free(&l);
}

/* The deps of a small dpkg-like list: alternatives, a version, self and
 * other-database names, repeats. */
static void dep_edges(void **state)
{
	(void)state;
	struct sbom_list l = { 0 };
	add(&l, SBOM_DEB, "apt", "2.6", "s", NULL, NULL);        /* 0 */
	add(&l, SBOM_DEB, "gpgv", "2.2", "s", NULL, NULL);       /* 1 */
	add(&l, SBOM_DEB, "libc6", "2.36", "s", NULL, NULL);     /* 2 */
	add(&l, SBOM_DEB, "libc6", "2.36", "t", NULL, NULL);     /* 3: other file */
	add(&l, SBOM_NPM, "libc6", "1.0", "s", NULL, NULL);      /* 4: other eco */
	add(&l, SBOM_NPM, "x", "1.0", "s", NULL, NULL);          /* 5 */
	add(&l, SBOM_NPM, "x", "2.0", "s", NULL, NULL);          /* 6 */
	sbom_list_sort(&l);
	assert_string_equal(l.v[0].name, "apt");
	assert_string_equal(l.v[3].path, "t");
	struct sbom_pkg *apt = &l.v[0];
	assert_int_equal(sbom_pkg_add_dep(apt, "gpgv1|gpgv|gpgv2", 16, NULL), 0);
	assert_int_equal(sbom_pkg_add_dep(apt, "libc6", 5, NULL), 0);
	assert_int_equal(sbom_pkg_add_dep(apt, "libc6", 5, NULL), 0); /* repeat */
	assert_int_equal(sbom_pkg_add_dep(apt, "apt", 3, NULL), 0);   /* self */
	assert_int_equal(sbom_pkg_add_dep(apt, "missing", 7, NULL), 0);
	assert_int_equal(sbom_pkg_add_dep(apt, "gpgv", 4, NULL), 0);  /* again */
	assert_int_equal(apt->ndeps, 5);
	assert_int_equal(sbom_pkg_add_dep(&l.v[5], "x", 1, "2.0"), 0);
	assert_int_equal(sbom_pkg_add_dep(&l.v[6], "x", 1, "3.0"), 0); /* none */
	size_t *to, *first;
	assert_int_equal(sbom_list_deps(&l, &to, &first), 0);
	assert_int_equal(first[0], 0);
	assert_int_equal(first[1], 2);
	assert_int_equal(to[0], 1);
	assert_int_equal(to[1], 2);
	for (size_t i = 1; i < 5; i++)
		assert_int_equal(first[i], 2);
	assert_int_equal(first[6], 3);
	assert_int_equal(to[2], 6);
	assert_int_equal(first[7], 3);
	free(to);
	free(first);
	sbom_list_free(&l);
}

static json_t *run(int (*w)(FILE *, const struct sbom_list *,
			    const struct sbom_doc_meta *),
		   const struct sbom_list *l, const struct sbom_doc_meta *m)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	assert_non_null(f);
	assert_int_equal(w(f, l, m), 0);
	fclose(f);
	json_error_t e;
	json_t *j = json_loads(buf, 0, &e);
	if (!j)
		fail_msg("not JSON: %s", e.text);
	assert_int_equal(buf[len - 1], '\n');
	free(buf);
	return j;
}

static const char *sget(json_t *j, const char *path)
{
	json_t *v = j;
	char key[64];
	while (*path && v) {
		size_t n = strcspn(path, ".");
		snprintf(key, sizeof(key), "%.*s", (int)n, path);
		v = key[0] >= '0' && key[0] <= '9' ? json_array_get(v, (size_t)atoi(key))
						   : json_object_get(v, key);
		path += n + (path[n] == '.');
	}
	return json_is_string(v) ? json_string_value(v) : NULL;
}

static void documents(void **state)
{
	(void)state;
	struct sbom_list l = { 0 };
	add(&l, SBOM_NPM, "@s/b", "2.0.0", "/app/package-lock.json", "sha256:aa",
	    "MIT OR Apache-2.0");
	add(&l, SBOM_NPM, "c", "1.0.0", "/app/package-lock.json", "sha256:aa",
	    "Apache 2.0");
	sbom_list_sort(&l);
	assert_int_equal(sbom_pkg_add_dep(&l.v[0], "c", 1, "1.0.0"), 0);
	struct sbom_doc_meta m = {
		.kind = SBOM_DOC_IMAGE, .name = "img:1", .digest = "sha256:dd",
		.os_id = "alpine", .os_version = "3.20.1", .os_name = "Alpine Linux",
		.uuid = "00000000-0000-4000-8000-000000000000",
		.timestamp = "2026-01-02T03:04:05Z",
	};
	json_t *c = run(sbom_write_cdx, &l, &m);
	static const char *const cdx[][2] = {
		{ "bomFormat", "CycloneDX" }, { "specVersion", "1.5" },
		{ "serialNumber", "urn:uuid:00000000-0000-4000-8000-000000000000" },
		{ "metadata.timestamp", "2026-01-02T03:04:05Z" },
		{ "metadata.tools.components.0.name", "bulkhead" },
		{ "metadata.tools.components.0.version", BH_VERSION },
		{ "metadata.component.type", "container" },
		{ "metadata.component.name", "img:1" },
		{ "metadata.component.version", "sha256:dd" },
		{ "components.0.type", "operating-system" },
		{ "components.0.name", "alpine" },
		{ "components.0.version", "3.20.1" },
		{ "components.1.type", "library" },
		{ "components.1.bom-ref", "pkg:npm/%40s/b@2.0.0" },
		{ "components.1.name", "@s/b" },
		{ "components.1.purl", "pkg:npm/%40s/b@2.0.0" },
		{ "components.1.licenses.0.expression", "MIT OR Apache-2.0" },
		{ "components.1.properties.0.name", "bulkhead:package:ecosystem" },
		{ "components.1.properties.0.value", "npm" },
		{ "components.1.properties.1.name", "bulkhead:package:path" },
		{ "components.1.properties.1.value", "/app/package-lock.json" },
		{ "components.1.properties.2.name", "bulkhead:package:layer" },
		{ "components.1.properties.2.value", "sha256:aa" },
		{ "components.2.licenses.0.license.name", "Apache 2.0" },
		{ "dependencies.0.ref", "bulkhead:subject" },
		{ "dependencies.0.dependsOn.0", "bulkhead:os" },
		{ "dependencies.0.dependsOn.1", "pkg:npm/%40s/b@2.0.0" },
		{ "dependencies.1.ref", "pkg:npm/%40s/b@2.0.0" },
		{ "dependencies.1.dependsOn.0", "pkg:npm/c@1.0.0" },
	};
	for (size_t i = 0; i < sizeof(cdx) / sizeof(*cdx); i++) {
		const char *got = sget(c, cdx[i][0]);
		if (!got || strcmp(got, cdx[i][1]))
			fail_msg("cyclonedx %s: '%s', want '%s'", cdx[i][0],
				 got ? got : "(none)", cdx[i][1]);
	}
	assert_int_equal(json_array_size(json_object_get(c, "components")), 3);
	assert_int_equal(json_array_size(json_object_get(c, "dependencies")), 2);
	assert_int_equal(json_integer_value(json_object_get(c, "version")), 1);
	json_decref(c);

	json_t *s = run(sbom_write_spdx, &l, &m);
	static const char *const spdx[][2] = {
		{ "spdxVersion", "SPDX-2.3" }, { "dataLicense", "CC0-1.0" },
		{ "SPDXID", "SPDXRef-DOCUMENT" }, { "name", "img:1" },
		{ "documentNamespace", "https://spdx.org/spdxdocs/bulkhead-img-1-"
				       "00000000-0000-4000-8000-000000000000" },
		{ "creationInfo.created", "2026-01-02T03:04:05Z" },
		{ "creationInfo.creators.0", "Tool: bulkhead-" BH_VERSION },
		{ "packages.0.SPDXID", "SPDXRef-Root" },
		{ "packages.0.versionInfo", "sha256:dd" },
		{ "packages.0.primaryPackagePurpose", "CONTAINER" },
		{ "packages.1.SPDXID", "SPDXRef-OperatingSystem" },
		{ "packages.1.primaryPackagePurpose", "OPERATING_SYSTEM" },
		{ "packages.2.SPDXID", "SPDXRef-Package-npm--s-b-1" },
		{ "packages.2.name", "@s/b" },
		{ "packages.2.versionInfo", "2.0.0" },
		{ "packages.2.downloadLocation", "NOASSERTION" },
		{ "packages.2.licenseConcluded", "NOASSERTION" },
		{ "packages.2.licenseDeclared", "MIT OR Apache-2.0" },
		{ "packages.2.externalRefs.0.referenceCategory", "PACKAGE-MANAGER" },
		{ "packages.2.externalRefs.0.referenceType", "purl" },
		{ "packages.2.externalRefs.0.referenceLocator", "pkg:npm/%40s/b@2.0.0" },
		{ "packages.2.sourceInfo",
		  "npm package database /app/package-lock.json, layer sha256:aa" },
		{ "packages.2.primaryPackagePurpose", "LIBRARY" },
		{ "packages.3.SPDXID", "SPDXRef-Package-npm-c-2" },
		{ "packages.3.licenseDeclared", "NOASSERTION" },
		{ "relationships.0.spdxElementId", "SPDXRef-DOCUMENT" },
		{ "relationships.0.relationshipType", "DESCRIBES" },
		{ "relationships.0.relatedSpdxElement", "SPDXRef-Root" },
		{ "relationships.1.relationshipType", "CONTAINS" },
		{ "relationships.1.relatedSpdxElement", "SPDXRef-OperatingSystem" },
		{ "relationships.2.relatedSpdxElement", "SPDXRef-Package-npm--s-b-1" },
		{ "relationships.4.spdxElementId", "SPDXRef-Package-npm--s-b-1" },
		{ "relationships.4.relationshipType", "DEPENDS_ON" },
		{ "relationships.4.relatedSpdxElement", "SPDXRef-Package-npm-c-2" },
	};
	for (size_t i = 0; i < sizeof(spdx) / sizeof(*spdx); i++) {
		const char *got = sget(s, spdx[i][0]);
		if (!got || strcmp(got, spdx[i][1]))
			fail_msg("spdx %s: '%s', want '%s'", spdx[i][0],
				 got ? got : "(none)", spdx[i][1]);
	}
	assert_true(json_is_false(json_object_get(json_array_get(
		json_object_get(s, "packages"), 2), "filesAnalyzed")));
	assert_int_equal(json_array_size(json_object_get(s, "relationships")), 5);
	json_decref(s);
	sbom_list_free(&l);
}

/* SOURCE_DATE_EPOCH: decimal seconds up to the last second of 9999,
 * else an error; unset or empty: now. */
static void doc_time(void **state)
{
	(void)state;
	char ts[32];
	static const struct { const char *sde, *want; } good[] = {
		{ "0", "1970-01-01T00:00:00Z" },
		{ "1700000000", "2023-11-14T22:13:20Z" },
		{ "0001700000000", "2023-11-14T22:13:20Z" },
		{ "253402300799", "9999-12-31T23:59:59Z" },
		{ NULL, "2001-09-09T01:46:40Z" },   /* now */
		{ "", "2001-09-09T01:46:40Z" },
	};
	for (size_t i = 0; i < sizeof(good) / sizeof(*good); i++) {
		memset(ts, 0, sizeof(ts));
		assert_int_equal(sbom_doc_time(good[i].sde, 1000000000, ts), 0);
		assert_string_equal(ts, good[i].want);
	}
	static const char *const bad[] = {
		"253402300800", "99999999999999999999999999", "-1", "+5", " 5",
		"5 ", "12x", "1e9", "0x10", "1.5", "\xc2\xb9",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
		strcpy(ts, "untouched");
		if (sbom_doc_time(bad[i], 1000000000, ts) != BH_EUSAGE)
			fail_msg("SOURCE_DATE_EPOCH '%s' taken", bad[i]);
		assert_string_equal(ts, "untouched");
	}
}

/* The subject's dependsOn (dependencies[0]) as one line. */
static void root_of(const struct sbom_list *l, char *buf, size_t size)
{
	struct sbom_doc_meta m = {
		.kind = SBOM_DOC_DIR, .name = "app",
		.uuid = "00000000-0000-4000-8000-000000000000",
		.timestamp = "2026-01-02T03:04:05Z",
	};
	json_t *c = run(sbom_write_cdx, l, &m);
	json_t *d0 = json_array_get(json_object_get(c, "dependencies"), 0);
	assert_string_equal(sget(d0, "ref"), "bulkhead:subject");
	buf[0] = 0;
	size_t i;
	json_t *v;
	json_array_foreach(json_object_get(d0, "dependsOn"), i, v) {
		size_t n = strlen(buf);
		snprintf(buf + n, size - n, "%s%s", i ? " " : "", json_string_value(v));
	}
	json_decref(c);
}

/* Every component is reachable from the subject: a cycle nothing else
 * depends on (a <-> b) hangs from its first package; a project's own
 * dependency (npm's root entry) is the subject's whatever depends on it. */
static void root_reaches_all(void **state)
{
	(void)state;
	struct sbom_list l = { 0 };
	add(&l, SBOM_NPM, "a", "1", "package-lock.json", NULL, NULL);
	add(&l, SBOM_NPM, "b", "1", "package-lock.json", NULL, NULL);
	add(&l, SBOM_NPM, "c", "1", "package-lock.json", NULL, NULL);
	add(&l, SBOM_NPM, "d", "1", "package-lock.json", NULL, NULL);
	add(&l, SBOM_NPM, "e", "1", "package-lock.json", NULL, NULL);
	sbom_list_sort(&l);
	/* a <-> b; c -> d -> e -> d */
	assert_int_equal(sbom_pkg_add_dep(&l.v[0], "b", 1, "1"), 0);
	assert_int_equal(sbom_pkg_add_dep(&l.v[1], "a", 1, "1"), 0);
	assert_int_equal(sbom_pkg_add_dep(&l.v[2], "d", 1, "1"), 0);
	assert_int_equal(sbom_pkg_add_dep(&l.v[3], "e", 1, "1"), 0);
	assert_int_equal(sbom_pkg_add_dep(&l.v[4], "d", 1, "1"), 0);
	char got[512];
	root_of(&l, got, sizeof(got));
	assert_string_equal(got, "pkg:npm/a@1 pkg:npm/c@1");
	/* b the project's own: b, not a; and e, which d depends on */
	l.v[1].direct = true;
	l.v[4].direct = true;
	root_of(&l, got, sizeof(got));
	assert_string_equal(got, "pkg:npm/b@1 pkg:npm/c@1 pkg:npm/e@1");
	sbom_list_free(&l);
}

/* A write that fails is BH_EIO, not "out of memory"; a tree that could
 * not be built is BH_ENOMEM (sbom_doc_dump, which both writers end
 * with). */
static void write_failure(void **state)
{
	(void)state;
	struct sbom_list l = { 0 };
	/* more than a stdio buffer, so the failure shows before the flush */
	for (int i = 0; i < 200; i++) {
		char v[16];
		snprintf(v, sizeof(v), "1.0.%d", i);
		add(&l, SBOM_NPM, "left-pad", v, "/app/package-lock.json", NULL, "MIT");
	}
	sbom_list_sort(&l);
	struct sbom_doc_meta m = {
		.kind = SBOM_DOC_DIR, .name = "app",
		.uuid = "00000000-0000-4000-8000-000000000000",
		.timestamp = "2026-01-02T03:04:05Z",
	};
	FILE *full = fopen("/dev/full", "w");
	if (!full)
		skip();
	assert_int_equal(sbom_write_cdx(full, &l, &m), BH_EIO);
	fclose(full);
	full = fopen("/dev/full", "w");
	assert_non_null(full);
	assert_int_equal(sbom_write_spdx(full, &l, &m), BH_EIO);
	fclose(full);
	/* a small document fails at the flush */
	full = fopen("/dev/full", "w");
	assert_non_null(full);
	assert_int_equal(sbom_doc_dump(full, json_pack("[i]", 1)), BH_EIO);
	assert_int_equal(sbom_doc_dump(full, NULL), BH_ENOMEM);
	fclose(full);
	/* and a good stream gets the whole document and its newline */
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	assert_non_null(f);
	assert_int_equal(sbom_doc_dump(f, json_pack("{s:i}", "a", 1)), 0);
	fclose(f);
	assert_string_equal(buf, "{\n  \"a\": 1\n}\n");
	free(buf);
	sbom_list_free(&l);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(license_expressions),
		cmocka_unit_test(license_operators),
		cmocka_unit_test(idstrings),
		cmocka_unit_test(bom_refs),
		cmocka_unit_test(bom_refs_unique),
		cmocka_unit_test(bom_refs_many),
		cmocka_unit_test(dep_edges),
		cmocka_unit_test(documents),
		cmocka_unit_test(write_failure),
		cmocka_unit_test(root_reaches_all),
		cmocka_unit_test(doc_time),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
