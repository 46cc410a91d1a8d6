/* SPDX-License-Identifier: Apache-2.0
 *
 * cmd_secrets.c - `bulkhead secrets [options] PATH...`: the secret
 * detector on its own, for files of any kind and size.
 *
 * A file (or "-" for standard input, reported as "stdin" like scan does)
 * is scanned as text, streamed in
 * bounded chunks (sec_scan_stream), whatever its size.  A directory is
 * taken as a build context: its .dockerignore is honoured, every file
 * COPY . would send (.git/ left out) is scanned, and secret files (keys,
 * .env, credentials...) are reported as `secret-file:<kind>` at line 1;
 * paths are DIR/relative-path.  Each match is a finding whose rule id is
 * the pattern id (generic-secret, github-pat-classic...), reported through
 * the same writers, options and configuration as `scan` (cli_common.c):
 * text, JSON or SARIF, -o, --severity, --threshold, --exit-code,
 * --ignore, .bulkhead.yaml/.trivyignore, inline markers
 * (ignore_secret_allowed: gitleaks:allow, "bulkhead ignore=ID"...).  The
 * secret value is never written: each finding's message carries the value
 * in sec_mask_value()'s form, and its hide span goes to the report step
 * that masks every output (cli_write_report).
 * Findings stay in the order the files were named (a build context's in
 * walk order), matches in text order.  Exit 0 nothing at or over the
 * threshold, 1 found, 2 usage error or a file that could not be read
 * (named on stderr; the other paths are still scanned).
 *
 * Files are read and scanned -j at a time (src/util/pmap.c); each job
 * keeps its findings, warnings and error, and this thread merges them in
 * order, so the output does not depend on -j.  This file owns option
 * handling, the rule rows of the secret kinds (for the writers and
 * SARIF), that bookkeeping and the exit code; the detector is
 * src/secrets/, the walk src/core/context.c.  Tests: tests/cases/secrets
 * (CLI), tests/suites/secrets_jobs.sh (-j, big files, errors),
 * tests/suites/sarif.sh, tests/suites/leaks.sh (masking),
 * tests/unit/secrets/ (engine).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli_common.h"
#include "commands.h"
#include "core/context.h"
#include "core/ignore.h"
#include "rules/rule.h"
#include "secrets/secrets.h"
#include "util/arena.h"
#include "util/io.h"
#include "util/pmap.h"

#define CONTEXT_BATCH 1024
#define SNIPPET_MAX 512

#define SECRETS_GROUPS (CLI_REPORT | CLI_CONFIG | CLI_PRAGMA | CLI_JOBS)

static const char secret_why[] =
	"Anyone who can read the file (the repository, the image built from "
	"it, a CI log) can use the credential.";
static const char secret_fix[] =
	"Remove the value and rotate it; load it at run time from a secret "
	"store, an environment the platform injects, or a BuildKit secret "
	"mount.";
static const char file_why[] =
	"A secret file in a build context is sent to the builder and copied "
	"into the image by COPY . unless .dockerignore excludes it.";
static const char file_fix[] =
	"Exclude it in .dockerignore or move it out of the context; rotate "
	"what it holds if an image was already pushed.";

/* The rule rows of the secret kinds: one per pattern, one per secret
 * file kind.  Built before any worker runs, read-only afterwards. */
struct kinds {
	struct bh_rule *v;
	size_t npat, n;
	char **owned;          /* ids and titles of the secret-file rows */
	size_t nowned;
};

static char *own(struct kinds *k, char *s)
{
	if (s)
		k->owned[k->nowned++] = s;
	return s;
}

static int kinds_init(struct kinds *k)
{
	size_t np = sec_pattern_count(), nf = sec_file_kind_count();
	k->v = calloc(np + nf, sizeof(*k->v));
	k->owned = calloc(2 * nf + 1, sizeof(*k->owned));
	if (!k->v || !k->owned)
		return BH_ENOMEM;
	for (size_t i = 0; i < np; i++) {
		const struct sec_pattern_info *p = sec_pattern_get(i);
		k->v[i] = (struct bh_rule){
			.id = p->id, .severity = p->severity,
			.practice = "no-secrets-in-image",
			.target = BH_TARGET_FILE, .title = p->title,
			.why = secret_why, .fix = secret_fix,
		};
	}
	k->npat = k->n = np;
	for (size_t i = 0; i < nf; i++) {
		const char *kind = sec_file_kind_get(i);
		char id[96], title[128];
		snprintf(id, sizeof(id), "secret-file:%s", kind);
		snprintf(title, sizeof(title), "Secret file (%s)", kind);
		struct bh_rule *r = &k->v[k->n++];
		*r = (struct bh_rule){
			.id = own(k, strdup(id)), .severity = BH_SEV_HIGH,
			.practice = "secret-files", .target = BH_TARGET_FILE,
			.title = own(k, strdup(title)), .why = file_why,
			.fix = file_fix,
		};
		if (!r->id || !r->title)
			return BH_ENOMEM;
	}
	return 0;
}

static void kinds_free(struct kinds *k)
{
	for (size_t i = 0; i < k->nowned; i++)
		free(k->owned[i]);
	free(k->owned);
	free(k->v);
}

static const struct bh_rule *kind_rule(const struct kinds *k, const char *id,
				       bool file)
{
	for (size_t i = file ? k->npat : 0; i < (file ? k->n : k->npat); i++)
		if (!strcmp(k->v[i].id + (file ? 12 : 0), id))
			return &k->v[i];
	return NULL;
}

/* Whether the configuration ignores this kind. */
static bool kind_ignored(const struct bh_config *cfg, const struct bh_rule *r)
{
	return bh_strlist_has(&cfg->ignored, r->id) ||
	       (!strncmp(r->id, "secret-file:", 12) &&
		bh_strlist_has(&cfg->ignored, "secret-file"));
}

/* One file to scan: filled by a worker, merged and freed in order. */
struct job {
	char *path;          /* to read, "-" for stdin; owned */
	bool is_stdin;
	struct bh_findings found;
	struct bh_strlist warnings;
	bool scanned;
	int rc;              /* 0 read, else BH_E* (message in err) */
	char *err;           /* heap, only on error (NULL: out of memory) */
};

struct run {
	struct job *jobs;
	size_t njobs, cap;
	unsigned threads;    /* -j */
	const struct bh_config *cfg;
	const struct kinds *kinds;
	/* what the report gets, in order */
	struct bh_findings found;
	struct rpt_input_error *errors;
	size_t nerrors;
	size_t files_scanned;
	bool failed;         /* out of memory or a broken walk */
	/* what a directory walk found and did not scan: named in the
	 * summary, never dropped in silence */
	struct rpt_skip_count skipped[2];
};

enum { SKIP_EXCLUDED, SKIP_SYMLINK };

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

struct scan_ctx {
	struct job *job;
	const struct run *run;
	long warned_line;
	/* the held copy of the long line "held_line" (bh_findings_line):
	 * one copy however many matches it has */
	long held_line;
	size_t held_len;
	char *held;
};

static bool on_hit(void *ud, const struct sec_hit *h)
{
	struct scan_ctx *s = ud;
	struct job *j = s->job;
	const struct bh_config *cfg = s->run->cfg;
	const char *name = j->is_stdin ? "stdin" : j->path;
	/* the value is hidden wherever it shows, reported or not (an
	 * ignored kind, an allowed line: another finding may quote it) */
	struct bh_span span = { (int)h->line, (int)h->col, (int)h->end_line,
				(int)h->end_col };
	if (bh_findings_hide(&j->found, name, span, NULL, 0) != BH_OK) {
		set_error(j, BH_ENOMEM, "%s: out of memory", name);
		return false;
	}
	const struct bh_rule *r = kind_rule(s->run->kinds, h->m->kind, false);
	if (!r || kind_ignored(cfg, r))
		return true;
	if (!cfg->no_inline_ignores) {
		struct ignore_secret_line l = {
			name, h->line_text, h->line_len, h->line,
			h->prev_text, h->prev_len, h->prev_line,
		};
		if (ignore_secret_allowed(&l, h->m->kind, &s->warned_line,
					  &j->warnings))
			return true;
	}
	char snip[SNIPPET_MAX];
	size_t n = h->line_text ? h->line_len : 0;
	if (n >= sizeof(snip))
		n = sizeof(snip) - 1;
	if (n)
		memcpy(snip, h->line_text, n);
	snip[n] = 0;
	/* a line longer than the snippet is kept whole too: the report step
	 * masks it whole and shows a window of it around the column */
	char *whole = NULL;
	if (h->line_text && h->line_len >= sizeof(snip)) {
		if (s->held && s->held_line == h->line &&
		    s->held_len == h->line_len &&
		    bh_findings_holds_line(&j->found, s->held)) {
			whole = s->held;
		} else {
			whole = bh_findings_line(&j->found, h->line_text,
						 h->line_len);
			if (!whole) {
				set_error(j, BH_ENOMEM, "%s: out of memory", name);
				return false;
			}
			s->held = whole;
			s->held_line = h->line;
			s->held_len = h->line_len;
		}
	}
	struct bh_finding f = {
		.rule = r,
		.severity = bh_config_severity(cfg, r),
		.file = (char *)name,
		.span = span,
		.hide = span,
		.message = (char *)r->title,
		.snippet = n ? snip : NULL,
		.line = whole,
	};
	if (bh_findings_add(&j->found, &f) != BH_OK) {
		set_error(j, BH_ENOMEM, "%s: out of memory", name);
		return false;
	}
	return true;
}

struct fd_reader {
	int fd;
	int err;
};

static long fd_read(void *ud, char *buf, size_t n)
{
	struct fd_reader *r = ud;
	for (;;) {
		ssize_t got = read(r->fd, buf, n);
		if (got >= 0)
			return (long)got;
		if (errno != EINTR) {
			r->err = errno;
			return -1;
		}
	}
}

/* Hides, in the excerpt of every finding of the job, each value found on
 * that line: all of it, but the first four bytes of the finding's own
 * value when it is long (16 bytes or more, as sec_mask_value() keeps
 * them).  The writers mask the finding's own span too; this also covers
 * a second secret on the same line. */
static void mask_excerpts(struct bh_findings *f)
{
	/* findings come in text order: those of one line are adjacent */
	for (size_t lo = 0, hi; lo < f->n; lo = hi) {
		for (hi = lo + 1; hi < f->n && f->v[hi].span.line == f->v[lo].span.line;
		     hi++)
			;
		for (size_t i = lo; i < hi; i++) {
			char *s = f->v[i].snippet;
			size_t len = s ? strlen(s) : 0;
			for (size_t j = lo; s && j < hi; j++) {
				const struct bh_span *sp = &f->v[j].span;
				if (sp->col <= 0)
					continue;
				size_t b = (size_t)sp->col - 1;
				size_t e = sp->end_line == sp->line && sp->end_col > sp->col
						   ? (size_t)sp->end_col - 1 : len;
				if (j == i && e - b >= 16)
					b += 4;
				for (size_t x = b; x < e && x < len; x++)
					s[x] = '*';
			}
		}
	}
}

/* Reads and scans one file (any thread). */
static void work_job(struct job *j, const struct run *run)
{
	struct fd_reader rd = { .fd = 0 };
	if (!j->is_stdin) {
		/* non-blocking: a FIFO must not hang the run */
		rd.fd = open(j->path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
		if (rd.fd < 0) {
			set_error(j, BH_EIO, "%s: cannot open: %s", j->path,
				  strerror(errno));
			return;
		}
		struct stat st;
		if (fstat(rd.fd, &st) != 0 || !S_ISREG(st.st_mode)) {
			set_error(j, BH_EIO, "%s: not a regular file (not scanned)",
				  j->path);
			close(rd.fd);
			return;
		}
	}
	struct scan_ctx s = { .job = j, .run = run };
	int rc = sec_scan_stream_file(j->is_stdin ? NULL : j->path, fd_read,
				      &rd, 0, on_hit, &s);
	if (rc == BH_EIO)
		set_error(j, rc, "%s: read error: %s",
			  j->is_stdin ? "standard input" : j->path,
			  strerror(rd.err ? rd.err : EIO));
	else if (rc)
		set_error(j, rc, "%s: cannot scan (error %d)", j->path, rc);
	else
		j->scanned = true;
	mask_excerpts(&j->found);
	if (!j->is_stdin)
		close(rd.fd);
}

static void work_cb(void *ud, size_t i)
{
	struct run *r = ud;
	work_job(&r->jobs[i], r);
}

/* Keeps an input error for the report and prints it. */
static void add_error(struct run *r, const char *file, const char *raw)
{
	/* a path from the walk may hold any byte: escaped as every error
	 * line is (escaping an escaped line changes nothing) */
	char msg[4 * 1200];
	diag_escape(msg, sizeof(msg), raw);
	fprintf(stderr, "bulkhead: %s\n", msg);
	struct rpt_input_error *v =
		realloc(r->errors, (r->nerrors + 1) * sizeof(*v));
	if (v)
		r->errors = v;
	char *f = strdup(file), *m = strdup(msg);
	if (!v || !f || !m) {
		free(f);
		free(m);
		r->failed = true;
		return;
	}
	r->errors = v;
	v[r->nerrors++] = (struct rpt_input_error){ f, m };
}

/* Merges job i into the run (the caller's thread, in order) and frees
 * what it held. */
static void done_cb(void *ud, size_t i)
{
	struct run *r = ud;
	struct job *j = &r->jobs[i];
	cli_print_warnings(&j->warnings);
	if (bh_findings_take(&r->found, &j->found) != BH_OK) {
		bh_findings_free(&j->found);
		r->failed = true;
	}
	if (j->scanned)
		r->files_scanned++;
	if (j->rc)
		add_error(r, j->is_stdin ? "stdin" : j->path,
			  j->err ? j->err : "out of memory");
	free(j->path);
	free(j->err);
	j->path = NULL;
	j->err = NULL;
}

static int add_job(struct run *r, const char *path, bool is_stdin)
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
	*j = (struct job){ .path = strdup(path), .is_stdin = is_stdin };
	if (!j->path)
		return BH_ENOMEM;
	r->njobs++;
	return 0;
}

/* Scans every job, r->threads files at a time, merging in order;
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
	const struct bh_rule *rule = kind_rule(r->kinds, f->kind, true);
	if (!rule || kind_ignored(r->cfg, rule))
		return 0;
	struct bh_finding fd = {
		.rule = rule,
		.severity = bh_config_severity(r->cfg, rule),
		.file = (char *)f->entry->path,
		.span = { 1, 1, 0, 0 },
		.message = "Secret file in the build context",
	};
	return bh_findings_add(&r->found, &fd);
}

static int context_file_cb(void *ud, const struct ctx_entry *e)
{
	struct run *r = ud;
	if (e->excluded) {
		r->skipped[SKIP_EXCLUDED].n++;
		return 0;
	}
	if (e->type == CTX_SYMLINK) {
		/* the build sends the link, not its target */
		r->skipped[SKIP_SYMLINK].n++;
		return 0;
	}
	if (e->type == CTX_DIR) {
		/* reported once as a secret file; its objects are zlib data */
		const char *base = strrchr(e->relpath, '/');
		base = base ? base + 1 : e->relpath;
		return strcmp(base, ".git") ? 0 : CTX_SKIP;
	}
	if (e->type == CTX_UNREADABLE || e->type == CTX_OTHER) {
		/* named, never skipped in silence: an input error (exit 2) */
		char msg[1200];
		snprintf(msg, sizeof(msg), "%s: %s", e->path,
			 e->type == CTX_OTHER
				 ? "not a regular file (FIFO, socket or device), not scanned"
				 : "cannot read this directory, not scanned");
		add_error(r, e->path, msg);
		return 0;
	}
	if (e->type != CTX_FILE)
		return 0;
	if (e->size == 0) {
		r->files_scanned++;   /* nothing to read */
		return 0;
	}
	int rc = add_job(r, e->path, false);
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
	int rc = ctx_load_dockerignore(dir, &a, &ign, &d);
	if (!rc)
		rc = ctx_find_secret_files(dir, &ign, secret_file_cb, r, &d);
	if (!rc)
		rc = ctx_walk_ex(dir, &ign, CTX_WALK_EXCLUDED,
				 context_file_cb, r, &d);
	if (rc) {
		for (size_t i = 0; i < r->njobs; i++)
			free(r->jobs[i].path);
		r->njobs = 0;
		char msg[1024];
		if (d.code == BH_OK)
			snprintf(msg, sizeof(msg), "%s: out of memory", dir);
		else
			diag_format(&d, msg, sizeof(msg));  /* d.file: in "a" */
		arena_free(&a);
		add_error(r, dir, msg);
		return;
	}
	arena_free(&a);
	run_jobs(r);
}

static void usage(FILE *f)
{
	fprintf(f,
		"usage: bulkhead secrets [options] PATH...\n"
		"  Scan files (\"-\" = standard input) for secrets, any size; a\n"
		"  directory is scanned as a build context (its .dockerignore\n"
		"  applies; secret files are reported as secret-file:<kind>;\n"
		"  what it excludes and symbolic links are counted as skipped).\n"
		"  Findings use the pattern ids of --list as rule ids.  A line is\n"
		"  not reported when it carries gitleaks:allow, trufflehog:ignore,\n"
		"  'pragma: allowlist secret' or a trailing 'bulkhead ignore=ID',\n"
		"  or follows a comment line 'bulkhead ignore=ID[,ID]'.\n\n"
		"options:\n"
		"  --list                     print the pattern table\n");
	cli_print_options(f, SECRETS_GROUPS);
}

static void list_patterns(void)
{
	for (size_t k = 0; k < sec_pattern_count(); k++) {
		const struct sec_pattern_info *p = sec_pattern_get(k);
		printf("%-26s %-8s %s\n", p->id, bh_severity_name(p->severity),
		       p->title);
	}
}

enum { OPT_LIST = CLI_OPT__END };

static const struct option secrets_own[] = {
	{ "list", no_argument, NULL, OPT_LIST },
	{ NULL, 0, NULL, 0 },
};

static int secrets_option(void *ud, int c, const char *arg)
{
	(void)arg;
	if (c == OPT_LIST) {
		*(bool *)ud = true;
		return -1;
	}
	return cli_usage_error("secrets", "unknown option '%s'", arg);
}

static void free_errors(struct run *r)
{
	for (size_t i = 0; i < r->nerrors; i++) {
		free((char *)r->errors[i].file);
		free((char *)r->errors[i].message);
	}
	free(r->errors);
}

int cmd_secrets(int argc, char **argv)
{
	struct cli_opts o;
	cli_opts_init(&o, "secrets", SECRETS_GROUPS, secrets_own, NULL);
	struct bh_config cfg;
	bh_config_init(&cfg);
	bool list = false;
	int rc = cli_parse(&o, argc, argv, secrets_option, &list, usage);
	if (rc < 0 && list) {
		list_patterns();
		rc = 0;
	}
	if (rc < 0 && optind >= argc)
		rc = cli_usage_error("secrets", "no PATH given (- is standard "
				     "input)%s", "");
	if (rc < 0)
		rc = cli_output_is_input("secrets", o.output,
					 (const char *const *)argv + optind,
					 (size_t)(argc - optind));
	if (rc < 0)
		rc = cli_load_config(&o, &cfg);
	/* the tables are built before any worker thread reads them */
	if (rc < 0 && sec_init() != 0) {
		fprintf(stderr, "bulkhead: cannot build the secret pattern "
				"tables\n");
		rc = 2;
	}
	struct kinds kinds = { 0 };
	if (rc < 0 && kinds_init(&kinds) != 0) {
		fprintf(stderr, "bulkhead: out of memory\n");
		rc = 2;
	}
	if (rc >= 0) {
		kinds_free(&kinds);
		bh_config_free(&cfg);
		cli_opts_free(&o);
		return rc;
	}
	struct run r = { .threads = o.jobs, .cfg = &cfg, .kinds = &kinds,
			 .skipped = { { "excluded by .dockerignore", 0 },
				      { "symbolic link, not followed", 0 } } };
	bool stdin_named = false;
	for (int i = optind; i < argc && !r.failed; i++) {
		const char *p = argv[i];
		struct stat st;
		int arc = 0;
		if (!strcmp(p, "-")) {
			/* standard input is read once: a second "-" would
			 * share it with the first (or be empty) */
			if (!stdin_named)
				arc = add_job(&r, p, true);
			stdin_named = true;
		} else if (stat(p, &st) == 0 && S_ISDIR(st.st_mode)) {
			run_jobs(&r);  /* what came before, in order */
			scan_context(&r, p);
		} else {
			arc = add_job(&r, p, false);
		}
		if (arc)
			r.failed = true;
	}
	run_jobs(&r);
	free(r.jobs);
	if (r.failed)
		fprintf(stderr, "bulkhead: out of memory\n");

	cli_filter_severity(&r.found, o.severity_mask);
	struct rpt_skip_count skipped[2];
	size_t nskipped = 0;
	for (size_t i = 0; i < 2; i++)
		if (r.skipped[i].n)
			skipped[nskipped++] = r.skipped[i];
	struct rpt_run run = {
		.skipped = skipped,
		.nskipped = nskipped,
		.findings = &r.found,
		.files_scanned = r.files_scanned,
		.errors = r.errors,
		.nerrors = r.nerrors,
		.command = "secrets",
		.rules = kinds.v,
		.nrules = kinds.n,
		.color = !o.color_off && !o.output && isatty(STDOUT_FILENO) &&
			 !getenv("NO_COLOR"),
	};
	if (cli_apply_baseline(&o, &r.found) >= 0 ||
	    cli_write_report(o.format, o.output, &run) != 0 || r.nerrors ||
	    r.failed)
		rc = 2;
	else
		rc = cli_findings_exit(&o, &r.found);
	bh_findings_free(&r.found);
	free_errors(&r);
	kinds_free(&kinds);
	bh_config_free(&cfg);
	cli_opts_free(&o);
	return rc;
}
