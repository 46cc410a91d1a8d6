/* SPDX-License-Identifier: Apache-2.0
 *
 * text.c - prefix, suffix and case-insensitive substring tests (see
 * text.h).  Pure functions over NUL-terminated strings.
 * Tests: tests/unit/util/test_text.c.
 */
#include "text.h"

#include <string.h>
#include <strings.h>

bool txt_starts(const char *s, const char *prefix)
{
	/* the first byte decides most calls without strlen and strncmp */
	if (!s)
		return false;
	if (!prefix[0])
		return true;
	return s[0] == prefix[0] && strncmp(s, prefix, strlen(prefix)) == 0;
}

bool txt_ends(const char *s, const char *suffix)
{
	if (!s)
		return false;
	size_t n = strlen(s), k = strlen(suffix);
	return n >= k && strcmp(s + n - k, suffix) == 0;
}

bool txt_ends_ci(const char *s, const char *suffix)
{
	if (!s)
		return false;
	size_t n = strlen(s), k = strlen(suffix);
	return n >= k && strcasecmp(s + n - k, suffix) == 0;
}

static unsigned char ascii_lower(unsigned char c)
{
	return c >= 'A' && c <= 'Z' ? (unsigned char)(c | 0x20) : c;
}

const char *txt_stristr(const char *hay, const char *needle)
{
	if (!hay)
		return NULL;
	if (!*needle)
		return hay;
	size_t ln = strlen(needle);
	unsigned char first = ascii_lower((unsigned char)needle[0]);
	/* the first byte is compared inline: most places differ there */
	for (; *hay; hay++)
		if (ascii_lower((unsigned char)*hay) == first &&
		    strncasecmp(hay, needle, ln) == 0)
			return hay;
	return NULL;
}

bool txt_is_date(const char *s, size_t n)
{
	if (!s || n != 10 || s[4] != '-' || s[7] != '-')
		return false;
	for (size_t i = 0; i < n; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return false;
	int y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 +
		(s[3] - '0');
	int m = (s[5] - '0') * 10 + (s[6] - '0');
	int day = (s[8] - '0') * 10 + (s[9] - '0');
	static const int mdays[] = { 31, 28, 31, 30, 31, 30,
				     31, 31, 30, 31, 30, 31 };
	if (m < 1 || m > 12 || day < 1)
		return false;
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return day <= mdays[m - 1] + (m == 2 && leap);
}

bool txt_json_depth_ok(const char *p, size_t n, int max)
{
	int depth = 0;
	bool str = false;
	for (size_t i = 0; i < n; i++) {
		char c = p[i];
		if (str) {
			if (c == '\\')
				i++;
			else if (c == '"')
				str = false;
		} else if (c == '"') {
			str = true;
		} else if (c == '{' || c == '[') {
			if (++depth > max)
				return false;
		} else if (c == '}' || c == ']') {
			depth--;
		}
	}
	return true;
}
