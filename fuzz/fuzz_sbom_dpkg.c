/* SPDX-License-Identifier: Apache-2.0
 *
 * fuzz_sbom_dpkg.c - libFuzzer target: bytes -> the dpkg status
 * cataloger of src/sbom (bit 0 of the last byte: as a distroless
 * status.d file; bit 1: the same bytes as a dpkg file list, whose owned
 * paths are then dropped from the list: sbom_owned), then the sort every
 * run does and the CycloneDX and
 * SPDX writers (dependency edges included).  Built by fuzz/run.sh
 * with every fuzz/fuzz_*.c; seeds from ../shared/fixtures/pkgdb/dpkg.
 */
#include <stddef.h>
#include <stdint.h>

#include <stdio.h>

#include "report/sbom_doc.h"
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
	enum sbom_kind k = SBOM_KIND_DPKG;
	(void)alt;
	if (alt)
		k = SBOM_KIND_DPKG_STATUSD;
	(void)sbom_catalog(k, &src, &l, &d);
	if (size && (data[size - 1] & 2)) {
		struct sbom_owned o = { 0 };
		if (!sbom_owned_add(&o, "/", (const char *)data, size))
			(void)sbom_owned_drop(&o, &l);
		sbom_owned_free(&o);
	}
	sbom_list_sort(&l);
	/* the dependency edges and both SBOM documents of what was read */
	static FILE *null;
	if (!null)
		null = fopen("/dev/null", "w");
	struct sbom_doc_meta m = { SBOM_DOC_FILE, "x", NULL, "os", NULL, NULL,
				   "00000000-0000-4000-8000-000000000000",
				   "1970-01-01T00:00:00Z" };
	if (null) {
		(void)sbom_write_cdx(null, &l, &m);
		(void)sbom_write_spdx(null, &l, &m);
	}
	sbom_list_free(&l);
	return 0;
}
