/* SPDX-License-Identifier: Apache-2.0
 *
 * fuzz_runtime.c - libFuzzer target: bytes -> JSON (yml tree, then
 * jansson's strict check) -> runtime model -> runtime or daemon rules ->
 * the report's masking, through the format's scan() exactly as `bulkhead
 * inspect` and `bulkhead daemon` do (src/core/scan_rt.c).  The first
 * byte (kept in the text, so corpus seeds stay intact) picks the kind:
 * bit 0 set = daemon.json, clear = docker/podman inspect output.
 * Built by fuzz/run.sh with every fuzz/fuzz_*.c; seeds in
 * fuzz/corpus/runtime/ (inspect and daemon documents from
 * tests/cases/runtime and tests/cases/daemon; inspect-podman-* are real
 * podman 4.3.1 documents, tests/data/inspect-podman, after a space).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/config.h"
#include "core/finding.h"
#include "core/scan_rt.h"
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
	bool daemon = data[0] & 1;
	char *text = malloc(size + 1);
	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	const char *path = daemon ? "daemon.json" : "inspect.json";
	struct bh_input in = { path, NULL, text, size, true };
	struct bh_config cfg;
	bh_config_init(&cfg);
	struct bh_findings out = { 0 };
	struct diag d;
	diag_init(&d, path);
	struct bh_scan_ctx ctx = { &cfg, &out, &d, NULL, NULL, NULL, "", NULL };
	const struct bh_format *f = daemon ? &bh_format_daemon
					   : &bh_format_inspect;
	(void)f->scan(&in, &ctx);
	if (rpt_mask_findings(&out) != 0)  /* the report step too */
		abort();
	bh_findings_free(&out);
	bh_config_free(&cfg);
	free(text);
	return 0;
}
