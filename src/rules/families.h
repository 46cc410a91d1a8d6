/* SPDX-License-Identifier: Apache-2.0
 *
 * families.h - the arrays of row pointers each rules_<family>.c exports,
 * for rule_table.c.
 */
#ifndef BH_FAMILIES_H
#define BH_FAMILIES_H

#include <stddef.h>

#include "rule.h"

extern const struct bh_rule *const bh_rules_df_user[];
extern const size_t bh_rules_df_user_count;
extern const struct bh_rule *const bh_rules_df_base[];
extern const size_t bh_rules_df_base_count;
extern const struct bh_rule *const bh_rules_df_instr[];
extern const size_t bh_rules_df_instr_count;
extern const struct bh_rule *const bh_rules_df_packages[];
extern const size_t bh_rules_df_packages_count;
extern const struct bh_rule *const bh_rules_df_secrets[];
extern const size_t bh_rules_df_secrets_count;
extern const struct bh_rule *const bh_rules_df_context[];
extern const size_t bh_rules_df_context_count;
extern const struct bh_rule *const bh_rules_compose[];
extern const size_t bh_rules_compose_count;
extern const struct bh_rule *const bh_rules_k8s[];
extern const size_t bh_rules_k8s_count;
extern const struct bh_rule *const bh_rules_k8s_rbac[];
extern const size_t bh_rules_k8s_rbac_count;
extern const struct bh_rule *const bh_rules_image[];
extern const size_t bh_rules_image_count;
extern const struct bh_rule *const bh_rules_runtime[];
extern const size_t bh_rules_runtime_count;
extern const struct bh_rule *const bh_rules_policy[];
extern const size_t bh_rules_policy_count;

#endif
