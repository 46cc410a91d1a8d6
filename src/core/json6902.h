/* SPDX-License-Identifier: Apache-2.0
 *
 * json6902.h - a Kustomize JSON 6902 patch (a list of {op, path, value})
 * turned into the partial object its add/replace operations set.
 *
 * Memory: every node json6902_object() makes comes from the caller's
 * arena; the op values are shared with the parsed tree, never copied or
 * written.  Nothing here needs freeing on its own.
 */
#ifndef BH_JSON6902_H
#define BH_JSON6902_H

#include <stdbool.h>

#include "../parse/yml.h"
#include "../util/arena.h"

/* Whether "root" is shaped as a JSON 6902 patch: a non-empty list whose
 * items are all mappings with a scalar op and a scalar path. */
bool json6902_is_ops(const struct yml_node *root);

/* What a Kustomize patch entry's target: says of the object it patches;
 * NULL fields when not said (strings borrowed, never freed here). */
struct json6902_target {
	const char *kind, *name, *group, *version;
};

/* The target: mapping "t" (a kustomization's patch entry) into *out;
 * anything that is not a mapping of strings reads as not said. */
void json6902_target_of(const struct yml_node *t,
			struct json6902_target *out);

/* The object the add and replace operations of "ops" set, each value
 * placed at its JSON pointer (RFC 6901), into *out: its kind from
 * "target" (may be NULL), else inferred from the paths (/spec/template -> Deployment,
 * /spec/jobTemplate -> CronJob, /spec -> Pod).  *out is NULL when no
 * operation sets anything or the kind cannot be told.  Bad pointers,
 * huge indices and operations past the bounds are skipped.  Returns
 * BH_OK or BH_ENOMEM. */
int json6902_object(struct arena *a, const struct yml_node *ops,
		    const struct json6902_target *target,
		    struct yml_node **out);

#endif
