/* SPDX-License-Identifier: Apache-2.0
 *
 * cmd_runtime.c - `bulkhead inspect [FILE|-]` (running containers, as
 * `docker inspect` / `podman inspect` print them) and `bulkhead daemon
 * [FILE]` (the Docker daemon's daemon.json, default
 * /etc/docker/daemon.json).
 *
 * This file owns the two command lines: one input each (inspect reads
 * standard input when given none or "-"), the options scan shares
 * (cli_common.c: --format, --threshold, --exit-code, --config, --ignore,
 * ...), and the missing default daemon.json, one line and exit 2.  The
 * input goes through the core pipeline as scan's do (bh_scan_input(),
 * src/core/scan.c, with the kind forced: "inspect" or "daemon",
 * src/core/scan_rt.c), and the report through the same writers
 * (cli_write_report()); exit 0 clean, 1 findings at or over the
 * threshold, 2 usage or input error (a JSON syntax error is one line
 * "file:line:col: ...").  It holds no format or rule knowledge.
 * Tests: tests/cases/runtime/, tests/cases/daemon/,
 * tests/cases/cli/help-*.case.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../core/config.h"
#include "../core/finding.h"
#include "../core/scan.h"
#include "../report/writer.h"
#include "../util/diag.h"
#include "cli_common.h"
#include "commands.h"

#define RT_GROUPS (CLI_REPORT | CLI_CONFIG | CLI_ENABLE)

#define DAEMON_JSON_DEFAULT "/etc/docker/daemon.json"

static void inspect_usage(FILE *out)
{
	fprintf(out,
		"usage: bulkhead inspect [options] [FILE|-]\n"
		"  FILE holds what `docker inspect` or `podman inspect` prints for\n"
		"  containers: a JSON array of container objects, or one object.\n"
		"  Without FILE, or with -, it is read from standard input:\n"
		"    docker inspect $(docker ps -q) | bulkhead inspect\n"
		"  Findings point at the key that is wrong (docs/runtime.md).\n\n"
		"options:\n");
	cli_print_options(out, RT_GROUPS);
}

static void daemon_usage(FILE *out)
{
	fprintf(out,
		"usage: bulkhead daemon [options] [FILE]\n"
		"  FILE is the Docker daemon's configuration, daemon.json (default\n"
		"  " DAEMON_JSON_DEFAULT "; - for standard input).  A setting it\n"
		"  does not name is judged by the daemon's default (docs/runtime.md).\n\n"
		"options:\n");
	cli_print_options(out, RT_GROUPS);
}

/* Prints an input error line and keeps it for the report. */
static void keep_error(struct rpt_input_error **v, size_t *n,
		       const char *file, const char *line)
{
	fprintf(stderr, "bulkhead: %s\n", line);
	struct rpt_input_error *nv = realloc(*v, (*n + 1) * sizeof(*nv));
	if (!nv)
		return;
	*v = nv;
	char *f = strdup(file), *m = strdup(line);
	if (!f || !m) {
		free(f);
		free(m);
		return;
	}
	nv[*n].file = f;
	nv[*n].message = m;
	(*n)++;
}

/* One run of "cmd" over its input "arg" (NULL: the default), the input
 * kind "kind". */
static int run(const char *cmd, const char *kind, int argc, char **argv,
	       void (*usage)(FILE *out))
{
	struct cli_opts o;
	cli_opts_init(&o, cmd, RT_GROUPS, NULL, NULL);
	struct bh_config cfg;
	bh_config_init(&cfg);
	int rc = cli_parse(&o, argc, argv, NULL, NULL, usage);
	if (rc < 0 && argc - optind > 1)
		rc = cli_usage_error(cmd, "%s", "one FILE at a time");
	const char *arg = optind < argc ? argv[optind] : NULL;
	bool is_daemon = !strcmp(kind, "daemon");
	if (rc < 0) {
		const char *in[] = { arg };
		rc = cli_output_is_input(cmd, o.output, in, 1);
	}
	if (rc < 0 && !arg && is_daemon) {
		struct stat st;
		if (stat(DAEMON_JSON_DEFAULT, &st) != 0) {
			fprintf(stderr, "bulkhead: daemon: no %s (%s): name "
				"the daemon.json to audit\n", DAEMON_JSON_DEFAULT,
				strerror(errno));
			rc = 2;
		}
	}
	if (rc < 0)
		rc = cli_load_config(&o, &cfg);
	if (rc >= 0) {
		bh_config_free(&cfg);
		cli_opts_free(&o);
		return rc;
	}
	if (!arg)
		arg = is_daemon ? DAEMON_JSON_DEFAULT : "-";
	bool from_stdin = !strcmp(arg, "-");
	struct bh_scan_input in = {
		.path = from_stdin ? "stdin" : arg,
		.fs_path = from_stdin ? NULL : arg,
		.explicit = true,
		.kind = kind,
	};
	struct bh_scan_result res;
	(void)bh_scan_input(&in, &cfg, &res);
	struct rpt_input_error *errs = NULL;
	size_t nerrs = 0, unreadable = 0;
	cli_print_warnings(&res.warnings);
	for (size_t i = 0; i < res.nerrors; i++) {
		keep_error(&errs, &nerrs, res.errors[i].file,
			   res.errors[i].message);
		if (res.errors[i].unreadable)
			unreadable++;
	}
	struct bh_findings findings = { 0 };
	if (bh_findings_take(&findings, &res.found) != BH_OK)
		fprintf(stderr, "bulkhead: out of memory\n");
	size_t scanned = res.nscanned;
	bh_scan_result_free(&res);

	cli_filter_severity(&findings, o.severity_mask);
	bh_findings_sort(&findings);
	char *cwd = getcwd(NULL, 0);
	struct rpt_run rr = {
		.findings = &findings,
		.files_scanned = scanned,
		.errors = errs,
		.nerrors = nerrs,
		.command = cmd,
		.color = !o.color_off && !o.output && isatty(STDOUT_FILENO) &&
			 !getenv("NO_COLOR"),
		.files_unreadable = unreadable,
		.base_dir = cwd,
		/* the container checks are the Compose rows' second input */
		.second_input = !is_daemon,
	};
	rc = cli_apply_baseline(&o, &findings) >= 0 ? 2 : 0;
	if (rc || cli_write_report(o.format, o.output, &rr) != 0 || nerrs)
		rc = 2;
	else
		rc = cli_findings_exit(&o, &findings);
	bh_findings_free(&findings);
	for (size_t i = 0; i < nerrs; i++) {
		free((char *)errs[i].file);
		free((char *)errs[i].message);
	}
	free(errs);
	free(cwd);
	bh_config_free(&cfg);
	cli_opts_free(&o);
	return rc;
}

int cmd_inspect(int argc, char **argv)
{
	return run("inspect", "inspect", argc, argv, inspect_usage);
}

int cmd_daemon(int argc, char **argv)
{
	return run("daemon", "daemon", argc, argv, daemon_usage);
}
