/* SPDX-License-Identifier: Apache-2.0
 *
 * dign.c - .dockerignore reading and matching with BuildKit's semantics.
 *
 * This file owns the reader (BuildKit's dockerignore.ReadAll: UTF-8 BOM
 * dropped, lines starting with '#' in column 1 skipped, whitespace trimmed,
 * "!" split off, filepath.Clean, one leading '/' dropped), the pattern
 * compiler (patternmatcher's Pattern.compile: exact, prefix, suffix or
 * regexp match type; '*' and '?' never cross '/'; "**" spans directories)
 * and MatchesOrParentMatches (a pattern also excludes everything below a
 * matching directory; the last matching pattern wins).  The facts come
 * from reading moby/patternmatcher and moby/buildkit; the code is ours.
 * Regexp-type patterns run on a small NFA over runes (no backtracking, so
 * no blow-up on hostile patterns): time is O(path x tokens).
 *
 * One deviation: inside [...] patternmatcher passes the class text to Go's
 * regexp after its own rewriting, so "[*]" becomes a broken class there;
 * here every class is read with filepath.Match's grammar.
 *
 * It does not walk directories (src/core/context.c does).
 * Tests: tests/unit/parse/test_dign.c.
 */
#include "dign.h"

#include <stdint.h>
#include <string.h>

enum tok_type {
	T_LIT,        /* one rune */
	T_ONE,        /* [^/] */
	T_STAR,       /* [^/]* */
	T_DSTAR_END,  /* .* */
	T_DSTAR_DIR,  /* optional: any runes then a slash */
	T_CLASS,      /* [...] */
};

struct dign_tok {
	uint8_t type;
	bool negated;
	uint32_t rune;
	uint32_t nranges;
	const uint32_t *ranges;  /* lo, hi pairs */
};

#define RUNE_ERROR 0xFFFDu

/* Go's utf8.DecodeRune: invalid or truncated input is one RuneError byte. */
static uint32_t decode(const char *s, size_t n, size_t *w)
{
	const unsigned char *p = (const unsigned char *)s;
	if (n == 0) {
		*w = 0;
		return RUNE_ERROR;
	}
	unsigned char c = p[0];
	*w = 1;
	if (c < 0x80)
		return c;
	size_t need;
	uint32_t r, min;
	if (c >= 0xC2 && c <= 0xDF) {
		need = 2;
		r = c & 0x1F;
		min = 0x80;
	} else if (c >= 0xE0 && c <= 0xEF) {
		need = 3;
		r = c & 0x0F;
		min = 0x800;
	} else if (c >= 0xF0 && c <= 0xF4) {
		need = 4;
		r = c & 0x07;
		min = 0x10000;
	} else {
		return RUNE_ERROR;
	}
	if (n < need)
		return RUNE_ERROR;
	for (size_t i = 1; i < need; i++) {
		if ((p[i] & 0xC0) != 0x80)
			return RUNE_ERROR;
		r = r << 6 | (p[i] & 0x3F);
	}
	if (r < min || r > 0x10FFFF || (r >= 0xD800 && r <= 0xDFFF))
		return RUNE_ERROR;
	*w = need;
	return r;
}

/* ---- reading ---------------------------------------------------------- */

/* Go's unicode.IsSpace for the runes TrimSpace removes. */
static bool is_space_rune(uint32_t r)
{
	switch (r) {
	case ' ': case '\t': case '\n': case '\v': case '\f': case '\r':
	case 0x85: case 0xA0: case 0x1680: case 0x2028: case 0x2029:
	case 0x202F: case 0x205F: case 0x3000:
		return true;
	default:
		return r >= 0x2000 && r <= 0x200A;
	}
}

/* strings.TrimSpace on s[*b..*e). */
static void trim_space(const char *s, size_t *b, size_t *e)
{
	while (*b < *e) {
		size_t w;
		uint32_t r = decode(s + *b, *e - *b, &w);
		if (!is_space_rune(r))
			break;
		*b += w;
	}
	while (*e > *b) {
		/* step back to the start of the last rune */
		size_t k = *e - 1;
		while (k > *b && ((unsigned char)s[k] & 0xC0) == 0x80 &&
		       *e - k < 4)
			k--;
		size_t w;
		uint32_t r = decode(s + k, *e - k, &w);
		if (k + w != *e) {
			/* not a whole rune: the last byte is an error rune */
			k = *e - 1;
			r = RUNE_ERROR;
		}
		if (!is_space_rune(r))
			break;
		*e = k;
	}
}

/* Go's path.Clean of p[0..n) into out (room for n + 2 bytes).  Returns the
 * cleaned length. */
static size_t clean_path(const char *p, size_t n, char *out)
{
	if (n == 0) {
		out[0] = '.';
		return 1;
	}
	bool rooted = p[0] == '/';
	size_t r = 0, w = 0, dotdot = 0;
	if (rooted) {
		out[w++] = '/';
		r = 1;
		dotdot = 1;
	}
	while (r < n) {
		if (p[r] == '/') {
			r++;
		} else if (p[r] == '.' && (r + 1 == n || p[r + 1] == '/')) {
			r++;
		} else if (p[r] == '.' && p[r + 1] == '.' &&
			   (r + 2 == n || p[r + 2] == '/')) {
			r += 2;
			if (w > dotdot) {
				w--;
				while (w > dotdot && out[w] != '/')
					w--;
			} else if (!rooted) {
				if (w > 0)
					out[w++] = '/';
				out[w++] = '.';
				out[w++] = '.';
				dotdot = w;
			}
		} else {
			if ((rooted && w != 1) || (!rooted && w != 0))
				out[w++] = '/';
			while (r < n && p[r] != '/')
				out[w++] = p[r++];
		}
	}
	if (w == 0)
		out[w++] = '.';
	return w;
}

/* ---- compiling -------------------------------------------------------- */

/* filepath.Match's getEsc: one class character, maybe escaped. */
static int class_char(const char *p, size_t n, size_t *pos, uint32_t *r)
{
	if (*pos >= n || p[*pos] == '-' || p[*pos] == ']')
		return -1;
	if (p[*pos] == '\\') {
		(*pos)++;
		if (*pos >= n)
			return -1;
	}
	size_t w;
	*r = decode(p + *pos, n - *pos, &w);
	*pos += w;
	return 0;
}

/* Parses a class after its '['.  With "tok" NULL, only checks syntax. */
static int parse_class(struct arena *a, const char *p, size_t n, size_t *pos,
		       struct dign_tok *tok)
{
	bool neg = false;
	if (*pos < n && p[*pos] == '^') {
		neg = true;
		(*pos)++;
	}
	size_t start = *pos, nr = 0;
	uint32_t *ranges = NULL;
	for (int pass = 0; pass < 2; pass++) {
		*pos = start;
		size_t k = 0;
		for (;;) {
			if (*pos < n && p[*pos] == ']' && k > 0) {
				(*pos)++;
				break;
			}
			uint32_t lo, hi;
			if (class_char(p, n, pos, &lo) < 0)
				return BH_EPARSE;
			hi = lo;
			if (*pos < n && p[*pos] == '-') {
				(*pos)++;
				if (class_char(p, n, pos, &hi) < 0)
					return BH_EPARSE;
			}
			if (lo > hi)
				return BH_EPARSE;  /* Go's regexp rejects it */
			if (ranges) {
				ranges[2 * k] = lo;
				ranges[2 * k + 1] = hi;
			}
			k++;
		}
		nr = k;
		if (!tok)
			return 0;
		if (pass == 0) {
			ranges = arena_array(a, 2 * nr, sizeof(*ranges));
			if (!ranges)
				return BH_ENOMEM;
		}
	}
	tok->type = T_CLASS;
	tok->negated = neg;
	tok->ranges = ranges;
	tok->nranges = (uint32_t)nr;
	return 0;
}

/* filepath.Match's syntax check, which patternmatcher.New runs. */
static int check_syntax(const char *p, size_t n)
{
	size_t pos = 0;
	while (pos < n) {
		if (p[pos] == '\\') {
			pos++;
			if (pos >= n)
				return BH_EPARSE;
			pos++;
		} else if (p[pos] == '[') {
			pos++;
			if (parse_class(NULL, p, n, &pos, NULL) < 0)
				return BH_EPARSE;
		} else {
			pos++;
		}
	}
	return 0;
}

static bool should_escape(uint32_t ch)
{
	return ch < 0x80 && strchr(".+()|{}$", (int)ch) && ch != 0;
}

/* Pattern.compile: the match type and, for DIGN_REGEXP, the tokens. */
static int compile(struct arena *a, struct dign_pattern *pat)
{
	const char *p = pat->text;
	size_t n = strlen(p);
	struct dign_tok *toks = arena_array(a, n + 1, sizeof(*toks));
	if (!toks)
		return BH_ENOMEM;
	size_t nt = 0, pos = 0;
	enum dign_match_type type = DIGN_EXACT;
	for (size_t i = 0; pos < n; i++) {
		size_t w;
		uint32_t ch = decode(p + pos, n - pos, &w);
		pos += w;
		struct dign_tok *t = &toks[nt];
		memset(t, 0, sizeof(*t));
		if (ch == '*') {
			if (pos < n && p[pos] == '*') {
				pos++;
				if (pos < n && p[pos] == '/')
					pos++;
				if (pos >= n) {
					if (type == DIGN_EXACT) {
						type = DIGN_PREFIX;
					} else {
						t->type = T_DSTAR_END;
						nt++;
						type = DIGN_REGEXP;
					}
				} else {
					t->type = T_DSTAR_DIR;
					nt++;
					type = DIGN_REGEXP;
				}
				if (i == 0)
					type = DIGN_SUFFIX;
			} else {
				t->type = T_STAR;
				nt++;
				type = DIGN_REGEXP;
			}
		} else if (ch == '?') {
			t->type = T_ONE;
			nt++;
			type = DIGN_REGEXP;
		} else if (should_escape(ch)) {
			t->type = T_LIT;
			t->rune = ch;
			nt++;
		} else if (ch == '\\') {
			t->type = T_LIT;
			if (pos < n) {
				t->rune = decode(p + pos, n - pos, &w);
				pos += w;
				type = DIGN_REGEXP;
			} else {
				t->rune = '\\';
			}
			nt++;
		} else if (ch == '[') {
			int rc = parse_class(a, p, n, &pos, t);
			if (rc)
				return rc;
			nt++;
			type = DIGN_REGEXP;
		} else if (ch == ']') {
			t->type = T_LIT;
			t->rune = ']';
			nt++;
			type = DIGN_REGEXP;
		} else {
			t->type = T_LIT;
			t->rune = ch;
			nt++;
		}
	}
	if (nt > DIGN_MAX_TOKS)
		return BH_ELIMIT;
	pat->type = type;
	pat->toks = toks;
	pat->ntoks = nt;
	return 0;
}

/* Adds one ReadAll line (s[b..e), already known non-comment). */
static int add_line(const char *s, size_t b, size_t e, int line,
		    struct arena *a, struct dign *out, size_t *cap,
		    struct diag *d)
{
	trim_space(s, &b, &e);
	if (b == e)
		return 0;
	bool invert = s[b] == '!';
	if (invert) {
		b++;
		trim_space(s, &b, &e);
	}
	/* "!" + Clean(rest), leading '/' dropped; then New() trims and
	 * cleans the whole string once more. */
	char *buf = arena_alloc(a, 2 * (e - b) + 8);
	char *buf2 = arena_alloc(a, 2 * (e - b) + 8);
	if (!buf || !buf2)
		return diag_error(d, BH_ENOMEM, line, 0, "out of memory");
	size_t n = 0;
	if (invert)
		buf[n++] = '!';
	if (e > b) {
		size_t start = n;
		n += clean_path(s + b, e - b, buf + n);
		if (n - start > 1 && buf[start] == '/') {
			memmove(buf + start, buf + start + 1, n - start - 1);
			n--;
		}
	}
	size_t tb = 0, te = n;
	trim_space(buf, &tb, &te);
	if (tb == te)
		return 0;
	size_t m = clean_path(buf + tb, te - tb, buf2);
	buf2[m] = 0;
	bool excl = false;
	char *text = buf2;
	if (text[0] == '!') {
		if (m == 1)
			return diag_error(d, BH_EPARSE, line, 1,
					  "illegal exclusion pattern: \"!\"");
		excl = true;
		text++;
		m--;
	}
	if (check_syntax(text, m) < 0)
		return diag_error(d, BH_EPARSE, line, 1,
				  "syntax error in pattern \"%s\"", text);
	if (out->npatterns == *cap) {
		size_t ncap = *cap ? *cap * 2 : 16;
		struct dign_pattern *np = arena_grow(a, out->patterns, *cap,
						     ncap, sizeof(*np));
		if (!np)
			return diag_error(d, BH_ENOMEM, line, 0,
					  "out of memory");
		out->patterns = np;
		*cap = ncap;
	}
	struct dign_pattern *pat = &out->patterns[out->npatterns];
	pat->text = text;
	pat->exclusion = excl;
	pat->line = line;
	int rc = compile(a, pat);
	if (rc == BH_ENOMEM)
		return diag_error(d, rc, line, 0, "out of memory");
	if (rc == BH_ELIMIT)
		return diag_error(d, rc, line, 1, "pattern too long");
	if (rc)
		return diag_error(d, BH_EPARSE, line, 1,
				  "syntax error in pattern \"%s\"", text);
	out->npatterns++;
	if (excl)
		out->has_exclusions = true;
	return 0;
}

int dign_parse(const char *text, size_t len, struct arena *a,
	       struct dign *out, struct diag *d)
{
	memset(out, 0, sizeof(*out));
	size_t cap = 0, pos = 0;
	int line = 0;
	if (!text)
		len = 0;
	while (pos < len) {
		const char *nl = memchr(text + pos, '\n', len - pos);
		size_t end = nl ? (size_t)(nl - text) : len;
		size_t b = pos, e = end;
		pos = nl ? end + 1 : len;
		if (e - b > DIGN_MAX_LINE)
			return diag_error(d, BH_ELIMIT, line + 1, 0,
					  "line longer than %d bytes",
					  DIGN_MAX_LINE);
		if (e > b && text[e - 1] == '\r')
			e--;
		if (line == 0 && e - b >= 3 &&
		    !memcmp(text + b, "\xEF\xBB\xBF", 3))
			b += 3;
		line++;
		if (b < e && text[b] == '#')
			continue;
		int rc = add_line(text, b, e, line, a, out, &cap, d);
		if (rc)
			return rc;
	}
	return 0;
}

/* ---- matching --------------------------------------------------------- */

static bool class_has(const struct dign_tok *t, uint32_t r)
{
	bool in = false;
	for (uint32_t i = 0; i < t->nranges && !in; i++)
		in = r >= t->ranges[2 * i] && r <= t->ranges[2 * i + 1];
	return in != t->negated;
}

/* State k = 2*i: before token i; 2*i+1: inside the any-runes part of a
 * T_DSTAR_DIR token i.  State 2*ntoks accepts. */
static void add_state(uint64_t *set, const struct dign_tok *toks, size_t nt,
		      size_t k)
{
	/* epsilon closure: skippable tokens forward */
	for (;;) {
		set[k >> 6] |= (uint64_t)1 << (k & 63);
		if (k & 1 || k / 2 >= nt)
			return;
		uint8_t ty = toks[k / 2].type;
		if (ty != T_STAR && ty != T_DSTAR_END && ty != T_DSTAR_DIR)
			return;
		k += 2;
	}
}

/* Moves state k of "pat" over rune r into "next".  True if it went on. */
static bool step(uint64_t *next, const struct dign_pattern *pat, size_t k,
		 uint32_t r)
{
	const struct dign_tok *t = &pat->toks[k / 2];
	size_t nt = pat->ntoks, at = k & ~(size_t)1;  /* before token k/2 */
	switch (t->type) {
	case T_LIT:
		if (r != t->rune)
			return false;
		add_state(next, pat->toks, nt, at + 2);
		return true;
	case T_ONE:
		if (r == '/')
			return false;
		add_state(next, pat->toks, nt, at + 2);
		return true;
	case T_CLASS:
		if (!class_has(t, r))
			return false;
		add_state(next, pat->toks, nt, at + 2);
		return true;
	case T_STAR:
		if (r == '/')
			return false;
		add_state(next, pat->toks, nt, at);
		return true;
	case T_DSTAR_END:
		if (r == '\n')
			return false;
		add_state(next, pat->toks, nt, at);
		return true;
	case T_DSTAR_DIR:
		if (r == '\n')
			return false;
		add_state(next, pat->toks, nt, at + 1);
		if (r == '/')
			add_state(next, pat->toks, nt, at + 2);
		return true;
	}
	return false;
}

static bool run_nfa(const struct dign_pattern *pat, const char *s, size_t n)
{
	size_t nt = pat->ntoks, nstates = 2 * nt + 2;
	size_t words = (nstates + 63) / 64;
	uint64_t a[(2 * DIGN_MAX_TOKS + 2 + 63) / 64];
	uint64_t b[(2 * DIGN_MAX_TOKS + 2 + 63) / 64];
	uint64_t *cur = a, *next = b;
	memset(cur, 0, words * sizeof(uint64_t));
	add_state(cur, pat->toks, nt, 0);
	size_t pos = 0;
	while (pos < n) {
		size_t w;
		uint32_t r = decode(s + pos, n - pos, &w);
		pos += w;
		memset(next, 0, words * sizeof(uint64_t));
		bool any = false;
		for (size_t wi = 0; wi < words; wi++) {
			uint64_t bits = cur[wi];
			while (bits) {
				size_t k = wi * 64 +
					   (size_t)__builtin_ctzll(bits);
				bits &= bits - 1;
				if (k / 2 >= nt)
					continue;
				any |= step(next, pat, k, r);
			}
		}
		if (!any)
			return false;
		uint64_t *tmp = cur;
		cur = next;
		next = tmp;
	}
	size_t acc = 2 * nt;
	return cur[acc >> 6] >> (acc & 63) & 1;
}

static bool pattern_match(const struct dign_pattern *pat, const char *s,
			  size_t n)
{
	size_t m = strlen(pat->text);
	switch (pat->type) {
	case DIGN_EXACT:
		return n == m && !memcmp(s, pat->text, n);
	case DIGN_PREFIX:
		return n >= m - 2 && !memcmp(s, pat->text, m - 2);
	case DIGN_SUFFIX: {
		const char *suf = pat->text + 2;
		size_t k = m - 2;
		if (n >= k && !memcmp(s + n - k, suf, k))
			return true;
		return k > 0 && suf[0] == '/' && n == k - 1 &&
		       !memcmp(s, suf + 1, n);
	}
	case DIGN_REGEXP:
		return run_nfa(pat, s, n);
	}
	return false;
}

bool dign_may_reinclude(const struct dign *ign)
{
	return ign && ign->has_exclusions;
}

bool dign_excluded(const struct dign *ign, const char *relpath)
{
	if (!ign || !relpath || ign->npatterns == 0)
		return false;
	size_t n = strlen(relpath);
	if (n > DIGN_MAX_PATH)
		return false;
	char path[DIGN_MAX_PATH + 2];
	n = clean_path(relpath, n, path);
	path[n] = 0;
	if (n == 1 && path[0] == '.')
		return false;
	/* parent = filepath.Dir: everything before the last '/' */
	const char *slash = strrchr(path, '/');
	bool has_parent = slash && slash != path;
	bool matched = false;
	for (size_t i = 0; i < ign->npatterns; i++) {
		const struct dign_pattern *pat = &ign->patterns[i];
		if (pat->exclusion != matched)
			continue;
		bool m = pattern_match(pat, path, n);
		if (!m && has_parent) {
			/* every parent directory, shortest first */
			for (size_t k = 1; k <= (size_t)(slash - path) && !m; k++)
				if (k == (size_t)(slash - path) || path[k] == '/')
					m = pattern_match(pat, path, k);
		}
		if (m)
			matched = !pat->exclusion;
	}
	return matched;
}
