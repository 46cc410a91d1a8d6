/* SPDX-License-Identifier: Apache-2.0
 *
 * sbom_fuzz.h - what every fuzz_sbom_*.c target does after its reader:
 * sort the list, then write both SBOM documents (dependency edges
 * included) of it to /dev/null, then free it.  Header-only (run.sh
 * builds each fuzz/fuzz_*.c alone); new targets use it, the older ones
 * still carry the same block.
 */
#ifndef BH_FUZZ_SBOM_FUZZ_H
#define BH_FUZZ_SBOM_FUZZ_H

#include <stdio.h>

#include "report/sbom_doc.h"
#include "sbom/sbom.h"

static inline void sbom_fuzz_write(struct sbom_list *l)
{
	static FILE *null;
	sbom_list_sort(l);
	if (!null)
		null = fopen("/dev/null", "w");
	struct sbom_doc_meta m = { SBOM_DOC_FILE, "x", NULL, "os", NULL, NULL,
				   "00000000-0000-4000-8000-000000000000",
				   "1970-01-01T00:00:00Z" };
	if (null) {
		(void)sbom_write_cdx(null, l, &m);
		(void)sbom_write_spdx(null, l, &m);
	}
	sbom_list_free(l);
}

#endif
