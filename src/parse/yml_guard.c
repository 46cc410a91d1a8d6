/* SPDX-License-Identifier: Apache-2.0
 *
 * yml_guard.c - the pre-pass yml_parse() runs over YAML text before
 * libfyaml sees it: it refuses the few forms on which libfyaml 0.7.12
 * (Debian's package, what CI installs; docs/decisions.md "A pre-pass
 * guard in front of libfyaml") allocates gigabytes or crashes, before any event reaches the
 * builder's depth and node bounds.  One pass, each byte looked at a
 * bounded number of times, nothing allocated.
 *
 * What libfyaml does wrong, and what is refused:
 *  1. Lookahead bombs.  libfyaml hands out no token while a possible
 *     simple key is pending (a flow collection or quoted scalar that a
 *     ':' may still follow), and it purges a pending key only at a line
 *     change or when its flow level closes, never after 1024 characters
 *     as YAML says; every token scanned meanwhile is held, about 0.5 KiB
 *     each.  One line "[[[[..." or "- [a, a, a, ...", or lines that each
 *     hold only a flow collection or quoted scalar with no ':', cost
 *     150-350 bytes per input byte (a 16 MB "{a: {a: ..." took 3.5 GB).
 *     Refused: more than YML_GUARD_MAX_RUN flow items (brackets, commas,
 *     scalars) libfyaml may be holding at once: those of a flow collection
 *     at a key position (not after "k: ") or nested in another, and
 *     quoted scalars at a key position; the count starts again where
 *     libfyaml surely holds no key (a block-level ':', a line change
 *     after a ',' or an opening bracket, a nested collection closed in a
 *     value, a line that does not start another possible key after a
 *     line that ended with one).  And flow collections nested deeper than
 *     the builder's max_depth (the builder refuses those anyway, only
 *     after libfyaml has held them all).  The shared corpus's largest
 *     count is under 20; a one-line JSON text (the admission webhook's
 *     objects are compact JSON) reaches the bound past about 1 MB (an
 *     820 KB one holds ~200,000 items; a 1.5 MB one took libfyaml 96 MB).
 *  2. A crash: after an explicit key ('?') is pending, a ':' that follows
 *     a simple key, then blanks holding a tab, then one of '?', ':',
 *     '|', '>' or "- ": libfyaml's fy_fetch_value() recycles the simple
 *     key, fails its tab check, and recycles it again on the error path;
 *     the parser then reads freed memory when destroyed (SIGSEGV).
 *     libfyaml rejects the form anyway ("cannot use tab for indentation
 *     of block entry"); refused while a '?' indicator before may still
 *     be pending: no line since began, indented with spaces, at its
 *     column or less, not "- " at its column (such a line, or a document
 *     marker, ends the key; lines taken for a plain scalar's
 *     continuation are looked at too;
 *     "? x\n: y\nc:\t|" is valid YAML that libfyaml parses).  A '?' in
 *     a flow collection counts as at column 0.
 *
 * The scan knows YAML only as far as those forms need: quoted scalars,
 * comments, block scalars (by indentation), plain scalar continuation
 * lines, document markers, flow depth.  It errs on the side of not
 * refusing: a form it cannot tell is left to libfyaml and the builder.
 *
 * Tests: tests/unit/compose/test_yml.c (positions, the long-run family,
 * the forms next to the refused ones), tests/cases/compose/yaml-guard-*.case,
 * tests/cases/kubernetes/yaml-guard-*.case, tests/suites/robustness.sh
 * (the minimised crashers and bombs, RSS bounded, under both builds),
 * fuzz/corpus/compose and fuzz/corpus/k8s (the crashers as seeds).
 */
#include "yml_guard.h"

#include <stdbool.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

struct guard {
	const char *s;
	size_t len;
	size_t i;
	int line;          /* 1-based line of s[i] */
	size_t ls;         /* offset where that line starts */
	size_t depth;      /* flow depth */
	size_t max_depth;
	size_t run;        /* flow items libfyaml may be holding */
	int run_line;      /* line where the run began */
	bool qmark;        /* an explicit key may still be pending */
	size_t qcol;       /* the least column of a block '?' since qmark
			      was set (0 for one in a flow collection) */
	bool outer_key;    /* the outermost open flow collection may be a
			      key (after "k: " it may not: libfyaml holds
			      only what the nested collections hold) */
	struct diag *d;
};


static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

/* The first i' >= i of s[0..len) where whether s[i'] is one of a, b, c
 * equals "in", or len: 16 bytes a step where SSE2 is, then byte by
 * byte. */
static size_t find3(const char *s, size_t i, size_t len, char a, char b,
		    char c, bool in)
{
#ifdef __SSE2__
	const __m128i va = _mm_set1_epi8(a), vb = _mm_set1_epi8(b),
		      vc = _mm_set1_epi8(c);
	while (len - i >= 16) {
		__m128i v = _mm_loadu_si128((const __m128i *)(s + i));
		unsigned m = (unsigned)_mm_movemask_epi8(_mm_or_si128(
			_mm_cmpeq_epi8(v, va),
			_mm_or_si128(_mm_cmpeq_epi8(v, vb),
				     _mm_cmpeq_epi8(v, vc))));
		if (!in)
			m = ~m & 0xffffu;
		if (m)
			return i + (size_t)__builtin_ctz(m);
		i += 16;
	}
#endif
	while (i < len && (s[i] == a || s[i] == b || s[i] == c) != in)
		i++;
	return i;
}

/* The first i' >= i that is not blank (is_blank), or len. */
static size_t skip_blanks(const char *s, size_t i, size_t len)
{
	return find3(s, i, len, ' ', '\t', '\r', false);
}

/* The first i' >= i holding a byte that ends a run inside a block line
 * past its node start ('\n', '#', ':'), or len. */
static size_t skip_to_stop(const char *s, size_t i, size_t len)
{
	return find3(s, i, len, '\n', '#', ':', true);
}

/* blank, line break or end of text at pos */
static bool blankz(const struct guard *g, size_t pos)
{
	return pos >= g->len || is_blank(g->s[pos]) || g->s[pos] == '\n';
}

static bool flow_ind(char c)
{
	return c == ',' || c == '[' || c == ']' || c == '{' || c == '}';
}

static int col_at(const struct guard *g, size_t pos)
{
	size_t c = pos - g->ls + 1;
	return c > 1000000000 ? 1000000000 : (int)c;
}

static void newline(struct guard *g)
{
	g->line++;
	g->ls = g->i + 1;
	g->i++;
}

static int add_item(struct guard *g, size_t pos)
{
	if (++g->run <= YML_GUARD_MAX_RUN)
		return BH_OK;
	if (g->run_line == g->line)
		return diag_error(g->d, BH_ELIMIT, g->line, col_at(g, pos),
				  "YAML flow collection too long for libfyaml: "
				  "over %zu items on one line (it holds them all "
				  "in memory; split the line)",
				  YML_GUARD_MAX_RUN);
	return diag_error(g->d, BH_ELIMIT, g->line, col_at(g, pos),
			  "YAML too costly for libfyaml: over %zu flow items "
			  "or quoted scalars since line %d with no ':' to end "
			  "them (it holds them all in memory)",
			  YML_GUARD_MAX_RUN, g->run_line);
}

/* An item in a flow collection: counted while a key may be pending. */
static int flow_item(struct guard *g, size_t pos)
{
	return g->outer_key || g->depth >= 2 ? add_item(g, pos) : BH_OK;
}

static void reset_run(struct guard *g)
{
	g->run = 0;
	g->run_line = g->line;
}

/* s[i] is ':' followed by a blank: the crash form of the header, 2. */
static int colon_tab(const struct guard *g)
{
	if (!g->qmark)
		return BH_OK;
	size_t p = g->i + 1;
	bool tab = false;
	while (p < g->len && (g->s[p] == ' ' || g->s[p] == '\t')) {
		tab |= g->s[p] == '\t';
		p++;
	}
	if (!tab || p >= g->len)
		return BH_OK;
	char c = g->s[p];
	if (c == '?' || c == ':' || c == '|' || c == '>' ||
	    (c == '-' && blankz(g, p + 1)))
		return diag_error(g->d, BH_EPARSE, g->line, col_at(g, g->i),
				  "explicit key ('?') then ':' and a tab before "
				  "'%c': refused (libfyaml crashes on this form)",
				  c);
	return BH_OK;
}

/* s[i] starts a line taken for a plain scalar's continuation: each
 * ': ' on it, up to a comment, checked for the crash form. */
static int cont_colon_tab(struct guard *g)
{
	if (!g->qmark)
		return BH_OK;
	size_t at = g->i;
	int rc = BH_OK;
	for (; g->i < g->len && g->s[g->i] != '\n' && !rc; g->i++) {
		char c = g->s[g->i];
		if (c == '#' && (g->i == g->ls || is_blank(g->s[g->i - 1])))
			break;
		if (c == ':' && blankz(g, g->i + 1))
			rc = colon_tab(g);
	}
	g->i = at;
	return rc;
}

static void skip_line(struct guard *g)
{
	const char *nl = memchr(g->s + g->i, '\n', g->len - g->i);
	g->i = nl ? (size_t)(nl - g->s) : g->len;
}

static void skip_token(struct guard *g)
{
	while (!blankz(g, g->i))
		g->i++;
}

/* s[i] is a quote: past the closing one (or the end). */
static void skip_quoted(struct guard *g)
{
	char q = g->s[g->i++];
	while (g->i < g->len) {
		char c = g->s[g->i];
		if (c == '\n') {
			newline(g);
			continue;
		}
		if (q == '"' && c == '\\') {
			g->i += g->i + 1 < g->len && g->s[g->i + 1] != '\n' ? 2 : 1;
			continue;
		}
		g->i++;
		if (c == q) {
			if (q == '\'' && g->i < g->len && g->s[g->i] == '\'') {
				g->i++;
				continue;
			}
			return;
		}
	}
}

/* The indentation (spaces) of the line starting at pos, and whether it
 * holds only blanks. */
static size_t indent_of(const struct guard *g, size_t pos, bool *empty)
{
	size_t n = 0;
	while (pos + n < g->len && g->s[pos + n] == ' ')
		n++;
	size_t p = pos + n;
	while (p < g->len && is_blank(g->s[p]))
		p++;
	*empty = p >= g->len || g->s[p] == '\n';
	return n;
}

static bool doc_marker(const struct guard *g, size_t pos)
{
	return pos + 3 <= g->len &&
	       (memcmp(g->s + pos, "---", 3) == 0 ||
		memcmp(g->s + pos, "...", 3) == 0) &&
	       blankz(g, pos + 3);
}

/* s[i] is '|' or '>' at a node start: skip the header line and every
 * following line that is blank or indented more than "ent" (or, for a
 * document-level scalar, every line up to a document marker).  Leaves
 * i at the start of the first line after the scalar. */
static void skip_block_scalar(struct guard *g, size_t ent, bool doclevel)
{
	skip_line(g);
	while (g->i < g->len) {
		newline(g);   /* s[i] was '\n' */
		if (g->i >= g->len)
			return;
		bool empty;
		size_t ind = indent_of(g, g->i, &empty);
		bool more = empty || (doclevel ? !doc_marker(g, g->i) : ind > ent);
		if (!more)
			return;
		skip_line(g);
	}
}

int yml_guard(const char *text, size_t len, size_t max_flow_depth,
	      struct diag *d)
{
	struct guard g;
	memset(&g, 0, sizeof(g));
	g.s = text;
	g.len = len;
	g.line = 1;
	g.run_line = 1;
	g.max_depth = max_flow_depth;
	g.d = d;

	bool first = true;     /* nothing significant yet on this line */
	bool ns = true;        /* block context: at a node start */
	bool key_ok = true;    /* block context: a node here may be a key */
	bool lead = true;      /* nothing but "---" before, on this line */
	bool cand = false;     /* a possible key is pending (block level) */
	bool chain = false;    /* the last content line ended with one */
	bool pend = false;     /* flow: the last item may still be a key */
	bool plain = false;    /* block: the last line ended in a plain scalar */
	size_t plain_ind = 0;  /* indentation of that line */
	size_t ind = 0;        /* indentation of this line */
	size_t ent = 0;        /* column of this line's innermost entry */
	bool line_block = true; /* this line began at block level */
	int rc;

	while (g.i < g.len) {
		char c = g.s[g.i];
		if (c == '\n') {
			if (!first) {
				if (g.depth == 0 && line_block) {
					chain = cand;
				} else {
					chain = false;
					if (g.depth > 0 && !pend)
						reset_run(&g);
				}
			}
			newline(&g);
			first = true;
			ns = key_ok = lead = g.depth == 0;
			cand = false;
			continue;
		}
		if (first) {
			if (is_blank(c)) {
				g.i = skip_blanks(g.s, g.i + 1, g.len);
				continue;
			}
			if (c == '#') {
				skip_line(&g);
				continue;
			}
			first = false;
			ind = g.i - g.ls;
			line_block = g.depth == 0;
			if (g.depth == 0) {
				if (plain && ind > plain_ind && !doc_marker(&g, g.i)) {
					/* a plain scalar's continuation line
					 * (libfyaml may take it for a key:
					 * the crash form is looked for) */
					if ((rc = cont_colon_tab(&g)))
						return rc;
					skip_line(&g);
					first = true;
					continue;
				}
				plain = false;
				/* a line indented with spaces to the column of
				 * every '?' before, or less, ends their keys:
				 * libfyaml holds none of them pending */
				if (g.qmark && strspn(g.s + g.ls, " ") == ind &&
				    (ind < g.qcol ||
				     (ind == g.qcol &&
				      !(c == '-' && blankz(&g, g.i + 1)))))
					g.qmark = false;
				/* the run goes on only while each line starts
				 * with another possible key ("[a]\n[b]\n") */
				if (!chain || !strchr("[{\"'&!", c))
					reset_run(&g);
				ent = ind;
				if (ind == 0 && doc_marker(&g, g.i)) {
					reset_run(&g);
					chain = false;
					if (c == '.') {
						skip_line(&g);
						continue;
					}
					g.i += 3;
					continue;
				}
				if (ind == 0 && c == '%') {
					skip_line(&g);
					continue;
				}
				lead = lead && ind == 0;
			}
		}

		if (g.depth > 0) {
			/* flow context */
			if (is_blank(c)) {
				g.i++;
				continue;
			}
			if (c == '#' && is_blank(g.s[g.i - 1])) {
				skip_line(&g);
				continue;
			}
			if (c == '[' || c == '{') {
				if (++g.depth > g.max_depth)
					return diag_error(d, BH_ELIMIT, g.line,
							  col_at(&g, g.i),
							  "flow collections nested "
							  "deeper than %zu levels",
							  g.max_depth);
				if ((rc = flow_item(&g, g.i)))
					return rc;
				pend = false;
				g.i++;
				continue;
			}
			if (c == ']' || c == '}') {
				if ((rc = flow_item(&g, g.i)))
					return rc;
				g.i++;
				pend = true;
				if (--g.depth == 0) {
					ns = false;
					plain = false;
				} else if (g.depth == 1 && !g.outer_key) {
					reset_run(&g);
				}
				continue;
			}
			if (c == ',') {
				if ((rc = flow_item(&g, g.i)))
					return rc;
				pend = false;
				g.i++;
				continue;
			}
			if (c == '"' || c == '\'') {
				if ((rc = flow_item(&g, g.i)))
					return rc;
				skip_quoted(&g);
				pend = true;
				continue;
			}
			if (c == '?' && blankz(&g, g.i + 1)) {
				g.qmark = true;
				g.qcol = 0;
				g.i++;
				continue;
			}
			if (c == ':' && (blankz(&g, g.i + 1) ||
					 flow_ind(g.s[g.i + 1]))) {
				if ((rc = colon_tab(&g)))
					return rc;
				pend = false;
				g.i++;
				continue;
			}
			/* a plain scalar (or an anchor, tag or alias) */
			if ((rc = flow_item(&g, g.i)))
				return rc;
			pend = true;
			g.i++;
			while (g.i < g.len) {
				char e = g.s[g.i];
				if (e == '\n' || flow_ind(e) ||
				    (e == ':' && (blankz(&g, g.i + 1) ||
						  flow_ind(g.s[g.i + 1]))) ||
				    (e == '#' && is_blank(g.s[g.i - 1])))
					break;
				g.i++;
			}
			continue;
		}

		/* block context */
		if (is_blank(c)) {
			g.i++;
			continue;
		}
		if (c == '#' && (g.i == g.ls || is_blank(g.s[g.i - 1]))) {
			skip_line(&g);
			continue;
		}
		if (ns) {
			if ((c == '-' || c == '?' || c == ':') && blankz(&g, g.i + 1)) {
				if (c == '?') {
					size_t col = g.i - g.ls;
					if (!g.qmark || col < g.qcol)
						g.qcol = col;
					g.qmark = true;
				}
				if (c == ':') {
					if ((rc = colon_tab(&g)))
						return rc;
					if (cand)
						reset_run(&g);
				}
				cand = false;
				key_ok = true;
				lead = false;
				ent = g.i - g.ls;
				g.i++;
				continue;
			}
			if (c == '&' || c == '!') {
				skip_token(&g);
				continue;
			}
			if (c == '[' || c == '{') {
				if (key_ok && (rc = add_item(&g, g.i)))
					return rc;
				cand = key_ok;
				g.outer_key = key_ok;
				g.depth = 1;
				pend = false;
				lead = false;
				g.i++;
				if (g.depth > g.max_depth)
					return diag_error(d, BH_ELIMIT, g.line,
							  col_at(&g, g.i - 1),
							  "flow collections nested "
							  "deeper than %zu levels",
							  g.max_depth);
				continue;
			}
			if (c == '"' || c == '\'') {
				if (key_ok && (rc = add_item(&g, g.i)))
					return rc;
				cand = key_ok;
				ns = false;
				lead = false;
				skip_quoted(&g);
				continue;
			}
			if (c == '|' || c == '>') {
				bool doclevel = lead;
				skip_block_scalar(&g, ent, doclevel);
				first = true;
				ns = key_ok = lead = true;
				cand = false;
				chain = false;
				continue;
			}
			ns = false;
			lead = false;
			cand = false;
			if (c == '*') {
				skip_token(&g);
				continue;
			}
			/* a plain scalar starts */
			ent = g.i - g.ls;
			plain = true;
			plain_ind = ind;
			g.i++;
			continue;
		}
		if (c == ':' && blankz(&g, g.i + 1)) {
			if ((rc = colon_tab(&g)))
				return rc;
			if (cand)
				reset_run(&g);
			cand = false;
			plain = false;
			ns = true;
			key_ok = false;   /* libfyaml: no key right after k: */
			g.i++;
			continue;
		}
		if (!plain)
			cand = false;   /* "[a] b": libfyaml fails at once */
		g.i++;
		/* the rest of a run without a line break, '#' or ':' changes
		 * nothing more (blanks nothing, other bytes what this one
		 * did): skipped at once */
		g.i = skip_to_stop(g.s, g.i, g.len);
	}
	return BH_OK;
}
