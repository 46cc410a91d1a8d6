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
 * kept.  After the last layer, a database counts only when the final
 * filesystem view still holds that file from the layer of its last copy
 * (a whiteout, an opaque directory or a non-file put over it removes its
 * packages).  Each package of a final copy is attributed to the earliest
 * layer from which every later copy of the same file lists it (same
 * ecosystem, name and version): the layer that installed it, even though
 * later layers rewrote the database.  A package removed and installed
 * again is attributed to the layer that installed it again, and so is a
 * package whose database a whiteout deleted before a later layer wrote
 * it again (the hook's "gone": copies below the whiteout's layer do not
 * count).  The layer is
 * named by its blob digest (its diff_id when the input has none).
 * A malformed final copy is an error naming "/path (layer N)"; a broken
 * copy a later layer replaced is not.
 * Tests: tests/unit/sbom/test_sbom.c (images built in memory),
 * tests/suites/sbom_oracles.sh (the tiny fixture image).
 */
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
	bool deleted;         /* a whiteout in "layer" removed the file as
			       * lower layers left it (no contents) */
	bool too_big;
	char *err;            /* heap, or NULL */
	struct sbom_list pkgs;  /* sorted */
};

struct ctx {
	struct copy *v;
	size_t n, cap;
	bool nomem;
};

static bool want(void *ud, const char *path)
{
	(void)ud;
	return sbom_kind_of_path(path) != SBOM_KIND_NONE;
}

static struct copy *new_copy(struct ctx *c)
{
	if (c->nomem)
		return NULL;
	if (c->n == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 16;
		struct copy *v = realloc(c->v, cap * sizeof(*v));
		if (!v) {
			c->nomem = true;
			return NULL;
		}
		c->v = v;
		c->cap = cap;
	}
	return &c->v[c->n];
}

/* A whiteout: every database path at or below "path" seen so far is
 * deleted as of "layer" (an opaque one: below it only). */
static void gone(void *ud, const char *path, uint32_t layer, bool opaque)
{
	struct ctx *c = ud;
	size_t pl = strlen(path), n = c->n;
	for (size_t i = 0; i < n; i++) {
		const char *p = c->v[i].path;
		bool under = !pl || (!strncmp(p, path, pl) &&
				     (p[pl] == '/' || (!opaque && !p[pl])));
		if (!under || c->v[i].deleted)
			continue;
		/* one marker per path: after its last event */
		bool last = true;
		for (size_t e = i + 1; e < c->n && last; e++)
			last = strcmp(c->v[e].path, p) != 0;
		if (!last)
			continue;
		struct copy *k = new_copy(c);
		if (!k)
			return;
		*k = (struct copy){ .path = strdup(p), .layer = layer,
				    .deleted = true };
		if (!k->path) {
			c->nomem = true;
			return;
		}
		c->n++;
	}
}

static void got(void *ud, const char *path, uint32_t layer, const char *data,
		size_t len, uint64_t size)
{
	struct ctx *c = ud;
	(void)size;
	struct copy *k = new_copy(c);
	if (!k)
		return;
	*k = (struct copy){ .path = strdup(path), .layer = layer,
			    .too_big = data == NULL };
	if (!k->path) {
		c->nomem = true;
		return;
	}
	c->n++;
	if (!data)
		return;
	char shown[4200];
	snprintf(shown, sizeof(shown), "/%s", path);
	struct diag d;
	diag_init(&d, shown);
	struct sbom_src src = { data, len, shown, NULL };
	if (sbom_catalog(sbom_kind_of_path(path), &src, &k->pkgs, &d)) {
		char msg[1200], full[1300];
		diag_format(&d, msg, sizeof(msg));
		if (d.code == BH_EUSAGE)
			snprintf(full, sizeof(full), "%s (layer %u)", msg, layer + 1);
		else
			snprintf(full, sizeof(full), "%s (layer %u; %s; no package "
				 "of it listed)", msg, layer + 1,
				 sbom_kind_name(sbom_kind_of_path(path)));
		k->err = strdup(full);
		if (!k->err)
			c->nomem = true;
		sbom_list_free(&k->pkgs);
		return;
	}
	sbom_list_sort(&k->pkgs);
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

static bool lists(const struct copy *k, const struct sbom_pkg *p)
{
	return k->pkgs.n && bsearch(p, k->pkgs.v, k->pkgs.n, sizeof(*p), cmp_key);
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

/* Moves the packages of final copy c->v[i] into r, each with its layer. */
static int settle(struct ctx *c, size_t i, const struct img_model *m,
		  struct sbom_image_run *r)
{
	struct copy *k = &c->v[i];
	/* the newest whiteout of the path up to k's layer: copies of lower
	 * layers were deleted (a layer's own files survive its whiteouts,
	 * whichever order the tar lists them in) */
	uint32_t cut = 0;
	for (size_t e = 0; e < c->n; e++)
		if (c->v[e].deleted && c->v[e].layer <= k->layer &&
		    c->v[e].layer > cut && !strcmp(c->v[e].path, k->path))
			cut = c->v[e].layer;
	for (size_t j = 0; j < k->pkgs.n; j++) {
		struct sbom_pkg *p = &k->pkgs.v[j];
		uint32_t layer = k->layer;
		/* earlier copies of the same file, newest first */
		for (size_t e = i; e-- > 0;) {
			const struct copy *x = &c->v[e];
			if (x->deleted || strcmp(x->path, k->path))
				continue;
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
	struct img_file_hook hook = { want, got, gone, &c, max };
	struct img_options o;
	img_options_default(&o);
	if (lim)
		o.limits = *lim;
	o.hook = &hook;
	struct img_model m;
	int rc = img_load(&m, path, &o, d);
	if (!rc && c.nomem)
		rc = diag_error(d, BH_ENOMEM, 0, 0, "out of memory");
	for (size_t i = 0; !rc && i < c.n; i++) {
		struct copy *k = &c.v[i];
		if (k->deleted)
			continue;
		/* the last copy of the path (markers do not count: the
		 * final view says whether it survived them) */
		bool last = true;
		for (size_t e = i + 1; e < c.n && last; e++)
			last = c.v[e].deleted || strcmp(c.v[e].path, k->path) != 0;
		if (!last)
			continue;
		const struct img_node *n = img_fs_lookup(&m.fs, k->path);
		if (!n || n->type != IMG_REG || n->layer != k->layer)
			continue;   /* deleted or replaced by a later layer */
		char msg[4400];
		if (k->too_big) {
			snprintf(msg, sizeof(msg), "/%s (layer %u): larger than %zu "
				 "bytes (not scanned)", k->path, k->layer + 1, max);
			rc = add_error(r, msg);
		} else if (k->err) {
			rc = add_error(r, k->err);
		} else {
			rc = settle(&c, i, &m, r);
		}
		if (rc)
			rc = diag_error(d, rc, 0, 0, "out of memory");
	}
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
	for (size_t i = 0; i < c.n; i++) {
		free(c.v[i].path);
		free(c.v[i].err);
		sbom_list_free(&c.v[i].pkgs);
	}
	free(c.v);
	img_model_free(&m);
	return rc;
}

void sbom_image_free(struct sbom_image_run *r)
{
	sbom_list_free(&r->pkgs);
	for (size_t i = 0; i < r->nerrors; i++)
		free(r->errors[i]);
	free(r->errors);
	*r = (struct sbom_image_run){ 0 };
}
