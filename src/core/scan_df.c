/* SPDX-License-Identifier: Apache-2.0
 *
 * scan_df.c - the Dockerfile input kind: recognise, then the pipeline
 * front end parse -> model -> build-context facts (struct bh_facts: the
 * context directory, its .dockerignore parsed once), handing both to
 * bh_scan_check() (scan.c: rules, inline ignores) for one file.
 *
 * This file owns the Dockerfile naming conventions, content sniffing and
 * finding the build context's .dockerignore (BuildKit prefers
 * <Dockerfile>.dockerignore next to the Dockerfile, then .dockerignore in
 * the context).  The context is the one a Compose file of the run names
 * for this Dockerfile (cfg->contexts: `build: {context: ., dockerfile:
 * docker/Dockerfile}`), else the Dockerfile's directory.
 * A file named like a Dockerfile that does not start with an instruction
 * (a template, a script) is refused (df_refuse), not linted line by line.
 * Tests: tests/cases/dockerfile/, tests/cases/cli/walk-*.case.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../model/df_model.h"
#include "../parse/df_parse.h"
#include "../parse/dign.h"
#include "../util/io.h"
#include "context.h"
#include "dircache.h"
#include "formats.h"
#include "link.h"
#include "scan.h"
#include "../util/text.h"

static bool df_match_name(const char *base)
{
	if (txt_ends_ci(base, ".dockerignore") || txt_ends_ci(base, ".md") ||
	    txt_ends_ci(base, ".sh") || txt_ends_ci(base, ".txt") ||
	    txt_ends_ci(base, ".yml") || txt_ends_ci(base, ".yaml") ||
	    txt_ends_ci(base, ".json"))
		return false;
	if (strcmp(base, "Dockerfile") == 0 || strcmp(base, "Containerfile") == 0)
		return true;
	if (strncmp(base, "Dockerfile.", 11) == 0 ||
	    strncmp(base, "Dockerfile-", 11) == 0 ||
	    strncmp(base, "Dockerfile_", 11) == 0 ||
	    strncmp(base, "Containerfile.", 14) == 0)
		return true;
	return txt_ends_ci(base, ".Dockerfile") || txt_ends_ci(base, ".dockerfile") ||
	       txt_ends_ci(base, ".Containerfile");
}

/* Walked: Dockerfile, Containerfile (either case), Dockerfile.*,
 * *.Dockerfile, *.containerfile...; the content has the last word
 * (df_refuse). */
static enum bh_walk_name df_walk_name(const char *base)
{
	if (df_match_name(base) || strcmp(base, "dockerfile") == 0 ||
	    strcmp(base, "containerfile") == 0)
		return BH_WALK_CLAIM;
	return BH_WALK_NO;
}

/* A file named like a Dockerfile whose first line that is neither blank
 * nor a comment does not start with an instruction keyword is something
 * else: a Jinja/Go template (Dockerfile.j2, Dockerfile.tmpl), a jq or
 * shell script.  The detail names the line, never its text.  A file
 * with no instruction at all is left to the parser ("file with no
 * instructions", as BuildKit says). */
static const char *df_refuse(const char *text, size_t len, char *why,
			     size_t n)
{
	size_t i = 0;
	int line = 1;
	if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
		i = 3;
	while (i < len) {
		size_t s = i;
		while (s < len && (text[s] == ' ' || text[s] == '\t'))
			s++;
		const char *nl = memchr(text + s, '\n', len - s);
		size_t e = nl ? (size_t)(nl - text) : len;
		if (s == e || text[s] == '\r' || text[s] == '#') {
			i = e + 1;
			line++;
			continue;
		}
		/* a line that is only a continuation (a lone backslash): BuildKit
		 * joins it to the next, which is the first instruction */
		size_t t = s + 1;
		while (t < e && (text[t] == ' ' || text[t] == '\t' ||
				 text[t] == '\r'))
			t++;
		if (text[s] == '\\' && t == e) {
			i = e + 1;
			line++;
			continue;
		}
		size_t w = s;
		while (w < e && ((text[w] >= 'a' && text[w] <= 'z') ||
				 (text[w] >= 'A' && text[w] <= 'Z')))
			w++;
		bool ends = w == e || text[w] == ' ' || text[w] == '\t' ||
			    text[w] == '\r' || text[w] == '\\' ||
			    text[w] == '`';
		if (ends && df_is_instruction(text + s, w - s))
			return NULL;
		if (n)
			snprintf(why, n, "line %d is not a Dockerfile "
				 "instruction%s", line,
				 memmem(text, len, "{{", 2) ||
				 memmem(text, len, "{%", 2)
					 ? " (a template?)" : "");
		return BH_SKIP_NOT_DOCKERFILE;
	}
	return NULL;
}

/* A Dockerfile starts (after comments and blank lines) with FROM or ARG,
 * or carries a parser directive. */
static int df_sniff(const char *text, size_t len)
{
	size_t i = 0;
	if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
		i = 3;
	while (i < len) {
		while (i < len && (text[i] == ' ' || text[i] == '\t' ||
				   text[i] == '\r' || text[i] == '\n'))
			i++;
		if (i < len && text[i] == '#') {
			if (len - i > 8 && (strncasecmp(text + i, "# syntax=", 9) == 0 ||
					    strncasecmp(text + i, "# escape=", 9) == 0))
				return 90;
			while (i < len && text[i] != '\n')
				i++;
			continue;
		}
		break;
	}
	if (len - i >= 5 && strncasecmp(text + i, "FROM", 4) == 0 &&
	    (text[i + 4] == ' ' || text[i + 4] == '\t'))
		return 80;
	if (len - i >= 4 && strncasecmp(text + i, "ARG", 3) == 0 &&
	    (text[i + 3] == ' ' || text[i + 3] == '\t'))
		return 60;
	return 0;
}

/* The context a Compose file of the run names for this Dockerfile
 * (cfg->contexts), when it is not the Dockerfile's own directory: sets
 * f->context_dir (its real path), f->context_rel, f->context_compose,
 * *generic (its .dockerignore on disk) and *generic_shown (as the
 * Dockerfile's path shows it).  Left as it is (the Dockerfile's
 * directory) when the shown path does not lead to the same directory
 * (a symbolic link on the way): a fix would name another file. */
static int compose_context(const struct bh_input *in, struct bh_scan_ctx *ctx,
			   struct arena *a, struct bh_facts *f,
			   const char **generic, const char **generic_shown)
{
	const struct bh_build_context *b =
		link_context_of(ctx->config ? ctx->config->contexts : NULL,
				in->fs_path);
	if (!b)
		return BH_OK;
	if (b->outside) {
		/* not taken (link.h): the fixes say why they make no
		 * .dockerignore */
		f->context_outside = arena_strdup(a, b->context);
		f->context_compose = arena_strdup(a, b->compose);
		return f->context_outside && f->context_compose
			? BH_OK
			: diag_error(ctx->diag, BH_ENOMEM, 0, 0, "out of memory");
	}
	char *dir = realpath(f->context_dir, NULL);
	char *rel = dir ? io_path_relative(dir, b->context) : NULL;
	char *shown_ctx = rel ? io_path_beside(in->path, rel) : NULL;
	char *real_shown = shown_ctx ? realpath(shown_ctx, NULL) : NULL;
	int rc = BH_OK;
	if (!dir || !rel || (strcmp(rel, ".") && !shown_ctx)) {
		rc = dir ? diag_error(ctx->diag, BH_ENOMEM, 0, 0, "out of memory")
			 : BH_OK;   /* gone since it was listed: as today */
	} else if (strcmp(rel, ".") && real_shown &&
		   !strcmp(real_shown, b->context)) {
		f->context_dir = arena_strdup(a, b->context);
		f->context_rel = arena_strdup(a, rel);
		f->context_compose = arena_strdup(a, b->compose);
		*generic = arena_printf(a, "%s/.dockerignore", b->context);
		*generic_shown = !strcmp(shown_ctx, ".")
			? ".dockerignore"
			: arena_printf(a, "%s%s.dockerignore", shown_ctx,
				       shown_ctx[strlen(shown_ctx) - 1] == '/'
					       ? "" : "/");
		if (!f->context_dir || !f->context_rel || !f->context_compose ||
		    !*generic || !*generic_shown)
			rc = diag_error(ctx->diag, BH_ENOMEM, 0, 0,
					"out of memory");
	}
	free(dir);
	free(rel);
	free(shown_ctx);
	free(real_shown);
	return rc;
}

/* x[0..xl) followed by the C string y, in the arena (what
 * arena_printf("%.*s%s") makes, without the format); NULL when the arena
 * is over its cap. */
static char *cat2(struct arena *a, const char *x, size_t xl, const char *y)
{
	size_t yl = strlen(y);
	char *r = arena_alloc_raw(a, xl + yl + 1);
	if (r) {
		memcpy(r, x, xl);
		memcpy(r + xl, y, yl + 1);
	}
	return r;
}

/* snprintf(out, n, "%.*s%s", xl, x, y): cut to n - 1 bytes. */
static void put2(char *out, size_t n, const char *x, size_t xl, const char *y)
{
	size_t yl = strlen(y);
	if (xl > n - 1)
		xl = n - 1;
	if (yl > n - 1 - xl)
		yl = n - 1 - xl;
	memcpy(out, x, xl);
	memcpy(out + xl, y, yl);
	out[xl + yl] = '\0';
}

/* ctx_read_dockerignore_text(), answered without a probe when the run's
 * directory listing (cfg->dircache) shows the file is not there. */
static int read_dign(struct bh_dircache *dc, const char *fs_path,
		     const char *shown, struct arena *a, struct dign *out,
		     bool *found, const char **text, size_t *tlen,
		     struct diag *d)
{
	if (!bh_dircache_absent(dc, fs_path))
		return ctx_read_dockerignore_text(fs_path, shown, a, out, found,
						  text, tlen, d);
	memset(out, 0, sizeof(*out));
	*found = false;
	*text = NULL;
	*tlen = 0;
	return BH_OK;
}

/* The build context's facts: the Dockerfile's directory and its
 * .dockerignore (BuildKit: <Dockerfile>.dockerignore next to it first,
 * then .dockerignore in the context), parsed once.  A .dockerignore that
 * does not parse is an input error at its own line, as for `secrets DIR`
 * (ctx->diag_file holds its shown path). */
static int gather_context(const struct bh_input *in, struct bh_scan_ctx *ctx,
			  struct arena *a, struct bh_facts *f, struct dign *ign)
{
	f->arena = a;
	if (!in->fs_path)
		return BH_OK;
	f->context_known = true;
	const char *fs = in->fs_path, *shown = in->path;
	const char *fs_sl = strrchr(fs, '/'), *sh_sl = strrchr(shown, '/');
	f->context_dir = fs_sl ? arena_strndup(a, fs, (size_t)(fs_sl - fs) +
					       (fs_sl == fs))
			       : ".";
	f->context_rel = ".";
	const char *specific = cat2(a, fs, strlen(fs), ".dockerignore");
	const char *generic = fs_sl ? cat2(a, fs, (size_t)(fs_sl - fs),
					   "/.dockerignore")
				    : ".dockerignore";
	const char *generic_shown = NULL;
	if (!f->context_dir || !specific || !generic)
		return diag_error(ctx->diag, BH_ENOMEM, 0, 0, "out of memory");
	int rc = compose_context(in, ctx, a, f, &generic, &generic_shown);
	if (rc != BH_OK)
		return rc;
	struct diag d;
	bool found = false;
	put2(ctx->diag_file, sizeof(ctx->diag_file), shown, strlen(shown),
	     ".dockerignore");
	diag_init(&d, ctx->diag_file);
	struct bh_dircache *dc = ctx->config ? ctx->config->dircache : NULL;
	rc = read_dign(dc, specific, ctx->diag_file, a, ign, &found,
		       &f->dockerignore_text, &f->dockerignore_len, &d);
	f->dockerignore_src = specific;
	const char *fs_base = fs_sl ? fs_sl + 1 : fs;
	f->dockerignore_name = cat2(a, fs_base, strlen(fs_base),
				    ".dockerignore");
	if (rc == BH_OK && !found) {
		f->dockerignore_src = generic;
		f->dockerignore_name = strcmp(f->context_rel, ".")
			? cat2(a, f->context_rel, strlen(f->context_rel),
			       "/.dockerignore")
			: ".dockerignore";
		if (generic_shown)
			snprintf(ctx->diag_file, sizeof(ctx->diag_file), "%s",
				 generic_shown);
		else
			put2(ctx->diag_file, sizeof(ctx->diag_file), shown,
			     sh_sl ? (size_t)(sh_sl - shown) + 1 : 0,
			     ".dockerignore");
		rc = read_dign(dc, generic, ctx->diag_file, a, ign, &found,
			       &f->dockerignore_text, &f->dockerignore_len,
			       &d);
	}
	if (rc == BH_OK && !f->dockerignore_name)
		rc = diag_error(&d, BH_ENOMEM, 0, 0, "out of memory");
	if (rc != BH_OK) {
		*ctx->diag = d;
		return rc;
	}
	f->has_dockerignore = found;
	f->dockerignore = found ? ign : NULL;
	static const char *const locks[] = { "/package-lock.json",
					     "/npm-shrinkwrap.json", NULL };
	size_t cdl = strlen(f->context_dir);
	for (size_t k = 0; locks[k] && !f->has_npm_lock; k++) {
		const char *lp = cat2(a, f->context_dir, cdl, locks[k]);
		/* a regular file only: fopen() of a FIFO named so would
		 * wait for a writer forever */
		struct stat lst;
		if (lp && !bh_dircache_absent(dc, lp) &&
		    stat(lp, &lst) == 0 && S_ISREG(lst.st_mode) &&
		    access(lp, R_OK) == 0) {
			f->has_npm_lock = !f->dockerignore ||
					  !dign_excluded(f->dockerignore,
							 locks[k] + 1);
		}
	}
	return BH_OK;
}

static int instruction_end(void *ctx, int line)
{
	const struct df_file *f = ctx;
	for (size_t i = 0; i < f->nnodes; i++)
		if (f->nodes[i].line == line)
			return f->nodes[i].end_line;
	return line;
}

/* Whether "line" is a heredoc body line (ignore.h: a '#' there is the
 * text of the file or script, not a comment). */
static bool in_heredoc(void *ctx, int line, int *first, bool *block)
{
	const struct df_file *f = ctx;
	/* nodes are in source order: the last one starting at or before
	 * "line" is the only one that can hold it */
	size_t lo = 0, hi = f->nnodes;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (f->nodes[mid].line <= line)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (!lo)
		return false;
	const struct df_node *n = &f->nodes[lo - 1];
	if (line > n->end_line)
		return false;
	for (size_t k = 0; k < n->nheredocs; k++)
		if (line >= n->heredocs[k].line &&
		    line < n->heredocs[k].end_line) {
			*first = n->heredocs[k].line;
			*block = false;
			return true;
		}
	return false;
}

/* BuildKit's parser keeps any word as an instruction and its dispatcher
 * then fails the build: "unknown instruction: RUNN".  So does this scan,
 * at the first such word.  The word is named only when it is a plain
 * keyword-shaped word: an unknown "instruction" can be a stray
 * NAME=secret line.  ONBUILD ONBUILD is refused there too. */
static int unknown_instruction(const struct df_file *f, struct diag *d)
{
	for (size_t i = 0; i < f->nnodes; i++) {
		const struct df_node *n = &f->nodes[i];
		/* ONBUILD's trigger is an instruction too: none at all, or
		 * an unknown one, fails the build that uses the image */
		if (n->keyword && !strcmp(n->keyword, "onbuild")) {
			if (!n->onbuild)
				return diag_error(d, BH_EPARSE, n->line, n->col,
						  "ONBUILD requires at least "
						  "one argument");
			n = n->onbuild;
			/* BuildKit's instructions.Parse refuses it before
			 * anything runs (FROM and MAINTAINER as triggers
			 * are BH1046's) */
			if (n->keyword && !strcmp(n->keyword, "onbuild"))
				return diag_error(d, BH_EPARSE, n->line, n->col,
						  "chaining ONBUILD via `ONBUILD "
						  "ONBUILD` isn't allowed");
		}
		/* a keyword the parser knew (df_node.kw) is one */
		if (n->kw != DF_KW_UNKNOWN)
			continue;
		const char *w = n->keyword_raw ? n->keyword_raw : "";
		size_t len = strlen(w);
		if (df_is_instruction(w, len))
			continue;
		bool plain = len > 0 && len <= 32;
		for (size_t k = 0; k < len && plain; k++)
			plain = (w[k] >= 'A' && w[k] <= 'Z') ||
				(w[k] >= 'a' && w[k] <= 'z');
		if (plain)
			return diag_error(d, BH_EPARSE, n->line, n->col,
					  "unknown instruction: %s", w);
		return diag_error(d, BH_EPARSE, n->line, n->col,
				  "unknown instruction (not a Dockerfile "
				  "keyword)");
	}
	return BH_OK;
}

static int df_scan(const struct bh_input *in, struct bh_scan_ctx *ctx)
{
	struct arena a;
	arena_init(&a, 0);
	struct df_file file;
	struct df_model model;
	int rc = df_parse(in->text, in->len, &a, &file, ctx->diag);
	if (rc == BH_OK)
		rc = unknown_instruction(&file, ctx->diag);
	if (rc != BH_OK)
		goto out;
	rc = df_model_build(&file, &a, &model, ctx->diag);
	if (rc != BH_OK)
		goto out;
	struct bh_facts facts = { 0 };
	struct dign ign;
	rc = gather_context(in, ctx, &a, &facts, &ign);
	if (rc != BH_OK)
		goto out;
	struct bh_check check = {
		.file = in->path,
		.text = in->text,
		.text_len = in->len,
		.arena = &a,
		.config = ctx->config,
		.df = &model,
		.facts = &facts,
	};
	struct bh_scan_unit unit = { in->path, in->text, in->len,
				     instruction_end, &file, file.check,
				     file.check_line, in_heredoc };
	rc = bh_scan_check(&check, BH_TARGET_DOCKERFILE, &unit, 1, ctx->out,
			   ctx->warnings);
	if (rc == BH_OK && facts.secrets_error && ctx->warnings) {
		/* never a silently shorter list of the context's files */
		const char *w = arena_printf(&a, "%s: warning: build context "
					     "not read whole (%s): secret "
					     "files past it are not checked",
					     in->path, facts.secrets_error);
		rc = w ? bh_strlist_add(ctx->warnings, w) : BH_ENOMEM;
	}
	if (rc == BH_OK && ctx->link)  /* the join's facts (link.c) */
		rc = link_facts_dockerfile(&model, ctx->link);
out:
	arena_free(&a);
	return rc;
}

const struct bh_format bh_format_dockerfile = {
	.name = "dockerfile",
	.match_name = df_match_name,
	.sniff = df_sniff,
	.walk_name = df_walk_name,
	.refuse = df_refuse,
	.scan = df_scan,
};
