/* SPDX-License-Identifier: Apache-2.0
 *
 * cmd_scan.c - `bulkhead scan [options] [PATH...]`.
 *
 * This file owns the scan command line: choosing inputs (directories are
 * walked, files named explicitly are scanned whatever their name, "-" is
 * stdin), loading the configuration (cli_common.c), filtering by
 * severity, writing the report and deciding the exit code.  Inputs are
 * first listed (directories walked; paths reported as they resolve from
 * the current directory; each file once, by its identity, however many
 * paths name it), then scanned -j at a time (src/util/pmap.c) under one
 * memory budget, each by the core's pipeline (bh_scan_input(),
 * src/core/scan.c: read, kind, parse, model, facts, rules, ignores; the
 * -f files by bh_scan_merged()); each input's findings, errors and skip
 * reason are kept with it and merged in input order, so the report and
 * stderr do not depend on -j (its findings move to the run's list as
 * soon as it and every input before it are scanned, flush_worked(); a
 * walked Compose file's wait for the end).  What is not scanned is counted by reason
 * in the summary and named with --verbose; what cannot be read is an
 * input error.  Before any is scanned, the build contexts the Compose
 * inputs name for their Dockerfiles are gathered (gather_contexts(),
 * cfg->contexts), and the run's kustomizations, each read once: the
 * files they list as patches and what they deploy the manifests' images
 * as (gather_kust(), src/core/kust_images.c, cfg->kust; its warnings
 * printed there); the directories' listings the Dockerfile scans share
 * live for the run (cfg->dircache, src/core/dircache.h).  After
 * every input, link_services() (src/core/link.c)
 * joins Compose services to their Dockerfiles.  The run's findings are
 * then filtered, sorted and masked (the one masking step, src/report/
 * mask.h) on -j threads, cut at file boundaries (mask_findings_jobs()),
 * before the writer runs (cli_write_masked(); it formats a large run's
 * findings on the same -j threads, rpt_write_parts()).  It holds no format or
 * rule knowledge and reads no input itself.
 * Tests: tests/cases/cli/, tests/suites/scan_jobs.sh,
 * tests/suites/paths.sh.
 */
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../core/config.h"
#include "../core/dircache.h"
#include "../core/finding.h"
#include "../core/formats.h"
#include "../core/kust_images.h"
#include "../core/link.h"
#include "../core/scan.h"
#include "../core/scan_compose.h"
#include "../report/mask.h"
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
	bool verbose;                /* name each skipped file on stderr */
	bool skip_unknown;           /* a named file no kind takes is
					named as skipped, not an error */
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

/* Keeps a scanned input under "display" and "fs_path", heap strings it
 * takes when it returns true (else they stay the caller's), and takes the
 * join's facts its scan gathered (*facts is left empty). */
static bool keep_input(struct scan_inputs *ins, char *display, char *fs_path,
		       const struct bh_format *fmt, struct link_facts *facts)
{
	struct link_input *v = realloc(ins->v, (ins->n + 1) * sizeof(*v));
	struct link_facts *kept = v ? malloc(sizeof(*kept)) : NULL;
	if (v)
		ins->v = v;
	if (!kept || !display) {
		free(kept);
		link_facts_free(facts);
		return false;
	}
	*kept = *facts;
	memset(facts, 0, sizeof(*facts));
	v[ins->n].display = display;
	v[ins->n].fs_path = fs_path;
	v[ins->n].format = fmt;
	v[ins->n].facts = kept;
	ins->n++;
	return true;
}

/* keep_input() of copies of "display" and "fs_path". */
static void remember_input(struct scan_inputs *ins, const char *display,
			   const char *fs_path, const struct bh_format *fmt,
			   struct link_facts *facts)
{
	char *d = strdup(display), *f = fs_path ? strdup(fs_path) : NULL;
	if (fs_path && !f) {
		free(d);
		d = NULL;
	}
	if (!keep_input(ins, d, f, fmt, facts)) {
		free(d);
		free(f);
	}
}

static void free_inputs(struct scan_inputs *ins)
{
	for (size_t i = 0; i < ins->n; i++) {
		free((char *)ins->v[i].display);
		free((char *)ins->v[i].fs_path);
		link_facts_free((struct link_facts *)ins->v[i].facts);
		free((struct link_facts *)ins->v[i].facts);
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
		"  --kind dockerfile|compose|kubernetes|inspect|daemon\n"
		"                             force the kind of explicitly named files\n"
		"                             (inspect: docker/podman inspect JSON,\n"
		"                             daemon: daemon.json, as `bulkhead inspect`\n"
		"                             and `bulkhead daemon` read them)\n"
		"  -f, --file FILE            a Compose file; several -f are merged as\n"
		"                             'docker compose -f a -f b' merges them\n"
		"  --verbose                  name each file or directory a walk\n"
		"                             skipped, and why, on stderr\n"
		"  --skip-unknown             a named file that is no Dockerfile,\n"
		"                             Compose file or manifest is named as\n"
		"                             skipped, not an input error (for\n"
		"                             hooks that pass every *.yaml)\n");
	cli_print_options(out, SCAN_GROUPS);
}

static int usage_error(const char *fmt, const char *arg)
{
	return cli_usage_error("scan", fmt, arg);
}

/* Keeps an input error line for the report, without printing it. */
static void keep_line(struct scan_errors *errs, const char *file,
		      const char *line)
{
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

/* Keeps an input error for the report, without printing it. */
static void keep_error(struct scan_errors *errs, const char *file,
		       const struct diag *d)
{
	char line[1024];
	diag_format(d, line, sizeof(line));
	keep_line(errs, file, line);
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
 * into the run's findings, errors and inputs in list order.  An item
 * may also only name a file or directory that is not scanned (and why)
 * or carry an error found while listing. */
struct scan_item {
	char *display;                /* path as reported; owned */
	char *fs_path;                /* on disk; NULL for stdin; owned */
	bool explicit;                /* named on the command line */
	bool named;                   /* named, judged as walked
					 (--skip-unknown): skips said */
	bool scan;                    /* false: only carries a skip or error */
	const char *skipped;          /* not scanned: why (static) */
	char *detail;                 /* more about why, or NULL; owned */
	bool counted;                 /* the skip is a file's (summary) */
	bool unreadable;              /* its error: it could not be read */
	bool regular;                 /* listed as a regular file: read
					 without a stat first */
	bool link;                    /* listed through a symbolic link:
					 read with a stat first (io.h) */
	size_t size;                  /* bytes on disk (the memory budget) */
	dev_t dev;                    /* its identity when listed */
	ino_t ino;
	struct bh_scan_result res;    /* its scan (src/core/scan.h): kind
					 (res.fmt, set once scanned),
					 findings, warnings, extends:
					 files, the join's facts */
	struct scan_errors errs;
	const char *extended_by;      /* a walked Compose file another one
					 extends: that one's path */
	_Atomic bool worked;          /* scanned (flush_worked()) */
};

struct scan_list {
	struct scan_item *v;
	size_t n, cap;
	const struct scan_opts *o;
	const struct bh_config *cfg;
	bool stdin_listed;            /* "-" listed (walk_path) */
	struct walk_seen seen;        /* each file listed once (walk.h) */
	/* the run's results, filled in order by merge_item() */
	struct bh_findings *out;
	struct scan_errors *errs;
	struct scan_inputs *ins;
	size_t *files_scanned;
	size_t *files_unreadable;
	struct rpt_skip_count *skips; /* by reason, in first-seen order */
	size_t nskips;
	/* the findings of the items before "flushed", moved to "out" as
	 * the workers finish them (flush_worked()) */
	pthread_mutex_t flush_mu;
	size_t flushed;
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
			   const struct diag *d, bool unreadable)
{
	struct scan_item *it = add_item(l, file, NULL, false);
	if (!it) {
		record_error(l->errs, file, d);
		if (unreadable)
			(*l->files_unreadable)++;
		return;
	}
	it->scan = false;
	it->unreadable = unreadable;
	keep_error(&it->errs, file, d);
}

/* A file or directory named as not scanned ("counted": a file, in the
 * summary; else --verbose only). */
static void add_skip_item(struct scan_list *l, const char *path,
			  const char *reason, const char *detail, bool counted)
{
	struct scan_item *it = add_item(l, path, NULL, false);
	if (!it) {
		fprintf(stderr, "bulkhead: out of memory\n");
		return;
	}
	it->scan = false;
	it->skipped = reason;
	it->counted = counted;
	it->detail = detail ? strdup(detail) : NULL;
}

/* A file that another path already listed: scanned once, under the
 * first path; --verbose names the second. */
static void add_duplicate(struct scan_list *l, const char *path,
			  const struct walk_seen_file *first)
{
	char detail[512];
	if (first->merged) {
		add_skip_item(l, path, "one of the -f Compose files, scanned "
			      "merged with the others", NULL, false);
		return;
	}
	snprintf(detail, sizeof(detail), "scanned once, as %s", first->first);
	add_skip_item(l, path, "the same file as another input", detail,
		      false);
}

/* Scans one input (any thread): the pipeline is the core's
 * (bh_scan_input()); its errors become the item's. */
static void scan_one(struct scan_item *it, const struct scan_opts *o,
		     const struct bh_config *cfg)
{
	struct bh_scan_input in = { it->display, it->fs_path, it->explicit,
				    o->kind, 0, false,
				    it->regular && !it->link };
	struct bh_scan_result *r = &it->res;
	(void)bh_scan_input(&in, cfg, r);
	/* kept until every input is scanned: no doubling slack */
	bh_findings_fit(&r->found);
	for (size_t k = 0; k < r->nerrors; k++) {
		keep_line(&it->errs, r->errors[k].file, r->errors[k].message);
		it->unreadable = it->unreadable || r->errors[k].unreadable;
	}
	if (r->skipped) {
		it->skipped = r->skipped;
		it->counted = true;
		it->detail = r->detail;
		r->detail = NULL;
	}
}

/* The input bytes the workers of a run may hold at once (-j N never
 * multiplies memory by N: a file larger than this is scanned alone, and
 * parsing past BH_ARENA_SHARE takes the process's one large-arena turn,
 * src/util/arena.c).  Typical files are kilobytes: hundreds fit. */
#define SCAN_BUDGET ((size_t)2 << 20)

/* Moves the findings of the worked items at the head of the list, in
 * list order, to the run's list, each when it and every item before it
 * are worked (any worker thread holding flush_mu; one that finds it
 * held leaves its item to the holder or a later worker, and what is left
 * at the end scan_items() moves): each input's list is
 * freed as the scan goes on, its memory there for the inputs after it,
 * rather than all of them held until the last one is done and the run's
 * list made beside them.  A walked Compose file stops it (scan_items()
 * moves the rest): another one may turn out to extend it, and then its
 * findings are not the run's (settle_extended(); a named one is always
 * audited on its own). */
static void flush_worked(struct scan_list *l, size_t i)
{
	atomic_store(&l->v[i].worked, true);
	/* a worker flushing already: it or a later one moves this one */
	if (pthread_mutex_trylock(&l->flush_mu) != 0)
		return;
	while (l->flushed < l->n && atomic_load(&l->v[l->flushed].worked)) {
		struct scan_item *it = &l->v[l->flushed];
		if (it->res.fmt == &bh_format_compose && !it->explicit)
			break;
		if (bh_findings_take(l->out, &it->res.found) != BH_OK)
			break;
		l->flushed++;
	}
	pthread_mutex_unlock(&l->flush_mu);
}

static void work_item(void *ud, size_t i)
{
	struct scan_list *l = ud;
	if (l->v[i].scan)
		scan_one(&l->v[i], l->o, l->cfg);
	flush_worked(l, i);
}

static void count_skip(struct scan_list *l, const char *reason)
{
	for (size_t k = 0; k < l->nskips; k++) {
		if (strcmp(l->skips[k].reason, reason) == 0) {
			l->skips[k].n++;
			return;
		}
	}
	struct rpt_skip_count *v =
		realloc(l->skips, (l->nskips + 1) * sizeof(*v));
	if (!v)
		return;
	l->skips = v;
	v[l->nskips++] = (struct rpt_skip_count){ reason, 1 };
}

/* "bulkhead: skipped PATH: REASON[: DETAIL]" (--verbose), the path
 * escaped like every other line from input. */
static void print_skip(const struct scan_item *it)
{
	char path[1024], detail[1024];
	diag_escape(path, sizeof(path), it->display);
	diag_escape(detail, sizeof(detail), it->detail ? it->detail : "");
	fprintf(stderr, "bulkhead: skipped %s: %s%s%s\n", path, it->skipped,
		detail[0] ? ": " : "", detail);
}

/* An item's cost under SCAN_BUDGET: its size on disk (standard input,
 * of unknown size, runs alone). */
static size_t item_cost(void *ud, size_t i)
{
	const struct scan_list *l = ud;
	const struct scan_item *it = &l->v[i];
	if (!it->scan)
		return 0;
	return it->fs_path ? it->size : SCAN_BUDGET;
}

static void free_item_errors(struct scan_item *it)
{
	for (size_t k = 0; k < it->errs.n; k++) {
		free((char *)it->errs.v[k].file);
		free((char *)it->errs.v[k].message);
	}
	free(it->errs.v);
	it->errs = (struct scan_errors){ 0 };
}

/* A walked Compose file that a scanned Compose file extends (extends.file)
 * is audited through it, only for the services it lends, as compose-go
 * reads it: not also on its own (its other services are no project's,
 * and its findings would come twice).  Extenders count only when no file
 * extends them in turn, so a cycle keeps every error. */
static void settle_extended(struct scan_list *l,
			    const struct bh_strlist *merged_extended)
{
	struct bh_strlist extended_any = { 0 };
	for (size_t i = 0; i < l->n; i++)
		for (size_t k = 0; k < l->v[i].res.extended.n; k++)
			(void)bh_strlist_add(&extended_any,
					     l->v[i].res.extended.v[k]);
	if (!extended_any.n && !merged_extended->n)
		return;
	char **real = calloc(l->n ? l->n : 1, sizeof(*real));
	for (size_t i = 0; real && i < l->n; i++)
		if (l->v[i].res.fmt == &bh_format_compose && l->v[i].fs_path)
			real[i] = realpath(l->v[i].fs_path, NULL);
	for (size_t i = 0; real && i < l->n; i++) {
		struct scan_item *b = &l->v[i];
		if (!real[i] || b->explicit)
			continue;
		if (bh_strlist_has(merged_extended, real[i])) {
			b->extended_by = "the -f Compose files";
			continue;
		}
		for (size_t j = 0; j < l->n && !b->extended_by; j++) {
			const struct scan_item *a = &l->v[j];
			if (j == i || !bh_strlist_has(&a->res.extended, real[i]))
				continue;
			/* a root extender: nothing extends it */
			if (real[j] && bh_strlist_has(&extended_any, real[j]))
				continue;
			b->extended_by = a->display;
		}
	}
	for (size_t i = 0; real && i < l->n; i++)
		free(real[i]);
	free(real);
	bh_strlist_free(&extended_any);
}

/* Moves item i's results into the run (the caller's thread, in order). */
static void merge_item(struct scan_list *l, size_t i)
{
	struct scan_item *it = &l->v[i];
	if (it->extended_by) {
		/* its findings came with the file that extends it */
		if (l->o->verbose) {
			char path[1024], by[1024];
			diag_escape(path, sizeof(path), it->display);
			diag_escape(by, sizeof(by), it->extended_by);
			fprintf(stderr, "bulkhead: %s: audited through %s, "
				"which extends it, not on its own\n", path, by);
		}
		bh_findings_free(&it->res.found);
		bh_strlist_free(&it->res.warnings);
		free_item_errors(it);
		(*l->files_scanned)++;
		it->res.fmt = NULL;
	}
	cli_print_warnings(&it->res.warnings);
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
	if (it->unreadable)
		(*l->files_unreadable)++;
	if (it->skipped) {
		if (l->o->verbose || it->named)
			print_skip(it);
		if (it->counted)
			count_skip(l, it->skipped);
	}
	if (it->res.fmt) {
		(*l->files_scanned)++;
		/* its paths move to the run's inputs (the item is done
		 * with them): one copy of each is kept, not two */
		if (keep_input(l->ins, it->display, it->fs_path, it->res.fmt,
			       &it->res.link))
			it->display = it->fs_path = NULL;
	}
	/* findings stay with the item: scan_items() moves them all at once */
}

static void free_item(struct scan_item *it)
{
	free(it->display);
	free(it->fs_path);
	free(it->detail);
	/* the findings stay: scan_items() moves them all at once */
	struct bh_findings found = it->res.found;
	it->res.found = (struct bh_findings){ 0 };
	bh_scan_result_free(&it->res);
	it->res.found = found;
	it->display = it->fs_path = it->detail = NULL;
}

/* Scans every listed input, "jobs" at a time, then merges them in list
 * order, and empties the list. */
static void scan_items(struct scan_list *l, unsigned jobs,
		       const struct bh_strlist *merged_extended)
{
	/* no done(): nothing is merged until every item is worked, as a
	 * Compose file may turn out to be another one's extends: base */
	struct pmap_ops ops = { work_item, NULL, l };
	struct pmap_budget budget = { item_cost, SCAN_BUDGET };
	if (pmap_run_budget(l->n, jobs, &ops, &budget) != 0)
		pmap_run(l->n, 1, &ops);  /* no thread: do it here */
	settle_extended(l, merged_extended);
	for (size_t i = 0; i < l->n; i++)
		merge_item(l, i);
	for (size_t i = 0; i < l->n; i++)
		free_item(&l->v[i]);
	/* one allocation for every finding of the run, then one copy each */
	size_t total = l->out->n;
	for (size_t i = 0; i < l->n; i++)
		total += l->v[i].res.found.n;
	if (total > l->out->cap) {
		struct bh_finding *v = realloc(l->out->v, total * sizeof(*v));
		if (v) {
			l->out->v = v;
			l->out->cap = total;
		}
	}
	for (size_t i = 0; i < l->n; i++) {
		if (bh_findings_take(l->out, &l->v[i].res.found) != BH_OK)
			fprintf(stderr, "bulkhead: out of memory\n");
		bh_findings_free(&l->v[i].res.found);
	}
	free(l->v);
	l->v = NULL;
	l->n = l->cap = 0;
}

/* The masking step (rpt_mask_findings(), src/report/mask.h) on the run's
 * sorted findings, "jobs" threads at a time.  What masks a finding of
 * file F is its own texts and the hides of F, nothing of another file
 * (mask.h), and the list is sorted by file first: it is cut into parts
 * at file boundaries, each part masked as a list of its findings and the
 * hides of its files (in the run's order), so the texts come out as one
 * rpt_mask_findings() of the whole run makes them.  A held line
 * (f->line) is masked in place once for the findings sharing it: when
 * one is shared by two parts, or the run is small, or with -j1, the
 * whole list is masked on this thread.  0 or BH_ENOMEM. */
#define MASK_PART_MIN 256     /* findings: fewer are masked here */

struct mask_part {
	struct bh_findings view;  /* findings of the run's list; own hides
				     array (copies of the run's, not owned) */
	int rc;
};

static void mask_part_work(void *ud, size_t i)
{
	struct mask_part *p = ud;
	p[i].rc = rpt_mask_findings(&p[i].view);
}

static const char *file_or_empty(const char *f)
{
	return f ? f : "";
}

/* The part whose files (first..last, in sorted order) include "file",
 * or -1. */
static long part_of(const struct mask_part *p, size_t np, const char *file)
{
	size_t lo = 0, hi = np;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct bh_findings *v = &p[mid].view;
		if (strcmp(file, file_or_empty(v->v[0].file)) < 0)
			hi = mid;
		else if (strcmp(file, file_or_empty(v->v[v->n - 1].file)) > 0)
			lo = mid + 1;
		else
			return (long)mid;
	}
	return -1;
}

/* Whether some held line is shared by findings of two parts. */
static bool lines_cross_parts(const struct mask_part *p, size_t np, size_t n)
{
	size_t cap = 16;
	while (cap < n * 2)
		cap *= 2;
	struct { const char *line; size_t part; } *set = calloc(cap, sizeof(*set));
	if (!set)
		return true;
	bool cross = false;
	for (size_t k = 0; k < np && !cross; k++) {
		for (size_t i = 0; i < p[k].view.n && !cross; i++) {
			const char *line = p[k].view.v[i].line;
			if (!line)
				continue;
			size_t h = (size_t)(((uintptr_t)line >> 4) *
					    0x9e3779b97f4a7c15ull) & (cap - 1);
			while (set[h].line && set[h].line != line)
				h = (h + 1) & (cap - 1);
			if (set[h].line)
				cross = set[h].part != k;
			else
				set[h].line = line, set[h].part = k;
		}
	}
	free(set);
	return cross;
}

static int mask_findings_jobs(struct bh_findings *fs, unsigned jobs)
{
	size_t np = (size_t)jobs * 4;
	if (jobs <= 1 || fs->n < MASK_PART_MIN * 2)
		return rpt_mask_findings(fs);
	if (np > fs->n / MASK_PART_MIN)
		np = fs->n / MASK_PART_MIN;
	struct mask_part *p = calloc(np, sizeof(*p));
	if (!p)
		return rpt_mask_findings(fs);
	/* cut at the first file boundary at or after each k * n / np */
	size_t made = 0, at = 0;
	for (size_t k = 0; k < np && at < fs->n; k++) {
		size_t end = k + 1 == np ? fs->n : fs->n * (k + 1) / np;
		if (end <= at)
			continue;
		while (end < fs->n &&
		       !strcmp(file_or_empty(fs->v[end].file),
			       file_or_empty(fs->v[end - 1].file)))
			end++;
		p[made].view = (struct bh_findings){
			.v = fs->v + at, .n = end - at, .cap = end - at,
			.lines = fs->lines, .nlines = fs->nlines,
			.caplines = fs->nlines };
		made++;
		at = end;
	}
	np = made;
	int rc = 0;
	bool whole = np < 2 || lines_cross_parts(p, np, fs->n);
	/* each part's hides: those of its files, in the run's order */
	size_t *count = whole ? NULL : calloc(np, sizeof(*count));
	long *owner = whole ? NULL : malloc((fs->nhides ? fs->nhides : 1) *
					    sizeof(*owner));
	if (!whole && (!count || !owner))
		whole = true;
	for (size_t i = 0; !whole && i < fs->nhides; i++) {
		owner[i] = part_of(p, np, file_or_empty(fs->hides[i].file));
		if (owner[i] >= 0)
			count[owner[i]]++;
	}
	for (size_t k = 0; !whole && k < np; k++) {
		if (!count[k])
			continue;
		p[k].view.hides = malloc(count[k] * sizeof(*p[k].view.hides));
		p[k].view.caphides = count[k];
		if (!p[k].view.hides)
			whole = true;
	}
	for (size_t i = 0; !whole && i < fs->nhides; i++)
		if (owner[i] >= 0) {
			struct bh_findings *v = &p[owner[i]].view;
			v->hides[v->nhides++] = fs->hides[i];
		}
	if (!whole) {
		struct pmap_ops ops = { mask_part_work, NULL, p };
		if (pmap_run(np, jobs, &ops) != 0)
			pmap_run(np, 1, &ops);  /* no thread: do it here */
		for (size_t k = 0; k < np; k++)
			if (p[k].rc)
				rc = p[k].rc;
	}
	for (size_t k = 0; k < np; k++)
		free(p[k].view.hides);
	free(p);
	free(count);
	free(owner);
	return whole ? rpt_mask_findings(fs) : rc;
}

/* A walked file first listed through a symbolic link is reported under
 * the path of the file itself once the walk reaches it: findings point
 * where the fix goes.  Returns whether it did. */
static bool prefer_real_path(struct scan_list *l, struct walk_seen_file *first,
			     const char *display, const char *fs_path)
{
	if (first->merged || first->item >= l->n)
		return false;
	struct scan_item *it = &l->v[first->item];
	if (it->explicit || !it->scan)
		return false;
	char *d = strdup(display), *f = strdup(fs_path), *p = strdup(display);
	if (!d || !f || !p) {
		free(d);
		free(f);
		free(p);
		return false;
	}
	char *link_path = it->display;
	free(it->fs_path);
	it->display = d;
	it->fs_path = f;
	it->link = false;
	free(first->first);
	first->first = p;
	first->link = false;
	add_duplicate(l, link_path, first);
	free(link_path);
	return true;
}

/* Adds a file found by the walk (or named) unless a path listed before
 * leads to the same file. */
static void add_file(struct scan_list *l, const char *display,
		     const char *fs_path, bool explicit, bool link,
		     bool regular, dev_t dev, ino_t ino, size_t size)
{
	struct walk_seen_file *first = walk_seen_add(&l->seen, dev, ino, display,
					   false, link, l->n);
	if (first) {
		/* named on the command line too: --kind applies to it */
		if (explicit && !first->merged && first->item < l->n)
			l->v[first->item].explicit = true;
		if (first->link && !link &&
		    prefer_real_path(l, first, display, fs_path))
			return;
		add_duplicate(l, display, first);
		return;
	}
	struct scan_item *it = add_item(l, display, fs_path, explicit);
	if (!it)
		fprintf(stderr, "bulkhead: out of memory\n");
	else {
		it->size = size;
		it->regular = regular;
		it->link = link;
		it->dev = dev;
		it->ino = ino;
	}
}

/* walk_path()'s callbacks (walk.h, the lister scan and fix share). */
static void on_stdin(void *ud)
{
	if (!add_item(ud, "stdin", NULL, true))
		fprintf(stderr, "bulkhead: out of memory\n");
}

static void on_file(void *ud, const char *shown, const char *fs_path,
		    bool named, bool link, bool regular, dev_t dev, ino_t ino,
		    size_t size)
{
	struct scan_list *l = ud;
	/* --skip-unknown (pre-commit hooks pass every *.yaml): a named file
	 * is judged as a walk would, what no kind takes is named as skipped */
	bool as_walked = named && l->o->skip_unknown && !l->o->kind;
	size_t before = l->n;
	add_file(l, shown, fs_path, named && !as_walked, link, regular, dev,
		 ino, size);
	if (as_walked && l->n > before)
		l->v[before].named = true;
}

static void on_skip(void *ud, const char *shown, const char *reason,
		    bool counted)
{
	add_skip_item(ud, shown, reason, NULL, counted);
}

static void on_error(void *ud, const char *shown, const struct diag *d,
		     bool unreadable)
{
	add_error_item(ud, shown, d, unreadable);
}

/* Lists the inputs of one PATH argument. */
static void list_path(struct scan_list *l, const char *arg)
{
	struct walk_sink sink = { l, on_stdin, on_file, on_skip, on_error,
				  l->stdin_listed };
	walk_path(&sink, arg, bh_format_walk_name);
	l->stdin_listed = sink.stdin_listed;
}

/* Prints an error line on stderr and keeps it for the report. */
static void record_line(struct scan_errors *errs, const struct bh_scan_error *e,
			size_t *files_unreadable)
{
	fprintf(stderr, "bulkhead: %s\n", e->message);
	keep_line(errs, e->file, e->message);
	if (e->unreadable)
		(*files_unreadable)++;
}

/* `-f a.yml -f b.yml`: one Compose project, later files overriding,
 * scanned by the core (bh_scan_merged()) before any other input.  The
 * real paths of the files it read for extends: go to *extended. */
static void scan_compose_merged(const struct bh_strlist *files,
				const struct bh_config *cfg,
				struct bh_findings *out, struct scan_errors *errs,
				struct scan_inputs *ins, size_t *files_scanned,
				size_t *files_unreadable,
				struct bh_strlist *extended)
{
	struct bh_scan_input *in = calloc(files->n, sizeof(*in));
	if (!in) {
		fprintf(stderr, "bulkhead: out of memory\n");
		return;
	}
	for (size_t i = 0; i < files->n; i++)
		in[i] = (struct bh_scan_input){ files->v[i], files->v[i], true,
						NULL, 0, false, false };
	struct bh_scan_result r;
	(void)bh_scan_merged(in, files->n, cfg, &r);
	/* as met: the files that could not be read, then what the scan
	 * warned of, then its error */
	for (size_t i = 0; i < r.nerrors; i++)
		if (r.errors[i].at_read)
			record_line(errs, &r.errors[i], files_unreadable);
	cli_print_warnings(&r.warnings);
	for (size_t i = 0; i < r.nerrors; i++)
		if (!r.errors[i].at_read)
			record_line(errs, &r.errors[i], files_unreadable);
	if (bh_findings_take(out, &r.found) != BH_OK)
		fprintf(stderr, "bulkhead: out of memory\n");
	*files_scanned += r.nscanned;
	if (r.fmt)
		remember_input(ins, r.path, r.fs_path, r.fmt, &r.link);
	*extended = r.extended;
	r.extended = (struct bh_strlist){ 0 };
	bh_scan_result_free(&r);
	free(in);
}

/* The build contexts the run's Compose files name for their Dockerfiles
 * (bh_scan_contexts(), src/core/scan.c), gathered before any Dockerfile
 * is scanned: the -f project's (already scanned), then each listed
 * input's.  Only when a listed name is a Dockerfile's (or --kind says
 * so): without one, no context is needed and nothing is read twice. */
static void gather_contexts(const struct scan_list *l,
			    const struct scan_inputs *ins,
			    struct bh_build_contexts *out)
{
	const struct bh_format *df = bh_format_named("dockerfile");
	bool any = l->o->kind && !strcmp(l->o->kind, "dockerfile");
	for (size_t i = 0; i < l->n && !any; i++)
		any = l->v[i].scan && l->v[i].fs_path && df && df->match_name &&
		      df->match_name(io_base_name(l->v[i].display));
	if (!any)
		return;
	for (size_t i = 0; i < ins->n; i++)
		if (ins->v[i].facts && !strcmp(ins->v[i].format->name, "compose") &&
		    link_contexts_add(out, ins->v[i].facts,
				      ins->v[i].display) != BH_OK)
			fprintf(stderr, "bulkhead: out of memory\n");
	for (size_t i = 0; i < l->n; i++) {
		const struct scan_item *it = &l->v[i];
		if (!it->scan || !it->fs_path)
			continue;
		struct bh_scan_input in = { it->display, it->fs_path,
					    it->explicit, l->o->kind, 0, false,
					    it->regular && !it->link };
		if (bh_scan_contexts(&in, l->cfg, out) != BH_OK)
			fprintf(stderr, "bulkhead: out of memory\n");
	}
}

/* The run's kustomizations (src/core/kust_images.c), read once before
 * any input is scanned: which files they list as patches, and what they
 * deploy the manifests' images as.  Its warnings are printed here; the
 * resources it does not follow (remote, outside the paths scanned) are
 * named with --verbose.  True when the table is there to read. */
static bool gather_kust(const struct scan_list *l, struct kust_images *k)
{
	struct kust_input *in = calloc(l->n ? l->n : 1, sizeof(*in));
	size_t n = 0;
	for (size_t i = 0; in && i < l->n; i++) {
		const struct scan_item *it = &l->v[i];
		if (it->scan && it->fs_path)
			in[n++] = (struct kust_input){ it->display,
				it->fs_path, it->regular, it->dev, it->ino };
	}
	int rc = in ? kust_images_build(k, in, n) : BH_ENOMEM;
	free(in);
	if (rc) {
		fprintf(stderr, "bulkhead: out of memory\n");
		return false;
	}
	cli_kust_print(k, l->o->verbose);
	return true;
}

/* The -f files are scanned merged: a walk that finds one again does
 * not scan it alone. */
static void remember_merged(struct scan_list *l, const struct bh_strlist *files)
{
	for (size_t i = 0; i < files->n; i++) {
		struct stat st;
		if (stat(files->v[i], &st) == 0)
			(void)walk_seen_add(&l->seen, st.st_dev, st.st_ino,
				       files->v[i], true, false, SIZE_MAX);
	}
}

enum { OPT_KIND = CLI_OPT__END, OPT_VERBOSE, OPT_SKIP_UNKNOWN };

static const struct option scan_opts_own[] = {
	{ "kind", required_argument, NULL, OPT_KIND },
	{ "file", required_argument, NULL, 'f' },
	{ "verbose", no_argument, NULL, OPT_VERBOSE },
	{ "skip-unknown", no_argument, NULL, OPT_SKIP_UNKNOWN },
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
	case OPT_VERBOSE:
		o->verbose = true;
		return -1;
	case OPT_SKIP_UNKNOWN:
		o->skip_unknown = true;
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
		rc = cli_output_is_input("scan", o.cli.output,
					 (const char *const *)argv + optind,
					 (size_t)(argc - optind));
	if (rc < 0)
		rc = cli_output_is_input("scan", o.cli.output,
					 (const char *const *)o.compose_files.v,
					 o.compose_files.n);
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
	size_t files_scanned = 0, files_unreadable = 0;
	struct bh_strlist merged_extended = { 0 };
	struct scan_list list = { .o = &o, .cfg = &cfg, .out = &findings,
				  .errs = &errs, .ins = &ins,
				  .files_scanned = &files_scanned,
				  .files_unreadable = &files_unreadable,
				  .flush_mu = PTHREAD_MUTEX_INITIALIZER };
	if (o.compose_files.n) {
		scan_compose_merged(&o.compose_files, &cfg, &findings, &errs,
				    &ins, &files_scanned, &files_unreadable,
				    &merged_extended);
		remember_merged(&list, &o.compose_files);
	}
	if (optind >= argc && !o.compose_files.n)
		list_path(&list, ".");
	for (int i = optind; i < argc; i++)
		list_path(&list, argv[i]);
	/* each file is listed once: the set is done with before the scan
	 * (its memory is there for the workers) */
	walk_seen_free(&list.seen);
	/* the secret tables are built before any worker reads them */
	(void)sec_init();
	struct bh_build_contexts contexts = { 0 };
	/* only a context below a path the run names is taken (link.h) */
	int nroot = optind >= argc && !o.compose_files.n;
	if (nroot && link_contexts_root(&contexts, ".") != BH_OK)
		fprintf(stderr, "bulkhead: out of memory\n");
	for (int i = optind; i < argc; i++)
		if (link_contexts_root(&contexts, argv[i]) != BH_OK)
			fprintf(stderr, "bulkhead: out of memory\n");
	for (size_t i = 0; i < o.compose_files.n; i++)
		if (link_contexts_root(&contexts, o.compose_files.v[i]) != BH_OK)
			fprintf(stderr, "bulkhead: out of memory\n");
	/* this run's directory listings (src/core/dircache.h), for the
	 * Compose files read here and every input scanned: dropped when
	 * its inputs are scanned */
	cfg.dircache = bh_dircache_new();
	gather_contexts(&list, &ins, &contexts);
	cfg.contexts = &contexts;
	struct kust_images kust = { 0 };
	cfg.kust = gather_kust(&list, &kust) ? &kust : NULL;
	scan_items(&list, o.cli.jobs, &merged_extended);
	bh_dircache_free(cfg.dircache);
	cfg.dircache = NULL;
	cfg.contexts = NULL;
	cfg.kust = NULL;
	kust_images_free(&kust);
	link_contexts_free(&contexts);
	bh_strlist_free(&merged_extended);
	link_services(ins.v, ins.n, &findings);
	free_inputs(&ins);
	bh_strlist_free(&o.compose_files);

	cli_filter_severity(&findings, o.cli.severity_mask);
	bh_findings_sort(&findings);
	/* the one masking step (mask.h), here on the workers: no writer sees
	 * a secret value */
	bool masked = mask_findings_jobs(&findings, o.cli.jobs) == 0;
	if (!masked)
		fprintf(stderr, "bulkhead: out of memory\n");
	char *cwd = getcwd(NULL, 0);
	struct rpt_run run = {
		.findings = &findings,
		.files_scanned = files_scanned,
		.errors = errs.v,
		.nerrors = errs.n,
		.command = "scan",
		.color = !o.cli.color_off && !o.cli.output &&
			 isatty(STDOUT_FILENO) && !getenv("NO_COLOR"),
		.skipped = list.skips,
		.nskipped = list.nskips,
		.files_unreadable = files_unreadable,
		.base_dir = cwd,
		.jobs = o.cli.jobs,
	};
	rc = !masked || cli_apply_baseline(&o.cli, &findings) >= 0 ? 2 : 0;
	if (rc || cli_write_masked(o.cli.format, o.cli.output, &run) != 0)
		rc = 2;
	else if (errs.n)
		rc = 2;
	else
		rc = cli_findings_exit(&o.cli, &findings);
	bh_findings_free(&findings);
	free_errors(&errs);
	free(list.skips);
	free(cwd);
	bh_config_free(&cfg);
	cli_opts_free(&o.cli);
	return rc;
}
