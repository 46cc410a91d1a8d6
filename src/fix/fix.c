/* SPDX-License-Identifier: Apache-2.0
 *
 * fix.c - applies the rules' text edits to one file, prints the unified
 * diff and writes the result in place (fix.h).
 *
 * The diff is made from the edits, not by comparing texts: each edit
 * touches the lines its byte range covers (an insertion of whole lines
 * at a line's start touches none), edits touching the same or adjacent
 * lines form one change, and changes whose 3 lines of context meet share
 * a hunk.  What it owns: ordering, conflicts, the diff, the atomic write,
 * and a new file's diff from /dev/null and its creation (never over an
 * existing name); the hunks one by one with the edits that make each
 * (fix_diff_hunks, for `fix --interactive`) and applying a subset of
 * the kept edits (fix_splice).
 * What it does not: which edits to make (the rules' fix functions),
 * which files to read (src/cli/cmd_fix.c).
 * Tests: tests/unit/fix/test_fix.c, tests/suites/fix.sh,
 * tests/suites/fix_interactive.sh.
 */
#include "fix.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../core/check.h"
#include "../secrets/secrets.h"
#include "../util/diag.h"

#define CONTEXT 3

/* The indentation of an insertion of whole lines (text ending with a
 * newline), or -1 for any other edit. */
static long line_indent(const struct bh_edit *e)
{
	size_t n = e->text ? strlen(e->text) : 0;
	if (e->start != e->end || !n || e->text[n - 1] != '\n')
		return -1;
	return (long)strspn(e->text, " ");
}

static int edit_cmp(const void *pa, const void *pb)
{
	const struct bh_edit *a = pa, *b = pb;
	if (a->start != b->start)
		return a->start < b->start ? -1 : 1;
	if (a->end != b->end)
		return a->end < b->end ? -1 : 1;
	/* whole lines inserted at one point: the deeper indented first, as
	 * they continue the nested block that ends there (keys added to a
	 * container's "limits:" and to the container itself, both right
	 * after the line "cpu: 1") */
	long da = line_indent(a), db = line_indent(b);
	if (da >= 0 && db >= 0 && da != db)
		return da > db ? -1 : 1;
	/* insertions at one point: grouped by their heads (none first), so
	 * those sharing parent lines are neighbours */
	if (a->start == a->end && (a->head || b->head)) {
		size_t n = a->head < b->head ? a->head : b->head;
		int h = n ? memcmp(a->text, b->text, n) : 0;
		if (h)
			return h;
		if (a->head != b->head)
			return a->head < b->head ? -1 : 1;
	}
	const char *ia = a->rule ? a->rule->id : "", *ib = b->rule ? b->rule->id : "";
	int c = strcmp(ia, ib);
	if (c)
		return c;
	if (a->seq != b->seq)
		return a->seq < b->seq ? -1 : 1;
	return strcmp(a->text ? a->text : "", b->text ? b->text : "");
}

/* Whether kept insertions p and e (neighbours) go into one flow mapping
 * at one point. */
static bool flow_pair(const struct bh_edit *p, const struct bh_edit *e)
{
	return p->flow && e->flow && p->start == p->end && e->start == e->end &&
	       p->start == e->start;
}

/* How many bytes of the heads of flow insertions p and e are the same
 * parents: their common start, cut after its last '{' (0: none). */
static size_t flow_common(const struct bh_edit *p, const struct bh_edit *e)
{
	size_t n = p->head < e->head ? p->head : e->head, c = 0;
	for (size_t k = 0; k < n && p->text[k] == e->text[k]; k++)
		if (e->text[k] == '{')
			c = k + 1;
	return c;
}

static size_t count_open(const char *s, size_t n)
{
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		k += s[i] == '{';
	return k;
}

/* Flow insertions at one point whose heads open the same new parents
 * (", securityContext: {" of two rules) write them once: of neighbours
 * sharing the first K openings, the earlier one stops before closing
 * those K (and loses its trailing ", " or ",\n"), the later one drops
 * them from its head and starts with ", ".  So ", sc: {a: 1}" and ", sc:
 * {b: 2}" give ", sc: {a: 1, b: 2}" (nested openings alike).  An edit
 * marked flow 2 (written into an empty "{}" or "{ }") drops its leading
 * ", " when it is the first at its point, and its trailing blanks when
 * another follows.  Texts only shrink: rewritten in place,
 * each from its original text. */
static void flow_merge(struct bh_edit *keep, size_t nk)
{
	size_t pc = 0, pk = 0;   /* shared with the previous edit */
	for (size_t i = 0; i < nk; i++) {
		struct bh_edit *e = &keep[i];
		if (!e->flow) {
			pc = pk = 0;
			continue;
		}
		size_t len = strlen(e->text);
		size_t head = e->head <= len ? e->head : len;
		size_t tail = e->tail <= len - head ? e->tail : len - head;
		size_t d = count_open(e->text, head);
		size_t nc = 0, nkk = 0;
		if (i + 1 < nk && flow_pair(e, &keep[i + 1])) {
			nc = flow_common(e, &keep[i + 1]);
			nkk = count_open(e->text, nc);
			if (nkk > d || d > tail || nkk > count_open(
				    keep[i + 1].text, keep[i + 1].head))
				nc = nkk = 0;
		}
		bool first = !(i && flow_pair(&keep[i - 1], e));
		/* into an empty one ("{ }"), the blanks before the bracket
		   come once, after the last */
		bool cut = e->flow == 2 && i + 1 < nk &&
			   flow_pair(e, &keep[i + 1]) && tail > d;
		if (!pk && !nkk && !cut && !(first && e->flow == 2)) {
			pc = nc;
			pk = nkk;
			continue;
		}
		char *t = malloc(len + 3);
		if (!t) {
			pc = nc;
			pk = nkk;
			continue;
		}
		size_t o = 0;
		if (pk && pc <= head) {
			memcpy(t, ", ", 2);
			memcpy(t + 2, e->text + pc, head - pc);
			o = 2 + head - pc;
		} else {
			memcpy(t, e->text, head);
			o = head;
		}
		memcpy(t + o, e->text + head, len - head - tail);
		o += len - head - tail;
		if (nkk || cut) {
			memset(t + o, '}', d - nkk);
			o += d - nkk;
		} else {
			memcpy(t + o, e->text + len - tail, tail);
			o += tail;
		}
		t[o] = 0;
		size_t skip = first && e->flow == 2 && !strncmp(t, ", ", 2) ? 2 : 0;
		if (o - skip <= len)
			memcpy(e->text, t + skip, o - skip + 1);
		free(t);
		pc = nc;
		pk = nkk;
	}
}

int fix_apply(const char *text, size_t len, struct bh_edit *edits, size_t n,
	      struct fix_result *out)
{
	*out = (struct fix_result){ 0 };
	if (n)
		qsort(edits, n, sizeof(*edits), edit_cmp);
	struct bh_edit *keep = n ? malloc(n * sizeof(*keep)) : NULL;
	struct bh_edit *drop = n ? malloc(n * sizeof(*drop)) : NULL;
	struct bh_edit *same = n ? malloc(n * sizeof(*same)) : NULL;
	if (n && (!keep || !drop || !same)) {
		free(keep);
		free(drop);
		free(same);
		return BH_ENOMEM;
	}
	size_t nk = 0, nd = 0, ns = 0, last_end = 0;
	for (size_t i = 0; i < n; i++) {
		const struct bh_edit *e = &edits[i];
		/* an exact repeat of a kept edit (two fixes inserting the
		 * same line at one point): dropped, no conflict */
		bool rep = false;
		for (size_t k = nk; k-- > 0 && keep[k].start == e->start && !rep;)
			rep = keep[k].end == e->end && !strcmp(keep[k].text, e->text);
		if (rep) {
			same[ns++] = *e;
			continue;
		}
		bool ok = e->start <= e->end && e->end <= len &&
			  (nk == 0 || e->start >= last_end);
		if (ok && nk) {
			const struct bh_edit *p = &keep[nk - 1];
			/* text inserted where a kept edit replaces from */
			if (p->end > p->start && e->start == e->end &&
			    e->start < p->end)
				ok = false;
		}
		if (ok) {
			keep[nk++] = *e;
			if (e->end > last_end)
				last_end = e->end;
		} else {
			drop[nd++] = *e;
		}
	}
	/* a kept insertion's leading head lines that the kept insertion
	 * before it at the same point also starts with are written once:
	 * the later edit's text loses them (in place; skips from the
	 * original texts first) */
	size_t *skip = nk ? calloc(nk, sizeof(*skip)) : NULL;
	if (nk && !skip) {
		free(keep);
		free(drop);
		return BH_ENOMEM;
	}
	for (size_t i = 1; i < nk; i++) {
		const struct bh_edit *p = &keep[i - 1], *e = &keep[i];
		if (e->start != e->end || p->start != e->start || !e->head ||
		    !p->head || e->flow || p->flow)
			continue;
		size_t n = e->head < p->head ? e->head : p->head, same = 0;
		for (size_t k = 0; k < n && p->text[k] == e->text[k]; k++)
			if (e->text[k] == '\n')
				same = k + 1;
		skip[i] = same;
	}
	for (size_t i = 0; i < nk; i++)
		if (skip[i]) {
			struct bh_edit *e = &keep[i];
			memmove(e->text, e->text + skip[i],
				strlen(e->text + skip[i]) + 1);
			e->head -= skip[i];
		}
	free(skip);
	flow_merge(keep, nk);
	if (nk)
		memcpy(edits, keep, nk * sizeof(*keep));
	if (nd)
		memcpy(edits + nk, drop, nd * sizeof(*drop));
	if (ns)
		memcpy(edits + nk + nd, same, ns * sizeof(*same));
	free(keep);
	free(drop);
	free(same);
	if (fix_splice(text, len, edits, nk, &out->text, &out->len) != BH_OK)
		return BH_ENOMEM;
	out->kept = nk;
	out->dropped = nd;
	out->repeats = ns;
	return BH_OK;
}

int fix_splice(const char *text, size_t len, const struct bh_edit *edits,
	       size_t n, char **out, size_t *out_len)
{
	struct strbuf sb = STRBUF_INIT;
	size_t at = 0;
	*out = NULL;
	*out_len = 0;
	for (size_t i = 0; i < n; i++) {
		/* sorted and apart (fix_apply's kept edits): anything else
		 * is the caller's mistake, refused rather than misapplied */
		if (edits[i].start < at || edits[i].end < edits[i].start ||
		    edits[i].end > len) {
			strbuf_free(&sb);
			return BH_EUSAGE;
		}
		strbuf_add(&sb, text + at, edits[i].start - at);
		strbuf_adds(&sb, edits[i].text);
		at = edits[i].end;
	}
	strbuf_add(&sb, text + at, len - at);
	if (sb.failed) {
		strbuf_free(&sb);
		return BH_ENOMEM;
	}
	*out_len = sb.len;
	*out = strbuf_detach(&sb);
	if (!*out) {
		*out = strdup("");
		if (!*out)
			return BH_ENOMEM;
	}
	return BH_OK;
}

void fix_result_free(struct fix_result *r)
{
	free(r->text);
	*r = (struct fix_result){ 0 };
}

/* ---- the diff ---- */

struct lines {
	size_t *start;     /* start[i]: offset of line i; start[n] = len */
	size_t n;          /* lines (a last one without '\n' counts) */
};

static int lines_index(const char *t, size_t len, struct lines *l)
{
	size_t n = 0;
	for (size_t i = 0; i < len; i++)
		if (t[i] == '\n')
			n++;
	if (len && t[len - 1] != '\n')
		n++;
	l->start = malloc((n + 1) * sizeof(*l->start));
	if (!l->start)
		return BH_ENOMEM;
	l->n = n;
	size_t k = 0;
	l->start[k++] = 0;
	for (size_t i = 0; i < len && k <= n; i++)
		if (t[i] == '\n' && k <= n)
			l->start[k++] = i + 1;
	l->start[n] = len;
	return BH_OK;
}

/* The line holding byte "off" (off == len: the line after the last). */
static size_t line_of(const struct lines *l, size_t off)
{
	size_t lo = 0, hi = l->n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (l->start[mid + 1] <= off)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* The secret values the scan recorded for the file (its hides), beside
 * what the secret engine finds on a line by itself. */
struct hidden {
	const char **v;
	size_t *len;
	size_t n;
};

static void mask_line(struct strbuf *out, const char *s, size_t n,
		      const struct hidden *hv)
{
	struct sec_spans sp = { 0 };
	int rc = sec_mask_find(s, n, &sp);
	for (size_t i = 0; hv && i < hv->n && rc == BH_OK; i++)
		rc = sec_mask_find_value(s, n, hv->v[i], hv->len[i], &sp);
	if (rc != BH_OK) {
		out->failed = true;   /* never the line unmasked */
	} else if (sp.n) {
		struct strbuf m = STRBUF_INIT;
		if (sec_mask_apply(s, n, &sp, SEC_MASK_INLINE, &m) == BH_OK)
			strbuf_add(out, m.buf ? m.buf : "", m.len);
		else
			out->failed = true;
		strbuf_free(&m);
	} else {
		strbuf_add(out, s, n);
	}
	sec_spans_free(&sp);
}

void fix_mask(struct strbuf *out, const char *s, size_t n)
{
	mask_line(out, s, n, NULL);
}

/* One line with its mark; a line without '\n' gets the marker. */
static void put_line(struct strbuf *out, char mark, const char *s, size_t n,
		     bool mask, const struct hidden *hv)
{
	bool nl = n && s[n - 1] == '\n';
	size_t body = nl ? n - 1 : n;
	strbuf_addc(out, mark);
	if (mask)
		mask_line(out, s, body, hv);
	else
		strbuf_add(out, s, body);
	strbuf_addc(out, '\n');
	if (!nl)
		strbuf_adds(out, "\\ No newline at end of file\n");
}

/* Puts text[0..n) as lines marked "mark". */
static void put_lines(struct strbuf *out, char mark, const char *t, size_t n,
		      bool mask, const struct hidden *hv)
{
	size_t i = 0;
	while (i < n) {
		const char *nl = memchr(t + i, '\n', n - i);
		size_t e = nl ? (size_t)(nl - t) + 1 : n;
		put_line(out, mark, t + i, e - i, mask, hv);
		i = e;
	}
}

static size_t count_lines(const char *t, size_t n)
{
	size_t c = 0;
	for (size_t i = 0; i < n; i++)
		if (t[i] == '\n')
			c++;
	return c + (n && t[n - 1] != '\n');
}

/* A change: old lines [la, lb) and the edits [e0, e1) that make it. */
struct change {
	size_t la, lb, e0, e1;
};

/* The "---"/"+++" lines naming "path" ("--- /dev/null" with "created"). */
static void put_header(struct strbuf *out, const char *path, bool created)
{
	/* an absolute path is named from / ("a/tmp/x": patch -p1 -d /); a
	 * name with a space ends with a tab, as GNU diff ends it, so patch
	 * and git apply read all of it; a name with a tab, a newline, a
	 * quote, a backslash, another control character or a byte that is
	 * not UTF-8 (what diag_escape() escapes on stderr: the diff is a
	 * text output too, never raw bytes) is quoted as git quotes it
	 * ("a/x\ty": \t \n \" \\, others octal, "caf\377"), which GNU
	 * patch and git apply read back (neither reads diag_escape's
	 * "\xff") */
	while (*path == '/')
		path++;
	bool quote = false;
	char esc[5];
	for (const char *c = path; *c && !quote;) {
		size_t k = diag_char(c, esc);
		quote = *esc || *c == '"' || *c == '\\';
		c += k;
	}
	if (quote) {
		for (int side = 0; side < 2; side++) {
			if (!side && created) {
				strbuf_adds(out, "--- /dev/null\n");
				continue;
			}
			strbuf_adds(out, side ? "+++ \"b/" : "--- \"a/");
			for (const char *c = path; *c;) {
				size_t k = diag_char(c, esc);
				if (*c == '\t')
					strbuf_adds(out, "\\t");
				else if (*c == '\n')
					strbuf_adds(out, "\\n");
				else if (*c == '"' || *c == '\\')
					strbuf_printf(out, "\\%c", *c);
				else if (*esc)   /* each byte: a C1 control has 2 */
					for (size_t i = 0; i < k; i++)
						strbuf_printf(out, "\\%03o",
							      (unsigned char)c[i]);
				else
					strbuf_add(out, c, k);
				c += k;
			}
			strbuf_adds(out, "\"\n");
		}
	} else {
		const char *end = strchr(path, ' ') ? "\t" : "";
		if (created)
			strbuf_printf(out, "--- /dev/null\n+++ b/%s%s\n", path,
				      end);
		else
			strbuf_printf(out, "--- a/%s%s\n+++ b/%s%s\n", path,
				      end, path, end);
	}
}

int fix_diff_create(const char *path, const char *text, size_t len,
		    struct strbuf *out)
{
	size_t n = count_lines(text, len);
	if (!n)
		return BH_OK;
	put_header(out, path, true);
	if (n == 1)
		strbuf_adds(out, "@@ -0,0 +1 @@\n");
	else
		strbuf_printf(out, "@@ -0,0 +1,%zu @@\n", n);
	put_lines(out, '+', text, len, true, NULL);
	return out->failed ? BH_ENOMEM : BH_OK;
}

static int diff_lines(const char *path, const char *old, size_t olen,
		      const struct lines *Lp, const struct bh_edit *edits,
		      size_t n, bool mask, const struct hidden *hv,
		      struct strbuf *out, struct fix_hunks *hk);

int fix_diff(const char *path, const char *old, size_t olen,
	     const struct bh_edit *edits, size_t n, bool mask,
	     struct strbuf *out)
{
	if (!n)
		return BH_OK;
	struct lines L;
	if (lines_index(old, olen, &L) != BH_OK)
		return BH_ENOMEM;
	int rc = diff_lines(path, old, olen, &L, edits, n, mask, NULL, out, NULL);
	free(L.start);
	return rc;
}

static int diff_hiding(const char *path, const char *old, size_t olen,
		       const struct bh_edit *edits, size_t n,
		       const struct bh_hide *hides, size_t nhides,
		       const char *file, struct strbuf *out,
		       struct fix_hunks *hk)
{
	if (!n)
		return BH_OK;
	struct lines L;
	if (lines_index(old, olen, &L) != BH_OK)
		return BH_ENOMEM;
	/* each hide of the file: its value when the check knew it, else
	 * the bytes its span covers in "old", line by line (a password
	 * split over continuation lines) */
	size_t cap = 0;
	for (size_t i = 0; i < nhides; i++)
		if (hides[i].file && file && !strcmp(hides[i].file, file))
			cap += hides[i].value ? 1
			       : (size_t)(hides[i].span.end_line > hides[i].span.line
					  ? hides[i].span.end_line - hides[i].span.line + 1 : 1);
	struct hidden hv = { calloc(cap + 1, sizeof(char *)),
			     calloc(cap + 1, sizeof(size_t)), 0 };
	int rc = BH_ENOMEM;
	if (!hv.v || !hv.len)
		goto out;
	for (size_t i = 0; i < nhides; i++) {
		const struct bh_hide *h = &hides[i];
		if (!h->file || !file || strcmp(h->file, file))
			continue;
		if (h->value) {
			hv.v[hv.n] = h->value;
			hv.len[hv.n++] = strlen(h->value);
			continue;
		}
		int l0 = h->span.line, l1 = h->span.end_line > l0
						? h->span.end_line : l0;
		for (int l = l0; l >= 1 && l <= l1 && (size_t)l <= L.n &&
				 hv.n < cap; l++) {
			size_t ls = L.start[l - 1];
			size_t le = (size_t)l < L.n ? L.start[l] : olen;
			while (le > ls && (old[le - 1] == '\n' || old[le - 1] == '\r'))
				le--;
			size_t b = ls, e = le;
			if (l == l0 && h->span.col > 0)
				b = ls + (size_t)h->span.col - 1;
			if (l == l1 && h->span.end_col > 0)
				e = ls + (size_t)h->span.end_col - 1;
			if (e > le)
				e = le;
			/* the value's piece on this line: no indentation, no
			 * line continuation */
			while (b < e && (old[b] == ' ' || old[b] == '\t'))
				b++;
			while (e > b && (old[e - 1] == ' ' || old[e - 1] == '\t' ||
					 old[e - 1] == '\\'))
				e--;
			if (b < e) {
				hv.v[hv.n] = old + b;
				hv.len[hv.n++] = e - b;
			}
		}
	}
	rc = diff_lines(path, old, olen, &L, edits, n, true, &hv, out, hk);
out:
	free(hv.v);
	free(hv.len);
	free(L.start);
	return rc;
}

int fix_diff_hiding(const char *path, const char *old, size_t olen,
		    const struct bh_edit *edits, size_t n,
		    const struct bh_hide *hides, size_t nhides,
		    const char *file, struct strbuf *out)
{
	return diff_hiding(path, old, olen, edits, n, hides, nhides, file, out,
			   NULL);
}

int fix_diff_hunks(const char *path, const char *old, size_t olen,
		   const struct bh_edit *edits, size_t n,
		   const struct bh_hide *hides, size_t nhides,
		   const char *file, struct strbuf *out, struct fix_hunks *hk)
{
	*hk = (struct fix_hunks){ 0 };
	int rc = diff_hiding(path, old, olen, edits, n, hides, nhides, file,
			     out, hk);
	if (rc != BH_OK)
		fix_hunks_free(hk);
	return rc;
}

void fix_hunks_free(struct fix_hunks *hk)
{
	free(hk->v);
	*hk = (struct fix_hunks){ 0 };
}

static int diff_lines(const char *path, const char *old, size_t olen,
		      const struct lines *Lp, const struct bh_edit *edits,
		      size_t n, bool mask, const struct hidden *hv,
		      struct strbuf *out, struct fix_hunks *hk)
{
	const struct lines L = *Lp;
	struct change *ch = malloc(n * sizeof(*ch));
	if (!ch)
		return BH_ENOMEM;
	size_t nch = 0;
	for (size_t i = 0; i < n; i++) {
		const struct bh_edit *e = &edits[i];
		size_t la = line_of(&L, e->start), lb;
		if (la >= L.n && L.n && old[olen - 1] != '\n')
			la = L.n - 1;   /* the end of a last line without '\n' */
		/* flow insertions merged into one parent at this point end
		   with the last one's text */
		const struct bh_edit *z = e;
		while (z->flow && z + 1 < edits + n && z[1].flow &&
		       z[1].start == e->start && z[1].end == e->start)
			z++;
		size_t tl = strlen(z->text);
		bool whole = e->start == e->end && L.start[la] == e->start &&
			     (tl == 0 || z->text[tl - 1] == '\n') &&
			     (e->start == olen ? (olen == 0 || old[olen - 1] == '\n') : true);
		if (whole)
			lb = la;
		else
			lb = line_of(&L, e->end > e->start ? e->end - 1 : e->start) + 1;
		if (lb > L.n)
			lb = L.n;
		if (la > lb)
			la = lb;
		if (nch && la <= ch[nch - 1].lb) {
			if (lb > ch[nch - 1].lb)
				ch[nch - 1].lb = lb;
			ch[nch - 1].e1 = i + 1;
		} else {
			ch[nch++] = (struct change){ la, lb, i, i + 1 };
		}
	}
	if (hk) {
		/* at most one hunk per change */
		hk->v = malloc(nch * sizeof(*hk->v));
		if (!hk->v) {
			free(ch);
			return BH_ENOMEM;
		}
		hk->n = 0;
		hk->head = out->len;
	}
	put_header(out, path, false);
	if (hk)
		hk->head_len = out->len - hk->head;
	long delta = 0;   /* new line number minus old, before this hunk */
	struct strbuf nw = STRBUF_INIT;
	for (size_t h = 0; h < nch;) {
		size_t h1 = h + 1;
		while (h1 < nch && ch[h1].la <= ch[h1 - 1].lb + 2 * CONTEXT)
			h1++;
		size_t ca = ch[h].la > CONTEXT ? ch[h].la - CONTEXT : 0;
		size_t cb = ch[h1 - 1].lb + CONTEXT;
		if (cb > L.n)
			cb = L.n;
		/* the new text of each change, and the counts */
		struct strbuf body = STRBUF_INIT;
		size_t oc = 0, nc = 0, at = ca;
		for (size_t k = h; k < h1; k++) {
			const struct change *c = &ch[k];
			put_lines(&body, ' ', old + L.start[at],
				  L.start[c->la] - L.start[at], mask, hv);
			oc += c->la - at;
			nc += c->la - at;
			put_lines(&body, '-', old + L.start[c->la],
				  L.start[c->lb] - L.start[c->la], mask, hv);
			oc += c->lb - c->la;
			strbuf_reset(&nw);
			size_t p = L.start[c->la];
			for (size_t e = c->e0; e < c->e1; e++) {
				strbuf_add(&nw, old + p, edits[e].start - p);
				strbuf_adds(&nw, edits[e].text);
				p = edits[e].end;
			}
			strbuf_add(&nw, old + p, L.start[c->lb] - p);
			put_lines(&body, '+', nw.buf ? nw.buf : "", nw.len, mask, hv);
			nc += count_lines(nw.buf ? nw.buf : "", nw.len);
			at = c->lb;
		}
		put_lines(&body, ' ', old + L.start[at], L.start[cb] - L.start[at],
			  mask, hv);
		oc += cb - at;
		nc += cb - at;
		long os = oc ? (long)ca + 1 : (long)ca;
		long ns = nc ? (long)ca + 1 + delta : (long)ca + delta;
		size_t hat = out->len;
		strbuf_printf(out, "@@ -%ld,%zu +%ld,%zu @@\n", os, oc, ns, nc);
		strbuf_add(out, body.buf ? body.buf : "", body.len);
		if (hk)
			hk->v[hk->n++] = (struct fix_hunk){ ch[h].e0, ch[h1 - 1].e1,
							    hat, out->len - hat };
		if (body.failed)
			out->failed = true;
		strbuf_free(&body);
		delta += (long)nc - (long)oc;
		h = h1;
	}
	strbuf_free(&nw);
	free(ch);
	return out->failed ? BH_ENOMEM : BH_OK;
}

/* ---- writing in place ---- */

/* Whether the file open on "fd" holds exactly want[0..n). */
static bool same_content(int fd, const char *want, size_t n)
{
	char buf[65536];
	size_t at = 0;
	if (lseek(fd, 0, SEEK_SET) != 0)
		return false;
	for (;;) {
		ssize_t r = read(fd, buf, sizeof(buf));
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return false;
		if (r == 0)
			return at == n;
		if ((size_t)r > n - at || memcmp(buf, want + at, (size_t)r))
			return false;
		at += (size_t)r;
	}
}

static bool write_all(int fd, const char *s, size_t n)
{
	while (n) {
		ssize_t w = write(fd, s, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return false;
		s += w;
		n -= (size_t)w;
	}
	return true;
}

/* A new temporary file beside "path" (".NAME.bhfix.XXXXXX" in its
 * directory, so rename() and link() stay on one filesystem): its fd,
 * with *tmp its name (heap), or -1 with the cause in d and *tmp NULL. */
static int temp_beside(const char *path, char **tmp, struct diag *d)
{
	const char *slash = strrchr(path, '/');
	size_t dl = slash ? (size_t)(slash - path) + 1 : 0;
	size_t tl = strlen(path) + 32;
	*tmp = malloc(tl);
	if (!*tmp) {
		diag_error(d, BH_ENOMEM, 0, 0, "out of memory");
		return -1;
	}
	snprintf(*tmp, tl, "%.*s.%s.bhfix.XXXXXX", (int)dl, path, path + dl);
	int fd = mkostemp(*tmp, O_CLOEXEC);
	if (fd < 0) {
		diag_error(d, BH_EIO, 0, 0, "cannot create a temporary file "
			   "beside it: %s", strerror(errno));
		free(*tmp);
		*tmp = NULL;
	}
	return fd;
}

int fix_write(const char *fs_path, const char *old, size_t olen,
	      const char *new_text, size_t nlen, struct diag *d)
{
	char *real = realpath(fs_path, NULL);
	if (!real)
		return diag_error(d, BH_EIO, 0, 0, "cannot resolve: %s",
				  strerror(errno));
	int rc = BH_EIO;
	char *tmp = NULL;
	int tfd = -1;
	int fd = open(real, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	struct stat st;
	if (fd < 0 || fstat(fd, &st) != 0) {
		diag_error(d, BH_EIO, 0, 0, "cannot open: %s", strerror(errno));
		goto out;
	}
	if (!S_ISREG(st.st_mode)) {
		diag_error(d, BH_EIO, 0, 0, "not a regular file: not written");
		goto out;
	}
	/* rename() needs only the directory's write bit: a file nobody may
	 * write (0444, even for root) or this user may not write is not
	 * replaced behind its owner's back */
	if (!(st.st_mode & 0222) || access(real, W_OK) != 0) {
		diag_error(d, BH_EIO, 0, 0, "is read-only (mode %04o): not "
			   "written", (unsigned)(st.st_mode & 07777));
		goto out;
	}
	if (st.st_nlink > 1) {
		diag_error(d, BH_EIO, 0, 0, "has %lu hard links: not written "
			   "(replacing it would split them)",
			   (unsigned long)st.st_nlink);
		goto out;
	}
	if (!same_content(fd, old, olen)) {
		diag_error(d, BH_EIO, 0, 0, "changed since it was read: not "
			   "written");
		goto out;
	}
	tfd = temp_beside(real, &tmp, d);
	if (tfd < 0) {
		rc = d->code;
		goto out;
	}
	if (fchown(tfd, st.st_uid, st.st_gid) != 0) {
		diag_error(d, BH_EIO, 0, 0, "cannot keep its owner and group "
			   "(%s): not written", strerror(errno));
		goto out;
	}
	if (fchmod(tfd, st.st_mode & 07777) != 0 ||
	    !write_all(tfd, new_text, nlen) || fsync(tfd) != 0) {
		diag_error(d, BH_EIO, 0, 0, "cannot write: %s", strerror(errno));
		goto out;
	}
	/* the last look before the rename: the window is this short.  The
	 * path must still name the file read (an editor that saved by
	 * renaming a new file over it made another one) with the same
	 * content. */
	struct stat now;
	if (stat(real, &now) != 0 || now.st_dev != st.st_dev ||
	    now.st_ino != st.st_ino || !same_content(fd, old, olen)) {
		diag_error(d, BH_EIO, 0, 0, "changed since it was read: not "
			   "written");
		goto out;
	}
	if (close(tfd) != 0) {
		tfd = -1;
		diag_error(d, BH_EIO, 0, 0, "cannot write: %s", strerror(errno));
		goto out;
	}
	tfd = -1;
	if (rename(tmp, real) != 0) {
		diag_error(d, BH_EIO, 0, 0, "cannot replace: %s", strerror(errno));
		goto out;
	}
	free(tmp);
	tmp = NULL;
	rc = BH_OK;
out:
	if (tfd >= 0)
		close(tfd);
	if (tmp) {
		unlink(tmp);
		free(tmp);
	}
	if (fd >= 0)
		close(fd);
	free(real);
	return rc;
}

int fix_create(const char *fs_path, const char *text, size_t len,
	       struct diag *d)
{
	struct stat st;
	if (lstat(fs_path, &st) == 0 || errno != ENOENT)
		return diag_error(d, BH_EIO, 0, 0, "exists: not overwritten");
	char *tmp = NULL;
	int rc = BH_EIO;
	int tfd = temp_beside(fs_path, &tmp, d);
	if (tfd < 0)
		return d->code;
	if (fchmod(tfd, 0644) != 0 || !write_all(tfd, text, len) ||
	    fsync(tfd) != 0) {
		diag_error(d, BH_EIO, 0, 0, "cannot write: %s", strerror(errno));
		goto out;
	}
	if (close(tfd) != 0) {
		tfd = -1;
		diag_error(d, BH_EIO, 0, 0, "cannot write: %s", strerror(errno));
		goto out;
	}
	tfd = -1;
	/* link() fails on an existing name: a file made since the look
	 * above is never replaced */
	if (link(tmp, fs_path) != 0) {
		diag_error(d, BH_EIO, 0, 0, errno == EEXIST
			   ? "exists: not overwritten" : "cannot create: %s",
			   strerror(errno));
		goto out;
	}
	rc = BH_OK;
out:
	if (tfd >= 0)
		close(tfd);
	if (tfd >= 0 || rc == BH_OK || access(tmp, F_OK) == 0)
		unlink(tmp);
	free(tmp);
	return rc;
}
