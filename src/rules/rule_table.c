/* SPDX-License-Identifier: Apache-2.0
 *
 * rule_table.c - joins the rule families into the one table.
 *
 * This file owns the list of families and the lookups over it (by id, by a
 * peer tool's id) and runs the enabled rules of a target.  It holds no rule
 * of its own.  A new family is one line in "families" below.
 * Tests: tests/suites/meta.sh (ids unique, practices known, docs current).
 */
#include "rule.h"

#include <string.h>

#include "../core/config.h"
#include "families.h"

struct family {
	const struct bh_rule *rules;
	const size_t *count;
};

static const struct family families[] = {
	{ bh_rules_df_user, &bh_rules_df_user_count },
	{ bh_rules_df_base, &bh_rules_df_base_count },
	{ bh_rules_df_instr, &bh_rules_df_instr_count },
	{ bh_rules_df_packages, &bh_rules_df_packages_count },
	{ bh_rules_df_secrets, &bh_rules_df_secrets_count },
	{ bh_rules_df_context, &bh_rules_df_context_count },
	{ bh_rules_compose, &bh_rules_compose_count },
	{ bh_rules_k8s, &bh_rules_k8s_count },
	{ bh_rules_image, &bh_rules_image_count },
};

#define NFAMILIES (sizeof(families) / sizeof(families[0]))

size_t bh_rule_count(void)
{
	size_t n = 0;
	for (size_t f = 0; f < NFAMILIES; f++)
		n += *families[f].count;
	return n;
}

const struct bh_rule *bh_rule_at(size_t i)
{
	for (size_t f = 0; f < NFAMILIES; f++) {
		if (i < *families[f].count)
			return &families[f].rules[i];
		i -= *families[f].count;
	}
	return NULL;
}

const struct bh_rule *bh_rule_find(const char *id)
{
	size_t n = bh_rule_count();
	for (size_t i = 0; i < n; i++) {
		const struct bh_rule *r = bh_rule_at(i);
		if (strcmp(r->id, id) == 0)
			return r;
	}
	return NULL;
}

/* Whether the comma-separated "list" names "id" exactly. */
static bool list_has(const char *list, const char *id)
{
	if (!list)
		return false;
	size_t idlen = strlen(id);
	const char *p = list;
	while (*p) {
		while (*p == ' ' || *p == ',')
			p++;
		const char *e = p;
		while (*e && *e != ',')
			e++;
		const char *t = e;
		while (t > p && t[-1] == ' ')
			t--;
		if ((size_t)(t - p) == idlen && strncmp(p, id, idlen) == 0)
			return true;
		p = e;
	}
	return false;
}

size_t bh_rule_find_peer(const char *peer_id, const struct bh_rule **out,
			 size_t max)
{
	size_t n = bh_rule_count(), k = 0;
	for (size_t i = 0; i < n && k < max; i++) {
		const struct bh_rule *r = bh_rule_at(i);
		if (list_has(r->hadolint, peer_id) || list_has(r->trivy, peer_id) ||
		    list_has(r->checkov, peer_id) || list_has(r->other, peer_id))
			out[k++] = r;
	}
	return k;
}

void bh_run_rules(struct bh_check *c, enum bh_target target)
{
	size_t n = bh_rule_count();
	for (size_t i = 0; i < n; i++) {
		const struct bh_rule *r = bh_rule_at(i);
		if (r->target != target || !r->check)
			continue;
		bool on = bh_config_rule_enabled(c->config, r);
		if (!on && !(r->flags & BH_RULE_HIDES))
			continue;
		/* an off secret rule still tells the report step what to
		 * mask (rule.h: BH_RULE_HIDES) */
		c->hide_only = !on;
		r->check(c, r);
		c->hide_only = false;
	}
}
