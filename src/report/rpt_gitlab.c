/* SPDX-License-Identifier: Apache-2.0
 *
 * rpt_gitlab.c - GitLab Code Quality JSON (the `codequality` report a
 * merge request shows): one array, an object per finding:
 *
 *   [{"description": "BH1001: MESSAGE", "check_name": "BH1001",
 *     "fingerprint": "<16 hex><occurrence>", "severity":
 *     "info|minor|major|critical", "location": {"path": "PATH",
 *     "lines": {"begin": L}}, "categories": ["Security"]}]
 *
 * Severity: critical -> critical, high -> major, medium -> minor, low
 * and info -> info (as Trivy's template maps them); a finding under the
 * run's gate (BH_FINDING_PASSES, `bulkhead vuln`) is info.  The fingerprint is
 * SARIF's line hash plus the occurrence (rpt_finding_hash): stable when
 * lines move, so GitLab tracks an issue across commits.  Line 1 when
 * unknown (GitLab requires lines.begin).  Input errors are not issues;
 * they are on stderr and in the exit code.
 * Tests: tests/suites/formats.sh (GitLab's required fields and values).
 */
#include "writer.h"

#include <stdlib.h>

#include "rpt_util.h"
#include "../util/diag.h"

static const char *gl_severity(enum bh_severity s)
{
	switch (s) {
	case BH_SEV_CRITICAL: return "critical";
	case BH_SEV_HIGH: return "major";
	case BH_SEV_MEDIUM: return "minor";
	default: return "info";
	}
}

static int write_gitlab(const struct rpt_run *run, FILE *out)
{
	size_t n = run->findings ? run->findings->n : 0;
	uint64_t *h = calloc(n + 1, sizeof(*h));
	unsigned *occ = calloc(n + 1, sizeof(*occ));
	if (!h || !occ) {
		free(h);
		free(occ);
		return BH_ENOMEM;
	}
	for (size_t i = 0; i < n; i++)
		h[i] = rpt_finding_hash(&run->findings->v[i]);
	int rc = rpt_occurrences(h, n, occ);
	struct strbuf sb = STRBUF_INIT;
	strbuf_addc(&sb, '[');
	for (size_t i = 0; i < n && !rc; i++) {
		const struct bh_finding *f = &run->findings->v[i];
		const char *id = rpt_rule_id(f->rule);
		struct strbuf d = STRBUF_INIT;
		strbuf_printf(&d, "%s: %s", id, f->message ? f->message : "");
		strbuf_adds(&sb, i ? ",\n  {" : "\n  {");
		strbuf_adds(&sb, "\"description\": ");
		rpt_json_quote(&sb, d.failed ? id : d.buf);
		strbuf_free(&d);
		strbuf_adds(&sb, ", \"check_name\": ");
		rpt_json_quote(&sb, id);
		strbuf_printf(&sb, ", \"fingerprint\": \"%016llx%08x\"",
			      (unsigned long long)h[i], occ[i]);
		strbuf_printf(&sb, ", \"severity\": \"%s\"", f->flags & BH_FINDING_PASSES ? "info"
					       : gl_severity(f->severity));
		strbuf_adds(&sb, ", \"categories\": [\"Security\"], \"location\": "
			    "{\"path\": ");
		rpt_json_quote(&sb, f->file);
		strbuf_printf(&sb, ", \"lines\": {\"begin\": %d}}}",
			      f->span.line > 0 ? f->span.line : 1);
	}
	strbuf_adds(&sb, n ? "\n]\n" : "]\n");
	free(h);
	free(occ);
	if (!rc)
		rc = sb.failed ? BH_ENOMEM : rpt_emit(out, sb.buf, sb.len);
	strbuf_free(&sb);
	return rc;
}

const struct rpt_writer rpt_gitlab = { "gitlab", write_gitlab };
