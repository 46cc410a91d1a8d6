/* SPDX-License-Identifier: Apache-2.0
 *
 * vercmp.c - test-only front end to src/vuln/version.h for
 * tests/suites/version_oracles.sh (built by meson, never installed):
 *   vercmp ECO < pairs
 * reads "A<TAB>B" lines and prints one line each: -1, 0 or 1 (A before,
 * equal to, after B) or "error" when either is not a version of ECO
 * (names as vuln_eco_from_name: dpkg pypi semver semver-loose apk rpm go
 * maven gem).  Each pair is also compared through the prepared forms
 * (vuln_version_prepare, vuln_version_cmp_prepared, as matching compares):
 * a different answer or error prints "prepared-differs" instead, which no
 * oracle prints, so the suite's comparison with the tool fails there.
 * Exit status 2 on a bad ECO.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/diag.h"
#include "vuln/version.h"

int main(int argc, char **argv)
{
	enum vuln_eco eco = argc == 2 ? vuln_eco_from_name(argv[1]) : VULN_ECO_COUNT;
	if (eco == VULN_ECO_COUNT) {
		fprintf(stderr, "usage: vercmp dpkg|pypi|semver|semver-loose|apk|rpm|go|maven|gem < pairs\n");
		return 2;
	}
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	while ((n = getline(&line, &cap, stdin)) > 0) {
		if (line[n - 1] == '\n')
			line[--n] = 0;
		char *tab = strchr(line, '\t');
		int r = 0, pr = 0;
		if (!tab) {
			puts("error");
			continue;
		}
		*tab = 0;
		int rc = vuln_version_cmp(eco, line, tab + 1, &r);
		struct vuln_ver a, b;
		vuln_version_prepare(eco, line, &a);
		vuln_version_prepare(eco, tab + 1, &b);
		int prc = vuln_version_cmp_prepared(&a, &b, &pr);
		if (rc != prc || (rc == BH_OK && r != pr))
			puts("prepared-differs");
		else if (rc != BH_OK)
			puts("error");
		else
			printf("%d\n", r);
	}
	free(line);
	return 0;
}
