/* SPDX-License-Identifier: Apache-2.0
 *
 * img_keyless.h - keyless (Fulcio certificate + Rekor entry) verification
 * of one cosign signature, offline, against a Sigstore trusted root
 * (application/vnd.dev.sigstore.trustedroot+json;version=0.1).
 *
 * What is read (docs/signing.md, "Keyless"):
 *  - the trusted root: certificateAuthorities[].certChain.certificates[]
 *    .rawBytes (base64 DER) with validFor {start, end}, and
 *    tlogs[].publicKey.rawBytes (base64 DER SubjectPublicKeyInfo) with
 *    publicKey.validFor (its start required); ctlogs[] (keys, SPKI or
 *    PKCS#1 RSA, validFor.start required) and timestampAuthorities[]
 *    (certChain, validFor) when present.  Every validFor is the closed
 *    window [start, end], an absent end open; a member set to null is
 *    read as absent (protobuf JSON);
 *  - the cosign annotations of a signature layer:
 *    dev.sigstore.cosign/certificate (PEM leaf), dev.sigstore.cosign/chain
 *    (PEM intermediates, never trusted by themselves) and
 *    dev.sigstore.cosign/bundle (the Rekor bundle {SignedEntryTimestamp,
 *    Payload {body, integratedTime, logIndex, logID}}), and
 *    dev.sigstore.cosign/rfc3161timestamp ({SignedRFC3161Timestamp}).
 *
 *  - a Sigstore bundle file (img_kl_sbundle_parse) for `verify FILE
 *    --bundle`, with its inclusion proof and checkpoint (a DSSE bundle's
 *    entry: dsse 0.0.1/0.0.2, Rekor v1 intoto 0.0.1/0.0.2, or
 *    hashedrekord 0.0.2 over the PAE's hash).
 *
 * The parsers are pure functions over buffers (bounded size and depth).
 * Ownership: struct img_kl_root from img_kl_root_parse()/_load(), freed
 * by img_kl_root_free(); struct img_kl_bundle is a plain struct the
 * caller owns.  Nothing here prints or exits.
 * Tests: tests/unit/image/test_keyless.c, tests/suites/keyless.sh,
 * fuzz/fuzz_bundle.c.
 */
#ifndef BH_IMG_KEYLESS_H
#define BH_IMG_KEYLESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../util/diag.h"

#define IMG_KL_ANN_CERT "dev.sigstore.cosign/certificate"
#define IMG_KL_ANN_CHAIN "dev.sigstore.cosign/chain"
#define IMG_KL_ANN_BUNDLE "dev.sigstore.cosign/bundle"
#define IMG_KL_ANN_RFC3161 "dev.sigstore.cosign/rfc3161timestamp"

#define IMG_KL_MAX_ROOT ((size_t)1 << 20)    /* bytes of a trusted root */
#define IMG_KL_MAX_BUNDLE ((size_t)256 << 10)/* bytes of a Rekor bundle */
#define IMG_KL_MAX_DEPTH 32                  /* [ and { nesting */
#define IMG_KL_MAX_CAS 32                    /* certificate authorities */
#define IMG_KL_MAX_CERTS 8                   /* certificates per chain */
#define IMG_KL_MAX_TLOGS 32

struct img_kl_root;

/* Parse a trusted root held in memory ("name" for messages).  Every
 * certificate and key must decode; at least one CA and one tlog.
 * Returns 0 or BH_ELIMIT / BH_EPARSE with the reason in d. */
int img_kl_root_parse(const char *json, size_t len, const char *name,
		      struct img_kl_root **out, struct diag *d);
/* The same from a file (regular, at most IMG_KL_MAX_ROOT bytes). */
int img_kl_root_load(const char *path, struct img_kl_root **out,
		     struct diag *d);
void img_kl_root_free(struct img_kl_root *r);
size_t img_kl_root_ncas(const struct img_kl_root *r);
size_t img_kl_root_ntlogs(const struct img_kl_root *r);
size_t img_kl_root_nctlogs(const struct img_kl_root *r);
size_t img_kl_root_ntsas(const struct img_kl_root *r);

/* A Rekor bundle as cosign stores it in the bundle annotation. */
struct img_kl_bundle {
	unsigned char set[512];      /* SignedEntryTimestamp, decoded */
	size_t setlen;
	char *body;                  /* Payload.body as given (base64), heap */
	size_t bodylen;
	int64_t integrated_time;     /* Payload.integratedTime, seconds */
	int64_t log_index;
	char log_id[65];             /* Payload.logID, 64 lowercase hex */
};

/* Parse the bundle annotation (pure; need not be NUL-terminated).
 * 0, or BH_ELIMIT / BH_EPARSE with the reason in d; on success
 * b->body is heap memory freed by img_kl_bundle_clear(). */
int img_kl_bundle_parse(const char *json, size_t len,
			struct img_kl_bundle *b, struct diag *d);
void img_kl_bundle_clear(struct img_kl_bundle *b);

struct img_kl_policy {
	const struct img_kl_root *root;
	const char *identity;        /* SAN exact, or NULL */
	const char *identity_re;     /* SAN full match (PCRE2), or NULL */
	const char *issuer;          /* OIDC issuer exact (required) */
	/* --insecure-ignore-tlog: a signature without a tlog entry is
	 * accepted when an RFC 3161 timestamp gives its time */
	bool ignore_tlog;
};

/* A Sigstore bundle file (application/vnd.dev.sigstore.bundle+json;
 * version=0.1, or .bundle.v0.3+json and 0.2) over an artifact:
 * verificationMaterial.certificate (v0.3) or x509CertificateChain,
 * messageSignature {messageDigest, signature} and the first tlogEntries
 * item (hashedrekord 0.0.1; inclusionPromise and inclusionProof with its
 * checkpoint; or Rekor v2 hashedrekord 0.0.2 with its inclusion proof,
 * checkpoint and an RFC 3161 timestamp) and timestampVerificationData.
 * A DSSE bundle (dsseEnvelope {payload, payloadType, signatures[0]}
 * instead of messageSignature; an in-toto statement over the artifact)
 * is read with a Rekor dsse 0.0.1 entry (SET, inclusion proof) or a
 * Rekor v2 dsse 0.0.2 entry (proof, checkpoint, timestamp); public-key
 * bundles are refused. */
#define IMG_KL_MAX_SBUNDLE ((size_t)1 << 20)
#define IMG_KL_MAX_PROOF 64          /* audit path hashes */

struct img_kl_sbundle {
	char *cert_pem;              /* the leaf as PEM, heap */
	char *chain_pem;             /* further chain certificates or NULL */
	char *sig_b64;               /* messageSignature.signature (or the
					DSSE envelope's signatures[0].sig),
					heap */
	bool dsse;                   /* a dsseEnvelope bundle */
	unsigned char *pae;          /* DSSE: PAE(payloadType, payload), the
					bytes signed, heap */
	size_t paelen;
	unsigned char digest[64];    /* messageDigest.digest */
	size_t digestlen;            /* 32, 48, 64: SHA2_256, _384, _512 */
	bool has_entry;              /* a tlog entry (v1: SET when setlen) */
	bool v2;                     /* a Rekor v2 hashedrekord or dsse 0.0.2 */
	bool dsse_hr;                /* a DSSE bundle's hashedrekord 0.0.2
					entry: over the PAE's hash (Rekor v2
					dropped its dsse type) */
	struct img_kl_bundle tlog;   /* canonicalizedBody, time, index, log */
	bool has_proof;
	int64_t proof_index, tree_size;
	unsigned char root[32];
	unsigned char hashes[IMG_KL_MAX_PROOF][32];
	size_t nhashes;
	char *checkpoint;            /* checkpoint.envelope or NULL, heap */
	unsigned char *tsr;          /* timestampVerificationData.rfc3161
					Timestamps[0].signedTimestamp (DER
					TimeStampResp) or NULL, heap */
	size_t tsrlen;
};

/* Parse a bundle file (pure; "name" for messages).  0 or BH_E* with the
 * reason in d; img_kl_sbundle_clear() frees what it holds. */
int img_kl_sbundle_parse(const char *json, size_t len, const char *name,
			 struct img_kl_sbundle *b, struct diag *d);
void img_kl_sbundle_clear(struct img_kl_sbundle *b);
/* Check the artifact's bytes against the bundle: its messageDigest, then
 * as img_kl_check(), and the inclusion proof and checkpoint when given.
 * A DSSE bundle: the artifact's sha256 is a subject of the in-toto
 * statement, the signature is over the PAE, the entry a dsse 0.0.1 or
 * 0.0.2, or a hashedrekord 0.0.2 over the PAE.  A Rekor v2 entry's tlog
 * is the one its checkpoint's signature lines name (key name = origin =
 * the host of the tlog's baseUrl, key hint: rekor-tiles' note rules). */
bool img_kl_check_sbundle(const struct img_kl_policy *p, const void *art,
			  size_t alen, const struct img_kl_sbundle *b, char *why,
			  size_t whysz, char *scheme, size_t schemesz);

/* Does "re" compile as a PCRE2 pattern?  When not, "err" gets why. */
bool img_kl_regex_ok(const char *re, char *err, size_t errsz);

/* Check one signature layer: "payload" (its bytes), the base64 signature
 * "sig_b64", and the three annotations (NULL when absent).  Returns true
 * when every check passes ("scheme" names the leaf's key and the log
 * index); false with "why" (one line, its own prefix per failure:
 * "no certificate:", "no tlog entry:", "bad tlog entry:", "untrusted
 * certificate:", "expired certificate:", "wrong identity:", "wrong
 * issuer:", "bad signature:", "tlog body mismatch:"). */
bool img_kl_check(const struct img_kl_policy *p, const void *payload,
		  size_t plen, const char *sig_b64, const char *cert_pem,
		  const char *chain_pem, const char *bundle_json,
		  const char *ts_json, char *why, size_t whysz, char *scheme,
		  size_t schemesz);

/* A keyless attestation (cosign attest without a key): the DSSE
 * envelope blob "env", its PAE and its base64 signatures (standard
 * alphabet), the layer's three annotations.  The same checks as
 * img_kl_check (tlog entry, leaf at the integrated time, SCT, identity,
 * issuer), one envelope signature verifying over the PAE under the
 * leaf's key, and the Rekor entry an intoto 0.0.1/0.0.2 body naming the
 * envelope's sha256 and the leaf.  Reasons as img_kl_check. */
#define IMG_ATT_KL_MAX_SIGS 16
bool img_kl_check_dsse(const struct img_kl_policy *p, const void *env,
		       size_t elen, const void *pae, size_t paelen,
		       const char *const *sigs_b64, size_t nsigs,
		       const char *cert_pem, const char *chain_pem,
		       const char *bundle_json, const char *ts_json, char *why,
		       size_t whysz, char *scheme, size_t schemesz);

#endif
