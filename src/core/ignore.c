/* SPDX-License-Identifier: Apache-2.0
 *
 * ignore.c - inline ignore pragmas (bulkhead, hadolint, Trivy, Checkov
 * forms), a Dockerfile's BuildKit "# check=" directive, and the inline
 * markers `bulkhead secrets` honours.
 *
 * This file owns finding and reading the pragma comments and dropping the
 * findings they cover.  It runs after the rules, never inside a check
 * (hadolint filters in one place too).  Peer ids are mapped through the
 * rule table (bh_rule_resolve: every spelling of a Trivy id, any case),
 * once per pragma; an id that names nothing is a warning.
 * Tests: tests/unit/core/test_ignore.c, tests/cases/cli/ignore-*.case,
 * tests/cases/cli/pragma-*.case, tests/cases/cli/buildkit-check-*.case,
 * tests/cases/secrets/secrets-pragma*.case.
 */
#include "ignore.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "../secrets/secrets.h"
#include "check.h"

#define PRAGMA_RULES 64   /* rules one pragma can name (after mapping) */

struct pragma {
	int target_line;   /* first line covered; 0 = whole file */
	int end_line;
	size_t nrules;
	const struct bh_rule *rules[PRAGMA_RULES];
};

struct line_view {
	const char *p;
	size_t n;
};

static void warn(struct bh_strlist *w, const char *file, long line,
		 const char *fmt, const char *arg)
{
	if (!w)
		return;
	char msg[512], out[1024];
	snprintf(msg, sizeof(msg), fmt, arg);
	if (line > 0)
		snprintf(out, sizeof(out), "%s:%ld: warning: %s", file ? file : "-",
			 line, msg);
	else
		snprintf(out, sizeof(out), "%s: warning: %s", file ? file : "-",
			 msg);
	/* control bytes from the input never reach the terminal */
	for (char *p = out; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			*p = '?';
	bh_strlist_add(w, out);
}

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

static bool blank(char c)
{
	return c == ' ' || c == '\t';
}

/* Skips blanks from *i; whether at least one was there. */
static bool skip_blanks(const char *s, size_t n, size_t *i)
{
	size_t from = *i;
	while (*i < n && blank(s[*i]))
		(*i)++;
	return *i > from;
}

/* Whether s[*i..n) starts with word w; moves past it. */
static bool take(const char *s, size_t n, size_t *i, const char *w)
{
	size_t wl = strlen(w);
	if (n - *i < wl || strncmp(s + *i, w, wl) != 0)
		return false;
	*i += wl;
	return true;
}

/* "bulkhead|hadolint [global] ignore = ID[, ID...]", spaced as hadolint's
 * own parser allows (Hadolint/Pragma.hs: blanks around "=" and ","), and
 * anything after a further "#" is the reason.  The ids are copied to out
 * comma-separated. */
static bool parse_tool_pragma(const char *body, size_t n, char *out,
			      size_t size, bool *global)
{
	size_t i = 0;
	skip_blanks(body, n, &i);
	if (!take(body, n, &i, "bulkhead") && !take(body, n, &i, "hadolint"))
		return false;
	if (!skip_blanks(body, n, &i))
		return false;
	*global = false;
	size_t g = i;
	if (take(body, n, &i, "global") && skip_blanks(body, n, &i))
		*global = true;
	else
		i = g;
	if (!take(body, n, &i, "ignore"))
		return false;
	skip_blanks(body, n, &i);
	if (i >= n || body[i] != '=')
		return false;
	i++;
	size_t o = 0;
	for (;;) {
		skip_blanks(body, n, &i);
		size_t st = o;
		while (i < n && !blank(body[i]) && body[i] != ',' &&
		       body[i] != '#' && body[i] != '\r' && o + 2 < size)
			out[o++] = body[i++];
		if (o == st)
			break;  /* no id: ", ," or a trailing comma */
		skip_blanks(body, n, &i);
		if (i >= n || body[i] != ',')
			break;
		i++;
		out[o++] = ',';
	}
	if (o && out[o - 1] == ',')
		o--;
	out[o] = 0;
	return o > 0;
}

/* If "body" is a pragma, copy its id list into out and set *global. */
static bool parse_pragma(const char *body, size_t n, char *out, size_t size,
			 bool *global)
{
	static const char *const prefixes[] = {
		"trivy:ignore:", "checkov:skip=",
	};
	if (parse_tool_pragma(body, n, out, size, global))
		return true;
	for (size_t k = 0; k < sizeof(prefixes) / sizeof(prefixes[0]); k++) {
		size_t pl = strlen(prefixes[k]);
		if (n < pl || strncmp(body, prefixes[k], pl) != 0)
			continue;
		*global = false;
		size_t i = pl, o = 0;
		while (i < n && body[i] != '#' && body[i] != ' ' &&
		       body[i] != '\t' && body[i] != '\r' && o + 1 < size) {
			char ch = body[i++];
			/* checkov:skip=ID:reason */
			if (ch == ':' && k == 1)
				break;
			out[o++] = ch;
		}
		out[o] = 0;
		return o > 0;
	}
	return false;
}

/* Maps the comma-separated "ids" of the pragma on "line" to rules. */
static void resolve_ids(struct pragma *p, const char *ids, const char *file,
			long line, struct bh_strlist *warnings)
{
	char buf[256];
	snprintf(buf, sizeof(buf), "%s", ids);
	p->nrules = 0;
	for (char *save = NULL, *tok = strtok_r(buf, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save)) {
		const struct bh_rule *r[PRAGMA_RULES];
		size_t n = bh_ruleset()->resolve(tok, r, PRAGMA_RULES);
		if (!n && !bh_ruleset()->peer_known(tok))
			warn(warnings, file, line,
			     "unknown rule id '%s' in an ignore pragma (no effect)",
			     tok);
		for (size_t i = 0; i < n && p->nrules < PRAGMA_RULES; i++)
			p->rules[p->nrules++] = r[i];
	}
}

static bool pragma_covers(const struct pragma *p, const struct bh_rule *r)
{
	for (size_t i = 0; i < p->nrules; i++)
		if (p->rules[i] == r)
			return true;
	return false;
}

static size_t split_lines(const char *text, size_t len, struct line_view **out)
{
	/* memchr from line to line: the bytes between are not looked at
	 * one by one */
	const char *end = text + len;
	size_t n = 1;
	for (const char *q = text; (q = memchr(q, '\n', (size_t)(end - q)));
	     q++)
		n++;
	struct line_view *v = calloc(n, sizeof(*v));
	if (!v)
		return 0;
	size_t k = 0;
	const char *start = text;
	for (;;) {
		const char *nl = memchr(start, '\n', (size_t)(end - start));
		const char *e = nl ? nl : end;
		v[k].p = start;
		v[k].n = (size_t)(e - start);
		k++;
		if (!nl)
			break;
		start = nl + 1;
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
		if (in_range && pragma_covers(p, f->rule))
			return false;
	}
	return true;
}

/* The first '\n', 'g' or 'k' in [p, end), or end. */
static const char *next_nl_g_k(const char *p, const char *end)
{
#ifdef __SSE2__
	const __m128i nl = _mm_set1_epi8('\n'), g = _mm_set1_epi8('g'),
		      k = _mm_set1_epi8('k');
	for (; end - p >= 16; p += 16) {
		__m128i v = _mm_loadu_si128((const __m128i *)(const void *)p);
		unsigned m = (unsigned)_mm_movemask_epi8(_mm_or_si128(
			_mm_or_si128(_mm_cmpeq_epi8(v, nl), _mm_cmpeq_epi8(v, g)),
			_mm_cmpeq_epi8(v, k)));
		if (m)
			return p + __builtin_ctz(m);
	}
#endif
	for (; p < end; p++)
		if (*p == '\n' || *p == 'g' || *p == 'k')
			return p;
	return end;
}

/* Every pragma form holds "ignore" or "skip=" (parse_pragma) after the
 * '#' of its comment line (comment_body): a text with neither after any
 * '#' has none, and most files have none.  Only the rest of the lines
 * holding a '#' is searched, and in it only the words' second bytes, 'g'
 * and 'k' (and the line end), 16 bytes at a time. */
static bool may_hold_pragma(const char *text, size_t len)
{
	const char *p = text, *end = text + len;
	while (p < end) {
		const char *h = memchr(p, '#', (size_t)(end - p));
		if (!h)
			return false;
		const char *x = h + 1;
		for (;;) {
			x = next_nl_g_k(x, end);
			if (x == end)
				return false;
			if (*x == '\n')
				break;
			/* x > h: the word starts in the comment; it holds no
			 * '\n', so one that matches ends on the line */
			const char *w = *x == 'g' ? "ignore" : "skip=";
			size_t wl = *x == 'g' ? 6 : 5;
			if ((size_t)(end - x) >= wl - 1 && !memcmp(x - 1, w, wl))
				return true;
			x++;
		}
		p = x + 1;
	}
	return false;
}

static size_t indent_of(struct line_view l)
{
	size_t k = 0;
	while (k < l.n && l.p[k] == ' ')
		k++;
	return k;
}

/* The explicit indentation indicator (1-9) of the block scalar header
 * ending line h ("key: |2", "- >-3  # note"), else 0. */
static size_t indent_indicator(struct line_view h)
{
	size_t e = h.n;
	/* a comment after the header: " #" */
	for (size_t j = 1; j < h.n; j++)
		if (h.p[j] == '#' && (h.p[j - 1] == ' ' || h.p[j - 1] == '\t')) {
			e = j;
			break;
		}
	while (e && (h.p[e - 1] == ' ' || h.p[e - 1] == '\t' ||
		     h.p[e - 1] == '\r'))
		e--;
	size_t m = 0, b = e;
	while (b && (isdigit((unsigned char)h.p[b - 1]) || h.p[b - 1] == '+' ||
		     h.p[b - 1] == '-')) {
		if (isdigit((unsigned char)h.p[b - 1]))
			m = (size_t)(h.p[b - 1] - '0');
		b--;
	}
	if (!b || (h.p[b - 1] != '|' && h.p[b - 1] != '>') || e - b > 2)
		return 0;
	return m;
}

/* Whether line i (0-based) of lines[0..nlines) is inside a value's text
 * (in_text); a block scalar's span runs to the next token, so a line
 * indented less than its content is past it.  The content's indentation
 * is its first non-blank line's, or with an explicit indentation
 * indicator ("|2") at most the header line's indentation plus it (the
 * first line may be indented more: "|2" then "      x" is "  x"). */
static bool in_value(const struct line_view *lines, size_t nlines, size_t i,
		     ignore_in_text_fn in_text, void *ctx)
{
	int first = 0;
	bool block = false;
	if (!in_text || !in_text(ctx, (int)i + 1, &first, &block))
		return false;
	if (!block || first < 1 || (size_t)first > nlines)
		return true;
	size_t k = (size_t)first - 1;
	while (k < i && is_blank(lines[k]))
		k++;
	if (k >= i)
		return true;
	size_t want = indent_of(lines[k]);
	size_t m = first >= 2 ? indent_indicator(lines[first - 2]) : 0;
	if (m && indent_of(lines[first - 2]) + m < want)
		want = indent_of(lines[first - 2]) + m;
	return indent_of(lines[i]) >= want;
}

/* The comment text of line i (0-based), or NULL: not a comment, or a
 * line inside a value's text (in_value). */
static const char *comment_at(const struct line_view *lines, size_t nlines,
			      size_t i, ignore_in_text_fn in_text, void *ctx,
			      size_t *n)
{
	const char *body = comment_body(lines[i], n);
	if (body && in_value(lines, nlines, i, in_text, ctx))
		return NULL;
	return body;
}

void ignore_apply(const char *file, const char *text, size_t len,
		  struct bh_findings *list, size_t first,
		  ignore_unit_end_fn unit_end, ignore_in_text_fn in_text,
		  void *ctx, struct bh_strlist *warnings)
{
	if (!text)
		return;
	if (!may_hold_pragma(text, len))
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
		/* "# bulkhead ignore=" in a heredoc or a YAML string is
		 * text: asked only now, for a line that parses as a pragma */
		if (in_value(lines, nlines, i, in_text, ctx))
			continue;
		size_t t = i + 1;
		while (!global && t < nlines &&
		       (is_blank(lines[t]) ||
			comment_at(lines, nlines, t, in_text, ctx, &bn)))
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
		/* the warnings are about the text, so they come even when
		 * no finding is left to filter */
		resolve_ids(p, ids, file, (long)i + 1, warnings);
	}
	struct pragmas all = { pr, npr };
	if (first < list->n)
		bh_findings_keep(list, first, not_ignored, &all);
	free(pr);
	free(lines);
}

/* ---- lines inside values ------------------------------------------ */

void ignore_text_lines_init(struct ignore_text_lines *t, struct arena *a)
{
	memset(t, 0, sizeof(*t));
	t->a = a;
	t->sorted = true;
}

void ignore_text_lines_add(struct ignore_text_lines *t, int file, int lo,
			   int hi, bool block)
{
	if (lo > hi || lo < 1)
		return;
	if (t->n == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 16;
		struct ignore_text_span *v = arena_array(t->a, cap, sizeof(*v));
		if (!v)
			return;
		if (t->n)
			memcpy(v, t->v, t->n * sizeof(*v));
		t->v = v;
		t->cap = cap;
	}
	if (t->n && (t->v[t->n - 1].file > file ||
		     (t->v[t->n - 1].file == file && t->v[t->n - 1].lo > lo)))
		t->sorted = false;
	t->v[t->n++] = (struct ignore_text_span){ file, lo, hi, block };
}

/* A scalar over several lines: its lines, from the first (libfyaml
 * marks a block scalar at column 1 of its first content line, not at its
 * "|"; the first line of any other scalar holds its key, dash or quote,
 * never a comment) to the last; the end is exclusive, so an end at
 * column 1 ends on the line before.  A block scalar's end is the next
 * token's place (in_value() trims it by indentation). */
static void add_scalar(struct ignore_text_lines *t, const struct yml_node *n,
		       int off, bool by_file)
{
	bool block = n->style == YML_LITERAL || n->style == YML_FOLDED;
	int last = n->end_col > 1 ? n->end_line : n->end_line - 1;
	/* an empty block scalar has no content line: a comment below its
	 * "|" ends it (and is a comment) */
	if (last < n->line || (last == n->line && !block) ||
	    (block && !n->len))
		return;
	ignore_text_lines_add(t, by_file ? n->file : 0, n->line + off,
			      last + off, block);
}

#define TEXT_LINES_MAX_VISITS 4000000

void ignore_text_lines_yaml(struct ignore_text_lines *t,
			    const struct yml_node *root, int off, bool by_file)
{
	struct frame {
		const struct yml_node *n;
		size_t next;
	} st[YML_DEFAULT_MAX_DEPTH + 2];
	if (!root)
		return;
	if (root->kind == YML_SCALAR) {
		add_scalar(t, root, off, by_file);
		return;
	}
	size_t depth = 0, visits = 0;
	st[0] = (struct frame){ root, 0 };
	while (visits++ < TEXT_LINES_MAX_VISITS) {
		struct frame *f = &st[depth];
		const struct yml_node *n = f->n;
		size_t items = n->kind == YML_MAP ? 2 * n->n : n->n;
		if (f->next >= items) {
			if (depth == 0)
				return;
			depth--;
			continue;
		}
		size_t k = f->next++;
		const struct yml_node *c =
			n->kind == YML_MAP ? (k % 2 ? n->pairs[k / 2].value
						    : n->pairs[k / 2].key)
					   : n->items[k];
		if (!c)
			continue;
		if (c->kind == YML_SCALAR)
			add_scalar(t, c, off, by_file);
		else if (depth + 1 < sizeof(st) / sizeof(*st))
			st[++depth] = (struct frame){ c, 0 };
	}
}

static int by_file_lo(const void *x, const void *y)
{
	const struct ignore_text_span *a = x, *b = y;
	if (a->file != b->file)
		return a->file < b->file ? -1 : 1;
	return (a->lo > b->lo) - (a->lo < b->lo);
}

bool ignore_text_lines_has(struct ignore_text_lines *t, int file, int line,
			   int *first, bool *block)
{
	if (!t->sorted) {
		qsort(t->v, t->n, sizeof(*t->v), by_file_lo);
		t->sorted = true;
	}
	/* the spans of "file" starting at or before "line", from the last
	 * back: scalars do not nest, so only a span met twice (a node of
	 * both a file's own tree and the merged one, an aliased node) can
	 * sit before the one holding the line; a bounded look back */
	size_t lo = 0, hi = t->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct ignore_text_span *s = &t->v[mid];
		if (s->file < file || (s->file == file && s->lo <= line))
			lo = mid + 1;
		else
			hi = mid;
	}
	for (size_t i = lo; i-- > 0;) {
		const struct ignore_text_span *s = &t->v[i];
		if (s->file != file)
			return false;
		if (line <= s->hi) {
			*first = s->lo;
			*block = s->block;
			return true;
		}
		if (i + 64 < lo)
			return false;
	}
	return false;
}

/* ---- BuildKit "# check=" ------------------------------------------- */

/* BuildKit's build checks (moby/buildkit frontend/dockerfile/docs/rules). */
static const char *const buildkit_checks[] = {
	"ConsistentInstructionCasing", "CopyIgnoredFile", "DuplicateStageName",
	"ExposeInvalidFormat", "ExposeProtoCasing", "FromAsCasing",
	"FromPlatformFlagConstDisallowed", "InvalidBaseImagePlatform",
	"InvalidDefaultArgInFrom", "InvalidDefinitionDescription",
	"JSONArgsRecommended", "LegacyKeyValueFormat", "MaintainerDeprecated",
	"MultipleInstructionsDisallowed", "NoEmptyContinuation",
	"RedundantTargetPlatform", "ReservedStageName", "SecretsUsedInArgOrEnv",
	"StageNameCasing", "UndefinedArgInFrom", "UndefinedVar",
	"WorkdirRelativePath",
};

bool ignore_is_buildkit_check(const char *name)
{
	for (size_t i = 0; i < sizeof(buildkit_checks) / sizeof(*buildkit_checks);
	     i++)
		if (!strcmp(buildkit_checks[i], name))
			return true;
	return false;
}

/* Copies s[0..n) into buf with blanks trimmed at both ends. */
static void trimmed(const char *s, size_t n, char *buf, size_t size)
{
	while (n && isspace((unsigned char)*s)) {
		s++;
		n--;
	}
	while (n && isspace((unsigned char)s[n - 1]))
		n--;
	if (n >= size)
		n = size - 1;
	memcpy(buf, s, n);
	buf[n] = 0;
}

/* Go's strconv.ParseBool, as BuildKit reads error=. */
static int parse_bool(const char *v, bool *out)
{
	static const char *const yes[] = { "1", "t", "T", "TRUE", "true", "True" };
	static const char *const no[] = { "0", "f", "F", "FALSE", "false", "False" };
	for (size_t i = 0; i < 6; i++) {
		if (!strcmp(v, yes[i])) {
			*out = true;
			return 0;
		}
		if (!strcmp(v, no[i])) {
			*out = false;
			return 0;
		}
	}
	return -1;
}

/* The BuildKit check names in a rule's "other" peer list, exactly. */
static bool rule_maps_check(const struct bh_rule *r, const char *name)
{
	const char *p = r ? r->other : NULL;
	size_t nl = strlen(name);
	while (p && (p = strstr(p, "BuildKit:")) != NULL) {
		p += 9;
		if (!strncmp(p, name, nl) &&
		    (p[nl] == 0 || p[nl] == ',' || p[nl] == ' '))
			return true;
	}
	return false;
}

static bool rule_maps_any_check(const struct bh_rule *r)
{
	return r && r->other && strstr(r->other, "BuildKit:");
}

struct check_cfg {
	bool skip_all;
	char skip[32][64];
	size_t nskip;
};

static bool check_kept(const struct bh_finding *f, void *ctx)
{
	const struct check_cfg *c = ctx;
	if (!rule_maps_any_check(f->rule))
		return true;
	if (c->skip_all)
		return false;
	for (size_t i = 0; i < c->nskip; i++)
		if (rule_maps_check(f->rule, c->skip[i]))
			return false;
	return true;
}

void ignore_check_directive(const char *file, const char *check, int line,
			    bool skip_allowed, struct bh_findings *list,
			    size_t first, struct bh_strlist *warnings)
{
	if (!check)
		return;
	struct check_cfg cfg = { 0 };
	bool error = false;
	/* options separated by ';' (BuildKit splits into at most 3) */
	const char *p = check;
	while (*p) {
		const char *e = strchr(p, ';');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		const char *eq = memchr(p, '=', n);
		char key[32], val[1024];
		if (!eq) {
			trimmed(p, n, val, sizeof(val));
			if (*val)
				warn(warnings, file, line,
				     "invalid check option '%s' in the check "
				     "directive (ignored)", val);
			goto next;
		}
		trimmed(p, (size_t)(eq - p), key, sizeof(key));
		trimmed(eq + 1, n - (size_t)(eq + 1 - p), val, sizeof(val));
		if (!strcmp(key, "skip")) {
			if (!strcmp(val, "all")) {
				cfg.skip_all = true;
				goto next;
			}
			char *save = NULL;
			for (char *t = strtok_r(val, ",", &save); t;
			     t = strtok_r(NULL, ",", &save)) {
				char name[64];
				trimmed(t, strlen(t), name, sizeof(name));
				if (!*name)
					continue;
				if (!ignore_is_buildkit_check(name))
					warn(warnings, file, line,
					     "'%s' is not a BuildKit check "
					     "(names are case-sensitive)", name);
				else if (cfg.nskip < 32)
					memcpy(cfg.skip[cfg.nskip++], name,
					       sizeof(name));
			}
		} else if (!strcmp(key, "error")) {
			if (parse_bool(val, &error) != 0)
				warn(warnings, file, line,
				     "check directive: error=%s is not a boolean "
				     "(ignored)", val);
		} else if (strcmp(key, "experimental") != 0) {
			warn(warnings, file, line,
			     "invalid check option '%s' in the check directive "
			     "(ignored)", key);
		}
next:
		if (!e)
			break;
		p = e + 1;
	}
	if (skip_allowed && (cfg.skip_all || cfg.nskip) && first < list->n)
		bh_findings_keep(list, first, check_kept, &cfg);
	for (size_t i = first; error && i < list->n; i++)
		if (rule_maps_any_check(list->v[i].rule))
			list->v[i].flags |= BH_FINDING_FAILS;
}

/* ---- `bulkhead secrets` markers ---------------------------------------- */

static const char *find(const char *h, size_t n, const char *needle)
{
	return h ? memmem(h, n, needle, strlen(needle)) : NULL;
}

static bool id_char(char c)
{
	return isalnum((unsigned char)c) || c == '-' || c == '_' || c == ':' ||
	       c == '.';
}

/* "bulkhead ignore=" in l[0..n): where its id list starts, and whether
 * the marker stands on a comment line of its own (only blanks and comment
 * leaders before it). */
static const char *secret_pragma(const char *l, size_t n, bool *own_line)
{
	static const char marker[] = "bulkhead ignore=";
	const char *m = find(l, n, marker);
	if (!m)
		return NULL;
	*own_line = true;
	for (const char *p = l; p < m; p++)
		if (!strchr(" \t#/;*-<!%", *p))
			*own_line = false;
	return m + sizeof(marker) - 1;
}

/* Whether the id list at ids (up to end) names "kind"; unknown ids are
 * warned about once per line. */
static bool ids_name_kind(const char *ids, const char *end, const char *kind,
			  const char *file, long line, long *warned_line,
			  struct bh_strlist *warnings)
{
	bool hit = false, warn_now = !warned_line || *warned_line != line;
	const char *p = ids;
	while (p < end && id_char(*p)) {
		const char *e = p;
		while (e < end && id_char(*e) && *e != ',')
			e++;
		char id[96], canon[96];
		size_t n = (size_t)(e - p) < sizeof(id) - 1 ? (size_t)(e - p)
							      : sizeof(id) - 1;
		memcpy(id, p, n);
		id[n] = 0;
		if (n && !strcasecmp(id, kind))
			hit = true;
		else if (n && warn_now && !sec_id_canon(id, canon, sizeof(canon)))
			warn(warnings, file, line,
			     "unknown secret id '%s' in an ignore pragma (no effect)",
			     id);
		p = e;
		if (p < end && *p == ',')
			p++;
	}
	if (warned_line && warn_now)
		*warned_line = line;
	return hit;
}

bool ignore_secret_allowed(const struct ignore_secret_line *l,
			   const char *kind, long *warned_line,
			   struct bh_strlist *warnings)
{
	static const char *const same_line[] = {
		"gitleaks:allow", "trufflehog:ignore", "pragma: allowlist secret",
	};
	if (!l || !kind)
		return false;
	for (size_t i = 0; i < 3; i++)
		if (find(l->text, l->len, same_line[i]))
			return true;
	bool own;
	const char *ids = l->text ? secret_pragma(l->text, l->len, &own) : NULL;
	if (ids && !own &&
	    ids_name_kind(ids, l->text + l->len, kind, l->file, l->line,
			  warned_line, warnings))
		return true;
	if (!l->prev)
		return false;
	if (find(l->prev, l->prev_len, "pragma: allowlist nextline secret"))
		return true;
	ids = secret_pragma(l->prev, l->prev_len, &own);
	return ids && own &&
	       ids_name_kind(ids, l->prev + l->prev_len, kind, l->file,
			     l->prev_line, warned_line, warnings);
}
