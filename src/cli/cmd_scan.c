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
#include "walk.h"

struct scan_opts {
	struct cli_opts cli;         /* the options scan shares (cli_common.h) */
	const char *kind;
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

#define SCAN_GROUPS (CLI_REPORT | CLI_CONFIG | CLI_ENABLE | CLI_PRAGMA | \
		     CLI_PROFILE | CLI_JOBS)

static void scan_usage(FILE *out)
{
	fprintf(out,
		"usage: bulkhead scan [options] [PATH...]\n"
		"  PATH is a directory (walked for Dockerfiles, Compose files and\n"
		"  Kubernetes manifests), a file (scanned whatever its name), or -\n"
		"  for standard input.  Default: the current directory.\n\n"
		"options:\n"
		"  --kind dockerfile|compose|kubernetes\n"
		"                             force the kind of explicitly named files\n"
		"  -f, --file FILE            a Compose file; several -f are merged as\n"
		"                             'docker compose -f a -f b' merges them\n");
	cli_print_options(out, SCAN_GROUPS);
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
	struct bh_strlist warnings;   /* "file:line: warning: ..." */
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
	struct bh_scan_ctx ctx = { cfg, &it->found, &d, &it->warnings };
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
	cli_print_warnings(&it->warnings);
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
		struct bh_strlist warnings = { 0 };
		struct bh_scan_ctx ctx = { cfg, out, &d, &warnings };
		int rc = cmp_scan_merged(in, n, &ctx);
		cli_print_warnings(&warnings);
		if (rc != BH_OK || diag_failed(&d))
			record_error(errs, d.file ? d.file : in[0].path, &d);
		*files_scanned += n;
		remember_input(ins, in[0].path, in[0].fs_path, &bh_format_compose);
	}
	for (size_t i = 0; texts && i < files->n; i++)
		free(texts[i]);
	free(texts);
	free(in);
}

enum { OPT_KIND = CLI_OPT__END };

static const struct option scan_opts_own[] = {
	{ "kind", required_argument, NULL, OPT_KIND },
	{ "file", required_argument, NULL, 'f' },
	{ NULL, 0, NULL, 0 },
};

/* scan's own options; -1 = go on, else the exit code. */
static int scan_option(void *ud, int c, const char *arg)
{
	struct scan_opts *o = ud;
	switch (c) {
	case 'f':
		return bh_strlist_add(&o->compose_files, arg) ? 2 : -1;
	case OPT_KIND:
		if (!bh_format_named(arg))
			return usage_error("unknown kind '%s'", arg);
		o->kind = arg;
		return -1;
	default:
		return usage_error("unknown option '%s'", arg);
	}
}

int cmd_scan(int argc, char **argv)
{
	struct scan_opts o = { 0 };
	cli_opts_init(&o.cli, "scan", SCAN_GROUPS, scan_opts_own, "f:");
	struct bh_config cfg;
	bh_config_init(&cfg);
	int rc = cli_parse(&o.cli, argc, argv, scan_option, &o, scan_usage);
	if (rc < 0)
		rc = cli_load_config(&o.cli, &cfg);
	if (rc >= 0) {
		bh_config_free(&cfg);
		bh_strlist_free(&o.compose_files);
		cli_opts_free(&o.cli);
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
	scan_items(&list, o.cli.jobs);
	link_services(ins.v, ins.n, &findings);
	free_inputs(&ins);
	bh_strlist_free(&o.compose_files);

	cli_filter_severity(&findings, o.cli.severity_mask);
	bh_findings_sort(&findings);
	struct rpt_run run = {
		.findings = &findings,
		.files_scanned = files_scanned,
		.errors = errs.v,
		.nerrors = errs.n,
		.command = "scan",
		.color = !o.cli.color_off && !o.cli.output &&
			 isatty(STDOUT_FILENO) && !getenv("NO_COLOR"),
	};
	rc = 0;
	if (cli_write_report(o.cli.format, o.cli.output, &run) != 0)
		rc = 2;
	else if (errs.n)
		rc = 2;
	else
		rc = cli_findings_exit(&o.cli, &findings);
	bh_findings_free(&findings);
	free_errors(&errs);
	bh_config_free(&cfg);
	cli_opts_free(&o.cli);
	return rc;
}
