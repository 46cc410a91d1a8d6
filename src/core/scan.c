/* SPDX-License-Identifier: Apache-2.0
 *
 * scan.c - the pipeline step every input kind shares: rules, then inline
 * ignores, then the run's findings (scan.h).
 *
 * This file owns the order of that step: checks write to a list of the
 * input's own; each file of the input has its pragmas applied to its own
 * findings only (a pragma in one -f file says nothing of another's); the
 * kept findings and all hides go to the run.  Reading, kind detection
 * (formats.c), parsing and model building are the kinds' front ends
 * (scan_df.c, scan_compose.c, scan_k8s.c); it holds no rule.
 * Tests: tests/unit/core/test_scan.c, tests/cases/ (every rule),
 * tests/cases/cli/ignore-*.case.
 */
#include "scan.h"

#include <string.h>

#include "../util/diag.h"

static int keep_unit(const struct bh_findings *all,
		     const struct bh_scan_unit *u, bool apply,
		     struct bh_findings *out, struct bh_strlist *warnings)
{
	struct bh_findings mine = { 0 };
	int rc = BH_OK;
	for (size_t i = 0; i < all->n && rc == BH_OK; i++)
		if (!strcmp(all->v[i].file, u->path))
			rc = bh_findings_add(&mine, &all->v[i]);
	if (rc == BH_OK && apply)
		ignore_apply(u->path, u->text, u->len, &mine, 0, u->unit_end,
			     u->unit_ctx, warnings);
	if (rc == BH_OK && u->check)
		ignore_check_directive(u->path, u->check, u->check_line,
				       apply, &mine, 0, warnings);
	for (size_t i = 0; i < mine.n && rc == BH_OK; i++)
		rc = bh_findings_add(out, &mine.v[i]);
	bh_findings_free(&mine);
	return rc;
}

int bh_scan_check(struct bh_check *c, enum bh_target target,
		  const struct bh_scan_unit *units, size_t n,
		  struct bh_findings *out, struct bh_strlist *warnings)
{
	struct bh_findings tmp = { 0 };
	c->out = &tmp;
	bh_ruleset()->run(c, target);
	c->out = NULL;
	int rc = c->error;
	bool apply = !c->config->no_inline_ignores;
	if (rc == BH_OK && n <= 1) {
		/* one file (or none: an image): its pragmas filter the list
		 * in place, which then moves to the run without a copy */
		if (n && apply)
			ignore_apply(units[0].path, units[0].text, units[0].len,
				     &tmp, 0, units[0].unit_end,
				     units[0].unit_ctx, warnings);
		if (n && units[0].check)
			ignore_check_directive(units[0].path, units[0].check,
					       units[0].check_line, apply, &tmp,
					       0, warnings);
		rc = bh_findings_take(out, &tmp);
		bh_findings_free(&tmp);
		return rc;
	}
	for (size_t i = 0; i < n && rc == BH_OK; i++) {
		bool dup = false;
		for (size_t j = 0; j < i && !dup; j++)
			dup = !strcmp(units[j].path, units[i].path);
		if (!dup)
			rc = keep_unit(&tmp, &units[i], apply, out, warnings);
	}
	if (rc == BH_OK)  /* the secret values to mask, ignored or not */
		rc = bh_findings_take_hides(out, &tmp);
	bh_findings_free(&tmp);
	return rc;
}
