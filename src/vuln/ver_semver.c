/* SPDX-License-Identifier: Apache-2.0
 *
 * ver_semver.c - SemVer 2.0.0 precedence (semver.org item 11), strict as
 * the grammar says and as node-semver reads it (surrounding blanks and
 * one leading "v" allowed), plus node-semver's loose mode ("v" and "="
 * prefixes, leading zeros, a prerelease without its hyphen, even one that
 * starts inside the patch number as its pattern backtracks there); and Go's orders built on it: module versions as
 * golang.org/x/mod/semver reads them (a "v" prefix, the vMAJOR and
 * vMAJOR.MINOR shorthands, pseudo-versions being prereleases, build
 * metadata such as +incompatible ignored) and the toolchain tags
 * (go1.21rc2 = 1.21.0-rc.2) as govulncheck's GoTagToSemver maps them.
 * Numeric identifiers of any width compare exactly (node-semver itself
 * rejects those over 2^53-1).
 * Tests: tests/unit/vuln/test_version.c (semver*.tsv), version_oracles.sh.
 */
#include <string.h>

#include "../util/diag.h"
#include "version.h"
#include "vver_int.h"

struct sv {
	const char *num[3];
	size_t numlen[3];
	const char *pre; /* prerelease identifiers, or NULL */
	size_t prelen;
	/* go toolchain form: prerelease label and number (rc.2) */
	const char *golabel;
	size_t golabellen;
	const char *gonum;
	size_t gonumlen;
};

static bool blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

static bool ident_char(char c) { return vv_alnum(c) || c == '-'; }

/* dot-separated identifiers ending at a '+' or the end; strict forbids
 * leading zeros in numeric ones.  Returns the length or 0 when invalid. */
static size_t idents(const char *s, bool strict, bool *ok)
{
	size_t i = 0;
	*ok = true;
	for (;;) {
		size_t st = i;
		bool alldig = true;
		while (ident_char(s[i])) {
			if (!vv_digit(s[i]))
				alldig = false;
			i++;
		}
		if (i == st) {
			*ok = false;
			return 0;
		}
		if (strict && alldig && i - st > 1 && s[st] == '0') {
			*ok = false;
			return 0;
		}
		if (s[i] != '.')
			return i;
		i++;
	}
}

static int parse(const char *s, bool loose, bool go, struct sv *v)
{
	memset(v, 0, sizeof(*v));
	if (go) {
		if (*s == 'v')
			s++;
	} else {
		/* node-semver trims, and its strict pattern allows one "v" */
		while (blank(*s))
			s++;
		if (loose)
			while (*s == 'v' || *s == '=' || blank(*s))
				s++;
		else if (*s == 'v')
			s++;
	}
	int parts = 0;
	for (; parts < 3; parts++) {
		size_t n = vv_digits(s);
		if (n == 0)
			return BH_EPARSE;
		if (!loose && n > 1 && *s == '0')
			return BH_EPARSE;
		v->num[parts] = s;
		v->numlen[parts] = n;
		s += n;
		if (parts < 2 && *s == '.') {
			s++;
			continue;
		}
		parts++;
		break;
	}
	if (parts < 3) {
		/* Go's vMAJOR and vMAJOR.MINOR shorthands, nothing after */
		if (!go || *s)
			return BH_EPARSE;
		for (int i = parts; i < 3; i++) {
			v->num[i] = "0";
			v->numlen[i] = 1;
		}
		return BH_OK;
	}
	bool ok = true;
	/* node-semver's loose pattern backtracks: "1.2.34.5" is patch 3 and
	 * prerelease "4.5", and "1.2.3-" has the prerelease "-" */
	if (loose && *s == '.' && v->numlen[2] > 1) {
		v->numlen[2]--;
		s--;
	}
	if (*s == '-' || (loose && *s && *s != '+' && !blank(*s))) {
		if (*s == '-' && (!loose || ident_char(s[1])))
			s++;
		v->pre = s;
		v->prelen = idents(s, !loose, &ok);
		if (!ok)
			return BH_EPARSE;
		s += v->prelen;
	}
	if (*s == '+') {
		s++;
		size_t n = idents(s, false, &ok);
		if (!ok)
			return BH_EPARSE;
		s += n;
	}
	if (!go)
		while (blank(*s))
			s++;
	return *s ? BH_EPARSE : BH_OK;
}

/* next identifier of a prerelease list: [*p, *p + len) */
static bool next_ident(const char **p, const char *end, const char **id, size_t *len)
{
	if (*p >= end)
		return false;
	const char *dot = memchr(*p, '.', (size_t)(end - *p));
	const char *e = dot ? dot : end;
	*id = *p;
	*len = (size_t)(e - *p);
	*p = dot ? dot + 1 : end;
	return true;
}

static bool all_digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!vv_digit(s[i]))
			return false;
	return n > 0;
}

static int ident_cmp(const char *a, size_t an, const char *b, size_t bn)
{
	bool da = all_digits(a, an), db = all_digits(b, bn);
	if (da && db)
		return vv_numcmp(a, an, b, bn);
	if (da != db)
		return da ? -1 : 1;
	return vv_strcmp(a, an, b, bn);
}

static int pre_cmp(const struct sv *a, const struct sv *b)
{
	if (!a->pre || !b->pre)
		return a->pre ? -1 : (b->pre ? 1 : 0);
	const char *pa = a->pre, *ea = a->pre + a->prelen;
	const char *pb = b->pre, *eb = b->pre + b->prelen;
	for (;;) {
		const char *ia, *ib;
		size_t la, lb;
		bool ha = next_ident(&pa, ea, &ia, &la);
		bool hb = next_ident(&pb, eb, &ib, &lb);
		if (!ha || !hb)
			return ha ? 1 : (hb ? -1 : 0);
		int r = ident_cmp(ia, la, ib, lb);
		if (r)
			return r;
	}
}

static int sv_cmp(const struct sv *a, const struct sv *b)
{
	for (int i = 0; i < 3; i++) {
		int r = vv_numcmp(a->num[i], a->numlen[i], b->num[i], b->numlen[i]);
		if (r)
			return r;
	}
	return pre_cmp(a, b);
}

int vuln_semver_cmp(const char *a, const char *b, bool loose, int *out)
{
	struct sv va, vb;
	if (!a || !b || !out)
		return BH_EUSAGE;
	if (parse(a, loose, false, &va) != BH_OK || parse(b, loose, false, &vb) != BH_OK)
		return BH_EPARSE;
	*out = sv_cmp(&va, &vb);
	return BH_OK;
}

/* a run of digits without a leading zero (x/mod/semver's rule) */
static size_t go_num(const char *s)
{
	size_t n = vv_digits(s);
	return (n > 1 && s[0] == '0') ? 0 : n;
}

/* A toolchain tag (go1, go1.21, go1.21.3, go1.21rc2, go1.9beta1,
 * go1.9.2-pre1, and anything after a blank ignored: "go1.21.3
 * X:boringcrypto") read as govulncheck's GoTagToSemver does:
 * ^go(\d+\.\d+)(\.\d+|)((beta|rc|-pre)(\d+))?$ to 1.21.0-rc.2, "go1" to
 * 1.0.0 and "go1.0" refused, then valid only as SemVer (no leading zeros).
 * The prerelease is kept as label + number and compared as the two
 * identifiers ("rc", "2"). */
static int parse_gotag(const char *s, struct sv *v)
{
	memset(v, 0, sizeof(*v));
	size_t len = 0;
	while (s[len] && !blank(s[len]))
		len++;
	if (len == 3 && !memcmp(s, "go1", 3)) {
		v->num[0] = "1";
		v->numlen[0] = 1;
		v->num[1] = v->num[2] = "0";
		v->numlen[1] = v->numlen[2] = 1;
		return BH_OK;
	}
	if (len == 5 && !memcmp(s, "go1.0", 5))
		return BH_EPARSE;
	const char *end = s + len;
	s += 2;
	for (int i = 0; i < 3; i++) {
		if (i == 2 && *s != '.') {
			v->num[2] = "0";
			v->numlen[2] = 1;
			break;
		}
		if (i > 0) {
			if (*s != '.')
				return BH_EPARSE;
			s++;
		}
		size_t n = go_num(s);
		if (!n)
			return BH_EPARSE;
		v->num[i] = s;
		v->numlen[i] = n;
		s += n;
	}
	if (s < end) {
		size_t l;
		if (end - s > 4 && !memcmp(s, "beta", 4))
			l = 4;
		else if (end - s > 2 && !memcmp(s, "rc", 2))
			l = 2;
		else if (end - s > 4 && !memcmp(s, "-pre", 4))
			l = 4;
		else
			return BH_EPARSE;
		v->golabel = s[0] == '-' ? s + 1 : s;
		v->golabellen = s[0] == '-' ? l - 1 : l;
		s += l;
		v->gonumlen = go_num(s);
		v->gonum = s;
		s += v->gonumlen;
		if (v->gonumlen == 0 || s != end)
			return BH_EPARSE;
		v->pre = s; /* marks "has a prerelease" for pre_cmp's callers */
	}
	return BH_OK;
}

static bool is_gotag(const char *s)
{
	return s[0] == 'g' && s[1] == 'o' && vv_digit(s[2]);
}

/* a go toolchain prerelease (label, number) against a SemVer one */
static int go_pre_cmp(const struct sv *a, const struct sv *b)
{
	if (!a->pre || !b->pre)
		return a->pre ? -1 : (b->pre ? 1 : 0);
	const char *ia[2], *ib[2];
	size_t la[2], lb[2];
	int na = 0, nb = 0;
	const char *pa = a->pre, *pb = b->pre;
	if (a->golabel) {
		ia[0] = a->golabel; la[0] = a->golabellen;
		ia[1] = a->gonum; la[1] = a->gonumlen;
		na = 2;
	}
	if (b->golabel) {
		ib[0] = b->golabel; lb[0] = b->golabellen;
		ib[1] = b->gonum; lb[1] = b->gonumlen;
		nb = 2;
	}
	const char *ea = a->golabel ? NULL : a->pre + a->prelen;
	const char *eb = b->golabel ? NULL : b->pre + b->prelen;
	for (int k = 0;; k++) {
		const char *xa = "", *xb = "";
		size_t ya = 0, yb = 0;
		bool ha = a->golabel ? k < na : next_ident(&pa, ea, &xa, &ya);
		bool hb = b->golabel ? k < nb : next_ident(&pb, eb, &xb, &yb);
		if (ha && a->golabel) { xa = ia[k]; ya = la[k]; }
		if (hb && b->golabel) { xb = ib[k]; yb = lb[k]; }
		if (!ha || !hb)
			return ha ? 1 : (hb ? -1 : 0);
		int r = ident_cmp(xa, ya, xb, yb);
		if (r)
			return r;
	}
}

static int parse_go(const char *s, struct sv *v)
{
	if (is_gotag(s))
		return parse_gotag(s, v);
	return parse(s, false, true, v);
}

static int go_sv_cmp(const struct sv *va, const struct sv *vb)
{
	int r = 0;
	for (int i = 0; i < 3 && !r; i++)
		r = vv_numcmp(va->num[i], va->numlen[i], vb->num[i], vb->numlen[i]);
	if (!r)
		r = (va->golabel || vb->golabel) ? go_pre_cmp(va, vb) : pre_cmp(va, vb);
	return r;
}

int vuln_go_cmp(const char *a, const char *b, int *out)
{
	struct sv va, vb;
	if (!a || !b || !out)
		return BH_EUSAGE;
	if (parse_go(a, &va) != BH_OK || parse_go(b, &vb) != BH_OK)
		return BH_EPARSE;
	*out = go_sv_cmp(&va, &vb);
	return BH_OK;
}

VV_FORM_FITS(struct sv);

#define SV(v) ((const struct sv *)(const void *)(v)->form)

int vv_semver_prepare(struct vuln_ver *v, bool loose)
{
	return parse(v->s, loose, false, (struct sv *)(void *)v->form);
}

int vv_semver_cmp_ver(const struct vuln_ver *a, const struct vuln_ver *b)
{
	return sv_cmp(SV(a), SV(b));
}

int vv_go_prepare(struct vuln_ver *v)
{
	return parse_go(v->s, (struct sv *)(void *)v->form);
}

int vv_go_cmp_ver(const struct vuln_ver *a, const struct vuln_ver *b)
{
	return go_sv_cmp(SV(a), SV(b));
}
