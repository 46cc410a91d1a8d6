/* SPDX-License-Identifier: Apache-2.0
 *
 * policy.h - what the configuration loader asks of the policy rules
 * (src/rules/rules_policy.c): the base-image family names it accepts.
 *
 * Memory: the strings are static.
 */
#ifndef BH_POLICY_H
#define BH_POLICY_H

#include <stdbool.h>

/* Whether "name" is a family of the table in rules_policy.c
 * ("distroless", "alpine", ...), in any case. */
bool bh_policy_family_known(const char *name);
/* The known family names, comma-separated, for an error message. */
const char *bh_policy_family_names(void);

#endif
