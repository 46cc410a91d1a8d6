/* SPDX-License-Identifier: Apache-2.0
 *
 * cli_common.h - what the subcommands that report findings (cmd_scan.c,
 * cmd_image.c, cmd_secrets.c) share: their common options (parsed the
 * same way everywhere: "--format json", "--format=json", "-o FILE",
 * "-oFILE", "-j 4", "-j4"), their help lines, configuration loading
 * (.bulkhead.yaml or --config, then ./.trivyignore and ./.hadolint.yaml
 * when present, then the command line), severity filtering, the exit
 * code and writing the report.
 *
 * struct cli_opts owns the id lists it collects (cli_opts_free()); other
 * strings point into argv.  CLI code only: these print to stderr; only
 * main() exits.
 * Tests: tests/cases/cli/, tests/suites/image.sh, tests/cases/secrets/.
 */
#ifndef BH_CLI_COMMON_H
#define BH_CLI_COMMON_H

#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>

#include "../core/config.h"
#include "../core/finding.h"
#include "../report/writer.h"

/* Option groups (a command takes the groups it names). */
#define CLI_REPORT  0x01u  /* --format -o --severity --threshold --exit-code
			    * --no-color */
#define CLI_CONFIG  0x02u  /* --config --ignore */
#define CLI_ENABLE  0x04u  /* --enable */
#define CLI_PRAGMA  0x08u  /* --disable-ignore-pragma */
#define CLI_PROFILE 0x10u  /* --profile */
#define CLI_JOBS    0x20u  /* -j --jobs */
#define CLI_OWN_EXIT 0x40u /* cli_print_options() only: the command's exit
			    * status is not the findings' (it says its own) */

/* getopt codes of the common long options; a command's own start at
 * CLI_OPT__END. */
enum {
	CLI_OPT_FORMAT = 1000, CLI_OPT_SEVERITY, CLI_OPT_THRESHOLD,
	CLI_OPT_EXIT_CODE, CLI_OPT_NO_COLOR, CLI_OPT_CONFIG, CLI_OPT_IGNORE,
	CLI_OPT_ENABLE, CLI_OPT_NO_PRAGMA, CLI_OPT_PROFILE, CLI_OPT_BASELINE,
	CLI_OPT__END,
};

#define CLI_MAX_OPTIONS 48

struct cli_opts {
	const char *cmd;             /* "scan", "image", "secrets" */
	unsigned groups;
	const char *format;          /* default "text" */
	const char *output;          /* -o, or NULL for stdout */
	const char *baseline;        /* --baseline FILE, or NULL */
	const char *config_path;     /* --config, or NULL */
	const char *profile;         /* --profile, or NULL */
	unsigned severity_mask;      /* bit per severity to report; 0 = all */
	enum bh_severity threshold;  /* lowest severity that fails the run */
	bool threshold_set;          /* --threshold given */
	int exit_code;               /* code for findings at/over threshold */
	bool exit_code_set;          /* --exit-code given */
	bool never_fail;             /* .hadolint.yaml none / no-fail */
	bool color_off;
	bool no_pragma;
	unsigned jobs;               /* inputs worked on at once */
	struct bh_strlist ignore, enable;
	/* getopt tables built by cli_opts_init() */
	struct option long_opts[CLI_MAX_OPTIONS];
	char short_opts[32];
};

/* Sets the defaults (format text, threshold low, exit code 1, jobs = the
 * CPUs) and builds the option tables: the common options of "groups",
 * then the command's own "own" (terminated by a zero entry, may be NULL)
 * and its short options "own_short" (e.g. "f:"). */
void cli_opts_init(struct cli_opts *o, const char *cmd, unsigned groups,
		   const struct option *own, const char *own_short);
void cli_opts_free(struct cli_opts *o);

/* Runs getopt_long over argv, handing the command's own options to
 * "own_fn" (which returns -1 to go on, else an exit code); -h/--help
 * calls "usage" on stdout and returns 0.  Returns -1 when parsing is
 * done (optind is the first operand), else the exit code. */
int cli_parse(struct cli_opts *o, int argc, char **argv,
	      int (*own_fn)(void *ud, int c, const char *arg), void *ud,
	      void (*usage)(FILE *out));

/* Prints the help lines of the common options in "groups". */
void cli_print_options(FILE *out, unsigned groups);

/* Prints "bulkhead: <fmt with arg> (see 'bulkhead <cmd> --help')" to
 * stderr and returns 2, the usage-error exit code. */
int cli_usage_error(const char *cmd, const char *fmt, const char *arg);

/* One argument of a command that lists its options: "--name=value" is
 * split (the name into "name", room n; *inl the value), else *a is arg
 * and *inl NULL.  value_opts and flag_opts are NULL-terminated lists of
 * the long options that take a value and of those that take none.
 * Returns NULL, or the text of the usage error when a value is given to
 * an option that takes none ("option takes no value:") or to one no
 * list names ("unknown option"); the caller names arg after it. */
const char *cli_opt_inline(const char *arg, char *name, size_t n,
			   const char *const *value_opts,
			   const char *const *flag_opts, const char **a,
			   char **inl);

/* Loads .bulkhead.yaml alone into "cfg" (initialised): "config_path"
 * (--config FILE), else ./.bulkhead.yaml or ./.bulkhead.yml (both there:
 * an error); *used (when not NULL) is the file read, or NULL for none.
 * Returns -1 to go on, else the exit code (2, the one-line error said). */
int cli_config_file(const char *config_path, struct bh_config *cfg,
		    const char **used);
/* Loads the run's configuration into "cfg" (initialised): --config FILE,
 * else ./.bulkhead.yaml or ./.bulkhead.yml; ./.trivyignore and
 * ./.hadolint.yaml when present (failure-threshold and no-fail set the
 * threshold unless --threshold / --exit-code were given); then the
 * command line's --ignore, --enable, --profile, --disable-ignore-pragma.
 * Returns -1 to go on, else the exit code (2). */
int cli_load_config(struct cli_opts *o, struct bh_config *cfg);

/* Adds rule "id" (ours in any case, a peer's in any spelling, or a secret
 * kind) to list; false when it names nothing. */
bool cli_add_rule_id(struct bh_strlist *list, const char *id);

/* Removes every finding whose severity bit is not in mask (0 = keep all). */
void cli_filter_severity(struct bh_findings *f, unsigned mask);

/* The exit code for these findings: o->exit_code when one is at or over
 * the threshold or carries BH_FINDING_FAILS (unless never_fail without
 * --exit-code), else 0. */
int cli_findings_exit(const struct cli_opts *o, const struct bh_findings *f);

/* --baseline FILE: masks the findings (the report's one masking step,
 * done here first so fingerprints match the recorded ones) and drops
 * those whose rule, file and fingerprint the baseline (written by
 * `--format baseline`) holds, saying how many on stderr.  -1 to go on,
 * else 2 after one line naming the file (unreadable, not a baseline). */
int cli_apply_baseline(const struct cli_opts *o, struct bh_findings *f);

/* -o naming one of the command's inputs (the same file, through any
 * path or link) would overwrite it with the report: -1 when "output" is
 * NULL or none of inputs[0..n) (NULLs skipped) is that file, else 2 after
 * one line "bulkhead: CMD: -o FILE is an input of this run (it would be
 * overwritten)". */
int cli_output_is_input(const char *cmd, const char *output,
			const char *const *inputs, size_t n);

/* Prints each warning as "bulkhead: <line>" and empties the list. */
void cli_print_warnings(struct bh_strlist *w);
/* The warnings of the run's kustomizations (src/core/kust_images.h) on
 * stderr, and with "verbose" the resources they do not follow. */
struct kust_images;
void cli_kust_print(const struct kust_images *k, bool verbose);

/* Masks every secret value in run->findings (rpt_mask_findings, in place)
 * and writes run with the writer named "format" to "output" (NULL: stdout).
 * A regular file (or a new one) is written to a temporary file beside it
 * and renamed into place: an existing report is never left half
 * overwritten.  0, or -1 when the writer is unknown, the file cannot be
 * written, or the writer fails; then one line on stderr names the
 * destination and the cause ("No space left on device"). */
int cli_write_report(const char *format, const char *output,
		     const struct rpt_run *run);
/* cli_write_report() for a run whose findings the caller has already
 * masked as rpt_mask_findings() masks them (`scan` masks them on its
 * worker threads, file by file: cmd_scan.c, mask_findings_jobs()). */
int cli_write_masked(const char *format, const char *output,
		     const struct rpt_run *run);

#endif
