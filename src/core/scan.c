/* SPDX-License-Identifier: Apache-2.0
 *
 * scan.c - the per-input pipeline (scan.h): read, detect kind, hand the
 * input to its kind's front end, and the step every kind ends with:
 * rules, then inline ignores, then the input's findings.
 *
 * This file owns the order of the pipeline and what a caller gets back:
 * a walked file is read first up to BH_SNIFF_BYTES to tell its kind
 * (formats.c), then whole; a named one is read whole and told by name,
 * then content (or --kind); standard input is read whole.  Reading is
 * bounded (util/io) and refuses anything but a regular file; bytes held
 * in memory (bh_scan_buffer(), the admission webhook's objects) are
 * copied and go the same way from the kind on.  Parsing,
 * model building and gathering facts are each kind's front end
 * (scan_df.c, scan_compose.c with cmp_extends.c, scan_k8s.c), which ends
 * in bh_scan_check(): checks write to a list of the input's own; each
 * file of the input has its pragmas applied to its own findings only (a
 * pragma in one -f file says nothing of another's); the kept findings
 * and all hides are the input's.  It holds no rule and no format
 * knowledge, never prints and keeps no state between calls.
 * Tests: tests/unit/core/test_scan.c, tests/cases/ (every rule),
 * tests/cases/cli/ignore-*.case, tests/cases/cli/walk-*.case.
 */
#include "scan.h"

#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util/diag.h"
#include "../util/io.h"
#include "../util/text.h"

static int keep_unit(const struct bh_findings *all,
		     const struct bh_scan_unit *u, bool apply,
		     struct bh_findings *out, struct bh_strlist *warnings)
{
	struct bh_findings mine = { 0 };
	int rc = BH_OK;
	for (size_t i = 0; i < all->n && rc == BH_OK; i++)
		if (!strcmp(all->v[i].file, u->path))
			rc = bh_findings_add(&mine, &all->v[i]);
	if (rc == BH_OK && apply)
		ignore_apply(u->path, u->text, u->len, &mine, 0, u->unit_end,
			     u->in_text, u->unit_ctx, warnings);
	if (rc == BH_OK && u->check)
		ignore_check_directive(u->path, u->check, u->check_line,
				       apply, &mine, 0, warnings);
	for (size_t i = 0; i < mine.n && rc == BH_OK; i++)
		rc = bh_findings_add(out, &mine.v[i]);
	bh_findings_free(&mine);
	return rc;
}

/* Fix ids handed out (bh_check's fix_id): atomic, as inputs may be
 * scanned by several threads. */
static atomic_uint fix_ids;

/* Whether the join settled "f" away (cfg->fix_skip): `scan` would not
 * report it, so `fix` does not fix it. */
static bool settled(const struct bh_findings *skip, const struct bh_finding *f)
{
	for (size_t i = 0; skip && i < skip->n; i++) {
		const struct bh_finding *s = &skip->v[i];
		if (s->rule == f->rule && s->span.line == f->span.line &&
		    s->span.col == f->span.col && s->file && f->file &&
		    !strcmp(s->file, f->file))
			return true;
	}
	return false;
}

/* The catch-all of run_fixes(): a fix that made neither an edit nor a
 * refusal (bh_fix_refuse()) for "f" is named as not fixed all the same,
 * so no finding `fix` leaves is left unexplained (docs/fix.md).  A pin
 * fix without --pins is not: cmd_fix.c names those.  The reason is the
 * one the fix or its helpers gave (bh_check's fix_why), else generic. */
static void refuse_silent(struct bh_check *c, struct bh_findings *list,
			  const struct bh_finding *f)
{
	struct bh_edit e = {
		.rule = f->rule, .file = (char *)f->file, .text = "",
		.line = f->span.line, .col = f->span.col,
		.note = c->fix_why ? (char *)c->fix_why
				   : "the fix found no edit it could make "
				     "exactly here (fix it by hand)",
		.seq = (unsigned)list->edits.n, .fix_id = c->fix_id,
		.refused = true,
	};
	if (bh_edits_add(&list->edits, &e) != BH_OK)
		c->error = BH_ENOMEM;
}

/* `bulkhead fix`: each kept finding of "path" (the checked text's own
 * file) whose rule has a fix gets it run, with the model still there; the
 * edits go to list->edits; a fix that made none and refused nothing is
 * named as refused (refuse_silent()). */
static void run_fixes(struct bh_check *c, struct bh_findings *list,
		      const char *path, enum bh_target target)
{
	if (!c->text || !path)
		return;
	c->out = list;
	size_t n = list->n;
	for (size_t i = 0; i < n && c->error == BH_OK; i++) {
		const struct bh_finding *f = &list->v[i];
		if (settled(c->config->fix_skip, f))
			continue;
		/* a row's fix edits its first target's input only
		 * (check.h: target2) */
		if (f->rule && f->rule->fix_fn && f->file &&
		    !strcmp(f->file, path) &&
		    !(f->rule->target != target && f->rule->check2 &&
		      f->rule->target2 == target)) {
			/* unique in the run, whichever document or
			 * check context the input's fixes run in */
			c->fix_id = atomic_fetch_add(&fix_ids, 1) + 1;
			size_t had = list->edits.n;
			c->fix_why = NULL;
			f->rule->fix_fn(c, f->rule, f);
			if (list->edits.n == had && c->error == BH_OK &&
			    !(f->rule->flags & BH_RULE_FIX_PINS &&
			      !c->config->fix_pins))
				refuse_silent(c, list, f);
		}
	}
	c->out = NULL;
}

int bh_scan_check(struct bh_check *c, enum bh_target target,
		  const struct bh_scan_unit *units, size_t n,
		  struct bh_findings *out, struct bh_strlist *warnings)
{
	struct bh_findings tmp = { 0 };
	c->out = &tmp;
	bh_ruleset()->run(c, target);
	c->out = NULL;
	int rc = c->error;
	bool apply = !c->config->no_inline_ignores;
	if (rc == BH_OK && n <= 1) {
		/* one file (or none: an image): its pragmas filter the list
		 * in place, which then moves to the run without a copy */
		if (n && apply)
			ignore_apply(units[0].path, units[0].text, units[0].len,
				     &tmp, 0, units[0].unit_end,
				     units[0].in_text, units[0].unit_ctx,
				     warnings);
		if (n && units[0].check)
			ignore_check_directive(units[0].path, units[0].check,
					       units[0].check_line, apply, &tmp,
					       0, warnings);
		if (n && c->config->fix && c->file &&
		    !strcmp(c->file, units[0].path))
			run_fixes(c, &tmp, units[0].path, target);
		rc = c->error;
		if (rc == BH_OK)
			rc = bh_findings_take(out, &tmp);
		bh_findings_free(&tmp);
		return rc;
	}
	for (size_t i = 0; i < n && rc == BH_OK; i++) {
		bool dup = false;
		for (size_t j = 0; j < i && !dup; j++)
			dup = !strcmp(units[j].path, units[i].path);
		if (!dup)
			rc = keep_unit(&tmp, &units[i], apply, out, warnings);
	}
	if (rc == BH_OK)  /* the secret values to mask, ignored or not */
		rc = bh_findings_take_hides(out, &tmp);
	bh_findings_free(&tmp);
	return rc;
}

/* Records d (formatted as every error line is) as an error of "file". */
static int add_error(struct bh_scan_result *r, const char *file,
		     const struct diag *d, int rc, bool at_read)
{
	char line[1024];
	diag_format(d, line, sizeof(line));
	struct bh_scan_error *v =
		realloc(r->errors, (r->nerrors + 1) * sizeof(*v));
	if (!v)
		return BH_ENOMEM;
	r->errors = v;
	char *f = strdup(file), *m = strdup(line);
	if (!f || !m) {
		free(f);
		free(m);
		return BH_ENOMEM;
	}
	v[r->nerrors++] = (struct bh_scan_error){ f, m,
						  at_read && rc == BH_EIO,
						  at_read };
	return rc;
}

/* The message of a named file that no kind takes. */
static void not_ours(struct diag *d, const char *why)
{
	if (why[0])
		diag_error(d, BH_EPARSE, 0, 0, "%s; skipped (--kind scans it "
			   "anyway)", why);
	else
		diag_error(d, BH_EPARSE, 0, 0, "cannot tell what kind of file "
			   "this is (use --kind)");
}

/* Reads the input: all of it, or for a walked file first its head, to
 * tell its kind (*fmt set, or r->skipped when no kind takes it). */
static int read_input(const struct bh_scan_input *in, size_t max,
		      char **text, size_t *len, const struct bh_format **fmt,
		      struct bh_scan_result *r, struct diag *d)
{
	if (!in->fs_path)
		return io_read_stream(stdin, max, text, len, d);
	if (in->explicit)
		return in->regular
			? io_read_listed(in->fs_path, max, text, len, d)
			: io_read_file(in->fs_path, max, text, len, d);
	bool whole = false;
	int rc = in->regular
		? io_read_head_listed(in->fs_path, BH_SNIFF_BYTES, text, len,
				      &whole, d)
		: io_read_head(in->fs_path, BH_SNIFF_BYTES, text, len,
			       &whole, d);
	if (rc != BH_OK)
		return rc;
	const char *reason = NULL;
	char why[200];
	*fmt = bh_format_walk_pick(io_base_name(in->path), *text, *len,
				   &reason, why, sizeof(why));
	if (!*fmt) {
		r->skipped = reason;
		r->detail = why[0] ? strdup(why) : NULL;
		free(*text);
		*text = NULL;
		return BH_OK;
	}
	if (whole)
		return BH_OK;
	free(*text);
	*text = NULL;
	return in->regular ? io_read_listed(in->fs_path, max, text, len, d)
			   : io_read_file(in->fs_path, max, text, len, d);
}

static int scan_read(const struct bh_scan_input *in,
		     const struct bh_config *cfg, struct bh_scan_result *r,
		     struct diag *d, char *text, size_t len,
		     const struct bh_format *fmt);

int bh_scan_input(const struct bh_scan_input *in, const struct bh_config *cfg,
		  struct bh_scan_result *out)
{
	struct bh_scan_result *r = out;
	*r = (struct bh_scan_result){ .path = in->path,
				      .fs_path = in->fs_path };
	struct diag d;
	diag_init(&d, in->path);
	char *text = NULL;
	size_t len = 0;
	const struct bh_format *fmt = NULL;
	int rc = read_input(in, in->max ? in->max : BH_MAX_INPUT, &text, &len,
			    &fmt, r, &d);
	if (rc != BH_OK)
		return add_error(r, in->path, &d, rc, true);
	if (r->skipped)
		return BH_OK;
	return scan_read(in, cfg, r, &d, text, len, fmt);
}

/* The steps after reading: the kind (unless the walk told it), the front
 * end, and the result; takes "text" (freed, or kept in r->text). */
static int scan_read(const struct bh_scan_input *in,
		     const struct bh_config *cfg, struct bh_scan_result *r,
		     struct diag *d, char *text, size_t len,
		     const struct bh_format *fmt)
{
	int rc;
	/* --kind is for the files named on the command line: a walk
	 * decides each file's kind itself */
	char why[240] = "";
	if (!fmt && in->kind)
		fmt = bh_format_named(in->kind);
	else if (!fmt)
		fmt = bh_format_detect(io_base_name(in->path), text, len, why,
				       sizeof(why));
	if (!fmt) {
		not_ours(d, why);
		free(text);
		return add_error(r, in->path, d, BH_EPARSE, false);
	}
	if (in->compose_only && strcmp(fmt->name, "compose")) {
		r->skipped = "not Compose";
		free(text);
		return BH_OK;
	}
	struct bh_input input = { in->path, in->fs_path, text, len,
				  in->explicit };
	struct bh_scan_ctx ctx = { cfg, &r->found, d, NULL, &r->extended,
				   &r->warnings, "", &r->link };
	rc = fmt->scan(&input, &ctx);
	if (ctx.skipped && rc == BH_OK && !diag_failed(d)) {
		/* the kind found it is not its to audit */
		r->skipped = ctx.skipped;
		bh_findings_free(&r->found);
		free(text);
		return BH_OK;
	}
	r->fmt = fmt;
	r->nscanned = 1;
	if (rc != BH_OK || diag_failed(d)) {
		if (!diag_failed(d))
			diag_error(d, rc, 0, 0, "scan failed");
		rc = add_error(r, in->path, d, rc ? rc : d->code, false);
	}
	if (cfg->fix && rc == BH_OK) {
		/* `bulkhead fix`: the edits' offsets are into these bytes */
		r->text = text;
		r->text_len = len;
	} else {
		free(text);
	}
	return rc;
}

int bh_scan_contexts(const struct bh_scan_input *in, const struct bh_config *cfg,
		     struct bh_build_contexts *out)
{
	/* a Compose file is YAML (or JSON): other names are not read */
	const struct bh_format *cmp = bh_format_named("compose");
	const char *base = io_base_name(in->path);
	bool maybe = in->kind ? !strcmp(in->kind, "compose")
			      : (cmp && cmp->match_name && cmp->match_name(base)) ||
				txt_ends_ci(base, ".yml") ||
				txt_ends_ci(base, ".yaml") ||
				txt_ends_ci(base, ".json");
	if (!in->fs_path || !maybe)
		return BH_OK;
	struct bh_config c = *cfg;
	c.fix = false;
	c.contexts = NULL;
	struct bh_scan_input i = *in;
	i.compose_only = true;
	struct bh_scan_result r;
	(void)bh_scan_input(&i, &c, &r);
	int rc = r.fmt && !strcmp(r.fmt->name, "compose")
		? link_contexts_add(out, &r.link, in->path) : BH_OK;
	bh_scan_result_free(&r);
	return rc;
}

int bh_scan_buffer(const char *path, const char *kind, const char *text,
		   size_t len, const struct bh_config *cfg,
		   struct bh_scan_result *out)
{
	struct bh_scan_input in = { .path = path, .fs_path = NULL,
				    .explicit = true, .kind = kind };
	*out = (struct bh_scan_result){ .path = path };
	struct diag d;
	diag_init(&d, path);
	if (len > BH_MAX_INPUT) {
		diag_error(&d, BH_ELIMIT, 0, 0, "input larger than %zu bytes",
			   (size_t)BH_MAX_INPUT);
		return add_error(out, path, &d, BH_ELIMIT, true);
	}
	char *copy = malloc(len + 1);
	if (!copy) {
		diag_error(&d, BH_ENOMEM, 0, 0, "out of memory");
		return add_error(out, path, &d, BH_ENOMEM, true);
	}
	memcpy(copy, text, len);
	copy[len] = '\0';
	return scan_read(&in, cfg, out, &d, copy, len, NULL);
}

int bh_scan_merged(const struct bh_scan_input *inputs, size_t n,
		   const struct bh_config *cfg, struct bh_scan_result *out)
{
	struct bh_scan_result *r = out;
	*r = (struct bh_scan_result){ 0 };
	struct bh_input *in = calloc(n ? n : 1, sizeof(*in));
	char **texts = calloc(n ? n : 1, sizeof(*texts));
	size_t nread = 0;
	int rc = in && texts ? BH_OK : BH_ENOMEM, first = BH_OK;
	struct diag d;
	for (size_t i = 0; rc == BH_OK && i < n; i++) {
		const struct bh_scan_input *x = &inputs[i];
		diag_init(&d, x->path);
		size_t len = 0;
		int rrc = io_read_file(x->fs_path, x->max ? x->max : BH_MAX_INPUT,
				       &texts[i], &len, &d);
		if (rrc != BH_OK) {
			rrc = add_error(r, x->path, &d, rrc, true);
			if (first == BH_OK)
				first = rrc;
			continue;
		}
		in[nread++] = (struct bh_input){ x->path, x->fs_path, texts[i],
						 len, true };
	}
	const struct bh_format *compose = bh_format_named("compose");
	if (rc == BH_OK && nread) {
		diag_init(&d, in[0].path);
		struct bh_scan_ctx ctx = { cfg, &r->found, &d, NULL,
					   &r->extended, &r->warnings, "",
					   &r->link };
		int src = compose->scan_merged(in, nread, &ctx);
		if (src != BH_OK || diag_failed(&d)) {
			src = add_error(r, d.file ? d.file : in[0].path, &d,
					src ? src : d.code, false);
			if (first == BH_OK)
				first = src;
		}
		r->fmt = compose;
		r->path = in[0].path;
		r->fs_path = in[0].fs_path;
		r->nscanned = nread;
	}
	for (size_t i = 0; texts && i < n; i++)
		free(texts[i]);
	free(texts);
	free(in);
	return rc != BH_OK ? rc : first;
}

void bh_scan_result_free(struct bh_scan_result *r)
{
	free(r->text);
	for (size_t i = 0; i < r->nerrors; i++) {
		free(r->errors[i].file);
		free(r->errors[i].message);
	}
	free(r->errors);
	free(r->detail);
	bh_findings_free(&r->found);
	bh_strlist_free(&r->warnings);
	bh_strlist_free(&r->extended);
	link_facts_free(&r->link);
	memset(r, 0, sizeof(*r));
}
