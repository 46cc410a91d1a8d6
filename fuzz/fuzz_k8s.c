/* SPDX-License-Identifier: Apache-2.0
 *
 * fuzz_k8s.c - libFuzzer target: bytes -> YAML -> Kubernetes model ->
 * Kubernetes rules -> inline ignores, through the format's scan() exactly
 * as `bulkhead scan` does.  The first byte (kept in the text, so corpus
 * seeds stay intact) picks the mode: bit 0 set = the file was named
 * explicitly (errors for non-manifests), bit 1 = the restricted profile,
 * bit 2 = a path under templates/ (Helm skip), bit 3 = named
 * kustomization.yaml (its inline patches read as manifests, its images:
 * entries judged by the policy rules; seed
 * fuzz/corpus/k8s/kustomize-images.yaml).  The
 * broken-document recovery (re-reading the stream one document at a
 * time) runs on every input that fails to parse.
 * Built by fuzz/run.sh with every fuzz/fuzz_*.c; seeds from
 * ../shared/corpus/kubernetes.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/config.h"
#include "core/finding.h"
#include "core/scan_k8s.h"
#include "report/mask.h"
#include "rules/rule.h"
#include "util/diag.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
const char *__lsan_default_suppressions(void);

/* libfyaml leaks its scalar buffer on some unterminated quoted scalars
 * (see fuzz_compose.c); not ours to fix. */
const char *__lsan_default_suppressions(void)
{
	return "leak:libfyaml.so\n";
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* the pipeline runs the rules through the installed set */
	bh_ruleset_use(&bh_rules_all);
	if (size < 1 || size > (1u << 20))
		return 0;
	unsigned mode = data[0];
	char *text = malloc(size + 1);
	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	const char *path = (mode & 8)	 ? "kustomization.yaml"
			   : (mode & 4) ? "chart/templates/x.yaml"
					: "x.yaml";
	struct bh_input in = { path, NULL, text, size, (mode & 1) != 0 };
	struct bh_config cfg;
	bh_config_init(&cfg);
	/* a policy, so its rules (rules_policy.c) judge hostile models */
	bh_strlist_add(&cfg.policy.registries, "registry.example.com");
	bh_strlist_add(&cfg.policy.registries, "docker.io/library");
	bh_strlist_add(&cfg.policy.base_images, "debian-slim");
	bh_strlist_add(&cfg.policy.base_images, "ubi-minimal");
	cfg.policy.require_digest = true;
	cfg.policy.set = true;
	if (mode & 2)
		cfg.profile = BH_PROFILE_RESTRICTED;
	bh_strlist_add(&cfg.enabled, "BH3043"); /* off by default */
	struct bh_findings out = { 0 };
	struct diag d;
	diag_init(&d, path);
	struct bh_scan_ctx ctx = { &cfg, &out, &d, NULL, NULL, NULL, "", NULL };
	(void)bh_format_kubernetes.scan(&in, &ctx);
	if (rpt_mask_findings(&out) != 0)  /* the report step too */
		abort();
	bh_findings_free(&out);
	bh_config_free(&cfg);
	free(text);
	return 0;
}
