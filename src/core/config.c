/* SPDX-License-Identifier: Apache-2.0
 *
 * config.c - the run's settings and the questions checks ask of them.
 *
 * This file owns rule enabling (ignored ids, off-by-default rules, the
 * Kubernetes profile), severity overrides, trusted registries and the
 * policy section's storage (struct bh_policy; what it means is
 * src/rules/rules_policy.c's).  Reading
 * .bulkhead.yaml is the CLI's job (src/cli/config_load.c).
 * Tests: tests/unit/core/test_core.c.
 */
#include "config.h"

#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>

#include "../util/diag.h"
#include "check.h"

void bh_config_init(struct bh_config *c)
{
	memset(c, 0, sizeof(*c));
	/* the hardening bulkhead stands for: baseline only when asked */
	c->profile = BH_PROFILE_RESTRICTED;
	c->fix_uid = 10001;
	memcpy(c->fix_memory, "512M", 5);
	c->fix_pids = 100;
}

void bh_strlist_free(struct bh_strlist *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

void bh_config_free(struct bh_config *c)
{
	bh_strlist_free(&c->ignored);
	bh_strlist_free(&c->enabled);
	bh_strlist_free(&c->trusted_registries);
	bh_strlist_free(&c->trusted_builders);
	free(c->verify_key);
	if (c->verify_keyless) {
		if (c->verify_keyless->root && c->policy.free_root)
			c->policy.free_root(c->verify_keyless->root);
		free(c->verify_keyless->path);
		free(c->verify_keyless->resolved);
		free(c->verify_keyless->identity);
		free(c->verify_keyless->identity_re);
		free(c->verify_keyless->issuer);
		free(c->verify_keyless->desc);
		free(c->verify_keyless);
	}
	for (size_t i = 0; i < c->noverrides; i++)
		free(c->overrides[i].rule_id);
	free(c->overrides);
	bh_strlist_free(&c->policy.registries);
	bh_strlist_free(&c->policy.base_images);
	for (size_t i = 0; i < c->policy.nkeys; i++) {
		free(c->policy.keys[i].registry);
		free(c->policy.keys[i].path);
		free(c->policy.keys[i].resolved);
		if (c->policy.keys[i].loaded && c->policy.free_key)
			c->policy.free_key(c->policy.keys[i].loaded);
		if (c->policy.keys[i].root && c->policy.free_root)
			c->policy.free_root(c->policy.keys[i].root);
		free(c->policy.keys[i].identity);
		free(c->policy.keys[i].identity_re);
		free(c->policy.keys[i].issuer);
		free(c->policy.keys[i].desc);
	}
	free(c->policy.keys);
	memset(c, 0, sizeof(*c));
}

int bh_strlist_add(struct bh_strlist *l, const char *s)
{
	char **v = realloc(l->v, (l->n + 1) * sizeof(*v));
	if (!v)
		return BH_ENOMEM;
	l->v = v;
	if (!(v[l->n] = strdup(s)))
		return BH_ENOMEM;
	l->n++;
	return BH_OK;
}

bool bh_strlist_has(const struct bh_strlist *l, const char *s)
{
	for (size_t i = 0; i < l->n; i++)
		if (strcmp(l->v[i], s) == 0)
			return true;
	return false;
}

bool bh_config_rule_enabled(const struct bh_config *c, const struct bh_rule *r)
{
	/* asked for every rule of every input: most runs ignore none */
	if (c->ignored.n && bh_strlist_has(&c->ignored, r->id))
		return false;
	if ((r->flags & BH_RULE_OFF_BY_DEFAULT) && !bh_strlist_has(&c->enabled, r->id))
		return false;
	if ((r->flags & BH_RULE_PSS_RESTRICTED) && c->profile != BH_PROFILE_RESTRICTED)
		return false;
	return true;
}

enum bh_severity bh_config_severity(const struct bh_config *c,
				    const struct bh_rule *r)
{
	for (size_t i = 0; i < c->noverrides; i++)
		if (strcmp(c->overrides[i].rule_id, r->id) == 0)
			return c->overrides[i].severity;
	return r->severity;
}

int bh_config_override(struct bh_config *c, const char *rule_id,
		       enum bh_severity sev)
{
	struct bh_severity_override *v =
		realloc(c->overrides, (c->noverrides + 1) * sizeof(*v));
	if (!v)
		return BH_ENOMEM;
	c->overrides = v;
	if (!(v[c->noverrides].rule_id = strdup(rule_id)))
		return BH_ENOMEM;
	v[c->noverrides].severity = sev;
	c->noverrides++;
	return BH_OK;
}

bool bh_config_registry_trusted(const struct bh_config *c, const char *registry)
{
	if (c->trusted_registries.n == 0)
		return true;
	for (size_t i = 0; i < c->trusted_registries.n; i++)
		if (fnmatch(c->trusted_registries.v[i], registry, 0) == 0)
			return true;
	return false;
}
