/* SPDX-License-Identifier: Apache-2.0
 *
 * writers.c - the table of report writers and the helpers they share.
 *
 * This file owns the name -> writer lookup (one line per format) and the
 * small sanitising helpers declared in rpt_util.h, and the running of a
 * writer's findings formatter on -j threads (rpt_write_parts()).  It does
 * not format any output itself: each rpt_<fmt>.c does.
 * Tests: tests/unit/report/test_report.c.
 */
#include "writer.h"

#include <stdint.h>
#include <stdio.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif
#include <stdlib.h>
#include <string.h>

#include "rpt_util.h"
#include "../util/diag.h"
#include "../util/pmap.h"

extern const struct rpt_writer rpt_text;
extern const struct rpt_writer rpt_json;
extern const struct rpt_writer rpt_sarif;
extern const struct rpt_writer rpt_junit;
extern const struct rpt_writer rpt_checkstyle;
extern const struct rpt_writer rpt_gitlab;
extern const struct rpt_writer rpt_sonar;
extern const struct rpt_writer rpt_html;
extern const struct rpt_writer rpt_baseline;

static const struct rpt_writer *const writers[] = {
	&rpt_text,
	&rpt_json,
	&rpt_sarif,
	&rpt_junit,
	&rpt_checkstyle,
	&rpt_gitlab,
	&rpt_sonar,
	&rpt_html,
	&rpt_baseline,
};

const struct rpt_writer *rpt_writer_find(const char *name)
{
	if (!name)
		return NULL;
	for (size_t i = 0; i < sizeof(writers) / sizeof(writers[0]); i++)
		if (strcmp(writers[i]->name, name) == 0)
			return writers[i];
	return NULL;
}

/* Length of the valid UTF-8 sequence at "p" (at most "n" bytes), or 0. */
static size_t utf8_seq(const unsigned char *p, size_t n)
{
	size_t len;
	unsigned cp;
	if (p[0] < 0x80)
		return 1;
	if (p[0] >= 0xc2 && p[0] <= 0xdf) {
		len = 2;
		cp = p[0] & 0x1f;
	} else if (p[0] >= 0xe0 && p[0] <= 0xef) {
		len = 3;
		cp = p[0] & 0x0f;
	} else if (p[0] >= 0xf0 && p[0] <= 0xf4) {
		len = 4;
		cp = p[0] & 0x07;
	} else {
		return 0;
	}
	if (len > n)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (p[i] & 0x3f);
	}
	if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
	    cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return len;
}

json_t *rpt_json_str(const char *s)
{
	if (!s)
		s = "";
	size_t n = strlen(s);
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;
	while (i < n) {
		size_t k = utf8_seq(p + i, n - i);
		if (!k)
			break;
		i += k;
	}
	if (i == n)
		return json_stringn(s, n);
	struct strbuf sb = STRBUF_INIT;
	strbuf_add(&sb, s, i);
	while (i < n) {
		size_t k = utf8_seq(p + i, n - i);
		if (k) {
			strbuf_add(&sb, p + i, k);
			i += k;
		} else {
			strbuf_adds(&sb, "\xef\xbf\xbd");
			i++;
		}
	}
	json_t *j = sb.failed ? NULL : json_stringn(strbuf_str(&sb), sb.len);
	strbuf_free(&sb);
	return j;
}

/* Bytes a JSON string cannot hold as they are: 1 control characters,
 * quote and backslash (escaped), 2 bytes of a UTF-8 sequence (checked). */
#define J16(x) x, x, x, x, x, x, x, x, x, x, x, x, x, x, x, x
static const unsigned char json_special[256] = {
	J16(1), J16(1),
	0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,   /* 0x20: '"' */
	J16(0), J16(0),
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0,   /* 0x50: '\\' */
	J16(0), J16(0),
	J16(2), J16(2), J16(2), J16(2), J16(2), J16(2), J16(2), J16(2),
};
#undef J16

void rpt_json_quote(struct strbuf *sb, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	const unsigned char *p = (const unsigned char *)(s ? s : "");
	const unsigned char *run = p;
#ifdef __SSE2__
	const unsigned char *end = p + strlen((const char *)p);
#endif
	strbuf_addc(sb, '"');
	for (;;) {
#ifdef __SSE2__
		/* 16 bytes at a time (within the string) while none is
		 * special: below 0x20 or from 0x80 (signed: below 0x20),
		 * '"' or '\\' */
		while (end - p >= 16) {
			__m128i v = _mm_loadu_si128((const __m128i *)p);
			__m128i sp = _mm_or_si128(
				_mm_cmplt_epi8(v, _mm_set1_epi8(0x20)),
				_mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('"')),
					     _mm_cmpeq_epi8(v,
							    _mm_set1_epi8('\\'))));
			unsigned mask = (unsigned)_mm_movemask_epi8(sp);
			if (mask) {
				p += __builtin_ctz(mask);
				break;
			}
			p += 16;
		}
#endif
		/* the common bytes, one table load each */
		while (!json_special[*p])
			p++;
		unsigned char c = *p;
		if (!c)
			break;
		size_t k = c >= 0x80 ? utf8_seq(p, strnlen((const char *)p, 4)) : 0;
		if (k) {
			p += k;
			continue;
		}
		strbuf_add(sb, run, (size_t)(p - run));
		switch (c) {
		case '"': strbuf_adds(sb, "\\\""); break;
		case '\\': strbuf_adds(sb, "\\\\"); break;
		case '\b': strbuf_adds(sb, "\\b"); break;
		case '\f': strbuf_adds(sb, "\\f"); break;
		case '\n': strbuf_adds(sb, "\\n"); break;
		case '\r': strbuf_adds(sb, "\\r"); break;
		case '\t': strbuf_adds(sb, "\\t"); break;
		default:
			if (c < 0x20) {
				char u[7] = { '\\', 'u', '0', '0', hex[c >> 4], hex[c & 15], 0 };
				strbuf_adds(sb, u);
			} else {
				strbuf_adds(sb, "\xef\xbf\xbd");  /* invalid UTF-8 */
			}
		}
		run = ++p;
	}
	strbuf_add(sb, run, (size_t)(p - run));
	strbuf_addc(sb, '"');
}

void rpt_add_printable_n(struct strbuf *sb, const char *s, size_t n)
{
	char esc[5];
	size_t run = 0;
	for (size_t i = 0; i < n;) {
		/* a NUL, or a character cut by n, is not shown either */
		size_t k = !s[i] ? 0 : s[i] == '\t' ? (*esc = 0, 1)
						    : diag_char(s + i, esc);
		if (k && !*esc && i + k <= n) {
			i += k;
			continue;
		}
		/* one '?' a byte: the caret under the excerpt keeps its column */
		strbuf_add(sb, s + run, i - run);
		k = k && i + k <= n ? k : 1;
		for (size_t j = 0; j < k; j++)
			strbuf_addc(sb, '?');
		i += k;
		run = i;
	}
	strbuf_add(sb, s + run, n - run);
}

static bool utf8_cont(const char *s, size_t i)
{
	return ((unsigned char)s[i] & 0xc0) == 0x80;
}

bool rpt_excerpt(const struct bh_finding *f, struct rpt_excerpt *x)
{
	const char *s = f->line ? f->line : f->snippet;
	*x = (struct rpt_excerpt){ 0 };
	if (!s || !*s)
		return false;
	size_t col = f->span.col > 0 ? (size_t)f->span.col - 1 : 0;
	/* how much of the line matters: never the whole of a long one per
	 * finding (thousands of findings share a 300 KB line) */
	size_t n = strnlen(s, (col > RPT_EXCERPT_MAX ? col : RPT_EXCERPT_MAX) +
				      RPT_EXCERPT_WINDOW + 1);
	x->s = s;
	x->len = n;
	if (n <= RPT_EXCERPT_MAX && !s[n])
		return true;
	if (col > n)
		col = n;
	size_t from = col > RPT_EXCERPT_BEFORE ? col - RPT_EXCERPT_BEFORE : 0;
	size_t to = from + RPT_EXCERPT_WINDOW;
	if (to >= n && !s[n]) {   /* the line ends inside: show its end */
		to = n;
		from = n > RPT_EXCERPT_WINDOW ? n - RPT_EXCERPT_WINDOW : 0;
	}
	if (to > n)
		to = n;
	/* never inside a character: the start moves forward to the next
	 * one (the window only shrinks), the end back */
	while (from < to && utf8_cont(s, from))
		from++;
	while (to > from && to < n && utf8_cont(s, to))
		to--;
	x->s = s + from;
	x->len = to - from;
	x->off = from;
	x->cut_left = from > 0;
	x->cut_right = s[to] != 0;
	return true;
}

void rpt_add_printable(struct strbuf *sb, const char *s)
{
	if (!s)
		return;
	char esc[5];
	const char *run = s, *p = s;
	while (*p) {
		size_t k = *p == '\t' ? (*esc = 0, 1) : diag_char(p, esc);
		if (*esc) {
			strbuf_add(sb, run, (size_t)(p - run));
			strbuf_adds(sb, esc);
			run = p + k;
		}
		p += k;
	}
	strbuf_add(sb, run, (size_t)(p - run));
}

const char *rpt_rule_id(const struct bh_rule *r)
{
	return r && r->id ? r->id : "";
}

const char *rpt_finding_title(const struct bh_finding *f)
{
	const char *t = f->rule ? bh_rule_title(f->rule,
				  (f->flags & BH_FINDING_SECOND) != 0) : NULL;
	return t ? t : "";
}

const char *rpt_finding_fix(const struct bh_finding *f)
{
	if (f->fix)
		return f->fix;
	if (f->rule && f->rule->fix)
		return f->rule->fix;
	return "";
}

size_t rpt_utf8_char(const char *s, size_t n, unsigned *cp)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t k = utf8_seq(p, n);
	if (!k) {
		*cp = 0xfffd;
		return 1;
	}
	unsigned v = k == 1 ? p[0] : k == 2 ? p[0] & 0x1fu
		   : k == 3 ? p[0] & 0x0fu : p[0] & 0x07u;
	for (size_t i = 1; i < k; i++)
		v = (v << 6) | (p[i] & 0x3fu);
	*cp = v;
	return k;
}

/* Unicode East Asian Width W/F ranges and emoji shown wide (Unicode 15,
 * EastAsianWidth.txt), and zero width marks. */
static const struct { unsigned lo, hi; } wide[] = {
	{ 0x1100, 0x115f }, { 0x231a, 0x231b }, { 0x2329, 0x232a },
	{ 0x23e9, 0x23ec }, { 0x23f0, 0x23f0 }, { 0x23f3, 0x23f3 },
	{ 0x25fd, 0x25fe }, { 0x2614, 0x2615 }, { 0x2648, 0x2653 },
	{ 0x267f, 0x267f }, { 0x2693, 0x2693 }, { 0x26a1, 0x26a1 },
	{ 0x26aa, 0x26ab }, { 0x26bd, 0x26be }, { 0x26c4, 0x26c5 },
	{ 0x26ce, 0x26ce }, { 0x26d4, 0x26d4 }, { 0x26ea, 0x26ea },
	{ 0x26f2, 0x26f3 }, { 0x26f5, 0x26f5 }, { 0x26fa, 0x26fa },
	{ 0x26fd, 0x26fd }, { 0x2705, 0x2705 }, { 0x270a, 0x270b },
	{ 0x2728, 0x2728 }, { 0x274c, 0x274c }, { 0x274e, 0x274e },
	{ 0x2753, 0x2755 }, { 0x2757, 0x2757 }, { 0x2795, 0x2797 },
	{ 0x27b0, 0x27b0 }, { 0x27bf, 0x27bf }, { 0x2b1b, 0x2b1c },
	{ 0x2b50, 0x2b50 }, { 0x2b55, 0x2b55 }, { 0x2e80, 0x303e },
	{ 0x3041, 0x33ff }, { 0x3400, 0x4dbf }, { 0x4e00, 0x9fff },
	{ 0xa000, 0xa4cf }, { 0xa960, 0xa97f }, { 0xac00, 0xd7a3 },
	{ 0xf900, 0xfaff }, { 0xfe10, 0xfe19 }, { 0xfe30, 0xfe6f },
	{ 0xff00, 0xff60 }, { 0xffe0, 0xffe6 }, { 0x16fe0, 0x18cff },
	{ 0x1b000, 0x1b2ff }, { 0x1f004, 0x1f004 }, { 0x1f0cf, 0x1f0cf },
	{ 0x1f18e, 0x1f18e }, { 0x1f191, 0x1f19a }, { 0x1f200, 0x1f251 },
	{ 0x1f300, 0x1f320 }, { 0x1f32d, 0x1f335 }, { 0x1f337, 0x1f37c },
	{ 0x1f37e, 0x1f393 }, { 0x1f3a0, 0x1f3ca }, { 0x1f3cf, 0x1f3d3 },
	{ 0x1f3e0, 0x1f3f0 }, { 0x1f3f4, 0x1f3f4 }, { 0x1f3f8, 0x1f43e },
	{ 0x1f440, 0x1f440 }, { 0x1f442, 0x1f4fc }, { 0x1f4ff, 0x1f53d },
	{ 0x1f54b, 0x1f54e }, { 0x1f550, 0x1f567 }, { 0x1f57a, 0x1f57a },
	{ 0x1f595, 0x1f596 }, { 0x1f5a4, 0x1f5a4 }, { 0x1f5fb, 0x1f64f },
	{ 0x1f680, 0x1f6c5 }, { 0x1f6cc, 0x1f6cc }, { 0x1f6d0, 0x1f6d2 },
	{ 0x1f6d5, 0x1f6d7 }, { 0x1f6dc, 0x1f6df }, { 0x1f6eb, 0x1f6ec },
	{ 0x1f6f4, 0x1f6fc }, { 0x1f7e0, 0x1f7eb }, { 0x1f7f0, 0x1f7f0 },
	{ 0x1f90c, 0x1f93a }, { 0x1f93c, 0x1f945 }, { 0x1f947, 0x1f9ff },
	{ 0x1fa70, 0x1faff }, { 0x20000, 0x2fffd }, { 0x30000, 0x3fffd },
};

static const struct { unsigned lo, hi; } zero[] = {
	{ 0x0300, 0x036f }, { 0x0483, 0x0489 }, { 0x0591, 0x05bd },
	{ 0x0610, 0x061a }, { 0x064b, 0x065f }, { 0x0e31, 0x0e31 },
	{ 0x0e34, 0x0e3a }, { 0x0e47, 0x0e4e }, { 0x1ab0, 0x1aff },
	{ 0x1dc0, 0x1dff }, { 0x200b, 0x200f }, { 0x202a, 0x202e },
	{ 0x2060, 0x2064 }, { 0x20d0, 0x20ff }, { 0xfe00, 0xfe0f },
	{ 0xfe20, 0xfe2f }, { 0xfeff, 0xfeff }, { 0x1f3fb, 0x1f3ff },
	{ 0xe0100, 0xe01ef },
};

int rpt_char_width(unsigned cp)
{
	if (cp < 0x300)
		return 1;
	for (size_t i = 0; i < sizeof(zero) / sizeof(zero[0]); i++)
		if (cp >= zero[i].lo && cp <= zero[i].hi)
			return 0;
	for (size_t i = 0; i < sizeof(wide) / sizeof(wide[0]); i++)
		if (cp >= wide[i].lo && cp <= wide[i].hi)
			return 2;
	return 1;
}

void rpt_count_severities(const struct bh_findings *fs, size_t counts[5])
{
	for (int i = 0; i < 5; i++)
		counts[i] = 0;
	if (!fs)
		return;
	for (size_t i = 0; i < fs->n; i++) {
		unsigned s = (unsigned)fs->v[i].severity;
		counts[s <= BH_SEV_CRITICAL ? s : BH_SEV_INFO]++;
	}
}

int rpt_emit(FILE *out, const char *s, size_t len)
{
	if (len && fwrite(s, 1, len, out) != len)
		return BH_EIO;
	if (fflush(out) != 0 || ferror(out))
		return BH_EIO;
	return BH_OK;
}

/* ---- findings formatted on the -j threads (rpt_write_parts) ---- */

struct fmt_parts {
	const struct rpt_run *run;
	rpt_part_fn fn;
	size_t n, np;
	/* part k's text, from work(k) to done(k), in slot k % nslot: the
	 * buffer of part k - nslot, which done() emptied before work(k)
	 * began (PMAP_WINDOW), kept with its memory for the next */
	struct strbuf *slot;
	size_t nslot;
	FILE *out;
	int rc;                   /* the caller's thread only */
};

static void part_work(void *ud, size_t k)
{
	struct fmt_parts *p = ud;
	size_t at = p->n * k / p->np, end = p->n * (k + 1) / p->np;
	/* room for most parts' text at once: a buffer grown by doubling
	 * copies itself over again (realloc) */
	struct strbuf *sb = &p->slot[k % p->nslot];
	strbuf_ensure_(sb, (end - at) * RPT_PART_BYTES);
	p->fn(p->run, p->run->findings->v + at, end - at, at == 0, sb);
}

static void part_done(void *ud, size_t k)
{
	struct fmt_parts *p = ud;
	struct strbuf *sb = &p->slot[k % p->nslot];
	if (!p->rc && sb->failed)
		p->rc = BH_ENOMEM;
	if (!p->rc && sb->len && fwrite(sb->buf, 1, sb->len, p->out) != sb->len)
		p->rc = BH_EIO;
	if (sb->failed)
		strbuf_free(sb);
	else
		strbuf_reset(sb);
}

int rpt_write_parts(const struct rpt_run *run, rpt_part_fn fn, FILE *out)
{
	size_t n = run->findings ? run->findings->n : 0;
	if (run->jobs <= 1 || n < RPT_PART_MIN * 2)
		return -1;
	size_t np = (size_t)run->jobs * 4;
	if (np > n / RPT_PART_MIN)
		np = n / RPT_PART_MIN;
	if (np < (n + RPT_PART_MAX - 1) / RPT_PART_MAX)
		np = (n + RPT_PART_MAX - 1) / RPT_PART_MAX;
	size_t nslot = PMAP_WINDOW(run->jobs);
	if (nslot > np)
		nslot = np;
	struct fmt_parts p = { .run = run, .fn = fn, .n = n, .np = np,
			       .slot = calloc(nslot, sizeof(struct strbuf)),
			       .nslot = nslot, .out = out };
	if (!p.slot)
		return -1;
	struct pmap_ops ops = { part_work, part_done, &p };
	if (pmap_run(np, run->jobs, &ops) != 0)
		pmap_run(np, 1, &ops);   /* no thread: all of it here */
	for (size_t k = 0; k < nslot; k++)
		strbuf_free(&p.slot[k]);
	free(p.slot);
	return p.rc;
}

int rpt_emit_json(FILE *out, const json_t *root)
{
	if (json_dumpf(root, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER) != 0)
		return BH_EIO;
	return rpt_emit(out, "\n", 1);
}

bool rpt_counts_files(const struct rpt_run *run)
{
	return !run->command || strcmp(run->command, "image") != 0;
}

/* ---- fingerprints (SARIF partialFingerprints, GitLab, baselines) ---- */

static uint64_t fnv1a(uint64_t h, const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		h ^= *p;
		h *= 0x100000001b3ULL;
	}
	h ^= 0xff;                       /* field separator */
	h *= 0x100000001b3ULL;
	return h;
}

uint64_t rpt_finding_hash(const struct bh_finding *f)
{
	uint64_t h = 0xcbf29ce484222325ULL;
	h = fnv1a(h, rpt_rule_id(f->rule));
	h = fnv1a(h, f->file ? f->file : "");
	const char *s = f->snippet;
	if (!s)
		s = f->layer_digest ? f->layer_digest : "";
	while (*s == ' ' || *s == '\t')
		s++;
	size_t n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
		n--;
	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 0x100000001b3ULL;
	}
	return h;
}

struct hash_pos {
	uint64_t hash;
	size_t index;
};

static int by_hash_then_index(const void *a, const void *b)
{
	const struct hash_pos *x = a, *y = b;
	if (x->hash != y->hash)
		return x->hash < y->hash ? -1 : 1;
	return x->index < y->index ? -1 : x->index > y->index;
}

int rpt_occurrences(const uint64_t *hash, size_t n, unsigned *occ)
{
	struct hash_pos *order = malloc((n + 1) * sizeof(*order));
	if (!order)
		return BH_ENOMEM;
	for (size_t i = 0; i < n; i++)
		order[i] = (struct hash_pos){ hash[i], i };
	qsort(order, n, sizeof(*order), by_hash_then_index);
	for (size_t i = 0; i < n; i++) {
		bool same = i > 0 && order[i].hash == order[i - 1].hash;
		occ[order[i].index] = same ? occ[order[i - 1].index] + 1 : 1;
	}
	free(order);
	return BH_OK;
}

void rpt_xml_quote(struct strbuf *sb, const char *s)
{
	if (!s)
		return;
	size_t n = strlen(s);
	for (size_t i = 0; i < n;) {
		unsigned cp;
		size_t len = rpt_utf8_char(s + i, n - i, &cp);
		switch (cp) {
		case '&': strbuf_adds(sb, "&amp;"); break;
		case '<': strbuf_adds(sb, "&lt;"); break;
		case '>': strbuf_adds(sb, "&gt;"); break;
		case '"': strbuf_adds(sb, "&quot;"); break;
		case '\'': strbuf_adds(sb, "&apos;"); break;
		case '\t': strbuf_adds(sb, "&#9;"); break;
		case '\n': strbuf_adds(sb, "&#10;"); break;
		case '\r': strbuf_adds(sb, "&#13;"); break;
		default:
			if (cp < 0x20 || cp == 0x7f || cp == 0xfffe ||
			    cp == 0xffff || (cp >= 0xd800 && cp <= 0xdfff))
				strbuf_addc(sb, '?');   /* no XML 1.0 char */
			else if (cp == 0xfffd && !(len == 3 &&
				 (unsigned char)s[i] == 0xef))
				strbuf_adds(sb, "\xef\xbf\xbd");
			else
				strbuf_add(sb, s + i, len);
		}
		i += len;
	}
}

int rpt_fingerprints(const struct bh_findings *fs, char (*fp)[32])
{
	size_t n = fs ? fs->n : 0;
	uint64_t *h = calloc(n + 1, sizeof(*h));
	unsigned *occ = calloc(n + 1, sizeof(*occ));
	int rc = h && occ ? 0 : BH_ENOMEM;
	for (size_t i = 0; !rc && i < n; i++)
		h[i] = rpt_finding_hash(&fs->v[i]);
	if (!rc)
		rc = rpt_occurrences(h, n, occ);
	for (size_t i = 0; !rc && i < n; i++)
		snprintf(fp[i], sizeof(fp[i]), "%016llx:%u",
			 (unsigned long long)h[i], occ[i]);
	free(h);
	free(occ);
	return rc;
}
