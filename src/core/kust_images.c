/* SPDX-License-Identifier: Apache-2.0
 *
 * kust_images.c - Kustomize's images transformer over the run's
 * kustomizations, so a base manifest's "image: nginx:latest" is judged
 * as the reference an overlay deploys it as.
 *
 * This file owns reading the kustomizations among the run's inputs
 * (bounded: 1 MiB, regular files only), following their resources: and
 * bases: entries to files and kustomization directories that are inputs
 * of the run too (the scanned tree: nothing else is read), finding the
 * roots (kustomizations no other one lists), and, on every path from a
 * root down to a manifest, applying the images: entries of each
 * kustomization from the innermost (the one listing the manifest) out to
 * the root, each list in its order, as `kustomize build` does:
 *   - an entry matches an image whose name, without its tag and digest,
 *     is the entry's name as written (api/image IsImageMatched: "nginx"
 *     matches "nginx", "nginx:1.25", "nginx@sha256:..", not
 *     "docker.io/library/nginx");
 *   - newName replaces the name; newTag and digest replace both the tag
 *     and the digest (newTag alone drops a digest, digest alone drops the
 *     tag, both give name:tag@digest: api/filters/imagetag, Kustomize 5);
 *   - the images it changes are every containers[].image and
 *     initContainers[].image at any depth (the legacy field specs).
 * It records, per image value (file, line, column) and root, the
 * reference deployed and the last entry that set its name and its tag,
 * and which entries applied to some image.  A missing or unreadable
 * resource, a cycle, a path deeper than KUST_DEPTH, and more than
 * KUST_MAX_STEPS resources followed in all (a graph listing a base
 * through many paths) or KUST_MAX_MATCHES comparisons of an image with
 * an images: entry are warnings;
 * remote resources, ones outside the run's inputs, and components: are
 * notes (--verbose; KUST_MAX_NOTES of each kept), secret values masked (a remote URL's userinfo,
 * sec_mask_buf).  A malformed kustomization is the scan's to report
 * (src/core/scan_k8s.c); here its bad entries are left out.  It does not
 * judge anything (src/rules/rules_policy.c and the image pin rules of
 * src/rules/rules_k8s.c do).
 * Tests: tests/cases/policy/policy-kustomize-overlay*.case,
 * tests/cases/kubernetes/k8s-kustomize-image-pins*.case.
 */
#include "kust_images.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../parse/yml.h"
#include "../secrets/secrets.h"
#include "../util/diag.h"
#include "../util/io.h"

#define KUST_MAX_BYTES ((size_t)1 << 20)
#define MANIFEST_MAX_BYTES ((size_t)16 << 20)
#define KUST_DEPTH 32
#define MAX_WALK 200000
/* kustomizations entered and manifests walked, over every root: a graph
 * where each kustomization lists the next twice (or two that list the
 * same base) has 2^depth paths, each re-reading its manifests */
#define KUST_MAX_STEPS 10000
/* an image compared with an images: entry, over the whole build: a
 * 1 MiB kustomization holds ~20000 entries, a manifest as many images,
 * and each path from a root compares them all again */
#define KUST_MAX_MATCHES 20000000
/* warnings and notes each (then one line saying the rest are not shown) */
#define KUST_MAX_NOTES 1000
#define BH_STR_(x) #x
#define BH_STR(x) BH_STR_(x)

static const char *const kust_names[] = {
	"kustomization.yaml", "kustomization.yml", "Kustomization",
};

struct entry {
	const char *name, *new_name, *new_tag, *digest;
	int line;                /* the deciding key's */
};

enum res_kind { R_FILE, R_KUST };

struct res {
	enum res_kind kind;
	size_t to;               /* index into files or kusts */
};

struct kust {
	const char *display;
	dev_t dev;
	ino_t ino;
	struct entry *e;
	size_t ne;
	struct res *r;
	size_t nr;
	bool listed;             /* another kustomization lists it */
	bool on_path;            /* DFS: on the current path */
	bool entered;            /* on some path from a root */
};

struct file {
	const char *display, *fs_path;
	dev_t dev;
	ino_t ino;
};

struct build {
	struct kust_images *k;
	struct file *files;      /* every input, by index */
	size_t nfiles;
	struct kust *ku;
	size_t nku;
	size_t steps;            /* KUST_MAX_STEPS */
	size_t matches;          /* KUST_MAX_MATCHES */
	bool over;               /* past KUST_MAX_MATCHES: nothing more applied */
	int rc;
};

static void note(struct build *b, struct bh_strlist *l, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void note(struct build *b, struct bh_strlist *l, const char *fmt, ...)
{
	char msg[1400], shown[1400];
	/* each kept once (a linear search): bounded, so 50,000 remote
	 * resources in a 1 MiB kustomization cost no quadratic time */
	if (l->n > KUST_MAX_NOTES)
		return;
	if (l->n == KUST_MAX_NOTES) {
		if (bh_strlist_add(l, "more than " BH_STR(KUST_MAX_NOTES)
				   " such lines: the rest are not shown"))
			b->rc = BH_ENOMEM;
		return;
	}
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	sec_mask_buf(msg, sizeof(msg)); /* a remote resource's userinfo */
	diag_escape(shown, sizeof(shown), msg);
	if (!bh_strlist_has(l, shown) && bh_strlist_add(l, shown))
		b->rc = BH_ENOMEM;
}

static bool is_kust_name(const char *path)
{
	const char *s = strrchr(path, '/');
	s = s ? s + 1 : path;
	for (size_t i = 0; i < sizeof(kust_names) / sizeof(*kust_names); i++)
		if (!strcmp(s, kust_names[i]))
			return true;
	return false;
}

/* The input with this (dev, ino), or -1. */
static long file_of(const struct build *b, dev_t dev, ino_t ino)
{
	for (size_t i = 0; i < b->nfiles; i++)
		if (b->files[i].dev == dev && b->files[i].ino == ino)
			return (long)i;
	return -1;
}

static long kust_of(const struct build *b, dev_t dev, ino_t ino)
{
	for (size_t i = 0; i < b->nku; i++)
		if (b->ku[i].dev == dev && b->ku[i].ino == ino)
			return (long)i;
	return -1;
}

/* A non-empty string value of key "k", or NULL. */
static const struct yml_node *str_at(const struct yml_node *m, const char *k)
{
	const struct yml_node *v = yml_get(m, k);
	return yml_is_scalar(v) && !yml_is_null(v) && v->str && *v->str &&
	       strlen(v->str) == v->len ? v : NULL;
}

static bool is_remote(const char *s)
{
	return strstr(s, "://") || !strncmp(s, "github.com/", 11) ||
	       !strncmp(s, "git@", 4) || !strncmp(s, "gitlab.com/", 11) ||
	       !strncmp(s, "bitbucket.org/", 14);
}

/* Reads "path" whole (regular file, bounded) and parses it into arena
 * "a": the tree lives there, the text is freed. */
static const struct yml_node *load(struct build *b, struct arena *a,
				   const char *path, size_t max,
				   struct yml_stream *st)
{
	char *buf = NULL;
	size_t len = 0;
	struct diag d;
	diag_init(&d, NULL);
	if (io_read_file(path, max, &buf, &len, &d) != BH_OK)
		return NULL;
	int rc = yml_parse(a, buf, len, NULL, st, &d);
	free(buf);
	if (rc == BH_ENOMEM)
		b->rc = rc;
	return rc == BH_OK && st->ndocs ? st->docs[0].root : NULL;
}

/* The directory of "path" ("" for the current one), in the arena. */
static char *dir_of(struct build *b, const char *path)
{
	const char *slash = strrchr(path, '/');
	if (!slash)
		return arena_strdup(&b->k->a, "");
	if (slash == path)
		return arena_strdup(&b->k->a, "/");
	return arena_printf(&b->k->a, "%.*s", (int)(slash - path), path);
}

static char *join(struct build *b, const char *dir, const char *rel)
{
	if (!*dir)
		return arena_strdup(&b->k->a, rel);
	return arena_printf(&b->k->a, "%s%s%s", dir,
			    dir[strlen(dir) - 1] == '/' ? "" : "/", rel);
}

/* The entries of images: that Kustomize takes (the scan reports the
 * others as input errors). */
static void read_entries(struct build *b, struct kust *ku,
			 const struct yml_node *imgs)
{
	if (!yml_is_seq(imgs) || !imgs->n)
		return;
	ku->e = arena_array(&b->k->a, imgs->n, sizeof(*ku->e));
	if (!ku->e) {
		b->rc = BH_ENOMEM;
		return;
	}
	for (size_t i = 0; i < imgs->n; i++) {
		const struct yml_node *e = imgs->items[i];
		const struct yml_node *name = str_at(e, "name"),
			*nn = str_at(e, "newName"), *nt = str_at(e, "newTag"),
			*dg = str_at(e, "digest");
		if (!yml_is_map(e) || !name || (!nn && !nt && !dg))
			continue;
		const struct yml_node *at = nn ? nn : dg ? dg : nt;
		ku->e[ku->ne++] = (struct entry){
			name->str, nn ? nn->str : NULL, nt ? nt->str : NULL,
			dg ? dg->str : NULL, at->line,
		};
	}
}

/* Resolves the resources:/bases: entries of kustomization "i". */
static void read_resources(struct build *b, size_t i, const char *fs_path,
			   const struct yml_node *root)
{
	struct kust *ku = &b->ku[i];
	char *dir = dir_of(b, fs_path);
	if (!dir) {
		b->rc = BH_ENOMEM;
		return;
	}
	static const char *const keys[] = { "resources", "bases" };
	size_t cap = 0;
	for (size_t k = 0; k < 2; k++) {
		const struct yml_node *l = yml_get(root, keys[k]);
		cap += yml_is_seq(l) ? l->n : 0;
	}
	const struct yml_node *comp = yml_get(root, "components");
	if (yml_is_seq(comp) && comp->n)
		note(b, &b->k->notes, "%s:%d: components: are not followed "
		     "(their images: entries are not applied)", ku->display,
		     comp->items[0]->line);
	if (!cap)
		return;
	ku->r = arena_array(&b->k->a, cap, sizeof(*ku->r));
	if (!ku->r) {
		b->rc = BH_ENOMEM;
		return;
	}
	for (size_t k = 0; k < 2; k++) {
		const struct yml_node *l = yml_get(root, keys[k]);
		for (size_t j = 0; yml_is_seq(l) && j < l->n; j++) {
			const struct yml_node *v = l->items[j];
			if (!yml_is_scalar(v) || yml_is_null(v) ||
			    strlen(v->str) != v->len)
				continue;
			if (is_remote(v->str)) {
				note(b, &b->k->notes, "%s:%d: resource '%s' is "
				     "remote: not followed", ku->display,
				     v->line, v->str);
				continue;
			}
			char *p = join(b, dir, v->str);
			if (!p) {
				b->rc = BH_ENOMEM;
				return;
			}
			struct stat sb;
			if (stat(p, &sb) != 0) {
				note(b, &b->k->warnings, "%s:%d: warning: resource "
				     "'%s' cannot be read (%s): the images it "
				     "holds are not judged as this kustomization "
				     "deploys them", ku->display, v->line,
				     v->str, strerror(errno));
				continue;
			}
			long to = -1;
			enum res_kind kind = R_FILE;
			if (S_ISDIR(sb.st_mode)) {
				kind = R_KUST;
				bool found = false;
				for (size_t n = 0; n < 3 && !found; n++) {
					char *kp = join(b, p, kust_names[n]);
					struct stat ks;
					if (!kp) {
						b->rc = BH_ENOMEM;
						return;
					}
					if (stat(kp, &ks) == 0 && S_ISREG(ks.st_mode)) {
						found = true;
						to = kust_of(b, ks.st_dev, ks.st_ino);
					}
				}
				if (!found) {
					note(b, &b->k->warnings, "%s:%d: warning: "
					     "resource '%s' is a directory without "
					     "a kustomization: the images it holds "
					     "are not judged as this kustomization "
					     "deploys them", ku->display, v->line,
					     v->str);
					continue;
				}
			} else {
				to = file_of(b, sb.st_dev, sb.st_ino);
			}
			if (to < 0) {
				note(b, &b->k->notes, "%s:%d: resource '%s' is not "
				     "among the paths scanned: not followed",
				     ku->display, v->line, v->str);
				continue;
			}
			if (kind == R_KUST)
				b->ku[to].listed = true;
			ku->r[ku->nr++] = (struct res){ kind, (size_t)to };
		}
	}
}

/* ---- the transformer ---- */

static bool tag_chars(const char *s, const char *end)
{
	for (; s < end; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		      (*s >= '0' && *s <= '9') || strchr("_.{}-", *s)))
			return false;
	return true;
}

/* api/image IsImageMatched: "v" is "name", then ":tag" and/or
 * "@sha256:..." */
static bool matched(const char *v, const char *name)
{
	size_t n = strlen(name);
	if (strncmp(v, name, n))
		return false;
	const char *s = v + n, *at = strchr(s, '@');
	const char *tag_end = at ? at : s + strlen(s);
	if (*s == ':') {
		if (!tag_chars(s + 1, tag_end))
			return false;
	} else if (s != tag_end) {
		return false;
	}
	if (!at)
		return true;
	return !strncmp(at, "@sha256:", 8) && tag_chars(at + 8, at + strlen(at));
}

/* api/image Split: name, tag (without ':'), digest (without '@'). */
static void split(const char *v, size_t *name_len, const char **tag,
		  size_t *tag_len, const char **digest)
{
	const char *slash = strchr(v, '/');
	const char *search = slash && slash > v ? slash : v;
	const char *at = strchr(search, '@'), *colon = strchr(search, ':');
	*tag = NULL;
	*tag_len = 0;
	*digest = NULL;
	if (!at && !colon) {
		*name_len = strlen(v);
	} else if (at && (!colon || at < colon)) {
		*name_len = (size_t)(at - v);
		*digest = at + 1;
	} else if (at) {
		*name_len = (size_t)(colon - v);
		*tag = colon + 1;
		*tag_len = (size_t)(at - colon - 1);
		*digest = at + 1;
	} else {
		*name_len = (size_t)(colon - v);
		*tag = colon + 1;
		*tag_len = strlen(colon + 1);
	}
}

/* "v" after entry "e" (which matched it), in the arena. */
static const char *apply(struct build *b, const char *v, const struct entry *e)
{
	size_t nl, tl;
	const char *tag, *dg;
	split(v, &nl, &tag, &tl, &dg);
	const char *name = e->new_name ? e->new_name : v;
	size_t name_len = e->new_name ? strlen(e->new_name) : nl;
	if (e->new_tag || e->digest) {
		tag = e->new_tag;
		tl = tag ? strlen(tag) : 0;
		dg = e->digest;
	}
	return arena_printf(&b->k->a, "%.*s%s%.*s%s%s", (int)name_len, name,
			    tag && tl ? ":" : "", (int)tl, tag ? tag : "",
			    dg && *dg ? "@" : "", dg ? dg : "");
}

static int cmp_deploy(const void *pa, const void *pb)
{
	const struct kust_deploy *a = *(const struct kust_deploy *const *)pa,
				 *b = *(const struct kust_deploy *const *)pb;
	if (a->dev != b->dev)
		return a->dev < b->dev ? -1 : 1;
	if (a->ino != b->ino)
		return a->ino < b->ino ? -1 : 1;
	if (a->line != b->line)
		return a->line < b->line ? -1 : 1;
	return a->col < b->col ? -1 : a->col > b->col;
}

/* cmp_deploy, then the order found: qsort is not stable */
static int cmp_found(const void *pa, const void *pb)
{
	int c = cmp_deploy(pa, pb);
	const struct kust_deploy *a = *(const struct kust_deploy *const *)pa,
				 *b = *(const struct kust_deploy *const *)pb;
	return c ? c : a->seq < b->seq ? -1 : a->seq > b->seq;
}

static void mark_used(struct build *b, const struct kust *ku,
		      const struct entry *e)
{
	struct kust_images *k = b->k;
	for (size_t i = 0; i < k->nused; i++)
		if (k->used[i].dev == ku->dev && k->used[i].ino == ku->ino &&
		    k->used[i].line == e->line)
			return;
	if (k->nused == k->capused) {
		size_t cap = k->capused ? k->capused * 2 : 16;
		void *p = realloc(k->used, cap * sizeof(*k->used));
		if (!p) {
			b->rc = BH_ENOMEM;
			return;
		}
		k->used = p;
		k->capused = cap;
	}
	k->used[k->nused++] = (struct kust_used){ ku->dev, ku->ino, e->line };
}

/* One image value of file "f" reached through path[0] (the root) ..
 * path[n - 1] (the kustomization listing it). */
static void one_image(struct build *b, const struct file *f,
		      const struct yml_node *img, const size_t *path, size_t n)
{
	const char *v = img->str, *by_name = NULL, *by_tag = NULL;
	if (b->over)
		return;
	for (size_t i = n; i-- > 0 && v;) {
		const struct kust *ku = &b->ku[path[i]];
		for (size_t j = 0; j < ku->ne && v; j++) {
			const struct entry *e = &ku->e[j];
			if (++b->matches > KUST_MAX_MATCHES) {
				/* this image half rewritten is not recorded:
				 * it and the rest are judged as written */
				b->over = true;
				note(b, &b->k->warnings, "%s: warning: more than "
				     "%d comparisons of images with images: "
				     "entries: the rest of the images are judged "
				     "as written", b->ku[path[0]].display,
				     KUST_MAX_MATCHES);
				return;
			}
			if (!matched(v, e->name))
				continue;
			mark_used(b, ku, e);
			const char *where = arena_printf(&b->k->a, "%s:%d",
							 ku->display, e->line);
			if (e->new_name)
				by_name = where;
			if (e->new_tag || e->digest)
				by_tag = where;
			v = apply(b, v, e);
		}
	}
	if (v == img->str) /* unchanged: the tree goes with the walk */
		v = arena_strdup(&b->k->a, v);
	struct kust_deploy *d = arena_array(&b->k->a, 1, sizeof(*d));
	struct kust_images *k = b->k;
	if (!v || !d) {
		b->rc = BH_ENOMEM;
		return;
	}
	*d = (struct kust_deploy){ f->dev, f->ino, img->line, img->col, v,
				   b->ku[path[0]].display, by_name, by_tag,
				   NULL, k->nd };
	if (k->nd == k->capd) {
		size_t cap = k->capd ? k->capd * 2 : 32;
		void *p = realloc(k->d, cap * sizeof(*k->d));
		if (!p) {
			b->rc = BH_ENOMEM;
			return;
		}
		k->d = p;
		k->capd = cap;
	}
	k->d[k->nd++] = d;
}

/* Every containers[].image and initContainers[].image under "n". */
static void walk_images(struct build *b, const struct file *f,
			const struct yml_node *n, const size_t *path,
			size_t np, int depth, size_t *visits)
{
	if (!n || depth > YML_DEFAULT_MAX_DEPTH || ++*visits > MAX_WALK ||
	    b->rc)
		return;
	if (n->kind == YML_SEQ) {
		for (size_t i = 0; i < n->n; i++)
			walk_images(b, f, n->items[i], path, np, depth + 1,
				    visits);
		return;
	}
	if (n->kind != YML_MAP)
		return;
	for (size_t i = 0; i < n->n; i++) {
		const struct yml_pair *p = &n->pairs[i];
		if ((yml_scalar_eq(p->key, "containers") ||
		     yml_scalar_eq(p->key, "initContainers")) &&
		    yml_is_seq(p->value)) {
			for (size_t c = 0; c < p->value->n; c++) {
				const struct yml_node *im =
					str_at(p->value->items[c], "image");
				if (im && im->line > 0)
					one_image(b, f, im, path, np);
			}
		}
		walk_images(b, f, p->value, path, np, depth + 1, visits);
	}
}

static void deploy_file(struct build *b, const struct file *f,
			const size_t *path, size_t n)
{
	/* the manifest's tree only while it is walked: what is kept is
	 * copied into the table's arena */
	struct yml_stream st;
	struct arena a;
	arena_init(&a, 0);
	if (load(b, &a, f->fs_path, MANIFEST_MAX_BYTES, &st)) {
		size_t visits = 0;
		for (size_t i = 0; i < st.ndocs; i++)
			walk_images(b, f, st.docs[i].root, path, n, 0, &visits);
	} /* else the scan names what cannot be read or parsed */
	arena_free(&a);
}

/* Depth-first from root "r": path[0..n) the kustomizations entered. */
static void deploy_from(struct build *b, size_t *path, size_t n)
{
	struct kust *ku = &b->ku[path[n - 1]];
	ku->on_path = true;
	ku->entered = true;
	for (size_t i = 0; i < ku->nr && !b->rc; i++) {
		const struct res *r = &ku->r[i];
		if (b->over)
			break;
		if (++b->steps > KUST_MAX_STEPS) {
			note(b, &b->k->warnings, "%s: warning: more than %d "
			     "resources followed from the kustomizations "
			     "scanned: the rest are not followed",
			     b->ku[path[0]].display, KUST_MAX_STEPS);
			break;
		}
		if (r->kind == R_FILE) {
			deploy_file(b, &b->files[r->to], path, n);
			continue;
		}
		struct kust *to = &b->ku[r->to];
		if (to->on_path) {
			note(b, &b->k->warnings, "%s: warning: kustomizations "
			     "list each other in a cycle (through %s): not "
			     "followed", ku->display, to->display);
			continue;
		}
		if (n >= KUST_DEPTH) {
			note(b, &b->k->warnings, "%s: warning: more than %d "
			     "kustomizations deep: not followed", ku->display,
			     KUST_DEPTH);
			continue;
		}
		path[n] = r->to;
		deploy_from(b, path, n + 1);
	}
	ku->on_path = false;
}

int kust_images_build(struct kust_images *k, const struct kust_input *in,
		      size_t n)
{
	memset(k, 0, sizeof(*k));
	arena_init(&k->a, 0);
	struct build b = { .k = k };
	b.files = calloc(n ? n : 1, sizeof(*b.files));
	b.ku = calloc(n ? n : 1, sizeof(*b.ku));
	if (!b.files || !b.ku) {
		free(b.files);
		free(b.ku);
		return BH_ENOMEM;
	}
	size_t nk = 0;
	for (size_t i = 0; i < n; i++)
		nk += in[i].fs_path && is_kust_name(in[i].fs_path);
	if (!nk) {
		free(b.files);
		free(b.ku);
		return BH_OK;
	}
	for (size_t i = 0; i < n; i++) {
		struct stat sb;
		if (!in[i].fs_path || stat(in[i].fs_path, &sb) != 0 ||
		    !S_ISREG(sb.st_mode))
			continue;
		b.files[b.nfiles++] = (struct file){ in[i].display,
						     in[i].fs_path, sb.st_dev,
						     sb.st_ino };
	}
	/* the kustomizations first (resources name them), then their lists */
	const struct yml_node **roots = calloc(nk ? nk : 1, sizeof(*roots));
	const char **paths = calloc(nk ? nk : 1, sizeof(*paths));
	if (!roots || !paths)
		b.rc = BH_ENOMEM;
	for (size_t i = 0; i < b.nfiles && !b.rc; i++) {
		const struct file *f = &b.files[i];
		if (!is_kust_name(f->fs_path))
			continue;
		struct yml_stream st;
		const struct yml_node *root = load(&b, &k->a, f->fs_path,
						   KUST_MAX_BYTES, &st);
		if (!yml_is_map(root))
			continue; /* the scan reports it */
		struct kust *ku = &b.ku[b.nku];
		*ku = (struct kust){ .display = f->display, .dev = f->dev,
				     .ino = f->ino };
		read_entries(&b, ku, yml_get(root, "images"));
		roots[b.nku] = root;
		paths[b.nku++] = f->fs_path;
	}
	k->nkust = b.nku;
	for (size_t i = 0; i < b.nku && !b.rc; i++)
		read_resources(&b, i, paths[i], roots[i]);
	size_t *path = calloc(KUST_DEPTH + 1, sizeof(*path));
	if (!path)
		b.rc = BH_ENOMEM;
	for (size_t i = 0; i < b.nku && !b.rc; i++) {
		if (b.ku[i].listed)
			continue;
		path[0] = i;
		deploy_from(&b, path, 1);
	}
	/* kustomizations every lister of which is in a cycle (a lists b, b
	 * lists a: neither is a root) are on no path: say so */
	for (size_t i = 0; i < b.nku && !b.rc && !b.over &&
			   b.steps <= KUST_MAX_STEPS; i++)
		if (!b.ku[i].entered)
			note(&b, &k->warnings, "%s: warning: listed only through "
			     "kustomizations that list each other in a cycle: "
			     "not followed", b.ku[i].display);
	free(path);
	free(roots);
	free(paths);
	free(b.files);
	free(b.ku);
	/* sorted, and one image's deploys chained (identical ones once) */
	if (!b.rc && k->nd) {
		qsort(k->d, k->nd, sizeof(*k->d), cmp_found);
		size_t o = 0;
		for (size_t i = 0; i < k->nd; i++) {
			struct kust_deploy *d = k->d[i];
			if (o && !cmp_deploy(&k->d[o - 1], &d)) {
				struct kust_deploy *h = k->d[o - 1], *t = h;
				bool same = false;
				for (; t; t = (struct kust_deploy *)t->next) {
					same |= !strcmp(t->ref, d->ref) &&
						(t->by_name == d->by_name ||
						 (t->by_name && d->by_name &&
						  !strcmp(t->by_name, d->by_name))) &&
						(t->by_tag == d->by_tag ||
						 (t->by_tag && d->by_tag &&
						  !strcmp(t->by_tag, d->by_tag)));
					if (!t->next)
						break;
				}
				if (!same)
					t->next = d;
				continue;
			}
			k->d[o++] = d;
		}
		k->nd = o;
	}
	return b.rc;
}

const struct kust_deploy *kust_images_at(const struct kust_images *k,
					 dev_t dev, ino_t ino, int line,
					 int col)
{
	if (!k || !k->nd)
		return NULL;
	struct kust_deploy key = { .dev = dev, .ino = ino, .line = line,
				   .col = col };
	const struct kust_deploy *kp = &key;
	struct kust_deploy **hit = bsearch(&kp, k->d, k->nd, sizeof(*k->d),
					   cmp_deploy);
	return hit ? *hit : NULL;
}

bool kust_images_used(const struct kust_images *k, dev_t dev, ino_t ino,
		      int line)
{
	for (size_t i = 0; k && i < k->nused; i++)
		if (k->used[i].dev == dev && k->used[i].ino == ino &&
		    k->used[i].line == line)
			return true;
	return false;
}

void kust_images_free(struct kust_images *k)
{
	free(k->d);
	free(k->used);
	bh_strlist_free(&k->warnings);
	bh_strlist_free(&k->notes);
	arena_free(&k->a);
	memset(k, 0, sizeof(*k));
}
