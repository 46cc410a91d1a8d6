/* SPDX-License-Identifier: Apache-2.0
 *
 * report.c - how checks hand findings over: bh_report() and friends.
 *
 * This file owns turning a rule, a span and a message into a struct
 * bh_finding (with the config's severity and the source line as snippet)
 * and masking secret values.  Inline ignores are not applied here: they are
 * filtered once after all checks ran (src/core/ignore.c).
 */
#include "rule.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/config.h"
#include "../util/diag.h"

struct bh_span bh_span_at(int line, int col, int len)
{
	struct bh_span s = { line, col, line, col + (len > 0 ? len : 0) };
	return s;
}

/* The text of line "line" (1-based) of the input, copied into buf. */
static void source_line(struct bh_check *c, int line, char *buf,
			size_t size)
{
	buf[0] = 0;
	if (!c->text || line <= 0)
		return;
	const char *p = c->text, *end = c->text + c->text_len;
	int l = 1;
	if (c->snip_text == c->text && c->snip_line > 0 && c->snip_line <= line &&
	    c->snip_at >= c->text && c->snip_at <= end) {
		p = c->snip_at;
		l = c->snip_line;
	}
	for (; l < line && p < end; l++) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		if (!nl)
			return;
		p = nl + 1;
	}
	if (p >= end)
		return;
	c->snip_text = c->text;
	c->snip_at = p;
	c->snip_line = line;
	const char *nl = memchr(p, '\n', (size_t)(end - p));
	size_t n = (size_t)((nl ? nl : end) - p);
	if (n && p[n - 1] == '\r')
		n--;
	if (n >= size)
		n = size - 1;
	memcpy(buf, p, n);
	buf[n] = 0;
}

/* A secret finding's span holds the secret: hide all of it but the first
 * four bytes in the source line kept with the finding, as bh_mask_secret
 * does in messages.  A point span masks to the end of the line. */
static void mask_secret_span(const struct bh_rule *r, struct bh_span span,
			     char *line)
{
	if (strcmp(r->practice, "no-secrets-in-image") != 0 &&
	    strcmp(r->practice, "secret-files") != 0)
		return;
	size_t len = strlen(line);
	if (span.col <= 0 || (size_t)span.col > len)
		return;
	size_t start = (size_t)span.col - 1 + 4;
	size_t end = span.end_line == span.line && span.end_col > span.col
			     ? (size_t)span.end_col - 1 : len;
	if (end > len)
		end = len;
	for (size_t i = start; i < end; i++)
		line[i] = '*';
}

static void add(struct bh_check *c, const struct bh_rule *r,
		struct bh_span span, const char *fix, const char *layer,
		const char *created_by, const char *fmt, va_list ap)
{
	char msg[2048];
	vsnprintf(msg, sizeof(msg), fmt, ap);
	for (char *p = msg; *p; p++)
		if (*p == '\n' || *p == '\r')
			*p = ' ';
	char line[512];
	source_line(c, span.line, line, sizeof(line));
	mask_secret_span(r, span, line);
	struct bh_finding f = {
		.rule = r,
		.severity = bh_config_severity(c->config, r),
		.file = (char *)c->file,
		.span = span,
		.message = msg,
		.fix = (char *)fix,
		.layer_digest = (char *)layer,
		.created_by = (char *)created_by,
		.snippet = line[0] ? line : NULL,
	};
	if (bh_findings_add(c->out, &f) != BH_OK && !c->error)
		c->error = BH_ENOMEM;
}

void bh_report(struct bh_check *c, const struct bh_rule *r,
	       struct bh_span span, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	add(c, r, span, NULL, NULL, NULL, fmt, ap);
	va_end(ap);
}

void bh_report_fix(struct bh_check *c, const struct bh_rule *r,
		   struct bh_span span, const char *fix, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	add(c, r, span, fix, NULL, NULL, fmt, ap);
	va_end(ap);
}

void bh_report_layer(struct bh_check *c, const struct bh_rule *r,
		     const char *layer_digest, const char *created_by,
		     const char *fmt, ...)
{
	struct bh_span none = { 0, 0, 0, 0 };
	va_list ap;
	va_start(ap, fmt);
	add(c, r, none, NULL, layer_digest, created_by, fmt, ap);
	va_end(ap);
}

void bh_mask_secret(const char *value, char *buf, size_t size)
{
	if (!size)
		return;
	size_t n = strlen(value);
	size_t keep = n >= 16 ? 4 : 0;
	snprintf(buf, size, "%.*s****", (int)keep, value);
}
