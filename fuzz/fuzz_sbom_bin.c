/* SPDX-License-Identifier: Apache-2.0
 *
 * fuzz_sbom_bin.c - libFuzzer target: bytes -> the ELF / Go build
 * information reader of src/sbom/sbom_go.c, three ways: the whole file
 * (sbom_go_bin), the stream scanner fed in chunks whose size the last
 * byte picks, its summary read back (sbom_go_summary), and the bytes
 * read as a summary themselves; then the sort and both SBOM writers
 * (sbom_fuzz.h).  Built by fuzz/run.sh; seeds in fuzz/corpus/sbom_bin
 * (ELF files made by scripts/mk_go_seeds.py), words in
 * fuzz/sbom_bin.dict.
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
	struct sbom_src src = { (const char *)data, size, "x", "sha256:0" };
	struct sbom_list l = { 0 };
	struct diag d;
	diag_init(&d, "x");
	(void)sbom_go_bin(&src, &l, &d);
	sbom_fuzz_write(&l);

	size_t chunk = size ? (size_t)data[size - 1] * 37 + 1 : 1;
	struct sbom_bin_scan *s = sbom_bin_scan_begin(size);
	if (s) {
		for (size_t o = 0; o < size; o += chunk)
			sbom_bin_scan_feed(s, data + o,
					   size - o < chunk ? size - o : chunk);
		size_t len = 0;
		char *sum = sbom_bin_scan_end(s, &len);
		if (sum) {
			struct sbom_src ss = { sum, len, "x", NULL };
			diag_init(&d, "x");
			(void)sbom_go_summary(&ss, &l, &d);
			sbom_fuzz_write(&l);
			free(sum);
		}
	}

	diag_init(&d, "x");
	(void)sbom_go_summary(&src, &l, &d);
	sbom_fuzz_write(&l);
	return 0;
}
