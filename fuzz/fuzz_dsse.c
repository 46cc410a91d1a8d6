/* SPDX-License-Identifier: Apache-2.0
 *
 * fuzz_dsse.c - libFuzzer target for the attestation readers of
 * src/image/img_attest.h: the DSSE envelope parser, the PAE, the
 * in-toto Statement parser and the DSSE base64 decoder.
 *
 * The whole input goes to img_dsse_parse(); an envelope that parses has
 * its PAE built (and checked to start "DSSEv1 "), its signatures checked
 * under a fixed Ed25519 key (key A of tests/data/dsse/vectors.json, so
 * the seeds reach a verified signature) and its payload read by
 * img_intoto_parse().  The whole input also goes to img_intoto_parse()
 * (a statement that parses has at least one subject and a predicate
 * type) and to img_dsse_b64().  When the input holds the separator
 * "\n@@\n" it is read as MANIFEST @@ ENVELOPE [@@ MODE]: an OCI layout is
 * assembled in memory (img_att_verify_entries) from a fixed image
 * manifest, ENVELOPE as a blob and MANIFEST as the attestation manifest,
 * with ENVELOPE_DIGEST and IMAGE_DIGEST in it (and IMAGE_HEX in
 * ENVELOPE) replaced by the real digests; MODE's first byte lists it as
 * 't' the tag sha256-<hex>.att (default), 'r' a DSSE referrer, 's' cosign
 * save's atts kind.  Seeds: fuzz/corpus/dsse/; dictionary
 * fuzz/dsse.dict.  Built by fuzz/run.sh.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>
#include <openssl/pem.h>

#include "image/img_attest.h"
#include "image/img_sign.h"
#include "util/diag.h"

#include "layout_fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const unsigned char KEY_A[32] = {
	0xd7, 0x5a, 0x98, 0x01, 0x82, 0xb1, 0x0a, 0xb7, 0xd5, 0x4b, 0xfe, 0xd3,
	0xc9, 0x64, 0x07, 0x3a, 0x0e, 0xe1, 0x72, 0xf3, 0xda, 0xa6, 0x23, 0x25,
	0xaf, 0x02, 0x1a, 0x68, 0xf7, 0x07, 0x51, 0x1a,
};

static struct img_sig_key *key(void)
{
	static struct img_sig_key *k;
	if (k)
		return k;
	EVP_PKEY *pk = EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, NULL, KEY_A, 32);
	BIO *b = BIO_new(BIO_s_mem());
	if (!pk || !b || PEM_write_bio_PUBKEY(b, pk) != 1)
		abort();
	char *pem;
	long n = BIO_get_mem_data(b, &pem);
	struct diag d;
	diag_init(&d, NULL);
	if (img_sig_key_from_pem(pem, (size_t)n, "A", false, &k, &d) != 0)
		abort();
	BIO_free(b);
	EVP_PKEY_free(pk);
	return k;
}

static const char IMAGE[] =
	"{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest."
	"v1+json\",\"config\":{\"mediaType\":\"application/vnd.oci.image.config."
	"v1+json\",\"size\":2,\"digest\":\"sha256:44136fa355b3678a1146ad16f7e8649e"
	"94fb4fc21fe77e8310c060f61caaff8a\"},\"layers\":[]}";

static void layout(const uint8_t *data, size_t size)
{
	size_t mlen, elen, modelen = 0;
	const uint8_t *env = fuzz_split(data, size, &mlen);
	if (!env)
		return;
	const uint8_t *mode = fuzz_split(env, size - (size_t)(env - data), &elen);
	if (mode)
		fuzz_split(mode, size - (size_t)(mode - data), &modelen);
	char form = modelen ? (char)mode[0] : 't';
	char ih[65], eh[65], mh[65], ed[72], id[72];
	fuzz_sha256_hex(IMAGE, sizeof(IMAGE) - 1, ih);
	snprintf(id, sizeof(id), "sha256:%s", ih);
	static const char *const w1[] = { "IMAGE_HEX" };
	const char *r1[] = { ih };
	size_t elen2;
	char *envs = fuzz_substitute((const char *)env, elen, w1, r1, 1, &elen2);
	fuzz_sha256_hex(envs, elen2, eh);
	snprintf(ed, sizeof(ed), "sha256:%s", eh);
	static const char *const w2[] = { "ENVELOPE_DIGEST", "IMAGE_DIGEST" };
	const char *r2[] = { ed, id };
	size_t alen;
	char *att = fuzz_substitute((const char *)data, mlen, w2, r2, 2, &alen);
	fuzz_sha256_hex(att, alen, mh);
	char ann[256], index[1024];
	if (form == 'r')
		snprintf(ann, sizeof(ann), ",\"artifactType\":\"%s\"",
			 IMG_ATT_DSSE_MEDIA);
	else if (form == 's')
		snprintf(ann, sizeof(ann), ",\"annotations\":{\"kind\":"
			 "\"dev.cosignproject.cosign/atts\"}");
	else
		snprintf(ann, sizeof(ann), ",\"annotations\":{\"org.opencontainers."
			 "image.ref.name\":\"sha256-%s.att\"}", ih);
	snprintf(index, sizeof(index),
		 "{\"schemaVersion\":2,\"manifests\":["
		 "{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
		 "\"digest\":\"%s\",\"size\":%zu,\"annotations\":{\"org.opencontainers."
		 "image.ref.name\":\"app\"}},"
		 "{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
		 "\"digest\":\"sha256:%s\",\"size\":%zu%s}]}",
		 id, sizeof(IMAGE) - 1, mh, alen, ann);
	char n_img[96], n_env[96], n_att[96];
	snprintf(n_img, sizeof(n_img), "blobs/sha256/%s", ih);
	snprintf(n_env, sizeof(n_env), "blobs/sha256/%s", eh);
	snprintf(n_att, sizeof(n_att), "blobs/sha256/%s", mh);
	struct img_sig_entry e[] = {
		{ "index.json", index, strlen(index) },
		{ n_img, IMAGE, sizeof(IMAGE) - 1 },
		{ n_env, envs, elen2 },
		{ n_att, att, alen },
	};
	struct img_att_result *r = calloc(1, sizeof(*r));
	if (!r)
		abort();
	struct img_att_opts o = { key(), NULL, NULL };
	struct diag d;
	diag_init(&d, NULL);
	int rc = img_att_verify_entries(e, 4, &o, r, &d);
	if (rc == 0) {
		if (r->n > IMG_ATT_MAX_LIST || r->verified > r->total ||
		    r->n > r->total)
			abort();
		for (size_t i = 0; i < r->n; i++) {
			const struct img_att_item *it = &r->items[i];
			if (it->status == IMG_ATT_VERIFIED &&
			    (!it->predicate_type[0] || it->reason[0] || !it->scheme))
				abort();
			if (it->status != IMG_ATT_VERIFIED && !it->reason[0])
				abort();
		}
	} else if (!diag_failed(&d)) {
		abort();
	}
	free(r);
	free(envs);
	free(att);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	layout(data, size);
	struct diag d;
	struct img_dsse e;
	diag_init(&d, NULL);
	if (img_dsse_parse(s, size, &e, &d) == 0) {
		if (e.nsigs == 0 || e.nsigs > IMG_ATT_MAX_SIGS)
			abort();
		unsigned char *pae;
		size_t plen;
		if (img_dsse_pae(e.payload_type, e.payload, e.plen, &pae, &plen) == 0) {
			if (plen < 7 || memcmp(pae, "DSSEv1 ", 7) != 0)
				abort();
			for (size_t i = 0; i < e.nsigs; i++)
				if (e.sigs[i].siglen <= IMG_ATT_MAX_SIG_B64)
					(void)img_sig_signature_ok(key(), pae, plen,
								   e.sigs[i].sig,
								   e.sigs[i].siglen, NULL);
			free(pae);
		}
		struct img_intoto st;
		diag_init(&d, NULL);
		if (img_intoto_parse((const char *)e.payload, e.plen, &st, &d) == 0)
			img_intoto_free(&st);
		img_dsse_free(&e);
	} else if (!diag_failed(&d)) {
		abort();   /* an error always says why */
	}
	struct img_intoto st;
	diag_init(&d, NULL);
	if (img_intoto_parse(s, size, &st, &d) == 0) {
		if (st.nsubjects == 0 || !st.predicate_type[0])
			abort();
		(void)img_intoto_names(&st, "sha256:0000000000000000000000000000000000000000000000000000000000000000");
		img_intoto_free(&st);
	}
	unsigned char *out;
	long n = img_dsse_b64(s, size, &out);
	if (n >= 0)
		free(out);
	return 0;
}
