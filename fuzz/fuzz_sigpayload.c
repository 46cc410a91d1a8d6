/* SPDX-License-Identifier: Apache-2.0
 *
 * fuzz_sigpayload.c - libFuzzer target for the cosign readers of
 * src/image/img_sign.h: the simple-signing payload parser, the base64
 * decoder, and the signature manifest reader behind `bulkhead verify`.
 *
 * The whole input goes to img_sig_payload_parse() (0 gives a well-formed
 * sha256 digest, an error an empty one and a recorded cause) and to
 * img_sig_b64_decode().  When the input holds the separator "\n@@\n" it
 * is read as MANIFEST @@ PAYLOAD [@@ MODE]: an OCI layout is assembled in
 * memory (img_sig_verify_entries) from a fixed image manifest (the
 * published one of tests/data/cosign/), PAYLOAD as a blob, and MANIFEST
 * as the signature manifest, with the words PAYLOAD_DIGEST and
 * IMAGE_DIGEST in it replaced by the real digests (the fuzzer cannot
 * make sha256 names).  MODE's first byte picks how index.json lists the
 * signature: 't' the tag sha256-<hex>.sig (default), 'r' an OCI 1.1
 * referrer, 's' cosign save's kind annotation; the rest of MODE, when
 * it is K=V, is an --annotation claim.  The key is the published
 * cosign.pub, so the seeds (fuzz/corpus/sigpayload/) reach "verified".
 * Dictionary: fuzz/sigpayload.dict.  Built by fuzz/run.sh.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "image/img_sign.h"
#include "util/diag.h"

#include "layout_fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char PUB[] =
	"-----BEGIN PUBLIC KEY-----\n"
	"MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEFNLqFhf4fiN6o/glAuYnq2jYUeL0\n"
	"vRuLu/z39pmbVwS9ff5AYnlwaP9sxREajdLY9ynM6G1sy6AAmb7Z63TsLg==\n"
	"-----END PUBLIC KEY-----\n";

/* tests/data/cosign/manifest.json */
static const char IMAGE[] =
	"{\"schemaVersion\":2,\"mediaType\":\"application/vnd.docker.distribution."
	"manifest.v2+json\",\"config\":{\"mediaType\":\"application/vnd.docker."
	"container.image.v1+json\",\"size\":1512,\"digest\":\"sha256:961769676411"
	"f082461f9ef46626dd7a2d1e2b2a38e6a44364bcbecf51e66dd4\"},\"layers\":[{"
	"\"mediaType\":\"application/vnd.docker.image.rootfs.diff.tar.gzip\","
	"\"size\":2896510,\"digest\":\"sha256:9d16cba9fb961d1aafec9542f2bf7cb64"
	"acfc55245f9e4eb5abecd4cdc38d749\"}]}";

static void check_payload(const uint8_t *data, size_t size)
{
	struct diag d;
	char dg[72];
	diag_init(&d, "fuzz");
	memset(dg, 'x', sizeof(dg));
	int rc = img_sig_payload_parse((const char *)data, size, dg, &d);
	if (rc == 0) {
		if (strlen(dg) != 71 || strncmp(dg, "sha256:", 7) != 0 ||
		    diag_failed(&d))
			abort();
		/* the digest check agrees with the parser */
		struct diag d2;
		diag_init(&d2, "fuzz");
		int c = img_sig_payload_check((const char *)data, size, IMAGE,
					      sizeof(IMAGE) - 1, &d2);
		bool same = strcmp(dg, "sha256:634a8f35b5f16dcf4aaa0822adc0b196"
				   "4bb786fca12f6831de8ddc45e5986a00") == 0;
		if ((c == 0) != same)
			abort();
	} else if (dg[0] != 0 || !diag_failed(&d) ||
		   (rc != BH_EPARSE && rc != BH_ELIMIT)) {
		abort();
	}
	unsigned char out[256];
	long n = img_sig_b64_decode((const char *)data, size, out, sizeof(out));
	if (n > (long)sizeof(out) || n < -1)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct img_sig_key *key;
	if (!key) {
		struct diag d;
		diag_init(&d, "fuzz");
		if (img_sig_key_from_pem(PUB, sizeof(PUB) - 1, "pub", false, &key,
					 &d) != 0)
			abort();
	}
	check_payload(data, size);

	size_t mlen, plen, modelen = 0;
	const uint8_t *payload = fuzz_split(data, size, &mlen);
	if (!payload)
		return 0;
	const uint8_t *mode = fuzz_split(payload, size - (size_t)(payload - data), &plen);
	if (mode)
		fuzz_split(mode, size - (size_t)(mode - data), &modelen);
	char form = modelen ? (char)mode[0] : 't';

	char ih[65], ph[65], sh[65], pd[72], id[72];
	fuzz_sha256_hex(IMAGE, sizeof(IMAGE) - 1, ih);
	fuzz_sha256_hex(payload, plen, ph);
	snprintf(pd, sizeof(pd), "sha256:%s", ph);
	snprintf(id, sizeof(id), "sha256:%s", ih);
	static const char *const words[] = { "PAYLOAD_DIGEST", "IMAGE_DIGEST" };
	const char *const reps[] = { pd, id };
	size_t slen;
	char *sigman = fuzz_substitute((const char *)data, mlen, words, reps, 2,
				       &slen);
	fuzz_sha256_hex(sigman, slen, sh);

	char index[1024];
	const char *ann = form == 'r' ? "" :
			  form == 's' ? ",\"annotations\":{\"kind\":"
					"\"dev.cosignproject.cosign/sigs\"}" :
					",\"annotations\":{\"org.opencontainers."
					"image.ref.name\":\"sha256-%s.sig\"}";
	char annbuf[256];
	snprintf(annbuf, sizeof(annbuf), ann, ih);
	snprintf(index, sizeof(index),
		 "{\"schemaVersion\":2,\"manifests\":["
		 "{\"mediaType\":\"application/vnd.docker.distribution.manifest.v2+json\","
		 "\"digest\":\"%s\",\"size\":%zu,\"annotations\":{\"org.opencontainers."
		 "image.ref.name\":\"sample\"}},"
		 "{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
		 "\"digest\":\"sha256:%s\",\"size\":%zu%s%s}]}",
		 id, sizeof(IMAGE) - 1, sh, slen,
		 form == 'r' ? ",\"artifactType\":\"" IMG_SIG_MEDIA "\"" : "",
		 annbuf);

	char n_img[96], n_pay[96], n_sig[96];
	snprintf(n_img, sizeof(n_img), "blobs/sha256/%s", ih);
	snprintf(n_pay, sizeof(n_pay), "blobs/sha256/%s", ph);
	snprintf(n_sig, sizeof(n_sig), "blobs/sha256/%s", sh);
	struct img_sig_entry e[] = {
		{ "index.json", index, strlen(index) },
		{ n_img, IMAGE, sizeof(IMAGE) - 1 },
		{ n_pay, payload, plen },
		{ n_sig, sigman, slen },
	};

	/* MODE "xK=V": one claim */
	struct img_sig_claim claim;
	char cbuf[256];
	size_t nclaims = 0;
	if (modelen > 2 && modelen - 1 < sizeof(cbuf)) {
		memcpy(cbuf, mode + 1, modelen - 1);
		cbuf[modelen - 1] = 0;
		char *eq = strchr(cbuf, '=');
		if (eq && eq != cbuf) {
			*eq = 0;
			claim.key = cbuf;
			claim.value = eq + 1;
			nclaims = 1;
		}
	}
	struct img_sig_opts o = { key, &claim, nclaims, NULL, NULL };
	struct img_sig_result r;
	struct diag d;
	diag_init(&d, "fuzz");
	int rc = img_sig_verify_entries(e, 4, &o, &r, &d);
	if (rc == 0) {
		if ((unsigned)r.status > IMG_SIG_CLAIM ||
		    r.nlines > IMG_SIG_MAX_LINES ||
		    strnlen(r.reason, sizeof(r.reason)) == sizeof(r.reason))
			abort();
		if (r.status == IMG_SIG_VERIFIED &&
		    (!r.form || strcmp(r.image_digest, id) != 0 || r.reason[0]))
			abort();
	} else if (!diag_failed(&d)) {
		abort();
	}
	free(sigman);
	return 0;
}
