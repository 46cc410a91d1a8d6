/* SPDX-License-Identifier: Apache-2.0
 *
 * explain_examples.h - the examples `bulkhead explain` shows: for a rule,
 * an input that fires it (BEFORE) and one that does not (AFTER), taken
 * from the repository's own case files (tests/cases/BHnnnn-*.case) by
 * scripts/gen_explain_examples.py when the binary is built, so an example
 * cannot drift from what the rule does.  tests/suites/explain.sh scans
 * every example again.
 *
 * The table is static, generated data (explain_examples.c in the build
 * directory): nothing is allocated, nothing is freed.
 */
#ifndef BH_EXPLAIN_EXAMPLES_H
#define BH_EXPLAIN_EXAMPLES_H

#include <stddef.h>

/* One file of an example: its name in the case and its bytes. */
struct explain_file {
	const char *name;
	const char *content;
};

struct explain_example {
	const char *case_file;   /* "tests/cases/dockerfile/BH1001-x.case" */
	struct explain_file file;  /* the input the verdict is about */
	/* other files of the case that are not inputs themselves but decide
	 * the verdict too (.dockerignore, .env, build context); NULL-ended,
	 * or NULL for none */
	const struct explain_file *const *companions;
	/* the case's `bulkhead scan` options (--enable ID, --profile P) and
	 * the paths it scanned ("." or file names), each NULL-ended */
	const char *const *options;
	const char *const *paths;
};

struct explain_examples {
	const char *id;                        /* "BH1001" */
	const struct explain_example *before;  /* fires the rule, or NULL */
	const struct explain_example *after;   /* does not, or NULL */
};

/* Rules with at least one example, in id order. */
extern const struct explain_examples explain_examples_table[];
extern const size_t explain_examples_count;

#endif
