/* SPDX-License-Identifier: Apache-2.0
 *
 * vver_util.c - the shared helpers of vver_int.h (exact digit runs) and
 * the ecosystem dispatch of version.h (vuln_version_cmp and friends, the
 * prepared forms: vuln_version_prepare, vuln_version_cmp_prepared).
 * Tests: tests/unit/vuln/test_version.c.
 */
#include <string.h>

#include "../util/diag.h"
#include "version.h"
#include "vver_int.h"

int vv_numcmp(const char *a, size_t an, const char *b, size_t bn)
{
	while (an > 0 && *a == '0')
		a++, an--;
	while (bn > 0 && *b == '0')
		b++, bn--;
	if (an != bn)
		return an < bn ? -1 : 1;
	return an ? vv_sign(memcmp(a, b, an)) : 0;
}

bool vv_numzero(const char *a, size_t an)
{
	for (size_t i = 0; i < an; i++)
		if (a[i] != '0')
			return false;
	return true;
}

int vv_strcmp(const char *a, size_t an, const char *b, size_t bn)
{
	size_t n = an < bn ? an : bn;
	int r = n ? memcmp(a, b, n) : 0;
	if (r)
		return vv_sign(r);
	return an == bn ? 0 : (an < bn ? -1 : 1);
}

size_t vv_digits(const char *s)
{
	size_t n = 0;
	while (vv_digit(s[n]))
		n++;
	return n;
}

int vuln_version_cmp(enum vuln_eco eco, const char *a, const char *b, int *out)
{
	if (!a || !b || !out)
		return BH_EUSAGE;
	switch (eco) {
	case VULN_ECO_DPKG: return vuln_dpkg_cmp(a, b, out);
	case VULN_ECO_PYPI: return vuln_pep440_cmp(a, b, out);
	case VULN_ECO_SEMVER: return vuln_semver_cmp(a, b, false, out);
	case VULN_ECO_SEMVER_LOOSE: return vuln_semver_cmp(a, b, true, out);
	case VULN_ECO_APK: return vuln_apk_cmp(a, b, out);
	case VULN_ECO_RPM: return vuln_rpm_cmp(a, b, out);
	case VULN_ECO_GO: return vuln_go_cmp(a, b, out);
	case VULN_ECO_MAVEN: return vuln_maven_cmp(a, b, out);
	case VULN_ECO_GEM: return vuln_gem_cmp(a, b, out);
	case VULN_ECO_COUNT: break;
	}
	return BH_EUSAGE;
}

int vuln_version_prepare(enum vuln_eco eco, const char *s, struct vuln_ver *v)
{
	v->eco = eco;
	v->s = s;
	v->kept = false;
	v->rc = BH_EUSAGE;
	if (!s)
		return v->rc;
	switch (eco) {
	case VULN_ECO_DPKG: v->rc = vv_dpkg_prepare(v); break;
	case VULN_ECO_PYPI: v->rc = vv_pep440_prepare(v); break;
	case VULN_ECO_SEMVER: v->rc = vv_semver_prepare(v, false); break;
	case VULN_ECO_SEMVER_LOOSE: v->rc = vv_semver_prepare(v, true); break;
	case VULN_ECO_APK: v->rc = vv_apk_prepare(v); break;
	case VULN_ECO_RPM: v->rc = vv_rpm_prepare(v); break;
	case VULN_ECO_GO: v->rc = vv_go_prepare(v); break;
	case VULN_ECO_GEM: v->rc = vv_gem_prepare(v); break;
	case VULN_ECO_MAVEN: v->rc = BH_OK; return v->rc;  /* not kept */
	case VULN_ECO_COUNT: return v->rc;
	}
	if (v->rc != BH_OK)
		v->rc = BH_EPARSE;
	v->kept = v->rc == BH_OK;
	return v->rc;
}

int vuln_version_cmp_prepared(const struct vuln_ver *a, const struct vuln_ver *b,
			      int *out)
{
	if (!a || !b || !out || a->eco != b->eco)
		return BH_EUSAGE;
	if (a->rc == BH_EUSAGE || b->rc == BH_EUSAGE)
		return BH_EUSAGE;  /* a NULL string, as vuln_version_cmp */
	if (a->rc != BH_OK)
		return a->rc;
	if (b->rc != BH_OK)
		return b->rc;
	if (!a->kept || !b->kept)
		return vuln_version_cmp(a->eco, a->s, b->s, out);
	switch (a->eco) {
	case VULN_ECO_DPKG: *out = vv_dpkg_cmp_ver(a, b); break;
	case VULN_ECO_PYPI: *out = vv_pep440_cmp_ver(a, b); break;
	case VULN_ECO_SEMVER:
	case VULN_ECO_SEMVER_LOOSE: *out = vv_semver_cmp_ver(a, b); break;
	case VULN_ECO_APK: *out = vv_apk_cmp_ver(a, b); break;
	case VULN_ECO_RPM: *out = vv_rpm_cmp_ver(a, b); break;
	case VULN_ECO_GO: *out = vv_go_cmp_ver(a, b); break;
	case VULN_ECO_GEM: *out = vv_gem_cmp_ver(a, b); break;
	case VULN_ECO_MAVEN:
	case VULN_ECO_COUNT: return BH_EUSAGE;
	}
	return BH_OK;
}

bool vuln_version_prepared_valid(const struct vuln_ver *v)
{
	if (v->rc != BH_OK)
		return false;
	if (v->eco == VULN_ECO_APK)
		return vv_apk_form_valid(v);
	if (!v->kept)
		return vuln_version_valid(v->eco, v->s);
	return true;
}

bool vuln_version_valid(enum vuln_eco eco, const char *v)
{
	int r;
	if (!v)
		return false;
	if (eco == VULN_ECO_APK)
		return vuln_apk_valid(v);
	return vuln_version_cmp(eco, v, v, &r) == BH_OK;
}

enum vuln_eco vuln_eco_from_name(const char *name)
{
	static const struct { const char *name; enum vuln_eco eco; } names[] = {
		{"deb", VULN_ECO_DPKG}, {"dpkg", VULN_ECO_DPKG},
		{"debian", VULN_ECO_DPKG}, {"ubuntu", VULN_ECO_DPKG},
		{"pypi", VULN_ECO_PYPI}, {"pep440", VULN_ECO_PYPI},
		{"semver", VULN_ECO_SEMVER}, {"npm", VULN_ECO_SEMVER},
		{"semver-loose", VULN_ECO_SEMVER_LOOSE},
		{"apk", VULN_ECO_APK}, {"alpine", VULN_ECO_APK},
		{"rpm", VULN_ECO_RPM}, {"go", VULN_ECO_GO},
		{"golang", VULN_ECO_GO}, {"maven", VULN_ECO_MAVEN},
		{"gem", VULN_ECO_GEM}, {"rubygems", VULN_ECO_GEM},
	};
	if (!name)
		return VULN_ECO_COUNT;
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(names[i].name, name) == 0)
			return names[i].eco;
	return VULN_ECO_COUNT;
}
