/* SPDX-License-Identifier: Apache-2.0
 *
 * yml.c - the libfyaml wrapper: YAML text to a tree of struct yml_node.
 *
 * This file owns turning libfyaml's event stream into the arena tree
 * described in yml.h: positions, anchors and aliases, merge keys,
 * duplicate keys, and the depth / expanded-size bounds that keep hostile
 * input (billion laughs, 100,000 nested brackets) cheap to reject.  It
 * uses only the event API, with an explicit stack, so no code path
 * recurses on the input's depth; libfyaml's own messages are collected in
 * a libfyaml diag object and never printed.  libfyaml counts columns in
 * characters; every position here is turned into a byte column (from the
 * mark's byte offset), as bulkhead counts them everywhere.  An empty
 * value ("key:" alone), which libfyaml gives no mark, is put at the
 * scalar before it (its key), so an error about it names a line.
 *
 * A one-line plain scalar's text is the input slice between its token's
 * marks, not libfyaml's formatted copy (scalar_text(); building with
 * -DYML_CHECK_SLICE compares the two on every scalar and aborts on a
 * difference, for the fuzz targets).
 *
 * Before libfyaml sees the text, check_utf8() refuses what is not
 * UTF-8 and yml_guard() (yml_guard.c) the forms libfyaml 0.7 holds
 * gigabytes for or crashes on.
 *
 * It does not know Compose or Kubernetes: no implicit typing of scalars
 * beyond the yml_as_* readers, no interpolation.
 *
 * Invariants:
 *  1. Every node's "weight" is its size with aliases expanded; a
 *     collection's weight is 1 + its children's weights, checked against
 *     max_nodes each time a child is added, so no weight exceeds the bound.
 *  2. An anchor names a node only once that node is complete; an alias to
 *     an anchor whose node is still open is a cycle and fails.
 *  3. The stack never holds more than max_depth frames.
 *
 * Tests: tests/unit/compose/test_yml.c, tests/cases/kubernetes/
 * BH3038-yaml-byte-columns*.case.
 */
#include "yml.h"
#include "yml_guard.h"

#include <libfyaml.h>
#include <limits.h>
#include <pthread.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>

/* ---- anchors: a small open-addressing hash table in the arena ---- */

struct anchor {
	const char *name;        /* NULL = empty slot */
	size_t len;
	struct yml_node *node;   /* NULL while the anchored node is open */
	size_t weight;
};

struct anchors {
	struct anchor *slot;
	size_t cap;              /* power of two, or 0 */
	size_t used;
};

static uint64_t hash_bytes(const char *s, size_t n)
{
	uint64_t h = 1469598103934665603ull;
	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 1099511628211ull;
	}
	return h;
}

static struct anchor *anchor_find(struct anchors *t, const char *name,
				  size_t len)
{
	if (!t->cap)
		return NULL;
	size_t i = (size_t)hash_bytes(name, len) & (t->cap - 1);
	while (t->slot[i].name) {
		if (t->slot[i].len == len && memcmp(t->slot[i].name, name, len) == 0)
			return &t->slot[i];
		i = (i + 1) & (t->cap - 1);
	}
	return NULL;
}

/* Insert or find; NULL when the arena is exhausted. */
static struct anchor *anchor_put(struct arena *a, struct anchors *t,
				 const char *name, size_t len)
{
	struct anchor *e = anchor_find(t, name, len);
	if (e)
		return e;
	if ((t->used + 1) * 2 > t->cap) {
		size_t ncap = t->cap ? t->cap * 2 : 16;
		struct anchor *ns = arena_array(a, ncap, sizeof(*ns));
		if (!ns)
			return NULL;
		for (size_t i = 0; i < t->cap; i++) {
			if (!t->slot[i].name)
				continue;
			size_t j = (size_t)hash_bytes(t->slot[i].name, t->slot[i].len) &
				   (ncap - 1);
			while (ns[j].name)
				j = (j + 1) & (ncap - 1);
			ns[j] = t->slot[i];
		}
		t->slot = ns;
		t->cap = ncap;
	}
	size_t i = (size_t)hash_bytes(name, len) & (t->cap - 1);
	while (t->slot[i].name)
		i = (i + 1) & (t->cap - 1);
	char *copy = arena_strndup(a, name, len);
	if (!copy)
		return NULL;
	t->slot[i].name = copy;
	t->slot[i].len = len;
	t->used++;
	return &t->slot[i];
}

/* ---- the builder ---- */

struct frame {
	struct yml_node *node;
	size_t cap;              /* capacity of items / pairs */
	size_t weight;
	struct yml_node *key;    /* mappings: key waiting for its value */
	size_t key_weight;
	struct anchor *anchor;   /* the anchor this collection defines */
};

struct builder {
	struct arena *a;
	struct diag *d;
	const char *text;        /* the input, for byte columns */
	size_t len;
	size_t cur_pos;          /* line_start is the line start for cur_pos */
	size_t line_start;
	int cur_line;            /* libfyaml's line of cur_pos */
	struct yml_limits lim;
	struct frame *stack;
	size_t depth;
	struct anchors anchors;
	struct yml_node *root;
	size_t root_weight;
	bool have_root;
	bool aliased;            /* the document used an alias or a merge */
	int last_line, last_col; /* where the last scalar began: an empty
				    value libfyaml gives no mark is put at
				    its key */
};

/* The node bound hit at line:col: with the document's aliases expanded
 * (an alias counts its anchor's nodes again), or by its plain size. */
static int too_large(struct builder *b, int line, int col)
{
	if (b->aliased)
		return diag_error(b->d, BH_ELIMIT, line, col,
				  "YAML document too large with aliases "
				  "expanded: over %zu nodes once each alias "
				  "counts what its anchor holds",
				  b->lim.max_nodes);
	return diag_error(b->d, BH_ELIMIT, line, col,
			  "YAML document too large: over %zu nodes (no "
			  "aliases; split it into smaller documents)",
			  b->lim.max_nodes);
}

static int oom(struct builder *b, int line, int col)
{
	if (b->a->over_cap)
		return diag_error(b->d, BH_ELIMIT, line, col,
				  "YAML input too large for the memory cap");
	return diag_error(b->d, BH_ENOMEM, line, col, "out of memory");
}

/* Where a mark is: libfyaml counts columns in characters, bulkhead in
 * bytes (finding.h), so the column is taken from the mark's byte offset
 * and the start of its line.  Marks come mostly in input order: the line
 * start is found forward from the last one (each byte looked at once),
 * or backward within the line for an earlier mark. */
static inline __attribute__((always_inline)) void
mark_pos(struct builder *b, const struct fy_mark *m, int *line, int *col)
{
	if (!m) {
		*line = 0;
		*col = 0;
		return;
	}
	*line = m->line + 1;
	size_t pos = m->input_pos;
	if (!b->text || pos > b->len) {
		*col = m->column + 1;
		return;
	}
	if (pos >= b->cur_pos) {
		/* on libfyaml's line of the last mark, no '\n' between */
		const char *nl = m->line == b->cur_line ? NULL :
			memrchr(b->text + b->cur_pos, '\n', pos - b->cur_pos);
		if (nl)
			b->line_start = (size_t)(nl - b->text) + 1;
		b->cur_pos = pos;
		b->cur_line = m->line;
	} else {
		const char *nl = memrchr(b->text, '\n', pos);
		size_t ls = nl ? (size_t)(nl - b->text) + 1 : 0;
		size_t c = pos - ls + 1;
		*col = c > INT_MAX ? INT_MAX : (int)c;
		return;
	}
	size_t c = pos - b->line_start + 1;
	*col = c > INT_MAX ? INT_MAX : (int)c;
}

/* The byte column of character column "col" (1-based) of line "line" of
 * text (libfyaml's error positions). */
static int byte_col(const char *text, size_t len, int line, int col)
{
	if (line <= 0 || col <= 0)
		return col;
	const char *p = text, *end = text + len;
	for (int l = 1; l < line; l++) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		if (!nl)
			return col;
		p = nl + 1;
	}
	const char *q = p;
	for (int c = 1; c < col && q < end && *q != '\n'; c++) {
		q++;
		while (q < end && ((unsigned char)*q & 0xc0) == 0x80)
			q++;
	}
	size_t bc = (size_t)(q - p) + 1;
	return bc > INT_MAX ? INT_MAX : (int)bc;
}

/* A scalar's text.  libfyaml 0.7.12 formats into a heap copy every plain
 * scalar a blank or line break follows (most values: "k: v\n"), though
 * its text is the input slice its marks bound; a one-line plain scalar
 * (no folding, no escapes) is taken from the input here, the rest from
 * fy_token_get_text(). */
static const char *scalar_text(const struct builder *b, struct fy_token *t,
			       size_t *lenp)
{
	if (t && b->text && fy_token_scalar_style(t) == FYSS_PLAIN) {
		const struct fy_mark *s = fy_token_start_mark(t);
		const struct fy_mark *e = fy_token_end_mark(t);
		if (s && e && s->line == e->line && s->input_pos <= e->input_pos &&
		    e->input_pos <= b->len) {
			*lenp = e->input_pos - s->input_pos;
#ifdef YML_CHECK_SLICE
			size_t n = 0;
			const char *f = fy_token_get_text(t, &n);
			if (!f || n != *lenp || memcmp(f, b->text + s->input_pos, n))
				abort();
#endif
			return b->text + s->input_pos;
		}
	}
	return t ? fy_token_get_text(t, lenp) : NULL;
}

static char *tok_dup(struct arena *a, struct fy_token *t, size_t *lenp)
{
	size_t n = 0;
	const char *s = t ? fy_token_get_text(t, &n) : NULL;
	if (!s) {
		s = "";
		n = 0;
	}
	if (lenp)
		*lenp = n;
	return arena_strndup(a, s, n);
}

/* Add "child" (of weight w) to the open collection, or make it the root. */
static inline __attribute__((always_inline)) int
add_child(struct builder *b, struct yml_node *child, size_t w)
{
	if (b->depth == 0) {
		b->root = child;
		b->root_weight = w;
		b->have_root = true;
		return BH_OK;
	}
	struct frame *f = &b->stack[b->depth - 1];
	struct yml_node *p = f->node;
	if (w > b->lim.max_nodes - f->weight)
		return too_large(b, child->line, child->col);
	f->weight += w;
	if (p->kind == YML_MAP && !f->key) {
		f->key = child;
		f->key_weight = w;
		return BH_OK;
	}
	if (p->n == f->cap) {
		size_t ncap = f->cap ? f->cap * 2 : 4;
		void *nv;
		if (p->kind == YML_SEQ)
			nv = arena_grow(b->a, p->items, p->n, ncap, sizeof(*p->items));
		else
			nv = arena_grow(b->a, p->pairs, p->n, ncap, sizeof(*p->pairs));
		if (!nv)
			return oom(b, child->line, child->col);
		if (p->kind == YML_SEQ)
			p->items = nv;
		else
			p->pairs = nv;
		f->cap = ncap;
	}
	if (p->kind == YML_SEQ) {
		p->items[p->n++] = child;
	} else {
		p->pairs[p->n].key = f->key;
		p->pairs[p->n].value = child;
		p->n++;
		f->key = NULL;
	}
	return BH_OK;
}

static bool is_merge_key(const struct yml_node *k)
{
	return k->kind == YML_SCALAR && k->style == YML_PLAIN && !k->tag &&
	       k->len == 2 && k->str[0] == '<' && k->str[1] == '<';
}

/* ---- duplicate keys: a set of scalar keys for one mapping ---- */

struct keyset {
	const struct yml_node **slot;
	size_t cap;
};

static bool key_same(const struct yml_node *a, const struct yml_node *b)
{
	return a->len == b->len && memcmp(a->str, b->str, a->len) == 0;
}

/* Returns the existing equal key, or NULL after inserting "k". */
static const struct yml_node *keyset_add(struct keyset *s,
					 const struct yml_node *k)
{
	size_t i = (size_t)hash_bytes(k->str, k->len) & (s->cap - 1);
	while (s->slot[i]) {
		if (key_same(s->slot[i], k))
			return s->slot[i];
		i = (i + 1) & (s->cap - 1);
	}
	s->slot[i] = k;
	return NULL;
}

/* Add the pairs of merged mapping "src" that "set" lacks to "out". */
static void merge_from(const struct yml_node *src, struct keyset *set,
		       struct yml_pair *out, size_t *nout)
{
	for (size_t i = 0; i < src->n; i++) {
		const struct yml_pair *pp = &src->pairs[i];
		if (pp->key->kind == YML_SCALAR && keyset_add(set, pp->key))
			continue;
		out[(*nout)++] = *pp;
	}
}

/* mappings of up to this many pairs, without merge keys, are checked for
 * duplicates pair by pair, without a hash set */
#define SMALL_MAP 12

static int dup_key(struct builder *b, const struct yml_node *k,
		   const struct yml_node *prev)
{
	return diag_error(b->d, BH_EPARSE, k->line, k->col,
			  "duplicate key \"%.*s\" (first at line %d)",
			  (int)(k->len > 80 ? 80 : k->len), k->str, prev->line);
}

/* Resolve "<<" keys and reject duplicate keys in the mapping just closed.
 * *extra gets the weight the merged pairs add. */
static int finish_map(struct builder *b, struct yml_node *m, size_t *extra)
{
	size_t total = 0, own = 0;
	bool merges = false;
	*extra = 0;
	for (size_t i = 0; i < m->n; i++) {
		const struct yml_pair *pp = &m->pairs[i];
		if (!is_merge_key(pp->key)) {
			own++;
			continue;
		}
		merges = true;
		const struct yml_node *v = pp->value;
		if (v->kind == YML_MAP) {
			total += v->n;
			continue;
		}
		if (v->kind != YML_SEQ)
			return diag_error(b->d, BH_EPARSE, v->line, v->col,
					  "merge key '<<' needs a mapping or a "
					  "list of mappings, not a %s",
					  yml_kind_name(v->kind));
		for (size_t j = 0; j < v->n; j++) {
			if (v->items[j]->kind != YML_MAP)
				return diag_error(b->d, BH_EPARSE,
						  v->items[j]->line,
						  v->items[j]->col,
						  "merge key '<<' list item is a "
						  "%s, not a mapping",
						  yml_kind_name(v->items[j]->kind));
			total += v->items[j]->n;
		}
	}
	if (m->n == 0)
		return BH_OK;
	if (!merges && m->n <= SMALL_MAP) {
		/* most mappings: each key against those before it (the same
		 * first duplicate and earlier key as the set below finds) */
		for (size_t i = 1; i < m->n; i++) {
			const struct yml_node *k = m->pairs[i].key;
			if (k->kind != YML_SCALAR)
				continue;
			for (size_t j = 0; j < i; j++) {
				const struct yml_node *prev = m->pairs[j].key;
				if (prev->kind == YML_SCALAR && key_same(prev, k))
					return dup_key(b, k, prev);
			}
		}
		return BH_OK;
	}
	/* total and own are bounded by the weights already checked. */
	total += own;
	size_t cap = 16;
	while (cap < total * 2)
		cap *= 2;
	struct keyset set = { arena_array(b->a, cap, sizeof(*set.slot)), cap };
	if (!set.slot)
		return oom(b, m->line, m->col);
	for (size_t i = 0; i < m->n; i++) {
		const struct yml_node *k = m->pairs[i].key;
		if (is_merge_key(k) || k->kind != YML_SCALAR)
			continue;
		const struct yml_node *prev = keyset_add(&set, k);
		if (prev)
			return dup_key(b, k, prev);
	}
	if (!merges)
		return BH_OK;
	struct yml_pair *out = arena_array(b->a, total ? total : 1, sizeof(*out));
	if (!out)
		return oom(b, m->line, m->col);
	size_t nout = 0;
	for (size_t i = 0; i < m->n; i++)
		if (!is_merge_key(m->pairs[i].key))
			out[nout++] = m->pairs[i];
	for (size_t i = 0; i < m->n; i++) {
		const struct yml_pair *pp = &m->pairs[i];
		if (!is_merge_key(pp->key))
			continue;
		const struct yml_node *v = pp->value;
		if (v->kind == YML_MAP) {
			merge_from(v, &set, out, &nout);
		} else {
			for (size_t j = 0; j < v->n; j++)
				merge_from(v->items[j], &set, out, &nout);
		}
	}
	/* The merged sources were counted once as the '<<' values' weight;
	 * the copied pairs are counted again here. */
	*extra = nout > own ? nout - own : 0;
	m->pairs = out;
	m->n = nout;
	return BH_OK;
}

static enum yml_style map_style(enum fy_scalar_style s)
{
	switch (s) {
	case FYSS_SINGLE_QUOTED: return YML_SINGLE_QUOTED;
	case FYSS_DOUBLE_QUOTED: return YML_DOUBLE_QUOTED;
	case FYSS_LITERAL: return YML_LITERAL;
	case FYSS_FOLDED: return YML_FOLDED;
	default: return YML_PLAIN;
	}
}

/* A new node for the current event (a scalar, mapping start or sequence
 * start), with position, tag and anchor.  The event's fields are read
 * directly: fy_event_start_mark() is its main token's start mark, and
 * fy_event_get_tag_token() / fy_event_get_anchor_token() its tag and
 * anchor fields (libfyaml's fy-event.c), three calls a node saved. */
static inline __attribute__((always_inline)) struct yml_node *
new_node(struct builder *b, struct fy_event *e, enum yml_kind kind)
{
	struct yml_node *n = arena_alloc_raw(b->a, sizeof(*n));
	if (!n)
		return NULL;
	*n = (struct yml_node){ .kind = kind, .file = b->lim.file };
	struct fy_token *main, *tag, *anc;
	if (kind == YML_SCALAR) {
		main = e->scalar.value;
		tag = e->scalar.tag;
		anc = e->scalar.anchor;
	} else if (kind == YML_MAP) {
		main = e->mapping_start.mapping_start;
		tag = e->mapping_start.tag;
		anc = e->mapping_start.anchor;
	} else {
		main = e->sequence_start.sequence_start;
		tag = e->sequence_start.tag;
		anc = e->sequence_start.anchor;
	}
	mark_pos(b, main ? fy_token_start_mark(main) : NULL, &n->line, &n->col);
	if (tag) {
		n->tag = tok_dup(b->a, tag, NULL);
		if (!n->tag)
			return NULL;
	}
	if (anc) {
		n->anchor = tok_dup(b->a, anc, NULL);
		if (!n->anchor)
			return NULL;
	}
	return n;
}

static int on_scalar(struct builder *b, struct fy_event *e)
{
	struct yml_node *n = new_node(b, e, YML_SCALAR);
	if (!n)
		return oom(b, 0, 0);
	struct fy_token *v = e->scalar.value;
	n->style = map_style(fy_token_scalar_style(v));
	size_t len = 0;
	const char *txt = scalar_text(b, v, &len);
	if (!txt) {
		txt = "";
		len = 0;
	}
	n->len = len;
	n->str = arena_strndup(b->a, txt, len);
	if (!n->str)
		return oom(b, n->line, n->col);
	mark_pos(b, v ? fy_token_end_mark(v) : NULL, &n->end_line, &n->end_col);
	if (!n->line && b->last_line) {
		/* an empty value ("key:" alone) has no mark: it is put at its
		   key (the scalar before it), so an error about it names a
		   line */
		n->line = n->end_line = b->last_line;
		n->col = n->end_col = b->last_col;
	} else if (n->line) {
		b->last_line = n->line;
		b->last_col = n->col;
	}
	if ((n->style == YML_SINGLE_QUOTED || n->style == YML_DOUBLE_QUOTED) &&
	    n->col > 1) {
		/* libfyaml marks the content; point at the quotes. */
		n->col--;
		if (n->end_line)
			n->end_col++;
	}
	if (n->anchor) {
		struct anchor *an = anchor_put(b->a, &b->anchors, n->anchor,
					       strlen(n->anchor));
		if (!an)
			return oom(b, n->line, n->col);
		an->node = n;
		an->weight = 1;
	}
	return add_child(b, n, 1);
}

static int on_alias(struct builder *b, struct fy_event *e)
{
	int line, col;
	mark_pos(b, fy_event_start_mark(e), &line, &col);
	size_t len = 0;
	const char *name = fy_token_get_text(e->alias.anchor, &len);
	if (!name)
		return diag_error(b->d, BH_EPARSE, line, col, "bad alias");
	struct anchor *an = anchor_find(&b->anchors, name, len);
	int shown = (int)(len > 80 ? 80 : len);
	if (!an)
		return diag_error(b->d, BH_EPARSE, line, col,
				  "alias *%.*s names no anchor defined before "
				  "it", shown, name);
	if (!an->node)
		return diag_error(b->d, BH_EPARSE, line, col,
				  "alias *%.*s refers to a node that contains "
				  "it (recursive alias)", shown, name);
	b->aliased = true;
	return add_child(b, an->node, an->weight);
}

static int on_start(struct builder *b, struct fy_event *e, enum yml_kind kind)
{
	struct yml_node *n = new_node(b, e, kind);
	if (!n)
		return oom(b, 0, 0);
	if (b->depth >= b->lim.max_depth)
		return diag_error(b->d, BH_ELIMIT, n->line, n->col,
				  "YAML nesting deeper than %zu levels",
				  b->lim.max_depth);
	struct frame *f = &b->stack[b->depth++];
	memset(f, 0, sizeof(*f));
	f->node = n;
	f->weight = 1;
	if (n->anchor) {
		/* Until the node is complete, aliases to it are cycles. */
		f->anchor = anchor_put(b->a, &b->anchors, n->anchor,
				       strlen(n->anchor));
		if (!f->anchor)
			return oom(b, n->line, n->col);
		f->anchor->node = NULL;
	}
	return BH_OK;
}

static int on_end(struct builder *b, struct fy_event *e)
{
	if (b->depth == 0)
		return diag_error(b->d, BH_EPARSE, 0, 0, "unbalanced YAML events");
	struct frame *f = &b->stack[b->depth - 1];
	struct yml_node *n = f->node;
	mark_pos(b, fy_event_end_mark(e), &n->end_line, &n->end_col);
	if (n->kind == YML_MAP) {
		size_t extra = 0;
		int rc = finish_map(b, n, &extra);
		if (rc)
			return rc;
		if (extra)
			b->aliased = true;
		if (extra > b->lim.max_nodes - f->weight)
			return too_large(b, n->line, n->col);
		f->weight += extra;
	}
	size_t w = f->weight;
	struct anchor *an = f->anchor;
	b->depth--;
	if (an) {
		/* A later redefinition may have reused the slot: the innermost
		 * (latest opened) definition is still ours to complete. */
		an->node = n;
		an->weight = w;
	}
	return add_child(b, n, w);
}

static void fill_limits(struct yml_limits *l, const struct yml_limits *in)
{
	l->max_depth = in && in->max_depth ? in->max_depth : YML_DEFAULT_MAX_DEPTH;
	l->max_nodes = in && in->max_nodes ? in->max_nodes : YML_DEFAULT_MAX_NODES;
	l->max_docs = in && in->max_docs ? in->max_docs : YML_DEFAULT_MAX_DOCS;
	l->file = in ? in->file : 0;
}

/* The first error libfyaml collected, into the diag.  An unclosed flow
 * collection is reported by libfyaml at the end of the input; point at
 * the innermost collection still open instead. */
static int fy_error_to_diag(struct fy_diag *fd, const struct builder *b,
			    struct diag *d)
{
	void *it = NULL;
	struct fy_diag_error *er;
	while ((er = fy_diag_errors_iterate(fd, &it)) != NULL) {
		if (er->type < FYET_ERROR)
			continue;
		int line = er->line > 0 ? er->line : 0;
		int col = er->column > 0
				  ? byte_col(b->text, b->len, line, er->column)
				  : 0;
		if (er->msg && strstr(er->msg, "without a closing") && b->depth) {
			line = b->stack[b->depth - 1].node->line;
			col = b->stack[b->depth - 1].node->col;
		}
		return diag_error(d, BH_EPARSE, line, col, "%s",
				  er->msg ? er->msg : "invalid YAML");
	}
	return diag_error(d, BH_EPARSE, 0, 0, "invalid YAML");
}

static int add_doc(struct builder *b, struct yml_stream *out, size_t *cap,
		   int line)
{
	if (out->ndocs >= b->lim.max_docs)
		return diag_error(b->d, BH_ELIMIT, line, 1,
				  "more than %zu YAML documents", b->lim.max_docs);
	if (out->ndocs == *cap) {
		size_t ncap = *cap ? *cap * 2 : 2;
		struct yml_doc *nd = arena_grow(b->a, out->docs, out->ndocs, ncap,
						sizeof(*nd));
		if (!nd)
			return oom(b, line, 1);
		out->docs = nd;
		*cap = ncap;
	}
	struct yml_node *r = b->have_root ? b->root : NULL;
	/* "---" alone, or an empty stream: a null document, no root. */
	if (r && r->kind == YML_SCALAR && r->len == 0 && r->style == YML_PLAIN &&
	    !r->tag && !r->anchor)
		r = NULL;
	out->docs[out->ndocs].root = r;
	out->docs[out->ndocs].line = line;
	out->ndocs++;
	return BH_OK;
}

static int run_events(struct builder *b, struct fy_parser *p,
		      struct yml_stream *out)
{
	size_t cap = 0;
	int doc_line = 1;
	struct fy_event *e;
	int rc = BH_OK;
	while (rc == BH_OK && (e = fy_parser_parse(p)) != NULL) {
		switch (e->type) {
		case FYET_DOCUMENT_START: {
			const struct fy_mark *m = fy_event_start_mark(e);
			doc_line = m ? m->line + 1 : 0;
			b->have_root = false;
			b->root = NULL;
			b->depth = 0;
			b->aliased = false;
			memset(&b->anchors, 0, sizeof(b->anchors));
			break;
		}
		case FYET_DOCUMENT_END:
			if (doc_line == 0)
				doc_line = b->have_root ? b->root->line : 1;
			rc = add_doc(b, out, &cap, doc_line);
			break;
		case FYET_MAPPING_START:
			rc = on_start(b, e, YML_MAP);
			break;
		case FYET_SEQUENCE_START:
			rc = on_start(b, e, YML_SEQ);
			break;
		case FYET_MAPPING_END:
		case FYET_SEQUENCE_END:
			rc = on_end(b, e);
			break;
		case FYET_SCALAR:
			rc = on_scalar(b, e);
			break;
		case FYET_ALIAS:
			rc = on_alias(b, e);
			break;
		default:
			break;
		}
		fy_parser_event_free(p, e);
	}
	return rc;
}

/* YAML text is Unicode; libfyaml 0.7 can loop forever on some invalid
 * UTF-8 (a directive line "%\xfa"), so malformed sequences, overlong
 * forms, surrogates and NUL bytes are rejected before it sees them. */
static int check_utf8(const char *text, size_t len, struct diag *d)
{
	const unsigned char *s = (const unsigned char *)text;
	/* most YAML is ASCII without NUL: eight bytes a step, and the byte
	 * walk below (which counts lines for the message) only otherwise */
	const uint64_t high = 0x8080808080808080u, ones = 0x0101010101010101u;
	size_t i = 0;
	for (; i + 8 <= len; i += 8) {
		uint64_t w;
		memcpy(&w, s + i, 8);
		if ((w & high) || ((w - ones) & ~w & high))
			break;
	}
	while (i < len && s[i] != 0 && s[i] < 0x80)
		i++;
	if (i == len)
		return BH_OK;
	int line = 1, col = 1;
	i = 0;
	while (i < len) {
		unsigned c = s[i];
		size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xe ? 3
			 : (c >> 3) == 0x1e ? 4 : 0;
		bool ok = n != 0 && c != 0 && i + n <= len;
		for (size_t k = 1; ok && k < n; k++)
			ok = (s[i + k] & 0xc0) == 0x80;
		if (ok && n == 2)
			ok = c >= 0xc2;
		if (ok && n == 3) {
			unsigned cp = ((c & 0x0fu) << 12) | ((s[i + 1] & 0x3fu) << 6) |
				      (s[i + 2] & 0x3fu);
			ok = cp >= 0x800 && (cp < 0xd800 || cp > 0xdfff);
		}
		if (ok && n == 4) {
			unsigned cp = ((c & 0x07u) << 18) | ((s[i + 1] & 0x3fu) << 12) |
				      ((s[i + 2] & 0x3fu) << 6) | (s[i + 3] & 0x3fu);
			ok = cp >= 0x10000 && cp <= 0x10ffff;
		}
		if (!ok)
			return diag_error(d, BH_EPARSE, line, col, c == 0 ?
					  "NUL byte in YAML input" :
					  "invalid UTF-8 in YAML input");
		if (c == '\n') {
			line++;
			col = 1;
		} else {
			col += (int)n;  /* columns count bytes */
		}
		i += n;
	}
	return BH_OK;
}

/* libfyaml's default diag configuration, taken once per process:
 * fy_diag_cfg_default() asks isatty(2) (an ioctl) on every call, for a
 * colour choice overridden here anyway.  No output stream, no colour. */
static struct fy_diag_cfg diag_cfg_once;
static pthread_once_t diag_cfg_inited = PTHREAD_ONCE_INIT;

static void diag_cfg_init(void)
{
	fy_diag_cfg_default(&diag_cfg_once);
	diag_cfg_once.fp = NULL;
	diag_cfg_once.colorize = false;
}

static void diag_cfg(struct fy_diag_cfg *dc)
{
	pthread_once(&diag_cfg_inited, diag_cfg_init);
	*dc = diag_cfg_once;
}

int yml_parse(struct arena *a, const char *text, size_t len,
	      const struct yml_limits *limits, struct yml_stream *out,
	      struct diag *d)
{
	struct builder b;
	memset(&b, 0, sizeof(b));
	memset(out, 0, sizeof(*out));
	b.a = a;
	b.d = d;
	b.text = text;
	b.len = len;
	fill_limits(&b.lim, limits);
	int rc = check_utf8(text, len, d);
	if (rc)
		return rc;
	/* the forms libfyaml 0.7 bombs or crashes on (yml_guard.c) */
	rc = yml_guard(text, len, b.lim.max_depth, d);
	if (rc)
		return rc;
	/* not zeroed: on_start() clears each frame it pushes */
	b.stack = b.lim.max_depth > SIZE_MAX / sizeof(*b.stack) ? NULL :
		  arena_alloc_raw(a, b.lim.max_depth * sizeof(*b.stack));
	if (!b.stack)
		return oom(&b, 0, 0);

	struct fy_diag_cfg dc;
	diag_cfg(&dc);
	struct fy_diag *fd = fy_diag_create(&dc);
	if (!fd)
		return diag_error(d, BH_ENOMEM, 0, 0, "out of memory");
	fy_diag_set_collect_errors(fd, true);
	struct fy_parse_cfg cfg;
	memset(&cfg, 0, sizeof(cfg));
	cfg.flags = FYPCF_QUIET | FYPCF_COLLECT_DIAG | FYPCF_DISABLE_DEPTH_LIMIT;
	cfg.diag = fd;
	struct fy_parser *p = fy_parser_create(&cfg);
	if (!p) {
		rc = diag_error(d, BH_ENOMEM, 0, 0, "out of memory");
		goto free_diag;
	}
	/* libfyaml wants a pointer that outlives the parser: the caller's
	 * text does. */
	if (fy_parser_set_string(p, text, len) != 0) {
		rc = diag_error(d, BH_EPARSE, 0, 0, "cannot read YAML input");
		goto free_parser;
	}
	rc = run_events(&b, p, out);
	if (rc == BH_OK && (fy_parser_get_stream_error(p) ||
			    fy_diag_got_error(fd)))
		rc = fy_error_to_diag(fd, &b, d);
free_parser:
	fy_parser_destroy(p);
free_diag:
	fy_diag_destroy(fd);
	if (rc != BH_OK)
		memset(out, 0, sizeof(*out));
	return rc;
}

/* ---- lookups ---- */

static bool str_tagged(const struct yml_node *n)
{
	return n->tag && (strcmp(n->tag, "tag:yaml.org,2002:str") == 0 ||
			  strcmp(n->tag, "!!str") == 0);
}

bool yml_is_null(const struct yml_node *n)
{
	if (!yml_is_scalar(n) || n->style != YML_PLAIN || str_tagged(n))
		return false;
	/* a plain scalar holds no NUL byte (no escapes; the input has
	 * none): its length tells the forms apart */
	switch (n->len) {
	case 0:
		return true;
	case 1:
		return n->str[0] == '~';
	case 4:
		return memcmp(n->str, "null", 4) == 0 ||
		       memcmp(n->str, "Null", 4) == 0 ||
		       memcmp(n->str, "NULL", 4) == 0;
	default:
		return false;
	}
}

bool yml_scalar_ieq(const struct yml_node *n, const char *s)
{
	size_t l = strlen(s);
	return yml_is_scalar(n) && n->len == l && strncasecmp(n->str, s, l) == 0;
}

struct yml_node *yml_get_path(const struct yml_node *map, const char *path)
{
	const struct yml_node *cur = map;
	char part[128];
	while (cur && *path) {
		const char *dot = strchr(path, '.');
		size_t l = dot ? (size_t)(dot - path) : strlen(path);
		if (l >= sizeof(part))
			return NULL;
		memcpy(part, path, l);
		part[l] = '\0';
		cur = yml_get(cur, part);
		path += l + (dot ? 1 : 0);
	}
	return (struct yml_node *)cur;
}

bool yml_as_bool(const struct yml_node *n, unsigned flags, bool *out)
{
	static const char *const yes11[] = { "y", "yes", "on" };
	static const char *const no11[] = { "n", "no", "off" };
	if (!yml_is_scalar(n) || str_tagged(n))
		return false;
	if (n->style != YML_PLAIN && !(flags & YML_BOOL_QUOTED))
		return false;
	if (n->style == YML_LITERAL || n->style == YML_FOLDED)
		return false;
	if (strlen(n->str) != n->len)
		return false;
	if (!strcasecmp(n->str, "true")) {
		*out = true;
		return true;
	}
	if (!strcasecmp(n->str, "false")) {
		*out = false;
		return true;
	}
	if (!(flags & YML_BOOL_11))
		return false;
	for (size_t i = 0; i < 3; i++) {
		if (!strcasecmp(n->str, yes11[i])) {
			*out = true;
			return true;
		}
		if (!strcasecmp(n->str, no11[i])) {
			*out = false;
			return true;
		}
	}
	return false;
}

bool yml_as_int(const struct yml_node *n, bool quoted_ok, long long *out)
{
	if (!yml_is_scalar(n) || n->len == 0 || n->len > 20)
		return false;
	if (n->style != YML_PLAIN &&
	    !(quoted_ok && (n->style == YML_SINGLE_QUOTED ||
			    n->style == YML_DOUBLE_QUOTED)))
		return false;
	const char *s = n->str;
	bool neg = false;
	if (*s == '+' || *s == '-')
		neg = *s++ == '-';
	if (!*s)
		return false;
	unsigned long long v = 0;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return false;
		unsigned d = (unsigned)(*s - '0');
		if (v > (9223372036854775807ull - d) / 10)
			return false;
		v = v * 10 + d;
	}
	if ((size_t)(s - n->str) != n->len)
		return false;
	*out = neg ? -(long long)v : (long long)v;
	return true;
}

struct bh_span yml_span(const struct yml_node *n)
{
	struct bh_span s = { 0, 0, 0, 0 };
	if (!n)
		return s;
	s.line = n->line;
	s.col = n->col;
	if (n->end_line >= n->line && n->end_line > 0) {
		s.end_line = n->end_line;
		s.end_col = n->end_col;
	}
	return s;
}

struct bh_span yml_value_span(const struct yml_node *n)
{
	struct bh_span s = yml_span(n);
	if (n && n->kind == YML_SCALAR && (n->style == YML_SINGLE_QUOTED ||
					   n->style == YML_DOUBLE_QUOTED)) {
		s.col++;
		if (s.end_line && s.end_col > 1 &&
		    (s.end_line > s.line || s.end_col > s.col))
			s.end_col--;
	}
	return s;
}

const char *yml_kind_name(enum yml_kind k)
{
	switch (k) {
	case YML_SCALAR: return "scalar";
	case YML_SEQ: return "sequence";
	case YML_MAP: return "mapping";
	}
	return "node";
}
