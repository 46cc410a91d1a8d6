/* SPDX-License-Identifier: Apache-2.0
 *
 * img_attest.h - in-toto attestations as cosign stores them: the DSSE
 * envelope reader, the pre-authentication encoding (PAE) its signatures
 * cover, and the in-toto Statement parser.  Pure functions over buffers
 * (bounded sizes and nesting); finding attestations in an image layout,
 * verifying them and writing new ones is img_sign.c (img_sign.h,
 * img_att_verify / img_att_sign).
 *
 * Formats (docs/signing.md, "Attestations"):
 *  - DSSE v1 envelope: {"payload": base64, "payloadType": string,
 *    "signatures": [{"keyid": string, "sig": base64}, ...]}; each sig
 *    signs PAE(payloadType, payload) = "DSSEv1" SP LEN(type) SP type SP
 *    LEN(body) SP body, LEN in ASCII decimal without leading zeros;
 *  - the payload is an in-toto Statement (payloadType
 *    application/vnd.in-toto+json): "_type" https://in-toto.io/Statement/v0.1
 *    or /v1, "subject" [{"name", "digest": {"sha256": hex, ...}}, ...],
 *    "predicateType" a URI, "predicate" an object.
 *
 * Ownership: struct img_dsse and struct img_intoto are filled by the
 * parsers and freed with img_dsse_free() / img_intoto_free(); buffers the
 * caller passes are borrowed and need not be NUL-terminated.  Nothing
 * here prints or exits.  Tests: tests/unit/image/test_attest.c,
 * fuzz/fuzz_dsse.c, tests/suites/attest.sh.
 */
#ifndef BH_IMG_ATTEST_H
#define BH_IMG_ATTEST_H

#include <stdbool.h>
#include <stddef.h>

#include "../util/diag.h"

#define IMG_ATT_DSSE_MEDIA "application/vnd.dsse.envelope.v1+json"
#define IMG_ATT_INTOTO_PAYLOAD "application/vnd.in-toto+json"
#define IMG_ATT_STATEMENT_V01 "https://in-toto.io/Statement/v0.1"
#define IMG_ATT_STATEMENT_V1 "https://in-toto.io/Statement/v1"
#define IMG_ATT_PREDICATE_ANN "predicateType"

#define IMG_ATT_SLSA02 "https://slsa.dev/provenance/v0.2"
#define IMG_ATT_SLSA1 "https://slsa.dev/provenance/v1"
#define IMG_ATT_SPDX "https://spdx.dev/Document"
#define IMG_ATT_CYCLONEDX "https://cyclonedx.org/bom"

#define IMG_ATT_MAX_ENVELOPE ((size_t)4 << 20)  /* bytes of one envelope */
#define IMG_ATT_MAX_DEPTH 64                    /* [ { nesting, envelope and statement */
#define IMG_ATT_MAX_SIGS 16                     /* signatures read per envelope */
#define IMG_ATT_MAX_SUBJECTS 256                /* subjects read per statement */
#define IMG_ATT_MAX_SIG_B64 8192                /* one base64 signature */

struct img_dsse_sig {
	char keyid[128];         /* "" when absent (cut to fit) */
	char *sig;               /* the base64 text, NUL-terminated (heap) */
	size_t siglen;
};

struct img_dsse {
	char payload_type[128];
	unsigned char *payload;  /* decoded body (heap, NUL-terminated) */
	size_t plen;
	struct img_dsse_sig sigs[IMG_ATT_MAX_SIGS];
	size_t nsigs;
};

/* Parse a DSSE envelope: a JSON object with a base64 "payload" (standard
 * or URL-safe alphabet, padding optional), a string "payloadType" and a
 * non-empty "signatures" array whose items have a base64 "sig" string
 * (at most IMG_ATT_MAX_SIGS are kept; more is an error).  Duplicate keys
 * are refused.  Returns 0, BH_ELIMIT (over IMG_ATT_MAX_ENVELOPE bytes or
 * IMG_ATT_MAX_DEPTH levels) or BH_EPARSE with the reason in d; on error
 * *e holds nothing to free. */
int img_dsse_parse(const char *buf, size_t len, struct img_dsse *e,
		   struct diag *d);
void img_dsse_free(struct img_dsse *e);

/* PAE(type, body) into a new heap buffer (*out, *olen); 0 or BH_ENOMEM. */
int img_dsse_pae(const char *type, const void *body, size_t blen,
		 unsigned char **out, size_t *olen);

/* Decode DSSE base64 (standard or URL-safe, padding optional) into a new
 * heap buffer (NUL-terminated); returns the length or -1. */
long img_dsse_b64(const char *in, size_t len, unsigned char **out);

struct img_intoto_subject {
	char name[256];          /* cut to fit */
	char sha256[65];         /* lowercase hex, "" when absent */
};

struct img_intoto {
	char type[64];           /* "_type" */
	char predicate_type[256];
	struct img_intoto_subject *subjects;   /* heap */
	size_t nsubjects;
	char builder_id[256];    /* SLSA provenance builder.id, or "" */
};

/* Parse an in-toto Statement: "_type" v0.1 or v1, a non-empty "subject"
 * array of objects each with a "digest" object (a "sha256" of 64 hex
 * digits, any case, is read lowercased; other algorithms are allowed
 * but never match), a non-empty string "predicateType", "predicate" an
 * object when present.  For SLSA provenance the builder id (v0.2
 * predicate.builder.id, v1 predicate.runDetails.builder.id) is kept.
 * Returns 0, BH_ELIMIT or BH_EPARSE (reason in d). */
int img_intoto_parse(const char *json, size_t len, struct img_intoto *st,
		     struct diag *d);
void img_intoto_free(struct img_intoto *st);

/* Does a subject's sha256 name "digest" ("sha256:<hex>")? */
bool img_intoto_names(const struct img_intoto *st, const char *digest);

/* A short name for a known predicate type ("SLSA provenance v0.2",
 * "SLSA provenance v1", "SPDX", "CycloneDX", "cosign custom", "cosign
 * vuln", "in-toto link"), or NULL. */
const char *img_att_predicate_name(const char *uri);
/* cosign's --type words: slsaprovenance (v0.2), slsaprovenance02,
 * slsaprovenance1, spdx, spdxjson, cyclonedx, link, vuln, custom; any
 * string with "://" is taken as the URI itself; else NULL. */
const char *img_att_type_uri(const char *word);

#endif
