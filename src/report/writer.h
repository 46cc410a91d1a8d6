/* SPDX-License-Identifier: Apache-2.0
 *
 * writer.h - report writers: one per output format, chosen by name.
 *
 * A writer turns a finished run (findings sorted, ignores applied) into
 * bytes on a stream.  It never decides exit codes and never filters.
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

struct rpt_run {
	const struct bh_findings *findings;
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
};

struct rpt_writer {
	const char *name;            /* "text", "json", "sarif" */
	int (*write)(const struct rpt_run *run, FILE *out);
};

const struct rpt_writer *rpt_writer_find(const char *name);

#endif
