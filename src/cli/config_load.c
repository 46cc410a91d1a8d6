/* SPDX-License-Identifier: Apache-2.0
 *
 * config_load.c - reads .bulkhead.yaml (libfyaml) into a struct bh_config.
 *
 * Keys (all optional):
 *   ignore: [BH1012, DL3008]        rules never reported (peer ids mapped)
 *   enable: [BH1099]                off-by-default rules turned on
 *   severity: {BH1002: info}        per-rule severity overrides
 *   trusted-registries: [docker.io, "*.gcr.io"]
 *   profile: baseline | restricted  Kubernetes Pod Security profile
 * An unknown key or a wrong type is an error naming file:line, so a typo
 * never silently disables a setting.  Tests: tests/unit/core/test_config_load.c,
 * tests/cases/cli/config-*.case.
 */
#include "config_load.h"

#include <stdlib.h>
#include <string.h>

#include "../parse/yml.h"
#include "../rules/rule.h"
#include "../util/io.h"

static int node_line(const struct yml_node *n)
{
	return n ? n->line : 0;
}

static int node_col(const struct yml_node *n)
{
	return n ? n->col : 0;
}

static const char *scalar(const struct yml_node *n)
{
	return n && n->kind == YML_SCALAR ? n->str : NULL;
}

/* Adds rule ids (or peer ids mapped to ours) from a sequence. */
static int add_rule_list(const struct yml_node *seq, struct bh_strlist *out,
			 struct diag *d, const char *key)
{
	if (!yml_is_seq(seq))
		return diag_error(d, BH_EUSAGE, node_line(seq), node_col(seq),
				  "'%s' must be a list of rule ids", key);
	for (size_t i = 0; i < seq->n; i++) {
		const struct yml_node *item = seq->items[i];
		const char *id = scalar(item);
		if (!id)
			return diag_error(d, BH_EUSAGE, node_line(item), node_col(item),
					  "'%s' entries must be rule ids", key);
		const struct bh_rule *peers[16];
		size_t np = bh_rule_find_peer(id, peers, 16);
		if (bh_rule_find(id)) {
			if (bh_strlist_add(out, id))
				return BH_ENOMEM;
		} else if (np) {
			for (size_t j = 0; j < np; j++)
				if (bh_strlist_add(out, peers[j]->id))
					return BH_ENOMEM;
		} else {
			return diag_error(d, BH_EUSAGE, node_line(item), node_col(item),
					  "unknown rule id '%s'", id);
		}
	}
	return BH_OK;
}

static int add_overrides(const struct yml_node *map, struct bh_config *c,
			 struct diag *d)
{
	if (!yml_is_map(map))
		return diag_error(d, BH_EUSAGE, node_line(map), node_col(map),
				  "'severity' must map rule ids to severities");
	for (size_t i = 0; i < map->n; i++) {
		const struct yml_node *k = map->pairs[i].key, *v = map->pairs[i].value;
		const char *id = k ? scalar(k) : NULL;
		const char *sev = v ? scalar(v) : NULL;
		enum bh_severity s;
		if (!id || !bh_rule_find(id))
			return diag_error(d, BH_EUSAGE, node_line(k), node_col(k),
					  "unknown rule id '%s'", id ? id : "");
		if (!sev || bh_severity_parse(sev, &s) != 0)
			return diag_error(d, BH_EUSAGE, node_line(v), node_col(v),
					  "'%s' is not a severity (critical, high, medium, low, info)",
					  sev ? sev : "");
		if (bh_config_override(c, id, s))
			return BH_ENOMEM;
	}
	return BH_OK;
}

static int add_strings(const struct yml_node *seq, struct bh_strlist *out,
		       struct diag *d, const char *key)
{
	if (!yml_is_seq(seq))
		return diag_error(d, BH_EUSAGE, node_line(seq), node_col(seq),
				  "'%s' must be a list", key);
	for (size_t i = 0; i < seq->n; i++) {
		const struct yml_node *item = seq->items[i];
		const char *s = scalar(item);
		if (!s)
			return diag_error(d, BH_EUSAGE, node_line(item), node_col(item),
					  "'%s' entries must be strings", key);
		if (bh_strlist_add(out, s))
			return BH_ENOMEM;
	}
	return BH_OK;
}

static int apply_key(const char *key, const struct yml_node *v, struct bh_config *c,
		     struct diag *d, int line, int col)
{
	if (strcmp(key, "ignore") == 0)
		return add_rule_list(v, &c->ignored, d, key);
	if (strcmp(key, "enable") == 0)
		return add_rule_list(v, &c->enabled, d, key);
	if (strcmp(key, "severity") == 0)
		return add_overrides(v, c, d);
	if (strcmp(key, "trusted-registries") == 0 ||
	    strcmp(key, "trusted_registries") == 0 ||
	    strcmp(key, "trustedRegistries") == 0)
		return add_strings(v, &c->trusted_registries, d, key);
	if (strcmp(key, "profile") == 0) {
		const char *s = scalar(v);
		if (s && strcmp(s, "baseline") == 0)
			c->profile = BH_PROFILE_BASELINE;
		else if (s && strcmp(s, "restricted") == 0)
			c->profile = BH_PROFILE_RESTRICTED;
		else
			return diag_error(d, BH_EUSAGE, node_line(v), node_col(v),
					  "profile must be 'baseline' or 'restricted'");
		return BH_OK;
	}
	return diag_error(d, BH_EUSAGE, line, col,
			  "unknown key '%s' (known: ignore, enable, severity, trusted-registries, profile)",
			  key);
}

int config_load(const char *path, struct bh_config *c, struct diag *d)
{
	char *text = NULL;
	size_t len = 0;
	int rc = io_read_file(path, (size_t)1 << 20, &text, &len, d);
	if (rc != BH_OK)
		return rc;
	struct arena a;
	arena_init(&a, (size_t)16 << 20);
	struct yml_stream st;
	rc = yml_parse(&a, text, len, NULL, &st, d);
	free(text);
	if (rc != BH_OK)
		goto out;
	const struct yml_node *root = st.ndocs ? st.docs[0].root : NULL;
	if (!root || yml_is_null(root))
		goto out; /* empty file: defaults */
	if (!yml_is_map(root)) {
		rc = diag_error(d, BH_EUSAGE, node_line(root), node_col(root),
				"the configuration must be a mapping");
		goto out;
	}
	for (size_t i = 0; rc == BH_OK && i < root->n; i++) {
		const struct yml_node *k = root->pairs[i].key;
		const struct yml_node *v = root->pairs[i].value;
		const char *key = scalar(k);
		if (!key || !v) {
			rc = diag_error(d, BH_EUSAGE, node_line(k), node_col(k),
					"keys must be strings with values");
			break;
		}
		rc = apply_key(key, v, c, d, node_line(k), node_col(k));
	}
out:
	arena_free(&a);
	return rc;
}
