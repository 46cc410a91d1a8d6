/* SPDX-License-Identifier: Apache-2.0
 *
 * cmp_extends.c - Compose `extends:`: a service defined on top of another.
 *
 * This file owns finding the base service of an `extends:` (in the same
 * document, or in another file read from disk), following chains,
 * detecting cycles, and merging each base under the service that extends
 * it.  It does not interpret service keys (src/model/cmp_model.c) nor
 * judge them (src/rules/rules_compose.c).
 *
 * Semantics follow compose-go (loader/extends.go: ApplyExtends,
 * applyServiceExtends, getExtendsBaseFromFile; loader/loader.go:
 * loadYamlFile; paths/resolve.go) and the Compose specification
 * (05-services.md, "extends"):
 *  - `extends: NAME` or `extends: {service: NAME, file: PATH}`; both values
 *    are interpolated like the rest of the file (loadYamlFile interpolates
 *    before ApplyExtends);
 *  - extends is resolved per YAML document of each input, before the
 *    documents and the -f files are merged (loadYamlFile calls
 *    ApplyExtends on each document, then override.Merge): a service
 *    extends one of its own document or of extends.file, never one that
 *    only another -f file defines;
 *  - a relative extends.file of an input is taken from the project
 *    directory, the first input's (compose-go's local resource loader uses
 *    the working directory; the spec: "relative to the location of the
 *    main Compose file"); one in an extended file from that file's
 *    directory (ResolveRelativePaths makes services.*.extends.file of the
 *    loaded file absolute);
 *  - an extended file is read whole (its documents merged); only the
 *    services it is asked for are resolved, and nothing else of it
 *    (networks, volumes...) is imported;
 *  - the base is merged under the extending service by override.
 *    ExtendService, the merge of -f files (cmp_merge_service()), and
 *    `extends` is deleted from the result;
 *  - no key is held back: compose-go v2 inherits depends_on, links,
 *    volumes_from and the `service:` namespace modes too (Compose v1
 *    dropped links, volumes_from, net and depends_on; the spec now only
 *    says the resources such keys name are not imported);
 *  - a base that is null leaves the extending service as it is;
 *  - a missing service, a cycle, an unreadable or invalid file are errors.
 * Remote extends.file values (git or OCI references) are not fetched: the
 * service keeps its `extends` key and the rules treat it as incomplete.
 *
 * Bounds: a chain holds at most CMP_EXTENDS_MAX_DEPTH services (also the
 * recursion depth of resolve()), at most CMP_EXTENDS_MAX_FILES files are
 * extended, BH_MAX_INPUT bytes are read from them in all, only regular
 * files are opened, and merges share one work budget.  Service lookups
 * use a sorted index, so n services cost O(n log n).
 *
 * Tests: tests/cases/compose/compose-extends-*.case,
 * tests/unit/compose/test_extends.c.
 */
#include "cmp_extends.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../util/io.h"
#include "../parse/yml.h"

/* Key comparisons all extends merges of a scan may make (cmp_merge's own
 * per-merge bound is 4M). */
#define MERGE_BUDGET ((size_t)64 << 20)

/* FAILED: its extends could not be resolved (the error is recorded), so
 * it is left out, and so is every service extending it. */
enum { UNSEEN = 0, BUSY, DONE, FAILED };

struct name_ix {
	const char *s;
	size_t len;
	size_t idx;
};

/* The services of one document (an input's) or one extended file. */
struct cmp_ext_scope {
	struct yml_node *svcs;   /* private copy; values replaced as resolved */
	unsigned char *state;    /* per pair: UNSEEN, BUSY, DONE, FAILED */
	struct name_ix *ix;      /* sorted names, built on the first lookup */
	size_t nix;
	bool indexed;
	const char *dir_fs;      /* where its relative extends.file resolve */
	const char *dir_shown;
	const char *shown;       /* the file, as reported */
};

struct ref {
	const char *service;
	const char *file;        /* NULL: the same document */
};

/* ---- paths ---- */

/* The directory part of "p" ("" when none), into the arena. */
static const char *dir_of(struct arena *a, const char *p)
{
	const char *sl = p ? strrchr(p, '/') : NULL;
	if (!sl)
		return "";
	if (sl == p)
		return "/";
	return arena_strndup(a, p, (size_t)(sl - p));
}

/* "dir/file", or "file" when it is absolute or dir is "". */
static char *join(struct arena *a, const char *dir, const char *file)
{
	if (!dir || file[0] == '/' || !*dir)
		return arena_strdup(a, file);
	size_t n = strlen(dir);
	return arena_printf(a, "%s%s%s", dir, dir[n - 1] == '/' ? "" : "/",
			    file);
}

/* Lexically drop "." segments and "name/.." pairs, for reporting:
 * "./a/../b.yaml" -> "b.yaml".  Leading ".." stay. */
static char *tidy(struct arena *a, const char *p)
{
	if (!p)
		return NULL;
	size_t n = strlen(p);
	struct seg {
		const char *s;
		size_t l;
	} *v = arena_array(a, n / 2 + 2, sizeof(*v));
	char *out = arena_alloc(a, n + 2);
	if (!v || !out)
		return NULL;
	bool abs = p[0] == '/';
	size_t k = 0, up = 0;   /* segments kept; leading ".." among them */
	for (const char *s = p; *s;) {
		size_t l = strcspn(s, "/");
		bool dotdot = l == 2 && s[0] == '.' && s[1] == '.';
		if (l == 0 || (l == 1 && s[0] == '.')) {
			/* "//" or "." */
		} else if (dotdot && k > up) {
			k--;
		} else if (dotdot && abs) {
			/* "/.." is "/" */
		} else {
			if (dotdot)
				up++;
			v[k].s = s;
			v[k].l = l;
			k++;
		}
		s += l;
		if (*s == '/')
			s++;
	}
	size_t o = 0;
	if (abs)
		out[o++] = '/';
	for (size_t i = 0; i < k; i++) {
		if (i)
			out[o++] = '/';
		memcpy(out + o, v[i].s, v[i].l);
		o += v[i].l;
	}
	if (o == 0)
		out[o++] = '.';
	out[o] = '\0';
	return out;
}

/* A git or OCI reference, which compose fetches and we do not. */
static bool is_remote(const char *f)
{
	return strstr(f, "://") != NULL || strncmp(f, "git@", 4) == 0;
}

/* ---- errors ---- */

static int nomem(struct cmp_extends *x, struct diag *d)
{
	if (x->a->over_cap)
		return diag_error(d, BH_ELIMIT, 0, 0, "Compose files too large");
	return diag_error(d, BH_ENOMEM, 0, 0, "out of memory");
}

const char *cmp_extends_path(const struct cmp_extends *x, int file)
{
	if (file < 0)
		return NULL;
	if ((size_t)file < x->ninputs)
		return x->inputs[file].path;
	size_t k = (size_t)file - x->ninputs;
	return k < x->nfiles ? x->files[k].path : NULL;
}

static const char *key_str(const struct yml_node *k)
{
	return yml_is_scalar(k) ? k->str : "";
}

/* An error at the `extends` key "ep" of service "svc".  The diag's file
 * must outlive the scan (the paths of extended files live in the arena),
 * and an error belongs to the input that has it: an `extends` inside an
 * extended file is reported at the input's extends line that led there,
 * with its own position in the message ("nest"; a cycle's message names
 * its files already). */
static int vfail(struct cmp_extends *x, struct diag *d, int code, bool nest,
		 const struct yml_pair *ep, const char *svc, const char *fmt,
		 va_list ap)
{
	if (diag_failed(d))
		return code;
	char msg[640];
	vsnprintf(msg, sizeof(msg), fmt, ap);
	const struct yml_pair *at = ep;
	const char *outer = svc;
	if ((ep->key->file < 0 || (size_t)ep->key->file >= x->ninputs) &&
	    x->depth > 0) {
		const struct yml_pair *sp0 =
			&x->chain[0].sc->svcs->pairs[x->chain[0].idx];
		const struct yml_pair *ep0 = yml_get_pair(sp0->value, "extends");
		if (ep0) {
			at = ep0;
			outer = key_str(sp0->key);
		}
	}
	const char *path = cmp_extends_path(x, at->key->file);
	if (path)
		d->file = path;
	if (at != ep && nest) {
		const char *inner = cmp_extends_path(x, ep->key->file);
		return diag_error(d, code, at->key->line, at->key->col,
				  "cannot extend service \"%.64s\": %s:%d:%d: "
				  "cannot extend service \"%.64s\": %s", outer,
				  inner ? inner : "?", ep->key->line,
				  ep->key->col, svc, msg);
	}
	return diag_error(d, code, at->key->line, at->key->col,
			  "cannot extend service \"%.64s\": %s", outer, msg);
}

static int fail(struct cmp_extends *x, struct diag *d, int code,
		const struct yml_pair *ep, const char *svc, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));

static int fail(struct cmp_extends *x, struct diag *d, int code,
		const struct yml_pair *ep, const char *svc, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int rc = vfail(x, d, code, true, ep, svc, fmt, ap);
	va_end(ap);
	return rc;
}

static int fail_flat(struct cmp_extends *x, struct diag *d, int code,
		     const struct yml_pair *ep, const char *svc,
		     const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));

static int fail_flat(struct cmp_extends *x, struct diag *d, int code,
		     const struct yml_pair *ep, const char *svc,
		     const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int rc = vfail(x, d, code, false, ep, svc, fmt, ap);
	va_end(ap);
	return rc;
}

/* ---- scopes ---- */

static struct cmp_ext_scope *new_scope(struct cmp_extends *x,
				       const struct yml_node *svcs,
				       const char *dir_fs,
				       const char *dir_shown,
				       const char *shown)
{
	struct cmp_ext_scope *sc = arena_alloc(x->a, sizeof(*sc));
	struct yml_node *c = arena_alloc(x->a, sizeof(*c));
	if (!sc || !c || !dir_fs || !dir_shown)
		return NULL;
	*c = *svcs;
	c->anchor = NULL;
	size_t n = svcs->n ? svcs->n : 1;
	c->pairs = arena_array(x->a, n, sizeof(*c->pairs));
	sc->state = arena_array(x->a, n, 1);
	if (!c->pairs || !sc->state)
		return NULL;
	if (svcs->n)
		memcpy(c->pairs, svcs->pairs, svcs->n * sizeof(*c->pairs));
	sc->svcs = c;
	sc->dir_fs = dir_fs;
	sc->dir_shown = dir_shown;
	sc->shown = shown ? shown : "";
	return sc;
}

static int ix_cmp(const void *pa, const void *pb)
{
	const struct name_ix *a = pa, *b = pb;
	int c = memcmp(a->s, b->s, a->len < b->len ? a->len : b->len);
	if (c)
		return c;
	return (a->len > b->len) - (a->len < b->len);
}

/* The index of service "name" in "sc"; false when absent (*oom set when
 * the index could not be built). */
static bool find_service(struct cmp_extends *x, struct cmp_ext_scope *sc,
			 const char *name, size_t *idx, bool *oom)
{
	if (!sc->indexed) {
		const struct yml_node *s = sc->svcs;
		sc->ix = arena_array(x->a, s->n ? s->n : 1, sizeof(*sc->ix));
		if (!sc->ix) {
			*oom = true;
			return false;
		}
		for (size_t i = 0; i < s->n; i++) {
			const struct yml_node *k = s->pairs[i].key;
			if (!yml_is_scalar(k))
				continue;
			sc->ix[sc->nix].s = k->str;
			sc->ix[sc->nix].len = k->len;
			sc->ix[sc->nix].idx = i;
			sc->nix++;
		}
		qsort(sc->ix, sc->nix, sizeof(*sc->ix), ix_cmp);
		sc->indexed = true;
	}
	struct name_ix want = { name, strlen(name), 0 };
	const struct name_ix *hit = bsearch(&want, sc->ix, sc->nix,
					    sizeof(*sc->ix), ix_cmp);
	if (!hit)
		return false;
	*idx = hit->idx;
	return true;
}

/* ---- reading a reference and its file ---- */

static int read_ref(struct cmp_extends *x, const struct yml_pair *ep,
		    const char *svc, struct ref *r, struct diag *d)
{
	const struct yml_node *v = ep->value, *s = NULL, *f = NULL;
	r->service = NULL;
	r->file = NULL;
	if (yml_is_map(v)) {
		s = yml_get(v, "service");
		f = yml_get(v, "file");
	} else if (yml_is_scalar(v)) {
		s = v;
	} else {
		return fail(x, d, BH_EPARSE, ep, svc, "extends is a service "
			    "name or a mapping, not a %s",
			    yml_kind_name(v->kind));
	}
	if (!yml_is_scalar(s) || yml_is_null(s))
		return fail(x, d, BH_EPARSE, ep, svc, "extends needs a service "
			    "name (extends: NAME or extends: {service: NAME})");
	if (f && !yml_is_null(f) && !yml_is_scalar(f))
		return fail(x, d, BH_EPARSE, ep, svc, "extends.file is a path, "
			    "not a %s", yml_kind_name(f->kind));
	bool unresolved = false;
	r->service = cmp_interpolate(x->a, s->str, x->lookup, x->lookup_ctx,
				     &unresolved);
	if (!r->service)
		return nomem(x, d);
	if (f && !yml_is_null(f)) {
		r->file = cmp_interpolate(x->a, f->str, x->lookup,
					  x->lookup_ctx, &unresolved);
		if (!r->file)
			return nomem(x, d);
	}
	return BH_OK;
}

/* Read, parse and index extended file "file" (relative to scope "from"),
 * or find it already loaded. */
static int load_file(struct cmp_extends *x, const struct cmp_ext_scope *from,
		     const struct yml_pair *ep, const char *svc,
		     const char *file, struct cmp_ext_scope **out,
		     struct diag *d)
{
	const char *fs = join(x->a, from->dir_fs, file);
	const char *shown = tidy(x->a, join(x->a, from->dir_shown, file));
	if (!fs || !shown)
		return nomem(x, d);
	/* stat first: a file that is not there has no real path either
	 * (realpath would walk every component to find that out) */
	struct stat st;
	int serr = stat(fs, &st) != 0 ? errno : 0;
	char *real = serr ? NULL : realpath(fs, NULL);
	const char *id = real ? arena_strdup(x->a, real) : fs;
	free(real);
	if (!id)
		return nomem(x, d);
	for (size_t i = 0; i < x->nfiles; i++) {
		if (!strcmp(x->files[i].id, id) && x->files[i].scope) {
			*out = x->files[i].scope;
			return BH_OK;
		}
	}
	if (x->nfiles == CMP_EXTENDS_MAX_FILES)
		return fail(x, d, BH_ELIMIT, ep, svc, "more than %d files "
			    "extended", CMP_EXTENDS_MAX_FILES);
	if (serr)
		return fail(x, d, BH_EIO, ep, svc, "cannot read %s: %s", shown,
			    strerror(serr));
	if (!S_ISREG(st.st_mode))
		return fail(x, d, BH_EIO, ep, svc, "cannot read %s: not a "
			    "regular file", shown);
	struct diag sub;
	diag_init(&sub, shown);
	char *text = NULL;
	size_t len = 0;
	/* just seen as a regular file: no second stat (the open is still
	 * checked) */
	int rc = io_read_listed(fs, BH_MAX_INPUT - x->bytes, &text, &len,
				&sub);
	if (rc)
		return fail(x, d, rc, ep, svc, "cannot read %s: %s", shown,
			    sub.message);
	x->bytes += len;
	struct cmp_ext_file *f = &x->files[x->nfiles++];
	f->path = shown;
	f->fs_path = fs;
	f->id = id;
	f->text = text;
	f->len = len;
	f->scope = NULL;

	struct yml_limits lim;
	memset(&lim, 0, sizeof(lim));
	lim.file = (int)(x->ninputs + x->nfiles - 1);
	struct yml_stream s;
	char buf[600];
	rc = yml_parse(x->a, text, len, &lim, &s, &sub);
	struct yml_node *root = NULL;
	for (size_t k = 0; rc == BH_OK && k < s.ndocs; k++) {
		struct yml_node *r = s.docs[k].root;
		if (!r)
			continue;
		if (r->kind != YML_MAP)
			rc = diag_error(&sub, BH_EPARSE, r->line, r->col,
					"a Compose file is a mapping, not a %s",
					yml_kind_name(r->kind));
		else
			rc = cmp_merge(x->a, root, r, &root, &sub);
	}
	if (rc == BH_ENOMEM)
		return nomem(x, d);
	if (rc) {
		diag_format(&sub, buf, sizeof(buf));
		return fail(x, d, rc, ep, svc, "%s", buf);
	}
	const struct yml_node *svcs = yml_get(root, "services");
	if (!yml_is_map(svcs))
		return fail(x, d, BH_EPARSE, ep, svc, "%s has no services: "
			    "mapping", shown);
	f->scope = new_scope(x, svcs, dir_of(x->a, fs), dir_of(x->a, shown),
			     shown);
	if (!f->scope)
		return nomem(x, d);
	*out = f->scope;
	return BH_OK;
}

/* ---- resolving ---- */

/* "map" without its `extends` pair, or with "keep" in its place. */
static struct yml_node *set_extends(struct cmp_extends *x,
				    const struct yml_node *map,
				    const struct yml_pair *keep)
{
	struct yml_node *r = arena_alloc(x->a, sizeof(*r));
	if (!r)
		return NULL;
	*r = *map;
	r->anchor = NULL;
	r->pairs = arena_array(x->a, map->n ? map->n : 1, sizeof(*r->pairs));
	if (!r->pairs)
		return NULL;
	r->n = 0;
	for (size_t i = 0; i < map->n; i++) {
		const struct yml_pair *p = &map->pairs[i];
		if (yml_scalar_eq(p->key, "extends")) {
			if (keep)
				r->pairs[r->n++] = *keep;
			continue;
		}
		r->pairs[r->n++] = *p;
	}
	return r;
}

/* The services being resolved, from "bs"/"bi" on, as "a -> b -> a". */
static int cycle(struct cmp_extends *x, struct diag *d,
		 const struct yml_pair *ep, const char *svc,
		 const struct cmp_ext_scope *bs, size_t bi)
{
	char buf[512];
	size_t o = 0, start = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < x->depth; i++)
		if (x->chain[i].sc == bs && x->chain[i].idx == bi) {
			start = i;
			break;
		}
	/* name the files when the cycle crosses files */
	bool files = false;
	for (size_t i = start; i < x->depth; i++)
		files = files || x->chain[i].sc != bs;
	for (size_t i = start; i <= x->depth && o < sizeof(buf); i++) {
		const struct cmp_ext_scope *sc = i < x->depth ? x->chain[i].sc : bs;
		size_t idx = i < x->depth ? x->chain[i].idx : bi;
		int w = snprintf(buf + o, sizeof(buf) - o, "%s%.64s%s%.128s%s",
				 i > start ? " -> " : "",
				 key_str(sc->svcs->pairs[idx].key),
				 files ? " (" : "", files ? sc->shown : "",
				 files ? ")" : "");
		if (w < 0)
			break;
		o += (size_t)w;
	}
	return fail_flat(x, d, BH_EPARSE, ep, svc, "circular extends: %s", buf);
}

static int resolve(struct cmp_extends *x, struct cmp_ext_scope *sc,
		   size_t idx, struct diag *d)
{
	if (sc->state[idx] == FAILED)
		return BH_EPARSE;  /* its error is the one recorded */
	if (sc->state[idx] != UNSEEN)
		return BH_OK;
	struct yml_pair *sp = &sc->svcs->pairs[idx];
	const struct yml_node *svc = sp->value;
	const struct yml_pair *ep = yml_is_map(svc) ? yml_get_pair(svc, "extends")
						   : NULL;
	if (!ep) {
		sc->state[idx] = DONE;
		return BH_OK;
	}
	if (ep->value && ep->value->tag && !strcmp(ep->value->tag, "!reset")) {
		/* nothing to reset within one document: no extends */
		sp->value = set_extends(x, svc, NULL);
		sc->state[idx] = DONE;
		return sp->value ? BH_OK : nomem(x, d);
	}
	const char *name = key_str(sp->key);
	struct ref r;
	int rc = read_ref(x, ep, name, &r, d);
	if (rc)
		return rc;
	if (r.file && is_remote(r.file)) {
		sc->state[idx] = DONE;
		return BH_OK;
	}
	if (x->depth >= CMP_EXTENDS_MAX_DEPTH)
		return fail(x, d, BH_ELIMIT, ep, name, "extends chain longer "
			    "than %d services", CMP_EXTENDS_MAX_DEPTH);
	struct cmp_ext_scope *bs = sc;
	if (r.file) {
		rc = load_file(x, sc, ep, name, r.file, &bs, d);
		if (rc)
			return rc;
	}
	size_t bi = 0;
	bool oom = false;
	if (!find_service(x, bs, r.service, &bi, &oom))
		return oom ? nomem(x, d)
			   : fail(x, d, BH_EPARSE, ep, name, "service \"%.64s\" "
				  "not found in %s", r.service, bs->shown);
	sc->state[idx] = BUSY;
	x->chain[x->depth].sc = sc;
	x->chain[x->depth].idx = idx;
	x->depth++;
	if (bs->state[bi] == BUSY)
		return cycle(x, d, ep, name, bs, bi);
	rc = resolve(x, bs, bi, d);
	if (rc)
		return rc;
	x->depth--;

	const struct yml_node *base = bs->svcs->pairs[bi].value;
	struct yml_node *res;
	if (!base || yml_is_null(base)) {
		res = set_extends(x, svc, NULL);
	} else if (!yml_is_map(base)) {
		return fail(x, d, BH_EPARSE, ep, name, "service \"%.64s\" in %s "
			    "is a %s, not a mapping", r.service, bs->shown,
			    yml_kind_name(base->kind));
	} else {
		struct diag sub;
		diag_init(&sub, NULL);
		struct yml_node *m = NULL;
		rc = cmp_merge_service(x->a, base, svc, &x->budget, &m, &sub);
		if (rc == BH_ENOMEM)
			return nomem(x, d);
		if (rc)
			return fail(x, d, rc, ep, name, "%s", sub.message);
		/* a base left unresolved (remote) passes its extends on */
		res = set_extends(x, m, yml_get_pair(base, "extends"));
	}
	if (!res)
		return nomem(x, d);
	sp->value = res;
	sc->state[idx] = DONE;
	return BH_OK;
}

/* ---- entry points ---- */

void cmp_extends_init(struct cmp_extends *x, struct arena *a,
		      cmp_lookup_fn lookup, void *lookup_ctx,
		      const struct bh_input *inputs, size_t ninputs)
{
	memset(x, 0, sizeof(*x));
	x->a = a;
	x->lookup = lookup;
	x->lookup_ctx = lookup_ctx;
	x->inputs = inputs;
	x->ninputs = ninputs;
	x->budget = MERGE_BUDGET;
	x->dir_fs = "";
	x->dir_shown = "";
	if (ninputs && inputs[0].fs_path) {
		/* stdin has no directory: the current one */
		x->dir_fs = dir_of(a, inputs[0].fs_path);
		x->dir_shown = dir_of(a, inputs[0].path);
	}
}

int cmp_extends_apply(struct cmp_extends *x, const struct yml_node *root,
		      struct yml_node **out, struct diag *d)
{
	*out = (struct yml_node *)root;
	x->depth = 0;
	const struct yml_pair *sp = yml_is_map(root) ? yml_get_pair(root, "services")
						     : NULL;
	if (!sp || !yml_is_map(sp->value))
		return BH_OK;
	const struct yml_node *svcs = sp->value;
	bool any = false;
	for (size_t i = 0; i < svcs->n && !any; i++)
		any = yml_is_map(svcs->pairs[i].value) &&
		      yml_get(svcs->pairs[i].value, "extends") != NULL;
	if (!any)
		return BH_OK;
	struct cmp_ext_scope *sc = new_scope(x, svcs, x->dir_fs, x->dir_shown,
					     cmp_extends_path(x, root->file));
	if (!sc)
		return nomem(x, d);
	/* one service that cannot be resolved is an input error for that
	 * service only: it (and what extends it) is left out, the rest of
	 * the file is still audited */
	bool had_error = diag_failed(d);
	size_t nfailed = 0;
	const char *first = "";
	for (size_t i = 0; i < sc->svcs->n; i++) {
		x->depth = 0;
		int rc = resolve(x, sc, i, d);
		if (rc == BH_ENOMEM || x->a->over_cap)
			return rc;
		if (rc == BH_OK)
			continue;
		if (!diag_failed(d))  /* every failure records its cause */
			diag_error(d, rc, 0, 0, "cannot resolve extends");
		/* the services it was resolving through are not at fault
		 * by themselves (a chain too long from here may be short
		 * enough from there): each is tried again on its own */
		for (size_t k = 0; k < x->depth; k++)
			if (x->chain[k].sc->state[x->chain[k].idx] == BUSY)
				x->chain[k].sc->state[x->chain[k].idx] = UNSEEN;
		sc->state[i] = FAILED;
		if (!nfailed++)
			first = key_str(sc->svcs->pairs[i].key);
	}
	x->depth = 0;
	if (nfailed && !had_error) {
		size_t n = strlen(d->message);
		if (nfailed > 1)
			snprintf(d->message + n, sizeof(d->message) - n,
				 " (service \"%.64s\" and %zu more not audited)",
				 first, nfailed - 1);
		else
			snprintf(d->message + n, sizeof(d->message) - n,
				 " (service \"%.64s\" not audited)", first);
	}
	struct yml_node *kept = sc->svcs;
	if (nfailed) {
		kept = arena_alloc(x->a, sizeof(*kept));
		if (!kept)
			return nomem(x, d);
		*kept = *sc->svcs;
		kept->pairs = arena_array(x->a, sc->svcs->n ? sc->svcs->n : 1,
					  sizeof(*kept->pairs));
		if (!kept->pairs)
			return nomem(x, d);
		kept->n = 0;
		for (size_t i = 0; i < sc->svcs->n; i++)
			if (sc->state[i] != FAILED)
				kept->pairs[kept->n++] = sc->svcs->pairs[i];
	}
	struct yml_node *r = arena_alloc(x->a, sizeof(*r));
	if (!r)
		return nomem(x, d);
	*r = *root;
	r->anchor = NULL;
	r->pairs = arena_array(x->a, root->n, sizeof(*r->pairs));
	if (!r->pairs)
		return nomem(x, d);
	for (size_t i = 0; i < root->n; i++) {
		r->pairs[i] = root->pairs[i];
		if (root->pairs[i].key == sp->key)
			r->pairs[i].value = kept;
	}
	*out = r;
	return BH_OK;
}

void cmp_extends_free(struct cmp_extends *x)
{
	for (size_t i = 0; i < x->nfiles; i++)
		free(x->files[i].text);
	x->nfiles = 0;
}
