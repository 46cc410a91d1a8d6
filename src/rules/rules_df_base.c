/* SPDX-License-Identifier: Apache-2.0
 *
 * rules_df_base.c - placeholder while dfrules1 writes it.
 */
#include "families.h"

const struct bh_rule bh_rules_df_base[] = {
	{ .id = NULL },
};
const size_t bh_rules_df_base_count = 0;
