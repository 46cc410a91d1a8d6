/* SPDX-License-Identifier: Apache-2.0
 *
 * link.c - joins Compose services to the Dockerfiles they build and
 * settles the findings both files raise about the same thing.
 *
 * This file owns the "effective" view of a built service: its user is the
 * Compose `user:` if set, else the build target stage's USER; it has a
 * health check if either file defines one; a port is exposed once however
 * many files name it.  It joins the facts the pipeline kept from the
 * models it built (struct link_facts: no file of the run is read or
 * parsed again; a Dockerfile no input named is read here, once), and
 * finds the rules it settles by their row's link role.  It adds no
 * finding of its own: it drops or re-words findings already made.  It
 * also keeps, by real path, the build context each Compose service
 * names for its Dockerfile when it lies below a path the run names
 * (link_contexts_root(), link_contexts_add(), link_context_of()),
 * which the Dockerfile scan uses (scan_df.c).
 * Tests: tests/cases/link/ (context-*.case: the build context).
 */
#include "link.h"

#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "../model/cmp_model.h"
#include "../model/df_model.h"
#include "../parse/df_parse.h"
#include "../util/io.h"
#include "check.h"
#include "cmp_extends.h"

/* What the Dockerfile side says about the target stage. */
struct df_facts {
	bool ok;
	bool is_final;          /* the target is the final stage */
	bool root;              /* effective user is root */
	bool has_healthcheck;
};

/* One Compose service that builds a Dockerfile, joined. */
struct link {
	const char *compose;    /* display path of the Compose file */
	const struct link_service *svc;
	const char *service;
	int line, end_line;
	char *dockerfile;       /* display path when scanned, else fs path */
	bool user_set, user_root, health_set;
	const long *ports;
	size_t nports;
	struct df_facts df;
};

static char *dir_of(const char *path)
{
	const char *s = strrchr(path, '/');
	if (!s)
		return strdup(".");
	if (s == path)
		return strdup("/");
	return strndup(path, (size_t)(s - path));
}

static char *join_path(const char *a, const char *b)
{
	if (b[0] == '/')
		return strdup(b);
	size_t n = strlen(a) + strlen(b) + 2;
	char *p = malloc(n);
	if (p)
		snprintf(p, n, "%s/%s", a, b);
	return p;
}

static bool stage_has_healthcheck(const struct df_model *m,
				  const struct df_stage *st)
{
	for (int hops = 0; st && hops < 128; hops++) {
		for (size_t i = st->end_instr; i-- > st->from_instr;) {
			const struct df_node *n = m->instrs[i].node;
			if (strcmp(n->keyword, "healthcheck") == 0)
				return !(n->nargs > 0 &&
					 strcasecmp(n->args[0].text, "NONE") == 0);
		}
		st = st->base_stage >= 0 ? &m->stages[st->base_stage] : NULL;
	}
	return false;
}

/* ---- facts, from the models the pipeline built ---- */

int link_facts_dockerfile(const struct df_model *m, struct link_facts *out)
{
	memset(out, 0, sizeof(*out));
	if (!m->nstages)
		return BH_OK;
	out->stages = calloc(m->nstages, sizeof(*out->stages));
	if (!out->stages)
		return BH_ENOMEM;
	out->nstages = m->nstages;
	for (size_t i = 0; i < m->nstages; i++) {
		const struct df_stage *st = &m->stages[i];
		struct link_stage *ls = &out->stages[i];
		if (st->name && !(ls->name = strdup(st->name))) {
			link_facts_free(out);
			return BH_ENOMEM;
		}
		/* an export-only stage (files for --output) runs nothing;
		 * with no USER the image its chain starts from decides, as
		 * for BH1001 (img_ref_default_nonroot) */
		const struct df_stage *b = st;
		for (size_t hop = 0; b->base_stage >= 0 &&
				     (size_t)b->base_stage < m->nstages &&
				     hop < m->nstages; hop++)
			b = &m->stages[b->base_stage];
		ls->root = !st->export_only &&
			   (st->user && *st->user
				    ? img_user_is_root(st->user)
				    : !img_ref_default_nonroot(&b->base));
		ls->health = stage_has_healthcheck(m, st);
	}
	return BH_OK;
}

/* The directory a service's build context is relative to: the file that
 * wrote `build:` (an extended file when the service inherited it, as
 * compose-go resolves the base service's paths), else "input_dir". */
static char *context_base(const struct cmp_service *svc,
			  const struct cmp_extends *x, const char *input_dir)
{
	int f = svc->build_context.file;
	if (x && f >= (int)x->ninputs &&
	    (size_t)(f - (int)x->ninputs) < x->nfiles)
		return dir_of(x->files[f - (int)x->ninputs].fs_path);
	return strdup(input_dir);
}

int link_facts_compose(const struct cmp_model *m, const struct cmp_extends *x,
		       const char *fs_path, struct link_facts *out)
{
	memset(out, 0, sizeof(*out));
	if (!fs_path || !m->nservices)
		return BH_OK;
	out->services = calloc(m->nservices, sizeof(*out->services));
	char *input_dir = dir_of(fs_path);
	if (!out->services || !input_dir) {
		free(input_dir);
		link_facts_free(out);
		return BH_ENOMEM;
	}
	for (size_t s = 0; s < m->nservices; s++) {
		const struct cmp_service *svc = &m->services[s];
		if (!svc->has_build || !svc->build_context.v)
			continue;
		char *base = context_base(svc, x, input_dir);
		char *ctx = base ? join_path(base, svc->build_context.v) : NULL;
		free(base);
		char *df = ctx ? join_path(ctx, svc->build_dockerfile.v &&
						    *svc->build_dockerfile.v
						? svc->build_dockerfile.v
						: "Dockerfile")
			       : NULL;
		struct link_service *l = &out->services[out->nservices];
		l->context = ctx;
		l->service = strdup(svc->name.v ? svc->name.v : "");
		l->target = svc->build_target.v && *svc->build_target.v
			? strdup(svc->build_target.v) : NULL;
		l->dockerfile = df;
		if (!df || !ctx || !l->service ||
		    (svc->build_target.v && *svc->build_target.v && !l->target)) {
			out->nservices++;
			free(input_dir);
			link_facts_free(out);
			return BH_ENOMEM;
		}
		out->nservices++;
		l->line = svc->name.line;
		l->end_line = svc->node && svc->node->end_line
			? svc->node->end_line : INT_MAX;
		l->user_set = svc->user.v && *svc->user.v;
		l->user_root = l->user_set && img_user_is_root(svc->user.v);
		bool disabled = false;
		l->health_set = svc->has_healthcheck &&
				!(cmp_bool(&svc->healthcheck_disable, &disabled) &&
				  disabled) &&
				!(svc->healthcheck_test.v &&
				  strcasecmp(svc->healthcheck_test.v, "NONE") == 0);
		for (size_t p = 0; p < svc->nports && l->nports < 32; p++)
			l->ports[l->nports++] = svc->ports[p].target_lo;
	}
	free(input_dir);
	return BH_OK;
}

void link_facts_free(struct link_facts *f)
{
	for (size_t i = 0; i < f->nstages; i++)
		free(f->stages[i].name);
	free(f->stages);
	for (size_t i = 0; i < f->nservices; i++) {
		free(f->services[i].service);
		free(f->services[i].dockerfile);
		free(f->services[i].context);
		free(f->services[i].target);
	}
	free(f->services);
	memset(f, 0, sizeof(*f));
}

/* ---- build contexts, for the Dockerfile scan ---- */

const struct bh_build_context *link_context_of(const struct bh_build_contexts *c,
					       const char *fs_path)
{
	if (!c || !c->n || !fs_path)
		return NULL;
	char *real = realpath(fs_path, NULL);
	const struct bh_build_context *found = NULL;
	for (size_t i = 0; real && i < c->n && !found; i++)
		if (strcmp(c->v[i].dockerfile, real) == 0)
			found = &c->v[i];
	free(real);
	return found;
}

int link_contexts_root(struct bh_build_contexts *out, const char *path)
{
	/* kept as given: resolved (realpath, a stat) only when a Compose
	 * context is judged, resolve_roots(); most runs judge none */
	char *copy = strdup(path);
	char **v = copy ? realloc(out->pending,
				  (out->npending + 1) * sizeof(*v)) : NULL;
	if (!v) {
		free(copy);
		return BH_ENOMEM;
	}
	out->pending = v;
	v[out->npending++] = copy;
	return BH_OK;
}

/* Moves the paths link_contexts_root() kept into c->roots as real
 * paths (a file: its directory; one that does not resolve: nothing; one
 * already there: once).  0 or BH_ENOMEM. */
static int resolve_roots(struct bh_build_contexts *c)
{
	int rc = BH_OK;
	for (size_t k = 0; k < c->npending; k++) {
		char *real = rc ? NULL : realpath(c->pending[k], NULL);
		free(c->pending[k]);
		if (!real)
			continue;   /* standard input, or gone: names no tree */
		char *slash = strrchr(real, '/');
		struct stat st;
		if (stat(real, &st) == 0 && !S_ISDIR(st.st_mode) && slash)
			slash[slash == real] = '\0';   /* a file: its directory */
		bool dup = false;
		for (size_t i = 0; i < c->nroots && !dup; i++)
			dup = !strcmp(c->roots[i], real);
		char **v = dup ? NULL : realloc(c->roots, (c->nroots + 1) *
							     sizeof(*v));
		if (!v) {
			free(real);
			if (!dup)
				rc = BH_ENOMEM;
			continue;
		}
		c->roots = v;
		v[c->nroots++] = real;
	}
	free(c->pending);
	c->pending = NULL;
	c->npending = 0;
	return rc;
}

/* Whether real path "p" is one of c->roots or below one. */
static bool below_a_root(const struct bh_build_contexts *c, const char *p)
{
	for (size_t i = 0; i < c->nroots; i++) {
		size_t n = strlen(c->roots[i]);
		if (!strncmp(c->roots[i], p, n) &&
		    (p[n] == '/' || !p[n] || (n == 1 && p[0] == '/')))
			return true;
	}
	return false;
}

int link_contexts_add(struct bh_build_contexts *out, const struct link_facts *f,
		      const char *compose)
{
	for (size_t s = 0; f && s < f->nservices; s++) {
		const struct link_service *svc = &f->services[s];
		if (!svc->dockerfile || !svc->context ||
		    link_context_of(out, svc->dockerfile))
			continue;
		char *df = realpath(svc->dockerfile, NULL);
		char *ctx = df ? realpath(svc->context, NULL) : NULL;
		if (ctx && out->npending && resolve_roots(out) != BH_OK) {
			free(df);
			free(ctx);
			return BH_ENOMEM;
		}
		/* outside the paths named: not taken, only kept so that
		 * `fix` can say why it writes no .dockerignore there */
		bool outside = ctx && !below_a_root(out, ctx);
		char *cmp = ctx ? strdup(compose) : NULL;
		struct bh_build_context *v = cmp ? realloc(out->v,
			(out->n + 1) * sizeof(*v)) : NULL;
		if (!v) {
			free(df);
			free(ctx);
			free(cmp);
			if (df && ctx)
				return BH_ENOMEM;
			continue;   /* not on disk: nothing to join */
		}
		out->v = v;
		v[out->n++] = (struct bh_build_context){ df, ctx, cmp, outside };
	}
	return BH_OK;
}

void link_contexts_free(struct bh_build_contexts *c)
{
	for (size_t i = 0; i < c->n; i++) {
		free(c->v[i].dockerfile);
		free(c->v[i].context);
		free(c->v[i].compose);
	}
	free(c->v);
	for (size_t i = 0; i < c->nroots; i++)
		free(c->roots[i]);
	free(c->roots);
	for (size_t i = 0; i < c->npending; i++)
		free(c->pending[i]);
	free(c->pending);
	memset(c, 0, sizeof(*c));
}

/* ---- the join ---- */

static bool all_digits(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return false;
	return true;
}

/* The facts of stage "target" (NULL or "": the final one), as
 * df_model_stage_named() finds it. */
static struct df_facts stage_facts(const struct link_facts *f,
				   const char *target)
{
	struct df_facts r = { 0 };
	if (!f || !f->nstages)
		return r;
	const struct link_stage *final = &f->stages[f->nstages - 1];
	const struct link_stage *st = NULL;
	if (!target || !*target) {
		st = final;
	} else if (all_digits(target)) {
		size_t idx = 0;
		bool big = false;
		for (const char *p = target; *p && !big; p++) {
			big = idx > (SIZE_MAX - 9) / 10;
			idx = idx * 10 + (size_t)(*p - '0');
		}
		st = !big && idx < f->nstages ? &f->stages[idx] : NULL;
	} else {
		for (size_t i = 0; i < f->nstages && !st; i++)
			if (f->stages[i].name &&
			    strcasecmp(f->stages[i].name, target) == 0)
				st = &f->stages[i];
	}
	if (st) {
		r.ok = true;
		r.is_final = st == final;
		r.root = st->root;
		r.has_healthcheck = st->health;
	}
	return r;
}

/* The last Dockerfile no input named that the join read (services one
 * after another often build the same one: read once for them all). */
struct unscanned {
	char *fs_path;          /* NULL: none yet */
	bool ok;                /* read and modelled: "f" holds its facts */
	struct link_facts f;
};

/* A Dockerfile no input of the run named: read and modelled here, the
 * only time it is read (the facts of the last one are kept in "u" for
 * the next service naming the same path). */
static struct df_facts unscanned_facts(struct unscanned *u, const char *fs_path,
				       const char *target)
{
	if (u->fs_path && !strcmp(u->fs_path, fs_path))
		return u->ok ? stage_facts(&u->f, target)
			     : (struct df_facts){ 0 };
	link_facts_free(&u->f);
	free(u->fs_path);
	u->ok = false;
	u->fs_path = strdup(fs_path);   /* NULL: not kept, as without */
	struct df_facts r = { 0 };
	char *text = NULL;
	size_t len = 0;
	struct diag d;
	diag_init(&d, fs_path);
	if (io_read_file(fs_path, BH_MAX_INPUT, &text, &len, &d) != BH_OK)
		return r;
	struct arena a;
	arena_init(&a, 0);
	struct df_file file;
	struct df_model m;
	if (df_parse(text, len, &a, &file, &d) == BH_OK &&
	    df_model_build(&file, &a, &m, &d) == BH_OK &&
	    link_facts_dockerfile(&m, &u->f) == BH_OK) {
		u->ok = true;
		r = stage_facts(&u->f, target);
	}
	arena_free(&a);
	free(text);
	return r;
}

/* The real paths of the scanned Dockerfile inputs, each resolved once
 * when first compared (a realpath walks every component of its path). */
struct df_reals {
	char **v;               /* [n]: NULL until resolved */
	bool *done;
	bool any;               /* some input is a scanned Dockerfile */
};

static bool is_df_input(const struct link_input *in)
{
	return in->fs_path && !strcmp(in->format->name, "dockerfile");
}

/* The scanned Dockerfile input at "fs_path", or NULL (no realpath at all
 * when no Dockerfile was scanned). */
static const struct link_input *scanned(const struct link_input *in, size_t n,
					struct df_reals *r, const char *fs_path)
{
	if (!r->any)
		return NULL;
	char *want = realpath(fs_path, NULL);
	const struct link_input *found = NULL;
	for (size_t i = 0; want && i < n && !found; i++) {
		if (!is_df_input(&in[i]))
			continue;
		char *have = r->v ? r->v[i] : NULL;
		if (!r->v || !r->done[i]) {
			have = realpath(in[i].fs_path, NULL);
			if (r->v) {
				r->v[i] = have;
				r->done[i] = true;
			}
		}
		if (have && strcmp(have, want) == 0)
			found = &in[i];
		if (!r->v)
			free(have);
	}
	free(want);
	return found;
}

static void collect_links(const struct link_input *in, size_t n,
			  struct link **links, size_t *nlinks)
{
	struct df_reals r = { 0 };
	struct unscanned u = { 0 };
	for (size_t i = 0; i < n && !r.any; i++)
		r.any = is_df_input(&in[i]);
	if (r.any) {
		/* out of memory: each compared unkept, as before */
		r.v = calloc(n, sizeof(*r.v));
		r.done = calloc(n, sizeof(*r.done));
		if (!r.v || !r.done) {
			free(r.v);
			free(r.done);
			r.v = NULL;
			r.done = NULL;
		}
	}
	for (size_t i = 0; i < n; i++) {
		if (!in[i].fs_path || !in[i].facts ||
		    strcmp(in[i].format->name, "compose"))
			continue;
		for (size_t s = 0; s < in[i].facts->nservices; s++) {
			const struct link_service *svc =
				&in[i].facts->services[s];
			const struct link_input *df =
				scanned(in, n, &r, svc->dockerfile);
			char *shown = strdup(df ? df->display : svc->dockerfile);
			struct link *v = shown ? realloc(*links,
				(*nlinks + 1) * sizeof(**links)) : NULL;
			if (!v) {
				free(shown);
				continue;
			}
			*links = v;
			struct link *l = &v[(*nlinks)++];
			*l = (struct link){
				.compose = in[i].display, .svc = svc,
				.service = svc->service, .line = svc->line,
				.end_line = svc->end_line, .dockerfile = shown,
				.user_set = svc->user_set,
				.user_root = svc->user_root,
				.health_set = svc->health_set,
				.ports = svc->ports, .nports = svc->nports,
			};
			l->df = df ? stage_facts(df->facts, svc->target)
				   : unscanned_facts(&u, svc->dockerfile,
						     svc->target);
		}
	}
	link_facts_free(&u.f);
	free(u.fs_path);
	for (size_t i = 0; r.v && i < n; i++)
		free(r.v[i]);
	free(r.v);
	free(r.done);
}

static bool is_rule(const struct bh_finding *f, enum bh_link_role role)
{
	return f->rule && bh_rule_link(f->rule) == role;
}

static bool in_service(const struct bh_finding *f, const struct link *l)
{
	return strcmp(f->file, l->compose) == 0 && f->span.line >= l->line &&
	       f->span.line <= l->end_line;
}

/* Index of the first finding of rule "id" in "file", or -1. */
static long find_in_file(const struct bh_findings *fs, enum bh_link_role id,
			 const char *file)
{
	for (size_t i = 0; i < fs->n; i++)
		if (is_rule(&fs->v[i], id) && strcmp(fs->v[i].file, file) == 0)
			return (long)i;
	return -1;
}

static long find_in_service(const struct bh_findings *fs, enum bh_link_role id,
			    const struct link *l)
{
	for (size_t i = 0; i < fs->n; i++)
		if (is_rule(&fs->v[i], id) && in_service(&fs->v[i], l))
			return (long)i;
	return -1;
}

static void append_message(struct bh_finding *f, const char *extra)
{
	if (strstr(f->message, extra))
		return;
	size_t n = strlen(f->message) + strlen(extra) + 3;
	char *m = malloc(n);
	if (!m)
		return;
	snprintf(m, n, "%s; %s", f->message, extra);
	free(f->message);
	f->message = m;
}

/* Whether every link to "dockerfile" satisfies "pred". */
static bool all_links(const struct link *links, size_t n, const char *dockerfile,
		      bool (*pred)(const struct link *))
{
	bool any = false;
	for (size_t i = 0; i < n; i++) {
		if (strcmp(links[i].dockerfile, dockerfile))
			continue;
		any = true;
		if (!pred(&links[i]))
			return false;
	}
	return any;
}

static bool sets_nonroot_user(const struct link *l)
{
	return l->user_set && !l->user_root && l->df.is_final;
}

static bool sets_user(const struct link *l)
{
	return l->user_set && l->df.is_final;
}

static bool sets_health(const struct link *l)
{
	return l->health_set && l->df.is_final;
}

static void drop(struct bh_findings *fs, long i)
{
	if (i >= 0)
		bh_findings_remove(fs, (size_t)i);
}

static void settle_user(const struct link *l, const struct link *all, size_t n,
			struct bh_findings *fs)
{
	char msg[512];
	if (all_links(all, n, l->dockerfile, sets_nonroot_user)) {
		/* Compose runs every service of this Dockerfile as non-root. */
		drop(fs, find_in_file(fs, BH_LINK_DF_ROOT_USER, l->dockerfile));
	}
	if (all_links(all, n, l->dockerfile, sets_user))
		drop(fs, find_in_file(fs, BH_LINK_DF_NAMED_USER, l->dockerfile));
	if (l->user_set || !l->df.ok)
		return;
	if (!l->df.root) {
		/* The Dockerfile's USER fixes what Compose alone would report. */
		drop(fs, find_in_service(fs, BH_LINK_CMP_NO_USER, l));
		return;
	}
	long df = find_in_file(fs, BH_LINK_DF_ROOT_USER, l->dockerfile);
	if (df >= 0 && l->df.is_final) {
		snprintf(msg, sizeof(msg),
			 "service '%s' in %s builds it and sets no user: either",
			 l->service, l->compose);
		append_message(&fs->v[df], msg);
		drop(fs, find_in_service(fs, BH_LINK_CMP_NO_USER, l));
	} else {
		long c = find_in_service(fs, BH_LINK_CMP_NO_USER, l);
		if (c >= 0) {
			snprintf(msg, sizeof(msg),
				 "its Dockerfile %s sets no non-root USER either",
				 l->dockerfile);
			append_message(&fs->v[c], msg);
		}
	}
}

static void settle_health(const struct link *l, const struct link *all, size_t n,
			  struct bh_findings *fs)
{
	char msg[512];
	if (all_links(all, n, l->dockerfile, sets_health))
		drop(fs, find_in_file(fs, BH_LINK_DF_NO_HEALTH, l->dockerfile));
	if (l->health_set || !l->df.ok)
		return;
	if (l->df.has_healthcheck) {
		drop(fs, find_in_service(fs, BH_LINK_CMP_NO_HEALTH, l));
		return;
	}
	long df = find_in_file(fs, BH_LINK_DF_NO_HEALTH, l->dockerfile);
	if (df >= 0 && l->df.is_final) {
		snprintf(msg, sizeof(msg),
			 "service '%s' in %s builds it and defines no healthcheck: either",
			 l->service, l->compose);
		append_message(&fs->v[df], msg);
		drop(fs, find_in_service(fs, BH_LINK_CMP_NO_HEALTH, l));
	}
}

/* Whether "text" names port "port" as a whole number. */
static bool mentions_port(const char *text, long port)
{
	char num[24];
	snprintf(num, sizeof(num), "%ld", port);
	size_t n = strlen(num);
	for (const char *p = strstr(text, num); p; p = strstr(p + 1, num)) {
		bool left = p == text || p[-1] < '0' || p[-1] > '9';
		bool right = p[n] < '0' || p[n] > '9';
		if (left && right)
			return true;
	}
	return false;
}

/* Port number an EXPOSE finding points at: the digits at its column. */
static long port_at(const struct bh_finding *f)
{
	if (!f->snippet || f->span.col <= 0 ||
	    (size_t)f->span.col > strlen(f->snippet))
		return -1;
	const char *p = f->snippet + f->span.col - 1;
	while (*p && (*p < '0' || *p > '9'))
		p++;
	return *p ? strtol(p, NULL, 10) : -1;
}

/* An SSH/debug port that the Dockerfile EXPOSEs and Compose publishes is
 * reported once, on the Compose file: publishing is what exposes it.
 * Returns how many Dockerfile findings it dropped. */
static size_t settle_ports(const struct link *l, struct bh_findings *fs)
{
	char msg[512];
	size_t dropped = 0;
	for (size_t i = fs->n; i-- > 0;) {
		struct bh_finding *f = &fs->v[i];
		if (!is_rule(f, BH_LINK_DF_DEBUG_PORT) || strcmp(f->file, l->dockerfile))
			continue;
		long port = port_at(f);
		bool published = false;
		for (size_t p = 0; p < l->nports; p++)
			published |= l->ports[p] == port;
		for (size_t k = 0; published && k < fs->n; k++) {
			if (!is_rule(&fs->v[k], BH_LINK_CMP_DEBUG_PORT) || !in_service(&fs->v[k], l) ||
			    !mentions_port(fs->v[k].message, port))
				continue;
			snprintf(msg, sizeof(msg), "%s also EXPOSEs it (line %d)",
				 l->dockerfile, f->span.line);
			append_message(&fs->v[k], msg);
			bh_findings_remove(fs, i);
			dropped++;
			break;
		}
	}
	return dropped;
}

/* How many findings of link role "role" the list holds. */
static size_t count_role(const struct bh_findings *fs, enum bh_link_role role)
{
	size_t n = 0;
	for (size_t i = 0; i < fs->n; i++)
		n += is_rule(&fs->v[i], role);
	return n;
}

void link_services(const struct link_input *inputs, size_t n,
		   struct bh_findings *findings)
{
	struct link *links = NULL;
	size_t nlinks = 0;
	collect_links(inputs, n, &links, &nlinks);
	/* settle_ports() walks every finding for each link: not run once no
	 * EXPOSE finding is left to settle (the other steps drop findings of
	 * other roles only, and none adds one) */
	size_t df_ports = nlinks ? count_role(findings, BH_LINK_DF_DEBUG_PORT) : 0;
	for (size_t i = 0; i < nlinks; i++) {
		settle_user(&links[i], links, nlinks, findings);
		settle_health(&links[i], links, nlinks, findings);
		if (df_ports)
			df_ports -= settle_ports(&links[i], findings);
	}
	for (size_t i = 0; i < nlinks; i++)
		free(links[i].dockerfile);
	free(links);
}
