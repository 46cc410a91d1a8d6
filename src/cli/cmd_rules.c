/* SPDX-License-Identifier: Apache-2.0
 *
 * cmd_rules.c - `bulkhead rules [--format text|json|markdown]`: print the
 * rule catalogue.
 *
 * This file owns the subcommand's options and exit code (0 listed, 2 usage
 * or write error); the renderings live in src/report/rules_doc.c.
 * `make docs` writes docs/rules.md with --format markdown.
 * Tests: tests/suites/docs.sh, tests/suites/meta.sh.
 */
#include <stdio.h>
#include <string.h>

#include "commands.h"
#include "../report/rules_doc.h"

static void rules_usage(FILE *out)
{
	fprintf(out,
		"usage: bulkhead rules [--format text|json|markdown]\n"
		"\n"
		"List every rule: id, severity, target, practice and title (text),\n"
		"the whole table (json), or the docs/rules.md page (markdown).\n");
}

int cmd_rules(int argc, char **argv)
{
	const char *format = "text";
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
			rules_usage(stdout);
			return 0;
		}
		if ((strcmp(a, "--format") == 0 || strcmp(a, "-f") == 0) &&
		    i + 1 < argc) {
			format = argv[++i];
		} else if (strncmp(a, "--format=", 9) == 0) {
			format = a + 9;
		} else {
			fprintf(stderr, "bulkhead rules: unexpected argument '%s'\n", a);
			rules_usage(stderr);
			return 2;
		}
	}
	if (!rules_doc_format_known(format)) {
		fprintf(stderr, "bulkhead rules: unknown format '%s' "
			"(text, json or markdown)\n", format);
		return 2;
	}
	if (rules_doc_write(stdout, format) != 0) {
		fprintf(stderr, "bulkhead rules: cannot write the output\n");
		return 2;
	}
	return 0;
}
