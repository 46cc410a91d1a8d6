/* SPDX-License-Identifier: Apache-2.0
 *
 * sec_mask.c - hiding secret values in text that is about to be shown:
 * the one masking primitive every output of bulkhead goes through
 * (findings' excerpts and messages via src/report/mask.c, `bulkhead dump`,
 * `bulkhead secrets`, error lines via diag_set_filter()).
 *
 * This file owns:
 *  - the masked form of one value (sec_mask_value: its first 4 bytes
 *    when it has 16 or more and they are printable ASCII, then "****");
 *  - finding what to hide in a text (sec_mask_find): every match of the
 *    engine (sec_scan_text, a private key block stretched to its END
 *    line), the password of every URL userinfo whatever its length or
 *    host, and the value of every NAME=value word or NAME: value pair
 *    sec_check_assignment() judges secret (`--password=...`,
 *    `DB_PASSWORD=abc` in a RUN line or an image history entry,
 *    `password: abc` in YAML, `"token": "abc"` in JSON), and passwords given as command arguments
 *    (curl -u user:PW, --password PW, sshpass -p, docker login -p,
 *    mysql -pPW) or piped into chpasswd/passwd (echo root:PW | chpasswd);
 *  - the literal search for a value known to be secret (sec_mask_find_value,
 *    for the values parsers and checks hand over; only distinctive ones:
 *    two character classes);
 *  - writing a masked copy (sec_mask_apply): spans are merged, then either
 *    replaced in place character for character (SEC_MASK_INLINE: same
 *    byte length and same UTF-16 length, so byte columns, carets and SARIF
 *    columns computed on the copy stay right) or by the short form
 *    (SEC_MASK_SHORT, for messages).
 * It does not decide what a finding is (src/rules/) nor which texts a
 * writer prints (src/report/mask.c).
 * Tests: tests/unit/secrets/test_mask.c,
 * tests/cases/dockerfile/mask-cli-password-*.case.
 */
#include "sec_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif
#include <strings.h>

#include "../util/diag.h"

#define NAME_MAX_LEN 128     /* NAME of a NAME=value word */
#define VALUE_MAX_LEN 1024   /* value of a NAME=value word */
#define KEY_WINDOW ((size_t)65536) /* private key body searched for END */

static bool printable_ascii(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x21 || (unsigned char)s[i] > 0x7e)
			return false;
	return true;
}

/* How many leading bytes of value[0..n) a masked form may keep. */
/* Whether a pattern's value is its whole match, so that its anchors are
 * the start of the value (ghp_, AKIA...): a regex with no capturing group
 * (a group of a row with one is the value, after a key name anchor). */
static bool anchors_start_value(const struct sec_row *row)
{
	const char *re = row->regex;
	if (!re || row->custom)
		return false;
	for (const char *p = re; *p; p++) {
		if (*p == '\\' && p[1]) {
			p++;
			continue;
		}
		if (*p == '(' && p[1] != '?')
			return false;
	}
	return true;
}

/* How many leading bytes of value[0..n) may stay: the start of a token
 * format's own prefix (ghp_, AKIA, xoxb-, sk_live_...: an anchor of a
 * pattern whose value starts at its anchor), at most SEC_MASK_KEEP bytes.
 * The first SEC_MASK_KEEP bytes of the anchor decide, so a value masked
 * once ("xoxb****") keeps them when masked again.  A value with no such
 * prefix (a password, a generic secret) keeps nothing: its first bytes
 * are secret too. */
static size_t kept(const char *value, size_t n, unsigned flags)
{
	if ((flags & SEC_SPAN_WHOLE) || n < SEC_MASK_KEEP_MIN ||
	    !printable_ascii(value, SEC_MASK_KEEP))
		return 0;
	size_t best = 0;
	for (size_t r = 0; r < sec_nrows; r++) {
		if (!anchors_start_value(&sec_rows[r]))
			continue;
		for (size_t a = 0; a < SEC_MAX_ANCHORS && sec_rows[r].anchors[a];
		     a++) {
			const char *an = sec_rows[r].anchors[a];
			size_t al = strlen(an);
			size_t k = al < SEC_MASK_KEEP ? al : SEC_MASK_KEEP;
			if (al >= 3 && !memcmp(value, an, k) && k > best)
				best = k;
		}
	}
	return best;
}

void sec_mask_value(const char *value, size_t n, char *buf, size_t size)
{
	if (!size)
		return;
	if (!value)
		n = 0;
	size_t keep = kept(value, n, 0);
	if (keep + 5 > size)
		keep = 0;
	if (keep)
		memcpy(buf, value, keep);
	snprintf(buf + keep, size - keep, "****");
}

/* ---- span lists ---- */

int sec_spans_add(struct sec_spans *s, size_t off, size_t len, unsigned flags)
{
	if (!len)
		return 0;
	if (s->n == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 16;
		struct sec_span *v = realloc(s->v, cap * sizeof(*v));
		if (!v)
			return BH_ENOMEM;
		s->v = v;
		s->cap = cap;
	}
	s->v[s->n++] = (struct sec_span){ off, len, flags };
	return 0;
}

void sec_spans_free(struct sec_spans *s)
{
	free(s->v);
	*s = (struct sec_spans){ 0 };
}

/* ---- what to hide ---- */

static bool is_word(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '_';
}

static bool is_b64ish(unsigned char c)
{
	return is_word(c) || c == '+' || c == '/' || c == '=' || c == '-';
}

/* A private key match covers its header and the first bytes of the body:
 * stretch it to the end of the "-----END ...-----" marker, or, lacking
 * one, over the rest of the base64 body (blank and "\n"-escaped line
 * breaks included; a quote ends it). */
static size_t key_block_end(const char *t, size_t len, size_t from)
{
	size_t lim = len - from > KEY_WINDOW ? from + KEY_WINDOW : len;
	const char *end = memmem(t + from, lim - from, "-----END ", 9);
	if (end) {
		size_t e = (size_t)(end - t) + 9;
		const char *close = memmem(t + e, lim - e, "-----", 5);
		const char *nl = memchr(t + e, '\n', lim - e);
		if (close && (!nl || close < nl))
			return (size_t)(close - t) + 5;
	}
	size_t e = from;
	while (e < lim) {
		unsigned char c = (unsigned char)t[e];
		if (is_b64ish(c) || c == '\r' || c == '\n' || c == ' ' ||
		    c == '\t')
			e++;
		else if (c == '\\' && e + 1 < lim &&
			 (t[e + 1] == 'n' || t[e + 1] == 'r'))
			e += 2;
		else
			break;
	}
	/* do not swallow the line after the body */
	while (e > from && (t[e - 1] == '\n' || t[e - 1] == '\r' ||
			    t[e - 1] == ' ' || t[e - 1] == '\t'))
		e--;
	return e;
}

size_t sec_mask_extent(const char *text, size_t len, const struct sec_match *m)
{
	size_t n = m->len;
	if (m->kind && !strcmp(m->kind, "private-key") &&
	    m->offset + m->len <= len) {
		size_t e = key_block_end(text, len, m->offset + m->len);
		if (e > m->offset + n)
			n = e - m->offset;
	}
	return n;
}

struct find_ctx {
	const char *t;
	size_t len;
	struct sec_spans *out;
	int rc;
};

static bool on_match(void *ctx, const struct sec_match *m)
{
	struct find_ctx *f = ctx;
	size_t len = sec_mask_extent(f->t, f->len, m);
	unsigned flags = !strcmp(m->kind, "url-credentials") ? SEC_SPAN_WHOLE
							       : 0;
	f->rc = sec_spans_add(f->out, m->offset, len, flags);
	return f->rc == 0;
}

/* A pure reference ($VAR, ${VAR}, $(cmd)): a template, nothing to hide. */
/* The first byte of [p, end) that is "a" or "b", else end: 16 bytes a
 * step (find_assignments() and find_hashes() look for two bytes in every
 * text masked). */
static const char *find2(const char *p, const char *end, char a, char b)
{
#ifdef __SSE2__
	const __m128i va = _mm_set1_epi8(a), vb = _mm_set1_epi8(b);
	while (end - p >= 16) {
		__m128i v = _mm_loadu_si128((const __m128i *)p);
		unsigned m = (unsigned)_mm_movemask_epi8(
			_mm_or_si128(_mm_cmpeq_epi8(v, va), _mm_cmpeq_epi8(v, vb)));
		if (m)
			return p + __builtin_ctz(m);
		p += 16;
	}
#endif
	while (p < end && *p != a && *p != b)
		p++;
	return p;
}

/* The first i in [p, end - 1) where p[i] is "a" and p[i + 1] is "b"
 * (with "fold", each byte ORed with 0x20 first: letters in either case),
 * else end: 16 places a step.  find_piped_passwords() looks for "wd" of
 * "passwd" and find_auth_headers() for "iz" of "authorization" with it,
 * pairs rare in ordinary text (memmem's setup, or a memchr stop at every
 * 'u', cost more than the search). */
static const char *find_pair(const char *p, const char *end, char a, char b,
			     bool fold)
{
	const unsigned char f = fold ? 0x20 : 0;
#ifdef __SSE2__
	const __m128i va = _mm_set1_epi8(a), vb = _mm_set1_epi8(b),
		      vf = _mm_set1_epi8((char)f);
	while (end - p >= 17) {
		__m128i v0 = _mm_or_si128(
			_mm_loadu_si128((const __m128i *)p), vf);
		__m128i v1 = _mm_or_si128(
			_mm_loadu_si128((const __m128i *)(p + 1)), vf);
		unsigned m = (unsigned)_mm_movemask_epi8(_mm_and_si128(
			_mm_cmpeq_epi8(v0, va), _mm_cmpeq_epi8(v1, vb)));
		if (m)
			return p + __builtin_ctz(m);
		p += 16;
	}
#endif
	for (; end - p >= 2; p++)
		if ((char)(p[0] | f) == a && (char)(p[1] | f) == b)
			return p;
	return end;
}

static bool is_reference(const char *v, size_t n)
{
	if (n < 2 || v[0] != '$')
		return false;
	if (v[1] == '{' || v[1] == '(')
		return v[n - 1] == (v[1] == '{' ? '}' : ')');
	for (size_t i = 1; i < n; i++)
		if (!is_word((unsigned char)v[i]))
			return false;
	return true;
}

/* scheme://user:PASSWORD@host, at every "://": the password, whatever
 * its length, unless it is a reference. */
static int find_urls(const char *t, size_t len, struct sec_spans *out)
{
	const char *p = t, *end = t + len;
	while (p + 3 <= end) {
		/* the next "://": memchr for its ':' (most texts have none;
		 * memmem's setup costs more than the search here) */
		const char *s = memchr(p, ':', (size_t)(end - p) - 2);
		if (!s)
			break;
		if (s[1] != '/' || s[2] != '/') {
			p = s + 1;
			continue;
		}
		p = s + 3;
		if (s == t || !is_word((unsigned char)s[-1]))
			continue;
		const char *colon = NULL, *at = NULL, *q = s + 3;
		for (; q < end && q - s < 2048; q++) {
			unsigned char c = (unsigned char)*q;
			if (c == '@') {
				at = q;
				break;
			}
			/* '?' and '#' may not be in a password, but are
			 * (unencoded): hide them with it */
			if (c <= ' ' || c == '/' || c == '"' || c == '\'' ||
			    c == '<' || c == '>' || c == '`' || c == 0x7f)
				break;
			if (c == ':' && !colon)
				colon = q;
		}
		if (!at || !colon || at - colon < 2 || at + 1 >= end)
			continue;
		size_t off = (size_t)(colon + 1 - t), n = (size_t)(at - colon - 1);
		if (is_reference(colon + 1, n))
			continue;
		int rc = sec_spans_add(out, off, n, SEC_SPAN_WHOLE);
		if (rc)
			return rc;
		p = at + 1;
	}
	return 0;
}

/* Names that hold a password though sec_name_is_sensitive() does not
 * know them (they are options of one tool, not variable names): redis
 * requirepass/masterauth, curl --oauth2-bearer, keytool -storepass,
 * openssl -passin. */
static bool password_alias(const char *name, size_t n)
{
#define NAMED(s) { s, sizeof(s) - 1 }
	static const struct { const char *s; size_t n; } named[] = {
		NAMED("pass"), NAMED("passwd"), NAMED("requirepass"),
		NAMED("masterauth"), NAMED("oauth2-bearer"), NAMED("bearer"),
		NAMED("storepass"), NAMED("keypass"), NAMED("srcstorepass"),
		NAMED("deststorepass"), NAMED("srckeypass"),
		NAMED("destkeypass"), NAMED("passin"), NAMED("passout"),
		NAMED("pw"), NAMED("pwd"),
	};
	for (size_t k = 0; k < sizeof(named) / sizeof(named[0]); k++)
		if (named[k].n == n && !strncasecmp(name, named[k].s, n))
			return true;
	return false;
}

/* Whether the unquoted NAME of a "NAME: value" pair that starts at nb
 * sits where a key does: at the start of a line (after indentation and
 * YAML's "- "), after '{' ',' '[' '(' (a flow mapping, keyword
 * arguments) or a quote (a header in a string: "X-Auth-Token: abc").
 * Not after a word: "holds a secret: literal value" is prose.
 * *block says whether it starts a line (its value runs to the line's
 * end, as a YAML plain scalar does). */
static bool key_position(const char *t, const char *nb, bool *block)
{
	const char *q = nb;
	while (q > t && (q[-1] == ' ' || q[-1] == '\t'))
		q--;
	if (q > t && q[-1] == '-' && q < nb) {  /* "- name: value" */
		q--;
		while (q > t && (q[-1] == ' ' || q[-1] == '\t'))
			q--;
	}
	*block = q == t || q[-1] == '\n' || q[-1] == '\r';
	if (*block)
		return true;
	char c = q[-1];
	return c == '{' || c == ',' || c == '[' || c == '(' || c == '"' ||
	       c == '\'';
}

/* The end of a quoted value starting after its quote q at vb: the
 * closing quote, past escapes ('' in YAML and SQL single-quoted
 * strings, \" and \\ in double-quoted ones), not past a line's end. */
static const char *quoted_end(const char *vb, const char *end, char q)
{
	const char *ve = vb;
	while (ve < end && *ve != '\n' && ve - vb <= VALUE_MAX_LEN) {
		if (q == '"' && *ve == '\\' && ve + 1 < end && ve[1] != '\n') {
			ve += 2;
			continue;
		}
		if (*ve == q) {
			if (q == '\'' && ve + 1 < end && ve[1] == '\'') {
				ve += 2;
				continue;
			}
			break;
		}
		ve++;
	}
	return ve;
}

/* sec_check_assignment() on name[0..nl) and value[0..vl) (copies); a
 * password_alias() is judged as "password": so is "pwd" (any case), as
 * "PWD=" is the shell's directory only where its value is a path, which
 * is never judged secret (ODBC's "UID=sa;PWD=..." is a password).  *m is what to hide,
 * relative to v: a token inside a longer value, else the value. */
static bool judged_secret(const char *n, size_t nl, const char *v, size_t vl,
			  struct sec_match *m)
{
	char name[NAME_MAX_LEN + 1], value[VALUE_MAX_LEN + 1];
	if (!nl || nl > NAME_MAX_LEN || !vl || vl > VALUE_MAX_LEN ||
	    memchr(v, 0, vl))
		return false;
	memcpy(name, n, nl);
	name[nl] = 0;
	memcpy(value, v, vl);
	value[vl] = 0;
	if (password_alias(n, nl))
		memcpy(name, "password", 9);
	memset(m, 0, sizeof(*m));
	if (!sec_check_assignment(name, value, m))
		return false;
	if (m->offset > vl || !m->len || m->len > vl - m->offset) {
		m->offset = 0;
		m->len = vl;
	}
	return true;
}

/* NAME=value words, and NAME: value pairs (YAML block or flow style,
 * JSON "name": "value", a header "X-Auth-Token: abc"), NAME => value
 * (Ruby, PHP, Perl hashes) and NAME = value (INI, TOML, code): at every
 * '=' (or ':' followed by a blank, or after a quoted name and before a
 * quoted value), the NAME before it (leading dashes and a quote dropped:
 * --password=x, "token"=x, :password => x) and the value after it
 * (quoted, past its escapes; or up to a blank or shell operator; for ':'
 * also up to ',', '}' or ']', the end of a flow item; a YAML block
 * scalar after "name:" at a line's start up to the line's end), judged
 * by sec_check_assignment().  An unquoted NAME before ':' counts only
 * where a key sits (key_position: not in prose such as "holds a secret:
 * literal value"). */
static int find_assignments(const char *t, size_t len, struct sec_spans *out)
{
	const char *p = t, *end = t + len;
	while (p < end) {
		const char *eq = p;
		eq = find2(eq, end, '=', ':');
		if (eq == end)
			break;
		p = eq + 1;
		bool colon = *eq == ':';
		bool arrow = !colon && eq + 1 < end && eq[1] == '>';
		if (!colon && eq > t && (eq[-1] == '=' || eq[-1] == '!' ||
					 eq[-1] == '<' || eq[-1] == '>'))
			continue;  /* "==", "!=", "<=", ">=": a comparison */
		/* blanks between the name and '=' or '=>' (INI, TOML, code) */
		const char *ne = eq;
		if (!colon)
			while (ne > t && (ne[-1] == ' ' || ne[-1] == '\t'))
				ne--;
		bool spaced = ne != eq;
		bool quoted_name = ne > t && (ne[-1] == '"' || ne[-1] == '\'');
		/* "key: value" or "key":value; not "https://", "a:b", "1:2" */
		if (colon && !quoted_name &&
		    !(eq + 1 < end && (eq[1] == ' ' || eq[1] == '\t')))
			continue;
		if (quoted_name)
			ne--;
		const char *nb = ne;
		while (nb > t && ne - nb <= NAME_MAX_LEN &&
		       (is_word((unsigned char)nb[-1]) || nb[-1] == '-' ||
			nb[-1] == '.'))
			nb--;
		while (nb < ne && (*nb == '-' || *nb == '.'))
			nb++;
		if (nb == ne || ne - nb > NAME_MAX_LEN)
			continue;
		bool block = false;
		if (colon && !quoted_name && !key_position(t, nb, &block))
			continue;
		const char *vb = eq + 1 + arrow, *ve;
		if (colon || spaced || arrow) {
			while (vb < end && (*vb == ' ' || *vb == '\t'))
				vb++;
			/* JSON: a quoted name's value is a string; an unquoted
			 * word after "name": is prose (a message) */
			if (colon && quoted_name &&
			    !(vb < end && (*vb == '"' || *vb == '\'')))
				continue;
		}
		if (vb < end && (*vb == '"' || *vb == '\'')) {
			char q = *vb++;
			ve = quoted_end(vb, end, q);
		} else if (colon && block && vb < end && *vb != '[' &&
			   *vb != '{') {
			/* a YAML plain scalar: to the line's end or a comment */
			ve = vb;
			while (ve < end && *ve != '\n' && *ve != '\r' &&
			       ve - vb <= VALUE_MAX_LEN &&
			       !(*ve == '#' && ve > vb &&
				 (ve[-1] == ' ' || ve[-1] == '\t')))
				ve++;
			while (ve > vb && (ve[-1] == ' ' || ve[-1] == '\t'))
				ve--;
		} else {
			ve = vb;
			while (ve < end && ve - vb <= VALUE_MAX_LEN) {
				unsigned char c = (unsigned char)*ve;
				if (c <= ' ' || c == ';' || c == '&' || c == '|' ||
				    c == '`' || c == ')' || c == '"' || c == '\'' ||
				    c == 0x7f)
					break;
				if ((colon || arrow) &&
				    (c == ',' || c == '}' || c == ']'))
					break;
				ve++;
			}
		}
		if (ve == vb || ve - vb > VALUE_MAX_LEN)
			continue;
		struct sec_match m;
		if (!judged_secret(nb, (size_t)(ne - nb), vb, (size_t)(ve - vb),
				   &m))
			continue;
		int rc = sec_spans_add(out, (size_t)(vb - t) + m.offset, m.len, 0);
		if (rc)
			return rc;
	}
	return 0;
}

/* ---- passwords on command lines ---- */

struct word {
	size_t b, e;        /* the word's content (quotes excluded) */
	bool sep_after;     /* a command ends after it (; && || | &) */
	bool nl_before;     /* a line ended before it (not a "\" one) */
};

static bool blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Whether the quote t[p] (a word's [b, p)) closes an exec-form array
 * item: it is followed by ',' or ']' and, past a run of ',' ']' '}', by
 * the end, a blank or the next item's quote (`"x"]},"HostConfig"`,
 * `"x","y"`, `'x', y`), and no odd run of backslashes escapes it.  In a
 * value itself (the words of an exec form joined, decoded: `Hx7p"]Lq2`,
 * or raw `Hx7p\"]Lq2`) such a quote is part of the word. */
static bool item_end(const char *t, size_t len, size_t b, size_t p)
{
	if (p + 1 >= len || (t[p + 1] != ',' && t[p + 1] != ']'))
		return false;
	size_t n = 0;
	for (size_t k = p; k > b && t[k - 1] == '\\'; k--)
		n++;
	if (n % 2)
		return false;
	size_t q = p + 1;
	while (q < len && (t[q] == ',' || t[q] == ']' || t[q] == '}'))
		q++;
	return q >= len || blank(t[q]) || t[q] == '"' || t[q] == '\'';
}

/* The next word from *i: blank-separated, or an item of an exec-form
 * array (["app","--password","x"] in JSON, [app, --password, x] in a
 * YAML flow sequence): an opening '[' and item commas are skipped, and
 * the closing quote of an item followed by ',' ends the word, as does
 * one followed by the array's ']' (more JSON may follow on the line:
 * `"x"]},"HostConfig":{` is not part of the value; item_end() says
 * which quotes close an item).  Quotes
 * stripped from its ends, a trailing ',' ']' '}' dropped, shell
 * separators reported.  False at the end. */
static inline __attribute__((always_inline)) bool
next_word(const char *t, size_t len, size_t *i, struct word *w)
{
	size_t p = *i;
	w->nl_before = false;
	while (p < len && (blank(t[p]) || t[p] == '\\' || t[p] == ',' ||
			   (t[p] == '[' && p + 1 < len && !blank(t[p + 1])))) {
		/* a newline ends a shell command (a heredoc script, a
		 * YAML block of commands) unless escaped as a continuation */
		if (t[p] == '\n' &&
		    !(p >= 1 && t[p - 1] == '\\') &&
		    !(p >= 2 && t[p - 1] == '\r' && t[p - 2] == '\\'))
			w->nl_before = true;
		p++;
	}
	if (p >= len)
		return false;
	size_t b = p;
	for (;;) {
#ifdef __SSE2__
		/* 16 bytes a step past those that cannot end the word (not
		 * a control byte, blank or quote) */
		const __m128i sp = _mm_set1_epi8(' '),
			      dq = _mm_set1_epi8('"'), sq = _mm_set1_epi8('\'');
		while (len - p >= 16) {
			__m128i v = _mm_loadu_si128((const __m128i *)(t + p));
			unsigned m = (unsigned)_mm_movemask_epi8(_mm_or_si128(
				_mm_cmpeq_epi8(_mm_min_epu8(v, sp), v),
				_mm_or_si128(_mm_cmpeq_epi8(v, dq),
					     _mm_cmpeq_epi8(v, sq))));
			if (m) {
				p += (size_t)__builtin_ctz(m);
				break;
			}
			p += 16;
		}
#endif
		if (p >= len || blank(t[p]))
			break;
		if ((t[p] == '"' || t[p] == '\'') && p > b &&
		    item_end(t, len, b, p)) {
			p++;
			break;
		}
		p++;
	}
	*i = p;
	size_t e = p;
	w->sep_after = false;
	for (;;) {
		if (e > b && (t[e - 1] == ';' || t[e - 1] == '&' ||
			      t[e - 1] == '|')) {
			w->sep_after = true;
			e--;
		} else if (e > b && (t[e - 1] == ',' || t[e - 1] == ']' ||
				     t[e - 1] == '}')) {
			e--;
		} else {
			break;
		}
	}
	if (b < e && (t[b] == '"' || t[b] == '\''))
		b++;
	if (e > b && (t[e - 1] == '"' || t[e - 1] == '\''))
		e--;
	w->b = b;
	w->e = e;
	return true;
}

/* always inline: called with literals, whose strlen then folds away
 * (the per-call strlen was a tenth of masking's time) */
static inline __attribute__((always_inline)) bool
word_is(const char *t, const struct word *w, const char *s)
{
	size_t n = strlen(s);
	return w->e - w->b == n && !memcmp(t + w->b, s, n);
}

/* Word w of t as sec_cli.c takes it (n == 0: no word). */
static struct sec_word span_word(const char *t, const struct word *w)
{
	return w->e > w->b ? (struct sec_word){ t + w->b, w->e - w->b }
			   : (struct sec_word){ NULL, 0 };
}

/* A password to hide at t[b..e): not a reference, not a placeholder. */
static int cli_pw(const char *t, size_t b, size_t e, struct sec_spans *out)
{
	/* the quotes around a value stay (-p"PW" -> -p"****", also as
	 * `dump` escapes them: -p\"PW\"), so what is shown stays balanced */
	if (e - b >= 2 && t[b] == '\\' && (t[b + 1] == '"' || t[b + 1] == '\''))
		b += 2;
	else if (e > b && (t[b] == '"' || t[b] == '\''))
		b++;
	if (e - b >= 2 && t[e - 2] == '\\' &&
	    (t[e - 1] == '"' || t[e - 1] == '\''))
		e -= 2;
	else if (e > b && (t[e - 1] == '"' || t[e - 1] == '\''))
		e--;
	if (e <= b || e - b > VALUE_MAX_LEN || memchr(t + b, '$', e - b) ||
	    memchr(t + b, '`', e - b))
		return 0;
	char v[VALUE_MAX_LEN + 1];
	memcpy(v, t + b, e - b);
	v[e - b] = 0;
	if (sec_is_placeholder(v))
		return 0;
	return sec_spans_add(out, b, e - b, SEC_SPAN_WHOLE);
}

/* Whether word w is an option whose value is a secret: "--password",
 * "--token", "--api-key", "--client-secret" (a long option with a
 * sensitive name, sec_name_is_sensitive), or one of the options that
 * take a password under another name (redis --requirepass, curl
 * --oauth2-bearer, keytool -storepass, openssl -passin). */
static bool secret_option_(const char *t, const struct word *w);

/* secret_option() for every word: most do not start with '-' */
static inline bool secret_option(const char *t, const struct word *w)
{
	return w->e - w->b >= 3 && t[w->b] == '-' && secret_option_(t, w);
}

static bool secret_option_(const char *t, const struct word *w)
{
	size_t n = w->e - w->b, dashes;
	const char *o = t + w->b;
	if (n < 3 || o[0] != '-' || memchr(o, '=', n))
		return false;
	dashes = o[1] == '-' ? 2 : 1;
	if (n - dashes < 2 || n - dashes > NAME_MAX_LEN)
		return false;
	char name[NAME_MAX_LEN + 1];
	memcpy(name, o + dashes, n - dashes);
	name[n - dashes] = 0;
	if (password_alias(name, n - dashes))
		return true;
	/* docker login --password-stdin: the value is not on the line */
	if (n - dashes >= 5 && !strcmp(name + (n - dashes - 5), "stdin"))
		return false;
	/* a single dash: a cluster of short flags ("-pass" is openssl's,
	 * "-abc" is not a name) unless named above */
	return dashes == 2 && sec_name_is_sensitive(name);
}

/* Whether word w is a settings key with a sensitive last component:
 * "aws_secret_access_key", "default.aws_secret_access_key",
 * "//registry.npmjs.org/:_authToken", "user.password". */
static bool secret_key_word(const char *t, const struct word *w)
{
	size_t b = w->b, e = w->e;
	if (e <= b || t[b] == '-')
		return false;
	for (size_t k = e; k > b; k--)
		if (t[k - 1] == '.' || t[k - 1] == ':' || t[k - 1] == '/') {
			b = k;
			break;
		}
	if (e - b < 2 || e - b > NAME_MAX_LEN || memchr(t + b, '=', e - b))
		return false;
	char name[NAME_MAX_LEN + 1];
	memcpy(name, t + b, e - b);
	name[e - b] = 0;
	return sec_name_is_sensitive(name);
}

/* Tools whose "set KEY VALUE" (or "config KEY VALUE") stores a setting:
 * aws configure set, npm/yarn/pnpm config set, git config, pip config
 * set, composer config. */
static bool config_setter(const char *t, const struct word *cmd)
{
	static const struct { const char *s; size_t n; } tools[] = {
		NAMED("aws"), NAMED("npm"), NAMED("yarn"), NAMED("pnpm"),
		NAMED("git"), NAMED("pip"), NAMED("pip3"), NAMED("composer"),
		NAMED("poetry"), NAMED("conda"), NAMED("gcloud"),
		NAMED("heroku"),
	};
	size_t n = cmd->e - cmd->b;
	for (size_t k = 0; k < sizeof(tools) / sizeof(tools[0]); k++)
		if (tools[k].n == n && !memcmp(t + cmd->b, tools[k].s, n))
			return true;
	return false;
}

/* A value word that is the next option, not a value: "--x", "-u". */
static bool is_option(const char *t, const struct word *w)
{
	size_t n = w->e - w->b;
	return n >= 2 && t[w->b] == '-' &&
	       (t[w->b + 1] == '-' || n == 2);
}

/* Passwords given as command arguments, as in RUN lines and image
 * history: curl -u user:PW, --password PW (any command), sshpass -p PW,
 * docker|podman|helm|az login -p PW, mongo/mongosh -p PW, mysql -pPW,
 * mysqladmin password PW, sqlcmd -P PW, ldapsearch -w PW, rabbitmqctl
 * add_user USER PW, openssl -passout pass:PW: the tools of the one list
 * (sec_cli.c), which src/rules/cmdpw.c reports from.  (--password=PW is
 * a NAME=value word.)  Options that name a secret whatever the tool,
 * configuration setters and htpasswd are judged here: hiding is wider
 * than reporting. */
static int find_cli_passwords(const char *t, size_t len,
			      struct sec_spans *out)
{
	struct word w, prev = { 0, 0, true, false },
		    prev2 = { 0, 0, true, false }, cmd = { 0, 0, false, false };
	bool have_cmd = false, prev_sep = true;
	bool setter = false;  /* config_setter(cmd), once per command */
	bool tool = false;    /* sec_cli_is_tool(cmd), likewise: else
				 sec_cli_tool_password() finds nothing */
	/* htpasswd -b FILE USER PW, htpasswd -nb USER PW */
	bool htpasswd_batch = false, htpasswd_n = false;
	unsigned operands = 0;
	size_t i = 0;
	int rc = 0;
	while (!rc && next_word(t, len, &i, &w)) {
		/* the next line is the next command (the second line of a
		 * heredoc script: "export X=1\nmysql -pPW"), unless the last
		 * line ended with an option still waiting for its value */
		if (w.nl_before && !(prev.e > prev.b && secret_option(t, &prev)))
			prev_sep = true;
		if (word_is(t, &w, "&&") || word_is(t, &w, "||") ||
		    w.b == w.e) {
			prev_sep = true;
			continue;
		}
		if (prev_sep || !have_cmd) {
			/* what comes before a command on a line: NAME=value,
			 * wrappers, the Dockerfile instruction (RUN, CMD,
			 * ENTRYPOINT, HEALTHCHECK CMD, exec form too), a YAML
			 * key ("command:", "test:", "args:") or list item ("-")
			 * and Compose's ["CMD", ...] / ["CMD-SHELL", ...] */
			bool prefix = memchr(t + w.b, '=', w.e - w.b) ||
				      t[w.b] == '|' || t[w.b] == '#' ||
				      t[w.e - 1] == ':' ||
				      word_is(t, &w, "-") ||
				      word_is(t, &w, "sudo") ||
				      word_is(t, &w, "env") ||
				      word_is(t, &w, "exec") ||
				      word_is(t, &w, "RUN") ||
				      word_is(t, &w, "CMD") ||
				      word_is(t, &w, "CMD-SHELL") ||
				      word_is(t, &w, "ENTRYPOINT") ||
				      word_is(t, &w, "HEALTHCHECK");
			if (!prefix) {
				/* the command's base name */
				cmd = w;
				const char *sl = memrchr(t + w.b, '/', w.e - w.b);
				if (sl)
					cmd.b = (size_t)(sl - t) + 1;
				have_cmd = true;
				setter = config_setter(t, &cmd);
				tool = sec_cli_is_tool(span_word(t, &cmd));
				htpasswd_batch = htpasswd_n = false;
				operands = 0;
			}
			prev_sep = w.sep_after;
			prev2 = prev;
			prev = w;
			continue;
		}
		if (word_is(t, &w, "-c") &&
		    (word_is(t, &cmd, "sh") || word_is(t, &cmd, "bash") ||
		     word_is(t, &cmd, "ash") || word_is(t, &cmd, "dash"))) {
			prev_sep = true;  /* sh -c CMD: CMD is a command */
			continue;
		}
		bool after_prev = prev.e > prev.b;
		if (after_prev && secret_option(t, &prev)) {
			if (!is_option(t, &w))
				rc = cli_pw(t, w.b, w.e, out);
		} else if (after_prev && setter &&
			   secret_key_word(t, &prev) &&
			   (word_is(t, &prev2, "set") ||
			    word_is(t, &prev2, "config") ||
			    (prev2.e > prev2.b && t[prev2.b] == '-'))) {
			rc = cli_pw(t, w.b, w.e, out);
		} else if (word_is(t, &cmd, "htpasswd") && htpasswd_batch &&
			   !is_option(t, &w) && t[w.b] != '-' &&
			   ++operands == (htpasswd_n ? 2 : 3)) {
			rc = cli_pw(t, w.b, w.e, out);
		} else if (tool) {
			/* the tools of the one list (sec_cli.c) */
			size_t pl = 0;
			long po = sec_cli_tool_password(
				span_word(t, &cmd), span_word(t, &prev2),
				span_word(t, &prev), span_word(t, &w), &pl);
			if (po >= 0)
				rc = cli_pw(t, w.b + (size_t)po,
					    w.b + (size_t)po + pl, out);
		}
		if (word_is(t, &cmd, "htpasswd") && w.e - w.b >= 2 &&
		    t[w.b] == '-' && t[w.b + 1] != '-') {
			if (memchr(t + w.b, 'b', w.e - w.b))
				htpasswd_batch = true;
			if (memchr(t + w.b, 'n', w.e - w.b))
				htpasswd_n = true;
		}
		prev_sep = w.sep_after;
		prev2 = prev;
		prev = w;
	}
	return rc;
}

/* Hides each piece of value t[b..e) cut at newlines (real or "\n"
 * escapes): after the first ':' of each line for chpasswd (user:password
 * lines), the whole line for passwd. */
static int piped_lines(const char *t, size_t b, size_t e, bool colon,
		       struct sec_spans *out)
{
	size_t p = b;
	while (p < e) {
		size_t q = p;
		while (q < e && t[q] != '\n' &&
		       !(t[q] == '\\' && q + 1 < e && t[q + 1] == 'n'))
			q++;
		size_t vb = p;
		if (colon) {
			const char *c = memchr(t + p, ':', q - p);
			vb = c ? (size_t)(c - t) + 1 : q;
		}
		int rc = vb < q ? cli_pw(t, vb, q, out) : 0;
		if (rc)
			return rc;
		p = q < e && t[q] == '\\' ? q + 2 : q + 1;
	}
	return 0;
}

/* Passwords piped into chpasswd or passwd: "echo root:PW | chpasswd",
 * "echo PW | passwd --stdin user", "printf 'PW\nPW' | passwd" (Checkov
 * CKV2_DOCKER_17).  At each chpasswd/passwd word after a '|', the echo
 * or printf command before the pipe (back to the previous command
 * separator) gives its first operand. */
static int find_piped_passwords(const char *t, size_t len,
				struct sec_spans *out)
{
	const char *p = t, *end = t + len;
	while (end - p >= 6) {
		/* "passwd" where its "wd" is */
		const char *wd = find_pair(p + 4, end, 'w', 'd', false);
		if (wd == end)
			break;
		if (memcmp(wd - 4, "pass", 4)) {
			p = wd - 3;
			continue;
		}
		const char *hit = wd - 4;
		p = hit + 6;
		bool chp = hit - t >= 2 && !memcmp(hit - 2, "ch", 2);
		const char *w = chp ? hit - 2 : hit;
		if ((w > t && (is_word((unsigned char)w[-1]) || w[-1] == '-')) ||
		    (p < end && (is_word((unsigned char)*p) || *p == '-' ||
				 *p == '.')))
			continue;
		/* back to the pipe: blanks, a sudo */
		const char *q = w;
		while (q > t && blank(q[-1]))
			q--;
		if (q - t >= 4 && !memcmp(q - 4, "sudo", 4)) {
			q -= 4;
			while (q > t && blank(q[-1]))
				q--;
		}
		if (q == t || q[-1] != '|' || (q - t >= 2 && q[-2] == '|'))
			continue;
		size_t pipe = (size_t)(q - 1 - t), sb = pipe;
		while (sb > 0 && t[sb - 1] != '\n' && t[sb - 1] != ';' &&
		       t[sb - 1] != '&' && t[sb - 1] != '|' && t[sb - 1] != '(' &&
		       t[sb - 1] != '`')
			sb--;
		size_t i = sb;
		struct word cw, vw;
		/* past an instruction keyword (a Dockerfile line, `dump`'s
		 * "(run"), sudo, then, do */
		bool got;
		while ((got = next_word(t, pipe, &i, &cw)) &&
		       (word_is(t, &cw, "RUN") || word_is(t, &cw, "run") ||
			word_is(t, &cw, "sudo") || word_is(t, &cw, "then") ||
			word_is(t, &cw, "do") || word_is(t, &cw, "else")))
			;
		if (!got)
			continue;
		bool echo = word_is(t, &cw, "echo");
		if (!echo && !word_is(t, &cw, "printf"))
			continue;
		while ((got = next_word(t, pipe, &i, &vw)) && echo &&
		       vw.e - vw.b >= 2 && t[vw.b] == '-')
			;
		/* a quote escaped in a JSON string (`dump`): next_word()
		 * skipped the opening backslash and dropped the closing
		 * quote, not its backslash */
		if (got && vw.e > vw.b && t[vw.e - 1] == '\\' && vw.e < pipe &&
		    (t[vw.e] == '"' || t[vw.e] == '\''))
			vw.e--;
		if (!got || vw.e <= vw.b)
			continue;
		int rc = piped_lines(t, vw.b, vw.e, chp, out);
		if (rc)
			return rc;
	}
	return 0;
}

/* ---- credentials in headers, markup and password files ---- */

static bool ieq_at(const char *t, const char *end, const char *s)
{
	size_t n = strlen(s);
	return (size_t)(end - t) >= n && !strncasecmp(t, s, n);
}

/* The credential of every "Authorization: SCHEME CREDENTIAL" header (also
 * Proxy-Authorization, quoted as JSON "Authorization": "..." or written
 * "authorization=..."), whatever its length: from the credential to the
 * header's end (a quote, a line's end); a header given as a reference
 * ($TOKEN) or placeholder is left. */
static int find_auth_headers(const char *t, size_t len, struct sec_spans *out)
{
	const char *p = t, *end = t + len;
	/* a header with a credential holds 14 bytes from its 'u' on */
	while (end - p >= 14) {
		/* the "iz" of "uthorization" (either case) */
		const char *iz = find_pair(p + 5, end, 'i', 'z', true);
		if (iz == end)
			break;
		const char *a = iz - 5;
		p = a + 1;
		if (*a != 'u' || a == t || (a[-1] | 0x20) != 'a' ||
		    !ieq_at(a, end, "uthorization"))
			continue;
		const char *q = a + 12;
		if (q < end && (*q == '"' || *q == '\''))
			q++;
		if (q >= end || (*q != ':' && *q != '='))
			continue;
		q++;
		while (q < end && (*q == ' ' || *q == '\t' || *q == '"' ||
				   *q == '\''))
			q++;
		/* the scheme, when a blank follows it */
		const char *s = q;
		while (s < end && ((*s | 0x20) >= 'a' && (*s | 0x20) <= 'z'))
			s++;
		if (s > q && s < end && (*s == ' ' || *s == '\t')) {
			q = s;
			while (q < end && (*q == ' ' || *q == '\t'))
				q++;
		}
		const char *e = q;
		while (e < end && *e != '"' && *e != '\'' && *e != '\n' &&
		       *e != '\r' && *e != '\\' && e - q <= VALUE_MAX_LEN)
			e++;
		while (e > q && (e[-1] == ' ' || e[-1] == '\t'))
			e--;
		int rc = cli_pw(t, (size_t)(q - t), (size_t)(e - t), out);
		if (rc)
			return rc;
		p = e;
	}
	return 0;
}

/* <NAME>value</NAME> (Maven settings.xml, XML configuration) with a
 * secret-looking NAME (namespace prefix dropped), judged by
 * sec_check_assignment(). */
static int find_xml(const char *t, size_t len, struct sec_spans *out)
{
	const char *p = t, *end = t + len;
	while (p < end) {
		const char *lt = memchr(p, '<', (size_t)(end - p));
		if (!lt)
			break;
		p = lt + 1;
		const char *nb = lt + 1, *ne = nb;
		while (ne < end && ne - nb <= NAME_MAX_LEN &&
		       (is_word((unsigned char)*ne) || *ne == '-' ||
			*ne == '.' || *ne == ':'))
			ne++;
		if (ne == nb || ne >= end || *ne != '>' || ne - nb > NAME_MAX_LEN)
			continue;
		const char *vb = ne + 1, *ve = vb;
		while (ve < end && *ve != '<' && *ve != '\n' &&
		       ve - vb <= VALUE_MAX_LEN)
			ve++;
		size_t nl = (size_t)(ne - nb);
		if (ve == vb || ve + 3 + nl > end || ve[0] != '<' ||
		    ve[1] != '/' || memcmp(ve + 2, nb, nl) || ve[2 + nl] != '>')
			continue;
		const char *local = nb;
		for (const char *c = nb; c < ne; c++)
			if (*c == ':')
				local = c + 1;
		struct sec_match m;
		if (!judged_secret(local, (size_t)(ne - local), vb,
				   (size_t)(ve - vb), &m))
			continue;
		int rc = sec_spans_add(out, (size_t)(vb - t) + m.offset, m.len, 0);
		if (rc)
			return rc;
		p = ve;
	}
	return 0;
}

static bool hash_char(unsigned char c)
{
	return is_word(c) || c == '.' || c == '/' || c == '$' || c == '+' ||
	       c == '=';
}

/* Password hashes, as in .htpasswd lines, /etc/shadow entries and
 * chpasswd -e input: $apr1$, $2a$/$2b$/$2y$ (bcrypt), $1$/$5$/$6$
 * (crypt), {SHA}/{SSHA}: hidden whole (20 characters or more, so "$1$2"
 * in a script is not one). */
static int find_hashes(const char *t, size_t len, struct sec_spans *out)
{
	static const char *const marks[] = {
		"$apr1$", "$2a$", "$2b$", "$2y$", "$1$", "$5$", "$6$", "$y$",
		"{SHA}", "{SSHA}", NULL,
	};
	const char *p = t, *end = t + len;
	while (p < end) {
		const char *d = p;
		d = find2(d, end, '$', '{');
		if (d >= end)
			break;
		p = d + 1;
		size_t k;
		for (k = 0; marks[k]; k++)
			if (ieq_at(d, end, marks[k]) &&
			    (marks[k][0] == '$' || !strncmp(d, marks[k],
							    strlen(marks[k]))))
				break;
		if (!marks[k])
			continue;
		const char *e = d + strlen(marks[k]);
		while (e < end && hash_char((unsigned char)*e))
			e++;
		if (e - d < 20)
			continue;
		int rc = sec_spans_add(out, (size_t)(d - t), (size_t)(e - d),
				       SEC_SPAN_WHOLE);
		if (rc)
			return rc;
		p = e;
	}
	return 0;
}

int sec_mask_find(const char *text, size_t len, struct sec_spans *out)
{
	if (!text || !len)
		return 0;
	struct find_ctx f = { text, len, out, 0 };
	int rc = sec_scan_text(text, len, on_match, &f);
	if (!rc)
		rc = f.rc;
	if (!rc)
		rc = find_urls(text, len, out);
	if (!rc)
		rc = find_assignments(text, len, out);
	if (!rc)
		rc = find_cli_passwords(text, len, out);
	if (!rc)
		rc = find_piped_passwords(text, len, out);
	if (!rc)
		rc = find_auth_headers(text, len, out);
	if (!rc)
		rc = find_xml(text, len, out);
	if (!rc)
		rc = find_hashes(text, len, out);
	return rc;
}

/* Whether a value is distinctive enough to be looked for in any text:
 * two classes of lower, upper, digit and other bytes.  "postgres" (a
 * password that is also an image name) or "8080" would hide ordinary
 * words of messages; where they are, their place or NAME=value form
 * hides them. */
static bool distinctive(const char *v, size_t n)
{
	bool lo = false, up = false, dig = false, other = false;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)v[i];
		if (c >= 'a' && c <= 'z')
			lo = true;
		else if (c >= 'A' && c <= 'Z')
			up = true;
		else if (c >= '0' && c <= '9')
			dig = true;
		else
			other = true;
	}
	return lo + up + dig + other >= 2;
}

int sec_mask_find_value(const char *text, size_t len, const char *value,
			size_t vlen, struct sec_spans *out)
{
	if (!text || !value || vlen < SEC_MASK_FIND_MIN || vlen > len ||
	    !distinctive(value, vlen))
		return 0;
	const char *p = text, *end = text + len;
	while ((size_t)(end - p) >= vlen) {
		const char *hit = memmem(p, (size_t)(end - p), value, vlen);
		if (!hit)
			break;
		p = hit + 1;
		/* a whole token: not the middle of a longer word */
		if ((hit > text && is_word((unsigned char)value[0]) &&
		     is_word((unsigned char)hit[-1])) ||
		    (hit + vlen < end && is_word((unsigned char)value[vlen - 1]) &&
		     is_word((unsigned char)hit[vlen])))
			continue;
		int rc = sec_spans_add(out, (size_t)(hit - text), vlen, 0);
		if (rc)
			return rc;
		p = hit + vlen;
	}
	return 0;
}

/* ---- writing the masked copy ---- */

static int by_offset(const void *a, const void *b)
{
	const struct sec_span *x = a, *y = b;
	if (x->off != y->off)
		return x->off < y->off ? -1 : 1;
	return x->len > y->len ? -1 : x->len < y->len;
}

/* Length of the valid UTF-8 sequence at p (at most n bytes), else 0. */
static size_t utf8_len(const unsigned char *p, size_t n)
{
	size_t k = p[0] < 0x80 ? 1 : (p[0] >> 5) == 0x6 ? 2
		 : (p[0] >> 4) == 0xe ? 3 : (p[0] >> 3) == 0x1e ? 4 : 0;
	if (!k || k > n || (k == 2 && p[0] < 0xc2))
		return 0;
	for (size_t i = 1; i < k; i++)
		if ((p[i] & 0xc0) != 0x80)
			return 0;
	return k;
}

/* Characters of the same UTF-8 length (and UTF-16 length: one unit up to
 * three bytes, two for four) that stand for a hidden character. */
static const char *const mask_char[5] = {
	"*", "*", "\xc2\xb7", "\xe2\x88\x97", "\xf0\x9f\x94\x92",
};

static void hide_inline(const char *s, size_t n, struct strbuf *out)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;
	while (i < n) {
		size_t k = utf8_len(p + i, n - i);
		if (!k)
			k = 1;
		strbuf_adds(out, mask_char[k]);
		i += k;
	}
}

int sec_mask_apply(const char *text, size_t len, struct sec_spans *spans,
		   enum sec_mask_style style, struct strbuf *out)
{
	if (spans->n > 1)
		qsort(spans->v, spans->n, sizeof(spans->v[0]), by_offset);
	size_t at = 0, i = 0;
	while (i < spans->n) {
		size_t b = spans->v[i].off;
		if (b >= len)
			break;
		size_t e = b + spans->v[i].len;
		unsigned flags = spans->v[i].flags;
		for (i++; i < spans->n && spans->v[i].off <= e; i++) {
			if (spans->v[i].off + spans->v[i].len > e)
				e = spans->v[i].off + spans->v[i].len;
			flags |= spans->v[i].flags;
		}
		if (e > len)
			e = len;
		if (b < at)
			b = at;  /* cannot happen once merged; kept safe */
		strbuf_add(out, text + at, b - at);
		size_t keep = kept(text + b, e - b, flags);
		strbuf_add(out, text + b, keep);
		if (style == SEC_MASK_INLINE)
			hide_inline(text + b + keep, e - b - keep, out);
		else
			strbuf_adds(out, "****");
		at = e;
	}
	strbuf_add(out, text + at, len - at);
	return out->failed ? BH_ENOMEM : 0;
}

int sec_mask_text(const char *text, size_t len, const struct sec_span *extra,
		  size_t nextra, enum sec_mask_style style, struct strbuf *out)
{
	struct sec_spans sp = { 0 };
	int rc = sec_mask_find(text, len, &sp);
	for (size_t i = 0; !rc && i < nextra; i++)
		if (extra[i].off < len)
			rc = sec_spans_add(&sp, extra[i].off,
					   extra[i].len > len - extra[i].off
						   ? len - extra[i].off
						   : extra[i].len,
					   extra[i].flags);
	if (!rc)
		rc = sec_mask_apply(text ? text : "", text ? len : 0, &sp, style,
				    out);
	sec_spans_free(&sp);
	return rc;
}

void sec_mask_buf(char *buf, size_t size)
{
	if (!buf || !size)
		return;
	size_t n = strnlen(buf, size - 1);
	struct strbuf sb = STRBUF_INIT;
	if (sec_mask_text(buf, n, NULL, 0, SEC_MASK_SHORT, &sb) == 0) {
		size_t m = sb.len < size - 1 ? sb.len : size - 1;
		memcpy(buf, strbuf_str(&sb), m);
		buf[m] = 0;
	} else {
		/* cannot tell what to hide: hide it all */
		snprintf(buf, size, "(message withheld: out of memory)");
	}
	strbuf_free(&sb);
}
