/* SPDX-License-Identifier: Apache-2.0
 *
 * test_sign.c - the cosign readers of src/image/img_sign.h on buffers:
 * the simple-signing payload parser (valid, another digest, no
 * critical.image, wrong type, oversized, too deep, not JSON, duplicate
 * keys, keys in another letter case), the digest check against manifest
 * bytes, base64, and the published cosign signature of tests/data/cosign/
 * (accepted; refused with one byte of the signature, the payload or the
 * manifest changed) both through img_sig_signature_ok and through a whole
 * layout in memory (img_sig_verify_entries).  Runs from the source root
 * (meson's workdir).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "image/img_sign.h"
#include "util/diag.h"

#define VEC "tests/data/cosign/"
#define VEC_DIGEST \
	"sha256:634a8f35b5f16dcf4aaa0822adc0b1964bb786fca12f6831de8ddc45e5986a00"

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

/* Parse "json"; returns the BH_E* code, the digest into dg, the message
 * into msg. */
static int parse(const char *json, size_t len, char dg[72], char msg[800])
{
	struct diag d;
	diag_init(&d, NULL);
	int rc = img_sig_payload_parse(json, len, dg, &d);
	snprintf(msg, 800, "%s", d.message);
	return rc;
}

#define PAYLOAD(crit_extra, type, digest_key, digest, optional) \
	"{\"critical\":{\"identity\":{\"docker-reference\":\"r.example/app\"}," \
	crit_extra "\"image\":{\"" digest_key "\":\"" digest "\"},\"type\":\"" \
	type "\"},\"optional\":" optional "}"

#define DG "sha256:" \
	"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

static void payload_valid(void **state)
{
	(void)state;
	char dg[72], msg[800];
	const char *p = PAYLOAD("", "cosign container image signature",
				"docker-manifest-digest", DG, "null");
	assert_int_equal(parse(p, strlen(p), dg, msg), 0);
	assert_string_equal(dg, DG);
	/* "optional" an object, absent */
	p = PAYLOAD("", "cosign container image signature",
		    "docker-manifest-digest", DG, "{\"team\":\"a\",\"n\":1}");
	assert_int_equal(parse(p, strlen(p), dg, msg), 0);
	const char *q = "{\"critical\":{\"image\":{\"docker-manifest-digest\":\""
			DG "\"},\"type\":\"cosign container image signature\"}}";
	assert_int_equal(parse(q, strlen(q), dg, msg), 0);
	assert_string_equal(dg, DG);
	/* not NUL-terminated: only len bytes are read */
	char buf[512];
	size_t n = strlen(p);
	memcpy(buf, p, n);
	memset(buf + n, '}', sizeof(buf) - n);
	assert_int_equal(parse(buf, n, dg, msg), 0);
}

static void payload_bad_digest(void **state)
{
	(void)state;
	char dg[72], msg[800];
	static const char *const bad[] = {
		"sha256:0123",                                    /* short */
		"sha512:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
		"sha256:0123456789ABCDEF0123456789abcdef0123456789abcdef0123456789abcdef",
		"sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdeg",
		"",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char p[600];
		snprintf(p, sizeof(p), "{\"critical\":{\"image\":{\"docker-manifest-"
			 "digest\":\"%s\"},\"type\":\"cosign container image "
			 "signature\"}}", bad[i]);
		assert_int_equal(parse(p, strlen(p), dg, msg), BH_EPARSE);
		assert_string_equal(dg, "");
		assert_non_null(strstr(msg, "docker-manifest-digest"));
	}
	/* a number, not a string */
	const char *p = "{\"critical\":{\"image\":{\"docker-manifest-digest\":1},"
			"\"type\":\"cosign container image signature\"}}";
	assert_int_equal(parse(p, strlen(p), dg, msg), BH_EPARSE);
}

static void payload_missing_image(void **state)
{
	(void)state;
	char dg[72], msg[800];
	const char *p = "{\"critical\":{\"identity\":{\"docker-reference\":\"x\"},"
			"\"type\":\"cosign container image signature\"},"
			"\"optional\":null}";
	assert_int_equal(parse(p, strlen(p), dg, msg), BH_EPARSE);
	assert_non_null(strstr(msg, "critical.image"));
	p = "{\"critical\":{\"image\":\"" DG "\",\"type\":\"cosign container "
	    "image signature\"}}";
	assert_int_equal(parse(p, strlen(p), dg, msg), BH_EPARSE);
	assert_non_null(strstr(msg, "critical.image"));
	p = "{\"optional\":null}";
	assert_int_equal(parse(p, strlen(p), dg, msg), BH_EPARSE);
	assert_non_null(strstr(msg, "\"critical\""));
	p = "{\"critical\":[],\"optional\":null}";
	assert_int_equal(parse(p, strlen(p), dg, msg), BH_EPARSE);
}

static void payload_wrong_type(void **state)
{
	(void)state;
	char dg[72], msg[800];
	const char *p = PAYLOAD("", "atomic container signature",
				"docker-manifest-digest", DG, "null");
	assert_int_equal(parse(p, strlen(p), dg, msg), BH_EPARSE);
	assert_non_null(strstr(msg, "critical.type"));
	p = PAYLOAD("", "Cosign Container Image Signature",
		    "docker-manifest-digest", DG, "null");
	assert_int_equal(parse(p, strlen(p), dg, msg), BH_EPARSE);
	p = "{\"critical\":{\"image\":{\"docker-manifest-digest\":\"" DG "\"}}}";
	assert_int_equal(parse(p, strlen(p), dg, msg), BH_EPARSE);
	assert_non_null(strstr(msg, "critical.type"));
	/* optional neither object nor null */
	p = PAYLOAD("", "cosign container image signature",
		    "docker-manifest-digest", DG, "[1]");
	assert_int_equal(parse(p, strlen(p), dg, msg), BH_EPARSE);
	assert_non_null(strstr(msg, "optional"));
}

static void payload_oversized_and_deep(void **state)
{
	(void)state;
	char dg[72], msg[800];
	/* a valid payload padded past the limit with "optional" content */
	size_t n = IMG_SIG_MAX_PAYLOAD + 100;
	char *p = malloc(n + 1);
	assert_non_null(p);
	const char *head = "{\"critical\":{\"image\":{\"docker-manifest-digest\":\""
			   DG "\"},\"type\":\"cosign container image signature\"},"
			   "\"optional\":{\"pad\":\"";
	size_t h = strlen(head);
	memcpy(p, head, h);
	memset(p + h, 'a', n - h - 3);
	memcpy(p + n - 3, "\"}}", 4);
	assert_int_equal(parse(p, n, dg, msg), BH_ELIMIT);
	assert_string_equal(dg, "");
	assert_non_null(strstr(msg, "limit"));
	/* the same within the limit parses */
	size_t m = IMG_SIG_MAX_PAYLOAD;
	memcpy(p + m - 3, "\"}}", 4);
	assert_int_equal(parse(p, m, dg, msg), 0);
	free(p);

	/* nesting: 33 levels refused, brackets inside strings do not count */
	char deep[512];
	int k = snprintf(deep, sizeof(deep), "{\"critical\":{\"image\":{"
			 "\"docker-manifest-digest\":\"" DG "\"},\"type\":"
			 "\"cosign container image signature\"},\"optional\":{\"a\":");
	for (int i = 0; i < 31; i++)
		deep[k++] = '[';
	for (int i = 0; i < 31; i++)
		deep[k++] = ']';
	memcpy(deep + k, "}}", 3);
	assert_int_equal(parse(deep, strlen(deep), dg, msg), BH_ELIMIT);
	assert_non_null(strstr(msg, "deeper"));
	const char *s = PAYLOAD("", "cosign container image signature",
				"docker-manifest-digest", DG,
				"{\"a\":\"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\"}");
	assert_int_equal(parse(s, strlen(s), dg, msg), 0);
}

static void payload_not_json(void **state)
{
	(void)state;
	char dg[72], msg[800];
	static const char *const bad[] = {
		"", "not json", "{", "[]", "\"critical\"", "null", "{\"critical\":",
		"{\"critical\":{}}garbage",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(parse(bad[i], strlen(bad[i]), dg, msg), BH_EPARSE);
		assert_string_equal(dg, "");
		assert_true(msg[0] != 0);
	}
	/* a NUL inside the buffer */
	const char *p = PAYLOAD("", "cosign container image signature",
				"docker-manifest-digest", DG, "null");
	char buf[512];
	size_t n = strlen(p);
	memcpy(buf, p, n);
	buf[20] = 0;
	assert_int_equal(parse(buf, n, dg, msg), BH_EPARSE);
}

static void payload_duplicate_keys(void **state)
{
	(void)state;
	char dg[72], msg[800];
	/* the same key twice: jansson refuses it */
	const char *p = "{\"critical\":{\"image\":{\"docker-manifest-digest\":\""
			DG "\",\"docker-manifest-digest\":\"" DG "\"},\"type\":"
			"\"cosign container image signature\"}}";
	assert_int_equal(parse(p, strlen(p), dg, msg), BH_EPARSE);
	assert_string_equal(dg, "");
	p = "{\"critical\":{\"image\":{\"docker-manifest-digest\":\"" DG "\"},"
	    "\"type\":\"cosign container image signature\"},\"critical\":{}}";
	assert_int_equal(parse(p, strlen(p), dg, msg), BH_EPARSE);
	/* two spellings of one key: cosign (Go) would take the last */
	p = PAYLOAD("", "cosign container image signature",
		    "docker-manifest-digest", DG, "null");
	char q[800];
	snprintf(q, sizeof(q), "%.*s,\"Critical\":{\"image\":{\"docker-manifest-"
		 "digest\":\"sha256:%064d\"},\"type\":\"cosign container image "
		 "signature\"}}", (int)strlen(p) - 1, p, 0);
	assert_int_equal(parse(q, strlen(q), dg, msg), BH_EPARSE);
	assert_non_null(strstr(msg, "ambiguous"));
	p = "{\"critical\":{\"image\":{\"docker-manifest-digest\":\"" DG "\","
	    "\"Docker-Manifest-Digest\":\"" DG "\"},\"type\":\"cosign container "
	    "image signature\"}}";
	assert_int_equal(parse(p, strlen(p), dg, msg), BH_EPARSE);
	assert_non_null(strstr(msg, "ambiguous"));
	p = PAYLOAD("\"TYPE\":\"x\",", "cosign container image signature",
		    "docker-manifest-digest", DG, "null");
	assert_int_equal(parse(p, strlen(p), dg, msg), BH_EPARSE);
	/* one key in another case alone: accepted, as cosign accepts it */
	p = "{\"Critical\":{\"Image\":{\"Docker-Manifest-Digest\":\"" DG "\"},"
	    "\"Type\":\"cosign container image signature\"}}";
	assert_int_equal(parse(p, strlen(p), dg, msg), 0);
	assert_string_equal(dg, DG);
}

static void digest_check(void **state)
{
	(void)state;
	size_t plen, mlen;
	char *pay = slurp(VEC "payload.json", &plen);
	char *man = slurp(VEC "manifest.json", &mlen);
	struct diag d;
	diag_init(&d, NULL);
	char dg[72];
	assert_int_equal(img_sig_payload_parse(pay, plen, dg, &d), 0);
	assert_string_equal(dg, VEC_DIGEST);
	assert_int_equal(img_sig_payload_check(pay, plen, man, mlen, &d), 0);
	/* the manifest changed by one byte (a space more), or cut */
	char *m2 = malloc(mlen + 2);
	assert_non_null(m2);
	memcpy(m2, man, mlen);
	m2[mlen] = ' ';
	diag_init(&d, NULL);
	assert_int_equal(img_sig_payload_check(pay, plen, m2, mlen + 1, &d),
			 BH_EPARSE);
	assert_non_null(strstr(d.message, "digest mismatch"));
	assert_non_null(strstr(d.message, VEC_DIGEST));
	diag_init(&d, NULL);
	assert_int_equal(img_sig_payload_check(pay, plen, man, mlen - 1, &d),
			 BH_EPARSE);
	/* a payload naming another digest */
	char *p2 = strdup(pay);
	assert_non_null(p2);
	char *at = strstr(p2, "634a8f35");
	assert_non_null(at);
	at[0] = '7';
	diag_init(&d, NULL);
	assert_int_equal(img_sig_payload_check(p2, plen, man, mlen, &d), BH_EPARSE);
	assert_non_null(strstr(d.message, "digest mismatch"));
	free(p2);
	free(m2);
	free(pay);
	free(man);
}

static void base64(void **state)
{
	(void)state;
	unsigned char out[16];
	assert_int_equal(img_sig_b64_decode("aGVsbG8=", 8, out, sizeof(out)), 5);
	assert_memory_equal(out, "hello", 5);
	assert_int_equal(img_sig_b64_decode("aGVsbG8", 7, out, sizeof(out)), 5);
	assert_int_equal(img_sig_b64_decode("", 0, out, sizeof(out)), 0);
	assert_int_equal(img_sig_b64_decode("aGVsbG9", 7, out, sizeof(out)), -1);
	assert_int_equal(img_sig_b64_decode("aGV sbG8=", 9, out, sizeof(out)), -1);
	assert_int_equal(img_sig_b64_decode("aGVsbG-_", 8, out, sizeof(out)), -1);
	assert_int_equal(img_sig_b64_decode("a", 1, out, sizeof(out)), -1);
	assert_int_equal(img_sig_b64_decode("aGVsbG8=", 8, out, 4), -1);
}

static struct img_sig_key *vec_key(void)
{
	struct img_sig_key *k = NULL;
	struct diag d;
	diag_init(&d, NULL);
	assert_int_equal(img_sig_key_load(VEC "cosign.pub", false, &k, &d), 0);
	assert_string_equal(img_sig_key_kind(k), "ecdsa-p256");
	return k;
}

static void published_signature(void **state)
{
	(void)state;
	struct img_sig_key *k = vec_key();
	size_t plen, slen;
	char *pay = slurp(VEC "payload.json", &plen);
	char *sig = slurp(VEC "signature.b64", &slen);
	const char *scheme = NULL;
	assert_true(img_sig_signature_ok(k, pay, plen, sig, slen, &scheme));
	assert_string_equal(scheme, "ECDSA P-256 SHA-256");

	/* one byte of the DER signature flipped, re-encoded */
	unsigned char raw[256];
	long n = img_sig_b64_decode(sig, slen, raw, sizeof(raw));
	assert_true(n > 64);
	for (long i = 0; i < n; i += 7) {
		unsigned char r2[256];
		char b2[400];
		memcpy(r2, raw, (size_t)n);
		r2[i] ^= 0x01;
		int bl = EVP_EncodeBlock((unsigned char *)b2, r2, (int)n);
		assert_false(img_sig_signature_ok(k, pay, plen, b2, (size_t)bl, NULL));
	}
	/* one byte of the payload changed */
	for (size_t i = 0; i < plen; i += 13) {
		pay[i] ^= 0x20;
		assert_false(img_sig_signature_ok(k, pay, plen, sig, slen, NULL));
		pay[i] ^= 0x20;
	}
	assert_false(img_sig_signature_ok(k, pay, plen - 1, sig, slen, NULL));
	assert_true(img_sig_signature_ok(k, pay, plen, sig, slen, NULL));
	/* not base64, empty */
	assert_false(img_sig_signature_ok(k, pay, plen, "!!!!", 4, NULL));
	assert_false(img_sig_signature_ok(k, pay, plen, "", 0, NULL));
	/* another key */
	struct img_sig_key *other = NULL;
	struct diag d;
	diag_init(&d, NULL);
	static const char pem[] =
		"-----BEGIN PUBLIC KEY-----\n"
		"MCowBQYDK2VwAyEAuAVjnzq3mVuZnu92cAnfN2g48urPO7vikNnbKau+t3c=\n"
		"-----END PUBLIC KEY-----\n";
	assert_int_equal(img_sig_key_from_pem(pem, sizeof(pem) - 1, "ed", false,
					      &other, &d), 0);
	assert_false(img_sig_signature_ok(other, pay, plen, sig, slen, NULL));
	img_sig_key_free(other);
	free(pay);
	free(sig);
	img_sig_key_free(k);
}

static void hexdigest(const void *p, size_t n, char out[72])
{
	unsigned char md[32];
	unsigned int mn = 0;
	EVP_Digest(p, n, md, &mn, EVP_sha256(), NULL);
	strcpy(out, "sha256:");
	for (int i = 0; i < 32; i++)
		sprintf(out + 7 + 2 * i, "%02x", md[i]);
}

/* The published signature in a layout held in memory: tag form. */
static int verify_vec(const char *pay, size_t plen, const char *man,
		      size_t mlen, const char *sigb64, struct img_sig_result *r)
{
	char pd[72], md[72], sd[72], cfg[72];
	hexdigest(pay, plen, pd);
	hexdigest(man, mlen, md);
	hexdigest("{}", 2, cfg);
	char sigman[1024], index[1024];
	snprintf(sigman, sizeof(sigman),
		 "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image."
		 "manifest.v1+json\",\"config\":{\"mediaType\":\"application/vnd."
		 "oci.image.config.v1+json\",\"size\":2,\"digest\":\"%s\"},"
		 "\"layers\":[{\"mediaType\":\"" IMG_SIG_MEDIA "\",\"size\":%zu,"
		 "\"digest\":\"%s\",\"annotations\":{\"" IMG_SIG_ANNOTATION
		 "\":\"%s\"}}]}", cfg, plen, pd, sigb64);
	hexdigest(sigman, strlen(sigman), sd);
	snprintf(index, sizeof(index),
		 "{\"schemaVersion\":2,\"manifests\":[{\"mediaType\":\"application/"
		 "vnd.docker.distribution.manifest.v2+json\",\"digest\":\"%s\","
		 "\"size\":%zu},{\"mediaType\":\"application/vnd.oci.image."
		 "manifest.v1+json\",\"digest\":\"%s\",\"size\":%zu,"
		 "\"annotations\":{\"org.opencontainers.image.ref.name\":"
		 "\"sha256-%s.sig\"}}]}", md, mlen, sd, strlen(sigman), md + 7);
	char n1[96], n2[96], n3[96];
	snprintf(n1, sizeof(n1), "blobs/sha256/%s", md + 7);
	snprintf(n2, sizeof(n2), "blobs/sha256/%s", pd + 7);
	snprintf(n3, sizeof(n3), "blobs/sha256/%s", sd + 7);
	struct img_sig_entry e[] = {
		{ "index.json", index, strlen(index) },
		{ n1, man, mlen },
		{ n2, pay, plen },
		{ n3, sigman, strlen(sigman) },
	};
	struct img_sig_key *k = vec_key();
	struct img_sig_opts o = { k, NULL, 0, NULL, NULL };
	struct diag d;
	diag_init(&d, NULL);
	int rc = img_sig_verify_entries(e, 4, &o, r, &d);
	img_sig_key_free(k);
	return rc;
}

static void published_layout(void **state)
{
	(void)state;
	size_t plen, mlen, slen;
	char *pay = slurp(VEC "payload.json", &plen);
	char *man = slurp(VEC "manifest.json", &mlen);
	char *sig = slurp(VEC "signature.b64", &slen);
	struct img_sig_result r;
	assert_int_equal(verify_vec(pay, plen, man, mlen, sig, &r), 0);
	assert_int_equal(r.status, IMG_SIG_VERIFIED);
	assert_string_equal(r.image_digest, VEC_DIGEST);
	assert_string_equal(r.form, "tag");

	/* the signature with one base64 character changed */
	char *s2 = strdup(sig);
	assert_non_null(s2);
	s2[10] = s2[10] == 'A' ? 'B' : 'A';
	assert_int_equal(verify_vec(pay, plen, man, mlen, s2, &r), 0);
	assert_int_equal(r.status, IMG_SIG_BAD);
	assert_non_null(strstr(r.reason, "bad signature"));
	/* the manifest changed: the payload signs another digest */
	man[mlen - 2] = ' ';
	assert_int_equal(verify_vec(pay, plen, man, mlen, sig, &r), 0);
	assert_int_equal(r.status, IMG_SIG_DIGEST);
	assert_non_null(strstr(r.reason, "digest mismatch"));
	free(s2);
	free(pay);
	free(man);
	free(sig);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(payload_valid),
		cmocka_unit_test(payload_bad_digest),
		cmocka_unit_test(payload_missing_image),
		cmocka_unit_test(payload_wrong_type),
		cmocka_unit_test(payload_oversized_and_deep),
		cmocka_unit_test(payload_not_json),
		cmocka_unit_test(payload_duplicate_keys),
		cmocka_unit_test(digest_check),
		cmocka_unit_test(base64),
		cmocka_unit_test(published_signature),
		cmocka_unit_test(published_layout),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
