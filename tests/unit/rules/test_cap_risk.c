/* SPDX-License-Identifier: Apache-2.0
 *
 * test_cap_risk.c - the capability risk table shared by the Compose and
 * Kubernetes rules (src/rules/cap_risk.c): lookup by name (any case,
 * optional CAP_ prefix, unknown names), and the table's invariants: one
 * row per Linux capability plus ALL, unique upper-case names, grades in
 * order, the Pod Security Standards sets, and which capabilities the
 * Kubernetes rules grade by risk.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <string.h>

#include "core/finding.h"
#include "rules/cap_risk.h"

#define N(a) (sizeof(a) / sizeof(*(a)))

/* capability(7), Linux 5.9+ */
static const char *const linux_caps[] = {
	"CHOWN", "DAC_OVERRIDE", "DAC_READ_SEARCH", "FOWNER", "FSETID",
	"KILL", "SETGID", "SETUID", "SETPCAP", "LINUX_IMMUTABLE",
	"NET_BIND_SERVICE", "NET_BROADCAST", "NET_ADMIN", "NET_RAW",
	"IPC_LOCK", "IPC_OWNER", "SYS_MODULE", "SYS_RAWIO", "SYS_CHROOT",
	"SYS_PTRACE", "SYS_PACCT", "SYS_ADMIN", "SYS_BOOT", "SYS_NICE",
	"SYS_RESOURCE", "SYS_TIME", "SYS_TTY_CONFIG", "MKNOD", "LEASE",
	"AUDIT_WRITE", "AUDIT_CONTROL", "SETFCAP", "MAC_OVERRIDE",
	"MAC_ADMIN", "SYSLOG", "WAKE_ALARM", "BLOCK_SUSPEND", "AUDIT_READ",
	"PERFMON", "BPF", "CHECKPOINT_RESTORE",
};

/* Pod Security Standards, baseline "Capabilities" control */
static const char *const pss_baseline[] = {
	"AUDIT_WRITE", "CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID", "KILL",
	"MKNOD", "NET_BIND_SERVICE", "SETFCAP", "SETGID", "SETPCAP",
	"SETUID", "SYS_CHROOT",
};

/* the capabilities BH3004-BH3007 name (their cases pin them) */
static const char *const k8s_by_risk[] = {
	"ALL", "SYS_ADMIN", "SYS_MODULE", "NET_ADMIN", "NET_RAW",
	"DAC_OVERRIDE", "SETUID", "SETGID", "SYS_PTRACE", "CHOWN",
	"NET_BIND_SERVICE",
};

static bool in(const char *const *v, size_t n, const char *s)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(v[i], s))
			return true;
	return false;
}

static void finds_any_case_and_prefix(void **state)
{
	(void)state;
	const struct cap_risk *r = cap_risk_find("SYS_ADMIN");
	assert_non_null(r);
	assert_string_equal(r->name, "SYS_ADMIN");
	assert_ptr_equal(cap_risk_find("sys_admin"), r);
	assert_ptr_equal(cap_risk_find("CAP_SYS_ADMIN"), r);
	assert_ptr_equal(cap_risk_find("cap_Sys_Admin"), r);
	assert_ptr_equal(cap_risk_find("CAP_ALL"), cap_risk_find("all"));
	assert_int_equal(cap_risk_find("ALL")->sev, BH_SEV_CRITICAL);
}

static void grades(void **state)
{
	(void)state;
	bool known = false;
	assert_int_equal(cap_risk_severity("SYS_MODULE", &known),
			 BH_SEV_CRITICAL);
	assert_true(known);
	assert_int_equal(cap_risk_severity("bpf", NULL), BH_SEV_CRITICAL);
	assert_int_equal(cap_risk_severity("CAP_NET_RAW", NULL), BH_SEV_HIGH);
	assert_int_equal(cap_risk_severity("NET_ADMIN", NULL), BH_SEV_HIGH);
	assert_int_equal(cap_risk_severity("SYS_PTRACE", NULL), BH_SEV_MEDIUM);
	assert_int_equal(cap_risk_severity("KILL", NULL), BH_SEV_MEDIUM);
	assert_int_equal(cap_risk_severity("NET_BIND_SERVICE", NULL),
			 BH_SEV_LOW);
}

static void unknown_names_are_medium(void **state)
{
	(void)state;
	static const char *const bad[] = {
		"FOO", "", "CAP_", "CAP_CAP_SYS_ADMIN", "SYS_ADMIN_X",
		"SYS_ADMIN ", " SYS_ADMIN", "CAP", "ALLL",
	};
	for (size_t i = 0; i < N(bad); i++) {
		bool known = true;
		assert_null(cap_risk_find(bad[i]));
		assert_int_equal(cap_risk_severity(bad[i], &known),
				 BH_SEV_MEDIUM);
		assert_false(known);
	}
	bool known = true;
	assert_null(cap_risk_find(NULL));
	assert_int_equal(cap_risk_severity(NULL, &known), BH_SEV_MEDIUM);
	assert_false(known);
}

static void one_row_per_capability(void **state)
{
	(void)state;
	assert_int_equal(cap_risk_count, N(linux_caps) + 1);
	for (size_t i = 0; i < N(linux_caps); i++)
		assert_non_null(cap_risk_find(linux_caps[i]));
	assert_non_null(cap_risk_find("ALL"));
	for (size_t i = 0; i < cap_risk_count; i++) {
		const char *name = cap_risk_table[i].name;
		assert_non_null(name);
		assert_true(strncmp(name, "CAP_", 4) != 0);
		for (const char *p = name; *p; p++)
			assert_true((*p >= 'A' && *p <= 'Z') || *p == '_');
		for (size_t k = 0; k < i; k++)
			assert_string_not_equal(name, cap_risk_table[k].name);
	}
}

static void grades_in_order(void **state)
{
	(void)state;
	for (size_t i = 0; i < cap_risk_count; i++) {
		enum bh_severity s = cap_risk_table[i].sev;
		assert_true(s >= BH_SEV_LOW && s <= BH_SEV_CRITICAL);
		if (i)
			assert_true(s <= cap_risk_table[i - 1].sev);
	}
}

static void pss_sets(void **state)
{
	(void)state;
	for (size_t i = 0; i < cap_risk_count; i++) {
		const struct cap_risk *r = &cap_risk_table[i];
		enum cap_pss want = CAP_PSS_NONE;
		if (!strcmp(r->name, "NET_BIND_SERVICE"))
			want = CAP_PSS_RESTRICTED;
		else if (in(pss_baseline, N(pss_baseline), r->name))
			want = CAP_PSS_BASELINE;
		assert_int_equal(r->pss, want);
		/* restricted allows it: Kubernetes can only grade it */
		if (r->pss == CAP_PSS_RESTRICTED)
			assert_true(r->k8s_by_risk);
	}
}

static void k8s_grades_the_named_ones_by_risk(void **state)
{
	(void)state;
	for (size_t i = 0; i < cap_risk_count; i++) {
		const struct cap_risk *r = &cap_risk_table[i];
		assert_int_equal(r->k8s_by_risk,
				 in(k8s_by_risk, N(k8s_by_risk), r->name));
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(finds_any_case_and_prefix),
		cmocka_unit_test(grades),
		cmocka_unit_test(unknown_names_are_medium),
		cmocka_unit_test(one_row_per_capability),
		cmocka_unit_test(grades_in_order),
		cmocka_unit_test(pss_sets),
		cmocka_unit_test(k8s_grades_the_named_ones_by_risk),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
