/* SPDX-License-Identifier: Apache-2.0
 *
 * test_attest.c - the attestation readers of src/image/img_attest.h on
 * buffers: the DSSE specification's own test vectors
 * (tests/data/dsse/vectors.json: PAE bytes, standard and URL-safe base64,
 * payload type bound into the signature, empty payload and type), the
 * envelope parser's refusals (malformed base64, mixed alphabets, missing
 * or empty signatures, a sig that is not a string, duplicate keys, over
 * the size and depth limits), the in-toto Statement parser (v0.1 and v1,
 * missing or empty subject, wrong _type, no predicateType, bad digests,
 * the SLSA builder id), the predicate type words, and a whole layout in
 * memory (img_att_verify_entries: verified, subject for another digest,
 * wrong payload type, another key).  Runs from the source root.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include "image/img_attest.h"
#include "image/img_sign.h"
#include "util/diag.h"

#define VECTORS "tests/data/dsse/vectors.json"

static struct img_sig_key *raw_ed25519(const char *hex)
{
	unsigned char raw[32];
	for (int i = 0; i < 32; i++)
		sscanf(hex + 2 * i, "%2hhx", &raw[i]);
	EVP_PKEY *pk = EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, NULL, raw, 32);
	assert_non_null(pk);
	BIO *b = BIO_new(BIO_s_mem());
	assert_int_equal(PEM_write_bio_PUBKEY(b, pk), 1);
	char *pem = NULL;
	long n = BIO_get_mem_data(b, &pem);
	struct img_sig_key *k = NULL;
	struct diag d;
	diag_init(&d, NULL);
	assert_int_equal(img_sig_key_from_pem(pem, (size_t)n, "A", false, &k, &d), 0);
	BIO_free(b);
	EVP_PKEY_free(pk);
	return k;
}

static char *hex_of(const unsigned char *p, size_t n)
{
	char *o = malloc(2 * n + 1);
	assert_non_null(o);
	for (size_t i = 0; i < n; i++)
		sprintf(o + 2 * i, "%02x", p[i]);
	o[2 * n] = 0;
	return o;
}

static void dsse_vectors(void **state)
{
	(void)state;
	json_error_t je;
	json_t *v = json_load_file(VECTORS, 0, &je);
	assert_non_null(v);
	struct img_sig_key *ka = raw_ed25519(json_string_value(json_object_get(
		json_object_get(json_object_get(v, "keys"), "A"), "public")));
	json_t *vecs = json_object_get(v, "vectors");
	assert_int_equal(json_array_size(vecs), 9);
	size_t i;
	json_t *x;
	int accepted = 0;
	json_array_foreach(vecs, i, x) {
		const char *id = json_string_value(json_object_get(x, "id"));
		char *env = json_dumps(json_object_get(x, "envelope"), JSON_COMPACT);
		struct img_dsse e;
		struct diag d;
		diag_init(&d, NULL);
		assert_int_equal(img_dsse_parse(env, strlen(env), &e, &d), 0);
		unsigned char *pae;
		size_t plen;
		assert_int_equal(img_dsse_pae(e.payload_type, e.payload, e.plen,
					      &pae, &plen), 0);
		char *hx = hex_of(pae, plen);
		bool swapped = strcmp(id, "payload-type-swapped") == 0;
		const char *want = json_string_value(json_object_get(x, "pae"));
		if (swapped)
			assert_string_not_equal(hx, want);
		else
			assert_string_equal(hx, want);
		bool sig_ok[IMG_ATT_MAX_SIGS];
		for (size_t s = 0; s < e.nsigs; s++) {
			char b64[IMG_ATT_MAX_SIG_B64 + 1];
			for (size_t j = 0; j <= e.sigs[s].siglen; j++) {
				char c = e.sigs[s].sig[j];
				b64[j] = c == '-' ? '+' : c == '_' ? '/' : c;
			}
			sig_ok[s] = img_sig_signature_ok(ka, pae, plen, b64,
							 e.sigs[s].siglen, NULL);
		}
		json_int_t thr = json_integer_value(json_object_get(x, "threshold"));
		bool expect = strcmp(json_string_value(json_object_get(x, "expect")),
				     "accept") == 0;
		json_t *sup = json_object_get(x, "supportedPayloadTypes");
		bool like_us = json_array_size(sup) == 1 &&
			       strcmp(json_string_value(json_array_get(sup, 0)),
				      IMG_ATT_INTOTO_PAYLOAD) == 0;
		if (thr == 1) {
			/* every signature but the swapped one covers its type */
			assert_int_equal(sig_ok[0], !swapped);
			bool ours = sig_ok[0] &&
				    strcmp(e.payload_type, IMG_ATT_INTOTO_PAYLOAD) == 0;
			/* a verifier configured as bulkhead is: the same verdict */
			if (like_us && ours != expect)
				fail_msg("vector %s: bulkhead %s, the file %s", id,
					 ours ? "accepts" : "rejects",
					 expect ? "accepts" : "rejects");
			accepted += like_us && ours;
		} else {
			/* signature 1 is A's; B's (distinct keys) fails under A */
			assert_true(sig_ok[0]);
			assert_int_equal(e.nsigs, 2);
			bool same = strcmp(e.sigs[0].sig, e.sigs[1].sig) == 0;
			assert_int_equal(sig_ok[1], same);
		}
		free(hx);
		free(pae);
		free(env);
		img_dsse_free(&e);
	}
	assert_int_equal(accepted, 3);   /* single, url-safe, empty payload */
	img_sig_key_free(ka);
	json_decref(v);
}

static int parse_env(const char *s, struct diag *d)
{
	struct img_dsse e;
	diag_init(d, NULL);
	int rc = img_dsse_parse(s, strlen(s), &e, d);
	if (rc == 0)
		img_dsse_free(&e);
	return rc;
}

static void dsse_refusals(void **state)
{
	(void)state;
	struct diag d;
	assert_int_equal(parse_env("{\"payload\":\"e30=\",\"payloadType\":\"t\","
				   "\"signatures\":[{\"sig\":\"AAAA\"}]}", &d), 0);
	assert_int_equal(parse_env("{\"payload\":\"e3!=\",\"payloadType\":\"t\","
				   "\"signatures\":[{\"sig\":\"AAAA\"}]}", &d),
			 BH_EPARSE);
	assert_non_null(strstr(d.message, "not base64"));
	/* one alphabet per string */
	assert_int_equal(parse_env("{\"payload\":\"+_AA\",\"payloadType\":\"t\","
				   "\"signatures\":[{\"sig\":\"AAAA\"}]}", &d),
			 BH_EPARSE);
	/* non-canonical trailing bits */
	assert_int_equal(parse_env("{\"payload\":\"e31=\",\"payloadType\":\"t\","
				   "\"signatures\":[{\"sig\":\"AAAA\"}]}", &d),
			 BH_EPARSE);
	assert_int_equal(parse_env("{\"payload\":\"e30=\",\"payloadType\":\"t\"}",
				   &d), BH_EPARSE);
	assert_non_null(strstr(d.message, "signatures"));
	assert_int_equal(parse_env("{\"payload\":\"e30=\",\"payloadType\":\"t\","
				   "\"signatures\":[]}", &d), BH_EPARSE);
	assert_int_equal(parse_env("{\"payload\":\"e30=\",\"payloadType\":\"t\","
				   "\"signatures\":[{\"sig\":1}]}", &d), BH_EPARSE);
	assert_non_null(strstr(d.message, "signature 1"));
	assert_int_equal(parse_env("{\"payload\":\"e30=\",\"signatures\":"
				   "[{\"sig\":\"AAAA\"}]}", &d), BH_EPARSE);
	assert_non_null(strstr(d.message, "payloadType"));
	assert_int_equal(parse_env("{\"payload\":\"e30=\",\"payload\":\"e30=\","
				   "\"payloadType\":\"t\",\"signatures\":"
				   "[{\"sig\":\"AAAA\"}]}", &d), BH_EPARSE);
	assert_int_equal(parse_env("[1]", &d), BH_EPARSE);
	assert_int_equal(parse_env("{\"payload\":", &d), BH_EPARSE);
	/* huge: over the envelope limit, refused before parsing */
	size_t big = IMG_ATT_MAX_ENVELOPE + 10;
	char *h = malloc(big + 1);
	assert_non_null(h);
	memset(h, ' ', big);
	h[0] = '{';
	h[big - 1] = '}';
	h[big] = 0;
	struct img_dsse e;
	diag_init(&d, NULL);
	assert_int_equal(img_dsse_parse(h, big, &e, &d), BH_ELIMIT);
	/* deep */
	memset(h, '[', 1000);
	h[1000] = 0;
	diag_init(&d, NULL);
	assert_int_equal(img_dsse_parse(h, 1000, &e, &d), BH_ELIMIT);
	assert_non_null(strstr(d.message, "deeper"));
	free(h);
	/* too many signatures */
	char many[4096] = "{\"payload\":\"\",\"payloadType\":\"t\",\"signatures\":[";
	for (int i = 0; i <= IMG_ATT_MAX_SIGS; i++)
		strcat(many, i ? ",{\"sig\":\"AAAA\"}" : "{\"sig\":\"AAAA\"}");
	strcat(many, "]}");
	assert_int_equal(parse_env(many, &d), BH_ELIMIT);
}

static void pae_known(void **state)
{
	(void)state;
	unsigned char *p;
	size_t n;
	/* the example of the DSSE protocol */
	assert_int_equal(img_dsse_pae("http://example.com/HelloWorld",
				      "hello world", 11, &p, &n), 0);
	assert_int_equal(n, strlen("DSSEv1 29 http://example.com/HelloWorld 11 hello world"));
	assert_memory_equal(p, "DSSEv1 29 http://example.com/HelloWorld 11 hello world", n);
	free(p);
}

#define DG64 "1c725a8c0bd1a1bd4d8bd0e6a4f1a2c3d4e5f60718293a4b5c6d7e8f90a1b7a1"

static int parse_st(const char *s, struct img_intoto *st, struct diag *d)
{
	diag_init(d, NULL);
	return img_intoto_parse(s, strlen(s), st, d);
}

static void statements(void **state)
{
	(void)state;
	struct img_intoto st;
	struct diag d;
	assert_int_equal(parse_st("{\"_type\":\"https://in-toto.io/Statement/v0.1\","
				  "\"predicateType\":\"https://slsa.dev/provenance/v0.2\","
				  "\"subject\":[{\"name\":\"x\",\"digest\":{\"sha256\":\""
				  "1C725A8C0BD1A1BD4D8BD0E6A4F1A2C3D4E5F60718293A4B5C6D7E8F90A1B7A1"
				  "\"}}],\"predicate\":{\"builder\":{\"id\":\"https://ci/b\"}}}",
				  &st, &d), 0);
	assert_true(img_intoto_names(&st, "sha256:" DG64));
	assert_false(img_intoto_names(&st, "sha256:0c725a8c0bd1a1bd4d8bd0e6a4f1a2c3d4e5f60718293a4b5c6d7e8f90a1b7a1"));
	assert_false(img_intoto_names(&st, DG64));
	assert_string_equal(st.builder_id, "https://ci/b");
	assert_string_equal(img_att_predicate_name(st.predicate_type),
			    "SLSA provenance v0.2");
	img_intoto_free(&st);
	assert_int_equal(parse_st("{\"_type\":\"https://in-toto.io/Statement/v1\","
				  "\"predicateType\":\"https://slsa.dev/provenance/v1\","
				  "\"subject\":[{\"digest\":{\"sha512\":\"ab\"}},"
				  "{\"digest\":{\"sha256\":\"" DG64 "\"}}],"
				  "\"predicate\":{\"runDetails\":{\"builder\":{\"id\":\"B1\"}}}}",
				  &st, &d), 0);
	assert_int_equal(st.nsubjects, 2);
	assert_true(img_intoto_names(&st, "sha256:" DG64));
	assert_string_equal(st.builder_id, "B1");
	img_intoto_free(&st);
	/* refusals */
	assert_int_equal(parse_st("{\"_type\":\"https://in-toto.io/Statement/v1\","
				  "\"predicateType\":\"p\"}", &st, &d), BH_EPARSE);
	assert_non_null(strstr(d.message, "no subject"));
	assert_int_equal(parse_st("{\"_type\":\"https://in-toto.io/Statement/v1\","
				  "\"predicateType\":\"p\",\"subject\":[]}", &st, &d),
			 BH_EPARSE);
	assert_int_equal(parse_st("{\"_type\":\"https://in-toto.io/Link/v1\","
				  "\"predicateType\":\"p\",\"subject\":[{\"digest\":"
				  "{\"sha256\":\"" DG64 "\"}}]}", &st, &d), BH_EPARSE);
	assert_non_null(strstr(d.message, "_type"));
	assert_int_equal(parse_st("{\"_type\":\"https://in-toto.io/Statement/v1\","
				  "\"subject\":[{\"digest\":{\"sha256\":\"" DG64 "\"}}]}",
				  &st, &d), BH_EPARSE);
	assert_non_null(strstr(d.message, "predicateType"));
	assert_int_equal(parse_st("{\"_type\":\"https://in-toto.io/Statement/v1\","
				  "\"predicateType\":\"p\",\"subject\":[{\"digest\":"
				  "{\"sha256\":\"xyz\"}}]}", &st, &d), BH_EPARSE);
	assert_int_equal(parse_st("{\"_type\":\"https://in-toto.io/Statement/v1\","
				  "\"predicateType\":\"p\",\"subject\":[{\"name\":\"n\"}]}",
				  &st, &d), BH_EPARSE);
	assert_int_equal(parse_st("{\"_type\":\"https://in-toto.io/Statement/v1\","
				  "\"predicateType\":\"p\",\"subject\":[{\"digest\":"
				  "{\"sha256\":\"" DG64 "\"}}],\"predicate\":[]}", &st, &d),
			 BH_EPARSE);
	/* predicate type words */
	assert_string_equal(img_att_type_uri("slsaprovenance"), IMG_ATT_SLSA02);
	assert_string_equal(img_att_type_uri("slsaprovenance1"), IMG_ATT_SLSA1);
	assert_string_equal(img_att_type_uri("spdx"), IMG_ATT_SPDX);
	assert_string_equal(img_att_type_uri("cyclonedx"), IMG_ATT_CYCLONEDX);
	assert_string_equal(img_att_type_uri("https://x.example/p"), "https://x.example/p");
	assert_null(img_att_type_uri("bogus"));
	assert_null(img_att_predicate_name("https://x.example/p"));
}

/* ---- a layout in memory ----------------------------------------------- */

static void sha_hex(const void *p, size_t n, char out[65])
{
	unsigned char md[32];
	unsigned int mn;
	EVP_Digest(p, n, md, &mn, EVP_sha256(), NULL);
	for (int i = 0; i < 32; i++)
		sprintf(out + 2 * i, "%02x", md[i]);
}

static char *b64(const void *p, size_t n)
{
	char *o = malloc(4 * ((n + 2) / 3) + 1);
	EVP_EncodeBlock((unsigned char *)o, p, (int)n);
	return o;
}

/* A layout of one image and one .att tag whose envelope is signed by
 * "pk" over a statement naming "subject" (hex), with "ptype". */
static int run_layout(EVP_PKEY *pk, const struct img_sig_key *verify_key,
		      const char *subject, const char *ptype,
		      struct img_att_result *r)
{
	static const char man[] = "{\"schemaVersion\":2,\"mediaType\":"
		"\"application/vnd.oci.image.manifest.v1+json\",\"config\":{"
		"\"mediaType\":\"application/vnd.oci.image.config.v1+json\","
		"\"size\":2,\"digest\":\"sha256:44136fa355b3678a1146ad16f7e8649e"
		"94fb4fc21fe77e8310c060f61caaff8a\"},\"layers\":[]}";
	char mh[65], st[1024], eh[65], amh[65];
	sha_hex(man, strlen(man), mh);
	snprintf(st, sizeof(st), "{\"_type\":\"https://in-toto.io/Statement/v0.1\","
		 "\"predicateType\":\"https://spdx.dev/Document\",\"subject\":[{"
		 "\"name\":\"app\",\"digest\":{\"sha256\":\"%s\"}}],\"predicate\":{}}",
		 subject ? subject : mh);
	unsigned char *pae;
	size_t plen;
	assert_int_equal(img_dsse_pae(ptype, st, strlen(st), &pae, &plen), 0);
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	unsigned char sig[64];
	size_t sn = sizeof(sig);
	assert_int_equal(EVP_DigestSignInit(ctx, NULL, NULL, NULL, pk), 1);
	assert_int_equal(EVP_DigestSign(ctx, sig, &sn, pae, plen), 1);
	EVP_MD_CTX_free(ctx);
	free(pae);
	char *bp = b64(st, strlen(st)), *bs = b64(sig, sn);
	char env[4096];
	snprintf(env, sizeof(env), "{\"payloadType\":\"%s\",\"payload\":\"%s\","
		 "\"signatures\":[{\"keyid\":\"\",\"sig\":\"%s\"}]}", ptype, bp, bs);
	free(bp);
	free(bs);
	sha_hex(env, strlen(env), eh);
	char am[2048];
	snprintf(am, sizeof(am), "{\"schemaVersion\":2,\"mediaType\":\"application/"
		 "vnd.oci.image.manifest.v1+json\",\"config\":{\"mediaType\":"
		 "\"application/vnd.oci.image.config.v1+json\",\"size\":2,\"digest\":"
		 "\"sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61c"
		 "aaff8a\"},\"layers\":[{\"mediaType\":\"application/vnd.dsse.envelope"
		 ".v1+json\",\"size\":%zu,\"digest\":\"sha256:%s\",\"annotations\":{"
		 "\"dev.cosignproject.cosign/signature\":\"\",\"predicateType\":"
		 "\"https://spdx.dev/Document\"}}]}", strlen(env), eh);
	sha_hex(am, strlen(am), amh);
	char idx[1024];
	snprintf(idx, sizeof(idx), "{\"schemaVersion\":2,\"manifests\":[{\"mediaType\":"
		 "\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"sha256:%s\","
		 "\"size\":%zu,\"annotations\":{\"org.opencontainers.image.ref.name\":"
		 "\"app\"}},{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
		 "\"digest\":\"sha256:%s\",\"size\":%zu,\"annotations\":{"
		 "\"org.opencontainers.image.ref.name\":\"sha256-%s.att\"}}]}",
		 mh, strlen(man), amh, strlen(am), mh);
	char n1[96], n2[96], n3[96];
	snprintf(n1, sizeof(n1), "blobs/sha256/%s", mh);
	snprintf(n2, sizeof(n2), "blobs/sha256/%s", eh);
	snprintf(n3, sizeof(n3), "blobs/sha256/%s", amh);
	struct img_sig_entry e[] = {
		{ "index.json", idx, strlen(idx) },
		{ n1, man, strlen(man) },
		{ n2, env, strlen(env) },
		{ n3, am, strlen(am) },
	};
	struct img_att_opts o = { verify_key, NULL, NULL };
	struct diag d;
	diag_init(&d, NULL);
	return img_att_verify_entries(e, 4, &o, r, &d);
}

static struct img_sig_key *pub_of(EVP_PKEY *pk)
{
	BIO *b = BIO_new(BIO_s_mem());
	assert_int_equal(PEM_write_bio_PUBKEY(b, pk), 1);
	char *pem;
	long n = BIO_get_mem_data(b, &pem);
	struct img_sig_key *k;
	struct diag d;
	diag_init(&d, NULL);
	assert_int_equal(img_sig_key_from_pem(pem, (size_t)n, "k", false, &k, &d), 0);
	BIO_free(b);
	return k;
}

static void layout_mem(void **state)
{
	(void)state;
	EVP_PKEY *pk = EVP_PKEY_Q_keygen(NULL, NULL, "ED25519");
	EVP_PKEY *other = EVP_PKEY_Q_keygen(NULL, NULL, "ED25519");
	assert_non_null(pk);
	assert_non_null(other);
	struct img_sig_key *k = pub_of(pk), *ko = pub_of(other);
	struct img_att_result *r = calloc(1, sizeof(*r));
	assert_int_equal(run_layout(pk, k, NULL, IMG_ATT_INTOTO_PAYLOAD, r), 0);
	assert_int_equal(r->total, 1);
	assert_int_equal(r->verified, 1);
	assert_int_equal(r->items[0].status, IMG_ATT_VERIFIED);
	assert_string_equal(r->items[0].form, "tag");
	assert_string_equal(r->items[0].predicate_type, IMG_ATT_SPDX);
	assert_int_equal(run_layout(pk, k, DG64, IMG_ATT_INTOTO_PAYLOAD, r), 0);
	assert_int_equal(r->items[0].status, IMG_ATT_DIGEST);
	assert_non_null(strstr(r->items[0].reason, "digest mismatch"));
	assert_int_equal(run_layout(pk, k, NULL, "text/plain", r), 0);
	assert_int_equal(r->items[0].status, IMG_ATT_BAD);
	assert_non_null(strstr(r->items[0].reason, "wrong payload type"));
	assert_int_equal(run_layout(pk, ko, NULL, IMG_ATT_INTOTO_PAYLOAD, r), 0);
	assert_int_equal(r->items[0].status, IMG_ATT_BAD);
	assert_non_null(strstr(r->items[0].reason, "bad signature"));
	assert_int_equal(r->verified, 0);
	free(r);
	img_sig_key_free(k);
	img_sig_key_free(ko);
	EVP_PKEY_free(pk);
	EVP_PKEY_free(other);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(dsse_vectors),
		cmocka_unit_test(dsse_refusals),
		cmocka_unit_test(pae_known),
		cmocka_unit_test(statements),
		cmocka_unit_test(layout_mem),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
