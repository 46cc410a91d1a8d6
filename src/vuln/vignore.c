/* SPDX-License-Identifier: Apache-2.0
 *
 * vignore.c - the vulnerability ignore file (see vignore.h): YAML through
 * src/parse/yml.h, Trivy's .trivyignore text read here.  Every string the
 * entries hold lives in the set's arena.
 * Tests: tests/unit/vuln/test_vignore.c, fuzz/fuzz_vignore.c.
 */
#include "vignore.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../parse/yml.h"
#include "../sbom/sbom.h"
#include "../util/text.h"
#include "vex.h"

void vuln_ignore_init(struct vuln_ignore *ig)
{
	memset(ig, 0, sizeof *ig);
	arena_init(&ig->arena, 0);
}

void vuln_ignore_free(struct vuln_ignore *ig)
{
	free(ig->entries);
	arena_free(&ig->arena);
	memset(ig, 0, sizeof *ig);
}

static struct vuln_ignore_entry *add(struct vuln_ignore *ig, struct diag *d,
				     int line)
{
	if (ig->n >= VULN_IGNORE_MAX_ENTRIES) {
		diag_error(d, BH_ELIMIT, line, 0, "more than %d ignore entries",
			   VULN_IGNORE_MAX_ENTRIES);
		return NULL;
	}
	if (ig->n == ig->cap) {
		size_t cap = ig->cap ? ig->cap * 2 : 16;
		void *p = realloc(ig->entries, cap * sizeof *ig->entries);
		if (!p) {
			diag_error(d, BH_ENOMEM, line, 0, "out of memory");
			return NULL;
		}
		ig->entries = p;
		ig->cap = cap;
	}
	struct vuln_ignore_entry *e = &ig->entries[ig->n++];
	memset(e, 0, sizeof *e);
	e->line = line;
	return e;
}

/* A non-empty scalar without NUL bytes, or NULL. */
static const char *text_of(const struct yml_node *n)
{
	if (!yml_is_scalar(n) || yml_is_null(n) || n->len == 0 ||
	    memchr(n->str, 0, n->len))
		return NULL;
	return n->str;
}

static int load_yaml(struct vuln_ignore *ig, const char *file,
		     const char *buf, size_t len, struct diag *d)
{
	struct yml_stream st;
	int rc = yml_parse(&ig->arena, buf, len, NULL, &st, d);
	if (rc != BH_OK)
		return rc;
	if (st.ndocs == 0 || !st.docs[0].root)
		return BH_OK; /* an empty file ignores nothing */
	if (st.ndocs > 1)
		return diag_error(d, BH_EPARSE, st.docs[1].line, 0,
				  "one YAML document expected");
	struct yml_node *root = st.docs[0].root;
	if (!yml_is_map(root))
		return diag_error(d, BH_EPARSE, root->line, root->col,
				  "expected a mapping with an 'ignore' list");
	struct yml_node *list = NULL;
	for (size_t i = 0; i < root->n; i++) {
		struct yml_pair *p = &root->pairs[i];
		if (yml_scalar_eq(p->key, "ignore") ||
		    yml_scalar_eq(p->key, "vulnerabilities")) {
			if (list)
				return diag_error(d, BH_EPARSE, p->key->line,
						  p->key->col, "both 'ignore' "
						  "and 'vulnerabilities'");
			list = p->value;
		} else if (!(yml_scalar_eq(p->key, "misconfigurations") ||
			     yml_scalar_eq(p->key, "secrets") ||
			     yml_scalar_eq(p->key, "licenses"))) {
			/* Trivy's other sections concern other scanners */
			return diag_error(d, BH_EPARSE, p->key->line,
					  p->key->col, "unknown key '%.60s' "
					  "(expected 'ignore')",
					  p->key->str ? p->key->str : "?");
		}
	}
	if (!list || yml_is_null(list))
		return BH_OK;
	if (!yml_is_seq(list))
		return diag_error(d, BH_EPARSE, list->line, list->col,
				  "'ignore' must be a list of entries");
	for (size_t i = 0; i < list->n; i++) {
		struct yml_node *m = list->items[i];
		if (!yml_is_map(m))
			return diag_error(d, BH_EPARSE, m->line, m->col,
					  "an ignore entry must be a mapping "
					  "(id, reason, expires, package)");
		struct vuln_ignore_entry *e = add(ig, d, m->line);
		if (!e)
			return d->code;
		e->file = file;
		size_t npk = 0;
		const char **pk = NULL;
		for (size_t k = 0; k < m->n; k++) {
			struct yml_pair *p = &m->pairs[k];
			struct yml_node *v = p->value;
			if (yml_scalar_eq(p->key, "id")) {
				if (!(e->id = text_of(v)))
					return diag_error(d, BH_EPARSE, v->line,
							  v->col, "id must be a "
							  "non-empty string");
			} else if (yml_scalar_eq(p->key, "reason") ||
				   yml_scalar_eq(p->key, "statement")) {
				e->reason = text_of(v);
				/* a reason of blanks is no reason */
				if (e->reason && !e->reason[strspn(e->reason,
								   " \t\r\n")])
					e->reason = NULL;
			} else if (yml_scalar_eq(p->key, "expires") ||
				   yml_scalar_eq(p->key, "expired_at")) {
				const char *s = text_of(v);
				if (!s || !txt_is_date(s, v->len))
					return diag_error(d, BH_EPARSE, v->line,
							  v->col, "'%s' wants a "
							  "date YYYY-MM-DD",
							  p->key->str);
				memcpy(e->expires, s, 11);
			} else if (yml_scalar_eq(p->key, "package") ||
				   yml_scalar_eq(p->key, "purls")) {
				size_t cnt = yml_is_seq(v) ? v->n : 1;
				const char **np = arena_array(&ig->arena,
							      npk + cnt,
							      sizeof *np);
				if (!np)
					return diag_error(d, BH_ENOMEM, v->line,
							  0, "out of memory");
				if (npk)
					memcpy(np, pk, npk * sizeof *np);
				pk = np;
				for (size_t j = 0; j < cnt; j++) {
					struct yml_node *x = yml_is_seq(v) ?
						v->items[j] : v;
					if (!(pk[npk++] = text_of(x)))
						return diag_error(
							d, BH_EPARSE, x->line,
							x->col, "'%s' must be "
							"a package name or "
							"purl", p->key->str);
				}
			} else if (yml_scalar_eq(p->key, "paths")) {
				/* Trivy's file paths: not a vulnerability
				 * notion bulkhead keeps; refuse rather than
				 * ignore more than the user meant */
				return diag_error(d, BH_EPARSE, p->key->line,
						  p->key->col, "'paths' is not "
						  "supported: use 'package'");
			} else {
				return diag_error(d, BH_EPARSE, p->key->line,
						  p->key->col, "unknown key "
						  "'%.60s' in an ignore entry",
						  p->key->str ? p->key->str : "?");
			}
		}
		e->packages = pk;
		e->n_packages = npk;
		if (!e->id)
			return diag_error(d, BH_EPARSE, m->line, m->col,
					  "ignore entry without an id");
		if (!e->reason)
			return diag_error(d, BH_EPARSE, m->line, m->col,
					  "ignore entry for %.80s has no reason "
					  "(say why it is accepted)", e->id);
	}
	return BH_OK;
}

/* Trivy's .trivyignore: "ID [exp:DATE]  # comment", "#" comment lines. */
static int load_text(struct vuln_ignore *ig, const char *file,
		     const char *buf, size_t len, struct diag *d)
{
	const char *end = buf + len, *p = buf;
	if (len >= 3 && !memcmp(buf, "\xEF\xBB\xBF", 3))
		p += 3;
	int line = 0;
	char *pending = NULL; /* comment lines just above */
	while (p < end) {
		line++;
		const char *e = memchr(p, '\n', (size_t)(end - p));
		if (!e)
			e = end;
		const char *l = p, *le = e;
		p = e + 1;
		if (memchr(l, 0, (size_t)(le - l)))
			return diag_error(d, BH_EPARSE, line, 0,
					  "NUL byte in the line");
		if (le > l && le[-1] == '\r')
			le--;
		while (l < le && (*l == ' ' || *l == '\t'))
			l++;
		const char *hash = memchr(l, '#', (size_t)(le - l));
		const char *ce = hash ? hash : le;
		while (ce > l && (ce[-1] == ' ' || ce[-1] == '\t'))
			ce--;
		const char *comment = NULL;
		size_t clen = 0;
		if (hash) {
			comment = hash + 1;
			while (comment < le && (*comment == ' ' || *comment == '\t'))
				comment++;
			clen = (size_t)(le - comment);
			while (clen && (comment[clen - 1] == ' ' ||
					comment[clen - 1] == '\t'))
				clen--;
		}
		if (ce == l) { /* comment-only or blank line */
			if (!hash) {
				pending = NULL;
			} else if (clen && (!pending || strlen(pending) < 512)) {
				/* joined, up to about 512 bytes */
				pending = pending ?
					arena_printf(&ig->arena, "%s %.*s",
						     pending, (int)clen, comment) :
					arena_strndup(&ig->arena, comment, clen);
				if (!pending)
					return diag_error(d, BH_ENOMEM, line, 0,
							  "out of memory");
			}
			continue;
		}
		/* fields */
		const char *f = l;
		struct vuln_ignore_entry *en = add(ig, d, line);
		if (!en)
			return d->code;
		en->file = file;
		bool first = true;
		while (f < ce) {
			const char *fe = f;
			while (fe < ce && *fe != ' ' && *fe != '\t')
				fe++;
			size_t n = (size_t)(fe - f);
			if (first) {
				en->id = arena_strndup(&ig->arena, f, n);
				first = false;
			} else if (n > 4 && !memcmp(f, "exp:", 4)) {
				if (!txt_is_date(f + 4, n - 4))
					return diag_error(d, BH_EPARSE, line,
							  (int)(f - l) + 1,
							  "exp: wants a date "
							  "YYYY-MM-DD");
				memcpy(en->expires, f + 4, 10);
				en->expires[10] = 0;
			} else {
				return diag_error(d, BH_EPARSE, line,
						  (int)(f - l) + 1, "unknown "
						  "field '%.*s' (expected "
						  "exp:YYYY-MM-DD)",
						  (int)(n > 40 ? 40 : n), f);
			}
			f = fe;
			while (f < ce && (*f == ' ' || *f == '\t'))
				f++;
		}
		if (!en->id)
			return diag_error(d, BH_ENOMEM, line, 0, "out of memory");
		en->reason = clen ? arena_strndup(&ig->arena, comment, clen) :
			pending;
		pending = NULL;
	}
	return BH_OK;
}

int vuln_ignore_load(struct vuln_ignore *ig, const char *name,
		     const char *buf, size_t len, struct diag *d)
{
	if (len > VULN_IGNORE_MAX_BYTES)
		return diag_error(d, BH_ELIMIT, 0, 0, "ignore file over %zu bytes",
				  VULN_IGNORE_MAX_BYTES);
	const char *file = arena_strdup(&ig->arena, name ? name : "");
	if (!file)
		return diag_error(d, BH_ENOMEM, 0, 0, "out of memory");
	if (name && txt_ends(name, "trivyignore"))
		return load_text(ig, file, buf, len, d);
	return load_yaml(ig, file, buf, len, d);
}

static bool names(const struct vuln_ignore_entry *e, const char *id,
		  const char *const *al, size_t n)
{
	if (id && strcmp(e->id, id) == 0)
		return true;
	for (size_t i = 0; i < n; i++)
		if (al[i] && strcmp(e->id, al[i]) == 0)
			return true;
	return false;
}

static bool covers(const struct vuln_ignore_entry *e, const char *pkg,
		   const char *purl)
{
	if (e->n_packages == 0)
		return true;
	for (size_t i = 0; i < e->n_packages; i++) {
		const char *p = e->packages[i];
		if (txt_starts(p, "pkg:") ? vuln_purl_matches(p, purl) :
		    (pkg && strcmp(p, pkg) == 0))
			return true;
		/* a Python name is one name however it is spelled (PEP 503:
		 * Django, django, python_dateutil = python-dateutil) */
		if (pkg && purl && txt_starts(purl, "pkg:pypi/") &&
		    !txt_starts(p, "pkg:") && strlen(p) < 512 &&
		    strlen(pkg) < 512) {
			char a[512], b[512];
			sbom_pep503(p, a, sizeof(a));
			sbom_pep503(pkg, b, sizeof(b));
			if (!strcmp(a, b))
				return true;
		}
	}
	return false;
}

enum vuln_ignore_result vuln_ignore_match(const struct vuln_ignore *ig,
					  const char *id,
					  const char *const *aliases,
					  size_t n_aliases,
					  const char *pkg_name,
					  const char *purl, const char *today,
					  const struct vuln_ignore_entry **entry)
{
	const struct vuln_ignore_entry *expired = NULL;
	if (entry)
		*entry = NULL;
	for (size_t i = 0; ig && i < ig->n; i++) {
		const struct vuln_ignore_entry *e = &ig->entries[i];
		if (!names(e, id, aliases, n_aliases) ||
		    !covers(e, pkg_name, purl))
			continue;
		if (e->expires[0] && today && strcmp(e->expires, today) <= 0) {
			if (!expired)
				expired = e;
			continue;
		}
		if (entry)
			*entry = e;
		return VULN_IGNORE_IGNORED;
	}
	if (expired) {
		if (entry)
			*entry = expired;
		return VULN_IGNORE_EXPIRED;
	}
	return VULN_IGNORE_NONE;
}

char *vuln_ignore_expired_line(const struct vuln_ignore_entry *e, char *buf,
			       size_t size)
{
	snprintf(buf, size, "%s:%d: ignore entry for %s expired on %s: "
		 "reported again", e->file ? e->file : "", e->line, e->id,
		 e->expires);
	return buf;
}
