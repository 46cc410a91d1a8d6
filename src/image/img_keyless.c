/* SPDX-License-Identifier: Apache-2.0
 *
 * img_keyless.c - keyless cosign signatures checked offline: the Sigstore
 * trusted root reader, the Rekor bundle (cosign's bundle annotation)
 * reader, and the checks of one signature layer against them (the Rekor
 * SignedEntryTimestamp under the log key picked by logID, the Fulcio
 * certificate chaining to a certificate authority of the root at the
 * entry's integratedTime, code-signing EKU, SAN identity, OIDC issuer
 * extension, the signature over the payload under the certificate's key,
 * and the Rekor body naming that payload hash, signature and certificate).
 *
 * It also reads Sigstore bundle files (verify FILE --bundle: the
 * certificate, messageSignature and first hashedrekord tlog entry, or a
 * dsseEnvelope over an in-toto statement naming the file with a dsse
 * 0.0.1 or 0.0.2 entry, a Rekor v1 intoto 0.0.1 or 0.0.2 entry, or a
 * hashedrekord 0.0.2 over the PAE's hash;
 * messageDigest SHA2_256/384/512) and
 * checks their RFC 9162 inclusion proof and signed checkpoint (Rekor v2:
 * the tlog found from the checkpoint's signature lines by key name, the
 * host of its baseUrl and the origin, and key hint, the root's
 * checkpointKeyId, else as rekor-tiles' pkg/note computes it; Rekor v1:
 * the SET's log, a line with its hint; lines of other keys, witness
 * cosignatures, ignored, a log line that does not verify refuses).  The SCTs
 * embedded in the Fulcio leaf are checked against the root's ctlogs
 * (RFC 6962 precertificate signature, the SCT's time in the CT log key's
 * validFor; every validFor of the root is closed, [start, end]),
 * RFC 3161 timestamps (cosign's
 * annotation, a bundle's timestampVerificationData) against its
 * timestampAuthorities (OpenSSL TS), and keyless attestations (DSSE
 * envelope, Rekor intoto 0.0.1/0.0.2 or dsse 0.0.1 body) with the same
 * leaf checks.  It does not
 * read any network service; Rekor v2 entries
 * (hashedrekord and dsse 0.0.2) are read from bundle files only.  Signature schemes come
 * from img_sign.c (img_sig_signature_ok).  The readers are pure functions
 * over buffers.  Tests: tests/unit/image/test_keyless.c,
 * tests/suites/keyless.sh, fuzz/fuzz_bundle.c.
 */
#include "img_keyless.h"

#include <ctype.h>
#include <inttypes.h>
#include <jansson.h>
#include <openssl/bio.h>
#include <openssl/ct.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/ts.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "img_int.h"
#include "../util/b64.h"
#include "../util/io.h"
#include "../util/text.h"

#define MAX_DER (64 * 1024)          /* one certificate or key */
#define MAX_PEM ((size_t)64 << 10)   /* a certificate or chain annotation */
#define CHECKPOINT_MAX_SIGS 100       /* signature lines of one checkpoint */
#define OID_ISSUER_V1 "1.3.6.1.4.1.57264.1.1"
#define OID_ISSUER_V2 "1.3.6.1.4.1.57264.1.8"

struct kl_ca {
	X509 *certs[IMG_KL_MAX_CERTS];
	size_t n;
	int64_t start, end;          /* validFor; end INT64_MAX when open */
};

struct kl_tlog {
	EVP_PKEY *key;
	char log_id[65];             /* logId.keyId, else hex sha256 of the DER key */
	char origin[256];            /* the host of baseUrl ("" when none):
				      * a Rekor v2 checkpoint's origin */
	unsigned char ckid[4];       /* checkpointKeyId.keyId's first 4 bytes: */
	bool has_ckid;               /* the checkpoint key hint, when given */
	int64_t start, end;          /* validFor, closed [start, end] */
};

struct img_kl_root {
	struct kl_ca cas[IMG_KL_MAX_CAS];
	size_t ncas;
	struct kl_tlog tlogs[IMG_KL_MAX_TLOGS];
	size_t ntlogs;
	struct kl_tlog ctlogs[IMG_KL_MAX_TLOGS];   /* CT logs: SCT signers */
	size_t nctlogs;
	struct kl_ca tsas[IMG_KL_MAX_CAS];         /* RFC 3161 timestamp CAs */
	size_t ntsas;
};

/* ---- small helpers --------------------------------------------------- */

static json_t *load(const char *buf, size_t len, size_t max, const char *name,
		    struct diag *d)
{
	if (len > max) {
		diag_error(d, BH_ELIMIT, 0, 0, "%s: larger than %zu bytes", name, max);
		return NULL;
	}
	if (!txt_json_depth_ok(buf, len, IMG_KL_MAX_DEPTH)) {
		diag_error(d, BH_ELIMIT, 0, 0, "%s: nested deeper than %d levels",
			   name, IMG_KL_MAX_DEPTH);
		return NULL;
	}
	json_error_t e;
	json_t *j = json_loadb(buf, len, JSON_REJECT_DUPLICATES, &e);
	if (!j) {
		diag_error(d, BH_EPARSE, e.line > 0 ? e.line : 0, 0,
			   "%s: not JSON: %s (line %d)", name, e.text, e.line);
		return NULL;
	}
	if (!json_is_object(j)) {
		json_decref(j);
		diag_error(d, BH_EPARSE, 0, 0, "%s: not a JSON object", name);
		return NULL;
	}
	return j;
}

/* Protobuf JSON (the trusted root, a Sigstore bundle): "null is accepted
 * for all field types and treated as the default value" (proto3 JSON
 * mapping), so a member whose value is null is dropped, as if absent
 * ("end": null, an open validity window; "checkpointKeyId": null).
 * Depth is bounded: load() refused anything deeper. */
static void drop_nulls(json_t *j, int depth)
{
	if (depth > IMG_KL_MAX_DEPTH)
		return;
	if (json_is_array(j)) {
		for (size_t i = 0; i < json_array_size(j); i++)
			drop_nulls(json_array_get(j, i), depth + 1);
		return;
	}
	const char *k;
	json_t *v;
	void *tmp;
	json_object_foreach_safe(j, tmp, k, v) {
		if (json_is_null(v))
			json_object_del(j, k);
		else
			drop_nulls(v, depth + 1);
	}
}

static const char *jstr(json_t *o, const char *k)
{
	json_t *v = json_object_get(o, k);
	return json_is_string(v) ? json_string_value(v) : NULL;
}

static void hexs(const unsigned char *b, size_t n, char *out)
{
	static const char hx[] = "0123456789abcdef";
	for (size_t i = 0; i < n; i++) {
		out[2 * i] = hx[b[i] >> 4];
		out[2 * i + 1] = hx[b[i] & 15];
	}
	out[2 * n] = 0;
}

/* The SHA-256 of b[0..n) as 64 hex digits (img_sha256_hex, without its
 * "sha256:"). */
static void sha256_hex(const void *b, size_t n, char out[65])
{
	char dg[72];
	img_sha256_hex(b, n, dg);
	memcpy(out, dg + 7, 65);
}

/* RFC 3339 "YYYY-MM-DDTHH:MM:SS[.frac]Z" into seconds since the epoch;
 * *frac set when a fraction of a second other than zero follows. */
static bool rfc3339(const char *s, int64_t *out, bool *frac)
{
	int Y, M, D, h, m, sec, n = 0;
	*frac = false;
	if (!s || sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2d%n", &Y, &M, &D, &h, &m,
			 &sec, &n) != 6 || n != 19)
		return false;
	const char *p = s + n;
	if (*p == '.') {
		p++;
		if (!isdigit((unsigned char)*p))
			return false;
		while (isdigit((unsigned char)*p))
			*frac |= *p++ != '0';
	}
	if (strcmp(p, "Z") != 0 || M < 1 || M > 12 || D < 1 || D > 31 ||
	    h > 23 || m > 59 || sec > 60 || Y < 1970)
		return false;
	struct tm tm = { .tm_year = Y - 1900, .tm_mon = M - 1, .tm_mday = D,
			 .tm_hour = h, .tm_min = m, .tm_sec = sec };
	*out = (int64_t)timegm(&tm);
	return true;
}

/* A validFor TimeRange (protobuf-specs sigstore_common.proto: "closed
 * and includes both the start and end times ([start, end]). End is
 * optional"): *start, *end in whole seconds, the window [*start, *end]
 * (in_window()); the times compared with it are whole seconds, so a start
 * with a fraction rounds up and an end's fraction is dropped.  An absent
 * end (or null, dropped by drop_nulls()) is open, INT64_MAX.  need_start
 * (tlog and CT log keys, as sigstore-go's ParseTransparencyLogs and
 * sigstore-conformance's trust-root-tlog-missing-validity-start_fail
 * want): a validFor with a start is required; else an absent validFor or
 * start is open, INT64_MIN (certificate and timestamp authorities, as
 * sigstore-go reads them). */
static bool valid_for(json_t *vf, int64_t *start, int64_t *end, bool need_start,
		      const char *what, const char *name, struct diag *d)
{
	*start = INT64_MIN;
	*end = INT64_MAX;
	json_t *js = json_object_get(vf, "start"), *je = json_object_get(vf, "end");
	if (need_start && !js) {
		diag_error(d, BH_EPARSE, 0, 0, "%s: %s has no validFor.start (a log "
			   "key's validity window needs its start)", name, what);
		return false;
	}
	if (!vf)
		return true;
	bool fs = false, fe = false;
	if (!json_is_object(vf) ||
	    (js && !rfc3339(json_string_value(js), start, &fs)) ||
	    (je && !rfc3339(json_string_value(je), end, &fe))) {
		diag_error(d, BH_EPARSE, 0, 0, "%s: %s validFor is not "
			   "{start, end} RFC 3339 UTC times", name, what);
		return false;
	}
	if (fs)
		(*start)++;
	return true;
}

/* t in the window [start, end] valid_for() read (both ends included). */
static bool in_window(int64_t t, int64_t start, int64_t end)
{
	return t >= start && t <= end;
}

/* base64 rawBytes into a heap buffer of at most MAX_DER bytes. */
static unsigned char *raw_bytes(const char *b64, size_t *n)
{
	if (!b64)
		return NULL;
	size_t l = strlen(b64);
	if (l == 0 || l > MAX_DER * 4 / 3 + 4)
		return NULL;
	unsigned char *buf = malloc(l);
	if (!buf)
		return NULL;
	long r = b64_decode(b64, l, buf, l);
	if (r <= 0) {
		free(buf);
		return NULL;
	}
	*n = (size_t)r;
	return buf;
}

/* Printable ASCII copy for a message. */
static void clean(char *out, size_t sz, const char *s, size_t n)
{
	size_t o = 0;
	for (size_t i = 0; i < n && o + 1 < sz; i++)
		out[o++] = (s[i] >= 0x20 && s[i] < 0x7f) ? s[i] : '?';
	out[o] = 0;
}

/* The host of an http(s) URL (url.Hostname(): no userinfo, port,
 * path; brackets of an IPv6 literal dropped) into out, or of a
 * scheme-less one ("log2025-1.rekor.sigstore.dev[/path]": protobuf-specs'
 * base_url "MAY be a scheme-less URL"); "" and true when url is NULL,
 * false when it is neither. */
static bool url_host(const char *url, char *out, size_t sz)
{
	out[0] = 0;
	if (!url)
		return true;
	const char *p = strncmp(url, "https://", 8) == 0 ? url + 8
			: strncmp(url, "http://", 7) == 0 ? url + 7
			: strstr(url, "://") ? NULL : url;
	if (!p)
		return false;
	size_t n = strcspn(p, "/?#");
	const char *at = memchr(p, '@', n);
	if (at) {
		n -= (size_t)(at + 1 - p);
		p = at + 1;
	}
	if (n && p[0] == '[') {
		const char *rb = memchr(p, ']', n);
		if (!rb)
			return false;
		n = (size_t)(rb - p - 1);
		p++;
	} else {
		const char *colon = memchr(p, ':', n);
		if (colon)
			n = (size_t)(colon - p);
	}
	if (n == 0 || n >= sz)
		return false;
	for (size_t i = 0; i < n; i++)
		if (p[i] <= 0x20 || p[i] >= 0x7f)
			return false;
	memcpy(out, p, n);
	out[n] = 0;
	return true;
}

/* ---- trusted root ---------------------------------------------------- */

void img_kl_root_free(struct img_kl_root *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->ncas; i++)
		for (size_t k = 0; k < r->cas[i].n; k++)
			X509_free(r->cas[i].certs[k]);
	for (size_t i = 0; i < r->ntlogs; i++)
		EVP_PKEY_free(r->tlogs[i].key);
	for (size_t i = 0; i < r->nctlogs; i++)
		EVP_PKEY_free(r->ctlogs[i].key);
	for (size_t i = 0; i < r->ntsas; i++)
		for (size_t k = 0; k < r->tsas[i].n; k++)
			X509_free(r->tsas[i].certs[k]);
	free(r);
}

size_t img_kl_root_ncas(const struct img_kl_root *r) { return r ? r->ncas : 0; }
size_t img_kl_root_ntlogs(const struct img_kl_root *r) { return r ? r->ntlogs : 0; }
size_t img_kl_root_nctlogs(const struct img_kl_root *r) { return r ? r->nctlogs : 0; }
size_t img_kl_root_ntsas(const struct img_kl_root *r) { return r ? r->ntsas : 0; }

/* certificateAuthorities (field "certificateAuthorities", required) or
 * timestampAuthorities (optional): into cas[], *ncas. */
static int root_cas(struct kl_ca *cas, size_t *ncas, json_t *arr,
		    const char *field, bool required, const char *name,
		    struct diag *d)
{
	if (!required && (!arr || (json_is_array(arr) && json_array_size(arr) == 0)))
		return 0;
	if (!required && !json_is_array(arr))
		return diag_error(d, BH_EPARSE, 0, 0, "%s: %s is not an array",
				  name, field);
	if (!json_is_array(arr) || json_array_size(arr) == 0)
		return diag_error(d, BH_EPARSE, 0, 0, "%s: no certificateAuthorities "
				  "(keyless signatures need a Fulcio CA)", name);
	if (json_array_size(arr) > IMG_KL_MAX_CAS)
		return diag_error(d, BH_ELIMIT, 0, 0, "%s: more than %d "
				  "%s", name, IMG_KL_MAX_CAS, field);
	for (size_t i = 0; i < json_array_size(arr); i++) {
		json_t *ca = json_array_get(arr, i);
		json_t *certs = json_object_get(json_object_get(ca, "certChain"),
						"certificates");
		struct kl_ca *c = &cas[(*ncas)++];
		if (!json_is_array(certs) || json_array_size(certs) == 0)
			return diag_error(d, BH_EPARSE, 0, 0, "%s: %s[%zu] has no "
					  "certChain.certificates", name, field, i);
		if (json_array_size(certs) > IMG_KL_MAX_CERTS)
			return diag_error(d, BH_ELIMIT, 0, 0, "%s: %s[%zu] has more "
					  "than %d certificates", name, field,
					  i, IMG_KL_MAX_CERTS);
		for (size_t k = 0; k < json_array_size(certs); k++) {
			size_t n = 0;
			unsigned char *der = raw_bytes(jstr(json_array_get(certs, k),
							    "rawBytes"), &n);
			const unsigned char *p = der;
			X509 *x = der ? d2i_X509(NULL, &p, (long)n) : NULL;
			bool whole = x && p == der + n;
			free(der);
			if (!whole) {
				X509_free(x);
				return diag_error(d, BH_EPARSE, 0, 0, "%s: %s[%zu] "
						  "certificate %zu is not base64 DER "
						  "X.509", name, field, i, k);
			}
			c->certs[c->n++] = x;
		}
		char what[64];
		snprintf(what, sizeof(what), "%s[%zu]", field, i);
		if (!valid_for(json_object_get(ca, "validFor"), &c->start, &c->end,
			       false, what, name, d))
			return BH_EPARSE;
	}
	return 0;
}

/* tlogs (required) or ctlogs (optional): keys into logs[], *nlogs. */
static int root_tlogs(struct kl_tlog *logs, size_t *nlogs, json_t *arr,
		      const char *field, bool required, const char *name,
		      struct diag *d)
{
	if (!required && (!arr || (json_is_array(arr) && json_array_size(arr) == 0)))
		return 0;
	if (!required && !json_is_array(arr))
		return diag_error(d, BH_EPARSE, 0, 0, "%s: %s is not an array",
				  name, field);
	if (!json_is_array(arr) || json_array_size(arr) == 0)
		return diag_error(d, BH_EPARSE, 0, 0, "%s: no tlogs (keyless "
				  "signatures need the Rekor log key)", name);
	if (json_array_size(arr) > IMG_KL_MAX_TLOGS)
		return diag_error(d, BH_ELIMIT, 0, 0, "%s: more than %d %s",
				  name, IMG_KL_MAX_TLOGS, field);
	for (size_t i = 0; i < json_array_size(arr); i++) {
		json_t *pk = json_object_get(json_array_get(arr, i), "publicKey");
		size_t n = 0;
		unsigned char *der = raw_bytes(jstr(pk, "rawBytes"), &n);
		const unsigned char *p = der;
		EVP_PKEY *k = der ? d2i_PUBKEY(NULL, &p, (long)n) : NULL;
		bool whole = k && p == der + n;
		struct kl_tlog *t = &logs[*nlogs];
		if (whole) {
			sha256_hex(der, n, t->log_id);
		} else if (der) {
			/* keyDetails PKCS1_RSA_*: a PKCS#1 RSAPublicKey; the
			 * log ID is the hash of its SubjectPublicKeyInfo */
			EVP_PKEY_free(k);
			p = der;
			k = d2i_PublicKey(EVP_PKEY_RSA, NULL, &p, (long)n);
			unsigned char *spki = NULL;
			int sl = k && p == der + n ? i2d_PUBKEY(k, &spki) : -1;
			if ((whole = sl > 0))
				sha256_hex(spki, (size_t)sl, t->log_id);
			OPENSSL_free(spki);
		}
		free(der);
		if (!whole) {
			EVP_PKEY_free(k);
			return diag_error(d, BH_EPARSE, 0, 0, "%s: %s[%zu] publicKey"
					  ".rawBytes is not a base64 DER public key",
					  name, field, i);
		}
		t->key = k;
		(*nlogs)++;
		char what[64];
		snprintf(what, sizeof(what), "%s[%zu].publicKey", field, i);
		if (!valid_for(json_object_get(pk, "validFor"), &t->start, &t->end,
			       true, what, name, d))
			return BH_EPARSE;
		json_t *li = json_array_get(arr, i);
		/* logId.keyId names the log as clients look it up (for a
		 * Rekor v2 Ed25519 log it is the checkpoint key hash, not the
		 * hash of the DER key) */
		const char *kid = jstr(json_object_get(li, "logId"), "keyId");
		unsigned char id[40];
		long idn = kid && strlen(kid) <= 48
			   ? b64_decode(kid, strlen(kid), id, sizeof(id)) : -1;
		if (kid && idn != 32)
			return diag_error(d, BH_EPARSE, 0, 0, "%s: %s[%zu] logId.keyId "
					  "is not a base64 sha256", name, field, i);
		if (idn == 32)
			hexs(id, 32, t->log_id);
		/* checkpointKeyId.keyId (trusted root v0.2): the signed-note
		 * key ID its checkpoint signature lines carry, for logs whose
		 * checkpoint key ID differs from logId; a truncated hash that
		 * SHOULD be 4 bytes (Rekor v2 roots give the whole 32) */
		const char *ck = jstr(json_object_get(li, "checkpointKeyId"), "keyId");
		if (json_object_get(li, "checkpointKeyId")) {
			unsigned char cb[40];
			long cn = ck && strlen(ck) <= 48
				  ? b64_decode(ck, strlen(ck), cb, sizeof(cb)) : -1;
			if (cn < 4 || cn > 32)
				return diag_error(d, BH_EPARSE, 0, 0, "%s: %s[%zu] "
						  "checkpointKeyId.keyId is not a base64 "
						  "key ID of 4 to 32 bytes", name, field, i);
			memcpy(t->ckid, cb, 4);
			t->has_ckid = true;
		}
		if (!url_host(jstr(li, "baseUrl"), t->origin, sizeof(t->origin)))
			return diag_error(d, BH_EPARSE, 0, 0, "%s: %s[%zu] baseUrl is "
					  "not an http(s) or scheme-less URL with a "
					  "host", name, field, i);
	}
	return 0;
}

int img_kl_root_parse(const char *json, size_t len, const char *name,
		      struct img_kl_root **out, struct diag *d)
{
	*out = NULL;
	json_t *j = load(json, len, IMG_KL_MAX_ROOT, name, d);
	if (!j)
		return d->code ? d->code : BH_EPARSE;
	drop_nulls(j, 0);
	const char *mt = jstr(j, "mediaType");
	if (mt && strncmp(mt, "application/vnd.dev.sigstore.trustedroot", 40) != 0) {
		char m[84];
		clean(m, sizeof(m), mt, strnlen(mt, 80));
		json_decref(j);   /* mt lives in j */
		return diag_error(d, BH_EPARSE, 0, 0, "%s: mediaType %s is not a "
				  "Sigstore trusted root", name, m);
	}
	struct img_kl_root *r = calloc(1, sizeof(*r));
	if (!r) {
		json_decref(j);
		return diag_error(d, BH_ENOMEM, 0, 0, "out of memory");
	}
	int rc = root_cas(r->cas, &r->ncas, json_object_get(j, "certificateAuthorities"),
			  "certificateAuthorities", true, name, d);
	if (rc == 0)
		rc = root_tlogs(r->tlogs, &r->ntlogs, json_object_get(j, "tlogs"),
				"tlogs", true, name, d);
	if (rc == 0)
		rc = root_tlogs(r->ctlogs, &r->nctlogs, json_object_get(j, "ctlogs"),
				"ctlogs", false, name, d);
	if (rc == 0)
		rc = root_cas(r->tsas, &r->ntsas, json_object_get(j, "timestampAuthorities"),
			      "timestampAuthorities", false, name, d);
	json_decref(j);
	if (rc != 0) {
		img_kl_root_free(r);
		return rc;
	}
	*out = r;
	return 0;
}

int img_kl_root_load(const char *path, struct img_kl_root **out,
		     struct diag *d)
{
	char *buf = NULL;
	size_t len = 0;
	struct diag fd;
	diag_init(&fd, NULL);
	*out = NULL;
	if (io_read_file(path, IMG_KL_MAX_ROOT, &buf, &len, &fd) != 0)
		return diag_error(d, fd.code, 0, 0, "cannot read %s: %s", path,
				  fd.message);
	int rc = img_kl_root_parse(buf, len, path, out, d);
	free(buf);
	return rc;
}

/* ---- Rekor bundle ---------------------------------------------------- */

void img_kl_bundle_clear(struct img_kl_bundle *b)
{
	free(b->body);
	memset(b, 0, sizeof(*b));
}

static bool is_b64(const char *s)
{
	for (; *s; s++)
		if (!isalnum((unsigned char)*s) && *s != '+' && *s != '/' && *s != '=')
			return false;
	return true;
}

int img_kl_bundle_parse(const char *json, size_t len,
			struct img_kl_bundle *b, struct diag *d)
{
	memset(b, 0, sizeof(*b));
	json_t *j = load(json, len, IMG_KL_MAX_BUNDLE, "bundle annotation", d);
	if (!j)
		return d->code ? d->code : BH_EPARSE;
	int rc = BH_EPARSE;
	const char *set = jstr(j, "SignedEntryTimestamp");
	json_t *pl = json_object_get(j, "Payload");
	const char *body = jstr(pl, "body"), *lid = jstr(pl, "logID");
	json_t *it = json_object_get(pl, "integratedTime");
	json_t *li = json_object_get(pl, "logIndex");
	long sl = -1;
	if (set && strlen(set) <= 4 * sizeof(b->set) / 3)
		sl = b64_decode(set, strlen(set), b->set, sizeof(b->set));
	if (sl <= 0)
		diag_error(d, rc, 0, 0, "bundle annotation: SignedEntryTimestamp "
			   "is missing or not base64");
	else if (!json_is_object(pl))
		diag_error(d, rc, 0, 0, "bundle annotation: no Payload object");
	else if (!body || !*body || !is_b64(body))
		diag_error(d, rc, 0, 0, "bundle annotation: Payload.body is missing "
			   "or not base64");
	else if (!json_is_integer(it) || json_integer_value(it) < 0)
		diag_error(d, rc, 0, 0, "bundle annotation: Payload.integratedTime "
			   "is not a non-negative integer");
	else if (!json_is_integer(li) || json_integer_value(li) < 0)
		diag_error(d, rc, 0, 0, "bundle annotation: Payload.logIndex is "
			   "not a non-negative integer");
	else if (!lid || strlen(lid) != 64 || strspn(lid, "0123456789abcdef") != 64)
		diag_error(d, rc, 0, 0, "bundle annotation: Payload.logID is not "
			   "64 lowercase hex digits");
	else if (!(b->body = strdup(body)))
		rc = diag_error(d, BH_ENOMEM, 0, 0, "out of memory");
	else {
		b->setlen = (size_t)sl;
		b->bodylen = strlen(body);
		b->integrated_time = (int64_t)json_integer_value(it);
		b->log_index = (int64_t)json_integer_value(li);
		memcpy(b->log_id, lid, 65);
		rc = 0;
	}
	json_decref(j);
	return rc;
}

/* ---- checks ---------------------------------------------------------- */

static bool digest_verify(EVP_PKEY *k, const void *msg, size_t n,
			  const unsigned char *sig, size_t sl)
{
	int id = EVP_PKEY_get_base_id(k);
	const EVP_MD *md = id == EVP_PKEY_ED25519 ? NULL : EVP_sha256();
	EVP_MD_CTX *c = EVP_MD_CTX_new();
	bool ok = c && EVP_DigestVerifyInit(c, NULL, md, NULL, k) == 1 &&
		  EVP_DigestVerify(c, sig, sl, msg, n) == 1;
	EVP_MD_CTX_free(c);
	return ok;
}

static X509 *pem_cert(const char *pem)
{
	size_t n = strnlen(pem, MAX_PEM + 1);
	if (n > MAX_PEM)
		return NULL;
	BIO *b = BIO_new_mem_buf(pem, (int)n);
	X509 *x = b ? PEM_read_bio_X509(b, NULL, NULL, NULL) : NULL;
	BIO_free(b);
	return x;
}

/* The SAN URIs and emails; true when one matches. */
static bool identity_ok(X509 *leaf, const struct img_kl_policy *p, char *seen,
			size_t seensz)
{
	GENERAL_NAMES *gn = X509_get_ext_d2i(leaf, NID_subject_alt_name, NULL, NULL);
	bool ok = false;
	pcre2_code *re = NULL;
	if (p->identity_re) {
		int ec;
		PCRE2_SIZE eo;
		re = pcre2_compile((PCRE2_SPTR)p->identity_re, PCRE2_ZERO_TERMINATED,
				   PCRE2_ANCHORED | PCRE2_ENDANCHORED | PCRE2_UTF,
				   &ec, &eo, NULL);
	}
	seen[0] = 0;
	for (int i = 0; gn && i < sk_GENERAL_NAME_num(gn); i++) {
		GENERAL_NAME *g = sk_GENERAL_NAME_value(gn, i);
		if (g->type != GEN_URI && g->type != GEN_EMAIL)
			continue;
		const ASN1_IA5STRING *s = g->d.ia5;
		const char *v = (const char *)ASN1_STRING_get0_data(s);
		size_t n = (size_t)ASN1_STRING_length(s);
		char c[256];
		clean(c, sizeof(c), v, n);
		size_t used = strlen(seen);
		if (used + 8 < seensz)
			snprintf(seen + used, seensz - used, "%s%s", used ? ", " : "", c);
		if (memchr(v, 0, n))
			continue;
		if (p->identity && strlen(p->identity) == n &&
		    memcmp(p->identity, v, n) == 0)
			ok = true;
		if (re) {
			pcre2_match_data *md = pcre2_match_data_create_from_pattern(re, NULL);
			if (md && pcre2_match(re, (PCRE2_SPTR)v, n, 0, 0, md, NULL) >= 0)
				ok = true;
			pcre2_match_data_free(md);
		}
	}
	pcre2_code_free(re);
	GENERAL_NAMES_free(gn);
	if (!seen[0])
		snprintf(seen, seensz, "none");
	return ok;
}

bool img_kl_regex_ok(const char *re, char *err, size_t errsz)
{
	int ec;
	PCRE2_SIZE eo;
	pcre2_code *c = pcre2_compile((PCRE2_SPTR)re, PCRE2_ZERO_TERMINATED,
				      PCRE2_ANCHORED | PCRE2_ENDANCHORED | PCRE2_UTF,
				      &ec, &eo, NULL);
	if (c) {
		pcre2_code_free(c);
		return true;
	}
	PCRE2_UCHAR msg[160];
	pcre2_get_error_message(ec, msg, sizeof(msg));
	snprintf(err, errsz, "%s at offset %zu", (const char *)msg, (size_t)eo);
	return false;
}

/* The OIDC issuer: the DER UTF8String of .1.8, else the raw .1.1. */
static bool issuer_of(X509 *leaf, char *out, size_t sz, bool *found)
{
	*found = false;
	out[0] = 0;
	const char *oids[2] = { OID_ISSUER_V2, OID_ISSUER_V1 };
	for (int k = 0; k < 2; k++) {
		ASN1_OBJECT *o = OBJ_txt2obj(oids[k], 1);
		int at = o ? X509_get_ext_by_OBJ(leaf, o, -1) : -1;
		ASN1_OBJECT_free(o);
		if (at < 0)
			continue;
		ASN1_OCTET_STRING *os = X509_EXTENSION_get_data(X509_get_ext(leaf, at));
		const unsigned char *d = ASN1_STRING_get0_data(os);
		long n = ASN1_STRING_length(os);
		if (k == 0) {
			ASN1_UTF8STRING *u = d2i_ASN1_UTF8STRING(NULL, &d, n);
			if (!u)
				return false;
			const char *v = (const char *)ASN1_STRING_get0_data(u);
			size_t l = (size_t)ASN1_STRING_length(u);
			bool nul = memchr(v, 0, l) != NULL;
			if (!nul && l < sz) {
				memcpy(out, v, l);
				out[l] = 0;
			}
			ASN1_UTF8STRING_free(u);
			if (nul || l >= sz)
				return false;
		} else {
			if ((size_t)n >= sz || memchr(d, 0, (size_t)n))
				return false;
			memcpy(out, d, (size_t)n);
			out[n] = 0;
		}
		*found = true;
		return true;
	}
	return true;
}

static const char *fmt_time(int64_t t, char *buf, size_t sz)
{
	time_t tt = (time_t)t;
	struct tm tm;
	if (!gmtime_r(&tt, &tm) || !strftime(buf, sz, "%Y-%m-%dT%H:%M:%SZ", &tm))
		snprintf(buf, sz, "%" PRId64, t);
	return buf;
}

/* Chain "leaf" (+ "chain" PEM intermediates) to a CA of the root valid at
 * t, verification time t.  0 ok, else 1 untrusted, 2 expired (why set). */
static int chain_ok(const struct img_kl_root *root, X509 *leaf,
		    const char *chain_pem, int64_t t, const char *when,
		    X509 **issuer, char *why, size_t wsz)
{
	X509_STORE *st = X509_STORE_new();
	STACK_OF(X509) *un = sk_X509_new_null();
	X509_STORE_CTX *ctx = X509_STORE_CTX_new();
	int res = 1;
	size_t usable = 0;
	if (!st || !un || !ctx) {
		snprintf(why, wsz, "untrusted certificate: out of memory");
		goto out;
	}
	for (size_t i = 0; i < root->ncas; i++) {
		const struct kl_ca *c = &root->cas[i];
		if (!in_window(t, c->start, c->end))
			continue;
		usable++;
		/* every certificate the root lists for this CA is an anchor
		 * (an intermediate alone too, as Sigstore clients read it) */
		for (size_t k = 0; k < c->n; k++)
			X509_STORE_add_cert(st, c->certs[k]);
	}
	if (!usable) {
		char tb[40];
		snprintf(why, wsz, "untrusted certificate: no certificate authority "
			 "of the trusted root is valid at the %s %s", when,
			 fmt_time(t, tb, sizeof(tb)));
		goto out;
	}
	if (chain_pem) {
		size_t n = strnlen(chain_pem, MAX_PEM + 1);
		BIO *b = n <= MAX_PEM ? BIO_new_mem_buf(chain_pem, (int)n) : NULL;
		X509 *x;
		int cnt = 0;
		while (b && cnt++ < IMG_KL_MAX_CERTS &&
		       (x = PEM_read_bio_X509(b, NULL, NULL, NULL)))
			sk_X509_push(un, x);
		BIO_free(b);
	}
	if (X509_STORE_CTX_init(ctx, st, leaf, un) != 1) {
		snprintf(why, wsz, "untrusted certificate: cannot set up the check");
		goto out;
	}
	X509_STORE_CTX_set_flags(ctx, X509_V_FLAG_PARTIAL_CHAIN);
	X509_STORE_CTX_set_time(ctx, 0, (time_t)t);
	if (X509_verify_cert(ctx) == 1) {
		STACK_OF(X509) *ch = X509_STORE_CTX_get0_chain(ctx);
		if (issuer && ch && sk_X509_num(ch) > 1 &&
		    X509_up_ref(sk_X509_value(ch, 1)) == 1)
			*issuer = sk_X509_value(ch, 1);
		res = 0;
		goto out;
	}
	int err = X509_STORE_CTX_get_error(ctx);
	int depth = X509_STORE_CTX_get_error_depth(ctx);
	char tb[40];
	if (err == X509_V_ERR_CERT_HAS_EXPIRED || err == X509_V_ERR_CERT_NOT_YET_VALID) {
		res = 2;
		snprintf(why, wsz, "expired certificate: the %s certificate is %s at "
			 "the %s %s", depth == 0 ? "signing" : "CA",
			 err == X509_V_ERR_CERT_HAS_EXPIRED ? "expired" : "not yet valid",
			 when, fmt_time(t, tb, sizeof(tb)));
	} else {
		snprintf(why, wsz, "untrusted certificate: the signing certificate "
			 "does not chain to a certificate authority of the trusted "
			 "root (%s, depth %d)", X509_verify_cert_error_string(err), depth);
	}
out:
	X509_STORE_CTX_free(ctx);
	sk_X509_pop_free(un, X509_free);
	X509_STORE_free(st);
	return res;
}

/* The Rekor entry's body: base64 JSON, decoded and parsed (bounded), or
 * NULL when it is not. */
static json_t *body_json(const struct img_kl_bundle *b)
{
	unsigned char *raw = malloc(b->bodylen + 1);
	long n = raw ? b64_decode(b->body, b->bodylen, raw, b->bodylen) : -1;
	struct diag d;
	diag_init(&d, NULL);
	json_t *j = n > 0 ? load((const char *)raw, (size_t)n, IMG_KL_MAX_BUNDLE,
				 "tlog body", &d) : NULL;
	free(raw);
	return j;
}

/* The hashedrekord body names the payload's hash, the signature and the
 * certificate.  true or why set. */
static bool body_ok(const struct img_kl_bundle *b, const void *payload,
		    size_t plen, const unsigned char *sig, size_t sl, X509 *leaf,
		    char *why, size_t wsz)
{
	json_t *j = body_json(b);
	bool ok = false;
	const char *kind = jstr(j, "kind"), *ver = jstr(j, "apiVersion");
	json_t *spec = json_object_get(j, "spec");
	json_t *hash = json_object_get(json_object_get(spec, "data"), "hash");
	json_t *sg = json_object_get(spec, "signature");
	const char *alg = jstr(hash, "algorithm"), *val = jstr(hash, "value");
	const char *sc = jstr(sg, "content");
	const char *pk = jstr(json_object_get(sg, "publicKey"), "content");
	if (!j) {
		snprintf(why, wsz, "tlog body mismatch: the Rekor entry body is not "
			 "base64 JSON");
		goto out;
	}
	if (!kind || strcmp(kind, "hashedrekord") != 0 || !ver ||
	    strcmp(ver, "0.0.1") != 0) {
		char k[64];
		clean(k, sizeof(k), kind ? kind : "(none)", strlen(kind ? kind : "(none)"));
		snprintf(why, wsz, "tlog body mismatch: the Rekor entry is of kind "
			 "%s, not hashedrekord 0.0.1", k);
		goto out;
	}
	const EVP_MD *md = !alg ? NULL : strcmp(alg, "sha256") == 0 ? EVP_sha256()
			   : strcmp(alg, "sha384") == 0 ? EVP_sha384()
			   : strcmp(alg, "sha512") == 0 ? EVP_sha512() : NULL;
	unsigned char h[EVP_MAX_MD_SIZE];
	unsigned int hl = 0;
	char hx[2 * EVP_MAX_MD_SIZE + 1];
	if (!md || !val || EVP_Digest(payload, plen, h, &hl, md, NULL) != 1) {
		snprintf(why, wsz, "tlog body mismatch: the Rekor entry names no "
			 "sha256/sha384/sha512 hash");
		goto out;
	}
	hexs(h, hl, hx);
	if (strcmp(hx, val) != 0) {
		snprintf(why, wsz, "tlog body mismatch: the Rekor entry records "
			 "another payload hash than the signed payload's %s:%.64s",
			 alg, hx);
		goto out;
	}
	unsigned char es[1024];
	long el = sc && strlen(sc) <= 4 * sizeof(es) / 3
		  ? b64_decode(sc, strlen(sc), es, sizeof(es)) : -1;
	if (el <= 0 || (size_t)el != sl || memcmp(es, sig, sl) != 0) {
		snprintf(why, wsz, "tlog body mismatch: the Rekor entry records "
			 "another signature than the one checked");
		goto out;
	}
	size_t pn = 0;
	unsigned char *pem = pk && strlen(pk) < MAX_PEM ? raw_bytes(pk, &pn) : NULL;
	X509 *x = NULL;
	if (pem) {
		char *z = realloc(pem, pn + 1);
		if (z) {
			pem = (unsigned char *)z;
			pem[pn] = 0;
			x = pem_cert((const char *)pem);
		}
	}
	free(pem);
	if (!x || X509_cmp(x, leaf) != 0) {
		snprintf(why, wsz, "tlog body mismatch: the Rekor entry records "
			 "another certificate than the signing one");
		X509_free(x);
		goto out;
	}
	X509_free(x);
	ok = true;
out:
	json_decref(j);
	return ok;
}

/* The hash the hashedrekord body names (sha256 when it names none
 * readable): Rekor verifies the signature over that digest. */
static const EVP_MD *body_md(const struct img_kl_bundle *b)
{
	json_t *j = body_json(b);
	json_t *data = json_object_get(json_object_get(j, "spec"), "data");
	const char *alg = jstr(json_object_get(data, "hash"), "algorithm");
	const EVP_MD *md = alg && strcmp(alg, "sha384") == 0 ? EVP_sha384()
			   : alg && strcmp(alg, "sha512") == 0 ? EVP_sha512()
			   : EVP_sha256();
	json_decref(j);
	return md;
}

static const char *pkey_name(EVP_PKEY *k)
{
	switch (EVP_PKEY_get_base_id(k)) {
	case EVP_PKEY_EC: return "ECDSA";
	case EVP_PKEY_RSA: return "RSA";
	case EVP_PKEY_ED25519: return "Ed25519";
	default: return "unknown";
	}
}

/* ---- inclusion proof and checkpoint (Sigstore bundle files) ----------- */

struct kl_proof {
	int64_t index, tree_size;
	unsigned char root[32];
	unsigned char (*hashes)[32];
	size_t nhashes;
	const char *checkpoint;      /* the signed note, or NULL */
};

static void node(unsigned char out[32], const unsigned char l[32],
		 const unsigned char r[32])
{
	unsigned char buf[65];
	buf[0] = 1;
	memcpy(buf + 1, l, 32);
	memcpy(buf + 33, r, 32);
	unsigned int n;
	EVP_Digest(buf, sizeof(buf), out, &n, EVP_sha256(), NULL);
}

/* RFC 9162 2.1.3.2: the root the audit path leads to from leaf "index". */
static bool proof_root(const struct kl_proof *pr, const unsigned char leaf[32],
		       unsigned char out[32])
{
	if (pr->index < 0 || pr->tree_size <= 0 || pr->index >= pr->tree_size)
		return false;
	uint64_t fn = (uint64_t)pr->index, sn = (uint64_t)pr->tree_size - 1;
	unsigned char r[32];
	memcpy(r, leaf, 32);
	for (size_t i = 0; i < pr->nhashes; i++) {
		if (sn == 0)
			return false;
		if ((fn & 1) || fn == sn) {
			node(r, pr->hashes[i], r);
			if (!(fn & 1))
				while (fn && !(fn & 1)) {
					fn >>= 1;
					sn >>= 1;
				}
		} else {
			node(r, r, pr->hashes[i]);
		}
		fn >>= 1;
		sn >>= 1;
	}
	if (sn != 0)
		return false;
	memcpy(out, r, 32);
	return true;
}

/* The signed-note key hint (the first 4 bytes of the key ID) the log's
 * checkpoint signature lines carry.  The trusted root's checkpointKeyId
 * when it gives one (protobuf-specs TransparencyLogInstance
 * checkpoint_key_id: "when not set, clients MUST use log_id", or compute
 * it from the key as below).  Else Rekor v1: the log ID (SHA-256 of
 * the DER key).  Rekor v2 (rekor-tiles pkg/note, c2sp signed-note):
 * Ed25519 SHA-256(origin "\n" 0x01 key32); ECDSA SHA-256(DER key), as
 * rekor-tiles keeps it; RSA SHA-256(origin "\n" 0xff
 * "PKIX-RSA-PKCS#1v1.5" DER key).  false when it cannot be made. */
static bool note_hint(const struct kl_tlog *tl, bool v2, unsigned char hint[4])
{
	if (tl->has_ckid) {
		memcpy(hint, tl->ckid, 4);
		return true;
	}
	if (!v2) {
		for (int i = 0; i < 4; i++) {
			unsigned v;
			if (sscanf(tl->log_id + 2 * i, "%2x", &v) != 1)
				return false;
			hint[i] = (unsigned char)v;
		}
		return true;
	}
	int id = EVP_PKEY_get_base_id(tl->key);
	unsigned char *der = NULL, raw[32], md[32];
	size_t rl = sizeof(raw);
	int dl = id == EVP_PKEY_ED25519 ? 0 : i2d_PUBKEY(tl->key, &der);
	size_t on = strlen(tl->origin);
	unsigned int ml;
	bool ok = false;
	EVP_MD_CTX *c = EVP_MD_CTX_new();
	if (!c || EVP_DigestInit_ex(c, EVP_sha256(), NULL) != 1)
		goto out;
	if (id == EVP_PKEY_EC && dl > 0) {
		ok = EVP_DigestUpdate(c, der, (size_t)dl) == 1;
	} else if (id == EVP_PKEY_ED25519) {
		ok = EVP_PKEY_get_raw_public_key(tl->key, raw, &rl) == 1 && rl == 32 &&
		     EVP_DigestUpdate(c, tl->origin, on) == 1 &&
		     EVP_DigestUpdate(c, "\n\x01", 2) == 1 &&
		     EVP_DigestUpdate(c, raw, 32) == 1;
	} else if (id == EVP_PKEY_RSA && dl > 0) {
		static const char rsa_id[] = "\n\xff" "PKIX-RSA-PKCS#1v1.5";
		ok = EVP_DigestUpdate(c, tl->origin, on) == 1 &&
		     EVP_DigestUpdate(c, rsa_id, sizeof(rsa_id) - 1) == 1 &&
		     EVP_DigestUpdate(c, der, (size_t)dl) == 1;
	}
	ok = ok && EVP_DigestFinal_ex(c, md, &ml) == 1;
	if (ok)
		memcpy(hint, md, 4);
out:
	EVP_MD_CTX_free(c);
	OPENSSL_free(der);
	ERR_clear_error();
	return ok;
}

/* A checkpoint (a signed note, c2sp.org/signed-note and tlog-checkpoint)
 * taken apart: its body "ORIGIN\nSIZE\nBASE64ROOT\n[extension lines]" up
 * to the blank line is what the signatures are over; after the blank line
 * come the signature lines "— NAME BASE64(4-byte key hint || signature)".
 * note_split checks the body names the proof's tree size and root. */
struct kl_note {
	const char *text;            /* the note */
	size_t blen;                 /* the signed body's length, last \n included */
	size_t olen;                 /* the origin line's length (text[0..olen)) */
	const char *sigs, *end;      /* the signature lines */
};

static bool note_split(const char *note, const struct kl_proof *pr,
		       struct kl_note *nt, char *why, size_t wsz)
{
	size_t n = strnlen(note, 65536);
	const char *sep = NULL;
	for (size_t i = 0; i + 1 < n && !sep; i++)
		if (note[i] == '\n' && note[i + 1] == '\n')
			sep = note + i;
	if (n >= 65536 || !sep) {
		snprintf(why, wsz, "bad tlog entry: the checkpoint is not a signed "
			 "note (no blank line)");
		return false;
	}
	size_t blen = (size_t)(sep - note) + 1;
	/* body lines 2 and 3: size and root */
	const char *l2 = memchr(note, '\n', blen);
	const char *l3 = l2 ? memchr(l2 + 1, '\n', blen - (size_t)(l2 + 1 - note)) : NULL;
	const char *l4 = l3 ? memchr(l3 + 1, '\n', blen - (size_t)(l3 + 1 - note)) : NULL;
	char size[32] = "", root[64] = "";
	if (l3 && (size_t)(l3 - l2 - 1) < sizeof(size))
		memcpy(size, l2 + 1, (size_t)(l3 - l2 - 1));
	if (l4 && (size_t)(l4 - l3 - 1) < sizeof(root))
		memcpy(root, l3 + 1, (size_t)(l4 - l3 - 1));
	unsigned char rh[48];
	long rl = root[0] ? b64_decode(root, strlen(root), rh, sizeof(rh)) : -1;
	char want[32];
	snprintf(want, sizeof(want), "%" PRId64, pr->tree_size);
	if (rl != 32 || strcmp(size, want) != 0 || memcmp(rh, pr->root, 32) != 0) {
		snprintf(why, wsz, "bad tlog entry: the checkpoint names another "
			 "tree size or root hash than the inclusion proof");
		return false;
	}
	/* signature lines: at most CHECKPOINT_MAX_SIGS (a hostile 64 KiB
	 * note holds ~4,000 lines, each tried under every log key of the
	 * trusted root that claims it) */
	const char *p = sep + 2, *end = note + n;
	size_t lines = 0;
	for (const char *q = p; q < end; q++)
		lines += *q == '\n' || q + 1 == end;
	if (lines > CHECKPOINT_MAX_SIGS) {
		snprintf(why, wsz, "bad tlog entry: the checkpoint has %zu signature "
			 "lines (at most %d are read)", lines, CHECKPOINT_MAX_SIGS);
		return false;
	}
	nt->text = note;
	nt->blen = blen;
	nt->olen = (size_t)(l2 - note);
	nt->sigs = p;
	nt->end = end;
	return true;
}

enum { NOTE_NONE, NOTE_GOOD, NOTE_BAD };

/* The note's signature lines by one key.  c2sp signed-note names a key by
 * its name and key ID together: a line is the key's when it carries the
 * key hint and, when name is given (Rekor v2), that key name; any other
 * line (a witness cosignature, another log) is ignored, as the spec says
 * verifiers MUST.  NOTE_GOOD: there is such a line and every one verifies
 * under key; NOTE_BAD: one does not (the spec: clients SHOULD reject the
 * whole note); NOTE_NONE: there is none.  A line not of the form
 * "— NAME BASE64" is no key's. */
static int note_by_key(const struct kl_note *nt, const char *name,
		       const unsigned char hint[4], EVP_PKEY *key)
{
	static const char dash[] = "\xe2\x80\x94 ";   /* U+2014 SP */
	size_t nl = name ? strlen(name) : 0;
	int r = NOTE_NONE;
	for (const char *p = nt->sigs; p < nt->end;) {
		const char *eol = memchr(p, '\n', (size_t)(nt->end - p));
		if (!eol)
			eol = nt->end;
		const char *ln = p + 4;   /* the name, after the dash */
		const char *sp = (size_t)(eol - p) > 4 && memcmp(p, dash, 4) == 0
				 ? memchr(ln, ' ', (size_t)(eol - ln)) : NULL;
		p = eol + 1;
		if (!sp || sp == ln || (name && ((size_t)(sp - ln) != nl ||
						 memcmp(ln, name, nl) != 0)))
			continue;
		unsigned char sig[600];
		size_t sl = (size_t)(eol - sp - 1);
		long dn = sl < 4 * sizeof(sig) / 3
			  ? b64_decode(sp + 1, sl, sig, sizeof(sig)) : -1;
		if (dn <= 4 || memcmp(sig, hint, 4) != 0)
			continue;
		if (!digest_verify(key, nt->text, nt->blen, sig + 4, (size_t)dn - 4))
			return NOTE_BAD;
		r = NOTE_GOOD;
	}
	return r;
}

/* Rekor v1: the checkpoint of an entry whose log the SET has named.  A
 * line with the log's key hint (note_hint) must verify under its key; the
 * line's name and the origin ("HOST - TREEID", the Trillian tree of the
 * shard, which no trusted root records) are not compared, as rekor's own
 * verifier (VerifyCheckpointSignature), sigstore-go and sigstore-python
 * do not compare them; other keys' lines are ignored. */
static bool checkpoint_v1(const struct kl_note *nt, const struct kl_tlog *tl,
			  char *why, size_t wsz)
{
	unsigned char hint[4];
	if (!note_hint(tl, false, hint)) {
		snprintf(why, wsz, "bad tlog entry: no checkpoint key hint can be "
			 "made for the log's %s key", pkey_name(tl->key));
		return false;
	}
	int r = note_by_key(nt, NULL, hint, tl->key);
	if (r == NOTE_NONE)
		snprintf(why, wsz, "bad tlog entry: no checkpoint signature line "
			 "carries the key hint %02x%02x%02x%02x of the log's %s",
			 hint[0], hint[1], hint[2], hint[3],
			 tl->has_ckid ? "checkpointKeyId" : "key");
	else if (r == NOTE_BAD)
		snprintf(why, wsz, "bad tlog entry: the checkpoint is not signed by "
			 "the log's key (a signature line with its key hint "
			 "%02x%02x%02x%02x does not verify)", hint[0], hint[1],
			 hint[2], hint[3]);
	return r == NOTE_GOOD;
}

/* The leaf hash of the entry body and its audit path to the proof's root
 * hash (RFC 9162), and the checkpoint taken apart (note_split). */
static bool proof_ok(const struct kl_proof *pr, const struct img_kl_bundle *b,
		     struct kl_note *nt, char *why, size_t wsz)
{
	size_t cap = b->bodylen;
	unsigned char *buf = malloc(cap + 1);
	long n = buf ? b64_decode(b->body, b->bodylen, buf + 1, cap) : -1;
	unsigned char leaf[32], root[32];
	unsigned int ml;
	if (n <= 0) {
		free(buf);
		snprintf(why, wsz, "bad tlog entry: the entry body is not base64");
		return false;
	}
	buf[0] = 0;
	EVP_Digest(buf, (size_t)n + 1, leaf, &ml, EVP_sha256(), NULL);
	free(buf);
	if (!proof_root(pr, leaf, root) || memcmp(root, pr->root, 32) != 0) {
		snprintf(why, wsz, "bad tlog entry: the inclusion proof does not lead "
			 "from the entry to the root hash (index %" PRId64 " of %"
			 PRId64 ")", pr->index, pr->tree_size);
		return false;
	}
	if (!pr->checkpoint) {
		snprintf(why, wsz, "bad tlog entry: the inclusion proof has no "
			 "checkpoint signed by the log");
		return false;
	}
	return note_split(pr->checkpoint, pr, nt, why, wsz);
}

/* Rekor v2: the tlog of the root that signed the checkpoint, found as
 * protobuf-specs' TransparencyLogInstance says clients find it: from the
 * checkpoint's signature lines, by key name (the log's origin, the host
 * of the instance's baseUrl) and key ID (its checkpointKeyId, else the
 * hint made from its key, note_hint), not by the entry's logId.  The
 * instances whose name is the checkpoint's origin are candidates; one
 * whose lines all verify (note_by_key) and whose key is valid at time t
 * is the log; when the entry gives a logId it must be that log's.  A line
 * of a candidate that does not verify refuses the checkpoint; lines of no
 * candidate (witnesses) are ignored.  Several instances of one name (a
 * rotated key, a key listed with several validFor windows): the first
 * that passes.  NULL and why set when none does. */
static const struct kl_tlog *v2_select(const struct img_kl_root *root,
				       const struct kl_note *nt, const char *lid,
				       int64_t t, char *why, size_t wsz)
{
	const struct kl_tlog *ref = NULL, *sel = NULL, *bad = NULL,
			     *late = NULL, *other = NULL, *cand = NULL;
	size_t nurl = 0, ncand = 0;
	unsigned char hint[4], bh[4] = { 0 }, ch[4] = { 0 };
	bool hinted = true;
	for (size_t i = 0; i < root->ntlogs; i++) {
		const struct kl_tlog *c = &root->tlogs[i];
		if (lid[0] && !ref && strcmp(c->log_id, lid) == 0)
			ref = c;
		if (!c->origin[0])
			continue;
		nurl++;
		if (strlen(c->origin) != nt->olen ||
		    memcmp(c->origin, nt->text, nt->olen) != 0)
			continue;
		if (!note_hint(c, true, hint)) {
			hinted = false;
			cand = c;
			continue;
		}
		if (ncand++ == 0) {
			cand = c;
			memcpy(ch, hint, 4);
		}
		int r = note_by_key(nt, c->origin, hint, c->key);
		if (r == NOTE_BAD && !bad) {
			bad = c;
			memcpy(bh, hint, 4);
		} else if (r == NOTE_GOOD) {
			if (!in_window(t, c->start, c->end))
				late = late ? late : c;
			else if (lid[0] && strcmp(c->log_id, lid) != 0)
				other = other ? other : c;
			else if (!sel)
				sel = c;
		}
	}
	if (!ref && nurl == 1)
		for (size_t i = 0; i < root->ntlogs && !ref; i++)
			if (root->tlogs[i].origin[0])
				ref = &root->tlogs[i];
	char o[80], tb[40];
	clean(o, sizeof(o), nt->text, nt->olen < 64 ? nt->olen : 64);
	if (bad) {
		snprintf(why, wsz, "bad tlog entry: the checkpoint is not signed by "
			 "the log's key (its signature line named %.100s with the "
			 "key hint %02x%02x%02x%02x does not verify)", bad->origin,
			 bh[0], bh[1], bh[2], bh[3]);
		return NULL;
	}
	if (sel)
		return sel;
	if (nurl == 0 || (ref && !ref->origin[0])) {
		const struct kl_tlog *c = ref ? ref : &root->tlogs[0];
		snprintf(why, wsz, "bad tlog entry: the trusted root gives log "
			 "%.16s... no baseUrl (a Rekor v2 checkpoint's origin is "
			 "its host)", c->log_id);
	} else if (!cand && ref) {
		snprintf(why, wsz, "bad tlog entry: the checkpoint's origin is %s, "
			 "not %.100s (the host of the log's baseUrl)", o, ref->origin);
	} else if (!cand) {
		snprintf(why, wsz, "bad tlog entry: the checkpoint's origin is %s, "
			 "the host of no tlog's baseUrl in the trusted root", o);
	} else if (late) {
		snprintf(why, wsz, "bad tlog entry: the log key was not valid at "
			 "the timestamp's time %s", fmt_time(t, tb, sizeof(tb)));
	} else if (other) {
		snprintf(why, wsz, "bad tlog entry: the entry's logId %.16s... is "
			 "not the log that signed the checkpoint (%.16s...)", lid,
			 other->log_id);
	} else if (!hinted && ncand == 0) {
		snprintf(why, wsz, "bad tlog entry: no checkpoint key hint can be "
			 "made for the log's %s key", pkey_name(cand->key));
	} else if (ncand == 1) {
		snprintf(why, wsz, "bad tlog entry: no checkpoint signature line "
			 "named %.100s carries the key hint %02x%02x%02x%02x of the "
			 "log's %s", cand->origin, ch[0], ch[1], ch[2], ch[3],
			 cand->has_ckid ? "checkpointKeyId" : "key");
	} else {
		snprintf(why, wsz, "bad tlog entry: no checkpoint signature line "
			 "named %.100s carries the key hint of one of the %zu tlogs "
			 "of that name in the trusted root", cand->origin, ncand);
	}
	return NULL;
}

static bool verify_md(EVP_PKEY *k, const EVP_MD *md, int pad,
		      const void *msg, size_t n, const unsigned char *sig, size_t sl)
{
	EVP_MD_CTX *c = EVP_MD_CTX_new();
	EVP_PKEY_CTX *pc = NULL;
	bool ok = false;
	if (c && EVP_DigestVerifyInit(c, &pc, md, NULL, k) == 1) {
		int r = 1;
		if (pad == 1)
			r = EVP_PKEY_CTX_set_rsa_padding(pc, RSA_PKCS1_PADDING);
		else if (pad == 2)
			r = EVP_PKEY_CTX_set_rsa_padding(pc, RSA_PKCS1_PSS_PADDING) > 0 &&
			    EVP_PKEY_CTX_set_rsa_pss_saltlen(pc, RSA_PSS_SALTLEN_AUTO) > 0;
		ok = r > 0 && EVP_DigestVerify(c, sig, sl, msg, n) == 1;
	}
	EVP_MD_CTX_free(c);
	ERR_clear_error();
	return ok;
}

/* ---- Certificate Transparency (RFC 6962) ------------------------------ */

static void put_be(unsigned char *p, uint64_t v, int n)
{
	for (int i = n - 1; i >= 0; i--, v >>= 8)
		p[i] = (unsigned char)(v & 0xff);
}

/* The precertificate TBS a CT log signed: the leaf's TBSCertificate with
 * the SCT list extension taken out, DER (heap, *n bytes), or NULL. */
static unsigned char *precert_tbs(X509 *leaf, size_t *n)
{
	X509 *c = X509_dup(leaf);
	int at = c ? X509_get_ext_by_NID(c, NID_ct_precert_scts, -1) : -1;
	unsigned char *der = NULL;
	if (at >= 0) {
		X509_EXTENSION_free(X509_delete_ext(c, at));
		int l = i2d_re_X509_tbs(c, &der);
		if (l <= 0 || l >= (1 << 24)) {
			OPENSSL_free(der);
			der = NULL;
		} else {
			*n = (size_t)l;
		}
	}
	X509_free(c);
	return der;
}

/* RFC 6962 3.2: the digitally-signed struct of an SCT over a precert
 * entry: version, signature_type certificate_timestamp, timestamp,
 * entry_type precert_entry, issuer_key_hash, tbs (24-bit length),
 * extensions (16-bit length).  Does it verify under the log's key? */
static bool sct_sig_ok(const SCT *sct, EVP_PKEY *key, const unsigned char ikh[32],
		       const unsigned char *tbs, size_t tn)
{
	unsigned char *ext = NULL, *sig = NULL;
	size_t en = SCT_get0_extensions(sct, &ext);
	size_t sn = SCT_get0_signature(sct, &sig);
	int nid = SCT_get_signature_nid(sct);
	if (!sig || sn == 0 || en > 0xffff ||
	    (nid != NID_ecdsa_with_SHA256 && nid != NID_sha256WithRSAEncryption))
		return false;
	size_t mn = 12 + 32 + 3 + tn + 2 + en;
	unsigned char *m = malloc(mn), *p = m;
	if (!m)
		return false;
	*p++ = 0;                        /* version v1 */
	*p++ = 0;                        /* certificate_timestamp */
	put_be(p, SCT_get_timestamp(sct), 8);
	p += 8;
	put_be(p, 1, 2);                 /* precert_entry */
	p += 2;
	memcpy(p, ikh, 32);
	p += 32;
	put_be(p, tn, 3);
	p += 3;
	memcpy(p, tbs, tn);
	p += tn;
	put_be(p, en, 2);
	p += 2;
	if (en)
		memcpy(p, ext, en);
	bool ok = verify_md(key, EVP_sha256(), nid == NID_sha256WithRSAEncryption,
			    m, mn, sig, sn);
	free(m);
	return ok;
}

/* When the root lists CT logs: one SCT embedded in the leaf is from one
 * of them and verifies over the precertificate (issuer's key hash from
 * the verified chain).  true, with "ct" naming the log; else why set. */
static bool sct_ok(const struct img_kl_root *root, X509 *leaf, X509 *issuer,
		   char *ct, size_t ctsz, char *why, size_t wsz)
{
	ct[0] = 0;
	if (root->nctlogs == 0)
		return true;
	STACK_OF(SCT) *scts = X509_get_ext_d2i(leaf, NID_ct_precert_scts, NULL, NULL);
	int ns = scts ? sk_SCT_num(scts) : 0;
	bool ok = false, known = false;
	unsigned char *tbs = NULL, *spki = NULL;
	size_t tn = 0;
	if (ns <= 0) {
		snprintf(why, wsz, "bad sct: the signing certificate has no embedded "
			 "SCT, and the trusted root lists %zu CT log(s)", root->nctlogs);
		goto out;
	}
	int sl = issuer ? i2d_X509_PUBKEY(X509_get_X509_PUBKEY(issuer), &spki) : -1;
	unsigned char ikh[32];
	unsigned int hl;
	if (sl <= 0 || EVP_Digest(spki, (size_t)sl, ikh, &hl, EVP_sha256(), NULL) != 1 ||
	    !(tbs = precert_tbs(leaf, &tn))) {
		snprintf(why, wsz, "bad sct: the precertificate the CT log signed "
			 "cannot be rebuilt from the signing certificate");
		goto out;
	}
	char idhex[65] = "", outside[200] = "";
	for (int i = 0; i < ns && !ok; i++) {
		const SCT *sct = sk_SCT_value(scts, i);
		unsigned char *id = NULL;
		size_t il = SCT_get0_log_id(sct, &id);
		if (SCT_get_version(sct) != SCT_VERSION_V1 || il != 32)
			continue;
		hexs(id, 32, idhex);
		/* the SCT's time (when the log saw the precertificate, the
		 * certificate's issuance) must fall in the CT log key's
		 * validFor [start, end], as sigstore-go skips SCTs outside it */
		uint64_t ms = SCT_get_timestamp(sct);
		int64_t st = ms / 1000 > (uint64_t)INT64_MAX ? INT64_MAX : (int64_t)(ms / 1000);
		for (size_t k = 0; k < root->nctlogs && !ok; k++) {
			const struct kl_tlog *cl = &root->ctlogs[k];
			if (strcmp(cl->log_id, idhex) != 0)
				continue;
			known = true;
			if (!sct_sig_ok(sct, cl->key, ikh, tbs, tn))
				continue;
			char tb[40], sb[40], eb[40];
			if (!in_window(st, cl->start, cl->end)) {
				snprintf(outside, sizeof(outside), "%.16s... at %s, outside "
					 "the CT log key's validFor [%s, %s]", idhex,
					 fmt_time(st, tb, sizeof(tb)),
					 cl->start == INT64_MIN ? "-" : fmt_time(cl->start, sb, sizeof(sb)),
					 cl->end == INT64_MAX ? "-" : fmt_time(cl->end, eb, sizeof(eb)));
				continue;
			}
			snprintf(ct, ctsz, "SCT from CT log %.16s... at %s", idhex,
				 fmt_time(st, tb, sizeof(tb)));
			ok = true;
		}
	}
	if (!ok && outside[0])
		snprintf(why, wsz, "bad sct: the SCT from CT log %s", outside);
	else if (!ok && known)
		snprintf(why, wsz, "bad sct: the SCT from CT log %.16s... does not "
			 "verify over the signing certificate (a changed certificate "
			 "or SCT)", idhex);
	else if (!ok)
		snprintf(why, wsz, "bad sct: none of the %d SCT(s) in the signing "
			 "certificate is from a CT log of the trusted root (first "
			 "log %.16s...)", ns, idhex[0] ? idhex : "unreadable");
out:
	OPENSSL_free(tbs);
	OPENSSL_free(spki);
	SCT_LIST_free(scts);
	return ok;
}

/* The base64 signature over msg under the certificate's key: ECDSA with
 * the hash cosign pairs with the curve (P-256 SHA-256, P-384 SHA-384,
 * P-521 SHA-512) or else the one the Rekor entry names (sigstore-python
 * signs P-384 with SHA-256); RSA PKCS#1 v1.5 or PSS with SHA-256 (or the
 * entry's hash); Ed25519 pure.  "scheme" names what verified. */
static bool leaf_sig_ok(EVP_PKEY *k, const void *msg, size_t n,
			const char *b64, const EVP_MD *entry_md, char *scheme,
			size_t ssz)
{
	unsigned char sig[1024];
	size_t bl = strlen(b64);
	long sl = bl <= 4 * sizeof(sig) / 3 ? b64_decode(b64, bl, sig, sizeof(sig)) : -1;
	if (sl <= 0)
		return false;
	int id = EVP_PKEY_get_base_id(k), bits = EVP_PKEY_get_bits(k);
	if (id == EVP_PKEY_ED25519) {
		snprintf(scheme, ssz, "Ed25519");
		return verify_md(k, NULL, 0, msg, n, sig, (size_t)sl);
	}
	const EVP_MD *mds[2] = {
		id == EVP_PKEY_EC && bits == 384 ? EVP_sha384()
		: id == EVP_PKEY_EC && bits == 521 ? EVP_sha512() : EVP_sha256(),
		entry_md };
	for (int m = 0; m < 2; m++) {
		if (m == 1 && EVP_MD_get_type(mds[1]) == EVP_MD_get_type(mds[0]))
			break;
		const char *mn = EVP_MD_get_type(mds[m]) == NID_sha384 ? "SHA-384"
				 : EVP_MD_get_type(mds[m]) == NID_sha512 ? "SHA-512"
				 : "SHA-256";
		if (id == EVP_PKEY_EC) {
			snprintf(scheme, ssz, "ECDSA P-%d %s", bits, mn);
			if (verify_md(k, mds[m], 0, msg, n, sig, (size_t)sl))
				return true;
		} else if (id == EVP_PKEY_RSA) {
			snprintf(scheme, ssz, "RSA PKCS#1 v1.5 %s", mn);
			if (verify_md(k, mds[m], 1, msg, n, sig, (size_t)sl))
				return true;
			snprintf(scheme, ssz, "RSA-PSS %s", mn);
			if (verify_md(k, mds[m], 2, msg, n, sig, (size_t)sl))
				return true;
		} else {
			return false;
		}
	}
	return false;
}

/* The log entry: the SET under the log key named by logID, the
 * inclusion proof (when given), the log key valid at the integrated
 * time.  true or why set. */
static bool tlog_ok(const struct img_kl_policy *p, const struct img_kl_bundle *b,
		    const struct kl_proof *proof, char *why, size_t whysz)
{
	/* the SET signs the logID, so it names the log; a root may list one
	 * log key more than once (several validFor windows): the first whose
	 * key verifies the SET and is valid at the integrated time */
	const struct kl_tlog *tl = NULL, *late = NULL;
	bool known = false;
	size_t cl = b->bodylen + 160;
	char *canon = malloc(cl);
	if (!canon) {
		snprintf(why, whysz, "bad tlog entry: out of memory");
		return false;
	}
	int cn = snprintf(canon, cl, "{\"body\":\"%s\",\"integratedTime\":%" PRId64
			  ",\"logID\":\"%s\",\"logIndex\":%" PRId64 "}", b->body,
			  b->integrated_time, b->log_id, b->log_index);
	for (size_t i = 0; i < p->root->ntlogs && !tl; i++) {
		const struct kl_tlog *c = &p->root->tlogs[i];
		if (strcmp(c->log_id, b->log_id) != 0)
			continue;
		known = true;
		if (cn <= 0 || (size_t)cn >= cl ||
		    !digest_verify(c->key, canon, (size_t)cn, b->set, b->setlen))
			continue;
		if (!in_window(b->integrated_time, c->start, c->end))
			late = late ? late : c;
		else
			tl = c;
	}
	free(canon);
	char tb[40];
	if (!known) {
		snprintf(why, whysz, "bad tlog entry: log %.64s is not a tlog of the "
			 "trusted root", b->log_id);
		return false;
	}
	if (!tl && late) {
		snprintf(why, whysz, "bad tlog entry: the log key was not valid at "
			 "the integrated time %s", fmt_time(b->integrated_time, tb,
							    sizeof(tb)));
		return false;
	}
	if (!tl) {
		snprintf(why, whysz, "bad tlog entry: the SignedEntryTimestamp does "
			 "not verify under the key of log %.16s... (a changed "
			 "entry, time or index)", b->log_id);
		return false;
	}
	struct kl_note nt;
	if (proof && (!proof_ok(proof, b, &nt, why, whysz) ||
		      !checkpoint_v1(&nt, tl, why, whysz)))
		return false;
	return true;
}

/* What the leaf says, once checked. */
struct kl_signer {
	char seen[400];              /* its SAN URIs and emails */
	char issuer[256];            /* its OIDC issuer, printable */
	char ct[120];                /* "SCT from CT log ..." or "" */
};

/* The Fulcio leaf at time t: chain to a CA of the root, an SCT from a CT
 * log of the root (when it lists any), code-signing EKU, identity, OIDC
 * issuer.  true with "s" filled, or why set. */
static bool leaf_ok(const struct img_kl_policy *p, X509 *leaf,
		    const char *chain_pem, int64_t t, const char *when,
		    struct kl_signer *s, char *why, size_t whysz)
{
	X509 *issuer = NULL;
	if (chain_ok(p->root, leaf, chain_pem, t, when, &issuer, why, whysz) != 0)
		return false;
	bool sok = sct_ok(p->root, leaf, issuer, s->ct, sizeof(s->ct), why, whysz);
	X509_free(issuer);
	if (!sok)
		return false;
	if (!(X509_get_extension_flags(leaf) & EXFLAG_XKUSAGE) ||
	    !(X509_get_extended_key_usage(leaf) & XKU_CODE_SIGN)) {
		snprintf(why, whysz, "untrusted certificate: the signing certificate "
			 "is not for code signing (no codeSigning extended key usage)");
		return false;
	}
	if (!identity_ok(leaf, p, s->seen, sizeof(s->seen))) {
		snprintf(why, whysz, "wrong identity: the certificate names %s, "
			 "wanted %s%.150s", s->seen, p->identity ? "" : "a match of ",
			 p->identity ? p->identity : p->identity_re);
		return false;
	}
	char iss[256];
	bool found;
	if (!issuer_of(leaf, iss, sizeof(iss), &found) || !found) {
		snprintf(why, whysz, "wrong issuer: the certificate has no readable "
			 "OIDC issuer extension (%s or %s)", OID_ISSUER_V2, OID_ISSUER_V1);
		return false;
	}
	clean(s->issuer, sizeof(s->issuer), iss, strlen(iss));
	if (strcmp(iss, p->issuer) != 0) {
		snprintf(why, whysz, "wrong issuer: the certificate's OIDC issuer is "
			 "%.120s, wanted %.120s", s->issuer, p->issuer);
		return false;
	}
	return true;
}

/* ---- RFC 3161 timestamps ---------------------------------------------- */

/* A verified timestamp: its time. */
struct kl_ts {
	bool have;
	int64_t time;
};

/* The DER TimeStampResp "der" over "data" (the signature bytes, or the
 * envelope of an attestation): it holds a token whose imprint is the
 * data's hash, signed by a timestamp authority of the root valid at the
 * token's time, its chain checked as of that time.  true with ts set, or
 * why set ("bad timestamp: ..."). */
static bool tsa_ok(const struct img_kl_root *root, const unsigned char *der,
		   size_t n, const void *data, size_t dlen, struct kl_ts *ts,
		   char *why, size_t wsz)
{
	const unsigned char *p = der;
	TS_RESP *r = n < MAX_DER ? d2i_TS_RESP(NULL, &p, (long)n) : NULL;
	TS_TST_INFO *ti = r ? TS_RESP_get_tst_info(r) : NULL;
	const ASN1_GENERALIZEDTIME *gt = ti ? TS_TST_INFO_get_time(ti) : NULL;
	struct tm tm;
	bool ok = false;
	char tb[40];
	if (!r || p != der + n) {
		snprintf(why, wsz, "bad timestamp: not a DER RFC 3161 TimeStampResp");
		goto out;
	}
	if (!gt || ASN1_TIME_to_tm(gt, &tm) != 1) {
		snprintf(why, wsz, "bad timestamp: the response holds no time-stamp "
			 "token with a time (not granted)");
		goto out;
	}
	int64_t t = (int64_t)timegm(&tm);
	if (root->ntsas == 0) {
		snprintf(why, wsz, "bad timestamp: the trusted root lists no "
			 "timestampAuthorities");
		goto out;
	}
	size_t usable = 0;
	for (size_t i = 0; i < root->ntsas && !ok; i++) {
		const struct kl_ca *c = &root->tsas[i];
		if (!in_window(t, c->start, c->end))
			continue;
		usable++;
		TS_VERIFY_CTX *vc = TS_VERIFY_CTX_new();
		X509_STORE *st = X509_STORE_new();
		STACK_OF(X509) *un = sk_X509_new_null();
		BIO *bio = BIO_new_mem_buf(data, (int)dlen);
		if (!vc || !st || !un || !bio || dlen > INT32_MAX) {
			TS_VERIFY_CTX_free(vc);
			X509_STORE_free(st);
			sk_X509_free(un);
			BIO_free(bio);
			break;
		}
		for (size_t k = 0; k < c->n; k++) {
			X509_STORE_add_cert(st, c->certs[k]);
			if (X509_up_ref(c->certs[k]) == 1 && !sk_X509_push(un, c->certs[k]))
				X509_free(c->certs[k]);
		}
		X509_STORE_set_flags(st, X509_V_FLAG_PARTIAL_CHAIN);
		X509_VERIFY_PARAM_set_time(X509_STORE_get0_param(st), (time_t)t);
		/* the context owns the store, the certificates and the data */
		TS_VERIFY_CTX_set_store(vc, st);
		TS_VERIFY_CTX_set_certs(vc, un);
		TS_VERIFY_CTX_set_data(vc, bio);
		TS_VERIFY_CTX_set_flags(vc, TS_VFY_VERSION | TS_VFY_SIGNATURE |
					TS_VFY_DATA);
		ok = TS_RESP_verify_response(vc, r) == 1;
		TS_VERIFY_CTX_free(vc);
	}
	if (ok) {
		ts->have = true;
		ts->time = t;
	} else if (!usable) {
		snprintf(why, wsz, "bad timestamp: no timestamp authority of the "
			 "trusted root is valid at the timestamp's time %s",
			 fmt_time(t, tb, sizeof(tb)));
	} else {
		snprintf(why, wsz, "bad timestamp: the RFC 3161 timestamp of %s does "
			 "not verify under a timestamp authority of the trusted root "
			 "(another TSA, or a changed signature or timestamp)",
			 fmt_time(t, tb, sizeof(tb)));
	}
out:
	TS_RESP_free(r);
	ERR_clear_error();
	return ok;
}

/* cosign's dev.sigstore.cosign/rfc3161timestamp annotation
 * {"SignedRFC3161Timestamp": base64 DER TimeStampResp} over "data".
 * true (ts set when there is one), or why set. */
static bool ts_annotation_ok(const struct img_kl_root *root, const char *json,
			     const void *data, size_t dlen, struct kl_ts *ts,
			     char *why, size_t wsz)
{
	ts->have = false;
	if (!json)
		return true;
	struct diag d;
	diag_init(&d, NULL);
	json_t *j = load(json, strlen(json), IMG_KL_MAX_BUNDLE, "timestamp", &d);
	size_t n = 0;
	unsigned char *der = j ? raw_bytes(jstr(j, "SignedRFC3161Timestamp"), &n) : NULL;
	json_decref(j);
	if (!der) {
		snprintf(why, wsz, "bad timestamp: the %s annotation is not "
			 "{\"SignedRFC3161Timestamp\": base64}", IMG_KL_ANN_RFC3161);
		return false;
	}
	bool ok = tsa_ok(root, der, n, data, dlen, ts, why, wsz);
	free(der);
	return ok;
}

/* Everything after the bundle is read: the tlog entry (b, or NULL when
 * the policy ignores the log and a timestamp gives the time), the leaf
 * at the integrated time (and at the timestamp's time when there is
 * one), the signature, the body. */
static bool intoto_body_ok(const struct img_kl_bundle *b, const void *env,
			   size_t elen, const void *pae, size_t paelen,
			   const char *const *sigs_b64, size_t nsigs,
			   X509 *leaf, char *why, size_t wsz);

/* "dsse": "payload" is a DSSE PAE (a DSSE bundle's), signed with
 * SHA-256, and the entry a dsse 0.0.1 body (intoto_body_ok()). */
static bool check_entry(const struct img_kl_policy *p, const void *payload,
			size_t plen, const char *sig_b64, X509 *leaf,
			const char *chain_pem, const struct img_kl_bundle *b,
			const struct kl_proof *proof, const struct kl_ts *ts,
			bool dsse, char *why, size_t whysz, char *scheme,
			size_t schemesz)
{
	struct kl_signer s;
	if (b && !tlog_ok(p, b, proof, why, whysz))
		return false;
	if (b ? !leaf_ok(p, leaf, chain_pem, b->integrated_time, "integrated time",
			 &s, why, whysz)
	      : !leaf_ok(p, leaf, chain_pem, ts->time, "timestamp's time", &s,
			 why, whysz))
		return false;
	if (b && ts->have && chain_ok(p->root, leaf, chain_pem, ts->time,
				      "timestamp's time", NULL, why, whysz) != 0)
		return false;
	/* the signature over the payload under the certificate's key */
	EVP_PKEY *lk = X509_get0_pubkey(leaf);
	char sch[80];
	if (!lk || !leaf_sig_ok(lk, payload, plen, sig_b64,
				b && !dsse ? body_md(b) : EVP_sha256(), sch,
				sizeof(sch))) {
		snprintf(why, whysz, "bad signature: the signature does not verify "
			 "under the certificate's %s key (a changed payload or "
			 "signature)", lk ? pkey_name(lk) : "unreadable");
		return false;
	}
	unsigned char sig[1024];
	size_t sl = strlen(sig_b64);
	long sn = sl <= 4 * sizeof(sig) / 3
		  ? b64_decode(sig_b64, sl, sig, sizeof(sig)) : -1;
	if (b && dsse && !intoto_body_ok(b, NULL, 0, payload, plen, &sig_b64, 1,
					 leaf, why, whysz))
		return false;
	if (b && !dsse && (sn <= 0 || !body_ok(b, payload, plen, sig, (size_t)sn,
					       leaf, why, whysz)))
		return false;
	char tb[40], tt[80] = "";
	if (ts->have)
		snprintf(tt, sizeof(tt), ", RFC 3161 timestamp at %s",
			 fmt_time(ts->time, tb, sizeof(tb)));
	if (b)
		snprintf(scheme, schemesz, "keyless %s, %s, issuer %.100s, log index %"
			 PRId64 " at %s%s%s%s", sch, s.seen, s.issuer,
			 b->log_index, fmt_time(b->integrated_time, tb, sizeof(tb)),
			 s.ct[0] ? ", " : "", s.ct, tt);
	else
		snprintf(scheme, schemesz, "keyless %s, %s, issuer %.100s%s%s%s, "
			 "no tlog entry (ignored)", sch, s.seen, s.issuer,
			 s.ct[0] ? ", " : "", s.ct, tt);
	return true;
}

/* A signature or attestation layer's Rekor entry: its bundle annotation
 * parsed into b, or none, which passes only with --insecure-ignore-tlog
 * and an RFC 3161 timestamp (ts).  False with why set otherwise. */
static bool layer_tlog(const struct img_kl_policy *p, const char *bundle_json,
		       const struct kl_ts *ts, struct img_kl_bundle *b,
		       char *why, size_t whysz)
{
	if (!bundle_json && !(p->ignore_tlog && ts->have)) {
		snprintf(why, whysz, "no tlog entry: the layer has no %s annotation "
			 "(no Rekor entry proves when it was signed%s)", IMG_KL_ANN_BUNDLE,
			 ts->have ? "; a timestamp alone counts only with "
			 "--insecure-ignore-tlog" : "");
		return false;
	}
	struct diag d;
	diag_init(&d, NULL);
	if (bundle_json &&
	    img_kl_bundle_parse(bundle_json, strlen(bundle_json), b, &d) != 0) {
		snprintf(why, whysz, "bad tlog entry: %.300s", d.message);
		return false;
	}
	return true;
}

bool img_kl_check(const struct img_kl_policy *p, const void *payload,
		  size_t plen, const char *sig_b64, const char *cert_pem,
		  const char *chain_pem, const char *bundle_json,
		  const char *ts_json, char *why, size_t whysz, char *scheme,
		  size_t schemesz)
{
	struct img_kl_bundle b;
	memset(&b, 0, sizeof(b));
	X509 *leaf = NULL;
	bool ok = false;
	if (!cert_pem) {
		snprintf(why, whysz, "no certificate: the layer has no %s annotation "
			 "(a key-based signature; verify it with --key)", IMG_KL_ANN_CERT);
		return false;
	}
	if (!(leaf = pem_cert(cert_pem))) {
		snprintf(why, whysz, "untrusted certificate: the %s annotation is not "
			 "a PEM certificate", IMG_KL_ANN_CERT);
		return false;
	}
	/* a timestamp is over the signature's bytes */
	struct kl_ts ts = { false, 0 };
	if (ts_json) {
		unsigned char sig[1024];
		size_t sl = strlen(sig_b64);
		long sn = sl <= 4 * sizeof(sig) / 3
			  ? b64_decode(sig_b64, sl, sig, sizeof(sig)) : -1;
		if (sn <= 0) {
			snprintf(why, whysz, "bad signature: the signature is not base64");
			goto out;
		}
		if (!ts_annotation_ok(p->root, ts_json, sig, (size_t)sn, &ts, why, whysz))
			goto out;
	}
	if (!layer_tlog(p, bundle_json, &ts, &b, why, whysz))
		goto out;
	ok = check_entry(p, payload, plen, sig_b64, leaf, chain_pem,
			 bundle_json ? &b : NULL, NULL, &ts, false, why, whysz,
			 scheme, schemesz);
out:
	img_kl_bundle_clear(&b);
	X509_free(leaf);
	return ok;
}

/* ---- keyless attestations (DSSE) -------------------------------------- */

/* The body of DSSE's PAE ("DSSEv1" SP LEN(type) SP type SP LEN(body) SP
 * body): the envelope's payload as signed.  NULL when "pae" is not one. */
static const unsigned char *pae_body(const unsigned char *pae, size_t n,
				     size_t *blen)
{
	size_t i = 7, len[2];
	if (n < 7 || memcmp(pae, "DSSEv1 ", 7) != 0)
		return NULL;
	for (int f = 0; f < 2; f++) {
		size_t v = 0, start = i;
		while (i < n && pae[i] >= '0' && pae[i] <= '9' && i - start < 19)
			v = v * 10 + (size_t)(pae[i++] - '0');
		if (i == start || i >= n || pae[i++] != ' ')
			return NULL;
		len[f] = v;
		if (f == 0) {
			if (v > n - i || n - i - v < 1 || pae[i + v] != ' ')
				return NULL;
			i += v + 1;
		}
	}
	if (len[1] != n - i)
		return NULL;
	*blen = len[1];
	return pae + i;
}

/* A signature in base64 equals another (both decoded; the envelope's
 * may be base64url, as DSSE allows, and the log's standard). */
static bool same_sig(const char *a, const char *b)
{
	size_t an = 0, bn = 0;
	unsigned char *x = raw_bytes(a, &an), *y = raw_bytes(b, &bn);
	bool same = x && y && an == bn && memcmp(x, y, an) == 0;
	free(x);
	free(y);
	return same;
}

/* A base64 PEM certificate in a Rekor body is the leaf. */
static bool body_cert_is(const char *b64pem, X509 *leaf)
{
	size_t pn = 0;
	unsigned char *pem = b64pem && strlen(b64pem) < MAX_PEM
			     ? raw_bytes(b64pem, &pn) : NULL;
	char *z = pem ? realloc(pem, pn + 1) : NULL;
	X509 *x = NULL;
	if (z) {
		pem = (unsigned char *)z;
		pem[pn] = 0;
		x = pem_cert((const char *)pem);
	}
	free(pem);
	bool same = x && X509_cmp(x, leaf) == 0;
	X509_free(x);
	return same;
}

/* The payloadHash {algorithm: sha256, value: hex} a Rekor dsse or intoto
 * body records, against the SHA-256 of the envelope's payload (the body
 * of the PAE); "kind" names the entry in the reason.  true or why set. */
static bool payload_hash_ok(json_t *ph, const void *pae, size_t paelen,
			    const char *kind, char *why, size_t wsz)
{
	const char *alg = jstr(ph, "algorithm"), *val = jstr(ph, "value");
	size_t bl = 0;
	const unsigned char *body = pae_body(pae, paelen, &bl);
	char hx[65];
	if (body)
		sha256_hex(body, bl, hx);
	if (body && alg && strcmp(alg, "sha256") == 0 && val &&
	    strcmp(val, hx) == 0)
		return true;
	snprintf(why, wsz, "tlog body mismatch: the Rekor %s entry records "
		 "another payload hash than the envelope payload's%s%s", kind,
		 body ? " sha256:" : "", body ? hx : "");
	return false;
}

/* The Rekor dsse 0.0.1 body (rekor's dsse_v0_0_1_schema.json, compared
 * as Sigstore clients compare it): spec.payloadHash {sha256, hex} is the
 * SHA-256 of the envelope's payload, and one spec.signatures[] item
 * carries one of the envelope's signatures (base64) with the signing
 * certificate as its verifier (base64 PEM).  The whole envelope's hash
 * (spec.envelopeHash) is of the envelope as sent to the log, which need
 * not be these bytes, so it is not compared.  true or why set. */
static bool dsse_body_ok(json_t *spec, const void *pae, size_t paelen,
			 const char *const *sigs_b64, size_t nsigs, X509 *leaf,
			 char *why, size_t wsz)
{
	if (!payload_hash_ok(json_object_get(spec, "payloadHash"), pae, paelen,
			     "dsse", why, wsz))
		return false;
	json_t *sigs = json_object_get(spec, "signatures");
	bool sig_seen = false;
	for (size_t i = 0; i < json_array_size(sigs) && i < IMG_ATT_KL_MAX_SIGS; i++) {
		json_t *it = json_array_get(sigs, i);
		/* rekor's dsse 0.0.1 names it "verifier" (its draft
		 * schema's "publicKey" was never what the log wrote) */
		const char *sg = jstr(it, "signature"), *pk = jstr(it, "verifier");
		bool match = false;
		for (size_t k = 0; sg && k < nsigs && !match; k++)
			match = sigs_b64[k] && same_sig(sg, sigs_b64[k]);
		if (!match)
			continue;
		sig_seen = true;
		if (body_cert_is(pk, leaf))
			return true;
	}
	snprintf(why, wsz, "tlog body mismatch: the Rekor dsse entry records %s",
		 sig_seen ? "another certificate than the signing one"
			  : "none of the envelope's signatures");
	return false;
}

/* A Sigstore bundle's Rekor intoto body (rekor pkg/types/intoto), compared
 * with the bundle's envelope as sigstore-go compares an intoto 0.0.2
 * entry: spec.content.payloadHash {sha256, hex} is the SHA-256 of the
 * envelope's payload; 0.0.2: one spec.content.envelope.signatures[] item
 * has the envelope's signature as "sig" (format byte over the DSSE
 * base64 text: base64 twice, as rekor writes it) and the signing
 * certificate as "publicKey" (base64 PEM); 0.0.1 (no signature in the
 * body, as cosign reads it): spec.publicKey is the signing certificate.
 * spec.content.hash covers the envelope as sent to the log, bytes a
 * bundle does not keep, so it is not compared.  true or why set. */
static bool intoto_bundle_ok(json_t *spec, bool v2, const void *pae,
			     size_t paelen, const char *const *sigs_b64,
			     size_t nsigs, X509 *leaf, char *why, size_t wsz)
{
	json_t *content = json_object_get(spec, "content");
	if (!payload_hash_ok(json_object_get(content, "payloadHash"), pae,
			     paelen, "intoto", why, wsz))
		return false;
	if (!v2) {
		if (body_cert_is(jstr(spec, "publicKey"), leaf))
			return true;
		snprintf(why, wsz, "tlog body mismatch: the Rekor intoto entry "
			 "records another certificate than the signing one");
		return false;
	}
	json_t *sigs = json_object_get(json_object_get(content, "envelope"),
				       "signatures");
	bool sig_seen = false;
	for (size_t i = 0; i < json_array_size(sigs) && i < IMG_ATT_KL_MAX_SIGS; i++) {
		json_t *it = json_array_get(sigs, i);
		const char *sg = jstr(it, "sig");
		size_t tn = 0;
		unsigned char *txt = sg ? raw_bytes(sg, &tn) : NULL;
		char *z = txt ? realloc(txt, tn + 1) : NULL;
		bool match = false;
		if (z) {
			txt = (unsigned char *)z;
			txt[tn] = 0;
			for (size_t k = 0; k < nsigs && !match; k++)
				match = sigs_b64[k] && memchr(txt, 0, tn) == NULL &&
					same_sig((const char *)txt, sigs_b64[k]);
		}
		free(txt);
		if (!match)
			continue;
		sig_seen = true;
		if (body_cert_is(jstr(it, "publicKey"), leaf))
			return true;
	}
	snprintf(why, wsz, "tlog body mismatch: the Rekor intoto entry records %s",
		 sig_seen ? "another certificate than the signing one"
			  : "none of the envelope's signatures");
	return false;
}

/* The Rekor intoto body (0.0.1 or 0.0.2) names the envelope's SHA-256
 * (spec.content.hash, as cosign compares it: the whole envelope blob) and
 * the signing certificate (0.0.1: spec.publicKey; 0.0.2: a
 * spec.content.envelope.signatures[].publicKey).  true or why set. */
static bool intoto_body_ok(const struct img_kl_bundle *b, const void *env,
			   size_t elen, const void *pae, size_t paelen,
			   const char *const *sigs_b64, size_t nsigs,
			   X509 *leaf, char *why, size_t wsz)
{
	json_t *j = body_json(b);
	bool ok = false;
	if (!j) {
		snprintf(why, wsz, "tlog body mismatch: the Rekor entry body is not "
			 "base64 JSON");
		return false;
	}
	const char *kind = jstr(j, "kind"), *ver = jstr(j, "apiVersion");
	json_t *spec = json_object_get(j, "spec");
	json_t *content = json_object_get(spec, "content");
	json_t *hash = json_object_get(content, "hash");
	const char *alg = jstr(hash, "algorithm"), *val = jstr(hash, "value");
	bool v1 = ver && strcmp(ver, "0.0.1") == 0, v2 = ver && strcmp(ver, "0.0.2") == 0;
	if (kind && v1 && strcmp(kind, "dsse") == 0) {
		ok = dsse_body_ok(spec, pae, paelen, sigs_b64, nsigs, leaf, why,
				  wsz);
		goto out;
	}
	if (!env && kind && strcmp(kind, "intoto") == 0 && (v1 || v2)) {
		ok = intoto_bundle_ok(spec, v2, pae, paelen, sigs_b64, nsigs, leaf,
				      why, wsz);
		goto out;
	}
	if (!env || !kind || strcmp(kind, "intoto") != 0 || !(v1 || v2)) {
		char k[64];
		clean(k, sizeof(k), kind ? kind : "(none)", strlen(kind ? kind : "(none)"));
		snprintf(why, wsz, "tlog body mismatch: the Rekor entry is of kind "
			 "%s, not intoto 0.0.1 or 0.0.2 or dsse 0.0.1", k);
		goto out;
	}
	char hx[65];
	sha256_hex(env, elen, hx);
	if (!alg || strcmp(alg, "sha256") != 0 || !val || strcmp(val, hx) != 0) {
		snprintf(why, wsz, "tlog body mismatch: the Rekor entry records "
			 "another envelope hash than the envelope's sha256:%s", hx);
		goto out;
	}
	const char *keys[IMG_ATT_KL_MAX_SIGS + 1];
	size_t nk = 0;
	if (v1) {
		keys[nk++] = jstr(spec, "publicKey");
	} else {
		json_t *sigs = json_object_get(json_object_get(content, "envelope"),
					       "signatures");
		for (size_t i = 0; i < json_array_size(sigs) && nk < IMG_ATT_KL_MAX_SIGS; i++)
			keys[nk++] = jstr(json_array_get(sigs, i), "publicKey");
	}
	for (size_t i = 0; i < nk && !ok; i++)
		ok = body_cert_is(keys[i], leaf);
	if (!ok)
		snprintf(why, wsz, "tlog body mismatch: the Rekor entry records "
			 "another certificate than the signing one");
out:
	json_decref(j);
	return ok;
}

bool img_kl_check_dsse(const struct img_kl_policy *p, const void *env,
		       size_t elen, const void *pae, size_t paelen,
		       const char *const *sigs_b64, size_t nsigs,
		       const char *cert_pem, const char *chain_pem,
		       const char *bundle_json, const char *ts_json, char *why,
		       size_t whysz, char *scheme, size_t schemesz)
{
	struct img_kl_bundle b;
	memset(&b, 0, sizeof(b));
	X509 *leaf = NULL;
	bool ok = false;
	struct kl_signer s;
	if (!cert_pem) {
		snprintf(why, whysz, "no certificate: the layer has no %s annotation "
			 "(a key-based attestation; verify it with --key)",
			 IMG_KL_ANN_CERT);
		return false;
	}
	if (!(leaf = pem_cert(cert_pem))) {
		snprintf(why, whysz, "untrusted certificate: the %s annotation is not "
			 "a PEM certificate", IMG_KL_ANN_CERT);
		return false;
	}
	/* cosign timestamps an attestation's envelope */
	struct kl_ts ts = { false, 0 };
	if (!ts_annotation_ok(p->root, ts_json, env, elen, &ts, why, whysz))
		goto out;
	if (!layer_tlog(p, bundle_json, &ts, &b, why, whysz))
		goto out;
	if (bundle_json ? !tlog_ok(p, &b, NULL, why, whysz) ||
			  !leaf_ok(p, leaf, chain_pem, b.integrated_time,
				   "integrated time", &s, why, whysz)
			: !leaf_ok(p, leaf, chain_pem, ts.time, "timestamp's time",
				   &s, why, whysz))
		goto out;
	if (bundle_json && ts.have &&
	    chain_ok(p->root, leaf, chain_pem, ts.time, "timestamp's time", NULL,
		     why, whysz) != 0)
		goto out;
	EVP_PKEY *lk = X509_get0_pubkey(leaf);
	char sch[80] = "";
	bool sig = false;
	for (size_t i = 0; lk && i < nsigs && !sig; i++)
		sig = leaf_sig_ok(lk, pae, paelen, sigs_b64[i], EVP_sha256(), sch,
				  sizeof(sch));
	if (!sig) {
		snprintf(why, whysz, "bad signature: none of the %zu envelope "
			 "signature(s) verifies under the certificate's %s key (a "
			 "changed payload or signature)", nsigs,
			 lk ? pkey_name(lk) : "unreadable");
		goto out;
	}
	if (bundle_json && !intoto_body_ok(&b, env, elen, pae, paelen, sigs_b64,
					   nsigs, leaf, why, whysz))
		goto out;
	char tb[40], tt[80] = "";
	if (ts.have)
		snprintf(tt, sizeof(tt), ", RFC 3161 timestamp at %s",
			 fmt_time(ts.time, tb, sizeof(tb)));
	if (bundle_json)
		snprintf(scheme, schemesz, "keyless %s, %s, issuer %.100s, log index %"
			 PRId64 " at %s%s%s%s", sch, s.seen, s.issuer, b.log_index,
			 fmt_time(b.integrated_time, tb, sizeof(tb)),
			 s.ct[0] ? ", " : "", s.ct, tt);
	else
		snprintf(scheme, schemesz, "keyless %s, %s, issuer %.100s%s%s%s, "
			 "no tlog entry (ignored)", sch, s.seen, s.issuer,
			 s.ct[0] ? ", " : "", s.ct, tt);
	ok = true;
out:
	img_kl_bundle_clear(&b);
	X509_free(leaf);
	return ok;
}

/* ---- Sigstore bundle files ------------------------------------------- */

void img_kl_sbundle_clear(struct img_kl_sbundle *b)
{
	free(b->tsr);
	free(b->cert_pem);
	free(b->chain_pem);
	free(b->sig_b64);
	free(b->pae);
	free(b->checkpoint);
	img_kl_bundle_clear(&b->tlog);
	memset(b, 0, sizeof(*b));
}

/* A protobuf-specs HashAlgorithm name: its digest, or NULL. */
static const EVP_MD *pb_hash(const char *alg)
{
	return !alg ? NULL : strcmp(alg, "SHA2_256") == 0 ? EVP_sha256()
	       : strcmp(alg, "SHA2_384") == 0 ? EVP_sha384()
	       : strcmp(alg, "SHA2_512") == 0 ? EVP_sha512() : NULL;
}

/* protobuf JSON int64: a string of digits (or a JSON integer) >= 0 */
static bool pb_int(json_t *v, int64_t *out)
{
	if (json_is_integer(v) && json_integer_value(v) >= 0) {
		*out = (int64_t)json_integer_value(v);
		return true;
	}
	const char *s = json_string_value(v);
	if (!s || !*s || strlen(s) > 18 || strspn(s, "0123456789") != strlen(s))
		return false;
	*out = (int64_t)strtoll(s, NULL, 10);
	return true;
}

/* base64 DER certificate into a PEM string appended to *pem. */
static bool der_to_pem(const char *b64, char **pem)
{
	size_t n;
	unsigned char *der = raw_bytes(b64, &n);
	const unsigned char *p = der;
	X509 *x = der ? d2i_X509(NULL, &p, (long)n) : NULL;
	bool whole = x && p == der + n;
	free(der);
	BIO *bio = whole ? BIO_new(BIO_s_mem()) : NULL;
	char *data;
	long dl;
	bool ok = bio && PEM_write_bio_X509(bio, x) == 1 &&
		  (dl = BIO_get_mem_data(bio, &data)) > 0;
	if (ok) {
		size_t old = *pem ? strlen(*pem) : 0;
		char *z = realloc(*pem, old + (size_t)dl + 1);
		if (!z) {
			ok = false;
		} else {
			memcpy(z + old, data, (size_t)dl);
			z[old + (size_t)dl] = 0;
			*pem = z;
		}
	}
	BIO_free(bio);
	X509_free(x);
	return ok;
}

static int sb_fail(struct diag *d, const char *name, const char *what)
{
	return diag_error(d, BH_EPARSE, 0, 0, "%s: %s", name, what);
}

static int sb_entry(json_t *e, const char *name, struct img_kl_sbundle *b,
		    struct diag *d)
{
	json_t *kv = json_object_get(e, "kindVersion");
	const char *kind = jstr(kv, "kind"), *ver = jstr(kv, "version");
	/* a DSSE bundle's Rekor v2 entry may be a hashedrekord 0.0.2 over
	 * the PAE's hash: rekor-tiles dropped its dsse type (2026, "clients
	 * should extract the DSSE PAE and signature ... in a hashedrekord
	 * request"), and sigstore-go verifies such entries */
	b->dsse_hr = b->dsse && kind && ver && strcmp(kind, "hashedrekord") == 0 &&
		     strcmp(ver, "0.0.2") == 0;
	/* intoto 0.0.1 and 0.0.2 are Rekor v1 kinds (rekor
	 * pkg/types/intoto), read as the dsse 0.0.1 body is */
	bool intoto = b->dsse && kind && strcmp(kind, "intoto") == 0;
	if (b->dsse && !b->dsse_hr && (!kind || (strcmp(kind, "dsse") != 0 && !intoto) ||
			!ver || (strcmp(ver, "0.0.1") != 0 && strcmp(ver, "0.0.2") != 0)))
		return sb_fail(d, name, "tlogEntries[0] of a DSSE bundle is not a "
			       "dsse 0.0.1 or 0.0.2, intoto 0.0.1 or 0.0.2 or "
			       "hashedrekord 0.0.2 entry");
	if (!b->dsse && (!kind || strcmp(kind, "hashedrekord") != 0 || !ver ||
			 (strcmp(ver, "0.0.1") != 0 && strcmp(ver, "0.0.2") != 0)))
		return sb_fail(d, name, "tlogEntries[0] is not a hashedrekord 0.0.1 "
			       "or 0.0.2 entry (other kinds are not read)");
	b->v2 = strcmp(ver, "0.0.2") == 0 && !intoto;
	const char *body = jstr(e, "canonicalizedBody");
	const char *kid = jstr(json_object_get(e, "logId"), "keyId");
	unsigned char id[40];
	long idn = kid && strlen(kid) <= 48 ? b64_decode(kid, strlen(kid), id, sizeof(id)) : -1;
	struct img_kl_bundle *t = &b->tlog;
	if (!body || !*body || !is_b64(body))
		return sb_fail(d, name, "tlogEntries[0].canonicalizedBody is missing "
			       "or not base64");
	if (idn != 32 && !(b->v2 && !kid))
		return sb_fail(d, name, "tlogEntries[0].logId.keyId is not a base64 "
			       "sha256");
	json_t *itv = json_object_get(e, "integratedTime");
	if ((!(b->v2 && !itv) && !pb_int(itv, &t->integrated_time)) ||
	    !pb_int(json_object_get(e, "logIndex"), &t->log_index))
		return sb_fail(d, name, "tlogEntries[0] integratedTime or logIndex "
			       "is not a non-negative integer");
	if (idn == 32)
		hexs(id, 32, t->log_id);
	const char *set = jstr(json_object_get(e, "inclusionPromise"),
			       "signedEntryTimestamp");
	if (set) {
		long sl = strlen(set) <= 4 * sizeof(t->set) / 3
			  ? b64_decode(set, strlen(set), t->set, sizeof(t->set)) : -1;
		if (sl <= 0)
			return sb_fail(d, name, "inclusionPromise.signedEntryTimestamp "
				       "is not base64");
		t->setlen = (size_t)sl;
	}
	if (!(t->body = strdup(body)))
		return diag_error(d, BH_ENOMEM, 0, 0, "out of memory");
	t->bodylen = strlen(body);
	b->has_entry = true;
	json_t *pr = json_object_get(e, "inclusionProof");
	if (!pr && b->v2)
		return sb_fail(d, name, "tlogEntries[0] is a Rekor v2 entry without "
			       "an inclusionProof (its only proof of logging)");
	if (!pr)
		return 0;
	json_t *hs = json_object_get(pr, "hashes");
	const char *rh = jstr(pr, "rootHash");
	long rl = rh && strlen(rh) <= 48 ? b64_decode(rh, strlen(rh), id, sizeof(id)) : -1;
	if (!pb_int(json_object_get(pr, "logIndex"), &b->proof_index) ||
	    !pb_int(json_object_get(pr, "treeSize"), &b->tree_size) || rl != 32 ||
	    !json_is_array(hs))
		return sb_fail(d, name, "inclusionProof needs logIndex, treeSize, "
			       "a base64 sha256 rootHash and hashes");
	memcpy(b->root, id, 32);
	if (json_array_size(hs) > IMG_KL_MAX_PROOF)
		return diag_error(d, BH_ELIMIT, 0, 0, "%s: inclusionProof has more "
				  "than %d hashes", name, IMG_KL_MAX_PROOF);
	for (size_t i = 0; i < json_array_size(hs); i++) {
		const char *h = json_string_value(json_array_get(hs, i));
		if (!h || strlen(h) > 48 ||
		    b64_decode(h, strlen(h), id, sizeof(id)) != 32)
			return sb_fail(d, name, "inclusionProof.hashes holds a value "
				       "that is not a base64 sha256");
		memcpy(b->hashes[i], id, 32);
	}
	b->nhashes = json_array_size(hs);
	const char *cp = jstr(json_object_get(pr, "checkpoint"), "envelope");
	if (cp && !(b->checkpoint = strdup(cp)))
		return diag_error(d, BH_ENOMEM, 0, 0, "out of memory");
	if (!cp && b->v2)
		return sb_fail(d, name, "tlogEntries[0] is a Rekor v2 entry without "
			       "a checkpoint");
	b->has_proof = true;
	return 0;
}

/* A bundle's dsseEnvelope {payload, payloadType, signatures: [one
 * {sig}]} (a Sigstore bundle holds one signature): the PAE the signature
 * is over, and the signature. */
static int sb_dsse(json_t *de, const char *name, struct img_kl_sbundle *b,
		   struct diag *d)
{
	const char *pl = jstr(de, "payload"), *pt = jstr(de, "payloadType");
	json_t *sigs = json_object_get(de, "signatures");
	const char *sig = jstr(json_array_get(sigs, 0), "sig");
	if (!json_is_object(de) || !pl || !pt)
		return sb_fail(d, name, "dsseEnvelope needs payload and payloadType");
	if (json_array_size(sigs) != 1 || !sig || !*sig)
		return sb_fail(d, name, "dsseEnvelope.signatures must hold one "
			       "signature with its sig");
	size_t pn = strlen(pl), tn = strlen(pt);
	unsigned char *raw = malloc(pn + 1);
	long rn = raw ? b64_decode_either(pl, pn, raw, pn + 1) : -1;
	if (rn < 0) {
		free(raw);
		return raw ? sb_fail(d, name, "dsseEnvelope.payload is not base64")
			   : diag_error(d, BH_ENOMEM, 0, 0, "out of memory");
	}
	/* "DSSEv1" SP LEN(type) SP type SP LEN(body) SP body */
	size_t cap = 7 + 21 + tn + 1 + 21 + 1 + (size_t)rn + 1;
	b->pae = malloc(cap);
	b->sig_b64 = strdup(sig);
	if (!b->pae || !b->sig_b64) {
		free(raw);
		return diag_error(d, BH_ENOMEM, 0, 0, "out of memory");
	}
	int h = snprintf((char *)b->pae, cap, "DSSEv1 %zu %s %ld ", tn, pt, rn);
	memcpy(b->pae + h, raw, (size_t)rn);
	b->paelen = (size_t)h + (size_t)rn;
	free(raw);
	b->dsse = true;
	return 0;
}

int img_kl_sbundle_parse(const char *json, size_t len, const char *name,
			 struct img_kl_sbundle *b, struct diag *d)
{
	memset(b, 0, sizeof(*b));
	json_t *j = load(json, len, IMG_KL_MAX_SBUNDLE, name, d);
	if (!j)
		return d->code ? d->code : BH_EPARSE;
	drop_nulls(j, 0);
	int rc = BH_EPARSE;
	const char *mt = jstr(j, "mediaType");
	json_t *vm = json_object_get(j, "verificationMaterial");
	json_t *ms = json_object_get(j, "messageSignature");
	json_t *de = json_object_get(j, "dsseEnvelope");
	json_t *chain = json_object_get(json_object_get(vm, "x509CertificateChain"),
					"certificates");
	const char *one = jstr(json_object_get(vm, "certificate"), "rawBytes");
	json_t *tl = json_object_get(vm, "tlogEntries");
	if (!mt || strncmp(mt, "application/vnd.dev.sigstore.bundle", 35) != 0)
		rc = sb_fail(d, name, "mediaType is not a Sigstore bundle "
			     "(application/vnd.dev.sigstore.bundle...)");
	else if (de && ms)
		rc = sb_fail(d, name, "both dsseEnvelope and messageSignature");
	else if (!de && !json_is_object(ms))
		rc = sb_fail(d, name, "no messageSignature or dsseEnvelope");
	else if (!one && (!json_is_array(chain) || json_array_size(chain) == 0))
		rc = sb_fail(d, name, "no certificate in verificationMaterial (a "
			     "public-key bundle is not keyless)");
	else if (json_array_size(chain) > IMG_KL_MAX_CERTS)
		rc = diag_error(d, BH_ELIMIT, 0, 0, "%s: more than %d chain "
				"certificates", name, IMG_KL_MAX_CERTS);
	else {
		rc = 0;
		if (!der_to_pem(one ? one : jstr(json_array_get(chain, 0), "rawBytes"),
				&b->cert_pem))
			rc = sb_fail(d, name, "the certificate is not base64 DER X.509");
		for (size_t i = 1; rc == 0 && !one && i < json_array_size(chain); i++)
			if (!der_to_pem(jstr(json_array_get(chain, i), "rawBytes"),
					&b->chain_pem))
				rc = sb_fail(d, name, "a chain certificate is not base64 "
					     "DER X.509");
		const char *sig = jstr(ms, "signature");
		json_t *md = json_object_get(ms, "messageDigest");
		const char *alg = jstr(md, "algorithm"), *dg = jstr(md, "digest");
		long dn = dg && strlen(dg) <= 4 * sizeof(b->digest) / 3 + 4
			  ? b64_decode(dg, strlen(dg), b->digest, sizeof(b->digest)) : -1;
		if (rc == 0 && de)
			rc = sb_dsse(de, name, b, d);
		else if (rc == 0 && (!sig || !*sig || !is_b64(sig) || !(b->sig_b64 = strdup(sig))))
			rc = sb_fail(d, name, "messageSignature.signature is missing or "
				     "not base64");
		const EVP_MD *dmd = pb_hash(alg);
		if (rc == 0 && md && (!dmd || dn != EVP_MD_get_size(dmd)))
			rc = sb_fail(d, name, "messageSignature.messageDigest is not a "
				     "SHA2_256, SHA2_384 or SHA2_512 base64 digest");
		b->digestlen = md && rc == 0 ? (size_t)dn : 0;
		if (rc == 0 && json_array_size(tl) > 0)
			rc = sb_entry(json_array_get(tl, 0), name, b, d);
		json_t *tsv = json_object_get(json_object_get(vm,
				"timestampVerificationData"), "rfc3161Timestamps");
		const char *st = jstr(json_array_get(tsv, 0), "signedTimestamp");
		if (rc == 0 && json_array_size(tsv) > 0 &&
		    !(b->tsr = raw_bytes(st, &b->tsrlen)))
			rc = sb_fail(d, name, "timestampVerificationData.rfc3161"
				     "Timestamps[0].signedTimestamp is not base64");
	}
	json_decref(j);
	if (rc != 0)
		img_kl_sbundle_clear(b);
	return rc;
}

/* A Rekor v2 Signature {content: base64, verifier {x509Certificate
 * {rawBytes}}} (rekor-tiles verifier.proto) is sig (sl bytes) under the
 * leaf: 0 yes, 1 another signature, 2 the same signature under another
 * verifier (a publicKey, or another certificate). */
static int v2_sig_is(json_t *sg, const unsigned char *sig, size_t sl, X509 *leaf)
{
	const char *sc = jstr(sg, "content");
	unsigned char buf[1024];
	long bl = sc && strlen(sc) <= 4 * sizeof(buf) / 3
		  ? b64_decode(sc, strlen(sc), buf, sizeof(buf)) : -1;
	if (bl <= 0 || (size_t)bl != sl || memcmp(buf, sig, sl) != 0)
		return 1;
	const char *xc = jstr(json_object_get(json_object_get(sg, "verifier"),
					      "x509Certificate"), "rawBytes");
	size_t cn = 0;
	unsigned char *der = raw_bytes(xc, &cn);
	const unsigned char *q = der;
	X509 *x = der ? d2i_X509(NULL, &q, (long)cn) : NULL;
	bool same = x && q == der + cn && X509_cmp(x, leaf) == 0;
	X509_free(x);
	free(der);
	return same ? 0 : 2;
}

/* The Rekor v2 entry body (rekor-tiles entry.proto, protobuf JSON):
 * kind hashedrekord, apiVersion 0.0.2, spec.hashedRekordV002 {data
 * {algorithm SHA2_256/384/512, digest: the artifact's}, signature}; or
 * kind dsse, apiVersion 0.0.2, spec.dsseV002 {payloadHash {algorithm,
 * digest: the envelope payload's}, signatures[]}: one signature is the
 * one checked, its verifier the leaf's certificate.  "data" is the
 * artifact or (dsse) the PAE.  *md: the hashedrekord's hash (the signer
 * may have signed with it).  true or why set. */
static bool body_v2_ok(const struct img_kl_bundle *b, bool dsse, bool hr,
		       const void *data, size_t dlen, const unsigned char *sig,
		       size_t sl, X509 *leaf, const EVP_MD **md, char *why,
		       size_t wsz)
{
	/* hr: a DSSE bundle's hashedrekord entry, its data the hash of the
	 * PAE (data, dlen), its signature the envelope's */
	json_t *j = body_json(b);
	const char *kind = jstr(j, "kind"), *ver = jstr(j, "apiVersion");
	bool ds = dsse && !hr;   /* a dsse 0.0.2 body */
	const char *want = ds ? "dsse" : "hashedrekord";
	json_t *spec = json_object_get(json_object_get(j, "spec"),
				       ds ? "dsseV002" : "hashedRekordV002");
	json_t *hash = json_object_get(spec, ds ? "payloadHash" : "data");
	const char *alg = jstr(hash, "algorithm"), *dg = jstr(hash, "digest");
	bool ok = false;
	unsigned char buf[EVP_MAX_MD_SIZE + 8], h[EVP_MAX_MD_SIZE];
	unsigned int hl = 0;
	*md = EVP_sha256();
	if (!j || !kind || strcmp(kind, want) != 0 || !ver ||
	    strcmp(ver, "0.0.2") != 0 || !json_is_object(spec)) {
		snprintf(why, wsz, "tlog body mismatch: the Rekor v2 entry body is not "
			 "a %s 0.0.2 spec.%s", want, ds ? "dsseV002" : "hashedRekordV002");
		goto out;
	}
	const EVP_MD *hm = pb_hash(alg);
	size_t pl = dlen;
	const unsigned char *pd = data;
	if (ds)
		pd = pae_body(data, dlen, &pl);
	long bl = hm && dg && strlen(dg) <= 4 * (size_t)EVP_MAX_MD_SIZE / 3 + 4
		  ? b64_decode(dg, strlen(dg), buf, sizeof(buf)) : -1;
	if (!hm || !pd || EVP_Digest(pd, pl, h, &hl, hm, NULL) != 1 ||
	    bl != (long)hl || memcmp(buf, h, hl) != 0) {
		snprintf(why, wsz, "tlog body mismatch: the Rekor entry records "
			 "another %s than the %s's %s", ds ? "payload hash"
			 : "artifact digest", ds ? "envelope payload" : dsse
			 ? "envelope's PAE" : "artifact",
			 hm ? alg : "SHA2_256/384/512 hash");
		goto out;
	}
	if (!ds)
		*md = hm;
	int r = 1;
	if (ds) {
		json_t *sigs = json_object_get(spec, "signatures");
		for (size_t i = 0; i < json_array_size(sigs) && i < IMG_ATT_KL_MAX_SIGS && r; i++) {
			int k = v2_sig_is(json_array_get(sigs, i), sig, sl, leaf);
			if (k != 1)
				r = k;   /* 0 ends the loop; 2 is kept over 1 */
		}
	} else {
		r = v2_sig_is(json_object_get(spec, "signature"), sig, sl, leaf);
	}
	if (r == 1)
		snprintf(why, wsz, "tlog body mismatch: the Rekor entry records "
			 "another signature than the one checked");
	else if (r == 2)
		snprintf(why, wsz, "tlog body mismatch: the Rekor entry records "
			 "another certificate than the signing one (verifier."
			 "x509Certificate)");
	ok = r == 0;
out:
	json_decref(j);
	return ok;
}

/* A Rekor v2 entry (no SET, no integrated time): the inclusion proof
 * leads from the body to the root, the checkpoint names that tree and is
 * signed by the tlog of the root its signature lines name (v2_select: key
 * name = origin = the host of the log's baseUrl, key hint), valid at the
 * timestamp's time and the entry's logId when given, the leaf at the timestamp's time,
 * the signature (over the artifact, or a DSSE bundle's PAE), the body
 * (hashedrekord or dsse 0.0.2). */
static bool check_v2(const struct img_kl_policy *p, const void *art, size_t alen,
		     const struct img_kl_sbundle *b, const struct kl_ts *ts,
		     char *why, size_t whysz, char *scheme, size_t schemesz)
{
	char tb[40];
	if (!ts->have) {
		snprintf(why, whysz, "no tlog entry: the Rekor v2 entry carries no "
			 "time and the bundle has no RFC 3161 timestamp");
		return false;
	}
	/* a Rekor v2 log is one tree (no shards): the entry's logIndex, which
	 * nothing signs and the verified line names, is the proof's */
	if (b->tlog.log_index != b->proof_index) {
		snprintf(why, whysz, "bad tlog entry: the entry's logIndex %" PRId64
			 " is not its inclusion proof's %" PRId64,
			 b->tlog.log_index, b->proof_index);
		return false;
	}
	struct kl_proof pr = { b->proof_index, b->tree_size, { 0 },
			       (unsigned char (*)[32])b->hashes, b->nhashes,
			       b->checkpoint };
	memcpy(pr.root, b->root, 32);
	struct kl_note nt;
	const struct kl_tlog *tl = proof_ok(&pr, &b->tlog, &nt, why, whysz)
				   ? v2_select(p->root, &nt, b->tlog.log_id, ts->time,
					       why, whysz) : NULL;
	if (!tl)
		return false;
	X509 *leaf = pem_cert(b->cert_pem);
	struct kl_signer s;
	bool ok = false;
	if (!leaf) {
		snprintf(why, whysz, "untrusted certificate: unreadable");
		return false;
	}
	EVP_PKEY *lk;
	char sch[80];
	unsigned char sig[1024];
	const EVP_MD *md = EVP_sha256();
	const void *msg = b->dsse ? (const void *)b->pae : art;
	size_t mlen = b->dsse ? b->paelen : alen;
	size_t sl = strlen(b->sig_b64);
	long sn = sl <= 4 * sizeof(sig) / 3
		  ? b64_decode_either(b->sig_b64, sl, sig, sizeof(sig)) : -1;
	if (!leaf_ok(p, leaf, b->chain_pem, ts->time, "timestamp's time", &s,
		     why, whysz))
		goto out;
	char bw[300];
	bool body = sn > 0 && body_v2_ok(&b->tlog, b->dsse, b->dsse_hr, msg, mlen, sig,
					 (size_t)sn, leaf, &md, bw, sizeof(bw));
	lk = X509_get0_pubkey(leaf);
	if (!lk || sn <= 0 || !leaf_sig_ok(lk, msg, mlen, b->sig_b64, md,
					   sch, sizeof(sch))) {
		snprintf(why, whysz, "bad signature: the signature does not verify "
			 "under the certificate's %s key (a changed %s or "
			 "signature)", lk ? pkey_name(lk) : "unreadable",
			 b->dsse ? "payload" : "artifact");
		goto out;
	}
	if (!body) {
		snprintf(why, whysz, "%s", sn > 0 ? bw : "bad signature: the "
			 "signature is not base64");
		goto out;
	}
	snprintf(scheme, schemesz, "keyless %s, %s, issuer %.100s%s%s, RFC 3161 "
		 "timestamp at %s, Rekor v2 log index %" PRId64 ", inclusion proof "
		 "in tree of %" PRId64, sch, s.seen, s.issuer, s.ct[0] ? ", " : "",
		 s.ct, fmt_time(ts->time, tb, sizeof(tb)), b->tlog.log_index,
		 b->tree_size);
	ok = true;
out:
	X509_free(leaf);
	return ok;
}

/* A DSSE bundle names the artifact as cosign verify-blob-attestation
 * reads it: the envelope's payloadType is in-toto's and the statement's
 * subject[] holds an item whose digest.sha256 is the artifact's (hex).
 * true or why set. */
static bool dsse_subject_ok(const struct img_kl_sbundle *b,
			    const unsigned char h[32], char *why, size_t wsz)
{
	static const char intoto[] = "application/vnd.in-toto+json";
	size_t bl = 0;
	const unsigned char *body = pae_body(b->pae, b->paelen, &bl);
	char hx[65];
	hexs(h, 32, hx);
	if (!body || b->paelen < 7 + 3 + sizeof(intoto) ||
	    memcmp(b->pae + 7, "28 ", 3) != 0 ||
	    memcmp(b->pae + 10, intoto, sizeof(intoto) - 1) != 0) {
		snprintf(why, wsz, "bad signature: the DSSE envelope's payloadType "
			 "is not %s (not an in-toto statement)", intoto);
		return false;
	}
	struct diag d;
	diag_init(&d, NULL);
	json_t *st = load((const char *)body, bl, IMG_KL_MAX_SBUNDLE,
			  "the in-toto statement", &d);
	json_t *subj = json_object_get(st, "subject");
	bool ok = false;
	for (size_t i = 0; i < json_array_size(subj) && !ok; i++) {
		const char *v = jstr(json_object_get(json_array_get(subj, i),
						     "digest"), "sha256");
		ok = v && strcmp(v, hx) == 0;
	}
	if (!ok)
		snprintf(why, wsz, "bad signature: %s%s", st ? "the artifact's "
			 "sha256:" : d.message, st ? hx : "");
	if (!ok && st) {
		size_t u = strlen(why);
		snprintf(why + u, wsz - u, " is not a subject of the attestation "
			 "(another artifact, or a changed one)");
	}
	json_decref(st);
	return ok;
}

bool img_kl_check_sbundle(const struct img_kl_policy *p, const void *art,
			  size_t alen, const struct img_kl_sbundle *b, char *why,
			  size_t whysz, char *scheme, size_t schemesz)
{
	unsigned char h[32], mh[EVP_MAX_MD_SIZE];
	unsigned int hl, ml = 0;
	EVP_Digest(art, alen, h, &hl, EVP_sha256(), NULL);
	/* messageDigest: SHA2_256, SHA2_384 or SHA2_512 (by its length) */
	const EVP_MD *dmd = b->digestlen == 48 ? EVP_sha384()
			    : b->digestlen == 64 ? EVP_sha512() : EVP_sha256();
	if (b->digestlen && (EVP_Digest(art, alen, mh, &ml, dmd, NULL) != 1 ||
			     ml != b->digestlen || memcmp(mh, b->digest, ml) != 0)) {
		snprintf(why, whysz, "bad signature: the artifact does not hash to "
			 "the bundle's messageDigest (a changed artifact)");
		return false;
	}
	if (b->dsse && !dsse_subject_ok(b, h, why, whysz))
		return false;
	/* timestampVerificationData: an RFC 3161 timestamp over the
	 * signature's bytes */
	struct kl_ts ts = { false, 0 };
	if (b->tsr) {
		unsigned char sig[1024];
		size_t sl = strlen(b->sig_b64);
		long sn = sl <= 4 * sizeof(sig) / 3
			  ? b64_decode(b->sig_b64, sl, sig, sizeof(sig)) : -1;
		if (sn <= 0) {
			snprintf(why, whysz, "bad signature: the signature is not base64");
			return false;
		}
		if (!tsa_ok(p->root, b->tsr, b->tsrlen, sig, (size_t)sn, &ts, why, whysz))
			return false;
	}
	if (b->has_entry && b->v2)
		return check_v2(p, art, alen, b, &ts, why, whysz, scheme, schemesz);
	bool has_tlog = b->has_entry && b->tlog.setlen;
	if (!has_tlog && !(p->ignore_tlog && ts.have)) {
		snprintf(why, whysz, "no tlog entry: the bundle has no transparency "
			 "log entry with a signed entry timestamp (inclusionPromise%s)",
			 ts.have ? "; a timestamp alone counts only with "
			 "--insecure-ignore-tlog" : "");
		return false;
	}
	X509 *leaf = pem_cert(b->cert_pem);
	if (!leaf) {
		snprintf(why, whysz, "untrusted certificate: unreadable");
		return false;
	}
	struct kl_proof pr = { b->proof_index, b->tree_size, { 0 },
			       (unsigned char (*)[32])b->hashes, b->nhashes,
			       b->checkpoint };
	memcpy(pr.root, b->root, 32);
	bool ok = b->dsse ? check_entry(p, b->pae, b->paelen, b->sig_b64, leaf,
					b->chain_pem, has_tlog ? &b->tlog : NULL,
					has_tlog && b->has_proof ? &pr : NULL,
					&ts, true, why, whysz, scheme, schemesz)
		  : check_entry(p, art, alen, b->sig_b64, leaf, b->chain_pem,
				has_tlog ? &b->tlog : NULL,
				has_tlog && b->has_proof ? &pr : NULL, &ts,
				false, why, whysz, scheme, schemesz);
	X509_free(leaf);
	if (ok && b->has_proof) {
		size_t u = strlen(scheme);
		snprintf(scheme + u, schemesz - u, ", inclusion proof in tree of %"
			 PRId64, b->tree_size);
	}
	return ok;
}
