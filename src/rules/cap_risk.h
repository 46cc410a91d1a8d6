/* SPDX-License-Identifier: Apache-2.0
 *
 * cap_risk.h - how dangerous each Linux capability is: the one table the
 * Compose (cap_add, BH2014-BH2017) and Kubernetes (capabilities.add,
 * BH3004-BH3009) rules both grade from.
 *
 * It exists so that a capability cannot be critical in one family and
 * high in the other (tests/cases/link/capability-grades-agree.case): the
 * two families used to keep a grade table each.  What only Kubernetes
 * needs -- the Pod Security Standards category and whether the Kubernetes
 * rules report the capability by its risk or by that category -- sits in
 * the same row, not in a list of its own in rules_k8s.c: adding a
 * capability is then one row, and there is no second list of names to
 * fall out of step with this one.
 *
 * Nothing here allocates: the rows are static and const, the returned
 * pointers stay valid for the program's life, and the caller owns the
 * names it passes in.  Tests: tests/unit/rules/test_cap_risk.c and the
 * BH201[4-7] / BH300[4-9] cases.
 */
#ifndef BH_CAP_RISK_H
#define BH_CAP_RISK_H

#include <stdbool.h>
#include <stddef.h>

#include "../core/finding.h"

/* The strictest Pod Security Standards profile that still lets a
 * container add the capability. */
enum cap_pss {
	CAP_PSS_NONE = 0,      /* not even baseline (Kubernetes: BH3008) */
	CAP_PSS_BASELINE,      /* baseline, not restricted (BH3009) */
	CAP_PSS_RESTRICTED,    /* restricted too: NET_BIND_SERVICE only */
};

struct cap_risk {
	const char *name;      /* upper case, without "CAP_" ("ALL" too) */
	enum bh_severity sev;  /* the risk of adding it, LOW..CRITICAL */
	enum cap_pss pss;
	/* Kubernetes reports it by "sev" (BH3004-BH3007, the capabilities
	 * those rows and their peer checks name); when false, by "pss":
	 * BH3008 (high) outside the baseline set, BH3009 (low, restricted
	 * profile) inside it.  Compose always reports by "sev". */
	bool k8s_by_risk;
};

/* Every row, ordered by sev (critical first); names are unique. */
extern const struct cap_risk cap_risk_table[];
extern const size_t cap_risk_count;

/* The row of capability "cap": any case, with or without a "CAP_"
 * prefix ("cap_sys_admin", "SYS_ADMIN", "ALL", "CAP_ALL").  NULL for a
 * name the table does not hold, and for NULL. */
const struct cap_risk *cap_risk_find(const char *cap);

/* The risk of adding capability "cap" (as for cap_risk_find).  A name
 * the table does not hold (a typo, or a capability newer than this
 * table) is medium: not ignored, not alarming.  When "known" is not
 * NULL it is set to whether the table holds the name. */
enum bh_severity cap_risk_severity(const char *cap, bool *known);

#endif
