/* SPDX-License-Identifier: Apache-2.0
 *
 * sbom_image.c - the packages of a container image (docker-archive or
 * OCI layout, as a tar or a directory), layer by layer, without
 * unpacking it.
 *
 * The image is read by src/image (img_load) with a struct img_file_hook:
 * every regular file whose path is a package database's in-image path
 * (sbom_kind_of_path) is handed over whole, with its layer, as the layers
 * are applied; each copy is cataloged at once and only its package list
 * kept.  Every other regular file that starts like an ELF file is
 * streamed to sbom_go.c's scanner (never held whole: it keeps the Go
 * build information's bytes) and its summary cataloged the same way; a
 * Java archive (by name, zip magic) is gathered the same way, one at a
 * time, cataloged when it ends and only its package lines kept.  After the last layer, a database counts only when the final
 * filesystem view still holds that file from the layer of its last copy
 * (a whiteout, an opaque directory or a non-file put over it removes its
 * packages).  Each package of a final copy is attributed to the earliest
 * layer from which every later copy of the same file lists it (same
 * ecosystem, name and version): the layer that installed it, even though
 * later layers rewrote the database.  A package removed and installed
 * again is attributed to the layer that installed it again, and so is a
 * package whose database a whiteout deleted before a later layer wrote
 * it again (the hook's "gone": copies below the whiteout's layer do not
 * count).  A dpkg file list (var/lib/dpkg/info/NAME.list) keeps only
 * its lines naming a language package's metadata file; those of the
 * lists in the final view drop, after the last layer, the PyPI and npm
 * packages read from those files (an OS package's: sbom.h,
 * sbom_owned).  The layer is
 * named by its blob digest (its diff_id when the input has none).
 * A malformed final copy is an error naming "/path (layer N)"; a broken
 * copy a later layer replaced is not.
 * Tests: tests/unit/sbom/test_sbom.c (images built in memory),
 * tests/suites/sbom_oracles.sh (the tiny fixture image), tests/suites/image.sh
 * (dpkg-owned PyPI/npm rows in a tar image it writes).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sbom.h"
#include "sbom_image.h"
#include "../image/img_model.h"

#define HOOK_MAX ((size_t)64 << 20)

struct copy {
	char *path;           /* relative, as in the image */
	uint32_t layer;
	size_t seq;           /* event order */
	bool too_big;
	char *err;            /* heap, or NULL */
	struct sbom_list pkgs;  /* sorted */
	bool list;            /* a dpkg file list: only "own" */
	struct sbom_owned own;  /* its language metadata paths */
};

/* A whiteout: "path" (a file or directory, "" the root) deleted in
 * "layer"; opaque: only what is below it. */
struct wh {
	char *path;
	uint32_t layer;
	bool opaque;
};

struct ctx {
	struct copy *v;
	size_t n, cap;
	struct wh *w;
	size_t nw, capw;
	bool nomem;
};

static bool want(void *ud, const char *path)
{
	(void)ud;
	enum sbom_kind k = sbom_kind_of_path(path);
	/* a Java archive goes through the content reader: never kept */
	return (k != SBOM_KIND_NONE && k != SBOM_KIND_JAVA_ARCHIVE) ||
	       sbom_is_dpkg_list(path);
}

/* The content reader's state: an ELF file streamed to sbom_go.c's
 * scanner, or a Java archive gathered (up to HOOK_MAX bytes, one at a
 * time) and summarized when it ends. */
struct stream {
	struct sbom_bin_scan *elf;
	char *jar;
	size_t len, cap;
	uint64_t size;
	const char *path;   /* the hook's, valid until end() */
	bool too_big;
};

static void *sniff(void *ud, const char *path, const char *head, size_t n,
		   uint64_t size)
{
	(void)ud;
	bool jar = sbom_is_zip(head, n) &&
		   sbom_kind_of_path(path) == SBOM_KIND_JAVA_ARCHIVE;
	if (!jar && !sbom_is_elf(head, n))
		return NULL;
	struct stream *s = calloc(1, sizeof(*s));
	if (!s)
		return NULL;
	s->size = size;
	s->path = path;
	if (jar) {
		s->too_big = size > HOOK_MAX;
		if (!s->too_big && !(s->jar = malloc((size_t)size + 1))) {
			free(s);
			return NULL;
		}
		s->cap = s->too_big ? 0 : (size_t)size;
	} else if (!(s->elf = sbom_bin_scan_begin(size))) {
		free(s);
		return NULL;
	}
	return s;
}

static void feed(void *st, const void *data, size_t n)
{
	struct stream *s = st;
	if (s->elf) {
		sbom_bin_scan_feed(s->elf, data, n);
		return;
	}
	if (s->too_big)
		return;
	if (n > s->cap - s->len)
		n = s->cap - s->len;
	memcpy(s->jar + s->len, data, n);
	s->len += n;
}

static char *end(void *st, size_t *len)
{
	struct stream *s = st;
	char *out = NULL;
	*len = 0;
	if (s->elf) {
		out = sbom_bin_scan_end(s->elf, len);
	} else if (s->too_big) {
		char msg[256];
		snprintf(msg, sizeof(msg), "BHJAR1\n!larger than %zu bytes (not "
			 "scanned)\n", HOOK_MAX);
		out = strdup(msg);
		*len = out ? strlen(out) : 0;
	} else {
		char shown[4200];
		snprintf(shown, sizeof(shown), "/%s", s->path);
		struct sbom_src src = { s->jar, s->len, shown, NULL };
		out = sbom_java_summarize(&src, len);
	}
	free(s->jar);
	free(s);
	return out;
}

/* The kind of a copy: by path, else a binary's summary. */
static enum sbom_kind kind_of(const char *path)
{
	enum sbom_kind k = sbom_kind_of_path(path);
	if (k == SBOM_KIND_JAVA_ARCHIVE)
		return SBOM_KIND_JAVA_SUMMARY;
	return k == SBOM_KIND_NONE ? SBOM_KIND_BIN_SUMMARY : k;
}

static bool grow(void **v, size_t *cap, size_t n, size_t size)
{
	if (n < *cap)
		return true;
	size_t nc = *cap ? *cap * 2 : 16;
	void *x = realloc(*v, nc * size);
	if (!x)
		return false;
	*v = x;
	*cap = nc;
	return true;
}

static void gone(void *ud, const char *path, uint32_t layer, bool opaque)
{
	struct ctx *c = ud;
	if (c->nomem)
		return;
	if (!grow((void **)&c->w, &c->capw, c->nw, sizeof(*c->w))) {
		c->nomem = true;
		return;
	}
	struct wh *w = &c->w[c->nw];
	*w = (struct wh){ strdup(path), layer, opaque };
	if (!w->path) {
		c->nomem = true;
		return;
	}
	c->nw++;
}

static void got(void *ud, const char *path, uint32_t layer, const char *data,
		size_t len, uint64_t size)
{
	struct ctx *c = ud;
	(void)size;
	if (c->nomem)
		return;
	if (!grow((void **)&c->v, &c->cap, c->n, sizeof(*c->v))) {
		c->nomem = true;
		return;
	}
	struct copy *k = &c->v[c->n];
	*k = (struct copy){ .path = strdup(path), .layer = layer, .seq = c->n,
			    .too_big = data == NULL };
	if (!k->path) {
		c->nomem = true;
		return;
	}
	c->n++;
	if (sbom_is_dpkg_list(path)) {
		k->list = true;   /* too big: nothing owned, all stay listed */
		if (data && sbom_owned_add(&k->own, "/", data, len))
			c->nomem = true;
		return;
	}
	if (!data)
		return;
	char shown[4200];
	snprintf(shown, sizeof(shown), "/%s", path);
	struct diag d;
	diag_init(&d, shown);
	struct sbom_src src = { data, len, shown, NULL };
	if (sbom_catalog(kind_of(path), &src, &k->pkgs, &d)) {
		char msg[1200], full[1300];
		diag_format(&d, msg, sizeof(msg));
		if (d.code == BH_EUSAGE)
			snprintf(full, sizeof(full), "%s (layer %u)", msg, layer + 1);
		else
			snprintf(full, sizeof(full), "%s (layer %u; %s; no package "
				 "of it listed)", msg, layer + 1,
				 sbom_kind_name(kind_of(path)));
		k->err = strdup(full);
		if (!k->err)
			c->nomem = true;
		sbom_list_free(&k->pkgs);
		return;
	}
	sbom_list_sort(&k->pkgs);
}

/* Copies grouped by path, each group in event order. */
static int cmp_copy(const void *x, const void *y)
{
	const struct copy *a = x, *b = y;
	int r = strcmp(a->path, b->path);
	if (r)
		return r;
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

static int cmp_key(const void *key, const void *elem)
{
	const struct sbom_pkg *a = key, *b = elem;
	int r;
	if (a->eco != b->eco)
		return a->eco < b->eco ? -1 : 1;
	if ((r = strcmp(a->name, b->name)))
		return r;
	return strcmp(a->version, b->version);
}

static bool same_arch(const struct sbom_pkg *a, const struct sbom_pkg *b)
{
	return a->arch && b->arch ? !strcmp(a->arch, b->arch) : a->arch == b->arch;
}

/* Whether copy k lists p: its name and version, and its architecture
 * (dpkg multi-arch: libc6 amd64 and i386 are two packages). */
static bool lists(const struct copy *k, const struct sbom_pkg *p)
{
	const struct sbom_pkg *v = k->pkgs.v, *hit = k->pkgs.n
		? bsearch(p, v, k->pkgs.n, sizeof(*p), cmp_key) : NULL;
	if (!hit)
		return false;
	/* the packages of that name and version are neighbours */
	size_t h = (size_t)(hit - v);
	for (size_t i = h + 1; i-- > 0 && !cmp_key(p, &v[i]);)
		if (same_arch(p, &v[i]))
			return true;
	for (size_t i = h + 1; i < k->pkgs.n && !cmp_key(p, &v[i]); i++)
		if (same_arch(p, &v[i]))
			return true;
	return false;
}

static int add_note(struct sbom_image_run *r, const char *msg)
{
	char **v = realloc(r->notes, (r->nnotes + 1) * sizeof(*v));
	if (!v)
		return BH_ENOMEM;
	r->notes = v;
	if (!(v[r->nnotes] = strdup(msg)))
		return BH_ENOMEM;
	r->nnotes++;
	return 0;
}

static int add_error(struct sbom_image_run *r, const char *msg)
{
	char **v = realloc(r->errors, (r->nerrors + 1) * sizeof(*v));
	if (!v)
		return BH_ENOMEM;
	r->errors = v;
	if (!(v[r->nerrors] = strdup(msg)))
		return BH_ENOMEM;
	r->nerrors++;
	return 0;
}

/* The newest whiteout up to "layer" that deleted "path" (0: none):
 * copies of lower layers are gone.  A layer's own files survive its
 * whiteouts, whichever order its tar lists them in. */
static uint32_t cut_of(const struct ctx *c, const char *path, uint32_t layer)
{
	uint32_t cut = 0;
	for (size_t i = 0; i < c->nw; i++) {
		const struct wh *w = &c->w[i];
		if (w->layer > layer || w->layer <= cut)
			continue;
		size_t pl = strlen(w->path);
		if (!pl || (!strncmp(path, w->path, pl) &&
			    (path[pl] == '/' || (!w->opaque && !path[pl]))))
			cut = w->layer;
	}
	return cut;
}

/* Moves the packages of the final copy g[last] of a path group g[0..]
 * into r, each with its layer. */
static int settle(const struct ctx *c, struct copy *g, size_t last,
		  const struct img_model *m, struct sbom_image_run *r)
{
	struct copy *k = &g[last];
	uint32_t cut = cut_of(c, k->path, k->layer);
	for (size_t j = 0; j < k->pkgs.n; j++) {
		struct sbom_pkg *p = &k->pkgs.v[j];
		uint32_t layer = k->layer;
		/* earlier copies of the same file, newest first */
		for (size_t e = last; e-- > 0;) {
			const struct copy *x = &g[e];
			if (x->layer < cut || x->err || x->too_big || !lists(x, p))
				break;
			layer = x->layer;
		}
		const char *name = NULL;
		if (layer < m->nlayers)
			name = m->layers[layer].digest ? m->layers[layer].digest
							: m->layers[layer].diff_id;
		free(p->layer);
		p->layer = NULL;
		if (name && !(p->layer = strdup(name)))
			return BH_ENOMEM;
	}
	if (r->pkgs.n + k->pkgs.n > r->pkgs.cap) {
		size_t cap = r->pkgs.cap * 2 > r->pkgs.n + k->pkgs.n
				     ? r->pkgs.cap * 2 : r->pkgs.n + k->pkgs.n + 64;
		struct sbom_pkg *v = realloc(r->pkgs.v, cap * sizeof(*v));
		if (!v)
			return BH_ENOMEM;
		r->pkgs.v = v;
		r->pkgs.cap = cap;
	}
	if (k->pkgs.n)
		memcpy(r->pkgs.v + r->pkgs.n, k->pkgs.v,
		       k->pkgs.n * sizeof(*k->pkgs.v));
	r->pkgs.n += k->pkgs.n;
	free(k->pkgs.v);
	free(k->pkgs.note);   /* named by the caller before (sbom_image) */
	k->pkgs = (struct sbom_list){ 0 };
	r->scanned++;
	return 0;
}

int sbom_image(const char *path, struct sbom_image_run *r, struct diag *d)
{
	return sbom_image_max(path, HOOK_MAX, NULL, r, d);
}

int sbom_image_max(const char *path, size_t max, const struct img_limits *lim,
		   struct sbom_image_run *r, struct diag *d)
{
	struct ctx c = { 0 };
	struct img_file_hook hook = { want, got, gone, &c, max, sniff, feed, end };
	struct img_options o;
	img_options_default(&o);
	if (lim)
		o.limits = *lim;
	o.hook = &hook;
	o.skip_layer_digests = r->skip_layer_digests;
	o.no_secrets = true;   /* a package list reports no secrets */
	struct img_model m;
	int rc = img_load(&m, path, &o, d);
	if (!rc && c.nomem)
		rc = diag_error(d, BH_ENOMEM, 0, 0, "out of memory");
	if (c.n)
		qsort(c.v, c.n, sizeof(*c.v), cmp_copy);
	struct sbom_owned owned = { 0 };
	for (size_t i = 0, hi; !rc && i < c.n; i = hi) {
		for (hi = i + 1; hi < c.n && !strcmp(c.v[hi].path, c.v[i].path); hi++)
			;
		struct copy *k = &c.v[hi - 1];   /* the path's last copy */
		const struct img_node *n = img_fs_lookup(&m.fs, k->path);
		if (!n || n->type != IMG_REG || n->layer != k->layer)
			continue;   /* deleted or replaced by a later layer */
		if (k->list) {
			/* a file list of the final view: its paths move */
			for (size_t j = 0; !rc && j < k->own.n; j++) {
				if (owned.n >= SBOM_MAX_OWNED)
					break;
				if (owned.n == owned.cap) {
					size_t cap = owned.cap ? owned.cap * 2 : 64;
					char **v = realloc(owned.v, cap * sizeof(*v));
					if (!v) {
						rc = diag_error(d, BH_ENOMEM, 0, 0,
								"out of memory");
						break;
					}
					owned.v = v;
					owned.cap = cap;
				}
				owned.v[owned.n++] = k->own.v[j];
				k->own.v[j] = NULL;
			}
			continue;
		}
		char msg[4400];
		if (k->too_big) {
			snprintf(msg, sizeof(msg), "/%s (layer %u): larger than %zu "
				 "bytes (not scanned)", k->path, k->layer + 1, max);
			rc = add_error(r, msg);
		} else if (k->err) {
			rc = add_error(r, k->err);
		} else {
			if (k->pkgs.note) {
				snprintf(msg, sizeof(msg), "/%s (layer %u): %s",
					 k->path, k->layer + 1, k->pkgs.note);
				rc = add_note(r, msg);
			}
			if (!rc)
				rc = settle(&c, &c.v[i], hi - 1 - i, &m, r);
		}
		if (rc)
			rc = diag_error(d, rc, 0, 0, "out of memory");
	}
	/* a language package whose metadata file an OS package of the
	 * final view owns is that OS package (sbom.h: sbom_owned) */
	if (!rc)
		sbom_owned_drop(&owned, &r->pkgs);
	sbom_owned_free(&owned);
	/* the distribution the image says it is (src/image read its
	 * os-release) names its deb and apk packages' purls */
	if (!rc && m.os_id) {
		char id[48], ver[48];
		char text[256];
		snprintf(text, sizeof(text), "ID=%s\nVERSION_ID=%s\n", m.os_id,
			 m.os_version_id ? m.os_version_id : "");
		sbom_os_release(text, strlen(text), id, sizeof(id), ver, sizeof(ver));
		if (sbom_list_set_distro(&r->pkgs, NULL, id, ver))
			rc = diag_error(d, BH_ENOMEM, 0, 0, "out of memory");
	}
	/* what the image is, for SBOM documents' metadata */
	if (!rc) {
		const char *name = m.ref ? m.ref
			: m.nrepo_tags ? m.repo_tags[0] : NULL;
		const char *dg = m.manifest_digest ? m.manifest_digest
						   : m.config_digest;
		const char *const from[5] = { name, dg, m.os_id, m.os_version_id,
					      m.os_name };
		char **to[5] = { &r->name, &r->digest, &r->os_id, &r->os_version,
				 &r->os_name };
		for (int i = 0; i < 5 && !rc; i++)
			if (from[i] && !(*to[i] = strdup(from[i])))
				rc = diag_error(d, BH_ENOMEM, 0, 0, "out of memory");
	}
	for (size_t i = 0; i < c.n; i++) {
		free(c.v[i].path);
		free(c.v[i].err);
		sbom_list_free(&c.v[i].pkgs);
		sbom_owned_free(&c.v[i].own);
	}
	free(c.v);
	for (size_t i = 0; i < c.nw; i++)
		free(c.w[i].path);
	free(c.w);
	img_model_free(&m);
	return rc;
}

void sbom_image_free(struct sbom_image_run *r)
{
	sbom_list_free(&r->pkgs);
	for (size_t i = 0; i < r->nerrors; i++)
		free(r->errors[i]);
	free(r->errors);
	for (size_t i = 0; i < r->nnotes; i++)
		free(r->notes[i]);
	free(r->notes);
	free(r->name);
	free(r->digest);
	free(r->os_id);
	free(r->os_version);
	free(r->os_name);
	*r = (struct sbom_image_run){ 0 };
}
