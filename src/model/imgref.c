/* SPDX-License-Identifier: Apache-2.0
 *
 * imgref.c - split an image reference the way Docker normalises it.
 *
 * This file owns img_ref_parse(): [registry/]repository[:tag][@digest] per
 * the distribution reference grammar (github.com/distribution/reference,
 * read for facts):
 *   - the first path component is a registry when it contains '.' or ':',
 *     is "localhost", or has an upper-case letter; otherwise the registry is
 *     docker.io, and a one-component name gets "library/" in front;
 *     "index.docker.io" is written docker.io;
 *   - path components are [a-z0-9]+ joined by '.', '_', "__" or dashes;
 *     the registry is host components [A-Za-z0-9-] joined by dots (or an
 *     [IPv6] literal) with an optional :port; the whole name is at most 255
 *     bytes; a 64-hex name alone is refused;
 *   - tag is [A-Za-z0-9_][A-Za-z0-9_.-]{0,127};
 *   - digest is sha256:64, sha384:96 or sha512:128 lower-case hex (what
 *     go-digest validates).
 * "scratch" is the empty image.  Text still holding a '$' (a variable
 * without value) is not validated: it is split best effort and marked
 * unresolved.  It does not resolve anything over the network.
 * It also owns what a base's name tells of its default user
 * (img_ref_default_nonroot), the one answer BH1001 and the Compose join
 * (core/link.c) both use.
 * Tests: tests/unit/model/test_imgref.c.
 */
#include "df_model.h"

#include <string.h>
#include <strings.h>

#define NAME_MAX_LEN 255

static bool lower_alnum(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

static bool alnum(char c)
{
	return lower_alnum(c) || (c >= 'A' && c <= 'Z');
}

static bool is_hex_lower(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
}

/* One path component: [a-z0-9]+ ((\.|_|__|-+)[a-z0-9]+)* */
static bool path_component(const char *s, size_t n)
{
	size_t i = 0;
	if (n == 0 || !lower_alnum(s[0]))
		return false;
	while (i < n) {
		while (i < n && lower_alnum(s[i]))
			i++;
		if (i == n)
			return true;
		size_t sep = i;
		if (s[i] == '.') {
			i++;
		} else if (s[i] == '_') {
			i++;
			if (i < n && s[i] == '_')
				i++;
		} else if (s[i] == '-') {
			while (i < n && s[i] == '-')
				i++;
		} else {
			return false;
		}
		if (i == n || !lower_alnum(s[i]) || i == sep)
			return false;
	}
	return true;
}

static bool repository_ok(const char *s, size_t n)
{
	size_t st = 0;
	for (size_t i = 0; i <= n; i++) {
		if (i == n || s[i] == '/') {
			if (!path_component(s + st, i - st))
				return false;
			st = i + 1;
		}
	}
	return true;
}

/* host[:port]: dotted [A-Za-z0-9-] labels (no leading/trailing dash) or
 * an [IPv6] literal. */
static bool registry_ok(const char *s, size_t n)
{
	size_t i = 0;
	if (n == 0)
		return false;
	if (s[0] == '[') {
		i = 1;
		while (i < n && s[i] != ']') {
			char c = s[i];
			if (!(is_hex_lower(c) || (c >= 'A' && c <= 'F') ||
			      c == ':'))
				return false;
			i++;
		}
		if (i == n || i == 1)
			return false;
		i++;
	} else {
		for (;;) {
			size_t st = i;
			while (i < n && (alnum(s[i]) || s[i] == '-'))
				i++;
			if (i == st || s[st] == '-' || s[i - 1] == '-')
				return false;
			if (i < n && s[i] == '.') {
				i++;
				continue;
			}
			break;
		}
	}
	if (i == n)
		return true;
	if (s[i] != ':' || i + 1 == n)
		return false;
	for (i++; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

static bool tag_ok(const char *s, size_t n)
{
	if (n == 0 || n > 128)
		return false;
	if (!(alnum(s[0]) || s[0] == '_'))
		return false;
	for (size_t i = 1; i < n; i++)
		if (!(alnum(s[i]) || s[i] == '_' || s[i] == '.' || s[i] == '-'))
			return false;
	return true;
}

static bool digest_ok(const char *s)
{
	static const struct { const char *alg; size_t hex; } algs[] = {
		{ "sha256", 64 }, { "sha384", 96 }, { "sha512", 128 },
	};
	const char *colon = strchr(s, ':');
	if (!colon)
		return false;
	size_t al = (size_t)(colon - s);
	const char *hex = colon + 1;
	size_t hl = strlen(hex);
	for (size_t i = 0; i < sizeof(algs) / sizeof(algs[0]); i++) {
		if (strlen(algs[i].alg) != al || memcmp(s, algs[i].alg, al))
			continue;
		if (hl != algs[i].hex)
			return false;
		for (size_t k = 0; k < hl; k++)
			if (!is_hex_lower(hex[k]))
				return false;
		return true;
	}
	return false;
}

/* Does the first component "s" (n bytes) name a registry? */
static bool looks_like_registry(const char *s, size_t n)
{
	if (n == 9 && memcmp(s, "localhost", 9) == 0)
		return true;
	for (size_t i = 0; i < n; i++)
		if (s[i] == '.' || s[i] == ':' || (s[i] >= 'A' && s[i] <= 'Z'))
			return true;
	return false;
}

/* Whether s[i] is outside any ${...} (variables may hold ':' '/' '@'). */
static void mark_outside(const char *s, size_t n, bool *out)
{
	size_t depth = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '$' && i + 1 < n && s[i + 1] == '{') {
			depth++;
			out[i] = false;
			continue;
		}
		out[i] = depth == 0;
		if (s[i] == '}' && depth > 0)
			depth--;
	}
}

/* Split without validating (also used for unresolved text). */
static bool split(const char *s, struct arena *a, struct img_ref *out)
{
	size_t n = strlen(s);
	bool *ok = arena_array(a, n + 1, sizeof(bool));
	if (!ok)
		return false;
	mark_outside(s, n, ok);
	size_t name_end = n;
	for (size_t i = 0; i < n; i++)
		if (s[i] == '@' && ok[i]) {
			name_end = i;
			if (!(out->digest = arena_strdup(a, s + i + 1)))
				return false;
			break;
		}
	size_t after_slash = 0, first = n;
	for (size_t i = 0; i < name_end; i++)
		if (s[i] == '/' && ok[i]) {
			after_slash = i + 1;
			if (first == n)
				first = i;
		}
	for (size_t i = name_end; i-- > after_slash;)
		if (s[i] == ':' && ok[i]) {
			if (!(out->tag = arena_strndup(a, s + i + 1,
						       name_end - i - 1)))
				return false;
			name_end = i;
			break;
		}
	if (first > name_end)
		first = n;
	const char *reg = "docker.io";
	const char *rest = s;
	size_t rl = name_end;
	if (first < n && looks_like_registry(s, first)) {
		reg = arena_strndup(a, s, first);
		rest = s + first + 1;
		rl = name_end - first - 1;
		out->registry_explicit = true;
		if (reg && strcmp(reg, "index.docker.io") == 0)
			reg = "docker.io";
	}
	if (!reg)
		return false;
	out->registry = reg;
	if (strcmp(reg, "docker.io") == 0 && !memchr(rest, '/', rl))
		out->repository = arena_printf(a, "library/%.*s", (int)rl, rest);
	else
		out->repository = arena_strndup(a, rest, rl);
	return out->repository != NULL;
}

bool img_ref_parse(const char *s, struct arena *a, struct img_ref *out)
{
	memset(out, 0, sizeof(*out));
	out->registry = "";
	out->repository = "";
	if (!s)
		s = "";
	out->raw = arena_strdup(a, s);
	if (!out->raw) {
		out->raw = "";
		return false;
	}
	if (strcmp(s, "scratch") == 0) {
		out->is_scratch = true;
		out->repository = "scratch";
		out->valid = true;
		return true;
	}
	if (strchr(s, '$')) {
		out->unresolved = true;
		if (!split(s, a, out))
			return false;
		out->valid = true;
		return true;
	}
	size_t n = strlen(s);
	if (n == 0)
		return false;
	/* a bare 64-hex string is an image id, not a name */
	if (n == 64 && strspn(s, "0123456789abcdef") == 64)
		return false;
	if (!split(s, a, out))
		return false;
	const char *at = strchr(s, '@');
	size_t name_len = at ? (size_t)(at - s) : n;
	if (out->tag)
		name_len -= strlen(out->tag) + 1;
	if (name_len == 0 || name_len > NAME_MAX_LEN)
		return false;
	if (out->digest && !digest_ok(out->digest))
		return false;
	if (out->tag && !tag_ok(out->tag, strlen(out->tag)))
		return false;
	if (out->registry_explicit) {
		const char *slash = memchr(s, '/', name_len);
		if (!registry_ok(s, (size_t)(slash - s)))
			return false;
		if (!repository_ok(slash + 1, name_len - (size_t)(slash - s) - 1))
			return false;
	} else if (!repository_ok(s, name_len)) {
		return false;
	}
	out->valid = true;
	return true;
}

/* ASCII case-insensitive substring test of a possibly NULL string. */
static char lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

static bool has_ci(const char *hay, const char *needle)
{
	size_t n = strlen(needle);
	if (!n)
		return hay && *hay;
	char c0 = lower(needle[0]);
	/* the first byte is compared here: strncasecmp() only where it
	 * matches (this runs on every base image of every stage) */
	for (; hay && *hay; hay++)
		if (lower(*hay) == c0 && (n < 2 || lower(hay[1]) == needle[1]) &&
		    strncasecmp(hay, needle, n) == 0)
			return true;
	return false;
}

/* Whether "s" (possibly NULL) holds "nanoserver" or "servercore" (with
 * "windows" too), any case: one pass, by the first byte (this runs on the
 * base of every stage, for several rules). */
static bool has_windows_word(const char *s, bool windows)
{
	/* the bytes a word may start at: the rest are skipped in a tight
	 * loop */
	static const bool first[256] = {
		['n'] = true, ['N'] = true, ['s'] = true, ['S'] = true,
		['w'] = true, ['W'] = true,
	};
	for (; s && *s; s++) {
		while (!first[(unsigned char)*s])
			if (!*++s)
				return false;
		switch (lower(*s)) {
		case 'n':  /* the second byte first: "nginx", "node" */
			if (lower(s[1]) == 'a' &&
			    strncasecmp(s, "nanoserver", 10) == 0)
				return true;
			break;
		case 's':
			if (lower(s[1]) == 'e' &&
			    strncasecmp(s, "servercore", 10) == 0)
				return true;
			break;
		case 'w':
			if (windows && lower(s[1]) == 'i' &&
			    strncasecmp(s, "windows", 7) == 0)
				return true;
			break;
		default:
			break;
		}
	}
	return false;
}

bool img_ref_is_windows(const struct img_ref *b)
{
	return has_windows_word(b->repository, true) ||
	       has_windows_word(b->tag, false);
}

bool img_ref_default_nonroot(const struct img_ref *b)
{
	if (b->is_scratch || b->unresolved || !b->repository)
		return false;
	if (has_ci(b->tag, "nonroot") || has_ci(b->repository, "nonroot"))
		return true;
	/* Chainguard images run as 65532 except the -dev variants */
	if (b->registry && strcmp(b->registry, "cgr.dev") == 0 &&
	    strncmp(b->repository, "chainguard/", 11) == 0 &&
	    !has_ci(b->tag, "dev"))
		return true;
	return img_ref_is_windows(b) &&
	       (has_ci(b->repository, "nanoserver") ||
		has_ci(b->tag, "nanoserver"));
}

bool img_user_is_numeric(const char *v)
{
	if (!v)
		return false;
	size_t n = strcspn(v, ":");
	if (!n || strspn(v, "0123456789") != n)
		return false;
	if (!v[n])
		return true;
	const char *g = v + n + 1;
	return *g && strspn(g, "0123456789") == strlen(g);
}

bool img_user_is_root(const char *v)
{
	if (!v)
		return false;
	size_t n = strcspn(v, ":");
	if (n == 4 && strncmp(v, "root", 4) == 0)
		return true;
	if (n == 22 && strncasecmp(v, "ContainerAdministrator", 22) == 0)
		return true;
	return n > 0 && strspn(v, "0") >= n;
}
