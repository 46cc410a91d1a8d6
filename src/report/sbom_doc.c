/* SPDX-License-Identifier: Apache-2.0
 *
 * sbom_doc.c - what the CycloneDX and SPDX writers share (sbom_doc.h):
 * the SPDX license-expression check (syntax and the license list of
 * spdx_ids.c), SPDX idstrings, bom-refs, printing the document
 * (sbom_doc_dump: BH_ENOMEM and BH_EIO told apart), the document's time
 * (sbom_doc_time: SOURCE_DATE_EPOCH checked).
 * Tests: tests/unit/report/test_sbom_doc.c.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "rpt_util.h"
#include "sbom_doc.h"

static bool idchar(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	       (c >= '0' && c <= '9') || c == '.' || c == '-';
}

struct lex {
	const char *p;
	int depth;
};

/* The next token: its start in *t and length; 0 at the end. */
static size_t next_tok(struct lex *x, const char **t)
{
	while (*x->p == ' ')
		x->p++;
	*t = x->p;
	if (!*x->p)
		return 0;
	if (*x->p == '(' || *x->p == ')')
		return (size_t)(++x->p - *t);
	while (*x->p && *x->p != ' ' && *x->p != '(' && *x->p != ')')
		x->p++;
	return (size_t)(x->p - *t);
}

static bool tok_is(const char *t, size_t n, const char *w)
{
	return strlen(w) == n && !memcmp(t, w, n);
}

static bool is_op(const char *t, size_t n)
{
	return tok_is(t, n, "AND") || tok_is(t, n, "OR") || tok_is(t, n, "WITH");
}

/* Whether t[0..n) is one of the sorted ids. */
static bool listed(const char (*ids)[SBOM_SPDX_ID_SIZE], size_t nids,
		   const char *t, size_t n)
{
	size_t lo = 0, hi = nids;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strncmp(ids[mid], t, n);
		if (!c && ids[mid][n])
			c = 1;
		if (!c)
			return true;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return false;
}

/* idstring: 1*(ALPHA / DIGIT / "-" / ".") */
static bool idstring(const char *t, size_t n)
{
	if (!n)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!idchar(t[i]))
			return false;
	return true;
}

/* simple-expression: license-id ["+"] / [DocumentRef-X:]LicenseRef-Y */
static bool simple(const char *t, size_t n)
{
	if (is_op(t, n))
		return false;
	const char *colon = memchr(t, ':', n);
	if (colon) {
		size_t a = (size_t)(colon - t);
		if (a <= 12 || memcmp(t, "DocumentRef-", 12) || !idstring(t, a))
			return false;
		t = colon + 1;
		n -= a + 1;
		return n > 11 && !memcmp(t, "LicenseRef-", 11) && idstring(t, n);
	}
	if (n >= 11 && !memcmp(t, "LicenseRef-", 11))
		return n > 11 && idstring(t, n);
	if (n >= 12 && !memcmp(t, "DocumentRef-", 12))
		return false;   /* only before ":LicenseRef-" */
	if (n && t[n - 1] == '+')
		n--;
	return idstring(t, n) &&
	       listed(sbom_spdx_license_ids, sbom_spdx_nlicense_ids, t, n);
}

static bool expr(struct lex *x, const char **t, size_t *n);

/* unit := "(" expr ")" / simple [WITH exception-id]; on return *t, *n
 * hold the token after it */
static bool unit(struct lex *x, const char **t, size_t *n)
{
	if (tok_is(*t, *n, "(")) {
		if (++x->depth > 64)
			return false;
		*n = next_tok(x, t);
		if (!expr(x, t, n) || !tok_is(*t, *n, ")"))
			return false;
		x->depth--;
		*n = next_tok(x, t);
		return true;
	}
	if (!*n || !simple(*t, *n) || memchr(*t, '(', *n) || **t == ')')
		return false;
	*n = next_tok(x, t);
	if (tok_is(*t, *n, "WITH")) {
		*n = next_tok(x, t);
		if (!idstring(*t, *n) || is_op(*t, *n) ||
		    !listed(sbom_spdx_exception_ids, sbom_spdx_nexception_ids, *t, *n))
			return false;
		*n = next_tok(x, t);
	}
	return true;
}

/* expr := unit *((AND / OR) unit) */
static bool expr(struct lex *x, const char **t, size_t *n)
{
	if (!unit(x, t, n))
		return false;
	while (tok_is(*t, *n, "AND") || tok_is(*t, *n, "OR")) {
		*n = next_tok(x, t);
		if (!unit(x, t, n))
			return false;
	}
	return true;
}

bool sbom_license_is_expr(const char *s)
{
	if (!s)
		return false;
	struct lex x = { s, 0 };
	const char *t;
	size_t n = next_tok(&x, &t);
	return n && expr(&x, &t, &n) && n == 0;
}

char *sbom_license_expr(const char *s)
{
	if (!s)
		return NULL;
	if (sbom_license_is_expr(s))
		return strdup(s);
	char *e = strdup(s);
	if (!e)
		return NULL;
	/* every token spelt and/or/with in any case, as the operator */
	bool changed = false;
	struct lex x = { e, 0 };
	const char *t;
	size_t n;
	while ((n = next_tok(&x, &t))) {
		static const char *const ops[] = { "AND", "OR", "WITH" };
		for (int i = 0; i < 3; i++)
			if (n == strlen(ops[i]) && !strncasecmp(t, ops[i], n) &&
			    memcmp(t, ops[i], n)) {
				memcpy(e + (t - e), ops[i], n);
				changed = true;
			}
	}
	if (changed && sbom_license_is_expr(e))
		return e;
	free(e);
	return NULL;
}

void sbom_spdx_idstring(struct strbuf *sb, const char *s)
{
	if (!s || !*s) {
		strbuf_addc(sb, '-');
		return;
	}
	for (; *s; s++)
		strbuf_addc(sb, idchar(*s) ? *s : '-');
}

static int cmp_null(const char *a, const char *b)
{
	if (!a || !b)
		return (a != NULL) - (b != NULL);
	return strcmp(a, b);
}

/* Packages ordered by purl, path, layer (then list order). */
struct ref_ent {
	const struct sbom_pkg *p;
	size_t i;
};

static int cmp_ref(const void *x, const void *y)
{
	const struct ref_ent *ea = x, *eb = y;
	const struct sbom_pkg *a = ea->p, *b = eb->p;
	int c;
	if ((c = strcmp(a->purl, b->purl)) || (c = cmp_null(a->path, b->path)) ||
	    (c = cmp_null(a->layer, b->layer)))
		return c;
	return ea->i < eb->i ? -1 : 1;
}

/* A set of strings (open addressing; the strings are not owned). */
struct strset {
	const char **slot;
	size_t mask;
};

static size_t hash(const char *s)
{
	uint64_t h = 14695981039346656037u;   /* FNV-1a */
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211u;
	return (size_t)(h ^ (h >> 32));
}

/* Adds s: true, or false when it is there already. */
static bool set_add(struct strset *st, const char *s)
{
	for (size_t i = hash(s) & st->mask;; i = (i + 1) & st->mask) {
		if (!st->slot[i]) {
			st->slot[i] = s;
			return true;
		}
		if (!strcmp(st->slot[i], s))
			return false;
	}
}

/* A copy of s as the document will hold it (invalid UTF-8 bytes as
 * U+FFFD, rpt_json_str), so refs unique here stay unique there. */
static char *doc_dup(const char *s)
{
	json_t *j = rpt_json_str(s);
	char *d = j ? strdup(json_string_value(j)) : NULL;
	json_decref(j);
	return d;
}

void sbom_bom_refs_free(char **refs, size_t n)
{
	for (size_t i = 0; refs && i < n; i++)
		free(refs[i]);
	free(refs);
}

char **sbom_bom_refs(const struct sbom_list *l)
{
	size_t n = l->n, cap = 16;
	while (cap < 2 * n)
		cap *= 2;
	char **refs = calloc(n ? n : 1, sizeof(*refs));
	struct ref_ent *ord = malloc((n ? n : 1) * sizeof(*ord));
	/* per package: 1 = its purl repeats, 2 = its purl and path repeat */
	unsigned char *dup = calloc(n ? n : 1, 1);
	struct strset st = { calloc(cap, sizeof(*st.slot)), cap - 1 };
	struct strbuf sb = STRBUF_INIT;
	bool ok = refs && ord && dup && st.slot;
	for (size_t i = 0; ok && i < n; i++)
		ord[i] = (struct ref_ent){ &l->v[i], i };
	if (ok && n)
		qsort(ord, n, sizeof(*ord), cmp_ref);
	for (size_t a = 0, b; ok && a < n; a = b) {
		for (b = a + 1; b < n && !strcmp(ord[b].p->purl, ord[a].p->purl); b++)
			;
		for (size_t k = a; b - a > 1 && k < b; k++) {
			const char *path = ord[k].p->path;
			bool same_path = (k > a && !cmp_null(ord[k - 1].p->path, path)) ||
					 (k + 1 < b && !cmp_null(ord[k + 1].p->path, path));
			dup[ord[k].i] = same_path ? 2 : 1;
		}
	}
	size_t counter = 0;
	for (size_t i = 0; ok && i < n; i++) {
		const struct sbom_pkg *p = &l->v[i];
		strbuf_reset(&sb);
		strbuf_adds(&sb, p->purl);
		if (dup[i]) {
			strbuf_addc(&sb, '#');
			strbuf_adds(&sb, p->path ? p->path : "");
		}
		if (dup[i] == 2) {
			strbuf_addc(&sb, '#');
			strbuf_adds(&sb, p->layer ? p->layer : "");
		}
		size_t base = sb.len;
		ok = !sb.failed && (refs[i] = doc_dup(strbuf_str(&sb)));
		/* still taken: "#N" with N never used before in this document,
		 * so every string is hit at most once (linear overall) */
		while (ok && !set_add(&st, refs[i])) {
			free(refs[i]);
			refs[i] = NULL;
			sb.len = base;
			sb.buf[base] = 0;
			strbuf_printf(&sb, "#%zu", ++counter);
			ok = !sb.failed && (refs[i] = doc_dup(strbuf_str(&sb)));
		}
	}
	free(ord);
	free(dup);
	free(st.slot);
	strbuf_free(&sb);
	if (!ok) {
		sbom_bom_refs_free(refs, n);
		return NULL;
	}
	return refs;
}

struct dump_ctx {
	FILE *out;
	bool failed;   /* a write failed (not an allocation) */
	int err;
};

static int dump_cb(const char *buf, size_t size, void *data)
{
	struct dump_ctx *c = data;
	if (size && fwrite(buf, 1, size, c->out) != size) {
		c->failed = true;
		c->err = errno;
		return -1;
	}
	return 0;
}

int sbom_doc_dump(FILE *out, json_t *doc)
{
	if (!doc)
		return BH_ENOMEM;
	struct dump_ctx c = { out, false, 0 };
	int rc = json_dump_callback(doc, dump_cb, &c, JSON_INDENT(2));
	json_decref(doc);
	if (rc && !c.failed)
		return BH_ENOMEM;
	if (!rc && (fputc('\n', out) == EOF || fflush(out) == EOF || ferror(out)))
		c.failed = true, c.err = errno;
	if (c.failed) {
		errno = c.err;
		return BH_EIO;
	}
	return 0;
}

int sbom_doc_time(const char *sde, time_t now, char out[32])
{
	time_t t = now;
	if (sde && *sde) {
		long long v = 0;
		for (const char *p = sde; *p; p++) {
			if (*p < '0' || *p > '9')
				return BH_EUSAGE;
			v = v * 10 + (*p - '0');
			if (v > SBOM_DOC_MAX_EPOCH)
				return BH_EUSAGE;
		}
		if ((long long)(time_t)v != v)
			return BH_EUSAGE;   /* a 32-bit time_t */
		t = (time_t)v;
	}
	struct tm tm;
	char buf[32];
	if (!gmtime_r(&t, &tm) || !strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", &tm))
		return BH_EUSAGE;
	memcpy(out, buf, 32);
	return 0;
}
