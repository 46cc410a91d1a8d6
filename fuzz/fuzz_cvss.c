/* SPDX-License-Identifier: Apache-2.0
 *
 * fuzz_cvss.c - libFuzzer target for the CVSS scorer (src/vuln/cvss.h):
 * the input, as an exact-size NUL-terminated heap copy, is scored; an
 * accepted vector has version 30, 31 or 40 and a score in [0,10] at one
 * decimal whose rating and severity agree; a rejected one leaves the
 * outputs alone.  Seeds: fuzz/corpus/cvss/.  Built by fuzz/run.sh.
 */
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/diag.h"
#include "vuln/cvss.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	if (!s)
		abort();
	memcpy(s, data, size);
	s[size] = 0;
	double score = -7;
	int ver = -7;
	int rc = vuln_cvss_score(s, &score, &ver);
	if (rc == BH_OK) {
		if (ver != 30 && ver != 31 && ver != 40)
			abort();
		if (!(score >= 0 && score <= 10) ||
		    fabs(score * 10 - round(score * 10)) > 1e-9)
			abort();
		static const char *const names[] = {"None", "Low", "Medium",
						    "High", "Critical"};
		if (strcmp(vuln_cvss_rating(score),
			   names[vuln_cvss_severity(score)]) != 0)
			abort();
		double again = -1;
		if (vuln_cvss_score(s, &again, NULL) != BH_OK || again != score)
			abort();
	} else if (rc != BH_EPARSE || score != -7 || ver != -7) {
		abort();
	}
	free(s);
	return 0;
}
