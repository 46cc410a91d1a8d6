/* SPDX-License-Identifier: Apache-2.0
 *
 * fuzz_vex.c - libFuzzer target for the OpenVEX reader (src/vuln/vex.h):
 * the input is loaded as a document; when it loads, a few fixed
 * (vulnerability, purl, image) queries run and each answer is a known
 * status; a failed load leaves no document and records an error.  The
 * purl matcher also runs on the input split at its first newline.
 * Seeds: fuzz/corpus/vex/.  Built by fuzz/run.sh.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/diag.h"
#include "vuln/vex.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *buf = malloc(size + 1);
	if (!buf)
		abort();
	memcpy(buf, data, size);
	buf[size] = 0;
	struct diag d;
	diag_init(&d, "fuzz");
	struct vuln_vex *v = NULL;
	int rc = vuln_vex_load(buf, size, &v, &d);
	if (rc == BH_OK) {
		static const char *const al[] = {"GHSA-jfh8-c2jp-5v3q", "CVE-1"};
		static const char *const purls[] = {
			"pkg:apk/wolfi/git@2.39.0-r1?arch=armv7",
			"pkg:npm/%40a/b@1.0.0", "pkg:golang/golang.org/x/net@v0.17.0",
			NULL};
		for (int i = 0; i < 4; i++) {
			const char *j;
			enum vuln_vex_status s = vuln_vex_decides(
				v, "CVE-2023-12345", al, 2, purls[i],
				"pkg:oci/myapp@sha256%3Aabc", &j);
			if ((unsigned)s > VULN_VEX_UNDER_INVESTIGATION)
				abort();
		}
		vuln_vex_free(v);
	} else if (v || !diag_failed(&d)) {
		abort();
	}
	char *nl = memchr(buf, '\n', size);
	if (nl) {
		*nl = 0;
		(void)vuln_purl_matches(buf, nl + 1);
		if (vuln_purl_matches(buf, buf) != vuln_purl_matches(buf, buf))
			abort();
	}
	free(buf);
	return 0;
}
