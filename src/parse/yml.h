/* SPDX-License-Identifier: Apache-2.0
 *
 * yml.h - YAML loading for Compose and Kubernetes, on libfyaml.
 *
 * yml_parse() reads a whole YAML stream with libfyaml's event API and
 * builds a small read-only tree of struct yml_node, one per document, with
 * a 1-based line and column on every node.  Columns count bytes, as
 * everywhere in bulkhead (libfyaml counts characters; yml.c converts), so
 * a column after non-ASCII text is the one the report step masks at.  It never builds a libfyaml
 * document, so nothing recurses on input depth.
 *
 * Resolved while loading, as Compose (go-yaml v3) resolves them:
 *  - aliases: an alias is the anchored node itself (shared, not copied);
 *    an anchor may be redefined, an alias sees the latest definition;
 *    an alias to an unfinished ancestor is an error;
 *  - merge keys: `<<: *x` and `<<: [*a, *b]` in a mapping add the merged
 *    mappings' pairs that the mapping does not define itself; in a list of
 *    merges the earlier mapping wins.  The `<<` pair itself is dropped.
 *    Merged pairs keep their own positions (they point into the anchor);
 *  - duplicate keys in one mapping are an error (BH_EPARSE), as in Compose.
 *
 * Bounds (struct yml_limits, 0 fields = defaults): nesting depth, and the
 * number of nodes the tree would have with every alias expanded (counted
 * as the tree is built, so a billion-laughs input fails after a few
 * thousand events, in bounded time and memory).  Both fail with
 * BH_ELIMIT; syntax errors with BH_EPARSE; the diag gets one line with the
 * line and (byte) column libfyaml reports.
 *
 * Scalars are left as text: no implicit typing happens at load time.  The
 * yml_as_* helpers read a scalar as a bool or an integer, honouring its
 * style (plain vs quoted) and an explicit tag such as !!str.
 *
 * Memory: every node, string and array comes from the caller's arena and
 * lives until arena_free(); nothing here needs freeing on its own.  The
 * input text is not referenced after yml_parse() returns.  Because aliases
 * share nodes, the tree is a DAG: never write to it, and do not assume a
 * node has one parent.
 *
 * Tests: tests/unit/compose/test_yml.c.
 */
#ifndef BH_YML_H
#define BH_YML_H

#include <stdbool.h>
#include <stddef.h>
#include <string.h>

#include "../util/span.h"
#include "../util/arena.h"
#include "../util/diag.h"

enum yml_kind {
	YML_SCALAR = 0,   /* includes null: an empty plain scalar, ~, null */
	YML_SEQ,
	YML_MAP,
};

enum yml_style {
	YML_PLAIN = 0,
	YML_SINGLE_QUOTED,
	YML_DOUBLE_QUOTED,
	YML_LITERAL,      /* | block */
	YML_FOLDED,       /* > block */
};

struct yml_node;

struct yml_pair {
	struct yml_node *key;     /* usually a scalar */
	struct yml_node *value;
};

struct yml_node {
	enum yml_kind kind;
	enum yml_style style;     /* scalars; YML_PLAIN for collections */
	int line, col;            /* 1-based start of the node (its content,
				     after any anchor or tag); col in bytes */
	int end_line, end_col;    /* 1-based, end exclusive, bytes; 0 if
				     unknown */
	const char *tag;          /* as written ("!reset", "!!str",
				     "tag:yaml.org,2002:str"), or NULL */
	const char *anchor;       /* the anchor this node defined, or NULL */
	int file;                 /* yml_limits.file of the parse that made
				     it (tells merged inputs apart) */

	/* YML_SCALAR: the scalar's value (escapes and folding applied),
	 * NUL-terminated; it may contain NUL bytes, so len is the length. */
	const char *str;
	size_t len;

	/* YML_SEQ: items[0..n); YML_MAP: pairs[0..n) in document order
	 * (merged pairs after the mapping's own ones). */
	size_t n;
	struct yml_node **items;
	struct yml_pair *pairs;
};

struct yml_doc {
	struct yml_node *root;    /* NULL for an empty document */
	int line;                 /* 1-based line where the document starts */
};

struct yml_stream {
	struct yml_doc *docs;     /* from the arena */
	size_t ndocs;
};

struct yml_limits {
	size_t max_depth;         /* nesting of collections; default 200 */
	size_t max_nodes;         /* nodes per document with aliases expanded;
				     default 1,000,000 */
	size_t max_docs;          /* documents per stream; default 10,000 */
	int file;                 /* not a limit: copied into every node's
				     "file" field; default 0 */
};

#define YML_DEFAULT_MAX_DEPTH 200
#define YML_DEFAULT_MAX_NODES ((size_t)1000000)
#define YML_DEFAULT_MAX_DOCS  ((size_t)10000)

/* Parse "text" (len bytes; need not be NUL-terminated) into *out, every
 * allocation from "a".  "limits" may be NULL (defaults).  "d" receives the
 * cause of a failure; its file name is used as is.  Returns BH_OK,
 * BH_EPARSE (bad YAML, duplicate key, bad merge, undefined or recursive
 * alias), BH_ELIMIT (depth, node or document bounds, or the arena cap) or
 * BH_ENOMEM.  On failure *out is zeroed. */
int yml_parse(struct arena *a, const char *text, size_t len,
	      const struct yml_limits *limits, struct yml_stream *out,
	      struct diag *d);

/* Lookups.  All accept NULL and return NULL/false for the wrong kind. */

/* The pair whose scalar key equals "key" (to point at its key), or
 * NULL.  Inline, as yml_get(): the rules' and models' hottest lookup,
 * mostly of a literal key, whose length then folds away. */
static inline const struct yml_pair *yml_get_pair(const struct yml_node *map,
						  const char *key)
{
	if (!map || map->kind != YML_MAP)
		return NULL;
	size_t l = strlen(key);
	for (size_t i = 0; i < map->n; i++) {
		const struct yml_node *k = map->pairs[i].key;
		if (k && k->kind == YML_SCALAR && k->len == l &&
		    memcmp(k->str, key, l) == 0)
			return &map->pairs[i];
	}
	return NULL;
}

/* The value of the pair whose scalar key equals "key", or NULL. */
static inline struct yml_node *yml_get(const struct yml_node *map,
				       const char *key)
{
	const struct yml_pair *p = yml_get_pair(map, key);
	return p ? p->value : NULL;
}
/* Walk mapping keys separated by '.' ("deploy.resources.limits"); keys
 * containing '.' cannot be named this way (use yml_get). */
struct yml_node *yml_get_path(const struct yml_node *map, const char *path);

/* (inline: the rules' and models' most frequent calls) */
static inline bool yml_is_scalar(const struct yml_node *n)
{
	return n && n->kind == YML_SCALAR;
}

static inline bool yml_is_map(const struct yml_node *n)
{
	return n && n->kind == YML_MAP;
}

static inline bool yml_is_seq(const struct yml_node *n)
{
	return n && n->kind == YML_SEQ;
}

/* A plain "", "~", "null", "Null" or "NULL" scalar without a !!str tag. */
bool yml_is_null(const struct yml_node *n);

/* A scalar equal to "s" (exact, case-sensitive, whole value; inline, so
 * a literal's length folds away). */
static inline bool yml_scalar_eq(const struct yml_node *n, const char *s)
{
	size_t l = strlen(s);
	return yml_is_scalar(n) && n->len == l && memcmp(n->str, s, l) == 0;
}
/* Like yml_scalar_eq, ASCII case-insensitive. */
bool yml_scalar_ieq(const struct yml_node *n, const char *s);

/* Flags for yml_as_bool. */
#define YML_BOOL_11     0x01u /* also y/n/yes/no/on/off (YAML 1.1) */
#define YML_BOOL_QUOTED 0x02u /* also read quoted scalars ("true") */

/* Read scalar "n" as a boolean: plain true/false (any case of the
 * YAML 1.2 core forms True/TRUE) and, with flags, YAML 1.1 words and
 * quoted scalars.  A !!str tag makes it a string.  True and *out set when
 * it is a boolean. */
bool yml_as_bool(const struct yml_node *n, unsigned flags, bool *out);
/* Read scalar "n" as a decimal integer (optional sign, optionally quoted
 * when "quoted_ok"); false on anything else or overflow. */
bool yml_as_int(const struct yml_node *n, bool quoted_ok, long long *out);

/* The span of node "n" (its start, and its end when known). */
struct bh_span yml_span(const struct yml_node *n);
/* The span of a scalar's content: yml_span() without the quotes of a
 * quoted scalar (a block scalar keeps its indicator line). */
struct bh_span yml_value_span(const struct yml_node *n);
/* "scalar", "sequence" or "mapping". */
const char *yml_kind_name(enum yml_kind k);

#endif
