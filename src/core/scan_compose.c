/* SPDX-License-Identifier: Apache-2.0
 *
 * scan_compose.c - the Docker Compose input kind: recognise, then the
 * pipeline front end YAML -> extends -> merge -> model, handing the model
 * to bh_scan_check() (scan.c: rules, per-file inline ignores).
 *
 * This file owns Compose file naming, content sniffing, the variable
 * sources of interpolation (the process environment, then a .env file
 * beside the first file, as `docker compose` reads them), merging several
 * files or documents in order, and applying inline ignore pragmas per
 * file.  Each document has its services' `extends:` resolved before it is
 * merged, as compose-go does (src/core/cmp_extends.c); files read for
 * extends join the project's files after the inputs, so findings and
 * ignore pragmas work in them too, and their real paths are handed back
 * (ctx->extended) so a walk does not also audit them on their own.  A
 * top-level services: mapping is Compose whatever the file is called
 * (cmp_sniff, for walks too).  It does not interpret Compose keys
 * (src/model/cmp_model.c) or judge them (src/rules/rules_compose.c).
 * Tests: tests/cases/compose/, tests/unit/compose/,
 * tests/cases/cli/walk-compose-*.case, tests/suites/compose_corpus.sh.
 */
#include "scan_compose.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../model/cmp_model.h"
#include "../parse/yml.h"
#include "../util/io.h"
#include "cmp_extends.h"
#include "dircache.h"
#include "link.h"
#include "scan.h"
#include "../util/text.h"

#define MAX_FILES 64
#define DOTENV_MAX ((size_t)1 << 20)

static bool yaml_ext(const char *s)
{
	return txt_ends_ci(s, ".yml") || txt_ends_ci(s, ".yaml");
}

static bool cmp_match_name(const char *base)
{
	if (!strcmp(base, "compose.yaml") || !strcmp(base, "compose.yml") ||
	    !strcmp(base, "docker-compose.yaml") ||
	    !strcmp(base, "docker-compose.yml"))
		return true;
	if (!yaml_ext(base))
		return false;
	return !strncmp(base, "docker-compose.", 15) ||
	       !strncmp(base, "docker-compose-", 15) ||
	       !strncmp(base, "compose.", 8);
}

/* Walked: the Compose file names claim; any other YAML may be a Compose
 * file under another name (docker-stack.yml, stack.yml, app.compose.yaml)
 * and is sniffed. */
static enum bh_walk_name cmp_walk_name(const char *base)
{
	if (cmp_match_name(base))
		return BH_WALK_CLAIM;
	return yaml_ext(base) ? BH_WALK_SNIFF : BH_WALK_NO;
}

/* Whether the value after "services:" (text[i..len), the rest of that
 * line on) is a mapping: "{", or nothing on the line and a next
 * significant line that is not a sequence item ("- x"). */
static bool services_is_map(const char *text, size_t i, size_t len)
{
	while (i < len && (text[i] == ' ' || text[i] == '\t'))
		i++;
	if (i < len && text[i] == '{')
		return true;
	if (i < len && text[i] != '\n' && text[i] != '\r' && text[i] != '#')
		return false;  /* a scalar, a flow sequence, an alias */
	while (i < len) {
		const char *nl = memchr(text + i, '\n', len - i);
		i = nl ? (size_t)(nl - text) + 1 : len;
		size_t s = i;
		while (s < len && (text[s] == ' ' || text[s] == '\t'))
			s++;
		if (s >= len)
			return false;
		if (text[s] == '\n' || text[s] == '\r' || text[s] == '#')
			continue;
		if (s == i)
			return false;  /* the next top-level key: empty */
		return text[s] != '-';
	}
	return false;
}

/* A top-level "services:" whose value is a mapping, and no Kubernetes
 * "apiVersion:" (GitLab CI's "services:" is a list). */
static int cmp_sniff(const char *text, size_t len)
{
	bool services = false, k8s = false;
	size_t i = 0;
	if (len >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3))
		i = 3;
	while (i < len) {
		const char *nl = memchr(text + i, '\n', len - i);
		size_t e = nl ? (size_t)(nl - text) : len;
		size_t n = e - i;
		if (!services && n >= 9 && !memcmp(text + i, "services:", 9) &&
		    (n == 9 || text[i + 9] == ' ' || text[i + 9] == '\r' ||
		     text[i + 9] == '#' || text[i + 9] == '\t'))
			services = services_is_map(text, i + 9, len);
		if (n >= 11 && !memcmp(text + i, "apiVersion:", 11))
			k8s = true;
		i = e + 1;
	}
	if (!services)
		return 0;
	return k8s ? 20 : 80;
}

/* ---- variables ---- */

const char *cmp_env_lookup(void *ctx, const char *name)
{
	const struct cmp_env *e = ctx;
	const char *v = getenv(name);
	if (v)
		return v;
	for (size_t i = e->dotenv.n; i-- > 0;)
		if (!strcmp(e->dotenv.v[i].name.v, name))
			return e->dotenv.v[i].value.v;
	return NULL;
}

static const char *proc_lookup(void *ctx, const char *name)
{
	(void)ctx;
	return getenv(name);
}

void cmp_env_load(struct arena *a, const char *fs_path, struct cmp_env *e,
		  struct bh_dircache *dc)
{
	memset(e, 0, sizeof(*e));
	if (!fs_path)
		return;
	const char *slash = strrchr(fs_path, '/');
	char *path = slash ? arena_printf(a, "%.*s/.env",
					  (int)(slash - fs_path), fs_path)
			   : arena_strdup(a, ".env");
	if (!path || bh_dircache_absent(dc, path))
		return;
	char *text = NULL;
	size_t len = 0;
	struct diag d;
	diag_init(&d, path);
	if (io_read_file(path, DOTENV_MAX, &text, &len, &d) != BH_OK)
		return;
	/* A broken .env only loses its variables. */
	(void)cmp_dotenv_parse(a, text, len, proc_lookup, NULL, &e->dotenv);
	free(text);
}

/* ---- inline ignores: a pragma above a key covers the key's block ---- */

/* The last line of node "n" in file "file" (its deepest last child
 * written there), or "dflt".  Merged nodes (-f files, extends:) mix files;
 * a line of another file says nothing about this one's. */
static int node_last_line(const struct yml_node *n, int file, int dflt)
{
	int last = dflt;
	for (int guard = 0; n && guard < YML_DEFAULT_MAX_DEPTH; guard++) {
		if (n->file == file) {
			int l = n->kind == YML_SCALAR && n->end_line ? n->end_line
								    : n->line;
			if (l > last)
				last = l;
		}
		if (n->kind == YML_SCALAR)
			return last;
		const struct yml_node *next = NULL;
		for (size_t i = n->n; i-- > 0 && !next;) {
			if (n->kind == YML_SEQ) {
				if (n->items[i]->file == file)
					next = n->items[i];
			} else if (n->pairs[i].key->file == file) {
				if (n->pairs[i].key->line > last)
					last = n->pairs[i].key->line;
				next = n->pairs[i].value;
			}
		}
		n = next;
	}
	return last;
}

struct key_end {
	int line, end;
};

/* The keys a pragma can sit above (top level, services, service keys) of
 * one file, sorted by line, built on the first pragma: so n pragmas over
 * a file of k keys cost O(k log k + n log k), not O(n k). */
struct unit_ctx {
	const struct cmp_model *m;
	int file;
	struct arena *a;
	struct key_end *v;
	size_t n;
	bool built;
	/* lines inside multi-line scalars of every file (in_text): those
	 * of the parsed inputs, gathered before merging, and, on first ask,
	 * those the merged tree holds (the files read for extends:) */
	struct ignore_text_lines *text_lines;
	bool *merged_added;
};

static int cmp_key_end(const void *x, const void *y)
{
	const struct key_end *a = x, *b = y;
	return (a->line > b->line) - (a->line < b->line);
}

static void add_keys(struct unit_ctx *u, const struct yml_node *map,
		     size_t cap)
{
	for (size_t i = 0; yml_is_map(map) && i < map->n && u->n < cap; i++) {
		const struct yml_pair *p = &map->pairs[i];
		if (p->key->file == u->file)
			u->v[u->n++] = (struct key_end){
				p->key->line,
				node_last_line(p->value, u->file, p->key->line) };
	}
}

static void build_key_ends(struct unit_ctx *u)
{
	const struct yml_node *root = u->m->root;
	const struct yml_node *svcs = cmp_services_of(root);
	size_t cap = yml_is_map(root) ? root->n : 0;
	if (yml_is_map(svcs)) {
		cap += svcs->n;
		for (size_t i = 0; i < svcs->n; i++)
			if (yml_is_map(svcs->pairs[i].value))
				cap += svcs->pairs[i].value->n;
	}
	u->built = true;
	u->v = arena_array(u->a, cap ? cap : 1, sizeof(*u->v));
	if (!u->v)
		return;
	add_keys(u, root, cap);
	add_keys(u, svcs, cap);
	for (size_t i = 0; yml_is_map(svcs) && i < svcs->n; i++)
		add_keys(u, svcs->pairs[i].value, cap);
	qsort(u->v, u->n, sizeof(*u->v), cmp_key_end);
}

/* The last line of the key block starting at "line" (ignore_apply's
 * unit), or "line" itself. */
static int unit_end(void *ctx, int line)
{
	struct unit_ctx *u = ctx;
	if (!u->built)
		build_key_ends(u);
	size_t lo = 0, hi = u->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (u->v[mid].line < line)
			lo = mid + 1;
		else
			hi = mid;
	}
	int end = line;
	for (; lo < u->n && u->v[lo].line == line; lo++)
		if (u->v[lo].end > end)
			end = u->v[lo].end;
	return end;
}

/* Whether "line" of the unit's file is inside a scalar written over
 * several lines (a block scalar command: holding "# bulkhead ignore="):
 * text, not a comment (ignore.h). */
static bool in_text(void *ctx, int line, int *first, bool *block)
{
	struct unit_ctx *u = ctx;
	if (!*u->merged_added) {
		*u->merged_added = true;
		ignore_text_lines_yaml(u->text_lines, u->m->root, 0, true);
	}
	return ignore_text_lines_has(u->text_lines, u->file, line, first,
				     block);
}

/* ---- the pipeline ---- */

static int parse_all(struct arena *a, const struct bh_input *inputs,
		     size_t n, struct cmp_extends *x, struct yml_node **root,
		     struct ignore_text_lines *tl, struct diag *d)
{
	*root = NULL;
	for (size_t i = 0; i < n; i++) {
		struct yml_stream s;
		struct yml_limits lim;
		memset(&lim, 0, sizeof(lim));
		lim.file = (int)i;
		d->file = inputs[i].path;
		int rc = yml_parse(a, inputs[i].text, inputs[i].len, &lim, &s, d);
		if (rc)
			return rc;
		/* docker compose refuses a file with no content ("empty
		 * compose file"): nothing in it would be checked */
		bool any = false;
		for (size_t k = 0; k < s.ndocs && !any; k++)
			any = s.docs[k].root && !yml_is_null(s.docs[k].root);
		if (!any)
			return diag_error(d, BH_EPARSE, 0, 0, "empty compose file");
		for (size_t k = 0; k < s.ndocs; k++) {
			struct yml_node *r = s.docs[k].root;
			if (!r || yml_is_null(r))
				continue;
			if (r->kind != YML_MAP)
				return diag_error(d, BH_EPARSE, r->line, r->col,
						  "a Compose file is a mapping, "
						  "not a %s", yml_kind_name(r->kind));
			/* each file's own multi-line scalars, before a later
			 * file's value replaces one in the merge */
			ignore_text_lines_yaml(tl, r, 0, true);
			/* compose-go: ApplyExtends per document, then merge */
			rc = cmp_extends_apply(x, r, &r, d);
			if (rc)
				return rc;
			d->file = inputs[i].path;
			rc = cmp_merge(a, *root, r, root, d);
			if (rc)
				return rc;
		}
	}
	return BH_OK;
}

/* The diag's file must outlive the scan: an error placed in a file read
 * for extends (its path lives in the arena) is reported against the first
 * input, naming that file in the message.  cmp_extends.c already places
 * its own errors in inputs; this covers the rest. */
static void keep_error_in_input(struct diag *d, const struct bh_input *inputs,
				size_t n, const char *first)
{
	if (!d->file || d->file == first)
		return;
	for (size_t i = 0; i < n; i++)
		if (d->file == inputs[i].path)
			return;
	char msg[sizeof(d->message)];
	diag_format(d, msg, sizeof(msg));
	memcpy(d->message, msg, sizeof(d->message));
	d->file = first;
	d->line = 0;
	d->col = 0;
}

int cmp_scan_merged(const struct bh_input *inputs, size_t n,
		    struct bh_scan_ctx *ctx)
{
	if (n == 0)
		return BH_OK;
	if (n > MAX_FILES)
		return diag_error(ctx->diag, BH_EUSAGE, 0, 0,
				  "at most %d Compose files can be merged",
				  MAX_FILES);
	struct arena a;
	arena_init(&a, 0);
	struct cmp_env env;
	struct yml_node *root = NULL;
	struct cmp_model model;
	const char *first_path = ctx->diag->file;
	cmp_env_load(&a, inputs[0].fs_path, &env,
		     ctx->config ? ctx->config->dircache : NULL);
	struct cmp_extends x;
	cmp_extends_init(&x, &a, cmp_env_lookup, &env, inputs, n);
	struct ignore_text_lines text_lines;
	bool merged_added = false;
	ignore_text_lines_init(&text_lines, &a);
	int rc = parse_all(&a, inputs, n, &x, &root, &text_lines, ctx->diag);
	if (rc)
		goto out;
	/* the inputs, then the files read for extends: (yml file indexes) */
	model.nfiles = n + x.nfiles;
	model.files = arena_array(&a, model.nfiles, sizeof(*model.files));
	if (!model.files) {
		rc = diag_error(ctx->diag, BH_ENOMEM, 0, 0, "out of memory");
		goto out;
	}
	for (size_t i = 0; i < n; i++) {
		model.files[i].path = inputs[i].path;
		model.files[i].text = inputs[i].text;
		model.files[i].len = inputs[i].len;
	}
	for (size_t i = 0; i < x.nfiles; i++) {
		model.files[n + i].path = x.files[i].path;
		model.files[n + i].text = x.files[i].text;
		model.files[n + i].len = x.files[i].len;
	}
	rc = cmp_model_build(root, cmp_env_lookup, &env, &a, &model, ctx->diag);
	if (rc)
		goto out;
	struct bh_check check = {
		.file = inputs[0].path,
		.text = inputs[0].text,
		.text_len = inputs[0].len,
		.arena = &a,
		.config = ctx->config,
		.compose = &model,
	};
	/* each file's pragmas cover its own findings: the unit contexts
	 * are built lazily, on a file's first pragma */
	struct bh_scan_unit *units = arena_array(&a, model.nfiles,
						 sizeof(*units));
	struct unit_ctx *uctx = arena_array(&a, model.nfiles, sizeof(*uctx));
	if (!units || !uctx) {
		rc = diag_error(ctx->diag, BH_ENOMEM, 0, 0, "out of memory");
		goto out;
	}
	for (size_t i = 0; i < model.nfiles; i++) {
		uctx[i] = (struct unit_ctx){ &model, (int)i, &a, NULL, 0,
					     false, &text_lines, &merged_added };
		units[i] = (struct bh_scan_unit){ model.files[i].path,
						  model.files[i].text,
						  model.files[i].len, unit_end,
						  &uctx[i], NULL, 0, in_text };
	}
	rc = bh_scan_check(&check, BH_TARGET_COMPOSE, units, model.nfiles,
			   ctx->out, ctx->warnings);
	if (rc == BH_OK && ctx->link)  /* the join's facts (link.c) */
		rc = link_facts_compose(&model, &x, inputs[0].fs_path,
					ctx->link);
	if (rc)
		rc = diag_error(ctx->diag, rc, 0, 0, "out of memory");
out:
	if (!diag_failed(ctx->diag))
		ctx->diag->file = first_path;
	else
		keep_error_in_input(ctx->diag, inputs, n, first_path);
	/* the files read for extends, even when something failed: they
	 * are this project's, not projects of their own */
	for (size_t i = 0; ctx->extended && i < x.nfiles; i++)
		if (x.files[i].id)
			(void)bh_strlist_add(ctx->extended, x.files[i].id);
	cmp_extends_free(&x);
	arena_free(&a);
	/* a service left out for its extends: the rest was audited */
	return rc ? rc : ctx->diag->code;
}

static int cmp_scan(const struct bh_input *in, struct bh_scan_ctx *ctx)
{
	return cmp_scan_merged(in, 1, ctx);
}

const struct bh_format bh_format_compose = {
	.name = "compose",
	.match_name = cmp_match_name,
	.sniff = cmp_sniff,
	.walk_name = cmp_walk_name,
	.scan = cmp_scan,
	.scan_merged = cmp_scan_merged,
};
