/* SPDX-License-Identifier: Apache-2.0
 *
 * osv.c - the OSV record reader (osv.h): one JSON record (OSV schema
 * 1.0-1.7) into a struct osv_record, bounded (OSV_MAX_RECORD bytes,
 * nesting depth, item counts) and validated (required id and modified,
 * types of every field it keeps; jansson itself refuses invalid UTF-8
 * and \u0000).  Errors name the JSON line:column for syntax and the field
 * path ("affected[2].ranges[0].events[1]: ...") for the rest.  Also the
 * RFC 3339 instant key the database compares `modified` by, and the
 * ecosystem/name keys of the index.  Not here: the database (osvdb.c),
 * matching (match.c).
 * Tests: tests/unit/vuln/test_osv.c, fuzz/fuzz_osv.c.
 */
#include "osv.h"

#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../sbom/sbom.h"

#define OSV_MAX_DEPTH 64          /* nesting of arrays/objects */
#define OSV_MAX_ITEMS (1u << 20)  /* strings kept from one record */

struct ctx {
	struct diag *d;
	size_t items;
	char path[256];
};

static void rec_zero(struct osv_record *r)
{
	memset(r, 0, sizeof(*r));
}

static void sev_free(struct osv_severity *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(s[i].type);
		free(s[i].score);
	}
	free(s);
}

void osv_record_free(struct osv_record *r)
{
	if (!r)
		return;
	free(r->id);
	free(r->modified);
	free(r->published);
	free(r->withdrawn);
	free(r->summary);
	for (size_t i = 0; i < r->naliases; i++)
		free(r->aliases[i]);
	free(r->aliases);
	sev_free(r->sev, r->nsev);
	free(r->db_severity);
	for (size_t i = 0; i < r->naff; i++) {
		struct osv_affected *a = &r->aff[i];
		free(a->ecosystem);
		free(a->name);
		free(a->purl);
		for (size_t k = 0; k < a->nranges; k++) {
			for (size_t e = 0; e < a->ranges[k].nev; e++)
				free(a->ranges[k].ev[e].value);
			free(a->ranges[k].ev);
		}
		free(a->ranges);
		for (size_t k = 0; k < a->nversions; k++)
			free(a->versions[k]);
		free(a->versions);
		sev_free(a->sev, a->nsev);
		free(a->db_severity);
	}
	free(r->aff);
	rec_zero(r);
}

/* ---- bounds before jansson: nesting depth ---------------------------- */

static int depth_check(const char *buf, size_t len, struct diag *d)
{
	int depth = 0, line = 1, col = 0;
	bool str = false, esc = false;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)buf[i];
		if (c == '\n') {
			line++;
			col = 0;
		} else if ((c & 0xc0) != 0x80) {
			col++;
		}
		if (str) {
			if (esc)
				esc = false;
			else if (c == '\\')
				esc = true;
			else if (c == '"')
				str = false;
			continue;
		}
		if (c == '"') {
			str = true;
		} else if (c == '[' || c == '{') {
			if (++depth > OSV_MAX_DEPTH)
				return diag_error(d, BH_ELIMIT, line, col,
						  "nesting deeper than %d",
						  OSV_MAX_DEPTH);
		} else if (c == ']' || c == '}') {
			depth--;
		}
	}
	return 0;
}

/* ---- field helpers ---------------------------------------------------- */

/* ctx->path is the dotted path of the object being read ("" at the top). */
static int bad(struct ctx *c, const char *key, const char *what)
{
	if (!c->path[0])
		return diag_error(c->d, BH_EPARSE, 0, 0, "\"%s\" %s", key, what);
	return diag_error(c->d, BH_EPARSE, 0, 0, "%s: \"%s\" %s", c->path, key,
			  what);
}

static int count(struct ctx *c, size_t n)
{
	if (n > OSV_MAX_ITEMS || c->items > OSV_MAX_ITEMS - n)
		return diag_error(c->d, BH_ELIMIT, 0, 0,
				  "%s: more than %u strings in one record",
				  c->path[0] ? c->path : "record", OSV_MAX_ITEMS);
	c->items += n;
	return 0;
}

static int dup(struct ctx *c, const char *s, char **out)
{
	*out = strdup(s);
	return *out ? 0 : diag_error(c->d, BH_ENOMEM, 0, 0, "out of memory");
}

/* Optional string member: absent or null -> NULL. */
static int opt_str(struct ctx *c, json_t *o, const char *key, char **out)
{
	json_t *v = json_object_get(o, key);
	*out = NULL;
	if (!v || json_is_null(v))
		return 0;
	if (!json_is_string(v))
		return bad(c, key, "is not a string");
	return dup(c, json_string_value(v), out);
}

/* Optional array member: absent or null -> NULL. */
static int opt_arr(struct ctx *c, json_t *o, const char *key, json_t **out)
{
	json_t *v = json_object_get(o, key);
	*out = NULL;
	if (!v || json_is_null(v))
		return 0;
	if (!json_is_array(v))
		return bad(c, key, "is not an array");
	*out = v;
	return count(c, json_array_size(v));
}

/* Appends "[i]" or ".key[i]" to the path; returns the old length. */
static size_t push(struct ctx *c, const char *key, size_t i)
{
	size_t n = strlen(c->path);
	if (key)
		snprintf(c->path + n, sizeof(c->path) - n, "%s%s[%zu]",
			 n ? "." : "", key, i);
	return n;
}

static void pop(struct ctx *c, size_t n)
{
	c->path[n] = 0;
}

static int severities(struct ctx *c, json_t *o, struct osv_severity **out,
		      size_t *n)
{
	json_t *arr;
	int rc = opt_arr(c, o, "severity", &arr);
	if (rc || !arr || !json_array_size(arr))
		return rc;
	*out = calloc(json_array_size(arr), sizeof(**out));
	if (!*out)
		return diag_error(c->d, BH_ENOMEM, 0, 0, "out of memory");
	size_t i;
	json_t *s;
	json_array_foreach(arr, i, s) {
		size_t m = push(c, "severity", i);
		if (!json_is_object(s))
			return diag_error(c->d, BH_EPARSE, 0, 0,
					  "%s: not an object", c->path);
		struct osv_severity *v = &(*out)[(*n)++];
		if ((rc = opt_str(c, s, "type", &v->type)) ||
		    (rc = opt_str(c, s, "score", &v->score)))
			return rc;
		if (!v->type)
			return bad(c, "type", "is missing");
		if (!v->score)
			return bad(c, "score", "is missing");
		pop(c, m);
	}
	return 0;
}

/* A label from an object member that may hold anything (ecosystem_specific,
 * database_specific are free-form): only a string counts. */
static const char *label(json_t *o, const char *key)
{
	json_t *v = json_is_object(o) ? json_object_get(o, key) : NULL;
	return json_is_string(v) && json_string_length(v) ? json_string_value(v)
							    : NULL;
}

static int strings(struct ctx *c, json_t *arr, const char *key, char ***out,
		   size_t *n)
{
	if (!arr || !json_array_size(arr))
		return 0;
	*out = calloc(json_array_size(arr), sizeof(char *));
	if (!*out)
		return diag_error(c->d, BH_ENOMEM, 0, 0, "out of memory");
	size_t i;
	json_t *v;
	json_array_foreach(arr, i, v) {
		if (!json_is_string(v)) {
			size_t m = push(c, key, i);
			int rc = diag_error(c->d, BH_EPARSE, 0, 0,
					    "%s: not a string", c->path);
			pop(c, m);
			return rc;
		}
		int rc = dup(c, json_string_value(v), &(*out)[*n]);
		if (rc)
			return rc;
		(*n)++;
	}
	return 0;
}

static const char *const ev_names[] = {"introduced", "fixed", "last_affected",
				       "limit"};

static int events(struct ctx *c, json_t *rg, struct osv_range *r)
{
	json_t *arr;
	int rc = opt_arr(c, rg, "events", &arr);
	if (rc)
		return rc;
	if (!arr)
		return bad(c, "events", "is missing");
	if (!json_array_size(arr))
		return 0;
	r->ev = calloc(json_array_size(arr), sizeof(*r->ev));
	if (!r->ev)
		return diag_error(c->d, BH_ENOMEM, 0, 0, "out of memory");
	size_t i;
	json_t *e;
	json_array_foreach(arr, i, e) {
		size_t m = push(c, "events", i);
		if (!json_is_object(e))
			return diag_error(c->d, BH_EPARSE, 0, 0,
					  "%s: not an object", c->path);
		int found = -1;
		for (int k = 0; k < 4; k++) {
			json_t *v = json_object_get(e, ev_names[k]);
			if (!v)
				continue;
			if (!json_is_string(v))
				return bad(c, ev_names[k], "is not a string");
			if (found >= 0)
				return diag_error(c->d, BH_EPARSE, 0, 0,
						  "%s: both \"%s\" and \"%s\"",
						  c->path, ev_names[found],
						  ev_names[k]);
			found = k;
		}
		if (found < 0)
			return diag_error(c->d, BH_EPARSE, 0, 0,
					  "%s: no introduced, fixed, "
					  "last_affected or limit", c->path);
		struct osv_event *ev = &r->ev[r->nev];
		ev->kind = (enum osv_event_kind)found;
		if ((rc = dup(c, json_string_value(json_object_get(
					 e, ev_names[found])), &ev->value)))
			return rc;
		r->nev++;
		pop(c, m);
	}
	return 0;
}

static int ranges(struct ctx *c, json_t *a, struct osv_affected *af)
{
	json_t *arr;
	int rc = opt_arr(c, a, "ranges", &arr);
	if (rc || !arr || !json_array_size(arr))
		return rc;
	af->ranges = calloc(json_array_size(arr), sizeof(*af->ranges));
	if (!af->ranges)
		return diag_error(c->d, BH_ENOMEM, 0, 0, "out of memory");
	size_t i;
	json_t *rg;
	json_array_foreach(arr, i, rg) {
		size_t m = push(c, "ranges", i);
		if (!json_is_object(rg))
			return diag_error(c->d, BH_EPARSE, 0, 0,
					  "%s: not an object", c->path);
		struct osv_range *r = &af->ranges[af->nranges++];
		json_t *t = json_object_get(rg, "type");
		if (!t)
			return bad(c, "type", "is missing");
		if (!json_is_string(t))
			return bad(c, "type", "is not a string");
		const char *ts = json_string_value(t);
		r->type = !strcmp(ts, "ECOSYSTEM") ? OSV_RANGE_ECOSYSTEM
			: !strcmp(ts, "SEMVER")	   ? OSV_RANGE_SEMVER
			: !strcmp(ts, "GIT")	   ? OSV_RANGE_GIT
						   : OSV_RANGE_OTHER;
		if ((rc = events(c, rg, r)))
			return rc;
		pop(c, m);
	}
	return 0;
}

static int affected(struct ctx *c, json_t *a, struct osv_affected *af)
{
	int rc;
	if (!json_is_object(a))
		return diag_error(c->d, BH_EPARSE, 0, 0, "%s: not an object",
				  c->path);
	json_t *pkg = json_object_get(a, "package");
	if (pkg && !json_is_null(pkg)) {
		if (!json_is_object(pkg))
			return bad(c, "package", "is not an object");
		size_t n = strlen(c->path);
		snprintf(c->path + n, sizeof(c->path) - n, ".package");
		if ((rc = opt_str(c, pkg, "ecosystem", &af->ecosystem)) ||
		    (rc = opt_str(c, pkg, "name", &af->name)) ||
		    (rc = opt_str(c, pkg, "purl", &af->purl)))
			return rc;
		if (!af->ecosystem)
			return bad(c, "ecosystem", "is missing");
		if (!af->name)
			return bad(c, "name", "is missing");
		pop(c, n);
	}
	/* no package (GIT-only entries): empty names match nothing */
	if (!af->ecosystem && (rc = dup(c, "", &af->ecosystem)))
		return rc;
	if (!af->name && (rc = dup(c, "", &af->name)))
		return rc;
	if ((rc = ranges(c, a, af)))
		return rc;
	json_t *vs;
	if ((rc = opt_arr(c, a, "versions", &vs)) ||
	    (rc = strings(c, vs, "versions", &af->versions, &af->nversions)) ||
	    (rc = severities(c, a, &af->sev, &af->nsev)))
		return rc;
	json_t *es = json_object_get(a, "ecosystem_specific");
	json_t *ds = json_object_get(a, "database_specific");
	const char *l = label(es, "severity");
	if (!l)
		l = label(es, "urgency");
	if (!l)
		l = label(ds, "severity");
	if (l && (rc = dup(c, l, &af->db_severity)))
		return rc;
	return 0;
}

static int alias_cmp(const void *a, const void *b, void *arg)
{
	char *const *base = arg;
	size_t x = *(const size_t *)a, y = *(const size_t *)b;
	int d = strcmp(base[x], base[y]);
	return d ? d : (x > y) - (x < y);
}

/* Drops repeated aliases, keeping each one's first place: one sort of
 * their indices (a record may list hundreds of thousands: no pairwise
 * search), every later copy freed. */
static int alias_dedup(struct ctx *c, struct osv_record *r)
{
	if (r->naliases < 2)
		return 0;
	size_t n = r->naliases, *ix = malloc(n * sizeof(*ix));
	if (!ix)
		return diag_error(c->d, BH_ENOMEM, 0, 0, "out of memory");
	for (size_t i = 0; i < n; i++)
		ix[i] = i;
	qsort_r(ix, n, sizeof(*ix), alias_cmp, r->aliases);
	/* equal strings are adjacent, the first place first: every later
	 * one repeats the kept one before it */
	const char *kept = r->aliases[ix[0]];
	for (size_t i = 1; i < n; i++) {
		if (!strcmp(r->aliases[ix[i]], kept)) {
			free(r->aliases[ix[i]]);
			r->aliases[ix[i]] = NULL;
		} else {
			kept = r->aliases[ix[i]];
		}
	}
	free(ix);
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		if (r->aliases[i])
			r->aliases[k++] = r->aliases[i];
	r->naliases = k;
	return 0;
}

static int add_alias(struct ctx *c, struct osv_record *r, const char *s)
{
	if (!strcmp(s, r->id))
		return 0;
	return dup(c, s, &r->aliases[r->naliases++]);
}

static int aliases(struct ctx *c, json_t *root, struct osv_record *r)
{
	json_t *al, *up;
	int rc;
	if ((rc = opt_arr(c, root, "aliases", &al)) ||
	    (rc = opt_arr(c, root, "upstream", &up)))
		return rc;
	size_t n = (al ? json_array_size(al) : 0) +
		   (up ? json_array_size(up) : 0);
	if (!n)
		return 0;
	r->aliases = calloc(n, sizeof(char *));
	if (!r->aliases)
		return diag_error(c->d, BH_ENOMEM, 0, 0, "out of memory");
	json_t *arrs[2] = {al, up};
	const char *keys[2] = {"aliases", "upstream"};
	for (int k = 0; k < 2; k++) {
		size_t i;
		json_t *v;
		json_array_foreach(arrs[k], i, v) {
			if (!json_is_string(v))
				return diag_error(c->d, BH_EPARSE, 0, 0,
						  "%s[%zu]: not a string",
						  keys[k], i);
			if ((rc = add_alias(c, r, json_string_value(v))))
				return rc;
		}
	}
	return alias_dedup(c, r);
}

static int record(struct ctx *c, json_t *root, struct osv_record *r)
{
	int rc;
	if (!json_is_object(root))
		return diag_error(c->d, BH_EPARSE, 0, 0,
				  "an OSV record is a JSON object");
	if ((rc = opt_str(c, root, "id", &r->id)))
		return rc;
	if (!r->id)
		return bad(c, "id", "is missing");
	if (!r->id[0])
		return bad(c, "id", "is empty");
	if ((rc = opt_str(c, root, "modified", &r->modified)))
		return rc;
	if (!r->modified)
		return bad(c, "modified", "is missing");
	char key[OSV_TIME_KEY];
	if (osv_time_key(r->modified, key, sizeof(key)))
		return bad(c, "modified", "is not an RFC 3339 time");
	if ((rc = opt_str(c, root, "published", &r->published)) ||
	    (rc = opt_str(c, root, "withdrawn", &r->withdrawn)) ||
	    (rc = opt_str(c, root, "summary", &r->summary)))
		return rc;
	if (!r->summary || !r->summary[0]) {
		char *det;
		if ((rc = opt_str(c, root, "details", &det)))
			return rc;
		if (det && det[0]) {
			det[strcspn(det, "\r\n")] = 0;
			free(r->summary);
			r->summary = det;
		} else {
			free(det);
		}
	}
	if ((rc = aliases(c, root, r)) ||
	    (rc = severities(c, root, &r->sev, &r->nsev)))
		return rc;
	const char *l = label(json_object_get(root, "database_specific"),
			      "severity");
	if (l && (rc = dup(c, l, &r->db_severity)))
		return rc;
	json_t *aff;
	if ((rc = opt_arr(c, root, "affected", &aff)))
		return rc;
	if (aff && json_array_size(aff)) {
		r->aff = calloc(json_array_size(aff), sizeof(*r->aff));
		if (!r->aff)
			return diag_error(c->d, BH_ENOMEM, 0, 0,
					  "out of memory");
		size_t i;
		json_t *a;
		json_array_foreach(aff, i, a) {
			size_t m = push(c, "affected", i);
			rc = affected(c, a, &r->aff[r->naff++]);
			if (rc)
				return rc;
			pop(c, m);
		}
	}
	return 0;
}

int osv_parse_ex(const char *buf, size_t len, const char *name,
		 struct osv_record *out, char **compact, struct diag *d)
{
	(void)name;
	rec_zero(out);
	if (compact)
		*compact = NULL;
	if (len > OSV_MAX_RECORD)
		return diag_error(d, BH_ELIMIT, 0, 0,
				  "record of %zu bytes, more than %zu", len,
				  OSV_MAX_RECORD);
	int rc = depth_check(buf, len, d);
	if (rc)
		return rc;
	json_error_t err;
	json_t *root = json_loadb(buf, len, 0, &err);
	if (!root) {
		enum json_error_code ec = json_error_code(&err);
		return diag_error(d, BH_EPARSE, err.line > 0 ? err.line : 0,
				  err.column > 0 ? err.column : 0, "%s%s",
				  ec == json_error_null_character
					  ? "a string holds \\u0000 (NUL): "
				  : ec == json_error_invalid_utf8
					  ? "invalid UTF-8: "
					  : "",
				  ec == json_error_null_character ? "refused"
								  : err.text);
	}
	struct ctx c = {.d = d};
	rc = record(&c, root, out);
	if (!rc && compact) {
		*compact = json_dumps(root, JSON_COMPACT);
		if (!*compact)
			rc = diag_error(d, BH_ENOMEM, 0, 0, "out of memory");
	}
	json_decref(root);
	if (rc)
		osv_record_free(out);
	return rc;
}

int osv_parse(const char *buf, size_t len, const char *name,
	      struct osv_record *out, struct diag *d)
{
	return osv_parse_ex(buf, len, name, out, NULL, d);
}

/* ---- keys ------------------------------------------------------------- */

void osv_eco_base(const char *ecosystem, char *buf, size_t size)
{
	if (!size)
		return;
	size_t n = strcspn(ecosystem, ":");
	if (n >= size)
		n = size - 1;
	memcpy(buf, ecosystem, n);
	buf[n] = 0;
}

void osv_name_key(const char *eco_base, const char *name, char *buf,
		  size_t size)
{
	if (!size)
		return;
	if (!strcmp(eco_base, "PyPI")) {
		sbom_pep503(name, buf, size);
		return;
	}
	snprintf(buf, size, "%s", name);
}

/* Days from 0000-03-01 of a proleptic Gregorian date (H. Hinnant's
 * days_from_civil, shifted so every year >= 0 is positive). */
static int64_t days_civil(int64_t y, int64_t m, int64_t dd)
{
	y += 400; /* every year from 0000 on in a positive era */
	y -= m <= 2;
	int64_t era = y / 400;
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + dd - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe;
}

static int digits(const char **p, int n)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		char ch = (*p)[i];
		if (ch < '0' || ch > '9')
			return -1;
		v = v * 10 + (ch - '0');
	}
	*p += n;
	return v;
}

int osv_time_key(const char *s, char *buf, size_t size)
{
	const char *p = s;
	/* the year: 4 digits, but the PyPA database holds one written
	 * "1-01-01T00:00:00Z" (Go's zero time): 1 to 4 digits are read */
	int yd = (int)strspn(p, "0123456789");
	int y = yd >= 1 && yd <= 4 ? digits(&p, yd) : -1;
	if (y < 0 || *p++ != '-')
		return BH_EPARSE;
	int mo = digits(&p, 2);
	if (mo < 1 || mo > 12 || *p++ != '-')
		return BH_EPARSE;
	int dd = digits(&p, 2);
	static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (dd < 1 || dd > mdays[mo - 1])
		return BH_EPARSE;
	if (*p != 'T' && *p != 't' && *p != ' ')
		return BH_EPARSE;
	p++;
	int hh = digits(&p, 2);
	if (hh < 0 || hh > 23 || *p++ != ':')
		return BH_EPARSE;
	int mi = digits(&p, 2);
	if (mi < 0 || mi > 59 || *p++ != ':')
		return BH_EPARSE;
	int ss = digits(&p, 2);
	if (ss < 0 || ss > 60)
		return BH_EPARSE;
	long nanos = 0;
	if (*p == '.') {
		p++;
		int nd = 0;
		while (*p >= '0' && *p <= '9') {
			if (nd < 9) {
				nanos = nanos * 10 + (*p - '0');
				nd++;
			}
			p++;
		}
		if (!nd)
			return BH_EPARSE;
		for (; nd < 9; nd++)
			nanos *= 10;
	}
	int64_t off = 0;
	if (*p == 'Z' || *p == 'z') {
		p++;
	} else if (*p == '+' || *p == '-') {
		int sign = *p++ == '-' ? -1 : 1;
		int oh = digits(&p, 2);
		if (oh < 0 || oh > 23 || *p++ != ':')
			return BH_EPARSE;
		int om = digits(&p, 2);
		if (om < 0 || om > 59)
			return BH_EPARSE;
		off = sign * (oh * 3600 + om * 60);
	} else {
		return BH_EPARSE;
	}
	if (*p)
		return BH_EPARSE;
	/* +86400 keeps 0000-03-01T00:00:00+23:59 and the like positive */
	int64_t secs = days_civil(y, mo, dd) * 86400 + hh * 3600 + mi * 60 +
		       ss - off + 86400;
	if (snprintf(buf, size, "%013lld.%09ld", (long long)secs, nanos) >=
	    (int)size)
		return BH_ELIMIT;
	return 0;
}
