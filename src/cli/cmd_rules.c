/* SPDX-License-Identifier: Apache-2.0
 *
 * cmd_rules.c - `bulkhead rules [ID...] [--target T] [--format F]`: print
 * the rule catalogue, or some of it.
 *
 * This file owns the subcommand's options and exit code (0 listed, 2 usage
 * or write error).  An ID is ours (BH1001, any case) or a peer tool's in
 * any spelling (DL3008, DS-0002, AVD-KSV-0001...), which shows the rules
 * it maps to; text output shows named rules in full.  The renderings live
 * in src/report/rules_doc.c.  `make docs` writes docs/rules.md with
 * --format markdown.
 * Tests: tests/suites/docs.sh, tests/suites/meta.sh, tests/cases/cli/rules-*.case.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_common.h"
#include "commands.h"
#include "../report/rules_doc.h"
#include "../rules/rule.h"

#define MAX_SHOWN 512

static void rules_usage(FILE *out)
{
	fprintf(out,
		"usage: bulkhead rules [ID...] [--target T] [--format text|json|markdown]\n"
		"\n"
		"List every rule: id, severity, target, practice and title (text),\n"
		"the whole table (json), or the docs/rules.md page (markdown).\n"
		"  ID                     show these rules in full: ours (BH1001) or a\n"
		"                         peer tool's id in any spelling (DL3008,\n"
		"                         DS002, AVD-DS-0002, KSV-0001, CKV_K8S_20)\n"
		"  --target T             only rules for dockerfile, compose,\n"
		"                         kubernetes, image,\n"
		"                         runtime, daemon or policy\n"
		"  --format F             text (default), json or markdown\n");
}

static int target_named(const char *s)
{
	static const struct {
		const char *name;
		enum bh_target t;
	} names[] = {
		{ "dockerfile", BH_TARGET_DOCKERFILE }, { "compose", BH_TARGET_COMPOSE },
		{ "kubernetes", BH_TARGET_K8S }, { "k8s", BH_TARGET_K8S },
		{ "image", BH_TARGET_IMAGE }, { "runtime", BH_TARGET_RUNTIME },
		{ "daemon", BH_TARGET_DAEMON }, { "policy", BH_TARGET_POLICY },
	};
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (!strcmp(s, names[i].name))
			return (int)names[i].t;
	return -1;
}

int cmd_rules(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "target", required_argument, NULL, 't' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *format = "text";
	struct rules_doc_filter f = { NULL, 0, -1 };
	int c;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":f:t:h", opts, NULL)) != -1) {
		switch (c) {
		case 'h':
			rules_usage(stdout);
			return 0;
		case 'f':
			format = optarg;
			break;
		case 't':
			f.target = target_named(optarg);
			if (f.target < 0)
				return cli_usage_error("rules", "unknown target '%s' "
						       "(dockerfile, compose, "
						       "kubernetes, image, runtime, "
						       "daemon or policy)", optarg);
			break;
		case ':':
			return cli_usage_error("rules", "option '%s' needs a value",
					       argv[optind - 1]);
		default:
			return cli_usage_error("rules", "unknown option '%s'",
					       argv[optind - 1]);
		}
	}
	if (!rules_doc_format_known(format))
		return cli_usage_error("rules", "unknown format '%s' (text, json "
				       "or markdown)", format);
	const struct bh_rule **only = NULL;
	size_t n = 0;
	if (optind < argc) {
		only = calloc(MAX_SHOWN, sizeof(*only));
		if (!only) {
			fprintf(stderr, "bulkhead: out of memory\n");
			return 2;
		}
	}
	for (int i = optind; i < argc; i++) {
		size_t k = bh_rule_resolve(argv[i], only + n, MAX_SHOWN - n);
		if (!k) {
			free(only);
			return cli_usage_error("rules", "unknown rule '%s'", argv[i]);
		}
		n += k;
	}
	f.only = only;
	f.nonly = n;
	int rc = 0;
	if (rules_doc_write_filtered(stdout, format, &f) != 0) {
		fprintf(stderr, "bulkhead: rules: cannot write the output\n");
		rc = 2;
	}
	free(only);
	return rc;
}
