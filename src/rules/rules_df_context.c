/* SPDX-License-Identifier: Apache-2.0
 *
 * rules_df_context.c - Dockerfile rules BH1250-BH1299: what COPY and ADD
 * take from the build context.
 *
 * This file owns: whole-context copies (COPY . / ADD .) without a
 * .dockerignore, a .dockerignore that lets .git, .env, keys or secrets/
 * through, secret files present in the context that such a copy would send,
 * ADD of remote URLs without --checksum, ADD where COPY suffices, ADD of
 * local archives, and whole-context copies into the final stage of a
 * multi-stage build (not for interpreted-language services, whose source
 * is the artifact).  Credential files named in COPY sources are
 * rules_df_secrets.c's; walking the context is src/core/context.c's.
 *
 * The build context (the one a Compose file of the run names for the
 * Dockerfile, else the Dockerfile's directory) and its parsed
 * .dockerignore are facts the scan pipeline gathers once (c->facts,
 * src/core/scan_df.c); when the context is not on disk (stdin),
 * context_known is false and the context rules stay quiet.  BH1256 reads
 * the secret files COPY . would send from the one context engine
 * (bh_facts_context_secrets(), src/core/context.c, the answer `secrets
 * DIR` gives too): these rules never read the disk.
 * Fix: BH1250 and BH1256 propose a new .dockerignore at the context's top
 * (fix_dockerignore, bh_fix_create) when there is none; BH1251 and BH1256
 * add the lines an existing one lacks at its end (append_dockerignore,
 * bh_fix_append).
 * Tests: tests/cases/dockerfile/BH125x-*.case; the fix: tests/fix/df-ignore,
 * df-ignore-compose, df-ignore-append, tests/suites/fix.sh.
 */
#include "families.h"
#include "df_rule_util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../core/context.h"
#include "../model/df_model.h"
#include "../parse/dign.h"
#include "../secrets/secrets.h"
#include "../util/strbuf.h"
#include "../util/text.h"

/* Source "j" of COPY/ADD instruction "i", unquoted and expanded. */
static const char *source(struct bh_check *c, size_t i, size_t j)
{
	const struct df_node *n = c->df->instrs[i].op;
	const char *s = dfr_unquote(c->arena, n->args[j].text);
	if (!s)
		return n->args[j].text;
	const char *e = df_model_expand(c->df, i, s, c->arena);
	return e ? e : s;
}

static struct bh_span arg_span(const struct df_node *n, size_t j)
{
	return bh_span_at(n->args[j].line, n->args[j].col,
			  (int)strlen(n->args[j].text));
}

/* A COPY/ADD from the context (no --from, no heredoc) with sources. */
static bool context_copy(const struct df_node *n)
{
	if ((!dfr_kw(n, "copy") && !dfr_kw(n, "add")) || n->nargs < 2 || n->nheredocs)
		return false;
	bool from = false;
	df_flag_value(n, "from", &from);
	return !from;
}

static bool whole_context(const char *s)
{
	return dfr_streq(s, ".") || dfr_streq(s, "./") || dfr_streq(s, "./.") ||
	       dfr_streq(s, "*") || dfr_streq(s, "./*") || dfr_streq(s, "/.");
}

/* The first source of instruction "i" that copies the whole context, or
 * (size_t)-1. */
static size_t whole_source(struct bh_check *c, size_t i)
{
	const struct df_node *n = c->df->instrs[i].node;
	if (!context_copy(n))
		return (size_t)-1;
	for (size_t j = 0; j + 1 < n->nargs; j++)
		if (whole_context(source(c, i, j)))
			return j;
	return (size_t)-1;
}

/* Index of the first whole-context COPY/ADD, or ninstrs. */
static size_t first_whole(struct bh_check *c, size_t *src)
{
	for (size_t i = 0; i < c->df->ninstrs; i++) {
		size_t j = whole_source(c, i);
		if (j != (size_t)-1) {
			*src = j;
			return i;
		}
	}
	return c->df->ninstrs;
}

/* ------------------------------------------------------------------ */
/* BH1250 whole context copied without .dockerignore                   */
/* ------------------------------------------------------------------ */

static void check_bh1250(struct bh_check *c, const struct bh_rule *self)
{
	const struct df_model *m = c->df;
	if (!c->facts || !c->facts->context_known ||
	    c->facts->has_dockerignore)
		return;
	/* the first whole-context copy into a stage of the final image, else
	   the first into a builder stage (lower: the files stay in the build
	   cache and the builder, not in the shipped image) */
	size_t i = m->ninstrs, j = 0, bi = m->ninstrs, bj = 0;
	for (size_t k = 0; k < m->ninstrs && i >= m->ninstrs; k++) {
		size_t src = whole_source(c, k);
		if (src == (size_t)-1)
			continue;
		size_t st = m->instrs[k].stage;
		if (st < m->nstages && m->stages[st].in_final_image)
			i = k, j = src;
		else if (bi >= m->ninstrs)
			bi = k, bj = src;
	}
	if (i < m->ninstrs) {
		const struct df_node *n = m->instrs[i].node;
		bh_report(c, self, arg_span(n, j),
			  "%s %s sends the whole build context and there is no "
			  ".dockerignore: .git, .env files and keys go into the "
			  "image", dfr_kw(n, "add") ? "ADD" : "COPY",
			  n->args[j].text);
	} else if (bi < m->ninstrs) {
		const struct df_node *n = m->instrs[bi].node;
		bh_report_severity(c, self, BH_SEV_LOW, arg_span(n, bj),
			  "%s %s sends the whole build context and there is no "
			  ".dockerignore: .git, .env files and keys reach the "
			  "builder stage and its cache (only builder stages "
			  "copy it, not the final image)",
			  dfr_kw(n, "add") ? "ADD" : "COPY", n->args[bj].text);
	}
}

/* Fix (BH1250, BH1256): with no .dockerignore, a new one beside the
 * Dockerfile (the context's top) excluding what a whole-context COPY must
 * not send: the fixed patterns below, then each secret file the context
 * engine found that they leave (its path, escaped for the pattern
 * syntax), then "!SOURCE" for each source a COPY/ADD of the context names
 * that these exclude.  Both rules make the same file, so src/fix's caller
 * writes it once; an existing .dockerignore is not edited. */
static const char *const ignore_patterns[] = {
	".git", "**/.env", "**/.env.*", "**/*.pem", "**/*.key",
	"**/id_rsa*", "**/id_ed25519*", "**/id_ecdsa*", "secrets/",
	"**/credentials*", "**/node_modules",
};

/* Whether the one-pattern (or several) text excludes path "p". */
static bool ignore_excludes(struct bh_check *c, const char *text, const char *p)
{
	struct dign ign;
	struct diag d;
	diag_init(&d, ".dockerignore");
	return dign_parse(text, strlen(text), c->arena, &ign, &d) == BH_OK &&
	       dign_excluded(&ign, p);
}

/* Source j of COPY/ADD instruction i as a context path a .dockerignore
 * line can name ("./" dropped), or NULL for the whole context, an empty,
 * absolute or multi-line source, or one with a variable. */
static const char *named_source(struct bh_check *c, size_t i, size_t j)
{
	const char *src = source(c, i, j);
	while (src[0] == '.' && src[1] == '/')
		src += 2;
	if (whole_context(src) || !*src || src[0] == '/' ||
	    strchr(src, '\n') || strchr(src, '$'))
		return NULL;
	return src;
}

/* Appends "!SOURCE" to sb for each source a COPY/ADD of the context
 * names that sb's patterns exclude: the build keeps what it copies by
 * name (a source is a pattern in both syntaxes). */
static void reinclude_sources(struct bh_check *c, struct strbuf *sb)
{
	const struct df_model *m = c->df;
	for (size_t i = 0; i < m->ninstrs && !sb->failed; i++) {
		const struct df_node *n = m->instrs[i].node;
		if (!context_copy(n))
			continue;
		for (size_t j = 0; j + 1 < n->nargs; j++) {
			const char *src = named_source(c, i, j);
			if (!src || !ignore_excludes(c, sb->buf, src))
				continue;
			strbuf_printf(sb, "!%s\n", src);
		}
	}
}

/* What the appended lines must exclude (BH1251's probes and the fixed
 * patterns above): the pattern added and a path it stands for. */
static const struct { const char *pattern, *probe; } append_patterns[] = {
	{ ".git", ".git" },
	{ "**/.env", ".env" },
	{ "**/.env.*", ".env.production" },
	{ "**/*.pem", "server.pem" },
	{ "**/*.key", "server.key" },
	{ "**/id_rsa*", "id_rsa" },
	{ "secrets/", "secrets/x" },
	{ "**/credentials*", "credentials.json" },
};

/* A negation of the existing file, as a path ("!/build/app.env" ->
 * "build/app.env"), or NULL when the line is no negation; *wild set when
 * it holds a pattern character (what it re-includes cannot be probed). */
static const char *negation_path(struct bh_check *c, const char *line,
				 size_t n, bool *wild)
{
	while (n && (*line == ' ' || *line == '\t'))
		line++, n--;
	while (n && (line[n - 1] == ' ' || line[n - 1] == '\t' ||
		     line[n - 1] == '\r'))
		n--;
	if (!n || line[0] != '!')
		return NULL;
	line++, n--;
	while (n && (*line == ' ' || *line == '\t'))
		line++, n--;
	for (;;) {
		if (n && *line == '/')
			line++, n--;
		else if (n > 1 && line[0] == '.' && line[1] == '/')
			line += 2, n -= 2;
		else
			break;
	}
	for (size_t k = 0; k < n; k++)
		if (strchr("*?[\\", line[k]))
			*wild = true;
	return arena_strndup(c->arena, line, n);
}

/* Fix (BH1251, BH1256) with an existing .dockerignore: the lines it
 * lacks appended (later lines win, so an earlier "!" line of the file
 * cannot re-include them): the patterns above whose path it lets
 * through, then each secret file found that it sends (escaped); after
 * each, a "!PATH" of the file that the addition would undo is written
 * again (an addition the file re-includes on purpose is not made), and
 * "!SOURCE" for a source a COPY names that the additions exclude.  Not
 * made when a "!" line holds a wildcard (what it re-includes cannot be
 * told by a path), the file holds a NUL byte or more than 64 "!" lines:
 * then the finding "f" is named as not fixed, with why. */
static void append_dockerignore(struct bh_check *c, const struct bh_rule *self,
				const struct bh_finding *f)
{
	const struct bh_facts *fa = c->facts;
	const char *old = fa->dockerignore_text;
	size_t olen = fa->dockerignore_len;
	if (!old || !fa->dockerignore_name)
		return;
	if (memchr(old, '\0', olen)) {
		bh_fix_refuse(c, self, f->span.line, f->span.col, "%s holds a "
			      "NUL byte: not edited (add the lines by hand)",
			      fa->dockerignore_name);
		return;
	}
	const char *eol = strstr(old, "\r\n") ? "\r\n" : "\n";
	/* the file's negations, as paths */
	const char *negs[64];
	size_t nnegs = 0;
	int lineno = 1;
	for (const char *p = old; p < old + olen; lineno++) {
		const char *nl = memchr(p, '\n', (size_t)(old + olen - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(old + olen - p);
		bool wild = false;
		const char *neg = negation_path(c, p, n, &wild);
		if (wild) {
			bh_fix_refuse(c, self, f->span.line, f->span.col,
				      "%s:%d re-includes by a wildcard, which "
				      "lines added at the end could undo: not "
				      "edited (add the lines by hand)",
				      fa->dockerignore_name, lineno);
			return;
		}
		if (neg && nnegs == sizeof(negs) / sizeof(negs[0])) {
			bh_fix_refuse(c, self, f->span.line, f->span.col,
				      "%s has more than %zu '!' lines: not "
				      "edited (add the lines by hand)",
				      fa->dockerignore_name,
				      sizeof(negs) / sizeof(negs[0]));
			return;
		}
		if (neg && *neg)
			negs[nnegs++] = neg;
		p += n + 1;
	}
	struct strbuf cur = STRBUF_INIT, add = STRBUF_INIT;
	strbuf_add(&cur, old, olen);
	if (olen && old[olen - 1] != '\n') {
		strbuf_adds(&cur, eol);
		strbuf_adds(&add, eol);
	}
	strbuf_printf(&add, "# bulkhead fix: what a COPY of the whole build "
		      "context must not send%s", eol);
	size_t head = add.len;
	size_t nfound = 0;
	const struct bh_ctx_file *found = bh_facts_context_secrets(c->facts,
								    &nfound);
	size_t ncand = sizeof(append_patterns) / sizeof(append_patterns[0]);
	for (size_t k = 0; k < ncand + nfound && !cur.failed && !add.failed; k++) {
		const char *probe, *line;
		if (k < ncand) {
			probe = append_patterns[k].probe;
			line = append_patterns[k].pattern;
		} else {
			probe = found[k - ncand].relpath;
			if (!probe || !*probe || strchr(probe, '\n') ||
			    strchr(probe, '\r'))
				continue;
			struct strbuf pat = STRBUF_INIT;
			for (const char *q = probe; *q; q++) {
				if (strchr("*?[\\", *q) ||
				    (q == probe && (*q == '!' || *q == '#')))
					strbuf_addc(&pat, '\\');
				strbuf_addc(&pat, *q);
			}
			line = pat.failed ? NULL : arena_strdup(c->arena, pat.buf);
			strbuf_free(&pat);
			if (!line)
				continue;
		}
		if (ignore_excludes(c, cur.buf, probe))
			continue;
		struct strbuf trial = STRBUF_INIT, more = STRBUF_INIT;
		strbuf_add(&trial, cur.buf, cur.len);
		strbuf_printf(&more, "%s%s", line, eol);
		strbuf_printf(&trial, "%s%s", line, eol);
		for (size_t g = 0; g < nnegs && !trial.failed; g++) {
			if (ignore_excludes(c, cur.buf, negs[g]) ||
			    !ignore_excludes(c, trial.buf, negs[g]))
				continue;
			strbuf_printf(&trial, "!%s%s", negs[g], eol);
			strbuf_printf(&more, "!%s%s", negs[g], eol);
		}
		if (!trial.failed && !more.failed &&
		    ignore_excludes(c, trial.buf, probe)) {
			strbuf_reset(&cur);
			strbuf_add(&cur, trial.buf, trial.len);
			strbuf_add(&add, more.buf, more.len);
		}
		strbuf_free(&trial);
		strbuf_free(&more);
	}
	/* a source a COPY names that the additions now exclude */
	const struct df_model *m = c->df;
	for (size_t i = 0; add.len > head && i < m->ninstrs && !add.failed; i++) {
		const struct df_node *n = m->instrs[i].node;
		if (!context_copy(n))
			continue;
		for (size_t j = 0; j + 1 < n->nargs; j++) {
			const char *src = named_source(c, i, j);
			if (!src || ignore_excludes(c, old, src) ||
			    !ignore_excludes(c, cur.buf, src))
				continue;
			strbuf_printf(&cur, "!%s%s", src, eol);
			strbuf_printf(&add, "!%s%s", src, eol);
		}
	}
	if (!add.failed && !cur.failed && add.len > head)
		bh_fix_append(c, self, fa->dockerignore_name, old, olen, add.buf,
			      "lines added at the end of the .dockerignore "
			      "(later lines win)");
	strbuf_free(&cur);
	strbuf_free(&add);
}

static void fix_dockerignore(struct bh_check *c, const struct bh_rule *self,
			     const struct bh_finding *f)
{
	if (!c->facts || !c->facts->context_known)
		return;
	if (c->facts->context_outside) {
		bh_fix_refuse(c, self, f->span.line, f->span.col, "the build "
			      "context %s names for it (%s) is outside the "
			      "paths named: no .dockerignore written (name a "
			      "directory holding both)",
			      c->facts->context_compose,
			      c->facts->context_outside);
		return;
	}
	if (c->facts->has_dockerignore) {
		append_dockerignore(c, self, f);
		return;
	}
	struct strbuf sb = STRBUF_INIT;
	strbuf_adds(&sb, "# bulkhead fix: what a COPY of the whole build context "
		    "must not send\n");
	for (size_t k = 0; k < sizeof(ignore_patterns) / sizeof(ignore_patterns[0]);
	     k++)
		strbuf_printf(&sb, "%s\n", ignore_patterns[k]);
	size_t nfound = 0;
	const struct bh_ctx_file *found =
		bh_facts_context_secrets(c->facts, &nfound);
	for (size_t k = 0; k < nfound && !sb.failed; k++) {
		const char *p = found[k].relpath;
		if (!p || !*p || strchr(p, '\n') || strchr(p, '\r') ||
		    ignore_excludes(c, sb.buf, p))
			continue;
		/* the path as a pattern: *?[\ escaped, a leading ! or #
		 * kept literal by the escape too */
		struct strbuf pat = STRBUF_INIT;
		for (const char *q = p; *q; q++) {
			if (strchr("*?[\\", *q) || (q == p && (*q == '!' || *q == '#')))
				strbuf_addc(&pat, '\\');
			strbuf_addc(&pat, *q);
		}
		strbuf_addc(&pat, '\n');
		if (!pat.failed && ignore_excludes(c, pat.buf, p))
			strbuf_add(&sb, pat.buf, pat.len);
		strbuf_free(&pat);
	}
	if (!sb.failed)
		reinclude_sources(c, &sb);
	/* at the top of the build context: the Dockerfile's directory, or
	   the context a Compose file of the run names for it */
	const char *rel = c->facts->context_rel;
	bool own = !rel || !strcmp(rel, ".");
	const char *name = own ? ".dockerignore"
			       : arena_printf(c->arena, "%s/.dockerignore", rel);
	const char *note = own ? "a new .dockerignore beside the Dockerfile"
			       : arena_printf(c->arena, "a new .dockerignore at "
					      "the top of the build context %s "
					      "names", c->facts->context_compose);
	if (!sb.failed && name && note)
		bh_fix_create(c, self, name, sb.buf, note);
	strbuf_free(&sb);
}

static const struct bh_rule rule_bh1250 = {
	.id = "BH1250",
	.severity = BH_SEV_MEDIUM,
	.practice = "dockerignore",
	.target = BH_TARGET_DOCKERFILE,
	.title = "Whole build context copied without a .dockerignore",
	.why = "COPY . sends the whole build context (the context a "
	       "Compose file of the scan names for the Dockerfile, else "
	       "its directory): .git "
	       "history, .env files, keys and local credentials end "
	       "up in a layer.  Low instead of medium when only "
	       "builder stages (not in the final image) copy the "
	       "context: the files stay in the builder and its cache.",
	.fix = "Add a .dockerignore excluding at least .git, .env*, "
	       "*.pem, *.key, id_rsa* and secrets/, or COPY only the "
	       "files the image needs.",
	.check = check_bh1250,
	.fix_fn = fix_dockerignore,
	.fix_risk = "a build that needs a file the new .dockerignore "
		    "excludes (a .env, a key, node_modules copied on "
		    "purpose) fails or changes; it also applies to every "
		    "Dockerfile built from that directory.",
};

/* ------------------------------------------------------------------ */
/* BH1251 .dockerignore lets sensitive paths through                   */
/* ------------------------------------------------------------------ */

static void check_bh1251(struct bh_check *c, const struct bh_rule *self)
{
	static const struct { const char *probe, *label; } probes[] = {
		{ ".git", ".git" },
		{ ".env", ".env" },
		{ "id_rsa", "id_rsa" },
		{ "server.key", "*.key" },
		{ "server.pem", "*.pem" },
		{ "secrets/x", "secrets/" },
		{ "credentials.json", "credentials*" },
	};
	const struct df_model *m = c->df;
	if (!c->facts || !c->facts->context_known ||
	    !c->facts->dockerignore)
		return;
	size_t j = 0, i = first_whole(c, &j);
	if (i >= m->ninstrs)
		return;
	const struct dign *ign = c->facts->dockerignore;
	char missing[256] = "";
	size_t nmiss = 0;
	for (size_t p = 0; p < sizeof(probes) / sizeof(probes[0]); p++) {
		if (dign_excluded(ign, probes[p].probe))
			continue;
		if (nmiss++)
			strncat(missing, ", ",
				sizeof(missing) - strlen(missing) - 1);
		strncat(missing, probes[p].label,
			sizeof(missing) - strlen(missing) - 1);
	}
	if (!nmiss)
		return;
	const struct df_node *n = m->instrs[i].node;
	bh_report(c, self, arg_span(n, j),
		  "%s %s sends the whole context and .dockerignore does not "
		  "exclude %s", dfr_kw(n, "add") ? "ADD" : "COPY", n->args[j].text,
		  missing);
}

static const struct bh_rule rule_bh1251 = {
	.id = "BH1251",
	.severity = BH_SEV_LOW,
	.practice = "dockerignore",
	.target = BH_TARGET_DOCKERFILE,
	.title = ".dockerignore does not exclude sensitive paths",
	.why = "With a whole-context COPY, any path the "
	       ".dockerignore lets through is copied into the image "
	       "when it appears in the context.",
	.fix = "Add the missing patterns (.git, .env*, *.pem, *.key, "
	       "id_rsa*, secrets/, credentials*) to .dockerignore.",
	.check = check_bh1251,
	.fix_fn = fix_dockerignore,
	.fix_risk = "a build that needs a file the added lines exclude "
		    "(a .env, a key, a credentials file copied on purpose) "
		    "fails or changes; it also applies to every Dockerfile "
		    "built from that context.",
};

/* ------------------------------------------------------------------ */
/* BH1252 ADD of a remote URL without --checksum                       */
/* ------------------------------------------------------------------ */

static bool is_url(const char *s)
{
	return strncmp(s, "http://", 7) == 0 || strncmp(s, "https://", 8) == 0;
}

static bool is_git(const char *s)
{
	return strncmp(s, "git@", 4) == 0 || strncmp(s, "git://", 6) == 0 ||
	       strncmp(s, "ssh://", 6) == 0 ||
	       (is_url(s) && (strstr(s, ".git#") || txt_ends_ci(s, ".git")));
}

/* Whether a git URL's #ref is a full commit id. */
static bool git_commit_ref(const char *s)
{
	const char *h = strchr(s, '#');
	if (!h)
		return false;
	h++;
	size_t n = strcspn(h, ":");
	return (n == 40 || n == 64) && strspn(h, "0123456789abcdef") >= n;
}

static void check_bh1252(struct bh_check *c, const struct bh_rule *self)
{
	const struct df_model *m = c->df;
	for (size_t i = 0; i < m->ninstrs; i++) {
		/* ONBUILD ADD too: it runs in every child build (heredocs
		   sit on the ONBUILD node) */
		const struct df_node *n = m->instrs[i].op;
		if (!dfr_kw(n, "add") || n->nargs < 2 ||
		    m->instrs[i].node->nheredocs)
			continue;
		bool ck = false;
		df_flag_value(n, "checksum", &ck);
		if (ck)
			continue;
		for (size_t j = 0; j + 1 < n->nargs; j++) {
			const char *s = source(c, i, j);
			if (is_git(s)) {
				if (git_commit_ref(s))
					continue;
				bh_report(c, self, arg_span(n, j),
					  "ADD of git repository %s without a "
					  "commit (#<sha> or --checksum)", s);
			} else if (is_url(s)) {
				bh_report(c, self, arg_span(n, j),
					  "ADD downloads %s without --checksum: "
					  "the content is not verified", s);
			}
		}
	}
}

static const struct bh_rule rule_bh1252 = {
	.id = "BH1252",
	.severity = BH_SEV_MEDIUM,
	.practice = "copy-only-needed",
	.target = BH_TARGET_DOCKERFILE,
	.title = "ADD of a remote URL without --checksum",
	.why = "ADD fetches the URL at build time and copies "
	       "whatever it returns, unverified.",
	.fix = "Use ADD --checksum=sha256:<digest> <url>, or "
	       "download with curl and check a pinned sha256sum.",
	.checkov = "CKV_DOCKER_4",
	.cis = "4.9",
	.check = check_bh1252,
};

/* ------------------------------------------------------------------ */
/* BH1253 ADD where COPY suffices / BH1254 ADD of a local archive      */
/* ------------------------------------------------------------------ */

static bool is_archive(const char *s)
{
	static const char *const exts[] = {
		".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tbz2", ".tbz", ".tb2",
		".tar.xz", ".txz", ".tar.zst", ".tzst", ".tar.lz", ".tar.lzma",
		".tlz", ".tar.Z", ".taz", NULL };
	for (size_t i = 0; exts[i]; i++)
		if (txt_ends_ci(s, exts[i]))
			return true;
	return false;
}

static void check_bh1253(struct bh_check *c, const struct bh_rule *self)
{
	const struct df_model *m = c->df;
	for (size_t i = 0; i < m->ninstrs; i++) {
		/* ONBUILD ADD too: it runs in every child build (heredocs
		   sit on the ONBUILD node) */
		const struct df_node *n = m->instrs[i].op;
		if (!dfr_kw(n, "add") || n->nargs < 2 ||
		    m->instrs[i].node->nheredocs)
			continue;
		for (size_t j = 0; j + 1 < n->nargs; j++) {
			const char *s = source(c, i, j);
			if (!*s || is_url(s) || is_git(s) || is_archive(s) ||
			    strchr(s, '$'))
				continue;
			bh_report(c, self, arg_span(n, j),
				  "ADD of local %s: COPY does the same without "
				  "ADD's URL and archive magic", s);
			break;
		}
	}
}

/* Fix: the keyword ADD becomes COPY (in the keyword's case), when every
 * flag is one COPY takes too. */
static void fix_bh1253(struct bh_check *c, const struct bh_rule *self,
		       const struct bh_finding *f)
{
	static const char *const ok_flags[] = { "chown", "chmod", "link",
						"exclude", NULL };
	const struct df_model *m = c->df;
	/* the reason when no edit is made */
	bh_fix_why(c, "the ADD takes a flag COPY does not (--checksum, "
		   "--keep-git-dir, --unpack), or copies to a relative "
		   "destination without WORKDIR: left an ADD (edit by hand)");
	for (size_t i = 0; i < m->ninstrs; i++) {
		const struct df_node *node = m->instrs[i].node, *n = m->instrs[i].op;
		if (f->span.line < node->line || f->span.line > node->end_line ||
		    !dfr_kw(n, "add"))
			continue;
		for (size_t k = 0; k < n->nflags; k++) {
			bool ok = false;
			for (size_t j = 0; ok_flags[j] && !ok; j++)
				ok = dfr_streq(n->flags[k].name, ok_flags[j]);
			if (!ok)
				return;
		}
		/* COPY to a relative destination without a WORKDIR is
		 * BH1048's: the fix would trade one finding for another */
		const char *dst = n->args[n->nargs - 1].text;
		if (!m->instrs[i].workdir && dst[0] != '/' && dst[0] != '$' &&
		    dst[0] != '\\' && !(dst[0] && dst[1] == ':'))
			return;
		struct bh_span kw = bh_span_at(n->line, n->col, 3);
		const char *raw = n->keyword_raw;
		if (!raw || strlen(raw) != 3 || !bh_fix_text_is(c, kw, raw))
			return;
		char copy[5];
		for (int k = 0; k < 4; k++) {
			char up = "COPY"[k];
			bool lower = k < 3 ? (raw[k] >= 'a' && raw[k] <= 'z')
					   : (raw[2] >= 'a' && raw[2] <= 'z');
			copy[k] = lower ? (char)(up - 'A' + 'a') : up;
		}
		copy[4] = 0;
		size_t at = bh_fix_offset(c, n->line, n->col);
		if (at != (size_t)-1)
			bh_fix_edit(c, self, at, at + 3, copy, NULL);
		return;
	}
}

static const struct bh_rule rule_bh1253 = {
	.id = "BH1253",
	.severity = BH_SEV_LOW,
	.practice = "copy-only-needed",
	.target = BH_TARGET_DOCKERFILE,
	.title = "ADD used where COPY suffices",
	.why = "ADD also fetches URLs and unpacks archives; for "
	       "plain files that extra behaviour only hides "
	       "surprises.",
	.fix = "Use COPY for local files and directories.",
	.hadolint = "DL3020",
	.trivy = "DS-0005",
	.checkov = "CKV_DOCKER_4",
	.cis = "4.9",
	.other = "Dockle:CIS-DI-0009",
	.check = check_bh1253,
	.fix_fn = fix_bh1253,
	.fix_risk = "nothing for plain files and directories; a source that "
		    "is an archive under a name without its extension is no "
		    "longer unpacked",
};

static void check_bh1254(struct bh_check *c, const struct bh_rule *self)
{
	const struct df_model *m = c->df;
	for (size_t i = 0; i < m->ninstrs; i++) {
		/* ONBUILD ADD too: it runs in every child build (heredocs
		   sit on the ONBUILD node) */
		const struct df_node *n = m->instrs[i].op;
		if (!dfr_kw(n, "add") || n->nargs < 2 ||
		    m->instrs[i].node->nheredocs)
			continue;
		/* FROM scratch + ADD rootfs.tar.xz / is how base images are
		 * made: the extraction is the point */
		size_t st = m->instrs[i].stage;
		const char *dest = dfr_unquote(c->arena, n->args[n->nargs - 1].text);
		if (st < m->nstages && m->stages[st].base_stage < 0 &&
		    m->stages[st].base.is_scratch && dfr_streq(dest, "/"))
			continue;
		for (size_t j = 0; j + 1 < n->nargs; j++) {
			const char *s = source(c, i, j);
			if (is_url(s) || !is_archive(s))
				continue;
			bh_report(c, self, arg_span(n, j),
				  "ADD extracts the local archive %s into %s; "
				  "make the extraction explicit if it is not "
				  "intended", s, n->args[n->nargs - 1].text);
		}
	}
}

static const struct bh_rule rule_bh1254 = {
	.id = "BH1254",
	.severity = BH_SEV_INFO,
	.practice = "copy-only-needed",
	.target = BH_TARGET_DOCKERFILE,
	.title = "ADD extracts a local archive",
	.why = "ADD silently unpacks local tar archives; readers of "
	       "the Dockerfile may expect a copy of the file.",
	.fix = "Keep ADD if extraction is intended; otherwise COPY "
	       "the archive.",
	.check = check_bh1254,
};

/* ------------------------------------------------------------------ */
/* BH1255 whole context copied into the final stage                    */
/* ------------------------------------------------------------------ */

/* Whether "name" (a path's last component, an image repository's last
 * component) starts with an interpreted language's runtime: python,
 * python3.12, node, nodejs-20, php-fpm, ruby, perl, pypy, bun, deno,
 * followed by nothing, a digit, '.', '-' or '_'. */
static bool interpreter_name(const char *name)
{
	static const char *const langs[] = { "python", "pypy", "nodejs", "node",
					     "ruby", "php", "perl", "bun",
					     "deno", NULL };
	for (size_t k = 0; langs[k]; k++) {
		size_t n = strlen(langs[k]);
		if (strncmp(name, langs[k], n) != 0)
			continue;
		char e = name[n];
		if (!e || (e >= '0' && e <= '9') || e == '.' || e == '-' ||
		    e == '_' || e == ':')
			return true;
	}
	return false;
}

/* Launchers of interpreted services a CMD/ENTRYPOINT names instead of
 * the runtime itself. */
static bool launcher_name(const char *name)
{
	static const char *const l[] = { "gunicorn", "uvicorn", "hypercorn",
					 "daphne", "flask", "bundle", "rails",
					 "rackup", "puma", "npm", "npx", "yarn",
					 "pnpm", NULL };
	for (size_t k = 0; l[k]; k++)
		if (!strcmp(name, l[k]))
			return true;
	return false;
}

static const char *last_component(const char *s)
{
	const char *sl = s ? strrchr(s, '/') : NULL;
	return sl ? sl + 1 : s ? s : "";
}

static bool runtime_word(const char *w)
{
	const char *b = last_component(w);
	return interpreter_name(b) || launcher_name(b);
}

/* Whether the first word of shell text "p" (past "exec" and VAR=value)
 * is an interpreter or a launcher of one. */
static bool script_starts_runtime(const char *p)
{
	char word[128];
	for (int guard = 0; guard < 8; guard++) {
		p += strspn(p, " \t");
		size_t len = strcspn(p, " \t;&|");
		if (!len || len >= sizeof(word))
			return false;
		memcpy(word, p, len);
		word[len] = 0;
		p += len;
		if (!strcmp(word, "exec") || strchr(word, '='))
			continue;
		return runtime_word(word);
	}
	return false;
}

/* Whether the program a CMD/ENTRYPOINT starts (exec form's first word, or
 * the script of ["sh", "-c", "script"]; shell form's first word) is an
 * interpreter or a launcher of one. */
static bool starts_interpreter(const struct df_node *n)
{
	if (!n->json_form)
		return script_starts_runtime(n->rest ? n->rest : "");
	if (!n->nargs)
		return false;
	if (runtime_word(n->args[0].text))
		return true;
	const char *sh = last_component(n->args[0].text);
	if (strcmp(sh, "sh") && strcmp(sh, "bash") && strcmp(sh, "ash"))
		return false;
	for (size_t a = 1; a + 1 < n->nargs; a++)
		if (!strcmp(n->args[a].text, "-c"))
			return script_starts_runtime(n->args[a + 1].text);
	return false;
}

/* An interpreted-language service, whose source is its artifact: the final
 * stage's base image (through FROM <stage>) is a python, node, ruby, php,
 * perl, bun or deno image, or its CMD/ENTRYPOINT starts such a runtime. */
static bool interpreted_service(const struct df_model *m,
				const struct df_stage *f)
{
	const struct df_stage *chain[64];
	size_t n = dfr_stage_chain(m, f, chain, 64);
	if (!n)
		return false;
	const struct img_ref *b = &chain[n - 1]->base;
	if (!b->unresolved && interpreter_name(last_component(b->repository)))
		return true;
	for (size_t s = 0; s < n; s++) {
		size_t end = chain[s]->end_instr <= m->ninstrs
			     ? chain[s]->end_instr : m->ninstrs;
		for (size_t i = chain[s]->from_instr; i < end; i++) {
			const struct df_node *nd = m->instrs[i].node;
			if ((dfr_kw(nd, "cmd") || dfr_kw(nd, "entrypoint")) &&
			    starts_interpreter(nd))
				return true;
		}
	}
	return false;
}

static void check_bh1255(struct bh_check *c, const struct bh_rule *self)
{
	const struct df_model *m = c->df;
	const struct df_stage *f = df_model_final_stage(m);
	if (!f || m->nstages < 2 || interpreted_service(m, f))
		return;
	for (size_t i = 0; i < m->ninstrs; i++) {
		if (m->instrs[i].stage != f->index)
			continue;
		size_t j = whole_source(c, i);
		if (j == (size_t)-1)
			continue;
		const struct df_node *n = m->instrs[i].node;
		bh_report(c, self, arg_span(n, j),
			  "the final stage of a multi-stage build copies the "
			  "whole context (%s %s): sources and build files end up "
			  "in the image", dfr_kw(n, "add") ? "ADD" : "COPY",
			  n->args[j].text);
	}
}

static const struct bh_rule rule_bh1255 = {
	.id = "BH1255",
	.severity = BH_SEV_LOW,
	.practice = "copy-only-needed",
	.target = BH_TARGET_DOCKERFILE,
	.title = "Whole context copied into the final stage",
	.why = "The point of a multi-stage build is a final stage "
	       "holding only the artifacts; COPY . brings sources "
	       "and build files back in.  Not reported for an "
	       "interpreted-language service, whose source is the "
	       "artifact: the final stage's base image is python, "
	       "pypy, node(js), ruby, php, perl, bun or deno (the "
	       "repository's last path component, any tag), or its "
	       "CMD/ENTRYPOINT starts one of these runtimes (or a "
	       "launcher: gunicorn, uvicorn, bundle, rails, puma, npm, "
	       "yarn, ...).",
	.fix = "COPY --from=<build stage> the built artifacts, or "
	       "name the needed files explicitly.",
	.hadolint = "DL4007",
	.check = check_bh1255,
};

/* ------------------------------------------------------------------ */
/* BH1256 secret files in the context sent by COPY .                  */
/* ------------------------------------------------------------------ */

static void check_bh1256(struct bh_check *c, const struct bh_rule *self)
{
	const struct df_model *m = c->df;
	if (!c->facts || !c->facts->context_known)
		return;
	size_t j = 0, i = first_whole(c, &j);
	if (i >= m->ninstrs)
		return;
	size_t nfound = 0;
	const struct bh_ctx_file *found =
		bh_facts_context_secrets(c->facts, &nfound);
	const struct df_node *n = m->instrs[i].node;
	for (size_t k = 0; k < nfound; k++)
		bh_report(c, self, arg_span(n, j),
			  "%s %s sends %s (%s) from the build context into the "
			  "image; exclude it in .dockerignore",
			  dfr_kw(n, "add") ? "ADD" : "COPY", n->args[j].text,
			  found[k].relpath, found[k].kind);
}

static const struct bh_rule rule_bh1256 = {
	.id = "BH1256",
	.severity = BH_SEV_HIGH,
	.practice = "dockerignore",
	.target = BH_TARGET_DOCKERFILE,
	.title = "Secret file in the build context sent by COPY .",
	.why = "A key, .env or credentials file in the context is "
	       "copied into the image by a whole-context COPY unless "
	       ".dockerignore excludes it.",
	.fix = "Exclude the file in .dockerignore (or move it out of "
	       "the context) and rotate it if an image was already "
	       "pushed.",
	.cis = "4.10",
	.check = check_bh1256,
	.fix_fn = fix_dockerignore,
	.fix_risk = "a build that needs a file the new .dockerignore "
		    "excludes (a .env, a key, node_modules copied on "
		    "purpose) fails or changes; it also applies to every "
		    "Dockerfile built from that directory.",
};

/* ------------------------------------------------------------------ */
/* The table                                                           */
/* ------------------------------------------------------------------ */

const struct bh_rule *const bh_rules_df_context[] = {
	&rule_bh1250,
	&rule_bh1251,
	&rule_bh1252,
	&rule_bh1253,
	&rule_bh1254,
	&rule_bh1255,
	&rule_bh1256,
};
const size_t bh_rules_df_context_count =
	sizeof(bh_rules_df_context) / sizeof(bh_rules_df_context[0]);

