/* SPDX-License-Identifier: Apache-2.0
 *
 * df_lex.c - Go-compatible text primitives for the Dockerfile parser.
 *
 * This file owns the small pieces of Go runtime behaviour that decide how
 * BuildKit splits and prints a Dockerfile: UTF-8 decoding (invalid bytes
 * are U+FFFD of width 1), unicode.IsSpace, strconv.Quote, encoding/json's
 * acceptance of an array of strings, strings.ToLower, and the shell word
 * splitter that finds heredoc words.  It does not know about instructions
 * (df_parse.c does).  Everything is iterative except the ${...} nesting of
 * the shell lexer, which is bounded by DF_MAX_SUBST_DEPTH.
 * Tests: tests/unit/parse/test_df_parse.c, tests/suites/conformance.sh.
 */
#include "df_lex.h"

#include <stdlib.h>
#include <string.h>

#include "../util/diag.h"

/* ---- UTF-8 ---------------------------------------------------------- */

size_t df_lex_decode(const char *str, size_t n, uint32_t *r)
{
	const unsigned char *s = (const unsigned char *)str;
	unsigned c = s[0];
	if (c < 0x80) {
		*r = c;
		return 1;
	}
	unsigned lo = 0x80, hi = 0xBF;
	size_t need;
	uint32_t v;
	if (c >= 0xC2 && c <= 0xDF) {
		need = 2;
		v = c & 0x1F;
	} else if (c >= 0xE0 && c <= 0xEF) {
		need = 3;
		v = c & 0x0F;
		if (c == 0xE0)
			lo = 0xA0;
		else if (c == 0xED)
			hi = 0x9F;
	} else if (c >= 0xF0 && c <= 0xF4) {
		need = 4;
		v = c & 0x07;
		if (c == 0xF0)
			lo = 0x90;
		else if (c == 0xF4)
			hi = 0x8F;
	} else {
		*r = DF_RUNE_ERROR;
		return 1;
	}
	if (n < need || s[1] < lo || s[1] > hi) {
		*r = DF_RUNE_ERROR;
		return 1;
	}
	v = (v << 6) | (s[1] & 0x3F);
	for (size_t i = 2; i < need; i++) {
		if (s[i] < 0x80 || s[i] > 0xBF) {
			*r = DF_RUNE_ERROR;
			return 1;
		}
		v = (v << 6) | (s[i] & 0x3F);
	}
	*r = v;
	return need;
}

size_t df_lex_encode(uint32_t r, char out[4])
{
	if (r > 0x10FFFF || (r >= 0xD800 && r < 0xE000))
		r = DF_RUNE_ERROR;
	if (r < 0x80) {
		out[0] = (char)r;
		return 1;
	}
	if (r < 0x800) {
		out[0] = (char)(0xC0 | (r >> 6));
		out[1] = (char)(0x80 | (r & 0x3F));
		return 2;
	}
	if (r < 0x10000) {
		out[0] = (char)(0xE0 | (r >> 12));
		out[1] = (char)(0x80 | ((r >> 6) & 0x3F));
		out[2] = (char)(0x80 | (r & 0x3F));
		return 3;
	}
	out[0] = (char)(0xF0 | (r >> 18));
	out[1] = (char)(0x80 | ((r >> 12) & 0x3F));
	out[2] = (char)(0x80 | ((r >> 6) & 0x3F));
	out[3] = (char)(0x80 | (r & 0x3F));
	return 4;
}

static void add_rune(struct strbuf *sb, uint32_t r)
{
	char tmp[4];
	strbuf_add(sb, tmp, df_lex_encode(r, tmp));
}

/* ---- spaces --------------------------------------------------------- */

bool df_lex_is_space(uint32_t r)
{
	if (r < 0x100)
		return r == ' ' || (r >= '\t' && r <= '\r') || r == 0x85 ||
		       r == 0xA0;
	return r == 0x1680 || (r >= 0x2000 && r <= 0x200A) || r == 0x2028 ||
	       r == 0x2029 || r == 0x202F || r == 0x205F || r == 0x3000;
}

bool df_lex_is_space_byte(unsigned char b)
{
	return df_lex_is_space(b);
}

size_t df_lex_trim_left(const char *s, size_t n)
{
	size_t i = 0;
	while (i < n) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x80) {
			if (c == ' ' || (c >= '\t' && c <= '\r')) {
				i++;
				continue;
			}
			break;
		}
		uint32_t r;
		size_t w = df_lex_decode(s + i, n - i, &r);
		if (!df_lex_is_space(r))
			break;
		i += w;
	}
	return i;
}

/* Length of a multi-byte Unicode space encoded at the very end of s[0..n),
 * or 0.  Such a suffix always starts with a lead byte followed by
 * continuation bytes, so utf8.DecodeLastRune decodes exactly it. */
static size_t space_suffix(const unsigned char *s, size_t n)
{
	if (n >= 2 && s[n - 2] == 0xC2 && (s[n - 1] == 0x85 || s[n - 1] == 0xA0))
		return 2;
	if (n < 3)
		return 0;
	unsigned a = s[n - 3], b = s[n - 2], c = s[n - 1];
	if (a == 0xE1 && b == 0x9A && c == 0x80)
		return 3;
	if (a == 0xE2 && b == 0x80 &&
	    (c <= 0x8A || c == 0xA8 || c == 0xA9 || c == 0xAF) && c >= 0x80)
		return 3;
	if (a == 0xE2 && b == 0x81 && c == 0x9F)
		return 3;
	if (a == 0xE3 && b == 0x80 && c == 0x80)
		return 3;
	return 0;
}

size_t df_lex_trim_right(const char *str, size_t n)
{
	const unsigned char *s = (const unsigned char *)str;
	while (n > 0) {
		unsigned char c = s[n - 1];
		if (c == ' ' || (c >= '\t' && c <= '\r')) {
			n--;
			continue;
		}
		if (c < 0x80)
			break;
		size_t w = space_suffix(s, n);
		if (!w)
			break;
		n -= w;
	}
	return n;
}

/* ---- strconv.Quote -------------------------------------------------- */

struct range32 {
	uint32_t lo, hi;
};

/* Code points above U+00FF that Go's unicode.IsPrint rejects: spaces other
 * than U+0020, format characters, surrogates, private use, noncharacters
 * and the largest unassigned blocks.  Sorted. */
static const struct range32 not_print[] = {
	{0x0378, 0x0379},   {0x0380, 0x0383},   {0x038B, 0x038B},
	{0x038D, 0x038D},   {0x03A2, 0x03A2},   {0x0530, 0x0530},
	{0x0557, 0x0558},   {0x058B, 0x058C},   {0x0590, 0x0590},
	{0x05C8, 0x05CF},   {0x05EB, 0x05EE},   {0x05F5, 0x0605},
	{0x061C, 0x061C},   {0x06DD, 0x06DD},   {0x070E, 0x070F},
	{0x074B, 0x074C},   {0x07B2, 0x07BF},   {0x07FB, 0x07FC},
	{0x082E, 0x082F},   {0x083F, 0x083F},   {0x085C, 0x085D},
	{0x085F, 0x085F},   {0x086B, 0x086F},   {0x088F, 0x0897},
	{0x08E2, 0x08E2},   {0x180E, 0x180E},   {0x1680, 0x1680},
	{0x2000, 0x200F},   {0x2028, 0x202F},   {0x205F, 0x206F},
	{0x3000, 0x3000},   {0xD800, 0xF8FF},   {0xFDD0, 0xFDEF},
	{0xFEFF, 0xFEFF},   {0xFFF0, 0xFFFB},   {0xFFFE, 0xFFFF},
	{0x110BD, 0x110BD}, {0x110CD, 0x110CD}, {0x13430, 0x1343F},
	{0x1BCA0, 0x1BCA3}, {0x1D173, 0x1D17A}, {0x323B0, 0xE00FF},
	{0xE01F0, 0x10FFFF},
};

static bool is_print(uint32_t r)
{
	if (r < 0x100)
		return (r >= 0x20 && r <= 0x7E) || (r >= 0xA1 && r != 0xAD);
	if ((r & 0xFFFE) == 0xFFFE)
		return false;
	size_t lo = 0, hi = sizeof(not_print) / sizeof(not_print[0]);
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (r < not_print[mid].lo)
			hi = mid;
		else if (r > not_print[mid].hi)
			lo = mid + 1;
		else
			return false;
	}
	return true;
}

static const char hexd[] = "0123456789abcdef";

void df_lex_quote(struct strbuf *sb, const char *s, size_t n)
{
	strbuf_addc(sb, '"');
	size_t i = 0;
	while (i < n) {
		/* copy a run of plain printable ASCII in one go */
		size_t j = i;
		while (j < n) {
			unsigned char c = (unsigned char)s[j];
			if (c < 0x20 || c > 0x7E || c == '"' || c == '\\')
				break;
			j++;
		}
		if (j > i) {
			strbuf_add(sb, s + i, j - i);
			i = j;
			continue;
		}
		uint32_t r;
		size_t w = df_lex_decode(s + i, n - i, &r);
		if (w == 1 && r == DF_RUNE_ERROR) {
			unsigned char c = (unsigned char)s[i];
			char esc[4] = {'\\', 'x', hexd[c >> 4], hexd[c & 15]};
			strbuf_add(sb, esc, 4);
			i++;
			continue;
		}
		i += w;
		if (r == '"' || r == '\\') {
			strbuf_addc(sb, '\\');
			strbuf_addc(sb, (char)r);
			continue;
		}
		if (is_print(r)) {
			add_rune(sb, r);
			continue;
		}
		switch (r) {
		case '\a': strbuf_add(sb, "\\a", 2); continue;
		case '\b': strbuf_add(sb, "\\b", 2); continue;
		case '\f': strbuf_add(sb, "\\f", 2); continue;
		case '\n': strbuf_add(sb, "\\n", 2); continue;
		case '\r': strbuf_add(sb, "\\r", 2); continue;
		case '\t': strbuf_add(sb, "\\t", 2); continue;
		case '\v': strbuf_add(sb, "\\v", 2); continue;
		default: break;
		}
		char esc[10];
		size_t k = 0;
		esc[k++] = '\\';
		int digits;
		if (r < ' ' || r == 0x7F) {
			esc[k++] = 'x';
			digits = 2;
		} else if (r < 0x10000) {
			esc[k++] = 'u';
			digits = 4;
		} else {
			esc[k++] = 'U';
			digits = 8;
		}
		for (int d = digits - 1; d >= 0; d--)
			esc[k++] = hexd[(r >> (4 * d)) & 15];
		strbuf_add(sb, esc, k);
	}
	strbuf_addc(sb, '"');
}

/* ---- strings.ToLower ------------------------------------------------ */

static uint32_t to_lower(uint32_t r)
{
	if (r < 0x80)
		return (r >= 'A' && r <= 'Z') ? r + 32 : r;
	if ((r >= 0xC0 && r <= 0xDE && r != 0xD7) ||
	    (r >= 0x391 && r <= 0x3AB && r != 0x3A2) ||
	    (r >= 0x410 && r <= 0x42F))
		return r + 32;
	if (r >= 0x400 && r <= 0x40F)
		return r + 80;
	if (r >= 0x100 && r <= 0x17F) {
		if (r == 0x130)
			return 'i';
		if (r == 0x178)
			return 0xFF;
		bool odd_upper = (r >= 0x139 && r <= 0x148) ||
				 (r >= 0x179 && r <= 0x17E);
		if (r == 0x138 || r == 0x149 || r == 0x17F)
			return r;
		if (odd_upper ? (r & 1) : !(r & 1))
			return r + 1;
		return r;
	}
	if (r == 0x212A)
		return 'k';
	if (r == 0x212B)
		return 0xE5;
	return r;
}

char *df_lex_lower(struct arena *a, const char *s, size_t n, size_t *outlen)
{
	bool ascii = true;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] >= 0x80) {
			ascii = false;
			break;
		}
	if (ascii) {
		char *p = arena_alloc(a, n + 1);
		if (!p)
			return NULL;
		for (size_t i = 0; i < n; i++) {
			char c = s[i];
			p[i] = (c >= 'A' && c <= 'Z') ? (char)(c + 32) : c;
		}
		*outlen = n;
		return p;
	}
	/* invalid bytes grow to 3; lowered runes never grow beyond that */
	if (n > ((size_t)-1) / 3 - 1)
		return NULL;
	char *p = arena_alloc(a, 3 * n + 1);
	if (!p)
		return NULL;
	size_t o = 0;
	for (size_t i = 0; i < n;) {
		uint32_t r;
		size_t w = df_lex_decode(s + i, n - i, &r);
		i += w;
		o += df_lex_encode(to_lower(r), p + o);
	}
	p[o] = 0;
	*outlen = o;
	return p;
}

/* ---- encoding/json -------------------------------------------------- */

#define JSON_MAX_DEPTH 10000

static bool json_ws(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static int hexval(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Scan a JSON string starting at s[*i] == '"'; on success *i is past the
 * closing quote. */
static bool scan_string(const unsigned char *s, size_t n, size_t *i)
{
	size_t p = *i + 1;
	for (;;) {
		if (p >= n)
			return false;
		unsigned char c = s[p];
		if (c == '"') {
			*i = p + 1;
			return true;
		}
		if (c < 0x20)
			return false;
		if (c != '\\') {
			p++;
			continue;
		}
		if (++p >= n)
			return false;
		c = s[p];
		if (c == 'u') {
			if (n - p < 5)
				return false;
			for (size_t k = 1; k <= 4; k++)
				if (hexval(s[p + k]) < 0)
					return false;
			p += 5;
		} else if (strchr("\"\\/bfnrt", c) && c) {
			p++;
		} else {
			return false;
		}
	}
}

static bool scan_number(const unsigned char *s, size_t n, size_t *i)
{
	size_t p = *i;
	if (s[p] == '-')
		p++;
	if (p >= n)
		return false;
	if (s[p] == '0') {
		p++;
	} else if (s[p] >= '1' && s[p] <= '9') {
		while (p < n && s[p] >= '0' && s[p] <= '9')
			p++;
	} else {
		return false;
	}
	if (p < n && s[p] == '.') {
		p++;
		if (p >= n || s[p] < '0' || s[p] > '9')
			return false;
		while (p < n && s[p] >= '0' && s[p] <= '9')
			p++;
	}
	if (p < n && (s[p] == 'e' || s[p] == 'E')) {
		p++;
		if (p < n && (s[p] == '+' || s[p] == '-'))
			p++;
		if (p >= n || s[p] < '0' || s[p] > '9')
			return false;
		while (p < n && s[p] >= '0' && s[p] <= '9')
			p++;
	}
	*i = p;
	return true;
}

static bool scan_literal(const unsigned char *s, size_t n, size_t *i)
{
	static const char *const lits[] = {"true", "false", "null"};
	for (size_t k = 0; k < 3; k++) {
		size_t l = strlen(lits[k]);
		if (n - *i >= l && memcmp(s + *i, lits[k], l) == 0) {
			*i += l;
			return true;
		}
	}
	return false;
}

static uint32_t get_u4(const unsigned char *s, size_t n, size_t p)
{
	if (n - p < 6 || s[p] != '\\' || s[p + 1] != 'u')
		return (uint32_t)-1;
	uint32_t v = 0;
	for (size_t k = 2; k < 6; k++) {
		int h = hexval(s[p + k]);
		if (h < 0)
			return (uint32_t)-1;
		v = v * 16 + (uint32_t)h;
	}
	return v;
}

/* Decode the (valid) JSON string s[0..n) (quotes excluded) as Go's
 * unquote does; with out == NULL only measure. */
static size_t unquote(const unsigned char *s, size_t n, char *out)
{
	size_t o = 0;
	char tmp[4];
	for (size_t p = 0; p < n;) {
		unsigned char c = s[p];
		if (c == '\\') {
			unsigned char e = s[p + 1];
			char lit = 0;
			switch (e) {
			case '"': case '\\': case '/': lit = (char)e; break;
			case 'b': lit = '\b'; break;
			case 'f': lit = '\f'; break;
			case 'n': lit = '\n'; break;
			case 'r': lit = '\r'; break;
			case 't': lit = '\t'; break;
			default: break;
			}
			if (e != 'u') {
				if (out)
					out[o] = lit;
				o++;
				p += 2;
				continue;
			}
			uint32_t r = get_u4(s, n, p);
			p += 6;
			if (r >= 0xD800 && r < 0xE000) {
				uint32_t r2 = get_u4(s, n, p);
				if (r < 0xDC00 && r2 >= 0xDC00 && r2 < 0xE000) {
					r = (((r - 0xD800) << 10) | (r2 - 0xDC00)) +
					    0x10000;
					p += 6;
				} else {
					r = DF_RUNE_ERROR;
				}
			}
			size_t w = df_lex_encode(r, tmp);
			if (out)
				memcpy(out + o, tmp, w);
			o += w;
			continue;
		}
		if (c < 0x80) {
			if (out)
				out[o] = (char)c;
			o++;
			p++;
			continue;
		}
		uint32_t r;
		size_t w = df_lex_decode((const char *)s + p, n - p, &r);
		if (w == 1) {
			/* invalid byte: U+FFFD */
			if (out)
				memcpy(out + o, "\xEF\xBF\xBD", 3);
			o += 3;
		} else {
			if (out)
				memcpy(out + o, s + p, w);
			o += w;
		}
		p += w;
	}
	return o;
}

/* Validate s[0..n) as one JSON value that is an array.  With fill == NULL
 * count the top-level strings (*nstr) and note a non-string (*other);
 * with fill, decode the top-level strings into it. */
static int json_scan(const unsigned char *s, size_t n, size_t *nstr,
		     bool *other, struct df_jstr *fill, struct arena *a)
{
	unsigned char stack[JSON_MAX_DEPTH + 1];
	size_t depth = 0, i = 0, k = 0;
	*nstr = 0;
	*other = false;
	if (n == 0 || s[0] != '[')
		return DF_JSON_INVALID;
	goto value;

value:
	while (i < n && json_ws(s[i]))
		i++;
	if (i >= n)
		return DF_JSON_INVALID;
	if (s[i] == '[' || s[i] == '{') {
		unsigned char open = s[i];
		if (depth >= JSON_MAX_DEPTH)
			return DF_JSON_INVALID;
		if (depth == 1)
			*other = true;
		stack[++depth] = open;
		i++;
		while (i < n && json_ws(s[i]))
			i++;
		if (i < n && s[i] == (open == '[' ? ']' : '}')) {
			i++;
			depth--;
			goto after;
		}
		if (open == '[')
			goto value;
		goto key;
	}
	if (s[i] == '"') {
		size_t start = i;
		if (!scan_string(s, n, &i))
			return DF_JSON_INVALID;
		if (depth == 1) {
			if (fill) {
				const unsigned char *b = s + start + 1;
				size_t bl = i - start - 2;
				size_t len = unquote(b, bl, NULL);
				char *t = arena_alloc(a, len + 1);
				if (!t)
					return BH_ELIMIT;
				unquote(b, bl, t);
				fill[k].text = t;
				fill[k].len = len;
				fill[k].off = start;
				k++;
			}
			(*nstr)++;
		}
		goto after;
	}
	if (s[i] == '-' || (s[i] >= '0' && s[i] <= '9')) {
		if (!scan_number(s, n, &i))
			return DF_JSON_INVALID;
	} else if (!scan_literal(s, n, &i)) {
		return DF_JSON_INVALID;
	}
	if (depth == 1)
		*other = true;
	goto after;

key:
	while (i < n && json_ws(s[i]))
		i++;
	if (i >= n || s[i] != '"' || !scan_string(s, n, &i))
		return DF_JSON_INVALID;
	while (i < n && json_ws(s[i]))
		i++;
	if (i >= n || s[i] != ':')
		return DF_JSON_INVALID;
	i++;
	goto value;

after:
	while (i < n && json_ws(s[i]))
		i++;
	if (depth == 0)
		return i == n ? DF_JSON_OK : DF_JSON_INVALID;
	if (i >= n)
		return DF_JSON_INVALID;
	if (s[i] == ',') {
		i++;
		if (stack[depth] == '[')
			goto value;
		goto key;
	}
	if (s[i] == (stack[depth] == '[' ? ']' : '}')) {
		i++;
		depth--;
		goto after;
	}
	return DF_JSON_INVALID;
}

int df_lex_json_strings(const char *str, size_t n, struct arena *a,
			struct df_jstr **out, size_t *count)
{
	size_t lead = df_lex_trim_left(str, n);
	const unsigned char *s = (const unsigned char *)str + lead;
	size_t len = n - lead, nstr;
	bool other;
	*out = NULL;
	*count = 0;
	int rc = json_scan(s, len, &nstr, &other, NULL, a);
	if (rc != DF_JSON_OK)
		return rc;
	if (other)
		return DF_JSON_NOT_STRINGS;
	if (nstr == 0)
		return DF_JSON_OK;
	struct df_jstr *fill = arena_array(a, nstr, sizeof(*fill));
	if (!fill)
		return BH_ELIMIT;
	rc = json_scan(s, len, &nstr, &other, fill, a);
	if (rc != DF_JSON_OK)
		return rc;
	for (size_t k = 0; k < nstr; k++)
		fill[k].off += lead;
	*out = fill;
	*count = nstr;
	return DF_JSON_OK;
}

/* ---- shell words (frontend/dockerfile/shell/lex.go) ----------------- */

#define SH_EOF (-1)
#define SH_UNREAD (-2)

struct sh {
	const char *s;
	size_t n, pos;
	int32_t ch;          /* look-ahead rune, SH_UNREAD before the first */
	bool raw_quotes;
	bool raw_escapes;
	bool nomem;
};

static int32_t sh_read(struct sh *sh)
{
	if (sh->pos >= sh->n)
		return SH_EOF;
	uint32_t r;
	sh->pos += df_lex_decode(sh->s + sh->pos, sh->n - sh->pos, &r);
	return (int32_t)r;
}

/* text/scanner's Peek: the first call skips a byte order mark */
static int32_t sh_peek(struct sh *sh)
{
	if (sh->ch == SH_UNREAD) {
		sh->ch = sh_read(sh);
		if (sh->ch == 0xFEFF)
			sh->ch = sh_read(sh);
	}
	return sh->ch;
}

static int32_t sh_next(struct sh *sh)
{
	int32_t c = sh_peek(sh);
	if (c != SH_EOF)
		sh->ch = sh_read(sh);
	return c;
}

static void sh_add(struct strbuf *sb, int32_t r)
{
	add_rune(sb, r < 0 ? DF_RUNE_ERROR : (uint32_t)r);
}

struct wstate {
	struct df_words *w;
	struct strbuf cur;
	bool in_word;
};

static void w_push(struct wstate *ws)
{
	struct df_words *w = ws->w;
	if (w->n == w->cap) {
		size_t ncap = w->cap ? w->cap * 2 : 16;
		size_t *o = realloc(w->off, ncap * sizeof(*o));
		if (!o) {
			w->failed = true;
			return;
		}
		w->off = o;
		size_t *l = realloc(w->len, ncap * sizeof(*l));
		if (!l) {
			w->failed = true;
			return;
		}
		w->len = l;
		w->cap = ncap;
	}
	w->off[w->n] = w->buf.len;
	w->len[w->n] = ws->cur.len;
	w->n++;
	strbuf_add(&w->buf, ws->cur.buf, ws->cur.len);
	strbuf_addc(&w->buf, 0);
	strbuf_reset(&ws->cur);
}

static void w_raw_char(struct wstate *ws, int32_t r)
{
	if (!ws)
		return;
	sh_add(&ws->cur, r);
	ws->in_word = true;
}

static void w_char(struct wstate *ws, int32_t r)
{
	if (!ws)
		return;
	bool sp = r >= 0 && df_lex_is_space((uint32_t)r);
	if (sp && ws->in_word) {
		if (ws->cur.len) {
			w_push(ws);
			ws->in_word = false;
		}
	} else if (!sp) {
		w_raw_char(ws, r);
	}
}

static void w_raw_string(struct wstate *ws, const struct strbuf *s)
{
	if (!ws)
		return;
	strbuf_add(&ws->cur, s->buf, s->len);
	ws->in_word = true;
}

static void w_string(struct wstate *ws, const struct strbuf *s)
{
	if (!ws)
		return;
	for (size_t i = 0; i < s->len;) {
		uint32_t r;
		i += df_lex_decode(s->buf + i, s->len - i, &r);
		w_char(ws, (int32_t)r);
	}
}

static int sh_stop_on(struct sh *sh, int32_t stop, bool raw_esc,
		      struct strbuf *res, struct wstate *ws, int depth);

static bool is_digit(int32_t c)
{
	return c >= '0' && c <= '9';
}

/* unicode.IsLetter, approximated above ASCII by "not a space, not a
 * Latin-1 symbol" */
static bool is_letter(int32_t c)
{
	if (c < 0x80)
		return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
	if (c < 0xC0)
		return c == 0xAA || c == 0xB5 || c == 0xBA;
	return c != 0xD7 && c != 0xF7 && c != (int32_t)DF_RUNE_ERROR &&
	       !df_lex_is_space((uint32_t)c);
}

static void sh_name(struct sh *sh, struct strbuf *name)
{
	while (sh_peek(sh) != SH_EOF) {
		int32_t c = sh_peek(sh);
		if (name->len == 0 && is_digit(c)) {
			while (is_digit(sh_peek(sh)))
				sh_add(name, sh_next(sh));
			return;
		}
		if (name->len == 0 && strchr("@*#?-$!0", c) && c) {
			sh_add(name, sh_next(sh));
			return;
		}
		if (!is_letter(c) && !is_digit(c) && c != '_')
			return;
		sh_add(name, sh_next(sh));
	}
}

/* processDollar with SkipUnsetEnv and no variables set: the text is kept
 * (normalised).  Returns 0 or 1 on a lexer error. */
static int sh_dollar(struct sh *sh, struct strbuf *out, int depth)
{
	struct strbuf name = STRBUF_INIT, word = STRBUF_INIT,
		      repl = STRBUF_INIT;
	int rc = 1;
	sh_next(sh);
	if (sh_peek(sh) != '{') {
		sh_name(sh, &name);
		strbuf_addc(out, '$');
		strbuf_add(out, name.buf, name.len);
		rc = 0;
		goto out;
	}
	sh_next(sh);
	int32_t c = sh_peek(sh);
	if (c == SH_EOF || c == '{' || c == '}' || c == ':')
		goto out;
	sh_name(sh, &name);
	int32_t ch = sh_next(sh);
	struct strbuf chs = STRBUF_INIT;
	switch (ch) {
	case '}':
		strbuf_add(out, "${", 2);
		strbuf_add(out, name.buf, name.len);
		strbuf_addc(out, '}');
		rc = 0;
		break;
	case ':':
	case '+':
	case '-':
	case '?':
	case '#':
	case '%':
		sh_add(&chs, ch);
		if (ch == ':') {
			ch = sh_next(sh);
			sh_add(&chs, ch);
		}
		if (depth >= DF_MAX_SUBST_DEPTH)
			break;
		if (sh_stop_on(sh, '}', ch == '#' || ch == '%', &word, NULL,
			       depth + 1))
			break;
		strbuf_add(out, "${", 2);
		strbuf_add(out, name.buf, name.len);
		strbuf_add(out, chs.buf, chs.len);
		strbuf_add(out, word.buf, word.len);
		strbuf_addc(out, '}');
		rc = 0;
		break;
	case '/':
		if (sh_peek(sh) == '/')
			sh_next(sh);
		if (depth >= DF_MAX_SUBST_DEPTH)
			break;
		if (sh_stop_on(sh, '/', true, &word, NULL, depth + 1) ||
		    sh_stop_on(sh, '}', true, &repl, NULL, depth + 1))
			break;
		strbuf_add(out, "${", 2);
		strbuf_add(out, name.buf, name.len);
		strbuf_addc(out, '/');
		strbuf_add(out, word.buf, word.len);
		strbuf_addc(out, '/');
		strbuf_add(out, repl.buf, repl.len);
		strbuf_addc(out, '}');
		rc = 0;
		break;
	default:
		break;
	}
	strbuf_free(&chs);
out:
	strbuf_free(&name);
	strbuf_free(&word);
	strbuf_free(&repl);
	return rc;
}

static int sh_single(struct sh *sh, struct strbuf *out)
{
	int32_t ch = sh_next(sh);
	if (sh->raw_quotes)
		sh_add(out, ch);
	for (;;) {
		ch = sh_next(sh);
		if (ch == SH_EOF)
			return 1;
		if (ch == '\'') {
			if (sh->raw_quotes)
				sh_add(out, ch);
			return 0;
		}
		sh_add(out, ch);
	}
}

static int sh_double(struct sh *sh, struct strbuf *out, int depth)
{
	int32_t ch = sh_next(sh);
	if (sh->raw_quotes)
		sh_add(out, ch);
	for (;;) {
		int32_t c = sh_peek(sh);
		if (c == SH_EOF)
			return 1;
		if (c == '"') {
			ch = sh_next(sh);
			if (sh->raw_quotes)
				sh_add(out, ch);
			return 0;
		}
		if (c == '$') {
			if (sh_dollar(sh, out, depth))
				return 1;
			continue;
		}
		ch = sh_next(sh);
		if (ch == '\\') {
			if (sh->raw_escapes)
				sh_add(out, ch);
			int32_t p = sh_peek(sh);
			if (p == SH_EOF)
				continue;
			if (p == '"' || p == '$' || p == '\\')
				ch = sh_next(sh);
		}
		sh_add(out, ch);
	}
}

/* processPossibleHeredoc: "<<" swallows the blanks after it */
static void sh_less(struct sh *sh, struct strbuf *out)
{
	sh_next(sh);
	if (sh_peek(sh) != '<') {
		strbuf_addc(out, '<');
		return;
	}
	sh_next(sh);
	strbuf_add(out, "<<", 2);
	while (sh_peek(sh) == ' ' || sh_peek(sh) == '\t')
		sh_add(out, sh_next(sh));
}

static int sh_stop_on(struct sh *sh, int32_t stop, bool raw_esc,
		      struct strbuf *res, struct wstate *ws, int depth)
{
	bool saved = sh->raw_escapes;
	int rc = 0;
	sh->raw_escapes = raw_esc;
	while (sh_peek(sh) != SH_EOF) {
		int32_t ch = sh_peek(sh);
		if (stop != SH_EOF && ch == stop) {
			sh_next(sh);
			goto done;
		}
		if (ch == '$' || ch == '\'' || ch == '"' || ch == '<') {
			struct strbuf tmp = STRBUF_INIT;
			if (ch == '$')
				rc = sh_dollar(sh, &tmp, depth);
			else if (ch == '\'')
				rc = sh_single(sh, &tmp);
			else if (ch == '"')
				rc = sh_double(sh, &tmp, depth);
			else
				sh_less(sh, &tmp);
			if (rc) {
				strbuf_free(&tmp);
				goto done;
			}
			if (tmp.failed)
				sh->nomem = true;
			strbuf_add(res, tmp.buf, tmp.len);
			if (ch == '$')
				w_string(ws, &tmp);
			else
				w_raw_string(ws, &tmp);
			strbuf_free(&tmp);
			continue;
		}
		if (ch > ' ' && ch < 0x7F && ch != '\\' && ch != stop &&
		    sh->pos <= sh->n) {
			/* a run of plain ASCII: one append (sh->ch is s[pos-1]) */
			size_t from = sh->pos - 1, to = sh->pos;
			while (to < sh->n) {
				unsigned char c = (unsigned char)sh->s[to];
				if (c <= ' ' || c >= 0x7F || c == '\\' || c == '$' ||
				    c == '\'' || c == '"' || c == '<' ||
				    (int32_t)c == stop)
					break;
				to++;
			}
			strbuf_add(res, sh->s + from, to - from);
			if (ws) {
				strbuf_add(&ws->cur, sh->s + from, to - from);
				ws->in_word = true;
			}
			sh->pos = to;
			sh->ch = sh_read(sh);
			continue;
		}
		ch = sh_next(sh);
		if (ch == '\\') {
			if (sh->raw_escapes) {
				w_raw_char(ws, ch);
				sh_add(res, ch);
			}
			ch = sh_next(sh);
			if (ch == SH_EOF)
				break;
			w_raw_char(ws, ch);
		} else {
			w_char(ws, ch);
		}
		sh_add(res, ch);
	}
	if (stop != SH_EOF)
		rc = 1;
done:
	sh->raw_escapes = saved;
	return rc;
}

void df_words_free(struct df_words *w)
{
	strbuf_free(&w->buf);
	free(w->off);
	free(w->len);
	memset(w, 0, sizeof(*w));
}

int df_lex_shell_words(const char *s, size_t n, bool raw_quotes,
		       bool raw_escapes, struct df_words *w)
{
	struct sh sh = {s, n, 0, SH_UNREAD, raw_quotes, raw_escapes, false};
	struct wstate ws = {w, STRBUF_INIT, false};
	struct strbuf res = STRBUF_INIT;
	strbuf_reset(&w->buf);
	w->n = 0;
	int rc = sh_stop_on(&sh, SH_EOF, raw_escapes, &res, &ws, 0);
	if (rc == 0 && ws.cur.len)
		w_push(&ws);
	bool nomem = sh.nomem || res.failed || ws.cur.failed || w->failed ||
		     w->buf.failed;
	strbuf_free(&res);
	strbuf_free(&ws.cur);
	if (nomem) {
		w->failed = false;
		w->n = 0;
		return BH_ENOMEM;
	}
	if (rc) {
		w->n = 0;
		return 1;
	}
	return 0;
}
