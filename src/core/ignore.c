/* SPDX-License-Identifier: Apache-2.0
 *
 * ignore.c - inline ignore pragmas (bulkhead, hadolint, Trivy, Checkov
 * forms).
 *
 * This file owns finding and reading the pragma comments and dropping the
 * findings they cover.  It runs after the rules, never inside a check
 * (hadolint filters in one place too).  Peer ids are mapped through the
 * rule table's peer columns.
 * Tests: tests/unit/core/test_ignore.c, tests/cases/cli/ignore-*.case.
 */
#include "ignore.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "../rules/rule.h"

struct pragma {
	int target_line;   /* first line covered; 0 = whole file */
	int end_line;
	char ids[256];     /* comma-separated ids as written */
};

struct line_view {
	const char *p;
	size_t n;
};

static bool is_blank(struct line_view l)
{
	for (size_t i = 0; i < l.n; i++)
		if (!isspace((unsigned char)l.p[i]))
			return false;
	return true;
}

/* Pointer to the comment text after '#' when the line is a comment. */
static const char *comment_body(struct line_view l, size_t *n)
{
	size_t i = 0;
	while (i < l.n && (l.p[i] == ' ' || l.p[i] == '\t'))
		i++;
	if (i >= l.n || l.p[i] != '#')
		return NULL;
	i++;
	while (i < l.n && (l.p[i] == ' ' || l.p[i] == '\t'))
		i++;
	*n = l.n - i;
	return l.p + i;
}

/* If "body" is a pragma, copy its id list into out and set *global. */
static bool parse_pragma(const char *body, size_t n, char *out, size_t size,
			 bool *global)
{
	static const char *const prefixes[] = {
		"bulkhead global ignore=", "hadolint global ignore=",
		"bulkhead ignore=", "hadolint ignore=", "trivy:ignore:",
		"checkov:skip=",
	};
	for (size_t k = 0; k < sizeof(prefixes) / sizeof(prefixes[0]); k++) {
		size_t pl = strlen(prefixes[k]);
		if (n < pl || strncmp(body, prefixes[k], pl) != 0)
			continue;
		*global = strstr(prefixes[k], "global") != NULL;
		size_t i = pl, o = 0;
		while (i < n && body[i] != '#' && body[i] != ' ' &&
		       body[i] != '\t' && body[i] != '\r' && o + 1 < size) {
			char ch = body[i++];
			/* checkov:skip=ID:reason */
			if (ch == ':' && k == 5)
				break;
			out[o++] = ch;
		}
		out[o] = 0;
		return o > 0;
	}
	return false;
}

/* Whether the comma-separated "ids" covers rule "r". */
static bool ids_cover(const char *ids, const struct bh_rule *r)
{
	char buf[256];
	snprintf(buf, sizeof(buf), "%s", ids);
	for (char *save = NULL, *tok = strtok_r(buf, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save)) {
		if (strcmp(tok, r->id) == 0)
			return true;
		const struct bh_rule *peers[16];
		size_t np = bh_rule_find_peer(tok, peers, 16);
		for (size_t i = 0; i < np; i++)
			if (peers[i] == r)
				return true;
	}
	return false;
}

static size_t split_lines(const char *text, size_t len, struct line_view **out)
{
	size_t n = 1;
	for (size_t i = 0; i < len; i++)
		if (text[i] == '\n')
			n++;
	struct line_view *v = calloc(n, sizeof(*v));
	if (!v)
		return 0;
	size_t k = 0, start = 0;
	for (size_t i = 0; i <= len; i++) {
		if (i == len || text[i] == '\n') {
			v[k].p = text + start;
			v[k].n = i - start;
			k++;
			start = i + 1;
		}
	}
	*out = v;
	return k;
}

struct pragmas {
	const struct pragma *v;
	size_t n;
};

/* Whether no pragma covers finding f. */
static bool not_ignored(const struct bh_finding *f, void *ctx)
{
	const struct pragmas *all = ctx;
	for (size_t k = 0; k < all->n; k++) {
		const struct pragma *p = &all->v[k];
		bool in_range = p->target_line == 0 ||
				(f->span.line >= p->target_line &&
				 f->span.line <= p->end_line);
		if (in_range && ids_cover(p->ids, f->rule))
			return false;
	}
	return true;
}

void ignore_apply(const char *text, size_t len, struct bh_findings *list,
		  size_t first, ignore_unit_end_fn unit_end, void *ctx)
{
	if (!text || first >= list->n)
		return;
	/* every pragma form holds "ignore" or "skip=" (parse_pragma): a
	 * text with neither has none, and most files have none */
	if (!memmem(text, len, "ignore", 6) && !memmem(text, len, "skip=", 5))
		return;
	struct line_view *lines = NULL;
	size_t nlines = split_lines(text, len, &lines);
	struct pragma *pr = NULL;
	size_t npr = 0, cap = 0;
	for (size_t i = 0; i < nlines; i++) {
		size_t bn;
		const char *body = comment_body(lines[i], &bn);
		char ids[256];
		bool global;
		if (!body || !parse_pragma(body, bn, ids, sizeof(ids), &global))
			continue;
		size_t t = i + 1;
		while (!global && t < nlines &&
		       (is_blank(lines[t]) || comment_body(lines[t], &bn)))
			t++;
		if (npr == cap) {
			cap = cap ? cap * 2 : 8;
			struct pragma *np = realloc(pr, cap * sizeof(*np));
			if (!np)
				break;
			pr = np;
		}
		struct pragma *p = &pr[npr++];
		p->target_line = global ? 0 : (int)t + 1;
		p->end_line = global ? 0 : p->target_line;
		if (!global && unit_end) {
			int e = unit_end(ctx, p->target_line);
			if (e > p->end_line)
				p->end_line = e;
		}
		memcpy(p->ids, ids, sizeof(p->ids));
	}
	struct pragmas all = { pr, npr };
	bh_findings_keep(list, first, not_ignored, &all);
	free(pr);
	free(lines);
}
