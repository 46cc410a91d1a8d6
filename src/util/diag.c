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

size_t diag_escape(char *buf, size_t size, const char *s)
{
	static const char hex[] = "0123456789abcdef";
	size_t o = 0;
	if (size == 0)
		return 0;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		unsigned char c = *p;
		/* C0 controls, DEL, and C1 controls written as UTF-8 (0xC2
		 * 0x80..0x9F: some terminals take U+009B as CSI) */
		bool c1 = c == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f;
		if (c < 0x20 || c == 0x7f || c1) {
			if (o + 4 >= size)
				break;
			unsigned char v = c1 ? *++p : c;
			buf[o++] = '\\';
			buf[o++] = 'x';
			buf[o++] = hex[v >> 4];
			buf[o++] = hex[v & 15];
			continue;
		}
		if (o + 1 >= size)
			break;
		buf[o++] = (char)c;
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
