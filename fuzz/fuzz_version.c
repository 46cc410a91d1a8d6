/* SPDX-License-Identifier: Apache-2.0
 *
 * fuzz_version.c - libFuzzer target for the version comparators
 * (src/vuln/version.h): the bytes up to the first newline are version A,
 * the rest (up to a second newline) version B, each an exact-size heap
 * copy so ASan sees any read past its NUL.  Every ecosystem compares A
 * with B and B with A: both succeed or both fail, with opposite answers
 * in {-1,0,1}; a version it accepts equals itself; validity agrees with
 * the comparison; apk's fuzzy order stays in {-1,0,1}; the prepared
 * forms (vuln_version_prepare) compare exactly as the strings do, answer
 * and error, and their validity is vuln_version_valid's.
 * Seeds: fuzz/corpus/version/ and ../shared/fixtures/versions/upstream.  Built by
 * fuzz/run.sh.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/diag.h"
#include "vuln/version.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char *copy(const uint8_t *p, size_t n)
{
	char *s = malloc(n + 1);
	if (!s)
		abort();
	memcpy(s, p, n);
	s[n] = 0;
	return s;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *nl = memchr(data, '\n', size);
	size_t an = nl ? (size_t)(nl - data) : size;
	const uint8_t *bp = nl ? nl + 1 : data + size;
	size_t bn = (size_t)(data + size - bp);
	const uint8_t *nl2 = memchr(bp, '\n', bn);
	if (nl2)
		bn = (size_t)(nl2 - bp);
	char *a = copy(data, an), *b = copy(bp, bn);
	for (int e = 0; e < VULN_ECO_COUNT; e++) {
		int r1 = 9, r2 = 9, r3 = 9;
		int rc1 = vuln_version_cmp((enum vuln_eco)e, a, b, &r1);
		int rc2 = vuln_version_cmp((enum vuln_eco)e, b, a, &r2);
		if ((rc1 == BH_OK) != (rc2 == BH_OK))
			abort();
		if (rc1 == BH_OK && (r1 < -1 || r1 > 1 || r1 != -r2))
			abort();
		if (rc1 != BH_OK && rc1 != BH_EPARSE && rc1 != BH_ELIMIT)
			abort();
		int rc3 = vuln_version_cmp((enum vuln_eco)e, a, a, &r3);
		if (rc3 == BH_OK && r3 != 0)
			abort();
		if (e != VULN_ECO_APK && vuln_version_valid((enum vuln_eco)e, a) != (rc3 == BH_OK))
			abort();
		struct vuln_ver pa, pb;
		int p1 = 9, p2 = 9;
		vuln_version_prepare((enum vuln_eco)e, a, &pa);
		vuln_version_prepare((enum vuln_eco)e, b, &pb);
		if (vuln_version_cmp_prepared(&pa, &pb, &p1) != rc1 ||
		    vuln_version_cmp_prepared(&pb, &pa, &p2) != rc2)
			abort();
		if (rc1 == BH_OK && (p1 != r1 || p2 != r2))
			abort();
		if (vuln_version_prepared_valid(&pa) != vuln_version_valid((enum vuln_eco)e, a))
			abort();
	}
	int f = vuln_apk_fuzzy_cmp(a, b);
	if (f < -1 || f > 1)
		abort();
	(void)vuln_rpmvercmp(a, b);
	free(a);
	free(b);
	return 0;
}
