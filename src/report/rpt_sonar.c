/* SPDX-License-Identifier: Apache-2.0
 *
 * rpt_sonar.c - SonarQube's generic issue import format as of SonarQube
 * 10.3 (sonar.externalIssuesReportPaths): the rules that reported, then
 * the issues.
 *
 *   {"rules": [{"id": "BH1001", "name": TITLE, "description": FIX,
 *               "engineId": "bulkhead", "cleanCodeAttribute":
 *               "TRUSTWORTHY", "impacts": [{"softwareQuality": "SECURITY",
 *               "severity": "HIGH|MEDIUM|LOW"}]}],
 *    "issues": [{"ruleId": "BH1001", "primaryLocation": {"message": M,
 *                "filePath": PATH, "textRange": {"startLine": L}}}]}
 *
 * Impact severity: critical and high are HIGH, medium MEDIUM, low and
 * info LOW, and a finding under the run's gate (BH_FINDING_PASSES,
 * `bulkhead vuln`: its rule is the advisory's) LOW.  startLine 1 when
 * unknown (an image finding: the image path).
 * A rule appears once, in the order it first reported, with the TITLE
 * and FIX of the input it first reported on (a container's: the row's
 * title2 and fix2, core/check.h).
 * Tests: tests/suites/formats.sh (the format's required fields/values).
 */
#include "writer.h"

#include <stdlib.h>
#include <string.h>

#include "rpt_util.h"
#include "../util/diag.h"

static const char *impact(enum bh_severity s)
{
	return s >= BH_SEV_HIGH ? "HIGH" : s == BH_SEV_MEDIUM ? "MEDIUM" : "LOW";
}

static int write_sonar(const struct rpt_run *run, FILE *out)
{
	size_t n = run->findings ? run->findings->n : 0;
	const struct bh_finding *v = n ? run->findings->v : NULL;
	struct strbuf sb = STRBUF_INIT;
	strbuf_adds(&sb, "{\n  \"rules\": [");
	bool any = false;
	for (size_t i = 0; i < n; i++) {
		const char *id = rpt_rule_id(v[i].rule);
		bool seen = false;
		for (size_t j = 0; j < i && !seen; j++)
			seen = !strcmp(rpt_rule_id(v[j].rule), id);
		if (seen)
			continue;
		const struct bh_rule *r = v[i].rule;
		strbuf_adds(&sb, any ? ",\n    {" : "\n    {");
		any = true;
		strbuf_adds(&sb, "\"id\": ");
		rpt_json_quote(&sb, id);
		strbuf_adds(&sb, ", \"name\": ");
		const char *title = *rpt_finding_title(&v[i])
				    ? rpt_finding_title(&v[i]) : id;
		rpt_json_quote(&sb, title);
		strbuf_adds(&sb, ", \"description\": ");
		/* the row's fix for the input the finding is of */
		const char *fix = !r ? NULL
				  : (v[i].flags & BH_FINDING_SECOND) && r->fix2
				  ? r->fix2 : r->fix;
		rpt_json_quote(&sb, fix ? fix : title);
		strbuf_printf(&sb, ", \"engineId\": \"bulkhead\", \"cleanCodeAttribute\": "
			      "\"TRUSTWORTHY\", \"impacts\": [{\"softwareQuality\": "
			      "\"SECURITY\", \"severity\": \"%s\"}]}",
			      v[i].flags & BH_FINDING_PASSES ? "LOW"
							: impact(v[i].severity));
	}
	strbuf_adds(&sb, any ? "\n  ],\n  \"issues\": [" : "],\n  \"issues\": [");
	for (size_t i = 0; i < n; i++) {
		const struct bh_finding *f = &v[i];
		strbuf_adds(&sb, i ? ",\n    {" : "\n    {");
		strbuf_adds(&sb, "\"ruleId\": ");
		rpt_json_quote(&sb, rpt_rule_id(f->rule));
		strbuf_adds(&sb, ", \"primaryLocation\": {\"message\": ");
		rpt_json_quote(&sb, f->message);
		strbuf_adds(&sb, ", \"filePath\": ");
		rpt_json_quote(&sb, f->file);
		strbuf_printf(&sb, ", \"textRange\": {\"startLine\": %d}}}",
			      f->span.line > 0 ? f->span.line : 1);
	}
	strbuf_adds(&sb, n ? "\n  ]\n}\n" : "]\n}\n");
	int rc = sb.failed ? BH_ENOMEM : rpt_emit(out, sb.buf, sb.len);
	strbuf_free(&sb);
	return rc;
}

const struct rpt_writer rpt_sonar = { "sonarqube", write_sonar };
