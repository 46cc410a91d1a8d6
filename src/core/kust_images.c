/* SPDX-License-Identifier: Apache-2.0
 *
 * kust_images.c - the run's kustomizations, read once: which files they
 * list as patches (the Kubernetes front end marks those partial), and
 * Kustomize's images transformer over them, so a base manifest's
 * "image: nginx:latest" is judged as the reference an overlay deploys it
 * as.
 *
 * This file owns reading the kustomizations of a run (bounded: 1 MiB,
 * regular files only, each read and parsed once): those among the
 * run's inputs and those in the directory of an input or the one above
 * (a patch named alone still knows it is one); following their
 * resources: and bases: entries to files and kustomization directories
 * that are inputs of the run too, and their components: entries
 * (`kind: Component` kustomizations, kustomize.config.k8s.io/v1alpha1)
 * to the kustomizations it knows (the scanned tree: nothing else is
 * read); finding the roots (input kustomizations, not components, no
 * other one lists), and, on every path from a root down to a manifest,
 * applying the images: entries in the order `kustomize build` does
 * (api/internal/target/kusttarget.go accumulateTarget, Kustomize >= 5.1:
 * a kustomization's resources, then its components in order, each
 * running its own resources, components and transformers over
 * everything accumulated so far, then its own transformers):
 *   - innermost first: the kustomization listing the manifest, out to
 *     the root; at each level, the components listed after the one the
 *     manifest came through (all of them for a resource), each with its
 *     own components first, then the level's own images: entries;
 *   - an entry matches an image whose name, without its tag and digest,
 *     is the entry's name as written (api/image IsImageMatched: "nginx"
 *     matches "nginx", "nginx:1.25", "nginx@sha256:..", not
 *     "docker.io/library/nginx");
 *   - newName replaces the name; newTag and digest replace both the tag
 *     and the digest (newTag alone drops a digest, digest alone drops the
 *     tag, both give name:tag@digest: api/filters/imagetag, Kustomize 5);
 *   - the images it changes are every containers[].image and
 *     initContainers[].image at any depth (the legacy field specs).
 * A manifest is read and parsed once, its images kept, however many
 * paths reach it.  It records, per image value (file, line, column) and
 * root, the reference deployed and the last entry that set its name and
 * its tag, which entries applied to some image and which decided the
 * tag or digest of one, and the files listed under patches,
 * patchesStrategicMerge and patchesJson6902 (of components too) with
 * their entries' target: (kind, name, group, version).  A
 * missing or unreadable resource or component, a cycle (of resources or
 * components), a path deeper than KUST_DEPTH, more than KUST_MAX_STEPS
 * resources followed in all (a graph listing a base through many paths),
 * more than KUST_MAX_FLAT images: entries gathered from components, and
 * KUST_MAX_MATCHES comparisons of an image with an images: entry are
 * warnings; remote resources and ones outside the run's inputs are notes
 * (--verbose; KUST_MAX_NOTES of each kept), secret values masked (a
 * remote URL's userinfo, sec_mask_buf).  A malformed kustomization is
 * the scan's to report (src/core/scan_k8s.c); here its bad entries are
 * left out.  It does not judge anything (src/rules/rules_policy.c and
 * the image pin rules of src/rules/rules_k8s.c do).
 * Tests: tests/cases/policy/policy-kustomize-overlay*.case,
 * tests/cases/kubernetes/k8s-kustomize-image-pins*.case,
 * tests/cases/kubernetes/k8s-kustomize-component*.case,
 * tests/cases/kubernetes/k8s-partial-kustomize-patch*.case.
 */
#include "kust_images.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
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
 * same base) has 2^depth paths */
#define KUST_MAX_STEPS 10000
/* an image compared with an images: entry, over the whole build: a
 * 1 MiB kustomization holds ~20000 entries, a manifest as many images,
 * and each path from a root compares them all again */
#define KUST_MAX_MATCHES 20000000
/* images: entries gathered from components, over all kustomizations (a
 * component listing another twice, down 32 levels, would be 2^32) */
#define KUST_MAX_FLAT 1000000
/* warnings and notes each (then one line saying the rest are not shown) */
#define KUST_MAX_NOTES 1000
#define BH_STR_(x) #x
#define BH_STR(x) BH_STR_(x)

static const char *const kust_names[] = {
	"kustomization.yaml", "kustomization.yml", "Kustomization",
};
#define NKUST_NAMES (sizeof(kust_names) / sizeof(*kust_names))

struct entry {
	const char *name, *new_name, *new_tag, *digest;
	int line;                /* the deciding key's */
	size_t ku;               /* the kustomization it is written in */
};

enum res_kind { R_FILE, R_KUST };

struct res {
	enum res_kind kind;
	size_t to;               /* index into files or kusts */
};

struct kust {
	const char *display, *fs_path;
	dev_t dev;
	ino_t ino;
	const struct yml_node *root; /* while the build runs */
	struct entry *e;
	size_t ne;
	struct res *r;
	size_t nr;
	size_t *c;               /* its components: kusts indexes */
	size_t nc;
	/* its components' images: entries, each component's own components
	 * first: component j's start at fe[off[j]], off[nc] == nfe */
	const struct entry **fe;
	size_t nfe, *off;
	int flat;                /* 0 not yet, 1 being gathered, 2 done */
	bool input;              /* among the run's inputs */
	bool component;          /* kind: Component */
	bool listed;             /* another kustomization lists it */
	bool on_path;            /* DFS: on the current path */
	bool entered;            /* on some path from a root */
};

struct img {
	int line, col;
	const char *str;         /* in the table's arena */
};

struct file {
	const char *display, *fs_path;
	dev_t dev;
	ino_t ino;
	bool loaded;             /* images read (once) */
	struct img *imgs;
	size_t nimgs, capimgs;
};

/* One kustomization on a path from a root: "start" is the first of its
 * components whose images: entries apply to what the path reaches (its
 * components listed after the one the path went through; 0 for a
 * resource). */
struct frame {
	size_t ku, start;
};

struct build {
	struct kust_images *k;
	struct file *files;      /* every input, by index */
	size_t nfiles;
	struct kust *ku;
	size_t nku, capku;
	size_t steps;            /* KUST_MAX_STEPS */
	size_t matches;          /* KUST_MAX_MATCHES */
	size_t flat;             /* KUST_MAX_FLAT */
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
	for (size_t i = 0; i < NKUST_NAMES; i++)
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

/* The kustomization file of directory "dir" (regular), or NULL. */
static char *kust_in(struct build *b, const char *dir, struct stat *sb)
{
	for (size_t n = 0; n < NKUST_NAMES; n++) {
		char *kp = join(b, dir, kust_names[n]);
		if (!kp) {
			b->rc = BH_ENOMEM;
			return NULL;
		}
		if (stat(kp, sb) == 0 && S_ISREG(sb->st_mode))
			return kp;
	}
	return NULL;
}

/* Adds the kustomization at "fs_path" (dev, ino) unless known. */
static void add_kust(struct build *b, const char *display,
		     const char *fs_path, const struct stat *sb, bool input)
{
	long i = kust_of(b, sb->st_dev, sb->st_ino);
	if (i >= 0) {
		b->ku[i].input |= input;
		return;
	}
	if (b->nku == b->capku) {
		size_t cap = b->capku ? b->capku * 2 : 16;
		void *p = realloc(b->ku, cap * sizeof(*b->ku));
		if (!p) {
			b->rc = BH_ENOMEM;
			return;
		}
		b->ku = p;
		b->capku = cap;
	}
	b->ku[b->nku++] = (struct kust){ .display = display,
					 .fs_path = fs_path,
					 .dev = sb->st_dev, .ino = sb->st_ino,
					 .input = input };
}

static int cmp_str(const void *pa, const void *pb)
{
	return strcmp(*(const char *const *)pa, *(const char *const *)pb);
}

/* The kustomizations in the directory of each YAML or JSON input and the
 * one above (where a patch's kustomization is), each directory looked at
 * once. */
static void add_neighbours(struct build *b)
{
	size_t nd = 0;
	const char **dirs = calloc(b->nfiles * 2 + 1, sizeof(*dirs));
	if (!dirs) {
		b->rc = BH_ENOMEM;
		return;
	}
	for (size_t i = 0; i < b->nfiles && !b->rc; i++) {
		const char *fp = b->files[i].fs_path, *dot = strrchr(fp, '.');
		if (!dot || (strcasecmp(dot, ".yaml") && strcasecmp(dot, ".yml") &&
			     strcasecmp(dot, ".json")))
			continue; /* a patch is YAML or JSON */
		char *d = dir_of(b, fp);
		if (!d) {
			b->rc = BH_ENOMEM;
			break;
		}
		dirs[nd++] = d;
		if (!*d || !strcmp(d, "/"))
			continue;
		const char *base = strrchr(d, '/');
		base = base ? base + 1 : d;
		if (!strcmp(base, ".") || !strcmp(base, ".."))
			continue; /* not above the directory named */
		dirs[nd++] = dir_of(b, d);
		if (!dirs[nd - 1]) {
			b->rc = BH_ENOMEM;
			break;
		}
	}
	if (!b->rc)
		qsort(dirs, nd, sizeof(*dirs), cmp_str);
	for (size_t i = 0; i < nd && !b->rc; i++) {
		if (i && !strcmp(dirs[i], dirs[i - 1]))
			continue;
		struct stat sb;
		char *kp = kust_in(b, *dirs[i] ? dirs[i] : ".", &sb);
		if (kp)
			add_kust(b, kp, kp, &sb, false);
	}
	free(dirs);
}

/* The entries of images: that Kustomize takes (the scan reports the
 * others as input errors). */
static void read_entries(struct build *b, size_t ki,
			 const struct yml_node *imgs)
{
	struct kust *ku = &b->ku[ki];
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
			dg ? dg->str : NULL, at->line, ki,
		};
	}
}

/* String "key" of target: mapping "t", copied into the table, or NULL. */
static const char *target_str(struct build *b, const struct yml_node *t,
			      const char *key)
{
	const struct yml_node *v = yml_get(t, key);
	if (!yml_is_scalar(v) || !*v->str || strlen(v->str) != v->len ||
	    v->len > 253)
		return NULL;
	const char *s = arena_strdup(&b->k->a, v->str);
	if (!s)
		b->rc = BH_ENOMEM;
	return s;
}

static void add_patch(struct build *b, dev_t dev, ino_t ino,
		      const struct yml_node *target)
{
	struct kust_images *k = b->k;
	if (k->npatches == k->cappatches) {
		size_t cap = k->cappatches ? k->cappatches * 2 : 16;
		void *p = realloc(k->patches, cap * sizeof(*k->patches));
		if (!p) {
			b->rc = BH_ENOMEM;
			return;
		}
		k->patches = p;
		k->cappatches = cap;
	}
	struct kust_file *f = &k->patches[k->npatches++];
	*f = (struct kust_file){ dev, ino, NULL, NULL, NULL, NULL };
	if (yml_is_map(target)) {
		f->kind = target_str(b, target, "kind");
		f->name = target_str(b, target, "name");
		f->group = target_str(b, target, "group");
		f->version = target_str(b, target, "version");
	}
}

/* The files its patches, patchesStrategicMerge and patchesJson6902
 * entries name (inline patches are the scan's: src/core/scan_k8s.c). */
static void read_patches(struct build *b, const struct kust *ku,
			 const char *dir, const struct yml_node *root)
{
	static const char *const keys[] = {
		"patches", "patchesStrategicMerge", "patchesJson6902",
	};
	for (size_t k = 0; k < 3 && !b->rc; k++) {
		const struct yml_node *l = yml_get(root, keys[k]);
		for (size_t j = 0; yml_is_seq(l) && j < l->n && !b->rc; j++) {
			const struct yml_node *v = l->items[j];
			const struct yml_node *target = yml_get(v, "target");
			if (yml_is_map(v))
				v = yml_get(v, "path");
			if (!yml_is_scalar(v) || yml_is_null(v) || !v->str ||
			    !*v->str || strlen(v->str) != v->len ||
			    strchr(v->str, '\n'))
				continue;
			char *p = join(b, dir, v->str);
			struct stat sb;
			if (!p) {
				b->rc = BH_ENOMEM;
				return;
			}
			if (stat(p, &sb) != 0 || !S_ISREG(sb.st_mode)) {
				note(b, &b->k->notes, "%s:%d: patch '%s' cannot "
				     "be read", ku->display, v->line, v->str);
				continue;
			}
			add_patch(b, sb.st_dev, sb.st_ino, target);
		}
	}
}

/* Resolves the components: entries of kustomization "i" to the
 * kustomizations the run knows. */
static void read_components(struct build *b, size_t i, const char *dir,
			    const struct yml_node *root)
{
	const struct yml_node *l = yml_get(root, "components");
	if (!yml_is_seq(l) || !l->n)
		return;
	size_t *c = arena_array(&b->k->a, l->n, sizeof(*c));
	if (!c) {
		b->rc = BH_ENOMEM;
		return;
	}
	b->ku[i].c = c;
	for (size_t j = 0; j < l->n; j++) {
		const struct kust *ku = &b->ku[i];
		const struct yml_node *v = l->items[j];
		if (!yml_is_scalar(v) || yml_is_null(v) || !v->str ||
		    strlen(v->str) != v->len)
			continue;
		if (is_remote(v->str)) {
			note(b, &b->k->notes, "%s:%d: component '%s' is "
			     "remote: not followed", ku->display, v->line,
			     v->str);
			continue;
		}
		char *p = join(b, dir, v->str);
		if (!p) {
			b->rc = BH_ENOMEM;
			return;
		}
		struct stat sb, ks;
		if (stat(p, &sb) != 0) {
			note(b, &b->k->warnings, "%s:%d: warning: component "
			     "'%s' cannot be read (%s): its patches and images: "
			     "entries are not applied", ku->display, v->line,
			     v->str, strerror(errno));
			continue;
		}
		char *kp = S_ISDIR(sb.st_mode) ? kust_in(b, p, &ks) : NULL;
		if (b->rc)
			return;
		if (!kp) {
			note(b, &b->k->warnings, "%s:%d: warning: component "
			     "'%s' is not a directory with a kustomization: its "
			     "patches and images: entries are not applied",
			     ku->display, v->line, v->str);
			continue;
		}
		long to = kust_of(b, ks.st_dev, ks.st_ino);
		if (to < 0 || !b->ku[to].input) {
			note(b, &b->k->warnings, "%s:%d: warning: component "
			     "'%s' is not among the paths scanned: not followed "
			     "(its patches and images: entries are not applied)",
			     ku->display, v->line, v->str);
			continue;
		}
		b->ku[to].listed = true;
		b->ku[i].c[b->ku[i].nc++] = (size_t)to;
	}
}

/* Resolves the resources:/bases: entries of kustomization "i". */
static void read_resources(struct build *b, size_t i, const char *dir,
			   const struct yml_node *root)
{
	struct kust *ku = &b->ku[i];
	static const char *const keys[] = { "resources", "bases" };
	size_t cap = 0;
	for (size_t k = 0; k < 2; k++) {
		const struct yml_node *l = yml_get(root, keys[k]);
		cap += yml_is_seq(l) ? l->n : 0;
	}
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
				struct stat ks;
				char *kp = kust_in(b, p, &ks);
				if (b->rc)
					return;
				if (!kp) {
					note(b, &b->k->warnings, "%s:%d: warning: "
					     "resource '%s' is a directory without "
					     "a kustomization: the images it holds "
					     "are not judged as this kustomization "
					     "deploys them", ku->display, v->line,
					     v->str);
					continue;
				}
				to = kust_of(b, ks.st_dev, ks.st_ino);
			} else {
				to = file_of(b, sb.st_dev, sb.st_ino);
			}
			if (to < 0 || (kind == R_KUST && !b->ku[to].input)) {
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

/* Gathers the images: entries of kustomization "i"'s components (each
 * with its own components' first) into fe/off, once. */
static void flatten(struct build *b, size_t i, int depth)
{
	struct kust *ku = &b->ku[i];
	if (ku->flat == 2 || b->rc)
		return;
	ku->flat = 1;
	ku->off = arena_array(&b->k->a, ku->nc + 1, sizeof(*ku->off));
	if (!ku->off) {
		b->rc = BH_ENOMEM;
		return;
	}
	size_t cap = 0;
	for (size_t j = 0; j < ku->nc; j++) {
		struct kust *c = &b->ku[ku->c[j]];
		if (c->flat == 1) {
			note(b, &b->k->warnings, "%s: warning: components list "
			     "each other in a cycle (through %s): not followed",
			     ku->display, c->display);
			continue;
		}
		if (depth >= KUST_DEPTH) {
			note(b, &b->k->warnings, "%s: warning: more than %d "
			     "components deep: not followed", ku->display,
			     KUST_DEPTH);
			continue;
		}
		flatten(b, ku->c[j], depth + 1);
		if (b->rc)
			return;
		c = &b->ku[ku->c[j]];
		if (c->flat == 2)
			cap += c->nfe + c->ne;
	}
	if (cap > KUST_MAX_FLAT || b->flat > KUST_MAX_FLAT - cap) {
		note(b, &b->k->warnings, "%s: warning: more than %d images: "
		     "entries gathered from components: its components' "
		     "entries are not applied", ku->display, KUST_MAX_FLAT);
		cap = 0;
	}
	b->flat += cap;
	ku->fe = cap ? arena_array(&b->k->a, cap, sizeof(*ku->fe)) : NULL;
	if (cap && !ku->fe) {
		b->rc = BH_ENOMEM;
		return;
	}
	for (size_t j = 0; j < ku->nc; j++) {
		ku->off[j] = ku->nfe;
		const struct kust *c = &b->ku[ku->c[j]];
		if (!cap || c->flat != 2)
			continue;
		for (size_t x = 0; x < c->nfe; x++)
			ku->fe[ku->nfe++] = c->fe[x];
		for (size_t x = 0; x < c->ne; x++)
			ku->fe[ku->nfe++] = &c->e[x];
	}
	ku->off[ku->nc] = ku->nfe;
	ku->flat = 2;
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

static void mark_used(struct build *b, const struct entry *e, bool decides)
{
	struct kust_images *k = b->k;
	const struct kust *ku = &b->ku[e->ku];
	for (size_t i = 0; i < k->nused; i++)
		if (k->used[i].dev == ku->dev && k->used[i].ino == ku->ino &&
		    k->used[i].line == e->line) {
			k->used[i].decides |= decides;
			return;
		}
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
	k->used[k->nused++] = (struct kust_used){ ku->dev, ku->ino, e->line,
						  decides };
}

/* Entry "e" applied to "*v" (when it matches): false past
 * KUST_MAX_MATCHES. */
static bool apply_entry(struct build *b, const struct frame *root,
			const struct entry *e, const char **v,
			const struct entry **by_name,
			const struct entry **by_tag)
{
	if (++b->matches > KUST_MAX_MATCHES) {
		/* this image half rewritten is not recorded: it and the rest
		 * are judged as written */
		b->over = true;
		note(b, &b->k->warnings, "%s: warning: more than %d "
		     "comparisons of images with images: entries: the rest "
		     "of the images are judged as written",
		     b->ku[root->ku].display, KUST_MAX_MATCHES);
		return false;
	}
	if (!matched(*v, e->name))
		return true;
	mark_used(b, e, false);
	if (e->new_name)
		*by_name = e;
	if (e->new_tag || e->digest)
		*by_tag = e;
	*v = apply(b, *v, e);
	return *v != NULL;
}

static const char *where(struct build *b, const struct entry *e)
{
	if (!e)
		return NULL;
	const char *s = arena_printf(&b->k->a, "%s:%d", b->ku[e->ku].display,
				     e->line);
	if (!s)
		b->rc = BH_ENOMEM;
	return s;
}

/* One image value of file "f" reached through path[0] (the root) ..
 * path[n - 1] (the kustomization listing it). */
static void one_image(struct build *b, const struct file *f,
		      const struct img *img, const struct frame *path,
		      size_t n)
{
	const char *v = img->str;
	const struct entry *by_name = NULL, *by_tag = NULL;
	if (b->over)
		return;
	for (size_t i = n; i-- > 0 && v;) {
		const struct kust *ku = &b->ku[path[i].ku];
		/* its components listed after the one the path came
		 * through, then its own entries */
		size_t from = ku->off ? ku->off[path[i].start] : 0;
		for (size_t j = from; j < ku->nfe && v; j++)
			if (!apply_entry(b, path, ku->fe[j], &v, &by_name,
					 &by_tag))
				return;
		for (size_t j = 0; j < ku->ne && v; j++)
			if (!apply_entry(b, path, &ku->e[j], &v, &by_name,
					 &by_tag))
				return;
	}
	if (by_tag)
		mark_used(b, by_tag, true);
	struct kust_deploy *d = arena_array(&b->k->a, 1, sizeof(*d));
	struct kust_images *k = b->k;
	if (!v || !d) {
		b->rc = BH_ENOMEM;
		return;
	}
	*d = (struct kust_deploy){ f->dev, f->ino, img->line, img->col, v,
				   b->ku[path[0].ku].display,
				   where(b, by_name), where(b, by_tag), NULL,
				   k->nd };
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

static void add_img(struct build *b, struct file *f, const struct yml_node *im)
{
	if (f->nimgs == f->capimgs) {
		size_t cap = f->capimgs ? f->capimgs * 2 : 8;
		void *p = realloc(f->imgs, cap * sizeof(*f->imgs));
		if (!p) {
			b->rc = BH_ENOMEM;
			return;
		}
		f->imgs = p;
		f->capimgs = cap;
	}
	const char *s = arena_strdup(&b->k->a, im->str);
	if (!s) {
		b->rc = BH_ENOMEM;
		return;
	}
	f->imgs[f->nimgs++] = (struct img){ im->line, im->col, s };
}

/* Every containers[].image and initContainers[].image under "n". */
static void walk_images(struct build *b, struct file *f,
			const struct yml_node *n, int depth, size_t *visits)
{
	if (!n || depth > YML_DEFAULT_MAX_DEPTH || ++*visits > MAX_WALK ||
	    b->rc)
		return;
	if (n->kind == YML_SEQ) {
		for (size_t i = 0; i < n->n; i++)
			walk_images(b, f, n->items[i], depth + 1, visits);
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
					add_img(b, f, im);
			}
		}
		walk_images(b, f, p->value, depth + 1, visits);
	}
}

/* The manifest's images, read and parsed the first time a path reaches
 * it (the tree only while it is walked: the values are copied). */
static void load_images(struct build *b, struct file *f)
{
	if (f->loaded)
		return;
	f->loaded = true;
	struct yml_stream st;
	struct arena a;
	arena_init(&a, 0);
	if (load(b, &a, f->fs_path, MANIFEST_MAX_BYTES, &st)) {
		size_t visits = 0;
		for (size_t i = 0; i < st.ndocs; i++)
			walk_images(b, f, st.docs[i].root, 0, &visits);
	} /* else the scan names what cannot be read or parsed */
	arena_free(&a);
}

static void deploy_file(struct build *b, struct file *f,
			const struct frame *path, size_t n)
{
	load_images(b, f);
	for (size_t i = 0; i < f->nimgs && !b->rc && !b->over; i++)
		one_image(b, f, &f->imgs[i], path, n);
}

static void deploy_from(struct build *b, struct frame *path, size_t n);

/* Enters kustomization "to" from path[n - 1]; false: stop. */
static bool enter(struct build *b, struct frame *path, size_t n, size_t to)
{
	struct kust *ku = &b->ku[path[n - 1].ku], *t = &b->ku[to];
	if (t->on_path) {
		note(b, &b->k->warnings, "%s: warning: kustomizations list "
		     "each other in a cycle (through %s): not followed",
		     ku->display, t->display);
		return true;
	}
	if (n >= KUST_DEPTH) {
		note(b, &b->k->warnings, "%s: warning: more than %d "
		     "kustomizations deep: not followed", ku->display,
		     KUST_DEPTH);
		return true;
	}
	path[n] = (struct frame){ to, 0 };
	deploy_from(b, path, n + 1);
	return true;
}

/* One step more (KUST_MAX_STEPS); false: stop. */
static bool step(struct build *b, const struct frame *path)
{
	if (b->over)
		return false;
	if (++b->steps > KUST_MAX_STEPS) {
		note(b, &b->k->warnings, "%s: warning: more than %d resources "
		     "followed from the kustomizations scanned: the rest are "
		     "not followed", b->ku[path[0].ku].display,
		     KUST_MAX_STEPS);
		return false;
	}
	return true;
}

/* Depth-first from root path[0]: path[0..n) the kustomizations entered,
 * its resources (all its components apply to them), then each component
 * (its resources get the components listed after it). */
static void deploy_from(struct build *b, struct frame *path, size_t n)
{
	struct kust *ku = &b->ku[path[n - 1].ku];
	ku->on_path = true;
	ku->entered = true;
	path[n - 1].start = 0;
	for (size_t i = 0; i < ku->nr && !b->rc; i++) {
		const struct res *r = &ku->r[i];
		if (!step(b, path))
			break;
		if (r->kind == R_FILE)
			deploy_file(b, &b->files[r->to], path, n);
		else
			enter(b, path, n, r->to);
	}
	for (size_t j = 0; j < ku->nc && !b->rc; j++) {
		if (!step(b, path))
			break;
		path[n - 1].start = j + 1;
		enter(b, path, n, ku->c[j]);
	}
	path[n - 1].start = 0;
	ku->on_path = false;
}

static int cmp_file(const void *pa, const void *pb)
{
	const struct kust_file *a = pa, *b = pb;
	if (a->dev != b->dev)
		return a->dev < b->dev ? -1 : 1;
	return a->ino < b->ino ? -1 : a->ino > b->ino;
}

int kust_images_build(struct kust_images *k, const struct kust_input *in,
		      size_t n)
{
	memset(k, 0, sizeof(*k));
	arena_init(&k->a, 0);
	struct build b = { .k = k };
	b.files = calloc(n ? n : 1, sizeof(*b.files));
	if (!b.files)
		return BH_ENOMEM;
	for (size_t i = 0; i < n; i++) {
		struct stat sb = { .st_dev = in[i].dev, .st_ino = in[i].ino };
		if (!in[i].fs_path)
			continue;
		if (!in[i].known && (stat(in[i].fs_path, &sb) != 0 ||
				     !S_ISREG(sb.st_mode)))
			continue;
		b.files[b.nfiles++] = (struct file){
			.display = in[i].display, .fs_path = in[i].fs_path,
			.dev = sb.st_dev, .ino = sb.st_ino };
	}
	/* the kustomizations first (resources name them), then their lists */
	for (size_t i = 0; i < b.nfiles && !b.rc; i++) {
		const struct file *f = &b.files[i];
		if (!is_kust_name(f->fs_path))
			continue;
		struct stat sb = { .st_dev = f->dev, .st_ino = f->ino };
		add_kust(&b, f->display, f->fs_path, &sb, true);
	}
	if (!b.rc)
		add_neighbours(&b);
	for (size_t i = 0; i < b.nku && !b.rc; i++) {
		struct kust *ku = &b.ku[i];
		struct yml_stream st;
		ku->root = load(&b, &k->a, ku->fs_path, KUST_MAX_BYTES, &st);
		if (!yml_is_map(ku->root)) {
			ku->root = NULL; /* the scan reports it */
			continue;
		}
		const struct yml_node *kind = str_at(ku->root, "kind");
		ku->component = kind && !strcmp(kind->str, "Component");
		read_entries(&b, i, yml_get(ku->root, "images"));
	}
	for (size_t i = 0; i < b.nku && !b.rc; i++) {
		if (!b.ku[i].root)
			continue;
		char *dir = dir_of(&b, b.ku[i].fs_path);
		if (!dir) {
			b.rc = BH_ENOMEM;
			break;
		}
		read_patches(&b, &b.ku[i], dir, b.ku[i].root);
		if (!b.ku[i].input)
			continue; /* next to an input: its patches only */
		read_resources(&b, i, dir, b.ku[i].root);
		read_components(&b, i, dir, b.ku[i].root);
	}
	for (size_t i = 0; i < b.nku; i++) {
		b.ku[i].root = NULL;
		k->nkust += b.ku[i].input;
	}
	for (size_t i = 0; i < b.nku && !b.rc; i++)
		flatten(&b, i, 0);
	struct frame *path = calloc(KUST_DEPTH + 1, sizeof(*path));
	if (!path)
		b.rc = BH_ENOMEM;
	for (size_t i = 0; i < b.nku && !b.rc; i++) {
		/* a component alone is no build; a kustomization the scan
		 * did not name only says which files are patches */
		if (b.ku[i].listed || b.ku[i].component || !b.ku[i].input)
			continue;
		path[0] = (struct frame){ i, 0 };
		deploy_from(&b, path, 1);
	}
	/* kustomizations every lister of which is in a cycle (a lists b, b
	 * lists a: neither is a root) are on no path: say so */
	for (size_t i = 0; i < b.nku && !b.rc && !b.over &&
			   b.steps <= KUST_MAX_STEPS; i++)
		if (!b.ku[i].entered && b.ku[i].listed)
			note(&b, &k->warnings, "%s: warning: listed only through "
			     "kustomizations that list each other in a cycle: "
			     "not followed", b.ku[i].display);
	free(path);
	for (size_t i = 0; i < b.nfiles; i++)
		free(b.files[i].imgs);
	free(b.files);
	free(b.ku);
	if (!b.rc && k->npatches)
		qsort(k->patches, k->npatches, sizeof(*k->patches), cmp_file);
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

bool kust_images_is_patch(const struct kust_images *k, dev_t dev, ino_t ino)
{
	if (!k || !k->npatches)
		return false;
	struct kust_file key = { dev, ino, NULL, NULL, NULL, NULL };
	return bsearch(&key, k->patches, k->npatches, sizeof(*k->patches),
		       cmp_file) != NULL;
}

const struct kust_file *kust_images_patch(const struct kust_images *k,
					  dev_t dev, ino_t ino)
{
	if (!k || !k->npatches)
		return NULL;
	struct kust_file key = { dev, ino, NULL, NULL, NULL, NULL };
	const struct kust_file *f = bsearch(&key, k->patches, k->npatches,
					    sizeof(*k->patches), cmp_file);
	/* the first of equal entries: qsort keeps no order, so the one
	 * with a kind if any, then the lowest index */
	while (f && f > k->patches && !cmp_file(f - 1, &key))
		f--;
	for (const struct kust_file *g = f; g && g < k->patches + k->npatches
	     && !cmp_file(g, &key); g++)
		if (g->kind)
			return g;
	return f;
}

bool kust_images_decides(const struct kust_images *k, dev_t dev, ino_t ino,
			 int line)
{
	for (size_t i = 0; k && i < k->nused; i++)
		if (k->used[i].dev == dev && k->used[i].ino == ino &&
		    k->used[i].line == line)
			return k->used[i].decides;
	return false;
}

bool kust_images_any(const struct kust_images *k)
{
	return k && (k->nd || k->nused || k->npatches);
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
	free(k->patches);
	bh_strlist_free(&k->warnings);
	bh_strlist_free(&k->notes);
	arena_free(&k->a);
	memset(k, 0, sizeof(*k));
}
