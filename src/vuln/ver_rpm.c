/* SPDX-License-Identifier: Apache-2.0
 *
 * ver_rpm.c - RPM version order: rpmvercmp (rpm's lib/rpmvercmp.c rules,
 * rewritten here) on [epoch:]version[-release].  Separators (anything but
 * letters, digits, '~' and '^') only split segments; '~' sorts before
 * everything, even the end ("1.0~rc1" < "1.0"); '^' sorts after the end
 * but before any other segment ("1.0" < "1.0^git1" < "1.0.1"); digit
 * segments compare by value and are newer than letter segments; otherwise
 * the version with segments left is newer.  A missing epoch is 0; a
 * version with a release is newer than the same one without (rpmverCmp,
 * what python3-rpm's rpm.ver compares).  Every string but the empty one
 * (which rpm refuses) is accepted.
 * Tests: tests/unit/vuln/test_version.c (rpm's own rpmvercmp.at rows).
 */
#include <string.h>

#include "../util/diag.h"
#include "version.h"
#include "vver_int.h"

static int vercmp(const char *a, size_t an, const char *b, size_t bn)
{
	size_t i = 0, j = 0;
	if (an == bn && memcmp(a, b, an) == 0)
		return 0;
	while (i < an || j < bn) {
		while (i < an && !vv_alnum(a[i]) && a[i] != '~' && a[i] != '^')
			i++;
		while (j < bn && !vv_alnum(b[j]) && b[j] != '~' && b[j] != '^')
			j++;
		bool ta = i < an && a[i] == '~', tb = j < bn && b[j] == '~';
		if (ta || tb) {
			if (!ta)
				return 1;
			if (!tb)
				return -1;
			i++, j++;
			continue;
		}
		bool ca = i < an && a[i] == '^', cb = j < bn && b[j] == '^';
		if (ca || cb) {
			if (i >= an)
				return -1;
			if (j >= bn)
				return 1;
			if (!ca)
				return 1;
			if (!cb)
				return -1;
			i++, j++;
			continue;
		}
		if (i >= an || j >= bn)
			break;
		size_t si = i, sj = j;
		bool num = vv_digit(a[i]);
		if (num) {
			while (i < an && vv_digit(a[i]))
				i++;
			while (j < bn && vv_digit(b[j]))
				j++;
		} else {
			while (i < an && vv_alpha(a[i]))
				i++;
			while (j < bn && vv_alpha(b[j]))
				j++;
		}
		if (j == sj)
			return num ? 1 : -1;
		int r = num ? vv_numcmp(a + si, i - si, b + sj, j - sj)
			    : vv_strcmp(a + si, i - si, b + sj, j - sj);
		if (r)
			return r;
	}
	if (i >= an && j >= bn)
		return 0;
	return i >= an ? -1 : 1;
}

int vuln_rpmvercmp(const char *a, const char *b)
{
	return vercmp(a ? a : "", a ? strlen(a) : 0, b ? b : "", b ? strlen(b) : 0);
}

struct evr {
	const char *e, *v, *r; /* r is NULL without a release */
	size_t en, vn, rn;
};

static void split(const char *s, struct evr *x)
{
	size_t n = strlen(s);
	size_t d = vv_digits(s);
	x->e = s;
	x->en = 0;
	if (s[d] == ':') {
		x->en = d;
		s += d + 1;
		n -= d + 1;
	}
	const char *dash = NULL;
	for (size_t i = n; i-- > 0;)
		if (s[i] == '-') {
			dash = s + i;
			break;
		}
	x->v = s;
	x->vn = dash ? (size_t)(dash - s) : n;
	x->r = dash ? dash + 1 : NULL;
	x->rn = dash ? n - x->vn - 1 : 0;
}

static int evr_cmp(const struct evr *x, const struct evr *y)
{
	int r = vv_numcmp(x->e, x->en, y->e, y->en);
	if (!r)
		r = vercmp(x->v, x->vn, y->v, y->vn);
	if (!r && (x->r || y->r))
		r = !y->r ? 1 : (!x->r ? -1 : vercmp(x->r, x->rn, y->r, y->rn));
	return r;
}

int vuln_rpm_cmp(const char *a, const char *b, int *out)
{
	struct evr x, y;
	if (!a || !b || !out)
		return BH_EUSAGE;
	if (!*a || !*b)
		return BH_EPARSE;
	split(a, &x);
	split(b, &y);
	*out = evr_cmp(&x, &y);
	return BH_OK;
}

VV_FORM_FITS(struct evr);

int vv_rpm_prepare(struct vuln_ver *v)
{
	if (!*v->s)
		return BH_EPARSE;
	split(v->s, (struct evr *)(void *)v->form);
	return BH_OK;
}

int vv_rpm_cmp_ver(const struct vuln_ver *a, const struct vuln_ver *b)
{
	return evr_cmp((const struct evr *)(const void *)a->form,
		       (const struct evr *)(const void *)b->form);
}
