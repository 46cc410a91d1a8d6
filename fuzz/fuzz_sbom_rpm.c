/* SPDX-License-Identifier: Apache-2.0
 *
 * fuzz_sbom_rpm.c - libFuzzer target: bytes -> the rpm catalogers of
 * src/sbom: input starting "RpmP" -> the NDB reader (Packages.db);
 * otherwise the rpmdb.sqlite cataloger (bit 0 of the last byte: one bare
 * rpm header blob instead; bits 0 and 1: a Berkeley DB Packages file),
 * then the sort every run does.  Built by fuzz/run.sh with every
 * fuzz/fuzz_*.c; seeds from ../shared/fixtures/pkgdb/rpm and
 * fuzz/corpus/sbom_rpm (an NDB file of one real SLE 15 package).
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

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
	if (size >= 4 && !memcmp(data, "RpmP", 4))
		(void)sbom_catalog(SBOM_KIND_RPM_NDB, &src, &l, &d);
	else if (alt && (data[size - 1] & 2))
		(void)sbom_catalog(SBOM_KIND_RPM_BDB, &src, &l, &d);
	else if (alt)
		(void)sbom_rpm_header(data, size, &src, &l, &d);
	else
		(void)sbom_catalog(SBOM_KIND_RPM_SQLITE, &src, &l, &d);
	sbom_list_sort(&l);
	sbom_list_free(&l);
	return 0;
}
