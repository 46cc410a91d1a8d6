/* SPDX-License-Identifier: Apache-2.0
 *
 * cli_common.h - option handling and report writing shared by the
 * subcommands that report findings (cmd_scan.c, cmd_image.c): usage
 * errors, --severity lists, --ignore/--enable rule ids, severity
 * filtering, the threshold test and writing the report.
 *
 * Nothing here allocates except cli_add_rule_id(), which copies ids into
 * the caller's list (freed with it, e.g. by bh_config_free()).  CLI code
 * only: these print to stderr; only main() exits.
 * Tests: tests/cases/cli/, tests/suites/image.sh.
 */
#ifndef BH_CLI_COMMON_H
#define BH_CLI_COMMON_H

#include <stdbool.h>

#include "../core/config.h"
#include "../core/finding.h"
#include "../report/writer.h"

/* Prints "bulkhead: <fmt with arg> (see 'bulkhead <cmd> --help')" to
 * stderr and returns 2, the usage-error exit code. */
int cli_usage_error(const char *cmd, const char *fmt, const char *arg);

/* Parses a comma-separated severity list ("critical,high") into a mask
 * with bit (1u << severity) set per entry.  -1 when an entry is unknown
 * or the list is empty. */
int cli_parse_severity_list(const char *list, unsigned *mask);

/* Adds rule "id" (ours, or a peer tool's id mapped to ours) to list;
 * false when unknown. */
bool cli_add_rule_id(struct bh_strlist *list, const char *id);

/* Removes every finding whose severity bit is not in mask (0 = keep all). */
void cli_filter_severity(struct bh_findings *f, unsigned mask);

/* Whether any finding is at or over threshold. */
bool cli_fails(const struct bh_findings *f, enum bh_severity threshold);

/* Masks every secret value in run->findings (rpt_mask_findings, in place)
 * and writes run with the writer named "format" to "output" (NULL: stdout).
 * A regular file (or a new one) is written to a temporary file beside it
 * and renamed into place: an existing report is never left half
 * overwritten.  0, or -1 when the writer is unknown, the file cannot be
 * written, or the writer fails; then one line on stderr names the
 * destination and the cause ("No space left on device"). */
int cli_write_report(const char *format, const char *output,
		     const struct rpt_run *run);

#endif
