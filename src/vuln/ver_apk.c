/* SPDX-License-Identifier: Apache-2.0
 *
 * ver_apk.c - Alpine version order and validity as apk-tools 3 defines them
 * (doc/apk-package.5 and src/version.c, rewritten here from the rules):
 *   number{.number}...{letter}{_suffix{number}}...{~hash}{-r#}
 * Tokens are compared in turn: numbers by value, except that a later
 * number with a leading zero on either side compares as a string (the
 * Gentoo rule: 8.2.0 < 8.2.001); the letter; suffixes in the order
 * alpha beta pre rc (none) cvs svn git hg p; the hash as a string; the
 * revision.  When one version runs out of tokens first, the longer one is
 * newer unless its next token is a pre-release suffix.
 * Versions apk-tools 3 rejects (vuln_apk_valid) have no apk order; they
 * are compared as osv-scalibr's Alpine comparator does (OSV's own), see
 * docs/decisions.md: by numbers, letter, suffixes, revision, then the one
 * with text left over first; two with unparsable text as plain strings.
 * Tests: tests/unit/vuln/test_version.c (apk*.tsv).
 */
#include <string.h>

#include "../util/diag.h"
#include "version.h"
#include "vver_int.h"

enum tok {
	T_FIRST,  /* the first number */
	T_DIGIT,  /* a later number */
	T_LETTER,
	T_SUFFIX,
	T_SUFFIX_NO,
	T_HASH,
	T_REV,
	T_END,
	T_INVALID,
};

/* suffix ranks; 5 = no suffix */
enum { S_INVALID = 0, S_ALPHA, S_BETA, S_PRE, S_RC, S_NONE, S_CVS, S_SVN, S_GIT, S_HG, S_P };

struct tk {
	enum tok t;
	int suffix;
	const char *v; /* the token's text */
	size_t n;
	const char *s; /* rest of the input */
};

static int suffix_rank(const char *s, size_t n)
{
	static const char *const names[] = {"", "alpha", "beta", "pre", "rc", "", "cvs", "svn", "git", "hg", "p"};
	for (int i = S_ALPHA; i <= S_P; i++)
		if (i != S_NONE && strlen(names[i]) == n && memcmp(names[i], s, n) == 0)
			return i;
	return S_INVALID;
}

static bool hexdig(char c) { return vv_digit(c) || (c >= 'a' && c <= 'f'); }

static void digits(struct tk *k)
{
	k->v = k->s;
	k->n = vv_digits(k->s);
	k->s += k->n;
	if (k->n == 0)
		k->t = T_INVALID;
}

static void first(struct tk *k, const char *s)
{
	k->s = s;
	k->t = T_FIRST;
	digits(k);
}

static void next(struct tk *k)
{
	const char *s = k->s;
	if (!*s) {
		k->t = T_END;
		return;
	}
	if (vv_lower(*s)) {
		if (k->t > T_DIGIT)
			goto invalid;
		k->v = s;
		k->n = 1;
		k->s = s + 1;
		k->t = T_LETTER;
	} else if (*s == '.' || vv_digit(*s)) {
		if (*s == '.') {
			if (k->t > T_DIGIT)
				goto invalid;
			k->s = ++s;
		}
		if (k->t == T_FIRST || k->t == T_DIGIT)
			k->t = T_DIGIT;
		else if (k->t == T_SUFFIX)
			k->t = T_SUFFIX_NO;
		else
			goto invalid;
		digits(k);
	} else if (*s == '_') {
		if (k->t > T_SUFFIX_NO)
			goto invalid;
		s++;
		size_t n = 0;
		while (vv_lower(s[n]))
			n++;
		k->v = s;
		k->n = n;
		k->s = s + n;
		k->suffix = suffix_rank(s, n);
		if (k->suffix == S_INVALID)
			goto invalid;
		k->t = T_SUFFIX;
	} else if (*s == '~') {
		if (k->t >= T_HASH)
			goto invalid;
		s++;
		size_t n = 0;
		while (hexdig(s[n]))
			n++;
		if (!n)
			goto invalid;
		k->v = s;
		k->n = n;
		k->s = s + n;
		k->t = T_HASH;
	} else if (*s == '-') {
		if (k->t >= T_REV || s[1] != 'r')
			goto invalid;
		k->s = s + 2;
		k->t = T_REV;
		digits(k);
	} else {
		goto invalid;
	}
	return;
invalid:
	k->t = T_INVALID;
}

bool vuln_apk_valid(const char *v)
{
	struct tk k;
	if (!v)
		return false;
	for (first(&k, v); k.t < T_END; next(&k))
		;
	return k.t == T_END;
}

static int tok_cmp(const struct tk *a, const struct tk *b)
{
	switch (a->t) {
	case T_DIGIT:
		if (a->v[0] == '0' || b->v[0] == '0')
			return vv_strcmp(a->v, a->n, b->v, b->n);
		/* fall through */
	case T_FIRST:
	case T_SUFFIX_NO:
	case T_REV:
		return vv_numcmp(a->v, a->n, b->v, b->n);
	case T_LETTER:
		return vv_sign((unsigned char)a->v[0] - (unsigned char)b->v[0]);
	case T_SUFFIX:
		return vv_sign(a->suffix - b->suffix);
	default:
		return vv_strcmp(a->v, a->n, b->v, b->n);
	}
}

static int apk3_cmp(const char *a, const char *b, bool fuzzy)
{
	struct tk ta, tb;
	for (first(&ta, a), first(&tb, b); ta.t == tb.t && ta.t < T_END; next(&ta), next(&tb)) {
		int r = tok_cmp(&ta, &tb);
		if (r)
			return r;
	}
	if (ta.t == tb.t || (fuzzy && tb.t == T_END))
		return 0;
	if (ta.t == T_SUFFIX && ta.suffix < S_NONE)
		return -1;
	if (tb.t == T_SUFFIX && tb.suffix < S_NONE)
		return 1;
	return ta.t > tb.t ? -1 : 1;
}

/* ---- the fallback for invalid versions (osv-scalibr's Alpine order) ---- */

struct lax {
	const char *s;    /* whole string */
	const char *num;  /* ((\d+)\.?)* */
	size_t numlen;
	char letter;
	const char *suf;  /* (_(alpha|...)\d*)* run */
	size_t suflen;
	const char *rev;  /* digits after -r, or NULL */
	size_t revlen;
	bool remainder;
	bool invalid;     /* neither the end nor "-r" after the hash */
};

/* length of one _suffixN at s, its rank and number; 0 when none */
static size_t lax_suffix(const char *s, int *rank, const char **num, size_t *numlen)
{
	static const char *const names[] = {"alpha", "beta", "pre", "rc", "cvs", "svn", "git", "hg", "p"};
	static const int ranks[] = {S_ALPHA, S_BETA, S_PRE, S_RC, S_CVS, S_SVN, S_GIT, S_HG, S_P};
	if (s[0] != '_')
		return 0;
	for (int i = 0; i < 9; i++) {
		size_t l = strlen(names[i]);
		if (strncmp(s + 1, names[i], l) == 0) {
			*rank = ranks[i];
			*num = s + 1 + l;
			*numlen = vv_digits(*num);
			return 1 + l + *numlen;
		}
	}
	return 0;
}

static void lax_parse(const char *s, struct lax *v)
{
	memset(v, 0, sizeof(*v));
	v->s = s;
	v->num = s;
	while (vv_digit(*s)) {
		s += vv_digits(s);
		if (*s == '.')
			s++;
	}
	v->numlen = (size_t)(s - v->num);
	if (vv_lower(*s))
		v->letter = *s++;
	v->suf = s;
	int rank;
	const char *n;
	size_t nl, used;
	while ((used = lax_suffix(s, &rank, &n, &nl)))
		s += used;
	v->suflen = (size_t)(s - v->suf);
	if (*s == '~' && hexdig(s[1])) {
		s++;
		while (hexdig(*s))
			s++;
	}
	if (*s) {
		if (s[0] == '-' && s[1] == 'r') {
			v->rev = s + 2;
			v->revlen = vv_digits(s + 2);
			s += 2 + v->revlen;
		} else {
			v->remainder = true;
			v->invalid = true;
			return;
		}
	}
	v->remainder = *s != 0;
}

/* the i-th number component (index, text); a missing one is "0" */
static bool lax_component(const struct lax *v, size_t *pos, const char **p, size_t *n)
{
	if (*pos >= v->numlen)
		return false;
	*p = v->num + *pos;
	*n = vv_digits(*p);
	*pos += *n;
	if (*pos < v->numlen && v->num[*pos] == '.')
		(*pos)++;
	return true;
}

static int lax_cmp(const struct lax *a, const struct lax *b)
{
	if (a->invalid && b->invalid)
		return vv_strcmp(a->s, strlen(a->s), b->s, strlen(b->s));
	size_t pa = 0, pb = 0;
	for (int idx = 0;; idx++) {
		const char *xa = "0", *xb = "0";
		size_t la = 1, lb = 1;
		bool ha = lax_component(a, &pa, &xa, &la);
		bool hb = lax_component(b, &pb, &xb, &lb);
		if (!ha && !hb)
			break;
		int r;
		if (idx && ha && hb && (xa[0] == '0' || xb[0] == '0'))
			r = vv_strcmp(xa, la, xb, lb);
		else
			r = vv_numcmp(xa, la, xb, lb);
		if (r)
			return r;
	}
	if (!a->letter != !b->letter)
		return a->letter ? 1 : -1;
	if (a->letter != b->letter)
		return a->letter < b->letter ? -1 : 1;
	const char *sa = a->suf, *sb = b->suf;
	for (;;) {
		int ra = S_NONE, rb = S_NONE;
		const char *na = "", *nb = "";
		size_t la = 0, lb = 0;
		size_t ua = sa < a->suf + a->suflen ? lax_suffix(sa, &ra, &na, &la) : 0;
		size_t ub = sb < b->suf + b->suflen ? lax_suffix(sb, &rb, &nb, &lb) : 0;
		if (!ua && !ub)
			break;
		if (ra != rb)
			return ra < rb ? -1 : 1;
		int r = vv_numcmp(na, la, nb, lb);
		if (r)
			return r;
		sa += ua;
		sb += ub;
	}
	int r = vv_numcmp(a->rev ? a->rev : "", a->revlen, b->rev ? b->rev : "", b->revlen);
	if (r)
		return r;
	if (a->remainder != b->remainder)
		return a->remainder ? -1 : 1;
	return 0;
}

int vuln_apk_cmp(const char *a, const char *b, int *out)
{
	if (!a || !b || !out)
		return BH_EUSAGE;
	bool va = vuln_apk_valid(a), vb = vuln_apk_valid(b);
	if (va && vb) {
		*out = apk3_cmp(a, b, false);
		return BH_OK;
	}
	struct lax la, lb;
	lax_parse(a, &la);
	lax_parse(b, &lb);
	*out = lax_cmp(&la, &lb);
	return BH_OK;
}

/* The form: whether the version is valid (apk-tools 3's order is read
 * from the strings; the fallback's parse is made when compared). */
struct apk_form {
	bool valid;
};

VV_FORM_FITS(struct apk_form);

int vv_apk_prepare(struct vuln_ver *v)
{
	((struct apk_form *)(void *)v->form)->valid = vuln_apk_valid(v->s);
	return BH_OK;
}

int vv_apk_cmp_ver(const struct vuln_ver *a, const struct vuln_ver *b)
{
	if (((const struct apk_form *)(const void *)a->form)->valid &&
	    ((const struct apk_form *)(const void *)b->form)->valid)
		return apk3_cmp(a->s, b->s, false);
	struct lax la, lb;
	lax_parse(a->s, &la);
	lax_parse(b->s, &lb);
	return lax_cmp(&la, &lb);
}

bool vv_apk_form_valid(const struct vuln_ver *v)
{
	return ((const struct apk_form *)(const void *)v->form)->valid;
}

int vuln_apk_fuzzy_cmp(const char *a, const char *b)
{
	return apk3_cmp(a ? a : "", b ? b : "", true);
}
