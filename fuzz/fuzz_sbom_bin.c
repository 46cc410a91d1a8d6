/* SPDX-License-Identifier: Apache-2.0
 *
 * fuzz_sbom_bin.c - libFuzzer target: bytes -> the ELF / Go build
 * information reader of src/sbom/sbom_go.c, three ways: the whole file
 * (sbom_go_bin), the stream scanner fed in chunks whose size the last
 * byte picks, its summary read back (sbom_go_summary), the bytes
 * read as a summary themselves, and the cargo auditable reader through
 * a read callback (sbom_cargo_elf, as a walked directory reads it; the
 * whole-file path reads .dep-v0 too); then the sort and both SBOM
 * writers (sbom_fuzz.h).  Built by fuzz/run.sh; seeds in
 * fuzz/corpus/sbom_bin (ELF files made by scripts/mk_go_seeds.py, and
 * cargo-auditable.elf: a C program with a .dep-v0 section made as
 * tests/suites/sbom_cargo.sh makes it), words in fuzz/sbom_bin.dict.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sbom_fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct mem { const uint8_t *p; size_t n; };

static int mem_read(void *ctx, uint64_t off, size_t n, void *buf)
{
	const struct mem *m = ctx;
	if (off > m->n || n > m->n - off)
		return -1;
	memcpy(buf, m->p + off, n);
	return 0;
}

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

	struct mem m = { data, size };
	struct sbom_src cs = { NULL, size, "x", NULL };
	diag_init(&d, "x");
	(void)sbom_cargo_elf(size, mem_read, &m, &cs, &l, &d);
	sbom_fuzz_write(&l);
	return 0;
}
