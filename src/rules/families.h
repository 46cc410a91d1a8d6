/* SPDX-License-Identifier: Apache-2.0
 *
 * families.h - the arrays each rules_<family>.c exports, for rule_table.c.
 */
#ifndef BH_FAMILIES_H
#define BH_FAMILIES_H

#include <stddef.h>

#include "rule.h"

extern const struct bh_rule bh_rules_dockerfile[];
extern const size_t bh_rules_dockerfile_count;
extern const struct bh_rule bh_rules_compose[];
extern const size_t bh_rules_compose_count;
extern const struct bh_rule bh_rules_k8s[];
extern const size_t bh_rules_k8s_count;
extern const struct bh_rule bh_rules_image[];
extern const size_t bh_rules_image_count;

#endif
