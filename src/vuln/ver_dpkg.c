/* SPDX-License-Identifier: Apache-2.0
 *
 * ver_dpkg.c - Debian version order (deb-version(7), Debian Policy 5.6.12):
 * [epoch:]upstream[-revision], each part compared the way dpkg's verrevcmp
 * does: alternating non-digit runs (letters before other characters, '~'
 * before everything, even the end) and digit runs by value.
 * Errors, as dpkg's parseversion makes them fatal: an empty version,
 * embedded blanks, a non-numeric, empty or too big (> INT_MAX) epoch,
 * nothing after the colon, an empty upstream or revision.  A version not starting with a digit is
 * only a warning for dpkg and is compared.
 * Tests: tests/unit/vuln/test_version.c (dpkg*.tsv), version_oracles.sh.
 */
#include <string.h>

#include "../util/diag.h"
#include "version.h"
#include "vver_int.h"

struct span {
	const char *p;
	size_t n;
};

struct dpkg_ver {
	struct span epoch, up, rev;
};

static bool blank(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

static int parse(const char *s, struct dpkg_ver *v)
{
	size_t n = strlen(s);
	while (n && blank(*s))
		s++, n--;
	while (n && blank(s[n - 1]))
		n--;
	if (n == 0)
		return BH_EPARSE;
	for (size_t i = 0; i < n; i++)
		if (blank(s[i]))
			return BH_EPARSE;
	const char *colon = memchr(s, ':', n);
	v->epoch = (struct span){"", 0};
	if (colon) {
		size_t en = (size_t)(colon - s);
		if (en == 0)
			return BH_EPARSE;
		for (size_t i = 0; i < en; i++)
			if (!vv_digit(s[i]))
				return BH_EPARSE;
		if (vv_numcmp(s, en, "2147483647", 10) > 0)
			return BH_EPARSE; /* dpkg: "epoch in version is too big" */
		v->epoch = (struct span){s, en};
		n -= en + 1;
		s = colon + 1;
		if (n == 0)
			return BH_EPARSE;
	}
	const char *dash = NULL;
	for (size_t i = n; i-- > 0;)
		if (s[i] == '-') {
			dash = s + i;
			break;
		}
	if (dash) {
		v->up = (struct span){s, (size_t)(dash - s)};
		v->rev = (struct span){dash + 1, n - v->up.n - 1};
		if (v->rev.n == 0)
			return BH_EPARSE;
	} else {
		v->up = (struct span){s, n};
		v->rev = (struct span){"", 0};
	}
	return v->up.n ? BH_OK : BH_EPARSE;
}

/* dpkg's character weight in a non-digit run; the end of a run is 0 */
static int weight(char c)
{
	if (vv_alpha(c))
		return (unsigned char)c;
	if (c == '~')
		return -1;
	return (unsigned char)c + 256;
}

static int verrevcmp(struct span a, struct span b)
{
	size_t i = 0, j = 0;
	while (i < a.n || j < b.n) {
		while ((i < a.n && !vv_digit(a.p[i])) || (j < b.n && !vv_digit(b.p[j]))) {
			int wa = (i < a.n && !vv_digit(a.p[i])) ? weight(a.p[i]) : 0;
			int wb = (j < b.n && !vv_digit(b.p[j])) ? weight(b.p[j]) : 0;
			if (wa != wb)
				return wa < wb ? -1 : 1;
			if (i < a.n && !vv_digit(a.p[i]))
				i++;
			if (j < b.n && !vv_digit(b.p[j]))
				j++;
		}
		size_t si = i, sj = j;
		while (i < a.n && vv_digit(a.p[i]))
			i++;
		while (j < b.n && vv_digit(b.p[j]))
			j++;
		int r = vv_numcmp(a.p + si, i - si, b.p + sj, j - sj);
		if (r)
			return r;
	}
	return 0;
}

static int dv_cmp(const struct dpkg_ver *va, const struct dpkg_ver *vb)
{
	int r = vv_numcmp(va->epoch.p, va->epoch.n, vb->epoch.p, vb->epoch.n);
	if (!r)
		r = verrevcmp(va->up, vb->up);
	if (!r)
		r = verrevcmp(va->rev, vb->rev);
	return r;
}

int vuln_dpkg_cmp(const char *a, const char *b, int *out)
{
	struct dpkg_ver va, vb;
	if (!a || !b || !out)
		return BH_EUSAGE;
	if (parse(a, &va) != BH_OK || parse(b, &vb) != BH_OK)
		return BH_EPARSE;
	*out = dv_cmp(&va, &vb);
	return BH_OK;
}

VV_FORM_FITS(struct dpkg_ver);

int vv_dpkg_prepare(struct vuln_ver *v)
{
	return parse(v->s, (struct dpkg_ver *)(void *)v->form);
}

int vv_dpkg_cmp_ver(const struct vuln_ver *a, const struct vuln_ver *b)
{
	return dv_cmp((const struct dpkg_ver *)(const void *)a->form,
		      (const struct dpkg_ver *)(const void *)b->form);
}
