/* SPDX-License-Identifier: Apache-2.0
 *
 * expand.c - BuildKit's variable expansion of Dockerfile instruction words.
 *
 * This file owns expand_word(): what BuildKit's shell.Lex.ProcessWord does
 * to the words of FROM, ARG, ENV, USER, WORKDIR, COPY --from and friends.
 * Behaviour follows moby/buildkit frontend/dockerfile/shell/lex.go (read
 * for facts; this is our own code):
 *   - the escape character (\ or `) makes the next character literal and
 *     is dropped, except inside ${VAR#..}, ${VAR%..} and ${VAR/../..}
 *     where it is kept for the pattern;
 *   - '...' is literal, "..." expands $ and lets the escape character
 *     escape " $ and itself; quotes are dropped unless keep_quotes;
 *   - $NAME, ${NAME}, $1 (digits), $@ $* $# $? $- $$ $! (special
 *     parameters are looked up by name); "$" not followed by a name stays;
 *   - ${N:-w} ${N-w} ${N:+w} ${N+w} ${N:?m} ${N?m}, ${N#p} ${N##p}
 *     ${N%p} ${N%%p} and ${N/p/r} ${N//p/r}, where p is a glob with * and ?
 *     (no brackets) and neither wildcard matches a newline (Go regexp '.').
 * It does not do word splitting, tilde or command substitution (BuildKit
 * does not either).  Differences from Go: letters in names are ASCII or any
 * byte >= 0x80 (Go: Unicode letters).
 *
 * Invariants: nesting of ${...} is bounded (MAX_NEST), output is bounded
 * (MAX_OUT), pattern matching is a table of (pattern+1) x (value+1)
 * entries filled once (MAX_CELLS), no backtracking.
 * Tests: tests/unit/model/test_expand.c.
 */
#include "expand.h"

#include <stdint.h>
#include <string.h>

#define MAX_NEST 64
#define MAX_OUT ((size_t)1 << 20)
#define MAX_CELLS ((size_t)1 << 22)

struct buf {
	char *b;
	size_t len, cap;
};

struct ex {
	const char *s;
	size_t n, p;
	const struct expand_opts *o;
	struct arena *a;
	int nest;
	bool raw_escapes;
	const char *err;
};

static int fail(struct ex *x, const char *msg)
{
	if (!x->err)
		x->err = msg;
	return -1;
}

static int put(struct ex *x, struct buf *b, const char *s, size_t n)
{
	if (n == 0)
		return 0;
	if (b->len + n > MAX_OUT)
		return fail(x, "expansion too long");
	if (b->len + n + 1 > b->cap) {
		size_t nc = b->cap ? b->cap : 32;
		while (nc < b->len + n + 1)
			nc *= 2;
		char *p = arena_grow(x->a, b->b, b->len, nc, 1);
		if (!p)
			return fail(x, "out of memory");
		b->b = p;
		b->cap = nc;
	}
	memcpy(b->b + b->len, s, n);
	b->len += n;
	b->b[b->len] = 0;
	return 0;
}

static int putc1(struct ex *x, struct buf *b, char c)
{
	return put(x, b, &c, 1);
}

static const char *str(struct buf *b)
{
	return b->b ? b->b : "";
}

static int peek(struct ex *x)
{
	return x->p < x->n ? (unsigned char)x->s[x->p] : -1;
}

static int next(struct ex *x)
{
	return x->p < x->n ? (unsigned char)x->s[x->p++] : -1;
}

static const char *lookup(struct ex *x, const char *name, size_t len)
{
	if (!x->o->lookup)
		return NULL;
	return x->o->lookup(x->o->ctx, name, len);
}

static void note_unset(struct ex *x)
{
	if (x->o->used_unset)
		*x->o->used_unset = true;
}

static bool is_digit(int c)
{
	return c >= '0' && c <= '9';
}

static bool is_name_char(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       is_digit(c) || c == '_' || c >= 0x80;
}

static bool is_special(int c)
{
	return c == '@' || c == '*' || c == '#' || c == '?' || c == '-' ||
	       c == '$' || c == '!' || c == '0';
}

/* A parameter name: digits, one special character, or name characters. */
static void read_name(struct ex *x, size_t *start, size_t *len)
{
	*start = x->p;
	int c = peek(x);
	if (is_digit(c)) {
		while (is_digit(peek(x)))
			x->p++;
	} else if (c >= 0 && is_special(c)) {
		x->p++;
	} else {
		while (peek(x) >= 0 && is_name_char(peek(x)))
			x->p++;
	}
	*len = x->p - *start;
}

static int process(struct ex *x, int stop, bool raw, struct buf *out);

static int single_quoted(struct ex *x, struct buf *out)
{
	int ch = next(x);
	if (x->o->keep_quotes && putc1(x, out, (char)ch))
		return -1;
	/* the text up to the closing quote, in one put */
	const char *q = memchr(x->s + x->p, '\'', x->n - x->p);
	size_t end = q ? (size_t)(q - x->s) : x->n;
	if (put(x, out, x->s + x->p, end - x->p))
		return -1;
	x->p = end;
	if (!q)
		return fail(x, "unexpected end of statement while "
			       "looking for matching single-quote");
	x->p++;
	if (x->o->keep_quotes && putc1(x, out, '\''))
		return -1;
	return 0;
}

static int dollar(struct ex *x, struct buf *out);

static int double_quoted(struct ex *x, struct buf *out)
{
	int ch = next(x);
	char esc = x->o->escape ? x->o->escape : '\\';
	if (x->o->keep_quotes && putc1(x, out, (char)ch))
		return -1;
	for (;;) {
		int c = peek(x);
		if (c < 0)
			return fail(x, "unexpected end of statement while "
				       "looking for matching double-quote");
		if (c == '"') {
			x->p++;
			if (x->o->keep_quotes && putc1(x, out, '"'))
				return -1;
			return 0;
		}
		if (c == '$') {
			if (dollar(x, out))
				return -1;
			continue;
		}
		if (c != (unsigned char)esc) {
			/* a run of plain bytes in one put */
			size_t st = x->p++;
			while (x->p < x->n) {
				int d = (unsigned char)x->s[x->p];
				if (d == '"' || d == '$' || d == (unsigned char)esc)
					break;
				x->p++;
			}
			if (put(x, out, x->s + st, x->p - st))
				return -1;
			continue;
		}
		x->p++;
		if (c == (unsigned char)esc) {
			if (x->raw_escapes && putc1(x, out, (char)c))
				return -1;
			int n = peek(x);
			if (n < 0)
				continue;   /* escape at the end is dropped */
			if (n == '"' || n == '$' || n == (unsigned char)esc)
				c = next(x);
		}
		if (putc1(x, out, (char)c))
			return -1;
	}
}

/* ---- glob patterns: *, ? and literals, as BuildKit's regexp does ---- */

enum { T_LIT, T_ANY, T_STAR };

struct pat {
	unsigned char *kind;
	unsigned char *ch;
	size_t n;
};

/* Compile "p" (escape characters kept as backslashes).  -1 on an invalid
 * escape (only \* \? \\ and \} \/ are allowed). */
static int compile(struct ex *x, const char *p, size_t n, struct pat *out)
{
	out->kind = arena_alloc(x->a, n + 1);
	out->ch = arena_alloc(x->a, n + 1);
	out->n = 0;
	if (!out->kind || !out->ch)
		return fail(x, "out of memory");
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)p[i];
		if (c == '*' || c == '?') {
			out->kind[out->n] = c == '*' ? T_STAR : T_ANY;
			out->ch[out->n++] = c;
			continue;
		}
		if (c == '\\') {
			if (i + 1 < n && (p[i + 1] == '}' || p[i + 1] == '/'))
				continue;
			if (i + 1 >= n || !(p[i + 1] == '*' || p[i + 1] == '?' ||
					    p[i + 1] == '\\'))
				return fail(x, "invalid pattern in substitution");
			c = (unsigned char)p[++i];
		}
		out->kind[out->n] = T_LIT;
		out->ch[out->n++] = c;
	}
	return 0;
}

/* Length of the UTF-8 character at v[j] (1 for invalid bytes). */
static size_t charlen(const char *v, size_t n, size_t j)
{
	unsigned char c = (unsigned char)v[j];
	size_t l = c < 0x80 ? 1 : c >= 0xf0 && c < 0xf8 ? 4 :
		   c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
	if (l > 1 && (c >= 0xf8 || j + l > n))
		return 1;
	for (size_t k = 1; k < l; k++)
		if (((unsigned char)v[j + k] & 0xc0) != 0x80)
			return 1;
	return l;
}

/* E[i*(n+1)+j]: where the leftmost-first (Go regexp priority) match of
 * tokens i.. starting at byte j ends, or -1.  Stars are all greedy or all
 * lazy; "*" and "?" never match '\n'. */
static int32_t *match_table(struct ex *x, const struct pat *pt, const char *v,
			    size_t n, bool greedy)
{
	size_t m = pt->n;
	if ((m + 1) > MAX_CELLS / (n + 1)) {
		fail(x, "pattern substitution too large");
		return NULL;
	}
	size_t w = n + 1;
	int32_t *E = arena_array(x->a, (m + 1) * w, sizeof(int32_t));
	if (!E) {
		fail(x, "out of memory");
		return NULL;
	}
	for (size_t j = 0; j <= n; j++)
		E[m * w + j] = (int32_t)j;
	for (size_t i = m; i-- > 0;) {
		int32_t *row = E + i * w, *nxt = E + (i + 1) * w;
		for (size_t j = n + 1; j-- > 0;) {
			int32_t r = -1;
			size_t cl = j < n ? charlen(v, n, j) : 0;
			bool can_step = j < n && v[j] != '\n';
			switch (pt->kind[i]) {
			case T_LIT:
				if (j < n && (unsigned char)v[j] == pt->ch[i])
					r = nxt[j + 1];
				break;
			case T_ANY:
				if (can_step)
					r = nxt[j + cl];
				break;
			case T_STAR:
				if (greedy) {
					r = can_step ? row[j + cl] : -1;
					if (r < 0)
						r = nxt[j];
				} else {
					r = nxt[j];
					if (r < 0 && can_step)
						r = row[j + cl];
				}
				break;
			}
			row[j] = r;
		}
	}
	return E;
}

/* Reverse by UTF-8 characters. */
static char *reverse_chars(struct ex *x, const char *s, size_t n)
{
	char *r = arena_alloc(x->a, n + 1);
	if (!r)
		return NULL;
	size_t j = 0;
	while (j < n) {
		size_t l = charlen(s, n, j);
		memcpy(r + n - j - l, s + j, l);
		j += l;
	}
	r[n] = 0;
	return r;
}

/* Reverse a pattern keeping "\x" pairs in order ("a\*c" -> "c\*a"). */
static char *reverse_pattern(struct ex *x, const char *s, size_t n)
{
	char *r = arena_alloc(x->a, n + 1);
	if (!r)
		return NULL;
	size_t j = 0;
	while (j < n) {
		if (s[j] == '\\' && j + 1 < n) {
			size_t l = charlen(s, n, j + 1);
			memcpy(r + n - j - 1 - l, s + j, 1 + l);
			j += 1 + l;
		} else {
			size_t l = charlen(s, n, j);
			memcpy(r + n - j - l, s + j, l);
			j += l;
		}
	}
	r[n] = 0;
	return r;
}

/* ${V#p} / ${V##p}: drop the shortest/longest matching prefix. */
static int trim_prefix(struct ex *x, const char *p, size_t pn, const char *v,
		       size_t vn, bool greedy, size_t *cut)
{
	struct pat pt;
	if (compile(x, p, pn, &pt))
		return -1;
	int32_t *E = match_table(x, &pt, v, vn, greedy);
	if (!E)
		return -1;
	*cut = E[0] >= 0 ? (size_t)E[0] : 0;
	return 0;
}

static int trim(struct ex *x, char op, const char *word, const char *v,
		struct buf *out)
{
	bool greedy = false;
	size_t wn = strlen(word), vn = strlen(v);
	if (wn > 0 && word[0] == op) {
		greedy = true;
		word++;
		wn--;
	}
	size_t cut;
	if (op == '#') {
		if (trim_prefix(x, word, wn, v, vn, greedy, &cut))
			return -1;
		return put(x, out, v + cut, vn - cut);
	}
	char *rp = reverse_pattern(x, word, wn);
	char *rv = reverse_chars(x, v, vn);
	if (!rp || !rv)
		return fail(x, "out of memory");
	if (trim_prefix(x, rp, wn, rv, vn, greedy, &cut))
		return -1;
	char *res = reverse_chars(x, rv + cut, vn - cut);
	if (!res)
		return fail(x, "out of memory");
	return put(x, out, res, vn - cut);
}

/* Go's Regexp.Expand for a template without capture groups: $0 / ${0}
 * is the match, $$ is "$", other names are empty, a malformed $ stays. */
static int put_template(struct ex *x, struct buf *out, const char *t,
			const char *match, size_t mlen)
{
	while (*t) {
		const char *d = strchr(t, '$');
		if (!d)
			return put(x, out, t, strlen(t));
		if (put(x, out, t, (size_t)(d - t)))
			return -1;
		t = d + 1;
		if (*t == '$') {
			if (putc1(x, out, '$'))
				return -1;
			t++;
			continue;
		}
		const char *name = t, *end;
		bool brace = *t == '{';
		if (brace)
			name++;
		end = name;
		while (*end && (is_name_char((unsigned char)*end) &&
				(unsigned char)*end < 0x80))
			end++;
		if (end == name || (brace && *end != '}')) {
			if (putc1(x, out, '$'))  /* malformed: literal $ */
				return -1;
			continue;
		}
		size_t nl = (size_t)(end - name);
		if (nl == 1 && name[0] == '0' && put(x, out, match, mlen))
			return -1;
		t = brace ? end + 1 : end;
	}
	return 0;
}

static int replace(struct ex *x, const char *pat, const char *repl,
		   const char *v, bool all, struct buf *out)
{
	struct pat pt;
	size_t vn = strlen(v);
	if (compile(x, pat, strlen(pat), &pt))
		return -1;
	int32_t *E = match_table(x, &pt, v, vn, true);
	if (!E)
		return -1;
	if (!all) {
		for (size_t j = 0; j <= vn; j += j < vn ? charlen(v, vn, j) : 1) {
			if (E[j] < 0)
				continue;
			if (put(x, out, v, j) || put(x, out, repl, strlen(repl)))
				return -1;
			return put(x, out, v + E[j], vn - (size_t)E[j]);
		}
		return put(x, out, v, vn);
	}
	/* Go's replaceAll loop: no empty match right after a match */
	size_t last = 0, pos = 0;
	while (pos <= vn) {
		size_t j = pos;
		while (j <= vn && E[j] < 0)
			j += j < vn ? charlen(v, vn, j) : 1;
		if (j > vn)
			break;
		size_t e = (size_t)E[j];
		if (put(x, out, v + last, j - last))
			return -1;
		if (e > last || j == 0)
			if (put_template(x, out, repl, v + j, e - j))
				return -1;
		last = e;
		size_t wdt = pos < vn ? charlen(v, vn, pos) : 0;
		if (pos + wdt > e)
			pos += wdt;
		else if (pos + 1 > e)
			pos++;
		else
			pos = e;
	}
	return put(x, out, v + last, vn - last);
}

/* ${NAME<modifier>...}: everything after "${". */
static int braced(struct ex *x, struct buf *out)
{
	int c = peek(x);
	if (c < 0)
		return fail(x, "syntax error: missing '}'");
	if (c == '{' || c == '}' || c == ':')
		return fail(x, "syntax error: bad substitution");
	size_t ns, nl;
	read_name(x, &ns, &nl);
	const char *name = x->s + ns;
	int ch = next(x);
	bool null_unset = false;
	if (ch == '}') {
		const char *v = lookup(x, name, nl);
		if (!v) {
			note_unset(x);
			return 0;
		}
		return put(x, out, v, strlen(v));
	}
	if (ch == ':') {
		null_unset = true;
		ch = next(x);
	}
	if (ch == '/' && !null_unset) {
		bool all = peek(x) == '/';
		if (all)
			x->p++;
		struct buf pat = { 0 }, rep = { 0 };
		if (process(x, '/', true, &pat))
			return peek(x) < 0 ? fail(x, "syntax error: missing "
						  "'/' in ${}") : -1;
		if (process(x, '}', true, &rep))
			return peek(x) < 0 ? fail(x, "syntax error: missing "
						  "'}'") : -1;
		const char *v = lookup(x, name, nl);
		if (!v) {
			note_unset(x);
			v = "";
		}
		return replace(x, str(&pat), str(&rep), v, all, out);
	}
	if (!null_unset && !(ch == '+' || ch == '-' || ch == '?' ||
			     ch == '#' || ch == '%'))
		return fail(x, "unsupported modifier in substitution");
	struct buf w = { 0 };
	if (process(x, '}', ch == '#' || ch == '%', &w))
		return peek(x) < 0 ? fail(x, "syntax error: missing '}'") : -1;
	const char *word = str(&w);
	const char *v = lookup(x, name, nl);
	bool empty = !v || (null_unset && !v[0]);
	switch (ch) {
	case '-':
		return empty ? put(x, out, word, w.len) : put(x, out, v, strlen(v));
	case '+':
		return empty ? 0 : put(x, out, word, w.len);
	case '?':
		if (empty) {
			const char *what = !v ? "is not allowed to be unset"
					      : "is not allowed to be empty";
			const char *m = arena_printf(x->a, "%.*s: %s", (int)nl,
						     name, word[0] ? word : what);
			return fail(x, m ? m : "variable is not set");
		}
		return put(x, out, v, strlen(v));
	case '#':
	case '%':
		if (!v) {
			note_unset(x);
			v = "";
		}
		return trim(x, (char)ch, word, v, out);
	default:
		return fail(x, "unsupported modifier in substitution");
	}
}

static int dollar(struct ex *x, struct buf *out)
{
	x->p++;  /* '$' */
	if (peek(x) != '{') {
		size_t ns, nl;
		read_name(x, &ns, &nl);
		if (nl == 0)
			return putc1(x, out, '$');
		const char *v = lookup(x, x->s + ns, nl);
		if (!v) {
			note_unset(x);
			return 0;
		}
		return put(x, out, v, strlen(v));
	}
	x->p++;
	if (x->nest >= MAX_NEST)
		return fail(x, "substitutions nested too deep");
	x->nest++;
	int r = braced(x, out);
	x->nest--;
	return r;
}

/* BuildKit's processStopOn: read until "stop" (-1: end of input). */
static int process(struct ex *x, int stop, bool raw, struct buf *out)
{
	bool saved = x->raw_escapes;
	char esc = x->o->escape ? x->o->escape : '\\';
	x->raw_escapes = raw;
	int r = 0;
	while (x->p < x->n) {
		int c = peek(x);
		if (stop >= 0 && c == stop) {
			x->p++;
			x->raw_escapes = saved;
			return 0;
		}
		if (c == '$') {
			r = dollar(x, out);
		} else if (c == '\'') {
			r = single_quoted(x, out);
		} else if (c == '"') {
			r = double_quoted(x, out);
		} else if (c != (unsigned char)esc) {
			/* a run of plain bytes in one put */
			size_t st = x->p++;
			while (x->p < x->n) {
				int d = (unsigned char)x->s[x->p];
				if (d == stop || d == '$' || d == '\'' ||
				    d == '"' || d == (unsigned char)esc)
					break;
				x->p++;
			}
			r = put(x, out, x->s + st, x->p - st);
		} else {
			x->p++;
			if (c == (unsigned char)esc) {
				if (x->raw_escapes && putc1(x, out, (char)c)) {
					r = -1;
					break;
				}
				c = next(x);
				if (c < 0)
					break;
			}
			r = putc1(x, out, (char)c);
		}
		if (r)
			break;
	}
	x->raw_escapes = saved;
	if (r)
		return -1;
	if (stop >= 0)
		return fail(x, "unexpected end of statement while looking "
			       "for matching brace or slash");
	return 0;
}

const char *expand_word(const char *word, const struct expand_opts *o,
			struct arena *a)
{
	struct ex x;
	memset(&x, 0, sizeof(x));
	x.s = word ? word : "";
	x.o = o;
	x.a = a;
	struct buf out = { 0 };
	if (o->error)
		*o->error = NULL;
	/* most words hold no '$', quote or escape: process() would copy
	 * them in one put, so copy them at once */
	char set[5] = { '$', '\'', '"', o->escape ? o->escape : '\\', 0 };
	x.n = strcspn(x.s, set);
	if (!x.s[x.n]) {
		if (x.n > MAX_OUT) {
			if (o->error)
				*o->error = "expansion too long";
			return NULL;
		}
		char *copy = arena_strndup(a, x.s, x.n);
		if (!copy && o->error)
			*o->error = "out of memory";
		return copy;
	}
	x.n += strlen(x.s + x.n);
	if (process(&x, -1, false, &out)) {
		if (o->error)
			*o->error = x.err;
		return NULL;
	}
	if (!out.b) {
		out.b = arena_strdup(a, "");
		if (!out.b) {
			if (o->error)
				*o->error = "out of memory";
			return NULL;
		}
	}
	return out.b;
}

const char *expand_next_ref(const char *p, char escape, struct expand_ref *out)
{
	const char stops[3] = { '$', escape, 0 };
	for (; p && *p; p++) {
		/* to the next '$' or escape character at once */
		p += strcspn(p, stops);
		if (!*p)
			break;
		if (escape && *p == escape && p[1]) {
			p++;
			continue;
		}
		if (*p != '$')
			continue;
		bool brace = p[1] == '{';
		const char *q = p + 1 + brace;
		const char *name = q;
		while ((*q >= 'a' && *q <= 'z') || (*q >= 'A' && *q <= 'Z') ||
		       (*q >= '0' && *q <= '9') || *q == '_')
			q++;
		if (q == name)
			continue;
		out->dollar = p;
		out->name = name;
		out->len = (size_t)(q - name);
		out->braced = brace;
		out->has_default = brace &&
				   (*q == '-' || *q == '+' ||
				    (*q == ':' && (q[1] == '-' || q[1] == '+')));
		return q;
	}
	return NULL;
}
