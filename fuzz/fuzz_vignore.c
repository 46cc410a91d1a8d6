/* SPDX-License-Identifier: Apache-2.0
 *
 * fuzz_vignore.c - libFuzzer target for the vulnerability ignore file
 * (src/vuln/vignore.h): the first byte chooses the format (even: YAML as
 * .bulkhead-vuln.yaml, odd: text as .trivyignore), the rest is the file.
 * A load that succeeds gives entries with an id, a valid or empty expiry
 * and, for YAML, a reason; a few matches run on each and the entry's own
 * id always matches (IGNORED, or EXPIRED once its date has come).
 * Seeds: fuzz/corpus/vignore/.  Built by fuzz/run.sh.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/diag.h"
#include "util/text.h"
#include "vuln/vignore.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
const char *__lsan_default_suppressions(void);

/* libfyaml leaks its scalar buffer on some unterminated quoted scalars
 * (see fuzz_compose.c); not ours to fix. */
const char *__lsan_default_suppressions(void)
{
	return "leak:libfyaml.so\n";
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	bool text = data[0] & 1;
	const char *name = text ? ".trivyignore" : ".bulkhead-vuln.yaml";
	char *buf = malloc(size - 1 ? size - 1 : 1);
	if (!buf)
		abort();
	memcpy(buf, data + 1, size - 1);
	struct vuln_ignore ig;
	vuln_ignore_init(&ig);
	struct diag d;
	diag_init(&d, name);
	int rc = vuln_ignore_load(&ig, name, buf, size - 1, &d);
	if (rc == BH_OK) {
		for (size_t i = 0; i < ig.n && i < 64; i++) {
			const struct vuln_ignore_entry *e = &ig.entries[i];
			if (!e->id || (!text && !e->reason))
				abort();
			if (e->expires[0] && !txt_is_date(e->expires, strlen(e->expires)))
				abort();
			if (e->n_packages)
				continue;
			enum vuln_ignore_result r = vuln_ignore_match(
				&ig, e->id, NULL, 0, "p", "pkg:npm/p@1",
				"2026-01-01", NULL);
			if (r == VULN_IGNORE_NONE)
				abort();
		}
	} else if (!diag_failed(&d)) {
		abort();
	}
	vuln_ignore_free(&ig);
	free(buf);
	return 0;
}
