/* SPDX-License-Identifier: Apache-2.0
 *
 * fuzz_compose.c - libFuzzer target: bytes -> YAML -> merged Compose
 * model -> Compose rules, through cmp_scan_merged() exactly as a scan
 * does.  The input is also split at its first form feed into two files
 * merged as `-f a -f b`, so the merge code sees hostile trees too.
 * Built by fuzz/run.sh with every fuzz/fuzz_*.c.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/config.h"
#include "core/finding.h"
#include "core/scan_compose.h"
#include "report/mask.h"
#include "rules/rule.h"
#include "util/diag.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
const char *__lsan_default_suppressions(void);

/* libfyaml 0.7.12 leaks its scalar buffer on an unterminated single-quoted
 * scalar with many '' escapes (reproduced with libfyaml alone); not ours
 * to fix, so LeakSanitizer ignores leaks allocated inside libfyaml. */
const char *__lsan_default_suppressions(void)
{
	return "leak:libfyaml.so\n";
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* the pipeline runs the rules through the installed set */
	bh_ruleset_use(&bh_rules_all);
	if (size > (1u << 20))
		return 0;
	char *text = malloc(size + 1);
	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	struct bh_input in[2] = {
		{ "a.yml", NULL, text, size, true },
		{ "b.yml", NULL, "", 0, true },
	};
	size_t n = 1;
	char *ff = memchr(text, '\f', size);
	if (ff) {
		*ff = '\0';
		in[0].len = (size_t)(ff - text);
		in[1].text = ff + 1;
		in[1].len = size - in[0].len - 1;
		n = 2;
	}
	struct bh_config cfg;
	bh_config_init(&cfg);
	/* the off-by-default rules run too */
	bh_strlist_add(&cfg.enabled, "BH2021");
	bh_strlist_add(&cfg.enabled, "BH2023");
	bh_strlist_add(&cfg.enabled, "BH2036");
	/* a policy, so its rules (rules_policy.c) judge hostile models */
	bh_strlist_add(&cfg.policy.registries, "registry.example.com");
	bh_strlist_add(&cfg.policy.registries, "docker.io/library");
	bh_strlist_add(&cfg.policy.base_images, "debian-slim");
	bh_strlist_add(&cfg.policy.base_images, "ubi-minimal");
	cfg.policy.require_digest = true;
	cfg.policy.set = true;
	struct bh_findings out = { 0 };
	struct diag d;
	diag_init(&d, in[0].path);
	struct bh_scan_ctx ctx = { &cfg, &out, &d, NULL, NULL, NULL, "", NULL };
	(void)cmp_scan_merged(in, n, &ctx);
	if (rpt_mask_findings(&out) != 0)  /* the report step too */
		abort();
	bh_findings_free(&out);
	bh_config_free(&cfg);
	free(text);
	return 0;
}
