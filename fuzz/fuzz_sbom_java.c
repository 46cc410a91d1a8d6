/* SPDX-License-Identifier: Apache-2.0
 *
 * fuzz_sbom_java.c - libFuzzer target: bytes -> the Java archive reader
 * of src/sbom/sbom_java.c (a zip read from memory, nested archives), its
 * summary read back (the image path), the bytes as a pom.properties and
 * as a summary, and as an installed gemspec (sbom_gemspec.c); then the sort and both SBOM writers (sbom_fuzz.h).
 * Built by fuzz/run.sh; seeds from ../shared/fixtures/pkgdb/java.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "sbom_fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > (4u << 20))
		return 0;
	struct sbom_src src = { (const char *)data, size, "a/x-1.0.jar", "sha256:0" };
	struct sbom_list l = { 0 };
	struct diag d;
	diag_init(&d, "x");
	(void)sbom_java_archive(&src, &l, &d);
	sbom_fuzz_write(&l);
	size_t len = 0;
	char *sum = sbom_java_summarize(&src, &len);
	if (sum) {
		struct sbom_src ss = { sum, len, "x", NULL };
		diag_init(&d, "x");
		(void)sbom_java_summary(&ss, &l, &d);
		sbom_fuzz_write(&l);
		free(sum);
	}
	diag_init(&d, "x");
	(void)sbom_pom_properties(&src, &l, &d);
	sbom_fuzz_write(&l);
	diag_init(&d, "x");
	(void)sbom_java_summary(&src, &l, &d);
	sbom_fuzz_write(&l);
	diag_init(&d, "x");
	(void)sbom_gemspec(&src, &l, &d);
	sbom_fuzz_write(&l);
	return 0;
}
