/* SPDX-License-Identifier: Apache-2.0
 *
 * rules_dockerfile.c - placeholder: Dockerfile rules land here.
 */
#include "families.h"

const struct bh_rule bh_rules_dockerfile[] = {
	{ .id = NULL },
};
const size_t bh_rules_dockerfile_count = 0;
