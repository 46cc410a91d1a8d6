/* SPDX-License-Identifier: Apache-2.0
 *
 * img_sign.h - cosign key-based signatures of an image: verify the ones
 * stored with an image (OCI layout directory, OCI tarball, Docker 25+
 * docker-archive) and write new ones into an OCI layout directory.
 *
 * Formats (docs/signing.md, after cosign's specs/SIGNATURE_SPEC.md):
 *  - a signature manifest is an OCI image manifest whose layers are
 *    simple-signing payloads (media type
 *    application/vnd.dev.cosign.simplesigning.v1+json), each carrying the
 *    base64 signature of the payload bytes in the layer annotation
 *    dev.cosignproject.cosign/signature;
 *  - it is found in index.json in the tag form (ref name
 *    sha256-<hex>.sig, as `skopeo copy` of the .sig tag leaves it), as
 *    `cosign save` writes it (annotation kind =
 *    dev.cosignproject.cosign/sigs), or in the OCI 1.1 referrers form (a
 *    manifest with a subject and the simple-signing artifactType).
 *
 * Ownership: struct img_sig_key is allocated by img_sig_key_load() and
 * freed by img_sig_key_free(); results are plain structs the caller owns.
 * Nothing here prints or exits.  Tests: tests/unit/image/test_sign.c,
 * tests/suites/signing.sh.
 */
#ifndef BH_IMG_SIGN_H
#define BH_IMG_SIGN_H

#include <stdbool.h>
#include <stddef.h>

#include "../util/diag.h"

#define IMG_SIG_MEDIA "application/vnd.dev.cosign.simplesigning.v1+json"
#define IMG_SIG_ANNOTATION "dev.cosignproject.cosign/signature"
#define IMG_SIG_TYPE "cosign container image signature"

struct img_sig_key;

/* Load a PEM key: a SubjectPublicKeyInfo public key ("PUBLIC KEY") when
 * "priv" is false, a PKCS#8 (or traditional EC/RSA) unencrypted private
 * key when true.  Supported: ECDSA P-256/P-384/P-521, RSA (>= 2048 bits),
 * Ed25519.  Returns 0 or BH_E* with the cause (naming "path") in d. */
int img_sig_key_load(const char *path, bool priv, struct img_sig_key **out,
		     struct diag *d);
/* The same from PEM bytes in memory ("name" for messages). */
int img_sig_key_from_pem(const char *pem, size_t len, const char *name,
			 bool priv, struct img_sig_key **out, struct diag *d);
void img_sig_key_free(struct img_sig_key *k);
/* Whether "a" and "b" are the same public key (the same key read from
 * two files, or a private key and its public half, is the same). */
bool img_sig_key_same(const struct img_sig_key *a, const struct img_sig_key *b);
/* "ecdsa-p256", "ecdsa-p384", "rsa-3072", "ed25519" (static or key-owned) */
const char *img_sig_key_kind(const struct img_sig_key *k);

struct img_sig_claim {
	const char *key;
	const char *value;
};

enum img_sig_status {
	IMG_SIG_VERIFIED = 0,
	IMG_SIG_NONE,        /* no signature stored with the image */
	IMG_SIG_BAD,         /* a signature does not verify under the key */
	IMG_SIG_DIGEST,      /* verified, but signs another manifest digest */
	IMG_SIG_CLAIM,       /* verified, digest matches, an annotation not */
};

#define IMG_SIG_MAX_LINES 16

struct img_sig_result {
	enum img_sig_status status;
	char image_digest[72];   /* sha256 of the image's manifest bytes */
	char image_ref[128];     /* its ref name, or "" */
	char sig_manifest[72];   /* signature manifest of the verdict */
	char payload[72];        /* payload blob digest of the verdict */
	const char *form;        /* "tag", "referrer", "cosign-save" or NULL */
	size_t examined;         /* simple-signing layers looked at */
	char reason[512];        /* why not verified (status != VERIFIED) */
	/* one line per signature examined: "<form> <manifest> layer N: ..." */
	char lines[IMG_SIG_MAX_LINES][640];
	size_t nlines;
};

struct img_kl_policy;

struct img_sig_opts {
	const struct img_sig_key *key;       /* or NULL with keyless */
	const struct img_sig_claim *claims;   /* --annotation k=v */
	size_t nclaims;
	const char *ref;         /* image ref name to pick, or NULL: the first */
	/* keyless: each layer's Fulcio certificate and Rekor bundle are
	 * checked against the policy instead of "key" (img_keyless.h) */
	const struct img_kl_policy *keyless;
};

/* Verify the image at "path" (directory or tar file).  Returns 0 when the
 * image could be read (verdict in r->status) or a negative BH_E* for an
 * input error (cause in d). */
int img_sig_verify(const char *path, const struct img_sig_opts *o,
		   struct img_sig_result *r, struct diag *d);
/* The same over an OCI layout tar held in memory (the fuzz target). */
int img_sig_verify_mem(const void *tar, size_t len,
		       const struct img_sig_opts *o, struct img_sig_result *r,
		       struct diag *d);

struct img_sign_opts {
	const struct img_sig_key *key;       /* a private key */
	bool referrer;           /* OCI 1.1 referrers form, else tag form */
	bool rsa_pss;            /* RSA keys: PSS padding, else PKCS#1 v1.5 */
	const struct img_sig_claim *claims;  /* into "optional" */
	size_t nclaims;
	const char *ref;         /* image ref name to pick, or NULL */
};

/* Sign the image of the OCI layout directory "dir" and store the
 * signature in it (payload blob, manifest, index.json entry; each file
 * written to a temporary name and renamed).  "sig_manifest" (72 bytes)
 * receives the new signature manifest's digest, "image_digest" (72) the
 * signed digest.  Returns 0 or BH_E*. */
int img_sig_sign(const char *dir, const struct img_sign_opts *o,
		 char *sig_manifest, char *image_digest, struct diag *d);

/* An in-memory layout entry: "index.json" or "blobs/sha256/<hex>". */
struct img_sig_entry {
	const char *name;
	const void *data;
	size_t len;
};
/* The same over named entries held in memory (fuzz/fuzz_sigpayload.c,
 * tests/unit/image/test_sign.c); entries over the blob limits are left
 * out as the tar reader leaves them. */
int img_sig_verify_entries(const struct img_sig_entry *e, size_t n,
			   const struct img_sig_opts *o,
			   struct img_sig_result *r, struct diag *d);

#define IMG_SIG_MAX_PAYLOAD (256 * 1024)   /* bytes of one payload */
#define IMG_SIG_MAX_DEPTH 32               /* [ and { nesting of one */

/* Parse a simple-signing payload (a pure function over the buffer, which
 * need not be NUL-terminated): the digest it names
 * (critical.image.docker-manifest-digest, sha256:<64 lowercase hex>) into
 * "digest" (72 bytes; "" on error).  Keys match in any letter case, as
 * cosign's Go decoder matches them, but a key present twice (in two
 * cases; exact duplicates anywhere) is refused; critical.type must be
 * "cosign container image signature"; "optional" an object or null.
 * Returns 0, BH_ELIMIT (over IMG_SIG_MAX_PAYLOAD bytes or
 * IMG_SIG_MAX_DEPTH levels) or BH_EPARSE, the reason in d. */
int img_sig_payload_parse(const char *json, size_t len, char *digest,
			  struct diag *d);
/* Parse the payload and check the digest it names is the sha256 of the
 * manifest bytes "manifest".  0, or BH_E* with the reason in d. */
int img_sig_payload_check(const char *json, size_t len, const char *manifest,
			  size_t mlen, struct diag *d);
/* Does the base64 signature "b64" verify the payload bytes under public
 * key k (the scheme cosign pairs with the key; RSA: PKCS#1 v1.5 or PSS)?
 * "scheme" (may be NULL) names what verified. */
bool img_sig_signature_ok(const struct img_sig_key *k, const void *payload,
			  size_t len, const char *b64, size_t b64len,
			  const char **scheme);

/* Strict base64 (standard alphabet, '=' padding optional) into out
 * (capacity "cap"); returns the decoded length or -1. */
long img_sig_b64_decode(const char *in, size_t len, unsigned char *out,
			size_t cap);

/* ---- attestations (img_attest.h for the envelope and statement) ------ */

#define IMG_ATT_MAX_LIST 64      /* attestations listed in a result */

enum img_att_status {
	IMG_ATT_VERIFIED = 0,
	IMG_ATT_BAD,             /* envelope, payload type or signature */
	IMG_ATT_DIGEST,          /* verified, no subject names the image */
};

struct img_att_item {
	enum img_att_status status;
	const char *form;        /* "tag", "referrer", "cosign-save" */
	char manifest[72];       /* the attestation manifest */
	size_t layer;            /* 1-based layer index in it */
	char envelope[72];       /* the layer (envelope) blob digest */
	char predicate_type[256];/* of the signed statement ("" unread) */
	char builder_id[256];    /* SLSA provenance builder.id or "" */
	const char *scheme;      /* what verified, or NULL */
	char kl_scheme[300];     /* keyless: what verified (scheme points here) */
	char reason[400];        /* why not verified */
};

struct img_att_result {
	char image_digest[72];
	char image_ref[128];
	size_t total;            /* DSSE layers examined */
	size_t verified;
	struct img_att_item items[IMG_ATT_MAX_LIST];   /* the first ones */
	size_t n;
};

struct img_att_opts {
	const struct img_sig_key *key;       /* or NULL with keyless */
	const char *ref;
	/* keyless: each DSSE layer's Fulcio certificate and Rekor bundle
	 * annotations are checked against the policy instead of "key" */
	const struct img_kl_policy *keyless;
};

/* List and verify the in-toto attestations stored with the image at
 * "path" (directory or tar): the tag form sha256-<hex>.att, cosign save's
 * kind dev.cosignproject.cosign/atts, and OCI 1.1 referrers with a DSSE
 * or in-toto artifact type.  Each DSSE layer: the blob hashes to its
 * name, the envelope parses, payloadType is in-toto, a signature verifies
 * over the PAE under the key, the statement parses, the layer's
 * predicateType annotation (when present) equals the statement's, and a
 * subject's sha256 is the image's manifest digest.  Returns 0 (the items
 * in r, heap-allocated by the caller) or BH_E* for an input error. */
int img_att_verify(const char *path, const struct img_att_opts *o,
		   struct img_att_result *r, struct diag *d);
/* The same over named entries in memory (fuzz/fuzz_dsse.c, unit tests). */
int img_att_verify_entries(const struct img_sig_entry *e, size_t n,
			   const struct img_att_opts *o,
			   struct img_att_result *r, struct diag *d);

struct img_att_sign_opts {
	const struct img_sig_key *key;       /* a private key */
	bool referrer;           /* OCI 1.1 referrer, else tag sha256-<hex>.att */
	bool rsa_pss;
	const char *ref;
	const char *predicate;   /* the predicate JSON (an object) */
	size_t plen;
	const char *predicate_type;          /* its URI */
};

#define IMG_ATT_MAX_PREDICATE ((size_t)2 << 20)

/* Write an in-toto Statement v0.1 (subject: the image's manifest digest)
 * in a signed DSSE envelope into the OCI layout directory "dir", as
 * cosign attest stores it (tag form: a manifest of DSSE layers with the
 * empty dev.cosignproject.cosign/signature and the predicateType
 * annotations, appended to an existing .att manifest), or as a referrer
 * (artifactType application/vnd.dsse.envelope.v1+json).  Files through a
 * temporary name and rename, below blobs/sha256/ and index.json only.
 * "att_manifest" and "image_digest" (72 bytes each) out.  0 or BH_E*. */
int img_att_sign(const char *dir, const struct img_att_sign_opts *o,
		 char *att_manifest, char *image_digest, struct diag *d);

#endif
