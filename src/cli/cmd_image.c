/* SPDX-License-Identifier: Apache-2.0
 *
 * cmd_image.c - `bulkhead image IMAGE`: audit a built image (docker-archive
 * tarball, OCI layout directory or tar, or a tar on stdin as "-") without
 * Docker.
 *
 * This file owns the subcommand's options, the progress bar on stderr,
 * running the image rule family over the loaded model, severity filtering,
 * the report and the exit code (0 clean, 1 findings at or over the
 * threshold, 2 usage or input error).  Loading is src/image/, checks are
 * src/rules/rules_image.c, writers src/report/.
 * Tests: tests/suites/image.sh, tests/golden/image/.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "../core/config.h"
#include "../image/img_model.h"
#include "../report/writer.h"
#include "../rules/rule.h"
#include "../util/arena.h"
#include "cli_common.h"
#include "commands.h"
#include "config_load.h"

struct image_opts {
	const char *format;
	const char *output;
	const char *config_path;
	const char *platform;
	const char *ref;
	unsigned severity_mask;
	enum bh_severity threshold;
	int exit_code;
	bool color_off;
	bool no_progress;
};

static void image_usage(FILE *out)
{
	fprintf(out,
		"usage: bulkhead image [options] IMAGE\n"
		"  IMAGE is a `docker save` tarball, an OCI image layout (directory\n"
		"  or tar, optionally gzip/zstd compressed), or - for a tar on\n"
		"  standard input.  PATH:TAG picks a tag when the input holds several.\n\n"
		"options:\n"
		"  --format text|json|sarif   report format (default text)\n"
		"  -o, --output FILE          write the report to FILE\n"
		"  --platform OS/ARCH[/VAR]   image of a multi-platform index\n"
		"                             (default linux/amd64, else the first)\n"
		"  --ref TAG                  tag / ref name to audit\n"
		"  --severity LIST            report only these severities\n"
		"  --threshold SEV            lowest severity that makes the exit code\n"
		"                             non-zero (default info)\n"
		"  --exit-code N              exit code when findings reach the\n"
		"                             threshold (default 1)\n"
		"  --ignore RULE              do not report RULE (repeatable)\n"
		"  --enable RULE              turn on an off-by-default rule\n"
		"  --config FILE              configuration (default ./.bulkhead.yaml)\n"
		"  --no-progress              no progress bar on stderr\n"
		"  --no-color                 no ANSI colours in text output\n");
}

static int usage_error(const char *fmt, const char *arg)
{
	return cli_usage_error("image", fmt, arg);
}

/* ---- progress bar ----------------------------------------------------- */

struct bar {
	bool on, drawn;
	struct timespec last;
};

static void draw(void *ctx, size_t layer, size_t nlayers, uint64_t done,
		 uint64_t total)
{
	struct bar *b = ctx;
	if (!b->on || total < ((uint64_t)64 << 20))
		return; /* small images finish before a bar helps */
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	long ms = (now.tv_sec - b->last.tv_sec) * 1000 +
		  (now.tv_nsec - b->last.tv_nsec) / 1000000;
	if (b->drawn && ms < 150)
		return;
	b->last = now;
	int width = 30, fill = total ? (int)(done * (uint64_t)width / total) : 0;
	if (fill > width)
		fill = width;
	fprintf(stderr, "\r[%.*s%*s] layer %zu/%zu  %llu/%llu MiB ", fill,
		"##############################", width - fill, "", layer, nlayers,
		(unsigned long long)(done >> 20), (unsigned long long)(total >> 20));
	b->drawn = true;
}

static void bar_clear(struct bar *b)
{
	if (b->drawn)
		fprintf(stderr, "\r%70s\r", "");
}

/* ---- options ------------------------------------------------------------ */

enum {
	OPT_FORMAT = 256, OPT_PLATFORM, OPT_REF, OPT_SEVERITY, OPT_THRESHOLD,
	OPT_EXIT_CODE, OPT_IGNORE, OPT_ENABLE, OPT_CONFIG, OPT_NO_COLOR,
	OPT_NO_PROGRESS,
};

static const struct option long_opts[] = {
	{ "format", required_argument, NULL, OPT_FORMAT },
	{ "output", required_argument, NULL, 'o' },
	{ "platform", required_argument, NULL, OPT_PLATFORM },
	{ "ref", required_argument, NULL, OPT_REF },
	{ "severity", required_argument, NULL, OPT_SEVERITY },
	{ "threshold", required_argument, NULL, OPT_THRESHOLD },
	{ "exit-code", required_argument, NULL, OPT_EXIT_CODE },
	{ "ignore", required_argument, NULL, OPT_IGNORE },
	{ "enable", required_argument, NULL, OPT_ENABLE },
	{ "config", required_argument, NULL, OPT_CONFIG },
	{ "no-color", no_argument, NULL, OPT_NO_COLOR },
	{ "no-progress", no_argument, NULL, OPT_NO_PROGRESS },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

static bool platform_ok(const char *p)
{
	const char *s = strchr(p, '/');
	return s && s != p && s[1] && s[1] != '/' && strlen(p) < 64;
}

/* -1 = go on, else the exit code. */
static int parse_args(int argc, char **argv, struct image_opts *o,
		      struct bh_strlist *ignore, struct bh_strlist *enable)
{
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "o:h", long_opts, NULL)) != -1) {
		switch (c) {
		case OPT_FORMAT:
			if (!rpt_writer_find(optarg))
				return usage_error("unknown format '%s'", optarg);
			o->format = optarg;
			break;
		case 'o':
			o->output = optarg;
			break;
		case OPT_PLATFORM:
			if (!platform_ok(optarg))
				return usage_error("bad platform '%s' (want os/arch[/variant])",
						   optarg);
			o->platform = optarg;
			break;
		case OPT_REF:
			o->ref = optarg;
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
			if (!*optarg || *end || v < 0 || v > 255)
				return usage_error("bad exit code '%s'", optarg);
			o->exit_code = (int)v;
			break;
		}
		case OPT_IGNORE:
			bh_strlist_add(ignore, optarg);
			break;
		case OPT_ENABLE:
			bh_strlist_add(enable, optarg);
			break;
		case OPT_CONFIG:
			o->config_path = optarg;
			break;
		case OPT_NO_COLOR:
			o->color_off = true;
			break;
		case OPT_NO_PROGRESS:
			o->no_progress = true;
			break;
		case 'h':
			image_usage(stdout);
			return 0;
		default:
			return 2;
		}
	}
	if (optind != argc - 1)
		return usage_error("%s", optind >= argc ? "no IMAGE given"
							: "one IMAGE at a time");
	return -1;
}

static int load_config(const struct image_opts *o, struct bh_config *cfg)
{
	const char *path = o->config_path;
	if (!path && access(".bulkhead.yaml", R_OK) == 0)
		path = ".bulkhead.yaml";
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

int cmd_image(int argc, char **argv)
{
	struct image_opts o = { .format = "text", .threshold = BH_SEV_INFO,
				.exit_code = 1 };
	struct bh_strlist ignore = { 0 }, enable = { 0 };
	struct bh_config cfg;
	bh_config_init(&cfg);
	int rc = parse_args(argc, argv, &o, &ignore, &enable);
	if (rc < 0 && load_config(&o, &cfg) != 0)
		rc = 2;
	for (size_t i = 0; rc < 0 && i < ignore.n; i++)
		if (!cli_add_rule_id(&cfg.ignored, ignore.v[i]))
			rc = usage_error("unknown rule '%s'", ignore.v[i]);
	for (size_t i = 0; rc < 0 && i < enable.n; i++)
		if (!cli_add_rule_id(&cfg.enabled, enable.v[i]))
			rc = usage_error("unknown rule '%s'", enable.v[i]);
	{
		struct bh_config tmp;
		bh_config_init(&tmp);
		tmp.ignored = ignore;
		tmp.enabled = enable;
		bh_config_free(&tmp);
	}
	if (rc >= 0) {
		bh_config_free(&cfg);
		return rc;
	}
	const char *path = argv[optind];

	struct img_options io;
	img_options_default(&io);
	io.platform = o.platform;
	io.ref = o.ref;
	struct bar bar = { .on = !o.no_progress && isatty(STDERR_FILENO) };
	io.progress = draw;
	io.progress_ctx = &bar;

	struct img_model m;
	struct diag d;
	diag_init(&d, path);
	struct bh_findings findings = { 0 };
	struct rpt_input_error err = { 0 };
	char errline[1024];
	size_t nerr = 0;
	rc = img_load(&m, path, &io, &d);
	bar_clear(&bar);
	if (rc != 0) {
		diag_format(&d, errline, sizeof(errline));
		fprintf(stderr, "bulkhead: %s\n", errline);
		err.file = path;
		err.message = errline;
		nerr = 1;
	} else {
		struct arena scratch;
		arena_init(&scratch, (size_t)64 << 20);
		struct bh_check c = {
			.file = path,
			.arena = &scratch,
			.config = &cfg,
			.image = &m,
			.out = &findings,
		};
		bh_run_rules(&c, BH_TARGET_IMAGE);
		arena_free(&scratch);
		if (c.error) {
			snprintf(errline, sizeof(errline), "%s: out of memory while checking",
				 path);
			fprintf(stderr, "bulkhead: %s\n", errline);
			err.file = path;
			err.message = errline;
			nerr = 1;
		}
	}
	img_model_free(&m);

	cli_filter_severity(&findings, o.severity_mask);
	bh_findings_sort(&findings);
	struct rpt_run run = {
		.findings = &findings,
		.files_scanned = nerr ? 0 : 1,
		.errors = nerr ? &err : NULL,
		.nerrors = nerr,
		.command = "image",
		.target = path,
		.color = !o.color_off && !o.output && isatty(STDOUT_FILENO) &&
			 !getenv("NO_COLOR"),
	};
	rc = 0;
	if (cli_write_report(o.format, o.output, &run) != 0 || nerr)
		rc = 2;
	else if (cli_fails(&findings, o.threshold))
		rc = o.exit_code;
	bh_findings_free(&findings);
	bh_config_free(&cfg);
	return rc;
}
