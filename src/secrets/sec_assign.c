/* SPDX-License-Identifier: Apache-2.0
 *
 * sec_assign.c - the NAME=value verdict every input kind uses
 * (sec_check_assignment): a known token format anywhere in the value, or
 * a sensitive NAME with a literal, non-placeholder value.
 *
 * This file owns that verdict only.  It asks the scanner (sec_scan.c) for
 * token formats and the judges (sec_words.c) about the name and value;
 * neither calls back here, so the dependency runs one way.
 * Tests: tests/unit/secrets/test_secrets.c.
 */
#include "sec_internal.h"
#include "sec_words.h"

#include <string.h>
#include <strings.h>

static bool is_alnum(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9');
}

/* Case-insensitive substring search in s[0..n). */
static bool icontains(const char *s, size_t n, const char *needle)
{
	size_t m = strlen(needle);
	if (m > n)
		return false;
	for (size_t i = 0; i + m <= n; i++)
		if (!strncasecmp(s + i, needle, m))
			return true;
	return false;
}

struct first_ctx {
	struct sec_match m;
	bool found;
};

static bool first_cb(void *ctx, const struct sec_match *m)
{
	struct first_ctx *f = ctx;
	f->m = *m;
	f->found = true;
	return false;
}

static bool is_b64_40(const char *v, size_t n)
{
	if (n != 40)
		return false;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)v[i];
		if (!(is_alnum(c) || c == '/' || c == '+'))
			return false;
	}
	return true;
}

bool sec_check_assignment(const char *name, const char *value,
			  struct sec_match *out)
{
	return sec_check_assignment_ex(name, value, out, NULL);
}

bool sec_check_assignment_ex(const char *name, const char *value,
			     struct sec_match *out, bool *clean)
{
	if (clean)
		*clean = false;
	if (!value)
		return false;
	size_t n = strlen(value);
	struct first_ctx f = { .found = false };
	/* a known token format (or a URL password) anywhere in the value */
	int rc = sec_scan_text_opts(value, n, true, first_cb, &f);
	if (rc == 0 && f.found) {
		if (out)
			*out = f.m;
		return true;
	}
	if (clean)
		*clean = rc == 0;
	if (!name || !sec_name_is_sensitive(name))
		return false;
	/* strip one pair of quotes for the verdict; offsets follow */
	size_t off = 0, len = n;
	if (len >= 2 && (value[0] == '"' || value[0] == '\'') &&
	    value[len - 1] == value[0]) {
		off = 1;
		len -= 2;
	}
	const char *v = value + off;
	while (len && (*v == ' ' || *v == '\t')) {
		v++;
		off++;
		len--;
	}
	while (len && (v[len - 1] == ' ' || v[len - 1] == '\t'))
		len--;
	/* a placeholder is judged on the whole value ("secret123" and
	 * "P@ssw0rd" are weak real passwords, reported) */
	if (!sec_assign_value_ok(v, len, name, strlen(name)))
		return false;
	const struct sec_row *row = sec_row_by_id("sensitive-assignment");
	size_t nl = strlen(name);
	if (icontains(name, nl, "aws") && icontains(name, nl, "secret") &&
	    is_b64_40(v, len))
		row = sec_row_by_id("aws-secret-access-key");
	if (out) {
		out->kind = row->info.id;
		out->title = row->info.title;
		out->severity = row->info.severity;
		out->offset = off;
		out->len = len;
	}
	return true;
}
