/* SPDX-License-Identifier: Apache-2.0
 *
 * config.h - the run's settings: .bulkhead.yaml merged with the command line.
 *
 * Contract: a struct bh_config is built by the CLI (src/cli/config_load.c),
 * read by checks through struct bh_check, and freed with bh_config_free().
 * All strings are heap copies owned by the config.
 */
#ifndef BH_CONFIG_H
#define BH_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

#include "finding.h"

struct bh_rule;

enum bh_profile {
	BH_PROFILE_BASELINE = 0,
	BH_PROFILE_RESTRICTED = 1,
};

struct bh_severity_override {
	char *rule_id;
	enum bh_severity severity;
};

struct bh_strlist {
	char **v;
	size_t n;
};

struct pins;

struct bh_config {
	struct bh_strlist ignored;            /* rule ids never reported */
	struct bh_strlist enabled;            /* off-by-default rules turned on */
	struct bh_strlist trusted_registries; /* globs; empty = all trusted */
	struct bh_severity_override *overrides;
	size_t noverrides;
	enum bh_profile profile;              /* Kubernetes PSS profile;
						 restricted unless set */
	bool no_inline_ignores;               /* --disable-ignore-pragma */
	/* `bulkhead fix` (docs/fix.md): run the rules' fixes, and the
	 * defaults a fix uses for what it cannot know (.bulkhead.yaml
	 * "fix:" mapping: uid, memory, pids) */
	bool fix;
	long fix_uid;                         /* 10001 */
	char fix_memory[32];                  /* "512M" */
	long fix_pids;                        /* 100 */
	bool fix_uid_set, fix_memory_set, fix_pids_set; /* from the file */
	/* `fix --pins FILE`: image digests (src/parse/pins.h), owned by
	 * the caller (src/cli/cmd_fix.c), NULL when not given */
	const struct pins *fix_pins;
};

void bh_config_init(struct bh_config *c);
void bh_config_free(struct bh_config *c);
int bh_strlist_add(struct bh_strlist *l, const char *s);
bool bh_strlist_has(const struct bh_strlist *l, const char *s);
void bh_strlist_free(struct bh_strlist *l);
/* Whether rule "r" runs under this config (ignored, off-by-default, PSS
 * profile). */
bool bh_config_rule_enabled(const struct bh_config *c, const struct bh_rule *r);
/* The severity rule "r" reports at (its own unless overridden). */
enum bh_severity bh_config_severity(const struct bh_config *c,
				    const struct bh_rule *r);
int bh_config_override(struct bh_config *c, const char *rule_id,
		       enum bh_severity sev);
/* fnmatch-style glob match of a registry host against the trusted list;
 * true when the list is empty. */
bool bh_config_registry_trusted(const struct bh_config *c, const char *registry);

#endif
