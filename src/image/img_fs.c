/* SPDX-License-Identifier: Apache-2.0
 *
 * img_fs.c - the in-memory filesystem view of an image.
 *
 * This file owns the tree of struct img_node (one per path of the final
 * filesystem), its hash index keyed by (parent, name) with a byte of
 * presence bits per bucket (fs->bmask), path normalisation,
 * symlink resolution inside the virtual root (also for the directories
 * of a whiteout's path) and a recursion-free walk.
 * It does not read tars or decide what a whiteout means (img_layer.c).
 *
 * Invariants:
 *  1. Every node but the root has a parent that is a directory.
 *  2. A removed node is unlinked from its parent and the hash index; its
 *     memory stays in the model arena (bounded by the entry cap).
 *  3. No function here recurses; depth is bounded by IMG_PATH_MAX.
 * The index doubles when the nodes outnumber its buckets; a reader that
 * knows the layers' size sizes it first (img_fs_reserve), since each
 * doubling visits every node again, scattered in memory.
 * Tests: tests/unit/image/test_image.c.
 */
#include "img_int.h"

#include <stdio.h>
#include <string.h>

bool img_path_normalize(const char *in, char *out, size_t size)
{
	size_t o = 0;
	const char *p = in;
	if (!size)
		return false;
	while (*p) {
		while (*p == '/')
			p++;
		const char *s = p;
		while (*p && *p != '/')
			p++;
		size_t n = (size_t)(p - s);
		if (n == 0 || (n == 1 && s[0] == '.'))
			continue;
		if (n == 2 && s[0] == '.' && s[1] == '.') {
			while (o > 0 && out[o - 1] != '/')
				o--;
			if (o > 0)
				o--;
			continue;
		}
		if (o + (o ? 1 : 0) + n + 1 > size)
			return false;
		if (o)
			out[o++] = '/';
		memcpy(out + o, s, n);
		o += n;
	}
	out[o] = 0;
	return true;
}

static size_t hash(const struct img_node *parent, const char *name, size_t n)
{
	uint64_t h = 1469598103934665603ull ^ (uint64_t)(uintptr_t)parent;
	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)name[i];
		h *= 1099511628211ull;
	}
	return (size_t)(h ^ (h >> 29));
}

/* The presence bit of hash "h" in its bucket's fs->bmask byte. */
static uint8_t hbit(size_t h)
{
	return (uint8_t)(1u << ((uint64_t)h >> 61));
}

int img_fs_init(struct img_fs *fs, struct arena *a)
{
	memset(fs, 0, sizeof(*fs));
	fs->nbuckets = 1024;
	fs->buckets = arena_array(a, fs->nbuckets, sizeof(*fs->buckets));
	fs->bmask = arena_array(a, fs->nbuckets, 1);
	fs->root = arena_alloc(a, sizeof(*fs->root));
	fs->cpath = arena_alloc(a, IMG_PATH_MAX);
	fs->cstk = arena_array(a, IMG_PATH_MAX / 2, sizeof(*fs->cstk));
	if (!fs->buckets || !fs->bmask || !fs->root || !fs->cpath || !fs->cstk)
		return BH_ENOMEM;
	fs->root->name = "";
	fs->root->type = IMG_DIR;
	fs->root->mode = 0755;
	return 0;
}

static struct img_node *find_child(const struct img_fs *fs,
				   const struct img_node *parent,
				   const char *name, size_t n)
{
	size_t h = hash(parent, name, n);
	size_t b = h & (fs->nbuckets - 1);
	if (!(fs->bmask[b] & hbit(h)))
		return NULL;
	for (struct img_node *x = fs->buckets[b]; x; x = x->hnext)
		if (x->parent == parent && strncmp(x->name, name, n) == 0 &&
		    x->name[n] == 0)
			return x;
	return NULL;
}

/* Rehash into "nb" buckets (a power of two over nbuckets). */
static int grow_to(struct img_fs *fs, struct arena *a, size_t nb)
{
	struct img_node **b = arena_array(a, nb, sizeof(*b));
	uint8_t *bm = arena_array(a, nb, 1);
	if (!b || !bm)
		return BH_ENOMEM;
	for (size_t i = 0; i < fs->nbuckets; i++) {
		struct img_node *x = fs->buckets[i];
		while (x) {
			struct img_node *nx = x->hnext;
			size_t h = hash(x->parent, x->name, strlen(x->name));
			size_t k = h & (nb - 1);
			bm[k] |= hbit(h);
			x->hnext = b[k];
			b[k] = x;
			x = nx;
		}
	}
	fs->buckets = b;
	fs->bmask = bm;
	fs->nbuckets = nb;
	return 0;
}

static int grow(struct img_fs *fs, struct arena *a)
{
	return grow_to(fs, a, fs->nbuckets * 2);
}

int img_fs_reserve(struct img_fs *fs, struct arena *a, size_t nodes)
{
	size_t nb = fs->nbuckets;
	while (nb < nodes && nb < ((size_t)1 << 30))
		nb *= 2;
	return nb > fs->nbuckets ? grow_to(fs, a, nb) : 0;
}

static struct img_node *new_child(struct img_fs *fs, struct arena *a,
				  struct img_node *parent, const char *name,
				  size_t n)
{
	if (fs->nnodes >= fs->nbuckets && grow(fs, a) != 0)
		return NULL;
	struct img_node *x = arena_alloc(a, sizeof(*x));
	char *nm = arena_strndup(a, name, n);
	if (!x || !nm)
		return NULL;
	x->name = nm;
	x->parent = parent;
	x->next = parent->child;
	if (parent->child)
		parent->child->prev = x;
	parent->child = x;
	size_t h = hash(parent, name, n);
	size_t b = h & (fs->nbuckets - 1);
	fs->bmask[b] |= hbit(h);
	x->hnext = fs->buckets[b];
	fs->buckets[b] = x;
	fs->nnodes++;
	return x;
}

static void unlink_node(struct img_fs *fs, struct img_node *x)
{
	struct img_node *p = x->parent;
	if (!p)
		return;
	fs->cdepth = 0;
	if (x->prev)
		x->prev->next = x->next;
	else
		p->child = x->next;
	if (x->next)
		x->next->prev = x->prev;
	size_t b = hash(p, x->name, strlen(x->name)) & (fs->nbuckets - 1);
	for (struct img_node **pp = &fs->buckets[b]; *pp; pp = &(*pp)->hnext)
		if (*pp == x) {
			*pp = x->hnext;
			break;
		}
	x->next = x->prev = x->hnext = NULL;
	x->parent = NULL;
	if (fs->nnodes)
		fs->nnodes--;
}

void img_fs_clear(struct img_fs *fs, struct img_node *n)
{
	/* Remove leaves first, climbing back up: no recursion, no stack. */
	struct img_node *cur = n->child;
	while (cur) {
		if (cur->child) {
			cur = cur->child;
			continue;
		}
		struct img_node *up = cur->parent;
		unlink_node(fs, cur);
		if (up == n) {
			cur = n->child;
		} else {
			cur = up->child ? up->child : up;
		}
	}
}

void img_fs_remove(struct img_fs *fs, struct img_node *n)
{
	if (n == fs->root) {
		img_fs_clear(fs, n);
		return;
	}
	img_fs_clear(fs, n);
	unlink_node(fs, n);
}

/* Post-order walk of the subtree of "n": remove every node added by a
 * layer below "layer" that has no children left, so entries the current
 * layer already added survive its own whiteouts (layer.md: whiteouts
 * hide lower layers only, whatever their order in the tar). */
void img_fs_prune(struct img_fs *fs, struct img_node *n, uint32_t layer,
		  bool self)
{
	struct img_node *cur = n;
	while (cur->child)
		cur = cur->child;
	for (;;) {
		struct img_node *succ = NULL;
		bool last = cur == n;
		if (!last) {
			if (cur->next) {
				succ = cur->next;
				while (succ->child)
					succ = succ->child;
			} else {
				succ = cur->parent;
			}
		}
		if ((!last || (self && n != fs->root)) && cur->layer < layer) {
			if (!cur->child) {
				unlink_node(fs, cur);
			} else {
				/* kept only as the parent of this layer's
				 * entries */
				cur->layer = layer;
				cur->mode = 0755;
				cur->implicit = true;
			}
		}
		if (last || !succ)
			return;
		cur = succ;
	}
}

struct img_node *img_fs_put(struct img_fs *fs, struct arena *a,
			    const char *path, const struct img_change *c,
			    uint32_t layer)
{
	struct img_node *cur = fs->root;
	const char *p = path;
	if (!*p) {
		/* the root's own entry: keep it a directory */
		if (c->type == IMG_DIR) {
			cur->mode = c->mode;
			cur->uid = c->uid;
			cur->gid = c->gid;
			cur->layer = layer;
		}
		return cur;
	}
	/* start at the deepest directory this path shares with the last
	 * call's */
	const char *slash = strrchr(path, '/');
	size_t dl = slash ? (size_t)(slash - path) : 0;
	bool cacheable = slash && dl > 0 && dl < IMG_PATH_MAX && slash[1];
	size_t depth = 0;
	if (cacheable && fs->cdepth) {
		size_t i = 0;
		while (depth < fs->cdepth) {
			size_t e = i;
			while (e < fs->clen && fs->cpath[e] != '/')
				e++;
			if (e == i || strncmp(path + i, fs->cpath + i, e - i) != 0 ||
			    path[e] != '/' || path + e > slash)
				break;
			depth++;
			i = e + 1;
		}
		/* entries past "depth" are rewritten below */
		fs->cdepth = depth;
		if (depth) {
			cur = fs->cstk[depth - 1];
			p = path + i;
		}
	}
	while (*p) {
		const char *s = p;
		while (*p && *p != '/')
			p++;
		size_t n = (size_t)(p - s);
		bool last = *p == 0;
		if (!last)
			p++;
		struct img_node *x = find_child(fs, cur, s, n);
		if (!last) {
			if (x && x->type != IMG_DIR) {
				/* a file where a directory is needed: the
				 * later layer wins, as when extracting */
				unlink_node(fs, x);
				x = NULL;
			}
			if (!x) {
				x = new_child(fs, a, cur, s, n);
				if (!x)
					return NULL;
				x->type = IMG_DIR;
				x->mode = 0755;
				x->layer = layer;
				x->implicit = true;
			}
			cur = x;
			if (cacheable && depth < IMG_PATH_MAX / 2) {
				fs->cstk[depth++] = cur;
				if (p == slash + 1) {
					memcpy(fs->cpath, path, dl);
					fs->clen = dl;
					fs->cdepth = depth;
				}
			}
			continue;
		}
		if (x && !(x->type == IMG_DIR && c->type == IMG_DIR)) {
			img_fs_remove(fs, x);
			x = NULL;
		}
		if (!x) {
			x = new_child(fs, a, cur, s, n);
			if (!x)
				return NULL;
		}
		x->type = c->type;
		x->mode = c->mode;
		x->uid = c->uid;
		x->gid = c->gid;
		x->size = c->size;
		x->layer = layer;
		x->implicit = false;
		x->link = NULL;
		x->data = NULL;
		x->data_len = 0;
		if (c->link) {
			x->link = arena_strdup(a, c->link);
			if (!x->link)
				return NULL;
		}
		return x;
	}
	return cur;
}

struct img_node *img_fs_lookup(const struct img_fs *fs, const char *path)
{
	struct img_node *cur = fs->root;
	const char *p = path;
	while (*p == '/')
		p++;
	while (*p && cur) {
		const char *s = p;
		while (*p && *p != '/')
			p++;
		size_t n = (size_t)(p - s);
		while (*p == '/')
			p++;
		if (n == 0)
			continue;
		cur = find_child(fs, cur, s, n);
	}
	return cur;
}

/* Resolve every symlink along "path", including the last component.
 * Works on a textual path buffer; each hop rewrites the buffer. */
const struct img_node *img_fs_resolve(const struct img_fs *fs,
				      const char *path)
{
	char buf[IMG_PATH_MAX], tmp[IMG_PATH_MAX];
	if (!img_path_normalize(path, buf, sizeof(buf)))
		return NULL;
	for (int hops = 0; hops < 40; hops++) {
		/* walk components until one is a symlink */
		struct img_node *cur = fs->root;
		char *p = buf;
		bool again = false;
		while (*p && cur) {
			char *s = p;
			while (*p && *p != '/')
				p++;
			size_t n = (size_t)(p - s);
			struct img_node *x = find_child(fs, cur, s, n);
			if (!x)
				return NULL;
			if (x->type == IMG_SYMLINK && x->link) {
				/* dir of the link + target + rest */
				size_t dirlen = (size_t)(s - buf);
				const char *rest = *p ? p + 1 : "";
				int w;
				if (x->link[0] == '/')
					w = snprintf(tmp, sizeof(tmp), "%s/%s",
						     x->link, rest);
				else
					w = snprintf(tmp, sizeof(tmp),
						     "%.*s%s/%s", (int)dirlen,
						     buf, x->link, rest);
				if (w < 0 || (size_t)w >= sizeof(tmp))
					return NULL;
				if (!img_path_normalize(tmp, buf, sizeof(buf)))
					return NULL;
				again = true;
				break;
			}
			cur = x;
			if (*p == '/')
				p++;
		}
		if (!again)
			return cur;
	}
	return NULL; /* loop or too long a chain */
}

struct img_node *img_fs_lookup_dirs(const struct img_fs *fs, const char *path,
				    bool follow_last)
{
	struct img_node *n = img_fs_lookup(fs, path);
	if (!*path || (n && !(follow_last && n->type == IMG_SYMLINK)))
		return n;
	if (follow_last) {
		const struct img_node *r = img_fs_resolve(fs, path);
		return r && r->type == IMG_DIR ? (struct img_node *)r : NULL;
	}
	const char *slash = strrchr(path, '/');
	if (!slash || !slash[1])
		return NULL;
	char dir[IMG_PATH_MAX];
	size_t dl = (size_t)(slash - path);
	if (dl >= sizeof(dir))
		return NULL;
	memcpy(dir, path, dl);
	dir[dl] = 0;
	const struct img_node *d = img_fs_resolve(fs, dir);
	if (!d || d->type != IMG_DIR)
		return NULL;
	return find_child(fs, d, slash + 1, strlen(slash + 1));
}

void img_fs_path(const struct img_node *n, char *buf, size_t size)
{
	/* measure, then fill from the end */
	size_t len = 0;
	for (const struct img_node *x = n; x && x->parent; x = x->parent)
		len += strlen(x->name) + 1;
	if (!size)
		return;
	if (len == 0) {
		snprintf(buf, size, "/");
		return;
	}
	if (len + 1 > size) {
		snprintf(buf, size, "...");
		return;
	}
	buf[len] = 0;
	size_t o = len;
	for (const struct img_node *x = n; x && x->parent; x = x->parent) {
		size_t k = strlen(x->name);
		o -= k;
		memcpy(buf + o, x->name, k);
		buf[--o] = '/';
	}
}

void img_fs_walk(const struct img_fs *fs, img_walk_fn fn, void *ctx)
{
	char path[IMG_PATH_MAX + 2];
	size_t len = 0;
	path[0] = 0;
	const struct img_node *cur = fs->root->child;
	if (!cur)
		return;
	for (;;) {
		size_t k = strlen(cur->name);
		bool fits = len + 1 + k < sizeof(path);
		if (fits) {
			path[len] = '/';
			memcpy(path + len + 1, cur->name, k);
			path[len + 1 + k] = 0;
		}
		if (fits && !fn(ctx, cur, path))
			return;
		if (cur->child && fits) {
			len += 1 + k;
			cur = cur->child;
			continue;
		}
		if (fits)
			path[len] = 0;
		while (!cur->next) {
			cur = cur->parent;
			if (!cur || cur == fs->root)
				return;
			/* drop the last component */
			while (len > 0 && path[len - 1] != '/')
				len--;
			if (len > 0)
				len--;
			path[len] = 0;
		}
		cur = cur->next;
	}
}
