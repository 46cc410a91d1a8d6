/* SPDX-License-Identifier: Apache-2.0
 *
 * sbom_rpm.c - the rpm cataloger: rpmdb.sqlite (rpm >= 4.16; Fedora,
 * RHEL 9, CBL-Mariner 2, openSUSE) read from the bytes handed to it, and
 * the rpm header blobs it holds.
 *
 * The database is never opened on disk: a private copy of the bytes is
 * handed to SQLite's in-memory VFS (sqlite3_deserialize, read-only).  rpm
 * leaves its databases in WAL mode, which the memory VFS cannot open, so
 * the copy's header bytes 18-19 (file format versions, 2 = WAL) are set to
 * 1 (rollback journal); the WAL file itself is not read (an image holds
 * a checkpointed database).  Each row of Packages(hnum, blob) is one
 * header in rpm's on-disk form (docs/decisions.md): big-endian il (index
 * entries) and dl (data bytes), il entries of {tag, type, offset, count},
 * then the data.  Tags read: NAME 1000, VERSION 1001, RELEASE 1002, EPOCH
 * 1003, VENDOR 1011, LICENSE 1014, ARCH 1022, SOURCERPM 1044; every offset
 * is checked against dl and every string must end inside the data.  A
 * bad header is an error naming the row and the byte offset in its blob.
 * The version is "version-release", "epoch:version-release" with an
 * epoch; the source is SOURCERPM split into name and version-release.
 * gpg-pubkey pseudo-packages (imported keys) are not packages.
 * Also the Berkeley DB hash file var/lib/rpm/Packages of older rpm (RHEL
 * 7 and 8, CentOS, Amazon Linux 2), read page by page, and rpm's own
 * NDB file Packages.db (SUSE), read slot by slot (see below).
 * Tests: tests/unit/sbom/test_sbom.c, fuzz/fuzz_sbom_*.c.
 */
#include <inttypes.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sbom.h"

#define RPM_MAX_TAGS 0xffffu
#define RPM_MAX_DATA ((uint32_t)256 << 20)

enum {
	TAG_NAME = 1000, TAG_VERSION = 1001, TAG_RELEASE = 1002,
	TAG_EPOCH = 1003, TAG_VENDOR = 1011, TAG_LICENSE = 1014,
	TAG_ARCH = 1022, TAG_SOURCERPM = 1044,
};
enum { TYPE_INT32 = 4, TYPE_STRING = 6, TYPE_STRING_ARRAY = 8,
       TYPE_I18NSTRING = 9 };

static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

/* purl namespace from the VENDOR tag (the purl spec's rpm examples use
 * the distribution: fedora, redhat, ...). */
static const char *vendor_ns(const char *vendor)
{
	static const struct { const char *word, *ns; } map[] = {
		{ "Microsoft", "mariner" }, { "Red Hat", "redhat" },
		{ "Fedora", "fedora" }, { "CentOS", "centos" },
		{ "Rocky", "rocky" }, { "AlmaLinux", "almalinux" },
		{ "Amazon", "amazon" }, { "Oracle", "oracle" },
		{ "SUSE", "suse" }, { "openSUSE", "opensuse" },
	};
	if (vendor)
		for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
			if (strstr(vendor, map[i].word))
				return map[i].ns;
	return "rpm";
}

int sbom_rpm_header(const unsigned char *blob, size_t len,
		    const struct sbom_src *src, struct sbom_list *out,
		    struct diag *d)
{
	if (len < 8)
		return diag_error(d, BH_EPARSE, 0, 0,
				  "rpm header at byte offset 0: shorter than 8 bytes");
	uint32_t il = be32(blob), dl = be32(blob + 4);
	if (il == 0 || il > RPM_MAX_TAGS || dl > RPM_MAX_DATA)
		return diag_error(d, BH_EPARSE, 0, 0,
				  "rpm header at byte offset 0: bad index "
				  "count %" PRIu32 " or data size %" PRIu32, il, dl);
	uint64_t need = 8 + (uint64_t)il * 16 + dl;
	if (need > len)
		return diag_error(d, BH_EPARSE, 0, 0,
				  "rpm header at byte offset 0: needs %" PRIu64
				  " bytes, has %zu", need, len);
	const unsigned char *data = blob + 8 + (size_t)il * 16;
	const char *s[8] = { 0 };   /* name version release vendor license arch srpm */
	uint32_t epoch = 0;
	bool has_epoch = false;
	for (uint32_t i = 0; i < il; i++) {
		const unsigned char *e = blob + 8 + (size_t)i * 16;
		uint32_t tag = be32(e), type = be32(e + 4), off = be32(e + 8);
		int slot;
		switch (tag) {
		case TAG_NAME: slot = 0; break;
		case TAG_VERSION: slot = 1; break;
		case TAG_RELEASE: slot = 2; break;
		case TAG_VENDOR: slot = 3; break;
		case TAG_LICENSE: slot = 4; break;
		case TAG_ARCH: slot = 5; break;
		case TAG_SOURCERPM: slot = 6; break;
		case TAG_EPOCH: slot = 7; break;
		default: continue;
		}
		size_t at = 8 + (size_t)i * 16;
		if (off >= dl)
			return diag_error(d, BH_EPARSE, 0, 0,
					  "rpm header at byte offset %zu: tag %" PRIu32
					  " points past the data", at, tag);
		if (slot == 7) {
			if (type != TYPE_INT32 || (uint64_t)off + 4 > dl)
				return diag_error(d, BH_EPARSE, 0, 0,
						  "rpm header at byte offset %zu: bad EPOCH",
						  at);
			epoch = be32(data + off);
			has_epoch = true;
			continue;
		}
		if (type != TYPE_STRING && type != TYPE_STRING_ARRAY &&
		    type != TYPE_I18NSTRING)
			return diag_error(d, BH_EPARSE, 0, 0,
					  "rpm header at byte offset %zu: tag %" PRIu32
					  " is not a string", at, tag);
		if (!memchr(data + off, 0, dl - off))
			return diag_error(d, BH_EPARSE, 0, 0,
					  "rpm header at byte offset %zu: string of "
					  "tag %" PRIu32 " runs past the data", at, tag);
		s[slot] = (const char *)data + off;
	}
	if (!s[0] || !s[1] || !s[2] || !*s[0])
		return diag_error(d, BH_EPARSE, 0, 0,
				  "rpm header at byte offset 0: no NAME, VERSION "
				  "or RELEASE");
	if (!strcmp(s[0], "gpg-pubkey"))
		return 0;
	size_t vn = strlen(s[1]) + strlen(s[2]) + 16;
	char *ver = malloc(vn), ep[16] = "";
	if (!ver)
		return diag_error(d, BH_ENOMEM, 0, 0, "out of memory");
	if (has_epoch) {
		snprintf(ep, sizeof(ep), "%" PRIu32, epoch);
		snprintf(ver, vn, "%s:%s-%s", ep, s[1], s[2]);
	} else {
		snprintf(ver, vn, "%s-%s", s[1], s[2]);
	}
	/* "curl-7.76.0-6.cm2.src.rpm" -> curl, 7.76.0-6.cm2 */
	char *sname = NULL, *sver = NULL;
	if (s[6] && *s[6]) {
		char *t = strdup(s[6]);
		if (t) {
			size_t n = strlen(t);
			if (n > 8 && !strcmp(t + n - 8, ".src.rpm"))
				t[n - 8] = 0;
			else if (n > 10 && !strcmp(t + n - 10, ".nosrc.rpm"))
				t[n - 10] = 0;
			char *r = strrchr(t, '-');
			if (r) {
				*r = 0;
				char *v = strrchr(t, '-');
				if (v) {
					*r = '-';
					*v = 0;
					sname = strdup(t);
					sver = strdup(v + 1);
				}
			}
			free(t);
		}
	}
	struct sbom_pkg_in in = {
		.eco = SBOM_RPM, .name = s[0], .version = ver,
		.licenses = s[4], .arch = s[5], .ns = vendor_ns(s[3]),
		.src_name = sname ? sname : s[0],
		.src_version = sname && sver ? sver : ver,
		.epoch = has_epoch ? ep : NULL,
	};
	int rc = sbom_list_add(out, &in, src);
	free(ver);
	free(sname);
	free(sver);
	if (rc)
		return diag_error(d, rc, 0, 0, rc == BH_ELIMIT
				  ? "too many packages" : "out of memory");
	return 0;
}

/* ---- Berkeley DB hash (var/lib/rpm/Packages, rpm < 4.16) ----
 * Page 0 is the hash metadata: magic 0x061561 at byte 12 (its byte
 * order is the file's), page size at 20, last page number at 32.  Every
 * page starts with a 26-byte header: next page at 16, entry count at 20,
 * hf_offset at 22 (on an overflow page: the bytes of data it holds), page
 * type at 25.  A hash page (type 13) holds key/data item offsets (uint16)
 * after its header; a data item of type 3 (H_OFFPAGE: type, 3 unused, first
 * overflow page, total length) is a header stored on a chain of overflow
 * pages (type 7).  Items stored on the page itself are rpm's bookkeeping
 * (the next instance number), not headers.  Every page number, offset
 * and length is checked against the file; a chain is at most as long as
 * the file has pages. */

#define BDB_HASH_MAGIC 0x061561u
#define BDB_PAGE_HDR 26

struct bdb {
	const unsigned char *b;
	size_t len;
	bool be;
	uint32_t psize, npages;
};

static uint32_t bdb32(const struct bdb *x, const unsigned char *p)
{
	return x->be ? be32(p) : (uint32_t)p[3] << 24 | (uint32_t)p[2] << 16 |
				 (uint32_t)p[1] << 8 | p[0];
}

static uint16_t bdb16(const struct bdb *x, const unsigned char *p)
{
	return x->be ? (uint16_t)(p[0] << 8 | p[1]) : (uint16_t)(p[1] << 8 | p[0]);
}

bool sbom_rpm_is_bdb(const char *buf, size_t len)
{
	if (len < 512)
		return false;
	const unsigned char *b = (const unsigned char *)buf;
	return be32(b + 12) == BDB_HASH_MAGIC ||
	       ((uint32_t)b[15] << 24 | (uint32_t)b[14] << 16 |
		(uint32_t)b[13] << 8 | b[12]) == BDB_HASH_MAGIC;
}

/* The header stored on the overflow chain from "pgno", into a heap
 * buffer *out of *olen bytes. */
static int bdb_chain(const struct bdb *x, uint32_t pgno, uint32_t tlen,
		     size_t at, unsigned char **out, size_t *olen,
		     struct diag *d)
{
	if (tlen > RPM_MAX_DATA)
		return diag_error(d, BH_EPARSE, 0, 0, "byte offset %zu: record "
				  "of %" PRIu32 " bytes", at, tlen);
	unsigned char *v = malloc(tlen ? tlen : 1);
	if (!v)
		return diag_error(d, BH_ENOMEM, 0, 0, "out of memory");
	size_t n = 0;
	for (uint32_t steps = 0; pgno != 0 && n < tlen; steps++) {
		if (pgno >= x->npages || steps >= x->npages) {
			free(v);
			return diag_error(d, BH_EPARSE, 0, 0, "byte offset %zu: "
					  "overflow page %" PRIu32 " out of the file "
					  "or in a loop", at, pgno);
		}
		size_t po = (size_t)pgno * x->psize;
		const unsigned char *pg = x->b + po;
		uint32_t used = bdb16(x, pg + 22);
		if (pg[25] != 7 || used > x->psize - BDB_PAGE_HDR) {
			free(v);
			return diag_error(d, BH_EPARSE, 0, 0, "byte offset %zu: page "
					  "%" PRIu32 " is not an overflow page", po, pgno);
		}
		if (used > tlen - n)
			used = (uint32_t)(tlen - n);
		memcpy(v + n, pg + BDB_PAGE_HDR, used);
		n += used;
		pgno = bdb32(x, pg + 16);
	}
	if (n != tlen) {
		free(v);
		return diag_error(d, BH_EPARSE, 0, 0, "byte offset %zu: record "
				  "says %" PRIu32 " bytes, its pages hold %zu", at,
				  tlen, n);
	}
	*out = v;
	*olen = n;
	return 0;
}

int sbom_rpm_bdb(const struct sbom_src *src, struct sbom_list *out,
		 struct diag *d)
{
	struct bdb x = { (const unsigned char *)src->buf, src->len, false, 0, 0 };
	if (!sbom_rpm_is_bdb(src->buf, src->len))
		return diag_error(d, BH_EPARSE, 0, 0, "byte offset 12: not a "
				  "Berkeley DB hash database");
	x.be = be32(x.b + 12) == BDB_HASH_MAGIC;
	x.psize = bdb32(&x, x.b + 20);
	uint32_t last = bdb32(&x, x.b + 32);
	if (x.psize < 512 || x.psize > 65536 || (x.psize & (x.psize - 1)))
		return diag_error(d, BH_EPARSE, 0, 0, "byte offset 20: page "
				  "size %" PRIu32, x.psize);
	size_t have = src->len / x.psize;
	x.npages = last < have ? last + 1 : (uint32_t)have;
	for (uint32_t p = 1; p < x.npages; p++) {
		size_t po = (size_t)p * x.psize;
		const unsigned char *pg = x.b + po;
		if (pg[25] != 13)
			continue;
		uint32_t entries = bdb16(&x, pg + 20);
		if ((size_t)BDB_PAGE_HDR + (size_t)entries * 2 > x.psize)
			return diag_error(d, BH_EPARSE, 0, 0, "byte offset %zu: %"
					  PRIu32 " entries do not fit the page",
					  po + 20, entries);
		for (uint32_t e = 1; e < entries; e += 2) {
			uint32_t off = bdb16(&x, pg + BDB_PAGE_HDR + e * 2);
			if (off < BDB_PAGE_HDR || off >= x.psize)
				return diag_error(d, BH_EPARSE, 0, 0, "byte offset "
						  "%zu: item offset %" PRIu32
						  " outside the page", po, off);
			const unsigned char *it = pg + off;
			if (it[0] != 3)
				continue;   /* on-page data: not a header */
			if (off + 12 > x.psize)
				return diag_error(d, BH_EPARSE, 0, 0, "byte offset "
						  "%zu: overflow item past the page",
						  po + off);
			unsigned char *hdr = NULL;
			size_t hlen = 0;
			int rc = bdb_chain(&x, bdb32(&x, it + 4), bdb32(&x, it + 8),
					   po + off, &hdr, &hlen, d);
			if (rc)
				return rc;
			struct diag hd;
			diag_init(&hd, NULL);
			rc = sbom_rpm_header(hdr, hlen, src, out, &hd);
			free(hdr);
			if (rc)
				return diag_error(d, hd.code, 0, 0, "record at byte "
						  "offset %zu: %s", po + off,
						  hd.message);
		}
	}
	return 0;
}

/* ---- NDB (usr/lib/sysimage/rpm/Packages.db, SUSE; rpm's own format) ----
 * All numbers little-endian.  Bytes 0-31: magic "RpmP", version 0,
 * generation, number of 4096-byte slot pages, next package index.  The
 * slot pages follow from byte 0 (the first two 16-byte slots of page 0
 * are the header): each slot is magic "Slot", package index, block
 * offset, block count, blocks being 16 bytes; block offset 0 is an empty
 * slot.  A used slot's blocks start after the slot pages and end inside
 * the file.  There a blob: "BlbS", package index (the slot's), time
 * stamp, blob length; the header blob; zero padding; then adler32 (of
 * all that came before), blob length again, "BlbE", ending exactly at
 * the slot's last block.  Every number is checked before it is used; the
 * checksum is checked too, so a torn or altered blob is an error, not a
 * half-read package. */

#define NDB_PAGE 4096u
#define NDB_BLK 16u
#define NDB_HEAD 16u
#define NDB_TAIL 12u

static uint32_t le32(const unsigned char *p)
{
	return (uint32_t)p[3] << 24 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[1] << 8 | p[0];
}

static uint32_t ndb_adler32(const unsigned char *p, size_t n)
{
	uint32_t a = 1, b = 0;
	while (n) {
		size_t k = n < 5552 ? n : 5552;   /* no uint32 overflow */
		n -= k;
		while (k--) {
			a += *p++;
			b += a;
		}
		a %= 65521u;
		b %= 65521u;
	}
	return b << 16 | a;
}

int sbom_rpm_ndb(const struct sbom_src *src, struct sbom_list *out,
		 struct diag *d)
{
	const unsigned char *b = (const unsigned char *)src->buf;
	size_t len = src->len;
	if (len < 32 || memcmp(b, "RpmP", 4))
		return diag_error(d, BH_EPARSE, 0, 0, "byte offset 0: not an rpm "
				  "NDB database (no \"RpmP\" magic)");
	if (le32(b + 4) != 0)
		return diag_error(d, BH_EPARSE, 0, 0, "byte offset 4: NDB version "
				  "%" PRIu32 ", only 0 is known", le32(b + 4));
	uint32_t npages = le32(b + 12);
	if (npages == 0 || (uint64_t)npages * NDB_PAGE > len)
		return diag_error(d, BH_EPARSE, 0, 0, "byte offset 12: %" PRIu32
				  " slot pages do not fit the file's %zu bytes",
				  npages, len);
	uint64_t fileblks = len / NDB_BLK;
	uint64_t minblk = (uint64_t)npages * (NDB_PAGE / NDB_BLK);
	size_t slots_end = (size_t)npages * NDB_PAGE;
	for (size_t at = 32; at < slots_end; at += 16) {
		const unsigned char *sl = b + at;
		if (memcmp(sl, "Slot", 4))
			return diag_error(d, BH_EPARSE, 0, 0, "byte offset %zu: "
					  "not a slot (no \"Slot\" magic)", at);
		uint32_t idx = le32(sl + 4), off = le32(sl + 8), cnt = le32(sl + 12);
		if (off == 0)
			continue;
		if (idx == 0 || off < minblk ||
		    (uint64_t)off + cnt > fileblks ||
		    (uint64_t)cnt * NDB_BLK < NDB_HEAD + NDB_TAIL)
			return diag_error(d, BH_EPARSE, 0, 0, "byte offset %zu: slot "
					  "of package %" PRIu32 " points at blocks %"
					  PRIu32 "+%" PRIu32 ", outside the data "
					  "(%" PRIu64 " blocks)", at, idx, off, cnt,
					  fileblks);
		size_t bo = (size_t)off * NDB_BLK, bn = (size_t)cnt * NDB_BLK;
		const unsigned char *h = b + bo;
		uint32_t blen = le32(h + 12);
		if (memcmp(h, "BlbS", 4) || le32(h + 4) != idx ||
		    (uint64_t)NDB_HEAD + blen + NDB_TAIL > bn ||
		    bn - (NDB_HEAD + (size_t)blen + NDB_TAIL) >= NDB_BLK)
			return diag_error(d, BH_EPARSE, 0, 0, "byte offset %zu: blob "
					  "of package %" PRIu32 ": bad head (magic, "
					  "index or length %" PRIu32 ")", bo, idx, blen);
		const unsigned char *t = h + bn - NDB_TAIL;
		if (le32(t + 4) != blen || memcmp(t + 8, "BlbE", 4) ||
		    le32(t) != ndb_adler32(h, bn - NDB_TAIL))
			return diag_error(d, BH_EPARSE, 0, 0, "byte offset %zu: blob "
					  "of package %" PRIu32 ": bad tail (magic, "
					  "length or adler32 checksum)", bo + bn - NDB_TAIL,
					  idx);
		struct diag hd;
		diag_init(&hd, NULL);
		if (sbom_rpm_header(h + NDB_HEAD, blen, src, out, &hd))
			return diag_error(d, hd.code, 0, 0, "package %" PRIu32
					  " (blob at byte offset %zu): %s", idx, bo,
					  hd.message);
	}
	return 0;
}

int sbom_rpm_sqlite(const struct sbom_src *src, struct sbom_list *out,
		    struct diag *d)
{
	if (src->len < 100 || memcmp(src->buf, "SQLite format 3", 16))
		return diag_error(d, BH_EPARSE, 0, 0,
				  "byte offset 0: not an SQLite database");
	unsigned char *copy = sqlite3_malloc64(src->len);
	if (!copy)
		return diag_error(d, BH_ENOMEM, 0, 0, "out of memory");
	memcpy(copy, src->buf, src->len);
	if (copy[18] == 2)
		copy[18] = 1;
	if (copy[19] == 2)
		copy[19] = 1;
	sqlite3 *db = NULL;
	int rc = 0;
	if (sqlite3_open_v2(":memory:", &db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
		sqlite3_free(copy);
		sqlite3_close(db);
		return diag_error(d, BH_ENOMEM, 0, 0, "cannot start SQLite");
	}
	sqlite3_db_config(db, SQLITE_DBCONFIG_DEFENSIVE, 1, (int *)NULL);
	sqlite3_db_config(db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, (int *)NULL);
	if (sqlite3_deserialize(db, "main", copy, (sqlite3_int64)src->len,
				(sqlite3_int64)src->len,
				SQLITE_DESERIALIZE_FREEONCLOSE |
				SQLITE_DESERIALIZE_READONLY) != SQLITE_OK) {
		sqlite3_close(db);
		return diag_error(d, BH_EPARSE, 0, 0, "not a readable SQLite database");
	}
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(db, "SELECT hnum, blob FROM Packages ORDER BY hnum",
			       -1, &st, NULL) != SQLITE_OK) {
		rc = diag_error(d, BH_EPARSE, 0, 0,
				"not an rpm database (no Packages table: %s)",
				sqlite3_errmsg(db));
		sqlite3_close(db);
		return rc;
	}
	int step;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		sqlite3_int64 hnum = sqlite3_column_int64(st, 0);
		const unsigned char *b = sqlite3_column_blob(st, 1);
		int n = sqlite3_column_bytes(st, 1);
		struct diag hd;
		diag_init(&hd, NULL);
		if (sbom_rpm_header(b ? b : (const unsigned char *)"", b ? (size_t)n : 0,
				    src, out, &hd)) {
			rc = diag_error(d, hd.code, 0, 0, "package hnum %lld: %s",
					(long long)hnum, hd.message);
			break;
		}
	}
	if (!rc && step != SQLITE_DONE)
		rc = diag_error(d, BH_EPARSE, 0, 0, "cannot read the Packages "
				"table: %s", sqlite3_errmsg(db));
	sqlite3_finalize(st);
	sqlite3_close(db);
	return rc;
}
