/* SPDX-License-Identifier: Apache-2.0
 *
 * cap_risk.c - the capability risk table shared by the Compose and
 * Kubernetes rule families (see cap_risk.h for why it is one table).
 *
 * This file owns, for every Linux capability and for "ALL": its risk
 * grade (Compose BH2014-BH2017 report exactly this; Kubernetes BH3004-
 * BH3007 report it for the rows marked k8s_by_risk), the Pod Security
 * Standards profile that still allows adding it, and the lookup by name
 * (any case, optional "CAP_" prefix).  It does not read models, walk
 * cap_drop, or decide which finding a family emits: rules_compose.c and
 * rules_k8s.c do.
 *
 * Rows that Kubernetes reports by their PSS category are reported at
 * that rule's severity, not at "sev": BH3008 is high (so BPF, SYS_RAWIO
 * and DAC_READ_SEARCH are critical in Compose but high in Kubernetes,
 * and SYS_NICE or NET_BROADCAST high in Kubernetes only), BH3009 is low
 * and runs only with --profile restricted (KILL, MKNOD...).  The cases
 * BH3008-capability-outside-baseline and BH3009-capability-not-restricted
 * pin that.
 *
 * Tests: tests/unit/rules/test_cap_risk.c (lookup, table invariants),
 * tests/cases/link/capability-grades-agree.case, and the BH201[4-7] /
 * BH300[4-9] cases.
 */
#include "cap_risk.h"

#include <strings.h>

/* Grades as the two families' tables had them; where both graded a
 * capability by risk they agreed.  PSS sets from the Pod Security
 * Standards: baseline allows AUDIT_WRITE, CHOWN, DAC_OVERRIDE, FOWNER,
 * FSETID, KILL, MKNOD, NET_BIND_SERVICE, SETFCAP, SETGID, SETPCAP,
 * SETUID, SYS_CHROOT; restricted only NET_BIND_SERVICE. */
const struct cap_risk cap_risk_table[] = {
	/* critical: each is a known way out to the host */
	{ "ALL",                BH_SEV_CRITICAL, CAP_PSS_NONE,       true  },
	{ "SYS_ADMIN",          BH_SEV_CRITICAL, CAP_PSS_NONE,       true  },
	{ "SYS_MODULE",         BH_SEV_CRITICAL, CAP_PSS_NONE,       true  },
	{ "SYS_RAWIO",          BH_SEV_CRITICAL, CAP_PSS_NONE,       false },
	{ "DAC_READ_SEARCH",    BH_SEV_CRITICAL, CAP_PSS_NONE,       false },
	{ "BPF",                BH_SEV_CRITICAL, CAP_PSS_NONE,       false },
	/* high: broad control over network, files, identities or the host */
	{ "NET_ADMIN",          BH_SEV_HIGH,     CAP_PSS_NONE,       true  },
	{ "NET_RAW",            BH_SEV_HIGH,     CAP_PSS_NONE,       true  },
	{ "DAC_OVERRIDE",       BH_SEV_HIGH,     CAP_PSS_BASELINE,   true  },
	{ "SETUID",             BH_SEV_HIGH,     CAP_PSS_BASELINE,   true  },
	{ "SETGID",             BH_SEV_HIGH,     CAP_PSS_BASELINE,   true  },
	{ "SETFCAP",            BH_SEV_HIGH,     CAP_PSS_BASELINE,   false },
	{ "SETPCAP",            BH_SEV_HIGH,     CAP_PSS_BASELINE,   false },
	{ "SYS_BOOT",           BH_SEV_HIGH,     CAP_PSS_NONE,       false },
	{ "SYS_TIME",           BH_SEV_HIGH,     CAP_PSS_NONE,       false },
	{ "MAC_ADMIN",          BH_SEV_HIGH,     CAP_PSS_NONE,       false },
	{ "MAC_OVERRIDE",       BH_SEV_HIGH,     CAP_PSS_NONE,       false },
	{ "LINUX_IMMUTABLE",    BH_SEV_HIGH,     CAP_PSS_NONE,       false },
	{ "SYSLOG",             BH_SEV_HIGH,     CAP_PSS_NONE,       false },
	{ "PERFMON",            BH_SEV_HIGH,     CAP_PSS_NONE,       false },
	{ "CHECKPOINT_RESTORE", BH_SEV_HIGH,     CAP_PSS_NONE,       false },
	{ "AUDIT_CONTROL",      BH_SEV_HIGH,     CAP_PSS_NONE,       false },
	/* medium: widen what a compromised process can do */
	{ "SYS_PTRACE",         BH_SEV_MEDIUM,   CAP_PSS_NONE,       true  },
	{ "CHOWN",              BH_SEV_MEDIUM,   CAP_PSS_BASELINE,   true  },
	{ "FOWNER",             BH_SEV_MEDIUM,   CAP_PSS_BASELINE,   false },
	{ "FSETID",             BH_SEV_MEDIUM,   CAP_PSS_BASELINE,   false },
	{ "MKNOD",              BH_SEV_MEDIUM,   CAP_PSS_BASELINE,   false },
	{ "SYS_CHROOT",         BH_SEV_MEDIUM,   CAP_PSS_BASELINE,   false },
	{ "AUDIT_WRITE",        BH_SEV_MEDIUM,   CAP_PSS_BASELINE,   false },
	{ "KILL",               BH_SEV_MEDIUM,   CAP_PSS_BASELINE,   false },
	{ "SYS_RESOURCE",       BH_SEV_MEDIUM,   CAP_PSS_NONE,       false },
	{ "SYS_NICE",           BH_SEV_MEDIUM,   CAP_PSS_NONE,       false },
	{ "IPC_LOCK",           BH_SEV_MEDIUM,   CAP_PSS_NONE,       false },
	{ "IPC_OWNER",          BH_SEV_MEDIUM,   CAP_PSS_NONE,       false },
	{ "SYS_PACCT",          BH_SEV_MEDIUM,   CAP_PSS_NONE,       false },
	{ "SYS_TTY_CONFIG",     BH_SEV_MEDIUM,   CAP_PSS_NONE,       false },
	{ "AUDIT_READ",         BH_SEV_MEDIUM,   CAP_PSS_NONE,       false },
	{ "LEASE",              BH_SEV_MEDIUM,   CAP_PSS_NONE,       false },
	{ "WAKE_ALARM",         BH_SEV_MEDIUM,   CAP_PSS_NONE,       false },
	{ "BLOCK_SUSPEND",      BH_SEV_MEDIUM,   CAP_PSS_NONE,       false },
	/* low: narrow, but more than an unprivileged process needs */
	{ "NET_BIND_SERVICE",   BH_SEV_LOW,      CAP_PSS_RESTRICTED, true  },
	{ "NET_BROADCAST",      BH_SEV_LOW,      CAP_PSS_NONE,       false },
};

const size_t cap_risk_count = sizeof(cap_risk_table) / sizeof(*cap_risk_table);

const struct cap_risk *cap_risk_find(const char *cap)
{
	if (!cap)
		return NULL;
	if (!strncasecmp(cap, "CAP_", 4))
		cap += 4;
	for (size_t i = 0; i < cap_risk_count; i++)
		if (!strcasecmp(cap, cap_risk_table[i].name))
			return &cap_risk_table[i];
	return NULL;
}

enum bh_severity cap_risk_severity(const char *cap, bool *known)
{
	const struct cap_risk *r = cap_risk_find(cap);
	if (known)
		*known = r != NULL;
	return r ? r->sev : BH_SEV_MEDIUM;
}
