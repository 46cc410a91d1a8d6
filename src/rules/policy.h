/* SPDX-License-Identifier: Apache-2.0
 *
 * policy.h - what the configuration loader asks of the policy rules
 * (src/rules/rules_policy.c): the base-image family names it accepts,
 * and for `bulkhead image` which signature key the policy requires.
 *
 * Memory: the family strings are static; a key entry is the policy's.
 */
#ifndef BH_POLICY_H
#define BH_POLICY_H

#include <stdbool.h>

struct arena;
struct bh_policy;
struct bh_policy_key;
struct img_model;

/* Whether "name" is a family of the table in rules_policy.c
 * ("distroless", "alpine", ...), in any case. */
bool bh_policy_family_known(const char *name);
/* The known family names, comma-separated, for an error message. */
const char *bh_policy_family_names(void);
/* The signature-keys entry that covers one of image "m"'s names (its
 * RepoTags, else the reference it was picked by), or NULL; *name is set
 * to that name.  Matching is policy.registries' (a host, or a host/path
 * prefix).  Strings parsed into "a". */
const struct bh_policy_key *bh_policy_image_key(const struct bh_policy *p,
						const struct img_model *m,
						struct arena *a,
						const char **name);

#endif
