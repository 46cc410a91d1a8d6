/* SPDX-License-Identifier: Apache-2.0
 *
 * rules_image.c - placeholder family: no rules yet.
 */
#include "families.h"

const struct bh_rule bh_rules_image[] = {
	{ .id = NULL },
};
const size_t bh_rules_image_count = 0;
