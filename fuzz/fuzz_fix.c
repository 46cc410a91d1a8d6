/* SPDX-License-Identifier: Apache-2.0
 *
 * fuzz_fix.c - libFuzzer target: bytes -> the scan of one input with the
 * fixes on (`bulkhead fix`: each kept finding's rule fix_fn) -> src/fix's
 * fix_apply() and fix_diff(), with the invariants: every edit lies in the
 * text and names its rule, the kept edits are sorted and do not overlap,
 * the fixed text is the original with them applied (its length adds up),
 * and the diff is empty exactly when nothing was kept.  The first byte
 * picks the kind: 2 a Kubernetes manifest, else even a Dockerfile, odd a
 * Compose file (then the rest is the input).  A broken invariant traps, so libFuzzer keeps the input.
 * Seeds: fuzz/corpus/fix/ (fuzz/run.sh).  Built by
 * fuzz/run.sh with every fuzz/fuzz_*.c.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/config.h"
#include "core/finding.h"
#include "core/formats.h"
#include "fix/fix.h"
#include "rules/rule.h"
#include "util/diag.h"
#include "util/strbuf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
const char *__lsan_default_suppressions(void);

const char *__lsan_default_suppressions(void)
{
	return "leak:libfyaml.so\n";
}

#define CHECK(c) do { if (!(c)) __builtin_trap(); } while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	bh_ruleset_use(&bh_rules_all);
	if (size < 1 || size > (1u << 20))
		return 0;
	bool compose = data[0] & 1, k8s = data[0] == 2;
	size--;
	char *text = malloc(size + 1);
	if (!text)
		return 0;
	memcpy(text, data + 1, size);
	text[size] = '\0';
	const char *path = k8s ? "manifest.yaml"
			       : compose ? "compose.yaml" : "Dockerfile";
	const struct bh_format *fmt = bh_format_named(
		k8s ? "kubernetes" : compose ? "compose" : "dockerfile");
	struct bh_input in = { path, NULL, text, size, true };
	struct bh_config cfg;
	bh_config_init(&cfg);
	cfg.fix = true;
	struct bh_findings out = { 0 };
	struct diag d;
	diag_init(&d, path);
	struct bh_scan_ctx ctx = { &cfg, &out, &d, NULL, NULL, NULL, "", NULL };
	(void)fmt->scan(&in, &ctx);
	struct bh_edits *e = &out.edits;
	/* a refusal (bh_fix_refuse()) is no edit: `fix` prints it, src/fix
	 * never sees it */
	size_t kept = 0;
	for (size_t i = 0; i < e->n; i++) {
		CHECK(!e->v[i].refused || (e->v[i].note && !e->v[i].create));
		if (!e->v[i].refused) {
			struct bh_edit t = e->v[kept];
			e->v[kept++] = e->v[i];
			e->v[i] = t;
		}
	}
	for (size_t i = 0; i < kept; i++) {
		CHECK(e->v[i].rule && e->v[i].rule->fix_fn);
		CHECK(e->v[i].start <= e->v[i].end && e->v[i].end <= size);
		CHECK(e->v[i].text && e->v[i].file && !strcmp(e->v[i].file, path));
	}
	struct fix_result fx;
	if (fix_apply(text, size, e->v, kept, &fx) == BH_OK) {
		CHECK(fx.kept + fx.dropped + fx.repeats == kept);
		size_t want = size;
		for (size_t i = 0; i < fx.kept; i++) {
			if (i)
				CHECK(e->v[i].start >= e->v[i - 1].end);
			want += strlen(e->v[i].text) - (e->v[i].end - e->v[i].start);
		}
		CHECK(fx.len == want);
		struct strbuf sb = STRBUF_INIT;
		if (fix_diff(path, text, size, e->v, fx.kept, true, &sb) == BH_OK)
			CHECK((sb.len == 0) == (fx.kept == 0));
		strbuf_free(&sb);
		fix_result_free(&fx);
	}
	bh_findings_free(&out);
	bh_config_free(&cfg);
	free(text);
	return 0;
}
