/* SPDX-License-Identifier: Apache-2.0
 *
 * rpt_text.c - the human report: one block per finding, then a summary.
 *
 * This file owns the text layout:
 *
 *   file:line:col: severity RULE_ID message
 *     <the source line>
 *     ^~~~~                       (caret at col, '~' up to end_col)
 *     fix: <fix text>
 *
 * A line over 200 bytes shows its window around col (rpt_excerpt(),
 * rpt_util.h), "..." on each cut side, the caret under the same byte.
 *
 * Findings without a line (image findings) read `file: severity RULE_ID
 * message` followed by `layer:` / `created by:` lines when known.  Input
 * errors come next as `error: <message>`, and the last line is the summary
 * ("N findings (C critical, H high, ...) in F files" or "no findings in F
 * files", then ", S skipped (n reason, ...)", ", U unreadable" and ", E
 * input errors" when there are any).  ANSI colours only when run->color; control bytes and
 * bytes that are not UTF-8 never reach the terminal: \xHH in names and messages, as on
 * stderr (rpt_add_printable), '?' a byte in excerpts (rpt_add_printable_n).  Secret values were hidden
 * before (the report step, mask.h).  It does not sort, filter, mask or
 * choose the exit code.  A large run's blocks are made on `scan`'s -j
 * threads and written in order first (rpt_write_parts(), rpt_util.h).
 * Tests: tests/unit/report/test_report.c, tests/suites/excerpts.sh.
 */
#include "writer.h"

#include <string.h>

#include "rpt_util.h"
#include "../util/diag.h"

#define C_RESET "\033[0m"
#define C_BOLD "\033[1m"
#define C_DIM "\033[2m"
#define C_GREEN "\033[32m"
#define C_CYAN "\033[36m"

static const char *const sev_color[] = {
	"\033[2m",      /* info: dim */
	"\033[36m",     /* low: cyan */
	"\033[33m",     /* medium: yellow */
	"\033[31m",     /* high: red */
	"\033[1;35m",   /* critical: bold magenta */
};

struct out {
	struct strbuf sb;
	bool color;
};

static void on(struct out *o, const char *code)
{
	if (o->color)
		strbuf_adds(&o->sb, code);
}

static void off(struct out *o)
{
	if (o->color)
		strbuf_adds(&o->sb, C_RESET);
}

/* "file:line:col:" (parts present only when known). */
static void location(struct out *o, const struct bh_finding *f)
{
	on(o, C_BOLD);
	rpt_add_printable(&o->sb, f->file ? f->file : "-");
	if (f->span.line > 0) {
		strbuf_printf(&o->sb, ":%d", f->span.line);
		if (f->span.col > 0)
			strbuf_printf(&o->sb, ":%d", f->span.col);
	}
	strbuf_addc(&o->sb, ':');
	off(o);
}

/* Spaces as wide as the characters of s[from..to) (tabs copied), or
 * '~' when "mark": the caret line under a source line. */
static void pad(struct out *o, const char *s, size_t from, size_t to,
		bool mark)
{
	size_t i = from;
	while (i < to) {
		unsigned cp;
		size_t k = rpt_utf8_char(s + i, to - i, &cp);
		int w = rpt_char_width(cp);
		if (s[i] == '\t' && !mark)
			strbuf_addc(&o->sb, '\t');
		else
			for (int j = 0; j < w; j++)
				strbuf_addc(&o->sb, mark ? '~' : ' ');
		i += k;
	}
}

/* The source line and a caret line under f->span.col (with '~' up to the
 * exclusive end column when the span ends on the same line, or to the end
 * of the excerpt when it runs on).  Columns are bytes; the caret line is
 * as wide as what the terminal shows before them: tabs copied, wide
 * (CJK, emoji) characters two columns, combining marks none.  A long
 * line shows its window around the column (rpt_excerpt), "..." on each
 * cut side.  The line was masked by the report step (mask.h). */
static void snippet(struct out *o, const struct bh_finding *f)
{
	struct rpt_excerpt x;
	if (f->span.line <= 0 || !rpt_excerpt(f, &x))
		return;
	const char *s = x.s;
	size_t len = x.len;
	size_t col = f->span.col > 0 ? (size_t)f->span.col - 1 : 0;
	col = col > x.off ? col - x.off : 0;
	if (col > len)
		col = len;
	/* never start the caret inside a character */
	while (col > 0 && col < len && ((unsigned char)s[col] & 0xc0) == 0x80)
		col--;
	size_t end = col, max = len;
	if (f->span.end_line > f->span.line)
		end = max;
	else if (f->span.end_line >= 0 && f->span.end_col > f->span.col) {
		size_t e = (size_t)f->span.end_col - 1;
		end = e > x.off ? e - x.off : 0;
	}
	if (end > max)
		end = max;
	strbuf_adds(&o->sb, x.cut_left ? "  ..." : "  ");
	rpt_add_printable_n(&o->sb, s, len);
	if (x.cut_right)
		strbuf_adds(&o->sb, "...");
	strbuf_addc(&o->sb, '\n');
	if (f->span.col <= 0)
		return;
	strbuf_adds(&o->sb, x.cut_left ? "     " : "  ");
	pad(o, s, 0, col, false);
	on(o, C_GREEN);
	strbuf_addc(&o->sb, '^');
	if (col < len) {
		unsigned cp;
		size_t k = rpt_utf8_char(s + col, len - col, &cp);
		for (int j = 1; j < rpt_char_width(cp); j++)
			strbuf_addc(&o->sb, '~');
		if (col + k < end)
			pad(o, s, col + k, end, true);
	}
	off(o);
	strbuf_addc(&o->sb, '\n');
}

static void finding(struct out *o, const struct bh_finding *f)
{
	unsigned sev = (unsigned)f->severity;
	if (sev > BH_SEV_CRITICAL)
		sev = BH_SEV_INFO;
	location(o, f);
	strbuf_addc(&o->sb, ' ');
	on(o, sev_color[sev]);
	strbuf_adds(&o->sb, bh_severity_name((enum bh_severity)sev));
	off(o);
	strbuf_addc(&o->sb, ' ');
	on(o, C_BOLD);
	rpt_add_printable(&o->sb, rpt_rule_id(f->rule));
	off(o);
	strbuf_addc(&o->sb, ' ');
	rpt_add_printable(&o->sb, f->message);
	strbuf_addc(&o->sb, '\n');
	snippet(o, f);
	if (f->layer_digest && *f->layer_digest) {
		strbuf_adds(&o->sb, "  layer: ");
		rpt_add_printable(&o->sb, f->layer_digest);
		strbuf_addc(&o->sb, '\n');
	}
	if (f->created_by && *f->created_by) {
		strbuf_adds(&o->sb, "  created by: ");
		rpt_add_printable(&o->sb, f->created_by);
		strbuf_addc(&o->sb, '\n');
	}
	const char *fix = rpt_finding_fix(f);
	if (*fix) {
		strbuf_adds(&o->sb, "  ");
		on(o, C_CYAN);
		strbuf_adds(&o->sb, "fix:");
		off(o);
		strbuf_addc(&o->sb, ' ');
		rpt_add_printable(&o->sb, fix);
		strbuf_addc(&o->sb, '\n');
	}
}

static void summary(struct out *o, const struct rpt_run *run)
{
	size_t n = run->findings ? run->findings->n : 0;
	size_t counts[5];
	rpt_count_severities(run->findings, counts);
	on(o, C_BOLD);
	if (n == 0) {
		strbuf_adds(&o->sb, "no findings");
	} else {
		strbuf_printf(&o->sb, "%zu finding%s (", n, n == 1 ? "" : "s");
		bool first = true;
		for (int s = BH_SEV_CRITICAL; s >= BH_SEV_INFO; s--) {
			if (!counts[s])
				continue;
			strbuf_printf(&o->sb, "%s%zu %s", first ? "" : ", ",
				      counts[s],
				      bh_severity_name((enum bh_severity)s));
			first = false;
		}
		strbuf_addc(&o->sb, ')');
	}
	strbuf_printf(&o->sb, " in %zu file%s", run->files_scanned,
		      run->files_scanned == 1 ? "" : "s");
	size_t skipped = 0;
	for (size_t i = 0; i < run->nskipped; i++)
		skipped += run->skipped[i].n;
	if (skipped) {
		strbuf_printf(&o->sb, ", %zu skipped (", skipped);
		for (size_t i = 0; i < run->nskipped; i++) {
			strbuf_printf(&o->sb, "%s%zu ", i ? ", " : "",
				      run->skipped[i].n);
			rpt_add_printable(&o->sb, run->skipped[i].reason);
		}
		strbuf_addc(&o->sb, ')');
	}
	if (run->files_unreadable)
		strbuf_printf(&o->sb, ", %zu unreadable", run->files_unreadable);
	if (run->nerrors)
		strbuf_printf(&o->sb, ", %zu input error%s", run->nerrors,
			      run->nerrors == 1 ? "" : "s");
	off(o);
	strbuf_addc(&o->sb, '\n');
	if (run->note) {
		strbuf_adds(&o->sb, "note: ");
		rpt_add_printable(&o->sb, run->note);
		strbuf_addc(&o->sb, '\n');
	}
}

/* The blocks of v[0..n) appended to "out" (a worker's part,
 * rpt_write_parts()). */
static void findings_part(const struct rpt_run *run, const struct bh_finding *v,
			  size_t n, bool first, struct strbuf *out)
{
	(void)first;
	struct out o = { *out, run->color };
	for (size_t i = 0; i < n; i++) {
		finding(&o, &v[i]);
		strbuf_addc(&o.sb, '\n');
	}
	*out = o.sb;
}

static int write_text(const struct rpt_run *run, FILE *out)
{
	struct out o = { STRBUF_INIT, run->color };
	size_t n = run->findings ? run->findings->n : 0;
	/* a large run's blocks on the -j threads, written here in order
	 * (rpt_write_parts()); else made here */
	int prc = rpt_write_parts(run, findings_part, out);
	if (prc > 0)
		return prc;
	for (size_t i = 0; prc < 0 && i < n; i++) {
		finding(&o, &run->findings->v[i]);
		strbuf_addc(&o.sb, '\n');
	}
	for (size_t i = 0; i < run->nerrors; i++) {
		const struct rpt_input_error *e = &run->errors[i];
		on(&o, sev_color[BH_SEV_HIGH]);
		strbuf_adds(&o.sb, "error:");
		off(&o);
		strbuf_addc(&o.sb, ' ');
		if (e->message && *e->message)
			rpt_add_printable(&o.sb, e->message);
		else
			rpt_add_printable(&o.sb, e->file);
		strbuf_addc(&o.sb, '\n');
	}
	if (run->nerrors)
		strbuf_addc(&o.sb, '\n');
	summary(&o, run);
	int rc = o.sb.failed ? BH_ENOMEM : rpt_emit(out, o.sb.buf, o.sb.len);
	strbuf_free(&o.sb);
	return rc;
}

const struct rpt_writer rpt_text = { "text", write_text };
