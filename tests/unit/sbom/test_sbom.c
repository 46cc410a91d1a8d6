/* SPDX-License-Identifier: Apache-2.0
 *
 * test_sbom.c - the catalogers of src/sbom: each real database of
 * ../shared/fixtures/pkgdb (BH_SHARED overrides ../shared) against its
 * *.expected.tsv (name, version, OSV ecosystem) and
 * *.expected-source.tsv (name, source name, source version), exactly;
 * skipped, with a message, when the fixtures are absent.  Inline inputs
 * for what the fixtures do not show: purls, PEP 503 names, error lines
 * and offsets, an rpm header built here (bare, in a Berkeley DB and in an
 * NDB file), path and content detection.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sbom/sbom.h"
#include "sbom/sbom_image.h"
#include "../image/imgmk.h"
#include "util/io.h"

struct fixture {
	const char *rel;       /* under fixtures/pkgdb */
	enum sbom_kind kind;
};

static const struct fixture fixtures[] = {
	{ "dpkg/scalibr-valid.status", SBOM_KIND_DPKG },
	{ "dpkg/scalibr-statusfield.status", SBOM_KIND_DPKG },
	{ "dpkg/debootstrap-bookworm-minbase.status", SBOM_KIND_DPKG },
	{ "dpkg/syft-distroless-status.d/libsqlite3-0", SBOM_KIND_DPKG_STATUSD },
	{ "apk/scalibr-installed", SBOM_KIND_APK },
	{ "rpm/cbl-mariner-2.0-reduced.rpmdb.sqlite", SBOM_KIND_RPM_SQLITE },
	{ "rpm/rhel8-libuuid.Packages", SBOM_KIND_RPM_BDB },
	{ "npm/scalibr-nested-dependencies.v1.json", SBOM_KIND_NPM_LOCK },
	{ "npm/scalibr-nested-dependencies.v2.json", SBOM_KIND_NPM_LOCK },
	{ "npm/scalibr-scoped-packages.v2.json", SBOM_KIND_NPM_LOCK },
	{ "npm/scalibr-alias.v2.json", SBOM_KIND_NPM_LOCK },
	{ "npm/scalibr-bundled-dependencies.v3.json", SBOM_KIND_NPM_LOCK },
	{ "npm/npm11-install/package-lock.json", SBOM_KIND_NPM_LOCK },
	/* npm's hidden lockfile: readable as a lockfile (the walk does not
	 * look for it: node_modules' package.json files list the same) */
	{ "npm/npm11-install/node_modules/.package-lock.json", SBOM_KIND_NPM_LOCK },
	{ "npm/node_modules/accepts/package.json", SBOM_KIND_NPM_PKG },
	{ "npm/node_modules/undici/package.json", SBOM_KIND_NPM_PKG },
	{ "npm/node_modules/acorn-empty-name/package.json", SBOM_KIND_NPM_PKG },
	{ "npm/npm11-install/node_modules/lodash/package.json", SBOM_KIND_NPM_PKG },
	{ "npm/npm11-install/node_modules/semver/package.json", SBOM_KIND_NPM_PKG },
	{ "python/scalibr/pip-22.2.2.dist-info/METADATA", SBOM_KIND_PY_META },
	{ "python/scalibr/setuptools-57.4.0-py3.9.egg-info/PKG-INFO", SBOM_KIND_PY_META },
	{ "python/scalibr/pyOpenSSL-26.0.0.dist-info/METADATA", SBOM_KIND_PY_META },
	{ "python/debian-python3-jinja2/Jinja2-3.1.2.egg-info/PKG-INFO", SBOM_KIND_PY_META },
	{ "python/debian-python3-pip/pip-23.0.1.dist-info/METADATA", SBOM_KIND_PY_META },
	{ "java/scalibr-complex.jar", SBOM_KIND_JAVA_ARCHIVE },
	{ "java/debian-slf4j-api.jar", SBOM_KIND_JAVA_ARCHIVE },
	{ "java/syft-small.pom.properties", SBOM_KIND_POM_PROPS },
};
#define NFIX (sizeof(fixtures) / sizeof(fixtures[0]))

static const char *shared_root(void)
{
	const char *r = getenv("BH_SHARED");
	return r ? r : "../shared";
}

static char *read_all(const char *path, size_t *len)
{
	struct diag d;
	diag_init(&d, path);
	char *buf = NULL;
	if (io_read_file(path, SBOM_MAX_DB, &buf, len, &d) != 0)
		return NULL;
	return buf;
}

static const char *osv_eco(const struct sbom_pkg *p)
{
	switch (p->eco) {
	case SBOM_DEB: return "Debian";
	case SBOM_APK: return "Alpine";
	case SBOM_RPM:
		return !strcmp(p->ns, "mariner") ? "Mariner"
		       : !strcmp(p->ns, "redhat") ? "Red Hat" : p->ns;
	case SBOM_NPM: return "npm";
	case SBOM_MAVEN: return "Maven";
	case SBOM_GO: return "Go";
	default: return "PyPI";
	}
}

static int cmp_line(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

struct lines {
	char **v;
	size_t n;
};

static void lines_add(struct lines *l, const char *s)
{
	l->v = realloc(l->v, (l->n + 1) * sizeof(*l->v));
	assert_non_null(l->v);
	l->v[l->n] = strdup(s);
	assert_non_null(l->v[l->n]);
	l->n++;
}

static void lines_free(struct lines *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
}

/* The expected file's rows, sorted; false when there is no such file. */
static bool expected(const char *path, struct lines *out)
{
	size_t len;
	char *buf = read_all(path, &len);
	if (!buf)
		return false;
	for (char *s = strtok(buf, "\n"); s; s = strtok(NULL, "\n"))
		if (*s && *s != '#')
			lines_add(out, s);
	free(buf);
	if (out->n)
		qsort(out->v, out->n, sizeof(*out->v), cmp_line);
	return true;
}

static void compare(const char *what, struct lines *got, struct lines *want)
{
	if (got->n)
		qsort(got->v, got->n, sizeof(*got->v), cmp_line);
	bool same = got->n == want->n;
	for (size_t i = 0; same && i < got->n; i++)
		same = !strcmp(got->v[i], want->v[i]);
	if (!same) {
		for (size_t i = 0; i < got->n; i++)
			print_error("%s got:  %s\n", what, got->v[i]);
		for (size_t i = 0; i < want->n; i++)
			print_error("%s want: %s\n", what, want->v[i]);
		fail_msg("%s: %zu packages, %zu expected", what, got->n, want->n);
	}
}

static void test_fixture(void **state)
{
	const struct fixture *f = *state;
	char path[1024], exp[1100];
	snprintf(path, sizeof(path), "%s/fixtures/pkgdb/%s", shared_root(), f->rel);
	size_t len;
	char *buf = read_all(path, &len);
	if (!buf) {
		print_message("skipped: %s absent (no ../shared)\n", path);
		skip();
	}
	/* the in-image path it stands for, or its own, tells the kind as
	 * the CLI finds it; a fixture name is told by its content */
	static const char *const stands_for[] = {
		[SBOM_KIND_DPKG] = "var/lib/dpkg/status",
		[SBOM_KIND_DPKG_STATUSD] = "var/lib/dpkg/status.d/libsqlite3-0",
		[SBOM_KIND_APK] = "lib/apk/db/installed",
		[SBOM_KIND_RPM_SQLITE] = "var/lib/rpm/rpmdb.sqlite",
		[SBOM_KIND_RPM_BDB] = "var/lib/rpm/Packages",
		[SBOM_KIND_NPM_LOCK] = "package-lock.json",
	};
	enum sbom_kind k = sbom_kind_of_path(f->rel);
	if (k == SBOM_KIND_NONE) {
		assert_non_null(stands_for[f->kind]);
		assert_int_equal(sbom_kind_of_path(stands_for[f->kind]), f->kind);
		assert_int_equal(sbom_kind_sniff(buf, len), f->kind);
	} else {
		assert_int_equal(k, f->kind);
	}
	struct sbom_list l = { 0 };
	struct diag d;
	diag_init(&d, path);
	struct sbom_src src = { buf, len, f->rel, NULL };
	int rc = sbom_catalog(f->kind, &src, &l, &d);
	if (rc)
		fail_msg("%s: %s (line %d)", f->rel, d.message, d.line);
	free(buf);
	struct lines got = { 0 }, want = { 0 }, gots = { 0 }, wants = { 0 };
	char row[4096];
	for (size_t i = 0; i < l.n; i++) {
		const struct sbom_pkg *p = &l.v[i];
		snprintf(row, sizeof(row), "%s\t%s\t%s", p->name, p->version,
			 osv_eco(p));
		lines_add(&got, row);
		assert_true(!strncmp(p->purl, "pkg:", 4));
		if (p->src_name) {
			snprintf(row, sizeof(row), "%s\t%s\t%s", p->name,
				 p->src_name, p->src_version);
			lines_add(&gots, row);
		}
	}
	snprintf(exp, sizeof(exp), "%s.expected.tsv", path);
	assert_true(expected(exp, &want));
	compare(f->rel, &got, &want);
	snprintf(exp, sizeof(exp), "%s.expected-source.tsv", path);
	if (expected(exp, &wants))
		compare(f->rel, &gots, &wants);
	print_message("pkgdb %s: %zu packages as expected%s\n", f->rel, got.n,
		      wants.n ? ", sources too" : "");
	lines_free(&got);
	lines_free(&want);
	lines_free(&gots);
	lines_free(&wants);
	sbom_list_free(&l);
}

static int run(enum sbom_kind k, const char *text, struct sbom_list *l,
	       struct diag *d)
{
	diag_init(d, "x");
	struct sbom_src src = { text, strlen(text), "x", "sha256:aa" };
	return sbom_catalog(k, &src, l, d);
}

static void test_dpkg_inline(void **state)
{
	(void)state;
	struct sbom_list l = { 0 };
	struct diag d;
	assert_int_equal(run(SBOM_KIND_DPKG,
		"Package: attr\nStatus: install ok installed\n"
		"Architecture: amd64\nSource: attr (1:2.5.1-4)\n"
		"Version: 1:2.5.1-4+b1\nDescription: x\n more\n\n"
		"Package: gone\nStatus: deinstall ok config-files\nVersion: 1\n",
		&l, &d), 0);
	assert_int_equal(l.n, 1);
	assert_string_equal(l.v[0].purl,
			    "pkg:deb/debian/attr@1%3A2.5.1-4%2Bb1?arch=amd64");
	assert_string_equal(l.v[0].src_name, "attr");
	assert_string_equal(l.v[0].src_version, "1:2.5.1-4");
	assert_string_equal(l.v[0].layer, "sha256:aa");
	sbom_list_free(&l);
	/* errors name the line */
	assert_int_equal(run(SBOM_KIND_DPKG, "Package: a\nVersion: 1\n"
			     "Status: install ok installed\nbroken line\n",
			     &l, &d), BH_EPARSE);
	assert_int_equal(d.line, 4);
	sbom_list_free(&l);
	assert_int_equal(run(SBOM_KIND_DPKG, " cont\n", &l, &d), BH_EPARSE);
	assert_int_equal(d.line, 1);
	assert_int_equal(run(SBOM_KIND_DPKG, "Version: 1\nStatus: x installed\n",
			     &l, &d), BH_EPARSE);
	assert_int_equal(d.line, 1);
	/* the deb purl's name is lower case (purl spec), the name as
	 * written; so is the namespace os-release gives */
	assert_int_equal(run(SBOM_KIND_DPKG, "Package: Tool\nStatus: install ok "
			     "installed\nArchitecture: all\nVersion: 1.0A\n", &l, &d), 0);
	assert_string_equal(l.v[0].name, "Tool");
	assert_string_equal(l.v[0].purl, "pkg:deb/debian/tool@1.0A?arch=all");
	assert_int_equal(sbom_list_set_distro(&l, NULL, "ubuntu", "22.04"), 0);
	assert_string_equal(l.v[0].purl,
			    "pkg:deb/ubuntu/tool@1.0A?arch=all&distro=ubuntu-22.04");
	sbom_list_free(&l);
	/* status.d: no Status means installed */
	assert_int_equal(run(SBOM_KIND_DPKG_STATUSD, "Package: a\nVersion: 2\n",
			     &l, &d), 0);
	assert_int_equal(l.n, 1);
	sbom_list_free(&l);
}

/* dpkg multi-arch: one Package: installed for two architectures is two
 * packages (purl arch=), and "name:arch" resolves to that architecture,
 * a bare name to the depending package's own. */
static void test_dpkg_multiarch(void **state)
{
	(void)state;
	struct sbom_list l = { 0 };
	struct diag d;
	assert_int_equal(run(SBOM_KIND_DPKG,
		"Package: libc6\nStatus: install ok installed\nArchitecture: amd64\n"
		"Multi-Arch: same\nVersion: 2.36-9\n\n"
		"Package: libc6\nStatus: install ok installed\nArchitecture: i386\n"
		"Multi-Arch: same\nVersion: 2.36-9\n\n"
		"Package: wine32\nStatus: install ok installed\nArchitecture: i386\n"
		"Version: 8.0\nDepends: libc6 (>= 2.34)\n\n"
		"Package: wine\nStatus: install ok installed\nArchitecture: amd64\n"
		"Version: 8.0\nDepends: wine32:i386 (= 8.0), libc6:i386, libc6:armhf, "
		"tzdata:i386\n\n"
		"Package: tzdata\nStatus: install ok installed\nArchitecture: all\n"
		"Version: 2024a\n\n"
		"Package: bash\nStatus: install ok installed\nArchitecture: amd64\n"
		"Version: 5.2\nPre-Depends: libc6:any, libc6:native\n",
		&l, &d), 0);
	sbom_list_sort(&l);
	static const char *const purls[] = {
		"pkg:deb/debian/bash@5.2?arch=amd64",
		"pkg:deb/debian/libc6@2.36-9?arch=amd64",
		"pkg:deb/debian/libc6@2.36-9?arch=i386",
		"pkg:deb/debian/tzdata@2024a?arch=all",
		"pkg:deb/debian/wine@8.0?arch=amd64",
		"pkg:deb/debian/wine32@8.0?arch=i386",
	};
	assert_int_equal(l.n, 6);
	for (size_t i = 0; i < l.n; i++)
		assert_string_equal(l.v[i].purl, purls[i]);
	size_t *to, *first;
	assert_int_equal(sbom_list_deps(&l, &to, &first), 0);
	/* bash -> libc6 (amd64, its own); wine -> wine32, libc6:i386,
	 * tzdata (all); libc6:armhf is not installed; wine32 -> libc6 i386 */
	static const size_t want_first[] = { 0, 1, 1, 1, 1, 4, 5 };
	static const size_t want_to[] = { 1, 5, 2, 3, 2 };
	for (size_t i = 0; i <= l.n; i++)
		assert_int_equal(first[i], want_first[i]);
	for (size_t k = 0; k < 5; k++)
		assert_int_equal(to[k], want_to[k]);
	free(to);
	free(first);
	sbom_list_free(&l);

	/* in an image: libc6:i386 added by a later layer beside the same
	 * version for amd64 is that layer's, not the first's */
	char dir[] = "/tmp/bh-sbomtest-XXXXXX", path[160];
	assert_non_null(mkdtemp(dir));
	struct mk_ent e1[] = { { .path = "var/lib/dpkg/status", .data =
		"Package: libc6\nStatus: install ok installed\nArchitecture: amd64\n"
		"Version: 2.36-9\n" } };
	struct mk_ent e2[] = { { .path = "var/lib/dpkg/status", .data =
		"Package: libc6\nStatus: install ok installed\nArchitecture: amd64\n"
		"Version: 2.36-9\n\n"
		"Package: libc6\nStatus: install ok installed\nArchitecture: i386\n"
		"Version: 2.36-9\n" } };
	struct mk_layer L[2];
	assert_true(mk_layer(&L[0], e1, 1, MK_NONE, "m1"));
	assert_true(mk_layer(&L[1], e2, 1, MK_NONE, "m2"));
	struct mk_image img = { .layers = L, .nlayers = 2 };
	snprintf(path, sizeof(path), "%s/img.tar", dir);
	assert_true(mk_oci(path, &img, 1, false, false));
	struct sbom_image_run r = { 0 };
	diag_init(&d, path);
	assert_int_equal(sbom_image(path, &r, &d), 0);
	sbom_list_sort(&r.pkgs);
	assert_int_equal(r.pkgs.n, 2);
	/* sorted by layer before purl: either order */
	size_t i386 = !strcmp(r.pkgs.v[0].arch, "i386") ? 0 : 1;
	assert_string_equal(r.pkgs.v[i386].arch, "i386");
	assert_string_equal(r.pkgs.v[i386].layer, L[1].blob.digest);
	assert_string_equal(r.pkgs.v[1 - i386].arch, "amd64");
	assert_string_equal(r.pkgs.v[1 - i386].layer, L[0].blob.digest);
	sbom_image_free(&r);
	mk_layer_free(&L[0]);
	mk_layer_free(&L[1]);
	char cmd[256];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
}

static void test_apk_inline(void **state)
{
	(void)state;
	struct sbom_list l = { 0 };
	struct diag d;
	assert_int_equal(run(SBOM_KIND_APK,
		"C:Q1x=\nP:libcrypto3\nV:3.1.0-r4\nA:x86_64\nL:Apache-2.0\n"
		"o:openssl\n\nP:b\nV:1-r0\n", &l, &d), 0);
	assert_int_equal(l.n, 2);
	assert_string_equal(l.v[0].purl, "pkg:apk/alpine/libcrypto3@3.1.0-r4?arch=x86_64");
	assert_string_equal(l.v[0].src_name, "openssl");
	assert_string_equal(l.v[0].licenses, "Apache-2.0");
	assert_string_equal(l.v[1].src_name, "b");
	sbom_list_free(&l);
	assert_int_equal(run(SBOM_KIND_APK, "P:a\nV:1\n\nnonsense\n", &l, &d),
			 BH_EPARSE);
	assert_int_equal(d.line, 4);
	sbom_list_free(&l);
	assert_int_equal(run(SBOM_KIND_APK, "P:a\n", &l, &d), BH_EPARSE);
	assert_int_equal(d.line, 1);
}

static void put32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)(v >> 24);
	p[1] = (unsigned char)(v >> 16);
	p[2] = (unsigned char)(v >> 8);
	p[3] = (unsigned char)v;
}

static const char rpm_data[] = "curl\0" "7.76.0\0" "6.cm2\0" "\0\0\0\2"
	"curl-7.76.0-6.cm2.src.rpm\0" "MIT\0";
#define RPM_BLOB_LEN (8 + 6 * 16 + sizeof(rpm_data))

/* An rpm header: name, version, release, epoch, sourcerpm, license. */
static void rpm_blob(unsigned char *blob)
{
	uint32_t offs[] = { 0, 5, 12, 18, 22, 48 };
	uint32_t tags[] = { 1000, 1001, 1002, 1003, 1044, 1014 };
	put32(blob, 6);
	put32(blob + 4, sizeof(rpm_data));
	for (int i = 0; i < 6; i++) {
		put32(blob + 8 + i * 16, tags[i]);
		put32(blob + 12 + i * 16, tags[i] == 1003 ? 4 : 6);
		put32(blob + 16 + i * 16, offs[i]);
		put32(blob + 20 + i * 16, 1);
	}
	memcpy(blob + 8 + 6 * 16, rpm_data, sizeof(rpm_data));
}

static void le32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)v;
	p[1] = (unsigned char)(v >> 8);
	p[2] = (unsigned char)(v >> 16);
	p[3] = (unsigned char)(v >> 24);
}

/* A Berkeley DB hash file of three 512-byte pages: metadata, one hash
 * page (key item, then an off-page data item), one overflow page. */
static void test_rpm_bdb(void **state)
{
	(void)state;
	unsigned char db[3 * 512] = { 0 };
	le32(db + 12, 0x061561);
	le32(db + 20, 512);
	le32(db + 32, 2);
	unsigned char *h = db + 512;
	h[20] = 2;                        /* entries */
	h[25] = 13;                       /* hash page */
	h[26] = 0xf0; h[27] = 0x01;       /* key at 496 */
	h[28] = 0xe0; h[29] = 0x01;       /* data at 480 */
	h[496] = 1;                       /* on-page key */
	h[480] = 3;                       /* H_OFFPAGE */
	le32(h + 484, 2);
	le32(h + 488, RPM_BLOB_LEN);
	unsigned char *o = db + 1024;
	o[25] = 7;
	o[22] = RPM_BLOB_LEN & 0xff;
	o[23] = RPM_BLOB_LEN >> 8;
	rpm_blob(o + 26);
	struct sbom_list l = { 0 };
	struct diag d;
	diag_init(&d, "x");
	struct sbom_src src = { (const char *)db, sizeof(db), "x", NULL };
	assert_int_equal(sbom_kind_sniff(src.buf, src.len), SBOM_KIND_RPM_BDB);
	assert_int_equal(sbom_catalog(SBOM_KIND_RPM_BDB, &src, &l, &d), 0);
	assert_int_equal(l.n, 1);
	assert_string_equal(l.v[0].version, "2:7.76.0-6.cm2");
	sbom_list_free(&l);
	/* a chain that loops, a page that is not an overflow page, a
	 * record longer than its pages */
	le32(h + 488, 5000);
	le32(o + 16, 2);
	assert_int_equal(sbom_catalog(SBOM_KIND_RPM_BDB, &src, &l, &d), BH_EPARSE);
	assert_non_null(strstr(d.message, "byte offset 992: overflow page 2 out "
				"of the file or in a loop"));
	le32(o + 16, 0);
	diag_init(&d, "x");
	assert_int_equal(sbom_catalog(SBOM_KIND_RPM_BDB, &src, &l, &d), BH_EPARSE);
	assert_non_null(strstr(d.message, "its pages hold"));
	le32(h + 488, RPM_BLOB_LEN);
	o[25] = 5;
	diag_init(&d, "x");
	assert_int_equal(sbom_catalog(SBOM_KIND_RPM_BDB, &src, &l, &d), BH_EPARSE);
	assert_non_null(strstr(d.message, "byte offset 1024: page 2 is not an "
				"overflow page"));
	assert_int_equal(l.n, 0);
}

/* rpm's adler32 (RFC 1950), written out again here */
static uint32_t adler(const unsigned char *p, size_t n)
{
	uint32_t a = 1, b = 0;
	for (size_t i = 0; i < n; i++) {
		a = (a + p[i]) % 65521u;
		b = (b + a) % 65521u;
	}
	return b << 16 | a;
}

/* An NDB Packages.db: the header and one slot page, then at block 256
 * one blob (package index 7) holding the header rpm_blob() builds. */
static size_t ndb_file(unsigned char *db)
{
	memcpy(db, "RpmP", 4);
	le32(db + 12, 1);                   /* slot pages */
	for (size_t at = 32; at < 4096; at += 16)
		memcpy(db + at, "Slot", 4);
	size_t blen = RPM_BLOB_LEN, bn = (16 + blen + 12 + 15) / 16 * 16;
	le32(db + 48 + 4, 7);               /* the second slot */
	le32(db + 48 + 8, 256);
	le32(db + 48 + 12, (uint32_t)(bn / 16));
	unsigned char *h = db + 4096;
	memcpy(h, "BlbS", 4);
	le32(h + 4, 7);
	le32(h + 12, (uint32_t)blen);
	rpm_blob(h + 16);
	le32(h + bn - 12, adler(h, bn - 12));
	le32(h + bn - 8, (uint32_t)blen);
	memcpy(h + bn - 4, "BlbE", 4);
	return 4096 + bn;
}

static void test_rpm_ndb(void **state)
{
	(void)state;
	unsigned char db[4096 + 256] = { 0 };
	size_t n = ndb_file(db);
	struct sbom_list l = { 0 };
	struct diag d;
	diag_init(&d, "x");
	struct sbom_src src = { (const char *)db, n, "x", NULL };
	assert_int_equal(sbom_catalog(SBOM_KIND_RPM_NDB, &src, &l, &d), 0);
	assert_int_equal(l.n, 1);
	assert_string_equal(l.v[0].name, "curl");
	assert_string_equal(l.v[0].version, "2:7.76.0-6.cm2");
	sbom_list_free(&l);
	/* each hostile change is an error naming its byte offset */
	static const struct { size_t at; uint32_t v; const char *msg; } bad[] = {
		{ 0, 0x50706d51, "byte offset 0: not an rpm NDB" },
		{ 4, 1, "byte offset 4: NDB version 1" },
		{ 12, 2, "byte offset 12: 2 slot pages do not fit" },
		{ 12, 0, "byte offset 12: 0 slot pages" },
		{ 48 + 8, 255, "byte offset 48: slot of package 7 points at blocks 255+" },
		{ 48 + 12, 0xfffffff0u, "byte offset 48: slot of package 7" },
		{ 48 + 12, 1, "byte offset 48: slot of package 7" },
		{ 48 + 4, 8, "byte offset 4096: blob of package 8: bad head" },
		{ 4096 + 12, 0xffffffffu, "byte offset 4096: blob of package 7: bad head" },
		{ 4096 + 12, 1, "byte offset 4096: blob of package 7: bad head" },
		{ 4096 + 20, 0, "bad tail" },        /* the checksum */
		{ 32, 0, "byte offset 32: not a slot" },
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		unsigned char c[sizeof(db)];
		memcpy(c, db, sizeof(db));
		le32(c + bad[i].at, bad[i].v);
		struct sbom_src cs = { (const char *)c, n, "x", NULL };
		diag_init(&d, "x");
		assert_int_equal(sbom_catalog(SBOM_KIND_RPM_NDB, &cs, &l, &d), BH_EPARSE);
		if (!strstr(d.message, bad[i].msg))
			fail_msg("case %zu: %s", i, d.message);
		assert_int_equal(l.n, 0);
	}
	/* a header error inside a sound blob names the package */
	unsigned char c[sizeof(db)];
	memcpy(c, db, sizeof(db));
	size_t bn = n - 4096;
	put32(c + 4096 + 16, 0);
	le32(c + 4096 + bn - 12, adler(c + 4096, bn - 12));
	struct sbom_src cs = { (const char *)c, n, "x", NULL };
	diag_init(&d, "x");
	assert_int_equal(sbom_catalog(SBOM_KIND_RPM_NDB, &cs, &l, &d), BH_EPARSE);
	assert_non_null(strstr(d.message, "package 7 (blob at byte offset 4096): "
			       "rpm header at byte offset 0: bad index count 0"));
	/* a file cut short */
	diag_init(&d, "x");
	src.len = n - 16;
	assert_int_equal(sbom_catalog(SBOM_KIND_RPM_NDB, &src, &l, &d), BH_EPARSE);
	assert_int_equal(l.n, 0);
}

static void test_rpm_header(void **state)
{
	(void)state;
	/* name, version, release, epoch, sourcerpm, license */
	unsigned char blob[RPM_BLOB_LEN];
	rpm_blob(blob);
	struct sbom_list l = { 0 };
	struct diag d;
	diag_init(&d, "x");
	struct sbom_src src = { NULL, 0, "x", NULL };
	assert_int_equal(sbom_rpm_header(blob, sizeof(blob), &src, &l, &d), 0);
	assert_int_equal(l.n, 1);
	assert_string_equal(l.v[0].version, "2:7.76.0-6.cm2");
	assert_string_equal(l.v[0].purl, "pkg:rpm/rpm/curl@2%3A7.76.0-6.cm2?epoch=2");
	assert_string_equal(l.v[0].src_name, "curl");
	assert_string_equal(l.v[0].src_version, "7.76.0-6.cm2");
	assert_string_equal(l.v[0].licenses, "MIT");
	sbom_list_free(&l);
	/* a string running past the data, an offset past it, a short blob */
	unsigned char bad[sizeof(blob)];
	memcpy(bad, blob, sizeof(blob));
	bad[sizeof(bad) - 1] = bad[sizeof(bad) - 2] = 'x';  /* MIT's NUL */
	diag_init(&d, "x");
	assert_int_equal(sbom_rpm_header(bad, sizeof(bad), &src, &l, &d), BH_EPARSE);
	assert_non_null(strstr(d.message, "byte offset 88"));
	memcpy(bad, blob, sizeof(blob));
	put32(bad + 16, 5000);
	diag_init(&d, "x");
	assert_int_equal(sbom_rpm_header(bad, sizeof(bad), &src, &l, &d), BH_EPARSE);
	assert_non_null(strstr(d.message, "byte offset 8:"));
	diag_init(&d, "x");
	assert_int_equal(sbom_rpm_header(blob, 50, &src, &l, &d), BH_EPARSE);
	assert_int_equal(l.n, 0);
	/* not SQLite */
	assert_int_equal(run(SBOM_KIND_RPM_SQLITE, "nothing", &l, &d), BH_EPARSE);
}

static void test_npm_inline(void **state)
{
	(void)state;
	struct sbom_list l = { 0 };
	struct diag d;
	assert_int_equal(run(SBOM_KIND_NPM_LOCK,
		"{\"lockfileVersion\":3,\"packages\":{\"\":{\"name\":\"root\"},"
		"\"node_modules/@babel/core\":{\"version\":\"7.0.0\",\"license\":\"MIT\"},"
		"\"node_modules/x\":{\"link\":true,\"resolved\":\"packages/x\"},"
		"\"packages/x\":{\"name\":\"x\",\"version\":\"1.0.0\"}}}",
		&l, &d), 0);
	assert_int_equal(l.n, 1);
	assert_string_equal(l.v[0].purl, "pkg:npm/%40babel/core@7.0.0");
	assert_string_equal(l.v[0].licenses, "MIT");
	sbom_list_free(&l);
	assert_int_equal(run(SBOM_KIND_NPM_LOCK,
		"{\"lockfileVersion\":1,\"dependencies\":{\"sw\":"
		"{\"version\":\"npm:string-width@4.2.0\"}}}", &l, &d), 0);
	assert_int_equal(l.n, 1);
	assert_string_equal(l.v[0].name, "string-width");
	assert_string_equal(l.v[0].version, "4.2.0");
	sbom_list_free(&l);
	assert_int_equal(run(SBOM_KIND_NPM_LOCK, "{\n\"a\": [1,\n}", &l, &d),
			 BH_EPARSE);
	assert_int_equal(d.line, 3);
	assert_int_equal(run(SBOM_KIND_NPM_PKG,
		"{\"name\":\"a\",\"version\":\"1.0.0\",\"licenses\":"
		"[{\"type\":\"MIT\"},{\"type\":\"ISC\"}]}", &l, &d), 0);
	assert_string_equal(l.v[0].licenses, "MIT OR ISC");
	sbom_list_free(&l);
	assert_int_equal(run(SBOM_KIND_NPM_PKG, "{\"type\":\"module\"}", &l, &d), 0);
	assert_int_equal(l.n, 0);
	/* the root entry's dependencies (of any kind) are the project's
	 * own: the top node_modules/NAME each resolves to, not a nested one
	 * of that name; a <-> b is a cycle */
	assert_int_equal(run(SBOM_KIND_NPM_LOCK,
		"{\"lockfileVersion\":3,\"packages\":{"
		"\"\":{\"dependencies\":{\"a\":\"^1\"},\"devDependencies\":{\"al\":\"^1\"}},"
		"\"node_modules/a\":{\"version\":\"1.0.0\",\"dependencies\":{\"b\":\"^1\"}},"
		"\"node_modules/b\":{\"version\":\"1.0.0\",\"dependencies\":{\"a\":\"^1\"}},"
		"\"node_modules/b/node_modules/al\":{\"version\":\"2.0.0\"},"
		"\"node_modules/al\":{\"name\":\"real\",\"version\":\"1.0.0\"}}}",
		&l, &d), 0);
	sbom_list_sort(&l);
	assert_int_equal(l.n, 4);
	static const char *const names[] = { "a", "al", "b", "real" };
	static const bool direct[] = { true, false, false, true };
	for (size_t i = 0; i < 4; i++) {
		assert_string_equal(l.v[i].name, names[i]);
		if (l.v[i].direct != direct[i])
			fail_msg("%s: direct %d", names[i], l.v[i].direct);
	}
	sbom_list_free(&l);
}

/* npm: an empty scope or a NUL byte in a name or version, a field of
 * the wrong type: BH_EPARSE naming the key and field; a UTF-8 byte
 * order mark is taken, as npm takes it. */
static void test_npm_strict(void **state)
{
	(void)state;
	struct sbom_list l = { 0 };
	struct diag d;
	char msg[512];
	static const struct { enum sbom_kind k; const char *in, *msg; } bad[] = {
		{ SBOM_KIND_NPM_LOCK, "{\"lockfileVersion\":3,\"packages\":{"
		  "\"node_modules/@x/\":{\"version\":\"1.0.0\"}}}",
		  "x: packages[\"node_modules/@x/\"]: '@x/' is not an npm package name" },
		{ SBOM_KIND_NPM_LOCK, "{\"lockfileVersion\":3,\"packages\":{"
		  "\"node_modules/@x\":{\"version\":\"1.0.0\"}}}",
		  "x: packages[\"node_modules/@x\"]: '@x' is not an npm package name" },
		{ SBOM_KIND_NPM_LOCK, "{\"lockfileVersion\":3,\"packages\":{"
		  "\"node_modules/a\":{\"version\":\"1.0.0\\u0000evil\"}}}",
		  "x: packages[\"node_modules/a\"].version: NUL byte in a string" },
		{ SBOM_KIND_NPM_LOCK, "{\"lockfileVersion\":3,\"packages\":[]}",
		  "x: packages is not an object" },
		{ SBOM_KIND_NPM_LOCK, "{\"lockfileVersion\":3,\"packages\":{"
		  "\"node_modules/a\":{\"version\":\"1.0.0\",\"dependencies\":\"oops\"}}}",
		  "x: packages[\"node_modules/a\"].dependencies is not an object" },
		{ SBOM_KIND_NPM_LOCK, "{\"lockfileVersion\":3,\"packages\":{"
		  "\"node_modules/a\":7}}",
		  "x: packages[\"node_modules/a\"] is not an object" },
		{ SBOM_KIND_NPM_LOCK, "{\"lockfileVersion\":1,\"dependencies\":\"oops\"}",
		  "x: dependencies is not an object" },
		{ SBOM_KIND_NPM_LOCK, "{\"lockfileVersion\":1,\"dependencies\":{"
		  "\"a\":{\"version\":\"1\\u00002\"}}}",
		  "x: dependencies[\"a\"].version: NUL byte in a string" },
		{ SBOM_KIND_NPM_LOCK, "{\"lockfileVersion\":1,\"dependencies\":{"
		  "\"@x/\":{\"version\":\"1\"}}}",
		  "x: dependencies[\"@x/\"]: not an npm package name" },
		{ SBOM_KIND_NPM_LOCK, "{\"lockfileVersion\":1,\"dependencies\":{"
		  "\"a\":{\"version\":\"1\",\"requires\":[]}}}",
		  "x: dependencies[\"a\"].requires is not an object" },
		{ SBOM_KIND_NPM_PKG, "{\"name\":\"@x/\",\"version\":\"1.0.0\"}",
		  "x: name '@x/' is not an npm package name" },
		{ SBOM_KIND_NPM_PKG, "{\"name\":\"a\",\"version\":\"1.0\\u0000.0\"}",
		  "x: version: NUL byte in a string" },
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
		if (run(bad[i].k, bad[i].in, &l, &d) != BH_EPARSE)
			fail_msg("taken: %s", bad[i].in);
		diag_format(&d, msg, sizeof(msg));
		if (strcmp(msg, bad[i].msg))
			fail_msg("%s: '%s', want '%s'", bad[i].in, msg, bad[i].msg);
		assert_int_equal(l.n, 0);
		sbom_list_free(&l);
	}
	/* a byte order mark: read, and told from its content too */
	static const char bom_lock[] = "\xef\xbb\xbf{\"lockfileVersion\":3,\"packages\":"
		"{\"node_modules/@s/a\":{\"version\":\"1.0.0\"}}}";
	assert_int_equal(sbom_kind_sniff(bom_lock, strlen(bom_lock)), SBOM_KIND_NPM_LOCK);
	assert_int_equal(run(SBOM_KIND_NPM_LOCK, bom_lock, &l, &d), 0);
	assert_int_equal(l.n, 1);
	assert_string_equal(l.v[0].purl, "pkg:npm/%40s/a@1.0.0");
	sbom_list_free(&l);
	assert_int_equal(run(SBOM_KIND_NPM_PKG,
		"\xef\xbb\xbf{\"name\":\"a\",\"version\":\"2.0.0\"}", &l, &d), 0);
	assert_int_equal(l.n, 1);
	sbom_list_free(&l);
	/* yarn: an empty scope is no package (skipped) */
	assert_int_equal(run(SBOM_KIND_YARN_LOCK,
		"# yarn lockfile v1\n\n\"@x/@^1\":\n  version \"1.0.0\"\n", &l, &d), 0);
	assert_int_equal(l.n, 0);
}

static void test_yarn_inline(void **state)
{
	(void)state;
	struct sbom_list l = { 0 };
	struct diag d;
	/* classic: several descriptors, scoped names, an alias, a file:
	 * entry (the project's own) */
	assert_int_equal(run(SBOM_KIND_YARN_LOCK,
		"# yarn lockfile v1\n\n\n"
		"\"@babel/code-frame@^7.0.0\", \"@babel/code-frame@^7.10.4\":\n"
		"  version \"7.12.13\"\n  dependencies:\n    \"@babel/highlight\" \"^7.12.13\"\n\n"
		"lodash@^4.17.20, lodash@^4.17.21:\n  version \"4.17.21\"\n\n"
		"\"string-width-cjs@npm:string-width@^4.2.0\":\n  version \"4.2.3\"\n\n"
		"\"local@file:../local\":\n  version \"1.0.0\"\n", &l, &d), 0);
	sbom_list_sort(&l);
	assert_int_equal(l.n, 3);
	assert_string_equal(l.v[0].purl, "pkg:npm/%40babel/code-frame@7.12.13");
	assert_string_equal(l.v[1].name, "lodash");
	assert_string_equal(l.v[2].name, "string-width");
	assert_string_equal(l.v[2].version, "4.2.3");
	sbom_list_free(&l);
	/* berry: YAML layout, npm: protocol, workspace and patch entries */
	assert_int_equal(run(SBOM_KIND_YARN_LOCK,
		"# This file is generated by running \"yarn install\" inside your project.\n"
		"__metadata:\n  version: 6\n  cacheKey: 8\n\n"
		"\"@types/node@npm:^20.0.0\":\n  version: 20.11.5\n"
		"  resolution: \"@types/node@npm:20.11.5\"\n\n"
		"\"resolve@patch:resolve@npm%3A^1.20.0#~builtin<compat/resolve>\":\n"
		"  version: 1.22.8\n\n"
		"\"my-app@workspace:.\":\n  version: 0.0.0-use.local\n", &l, &d), 0);
	sbom_list_sort(&l);
	assert_int_equal(l.n, 2);
	assert_string_equal(l.v[0].purl, "pkg:npm/%40types/node@20.11.5");
	assert_string_equal(l.v[1].purl, "pkg:npm/resolve@1.22.8");
	sbom_list_free(&l);
	/* errors name the line */
	assert_int_equal(run(SBOM_KIND_YARN_LOCK, "a@^1:\n  version \"1\"\nb@^2\n",
			     &l, &d), BH_EPARSE);
	assert_int_equal(d.line, 3);
	sbom_list_free(&l);
	assert_int_equal(run(SBOM_KIND_YARN_LOCK, "\na@^1:\n  resolved \"x\"\n",
			     &l, &d), BH_EPARSE);
	assert_int_equal(d.line, 2);
	sbom_list_free(&l);
	assert_int_equal(run(SBOM_KIND_YARN_LOCK, "  version \"1\"\n", &l, &d),
			 BH_EPARSE);
	/* an empty entry name (found by fuzz_sbom_npm) */
	assert_int_equal(run(SBOM_KIND_YARN_LOCK, "\"\":\n  version 1\n", &l, &d),
			 BH_EPARSE);
	assert_int_equal(d.line, 1);
	assert_int_equal(sbom_kind_sniff("# yarn lockfile v1\n", 19),
			 SBOM_KIND_YARN_LOCK);
	assert_int_equal(sbom_kind_of_path("app/yarn.lock"), SBOM_KIND_YARN_LOCK);
}

static void test_pnpm_inline(void **state)
{
	(void)state;
	struct sbom_list l = { 0 };
	struct diag d;
	static const char *const locks[] = {
		/* v5: "/name/version", a "_peer" suffix */
		"lockfileVersion: 5.4\npackages:\n"
		"  /@babel/code-frame/7.12.13:\n    dev: false\n"
		"  /react-dom/18.2.0_react@18.2.0:\n    dev: false\n"
		"  /lodash/4.17.21:\n    dev: false\n",
		/* v6: "/name@version(peer)" */
		"lockfileVersion: '6.0'\npackages:\n"
		"  /@babel/code-frame@7.12.13:\n    dev: false\n"
		"  /react-dom@18.2.0(react@18.2.0):\n    dev: false\n"
		"  /lodash@4.17.21:\n    dev: false\n",
		/* v9: "name@version"; snapshots and importers not read; a
		 * tarball dependency is no registry package */
		"lockfileVersion: '9.0'\nimporters:\n  .:\n    dependencies: {}\n"
		"packages:\n  '@babel/code-frame@7.12.13':\n    resolution: {}\n"
		"  react-dom@18.2.0:\n    resolution: {}\n"
		"  lodash@4.17.21:\n    resolution: {}\n"
		"  foo@https://example.org/foo.tgz:\n    resolution: {}\n"
		"snapshots:\n  react-dom@18.2.0(react@18.2.0): {}\n",
	};
	for (size_t i = 0; i < 3; i++) {
		assert_int_equal(run(SBOM_KIND_PNPM_LOCK, locks[i], &l, &d), 0);
		sbom_list_sort(&l);
		assert_int_equal(l.n, 3);
		assert_string_equal(l.v[0].purl, "pkg:npm/%40babel/code-frame@7.12.13");
		assert_string_equal(l.v[1].purl, "pkg:npm/lodash@4.17.21");
		assert_string_equal(l.v[2].purl, "pkg:npm/react-dom@18.2.0");
		assert_int_equal(sbom_kind_sniff(locks[i], strlen(locks[i])),
				 SBOM_KIND_PNPM_LOCK);
		sbom_list_free(&l);
	}
	assert_int_equal(run(SBOM_KIND_PNPM_LOCK, "lockfileVersion: '9.0'\n"
			     "packages:\n  a: [\n", &l, &d), BH_EPARSE);
	assert_true(d.line >= 3);
	assert_int_equal(run(SBOM_KIND_PNPM_LOCK, "- a\n", &l, &d), BH_EPARSE);
	assert_int_equal(sbom_kind_of_path("app/pnpm-lock.yaml"), SBOM_KIND_PNPM_LOCK);
}

static void test_py_locks_inline(void **state)
{
	(void)state;
	struct sbom_list l = { 0 };
	struct diag d;
	assert_int_equal(run(SBOM_KIND_PY_REQS,
		"# c\n-r base.txt\nrequests==2.31.0 \\\n    --hash=sha256:abc\n"
		"Django[argon2]==4.2.7 ; python_version >= \"3.8\"\n"
		"flask>=2.0\nnumpy == 1.26.*\n-e git+https://x/y#egg=y\n"
		"pyyaml===6.0.1\n", &l, &d), 0);
	sbom_list_sort(&l);
	assert_int_equal(l.n, 3);
	assert_string_equal(l.v[0].purl, "pkg:pypi/django@4.2.7");
	assert_string_equal(l.v[1].purl, "pkg:pypi/pyyaml@6.0.1");
	assert_string_equal(l.v[2].purl, "pkg:pypi/requests@2.31.0");
	sbom_list_free(&l);
	assert_int_equal(run(SBOM_KIND_PY_PIPFILE,
		"{\"default\": {\"certifi\": {\"version\": \"==2023.7.22\"},"
		"\"mylib\": {\"git\": \"https://x\"}},"
		"\"develop\": {\"pytest\": {\"version\": \"==7.4.0\"}}}", &l, &d), 0);
	assert_int_equal(l.n, 2);
	sbom_list_free(&l);
	/* poetry: sub-tables' keys are not the package's */
	assert_int_equal(run(SBOM_KIND_PY_TOMLLOCK,
		"[[package]]\nname = \"certifi\"\nversion = \"2023.7.22\"\n"
		"files = [\n    {file = \"x\", hash = \"y\"},\n]\n\n"
		"[[package]]\nname = \"requests\"\nversion = \"2.31.0\"\n\n"
		"[package.dependencies]\nversion = \">=1\"\nname = \"x\"\n\n"
		"[metadata]\nlock-version = \"2.0\"\n", &l, &d), 0);
	sbom_list_sort(&l);
	assert_int_equal(l.n, 2);
	assert_string_equal(l.v[1].version, "2.31.0");
	sbom_list_free(&l);
	/* uv: the project itself (editable) is not a package */
	assert_int_equal(run(SBOM_KIND_PY_TOMLLOCK,
		"version = 1\n\n[[package]]\nname = \"idna\"\nversion = \"3.7\"\n"
		"source = { registry = \"https://pypi.org/simple\" }\n\n"
		"[[package]]\nname = \"myproj\"\nversion = \"0.1.0\"\n"
		"source = { editable = \".\" }\n", &l, &d), 0);
	assert_int_equal(l.n, 1);
	assert_string_equal(l.v[0].name, "idna");
	sbom_list_free(&l);
	assert_int_equal(run(SBOM_KIND_PY_TOMLLOCK,
		"[[package]]\nname = \"a\"\nversion = \"1\"\n\n[[package]]\n"
		"name = \"b\"\n", &l, &d), BH_EPARSE);
	assert_int_equal(d.line, 5);
	sbom_list_free(&l);
	assert_int_equal(sbom_kind_of_path("x/requirements-dev.txt"), SBOM_KIND_PY_REQS);
	assert_int_equal(sbom_kind_of_path("x/poetry.lock"), SBOM_KIND_PY_TOMLLOCK);
	assert_int_equal(sbom_kind_of_path("x/uv.lock"), SBOM_KIND_PY_TOMLLOCK);
	assert_int_equal(sbom_kind_of_path("x/Pipfile.lock"), SBOM_KIND_PY_PIPFILE);
}

static void test_gem_cargo_inline(void **state)
{
	(void)state;
	struct sbom_list l = { 0 };
	struct diag d;
	assert_int_equal(run(SBOM_KIND_GEMFILE_LOCK,
		"PATH\n  remote: .\n  specs:\n    myapp (0.1.0)\n\n"
		"GEM\n  remote: https://rubygems.org/\n  specs:\n"
		"    actioncable (7.0.4)\n      actionpack (= 7.0.4)\n"
		"    nokogiri (1.13.10-x86_64-linux)\n      racc (~> 1.4)\n\n"
		"PLATFORMS\n  x86_64-linux\n\nDEPENDENCIES\n  rails (~> 7.0)\n", &l, &d), 0);
	sbom_list_sort(&l);
	assert_int_equal(l.n, 2);
	assert_string_equal(l.v[0].purl, "pkg:gem/actioncable@7.0.4");
	assert_string_equal(l.v[1].purl, "pkg:gem/nokogiri@1.13.10");
	assert_string_equal(sbom_eco_name(l.v[0].eco), "gem");
	sbom_list_free(&l);
	assert_int_equal(run(SBOM_KIND_GEMFILE_LOCK, "GEM\n  specs:\n    broken\n",
			     &l, &d), BH_EPARSE);
	assert_int_equal(d.line, 3);
	sbom_list_free(&l);
	/* Cargo: the workspace's own crate (no source) is left out */
	assert_int_equal(run(SBOM_KIND_CARGO_LOCK,
		"version = 3\n\n[[package]]\nname = \"anyhow\"\nversion = \"1.0.75\"\n"
		"source = \"registry+https://github.com/rust-lang/crates.io-index\"\n\n"
		"[[package]]\nname = \"myapp\"\nversion = \"0.1.0\"\n"
		"dependencies = [\n \"anyhow\",\n]\n", &l, &d), 0);
	assert_int_equal(l.n, 1);
	assert_string_equal(l.v[0].purl, "pkg:cargo/anyhow@1.0.75");
	assert_string_equal(sbom_eco_name(l.v[0].eco), "cargo");
	sbom_list_free(&l);
	assert_int_equal(sbom_kind_of_path("x/Gemfile.lock"), SBOM_KIND_GEMFILE_LOCK);
	assert_int_equal(sbom_kind_of_path("x/Cargo.lock"), SBOM_KIND_CARGO_LOCK);
}

static void test_python_inline(void **state)
{
	(void)state;
	struct sbom_list l = { 0 };
	struct diag d;
	assert_int_equal(run(SBOM_KIND_PY_META,
		"Metadata-Version: 2.1\nName: Foo.Bar_baz\nVersion: 1.0\n"
		"License: BSD\n  long text\nLicense-Expression: MIT\n\nName: no\n",
		&l, &d), 0);
	assert_int_equal(l.n, 1);
	assert_string_equal(l.v[0].purl, "pkg:pypi/foo-bar-baz@1.0");
	assert_string_equal(l.v[0].licenses, "MIT");
	sbom_list_free(&l);
	assert_int_equal(run(SBOM_KIND_PY_META, "Name: a\nVersion 1\n", &l, &d),
			 BH_EPARSE);
	assert_int_equal(d.line, 2);
	assert_int_equal(run(SBOM_KIND_PY_META, "Name: a\n", &l, &d), BH_EPARSE);
	char id[16], ver[16];
	const char *osr = "NAME=\"Debian\"\nID=debian\r\nVERSION_ID=\"12\"\nID_LIKE=x\n";
	sbom_os_release(osr, strlen(osr), id, sizeof(id), ver, sizeof(ver));
	assert_string_equal(id, "debian");
	assert_string_equal(ver, "12");
	osr = "ID=\"Bad Id\"\nVERSION_ID=12345678901234567890\n";
	sbom_os_release(osr, strlen(osr), id, sizeof(id), ver, sizeof(ver));
	assert_string_equal(id, "");
	assert_string_equal(ver, "");
	char b[64];
	sbom_pep503("Django__REST..framework-", b, sizeof(b));
	assert_string_equal(b, "django-rest-framework");
}

static void test_kinds(void **state)
{
	(void)state;
	assert_int_equal(sbom_kind_of_path("var/lib/dpkg/status"), SBOM_KIND_DPKG);
	assert_int_equal(sbom_kind_of_path("r/var/lib/dpkg/status"), SBOM_KIND_DPKG);
	assert_int_equal(sbom_kind_of_path("r/xvar/lib/dpkg/status"), SBOM_KIND_NONE);
	assert_int_equal(sbom_kind_of_path("var/lib/dpkg/status.d/tzdata"),
			 SBOM_KIND_DPKG_STATUSD);
	assert_int_equal(sbom_kind_of_path("var/lib/dpkg/status.d/tzdata.md5sums"),
			 SBOM_KIND_NONE);
	assert_int_equal(sbom_kind_of_path("lib/apk/db/installed"), SBOM_KIND_APK);
	assert_int_equal(sbom_kind_of_path("usr/lib/sysimage/rpm/Packages.db"),
			 SBOM_KIND_RPM_NDB);
	struct sbom_list l = { 0 };
	struct diag d;
	diag_init(&d, "x");
	struct sbom_src src = { "x", 1, "x", NULL };
	assert_int_equal(sbom_catalog(SBOM_KIND_RPM_NDB, &src, &l, &d), BH_EPARSE);
	assert_int_equal(l.n, 0);
	assert_int_equal(sbom_kind_of_path("var/lib/rpm/rpmdb.sqlite"),
			 SBOM_KIND_RPM_SQLITE);
	assert_int_equal(sbom_kind_of_path("app/package-lock.json"), SBOM_KIND_NPM_LOCK);
	assert_int_equal(sbom_kind_of_path("app/package.json"), SBOM_KIND_NONE);
	assert_int_equal(sbom_kind_of_path("app/node_modules/a/package.json"),
			 SBOM_KIND_NPM_PKG);
	assert_int_equal(sbom_kind_of_path("x/a-1.dist-info/METADATA"),
			 SBOM_KIND_PY_META);
	assert_int_equal(sbom_kind_of_path("x/a-1.egg-info/PKG-INFO"),
			 SBOM_KIND_PY_META);
	assert_int_equal(sbom_kind_of_path("x/METADATA"), SBOM_KIND_NONE);
	assert_int_equal(sbom_kind_of_path("x/rpm-4.18.0.egg-info"),
			 SBOM_KIND_PY_META);
	assert_int_equal(sbom_kind_of_path("x/.egg-info"), SBOM_KIND_NONE);
	assert_int_equal(sbom_kind_sniff("Package: a\nStatus: ok\n", 22),
			 SBOM_KIND_DPKG);
	assert_int_equal(sbom_kind_sniff("Package: a\n", 11),
			 SBOM_KIND_DPKG_STATUSD);
	assert_int_equal(sbom_kind_sniff("C:Q1\nP:a\n", 9), SBOM_KIND_APK);
	assert_int_equal(sbom_kind_sniff("{\"lockfileVersion\": 2}", 22),
			 SBOM_KIND_NPM_LOCK);
	assert_int_equal(sbom_kind_sniff("hello", 5), SBOM_KIND_NONE);
}

static const char *dpkg3 =
	"Package: a\nStatus: install ok installed\nVersion: 1\n\n"
	"Package: b\nStatus: install ok installed\nVersion: 1\n\n"
	"Package: c\nStatus: install ok installed\nVersion: 2\n";

/* An image of four layers: the dpkg status rewritten by each, an npm
 * lockfile and an apk db removed by a whiteout and an opaque directory. */
static void test_image_layers(void **state)
{
	(void)state;
	char dir[] = "/tmp/bh-sbomtest-XXXXXX", path[128];
	assert_non_null(mkdtemp(dir));
	struct mk_ent l1[] = {
		{ .path = "var/lib/dpkg/status", .data =
		  "Package: a\nStatus: install ok installed\nVersion: 1\n\n"
		  "Package: b\nStatus: install ok installed\nVersion: 1\n" },
		{ .path = "app/package-lock.json", .data =
		  "{\"lockfileVersion\":3,\"packages\":{\"node_modules/x\":"
		  "{\"version\":\"1.0.0\"}}}" },
		{ .path = "lib/apk/db/installed", .data = "P:musl\nV:1.2.4-r0\n" },
		{ .path = "srv/node_modules/y/package.json", .data =
		  "{\"name\":\"y\",\"version\":\"3.0.0\"}" },
	};
	struct mk_ent l2[] = {
		/* c installed */
		{ .path = "var/lib/dpkg/status", .data = dpkg3 },
	};
	struct mk_ent l3[] = {
		{ .path = "app/.wh.package-lock.json", .data = "" },
		{ .path = "lib/apk/db/.wh..wh..opq", .data = "" },
		/* a upgraded, b removed */
		{ .path = "var/lib/dpkg/status", .data =
		  "Package: a\nStatus: install ok installed\nVersion: 1.1\n\n"
		  "Package: b\nStatus: deinstall ok config-files\nVersion: 1\n\n"
		  "Package: c\nStatus: install ok installed\nVersion: 2\n" },
	};
	struct mk_ent l4[] = {
		/* an unrelated layer */
		{ .path = "etc/motd", .data = "hi\n" },
	};
	struct mk_layer L[4];
	assert_true(mk_layer(&L[0], l1, 4, MK_GZIP, "l1"));
	assert_true(mk_layer(&L[1], l2, 1, MK_NONE, "l2"));
	assert_true(mk_layer(&L[2], l3, 3, MK_ZSTD, "l3"));
	assert_true(mk_layer(&L[3], l4, 1, MK_NONE, "l4"));
	struct mk_image img = { .layers = L, .nlayers = 4 };
	struct sbom_image_run r = { 0 };
	struct diag d;
	for (int oci = 0; oci < 2; oci++) {
		/* a legacy docker-archive names layers by diff_id, an OCI
		 * layout by blob digest */
		snprintf(path, sizeof(path), "%s/img%d.tar", dir, oci);
		assert_true(oci ? mk_oci(path, &img, 1, false, false)
				: mk_docker_archive(path, &img, "t/app:1", false));
		diag_init(&d, path);
		assert_int_equal(sbom_image(path, &r, &d), 0);
		assert_int_equal(r.nerrors, 0);
		sbom_list_sort(&r.pkgs);
		assert_int_equal(r.pkgs.n, 3);   /* a, c, y */
		assert_string_equal(r.pkgs.v[0].name, "a");
		assert_string_equal(r.pkgs.v[0].path, "/var/lib/dpkg/status");
		assert_string_equal(r.pkgs.v[0].version, "1.1");
		assert_string_equal(r.pkgs.v[0].layer,
				    oci ? L[2].blob.digest : L[2].tar.digest);
		assert_string_equal(r.pkgs.v[1].name, "c");
		assert_string_equal(r.pkgs.v[1].layer,
				    oci ? L[1].blob.digest : L[1].tar.digest);
		assert_string_equal(r.pkgs.v[2].name, "y");
		assert_string_equal(r.pkgs.v[2].layer,
				    oci ? L[0].blob.digest : L[0].tar.digest);
		assert_int_equal(r.scanned, 2);
		sbom_image_free(&r);
	}

	/* a malformed final database: one error naming file, line, layer */
	struct mk_ent b2[] = { { .path = "var/lib/dpkg/status",
				 .data = "Package: a\nbroken\n" } };
	struct mk_layer B;
	assert_true(mk_layer(&B, b2, 1, MK_NONE, "b"));
	struct mk_layer LB[2] = { L[0], B };
	struct mk_image img2 = { .layers = LB, .nlayers = 2 };
	snprintf(path, sizeof(path), "%s/img2.tar", dir);
	assert_true(mk_docker_archive(path, &img2, "t/app:2", false));
	assert_int_equal(sbom_image(path, &r, &d), 0);
	assert_int_equal(r.nerrors, 1);
	assert_non_null(strstr(r.errors[0], "/var/lib/dpkg/status:2: "));
	assert_non_null(strstr(r.errors[0], "(layer 2;"));
	sbom_list_sort(&r.pkgs);
	/* the lockfile, the apk db and y survive; no dpkg package */
	assert_int_equal(r.pkgs.n, 3);
	assert_int_equal(r.pkgs.v[0].eco, SBOM_APK);
	sbom_image_free(&r);
	/* a database over the size bound: named, not read */
	snprintf(path, sizeof(path), "%s/img0.tar", dir);
	diag_init(&d, path);
	assert_int_equal(sbom_image_max(path, 60, NULL, &r, &d), 0);
	assert_int_equal(r.nerrors, 1);
	assert_string_equal(r.errors[0], "/var/lib/dpkg/status (layer 3): "
			    "larger than 60 bytes (not scanned)");
	sbom_image_free(&r);
	/* not an image */
	snprintf(path, sizeof(path), "%s/none.tar", dir);
	diag_init(&d, path);
	assert_int_not_equal(sbom_image(path, &r, &d), 0);
	sbom_image_free(&r);
	for (int i = 0; i < 4; i++)
		mk_layer_free(&L[i]);
	mk_layer_free(&B);
	char cmd[256];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
}

/* A database a whiteout deleted and a later layer wrote again: its
 * packages belong to the later layer; an opaque directory listed after
 * the layer's own copy (tar order) keeps that copy. */
static void test_image_whiteouts(void **state)
{
	(void)state;
	char dir[] = "/tmp/bh-sbomtest-XXXXXX", path[128];
	assert_non_null(mkdtemp(dir));
	const char *st = "Package: a\nStatus: install ok installed\nVersion: 1\n";
	struct mk_ent l1[] = { { .path = "var/lib/dpkg/status", .data = st } };
	struct mk_ent l2[] = { { .path = "var/lib/dpkg/.wh.status", .data = "" } };
	struct mk_ent l3[] = { { .path = "var/lib/dpkg/status", .data = st } };
	struct mk_ent o2[] = {
		{ .path = "var/lib/dpkg/status", .data = st },
		{ .path = "var/lib/dpkg/.wh..wh..opq", .data = "" },
	};
	struct mk_layer L[4];
	assert_true(mk_layer(&L[0], l1, 1, MK_NONE, "l1"));
	assert_true(mk_layer(&L[1], l2, 1, MK_NONE, "l2"));
	assert_true(mk_layer(&L[2], l3, 1, MK_NONE, "l3"));
	assert_true(mk_layer(&L[3], o2, 2, MK_NONE, "o2"));
	struct sbom_image_run r = { 0 };
	struct diag d;
	/* deleted in layer 2, written again in layer 3 */
	struct mk_image img = { .layers = L, .nlayers = 3 };
	snprintf(path, sizeof(path), "%s/a.tar", dir);
	assert_true(mk_oci(path, &img, 1, false, false));
	diag_init(&d, path);
	assert_int_equal(sbom_image(path, &r, &d), 0);
	assert_int_equal(r.pkgs.n, 1);
	assert_string_equal(r.pkgs.v[0].layer, L[2].blob.digest);
	sbom_image_free(&r);
	/* deleted in layer 2 and not written again: gone */
	img.nlayers = 2;
	snprintf(path, sizeof(path), "%s/b.tar", dir);
	assert_true(mk_oci(path, &img, 1, false, false));
	assert_int_equal(sbom_image(path, &r, &d), 0);
	assert_int_equal(r.pkgs.n, 0);
	sbom_image_free(&r);
	/* layer 2 writes the file, then makes its directory opaque */
	struct mk_layer LO[2] = { L[0], L[3] };
	struct mk_image img2 = { .layers = LO, .nlayers = 2 };
	snprintf(path, sizeof(path), "%s/c.tar", dir);
	assert_true(mk_oci(path, &img2, 1, false, false));
	assert_int_equal(sbom_image(path, &r, &d), 0);
	assert_int_equal(r.pkgs.n, 1);
	assert_string_equal(r.pkgs.v[0].layer, L[3].blob.digest);
	sbom_image_free(&r);
	for (int i = 0; i < 4; i++)
		mk_layer_free(&L[i]);
	char cmd[256];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
}

/* A PyPI package whose metadata file a dpkg file list of the final
 * view names is the OS package's (Debian's python3-six): dropped; a list
 * that does not name it, or one a later layer deleted, keeps it. */
static void test_image_dpkg_owned(void **state)
{
	(void)state;
	char dir[] = "/tmp/bh-sbomtest-XXXXXX", path[128];
	assert_non_null(mkdtemp(dir));
	const char *st = "Package: python3-six\nStatus: install ok installed\n"
			 "Version: 1.16.0-4\nArchitecture: all\n";
	const char *meta = "Metadata-Version: 2.1\nName: six\nVersion: 1.16.0\n";
	const char *mp = "usr/lib/python3/dist-packages/six-1.16.0.dist-info/METADATA";
	struct mk_ent owns[] = {
		{ .path = "var/lib/dpkg/status", .data = st },
		{ .path = "var/lib/dpkg/info/python3-six.list", .data =
		  "/.\n/usr/lib/python3/dist-packages/six.py\n"
		  "/usr/lib/python3/dist-packages/six-1.16.0.dist-info/METADATA\n" },
		{ .path = mp, .data = meta },
		{ .path = "usr/local/lib/python3.11/dist-packages/r-2.0.dist-info/METADATA",
		  .data = "Metadata-Version: 2.1\nName: r\nVersion: 2.0\n" },
	};
	struct mk_ent other[] = {
		{ .path = "var/lib/dpkg/status", .data = st },
		{ .path = "var/lib/dpkg/info/python3-six.list", .data =
		  "/usr/lib/python3/dist-packages/six.py\n" },
		{ .path = mp, .data = meta },
	};
	struct mk_ent wh[] = {
		{ .path = "var/lib/dpkg/info/.wh.python3-six.list", .data = "" } };
	struct mk_layer L[3];
	assert_true(mk_layer(&L[0], owns, 4, MK_NONE, "owns"));
	assert_true(mk_layer(&L[1], other, 3, MK_NONE, "other"));
	assert_true(mk_layer(&L[2], wh, 1, MK_NONE, "wh"));
	struct sbom_image_run r = { 0 };
	struct diag d;
	static const struct { size_t first, n, want; bool six; } runs[] = {
		{ 0, 1, 2, false },   /* owned: python3-six and r */
		{ 1, 1, 2, true },    /* the list does not name it */
		{ 0, 3, 3, true },    /* deleted by a whiteout */
	};
	for (size_t i = 0; i < 3; i++) {
		struct mk_layer *v = L + runs[i].first;
		struct mk_layer two[2] = { L[0], L[2] };
		struct mk_image img = { .layers = i == 2 ? two : v,
					.nlayers = i == 2 ? 2 : runs[i].n };
		snprintf(path, sizeof(path), "%s/%zu.tar", dir, i);
		assert_true(mk_oci(path, &img, 1, false, false));
		diag_init(&d, path);
		assert_int_equal(sbom_image(path, &r, &d), 0);
		assert_int_equal(r.pkgs.n, runs[i].want);
		bool six = false;
		for (size_t k = 0; k < r.pkgs.n; k++)
			if (r.pkgs.v[k].eco == SBOM_PYPI &&
			    !strcmp(r.pkgs.v[k].name, "six")) {
				six = true;
				assert_string_equal(r.pkgs.v[k].path + 1, mp);
			}
		assert_int_equal(six, runs[i].six);
		sbom_image_free(&r);
	}
	for (int i = 0; i < 3; i++)
		mk_layer_free(&L[i]);
	char cmd[256];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
}

int main(void)
{
	struct CMUnitTest tests[NFIX + 17];
	for (size_t i = 0; i < NFIX; i++)
		tests[i] = (struct CMUnitTest){ fixtures[i].rel, test_fixture,
						NULL, NULL, (void *)&fixtures[i] };
	tests[NFIX] = (struct CMUnitTest)cmocka_unit_test(test_dpkg_inline);
	tests[NFIX + 1] = (struct CMUnitTest)cmocka_unit_test(test_apk_inline);
	tests[NFIX + 2] = (struct CMUnitTest)cmocka_unit_test(test_rpm_header);
	tests[NFIX + 3] = (struct CMUnitTest)cmocka_unit_test(test_npm_inline);
	tests[NFIX + 4] = (struct CMUnitTest)cmocka_unit_test(test_python_inline);
	tests[NFIX + 5] = (struct CMUnitTest)cmocka_unit_test(test_kinds);
	tests[NFIX + 6] = (struct CMUnitTest)cmocka_unit_test(test_image_layers);
	tests[NFIX + 7] = (struct CMUnitTest)cmocka_unit_test(test_rpm_bdb);
	tests[NFIX + 8] = (struct CMUnitTest)cmocka_unit_test(test_image_whiteouts);
	tests[NFIX + 9] = (struct CMUnitTest)cmocka_unit_test(test_yarn_inline);
	tests[NFIX + 10] = (struct CMUnitTest)cmocka_unit_test(test_pnpm_inline);
	tests[NFIX + 11] = (struct CMUnitTest)cmocka_unit_test(test_py_locks_inline);
	tests[NFIX + 12] = (struct CMUnitTest)cmocka_unit_test(test_gem_cargo_inline);
	tests[NFIX + 13] = (struct CMUnitTest)cmocka_unit_test(test_dpkg_multiarch);
	tests[NFIX + 14] = (struct CMUnitTest)cmocka_unit_test(test_npm_strict);
	tests[NFIX + 15] = (struct CMUnitTest)cmocka_unit_test(test_rpm_ndb);
	tests[NFIX + 16] = (struct CMUnitTest)cmocka_unit_test(test_image_dpkg_owned);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
