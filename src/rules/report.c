/* SPDX-License-Identifier: Apache-2.0
 *
 * report.c - how checks hand findings over: bh_report() and friends.
 *
 * This file owns turning a rule, a span and a message into a struct
 * bh_finding (with the config's severity and the source line as snippet,
 * a long line also held whole for the report step's window)
 * and recording the secret values findings report as hides (with their
 * text, taken from the source line) in the findings list.  It masks
 * nothing: the report step (src/report/mask.c) does, for every finding.
 * Inline ignores are not applied here: they are filtered once after all
 * checks ran (src/core/ignore.c).
 * Tests: tests/cases/ (every rule), tests/suites/leaks.sh.
 */
#include "rule.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/config.h"
#include "../secrets/secrets.h"
#include "../util/diag.h"
#include "rule_table.h"

#ifdef __SSE2__
#include <emmintrin.h>
#endif

struct bh_span bh_span_at(int line, int col, int len)
{
	struct bh_span s = { line, col, line, col + (len > 0 ? len : 0) };
	return s;
}

/* The line starts of the input the rules now run on, found as far as a
 * finding asked (each rule looks from the top again: a line's start is
 * looked for once per input, not once per rule).  Per thread, for the
 * bh_run_rules() call under way (rule_table.h's serial); the first
 * LINES_MAX lines only, the rest from the cursor below. */
#define LINES_MAX 4096
static _Thread_local struct {
	unsigned long serial;
	const char *text;
	size_t len;
	int n;                     /* start[k]: line k + 1, k < n */
	bool all;                  /* no line after start[n - 1] */
	uint32_t start[LINES_MAX];
} lines;

/* The start of line "line" (or of the last line the table holds before
 * it: *l its number), or NULL when the table does not serve c. */
static const char *table_line(const struct bh_check *c, int line, int *l)
{
	unsigned long serial = bh_rule_run_serial();
	if (!serial || c->text_len >= UINT32_MAX)
		return NULL;
	if (lines.serial != serial || lines.text != c->text ||
	    lines.len != c->text_len) {
		lines.serial = serial;
		lines.text = c->text;
		lines.len = c->text_len;
		lines.n = 1;
		lines.all = false;
		lines.start[0] = 0;
	}
	const char *end = c->text + c->text_len;
	const char *p = c->text + lines.start[lines.n - 1];
	while (lines.n < line && lines.n < LINES_MAX && !lines.all) {
		const char *nl = NULL;
#ifdef __SSE2__
		/* lines are short: 16 bytes at a time, not a memchr() call
		 * per line */
		const __m128i want = _mm_set1_epi8('\n');
		for (; end - p >= 16; p += 16) {
			unsigned m = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(
				_mm_loadu_si128((const __m128i *)(const void *)p),
				want));
			if (m) {
				nl = p + __builtin_ctz(m);
				break;
			}
		}
#endif
		if (!nl && p < end)
			nl = memchr(p, '\n', (size_t)(end - p));
		if (!nl) {
			lines.all = true;
		} else {
			p = nl + 1;
			lines.start[lines.n++] = (uint32_t)(p - c->text);
		}
	}
	int k = line < lines.n ? line : lines.n;
	*l = k;
	return c->text + lines.start[k - 1];
}

/* Line "line" (1-based) of the input: *p and *n (without its line
 * ending), or false. */
static bool line_at(struct bh_check *c, int line, const char **lp,
		    size_t *ln)
{
	if (!c->text || line <= 0)
		return false;
	const char *p = c->text, *end = c->text + c->text_len;
	int l = 1;
	int tl = 0;
	const char *t = table_line(c, line, &tl);
	if (t && (tl == line || c->snip_text != c->text ||
		  c->snip_line <= tl || c->snip_line > line ||
		  c->snip_at < c->text || c->snip_at > end)) {
		p = t;  /* else the cursor is nearer, past the table */
		l = tl;
	} else if (c->snip_text == c->text && c->snip_line > 0 && c->snip_line <= line &&
	    c->snip_at >= c->text && c->snip_at <= end) {
		p = c->snip_at;
		l = c->snip_line;
	} else if (c->snip_text == c->text && c->snip_line > line &&
		   c->snip_line - line < line - 1 && c->snip_at > c->text &&
		   c->snip_at <= end) {
		/* back from the line looked up last, when nearer than the
		 * start (each rule looks from the top again) */
		p = c->snip_at;
		for (l = c->snip_line; l > line; l--) {
			const char *nl = memrchr(c->text, '\n',
						 (size_t)(p - 1 - c->text));
			p = nl ? nl + 1 : c->text;
		}
	}
	for (; l < line && p < end; l++) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		if (!nl)
			return false;
		p = nl + 1;
	}
	if (p >= end)
		return false;
	/* the same line again (many findings on one long line, a JSON
	 * manifest of one line): its end is known */
	size_t n;
	if (c->snip_text == c->text && c->snip_at == p &&
	    c->snip_line == line && c->snip_len &&
	    c->snip_len <= (size_t)(end - p)) {
		n = c->snip_len;
	} else {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		n = (size_t)((nl ? nl : end) - p);
	}
	c->snip_text = c->text;
	c->snip_at = p;
	c->snip_line = line;
	c->snip_len = n;
	if (n && p[n - 1] == '\r')
		n--;
	*lp = p;
	*ln = n;
	return true;
}

/* The text of line "line" of the input, copied into buf.  A line too long
 * for buf is cut before the blank that ends its last whole word, so no
 * token (a secret among them) is ever shown in part; then *whole is the
 * list's held copy of the whole line (the report step masks it and shows
 * a window of it around the column), else NULL. */
static void source_line(struct bh_check *c, int line, char *buf,
			size_t size, char **whole)
{
	const char *p;
	size_t n;
	buf[0] = 0;
	*whole = NULL;
	if (!line_at(c, line, &p, &n))
		return;
	if (n >= size) {
		if (c->held_at == p && c->held &&
		    bh_findings_holds_line(c->out, c->held)) {
			*whole = c->held;
		} else {
			*whole = bh_findings_line(c->out, p, n);
			if (!*whole && !c->error)
				c->error = BH_ENOMEM;
			c->held_at = p;
			c->held = *whole;
		}
		n = size - 1;
		while (n > 0 && p[n] != ' ' && p[n] != '\t')
			n--;
	}
	memcpy(buf, p, n);
	buf[n] = 0;
}

/* Records "hide" (and its text when it sits on one line) or "value". */
static void record_hide(struct bh_check *c, struct bh_span hide,
			const char *value)
{
	const char *v = value;
	size_t vn = value ? strlen(value) : 0;
	const char *p;
	size_t n;
	if (!v && hide.line > 0 && hide.col > 0 &&
	    (hide.end_line == hide.line || hide.end_line == 0) &&
	    hide.end_col > hide.col && line_at(c, hide.line, &p, &n) &&
	    (size_t)hide.col - 1 < n) {
		v = p + hide.col - 1;
		vn = (size_t)(hide.end_col - hide.col);
		if (vn > n - ((size_t)hide.col - 1))
			vn = n - ((size_t)hide.col - 1);
	}
	if (hide.line <= 0 && !v)
		return;
	if (bh_findings_hide(c->out, c->file, hide, v, vn) != BH_OK &&
	    !c->error)
		c->error = BH_ENOMEM;
}

/* vsnprintf(buf, size, fmt, ap) for the forms checks use most: plain
 * text, %s (also with a precision: %.80s, %.*s), %d, %u, %ld, %lld, %zu,
 * %c and %%.  False, with nothing consumed from "ap", at any other form
 * (flags, a width: %02x, %*s) or a null %s: the caller formats with
 * vsnprintf then.  The same bytes as vsnprintf, cut at size - 1 alike
 * (libc's general engine cost half of turning a finding into a message). */
static bool fmt_simple(char *buf, size_t size, const char *fmt, va_list ap)
{
	va_list aq;
	va_copy(aq, ap);
	size_t n = 0;
	bool ok = true;
#define PUT(src, len)                                                   \
	do {                                                            \
		size_t k_ = (len);                                      \
		if (k_ > size - 1 - n)                                  \
			k_ = size - 1 - n;                              \
		memcpy(buf + n, (src), k_);                             \
		n += k_;                                                \
	} while (0)
	for (const char *f = fmt; *f && ok;) {
		const char *pct = strchr(f, '%');
		if (!pct) {
			PUT(f, strlen(f));
			break;
		}
		PUT(f, (size_t)(pct - f));
		f = pct + 1;
		char num[24];
		size_t k = sizeof(num);
		unsigned long long u = 0;
		bool neg = false, isnum = true;
		if (*f == 's' || (*f == '.' && (f[1] == '*' ||
						(f[1] >= '0' && f[1] <= '9')))) {
			size_t prec = (size_t)-1;
			if (*f == '.') {
				f++;
				if (*f == '*') {
					int pr = va_arg(aq, int);
					if (pr >= 0)
						prec = (size_t)pr;
					f++;
				} else {
					prec = 0;
					while (*f >= '0' && *f <= '9' &&
					       prec < 100000)
						prec = prec * 10 + (size_t)(*f++ - '0');
					if (*f >= '0' && *f <= '9')
						ok = false;
				}
				if (*f != 's')
					ok = false;
			}
			if (!ok)
				break;
			const char *sv = va_arg(aq, const char *);
			if (!sv) {
				ok = false;
				break;
			}
			PUT(sv, prec == (size_t)-1 ? strlen(sv) : strnlen(sv, prec));
			f++;
			continue;
		}
		if (*f == 'd') {
			int v = va_arg(aq, int);
			neg = v < 0;
			u = neg ? 0ull - (unsigned long long)(long long)v
				: (unsigned long long)v;
			f++;
		} else if (*f == 'u') {
			u = va_arg(aq, unsigned);
			f++;
		} else if (f[0] == 'z' && f[1] == 'u') {
			u = va_arg(aq, size_t);
			f += 2;
		} else if (f[0] == 'l' && f[1] == 'd') {
			long v = va_arg(aq, long);
			neg = v < 0;
			u = neg ? 0ull - (unsigned long long)(long long)v
				: (unsigned long long)v;
			f += 2;
		} else if (f[0] == 'l' && f[1] == 'l' && f[2] == 'd') {
			long long v = va_arg(aq, long long);
			neg = v < 0;
			u = neg ? 0ull - (unsigned long long)v : (unsigned long long)v;
			f += 3;
		} else if (*f == 'c') {
			char ch = (char)va_arg(aq, int);
			PUT(&ch, 1);
			f++;
			isnum = false;
		} else if (*f == '%') {
			PUT("%", 1);
			f++;
			isnum = false;
		} else {
			ok = false;
			break;
		}
		if (!isnum)
			continue;
		do
			num[--k] = (char)('0' + u % 10);
		while (u /= 10);
		if (neg)
			num[--k] = '-';
		PUT(num + k, sizeof(num) - k);
	}
#undef PUT
	va_end(aq);
	if (ok)
		buf[n] = 0;
	return ok;
}

/* The message is cut to cut - 1 bytes (cut at most the 2048 of its
 * buffer). */
static void add_cut(struct bh_check *c, const struct bh_rule *r,
		    struct bh_span span, struct bh_span hide, const char *value,
		    const char *fix, const char *layer, const char *created_by,
		    size_t cut, const char *fmt, va_list ap)
{
	if (hide.line > 0 || value)
		record_hide(c, hide, value);
	if (c->hide_only)
		return;
	char msg[2048];
	if (cut == 0 || cut > sizeof(msg))
		cut = sizeof(msg);
	if (!fmt_simple(msg, cut, fmt, ap))
		vsnprintf(msg, cut, fmt, ap);
	for (char *p = msg; (p = strpbrk(p, "\n\r")); p++)
		*p = ' ';
	char line[512], *whole;
	source_line(c, span.line, line, sizeof(line), &whole);
	struct bh_finding f = {
		.rule = r,
		.severity = bh_config_severity(c->config, r),
		.flags = c->second ? BH_FINDING_SECOND : 0,
		.file = (char *)c->file,
		.span = span,
		.hide = hide,
		.message = msg,
		.fix = (char *)(fix ? fix : c->fix2),
		.layer_digest = (char *)layer,
		.created_by = (char *)created_by,
		.snippet = line[0] ? line : NULL,
		.line = whole,
	};
	if (bh_findings_add(c->out, &f) != BH_OK && !c->error)
		c->error = BH_ENOMEM;
}

static void add(struct bh_check *c, const struct bh_rule *r,
		struct bh_span span, struct bh_span hide, const char *value,
		const char *fix, const char *layer, const char *created_by,
		const char *fmt, va_list ap)
{
	add_cut(c, r, span, hide, value, fix, layer, created_by, 0, fmt, ap);
}

static const struct bh_span no_span = { 0, 0, 0, 0 };

void bh_report(struct bh_check *c, const struct bh_rule *r,
	       struct bh_span span, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	add(c, r, span, no_span, NULL, NULL, NULL, NULL, fmt, ap);
	va_end(ap);
}

void bh_vreport_cut(struct bh_check *c, const struct bh_rule *r,
		    struct bh_span at, struct bh_span hide, size_t cut,
		    const char *fmt, va_list ap)
{
	add_cut(c, r, at, hide, NULL, NULL, NULL, NULL, cut, fmt, ap);
}

bool bh_reported_at(const struct bh_check *c, const struct bh_rule *r,
		    struct bh_span span, size_t window)
{
	const struct bh_findings *f = c->out;
	for (size_t i = f ? f->n : 0, k = 0; i-- > 0 && k < window; k++)
		if (f->v[i].rule == r && f->v[i].span.line == span.line &&
		    f->v[i].span.col == span.col)
			return true;
	return false;
}

void bh_report_severity(struct bh_check *c, const struct bh_rule *r,
			enum bh_severity sev, struct bh_span span,
			const char *fmt, ...)
{
	size_t before = c->out ? c->out->n : 0;
	va_list ap;
	va_start(ap, fmt);
	add(c, r, span, no_span, NULL, NULL, NULL, NULL, fmt, ap);
	va_end(ap);
	/* a severity the configuration sets for the rule wins */
	if (c->out && c->out->n > before &&
	    bh_config_severity(c->config, r) == r->severity)
		c->out->v[c->out->n - 1].severity = sev;
}

void bh_report_fix(struct bh_check *c, const struct bh_rule *r,
		   struct bh_span span, const char *fix, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	add(c, r, span, no_span, NULL, fix, NULL, NULL, fmt, ap);
	va_end(ap);
}

void bh_report_secret(struct bh_check *c, const struct bh_rule *r,
		      struct bh_span at, struct bh_span hide,
		      const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	add(c, r, at, hide, NULL, NULL, NULL, NULL, fmt, ap);
	va_end(ap);
}

void bh_hide(struct bh_check *c, struct bh_span hide, const char *value)
{
	if (hide.line > 0 || value)
		record_hide(c, hide, value);
}

void bh_report_layer(struct bh_check *c, const struct bh_rule *r,
		     const char *layer_digest, const char *created_by,
		     const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	add(c, r, no_span, no_span, NULL, NULL, layer_digest, created_by, fmt,
	    ap);
	va_end(ap);
}

void bh_report_layer_secret(struct bh_check *c, const struct bh_rule *r,
			    const char *layer_digest, const char *created_by,
			    const char *value, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	add(c, r, no_span, no_span, value && *value ? value : NULL, NULL,
	    layer_digest, created_by, fmt, ap);
	va_end(ap);
}

void bh_mask_secret(const char *value, char *buf, size_t size)
{
	sec_mask_value(value, value ? strlen(value) : 0, buf, size);
}
