/* SPDX-License-Identifier: Apache-2.0
 *
 * ver_gem.c - RubyGems version order (Gem::Version): a version matches
 * [0-9]+(\.[0-9a-zA-Z]+)*(-[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)? with blanks
 * around it allowed and "" meaning "0"; "-" stands for ".pre.".  It is
 * split into digit runs and letter runs; trailing zero segments of the
 * numeric part and of the part from the first letters on are dropped;
 * then segments compare pairwise, a missing one being 0: numbers by value,
 * words byte-wise, a word before a number (so 1.0.a < 1.0).
 * Tests: tests/unit/vuln/test_version.c.
 */
#include <string.h>

#include "../util/diag.h"
#include "version.h"
#include "vver_int.h"

struct seg {
	const char *p;
	size_t n;
	bool num;
};

struct gv {
	const char *s; /* trimmed start */
	size_t n;
	/* canonical segments: [0, nnum) of the numeric part and
	 * [strstart, end) of the rest, trailing zeros dropped */
	size_t total, nnum, strstart, end;
};

static bool blank(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

/* the next segment of s[0..n) from *pos: a digit or letter run; a '-'
 * reads as ".pre." */
static bool seg_at(const char *s, size_t n, size_t *pos, struct seg *g)
{
	while (*pos < n && !vv_alnum(s[*pos])) {
		if (s[*pos] == '-') {
			(*pos)++;
			*g = (struct seg){"pre", 3, false};
			return true;
		}
		(*pos)++;
	}
	if (*pos >= n)
		return false;
	size_t st = *pos;
	bool num = vv_digit(s[st]);
	while (*pos < n && (num ? vv_digit(s[*pos]) : vv_alpha(s[*pos])))
		(*pos)++;
	*g = (struct seg){s + st, *pos - st, num};
	return true;
}

static int parse(const char *s, struct gv *v)
{
	while (blank(*s))
		s++;
	size_t n = strlen(s);
	while (n && blank(s[n - 1]))
		n--;
	v->s = s;
	v->n = n;
	if (n) {
		/* grammar */
		size_t i = vv_digits(s);
		if (!i)
			return BH_EPARSE;
		while (i < n && s[i] == '.') {
			size_t st = ++i;
			while (i < n && vv_alnum(s[i]))
				i++;
			if (i == st)
				return BH_EPARSE;
		}
		if (i < n && s[i] == '-') {
			for (;;) {
				size_t st = ++i;
				while (i < n && (vv_alnum(s[i]) || s[i] == '-'))
					i++;
				if (i == st)
					return BH_EPARSE;
				if (i < n && s[i] == '.')
					continue;
				break;
			}
		}
		if (i != n)
			return BH_EPARSE;
	}
	/* segments: count, first word, trailing zeros of both parts */
	size_t pos = 0, k = 0, first_word = (size_t)-1, last_nz_num = 0, last_nz_str = 0;
	struct seg g;
	while (seg_at(s, n, &pos, &g)) {
		if (!g.num && first_word == (size_t)-1)
			first_word = k;
		bool zero = g.num && vv_numzero(g.p, g.n);
		k++;
		if (!zero) {
			if (first_word == (size_t)-1)
				last_nz_num = k;
			else
				last_nz_str = k;
		}
	}
	v->total = k;
	if (first_word == (size_t)-1) {
		v->nnum = last_nz_num;
		v->strstart = v->end = k;
	} else {
		v->nnum = last_nz_num;
		v->strstart = first_word;
		v->end = last_nz_str > first_word ? last_nz_str : first_word;
	}
	return BH_OK;
}

/* walks the canonical segments of a version in order */
struct cursor {
	const struct gv *v;
	size_t pos, k;
};

static bool cur_next(struct cursor *c, struct seg *g)
{
	for (;;) {
		if (c->k >= c->v->end && c->k >= c->v->nnum)
			return false;
		struct seg x;
		if (!seg_at(c->v->s, c->v->n, &c->pos, &x))
			return false;
		size_t k = c->k++;
		if (k < c->v->strstart) {
			if (k < c->v->nnum) {
				*g = x;
				return true;
			}
			continue; /* a dropped trailing zero of the numeric part */
		}
		if (k < c->v->end) {
			*g = x;
			return true;
		}
		return false;
	}
}

static int gv_cmp(const struct gv *va, const struct gv *vb);

int vuln_gem_cmp(const char *a, const char *b, int *out)
{
	struct gv va, vb;
	if (!a || !b || !out)
		return BH_EUSAGE;
	if (parse(a, &va) != BH_OK || parse(b, &vb) != BH_OK)
		return BH_EPARSE;
	*out = gv_cmp(&va, &vb);
	return BH_OK;
}

VV_FORM_FITS(struct gv);

int vv_gem_prepare(struct vuln_ver *v)
{
	return parse(v->s, (struct gv *)(void *)v->form);
}

int vv_gem_cmp_ver(const struct vuln_ver *a, const struct vuln_ver *b)
{
	return gv_cmp((const struct gv *)(const void *)a->form,
		      (const struct gv *)(const void *)b->form);
}

static int gv_cmp(const struct gv *va, const struct gv *vb)
{
	struct cursor ca = {va, 0, 0}, cb = {vb, 0, 0};
	for (;;) {
		struct seg x = {"0", 1, true}, y = {"0", 1, true};
		bool hx = cur_next(&ca, &x), hy = cur_next(&cb, &y);
		if (!hx && !hy)
			break;
		if (!hx)
			x = (struct seg){"0", 1, true};
		if (!hy)
			y = (struct seg){"0", 1, true};
		int r;
		if (x.num && y.num)
			r = vv_numcmp(x.p, x.n, y.p, y.n);
		else if (x.num != y.num)
			r = x.num ? 1 : -1;
		else
			r = vv_strcmp(x.p, x.n, y.p, y.n);
		if (r)
			return r;
	}
	return 0;
}
