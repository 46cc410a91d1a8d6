/* SPDX-License-Identifier: Apache-2.0
 *
 * writer.h - report writers: one per output format, chosen by name.
 *
 * A writer turns a finished run (findings sorted, ignores applied, secret
 * values masked by mask.h's step) into bytes on a stream.  It never
 * decides exit codes, never filters and never masks: the CLI runs the
 * mask step first (cli_write_report(), or `scan`'s per-worker parts before
 * cli_write_masked()).
 * writers.c holds the table; each rpt_<fmt>.c exports one struct.
 */
#ifndef BH_WRITER_H
#define BH_WRITER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "../core/finding.h"

struct rpt_input_error {
	const char *file;
	const char *message;    /* "file:line:col: cause", one line */
};

/* Files named as not scanned, for one reason. */
struct rpt_skip_count {
	const char *reason;          /* "not a Dockerfile", ... */
	size_t n;
};

struct rpt_run {
	/* masked in place by rpt_mask_findings() (mask.h) before a writer
	 * sees them; writers only read */
	struct bh_findings *findings;
	size_t files_scanned;
	const struct rpt_input_error *errors;
	size_t nerrors;
	const char *command;         /* "scan", "image" or "secrets" */
	const char *target;          /* image path for "image", else NULL */
	const struct bh_rule *rules; /* SARIF's rule list: these rows (the
				      * secret kinds of "secrets"), or NULL
				      * for the rule table */
	size_t nrules;
	bool color;                  /* text only: ANSI colours */
	/* files a directory walk found and did not scan, by reason, in the
	 * order the reasons first came up */
	const struct rpt_skip_count *skipped;
	size_t nskipped;
	size_t files_unreadable;     /* inputs that could not be read (also
					among the errors) */
	const char *base_dir;        /* absolute current directory, the base
					of relative paths (SARIF %SRCROOT%);
					NULL when unknown */
	const char *note;            /* one note on the run ("image": no
					vulnerability database), or NULL */
	bool second_input;           /* every input is of its rows' second
					target (`inspect`: containers), so
					rule metadata (SARIF's rule list)
					shows a row's title2 and why2 */
	unsigned jobs;               /* threads the writer may format the
					findings on (`scan`'s -j; JSON and
					text, rpt_write_parts()); 0 or 1:
					the caller's thread only */
};

struct rpt_writer {
	const char *name;            /* "text", "json", "sarif" */
	int (*write)(const struct rpt_run *run, FILE *out);
};

const struct rpt_writer *rpt_writer_find(const char *name);

/* Each finding's fingerprint into fp[i]: "<16 hex>:<occurrence>", the
 * line hash (rule id, file, trimmed masked source line) and its
 * occurrence among equal hashes in list order -- SARIF's
 * primaryLocationLineHash, the baseline's key.  Stable when lines move.
 * Call on masked findings.  0 or BH_ENOMEM. */
int rpt_fingerprints(const struct bh_findings *fs, char (*fp)[32]);

#endif
