/* SPDX-License-Identifier: Apache-2.0
 *
 * fuzz_sbom_apk.c - libFuzzer target: bytes -> the apk installed
 * database cataloger of src/sbom (the last byte's bits 0 and 1: the
 * Gemfile.lock one; bits 0 and 2: the Cargo.lock one), then the sort
 * every run does.  Built
 * by fuzz/run.sh with every fuzz/fuzz_*.c; seeds from
 * ../shared/fixtures/pkgdb/apk.
 */
#include <stddef.h>
#include <stdint.h>

#include "sbom/sbom.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > (4u << 20))
		return 0;
	bool alt = size && (data[size - 1] & 1);
	struct sbom_src src = { (const char *)data, size, "x", "sha256:0" };
	struct sbom_list l = { 0 };
	struct diag d;
	diag_init(&d, "x");
	enum sbom_kind k = SBOM_KIND_APK;
	/* bits 0 and 1: Gemfile.lock; bits 0 and 2: Cargo.lock */
	if (alt && (data[size - 1] & 2))
		k = SBOM_KIND_GEMFILE_LOCK;
	else if (alt && (data[size - 1] & 4))
		k = SBOM_KIND_CARGO_LOCK;
	(void)sbom_catalog(k, &src, &l, &d);
	sbom_list_sort(&l);
	sbom_list_free(&l);
	return 0;
}
