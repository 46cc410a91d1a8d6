/* SPDX-License-Identifier: Apache-2.0
 *
 * df_parse.c - the Dockerfile parser: bytes to struct df_file, the way
 * BuildKit's frontend/dockerfile/parser does it, and its Dump() format.
 *
 * This file owns: reading physical lines (BOM, CRLF, the 64 KiB line
 * limit), parser directives, joining continuation lines (comment lines
 * dropped, empty ones warned about), splitting keyword / flags / arguments,
 * the per-instruction argument rules (JSON or shell form, whitespace lists,
 * ENV/LABEL key-value triples, ARG words, HEALTHCHECK, ONBUILD), heredoc
 * bodies, source positions, and df_dump().  Go runtime details (UTF-8,
 * spaces, quoting, JSON, the shell lexer) live in df_lex.c.  It does not
 * interpret instructions (src/model does).
 *
 * Invariants:
 *  1. Every string handed out lives in the caller's arena and is followed
 *     by a NUL; lengths are kept because text may contain NUL bytes.
 *  2. Nothing recurses on the input: ONBUILD nesting is a loop bounded by
 *     DF_MAX_ONBUILD_DEPTH, JSON and the shell lexer are iterative or
 *     bounded (df_lex.c).
 *  3. Offsets inside one instruction are offsets into its joined text;
 *     p->jsegs maps them back to (line, col) until the next instruction.
 *
 * Tests: tests/unit/parse/test_df_parse.c, tests/suites/conformance.sh,
 * tests/suites/robustness.sh, fuzz/fuzz_dockerfile.c.
 */
#include "df_parse.h"

#include <limits.h>
#include <stdint.h>
#include <string.h>

#include "df_lex.h"

enum kw {  /* df_node.kw's values */
	KW_UNKNOWN = DF_KW_UNKNOWN, KW_ADD = DF_KW_ADD, KW_ARG = DF_KW_ARG,
	KW_CMD = DF_KW_CMD, KW_COPY = DF_KW_COPY,
	KW_ENTRYPOINT = DF_KW_ENTRYPOINT, KW_ENV = DF_KW_ENV,
	KW_EXPOSE = DF_KW_EXPOSE, KW_FROM = DF_KW_FROM,
	KW_HEALTHCHECK = DF_KW_HEALTHCHECK, KW_LABEL = DF_KW_LABEL,
	KW_MAINTAINER = DF_KW_MAINTAINER, KW_ONBUILD = DF_KW_ONBUILD,
	KW_RUN = DF_KW_RUN, KW_SHELL = DF_KW_SHELL,
	KW_STOPSIGNAL = DF_KW_STOPSIGNAL, KW_USER = DF_KW_USER,
	KW_VOLUME = DF_KW_VOLUME, KW_WORKDIR = DF_KW_WORKDIR,
};

static const struct {
	const char *lower, *upper;
	enum kw kw;
} keywords[] = {
	{"add", "ADD", KW_ADD},
	{"arg", "ARG", KW_ARG},
	{"cmd", "CMD", KW_CMD},
	{"copy", "COPY", KW_COPY},
	{"entrypoint", "ENTRYPOINT", KW_ENTRYPOINT},
	{"env", "ENV", KW_ENV},
	{"expose", "EXPOSE", KW_EXPOSE},
	{"from", "FROM", KW_FROM},
	{"healthcheck", "HEALTHCHECK", KW_HEALTHCHECK},
	{"label", "LABEL", KW_LABEL},
	{"maintainer", "MAINTAINER", KW_MAINTAINER},
	{"onbuild", "ONBUILD", KW_ONBUILD},
	{"run", "RUN", KW_RUN},
	{"shell", "SHELL", KW_SHELL},
	{"stopsignal", "STOPSIGNAL", KW_STOPSIGNAL},
	{"user", "USER", KW_USER},
	{"volume", "VOLUME", KW_VOLUME},
	{"workdir", "WORKDIR", KW_WORKDIR},
};

#define NKEYWORDS (sizeof(keywords) / sizeof(keywords[0]))

struct parser {
	const char *src;
	size_t len, pos;
	int line;                 /* physical lines read so far */
	char esc;
	bool dir_done;
	bool seen_escape, seen_syntax, seen_check;
	struct arena *a;
	struct diag *d;
	struct df_file *f;
	/* the instruction being assembled (heap scratch, reused) */
	struct strbuf join;       /* joined text when it spans lines */
	struct strbuf jsegs;      /* struct df_segment[], offsets into it */
	size_t njsegs;
	struct strbuf tmp;        /* a word being built */
	struct strbuf vec;        /* flags / args being collected */
	struct df_words words, words2;
	/* results */
	struct df_node *nodes;
	size_t nnodes, cap;
	struct df_warning *warns;
	size_t nwarns, wcap;
};

/* One physical line: [off, off+len) after trimNewline; full includes the
 * line terminator. */
struct pline {
	size_t off, len, full;
	int lineno;
};

/* strbuf_add with the common case (room left) inlined */
static inline void sb_add(struct strbuf *sb, const void *data, size_t n)
{
	if (sb->len + n < sb->cap && !sb->failed) {
		memcpy(sb->buf + sb->len, data, n);
		sb->len += n;
		sb->buf[sb->len] = 0;
		return;
	}
	strbuf_add(sb, data, n);
}

static int nomem(struct parser *p)
{
	return diag_error(p->d, BH_ELIMIT, p->line, 0,
			  "input too large: parse tree over the memory cap");
}

/* ---- physical lines ------------------------------------------------- */

/* Returns 1 with a line, 0 at end of input, or a negative error. */
static inline int read_line(struct parser *p, struct pline *l)
{
	if (p->pos >= p->len)
		return 0;
	const char *s = p->src + p->pos;
	size_t rem = p->len - p->pos;
	const char *nl = memchr(s, '\n', rem);
	size_t full = nl ? (size_t)(nl - s) + 1 : rem;
	size_t content = nl ? full - 1 : full;
	if (p->line == INT_MAX)
		return diag_error(p->d, BH_ELIMIT, p->line, 0, "too many lines");
	if (content > DF_MAX_LINE)
		return diag_error(p->d, BH_ELIMIT, p->line + 1, 0,
				  "dockerfile line greater than max allowed size of %d",
				  DF_MAX_LINE);
	/* trimNewline: the content holds no '\n', so only '\r' is left */
	size_t e = content;
	while (e > 0 && s[e - 1] == '\r')
		e--;
	l->off = p->pos;
	l->len = e;
	l->full = full;
	l->lineno = ++p->line;
	p->pos += full;
	return 1;
}

/* df_lex_trim_left() with the usual leading blanks skipped inline */
static inline size_t trim_left(const char *s, size_t n)
{
	size_t i = 0;
	while (i < n && (s[i] == ' ' || s[i] == '\t'))
		i++;
	if (i < n && ((unsigned char)s[i] >= 0x80 ||
		      (s[i] >= '\n' && s[i] <= '\r')))
		i += df_lex_trim_left(s + i, n - i);
	return i;
}

/* BuildKit's line continuation regex `([^E])E[ \t]*$|^E[ \t]*$`: the last
 * non-blank byte is the escape and the one before it is not.  *keep is the
 * length without the escape and the blanks after it. */
static inline bool continues(const char *t, size_t n, char esc,
			     size_t *keep)
{
	size_t e = n;
	while (e > 0 && (t[e - 1] == ' ' || t[e - 1] == '\t'))
		e--;
	if (e == 0 || t[e - 1] != esc || (e >= 2 && t[e - 2] == esc)) {
		*keep = n;
		return false;
	}
	*keep = e - 1;
	return true;
}

/* ---- parser directives ---------------------------------------------- */

static bool re_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
}

static bool is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* DirectiveParser.ParseLine on a line already trimmed on the left. */
static int directive(struct parser *p, const char *t, size_t n, int lineno,
		     int col)
{
	if (n == 0 || t[0] != '#') {
		p->dir_done = true;
		return 0;
	}
	size_t i = 1 + df_lex_trim_left(t + 1, n - 1);
	size_t ks = i;
	if (i >= n || !is_alpha(t[i])) {
		p->dir_done = true;
		return 0;
	}
	while (i < n && (is_alpha(t[i]) || (t[i] >= '0' && t[i] <= '9')))
		i++;
	size_t ke = i;
	while (i < n && re_space(t[i]))
		i++;
	if (i >= n || t[i] != '=') {
		p->dir_done = true;
		return 0;
	}
	i++;
	/* `\s*(.+?)\s*$`: the value, or the last blank when only blanks */
	size_t vs = i;
	while (vs < n && re_space(t[vs]))
		vs++;
	size_t ve = n;
	if (vs == n) {
		if (i == n) {
			p->dir_done = true;
			return 0;
		}
		vs = n - 1;
	} else {
		while (ve > vs && re_space(t[ve - 1]))
			ve--;
	}
	char key[8];
	size_t kl = ke - ks;
	if (kl > 6) {
		p->dir_done = true;
		return 0;
	}
	for (size_t k = 0; k < kl; k++) {
		char c = t[ks + k];
		key[k] = (c >= 'A' && c <= 'Z') ? (char)(c + 32) : c;
	}
	key[kl] = 0;
	bool *seen;
	const char **slot = NULL;
	if (strcmp(key, "escape") == 0) {
		seen = &p->seen_escape;
	} else if (strcmp(key, "syntax") == 0) {
		seen = &p->seen_syntax;
		slot = &p->f->syntax;
	} else if (strcmp(key, "check") == 0) {
		seen = &p->seen_check;
		slot = &p->f->check;
		p->f->check_line = lineno;
	} else {
		p->dir_done = true;
		return 0;
	}
	if (*seen)
		return diag_error(p->d, BH_EPARSE, lineno, col,
				  "only one %s parser directive can be used", key);
	*seen = true;
	if (slot) {
		*slot = arena_strndup(p->a, t + vs, ve - vs);
		return *slot ? 0 : nomem(p);
	}
	if (ve - vs != 1 || (t[vs] != '\\' && t[vs] != '`'))
		return diag_error(p->d, BH_EPARSE, lineno, col,
				  "invalid escape token '%.*s' does not match ` or \\",
				  (int)(ve - vs > 64 ? 64 : ve - vs), t + vs);
	p->esc = t[vs];
	p->f->escape = p->esc;
	return 0;
}

/* ---- the joined instruction text ------------------------------------ */

static void add_seg(struct parser *p, size_t off, int line, int col)
{
	struct df_segment s = {off, line, col};
	sb_add(&p->jsegs, &s, sizeof(s));
	p->njsegs++;
}

static const struct df_segment *jsegs(const struct parser *p)
{
	return (const struct df_segment *)(const void *)p->jsegs.buf;
}

/* Position of byte "off" of the joined text. */
static inline void jlocate(const struct parser *p, size_t off, int *line,
			   int *col)
{
	const struct df_segment *s = jsegs(p);
	size_t lo = 0, hi = p->njsegs;
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (s[mid].offset <= off)
			lo = mid;
		else
			hi = mid;
	}
	*line = s[lo].line;
	size_t c = (size_t)s[lo].col + (off - s[lo].offset);
	*col = c > INT_MAX ? INT_MAX : (int)c;
}

/* ---- growing vectors in the scratch strbuf -------------------------- */

static void *vec_push(struct parser *p, const void *item, size_t sz)
{
	sb_add(&p->vec, item, sz);
	return p->vec.failed ? NULL : p->vec.buf + p->vec.len - sz;
}

/* Copy the collected vector (n items of sz) into the arena. */
static void *vec_take(struct parser *p, size_t n, size_t sz)
{
	if (n == 0) {
		strbuf_reset(&p->vec);
		return NULL;
	}
	void *v = arena_array(p->a, n, sz);
	if (v)
		memcpy(v, p->vec.buf, n * sz);
	strbuf_reset(&p->vec);
	return v;
}

/* ---- building one node ---------------------------------------------- */

/* The text of one (possibly ONBUILD-nested) instruction: text[0..len) is
 * joined-text bytes [base, base+len). */
struct itext {
	const char *text;
	size_t len;
	size_t base;
};

struct nodeb {
	struct parser *p;
	struct df_node *n;
	struct itext it;
	size_t rs, rl;            /* rest = text[rs .. rs+rl) */
	size_t nargs;             /* args pushed to p->vec */
};

static inline int push_arg(struct nodeb *b, const char *text, size_t len,
			   size_t off)
{
	struct df_word w = {text, len, 0, 0};
	jlocate(b->p, b->it.base + off, &w.line, &w.col);
	if (!vec_push(b->p, &w, sizeof(w)))
		return nomem(b->p);
	b->nargs++;
	return 0;
}

/* A NUL-terminated copy of text[off..off+len), shared with the node's text
 * when that range ends where the text ends. */
static const char *sub(struct nodeb *b, size_t off, size_t len)
{
	if (off + len == b->it.len)
		return b->it.text + off;
	return arena_strndup(b->p->a, b->it.text + off, len);
}

static int push_sub(struct nodeb *b, size_t off, size_t len)
{
	const char *s = sub(b, off, len);
	if (!s)
		return nomem(b->p);
	return push_arg(b, s, len, off);
}

static bool ws_regex(char c)
{
	return c == '\t' || c == '\v' || c == '\f' || c == '\r' || c == ' ';
}

/* parseStringsWhitespaceDelimited on text[off..off+len) */
static int args_split(struct nodeb *b, size_t off, size_t len)
{
	const char *t = b->it.text;
	size_t i = off, end = off + len;
	while (i < end) {
		size_t s = i;
		while (i < end && !ws_regex(t[i]))
			i++;
		int rc = push_sub(b, s, i - s);
		if (rc)
			return rc;
		while (i < end && ws_regex(t[i]))
			i++;
	}
	return 0;
}

static int json_or(struct nodeb *b, size_t off, size_t len, bool to_list)
{
	struct df_jstr *js;
	size_t n;
	int rc = df_lex_json_strings(b->it.text + off, len, b->p->a, &js, &n);
	if (rc < 0)
		return nomem(b->p);
	if (rc == DF_JSON_NOT_STRINGS)
		return diag_error(b->p->d, BH_EPARSE, b->n->line, b->n->col,
				  "when using JSON array syntax, arrays must be comprised of strings only");
	if (rc == DF_JSON_OK) {
		b->n->json_form = true;
		for (size_t k = 0; k < n; k++)
			if ((rc = push_arg(b, js[k].text, js[k].len, off + js[k].off)))
				return rc;
		return 0;
	}
	if (to_list)
		return args_split(b, off, len);
	if (len == 0)
		return 0;
	return push_sub(b, off, len);
}

/* Bytes 0x21-0x7F but the quotes: what parseWords copies as is (the
 * escape character aside). */
static const bool plain_tab[256] = {
	['!'] = 1, ['#'] = 1, ['$'] = 1, ['%'] = 1, ['&'] = 1,
	['('] = 1, [')'] = 1, ['*'] = 1, ['+'] = 1, [','] = 1, ['-'] = 1,
	['.'] = 1, ['/'] = 1, ['0'] = 1, ['1'] = 1, ['2'] = 1, ['3'] = 1,
	['4'] = 1, ['5'] = 1, ['6'] = 1, ['7'] = 1, ['8'] = 1, ['9'] = 1,
	[':'] = 1, [';'] = 1, ['<'] = 1, ['='] = 1, ['>'] = 1, ['?'] = 1,
	['@'] = 1, ['A'] = 1, ['B'] = 1, ['C'] = 1, ['D'] = 1, ['E'] = 1,
	['F'] = 1, ['G'] = 1, ['H'] = 1, ['I'] = 1, ['J'] = 1, ['K'] = 1,
	['L'] = 1, ['M'] = 1, ['N'] = 1, ['O'] = 1, ['P'] = 1, ['Q'] = 1,
	['R'] = 1, ['S'] = 1, ['T'] = 1, ['U'] = 1, ['V'] = 1, ['W'] = 1,
	['X'] = 1, ['Y'] = 1, ['Z'] = 1, ['['] = 1, ['\\'] = 1, [']'] = 1,
	['^'] = 1, ['_'] = 1, ['`'] = 1, ['a'] = 1, ['b'] = 1, ['c'] = 1,
	['d'] = 1, ['e'] = 1, ['f'] = 1, ['g'] = 1, ['h'] = 1, ['i'] = 1,
	['j'] = 1, ['k'] = 1, ['l'] = 1, ['m'] = 1, ['n'] = 1, ['o'] = 1,
	['p'] = 1, ['q'] = 1, ['r'] = 1, ['s'] = 1, ['t'] = 1, ['u'] = 1,
	['v'] = 1, ['w'] = 1, ['x'] = 1, ['y'] = 1, ['z'] = 1, ['{'] = 1,
	['|'] = 1, ['}'] = 1, ['~'] = 1, [0x7F] = 1,
};

/* ASCII that parseWords copies as is: no space, quote or escape */
static inline bool plain(uint32_t c, uint32_t esc)
{
	return c < 0x80 && plain_tab[c] && c != esc;
}

/* unicode.IsSpace(rune(b)) */
static inline bool space_byte(unsigned char b)
{
	return b == ' ' || (b >= '\t' && b <= '\r') || b == 0x85 || b == 0xA0;
}

/* df_lex_decode() with ASCII decoded inline */
static inline size_t decode(const char *s, size_t n, uint32_t *r)
{
	if ((unsigned char)s[0] < 0x80) {
		*r = (unsigned char)s[0];
		return 1;
	}
	return df_lex_decode(s, n, r);
}

/* df_lex_is_space() with ASCII answered inline */
static inline bool is_space(uint32_t c)
{
	if (c < 0x80)
		return c == ' ' || (c >= '\t' && c <= '\r');
	return df_lex_is_space(c);
}

struct wordpos {
	const char *text;
	size_t len;
	size_t start;             /* source range of the word in the text */
	size_t end;
};

/* parseWords: words keep their quotes and escapes; an escape at the very
 * end is dropped and invalid UTF-8 becomes U+FFFD (Go's WriteRune). */
static int parse_words(struct nodeb *b, struct wordpos **out, size_t *count)
{
	struct parser *p = b->p;
	const char *s = b->it.text + b->rs;
	size_t n = b->rl, pos = 0, w = 0, ws = 0, nw = 0;
	enum { SP, WORD, QUOTE } phase = SP;
	uint32_t ch = 0, quote = 0, esc = (unsigned char)p->esc;
	bool blank_ok = false;
	char enc[4];
	strbuf_reset(&p->tmp);
	strbuf_reset(&p->vec);
	for (;;) {
		bool emit = false;
		if (pos != n)
			w = decode(s + pos, n - pos, &ch);
		if (phase == SP) {
			if (pos == n)
				break;
			if (is_space(ch)) {
				pos += w;
				continue;
			}
			phase = WORD;
			ws = pos;
		}
		if (pos == n) {
			if (blank_ok || p->tmp.len)
				emit = true;
		} else if (phase == WORD) {
			if (is_space(ch)) {
				phase = SP;
				emit = blank_ok || p->tmp.len;
				if (!emit)
					strbuf_reset(&p->tmp);
				blank_ok = false;
			} else if (plain(ch, esc)) {
				/* a run of plain ASCII goes in one piece */
				size_t j = pos + 1;
				while (j < n && plain((unsigned char)s[j], esc))
					j++;
				sb_add(&p->tmp, s + pos, j - pos);
				pos = j;
				continue;
			} else {
				if (ch == '\'' || ch == '"') {
					quote = ch;
					blank_ok = true;
					phase = QUOTE;
				}
				if (ch == esc) {
					if (pos + w == n) {
						pos += w;
						continue;
					}
					sb_add(&p->tmp, enc, df_lex_encode(ch, enc));
					pos += w;
					w = decode(s + pos, n - pos, &ch);
				}
				sb_add(&p->tmp, enc, df_lex_encode(ch, enc));
			}
		} else if (ch < 0x80 && ch != quote && (ch != esc || quote == '\'')) {
			size_t j = pos + 1;
			while (j < n) {
				unsigned char c = (unsigned char)s[j];
				if (c >= 0x80 || c == quote || (c == esc && quote != '\''))
					break;
				j++;
			}
			sb_add(&p->tmp, s + pos, j - pos);
			pos = j;
			continue;
		} else {
			if (ch == quote)
				phase = WORD;
			if (ch == esc && quote != '\'') {
				if (pos + w == n) {
					phase = WORD;
					pos += w;
					continue;
				}
				pos += w;
				sb_add(&p->tmp, enc, df_lex_encode(ch, enc));
				w = decode(s + pos, n - pos, &ch);
			}
			sb_add(&p->tmp, enc, df_lex_encode(ch, enc));
		}
		if (emit) {
			struct wordpos wp;
			wp.text = arena_strndup(p->a, p->tmp.buf ? p->tmp.buf : "",
						p->tmp.len);
			if (!wp.text)
				return nomem(p);
			wp.len = p->tmp.len;
			wp.start = b->rs + ws;
			wp.end = b->rs + pos;
			if (!vec_push(p, &wp, sizeof(wp)))
				return nomem(p);
			nw++;
			strbuf_reset(&p->tmp);
		}
		if (pos == n)
			break;
		pos += w;
	}
	if (p->tmp.failed)
		return nomem(p);
	*out = vec_take(p, nw, sizeof(struct wordpos));
	if (nw && !*out)
		return nomem(p);
	*count = nw;
	return 0;
}

static int args_arg(struct nodeb *b)
{
	struct wordpos *wv;
	size_t n;
	int rc = parse_words(b, &wv, &n);
	for (size_t k = 0; !rc && k < n; k++)
		rc = push_arg(b, wv[k].text, wv[k].len, wv[k].start);
	return rc;
}

/* parseNameVal for ENV and LABEL */
static int args_nameval(struct nodeb *b, const char *key)
{
	struct wordpos *wv;
	size_t n;
	int rc = parse_words(b, &wv, &n);
	if (rc || n == 0)
		return rc;
	const char *t = b->it.text;
	if (!memchr(wv[0].text, '=', wv[0].len)) {
		size_t i = b->rs, end = b->rs + b->rl;
		while (i < end && !ws_regex(t[i]))
			i++;
		if (i == end)
			return diag_error(b->p->d, BH_EPARSE, b->n->line, b->n->col,
					  "%s must have two arguments", key);
		size_t j = i;
		while (j < end && ws_regex(t[j]))
			j++;
		const char *k = arena_strndup(b->p->a, t + b->rs, i - b->rs);
		const char *v = sub(b, j, end - j);
		if (!k || !v)
			return nomem(b->p);
		if ((rc = push_arg(b, k, i - b->rs, b->rs)) ||
		    (rc = push_arg(b, v, end - j, j)) ||
		    (rc = push_arg(b, "", 0, j)))
			return rc;
		return 0;
	}
	for (size_t w = 0; w < n; w++) {
		const char *eq = memchr(wv[w].text, '=', wv[w].len);
		if (!eq) {
			/* the word is not quoted: it may be a secret value
			 * (ENV A=1 PASSWORD s3cr3t); line and column name it */
			int line, col;
			jlocate(b->p, b->it.base + wv[w].start, &line, &col);
			return diag_error(b->p->d, BH_EPARSE, line, col,
					  "Syntax error - can't find = in word %zu of %s. Must be of the form: name=value",
					  w + 1, key);
		}
		size_t kl = (size_t)(eq - wv[w].text);
		const char *k = arena_strndup(b->p->a, wv[w].text, kl);
		if (!k)
			return nomem(b->p);
		/* the source '=' is the first one of the word's range */
		const char *seq = memchr(t + wv[w].start, '=',
					 wv[w].end - wv[w].start);
		size_t eqoff = seq ? (size_t)(seq - t) : wv[w].start;
		if ((rc = push_arg(b, k, kl, wv[w].start)) ||
		    (rc = push_arg(b, eq + 1, wv[w].len - kl - 1, eqoff + 1)) ||
		    (rc = push_arg(b, "=", 1, eqoff)))
			return rc;
	}
	return 0;
}

static int args_health(struct nodeb *b)
{
	const char *t = b->it.text;
	size_t sep = b->rs, end = b->rs + b->rl;
	while (sep < end && !space_byte((unsigned char)t[sep]))
		sep++;
	size_t next = sep;
	while (next < end && space_byte((unsigned char)t[next]))
		next++;
	if (sep == b->rs)
		return 0;
	const char *typ = sub(b, b->rs, sep - b->rs);
	if (!typ)
		return nomem(b->p);
	int rc = push_arg(b, typ, sep - b->rs, b->rs);
	if (rc)
		return rc;
	return json_or(b, next, end - next, false);
}

/* extractBuilderFlags: flag words before the arguments.  Bytes are runes
 * here (Go indexes the string), so bytes >= 0x80 come out as their
 * Latin-1 code points, UTF-8 encoded, exactly as BuildKit stores them.
 * Returns the offset where the arguments start. */
static int flags(struct nodeb *b, size_t from, size_t n, size_t *rest_at)
{
	struct parser *p = b->p;
	const char *s = b->it.text;
	size_t pos, ws = 0, nf = 0;
	enum { SP, WORD, QUOTE } phase = SP;
	unsigned char ch = 0, quote = 0, esc = (unsigned char)p->esc;
	bool blank_ok = false;
	char enc[4];
	*rest_at = n;
	strbuf_reset(&p->tmp);
	strbuf_reset(&p->vec);
	for (pos = from; pos <= n; pos++) {
		bool emit = false, stop = false;
		if (pos != n)
			ch = (unsigned char)s[pos];
		if (phase == SP) {
			if (pos == n)
				break;
			if (space_byte(ch))
				continue;
			if (ch != '-' || pos + 1 == n || s[pos + 1] != '-') {
				*rest_at = pos;
				break;
			}
			phase = WORD;
			ws = pos;
		}
		bool dashdash = p->tmp.len == 2 && p->tmp.buf[0] == '-' &&
				p->tmp.buf[1] == '-';
		if (pos == n) {
			emit = !dashdash && (blank_ok || p->tmp.len);
			stop = true;
		} else if (phase == WORD) {
			if (space_byte(ch)) {
				phase = SP;
				if (dashdash) {
					*rest_at = pos;
					break;
				}
				emit = blank_ok || p->tmp.len;
				if (!emit)
					strbuf_reset(&p->tmp);
				blank_ok = false;
			} else if (ch == '\'' || ch == '"') {
				quote = ch;
				blank_ok = true;
				phase = QUOTE;
				continue;
			} else {
				if (ch == esc) {
					if (pos + 1 == n)
						continue;
					ch = (unsigned char)s[++pos];
				} else if (ch < 0x80) {
					size_t j = pos + 1;
					while (j < n) {
						unsigned char c = (unsigned char)s[j];
						if (c >= 0x80 || space_byte(c) || c == '\'' ||
						    c == '"' || c == esc)
							break;
						j++;
					}
					sb_add(&p->tmp, s + pos, j - pos);
					pos = j - 1;
					continue;
				}
				sb_add(&p->tmp, enc, df_lex_encode(ch, enc));
				continue;
			}
		} else {
			if (ch == quote) {
				phase = WORD;
				continue;
			}
			if (ch == esc) {
				if (pos + 1 == n) {
					phase = WORD;
					continue;
				}
				ch = (unsigned char)s[++pos];
			}
			sb_add(&p->tmp, enc, df_lex_encode(ch, enc));
			continue;
		}
		if (emit) {
			struct df_flag fl = {0};
			fl.text = arena_strndup(p->a, p->tmp.buf, p->tmp.len);
			if (!fl.text)
				return nomem(p);
			fl.len = p->tmp.len;
			const char *eq = memchr(fl.text, '=', fl.len);
			size_t nl = (eq ? (size_t)(eq - fl.text) : fl.len) - 2;
			fl.name = arena_strndup(p->a, fl.text + 2, nl);
			if (!fl.name)
				return nomem(p);
			fl.value = eq ? eq + 1 : NULL;
			jlocate(p, b->it.base + ws, &fl.line, &fl.col);
			if (!vec_push(p, &fl, sizeof(fl)))
				return nomem(p);
			nf++;
			strbuf_reset(&p->tmp);
		}
		if (stop)
			break;
	}
	if (p->tmp.failed)
		return nomem(p);
	b->n->flags = vec_take(p, nf, sizeof(struct df_flag));
	if (nf && !b->n->flags)
		return nomem(p);
	b->n->nflags = nf;
	return 0;
}

/* Segments of the node's rest, rebased from the joined text. */
static int rest_segs(struct nodeb *b)
{
	struct parser *p = b->p;
	const struct df_segment *s = jsegs(p);
	size_t at = b->it.base + b->rs, end = at + b->rl;
	size_t lo = 0, hi = p->njsegs;
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (s[mid].offset <= at)
			lo = mid;
		else
			hi = mid;
	}
	size_t k = lo + 1;
	while (k < p->njsegs && s[k].offset < end)
		k++;
	size_t cnt = k - lo;
	struct df_segment *out = arena_array(p->a, cnt, sizeof(*out));
	if (!out)
		return nomem(p);
	out[0].offset = 0;
	jlocate(p, at, &out[0].line, &out[0].col);
	for (size_t i = 1; i < cnt; i++) {
		out[i] = s[lo + i];
		out[i].offset -= at;
	}
	b->n->segs = out;
	b->n->nsegs = cnt;
	return 0;
}

/* The keyword spelled lower[0..len) (ASCII lower case), found by its
 * length and first letter: one compare at most. */
static enum kw lookup(const char *lower, size_t len, size_t *idx)
{
	size_t i;
	switch (len) {
	case 3:
		i = lower[0] == 'a' ? (lower[1] == 'd' ? 0 : 1)
		  : lower[0] == 'c' ? 2 : lower[0] == 'e' ? 5
		  : lower[0] == 'r' ? 12 : NKEYWORDS;
		break;
	case 4:
		i = lower[0] == 'c' ? 3 : lower[0] == 'f' ? 7
		  : lower[0] == 'u' ? 15 : NKEYWORDS;
		break;
	case 5:
		i = lower[0] == 'l' ? 9 : lower[0] == 's' ? 13 : NKEYWORDS;
		break;
	case 6:
		i = lower[0] == 'e' ? 6 : lower[0] == 'v' ? 16 : NKEYWORDS;
		break;
	case 7:
		i = lower[0] == 'o' ? 11 : lower[0] == 'w' ? 17 : NKEYWORDS;
		break;
	case 10:
		i = lower[0] == 'e' ? 4 : lower[0] == 'm' ? 10
		  : lower[0] == 's' ? 14 : NKEYWORDS;
		break;
	case 11:
		i = 8;
		break;
	default:
		i = NKEYWORDS;
	}
	if (i < NKEYWORDS && memcmp(keywords[i].lower, lower, len) == 0) {
		*idx = i;
		return keywords[i].kw;
	}
	return KW_UNKNOWN;
}

bool df_is_instruction(const char *word, size_t len)
{
	char lower[16];
	if (len < 3 || len > 11)
		return false;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)word[i];
		lower[i] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
	}
	size_t idx;
	return lookup(lower, len, &idx) != KW_UNKNOWN;
}

/* newNodeFromLine for it; sets *child_at when the node is an ONBUILD with
 * an instruction to parse (its text is the rest). */
static int build_one(struct parser *p, struct df_node *n, struct itext it,
		     enum kw *kwp, size_t *rest_off)
{
	struct nodeb b = {p, n, it, 0, 0, 0};
	const char *t = it.text;
	size_t s = df_lex_trim_left(t, it.len);
	size_t e = s + df_lex_trim_right(t + s, it.len - s);
	size_t ke = s;
	while (ke < e && !ws_regex(t[ke]))
		ke++;
	n->original = it.text;
	n->original_len = it.len;
	jlocate(p, it.base + s, &n->line, &n->col);
	size_t kl = ke - s, ki = 0;
	enum kw kw = KW_UNKNOWN;
	char small[12];
	if (kl < sizeof(small)) {
		/* known keywords are ASCII: lower them without allocating */
		bool ascii = true;
		for (size_t i = 0; i < kl; i++) {
			char c = t[s + i];
			ascii &= (unsigned char)c < 0x80;
			small[i] = (c >= 'A' && c <= 'Z') ? (char)(c + 32) : c;
		}
		if (ascii)
			kw = lookup(small, kl, &ki);
	}
	if (kw != KW_UNKNOWN) {
		n->keyword = keywords[ki].lower;
		n->kw = (enum df_kw)kw;
		n->keyword_len = kl;
	} else {
		char *low = df_lex_lower(p->a, t + s, ke - s, &kl);
		if (!low)
			return nomem(p);
		n->keyword = low;
		n->keyword_len = kl;
	}
	if (kw != KW_UNKNOWN && ke - s == kl &&
	    memcmp(t + s, keywords[ki].upper, kl) == 0)
		n->keyword_raw = keywords[ki].upper;
	else if (!(n->keyword_raw = arena_strndup(p->a, t + s, ke - s)))
		return nomem(p);
	*kwp = kw;

	/* flags and the rest, as splitCommand */
	size_t rest_at = e;
	int rc;
	if (ke < e) {
		size_t a0 = ke;
		while (a0 < e && ws_regex(t[a0]))
			a0++;
		if ((rc = flags(&b, a0, e, &rest_at)))
			return rc;
	}
	size_t rs = rest_at + df_lex_trim_left(t + rest_at, e - rest_at);
	size_t re = rs + df_lex_trim_right(t + rs, e - rs);
	b.rs = rs;
	b.rl = re - rs;
	n->rest = sub(&b, rs, b.rl);
	if (!n->rest)
		return nomem(p);
	n->rest_len = b.rl;
	*rest_off = rs;
	if ((rc = rest_segs(&b)))
		return rc;

	strbuf_reset(&p->vec);
	switch (kw) {
	case KW_ADD:
	case KW_COPY:
	case KW_VOLUME:
		rc = json_or(&b, rs, b.rl, true);
		break;
	case KW_CMD:
	case KW_ENTRYPOINT:
	case KW_RUN:
	case KW_SHELL:
		rc = b.rl ? json_or(&b, rs, b.rl, false) : 0;
		break;
	case KW_ARG:
		rc = args_arg(&b);
		break;
	case KW_ENV:
		rc = args_nameval(&b, "ENV");
		break;
	case KW_LABEL:
		rc = args_nameval(&b, "LABEL");
		break;
	case KW_EXPOSE:
	case KW_FROM:
		rc = args_split(&b, rs, b.rl);
		break;
	case KW_HEALTHCHECK:
		rc = args_health(&b);
		break;
	case KW_MAINTAINER:
	case KW_STOPSIGNAL:
	case KW_USER:
	case KW_WORKDIR:
		rc = b.rl ? push_sub(&b, rs, b.rl) : 0;
		break;
	case KW_ONBUILD:
		rc = 0;
		break;
	case KW_UNKNOWN:
		rc = push_arg(&b, "", 0, rs);
		break;
	}
	if (rc)
		return rc;
	n->args = vec_take(p, b.nargs, sizeof(struct df_word));
	if (b.nargs && !n->args)
		return nomem(p);
	n->nargs = b.nargs;
	return 0;
}

static bool count_quotes_equal(const char *a, size_t al, const char *b,
			       size_t bl)
{
	size_t x = 0, y = 0;
	for (size_t i = 0; i < al; i++)
		x += a[i] == '\'' || a[i] == '"';
	for (size_t i = 0; i < bl; i++)
		y += b[i] == '\'' || b[i] == '"';
	return x == y;
}

/* ParseHeredoc on one word of the line: `^(\d*)<<(-?)\s*([^<]*)$`.
 * Returns 1 with *h filled, 0 when the word is no heredoc, or an error. */
static int heredoc_word(struct parser *p, struct df_node *n, const char *w,
			size_t wl, struct df_heredoc *h)
{
	size_t i = 0;
	while (i < wl && w[i] >= '0' && w[i] <= '9')
		i++;
	size_t digits = i;
	if (wl - i < 2 || w[i] != '<' || w[i + 1] != '<')
		return 0;
	i += 2;
	bool chomp = i < wl && w[i] == '-';
	if (chomp)
		i++;
	while (i < wl && re_space(w[i]))
		i++;
	if (memchr(w + i, '<', wl - i) || i == wl)
		return 0;
	const char *rest = w + i;
	size_t rl = wl - i;
	int rc = df_lex_shell_words(rest, rl, false, false, &p->words2);
	if (rc < 0)
		return nomem(p);
	if (rc) {
		/* the marker's text is not quoted: it may hold a value */
		return diag_error(p->d, BH_EPARSE, n->line, n->col,
				  "failed to process a heredoc marker (%zu bytes)", rl);
	}
	if (p->words2.n != 1)
		return 0;
	size_t nl = p->words2.len[0];
	char *name = arena_strndup(p->a, p->words2.buf.buf + p->words2.off[0], nl);
	if (!name)
		return nomem(p);
	rc = df_lex_shell_words(rest, rl, true, false, &p->words2);
	if (rc < 0)
		return nomem(p);
	if (rc || p->words2.n != 1)
		return diag_error(p->d, BH_EPARSE, n->line, n->col,
				  "internal lexing of heredoc produced inconsistent results");
	memset(h, 0, sizeof(*h));
	h->name = name;
	h->name_len = nl;
	h->expand = count_quotes_equal(name, nl,
				       p->words2.buf.buf + p->words2.off[0],
				       p->words2.len[0]);
	h->chomp = chomp;
	h->fd = -1;
	if (digits) {
		long v = 0;
		for (size_t k = 0; k < digits; k++) {
			v = v * 10 + (w[k] - '0');
			if (v > INT_MAX) {
				v = INT_MAX;
				break;
			}
		}
		h->fd = (int)v;
	}
	return 1;
}

/* canContainHeredoc: RUN, COPY, ADD (also directly under ONBUILD), not in
 * JSON form. */
static bool heredoc_capable(const struct df_node *n, enum kw kw, enum kw kw2)
{
	if (kw == KW_ONBUILD && n->onbuild) {
		n = n->onbuild;
		kw = kw2;
	}
	return (kw == KW_RUN || kw == KW_COPY || kw == KW_ADD) && !n->json_form;
}

static bool has_lt2(const char *s, size_t n)
{
	for (const char *q = s; (q = memchr(q, '<', n - (size_t)(q - s)));) {
		if ((size_t)(q - s) + 1 < n && q[1] == '<')
			return true;
		q++;
	}
	return false;
}

static int read_heredocs(struct parser *p, struct df_node *n)
{
	int rc = df_lex_shell_words(n->original, n->original_len, true, true,
				    &p->words);
	if (rc < 0)
		return nomem(p);
	if (rc)
		return 0; /* BuildKit ignores the lexer's error here */
	size_t nh = 0;
	strbuf_reset(&p->vec);
	for (size_t k = 0; k < p->words.n; k++) {
		struct df_heredoc h;
		rc = heredoc_word(p, n, p->words.buf.buf + p->words.off[k],
				  p->words.len[k], &h);
		if (rc < 0)
			return rc;
		if (rc == 1) {
			if (!vec_push(p, &h, sizeof(h)))
				return nomem(p);
			nh++;
		}
	}
	n->heredocs = vec_take(p, nh, sizeof(struct df_heredoc));
	if (nh && !n->heredocs)
		return nomem(p);
	n->nheredocs = nh;
	for (size_t k = 0; k < nh; k++) {
		struct df_heredoc *h = &n->heredocs[k];
		size_t name_len = h->name_len;
		size_t start = p->pos, end = 0;
		bool done = false;
		struct pline l = {0};
		h->line = p->line + 1;
		while ((rc = read_line(p, &l)) == 1) {
			const char *t = p->src + l.off;
			size_t tn = l.len;
			if (h->chomp)
				while (tn && *t == '\t') {
					t++;
					tn--;
				}
			if (tn == name_len && memcmp(t, h->name, tn) == 0) {
				done = true;
				end = l.off;
				h->end_line = l.lineno;
				break;
			}
		}
		if (rc < 0)
			return rc;
		if (!done)
			return diag_error(p->d, BH_EPARSE, n->line, n->col,
					  "unterminated heredoc");
		h->content_len = end - start;
		h->content = arena_strndup(p->a, p->src + start, end - start);
		if (!h->content)
			return nomem(p);
	}
	return 0;
}

/* Make the node(s) of one joined instruction and read its heredocs. */
static int build_instruction(struct parser *p, const char *text, size_t len,
			     int end_line)
{
	if (p->nnodes == p->cap) {
		size_t ncap = p->cap ? p->cap * 2 : 16;
		/* not zeroed: each node is cleared below as it is added */
		struct df_node *v = ncap <= SIZE_MAX / sizeof(*v)
					    ? arena_alloc_raw(p->a,
							      ncap * sizeof(*v))
					    : NULL;
		if (!v)
			return nomem(p);
		if (p->nnodes)
			memcpy(v, p->nodes, p->nnodes * sizeof(*v));
		p->nodes = v;
		p->cap = ncap;
	}
	struct df_node *top = &p->nodes[p->nnodes];
	memset(top, 0, sizeof(*top));
	char *copy = arena_strndup(p->a, text, len);
	if (!copy)
		return nomem(p);
	if (p->njsegs == 0)
		add_seg(p, 0, end_line, 1);
	if (p->jsegs.failed)
		return nomem(p);

	struct itext it = {copy, len, 0};
	struct df_node *n = top;
	enum kw kw = KW_UNKNOWN, kw_top = KW_UNKNOWN, kw_child = KW_UNKNOWN;
	for (int depth = 0;; depth++) {
		size_t rest_off = 0;
		int rc = build_one(p, n, it, &kw, &rest_off);
		if (rc)
			return rc;
		if (depth == 0)
			kw_top = kw;
		else if (depth == 1)
			kw_child = kw;
		if (kw != KW_ONBUILD || n->rest_len == 0)
			break;
		if (depth + 1 >= DF_MAX_ONBUILD_DEPTH)
			return diag_error(p->d, BH_ELIMIT, n->line, n->col,
					  "ONBUILD nested more than %d deep",
					  DF_MAX_ONBUILD_DEPTH);
		struct df_node *c = arena_alloc(p->a, sizeof(*c));
		if (!c)
			return nomem(p);
		n->onbuild = c;
		it.base += rest_off;
		it.text = n->rest;
		it.len = n->rest_len;
		n = c;
	}
	/* every level ends where the instruction does */
	top->end_line = end_line;
	if (heredoc_capable(top, kw_top, kw_child) &&
	    has_lt2(top->original, top->original_len)) {
		int rc = read_heredocs(p, top);
		if (rc)
			return rc;
	}
	for (n = top; n; n = n->onbuild)
		n->end_line = p->line;
	p->nnodes++;
	return 0;
}

static int add_warning(struct parser *p, int line)
{
	if (p->nwarns == p->wcap) {
		size_t ncap = p->wcap ? p->wcap * 2 : 8;
		struct df_warning *v = arena_grow(p->a, p->warns, p->nwarns, ncap,
						  sizeof(*v));
		if (!v)
			return nomem(p);
		p->warns = v;
		p->wcap = ncap;
	}
	p->warns[p->nwarns].line = line;
	p->warns[p->nwarns].message =
		"empty continuation line (BuildKit: will become an error)";
	p->nwarns++;
	return 0;
}

/* The piece of a physical line that joins the instruction text. */
static inline void add_piece(struct parser *p, const char *s, size_t n,
			     int line, int col, const char **first,
			     size_t *first_len, int *npieces)
{
	if (n == 0)
		return;
	size_t off = *npieces == 0 ? 0 : (*npieces == 1 ? *first_len : p->join.len);
	if (*npieces == 0) {
		*first = s;
		*first_len = n;
	} else {
		if (*npieces == 1) {
			strbuf_reset(&p->join);
			sb_add(&p->join, *first, *first_len);
		}
		sb_add(&p->join, s, n);
	}
	add_seg(p, off, line, col);
	(*npieces)++;
}

static int parse_all(struct parser *p)
{
	struct pline l = {0};
	int rc;
	while ((rc = read_line(p, &l)) == 1) {
		const char *line0 = p->src + l.off;
		const char *t = line0;
		size_t tn = l.len;
		if (l.lineno == 1 && tn >= 3 && memcmp(t, "\xEF\xBB\xBF", 3) == 0) {
			t += 3;
			tn -= 3;
			line0 += 3;
		}
		size_t lead = trim_left(t, tn);
		t += lead;
		tn -= lead;
		int col = (int)(t - line0) + 1;
		if (!p->dir_done && (rc = directive(p, t, tn, l.lineno, col)))
			return rc;
		if (tn && t[0] == '#')
			tn = 0;
		size_t keep;
		bool cont = continues(t, tn, p->esc, &keep);
		if (!cont && tn == 0)
			continue;

		const char *first = NULL;
		size_t first_len = 0;
		int npieces = 0, empty_line = 0;
		int start_line = l.lineno;
		strbuf_reset(&p->jsegs);
		p->njsegs = 0;
		add_piece(p, t, keep, l.lineno, col, &first, &first_len, &npieces);
		while (cont) {
			if ((rc = read_line(p, &l)) <= 0) {
				if (rc < 0)
					return rc;
				break;
			}
			const char *c = p->src + l.off;
			size_t cl = l.len;
			size_t cl_lead = trim_left(c, cl);
			if (cl_lead < cl && c[cl_lead] == '#')
				continue;
			if (cl_lead == cl) {
				if (!empty_line)
					empty_line = l.lineno;
				continue;
			}
			cont = continues(c, cl, p->esc, &keep);
			add_piece(p, c, keep, l.lineno, 1, &first, &first_len,
				  &npieces);
		}
		if (p->join.failed || p->jsegs.failed)
			return nomem(p);
		if (empty_line && (rc = add_warning(p, empty_line)))
			return rc;
		if (npieces == 0)
			add_seg(p, 0, start_line, col);
		const char *text = npieces > 1 ? p->join.buf : (first ? first : "");
		size_t len = npieces > 1 ? p->join.len : first_len;
		if ((rc = build_instruction(p, text, len, p->line)))
			return rc;
	}
	return rc;
}

int df_parse(const char *text, size_t len, struct arena *a, struct df_file *out,
	     struct diag *d)
{
	struct parser p;
	memset(&p, 0, sizeof(p));
	memset(out, 0, sizeof(*out));
	out->escape = '\\';
	p.src = text ? text : "";
	p.len = text ? len : 0;
	p.esc = '\\';
	p.a = a;
	p.d = d;
	p.f = out;
	int rc = parse_all(&p);
	if (rc == 0 && p.nnodes == 0)
		rc = diag_error(d, BH_EPARSE, 0, 0, "file with no instructions");
	strbuf_free(&p.join);
	strbuf_free(&p.jsegs);
	strbuf_free(&p.tmp);
	strbuf_free(&p.vec);
	df_words_free(&p.words);
	df_words_free(&p.words2);
	if (rc) {
		memset(out, 0, sizeof(*out));
		out->escape = '\\';
		return rc;
	}
	out->nodes = p.nodes;
	out->nnodes = p.nnodes;
	out->warnings = p.warns;
	out->nwarnings = p.nwarns;
	out->nlines = p.line;
	return BH_OK;
}

/* ---- Dump ----------------------------------------------------------- */

void df_dump_node(const struct df_node *n, struct strbuf *out)
{
	strbuf_addc(out, '(');
	size_t start = out->len;
	int depth = 0;
	for (const struct df_node *c = n; c; c = c->onbuild) {
		strbuf_add(out, c->keyword, c->keyword_len);
		if (c->nflags) {
			strbuf_add(out, " [", 2);
			for (size_t i = 0; i < c->nflags; i++) {
				if (i)
					strbuf_addc(out, ' ');
				df_lex_quote(out, c->flags[i].text, c->flags[i].len);
			}
			strbuf_addc(out, ']');
		}
		for (size_t i = 0; i < c->nargs; i++) {
			strbuf_addc(out, ' ');
			df_lex_quote(out, c->args[i].text, c->args[i].len);
		}
		if (c->onbuild) {
			strbuf_add(out, " (", 2);
			depth++;
		}
	}
	while (depth-- > 0)
		strbuf_addc(out, ')');
	if (out->failed)
		return;
	/* Dump() ends in strings.TrimSpace */
	size_t lead = df_lex_trim_left(out->buf + start, out->len - start);
	if (lead) {
		memmove(out->buf + start, out->buf + start + lead,
			out->len - start - lead);
		out->len -= lead;
	}
	out->len = start + df_lex_trim_right(out->buf + start, out->len - start);
	strbuf_add(out, ")\n", 2);
}

void df_dump(const struct df_file *f, struct strbuf *out)
{
	for (size_t i = 0; i < f->nnodes; i++)
		df_dump_node(&f->nodes[i], out);
}

void df_locate(const struct df_node *n, size_t offset, int *line, int *col)
{
	if (!n->nsegs) {
		*line = n->line;
		*col = n->col;
		return;
	}
	size_t lo = 0, hi = n->nsegs;
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (n->segs[mid].offset <= offset)
			lo = mid;
		else
			hi = mid;
	}
	if (offset > n->rest_len)
		offset = n->rest_len;
	size_t c = (size_t)n->segs[lo].col + (offset - n->segs[lo].offset);
	*line = n->segs[lo].line;
	*col = c > INT_MAX ? INT_MAX : (int)c;
}

const char *df_flag_value(const struct df_node *n, const char *name,
			  bool *present)
{
	for (size_t i = 0; i < n->nflags; i++)
		if (strcmp(n->flags[i].name, name) == 0) {
			if (present)
				*present = true;
			return n->flags[i].value;
		}
	if (present)
		*present = false;
	return NULL;
}
