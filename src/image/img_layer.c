/* SPDX-License-Identifier: Apache-2.0
 *
 * img_layer.c - streaming one layer blob into a changeset, and applying
 * changesets (whiteouts, then entries) to the filesystem view.
 *
 * The pipeline for one blob, all in memory, pulled from the end:
 *   source bytes -> sha256 (blob digest) -> libarchive "raw" reader with
 *   gzip/zstd filters (sniffed from magic bytes, never from the name)
 *   -> sha256 (diff_id) and byte/ratio limits -> libarchive tar reader
 *   -> one struct img_change per entry.
 * File contents are read only for the few files a check needs
 * (os-release, passwd, shadow, group), for secret scanning (files up
 * to limits.scan_cap, text only, outside vendor/distro trees) and, whole,
 * for the files an img_file_hook wants (bulkhead sbom's package
 * databases: handed to its "got" when the change is applied, in layer
 * order, not kept in the model), or streamed through the hook's content
 * reader (ELF files: only its small summary kept); the rest is skipped.  Nothing is
 * written to disk.
 *
 * It does not choose layers or check digests against descriptors
 * (img_read.c) and does not judge findings (src/rules/rules_image.c); a
 * matched value is kept only in sec_mask_value()'s masked form.
 * Tests: tests/unit/image/test_image.c, tests/unit/sbom/test_sbom.c (the
 * hook).
 */
#include "img_int.h"

#include <archive.h>
#include <archive_entry.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../secrets/secrets.h"

#define CAPTURE_MAX ((size_t)256 * 1024)
#define MAX_HITS_PER_LAYER 4096

struct pipe {
	struct img_model *m;
	struct diag *d;
	const char *name;
	img_pull_fn rd;
	img_skip_fn sk;      /* or NULL */
	void *rd_ctx;
	const void *pre;     /* first block, pulled to sniff the compression */
	long pre_len;
	EVP_MD_CTX *ch, *uh;
	struct archive *raw;
	uint64_t csize, usize;
	uint64_t next_progress;
	bool raw_eof, raw_started;
	bool plain;          /* no compression: one hash serves both */
	bool hash;           /* !m->skip_layer_digests */
	bool direct;         /* uncompressed, unhashed: no raw reader */
	int err;
	/* direct mode: the block last handed to the tar reader and its
	 * offset in the blob, to prefetch the next header (prefetch_next) */
	const char *blk;
	uint64_t blk_off;
	size_t blk_len;
};

static void hexout(EVP_MD_CTX *c, char out[65])
{
	unsigned char md[32];
	unsigned int n = 0;
	static const char hx[] = "0123456789abcdef";
	EVP_DigestFinal_ex(c, md, &n);
	for (int i = 0; i < 32; i++) {
		out[2 * i] = hx[md[i] >> 4];
		out[2 * i + 1] = hx[md[i] & 15];
	}
	out[64] = 0;
}

/* The source's next bytes: the sniffed prefix first, then the reader's.
 * -1 (p->err set) on a read error. */
static long pipe_next(struct pipe *p, const void **buf)
{
	long n;
	if (p->pre_len) {
		*buf = p->pre;
		n = p->pre_len;
		p->pre_len = 0;
	} else {
		n = p->rd(p->rd_ctx, buf);
	}
	if (n < 0 && !p->err)
		p->err = BH_EIO;
	return n < 0 ? -1 : n;
}

static la_ssize_t raw_cb(struct archive *a, void *ud, const void **buf)
{
	struct pipe *p = ud;
	(void)a;
	long n = pipe_next(p, buf);
	if (n < 0)
		return -1;
	if (n > 0) {
		if (p->hash)
			EVP_DigestUpdate(p->ch, *buf, (size_t)n);
		p->csize += (uint64_t)n;
		p->m->bytes_read += (uint64_t)n;
	}
	return n;
}

/* Count "size" uncompressed bytes against the byte and ratio limits. */
static int unpacked(struct pipe *p, uint64_t size)
{
	p->usize += size;
	p->m->bytes_unpacked += size;
	const struct img_limits *l = &p->m->limits;
	if (p->m->bytes_unpacked > l->max_bytes) {
		p->err = diag_error(p->d, BH_ELIMIT, 0, 0,
				    "layer %s: image unpacks to more than %llu bytes",
				    p->name, (unsigned long long)l->max_bytes);
		return -1;
	}
	if (p->usize > l->ratio_floor && p->csize > 0 &&
	    p->usize / p->csize > l->max_ratio) {
		p->err = diag_error(p->d, BH_ELIMIT, 0, 0,
				    "layer %s: compression ratio over %u:1 "
				    "(decompression bomb?)", p->name, l->max_ratio);
		return -1;
	}
	return 0;
}

static la_ssize_t tar_cb(struct archive *a, void *ud, const void **buf)
{
	struct pipe *p = ud;
	(void)a;
	if (p->raw_eof)
		return 0;
	size_t size = 0;
	la_int64_t off = 0;
	int r = archive_read_data_block(p->raw, buf, &size, &off);
	if (r == ARCHIVE_EOF) {
		p->raw_eof = true;
		return 0;
	}
	if (r < ARCHIVE_WARN) {
		if (!p->err) {
			p->err = BH_EPARSE;
			diag_error(p->d, BH_EPARSE, 0, 0, "layer %s: %s", p->name,
				   archive_error_string(p->raw) ?
				   archive_error_string(p->raw) : "decompression failed");
		}
		return -1;
	}
	if (!p->plain && p->hash)
		EVP_DigestUpdate(p->uh, *buf, size);
	if (unpacked(p, size))
		return -1;
	return (la_ssize_t)size;
}

/* An uncompressed blob read straight by the tar reader (no hashing):
 * every byte, read or skipped, counts as read and unpacked. */
static int direct_count(struct pipe *p, uint64_t n)
{
	p->csize += n;
	p->m->bytes_read += n;
	return unpacked(p, n);
}

static la_ssize_t direct_cb(struct archive *a, void *ud, const void **buf)
{
	struct pipe *p = ud;
	(void)a;
	if (p->raw_eof)
		return 0;
	p->blk = NULL;   /* the source may unmap the last block now */
	long n = pipe_next(p, buf);
	if (n < 0)
		return -1;
	if (n == 0) {
		p->raw_eof = true;
		return 0;
	}
	p->blk = *buf;
	p->blk_off = p->csize;
	p->blk_len = (size_t)n;
	if (direct_count(p, (uint64_t)n))
		return -1;
	return (la_ssize_t)n;
}

/* Direct mode, after a header: the next header starts after this
 * entry's data, padded to 512 bytes; when that lies in the block the
 * tar reader holds, its cache lines are fetched now, while the entry is
 * handled, not when the reader parses it (libarchive's first touch of
 * each header, in tar_read_header, was 11-13% of `bulkhead sbom`'s
 * samples on the bench image, 3% with this: docs/decisions.md,
 * "Software bill of materials"; all 8 lines: every 2nd was slower).  A
 * hint only: a wrong guess (an entry whose data the reader does not
 * skip by its size) costs a few loads and changes nothing. */
static void prefetch_next(struct pipe *p, struct archive *t,
			  struct archive_entry *e)
{
	if (!p->blk)
		return;
	la_int64_t pos = archive_filter_bytes(t, 0);
	la_int64_t size = archive_entry_size(e);
	if (pos < 0 || size < 0 || (uint64_t)pos < p->blk_off ||
	    (uint64_t)size > p->blk_len)
		return;
	uint64_t next = (uint64_t)pos + (((uint64_t)size + 511) & ~(uint64_t)511);
	if (next < p->blk_off || next - p->blk_off + 512 > p->blk_len)
		return;
	const char *h = p->blk + (next - p->blk_off);
	for (int i = 0; i < 512; i += 64)
		__builtin_prefetch(h + i, 0, 3);
}

static la_int64_t direct_skip_cb(struct archive *a, void *ud, la_int64_t req)
{
	struct pipe *p = ud;
	(void)a;
	if (p->raw_eof || p->pre_len || req <= 0)
		return 0;
	p->blk = NULL;   /* the source moves on: the block goes */
	long n = p->sk(p->rd_ctx, (uint64_t)req);
	if (n < 0) {
		if (!p->err)
			p->err = BH_EIO;
		return -1;
	}
	if (n > 0 && direct_count(p, (uint64_t)n))
		return -1;
	return n;
}

bool img_path_is_pkg_cache(const char *p)
{
	return (strncmp(p, "var/lib/apt/lists/", 18) == 0 &&
		strcmp(p, "var/lib/apt/lists/lock") != 0 &&
		strncmp(p, "var/lib/apt/lists/partial", 25) != 0) ||
	       (strncmp(p, "var/cache/apt/", 14) == 0 && strstr(p, ".bin")) ||
	       (strncmp(p, "var/cache/apt/archives/", 23) == 0 &&
		strstr(p, ".deb")) ||
	       strncmp(p, "var/cache/apk/", 14) == 0 ||
	       strncmp(p, "var/cache/yum/", 14) == 0 ||
	       strncmp(p, "var/cache/dnf/", 14) == 0;
}

/* Paths whose contents the checks need. */
static bool capture_path(const char *p)
{
	return strcmp(p, "etc/os-release") == 0 ||
	       strcmp(p, "usr/lib/os-release") == 0 ||
	       strcmp(p, "etc/passwd") == 0 || strcmp(p, "etc/shadow") == 0 ||
	       strcmp(p, "etc/group") == 0;
}

/* Package-managed and vendored trees: their key and .pem files are
 * test fixtures and CA bundles of the packages, not the image owner's
 * secrets; not reported by name (as Trivy's secret scanner skips them). */
static bool vendored(const char *p)
{
	static const char *const prefix[] = {
		"usr/share/", "usr/lib/", "usr/lib64/", "usr/libexec/", "lib/",
		"lib64/", "usr/include/", "usr/src/", "usr/local/lib/",
	};
	static const char *const inner[] = {
		"/node_modules/", "/site-packages/", "/dist-packages/",
		"/vendor/",
	};
	for (size_t i = 0; i < sizeof(prefix) / sizeof(prefix[0]); i++)
		if (strncmp(p, prefix[i], strlen(prefix[i])) == 0)
			return true;
	char buf[IMG_PATH_MAX + 2];
	snprintf(buf, sizeof(buf), "/%s", p);
	for (size_t i = 0; i < sizeof(inner) / sizeof(inner[0]); i++)
		if (strstr(buf, inner[i]))
			return true;
	return false;
}

/* Trees of distro and vendored files: not scanned for secrets by content
 * (test keys in packages would drown real findings), still checked by
 * name outside vendored() trees. */
static bool scan_skipped(const char *p)
{
	static const char *const prefix[] = {
		"usr/share/", "usr/lib/", "usr/lib64/", "usr/libexec/", "lib/",
		"lib64/", "usr/include/", "usr/src/", "var/lib/dpkg/",
		"var/lib/apt/", "var/lib/rpm/", "var/cache/", "etc/ssl/",
		"etc/pki/", "usr/local/lib/", "proc/", "sys/", "dev/",
	};
	static const char *const inner[] = {
		"/node_modules/", "/site-packages/", "/dist-packages/",
		"/vendor/", "/.git/", "/__pycache__/",
	};
	for (size_t i = 0; i < sizeof(prefix) / sizeof(prefix[0]); i++)
		if (strncmp(p, prefix[i], strlen(prefix[i])) == 0)
			return true;
	char buf[IMG_PATH_MAX + 2];
	snprintf(buf, sizeof(buf), "/%s", p);
	for (size_t i = 0; i < sizeof(inner) / sizeof(inner[0]); i++)
		if (strstr(buf, inner[i]))
			return true;
	return false;
}

struct scan_ctx {
	const char *text;
	struct img_hit *hit;
};

static bool on_match(void *ctx, const struct sec_match *mt)
{
	struct scan_ctx *s = ctx;
	struct img_hit *h = s->hit;
	if (h->nmatches++ == 0) {
		sec_mask_value(s->text + mt->offset, mt->len, h->masked,
			       sizeof(h->masked));
		h->match_kind = mt->kind;
		h->match_title = mt->title;
		h->severity = mt->severity;
	} else if (mt->severity > h->severity) {
		h->severity = mt->severity;
	}
	return h->nmatches < 100;
}

static struct img_hit *new_hit(struct img_changeset *cs)
{
	if (cs->nhits >= MAX_HITS_PER_LAYER)
		return NULL;
	if (cs->nhits == cs->caphits) {
		size_t nc = cs->caphits ? cs->caphits * 2 : 16;
		struct img_hit *v = arena_grow(&cs->arena, cs->hits, cs->caphits,
					       nc, sizeof(*v));
		if (!v)
			return NULL;
		cs->hits = v;
		cs->caphits = nc;
	}
	struct img_hit *h = &cs->hits[cs->nhits++];
	memset(h, 0, sizeof(*h));
	return h;
}

/* Read up to "cap" bytes of the current entry into buf. */
static long read_some(struct archive *t, char *buf, size_t cap)
{
	size_t got = 0;
	while (got < cap) {
		la_ssize_t n = archive_read_data(t, buf + got, cap - got);
		if (n < 0)
			return -1;
		if (n == 0)
			break;
		got += (size_t)n;
	}
	return (long)got;
}

static uint8_t ftype(struct archive_entry *e)
{
	if (archive_entry_hardlink(e))
		return IMG_HARDLINK;
	switch (archive_entry_filetype(e)) {
	case AE_IFREG: return IMG_REG;
	case AE_IFDIR: return IMG_DIR;
	case AE_IFLNK: return IMG_SYMLINK;
	case AE_IFCHR: return IMG_CHR;
	case AE_IFBLK: return IMG_BLK;
	case AE_IFIFO: return IMG_FIFO;
	default: return IMG_OTHER;
	}
}

/* Secret checks on one regular file; "buf" holds scan_cap bytes. */
static int check_file(struct pipe *p, struct archive *t, const char *path,
		      uint64_t size, struct img_changeset *cs,
		      struct img_change *c, char *buf, const char **last_git)
{
	struct img_model *m = p->m;
	const char *kind = NULL;
	/* a file the hook wants is read whole first; the checks below
	 * then take their bytes from that copy */
	const char *whole = NULL;
	size_t whole_len = 0;
	if (m->hook && m->hook->want(m->hook->ctx, path)) {
		c->hooked = true;
		if (size <= m->hook->max) {
			char *h = arena_alloc(&cs->arena, (size_t)size + 1);
			if (!h)
				return diag_error(p->d, BH_ELIMIT, 0, 0,
						  "layer %s: %s: over the memory cap",
						  p->name, path);
			long got = size ? read_some(t, h, (size_t)size) : 0;
			if (got < 0)
				return 0; /* reported on the next header */
			h[got] = 0;
			c->hdata = whole = h;
			c->hlen = whole_len = (size_t)got;
		}
	}
	/* a file the hook tells by content: its first bytes (kept in buf
	 * for the checks below), then, when it wants the file, the rest
	 * streamed to it; only its summary is kept */
	long pre = -1;
	if (m->hook && !c->hooked && m->hook->sniff && size >= 64) {
		/* 64 bytes decide; the checks below read on when they want */
		pre = read_some(t, buf, 64);
		if (pre < 0)
			return 0; /* reported on the next header */
		void *st = m->hook->sniff(m->hook->ctx, path, buf, (size_t)pre, size);
		if (st) {
			char chunk[16384];
			la_ssize_t k;
			uint64_t fed = (uint64_t)pre;
			m->hook->feed(st, buf, (size_t)pre);
			/* never ask past the entry's end: a layer tar that ends
			 * without padding (umoci) fails a read that reaches for it */
			while (fed < size &&
			       (k = archive_read_data(t, chunk, size - fed < sizeof(chunk)
							? (size_t)(size - fed) : sizeof(chunk))) > 0) {
				m->hook->feed(st, chunk, (size_t)k);
				fed += (uint64_t)k;
			}
			size_t slen = 0;
			char *sum = m->hook->end(st, &slen);
			if (sum) {
				char *h = arena_alloc(&cs->arena, slen + 1);
				if (!h) {
					free(sum);
					return diag_error(p->d, BH_ELIMIT, 0, 0,
							  "layer %s: %s: over the memory cap",
							  p->name, path);
				}
				memcpy(h, sum, slen);
				h[slen] = 0;
				free(sum);
				c->hooked = true;
				c->hdata = h;
				c->hlen = slen;
			}
		}
	}
	bool named = !m->no_secrets && sec_path_is_secret_file(path, &kind) &&
		     !vendored(path);
	bool capture = capture_path(path);
	bool scan = !m->no_secrets && size > 0 && size <= m->limits.scan_cap &&
		    (named || !scan_skipped(path));
	const char *git = strstr(path, ".git/");
	if (named && git && (git == path || git[-1] == '/')) {
		/* one hit per .git directory, not one per object file */
		size_t dl = (size_t)(git - path) + 4;
		if (*last_git && strncmp(*last_git, path, dl) == 0 &&
		    (*last_git)[dl] == 0)
			return 0;
		*last_git = arena_strndup(&cs->arena, path, dl);
		struct img_hit *h = new_hit(cs);
		if (h) {
			h->path = arena_printf(&cs->arena, "/%s", *last_git);
			h->file_kind = kind;
		}
		return 0;
	}
	if (!named && !scan && !capture)
		return 0;
	long n = 0;
	size_t want = m->limits.scan_cap;
	if (capture && want < CAPTURE_MAX)
		want = CAPTURE_MAX;
	if (size < want)
		want = (size_t)size;
	if (want && whole) {
		n = (long)(whole_len < want ? whole_len : want);
		memcpy(buf, whole, (size_t)n);
	} else if (want && pre >= 0) {
		n = pre < (long)want ? pre : (long)want;
		if (!c->hooked && (size_t)n < want) {
			long k = read_some(t, buf + n, want - (size_t)n);
			if (k < 0)
				return 0; /* reported on the next header */
			n += k;
		}
	} else if (want && !c->hooked) {
		n = read_some(t, buf, want);
		if (n < 0)
			return 0; /* the tar reader reports on the next header */
	}
	if (capture) {
		if (m->captured + (size_t)n > m->limits.max_capture)
			return diag_error(p->d, BH_ELIMIT, 0, 0,
					  "layer %s: captured file contents over %zu bytes",
					  p->name, m->limits.max_capture);
		char *data = arena_strndup(&cs->arena, buf, (size_t)n);
		if (!data)
			return diag_error(p->d, BH_ENOMEM, 0, 0, "out of memory");
		c->data = data;
		c->data_len = (size_t)n;
		m->captured += (size_t)n;
	}
	struct img_hit tmp = { 0 };
	if ((scan || named) && n > 0 && (uint64_t)n == size &&
	    !memchr(buf, 0, (size_t)n < 1024 ? (size_t)n : 1024)) {
		struct scan_ctx sc = { buf, &tmp };
		(void)sec_scan_file(path, buf, (size_t)n, on_match, &sc);
	}
	if (!named && tmp.nmatches == 0)
		return 0;
	struct img_hit *h = new_hit(cs);
	if (!h)
		return 0;
	*h = tmp;
	h->path = arena_printf(&cs->arena, "/%s", path);
	h->file_kind = named ? kind : NULL;
	return 0;
}

/* Direct mode: apply now.  Changeset mode: copy the strings into the
 * changeset's arena and queue. */
static int add_change(struct pipe *p, struct img_changeset *cs,
		      struct img_change *c, const char *path)
{
	if (cs->direct)
		return img_change_apply(p->m, c, cs->layer, p->d);
	c->path = arena_strdup(&cs->arena, path);
	if (c->link && !(c->link = arena_strdup(&cs->arena, c->link)))
		return diag_error(p->d, BH_ELIMIT, 0, 0,
				  "layer %s: file list over the memory cap", p->name);
	if (!c->path)
		return diag_error(p->d, BH_ELIMIT, 0, 0,
				  "layer %s: file list over the memory cap", p->name);
	if (cs->tail)
		cs->tail->next = c;
	else
		cs->head = c;
	cs->tail = c;
	cs->n++;
	return 0;
}

/* One tar entry -> one change (plus hits). */
static int entry(struct pipe *p, struct archive *t, struct archive_entry *e,
		 struct img_changeset *cs, char *buf, const char **last_git)
{
	struct img_model *m = p->m;
	char path[IMG_PATH_MAX];
	const char *raw = archive_entry_pathname(e);
	if (!raw)
		return diag_error(p->d, BH_EPARSE, 0, 0,
				  "layer %s: entry without a name", p->name);
	if (!img_path_normalize(raw, path, sizeof(path)))
		return diag_error(p->d, BH_ELIMIT, 0, 0,
				  "layer %s: entry name longer than %d bytes",
				  p->name, IMG_PATH_MAX);
	cs->entries++;
	if (m->arena.used + m->held + cs->arena.used > m->limits.max_arena)
		return diag_error(p->d, BH_ELIMIT, 0, 0,
				  "layer %s: file metadata over %zu MiB "
				  "(limit; see docs/image.md)", p->name,
				  m->limits.max_arena >> 20);
	if (++m->entries > m->limits.max_entries)
		return diag_error(p->d, BH_ELIMIT, 0, 0,
				  "layer %s: more than %zu files in the image "
				  "(limit; see docs/image.md)",
				  p->name, m->limits.max_entries);
	struct img_change local;
	struct img_change *c = &local;
	memset(&local, 0, sizeof(local));
	if (!cs->direct && !(c = arena_alloc(&cs->arena, sizeof(*c))))
		return diag_error(p->d, BH_ELIMIT, 0, 0,
				  "layer %s: file list over the memory cap", p->name);
	char *slash = strrchr(path, '/');
	char *base = slash ? slash + 1 : path;
	if (strncmp(base, ".wh.", 4) == 0) {
		if (strcmp(base, ".wh..wh..opq") == 0) {
			if (slash)
				*slash = 0;
			else
				path[0] = 0;
			c->wh = IMG_WH_OPAQUE;
		} else if (strncmp(base, ".wh..wh.", 8) == 0) {
			return 0; /* AUFS bookkeeping: ignore */
		} else if (base[4] == 0) {
			return diag_error(p->d, BH_EPARSE, 0, 0,
					  "layer %s: invalid whiteout \"%.200s\"",
					  p->name, raw);
		} else {
			memmove(base, base + 4, strlen(base + 4) + 1);
			c->wh = IMG_WH_FILE;
		}
		c->path = path;
		return add_change(p, cs, c, path);
	}
	c->path = path;
	c->type = ftype(e);
	c->mode = (uint32_t)archive_entry_perm(e) & 07777;
	la_int64_t uid = archive_entry_uid(e), gid = archive_entry_gid(e);
	c->uid = uid < 0 || uid > UINT32_MAX ? UINT32_MAX : (uint32_t)uid;
	c->gid = gid < 0 || gid > UINT32_MAX ? UINT32_MAX : (uint32_t)gid;
	la_int64_t sz = archive_entry_size(e);
	c->size = sz > 0 ? (uint64_t)sz : 0;
	char lp[IMG_PATH_MAX];
	if (c->type == IMG_SYMLINK && archive_entry_symlink(e)) {
		snprintf(lp, sizeof(lp), "%s", archive_entry_symlink(e));
		c->link = lp;
	} else if (c->type == IMG_HARDLINK) {
		if (img_path_normalize(archive_entry_hardlink(e), lp, sizeof(lp)))
			c->link = lp;
	}
	if (c->type == IMG_REG && img_path_is_pkg_cache(path))
		cs->cache_files++;
	if (c->type == IMG_REG) {
		int rc = check_file(p, t, path, c->size, cs, c, buf, last_git);
		if (rc)
			return rc;
	}
	return add_change(p, cs, c, path);
}

static int drain(struct pipe *p)
{
	const void *b;
	size_t size;
	la_int64_t off;
	while (!p->direct && !p->raw_eof) {
		int r = archive_read_data_block(p->raw, &b, &size, &off);
		if (r == ARCHIVE_EOF)
			break;
		if (r < ARCHIVE_WARN)
			return p->err ? p->err :
			       diag_error(p->d, BH_EPARSE, 0, 0, "layer %s: %s",
					  p->name, archive_error_string(p->raw) ?
					  archive_error_string(p->raw) : "read error");
		if (!p->plain && p->hash)
			EVP_DigestUpdate(p->uh, b, size);
		p->usize += size;
		p->m->bytes_unpacked += size;
	}
	p->raw_eof = true;
	/* and whatever the decompressor (or the tar reader, read straight)
	 * left unread: trailing bytes, skipped when they need no hashing */
	const void *cb;
	long n;
	if (p->direct && p->pre_len) {
		n = p->pre_len;
		p->pre_len = 0;
		if (direct_count(p, (uint64_t)n))
			return p->err;
	}
	if (p->direct && p->sk) {
		while ((n = p->sk(p->rd_ctx, UINT64_C(1) << 30)) > 0)
			if (direct_count(p, (uint64_t)n))
				return p->err;
		if (n < 0)
			return p->err ? p->err : BH_EIO;
	}
	while ((n = p->rd(p->rd_ctx, &cb)) > 0) {
		if (p->hash)
			EVP_DigestUpdate(p->ch, cb, (size_t)n);
		if (p->direct) {
			if (direct_count(p, (uint64_t)n))
				return p->err;
			continue;
		}
		p->csize += (uint64_t)n;
		p->m->bytes_read += (uint64_t)n;
	}
	if (n < 0)
		return p->err ? p->err : BH_EIO;
	return 0;
}

int img_layer_read(struct img_model *m, img_pull_fn rd, void *rd_ctx,
		   const char *name, struct img_changeset *cs, struct diag *d)
{
	return img_layer_read_skip(m, rd, NULL, rd_ctx, name, cs, d);
}

/* Opens the tar reader on the blob itself: uncompressed, not hashed. */
static struct archive *open_direct(struct pipe *p)
{
	struct archive *t = archive_read_new();
	if (!t)
		return NULL;
	archive_read_support_format_tar(t);
	archive_read_support_format_gnutar(t);
	archive_read_support_format_empty(t);
	archive_read_set_callback_data(t, p);
	archive_read_set_read_callback(t, direct_cb);
	if (p->sk)
		archive_read_set_skip_callback(t, direct_skip_cb);
	return t;
}

int img_layer_read_skip(struct img_model *m, img_pull_fn rd, img_skip_fn sk,
			void *rd_ctx, const char *name,
			struct img_changeset *cs, struct diag *d)
{
	struct pipe p = { .m = m, .d = d, .name = name, .rd = rd, .sk = sk,
			  .rd_ctx = rd_ctx, .hash = !m->skip_layer_digests };
	struct archive *t = NULL;
	int rc = 0;
	p.ch = EVP_MD_CTX_new();
	p.uh = EVP_MD_CTX_new();
	p.raw = archive_read_new();
	/* the read buffer lives outside the budgeted arenas */
	struct arena scratch;
	size_t bufsize = (m->limits.scan_cap > CAPTURE_MAX ? m->limits.scan_cap
							    : CAPTURE_MAX) + 1;
	arena_init(&scratch, bufsize + 64);
	char *buf = arena_alloc(&scratch, bufsize);
	if (!p.ch || !p.uh || !p.raw || !buf) {
		rc = diag_error(d, BH_ENOMEM, 0, 0, "out of memory");
		goto out;
	}
	EVP_DigestInit_ex(p.ch, EVP_sha256(), NULL);
	EVP_DigestInit_ex(p.uh, EVP_sha256(), NULL);
	if (!p.hash) {
		/* no digest to compute: a blob that does not start with the
		 * gzip or zstd magic (the only filters below) is read by the
		 * tar reader itself, which skips the data no check reads */
		const void *b = NULL;
		long n = rd(rd_ctx, &b);
		if (n < 0) {
			rc = diag_error(d, BH_EIO, 0, 0, "layer %s: read error", name);
			goto out;
		}
		const unsigned char *u = b;
		if (n == 0) {
			p.raw_eof = true;
			cs->compression = "none";
			goto finish;
		}
		p.pre = b;
		p.pre_len = n;
		if (n >= 4 && !(u[0] == 0x1f && u[1] == 0x8b) &&
		    !(u[0] == 0x28 && u[1] == 0xb5 && u[2] == 0x2f && u[3] == 0xfd)) {
			cs->compression = "none";
			p.plain = p.direct = true;
			if (!(t = open_direct(&p))) {
				rc = diag_error(d, BH_ENOMEM, 0, 0, "out of memory");
				goto out;
			}
			if (archive_read_open1(t) != ARCHIVE_OK) {
				rc = p.err ? p.err : diag_error(d, BH_EPARSE, 0, 0,
						 "layer %s is not a tar archive (%s)", name,
						 archive_error_string(t) ? archive_error_string(t) : "?");
				goto out;
			}
			goto entries;
		}
	}
	archive_read_support_filter_gzip(p.raw);
	archive_read_support_filter_zstd(p.raw);
	archive_read_support_format_raw(p.raw);
	archive_read_support_format_empty(p.raw);
	if (archive_read_open(p.raw, &p, NULL, raw_cb, NULL) != ARCHIVE_OK) {
		rc = p.err ? p.err : diag_error(d, BH_EPARSE, 0, 0, "layer %s: %s",
				 name, archive_error_string(p.raw) ?
				 archive_error_string(p.raw) : "cannot read");
		goto out;
	}
	struct archive_entry *re;
	int r = archive_read_next_header(p.raw, &re);
	if (r == ARCHIVE_EOF) {
		/* an empty blob: an empty layer */
		p.raw_eof = true;
		cs->compression = "none";
		goto finish;
	}
	if (r < ARCHIVE_WARN) {
		rc = p.err ? p.err : diag_error(d, BH_EPARSE, 0, 0, "layer %s: %s",
				 name, archive_error_string(p.raw) ?
				 archive_error_string(p.raw) : "cannot read");
		goto out;
	}
	switch (archive_filter_code(p.raw, 0)) {
	case ARCHIVE_FILTER_GZIP: cs->compression = "gzip"; break;
	case ARCHIVE_FILTER_ZSTD: cs->compression = "zstd"; break;
	default: cs->compression = "none"; p.plain = true; break;
	}
	t = archive_read_new();
	if (!t) {
		rc = diag_error(d, BH_ENOMEM, 0, 0, "out of memory");
		goto out;
	}
	archive_read_support_format_tar(t);
	archive_read_support_format_gnutar(t);
	archive_read_support_format_empty(t);
	if (archive_read_open(t, &p, NULL, tar_cb, NULL) != ARCHIVE_OK) {
		rc = p.err ? p.err : diag_error(d, BH_EPARSE, 0, 0,
				 "layer %s is not a tar archive (%s)", name,
				 archive_error_string(t) ? archive_error_string(t) : "?");
		goto out;
	}
entries:;
	const char *last_git = NULL;
	for (;;) {
		struct archive_entry *e;
		r = archive_read_next_header(t, &e);
		if (r == ARCHIVE_EOF)
			break;
		if (r < ARCHIVE_WARN) {
			if (p.err) {
				rc = p.err;
				goto out;
			}
			/* umoci writes tars without end-of-archive blocks
			 * and without the last padding: an EOF at a header
			 * boundary ends the archive */
			if (p.raw_eof)
				break;
			rc = diag_error(d, BH_EPARSE, 0, 0, "layer %s: %s", name,
					archive_error_string(t) ?
					archive_error_string(t) : "bad tar header");
			goto out;
		}
		if (p.direct)
			prefetch_next(&p, t, e);
		if ((rc = entry(&p, t, e, cs, buf, &last_git)) != 0)
			goto out;
		if (p.err) {
			rc = p.err;
			goto out;
		}
	}
finish:
	if ((rc = drain(&p)) != 0)
		goto out;
	if (!p.hash) {
		cs->chex[0] = cs->uhex[0] = 0;   /* not computed */
	} else {
		hexout(p.ch, cs->chex);
		if (p.plain)
			memcpy(cs->uhex, cs->chex, sizeof(cs->uhex));
		else
			hexout(p.uh, cs->uhex);
	}
	cs->csize = p.csize;
	cs->usize = p.usize;
	cs->done = true;
out:
	if (rc && !diag_failed(d))
		rc = diag_error(d, rc, 0, 0, "layer %s: read error", name);
	if (t)
		archive_read_free(t);
	if (p.raw)
		archive_read_free(p.raw);
	EVP_MD_CTX_free(p.ch);
	EVP_MD_CTX_free(p.uh);
	arena_free(&scratch);
	return rc;
}

int img_change_apply(struct img_model *m, const struct img_change *c,
		     uint32_t layer, struct diag *d)
{
	struct img_fs *fs = &m->fs;
	if (c->wh != IMG_WH_NONE) {
		/* the path as the layer's tar would be extracted: a
		 * directory on the way that a lower layer made a symlink is
		 * followed (inside the image root, bounded), so
		 * "a/link/.wh.f" deletes "a/target/f"; the hook is told the
		 * path deleted */
		struct img_node *n = img_fs_lookup_dirs(fs, c->path,
							c->wh == IMG_WH_OPAQUE);
		char rp[IMG_PATH_MAX + 2];
		const char *gp = c->path;
		if (n && n != fs->root) {
			img_fs_path(n, rp, sizeof(rp));
			if (rp[0] == '/')
				gp = rp + 1;
		}
		if (m->hook && m->hook->gone)
			m->hook->gone(m->hook->ctx, gp, layer,
				      c->wh == IMG_WH_OPAQUE);
		if (n && c->wh == IMG_WH_OPAQUE) {
			if (n->type == IMG_DIR)
				img_fs_prune(fs, n, layer, false);
		} else if (n && n != fs->root) {
			img_fs_prune(fs, n, layer, true);
		}
		return 0;
	}
	struct img_node *n = img_fs_put(fs, &m->arena, c->path, c, layer);
	if (!n)
		return diag_error(d, BH_ELIMIT, 0, 0,
				  "filesystem view over the memory cap (%zu bytes)",
				  m->limits.max_arena);
	if (c->data) {
		n->data = arena_strndup(&m->arena, c->data, c->data_len);
		if (!n->data)
			return diag_error(d, BH_ELIMIT, 0, 0,
					  "filesystem view over the memory cap");
		n->data_len = c->data_len;
	}
	if (c->hooked && m->hook->got)
		m->hook->got(m->hook->ctx, c->path, layer, c->hdata, c->hlen,
			     c->size);
	return 0;
}

int img_layer_apply(struct img_model *m, struct img_changeset *cs,
		    uint32_t index, struct diag *d)
{
	int rc;
	/* whiteouts first: they hide lower layers only */
	for (struct img_change *c = cs->head; c; c = c->next)
		if (c->wh != IMG_WH_NONE && (rc = img_change_apply(m, c, index, d)))
			return rc;
	for (struct img_change *c = cs->head; c; c = c->next)
		if (c->wh == IMG_WH_NONE && (rc = img_change_apply(m, c, index, d)))
			return rc;
	if (cs->nhits) {
		size_t need = m->nhits + cs->nhits;
		if (need > m->caphits) {
			size_t nc = need * 2;
			struct img_hit *v = arena_grow(&m->arena, m->hits,
						       m->caphits, nc, sizeof(*v));
			if (!v)
				return diag_error(d, BH_ELIMIT, 0, 0,
						  "too many secret hits");
			m->hits = v;
			m->caphits = nc;
		}
		for (size_t i = 0; i < cs->nhits; i++) {
			struct img_hit *h = &m->hits[m->nhits++];
			*h = cs->hits[i];
			h->layer = index;
			h->path = arena_strdup(&m->arena, cs->hits[i].path);
			if (!h->path)
				return diag_error(d, BH_ELIMIT, 0, 0,
						  "too many secret hits");
		}
	}
	m->layers[index].entries = cs->entries;
	m->layers[index].cache_files = cs->cache_files;
	return 0;
}

/* KEY=value or KEY="value" from os-release text. */
static const char *osr_get(struct img_model *m, const char *text, size_t len,
			   const char *key)
{
	size_t kl = strlen(key);
	const char *p = text, *end = text + len;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *le = nl ? nl : end;
		if ((size_t)(le - p) > kl && strncmp(p, key, kl) == 0 && p[kl] == '=') {
			const char *v = p + kl + 1;
			size_t vl = (size_t)(le - v);
			if (vl && v[vl - 1] == '\r')
				vl--;
			if (vl >= 2 && (v[0] == '"' || v[0] == '\'') && v[vl - 1] == v[0]) {
				v++;
				vl -= 2;
			}
			if (vl > 200)
				vl = 200;
			return arena_strndup(&m->arena, v, vl);
		}
		p = le + 1;
	}
	return NULL;
}

/* The final filesystem's hard links, by the path they name. */
struct hlinks {
	struct arena *a;
	const char **link, **path;   /* link target (no "/"), node path */
	const struct img_node **node;
	size_t n, cap;
	bool full;
};

static bool hlink_cb(void *ctx, const struct img_node *n, const char *path)
{
	struct hlinks *h = ctx;
	if (n->type != IMG_HARDLINK || !n->link)
		return true;
	if (h->n == h->cap) {
		size_t nc = h->cap ? h->cap * 2 : 16;
		const char **l = arena_grow(h->a, h->link, h->cap, nc, sizeof(*l));
		const char **p = l ? arena_grow(h->a, h->path, h->cap, nc,
						 sizeof(*p)) : NULL;
		const struct img_node **q =
			p ? arena_grow(h->a, h->node, h->cap, nc, sizeof(*q)) : NULL;
		if (l)
			h->link = l;
		if (p)
			h->path = p;
		if (!q) {
			h->full = true;
			return false;
		}
		h->node = q;
		h->cap = nc;
	}
	const char *cp = arena_strdup(h->a, path);
	if (!cp) {
		h->full = true;
		return false;
	}
	h->link[h->n] = n->link;
	h->path[h->n] = cp;
	h->node[h->n++] = n;
	return true;
}

/* A secret's path deleted or replaced later may still be in the final
 * filesystem under another name: a hard link to it (made in its layer
 * or a later one: the same inode, whatever happens to the first name)
 * keeps the content.  The hit then names the live link, not "deleted". */
static void relink_hidden(struct img_model *m)
{
	bool any = false;
	for (size_t i = 0; i < m->nhits && !any; i++)
		any = m->hits[i].hidden;
	if (!any)
		return;
	struct arena a;
	arena_init(&a, 0);
	struct hlinks h = { &a, NULL, NULL, NULL, 0, 0, false };
	img_fs_walk(&m->fs, hlink_cb, &h);
	for (size_t i = 0; i < m->nhits && h.n; i++) {
		struct img_hit *hit = &m->hits[i];
		if (!hit->hidden || hit->path[0] != '/')
			continue;
		for (size_t k = 0; k < h.n; k++) {
			if (h.node[k]->layer < hit->layer ||
			    strcmp(h.link[k], hit->path + 1) != 0)
				continue;
			const char *np = arena_strdup(&m->arena, h.path[k]);
			if (np) {
				hit->path = np;
				hit->hidden = false;
			}
			break;
		}
	}
	arena_free(&a);
}

void img_layer_finish(struct img_model *m)
{
	for (size_t i = 0; i < m->nhits; i++) {
		struct img_hit *h = &m->hits[i];
		const struct img_node *n = img_fs_lookup(&m->fs, h->path);
		h->hidden = !n || n->layer != h->layer;
	}
	relink_hidden(m);
	const struct img_node *osr = img_fs_resolve(&m->fs, "etc/os-release");
	if (!osr || !osr->data)
		osr = img_fs_resolve(&m->fs, "usr/lib/os-release");
	if (osr && osr->data && osr->type == IMG_REG) {
		m->os_id = osr_get(m, osr->data, osr->data_len, "ID");
		m->os_version_id = osr_get(m, osr->data, osr->data_len, "VERSION_ID");
		m->os_name = osr_get(m, osr->data, osr->data_len, "PRETTY_NAME");
		m->os_codename = osr_get(m, osr->data, osr->data_len,
					 "VERSION_CODENAME");
	}
}
