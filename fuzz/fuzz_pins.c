/* SPDX-License-Identifier: Apache-2.0
 *
 * fuzz_pins.c - libFuzzer target for the pins file of `bulkhead fix
 * --pins` (src/parse/pins.h): the input is the file.  A parse that
 * succeeds gives pins each with a name, a valid digest and a line in
 * order, and pins_find() gives each pin's own name a pin of that name;
 * one that fails leaves nothing and records an error.
 * Built by fuzz/run.sh.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parse/pins.h"
#include "util/diag.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(x) do { if (!(x)) abort(); } while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pins p;
	struct diag d;
	diag_init(&d, "pins.txt");
	int rc = pins_parse((const char *)data, size, &p, &d);
	if (rc != BH_OK) {
		CHECK(p.n == 0 && p.v == NULL && diag_failed(&d));
		return 0;
	}
	int last = 0;
	for (size_t i = 0; i < p.n; i++) {
		const struct pin *e = &p.v[i];
		CHECK(e->name && *e->name && e->digest);
		CHECK(strlen(e->digest) == 71 && !strncmp(e->digest, "sha256:", 7));
		CHECK(e->line > last);
		last = e->line;
		const struct pin *f = pins_find(&p, e->name, e->tag);
		CHECK(f && !strcmp(f->name, e->name));
		CHECK(pins_find(&p, e->name, NULL));
	}
	pins_free(&p);
	return 0;
}
