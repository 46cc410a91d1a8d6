/* SPDX-License-Identifier: Apache-2.0
 *
 * fix_edit.c - what a rule's fix function (its row's fix_fn, check.h)
 * writes with: an edit of the checked text (bh_fix_edit), a fix not made
 * and why (bh_fix_refuse: `fix` names it on stderr; bh_fix_why: the
 * reason src/core/scan.c names when a fix ends with no edit), the byte offset
 * of a source position (bh_fix_offset), the text's line ending and a
 * line's indentation.  Fix functions make text edits at positions the
 * model knows; they never re-serialise a document.  Applying, ordering
 * and printing the edits is src/fix's.
 * Tests: tests/unit/fix/test_fix.c, tests/fix/ (every fix, golden files),
 * tests/suites/fix.sh.
 */
#include "rule.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "../core/finding.h"
#include "../core/config.h"
#include "../parse/pins.h"
#include "../parse/yml.h"
#include "../util/arena.h"
#include "../util/strbuf.h"
#include "../util/diag.h"

long bh_fix_uid(const struct bh_check *c, const char **source)
{
	bool set = c->config && c->config->fix_uid_set;
	*source = set ? "fix.uid of .bulkhead.yaml"
		      : "the fix.uid default (set fix.uid in .bulkhead.yaml)";
	return c->config ? c->config->fix_uid : 10001;
}

size_t bh_fix_offset(const struct bh_check *c, int line, int col)
{
	if (!c->text || line < 1 || col < 1)
		return (size_t)-1;
	size_t off = 0;
	for (int l = 1; l < line; l++) {
		const char *nl = memchr(c->text + off, '\n', c->text_len - off);
		if (!nl)
			return (size_t)-1;
		off = (size_t)(nl - c->text) + 1;
	}
	size_t end = off;
	while (end < c->text_len && c->text[end] != '\n')
		end++;
	if ((size_t)(col - 1) > end - off)
		return (size_t)-1;
	return off + (size_t)(col - 1);
}

size_t bh_fix_line_start(const struct bh_check *c, size_t off)
{
	while (off > 0 && c->text[off - 1] != '\n')
		off--;
	return off;
}

size_t bh_fix_line_end(const struct bh_check *c, size_t off)
{
	size_t s = off;
	while (off < c->text_len && c->text[off] != '\n')
		off++;
	if (off < c->text_len && off > s && c->text[off - 1] == '\r')
		off--;
	return off;
}

const char *bh_fix_eol(const struct bh_check *c)
{
	const char *nl = c->text ? memchr(c->text, '\n', c->text_len) : NULL;
	return nl && nl > c->text && nl[-1] == '\r' ? "\r\n" : "\n";
}

bool bh_fix_text_is(const struct bh_check *c, struct bh_span s,
		    const char *want)
{
	if (s.line < 1 || s.end_line != s.line || s.end_col <= s.col)
		return false;
	size_t off = bh_fix_offset(c, s.line, s.col);
	size_t n = (size_t)(s.end_col - s.col);
	if (off == (size_t)-1 || off + n > c->text_len)
		return false;
	if (!want)
		return true;
	return strlen(want) == n && memcmp(c->text + off, want, n) == 0;
}

void bh_fix_edit(struct bh_check *c, const struct bh_rule *r, size_t start,
		 size_t end, const char *text, const char *note)
{
	bh_fix_edit_head(c, r, start, end, text, 0, note);
}

void bh_fix_edit_head(struct bh_check *c, const struct bh_rule *r,
		      size_t start, size_t end, const char *text, size_t head,
		      const char *note)
{
	if (!r || !c->out || !c->text || start > end || end > c->text_len ||
	    c->error != BH_OK)
		return;   /* r NULL: the YAML helpers' dry run */
	int line = 1, col = 1;
	for (size_t i = 0; i < start; i++) {
		if (c->text[i] == '\n') {
			line++;
			col = 1;
		} else {
			col++;
		}
	}
	struct bh_edit e = {
		.rule = r, .file = (char *)c->file, .start = start, .end = end,
		.text = (char *)text, .line = line, .col = col,
		.note = (char *)note, .seq = (unsigned)c->out->edits.n,
		.head = text && head <= strlen(text) ? head : 0,
		.fix_id = c->fix_id,
	};
	if (bh_edits_add(&c->out->edits, &e) != BH_OK)
		c->error = BH_ENOMEM;
}

void bh_fix_refuse(struct bh_check *c, const struct bh_rule *r, int line,
		   int col, const char *fmt, ...)
{
	if (!r || !c->out || c->error != BH_OK)
		return;   /* r NULL: the YAML helpers' dry run */
	char why[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	struct bh_edit e = {
		.rule = r, .file = (char *)c->file, .text = "", .line = line,
		.col = col, .note = why, .seq = (unsigned)c->out->edits.n,
		.refused = true,
	};
	if (bh_edits_add(&c->out->edits, &e) != BH_OK)
		c->error = BH_ENOMEM;
}

void bh_fix_why(struct bh_check *c, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(c->fix_why_buf, sizeof(c->fix_why_buf), fmt, ap);
	va_end(ap);
	c->fix_why = c->fix_why_buf;
}

/* A name bh_fix_create() takes: leading ".." components, then names,
 * the last a name. */
static bool beside_name(const char *name)
{
	bool names = false;
	if (!name || !*name)
		return false;
	for (const char *p = name; *p;) {
		const char *e = strchr(p, '/');
		size_t len = e ? (size_t)(e - p) : strlen(p);
		bool up = len == 2 && p[0] == '.' && p[1] == '.';
		if (!len || (len == 1 && p[0] == '.') || (up && names) ||
		    (up && !e))
			return false;
		names |= !up;
		p += len + (e != NULL);
		if (e && !*p)
			return false;
	}
	return true;
}

void bh_fix_create(struct bh_check *c, const struct bh_rule *r,
		   const char *name, const char *text, const char *note)
{
	if (!r || !c->out || !beside_name(name) || c->error != BH_OK)
		return;
	struct bh_edit e = {
		.rule = r, .file = (char *)c->file, .text = (char *)text,
		.line = 1, .col = 1, .note = (char *)note,
		.seq = (unsigned)c->out->edits.n, .create = (char *)name,
	};
	if (bh_edits_add(&c->out->edits, &e) != BH_OK)
		c->error = BH_ENOMEM;
}

void bh_fix_append(struct bh_check *c, const struct bh_rule *r,
		   const char *name, const char *old, size_t old_len,
		   const char *text, const char *note)
{
	if (!r || !c->out || !beside_name(name) || !old || !text || !*text ||
	    c->error != BH_OK)
		return;
	struct bh_edit e = {
		.rule = r, .file = (char *)c->file, .text = (char *)text,
		.line = 1, .col = 1, .note = (char *)note,
		.seq = (unsigned)c->out->edits.n, .create = (char *)name,
		.append = true, .old = (char *)old, .old_len = old_len,
		.start = old_len, .end = old_len,
	};
	for (size_t i = 0; i + 1 < old_len; i++)   /* the line added at */
		e.line += old[i] == '\n';
	if (old_len && old[old_len - 1] == '\n')
		e.line++;
	if (bh_edits_add(&c->out->edits, &e) != BH_OK)
		c->error = BH_ENOMEM;
}

/* ---- YAML: keys added at a mapping's own positions ---- */

/* Byte at (line, col) of the text, or -1; its offset in *off. */
static int yat(const struct bh_check *c, int line, int col, size_t *off)
{
	size_t o = bh_fix_offset(c, line, col);
	if (off)
		*off = o;
	return o == (size_t)-1 || o >= c->text_len ? -1
						   : (unsigned char)c->text[o];
}

/* A pair written in the mapping itself (not merged in with <<). */
static bool own(const struct yml_node *map, const struct yml_pair *p)
{
	return p->key && p->key->file == map->file &&
	       (p->key->line > map->line ||
		(p->key->line == map->line && p->key->col >= map->col)) &&
	       (!map->end_line || p->key->line <= map->end_line);
}

/* How far a block mapping indents nested block mappings (2 when it
 * has none). */
static int yaml_step(const struct yml_node *map)
{
	for (size_t k = 0; k < map->n; k++) {
		const struct yml_pair *p = &map->pairs[k];
		const struct yml_node *v = p->value;
		if (own(map, p) && v && v->kind == YML_MAP && v->n &&
		    v->pairs[0].key && v->pairs[0].key->line > p->key->line &&
		    v->pairs[0].key->col > p->key->col)
			return v->pairs[0].key->col - p->key->col;
	}
	return 2;
}

static bool is_flow(const struct bh_check *c, const struct yml_node *n,
		    int line_off, char open)
{
	return yat(c, n->line + line_off, n->col, NULL) == open;
}

static int last_line(const struct bh_check *c, const struct yml_node *n,
		     int line_off);

/* Where a new key line of block mapping "map" goes: after its first
 * pair when that key and a one-line scalar value sit on one line (and a
 * newline ends it), else
 * above its first key when that key starts its line, else (a first key
 * after a dash, "- args:", whose value is a block) on the line after
 * that value, else above its second key; *indent = the column of its
 * keys - 1.  (size_t)-1 when none of these. */
/* Whether something other than blanks and "- " dashes comes before the
 * mapping's first key on its line: '?' (an explicit key, its value on
 * the ": " line after), a tag or an anchor ("- !!str name: c", "&k name:
 * c").  The key's column is not the mapping's then, and a key added at
 * it would not parse. */
static bool first_key_decorated(const struct bh_check *c,
				const struct yml_node *map, int line_off)
{
	size_t at, ls;
	if (!map->n || !map->pairs[0].key ||
	    yat(c, map->pairs[0].key->line + line_off,
		map->pairs[0].key->col, &at) < 0 ||
	    yat(c, map->pairs[0].key->line + line_off, 1, &ls) < 0)
		return false;
	bool dash = false;   /* a tab separates only after a dash */
	for (size_t i = ls; i < at; i++) {
		char ch = c->text[i];
		if (ch == '-' && i + 1 < at &&
		    (c->text[i + 1] == ' ' || c->text[i + 1] == '\t')) {
			dash = true;
			continue;
		}
		if (ch != ' ' && !(ch == '\t' && dash))
			return true;
	}
	return false;
}

static size_t block_insert_at(const struct bh_check *c,
			      const struct yml_node *map, int line_off,
			      int *indent)
{
	if (!map->n || !own(map, &map->pairs[0]))
		return (size_t)-1;
	const struct yml_pair *p0 = &map->pairs[0];
	int line = p0->key->line + line_off;
	*indent = p0->key->col - 1;
	size_t ls;
	if (yat(c, line, 1, &ls) < 0)
		return (size_t)-1;
	const struct yml_node *v = p0->value;
	int vb = v ? yat(c, v->line + line_off, v->col, NULL) : -1;
	if (v && v->kind == YML_SCALAR && v->line == p0->key->line &&
	    v->end_line == v->line && vb != '|' && vb != '>') {
		size_t e = ls;
		while (e < c->text_len && c->text[e] != '\n')
			e++;
		if (e < c->text_len)
			return e + 1;
		/* the file's last line, without a newline: above it */
	}
	bool starts = true;
	for (int k = 0; k < *indent && starts; k++)
		starts = c->text[ls + (size_t)k] == ' ';
	if (starts)
		return ls;
	/* the first key follows a dash ("- args:" with a block value
	   under it): the line after that value, at the key's column, when
	   its last line is sure and no later key shares it */
	int end = last_line(c, v, line_off);
	if (end >= p0->key->line &&
	    (map->n < 2 || !map->pairs[1].key ||
	     end < map->pairs[1].key->line)) {
		size_t e = bh_fix_offset(c, end + line_off, 1);
		while (e != (size_t)-1 && e < c->text_len && c->text[e] != '\n')
			e++;
		if (e != (size_t)-1 && e < c->text_len)
			return e + 1;
	}
	/* else above its second key, which starts its line */
	if (map->n >= 2 && own(map, &map->pairs[1]) &&
	    map->pairs[1].key->col == p0->key->col &&
	    yat(c, map->pairs[1].key->line + line_off, 1, &ls) >= 0) {
		for (int k = 0; k < *indent; k++)
			if (c->text[ls + (size_t)k] != ' ')
				return (size_t)-1;
		return ls;
	}
	return (size_t)-1;
}

/* Where and how an entry is added to the flow collection "n" ('{' or
 * '[' at its start, "close" at its end), as text at its positions: */
struct flow_at {
	size_t at;          /* the insertion point */
	char lead[96];      /* before the entry: ", ", ",\n    " or the
			       indentation of a new line */
	char trail[16];     /* after it: "", ", ", "," or ",\n" */
	int flow;           /* struct bh_edit's flow: 2 into an empty one */
	int indent;         /* one entry a line: their column - 1, else -1 */
};

/* Whether the entries of flow collection "n" (pairs' keys, or items)
 * each start their line at one column; *indent = that column - 1. */
static bool flow_entries_lines(const struct bh_check *c,
			       const struct yml_node *n, int line_off,
			       int *indent)
{
	size_t cnt = n->kind == YML_MAP ? n->n : n->n;
	int col = 0, prev = n->line;
	for (size_t i = 0; i < cnt; i++) {
		const struct yml_node *k = n->kind == YML_MAP ? n->pairs[i].key
							      : n->items[i];
		size_t ls;
		if (!k || k->line <= prev || (col && k->col != col) ||
		    yat(c, k->line + line_off, 1, &ls) < 0)
			return false;
		for (int j = 0; j < k->col - 1; j++)
			if (c->text[ls + (size_t)j] != ' ')
				return false;
		col = k->col;
		prev = n->kind == YML_MAP && n->pairs[i].value
			       ? n->pairs[i].value->end_line : k->end_line;
		if (prev < k->line)
			prev = k->line;
	}
	*indent = col - 1;
	return col > 0 && *indent < 64;
}

/* Finds where a new entry of flow collection "n" goes: after its last
 * entry (", x" keeps "{ a: 1 }"'s and "{a: 1}"'s spacing, and a comment
 * after that entry stays after it), or, after a trailing comma, before
 * its closing bracket ("x, " there), or on a line of its own when the
 * entries stand one a line ("  x,\n" before a "}" line, or ",\n  x" after
 * the last entry); into an empty one ("{}"), before the bracket.  False
 * (bh_fix_why() says why) when the text between the last entry and the
 * bracket is not blanks, one comma and comments, or an empty one spans
 * lines. */
static bool flow_insert_at(struct bh_check *c, const struct yml_node *n,
			   int line_off, struct flow_at *fa)
{
	char open = n->kind == YML_MAP ? '{' : '[';
	char close = n->kind == YML_MAP ? '}' : ']';
	size_t op, cl;
	if (yat(c, n->line + line_off, n->col, &op) != open ||
	    yat(c, n->end_line + line_off, n->end_col - 1, &cl) != close ||
	    cl <= op) {
		bh_fix_why(c, "flow-style %s at line %d: its closing bracket "
			   "was not found (edit by hand)", n->kind == YML_MAP
			   ? "mapping" : "list", n->line + line_off);
		return false;
	}
	size_t v = op + 1;
	if (n->n) {
		const struct yml_node *last;
		if (n->kind == YML_MAP) {
			const struct yml_pair *p = &n->pairs[n->n - 1];
			last = own(n, p) ? p->value : NULL;
		} else {
			last = n->items[n->n - 1];
		}
		if (!last || last->file != n->file || !last->end_line ||
		    (last->kind == YML_SCALAR && last->style == YML_PLAIN &&
		     !last->len) ||
		    (v = bh_fix_offset(c, last->end_line + line_off,
				       last->end_col)) == (size_t)-1 ||
		    v <= op || v > cl) {
			bh_fix_why(c, "flow-style %s at line %d: the end of its "
				   "last entry is not sure (edit by hand)",
				   n->kind == YML_MAP ? "mapping" : "list",
				   n->line + line_off);
			return false;
		}
	}
	bool comma = false, multi = false, note = false;
	for (size_t i = v; i < cl; i++) {
		char ch = c->text[i];
		if (ch == '\n')
			multi = true;
		else if (ch == ',' && !comma && n->n)
			comma = true;
		else if (ch == '#' && i > v && strchr(" \t\n", c->text[i - 1])) {
			note |= !multi;
			while (i < cl && c->text[i] != '\n')
				i++;
			i--;
		} else if (!strchr(" \t\r", ch)) {
			bh_fix_why(c, "flow-style %s at line %d: what follows "
				   "its last entry is not understood (edit by "
				   "hand)", n->kind == YML_MAP ? "mapping"
				   : "list", n->line + line_off);
			return false;
		}
	}
	const char *eol = bh_fix_eol(c);
	int indent = 0;
	bool lines = multi && n->n && flow_entries_lines(c, n, line_off, &indent);
	fa->trail[0] = 0;
	fa->flow = 1;
	fa->indent = -1;
	if (!n->n) {
		if (multi) {
			bh_fix_why(c, "flow-style empty %s at line %d spans "
				   "lines: no entry written into it (edit by "
				   "hand)", n->kind == YML_MAP ? "mapping"
				   : "list", n->line + line_off);
			return false;
		}
		/* "{ }": "{ k: v }", the blank once after the last entry
		   (src/fix) */
		size_t b = cl;
		while (b > op + 1 && (c->text[b - 1] == ' ' ||
				      c->text[b - 1] == '\t'))
			b--;
		fa->at = cl;
		snprintf(fa->lead, sizeof(fa->lead), ", ");
		if (cl - b < sizeof(fa->trail))
			snprintf(fa->trail, sizeof(fa->trail), "%.*s",
				 (int)(cl - b), c->text + b);
		fa->flow = 2;
		return true;
	}
	if (!comma) {
		fa->at = v;
		if (lines && !note) {
			snprintf(fa->lead, sizeof(fa->lead), ",%s%*s", eol,
				 indent, "");
			fa->indent = indent;
		} else
			snprintf(fa->lead, sizeof(fa->lead), ", ");
		return true;
	}
	size_t ls = bh_fix_line_start(c, cl);
	bool alone = true;
	for (size_t i = ls; i < cl && alone; i++)
		alone = c->text[i] == ' ' || c->text[i] == '\t';
	if (lines && alone) {
		fa->at = ls;
		snprintf(fa->lead, sizeof(fa->lead), "%*s", indent, "");
		snprintf(fa->trail, sizeof(fa->trail), ",%s", eol);
		fa->indent = indent;
		return true;
	}
	/* " k: v," right after the trailing comma, whatever blanks it has
	   before the bracket ("{a: 1, }", "[a,]") */
	size_t b = cl;
	while (b > v && (c->text[b - 1] == ' ' || c->text[b - 1] == '\t'))
		b--;
	if (c->text[b - 1] != ',') {
		bh_fix_why(c, "flow-style %s at line %d: what follows its last "
			   "entry is not understood (edit by hand)",
			   n->kind == YML_MAP ? "mapping" : "list",
			   n->line + line_off);
		return false;
	}
	fa->at = b;
	snprintf(fa->lead, sizeof(fa->lead), " ");
	snprintf(fa->trail, sizeof(fa->trail), ",");
	return true;
}

/* An insertion into a flow collection (struct bh_edit's flow, head and
 * tail: src/fix merges shared new parents). */
static void flow_edit(struct bh_check *c, const struct bh_rule *r,
		      const struct flow_at *fa, const char *text, size_t head,
		      size_t tail, const char *note)
{
	size_t n0 = c->out ? c->out->edits.n : 0;
	bh_fix_edit_head(c, r, fa->at, fa->at, text, head, note);
	if (c->out && c->out->edits.n == n0 + 1) {
		struct bh_edit *e = &c->out->edits.v[n0];
		e->flow = (unsigned char)fa->flow;
		e->head = head;
		e->tail = tail;
	}
}

bool bh_fix_yaml_flow_add(struct bh_check *c, const struct bh_rule *r,
			  const struct yml_node *n, int line_off,
			  const char *entries, const char *note)
{
	struct flow_at fa;
	if (!c->text || !n || (n->kind != YML_MAP && n->kind != YML_SEQ) ||
	    !is_flow(c, n, line_off, n->kind == YML_MAP ? '{' : '[') ||
	    !flow_insert_at(c, n, line_off, &fa))
		return false;
	struct strbuf sb = STRBUF_INIT;
	strbuf_adds(&sb, fa.lead);
	/* one entry a line: each of several its own line */
	int depth = 0;
	char q = 0;
	for (const char *p = entries; *p; p++) {
		if (q) {
			if (q == '"' && *p == '\\' && p[1]) {
				strbuf_addc(&sb, *p++);
			} else if (*p == q) {
				q = 0;
			}
		} else if (*p == '"' || *p == '\'') {
			q = *p;
		} else if (*p == '{' || *p == '[') {
			depth++;
		} else if (*p == '}' || *p == ']') {
			depth--;
		} else if (fa.indent >= 0 && !depth && p[0] == ',' &&
			   p[1] == ' ') {
			strbuf_printf(&sb, ",%s%*s", bh_fix_eol(c), fa.indent,
				      "");
			p++;
			continue;
		}
		strbuf_addc(&sb, *p);
	}
	strbuf_adds(&sb, fa.trail);
	if (!sb.failed)
		flow_edit(c, r, &fa, sb.buf, 0, strlen(fa.trail), note);
	bool ok = !sb.failed;
	strbuf_free(&sb);
	return ok;
}

/* Replaces the one-line plain scalar "v" by "value" unless it is that
 * already; false when it is no such scalar, or holds a '$' (a variable
 * Compose or a template fills in: bh_fix_why() says so). */
bool bh_fix_yaml_scalar(struct bh_check *c, const struct bh_rule *r,
		       const struct yml_node *v, int line_off,
		       const char *value, const char *note)
{
	size_t at;
	if (!v || v->kind != YML_SCALAR || v->style != YML_PLAIN || v->tag ||
	    v->end_line != v->line || v->end_col <= v->col ||
	    yat(c, v->line + line_off, v->col, &at) < 0)
		return false;
	size_t n = (size_t)(v->end_col - v->col);
	if (at + n > c->text_len)
		return false;
	if (n == strlen(value) && !memcmp(c->text + at, value, n))
		return true;
	if (memchr(c->text + at, '$', n)) {
		bh_fix_why(c, "the value at line %d comes from a variable: not "
			   "replaced (set it where the variable is given)",
			   v->line + line_off);
		return false;
	}
	bh_fix_edit(c, r, at, at + n, value, note);
	return true;
}

bool bh_fix_yaml_put(struct bh_check *c, const struct bh_rule *r,
		     const struct yml_node *map, int line_off,
		     const char *path, const char *const *leaves,
		     const char *note)
{
	/* an anchored mapping is every alias's and every << merge's too: a
	   key added there would change them all (another pod, a privileged
	   service) */
	if (!c->text || !yml_is_map(map))
		return false;
	if (map->anchor) {
		bh_fix_why(c, "the mapping is anchor &%s, which its aliases and "
			   "<< merges share: a key added there would change them "
			   "too (edit each by hand)", map->anchor);
		return false;
	}
	/* follow the part of the path that is there */
	const char *segs[8];
	size_t nseg = 0, have = 0;
	char buf[256];
	snprintf(buf, sizeof(buf), "%s", path ? path : "");
	char *sv = NULL;
	for (char *t = strtok_r(buf, ".", &sv); t && nseg < 8;
	     t = strtok_r(NULL, ".", &sv))
		segs[nseg++] = t;
	const struct yml_node *m = map;
	for (; have < nseg; have++) {
		const struct yml_pair *p = yml_get_pair(m, segs[have]);
		if (!p)
			break;
		if (!own(m, p) || !yml_is_map(p->value) ||
		    (!p->value->n && !is_flow(c, p->value, line_off, '{')) ||
		    p->value->file != m->file || p->value->anchor) {
			/* null, a scalar, merged, anchored (shared): left
			   alone */
			if (!own(m, p) || (p->value && p->value->file != m->file))
				bh_fix_why(c, "%s: comes from a << merge: a key "
					   "added there would change every "
					   "mapping merging it (edit by hand)",
					   segs[have]);
			else if (p->value && p->value->anchor)
				bh_fix_why(c, "%s: is anchor &%s, which its "
					   "aliases and << merges share: a key "
					   "added there would change them too "
					   "(edit each by hand)", segs[have],
					   p->value->anchor);
			else if (yml_is_map(p->value))
				bh_fix_why(c, "%s: is an empty mapping: no key "
					   "written into it (edit by hand)",
					   segs[have]);
			else
				bh_fix_why(c, "%s: holds no mapping (null, a "
					   "scalar or a list): no key written "
					   "under it (edit by hand)", segs[have]);
			return false;
		}
		m = p->value;
	}
	const char *eol = bh_fix_eol(c);
	bool flow = is_flow(c, m, line_off, '{');
	/* a block value ("\n- a: b\n  c: d", lines under the key) has no
	   place in a flow mapping */
	for (size_t i = 0; flow && leaves[i] && leaves[i + 1]; i += 2)
		if (leaves[i + 1][0] == '\n') {
			bh_fix_why(c, "flow-style mapping ({...}) at line %d: "
				   "no block value written inside it (edit "
				   "by hand)", m->line + line_off);
			return false;
		}
	/* leaves already there: replaced when a plain one-line scalar */
	const char *miss[32];
	size_t nmiss = 0;
	bool any = false;
	for (size_t i = 0; leaves[i] && leaves[i + 1] && nmiss + 2 < 32; i += 2) {
		const struct yml_pair *p = have == nseg ? yml_get_pair(m, leaves[i])
							: NULL;
		if (p) {
			if (own(m, p) && bh_fix_yaml_scalar(c, r, p->value, line_off,
						    leaves[i + 1], note))
				any = true;
			continue;
		}
		miss[nmiss++] = leaves[i];
		miss[nmiss++] = leaves[i + 1];
	}
	if (!nmiss)
		return any;
	struct strbuf sb = STRBUF_INIT;
	size_t at, head = 0;
	if (flow) {
		/* new parents in flow style too ("securityContext:
		   {capabilities: {drop: [ALL]}}"): their openings are the
		   edit's head, their closings its tail, so src/fix writes a
		   parent two rules add once */
		struct flow_at fa;
		if (!flow_insert_at(c, m, line_off, &fa))
			return any;
		strbuf_adds(&sb, fa.lead);
		for (size_t s = have; s < nseg; s++)
			strbuf_printf(&sb, "%s: {", segs[s]);
		head = have < nseg ? sb.len : 0;
		for (size_t i = 0; i < nmiss; i += 2)
			strbuf_printf(&sb, "%s%s: %s", i ? ", " : "", miss[i],
				      miss[i + 1]);
		size_t body = sb.len;
		for (size_t s = have; s < nseg; s++)
			strbuf_adds(&sb, "}");
		strbuf_adds(&sb, fa.trail);
		if (!sb.failed)
			flow_edit(c, r, &fa, sb.buf, head, sb.len - body, note);
		bool ok = !sb.failed;
		strbuf_free(&sb);
		return any || ok;
	} else {
		int indent = 0, step = yaml_step(m);
		if (first_key_decorated(c, m, line_off)) {
			bh_fix_why(c, "the mapping at line %d writes a '?', tag "
				   "or anchor before its first key: no key "
				   "added to it (edit by hand)",
				   m->line + line_off);
			return any;
		}
		at = block_insert_at(c, m, line_off, &indent);
		if (at == (size_t)-1) {
			if (c->text_len && c->text[c->text_len - 1] != '\n')
				bh_fix_why(c, "no line to add a key to the "
					   "mapping at line %d: the file does "
					   "not end with a newline (add one, "
					   "then run fix again)",
					   m->line + line_off);
			else
				bh_fix_why(c, "no line to add a key to the "
					   "mapping at line %d (edit by hand)",
					   m->line + line_off);
			return any;
		}
		for (size_t s = have; s < nseg; s++)
			strbuf_printf(&sb, "%*s%s:%s",
				      indent + (int)(s - have) * step, "",
				      segs[s], eol);
		head = sb.len;
		int ki = indent + (int)(nseg - have) * step;
		for (size_t i = 0; i < nmiss; i += 2) {
			const char *v = miss[i + 1];
			if (v[0] != '\n') {
				strbuf_printf(&sb, "%*s%s: %s%s", ki, "", miss[i],
					      v, eol);
				continue;
			}
			/* a block value: each line under the key, one step in */
			strbuf_printf(&sb, "%*s%s:%s", ki, "", miss[i], eol);
			for (const char *l = v + 1; *l;) {
				const char *nl = strchr(l, '\n');
				int n = nl ? (int)(nl - l) : (int)strlen(l);
				strbuf_printf(&sb, "%*s%.*s%s", ki + step, "", n, l,
					      eol);
				l += n + (nl != NULL);
			}
		}
	}
	if (!sb.failed && sb.len) {
		bh_fix_edit_head(c, r, at, at, sb.buf, head, note);
		any = true;
	}
	strbuf_free(&sb);
	return any;
}

/* The last line (relative) a block node's text takes, or -1 when that is
 * not sure (a block scalar, a null value). */
static int last_line(const struct bh_check *c, const struct yml_node *n,
		     int line_off)
{
	if (!n)
		return -1;
	if (n->kind == YML_SCALAR) {
		if (n->style == YML_LITERAL || n->style == YML_FOLDED ||
		    !n->end_line || (!n->len && n->style == YML_PLAIN))
			return -1;
		return n->end_line;
	}
	if (is_flow(c, n, line_off, '{') || is_flow(c, n, line_off, '['))
		return n->end_line ? n->end_line : -1;
	if (n->kind == YML_MAP)
		return n->n && own(n, &n->pairs[n->n - 1])
			       ? last_line(c, n->pairs[n->n - 1].value, line_off)
			       : -1;
	if (n->kind == YML_SEQ)
		return n->n ? last_line(c, n->items[n->n - 1], line_off) : -1;
	return -1;
}

/* Where a new block item goes after the one whose dash is at (line,
 * dash) and whose last line is "end" (file lines are "line_off" past the
 * document's): the start of the line after "end", when only blanks stand
 * before the dash and that line ends with a newline; else (size_t)-1. */
static size_t below_item(const struct bh_check *c, int line, int dash,
			 int end, int line_off)
{
	size_t ls;
	if (end < 0 || dash < 1 || yat(c, line, dash, NULL) != '-' ||
	    yat(c, line, 1, &ls) < 0)
		return (size_t)-1;
	for (int k = 0; k < dash - 1; k++)
		if (c->text[ls + (size_t)k] != ' ')
			return (size_t)-1;
	size_t e = bh_fix_offset(c, end + line_off, 1);
	if (e == (size_t)-1)
		return e;
	while (e < c->text_len && c->text[e] != '\n')
		e++;
	return e < c->text_len ? e + 1 : (size_t)-1;
}

bool bh_fix_yaml_add_item(struct bh_check *c, const struct bh_rule *r,
			  const struct yml_node *seq, int line_off,
			  const char *item, const char *note)
{
	if (!c->text || !yml_is_seq(seq))
		return false;
	if (is_flow(c, seq, line_off, '['))
		return bh_fix_yaml_flow_add(c, r, seq, line_off, item, note);
	if (!seq->n)
		return false;
	const struct yml_node *last = seq->items[seq->n - 1];
	if (!last || last->file != seq->file ||
	    (last->kind == YML_MAP && is_flow(c, last, line_off, '{') &&
	     last->end_line != last->line))
		return false;
	int line = last->line + line_off, dash = last->col - 2;
	if (yat(c, line, dash + 1, NULL) != ' ')
		return false;
	size_t e = below_item(c, line, dash, last_line(c, last, line_off),
			      line_off);
	if (e == (size_t)-1)
		return false;
	char buf[256];
	snprintf(buf, sizeof(buf), "%*s- %s%s", dash - 1, "", item, bh_fix_eol(c));
	bh_fix_edit(c, r, e, e, buf, note);
	return true;
}

bool bh_fix_yaml_add_map_item(struct bh_check *c, const struct bh_rule *r,
			      const struct yml_node *seq, int line_off,
			      const char *const *kv, const char *note)
{
	if (!c->text || !yml_is_seq(seq) || !kv[0] || !kv[1])
		return false;
	char flow[256];
	size_t o = 0;
	for (size_t i = 0; kv[i] && kv[i + 1] && o < sizeof(flow); i += 2)
		o += (size_t)snprintf(flow + o, sizeof(flow) - o, "%s%s: %s",
				      i ? ", " : "{", kv[i], kv[i + 1]);
	if (o + 2 >= sizeof(flow))
		return false;
	snprintf(flow + o, sizeof(flow) - o, "}");
	const struct yml_node *last = seq->n ? seq->items[seq->n - 1] : NULL;
	if (is_flow(c, seq, line_off, '[') || !last || last->kind != YML_MAP ||
	    is_flow(c, last, line_off, '{'))
		return bh_fix_yaml_add_item(c, r, seq, line_off, flow, note);
	/* a block mapping after the last one, its keys at that one's column
	   ("- name: tmp\n  mountPath: /tmp"), the dash where its dash is */
	int line = last->line + line_off, dash = last->col - 2;
	while (dash >= 1 && yat(c, line, dash, NULL) == ' ')
		dash--;
	size_t e = below_item(c, line, dash, last_line(c, last, line_off),
			      line_off);
	if (e == (size_t)-1)
		return false;
	const char *eol = bh_fix_eol(c);
	struct strbuf sb = STRBUF_INIT;
	for (size_t i = 0; kv[i] && kv[i + 1]; i += 2) {
		if (i)
			strbuf_printf(&sb, "%*s", last->col - 1, "");
		else
			strbuf_printf(&sb, "%*s-%*s", dash - 1, "",
				      last->col - dash - 1, "");
		strbuf_printf(&sb, "%s: %s%s", kv[i], kv[i + 1], eol);
	}
	if (!sb.failed)
		bh_fix_edit(c, r, e, e, sb.buf, note);
	bool ok = !sb.failed;
	strbuf_free(&sb);
	return ok;
}

/* ---- `fix --pins`: image references pinned by digest ---- */

const char *bh_fix_pinned(struct bh_check *c, const char *ref, size_t len,
			  const char **note)
{
	const struct pins *p = c->config ? c->config->fix_pins : NULL;
	if (!p || !ref || !len || len > 512)
		return NULL;
	if (memchr(ref, '@', len) || memchr(ref, '$', len) ||
	    memchr(ref, '{', len)) {
		bh_fix_why(c, "the image reference holds %s: no digest written "
			   "(pin it by hand)", memchr(ref, '@', len)
			   ? "a digest already" : "a variable");
		return NULL;
	}
	char name[520];
	memcpy(name, ref, len);
	name[len] = 0;
	for (size_t i = 0; i < len; i++)
		if ((unsigned char)name[i] <= ' ' || name[i] == '"' ||
		    name[i] == '\'' || name[i] == '\\' || name[i] == '#') {
			bh_fix_why(c, "the image reference holds a quote, "
				   "blank, backslash or '#': no digest written "
				   "(pin it by hand)");
			return NULL;
		}
	char *slash = strrchr(name, '/');
	char *colon = strchr(slash ? slash : name, ':');
	const char *tag = NULL;
	if (colon) {
		*colon = 0;
		tag = colon + 1;
		if (!strcmp(tag, "latest"))
			tag = NULL;   /* any tag the pins file gives */
	}
	const struct pin *pin = pins_find(p, name, tag);
	if (!pin) {
		bh_fix_why(c, "the --pins file names no digest for %s%s%s (add "
			   "a line \"IMAGE[:TAG] sha256:DIGEST\" for it)", name,
			   tag ? ":" : "", tag ? tag : "");
		return NULL;
	}
	const char *t = tag ? tag : pin->tag;
	if (note)
		*note = arena_printf(c->arena, "digest from the --pins file, "
				     "line %d", pin->line);
	return arena_printf(c->arena, "%s%s%s@%s", name, t ? ":" : "",
			    t ? t : "", pin->digest);
}

bool bh_fix_yaml_string(struct bh_check *c, const struct bh_rule *r,
			const struct yml_node *v, int line_off,
			const char *value, const char *note)
{
	if (!v || v->kind != YML_SCALAR || v->style == YML_PLAIN)
		return bh_fix_yaml_scalar(c, r, v, line_off, value, note);
	size_t at;
	if (v->tag || v->end_line != v->line || v->end_col < v->col + 2 ||
	    yat(c, v->line + line_off, v->col, &at) < 0)
		return false;
	size_t n = (size_t)(v->end_col - v->col);
	char q = v->style == YML_SINGLE_QUOTED ? '\'' : '"';
	if (at + n > c->text_len || c->text[at] != q ||
	    c->text[at + n - 1] != q || strchr(value, q) ||
	    strchr(value, '\\') || n - 2 != v->len ||
	    memcmp(c->text + at + 1, v->str, v->len))
		return false;   /* escapes inside: not edited */
	if (v->len == strlen(value) && !memcmp(v->str, value, v->len))
		return true;
	bh_fix_edit(c, r, at + 1, at + n - 1, value, note);
	return true;
}
