/* SPDX-License-Identifier: Apache-2.0
 *
 * rpt_json.c - the machine report: one JSON object.
 *
 * This file owns the JSON layout, keys in this order:
 *
 *   {"version": BH_VERSION,
 *    "findings": [{"rule_id", "severity", "practice", "file", "line",
 *                  "column", "end_line", "end_column", "message", "fix",
 *                  "title"[, "layer_digest"][, "created_by"]}],
 *    "summary": {"files_scanned", "files_skipped", "skipped": {reason: n},
 *                "files_unreadable" (not for images), "findings",
 *                "by_severity": {"critical", "high", "medium", "low", "info"},
 *                "errors": [{"file", "message"}]}}
 *
 * pretty-printed with a 2-space indent and a final newline, byte for byte
 * what jansson's JSON_INDENT(2) gives.  The layout is fixed, so it is
 * streamed (a small emitter over rpt_json_quote) instead of built as a
 * jansson tree: a tree of 10,000 findings cost ten times the scan's own
 * time in malloc.  What the rule table fixes (rule id, severity and
 * practice; the rule's fix and title) is written once per run and copied
 * after, as is the path of a finding whose file is the one before.
 * A large run's findings are formatted on `scan`'s -j threads, in parts
 * of consecutive findings, each with its own copy store, and written in
 * order (rpt_write_parts(), rpt_util.h): the same bytes.
 * The unit tests parse every output back with jansson.
 * "fix" is the finding's own fix or else the rule's.  Line/column 0 means
 * unknown.  It does not sort or filter.
 * Tests: tests/unit/report/test_report.c.
 */
#include "writer.h"

#include "rpt_util.h"
#include "../util/diag.h"

#define MAX_DEPTH 8
#define FLUSH_AT (64 * 1024)
#define QC_SLOTS 256
#define QC_MAX (256 * 1024)  /* quoted copies kept before starting over */

/* Streaming emitter: "first[d]" is true while nesting level d has no
 * member yet (so no comma is due and "{}"/"[]" stay on one line). */
struct jw {
	struct strbuf sb;
	FILE *out;
	int depth;
	bool first[MAX_DEPTH];
	int rc;
	/* quoted once, copied after: the strings every finding of a rule
	 * shares (rule id, severity, practice, the rule's fix and title:
	 * the rule table's own, fixed for the run) by address, qc[] slots
	 * into the quoted copies in qs; and the file of the finding before
	 * (each finding holds its own copy of the path) by content */
	struct qslot { const char *src; size_t off, len; } qc[QC_SLOTS];
	/* and whole runs of members fixed by the rule: (rule id,
	 * severity, practice) and (fix, title), by what decides them */
	struct bslot { const void *k1, *k2; size_t off, len; } bc[QC_SLOTS];
	struct strbuf qs;
	const char *last_file;
	struct strbuf qfile;
};

/* Comma (unless first), newline and indent of a member at the current level. */
static const char indent[2 * MAX_DEPTH + 2] = "\n                ";

static void member_sep(struct jw *w)
{
	if (!w->first[w->depth])
		strbuf_addc(&w->sb, ',');
	w->first[w->depth] = false;
	strbuf_add(&w->sb, indent, 1 + 2 * (size_t)w->depth);
}

/* Starts a member at the current level: comma, newline, indent, key. */
static void member(struct jw *w, const char *key)
{
	member_sep(w);
	if (!key)
		return;
	/* the keys are this file's names (and the skip reasons): printable
	 * ASCII without '"' or '\\' is its own JSON string, no quoting
	 * pass needed */
	size_t n = 0;
	bool plain = true;
	for (; key[n]; n++) {
		unsigned char c = (unsigned char)key[n];
		if (c < 0x20 || c >= 0x80 || c == '"' || c == '\\')
			plain = false;
	}
	if (plain) {
		strbuf_addc(&w->sb, '"');
		strbuf_add(&w->sb, key, n);
		strbuf_add(&w->sb, "\": ", 3);
		return;
	}
	rpt_json_quote(&w->sb, key);
	strbuf_add(&w->sb, ": ", 2);
}

/* member() for a literal key: "qk" is the key already quoted with its
 * ": " (KEY()), as rpt_json_quote() writes a plain ASCII key */
static void member_lit(struct jw *w, const char *qk, size_t n)
{
	member_sep(w);
	strbuf_add(&w->sb, qk, n);
}

#define KEY(k) "\"" k "\": ", sizeof("\"" k "\": ") - 1

static void open_(struct jw *w, const char *key, char c)
{
	member(w, key);
	strbuf_addc(&w->sb, c);
	if (w->depth + 1 < MAX_DEPTH)
		w->first[++w->depth] = true;
}

static void close_(struct jw *w, char c)
{
	bool empty = w->first[w->depth];
	if (w->depth > 0)
		w->depth--;
	if (!empty)   /* newline and indent of the level closed to */
		strbuf_add(&w->sb, indent, 1 + 2 * (size_t)w->depth);
	strbuf_addc(&w->sb, c);
}

static void str(struct jw *w, const char *key, const char *v)
{
	member(w, key);
	rpt_json_quote(&w->sb, v);
}

static void digits(struct jw *w, long long v)
{
	if (v >= 0 && v < 10) {    /* most columns, many lines */
		strbuf_addc(&w->sb, (char)('0' + v));
		return;
	}
	char d[24];
	size_t i = sizeof(d);
	unsigned long long u = v < 0 ? 0ull - (unsigned long long)v
				     : (unsigned long long)v;
	do
		d[--i] = (char)('0' + u % 10);
	while (u /= 10);
	if (v < 0)
		d[--i] = '-';
	strbuf_add(&w->sb, d + i, sizeof(d) - i);
}

static void num(struct jw *w, const char *key, long long v)
{
	member(w, key);
	digits(w, v);
}

/* Keeps the bytes written from "at" on in the copy store (emptied, with
 * every slot pointing into it, once it holds QC_MAX): their place in
 * *off, *len; false when the memory was not there. */
static bool cache_keep(struct jw *w, size_t at, size_t *off, size_t *len)
{
	if (w->qs.len > QC_MAX) {
		strbuf_reset(&w->qs);
		memset(w->qc, 0, sizeof(w->qc));
		memset(w->bc, 0, sizeof(w->bc));
	}
	*off = w->qs.len;
	*len = w->sb.len - at;
	strbuf_add(&w->qs, w->sb.buf + at, *len);
	return !w->qs.failed;
}

static void str_k(struct jw *w, const char *qk, size_t n, const char *v)
{
	member_lit(w, qk, n);
	rpt_json_quote(&w->sb, v);
}

/* str_k() for "v", a string fixed for the whole run (the rule table's):
 * quoted the first time, copied from the cache after. */
static void str_fixed(struct jw *w, const char *qk, size_t n, const char *v)
{
	member_lit(w, qk, n);
	uintptr_t a = (uintptr_t)v;
	struct qslot *q = &w->qc[((a >> 3) ^ (a >> 11)) & (QC_SLOTS - 1)];
	if (v && q->src == v) {
		strbuf_add(&w->sb, w->qs.buf + q->off, q->len);
		return;
	}
	size_t at = w->sb.len;
	rpt_json_quote(&w->sb, v);
	if (!v || w->sb.failed)
		return;
	q->src = NULL;
	size_t off, len;
	if (cache_keep(w, at, &off, &len))
		*q = (struct qslot){ v, off, len };
}

/* The slot of the run of members that (k1, k2) decide; NULL when no run
 * of them may be cached or copied here: a run starts with member_sep(),
 * whose comma depends on whether it is the level's first member (as
 * "first" says it must be). */
static struct bslot *block_slot(struct jw *w, const void *k1, const void *k2,
				bool first)
{
	if (w->first[w->depth] != first || !k1 || !k2)
		return NULL;
	uintptr_t a = (uintptr_t)k1 * 31u + (uintptr_t)k2;
	return &w->bc[((a >> 3) ^ (a >> 11)) & (QC_SLOTS - 1)];
}

/* Copies the cached run of slot "b" for (k1, k2), if it is: true. */
static bool block_copy(struct jw *w, const struct bslot *b, const void *k1,
		       const void *k2)
{
	if (!b || b->k1 != k1 || b->k2 != k2)
		return false;
	strbuf_add(&w->sb, w->qs.buf + b->off, b->len);
	w->first[w->depth] = false;
	return true;
}

/* Keeps what was written from "at" on as the run of slot "b". */
static void block_keep(struct jw *w, struct bslot *b, const void *k1,
		       const void *k2, size_t at)
{
	if (!b || w->sb.failed)
		return;
	b->k1 = NULL;
	size_t off, len;
	if (cache_keep(w, at, &off, &len))
		*b = (struct bslot){ k1, k2, off, len };
}

/* str_k() for a finding's file: the quoted path of the finding before
 * when it is the same path. */
static void str_file(struct jw *w, const char *qk, size_t n, const char *v)
{
	member_lit(w, qk, n);
	if (v && w->last_file && (v == w->last_file || !strcmp(v, w->last_file))) {
		strbuf_add(&w->sb, w->qfile.buf, w->qfile.len);
		return;
	}
	size_t at = w->sb.len;
	rpt_json_quote(&w->sb, v);
	w->last_file = NULL;
	if (!v || w->sb.failed)
		return;
	strbuf_reset(&w->qfile);
	strbuf_add(&w->qfile, w->sb.buf + at, w->sb.len - at);
	if (!w->qfile.failed)
		w->last_file = v;
}

static void num_k(struct jw *w, const char *qk, size_t n, long long v)
{
	member_lit(w, qk, n);
	digits(w, v);
}

/* Hands what is buffered to the stream once it is large ("force": all). */
static void flush(struct jw *w, bool force)
{
	if (w->rc || (!force && w->sb.len < FLUSH_AT))
		return;
	if (w->sb.failed)
		w->rc = BH_ENOMEM;
	else if (w->sb.len && fwrite(w->sb.buf, 1, w->sb.len, w->out) != w->sb.len)
		w->rc = BH_EIO;
	strbuf_reset(&w->sb);
}

static void finding(struct jw *w, const struct bh_finding *f)
{
	const struct bh_rule *r = f->rule;
	open_(w, NULL, '{');
	/* rule id, severity and practice: one run per (rule, severity) */
	const char *sev = bh_severity_name(f->severity);
	struct bslot *b = block_slot(w, r, sev, true);
	if (!block_copy(w, b, r, sev)) {
		size_t at = w->sb.len;
		str_fixed(w, KEY("rule_id"), rpt_rule_id(r));
		str_fixed(w, KEY("severity"), sev);
		str_fixed(w, KEY("practice"), r ? r->practice : "");
		block_keep(w, b, r, sev, at);
	}
	str_file(w, KEY("file"), f->file);
	num_k(w, KEY("line"), f->span.line);
	num_k(w, KEY("column"), f->span.col);
	num_k(w, KEY("end_line"), f->span.end_line);
	num_k(w, KEY("end_column"), f->span.end_col);
	str_k(w, KEY("message"), f->message);
	/* a finding's own fix is its own copy; the rule's is the table's */
	const char *title = rpt_finding_title(f);
	if (f->fix) {
		str_k(w, KEY("fix"), f->fix);
		str_fixed(w, KEY("title"), title);
	} else {
		/* the rule's fix and title: one run */
		const char *fix = rpt_finding_fix(f);
		b = block_slot(w, fix, title, false);
		if (!block_copy(w, b, fix, title)) {
			size_t at = w->sb.len;
			str_fixed(w, KEY("fix"), fix);
			str_fixed(w, KEY("title"), title);
			block_keep(w, b, fix, title, at);
		}
	}
	if (f->layer_digest)
		str_k(w, KEY("layer_digest"), f->layer_digest);
	if (f->created_by)
		str_k(w, KEY("created_by"), f->created_by);
	close_(w, '}');
}

static void summary(struct jw *w, const struct rpt_run *run)
{
	size_t counts[5];
	rpt_count_severities(run->findings, counts);
	open_(w, "summary", '{');
	num(w, "files_scanned", (long long)run->files_scanned);
	if (rpt_counts_files(run)) {
		size_t skipped = 0;
		for (size_t i = 0; i < run->nskipped; i++)
			skipped += run->skipped[i].n;
		num(w, "files_skipped", (long long)skipped);
		open_(w, "skipped", '{');
		for (size_t i = 0; i < run->nskipped; i++)
			num(w, run->skipped[i].reason,
			    (long long)run->skipped[i].n);
		close_(w, '}');
		num(w, "files_unreadable", (long long)run->files_unreadable);
	}
	num(w, "findings", run->findings ? (long long)run->findings->n : 0);
	open_(w, "by_severity", '{');
	for (int s = BH_SEV_CRITICAL; s >= BH_SEV_INFO; s--)
		num(w, bh_severity_name((enum bh_severity)s), (long long)counts[s]);
	close_(w, '}');
	open_(w, "errors", '[');
	for (size_t i = 0; i < run->nerrors; i++) {
		open_(w, NULL, '{');
		str(w, "file", run->errors[i].file);
		str(w, "message", run->errors[i].message);
		close_(w, '}');
	}
	close_(w, ']');
	if (run->note) {
		open_(w, "notes", '[');
		str(w, NULL, run->note);
		close_(w, ']');
	}
	close_(w, '}');
}

/* The members of the findings array for v[0..n) appended to "out" (a worker's
 * part, rpt_write_parts()): the bytes write_json() makes for them, at
 * the array's level, the comma before v[0] unless it is the first.  Its
 * own copy store: what it copies is what it would quote. */
static void findings_part(const struct rpt_run *run, const struct bh_finding *v,
			  size_t n, bool first, struct strbuf *out)
{
	(void)run;
	struct jw w = { .sb = *out, .qs = STRBUF_INIT, .qfile = STRBUF_INIT,
			.depth = 2 };
	w.first[2] = first;
	for (size_t i = 0; i < n; i++)
		finding(&w, &v[i]);
	*out = w.sb;
	strbuf_free(&w.qs);
	strbuf_free(&w.qfile);
}

static int write_json(const struct rpt_run *run, FILE *out)
{
	struct jw w = { .sb = STRBUF_INIT, .out = out, .qs = STRBUF_INIT,
			.qfile = STRBUF_INIT };
	strbuf_addc(&w.sb, '{');
	w.depth = 1;
	w.first[1] = true;
	str(&w, "version", BH_VERSION);
	open_(&w, "findings", '[');
	size_t n = run->findings ? run->findings->n : 0;
	/* on the -j threads when the run is large (rpt_write_parts()),
	 * after what is buffered; else here */
	int prc = -1;
	if (run->jobs > 1 && n >= RPT_PART_MIN * 2) {
		flush(&w, true);
		if (!w.rc)
			prc = rpt_write_parts(run, findings_part, out);
		if (prc > 0 && !w.rc)
			w.rc = prc;
		if (prc >= 0)
			w.first[w.depth] = false;
	}
	for (size_t i = 0; prc < 0 && i < n && !w.rc; i++) {
		finding(&w, &run->findings->v[i]);
		flush(&w, false);
	}
	close_(&w, ']');
	summary(&w, run);
	close_(&w, '}');
	strbuf_addc(&w.sb, '\n');
	flush(&w, true);
	strbuf_free(&w.sb);
	strbuf_free(&w.qs);
	strbuf_free(&w.qfile);
	if (w.rc)
		return w.rc;
	return rpt_emit(out, "", 0);
}

const struct rpt_writer rpt_json = { "json", write_json };
