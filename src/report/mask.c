/* SPDX-License-Identifier: Apache-2.0
 *
 * mask.c - the report step that hides secret values in every finding
 * (mask.h says what is hidden and why it does not depend on the rules).
 *
 * This file owns the index of the run's hides (sorted by file, then
 * line, with each file's longest multi-line hide, so the hides covering
 * one excerpt line are found without scanning the file's whole list; and
 * a 3-byte sieve of the literal values, so a text is searched only for
 * the values whose first and last bytes it holds; the values are found
 * by the hash of their first 3 bytes, looked up at each byte of a text,
 * never tested one by one: with a file of many hides, say 2000
 * containers of `docker inspect` holding a secret each, testing every
 * value against every finding's texts cost findings x values),
 * turning a hide's span into the byte range it covers on one excerpt
 * line, and rewriting each finding's texts through the masking primitive
 * of src/secrets/ (sec_mask_text).  It does not find secrets itself and
 * does not print.
 * Tests: tests/unit/report/test_mask.c, tests/suites/leaks.sh,
 * tests/suites/hostile_inputs.sh (one value in thousands of hides),
 * tests/suites/leaks_inspect.sh.
 */
#include "mask.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../secrets/secrets.h"
#include "../util/diag.h"
#include "../util/strbuf.h"

/* The hides of one file: idx[lo..hi) sorted by line; vals[vlo..vhi)
 * those of them with a literal value (searched in every text of the
 * file's findings: kept apart, so a file with many hides without one,
 * such as `bulkhead secrets` on a file of 100,000 matches, does not cost
 * hides x findings). */
struct file_range {
	const char *file;
	size_t lo, hi;
	size_t vlo, vhi;
	int max_lines;      /* largest end_line - line among them */
};

struct index {
	const struct bh_hide **idx;
	const struct bh_hide **vals;
	/* per value of vals: the 3-byte hashes (gram()) of its first and
	 * last SEC_MASK_FIND_MIN bytes (bits 16-31 and 0-15), with bit 32
	 * set when it is long enough to be searched */
	uint64_t *grams;
	uint64_t *bits;       /* extra_spans()'s sieve: 1 << 16 bits, kept
				 all clear between calls */
	/* the values of each file by the hash of their first 3 bytes:
	 * byfirst[] holds indexes of vals, grouped by (file, first gram);
	 * slots[] (open addressing, nslots a power of two) maps a group's
	 * key to its run in byfirst, so a text looks up the values that can
	 * start at each of its bytes instead of testing every value of the
	 * file (findings x values) */
	size_t *byfirst;
	struct gslot { uint64_t key; size_t at, n; } *slots;
	size_t nslots;
	uint32_t *stamp;      /* per value: the text that last tried it */
	uint32_t *tick;       /* the text being masked (one counter) */
	size_t nvals;
	size_t *vlen;         /* per value: strlen(value) */
	struct file_range *files;
	size_t nfiles;
};

static const char *file_of(const char *f)
{
	return f ? f : "";
}

static int by_file_line(const void *a, const void *b)
{
	const struct bh_hide *x = *(const struct bh_hide *const *)a;
	const struct bh_hide *y = *(const struct bh_hide *const *)b;
	int c = strcmp(file_of(x->file), file_of(y->file));
	if (c)
		return c;
	if (x->span.line != y->span.line)
		return x->span.line < y->span.line ? -1 : 1;
	return x < y ? -1 : x > y;
}

/* A 16-bit hash of the 3 bytes at p (SEC_MASK_FIND_MIN: no value shorter
 * is searched). */
static uint16_t gram(const unsigned char *p)
{
	return (uint16_t)(((uint32_t)p[0] * 0x9e37u + (uint32_t)p[1] * 0x85ebu +
			   (uint32_t)p[2] * 0xc2b3u) >> 3);
}

static uint64_t gkey(size_t file, unsigned g)
{
	return ((uint64_t)(file + 1) << 16) | g;
}

static size_t gslot_of(const struct index *ix, uint64_t key)
{
	uint64_t h = key * 0x9e3779b97f4a7c15ull;
	size_t i = (size_t)(h >> 20) & (ix->nslots - 1);
	while (ix->slots[i].key && ix->slots[i].key != key)
		i = (i + 1) & (ix->nslots - 1);
	return i;
}

struct gv { unsigned g; size_t i; const char *v; };

/* By first gram, then value (so copies of one value sit together), then
 * place. */
static int by_first(const void *a, const void *b)
{
	const struct gv *x = a, *y = b;
	if (x->g != y->g)
		return x->g < y->g ? -1 : 1;
	int c = strcmp(x->v, y->v);
	if (c)
		return c;
	return x->i < y->i ? -1 : x->i > y->i;
}

/* byfirst[] and slots[] over the values long enough to be searched
 * (the others are skipped by the sieve, as before); a value a file holds
 * several times (2000 replicas of one service in `docker inspect`, each
 * with the same DB_PASSWORD) is listed once: searching a text for each
 * copy cost texts x copies, quadratic in the containers. */
static int build_first(struct index *ix, size_t nv)
{
	ix->byfirst = malloc((nv ? nv : 1) * sizeof(*ix->byfirst));
	ix->stamp = calloc(nv ? nv : 1, sizeof(*ix->stamp));
	ix->nvals = nv;
	ix->vlen = malloc((nv ? nv : 1) * sizeof(*ix->vlen));
	if (!ix->vlen)
		return BH_ENOMEM;
	for (size_t i = 0; i < nv; i++)
		ix->vlen[i] = strlen(ix->vals[i]->value);
	ix->tick = calloc(1, sizeof(*ix->tick));
	ix->nslots = 16;
	while (ix->nslots < nv * 2 + 16)
		ix->nslots *= 2;
	ix->slots = calloc(ix->nslots, sizeof(*ix->slots));
	if (!ix->byfirst || !ix->stamp || !ix->tick || !ix->slots)
		return BH_ENOMEM;
	struct gv *tmp = malloc((nv ? nv : 1) * sizeof(*tmp));
	if (!tmp)
		return BH_ENOMEM;
	size_t m = 0, w = 0;
	for (size_t f = 0; f < ix->nfiles; f++) {
		struct file_range *r = &ix->files[f];
		size_t from = m;
		for (size_t i = r->vlo; i < r->vhi; i++)
			if (ix->grams[i] >> 32)
				tmp[m++] = (struct gv){
					(unsigned)(ix->grams[i] >> 16) & 0xffff, i,
					ix->vals[i]->value };
		qsort(tmp + from, m - from, sizeof(*tmp), by_first);
		for (size_t i = from; i < m;) {
			size_t j = i, at = w;
			for (; j < m && tmp[j].g == tmp[i].g; j++)
				if (j == i || strcmp(tmp[j].v, tmp[j - 1].v))
					ix->byfirst[w++] = tmp[j].i;
			uint64_t key = gkey(f, tmp[i].g);
			size_t k = gslot_of(ix, key);
			ix->slots[k] = (struct gslot){ key, at, w - at };
			i = j;
		}
	}
	free(tmp);
	return 0;
}

static int build_index(const struct bh_findings *fs, struct index *ix)
{
	*ix = (struct index){ 0 };
	if (!fs->nhides)
		return 0;
	ix->idx = malloc(fs->nhides * sizeof(*ix->idx));
	ix->vals = malloc(fs->nhides * sizeof(*ix->vals));
	ix->files = malloc(fs->nhides * sizeof(*ix->files));
	ix->grams = malloc(fs->nhides * sizeof(*ix->grams));
	ix->bits = calloc(1024, sizeof(*ix->bits));
	if (!ix->idx || !ix->vals || !ix->files || !ix->grams || !ix->bits)
		return BH_ENOMEM;
	for (size_t i = 0; i < fs->nhides; i++)
		ix->idx[i] = &fs->hides[i];
	qsort(ix->idx, fs->nhides, sizeof(*ix->idx), by_file_line);
	size_t nv = 0;
	for (size_t i = 0; i < fs->nhides; i++) {
		const struct bh_hide *h = ix->idx[i];
		struct file_range *r = ix->nfiles ? &ix->files[ix->nfiles - 1]
						  : NULL;
		if (!r || strcmp(r->file, file_of(h->file))) {
			r = &ix->files[ix->nfiles++];
			*r = (struct file_range){ file_of(h->file), i, i, nv, nv,
						  0 };
		}
		r->hi = i + 1;
		if (h->value) {
			size_t vn = strlen(h->value);
			const unsigned char *v = (const unsigned char *)h->value;
			ix->grams[nv] = vn >= SEC_MASK_FIND_MIN
				? (1ull << 32) | ((uint64_t)gram(v) << 16) |
				  gram(v + vn - SEC_MASK_FIND_MIN) : 0;
			ix->vals[nv++] = h;
			r->vhi = nv;
		}
		int lines = h->span.end_line > h->span.line
				    ? h->span.end_line - h->span.line : 0;
		if (lines > r->max_lines)
			r->max_lines = lines;
	}
	return build_first(ix, nv);
}

static void free_index(struct index *ix)
{
	free(ix->byfirst);
	free(ix->vlen);
	free(ix->slots);
	free(ix->stamp);
	free(ix->tick);
	free(ix->grams);
	free(ix->bits);
	free(ix->idx);
	free(ix->vals);
	free(ix->files);
}

static const struct file_range *range_of(const struct index *ix,
					 const char *file)
{
	size_t lo = 0, hi = ix->nfiles;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(ix->files[mid].file, file_of(file));
		if (!c)
			return &ix->files[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* The byte range hide "h" covers on line "line" of the excerpt s[0..n):
 * from its column on its first line (else from the first non-blank
 * byte), to its end column on its last line (else to the end). */
static bool hide_on_line(const struct bh_hide *h, int line, const char *s,
			 size_t n, size_t *b, size_t *e)
{
	const struct bh_span *sp = &h->span;
	int last = sp->end_line >= sp->line ? sp->end_line : sp->line;
	if (sp->line <= 0 || line < sp->line || line > last)
		return false;
	size_t from = 0, to = n;
	if (line == sp->line) {
		if (sp->col > 0)
			from = (size_t)sp->col - 1;
	} else {
		while (from < n && (s[from] == ' ' || s[from] == '\t'))
			from++;
	}
	if (line == last && sp->end_line >= sp->line && sp->end_col > 0 &&
	    (sp->end_line > sp->line || sp->end_col > sp->col))
		to = (size_t)sp->end_col - 1;
	if (to > n)
		to = n;
	if (from >= to)
		return false;
	*b = from;
	*e = to;
	return true;
}

/* The extra spans of one text of a finding in file range "r": the
 * literal values of the file's hides, and, for an excerpt of line
 * "line" (> 0), the hides that cover that line. */
static int extra_spans(const struct index *ix, const struct file_range *r,
		       const char *s, size_t n, int line,
		       struct sec_spans *out)
{
	if (!r)
		return 0;
	int rc = 0;
	/* a value is in the text only if its first and last three bytes
	 * are: with many values (a manifest with thousands of secrets), the
	 * text's 3-byte hashes first, so most values cost a bit test, not
	 * a search of the text */
	uint64_t *bits = ix->bits;
	bool sieve = r->vhi - r->vlo > 8 && n >= SEC_MASK_FIND_MIN;
	const unsigned char *u = (const unsigned char *)s;
	for (size_t i = 0; sieve && i + SEC_MASK_FIND_MIN <= n; i++) {
		uint16_t g = gram(u + i);
		bits[g >> 6] |= 1ull << (g & 63);
	}
	for (size_t i = r->vlo; !sieve && i < r->vhi && !rc; i++) {
		const struct bh_hide *h = ix->vals[i];
		rc = sec_mask_find_value(s, n, h->value, strlen(h->value), out);
	}
	/* with the sieve: the values that can start at each byte of the
	 * text (their first 3 bytes' hash), each tried once, when the text
	 * also holds their last 3 bytes */
	uint32_t t = sieve ? ++*ix->tick : 0;
	if (sieve && !t) {           /* wrapped: no stamp may match */
		memset(ix->stamp, 0, ix->nvals * sizeof(*ix->stamp));
		t = *ix->tick = 1;
	}
	size_t f = (size_t)(r - ix->files);
	for (size_t p = 0; sieve && p + SEC_MASK_FIND_MIN <= n && !rc; p++) {
		size_t k = gslot_of(ix, gkey(f, gram(u + p)));
		if (!ix->slots[k].key)
			continue;
		for (size_t j = ix->slots[k].at;
		     j < ix->slots[k].at + ix->slots[k].n && !rc; j++) {
			size_t i = ix->byfirst[j];
			if (ix->stamp[i] == t)
				continue;
			unsigned z = (unsigned)ix->grams[i] & 0xffff;
			if (!(bits[z >> 6] & (1ull << (z & 63))))
				continue;
			/* written here? (else maybe at a later byte) */
			const struct bh_hide *h = ix->vals[i];
			size_t vn = ix->vlen[i];
			if (vn > n - p || memcmp(u + p, h->value, vn))
				continue;
			ix->stamp[i] = t;
			rc = sec_mask_find_value(s, n, h->value, vn, out);
		}
	}
	if (sieve && n > 8192)   /* left all clear for the next text */
		memset(bits, 0, 1024 * sizeof(*bits));
	else
		for (size_t i = 0; sieve && i + SEC_MASK_FIND_MIN <= n; i++)
			bits[gram(u + i) >> 6] = 0;
	if (rc || line <= 0)
		return rc;
	/* hides starting at or before "line", back as far as the longest
	 * multi-line hide reaches */
	size_t lo = r->lo, hi = r->hi;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (ix->idx[mid]->span.line <= line)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (size_t i = lo; i-- > r->lo && !rc;) {
		const struct bh_hide *h = ix->idx[i];
		if (h->span.line < line - r->max_lines)
			break;
		size_t b, e;
		/* past its first line a hide keeps no prefix: that would
		 * show a piece of the middle of the value */
		if (hide_on_line(h, line, s, n, &b, &e))
			rc = sec_spans_add(out, b, e - b,
					   line > h->span.line ? SEC_SPAN_WHOLE
							       : 0);
	}
	return rc;
}

/* The texts already found to hold nothing to hide: many findings share
 * a fix text or an excerpt line, and a text with no hide of its file in
 * it is masked the same wherever it appears.  Open addressing on the
 * text's hash; the keys are the findings' own (unchanged) strings. */
/* What one report's masking has seen, so each distinct text is masked
 * once however many findings repeat it (every finding on a one-line JSON
 * manifest carries the whole line as its excerpt: masking each copy cost
 * findings x values x line length).  An entry is a text with its style,
 * file and line (which decide its hides) and what it became: "masked"
 * NULL when nothing was hidden.
 * Keys of clean texts are borrowed from the findings (kept as they are);
 * a masked text's key is the original, owned here once its finding holds
 * the masked copy. */
struct seen_set {
	struct seen {
		const char *key;
		char *masked;             /* owned, or NULL: clean */
		bool owns_key;
		const struct file_range *r;
		int line;
		uint64_t hash;            /* 0: an empty slot */
	} *v;
	size_t cap, n;
};

static uint64_t text_hash(const char *s, size_t n, enum sec_mask_style st,
			  const struct file_range *r, int line)
{
	uint64_t h = 1469598103934665603ull ^ (uint64_t)st;
	h = (h ^ (uint64_t)(uintptr_t)r) * 1099511628211ull;
	h = (h ^ (uint64_t)(unsigned)line) * 1099511628211ull;
	/* 8 bytes a step (the texts are long: every finding's message and
	 * excerpt), each step's high bits folded down; only the table
	 * slot depends on it, seen_get() compares the texts */
	size_t i = 0;
	for (; i + 8 <= n; i += 8) {
		uint64_t w;
		memcpy(&w, s + i, 8);
		h = (h ^ w) * 0x9e3779b97f4a7c15ull;
		h ^= h >> 29;
	}
	for (; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 1099511628211ull;
	h ^= h >> 32;
	return h | 1;  /* 0 marks an empty slot */
}

static struct seen *seen_get(const struct seen_set *ss, const char *s,
			     uint64_t h, const struct file_range *r, int line)
{
	if (!ss->cap)
		return NULL;
	for (size_t i = h & (ss->cap - 1);; i = (i + 1) & (ss->cap - 1)) {
		struct seen *e = &ss->v[i];
		if (!e->hash)
			return NULL;
		if (e->hash == h && e->r == r && e->line == line &&
		    !strcmp(e->key, s))
			return e;
	}
}

/* Remembers an entry; false when it could not (nothing taken: the
 * caller keeps what it owns). */
static bool seen_add(struct seen_set *ss, struct seen e)
{
	if ((ss->n + 1) * 2 > ss->cap) {
		size_t cap = ss->cap ? ss->cap * 2 : 16;
		struct seen *v = calloc(cap, sizeof(*v));
		if (!v)
			return false;
		for (size_t i = 0; i < ss->cap; i++) {
			if (!ss->v[i].hash)
				continue;
			size_t j = ss->v[i].hash & (cap - 1);
			while (v[j].hash)
				j = (j + 1) & (cap - 1);
			v[j] = ss->v[i];
		}
		free(ss->v);
		ss->v = v;
		ss->cap = cap;
	}
	size_t i = e.hash & (ss->cap - 1);
	while (ss->v[i].hash)
		i = (i + 1) & (ss->cap - 1);
	ss->v[i] = e;
	ss->n++;
	return true;
}

static void seen_free(struct seen_set *ss)
{
	for (size_t i = 0; i < ss->cap; i++) {
		if (!ss->v[i].hash)
			continue;
		free(ss->v[i].masked);
		if (ss->v[i].owns_key)
			free((char *)ss->v[i].key);
	}
	free(ss->v);
}

/* Replaces *text by its masked copy. */
static int mask_one(const struct index *ix, const struct file_range *r,
		    struct seen_set *ss, char **text, int line,
		    enum sec_mask_style style)
{
	if (!*text || !**text)
		return 0;
	size_t n = strlen(*text);
	/* the hides of a text come from its file and line: with those in
	 * the key, an entry's verdict holds for every finding that repeats
	 * it, and the hides are looked up once; a file with no hides (no
	 * range) gives none on any line, so there the line is left out of
	 * the key (an excerpt repeated on other lines and files: masked
	 * once) */
	if (!r)
		line = 0;
	uint64_t h = text_hash(*text, n, style, r, line);
	struct seen *e = seen_get(ss, *text, h, r, line);
	if (e) {
		if (!e->masked)
			return 0;
		char *m = strdup(e->masked);
		if (!m)
			return BH_ENOMEM;
		free(*text);
		*text = m;
		return 0;
	}
	struct sec_spans extra = { 0 };
	struct strbuf sb = STRBUF_INIT;
	int rc = extra_spans(ix, r, *text, n, line, &extra);
	if (rc) {
		sec_spans_free(&extra);
		return rc;
	}
	if (!extra.n) {
		/* sec_mask_text() without extra spans, in its two steps: a
		 * text the engine finds nothing in (most) is not copied */
		rc = sec_mask_find(*text, n, &extra);
		if (!rc && !extra.n) {
			sec_spans_free(&extra);
			(void)seen_add(ss, (struct seen){ *text, NULL, false, r,
							  line, h });
			return 0;
		}
		if (!rc)
			rc = sec_mask_apply(*text, n, &extra, style, &sb);
	} else {
		rc = sec_mask_text(*text, n, extra.v, extra.n, style, &sb);
	}
	sec_spans_free(&extra);
	if (rc) {
		strbuf_free(&sb);
		return rc;
	}
	if (sb.len == n && !memcmp(sb.buf, *text, n)) {
		strbuf_free(&sb);  /* nothing hidden: keep it */
		(void)seen_add(ss, (struct seen){ *text, NULL, false, r, line,
						  h });
		return 0;
	}
	char *masked = strbuf_detach(&sb);
	if (!masked)
		return BH_ENOMEM;
	char *copy = strdup(masked);
	if (copy && seen_add(ss, (struct seen){ *text, copy, true, r, line,
						 h })) {
		*text = masked;    /* the original is the entry's key now */
		return 0;
	}
	free(copy);
	free(*text);
	*text = masked;
	return 0;
}

/* Masks the whole line "f->line" (held by the list, shared by the
 * findings on it) in place, as an excerpt of its line: the same length,
 * so every finding sharing it sees it masked.  "done" holds the lines
 * already masked by this call (each is masked once however many findings
 * share it); the caller sized it to hold every held line. */
static int mask_line(const struct index *ix, const struct file_range *r,
		     struct bh_finding *f, char **done, size_t cap)
{
	size_t slot = (size_t)(((uintptr_t)f->line >> 4) * 0x9e3779b97f4a7c15ull) &
		      (cap - 1);
	for (; done[slot]; slot = (slot + 1) & (cap - 1))
		if (done[slot] == f->line)
			return 0;
	done[slot] = f->line;
	size_t n = strlen(f->line);
	struct sec_spans extra = { 0 };
	struct strbuf sb = STRBUF_INIT;
	int rc = extra_spans(ix, r, f->line, n,
			     f->span.line > 0 ? f->span.line : 0, &extra);
	if (!rc)
		rc = sec_mask_text(f->line, n, extra.v, extra.n,
				   SEC_MASK_INLINE, &sb);
	sec_spans_free(&extra);
	if (!rc && sb.failed)
		rc = BH_ENOMEM;
	if (!rc) {
		if (sb.len == n)
			memcpy(f->line, sb.buf, n);
		else    /* never: inline masking keeps the length; if it
			 * did not, show nothing of the line */
			memset(f->line, '*', n);
	}
	strbuf_free(&sb);
	return rc;
}

int rpt_mask_findings(struct bh_findings *fs)
{
	if (!fs)
		return 0;
	struct index ix;
	struct seen_set ss = { 0 };
	int rc = build_index(fs, &ix);
	size_t cap = 16;
	while (cap < fs->nlines * 2)
		cap *= 2;
	char **done = fs->nlines ? calloc(cap, sizeof(*done)) : NULL;
	if (!rc && fs->nlines && !done)
		rc = BH_ENOMEM;
	for (size_t i = 0; i < fs->n && !rc; i++) {
		struct bh_finding *f = &fs->v[i];
		const struct file_range *r = range_of(&ix, f->file);
		if (f->line)
			rc = mask_line(&ix, r, f, done, cap);
		if (!rc)
			rc = mask_one(&ix, r, &ss, &f->snippet,
			      f->span.line > 0 ? f->span.line : 0,
			      SEC_MASK_INLINE);
		if (!rc)
			rc = mask_one(&ix, r, &ss, &f->message, 0,
				      SEC_MASK_SHORT);
		if (!rc)
			rc = mask_one(&ix, r, &ss, &f->fix, 0, SEC_MASK_SHORT);
		if (!rc)
			rc = mask_one(&ix, r, &ss, &f->created_by, 0,
				      SEC_MASK_SHORT);
	}
	free(done);
	seen_free(&ss);
	free_index(&ix);
	return rc;
}

/* Adds to "out" the parts of whole-text spans all[0..n) that fall on the
 * line text[b..e), as offsets into the line; past a span's first line
 * nothing of it is kept (SEC_SPAN_WHOLE). */
static int clip_spans(const struct sec_spans *all, size_t b, size_t e,
		      struct sec_spans *out)
{
	int rc = 0;
	for (size_t i = 0; i < all->n && !rc; i++) {
		size_t sb = all->v[i].off, se = sb + all->v[i].len;
		if (se <= b || sb >= e)
			continue;
		size_t from = sb > b ? sb : b, to = se < e ? se : e;
		rc = sec_spans_add(out, from - b, to - from,
				   all->v[i].flags |
				   (sb < b ? SEC_SPAN_WHOLE : 0));
	}
	return rc;
}

int rpt_mask_file(const struct bh_findings *fs, const char *file,
		  const char *text, size_t len, struct strbuf *out)
{
	struct index ix = { 0 };
	struct sec_spans whole = { 0 };
	struct bh_findings none = { 0 };
	int rc = build_index(fs ? fs : &none, &ix);
	/* what the engine finds across lines (a private key block) */
	if (!rc)
		rc = sec_mask_find(text, len, &whole);
	const struct file_range *r = rc ? NULL : range_of(&ix, file);
	size_t nvals = ix.nfiles ? ix.files[ix.nfiles - 1].vhi : 0;
	size_t at = 0;
	int line = 1;
	while (!rc && at < len) {
		const char *nl = memchr(text + at, '\n', len - at);
		size_t end = nl ? (size_t)(nl - text) : len, body = end;
		if (body > at && text[body - 1] == '\r')
			body--;
		const char *s = text + at;
		size_t n = body - at;
		struct sec_spans extra = { 0 };
		rc = extra_spans(&ix, r, s, n, line, &extra);
		/* a value another file's hide knows (a companion file) */
		for (size_t i = 0; i < nvals && !rc; i++)
			rc = sec_mask_find_value(s, n, ix.vals[i]->value,
						 strlen(ix.vals[i]->value),
						 &extra);
		if (!rc)
			rc = clip_spans(&whole, at, body, &extra);
		/* a line's indentation is never part of a value: a hide of a
		 * YAML block scalar covers whole lines, the text keeps its
		 * shape */
		size_t ind = 0;
		while (ind < n && (s[ind] == ' ' || s[ind] == '\t'))
			ind++;
		for (size_t i = 0; i < extra.n; i++)
			if (extra.v[i].off < ind) {
				size_t cut = ind - extra.v[i].off;
				extra.v[i].len = extra.v[i].len > cut
							 ? extra.v[i].len - cut : 0;
				extra.v[i].off = ind;
			}
		if (!rc)
			rc = sec_mask_text(s, n, extra.v, extra.n,
					   SEC_MASK_INLINE, out);
		sec_spans_free(&extra);
		strbuf_add(out, text + body, (nl ? end + 1 : end) - body);
		at = nl ? end + 1 : len;
		line++;
	}
	sec_spans_free(&whole);
	free_index(&ix);
	if (!rc && out->failed)
		rc = BH_ENOMEM;
	return rc;
}

int rpt_mask_message(const struct bh_findings *fs, const char *file,
		     const char *text, struct strbuf *out)
{
	struct index ix = { 0 };
	struct bh_findings none = { 0 };
	struct sec_spans extra = { 0 };
	size_t n = text ? strlen(text) : 0;
	int rc = build_index(fs ? fs : &none, &ix);
	if (!rc)
		rc = extra_spans(&ix, range_of(&ix, file), text ? text : "", n,
				 0, &extra);
	if (!rc)
		rc = sec_mask_text(text ? text : "", n, extra.v, extra.n,
				   SEC_MASK_SHORT, out);
	sec_spans_free(&extra);
	free_index(&ix);
	if (!rc && out->failed)
		rc = BH_ENOMEM;
	return rc;
}
