/* SPDX-License-Identifier: Apache-2.0
 *
 * ver_pep440.c - Python version order (PEP 440, as pypa/packaging's
 * Version implements it): [N!]N(.N)*[{a|b|rc}N][.postN][.devN][+local],
 * with the spellings the PEP normalises (case, alpha/beta/c/pre/preview,
 * rev/r, "-N" as a post release, optional separators and numbers, a
 * leading "v", surrounding blanks).  Order: epoch; release with trailing
 * zeros ignored; a dev-only release before its pre-releases, pre-releases
 * before the release; post releases after; dev releases before what they
 * lead to; a local version after the public one, compared segment-wise
 * (numbers above words, words without case).  Legacy (non-PEP 440)
 * versions are BH_EPARSE, as packaging >= 22 rejects them.
 * Tests: tests/unit/vuln/test_version.c (pep440*.tsv), version_oracles.sh.
 */
#include <string.h>

#include "../util/diag.h"
#include "version.h"
#include "vver_int.h"

struct pv {
	const char *epoch;
	size_t epochlen;
	const char *rel; /* N(.N)* */
	size_t rellen;
	int pre;         /* 0 none, 1 a, 2 b, 3 rc */
	const char *pren;
	size_t prenlen;
	bool post;
	const char *postn;
	size_t postnlen;
	bool dev;
	const char *devn;
	size_t devnlen;
	const char *local; /* after '+', or NULL */
	size_t locallen;
};

static bool sep(char c) { return c == '-' || c == '_' || c == '.'; }
static bool blank(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

/* case-insensitive: does s start with word (lower case)? */
static bool word(const char *s, const char *w)
{
	size_t i = 0;
	for (; w[i]; i++)
		if (vv_tolower(s[i]) != w[i])
			return false;
	return true;
}

/* the longest of words[] at s, or -1 */
static int label(const char *s, const char *const *words, int n, size_t *len)
{
	int best = -1;
	size_t bl = 0;
	for (int i = 0; i < n; i++) {
		size_t l = strlen(words[i]);
		if (l > bl && word(s, words[i])) {
			best = i;
			bl = l;
		}
	}
	*len = bl;
	return best;
}

/* [-_.]?LABEL[-_.]?N?  at s; returns chars used or 0 */
static size_t labelled(const char *s, const char *const *words, int n, int *which,
		       const char **num, size_t *numlen)
{
	size_t i = sep(s[0]) ? 1 : 0, l;
	/* every label starts with a letter: no letter, no label (the common
	 * end of a version, spared the scan of words[]) */
	if ((unsigned)(vv_tolower(s[i]) - 'a') >= 26)
		return 0;
	int w = label(s + i, words, n, &l);
	if (w < 0)
		return 0;
	i += l;
	*which = w;
	*num = NULL;
	*numlen = 0;
	/* [-_.]?N?: a separator with no number after it is still taken (the
	 * pattern allows it, and the next part's own separator is optional:
	 * 1.0.post_-dev is 1.0.post0.dev0) */
	if (sep(s[i]))
		i++;
	size_t d = vv_digits(s + i);
	if (d) {
		*num = s + i;
		*numlen = d;
		i += d;
	}
	return i;
}

static int parse(const char *s, struct pv *v)
{
	static const char *const pre_words[] = {"a", "b", "c", "rc", "alpha", "beta", "pre", "preview"};
	static const int pre_kind[] = {1, 2, 3, 3, 1, 2, 3, 3};
	static const char *const post_words[] = {"post", "rev", "r"};
	static const char *const dev_words[] = {"dev"};
	memset(v, 0, sizeof(*v));
	while (blank(*s))
		s++;
	if (*s == 'v' || *s == 'V')
		s++;
	size_t d = vv_digits(s);
	if (!d)
		return BH_EPARSE;
	if (s[d] == '!') {
		v->epoch = s;
		v->epochlen = d;
		s += d + 1;
		d = vv_digits(s);
		if (!d)
			return BH_EPARSE;
	}
	v->rel = s;
	s += d;
	while (s[0] == '.' && vv_digit(s[1]))
		s += 1 + vv_digits(s + 1);
	v->rellen = (size_t)(s - v->rel);
	int w;
	const char *num;
	size_t numlen, used;
	if ((used = labelled(s, pre_words, 8, &w, &num, &numlen))) {
		v->pre = pre_kind[w];
		v->pren = num;
		v->prenlen = numlen;
		s += used;
	}
	if (s[0] == '-' && vv_digit(s[1])) {
		v->post = true;
		v->postn = s + 1;
		v->postnlen = vv_digits(s + 1);
		s += 1 + v->postnlen;
	} else if ((used = labelled(s, post_words, 3, &w, &num, &numlen))) {
		v->post = true;
		v->postn = num;
		v->postnlen = numlen;
		s += used;
	}
	if ((used = labelled(s, dev_words, 1, &w, &num, &numlen))) {
		v->dev = true;
		v->devn = num;
		v->devnlen = numlen;
		s += used;
	}
	if (*s == '+') {
		s++;
		v->local = s;
		for (;;) {
			size_t st = 0;
			while (vv_alnum(s[st]))
				st++;
			if (!st)
				return BH_EPARSE;
			s += st;
			if (sep(s[0]) && vv_alnum(s[1]))
				s++;
			else
				break;
		}
		v->locallen = (size_t)(s - v->local);
	}
	while (blank(*s))
		s++;
	return *s ? BH_EPARSE : BH_OK;
}

/* release segments, trailing zeros ignored */
static int rel_cmp(const char *a, size_t an, const char *b, size_t bn)
{
	size_t i = 0, j = 0;
	while (i < an || j < bn) {
		size_t la = 0, lb = 0;
		while (i + la < an && a[i + la] != '.')
			la++;
		while (j + lb < bn && b[j + lb] != '.')
			lb++;
		int r = vv_numcmp(a + i, la, b + j, lb); /* a missing one is 0 */
		if (r)
			return r;
		i += la + (i + la < an);
		j += lb + (j + lb < bn);
	}
	return 0;
}

static int local_seg_cmp(const char *a, size_t an, const char *b, size_t bn)
{
	bool da = true, db = true;
	for (size_t k = 0; k < an; k++)
		da = da && vv_digit(a[k]);
	for (size_t k = 0; k < bn; k++)
		db = db && vv_digit(b[k]);
	if (da && db)
		return vv_numcmp(a, an, b, bn);
	if (da != db)
		return da ? 1 : -1;
	size_t n = an < bn ? an : bn;
	for (size_t k = 0; k < n; k++) {
		char x = vv_tolower(a[k]), y = vv_tolower(b[k]);
		if (x != y)
			return (unsigned char)x < (unsigned char)y ? -1 : 1;
	}
	return an == bn ? 0 : (an < bn ? -1 : 1);
}

static int local_cmp(const struct pv *a, const struct pv *b)
{
	if (!a->local || !b->local)
		return a->local ? 1 : (b->local ? -1 : 0);
	size_t i = 0, j = 0;
	for (;;) {
		if (i >= a->locallen || j >= b->locallen)
			return i < a->locallen ? 1 : (j < b->locallen ? -1 : 0);
		size_t la = 0, lb = 0;
		while (i + la < a->locallen && !sep(a->local[i + la]))
			la++;
		while (j + lb < b->locallen && !sep(b->local[j + lb]))
			lb++;
		int r = local_seg_cmp(a->local + i, la, b->local + j, lb);
		if (r)
			return r;
		i += la + 1;
		j += lb + 1;
	}
}

/* the pre-release key: -1 = dev-only release (before any pre-release),
 * 0..3 a pre-release (kind), 4 = none */
static int pre_rank(const struct pv *v)
{
	if (!v->pre)
		return (!v->post && v->dev) ? -1 : 4;
	return v->pre;
}

static int pv_cmp(const struct pv *a, const struct pv *b)
{
	int r = vv_numcmp(a->epoch, a->epochlen, b->epoch, b->epochlen);
	if (!r)
		r = rel_cmp(a->rel, a->rellen, b->rel, b->rellen);
	if (r)
		return r;
	int ra = pre_rank(a), rb = pre_rank(b);
	if (ra != rb)
		return ra < rb ? -1 : 1;
	if (a->pre && (r = vv_numcmp(a->pren, a->prenlen, b->pren, b->prenlen)))
		return r;
	if (a->post != b->post)
		return a->post ? 1 : -1;
	if (a->post && (r = vv_numcmp(a->postn, a->postnlen, b->postn, b->postnlen)))
		return r;
	if (a->dev != b->dev)
		return a->dev ? -1 : 1;
	if (a->dev && (r = vv_numcmp(a->devn, a->devnlen, b->devn, b->devnlen)))
		return r;
	return local_cmp(a, b);
}

int vuln_pep440_cmp(const char *a, const char *b, int *out)
{
	struct pv va, vb;
	if (!a || !b || !out)
		return BH_EUSAGE;
	if (parse(a, &va) != BH_OK || parse(b, &vb) != BH_OK)
		return BH_EPARSE;
	*out = pv_cmp(&va, &vb);
	return BH_OK;
}

VV_FORM_FITS(struct pv);

int vv_pep440_prepare(struct vuln_ver *v)
{
	return parse(v->s, (struct pv *)(void *)v->form);
}

int vv_pep440_cmp_ver(const struct vuln_ver *a, const struct vuln_ver *b)
{
	return pv_cmp((const struct pv *)(const void *)a->form,
		      (const struct pv *)(const void *)b->form);
}
