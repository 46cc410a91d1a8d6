/* SPDX-License-Identifier: Apache-2.0
 *
 * test_peer_ids.c - peer ids in every spelling users have in their files
 * (src/rules/rule_table.c): the canonical form, equality between
 * spellings, what bh_rule_resolve() maps each spelling to, the mappings
 * issue 8 corrected (a peer id maps only to rules that fire on what the
 * peer flags), that every peer id in the table resolves back to its own
 * rule, and which ids are real peer ids (peer_catalog.c).  And our retired
 * ids: BH5001-BH5023 name the Compose rows that took them over (one
 * rule, several inputs), none is a live row's id again, and every row
 * they name judges running containers.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "core/finding.h"
#include "rules/rule.h"

static void canon(const char *in, const char *want)
{
	char buf[128];
	bh_peer_id_canon(in, buf, sizeof(buf));
	if (strcmp(buf, want) != 0)
		fail_msg("canon(%s) = %s, want %s", in, buf, want);
}

static void canonical_forms(void **state)
{
	(void)state;
	canon("DS002", "DS-2");
	canon("DS-0002", "DS-2");
	canon("AVD-DS-0002", "DS-2");
	canon("avd-ds-0002", "DS-2");
	canon("ds002", "DS-2");
	canon("KSV001", "KSV-1");
	canon("KSV-0001", "KSV-1");
	canon("AVD-KSV-0001", "KSV-1");
	canon("KSV-01010", "KSV-1010");
	canon("KSV-0110", "KSV-110");
	canon("DKL-LI-0003", "DKL-LI-3");
	canon("DL3008", "DL-3008");
	canon("CKV_K8S_28", "CKV_K8S_28");
	canon("ckv2_docker_1", "CKV2_DOCKER_1");
	canon("BuildKit:JSONArgsRecommended", "BUILDKIT:JSONARGSRECOMMENDED");
	canon("AVD-", "AVD-");
	canon("DS-", "DS-");
	canon("", "");
	/* no overflow on long input */
	char long_id[300];
	memset(long_id, 'A', sizeof(long_id) - 1);
	long_id[sizeof(long_id) - 1] = 0;
	char buf[16];
	bh_peer_id_canon(long_id, buf, sizeof(buf));
	assert_int_equal(strlen(buf), 15);
}

static void equal_spellings(void **state)
{
	(void)state;
	assert_true(bh_peer_id_equal("DS-0002", "DS002"));
	assert_true(bh_peer_id_equal("DS002", "AVD-DS-0002"));
	assert_true(bh_peer_id_equal("KSV-0001", "ksv001"));
	assert_true(bh_peer_id_equal("BuildKit:StageNameCasing", "StageNameCasing"));
	assert_true(bh_peer_id_equal("kube-linter:host-network", "KUBE-LINTER:host-network"));
	assert_false(bh_peer_id_equal("KSV-0110", "KSV-01010"));
	assert_false(bh_peer_id_equal("DS-0002", "DS-0020"));
	assert_false(bh_peer_id_equal("DS-0002", "KSV-0002"));
	/* a bare name never matches an entry of another shape */
	assert_false(bh_peer_id_equal("BuildKit:StageNameCasing", "Stage"));
	assert_false(bh_peer_id_equal("DS-0002", "Dockle:DS-0002"));
}

/* The ids "id" resolves to, as a comma-separated list in table order. */
static void resolves(const char *id, const char *want)
{
	const struct bh_rule *r[64];
	size_t n = bh_rule_resolve(id, r, 64);
	char got[512] = "";
	for (size_t i = 0; i < n; i++) {
		if (i)
			strcat(got, ",");
		strcat(got, r[i]->id);
	}
	if (strcmp(got, want) != 0)
		fail_msg("resolve(%s) = [%s], want [%s]", id, got, want);
}

static void resolve_spellings(void **state)
{
	(void)state;
	/* DS-0002 is BH1001 (Dockerfile) and BH4001 (image history) */
	resolves("DS002", "BH1001,BH4001");
	resolves("DS-0002", "BH1001,BH4001");
	resolves("AVD-DS-0002", "BH1001,BH4001");
	resolves("ds-0002", "BH1001,BH4001");
	resolves("KSV001", "BH3023");
	resolves("KSV-0001", "BH3023");
	resolves("AVD-KSV-0001", "BH3023");
	resolves("ksv-0001", "BH3023");
	resolves("bh1001", "BH1001");
	resolves("BH1001", "BH1001");
	resolves("dl3008", "BH1100");
	resolves("JSONArgsRecommended", "BH1040");
	resolves("BuildKit:JSONArgsRecommended", "BH1040");
	resolves("BH9999", "");
	resolves("DS-9999", "");
	resolves("", "");
}

static void corrected_mappings(void **state)
{
	(void)state;
	resolves("CKV_K8S_28", "BH3010");
	resolves("kube-linter:drop-net-raw-capability", "BH3010");
	resolves("CKV_K8S_35", "");
	resolves("kubesec:SecretsAsEnvironmentVariables", "");
	resolves("kube-linter:read-secret-from-env-var", "");
	resolves("DS-0005", "BH1253");
	resolves("DL3064", "BH1202,BH1203");
	resolves("DS-0031", "BH1202,BH1203");
	resolves("SecretsUsedInArgOrEnv", "BH1202,BH1203");
	resolves("DS-0001", "BH1010,BH1011");
	resolves("KSV-0121", "BH3012");
	resolves("DKL-LI-0003", "BH4015");
	resolves("DL4007", "BH1255");
	const struct bh_rule *r = bh_rule_find("BH1124");
	assert_non_null(r);
	assert_string_equal(r->cis, "4.11");
}

/* Every id of every peer column resolves to (at least) its own rule. */
static void table_ids_resolve_to_their_rule(void **state)
{
	(void)state;
	size_t n = bh_rule_count();
	for (size_t i = 0; i < n; i++) {
		const struct bh_rule *r = bh_rule_at(i);
		const char *cols[] = { r->hadolint, r->trivy, r->checkov, r->other };
		for (size_t c = 0; c < 4; c++) {
			const char *p = cols[c];
			while (p && *p) {
				while (*p == ' ' || *p == ',')
					p++;
				size_t k = strcspn(p, ",");
				char id[128];
				size_t m = k < sizeof(id) - 1 ? k : sizeof(id) - 1;
				memcpy(id, p, m);
				while (m && id[m - 1] == ' ')
					m--;
				id[m] = 0;
				p += k;
				if (!m)
					continue;
				const struct bh_rule *got[64];
				size_t ng = bh_rule_resolve(id, got, 64);
				bool found = false;
				for (size_t g = 0; g < ng; g++)
					found = found || got[g] == r;
				if (!found)
					fail_msg("%s of %s does not resolve to it", id, r->id);
			}
		}
	}
}

static void peer_catalogue(void **state)
{
	(void)state;
	/* real ids of the peers, mapped or not, in any spelling */
	static const char *const known[] = {
		"DL3059", "dl3029", "DL4007", "DL1001", "SC2086", "SC1091",
		"DS-0002", "AVD-DS-0029", "DS024", "KSV-0041", "AVD-KSV-01010",
		"KSV0125", "CKV_K8S_35", "ckv2_docker_17", "CKV2_K8S_6",
		"DKL-LI-0003", "Dockle:CIS-DI-0011",
	};
	static const char *const unknown[] = {
		"DL9999", "DL3078", "DL4002", "DS-0003", "DS-0032", "KSV-0019",
		"KSV-0999", "CKV_K8S_160", "CKV_DOCKER_12", "CIS-DI-0012",
		"SC", "DS-", "BH1001", "generic-secret", "", "CKV_K8S_",
	};
	for (size_t i = 0; i < sizeof(known) / sizeof(*known); i++)
		if (!bh_peer_id_known(known[i]))
			fail_msg("%s should be a known peer id", known[i]);
	for (size_t i = 0; i < sizeof(unknown) / sizeof(*unknown); i++)
		if (bh_peer_id_known(unknown[i]))
			fail_msg("%s should not be a known peer id", unknown[i]);
}

static void retired_ids(void **state)
{
	(void)state;
	const struct bh_rule *got[8];
	assert_int_equal(bh_rule_resolve("bh5005", got, 8), 1);
	assert_string_equal(got[0]->id, "BH2018");
	assert_int_equal(bh_rule_resolve("BH5007", got, 8), 4);
	assert_string_equal(got[0]->id, "BH2014");
	assert_string_equal(got[3]->id, "BH2017");
	assert_int_equal(bh_rule_resolve("BH5007", got, 2), 2);
	assert_int_equal(bh_rule_resolve("BH5001", got, 8), 1);
	assert_string_equal(got[0]->id, "BH2001");
	/* a live id is itself, not retired; the daemon rows live on */
	assert_int_equal(bh_rule_retired("BH2018", got, 8), 0);
	assert_int_equal(bh_rule_retired("BH5101", got, 8), 0);
	assert_int_equal(bh_rule_retired("BH5024", got, 8), 0);
	assert_non_null(bh_rule_find("BH5101"));
	for (int n = 5001; n <= 5023; n++) {
		char id[16];
		snprintf(id, sizeof(id), "BH%d", n);
		if (bh_rule_find(id))
			fail_msg("%s is retired but a row has it again", id);
		size_t k = bh_rule_retired(id, got, 8);
		if (!k)
			fail_msg("%s names no row", id);
		for (size_t i = 0; i < k; i++)
			if (got[i]->target != BH_TARGET_COMPOSE || !got[i]->check2 ||
			    got[i]->target2 != BH_TARGET_RUNTIME || !got[i]->fix2)
				fail_msg("%s names %s, which does not judge running "
					 "containers", id, got[i]->id);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(canonical_forms),
		cmocka_unit_test(equal_spellings),
		cmocka_unit_test(resolve_spellings),
		cmocka_unit_test(corrected_mappings),
		cmocka_unit_test(table_ids_resolve_to_their_rule),
		cmocka_unit_test(peer_catalogue),
		cmocka_unit_test(retired_ids),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
