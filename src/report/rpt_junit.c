/* SPDX-License-Identifier: Apache-2.0
 *
 * rpt_junit.c - JUnit XML, the test report Jenkins, GitLab and Azure
 * Pipelines show natively: a scanned file is a test suite, a finding a
 * failed test case, an input error an errored one.  A finding under the
 * run's gate (BH_FINDING_PASSES: `bulkhead vuln` under --threshold or
 * policy.max-severity) is a passed case, its text in <system-out>.
 *
 *   <?xml version="1.0" encoding="UTF-8"?>
 *   <testsuites name="bulkhead CMD" tests="T" failures="F" errors="E"
 *               skipped="S">
 *     <testsuite name="PATH" tests="t" failures="f" errors="e" skipped="0"
 *                time="0">
 *       <testcase classname="PATH" name="BH1001 TITLE (line L)" time="0">
 *         <failure type="high" message="MESSAGE">PATH:L:C high BH1001
 *   MESSAGE&#10;fix: FIX</failure>
 *       </testcase>
 *     </testsuite>
 *   </testsuites>
 *
 * A run without findings or errors has one suite "bulkhead CMD" with one
 * passing case, so a dashboard shows the check ran.  Files a directory
 * walk found and did not scan make one suite "bulkhead not scanned" with
 * a skipped case per reason ("3 files not scanned: not a Dockerfile").  Suites follow the
 * order files are first named; no timestamps or host names, so the same
 * run gives the same bytes.  XML-escaped (rpt_xml_quote); secrets are
 * masked before (mask.h).
 * Tests: tests/suites/formats.sh (xmllint against tests/formats/junit.xsd).
 */
#include "writer.h"

#include <stdlib.h>
#include <string.h>

#include "rpt_util.h"
#include "../util/diag.h"

static void attr(struct strbuf *sb, const char *name, const char *v)
{
	strbuf_printf(sb, " %s=\"", name);
	rpt_xml_quote(sb, v);
	strbuf_addc(sb, '"');
}

static void failure(struct strbuf *sb, const struct bh_finding *f)
{
	const char *sev = bh_severity_name(f->severity);
	const char *id = rpt_rule_id(f->rule);
	strbuf_adds(sb, "    <testcase");
	attr(sb, "classname", f->file);
	char where[48] = "";
	if (f->span.line > 0)
		snprintf(where, sizeof(where), " (line %d)", f->span.line);
	struct strbuf name = STRBUF_INIT;
	strbuf_printf(&name, "%s %s%s", id, rpt_finding_title(f),
		      where);
	attr(sb, "name", name.failed ? id : name.buf);
	strbuf_free(&name);
	if (f->flags & BH_FINDING_PASSES) {
		/* under the run's gate: a passed case, the result kept */
		strbuf_adds(sb, " time=\"0\">\n      <system-out>");
		rpt_xml_quote(sb, f->file);
		strbuf_printf(sb, " %s %s ", sev, id);
		rpt_xml_quote(sb, f->message);
		strbuf_adds(sb, "&#10;under the threshold that fails the run"
			    "</system-out>\n    </testcase>\n");
		return;
	}
	strbuf_adds(sb, " time=\"0\">\n      <failure");
	attr(sb, "type", sev);
	attr(sb, "message", f->message);
	strbuf_addc(sb, '>');
	rpt_xml_quote(sb, f->file);
	if (f->span.line > 0)
		strbuf_printf(sb, ":%d:%d", f->span.line, f->span.col);
	strbuf_printf(sb, " %s %s ", sev, id);
	rpt_xml_quote(sb, f->message);
	strbuf_adds(sb, "&#10;fix: ");
	rpt_xml_quote(sb, rpt_finding_fix(f));
	strbuf_adds(sb, "</failure>\n    </testcase>\n");
}

static int write_junit(const struct rpt_run *run, FILE *out)
{
	size_t n = run->findings ? run->findings->n : 0;
	const struct bh_finding *v = n ? run->findings->v : NULL;
	bool *done = calloc(n + 1, sizeof(*done));
	if (!done)
		return BH_ENOMEM;
	struct strbuf sb = STRBUF_INIT, suites = STRBUF_INIT;
	const char *cmd = run->command ? run->command : "scan";
	for (size_t i = 0; i < n; i++) {
		if (done[i])
			continue;
		size_t t = 0, tf = 0;
		for (size_t j = i; j < n; j++)
			if (!done[j] && !strcmp(v[j].file, v[i].file)) {
				t++;
				tf += !(v[j].flags & BH_FINDING_PASSES);
			}
		strbuf_adds(&suites, "  <testsuite");
		attr(&suites, "name", v[i].file);
		strbuf_printf(&suites, " tests=\"%zu\" failures=\"%zu\" errors=\"0\" "
			      "skipped=\"0\" time=\"0\">\n", t, tf);
		for (size_t j = i; j < n; j++) {
			if (done[j] || strcmp(v[j].file, v[i].file))
				continue;
			done[j] = true;
			failure(&suites, &v[j]);
		}
		strbuf_adds(&suites, "  </testsuite>\n");
	}
	free(done);
	for (size_t i = 0; i < run->nerrors; i++) {
		strbuf_adds(&suites, "  <testsuite");
		attr(&suites, "name", run->errors[i].file);
		strbuf_adds(&suites, " tests=\"1\" failures=\"0\" errors=\"1\" "
			    "skipped=\"0\" time=\"0\">\n    <testcase");
		attr(&suites, "classname", run->errors[i].file);
		strbuf_adds(&suites, " name=\"input\" time=\"0\">\n      <error "
			    "type=\"input\"");
		attr(&suites, "message", run->errors[i].message);
		strbuf_adds(&suites, "/>\n    </testcase>\n  </testsuite>\n");
	}
	/* files a walk found and did not scan: one skipped case per reason,
	 * so the dashboard says what was left out and why */
	size_t nskip = 0;
	if (run->nskipped) {
		strbuf_printf(&suites, "  <testsuite name=\"bulkhead not scanned\" "
			      "tests=\"%zu\" failures=\"0\" errors=\"0\" "
			      "skipped=\"%zu\" time=\"0\">\n", run->nskipped,
			      run->nskipped);
		for (size_t i = 0; i < run->nskipped; i++) {
			struct strbuf why = STRBUF_INIT;
			strbuf_printf(&why, "%zu file%s not scanned: %s",
				      run->skipped[i].n,
				      run->skipped[i].n == 1 ? "" : "s",
				      run->skipped[i].reason);
			strbuf_adds(&suites, "    <testcase classname=\"bulkhead\"");
			attr(&suites, "name", why.failed ? "files not scanned"
							 : why.buf);
			strbuf_adds(&suites, " time=\"0\">\n      <skipped");
			attr(&suites, "message", why.failed ? "files not scanned"
							    : why.buf);
			strbuf_adds(&suites, "/>\n    </testcase>\n");
			suites.failed |= why.failed;
			strbuf_free(&why);
		}
		strbuf_adds(&suites, "  </testsuite>\n");
		nskip = run->nskipped;
	}
	size_t tests = n + run->nerrors, nfail = 0;
	for (size_t i = 0; i < n; i++)
		nfail += !(v[i].flags & BH_FINDING_PASSES);
	bool clean = tests == 0;
	if (clean) {
		strbuf_printf(&suites, "  <testsuite name=\"bulkhead %s\" tests=\"1\" "
			      "failures=\"0\" errors=\"0\" skipped=\"0\" "
			      "time=\"0\">\n    <testcase classname=\"bulkhead\" "
			      "name=\"no findings in %zu file%s\" time=\"0\"/>\n"
			      "  </testsuite>\n", cmd, run->files_scanned,
			      run->files_scanned == 1 ? "" : "s");
		tests = 1;
	}
	strbuf_adds(&sb, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
	strbuf_printf(&sb, "<testsuites name=\"bulkhead %s\" tests=\"%zu\" "
		      "failures=\"%zu\" errors=\"%zu\" skipped=\"%zu\" "
		      "time=\"0\">\n", cmd, tests + nskip, nfail, run->nerrors,
		      nskip);
	strbuf_add(&sb, suites.buf ? suites.buf : "", suites.len);
	strbuf_adds(&sb, "</testsuites>\n");
	int rc = sb.failed || suites.failed ? BH_ENOMEM
					    : rpt_emit(out, sb.buf, sb.len);
	strbuf_free(&sb);
	strbuf_free(&suites);
	return rc;
}

const struct rpt_writer rpt_junit = { "junit", write_junit };
