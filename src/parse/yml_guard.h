/* SPDX-License-Identifier: Apache-2.0
 *
 * yml_guard.h - a linear pre-pass over YAML text that refuses the forms
 * on which libfyaml 0.7.12 (Debian's libfyaml-dev) allocates without
 * bound or crashes, before libfyaml sees the text (yml.c calls it).
 * What it refuses, and why, is in yml_guard.c's header.
 *
 * Allocates nothing; the caller owns the text and the diag.
 */
#ifndef BH_YML_GUARD_H
#define BH_YML_GUARD_H

#include <stddef.h>

#include "../util/diag.h"

/* Flow items libfyaml may hold before one event comes out: past this a
 * text is refused.  Each held item costs libfyaml 300-350 bytes, so at
 * most about 90 MiB at the bound, where the forms refused took gigabytes;
 * a one-line JSON object of 6,000 containers (820 KB, ~200,000 items:
 * the admission webhook passes compact JSON, tests/suites/admission.sh)
 * is still read. */
#ifndef YML_GUARD_MAX_RUN
#define YML_GUARD_MAX_RUN ((size_t)250000)
#endif

/* Check "text" (len bytes, valid UTF-8 without NUL: yml.c checks that
 * first).  Flow collections may nest at most "max_flow_depth" deep.
 * Returns BH_OK, or BH_ELIMIT / BH_EPARSE with one line (line, byte
 * column, reason) in "d". */
int yml_guard(const char *text, size_t len, size_t max_flow_depth,
	      struct diag *d);

#endif
