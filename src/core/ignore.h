/* SPDX-License-Identifier: Apache-2.0
 *
 * ignore.h - inline ignore pragmas, applied once after all checks ran.
 *
 * Recognised comments (a line whose first non-blank character is '#'):
 *   # bulkhead ignore=BH1001,BH1002     the next instruction / key
 *   # hadolint ignore=DL3008            mapped to the equivalent rules
 *   # trivy:ignore:DS-0002              mapped likewise
 *   # checkov:skip=CKV_DOCKER_3:reason  mapped likewise
 *   # bulkhead global ignore=BH1001     the whole file
 *   # hadolint global ignore=DL3008     the whole file
 * A reason may follow after a second '#'.  "The next instruction" is the
 * next line that is neither blank nor a comment, through the end line the
 * caller's "unit_end" callback gives (a Dockerfile instruction spans its
 * continuation lines).
 */
#ifndef BH_IGNORE_H
#define BH_IGNORE_H

#include <stddef.h>

#include "finding.h"

/* Last line of the unit (instruction, YAML key) starting at "line". */
typedef int (*ignore_unit_end_fn)(void *ctx, int line);

/* Remove from list->v[first..] (the findings of the one input whose text
 * is "text") those that an inline pragma in "text" suppresses. */
void ignore_apply(const char *text, size_t len, struct bh_findings *list,
		  size_t first, ignore_unit_end_fn unit_end, void *ctx);

#endif
