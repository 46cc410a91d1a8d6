/* SPDX-License-Identifier: Apache-2.0
 *
 * img_sign.c - cosign key-based image signatures (img_sign.h): reads an
 * image's index.json, its manifest and the signature manifests stored
 * with it (tag form sha256-<hex>.sig, `cosign save`'s kind annotation,
 * OCI 1.1 referrers), checks each simple-signing payload with OpenSSL
 * (EVP_DigestVerify) against a PEM public key, the digest it names
 * against the image's manifest digest and --annotation claims against
 * its "optional" section; and writes a signature into an OCI layout
 * directory as cosign would (payload blob, config, manifest, index entry,
 * each through a temporary file and rename, only below blobs/sha256/ and
 * index.json of the layout).
 *
 * Inputs are read without unpacking: a directory's small blobs by digest
 * name, a tar's small JSON entries in one pass (layer blobs skipped).
 * Attestations (img_att_verify / img_att_sign): the same layout reader
 * lists .att tags, cosign save's atts entries and DSSE/in-toto referrers;
 * each DSSE layer is read with img_attest.c, its signatures checked over
 * the PAE with the same OpenSSL code, its statement's subjects against
 * the image's digest; writing reuses the manifest store of signatures.
 * Keyless signatures (a policy in img_sig_opts.keyless) are judged per
 * layer by img_keyless.c from the layer's certificate, chain and bundle
 * (and RFC 3161 timestamp) annotations instead of the key; keyless
 * attestations (img_att_opts.keyless) the same way per DSSE layer
 * (img_kl_check_dsse).  It does not read layers, Sigstore bundle files,
 * or policies.  Tests: tests/unit/image/test_sign.c,
 * tests/unit/image/test_attest.c, fuzz/fuzz_sigpayload.c, fuzz/fuzz_dsse.c,
 * tests/suites/signing.sh, tests/suites/attest.sh, tests/suites/keyless.sh.
 */
#include "img_sign.h"

#include <archive.h>
#include <archive_entry.h>
#include <ctype.h>
#include <stdarg.h>
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "img_attest.h"
#include "img_int.h"
#include "img_keyless.h"
#include "img_model.h"
#include "../util/arena.h"
#include "../util/b64.h"
#include "../util/io.h"
#include "../util/text.h"

#define MAX_BLOB ((size_t)4 << 20)        /* one metadata blob */
#define MAX_TOTAL ((size_t)64 << 20)      /* all kept blobs of a tar */
#define MAX_ENTRIES 65536
#define MAX_MANIFESTS 4096                /* index.json entries */
#define MAX_SIG_LAYERS 256                /* per signature manifest */
#define MAX_SIG_B64 8192
#define MAX_KEY_PEM ((size_t)64 << 10)
#define PATH_BUF 4096

#define MT_OCI_MANIFEST "application/vnd.oci.image.manifest.v1+json"
#define MT_OCI_CONFIG "application/vnd.oci.image.config.v1+json"
#define MT_EMPTY "application/vnd.oci.empty.v1+json"
#define EMPTY_DIGEST \
	"sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a"
#define MT_COSIGN_ARTIFACT_SIG "application/vnd.dev.cosign.artifact.sig.v1+json"
#define KIND_SIGS "dev.cosignproject.cosign/sigs"
#define KIND_IMAGE "dev.cosignproject.cosign/image"
#define KIND_ATTS "dev.cosignproject.cosign/atts"
#define ANN_REF "org.opencontainers.image.ref.name"
#define ANN_CTRD "io.containerd.image.name"

/* ---- keys ------------------------------------------------------------ */

struct img_sig_key {
	EVP_PKEY *pkey;
	char kind[32];
};

static void key_kind(struct img_sig_key *k)
{
	int id = EVP_PKEY_get_base_id(k->pkey);
	int bits = EVP_PKEY_get_bits(k->pkey);
	if (id == EVP_PKEY_ED25519)
		snprintf(k->kind, sizeof(k->kind), "ed25519");
	else if (id == EVP_PKEY_EC)
		snprintf(k->kind, sizeof(k->kind), "ecdsa-p%d", bits);
	else if (id == EVP_PKEY_RSA || id == EVP_PKEY_RSA_PSS)
		snprintf(k->kind, sizeof(k->kind), "rsa-%d", bits);
	else
		snprintf(k->kind, sizeof(k->kind), "unsupported");
}

static bool key_supported(const struct img_sig_key *k)
{
	int id = EVP_PKEY_get_base_id(k->pkey);
	int bits = EVP_PKEY_get_bits(k->pkey);
	if (id == EVP_PKEY_ED25519)
		return true;
	if (id == EVP_PKEY_EC)
		return bits == 256 || bits == 384 || bits == 521;
	if (id == EVP_PKEY_RSA || id == EVP_PKEY_RSA_PSS)
		return bits >= 2048 && bits <= 8192;
	return false;
}

int img_sig_key_from_pem(const char *pem, size_t len, const char *name,
			 bool priv, struct img_sig_key **out, struct diag *d)
{
	*out = NULL;
	if (len > MAX_KEY_PEM)
		return diag_error(d, BH_ELIMIT, 0, 0, "%s: key file over %zu bytes",
				  name, MAX_KEY_PEM);
	if (memmem(pem, len, "ENCRYPTED", 9))
		return diag_error(d, BH_EPARSE, 0, 0,
				  "%s: encrypted private keys (cosign's own format or "
				  "PKCS#8 with a password) are not supported; "
				  "use an unencrypted PKCS#8 PEM key", name);
	BIO *b = BIO_new_mem_buf(pem, (int)len);
	if (!b)
		return diag_error(d, BH_ENOMEM, 0, 0, "out of memory");
	EVP_PKEY *pk = priv ? PEM_read_bio_PrivateKey(b, NULL, NULL, NULL)
			    : PEM_read_bio_PUBKEY(b, NULL, NULL, NULL);
	BIO_free(b);
	ERR_clear_error();
	if (!pk)
		return diag_error(d, BH_EPARSE, 0, 0, "%s: not a PEM %s", name,
				  priv ? "private key (PKCS#8 \"PRIVATE KEY\")"
				       : "public key (\"PUBLIC KEY\", SubjectPublicKeyInfo)");
	struct img_sig_key *k = calloc(1, sizeof(*k));
	if (!k) {
		EVP_PKEY_free(pk);
		return diag_error(d, BH_ENOMEM, 0, 0, "out of memory");
	}
	k->pkey = pk;
	key_kind(k);
	if (!key_supported(k)) {
		diag_error(d, BH_EPARSE, 0, 0,
			   "%s: unsupported key type %s (ECDSA P-256/P-384/P-521, "
			   "RSA 2048-8192 or Ed25519)", name, k->kind);
		img_sig_key_free(k);
		return BH_EPARSE;
	}
	*out = k;
	return 0;
}

int img_sig_key_load(const char *path, bool priv, struct img_sig_key **out,
		     struct diag *d)
{
	*out = NULL;
	/* O_NONBLOCK: a FIFO or a device named as the key is refused, never
	 * waited on */
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
	if (fd < 0)
		return diag_error(d, BH_EIO, 0, 0, "cannot open %s: %s", path,
				  strerror(errno));
	struct stat st = { 0 };
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return diag_error(d, BH_EIO, 0, 0, "%s: not a regular file (%s)",
				  path, io_file_type(st.st_mode));
	}
	if ((uint64_t)st.st_size > MAX_KEY_PEM) {
		close(fd);
		return diag_error(d, BH_ELIMIT, 0, 0, "%s: key file over %zu bytes",
				  path, MAX_KEY_PEM);
	}
	char *buf = malloc((size_t)st.st_size + 1);
	size_t got = 0;
	while (buf && got < (size_t)st.st_size) {
		ssize_t n = read(fd, buf + got, (size_t)st.st_size - got);
		if (n <= 0)
			break;
		got += (size_t)n;
	}
	close(fd);
	if (!buf)
		return diag_error(d, BH_ENOMEM, 0, 0, "out of memory");
	int rc = img_sig_key_from_pem(buf, got, path, priv, out, d);
	OPENSSL_cleanse(buf, got);
	free(buf);
	return rc;
}

bool img_sig_key_same(const struct img_sig_key *a, const struct img_sig_key *b)
{
	if (!a || !b)
		return false;
	return a == b || EVP_PKEY_eq(a->pkey, b->pkey) == 1;
}

void img_sig_key_free(struct img_sig_key *k)
{
	if (!k)
		return;
	EVP_PKEY_free(k->pkey);
	free(k);
}

const char *img_sig_key_kind(const struct img_sig_key *k)
{
	return k ? k->kind : "none";
}

/* The hash cosign pairs with the key: SHA-256, P-384 SHA-384, P-521
 * SHA-512, Ed25519 none (pure). */
static const EVP_MD *key_md(const struct img_sig_key *k)
{
	int id = EVP_PKEY_get_base_id(k->pkey);
	if (id == EVP_PKEY_ED25519)
		return NULL;
	if (id == EVP_PKEY_EC) {
		int bits = EVP_PKEY_get_bits(k->pkey);
		return bits == 384 ? EVP_sha384() : bits == 521 ? EVP_sha512()
								 : EVP_sha256();
	}
	return EVP_sha256();
}

/* pad: 0 default, 1 PKCS#1 v1.5, 2 PSS */
static bool verify_one(const struct img_sig_key *k, int pad,
		       const unsigned char *msg, size_t n,
		       const unsigned char *sig, size_t sn)
{
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	EVP_PKEY_CTX *pctx = NULL;
	bool ok = false;
	if (ctx && EVP_DigestVerifyInit(ctx, &pctx, key_md(k), NULL, k->pkey) == 1) {
		int r = 1;
		if (pad == 1)
			r = EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PADDING);
		else if (pad == 2)
			r = EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING) > 0 &&
			    EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, RSA_PSS_SALTLEN_AUTO) > 0;
		if (r > 0)
			ok = EVP_DigestVerify(ctx, sig, sn, msg, n) == 1;
	}
	EVP_MD_CTX_free(ctx);
	ERR_clear_error();
	return ok;
}

/* Verify; "scheme" names what verified. */
static bool sig_verify(const struct img_sig_key *k, const void *msg, size_t n,
		       const unsigned char *sig, size_t sn, const char **scheme)
{
	int id = EVP_PKEY_get_base_id(k->pkey);
	if (id == EVP_PKEY_RSA) {
		if (verify_one(k, 1, msg, n, sig, sn)) {
			*scheme = "RSA PKCS#1 v1.5 SHA-256";
			return true;
		}
		if (verify_one(k, 2, msg, n, sig, sn)) {
			*scheme = "RSA-PSS SHA-256";
			return true;
		}
		return false;
	}
	if (!verify_one(k, 0, msg, n, sig, sn))
		return false;
	*scheme = id == EVP_PKEY_ED25519 ? "Ed25519" :
		  id == EVP_PKEY_RSA_PSS ? "RSA-PSS SHA-256" :
		  EVP_PKEY_get_bits(k->pkey) == 384 ? "ECDSA P-384 SHA-384" :
		  EVP_PKEY_get_bits(k->pkey) == 521 ? "ECDSA P-521 SHA-512" :
						      "ECDSA P-256 SHA-256";
	return true;
}

/* ---- base64 ---------------------------------------------------------- */

long img_sig_b64_decode(const char *in, size_t len, unsigned char *out,
			size_t cap)
{
	return b64_decode(in, len, out, cap);
}

/* ---- digests --------------------------------------------------------- */

static bool digest_ok(const char *dg)
{
	if (!dg || strncmp(dg, "sha256:", 7) != 0 || strlen(dg) != 71)
		return false;
	for (int i = 7; i < 71; i++)
		if (!isxdigit((unsigned char)dg[i]) || isupper((unsigned char)dg[i]))
			return false;
	return true;
}

/* "sha256-<hex>.sig" (or "suffix") -> "sha256:<hex>" */
static bool tag_digest(const char *tag, const char *suffix, char out[72])
{
	if (!tag || strlen(tag) != 75 || strncmp(tag, "sha256-", 7) != 0 ||
	    strcmp(tag + 71, suffix) != 0)
		return false;
	snprintf(out, 72, "sha256:%.64s", tag + 7);
	return digest_ok(out);
}

static bool sig_tag_digest(const char *tag, char out[72])
{
	return tag_digest(tag, ".sig", out);
}

static const char *jstr(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);
	return json_is_string(v) ? json_string_value(v) : NULL;
}

/* ---- the store: blobs of a directory or a tar ------------------------ */

struct sent {
	const char *name;
	const char *data;
	size_t len;
};

struct store {
	struct arena a;
	const char *src;         /* for messages */
	const char *dir;         /* directory mode */
	struct sent *ent;
	size_t nent, cap, total;
	struct diag *d;
};

static const char *dir_read(struct store *s, const char *rel, size_t *len)
{
	char full[PATH_BUF * 2];
	snprintf(full, sizeof(full), "%s/%s", s->dir, rel);
	int fd = open(full, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK |
			    O_NOCTTY);
	struct stat st = { 0 };
	if (fd < 0) {
		/* absent: the caller says what is missing; a symbolic link
		 * (O_NOFOLLOW) or an unreadable file is refused by name */
		if (errno != ENOENT && errno != ENOTDIR)
			diag_error(s->d, BH_EIO, 0, 0, "%s: %s", full,
				   errno == ELOOP ? "a symbolic link (refused)"
						  : strerror(errno));
		return NULL;
	}
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) ||
	    (uint64_t)st.st_size > MAX_BLOB) {
		if (!S_ISREG(st.st_mode))
			diag_error(s->d, BH_EIO, 0, 0,
				   "%s: not a regular file (%s)", full,
				   io_file_type(st.st_mode));
		close(fd);
		return NULL;
	}
	char *buf = arena_alloc(&s->a, (size_t)st.st_size + 1);
	size_t got = 0;
	while (buf && got < (size_t)st.st_size) {
		ssize_t n = read(fd, buf + got, (size_t)st.st_size - got);
		if (n <= 0)
			break;
		got += (size_t)n;
	}
	close(fd);
	if (!buf)
		return NULL;
	buf[got] = 0;
	*len = got;
	return buf;
}

static const char *store_get(struct store *s, const char *rel, size_t *len)
{
	if (s->dir)
		return dir_read(s, rel, len);
	for (size_t i = s->nent; i-- > 0;)
		if (strcmp(s->ent[i].name, rel) == 0) {
			*len = s->ent[i].len;
			return s->ent[i].data;
		}
	return NULL;
}

static const char *blob_get(struct store *s, const char *digest, size_t *len)
{
	char rel[96];
	if (!digest_ok(digest))
		return NULL;
	snprintf(rel, sizeof(rel), "blobs/sha256/%s", digest + 7);
	return store_get(s, rel, len);
}

static bool json_like(const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (p[i] == ' ' || p[i] == '\n' || p[i] == '\r' || p[i] == '\t')
			continue;
		return p[i] == '{' || p[i] == '[';
	}
	return false;
}

/* One pass over a tar: keep regular entries of at most MAX_BLOB bytes
 * that start like JSON. */
static int store_tar(struct store *s, struct archive *ar)
{
	int rc = 0;
	size_t nentries = 0;
	for (;;) {
		struct archive_entry *ae;
		int r = archive_read_next_header(ar, &ae);
		if (r == ARCHIVE_EOF)
			break;
		if (r < ARCHIVE_WARN)
			return diag_error(s->d, BH_EPARSE, 0, 0, "%s: %s", s->src,
					  archive_error_string(ar) ?
					  archive_error_string(ar) : "bad tar header");
		if (++nentries > MAX_ENTRIES)
			return diag_error(s->d, BH_ELIMIT, 0, 0,
					  "%s: more than %d entries", s->src,
					  MAX_ENTRIES);
		if (archive_entry_filetype(ae) != AE_IFREG)
			continue;
		la_int64_t sz = archive_entry_size(ae);
		const char *nm = archive_entry_pathname(ae);
		char name[PATH_BUF];
		if (sz <= 0 || (uint64_t)sz > MAX_BLOB || !nm ||
		    !img_path_normalize(nm, name, sizeof(name)))
			continue;
		char head[64];
		la_ssize_t hn = archive_read_data(ar, head, sizeof(head));
		if (hn < 0)
			return diag_error(s->d, BH_EPARSE, 0, 0, "%s: %s: read error",
					  s->src, name);
		if (!json_like(head, (size_t)hn))
			continue;
		if (s->total + (size_t)sz > MAX_TOTAL)
			return diag_error(s->d, BH_ELIMIT, 0, 0,
					  "%s: metadata over %zu bytes", s->src,
					  MAX_TOTAL);
		char *buf = arena_alloc(&s->a, (size_t)sz + 1);
		if (!buf)
			return diag_error(s->d, BH_ENOMEM, 0, 0, "out of memory");
		memcpy(buf, head, (size_t)hn);
		size_t got = (size_t)hn;
		while (got < (size_t)sz) {
			la_ssize_t n = archive_read_data(ar, buf + got, (size_t)sz - got);
			if (n < 0)
				return diag_error(s->d, BH_EPARSE, 0, 0,
						  "%s: %s: read error", s->src, name);
			if (n == 0)
				break;
			got += (size_t)n;
		}
		buf[got] = 0;
		s->total += got;
		if (s->nent == s->cap) {
			size_t nc = s->cap ? s->cap * 2 : 32;
			struct sent *v = arena_grow(&s->a, s->ent, s->cap, nc, sizeof(*v));
			if (!v)
				return diag_error(s->d, BH_ENOMEM, 0, 0, "out of memory");
			s->ent = v;
			s->cap = nc;
		}
		struct sent *e = &s->ent[s->nent++];
		e->name = arena_strdup(&s->a, name);
		e->data = buf;
		e->len = got;
		if (!e->name)
			return diag_error(s->d, BH_ENOMEM, 0, 0, "out of memory");
	}
	return rc;
}

static int store_open_tar(struct store *s, const char *file, const void *mem,
			  size_t len)
{
	struct archive *ar = archive_read_new();
	if (!ar)
		return diag_error(s->d, BH_ENOMEM, 0, 0, "out of memory");
	archive_read_support_filter_gzip(ar);
	archive_read_support_filter_zstd(ar);
	archive_read_support_filter_xz(ar);
	archive_read_support_filter_bzip2(ar);
	archive_read_support_format_tar(ar);
	archive_read_support_format_gnutar(ar);
	int r = file ? archive_read_open_filename(ar, file, 64 * 1024)
		     : archive_read_open_memory(ar, mem, len);
	int rc;
	if (r != ARCHIVE_OK)
		rc = diag_error(s->d, BH_EPARSE, 0, 0, "%s: not a tar archive: %s",
				s->src, archive_error_string(ar) ?
				archive_error_string(ar) : "?");
	else
		rc = store_tar(s, ar);
	archive_read_free(ar);
	return rc;
}

/* ---- the layout: image and signature manifests ----------------------- */

enum form { F_TAG, F_REFERRER, F_SAVE };
static const char *const form_name[] = { "tag", "referrer", "cosign-save" };

struct sigman {
	enum form form;
	char digest[72];          /* of the signature manifest */
	char subject[72];         /* what it says it signs ("" unknown) */
	json_t *desc;             /* index entry (borrowed from the index) */
};

struct layout {
	struct store st;
	json_t *index;
	json_t *image_desc;       /* borrowed */
	char image_digest[72];    /* hash of the manifest bytes */
	char image_named[72];     /* the index entry's digest */
	const char *image_mt;
	size_t image_size;
	char ref[128];
	struct sigman *sigs;
	size_t nsigs;
	struct sigman *atts;      /* attestation manifests */
	size_t natts;
};

static void layout_free(struct layout *L)
{
	json_decref(L->index);
	free(L->sigs);
	free(L->atts);
	arena_free(&L->st.a);
}

static bool ref_match(json_t *ann, const char *ref)
{
	const char *names[] = { jstr(ann, ANN_REF), jstr(ann, ANN_CTRD) };
	for (int i = 0; i < 2; i++) {
		const char *n = names[i];
		if (!n)
			continue;
		if (strcmp(n, ref) == 0)
			return true;
		const char *c = strrchr(n, ':');
		if (c && !strchr(c, '/') && strcmp(c + 1, ref) == 0)
			return true;
	}
	return false;
}

static json_t *parse_json(struct store *s, const char *data, size_t len,
			  const char *what)
{
	json_error_t e;
	json_t *j = json_loadb(data, len, JSON_REJECT_DUPLICATES, &e);
	if (!j || !json_is_object(j)) {
		json_decref(j);
		diag_error(s->d, BH_EPARSE, 0, 0, "%s: %s: %s", s->src, what,
			   j ? "not a JSON object" : e.text);
		return NULL;
	}
	return j;
}

static bool is_sig_artifact(const char *at)
{
	return at && (strcmp(at, IMG_SIG_MEDIA) == 0 ||
		      strcmp(at, MT_COSIGN_ARTIFACT_SIG) == 0);
}

/* A DSSE envelope or an in-toto media type (application/vnd.in-toto+json,
 * application/vnd.in-toto.<predicate>+json). */
static bool is_att_artifact(const char *at)
{
	return at && (strcmp(at, IMG_ATT_DSSE_MEDIA) == 0 ||
		      strncmp(at, "application/vnd.in-toto", 23) == 0);
}

/* Classify index.json entries; pick the image; list signature manifests. */
static int layout_scan(struct layout *L, const char *want_ref)
{
	struct store *s = &L->st;
	size_t ilen = 0;
	const char *idx = store_get(s, "index.json", &ilen);
	if (!idx) {
		if (store_get(s, "manifest.json", &ilen))
			return 1;   /* a legacy docker-archive */
		return diag_error(s->d, BH_EPARSE, 0, 0,
				  "%s: not an image: no index.json (OCI layout) "
				  "or manifest.json (docker-archive)", s->src);
	}
	L->index = parse_json(s, idx, ilen, "index.json");
	if (!L->index)
		return BH_EPARSE;
	json_t *arr = json_object_get(L->index, "manifests");
	if (!json_is_array(arr))
		return diag_error(s->d, BH_EPARSE, 0, 0,
				  "%s: index.json: no \"manifests\" array", s->src);
	size_t n = json_array_size(arr);
	if (n > MAX_MANIFESTS)
		return diag_error(s->d, BH_ELIMIT, 0, 0,
				  "%s: index.json: more than %d manifests", s->src,
				  MAX_MANIFESTS);
	L->sigs = calloc(n ? n : 1, sizeof(*L->sigs));
	L->atts = calloc(n ? n : 1, sizeof(*L->atts));
	if (!L->sigs || !L->atts)
		return diag_error(s->d, BH_ENOMEM, 0, 0, "out of memory");
	json_t *save_image = NULL, *first = NULL;
	for (size_t i = 0; i < n; i++) {
		json_t *desc = json_array_get(arr, i);
		if (!json_is_object(desc))
			continue;
		const char *dg = jstr(desc, "digest");
		if (!digest_ok(dg))
			continue;
		json_t *ann = json_object_get(desc, "annotations");
		const char *kind = jstr(ann, "kind");
		const char *rn = jstr(ann, ANN_REF);
		struct sigman *sm = &L->sigs[L->nsigs];
		struct sigman *am = &L->atts[L->natts];
		bool tagged = false;
		if (sig_tag_digest(rn, sm->subject)) {
			sm->form = F_TAG;
		} else if (kind && strcmp(kind, KIND_SIGS) == 0) {
			sm->form = F_SAVE;
			sm->subject[0] = 0;
		} else if ((tagged = tag_digest(rn, ".att", am->subject)) ||
			   (kind && strcmp(kind, KIND_ATTS) == 0)) {
			am->form = tagged ? F_TAG : F_SAVE;
			snprintf(am->digest, sizeof(am->digest), "%s", dg);
			am->desc = desc;
			L->natts++;
			continue;
		} else if (rn && strlen(rn) > 5 &&
			   (strcmp(rn + strlen(rn) - 4, ".att") == 0 ||
			    strcmp(rn + strlen(rn) - 5, ".sbom") == 0)) {
			continue;   /* cosign attach sbom (unsigned, not read), or
				     * an .att tag naming no digest */
		} else {
			/* a referrer (subject + signature artifact type)? */
			const char *at = jstr(desc, "artifactType");
			size_t mlen;
			const char *mb = blob_get(s, dg, &mlen);
			json_t *m = NULL;
			if (mb) {
				json_error_t e;
				m = json_loadb(mb, mlen, 0, &e);
			}
			json_t *subj = json_object_get(m, "subject");
			if (json_is_object(subj)) {
				if (!at)
					at = jstr(m, "artifactType");
				if (!at)
					at = jstr(json_object_get(m, "config"), "mediaType");
				const char *sd = jstr(subj, "digest");
				bool sig = is_sig_artifact(at) && digest_ok(sd);
				if (sig) {
					sm->form = F_REFERRER;
					snprintf(sm->subject, sizeof(sm->subject), "%s", sd);
				} else if (is_att_artifact(at) && digest_ok(sd)) {
					am->form = F_REFERRER;
					snprintf(am->subject, sizeof(am->subject), "%s", sd);
					snprintf(am->digest, sizeof(am->digest), "%s", dg);
					am->desc = desc;
					L->natts++;
				}
				json_decref(m);
				if (!sig)
					continue;   /* an attestation or another referrer */
			} else {
				json_decref(m);
				if (is_sig_artifact(at) || is_att_artifact(at))
					continue;   /* no subject: cannot bind */
				if (want_ref && !ref_match(ann, want_ref))
					continue;
				if (kind && strcmp(kind, KIND_IMAGE) == 0 && !save_image)
					save_image = desc;
				if (!first)
					first = desc;
				continue;
			}
		}
		snprintf(sm->digest, sizeof(sm->digest), "%s", dg);
		sm->desc = desc;
		L->nsigs++;
	}
	L->image_desc = save_image ? save_image : first;
	if (!L->image_desc) {
		if (want_ref)
			return diag_error(s->d, BH_EUSAGE, 0, 0,
					  "%s: no image tagged \"%s\" in index.json",
					  s->src, want_ref);
		return diag_error(s->d, BH_EPARSE, 0, 0,
				  "%s: index.json names no image manifest", s->src);
	}
	const char *dg = jstr(L->image_desc, "digest");
	snprintf(L->image_named, sizeof(L->image_named), "%s", dg);
	size_t mlen;
	const char *mb = blob_get(s, dg, &mlen);
	if (!mb)
		return diag_error(s->d, BH_EPARSE, 0, 0,
				  "%s: image manifest blob %s is missing", s->src, dg);
	img_sha256_hex(mb, mlen, L->image_digest);
	L->image_size = mlen;
	L->image_mt = jstr(L->image_desc, "mediaType");
	json_t *ann = json_object_get(L->image_desc, "annotations");
	const char *nm = jstr(ann, ANN_CTRD);
	if (!nm)
		nm = jstr(ann, ANN_REF);
	snprintf(L->ref, sizeof(L->ref), "%s", nm ? nm : "");
	for (size_t i = 0; i < L->nsigs; i++)
		if (L->sigs[i].form == F_SAVE)
			snprintf(L->sigs[i].subject, 72, "%s", L->image_named);
	for (size_t i = 0; i < L->natts; i++)
		if (L->atts[i].form == F_SAVE)
			snprintf(L->atts[i].subject, 72, "%s", L->image_named);
	return 0;
}

static int layout_open(struct layout *L, const char *path, const void *mem,
		       size_t len, struct diag *d)
{
	memset(L, 0, sizeof(*L));
	arena_init(&L->st.a, MAX_TOTAL + ((size_t)16 << 20));
	L->st.d = d;
	L->st.src = path;
	if (mem)
		return store_open_tar(&L->st, NULL, mem, len);
	struct stat st;
	if (stat(path, &st) != 0)
		return diag_error(d, BH_EIO, 0, 0, "cannot open %s: %s", path,
				  strerror(errno));
	if (S_ISDIR(st.st_mode)) {
		L->st.dir = path;
		return 0;
	}
	if (!S_ISREG(st.st_mode))
		return diag_error(d, BH_EIO, 0, 0,
				  "%s: not a directory or regular file", path);
	return store_open_tar(&L->st, path, NULL, 0);
}

/* ---- payloads -------------------------------------------------------- */

/* (JSON nesting is bounded by txt_json_txt_json_depth_ok(), src/util/text.c,
 * before jansson reads it: jansson's own limit is 2048; a payload needs 3
 * plus what "optional" holds.) */

/* The member of "o" whose key is "name" in any letter case, as Go's
 * encoding/json (cosign) matches struct fields.  Two such members
 * ("critical" and "Critical") make the payload ambiguous: cosign would
 * take the last, so *ambiguous is set and NULL returned. */
static json_t *ci_get(json_t *o, const char *name, bool *ambiguous)
{
	json_t *found = NULL, *v;
	const char *k;
	if (!json_is_object(o))
		return NULL;
	json_object_foreach(o, k, v)
		if (strcasecmp(k, name) == 0) {
			if (found) {
				*ambiguous = true;
				return NULL;
			}
			found = v;
		}
	return found;
}

int img_sig_payload_parse(const char *json, size_t len, char *digest,
			  struct diag *d)
{
	digest[0] = 0;
	if (len > IMG_SIG_MAX_PAYLOAD)
		return diag_error(d, BH_ELIMIT, 0, 0,
				  "payload is %zu bytes, over the %d byte limit",
				  len, IMG_SIG_MAX_PAYLOAD);
	if (!txt_json_depth_ok(json, len, IMG_SIG_MAX_DEPTH))
		return diag_error(d, BH_ELIMIT, 0, 0,
				  "payload nests deeper than %d levels",
				  IMG_SIG_MAX_DEPTH);
	json_error_t e;
	json_t *j = json_loadb(json, len, JSON_REJECT_DUPLICATES, &e);
	if (!j)
		return diag_error(d, BH_EPARSE, 0, 0, "payload is not JSON: %s",
				  e.text);
	int rc = 0;
	bool amb = false;
	json_t *crit = ci_get(j, "critical", &amb);
	json_t *img = ci_get(crit, "image", &amb);
	json_t *type = ci_get(crit, "type", &amb);
	json_t *dgv = ci_get(img, "docker-manifest-digest", &amb);
	json_t *opt = ci_get(j, "optional", &amb);
	const char *dg = json_is_string(dgv) ? json_string_value(dgv) : NULL;
	if (!json_is_object(j))
		rc = diag_error(d, BH_EPARSE, 0, 0, "payload is not a JSON object");
	else if (amb)
		rc = diag_error(d, BH_EPARSE, 0, 0,
				"payload is ambiguous: a key of critical, image, type, "
				"docker-manifest-digest or optional appears twice "
				"(in different letter case)");
	else if (!json_is_object(crit))
		rc = diag_error(d, BH_EPARSE, 0, 0, "payload has no \"critical\" object");
	else if (!json_is_string(type) ||
		 strcmp(json_string_value(type), IMG_SIG_TYPE) != 0)
		rc = diag_error(d, BH_EPARSE, 0, 0,
				"payload critical.type is not \"%s\"", IMG_SIG_TYPE);
	else if (!json_is_object(img))
		rc = diag_error(d, BH_EPARSE, 0, 0,
				"payload has no critical.image object");
	else if (!digest_ok(dg))
		rc = diag_error(d, BH_EPARSE, 0, 0,
				"payload has no sha256 critical.image.docker-manifest-digest");
	else if (opt && !json_is_object(opt) && !json_is_null(opt))
		rc = diag_error(d, BH_EPARSE, 0, 0,
				"payload \"optional\" is not an object");
	else
		snprintf(digest, 72, "%s", dg);
	json_decref(j);
	return rc;
}

int img_sig_payload_check(const char *json, size_t len, const char *manifest,
			  size_t mlen, struct diag *d)
{
	char pd[72], md[72];
	int rc = img_sig_payload_parse(json, len, pd, d);
	if (rc != 0)
		return rc;
	img_sha256_hex(manifest, mlen, md);
	if (strcmp(pd, md) != 0)
		return diag_error(d, BH_EPARSE, 0, 0,
				  "digest mismatch: the payload names manifest %s, "
				  "the manifest is %s", pd, md);
	return 0;
}

bool img_sig_signature_ok(const struct img_sig_key *k, const void *payload,
			  size_t len, const char *b64, size_t b64len,
			  const char **scheme)
{
	unsigned char sig[MAX_SIG_B64];
	const char *s = NULL;
	long sn = b64len > MAX_SIG_B64 ? -1
		  : img_sig_b64_decode(b64, b64len, sig, sizeof(sig));
	if (sn <= 0 || !sig_verify(k, payload, len, sig, (size_t)sn, &s))
		return false;
	if (scheme)
		*scheme = s;
	return true;
}

/* The claim's value as text: strings as they are, other scalars as JSON. */
static bool claim_matches(json_t *opt, const struct img_sig_claim *c,
			  char *have, size_t size)
{
	json_t *v = json_object_get(opt, c->key);
	have[0] = 0;
	if (!v) {
		snprintf(have, size, "absent");
		return false;
	}
	if (json_is_string(v)) {
		snprintf(have, size, "\"%s\"", json_string_value(v));
		return strcmp(json_string_value(v), c->value) == 0;
	}
	char *t = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
	bool ok = t && strcmp(t, c->value) == 0;
	snprintf(have, size, "%s", t ? t : "?");
	free(t);
	return ok;
}

/* ---- verify ---------------------------------------------------------- */

static void add_line(struct img_sig_result *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void add_line(struct img_sig_result *r, const char *fmt, ...)
{
	if (r->nlines >= IMG_SIG_MAX_LINES)
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(r->lines[r->nlines++], sizeof(r->lines[0]), fmt, ap);
	va_end(ap);
}

/* Record a failure when it ranks over the one kept. */
static void fail(struct img_sig_result *r, enum img_sig_status st,
		 const struct sigman *sm, const char *payload, const char *why)
{
	add_line(r, "%s %s: %s", form_name[sm->form], sm->digest, why);
	if (r->status != IMG_SIG_VERIFIED &&
	    (r->status == IMG_SIG_NONE || st > r->status)) {
		r->status = st;
		r->form = form_name[sm->form];
		snprintf(r->sig_manifest, sizeof(r->sig_manifest), "%s", sm->digest);
		snprintf(r->payload, sizeof(r->payload), "%s", payload ? payload : "");
		snprintf(r->reason, sizeof(r->reason), "%s", why);
	}
}

static void check_layer(struct layout *L, const struct img_sig_opts *o,
			const struct sigman *sm, size_t li, json_t *layer,
			struct img_sig_result *r)
{
	char why[400], pd[72];
	struct diag pdg;
	const char *dg = jstr(layer, "digest");
	const char *b64 = jstr(json_object_get(layer, "annotations"),
			       IMG_SIG_ANNOTATION);
	r->examined++;
	if (!b64) {
		snprintf(why, sizeof(why), "bad signature: layer %zu has no %s "
			 "annotation", li + 1, IMG_SIG_ANNOTATION);
		fail(r, IMG_SIG_BAD, sm, dg, why);
		return;
	}
	size_t plen;
	const char *payload = blob_get(&L->st, dg, &plen);
	if (!payload) {
		snprintf(why, sizeof(why), "bad signature: layer %zu payload blob %.80s "
			 "is missing", li + 1, dg ? dg : "(no digest)");
		fail(r, IMG_SIG_BAD, sm, dg, why);
		return;
	}
	char have[72];
	img_sha256_hex(payload, plen, have);
	if (strcmp(have, dg) != 0) {
		snprintf(why, sizeof(why), "bad signature: layer %zu payload blob does "
			 "not hash to its name %s", li + 1, dg);
		fail(r, IMG_SIG_BAD, sm, dg, why);
		return;
	}
	unsigned char sig[MAX_SIG_B64];
	size_t blen = strlen(b64);
	long sn = blen > MAX_SIG_B64 ? -1
		  : img_sig_b64_decode(b64, blen, sig, sizeof(sig));
	if (sn <= 0) {
		snprintf(why, sizeof(why), "bad signature: layer %zu signature "
			 "annotation is not base64", li + 1);
		fail(r, IMG_SIG_BAD, sm, dg, why);
		return;
	}
	const char *scheme = NULL;
	char klscheme[300];
	if (o->keyless) {
		json_t *ann = json_object_get(layer, "annotations");
		char kwhy[380];
		if (!img_kl_check(o->keyless, payload, plen, b64,
				  jstr(ann, IMG_KL_ANN_CERT),
				  jstr(ann, IMG_KL_ANN_CHAIN),
				  jstr(ann, IMG_KL_ANN_BUNDLE),
				  jstr(ann, IMG_KL_ANN_RFC3161), kwhy, sizeof(kwhy),
				  klscheme, sizeof(klscheme))) {
			/* "bad signature: " and "no tlog entry: " lead with
			 * their own words; the others say which layer */
			snprintf(why, sizeof(why), "%.380s (layer %zu)", kwhy, li + 1);
			fail(r, IMG_SIG_BAD, sm, dg, why);
			return;
		}
		scheme = klscheme;
	} else if (!sig_verify(o->key, payload, plen, sig, (size_t)sn, &scheme)) {
		snprintf(why, sizeof(why), "bad signature: layer %zu signature does "
			 "not verify under the %s key (another key, or a changed "
			 "or truncated signature)", li + 1, img_sig_key_kind(o->key));
		fail(r, IMG_SIG_BAD, sm, dg, why);
		return;
	}
	diag_init(&pdg, NULL);
	if (img_sig_payload_parse(payload, plen, pd, &pdg) != 0) {
		snprintf(why, sizeof(why), "bad signature: layer %zu signed payload "
			 "is not a cosign simple-signing payload: %.200s", li + 1,
			 pdg.message);
		fail(r, IMG_SIG_BAD, sm, dg, why);
		return;
	}
	if (strcmp(pd, L->image_digest) != 0) {
		if (strcmp(L->image_named, L->image_digest) != 0)
			snprintf(why, sizeof(why), "digest mismatch: the image "
				 "manifest was changed (its bytes hash to %s, "
				 "index.json names %s); the payload signs %s",
				 L->image_digest, L->image_named, pd);
		else if (sm->subject[0] && strcmp(sm->subject, pd) == 0)
			snprintf(why, sizeof(why), "digest mismatch: signed for "
				 "manifest %s, the image's manifest is %s (the "
				 "image changed after signing)", pd, L->image_digest);
		else
			snprintf(why, sizeof(why), "digest mismatch: the payload "
				 "names manifest %s, the image's manifest is %s",
				 pd, L->image_digest);
		fail(r, IMG_SIG_DIGEST, sm, dg, why);
		return;
	}
	if (o->nclaims) {
		json_error_t e;
		json_t *j = json_loadb(payload, plen, 0, &e);
		bool amb = false;
		json_t *opt = ci_get(j, "optional", &amb);
		for (size_t c = 0; c < o->nclaims; c++) {
			char hv[128];
			if (!claim_matches(opt, &o->claims[c], hv, sizeof(hv))) {
				snprintf(why, sizeof(why), "annotation mismatch: "
					 "%.60s is %.100s in the signed payload, "
					 "wanted \"%.100s\"", o->claims[c].key, hv,
					 o->claims[c].value);
				json_decref(j);
				fail(r, IMG_SIG_CLAIM, sm, dg, why);
				return;
			}
		}
		json_decref(j);
	}
	add_line(r, "%s %s: verified (%s, layer %zu, payload %s)",
		 form_name[sm->form], sm->digest, scheme, li + 1, dg);
	if (r->status != IMG_SIG_VERIFIED) {
		r->status = IMG_SIG_VERIFIED;
		r->form = form_name[sm->form];
		snprintf(r->sig_manifest, sizeof(r->sig_manifest), "%s", sm->digest);
		snprintf(r->payload, sizeof(r->payload), "%s", dg);
		r->reason[0] = 0;
	}
}

/* One signature or attestation manifest "sm" of the layout: its blob
 * read and checked against its name, then fn(ctx, li, layer) for each of
 * its first MAX_SIG_LAYERS layers of media type "media".  Returns 0, 1
 * when the blob does not hash to its name (nothing called; the caller
 * records its own verdict), or BH_EPARSE with the cause in d ("what"
 * names the kind of manifest in the message). */
static int each_manifest_layer(struct layout *L, const struct sigman *sm,
			       const char *what, const char *media,
			       void (*fn)(void *ctx, size_t li, json_t *ly),
			       void *ctx, struct diag *d)
{
	size_t mlen;
	const char *mb = blob_get(&L->st, sm->digest, &mlen);
	if (!mb)
		return diag_error(d, BH_EPARSE, 0, 0, "%s: %s manifest blob %s "
				  "is missing", L->st.src, what, sm->digest);
	char have[72];
	img_sha256_hex(mb, mlen, have);
	if (strcmp(have, sm->digest) != 0)
		return 1;
	json_t *m = parse_json(&L->st, mb, mlen, sm->digest);
	if (!m)
		return BH_EPARSE;
	json_t *layers = json_object_get(m, "layers");
	size_t nl = json_array_size(layers);
	if (nl > MAX_SIG_LAYERS)
		nl = MAX_SIG_LAYERS;
	for (size_t li = 0; li < nl; li++) {
		json_t *ly = json_array_get(layers, li);
		const char *mt = jstr(ly, "mediaType");
		if (mt && !strcmp(mt, media))
			fn(ctx, li, ly);
	}
	json_decref(m);
	return 0;
}

/* each_manifest_layer()'s callbacks: a signature layer checked
 * (check_layer), an attestation layer (att_layer) kept in the result. */
struct sig_walk {
	struct layout *L;
	const struct img_sig_opts *o;
	struct sigman *sm;
	struct img_sig_result *r;
	bool verified_found;
};

static void sig_one(void *ctx, size_t li, json_t *ly)
{
	struct sig_walk *w = ctx;
	check_layer(w->L, w->o, w->sm, li, ly, w->r);
	if (w->r->status == IMG_SIG_VERIFIED)
		w->verified_found = true;
}

static int verify_layout(struct layout *L, const struct img_sig_opts *o,
			 struct img_sig_result *r, struct diag *d)
{
	memset(r, 0, sizeof(*r));
	r->status = IMG_SIG_NONE;
	int rc = layout_scan(L, o->ref);
	if (rc < 0)
		return rc;
	if (rc == 1) {
		snprintf(r->reason, sizeof(r->reason),
			 "no signature: %s is a docker-archive without index.json; it "
			 "carries no manifest digest and no signatures", L->st.src);
		return 0;
	}
	snprintf(r->image_digest, sizeof(r->image_digest), "%s", L->image_digest);
	snprintf(r->image_ref, sizeof(r->image_ref), "%s", L->ref);
	struct sig_walk w = { L, o, NULL, r, false };
	for (size_t i = 0; i < L->nsigs; i++) {
		w.sm = &L->sigs[i];
		int rc = each_manifest_layer(L, w.sm, "signature",
					     IMG_SIG_MEDIA, sig_one, &w, d);
		if (rc == 1)
			fail(r, IMG_SIG_BAD, w.sm, NULL, "bad signature: the "
			     "signature manifest does not hash to its name");
		else if (rc)
			return rc;
	}
	bool verified_found = w.verified_found;
	if (!verified_found && r->examined == 0) {
		r->status = IMG_SIG_NONE;
		snprintf(r->reason, sizeof(r->reason),
			 "no signature: no cosign signature is stored with %s (looked "
			 "for the tag sha256-%.64s.sig, OCI 1.1 referrers and cosign "
			 "save entries)", L->ref[0] ? L->ref : "the image",
			 L->image_digest + 7);
	}
	return 0;
}

int img_sig_verify(const char *path, const struct img_sig_opts *o,
		   struct img_sig_result *r, struct diag *d)
{
	struct layout L;
	memset(r, 0, sizeof(*r));
	int rc = layout_open(&L, path, NULL, 0, d);
	if (rc == 0)
		rc = verify_layout(&L, o, r, d);
	layout_free(&L);
	return rc;
}

int img_sig_verify_mem(const void *tar, size_t len,
		       const struct img_sig_opts *o, struct img_sig_result *r,
		       struct diag *d)
{
	struct layout L;
	memset(r, 0, sizeof(*r));
	int rc = layout_open(&L, "(memory)", tar, len, d);
	if (rc == 0)
		rc = verify_layout(&L, o, r, d);
	layout_free(&L);
	return rc;
}

/* Load named in-memory entries into L's store (entries over the blob
 * limits left out, as the tar reader leaves them). */
static int layout_entries(struct layout *L, const struct img_sig_entry *e,
			  size_t n, struct diag *d)
{
	memset(L, 0, sizeof(*L));
	arena_init(&L->st.a, MAX_TOTAL + ((size_t)16 << 20));
	L->st.d = d;
	L->st.src = "(entries)";
	if (n > MAX_ENTRIES)
		return diag_error(d, BH_ELIMIT, 0, 0, "more than %d entries",
				  MAX_ENTRIES);
	L->st.ent = arena_alloc(&L->st.a, (n ? n : 1) * sizeof(*L->st.ent));
	if (!L->st.ent)
		return diag_error(d, BH_ENOMEM, 0, 0, "out of memory");
	for (size_t i = 0; i < n; i++) {
		if (e[i].len > MAX_BLOB || L->st.total + e[i].len > MAX_TOTAL)
			continue;   /* as the tar reader skips big entries */
		char *buf = arena_alloc(&L->st.a, e[i].len + 1);
		const char *nm = arena_strdup(&L->st.a, e[i].name);
		if (!buf || !nm)
			return diag_error(d, BH_ENOMEM, 0, 0, "out of memory");
		if (e[i].len)
			memcpy(buf, e[i].data, e[i].len);
		buf[e[i].len] = 0;
		L->st.total += e[i].len;
		L->st.ent[L->st.nent++] = (struct sent){ nm, buf, e[i].len };
	}
	L->st.cap = L->st.nent;
	return 0;
}

int img_sig_verify_entries(const struct img_sig_entry *e, size_t n,
			   const struct img_sig_opts *o,
			   struct img_sig_result *r, struct diag *d)
{
	struct layout L;
	memset(r, 0, sizeof(*r));
	int rc = layout_entries(&L, e, n, d);
	if (rc == 0)
		rc = verify_layout(&L, o, r, d);
	layout_free(&L);
	return rc;
}

/* ---- attestations ---------------------------------------------------- */

/* Does any envelope signature verify over "pae"?  DSSE allows the
 * URL-safe alphabet; img_sig_signature_ok reads the standard one. */
static bool att_sig_ok(const struct img_sig_key *k, const struct img_dsse *e,
		       const unsigned char *pae, size_t plen, const char **scheme)
{
	char b64[IMG_ATT_MAX_SIG_B64 + 1];
	for (size_t i = 0; i < e->nsigs; i++) {
		size_t n = e->sigs[i].siglen;
		if (n > IMG_ATT_MAX_SIG_B64)
			continue;
		for (size_t j = 0; j < n; j++) {
			char c = e->sigs[i].sig[j];
			b64[j] = c == '-' ? '+' : c == '_' ? '/' : c;
		}
		b64[n] = 0;
		if (img_sig_signature_ok(k, pae, plen, b64, n, scheme))
			return true;
	}
	return false;
}

/* A keyless attestation layer: its certificate, chain and bundle
 * annotations and the envelope's signatures (URL-safe alphabet turned
 * standard) to img_kl_check_dsse.  false with it->reason set. */
static bool att_keyless_ok(const struct img_kl_policy *kl, json_t *layer,
			   const char *env, size_t elen, const struct img_dsse *e,
			   const unsigned char *pae, size_t plen,
			   struct img_att_item *it)
{
	json_t *ann = json_object_get(layer, "annotations");
	char *sigs[IMG_ATT_KL_MAX_SIGS];
	size_t ns = 0;
	for (size_t i = 0; i < e->nsigs && ns < IMG_ATT_KL_MAX_SIGS; i++) {
		size_t n = e->sigs[i].siglen;
		if (n > IMG_ATT_MAX_SIG_B64 || !(sigs[ns] = malloc(n + 1)))
			continue;
		for (size_t j = 0; j < n; j++) {
			char c = e->sigs[i].sig[j];
			sigs[ns][j] = c == '-' ? '+' : c == '_' ? '/' : c;
		}
		sigs[ns++][n] = 0;
	}
	char why[380];
	bool ok = img_kl_check_dsse(kl, env, elen, pae, plen,
				    (const char *const *)sigs, ns,
				    jstr(ann, IMG_KL_ANN_CERT), jstr(ann, IMG_KL_ANN_CHAIN),
				    jstr(ann, IMG_KL_ANN_BUNDLE),
				    jstr(ann, IMG_KL_ANN_RFC3161), why, sizeof(why),
				    it->kl_scheme, sizeof(it->kl_scheme));
	for (size_t i = 0; i < ns; i++)
		free(sigs[i]);
	if (!ok)
		snprintf(it->reason, sizeof(it->reason), "%s", why);
	return ok;
}

static void att_layer(struct layout *L, const struct img_att_opts *o,
		      const struct sigman *am, size_t li, json_t *layer,
		      struct img_att_item *it)
{
	struct diag pd;
	diag_init(&pd, NULL);
	const char *dg = jstr(layer, "digest");
	const char *ann = jstr(json_object_get(layer, "annotations"),
			       IMG_ATT_PREDICATE_ANN);
	it->form = form_name[am->form];
	snprintf(it->manifest, sizeof(it->manifest), "%s", am->digest);
	it->layer = li + 1;
	snprintf(it->envelope, sizeof(it->envelope), "%s", dg ? dg : "");
	snprintf(it->predicate_type, sizeof(it->predicate_type), "%s",
		 ann ? ann : "");
	it->status = IMG_ATT_BAD;
	size_t elen;
	const char *env = blob_get(&L->st, dg, &elen);
	if (!env) {
		snprintf(it->reason, sizeof(it->reason), "bad envelope: the "
			 "envelope blob %.80s is missing", dg ? dg : "(no digest)");
		return;
	}
	char have[72];
	img_sha256_hex(env, elen, have);
	if (strcmp(have, dg) != 0) {
		snprintf(it->reason, sizeof(it->reason), "bad envelope: the "
			 "envelope blob does not hash to its name %s", dg);
		return;
	}
	struct img_dsse e;
	if (img_dsse_parse(env, elen, &e, &pd) != 0) {
		snprintf(it->reason, sizeof(it->reason), "bad envelope: %.300s",
			 pd.message);
		return;
	}
	if (strcmp(e.payload_type, IMG_ATT_INTOTO_PAYLOAD) != 0) {
		snprintf(it->reason, sizeof(it->reason), "wrong payload type: "
			 "\"%.100s\", not %s", e.payload_type,
			 IMG_ATT_INTOTO_PAYLOAD);
		img_dsse_free(&e);
		return;
	}
	unsigned char *pae = NULL;
	size_t plen = 0;
	if (img_dsse_pae(e.payload_type, e.payload, e.plen, &pae, &plen) != 0) {
		snprintf(it->reason, sizeof(it->reason), "out of memory");
		img_dsse_free(&e);
		return;
	}
	const char *scheme = NULL;
	bool ok;
	if (o->keyless) {
		ok = att_keyless_ok(o->keyless, layer, env, elen, &e, pae, plen, it);
		free(pae);
		if (!ok) {
			img_dsse_free(&e);
			return;
		}
		scheme = it->kl_scheme;
	} else {
		ok = att_sig_ok(o->key, &e, pae, plen, &scheme);
		free(pae);
	}
	if (!ok) {
		snprintf(it->reason, sizeof(it->reason), "bad signature: none of "
			 "the %zu envelope signature(s) verifies under the %s key "
			 "(another key, a changed payload, or a changed or truncated "
			 "signature)", e.nsigs, img_sig_key_kind(o->key));
		img_dsse_free(&e);
		return;
	}
	struct img_intoto st;
	int rc = img_intoto_parse((const char *)e.payload, e.plen, &st, &pd);
	img_dsse_free(&e);
	if (rc != 0) {
		snprintf(it->reason, sizeof(it->reason), "bad statement: the "
			 "signed payload is not an in-toto Statement: %.250s",
			 pd.message);
		return;
	}
	if (ann && strcmp(ann, st.predicate_type) != 0) {
		snprintf(it->reason, sizeof(it->reason), "predicate type mismatch: "
			 "the layer annotation says %.120s, the signed statement "
			 "%.120s", ann, st.predicate_type);
		img_intoto_free(&st);
		return;
	}
	snprintf(it->predicate_type, sizeof(it->predicate_type), "%s",
		 st.predicate_type);
	snprintf(it->builder_id, sizeof(it->builder_id), "%s", st.builder_id);
	it->scheme = scheme;
	if (!img_intoto_names(&st, L->image_digest)) {
		it->status = IMG_ATT_DIGEST;
		if (strcmp(L->image_named, L->image_digest) != 0)
			snprintf(it->reason, sizeof(it->reason), "digest mismatch: "
				 "the image manifest was changed (its bytes hash to "
				 "%s, index.json names %s)", L->image_digest,
				 L->image_named);
		else
			snprintf(it->reason, sizeof(it->reason), "digest mismatch: "
				 "no subject of the statement names the image's "
				 "manifest %s (first subject: sha256:%.64s)",
				 L->image_digest, st.subjects[0].sha256[0]
				 ? st.subjects[0].sha256 : "(none)");
		img_intoto_free(&st);
		return;
	}
	img_intoto_free(&st);
	it->status = IMG_ATT_VERIFIED;
	it->reason[0] = 0;
}

struct att_walk {
	struct layout *L;
	const struct img_att_opts *o;
	struct sigman *am;
	struct img_att_result *r;
};

static void att_one(void *ctx, size_t li, json_t *ly)
{
	struct att_walk *w = ctx;
	struct img_att_item tmp;
	struct img_att_item *it = w->r->n < IMG_ATT_MAX_LIST
				  ? &w->r->items[w->r->n++] : &tmp;
	memset(it, 0, sizeof(*it));
	att_layer(w->L, w->o, w->am, li, ly, it);
	w->r->total++;
	if (it->status == IMG_ATT_VERIFIED)
		w->r->verified++;
}

static int att_layout(struct layout *L, const struct img_att_opts *o,
		      struct img_att_result *r, struct diag *d)
{
	memset(r, 0, sizeof(*r));
	int rc = layout_scan(L, o->ref);
	if (rc < 0)
		return rc;
	if (rc == 1)
		return 0;   /* a legacy docker-archive: nothing stored with it */
	snprintf(r->image_digest, sizeof(r->image_digest), "%s", L->image_digest);
	snprintf(r->image_ref, sizeof(r->image_ref), "%s", L->ref);
	for (size_t i = 0; i < L->natts; i++) {
		struct sigman *am = &L->atts[i];
		if (am->subject[0] && strcmp(am->subject, L->image_named) != 0 &&
		    strcmp(am->subject, L->image_digest) != 0)
			continue;   /* stored for another image of the layout */
		struct att_walk w = { L, o, am, r };
		int rc = each_manifest_layer(L, am, "attestation",
					     IMG_ATT_DSSE_MEDIA, att_one, &w, d);
		if (rc == 1) {
			struct img_att_item tmp;
			struct img_att_item *it = r->n < IMG_ATT_MAX_LIST
						  ? &r->items[r->n++] : &tmp;
			memset(it, 0, sizeof(*it));
			it->status = IMG_ATT_BAD;
			it->form = form_name[am->form];
			snprintf(it->manifest, sizeof(it->manifest), "%s", am->digest);
			snprintf(it->reason, sizeof(it->reason), "bad envelope: the "
				 "attestation manifest does not hash to its name");
			r->total++;
		} else if (rc) {
			return rc;
		}
	}
	return 0;
}

int img_att_verify(const char *path, const struct img_att_opts *o,
		   struct img_att_result *r, struct diag *d)
{
	struct layout L;
	memset(r, 0, sizeof(*r));
	int rc = layout_open(&L, path, NULL, 0, d);
	if (rc == 0)
		rc = att_layout(&L, o, r, d);
	layout_free(&L);
	return rc;
}

int img_att_verify_entries(const struct img_sig_entry *e, size_t n,
			   const struct img_att_opts *o,
			   struct img_att_result *r, struct diag *d)
{
	struct layout L;
	memset(r, 0, sizeof(*r));
	int rc = layout_entries(&L, e, n, d);
	if (rc == 0)
		rc = att_layout(&L, o, r, d);
	layout_free(&L);
	return rc;
}

/* ---- sign ------------------------------------------------------------ */

/* Require "path" to be a real directory (not a symlink); create it when
 * "create". */
static int real_dir(const char *path, bool create, struct diag *d)
{
	struct stat st;
	if (lstat(path, &st) != 0) {
		if (errno == ENOENT && create && mkdir(path, 0755) == 0)
			return 0;
		return diag_error(d, BH_EIO, 0, 0, "%s: %s", path, strerror(errno));
	}
	if (!S_ISDIR(st.st_mode))
		return diag_error(d, BH_EIO, 0, 0,
				  "%s: not a directory (symlinks are refused)", path);
	return 0;
}

/* Write "data" to dir/name through dir/.name.tmp-PID and rename. */
static int write_atomic(const char *dir, const char *name, const void *data,
			size_t len, struct diag *d)
{
	char tmp[PATH_BUF], dst[PATH_BUF];
	snprintf(dst, sizeof(dst), "%s/%s", dir, name);
	snprintf(tmp, sizeof(tmp), "%s/.%s.tmp-%ld", dir, name, (long)getpid());
	int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
		      0644);
	if (fd < 0)
		return diag_error(d, BH_EIO, 0, 0, "cannot create %s: %s", tmp,
				  strerror(errno));
	size_t off = 0;
	while (off < len) {
		ssize_t n = write(fd, (const char *)data + off, len - off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		off += (size_t)n;
	}
	bool ok = off == len && fsync(fd) == 0;
	if (close(fd) != 0)
		ok = false;
	if (!ok || rename(tmp, dst) != 0) {
		int err = errno;
		unlink(tmp);
		return diag_error(d, BH_EIO, 0, 0, "cannot write %s: %s", dst,
				  strerror(err ? err : EIO));
	}
	return 0;
}

static int put_blob(const char *dir, const char *data, size_t len,
		    char digest[72], struct diag *d)
{
	char bdir[PATH_BUF];
	img_sha256_hex(data, len, digest);
	snprintf(bdir, sizeof(bdir), "%s/blobs", dir);
	int rc = real_dir(bdir, true, d);
	if (rc)
		return rc;
	snprintf(bdir, sizeof(bdir), "%s/blobs/sha256", dir);
	if ((rc = real_dir(bdir, true, d)) != 0)
		return rc;
	return write_atomic(bdir, digest + 7, data, len, d);
}

static json_t *descriptor(const char *mt, const char *digest, size_t size)
{
	json_t *o = json_object();
	json_object_set_new(o, "mediaType", json_string(mt));
	json_object_set_new(o, "size", json_integer((json_int_t)size));
	json_object_set_new(o, "digest", json_string(digest));
	return o;
}

/* The docker-reference: the image name without tag or digest. */
static void docker_ref(const char *name, char *out, size_t size)
{
	snprintf(out, size, "%s", name);
	char *at = strchr(out, '@');
	if (at)
		*at = 0;
	char *c = strrchr(out, ':');
	if (c && !strchr(c, '/'))
		*c = 0;
}

static int sign_bytes(const struct img_sig_key *k, bool pss, const char *msg,
		      size_t n, unsigned char **sig, size_t *sn, struct diag *d)
{
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	EVP_PKEY_CTX *pctx = NULL;
	int rc = BH_EPARSE;
	*sig = NULL;
	if (ctx && EVP_DigestSignInit(ctx, &pctx, key_md(k), NULL, k->pkey) == 1) {
		int r = 1;
		if (EVP_PKEY_get_base_id(k->pkey) == EVP_PKEY_RSA)
			r = pss ? (EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING) > 0 &&
				   EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, RSA_PSS_SALTLEN_DIGEST) > 0)
				: EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PADDING) > 0;
		size_t len = 0;
		if (r > 0 && EVP_DigestSign(ctx, NULL, &len, (const unsigned char *)msg, n) == 1 &&
		    (*sig = malloc(len)) != NULL &&
		    EVP_DigestSign(ctx, *sig, &len, (const unsigned char *)msg, n) == 1) {
			*sn = len;
			rc = 0;
		}
	}
	EVP_MD_CTX_free(ctx);
	ERR_clear_error();
	if (rc) {
		free(*sig);
		*sig = NULL;
		return diag_error(d, BH_EPARSE, 0, 0, "signing with the %s key failed",
				  img_sig_key_kind(k));
	}
	return 0;
}

/* Store "o" (compact JSON) as a blob; its digest and size out. */
static int put_json(const char *dir, json_t *o, char digest[72], size_t *size,
		    struct diag *d)
{
	char *t = json_dumps(o, JSON_COMPACT);
	if (!t)
		return diag_error(d, BH_ENOMEM, 0, 0, "out of memory");
	*size = strlen(t);
	int rc = put_blob(dir, t, *size, digest, d);
	free(t);
	return rc;
}

static int store_manifest(struct layout *L, const char *dir, bool referrer,
			  const struct sigman *list, size_t nlist, json_t *layer,
			  const char *at, const char *suffix, char *sig_out,
			  struct diag *d);

static int sign_layout(struct layout *L, const char *dir,
		       const struct img_sign_opts *o, char *sig_out,
		       struct diag *d)
{
	int rc;
	/* payload */
	char dref[128];
	docker_ref(L->ref, dref, sizeof(dref));
	json_t *p = json_object();
	json_t *crit = json_object(), *ident = json_object(), *img = json_object();
	json_object_set_new(ident, "docker-reference", json_string(dref));
	json_object_set_new(img, "docker-manifest-digest", json_string(L->image_digest));
	json_object_set_new(crit, "identity", ident);
	json_object_set_new(crit, "image", img);
	json_object_set_new(crit, "type", json_string(IMG_SIG_TYPE));
	json_object_set_new(p, "critical", crit);
	if (o->nclaims) {
		json_t *opt = json_object();
		for (size_t i = 0; i < o->nclaims; i++)
			json_object_set_new(opt, o->claims[i].key,
					    json_string(o->claims[i].value));
		json_object_set_new(p, "optional", opt);
	} else {
		json_object_set_new(p, "optional", json_null());
	}
	char *payload = json_dumps(p, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(p);
	if (!payload)
		return diag_error(d, BH_EPARSE, 0, 0,
				  "cannot encode the payload (annotation not UTF-8?)");
	size_t plen = strlen(payload);
	char pdg[72];
	unsigned char *sig = NULL;
	size_t sn = 0;
	rc = sign_bytes(o->key, o->rsa_pss, payload, plen, &sig, &sn, d);
	if (rc == 0)
		rc = put_blob(dir, payload, plen, pdg, d);
	free(payload);
	if (rc) {
		free(sig);
		return rc;
	}
	char *b64 = malloc(4 * ((sn + 2) / 3) + 1);
	if (!b64) {
		free(sig);
		return diag_error(d, BH_ENOMEM, 0, 0, "out of memory");
	}
	EVP_EncodeBlock((unsigned char *)b64, sig, (int)sn);
	free(sig);
	json_t *layer = descriptor(IMG_SIG_MEDIA, pdg, plen);
	json_t *lann = json_object();
	json_object_set_new(lann, IMG_SIG_ANNOTATION, json_string(b64));
	json_object_set_new(layer, "annotations", lann);
	free(b64);
	return store_manifest(L, dir, o->referrer, L->sigs, L->nsigs, layer,
			      IMG_SIG_MEDIA, ".sig", sig_out, d);
}

/* Store the manifest holding "layer" (taken over) and its index entry:
 * tag form (an existing tag-form manifest of "list" for the image gets
 * the layer appended, as cosign does; ref name sha256-<hex>SUFFIX) or
 * referrer form (artifactType "at", subject the image). */
static int store_manifest(struct layout *L, const char *dir, bool referrer,
			  const struct sigman *list, size_t nlist, json_t *layer,
			  const char *at, const char *suffix, char *sig_out,
			  struct diag *d)
{
	int rc = 0;
	json_t *layers = json_array();
	json_t *arr = json_object_get(L->index, "manifests");
	json_t *old_desc = NULL;
	for (size_t i = 0; !referrer && i < nlist; i++) {
		const struct sigman *sm = &list[i];
		if (sm->form != F_TAG || strcmp(sm->subject, L->image_digest) != 0)
			continue;
		size_t mlen;
		const char *mb = blob_get(&L->st, sm->digest, &mlen);
		json_error_t e;
		json_t *m = mb ? json_loadb(mb, mlen, 0, &e) : NULL;
		json_t *ol = json_object_get(m, "layers");
		size_t k;
		json_t *v;
		json_array_foreach(ol, k, v)
			if (json_is_object(v) && k < MAX_SIG_LAYERS)
				json_array_append(layers, v);
		json_decref(m);
		old_desc = sm->desc;
		break;
	}
	json_array_append_new(layers, layer);

	json_t *man = json_object();
	json_object_set_new(man, "schemaVersion", json_integer(2));
	json_object_set_new(man, "mediaType", json_string(MT_OCI_MANIFEST));
	char cdg[72];
	size_t csize = 0;
	if (referrer) {
		json_object_set_new(man, "artifactType", json_string(at));
		rc = put_blob(dir, "{}", 2, cdg, d);
		json_object_set_new(man, "config", descriptor(MT_EMPTY, cdg, 2));
	} else {
		json_t *cfg = json_object(), *rootfs = json_object();
		json_t *ids = json_array(), *hist = json_array(), *h = json_object();
		size_t k;
		json_t *v;
		json_array_foreach(layers, k, v)
			json_array_append(ids, json_object_get(v, "digest"));
		json_object_set_new(cfg, "architecture", json_string(""));
		json_object_set_new(cfg, "created", json_string("0001-01-01T00:00:00Z"));
		json_object_set_new(h, "created", json_string("0001-01-01T00:00:00Z"));
		json_array_append_new(hist, h);
		json_object_set_new(cfg, "history", hist);
		json_object_set_new(cfg, "os", json_string(""));
		json_object_set_new(rootfs, "type", json_string("layers"));
		json_object_set_new(rootfs, "diff_ids", ids);
		json_object_set_new(cfg, "rootfs", rootfs);
		json_object_set_new(cfg, "config", json_object());
		rc = put_json(dir, cfg, cdg, &csize, d);
		json_decref(cfg);
		json_object_set_new(man, "config", descriptor(MT_OCI_CONFIG, cdg, csize));
	}
	json_object_set_new(man, "layers", layers);
	if (referrer)
		json_object_set_new(man, "subject",
				    descriptor(L->image_mt ? L->image_mt : MT_OCI_MANIFEST,
					       L->image_digest, L->image_size));
	char mdg[72];
	size_t msize = 0;
	if (rc == 0)
		rc = put_json(dir, man, mdg, &msize, d);
	json_decref(man);
	if (rc)
		return rc;

	/* index.json entry */
	json_t *ent = descriptor(MT_OCI_MANIFEST, mdg, msize);
	if (referrer) {
		json_object_set_new(ent, "artifactType", json_string(at));
	} else {
		char tag[80];
		snprintf(tag, sizeof(tag), "sha256-%s%s", L->image_digest + 7, suffix);
		json_t *ann = json_object();
		json_object_set_new(ann, ANN_REF, json_string(tag));
		json_object_set_new(ent, "annotations", ann);
	}
	size_t k;
	json_t *v;
	bool replaced = false;
	json_array_foreach(arr, k, v)
		if (v == old_desc) {
			json_array_set_new(arr, k, ent);
			replaced = true;
			break;
		}
	if (!replaced)
		json_array_append_new(arr, ent);
	char *t = json_dumps(L->index, JSON_COMPACT);
	if (!t)
		return diag_error(d, BH_ENOMEM, 0, 0, "out of memory");
	rc = write_atomic(dir, "index.json", t, strlen(t), d);
	free(t);
	if (rc == 0)
		snprintf(sig_out, 72, "%s", mdg);
	return rc;
}

int img_sig_sign(const char *dir, const struct img_sign_opts *o,
		 char *sig_manifest, char *image_digest, struct diag *d)
{
	struct layout L;
	sig_manifest[0] = image_digest[0] = 0;
	struct stat st;
	if (lstat(dir, &st) != 0 || !S_ISDIR(st.st_mode))
		return diag_error(d, BH_EUSAGE, 0, 0,
				  "%s: sign writes into an OCI layout directory "
				  "(not a tar, not a symlink)", dir);
	int rc;
	if (!o->key || EVP_PKEY_get_base_id(o->key->pkey) == EVP_PKEY_NONE)
		return diag_error(d, BH_EUSAGE, 0, 0, "no private key");
	rc = layout_open(&L, dir, NULL, 0, d);
	if (rc == 0) {
		rc = layout_scan(&L, o->ref);
		if (rc == 1)
			rc = diag_error(d, BH_EPARSE, 0, 0,
					"%s: not an OCI layout (no index.json)", dir);
	}
	if (rc == 0) {
		snprintf(image_digest, 72, "%s", L.image_digest);
		rc = sign_layout(&L, dir, o, sig_manifest, d);
	}
	layout_free(&L);
	return rc;
}

/* The statement (subject: the image) in a signed envelope, as a layer. */
static int att_layer_new(struct layout *L, const char *dir,
			 const struct img_att_sign_opts *o, json_t **out,
			 struct diag *d)
{
	*out = NULL;
	json_error_t je;
	if (o->plen > IMG_ATT_MAX_PREDICATE)
		return diag_error(d, BH_ELIMIT, 0, 0, "the predicate is %zu bytes, "
				  "over the %zu byte limit", o->plen,
				  IMG_ATT_MAX_PREDICATE);
	if (!txt_json_depth_ok(o->predicate, o->plen, IMG_ATT_MAX_DEPTH - 4))
		return diag_error(d, BH_ELIMIT, 0, 0, "the predicate nests "
				  "deeper than %d levels", IMG_ATT_MAX_DEPTH - 4);
	json_t *pred = json_loadb(o->predicate, o->plen, JSON_REJECT_DUPLICATES, &je);
	if (!pred || !json_is_object(pred)) {
		json_decref(pred);
		return diag_error(d, BH_EPARSE, 0, 0, "the predicate is not a JSON "
				  "object%s%s", pred ? "" : ": ", pred ? "" : je.text);
	}
	char dref[128];
	docker_ref(L->ref, dref, sizeof(dref));
	json_t *st = json_object(), *subj = json_array(), *s0 = json_object(),
	       *dg = json_object();
	json_object_set_new(dg, "sha256", json_string(L->image_digest + 7));
	json_object_set_new(s0, "name", json_string(dref));
	json_object_set_new(s0, "digest", dg);
	json_array_append_new(subj, s0);
	json_object_set_new(st, "_type", json_string(IMG_ATT_STATEMENT_V01));
	json_object_set_new(st, "predicateType", json_string(o->predicate_type));
	json_object_set_new(st, "subject", subj);
	json_object_set_new(st, "predicate", pred);
	char *body = json_dumps(st, JSON_COMPACT);
	json_decref(st);
	if (!body)
		return diag_error(d, BH_EPARSE, 0, 0, "cannot encode the statement "
				  "(predicate type not UTF-8?)");
	size_t blen = strlen(body);
	unsigned char *pae = NULL, *sig = NULL;
	size_t plen = 0, sn = 0;
	int rc = img_dsse_pae(IMG_ATT_INTOTO_PAYLOAD, body, blen, &pae, &plen);
	if (rc)
		rc = diag_error(d, BH_ENOMEM, 0, 0, "out of memory");
	else
		rc = sign_bytes(o->key, o->rsa_pss, (const char *)pae, plen, &sig,
				&sn, d);
	free(pae);
	char *b64body = NULL, *b64sig = NULL;
	if (rc == 0) {
		b64body = malloc(4 * ((blen + 2) / 3) + 1);
		b64sig = malloc(4 * ((sn + 2) / 3) + 1);
		if (!b64body || !b64sig)
			rc = diag_error(d, BH_ENOMEM, 0, 0, "out of memory");
	}
	if (rc == 0) {
		EVP_EncodeBlock((unsigned char *)b64body, (unsigned char *)body,
				(int)blen);
		EVP_EncodeBlock((unsigned char *)b64sig, sig, (int)sn);
	}
	free(body);
	free(sig);
	if (rc) {
		free(b64body);
		free(b64sig);
		return rc;
	}
	json_t *env = json_object(), *sigs = json_array(), *sg = json_object();
	json_object_set_new(env, "payloadType", json_string(IMG_ATT_INTOTO_PAYLOAD));
	json_object_set_new(env, "payload", json_string(b64body));
	json_object_set_new(sg, "keyid", json_string(""));
	json_object_set_new(sg, "sig", json_string(b64sig));
	json_array_append_new(sigs, sg);
	json_object_set_new(env, "signatures", sigs);
	free(b64body);
	free(b64sig);
	char edg[72];
	size_t esize = 0;
	rc = put_json(dir, env, edg, &esize, d);
	json_decref(env);
	if (rc)
		return rc;
	json_t *layer = descriptor(IMG_ATT_DSSE_MEDIA, edg, esize);
	json_t *ann = json_object();
	json_object_set_new(ann, IMG_SIG_ANNOTATION, json_string(""));
	json_object_set_new(ann, IMG_ATT_PREDICATE_ANN,
			    json_string(o->predicate_type));
	json_object_set_new(layer, "annotations", ann);
	*out = layer;
	return 0;
}

int img_att_sign(const char *dir, const struct img_att_sign_opts *o,
		 char *att_manifest, char *image_digest, struct diag *d)
{
	struct layout L;
	att_manifest[0] = image_digest[0] = 0;
	struct stat st;
	if (lstat(dir, &st) != 0 || !S_ISDIR(st.st_mode))
		return diag_error(d, BH_EUSAGE, 0, 0,
				  "%s: attestations are written into an OCI layout "
				  "directory (not a tar, not a symlink)", dir);
	if (!o->key || EVP_PKEY_get_base_id(o->key->pkey) == EVP_PKEY_NONE)
		return diag_error(d, BH_EUSAGE, 0, 0, "no private key");
	if (!o->predicate_type || !*o->predicate_type ||
	    strlen(o->predicate_type) >= 256)
		return diag_error(d, BH_EUSAGE, 0, 0, "no predicate type");
	int rc = layout_open(&L, dir, NULL, 0, d);
	if (rc == 0) {
		rc = layout_scan(&L, o->ref);
		if (rc == 1)
			rc = diag_error(d, BH_EPARSE, 0, 0,
					"%s: not an OCI layout (no index.json)", dir);
	}
	json_t *layer = NULL;
	if (rc == 0) {
		snprintf(image_digest, 72, "%s", L.image_digest);
		rc = att_layer_new(&L, dir, o, &layer, d);
	}
	if (rc == 0)
		rc = store_manifest(&L, dir, o->referrer, L.atts, L.natts, layer,
				    IMG_ATT_DSSE_MEDIA, ".att", att_manifest, d);
	layout_free(&L);
	return rc;
}
