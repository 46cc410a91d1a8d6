/* SPDX-License-Identifier: Apache-2.0
 *
 * test_sbom_bin.c - the Go build information reader of src/sbom/sbom_go.c
 * on ELF files built here (the Go 1.18+ inline form in a 64-bit
 * little-endian file with a .go.buildinfo section; the older pointer
 * form in a 32-bit big-endian file without sections), whole and through
 * the stream scanner fed in chunks of every size; malformed headers;
 * images built in memory (a whiteout removes a binary's packages); the
 * real hello-go of ../shared/fixtures/images/tiny (go1.19.8, BH_SHARED
 * overrides ../shared; skipped when absent) and Debian's /usr/bin/umoci
 * and /usr/bin/skopeo when installed (their versions against `go
 * version -m`: tests/suites/sbom_go.sh).
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

static const char sent_a[] = "0w\xaf\x0c\x92t\x08\x02" "A\xe1\xc1\x07\xe6\xd6\x18\xe6";
static const char sent_b[] = "\xf9" "2C1\x86\x18 r\x00\x82" "B\x10" "A\x16\xd8\xf2";

static const char mod_text[] =
	"path\texample.com/app\n"
	"mod\texample.com/app\tv1.0.0\th1:aaa=\n"
	"dep\tgithub.com/a/b\tv1.2.3\th1:bbb=\n"
	"dep\tgolang.org/x/text\tv0.3.7\th1:ccc=\n"
	"=>\tgolang.org/x/text\tv0.3.8\th1:ddd=\n"
	"dep\texample.com/local\tv0.0.0\t\n"
	"=>\t../local\t(devel)\t\n"
	"dep\texample.com/abs\tv0.1.0\t\n"
	"=>\t/src/abs\t\t\n"
	"dep\tgithub.com/c/d\tv2.0.0+incompatible\th1:eee=\n"
	"build\t-compiler=gc\n";

static void put(unsigned char *b, size_t off, uint64_t v, int n, bool be)
{
	for (int i = 0; i < n; i++)
		b[off + (size_t)(be ? i : n - 1 - i)] =
			(unsigned char)(v >> (8 * (n - 1 - i)));
}

/* The module text between its sentinels into b; its length. */
static size_t modinfo(unsigned char *b, const char *text)
{
	size_t n = strlen(text);
	memcpy(b, sent_a, 16);
	memcpy(b + 16, text, n);
	memcpy(b + 16 + n, sent_b, 16);
	return n + 32;
}

static size_t uvarint(unsigned char *b, size_t v)
{
	size_t k = 0;
	while (v >= 0x80) {
		b[k++] = (unsigned char)(v | 0x80);
		v >>= 7;
	}
	b[k++] = (unsigned char)v;
	return k;
}

#define ELF_SIZE 0x1000

/* A 64-bit little-endian ELF file with .go.buildinfo at 0x200 holding
 * the inline form of "version" and "text". */
static void elf64_inline(unsigned char *b, const char *version, const char *text)
{
	memset(b, 0, ELF_SIZE);
	memcpy(b, "\x7f" "ELF\2\1\1", 7);
	put(b, 16, 2, 2, false);         /* ET_EXEC */
	put(b, 18, 62, 2, false);        /* x86-64 */
	put(b, 20, 1, 4, false);
	put(b, 32, 64, 8, false);        /* e_phoff */
	put(b, 40, 0xc00, 8, false);     /* e_shoff */
	put(b, 52, 64, 2, false);
	put(b, 54, 56, 2, false);
	put(b, 56, 1, 2, false);
	put(b, 58, 64, 2, false);
	put(b, 60, 3, 2, false);
	put(b, 62, 2, 2, false);
	/* PT_LOAD rw- of the whole file */
	put(b, 64, 1, 4, false);
	put(b, 68, 6, 4, false);
	put(b, 64 + 16, 0x400000, 8, false);
	put(b, 64 + 32, ELF_SIZE, 8, false);
	put(b, 64 + 40, ELF_SIZE, 8, false);
	/* sections: null, .go.buildinfo, .shstrtab */
	memcpy(b + 0xb00, "\0.go.buildinfo\0.shstrtab\0", 26);
	size_t s1 = 0xc00 + 64, s2 = 0xc00 + 128;
	put(b, s1, 1, 4, false);
	put(b, s1 + 4, 1, 4, false);
	put(b, s1 + 24, 0x200, 8, false);
	put(b, s1 + 32, 0x400, 8, false);
	put(b, s2, 15, 4, false);
	put(b, s2 + 4, 3, 4, false);
	put(b, s2 + 24, 0xb00, 8, false);
	put(b, s2 + 32, 26, 8, false);
	unsigned char *h = b + 0x200;
	memcpy(h, "\xff Go buildinf:", 14);
	h[14] = 8;
	h[15] = 2;
	size_t o = 32;
	o += uvarint(h + o, strlen(version));
	memcpy(h + o, version, strlen(version));
	o += strlen(version);
	unsigned char mod[1024];
	size_t ml = modinfo(mod, text);
	o += uvarint(h + o, ml);
	memcpy(h + o, mod, ml);
}

/* A 32-bit big-endian ELF file without sections, one PT_LOAD rw- at
 * 0x10000: the version at 0x100, the module text at 0x140, the header
 * (pointer form) at 0x400, the string headers at 0x500. */
static void elf32_ptr(unsigned char *b, const char *version, const char *text)
{
	memset(b, 0, ELF_SIZE);
	memcpy(b, "\x7f" "ELF\1\2\1", 7);
	put(b, 16, 2, 2, true);
	put(b, 18, 20, 2, true);         /* PowerPC */
	put(b, 20, 1, 4, true);
	put(b, 28, 52, 4, true);         /* e_phoff */
	put(b, 40, 52, 2, true);
	put(b, 42, 32, 2, true);
	put(b, 44, 1, 2, true);
	put(b, 46, 40, 2, true);
	put(b, 52, 1, 4, true);          /* PT_LOAD */
	put(b, 52 + 8, 0x10000, 4, true);
	put(b, 52 + 16, ELF_SIZE, 4, true);
	put(b, 52 + 20, ELF_SIZE, 4, true);
	put(b, 52 + 24, 6, 4, true);
	memcpy(b + 0x100, version, strlen(version));
	size_t ml = modinfo(b + 0x140, text);
	unsigned char *h = b + 0x400;
	memcpy(h, "\xff Go buildinf:", 14);
	h[14] = 4;
	h[15] = 1;                       /* big endian, pointers */
	put(h, 16, 0x10500, 4, true);
	put(h, 20, 0x10508, 4, true);
	put(b, 0x500, 0x10100, 4, true);
	put(b, 0x504, strlen(version), 4, true);
	put(b, 0x508, 0x10140, 4, true);
	put(b, 0x50c, ml, 4, true);
}

static void expect(struct sbom_list *l, const char *const *want, size_t n)
{
	sbom_list_sort(l);
	char got[2048] = "", exp[2048] = "";
	for (size_t i = 0; i < l->n; i++) {
		assert_int_equal(l->v[i].eco, SBOM_GO);
		snprintf(got + strlen(got), sizeof(got) - strlen(got), "%s %s %s\n",
			 l->v[i].name, l->v[i].version, l->v[i].purl);
	}
	for (size_t i = 0; i < n; i++)
		snprintf(exp + strlen(exp), sizeof(exp) - strlen(exp), "%s\n", want[i]);
	assert_string_equal(got, exp);
}

static const char *const inline_want[] = {
	"example.com/app 1.0.0 pkg:golang/example.com/app@v1.0.0",
	"github.com/a/b 1.2.3 pkg:golang/github.com/a/b@v1.2.3",
	"github.com/c/d 2.0.0+incompatible pkg:golang/github.com/c/d@v2.0.0%2Bincompatible",
	"golang.org/x/text 0.3.8 pkg:golang/golang.org/x/text@v0.3.8",
	"stdlib 1.21.4 pkg:golang/stdlib@v1.21.4",
};

static const char *const ptr_want[] = {
	"github.com/a/b 1.2.3 pkg:golang/github.com/a/b@v1.2.3",
	"stdlib 1.16.5 pkg:golang/stdlib@v1.16.5",
};

static const char ptr_text[] =
	"path\texample.com/old\n"
	"mod\texample.com/old\t(devel)\t\n"
	"dep\tgithub.com/a/b\tv1.2.3\th1:bbb=\n";

static void run_whole(const unsigned char *b, size_t n, struct sbom_list *l)
{
	struct sbom_src src = { (const char *)b, n, "/bin/x", NULL };
	struct diag d;
	diag_init(&d, "/bin/x");
	assert_int_equal(sbom_kind_sniff(src.buf, n), SBOM_KIND_ELF);
	assert_int_equal(sbom_catalog(SBOM_KIND_ELF, &src, l, &d), 0);
}

/* The stream scanner fed in chunks of "chunk" bytes. */
static int run_stream(const unsigned char *b, size_t n, size_t chunk,
		      struct sbom_list *l)
{
	struct sbom_bin_scan *s = sbom_bin_scan_begin(n);
	assert_non_null(s);
	for (size_t o = 0; o < n; o += chunk)
		sbom_bin_scan_feed(s, b + o, n - o < chunk ? n - o : chunk);
	size_t len = 0;
	char *sum = sbom_bin_scan_end(s, &len);
	if (!sum)
		return -1;
	assert_true(len < n);   /* only what is needed is kept */
	struct sbom_src src = { sum, len, "/bin/x", NULL };
	struct diag d;
	diag_init(&d, "/bin/x");
	assert_int_equal(sbom_kind_sniff(sum, len), SBOM_KIND_BIN_SUMMARY);
	int rc = sbom_catalog(SBOM_KIND_BIN_SUMMARY, &src, l, &d);
	free(sum);
	return rc;
}

static void test_go_inline(void **state)
{
	(void)state;
	static unsigned char b[ELF_SIZE];
	elf64_inline(b, "go1.21.4", mod_text);
	struct sbom_list l = { 0 };
	run_whole(b, sizeof(b), &l);
	expect(&l, inline_want, 5);
	sbom_list_free(&l);
	static const size_t chunks[] = { 1, 7, 16, 63, 64, 4095, 4096, ELF_SIZE };
	for (size_t i = 0; i < sizeof(chunks) / sizeof(chunks[0]); i++) {
		assert_int_equal(run_stream(b, sizeof(b), chunks[i], &l), 0);
		expect(&l, inline_want, 5);
		sbom_list_free(&l);
	}
	/* an experiment suffix is no part of the version */
	elf64_inline(b, "go1.21.4 X:boringcrypto", "");
	run_whole(b, sizeof(b), &l);
	assert_int_equal(l.n, 1);
	assert_string_equal(l.v[0].version, "1.21.4");
	sbom_list_free(&l);
}

static void test_go_pointer(void **state)
{
	(void)state;
	static unsigned char b[ELF_SIZE];
	elf32_ptr(b, "go1.16.5", ptr_text);
	struct sbom_list l = { 0 };
	run_whole(b, sizeof(b), &l);
	expect(&l, ptr_want, 2);
	sbom_list_free(&l);
	static const size_t chunks[] = { 1, 5, 64, 100, 4096 };
	for (size_t i = 0; i < sizeof(chunks) / sizeof(chunks[0]); i++) {
		assert_int_equal(run_stream(b, sizeof(b), chunks[i], &l), 0);
		expect(&l, ptr_want, 2);
		sbom_list_free(&l);
	}
}

static void test_go_quiet_and_bad(void **state)
{
	(void)state;
	static unsigned char b[ELF_SIZE];
	struct sbom_list l = { 0 };
	struct diag d;
	char msg[512];
	/* an ELF file without Go build information: nothing, no error */
	elf64_inline(b, "go1.21.4", mod_text);
	memset(b + 0x200, 0, 16);
	run_whole(b, sizeof(b), &l);
	assert_int_equal(l.n, 0);
	assert_int_equal(run_stream(b, sizeof(b), 512, &l), -1);
	/* the module text's length runs past the end of the file */
	elf64_inline(b, "go1.21.4", mod_text);
	b[0x200 + 32 + 1 + 8] = 0xff;
	b[0x200 + 32 + 1 + 8 + 1] = 0x7f;
	struct sbom_src src = { (const char *)b, sizeof(b), "/bin/x", NULL };
	diag_init(&d, "/bin/x");
	assert_int_equal(sbom_catalog(SBOM_KIND_ELF, &src, &l, &d), BH_EPARSE);
	diag_format(&d, msg, sizeof(msg));
	assert_string_equal(msg, "/bin/x: Go build information at byte 512: "
			    "version or module text out of the file");
	sbom_list_free(&l);
	/* a pointer size Go never wrote */
	elf32_ptr(b, "go1.16.5", ptr_text);
	b[0x400 + 14] = 3;
	diag_init(&d, "/bin/x");
	assert_int_equal(sbom_catalog(SBOM_KIND_ELF, &src, &l, &d), BH_EPARSE);
	diag_format(&d, msg, sizeof(msg));
	assert_string_equal(msg, "/bin/x: Go build information at byte 1024: "
			    "pointer size 3");
	sbom_list_free(&l);
	/* a string header pointing out of every segment */
	elf32_ptr(b, "go1.16.5", ptr_text);
	put(b, 0x500, 0x90000, 4, true);
	diag_init(&d, "/bin/x");
	assert_int_equal(sbom_catalog(SBOM_KIND_ELF, &src, &l, &d), BH_EPARSE);
	sbom_list_free(&l);
	/* a truncated ELF header */
	struct sbom_src tiny = { "\x7f" "ELF\2\1\1", 7, "/bin/x", NULL };
	diag_init(&d, "/bin/x");
	assert_int_equal(sbom_go_bin(&tiny, &l, &d), BH_EPARSE);
	assert_int_equal(l.n, 0);
}

/* A Go binary in an image: listed with its layer; one a later layer
 * deleted is gone. */
static void test_go_image(void **state)
{
	(void)state;
	static unsigned char b[ELF_SIZE];
	elf64_inline(b, "go1.21.4", mod_text);
	char dir[] = "/tmp/bh-sbombin-XXXXXX", path[128];
	assert_non_null(mkdtemp(dir));
	struct mk_ent l1[] = {
		{ .path = "usr/bin/a", .data = (const char *)b, .len = sizeof(b),
		  .mode = 0755 },
		{ .path = "usr/bin/b", .data = (const char *)b, .len = sizeof(b),
		  .mode = 0755 },
	};
	struct mk_ent l2[] = { { .path = "usr/bin/.wh.b", .data = "" } };
	struct mk_layer L[2];
	assert_true(mk_layer(&L[0], l1, 2, MK_GZIP, "l1"));
	assert_true(mk_layer(&L[1], l2, 1, MK_NONE, "l2"));
	struct mk_image img = { .layers = L, .nlayers = 2 };
	snprintf(path, sizeof(path), "%s/img.tar", dir);
	assert_true(mk_oci(path, &img, 1, false, false));
	struct sbom_image_run r = { 0 };
	struct diag d;
	diag_init(&d, path);
	assert_int_equal(sbom_image(path, &r, &d), 0);
	assert_int_equal(r.nerrors, 0);
	expect(&r.pkgs, inline_want, 5);
	for (size_t i = 0; i < r.pkgs.n; i++) {
		assert_string_equal(r.pkgs.v[i].path, "/usr/bin/a");
		assert_string_equal(r.pkgs.v[i].layer, L[0].blob.digest);
	}
	sbom_image_free(&r);
	for (int i = 0; i < 2; i++)
		mk_layer_free(&L[i]);
	char cmd[256];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
}

static const char *shared_root(void)
{
	const char *r = getenv("BH_SHARED");
	return r ? r : "../shared";
}

/* The tiny fixture image's hello-go (go1.19.8, main module "(devel)",
 * no dependencies: `go version -m`), in all three copies. */
static void test_go_tiny_image(void **state)
{
	(void)state;
	static const char *const copies[][2] = {
		{ "app.docker.tar", "sha256:0e7103c2a0c95b784ddeb577370b8270af21b2502aa95f3b1eb5473d1b61c71f" },
		{ "oci:app", "sha256:709122dc352e1d1e726605b10a8c6c9a9213bb151739546f3acb1c59817f8550" },
	};
	char path[4200];
	snprintf(path, sizeof(path), "%s/fixtures/images/tiny/app.docker.tar",
		 shared_root());
	FILE *f = fopen(path, "rb");
	if (!f) {
		print_message("SKIP: %s absent\n", path);
		skip();
	}
	fclose(f);
	for (size_t i = 0; i < 2; i++) {
		snprintf(path, sizeof(path), "%s/fixtures/images/tiny/%s",
			 shared_root(), copies[i][0]);
		struct sbom_image_run r = { 0 };
		struct diag d;
		diag_init(&d, path);
		assert_int_equal(sbom_image(path, &r, &d), 0);
		size_t ngo = 0;
		for (size_t k = 0; k < r.pkgs.n; k++) {
			const struct sbom_pkg *p = &r.pkgs.v[k];
			if (p->eco != SBOM_GO)
				continue;
			ngo++;
			assert_string_equal(p->name, "stdlib");
			assert_string_equal(p->version, "1.19.8");
			assert_string_equal(p->path, "/usr/local/bin/hello-go");
			assert_string_equal(p->layer, copies[i][1]);
		}
		assert_int_equal(ngo, 1);
		sbom_image_free(&r);
	}
}

/* Debian's umoci and skopeo (GOPATH builds: the toolchain only, no
 * module lines), read whole and streamed: the same one row. */
static void test_go_debian(void **state)
{
	(void)state;
	static const char *const bins[] = { "/usr/bin/umoci", "/usr/bin/skopeo" };
	int seen = 0;
	for (size_t i = 0; i < 2; i++) {
		char *buf = NULL;
		size_t len = 0;
		struct diag d;
		diag_init(&d, bins[i]);
		if (io_read_file(bins[i], SBOM_MAX_DB, &buf, &len, &d) != 0)
			continue;
		seen++;
		struct sbom_list a = { 0 }, b = { 0 };
		run_whole((unsigned char *)buf, len, &a);
		assert_int_equal(run_stream((unsigned char *)buf, len, 65536, &b), 0);
		assert_int_equal(a.n, 1);
		assert_int_equal(b.n, 1);
		assert_string_equal(a.v[0].name, "stdlib");
		assert_string_equal(a.v[0].version, b.v[0].version);
		assert_true(!strncmp(a.v[0].version, "1.", 2));
		sbom_list_free(&a);
		sbom_list_free(&b);
		free(buf);
	}
	if (!seen) {
		print_message("SKIP: neither umoci nor skopeo installed\n");
		skip();
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_go_inline),
		cmocka_unit_test(test_go_pointer),
		cmocka_unit_test(test_go_quiet_and_bad),
		cmocka_unit_test(test_go_image),
		cmocka_unit_test(test_go_tiny_image),
		cmocka_unit_test(test_go_debian),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
