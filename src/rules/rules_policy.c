/* SPDX-License-Identifier: Apache-2.0
 *
 * rules_policy.c - the policy rule family (BH6001-BH6099): what the
 * .bulkhead.yaml "policy:" section allows (docs/policy.md).
 *
 * This file owns the policy rows and their checks, and the table of
 * base-image families below.  The rows have target BH_TARGET_POLICY: they
 * run with the rules of every input that names images (rule_table.c) and
 * each check judges the model it is handed:
 *   - a Dockerfile: every FROM that names an image (FROM <stage> never;
 *     scratch is no registry and has no digest), after ARG expansion with
 *     the defaults; the base-image family only for the final stage's base
 *     (through FROM <stage> chains), the image the build produces;
 *   - a Compose file: every service's image: (the base family not for a
 *     service with build:, whose Dockerfile's FROM is judged);
 *   - Kubernetes: the image of every container, initContainer and
 *     ephemeralContainer of every workload and pod template; in a
 *     kustomization, the reference each images: entry rewrites an image
 *     to (newName, newTag, digest), at that entry (the digest pin and the
 *     base family only when the entry sets the tag or digest); a container
 *     image a kustomization of the run deploys (k->deployed, from
 *     src/core/kust_images.c) is judged as deployed, at its line, naming
 *     the entry that decides, and an entry that rewrote a scanned image
 *     (o->applied) is not judged again at the entry;
 *   - an image (`bulkhead image`): its own references (RepoTags, else the
 *     chosen reference) for the registry, and the vulnerabilities matched
 *     against the database for max-severity.  An archive is its own
 *     content, so neither the digest pin nor the base family is asked of
 *     it.
 * A reference that still holds a variable without value ($VAR, ${VAR})
 * is not judged: what it names is not known.  Every rule is inert when
 * its policy key is not set, so nothing changes for a run without a
 * policy.  What the configuration means is read here; reading it (and
 * loading signature keys) is src/cli/config_load.c.  A signature the
 * policy requires (signature-keys) is judged on images only: `bulkhead
 * image` verifies the image with the key of the entry that covers its
 * name (bh_policy_image_key()) and hands the verdict to BH6005
 * (c->signature); a name in a file is not an image to verify.  When that
 * verdict is --key's too (the same key, c->trust->sig), BH6005 reports
 * it once and BH4022 (rules_image.c) stays quiet while BH6005 runs.
 *
 * Family table (families[] below; judged by name only, a rebuilt image
 * under another name belongs to no family):
 *   distroless   gcr.io/distroless/...
 *   chainguard   cgr.dev/chainguard/...
 *   alpine       [docker.io/library/]alpine
 *   debian       [docker.io/library/]debian, any tag
 *   debian-slim  [docker.io/library/]debian with a tag that is "slim" or
 *                ends in "-slim" (bookworm-slim, 12-slim)
 *   ubuntu       [docker.io/library/]ubuntu
 *   busybox      [docker.io/library/]busybox
 *   ubi-minimal  registry.access.redhat.com/ubiN/ubi-minimal and
 *                ubi-micro (also registry.redhat.io)
 *   scratch      FROM scratch (the empty image)
 *
 * Tests: tests/cases/policy/BH600x-*.case, tests/cases/policy/config-*.case,
 * tests/cases/policy/policy-kustomize-*.case,
 * tests/suites/image.sh (BH6001, BH6004: goldens
 * tests/golden/image/fixture-docker-policy*.json; policy-*.json: BH6005
 * with --key), tests/suites/signing.sh (BH6005).
 */
#include "families.h"
#include "df_rule_util.h"
#include "policy.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "../core/config.h"
#include "../image/img_model.h"
#include "../model/cmp_model.h"
#include "../model/df_model.h"
#include "../model/k8s_model.h"
#include "../sbom/sbom.h"
#include "../util/arena.h"
#include "../vuln/match.h"

#define POLICY(id_, sev_, practice_) \
	.id = id_, .severity = sev_, .practice = practice_, \
	.target = BH_TARGET_POLICY

/* ---- base-image families ---- */

enum fam_tag { TAG_ANY = 0, TAG_SLIM };

struct family {
	const char *name;
	const char *registry;   /* NULL: scratch */
	const char *repo;       /* repository, or a prefix ending in '/' */
	enum fam_tag tag;
};

static const struct family families[] = {
	{ "distroless", "gcr.io", "distroless/", TAG_ANY },
	{ "chainguard", "cgr.dev", "chainguard/", TAG_ANY },
	{ "alpine", "docker.io", "library/alpine", TAG_ANY },
	{ "debian", "docker.io", "library/debian", TAG_ANY },
	{ "debian-slim", "docker.io", "library/debian", TAG_SLIM },
	{ "ubuntu", "docker.io", "library/ubuntu", TAG_ANY },
	{ "busybox", "docker.io", "library/busybox", TAG_ANY },
	{ "ubi-minimal", "registry.access.redhat.com", "ubi*/ubi-minimal", TAG_ANY },
	{ "ubi-minimal", "registry.access.redhat.com", "ubi*/ubi-micro", TAG_ANY },
	{ "ubi-minimal", "registry.redhat.io", "ubi*/ubi-minimal", TAG_ANY },
	{ "ubi-minimal", "registry.redhat.io", "ubi*/ubi-micro", TAG_ANY },
	{ "scratch", NULL, NULL, TAG_ANY },
};

#define NFAM (sizeof(families) / sizeof(families[0]))

bool bh_policy_family_known(const char *name)
{
	for (size_t i = 0; name && i < NFAM; i++)
		if (!strcasecmp(families[i].name, name))
			return true;
	return false;
}

const char *bh_policy_family_names(void)
{
	return "distroless, chainguard, alpine, debian, debian-slim, ubuntu, "
	       "busybox, ubi-minimal, scratch";
}

/* "ubiN/..." patterns: "ubi" then digits stand for "ubi*". */
static bool repo_is(const char *pat, const char *repo)
{
	if (!strncmp(pat, "ubi*/", 5)) {
		if (strncmp(repo, "ubi", 3))
			return false;
		const char *p = repo + 3;
		if (*p < '0' || *p > '9')
			return false;
		while (*p >= '0' && *p <= '9')
			p++;
		return *p == '/' && !strcmp(p + 1, pat + 5);
	}
	size_t n = strlen(pat);
	if (n && pat[n - 1] == '/')
		return !strncmp(repo, pat, n) && repo[n];
	return !strcmp(repo, pat);
}

static bool tag_slim(const char *tag)
{
	size_t n = tag ? strlen(tag) : 0;
	return n && (!strcmp(tag, "slim") ||
		     (n > 5 && !strcmp(tag + n - 5, "-slim")));
}

static bool in_family(const struct family *f, const struct img_ref *r)
{
	if (!f->registry)
		return r->is_scratch;
	if (r->is_scratch || strcasecmp(f->registry, r->registry) ||
	    !repo_is(f->repo, r->repository))
		return false;
	return f->tag != TAG_SLIM || tag_slim(r->tag);
}

/* Whether "r" is of a family the policy allows. */
static bool family_allowed(const struct bh_policy *p, const struct img_ref *r)
{
	for (size_t i = 0; i < p->base_images.n; i++)
		for (size_t k = 0; k < NFAM; k++)
			if (!strcasecmp(families[k].name, p->base_images.v[i]) &&
			    in_family(&families[k], r))
				return true;
	return false;
}

/* ---- registries ---- */

/* Whether policy entry "e" (a host, or "host/path" prefix) covers "r".
 * Hosts compare without case, "index.docker.io" is docker.io, and a
 * one-component Docker Hub path means "library/NAME". */
static bool entry_covers(const char *e, const struct img_ref *r)
{
	const char *slash = strchr(e, '/');
	size_t hl = slash ? (size_t)(slash - e) : strlen(e);
	const char *host = e;
	if (hl == 15 && !strncasecmp(e, "index.docker.io", 15)) {
		host = "docker.io";
		hl = 9;
	}
	if (strlen(r->registry) != hl || strncasecmp(r->registry, host, hl))
		return false;
	if (!slash)
		return true;
	const char *path = slash + 1;
	size_t pl = strlen(path);
	while (pl && path[pl - 1] == '/')
		pl--;
	if (!pl)
		return true;
	const char *repo = r->repository;
	if (hl == 9 && !strncasecmp(host, "docker.io", 9) &&
	    !memchr(path, '/', pl) && !strncmp(repo, "library/", 8) &&
	    !(pl == 7 && !strncmp(path, "library", 7)))
		repo += 8;
	return !strncmp(repo, path, pl) && (repo[pl] == 0 || repo[pl] == '/');
}

static bool registry_trusted(const struct bh_policy *p, const struct img_ref *r)
{
	for (size_t i = 0; i < p->registries.n; i++)
		if (entry_covers(p->registries.v[i], r))
			return true;
	return false;
}

/* ---- one reference, from any input ---- */

/* Where a finding goes and how its message names the reference. */
struct site {
	struct bh_span span;     /* line 0: an image (no source position) */
	int file;                /* Compose: index of the file, else -1 */
	const char *who;         /* "FROM", "service \"web\"", ... */
};

static void emit(struct bh_check *c, const struct bh_rule *r,
		 const struct site *s, const char *msg)
{
	if (!s->span.line) {
		bh_report_layer(c, r, NULL, NULL, "%s", msg);
		return;
	}
	const char *file = c->file, *text = c->text;
	size_t len = c->text_len;
	const struct cmp_model *m = c->compose;
	if (m && m->files && s->file >= 0 && (size_t)s->file < m->nfiles) {
		c->file = m->files[s->file].path;
		c->text = m->files[s->file].text;
		c->text_len = m->files[s->file].len;
	}
	if (!bh_reported_at(c, r, s->span, 16))
		bh_report(c, r, s->span, "%s", msg);
	c->file = file;
	c->text = text;
	c->text_len = len;
}

static void rep(struct bh_check *c, const struct bh_rule *r,
		const struct site *s, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void rep(struct bh_check *c, const struct bh_rule *r,
		const struct site *s, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	emit(c, r, s, msg);
}

/* Whether "r" can be judged: a valid, fully resolved reference. */
static bool judged(const struct img_ref *r)
{
	return r->valid && !r->unresolved && r->raw && !strchr(r->raw, '$') &&
	       r->registry && r->repository;
}

enum what { W_REGISTRY, W_DIGEST, W_FAMILY };

static void judge(struct bh_check *c, const struct bh_rule *self,
		  enum what w, const struct img_ref *r, const struct site *s)
{
	const struct bh_policy *p = &c->config->policy;
	if (!judged(r))
		return;
	switch (w) {
	case W_REGISTRY:
		if (r->is_scratch || registry_trusted(p, r))
			return;
		rep(c, self, s, "%s: image \"%s\" comes from %s%s%s, which "
		    "the policy's registries do not list", s->who, r->raw,
		    r->registry, r->registry_explicit ? "" : " (implied)",
		    r->registry_explicit ? "" : "; a name without a registry "
		    "is pulled from docker.io");
		return;
	case W_DIGEST:
		if (r->is_scratch || r->digest)
			return;
		rep(c, self, s, "%s: image \"%s\" is not pinned by digest "
		    "(the policy sets require-digest)", s->who, r->raw);
		return;
	case W_FAMILY:
		if (family_allowed(p, r))
			return;
		rep(c, self, s, "%s: image \"%s\" is of no base-image family "
		    "the policy allows", s->who, r->raw);
		return;
	}
}

/* ---- each input kind ---- */

static bool asked(const struct bh_policy *p, enum what w)
{
	switch (w) {
	case W_REGISTRY: return p->registries.n > 0;
	case W_DIGEST: return p->require_digest;
	case W_FAMILY: return p->base_images.n > 0;
	}
	return false;
}

/* A FROM's image word (its keyword when it has none). */
static struct bh_span from_span(const struct df_node *from)
{
	if (from->nargs)
		return dfr_word_span(&from->args[0]);
	return bh_span_at(from->line, from->col, dfr_slen(from->keyword_raw));
}

/* How a message names a FROM: with the word as written when ARG
 * expansion changed it ("FROM $BASE (expanded with the ARG defaults)"). */
static const char *from_who(struct bh_check *c, const struct df_node *from,
			    const char *what)
{
	if (!from->nargs || !memchr(from->args[0].text, '$', from->args[0].len))
		return what;
	const char *s = arena_printf(c->arena, "%s %.*s (expanded with the "
				     "ARG defaults)", what,
				     (int)(from->args[0].len > 200 ? 200
					   : from->args[0].len),
				     from->args[0].text);
	return s ? s : what;
}

static void check_df(struct bh_check *c, const struct bh_rule *self,
		     enum what w)
{
	const struct df_model *m = c->df;
	if (w == W_FAMILY) {
		/* the final stage's base, through FROM <stage> chains */
		const struct df_stage *s = df_model_final_stage(m);
		for (size_t hops = 0; s && s->base_stage >= 0 &&
		     (size_t)s->base_stage < m->nstages && hops < m->nstages;
		     hops++)
			s = &m->stages[s->base_stage];
		if (!s || !s->from || s->base_stage >= 0)
			return;
		struct site at = { from_span(s->from), -1,
				   from_who(c, s->from, "final stage FROM") };
		judge(c, self, w, &s->base, &at);
		return;
	}
	for (size_t i = 0; i < m->nstages; i++) {
		const struct df_stage *s = &m->stages[i];
		if (!s->from || s->base_stage >= 0)
			continue;
		struct site at = { from_span(s->from), -1,
				   from_who(c, s->from, "FROM") };
		judge(c, self, w, &s->base, &at);
	}
}

static void check_compose(struct bh_check *c, const struct bh_rule *self,
			  enum what w)
{
	const struct cmp_model *m = c->compose;
	for (size_t i = 0; i < m->nservices; i++) {
		const struct cmp_service *s = &m->services[i];
		const struct cmp_str *im = &s->image;
		if (!im->v || !*im->v || im->unresolved || !im->line)
			continue;
		/* a service that builds its image is judged by its
		 * Dockerfile's final FROM, not by the name it tags */
		if (w == W_FAMILY && s->has_build)
			continue;
		struct img_ref r;
		img_ref_parse(im->v, c->arena, &r);
		int len = im->raw ? (int)strlen(im->raw) : 0;
		if (im->node && im->node->kind == YML_SCALAR &&
		    im->node->end_line == im->node->line &&
		    im->node->end_col > im->node->col)
			len = im->node->end_col - im->node->col;
		const char *who = arena_printf(c->arena, "service \"%.80s\"",
					       s->name.v ? s->name.v : "");
		struct site at = { bh_span_at(im->line, im->col, len), im->file,
				   who ? who : "service" };
		judge(c, self, w, &r, &at);
	}
}

static const char *ctype_word(enum k8s_ctype t)
{
	switch (t) {
	case K8S_INIT_CONTAINER: return "initContainer";
	case K8S_EPHEMERAL_CONTAINER: return "ephemeralContainer";
	default: return "container";
	}
}

/* A kustomization's images: entries, judged for the reference each
 * produces, at the key that decides it: the registry always; the digest
 * pin and the base family only when the entry sets the tag or digest
 * (newName alone keeps the rewritten image's own tag or digest, judged
 * where that image is written). */
static void check_overrides(struct bh_check *c, const struct bh_rule *self,
			    enum what w)
{
	const struct k8s_model *m = c->k8s;
	for (size_t i = 0; i < m->noverrides; i++) {
		const struct k8s_image_override *o = &m->overrides[i];
		if ((w != W_REGISTRY && !o->complete) || o->applied)
			continue;
		struct img_ref r;
		img_ref_parse(o->ref, c->arena, &r);
		const char *who = arena_printf(c->arena, "kustomization images: "
					       "entry for \"%.80s\"", o->name);
		struct site at = { o->span, -1, who ? who : "images: entry" };
		judge(c, self, w, &r, &at);
	}
}

/* A container image a kustomization of the run deploys (through each
 * root that does): judged as deployed, at the image as written, the
 * message naming the images: entry that decides what is judged (the
 * name for the registry, the tag or digest for the pin, either for the
 * family) or, when the image as written decides it, the entry that
 * changed the rest.  One finding per rule and place (emit()). */
static void judge_deployed(struct bh_check *c, const struct bh_rule *self,
			   enum what w, const struct k8s_deployed *d,
			   const struct site *at, const char *written)
{
	for (; d; d = d->next) {
		const char *by = w == W_REGISTRY ? d->by_name
			       : w == W_DIGEST ? d->by_tag
			       : d->by_tag ? d->by_tag : d->by_name;
		const char *other = d->by_name ? d->by_name : d->by_tag;
		struct img_ref r;
		img_ref_parse(d->ref, c->arena, &r);
		struct site s = *at;
		if (by)
			s.who = arena_printf(c->arena, "%s, image \"%.200s\" "
					     "deployed as \"%.200s\" by the "
					     "images: entry at %s", at->who,
					     written, d->ref, by);
		else if (other)
			s.who = arena_printf(c->arena, "%s, image \"%.200s\" "
					     "deployed as \"%.200s\" (the images: "
					     "entry at %s keeps its %s)", at->who,
					     written, d->ref, other,
					     w == W_REGISTRY ? "name" : "tag");
		if (!s.who)
			s.who = at->who;
		judge(c, self, w, &r, &s);
	}
}

static void check_k8s(struct bh_check *c, const struct bh_rule *self,
		      enum what w)
{
	const struct k8s_model *m = c->k8s;
	check_overrides(c, self, w);
	for (size_t oi = 0; oi < m->nobjects; oi++) {
		const struct k8s_object *o = &m->objects[oi];
		for (size_t ci = 0; o->pod && ci < o->pod->ncontainers; ci++) {
			const struct k8s_container *k = &o->pod->containers[ci];
			const char *img = k8s_val_str(&k->image);
			if (!img || !*img)
				continue;
			struct img_ref r;
			img_ref_parse(img, c->arena, &r);
			const char *who = *k->name || !k->label || !*k->label
				? arena_printf(c->arena, "%s \"%.80s\" of %.40s "
					       "\"%.80s\"", ctype_word(k->type),
					       k->name, o->kind, o->name)
				: arena_printf(c->arena, "%.120s of %.40s \"%.80s\"",
					       k->label, o->kind, o->name);
			struct site at = { k8s_val_vspan(&k->image), -1,
					   who ? who : "container" };
			if (k->deployed) {
				judge_deployed(c, self, w, k->deployed, &at, img);
				continue;
			}
			judge(c, self, w, &r, &at);
		}
	}
}

/* An image's own names: its RepoTags, else the reference it was picked
 * by when that names a repository (an OCI ref name "1.0" alone does
 * not).  Name "i" of "m" parsed into "r"; false past the last. */
static bool image_name(const struct img_model *m, size_t i, struct arena *a,
		       struct img_ref *r)
{
	const char *s = NULL;
	if (m->nrepo_tags)
		s = i < m->nrepo_tags ? m->repo_tags[i] : NULL;
	else if (i == 0 && m->ref && strpbrk(m->ref, "/:"))
		s = m->ref;
	if (!s)
		return false;
	if (!img_ref_parse(s, a, r))
		r->valid = false;
	return true;
}

static void check_image(struct bh_check *c, const struct bh_rule *self,
			enum what w)
{
	const struct img_model *m = c->image;
	if (w != W_REGISTRY)
		return;
	struct site at = { { 0 }, -1, "image name" };
	struct img_ref r;
	for (size_t i = 0; image_name(m, i, c->arena, &r); i++)
		judge(c, self, w, &r, &at);
}

const struct bh_policy_key *bh_policy_image_key(const struct bh_policy *p,
						const struct img_model *m,
						struct arena *a,
						const char **name)
{
	struct img_ref r;
	for (size_t i = 0; p->nkeys && image_name(m, i, a, &r); i++) {
		if (!judged(&r))
			continue;
		for (size_t k = 0; k < p->nkeys; k++)
			if (entry_covers(p->keys[k].registry, &r)) {
				*name = r.raw;
				return &p->keys[k];
			}
	}
	return NULL;
}

static void check_any(struct bh_check *c, const struct bh_rule *self,
		      enum what w)
{
	if (!c->config || !asked(&c->config->policy, w))
		return;
	if (c->df)
		check_df(c, self, w);
	else if (c->compose)
		check_compose(c, self, w);
	else if (c->k8s)
		check_k8s(c, self, w);
	else if (c->image)
		check_image(c, self, w);
}

/* ---- the rules ---- */

static void check_bh6001(struct bh_check *c, const struct bh_rule *self)
{
	check_any(c, self, W_REGISTRY);
}

static const struct bh_rule rule_bh6001 = {
	POLICY("BH6001", BH_SEV_HIGH, "pin-base-image"),
	.title = "Image from a registry the policy does not trust",
	.why = "The policy's registries list where images may come from; an "
	       "image from elsewhere bypasses the review, scanning and "
	       "mirroring those registries give.",
	.fix = "Use the image from a trusted registry (mirror it there), or "
	       "add its registry to policy.registries in .bulkhead.yaml.",
	.check = check_bh6001,
};

static void check_bh6002(struct bh_check *c, const struct bh_rule *self)
{
	check_any(c, self, W_DIGEST);
}

static const struct bh_rule rule_bh6002 = {
	POLICY("BH6002", BH_SEV_MEDIUM, "pin-base-image"),
	.title = "Image not pinned by digest (policy require-digest)",
	.why = "The policy requires every image to be pinned by digest: a tag "
	       "can be moved to other content, a digest names exactly one "
	       "image.",
	.fix = "Append the digest: debian:12@sha256:<digest> (docker buildx "
	       "imagetools inspect shows it) and let a bot such as Renovate "
	       "update it.",
	.check = check_bh6002,
};

static void check_bh6003(struct bh_check *c, const struct bh_rule *self)
{
	check_any(c, self, W_FAMILY);
}

static const struct bh_rule rule_bh6003 = {
	POLICY("BH6003", BH_SEV_MEDIUM, "minimal-base-image"),
	.title = "Base image of a family the policy does not allow",
	.why = "The policy's base-images list the image families the "
	       "organisation maintains and patches (distroless, chainguard, "
	       "alpine, ...); another base brings packages nobody tracks.",
	.fix = "Build on an allowed family (the final stage's FROM, or the "
	       "image: of a service or container), or add the family to "
	       "policy.base-images in .bulkhead.yaml.",
	.check = check_bh6003,
};

static enum bh_severity vuln_to_sev(enum vuln_sev s)
{
	switch (s) {
	case VULN_SEV_CRITICAL: return BH_SEV_CRITICAL;
	case VULN_SEV_HIGH: return BH_SEV_HIGH;
	case VULN_SEV_MEDIUM: return BH_SEV_MEDIUM;
	case VULN_SEV_LOW: return BH_SEV_LOW;
	default: return BH_SEV_INFO;
	}
}

/* BH6004: a vulnerability over policy.max-severity.  Only `bulkhead
 * image` with a database has vulnerabilities (c->vulns); an advisory
 * without a severity (UNKNOWN) is never over the limit. */
static void check_bh6004(struct bh_check *c, const struct bh_rule *self)
{
	const struct bh_policy *p = c->config ? &c->config->policy : NULL;
	const struct vuln_image_report *v = c->vulns;
	if (!p || !p->has_max_severity || !c->image || !v || !v->res || !v->pkgs)
		return;
	for (size_t i = 0; i < v->res->n; i++) {
		const struct vuln_row *r = &v->res->v[i];
		if (r->sev == VULN_SEV_UNKNOWN ||
		    vuln_to_sev(r->sev) <= p->max_severity)
			continue;
		const struct sbom_pkg *pk = &v->pkgs->v[r->pkg];
		bh_report_layer(c, self, pk->layer, NULL,
				"%s (%s) in %s %s (%s) is over the policy's "
				"max-severity %s", r->id, vuln_sev_name(r->sev),
				pk->name, pk->version, pk->path ? pk->path : "?",
				bh_severity_name(p->max_severity));
	}
}

static const struct bh_rule rule_bh6004 = {
	POLICY("BH6004", BH_SEV_HIGH, "vulnerability-scan"),
	.title = "Vulnerability over the policy's max-severity",
	.why = "The policy sets the highest vulnerability severity an image "
	       "may ship (max-severity); a package with a worse advisory "
	       "makes the image fail it.",
	.fix = "Upgrade the package to the fixed version or rebuild on a "
	       "patched base image; accept the advisory in the ignore file "
	       "with a reason when it does not apply.",
	.check = check_bh6004,
};

/* BH6005: the policy requires a signature key for the image's registry
 * and no signature stored with the image verifies under it.  The verdict
 * is the CLI's (`bulkhead image` runs img_sig_verify(), the check of
 * `bulkhead verify`, with the key: c->signature); files in Dockerfiles,
 * Compose and Kubernetes name images that are not there to verify. */
static void check_bh6005(struct bh_check *c, const struct bh_rule *self)
{
	const struct bh_sig_fact *f = c->signature;
	if (!c->image || !f || !f->sig || f->sig->verified)
		return;
	/* --key/verify.key is the same key: verified once, reported once,
	 * here (BH4022 stays quiet while this rule runs) */
	bool same = c->trust && c->trust->sig == f->sig;
	bh_report_layer(c, self, NULL, NULL,
			"image name \"%s\": the policy requires a signature "
			"under %s for %s, and none verifies: %s%s%s%s", f->name,
			f->key, f->registry, f->sig->reason,
			same ? " (the same key as " : "",
			same && c->trust->key ? c->trust->key : "",
			same ? ", checked once)" : "");
}

static const struct bh_rule rule_bh6005 = {
	POLICY("BH6005", BH_SEV_HIGH, "image-signing"),
	.title = "Image not signed under the key the policy requires",
	.why = "The policy names the key that signs every image of a "
	       "registry (signature-keys); an image without a signature "
	       "under it may not be the one the release process built.",
	.fix = "Sign the image with the registry's key (cosign sign --key, "
	       "or bulkhead sign) and keep the signature with the image "
	       "(OCI layout or docker save of Docker 25+).",
	.check = check_bh6005,
};

/* ---- the table ---- */

const struct bh_rule *const bh_rules_policy[] = {
	&rule_bh6001,
	&rule_bh6002,
	&rule_bh6003,
	&rule_bh6004,
	&rule_bh6005,
};
const size_t bh_rules_policy_count =
	sizeof(bh_rules_policy) / sizeof(bh_rules_policy[0]);
