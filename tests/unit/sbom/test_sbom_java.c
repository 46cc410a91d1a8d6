/* SPDX-License-Identifier: Apache-2.0
 *
 * test_sbom_java.c - the Java archive reader of src/sbom/sbom_java.c on
 * zips built here with libarchive's writer: pom.properties anywhere
 * (values trimmed), nested archives (and their depth bound), the
 * MANIFEST.MF fallback (continuation lines, Bundle-SymbolicName's
 * group), the file-name fallback, the summary an image keeps, a jar in
 * an image built in memory, a broken zip.  The real fixtures are in
 * test_sbom.c (../shared/fixtures/pkgdb/java).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <archive.h>
#include <archive_entry.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sbom/sbom.h"
#include "sbom/sbom_image.h"
#include "../image/imgmk.h"

struct zent {
	const char *name;
	const char *data;
	size_t len;   /* 0: strlen(data) */
};

/* A zip of the entries, malloc'd into *len bytes. */
static char *zip(const struct zent *e, size_t n, size_t *len)
{
	size_t cap = 1 << 20;
	char *buf = malloc(cap);
	struct archive *a = archive_write_new();
	archive_write_set_format_zip(a);
	archive_write_zip_set_compression_deflate(a);
	assert_int_equal(archive_write_open_memory(a, buf, cap, len), ARCHIVE_OK);
	for (size_t i = 0; i < n; i++) {
		struct archive_entry *ae = archive_entry_new();
		size_t dl = e[i].len ? e[i].len : strlen(e[i].data);
		archive_entry_set_pathname(ae, e[i].name);
		archive_entry_set_filetype(ae, AE_IFREG);
		archive_entry_set_perm(ae, 0644);
		archive_entry_set_size(ae, (la_int64_t)dl);
		assert_int_equal(archive_write_header(a, ae), ARCHIVE_OK);
		assert_int_equal(archive_write_data(a, e[i].data, dl), (la_ssize_t)dl);
		archive_entry_free(ae);
	}
	archive_write_close(a);
	archive_write_free(a);
	return buf;
}

static void rows(const char *buf, size_t len, const char *path, const char *want)
{
	struct sbom_list l = { 0 };
	struct diag d;
	diag_init(&d, path);
	struct sbom_src src = { buf, len, path, NULL };
	assert_int_equal(sbom_kind_of_path(path), SBOM_KIND_JAVA_ARCHIVE);
	assert_int_equal(sbom_kind_sniff(buf, len), SBOM_KIND_JAVA_ARCHIVE);
	assert_int_equal(sbom_catalog(SBOM_KIND_JAVA_ARCHIVE, &src, &l, &d), 0);
	sbom_list_sort(&l);
	char got[2048] = "";
	for (size_t i = 0; i < l.n; i++)
		snprintf(got + strlen(got), sizeof(got) - strlen(got), "%s %s %s\n",
			 l.v[i].name, l.v[i].version, l.v[i].purl);
	assert_string_equal(got, want);
	sbom_list_free(&l);
	/* the summary an image keeps lists the same */
	size_t sl = 0;
	char *sum = sbom_java_summarize(&src, &sl);
	assert_non_null(sum);
	struct sbom_src ss = { sum, sl, path, NULL };
	assert_int_equal(sbom_catalog(SBOM_KIND_JAVA_SUMMARY, &ss, &l, &d), 0);
	sbom_list_sort(&l);
	char got2[2048] = "";
	for (size_t i = 0; i < l.n; i++)
		snprintf(got2 + strlen(got2), sizeof(got2) - strlen(got2), "%s %s %s\n",
			 l.v[i].name, l.v[i].version, l.v[i].purl);
	assert_string_equal(got2, want);
	sbom_list_free(&l);
	free(sum);
}

static void test_java_pom_nested(void **state)
{
	(void)state;
	size_t il = 0, ml = 0, dl = 0;
	struct zent inner[] = {
		{ "META-INF/maven/com.x/inner/pom.properties",
		  "#c\ngroupId=com.x\nartifactId=inner\nversion=2.0.1\n", 0 },
	};
	char *ij = zip(inner, 1, &il);
	struct zent outer[] = {
		{ "META-INF/MANIFEST.MF", "Manifest-Version: 1.0\nImplementation-Title: ignored\n", 0 },
		{ "META-INF/maven/org.y/app/pom.properties",
		  "groupId = org.y\r\nartifactId=  app \r\nversion=1.0\r\n", 0 },
		{ "BOOT-INF/lib/inner-2.0.1.jar", ij, il },
		{ "README.txt", "version=9\n", 0 },
	};
	char *oj = zip(outer, 4, &ml);
	rows(oj, ml, "srv/app.war",
	     "com.x:inner 2.0.1 pkg:maven/com.x/inner@2.0.1\n"
	     "org.y:app 1.0 pkg:maven/org.y/app@1.0\n");
	/* the archive above four levels down: its own pom.properties is
	 * read (level 4), its nested inner jar (level 5) is past the bound */
	char *lvl = oj;
	size_t ll = ml;
	for (int i = 0; i < 4; i++) {
		struct zent w[] = { { "lib/x.jar", lvl, ll } };
		size_t nl = 0;
		char *z = zip(w, 1, &nl);
		if (lvl != oj)
			free(lvl);
		lvl = z;
		ll = nl;
	}
	rows(lvl, ll, "deep.jar", "org.y:app 1.0 pkg:maven/org.y/app@1.0\n");
	free(lvl);
	(void)dl;
	free(ij);
	free(oj);
}

static void test_java_fallbacks(void **state)
{
	(void)state;
	size_t n = 0;
	struct zent mf[] = {
		{ "META-INF/MANIFEST.MF",
		  "Manifest-Version: 1.0\r\nBundle-SymbolicName: com.fasterxml.jack\r\n"
		  " son.core.jackson-databind;singleton:=true\r\nBundle-Name: jac\r\n"
		  " kson-databind\r\nBundle-Version: 2.13.4.2\r\n", 0 },
	};
	char *z = zip(mf, 1, &n);
	rows(z, n, "lib/whatever.jar",
	     "com.fasterxml.jackson.core:jackson-databind 2.13.4.2 "
	     "pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.13.4.2\n");
	free(z);
	struct zent none[] = { { "a/B.class", "\xca\xfe\xba\xbe", 4 } };
	z = zip(none, 1, &n);
	rows(z, n, "lib/commons-lang3-3.12.0.jar",
	     "commons-lang3 3.12.0 pkg:maven/commons-lang3@3.12.0\n");
	/* quiet: no pom.properties, no manifest, no version in the name */
	rows(z, n, "lib/app.jar", "");
	free(z);
}

static void test_java_bad(void **state)
{
	(void)state;
	struct sbom_list l = { 0 };
	struct diag d;
	diag_init(&d, "x.jar");
	struct sbom_src src = { "PK\3\4 not really a zip at all", 30, "x.jar", NULL };
	assert_int_equal(sbom_java_archive(&src, &l, &d), BH_EPARSE);
	assert_int_equal(l.n, 0);
	size_t sl = 0;
	char *sum = sbom_java_summarize(&src, &sl);
	struct sbom_src ss = { sum, sl, "x.jar", NULL };
	diag_init(&d, "x.jar");
	assert_int_equal(sbom_java_summary(&ss, &l, &d), BH_EPARSE);
	free(sum);
	/* a pom.properties lacking its version names nothing */
	struct sbom_src p = { "groupId=a\nartifactId=b\n", 23, "pom.properties", NULL };
	assert_int_equal(sbom_kind_of_path("x/META-INF/maven/a/b/pom.properties"),
			 SBOM_KIND_POM_PROPS);
	assert_int_equal(sbom_pom_properties(&p, &l, &d), 0);
	assert_int_equal(l.n, 0);
}

/* A jar in an image: listed with its layer, never held whole by the
 * layer (the content reader keeps its package lines). */
static void test_java_image(void **state)
{
	(void)state;
	size_t n = 0;
	struct zent e[] = {
		{ "META-INF/maven/org.y/app/pom.properties",
		  "groupId=org.y\nartifactId=app\nversion=1.0\n", 0 },
	};
	char *z = zip(e, 1, &n);
	char dir[] = "/tmp/bh-sbomjava-XXXXXX", path[128];
	assert_non_null(mkdtemp(dir));
	struct mk_ent l1[] = { { .path = "opt/app/lib/app-1.0.jar", .data = z, .len = n } };
	struct mk_layer L;
	assert_true(mk_layer(&L, l1, 1, MK_GZIP, "l1"));
	struct mk_image img = { .layers = &L, .nlayers = 1 };
	snprintf(path, sizeof(path), "%s/img.tar", dir);
	assert_true(mk_oci(path, &img, 1, false, false));
	struct sbom_image_run r = { 0 };
	struct diag d;
	diag_init(&d, path);
	assert_int_equal(sbom_image(path, &r, &d), 0);
	assert_int_equal(r.nerrors, 0);
	assert_int_equal(r.pkgs.n, 1);
	assert_string_equal(r.pkgs.v[0].name, "org.y:app");
	assert_string_equal(r.pkgs.v[0].path, "/opt/app/lib/app-1.0.jar");
	assert_string_equal(r.pkgs.v[0].layer, L.blob.digest);
	sbom_image_free(&r);
	mk_layer_free(&L);
	free(z);
	char cmd[256];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
}

/* Installed gemspecs (sbom_gemspec.c), as `gem install` writes them and
 * hand-written forms; a spec without a version is no package. */
static void test_gemspec(void **state)
{
	(void)state;
	static const char *const specs[][2] = {
		{ "# -*- encoding: utf-8 -*-\n# stub: rake 13.0.6 ruby lib\n\n"
		  "Gem::Specification.new do |s|\n  s.name = \"rake\".freeze\n"
		  "  s.version = \"13.0.6\"\n  s.licenses = [\"MIT\".freeze]\n"
		  "  s.name_tuple = 1\nend\n", "rake 13.0.6 pkg:gem/rake@13.0.6\n" },
		{ "Gem::Specification.new do |spec|\n  spec.version  =  "
		  "Gem::Version.new('2.1.0')\n  spec.name = 'a_b'\nend\n",
		  "a_b 2.1.0 pkg:gem/a_b@2.1.0\n" },
		{ "Gem::Specification.new do |s|\n  s.name = \"x\"\n"
		  "  s.version = VERSION\nend\n", "" },
		{ "s.name == \"x\"\ns.version = \"1\"\n", "" },
	};
	assert_int_equal(sbom_kind_of_path("var/lib/gems/3.1.0/specifications/rake-13.0.6.gemspec"),
			 SBOM_KIND_GEMSPEC);
	assert_int_equal(sbom_kind_of_path("usr/lib/ruby/gems/3.1.0/specifications/default/json-2.6.1.gemspec"),
			 SBOM_KIND_GEMSPEC);
	assert_int_equal(sbom_kind_of_path("src/app/x.gemspec"), SBOM_KIND_NONE);
	for (size_t i = 0; i < sizeof(specs) / sizeof(specs[0]); i++) {
		struct sbom_list l = { 0 };
		struct diag d;
		diag_init(&d, "x.gemspec");
		struct sbom_src src = { specs[i][0], strlen(specs[i][0]), "x.gemspec", NULL };
		assert_int_equal(sbom_catalog(SBOM_KIND_GEMSPEC, &src, &l, &d), 0);
		char got[256] = "";
		for (size_t k = 0; k < l.n; k++)
			snprintf(got + strlen(got), sizeof(got) - strlen(got), "%s %s %s\n",
				 l.v[k].name, l.v[k].version, l.v[k].purl);
		assert_string_equal(got, specs[i][1]);
		sbom_list_free(&l);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_java_pom_nested),
		cmocka_unit_test(test_java_fallbacks),
		cmocka_unit_test(test_java_bad),
		cmocka_unit_test(test_java_image),
		cmocka_unit_test(test_gemspec),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
