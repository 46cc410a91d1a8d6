/* SPDX-License-Identifier: Apache-2.0
 *
 * img_read.c - the input side of `bulkhead image`: an OCI layout
 * directory, a tar file (docker-archive old and Docker 25+ style, or an
 * OCI layout in a tar, optionally gzip/zstd/xz/bzip2 compressed), or a
 * tar stream on stdin; and the order in which layers are read and applied.
 *
 * Strategy (docs/image.md):
 *  - directory: read index.json/manifest.json, then each layer blob file
 *    in manifest order, applying each as soon as it is read.
 *  - regular tar file: pass 1 reads only headers and small JSON entries
 *    (layer data is skipped by seeking); the metadata names the layers;
 *    pass 2 streams just those entries in archive order into changesets
 *    and applies them in manifest order as soon as the next one is ready.
 *  - stdin or another unseekable stream: one pass; every entry that
 *    sniffs as a layer (gzip, zstd or tar magic) is read into a changeset
 *    keyed by its name, small JSON entries are kept; at the end the
 *    metadata picks the changesets to apply, the rest is dropped.  No
 *    spooling to disk.
 * Memory: changesets hold entry metadata and capped captures only; the
 * counts are bounded by struct img_limits.
 * It does not parse JSON (img_json.c) or tars of layers (img_layer.c).
 * Tests: tests/unit/image/test_image.c, tests/suites/image.sh.
 */
#include "img_int.h"
#include "../util/io.h"

#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_OUTER_ENTRIES 65536
#define READ_CHUNK ((size_t)256 * 1024)

void img_limits_default(struct img_limits *l)
{
	l->max_entries = 1000000;
	l->max_meta = (size_t)2 << 20;
	l->max_meta_total = (size_t)32 << 20;
	l->scan_cap = (size_t)64 << 10;
	l->max_capture = (size_t)8 << 20;
	l->max_layers = 1024;
	l->max_bytes = (uint64_t)64 << 30;
	l->max_ratio = 1000;
	l->ratio_floor = (uint64_t)256 << 20;
	l->max_arena = (size_t)160 << 20;
}

void img_options_default(struct img_options *o)
{
	memset(o, 0, sizeof(*o));
	img_limits_default(&o->limits);
}

struct tentry {
	const char *name;
	const char *link;        /* symlink target, normalised against its dir */
	const char *data;        /* buffered small JSON entry */
	size_t len;
	uint64_t size;
	int64_t pos;             /* header offset in an uncompressed tar */
	uint8_t type;
	struct img_changeset *cs;
	size_t uses;             /* plan slots still to apply */
	bool layer_like;
};

struct loader {
	struct img_model *m;
	const struct img_options *o;
	struct diag *d;
	struct arena meta;
	const char *dir;         /* directory mode */
	const char *file;        /* tar file mode */
	int fd;                  /* stream mode */
	struct tentry *ent;
	size_t nent, capent;
	size_t meta_total;
	struct img_plan plan;
	size_t *slot;            /* plan index -> entry index, SIZE_MAX absent */
	size_t next;             /* next plan index to apply */
	uint64_t total, done, last_progress;
	size_t cur_layer;
	bool outer_plain;        /* file input is an uncompressed tar */
	uint64_t outer_bytes;    /* entry bytes of a compressed archive */
};

static void progress(struct loader *L, size_t n)
{
	L->done += n;
	if (L->o->progress && L->done - L->last_progress >= ((uint64_t)1 << 20)) {
		L->last_progress = L->done;
		L->o->progress(L->o->progress_ctx, L->cur_layer, L->plan.n,
			       L->done, L->total);
	}
}

/* ---- directory inputs ------------------------------------------------ */

/* Open "rel" (normalised) below the layout directory for reading: no
 * component may be a symbolic link (a layout is read only below itself),
 * and the file must be regular, opened without blocking (a FIFO or a
 * device never hangs the read).  Absent: -1 and no error (the caller says
 * what is missing); anything else refused: -1 and the error, naming it. */
static int dir_open(struct loader *L, const char *rel, struct stat *st)
{
	int dfd = open(L->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0)
		return diag_error(L->d, BH_EIO, 0, 0, "cannot open %s: %s", L->dir,
				  strerror(errno)), -1;
	char part[IMG_PATH_MAX];
	const char *p = rel;
	for (;;) {
		const char *slash = strchr(p, '/');
		size_t n = slash ? (size_t)(slash - p) : strlen(p);
		if (n == 0 || n >= sizeof(part)) {
			close(dfd);
			return -1;
		}
		memcpy(part, p, n);
		part[n] = 0;
		int fd = slash ? openat(dfd, part, O_RDONLY | O_DIRECTORY |
						   O_NOFOLLOW | O_CLOEXEC)
			       : openat(dfd, part, O_RDONLY | O_NOFOLLOW |
						   O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
		int err = errno;
		struct stat ls;
		bool link = fd < 0 && err != ENOENT &&
			    fstatat(dfd, part, &ls, AT_SYMLINK_NOFOLLOW) == 0 &&
			    S_ISLNK(ls.st_mode);
		close(dfd);
		if (fd < 0) {
			if (err == ENOENT || (err == ENOTDIR && !link))
				return -1;
			diag_error(L->d, BH_EIO, 0, 0, "%.*s: %s", (int)(p - rel + n),
				   rel, link ? "a symbolic link (refused: a layout "
					       "is read only below itself)"
					     : strerror(err));
			return -1;
		}
		if (!slash) {
			if (fstat(fd, st) != 0 || !S_ISREG(st->st_mode)) {
				diag_error(L->d, BH_EIO, 0, 0,
					   "%s: not a regular file (%s)", rel,
					   io_file_type(st->st_mode));
				close(fd);
				return -1;
			}
			return fd;
		}
		dfd = fd;
		p = slash + 1;
	}
}

static const char *dir_get(void *ctx, const char *path, size_t *len)
{
	struct loader *L = ctx;
	char rel[IMG_PATH_MAX];
	if (!img_path_normalize(path, rel, sizeof(rel)) || !rel[0])
		return NULL;
	struct stat st;
	int fd = dir_open(L, rel, &st);
	if (fd < 0)
		return NULL;
	if ((uint64_t)st.st_size > L->o->limits.max_meta) {
		close(fd);
		diag_error(L->d, BH_ELIMIT, 0, 0, "%s: metadata over %zu bytes",
			   rel, L->o->limits.max_meta);
		return NULL;
	}
	char *buf = arena_alloc(&L->meta, (size_t)st.st_size + 1);
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
	*len = got;
	return buf;
}

struct fd_src {
	struct loader *L;
	int fd;
	char *buf;
};

static long fd_pull(void *ctx, const void **out)
{
	struct fd_src *s = ctx;
	ssize_t n;
	do
		n = read(s->fd, s->buf, READ_CHUNK);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return -1;
	*out = s->buf;
	progress(s->L, (size_t)n);
	return (long)n;
}

/* ---- applying in manifest order ------------------------------------- */

static int verify(struct loader *L, size_t i, struct img_changeset *cs,
		  const char *name)
{
	char have[72];
	if (L->m->skip_layer_digests)
		return 0;   /* not hashed (img_options.skip_layer_digests) */
	const char *want = L->plan.digest[i];
	snprintf(have, sizeof(have), "sha256:%s", cs->chex);
	if (want && strcmp(want, have) != 0)
		return diag_error(L->d, BH_EPARSE, 0, 0,
				  "layer %zu blob %s (%.200s) fails verification: "
				  "content hashes to %s", i + 1, want, name, have);
	want = L->plan.diff_id[i];
	snprintf(have, sizeof(have), "sha256:%s", cs->uhex);
	if (want && strcmp(want, have) != 0)
		return diag_error(L->d, BH_EPARSE, 0, 0,
				  "layer %zu (%.200s): uncompressed content hashes "
				  "to %s, config diff_id says %s", i + 1, name, have,
				  want);
	return 0;
}

static int apply_one(struct loader *L, size_t i, struct img_changeset *cs,
		     const char *name)
{
	int rc = verify(L, i, cs, name);
	if (rc)
		return rc;
	struct img_layer *ly = &L->m->layers[i];
	ly->compression = cs->compression;
	ly->usize = cs->usize;
	if (!ly->size)
		ly->size = cs->csize;
	ly->missing = false;
	return img_layer_apply(L->m, cs, (uint32_t)i, L->d);
}

static void cs_release(struct img_model *m, struct tentry *e)
{
	if (e->cs && --e->uses == 0) {
		m->held -= e->cs->arena.used < m->held ? e->cs->arena.used : m->held;
		arena_free(&e->cs->arena);
		e->cs = NULL;
	}
}

/* Apply every layer whose turn has come and whose changeset is ready. */
static int apply_ready(struct loader *L)
{
	while (L->next < L->plan.n) {
		size_t i = L->next, k = L->slot[i];
		if (k == SIZE_MAX) {
			L->next++;          /* absent non-distributable layer */
			continue;
		}
		struct tentry *e = &L->ent[k];
		if (!e->cs || !e->cs->done)
			return 0;
		int rc = apply_one(L, i, e->cs, e->name);
		if (rc)
			return rc;
		cs_release(L->m, e);
		L->next++;
	}
	return 0;
}

/* ---- tar inputs ------------------------------------------------------ */

static struct tentry *find_entry(struct loader *L, const char *name)
{
	char a[IMG_PATH_MAX], b[IMG_PATH_MAX];
	if (!img_path_normalize(name, a, sizeof(a)))
		return NULL;
	for (int hops = 0; hops < 8; hops++) {
		struct tentry *hit = NULL;
		for (size_t i = L->nent; i-- > 0;) /* last one wins */
			if (strcmp(L->ent[i].name, a) == 0) {
				hit = &L->ent[i];
				break;
			}
		if (!hit || hit->type != IMG_SYMLINK)
			return hit;
		/* skopeo: <v1id>/layer.tar -> ../<hex>.tar */
		snprintf(b, sizeof(b), "%s", hit->link ? hit->link : "");
		snprintf(a, sizeof(a), "%s", b);
	}
	return NULL;
}

static const char *tar_get(void *ctx, const char *path, size_t *len)
{
	struct loader *L = ctx;
	struct tentry *e = find_entry(L, path);
	if (e && !e->data && e->type == IMG_REG &&
	    e->size > L->o->limits.max_meta)
		/* said as what it is, not as missing */
		diag_error(L->d, BH_ELIMIT, 0, 0,
			   "%.200s: metadata over %zu bytes", path,
			   L->o->limits.max_meta);
	if (!e || !e->data)
		return NULL;
	*len = e->len;
	return e->data;
}

static struct tentry *new_entry(struct loader *L)
{
	if (L->nent >= MAX_OUTER_ENTRIES) {
		diag_error(L->d, BH_ELIMIT, 0, 0,
			   "more than %d entries in the image archive",
			   MAX_OUTER_ENTRIES);
		return NULL;
	}
	if (L->nent == L->capent) {
		size_t nc = L->capent ? L->capent * 2 : 64;
		struct tentry *v = arena_grow(&L->meta, L->ent, L->capent, nc,
					      sizeof(*v));
		if (!v) {
			diag_error(L->d, BH_ENOMEM, 0, 0, "out of memory");
			return NULL;
		}
		L->ent = v;
		L->capent = nc;
	}
	struct tentry *e = &L->ent[L->nent++];
	memset(e, 0, sizeof(*e));
	return e;
}

static struct archive *outer_open(struct loader *L)
{
	struct archive *a = archive_read_new();
	if (!a)
		return NULL;
	archive_read_support_filter_gzip(a);
	archive_read_support_filter_zstd(a);
	archive_read_support_filter_xz(a);
	archive_read_support_filter_bzip2(a);
	archive_read_support_format_tar(a);
	archive_read_support_format_gnutar(a);
	int r = L->file ? archive_read_open_filename(a, L->file, 64 * 1024)
			: archive_read_open_fd(a, L->fd, 64 * 1024);
	if (r != ARCHIVE_OK) {
		diag_error(L->d, BH_EPARSE, 0, 0, "not a tar archive: %s",
			   archive_error_string(a) ? archive_error_string(a) : "?");
		archive_read_free(a);
		return NULL;
	}
	return a;
}

struct outer_src {
	struct loader *L;
	struct archive *a;
	const void *prefix;      /* first block, read for sniffing */
	size_t prefix_len;
	int err;
};

static long outer_pull(void *ctx, const void **out)
{
	struct outer_src *s = ctx;
	if (s->prefix_len) {
		*out = s->prefix;
		long n = (long)s->prefix_len;
		s->prefix_len = 0;
		progress(s->L, (size_t)n);
		return n;
	}
	size_t size = 0;
	la_int64_t off;
	int r = archive_read_data_block(s->a, out, &size, &off);
	if (r == ARCHIVE_EOF)
		return 0;
	if (r < ARCHIVE_WARN) {
		s->err = 1;
		return -1;
	}
	progress(s->L, size);
	return (long)size;
}

static bool looks_like_layer(const void *v, size_t n)
{
	const unsigned char *p = v;
	if (n >= 2 && p[0] == 0x1f && p[1] == 0x8b)
		return true;
	if (n >= 4 && p[0] == 0x28 && p[1] == 0xb5 && p[2] == 0x2f && p[3] == 0xfd)
		return true;
	return n >= 262 && memcmp(p + 257, "ustar", 5) == 0;
}

static bool looks_like_json(const void *v, size_t n)
{
	const char *p = v;
	for (size_t i = 0; i < n; i++) {
		if (p[i] == ' ' || p[i] == '\n' || p[i] == '\r' || p[i] == '\t')
			continue;
		return p[i] == '{' || p[i] == '[';
	}
	return false;
}

static int read_layer_entry(struct loader *L, struct archive *a,
			    struct tentry *e, const void *prefix,
			    size_t prefix_len)
{
	struct img_changeset *cs = arena_alloc(&L->meta, sizeof(*cs));
	if (!cs)
		return diag_error(L->d, BH_ENOMEM, 0, 0, "out of memory");
	arena_init(&cs->arena, L->o->limits.max_arena);
	e->cs = cs;
	struct outer_src src = { L, a, prefix, prefix_len, 0 };
	int rc = img_layer_read(L->m, outer_pull, &src, e->name, cs, L->d);
	if (rc == 0 && src.err)
		rc = diag_error(L->d, BH_EPARSE, 0, 0, "%s: %s", e->name,
				archive_error_string(a) ? archive_error_string(a) :
				"read error");
	L->m->held += cs->arena.used;
	return rc;
}

/* A compressed archive is skipped through by decompressing: bound the
 * work before it starts (entry sizes) and the ratio as it goes. */
static int outer_bounds(struct loader *L, struct archive *a, uint64_t size)
{
	const struct img_limits *l = &L->o->limits;
	if (archive_filter_code(a, 0) == ARCHIVE_FILTER_NONE)
		return 0;
	L->outer_bytes += size;
	if (size > l->max_bytes || L->outer_bytes > l->max_bytes)
		return diag_error(L->d, BH_ELIMIT, 0, 0,
				  "image archive unpacks to more than %llu bytes",
				  (unsigned long long)l->max_bytes);
	la_int64_t ub = archive_filter_bytes(a, 0), cb = archive_filter_bytes(a, -1);
	if (ub > 0 && cb > 0 && (uint64_t)ub > l->ratio_floor &&
	    (uint64_t)(ub / cb) > l->max_ratio)
		return diag_error(L->d, BH_ELIMIT, 0, 0,
				  "image archive: compression ratio over %u:1 "
				  "(decompression bomb?)", l->max_ratio);
	return 0;
}

/* One pass over the archive.  mode 1: headers + JSON (file pass 1);
 * mode 2: read planned layers (file pass 2); mode 3: stream (both). */
static int tar_pass(struct loader *L, int mode)
{
	struct archive *a = outer_open(L);
	if (!a)
		return L->d->code ? L->d->code : BH_EPARSE;
	int rc = 0;
	size_t ord = 0;
	L->outer_bytes = 0;
	for (;;) {
		struct archive_entry *ae;
		int r = archive_read_next_header(a, &ae);
		if (r == ARCHIVE_EOF)
			break;
		if (r < ARCHIVE_WARN) {
			rc = diag_error(L->d, BH_EPARSE, 0, 0, "image archive: %s",
					archive_error_string(a) ?
					archive_error_string(a) : "bad tar header");
			break;
		}
		if (mode == 2) {
			if (ord >= L->nent)
				break;
			struct tentry *e = &L->ent[ord++];
			if (e->uses && !e->cs) {
				L->cur_layer++;
				if ((rc = read_layer_entry(L, a, e, NULL, 0)) != 0)
					break;
				if ((rc = apply_ready(L)) != 0)
					break;
			}
			continue;
		}
		struct tentry *e = new_entry(L);
		if (!e) {
			rc = L->d->code;
			break;
		}
		char name[IMG_PATH_MAX];
		const char *nm = archive_entry_pathname(ae);
		if (!nm || !img_path_normalize(nm, name, sizeof(name)))
			name[0] = 0;
		e->name = arena_strdup(&L->meta, name);
		e->pos = archive_read_header_position(a);
		if (mode == 1 && L->nent == 1)
			L->outer_plain = archive_filter_code(a, 0) == ARCHIVE_FILTER_NONE;
		e->size = archive_entry_size(ae) > 0 ?
			  (uint64_t)archive_entry_size(ae) : 0;
		if ((rc = outer_bounds(L, a, e->size)) != 0)
			break;
		e->type = archive_entry_filetype(ae) == AE_IFLNK ? IMG_SYMLINK :
			  archive_entry_filetype(ae) == AE_IFREG ? IMG_REG : IMG_OTHER;
		if (e->type == IMG_SYMLINK && archive_entry_symlink(ae)) {
			/* resolve against the entry's directory */
			char tmp[IMG_PATH_MAX * 2], out[IMG_PATH_MAX];
			const char *sl = strrchr(name, '/');
			const char *tgt = archive_entry_symlink(ae);
			if (tgt[0] == '/')
				snprintf(tmp, sizeof(tmp), "%s", tgt);
			else
				snprintf(tmp, sizeof(tmp), "%.*s/%s",
					 sl ? (int)(sl - name) : 0, name, tgt);
			if (img_path_normalize(tmp, out, sizeof(out)))
				e->link = arena_strdup(&L->meta, out);
		}
		if (!e->name) {
			rc = diag_error(L->d, BH_ELIMIT, 0, 0,
					"image archive: entry list over the memory cap");
			break;
		}
		if (e->type != IMG_REG || e->size == 0)
			continue;
		const void *blk = NULL;
		size_t n = 0;
		la_int64_t off = 0;
		int br = archive_read_data_block(a, &blk, &n, &off);
		if (br == ARCHIVE_EOF)
			continue;
		if (br < ARCHIVE_WARN) {
			rc = diag_error(L->d, BH_EPARSE, 0, 0, "%s: %s", e->name,
					archive_error_string(a) ?
					archive_error_string(a) : "read error");
			break;
		}
		if (looks_like_json(blk, n) && e->size <= L->o->limits.max_meta) {
			if (L->meta_total + e->size > L->o->limits.max_meta_total) {
				rc = diag_error(L->d, BH_ELIMIT, 0, 0,
						"image archive: metadata over %zu bytes",
						L->o->limits.max_meta_total);
				break;
			}
			char *buf = arena_alloc(&L->meta, (size_t)e->size + 1);
			if (!buf) {
				rc = diag_error(L->d, BH_ENOMEM, 0, 0, "out of memory");
				break;
			}
			size_t got = 0;
			while (br >= ARCHIVE_WARN && br != ARCHIVE_EOF) {
				size_t k = n < e->size - got ? n : (size_t)e->size - got;
				memcpy(buf + got, blk, k);
				got += k;
				if (got >= e->size)
					break;
				br = archive_read_data_block(a, &blk, &n, &off);
			}
			e->data = buf;
			e->len = got;
			L->meta_total += e->size;
			continue;
		}
		if (mode == 3 && looks_like_layer(blk, n)) {
			e->layer_like = true;
			L->cur_layer++;
			if ((rc = read_layer_entry(L, a, e, blk, n)) != 0)
				break;
		}
	}
	archive_read_free(a);
	return rc;
}

/* The filesystem view's index sized once for the layers' bytes, at
 * one node per 4 KiB (a tar entry takes at least 512; a layer of small
 * files has one per few KiB), bounded by the entry cap: growing it as
 * nodes come visits every node again, scattered in memory (on the 1 GB
 * bench image 7 doublings were a tenth of `bulkhead sbom`'s time).  Only
 * speed depends on it. */
static void size_index(struct loader *L)
{
	uint64_t n = L->total / 4096;
	if (n > L->m->limits.max_entries)
		n = L->m->limits.max_entries;
	(void)img_fs_reserve(&L->m->fs, &L->m->arena, (size_t)n);
}

/* Map plan paths to entries; count uses. */
static int map_plan(struct loader *L, bool dir_mode)
{
	L->slot = arena_array(&L->meta, L->plan.n ? L->plan.n : 1, sizeof(size_t));
	if (!L->slot)
		return diag_error(L->d, BH_ENOMEM, 0, 0, "out of memory");
	L->total = 0;
	for (size_t i = 0; i < L->plan.n; i++) {
		struct img_layer *ly = &L->m->layers[i];
		L->slot[i] = SIZE_MAX;
		if (dir_mode)
			continue;
		struct tentry *e = find_entry(L, L->plan.path[i]);
		if (!e || e->type != IMG_REG) {
			if (ly->missing)
				continue;
			return diag_error(L->d, BH_EPARSE, 0, 0,
					  "layer %zu blob %.200s is not in the archive",
					  i + 1, L->plan.path[i]);
		}
		L->slot[i] = (size_t)(e - L->ent);
		e->uses++;
		L->total += e->size;
	}
	return 0;
}

/* A layer's bytes (an OCI layout's blob file, or a layer entry's data in
 * a docker-archive) read straight from the file, so that
 * img_layer_read_skip() can skip within them.  Read through a sliding
 * mmap() window of RANGE_WINDOW bytes (pread into "buf" when mapping
 * fails): the tar reader looks at every header of a layer of small
 * files, and a copy of each block by read() was a quarter of `bulkhead
 * sbom`'s CPU; each window is unmapped at the next pull (the reader
 * keeps no pointer into a block past the next read callback), so the
 * resident mapped pages stay under RANGE_WINDOW.  The file is the
 * user's own input opened read-only; one truncated while it is read
 * makes a touch of the window past its new end raise SIGBUS: the
 * handler below (installed once, on the first window) ends the process
 * with one line naming the file and exit 2, the input-error code, when
 * the fault lies in this thread's window, and otherwise puts the
 * default action back so that the fault is what it would have been. */
#define RANGE_WINDOW ((size_t)4 << 20)
struct range_src {
	struct loader *L;
	int fd;
	char *buf;
	uint64_t off, end;
	void *map;           /* current window, or NULL */
	size_t maplen;
	bool nomap;          /* mmap failed once: pread from then on */
};

/* This thread's mapped window and the line that says which file shrank
 * (written by range_begin(); read by the handler, which runs on the
 * faulting thread). */
static _Thread_local struct {
	const char *base;
	size_t len;
	char msg[512];
	size_t msglen;
} bus_win;

static void on_sigbus(int sig, siginfo_t *si, void *uc)
{
	(void)uc;
	const char *a = si ? (const char *)si->si_addr : NULL;
	if (bus_win.base && a >= bus_win.base && a < bus_win.base + bus_win.len) {
		ssize_t w = write(STDERR_FILENO, bus_win.msg, bus_win.msglen);
		(void)w;
		_exit(2);
	}
	signal(sig, SIG_DFL); /* not ours: the fault repeats, unhandled */
}

static void bus_install(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_sigbus;
	sa.sa_flags = SA_SIGINFO;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGBUS, &sa, NULL);
}

/* Names the file a range reads, for the SIGBUS line ("dir/rel" or the
 * archive's path), escaped as every diag line is. */
static void range_begin(const char *file, const char *rel)
{
	char name[400];
	snprintf(name, sizeof(name), "%s%s%s", file, rel ? "/" : "",
		 rel ? rel : "");
	int n = snprintf(bus_win.msg, sizeof(bus_win.msg),
			 "bulkhead: %s: the file changed size while it was "
			 "read\n", name);
	bus_win.msglen = n < 0 ? 0 : (size_t)n < sizeof(bus_win.msg) ?
			 (size_t)n : sizeof(bus_win.msg) - 1;
	if (bus_win.msglen && bus_win.msg[bus_win.msglen - 1] != '\n')
		bus_win.msg[bus_win.msglen - 1] = '\n';
	for (size_t i = 0; i + 1 < bus_win.msglen; i++) {
		unsigned char c = (unsigned char)bus_win.msg[i];
		if (c < 0x20 || c == 0x7f)
			bus_win.msg[i] = '?';
	}
}

static void range_unmap(struct range_src *s)
{
	if (s->map)
		munmap(s->map, s->maplen);
	s->map = NULL;
	s->maplen = 0;
	bus_win.base = NULL;
	bus_win.len = 0;
}

static long range_pull(void *ctx, const void **out)
{
	struct range_src *s = ctx;
	uint64_t left = s->end - s->off;
	range_unmap(s);
	if (left && !s->nomap) {
		static long pg;
		if (!pg)
			pg = sysconf(_SC_PAGESIZE) > 0 ? sysconf(_SC_PAGESIZE) : 4096;
		uint64_t base = s->off - s->off % (uint64_t)pg;
		size_t lead = (size_t)(s->off - base);
		size_t want = left < RANGE_WINDOW - lead ? (size_t)left :
			      RANGE_WINDOW - lead;
		void *m = mmap(NULL, lead + want, PROT_READ, MAP_PRIVATE,
			       s->fd, (off_t)base);
		if (m != MAP_FAILED) {
			static pthread_once_t once = PTHREAD_ONCE_INIT;
			pthread_once(&once, bus_install);
			s->map = m;
			s->maplen = lead + want;
			bus_win.base = m;
			bus_win.len = lead + want;
			s->off += want;
			*out = (const char *)m + lead;
			progress(s->L, want);
			return (long)want;
		}
		s->nomap = true;
	}
	size_t want = left < READ_CHUNK ? (size_t)left : READ_CHUNK;
	ssize_t n = 0;
	if (want) {
		do
			n = pread(s->fd, s->buf, want, (off_t)s->off);
		while (n < 0 && errno == EINTR);
	}
	if (n < 0)
		return -1;
	s->off += (uint64_t)n;
	*out = s->buf;
	progress(s->L, (size_t)n);
	return (long)n;
}

static long range_skip(void *ctx, uint64_t n)
{
	struct range_src *s = ctx;
	uint64_t left = s->end - s->off;
	if (n > left)
		n = left;
	if (n > (uint64_t)1 << 30)
		n = (uint64_t)1 << 30;
	s->off += n;
	progress(s->L, (size_t)n);
	return (long)n;
}

static int load_dir(struct loader *L)
{
	int rc = img_json_resolve(L->m, L->o, dir_get, L, &L->plan, L->d);
	if (rc)
		return rc;
	for (size_t i = 0; i < L->plan.n; i++)
		L->total += L->m->layers[i].size;
	size_index(L);
	char *buf = arena_alloc(&L->meta, READ_CHUNK);
	if (!buf)
		return diag_error(L->d, BH_ENOMEM, 0, 0, "out of memory");
	for (size_t i = 0; i < L->plan.n; i++) {
		char rel[IMG_PATH_MAX];
		struct img_layer *ly = &L->m->layers[i];
		struct stat st;
		if (!img_path_normalize(L->plan.path[i], rel, sizeof(rel)))
			return diag_error(L->d, BH_EPARSE, 0, 0, "bad layer path");
		int fd = dir_open(L, rel, &st);
		if (fd < 0) {
			if (diag_failed(L->d))
				return L->d->code;
			if (ly->missing)
				continue;
			return diag_error(L->d, BH_EPARSE, 0, 0,
					  "layer %zu blob %.200s: %s", i + 1,
					  L->plan.path[i], strerror(ENOENT));
		}
		struct img_changeset cs;
		memset(&cs, 0, sizeof(cs));
		arena_init(&cs.arena, L->o->limits.max_arena);
		cs.direct = true;
		cs.layer = (uint32_t)i;
		struct fd_src src = { L, fd, buf };
		L->cur_layer = i + 1;
		if (L->m->skip_layer_digests) {
			/* nothing to hash: a window on the file (dir_open()
			 * made sure it is a regular file), skipping what no
			 * check reads */
			struct range_src rs = { .L = L, .fd = fd, .buf = buf,
				.off = 0, .end = (uint64_t)st.st_size };
			range_begin(L->dir, rel);
			rc = img_layer_read_skip(L->m, range_pull, range_skip,
						 &rs, L->plan.path[i], &cs, L->d);
			range_unmap(&rs);
		} else {
			rc = img_layer_read(L->m, fd_pull, &src, L->plan.path[i],
					    &cs, L->d);
		}
		close(fd);
		if (rc == 0)
			rc = apply_one(L, i, &cs, L->plan.path[i]);
		arena_free(&cs.arena);
		if (rc)
			return rc;
	}
	return 0;
}

struct pread_src {
	int fd;
	uint64_t off;
	char *buf;
};

static la_ssize_t pread_cb(struct archive *a, void *ud, const void **out)
{
	struct pread_src *s = ud;
	(void)a;
	ssize_t n;
	do
		n = pread(s->fd, s->buf, READ_CHUNK, (off_t)s->off);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return -1;
	s->off += (uint64_t)n;
	*out = s->buf;
	return n;
}

/* Where the data of the entry whose header "a" just read starts in the
 * file: e->pos plus the header bytes the tar reader consumed, confirmed
 * by comparing its first data block with the file's bytes there.  -1
 * when that cannot be told (then *blk, *blen hold the first block read,
 * to be handed on). */
static int64_t data_offset(int fd, struct tentry *e, struct archive *a,
			   struct archive_entry *ae, char *tmp,
			   const void **blk, size_t *blen)
{
	*blk = NULL;
	*blen = 0;
	if (archive_entry_sparse_count(ae) != 0 || !archive_entry_size_is_set(ae))
		return -1;
	la_int64_t hdr = archive_filter_bytes(a, 0);
	la_int64_t off = 0;
	int r = archive_read_data_block(a, blk, blen, &off);
	if (r == ARCHIVE_EOF) {
		*blen = 0;
		return -1;
	}
	if (r < ARCHIVE_WARN || off != 0 || hdr < 512) {
		*blen = 0;
		return -1;
	}
	int64_t doff = (int64_t)(e->pos > 0 ? e->pos : 0) + hdr;
	size_t cmp = *blen < 4096 ? *blen : 4096;
	ssize_t n = pread(fd, tmp, cmp, (off_t)doff);
	if (n != (ssize_t)cmp || memcmp(tmp, *blk, cmp) != 0)
		return -1;
	return doff;
}

/* Uncompressed tar file: read each layer entry in manifest order by
 * seeking to its header (noted in pass 1), applying it while streaming. */
static int seek_layers(struct loader *L)
{
	int fd = open(L->file, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return diag_error(L->d, BH_EIO, 0, 0, "cannot open %s: %s", L->file,
				  strerror(errno));
	char *buf = arena_alloc(&L->meta, READ_CHUNK);
	char *tmp = arena_alloc(&L->meta, 4096);
	int rc = buf && tmp ? 0 : diag_error(L->d, BH_ENOMEM, 0, 0, "out of memory");
	size_index(L);
	for (size_t i = 0; rc == 0 && i < L->plan.n; i++) {
		size_t k = L->slot[i];
		if (k == SIZE_MAX)
			continue;
		struct tentry *e = &L->ent[k];
		struct pread_src ps = { fd, (uint64_t)(e->pos > 0 ? e->pos : 0), buf };
		struct archive *a = archive_read_new();
		if (!a) {
			rc = diag_error(L->d, BH_ENOMEM, 0, 0, "out of memory");
			break;
		}
		archive_read_support_format_tar(a);
		archive_read_support_format_gnutar(a);
		struct archive_entry *ae;
		char name[IMG_PATH_MAX];
		if (archive_read_open(a, &ps, NULL, pread_cb, NULL) != ARCHIVE_OK ||
		    archive_read_next_header(a, &ae) < ARCHIVE_WARN ||
		    !archive_entry_pathname(ae) ||
		    !img_path_normalize(archive_entry_pathname(ae), name, sizeof(name)) ||
		    strcmp(name, e->name) != 0) {
			rc = diag_error(L->d, BH_EPARSE, 0, 0,
					"%s: cannot find layer %.200s again (archive changed?)",
					L->file, e->name);
			archive_read_free(a);
			break;
		}
		struct img_changeset cs;
		memset(&cs, 0, sizeof(cs));
		arena_init(&cs.arena, L->o->limits.max_arena);
		cs.direct = true;
		cs.layer = (uint32_t)i;
		L->cur_layer = i + 1;
		struct outer_src src = { L, a, NULL, 0, 0 };
		int64_t doff = -1;
		if (L->m->skip_layer_digests) {
			/* nothing to hash: read the entry's bytes straight from
			 * the file, skipping what no check reads */
			doff = data_offset(fd, e, a, ae, tmp, &src.prefix,
					   &src.prefix_len);
		}
		if (doff >= 0) {
			struct range_src rs = { .L = L, .fd = fd, .buf = buf,
				.off = (uint64_t)doff,
				.end = (uint64_t)doff + (uint64_t)archive_entry_size(ae) };
			range_begin(L->file ? L->file : "-", NULL);
			rc = img_layer_read_skip(L->m, range_pull, range_skip, &rs,
						 e->name, &cs, L->d);
			range_unmap(&rs);
		} else {
			rc = img_layer_read(L->m, outer_pull, &src, e->name, &cs,
					    L->d);
		}
		if (rc == 0 && src.err)
			rc = diag_error(L->d, BH_EPARSE, 0, 0, "%s: %s", e->name,
					archive_error_string(a) ?
					archive_error_string(a) : "read error");
		if (rc == 0)
			rc = apply_one(L, i, &cs, e->name);
		arena_free(&cs.arena);
		archive_read_free(a);
	}
	close(fd);
	if (rc == 0)
		L->next = L->plan.n;
	return rc;
}

static int load_tar(struct loader *L, bool seekable)
{
	int rc;
	if (seekable) {
		if ((rc = tar_pass(L, 1)) != 0)
			return rc;
		if ((rc = img_json_resolve(L->m, L->o, tar_get, L, &L->plan, L->d)) != 0)
			return rc;
		if ((rc = map_plan(L, false)) != 0)
			return rc;
		if ((rc = apply_ready(L)) != 0)
			return rc;
		if (L->outer_plain)
			rc = seek_layers(L);
		else
			rc = tar_pass(L, 2);
		if (rc != 0)
			return rc;
	} else {
		if ((rc = tar_pass(L, 3)) != 0)
			return rc;
		if ((rc = img_json_resolve(L->m, L->o, tar_get, L, &L->plan, L->d)) != 0)
			return rc;
		if ((rc = map_plan(L, false)) != 0)
			return rc;
		for (size_t i = 0; i < L->plan.n; i++) {
			size_t k = L->slot[i];
			if (k != SIZE_MAX && !L->ent[k].cs)
				return diag_error(L->d, BH_EPARSE, 0, 0,
						  "layer %zu blob %.200s is not a layer",
						  i + 1, L->plan.path[i]);
		}
		if ((rc = apply_ready(L)) != 0)
			return rc;
	}
	if (L->next < L->plan.n)
		return diag_error(L->d, BH_EPARSE, 0, 0,
				  "layer %zu could not be read", L->next + 1);
	return 0;
}

int img_load(struct img_model *m, const char *path,
	     const struct img_options *opt, struct diag *d)
{
	struct img_options defaults;
	if (!opt) {
		img_options_default(&defaults);
		opt = &defaults;
	}
	memset(m, 0, sizeof(*m));
	m->limits = opt->limits;
	m->hook = opt->hook;
	m->skip_layer_digests = opt->skip_layer_digests;
	m->no_secrets = opt->no_secrets;
	arena_init(&m->arena, opt->limits.max_arena);
	m->source = arena_strdup(&m->arena, path);
	int rc = img_fs_init(&m->fs, &m->arena);
	if (rc)
		return diag_error(d, rc, 0, 0, "out of memory");
	struct loader L = { .m = m, .o = opt, .d = d, .fd = -1 };
	arena_init(&L.meta, opt->limits.max_meta_total + ((size_t)16 << 20));
	struct img_options o2 = *opt;
	struct stat st;
	if (strcmp(path, "-") == 0) {
		L.fd = 0;
		m->format = "tar-stream";
		rc = load_tar(&L, false);
		goto done;
	}
	if (stat(path, &st) != 0) {
		int err = errno;
		/* PATH:REF, where REF may hold colons itself (app.tar:app:1,
		 * oci:registry:5000/app:1): the longest prefix before a colon
		 * that exists is the path */
		for (const char *colon = strrchr(path, ':'); colon && colon > path;
		     colon = memrchr(path, ':', (size_t)(colon - path))) {
			char *base = arena_strndup(&L.meta, path,
						   (size_t)(colon - path));
			if (base && colon[1] && stat(base, &st) == 0) {
				if (!o2.ref)
					o2.ref = colon + 1;
				path = base;
				m->source = arena_strdup(&m->arena, base);
				L.o = &o2;
				goto found;
			}
		}
		rc = diag_error(d, BH_EIO, 0, 0, "cannot open %s: %s", path,
				strerror(err));
		goto done;
	}
found:
	if (S_ISDIR(st.st_mode)) {
		L.dir = path;
		m->format = "oci-layout";
		rc = load_dir(&L);
	} else if (S_ISREG(st.st_mode)) {
		L.file = path;
		m->format = "image-archive";
		rc = load_tar(&L, true);
	} else {
		L.fd = open(path, O_RDONLY | O_CLOEXEC);
		if (L.fd < 0) {
			rc = diag_error(d, BH_EIO, 0, 0, "cannot open %s: %s", path,
					strerror(errno));
			goto done;
		}
		m->format = "tar-stream";
		rc = load_tar(&L, false);
		close(L.fd);
	}
done:
	for (size_t i = 0; i < L.nent; i++)
		if (L.ent[i].cs)
			arena_free(&L.ent[i].cs->arena);
	if (rc == 0) {
		if (m->format && strcmp(m->format, "docker-archive") != 0) {
			if (L.dir)
				m->format = "oci-layout";
			else
				m->format = "oci-archive";
		}
		img_layer_finish(m);
	}
	arena_free(&L.meta);
	if (rc && !diag_failed(d))
		rc = diag_error(d, rc, 0, 0, "cannot read image");
	return rc;
}

void img_model_free(struct img_model *m)
{
	arena_free(&m->arena);
	memset(m, 0, sizeof(*m));
}
