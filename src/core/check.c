/* SPDX-License-Identifier: Apache-2.0
 *
 * check.c - the installed rule set (check.h).
 *
 * This file owns the one pointer to the rule set the CLI installs and
 * the empty set answered before it does (no rule, no id known), so core
 * runs and links without src/rules.
 * Tests: tests/unit/core/test_scan.c.
 */
#include "check.h"

static size_t none_count(void)
{
	return 0;
}

static const struct bh_rule *none_at(size_t i)
{
	(void)i;
	return NULL;
}

static size_t none_resolve(const char *id, const struct bh_rule **out,
			   size_t max)
{
	(void)id;
	(void)out;
	(void)max;
	return 0;
}

static bool none_known(const char *id)
{
	(void)id;
	return false;
}

static void none_run(struct bh_check *c, enum bh_target target)
{
	(void)c;
	(void)target;
}

static const struct bh_ruleset none = {
	none_count, none_at, none_resolve, none_known, none_run,
};

/* Set before any worker thread starts, read-only afterwards. */
static const struct bh_ruleset *installed = &none;

void bh_ruleset_use(const struct bh_ruleset *rs)
{
	installed = rs ? rs : &none;
}

const struct bh_ruleset *bh_ruleset(void)
{
	return installed;
}
