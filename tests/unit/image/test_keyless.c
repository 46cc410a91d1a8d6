/* SPDX-License-Identifier: Apache-2.0
 *
 * test_keyless.c - img_keyless.c: a published keyless signature
 * (tests/data/sigstore/, sigstore-python's offline-rekor.txt: a staging
 * Fulcio certificate, its signature and the Rekor bundle cosign's
 * `--bundle` writes, checked against the staging trusted root; origin in
 * the README there) verifies, and fails with its own message when the
 * identity, issuer, artifact, SET, log or time is changed; the trusted
 * root and Rekor bundle readers refuse malformed input.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "image/img_keyless.h"
#include "util/diag.h"

#define VEC "tests/data/sigstore/"
#define ID "william@yossarian.net"
#define ISS "https://github.com/login/oauth"

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	char *buf = malloc(1 << 16);
	assert_non_null(buf);
	size_t n = fread(buf, 1, (1 << 16) - 1, f);
	fclose(f);
	buf[n] = 0;
	*len = n;
	return buf;
}

struct vec {
	char *art, *crt, *sig, *bundle, *root;
	size_t artn, crtn, sign, bundlen, rootn;
	struct img_kl_root *r;
};

static void load(struct vec *v)
{
	v->art = slurp(VEC "offline-rekor.txt", &v->artn);
	v->crt = slurp(VEC "offline-rekor.txt.crt", &v->crtn);
	v->sig = slurp(VEC "offline-rekor.txt.sig", &v->sign);
	while (v->sign && (v->sig[v->sign - 1] == '\n'))
		v->sig[--v->sign] = 0;
	v->bundle = slurp(VEC "offline-rekor.txt.bundle", &v->bundlen);
	v->root = slurp(VEC "staging_trusted_root.json", &v->rootn);
	struct diag d;
	diag_init(&d, NULL);
	assert_int_equal(img_kl_root_parse(v->root, v->rootn, "root", &v->r, &d), 0);
}

static void unload(struct vec *v)
{
	img_kl_root_free(v->r);
	free(v->art); free(v->crt); free(v->sig); free(v->bundle); free(v->root);
}

static bool check(const struct vec *v, const char *id, const char *re,
		  const char *iss, const char *art, size_t artn,
		  const char *bundle, char *why, char *scheme)
{
	struct img_kl_policy p = { v->r, id, re, iss };
	return img_kl_check(&p, art, artn, v->sig, v->crt, NULL, bundle, why,
			    400, scheme, 300);
}

static void published_verifies(void **state)
{
	(void)state;
	struct vec v;
	load(&v);
	char why[400] = "", scheme[300] = "";
	assert_int_equal(img_kl_root_ncas(v.r), 1);
	assert_int_equal(img_kl_root_ntlogs(v.r), 2);
	bool ok = check(&v, ID, NULL, ISS, v.art, v.artn, v.bundle, why, scheme);
	if (!ok)
		fprintf(stderr, "why: %s\n", why);
	assert_true(ok);
	assert_non_null(strstr(scheme, "william@yossarian.net"));
	assert_non_null(strstr(scheme, "log index 827575 at 2022-10-13T19:48:34Z"));
	assert_true(check(&v, NULL, "[a-z]+@yossarian\\.net", ISS, v.art, v.artn,
			  v.bundle, why, scheme));
	unload(&v);
}

static void published_refusals(void **state)
{
	(void)state;
	struct vec v;
	load(&v);
	char why[400], scheme[300];
	assert_false(check(&v, "someone@example.com", NULL, ISS, v.art, v.artn,
			   v.bundle, why, scheme));
	assert_string_equal(why, "wrong identity: the certificate names "
			    "william@yossarian.net, wanted someone@example.com");
	assert_false(check(&v, NULL, "yossarian", ISS, v.art, v.artn, v.bundle,
			   why, scheme));
	assert_non_null(strstr(why, "wrong identity:"));
	assert_false(check(&v, ID, NULL, "https://accounts.google.com", v.art,
			   v.artn, v.bundle, why, scheme));
	assert_string_equal(why, "wrong issuer: the certificate's OIDC issuer is "
			    "https://github.com/login/oauth, wanted "
			    "https://accounts.google.com");
	/* one byte of the artifact changed */
	char *t = strdup(v.art);
	t[0] ^= 1;
	assert_false(check(&v, ID, NULL, ISS, t, v.artn, v.bundle, why, scheme));
	assert_non_null(strstr(why, "bad signature: the signature does not verify"));
	free(t);
	/* the SET over another log index */
	char *b = strdup(v.bundle);
	char *li = strstr(b, "827575");
	assert_non_null(li);
	li[5] = '6';
	assert_false(check(&v, ID, NULL, ISS, v.art, v.artn, b, why, scheme));
	assert_non_null(strstr(why, "bad tlog entry: the SignedEntryTimestamp "
				    "does not verify"));
	/* another integrated time: the SET fails before the time is used */
	strcpy(b, v.bundle);
	char *it = strstr(b, "1665690514");
	it[2] = '7';
	assert_false(check(&v, ID, NULL, ISS, v.art, v.artn, b, why, scheme));
	assert_non_null(strstr(why, "bad tlog entry:"));
	/* a log the root does not name */
	strcpy(b, v.bundle);
	char *lid = strstr(b, "d32f30a3");
	lid[0] = 'e';
	assert_false(check(&v, ID, NULL, ISS, v.art, v.artn, b, why, scheme));
	assert_non_null(strstr(why, "bad tlog entry: log e32f30a3"));
	assert_non_null(strstr(why, "is not a tlog of the trusted root"));
	free(b);
	assert_false(check(&v, ID, NULL, ISS, v.art, v.artn, NULL, why, scheme));
	assert_non_null(strstr(why, "no tlog entry:"));
	unload(&v);
}

static int root_rc(const char *json, char *msg)
{
	struct diag d;
	diag_init(&d, NULL);
	struct img_kl_root *r = NULL;
	int rc = img_kl_root_parse(json, strlen(json), "r.json", &r, &d);
	img_kl_root_free(r);
	snprintf(msg, 600, "%.590s", d.message);
	return rc;
}

static void root_refusals(void **state)
{
	(void)state;
	char msg[600];
	assert_int_equal(root_rc("[]", msg), BH_EPARSE);
	assert_string_equal(msg, "r.json: not a JSON object");
	assert_int_equal(root_rc("{\"tlogs\":[]}", msg), BH_EPARSE);
	assert_non_null(strstr(msg, "no certificateAuthorities"));
	assert_int_equal(root_rc("{\"mediaType\":\"x\"}", msg), BH_EPARSE);
	assert_non_null(strstr(msg, "is not a Sigstore trusted root"));
	assert_int_equal(root_rc("{\"certificateAuthorities\":[{\"certChain\":"
				 "{\"certificates\":[{\"rawBytes\":\"!!\"}]}}]}",
				 msg), BH_EPARSE);
	assert_non_null(strstr(msg, "certificate 0 is not base64 DER X.509"));
	char deep[200] = "";
	for (int i = 0; i < 40; i++)
		strcat(deep, "[");
	assert_int_equal(root_rc(deep, msg), BH_ELIMIT);
	/* a real root with a broken validFor */
	size_t n;
	char *root = slurp(VEC "staging_trusted_root.json", &n);
	char *s = strstr(root, "2022-04-14T21:38:40");
	assert_non_null(s);
	s[4] = '/';
	assert_int_equal(root_rc(root, msg), BH_EPARSE);
	assert_non_null(strstr(msg, "validFor is not {start, end}"));
	free(root);
}

static int bundle_rc(const char *json, char *msg)
{
	struct diag d;
	diag_init(&d, NULL);
	struct img_kl_bundle b;
	int rc = img_kl_bundle_parse(json, strlen(json), &b, &d);
	if (rc == 0)
		img_kl_bundle_clear(&b);
	snprintf(msg, 600, "%.590s", d.message);
	return rc;
}

static void bundle_refusals(void **state)
{
	(void)state;
	char msg[600];
	const char *lid = "d32f30a3c32d639c2b762205a21c7bb07788e68283a4ae6f42118723a1bea496";
	char ok[400];
	snprintf(ok, sizeof(ok), "{\"SignedEntryTimestamp\":\"AAAA\",\"Payload\":"
		 "{\"body\":\"e30=\",\"integratedTime\":1,\"logIndex\":2,"
		 "\"logID\":\"%s\"}}", lid);
	assert_int_equal(bundle_rc(ok, msg), 0);
	assert_int_equal(bundle_rc("{}", msg), BH_EPARSE);
	assert_non_null(strstr(msg, "SignedEntryTimestamp"));
	char bad[400];
	snprintf(bad, sizeof(bad), "{\"SignedEntryTimestamp\":\"AAAA\",\"Payload\":"
		 "{\"body\":\"e30=\",\"integratedTime\":-1,\"logIndex\":2,"
		 "\"logID\":\"%s\"}}", lid);
	assert_int_equal(bundle_rc(bad, msg), BH_EPARSE);
	assert_non_null(strstr(msg, "integratedTime"));
	snprintf(bad, sizeof(bad), "{\"SignedEntryTimestamp\":\"AAAA\",\"Payload\":"
		 "{\"body\":\"e30=\",\"integratedTime\":1,\"logIndex\":2,"
		 "\"logID\":\"%.63sG\"}}", lid);
	assert_int_equal(bundle_rc(bad, msg), BH_EPARSE);
	assert_non_null(strstr(msg, "logID"));
	snprintf(bad, sizeof(bad), "{\"SignedEntryTimestamp\":\"AAAA\",\"Payload\":"
		 "{\"body\":\"a\\\"b\",\"integratedTime\":1,\"logIndex\":2,"
		 "\"logID\":\"%s\"}}", lid);
	assert_int_equal(bundle_rc(bad, msg), BH_EPARSE);
	assert_non_null(strstr(msg, "Payload.body"));
	assert_int_equal(bundle_rc("{\"a\":1,\"a\":2}", msg), BH_EPARSE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(published_verifies),
		cmocka_unit_test(published_refusals),
		cmocka_unit_test(root_refusals),
		cmocka_unit_test(bundle_refusals),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
