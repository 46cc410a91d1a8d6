/* SPDX-License-Identifier: Apache-2.0
 *
 * cli_common.c - option handling and report writing shared by `bulkhead
 * scan` (cmd_scan.c) and `bulkhead image` (cmd_image.c).
 *
 * This file owns what those two subcommands did identically: the usage
 * error line, --severity lists, adding --ignore/--enable rule ids (ours or
 * a peer's), severity filtering, the threshold test and writing the report
 * to stdout or -o FILE, after the report step that masks secret values
 * (src/report/mask.h): every finding of a run goes through it there.  Option tables, input handling and config loading
 * stay in each cmd_<name>.c.
 * Tests: tests/cases/cli/, tests/suites/image.sh.
 */
#include "cli_common.h"

#include <stdio.h>
#include <string.h>

#include "../report/mask.h"
#include "../rules/rule.h"

int cli_usage_error(const char *cmd, const char *fmt, const char *arg)
{
	fprintf(stderr, "bulkhead: ");
	fprintf(stderr, fmt, arg);
	fprintf(stderr, " (see 'bulkhead %s --help')\n", cmd);
	return 2;
}

int cli_parse_severity_list(const char *list, unsigned *mask)
{
	char buf[256];
	snprintf(buf, sizeof(buf), "%s", list);
	*mask = 0;
	for (char *save = NULL, *tok = strtok_r(buf, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save)) {
		enum bh_severity s;
		if (bh_severity_parse(tok, &s) != 0)
			return -1;
		*mask |= 1u << s;
	}
	return *mask ? 0 : -1;
}

bool cli_add_rule_id(struct bh_strlist *list, const char *id)
{
	if (bh_rule_find(id))
		return bh_strlist_add(list, id) == 0;
	const struct bh_rule *peers[16];
	size_t n = bh_rule_find_peer(id, peers, 16);
	for (size_t i = 0; i < n; i++)
		bh_strlist_add(list, peers[i]->id);
	return n > 0;
}

static bool severity_wanted(const struct bh_finding *f, void *ctx)
{
	return *(const unsigned *)ctx & (1u << f->severity);
}

void cli_filter_severity(struct bh_findings *f, unsigned mask)
{
	if (mask)
		bh_findings_keep(f, 0, severity_wanted, &mask);
}

bool cli_fails(const struct bh_findings *f, enum bh_severity threshold)
{
	for (size_t i = 0; i < f->n; i++)
		if (f->v[i].severity >= threshold)
			return true;
	return false;
}

int cli_write_report(const char *format, const char *output,
		     const struct rpt_run *run)
{
	const struct rpt_writer *w = rpt_writer_find(format);
	FILE *out = stdout;
	if (!w)
		return -1;
	/* the one masking step: no writer sees a secret value (mask.h) */
	if (rpt_mask_findings(run->findings) != 0) {
		fprintf(stderr, "bulkhead: out of memory\n");
		return -1;
	}
	if (output && !(out = fopen(output, "w"))) {
		fprintf(stderr, "bulkhead: %s: cannot write the report\n", output);
		return -1;
	}
	int rc = w->write(run, out);
	if (output && fclose(out) != 0)
		rc = -1;
	else if (!output)
		fflush(stdout);
	return rc;
}
