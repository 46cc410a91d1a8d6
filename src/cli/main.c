/* SPDX-License-Identifier: Apache-2.0
 *
 * main.c - bulkhead's entry point: sets the filter every error line goes
 * through (secret values masked, sec_mask_buf), picks the subcommand and
 * exits with what it returns.  This is the only place the process exits.
 */
#include <malloc.h>
#include <stdio.h>
#include <string.h>

#include "commands.h"
#include "../secrets/secrets.h"
#include "../util/diag.h"

struct command {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *summary;
};

static const struct command commands[] = {
	{ "scan", cmd_scan, "audit Dockerfiles, Compose files and Kubernetes manifests" },
	{ "image", cmd_image, "audit a built image (docker-archive or OCI tarball/layout)" },
	{ "dump", cmd_dump, "print the Dockerfile parse tree (BuildKit's format)" },
	{ "rules", cmd_rules, "list the rules (--format text|json|markdown)" },
	{ "secrets", cmd_secrets, "scan files for secrets (token formats, keys)" },
};

#define NCOMMANDS (sizeof(commands) / sizeof(commands[0]))

static void usage(FILE *out)
{
	fprintf(out, "usage: bulkhead <command> [options] [PATH...]\n\ncommands:\n");
	for (size_t i = 0; i < NCOMMANDS; i++)
		fprintf(out, "  %-8s %s\n", commands[i].name, commands[i].summary);
	fprintf(out, "\nRun 'bulkhead <command> --help' for a command's options.\n"
		     "Exit codes: 0 clean, 1 findings at or over the threshold, "
		     "2 usage or input error.\n");
}

int main(int argc, char **argv)
{
	/* Every input gets a fresh arena and file buffer that are freed
	 * whole; keep the freed heap instead of returning it to the kernel
	 * after each file (glibc would otherwise brk, or mmap and fault in,
	 * the same memory again for every one of thousands of files).  Setting
	 * these turns off glibc's adaptive mmap threshold, so it is set too. */
	mallopt(M_MMAP_THRESHOLD, 32 << 20);
	mallopt(M_TRIM_THRESHOLD, 64 << 20);
	mallopt(M_TOP_PAD, 4 << 20);
	/* error lines may quote their input: no secret value in them */
	diag_set_filter(sec_mask_buf);
	if (argc < 2) {
		usage(stderr);
		return 2;
	}
	const char *name = argv[1];
	if (strcmp(name, "--help") == 0 || strcmp(name, "-h") == 0 ||
	    strcmp(name, "help") == 0) {
		usage(stdout);
		return 0;
	}
	if (strcmp(name, "--version") == 0 || strcmp(name, "version") == 0) {
		printf("bulkhead %s\n", BH_VERSION);
		return 0;
	}
	for (size_t i = 0; i < NCOMMANDS; i++)
		if (strcmp(name, commands[i].name) == 0)
			return commands[i].run(argc - 1, argv + 1);
	fprintf(stderr, "bulkhead: unknown command '%s'\n", name);
	usage(stderr);
	return 2;
}
