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
 * type) and to img_dsse_b64().  Seeds: fuzz/corpus/dsse/; dictionary
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

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
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
