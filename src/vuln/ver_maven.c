/* SPDX-License-Identifier: Apache-2.0
 *
 * ver_maven.c - Maven version order (maven-artifact's ComparableVersion as
 * of Maven 3.9/4, rewritten here from its rules).  The lower-cased
 * version splits at '.', at '-' and where digits turn into letters; a '-'
 * or that turn opens a sub-list holding the rest, and so does a trailing
 * word (1.0.0.X = 1-X).  Letters followed by digits ("rc1", "alpha-2")
 * form one combination item.  A list drops each 0 that ends it or stands
 * before a word (or before a sub-list starting with one).  Lists compare
 * item by item, a missing item being null: numbers by value (any width)
 * are newer than anything else; qualifiers order alpha < beta <
 * milestone < rc = cr < snapshot < "" = ga = final = release < sp < any
 * other word (alphabetically); a, b, m right before a digit mean alpha,
 * beta, milestone; a combination is newer than its bare word (rc1 > rc);
 * a sub-list is newer than a word.  Every string is accepted; more than
 * VV_MAVEN_MAX items is BH_ELIMIT (the parse lives on the stack).
 * Tests: tests/unit/vuln/test_version.c (Maven's ComparableVersionTest rows).
 */
#include <string.h>

#include "../util/diag.h"
#include "version.h"
#include "vver_int.h"

#define VV_MAVEN_MAX 256

enum { Q_ALPHA, Q_BETA, Q_MILESTONE, Q_RC, Q_SNAPSHOT, Q_RELEASE, Q_SP, Q_OTHER };
enum { K_NONE, K_INT, K_STR, K_COMBO, K_LIST };

struct mtok {
	int kind;         /* K_INT, K_STR, K_COMBO */
	const char *p;    /* word (K_STR, K_COMBO) or digits (K_INT) */
	size_t n;
	const char *d;    /* K_COMBO: its digits */
	size_t dn;
	int rank;         /* the word's qualifier rank */
	int level;
	bool removed;
};

struct mver {
	struct mtok t[VV_MAVEN_MAX];
	int nt;
	int nlevels;
	int start[VV_MAVEN_MAX + 1]; /* first token of each level */
	int count[VV_MAVEN_MAX + 1];
	bool nonempty[VV_MAVEN_MAX + 2];
};

static bool eq_ci(const char *p, size_t n, const char *w)
{
	if (strlen(w) != n)
		return false;
	for (size_t i = 0; i < n; i++)
		if (vv_tolower(p[i]) != w[i])
			return false;
	return true;
}

static int qual_rank(const char *p, size_t n, bool before_digit)
{
	static const char *const names[] = {"alpha", "beta", "milestone", "rc", "snapshot", "", "sp"};
	if (before_digit && n == 1) {
		char c = vv_tolower(p[0]);
		if (c == 'a')
			return Q_ALPHA;
		if (c == 'b')
			return Q_BETA;
		if (c == 'm')
			return Q_MILESTONE;
	}
	if (eq_ci(p, n, "ga") || eq_ci(p, n, "final") || eq_ci(p, n, "release"))
		return Q_RELEASE;
	if (eq_ci(p, n, "cr"))
		return Q_RC;
	for (int i = 0; i < Q_OTHER; i++)
		if (eq_ci(p, n, names[i]))
			return i;
	return Q_OTHER;
}

/* one item from s[0..n): a combination, a number or a word */
static int add(struct mver *v, const char *s, size_t n, bool combo, bool digit, int level)
{
	if (v->nt >= VV_MAVEN_MAX)
		return BH_ELIMIT;
	struct mtok *t = &v->t[v->nt++];
	memset(t, 0, sizeof(*t));
	t->level = level;
	t->p = s;
	t->n = n;
	if (combo) {
		size_t k = 0;
		while (k < n && !vv_digit(s[k]))
			k++;
		t->kind = K_COMBO;
		t->d = s + k;
		t->dn = n - k;
		t->n = (k > 0 && s[k - 1] == '-') ? k - 1 : k; /* "x-1" is "x1" */
		t->rank = qual_rank(s, t->n, true);
	} else if (digit) {
		t->kind = K_INT;
	} else {
		t->kind = K_STR;
		t->rank = qual_rank(s, n, false);
	}
	return BH_OK;
}

static int parse(const char *s, struct mver *v)
{
	v->nt = 0;
	int level = 0, rc = BH_OK;
	size_t st = 0, i = 0, len = strlen(s);
	bool dig = false, combo = false;
	int in_level = 0; /* items in the current list */
	for (; i < len && rc == BH_OK; i++) {
		char c = s[i];
		if (c == '.') {
			if (i == st)
				rc = add(v, "0", 1, false, true, level);
			else
				rc = add(v, s + st, i - st, combo, dig, level);
			in_level++;
			combo = false;
			st = i + 1;
		} else if (c == '-') {
			if (i == st) {
				rc = add(v, "0", 1, false, true, level);
			} else {
				if (!dig && i + 1 < len && vv_digit(s[i + 1])) {
					combo = true; /* X-1 reads as X1 */
					continue;
				}
				rc = add(v, s + st, i - st, combo, dig, level);
			}
			in_level++;
			st = i + 1;
			level++;
			in_level = 0;
			combo = false;
		} else if (vv_digit(c)) {
			if (!dig && i > st) {
				combo = true;
				if (in_level) {
					level++;
					in_level = 0;
				}
			}
			dig = true;
		} else {
			if (dig && i > st) {
				rc = add(v, s + st, i - st, combo, true, level);
				st = i;
				level++;
				in_level = 0;
				combo = false;
			}
			dig = false;
		}
		if (level >= VV_MAVEN_MAX)
			rc = BH_ELIMIT;
	}
	if (rc == BH_OK && len > st) {
		if (!dig && in_level)
			level++;
		if (level >= VV_MAVEN_MAX)
			return BH_ELIMIT;
		rc = add(v, s + st, len - st, combo, dig, level);
	}
	if (rc != BH_OK)
		return rc;
	v->nlevels = level + 1;
	int k = 0;
	for (int l = 0; l < v->nlevels; l++) {
		v->start[l] = k;
		while (k < v->nt && v->t[k].level == l)
			k++;
		v->count[l] = k - v->start[l];
	}
	/* normalise, deepest list first */
	v->nonempty[v->nlevels] = false;
	for (int l = v->nlevels - 1; l >= 0; l--) {
		/* what follows the token being looked at */
		int next = v->nonempty[l + 1] ? K_LIST : K_NONE;
		int sub_first = K_NONE;
		if (v->nonempty[l + 1]) {
			sub_first = K_LIST;
			for (int j = 0; j < v->count[l + 1]; j++)
				if (!v->t[v->start[l + 1] + j].removed) {
					sub_first = v->t[v->start[l + 1] + j].kind;
					break;
				}
		}
		bool any = false;
		for (int j = v->count[l] - 1; j >= 0; j--) {
			struct mtok *t = &v->t[v->start[l] + j];
			bool null = t->kind == K_INT && vv_numzero(t->p, t->n);
			if (null && (next == K_NONE || next == K_STR ||
				     (next == K_LIST && (sub_first == K_COMBO || sub_first == K_STR)))) {
				t->removed = true;
				continue;
			}
			next = t->kind;
			any = true;
		}
		v->nonempty[l] = any || v->nonempty[l + 1];
	}
	return BH_OK;
}

/* an element of a list: a token, the sub-list, or nothing */
struct elem {
	int kind; /* K_NONE, K_LIST or the token's */
	const struct mtok *t;
	int level; /* the sub-list's */
};

/* the i-th element of list "level"; *pos walks the tokens */
static struct elem elem_next(const struct mver *v, int level, int *pos)
{
	while (*pos < v->count[level]) {
		const struct mtok *t = &v->t[v->start[level] + (*pos)++];
		if (!t->removed)
			return (struct elem){t->kind, t, 0};
	}
	if (*pos == v->count[level] && v->nonempty[level + 1]) {
		(*pos)++;
		return (struct elem){K_LIST, NULL, level + 1};
	}
	return (struct elem){K_NONE, NULL, 0};
}

static int rank_cmp(int ra, const char *pa, size_t na, int rb, const char *pb, size_t nb)
{
	if (ra != rb)
		return ra < rb ? -1 : 1;
	if (ra != Q_OTHER)
		return 0;
	size_t n = na < nb ? na : nb;
	for (size_t i = 0; i < n; i++) {
		char c = vv_tolower(pa[i]), d = vv_tolower(pb[i]);
		if (c != d)
			return (unsigned char)c < (unsigned char)d ? -1 : 1;
	}
	return na == nb ? 0 : (na < nb ? -1 : 1);
}

static int word_cmp(const struct mtok *x, const struct mtok *y)
{
	return rank_cmp(x->rank, x->p, x->n, y->rank, y->p, y->n);
}

static int list_cmp(const struct mver *a, int la, const struct mver *b, int lb);
static int list_null(const struct mver *a, int la);

/* x against y; x is not K_NONE */
static int elem_cmp(const struct mver *a, struct elem x, const struct mver *b, struct elem y)
{
	int r;
	switch (x.kind) {
	case K_INT:
		if (y.kind == K_NONE)
			return vv_numzero(x.t->p, x.t->n) ? 0 : 1;
		if (y.kind == K_INT)
			return vv_numcmp(x.t->p, x.t->n, y.t->p, y.t->n);
		return 1;
	case K_STR:
		if (y.kind == K_NONE)
			return vv_sign(x.t->rank - Q_RELEASE);
		if (y.kind == K_STR)
			return word_cmp(x.t, y.t);
		if (y.kind == K_COMBO)
			return (r = word_cmp(x.t, y.t)) ? r : -1;
		return -1;
	case K_COMBO:
		if (y.kind == K_NONE)
			return vv_sign(x.t->rank - Q_RELEASE);
		if (y.kind == K_STR)
			return (r = word_cmp(x.t, y.t)) ? r : 1;
		if (y.kind == K_COMBO)
			return (r = word_cmp(x.t, y.t)) ? r : vv_numcmp(x.t->d, x.t->dn, y.t->d, y.t->dn);
		return -1;
	default: /* K_LIST */
		if (y.kind == K_NONE)
			return list_null(a, x.level);
		if (y.kind == K_INT)
			return -1;
		if (y.kind != K_LIST)
			return 1;
		return list_cmp(a, x.level, b, y.level);
	}
}

static int list_null(const struct mver *a, int la)
{
	int pos = 0;
	for (;;) {
		struct elem x = elem_next(a, la, &pos);
		if (x.kind == K_NONE)
			return 0;
		int r = elem_cmp(a, x, a, (struct elem){K_NONE, NULL, 0});
		if (r)
			return r;
	}
}

static int list_cmp(const struct mver *a, int la, const struct mver *b, int lb)
{
	int pa = 0, pb = 0;
	for (;;) {
		struct elem x = elem_next(a, la, &pa), y = elem_next(b, lb, &pb);
		if (x.kind == K_NONE && y.kind == K_NONE)
			return 0;
		int r = x.kind == K_NONE ? -elem_cmp(b, y, a, x) : elem_cmp(a, x, b, y);
		if (r)
			return r;
	}
}

int vuln_maven_cmp(const char *a, const char *b, int *out)
{
	struct mver va, vb;
	if (!a || !b || !out)
		return BH_EUSAGE;
	int rc = parse(a, &va);
	if (rc == BH_OK)
		rc = parse(b, &vb);
	if (rc != BH_OK)
		return rc;
	*out = list_cmp(&va, 0, &vb, 0);
	return BH_OK;
}
