/* SPDX-License-Identifier: Apache-2.0
 *
 * cmd_secrets.c - `bulkhead secrets [--format text|json] [-j N] [--list] PATH...`:
 * the secret detector on its own, for files of any kind.
 *
 * A file (or "-" for standard input) is scanned as text: one line per
 * match, `file:line:col severity kind masked-value` (the column in bytes,
 * as `scan` counts it; the value in sec_mask_value()'s form, never more).  A directory is taken
 * as a build context: its .dockerignore is honoured, every file COPY .
 * would send (up to 16 MiB each, .git/ left out) is scanned, and secret
 * files (keys, .env, credentials...) are listed as
 * `path:1:1 high secret-file:<kind> -`; paths are DIR/relative-path.
 * --format json prints {"findings": [...]} with the same fields (the case
 * runner's shape: file, line, column, severity, rule_id).
 * Exit 0 when nothing was found, 1 when something was, 2 on a usage or
 * input error (the other paths are still scanned).
 *
 * Files are read and scanned -j at a time (src/util/pmap.c); matches are
 * kept per file and printed by this thread in the order the files were
 * named (a build context's in walk order), so the output does not depend
 * on -j.  This file owns option handling, that bookkeeping and printing;
 * the detector is src/secrets/, the walk src/core/context.c.  Tests: tests/cases/secrets
 * (CLI), tests/unit/secrets/ (engine), tests/suites/leaks.sh (masking).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <jansson.h>

#include "commands.h"
#include "core/context.h"
#include "secrets/secrets.h"
#include "util/arena.h"
#include "util/io.h"
#include "util/pmap.h"

#define CONTEXT_FILE_MAX ((size_t)16 << 20)
#define CONTEXT_BATCH 1024

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

/* One match, kept until its file's turn to be printed. */
struct hit {
	int line, col;
	enum bh_severity sev;
	const char *kind, *title;   /* static strings of the pattern table */
	char masked[16];            /* sec_mask_value: 4 bytes + "****" */
};

/* One file to scan: filled by a worker, printed and freed in order. */
struct job {
	char *path;          /* to read, "-" for stdin; owned */
	size_t max;          /* read bound */
	bool is_stdin;
	bool count_errors;   /* in a build context: count, don't print */
	struct hit *hits;
	size_t nhits, cap;
	int rc;              /* 0 read, else BH_E* (message in err) */
	char *err;           /* heap, only on error (NULL: out of memory) */
};

/* Records the job's first error (any thread). */
__attribute__((format(printf, 3, 4)))
static void set_error(struct job *j, int rc, const char *fmt, ...)
{
	if (j->err)
		return;
	j->rc = rc;
	char msg[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	j->err = strdup(msg);
}

struct out {
	struct job *job;
	const char *text;
	size_t pos;         /* offset "line" is known for */
	size_t line_start;  /* offset of the first byte of that line */
	int line;
};

static bool keep_match(void *ctx, const struct sec_match *m)
{
	struct out *o = ctx;
	struct job *j = o->job;
	/* advance the line counter to m->offset (matches come in text
	 * order) */
	const char *p = o->text + o->pos, *end = o->text + m->offset, *nl;
	while (p < end && (nl = memchr(p, '\n', (size_t)(end - p)))) {
		o->line++;
		p = nl + 1;
		o->line_start = (size_t)(p - o->text);
	}
	o->pos = m->offset;
	if (j->nhits == j->cap) {
		size_t cap = j->cap ? j->cap * 2 : 16;
		struct hit *h = realloc(j->hits, cap * sizeof(*h));
		if (!h) {
			set_error(j, BH_ENOMEM, "%s: out of memory", j->path);
			return false;
		}
		j->hits = h;
		j->cap = cap;
	}
	struct hit *h = &j->hits[j->nhits++];
	h->line = o->line;
	h->col = (int)(m->offset - o->line_start) + 1;
	h->sev = m->severity;
	h->kind = m->kind;
	h->title = m->title;
	/* the one masked form (keeps 4 printable ASCII bytes of a value of
	 * 16 or more, nothing of a shorter one) */
	sec_mask_value(o->text + m->offset, m->len, h->masked,
		       sizeof(h->masked));
	return true;
}

/* Reads and scans one file (any thread). */
static void work_job(struct job *j)
{
	char *buf;
	size_t len;
	struct diag d;
	diag_init(&d, j->path);
	j->rc = j->is_stdin ? io_read_stream(stdin, j->max, &buf, &len, &d)
			    : io_read_file(j->path, j->max, &buf, &len, &d);
	if (j->rc) {
		char msg[1024];
		diag_format(&d, msg, sizeof(msg));
		set_error(j, j->rc, "%s", msg);
		return;
	}
	struct out o = { j, buf, 0, 0, 1 };
	int rc = sec_scan_text(buf, len, keep_match, &o);
	if (rc && !j->rc)
		set_error(j, rc, "%s: cannot scan (error %d)", j->path, rc);
	free(buf);
}

struct run {
	struct job *jobs;
	size_t njobs, cap;
	unsigned threads;    /* -j */
	size_t found;
	int errors;          /* unreadable build-context files */
	int worst;
};

static void work_cb(void *ud, size_t i)
{
	struct run *r = ud;
	work_job(&r->jobs[i]);
}

/* Prints job i (the caller's thread, in order) and frees what it held. */
static void done_cb(void *ud, size_t i)
{
	struct run *r = ud;
	struct job *j = &r->jobs[i];
	const char *name = j->is_stdin ? "-" : j->path;
	for (size_t k = 0; k < j->nhits; k++) {
		const struct hit *h = &j->hits[k];
		add_row(name, h->line, h->col, h->sev, h->kind, h->title,
			h->masked);
	}
	r->found += j->nhits;
	if (j->nhits && r->worst == 0)
		r->worst = 1;
	if (j->rc && j->count_errors) {
		r->errors++;
	} else if (j->rc) {
		fprintf(stderr, "bulkhead: %s\n",
			j->err ? j->err : "out of memory");
		r->worst = 2;
	}
	free(j->hits);
	free(j->path);
	free(j->err);
	j->hits = NULL;
	j->path = NULL;
	j->err = NULL;
}

static int add_job(struct run *r, const char *path, size_t max,
		   bool is_stdin, bool count_errors)
{
	if (r->njobs == r->cap) {
		size_t cap = r->cap ? r->cap * 2 : 64;
		struct job *jobs = realloc(r->jobs, cap * sizeof(*jobs));
		if (!jobs)
			return BH_ENOMEM;
		r->jobs = jobs;
		r->cap = cap;
	}
	struct job *j = &r->jobs[r->njobs];
	*j = (struct job){ .path = strdup(path), .max = max,
			   .is_stdin = is_stdin,
			   .count_errors = count_errors };
	if (!j->path)
		return BH_ENOMEM;
	r->njobs++;
	return 0;
}

/* Scans every job, r->threads files at a time, printing in order;
 * resets the list. */
static void run_jobs(struct run *r)
{
	struct pmap_ops ops = { work_cb, done_cb, r };
	if (pmap_run(r->njobs, r->threads, &ops) != 0)
		pmap_run(r->njobs, 1, &ops);  /* no thread: do it here */
	r->njobs = 0;
}

static int secret_file_cb(void *ud, const struct ctx_secret_file *f)
{
	struct run *r = ud;
	char kind[64];
	snprintf(kind, sizeof(kind), "secret-file:%s", f->kind);
	add_row(f->entry->path, 1, 1, BH_SEV_HIGH, kind,
		"Secret file in the build context", "-");
	r->found++;
	if (r->worst == 0)
		r->worst = 1;
	return 0;
}

static int context_file_cb(void *ud, const struct ctx_entry *e)
{
	struct run *r = ud;
	if (e->type == CTX_DIR) {
		/* reported once as a secret file; its objects are zlib data */
		const char *base = strrchr(e->relpath, '/');
		base = base ? base + 1 : e->relpath;
		return strcmp(base, ".git") ? 0 : CTX_SKIP;
	}
	if (e->type != CTX_FILE || e->size == 0 || e->size > CONTEXT_FILE_MAX)
		return 0;
	int rc = add_job(r, e->path, CONTEXT_FILE_MAX, false, true);
	/* a big context is scanned as it is walked, CONTEXT_BATCH files at
	 * a time: the list stays small whatever the number of files */
	if (!rc && r->njobs >= CONTEXT_BATCH)
		run_jobs(r);
	return rc;
}

/* A directory: its secret files, then the content of every file COPY .
 * would send, scanned in parallel. */
static void scan_context(struct run *r, const char *dir)
{
	struct arena a;
	arena_init(&a, 0);
	struct dign ign;
	struct diag d;
	diag_init(&d, dir);
	r->errors = 0;
	int rc = ctx_load_dockerignore(dir, &a, &ign, &d);
	if (!rc)
		rc = ctx_find_secret_files(dir, &ign, secret_file_cb, r, &d);
	if (!rc)
		rc = ctx_walk(dir, &ign, context_file_cb, r, &d);
	arena_free(&a);
	if (rc) {
		for (size_t i = 0; i < r->njobs; i++)
			free(r->jobs[i].path);
		r->njobs = 0;
		char msg[1024];
		if (d.code == BH_OK)
			snprintf(msg, sizeof(msg), "%s: out of memory", dir);
		else
			diag_format(&d, msg, sizeof(msg));
		fprintf(stderr, "bulkhead: %s\n", msg);
		r->worst = 2;
		return;
	}
	run_jobs(r);
	if (r->errors)
		fprintf(stderr, "bulkhead: %s: %d files could not be read\n",
			dir, r->errors);
}

static void usage(FILE *f)
{
	fprintf(f,
		"usage: bulkhead secrets [--format text|json] [-j N] PATH...\n"
		"  Scan files (\"-\" = standard input) for secrets; a directory\n"
		"  is scanned as a build context (its .dockerignore applies).\n"
		"  Prints file:line:col severity kind masked-value.\n"
		"  Exit 0 none found, 1 found, 2 usage or input error.\n"
		"  --format text|json   output (json: {\"findings\": [...]})\n"
		"  -j, --jobs N         files scanned at once (default: the\n"
		"                       number of CPUs; output order is the same)\n"
		"  --list               print the pattern table\n");
}

static void list_patterns(void)
{
	for (size_t k = 0; k < sec_pattern_count(); k++) {
		const struct sec_pattern_info *p = sec_pattern_get(k);
		printf("%-26s %-8s %s\n", p->id, bh_severity_name(p->severity),
		       p->title);
	}
}

/* "-j N": 1..PMAP_MAX_JOBS, else 0. */
static unsigned parse_jobs(const char *v)
{
	char *end;
	long n = strtol(v, &end, 10);
	if (end == v || *end || n < 1 || n > PMAP_MAX_JOBS)
		return 0;
	return (unsigned)n;
}

int cmd_secrets(int argc, char **argv)
{
	bool json = false, dashdash = false;
	unsigned jobs = pmap_default_jobs();
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
			list_patterns();
			free(paths);
			return 0;
		} else if (!strcmp(a, "--format") && i + 1 < argc &&
			   (!strcmp(argv[i + 1], "text") ||
			    !strcmp(argv[i + 1], "json"))) {
			json = !strcmp(argv[++i], "json");
		} else if (!strcmp(a, "-j") || !strcmp(a, "--jobs")) {
			if (i + 1 >= argc || !parse_jobs(argv[i + 1])) {
				fprintf(stderr,
					"bulkhead: secrets: %s wants a number "
					"from 1 to %d\n", a, PMAP_MAX_JOBS);
				free(paths);
				return 2;
			}
			jobs = parse_jobs(argv[++i]);
		} else {
			fprintf(stderr, "bulkhead: secrets: bad option '%s'\n",
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
	/* the tables are built before any worker thread reads them */
	if (sec_init() != 0) {
		fprintf(stderr, "bulkhead: secrets: cannot build the pattern "
				"tables\n");
		free(paths);
		json_decref(json_findings);
		return 2;
	}
	struct run r = { .threads = jobs };
	bool stdin_named = false;
	for (int i = 0; i < npaths; i++) {
		const char *p = paths[i];
		struct stat st;
		int rc = 0;
		if (!strcmp(p, "-")) {
			/* standard input is read once: a second "-" would
			 * share it with the first (or be empty) */
			if (!stdin_named)
				rc = add_job(&r, p, BH_MAX_INPUT, true, false);
			stdin_named = true;
		} else if (stat(p, &st) == 0 && S_ISDIR(st.st_mode)) {
			run_jobs(&r);  /* what came before, in order */
			scan_context(&r, p);
		} else {
			rc = add_job(&r, p, BH_MAX_INPUT, false, false);
		}
		if (rc) {
			fprintf(stderr, "bulkhead: out of memory\n");
			r.worst = 2;
			break;
		}
	}
	run_jobs(&r);
	free(r.jobs);
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
	return r.worst;
}
