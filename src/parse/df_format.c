/* SPDX-License-Identifier: Apache-2.0
 *
 * df_format.c - the Dockerfile input format: recognise, then run the
 * pipeline parse -> model -> rules -> inline ignores for one file.
 *
 * This file owns the Dockerfile naming conventions, content sniffing and
 * finding the build context's .dockerignore (BuildKit prefers
 * <Dockerfile>.dockerignore next to the Dockerfile, then .dockerignore in
 * the context).  The context is taken to be the Dockerfile's directory.
 * A file named like a Dockerfile that does not start with an instruction
 * (a template, a script) is refused (df_refuse), not linted line by line.
 * Tests: tests/cases/dockerfile/, tests/cases/cli/walk-*.case.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../core/ignore.h"
#include "../model/df_model.h"
#include "../rules/rule.h"
#include "../util/io.h"
#include "df_parse.h"
#include "formats.h"

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n >= m && strcasecmp(s + n - m, suffix) == 0;
}

static bool df_match_name(const char *base)
{
	if (ends_with(base, ".dockerignore") || ends_with(base, ".md") ||
	    ends_with(base, ".sh") || ends_with(base, ".txt") ||
	    ends_with(base, ".yml") || ends_with(base, ".yaml") ||
	    ends_with(base, ".json"))
		return false;
	if (strcmp(base, "Dockerfile") == 0 || strcmp(base, "Containerfile") == 0)
		return true;
	if (strncmp(base, "Dockerfile.", 11) == 0 ||
	    strncmp(base, "Dockerfile-", 11) == 0 ||
	    strncmp(base, "Dockerfile_", 11) == 0 ||
	    strncmp(base, "Containerfile.", 14) == 0)
		return true;
	return ends_with(base, ".Dockerfile") || ends_with(base, ".dockerfile") ||
	       ends_with(base, ".Containerfile");
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

/* Reads the .dockerignore for "dockerfile_path" (NULL-safe).  Returns a
 * malloc'd text, or NULL when there is none. */
static char *read_dockerignore(const char *dockerfile_path, char **context_dir)
{
	*context_dir = NULL;
	if (!dockerfile_path)
		return NULL;
	const char *slash = strrchr(dockerfile_path, '/');
	char *dir = slash ? strndup(dockerfile_path, (size_t)(slash - dockerfile_path) + (slash == dockerfile_path))
			  : strdup(".");
	if (!dir)
		return NULL;
	*context_dir = dir;
	size_t n = strlen(dockerfile_path) + 32;
	char *specific = malloc(n);
	char *generic = malloc(strlen(dir) + 32);
	char *text = NULL;
	size_t len;
	struct diag d;
	if (specific && generic) {
		snprintf(specific, n, "%s.dockerignore", dockerfile_path);
		snprintf(generic, strlen(dir) + 32, "%s/.dockerignore", dir);
		diag_init(&d, specific);
		if (io_read_file(specific, BH_MAX_INPUT, &text, &len, &d) != BH_OK) {
			diag_init(&d, generic);
			if (io_read_file(generic, BH_MAX_INPUT, &text, &len, &d) != BH_OK)
				text = NULL;
		}
	}
	free(specific);
	free(generic);
	return text;
}

static int instruction_end(void *ctx, int line)
{
	const struct df_file *f = ctx;
	for (size_t i = 0; i < f->nnodes; i++)
		if (f->nodes[i].line == line)
			return f->nodes[i].end_line;
	return line;
}

static int df_scan(const struct bh_input *in, struct bh_scan_ctx *ctx)
{
	struct arena a;
	arena_init(&a, 0);
	struct df_file file;
	struct df_model model;
	int rc = df_parse(in->text, in->len, &a, &file, ctx->diag);
	char *context_dir = NULL;
	char *ignore_text = NULL;
	if (rc != BH_OK)
		goto out;
	rc = df_model_build(&file, &a, &model, ctx->diag);
	if (rc != BH_OK)
		goto out;
	ignore_text = read_dockerignore(in->fs_path, &context_dir);
	model.dockerignore = ignore_text;
	model.dockerignore_known = in->fs_path != NULL;
	model.context_dir = context_dir;

	size_t first = ctx->out->n;
	struct bh_check check = {
		.file = in->path,
		.text = in->text,
		.text_len = in->len,
		.arena = &a,
		.config = ctx->config,
		.df = &model,
		.out = ctx->out,
	};
	bh_run_rules(&check, BH_TARGET_DOCKERFILE);
	if (!ctx->config->no_inline_ignores)
		ignore_apply(in->path, in->text, in->len, ctx->out, first,
			     instruction_end, &file, ctx->warnings);
	ignore_check_directive(in->path, file.check, file.check_line,
			       !ctx->config->no_inline_ignores, ctx->out, first,
			       ctx->warnings);
	rc = check.error;
out:
	free(ignore_text);
	free(context_dir);
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
