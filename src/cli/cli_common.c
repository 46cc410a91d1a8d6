/* SPDX-License-Identifier: Apache-2.0
 *
 * cli_common.c - options, configuration and reporting shared by `bulkhead
 * scan` (cmd_scan.c), `bulkhead image` (cmd_image.c) and `bulkhead
 * secrets` (cmd_secrets.c).
 *
 * This file owns what those subcommands do identically: the common option
 * table and its parsing (getopt_long: "--opt value", "--opt=value",
 * "-j 4", "-j4"; errors as "bulkhead: ..." lines, never getopt's own),
 * their help lines, the usage error line, loading .bulkhead.yaml,
 * .trivyignore and .hadolint.yaml and applying the command line over
 * them, severity filtering, the exit code (threshold, --exit-code, a
 * Dockerfile's "# check=error=true") and writing the report to stdout or
 * -o FILE, after the report step that masks secret values
 * (src/report/mask.h): every finding of a run goes through it there.  A
 * regular file is written beside and renamed into place, so a failed
 * write never leaves a partial report; every failure prints its cause.
 * Input handling stays in each cmd_<name>.c.
 * Tests: tests/cases/cli/, tests/cases/secrets/, tests/suites/image.sh,
 * tests/suites/paths.sh.
 */
#include "cli_common.h"

#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "../core/kust_images.h"
#include "../report/mask.h"
#include "../report/writer.h"
#include "../rules/rule.h"
#include "../util/diag.h"
#include "../util/io.h"
#include "../util/pmap.h"
#include "config_load.h"

struct common_opt {
	struct option opt;
	unsigned group;
};

static const struct common_opt common[] = {
	{ { "format", required_argument, NULL, CLI_OPT_FORMAT }, CLI_REPORT },
	{ { "output", required_argument, NULL, 'o' }, CLI_REPORT },
	{ { "severity", required_argument, NULL, CLI_OPT_SEVERITY }, CLI_REPORT },
	{ { "threshold", required_argument, NULL, CLI_OPT_THRESHOLD }, CLI_REPORT },
	{ { "failure-threshold", required_argument, NULL, CLI_OPT_THRESHOLD },
	  CLI_REPORT },
	{ { "exit-code", required_argument, NULL, CLI_OPT_EXIT_CODE }, CLI_REPORT },
	{ { "no-color", no_argument, NULL, CLI_OPT_NO_COLOR }, CLI_REPORT },
	{ { "config", required_argument, NULL, CLI_OPT_CONFIG }, CLI_CONFIG },
	{ { "ignore", required_argument, NULL, CLI_OPT_IGNORE }, CLI_CONFIG },
	{ { "enable", required_argument, NULL, CLI_OPT_ENABLE }, CLI_ENABLE },
	{ { "disable-ignore-pragma", no_argument, NULL, CLI_OPT_NO_PRAGMA },
	  CLI_PRAGMA },
	{ { "profile", required_argument, NULL, CLI_OPT_PROFILE }, CLI_PROFILE },
	{ { "baseline", required_argument, NULL, CLI_OPT_BASELINE }, CLI_REPORT },
	{ { "jobs", required_argument, NULL, 'j' }, CLI_JOBS },
};

#define NCOMMON (sizeof(common) / sizeof(common[0]))

void cli_opts_init(struct cli_opts *o, const char *cmd, unsigned groups,
		   const struct option *own, const char *own_short)
{
	memset(o, 0, sizeof(*o));
	o->cmd = cmd;
	o->groups = groups;
	o->format = "text";
	o->threshold = BH_SEV_LOW;
	o->exit_code = 1;
	o->jobs = pmap_default_jobs();
	size_t n = 0;
	for (size_t i = 0; i < NCOMMON && n + 2 < CLI_MAX_OPTIONS; i++)
		if (common[i].group & groups)
			o->long_opts[n++] = common[i].opt;
	for (size_t i = 0; own && own[i].name && n + 2 < CLI_MAX_OPTIONS; i++)
		o->long_opts[n++] = own[i];
	o->long_opts[n++] = (struct option){ "help", no_argument, NULL, 'h' };
	o->long_opts[n] = (struct option){ NULL, 0, NULL, 0 };
	/* ':' first: a missing value comes back as ':' (we print it) */
	snprintf(o->short_opts, sizeof(o->short_opts), ":h%s%s%s",
		 groups & CLI_REPORT ? "o:" : "", groups & CLI_JOBS ? "j:" : "",
		 own_short ? own_short : "");
}

void cli_opts_free(struct cli_opts *o)
{
	bh_strlist_free(&o->ignore);
	bh_strlist_free(&o->enable);
}

int cli_usage_error(const char *cmd, const char *fmt, const char *arg)
{
	char msg[512];
	snprintf(msg, sizeof(msg), fmt, arg);
	for (char *p = msg; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			*p = '?';
	fprintf(stderr, "bulkhead: %s (see 'bulkhead %s --help')\n", msg, cmd);
	return 2;
}

static int parse_severity_list(const char *list, unsigned *mask)
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

_Static_assert(PMAP_MAX_JOBS == 64, "the -j message names the limit");

/* One common option; -1 = go on, else the exit code. */
static int common_option(struct cli_opts *o, int c, const char *arg)
{
	char *end;
	long v;
	switch (c) {
	case CLI_OPT_FORMAT:
		if (!rpt_writer_find(arg))
			return cli_usage_error(o->cmd, "unknown format '%s' (text, "
					       "json, sarif, junit, checkstyle, "
					       "gitlab, sonarqube, html or "
					       "baseline)", arg);
		o->format = arg;
		return -1;
	case 'o':
		if (!*arg)
			return cli_usage_error(o->cmd, "-o wants a file name%s", "");
		o->output = arg;
		return -1;
	case CLI_OPT_SEVERITY:
		if (parse_severity_list(arg, &o->severity_mask) != 0)
			return cli_usage_error(o->cmd, "bad severity list '%s'", arg);
		return -1;
	case CLI_OPT_THRESHOLD:
		if (bh_severity_parse(arg, &o->threshold) != 0)
			return cli_usage_error(o->cmd, "unknown severity '%s'", arg);
		o->threshold_set = true;
		return -1;
	case CLI_OPT_EXIT_CODE:
		v = strtol(arg, &end, 10);
		if (!*arg || *end || v < 0 || v > 255)
			return cli_usage_error(o->cmd, "bad exit code '%s'", arg);
		o->exit_code = (int)v;
		o->exit_code_set = true;
		return -1;
	case CLI_OPT_NO_COLOR:
		o->color_off = true;
		return -1;
	case CLI_OPT_CONFIG:
		o->config_path = arg;
		return -1;
	case CLI_OPT_IGNORE:
		return bh_strlist_add(&o->ignore, arg) ? 2 : -1;
	case CLI_OPT_ENABLE:
		return bh_strlist_add(&o->enable, arg) ? 2 : -1;
	case CLI_OPT_NO_PRAGMA:
		o->no_pragma = true;
		return -1;
	case CLI_OPT_BASELINE:
		if (!*arg)
			return cli_usage_error(o->cmd, "--baseline wants a file "
					       "name%s", "");
		o->baseline = arg;
		return -1;
	case CLI_OPT_PROFILE:
		if (strcmp(arg, "baseline") && strcmp(arg, "restricted"))
			return cli_usage_error(o->cmd, "unknown profile '%s'", arg);
		o->profile = arg;
		return -1;
	case 'j':
		v = strtol(arg, &end, 10);
		if (end == arg || *end || v < 1 || v > PMAP_MAX_JOBS)
			return cli_usage_error(o->cmd, "-j wants a number from 1 "
					       "to 64, not '%s'", arg);
		o->jobs = (unsigned)v;
		return -1;
	default:
		return 0;
	}
}

int cli_parse(struct cli_opts *o, int argc, char **argv,
	      int (*own_fn)(void *ud, int c, const char *arg), void *ud,
	      void (*usage)(FILE *out))
{
	int c;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, o->short_opts, o->long_opts,
				NULL)) != -1) {
		const char *bad = argv[optind - 1];
		if (c == 'h') {
			usage(stdout);
			return 0;
		}
		if (c == '?') {
			if (optopt && optopt < 256) {
				char s[3] = { '-', (char)optopt, 0 };
				return cli_usage_error(o->cmd, "unknown option '%s'", s);
			}
			return cli_usage_error(o->cmd, "unknown option '%s'", bad);
		}
		if (c == ':') {
			if (optopt && optopt < 256) {
				char s[3] = { '-', (char)optopt, 0 };
				return cli_usage_error(o->cmd, "option '%s' needs a value",
						       s);
			}
			return cli_usage_error(o->cmd, "option '%s' needs a value",
					       bad);
		}
		int rc = common_option(o, c, optarg);
		if (rc == 0 && own_fn)
			rc = own_fn(ud, c, optarg);
		else if (rc == 0)
			rc = cli_usage_error(o->cmd, "unknown option '%s'", bad);
		if (rc >= 0)
			return rc;
	}
	return -1;
}

void cli_print_options(FILE *out, unsigned g)
{
	if (g & CLI_REPORT)
		fprintf(out,
			"  --format text|json|sarif|junit|checkstyle|gitlab|sonarqube|html\n"
			"                             report format (default text;\n"
			"                             docs/ci.md: which CI reads which;\n"
			"                             baseline: record for --baseline)\n"
			"  --baseline FILE            report only findings not recorded in\n"
			"                             FILE (made with --format baseline)\n"
			"  -o, --output FILE          write the report to FILE\n"
			"  --severity LIST            report only these severities\n"
			"                             (e.g. critical,high)\n"
			"  --threshold SEV            lowest severity that makes the exit\n"
			"                             code non-zero (default low; info\n"
			"                             findings alone pass)\n"
			"  --exit-code N              exit code when findings reach the\n"
			"                             threshold (default 1; 0 never fails)\n");
	if (g & CLI_CONFIG)
		fprintf(out,
			"  --ignore ID                do not report ID (repeatable): ours\n"
			"                             (BH1001), a peer's in any spelling\n"
			"                             (DL3008, DS002, DS-0002, AVD-DS-0002,\n"
			"                             KSV-0001, CKV_K8S_20) or a secret kind\n"
			"  --config FILE              configuration (default ./.bulkhead.yaml;\n"
			"                             ./.trivyignore and ./.hadolint.yaml\n"
			"                             are read too when present)\n");
	if (g & CLI_ENABLE)
		fprintf(out,
			"  --enable RULE              turn on an off-by-default rule\n");
	if (g & CLI_PROFILE)
		fprintf(out,
			"  --profile baseline|restricted  Kubernetes Pod Security profile\n"
			"                             (default restricted; baseline turns\n"
			"                             the restricted-only checks off)\n");
	if (g & CLI_PRAGMA)
		fprintf(out,
			"  --disable-ignore-pragma    do not honour inline ignores\n");
	if (g & CLI_JOBS)
		fprintf(out,
			"  -j, --jobs N               files worked on at once (default: the\n"
			"                             number of CPUs; the output is the same)\n");
	if (g & CLI_REPORT)
		fprintf(out,
			"  --no-color                 no ANSI colours in text output\n");
	fprintf(out,
		"  -h, --help                 this help\n"
		"Options take their value as '--opt VALUE' or '--opt=VALUE' ('-j4',\n"
		"'-oFILE' for short ones).");
	if (g & CLI_OWN_EXIT)  /* the command prints its own "exit:" line */
		fputc('\n', out);
	else
		fprintf(out, "  Exit: 0 clean, 1 findings at or over the\n"
			"threshold, 2 usage or input error.\n");
}

bool cli_add_rule_id(struct bh_strlist *list, const char *id)
{
	switch (config_add_id(list, id)) {
	case CONFIG_ID_ADDED:
		return true;
	case CONFIG_ID_NO_RULE:
		fprintf(stderr, "bulkhead: warning: no bulkhead rule matches "
			"'%s' (no effect)\n", id);
		return true;
	default:
		return false;
	}
}

/* YYYY-MM-DD of today in UTC (BULKHEAD_TODAY overrides it for tests):
 * an exp: date ends at its 00:00 UTC, as Trivy reads it (a date parsed
 * as UTC midnight, compared with the clock) and as `bulkhead vuln` does,
 * whatever the machine's time zone. */
static void today(char buf[16])
{
	const char *fake = getenv("BULKHEAD_TODAY");
	if (fake && strlen(fake) == 10) {
		memcpy(buf, fake, 11);
		return;
	}
	time_t t = time(NULL);
	struct tm tm;
	if (!gmtime_r(&t, &tm) || !strftime(buf, 16, "%Y-%m-%d", &tm))
		snprintf(buf, 16, "9999-12-31");
}

static int config_error(const struct diag *d)
{
	char line[1024];
	diag_format(d, line, sizeof(line));
	fprintf(stderr, "bulkhead: %s\n", line);
	return 2;
}

/* The name is there, even as a dangling link (access() follows links:
 * a link to a file gone would drop the configuration in silence). */
static bool config_present(const char *name)
{
	struct stat st;
	return lstat(name, &st) == 0;
}

int cli_config_file(const char *config_path, struct bh_config *cfg,
		    const char **used)
{
	struct diag d;
	const char *path = config_path;
	if (used)
		*used = NULL;
	if (!path && config_present(".bulkhead.yaml")) {
		/* two files and one silently ignored: refuse, name both */
		if (config_present(".bulkhead.yml")) {
			fputs("bulkhead: both .bulkhead.yaml and .bulkhead.yml "
			      "exist: keep one (or name it with --config)\n",
			      stderr);
			return 2;
		}
		path = ".bulkhead.yaml";
	}
	if (!path && config_present(".bulkhead.yml"))
		path = ".bulkhead.yml";
	if (path) {
		diag_init(&d, path);
		if (config_load(path, cfg, &d) != BH_OK)
			return config_error(&d);
	}
	if (used)
		*used = path;
	return -1;
}

int cli_load_config(struct cli_opts *o, struct bh_config *cfg)
{
	struct diag d;
	int rc = cli_config_file(o->config_path, cfg, NULL);
	if (rc >= 0)
		return rc;
	if (access(".trivyignore", F_OK) == 0) {
		char day[16];
		today(day);
		diag_init(&d, ".trivyignore");
		if (config_load_trivyignore(".trivyignore", cfg, day, &d) != BH_OK)
			return config_error(&d);
	}
	struct config_run run = { 0 };
	const char *hl = access(".hadolint.yaml", F_OK) == 0 ? ".hadolint.yaml"
			 : access(".hadolint.yml", F_OK) == 0 ? ".hadolint.yml"
							      : NULL;
	if (hl) {
		diag_init(&d, hl);
		if (config_load_hadolint(hl, cfg, &run, &d) != BH_OK)
			return config_error(&d);
	}
	/* the command line wins over the files */
	if (run.has_threshold && !o->threshold_set)
		o->threshold = run.threshold;
	if (run.never_fail && !o->threshold_set && !o->exit_code_set)
		o->never_fail = true;
	for (size_t i = 0; i < o->ignore.n; i++)
		if (!cli_add_rule_id(&cfg->ignored, o->ignore.v[i]))
			return cli_usage_error(o->cmd, "unknown rule '%s'",
					       o->ignore.v[i]);
	for (size_t i = 0; i < o->enable.n; i++)
		if (!cli_add_rule_id(&cfg->enabled, o->enable.v[i]))
			return cli_usage_error(o->cmd, "unknown rule '%s'",
					       o->enable.v[i]);
	if (o->profile)
		cfg->profile = strcmp(o->profile, "restricted") == 0
				       ? BH_PROFILE_RESTRICTED
				       : BH_PROFILE_BASELINE;
	if (o->no_pragma)
		cfg->no_inline_ignores = true;
	return -1;
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

int cli_findings_exit(const struct cli_opts *o, const struct bh_findings *f)
{
	/* recording a baseline is not a check: it fails only on errors */
	if (o->never_fail || (o->format && !strcmp(o->format, "baseline")))
		return 0;
	for (size_t i = 0; i < f->n; i++)
		if (f->v[i].severity >= o->threshold ||
		    (f->v[i].flags & BH_FINDING_FAILS))
			return o->exit_code;
	return 0;
}

void cli_print_warnings(struct bh_strlist *w)
{
	for (size_t i = 0; i < w->n; i++)
		fprintf(stderr, "bulkhead: %s\n", w->v[i]);
	bh_strlist_free(w);
}

/* "bulkhead: <where>: cannot write the report: <cause>" */
static int write_failed(const char *where, int rc, int err)
{
	char shown[1024];
	diag_escape(shown, sizeof(shown), where);
	fprintf(stderr, "bulkhead: %s: cannot write the report: %s\n", shown,
		rc == BH_ENOMEM ? "out of memory"
				: strerror(err ? err : EIO));
	return -1;
}

/* Runs the writer on "out" and flushes it; BH_OK, or the writer's code
 * (BH_EIO when the stream failed), with errno's cause in *err. */
static int emit(const struct rpt_writer *w, const struct rpt_run *run,
		FILE *out, int *err)
{
	errno = 0;
	int rc = w->write(run, out);
	*err = errno;
	if (fflush(out) != 0 || ferror(out)) {
		if (!rc || !*err)
			*err = errno;
		if (!rc)
			rc = BH_EIO;
	}
	return rc;
}

/* Writes the report to a new file beside "path" and renames it over
 * "path", so a failed write (a full disk) never leaves a partial report
 * in place of an earlier one.  The file keeps an existing file's mode. */
static int write_replacing(const struct rpt_writer *w,
			   const struct rpt_run *run, const char *shown,
			   const char *path, const struct stat *old)
{
	const char *slash = strrchr(path, '/');
	size_t dirlen = slash ? (size_t)(slash - path) + 1 : 0;
	size_t n = strlen(path) + 32;
	char *tmp = malloc(n);
	if (!tmp)
		return write_failed(shown, BH_ENOMEM, 0);
	snprintf(tmp, n, "%.*s.%s.bulkhead-XXXXXX", (int)dirlen, path,
		 path + dirlen);
	int fd = mkstemp(tmp);
	if (fd < 0) {
		int e = errno;
		free(tmp);
		return write_failed(shown, BH_EIO, e);
	}
	mode_t mode;
	if (old) {
		mode = old->st_mode & 07777;
	} else {
		mode_t mask = umask(0);
		umask(mask);
		mode = 0666 & ~mask;
	}
	(void)fchmod(fd, mode);
	FILE *f = fdopen(fd, "w");
	int err = 0, rc;
	if (!f) {
		err = errno;
		close(fd);
		rc = BH_EIO;
	} else {
		rc = emit(w, run, f, &err);
		if (fclose(f) != 0 && !rc) {
			err = errno;
			rc = BH_EIO;
		}
	}
	if (!rc && rename(tmp, path) != 0) {
		err = errno;
		rc = BH_EIO;
	}
	if (rc)
		unlink(tmp);
	free(tmp);
	return rc ? write_failed(shown, rc, err) : 0;
}

int cli_write_report(const char *format, const char *output,
		     const struct rpt_run *run)
{
	if (!rpt_writer_find(format))
		return -1;
	/* the one masking step: no writer sees a secret value (mask.h) */
	if (rpt_mask_findings(run->findings) != 0) {
		fprintf(stderr, "bulkhead: out of memory\n");
		return -1;
	}
	return cli_write_masked(format, output, run);
}

int cli_write_masked(const char *format, const char *output,
		     const struct rpt_run *run)
{
	const struct rpt_writer *w = rpt_writer_find(format);
	if (!w)
		return -1;
	int err = 0, rc;
	if (!output) {
		rc = emit(w, run, stdout, &err);
		return rc ? write_failed("standard output", rc, err) : 0;
	}
	struct stat st;
	bool exists = stat(output, &st) == 0;
	if (!exists || S_ISREG(st.st_mode)) {
		/* a link to a report: replace the file it points at */
		char *real = exists ? realpath(output, NULL) : NULL;
		rc = write_replacing(w, run, output, real ? real : output,
				     exists ? &st : NULL);
		free(real);
		return rc;
	}
	if (S_ISDIR(st.st_mode))
		return write_failed(output, BH_EIO, EISDIR);
	/* a device or FIFO (/dev/stdout, a pipe): written in place */
	FILE *f = fopen(output, "w");
	if (!f)
		return write_failed(output, BH_EIO, errno);
	rc = emit(w, run, f, &err);
	if (fclose(f) != 0 && !rc) {
		err = errno;
		rc = BH_EIO;
	}
	return rc ? write_failed(output, rc, err) : 0;
}

int cli_output_is_input(const char *cmd, const char *output,
			const char *const *inputs, size_t n)
{
	struct stat o, st;
	if (!output || stat(output, &o) != 0 || !S_ISREG(o.st_mode))
		return -1;   /* a new file, or a device such as /dev/stdout */
	for (size_t i = 0; i < n; i++) {
		if (!inputs[i] || stat(inputs[i], &st) != 0)
			continue;
		if (st.st_dev == o.st_dev && st.st_ino == o.st_ino) {
			char shown[4200];
			diag_escape(shown, sizeof(shown), output);
			fprintf(stderr, "bulkhead: %s: -o %s is an input of this run "
				"(it would be overwritten)\n", cmd, shown);
			return 2;
		}
	}
	return -1;
}

/* One recorded finding, as "rule\tfile\tfingerprint". */
static int cmp_key(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int baseline_error(const char *file, const char *why)
{
	char shown[4200];
	diag_escape(shown, sizeof(shown), file);
	fprintf(stderr, "bulkhead: %s: %s\n", shown, why);
	return 2;
}

int cli_apply_baseline(const struct cli_opts *o, struct bh_findings *f)
{
	if (!o->baseline)
		return -1;
	json_error_t je;
	/* read as every input is (io_read_file: a regular file only, never
	 * waited on, bounded): json_load_file() would block on a FIFO */
	char *text = NULL;
	size_t tlen = 0;
	struct diag rd;
	diag_init(&rd, NULL);
	if (io_read_file(o->baseline, BH_MAX_INPUT, &text, &tlen, &rd) != 0) {
		char why[sizeof(rd.message) + 32];
		snprintf(why, sizeof(why), "cannot read the baseline: %s",
			 rd.message);
		return baseline_error(o->baseline, why);
	}
	json_t *root = json_loadb(text, tlen, JSON_REJECT_DUPLICATES, &je);
	free(text);
	if (!root) {
		char why[300];
		snprintf(why, sizeof(why), "%d:%d: not a baseline: %s",
			 je.line, je.column, je.text);
		return baseline_error(o->baseline, why);
	}
	json_t *list = json_object_get(root, "findings");
	if (!json_is_integer(json_object_get(root, "bulkhead_baseline")) ||
	    !json_is_array(list)) {
		json_decref(root);
		return baseline_error(o->baseline, "not a baseline (write one "
				      "with --format baseline)");
	}
	size_t nk = json_array_size(list), k = 0;
	char **keys = calloc(nk + 1, sizeof(*keys));
	int rc = keys ? -1 : baseline_error(o->baseline, "out of memory");
	for (size_t i = 0; rc < 0 && i < nk; i++) {
		json_t *e = json_array_get(list, i);
		const char *r = json_string_value(json_object_get(e, "rule_id"));
		const char *fl = json_string_value(json_object_get(e, "file"));
		const char *fp = json_string_value(json_object_get(e, "fingerprint"));
		if (!r || !fl || !fp) {
			char why[120];
			snprintf(why, sizeof(why), "not a baseline: entry %zu lacks "
				 "rule_id, file or fingerprint", i + 1);
			rc = baseline_error(o->baseline, why);
			break;
		}
		size_t len = strlen(r) + strlen(fl) + strlen(fp) + 3;
		keys[k] = malloc(len);
		if (!keys[k]) {
			rc = baseline_error(o->baseline, "out of memory");
			break;
		}
		snprintf(keys[k++], len, "%s\t%s\t%s", r, fl, fp);
	}
	json_decref(root);
	char (*fps)[32] = NULL;
	if (rc < 0) {
		/* fingerprints are of masked lines, as when they were recorded */
		fps = calloc(f->n + 1, sizeof(*fps));
		if (!fps || rpt_mask_findings(f) != 0 || rpt_fingerprints(f, fps))
			rc = baseline_error(o->baseline, "out of memory");
	}
	if (rc < 0) {
		qsort(keys, k, sizeof(*keys), cmp_key);
		size_t kept = 0, known = 0;
		for (size_t i = 0; i < f->n; i++) {
			const char *id = f->v[i].rule ? f->v[i].rule->id : "";
			size_t len = strlen(id) + strlen(f->v[i].file) + 36;
			char *key = malloc(len);
			bool hit = false;
			if (key) {
				snprintf(key, len, "%s\t%s\t%s", id, f->v[i].file, fps[i]);
				hit = bsearch(&key, keys, k, sizeof(*keys), cmp_key) != NULL;
				free(key);
			}
			if (hit) {
				known++;
				continue;
			}
			if (kept != i) {
				struct bh_finding t = f->v[kept];
				f->v[kept] = f->v[i];
				f->v[i] = t;
			}
			kept++;
		}
		/* the recorded ones are moved to the tail, then freed */
		while (f->n > kept)
			bh_findings_remove(f, f->n - 1);
		if (known) {
			char shown[4200];
			diag_escape(shown, sizeof(shown), o->baseline);
			fprintf(stderr, "bulkhead: %zu finding%s recorded in the "
				"baseline %s not reported\n", known,
				known == 1 ? "" : "s", shown);
		}
	}
	for (size_t i = 0; i < k; i++)
		free(keys[i]);
	free(keys);
	free(fps);
	return rc;
}

void cli_kust_print(const struct kust_images *k, bool verbose)
{
	for (size_t i = 0; i < k->warnings.n; i++)
		fprintf(stderr, "bulkhead: %s\n", k->warnings.v[i]);
	for (size_t i = 0; verbose && i < k->notes.n; i++)
		fprintf(stderr, "bulkhead: %s\n", k->notes.v[i]);
}

static bool opt_in(const char *const *l, const char *a)
{
	for (; *l; l++)
		if (strcmp(*l, a) == 0)
			return true;
	return false;
}

const char *cli_opt_inline(const char *arg, char *name, size_t n,
			   const char *const *value_opts,
			   const char *const *flag_opts, const char **a,
			   char **inl)
{
	const char *eq = strchr(arg, '=');
	*a = arg;
	*inl = NULL;
	if (arg[0] != '-' || arg[1] != '-' || !eq || (size_t)(eq - arg) >= n)
		return NULL;
	memcpy(name, arg, (size_t)(eq - arg));
	name[eq - arg] = 0;
	*inl = (char *)eq + 1;
	*a = name;
	if (opt_in(value_opts, name))
		return NULL;
	return name[2] && opt_in(flag_opts, name) ? "option takes no value:"
						   : "unknown option";
}
