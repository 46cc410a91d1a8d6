/* SPDX-License-Identifier: Apache-2.0
 *
 * cmd_secrets.c - `bulkhead secrets [--format text|json] [--list] PATH...`:
 * the secret detector on its own, for files of any kind.
 *
 * A file (or "-" for standard input) is scanned as text: one line per
 * match, `file:line:col severity kind masked-value`.  A directory is taken
 * as a build context: its .dockerignore is honoured, every file COPY .
 * would send (up to 16 MiB each, .git/ left out) is scanned, and secret
 * files (keys, .env, credentials...) are listed as
 * `path:1:1 high secret-file:<kind> -`; paths are DIR/relative-path.
 * --format json prints {"findings": [...]} with the same fields (the case
 * runner's shape: file, line, column, severity, rule_id).
 * Exit 0 when nothing was found, 1 when something was, 2 on a usage or
 * input error (the other paths are still scanned).
 *
 * This file owns only option handling and printing; the detector is
 * src/secrets/, the walk src/core/context.c.  Tests: tests/cases/secrets
 * (CLI) and tests/unit/secrets/ (engine).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <jansson.h>

#include "commands.h"
#include "core/context.h"
#include "rules/rule.h"
#include "secrets/secrets.h"
#include "util/arena.h"
#include "util/io.h"

#define CONTEXT_FILE_MAX ((size_t)16 << 20)

/* --format json collects here; NULL for text */
static json_t *json_findings;

static void add_row(const char *file, int line, int col,
		    enum bh_severity sev, const char *kind, const char *title,
		    const char *masked)
{
	if (!json_findings) {
		printf("%s:%d:%d %s %s %s\n", file, line, col,
		       bh_severity_name(sev), kind, masked);
		return;
	}
	json_t *o = json_pack("{s:s, s:i, s:i, s:s, s:s, s:s, s:s}",
			      "file", file, "line", line, "column", col,
			      "severity", bh_severity_name(sev), "rule_id", kind,
			      "message", title, "value", masked);
	if (o)
		json_array_append_new(json_findings, o);
}

struct out {
	const char *name;   /* as printed */
	const char *text;
	size_t pos;         /* offset line/col are known for */
	int line, col;
	size_t found;
};

static bool print_match(void *ctx, const struct sec_match *m)
{
	struct out *o = ctx;
	/* advance the line/column counters to m->offset (matches come in
	 * text order) */
	for (; o->pos < m->offset; o->pos++) {
		if (o->text[o->pos] == '\n') {
			o->line++;
			o->col = 1;
		} else {
			o->col++;
		}
	}
	char val[72], masked[80];
	size_t n = m->len < sizeof(val) - 1 ? m->len : sizeof(val) - 1;
	memcpy(val, o->text + m->offset, n);
	val[n] = 0;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)val[i] < 0x20 || val[i] == 0x7f)
			val[i] = '?';
	bh_mask_secret(val, masked, sizeof(masked));
	add_row(o->name, o->line, o->col, m->severity, m->kind, m->title,
		masked);
	o->found++;
	return true;
}

static size_t scan_buffer(const char *name, const char *buf, size_t len)
{
	struct out o = { name, buf, 0, 1, 1, 0 };
	sec_scan_text(buf, len, print_match, &o);
	return o.found;
}

/* 0 nothing, 1 found, 2 error */
static int scan_file(const char *path, bool is_stdin)
{
	char *buf;
	size_t len;
	struct diag d;
	diag_init(&d, path);
	int rc = is_stdin ? io_read_stream(stdin, BH_MAX_INPUT, &buf, &len, &d)
			  : io_read_file(path, BH_MAX_INPUT, &buf, &len, &d);
	if (rc) {
		char msg[1024];
		diag_format(&d, msg, sizeof(msg));
		fprintf(stderr, "bulkhead: %s\n", msg);
		return 2;
	}
	size_t found = scan_buffer(is_stdin ? "-" : path, buf, len);
	free(buf);
	return found ? 1 : 0;
}

struct ctx_run {
	size_t found;
	int errors;
};

static int secret_file_cb(void *ud, const struct ctx_secret_file *f)
{
	struct ctx_run *r = ud;
	char kind[64];
	snprintf(kind, sizeof(kind), "secret-file:%s", f->kind);
	add_row(f->entry->path, 1, 1, BH_SEV_HIGH, kind,
		"Secret file in the build context", "-");
	r->found++;
	return 0;
}

static int context_file_cb(void *ud, const struct ctx_entry *e)
{
	struct ctx_run *r = ud;
	if (e->type == CTX_DIR) {
		/* reported once as a secret file; its objects are zlib data */
		const char *base = strrchr(e->relpath, '/');
		base = base ? base + 1 : e->relpath;
		return strcmp(base, ".git") ? 0 : CTX_SKIP;
	}
	if (e->type != CTX_FILE || e->size == 0 || e->size > CONTEXT_FILE_MAX)
		return 0;
	char *buf;
	size_t len;
	struct diag d;
	diag_init(&d, e->path);
	if (io_read_file(e->path, CONTEXT_FILE_MAX, &buf, &len, &d) != 0) {
		r->errors++;
		return 0;
	}
	r->found += scan_buffer(e->path, buf, len);
	free(buf);
	return 0;
}

static int scan_context(const char *dir)
{
	struct arena a;
	arena_init(&a, 0);
	struct dign ign;
	struct diag d;
	diag_init(&d, dir);
	struct ctx_run r = { 0, 0 };
	int rc = ctx_load_dockerignore(dir, &a, &ign, &d);
	if (!rc)
		rc = ctx_find_secret_files(dir, &ign, secret_file_cb, &r, &d);
	if (!rc)
		rc = ctx_walk(dir, &ign, context_file_cb, &r, &d);
	arena_free(&a);
	if (rc) {
		char msg[1024];
		diag_format(&d, msg, sizeof(msg));
		fprintf(stderr, "bulkhead: %s\n", msg);
		return 2;
	}
	if (r.errors)
		fprintf(stderr, "bulkhead: %s: %d files could not be read\n",
			dir, r.errors);
	return r.found ? 1 : 0;
}

static void usage(FILE *f)
{
	fprintf(f,
		"usage: bulkhead secrets PATH...\n"
		"  Scan files (\"-\" = standard input) for secrets; a directory\n"
		"  is scanned as a build context (its .dockerignore applies).\n"
		"  Prints file:line:col severity kind masked-value.\n"
		"  Exit 0 none found, 1 found, 2 usage or input error.\n"
		"  --format text|json   output (json: {\"findings\": [...]})\n"
		"  --list               print the pattern table\n");
}

int cmd_secrets(int argc, char **argv)
{
	bool json = false, dashdash = false;
	int npaths = 0;
	/* options may come anywhere before "--"; paths are kept in order */
	char **paths = calloc((size_t)argc + 1, sizeof(char *));
	if (!paths) {
		fprintf(stderr, "bulkhead: out of memory\n");
		return 2;
	}
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (dashdash || a[0] != '-' || !a[1]) {
			paths[npaths++] = argv[i];
		} else if (!strcmp(a, "--")) {
			dashdash = true;
		} else if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			usage(stdout);
			free(paths);
			return 0;
		} else if (!strcmp(a, "--list")) {
			for (size_t k = 0; k < sec_pattern_count(); k++) {
				const struct sec_pattern_info *p =
					sec_pattern_get(k);
				printf("%-26s %-8s %s\n", p->id,
				       bh_severity_name(p->severity), p->title);
			}
			free(paths);
			return 0;
		} else if (!strcmp(a, "--format") && i + 1 < argc &&
			   (!strcmp(argv[i + 1], "text") ||
			    !strcmp(argv[i + 1], "json"))) {
			json = !strcmp(argv[++i], "json");
		} else {
			fprintf(stderr, "bulkhead: secrets: unknown option '%s'\n",
				a);
			usage(stderr);
			free(paths);
			return 2;
		}
	}
	if (npaths == 0) {
		usage(stderr);
		free(paths);
		return 2;
	}
	if (json && !(json_findings = json_array())) {
		fprintf(stderr, "bulkhead: out of memory\n");
		free(paths);
		return 2;
	}
	int worst = 0;
	for (int i = 0; i < npaths; i++) {
		const char *p = paths[i];
		int rc;
		struct stat st;
		if (!strcmp(p, "-"))
			rc = scan_file(p, true);
		else if (stat(p, &st) == 0 && S_ISDIR(st.st_mode))
			rc = scan_context(p);
		else
			rc = scan_file(p, false);
		if (rc == 2 || (rc == 1 && worst == 0))
			worst = rc;
	}
	free(paths);
	if (json_findings) {
		json_t *doc = json_pack("{s:o}", "findings", json_findings);
		json_findings = NULL;
		if (doc) {
			json_dumpf(doc, stdout, JSON_INDENT(2));
			fputc('\n', stdout);
			json_decref(doc);
		}
	}
	return worst;
}
