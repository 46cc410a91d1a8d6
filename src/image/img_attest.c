/* SPDX-License-Identifier: Apache-2.0
 *
 * img_attest.c - the DSSE envelope reader, PAE and in-toto Statement
 * parser of img_attest.h: pure functions over buffers, each input bounded
 * (IMG_ATT_MAX_ENVELOPE bytes, IMG_ATT_MAX_DEPTH levels of nesting checked
 * before jansson sees the text, duplicate keys refused).  It does not
 * verify signatures (img_sign.c does, over the PAE built here), find
 * attestations in a layout or judge predicates beyond reading the SLSA
 * builder id.  Tests: tests/unit/image/test_attest.c, fuzz/fuzz_dsse.c,
 * tests/suites/attest.sh.
 */
#include "img_attest.h"

#include <ctype.h>
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util/b64.h"
#include "../util/text.h"

static json_t *load(const char *buf, size_t len, const char *what,
		    struct diag *d, int *rc)
{
	if (len > IMG_ATT_MAX_ENVELOPE) {
		*rc = diag_error(d, BH_ELIMIT, 0, 0, "%s is %zu bytes, over the "
				 "%zu byte limit", what, len, IMG_ATT_MAX_ENVELOPE);
		return NULL;
	}
	if (!txt_json_depth_ok(buf, len, IMG_ATT_MAX_DEPTH)) {
		*rc = diag_error(d, BH_ELIMIT, 0, 0, "%s nests deeper than %d "
				 "levels", what, IMG_ATT_MAX_DEPTH);
		return NULL;
	}
	json_error_t e;
	json_t *j = json_loadb(buf, len, JSON_REJECT_DUPLICATES, &e);
	if (!j) {
		*rc = diag_error(d, BH_EPARSE, 0, 0, "%s is not JSON: %s", what,
				 e.text);
		return NULL;
	}
	if (!json_is_object(j)) {
		json_decref(j);
		*rc = diag_error(d, BH_EPARSE, 0, 0, "%s is not a JSON object", what);
		return NULL;
	}
	*rc = 0;
	return j;
}

/* ---- base64 ---------------------------------------------------------- */

long img_dsse_b64(const char *in, size_t len, unsigned char **out)
{
	*out = NULL;
	if (len > IMG_ATT_MAX_ENVELOPE * 2)
		return -1;
	size_t cap = len / 4 * 3 + 3;
	unsigned char *buf = malloc(cap + 1);
	if (!buf)
		return -1;
	long n = b64_decode_either(in, len, buf, cap);
	if (n < 0) {
		free(buf);
		return -1;
	}
	buf[n] = 0;
	*out = buf;
	return n;
}

/* ---- DSSE ------------------------------------------------------------ */

void img_dsse_free(struct img_dsse *e)
{
	if (!e)
		return;
	free(e->payload);
	for (size_t i = 0; i < e->nsigs; i++)
		free(e->sigs[i].sig);
	memset(e, 0, sizeof(*e));
}

int img_dsse_parse(const char *buf, size_t len, struct img_dsse *e,
		   struct diag *d)
{
	memset(e, 0, sizeof(*e));
	int rc;
	json_t *j = load(buf, len, "envelope", d, &rc);
	if (!j)
		return rc;
	json_t *pl = json_object_get(j, "payload");
	json_t *pt = json_object_get(j, "payloadType");
	json_t *sigs = json_object_get(j, "signatures");
	long n = -1;
	if (!json_is_string(pl)) {
		rc = diag_error(d, BH_EPARSE, 0, 0,
				"envelope has no \"payload\" string");
	} else if (!json_is_string(pt)) {
		rc = diag_error(d, BH_EPARSE, 0, 0,
				"envelope has no \"payloadType\" string");
	} else if (json_string_length(pt) >= sizeof(e->payload_type) ||
		   strlen(json_string_value(pt)) != json_string_length(pt)) {
		rc = diag_error(d, BH_EPARSE, 0, 0,
				"envelope payloadType is over %zu bytes or holds NUL",
				sizeof(e->payload_type) - 1);
	} else if (!json_is_array(sigs) || json_array_size(sigs) == 0) {
		rc = diag_error(d, BH_EPARSE, 0, 0,
				"envelope has no \"signatures\" (a non-empty array)");
	} else if (json_array_size(sigs) > IMG_ATT_MAX_SIGS) {
		rc = diag_error(d, BH_ELIMIT, 0, 0,
				"envelope has %zu signatures, over %d",
				json_array_size(sigs), IMG_ATT_MAX_SIGS);
	} else if ((n = img_dsse_b64(json_string_value(pl), json_string_length(pl),
				     &e->payload)) < 0) {
		rc = diag_error(d, BH_EPARSE, 0, 0,
				"envelope payload is not base64");
	}
	if (rc == 0) {
		e->plen = (size_t)n;
		snprintf(e->payload_type, sizeof(e->payload_type), "%s",
			 json_string_value(pt));
		size_t i;
		json_t *s;
		json_array_foreach(sigs, i, s) {
			json_t *sg = json_object_get(s, "sig");
			json_t *kid = json_object_get(s, "keyid");
			if (!json_is_object(s) || !json_is_string(sg) ||
			    json_string_length(sg) == 0) {
				rc = diag_error(d, BH_EPARSE, 0, 0, "envelope signature "
						"%zu has no \"sig\" string", i + 1);
				break;
			}
			if (kid && !json_is_string(kid) && !json_is_null(kid)) {
				rc = diag_error(d, BH_EPARSE, 0, 0, "envelope signature "
						"%zu \"keyid\" is not a string", i + 1);
				break;
			}
			if (json_string_length(sg) > IMG_ATT_MAX_SIG_B64) {
				rc = diag_error(d, BH_ELIMIT, 0, 0, "envelope signature "
						"%zu is over %d bytes", i + 1,
						IMG_ATT_MAX_SIG_B64);
				break;
			}
			struct img_dsse_sig *o = &e->sigs[e->nsigs];
			o->sig = strndup(json_string_value(sg), json_string_length(sg));
			if (!o->sig) {
				rc = diag_error(d, BH_ENOMEM, 0, 0, "out of memory");
				break;
			}
			o->siglen = strlen(o->sig);
			e->nsigs++;
			snprintf(o->keyid, sizeof(o->keyid), "%s",
				 json_is_string(kid) ? json_string_value(kid) : "");
		}
	}
	json_decref(j);
	if (rc != 0)
		img_dsse_free(e);
	return rc;
}

int img_dsse_pae(const char *type, const void *body, size_t blen,
		 unsigned char **out, size_t *olen)
{
	size_t tl = strlen(type);
	char head[96];
	*out = NULL;
	int hn = snprintf(head, sizeof(head), "DSSEv1 %zu ", tl);
	char mid[48];
	int mn = snprintf(mid, sizeof(mid), " %zu ", blen);
	if (hn < 0 || mn < 0 || blen > SIZE_MAX - tl - 256)
		return BH_ENOMEM;
	size_t n = (size_t)hn + tl + (size_t)mn + blen;
	unsigned char *p = malloc(n + 1);
	if (!p)
		return BH_ENOMEM;
	memcpy(p, head, (size_t)hn);
	memcpy(p + hn, type, tl);
	memcpy(p + hn + tl, mid, (size_t)mn);
	if (blen)
		memcpy(p + hn + tl + mn, body, blen);
	p[n] = 0;
	*out = p;
	*olen = n;
	return 0;
}

/* ---- in-toto Statement ----------------------------------------------- */

void img_intoto_free(struct img_intoto *st)
{
	if (!st)
		return;
	free(st->subjects);
	memset(st, 0, sizeof(*st));
}

static const char *path_str(json_t *o, const char *const *keys, size_t n)
{
	for (size_t i = 0; i < n && o; i++)
		o = json_object_get(o, keys[i]);
	return json_is_string(o) ? json_string_value(o) : NULL;
}

int img_intoto_parse(const char *json, size_t len, struct img_intoto *st,
		     struct diag *d)
{
	memset(st, 0, sizeof(*st));
	int rc;
	json_t *j = load(json, len, "statement", d, &rc);
	if (!j)
		return rc;
	json_t *ty = json_object_get(j, "_type");
	json_t *subj = json_object_get(j, "subject");
	json_t *pt = json_object_get(j, "predicateType");
	json_t *pred = json_object_get(j, "predicate");
	const char *tys = json_is_string(ty) ? json_string_value(ty) : NULL;
	if (!tys || (strcmp(tys, IMG_ATT_STATEMENT_V01) != 0 &&
		     strcmp(tys, IMG_ATT_STATEMENT_V1) != 0))
		rc = diag_error(d, BH_EPARSE, 0, 0, "statement _type is not %s or %s",
				IMG_ATT_STATEMENT_V01, IMG_ATT_STATEMENT_V1);
	else if (!json_is_array(subj) || json_array_size(subj) == 0)
		rc = diag_error(d, BH_EPARSE, 0, 0,
				"statement has no subject (a non-empty array)");
	else if (json_array_size(subj) > IMG_ATT_MAX_SUBJECTS)
		rc = diag_error(d, BH_ELIMIT, 0, 0, "statement has %zu subjects, "
				"over %d", json_array_size(subj), IMG_ATT_MAX_SUBJECTS);
	else if (!json_is_string(pt) || json_string_length(pt) == 0 ||
		 json_string_length(pt) >= sizeof(st->predicate_type) ||
		 strlen(json_string_value(pt)) != json_string_length(pt))
		rc = diag_error(d, BH_EPARSE, 0, 0, "statement has no predicateType "
				"(a string of 1 to %zu bytes)",
				sizeof(st->predicate_type) - 1);
	else if (pred && !json_is_object(pred))
		rc = diag_error(d, BH_EPARSE, 0, 0,
				"statement predicate is not an object");
	if (rc == 0) {
		snprintf(st->type, sizeof(st->type), "%s", tys);
		snprintf(st->predicate_type, sizeof(st->predicate_type), "%s",
			 json_string_value(pt));
		st->subjects = calloc(json_array_size(subj), sizeof(*st->subjects));
		if (!st->subjects)
			rc = diag_error(d, BH_ENOMEM, 0, 0, "out of memory");
	}
	size_t i;
	json_t *s;
	if (rc == 0)
		json_array_foreach(subj, i, s) {
			json_t *dg = json_object_get(s, "digest");
			json_t *nm = json_object_get(s, "name");
			if (!json_is_object(s) || !json_is_object(dg) ||
			    json_object_size(dg) == 0) {
				rc = diag_error(d, BH_EPARSE, 0, 0, "statement subject "
						"%zu has no digest object", i + 1);
				break;
			}
			if (nm && !json_is_string(nm)) {
				rc = diag_error(d, BH_EPARSE, 0, 0, "statement subject "
						"%zu name is not a string", i + 1);
				break;
			}
			struct img_intoto_subject *o = &st->subjects[st->nsubjects++];
			snprintf(o->name, sizeof(o->name), "%s",
				 nm ? json_string_value(nm) : "");
			json_t *h = json_object_get(dg, "sha256");
			if (h && !json_is_string(h)) {
				rc = diag_error(d, BH_EPARSE, 0, 0, "statement subject "
						"%zu digest.sha256 is not a string", i + 1);
				break;
			}
			const char *hx = h ? json_string_value(h) : NULL;
			bool ok = hx && strlen(hx) == 64;
			for (int k = 0; ok && k < 64; k++)
				ok = isxdigit((unsigned char)hx[k]) != 0;
			if (hx && !ok) {
				rc = diag_error(d, BH_EPARSE, 0, 0, "statement subject "
						"%zu digest.sha256 is not 64 hex digits", i + 1);
				break;
			}
			for (int k = 0; ok && k < 64; k++)
				o->sha256[k] = (char)tolower((unsigned char)hx[k]);
		}
	if (rc == 0) {
		static const char *const v02[] = { "builder", "id" };
		static const char *const v1[] = { "runDetails", "builder", "id" };
		const char *b = NULL;
		if (strcmp(st->predicate_type, IMG_ATT_SLSA02) == 0)
			b = path_str(pred, v02, 2);
		else if (strcmp(st->predicate_type, IMG_ATT_SLSA1) == 0)
			b = path_str(pred, v1, 3);
		/* an id too long to keep is never cut to a trusted one's
		 * prefix: it ends in "..." */
		if (b && strlen(b) >= sizeof(st->builder_id))
			snprintf(st->builder_id, sizeof(st->builder_id),
				 "%.*s...", (int)sizeof(st->builder_id) - 4, b);
		else
			snprintf(st->builder_id, sizeof(st->builder_id), "%s",
				 b ? b : "");
	}
	json_decref(j);
	if (rc != 0)
		img_intoto_free(st);
	return rc;
}

bool img_intoto_names(const struct img_intoto *st, const char *digest)
{
	if (!digest || strncmp(digest, "sha256:", 7) != 0 || strlen(digest) != 71)
		return false;
	for (size_t i = 0; i < st->nsubjects; i++)
		if (st->subjects[i].sha256[0] &&
		    strcmp(st->subjects[i].sha256, digest + 7) == 0)
			return true;
	return false;
}

/* ---- predicate types ------------------------------------------------- */

static const struct {
	const char *word, *uri, *name;
} preds[] = {
	{ "slsaprovenance", IMG_ATT_SLSA02, "SLSA provenance v0.2" },
	{ "slsaprovenance02", IMG_ATT_SLSA02, "SLSA provenance v0.2" },
	{ "slsaprovenance1", IMG_ATT_SLSA1, "SLSA provenance v1" },
	{ "spdx", IMG_ATT_SPDX, "SPDX" },
	{ "spdxjson", IMG_ATT_SPDX, "SPDX" },
	{ "cyclonedx", IMG_ATT_CYCLONEDX, "CycloneDX" },
	{ "link", "https://in-toto.io/Link/v1", "in-toto link" },
	{ "vuln", "https://cosign.sigstore.dev/attestation/vuln/v1", "cosign vuln" },
	{ "custom", "https://cosign.sigstore.dev/attestation/v1", "cosign custom" },
	{ "openvex", "https://openvex.dev/ns", "OpenVEX" },
};

const char *img_att_predicate_name(const char *uri)
{
	for (size_t i = 0; uri && i < sizeof(preds) / sizeof(preds[0]); i++)
		if (strcmp(preds[i].uri, uri) == 0)
			return preds[i].name;
	return NULL;
}

const char *img_att_type_uri(const char *word)
{
	if (!word || !*word)
		return NULL;
	for (size_t i = 0; i < sizeof(preds) / sizeof(preds[0]); i++)
		if (strcmp(preds[i].word, word) == 0)
			return preds[i].uri;
	if (strstr(word, "://"))
		return word;
	return NULL;
}
