/* SPDX-License-Identifier: Apache-2.0
 *
 * json6902.c - a Kustomize JSON 6902 patch judged for what it sets: the
 * add and replace operations of a list of {op, path, value} become one
 * synthetic partial object, each op's value node (its own line and
 * column, so findings point at the value in the file) placed at its
 * JSON pointer (RFC 6901: "~1" is "/", "~0" is "~"; "-" appends; a
 * numeric segment under a list is an item).  remove, move, copy and test
 * set nothing judged and are ignored.  src/core/scan_k8s.c marks the
 * object K8S_PARTIAL_PATCH and hands it to the model and rules.
 *
 * This file owns the shape test, pointer decoding and the tree it
 * builds (bounded: operations, segments, segment length, list indices;
 * a bad pointer skips its operation).  It does not read files, tie a
 * patch file to its kustomization's target, nor judge anything.
 * Tests: tests/cases/kubernetes/k8s-json6902-*.case,
 * fuzz/corpus/k8s/json6902-*.
 */
#include "json6902.h"

#include <string.h>

#include "../util/diag.h"

#define MAX_OPS 128
#define MAX_SEGS 16
#define MAX_SEG_LEN 253
#define MAX_INDEX 10000

/* An item a numeric segment made in a list this file built. */
struct slot {
	const struct yml_node *seq;
	long index;
	size_t at;
};

struct build {
	struct arena *a;
	struct yml_node *owned[MAX_OPS * (MAX_SEGS + 1) + 8];
	size_t nowned;
	struct slot slots[MAX_OPS * MAX_SEGS];
	size_t nslots;
};

bool json6902_is_ops(const struct yml_node *root)
{
	if (!yml_is_seq(root) || root->n == 0)
		return false;
	for (size_t i = 0; i < root->n; i++) {
		const struct yml_node *it = root->items[i];
		if (!yml_is_map(it) || !yml_is_scalar(yml_get(it, "op")) ||
		    !yml_is_scalar(yml_get(it, "path")))
			return false;
	}
	return true;
}

static bool owned(const struct build *b, const struct yml_node *n)
{
	for (size_t i = 0; i < b->nowned; i++)
		if (b->owned[i] == n)
			return true;
	return false;
}

static struct yml_node *mk(struct build *b, enum yml_kind k,
			   const struct yml_node *at)
{
	if (b->nowned >= sizeof(b->owned) / sizeof(*b->owned))
		return NULL;
	struct yml_node *n = arena_array(b->a, 1, sizeof(*n));
	if (!n)
		return NULL;
	memset(n, 0, sizeof(*n));
	n->kind = k;
	n->line = at->line;
	n->col = at->col;
	n->end_line = at->end_line;
	n->end_col = at->end_col;
	n->file = at->file;
	if (k != YML_SCALAR)
		b->owned[b->nowned++] = n;
	return n;
}

static struct yml_node *mk_str(struct build *b, const char *s, size_t len,
			       const struct yml_node *at)
{
	struct yml_node *n = mk(b, YML_SCALAR, at);
	char *c = n ? arena_strndup(b->a, s, len) : NULL;
	if (!c)
		return NULL;
	n->str = c;
	n->len = len;
	return n;
}

/* A copy of parsed collection "n" this file may add to. */
static struct yml_node *own(struct build *b, const struct yml_node *n)
{
	struct yml_node *c = mk(b, n->kind, n);
	if (!c)
		return NULL;
	c->tag = n->tag;
	c->n = n->n;
	if (n->kind == YML_MAP && n->n) {
		c->pairs = arena_array(b->a, n->n, sizeof(*c->pairs));
		if (!c->pairs)
			return NULL;
		memcpy(c->pairs, n->pairs, n->n * sizeof(*c->pairs));
	} else if (n->kind == YML_SEQ && n->n) {
		c->items = arena_array(b->a, n->n, sizeof(*c->items));
		if (!c->items)
			return NULL;
		memcpy(c->items, n->items, n->n * sizeof(*c->items));
	}
	return c;
}

static bool add_pair(struct build *b, struct yml_node *map,
		     struct yml_node *key, struct yml_node *val)
{
	struct yml_pair *p = arena_grow(b->a, map->pairs, map->n, map->n + 1,
					sizeof(*p));
	if (!p)
		return false;
	p[map->n] = (struct yml_pair){ key, val };
	map->pairs = p;
	map->n++;
	return true;
}

static bool add_item(struct build *b, struct yml_node *seq,
		     struct yml_node *val)
{
	struct yml_node **it = arena_grow(b->a, seq->items, seq->n, seq->n + 1,
					  sizeof(*it));
	if (!it)
		return false;
	it[seq->n] = val;
	seq->items = it;
	seq->n++;
	return true;
}

/* Segment "seg" as a list index: 0..MAX_INDEX, -2 for "-", -1 if not. */
static long seg_index(const char *seg)
{
	if (!strcmp(seg, "-"))
		return -2;
	if (!*seg || (seg[0] == '0' && seg[1]))
		return -1;
	long v = 0;
	for (const char *p = seg; *p; p++) {
		if (*p < '0' || *p > '9')
			return -1;
		v = v * 10 + (*p - '0');
		if (v > MAX_INDEX)
			return -1;
	}
	return v;
}

/* The RFC 6901 segments of "path" into segs (each NUL-terminated, in
 * buf); their count, or -1 for a pointer that is bad or too long. */
static int split(const char *path, size_t len, char *buf, size_t cap,
		 char **segs)
{
	if (len == 0 || path[0] != '/' || strlen(path) != len)
		return -1;
	int n = 0;
	size_t o = 0, seglen = 0;
	for (size_t i = 0; i < len; i++) {
		char c = path[i];
		if (c == '/') {
			if (n >= MAX_SEGS || o >= cap)
				return -1;
			if (n)
				buf[o++] = 0;
			segs[n++] = buf + o;
			seglen = 0;
			continue;
		}
		if (c == '~') {
			if (i + 1 >= len || (path[i + 1] != '0' &&
					     path[i + 1] != '1'))
				return -1;
			c = path[++i] == '0' ? '~' : '/';
		}
		if (o + 1 >= cap || ++seglen > MAX_SEG_LEN)
			return -1;
		buf[o++] = c;
	}
	if (o >= cap)
		return -1;
	buf[o] = 0;
	return n;
}

/* The slot of item "index" of list "seq", or NULL. */
static struct slot *find_slot(struct build *b, const struct yml_node *seq,
			      long index)
{
	for (size_t i = 0; i < b->nslots; i++)
		if (b->slots[i].seq == seq && b->slots[i].index == index)
			return &b->slots[i];
	return NULL;
}

/* Where child "seg" of collection "cur" is: *pp to the pointer holding
 * it (NULL if absent); for a list, a new item is made when absent. */
static int child(struct build *b, struct yml_node *cur, const char *seg,
		 struct yml_node ***pp, bool *made, const struct yml_node *at)
{
	*pp = NULL;
	*made = false;
	if (cur->kind == YML_MAP) {
		for (size_t i = 0; i < cur->n; i++) {
			const struct yml_node *k = cur->pairs[i].key;
			if (yml_is_scalar(k) && !strcmp(k->str, seg)) {
				*pp = &cur->pairs[i].value;
				return 0;
			}
		}
		struct yml_node *k = mk_str(b, seg, strlen(seg), at);
		if (!k || !add_pair(b, cur, k, NULL))
			return BH_ENOMEM;
		*pp = &cur->pairs[cur->n - 1].value;
		*made = true;
		return 0;
	}
	long idx = seg_index(seg);
	if (idx == -1)
		return 1;
	if (idx >= 0) {
		struct slot *sl = find_slot(b, cur, idx);
		if (sl) {
			*pp = &cur->items[sl->at];
			return 0;
		}
		/* a list the patch wrote whole: its own items by index */
		bool any = false;
		for (size_t i = 0; i < b->nslots && !any; i++)
			any = b->slots[i].seq == cur;
		if (!any && (size_t)idx < cur->n) {
			*pp = &cur->items[idx];
			return 0;
		}
	}
	if (b->nslots >= sizeof(b->slots) / sizeof(*b->slots))
		return 1;
	if (!add_item(b, cur, NULL))
		return BH_ENOMEM;
	b->slots[b->nslots++] = (struct slot){ cur, idx, cur->n - 1 };
	*pp = &cur->items[cur->n - 1];
	*made = true;
	return 0;
}

/* Places "val" at "path" under "root". */
static int place(struct build *b, struct yml_node *root, const char *path,
		 size_t len, struct yml_node *val)
{
	char buf[MAX_SEGS * (MAX_SEG_LEN + 1) + 1];
	char *segs[MAX_SEGS];
	int n = split(path, len, buf, sizeof(buf), segs);
	if (n < 1)
		return 0;
	struct yml_node *cur = root;
	for (int i = 0; i < n; i++) {
		struct yml_node **pp;
		bool made;
		int rc = child(b, cur, segs[i], &pp, &made, val);
		if (rc)
			return rc == BH_ENOMEM ? rc : 0;
		if (i == n - 1) {
			*pp = val;
			return 0;
		}
		struct yml_node *next = *pp;
		if (!next || next->kind == YML_SCALAR) {
			next = mk(b, seg_index(segs[i + 1]) == -1 ? YML_MAP
								  : YML_SEQ,
				  val);
		} else if (!owned(b, next)) {
			next = own(b, next);
		}
		if (!next)
			return BH_ENOMEM;
		*pp = next;
		cur = next;
	}
	return 0;
}

/* The kind a path says the patched object is, or NULL. */
static const char *infer_kind(const char *path)
{
	if (!strncmp(path, "/spec/jobTemplate", 17))
		return "CronJob";
	if (!strncmp(path, "/spec/template", 14))
		return "Deployment";
	if (!strncmp(path, "/spec/", 6) || !strcmp(path, "/spec"))
		return "Pod";
	return NULL;
}

static const char *api_of(const char *kind)
{
	static const char *const apps[] = {
		"Deployment", "StatefulSet", "DaemonSet", "ReplicaSet",
	};
	for (size_t i = 0; i < sizeof(apps) / sizeof(*apps); i++)
		if (!strcmp(kind, apps[i]))
			return "apps/v1";
	if (!strcmp(kind, "Job") || !strcmp(kind, "CronJob"))
		return "batch/v1";
	return "v1";
}

static bool judged(const struct yml_node *op)
{
	const struct yml_node *o = yml_get(op, "op");
	const struct yml_node *v = yml_get(op, "value");
	return yml_is_scalar(o) && (!strcmp(o->str, "add") ||
				    !strcmp(o->str, "replace")) &&
	       v && !(yml_is_scalar(v) && yml_is_null(v) &&
		      v->style == YML_PLAIN);
}

static const char *tstr(const struct yml_node *target, const char *key)
{
	const struct yml_node *v = yml_get(target, key);
	return yml_is_scalar(v) && *v->str && strlen(v->str) == v->len
	       ? v->str : NULL;
}

void json6902_target_of(const struct yml_node *t,
			struct json6902_target *out)
{
	memset(out, 0, sizeof(*out));
	if (!yml_is_map(t))
		return;
	out->kind = tstr(t, "kind");
	out->name = tstr(t, "name");
	out->group = tstr(t, "group");
	out->version = tstr(t, "version");
}

int json6902_object(struct arena *a, const struct yml_node *ops,
		    const struct json6902_target *target,
		    struct yml_node **out)
{
	*out = NULL;
	if (!json6902_is_ops(ops))
		return BH_OK;
	const char *kind = target ? target->kind : NULL;
	const struct yml_node *first = NULL;
	size_t nops = ops->n < MAX_OPS ? ops->n : MAX_OPS;
	for (size_t i = 0; i < nops; i++) {
		if (!judged(ops->items[i]))
			continue;
		if (!first)
			first = ops->items[i];
		if (!kind)
			kind = infer_kind(yml_get(ops->items[i], "path")->str);
	}
	if (!first || !kind)
		return BH_OK;
	struct build *b = arena_array(a, 1, sizeof(*b));
	if (!b)
		return BH_ENOMEM;
	b->a = a;
	b->nowned = b->nslots = 0;
	const char *group = target ? target->group : NULL;
	const char *version = target ? target->version : NULL;
	const char *api = version ? (group ? arena_printf(a, "%s/%s", group,
							   version)
					   : version)
				  : api_of(kind);
	const char *name = target ? target->name : NULL;
	struct yml_node *root = mk(b, YML_MAP, first);
	struct yml_node *k1 = mk_str(b, "apiVersion", 10, first);
	struct yml_node *v1 = api ? mk_str(b, api, strlen(api), first) : NULL;
	struct yml_node *k2 = mk_str(b, "kind", 4, first);
	struct yml_node *v2 = mk_str(b, kind, strlen(kind), first);
	if (!root || !v1 || !k1 || !k2 || !v2 || !add_pair(b, root, k1, v1) ||
	    !add_pair(b, root, k2, v2))
		return BH_ENOMEM;
	if (name) {
		struct yml_node *mk1 = mk_str(b, "metadata", 8, first);
		struct yml_node *md = mk(b, YML_MAP, first);
		struct yml_node *nk = mk_str(b, "name", 4, first);
		struct yml_node *nv = mk_str(b, name, strlen(name), first);
		if (!mk1 || !md || !nk || !nv || !add_pair(b, md, nk, nv) ||
		    !add_pair(b, root, mk1, md))
			return BH_ENOMEM;
	}
	for (size_t i = 0; i < nops; i++) {
		const struct yml_node *op = ops->items[i];
		if (!judged(op))
			continue;
		const struct yml_node *p = yml_get(op, "path");
		int rc = place(b, root, p->str, p->len,
			       yml_get(op, "value"));
		if (rc)
			return rc;
	}
	*out = root;
	return BH_OK;
}
