/* SPDX-License-Identifier: Apache-2.0
 *
 * rules_compose.c - placeholder family: no rules yet.
 */
#include "families.h"

const struct bh_rule bh_rules_compose[] = {
	{ .id = NULL },
};
const size_t bh_rules_compose_count = 0;
