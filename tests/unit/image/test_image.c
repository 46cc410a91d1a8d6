/* SPDX-License-Identifier: Apache-2.0
 *
 * test_image.c - the image reader and the image rules, on real images
 * built here with libarchive's writer (tests/unit/image/imgmk.c): every
 * input layout, every compression, whiteouts, digest checks, and each
 * hostile case (escaping names, symlink loops, dangling hard links,
 * device nodes, huge sparse entries, decompression bombs, entry floods,
 * bad headers).  Secret-looking test values are assembled at run time.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/config.h"
#include "image/img_int.h"
#include "image/img_model.h"
#include "rules/families.h"
#include "imgmk.h"

static char tmpdir[256];

static int setup_dir(void **state)
{
	(void)state;
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/bh-imgtest-XXXXXX");
	return mkdtemp(tmpdir) ? 0 : -1;
}

static int teardown_dir(void **state)
{
	(void)state;
	char cmd[512];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	return system(cmd) == 0 ? 0 : -1;
}

static const char *tpath(const char *name)
{
	static char buf[4][512];
	static int k;
	char *b = buf[k++ & 3];
	snprintf(b, 512, "%s/%s", tmpdir, name);
	return b;
}

/* Load "path"; returns the BH_E* code; diag message into msg. */
static int load(struct img_model *m, const char *path,
		const struct img_options *o, char *msg, size_t size)
{
	struct diag d;
	diag_init(&d, path);
	int rc = img_load(m, path, o, &d);
	if (msg) {
		msg[0] = 0;
		if (rc)
			diag_format(&d, msg, (unsigned)size);
	}
	return rc;
}

struct run {
	struct bh_findings f;
	struct bh_config cfg;
	struct arena a;
};

static void run_rules(struct run *r, const struct img_model *m)
{
	memset(r, 0, sizeof(*r));
	bh_config_init(&r->cfg);
	arena_init(&r->a, 1 << 24);
	struct bh_check c = { .file = "img", .arena = &r->a, .config = &r->cfg,
			      .image = m, .out = &r->f };
	for (size_t i = 0; i < bh_rules_image_count; i++)
		bh_rules_image[i]->check(&c, bh_rules_image[i]);
}

static size_t count(const struct run *r, const char *id)
{
	size_t n = 0;
	for (size_t i = 0; i < r->f.n; i++)
		if (strcmp(r->f.v[i].rule->id, id) == 0)
			n++;
	return n;
}

static const struct bh_finding *first(const struct run *r, const char *id)
{
	for (size_t i = 0; i < r->f.n; i++)
		if (strcmp(r->f.v[i].rule->id, id) == 0)
			return &r->f.v[i];
	return NULL;
}

static void run_free(struct run *r)
{
	bh_findings_free(&r->f);
	bh_config_free(&r->cfg);
	arena_free(&r->a);
}

/* ---- pure functions ---------------------------------------------------- */

static void normalize_paths(void **state)
{
	(void)state;
	static const char *const v[][2] = {
		{ "/", "" }, { "./", "" }, { "a/b", "a/b" }, { "/a//b/", "a/b" },
		{ "./a/./b", "a/b" }, { "../../etc/passwd", "etc/passwd" },
		{ "a/../../b", "b" }, { "a/b/..", "a" }, { "..", "" },
		{ "/../x/../../y/.", "y" },
	};
	char out[64];
	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		assert_true(img_path_normalize(v[i][0], out, sizeof(out)));
		assert_string_equal(out, v[i][1]);
	}
	char tiny[4];
	assert_false(img_path_normalize("abcdef", tiny, sizeof(tiny)));
}

static void eol_table(void **state)
{
	(void)state;
	const struct img_eol *r = img_eol_find("debian", "10", NULL);
	assert_non_null(r);
	assert_true(img_eol_passed(r, "2026-11-23"));
	assert_false(img_eol_passed(r, "2024-06-01"));
	r = img_eol_find("alpine", "3.18.4", NULL);
	assert_non_null(r);
	assert_string_equal(r->version, "3.18");
	assert_null(img_eol_find("alpine", "3.1", NULL));
	r = img_eol_find("amzn", "2023", NULL);
	assert_non_null(r);
	assert_string_equal(r->version, "2023");
	assert_null(img_eol_find("debian", "1", NULL));
	assert_null(img_eol_find(NULL, "12", NULL));
	assert_false(img_eol_passed(img_eol_find("debian", "12", NULL), "2026-11-23"));
	/* CentOS Stream shares ID=centos and VERSION_ID with CentOS Linux */
	r = img_eol_find("centos", "8", "CentOS Linux 8");
	assert_non_null(r);
	assert_string_equal(r->eol, "2021-12-31");
	r = img_eol_find("centos", "8", "CentOS Stream 8");
	assert_non_null(r);
	assert_string_equal(r->eol, "2024-05-31");
	r = img_eol_find("centos", "9", "CentOS Stream 9");
	assert_non_null(r);
	assert_false(img_eol_passed(r, "2026-11-23"));
	assert_null(img_eol_find("centos", "9", "CentOS Linux 9"));
	/* Ubuntu dates are distro-info-data's, not rounded */
	r = img_eol_find("ubuntu", "25.10", NULL);
	assert_non_null(r);
	assert_true(img_eol_passed(r, "2026-11-23"));
	assert_string_equal(r->source, "Ubuntu distro-info-data");
	/* Debian rows name the Debian LTS team as their source */
	r = img_eol_find("debian", "7", NULL);
	assert_non_null(r);
	assert_string_equal(r->source, "Debian LTS");
}

static void fs_tree_ops(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a, 0);
	struct img_fs fs;
	assert_int_equal(img_fs_init(&fs, &a), 0);
	struct img_change f = { .type = IMG_REG, .mode = 0644 };
	struct img_change d = { .type = IMG_DIR, .mode = 0755 };
	struct img_change l = { .type = IMG_SYMLINK, .link = "../b/c" };
	struct img_change loop = { .type = IMG_SYMLINK, .link = "loop2" };
	struct img_change loop2 = { .type = IMG_SYMLINK, .link = "/x/loop" };
	/* many files: the hash index must grow and keep every node */
	char p[64];
	for (int i = 0; i < 5000; i++) {
		snprintf(p, sizeof(p), "many/d%d/f%d", i % 50, i);
		assert_non_null(img_fs_put(&fs, &a, p, &f, 0));
	}
	assert_non_null(img_fs_lookup(&fs, "many/d7/f4957"));
	assert_non_null(img_fs_put(&fs, &a, "b/c", &f, 1));
	assert_non_null(img_fs_put(&fs, &a, "a/link", &l, 1));
	assert_non_null(img_fs_put(&fs, &a, "x/loop", &loop, 1));
	assert_non_null(img_fs_put(&fs, &a, "x/loop2", &loop2, 1));
	const struct img_node *n = img_fs_resolve(&fs, "a/link");
	assert_non_null(n);
	assert_string_equal(n->name, "c");
	assert_null(img_fs_resolve(&fs, "x/loop"));       /* a loop ends */
	assert_null(img_fs_resolve(&fs, "x/loop/deeper"));
	char buf[64];
	img_fs_path(n, buf, sizeof(buf));
	assert_string_equal(buf, "/b/c");
	/* removing a directory removes its subtree */
	size_t before = fs.nnodes;
	img_fs_remove(&fs, img_fs_lookup(&fs, "many"));
	assert_null(img_fs_lookup(&fs, "many/d7/f4957"));
	assert_int_equal(fs.nnodes, before - 5000 - 50 - 1);
	/* a file replaced by a directory and back */
	assert_non_null(img_fs_put(&fs, &a, "b/c/d", &f, 2));
	assert_int_equal(img_fs_lookup(&fs, "b/c")->type, IMG_DIR);
	assert_non_null(img_fs_put(&fs, &a, "b", &f, 3));
	assert_null(img_fs_lookup(&fs, "b/c/d"));
	assert_non_null(img_fs_put(&fs, &a, "e", &d, 3));
	arena_free(&a);
}

/* ---- a realistic image -------------------------------------------------- */

/* Built at run time so the repository holds no live-looking token. */
static char ghp[64], awskey[32];

static void make_tokens(void)
{
	snprintf(ghp, sizeof(ghp), "%s%s%s", "gh", "p_", "Zx9QwErTy7UiOp3AsDfGhJkL1ZxCvBnM2Qw4");
	snprintf(awskey, sizeof(awskey), "%s%s", "AKIA", "Q3EGRTPXQ7NZ4M2K");
}

struct base {
	struct mk_layer l[3];
	char env_secret[512];
	char shadow[256];
	char envfile[128];
	char cfg[1024];
};

/* layer 1: os-release (via symlink), passwd/shadow/group, setuid su,
 *          a world-writable dir, apt lists;
 * layer 2: /app/.env with a token, a setuid tool, a config file with a
 *          token, BuildKit history with a build arg;
 * layer 3: deletes /app/.env, opaque-replaces /app/conf. */
static void make_base(struct base *b, enum mk_comp c1, enum mk_comp c2)
{
	make_tokens();
	snprintf(b->shadow, sizeof(b->shadow),
		 "root:*:19000:0:99999:7:::\nnobody::19000:0:99999:7:::\n");
	snprintf(b->envfile, sizeof(b->envfile), "GITHUB_TOKEN=%s\n", ghp);
	struct mk_ent l1[] = {
		{ .path = "/", .type = MK_DIR },
		{ .path = "etc/", .type = MK_DIR },
		{ .path = "etc/os-release", .type = MK_SYM, .link = "../usr/lib/os-release" },
		{ .path = "usr/lib/os-release", .data = "PRETTY_NAME=\"Debian GNU/Linux 10 (buster)\"\nID=debian\nVERSION_ID=\"10\"\nVERSION_CODENAME=buster\n" },
		{ .path = "etc/passwd", .data = "root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534::/:/sbin/nologin\ntoor:x:0:0::/:/bin/sh\n" },
		{ .path = "etc/shadow", .data = b->shadow, .mode = 0640 },
		{ .path = "etc/group", .data = "root:x:0:\nnogroup:x:65534:\n" },
		{ .path = "bin/su", .data = "ELF", .mode = 04755 },
		{ .path = "bin/sh", .data = "ELF", .mode = 0755 },
		{ .path = "srv/drop", .type = MK_DIR, .mode = 0777 },
		{ .path = "tmp", .type = MK_DIR, .mode = 01777 },
		{ .path = "var/lib/apt/lists/deb.debian.org_debian_dists_buster_InRelease", .data = "x" },
		{ .path = "var/lib/apt/lists/lock", .data = "" },
	};
	snprintf(b->cfg, sizeof(b->cfg), "token: %s\n", ghp);
	struct mk_ent l2[] = {
		{ .path = "app/.env", .data = b->envfile },
		{ .path = "app/conf/app.yml", .data = b->cfg },
		{ .path = "app/conf/keep.txt", .data = "hello" },
		{ .path = "usr/local/bin/tool", .data = "ELF", .mode = 06755 },
	};
	struct mk_ent l3[] = {
		{ .path = "app/.wh..env", .data = "" },
		{ .path = "app/conf/.wh..wh..opq", .data = "" },
		{ .path = "app/conf/", .type = MK_DIR },
		{ .path = "app/conf/new.yml", .data = "listen: 80\n" },
	};
	static char hist2[256];
	snprintf(hist2, sizeof(hist2),
		 "|1 GH_TOKEN=%s /bin/sh -c curl -fsSL https://example.invalid/i.sh | sh",
		 ghp);
	assert_true(mk_layer(&b->l[0], l1, sizeof(l1) / sizeof(l1[0]), c1,
			     "/bin/sh -c #(nop) ADD file:rootfs in /"));
	assert_true(mk_layer(&b->l[1], l2, sizeof(l2) / sizeof(l2[0]), c2, hist2));
	assert_true(mk_layer(&b->l[2], l3, sizeof(l3) / sizeof(l3[0]), MK_NONE,
			     "/bin/sh -c rm /app/.env"));
	snprintf(b->env_secret, sizeof(b->env_secret),
		 "\"Env\":[\"PATH=/usr/bin\",\"API_TOKEN=%s\"],"
		 "\"ExposedPorts\":{\"22/tcp\":{},\"9229/tcp\":{},\"8080/tcp\":{},"
		 "\"5005/tcp\":{}},"
		 "\"User\":\"app\"", ghp);
}

static void free_base(struct base *b)
{
	for (int i = 0; i < 3; i++)
		mk_layer_free(&b->l[i]);
}

static void check_base_model(const struct img_model *m)
{
	assert_int_equal(m->nlayers, 3);
	assert_string_equal(m->os_id, "debian");
	assert_string_equal(m->os_version_id, "10");
	assert_string_equal(m->user, "app");
	/* whiteouts applied */
	assert_null(img_fs_lookup(&m->fs, "app/.env"));
	assert_null(img_fs_lookup(&m->fs, "app/conf/app.yml"));
	assert_null(img_fs_lookup(&m->fs, "app/conf/keep.txt"));
	assert_non_null(img_fs_lookup(&m->fs, "app/conf/new.yml"));
	const struct img_node *tool = img_fs_lookup(&m->fs, "usr/local/bin/tool");
	assert_non_null(tool);
	assert_int_equal(tool->mode, 06755);
	assert_int_equal(tool->layer, 1);
	/* the deleted .env is remembered as a hidden hit in layer 2 */
	bool env = false, conf = false;
	for (size_t i = 0; i < m->nhits; i++) {
		if (strcmp(m->hits[i].path, "/app/.env") == 0) {
			env = true;
			assert_true(m->hits[i].hidden);
			assert_int_equal(m->hits[i].layer, 1);
			assert_non_null(m->hits[i].file_kind);
		}
		if (strcmp(m->hits[i].path, "/app/conf/app.yml") == 0) {
			conf = true;
			assert_true(m->hits[i].hidden);
			assert_true(m->hits[i].nmatches > 0);
		}
	}
	assert_true(env);
	assert_true(conf);
}

static void check_base_rules(const struct img_model *m)
{
	struct run r;
	setenv("BULKHEAD_TODAY", "2026-11-23", 1);
	run_rules(&r, m);
	assert_int_equal(count(&r, "BH4001"), 0);   /* User app */
	assert_int_equal(count(&r, "BH4002"), 1);   /* not numeric */
	assert_int_equal(count(&r, "BH4003"), 1);
	assert_int_equal(count(&r, "BH4004"), 1);
	assert_int_equal(count(&r, "BH4005"), 1);   /* 9229; 5005 without Java */
	assert_int_equal(count(&r, "BH4006"), 1);
	assert_int_equal(count(&r, "BH4008"), 1);
	assert_int_equal(count(&r, "BH4009"), 1);
	assert_int_equal(count(&r, "BH4010"), 1);
	assert_int_equal(count(&r, "BH4011"), 1);   /* usr/local/bin/tool */
	assert_int_equal(count(&r, "BH4012"), 1);   /* bin/su */
	assert_int_equal(count(&r, "BH4013"), 1);   /* /srv/drop, not /tmp */
	assert_int_equal(count(&r, "BH4014"), 1);   /* Debian 10 */
	assert_int_equal(count(&r, "BH4016"), 1);   /* .env hidden */
	assert_int_equal(count(&r, "BH4017"), 1);   /* token in app.yml */
	assert_int_equal(count(&r, "BH4019"), 1);   /* nobody:: */
	assert_int_equal(count(&r, "BH4020"), 1);   /* toor uid 0 */
	/* layer attribution, and no secret leaks into any text */
	const struct bh_finding *f = first(&r, "BH4011");
	assert_string_equal(f->layer_digest, m->layers[1].digest);
	assert_non_null(strstr(f->created_by, "GH_TOKEN="));
	for (size_t i = 0; i < r.f.n; i++) {
		assert_null(strstr(r.f.v[i].message, ghp + 8));
		if (r.f.v[i].created_by)
			assert_null(strstr(r.f.v[i].created_by, ghp + 8));
	}
	run_free(&r);
}

static void docker_archive_legacy(void **state)
{
	(void)state;
	struct base b;
	make_base(&b, MK_NONE, MK_NONE);
	struct mk_image img = { b.l, 3, b.env_secret, NULL, NULL };
	const char *p = tpath("legacy.tar");
	assert_true(mk_docker_archive(p, &img, "test/app:1", false));
	struct img_model m;
	char msg[512];
	assert_int_equal(load(&m, p, NULL, msg, sizeof(msg)), 0);
	assert_string_equal(m.format, "docker-archive");
	assert_string_equal(m.ref, "test/app:1");
	check_base_model(&m);
	/* docker-archive layers are named by diff_id */
	assert_string_equal(m.layers[0].digest, b.l[0].tar.digest);
	check_base_rules(&m);
	img_model_free(&m);
	free_base(&b);
}

static void docker_archive_25(void **state)
{
	(void)state;
	struct base b;
	/* the descriptors say plain tar; the blobs are gzip and zstd: the
	 * format is sniffed, never taken from the media type */
	make_base(&b, MK_GZIP, MK_ZSTD);
	struct mk_image img = { b.l, 3, b.env_secret, NULL, NULL };
	const char *p = tpath("d25.tar");
	assert_true(mk_docker_archive(p, &img, "docker.io/test/app:2", true));
	struct img_model m;
	char msg[512];
	assert_int_equal(load(&m, p, NULL, msg, sizeof(msg)), 0);
	check_base_model(&m);
	assert_non_null(m.manifest_digest);
	img_model_free(&m);
	free_base(&b);
}

static void oci_gzip_zstd_tar_and_dir(void **state)
{
	(void)state;
	struct base b;
	make_base(&b, MK_GZIP, MK_ZSTD);
	struct mk_image img = { b.l, 3, b.env_secret, NULL, NULL };
	const char *p = tpath("oci.tar");
	const char *d = tpath("ocidir");
	assert_true(mk_oci(p, &img, 1, false, false));
	assert_true(mk_oci(d, &img, 1, false, true));
	struct img_model m;
	char msg[512];
	assert_int_equal(load(&m, p, NULL, msg, sizeof(msg)), 0);
	assert_string_equal(m.format, "oci-archive");
	check_base_model(&m);
	assert_string_equal(m.layers[0].compression, "gzip");
	assert_string_equal(m.layers[1].compression, "zstd");
	assert_string_equal(m.layers[2].compression, "none");
	assert_string_equal(m.layers[0].digest, b.l[0].blob.digest);
	assert_string_equal(m.layers[0].diff_id, b.l[0].tar.digest);
	check_base_rules(&m);
	img_model_free(&m);
	assert_int_equal(load(&m, d, NULL, msg, sizeof(msg)), 0);
	assert_string_equal(m.format, "oci-layout");
	check_base_model(&m);
	img_model_free(&m);
	free_base(&b);
}

static void stdin_stream(void **state)
{
	(void)state;
	struct base b;
	make_base(&b, MK_GZIP, MK_NONE);
	struct mk_image img = { b.l, 3, b.env_secret, NULL, NULL };
	const char *p = tpath("stream.tar");
	assert_true(mk_docker_archive(p, &img, "test/app:1", false));
	/* a FIFO is not seekable: the one-pass reader must cope */
	const char *fifo = tpath("fifo");
	assert_int_equal(mkfifo(fifo, 0600), 0);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		char cmd[1200];
		snprintf(cmd, sizeof(cmd), "cat '%s' > '%s'", p, fifo);
		_exit(system(cmd) == 0 ? 0 : 1);
	}
	struct img_model m;
	char msg[512];
	int rc = load(&m, fifo, NULL, msg, sizeof(msg));
	assert_int_equal(rc, 0);
	assert_string_equal(m.format, "docker-archive");
	check_base_model(&m);
	img_model_free(&m);
	free_base(&b);
}

static void multi_platform(void **state)
{
	(void)state;
	struct mk_ent a[] = { { .path = "arch", .data = "amd64" } };
	struct mk_ent r[] = { { .path = "arch", .data = "arm64" } };
	struct mk_layer la, lr;
	assert_true(mk_layer(&la, a, 1, MK_GZIP, "amd64 layer"));
	assert_true(mk_layer(&lr, r, 1, MK_ZSTD, "arm64 layer"));
	struct mk_image imgs[2] = {
		{ &lr, 1, "\"User\":\"1000\"", "arm64", NULL },
		{ &la, 1, "\"User\":\"0\"", "amd64", NULL },
	};
	const char *p = tpath("multi.tar");
	assert_true(mk_oci(p, imgs, 2, true, false));
	struct img_model m;
	char msg[512];
	/* default: linux/amd64 even though arm64 comes first */
	assert_int_equal(load(&m, p, NULL, msg, sizeof(msg)), 0);
	assert_string_equal(m.arch, "amd64");
	assert_non_null(img_fs_lookup(&m.fs, "arch"));
	img_model_free(&m);
	struct img_options o;
	img_options_default(&o);
	o.platform = "linux/arm64";
	assert_int_equal(load(&m, p, &o, msg, sizeof(msg)), 0);
	assert_string_equal(m.arch, "arm64");
	assert_string_equal(m.user, "1000");
	img_model_free(&m);
	o.platform = "linux/arm64/v8";
	assert_int_equal(load(&m, p, &o, msg, sizeof(msg)), 0);
	img_model_free(&m);
	o.platform = "linux/s390x";
	assert_int_equal(load(&m, p, &o, msg, sizeof(msg)), BH_EUSAGE);
	assert_non_null(strstr(msg, "linux/arm64/v8"));
	img_model_free(&m);
	/* tag selection: PATH:TAG */
	char pt[600];
	snprintf(pt, sizeof(pt), "%s:nosuchtag", p);
	assert_int_equal(load(&m, pt, NULL, msg, sizeof(msg)), BH_EUSAGE);
	img_model_free(&m);
	mk_layer_free(&la);
	mk_layer_free(&lr);
}

/* Load "path" through a FIFO (the one-pass, changeset reader). */
static int load_fifo(struct img_model *m, const char *path, const char *fifo)
{
	unlink(fifo);
	assert_int_equal(mkfifo(fifo, 0600), 0);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		char cmd[1200];
		snprintf(cmd, sizeof(cmd), "cat '%s' > '%s'", path, fifo);
		_exit(system(cmd) == 0 ? 0 : 1);
	}
	char msg[512];
	int rc = load(m, fifo, NULL, msg, sizeof(msg));
	int st;
	waitpid(pid, &st, 0);
	return rc;
}

static void check_order_model(const struct img_model *m)
{
	assert_non_null(img_fs_lookup(&m->fs, "a/x"));      /* same layer */
	assert_null(img_fs_lookup(&m->fs, "a/y"));          /* lower: gone */
	assert_null(img_fs_lookup(&m->fs, "a/z/w"));
	assert_non_null(img_fs_lookup(&m->fs, "b/new"));
	assert_null(img_fs_lookup(&m->fs, "b/old"));
	assert_non_null(img_fs_lookup(&m->fs, "c/keep"));   /* untouched */
	assert_null(img_fs_lookup(&m->fs, "c/gone"));
	assert_non_null(img_fs_lookup(&m->fs, "c/back"));   /* re-added later */
}

/* Whiteouts hide lower layers only, wherever they sit in the layer's tar
 * (layer.md); the streaming (direct) and changeset paths agree. */
static void whiteout_order(void **state)
{
	(void)state;
	struct mk_ent l1[] = {
		{ .path = "a/y", .data = "1" }, { .path = "a/z/w", .data = "1" },
		{ .path = "b/old", .data = "1" }, { .path = "c/keep", .data = "1" },
		{ .path = "c/gone", .data = "1" }, { .path = "c/back", .data = "1" },
	};
	struct mk_ent l2[] = {
		{ .path = "a/x", .data = "2" },            /* before its whiteout */
		{ .path = ".wh.a", .data = "" },
		{ .path = "b/new", .data = "2" },
		{ .path = "b/.wh..wh..opq", .data = "" },  /* after its sibling */
		{ .path = "c/.wh.gone", .data = "" },
		{ .path = "c/.wh.back", .data = "" },
		{ .path = "c/.wh..wh.plnk", .data = "" },  /* AUFS: ignored */
	};
	struct mk_ent l3[] = { { .path = "c/back", .data = "3" } };
	struct mk_layer L[3];
	assert_true(mk_layer(&L[0], l1, 6, MK_GZIP, "1"));
	assert_true(mk_layer(&L[1], l2, 7, MK_ZSTD, "2"));
	assert_true(mk_layer(&L[2], l3, 1, MK_NONE, "3"));
	struct mk_image img = { L, 3, NULL, NULL, NULL };
	const char *dir = tpath("order-dir"), *tar = tpath("order.tar");
	assert_true(mk_oci(dir, &img, 1, false, true));
	assert_true(mk_oci(tar, &img, 1, false, false));
	struct img_model m;
	char msg[512];
	assert_int_equal(load(&m, dir, NULL, msg, sizeof(msg)), 0);
	check_order_model(&m);
	img_model_free(&m);
	assert_int_equal(load(&m, tar, NULL, msg, sizeof(msg)), 0);
	check_order_model(&m);
	img_model_free(&m);
	assert_int_equal(load_fifo(&m, tar, tpath("order-fifo")), 0);
	check_order_model(&m);
	img_model_free(&m);
	for (int i = 0; i < 3; i++)
		mk_layer_free(&L[i]);
}


/* ---- package listing without layer digests (bulkhead sbom/vuln) ------- */

/* The same view, node for node: path, type, mode, size, layer, link,
 * captured data. */
static void same_view(const struct img_fs *a, const struct img_node *x,
		      const struct img_fs *b, char *path, size_t len,
		      size_t *count)
{
	for (const struct img_node *c = x->child; c; c = c->next) {
		size_t n = (size_t)snprintf(path + len, 4096 - len, "%s%s",
					    len ? "/" : "", c->name);
		const struct img_node *o = img_fs_lookup(b, path);
		if (!o)
			print_message("missing: %s\n", path);
		assert_non_null(o);
		assert_int_equal(o->type, c->type);
		assert_int_equal(o->mode, c->mode);
		assert_int_equal(o->size, c->size);
		assert_int_equal(o->layer, c->layer);
		assert_int_equal(o->implicit, c->implicit);
		assert_true((!o->link && !c->link) ||
			    (o->link && c->link && !strcmp(o->link, c->link)));
		assert_int_equal(o->data_len, c->data_len);
		if (c->data)
			assert_memory_equal(o->data, c->data, c->data_len);
		(*count)++;
		same_view(a, c, b, path, len + n, count);
		path[len] = 0;
	}
}

static void load_both(const char *p, bool hits)
{
	struct img_model m1, m2;
	struct img_options o;
	img_options_default(&o);
	char msg[512];
	assert_int_equal(load(&m1, p, NULL, msg, sizeof(msg)), 0);
	o.skip_layer_digests = true;
	o.no_secrets = !hits;
	assert_int_equal(load(&m2, p, &o, msg, sizeof(msg)), 0);
	char path[4096] = "";
	size_t n1 = 0, n2 = 0;
	same_view(&m1.fs, m1.fs.root, &m2.fs, path, 0, &n1);
	same_view(&m2.fs, m2.fs.root, &m1.fs, path, 0, &n2);
	assert_int_equal(n1, n2);
	assert_true(n1 > 5);
	assert_int_equal(m1.bytes_unpacked, m2.bytes_unpacked);
	assert_int_equal(m1.bytes_read, m2.bytes_read);
	for (size_t i = 0; i < m1.nlayers; i++) {
		assert_int_equal(m1.layers[i].usize, m2.layers[i].usize);
		assert_int_equal(m1.layers[i].size, m2.layers[i].size);
		assert_string_equal(m1.layers[i].compression, m2.layers[i].compression);
	}
	if (hits) {
		check_base_model(&m2);
		assert_int_equal(m1.nhits, m2.nhits);
	} else {
		assert_int_equal(m2.nhits, 0);   /* no secret scanning */
	}
	img_model_free(&m1);
	img_model_free(&m2);
}

static void skip_layer_digests(void **state)
{
	(void)state;
	/* every reader: plain layers in a docker-archive (read straight
	 * from the file, skipping), gzip and zstd ones (decompressed, not
	 * hashed), an OCI directory (plain blob: skipped by lseek), an OCI
	 * tar (the pipe reader with skipping: fuzz/fuzz_image.c) */
	struct base b;
	make_base(&b, MK_NONE, MK_NONE);
	struct mk_image img = { b.l, 3, b.env_secret, NULL, NULL };
	const char *p = tpath("skip-legacy.tar");
	assert_true(mk_docker_archive(p, &img, "test/app:1", false));
	load_both(p, true);
	load_both(p, false);
	free_base(&b);
	make_base(&b, MK_GZIP, MK_ZSTD);
	struct mk_image img2 = { b.l, 3, b.env_secret, NULL, NULL };
	p = tpath("skip-oci.tar");
	assert_true(mk_oci(p, &img2, 1, false, false));
	load_both(p, true);
	p = tpath("skip-ocidir");
	assert_true(mk_oci(p, &img2, 1, false, true));
	load_both(p, true);
	p = tpath("skip-d25.tar");
	assert_true(mk_docker_archive(p, &img2, "t:2", true));
	load_both(p, false);
	free_base(&b);

	/* a large file no check reads, between two that are: skipped, and
	 * still counted against the byte limit */
	size_t big = (size_t)8 << 20;
	char *blob = malloc(big + 1);
	assert_non_null(blob);
	for (size_t i = 0; i < big; i++)
		blob[i] = (char)('a' + i % 23);
	blob[big] = 0;
	struct mk_ent e[] = {
		{ .path = "etc/passwd", .data = "root:x:0:0::/:/bin/sh\n" },
		{ .path = "opt/big.bin", .data = blob },
		{ .path = "usr/lib/os-release", .data = "ID=alpine\nVERSION_ID=3.19.1\n" },
	};
	struct mk_layer l;
	assert_true(mk_layer(&l, e, 3, MK_NONE, "x"));
	free(blob);
	struct mk_image bi = { &l, 1, NULL, NULL, NULL };
	const char *dirs[] = { tpath("skip-big.tar"), tpath("skip-bigdir") };
	assert_true(mk_docker_archive(dirs[0], &bi, "t:1", false));
	assert_true(mk_oci(dirs[1], &bi, 1, false, true));
	for (int k = 0; k < 2; k++) {
		load_both(dirs[k], false);
		struct img_model m;
		struct img_options o;
		char msg[512];
		img_options_default(&o);
		o.skip_layer_digests = o.no_secrets = true;
		assert_int_equal(load(&m, dirs[k], &o, msg, sizeof(msg)), 0);
		assert_string_equal(m.os_id, "alpine");
		assert_int_equal(m.layers[0].usize, l.tar.len);
		img_model_free(&m);
		o.limits.max_bytes = 4 << 20;
		assert_int_equal(load(&m, dirs[k], &o, msg, sizeof(msg)), BH_ELIMIT);
		assert_non_null(strstr(msg, "unpacks to more than"));
		img_model_free(&m);
	}
	mk_layer_free(&l);
}

/* ---- verification ------------------------------------------------------ */

static void digest_mismatch(void **state)
{
	(void)state;
	struct mk_ent e[] = { { .path = "f", .data = "one" } };
	struct mk_ent e2[] = { { .path = "f", .data = "two" } };
	struct mk_layer l, l2;
	assert_true(mk_layer(&l, e, 1, MK_GZIP, "x"));
	assert_true(mk_layer(&l2, e2, 1, MK_GZIP, "x"));
	/* swap the bytes of the blob for another layer's, keep the name */
	struct mk_image img = { &l, 1, NULL, NULL, NULL };
	const char *d = tpath("mismatch");
	assert_true(mk_oci(d, &img, 1, false, true));
	char path[600];
	snprintf(path, sizeof(path), "%s/blobs/sha256/%s", d, l.blob.digest + 7);
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	fwrite(l2.blob.data, 1, l2.blob.len, f);
	fclose(f);
	struct img_model m;
	char msg[512];
	assert_int_equal(load(&m, d, NULL, msg, sizeof(msg)), BH_EPARSE);
	assert_non_null(strstr(msg, l.blob.digest));
	assert_non_null(strstr(msg, "fails verification"));
	img_model_free(&m);
	/* not hashed for a package listing: read as it is, attributed to
	 * the layer the manifest names */
	struct img_options so;
	img_options_default(&so);
	so.skip_layer_digests = true;
	assert_int_equal(load(&m, d, &so, msg, sizeof(msg)), 0);
	const struct img_node *fn = img_fs_lookup(&m.fs, "f");
	assert_non_null(fn);
	assert_int_equal(fn->size, 3);
	assert_int_equal(fn->layer, 0);
	assert_string_equal(m.layers[0].digest, l.blob.digest);
	img_model_free(&m);
	/* a docker-archive whose layer does not match its diff_id */
	struct mk_image img2 = { &l2, 1, NULL, NULL, NULL };
	char *cfg = mk_config(&img);   /* diff_id of "one" */
	struct mk_blob blobs[3];
	mk_blob_set(&blobs[0], l2.tar.data, l2.tar.len);
	mk_blob_set(&blobs[1], cfg, strlen(cfg));
	char man[512];
	snprintf(man, sizeof(man),
		 "[{\"Config\":\"%s.json\",\"RepoTags\":null,\"Layers\":[\"layer.tar\"]}]",
		 blobs[1].digest + 7);
	mk_blob_set(&blobs[2], man, strlen(man));
	char cname[200];
	snprintf(cname, sizeof(cname), "%s.json", blobs[1].digest + 7);
	const char *names[] = { "layer.tar", cname, "manifest.json" };
	const char *p = tpath("diffid.tar");
	assert_true(mk_outer_tar(p, names, blobs, 3));
	assert_int_equal(load(&m, p, NULL, msg, sizeof(msg)), BH_EPARSE);
	assert_non_null(strstr(msg, "diff_id"));
	img_model_free(&m);
	assert_int_equal(load(&m, p, &so, msg, sizeof(msg)), 0);
	assert_non_null(img_fs_lookup(&m.fs, "f"));
	img_model_free(&m);
	(void)img2;
	for (int i = 0; i < 3; i++)
		free(blobs[i].data);
	free(cfg);
	mk_layer_free(&l);
	mk_layer_free(&l2);
}

/* Cache files deleted by a later layer are still reported, against the
 * layer that added them. */
static void cache_files_in_lower_layer(void **state)
{
	(void)state;
	struct mk_ent l1[] = {
		{ .path = "var/lib/apt/lists/x_InRelease", .data = "x" },
		{ .path = "var/lib/apt/lists/lock", .data = "" },
		{ .path = "var/cache/apk/APKINDEX.tar.gz", .data = "x" },
	};
	struct mk_ent l2[] = { { .path = "var/lib/apt/.wh.lists", .data = "" },
			       { .path = "var/cache/.wh.apk", .data = "" } };
	struct mk_layer L[2];
	assert_true(mk_layer(&L[0], l1, 3, MK_GZIP, "RUN apt-get update"));
	assert_true(mk_layer(&L[1], l2, 2, MK_GZIP, "RUN rm -rf /var/lib/apt/lists"));
	struct mk_image img = { L, 2, "\"User\":\"1:1\"", NULL, NULL };
	const char *d = tpath("cache");
	assert_true(mk_oci(d, &img, 1, false, true));
	struct img_model m;
	char msg[512];
	assert_int_equal(load(&m, d, NULL, msg, sizeof(msg)), 0);
	assert_int_equal(m.layers[0].cache_files, 2);
	assert_int_equal(m.layers[1].cache_files, 0);
	struct run r;
	run_rules(&r, &m);
	assert_int_equal(count(&r, "BH4010"), 1);
	const struct bh_finding *f = first(&r, "BH4010");
	assert_non_null(strstr(f->message, "stay in this layer's blob"));
	assert_string_equal(f->layer_digest, L[0].blob.digest);
	assert_string_equal(f->created_by, "RUN apt-get update");
	run_free(&r);
	img_model_free(&m);
	mk_layer_free(&L[0]);
	mk_layer_free(&L[1]);
}

/* Port 5005 is the Java debugger only in an image that shows Java. */
static void jdwp_port_needs_java(void **state)
{
	(void)state;
	struct mk_ent l1[] = { { .path = "app/app.jar", .data = "PK" } };
	struct mk_layer L;
	assert_true(mk_layer(&L, l1, 1, MK_GZIP, "COPY app.jar /app/"));
	struct mk_image img = { &L, 1,
				"\"Env\":[\"JAVA_HOME=/opt/java\"],"
				"\"ExposedPorts\":{\"5005/tcp\":{}},"
				"\"User\":\"1:1\"", NULL, NULL };
	const char *d = tpath("jdwp");
	assert_true(mk_oci(d, &img, 1, false, true));
	struct img_model m;
	char msg[512];
	assert_int_equal(load(&m, d, NULL, msg, sizeof(msg)), 0);
	struct run r;
	run_rules(&r, &m);
	assert_int_equal(count(&r, "BH4005"), 1);
	assert_non_null(strstr(first(&r, "BH4005")->message, "JDWP"));
	run_free(&r);
	img_model_free(&m);
	mk_layer_free(&L);
}

/* Key files shipped inside packages and vendored trees are not the image
 * owner's secrets; the same file in the application is. */
static void vendored_keys_quiet(void **state)
{
	(void)state;
	char key[160];
	snprintf(key, sizeof(key), "-----%s PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIKa7\n-----END PRIVATE KEY-----\n", "BEGIN");
	struct mk_ent e[] = {
		{ .path = "usr/lib/python3/dist-packages/x/tests/key.pem", .data = key },
		{ .path = "app/node_modules/y/test/server.key", .data = key },
		{ .path = "usr/share/doc/z/example.key", .data = key },
		{ .path = "app/certs/server.key", .data = key },
	};
	const char *d = NULL;
	struct mk_layer l;
	assert_true(mk_layer(&l, e, 4, MK_GZIP, "COPY . /"));
	struct mk_image img = { &l, 1, NULL, NULL, NULL };
	d = tpath("vendored");
	assert_true(mk_oci(d, &img, 1, false, true));
	struct img_model m;
	char msg[512];
	assert_int_equal(load(&m, d, NULL, msg, sizeof(msg)), 0);
	assert_int_equal(m.nhits, 1);
	assert_string_equal(m.hits[0].path, "/app/certs/server.key");
	assert_false(m.hits[0].hidden);
	struct run r;
	run_rules(&r, &m);
	assert_int_equal(count(&r, "BH4015"), 1);
	run_free(&r);
	img_model_free(&m);
	mk_layer_free(&l);
}

/* A layer's config file is judged with the assignment rules
 * (sec_scan_file): a weak password under a secret-named key is a hit; the
 * same line in free text (a note) is not (issue 10). */
static void config_file_in_layer(void **state)
{
	(void)state;
	struct mk_ent e[] = {
		{ .path = "etc/app/app.ini", .data = "[db]\npassword = secret123\n" },
		{ .path = "etc/app/settings.xml",
		  .data = "<s><password>P@ssw0rd</password></s>\n" },
		{ .path = "usr/share/doc/app/notes.txt",
		  .data = "password = secret123\n" },
	};
	struct mk_layer l;
	assert_true(mk_layer(&l, e, 3, MK_GZIP, "COPY etc /etc"));
	struct mk_image img = { &l, 1, NULL, NULL, NULL };
	const char *d = tpath("configfile");
	assert_true(mk_oci(d, &img, 1, false, true));
	struct img_model m;
	char msg[512];
	assert_int_equal(load(&m, d, NULL, msg, sizeof(msg)), 0);
	assert_int_equal(m.nhits, 2);
	assert_string_equal(m.hits[0].path, "/etc/app/app.ini");
	assert_true(m.hits[0].nmatches == 1);
	assert_string_equal(m.hits[1].path, "/etc/app/settings.xml");
	assert_true(m.hits[1].nmatches == 1);
	img_model_free(&m);
	mk_layer_free(&l);
}

/* ---- hostile images ---------------------------------------------------- */

/* A one-layer OCI directory image from entries; returns its path. */
static const char *one_layer(const char *name, const struct mk_ent *e,
			     size_t n, enum mk_comp c)
{
	struct mk_layer l;
	assert_true(mk_layer(&l, e, n, c, "hostile"));
	struct mk_image img = { &l, 1, NULL, NULL, NULL };
	const char *d = tpath(name);
	assert_true(mk_oci(d, &img, 1, false, true));
	mk_layer_free(&l);
	return d;
}

static void hostile_names_links_devices(void **state)
{
	(void)state;
	struct mk_ent e[] = {
		{ .path = "../../../etc/evil", .data = "x" },
		{ .path = "/abs/file", .data = "y" },
		{ .path = "./a/../../b", .data = "z" },
		{ .path = "loop1", .type = MK_SYM, .link = "loop2" },
		{ .path = "loop2", .type = MK_SYM, .link = "/loop1" },
		{ .path = "up", .type = MK_SYM, .link = "../../../../etc" },
		{ .path = "dangling", .type = MK_HARD, .link = "no/such/file" },
		{ .path = "dev/null", .type = MK_CHR, .mode = 0666 },
		{ .path = "dev/fifo", .type = MK_FIFO },
	};
	const char *d = one_layer("names", e, sizeof(e) / sizeof(e[0]), MK_GZIP);
	struct img_model m;
	char msg[512];
	assert_int_equal(load(&m, d, NULL, msg, sizeof(msg)), 0);
	assert_non_null(img_fs_lookup(&m.fs, "etc/evil"));
	assert_non_null(img_fs_lookup(&m.fs, "abs/file"));
	assert_non_null(img_fs_lookup(&m.fs, "b"));
	assert_null(img_fs_resolve(&m.fs, "loop1"));
	/* "up" points above the root: it resolves inside the root */
	const struct img_node *up = img_fs_resolve(&m.fs, "up/evil");
	assert_non_null(up);
	assert_string_equal(up->name, "evil");
	assert_int_equal(img_fs_lookup(&m.fs, "dangling")->type, IMG_HARDLINK);
	assert_int_equal(img_fs_lookup(&m.fs, "dev/null")->type, IMG_CHR);
	struct run r;
	run_rules(&r, &m);
	assert_int_equal(count(&r, "BH4013"), 0); /* devices are not files */
	run_free(&r);
	img_model_free(&m);
}

static void hostile_bad_whiteout_and_garbage(void **state)
{
	(void)state;
	struct mk_ent e[] = { { .path = "dir/.wh.", .data = "" } };
	const char *d = one_layer("badwh", e, 1, MK_NONE);
	struct img_model m;
	char msg[512];
	assert_int_equal(load(&m, d, NULL, msg, sizeof(msg)), BH_EPARSE);
	assert_non_null(strstr(msg, "whiteout"));
	img_model_free(&m);
	/* a layer that is no tar at all, with a correct digest */
	struct mk_blob blobs[4];
	const char *garbage = "this is not a tar archive, just text that is long enough to not be empty";
	mk_blob_set(&blobs[0], garbage, strlen(garbage));
	char cfg[512], man[512];
	snprintf(cfg, sizeof(cfg),
		 "{\"os\":\"linux\",\"architecture\":\"amd64\",\"rootfs\":{\"diff_ids\":[\"%s\"]}}",
		 blobs[0].digest);
	mk_blob_set(&blobs[1], cfg, strlen(cfg));
	snprintf(man, sizeof(man),
		 "[{\"Config\":\"c.json\",\"Layers\":[\"l.tar\"]}]");
	mk_blob_set(&blobs[2], man, strlen(man));
	const char *names[] = { "l.tar", "c.json", "manifest.json" };
	const char *p = tpath("garbage.tar");
	assert_true(mk_outer_tar(p, names, blobs, 3));
	assert_int_equal(load(&m, p, NULL, msg, sizeof(msg)), BH_EPARSE);
	img_model_free(&m);
	/* truncated gzip layer */
	struct mk_ent big[] = { { .path = "f", .data = "0123456789abcdef0123456789abcdef" } };
	struct mk_layer l;
	assert_true(mk_layer(&l, big, 1, MK_GZIP, "x"));
	mk_blob_set(&blobs[3], l.blob.data, l.blob.len / 2);
	snprintf(cfg, sizeof(cfg),
		 "{\"os\":\"linux\",\"architecture\":\"amd64\",\"rootfs\":{\"diff_ids\":[\"%s\"]}}",
		 l.tar.digest);
	free(blobs[1].data);
	mk_blob_set(&blobs[1], cfg, strlen(cfg));
	struct mk_blob b2[3] = { blobs[3], blobs[1], blobs[2] };
	assert_true(mk_outer_tar(p, names, b2, 3));
	assert_int_not_equal(load(&m, p, NULL, msg, sizeof(msg)), 0);
	img_model_free(&m);
	/* a damaged header (checksum) in the middle of a layer */
	struct mk_ent two[] = { { .path = "a", .data = "1" }, { .path = "b", .data = "2" } };
	struct mk_layer l2;
	assert_true(mk_layer(&l2, two, 2, MK_NONE, "x"));
	char *bad = malloc(l2.tar.len);
	memcpy(bad, l2.tar.data, l2.tar.len);
	/* find the second ustar header and break its checksum field */
	for (size_t off = 512; off + 512 <= l2.tar.len; off += 512)
		if (memcmp(bad + off + 257, "ustar", 5) == 0 && bad[off] == 'b') {
			memcpy(bad + off + 148, "7777777", 7);
			break;
		}
	struct mk_layer hacked = { .comp = MK_NONE, .created_by = "x" };
	mk_blob_set(&hacked.tar, bad, l2.tar.len);
	mk_blob_set(&hacked.blob, bad, l2.tar.len);
	free(bad);
	struct mk_image himg = { &hacked, 1, NULL, NULL, NULL };
	const char *hd = tpath("badhdr");
	assert_true(mk_oci(hd, &himg, 1, false, true));
	assert_int_equal(load(&m, hd, NULL, msg, sizeof(msg)), BH_EPARSE);
	img_model_free(&m);
	mk_layer_free(&l2);
	mk_layer_free(&hacked);
	/* not an image at all */
	assert_int_equal(load(&m, "/nonexistent/x.tar", NULL, msg, sizeof(msg)), BH_EIO);
	img_model_free(&m);
	for (int i = 0; i < 4; i++)
		free(blobs[i].data);
	mk_layer_free(&l);
}

static void hostile_entry_flood(void **state)
{
	(void)state;
	size_t n = 3000;
	struct mk_ent *e = calloc(n, sizeof(*e));
	char (*names)[32] = calloc(n, 32);
	for (size_t i = 0; i < n; i++) {
		snprintf(names[i], 32, "d%zu/f%zu", i % 7, i);
		e[i].path = names[i];
		e[i].data = "";
	}
	const char *d = one_layer("flood", e, n, MK_GZIP);
	struct img_options o;
	img_options_default(&o);
	o.limits.max_entries = 1000;
	struct img_model m;
	char msg[512];
	assert_int_equal(load(&m, d, &o, msg, sizeof(msg)), BH_ELIMIT);
	assert_non_null(strstr(msg, "more than 1000 files"));
	img_model_free(&m);
	o.limits.max_entries = 5000;
	assert_int_equal(load(&m, d, &o, msg, sizeof(msg)), 0);
	assert_int_equal(m.entries, n);
	img_model_free(&m);
	/* the byte cap on file metadata, whatever the count */
	o.limits.max_arena = 256 * 1024;
	assert_int_equal(load(&m, d, &o, msg, sizeof(msg)), BH_ELIMIT);
	print_message("cap: %s\n", msg);
	assert_non_null(strstr(msg, "memory cap") ? msg : strstr(msg, "metadata over"));
	img_model_free(&m);
	free(e);
	free(names);
}

static void hostile_bomb_and_sparse(void **state)
{
	(void)state;
	/* 8 MiB of zeros gzip to a few KiB: over a 100:1 ratio past 1 MiB */
	size_t big = (size_t)8 << 20;
	char *zeros = calloc(1, big + 1);
	memset(zeros, 'A', big);
	struct mk_ent e[] = { { .path = "bomb", .data = zeros } };
	const char *d = one_layer("bomb", e, 1, MK_GZIP);
	free(zeros);
	struct img_options o;
	img_options_default(&o);
	o.limits.max_ratio = 100;
	o.limits.ratio_floor = 1 << 20;
	struct img_model m;
	char msg[512];
	assert_int_equal(load(&m, d, &o, msg, sizeof(msg)), BH_ELIMIT);
	assert_non_null(strstr(msg, "ratio"));
	img_model_free(&m);
	/* total unpacked bytes cap */
	img_options_default(&o);
	o.limits.max_bytes = 1 << 20;
	assert_int_equal(load(&m, d, &o, msg, sizeof(msg)), BH_ELIMIT);
	img_model_free(&m);
	/* default limits: a legitimate 8 MiB file is fine */
	assert_int_equal(load(&m, d, NULL, msg, sizeof(msg)), 0);
	img_model_free(&m);
	/* the same as a gzip'd docker-archive: the outer archive is bounded
	 * before anything is skipped through */
	{
		zeros = calloc(1, big + 1);
		memset(zeros, 'A', big);
		struct mk_ent z[] = { { .path = "bomb", .data = zeros } };
		struct mk_layer zl;
		assert_true(mk_layer(&zl, z, 1, MK_NONE, "x"));
		free(zeros);
		struct mk_image zi = { &zl, 1, NULL, NULL, NULL };
		const char *plain = tpath("outer.tar"), *gz = tpath("outer.tar.gz");
		assert_true(mk_docker_archive(plain, &zi, "t:1", false));
		assert_true(mk_compress_file(plain, gz, MK_GZIP));
		img_options_default(&o);
		o.limits.max_bytes = 4 << 20;
		assert_int_equal(load(&m, gz, &o, msg, sizeof(msg)), BH_ELIMIT);
		assert_non_null(strstr(msg, "image archive unpacks"));
		img_model_free(&m);
		img_options_default(&o);
		o.limits.max_ratio = 50;
		o.limits.ratio_floor = 1 << 20;
		assert_int_equal(load(&m, gz, &o, msg, sizeof(msg)), BH_ELIMIT);
		img_model_free(&m);
		assert_int_equal(load(&m, gz, NULL, msg, sizeof(msg)), 0);
		img_model_free(&m);
		mk_layer_free(&zl);
	}
	/* a 10 GB sparse file: declared size, a few bytes of data; read in
	 * bounded time, never materialised */
	struct mk_ent s[] = {
		{ .path = "app/huge.txt", .data = "password = hunter2", .size = (int64_t)10 << 30 },
		{ .path = "app/after", .data = "ok" },
	};
	d = one_layer("sparse", s, 2, MK_GZIP);
	assert_int_equal(load(&m, d, NULL, msg, sizeof(msg)), 0);
	const struct img_node *h = img_fs_lookup(&m.fs, "app/huge.txt");
	assert_non_null(h);
	assert_true(h->size == ((uint64_t)10 << 30));
	assert_non_null(img_fs_lookup(&m.fs, "app/after"));
	assert_true(m.bytes_unpacked < (1u << 20));
	img_model_free(&m);
}

/* Peak RSS of a fresh process loading "path" (this binary re-executed
 * with --load), in KiB; -1 when it failed. */
static long child_peak_kb(const char *path)
{
	pid_t pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		execl("/proc/self/exe", "test_image", "--load", path, (char *)NULL);
		_exit(127);
	}
	int status = 0;
	struct rusage ru;
	if (wait4(pid, &status, 0, &ru) != pid || !WIFEXITED(status) ||
	    WEXITSTATUS(status) != 0)
		return -1;
	return ru.ru_maxrss;
}

static void memory_bound(void **state)
{
	(void)state;
#if defined(__SANITIZE_ADDRESS__)
	skip();
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
	skip();
#endif
#endif
	/* 200k files in one layer: the whole load stays under 64 MiB */
	size_t n = 200000;
	struct mk_ent *e = calloc(n, sizeof(*e));
	char (*names)[48] = calloc(n, 48);
	for (size_t i = 0; i < n; i++) {
		snprintf(names[i], 48, "usr/share/pkg%zu/file-%zu.txt", i % 500, i);
		e[i].path = names[i];
		e[i].data = "x";
	}
	const char *d = one_layer("many", e, n, MK_GZIP);
	free(e);
	free(names);
	long kb = child_peak_kb(d);
	print_message("200k-file image: peak RSS %ld KiB\n", kb);
	assert_true(kb > 0);
	assert_true(kb < 64 * 1024);
}

/* --load PATH: load one image and exit 0 (for child_peak_kb). */
static int load_only(const char *path)
{
	struct img_model m;
	struct diag d;
	diag_init(&d, path);
	int rc = img_load(&m, path, NULL, &d);
	img_model_free(&m);
	return rc == 0 ? 0 : 1;
}

int main(int argc, char **argv)
{
	if (argc == 3 && strcmp(argv[1], "--load") == 0)
		return load_only(argv[2]);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(normalize_paths),
		cmocka_unit_test(eol_table),
		cmocka_unit_test(fs_tree_ops),
		cmocka_unit_test(docker_archive_legacy),
		cmocka_unit_test(docker_archive_25),
		cmocka_unit_test(oci_gzip_zstd_tar_and_dir),
		cmocka_unit_test(stdin_stream),
		cmocka_unit_test(multi_platform),
		cmocka_unit_test(whiteout_order),
		cmocka_unit_test(cache_files_in_lower_layer),
		cmocka_unit_test(vendored_keys_quiet),
		cmocka_unit_test(config_file_in_layer),
		cmocka_unit_test(digest_mismatch),
		cmocka_unit_test(skip_layer_digests),
		cmocka_unit_test(hostile_names_links_devices),
		cmocka_unit_test(hostile_bad_whiteout_and_garbage),
		cmocka_unit_test(hostile_entry_flood),
		cmocka_unit_test(hostile_bomb_and_sparse),
		cmocka_unit_test(memory_bound),
		cmocka_unit_test(jdwp_port_needs_java),
	};
	return cmocka_run_group_tests(tests, setup_dir, teardown_dir);
}
