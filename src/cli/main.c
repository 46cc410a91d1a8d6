/* SPDX-License-Identifier: Apache-2.0
 *
 * main.c - bulkhead's entry point: sets the filter every error line goes
 * through (secret values masked, sec_mask_buf), picks the subcommand and
 * exits with what it returns.  This is the only place the process exits.
 *
 * Besides the subcommands: `bulkhead --version` / `bulkhead version`,
 * `bulkhead help` / `--help`, and `bulkhead help CMD` (the same as
 * `bulkhead CMD --help`).  Errors are one "bulkhead: ..." line on stderr,
 * exit 2.  Tests: tests/cases/cli/help-*.case, version.case.
 */
#include <errno.h>
#include <malloc.h>
#include <stdio.h>
#include <string.h>

#include "commands.h"
#include "../core/context.h"
#include "../rules/rule.h"
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
	{ "inspect", cmd_inspect, "audit running containers (docker/podman inspect JSON)" },
	{ "daemon", cmd_daemon, "audit the Docker daemon's daemon.json" },
	{ "serve", cmd_serve, "serve a Kubernetes admission webhook (--admission)" },
	{ "secrets", cmd_secrets, "scan files of any kind for secrets (token formats, keys)" },
	{ "sbom", cmd_sbom, "list installed packages (image, root filesystem, folder, db)" },
	{ "db", cmd_db, "the offline vulnerability database: import, info, update" },
	{ "vuln", cmd_vuln, "report vulnerable packages (offline OSV database)" },
	{ "rules", cmd_rules, "show the rules (all, by id, or --target T)" },
	{ "explain", cmd_explain, "explain one rule, with examples that fire it and not" },
	{ "dump", cmd_dump, "print the Dockerfile parse tree (BuildKit's format)" },
	{ "fix", cmd_fix, "fix what scan finds: a unified diff, or --write in place" },
	{ "verify", cmd_verify, "verify an image's cosign signatures against a public key" },
	{ "sign", cmd_sign, "sign an OCI layout's image with a key, as cosign stores it" },
};

#define NCOMMANDS (sizeof(commands) / sizeof(commands[0]))

static void usage(FILE *out)
{
	fprintf(out, "usage: bulkhead <command> [options] [PATH...]\n\ncommands:\n");
	for (size_t i = 0; i < NCOMMANDS; i++)
		fprintf(out, "  %-8s %s\n", commands[i].name, commands[i].summary);
	fprintf(out, "  %-8s %s\n  %-8s %s\n", "help", "help CMD: a command's options",
		"version", "print the version");
	fprintf(out, "\nRun 'bulkhead <command> --help' for a command's options.\n"
		     "Exit codes: 0 clean, 1 findings at or over the threshold "
		     "(default low), 2 usage or input error.\n");
}

static const struct command *find(const char *name)
{
	for (size_t i = 0; i < NCOMMANDS; i++)
		if (strcmp(name, commands[i].name) == 0)
			return &commands[i];
	return NULL;
}

static int unknown(const char *name)
{
	fputs("bulkhead: unknown command '", stderr);
	for (const char *p = name; *p; p++)
		fputc((unsigned char)*p < 0x20 || *p == 0x7f ? '?' : *p, stderr);
	fprintf(stderr, "' (see 'bulkhead help')\n");
	return 2;
}

/* What was printed must have reached standard output: help or a report
 * into a full disk or a closed pipe is an error (exit 2), said once. */
static int finish(int rc)
{
	errno = 0;
	if (fflush(stdout) == 0 && !ferror(stdout))
		return rc;
	if (rc != 2)
		fprintf(stderr, "bulkhead: standard output: cannot write%s%s\n",
			errno ? ": " : "", errno ? strerror(errno) : "");
	return 2;
}

static int run_main(int argc, char **argv);

int main(int argc, char **argv)
{
	return finish(run_main(argc, argv));
}

static int run_main(int argc, char **argv)
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
	/* the pipeline (src/core) runs the rules through this interface */
	bh_ruleset_use(&bh_rules_all);
	if (argc < 2) {
		fputs("bulkhead: no command given\n", stderr);
		usage(stderr);
		return 2;
	}
	const char *name = argv[1];
	if (strcmp(name, "--help") == 0 || strcmp(name, "-h") == 0 ||
	    strcmp(name, "help") == 0) {
		if (argc < 3) {
			usage(stdout);
			return 0;
		}
		/* bulkhead help scan == bulkhead scan --help */
		const struct command *c = find(argv[2]);
		if (!c)
			return unknown(argv[2]);
		char *help_argv[] = { argv[2], "--help", NULL };
		return c->run(2, help_argv);
	}
	if (strcmp(name, "--version") == 0 || strcmp(name, "-V") == 0 ||
	    strcmp(name, "version") == 0) {
		printf("bulkhead %s\n", BH_VERSION);
		return 0;
	}
	const struct command *c = find(name);
	if (!c)
		return unknown(name);
	/* the run's build-context sweeps, shared by its inputs (context.h);
	 * without memory for it every Dockerfile walks its own */
	struct ctx_cache *cache = ctx_cache_new();
	ctx_cache_use(cache);
	int rc = c->run(argc - 1, argv + 1);
	ctx_cache_use(NULL);
	ctx_cache_free(cache);
	return rc;
}
