/* SPDX-License-Identifier: Apache-2.0
 *
 * rpt_html.c - the HTML report: one self-contained page a person opens in
 * a browser, attaches to a CI run or mails.
 *
 * This file owns the page: a summary line (findings by severity, files
 * scanned, skipped, unreadable, input errors), a chart of the findings by
 * severity (inline SVG) and one by practice (CSS bars, split by
 * severity), an index of the files, then the findings grouped by file
 * (files in name order, findings in report order), one table row
 * `<tr class="finding" data-sev="SEV">` each: severity, rule id and
 * title, practice, line:col, message, the excerpt (the source line, the
 * span marked; a line over 200 bytes as its window around the column,
 * rpt_excerpt(), a `<span class="cut">` ellipsis on each cut side), the fix, and for image findings the layer and the
 * history step; then input errors and the run's note.  An inline script
 * adds filters (a checkbox per severity and a text search, also read
 * from the address's fragment: `#sev=critical,high&q=curl`) and a count
 * of the rows shown in `<output id="shown">`; without JavaScript the
 * filters stay hidden and every finding shows.
 *
 * Self-contained: no external asset of any kind (no src or href but
 * in-page fragments), and a Content-Security-Policy of `default-src
 * 'none'` so a browser would not fetch one anyway.  Every string that
 * comes from input (file names, messages, excerpts, fixes, errors) goes
 * through esc(): &<>"' escaped, control bytes as '?', invalid UTF-8 as
 * U+FFFD; none is written into the script or a URL.  Secret values were
 * hidden before (the report step, mask.h): the excerpt is the same masked
 * line (window) the text report shows.  No timestamps: the same run gives the same
 * bytes.  It does not sort, filter, mask or choose the exit code.
 * Tests: tests/unit/report/test_report.c, tests/formats/golden/scan.html
 * (tests/suites/formats.sh), tests/suites/html.sh (escaping, structure,
 * no external reference, a headless Chromium render: screenshot, script,
 * filters, JavaScript off), tests/suites/leaks.sh (no planted secret in
 * the page), tests/cases/cli/format-html.case.
 */
#include "writer.h"

#include <stdlib.h>
#include <string.h>

#include "rpt_util.h"
#include "../util/diag.h"

/* Chart and badge colours, by enum bh_severity (tests/suites/html.sh
 * looks for the critical and high ones in a screenshot). */
static const char *const sev_fill[] = {
	"#757575",      /* info */
	"#1565c0",      /* low */
	"#f9a825",      /* medium */
	"#e65100",      /* high */
	"#b71c1c",      /* critical */
};

static unsigned sev_of(const struct bh_finding *f)
{
	unsigned s = (unsigned)f->severity;
	return s <= BH_SEV_CRITICAL ? s : BH_SEV_INFO;
}

/* Appends s[0..n) escaped for HTML text and quoted attribute values. */
static void esc_n(struct strbuf *sb, const char *s, size_t n)
{
	size_t i = 0, run = 0;
	while (i < n) {
		unsigned char c = (unsigned char)s[i];
		if (c >= 0x20 && c < 0x7f && c != '&' && c != '<' && c != '>' &&
		    c != '"' && c != '\'') {
			i++;
			continue;
		}
		unsigned cp = 0;
		size_t k = c < 0x80 ? 1 : rpt_utf8_char(s + i, n - i, &cp);
		if (c >= 0x80 && !(cp == 0xfffd && k == 1) &&
		    !(cp >= 0x80 && cp <= 0x9f)) {
			i += k;             /* valid UTF-8, not a C1 control */
			continue;
		}
		strbuf_add(sb, s + run, i - run);
		switch (c) {
		case '&': strbuf_adds(sb, "&amp;"); break;
		case '<': strbuf_adds(sb, "&lt;"); break;
		case '>': strbuf_adds(sb, "&gt;"); break;
		case '"': strbuf_adds(sb, "&quot;"); break;
		case '\'': strbuf_adds(sb, "&#39;"); break;
		case '\t': strbuf_addc(sb, '\t'); break;
		default:
			if (c >= 0x80 && k == 1)
				strbuf_adds(sb, "\xef\xbf\xbd");  /* invalid */
			else
				strbuf_addc(sb, '?');     /* a control */
		}
		i += k;
		run = i;
	}
	strbuf_add(sb, s + run, i - run);
}

static void esc(struct strbuf *sb, const char *s)
{
	if (s)
		esc_n(sb, s, strlen(s));
}

static const char style[] =
	"[hidden]{display:none!important}\n"
	"body{font:14px/1.45 system-ui,sans-serif;color:#212121;"
	"background:#fff;margin:0 auto;padding:1em 2em;max-width:1200px}\n"
	"h1{font-size:1.5em;margin:.2em 0}h2{font-size:1.15em;"
	"margin:1.2em 0 .4em;word-break:break-all}\n"
	".charts{display:flex;flex-wrap:wrap;gap:2em}"
	".charts>div{flex:1 1 420px}\n"
	"svg text{font:13px system-ui,sans-serif;fill:#212121}\n"
	"table{border-collapse:collapse;width:100%}"
	"th,td{text-align:left;vertical-align:top;padding:.3em .5em;"
	"border-bottom:1px solid #e0e0e0}\n"
	"th{background:#f5f5f5;font-weight:600}\n"
	".bars td{border:0;padding:.15em .5em}.bars .track{width:60%}\n"
	".stack{display:flex;height:1em;min-width:2px}.stack span{height:100%}\n"
	".sev{display:inline-block;min-width:5.5em;padding:0 .4em;"
	"border-radius:3px;color:#fff;font-weight:600;text-align:center}\n"
	".s-critical{background:var(--critical)}.s-high{background:var(--high)}"
	".s-medium{background:var(--medium);color:#212121}"
	".s-low{background:var(--low)}.s-info{background:var(--info)}\n"
	"pre.excerpt{background:#f5f5f5;padding:.3em .5em;margin:.3em 0;"
	"white-space:pre-wrap;word-break:break-all}\n"
	"pre.excerpt mark{background:#ffe082}\n"
	".fix{color:#2e7d32}.meta{color:#616161}.title{color:#616161}\n"
	"td.loc{white-space:nowrap;font-family:monospace}\n"
	"#filters{margin:1em 0;padding:.5em;background:#f5f5f5}"
	"#filters label{margin-right:1em}#filters input[type=search]"
	"{width:20em}#shown{display:block;margin-top:.3em}\n"
	".errors li{color:var(--critical)}\n"
	"</style>\n";

/* Filters: severities ticked in the form, the search box, the address's
 * fragment (#sev=a,b&q=text); rows shown counted into #shown. */
static const char script[] =
	"<script>\n"
	"(function () {\n"
	"  var form = document.getElementById('filters');\n"
	"  var q = document.getElementById('q');\n"
	"  var shown = document.getElementById('shown');\n"
	"  var rows = Array.prototype.slice.call("
	"document.querySelectorAll('tr.finding'));\n"
	"  var boxes = Array.prototype.slice.call("
	"form.querySelectorAll('input[name=sev]'));\n"
	"  var files = Array.prototype.slice.call("
	"document.querySelectorAll('section.file'));\n"
	"  function fromHash() {\n"
	"    var h = location.hash.replace(/^#/, '').split('&');\n"
	"    for (var i = 0; i < h.length; i++) {\n"
	"      var kv = h[i].split('='), v;\n"
	"      try { v = decodeURIComponent(kv.slice(1).join('=')); }"
	" catch (e) { continue; }\n"
	"      if (kv[0] === 'q') q.value = v;\n"
	"      if (kv[0] === 'sev') {\n"
	"        var want = v.toLowerCase().split(',');\n"
	"        boxes.forEach(function (b) {"
	" b.checked = want.indexOf(b.value) >= 0; });\n"
	"      }\n"
	"    }\n"
	"  }\n"
	"  function apply() {\n"
	"    var on = {}, t = q.value.toLowerCase(), n = 0;\n"
	"    boxes.forEach(function (b) { on[b.value] = b.checked; });\n"
	"    rows.forEach(function (r) {\n"
	"      var v = on[r.getAttribute('data-sev')] && (!t ||"
	" r.textContent.toLowerCase().indexOf(t) >= 0);\n"
	"      r.hidden = !v;\n"
	"      if (v) n++;\n"
	"    });\n"
	"    files.forEach(function (s) {"
	" s.hidden = !s.querySelector('tr.finding:not([hidden])'); });\n"
	"    shown.textContent = n + ' of ' + rows.length + ' findings shown';\n"
	"  }\n"
	"  fromHash();\n"
	"  form.hidden = false;\n"
	"  form.addEventListener('input', apply);\n"
	"  form.addEventListener('change', apply);\n"
	"  form.addEventListener('submit', function (e) { e.preventDefault(); });\n"
	"  window.addEventListener('hashchange', function () {"
	" fromHash(); apply(); });\n"
	"  apply();\n"
	"})();\n"
	"</script>\n";

/* The findings in file order: pointers into one array, sorted by file
 * name, then by place in the array (report order). */
static int by_file(const void *a, const void *b)
{
	const struct bh_finding *x = *(const struct bh_finding *const *)a;
	const struct bh_finding *y = *(const struct bh_finding *const *)b;
	int c = strcmp(x->file ? x->file : "", y->file ? y->file : "");
	if (c)
		return c;
	return x < y ? -1 : x > y;
}

static const char *file_of(const struct bh_finding *f)
{
	return f->file ? f->file : "";
}

/* A practice and its findings by severity. */
struct practice {
	const char *id;
	size_t n;
	size_t by_sev[5];
};

static int by_count(const void *a, const void *b)
{
	const struct practice *x = a, *y = b;
	if (x->n != y->n)
		return x->n < y->n ? 1 : -1;
	return strcmp(x->id, y->id);
}

static const char *practice_of(const struct bh_finding *f)
{
	return f->rule && f->rule->practice && *f->rule->practice
	       ? f->rule->practice : "(none)";
}

/* "n * 100 / max" as a CSS percentage with one decimal. */
static void percent(struct strbuf *sb, size_t n, size_t max)
{
	size_t p = max ? (n * 1000 + max / 2) / max : 0;
	strbuf_printf(sb, "%zu.%zu%%", p / 10, p % 10);
}

static void severity_chart(struct strbuf *sb, const size_t counts[5])
{
	size_t max = 0;
	for (int s = 0; s < 5; s++)
		if (counts[s] > max)
			max = counts[s];
	strbuf_adds(sb, "<div><h2>By severity</h2>\n"
		    "<svg id=\"chart-severity\" width=\"480\" height=\"150\" "
		    "viewBox=\"0 0 480 150\" "
		    "role=\"img\" aria-label=\"findings by severity\">\n");
	int y = 5;
	for (int s = BH_SEV_CRITICAL; s >= BH_SEV_INFO; s--, y += 28) {
		size_t w = max ? (counts[s] * 340 + max - 1) / max : 0;
		const char *name = bh_severity_name((enum bh_severity)s);
		strbuf_printf(sb, "<g class=\"bar\" data-sev=\"%s\"><title>%s: %zu"
			      "</title><text x=\"0\" y=\"%d\">%s</text>", name,
			      name, counts[s], y + 15, name);
		if (w)
			strbuf_printf(sb, "<rect x=\"70\" y=\"%d\" width=\"%zu\" "
				      "height=\"20\" fill=\"%s\"/>", y, w,
				      sev_fill[s]);
		strbuf_printf(sb, "<text x=\"%zu\" y=\"%d\">%zu</text></g>\n",
			      70 + w + 6, y + 15, counts[s]);
	}
	strbuf_adds(sb, "</svg></div>\n");
}

static int practice_chart(struct strbuf *sb, const struct bh_finding *v,
			  size_t n)
{
	struct practice *p = NULL;
	size_t np = 0, cap = 0;
	for (size_t i = 0; i < n; i++) {
		const char *id = practice_of(&v[i]);
		size_t k = 0;
		while (k < np && strcmp(p[k].id, id))
			k++;
		if (k == np) {
			if (np == cap) {
				size_t nc = cap ? cap * 2 : 16;
				struct practice *q = realloc(p, nc * sizeof(*p));
				if (!q) {
					free(p);
					return BH_ENOMEM;
				}
				p = q;
				cap = nc;
			}
			p[np++] = (struct practice){ .id = id };
		}
		p[k].n++;
		p[k].by_sev[sev_of(&v[i])]++;
	}
	if (np)
		qsort(p, np, sizeof(*p), by_count);
	strbuf_adds(sb, "<div><h2>By practice</h2>\n"
		    "<table class=\"bars\" id=\"chart-practice\">\n");
	for (size_t k = 0; k < np; k++) {
		strbuf_adds(sb, "<tr><td>");
		esc(sb, p[k].id);
		strbuf_adds(sb, "</td><td class=\"track\"><div class=\"stack\" "
			    "style=\"width:");
		percent(sb, p[k].n, p[0].n);
		strbuf_adds(sb, "\">");
		for (int s = BH_SEV_CRITICAL; s >= BH_SEV_INFO; s--) {
			if (!p[k].by_sev[s])
				continue;
			const char *name = bh_severity_name((enum bh_severity)s);
			strbuf_printf(sb, "<span class=\"s-%s\" style=\"width:", name);
			percent(sb, p[k].by_sev[s], p[k].n);
			strbuf_printf(sb, "\" title=\"%zu %s\"></span>",
				      p[k].by_sev[s], name);
		}
		strbuf_printf(sb, "</div></td><td>%zu</td></tr>\n", p[k].n);
	}
	if (!np)
		strbuf_adds(sb, "<tr><td>no findings</td></tr>\n");
	strbuf_adds(sb, "</table></div>\n");
	free(p);
	return 0;
}

/* The summary line, as the text report words it. */
static void summary(struct strbuf *sb, const struct rpt_run *run,
		    const size_t counts[5], size_t n)
{
	strbuf_adds(sb, "<p id=\"summary\">");
	if (n == 0) {
		strbuf_adds(sb, "No findings");
	} else {
		strbuf_printf(sb, "%zu finding%s (", n, n == 1 ? "" : "s");
		bool first = true;
		for (int s = BH_SEV_CRITICAL; s >= BH_SEV_INFO; s--) {
			if (!counts[s])
				continue;
			strbuf_printf(sb, "%s%zu %s", first ? "" : ", ", counts[s],
				      bh_severity_name((enum bh_severity)s));
			first = false;
		}
		strbuf_addc(sb, ')');
	}
	if (rpt_counts_files(run)) {
		strbuf_printf(sb, " in %zu file%s", run->files_scanned,
			      run->files_scanned == 1 ? "" : "s");
		size_t skipped = 0;
		for (size_t i = 0; i < run->nskipped; i++)
			skipped += run->skipped[i].n;
		if (skipped) {
			strbuf_printf(sb, ", %zu skipped (", skipped);
			for (size_t i = 0; i < run->nskipped; i++) {
				strbuf_printf(sb, "%s%zu ", i ? ", " : "",
					      run->skipped[i].n);
				esc(sb, run->skipped[i].reason);
			}
			strbuf_addc(sb, ')');
		}
		if (run->files_unreadable)
			strbuf_printf(sb, ", %zu unreadable",
				      run->files_unreadable);
	}
	if (run->nerrors)
		strbuf_printf(sb, ", %zu input error%s", run->nerrors,
			      run->nerrors == 1 ? "" : "s");
	strbuf_adds(sb, "</p>\n");
	if (run->note) {
		strbuf_adds(sb, "<p class=\"meta\" id=\"note\">Note: ");
		esc(sb, run->note);
		strbuf_adds(sb, "</p>\n");
	}
}

/* The excerpt with the finding's span in <mark> (byte columns, moved
 * back to a character's start, as the text report's caret); a long line
 * shows its window around the column (rpt_excerpt), "\u2026" on each cut
 * side. */
static void excerpt(struct strbuf *sb, const struct bh_finding *f)
{
	struct rpt_excerpt x;
	if (f->span.line <= 0 || !rpt_excerpt(f, &x))
		return;
	const char *s = x.s;
	size_t len = x.len;
	strbuf_adds(sb, "<pre class=\"excerpt\">");
	if (x.cut_left)
		strbuf_adds(sb, "<span class=\"cut\">\u2026</span>");
	if (f->span.col <= 0) {
		esc_n(sb, s, len);
	} else {
		size_t col = (size_t)f->span.col - 1, end;
		col = col > x.off ? col - x.off : 0;
		if (col > len)
			col = len;
		while (col > 0 && col < len && ((unsigned char)s[col] & 0xc0) == 0x80)
			col--;
		if (f->span.end_line > f->span.line) {
			end = len;
		} else if (f->span.end_line >= 0 && f->span.end_col > f->span.col) {
			end = (size_t)f->span.end_col - 1;
			end = end > x.off ? end - x.off : 0;
		} else {
			end = col < len ? col + rpt_utf8_char(s + col, len - col,
							      &(unsigned){ 0 })
					: col;
		}
		if (end > len)
			end = len;
		if (end < col)
			end = col;
		while (end > col && end < len && ((unsigned char)s[end] & 0xc0) == 0x80)
			end++;
		esc_n(sb, s, col);
		strbuf_adds(sb, "<mark>");
		esc_n(sb, s + col, end - col);
		strbuf_adds(sb, "</mark>");
		esc_n(sb, s + end, len - end);
	}
	if (x.cut_right)
		strbuf_adds(sb, "<span class=\"cut\">\u2026</span>");
	strbuf_adds(sb, "</pre>");
}

static void finding_row(struct strbuf *sb, const struct bh_finding *f)
{
	const char *sev = bh_severity_name((enum bh_severity)sev_of(f));
	strbuf_printf(sb, "<tr class=\"finding\" data-sev=\"%s\">"
		      "<td><span class=\"sev s-%s\">%s</span></td>"
		      "<td class=\"rule\"><code>", sev, sev, sev);
	esc(sb, rpt_rule_id(f->rule));
	strbuf_adds(sb, "</code>");
	if (*rpt_finding_title(f)) {
		strbuf_adds(sb, "<br><span class=\"title\">");
		esc(sb, rpt_finding_title(f));
		strbuf_adds(sb, "</span>");
	}
	strbuf_adds(sb, "</td><td class=\"practice\">");
	esc(sb, practice_of(f));
	strbuf_adds(sb, "</td><td class=\"loc\">");
	if (f->span.line > 0)
		strbuf_printf(sb, "%d:%d", f->span.line,
			      f->span.col > 0 ? f->span.col : 0);
	else
		strbuf_adds(sb, "-");
	strbuf_adds(sb, "</td><td><div class=\"msg\">");
	esc(sb, f->message);
	strbuf_adds(sb, "</div>");
	excerpt(sb, f);
	if (f->layer_digest && *f->layer_digest) {
		strbuf_adds(sb, "<div class=\"meta\">layer: <code>");
		esc(sb, f->layer_digest);
		strbuf_adds(sb, "</code></div>");
	}
	if (f->created_by && *f->created_by) {
		strbuf_adds(sb, "<div class=\"meta\">created by: <code>");
		esc(sb, f->created_by);
		strbuf_adds(sb, "</code></div>");
	}
	const char *fix = rpt_finding_fix(f);
	if (*fix) {
		strbuf_adds(sb, "<div class=\"fix\">fix: ");
		esc(sb, fix);
		strbuf_adds(sb, "</div>");
	}
	strbuf_adds(sb, "</td></tr>\n");
}

static void filters(struct strbuf *sb, const size_t counts[5])
{
	strbuf_adds(sb, "<form id=\"filters\" hidden>\n");
	for (int s = BH_SEV_CRITICAL; s >= BH_SEV_INFO; s--) {
		const char *name = bh_severity_name((enum bh_severity)s);
		strbuf_printf(sb, "<label><input type=\"checkbox\" name=\"sev\" "
			      "value=\"%s\" checked> <span class=\"sev s-%s\">"
			      "%s</span> %zu</label>\n", name, name, name,
			      counts[s]);
	}
	strbuf_adds(sb, "<label>search <input type=\"search\" id=\"q\" "
		    "placeholder=\"file, rule, text\"></label>\n"
		    "<output id=\"shown\"></output>\n</form>\n");
}

static int write_html(const struct rpt_run *run, FILE *out)
{
	size_t n = run->findings ? run->findings->n : 0;
	const struct bh_finding *v = n ? run->findings->v : NULL;
	const struct bh_finding **idx = malloc((n + 1) * sizeof(*idx));
	if (!idx)
		return BH_ENOMEM;
	for (size_t i = 0; i < n; i++)
		idx[i] = &v[i];
	if (n)
		qsort(idx, n, sizeof(*idx), by_file);
	size_t counts[5];
	rpt_count_severities(run->findings, counts);
	const char *cmd = run->command ? run->command : "scan";
	struct strbuf sb = STRBUF_INIT;

	strbuf_adds(&sb, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
		    "<meta charset=\"utf-8\">\n"
		    "<meta http-equiv=\"Content-Security-Policy\" content=\""
		    "default-src 'none'; style-src 'unsafe-inline'; "
		    "script-src 'unsafe-inline'\">\n"
		    "<meta name=\"viewport\" content=\"width=device-width, "
		    "initial-scale=1\">\n");
	strbuf_printf(&sb, "<title>bulkhead %s report</title>\n", cmd);
	/* the badge and bar colours are the chart's */
	strbuf_adds(&sb, "<style>\n:root{");
	for (int s = BH_SEV_CRITICAL; s >= BH_SEV_INFO; s--)
		strbuf_printf(&sb, "--%s:%s%s", bh_severity_name((enum bh_severity)s),
			      sev_fill[s], s > BH_SEV_INFO ? ";" : "}\n");
	strbuf_adds(&sb, style);
	strbuf_printf(&sb, "</head>\n<body>\n<h1>bulkhead %s", cmd);
	if (run->target) {
		strbuf_adds(&sb, " <code>");
		esc(&sb, run->target);
		strbuf_adds(&sb, "</code>");
	}
	strbuf_adds(&sb, "</h1>\n");
	summary(&sb, run, counts, n);
	strbuf_adds(&sb, "<div class=\"charts\">\n");
	severity_chart(&sb, counts);
	int rc = practice_chart(&sb, v, n);
	strbuf_adds(&sb, "</div>\n");

	/* the files, then the findings of each */
	size_t nfiles = 0;
	if (n) {
		strbuf_adds(&sb, "<h2>Files</h2>\n<ol id=\"files\">\n");
		for (size_t i = 0; i < n;) {
			size_t j = i;
			const char *file = file_of(idx[i]);
			while (j < n && !strcmp(file_of(idx[j]), file))
				j++;
			strbuf_printf(&sb, "<li><a href=\"#f%zu\">", ++nfiles);
			esc(&sb, file);
			strbuf_printf(&sb, "</a> %zu</li>\n", j - i);
			i = j;
		}
		strbuf_adds(&sb, "</ol>\n");
	}
	filters(&sb, counts);
	strbuf_adds(&sb, "<main id=\"findings\">\n");
	nfiles = 0;
	for (size_t i = 0; i < n;) {
		const char *file = file_of(idx[i]);
		size_t j = i;
		while (j < n && !strcmp(file_of(idx[j]), file))
			j++;
		strbuf_printf(&sb, "<section class=\"file\" id=\"f%zu\">\n<h2>",
			      ++nfiles);
		esc(&sb, file);
		strbuf_printf(&sb, " <span class=\"meta\">(%zu finding%s)</span>"
			      "</h2>\n<table>\n<thead><tr><th>Severity</th>"
			      "<th>Rule</th><th>Practice</th><th>Line:col</th>"
			      "<th>Finding</th></tr></thead>\n<tbody>\n", j - i,
			      j - i == 1 ? "" : "s");
		for (; i < j; i++)
			finding_row(&sb, idx[i]);
		strbuf_adds(&sb, "</tbody>\n</table>\n</section>\n");
	}
	if (!n)
		strbuf_adds(&sb, "<p id=\"none\">No findings.</p>\n");
	strbuf_adds(&sb, "</main>\n");
	if (run->nerrors) {
		strbuf_adds(&sb, "<h2>Input errors</h2>\n<ul class=\"errors\">\n");
		for (size_t i = 0; i < run->nerrors; i++) {
			const struct rpt_input_error *e = &run->errors[i];
			strbuf_adds(&sb, "<li>");
			esc(&sb, e->message && *e->message ? e->message : e->file);
			strbuf_adds(&sb, "</li>\n");
		}
		strbuf_adds(&sb, "</ul>\n");
	}
	strbuf_adds(&sb, "<p class=\"meta\">Report by bulkhead; secret values "
		    "are masked.</p>\n");
	strbuf_adds(&sb, script);
	strbuf_adds(&sb, "</body>\n</html>\n");
	free(idx);
	if (!rc)
		rc = sb.failed ? BH_ENOMEM : rpt_emit(out, sb.buf, sb.len);
	strbuf_free(&sb);
	return rc;
}

const struct rpt_writer rpt_html = { "html", write_html };
