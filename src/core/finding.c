/* SPDX-License-Identifier: Apache-2.0
 *
 * finding.c - the findings list: copy in, sort, free, and the secret
 * values to hide that travel with it (bh_findings_hide), and the edits
 * of `bulkhead fix` that travel with it too (bh_edits_add), and the
 * whole long source lines its findings share (bh_findings_line).
 * Tests: tests/unit/report/test_mask.c (hides), tests/cases/ (every run),
 * tests/unit/fix/test_fix.c (edits).
 */
#include "finding.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../util/diag.h"
#include "check.h"

static const char *const severity_names[] = {
	"info", "low", "medium", "high", "critical",
};

const char *bh_severity_name(enum bh_severity s)
{
	if ((unsigned)s > BH_SEV_CRITICAL)
		return "info";
	return severity_names[s];
}

int bh_severity_parse(const char *name, enum bh_severity *out)
{
	for (unsigned i = 0; i <= BH_SEV_CRITICAL; i++)
		if (strcasecmp(name, severity_names[i]) == 0) {
			*out = (enum bh_severity)i;
			return 0;
		}
	return -1;
}

static void finding_free(struct bh_finding *f);

static char *dup_or_null(const char *s)
{
	return s ? strdup(s) : NULL;
}

/* The list's held copy of path "file": one of its last held paths when
 * equal (an input's findings come together), else a new one; NULL when
 * allocation fails. */
static char *hold_file(struct bh_findings *list, const char *file)
{
	for (size_t i = list->nfiles, k = 0; i-- > 0 && k < 4; k++)
		if (list->files[i] == file || !strcmp(list->files[i], file))
			return list->files[i];
	if (list->nfiles == list->capfiles) {
		size_t cap = list->capfiles ? list->capfiles * 2 : 2;
		char **v = realloc(list->files, cap * sizeof(*v));
		if (!v)
			return NULL;
		list->files = v;
		list->capfiles = cap;
	}
	char *c = strdup(file);
	if (c)
		list->files[list->nfiles++] = c;
	return c;
}

int bh_findings_add(struct bh_findings *list, const struct bh_finding *f)
{
	if (list->n == list->cap) {
		size_t cap = list->cap ? list->cap * 2 : 8;
		struct bh_finding *v = realloc(list->v, cap * sizeof(*v));
		if (!v)
			return BH_ENOMEM;
		list->v = v;
		list->cap = cap;
	}
	struct bh_finding *c = &list->v[list->n++];
	*c = *f;
	c->file = f->file ? hold_file(list, f->file) : NULL;
	c->message = dup_or_null(f->message);
	c->fix = dup_or_null(f->fix);
	c->layer_digest = dup_or_null(f->layer_digest);
	c->created_by = dup_or_null(f->created_by);
	c->snippet = dup_or_null(f->snippet);
	if (f->line && !bh_findings_holds_line(list, f->line)) {
		/* the findings of another list's line come together: the
		 * line of the finding added before, when it is the same line
		 * (file and number: they decide how it is masked) */
		const struct bh_finding *prev = list->n > 1 ? c - 1 : NULL;
		c->line = prev && prev->line && prev->span.line == f->span.line &&
				  prev->file && f->file &&
				  !strcmp(prev->file, f->file) &&
				  !strcmp(prev->line, f->line)
				  ? prev->line
				  : bh_findings_line(list, f->line,
						     strlen(f->line));
	}
	if ((f->file && !c->file) || (f->message && !c->message) ||
	    (f->fix && !c->fix) || (f->layer_digest && !c->layer_digest) ||
	    (f->created_by && !c->created_by) || (f->snippet && !c->snippet) ||
	    (f->line && !c->line)) {
		finding_free(c);
		list->n--;
		return BH_ENOMEM;
	}
	return BH_OK;
}

char *bh_findings_line(struct bh_findings *list, const char *text,
		       size_t len)
{
	if (list->nlines == list->caplines) {
		size_t cap = list->caplines ? list->caplines * 2 : 8;
		char **v = realloc(list->lines, cap * sizeof(*v));
		if (!v)
			return NULL;
		list->lines = v;
		list->caplines = cap;
	}
	char *c = malloc(len + 1);
	if (!c)
		return NULL;
	memcpy(c, text, len);
	c[len] = 0;
	list->lines[list->nlines++] = c;
	return c;
}

bool bh_findings_holds_line(const struct bh_findings *list,
			    const char *line)
{
	/* findings on one line come together: the last lines suffice (a
	 * miss only costs a copy) */
	for (size_t i = list->nlines, k = 0; i-- > 0 && k < 16; k++)
		if (list->lines[i] == line)
			return true;
	return false;
}

/* Moves the held strings src[0..*sn) (lines or paths) to the end of
 * dst[0..*dn). */
static int take_held(char ***dst, size_t *dn, size_t *dcap, char ***src,
		     size_t *sn, size_t *scap)
{
	if (!*sn)
		return BH_OK;
	if (*dcap - *dn < *sn) {
		size_t cap = *dn + *sn;
		if (cap < *dcap * 2)
			cap = *dcap * 2;
		char **v = realloc(*dst, cap * sizeof(*v));
		if (!v)
			return BH_ENOMEM;
		*dst = v;
		*dcap = cap;
	}
	memcpy(*dst + *dn, *src, *sn * sizeof(**src));
	*dn += *sn;
	free(*src);
	*src = NULL;
	*sn = *scap = 0;
	return BH_OK;
}

/* Moves the held lines and paths of "src" to "dst". */
static int take_lines(struct bh_findings *dst, struct bh_findings *src)
{
	if (take_held(&dst->lines, &dst->nlines, &dst->caplines, &src->lines,
		      &src->nlines, &src->caplines) != BH_OK)
		return BH_ENOMEM;
	return take_held(&dst->files, &dst->nfiles, &dst->capfiles,
			 &src->files, &src->nfiles, &src->capfiles);
}


void bh_findings_keep(struct bh_findings *list, size_t first,
		      bool (*keep)(const struct bh_finding *f, void *ctx),
		      void *ctx)
{
	size_t out = first;
	for (size_t i = first; i < list->n; i++) {
		if (!keep(&list->v[i], ctx)) {
			finding_free(&list->v[i]);
			continue;
		}
		if (out != i)
			list->v[out] = list->v[i];
		out++;
	}
	if (first < list->n)
		list->n = out;
}

static void hide_free(struct bh_hide *h)
{
	free(h->file);
	free(h->value);
}

static bool same_hide(const struct bh_hide *h, const char *file,
		      struct bh_span span, const char *value, size_t vlen)
{
	return !memcmp(&h->span, &span, sizeof(span)) &&
	       !strcmp(h->file ? h->file : "", file ? file : "") &&
	       (value ? h->value && strlen(h->value) == vlen &&
			!memcmp(h->value, value, vlen)
		      : !h->value);
}

int bh_findings_hide(struct bh_findings *list, const char *file,
		     struct bh_span span, const char *value, size_t vlen)
{
	if (value && memchr(value, 0, vlen))
		vlen = strlen(value);
	for (size_t i = list->nhides, k = 0; i-- > 0 && k < 8; k++)
		if (same_hide(&list->hides[i], file, span, value, vlen))
			return BH_OK;
	if (list->nhides == list->caphides) {
		size_t cap = list->caphides ? list->caphides * 2 : 16;
		struct bh_hide *v = realloc(list->hides, cap * sizeof(*v));
		if (!v)
			return BH_ENOMEM;
		list->hides = v;
		list->caphides = cap;
	}
	struct bh_hide h = { dup_or_null(file), span,
			     value ? strndup(value, vlen) : NULL };
	if ((file && !h.file) || (value && !h.value)) {
		hide_free(&h);
		return BH_ENOMEM;
	}
	list->hides[list->nhides++] = h;
	return BH_OK;
}

int bh_findings_take_hides(struct bh_findings *dst, struct bh_findings *src)
{
	if (src->nhides == 0)
		return BH_OK;
	if (dst->nhides == 0 && !dst->hides) {
		dst->hides = src->hides;
		dst->nhides = src->nhides;
		dst->caphides = src->caphides;
	} else {
		if (dst->caphides - dst->nhides < src->nhides) {
			size_t cap = dst->nhides + src->nhides;
			if (cap < dst->caphides * 2)
				cap = dst->caphides * 2;
			struct bh_hide *v = realloc(dst->hides, cap * sizeof(*v));
			if (!v)
				return BH_ENOMEM;
			dst->hides = v;
			dst->caphides = cap;
		}
		memcpy(dst->hides + dst->nhides, src->hides,
		       src->nhides * sizeof(*src->hides));
		dst->nhides += src->nhides;
		free(src->hides);
	}
	src->hides = NULL;
	src->nhides = src->caphides = 0;
	return BH_OK;
}

int bh_edits_add(struct bh_edits *list, const struct bh_edit *e)
{
	if (list->n == list->cap) {
		size_t cap = list->cap ? list->cap * 2 : 8;
		struct bh_edit *v = realloc(list->v, cap * sizeof(*v));
		if (!v)
			return BH_ENOMEM;
		list->v = v;
		list->cap = cap;
	}
	struct bh_edit c = *e;
	c.file = e->file ? strdup(e->file) : NULL;
	c.text = strdup(e->text ? e->text : "");
	c.note = e->note ? strdup(e->note) : NULL;
	c.create = e->create ? strdup(e->create) : NULL;
	c.old = e->old ? malloc(e->old_len + 1) : NULL;
	if (c.old) {
		memcpy(c.old, e->old, e->old_len);
		c.old[e->old_len] = '\0';
	}
	if ((e->file && !c.file) || !c.text || (e->note && !c.note) ||
	    (e->create && !c.create) || (e->old && !c.old)) {
		free(c.file);
		free(c.text);
		free(c.note);
		free(c.create);
		free(c.old);
		return BH_ENOMEM;
	}
	list->v[list->n++] = c;
	return BH_OK;
}

int bh_edits_take(struct bh_edits *dst, struct bh_edits *src)
{
	if (!src->n)
		return BH_OK;
	if (dst->cap - dst->n < src->n) {
		size_t cap = dst->n + src->n;
		if (cap < dst->cap * 2)   /* taken once per file: grow geometrically */
			cap = dst->cap * 2;
		struct bh_edit *v = realloc(dst->v, cap * sizeof(*v));
		if (!v)
			return BH_ENOMEM;
		dst->v = v;
		dst->cap = cap;
	}
	memcpy(dst->v + dst->n, src->v, src->n * sizeof(*src->v));
	dst->n += src->n;
	free(src->v);
	*src = (struct bh_edits){ 0 };
	return BH_OK;
}

void bh_edits_free(struct bh_edits *list)
{
	for (size_t i = 0; i < list->n; i++) {
		free(list->v[i].file);
		free(list->v[i].text);
		free(list->v[i].note);
		free(list->v[i].create);
		free(list->v[i].old);
	}
	free(list->v);
	*list = (struct bh_edits){ 0 };
}

int bh_findings_take(struct bh_findings *dst, struct bh_findings *src)
{
	if (bh_edits_take(&dst->edits, &src->edits) != BH_OK)
		return BH_ENOMEM;
	if (bh_findings_take_hides(dst, src) != BH_OK ||
	    take_lines(dst, src) != BH_OK)
		return BH_ENOMEM;
	if (src->n == 0) {
		bh_findings_free(src);
		return BH_OK;
	}
	if (dst->n == 0 && !dst->v) {
		dst->v = src->v;
		dst->n = src->n;
		dst->cap = src->cap;
		*src = (struct bh_findings){ 0 };
		return BH_OK;
	}
	if (dst->cap - dst->n < src->n) {
		size_t cap = dst->n + src->n;
		if (cap < dst->cap * 2)
			cap = dst->cap * 2;
		struct bh_finding *v = realloc(dst->v, cap * sizeof(*v));
		if (!v)
			return BH_ENOMEM;
		dst->v = v;
		dst->cap = cap;
	}
	memcpy(dst->v + dst->n, src->v, src->n * sizeof(*src->v));
	dst->n += src->n;
	free(src->v);
	*src = (struct bh_findings){ 0 };  /* its hides moved first */
	return BH_OK;
}

static void finding_free(struct bh_finding *f)
{
	/* f->file and f->line are the list's (its files and lines) */
	free(f->message);
	free(f->fix);
	free(f->layer_digest);
	free(f->created_by);
	free(f->snippet);
}

void bh_findings_remove(struct bh_findings *list, size_t index)
{
	if (index >= list->n)
		return;
	finding_free(&list->v[index]);
	memmove(&list->v[index], &list->v[index + 1],
		(list->n - index - 1) * sizeof(list->v[0]));
	list->n--;
}

static int cmp_finding(const void *pa, const void *pb)
{
	const struct bh_finding *a = pa, *b = pb;
	int c = strcmp(a->file ? a->file : "", b->file ? b->file : "");
	if (c)
		return c;
	if (a->span.line != b->span.line)
		return a->span.line < b->span.line ? -1 : 1;
	if (a->span.col != b->span.col)
		return a->span.col < b->span.col ? -1 : 1;
	c = strcmp(a->rule->id, b->rule->id);
	if (c)
		return c;
	return strcmp(a->message ? a->message : "", b->message ? b->message : "");
}

/* A finding's sort key: its file's rank among the list's files (so the
 * paths, long and mostly equal, are not compared again at every step),
 * then the rest of cmp_finding()'s order, then its place: a total order,
 * the one glibc's (stable) merge sort of the findings themselves gave. */
struct sort_key {
	unsigned rank;
	int line, col;
	unsigned at;
	const struct bh_finding *f;
};

static inline int cmp_key(const struct sort_key *a, const struct sort_key *b)
{
	if (a->rank != b->rank)
		return a->rank < b->rank ? -1 : 1;
	if (a->line != b->line)
		return a->line < b->line ? -1 : 1;
	if (a->col != b->col)
		return a->col < b->col ? -1 : 1;
	int c = strcmp(a->f->rule->id, b->f->rule->id);
	if (c)
		return c;
	c = strcmp(a->f->message ? a->f->message : "",
		   b->f->message ? b->f->message : "");
	if (c)
		return c;
	return a->at < b->at ? -1 : a->at > b->at;
}

/* Merge sort of a[0..n) (tmp: room for n / 2); runs already in order
 * (the findings of one rule come by line) are left as they are. */
static void sort_keys(struct sort_key *a, struct sort_key *tmp, size_t n)
{
	if (n <= 12) {
		for (size_t i = 1; i < n; i++) {
			struct sort_key x = a[i];
			size_t j = i;
			for (; j > 0 && cmp_key(&a[j - 1], &x) > 0; j--)
				a[j] = a[j - 1];
			a[j] = x;
		}
		return;
	}
	size_t m = n / 2;
	sort_keys(a, tmp, m);
	sort_keys(a + m, tmp, n - m);
	if (cmp_key(&a[m - 1], &a[m]) <= 0)
		return;
	/* the left half moves aside; the merge fills a from the front,
	 * never past the right half's next (o <= j) */
	memcpy(tmp, a, m * sizeof(*a));
	size_t i = 0, j = m, o = 0;
	while (i < m && j < n)
		a[o++] = cmp_key(&a[j], &tmp[i]) < 0 ? a[j++] : tmp[i++];
	while (i < m)
		a[o++] = tmp[i++];
	/* a[j..n) is in place already */
}

static const char *file_or_empty(const struct bh_finding *f)
{
	return f->file ? f->file : "";
}

struct head {
	const char *file;
	size_t run;
};

static int cmp_head(const void *pa, const void *pb)
{
	const struct head *a = pa, *b = pb;
	return strcmp(a->file, b->file);
}

/* Sorts by rank keys; false (nothing changed) when memory is short or
 * the list too long for the keys. */
static bool sort_ranked(struct bh_findings *list)
{
	size_t n = list->n;
	if (n > (size_t)0xffffffffu)
		return false;
	struct sort_key *k = malloc(n * sizeof(*k));
	struct sort_key *tmp = malloc((n / 2 + 1) * sizeof(*tmp));
	struct head *heads = malloc(n * sizeof(*heads));
	size_t *rank = malloc(n * sizeof(*rank));
	if (!k || !tmp || !heads || !rank) {
		free(k);
		free(tmp);
		free(heads);
		free(rank);
		return false;
	}
	/* the findings of one file come together: a run of one path is
	 * ranked once; equal paths of two runs get one rank */
	size_t nh = 0;
	for (size_t i = 0; i < n; i++) {
		const char *file = file_or_empty(&list->v[i]);
		if (!i || (file != heads[nh - 1].file &&
			   strcmp(file, heads[nh - 1].file))) {
			heads[nh] = (struct head){ file, nh };
			nh++;
		}
		k[i] = (struct sort_key){ (unsigned)(nh - 1),
					  list->v[i].span.line,
					  list->v[i].span.col, (unsigned)i,
					  &list->v[i] };
	}
	qsort(heads, nh, sizeof(*heads), cmp_head);
	for (size_t h = 0, r = 0; h < nh; h++) {
		if (h && strcmp(heads[h].file, heads[h - 1].file))
			r++;
		rank[heads[h].run] = r;
	}
	for (size_t i = 0; i < n; i++)
		k[i].rank = (unsigned)rank[k[i].rank];
	sort_keys(k, tmp, n);
	/* the findings move in place, cycle by cycle of the permutation (a
	 * new array would be fresh memory the size of the list): k[i].at is
	 * the place the finding at i comes from, set to i once it came */
	struct bh_finding *v = list->v;
	for (size_t i = 0; i < n; i++) {
		if (k[i].at == i)
			continue;
		struct bh_finding t = v[i];
		size_t j = i;
		for (;;) {
			size_t from = k[j].at;
			k[j].at = (unsigned)j;
			if (from == i) {
				v[j] = t;
				break;
			}
			v[j] = v[from];
			j = from;
		}
	}
	free(k);
	free(tmp);
	free(heads);
	free(rank);
	return true;
}

void bh_findings_sort(struct bh_findings *list)
{
	if (list->n > 1 && !sort_ranked(list))
		qsort(list->v, list->n, sizeof(list->v[0]), cmp_finding);
}

void bh_findings_fit(struct bh_findings *list)
{
	if (list->cap <= list->n)
		return;
	if (!list->n) {
		free(list->v);
		list->v = NULL;
		list->cap = 0;
		return;
	}
	struct bh_finding *v = realloc(list->v, list->n * sizeof(*v));
	if (v) {
		list->v = v;
		list->cap = list->n;
	}
}

void bh_findings_free(struct bh_findings *list)
{
	for (size_t i = 0; i < list->n; i++)
		finding_free(&list->v[i]);
	free(list->v);
	for (size_t i = 0; i < list->nhides; i++)
		hide_free(&list->hides[i]);
	free(list->hides);
	for (size_t i = 0; i < list->nlines; i++)
		free(list->lines[i]);
	free(list->lines);
	for (size_t i = 0; i < list->nfiles; i++)
		free(list->files[i]);
	free(list->files);
	bh_edits_free(&list->edits);
	memset(list, 0, sizeof(*list));
}
