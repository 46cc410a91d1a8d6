/* SPDX-License-Identifier: Apache-2.0
 *
 * scan.h - the per-input pipeline's shared step: run the rules, apply
 * inline ignores, append the findings (scan.c).
 *
 * Every input kind (scan_df.c, scan_compose.c, scan_k8s.c; the image
 * command for its checks) reads, detects its kind (formats.c), parses
 * (src/parse) and builds its model (src/model), then hands the model to
 * bh_scan_check() (the image command too, with its model from
 * src/image): the rules of its target run through the installed rule
 * set (check.h), each file's own inline pragmas drop what they cover, and
 * what is left, with every hide, is appended to the run's list.
 *
 * Memory: everything is borrowed for the call; findings are heap copies
 * owned by "out".  Tests: tests/unit/core/test_scan.c.
 */
#ifndef BH_SCAN_H
#define BH_SCAN_H

#include <stdbool.h>
#include <stddef.h>

#include "check.h"
#include "config.h"
#include "finding.h"
#include "ignore.h"

/* One file of an input whose pragmas apply to the findings in it: the
 * input itself, or (Compose) each -f file and each file read for
 * extends:. */
struct bh_scan_unit {
	const char *path;              /* as reported: findings' file */
	const char *text;
	size_t len;
	ignore_unit_end_fn unit_end;   /* the block a pragma covers */
	void *unit_ctx;
	/* Dockerfile: its "# check=" directive (NULL: none) */
	const char *check;
	int check_line;
};

/* Runs the rules of "target" over the model set in "c" (c->out is
 * replaced by a list of the call's own), then for each of units[0..n)
 * (a path given twice counts once) keeps its findings that its pragmas
 * do not cover (all when cfg->no_inline_ignores) and appends them to
 * "out", in rule order; every hide is appended too, ignored or not.
 * With no unit (n 0: an image, no file holds pragmas) every finding is
 * kept; with one, every finding is its file's (moved, not copied).
 * Returns BH_OK, the first BH_E* a check met, or BH_ENOMEM. */
int bh_scan_check(struct bh_check *c, enum bh_target target,
		  const struct bh_scan_unit *units, size_t n,
		  struct bh_findings *out, struct bh_strlist *warnings);

#endif
