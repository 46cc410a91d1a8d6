/* SPDX-License-Identifier: Apache-2.0
 *
 * cmd_fix.c - `bulkhead fix [PATH...]`: scan, run the fixes of the kept
 * findings (each rule's fix_fn, core/check.h), and print the unified diff
 * (the default; --dry-run says so), write it in place (--write), or ask
 * hunk by hunk on the terminal which to write (--interactive).
 *
 * This file owns fix's command line: the paths (files named, directories
 * walked as `scan` walks them, paths shown as `scan` shows them),
 * --rule / --practice (only those rules' edits), --format text|json,
 * --explain (before each file's diff, per change: the rule, why, what
 * could break; "# " lines, which patch skips), --pins FILE (read and
 * parsed here, src/parse/pins.c, handed to the fixes in the config; a
 * pin rule's finding without it is named on stderr; an info-level
 * one only when --rule or --practice asks for it), the configuration
 * (.bulkhead.yaml, with the "fix:" defaults) and the exit code: 0
 * nothing to fix (or everything written with --write), 1 changes
 * printed, 2 usage or input error.  Before any input is fixed, the
 * build contexts the Compose inputs name for their Dockerfiles are
 * gathered (gather_contexts(), cfg->contexts; the directory listings
 * those reads share, cfg->dircache, are kept for the run only when it
 * writes nothing), and the run's
 * kustomizations read once (src/core/kust_images.c, cfg->kust: patches,
 * images as deployed, so a pin an images: entry sets is fixed at the
 * entry), as `scan` does.  A new
 * file a fix proposes (a .dockerignore, maybe at a Compose build context
 * above the Dockerfile) is kept apart from the file's edits and made
 * once per name and run (fix_creates).  Applying, ordering, the diff and the write are
 * src/fix's.  Printed lines holding a secret value are masked, as are
 * the fixes' notes (a refusal's reason, a default: masked_note()).
 * --interactive shows each hunk of a file's diff (masked, as the diff
 * is), reads y/n/q/a/d/? from standard input, which must be a terminal
 * (else a usage error: it never waits in a pipeline), and writes the
 * edits of the accepted hunks as --write does (fix_splice,
 * fix_write).
 * Before fixing, every input on disk is scanned once without fixes and
 * the Compose <-> Dockerfile join scan runs is run over them
 * (settle_links()): the findings it drops get no fix (cfg->fix_skip).
 * The fixes not made are named on stderr (not_fixed()) and, with
 * --format json, listed in "not_fixed".
 * Tests: tests/suites/fix.sh, tests/fix/, tests/cases/cli/fix-*.case,
 * tests/suites/fix_corpus.sh, tests/suites/fix_interactive.sh.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>

#include "../core/dircache.h"
#include "../core/formats.h"
#include "../core/kust_images.h"
#include "../core/scan.h"
#include "../fix/fix.h"
#include "../parse/pins.h"
#include "../report/mask.h"
#include "../report/rpt_util.h"
#include "../rules/rule.h"
#include "../secrets/secrets.h"
#include "../util/diag.h"
#include "../util/io.h"
#include "../util/strbuf.h"
#include "cli_common.h"
#include "commands.h"
#include "walk.h"

#define FIX_GROUPS (CLI_CONFIG | CLI_PRAGMA)

enum { OPT_WRITE = CLI_OPT__END, OPT_DRY_RUN, OPT_RULE, OPT_PRACTICE,
       OPT_FMT, OPT_EXPLAIN, OPT_PINS, OPT_INTERACTIVE };

static const struct option fix_own[] = {
	{ "write", no_argument, NULL, OPT_WRITE },
	{ "dry-run", no_argument, NULL, OPT_DRY_RUN },
	{ "rule", required_argument, NULL, OPT_RULE },
	{ "practice", required_argument, NULL, OPT_PRACTICE },
	{ "format", required_argument, NULL, OPT_FMT },
	{ "explain", no_argument, NULL, OPT_EXPLAIN },
	{ "pins", required_argument, NULL, OPT_PINS },
	{ "interactive", no_argument, NULL, OPT_INTERACTIVE },
	{ NULL, 0, NULL, 0 },
};

struct fix_opts {
	bool write, dry_run, explain, json, interactive;
	struct bh_strlist rules;      /* rule ids (ours, upper case) */
	struct bh_strlist practices;
	const char *pins_path;        /* --pins FILE */
};

static void usage(FILE *f)
{
	fprintf(f,
		"usage: bulkhead fix [options] [PATH...]\n"
		"  Fix what scan finds, with the smallest text edits: print a\n"
		"  unified diff (default; apply with `patch -p1`) or write the\n"
		"  files in place.  PATH defaults to \".\".  Exit: 0 nothing to\n"
		"  fix (or all written), 1 changes printed, 2 usage or input\n"
		"  error.  Defaults a fix needs come from .bulkhead.yaml\n"
		"  (fix: {uid: 10001, memory: 512M, pids: 100}); docs/fix.md.\n\n"
		"options:\n"
		"  --dry-run                  print the diff, change nothing (the default)\n"
		"  --write                    write the changes in place (atomically)\n"
		"  --interactive              ask per hunk (y,n,q,a,d,?) on the terminal,\n"
		"                             then write the accepted ones as --write\n"
		"  --rule ID                  only this rule's fixes (repeatable;\n"
		"                             a peer's id too: DL3002)\n"
		"  --practice ID              only fixes of this practice (repeatable)\n"
		"  --format text|json         the diff, or the edits as JSON\n"
		"  --explain                  per change: the rule, why, what could break\n"
		"  --pins FILE                image digests for the pin fixes: lines\n"
		"                             \"IMAGE[:TAG] sha256:DIGEST\"\n");
	cli_print_options(f, FIX_GROUPS);
}

static int fix_option(void *ud, int c, const char *arg)
{
	struct fix_opts *fo = ud;
	switch (c) {
	case OPT_WRITE:
		fo->write = true;
		return -1;
	case OPT_DRY_RUN:
		fo->dry_run = true;
		return -1;
	case OPT_INTERACTIVE:
		fo->interactive = true;
		return -1;
	case OPT_EXPLAIN:
		fo->explain = true;
		return -1;
	case OPT_PINS:
		fo->pins_path = arg;
		return -1;
	case OPT_FMT:
		if (!strcmp(arg, "json"))
			fo->json = true;
		else if (strcmp(arg, "text"))
			return cli_usage_error("fix", "unknown format '%s' "
					       "(text, json)", arg);
		return -1;
	case OPT_RULE: {
		/* ours, a retired id of ours or a peer tool's (DL3002), as
		 * --ignore takes them: the fixes of every rule it names */
		const struct bh_rule *rs[16];
		size_t n = bh_rule_resolve(arg, rs, 16), fixable = 0;
		if (!n)
			return cli_usage_error("fix", "unknown rule '%s'", arg);
		for (size_t i = 0; i < n; i++) {
			if (!rs[i]->fix_fn)
				continue;
			fixable++;
			if (bh_strlist_add(&fo->rules, rs[i]->id))
				return 2;
		}
		if (!fixable)
			return cli_usage_error("fix", "rule '%s' has no fix "
					       "(see docs/fix.md)", arg);
		return -1;
	}
	case OPT_PRACTICE: {
		bool known = false;
		for (size_t i = 0; i < bh_rule_count() && !known; i++)
			known = !strcmp(bh_rule_at(i)->practice, arg);
		if (!known)
			return cli_usage_error("fix", "unknown practice '%s'", arg);
		return bh_strlist_add(&fo->practices, arg) ? 2 : -1;
	}
	default:
		return cli_usage_error("fix", "unknown option '%s'", arg);
	}
}

static bool wanted(const struct fix_opts *fo, const struct bh_rule *r)
{
	if (!r || !r->fix_fn)
		return false;
	if (fo->rules.n && !bh_strlist_has(&fo->rules, r->id))
		return false;
	if (fo->practices.n && !bh_strlist_has(&fo->practices, r->practice))
		return false;
	return true;
}

/* One input to fix. */
struct item {
	char *path;          /* as reported */
	char *fs_path;       /* on disk; NULL: standard input */
	bool explicit;
	bool outside;        /* a walked symbolic link to a file outside
				the directory named: never written */
};

struct items {
	struct item *v;
	size_t n, cap;
	const char *arg;        /* the PATH being listed */
	int *errors;
	bool stdin_listed;
	struct walk_seen seen;  /* each file fixed once (walk.h) */
};

static bool items_add(struct items *l, const char *path, const char *fs,
		      bool explicit)
{
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 16;
		struct item *v = realloc(l->v, cap * sizeof(*v));
		if (!v)
			return false;
		l->v = v;
		l->cap = cap;
	}
	struct item *it = &l->v[l->n];
	it->path = strdup(path);
	it->fs_path = fs ? strdup(fs) : NULL;
	it->explicit = explicit;
	it->outside = false;
	if (!it->path || (fs && !it->fs_path)) {
		free(it->path);
		free(it->fs_path);
		return false;
	}
	l->n++;
	return true;
}

static void items_free(struct items *l)
{
	for (size_t i = 0; i < l->n; i++) {
		free(l->v[i].path);
		free(l->v[i].fs_path);
	}
	free(l->v);
	walk_seen_free(&l->seen);
}

/* Whether "path" resolves to a file below directory "dir" (both through
 * every link). */
static bool inside(const char *dir, const char *path)
{
	char *d = realpath(dir, NULL), *p = realpath(path, NULL);
	size_t n = d ? strlen(d) : 0;
	bool in = d && p && !strncmp(d, p, n) &&
		  (p[n] == '/' || (n == 1 && d[0] == '/'));
	free(d);
	free(p);
	return in;
}

/* Whether "fs" is a symbolic link to a file outside the directory that
 * holds it (a hostile repository's `.dockerignore -> ../../.bashrc`):
 * lines a fix appends to it are never written through it. */
static bool link_leaves_dir(const char *fs)
{
	struct stat st;
	if (lstat(fs, &st) != 0 || !S_ISLNK(st.st_mode))
		return false;
	const char *slash = strrchr(fs, '/');
	char *dir = slash ? strndup(fs, (size_t)(slash - fs) + (slash == fs))
			  : strdup(".");
	bool out = !dir || !inside(dir, fs);
	free(dir);
	return out;
}

/* Whether a path as reported leaves the current directory: absolute, or
 * with a ".." component (patch refuses both names). */
static bool outside_cwd(const char *p)
{
	if (p[0] == '/')
		return true;
	for (const char *s = p; (s = strstr(s, "..")) != NULL; s += 2)
		if ((s == p || s[-1] == '/') && (s[2] == '/' || !s[2]))
			return true;
	return false;
}

/* The absolute path of file "fs" (its directory resolved, its name
 * kept), or NULL. */
static char *absolute(const char *fs)
{
	if (!fs)
		return NULL;
	const char *slash = strrchr(fs, '/');
	char *dir = slash ? strndup(fs, (size_t)(slash - fs) + (slash == fs))
			  : strdup(".");
	char *rd = dir ? realpath(dir, NULL) : NULL;
	char *out = NULL;
	const char *base = slash ? slash + 1 : fs;
	if (rd) {
		size_t n = strlen(rd) + strlen(base) + 2;
		out = malloc(n);
		if (out)
			snprintf(out, n, "%s/%s", strcmp(rd, "/") ? rd : "", base);
	}
	free(dir);
	free(rd);
	return out;
}

/* walk_path()'s callbacks (walk.h: the lister scan shares): a file is
 * fixed once however many paths lead to it, as scan scans it once (a
 * second diff of it would not apply, a second write would find it
 * changed); the path named besides a walked link to it is the one kept
 * (so it is written); standard input is read once. */
static void on_stdin(void *ud)
{
	struct items *l = ud;
	if (!items_add(l, "stdin", NULL, true))
		(*l->errors)++;
}

static void on_file(void *ud, const char *shown, const char *fs_path,
		    bool named, bool link, bool regular, dev_t dev, ino_t ino,
		    size_t size)
{
	struct items *l = ud;
	(void)regular;
	(void)size;
	struct walk_seen_file *first = walk_seen_add(&l->seen, dev, ino, shown,
						     false, link, l->n);
	if (first && first->item < l->n) {
		struct item *it = &l->v[first->item];
		char was[1024], esc[1024];
		if (first->link && !link) {
			/* the real path replaces a walked link to it */
			char *p = strdup(shown), *f = strdup(fs_path);
			if (p && f) {
				diag_escape(was, sizeof(was), it->path);
				free(it->path);
				free(it->fs_path);
				it->path = p;
				it->fs_path = f;
				it->explicit = it->explicit || named;
				it->outside = false;
				first->link = false;
				free(first->first);
				first->first = strdup(shown);
				diag_escape(esc, sizeof(esc), shown);
				fprintf(stderr, "bulkhead: skipped %s: the same "
					"file as another input: fixed once, as "
					"%s\n", was, esc);
				return;
			}
			free(p);
			free(f);
		}
		it->explicit = it->explicit || named;
		diag_escape(esc, sizeof(esc), shown);
		diag_escape(was, sizeof(was), it->path);
		fprintf(stderr, "bulkhead: skipped %s: the same file as another "
			"input: fixed once, as %s\n", esc, was);
		return;
	}
	if (!items_add(l, shown, fs_path, named))
		(*l->errors)++;
	else if (link && !named)
		l->v[l->n - 1].outside = !inside(l->arg, fs_path);
}

/* every path below a directory is fixed or named: a skipped one as
 * `scan --verbose` names it, an unreadable one as an error */
static void on_skip(void *ud, const char *shown, const char *reason,
		    bool counted)
{
	(void)ud;
	(void)counted;
	char esc[1024];
	diag_escape(esc, sizeof(esc), shown);
	fprintf(stderr, "bulkhead: skipped %s: %s\n", esc, reason);
}

static void on_error(void *ud, const char *shown, const struct diag *d,
		     bool unreadable)
{
	struct items *l = ud;
	(void)shown;
	(void)unreadable;
	char line[1024];
	diag_format(d, line, sizeof(line));
	fprintf(stderr, "bulkhead: %s\n", line);
	(*l->errors)++;
}

/* Lists the inputs of one PATH; an error is printed and counted. */
static void list_path(struct items *l, const char *arg)
{
	struct walk_sink sink = { l, on_stdin, on_file, on_skip, on_error,
				  l->stdin_listed };
	l->arg = arg;
	walk_path(&sink, arg, bh_format_walk_name);
	l->stdin_listed = sink.stdin_listed;
}

/* "p" escaped (diag_escape(): control and non-UTF-8 bytes as \xHH),
 * as every path in a text output is, into buf (4200 bytes: a path is at
 * most PATH_MAX, each byte at most 4). */
#define ESC_PATH 4200
static const char *esc_path(char buf[ESC_PATH], const char *p)
{
	diag_escape(buf, ESC_PATH, p ? p : "");
	return buf;
}

/* A note of a fix (the default it chose, or why it was refused), which
 * may quote the file (a service or anchor name), masked as a finding's
 * message of "file" is (rpt_mask_message(): the secret engine's finds
 * and the values the scan hid in "file", listed in "found") into "out";
 * false when it could not be masked (then nothing is to be shown). */
static bool masked_note(const struct bh_findings *found, const char *file,
			const char *note, struct strbuf *out)
{
	if (rpt_mask_message(found, file, note ? note : "", out) != BH_OK ||
	    out->failed) {
		strbuf_reset(out);
		return false;
	}
	return true;
}

/* "# " lines explaining each kept edit (--explain); "found" holds the
 * scan's hides, which mask the notes. */
static void explain(struct strbuf *sb, const struct bh_findings *found,
		    const struct bh_edit *e, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const struct bh_rule *r = e[i].rule;
		char pe[ESC_PATH];
		strbuf_printf(sb, "# %s:%d:%d %s %s: %s\n", esc_path(pe, e[i].file),
			      e[i].line,
			      e[i].col, r->id, r->title, r->fix);
		strbuf_printf(sb, "#   why: %s\n", r->why);
		if (r->fix_risk)
			strbuf_printf(sb, "#   could break: %s\n", r->fix_risk);
		if (e[i].note) {
			struct strbuf m = STRBUF_INIT;
			bool ok = masked_note(found, e[i].file, e[i].note, &m);
			strbuf_printf(sb, "#   default: %s\n", ok && m.buf ? m.buf
				      : ok ? "" : "(not shown: out of memory)");
			strbuf_free(&m);
		}
	}
}

static json_t *edit_json(const struct bh_findings *found,
			 const struct bh_edit *e)
{
	json_t *o = json_object();
	json_object_set_new(o, "rule", json_string(e->rule->id));
	json_object_set_new(o, "practice", json_string(e->rule->practice));
	json_object_set_new(o, "file", rpt_json_str(e->file));
	json_object_set_new(o, "line", json_integer(e->line));
	json_object_set_new(o, "col", json_integer(e->col));
	json_object_set_new(o, "start", json_integer((json_int_t)e->start));
	json_object_set_new(o, "end", json_integer((json_int_t)e->end));
	/* the inserted text may carry the input's own words (an exec-form
	 * CMD keeps its arguments): masked before it becomes JSON, so the
	 * mask never cuts a JSON escape; such an edit then differs from
	 * what --write writes, and no secret is printed */
	struct strbuf m = STRBUF_INIT;
	fix_mask(&m, e->text, strlen(e->text));
	json_object_set_new(o, "text", m.failed ? json_null()
				   : json_stringn(m.buf ? m.buf : "", m.len));
	strbuf_free(&m);
	/* the note may quote the file too */
	json_t *note = json_null();
	if (e->note && masked_note(found, e->file, e->note, &m))
		note = json_stringn(m.buf ? m.buf : "", m.len);
	strbuf_free(&m);
	json_object_set_new(o, "note", note ? note : json_null());
	return o;
}

struct run {
	const struct fix_opts *fo;
	const struct bh_config *cfg;
	struct strbuf out;        /* text: the diffs */
	json_t *edits;            /* json: the kept edits */
	json_t *not_fixed;        /* json: the findings whose fix was
				     not made, with why */
	size_t changed_files, nedits, dropped;
	int errors;
	bool said_root;           /* the "named from /" note was printed */
	bool quit;                /* --interactive: "q" was answered */
	struct bh_strlist created; /* new files proposed (their fs paths) */
	const struct bh_findings *found; /* the input being fixed's findings
					    (their hides mask the notes) */
};

/* Whether "it" may be written in place: not standard input, not a
 * walked link to a file outside the directory named (else one line on
 * stderr, counted). */
static bool writable_item(struct run *r, const struct item *it)
{
	if (!it->fs_path) {
		fprintf(stderr, "bulkhead: stdin: cannot be written "
			"in place (use the diff)\n");
		r->errors++;
		return false;
	}
	if (it->outside) {
		char esc[4200];
		diag_escape(esc, sizeof(esc), it->path);
		fprintf(stderr, "bulkhead: %s: a symbolic link to a file "
			"outside the directory named: not written (name "
			"that file to fix it)\n", esc);
		r->errors++;
		return false;
	}
	return true;
}

/* Writes text[0..len) (made by "changes" edits) over the item, as
 * --write does (fix_write: atomic, refused when the file changed). */
static void write_item(struct run *r, const struct item *it,
		       const struct bh_scan_result *res, const char *text,
		       size_t len, size_t changes)
{
	struct diag d;
	diag_init(&d, it->path);
	if (!writable_item(r, it))
		return;
	if (fix_write(it->fs_path, res->text, res->text_len, text, len,
		      &d) != BH_OK) {
		char line[1024];
		diag_format(&d, line, sizeof(line));
		fprintf(stderr, "bulkhead: %s\n", line);
		r->errors++;
	} else {
		fprintf(stderr, "bulkhead: fixed %s (%zu change%s)\n",
			it->path, changes, changes == 1 ? "" : "s");
	}
}

/* ---- --interactive ---- */

static void oom(struct run *r, const char *path)
{
	char esc[4200];
	diag_escape(esc, sizeof(esc), path);
	fprintf(stderr, "bulkhead: %s: out of memory\n", esc);
	r->errors++;
}

static void ask_help(void)
{
	fputs("y - apply this hunk\n"
	      "n - do not apply this hunk\n"
	      "q - quit: do not apply this hunk nor any later one (the hunks "
	      "accepted so far are written)\n"
	      "a - apply this hunk and all later hunks in the file\n"
	      "d - do not apply this hunk nor any later hunk in the file\n"
	      "? - print help\n", stdout);
}

/* Asks about hunk i of n on standard input (a terminal, checked before
 * anything ran): 'y', 'n', 'q', 'a' or 'd'.  One letter and Enter; "?"
 * or anything else prints the help and asks again; end of input is "q"
 * (nothing more is applied). */
static int ask(size_t i, size_t n, const char *what)
{
	for (;;) {
		printf("(%zu/%zu) %s [y,n,q,a,d,?]? ", i + 1, n, what);
		fflush(stdout);
		char line[256];
		if (!fgets(line, sizeof(line), stdin)) {
			fputc('\n', stdout);
			return 'q';
		}
		if (!strchr(line, '\n')) {
			int c;
			while ((c = getchar()) != EOF && c != '\n')
				;
		}
		size_t a = 0, b = strlen(line);
		while (a < b && strchr(" \t\r\n", line[a]))
			a++;
		while (b > a && strchr(" \t\r\n", line[b - 1]))
			b--;
		if (b == a + 1 && strchr("ynqad", line[a]))
			return line[a];
		ask_help();
	}
}

/* Groups the hunks a fix's edits span: lead[h] is the first hunk of
 * hunk h's group (hunks sharing an edit's fix_id, transitively).
 * Returns the number of groups. */
static size_t hunk_groups(const struct fix_hunks *hk, const struct bh_edit *edits,
			  size_t *lead)
{
	for (size_t h = 0; h < hk->n; h++)
		lead[h] = h;
	for (bool moved = true; moved;) {
		moved = false;
		for (size_t a = 0; a < hk->n; a++)
			for (size_t b = a + 1; b < hk->n; b++) {
				if (lead[a] == lead[b])
					continue;
				bool share = false;
				for (size_t i = hk->v[a].e0; i < hk->v[a].e1 && !share; i++)
					for (size_t j = hk->v[b].e0; j < hk->v[b].e1 && !share; j++)
						share = edits[i].fix_id &&
							edits[i].fix_id == edits[j].fix_id;
				if (!share)
					continue;
				size_t from = lead[b] > lead[a] ? lead[b] : lead[a];
				size_t to = lead[b] > lead[a] ? lead[a] : lead[b];
				for (size_t k = 0; k < hk->n; k++)
					if (lead[k] == from)
						lead[k] = to;
				moved = true;
			}
	}
	size_t n = 0;
	for (size_t h = 0; h < hk->n; h++)
		n += lead[h] == h;
	return n;
}

static size_t group_size(const size_t *lead, size_t n, size_t h)
{
	size_t k = 0;
	for (size_t g = 0; g < n; g++)
		k += lead[g] == h;
	return k;
}

/* Shows each hunk of the item's diff (masked as the diff is) and writes
 * the edits of the accepted ones: edits[0..kept) are fix_apply()'s
 * kept edits, in order; a hunk's edits are never split, and
 * the hunks one fix's edits span are one question (hunk_groups()). */
static void ask_edits(struct run *r, const struct item *it,
		      struct bh_scan_result *res, struct bh_edit *edits,
		      size_t kept)
{
	if (!writable_item(r, it))
		return;
	char *abs = outside_cwd(it->path) ? absolute(it->fs_path) : NULL;
	struct strbuf d = STRBUF_INIT;
	struct fix_hunks hk;
	bool *take = calloc(kept ? kept : 1, sizeof(*take));
	struct bh_edit *sel = malloc((kept ? kept : 1) * sizeof(*sel));
	if (!take || !sel ||
	    fix_diff_hunks(abs ? abs : it->path, res->text, res->text_len,
			   edits, kept, res->found.hides, res->found.nhides,
			   it->path, &d, &hk) != BH_OK) {
		oom(r, it->path);
		goto out_free;
	}
	/* one fix's edits in several hunks (BH2006's secret declared in
	 * one, used in another): those hunks are one question, so no
	 * fix is written half */
	size_t *lead = malloc((hk.n ? hk.n : 1) * sizeof(*lead));
	if (!lead) {
		oom(r, it->path);
		fix_hunks_free(&hk);
		goto out_free;
	}
	size_t nq = hunk_groups(&hk, edits, lead);
	int rest = 0;   /* 'a' or 'd': the answer for the file's later hunks */
	for (size_t h = 0, q = 0; h < hk.n; h++) {
		if (lead[h] != h)
			continue;   /* asked with its group's first hunk */
		int c = r->quit ? 'n' : rest;
		if (!c) {
			bool head = q == 0;
			for (size_t g = h; g < hk.n; g++) {
				const struct fix_hunk *k = &hk.v[g];
				if (lead[g] != h)
					continue;
				struct strbuf ex = STRBUF_INIT;
				if (r->fo->explain)
					explain(&ex, r->found, edits + k->e0, k->e1 - k->e0);
				fwrite(ex.buf ? ex.buf : "", 1, ex.len, stdout);
				strbuf_free(&ex);
				if (head)
					fwrite(d.buf + hk.head, 1, hk.head_len,
					       stdout);
				head = false;
				fwrite(d.buf + k->at, 1, k->len, stdout);
			}
			c = ask(q, nq, group_size(lead, hk.n, h) > 1
				       ? "Apply these hunks (one fix)"
				       : "Apply this hunk");
		}
		q++;
		if (c == 'q')
			r->quit = true;
		if (c == 'a' || c == 'd')
			rest = c;
		for (size_t g = h; g < hk.n; g++)
			for (size_t e = hk.v[g].e0; lead[g] == h && e < hk.v[g].e1;
			     e++)
				take[e] = c == 'y' || c == 'a';
	}
	free(lead);
	size_t n = 0;
	for (size_t e = 0; e < kept; e++)
		if (take[e])
			sel[n++] = edits[e];
	if (n) {
		char *text = NULL;
		size_t len = 0;
		if (fix_splice(res->text, res->text_len, sel, n, &text, &len) !=
		    BH_OK) {
			oom(r, it->path);
			r->errors++;
		} else {
			write_item(r, it, res, text, len, n);
		}
		free(text);
	}
	fix_hunks_free(&hk);
out_free:
	strbuf_free(&d);
	free(take);
	free(sel);
	free(abs);
}

/* The file's own edits: applied, printed or written. */
static void fix_edits(struct run *r, const struct item *it,
		      struct bh_scan_result *res)
{
	struct bh_edits *all = &res->found.edits;
	/* the selected rules' edits of this file */
	size_t k = 0;
	for (size_t i = 0; i < all->n; i++) {
		struct bh_edit e = all->v[i];
		if (wanted(r->fo, e.rule) && !e.create && !e.refused &&
		    e.file && !strcmp(e.file, it->path)) {
			all->v[i] = all->v[k];
			all->v[k++] = e;
		}
	}
	struct fix_result fx;
	if (k == 0 || fix_apply(res->text, res->text_len, all->v, k, &fx) != BH_OK)
		return;
	if (fx.kept == 0 || (fx.len == res->text_len &&
			     !memcmp(fx.text, res->text, fx.len))) {
		fix_result_free(&fx);
		return;
	}
	r->changed_files++;
	r->nedits += fx.kept;
	r->dropped += fx.dropped;
	char pe[ESC_PATH];
	if (fx.dropped)
		fprintf(stderr, "bulkhead: %s: %zu conflicting edit%s left for "
			"the next run\n", esc_path(pe, it->path), fx.dropped,
			fx.dropped == 1 ? "" : "s");
	if (r->fo->interactive) {
		ask_edits(r, it, res, all->v, fx.kept);
		fix_result_free(&fx);
		return;
	}
	if (r->fo->json) {
		for (size_t i = 0; i < fx.kept; i++)
			json_array_append_new(r->edits, edit_json(r->found, &all->v[i]));
	} else if (!r->fo->write) {
		if (r->fo->explain)
			explain(&r->out, r->found, all->v, fx.kept);
		char *abs = outside_cwd(it->path) ? absolute(it->fs_path) : NULL;
		if (abs && !r->said_root) {
			fprintf(stderr, "bulkhead: note: a file outside the current "
				"directory is named from / in the diff (apply "
				"it with patch -p1 -d /)\n");
			r->said_root = true;
		}
		/* lines masked as the report masks them: the secret
		 * engine's finds and the values the checks hid */
		if (fix_diff_hiding(abs ? abs : it->path, res->text,
				    res->text_len, all->v, fx.kept,
				    res->found.hides, res->found.nhides, it->path,
				    &r->out) != BH_OK)
			r->errors++;
		free(abs);
	}
	if (r->fo->write)
		write_item(r, it, res, fx.text, fx.len, fx.kept);
	fix_result_free(&fx);
}

/* The path of "name" beside "path" (its directory's), on the heap. */
/* The path shown for the file "name" (relative to the directory of
 * "path": ".dockerignore", or "../.dockerignore" for a Compose build
 * context above the Dockerfile), normalised ("docker/../x" -> "x"). */
static char *beside_shown(const char *path, const char *name)
{
	return io_path_beside(path, name);
}

/* The key a new file is made once per run by: its directory's real path
 * and its name (two Dockerfiles reaching one context by two paths
 * propose it once). */
static char *created_key(const char *fs)
{
	const char *sl = strrchr(fs, '/');
	char *dir = sl ? strndup(fs, (size_t)(sl - fs) + (sl == fs)) : strdup(".");
	char *real = dir ? realpath(dir, NULL) : NULL;
	const char *base = sl ? sl + 1 : fs;
	size_t n = (real ? strlen(real) : strlen(fs)) + strlen(base) + 2;
	char *k = malloc(n);
	if (k)
		snprintf(k, n, "%s/%s", real ? real : fs, real ? base : "");
	free(dir);
	free(real);
	return k;
}

static char *beside(const char *path, const char *name)
{
	const char *slash = strrchr(path, '/');
	size_t dl = slash ? (size_t)(slash - path) + 1 : 0;
	size_t n = dl + strlen(name) + 1;
	char *p = malloc(n);
	if (p)
		snprintf(p, n, "%.*s%s", (int)dl, path, name);
	return p;
}

/* Creates the new file "fs" (shown as "path") with e's text. */
static void create_file(struct run *r, const struct bh_edit *e,
			const char *path, const char *fs)
{
	struct diag d;
	diag_init(&d, path);
	if (fix_create(fs, e->text, strlen(e->text), &d) != BH_OK) {
		char line[1024];
		diag_format(&d, line, sizeof(line));
		fprintf(stderr, "bulkhead: %s\n", line);
		r->errors++;
	} else {
		char esc[4200];
		diag_escape(esc, sizeof(esc), path);
		fprintf(stderr, "bulkhead: created %s\n", esc);
	}
}

/* --interactive: shows a new file's diff (masked) and creates it when
 * accepted ("a" is yes, "d" no: it is the file's one hunk). */
static void ask_create(struct run *r, const struct bh_edit *e,
		       const char *path, const char *fs, const char *from)
{
	if (r->quit)
		return;
	struct strbuf d = STRBUF_INIT;
	char pe[ESC_PATH];
	if (r->fo->explain)
		strbuf_printf(&d, "# %s: a new file, by %s %s\n#   why: %s\n"
			      "#   could break: %s\n", esc_path(pe, path), e->rule->id,
			      e->rule->title, e->rule->why,
			      e->rule->fix_risk ? e->rule->fix_risk : "");
	char *abs = outside_cwd(path) ? absolute(fs) : NULL;
	if (fix_diff_create(abs ? abs : path, e->text, strlen(e->text), &d) !=
	    BH_OK) {
		oom(r, from);
	} else {
		fwrite(d.buf ? d.buf : "", 1, d.len, stdout);
		int c = ask(0, 1, "Create this file");
		if (c == 'q')
			r->quit = true;
		if (c == 'y' || c == 'a')
			create_file(r, e, path, fs);
	}
	free(abs);
	strbuf_free(&d);
}

/* Lines a fix adds at the end of an existing file (the .dockerignore
 * the scan read, bh_fix_append()): only while the file still holds the
 * bytes the scan read (else one line, exit 2); printed as its diff,
 * listed with "append": true in JSON, written as --write writes (or
 * asked, --interactive: its one hunk). */
static void fix_append(struct run *r, const struct item *it,
		       const struct bh_edit *e, const char *path, const char *fs)
{
	char esc[4200];
	diag_escape(esc, sizeof(esc), path);
	struct diag d;
	diag_init(&d, path);
	char *now = NULL;
	size_t nlen = 0;
	if (io_read_file(fs, (size_t)1 << 20, &now, &nlen, &d) != BH_OK ||
	    nlen != e->old_len || memcmp(now, e->old, nlen)) {
		fprintf(stderr, "bulkhead: %s: changed since it was read: not "
			"edited\n", esc);
		r->errors++;
		free(now);
		return;
	}
	struct bh_edit ed = *e;
	ed.create = NULL;
	ed.start = ed.end = e->old_len;
	size_t tlen = strlen(e->text);
	char *text = malloc(nlen + tlen + 1);
	if (!text) {
		free(now);
		oom(r, path);
		return;
	}
	memcpy(text, now, nlen);
	memcpy(text + nlen, e->text, tlen + 1);
	char *abs = outside_cwd(path) ? absolute(fs) : NULL;
	const char *shown = abs ? abs : path;
	bool write = r->fo->write;
	char pe[ESC_PATH];
	if (r->fo->interactive && !r->quit) {
		struct strbuf db = STRBUF_INIT;
		if (r->fo->explain)
			strbuf_printf(&db, "# %s: lines added, by %s %s\n#   why: "
				      "%s\n#   could break: %s\n", esc_path(pe, path),
				      e->rule->id, e->rule->title, e->rule->why,
				      e->rule->fix_risk ? e->rule->fix_risk : "");
		if (fix_diff(shown, now, nlen, &ed, 1, true, &db) != BH_OK) {
			oom(r, path);
		} else {
			fwrite(db.buf ? db.buf : "", 1, db.len, stdout);
			int c = ask(0, 1, "Apply this hunk");
			if (c == 'q')
				r->quit = true;
			write = c == 'y' || c == 'a';
		}
		strbuf_free(&db);
	} else if (!r->fo->interactive) {
		r->changed_files++;
		r->nedits++;
		if (r->fo->json) {
			json_t *o = edit_json(r->found, e);
			json_object_set_new(o, "file", rpt_json_str(path));
			json_object_set_new(o, "append", json_true());
			json_object_set_new(o, "from", rpt_json_str(it->path));
			json_array_append_new(r->edits, o);
		} else if (!write) {
			if (r->fo->explain)
				strbuf_printf(&r->out, "# %s: lines added, by %s "
					      "%s\n#   why: %s\n#   could break: "
					      "%s\n", esc_path(pe, path), e->rule->id,
					      e->rule->title, e->rule->why,
					      e->rule->fix_risk ? e->rule->fix_risk
								: "");
			if (fix_diff(shown, now, nlen, &ed, 1, true, &r->out) !=
			    BH_OK)
				r->errors++;
		}
	}
	if (write && link_leaves_dir(fs)) {
		fprintf(stderr, "bulkhead: %s: a symbolic link to a file outside "
			"its directory: not edited (add the lines by hand)\n",
			esc);
		r->errors++;
	} else if (write) {
		if (fix_write(fs, now, nlen, text, nlen + tlen, &d) != BH_OK) {
			char line[1024];
			diag_format(&d, line, sizeof(line));
			fprintf(stderr, "bulkhead: %s\n", line);
			r->errors++;
		} else {
			fprintf(stderr, "bulkhead: fixed %s (1 change)\n", esc);
		}
	}
	free(abs);
	free(text);
	free(now);
}

/* The new files the selected fixes make beside the file (a generated
 * .dockerignore): one per name (the edit of the lowest rule id; several
 * findings propose the same), not when the name exists or an earlier
 * input of this run proposed it; printed as a diff from /dev/null, or
 * created with --write. */
static void fix_creates(struct run *r, const struct item *it,
			struct bh_scan_result *res)
{
	const struct bh_edits *all = &res->found.edits;
	for (size_t i = 0; i < all->n; i++) {
		const struct bh_edit *e = &all->v[i];
		if (!e->create || !wanted(r->fo, e->rule) || !e->file ||
		    strcmp(e->file, it->path))
			continue;
		bool first = true;
		for (size_t k = 0; k < all->n && first; k++) {
			const struct bh_edit *o = &all->v[k];
			if (k == i || !o->create || strcmp(o->create, e->create) ||
			    !wanted(r->fo, o->rule) || !o->file ||
			    strcmp(o->file, it->path))
				continue;
			int c = strcmp(o->rule->id, e->rule->id);
			first = c > 0 || (c == 0 && k > i);
		}
		if (!first)
			continue;
		char *path = beside_shown(it->path, e->create);
		char *fs = it->fs_path ? beside(it->fs_path, e->create) : NULL;
		char *key = fs ? created_key(fs) : NULL;
		struct stat st;
		if (!path || !fs || !key || bh_strlist_has(&r->created, key)) {
			free(path);
			free(fs);
			free(key);
			continue;
		}
		if (e->append) {
			if (bh_strlist_add(&r->created, key) != BH_OK)
				r->errors++;
			fix_append(r, it, e, path, fs);
			free(path);
			free(fs);
			free(key);
			continue;
		}
		if (lstat(fs, &st) == 0) {
			/* the scan saw none (a dangling link, say): never
			 * replaced */
			char esc[4200];
			diag_escape(esc, sizeof(esc), path);
			fprintf(stderr, "bulkhead: %s: exists: not overwritten\n",
				esc);
			r->errors++;
			free(path);
			free(fs);
			free(key);
			continue;
		}
		if (bh_strlist_add(&r->created, key) != BH_OK)
			r->errors++;
		free(key);
		size_t len = strlen(e->text);
		if (r->fo->interactive) {
			ask_create(r, e, path, fs, it->path);
			free(path);
			free(fs);
			continue;
		}
		r->changed_files++;
		r->nedits++;
		if (r->fo->json) {
			json_t *o = edit_json(r->found, e);
			json_object_set_new(o, "file", rpt_json_str(path));
			json_object_set_new(o, "create", json_true());
			json_object_set_new(o, "from", rpt_json_str(it->path));
			json_array_append_new(r->edits, o);
		} else if (!r->fo->write) {
			char pe[ESC_PATH];
			if (r->fo->explain)
				strbuf_printf(&r->out, "# %s: a new file, by %s "
					      "%s\n#   why: %s\n#   could break: "
					      "%s\n", esc_path(pe, path), e->rule->id,
					      e->rule->title, e->rule->why,
					      e->rule->fix_risk ? e->rule->fix_risk
								: "");
			char *abs = outside_cwd(path) ? absolute(fs) : NULL;
			if (fix_diff_create(abs ? abs : path, e->text, len,
					    &r->out) != BH_OK)
				r->errors++;
			free(abs);
		}
		if (r->fo->write)
			create_file(r, e, path, fs);
		free(path);
		free(fs);
	}
}

/* Whether --write would meet a name it must not replace among the new
 * files this input's fixes make (a dangling link where .dockerignore
 * goes), or an existing .dockerignore it appends to that is a link out
 * of its directory: then nothing of the input is written, so an exit 2 never
 * leaves a half-applied fix (fix_creates() names the file). */
static bool creates_blocked(const struct run *r, const struct item *it,
			    const struct bh_scan_result *res)
{
	const struct bh_edits *all = &res->found.edits;
	for (size_t i = 0; r->fo->write && it->fs_path && i < all->n; i++) {
		const struct bh_edit *e = &all->v[i];
		if (!e->create || !wanted(r->fo, e->rule) ||
		    !e->file || strcmp(e->file, it->path))
			continue;
		char *fs = beside(it->fs_path, e->create);
		char *key = fs ? created_key(fs) : NULL;
		struct stat st;
		bool there = fs && key && !bh_strlist_has(&r->created, key) &&
			     (e->append ? link_leaves_dir(fs)
					: lstat(fs, &st) == 0);
		free(fs);
		free(key);
		if (there)
			return true;
	}
	return false;
}

/* The build contexts the Compose files among the inputs name for their
 * Dockerfiles (bh_scan_contexts(), src/core/scan.c), before any input is
 * fixed, as `scan` gathers them; only when an input is named like a
 * Dockerfile. */
static void gather_contexts(const struct items *l, const struct bh_config *cfg,
			    struct bh_build_contexts *out)
{
	const struct bh_format *df = bh_format_named("dockerfile");
	bool any = false;
	for (size_t i = 0; i < l->n && !any; i++)
		any = l->v[i].fs_path && df && df->match_name &&
		      df->match_name(io_base_name(l->v[i].path));
	for (size_t i = 0; any && i < l->n; i++) {
		const struct item *it = &l->v[i];
		struct bh_scan_input in = { it->path, it->fs_path, it->explicit,
					    NULL, 0, false, false };
		if (it->fs_path && bh_scan_contexts(&in, cfg, out) != BH_OK)
			fprintf(stderr, "bulkhead: out of memory\n");
	}
}

/* One finding whose fix was not made: printed on stderr, "bulkhead:
 * PATH:LINE:COL: RULE not fixed: REASON" (path and reason escaped), and
 * with --format json listed in "not_fixed" too.  "reason" is masked
 * already. */
static void not_fixed(struct run *r, const char *file, int line, int col,
		      const struct bh_rule *rule, const char *reason)
{
	char esc[4200], why[1100];
	diag_escape(esc, sizeof(esc), file);
	diag_escape(why, sizeof(why), reason);
	fprintf(stderr, "bulkhead: %s:%d:%d: %s not fixed: %s\n", esc, line,
		col, rule->id, why);
	if (!r->not_fixed)
		return;
	json_t *o = json_object();
	json_object_set_new(o, "rule", json_string(rule->id));
	json_object_set_new(o, "practice", json_string(rule->practice));
	json_object_set_new(o, "file", rpt_json_str(file));
	json_object_set_new(o, "line", json_integer(line));
	json_object_set_new(o, "col", json_integer(col));
	json_object_set_new(o, "reason", rpt_json_str(reason));
	json_array_append_new(r->not_fixed, o);
}

/* The fixes of this file's findings that were not made, each named once
 * on stderr with why (bh_fix_refuse()): "PATH:LINE:COL: RULE not fixed:
 * REASON". */
static void say_refused(struct run *r, const struct item *it,
			const struct bh_scan_result *res)
{
	const struct bh_edits *all = &res->found.edits;
	for (size_t i = 0; !res->nerrors && i < all->n; i++) {
		const struct bh_edit *e = &all->v[i];
		if (!e->refused || !wanted(r->fo, e->rule) || !e->file ||
		    strcmp(e->file, it->path))
			continue;
		bool again = false;
		for (size_t k = 0; k < i && !again; k++) {
			const struct bh_edit *o = &all->v[k];
			again = o->refused && o->rule == e->rule &&
				o->line == e->line && o->col == e->col &&
				o->file && !strcmp(o->file, e->file) &&
				!strcmp(o->note ? o->note : "", e->note ? e->note : "");
		}
		if (again)
			continue;
		/* the reason may quote the file (a service, an anchor):
		 * masked as a finding's message */
		struct strbuf m = STRBUF_INIT;
		bool ok = masked_note(&res->found, e->file, e->note, &m);
		const char *why = !ok ? "(reason not shown: out of memory)"
				      : m.buf ? m.buf : "";
		not_fixed(r, e->file, e->line, e->col, e->rule, why);
		/* --explain: a "# " line before the file's diff too */
		if (r->fo->explain && !r->fo->json && !r->fo->write &&
		    !r->fo->interactive) {
			char pe[ESC_PATH], w[1100];
			diag_escape(w, sizeof(w), why);
			strbuf_printf(&r->out, "# %s:%d:%d %s not fixed: %s\n",
				      esc_path(pe, e->file), e->line, e->col,
				      e->rule->id, w);
		}
		strbuf_free(&m);
	}
}

/* Whether "list" holds a finding of f's rule at f's file, line and
 * column. */
static bool holds(const struct bh_findings *list, const struct bh_finding *f)
{
	for (size_t i = 0; i < list->n; i++) {
		const struct bh_finding *o = &list->v[i];
		if (o->rule == f->rule && o->span.line == f->span.line &&
		    o->span.col == f->span.col && !strcmp(o->file, f->file))
			return true;
	}
	return false;
}

/* The findings `scan` drops after every input (link_services(),
 * src/core/link.c: a Compose service joined to the Dockerfile it
 * builds, when one file settles what the other reports) go to "skip",
 * whose fixes bh_scan_check() then does not run: each input on disk is
 * scanned once without fixes, as `scan` scans it, the join run over
 * them, and the findings of link rules it removed kept.  Nothing is
 * done when no Compose input builds a Dockerfile. */
static void settle_links(const struct items *l, struct bh_config *cfg,
			 struct bh_findings *skip)
{
	struct link_input *ins = calloc(l->n ? l->n : 1, sizeof(*ins));
	struct link_facts *facts = calloc(l->n ? l->n : 1, sizeof(*facts));
	struct bh_findings all = { 0 }, before = { 0 };
	size_t nins = 0;
	bool services = false;
	if (!ins || !facts) {
		fprintf(stderr, "bulkhead: out of memory\n");
		goto out;
	}
	cfg->fix = false;
	for (size_t i = 0; i < l->n; i++) {
		const struct item *it = &l->v[i];
		if (!it->fs_path)
			continue;   /* stdin is read once, by the fix */
		struct bh_scan_input in = { it->path, it->fs_path,
					    it->explicit, NULL, 0, false,
					    false };
		struct bh_scan_result res;
		(void)bh_scan_input(&in, cfg, &res);
		if (res.fmt && !res.nerrors) {
			facts[nins] = res.link;
			memset(&res.link, 0, sizeof(res.link));
			services |= facts[nins].nservices > 0;
			ins[nins] = (struct link_input){ it->path, it->fs_path,
							 res.fmt, &facts[nins] };
			nins++;
			if (bh_findings_take(&all, &res.found) != BH_OK)
				fprintf(stderr, "bulkhead: out of memory\n");
		}
		bh_scan_result_free(&res);
	}
	cfg->fix = true;
	if (!services)
		goto out;
	for (size_t i = 0; i < all.n; i++)
		if (all.v[i].rule && all.v[i].file &&
		    bh_rule_link(all.v[i].rule) != BH_LINK_NONE &&
		    bh_findings_add(&before, &all.v[i]) != BH_OK)
			fprintf(stderr, "bulkhead: out of memory\n");
	link_services(ins, nins, &all);
	for (size_t i = 0; i < before.n; i++)
		if (!holds(&all, &before.v[i]) &&
		    bh_findings_add(skip, &before.v[i]) != BH_OK)
			fprintf(stderr, "bulkhead: out of memory\n");
out:
	for (size_t i = 0; i < nins; i++)
		link_facts_free(&facts[i]);
	free(facts);
	free(ins);
	bh_findings_free(&all);
	bh_findings_free(&before);
}

static void fix_one(struct run *r, const struct item *it)
{
	struct bh_scan_input in = { it->path, it->fs_path, it->explicit, NULL,
				    0, false, false };
	struct bh_scan_result res;
	if (r->quit)
		return;   /* --interactive: "q" answered, nothing more asked */
	(void)bh_scan_input(&in, r->cfg, &res);
	for (size_t i = 0; i < res.nerrors; i++) {
		fprintf(stderr, "bulkhead: %s\n", res.errors[i].message);
		r->errors++;
	}
	cli_print_warnings(&res.warnings);
	r->found = &res.found;
	/* a pin fix without --pins: say why it is not fixed */
	for (size_t i = 0; !r->cfg->fix_pins && !res.nerrors && i < res.found.n;
	     i++) {
		const struct bh_finding *f = &res.found.v[i];
		/* an info-level tag-only finding (BH1012, BH2005, BH3036:
		 * every tagged image) is named only when its rule or
		 * practice was asked for */
		if (!f->rule || !(f->rule->flags & BH_RULE_FIX_PINS) ||
		    !wanted(r->fo, f->rule) || !f->file ||
		    strcmp(f->file, it->path) ||
		    (f->rule->severity == BH_SEV_INFO && !r->fo->rules.n &&
		     !r->fo->practices.n))
			continue;
		not_fixed(r, f->file, f->span.line, f->span.col, f->rule,
			  "the digest comes from --pins FILE (lines "
			  "\"IMAGE[:TAG] sha256:DIGEST\")");
	}
	say_refused(r, it, &res);
	if (!res.nerrors && res.text && res.found.edits.n) {
		if (!creates_blocked(r, it, &res))
			fix_edits(r, it, &res);
		fix_creates(r, it, &res);
	}
	r->found = NULL;
	bh_scan_result_free(&res);
}

int cmd_fix(int argc, char **argv)
{
	struct cli_opts o;
	cli_opts_init(&o, "fix", FIX_GROUPS, fix_own, NULL);
	struct fix_opts fo = { 0 };
	struct bh_config cfg;
	bh_config_init(&cfg);
	int rc = cli_parse(&o, argc, argv, fix_option, &fo, usage);
	if (rc < 0 && fo.write && fo.dry_run)
		rc = cli_usage_error("fix", "--write and --dry-run exclude each "
				     "other%s", "");
	if (rc < 0 && fo.interactive && (fo.dry_run || fo.json))
		rc = cli_usage_error("fix", "--interactive writes what is "
				     "accepted: not with %s", fo.dry_run
				     ? "--dry-run" : "--format json");
	for (int i = optind; rc < 0 && fo.interactive && i < argc; i++)
		if (!strcmp(argv[i], "-"))
			rc = cli_usage_error("fix", "--interactive reads its "
					     "answers from standard input: not "
					     "with '%s' as a PATH", "-");
	if (rc < 0 && fo.interactive && !isatty(STDIN_FILENO))
		rc = cli_usage_error("fix", "--interactive needs a terminal on "
				     "standard input%s (use --write, or the "
				     "diff)", "");
	if (rc < 0)
		rc = cli_load_config(&o, &cfg);
	if (rc >= 0) {
		bh_strlist_free(&fo.rules);
		bh_strlist_free(&fo.practices);
		bh_config_free(&cfg);
		cli_opts_free(&o);
		return rc;
	}
	struct pins pins = { 0 };
	if (fo.pins_path) {
		struct diag d;
		diag_init(&d, fo.pins_path);
		char *buf = NULL;
		size_t len = 0;
		int prc = io_read_file(fo.pins_path, (size_t)1 << 20, &buf, &len,
				       &d);
		if (prc == BH_OK)
			prc = pins_parse(buf, len, &pins, &d);
		free(buf);
		if (prc != BH_OK) {
			char line[1024];
			diag_format(&d, line, sizeof(line));
			fprintf(stderr, "bulkhead: %s\n", line);
			bh_strlist_free(&fo.rules);
			bh_strlist_free(&fo.practices);
			bh_config_free(&cfg);
			cli_opts_free(&o);
			return 2;
		}
		cfg.fix_pins = &pins;
	}
	(void)sec_init();
	cfg.fix = true;
	struct run r = { .fo = &fo, .cfg = &cfg, .out = STRBUF_INIT };
	struct items items = { .errors = &r.errors };
	if (fo.json) {
		r.edits = json_array();
		r.not_fixed = json_array();
	}
	if (optind >= argc)
		list_path(&items, ".");
	for (int i = optind; i < argc; i++)
		list_path(&items, argv[i]);
	struct bh_build_contexts contexts = { 0 };
	/* only a context below a path the run names is taken (link.h): a
	 * Compose file's `context: ../elsewhere` gets no .dockerignore */
	if (optind >= argc && link_contexts_root(&contexts, ".") != BH_OK)
		fprintf(stderr, "bulkhead: out of memory\n");
	for (int i = optind; i < argc; i++)
		if (link_contexts_root(&contexts, argv[i]) != BH_OK)
			fprintf(stderr, "bulkhead: out of memory\n");
	/* the run's directory listings (src/core/dircache.h) while nothing
	 * is written: the reads before any fix, and every scan of a run
	 * that writes nothing; a run that writes drops them before its
	 * first fix (it may create a .dockerignore a later scan must see) */
	cfg.dircache = bh_dircache_new();
	gather_contexts(&items, &cfg, &contexts);
	cfg.contexts = &contexts;
	/* the run's kustomizations, read once, as `scan` reads them: which
	 * files are patches, what an image is deployed as (a pin an
	 * images: entry sets is fixed there, not in the base) */
	struct kust_images kust = { 0 };
	struct kust_input *kin = calloc(items.n ? items.n : 1, sizeof(*kin));
	size_t nkin = 0;
	for (size_t i = 0; kin && i < items.n; i++)
		if (items.v[i].fs_path)
			kin[nkin++] = (struct kust_input){
				items.v[i].path, items.v[i].fs_path, false, 0,
				0 };
	if (kin && kust_images_build(&kust, kin, nkin) == BH_OK) {
		cli_kust_print(&kust, false);
		cfg.kust = &kust;
	} else {
		fprintf(stderr, "bulkhead: out of memory\n");
	}
	free(kin);
	struct bh_findings skip = { 0 };
	settle_links(&items, &cfg, &skip);
	cfg.fix_skip = &skip;
	if (fo.write || fo.interactive) {
		bh_dircache_free(cfg.dircache);
		cfg.dircache = NULL;
	}
	for (size_t i = 0; i < items.n; i++) {
		fix_one(&r, &items.v[i]);
		if (r.out.len > ((size_t)1 << 20)) {
			fwrite(r.out.buf, 1, r.out.len, stdout);
			strbuf_reset(&r.out);
		}
	}
	if (fo.json) {
		json_t *doc = json_object();
		json_object_set_new(doc, "edits", r.edits);
		json_object_set_new(doc, "files_changed",
				    json_integer((json_int_t)r.changed_files));
		json_object_set_new(doc, "dropped",
				    json_integer((json_int_t)r.dropped));
		json_object_set_new(doc, "written", json_boolean(fo.write));
		json_object_set_new(doc, "not_fixed", r.not_fixed);
		/* every string from the input was masked when it was put in */
		char *s = json_dumps(doc, JSON_INDENT(2) | JSON_ENSURE_ASCII);
		if (s) {
			printf("%s\n", s);
			free(s);
		} else {
			r.errors++;
		}
		json_decref(doc);
	} else if (r.out.len) {
		fwrite(r.out.buf, 1, r.out.len, stdout);
	}
	if (r.out.failed)
		r.errors++;
	bh_dircache_free(cfg.dircache);
	cfg.dircache = NULL;
	strbuf_free(&r.out);
	items_free(&items);
	bh_strlist_free(&fo.rules);
	bh_strlist_free(&fo.practices);
	bh_config_free(&cfg);
	pins_free(&pins);
	link_contexts_free(&contexts);
	cfg.kust = NULL;
	kust_images_free(&kust);
	bh_findings_free(&skip);
	bh_strlist_free(&r.created);
	cli_opts_free(&o);
	if (r.errors)
		return 2;
	if (r.changed_files && !fo.write && !fo.interactive)
		return 1;
	return 0;
}
