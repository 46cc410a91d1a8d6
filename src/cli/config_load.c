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
 * never silently disables a setting.  Tests: tests/cases/cli/config-*.case.
 */
#include "config_load.h"

#include <libfyaml.h>
#include <string.h>

#include "../rules/rule.h"

static int node_line(struct fy_node *n)
{
	const struct fy_mark *m = fy_node_get_start_mark(n);
	return m ? m->line + 1 : 0;
}

static int node_col(struct fy_node *n)
{
	const struct fy_mark *m = fy_node_get_start_mark(n);
	return m ? m->column + 1 : 0;
}

/* Adds rule ids (or peer ids mapped to ours) from a sequence. */
static int add_rule_list(struct fy_node *seq, struct bh_strlist *out,
			 struct diag *d, const char *key)
{
	if (fy_node_get_type(seq) != FYNT_SEQUENCE)
		return diag_error(d, BH_EUSAGE, node_line(seq), node_col(seq),
				  "'%s' must be a list of rule ids", key);
	void *it = NULL;
	struct fy_node *item;
	while ((item = fy_node_sequence_iterate(seq, &it))) {
		const char *id = fy_node_get_scalar0(item);
		if (!id)
			return diag_error(d, BH_EUSAGE, node_line(item), node_col(item),
					  "'%s' entries must be rule ids", key);
		const struct bh_rule *peers[16];
		size_t np = bh_rule_find_peer(id, peers, 16);
		if (bh_rule_find(id)) {
			if (bh_strlist_add(out, id))
				return BH_ENOMEM;
		} else if (np) {
			for (size_t i = 0; i < np; i++)
				if (bh_strlist_add(out, peers[i]->id))
					return BH_ENOMEM;
		} else {
			return diag_error(d, BH_EUSAGE, node_line(item), node_col(item),
					  "unknown rule id '%s'", id);
		}
	}
	return BH_OK;
}

static int add_overrides(struct fy_node *map, struct bh_config *c,
			 struct diag *d)
{
	if (fy_node_get_type(map) != FYNT_MAPPING)
		return diag_error(d, BH_EUSAGE, node_line(map), node_col(map),
				  "'severity' must map rule ids to severities");
	void *it = NULL;
	struct fy_node_pair *p;
	while ((p = fy_node_mapping_iterate(map, &it))) {
		struct fy_node *k = fy_node_pair_key(p), *v = fy_node_pair_value(p);
		const char *id = k ? fy_node_get_scalar0(k) : NULL;
		const char *sev = v ? fy_node_get_scalar0(v) : NULL;
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

static int add_strings(struct fy_node *seq, struct bh_strlist *out,
		       struct diag *d, const char *key)
{
	if (fy_node_get_type(seq) != FYNT_SEQUENCE)
		return diag_error(d, BH_EUSAGE, node_line(seq), node_col(seq),
				  "'%s' must be a list", key);
	void *it = NULL;
	struct fy_node *item;
	while ((item = fy_node_sequence_iterate(seq, &it))) {
		const char *s = fy_node_get_scalar0(item);
		if (!s)
			return diag_error(d, BH_EUSAGE, node_line(item), node_col(item),
					  "'%s' entries must be strings", key);
		if (bh_strlist_add(out, s))
			return BH_ENOMEM;
	}
	return BH_OK;
}

static int apply_key(const char *key, struct fy_node *v, struct bh_config *c,
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
		const char *s = fy_node_get_scalar0(v);
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
	struct fy_parse_cfg cfg = { .flags = FYPCF_QUIET | FYPCF_RESOLVE_DOCUMENT };
	struct fy_document *doc = fy_document_build_from_file(&cfg, path);
	if (!doc)
		return diag_error(d, BH_EPARSE, 0, 0,
				  "cannot read or parse as YAML");
	int rc = BH_OK;
	struct fy_node *root = fy_document_root(doc);
	if (!root)
		goto out; /* empty file: defaults */
	if (fy_node_get_type(root) != FYNT_MAPPING) {
		rc = diag_error(d, BH_EUSAGE, node_line(root), node_col(root),
				"the configuration must be a mapping");
		goto out;
	}
	void *it = NULL;
	struct fy_node_pair *p;
	while (rc == BH_OK && (p = fy_node_mapping_iterate(root, &it))) {
		struct fy_node *k = fy_node_pair_key(p);
		const char *key = k ? fy_node_get_scalar0(k) : NULL;
		struct fy_node *v = fy_node_pair_value(p);
		if (!key || !v) {
			rc = diag_error(d, BH_EUSAGE, k ? node_line(k) : 0, 0,
					"keys must be strings with values");
			break;
		}
		rc = apply_key(key, v, c, d, node_line(k), node_col(k));
	}
out:
	fy_document_destroy(doc);
	return rc;
}
