/* SPDX-License-Identifier: Apache-2.0
 *
 * fuzz_osv.c - libFuzzer target for the OSV record reader (src/vuln/osv.h):
 * the input is parsed as one record; a parsed record has a non-empty id,
 * a modified time with an instant key, and every kept string non-NULL; a
 * failed parse leaves the record zeroed and records an error.  The
 * compact re-serialisation must parse again to the same id.  The input's
 * first line also goes through osv_time_key and the index keys.
 * Seeds: fuzz/corpus/osv/ and ../shared/fixtures/osv.  Built by fuzz/run.sh.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/diag.h"
#include "vuln/osv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct diag d;
	diag_init(&d, "fuzz");
	struct osv_record r;
	char *compact = NULL;
	int rc = osv_parse_ex((const char *)data, size, "fuzz", &r, &compact, &d);
	if (rc == BH_OK) {
		char key[OSV_TIME_KEY];
		if (!r.id || !r.id[0] || !r.modified || !compact ||
		    osv_time_key(r.modified, key, sizeof(key)))
			abort();
		for (size_t i = 0; i < r.naff; i++) {
			struct osv_affected *a = &r.aff[i];
			if (!a->ecosystem || !a->name)
				abort();
			char base[64], nk[256];
			osv_eco_base(a->ecosystem, base, sizeof(base));
			osv_name_key(base, a->name, nk, sizeof(nk));
			for (size_t k = 0; k < a->nranges; k++)
				for (size_t e = 0; e < a->ranges[k].nev; e++)
					if (!a->ranges[k].ev[e].value)
						abort();
			for (size_t k = 0; k < a->nversions; k++)
				if (!a->versions[k])
					abort();
		}
		struct osv_record r2;
		struct diag d2;
		diag_init(&d2, "again");
		if (osv_parse(compact, strlen(compact), "again", &r2, &d2) ||
		    strcmp(r2.id, r.id) || r2.naff != r.naff ||
		    r2.naliases != r.naliases)
			abort();
		osv_record_free(&r2);
		osv_record_free(&r);
		if (r.id || r.aff)
			abort();
	} else if (r.id || r.aff || !diag_failed(&d) || compact) {
		abort();
	}
	free(compact);
	size_t n = 0;
	while (n < size && n < 200 && data[n] != '\n')
		n++;
	char line[201];
	memcpy(line, data, n);
	line[n] = 0;
	char key[OSV_TIME_KEY], nk[64];
	(void)osv_time_key(line, key, sizeof(key));
	osv_eco_base(line, nk, sizeof(nk));
	osv_name_key("PyPI", line, nk, sizeof(nk));
	return 0;
}
