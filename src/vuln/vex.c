/* SPDX-License-Identifier: Apache-2.0
 *
 * vex.c - OpenVEX loading and matching (see vex.h).  The jansson tree is
 * kept: it is validated once at load, then walked read-only per query.
 * Tests: tests/unit/vuln/test_vex.c, fuzz/fuzz_vex.c.
 */
#include "vex.h"

#include <ctype.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "osv.h"

struct vuln_vex {
	json_t *doc;
	json_t *statements; /* borrowed from doc */
};

/* ---- purl ---------------------------------------------------------- */

#define PURL_MAX_QUAL 32

struct purl {
	char *buf; /* owns every string below */
	const char *type, *ns, *name, *version; /* ns "" when none; version NULL */
	const char *qk[PURL_MAX_QUAL], *qv[PURL_MAX_QUAL];
	int nq;
};

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = tolower(c);
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* Percent-decodes [s, s+n) to dst (NUL-terminated); returns the end. */
static char *decode(char *dst, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '%' && i + 2 < n &&
		    hexval((unsigned char)s[i + 1]) >= 0 &&
		    hexval((unsigned char)s[i + 2]) >= 0) {
			*dst++ = (char)(hexval((unsigned char)s[i + 1]) * 16 +
					hexval((unsigned char)s[i + 2]));
			i += 2;
		} else {
			*dst++ = s[i];
		}
	}
	*dst++ = 0;
	return dst;
}

static void purl_free(struct purl *p)
{
	free(p->buf);
	p->buf = NULL;
}

/* false when s is not a purl (pkg:TYPE/NAME at least). */
static bool purl_parse(const char *s, struct purl *p)
{
	memset(p, 0, sizeof *p);
	if (!s || strncasecmp(s, "pkg:", 4) != 0)
		return false;
	s += 4;
	while (*s == '/')
		s++;
	size_t len = strlen(s);
	const char *hash = memchr(s, '#', len);
	if (hash)
		len = (size_t)(hash - s);
	const char *q = memchr(s, '?', len);
	size_t plen = q ? (size_t)(q - s) : len;
	while (plen && s[plen - 1] == '/')
		plen--;
	const char *slash = memchr(s, '/', plen);
	if (!slash || slash == s)
		return false;
	/* version: after the last '@' of the path */
	const char *at = NULL;
	for (const char *c = slash; c < s + plen; c++)
		if (*c == '@')
			at = c;
	const char *pend = at ? at : s + plen;
	const char *last = slash;
	for (const char *c = slash; c < pend; c++)
		if (*c == '/')
			last = c;
	if (last + 1 >= pend)
		return false; /* no name */
	p->buf = malloc(2 * (len + 8));
	if (!p->buf)
		return false;
	char *w = p->buf;
	p->type = w;
	for (const char *c = s; c < slash; c++)
		*w++ = (char)tolower((unsigned char)*c);
	*w++ = 0;
	p->ns = w;
	w = decode(w, slash + 1, last > slash ? (size_t)(last - slash - 1) : 0);
	p->name = w;
	w = decode(w, last + 1, (size_t)(pend - last - 1));
	/* the purl specification's per-type normal forms: pypi names are
	 * lower case with '_' as '-'; github and bitbucket namespaces and
	 * names are not case sensitive */
	if (!strcmp(p->type, "pypi") || !strcmp(p->type, "github") ||
	    !strcmp(p->type, "bitbucket")) {
		for (char *c = (char *)p->ns; c < w; c++) {
			*c = (char)tolower((unsigned char)*c);
			if (*c == '_' && !strcmp(p->type, "pypi"))
				*c = '-';
		}
	}
	if (at) {
		p->version = w;
		w = decode(w, at + 1, (size_t)(s + plen - at - 1));
	}
	if (q) {
		const char *qs = q + 1, *qe = s + len;
		while (qs < qe) {
			const char *amp = memchr(qs, '&', (size_t)(qe - qs));
			const char *end = amp ? amp : qe;
			const char *eq = memchr(qs, '=', (size_t)(end - qs));
			if (eq && eq > qs) {
				if (p->nq == PURL_MAX_QUAL) {
					purl_free(p);
					return false;
				}
				p->qk[p->nq] = w;
				for (const char *c = qs; c < eq; c++)
					*w++ = (char)tolower((unsigned char)*c);
				*w++ = 0;
				p->qv[p->nq] = w;
				w = decode(w, eq + 1, (size_t)(end - eq - 1));
				p->nq++;
			}
			qs = end + 1;
		}
	}
	return true;
}

bool vuln_purl_matches(const char *vex, const char *pkg)
{
	struct purl a, b;
	if (!purl_parse(vex, &a))
		return false;
	if (!purl_parse(pkg, &b)) {
		purl_free(&a);
		return false;
	}
	bool ok = strcmp(a.type, b.type) == 0 && strcmp(a.ns, b.ns) == 0 &&
		  strcmp(a.name, b.name) == 0 &&
		  (!a.version || (b.version && strcmp(a.version, b.version) == 0));
	for (int i = 0; ok && i < a.nq; i++) {
		bool found = false;
		for (int j = 0; j < b.nq && !found; j++)
			found = strcmp(a.qk[i], b.qk[j]) == 0 &&
				strcmp(a.qv[i], b.qv[j]) == 0;
		ok = found;
	}
	purl_free(&a);
	purl_free(&b);
	return ok;
}

/* ---- loading ------------------------------------------------------- */

static const char *const status_names[] = {
	"none", "not_affected", "affected", "fixed", "under_investigation",
};

static const char *const justifications[] = {
	"component_not_present",
	"vulnerable_code_not_present",
	"vulnerable_code_not_in_execute_path",
	"vulnerable_code_cannot_be_controlled_by_adversary",
	"inline_mitigations_already_exist",
};

static enum vuln_vex_status status_of(const char *s)
{
	for (int i = 1; i < 5; i++)
		if (s && strcmp(s, status_names[i]) == 0)
			return (enum vuln_vex_status)i;
	return VULN_VEX_NONE;
}

/* A component's identifier: a string, or @id / identifiers.purl. */
static bool component_ok(json_t *c)
{
	if (json_is_string(c))
		return true;
	if (!json_is_object(c))
		return false;
	json_t *id = json_object_get(c, "@id");
	json_t *ids = json_object_get(c, "identifiers");
	if (id && !json_is_string(id))
		return false;
	if (ids && !json_is_object(ids))
		return false;
	json_t *purl = ids ? json_object_get(ids, "purl") : NULL;
	if (purl && !json_is_string(purl))
		return false;
	return true;
}

/* The sort key of a timestamp (osv_time_key(): by instant, whatever the
 * offset), "" when there is none. */
static bool time_key(json_t *t, char key[OSV_TIME_KEY])
{
	key[0] = 0;
	return !t || (json_is_string(t) &&
		      osv_time_key(json_string_value(t), key, OSV_TIME_KEY) ==
			      BH_OK);
}

/* An absent timestamp, or an RFC 3339 string (go-vex refuses a document
 * holding any other: the order of statements depends on it). */
static bool time_ok(json_t *t)
{
	char key[OSV_TIME_KEY];
	return time_key(t, key);
}

static int check_statement(json_t *st, size_t i, size_t *items,
			   struct diag *d)
{
#define BAD(...) diag_error(d, BH_EPARSE, 0, 0, __VA_ARGS__)
	if (!json_is_object(st))
		return BAD("statements[%zu]: not an object", i);
	json_t *v = json_object_get(st, "vulnerability");
	if (json_is_object(v)) {
		if (!json_is_string(json_object_get(v, "name")) ||
		    !json_string_length(json_object_get(v, "name")))
			return BAD("statements[%zu].vulnerability: no name", i);
		json_t *al = json_object_get(v, "aliases");
		if (al) {
			if (!json_is_array(al))
				return BAD("statements[%zu].vulnerability."
					   "aliases: not an array", i);
			size_t k;
			json_t *a;
			json_array_foreach(al, k, a) {
				if (!json_is_string(a))
					return BAD("statements[%zu].vulnerability"
						   ".aliases[%zu]: not a string",
						   i, k);
			}
			*items += json_array_size(al);
		}
	} else if (!json_is_string(v) || !json_string_length(v)) {
		return BAD("statements[%zu]: vulnerability missing", i);
	}
	json_t *s = json_object_get(st, "status");
	if (!json_is_string(s))
		return BAD("statements[%zu]: status missing", i);
	enum vuln_vex_status status = status_of(json_string_value(s));
	if (status == VULN_VEX_NONE)
		return BAD("statements[%zu].status: '%.40s' is not a VEX status",
			   i, json_string_value(s));
	json_t *j = json_object_get(st, "justification");
	json_t *imp = json_object_get(st, "impact_statement");
	if (j) {
		bool known = false;
		for (size_t k = 0; k < 5; k++)
			known |= json_is_string(j) &&
				 strcmp(json_string_value(j), justifications[k]) == 0;
		if (!known)
			return BAD("statements[%zu].justification: not a VEX "
				   "justification label", i);
	}
	if (imp && !json_is_string(imp))
		return BAD("statements[%zu].impact_statement: not a string", i);
	if (!time_ok(json_object_get(st, "timestamp")))
		return BAD("statements[%zu].timestamp: not an RFC 3339 time", i);
	/* an empty or blank impact_statement says nothing: no more a
	 * reason than none (as the ignore file's blank reason) */
	bool said = false;
	for (const char *c = imp ? json_string_value(imp) : ""; *c && !said;
	     c++)
		said = !isspace((unsigned char)*c);
	if (status == VULN_VEX_NOT_AFFECTED && !j && !said)
		return BAD("statements[%zu]: not_affected needs a justification "
			   "or an impact_statement", i);
	json_t *prods = json_object_get(st, "products");
	if (prods) {
		if (!json_is_array(prods))
			return BAD("statements[%zu].products: not an array", i);
		size_t k;
		json_t *p;
		json_array_foreach(prods, k, p) {
			if (!component_ok(p))
				return BAD("statements[%zu].products[%zu]: not a "
					   "product", i, k);
			json_t *sub = json_is_object(p) ?
				json_object_get(p, "subcomponents") : NULL;
			if (sub && !json_is_array(sub))
				return BAD("statements[%zu].products[%zu]."
					   "subcomponents: not an array", i, k);
			size_t m;
			json_t *c;
			json_array_foreach(sub, m, c) {
				if (!component_ok(c))
					return BAD("statements[%zu].products[%zu]."
						   "subcomponents[%zu]: not a "
						   "component", i, k, m);
			}
			*items += 1 + json_array_size(sub);
		}
	}
	return BH_OK;
#undef BAD
}

int vuln_vex_load(const char *buf, size_t len, struct vuln_vex **out,
		  struct diag *d)
{
	*out = NULL;
	if (len > VULN_VEX_MAX_BYTES)
		return diag_error(d, BH_ELIMIT, 0, 0,
				  "VEX document over %zu bytes",
				  VULN_VEX_MAX_BYTES);
	json_error_t err;
	json_t *doc = json_loadb(buf, len, JSON_REJECT_DUPLICATES, &err);
	if (!doc)
		return diag_error(d, BH_EPARSE, err.line > 0 ? err.line : 0,
				  err.column > 0 ? err.column : 0,
				  "not valid JSON: %s", err.text);
	int rc = BH_OK;
	json_t *sts = json_object_get(doc, "statements");
	if (!json_is_object(doc)) {
		rc = diag_error(d, BH_EPARSE, 0, 0,
				"not an OpenVEX document: not a JSON object");
	} else if (!json_is_array(sts)) {
		rc = diag_error(d, BH_EPARSE, 0, 0,
				"not an OpenVEX document: no statements array");
	} else if (!time_ok(json_object_get(doc, "timestamp"))) {
		rc = diag_error(d, BH_EPARSE, 0, 0,
				"timestamp: not an RFC 3339 time");
	} else {
		size_t items = json_array_size(sts);
		size_t i;
		json_t *st;
		json_array_foreach(sts, i, st) {
			rc = check_statement(st, i, &items, d);
			if (rc != BH_OK)
				break;
			if (items > VULN_VEX_MAX_ITEMS) {
				rc = diag_error(d, BH_ELIMIT, 0, 0,
						"VEX document over %d "
						"statements, products and "
						"aliases", VULN_VEX_MAX_ITEMS);
				break;
			}
		}
	}
	if (rc != BH_OK) {
		json_decref(doc);
		return rc;
	}
	struct vuln_vex *v = calloc(1, sizeof *v);
	if (!v) {
		json_decref(doc);
		return diag_error(d, BH_ENOMEM, 0, 0, "out of memory");
	}
	v->doc = doc;
	v->statements = sts;
	*out = v;
	return BH_OK;
}

void vuln_vex_free(struct vuln_vex *vex)
{
	if (!vex)
		return;
	json_decref(vex->doc);
	free(vex);
}

size_t vuln_vex_count(const struct vuln_vex *vex)
{
	return vex ? json_array_size(vex->statements) : 0;
}

/* ---- matching ------------------------------------------------------ */

static bool id_in(const char *s, const char *id, const char *const *al,
		  size_t n)
{
	if (!s)
		return false;
	if (id && strcmp(s, id) == 0)
		return true;
	for (size_t i = 0; i < n; i++)
		if (al[i] && strcmp(s, al[i]) == 0)
			return true;
	return false;
}

static bool vuln_matches(json_t *v, const char *id, const char *const *al,
			 size_t n)
{
	if (json_is_string(v))
		return id_in(json_string_value(v), id, al, n);
	if (id_in(json_string_value(json_object_get(v, "name")), id, al, n))
		return true;
	size_t k;
	json_t *a;
	json_array_foreach(json_object_get(v, "aliases"), k, a) {
		if (id_in(json_string_value(a), id, al, n))
			return true;
	}
	return false;
}

/* Does component c (string or object) name the package purl? */
static bool component_is(json_t *c, const char *purl)
{
	if (!purl)
		return false;
	if (json_is_string(c))
		return vuln_purl_matches(json_string_value(c), purl);
	const char *id = json_string_value(json_object_get(c, "@id"));
	const char *p = json_string_value(
		json_object_get(json_object_get(c, "identifiers"), "purl"));
	return (id && vuln_purl_matches(id, purl)) ||
	       (p && vuln_purl_matches(p, purl));
}

static bool component_is_image(json_t *c, const char *image)
{
	if (!image)
		return false;
	const char *id = json_is_string(c) ? json_string_value(c) :
		json_string_value(json_object_get(c, "@id"));
	if (id && strcmp(id, image) == 0)
		return true;
	return component_is(c, image);
}

static bool product_matches(json_t *p, const char *purl, const char *image)
{
	if (component_is(p, purl))
		return true;
	if (!component_is_image(p, image))
		return false;
	json_t *sub = json_is_object(p) ? json_object_get(p, "subcomponents") :
		NULL;
	if (json_array_size(sub) == 0)
		return true;
	size_t k;
	json_t *c;
	json_array_foreach(sub, k, c) {
		if (component_is(c, purl))
			return true;
	}
	return false;
}

enum vuln_vex_status vuln_vex_decides(const struct vuln_vex *vex,
				      const char *vuln_id,
				      const char *const *aliases,
				      size_t n_aliases, const char *pkg_purl,
				      const char *image_ref,
				      const char **justification)
{
	enum vuln_vex_status res = VULN_VEX_NONE;
	if (justification)
		*justification = NULL;
	if (!vex)
		return res;
	/* the latest statement decides: by its timestamp, else the
	 * document's, none before any; equal times by document order */
	char doc_key[OSV_TIME_KEY], best[OSV_TIME_KEY] = "", key[OSV_TIME_KEY];
	time_key(json_object_get(vex->doc, "timestamp"), doc_key);
	size_t i;
	json_t *st;
	json_array_foreach(vex->statements, i, st) {
		if (!vuln_matches(json_object_get(st, "vulnerability"), vuln_id,
				  aliases, n_aliases))
			continue;
		bool hit = false;
		size_t k;
		json_t *p;
		json_array_foreach(json_object_get(st, "products"), k, p) {
			if ((hit = product_matches(p, pkg_purl, image_ref)))
				break;
		}
		if (!hit)
			continue;
		time_key(json_object_get(st, "timestamp"), key);
		if (!key[0])
			memcpy(key, doc_key, sizeof(key));
		if (strcmp(key, best) < 0)
			continue;
		memcpy(best, key, sizeof(best));
		res = status_of(json_string_value(json_object_get(st, "status")));
		if (justification) {
			const char *j = json_string_value(
				json_object_get(st, "justification"));
			if (!j)
				j = json_string_value(
					json_object_get(st, "impact_statement"));
			*justification = j;
		}
	}
	return res;
}

bool vuln_vex_suppresses(enum vuln_vex_status s)
{
	return s == VULN_VEX_NOT_AFFECTED || s == VULN_VEX_FIXED;
}

const char *vuln_vex_status_name(enum vuln_vex_status s)
{
	return (unsigned)s < 5 ? status_names[s] : "none";
}
