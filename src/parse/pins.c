/* SPDX-License-Identifier: Apache-2.0
 *
 * pins.c - parser of the pins file `bulkhead fix --pins FILE` reads
 * (pins.h): "REFERENCE DIGEST" lines.  A reference is a repository
 * (registry host with a port, path components of [a-z0-9._-]) with an
 * optional ":tag" ([A-Za-z0-9_][A-Za-z0-9_.-]{0,127}), no "@"; a digest
 * is "sha256:" and 64 lower-case hex digits; the same name and tag twice
 * with two digests is an error (Docker Hub names compare in their short
 * form: "docker.io/library/nginx" is "nginx", as in pins_find()); "#"
 * starts a comment (at a
 * line's start or after a blank).  Anything else is an error
 * naming the line; the caller names the file.  It does not read files
 * and knows nothing of Dockerfiles or manifests (the rules' fixes use
 * pins_find()).
 * Tests: tests/unit/parse/test_pins.c, tests/suites/fix.sh (--pins),
 * fuzz/fuzz_pins.c.
 */
#include "pins.h"

#include <stdlib.h>
#include <string.h>

/* name[0..n) as Docker Hub's short form: "docker.io/", "index.docker.io/"
 * and "registry-1.docker.io/" dropped, then "library/" when one component
 * is left ("docker.io/library/nginx" and "library/nginx" are "nginx";
 * "docker.io/a/b" is "a/b"); *len gets the length of what is left. */
static const char *hub_short(const char *name, size_t n, size_t *len)
{
	static const char *const hosts[] = { "docker.io/", "index.docker.io/",
					     "registry-1.docker.io/" };
	for (size_t i = 0; i < sizeof(hosts) / sizeof(hosts[0]); i++) {
		size_t h = strlen(hosts[i]);
		if (n > h && !memcmp(name, hosts[i], h)) {
			name += h;
			n -= h;
			break;
		}
	}
	if (n > 8 && !memcmp(name, "library/", 8) && !memchr(name + 8, '/', n - 8)) {
		name += 8;
		n -= 8;
	}
	*len = n;
	return name;
}

static bool same_repo(const char *a, size_t an, const char *b, size_t bn)
{
	a = hub_short(a, an, &an);
	b = hub_short(b, bn, &bn);
	return an == bn && !memcmp(a, b, an);
}

static bool repo_ok(const char *s, size_t n)
{
	if (!n || n > 255 || s[0] == '/' || s[n - 1] == '/')
		return false;
	/* the first component may be a registry host[:port] */
	const char *slash = memchr(s, '/', n);
	size_t host = slash ? (size_t)(slash - s) : 0;
	for (size_t i = 0; i < n; i++) {
		char ch = s[i];
		bool lower = (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') ||
			     ch == '.' || ch == '_' || ch == '-' || ch == '/';
		bool in_host = i < host && ((ch >= 'A' && ch <= 'Z') || ch == ':');
		if (!lower && !in_host)
			return false;
		if (ch == '/' && i + 1 < n && s[i + 1] == '/')
			return false;
	}
	return true;
}

static bool tag_ok(const char *s, size_t n)
{
	if (!n || n > 128)
		return false;
	for (size_t i = 0; i < n; i++) {
		char ch = s[i];
		bool ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
			  (ch >= '0' && ch <= '9') || ch == '_' ||
			  (i && (ch == '.' || ch == '-'));
		if (!ok)
			return false;
	}
	return true;
}

static bool digest_ok(const char *s, size_t n)
{
	if (n != 7 + 64 || memcmp(s, "sha256:", 7))
		return false;
	for (size_t i = 7; i < n; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return false;
	return true;
}

static char *dup_n(const char *s, size_t n)
{
	char *p = malloc(n + 1);
	if (p) {
		memcpy(p, s, n);
		p[n] = 0;
	}
	return p;
}

void pins_free(struct pins *p)
{
	for (size_t i = 0; i < p->n; i++) {
		free(p->v[i].name);
		free(p->v[i].tag);
		free(p->v[i].digest);
	}
	free(p->v);
	p->v = NULL;
	p->n = 0;
}

static bool blank(char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\r';
}

int pins_parse(const char *text, size_t len, struct pins *out, struct diag *d)
{
	out->v = NULL;
	out->n = 0;
	if (memchr(text, 0, len))
		return diag_error(d, BH_EPARSE, 0, 0, "a NUL byte: not a pins file");
	size_t cap = 0;
	int line = 0;
	for (size_t at = 0; at < len;) {
		const char *nl = memchr(text + at, '\n', len - at);
		size_t end = nl ? (size_t)(nl - text) : len;
		const char *s = text + at;
		size_t n = end - at;
		at = end + 1;
		line++;
		while (n && blank(s[n - 1]))
			n--;
		while (n && blank(*s)) {
			s++;
			n--;
		}
		if (!n || *s == '#')
			continue;
		/* a trailing comment: " # ..." */
		for (size_t i = 1; i < n; i++)
			if (s[i] == '#' && blank(s[i - 1])) {
				n = i;
				break;
			}
		while (n && blank(s[n - 1]))
			n--;
		if (line > PINS_MAX) {
			pins_free(out);
			return diag_error(d, BH_EPARSE, line, 0, "more than %d "
					  "lines", PINS_MAX);
		}
		size_t w1 = 0;
		while (w1 < n && !blank(s[w1]))
			w1++;
		size_t w2 = w1;
		while (w2 < n && blank(s[w2]))
			w2++;
		const char *ref = s, *dig = s + w2;
		size_t dl = n - w2;
		if (w2 == w1 || w2 >= n || memchr(dig, ' ', dl) ||
		    memchr(dig, '\t', dl)) {
			pins_free(out);
			return diag_error(d, BH_EPARSE, line, 0, "want \"IMAGE "
					  "sha256:DIGEST\" (two words)");
		}
		/* the tag: after the last ':' past the last '/' */
		size_t rl = w1, nm = rl;
		const char *last_slash = NULL;
		for (size_t i = 0; i < rl; i++)
			if (ref[i] == '/')
				last_slash = ref + i;
		const char *colon = memchr(last_slash ? last_slash : ref, ':',
					   rl - (size_t)((last_slash ? last_slash
								     : ref) - ref));
		if (colon)
			nm = (size_t)(colon - ref);
		if (memchr(ref, '@', rl) || !repo_ok(ref, nm) ||
		    (colon && !tag_ok(colon + 1, rl - nm - 1))) {
			pins_free(out);
			return diag_error(d, BH_EPARSE, line, 0, "not an image "
					  "reference (name or name:tag, no "
					  "@digest)");
		}
		if (!digest_ok(dig, dl)) {
			pins_free(out);
			return diag_error(d, BH_EPARSE, line, 0, "not a digest "
					  "(sha256: and 64 lower-case hex "
					  "digits)");
		}
		/* the same name and tag twice with two digests: which one is
		 * meant is not known (the first would win silently) */
		for (size_t k = 0; k < out->n; k++) {
			const struct pin *q = &out->v[k];
			bool same_tag = colon ? q->tag && strlen(q->tag) ==
						rl - nm - 1 && !memcmp(q->tag,
						colon + 1, rl - nm - 1)
					      : !q->tag;
			if (same_repo(q->name, strlen(q->name), ref, nm) &&
			    same_tag && (strlen(q->digest) != dl ||
					 memcmp(q->digest, dig, dl))) {
				int first = q->line;
				pins_free(out);
				return diag_error(d, BH_EPARSE, line, 0,
						  "%.*s pinned again with "
						  "another digest (first at "
						  "line %d)", (int)rl, ref,
						  first);
			}
		}
		if (out->n == cap) {
			size_t nc = cap ? cap * 2 : 16;
			struct pin *v = realloc(out->v, nc * sizeof(*v));
			if (!v) {
				pins_free(out);
				return diag_error(d, BH_ENOMEM, line, 0,
						  "out of memory");
			}
			out->v = v;
			cap = nc;
		}
		struct pin *p = &out->v[out->n];
		p->name = dup_n(ref, nm);
		p->tag = colon ? dup_n(colon + 1, rl - nm - 1) : NULL;
		p->digest = dup_n(dig, dl);
		p->line = line;
		out->n++;
		if (!p->name || (colon && !p->tag) || !p->digest) {
			pins_free(out);
			return diag_error(d, BH_ENOMEM, line, 0, "out of memory");
		}
	}
	return BH_OK;
}

const struct pin *pins_find(const struct pins *p, const char *name,
			    const char *tag)
{
	if (!p || !name)
		return NULL;
	size_t n = strlen(name);
	for (size_t i = 0; tag && i < p->n; i++)
		if (p->v[i].tag &&
		    same_repo(p->v[i].name, strlen(p->v[i].name), name, n) &&
		    !strcmp(p->v[i].tag, tag))
			return &p->v[i];
	for (size_t i = 0; i < p->n; i++)
		if (same_repo(p->v[i].name, strlen(p->v[i].name), name, n) &&
		    (!tag || !p->v[i].tag))
			return &p->v[i];
	return NULL;
}
