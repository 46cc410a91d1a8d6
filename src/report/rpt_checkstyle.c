/* SPDX-License-Identifier: Apache-2.0
 *
 * rpt_checkstyle.c - Checkstyle XML, the format Jenkins' Warnings Next
 * Generation plugin (and many editors) read:
 *
 *   <?xml version="1.0" encoding="UTF-8"?>
 *   <checkstyle version="4.3">
 *     <file name="PATH">
 *       <error line="L" column="C" severity="error|warning|info"
 *              message="MESSAGE" source="bulkhead.BH1001"/>
 *     </file>
 *   </checkstyle>
 *
 * One <file> per file in the order findings first name it; severity:
 * critical and high are "error", medium "warning", low and info "info",
 * a finding under the run's gate (BH_FINDING_PASSES) "info";
 * line and column only when known (an image finding has none).  Input
 * errors are <error severity="error" source="bulkhead.input"> in their
 * file.  Values are XML-escaped (rpt_xml_quote); secrets are masked
 * before (mask.h).
 * Tests: tests/suites/formats.sh (xmllint against checkstyle's layout).
 */
#include "writer.h"

#include <string.h>

#include "rpt_util.h"
#include "../util/diag.h"

static const char *cs_severity(enum bh_severity s)
{
	return s >= BH_SEV_HIGH ? "error" : s == BH_SEV_MEDIUM ? "warning"
							      : "info";
}

static void attr(struct strbuf *sb, const char *name, const char *v)
{
	strbuf_printf(sb, " %s=\"", name);
	rpt_xml_quote(sb, v);
	strbuf_addc(sb, '"');
}

static int write_checkstyle(const struct rpt_run *run, FILE *out)
{
	struct strbuf sb = STRBUF_INIT;
	strbuf_adds(&sb, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
			 "<checkstyle version=\"4.3\">\n");
	size_t n = run->findings ? run->findings->n : 0;
	const struct bh_finding *v = n ? run->findings->v : NULL;
	/* files in first-named order; a file's findings in list order */
	bool *done = calloc(n + 1, sizeof(*done));
	if (!done) {
		strbuf_free(&sb);
		return BH_ENOMEM;
	}
	for (size_t i = 0; i < n; i++) {
		if (done[i])
			continue;
		strbuf_adds(&sb, "  <file");
		attr(&sb, "name", v[i].file);
		strbuf_adds(&sb, ">\n");
		for (size_t j = i; j < n; j++) {
			if (done[j] || strcmp(v[j].file, v[i].file))
				continue;
			done[j] = true;
			const struct bh_finding *f = &v[j];
			strbuf_adds(&sb, "    <error");
			if (f->span.line > 0)
				strbuf_printf(&sb, " line=\"%d\"", f->span.line);
			if (f->span.line > 0 && f->span.col > 0)
				strbuf_printf(&sb, " column=\"%d\"", f->span.col);
			attr(&sb, "severity", f->flags & BH_FINDING_PASSES ? "info"
					: cs_severity(f->severity));
			attr(&sb, "message", f->message);
			strbuf_printf(&sb, " source=\"bulkhead.");
			rpt_xml_quote(&sb, rpt_rule_id(f->rule));
			strbuf_adds(&sb, "\"/>\n");
		}
		strbuf_adds(&sb, "  </file>\n");
	}
	free(done);
	for (size_t i = 0; i < run->nerrors; i++) {
		strbuf_adds(&sb, "  <file");
		attr(&sb, "name", run->errors[i].file);
		strbuf_adds(&sb, ">\n    <error severity=\"error\"");
		attr(&sb, "message", run->errors[i].message);
		strbuf_adds(&sb, " source=\"bulkhead.input\"/>\n  </file>\n");
	}
	strbuf_adds(&sb, "</checkstyle>\n");
	int rc = sb.failed ? BH_ENOMEM : rpt_emit(out, sb.buf, sb.len);
	strbuf_free(&sb);
	return rc;
}

const struct rpt_writer rpt_checkstyle = { "checkstyle", write_checkstyle };
