/* SPDX-License-Identifier: Apache-2.0
 *
 * rpt_baseline.c - the baseline file: today's findings recorded so that
 * a later `scan --baseline FILE` reports only new ones.
 *
 *   {"bulkhead_baseline": 1,
 *    "findings": [{"rule_id": "BH1001", "file": "Dockerfile",
 *                  "fingerprint": "<16 hex>:<occurrence>", "line": 1}]}
 *
 * The fingerprint is SARIF's primaryLocationLineHash (rpt_fingerprints):
 * it does not change when lines move; "line" is for people reading the
 * file and is not compared.  Written from masked findings, so a baseline
 * holds no secret value.
 * Tests: tests/suites/formats.sh (baseline part).
 */
#include "writer.h"

#include <stdlib.h>

#include "rpt_util.h"
#include "../util/diag.h"

static int write_baseline(const struct rpt_run *run, FILE *out)
{
	size_t n = run->findings ? run->findings->n : 0;
	char (*fp)[32] = calloc(n + 1, sizeof(*fp));
	if (!fp)
		return BH_ENOMEM;
	int rc = rpt_fingerprints(run->findings, fp);
	struct strbuf sb = STRBUF_INIT;
	strbuf_adds(&sb, "{\n  \"bulkhead_baseline\": 1,\n  \"findings\": [");
	for (size_t i = 0; !rc && i < n; i++) {
		const struct bh_finding *f = &run->findings->v[i];
		strbuf_adds(&sb, i ? ",\n    {\"rule_id\": " : "\n    {\"rule_id\": ");
		rpt_json_quote(&sb, rpt_rule_id(f->rule));
		strbuf_adds(&sb, ", \"file\": ");
		rpt_json_quote(&sb, f->file);
		strbuf_printf(&sb, ", \"fingerprint\": \"%s\", \"line\": %d}", fp[i],
			      f->span.line);
	}
	strbuf_adds(&sb, n ? "\n  ]\n}\n" : "]\n}\n");
	free(fp);
	if (!rc)
		rc = sb.failed ? BH_ENOMEM : rpt_emit(out, sb.buf, sb.len);
	strbuf_free(&sb);
	return rc;
}

const struct rpt_writer rpt_baseline = { "baseline", write_baseline };
