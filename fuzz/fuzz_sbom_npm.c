/* SPDX-License-Identifier: Apache-2.0
 *
 * fuzz_sbom_npm.c - libFuzzer target: bytes -> the package-lock.json
 * cataloger of src/sbom (bit 0 of the last byte: the node_modules
 * package.json one; bits 0 and 1: the yarn.lock one; bits 0 and 2: the
 * pnpm-lock.yaml one), then the sort
 * every run does, then the CycloneDX and SPDX writers (dependency
 * edges included) over the list.  Built by fuzz/run.sh with every fuzz/fuzz_*.c; seeds
 * from ../shared/fixtures/pkgdb/npm.
 */
#include <stddef.h>
#include <stdint.h>

#include <stdio.h>

#include "report/sbom_doc.h"
#include "sbom/sbom.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
const char *__lsan_default_suppressions(void);

/* libfyaml leaks its scalar buffer on some unterminated quoted scalars
 * (pnpm-lock.yaml mode; see fuzz_compose.c); not ours to fix. */
const char *__lsan_default_suppressions(void)
{
	return "leak:libfyaml.so\n";
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > (4u << 20))
		return 0;
	bool alt = size && (data[size - 1] & 1);
	struct sbom_src src = { (const char *)data, size, "x", "sha256:0" };
	struct sbom_list l = { 0 };
	struct diag d;
	diag_init(&d, "x");
	enum sbom_kind k = SBOM_KIND_NPM_LOCK;
	(void)alt;
	if (alt)
		k = (data[size - 1] & 4) ? SBOM_KIND_PNPM_LOCK
		    : (data[size - 1] & 2) ? SBOM_KIND_YARN_LOCK : SBOM_KIND_NPM_PKG;
	(void)sbom_catalog(k, &src, &l, &d);
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
