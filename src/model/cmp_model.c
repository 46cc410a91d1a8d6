/* SPDX-License-Identifier: Apache-2.0
 *
 * cmp_model.c - the Compose model: YAML tree to services and networks.
 *
 * This file owns Compose's reading of a YAML tree: interpolation of
 * ${VAR} forms, the short and long syntaxes of ports and volumes, the
 * list and map forms of environment / sysctls / build args, the .env
 * file format, and merging several files as `docker compose -f a -f b`
 * does (and a base service under an extending one, for `extends:`).  It
 * does not parse YAML (yml.c), read files (src/core/scan_compose.c, cmp_extends.c)
 * or judge anything (rules_compose.c).
 *
 * Invariants:
 *  1. Every cmp_str built from a node has that node's file, line and
 *     column; synthesised values have line 0.
 *  2. Nothing recurses on input depth except cmp_merge(), whose depth is
 *     bounded by MERGE_MAX_DEPTH (a constant below the YAML depth bound),
 *     and interpolation of nested defaults, bounded by INTERP_MAX_DEPTH.
 *  3. cmp_merge_service() (extends:) charges every mapping and list merge
 *     to a caller's budget, so the total work of a scan is bounded however
 *     many services extend one large base.
 *
 * Tests: tests/unit/compose/test_cmp.c.
 */
#include "cmp_model.h"

#include <ctype.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../util/strbuf.h"

#define INTERP_MAX_DEPTH 8
#define MERGE_MAX_DEPTH 64
#define MERGE_MAX_PAIRS ((size_t)4 << 20) /* n*m compared keys */

/* ---- interpolation ---- */

static bool name_start(char c)
{
	return c == '_' || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

static bool name_char(char c)
{
	return name_start(c) || (c >= '0' && c <= '9');
}

struct interp {
	cmp_lookup_fn lookup;
	void *ctx;
	bool unresolved;
};

static void interp_into(struct interp *ip, struct strbuf *sb, const char *s,
			size_t len, int depth);

static const char *look(struct interp *ip, const char *name, size_t n)
{
	char buf[256];
	if (n >= sizeof(buf) || !ip->lookup)
		return NULL;
	memcpy(buf, name, n);
	buf[n] = '\0';
	return ip->lookup(ip->ctx, buf);
}

/* The end of a ${...} starting at s[0] == '$', s[1] == '{': index of the
 * matching '}' or len when unbalanced. */
static size_t brace_end(const char *s, size_t len)
{
	int nest = 0;
	for (size_t i = 1; i < len; i++) {
		if (s[i] == '{')
			nest++;
		else if (s[i] == '}' && --nest == 0)
			return i;
	}
	return len;
}

/* Expand the inside of ${...} (body[0..n)). */
static void interp_braced(struct interp *ip, struct strbuf *sb,
			  const char *body, size_t n, int depth)
{
	size_t i = 0;
	while (i < n && name_char(body[i]))
		i++;
	if (i == 0 || !name_start(body[0])) {
		/* Not a variable: keep the text as written. */
		strbuf_adds(sb, "${");
		strbuf_add(sb, body, n);
		strbuf_addc(sb, '}');
		return;
	}
	const char *val = look(ip, body, i);
	if (i == n) {
		if (val)
			strbuf_adds(sb, val);
		else
			ip->unresolved = true;
		return;
	}
	bool colon = body[i] == ':';
	size_t op = i + (colon ? 1 : 0);
	if (op >= n) {
		strbuf_adds(sb, val ? val : "");
		return;
	}
	char o = body[op];
	const char *arg = body + op + 1;
	size_t alen = n - op - 1;
	bool set = val != NULL && (!colon || *val);
	switch (o) {
	case '-':
		if (set)
			strbuf_adds(sb, val);
		else
			interp_into(ip, sb, arg, alen, depth + 1);
		break;
	case '+':
		if (set)
			interp_into(ip, sb, arg, alen, depth + 1);
		break;
	case '?':
		if (set)
			strbuf_adds(sb, val);
		else
			ip->unresolved = true;
		break;
	default:
		strbuf_adds(sb, val ? val : "");
		if (!val)
			ip->unresolved = true;
		break;
	}
}

static void interp_into(struct interp *ip, struct strbuf *sb, const char *s,
			size_t len, int depth)
{
	if (depth > INTERP_MAX_DEPTH) {
		strbuf_add(sb, s, len);
		return;
	}
	size_t i = 0;
	while (i < len) {
		const char *d = memchr(s + i, '$', len - i);
		if (!d) {
			strbuf_add(sb, s + i, len - i);
			return;
		}
		size_t at = (size_t)(d - s);
		strbuf_add(sb, s + i, at - i);
		if (at + 1 < len && s[at + 1] == '$') {
			strbuf_addc(sb, '$');
			i = at + 2;
		} else if (at + 1 < len && s[at + 1] == '{') {
			size_t end = at + brace_end(s + at, len - at);
			if (end >= len) {
				strbuf_add(sb, s + at, len - at);
				return;
			}
			interp_braced(ip, sb, s + at + 2, end - at - 2, depth);
			i = end + 1;
		} else if (at + 1 < len && name_start(s[at + 1])) {
			size_t e = at + 1;
			while (e < len && name_char(s[e]))
				e++;
			const char *val = look(ip, s + at + 1, e - at - 1);
			if (val)
				strbuf_adds(sb, val);
			else
				ip->unresolved = true;
			i = e;
		} else {
			strbuf_addc(sb, '$');
			i = at + 1;
		}
	}
}

char *cmp_interpolate(struct arena *a, const char *s, cmp_lookup_fn lookup,
		      void *ctx, bool *unresolved)
{
	struct interp ip = { lookup, ctx, false };
	if (!strchr(s, '$')) {
		if (unresolved)
			*unresolved = false;
		return arena_strdup(a, s);
	}
	struct strbuf sb = STRBUF_INIT;
	interp_into(&ip, &sb, s, strlen(s), 0);
	char *r = sb.failed ? NULL : arena_strdup(a, strbuf_str(&sb));
	strbuf_free(&sb);
	if (unresolved)
		*unresolved = ip.unresolved;
	return r;
}

/* ---- building values ---- */

struct bctx {
	struct arena *a;
	struct diag *d;
	const struct cmp_model *m;
	cmp_lookup_fn lookup;
	void *lctx;
	bool oom;
};

static struct cmp_str str_of(struct bctx *b, const struct yml_node *n)
{
	struct cmp_str s;
	memset(&s, 0, sizeof(s));
	if (!n)
		return s;
	s.node = n;
	s.file = n->file;
	s.line = n->line;
	s.col = n->col;
	if (n->kind != YML_SCALAR) {
		s.v = "";
		return s;
	}
	s.raw = n->str;
	s.v = cmp_interpolate(b->a, n->str, b->lookup, b->lctx, &s.unresolved);
	if (!s.v) {
		b->oom = true;
		s.v = "";
	}
	return s;
}

/* A synthesised value at node "at"'s position. */
static struct cmp_str str_at(const struct yml_node *at, const char *v)
{
	struct cmp_str s;
	memset(&s, 0, sizeof(s));
	s.v = v;
	s.raw = v;
	if (at) {
		s.file = at->file;
		s.line = at->line;
		s.col = at->col;
		s.node = at;
	}
	return s;
}

bool cmp_bool(const struct cmp_str *s, bool *out)
{
	if (!s->v)
		return false;
	static const char *const t[] = { "true", "yes", "y", "on" };
	static const char *const f[] = { "false", "no", "n", "off" };
	for (size_t i = 0; i < 4; i++) {
		if (!strcasecmp(s->v, t[i])) {
			*out = true;
			return true;
		}
		if (!strcasecmp(s->v, f[i])) {
			*out = false;
			return true;
		}
	}
	return false;
}

/* A list of scalars (or a single scalar) into "out". */
static void read_strs(struct bctx *b, const struct yml_node *n,
		      struct cmp_strs *out)
{
	if (!n)
		return;
	if (n->kind == YML_SCALAR) {
		if (yml_is_null(n))
			return;
		out->v = arena_array(b->a, 1, sizeof(*out->v));
		if (!out->v) {
			b->oom = true;
			return;
		}
		out->v[0] = str_of(b, n);
		out->n = 1;
		return;
	}
	if (n->kind == YML_MAP) {
		/* networks: / secrets: in map form: the keys */
		out->v = arena_array(b->a, n->n ? n->n : 1, sizeof(*out->v));
		if (!out->v) {
			b->oom = true;
			return;
		}
		for (size_t i = 0; i < n->n; i++)
			out->v[out->n++] = str_of(b, n->pairs[i].key);
		return;
	}
	out->v = arena_array(b->a, n->n ? n->n : 1, sizeof(*out->v));
	if (!out->v) {
		b->oom = true;
		return;
	}
	for (size_t i = 0; i < n->n; i++) {
		const struct yml_node *it = n->items[i];
		if (it->kind == YML_MAP) {
			/* long forms (secrets: {source: x}, devices) */
			const struct yml_node *src = yml_get(it, "source");
			if (!src)
				src = yml_get(it, "target");
			struct cmp_str s = str_at(it, "");
			if (src && src->kind == YML_SCALAR) {
				s = str_of(b, src);
				s.line = it->line;
				s.col = it->col;
			}
			out->v[out->n++] = s;
		} else if (it->kind == YML_SCALAR) {
			out->v[out->n++] = str_of(b, it);
		}
	}
}

/* environment / sysctls / args / labels: map or list of NAME=value. */
static void read_kvs(struct bctx *b, const struct yml_node *n,
		     struct cmp_kvs *out)
{
	if (!n || n->kind == YML_SCALAR)
		return;
	out->v = arena_array(b->a, n->n ? n->n : 1, sizeof(*out->v));
	if (!out->v) {
		b->oom = true;
		return;
	}
	for (size_t i = 0; i < n->n; i++) {
		struct cmp_kv kv;
		memset(&kv, 0, sizeof(kv));
		if (n->kind == YML_MAP) {
			kv.name = str_of(b, n->pairs[i].key);
			const struct yml_node *v = n->pairs[i].value;
			if (v && !yml_is_null(v))
				kv.value = str_of(b, v);
		} else {
			const struct yml_node *it = n->items[i];
			if (it->kind != YML_SCALAR)
				continue;
			const char *eq = memchr(it->str, '=', it->len);
			size_t nl = eq ? (size_t)(eq - it->str) : it->len;
			kv.name = str_at(it, arena_strndup(b->a, it->str, nl));
			if (!kv.name.v) {
				b->oom = true;
				return;
			}
			if (eq) {
				const char *raw = arena_strdup(b->a, eq + 1);
				if (!raw) {
					b->oom = true;
					return;
				}
				kv.value = str_at(it, raw);
				kv.value.col = it->col + (int)nl + 1 +
					(it->style == YML_PLAIN ? 0 : 1);
				kv.value.v = cmp_interpolate(b->a, raw, b->lookup,
							     b->lctx,
							     &kv.value.unresolved);
				if (!kv.value.v) {
					b->oom = true;
					return;
				}
			}
		}
		out->v[out->n++] = kv;
	}
}

/* "8000-8010" or "80" into lo/hi; false when not a port or range. */
static bool port_range(const char *s, size_t n, long *lo, long *hi)
{
	long v[2] = { 0, 0 };
	int k = 0;
	size_t i = 0;
	if (n == 0)
		return false;
	while (k < 2) {
		size_t st = i;
		long x = 0;
		while (i < n && s[i] >= '0' && s[i] <= '9') {
			x = x * 10 + (s[i] - '0');
			if (x > 65535)
				return false;
			i++;
		}
		if (i == st)
			return false;
		v[k++] = x;
		if (i == n)
			break;
		if (s[i] != '-' || k == 2)
			return false;
		i++;
	}
	if (i != n)
		return false;
	*lo = v[0];
	*hi = k == 2 ? v[1] : v[0];
	return true;
}

/* Short syntax: [HOST_IP:][HOST[-END]:]CONTAINER[-END][/PROTO]. */
static bool parse_port_short(struct arena *a, const char *s, struct cmp_port *p)
{
	const char *slash = strrchr(s, '/');
	size_t n = slash ? (size_t)(slash - s) : strlen(s);
	p->protocol = slash ? slash + 1 : "tcp";
	const char *rest = s;
	size_t rlen = n;
	if (n && s[0] == '[') {
		const char *rb = memchr(s, ']', n);
		if (!rb || (size_t)(rb - s) + 1 >= n || rb[1] != ':')
			return false;
		p->host_ip = arena_strndup(a, s + 1, (size_t)(rb - s) - 1);
		rest = rb + 2;
		rlen = n - (size_t)(rest - s);
	}
	/* split rest by ':' from the right: container, host, ip */
	const char *parts[3];
	size_t plen[3];
	int k = 0;
	size_t end = rlen;
	for (size_t i = rlen; i-- > 0 && k < 2;) {
		if (rest[i] == ':') {
			parts[k] = rest + i + 1;
			plen[k] = end - i - 1;
			k++;
			end = i;
		}
	}
	parts[k] = rest;
	plen[k] = end;
	k++;
	/* parts[0] is the container port, parts[1] host, parts[2] ip */
	if (!port_range(parts[0], plen[0], &p->target_lo, &p->target_hi))
		return false;
	if (k >= 2 && plen[1] &&
	    !port_range(parts[1], plen[1], &p->host_lo, &p->host_hi))
		return false;
	if (k == 3) {
		if (p->host_ip)
			return false;
		p->host_ip = arena_strndup(a, parts[2], plen[2]);
	}
	p->published = true;
	return true;
}

static void read_ports(struct bctx *b, const struct yml_node *ports,
		       const struct yml_node *expose, struct cmp_service *s)
{
	size_t cap = (yml_is_seq(ports) ? ports->n : 0) +
		     (yml_is_seq(expose) ? expose->n : 0);
	if (!cap)
		return;
	s->ports = arena_array(b->a, cap, sizeof(*s->ports));
	if (!s->ports) {
		b->oom = true;
		return;
	}
	for (int pass = 0; pass < 2; pass++) {
		const struct yml_node *list = pass ? expose : ports;
		if (!yml_is_seq(list))
			continue;
		for (size_t i = 0; i < list->n; i++) {
			const struct yml_node *it = list->items[i];
			struct cmp_port p;
			memset(&p, 0, sizeof(p));
			if (it->kind == YML_SCALAR) {
				p.spec = str_of(b, it);
				if (p.spec.unresolved && !*p.spec.v)
					continue;
				if (pass) {
					const char *sl = strchr(p.spec.v, '/');
					size_t l = sl ? (size_t)(sl - p.spec.v)
						      : strlen(p.spec.v);
					p.protocol = sl ? sl + 1 : "tcp";
					if (!port_range(p.spec.v, l, &p.target_lo,
							&p.target_hi))
						continue;
					p.from_expose = true;
				} else if (!parse_port_short(b->a, p.spec.v, &p)) {
					continue;
				}
			} else if (it->kind == YML_MAP && !pass) {
				const struct yml_node *t = yml_get(it, "target");
				if (!yml_is_scalar(t))
					continue;
				p.spec = str_of(b, t);
				p.spec.line = it->line;
				p.spec.col = it->col;
				if (!port_range(p.spec.v, strlen(p.spec.v),
						&p.target_lo, &p.target_hi))
					continue;
				struct cmp_str pub = str_of(b, yml_get(it, "published"));
				if (pub.v && *pub.v &&
				    !port_range(pub.v, strlen(pub.v), &p.host_lo,
						&p.host_hi))
					continue;
				struct cmp_str ip = str_of(b, yml_get(it, "host_ip"));
				p.host_ip = ip.v;
				struct cmp_str pr = str_of(b, yml_get(it, "protocol"));
				p.protocol = pr.v && *pr.v ? pr.v : "tcp";
				p.published = true;
			} else {
				continue;
			}
			s->ports[s->nports++] = p;
		}
	}
}

static enum cmp_mount_type mount_type(const char *t)
{
	if (!strcmp(t, "bind"))
		return CMP_MOUNT_BIND;
	if (!strcmp(t, "volume"))
		return CMP_MOUNT_VOLUME;
	if (!strcmp(t, "tmpfs"))
		return CMP_MOUNT_TMPFS;
	if (!strcmp(t, "npipe"))
		return CMP_MOUNT_NPIPE;
	return CMP_MOUNT_OTHER;
}

static bool is_path(const char *s)
{
	return s[0] == '/' || s[0] == '.' || s[0] == '~' || s[0] == '\\' ||
	       (isalpha((unsigned char)s[0]) && s[1] == ':' &&
		(s[2] == '\\' || s[2] == '/'));
}

/* Short syntax: [SOURCE:]TARGET[:MODE]. */
static bool parse_mount_short(struct arena *a, const char *s,
			      struct cmp_mount *m)
{
	const char *parts[3];
	size_t plen[3];
	int k = 0;
	const char *p = s;
	/* a Windows drive letter "C:\" is part of the source */
	size_t skip = (isalpha((unsigned char)s[0]) && s[1] == ':' &&
		       (s[2] == '\\' || s[2] == '/')) ? 2 : 0;
	const char *c = strchr(p + skip, ':');
	while (k < 2 && c) {
		parts[k] = p;
		plen[k] = (size_t)(c - p);
		k++;
		p = c + 1;
		c = strchr(p, ':');
	}
	parts[k] = p;
	plen[k] = strlen(p);
	k++;
	const char *mode = NULL;
	if (k == 1) {
		m->target = arena_strndup(a, parts[0], plen[0]);
		m->type = CMP_MOUNT_VOLUME;
		return m->target != NULL;
	}
	m->source = arena_strndup(a, parts[0], plen[0]);
	m->target = arena_strndup(a, parts[1], plen[1]);
	if (!m->source || !m->target)
		return false;
	if (k == 3)
		mode = parts[2];
	m->type = is_path(m->source) ? CMP_MOUNT_BIND : CMP_MOUNT_VOLUME;
	if (mode) {
		const char *q = mode;
		while (*q) {
			size_t l = strcspn(q, ",");
			if (l == 2 && !strncmp(q, "ro", 2))
				m->read_only = true;
			else if ((l == 6 && !strncmp(q, "shared", 6)) ||
				 (l == 7 && !strncmp(q, "rshared", 7)))
				m->propagation = arena_strndup(a, q, l);
			q += l;
			if (*q == ',')
				q++;
		}
	}
	return true;
}

static void read_mounts(struct bctx *b, const struct yml_node *n,
			struct cmp_service *s)
{
	if (!yml_is_seq(n) || !n->n)
		return;
	s->mounts = arena_array(b->a, n->n, sizeof(*s->mounts));
	if (!s->mounts) {
		b->oom = true;
		return;
	}
	for (size_t i = 0; i < n->n; i++) {
		const struct yml_node *it = n->items[i];
		struct cmp_mount m;
		memset(&m, 0, sizeof(m));
		if (it->kind == YML_SCALAR) {
			m.spec = str_of(b, it);
			if (!parse_mount_short(b->a, m.spec.v, &m))
				continue;
		} else if (it->kind == YML_MAP) {
			m.spec = str_at(it, "");
			struct cmp_str t = str_of(b, yml_get(it, "type"));
			m.type = t.v ? mount_type(t.v) : CMP_MOUNT_VOLUME;
			struct cmp_str src = str_of(b, yml_get(it, "source"));
			struct cmp_str tgt = str_of(b, yml_get(it, "target"));
			m.source = src.v && *src.v ? src.v : NULL;
			m.target = tgt.v;
			struct cmp_str ro = str_of(b, yml_get(it, "read_only"));
			bool v = false;
			m.read_only = cmp_bool(&ro, &v) && v;
			struct cmp_str pr = str_of(b, yml_get_path(it, "bind.propagation"));
			m.propagation = pr.v;
		} else {
			continue;
		}
		s->mounts[s->nmounts++] = m;
	}
}

static long long ulimit_val(struct bctx *b, const struct yml_node *n)
{
	long long v;
	if (yml_as_int(n, true, &v))
		return v;
	struct cmp_str s = str_of(b, n);
	if (s.v && (!strcasecmp(s.v, "unlimited") || !strcmp(s.v, "-1")))
		return -1;
	if (s.v && yml_is_scalar(n)) {
		char *end;
		long long x = strtoll(s.v, &end, 10);
		if (*s.v && !*end)
			return x;
	}
	return LLONG_MIN;
}

static void read_ulimits(struct bctx *b, const struct yml_node *n,
			 struct cmp_service *s)
{
	if (!yml_is_map(n) || !n->n)
		return;
	s->ulimits = arena_array(b->a, n->n, sizeof(*s->ulimits));
	if (!s->ulimits) {
		b->oom = true;
		return;
	}
	for (size_t i = 0; i < n->n; i++) {
		struct cmp_ulimit u;
		u.name = str_of(b, n->pairs[i].key);
		const struct yml_node *v = n->pairs[i].value;
		if (yml_is_map(v)) {
			u.soft = ulimit_val(b, yml_get(v, "soft"));
			u.hard = ulimit_val(b, yml_get(v, "hard"));
		} else {
			u.soft = u.hard = ulimit_val(b, v);
		}
		s->ulimits[s->nulimits++] = u;
	}
}

static void read_build(struct bctx *b, const struct yml_node *n,
		       struct cmp_service *s)
{
	if (!n)
		return;
	s->has_build = true;
	if (n->kind == YML_SCALAR) {
		s->build_context = str_of(b, n);
		return;
	}
	s->build_context = str_of(b, yml_get(n, "context"));
	s->build_dockerfile = str_of(b, yml_get(n, "dockerfile"));
	s->build_target = str_of(b, yml_get(n, "target"));
	read_kvs(b, yml_get(n, "args"), &s->build_args);
}

static void read_healthcheck(struct bctx *b, const struct yml_pair *hp,
			     struct cmp_service *s)
{
	if (!hp)
		return;
	s->has_healthcheck = true;
	s->healthcheck = str_of(b, hp->key);
	const struct yml_node *h = hp->value;
	s->healthcheck_disable = str_of(b, yml_get(h, "disable"));
	const struct yml_node *t = yml_get(h, "test");
	if (yml_is_seq(t) && t->n)
		s->healthcheck_test = str_of(b, t->items[0]);
	else if (yml_is_scalar(t))
		s->healthcheck_test = str_of(b, t);
}

/* An input error at node "n", naming the file it came from. */
static int fail_at(struct bctx *b, const struct yml_node *n, const char *fmt,
		   const char *a1, const char *a2)
{
	if (n->file >= 0 && (size_t)n->file < b->m->nfiles)
		b->d->file = b->m->files[n->file].path;
	return diag_error(b->d, BH_EPARSE, n->line, n->col, fmt, a1, a2);
}

static int read_service(struct bctx *b, const struct yml_pair *sp,
			struct cmp_service *s)
{
	const struct yml_node *n = sp->value;
	memset(s, 0, sizeof(*s));
	s->name = str_of(b, sp->key);
	s->node = n;
	if (yml_is_null(n))
		return BH_OK;
	if (n->kind != YML_MAP)
		return fail_at(b, n, "service \"%s\" must be a mapping, not a %s",
				  s->name.v, yml_kind_name(n->kind));
	s->image = str_of(b, yml_get(n, "image"));
	s->user = str_of(b, yml_get(n, "user"));
	read_build(b, yml_get(n, "build"), s);
	read_ports(b, yml_get(n, "ports"), yml_get(n, "expose"), s);
	read_kvs(b, yml_get(n, "environment"), &s->environment);
	read_mounts(b, yml_get(n, "volumes"), s);
	read_strs(b, yml_get(n, "cap_add"), &s->cap_add);
	read_strs(b, yml_get(n, "cap_drop"), &s->cap_drop);
	read_strs(b, yml_get(n, "security_opt"), &s->security_opt);
	read_strs(b, yml_get(n, "devices"), &s->devices);
	read_kvs(b, yml_get(n, "sysctls"), &s->sysctls);
	read_ulimits(b, yml_get(n, "ulimits"), s);
	const struct yml_node *nets = yml_get(n, "networks");
	s->has_networks_key = nets != NULL;
	read_strs(b, nets, &s->networks);
	read_strs(b, yml_get(n, "secrets"), &s->secrets);
	s->privileged = str_of(b, yml_get(n, "privileged"));
	s->read_only = str_of(b, yml_get(n, "read_only"));
	s->network_mode = str_of(b, yml_get(n, "network_mode"));
	if (!s->network_mode.v)  /* the v1 format's name for it */
		s->network_mode = str_of(b, yml_get(n, "net"));
	s->pid = str_of(b, yml_get(n, "pid"));
	s->ipc = str_of(b, yml_get(n, "ipc"));
	s->userns_mode = str_of(b, yml_get(n, "userns_mode"));
	s->uts = str_of(b, yml_get(n, "uts"));
	s->cgroup_parent = str_of(b, yml_get(n, "cgroup_parent"));
	s->cgroup = str_of(b, yml_get(n, "cgroup"));
	s->restart = str_of(b, yml_get(n, "restart"));
	s->restart_policy_condition =
		str_of(b, yml_get_path(n, "deploy.restart_policy.condition"));
	s->restart_policy_max_attempts =
		str_of(b, yml_get_path(n, "deploy.restart_policy.max_attempts"));
	read_healthcheck(b, yml_get_pair(n, "healthcheck"), s);
	s->mem_limit = str_of(b, yml_get(n, "mem_limit"));
	s->cpus = str_of(b, yml_get(n, "cpus"));
	s->pids_limit = str_of(b, yml_get(n, "pids_limit"));
	const struct yml_node *lim = yml_get_path(n, "deploy.resources.limits");
	s->limits_memory = str_of(b, yml_get(lim, "memory"));
	s->limits_cpus = str_of(b, yml_get(lim, "cpus"));
	s->limits_pids = str_of(b, yml_get(lim, "pids"));
	return BH_OK;
}

/* Top-level keys of the v2/v3 formats and the Compose specification. */
static bool spec_top_key(const struct yml_node *k)
{
	static const char *const keys[] = {
		"version", "services", "networks", "volumes", "secrets",
		"configs", "include", "name", "models",
	};
	if (!yml_is_scalar(k))
		return true;
	if (!strncmp(k->str, "x-", 2))
		return true;
	for (size_t i = 0; i < sizeof(keys) / sizeof(*keys); i++)
		if (yml_scalar_eq(k, keys[i]))
			return true;
	return false;
}

const struct yml_node *cmp_services_of(const struct yml_node *root)
{
	if (!yml_is_map(root))
		return NULL;
	const struct yml_pair *sp = yml_get_pair(root, "services");
	if (sp)
		return sp->value;
	if (yml_get(root, "version"))
		return NULL;
	/* v1: every top-level key a service (a mapping with image or
	 * build); anything else means it is not v1 */
	bool any = false;
	for (size_t i = 0; i < root->n; i++) {
		const struct yml_pair *p = &root->pairs[i];
		if (spec_top_key(p->key))
			return NULL;
		if (!yml_is_map(p->value) || (!yml_get(p->value, "image") &&
					       !yml_get(p->value, "build")))
			return NULL;
		any = true;
	}
	return any ? root : NULL;
}

int cmp_model_build(const struct yml_node *root, cmp_lookup_fn lookup,
		    void *lookup_ctx, struct arena *a, struct cmp_model *m,
		    struct diag *d)
{
	struct bctx b = { a, d, m, lookup, lookup_ctx, false };
	struct cmp_file *files = m->files;
	size_t nfiles = m->nfiles;
	memset(m, 0, sizeof(*m));
	m->files = files;
	m->nfiles = nfiles;
	m->root = root;
	if (!root)
		return BH_OK;
	if (root->kind != YML_MAP)
		return fail_at(&b, root, "a Compose file is a %s, not a %s",
			       "mapping", yml_kind_name(root->kind));
	const struct yml_node *svcs = cmp_services_of(root);
	if (svcs && !yml_is_null(svcs)) {
		if (svcs->kind != YML_MAP)
			return fail_at(&b, svcs, "%s must be a mapping, not a %s",
				       "services", yml_kind_name(svcs->kind));
		m->services = arena_array(a, svcs->n ? svcs->n : 1,
					  sizeof(*m->services));
		if (!m->services)
			goto oom;
		for (size_t i = 0; i < svcs->n; i++) {
			int rc = read_service(&b, &svcs->pairs[i],
					      &m->services[m->nservices]);
			if (rc)
				return rc;
			m->nservices++;
		}
	}
	const struct yml_node *nets = yml_get(root, "networks");
	if (yml_is_map(nets) && nets->n) {
		m->networks = arena_array(a, nets->n, sizeof(*m->networks));
		if (!m->networks)
			goto oom;
		for (size_t i = 0; i < nets->n; i++) {
			struct cmp_network *nw = &m->networks[m->nnetworks++];
			const struct yml_node *v = nets->pairs[i].value;
			nw->name = str_of(&b, nets->pairs[i].key);
			nw->internal = str_of(&b, yml_get(v, "internal"));
			nw->external = str_of(&b, yml_get(v, "external"));
			nw->driver = str_of(&b, yml_get(v, "driver"));
		}
	}
	if (!b.oom)
		return BH_OK;
oom:
	if (a->over_cap)
		return diag_error(d, BH_ELIMIT, 0, 0, "Compose file too large");
	return diag_error(d, BH_ENOMEM, 0, 0, "out of memory");
}

/* ---- merging files ---- */

struct merger {
	struct arena *a;
	struct diag *d;
	int rc;
	size_t *budget;   /* key comparisons left, or NULL: no budget */
};

/* Charge "cost" comparisons to the budget (cmp_merge_service()). */
static bool charge(struct merger *mg, size_t cost, const struct yml_node *at)
{
	if (!mg->budget)
		return true;
	if (cost > *mg->budget) {
		mg->rc = diag_error(mg->d, BH_ELIMIT, at->line, at->col,
				    "too much to merge");
		return false;
	}
	*mg->budget -= cost;
	return true;
}

static bool tagged(const struct yml_node *n, const char *tag)
{
	return n && n->tag && !strcmp(n->tag, tag);
}

static bool replaced_key(const char *k)
{
	/* compose-go's overrideNode paths; every other list is appended */
	return !strcmp(k, "command") || !strcmp(k, "entrypoint") ||
	       !strcmp(k, "test");
}

static bool keyed_by_name(const char *k)
{
	return !strcmp(k, "environment") || !strcmp(k, "labels") ||
	       !strcmp(k, "sysctls") || !strcmp(k, "args") ||
	       !strcmp(k, "annotations") || !strcmp(k, "extra_hosts");
}

/* A "NAME=value" list as a mapping (positions kept). */
static struct yml_node *list_to_map(struct merger *mg,
				    const struct yml_node *l)
{
	struct yml_node *m = arena_alloc(mg->a, sizeof(*m));
	if (!m)
		return NULL;
	*m = *l;
	m->kind = YML_MAP;
	m->items = NULL;
	m->n = 0;
	m->pairs = arena_array(mg->a, l->n ? l->n : 1, sizeof(*m->pairs));
	if (!m->pairs)
		return NULL;
	for (size_t i = 0; i < l->n; i++) {
		const struct yml_node *it = l->items[i];
		if (it->kind != YML_SCALAR)
			continue;
		struct yml_node *k = arena_alloc(mg->a, sizeof(*k));
		struct yml_node *v = arena_alloc(mg->a, sizeof(*v));
		if (!k || !v)
			return NULL;
		*k = *it;
		*v = *it;
		const char *eq = memchr(it->str, '=', it->len);
		size_t nl = eq ? (size_t)(eq - it->str) : it->len;
		k->str = arena_strndup(mg->a, it->str, nl);
		k->len = nl;
		k->style = YML_PLAIN;
		if (eq) {
			v->str = eq + 1;
			v->len = it->len - nl - 1;
			v->col = it->col + (int)nl + 1;
		} else {
			v->str = "";
			v->len = 0;
			v->style = YML_PLAIN;
		}
		if (!k->str)
			return NULL;
		m->pairs[m->n].key = k;
		m->pairs[m->n].value = v;
		m->n++;
	}
	return m;
}

/* The target path of a volumes: item, or NULL. */
static const char *mount_target(struct arena *a, const struct yml_node *it)
{
	if (it->kind == YML_MAP) {
		const struct yml_node *t = yml_get(it, "target");
		return yml_is_scalar(t) ? t->str : NULL;
	}
	if (it->kind != YML_SCALAR)
		return NULL;
	struct cmp_mount m;
	memset(&m, 0, sizeof(m));
	return parse_mount_short(a, it->str, &m) ? m.target : NULL;
}

/* The identity of a list item when merging: a volume's target path, else
 * the scalar itself (non-scalars have none and are always appended). */
static const char *item_key(struct arena *a, bool volumes,
			    const struct yml_node *it, size_t *len)
{
	const char *k = volumes ? mount_target(a, it)
			: it->kind == YML_SCALAR ? it->str : NULL;
	*len = !k ? 0 : volumes ? strlen(k) : it->len;
	return k;
}

static struct yml_node *merge_seq(struct merger *mg, const char *key,
				  const struct yml_node *b,
				  const struct yml_node *o)
{
	/* b->n + o->n + 1 cannot overflow: both count nodes in memory */
	if (!charge(mg, b->n + o->n + 1 +
		    (b->n <= MERGE_MAX_PAIRS / (o->n ? o->n : 1) ? b->n * o->n : 0),
		    o))
		return NULL;
	struct yml_node *r = arena_alloc(mg->a, sizeof(*r));
	size_t cap = b->n + o->n + 1;
	const char **keys = arena_array(mg->a, cap, sizeof(*keys));
	size_t *lens = arena_array(mg->a, cap, sizeof(*lens));
	if (!r || !keys || !lens)
		return NULL;
	*r = *b;
	r->anchor = NULL;
	r->items = arena_array(mg->a, cap, sizeof(*r->items));
	if (!r->items)
		return NULL;
	bool volumes = !strcmp(key, "volumes");
	r->n = 0;
	for (size_t i = 0; i < b->n; i++) {
		keys[r->n] = item_key(mg->a, volumes, b->items[i], &lens[r->n]);
		r->items[r->n++] = b->items[i];
	}
	/* Hostile sizes: append without looking for duplicates. */
	bool dedupe = b->n <= MERGE_MAX_PAIRS / (o->n ? o->n : 1);
	for (size_t j = 0; j < o->n; j++) {
		size_t kl;
		const char *k = item_key(mg->a, volumes, o->items[j], &kl);
		size_t i = r->n;
		if (dedupe && k)
			for (i = 0; i < r->n; i++)
				if (keys[i] && lens[i] == kl && !memcmp(keys[i], k, kl))
					break;
		if (i == r->n) {
			keys[r->n] = k;
			lens[r->n] = kl;
			r->items[r->n++] = o->items[j];
		} else {
			r->items[i] = o->items[j];
		}
	}
	return r;
}

static struct yml_node *merge_node(struct merger *mg, const char *key,
				   const struct yml_node *b,
				   const struct yml_node *o, int depth);

static struct yml_node *merge_map(struct merger *mg, const struct yml_node *b,
				  const struct yml_node *o, int depth)
{
	if (b->n > MERGE_MAX_PAIRS / (o->n ? o->n : 1)) {
		mg->rc = diag_error(mg->d, BH_ELIMIT, o->line, o->col,
				    "mappings too large to merge (%zu and %zu "
				    "keys)", b->n, o->n);
		return NULL;
	}
	if (!charge(mg, b->n * o->n + b->n + o->n + 1, o))
		return NULL;
	struct yml_node *r = arena_alloc(mg->a, sizeof(*r));
	if (!r)
		return NULL;
	*r = *b;
	r->anchor = NULL;
	r->pairs = arena_array(mg->a, b->n + o->n + 1, sizeof(*r->pairs));
	if (!r->pairs)
		return NULL;
	r->n = 0;
	for (size_t i = 0; i < b->n; i++)
		r->pairs[r->n++] = b->pairs[i];
	for (size_t j = 0; j < o->n; j++) {
		const struct yml_pair *op = &o->pairs[j];
		size_t i = 0;
		for (; i < r->n; i++) {
			const struct yml_node *k = r->pairs[i].key;
			if (k->kind == YML_SCALAR && op->key->kind == YML_SCALAR &&
			    k->len == op->key->len &&
			    !memcmp(k->str, op->key->str, k->len))
				break;
		}
		if (tagged(op->value, "!reset")) {
			if (i < r->n) {
				memmove(&r->pairs[i], &r->pairs[i + 1],
					(r->n - i - 1) * sizeof(*r->pairs));
				r->n--;
			}
			continue;
		}
		if (i == r->n) {
			r->pairs[r->n++] = *op;
			continue;
		}
		struct yml_node *v = op->value;
		if (!tagged(v, "!override") && op->key->kind == YML_SCALAR) {
			v = merge_node(mg, op->key->str, r->pairs[i].value, v,
				       depth + 1);
			if (!v)
				return NULL;
		}
		/* findings about the value point at the later file's key */
		r->pairs[i].key = op->key;
		r->pairs[i].value = v;
	}
	return r;
}

static struct yml_node *merge_node(struct merger *mg, const char *key,
				   const struct yml_node *b,
				   const struct yml_node *o, int depth)
{
	if (depth > MERGE_MAX_DEPTH) {
		mg->rc = diag_error(mg->d, BH_ELIMIT, o->line, o->col,
				    "Compose files nested too deeply to merge");
		return NULL;
	}
	if (replaced_key(key) || !b || yml_is_null(b))
		return (struct yml_node *)o;
	if (keyed_by_name(key) && b->kind != o->kind &&
	    b->kind != YML_SCALAR && o->kind != YML_SCALAR) {
		if (b->kind == YML_SEQ)
			b = list_to_map(mg, b);
		else
			o = list_to_map(mg, o);
		if (!b || !o)
			return NULL;
	}
	if (keyed_by_name(key) && b->kind == YML_SEQ && o->kind == YML_SEQ) {
		const struct yml_node *bm = list_to_map(mg, b);
		const struct yml_node *om = list_to_map(mg, o);
		if (!bm || !om)
			return NULL;
		return merge_map(mg, bm, om, depth);
	}
	if (b->kind == YML_MAP && o->kind == YML_MAP)
		return merge_map(mg, b, o, depth);
	if (b->kind == YML_SEQ && o->kind == YML_SEQ)
		return merge_seq(mg, key, b, o);
	return (struct yml_node *)o;
}

int cmp_merge(struct arena *a, const struct yml_node *base,
	      const struct yml_node *over, struct yml_node **out,
	      struct diag *d)
{
	struct merger mg = { a, d, BH_OK, NULL };
	*out = NULL;
	if (!over || yml_is_null(over)) {
		*out = (struct yml_node *)base;
		return BH_OK;
	}
	if (!base || yml_is_null(base)) {
		*out = (struct yml_node *)over;
		return BH_OK;
	}
	if (base->kind != YML_MAP || over->kind != YML_MAP) {
		const struct yml_node *bad = base->kind != YML_MAP ? base : over;
		return diag_error(d, BH_EPARSE, bad->line, bad->col,
				  "a Compose file is a mapping, not a %s",
				  yml_kind_name(bad->kind));
	}
	*out = merge_map(&mg, base, over, 0);
	if (*out)
		return BH_OK;
	if (mg.rc)
		return mg.rc;
	if (a->over_cap)
		return diag_error(d, BH_ELIMIT, 0, 0, "Compose files too large");
	return diag_error(d, BH_ENOMEM, 0, 0, "out of memory");
}

int cmp_merge_service(struct arena *a, const struct yml_node *base,
		      const struct yml_node *over, size_t *budget,
		      struct yml_node **out, struct diag *d)
{
	struct merger mg = { a, d, BH_OK, budget };
	*out = NULL;
	if (!yml_is_map(base) || !yml_is_map(over)) {
		const struct yml_node *bad = yml_is_map(base) ? over : base;
		return diag_error(d, BH_EPARSE, bad ? bad->line : 0,
				  bad ? bad->col : 0,
				  "a service is a mapping, not a %s",
				  bad ? yml_kind_name(bad->kind) : "null");
	}
	*out = merge_map(&mg, base, over, 0);
	if (*out)
		return BH_OK;
	if (mg.rc)
		return mg.rc;
	if (a->over_cap)
		return diag_error(d, BH_ELIMIT, 0, 0, "Compose files too large");
	return diag_error(d, BH_ENOMEM, 0, 0, "out of memory");
}

/* ---- .env files ---- */

struct dotenv_lookup {
	struct cmp_kvs *kvs;
	cmp_lookup_fn outer;
	void *outer_ctx;
};

static const char *dotenv_look(void *ctx, const char *name)
{
	struct dotenv_lookup *dl = ctx;
	const char *v = dl->outer ? dl->outer(dl->outer_ctx, name) : NULL;
	if (v)
		return v;
	for (size_t i = dl->kvs->n; i-- > 0;)
		if (!strcmp(dl->kvs->v[i].name.v, name))
			return dl->kvs->v[i].value.v;
	return NULL;
}

int cmp_dotenv_parse(struct arena *a, const char *text, size_t len,
		     cmp_lookup_fn lookup, void *ctx, struct cmp_kvs *out)
{
	size_t cap = 0;
	memset(out, 0, sizeof(*out));
	struct dotenv_lookup dl = { out, lookup, ctx };
	int line = 0;
	size_t i = 0;
	while (i < len) {
		line++;
		const char *nl = memchr(text + i, '\n', len - i);
		size_t e = nl ? (size_t)(nl - text) : len;
		size_t p = i;
		i = e + 1;
		while (p < e && (text[p] == ' ' || text[p] == '\t'))
			p++;
		if (p >= e || text[p] == '#')
			continue;
		if (e - p > 7 && !strncmp(text + p, "export ", 7))
			p += 7;
		while (p < e && (text[p] == ' ' || text[p] == '\t'))
			p++;
		size_t ns = p;
		while (p < e && text[p] != '=' && text[p] != ' ' && text[p] != '\t')
			p++;
		size_t nlen = p - ns;
		while (p < e && (text[p] == ' ' || text[p] == '\t'))
			p++;
		if (!nlen || p >= e || text[p] != '=')
			continue;
		p++;
		while (p < e && (text[p] == ' ' || text[p] == '\t'))
			p++;
		struct strbuf sb = STRBUF_INIT;
		bool interp = true;
		if (p < e && (text[p] == '"' || text[p] == '\'')) {
			char q = text[p++];
			interp = q == '"';
			/* a quoted value may span lines */
			size_t j = p;
			while (j < len && text[j] != q) {
				if (q == '"' && text[j] == '\\' && j + 1 < len) {
					char c = text[j + 1];
					strbuf_addc(&sb, c == 'n' ? '\n' :
						    c == 't' ? '\t' : c);
					j += 2;
					continue;
				}
				if (text[j] == '\n')
					line++;
				strbuf_addc(&sb, text[j++]);
			}
			if (j < len) {
				const char *nl2 = memchr(text + j, '\n', len - j);
				i = nl2 ? (size_t)(nl2 - text) + 1 : len;
			} else {
				i = len;
			}
		} else {
			size_t ve = e;
			for (size_t k = p; k < e; k++) {
				if (text[k] == '#' && k > p &&
				    (text[k - 1] == ' ' || text[k - 1] == '\t')) {
					ve = k;
					break;
				}
			}
			while (ve > p && (text[ve - 1] == ' ' || text[ve - 1] == '\t' ||
					  text[ve - 1] == '\r'))
				ve--;
			strbuf_add(&sb, text + p, ve - p);
		}
		if (sb.failed) {
			strbuf_free(&sb);
			return BH_ENOMEM;
		}
		const char *raw = strbuf_str(&sb);
		struct cmp_kv kv;
		memset(&kv, 0, sizeof(kv));
		kv.name.v = arena_strndup(a, text + ns, nlen);
		kv.name.line = line;
		kv.name.col = 1;
		kv.value.raw = arena_strdup(a, raw);
		kv.value.v = interp ? cmp_interpolate(a, raw, dotenv_look, &dl,
						      &kv.value.unresolved)
				    : kv.value.raw;
		strbuf_free(&sb);
		if (!kv.name.v || !kv.value.v)
			return a->over_cap ? BH_ELIMIT : BH_ENOMEM;
		if (out->n == cap) {
			size_t ncap = cap ? cap * 2 : 8;
			struct cmp_kv *nv = arena_grow(a, out->v, out->n, ncap,
						       sizeof(*nv));
			if (!nv)
				return a->over_cap ? BH_ELIMIT : BH_ENOMEM;
			out->v = nv;
			cap = ncap;
		}
		out->v[out->n++] = kv;
	}
	return BH_OK;
}

const char *cmp_image_repo_name(struct arena *a, const char *image)
{
	if (!image)
		return NULL;
	size_t n = strcspn(image, "@");
	const char *slash = NULL;
	for (size_t i = 0; i < n; i++)
		if (image[i] == '/')
			slash = image + i;
	const char *start = slash ? slash + 1 : image;
	size_t l = (size_t)(image + n - start);
	const char *colon = memchr(start, ':', l);
	if (colon)
		l = (size_t)(colon - start);
	return arena_strndup(a, start, l);
}
