/* SPDX-License-Identifier: Apache-2.0
 *
 * rules_k8s.c - placeholder family: no rules yet.
 */
#include "families.h"

const struct bh_rule bh_rules_k8s[] = {
	{ .id = NULL },
};
const size_t bh_rules_k8s_count = 0;
