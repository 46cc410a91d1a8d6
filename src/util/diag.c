/* SPDX-License-Identifier: Apache-2.0
 *
 * diag.c - records the first error of an operation as one line, passed
 * through the process's message filter (diag_set_filter) when one is set.
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

void diag_format(const struct diag *d, char *buf, unsigned size)
{
	const char *file = d->file ? d->file : "<input>";
	if (d->line > 0 && d->col > 0)
		snprintf(buf, size, "%s:%d:%d: %s", file, d->line, d->col, d->message);
	else if (d->line > 0)
		snprintf(buf, size, "%s:%d: %s", file, d->line, d->message);
	else
		snprintf(buf, size, "%s: %s", file, d->message);
}
