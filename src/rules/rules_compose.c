/* SPDX-License-Identifier: Apache-2.0
 *
 * rules_compose.c - the Compose rule family (BH2001-BH2999).
 *
 * This file owns the Compose rows of the rule table and their checks:
 * service users, image pins, secrets in environment, health checks,
 * published ports, the hardening keys (read_only, security_opt,
 * cap_drop), capabilities graded by risk (the grades are
 * src/rules/cap_risk.c, shared with Kubernetes), privileged mode, host
 * namespaces, host mounts and sockets, devices, sysctls, limits and
 * restart policies.  It reads only the struct cmp_model; it does not
 * parse YAML or interpolate variables (src/model/cmp_model.c).
 *
 * Positions: a finding points at the key or list item that is wrong; a
 * missing key is reported at the service's name.  With several merged
 * files, each finding names the file its key came from.
 *
 * Services are judged on their effective definition: `extends:` is
 * resolved before the rules run (src/core/cmp_extends.c), so a key a
 * service inherits is reported where the base writes it, and a key
 * neither sets is missing.  The one `extends:` left in the model is a
 * remote one (extends.file a git or OCI reference, which is not fetched):
 * such a service is not judged on missing keys (has_extends).  A service
 * built from a Dockerfile (`build:`) is judged like any other here; after
 * the run, src/core/link.c drops BH2002 / BH2007 / BH2009 when the
 * Dockerfile's USER / HEALTHCHECK settle them.
 *
 * One rule, several inputs: a row whose meaning holds for a running
 * container also names the check of `bulkhead inspect` JSON that judges
 * it (RUNTIME_TOO: check2 of rules_runtime.c, fix2 in `docker run`
 * terms, and the CIS Docker Benchmark item), so both inputs report the
 * one id (docs/decisions.md "Runtime rules").
 *
 * Fixes edit a service's own mapping only: not an alias, not a service
 * from another file, not an anchor other services share (those are
 * refused with why, bh_fix_refuse(); a service writing only `<<: *base`
 * gets its keys above the `<<`).
 *
 * Tests: tests/cases/compose/BH2xxx-*.case, tests/cases/runtime/
 * (second input), tests/unit/compose/; the fixes: tests/fix/cmp-*,
 * tests/suites/fix.sh.
 */
#include "families.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cap_risk.h"
#include "host_path.h"
#include "cmdpw.h"
#include "rt_checks.h"
#include "java_sign.h"
#include "../core/config.h"
#include "../model/cmp_model.h"
#include "../model/df_model.h"
#include "../secrets/secrets.h"
#include "../util/strbuf.h"

/* One rule, several inputs (check.h: target2): the row also judges
 * running containers with a check of rules_runtime.c (rt_checks.h), whose
 * findings carry "fix_", the fix in `docker run` terms. */
#define RUNTIME_TOO(fn_, fix_) \
	.target2 = BH_TARGET_RUNTIME, .check2 = fn_, .fix2 = fix_

#define COMPOSE(id_, sev_, practice_) \
	.id = id_, .severity = sev_, .practice = practice_, \
	.target = BH_TARGET_COMPOSE

/* ---- reporting ---- */

struct pos {
	int file, line, col, len;
};

static struct pos pos_str(const struct cmp_str *s)
{
	struct pos p = { s->file, s->line, s->col,
			 s->raw ? (int)strlen(s->raw) : 0 };
	if (s->node && s->node->kind == YML_SCALAR && s->node->end_line ==
	    s->node->line && s->node->end_col > s->node->col)
		p.len = s->node->end_col - s->node->col;
	return p;
}

static struct pos pos_name(const struct cmp_service *s)
{
	return pos_str(&s->name);
}

/* The key "key" of the service, or its name when the key is absent. */
static struct pos pos_key(const struct cmp_service *s, const char *key)
{
	const struct yml_pair *p = yml_get_pair(s->node, key);
	if (!p)
		return pos_name(s);
	struct pos r = { p->key->file, p->key->line, p->key->col,
			 (int)p->key->len };
	return r;
}

static void rep(struct bh_check *c, const struct bh_rule *r, struct pos p,
		const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* Reports the message at "p" in the file that holds it (a merged or
 * extended service's key may sit in another file), hiding "hide" when not
 * NULL; formatted once, cut as a 1024-byte buffer cuts it. */
static void rep_in_file(struct bh_check *c, const struct bh_rule *r,
			struct pos p, const struct bh_span *hide,
			const char *fmt, va_list ap)
	__attribute__((format(printf, 5, 0)));

static void rep_in_file(struct bh_check *c, const struct bh_rule *r,
			struct pos p, const struct bh_span *hide,
			const char *fmt, va_list ap)
{
	const struct cmp_model *m = c->compose;
	const char *file = c->file, *text = c->text;
	size_t len = c->text_len;
	if (m->files && p.file >= 0 && (size_t)p.file < m->nfiles) {
		c->file = m->files[p.file].path;
		c->text = m->files[p.file].text;
		c->text_len = m->files[p.file].len;
	}
	struct bh_span at = bh_span_at(p.line, p.col, p.len);
	bh_vreport_cut(c, r, at, hide ? *hide : (struct bh_span){ 0, 0, 0, 0 },
		       1024, fmt, ap);
	c->file = file;
	c->text = text;
	c->text_len = len;
}

static void rep(struct bh_check *c, const struct bh_rule *r, struct pos p,
		const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	rep_in_file(c, r, p, NULL, fmt, ap);
	va_end(ap);
}

/* Like rep(), for a finding at "p" (a key) that reports the secret value
 * at "hide" (same file). */
static void rep_secret(struct bh_check *c, const struct bh_rule *r,
		       struct pos p, struct bh_span hide, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

static void rep_secret(struct bh_check *c, const struct bh_rule *r,
		       struct pos p, struct bh_span hide, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	rep_in_file(c, r, p, &hide, fmt, ap);
	va_end(ap);
}

#define SVC(s) ((s)->name.v)

/* The service extends a remote file's service, which was not fetched,
 * so a key it lacks may come from there (local extends are resolved and
 * leave no `extends` key). */
static bool has_extends(const struct cmp_service *s)
{
	return yml_get(s->node, "extends") != NULL;
}

/* A value that is given: present and not empty after interpolation. */
static bool given(const struct cmp_str *s)
{
	return s->v && *s->v;
}

static bool is_true(const struct cmp_str *s)
{
	bool v = false;
	return cmp_bool(s, &v) && v;
}

/* The fix helpers (defined with the hardening keys' fixes, below). */
static int byte_at(const struct bh_check *c, int line, int col, size_t *off);
static bool own_pair(const struct yml_node *map, const struct yml_pair *p);
static const struct cmp_service *fix_service(struct bh_check *c,
					     const struct bh_rule *r,
					     const struct bh_finding *f);
static const struct cmp_service *find_fix_service(const struct bh_check *c,
						  const struct bh_finding *f);
static void fix_add_keys(struct bh_check *c, const struct bh_rule *r,
			 const struct cmp_service *s, const char *const *keys,
			 const char *const *const *lists, const char *note);
static void fix_add_keys_as(struct bh_check *c, const struct bh_rule *r,
			    const struct cmp_service *s,
			    const char *const *keys,
			    const char *const *const *lists, bool block,
			    const char *note);

/* ---- users ---- */

/* Whether the service names a user: "user:" empty, null, ~ or "" names
 * none (Compose runs the image's). */
static bool user_given(const struct cmp_service *s)
{
	return given(&s->user) && !yml_is_null(s->user.node);
}

static void check_bh2001(struct bh_check *c, const struct bh_rule *r)
{
	const struct cmp_model *m = c->compose;
	for (size_t i = 0; i < m->nservices; i++) {
		const struct cmp_service *s = &m->services[i];
		if (given(&s->user) && !s->user.unresolved &&
		    img_user_is_root(s->user.v))
			rep(c, r, pos_key(s, "user"),
			    "service \"%s\" runs as root (user: %s)", SVC(s),
			    s->user.v);
	}
}

/* Whether service "s" may lose its root user: it neither adds
 * capabilities nor is privileged (a non-root process does not get them:
 * its author chose root for them). */
static bool root_user_replaceable(const struct cmp_service *s)
{
	bool priv = false;
	return s->user.v && !s->user.unresolved && !s->cap_add.n &&
	       !(s->privileged.v && cmp_bool(&s->privileged, &priv) && priv);
}

/* Fix: the root user's value ("root", 0, "root:root", "0:0", quoted or
 * not, on one line) becomes "UID:UID" from fix.uid, as BH2002 writes it.
 * Not for a service that adds capabilities or is privileged, nor when
 * the value is shared with one that does (an anchor merged with <<, or
 * an alias: the one value is every sharer's user), nor a value that is
 * interpolated, spread over lines or from another file. */
static void fix_bh2001(struct bh_check *c, const struct bh_rule *r,
		       const struct bh_finding *f)
{
	const struct cmp_service *s = fix_service(c, r, f);
	if (!s || !img_user_is_root(s->user.v) || strchr(s->user.v, '$'))
		return;
	if (!root_user_replaceable(s)) {
		if (!s->user.unresolved)
			bh_fix_refuse(c, r, f->span.line, f->span.col, "service "
				      "\"%s\" adds capabilities or is privileged, "
				      "which a non-root user does not get (its "
				      "author chose root for them)", SVC(s));
		return;
	}
	const struct yml_node *v = s->user.node;
	for (size_t i = 0; v && i < c->compose->nservices; i++) {
		const struct cmp_service *o = &c->compose->services[i];
		if (o->user.node == v && !root_user_replaceable(o)) {
			bh_fix_refuse(c, r, f->span.line, f->span.col, "its "
				      "user: value is also service \"%s\"'s, "
				      "which adds capabilities or is privileged",
				      SVC(o));
			return;
		}
	}
	size_t at;
	if (!v || v->kind != YML_SCALAR || v->file != 0 ||
	    v->end_line != v->line || byte_at(c, v->line, v->col, &at) < 0)
		return;
	size_t n = (size_t)(v->end_col - v->col), vl = strlen(s->user.v);
	if (at + n > c->text_len)
		return;
	const char *t = c->text + at;
	bool plain = n == vl && !memcmp(t, s->user.v, vl);
	bool quoted = n == vl + 2 && (t[0] == '"' || t[0] == '\'') &&
		      t[n - 1] == t[0] && !memcmp(t + 1, s->user.v, vl);
	if (!plain && !quoted)
		return;
	const char *from;
	long uid = bh_fix_uid(c, &from);
	const char *note = arena_printf(c->arena, "user %ld:%ld, %s", uid, uid,
					from);
	/* quoted as written (plain: double quotes, as YAML 1.1 reads a
	   plain 10001:10001 as a base-60 number) */
	char q = quoted ? t[0] : '"';
	const char *nv = arena_printf(c->arena, "%c%ld:%ld%c", q, uid, uid, q);
	if (note && nv)
		bh_fix_edit(c, r, at, at + n, nv, note);
}

static const struct bh_rule rule_bh2001 = {
	COMPOSE("BH2001", BH_SEV_HIGH, "non-root-user"),
	RUNTIME_TOO(rt_check_root_user,
		    "Run it with `--user 10001:10001` (or a USER in the image)."),
	.cis = "4.1",
	.title = "Service runs as root",
	.why = "user: root or 0 makes the container's process root on "
	       "the host kernel; an escape or a mounted path gives full "
	       "control.",
	.title2 = "Container runs as root",
	.why2 = "Config.User root, 0 or empty (inspect shows the image's user "
		"merged in: empty is root) makes the container's process root "
		"on the host kernel; an escape or a mounted path gives full "
		"control.",
	.fix = "Set `user: \"10001:10001\"` (a UID that owns only what "
	       "the service needs).",
	.check = check_bh2001,
	.fix_fn = fix_bh2001,
	.fix_risk = "a service that needs root fails: one that writes to "
		    "root-owned volumes or image paths, changes owners, or "
		    "runs an entrypoint that drops privileges itself (gosu, "
		    "su-exec: many official database images start as root "
		    "for that); give those paths to the UID or keep root "
		    "with cap_drop: [ALL] and the capabilities it needs.",
};

static void check_bh2002(struct bh_check *c, const struct bh_rule *r)
{
	const struct cmp_model *m = c->compose;
	for (size_t i = 0; i < m->nservices; i++) {
		const struct cmp_service *s = &m->services[i];
		/* "user:" empty, null or "" is no user (Compose runs the
		   image's); an unresolved ${VAR} is not judged */
		if (user_given(s) || s->user.unresolved ||
		    (!s->has_build && !given(&s->image)) || has_extends(s))
			continue;
		rep(c, r, pos_name(s),
		    "service \"%s\" sets no user:, so it runs as the image's "
		    "default user (root for most images)", SVC(s));
	}
}

/* Fix: "user: \"UID:UID\"", UID from fix.uid (default 10001), named in
 * the edit's note. */

static void fix_bh2002(struct bh_check *c, const struct bh_rule *r,
		       const struct bh_finding *f)
{
	const struct cmp_service *s = fix_service(c, r, f);
	if (!s || s->user.v || yml_get_pair(s->node, "user"))
		return;
	const char *from;
	long uid = bh_fix_uid(c, &from);
	const char *note = arena_printf(c->arena, "user %ld:%ld, %s", uid, uid,
					from);
	const char *v = arena_printf(c->arena, "\"%ld:%ld\"", uid, uid);
	if (!note || !v)
		return;
	const char *const keys[] = { "user", v, NULL };
	fix_add_keys(c, r, s, keys, NULL, note);
}

static const struct bh_rule rule_bh2002 = {
	COMPOSE("BH2002", BH_SEV_MEDIUM, "non-root-user"),
	.cis = "4.1",
	.flags = BH_RULE_LINK(BH_LINK_CMP_NO_USER),  /* core/link.c joins it */
	.title = "Service sets no user",
	.why = "Without user: the service runs as the image's default "
	       "user, which is root for most public images.",
	.fix = "Add `user: \"10001:10001\"` to the service, or use an "
	       "image that runs as non-root.",
	.check = check_bh2002,
	.fix_fn = fix_bh2002,
	.fix_risk = "an image whose process needs root (it binds a port below "
		     "1024, writes files owned by root, or switches users "
		     "itself) fails: give that UID the files it needs, or set "
		     "fix.uid to the UID the image expects",
};

static void check_bh2003(struct bh_check *c, const struct bh_rule *r)
{
	const struct cmp_model *m = c->compose;
	for (size_t i = 0; i < m->nservices; i++) {
		const struct cmp_service *s = &m->services[i];
		if (!user_given(s) || s->user.unresolved ||
		    img_user_is_root(s->user.v))
			continue;
		const char *u = s->user.v;
		if (!img_user_is_numeric(u))
			rep(c, r, pos_key(s, "user"),
			    "service \"%s\": user \"%s\" is a name, not a "
			    "numeric UID:GID", SVC(s), u);
	}
}

static const struct bh_rule rule_bh2003 = {
	COMPOSE("BH2003", BH_SEV_LOW, "numeric-uid"),
	RUNTIME_TOO(rt_check_user_name,
		    "Use the numeric form, e.g. `--user 10001:10001`."),
	.title = "user: is a name, not a numeric UID",
	.why = "A user name is resolved inside the image and could map "
	       "to UID 0; only a numeric UID can be verified.",
	.title2 = "Container user is a name, not a numeric UID",
	.fix = "Use the numeric form, e.g. `user: \"10001:10001\"`.",
	.check = check_bh2003,
};

/* ---- images ---- */

/* The tag of "image" (after the last '/'), or NULL; *digest set when
 * pinned with @sha256:... */
static const char *image_tag(const char *image, size_t *taglen, bool *digest)
{
	*digest = strchr(image, '@') != NULL;
	size_t n = strcspn(image, "@");
	const char *last = image;
	for (size_t i = 0; i < n; i++)
		if (image[i] == '/')
			last = image + i + 1;
	const char *colon = memchr(last, ':', (size_t)(image + n - last));
	if (!colon) {
		*taglen = 0;
		return NULL;
	}
	*taglen = (size_t)(image + n - colon - 1);
	return colon + 1;
}

static void check_bh2004(struct bh_check *c, const struct bh_rule *r)
{
	const struct cmp_model *m = c->compose;
	for (size_t i = 0; i < m->nservices; i++) {
		const struct cmp_service *s = &m->services[i];
		if (!given(&s->image) || s->image.unresolved)
			continue;
		size_t tl;
		bool digest;
		const char *tag = image_tag(s->image.v, &tl, &digest);
		if (digest)
			continue;
		if (!tag || tl == 0)
			rep(c, r, pos_str(&s->image),
			    "service \"%s\": image \"%s\" has no tag, so it "
			    "means :latest", SVC(s), s->image.v);
		else if (tl == 6 && !strncmp(tag, "latest", 6))
			rep(c, r, pos_str(&s->image),
			    "service \"%s\": image \"%s\" uses :latest", SVC(s),
			    s->image.v);
	}
}

/* Fix (BH2004, BH2005) with `fix --pins FILE`: the image value, written
 * as the reference (no ${VAR}), becomes name:tag@sha256:... from the
 * pins file. */
static void fix_bh2004(struct bh_check *c, const struct bh_rule *r,
		       const struct bh_finding *f)
{
	const struct cmp_model *m = c->compose;
	for (size_t i = 0; i < m->nservices; i++) {
		const struct cmp_service *s = &m->services[i];
		const struct yml_node *v = s->image.node;
		if (!v || v->file != 0 || s->image.file != 0 ||
		    f->span.line != s->image.line || f->span.col != s->image.col)
			continue;
		if (!s->image.raw || !s->image.v || strcmp(s->image.raw, s->image.v))
			return;   /* interpolated */
		const char *note = NULL;
		const char *ref = bh_fix_pinned(c, s->image.v, strlen(s->image.v),
						&note);
		if (ref)
			bh_fix_yaml_string(c, r, v, 0, ref, note);
		return;
	}
}

static const struct bh_rule rule_bh2004 = {
	COMPOSE("BH2004", BH_SEV_MEDIUM, "pin-base-image"),
	.title = "Image untagged or :latest",
	.why = "An untagged or :latest image changes under you: every "
	       "pull can bring different code and vulnerabilities.",
	.fix = "Pin a version tag, best with a digest: "
	       "`image: nginx:1.27@sha256:...`.",
	.trivy = "USR-COMPOSE-0001",
	.check = check_bh2004,
	.fix_fn = fix_bh2004,
	.fix_risk = "the pinned image is what the pins file names: a tag "
		    "other than the one :latest meant, or an older build, "
		    "changes what the service runs.",
	.flags = BH_RULE_FIX_PINS,
};

static void check_bh2005(struct bh_check *c, const struct bh_rule *r)
{
	const struct cmp_model *m = c->compose;
	for (size_t i = 0; i < m->nservices; i++) {
		const struct cmp_service *s = &m->services[i];
		if (!given(&s->image) || s->image.unresolved)
			continue;
		size_t tl;
		bool digest;
		const char *tag = image_tag(s->image.v, &tl, &digest);
		if (!digest && tag && tl && !(tl == 6 && !strncmp(tag, "latest", 6)))
			rep(c, r, pos_str(&s->image),
			    "service \"%s\": image \"%s\" is pinned by tag, not "
			    "by digest", SVC(s), s->image.v);
	}
}

static const struct bh_rule rule_bh2005 = {
	COMPOSE("BH2005", BH_SEV_INFO, "pin-base-image"),
	.title = "Image pinned by tag, not digest",
	.why = "Tags are mutable; only a digest names exactly one image.",
	.fix = "Append the digest: `image: nginx:1.27@sha256:...`.",
	.check = check_bh2005,
	.fix_fn = fix_bh2004,
	.fix_risk = "the digest is what the pins file names for that tag: "
		    "an older or newer build than the one the tag points at "
		    "today is what the service runs until the pin is "
		    "updated.",
	.flags = BH_RULE_FIX_PINS,
};

/* ---- secrets ---- */

/* Where the value of "kv" is written: the value node of the map form, or
 * the part of a "NAME=value" list item after '=' (quotes excluded). */
static struct bh_span kv_value_span(const struct cmp_kv *kv)
{
	const struct yml_node *n = kv->value.node;
	if (!n || n != kv->name.node)
		return yml_value_span(n);
	struct bh_span s = yml_value_span(n);
	s.line = kv->value.line;
	s.col = kv->value.col;
	if (s.end_line == s.line && s.end_col < s.col)
		s.end_col = s.col;
	return s;
}

static void check_kvs_secrets(struct bh_check *c, const struct bh_rule *r,
			      const struct cmp_service *s,
			      const struct cmp_kvs *kvs, const char *where)
{
	for (size_t k = 0; k < kvs->n; k++) {
		const struct cmp_kv *kv = &kvs->v[k];
		if (!kv->value.raw || !kv->name.v)
			continue;
		struct sec_match sm;
		memset(&sm, 0, sizeof(sm));
		if (!sec_check_assignment(kv->name.v, kv->value.raw, &sm))
			continue;
		char masked[64];
		bh_mask_secret(kv->value.raw, masked, sizeof(masked));
		struct pos at = pos_str(&kv->name);
		struct bh_span hide = kv_value_span(kv);
		if (kv->name.node && kv->name.node == kv->value.node)
			at.len = (int)strlen(kv->name.v) +
				 (kv->name.node->style == YML_PLAIN ? 0 : 1);
		rep_secret(c, r, at, hide,
			   "service \"%s\": %s %s holds a literal secret "
			   "(%s: %s)", SVC(s), where, kv->name.v,
			   sm.title ? sm.title : "secret", masked);
	}
}

/* Passwords on a service's command lines (cmdpw.h): command,
 * entrypoint, healthcheck.test, as the YAML writes them (an interpolated
 * ${VAR} is a reference, not a literal). */
#define CMD_PW_SEEN 64

struct cmd_pw {
	struct bh_check *c;
	const struct bh_rule *r;
	const struct cmp_service *s;
	const char *where;
	const struct yml_node *node;       /* the scalar, or the list */
	size_t base;                       /* list index of word 0 */
	/* entrypoint + command joined: words from n1 on are "node2"'s
	 * items (where2 its key); 0 and NULL otherwise */
	size_t n1;
	const struct yml_node *node2;
	const char *where2;
	/* the places reported for this service (the joined lists and
	 * each list alone may find one password twice) */
	struct bh_span *seen;
	size_t *nseen;
};

static void on_cmd_password(void *ctx, size_t word, const char *pw,
			    size_t len, const char *how, const char *tool)
{
	struct cmd_pw *x = ctx;
	const struct cmp_model *m = x->c->compose;
	const struct yml_node *n = x->node;
	const char *where = x->where;
	if (x->node2 && word >= x->n1) {
		n = x->node2;
		where = x->where2;
		word -= x->n1;
	} else if (yml_is_seq(n))
		word += x->base;
	if (yml_is_seq(n))
		n = word < n->n ? n->items[word] : NULL;
	if (!n)
		return;
	char val[256], masked[64];
	if (len >= sizeof(val))
		len = sizeof(val) - 1;
	memcpy(val, pw, len);
	val[len] = '\0';
	bh_mask_secret(val, masked, sizeof(masked));
	struct pos at = { n->file, n->line, n->col, 0 };
	struct bh_span hide = yml_value_span(n);
	int line, col;
	if (m->files && n->file >= 0 && (size_t)n->file < m->nfiles &&
	    cmdpw_locate(m->files[n->file].text, m->files[n->file].len,
			 n->line, n->col, n->end_line ? n->end_line + 1 : 0,
			 pw, len, &line, &col)) {
		at.line = line;
		at.col = col;
		at.len = (int)len;
		hide = bh_span_at(line, col, (int)len);
	}
	for (size_t i = 0; x->seen && i < *x->nseen; i++)
		if (x->seen[i].line == hide.line && x->seen[i].col == hide.col)
			return;
	if (x->seen && *x->nseen < CMD_PW_SEEN)
		x->seen[(*x->nseen)++] = hide;
	rep_secret(x->c, x->r, at, hide,
		   "service \"%s\": %s holds a secret: password %s %s (%s)",
		   SVC(x->s), where, how, tool ? tool : "", masked);
}

/* The scalars of list "n" as words (NULL for any other item). */
static const char *const *words_of(struct bh_check *c,
				   const struct yml_node *n, size_t from)
{
	if (!yml_is_seq(n) || n->n > 1024)
		return NULL;
	const char **w = arena_array(c->arena, n->n + 1, sizeof(*w));
	if (!w)
		return NULL;
	for (size_t i = 0; i < n->n; i++)
		w[i] = i >= from && yml_is_scalar(n->items[i]) &&
		       !yml_is_null(n->items[i]) ? n->items[i]->str : NULL;
	return w;
}

static void check_cmd_passwords(struct bh_check *c, const struct bh_rule *r,
				const struct cmp_service *s)
{
	static const char *const keys[] = { "command", "entrypoint",
					     "healthcheck.test" };
	/* both lists: the container runs entrypoint + command, one list
	 * (a -c string or an option's value may cross from one to the
	 * other); each list is judged alone too (the entrypoint may be a
	 * wrapper the shell model does not see through: tini --), a place
	 * reported once */
	const struct yml_node *ep = yml_get_path(s->node, "entrypoint"),
			      *cm = yml_get_path(s->node, "command");
	bool joined = yml_is_seq(ep) && yml_is_seq(cm) && ep->n && cm->n &&
		      ep->n + cm->n <= 1024;
	struct bh_span seen[CMD_PW_SEEN];
	size_t nseen = 0;
	if (joined) {
		const char *const *we = words_of(c, ep, 0);
		const char *const *wc = words_of(c, cm, 0);
		const char **w = we && wc ? arena_array(c->arena,
							 ep->n + cm->n,
							 sizeof(*w)) : NULL;
		if (w) {
			memcpy(w, we, ep->n * sizeof(*w));
			memcpy(w + ep->n, wc, cm->n * sizeof(*w));
			struct cmd_pw x = { c, r, s, "entrypoint", ep, 0,
					    ep->n, cm, "command", seen,
					    &nseen };
			cmdpw_scan_argv(c->arena, w, ep->n + cm->n,
					on_cmd_password, &x);
		}
	}
	for (size_t k = 0; k < 3; k++) {
		const struct yml_node *n = yml_get_path(s->node, keys[k]);
		struct cmd_pw x = { c, r, s, keys[k], n, 0, 0, NULL, NULL,
				    seen, &nseen };
		if (yml_is_scalar(n) && !yml_is_null(n)) {
			/* a string: split like a shell line (a string test:
			 * is CMD-SHELL) */
			cmdpw_scan_script(c->arena, n->str, n->len, 0,
					  on_cmd_password, &x);
			continue;
		}
		if (!yml_is_seq(n) || !n->n)
			continue;
		const struct yml_node *first = n->items[0];
		if (k == 2 && yml_scalar_eq(first, "CMD-SHELL")) {
			if (n->n >= 2 && yml_is_scalar(n->items[1]))
				cmdpw_scan_script(c->arena, n->items[1]->str,
						  n->items[1]->len, 1,
						  on_cmd_password, &x);
			continue;
		}
		size_t from = k == 2 && yml_scalar_eq(first, "CMD") ? 1 : 0;
		if (k == 2 && !from)
			continue; /* NONE */
		const char *const *w = words_of(c, n, from);
		x.base = from;
		if (w)
			cmdpw_scan_argv(c->arena, w + from, n->n - from,
					on_cmd_password, &x);
	}
}

static void check_bh2006(struct bh_check *c, const struct bh_rule *r)
{
	const struct cmp_model *m = c->compose;
	for (size_t i = 0; i < m->nservices; i++) {
		const struct cmp_service *s = &m->services[i];
		check_kvs_secrets(c, r, s, &s->environment, "environment");
		check_kvs_secrets(c, r, s, &s->build_args, "build arg");
		check_cmd_passwords(c, r, s);
	}
}

/* Fix (environment only): for the official images whose entrypoint reads
 * NAME_FILE (docker-library's file_env: postgres, mysql, mariadb, mongo,
 * wordpress; the variables of their own prefix), the entry becomes
 * NAME_FILE=/run/secrets/name, the service lists the secret "name"
 * (lower case), and the file's top-level secrets: gets "name:
 * {environment: NAME}": Compose reads the value from NAME in the
 * environment of `docker compose up` (or .env), so the value leaves the
 * file and is never written anywhere by the fix.  A service without a
 * secrets: list gets one, from its first kept finding's fix, naming all
 * its movable secrets; a secret name the file already declares is left
 * alone. */
static bool file_env_image(const char *image, const char *name)
{
	static const char *const known[][3] = {
		{ "postgres", "POSTGRES_", NULL },
		{ "mysql", "MYSQL_", NULL },
		{ "mariadb", "MARIADB_", "MYSQL_" },
		{ "mongo", "MONGO_INITDB_", NULL },
		{ "wordpress", "WORDPRESS_", NULL },
	};
	if (!image || !name)
		return false;
	static const char *const ns[] = { "", "library/", "docker.io/",
					  "docker.io/library/" };
	size_t n = strcspn(image, ":@");
	for (size_t k = 0; k < sizeof(known) / sizeof(known[0]); k++)
		for (size_t j = 0; j < sizeof(ns) / sizeof(ns[0]); j++) {
			size_t a = strlen(ns[j]), b = strlen(known[k][0]);
			if (n != a + b || strncmp(image, ns[j], a) ||
			    strncmp(image + a, known[k][0], b))
				continue;
			for (size_t q = 1; q < 3; q++)
				if (known[k][q] && !strncmp(name, known[k][q],
							    strlen(known[k][q])))
					return true;
		}
	return false;
}

/* The environment entry of "s" a finding at "f" points at, when it holds
 * a secret this fix can move (NULL otherwise). */
static const struct cmp_kv *fix_secret_env(const struct cmp_service *s,
					   const struct bh_finding *f)
{
	for (size_t k = 0; k < s->environment.n; k++) {
		const struct cmp_kv *kv = &s->environment.v[k];
		if (kv->name.line == f->span.line && kv->name.col == f->span.col &&
		    kv->name.file == 0)
			return kv;
	}
	return NULL;
}

/* Whether finding "f"'s rule also reported a kept finding at line:col
 * of f's file (c->out: the kept findings while fixes run). */
static bool kept_at(const struct bh_check *c, const struct bh_rule *r,
		    const struct bh_finding *f, int line, int col)
{
	for (size_t i = 0; c->out && i < c->out->n; i++) {
		const struct bh_finding *o = &c->out->v[i];
		if (o->rule == r && o->span.line == line && o->span.col == col &&
		    o->file && f->file && !strcmp(o->file, f->file))
			return true;
	}
	return false;
}

static bool secret_env(const struct cmp_kv *kv)
{
	struct sec_match sm;
	memset(&sm, 0, sizeof(sm));
	return kv->value.raw && kv->name.v &&
	       sec_check_assignment(kv->name.v, kv->value.raw, &sm);
}

static void fix_bh2006(struct bh_check *c, const struct bh_rule *r,
		       const struct bh_finding *f)
{
	const struct cmp_model *m = c->compose;
	const struct yml_node *root = m->root;
	const struct cmp_service *s = NULL;
	const struct cmp_kv *kv = NULL;
	for (size_t i = 0; i < m->nservices && !kv; i++) {
		s = &m->services[i];
		const struct yml_node *n = s->node;
		if (n && yml_is_map(n) && n->file == 0 && s->name.file == 0 &&
		    (n->line > s->name.line || (n->line == s->name.line &&
						n->col > s->name.col)))
			kv = fix_secret_env(s, f);
	}
	/* the reason when no edit is made and none more precise is said */
	bh_fix_why(c, "the secret is not an environment entry this file "
		   "writes on one line, or its name is not plain: move the "
		   "value out by hand");
	if (!kv) {
		bh_fix_why(c, "the secret is not in an environment: entry (a "
			   "command, entrypoint, healthcheck or build argument): "
			   "move the value out by hand (a ${VAR} reference)");
		return;
	}
	if (!root || !yml_is_map(root) || root->file != 0 || !secret_env(kv))
		return;
	if (!file_env_image(s->image.v, kv->name.v)) {
		bh_fix_why(c, "image %s is not one whose entrypoint reads "
			   "%s_FILE (postgres, mysql, mariadb, mongo, "
			   "wordpress): move the value out by hand (a ${VAR} "
			   "reference)", s->image.v ? s->image.v : "(none)",
			   kv->name.v);
		return;
	}
	const char *name = kv->name.v;
	size_t nl = strlen(name);
	if (nl > 64 || strspn(name, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_") != nl)
		return;
	char low[72], entry[160], env[80];
	for (size_t k = 0; k <= nl; k++)
		low[k] = (char)tolower((unsigned char)name[k]);
	/* the entry, on one line: "NAME: value" (plain key) or "- NAME=value" */
	const struct yml_node *kn = kv->name.node, *vn = kv->value.node;
	if (!kn || !vn || kn->line != vn->end_line || kn->file != 0)
		return;
	size_t from, to;
	if (byte_at(c, kn->line, kn->col, &from) < 0 ||
	    byte_at(c, vn->end_line, vn->end_col - 1, &to) < 0)
		return;
	to++;
	if (kn == vn) {
		snprintf(entry, sizeof(entry), "%s_FILE=/run/secrets/%s", name, low);
	} else {
		if (kn->style != YML_PLAIN || (size_t)(kn->end_col - kn->col) != nl ||
		    memcmp(c->text + from, name, nl))
			return;
		snprintf(entry, sizeof(entry), "%s_FILE: /run/secrets/%s", name, low);
	}
	/* the top-level declaration, unless the name is taken */
	const struct yml_node *top = yml_get_path(root, "secrets");
	if (top && (!yml_is_map(top) || yml_get_pair(top, low))) {
		bh_fix_why(c, "the top-level secrets: %s: the secret is not "
			   "declared again (move the value out by hand)",
			   !yml_is_map(top) ? "is no mapping"
					    : "already declares that name");
		return;
	}
	const struct yml_pair *sp = yml_get_pair(s->node, "secrets");
	/* no secrets: list yet: the fix of the service's first kept
	 * movable secret writes it with every such secret's name (one
	 * list, not one per finding) */
	const char *names[17];
	char lows[16][72];
	size_t nn = 0;
	bool first = true;
	if (!sp) {
		for (size_t k = 0; k < s->environment.n && nn < 16; k++) {
			const struct cmp_kv *o = &s->environment.v[k];
			if (o->name.file != 0 || !secret_env(o) ||
			    !file_env_image(s->image.v, o->name.v) ||
			    !kept_at(c, r, f, o->name.line, o->name.col))
				continue;
			size_t ol = strlen(o->name.v);
			if (ol > 64 || strspn(o->name.v, "ABCDEFGHIJKLMNOPQRST"
					      "UVWXYZ0123456789_") != ol)
				continue;
			if (o != kv && nn == 0)
				first = false;
			for (size_t q = 0; q <= ol; q++)
				lows[nn][q] = (char)tolower(
					(unsigned char)o->name.v[q]);
			names[nn] = lows[nn];
			nn++;
		}
		names[nn] = NULL;
		if (first && (!nn || strcmp(names[0], low)))
			return;
	} else if (!own_pair(s->node, sp) || !sp->value ||
		   sp->value->kind != YML_SEQ) {
		return;
	}
	char path[96];
	snprintf(path, sizeof(path), "secrets.%s", low);
	snprintf(env, sizeof(env), "%s", name);
	const char *const decl[] = { "environment", env, NULL };
	/* a block list (a flow list "secrets: [name]" reads as a secret to
	 * the diff's masking); dry run first: all three edits or none */
	const char *const *const lists[] = { names };
	const char *const add[] = { "secrets", NULL, NULL };
	const char *const probe[] = { "secrets", "x", NULL };
	if (!bh_fix_yaml_put(c, NULL, root, 0, path, decl, NULL) ||
	    (sp ? !bh_fix_yaml_add_item(c, NULL, sp->value, 0, low, NULL)
		: !bh_fix_yaml_put(c, NULL, s->node, 0, "", probe, NULL)))
		return;
	char note[160];
	snprintf(note, sizeof(note), "the value now comes from $%s where "
		 "docker compose runs (shell or .env): set it there", name);
	bh_fix_edit(c, r, from, to, entry, note);
	if (sp)
		bh_fix_yaml_add_item(c, r, sp->value, 0, low,
				     "secret listed (part of the same fix)");
	else if (first)
		fix_add_keys_as(c, r, s, add, lists, true,
				"secrets listed (part of the same fix)");
	bh_fix_yaml_put(c, r, root, 0, path, decl,
			"secret declared (part of the same fix)");
}

static const struct bh_rule rule_bh2006 = {
	COMPOSE("BH2006", BH_SEV_HIGH, "no-secrets-in-image"),
	RUNTIME_TOO(rt_check_secrets,
		    "Pass the secret as a file (`docker run --mount "
		    "type=bind,src=...,dst=/run/secrets/NAME,readonly` or a "
		    "swarm secret, read via NAME_FILE), never in `-e`, "
		    "`--label` or the command line; rotate a secret a "
		    "container already held."),
	.title = "Secret in environment, build args or command line",
	.title2 = "Container holds a secret in its environment, labels or "
		  "command line",
	.why2 = "A literal secret in Config.Env or Config.Labels is shown "
		"to anyone who can run `docker inspect` (every member of "
		"the docker group), kept in the container's config on disk "
		"and inherited by every process; a password on the command "
		"line (Config.Entrypoint, Config.Cmd, Path and Args, a "
		"health check) is in every `ps` on the host too.",
	.why = "A literal secret in the Compose file is in version "
	       "control, in `docker inspect` and in every process "
	       "listing of the container's environment; a password on "
	       "a command line (command, entrypoint, healthcheck.test: "
	       "redis-server --requirepass X, mysqld --password=X) is in "
	       "every `ps` too.",
	.fix = "Use Compose secrets: (mounted at /run/secrets/NAME, read "
	       "via NAME_FILE) or a ${VAR} reference filled from a "
	       "secret store.",
	.check = check_bh2006,
	.fix_fn = fix_bh2006,
	.fix_risk = "`docker compose up` fails until the variable is set in "
		    "its environment or .env; the image reads NAME_FILE only "
		    "in its entrypoint, so a custom entrypoint or command "
		    "that skips it sees no value.",
	.flags = BH_RULE_HIDES,
};

/* ---- health checks ---- */

static void check_bh2007(struct bh_check *c, const struct bh_rule *r)
{
	const struct cmp_model *m = c->compose;
	for (size_t i = 0; i < m->nservices; i++) {
		const struct cmp_service *s = &m->services[i];
		if (s->has_healthcheck || (!s->has_build && !given(&s->image)) ||
		    has_extends(s))
			continue;
		rep(c, r, pos_name(s), "service \"%s\" has no healthcheck:",
		    SVC(s));
	}
}

static const struct bh_rule rule_bh2007 = {
	COMPOSE("BH2007", BH_SEV_LOW, "healthcheck"),
	RUNTIME_TOO(rt_check_no_health,
		    "Add a HEALTHCHECK to the image or run with `--health-cmd`."),
	.cis = "5.27",
	.flags = BH_RULE_LINK(BH_LINK_CMP_NO_HEALTH),  /* core/link.c joins it */
	.title = "Service has no healthcheck",
	.why = "Without a health check Compose and orchestrators cannot "
	       "tell a hung service from a healthy one.",
	.title2 = "Container has no health check",
	.why2 = "Without a health check the runtime and orchestrators cannot "
		"tell a hung container from a healthy one.",
	.fix = "Add `healthcheck: {test: [\"CMD\", \"/healthz\"], "
	       "interval: 30s}` (or rely on a HEALTHCHECK in the image).",
	.other = "KICS:healthcheck_not_set",
	.check = check_bh2007,
};

static void check_bh2008(struct bh_check *c, const struct bh_rule *r)
{
	const struct cmp_model *m = c->compose;
	for (size_t i = 0; i < m->nservices; i++) {
		const struct cmp_service *s = &m->services[i];
		if (is_true(&s->healthcheck_disable))
			rep(c, r, pos_str(&s->healthcheck_disable),
			    "service \"%s\": healthcheck disabled "
			    "(disable: true)", SVC(s));
		else if (s->healthcheck_test.v &&
			 !strcmp(s->healthcheck_test.v, "NONE"))
			rep(c, r, pos_str(&s->healthcheck_test),
			    "service \"%s\": healthcheck disabled "
			    "(test: [\"NONE\"])", SVC(s));
	}
}

static const struct bh_rule rule_bh2008 = {
	COMPOSE("BH2008", BH_SEV_MEDIUM, "healthcheck"),
	RUNTIME_TOO(rt_check_health_off,
		    "Run without `--no-healthcheck`, or give a working `--health-cmd`."),
	.cis = "5.27",
	.title = "Healthcheck disabled",
	.why = "disable: true or test: [\"NONE\"] turns off the image's "
	       "own health check.",
	.why2 = "--no-healthcheck or a health check test of [\"NONE\"] turns "
		"off the image's own health check.",
	.fix = "Remove the override, or give a working test.",
	.other = "KICS:healthcheck_not_set",
	.check = check_bh2008,
};

/* ---- ports ---- */

static bool in_range(long p, long lo, long hi)
{
	return lo > 0 && p >= lo && p <= hi;
}

struct port_name {
	long port;
	const char *what;
};

static const struct port_name risky_ports[] = {
	{ 22, "SSH" },           { 23, "telnet" },
	{ 2375, "Docker API" },  { 2376, "Docker API (TLS)" },
	{ 5005, "Java debug (JDWP)" }, { 9229, "Node.js inspector" },
	{ 5678, "Python debugpy" },    { 2345, "Go delve debugger" },
	{ 3389, "RDP" },         { 5900, "VNC" },
	{ 1099, "Java RMI/JMX" },
};

/* A host address only the host itself reaches: 127.0.0.0/8, ::1,
 * localhost (brackets allowed). */
static bool loopback_ip(const char *ip)
{
	if (!ip || !*ip)
		return false;
	if (!strncmp(ip, "127.", 4) || !strcasecmp(ip, "localhost"))
		return true;
	return !strcmp(ip, "::1") || !strcmp(ip, "[::1]") ||
	       !strcasecmp(ip, "::ffff:127.0.0.1") ||
	       !strcasecmp(ip, "[::ffff:127.0.0.1]");
}

/* Whether the service shows it runs Java: its image, or an environment
 * entry naming java, JAVA_*, a .jar or jdwp (java_sign.h).  A service
 * built from a Dockerfile shows it there (BH1042, joined by core/link.c). */
static bool service_shows_java(const struct cmp_service *s)
{
	if (java_image(s->image.v))
		return true;
	for (size_t i = 0; i < s->environment.n; i++)
		if (java_text(s->environment.v[i].name.v) ||
		    java_text(s->environment.v[i].value.v))
			return true;
	return false;
}

static void check_bh2009(struct bh_check *c, const struct bh_rule *r)
{
	const struct cmp_model *m = c->compose;
	for (size_t i = 0; i < m->nservices; i++) {
		const struct cmp_service *s = &m->services[i];
		for (size_t k = 0; k < s->nports; k++) {
			const struct cmp_port *p = &s->ports[k];
			/* a debugger bound to the host's loopback is the
			 * intended local setup */
			if (!p->from_expose && loopback_ip(p->host_ip))
				continue;
			for (size_t j = 0; j < sizeof(risky_ports) / sizeof(risky_ports[0]); j++) {
				long rp = risky_ports[j].port;
				if (!in_range(rp, p->target_lo, p->target_hi) &&
				    !in_range(rp, p->host_lo, p->host_hi))
					continue;
				/* 5005 is JDWP only in a service that shows
				 * Java; 5005 in a range says nothing */
				if (rp == 5005 && (p->target_lo != p->target_hi ||
						   !service_shows_java(s)))
					continue;
				rep(c, r, pos_str(&p->spec),
				    "service \"%s\" %s port %ld (%s)", SVC(s),
				    p->from_expose ? "exposes" : "publishes", rp,
				    risky_ports[j].what);
				break;
			}
		}
	}
}

static const struct bh_rule rule_bh2009 = {
	COMPOSE("BH2009", BH_SEV_MEDIUM, "minimal-ports"),
	RUNTIME_TOO(rt_check_debug_port,
		    "Do not publish it; use `docker exec` instead of SSH."),
	.cis = "5.7, 5.9",
	.flags = BH_RULE_LINK(BH_LINK_CMP_DEBUG_PORT),  /* core/link.c joins it */
	.title = "SSH, remote-admin or debug port exposed",
	.why = "SSH, the Docker API and debugger ports give a shell or "
	       "code execution to whoever reaches them (a port published "
	       "only on 127.0.0.1, localhost or ::1 is not reported; port "
	       "5005 counts as the Java debugger only in a service that "
	       "shows Java: its image or a JAVA_*, java, .jar or jdwp "
	       "environment entry).",
	.why2 = "SSH, telnet, the Docker API, RDP, VNC, WinRM and debugger "
		"ports (JDWP 5005, Node.js 9229) give a shell or code "
		"execution to whoever reaches them (reported on any host "
		"address, loopback too).",
	.fix = "Remove the port; use `docker compose exec` instead of "
	       "SSH and attach debuggers only in a local override file.",
	.trivy = "DS-0004",
	.checkov = "CKV_DOCKER_1",
	.check = check_bh2009,
};

static void check_bh2010(struct bh_check *c, const struct bh_rule *r)
{
	const struct cmp_model *m = c->compose;
	for (size_t i = 0; i < m->nservices; i++) {
		const struct cmp_service *s = &m->services[i];
		for (size_t k = 0; k < s->nports; k++) {
			const struct cmp_port *p = &s->ports[k];
			if (p->from_expose || p->host_lo <= 0 || p->host_lo >= 1024)
				continue;
			rep(c, r, pos_str(&p->spec),
			    "service \"%s\" maps privileged host port %ld",
			    SVC(s), p->host_lo);
		}
	}
}

static const struct bh_rule rule_bh2010 = {
	COMPOSE("BH2010", BH_SEV_LOW, "minimal-ports"),
	RUNTIME_TOO(rt_check_priv_port,
		    "Map a high host port (`-p 8080:80`) behind a reverse proxy."),
	.cis = "5.8",
	.title = "Privileged host port mapped",
	.why = "Host ports below 1024 are privileged; mapping them is "
	       "rarely needed behind a proxy and widens exposure.",
	.fix = "Map a high host port (`8080:80`) and put a reverse proxy "
	       "in front if needed.",
	.other = "KICS:privileged_ports_mapped_in_container",
	.check = check_bh2010,
};

static bool all_interfaces(const char *ip)
{
	return !ip || !*ip || !strcmp(ip, "0.0.0.0") || !strcmp(ip, "::") ||
	       !strcmp(ip, "[::]");
}

static const char *const db_images[] = {
	"postgres", "postgresql", "postgis", "timescaledb", "mysql", "mariadb",
	"percona", "percona-server", "mongo", "mongodb", "mongodb-community-server",
	"redis", "redis-stack", "redis-stack-server", "valkey", "keydb",
	"dragonfly", "memcached", "elasticsearch", "opensearch", "rabbitmq",
	"cassandra", "scylla", "couchdb", "couchbase", "influxdb", "neo4j",
	"clickhouse-server", "clickhouse", "cockroach", "etcd", "zookeeper",
	"arangodb", "rethinkdb", "orientdb", "solr", "mssql-server",
	"oracle-free", "oracle-xe", "db2", "surrealdb", "questdb", "dgraph",
	"kafka", "nats", "mosquitto", "minio",
};

static const long db_ports[] = {
	5432, 3306, 6379, 6380, 27017, 27018, 9200, 9300, 11211, 5672, 9042,
	5984, 8086, 7687, 1433, 1521, 26257, 2379, 8529, 28015, 9092, 2181,
	4222, 1883, 8123, 9000 /* minio/clickhouse native */,
};

static bool is_db_image(struct bh_check *c, const struct cmp_service *s)
{
	if (!given(&s->image))
		return false;
	const char *name = cmp_image_repo_name(c->arena, s->image.v);
	if (!name)
		return false;
	/* the names are lower-case ASCII: a first byte that is neither case
	 * of theirs rules one out without a strcasecmp() */
	unsigned char first = (unsigned char)name[0] | 0x20u;
	for (size_t i = 0; i < sizeof(db_images) / sizeof(db_images[0]); i++)
		if (first == (unsigned char)db_images[i][0] &&
		    !strcasecmp(name, db_images[i]))
			return true;
	/* mcr.microsoft.com/mssql/server */
	return strstr(s->image.v, "mssql/server") != NULL;
}

static bool db_port(long lo, long hi)
{
	for (size_t i = 0; i < sizeof(db_ports) / sizeof(db_ports[0]); i++)
		if (in_range(db_ports[i], lo, hi))
			return true;
	return false;
}

static bool is_backend(struct bh_check *c, const struct cmp_service *s)
{
	if (is_db_image(c, s))
		return true;
	if (s->has_build || given(&s->image))
		for (size_t k = 0; k < s->nports; k++)
			if (db_port(s->ports[k].target_lo, s->ports[k].target_hi) &&
			    s->ports[k].target_lo != 9000)
				return true;
	return false;
}

static void check_bh2020(struct bh_check *c, const struct bh_rule *r)
{
	const struct cmp_model *m = c->compose;
	for (size_t i = 0; i < m->nservices; i++) {
		const struct cmp_service *s = &m->services[i];
		bool db = is_db_image(c, s);
		for (size_t k = 0; k < s->nports; k++) {
			const struct cmp_port *p = &s->ports[k];
			if (p->from_expose || !all_interfaces(p->host_ip))
				continue;
			bool dbp = db_port(p->target_lo, p->target_hi) &&
				   p->target_lo != 9000;
			if (!db && !dbp)
				continue;
			if (!dbp) {
				/* a database image's other port (SSH, a
				   web console): not a database port */
				rep(c, r, pos_str(&p->spec),
				    "service \"%s\" (a database/cache image) "
				    "publishes port %ld on all interfaces",
				    SVC(s), p->target_lo);
				continue;
			}
			rep(c, r, pos_str(&p->spec),
			    "service \"%s\" publishes %s port %ld on all "
			    "interfaces", SVC(s),
			    db ? "database/cache" : "a database/cache",
			    p->target_lo);
		}
	}
}

/* Fix: the published database port bound to the host's loopback.  Short
 * syntax (quoted or not): "5432:5432" -> "127.0.0.1:5432:5432", "5432"
 * -> "127.0.0.1::5432", "0.0.0.0:5432:5432" -> "127.0.0.1:5432:5432";
 * long syntax: "host_ip: 127.0.0.1" added (a plain 0.0.0.0 replaced).
 * Left alone: an interpolated spec, an IPv6 all-interfaces address, an
 * item that comes from another file. */
static void fix_bh2020(struct bh_check *c, const struct bh_rule *r,
		       const struct bh_finding *f)
{
	const struct cmp_model *m = c->compose;
	for (size_t i = 0; i < m->nservices; i++) {
		const struct cmp_service *s = &m->services[i];
		const struct yml_pair *pp = yml_get_pair(s->node, "ports");
		if (!pp || !yml_is_seq(pp->value) || !own_pair(s->node, pp))
			continue;
		for (size_t k = 0; k < s->nports; k++) {
			const struct cmp_port *p = &s->ports[k];
			if (p->from_expose || p->spec.file != 0 ||
			    p->spec.line != f->span.line ||
			    p->spec.col != f->span.col)
				continue;
			const struct yml_node *seq = pp->value;
			for (size_t j = 0; j < seq->n; j++) {
				const struct yml_node *it = seq->items[j];
				if (!it || it->file != 0)
					continue;
				if (yml_is_map(it) && it->line <= p->spec.line &&
				    (!it->end_line || it->end_line >= p->spec.line)) {
					/* the port is placed at the item or
					 * at its target's value */
					const struct yml_pair *t =
						yml_get_pair(it, "target");
					bool at_item = it->line == p->spec.line &&
						       it->col == p->spec.col;
					if (!at_item && (!t || !t->value ||
					    t->value->line != p->spec.line ||
					    t->value->col != p->spec.col))
						continue;
					static const char *const l[] = {
						"host_ip", "127.0.0.1", NULL };
					bh_fix_yaml_put(c, r, it, 0, "", l, NULL);
					return;
				}
				if (!yml_is_scalar(it) || it->line != p->spec.line ||
				    it->col != p->spec.col || it->end_line != it->line)
					continue;
				size_t at;
				int q = byte_at(c, it->line, it->col, &at);
				if (q == '"' || q == '\'')
					at++;
				else if (it->style != YML_PLAIN)
					return;
				const char *raw = it->str;
				size_t n = it->len;
				if (!raw || !n || memchr(raw, '$', n) ||
				    memchr(raw, '[', n) || at + n > c->text_len ||
				    memcmp(c->text + at, raw, n))
					return;   /* escapes, ${VAR}, IPv6 */
				size_t colons = 0;
				for (size_t b = 0; b < n; b++)
					colons += raw[b] == ':';
				if (colons == 0)
					bh_fix_edit(c, r, at, at, "127.0.0.1::", NULL);
				else if (colons == 1)
					bh_fix_edit(c, r, at, at, "127.0.0.1:", NULL);
				else if (colons == 2 && n > 8 &&
					 !memcmp(raw, "0.0.0.0:", 8))
					bh_fix_edit(c, r, at, at + 7, "127.0.0.1",
						    NULL);
				return;
			}
			return;
		}
	}
}

static const struct bh_rule rule_bh2020 = {
	COMPOSE("BH2020", BH_SEV_MEDIUM, "port-binding"),
	RUNTIME_TOO(rt_check_open_db_port,
		    "Do not publish it, or bind it to loopback: "
		    "`-p 127.0.0.1:5432:5432`."),
	.cis = "5.14",
	.title = "Database port published on all interfaces",
	.why = "A database or cache port published without a host IP is "
	       "reachable from every network the host is on, and Docker "
	       "bypasses host firewalls such as ufw.",
	.fix = "Do not publish it, or bind it to loopback: "
	       "`127.0.0.1:5432:5432`.",
	.other = "KICS:container_traffic_not_bound_to_host_interface",
	.check = check_bh2020,
	.fix_fn = fix_bh2020,
	.fix_risk = "other hosts (and containers reaching the host's address) "
		     "can no longer connect to the port: only the host itself "
		     "and the Compose network reach it",
};

static void check_bh2021(struct bh_check *c, const struct bh_rule *r)
{
	const struct cmp_model *m = c->compose;
	for (size_t i = 0; i < m->nservices; i++) {
		const struct cmp_service *s = &m->services[i];
		for (size_t k = 0; k < s->nports; k++) {
			const struct cmp_port *p = &s->ports[k];
			if (p->from_expose || !all_interfaces(p->host_ip))
				continue;
			rep(c, r, pos_str(&p->spec),
			    "service \"%s\" publishes port %ld on all "
			    "interfaces", SVC(s), p->target_lo);
		}
	}
}

static const struct bh_rule rule_bh2021 = {
	COMPOSE("BH2021", BH_SEV_INFO, "port-binding"),
	RUNTIME_TOO(rt_check_open_port,
		    "Bind to the interface that should serve it: "
		    "`-p 127.0.0.1:8080:80`."),
	.cis = "5.14",
	.title = "Port published on all interfaces",
	.why = "A published port without a host IP listens on every "
	       "interface of the host.",
	.fix = "Bind to the interface that should serve it, e.g. "
	       "`127.0.0.1:8080:80`.",
	.other = "KICS:container_traffic_not_bound_to_host_interface",
	.check = check_bh2021,
	.flags = BH_RULE_OFF_BY_DEFAULT,
};

/* ---- networks ---- */

static bool publishes(const struct cmp_service *s)
{
	for (size_t k = 0; k < s->nports; k++)
		if (!s->ports[k].from_expose)
			return true;
	return false;
}

/* A (network, service) membership, for sorting and searching. */
struct membership {
	const char *net;
	size_t svc;
};

static int cmp_membership(const void *a, const void *b)
{
	const struct membership *x = a, *y = b;
	int c = strcmp(x->net, y->net);
	return c ? c : (x->svc > y->svc) - (x->svc < y->svc);
}

/* The first membership of network "net" in sorted "v", or NULL. */
static const struct membership *find_net(const struct membership *v,
					 size_t n, const char *net)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (strcmp(v[mid].net, net) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n && !strcmp(v[lo].net, net) ? &v[lo] : NULL;
}

/* The networks "s" is on: its list, or "default" (none with
 * network_mode). */
static size_t service_nets(const struct cmp_service *s, const char **one)
{
	if (s->network_mode.v)
		return 0;
	if (!s->networks.n) {
		*one = "default";
		return 1;
	}
	return s->networks.n;
}

static const char *service_net(const struct cmp_service *s, size_t k,
			       const char *one)
{
	return s->networks.n ? s->networks.v[k].v : one;
}

/* Backends (databases, caches) that share a non-internal network with a
 * public service, without being on any internal network.  Sorted
 * memberships of public services keep this O(n log n) on hostile files. */
static void check_bh2022(struct bh_check *c, const struct bh_rule *r)
{
	const struct cmp_model *m = c->compose;
	if (!m->nservices)
		return;
	bool *backend = arena_array(c->arena, m->nservices, sizeof(*backend));
	if (!backend)
		return;
	size_t total = 0;
	for (size_t i = 0; i < m->nservices; i++) {
		const char *one;
		backend[i] = is_backend(c, &m->services[i]);
		total += service_nets(&m->services[i], &one);
	}
	struct membership *pub = arena_array(c->arena, total ? total : 1,
					     sizeof(*pub));
	if (!pub)
		return;
	size_t npub = 0;
	for (size_t i = 0; i < m->nservices; i++) {
		const struct cmp_service *p = &m->services[i];
		const char *one = NULL;
		size_t nn = service_nets(p, &one);
		if (backend[i] || !publishes(p))
			continue;
		for (size_t k = 0; k < nn; k++) {
			const char *net = service_net(p, k, one);
			if (net)
				pub[npub++] = (struct membership){ net, i };
		}
	}
	qsort(pub, npub, sizeof(*pub), cmp_membership);
	/* internal networks, sorted, as memberships of no service */
	struct membership *inner = arena_array(c->arena, m->nnetworks + 1,
					       sizeof(*inner));
	if (!inner)
		return;
	size_t ninner = 0;
	for (size_t i = 0; i < m->nnetworks; i++)
		if (m->networks[i].name.v && is_true(&m->networks[i].internal))
			inner[ninner++] = (struct membership){ m->networks[i].name.v, 0 };
	qsort(inner, ninner, sizeof(*inner), cmp_membership);
	for (size_t i = 0; i < m->nservices; i++) {
		const struct cmp_service *b = &m->services[i];
		const char *one = NULL;
		size_t nn = service_nets(b, &one);
		if (!backend[i] || !nn)
			continue;
		bool internal = false;
		const struct membership *hit = NULL;
		for (size_t k = 0; k < nn && !internal; k++) {
			const char *net = service_net(b, k, one);
			if (!net)
				continue;
			if (find_net(inner, ninner, net)) {
				internal = true;
				break;
			}
			const struct membership *f = find_net(pub, npub, net);
			if (f && !hit)
				hit = f;
		}
		if (internal || !hit)
			continue;
		rep(c, r, pos_key(b, "networks"),
		    "backend service \"%s\" shares non-internal network \"%s\" "
		    "with public service \"%s\"", SVC(b), hit->net,
		    SVC(&m->services[hit->svc]));
	}
}

static const struct bh_rule rule_bh2022 = {
	COMPOSE("BH2022", BH_SEV_MEDIUM, "network-isolation"),
	.title = "Backend service on a public network",
	.why = "A database that shares a non-internal network with a "
	       "public-facing service has outbound access and no "
	       "tier boundary.",
	.fix = "Put backends on a network with `internal: true`, shared "
	       "only with the services that need them.",
	.check = check_bh2022,
};

static void check_bh2023(struct bh_check *c, const struct bh_rule *r)
{
	const struct cmp_model *m = c->compose;
	for (size_t i = 0; i < m->nservices; i++) {
		const struct cmp_service *s = &m->services[i];
		if (s->has_networks_key || s->network_mode.v || has_extends(s))
			continue;
		rep(c, r, pos_name(s),
		    "service \"%s\" names no networks: (it joins the project's "
		    "default network)", SVC(s));
	}
}

static const struct bh_rule rule_bh2023 = {
	COMPOSE("BH2023", BH_SEV_INFO, "network-isolation"),
	.title = "Service names no networks",
	.why = "Every service without networks: joins the project's "
	       "default network and can reach every other service.",
	.fix = "Declare networks per tier and list them per service.",
	.other = "KICS:networks_not_set",
	.check = check_bh2023,
	.flags = BH_RULE_OFF_BY_DEFAULT,
};

/* ---- fixes (`bulkhead fix`): keys and list items added as text at the
 * service mapping's own positions, in the file's styles ---- */

/* Byte at line/col of the checked text, or -1. */
static int byte_at(const struct bh_check *c, int line, int col, size_t *off)
{
	size_t o = bh_fix_offset(c, line, col);
	if (off)
		*off = o;
	return o == (size_t)-1 || o >= c->text_len ? -1
						   : (unsigned char)c->text[o];
}

/* Whether service "t" takes keys from mapping "map" of another service:
 * it is an alias of it, or a << merge brought in pairs written in it
 * (merged pairs keep the positions they were written at). */
static bool shares_map(const struct cmp_service *t, const struct yml_node *map)
{
	const struct yml_node *n = t->node;
	if (!n || !yml_is_map(n))
		return false;
	if (n == map)
		return true;
	for (size_t k = 0; k < n->n; k++) {
		const struct yml_node *key = n->pairs[k].key;
		if (key && key->file == map->file && !own_pair(n, &n->pairs[k]) &&
		    (key->line > map->line ||
		     (key->line == map->line && key->col >= map->col)) &&
		    key->line <= map->end_line)
			return true;
	}
	return false;
}

/* A service whose own mapping is anchored (&base) and shared with other
 * services (aliases, << merges): a key a fix writes there would be
 * theirs too, so no fix edits it; the refusal names the anchor and the
 * services sharing it.  True when refused. */
static bool anchored_shared(struct bh_check *c, const struct bh_rule *r,
			    const struct bh_finding *f,
			    const struct cmp_service *s)
{
	const struct cmp_model *m = c->compose;
	const struct yml_node *map = s->node;
	if (!map->anchor)
		return false;
	struct strbuf names = STRBUF_INIT;
	size_t n = 0;
	for (size_t i = 0; i < m->nservices; i++) {
		const struct cmp_service *t = &m->services[i];
		if (t != s && !shares_map(t, map))
			continue;
		strbuf_printf(&names, "%s%s", n ? ", " : "",
			      t->name.v ? t->name.v : "?");
		n++;
	}
	if (n > 1)
		bh_fix_refuse(c, r, f->span.line, f->span.col,
			      "the edit would land in anchor &%s, which "
			      "services %s share (edit each service by hand)",
			      map->anchor, names.buf ? names.buf : "");
	strbuf_free(&names);
	return n > 1;
}

/* The service a finding points at: its name or one of its own keys,
 * when its mapping sits in this file after its name (not an alias of a
 * mapping elsewhere) and is not an anchor other services share (then
 * the fix is refused, anchored_shared()). */
static const struct cmp_service *fix_service(struct bh_check *c,
					     const struct bh_rule *r,
					     const struct bh_finding *f)
{
	const struct cmp_service *s = find_fix_service(c, f);
	if (!s)
		bh_fix_why(c, "the service's mapping is not written here as "
			   "its own (an alias of one defined elsewhere, or "
			   "built from extends:): edit it where it is written");
	return s && !anchored_shared(c, r, f, s) ? s : NULL;
}

static const struct cmp_service *find_fix_service(const struct bh_check *c,
						  const struct bh_finding *f)
{
	const struct cmp_model *m = c->compose;
	for (size_t i = 0; i < m->nservices; i++) {
		const struct cmp_service *s = &m->services[i];
		const struct yml_node *n = s->node;
		if (!n || !yml_is_map(n) || n->file != 0 || s->name.file != 0 ||
		    n->line < s->name.line || (n->line == s->name.line &&
						n->col <= s->name.col))
			continue;
		bool at = f->span.line == s->name.line && f->span.col == s->name.col;
		for (size_t k = 0; k < n->n && !at; k++)
			at = n->pairs[k].key && f->span.line == n->pairs[k].key->line &&
			     f->span.col == n->pairs[k].key->col;
		if (at)
			return s;
	}
	return NULL;
}

/* Whether the first n pairs of the mapping are its own (written in it,
 * not merged in with <<), so their positions are where it is. */
static bool own_pair(const struct yml_node *map, const struct yml_pair *p)
{
	return p->key && p->key->file == map->file &&
	       (p->key->line > map->line ||
		(p->key->line == map->line && p->key->col >= map->col)) &&
	       (!map->end_line || p->key->line <= map->end_line);
}

/* How the service writes a block list: the dash's column past its key's
 * (-1: no block list, flow lists are used). */
static int block_dash_offset(const struct bh_check *c,
			     const struct yml_node *map)
{
	for (size_t k = 0; k < map->n; k++) {
		const struct yml_pair *p = &map->pairs[k];
		const struct yml_node *v = p->value;
		if (!own_pair(map, p) || !v || v->kind != YML_SEQ || !v->n ||
		    !v->items[0] || v->items[0]->line <= p->key->line)
			continue;
		const struct yml_node *it = v->items[0];
		for (int col = it->col - 1; col >= 1; col--) {
			int ch = byte_at(c, it->line, col, NULL);
			if (ch == '-')
				return col - p->key->col;
			if (ch != ' ')
				break;
		}
	}
	return -1;
}

/* Appends "key: VALUE" to sb for a list value: a flow list [a, b] or a
 * block list (a line per item at the service's dash offset). */
static void put_list(struct strbuf *sb, const char *key, const char *const *items,
		     bool block, int indent, int dash, const char *eol)
{
	strbuf_printf(sb, "%s:", key);
	if (block) {
		strbuf_adds(sb, eol);
		for (size_t i = 0; items[i]; i++)
			strbuf_printf(sb, "%*s- %s%s", indent + dash, "", items[i],
				      items[i + 1] ? eol : "");
		return;
	}
	strbuf_adds(sb, " [");
	for (size_t i = 0; items[i]; i++) {
		/* "a:b" is quoted in a flow list (YAML 1.1 readers) */
		bool q = strchr(items[i], ':') != NULL;
		strbuf_printf(sb, "%s%s%s%s", i ? ", " : "", q ? "\"" : "",
			      items[i], q ? "\"" : "");
	}
	strbuf_addc(sb, ']');
}

/* Adds keys to the service's mapping: "keys" are (key, value) pairs,
 * value NULL for a list given in "lists" (one NULL-ended item array per
 * list key, in order).  Block mapping: a line per key at the indentation
 * of its keys, right after its first key when that key and its value sit
 * on one line (image: ...) and a newline ends that line, else above the
 * first key; flow mapping
 * {...}: in its style, as bh_fix_yaml_flow_add() adds them. */
static void fix_add_keys(struct bh_check *c, const struct bh_rule *r,
			 const struct cmp_service *s, const char *const *keys,
			 const char *const *const *lists, const char *note)
{
	fix_add_keys_as(c, r, s, keys, lists, false, note);
}

/* fix_add_keys, with "block": a new list in a block mapping is a block
 * list (at dash offset 2 when the service writes none) whatever the
 * service's other lists are. */
static void fix_add_keys_as(struct bh_check *c, const struct bh_rule *r,
			    const struct cmp_service *s,
			    const char *const *keys,
			    const char *const *const *lists, bool block,
			    const char *note)
{
	const struct yml_node *map = s->node;
	const char *eol = bh_fix_eol(c);
	if (!map->n)
		return;
	/* a mapping of merged keys only ("<<: *base" its one line): the
	 * keys go above the "<<", in the service's own mapping */
	bool merged_only = !own_pair(map, &map->pairs[0]);
	size_t mo;
	if (merged_only && (byte_at(c, map->line, map->col, &mo) != '<' ||
			    mo + 1 >= c->text_len || c->text[mo + 1] != '<')) {
		bh_fix_refuse(c, r, s->name.line, s->name.col, "its keys all "
			      "come from a << merge written where the fix "
			      "cannot add beside it (add the keys by hand)");
		return;
	}
	struct strbuf sb = STRBUF_INIT;
	size_t at;
	if (byte_at(c, map->line, map->col, NULL) == '{') {
		/* in its style (bh_fix_yaml_flow_add) */
		for (size_t k = 0, l = 0; keys[k]; k += 2) {
			if (k)
				strbuf_adds(&sb, ", ");
			if (keys[k + 1])
				strbuf_printf(&sb, "%s: %s", keys[k], keys[k + 1]);
			else
				put_list(&sb, keys[k], lists[l++], false, 0, 0, eol);
		}
		if (!sb.failed && sb.len)
			bh_fix_yaml_flow_add(c, r, map, 0, sb.buf, note);
		strbuf_free(&sb);
		return;
	} else {
		const struct yml_pair *p0 = &map->pairs[0];
		int kline = merged_only ? map->line : p0->key->line;
		int indent = (merged_only ? map->col : p0->key->col) - 1;
		size_t ls;
		if (byte_at(c, kline, 1, &ls) < 0)
			return;
		for (int k = 0; k < indent; k++)
			if (c->text[ls + (size_t)k] != ' ') {
				/* not a key on its own line */
				bh_fix_why(c, "no line to add a key to service "
					   "%s: its first key does not start "
					   "its line (edit by hand)",
					   s->name.v ? s->name.v : "?");
				return;
			}
		const struct yml_node *v = merged_only ? NULL : p0->value;
		int vb = v ? byte_at(c, v->line, v->col, NULL) : -1;
		bool one_line = v && v->kind == YML_SCALAR &&
				v->line == p0->key->line && v->end_line == v->line &&
				vb != '|' && vb != '>';
		at = ls;
		if (one_line) {
			size_t e = bh_fix_line_end(c, ls);
			while (e < c->text_len && c->text[e] != '\n')
				e++;
			/* the last line, without a newline: above it */
			if (e < c->text_len)
				at = e + 1;
		}
		int dash = block_dash_offset(c, map);
		if (dash < 0 && block)
			dash = 2;
		for (size_t k = 0, l = 0; keys[k]; k += 2) {
			strbuf_printf(&sb, "%*s", indent, "");
			if (keys[k + 1])
				strbuf_printf(&sb, "%s: %s", keys[k], keys[k + 1]);
			else
				put_list(&sb, keys[k], lists[l++], dash >= 0,
					 indent, dash, eol);
			strbuf_adds(&sb, eol);
		}
	}
	if (!sb.failed && sb.len)
		bh_fix_edit(c, r, at, at, sb.buf, note);
	strbuf_free(&sb);
}

/* Adds "item" to the service's list "key" when the list is written in
 * this mapping: a flow list in its style (bh_fix_yaml_flow_add), a block list a
 * line after its last item (single-line scalars only). */
static void fix_add_item(struct bh_check *c, const struct bh_rule *r,
			 const struct cmp_service *s, const char *key,
			 const char *item, const char *note)
{
	const struct yml_pair *p = yml_get_pair(s->node, key);
	if (!p || !own_pair(s->node, p) || !p->value || p->value->kind != YML_SEQ)
		return;
	const struct yml_node *seq = p->value;
	char buf[256];
	if (byte_at(c, seq->line, seq->col, NULL) == '[') {
		bool q = strchr(item, ':') != NULL;
		snprintf(buf, sizeof(buf), "%s%s%s", q ? "\"" : "", item,
			 q ? "\"" : "");
		bh_fix_yaml_flow_add(c, r, seq, 0, buf, note);
		return;
	}
	if (!seq->n)
		return;
	const struct yml_node *last = seq->items[seq->n - 1];
	if (!last || last->kind != YML_SCALAR || last->end_line != last->line ||
	    last->file != s->node->file)
		return;
	int dash = last->col - 2;
	if (dash < 1 || byte_at(c, last->line, dash, NULL) != '-' ||
	    byte_at(c, last->line, dash + 1, NULL) != ' ')
		return;
	size_t ls;
	if (byte_at(c, last->line, 1, &ls) < 0)
		return;
	for (int k = 0; k < dash - 1; k++)
		if (c->text[ls + (size_t)k] != ' ')
			return;
	size_t e = ls;
	while (e < c->text_len && c->text[e] != '\n')
		e++;
	if (e >= c->text_len)
		return;
	snprintf(buf, sizeof(buf), "%*s- %s%s", dash - 1, "", item, bh_fix_eol(c));
	bh_fix_edit(c, r, e + 1, e + 1, buf, note);
}

/* ---- hardening keys ---- */

static void check_bh2011(struct bh_check *c, const struct bh_rule *r)
{
	const struct cmp_model *m = c->compose;
	for (size_t i = 0; i < m->nservices; i++) {
		const struct cmp_service *s = &m->services[i];
		bool v = false;
		if (cmp_bool(&s->read_only, &v)) {
			if (!v)
				rep(c, r, pos_key(s, "read_only"),
				    "service \"%s\": read_only is false", SVC(s));
		} else if (!s->read_only.v && !has_extends(s)) {
			rep(c, r, pos_name(s),
			    "service \"%s\" has a writable root filesystem (no "
			    "read_only: true)", SVC(s));
		}
	}
}

/* Fix: "read_only: true" with "tmpfs: [/tmp]" (when no tmpfs is
 * set); "read_only: false" becomes true. */
static void fix_bh2011(struct bh_check *c, const struct bh_rule *r,
		       const struct bh_finding *f)
{
	const struct cmp_service *s = fix_service(c, r, f);
	if (!s)
		return;
	if (s->read_only.v) {
		const struct yml_node *v = s->read_only.node;
		size_t at;
		if (!v || v->kind != YML_SCALAR || v->file != 0 ||
		    v->end_line != v->line || byte_at(c, v->line, v->col, &at) < 0)
			return;
		size_t n = (size_t)(v->end_col - v->col);
		static const char *const no[] = { "false", "False", "FALSE", NULL };
		for (size_t k = 0; no[k]; k++)
			if (n == strlen(no[k]) && at + n <= c->text_len &&
			    !memcmp(c->text + at, no[k], n))
				bh_fix_edit(c, r, at, at + n, "true", NULL);
		return;
	}
	static const char *const tmp[] = { "/tmp", NULL };
	static const char *const *const lists[] = { tmp };
	static const char *const both[] = { "read_only", "true", "tmpfs", NULL,
					    NULL };
	static const char *const ro[] = { "read_only", "true", NULL };
	fix_add_keys(c, r, s, yml_get_pair(s->node, "tmpfs") ? ro : both, lists,
		     NULL);
}

static const struct bh_rule rule_bh2011 = {
	COMPOSE("BH2011", BH_SEV_LOW, "read-only-rootfs"),
	RUNTIME_TOO(rt_check_writable_root,
		    "Run with `--read-only` and `--tmpfs` or volumes for the "
		    "paths it writes."),
	.cis = "5.13",
	.title = "Root filesystem writable",
	.why = "A writable root filesystem lets an attacker drop tools "
	       "and persist changes inside the container.",
	.fix = "Set `read_only: true` and mount `tmpfs:` or volumes for "
	       "the paths the service writes.",
	.check = check_bh2011,
	.fix_fn = fix_bh2011,
	.fix_risk = "a service that writes outside /tmp (its working directory, "
		     "a cache, a PID file) fails: mount a volume or another "
		     "tmpfs there",
};

/* security_opt item "opt" is "<name>" followed by ':' or '=' and "val"
 * (or exactly "name" when val is NULL). */
static bool secopt_is(const char *opt, const char *name, const char *val)
{
	size_t n = strlen(name);
	if (strncasecmp(opt, name, n))
		return false;
	if (!val)
		return opt[n] == '\0' || opt[n] == ':' || opt[n] == '=';
	if (opt[n] != ':' && opt[n] != '=')
		return false;
	return !strcasecmp(opt + n + 1, val);
}

static void check_bh2012(struct bh_check *c, const struct bh_rule *r)
{
	const struct cmp_model *m = c->compose;
	for (size_t i = 0; i < m->nservices; i++) {
		const struct cmp_service *s = &m->services[i];
		const struct cmp_str *found = NULL;
		bool off = false;
		for (size_t k = 0; k < s->security_opt.n; k++) {
			const struct cmp_str *o = &s->security_opt.v[k];
			if (!o->v || !secopt_is(o->v, "no-new-privileges", NULL))
				continue;
			found = o;
			off = secopt_is(o->v, "no-new-privileges", "false");
		}
		if (is_true(&s->privileged))
			continue; /* BH2018 says it all */
		if (found && off)
			rep(c, r, pos_str(found),
			    "service \"%s\" turns no-new-privileges off", SVC(s));
		else if (!found && !has_extends(s))
			rep(c, r, pos_key(s, "security_opt"),
			    "service \"%s\" does not set security_opt "
			    "no-new-privileges:true", SVC(s));
	}
}

/* Fix: "security_opt: [\"no-new-privileges:true\"]", or the item added
 * to the service's security_opt list; "note" for the edits (BH2018's
 * fix makes them too, as its own). */
static void fix_nnp(struct bh_check *c, const struct bh_rule *r,
		    const struct cmp_service *s, const char *note)
{
	for (size_t k = 0; k < s->security_opt.n; k++)
		if (s->security_opt.v[k].v &&
		    secopt_is(s->security_opt.v[k].v, "no-new-privileges", NULL))
			return;   /* turned off: the author's choice to undo */
	if (yml_get_pair(s->node, "security_opt")) {
		fix_add_item(c, r, s, "security_opt", "no-new-privileges:true",
			     note);
		return;
	}
	static const char *const item[] = { "no-new-privileges:true", NULL };
	static const char *const *const lists[] = { item };
	static const char *const keys[] = { "security_opt", NULL, NULL };
	fix_add_keys(c, r, s, keys, lists, note);
}

static void fix_bh2012(struct bh_check *c, const struct bh_rule *r,
		       const struct bh_finding *f)
{
	const struct cmp_service *s = fix_service(c, r, f);
	if (s)
		fix_nnp(c, r, s, NULL);
}

static const struct bh_rule rule_bh2012 = {
	COMPOSE("BH2012", BH_SEV_MEDIUM, "no-new-privileges"),
	RUNTIME_TOO(rt_check_nnp,
		    "Run with `--security-opt no-new-privileges:true` (or set "
		    "it daemon-wide, BH5104)."),
	.cis = "5.26",
	.title = "no-new-privileges not set",
	.why = "Without no-new-privileges a setuid binary in the image "
	       "can raise the process's privileges.",
	.fix = "Add `security_opt: [\"no-new-privileges:true\"]`.",
	.other = "KICS:no_new_privileges_not_set, "
		 "KICS:security_opt_not_set",
	.check = check_bh2012,
	.fix_fn = fix_bh2012,
	.fix_risk = "a program that gains privileges through a setuid binary "
		     "(sudo, su, ping on old images) can no longer do so",
};

static void check_bh2013(struct bh_check *c, const struct bh_rule *r)
{
	const struct cmp_model *m = c->compose;
	for (size_t i = 0; i < m->nservices; i++) {
		const struct cmp_service *s = &m->services[i];
		bool all = false;
		for (size_t k = 0; k < s->cap_drop.n; k++) {
			const char *v = s->cap_drop.v[k].v;
			if (v && (!strcasecmp(v, "ALL") || !strcasecmp(v, "CAP_ALL")))
				all = true;
		}
		if (all || (has_extends(s) && !s->cap_drop.n) ||
		    is_true(&s->privileged)) /* privileged: BH2018 */
			continue;
		rep(c, r, pos_key(s, "cap_drop"),
		    "service \"%s\" does not drop all capabilities "
		    "(cap_drop: [ALL])", SVC(s));
	}
}

/* Fix: "cap_drop: [ALL]", or ALL added to the service's cap_drop list
 * (unless it is there); "note" as for fix_nnp(). */
static void fix_capdrop(struct bh_check *c, const struct bh_rule *r,
			const struct cmp_service *s, const char *note)
{
	for (size_t k = 0; k < s->cap_drop.n; k++) {
		const char *v = s->cap_drop.v[k].v;
		if (v && (!strcasecmp(v, "ALL") || !strcasecmp(v, "CAP_ALL")))
			return;
	}
	if (yml_get_pair(s->node, "cap_drop")) {
		fix_add_item(c, r, s, "cap_drop", "ALL", note);
		return;
	}
	static const char *const item[] = { "ALL", NULL };
	static const char *const *const lists[] = { item };
	static const char *const keys[] = { "cap_drop", NULL, NULL };
	fix_add_keys(c, r, s, keys, lists, note);
}

static void fix_bh2013(struct bh_check *c, const struct bh_rule *r,
		       const struct bh_finding *f)
{
	const struct cmp_service *s = fix_service(c, r, f);
	if (s)
		fix_capdrop(c, r, s, NULL);
}

static const struct bh_rule rule_bh2013 = {
	COMPOSE("BH2013", BH_SEV_MEDIUM, "drop-capabilities"),
	RUNTIME_TOO(rt_check_caps_kept,
		    "Run with `--cap-drop ALL` and `--cap-add` only what it needs."),
	.cis = "5.4",
	.title = "Capabilities not dropped",
	.why = "Docker's default capability set (CHOWN, DAC_OVERRIDE, "
	       "SETUID, NET_RAW...) is more than most services need.",
	.fix = "Add `cap_drop: [ALL]` and `cap_add:` only what the "
	       "service needs.",
	.other = "KICS:check_cap_add_cap_drop, "
		 "KICS:container_capabilities_unrestricted",
	.check = check_bh2013,
	.fix_fn = fix_bh2013,
	.fix_risk = "a service that needs a capability (CHOWN, SETUID/SETGID to "
		     "drop root, NET_BIND_SERVICE for a port below 1024) fails "
		     "to start or to serve: add just that one with cap_add",
};

/* ---- capabilities by risk (grades: cap_risk.c) ---- */

/* BH2014-BH2017: one check for the four rows; each reports the
 * capabilities cap_risk grades at the row's own severity. */
static void check_caps(struct bh_check *c, const struct bh_rule *r)
{
	const struct cmp_model *m = c->compose;
	for (size_t i = 0; i < m->nservices; i++) {
		const struct cmp_service *s = &m->services[i];
		/* privileged already has every capability: BH2018 says it
		 * once, the added ones are moot */
		if (is_true(&s->privileged))
			continue;
		for (size_t k = 0; k < s->cap_add.n; k++) {
			const struct cmp_str *cap = &s->cap_add.v[k];
			/* names cap_risk does not know are medium */
			if (!given(cap) ||
			    cap_risk_severity(cap->v, NULL) != r->severity)
				continue;
			rep(c, r, pos_str(cap), "service \"%s\" adds capability %s",
			    SVC(s), cap->v);
		}
	}
}

static const struct bh_rule rule_bh2014 = {
	COMPOSE("BH2014", BH_SEV_CRITICAL, "dangerous-capabilities"),
	RUNTIME_TOO(rt_check_cap_add,
		    "Remove the --cap-add unless the service cannot work without "
		    "it; document why."),
	.cis = "5.4",
	.title = "Critical capability added",
	.why = "ALL, SYS_ADMIN, SYS_MODULE, SYS_RAWIO, DAC_READ_SEARCH "
	       "and BPF each allow escaping to the host.",
	.fix = "Remove the capability; find the one narrow capability "
	       "or host-side setup the service needs.",
	.other = "KICS:container_capabilities_unrestricted",
	.check = check_caps,
};

static const struct bh_rule rule_bh2015 = {
	COMPOSE("BH2015", BH_SEV_HIGH, "dangerous-capabilities"),
	RUNTIME_TOO(rt_check_cap_add,
		    "Remove the --cap-add unless the service cannot work without "
		    "it; document why."),
	.cis = "5.4",
	.title = "High-risk capability added",
	.why = "NET_ADMIN, DAC_OVERRIDE, SETUID, SETGID, SYS_TIME and "
	       "similar give broad control over the network, files or "
	       "identities.",
	.fix = "Remove the capability unless the service cannot work "
	       "without it; document why.",
	.other = "KICS:container_capabilities_unrestricted",
	.check = check_caps,
};

static const struct bh_rule rule_bh2016 = {
	COMPOSE("BH2016", BH_SEV_MEDIUM, "dangerous-capabilities"),
	RUNTIME_TOO(rt_check_cap_add,
		    "Remove the --cap-add unless the service cannot work without "
		    "it; document why."),
	.cis = "5.4",
	.title = "Medium-risk capability added",
	.why = "SYS_PTRACE, CHOWN, FOWNER and similar widen what a "
	       "compromised process can do.",
	.fix = "Remove the capability unless needed.",
	.other = "KICS:container_capabilities_unrestricted",
	.check = check_caps,
};

static const struct bh_rule rule_bh2017 = {
	COMPOSE("BH2017", BH_SEV_LOW, "dangerous-capabilities"),
	RUNTIME_TOO(rt_check_cap_add,
		    "Listen on a port above 1024 and run without "
		    "`--cap-add NET_BIND_SERVICE`."),
	.cis = "5.4",
	.title = "Low-risk capability added",
	.why = "NET_BIND_SERVICE and NET_BROADCAST are narrow, but "
	       "still more than an unprivileged service needs.",
	.fix = "Listen on a port above 1024 and drop the capability.",
	.check = check_caps,
};

/* ---- privileges and namespaces ---- */

static void check_bh2018(struct bh_check *c, const struct bh_rule *r)
{
	const struct cmp_model *m = c->compose;
	for (size_t i = 0; i < m->nservices; i++) {
		const struct cmp_service *s = &m->services[i];
		if (is_true(&s->privileged))
			rep(c, r, pos_key(s, "privileged"),
			    "service \"%s\" runs privileged", SVC(s));
	}
}

/* The bytes [*fs, *fe) that remove the pair [ks, ve) (key to value's
 * end, one line) from flow mapping "map" with exactly one comma: the
 * pair's own line when it stands alone there with its comma (entries one
 * a line; a comment after it goes too), "key: v, " when a comma and another
 * entry follow on its line, ", key: v" when it is the last entry after
 * a comma; false otherwise (a trailing comma then the bracket, or
 * anything else). */
static bool flow_pair_range(const struct bh_check *c,
			    const struct yml_node *map, size_t ks, size_t ve,
			    size_t *fs, size_t *fe)
{
	size_t cl;
	if (byte_at(c, map->line, map->col, NULL) != '{' ||
	    byte_at(c, map->end_line, map->end_col - 1, &cl) != '}' ||
	    ve > cl)
		return false;
	size_t ls = bh_fix_line_start(c, ks), k = ls;
	while (k < ks && (c->text[k] == ' ' || c->text[k] == '\t'))
		k++;
	size_t e = ve;
	while (e < cl && (c->text[e] == ' ' || c->text[e] == '\t'))
		e++;
	bool comma = e < cl && c->text[e] == ',';
	size_t a = comma ? e + 1 : e;
	while (a < cl && (c->text[a] == ' ' || c->text[a] == '\t'))
		a++;
	size_t le = a;
	if (le < cl && c->text[le] == '#' && a > e)
		le = bh_fix_line_end(c, le);
	if (le < c->text_len && c->text[le] == '\r')
		le++;
	if (k == ks && comma && le < cl && c->text[le] == '\n') {
		/* alone on its line with its comma, the bracket on a later
		   one (a last entry without one: ", key: v" below, as new
		   entries go right after it) */
		*fs = ls;
		*fe = le + 1;
		return true;
	}
	if (comma && a < cl && c->text[a] != '\n' && c->text[a] != '\r' &&
	    c->text[a] != '#') {
		*fs = ks;
		*fe = a;
		return true;
	}
	size_t z = e;
	while (z < cl && strchr(" \t\r\n", c->text[z]))
		z++;
	if (!comma && z == cl) {
		size_t b = ks;
		while (b > 0 && strchr(" \t\r\n", c->text[b - 1]))
			b--;
		if (b > 0 && c->text[b - 1] == ',') {
			*fs = b - 1;
			*fe = ve;
			return true;
		}
	}
	return false;
}

/* Fix: the "privileged: true" line removed when the key and its plain
 * value sit alone on their line (a trailing comment goes with it) and
 * the service keeps another key of its own; in a flow mapping, the pair
 * removed with one comma (flow_pair_range); else (the service's only
 * key, a flow shape not understood) the value becomes false.  Only the spellings
 * true, True, TRUE, "true" and 'true' are edited (not ${VAR}); an
 * anchored value (privileged: &p true) is refused: aliases share it. */
static void fix_bh2018(struct bh_check *c, const struct bh_rule *r,
		       const struct bh_finding *f)
{
	const struct cmp_service *s = fix_service(c, r, f);
	if (!s)
		return;
	const struct yml_pair *p = yml_get_pair(s->node, "privileged");
	const struct yml_node *v = s->privileged.node;
	size_t at, ks;
	if (p && own_pair(s->node, p) && v && v == p->value && v->anchor) {
		/* anchored here or an alias of it: removing the line would
		 * take the anchor with it (its aliases then name nothing), and
		 * false would turn off every value sharing it */
		bh_fix_refuse(c, r, f->span.line, f->span.col, "its "
			      "privileged: value is anchor &%s, which aliases "
			      "share (edit each by hand)", v->anchor);
		return;
	}
	if (!p || !own_pair(s->node, p) || !v || v != p->value ||
	    v->kind != YML_SCALAR || v->file != 0 || v->line != p->key->line ||
	    v->end_line != v->line || byte_at(c, v->line, v->col, &at) < 0 ||
	    byte_at(c, p->key->line, p->key->col, &ks) < 0)
		return;
	size_t n = (size_t)(v->end_col - v->col);
	static const char *const yes[] = { "true", "True", "TRUE", "\"true\"",
					   "'true'", NULL };
	bool plain = false;
	for (size_t k = 0; yes[k]; k++)
		plain |= n == strlen(yes[k]) && at + n <= c->text_len &&
			 !memcmp(c->text + at, yes[k], n);
	if (!plain)
		return;
	size_t ls = bh_fix_line_start(c, ks), e = at + n;
	bool alone = byte_at(c, s->node->line, s->node->col, NULL) != '{';
	for (size_t k = ls; k < ks && alone; k++)
		alone = c->text[k] == ' ';
	while (e < c->text_len && (c->text[e] == ' ' || c->text[e] == '\t'))
		e++;
	if (e < c->text_len && c->text[e] == '#' && e > at + n)
		e = bh_fix_line_end(c, e);
	if (e < c->text_len && c->text[e] == '\r')
		e++;
	alone = alone && e < c->text_len && c->text[e] == '\n';
	size_t others = 0;
	for (size_t k = 0; k < s->node->n; k++)
		others += &s->node->pairs[k] != p &&
			  own_pair(s->node, &s->node->pairs[k]);
	/* no longer privileged, the service is judged by BH2012 and BH2013
	 * (which a privileged one skips): their settings are written by this
	 * fix too, first (an insertion where the removed line starts stays
	 * apart from it), so one run leaves nothing for the next */
	if (!has_extends(s)) {
		fix_nnp(c, r, s, "no-new-privileges, as BH2012 asks of a "
			"service that is not privileged (part of the same fix)");
		fix_capdrop(c, r, s, "capabilities dropped, as BH2013 asks of "
			    "a service that is not privileged (part of the "
			    "same fix)");
	}
	size_t fs, fe;
	if (alone && others)
		bh_fix_edit(c, r, ls, e + 1, "", NULL);
	else if (others && flow_pair_range(c, s->node, ks, at + n, &fs, &fe))
		bh_fix_edit(c, r, fs, fe, "", NULL);
	else
		bh_fix_edit(c, r, at, at + n, "false", NULL);
}

static const struct bh_rule rule_bh2018 = {
	COMPOSE("BH2018", BH_SEV_CRITICAL, "no-privileged"),
	RUNTIME_TOO(rt_check_privileged,
		    "Run without --privileged; add the few capabilities or "
		    "devices it needs."),
	.cis = "5.5",
	.title = "Privileged container",
	.why = "privileged: true gives every capability and every host "
	       "device, and turns off seccomp and AppArmor: it is root "
	       "on the host.",
	.why2 = "--privileged (HostConfig.Privileged) gives every capability "
		"and every host device, and turns off seccomp and AppArmor: "
		"it is root on the host.",
	.fix = "Remove privileged: true; add the few capabilities or "
	       "devices the service needs.",
	.other = "KICS:privileged_containers_enabled",
	.check = check_bh2018,
	.fix_fn = fix_bh2018,
	.fix_risk = "a service that really uses what privileged mode gave "
		    "(a device, mounting filesystems, changing the network, "
		    "loading modules) fails: add that one capability "
		    "(cap_add) or device (devices:) instead.",
};

static void check_bh2019(struct bh_check *c, const struct bh_rule *r)
{
	static const char *const keys[] = { "network_mode", "pid", "ipc",
					    "userns_mode", "uts", "cgroup" };
	const struct cmp_model *m = c->compose;
	for (size_t i = 0; i < m->nservices; i++) {
		const struct cmp_service *s = &m->services[i];
		const struct cmp_str *vals[] = { &s->network_mode, &s->pid, &s->ipc,
						 &s->userns_mode, &s->uts,
						 &s->cgroup };
		for (size_t k = 0; k < 6; k++) {
			if (!vals[k]->v || strcasecmp(vals[k]->v, "host"))
				continue;
			/* the v1 format spells network_mode "net" */
			const char *key = k == 0 && yml_is_map(s->node) &&
						  !yml_get(s->node, "network_mode")
						  ? "net" : keys[k];
			rep(c, r, pos_key(s, key),
			    "service \"%s\" shares the host's namespace "
			    "(%s: host)", SVC(s), key);
		}
	}
}

static const struct bh_rule rule_bh2019 = {
	COMPOSE("BH2019", BH_SEV_HIGH, "host-namespaces"),
	RUNTIME_TOO(rt_check_host_ns,
		    "Run without it; publish ports instead of host networking."),
	.cis = "5.10, 5.16, 5.17, 5.21, 5.31",
	.title = "Host namespace shared",
	.why = "network_mode, pid, ipc, userns_mode, uts or cgroup set to "
	       "host removes the isolation of that namespace.",
	.why2 = "NetworkMode, PidMode, IpcMode, UTSMode or UsernsMode host "
		"removes the isolation of that namespace.",
	.fix = "Remove the setting; publish ports or share with another "
	       "service (`service:NAME`) instead.",
	.other = "KICS:network_mode_host_exists, "
		 "KICS:shared_host_network_namespace, "
		 "KICS:host_namespace_is_shared, KICS:ipc_set_to_host, "
		 "KICS:shared_host_ipc_namespace, "
		 "KICS:shared_host_user_namespace, "
		 "KICS:userns_set_to_host",
	.check = check_bh2019,
};

/* ---- security_opt: seccomp, AppArmor, SELinux ---- */

static void check_bh2028(struct bh_check *c, const struct bh_rule *r)
{
	const struct cmp_model *m = c->compose;
	for (size_t i = 0; i < m->nservices; i++) {
		const struct cmp_service *s = &m->services[i];
		for (size_t k = 0; k < s->security_opt.n; k++) {
			const struct cmp_str *o = &s->security_opt.v[k];
			if (o->v && secopt_is(o->v, "seccomp", "unconfined"))
				rep(c, r, pos_str(o),
				    "service \"%s\" disables seccomp (%s)", SVC(s),
				    o->v);
		}
	}
}

static const struct bh_rule rule_bh2028 = {
	COMPOSE("BH2028", BH_SEV_HIGH, "seccomp"),
	RUNTIME_TOO(rt_check_seccomp,
		    "Remove it, or give a custom profile: "
		    "`--security-opt seccomp=profile.json`."),
	.cis = "5.22",
	.title = "Seccomp disabled",
	.why = "seccomp:unconfined opens every system call, including "
	       "those used in kernel exploits.",
	.why2 = "seccomp=unconfined opens every system call, including those "
		"used in kernel exploits.",
	.fix = "Remove it, or give a custom profile: "
	       "`seccomp:./profile.json`.",
	.other = "KICS:seccomp_disabled, "
		 "KICS:default_seccomp_profile_disabled",
	.check = check_bh2028,
};

static void check_bh2029(struct bh_check *c, const struct bh_rule *r)
{
	const struct cmp_model *m = c->compose;
	for (size_t i = 0; i < m->nservices; i++) {
		const struct cmp_service *s = &m->services[i];
		for (size_t k = 0; k < s->security_opt.n; k++) {
			const struct cmp_str *o = &s->security_opt.v[k];
			if (!o->v)
				continue;
			if (secopt_is(o->v, "apparmor", "unconfined") ||
			    secopt_is(o->v, "label", "disable") ||
			    secopt_is(o->v, "label", "type:spc_t") ||
			    secopt_is(o->v, "label", "type=spc_t"))
				rep(c, r, pos_str(o),
				    "service \"%s\" disables AppArmor/SELinux "
				    "confinement (%s)", SVC(s), o->v);
		}
	}
}

static const struct bh_rule rule_bh2029 = {
	COMPOSE("BH2029", BH_SEV_HIGH, "apparmor-selinux"),
	RUNTIME_TOO(rt_check_mac,
		    "Remove the option, or name a specific profile."),
	.cis = "5.2, 5.3",
	.title = "AppArmor or SELinux disabled",
	.why = "apparmor:unconfined, label:disable and the spc_t type "
	       "remove the mandatory access control that confines the "
	       "container.",
	.why2 = "apparmor=unconfined, label=disable, label=type:spc_t and "
		"AppArmorProfile unconfined remove the mandatory access "
		"control that confines the container.",
	.fix = "Remove the option, or name a specific profile.",
	.other = "KICS:security_opt_not_set",
	.check = check_bh2029,
};

/* ---- host paths ---- */

static bool host_bind(const struct cmp_mount *mt, char *buf, size_t size)
{
	if (mt->type != CMP_MOUNT_BIND || !mt->source || mt->source[0] != '/')
		return false;
	bh_host_path_norm(mt->source, buf, size);
	return true;
}

static void check_bh2030(struct bh_check *c, const struct bh_rule *r)
{
	const struct cmp_model *m = c->compose;
	for (size_t i = 0; i < m->nservices; i++) {
		const struct cmp_service *s = &m->services[i];
		for (size_t k = 0; k < s->nmounts; k++) {
			char p[512];
			if (!host_bind(&s->mounts[k], p, sizeof(p)) ||
			    bh_host_path_class(p, NULL) != BH_HOST_SOCKET)
				continue;
			rep(c, r, pos_str(&s->mounts[k].spec),
			    "service \"%s\" mounts the container runtime "
			    "socket %s%s", SVC(s), p,
			    s->mounts[k].read_only ? " (read-only does not "
			    "limit the API)" : "");
		}
	}
}

static const struct bh_rule rule_bh2030 = {
	COMPOSE("BH2030", BH_SEV_CRITICAL, "docker-socket"),
	RUNTIME_TOO(rt_check_socket,
		    "Do not mount it; use a socket proxy that allows only "
		    "the calls needed."),
	.cis = "5.32",
	.title = "Container runtime socket mounted",
	.why = "The Docker (podman, containerd, CRI-O) socket is root on "
	       "the host: whoever reaches it can start a privileged "
	       "container.",
	.fix = "Do not mount it; use a socket proxy that allows only "
	       "the API calls needed.",
	.other = "KICS:docker_socket_mounted_in_container",
	.check = check_bh2030,
};

static void check_bh2031(struct bh_check *c, const struct bh_rule *r)
{
	const struct cmp_model *m = c->compose;
	for (size_t i = 0; i < m->nservices; i++) {
		const struct cmp_service *s = &m->services[i];
		for (size_t k = 0; k < s->nmounts; k++) {
			char p[512];
			if (!host_bind(&s->mounts[k], p, sizeof(p)) ||
			    bh_host_path_class(p, NULL) != BH_HOST_SENSITIVE)
				continue;
			rep(c, r, pos_str(&s->mounts[k].spec),
			    "service \"%s\" mounts sensitive host path %s%s",
			    SVC(s), p, s->mounts[k].read_only ? " (read-only)" : "");
		}
	}
}

static const struct bh_rule rule_bh2031 = {
	COMPOSE("BH2031", BH_SEV_HIGH, "docker-socket"),
	RUNTIME_TOO(rt_check_sensitive,
		    "Mount only the specific files needed, read-only, or use "
		    "a volume."),
	.cis = "5.6",
	.title = "Sensitive host path mounted",
	.why = "Mounting /, /etc, /proc, /sys, /root, /boot, /dev or "
	       "/var/lib/docker exposes host credentials and control "
	       "files to the container.",
	.fix = "Mount only the specific files needed, read-only, or use "
	       "a named volume.",
	.other = "KICS:volume_has_sensitive_host_directory",
	.check = check_bh2031,
};

static void check_bh2032(struct bh_check *c, const struct bh_rule *r)
{
	const struct cmp_model *m = c->compose;
	for (size_t i = 0; i < m->nservices; i++) {
		const struct cmp_service *s = &m->services[i];
		for (size_t k = 0; k < s->devices.n; k++) {
			const struct cmp_str *d = &s->devices.v[k];
			if (!given(d))
				continue;
			size_t n = strcspn(d->v, ":");
			rep(c, r, pos_str(d),
			    "service \"%s\" maps host device %.*s", SVC(s),
			    (int)n, d->v);
		}
	}
}

static const struct bh_rule rule_bh2032 = {
	COMPOSE("BH2032", BH_SEV_HIGH, "no-privileged"),
	RUNTIME_TOO(rt_check_device,
		    "Remove the device unless the service drives that hardware."),
	.cis = "5.18",
	.title = "Host device mapped",
	.why = "devices: gives the container raw access to host "
	       "hardware, part of what privileged mode grants.",
	.why2 = "--device gives the container raw access to host hardware, "
		"part of what privileged mode grants.",
	.fix = "Remove the device unless the service drives that "
	       "hardware; never map disks.",
	.check = check_bh2032,
};

/* ---- limits ---- */

static void check_bh2024(struct bh_check *c, const struct bh_rule *r)
{
	const struct cmp_model *m = c->compose;
	for (size_t i = 0; i < m->nservices; i++) {
		const struct cmp_service *s = &m->services[i];
		if (given(&s->mem_limit) || given(&s->limits_memory) ||
		    has_extends(s))
			continue;
		rep(c, r, pos_name(s),
		    "service \"%s\" has no memory limit (mem_limit or "
		    "deploy.resources.limits.memory)", SVC(s));
	}
}

/* Whether the file writes limits in the flat keys of the Compose file
 * format 2 (mem_limit, cpus, ...): a "version: 2..." or such a key in
 * any of its services. */
static bool flat_limits(const struct bh_check *c)
{
	const struct cmp_model *m = c->compose;
	const struct yml_node *v = yml_get(m->root, "version");
	if (yml_is_scalar(v) && v->str && v->str[0] == '2')
		return true;
	static const char *const flat[] = { "mem_limit", "mem_reservation",
					    "memswap_limit", "cpus", "cpu_quota",
					    "cpu_shares", "cpu_count", NULL };
	for (size_t i = 0; i < m->nservices; i++)
		for (size_t k = 0; flat[k]; k++)
			if (yml_get_pair(m->services[i].node, flat[k]))
				return true;
	return false;
}

/* A missing limit: "deploy.resources.limits.LEAF: value" (the part of
 * the path the service has is followed; several rules share the new
 * parents), or "FLAT: value" when the file uses the flat keys, or when
 * the service is a flow mapping without deploy:. */
static void fix_limit(struct bh_check *c, const struct bh_rule *r,
		      const struct bh_finding *f, const char *leaf,
		      const char *flat, const char *value, const char *note)
{
	const struct cmp_service *s = fix_service(c, r, f);
	if (!s)
		return;
	bool has_deploy = yml_get_pair(s->node, "deploy") != NULL;
	size_t at = bh_fix_offset(c, s->node->line, s->node->col);
	bool flow = at != (size_t)-1 && at < c->text_len && c->text[at] == '{';
	if ((!flat_limits(c) && !flow) || has_deploy) {
		const char *const leaves[] = { leaf, value, NULL };
		if (bh_fix_yaml_put(c, r, s->node, 0, "deploy.resources.limits",
				    leaves, note) || has_deploy)
			return;
	}
	if (yml_get_pair(s->node, flat))
		return;
	const char *const keys[] = { flat, value, NULL };
	fix_add_keys(c, r, s, keys, NULL, note);
}

/* Fix: the memory limit, fix.memory (default 512M). */
static void fix_bh2024(struct bh_check *c, const struct bh_rule *r,
		       const struct bh_finding *f)
{
	const char *m = c->config ? c->config->fix_memory : "512M";
	const char *note = arena_printf(
		c->arena, "memory %s, %s", m,
		c->config && c->config->fix_memory_set
			? "fix.memory of .bulkhead.yaml"
			: "the fix.memory default (set fix.memory in "
			  ".bulkhead.yaml)");
	if (note && m && *m)
		fix_limit(c, r, f, "memory", "mem_limit", m, note);
}

static const struct bh_rule rule_bh2024 = {
	COMPOSE("BH2024", BH_SEV_LOW, "resource-limits"),
	RUNTIME_TOO(rt_check_memory,
		    "Run with `--memory 512m`."),
	.cis = "5.11",
	.title = "No memory limit",
	.why = "Without a memory limit one service can exhaust the "
	       "host's memory.",
	.why2 = "Without a memory limit one container can exhaust the host's "
		"memory.",
	.fix = "Set `deploy.resources.limits.memory: 512M` (or "
	       "mem_limit).",
	.other = "KICS:memory_not_limited",
	.check = check_bh2024,
	.fix_fn = fix_bh2024,
	.fix_risk = "a service that needs more memory than the limit is "
		     "killed (OOM): raise fix.memory or set the value by hand",
};

static void check_bh2025(struct bh_check *c, const struct bh_rule *r)
{
	const struct cmp_model *m = c->compose;
	for (size_t i = 0; i < m->nservices; i++) {
		const struct cmp_service *s = &m->services[i];
		if (given(&s->cpus) || given(&s->limits_cpus) ||
		    yml_get(s->node, "cpu_quota") || has_extends(s))
			continue;
		rep(c, r, pos_name(s),
		    "service \"%s\" has no CPU limit (cpus or "
		    "deploy.resources.limits.cpus)", SVC(s));
	}
}

/* Fix: a CPU limit of half a CPU (a fixed default, as Kubernetes'
 * BH3031 uses), named in the edit's note. */
#define FIX_CPUS "\"0.5\""

static void fix_bh2025(struct bh_check *c, const struct bh_rule *r,
		       const struct bh_finding *f)
{
	fix_limit(c, r, f, "cpus", "cpus", FIX_CPUS,
		  "cpus 0.5 (half a CPU), a fixed default");
}

static const struct bh_rule rule_bh2025 = {
	COMPOSE("BH2025", BH_SEV_LOW, "resource-limits"),
	RUNTIME_TOO(rt_check_cpu,
		    "Run with `--cpus 1.0` (NanoCpus) or `--cpu-quota`."),
	.cis = "5.12",
	.title = "No CPU limit",
	.why = "Without a CPU limit one service can starve the others.",
	.why2 = "Without a CPU limit one container can starve the others.",
	.fix = "Set `deploy.resources.limits.cpus: \"1.0\"` (or cpus).",
	.other = "KICS:cpus_not_limited",
	.check = check_bh2025,
	.fix_fn = fix_bh2025,
	.fix_risk = "a busy service is throttled to half a CPU and answers "
		     "slower: set the value the service needs by hand",
};

static bool unlimited(const struct cmp_str *v)
{
	return v->v && (!strcmp(v->v, "-1") || !strcmp(v->v, "0"));
}

static void check_bh2026(struct bh_check *c, const struct bh_rule *r)
{
	const struct cmp_model *m = c->compose;
	for (size_t i = 0; i < m->nservices; i++) {
		const struct cmp_service *s = &m->services[i];
		const struct cmp_str *v = given(&s->pids_limit) ? &s->pids_limit
				       : given(&s->limits_pids) ? &s->limits_pids
							       : NULL;
		if (v && unlimited(v))
			rep(c, r, pos_str(v),
			    "service \"%s\": pids limit %s means unlimited",
			    SVC(s), v->v);
		else if (!v && !has_extends(s))
			rep(c, r, pos_name(s),
			    "service \"%s\" has no PID limit (pids_limit)", SVC(s));
	}
}

/* Fix: a service without any PID limit gets "pids_limit: N", N from
 * fix.pids (default 100), named in the edit's note. */
static void fix_bh2026(struct bh_check *c, const struct bh_rule *r,
		       const struct bh_finding *f)
{
	const struct cmp_service *s = fix_service(c, r, f);
	if (!s || given(&s->pids_limit) || given(&s->limits_pids) ||
	    yml_get_pair(s->node, "pids_limit"))
		return;
	char n[32], note[120];
	snprintf(n, sizeof(n), "%ld", c->config->fix_pids);
	snprintf(note, sizeof(note), "pids_limit %ld, %s", c->config->fix_pids,
		 c->config->fix_pids_set ? "fix.pids of .bulkhead.yaml"
					 : "the fix.pids default (set fix.pids "
					   "in .bulkhead.yaml)");
	const char *const keys[] = { "pids_limit", n, NULL };
	fix_add_keys(c, r, s, keys, NULL, note);
}

static const struct bh_rule rule_bh2026 = {
	COMPOSE("BH2026", BH_SEV_LOW, "pids-limit"),
	RUNTIME_TOO(rt_check_pids,
		    "Run with `--pids-limit 200`."),
	.cis = "5.29",
	.title = "No PID limit",
	.why = "Without a PID limit a fork bomb in one container takes "
	       "down the host.",
	.fix = "Set `pids_limit: 200` (or deploy.resources.limits.pids).",
	.other = "KICS:pids_limit_not_set",
	.check = check_bh2026,
	.fix_fn = fix_bh2026,
	.fix_risk = "a service that forks more processes than the limit (a "
		     "pre-forking server, a build) fails to start new ones: raise "
		     "fix.pids or set the value by hand",
};

static void check_bh2027(struct bh_check *c, const struct bh_rule *r)
{
	const struct cmp_model *m = c->compose;
	for (size_t i = 0; i < m->nservices; i++) {
		const struct cmp_service *s = &m->services[i];
		for (size_t k = 0; k < s->nulimits; k++) {
			const struct cmp_ulimit *u = &s->ulimits[k];
			if (!u->name.v || (strcmp(u->name.v, "nofile") &&
					   strcmp(u->name.v, "nproc")))
				continue;
			if (u->soft != -1 && u->hard != -1)
				continue;
			rep(c, r, pos_str(&u->name),
			    "service \"%s\": ulimit %s is unlimited", SVC(s),
			    u->name.v);
		}
	}
}

static const struct bh_rule rule_bh2027 = {
	COMPOSE("BH2027", BH_SEV_MEDIUM, "ulimits"),
	RUNTIME_TOO(rt_check_ulimits,
		    "Give a bound, e.g. `--ulimit nofile=65536:65536`."),
	.cis = "5.19",
	.title = "Unlimited nofile/nproc ulimit",
	.why = "An unlimited file or process ulimit lets one container "
	       "exhaust host-wide tables.",
	.fix = "Give a bound, e.g. `ulimits: {nofile: {soft: 65536, "
	       "hard: 65536}, nproc: 4096}`.",
	.check = check_bh2027,
};

static void check_bh2033(struct bh_check *c, const struct bh_rule *r)
{
	const struct cmp_model *m = c->compose;
	for (size_t i = 0; i < m->nservices; i++) {
		const struct cmp_service *s = &m->services[i];
		if (given(&s->cgroup_parent))
			rep(c, r, pos_key(s, "cgroup_parent"),
			    "service \"%s\" sets cgroup_parent: %s", SVC(s),
			    s->cgroup_parent.v);
	}
}

static const struct bh_rule rule_bh2033 = {
	COMPOSE("BH2033", BH_SEV_MEDIUM, "resource-limits"),
	.title = "cgroup_parent set",
	.why = "A custom cgroup parent moves the container out of the "
	       "limits Docker manages.",
	.fix = "Remove cgroup_parent unless the host's cgroup layout "
	       "requires it.",
	.other = "KICS:cgroup_not_default",
	.check = check_bh2033,
};

/* A sysctl the container can only set for the whole host, or one that
 * turns the container into a router. */
static bool weakening_sysctl(const char *name, const char *value)
{
	bool on = value && *value && strcmp(value, "0") != 0;
	if (!strncmp(name, "kernel.", 7) || !strncmp(name, "vm.", 3) ||
	    (!strncmp(name, "fs.", 3) && strncmp(name, "fs.mqueue.", 10)))
		return true;
	if (strstr(name, "ip_forward") || strstr(name, ".forwarding") ||
	    strstr(name, "route_localnet") || strstr(name, "accept_source_route") ||
	    strstr(name, "accept_redirects"))
		return on;
	if (!strcmp(name, "net.ipv4.ip_unprivileged_port_start"))
		return true;
	return false;
}

static void check_bh2034(struct bh_check *c, const struct bh_rule *r)
{
	const struct cmp_model *m = c->compose;
	for (size_t i = 0; i < m->nservices; i++) {
		const struct cmp_service *s = &m->services[i];
		for (size_t k = 0; k < s->sysctls.n; k++) {
			const struct cmp_kv *kv = &s->sysctls.v[k];
			if (!kv->name.v || !weakening_sysctl(kv->name.v, kv->value.v))
				continue;
			rep(c, r, pos_str(&kv->name),
			    "service \"%s\" sets sysctl %s=%s", SVC(s),
			    kv->name.v, kv->value.v ? kv->value.v : "");
		}
	}
}

static const struct bh_rule rule_bh2034 = {
	COMPOSE("BH2034", BH_SEV_MEDIUM, "host-namespaces"),
	.title = "sysctl weakens the host",
	.why = "kernel.*, vm.* and fs.* sysctls are host-wide; "
	       "forwarding and route_localnet turn the container into "
	       "a router.",
	.fix = "Remove the sysctl, or set it on the host deliberately.",
	.check = check_bh2034,
};

static void check_bh2035(struct bh_check *c, const struct bh_rule *r)
{
	const struct cmp_model *m = c->compose;
	for (size_t i = 0; i < m->nservices; i++) {
		const struct cmp_service *s = &m->services[i];
		if (s->restart.v && !strcmp(s->restart.v, "on-failure"))
			rep(c, r, pos_str(&s->restart),
			    "service \"%s\": restart: on-failure retries "
			    "forever", SVC(s));
		if (s->restart_policy_condition.v &&
		    !strcmp(s->restart_policy_condition.v, "on-failure") &&
		    !given(&s->restart_policy_max_attempts))
			rep(c, r, pos_str(&s->restart_policy_condition),
			    "service \"%s\": restart_policy on-failure without "
			    "max_attempts", SVC(s));
	}
}

static const struct bh_rule rule_bh2035 = {
	COMPOSE("BH2035", BH_SEV_INFO, "resource-limits"),
	RUNTIME_TOO(rt_check_restart,
		    "Use `--restart on-failure:5`."),
	.cis = "5.15",
	.title = "Unbounded on-failure restarts",
	.why = "restart: on-failure without a count restarts a "
	       "crashing service forever.",
	.why2 = "A RestartPolicy on-failure without MaximumRetryCount "
		"restarts a crashing container forever.",
	.fix = "Use `restart: on-failure:5` or "
	       "`deploy.restart_policy.max_attempts: 5`.",
	.other = "KICS:restart_policy_on_failure_not_set_to_5",
	.check = check_bh2035,
};

/* ---- volumes shared between services ---- */

struct vol_use {
	const char *source;
	size_t svc;
	const struct cmp_mount *mount;
};

static int cmp_vol_use(const void *a, const void *b)
{
	const struct vol_use *x = a, *y = b;
	int c = strcmp(x->source, y->source);
	return c ? c : (x->svc > y->svc) - (x->svc < y->svc);
}

/* Named volumes mounted writable by a service after the first service
 * that mounts them (sorted, so O(n log n)). */
static void check_bh2036(struct bh_check *c, const struct bh_rule *r)
{
	const struct cmp_model *m = c->compose;
	size_t total = 0;
	for (size_t i = 0; i < m->nservices; i++)
		total += m->services[i].nmounts;
	if (!total)
		return;
	struct vol_use *u = arena_array(c->arena, total, sizeof(*u));
	if (!u)
		return;
	size_t n = 0;
	for (size_t i = 0; i < m->nservices; i++)
		for (size_t k = 0; k < m->services[i].nmounts; k++) {
			const struct cmp_mount *mt = &m->services[i].mounts[k];
			if (mt->type == CMP_MOUNT_VOLUME && mt->source)
				u[n++] = (struct vol_use){ mt->source, i, mt };
		}
	qsort(u, n, sizeof(*u), cmp_vol_use);
	size_t first = 0;
	for (size_t i = 0; i < n; i++) {
		if (i == 0 || strcmp(u[i - 1].source, u[i].source))
			first = i;
		if (u[i].svc == u[first].svc || u[i].mount->read_only)
			continue;
		rep(c, r, pos_str(&u[i].mount->spec),
		    "service \"%s\" mounts volume \"%s\" writable, shared with "
		    "service \"%s\"", SVC(&m->services[u[i].svc]), u[i].source,
		    SVC(&m->services[u[first].svc]));
	}
}

static const struct bh_rule rule_bh2036 = {
	COMPOSE("BH2036", BH_SEV_INFO, "docker-socket"),
	.title = "Writable volume shared between services",
	.why = "A volume mounted writable in several services lets a "
	       "compromise of one plant files for the others.",
	.fix = "Mount it read-only (`:ro`) where the service only reads.",
	.other = "KICS:shared_volumes_between_containers",
	.check = check_bh2036,
	.flags = BH_RULE_OFF_BY_DEFAULT,
};

static void check_bh2037(struct bh_check *c, const struct bh_rule *r)
{
	const struct cmp_model *m = c->compose;
	for (size_t i = 0; i < m->nservices; i++) {
		const struct cmp_service *s = &m->services[i];
		for (size_t k = 0; k < s->nmounts; k++) {
			const struct cmp_mount *mt = &s->mounts[k];
			if (!mt->propagation || (strcmp(mt->propagation, "shared") &&
						 strcmp(mt->propagation, "rshared")))
				continue;
			rep(c, r, pos_str(&mt->spec),
			    "service \"%s\" mounts %s with %s propagation",
			    SVC(s), mt->target ? mt->target : "a path",
			    mt->propagation);
		}
	}
}

static const struct bh_rule rule_bh2037 = {
	COMPOSE("BH2037", BH_SEV_MEDIUM, "docker-socket"),
	.title = "Bind mount with shared propagation",
	.why = "shared/rshared propagation makes mounts done inside the "
	       "container appear on the host and in other containers.",
	.fix = "Use the default private propagation.",
	.other = "KICS:volume_mounted_in_multiple_containers",
	.check = check_bh2037,
};

/* ---- the table ---- */

const struct bh_rule *const bh_rules_compose[] = {
	&rule_bh2001,
	&rule_bh2002,
	&rule_bh2003,
	&rule_bh2004,
	&rule_bh2005,
	&rule_bh2006,
	&rule_bh2007,
	&rule_bh2008,
	&rule_bh2009,
	&rule_bh2010,
	&rule_bh2011,
	&rule_bh2012,
	&rule_bh2013,
	&rule_bh2014,
	&rule_bh2015,
	&rule_bh2016,
	&rule_bh2017,
	&rule_bh2018,
	&rule_bh2019,
	&rule_bh2020,
	&rule_bh2021,
	&rule_bh2022,
	&rule_bh2023,
	&rule_bh2024,
	&rule_bh2025,
	&rule_bh2026,
	&rule_bh2027,
	&rule_bh2028,
	&rule_bh2029,
	&rule_bh2030,
	&rule_bh2031,
	&rule_bh2032,
	&rule_bh2033,
	&rule_bh2034,
	&rule_bh2035,
	&rule_bh2036,
	&rule_bh2037,
};
const size_t bh_rules_compose_count =
	sizeof(bh_rules_compose) / sizeof(bh_rules_compose[0]);

