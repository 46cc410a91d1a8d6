/* SPDX-License-Identifier: Apache-2.0
 *
 * test_imgref.c - img_ref_parse(): Docker's reference normalisation
 * (registry detection, docker.io and library/, tags, digests), scratch,
 * unresolved variables and invalid references.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "model/df_model.h"

#define SHA64 "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

struct good {
	const char *in;
	const char *registry;
	const char *repository;
	const char *tag;      /* NULL: none */
	const char *digest;   /* NULL: none */
	bool explicit_reg;
};

static const struct good goods[] = {
	{ "debian", "docker.io", "library/debian", NULL, NULL, false },
	{ "debian:12-slim", "docker.io", "library/debian", "12-slim", NULL,
	  false },
	{ "library/debian:12", "docker.io", "library/debian", "12", NULL,
	  false },
	{ "bitnami/redis:7.2", "docker.io", "bitnami/redis", "7.2", NULL,
	  false },
	{ "docker.io/nginx", "docker.io", "library/nginx", NULL, NULL, true },
	{ "index.docker.io/nginx:1", "docker.io", "library/nginx", "1", NULL,
	  true },
	{ "ghcr.io/owner/app:v1.2.3", "ghcr.io", "owner/app", "v1.2.3", NULL,
	  true },
	{ "localhost/app", "localhost", "app", NULL, NULL, true },
	{ "localhost:5000/a/b/c:t", "localhost:5000", "a/b/c", "t", NULL,
	  true },
	{ "registry:5000/app", "registry:5000", "app", NULL, NULL, true },
	{ "Registry/app", "Registry", "app", NULL, NULL, true },
	{ "[::1]:5000/app", "[::1]:5000", "app", NULL, NULL, true },
	{ "localhost:5000", "docker.io", "library/localhost", "5000", NULL,
	  false },
	{ "alpine@sha256:" SHA64, "docker.io", "library/alpine", NULL,
	  "sha256:" SHA64, false },
	{ "alpine:3.19@sha256:" SHA64, "docker.io", "library/alpine", "3.19",
	  "sha256:" SHA64, false },
	{ "my-org/my__app.x--y:_tag", "docker.io", "my-org/my__app.x--y",
	  "_tag", NULL, false },
	{ "123.dkr.ecr.us-east-1.amazonaws.com/x:1",
	  "123.dkr.ecr.us-east-1.amazonaws.com", "x", "1", NULL, true },
};

static const char *const bads[] = {
	"", "Debian", "debian:", ":tag", "debian:-x", "debian:a b",
	"debian@sha256:abc", "debian@md5:" SHA64, "debian@sha256:" SHA64 "0",
	"debian@sha256:" "0123456789ABCDEF0123456789abcdef0123456789abcdef"
	"0123456789abcdef",
	"a//b", "a/", "/a", "a..b", "a-", "-a", "a/B", "ghcr.io/",
	"reg-.io/x", "host:port/x", "[::1/x", SHA64, "a b", "debian:1:2",
	"ghcr.io/Owner/app", "a___b", "a.-b",
};

static void valid_references(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a, 0);
	for (size_t i = 0; i < sizeof(goods) / sizeof(goods[0]); i++) {
		const struct good *g = &goods[i];
		struct img_ref r;
		if (!img_ref_parse(g->in, &a, &r))
			fail_msg("%s: rejected", g->in);
		assert_true(r.valid);
		assert_string_equal(r.raw, g->in);
		assert_string_equal(r.registry, g->registry);
		assert_string_equal(r.repository, g->repository);
		if (g->tag)
			assert_string_equal(r.tag, g->tag);
		else
			assert_null(r.tag);
		if (g->digest)
			assert_string_equal(r.digest, g->digest);
		else
			assert_null(r.digest);
		assert_int_equal(r.registry_explicit, g->explicit_reg);
		assert_false(r.unresolved);
		assert_false(r.is_scratch);
	}
	arena_free(&a);
}

static void invalid_references(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a, 0);
	for (size_t i = 0; i < sizeof(bads) / sizeof(bads[0]); i++) {
		struct img_ref r;
		if (img_ref_parse(bads[i], &a, &r))
			fail_msg("\"%s\": accepted", bads[i]);
		assert_false(r.valid);
		assert_string_equal(r.raw, bads[i]);
		assert_non_null(r.registry);
		assert_non_null(r.repository);
	}
	/* 255 bytes of name are fine, 256 are not */
	char name[300];
	memset(name, 'a', 255);
	name[255] = 0;
	struct img_ref r;
	assert_true(img_ref_parse(name, &a, &r));
	name[255] = 'a';
	name[256] = 0;
	assert_false(img_ref_parse(name, &a, &r));
	/* tags up to 128 characters */
	char tagged[200] = "x:";
	memset(tagged + 2, 't', 128);
	tagged[130] = 0;
	assert_true(img_ref_parse(tagged, &a, &r));
	tagged[130] = 't';
	tagged[131] = 0;
	assert_false(img_ref_parse(tagged, &a, &r));
	arena_free(&a);
}

static void scratch_and_variables(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a, 0);
	struct img_ref r;
	assert_true(img_ref_parse("scratch", &a, &r));
	assert_true(r.is_scratch);
	assert_string_equal(r.repository, "scratch");
	assert_string_equal(r.registry, "");
	assert_null(r.tag);
	/* scratch is exact: "Scratch" is an (invalid) name */
	assert_false(img_ref_parse("Scratch", &a, &r));
	assert_false(r.is_scratch);
	assert_true(img_ref_parse("scratch:1", &a, &r));
	assert_false(r.is_scratch);

	assert_true(img_ref_parse("debian:${TAG}", &a, &r));
	assert_true(r.unresolved);
	assert_string_equal(r.repository, "library/debian");
	assert_string_equal(r.tag, "${TAG}");
	assert_true(img_ref_parse("${REGISTRY}/team/app:${V:-1}", &a, &r));
	assert_true(r.unresolved);
	assert_string_equal(r.registry, "${REGISTRY}");
	assert_true(r.registry_explicit);
	assert_string_equal(r.repository, "team/app");
	assert_string_equal(r.tag, "${V:-1}");
	assert_true(img_ref_parse("$BASE", &a, &r));
	assert_true(r.unresolved);
	assert_string_equal(r.raw, "$BASE");
	assert_false(img_ref_parse(NULL, &a, &r));
	assert_string_equal(r.raw, "");
	arena_free(&a);
}

/* What a base's name says of its default user (BH1001, core/link.c). */
static void default_user(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a, 0);
	struct img_ref r;
	static const struct { const char *ref; bool windows, nonroot; } t[] = {
		{ "gcr.io/distroless/static:nonroot", false, true },
		{ "gcr.io/distroless/static:latest", false, false },
		{ "cgr.dev/chainguard/nginx:latest", false, true },
		{ "cgr.dev/chainguard/nginx:latest-dev", false, false },
		{ "mcr.microsoft.com/windows/nanoserver:ltsc2022", true, true },
		{ "mcr.microsoft.com/dotnet/aspnet:8.0-nanoserver-ltsc2022", true, true },
		{ "mcr.microsoft.com/windows/servercore:ltsc2022", true, false },
		{ "python:3.12-windowsservercore-ltsc2022", true, false },
		{ "debian:12", false, false },
		{ "scratch", false, false },
	};
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		assert_true(img_ref_parse(t[i].ref, &a, &r));
		if (img_ref_is_windows(&r) != t[i].windows ||
		    img_ref_default_nonroot(&r) != t[i].nonroot)
			fail_msg("%s: windows %d nonroot %d", t[i].ref,
				 img_ref_is_windows(&r),
				 img_ref_default_nonroot(&r));
	}
	arena_free(&a);
	/* the user part of user[:group] */
	assert_true(img_user_is_root("root"));
	assert_true(img_user_is_root("0:0"));
	assert_true(img_user_is_root("000"));
	assert_true(img_user_is_root("containeradministrator"));
	assert_false(img_user_is_root("rootless"));
	assert_false(img_user_is_root("10001:0"));
	assert_false(img_user_is_root("ContainerUser"));
	assert_false(img_user_is_root(""));
	assert_false(img_user_is_root(NULL));
	/* numeric user[:group] (BH2003: Compose and inspect) */
	assert_true(img_user_is_numeric("10001"));
	assert_true(img_user_is_numeric("10001:10001"));
	assert_true(img_user_is_numeric("0"));
	assert_false(img_user_is_numeric("app"));
	assert_false(img_user_is_numeric("10001:app"));
	assert_false(img_user_is_numeric("app:10001"));
	assert_false(img_user_is_numeric("10001:"));
	assert_false(img_user_is_numeric(":10001"));
	assert_false(img_user_is_numeric("1e3"));
	assert_false(img_user_is_numeric(""));
	assert_false(img_user_is_numeric(NULL));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(valid_references),
		cmocka_unit_test(invalid_references),
		cmocka_unit_test(scratch_and_variables),
		cmocka_unit_test(default_user),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
