/* SPDX-License-Identifier: Apache-2.0
 *
 * diag.c - records the first error of an operation as one line (passed
 * through the process's message filter, diag_set_filter, when one is set), and
 * formats it for a terminal: control bytes that came from input (file
 * names, YAML keys) are escaped as \xHH, so they cannot drive it.
 * Tests: tests/unit/util/test_util.c, tests/suites/leaks.sh (the filter).
 */
#include "diag.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* Set once by main() before any thread starts, read-only afterwards. */
static diag_filter_fn filter;

void diag_set_filter(diag_filter_fn fn)
{
	filter = fn;
}

void diag_init(struct diag *d, const char *file)
{
	memset(d, 0, sizeof(*d));
	d->file = file;
}

int diag_error(struct diag *d, int code, int line, int col, const char *fmt, ...)
{
	if (d->code != BH_OK)
		return code;
	d->code = code;
	d->line = line;
	d->col = col;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(d->message, sizeof(d->message), fmt, ap);
	va_end(ap);
	/* one line: no CR/LF may leak from input into the message */
	for (char *p = d->message; *p; p++)
		if (*p == '\n' || *p == '\r')
			*p = ' ';
	if (filter)
		filter(d->message, sizeof(d->message));
	return code;
}

bool diag_failed(const struct diag *d)
{
	return d->code != BH_OK;
}

size_t diag_utf8_len(const char *str)
{
	const unsigned char *s = (const unsigned char *)str;
	unsigned char c = s[0];
	if (c < 0x80)
		return 1;
	unsigned char lo = 0x80, hi = 0xbf;
	size_t n;
	if (c >= 0xc2 && c <= 0xdf) {
		n = 2;
	} else if (c >= 0xe0 && c <= 0xef) {
		n = 3;
		if (c == 0xe0)
			lo = 0xa0;
		else if (c == 0xed)
			hi = 0x9f;
	} else if (c >= 0xf0 && c <= 0xf4) {
		n = 4;
		if (c == 0xf0)
			lo = 0x90;
		else if (c == 0xf4)
			hi = 0x8f;
	} else {
		return 0;
	}
	if (s[1] < lo || s[1] > hi)
		return 0;
	for (size_t i = 2; i < n; i++)
		if (s[i] < 0x80 || s[i] > 0xbf)
			return 0;
	return n;
}

size_t diag_char(const char *p, char esc[5])
{
	static const char hex[] = "0123456789abcdef";
	unsigned char c = (unsigned char)*p;
	size_t k = diag_utf8_len(p);
	/* C0 controls, DEL, C1 controls written as UTF-8 (0xC2 0x80..0x9F:
	 * some terminals take U+009B as CSI), and a byte that starts no
	 * valid UTF-8 character */
	bool c1 = c == 0xc2 && k == 2 && (unsigned char)p[1] <= 0x9f;
	if (k && !c1 && c >= 0x20 && c != 0x7f) {
		esc[0] = 0;
		return k;
	}
	unsigned char v = c1 ? (unsigned char)p[1] : c;
	esc[0] = '\\';
	esc[1] = 'x';
	esc[2] = hex[v >> 4];
	esc[3] = hex[v & 15];
	esc[4] = 0;
	return c1 ? 2 : 1;
}

size_t diag_escape(char *buf, size_t size, const char *s)
{
	size_t o = 0;
	if (size == 0)
		return 0;
	char esc[5];
	for (const char *p = s; *p;) {
		size_t k = diag_char(p, esc);
		const char *w = *esc ? esc : p;
		size_t wn = *esc ? 4 : k;
		if (o + wn >= size)
			break;
		memcpy(buf + o, w, wn);
		o += wn;
		p += k;
	}
	buf[o] = 0;
	return o;
}

void diag_format(const struct diag *d, char *buf, unsigned size)
{
	char file[1024], msg[4 * sizeof(d->message)];
	diag_escape(file, sizeof(file), d->file ? d->file : "<input>");
	diag_escape(msg, sizeof(msg), d->message);
	if (d->line > 0 && d->col > 0)
		snprintf(buf, size, "%s:%d:%d: %s", file, d->line, d->col, msg);
	else if (d->line > 0)
		snprintf(buf, size, "%s:%d: %s", file, d->line, msg);
	else
		snprintf(buf, size, "%s: %s", file, msg);
}
