/* SPDX-License-Identifier: Apache-2.0
 *
 * cmd_scan.c - `bulkhead scan [options] [PATH...]`.
 *
 * This file owns the scan command line: choosing inputs (directories are
 * walked, files named explicitly are scanned whatever their name, "-" is
 * stdin), loading the configuration, handing each input to its format,
 * filtering by severity, writing the report and deciding the exit code.
 * Inputs are first listed (directories walked), then scanned -j at a
 * time (src/util/pmap.c): each input's findings and errors are kept with
 * it and merged in input order, so the report and stderr do not depend
 * on -j.  It holds no format or rule knowledge.  Tests: tests/cases/cli/,
 * tests/suites/scan_jobs.sh.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../core/config.h"
#include "../core/finding.h"
#include "../core/link.h"
#include "../parse/cmp.h"
#include "../parse/formats.h"
#include "../report/writer.h"
#include "../rules/rule.h"
#include "../secrets/secrets.h"
#include "../util/io.h"
#include "../util/pmap.h"
#include "cli_common.h"
#include "commands.h"
#include "config_load.h"
#include "walk.h"

struct scan_opts {
	const char *format;
	const char *output;
	const char *kind;
	const char *config_path;
	unsigned severity_mask;      /* bit per severity to report; 0 = all */
	enum bh_severity threshold;  /* lowest severity that fails the run */
	int exit_code;               /* code for findings at/over threshold */
	bool color_off;
	unsigned jobs;               /* inputs scanned at once */
	struct bh_strlist compose_files; /* -f: one merged Compose project */
};

struct scan_errors {
	struct rpt_input_error *v;
	size_t n;
};

/* Every input of the run, for joining services to Dockerfiles. */
struct scan_inputs {
	struct link_input *v;
	size_t n;
};

static void remember_input(struct scan_inputs *ins, const char *display,
			   const char *fs_path, const struct bh_format *fmt)
{
	struct link_input *v = realloc(ins->v, (ins->n + 1) * sizeof(*v));
	if (!v)
		return;
	ins->v = v;
	v[ins->n].display = strdup(display);
	v[ins->n].fs_path = fs_path ? strdup(fs_path) : NULL;
	v[ins->n].format = fmt;
	ins->n++;
}

static void free_inputs(struct scan_inputs *ins)
{
	for (size_t i = 0; i < ins->n; i++) {
		free((char *)ins->v[i].display);
		free((char *)ins->v[i].fs_path);
	}
	free(ins->v);
}

static void scan_usage(FILE *out)
{
	fprintf(out,
		"usage: bulkhead scan [options] [PATH...]\n"
		"  PATH is a directory (walked for Dockerfiles, Compose files and\n"
		"  Kubernetes manifests), a file (scanned whatever its name), or -\n"
		"  for standard input.  Default: the current directory.\n\n"
		"options:\n"
		"  --format text|json|sarif   report format (default text)\n"
		"  -o, --output FILE          write the report to FILE\n"
		"  --kind dockerfile|compose|kubernetes\n"
		"                             force the kind of explicitly named files\n"
		"  --severity LIST            report only these severities\n"
		"                             (e.g. critical,high)\n"
		"  --threshold SEV            lowest severity that makes the exit code\n"
		"                             non-zero (default info)\n"
		"  --exit-code N              exit code when findings reach the\n"
		"                             threshold (default 1; 0 never fails)\n"
		"  --ignore RULE              do not report RULE (repeatable; hadolint\n"
		"                             and Trivy ids map to ours)\n"
		"  --enable RULE              turn on an off-by-default rule\n"
		"  --profile baseline|restricted  Kubernetes Pod Security profile\n"
		"  --config FILE              configuration (default ./.bulkhead.yaml)\n"
		"  --disable-ignore-pragma    ignore inline '# bulkhead ignore=' comments\n"
		"  --no-color                 no ANSI colours in text output\n"
		"  -f, --file FILE            a Compose file; several -f are merged as\n"
		"                             'docker compose -f a -f b' merges them\n"
		"  -j, --jobs N               files scanned at once (default: the\n"
		"                             number of CPUs; the report is the same)\n");
}

static int usage_error(const char *fmt, const char *arg)
{
	return cli_usage_error("scan", fmt, arg);
}

/* Keeps an input error for the report, without printing it. */
static void keep_error(struct scan_errors *errs, const char *file,
		       const struct diag *d)
{
	char line[1024];
	diag_format(d, line, sizeof(line));
	struct rpt_input_error *v =
		realloc(errs->v, (errs->n + 1) * sizeof(*v));
	if (!v)
		return;
	errs->v = v;
	char *f = strdup(file), *m = strdup(line);
	if (!f || !m) {
		free(f);
		free(m);
		return;
	}
	v[errs->n].file = f;
	v[errs->n].message = m;
	errs->n++;
}

/* Prints an input error on stderr and keeps it for the report. */
static void record_error(struct scan_errors *errs, const char *file,
			 const struct diag *d)
{
	char line[1024];
	diag_format(d, line, sizeof(line));
	fprintf(stderr, "bulkhead: %s\n", line);
	keep_error(errs, file, d);
}

static void free_errors(struct scan_errors *errs)
{
	for (size_t i = 0; i < errs->n; i++) {
		free((char *)errs->v[i].file);
		free((char *)errs->v[i].message);
	}
	free(errs->v);
}

/* One input of the run: listed first, scanned by a worker, then merged
 * into the run's findings, errors and inputs in list order. */
struct scan_item {
	char *display;                /* path as reported; owned */
	char *fs_path;                /* on disk; NULL for stdin; owned */
	bool explicit;                /* named on the command line */
	bool scan;                    /* false: only carries an error */
	const struct bh_format *fmt;  /* set once scanned */
	struct bh_findings found;
	struct scan_errors errs;
};

struct scan_list {
	struct scan_item *v;
	size_t n, cap;
	const struct scan_opts *o;
	const struct bh_config *cfg;
	bool stdin_listed;
	/* the run's results, filled in order by merge_item() */
	struct bh_findings *out;
	struct scan_errors *errs;
	struct scan_inputs *ins;
	size_t *files_scanned;
};

static struct scan_item *add_item(struct scan_list *l, const char *display,
				  const char *fs_path, bool explicit)
{
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 64;
		struct scan_item *v = realloc(l->v, cap * sizeof(*v));
		if (!v)
			return NULL;
		l->v = v;
		l->cap = cap;
	}
	struct scan_item *it = &l->v[l->n];
	*it = (struct scan_item){ .display = strdup(display),
				  .fs_path = fs_path ? strdup(fs_path) : NULL,
				  .explicit = explicit, .scan = true };
	if (!it->display || (fs_path && !it->fs_path)) {
		free(it->display);
		free(it->fs_path);
		return NULL;
	}
	l->n++;
	return it;
}

/* An error found while listing inputs, reported at its place. */
static void add_error_item(struct scan_list *l, const char *file,
			   const struct diag *d)
{
	struct scan_item *it = add_item(l, file, NULL, false);
	if (!it) {
		record_error(l->errs, file, d);
		return;
	}
	it->scan = false;
	keep_error(&it->errs, file, d);
}

/* Reads and scans one input (any thread). */
static void scan_one(struct scan_item *it, const struct scan_opts *o,
		     const struct bh_config *cfg)
{
	struct diag d;
	diag_init(&d, it->display);
	char *text = NULL;
	size_t len = 0;
	int rc = it->fs_path
			 ? io_read_file(it->fs_path, BH_MAX_INPUT, &text, &len, &d)
			 : io_read_stream(stdin, BH_MAX_INPUT, &text, &len, &d);
	if (rc != BH_OK) {
		keep_error(&it->errs, it->display, &d);
		return;
	}
	const struct bh_format *fmt = NULL;
	if (o->kind)
		fmt = bh_format_named(o->kind);
	else if (it->explicit)
		fmt = bh_format_detect(io_base_name(it->display), text, len);
	else
		fmt = bh_format_for_name(io_base_name(it->display));
	if (!fmt) {
		diag_error(&d, BH_EPARSE, 0, 0,
			   "cannot tell what kind of file this is (use --kind)");
		keep_error(&it->errs, it->display, &d);
		free(text);
		return;
	}
	struct bh_input in = { it->display, it->fs_path, text, len,
			       it->explicit };
	struct bh_scan_ctx ctx = { cfg, &it->found, &d };
	rc = fmt->scan(&in, &ctx);
	it->fmt = fmt;
	if (rc != BH_OK || diag_failed(&d)) {
		if (!diag_failed(&d))
			diag_error(&d, rc, 0, 0, "scan failed");
		keep_error(&it->errs, it->display, &d);
	}
	free(text);
}

static void work_item(void *ud, size_t i)
{
	struct scan_list *l = ud;
	if (l->v[i].scan)
		scan_one(&l->v[i], l->o, l->cfg);
}

/* Moves item i's results into the run (the caller's thread, in order). */
static void merge_item(void *ud, size_t i)
{
	struct scan_list *l = ud;
	struct scan_item *it = &l->v[i];
	for (size_t k = 0; k < it->errs.n; k++) {
		fprintf(stderr, "bulkhead: %s\n", it->errs.v[k].message);
		struct rpt_input_error *v = realloc(
			l->errs->v, (l->errs->n + 1) * sizeof(*v));
		if (!v) {
			free((char *)it->errs.v[k].file);
			free((char *)it->errs.v[k].message);
			continue;
		}
		l->errs->v = v;
		v[l->errs->n++] = it->errs.v[k];
	}
	free(it->errs.v);
	it->errs = (struct scan_errors){ 0 };
	if (it->fmt) {
		(*l->files_scanned)++;
		remember_input(l->ins, it->display, it->fs_path, it->fmt);
	}
	/* findings stay with the item: scan_items() moves them all at once */
	free(it->display);
	free(it->fs_path);
	it->display = it->fs_path = NULL;
}

/* Scans every listed input, "jobs" at a time, and empties the list. */
static void scan_items(struct scan_list *l, unsigned jobs)
{
	struct pmap_ops ops = { work_item, merge_item, l };
	if (pmap_run(l->n, jobs, &ops) != 0)
		pmap_run(l->n, 1, &ops);  /* no thread: do it here */
	/* one allocation for every finding of the run, then one copy each */
	size_t total = l->out->n;
	for (size_t i = 0; i < l->n; i++)
		total += l->v[i].found.n;
	if (total > l->out->cap) {
		struct bh_finding *v = realloc(l->out->v, total * sizeof(*v));
		if (v) {
			l->out->v = v;
			l->out->cap = total;
		}
	}
	for (size_t i = 0; i < l->n; i++) {
		if (bh_findings_take(l->out, &l->v[i].found) != BH_OK)
			fprintf(stderr, "bulkhead: out of memory\n");
		bh_findings_free(&l->v[i].found);
	}
	free(l->v);
	l->v = NULL;
	l->n = l->cap = 0;
}

/* The path as reported for a file found under "root". */
static const char *relative_to(const char *path, const char *root)
{
	size_t n = strlen(root);
	if (strcmp(root, ".") == 0)
		return path;
	if (strncmp(path, root, n) == 0) {
		const char *p = path + n;
		while (*p == '/')
			p++;
		if (*p)
			return p;
	}
	return path;
}

static bool claimed_by_a_format(const char *base)
{
	return bh_format_for_name(base) != NULL;
}

/* Lists the inputs of one PATH argument. */
static void list_path(struct scan_list *l, const char *arg)
{
	if (strcmp(arg, "-") == 0) {
		/* standard input is read once: a second "-" would share it
		 * with the first (or be empty) */
		if (!l->stdin_listed && !add_item(l, "stdin", NULL, true))
			fprintf(stderr, "bulkhead: out of memory\n");
		l->stdin_listed = true;
		return;
	}
	struct stat st;
	struct diag d;
	diag_init(&d, arg);
	if (stat(arg, &st) != 0) {
		diag_error(&d, BH_EIO, 0, 0, "no such file or directory");
		add_error_item(l, arg, &d);
		return;
	}
	if (!S_ISDIR(st.st_mode)) {
		if (!add_item(l, arg, arg, true))
			fprintf(stderr, "bulkhead: out of memory\n");
		return;
	}
	struct path_list files = { 0 };
	if (walk_dir(arg, claimed_by_a_format, &files, &d) != BH_OK)
		add_error_item(l, arg, &d);
	for (size_t i = 0; i < files.n; i++)
		if (!add_item(l, relative_to(files.v[i], arg), files.v[i],
			      false))
			fprintf(stderr, "bulkhead: out of memory\n");
	path_list_free(&files);
}

/* `-f a.yml -f b.yml`: one Compose project, later files overriding. */
static void scan_compose_merged(const struct bh_strlist *files,
				const struct bh_config *cfg,
				struct bh_findings *out, struct scan_errors *errs,
				struct scan_inputs *ins, size_t *files_scanned)
{
	struct bh_input *in = calloc(files->n, sizeof(*in));
	char **texts = calloc(files->n, sizeof(*texts));
	size_t n = 0;
	struct diag d;
	for (size_t i = 0; in && texts && i < files->n; i++) {
		diag_init(&d, files->v[i]);
		size_t len = 0;
		if (io_read_file(files->v[i], BH_MAX_INPUT, &texts[i], &len, &d) != BH_OK) {
			record_error(errs, files->v[i], &d);
			continue;
		}
		in[n++] = (struct bh_input){ files->v[i], files->v[i], texts[i], len, true };
	}
	if (n) {
		diag_init(&d, in[0].path);
		struct bh_scan_ctx ctx = { cfg, out, &d };
		if (cmp_scan_merged(in, n, &ctx) != BH_OK || diag_failed(&d))
			record_error(errs, d.file ? d.file : in[0].path, &d);
		*files_scanned += n;
		remember_input(ins, in[0].path, in[0].fs_path, &bh_format_compose);
	}
	for (size_t i = 0; texts && i < files->n; i++)
		free(texts[i]);
	free(texts);
	free(in);
}

static int load_config(const struct scan_opts *o, struct bh_config *cfg)
{
	const char *path = o->config_path;
	if (!path && access(".bulkhead.yaml", R_OK) == 0)
		path = ".bulkhead.yaml";
	if (!path && access(".bulkhead.yml", R_OK) == 0)
		path = ".bulkhead.yml";
	if (!path)
		return 0;
	struct diag d;
	diag_init(&d, path);
	if (config_load(path, cfg, &d) != BH_OK) {
		char line[1024];
		diag_format(&d, line, sizeof(line));
		fprintf(stderr, "bulkhead: %s\n", line);
		return -1;
	}
	return 0;
}

enum {
	OPT_FORMAT = 256, OPT_KIND, OPT_SEVERITY, OPT_THRESHOLD, OPT_EXIT_CODE,
	OPT_IGNORE, OPT_ENABLE, OPT_PROFILE, OPT_CONFIG, OPT_NO_PRAGMA,
	OPT_NO_COLOR, OPT_JOBS,
};

static const struct option long_opts[] = {
	{ "format", required_argument, NULL, OPT_FORMAT },
	{ "output", required_argument, NULL, 'o' },
	{ "kind", required_argument, NULL, OPT_KIND },
	{ "severity", required_argument, NULL, OPT_SEVERITY },
	{ "threshold", required_argument, NULL, OPT_THRESHOLD },
	{ "failure-threshold", required_argument, NULL, OPT_THRESHOLD },
	{ "exit-code", required_argument, NULL, OPT_EXIT_CODE },
	{ "ignore", required_argument, NULL, OPT_IGNORE },
	{ "enable", required_argument, NULL, OPT_ENABLE },
	{ "profile", required_argument, NULL, OPT_PROFILE },
	{ "config", required_argument, NULL, OPT_CONFIG },
	{ "disable-ignore-pragma", no_argument, NULL, OPT_NO_PRAGMA },
	{ "no-color", no_argument, NULL, OPT_NO_COLOR },
	{ "file", required_argument, NULL, 'f' },
	{ "jobs", required_argument, NULL, 'j' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

/* Options that need the config (rule lists) are applied after it loads. */
struct late_opts {
	struct bh_strlist ignore, enable;
	const char *profile;
	bool no_pragma;
};

static int parse_args(int argc, char **argv, struct scan_opts *o,
		      struct late_opts *late)
{
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "o:f:j:h", long_opts, NULL)) != -1) {
		switch (c) {
		case OPT_FORMAT:
			if (!rpt_writer_find(optarg))
				return usage_error("unknown format '%s'", optarg);
			o->format = optarg;
			break;
		case 'o':
			o->output = optarg;
			break;
		case 'f':
			bh_strlist_add(&o->compose_files, optarg);
			break;
		case 'j': {
			_Static_assert(PMAP_MAX_JOBS == 64,
				       "the -j message names the limit");
			char *end;
			long v = strtol(optarg, &end, 10);
			if (end == optarg || *end || v < 1 || v > PMAP_MAX_JOBS)
				return usage_error("-j wants a number from 1 to "
						   "64, not '%s'", optarg);
			o->jobs = (unsigned)v;
			break;
		}
		case OPT_KIND:
			if (!bh_format_named(optarg))
				return usage_error("unknown kind '%s'", optarg);
			o->kind = optarg;
			break;
		case OPT_SEVERITY:
			if (cli_parse_severity_list(optarg, &o->severity_mask) != 0)
				return usage_error("bad severity list '%s'", optarg);
			break;
		case OPT_THRESHOLD:
			if (bh_severity_parse(optarg, &o->threshold) != 0)
				return usage_error("unknown severity '%s'", optarg);
			break;
		case OPT_EXIT_CODE: {
			char *end;
			long v = strtol(optarg, &end, 10);
			if (*end || v < 0 || v > 255)
				return usage_error("bad exit code '%s'", optarg);
			o->exit_code = (int)v;
			break;
		}
		case OPT_IGNORE:
			bh_strlist_add(&late->ignore, optarg);
			break;
		case OPT_ENABLE:
			bh_strlist_add(&late->enable, optarg);
			break;
		case OPT_PROFILE:
			if (strcmp(optarg, "baseline") && strcmp(optarg, "restricted"))
				return usage_error("unknown profile '%s'", optarg);
			late->profile = optarg;
			break;
		case OPT_CONFIG:
			o->config_path = optarg;
			break;
		case OPT_NO_PRAGMA:
			late->no_pragma = true;
			break;
		case OPT_NO_COLOR:
			o->color_off = true;
			break;
		case 'h':
			scan_usage(stdout);
			return 0;
		default:
			return 2;
		}
	}
	return -1; /* go on */
}

static int apply_late(struct late_opts *late, struct bh_config *cfg)
{
	for (size_t i = 0; i < late->ignore.n; i++)
		if (!cli_add_rule_id(&cfg->ignored, late->ignore.v[i]))
			return usage_error("unknown rule '%s'", late->ignore.v[i]);
	for (size_t i = 0; i < late->enable.n; i++)
		if (!cli_add_rule_id(&cfg->enabled, late->enable.v[i]))
			return usage_error("unknown rule '%s'", late->enable.v[i]);
	if (late->profile)
		cfg->profile = strcmp(late->profile, "restricted") == 0
				       ? BH_PROFILE_RESTRICTED
				       : BH_PROFILE_BASELINE;
	if (late->no_pragma)
		cfg->no_inline_ignores = true;
	return -1;
}

static void free_late(struct late_opts *late)
{
	struct bh_config tmp;
	bh_config_init(&tmp);
	tmp.ignored = late->ignore;
	tmp.enabled = late->enable;
	bh_config_free(&tmp);
}

int cmd_scan(int argc, char **argv)
{
	struct scan_opts o = { .format = "text", .threshold = BH_SEV_INFO,
			       .exit_code = 1, .jobs = pmap_default_jobs() };
	struct late_opts late = { 0 };
	struct bh_config cfg;
	bh_config_init(&cfg);
	int rc = parse_args(argc, argv, &o, &late);
	if (rc < 0 && load_config(&o, &cfg) != 0)
		rc = 2;
	if (rc < 0)
		rc = apply_late(&late, &cfg);
	free_late(&late);
	if (rc >= 0) {
		bh_config_free(&cfg);
		return rc;
	}

	struct bh_findings findings = { 0 };
	struct scan_errors errs = { 0 };
	struct scan_inputs ins = { 0 };
	size_t files_scanned = 0;
	if (o.compose_files.n)
		scan_compose_merged(&o.compose_files, &cfg, &findings, &errs,
				    &ins, &files_scanned);
	struct scan_list list = { .o = &o, .cfg = &cfg, .out = &findings,
				  .errs = &errs, .ins = &ins,
				  .files_scanned = &files_scanned };
	if (optind >= argc && !o.compose_files.n)
		list_path(&list, ".");
	for (int i = optind; i < argc; i++)
		list_path(&list, argv[i]);
	/* the secret tables are built before any worker reads them */
	(void)sec_init();
	scan_items(&list, o.jobs);
	link_services(ins.v, ins.n, &findings);
	free_inputs(&ins);
	bh_strlist_free(&o.compose_files);

	cli_filter_severity(&findings, o.severity_mask);
	bh_findings_sort(&findings);
	struct rpt_run run = {
		.findings = &findings,
		.files_scanned = files_scanned,
		.errors = errs.v,
		.nerrors = errs.n,
		.command = "scan",
		.color = !o.color_off && !o.output && isatty(STDOUT_FILENO) &&
			 !getenv("NO_COLOR"),
	};
	rc = 0;
	if (cli_write_report(o.format, o.output, &run) != 0)
		rc = 2;
	else if (errs.n)
		rc = 2;
	else if (cli_fails(&findings, o.threshold))
		rc = o.exit_code;
	bh_findings_free(&findings);
	free_errors(&errs);
	bh_config_free(&cfg);
	return rc;
}
