/* SPDX-License-Identifier: Apache-2.0
 *
 * test_keyless.c - img_keyless.c: a published keyless signature
 * (tests/data/sigstore/, sigstore-python's offline-rekor.txt: a staging
 * Fulcio certificate, its signature and the Rekor bundle cosign's
 * `--bundle` writes, checked against the staging trusted root; origin in
 * the README there) verifies, and fails with its own message when the
 * identity, issuer, artifact, SET, log or time is changed; a published
 * Sigstore bundle file (bundle.txt.sigstore, v0.1 with an inclusion proof
 * and checkpoint; also rewritten in the v0.3 single-certificate form)
 * verifies, and fails with a changed artifact, audit path hash,
 * checkpoint or signature line; the published root refuses the leaf's
 * SCT, made after its CT log's validFor ended (the other checks drop that
 * end); the trusted root, Rekor bundle and bundle
 * file readers refuse malformed input.
 */
#include <jansson.h>
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
	struct img_kl_root *r;       /* the root, its first CT log's window open */
	struct img_kl_root *pub;     /* the root as published */
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
	assert_int_equal(img_kl_root_parse(v->root, v->rootn, "root", &v->pub, &d), 0);
	/* the published staging root closes the CT log that signed the
	 * leaf's SCT (1b7c142a..., validFor end 2022-07-31) before the SCT
	 * (2022-10-13); sigstore-go and bulkhead refuse it there
	 * (published_verifies).  The other checks run with that end dropped. */
	json_error_t e;
	json_t *j = json_loads(v->root, 0, &e);
	assert_non_null(j);
	json_t *vf = json_object_get(json_object_get(json_array_get(
		json_object_get(j, "ctlogs"), 0), "publicKey"), "validFor");
	assert_int_equal(json_object_del(vf, "end"), 0);
	char *open_root = json_dumps(j, 0);
	json_decref(j);
	assert_int_equal(img_kl_root_parse(open_root, strlen(open_root), "root",
					   &v->r, &d), 0);
	free(open_root);
}

static void unload(struct vec *v)
{
	img_kl_root_free(v->r);
	img_kl_root_free(v->pub);
	free(v->art); free(v->crt); free(v->sig); free(v->bundle); free(v->root);
}

static bool check(const struct vec *v, const char *id, const char *re,
		  const char *iss, const char *art, size_t artn,
		  const char *bundle, char *why, char *scheme)
{
	struct img_kl_policy p = { v->r, id, re, iss, false };
	return img_kl_check(&p, art, artn, v->sig, v->crt, NULL, bundle, NULL, why,
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
	/* the leaf's embedded SCT, from the staging CT log whose key the
	 * root holds as a PKCS#1 RSA key (its log ID 1b7c142a...) */
	assert_non_null(strstr(scheme, "SCT from CT log 1b7c142a4e992ba7... at "
				       "2022-10-13T19:48:32Z"));
	assert_true(check(&v, NULL, "[a-z]+@yossarian\\.net", ISS, v.art, v.artn,
			  v.bundle, why, scheme));
	/* the root as published: the SCT is outside its CT log's window */
	struct img_kl_root *open_root = v.r;
	v.r = v.pub;
	assert_false(check(&v, ID, NULL, ISS, v.art, v.artn, v.bundle, why, scheme));
	assert_string_equal(why, "bad sct: the SCT from CT log 1b7c142a4e992ba7... "
			    "at 2022-10-13T19:48:32Z, outside the CT log key's "
			    "validFor [2021-03-14T00:00:00Z, 2022-07-31T00:00:00Z]");
	v.r = open_root;
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

/* The staging root without the CT log that signed the leaf's SCT: the
 * leaf is refused; without any CT log, SCTs are not required. */
static void published_sct_refusals(void **state)
{
	(void)state;
	struct vec v;
	load(&v);
	char why[400], scheme[300];
	json_error_t e;
	json_t *j = json_loads(v.root, 0, &e);
	assert_non_null(j);
	json_t *ct = json_object_get(j, "ctlogs");
	assert_int_equal(json_array_size(ct), 3);
	assert_int_equal(json_array_remove(ct, 0), 0);
	char *r1 = json_dumps(j, 0);
	json_array_clear(ct);
	char *r0 = json_dumps(j, 0);
	json_decref(j);
	struct diag d;
	diag_init(&d, NULL);
	struct img_kl_root *kept = v.r;
	assert_int_equal(img_kl_root_parse(r1, strlen(r1), "root", &v.r, &d), 0);
	assert_int_equal(img_kl_root_nctlogs(v.r), 2);
	assert_false(check(&v, ID, NULL, ISS, v.art, v.artn, v.bundle, why, scheme));
	assert_string_equal(why, "bad sct: none of the 1 SCT(s) in the signing "
			    "certificate is from a CT log of the trusted root "
			    "(first log 1b7c142a4e992ba7...)");
	img_kl_root_free(v.r);
	assert_int_equal(img_kl_root_parse(r0, strlen(r0), "root", &v.r, &d), 0);
	assert_int_equal(img_kl_root_nctlogs(v.r), 0);
	assert_true(check(&v, ID, NULL, ISS, v.art, v.artn, v.bundle, why, scheme));
	assert_null(strstr(scheme, "SCT"));
	img_kl_root_free(v.r);
	v.r = kept;
	free(r1);
	free(r0);
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
	/* a tlog key needs validFor.start (sigstore-go); a null end is open */
	root = slurp(VEC "staging_trusted_root.json", &n);
	json_error_t e;
	json_t *j = json_loads(root, 0, &e);
	assert_non_null(j);
	json_t *vf = json_object_get(json_object_get(json_array_get(
		json_object_get(j, "tlogs"), 0), "publicKey"), "validFor");
	assert_int_equal(json_object_set_new(vf, "end", json_null()), 0);
	char *s1 = json_dumps(j, 0);
	assert_int_equal(root_rc(s1, msg), 0);
	assert_int_equal(json_object_set_new(vf, "start", json_null()), 0);
	char *s2 = json_dumps(j, 0);
	assert_int_equal(root_rc(s2, msg), BH_EPARSE);
	assert_string_equal(msg, "r.json: tlogs[0].publicKey has no validFor.start "
			    "(a log key's validity window needs its start)");
	json_decref(j);
	free(s1);
	free(s2);
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

/* the Sigstore bundle file, optionally edited through "edit" */
static int sb_check(const struct vec *v, void (*edit)(json_t *), const char *art,
		    size_t artn, char *why, char *scheme)
{
	size_t n;
	char *raw = slurp(VEC "bundle.txt.sigstore", &n);
	json_error_t e;
	json_t *j = json_loadb(raw, n, 0, &e);
	assert_non_null(j);
	free(raw);
	if (edit)
		edit(j);
	char *txt = json_dumps(j, JSON_COMPACT);
	json_decref(j);
	struct diag d;
	diag_init(&d, NULL);
	struct img_kl_sbundle *b = calloc(1, sizeof(*b));
	int rc = img_kl_sbundle_parse(txt, strlen(txt), "b.sigstore", b, &d);
	free(txt);
	if (rc != 0) {
		snprintf(why, 400, "%.390s", d.message);
		free(b);
		return -1;
	}
	struct img_kl_policy p = { v->r, "a@tny.town", NULL, ISS, false };
	why[0] = 0;
	bool ok = img_kl_check_sbundle(&p, art, artn, b, why, 400, scheme, 300);
	img_kl_sbundle_clear(b);
	free(b);
	return ok ? 0 : 1;
}

static json_t *entry(json_t *j)
{
	return json_array_get(json_object_get(json_object_get(j,
		"verificationMaterial"), "tlogEntries"), 0);
}

static void flip_b64(json_t *s)
{
	char *t = strdup(json_string_value(s));
	t[3] = t[3] == 'A' ? 'B' : 'A';
	json_string_set(s, t);
	free(t);
}

static void ed_hash(json_t *j)
{
	flip_b64(json_array_get(json_object_get(json_object_get(entry(j),
		"inclusionProof"), "hashes"), 2));
}

static void ed_root(json_t *j)
{
	flip_b64(json_object_get(json_object_get(entry(j), "inclusionProof"),
				 "rootHash"));
}

static void ed_cpsig(json_t *j)
{
	json_t *cp = json_object_get(json_object_get(json_object_get(entry(j),
		"inclusionProof"), "checkpoint"), "envelope");
	char *t = strdup(json_string_value(cp));
	char *sp = strrchr(t, ' ');
	sp[10] = sp[10] == 'A' ? 'B' : 'A';
	json_string_set(cp, t);
	free(t);
}

static void ed_noentry(json_t *j)
{
	json_array_clear(json_object_get(json_object_get(j,
		"verificationMaterial"), "tlogEntries"));
}

static void ed_v03(json_t *j)
{
	json_t *vm = json_object_get(j, "verificationMaterial");
	json_t *c0 = json_array_get(json_object_get(json_object_get(vm,
		"x509CertificateChain"), "certificates"), 0);
	json_object_set(vm, "certificate", c0);
	json_object_del(vm, "x509CertificateChain");
	json_object_set_new(j, "mediaType", json_string(
		"application/vnd.dev.sigstore.bundle.v0.3+json"));
}

static void ed_dsse(json_t *j)
{
	json_object_set_new(j, "dsseEnvelope", json_object());
}

static void ed_kind(json_t *j)
{
	json_object_set_new(json_object_get(entry(j), "kindVersion"), "kind",
			    json_string("intoto"));
}

static void sigstore_bundle_file(void **state)
{
	(void)state;
	struct vec v;
	load(&v);
	size_t an;
	char *art = slurp(VEC "bundle.txt", &an);
	char why[400], scheme[300];
	assert_int_equal(sb_check(&v, NULL, art, an, why, scheme), 0);
	assert_non_null(strstr(scheme, "a@tny.town"));
	assert_non_null(strstr(scheme, "log index 7390977"));
	assert_non_null(strstr(scheme, "inclusion proof in tree of 7376159"));
	assert_int_equal(sb_check(&v, ed_v03, art, an, why, scheme), 0);
	art[0] ^= 1;
	assert_int_equal(sb_check(&v, NULL, art, an, why, scheme), 1);
	assert_non_null(strstr(why, "does not hash to the bundle's messageDigest"));
	art[0] ^= 1;
	assert_int_equal(sb_check(&v, ed_hash, art, an, why, scheme), 1);
	assert_non_null(strstr(why, "bad tlog entry: the inclusion proof does not "
				    "lead from the entry to the root hash"));
	assert_int_equal(sb_check(&v, ed_root, art, an, why, scheme), 1);
	assert_non_null(strstr(why, "inclusion proof does not lead"));
	assert_int_equal(sb_check(&v, ed_cpsig, art, an, why, scheme), 1);
	assert_string_equal(why, "bad tlog entry: the checkpoint is not signed "
			    "by the log's key (a signature line with its key "
			    "hint d32f30a3 does not verify)");
	assert_int_equal(sb_check(&v, ed_noentry, art, an, why, scheme), 1);
	assert_non_null(strstr(why, "no tlog entry:"));
	assert_int_equal(sb_check(&v, ed_dsse, art, an, why, scheme), -1);
	assert_non_null(strstr(why, "b.sigstore: both dsseEnvelope and "
				    "messageSignature"));
	assert_int_equal(sb_check(&v, ed_kind, art, an, why, scheme), -1);
	assert_non_null(strstr(why, "is not a hashedrekord 0.0.1 or 0.0.2 entry"));
	free(art);
	unload(&v);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(published_verifies),
		cmocka_unit_test(published_refusals),
		cmocka_unit_test(published_sct_refusals),
		cmocka_unit_test(root_refusals),
		cmocka_unit_test(bundle_refusals),
		cmocka_unit_test(sigstore_bundle_file),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
