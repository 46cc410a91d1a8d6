/* SPDX-License-Identifier: Apache-2.0
 *
 * rules_df_secrets.c - Dockerfile rules BH1200-BH1249: secrets written into
 * the Dockerfile or passed to the build the wrong way.
 *
 * This file owns: literal secrets in ENV/ARG/LABEL values (by name and by
 * value, through src/secrets/; also the legacy "LABEL key value" form),
 * secrets in RUN/CMD/ENTRYPOINT arguments and heredoc bodies (a heredoc
 * written to a config file, COPY <<EOF /etc/app.ini or RUN cat > path
 * <<EOF, is judged as one: sec_scan_file), passwords on command lines
 * (redis-server --requirepass, mysqld --password, mysql -p, echo root:PW |
 * chpasswd, echo PW | passwd --stdin: the shell model's commands for RUN,
 * CMD and ENTRYPOINT), secret-named build args consumed by RUN (-> RUN
 * --mount=type=secret), secret-named ENV set from a variable (persisted in
 * the image config), and COPY/ADD of credential or key files.  Whole-context
 * copies and .dockerignore are rules_df_context.c's.  Detection itself
 * (patterns, entropy, placeholders, sensitive names) is src/secrets/'s; this
 * file only walks the instructions and places findings.
 *
 * Invariants: a secret value never reaches a message unmasked
 * (bh_mask_secret); findings sit at the value's exact column (BH1203: at
 * the name) and hide the value (bh_report_secret: a private key block
 * whole, up to its END line); BH1200/BH1201/BH1203 run for their hides
 * also when off (BH_RULE_HIDES); placeholders
 * (${VAR}, changeme, EXAMPLE), _FILE indirections and GPG key fingerprints
 * are judged by sec_check_assignment()/sec_name_is_sensitive().
 * The command-line password table is src/rules/cmdpw.c (shared with
 * Compose and Kubernetes); a heredoc fed to chpasswd is judged line by
 * line, an exec-form "sh -c" script (also the -c string of an exec-form
 * RUN, CMD, ENTRYPOINT or HEALTHCHECK CMD su/sudo/env array, found by
 * the model; an exec-form command's wrappers are the model's too, sudo
 * -u x mysql -pX) written with JSON escapes
 * is judged decoded (reported at its string), and an ONBUILD COPY/ADD heredoc is
 * judged by its trigger's destination.
 * Fixes: BH1200 (ENV/ARG) and BH1202 turn the variable into a BuildKit
 * secret mount of the RUNs that read it (fix_secret_assign).
 * Tests: tests/cases/dockerfile/BH12xx-*.case,
 * tests/cases/dockerfile/mask-cli-password-*.case; the fixes:
 * tests/fix/df-secrets, tests/suites/fix.sh.
 */
#include "families.h"
#include "cmdpw.h"
#include "df_rule_util.h"
#include "rule_table.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../model/df_model.h"
#include "../model/expand.h"
#include "../model/shell.h"
#include "../secrets/secrets.h"

/* "what" for a finding: the pattern's title, or a plain phrase for the
 * name-based judgement. */
static const char *describe(const struct sec_match *m, char *buf, size_t size)
{
	if (!m->title || dfr_streq(m->kind, "sensitive-assignment"))
		return "literal value of a secret-named variable";
	snprintf(buf, size, "%s", m->title);
	return buf;
}

/* Masked form of text[0..len). */
static void mask(const char *text, size_t len, char *out, size_t size)
{
	char val[256];
	if (len >= sizeof(val))
		len = sizeof(val) - 1;
	memcpy(val, text, len);
	val[len] = 0;
	bh_mask_secret(val, out, size);
}

/* The fixes (BH1200's and BH1202's, written after BH1202's check). */
static void fix_bh1200(struct bh_check *c, const struct bh_rule *r,
		       const struct bh_finding *f);
static void fix_bh1202(struct bh_check *c, const struct bh_rule *r,
		       const struct bh_finding *f);

/* Whether stage "s" ends up in the final image. */
static bool stage_in_image(const struct df_model *m, size_t s)
{
	const struct df_stage *f = df_model_final_stage(m);
	if (!f)
		return false;
	size_t cur = f->index;
	for (size_t guard = 0; guard <= m->nstages; guard++) {
		if (cur == s)
			return true;
		long b = m->stages[cur].base_stage;
		if (b < 0 || (size_t)b >= m->nstages)
			return false;
		cur = (size_t)b;
	}
	return false;
}

/* ------------------------------------------------------------------ */
/* NAME=value assignments of ENV, ARG and LABEL                        */
/* ------------------------------------------------------------------ */

typedef void (*assign_fn)(struct bh_check *c, const struct bh_rule *r,
			  size_t i, const struct df_node *n,
			  const struct df_assign *a);

/* Calls "fn" per NAME[=value] pair the model split from instruction i
 * (ENV, ARG, LABEL, also inside ONBUILD: df_instr.assigns); "n" is the
 * node their offsets refer to. */
static void each_assign(struct bh_check *c, const struct bh_rule *r, size_t i,
			assign_fn fn)
{
	const struct df_instr *in = &c->df->instrs[i];
	for (size_t k = 0; k < in->nassigns; k++)
		fn(c, r, i, in->assign_node, &in->assigns[k]);
}

static struct bh_span rest_span(const struct df_node *n, size_t off,
				size_t len)
{
	int line = 0, col = 0;
	df_locate(n, off, &line, &col);
	return bh_span_at(line, col, (int)(len > 4096 ? 4096 : len));
}

/* The span of n->rest[off..off+len) as a hide: it may run over several
 * source lines (its end is placed by its last byte). */
static struct bh_span rest_hide(const struct df_node *n, size_t off,
				size_t len)
{
	struct bh_span s = { 0, 0, 0, 0 };
	if (!len)
		return s;
	df_locate(n, off, &s.line, &s.col);
	df_locate(n, off + len - 1, &s.end_line, &s.end_col);
	s.end_col++;
	return s;
}

static const char *kw_upper(const struct df_node *n)
{
	return dfr_kw(n, "env") ? "ENV" : dfr_kw(n, "arg") ? "ARG" : "LABEL";
}

/* snprintf(buf, size, "%s%s%s", a, b, c) without the format machinery:
 * the label of every ENV/ARG/LABEL pair and RUN argument scanned,
 * findings or not, is built with it (size > 0). */
static void cat3(char *buf, size_t size, const char *a, const char *b,
		 const char *c)
{
	const char *part[3] = { a, b, c };
	size_t o = 0;
	for (int k = 0; k < 3; k++) {
		size_t n = strlen(part[k]);
		if (n > size - 1 - o)
			n = size - 1 - o;
		memcpy(buf + o, part[k], n);
		o += n;
	}
	buf[o] = 0;
}

/* ------------------------------------------------------------------ */
/* BH1200 literal secret in ENV/ARG/LABEL                              */
/* ------------------------------------------------------------------ */

struct scan_ctx {
	struct bh_check *c;
	const struct bh_rule *r;
	const struct df_node *n;
	const char *what;        /* "ENV NAME", "RUN", "heredoc"; NULL: kw */
	const char *kw;          /* "what" is "KW argument" (KW's letters
				    made upper case), built on a match */
	const char *text;        /* the scanned text */
	size_t base;             /* offset of text in n->rest (rest mode) */
	const struct df_heredoc *h; /* heredoc mode */
	size_t count;
};

/* Where byte "off" of heredoc text "text" is in the source. */
static void heredoc_pos(const struct df_heredoc *h, const char *text,
			size_t off, int *line, int *col)
{
	*line = h->line;
	*col = 1;
	for (size_t p = 0; p < off; p++) {
		if (text[p] == '\n')
			(*line)++, *col = 1;
		else
			(*col)++;
	}
}

static struct bh_span heredoc_span(const struct df_heredoc *h,
				   const char *text, size_t off, size_t len)
{
	int line, col;
	heredoc_pos(h, text, off, &line, &col);
	return bh_span_at(line, col, (int)(len > 4096 ? 4096 : len));
}

/* The hide of text[off..off+len) of heredoc "h" (a key block runs over
 * several lines). */
static struct bh_span heredoc_hide(const struct df_heredoc *h,
				   const char *text, size_t off, size_t len)
{
	struct bh_span s = { 0, 0, 0, 0 };
	if (!len)
		return s;
	heredoc_pos(h, text, off, &s.line, &s.col);
	heredoc_pos(h, text, off + len - 1, &s.end_line, &s.end_col);
	s.end_col++;
	return s;
}

static bool on_match(void *ctx, const struct sec_match *m)
{
	struct scan_ctx *s = ctx;
	char masked[64];
	mask(s->text + m->offset, m->len, masked, sizeof(masked));
	size_t hl = sec_mask_extent(s->text, strlen(s->text), m);
	struct bh_span sp, hide;
	if (s->h) {
		sp = heredoc_span(s->h, s->text, m->offset, m->len);
		hide = heredoc_hide(s->h, s->text, m->offset, hl);
	} else {
		sp = rest_span(s->n, s->base + m->offset, m->len);
		hide = rest_hide(s->n, s->base + m->offset, hl);
	}
	char dbuf[128], what[192];
	if (!s->what) {
		cat3(what, sizeof(what), s->kw, " argument", "");
		for (char *p = what; *p && *p != ' '; p++)
			*p = (char)toupper((unsigned char)*p);
	}
	bh_report_secret(s->c, s->r, sp, hide, "%s holds a secret: %s (%s)",
			 s->what ? s->what : what,
			 describe(m, dbuf, sizeof(dbuf)), masked);
	return ++s->count < 64;
}

static void bh1200_assign(struct bh_check *c, const struct bh_rule *r,
			  size_t i, const struct df_node *n,
			  const struct df_assign *a)
{
	(void)i;
	if (!a->value || !*a->value)
		return;
	char what[160];
	struct sec_match m;
	memset(&m, 0, sizeof(m));
	bool clean = false;
	bool hit = sec_check_assignment_ex(a->name, a->value, &m, &clean);
	if (!hit && clean)
		return;  /* the scan below would find nothing */
	cat3(what, sizeof(what), kw_upper(n), " ", a->name);
	if (hit) {
		char masked[64];
		size_t off = m.offset, len = m.len;
		if (off > strlen(a->value))
			off = 0;
		if (!len || off + len > strlen(a->value))
			len = strlen(a->value) - off;
		mask(a->value + off, len, masked, sizeof(masked));
		char dbuf[128];
		bh_report_secret(c, r, rest_span(n, a->value_off + off, len),
				 rest_hide(n, a->value_off + off, len),
				 "%s holds a secret: %s (%s)", what,
				 describe(&m, dbuf, sizeof(dbuf)), masked);
		return;
	}
	struct scan_ctx s = { .c = c, .r = r, .n = n, .what = what,
			      .text = a->value, .base = a->value_off };
	sec_scan_text(a->value, strlen(a->value), on_match, &s);
}

static void check_bh1200(struct bh_check *c, const struct bh_rule *self)
{
	const struct df_model *m = c->df;
	for (size_t i = 0; i < m->ninstrs; i++) {
		const struct df_node *n = m->instrs[i].node;
		if (dfr_kw(n, "onbuild"))
			n = n->onbuild; /* ONBUILD ENV lands in child images */
		if (dfr_kw(n, "env") || dfr_kw(n, "arg") || dfr_kw(n, "label"))
			each_assign(c, self, i, bh1200_assign);
	}
}

static const struct bh_rule rule_bh1200 = {
	.id = "BH1200",
	.severity = BH_SEV_CRITICAL,
	.practice = "no-secrets-in-image",
	.target = BH_TARGET_DOCKERFILE,
	.title = "Secret value in ENV, ARG or LABEL",
	.why = "ENV and LABEL values are stored in the image config "
	       "and ARG values in its history; anyone who can pull "
	       "the image or read the Dockerfile can read them.",
	.fix = "Remove the value and rotate the secret; pass it at "
	       "run time (environment, mounted secret file) or at "
	       "build time with RUN --mount=type=secret.",
	.cis = "4.10",
	.check = check_bh1200,
	.fix_fn = fix_bh1200,
	.fix_risk = "a program that reads the variable at run time (an ENV) "
		    "no longer finds it: give it with docker run -e or a "
		    "mounted secret; a RUN that reads it needs `docker build "
		    "--secret id=NAME,env=NAME` (Dockerfile syntax 1.10+).",
	.flags = BH_RULE_HIDES,
};

/* ------------------------------------------------------------------ */
/* BH1201 secret in RUN/CMD/ENTRYPOINT arguments or heredoc bodies     */
/* ------------------------------------------------------------------ */

static bool word_char(char ch)
{
	return isalnum((unsigned char)ch) || ch == '_' || ch == '-';
}

/* The shell word of r starting at r[p] (quotes dropped) into buf; "" at a
 * separator. */
static void shell_word_at(const char *r, size_t p, char *buf, size_t size)
{
	size_t o = 0;
	char q = 0;
	for (; r[p] && o + 1 < size; p++) {
		char ch = r[p];
		if (q) {
			if (ch == q)
				q = 0;
			else
				buf[o++] = ch;
			continue;
		}
		if (ch == '"' || ch == '\'') {
			q = ch;
			continue;
		}
		if (ch == ' ' || ch == '\t' || ch == ';' || ch == '&' ||
		    ch == '|' || ch == '<' || ch == '>' || ch == '\n')
			break;
		buf[o++] = ch;
	}
	buf[o] = 0;
}

/* The command of RUN node "n" that holds heredoc "h"'s "<<NAME" (also
 * "<<-NAME", "<<'NAME'", "<<\"NAME\""): n->rest[*b..*e), cut at ; & | and
 * newlines.  False when n is no RUN or the marker is not there. */
static bool heredoc_command(const struct df_node *n, const struct df_heredoc *h,
			    size_t *b, size_t *e)
{
	if (!dfr_kw(n, "run") || !n->rest || !h->name || !h->name_len)
		return false;
	const char *r = n->rest, *at = NULL;
	for (const char *p = r; (p = strstr(p, "<<")) != NULL; p += 2) {
		const char *q = p + 2;
		if (*q == '-')
			q++;
		if (*q == '"' || *q == '\'')
			q++;
		if (!strncmp(q, h->name, h->name_len) &&
		    !word_char(q[h->name_len])) {
			at = p;
			break;
		}
	}
	if (!at)
		return false;
	*b = *e = (size_t)(at - r);
	while (*b > 0 && !strchr(";&|\n", r[*b - 1]))
		(*b)--;
	while (r[*e] && !strchr(";&|\n", r[*e]))
		(*e)++;
	return true;
}

/* The file heredoc k of node n becomes, when it is written to one:
 * COPY/ADD <<EOF PATH (several heredocs or a directory destination:
 * PATH/NAME), RUN cat > PATH <<EOF, RUN tee [-a] PATH <<EOF.  Its path
 * (in buf) or NULL (a script, input of a command).  What sec_scan_file()
 * needs to tell a config file from other text. */
static const char *heredoc_target(struct bh_check *c, const struct df_node *n,
				  size_t k, char *buf, size_t size)
{
	const struct df_heredoc *h = &n->heredocs[k];
	/* ONBUILD COPY <<EOF path: the heredocs sit on the ONBUILD node,
	 * the instruction they belong to is its trigger */
	size_t nh = n->nheredocs;
	if (dfr_kw(n, "onbuild") && n->onbuild)
		n = n->onbuild;
	if (dfr_kw(n, "copy") || dfr_kw(n, "add")) {
		if (n->nargs < 2)
			return NULL;
		const char *d = dfr_unquote(c->arena, n->args[n->nargs - 1].text);
		size_t dl = d ? strlen(d) : 0;
		if (!dl)
			return NULL;
		if (nh == 1 && d[dl - 1] != '/')
			snprintf(buf, size, "%s", d);
		else
			snprintf(buf, size, "%s%s%.*s", d,
				 d[dl - 1] == '/' ? "" : "/", (int)h->name_len,
				 h->name ? h->name : "");
		return buf;
	}
	size_t b, e;
	if (!heredoc_command(n, h, &b, &e))
		return NULL;
	const char *r = n->rest;
	for (size_t x = b; x < e; x++) {
		if (r[x] == '>' && !(x > b && (r[x - 1] == '2' || r[x - 1] == '>'))) {
			size_t y = x + 1;
			if (r[y] == '>')
				y++;
			if (r[y] == '&' || r[y] == '|')
				continue;
			while (r[y] == ' ' || r[y] == '\t')
				y++;
			shell_word_at(r, y, buf, size);
			if (*buf)
				return buf;
		}
		if (!strncmp(r + x, "tee", 3) && (x == b || !word_char(r[x - 1])) &&
		    (r[x + 3] == ' ' || r[x + 3] == '\t')) {
			size_t y = x + 3;
			for (;;) {
				while (r[y] == ' ' || r[y] == '\t')
					y++;
				if (r[y] != '-')
					break;
				while (r[y] && r[y] != ' ' && r[y] != '\t')
					y++;
			}
			shell_word_at(r, y, buf, size);
			if (*buf)
				return buf;
		}
	}
	return NULL;
}

/* Whether heredoc "h" of RUN node "n" (an ONBUILD RUN's trigger: its
 * inner node) feeds chpasswd ("chpasswd <<EOF", "sudo chpasswd <<EOF",
 * not -e/--encrypted: hashes): the command in n->rest around its "<<NAME"
 * is split and its name compared. */
static bool heredoc_feeds_chpasswd(struct bh_check *c, const struct df_node *n,
				   const struct df_heredoc *h)
{
	size_t b, e;
	if (!heredoc_command(n, h, &b, &e))
		return false;
	const char *r = n->rest;
	struct sh_script sc;
	if (sh_split(r + b, e - b, c->arena, &sc) != 0 || sc.ncmds < 1)
		return false;
	const struct sh_cmd *cmd = &sc.cmds[0];
	return dfr_streq(cmd->name, "chpasswd") &&
	       !sh_has_opt(cmd, cmd->start + 1, "e", NULL) &&
	       !sh_has_opt(cmd, cmd->start + 1, "encrypted", NULL);
}

static bool already(const struct bh_check *c, const struct bh_rule *r,
		    struct bh_span sp);

/* RUN chpasswd <<EOF with "user:password" lines (Checkov CKV2_DOCKER_17
 * with a heredoc): each password is reported where it is written. */
static void scan_chpasswd_heredocs(struct bh_check *c, const struct bh_rule *r,
				   const struct df_node *n)
{
	const struct df_node *t = dfr_kw(n, "onbuild") && n->onbuild
					  ? n->onbuild : n;
	for (size_t k = 0; k < n->nheredocs; k++) {
		const struct df_heredoc *h = &n->heredocs[k];
		if (!h->content || !heredoc_feeds_chpasswd(c, t, h))
			continue;
		const char *p = h->content;
		for (int line = h->line; *p; line++) {
			size_t ll = strcspn(p, "\n");
			size_t tabs = h->chomp ? strspn(p, "\t") : 0;
			const char *colon = memchr(p, ':', ll);
			size_t len = 0;
			if (colon) {
				const char *pw = colon + 1;
				len = ll - (size_t)(pw - p);
				if (len && pw[len - 1] == '\r')
					len--;
				char v[256];
				if (len && len < sizeof(v) && (size_t)(colon - p) > tabs) {
					memcpy(v, pw, len);
					v[len] = 0;
					if (!(h->expand && (strchr(v, '$') ||
							    strchr(v, '`'))) &&
					    !sec_is_placeholder(v)) {
						struct bh_span sp = bh_span_at(
							line,
							(int)(pw - p) + 1,
							(int)len);
						char masked[64];
						mask(pw, len, masked,
						     sizeof(masked));
						if (!already(c, r, sp))
							bh_report_secret(
								c, r, sp, sp,
								"heredoc %.*s holds a secret: "
								"password fed to chpasswd (%s)",
								(int)h->name_len, h->name,
								masked);
					}
				}
			}
			p += ll;
			if (*p == '\n')
				p++;
		}
	}
}

static void scan_node(struct bh_check *c, const struct bh_rule *r,
		      const struct df_node *n)
{
	char what[192];
	const char *k = n->keyword_raw ? n->keyword_raw : n->keyword;
	/* ADD: a token in a source URL is in the Dockerfile and, with
	 * BuildKit, in the image history's created_by */
	if (dfr_kw(n, "run") || dfr_kw(n, "cmd") || dfr_kw(n, "entrypoint") ||
	    dfr_kw(n, "healthcheck") || dfr_kw(n, "shell") ||
	    dfr_kw(n, "add")) {
		if (n->rest) {
			/* "what" ("RUN argument") is built on a match */
			struct scan_ctx s = { .c = c, .r = r, .n = n,
					      .kw = k, .text = n->rest };
			sec_scan_text(n->rest, strlen(n->rest), on_match, &s);
		}
	}
	for (size_t h = 0; h < n->nheredocs; h++) {
		const struct df_heredoc *hd = &n->heredocs[h];
		if (!hd->content)
			continue;
		char path[256];
		const char *to = heredoc_target(c, n, h, path, sizeof(path));
		if (to && sec_path_is_config(to))
			snprintf(what, sizeof(what), "heredoc %s (%.100s)",
				 hd->name ? hd->name : "", to);
		else
			snprintf(what, sizeof(what), "heredoc %s",
				 hd->name ? hd->name : "");
		struct scan_ctx s = { .c = c, .r = r, .n = n, .what = what,
				      .text = hd->content, .h = hd };
		/* a config file is judged as assignments */
		sec_scan_file(to, hd->content, strlen(hd->content), on_match,
			      &s);
	}
}

/* Whether rule "r" already reported at the start of "sp" (a token the
 * pattern scan found may also be a command-line password). */
static bool already(const struct bh_check *c, const struct bh_rule *r,
		    struct bh_span sp)
{
	for (size_t k = c->out->n; k-- > 0;) {
		const struct bh_finding *f = &c->out->v[k];
		if (f->rule != r)
			break;
		if (f->span.line == sp.line && f->span.col == sp.col)
			return true;
	}
	return false;
}

/* Where the words of a script are: the RUN's script (df_model), the rest
 * of a shell-form CMD/ENTRYPOINT, or the arguments of an exec form (a
 * word's offset is then its index in node->args). */
enum cli_src { CLI_SCRIPT, CLI_REST, CLI_EXEC, CLI_EXEC_SCRIPT,
	       CLI_EXEC_DECODED };

struct cli_at {
	enum cli_src src;
	size_t i;                  /* instruction */
	const struct df_node *n;   /* CLI_REST, CLI_EXEC, CLI_EXEC_SCRIPT */
	const char *kw;            /* "RUN", "CMD", "ENTRYPOINT" */
	size_t arg;                /* CLI_EXEC_SCRIPT, CLI_EXEC_DECODED
				      (a script written with JSON escapes,
				      \" or \u0041: its offsets are not
				      the source's): the script's index in
				      n->args */
	size_t base;               /* CLI_REST: where the split text starts
				      in n->rest (past HEALTHCHECK's CMD) */
};

/* The source span of text[off..off+len) of word "w". */
static struct bh_span cli_span(const struct bh_check *c,
			       const struct cli_at *at,
			       const struct sh_word *w, size_t off, size_t len)
{
	/* the raw word may carry quotes the text dropped: an unquoted word
	 * or one quoted whole keeps the offset, else look the text up */
	size_t roff = off;
	size_t rl = strlen(w->raw);
	if (w->quoted) {
		if (rl >= 2 && (w->raw[0] == '"' || w->raw[0] == '\'') &&
		    w->raw[rl - 1] == w->raw[0] && rl - 2 == strlen(w->text) &&
		    !memcmp(w->raw + 1, w->text, rl - 2))
			roff = off + 1;
		else {
			const char *hit = strstr(w->raw, w->text + off);
			roff = hit ? (size_t)(hit - w->raw) : 0;
		}
	}
	int line = 0, col = 0;
	if (at->src == CLI_SCRIPT) {
		df_model_script_locate(c->df, at->i, w->offset + roff, &line,
				       &col);
	} else if (at->src == CLI_REST) {
		df_locate(at->n, at->base + w->offset + roff, &line, &col);
	} else if (at->src == CLI_EXEC_SCRIPT) {
		/* inside the string of "sh", "-c", "SCRIPT" (one without
		 * escapes: its bytes are the source's) */
		const struct df_word *dw = &at->n->args[at->arg];
		line = dw->line;
		col = dw->col + 1 + (int)(w->offset + roff);
	} else if (w->offset < at->n->nargs) {
		const struct df_word *dw = &at->n->args[w->offset];
		line = dw->line;
		col = dw->col + 1 + (int)off;  /* past the opening quote */
	}
	return bh_span_at(line, col, (int)len);
}

static void cli_report(struct bh_check *c, const struct bh_rule *r,
		       const struct cli_at *at, const struct sh_word *w,
		       size_t off, size_t len, const char *how,
		       const char *tool)
{
	struct bh_span sp = cli_span(c, at, w, off, len);
	struct bh_span hide = sp;
	if (at->src == CLI_EXEC_DECODED) {
		/* at the JSON string; hidden from there to the line's end,
		 * and the decoded value wherever it shows */
		const struct df_word *dw = &at->n->args[at->arg];
		sp = bh_span_at(dw->line, dw->col, 0);
		hide = bh_span_at(dw->line, dw->col, 4096);
		char v[256];
		if (len < sizeof(v)) {
			memcpy(v, w->text + off, len);
			v[len] = 0;
			bh_hide(c, (struct bh_span){ 0 }, v);
		}
	}
	if (already(c, r, sp))
		return;
	char masked[64];
	mask(w->text + off, len, masked, sizeof(masked));
	bh_report_secret(c, r, sp, hide,
			 "%s argument holds a secret: password %s %s (%s)",
			 at->kw, how, tool, masked);
}

static void scan_cli_cmds(struct bh_check *c, const struct bh_rule *r,
			  const struct cli_at *at, const struct sh_script *sc)
{
	for (size_t j = 0; j < sc->ncmds; j++) {
		const struct sh_cmd *cmd = &sc->cmds[j];
		size_t off = 0, len = 0;
		const char *to = NULL;
		size_t a = cmdpw_piped(sc, j, &off, &len, &to);
		if (a)
			cli_report(c, r, at, &cmd->argv[a], off, len,
				   "piped into", to);
		bool tool = cmdpw_is_tool(cmd);
		for (a = 1; a < cmd->argc; a++) {
			if (!cmdpw_may_hold(cmd, a, tool))
				continue;
			long o = cmdpw_password_tool(cmd, a, tool, &len);
			if (o < 0)
				continue;
			cli_report(c, r, at, &cmd->argv[a], (size_t)o, len,
				   "on the command line of", cmd->name);
		}
	}
}

/* RUN (also ONBUILD RUN): the model's script.  CMD/ENTRYPOINT: the
 * shell form split here, the exec form as one command. */
/* Whether the JSON string argument "w" is written in the source exactly
 * as "text" (no escape inside): the bytes after its opening quote at
 * w->line:w->col are "text" and a closing quote. */
static bool source_is(const struct bh_check *c, const struct df_word *w,
		      const char *text)
{
	if (!c->text || w->line <= 0 || w->col <= 0)
		return false;
	const char *p = c->text, *end = c->text + c->text_len;
	for (int ln = 1; ln < w->line && p < end; ln++) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		if (!nl)
			return false;
		p = nl + 1;
	}
	size_t n = strlen(text);
	if ((size_t)(end - p) < (size_t)w->col + n + 1)
		return false;
	p += w->col - 1;  /* the opening quote */
	return p[0] == '"' && !memcmp(p + 1, text, n) && p[1 + n] == '"';
}

/* Exec-form RUN, CMD, ENTRYPOINT or HEALTHCHECK CMD (whose array starts
 * at n->args[first], past "CMD"): the index in n->args of the -c string the array hands
 * another shell (["su", "app", "-c", "..."], ["sudo", "sh", "-c",
 * "..."]), found by the model (the word holding the first command whose
 * host is the array); 0 when none or a --command=... word. */
static size_t exec_string_arg(const struct df_instr *in,
			      const struct df_node *n, size_t first)
{
	const struct sh_script *sc = &in->script;
	if (in->script_src != DF_SCRIPT_EXEC || sc->ncmds < 2)
		return 0;
	const struct sh_cmd *top = &sc->cmds[0];
	for (size_t k = 1; k < sc->ncmds; k++) {
		if (sc->cmds[k].host != 0)
			continue;
		size_t off = sc->cmds[k].offset;
		for (size_t j = 1; j < top->argc && j + first < n->nargs;
		     j++) {
			const struct sh_word *w = &top->argv[j];
			if (off >= w->offset &&
			    off < w->offset + strlen(w->raw))
				return w->text[0] != '-' ? j + first : 0;
		}
		return 0;
	}
	return 0;
}

static void scan_cli_passwords(struct bh_check *c, const struct bh_rule *r,
			       size_t i)
{
	const struct df_instr *in = &c->df->instrs[i];
	const struct df_node *n = in->node;
	if (dfr_kw(n, "onbuild") && n->onbuild)
		n = n->onbuild;
	/* a shell-form RUN: the model's script maps back to the source; an
	 * exec-form RUN is read like an exec-form CMD below (its words are
	 * JSON strings, not the script's text) */
	if (dfr_kw(n, "run") && !n->json_form) {
		struct cli_at at = { CLI_SCRIPT, i, n, "RUN", 0, 0 };
		scan_cli_cmds(c, r, &at, &in->script);
		return;
	}
	bool hc = dfr_kw(n, "healthcheck");
	if (!dfr_kw(n, "run") && !dfr_kw(n, "cmd") &&
	    !dfr_kw(n, "entrypoint") && !hc)
		return;
	/* HEALTHCHECK CMD ...: the command after CMD (args[0]) is kept in
	 * the image's configuration as CMD's is; HEALTHCHECK NONE has none */
	size_t first = 0;
	if (hc) {
		if (n->nargs < 2 || !dfr_streq(n->args[0].text, "CMD"))
			return;
		first = 1;
	}
	struct cli_at at = { CLI_REST, i, n,
			     dfr_kw(n, "run")   ? "RUN"
			     : dfr_kw(n, "cmd") ? "CMD"
			     : hc		? "HEALTHCHECK"
						: "ENTRYPOINT", 0, 0 };
	struct sh_script sc;
	if (!n->json_form) {
		if (!n->rest)
			return;
		size_t b = 0;
		if (hc) {
			while (n->rest[b] && !isspace((unsigned char)n->rest[b]))
				b++;
			while (isspace((unsigned char)n->rest[b]))
				b++;
		}
		at.base = b;
		if (sh_split(n->rest + b, strlen(n->rest + b), c->arena,
			     &sc) == 0)
			scan_cli_cmds(c, r, &at, &sc);
		return;
	}
	size_t na = n->nargs - first;
	if (!na || na > 256)
		return;
	const struct df_word *w0 = &n->args[first];
	/* exec form ["sh", "-c", "SCRIPT"], su -c, sudo sh -c...: the
	 * string the model entered (RUN, CMD, ENTRYPOINT and HEALTHCHECK
	 * CMD are split alike), split here again from its text */
	size_t sarg = exec_string_arg(in, n, first);
	if (sarg) {
		const char *script = n->args[sarg].text;
		/* only a string written without escapes has the source's
		 * offsets: compare it with the source bytes after its
		 * opening quote (the decoded text cannot tell); one with
		 * escapes is judged decoded, reported at its quote */
		at.src = source_is(c, &n->args[sarg], script)
				 ? CLI_EXEC_SCRIPT
				 : CLI_EXEC_DECODED;
		at.arg = sarg;
		if (sh_split(script, strlen(script), c->arena, &sc) == 0)
			scan_cli_cmds(c, r, &at, &sc);
		return;
	}
	/* exec form: one command of the arguments (offset: the index in
	 * n->args, where cli_span finds the source position) */
	struct sh_word *av = arena_array(c->arena, na, sizeof(*av));
	if (!av)
		return;
	for (size_t k = 0; k < na; k++)
		av[k] = (struct sh_word){ .text = w0[k].text,
					  .raw = w0[k].text,
					  .offset = first + k };
	struct sh_cmd cmd = { .argv = av, .argc = na, .start = 0,
			      .next = SH_NONE, .host = SH_NONE };
	const char *slash = strrchr(av[0].text, '/');
	cmd.name = slash ? slash + 1 : av[0].text;
	/* the command proper past wrappers (sudo -u x, env A=1, timeout
	 * 5): the model's split of the same words */
	const struct sh_cmd *top = in->script.ncmds ? &in->script.cmds[0]
						    : NULL;
	if (in->script_src == DF_SCRIPT_EXEC && top && top->argc == na &&
	    top->start < na) {
		cmd.start = top->start;
		cmd.name = top->name;
	}
	at.src = CLI_EXEC;
	struct sh_script one = { .cmds = &cmd, .ncmds = 1 };
	scan_cli_cmds(c, r, &at, &one);
}

static void check_bh1201(struct bh_check *c, const struct bh_rule *self)
{
	const struct df_model *m = c->df;
	for (size_t i = 0; i < m->ninstrs; i++) {
		const struct df_node *n = m->instrs[i].node;
		if (!n)
			continue;
		scan_node(c, self, n);
		if (dfr_kw(n, "onbuild") && n->onbuild)
			scan_node(c, self, n->onbuild);
		scan_cli_passwords(c, self, i);
		scan_chpasswd_heredocs(c, self, n);
	}
}

static const struct bh_rule rule_bh1201 = {
	.id = "BH1201",
	.severity = BH_SEV_CRITICAL,
	.practice = "no-secrets-in-image",
	.target = BH_TARGET_DOCKERFILE,
	.title = "Secret in a RUN/CMD/ADD argument or heredoc",
	.why = "RUN command lines are stored in the image history; "
	       "CMD, ENTRYPOINT and heredoc files in the image "
	       "itself.",
	.fix = "Remove the secret and rotate it; read it from RUN "
	       "--mount=type=secret,id=... (/run/secrets/...) "
	       "instead.",
	.cis = "4.10",
	.check = check_bh1201,
	.flags = BH_RULE_HIDES,
};

/* ------------------------------------------------------------------ */
/* BH1202 secret-named build arg consumed by RUN                       */
/* ------------------------------------------------------------------ */

/* Whether "text" references $name or ${name...}. */
static bool references(const char *text, const char *name)
{
	size_t n = strlen(name);
	struct expand_ref r;
	for (const char *p = text; (p = expand_next_ref(p, 0, &r)) != NULL;)
		if (r.len == n && strncmp(r.name, name, n) == 0)
			return true;
	return false;
}

static bool node_references(const struct df_node *n, const char *name)
{
	if (n->rest && references(n->rest, name))
		return true;
	for (size_t h = 0; h < n->nheredocs; h++)
		if (n->heredocs[h].content &&
		    references(n->heredocs[h].content, name))
			return true;
	return false;
}

/* Whether RUN "n" mounts a secret exposed as environment variable "name"
 * (--mount=type=secret,...,env=NAME): then $NAME is the secret, not the
 * build arg. */
static bool mounts_secret_env(const struct df_node *n, const char *name)
{
	for (size_t f = 0; f < n->nflags; f++) {
		const char *v = n->flags[f].value;
		if (!dfr_streq(n->flags[f].name, "mount") || !v ||
		    !strstr(v, "type=secret"))
			continue;
		const char *e = strstr(v, "env=");
		size_t nl = strlen(name);
		if (e && strncmp(e + 4, name, nl) == 0 &&
		    (e[4 + nl] == 0 || e[4 + nl] == ','))
			return true;
	}
	return false;
}

static void bh1202_assign(struct bh_check *c, const struct bh_rule *r,
			  size_t i, const struct df_node *n,
			  const struct df_assign *a)
{
	const struct df_model *m = c->df;
	if (!dfr_kw(n, "arg") || !sec_name_is_sensitive(a->name))
		return;
	if (a->value && *a->value && !sec_is_placeholder(a->value))
		return; /* a literal: BH1200 reports it */
	size_t stage = m->instrs[i].stage;
	if (stage == (size_t)-1)
		return; /* global: only FROM lines see it */
	for (size_t q = i + 1; q < m->ninstrs; q++) {
		const struct df_instr *in = &m->instrs[q];
		if (in->stage != stage)
			break;
		if (!dfr_kw(in->node, "run") || !node_references(in->node, a->name) ||
		    mounts_secret_env(in->node, a->name))
			continue;
		bh_report(c, r, rest_span(n, a->name_off, strlen(a->name)),
			  "build arg %s is used by the RUN at line %d: build args "
			  "are kept in the image history and build cache",
			  a->name, in->node->line);
		return;
	}
}

static void check_bh1202(struct bh_check *c, const struct bh_rule *self)
{
	const struct df_model *m = c->df;
	for (size_t i = 0; i < m->ninstrs; i++)
		if (dfr_kw(m->instrs[i].node, "arg"))
			each_assign(c, self, i, bh1202_assign);
}

static const struct bh_rule rule_bh1202 = {
	.id = "BH1202",
	.severity = BH_SEV_HIGH,
	.practice = "buildkit-secret-mount",
	.target = BH_TARGET_DOCKERFILE,
	.title = "Secret-named build arg used by RUN",
	.why = "A build arg used by RUN is recorded in the image "
	       "history (docker history) and in the build cache key.",
	.fix = "Pass it as a secret: RUN "
	       "--mount=type=secret,id=npm_token,env=NPM_TOKEN ... "
	       "and docker build --secret id=npm_token,...",
	.hadolint = "DL3064",
	.trivy = "DS-0031",
	.other = "BuildKit:SecretsUsedInArgOrEnv",
	.check = check_bh1202,
	.fix_fn = fix_bh1202,
	.fix_risk = "`docker build --build-arg NAME=...` no longer sets it: "
		    "the build needs `--secret id=name,env=NAME` (Dockerfile "
		    "syntax 1.10+, BuildKit).",
};

/* ------------------------------------------------------------------ */
/* Fixes of BH1200 (ENV/ARG) and BH1202: the secret becomes a BuildKit  */
/* secret mount                                                          */
/* ------------------------------------------------------------------ */

/* Whether the file's "# syntax=" frontend knows RUN --mount=type=secret's
 * env= (Dockerfile 1.10): none (the fix adds docker/dockerfile:1), the
 * moving "1"/"1-labs", or 1.N with N >= 10. */
static bool syntax_has_secret_env(const char *syn)
{
	if (!syn)
		return true;
	if (!strncmp(syn, "docker.io/", 10))
		syn += 10;
	if (strncmp(syn, "docker/dockerfile:1", 19))
		return false;
	const char *v = syn + 19;
	if (!*v || !strcmp(v, "-labs"))
		return true;
	if (*v != '.' || !isdigit((unsigned char)v[1]))
		return false;
	return strtol(v + 1, NULL, 10) >= 10;
}

/* Replaces ENV/ARG instruction "i" (one line, one NAME[=value], not
 * ONBUILD, inside a stage) by a "# bulkhead fix" comment, and gives every
 * RUN of its stage that reads $NAME a "--mount=type=secret,id=name,
 * env=NAME" (the value then comes from `docker build --secret
 * id=name,env=NAME`), adding "# syntax=docker/dockerfile:1" at the top
 * when the file names no frontend.  Nothing when another instruction
 * reads $NAME (COPY, ENV Y=$NAME, ...), an ENV's name is read in a later
 * stage, or the value is needed where the fix cannot see (LABEL). */
static void fix_secret_assign(struct bh_check *c, const struct bh_rule *r,
			      const struct bh_finding *f)
{
	const struct df_model *m = c->df;
	size_t i = (size_t)-1;
	for (size_t k = 0; k < m->ninstrs && i == (size_t)-1; k++) {
		const struct df_node *n = m->instrs[k].node;
		if (f->span.line >= n->line && f->span.line <= n->end_line)
			i = k;
	}
	if (i == (size_t)-1)
		return;
	const struct df_instr *in = &m->instrs[i];
	const struct df_node *n = in->node;
	bool env = dfr_kw(n, "env");
	if (in->onbuild || (!env && !dfr_kw(n, "arg")) || n->line != n->end_line ||
	    in->nassigns != 1 || in->stage == (size_t)-1 || !n->keyword_raw ||
	    !c->text || (c->text_len && (unsigned char)c->text[0] == 0xEF))
		return;
	const char *name = in->assigns[0].name;
	size_t nl = name ? strlen(name) : 0;
	if (!nl || nl > 64 || isdigit((unsigned char)name[0]) ||
	    strspn(name, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
			 "0123456789_") != nl)
		return;
	size_t kat = bh_fix_offset(c, n->line, n->col);
	size_t kend = kat == (size_t)-1 ? kat : bh_fix_line_end(c, kat);
	if (kat == (size_t)-1 ||
	    !bh_fix_text_is(c, bh_span_at(n->line, n->col,
					  (int)strlen(n->keyword_raw)),
			    n->keyword_raw))
		return;
	char low[72];
	for (size_t k = 0; k <= nl; k++)
		low[k] = (char)tolower((unsigned char)name[k]);
	/* the RUNs that read it; any other reader stops the fix */
	size_t runs[64], nruns = 0;
	for (size_t q = i + 1; q < m->ninstrs; q++) {
		const struct df_instr *o = &m->instrs[q];
		if (o->stage != in->stage) {
			if (env && node_references(o->node, name))
				return;   /* a later stage may inherit it */
			continue;
		}
		if (node_references(o->node, name) ||
		    (o->node->onbuild && node_references(o->node->onbuild, name))) {
			if (o->onbuild || !dfr_kw(o->node, "run") || nruns == 64)
				return;
			if (!mounts_secret_env(o->node, name))
				runs[nruns++] = q;
		}
		/* a name set again: what follows reads that one */
		bool again = false;
		for (size_t k = 0; k < o->nassigns && !again; k++)
			again = dfr_streq(o->assigns[k].name, name);
		if (again && (dfr_kw(o->node, "env") || dfr_kw(o->node, "arg")))
			break;
	}
	if (nruns && !syntax_has_secret_env(m->file ? m->file->syntax : NULL))
		return;
	char text[256], note[200];
	if (nruns) {
		/* worded so the diff's masking keeps it ("--secret X" reads
		 * as a password option) */
		snprintf(text, sizeof(text), "# bulkhead fix %s: %s now comes "
			 "from a secret mount, id %s, env %s: give docker build "
			 "that secret (rotate the old value)", r->id, name, low,
			 name);
		snprintf(note, sizeof(note), "%s %s removed; RUN reads it from "
			 "the secret mount with id %s (docker build, BuildKit)",
			 env ? "ENV" : "ARG", name, low);
	} else {
		snprintf(text, sizeof(text), "# bulkhead fix %s: %s %s removed "
			 "(a secret%s; rotate it)", r->id, env ? "ENV" : "ARG",
			 name, env ? " in the image config: give it at run time"
				   : " in the image history");
		snprintf(note, sizeof(note), "%s %s removed", env ? "ENV" : "ARG",
			 name);
	}
	bh_fix_edit(c, r, kat, kend, text, note);
	char mount[160];
	snprintf(mount, sizeof(mount), " --mount=type=secret,id=%s,env=%s", low,
		 name);
	for (size_t k = 0; k < nruns; k++) {
		const struct df_node *rn = m->instrs[runs[k]].node;
		size_t at = bh_fix_offset(c, rn->line, rn->col);
		if (at == (size_t)-1 || !rn->keyword_raw)
			continue;
		bh_fix_edit(c, r, at + strlen(rn->keyword_raw),
			    at + strlen(rn->keyword_raw), mount,
			    "the secret mounted (part of the same fix)");
	}
	if (nruns && !(m->file && m->file->syntax)) {
		char syn[64];
		snprintf(syn, sizeof(syn), "# syntax=docker/dockerfile:1%s",
			 bh_fix_eol(c));
		bh_fix_edit(c, r, 0, 0, syn, "RUN --mount env= needs Dockerfile "
			    "syntax 1.10 (part of the same fix)");
	}
}

static void fix_bh1200(struct bh_check *c, const struct bh_rule *r,
		       const struct bh_finding *f)
{
	bh_fix_why(c, "the instruction cannot become a secret mount exactly "
		   "(several lines or names, ONBUILD, a global ARG, the name "
		   "read by other than a RUN of its stage, an older # syntax "
		   "frontend, a byte-order mark): move the value out by hand");
	fix_secret_assign(c, r, f);
}

static void fix_bh1202(struct bh_check *c, const struct bh_rule *r,
		       const struct bh_finding *f)
{
	bh_fix_why(c, "the instruction cannot become a secret mount exactly "
		   "(several lines or names, ONBUILD, a global ARG, the name "
		   "read by other than a RUN of its stage, an older # syntax "
		   "frontend, a byte-order mark): move the value out by hand");
	fix_secret_assign(c, r, f);
}

/* ------------------------------------------------------------------ */
/* BH1203 secret-named ENV set from a variable                         */
/* ------------------------------------------------------------------ */

static void bh1203_assign(struct bh_check *c, const struct bh_rule *r,
			  size_t i, const struct df_node *n,
			  const struct df_assign *a)
{
	if (!a->value || !strchr(a->value, '$') ||
	    !sec_name_is_sensitive(a->name))
		return;
	if (!stage_in_image(c->df, c->df->instrs[i].stage))
		return;
	/* points at the name; what the variable holds is hidden */
	bh_report_secret(c, r, rest_span(n, a->name_off, strlen(a->name)),
			 rest_hide(n, a->value_off, strlen(a->value)),
			 "ENV %s is set from a variable and stores its value "
			 "in the image config, where docker inspect shows it",
			 a->name);
}

static void check_bh1203(struct bh_check *c, const struct bh_rule *self)
{
	const struct df_model *m = c->df;
	for (size_t i = 0; i < m->ninstrs; i++)
		if (dfr_kw(m->instrs[i].node, "env"))
			each_assign(c, self, i, bh1203_assign);
}

static const struct bh_rule rule_bh1203 = {
	.id = "BH1203",
	.severity = BH_SEV_HIGH,
	.practice = "no-secrets-in-image",
	.target = BH_TARGET_DOCKERFILE,
	.title = "Secret-named ENV set from a variable",
	.why = "ENV values are written into the image config, so a "
	       "secret passed in as a build arg ends up readable by "
	       "docker inspect.",
	.fix = "Do not persist the secret: use RUN "
	       "--mount=type=secret at build time and inject it at "
	       "run time.",
	.hadolint = "DL3064",
	.trivy = "DS-0031",
	.cis = "4.10",
	.other = "BuildKit:SecretsUsedInArgOrEnv",
	.check = check_bh1203,
	.flags = BH_RULE_HIDES,
};

/* ------------------------------------------------------------------ */
/* BH1204/BH1205 COPY/ADD of credential and key files                  */
/* ------------------------------------------------------------------ */

/* Build-time credentials: what a RUN --mount=type=secret (or ssh) is for.
 * Returns a short description or NULL. */
static const char *build_credential(const char *path)
{
	static const struct { const char *base, *what; } names[] = {
		{ ".npmrc", "npm registry credentials" },
		{ ".pypirc", "PyPI credentials" },
		{ ".netrc", "netrc credentials" },
		{ "_netrc", "netrc credentials" },
		{ ".git-credentials", "git credentials" },
		{ ".dockercfg", "registry credentials" },
		{ ".s3cfg", "S3 credentials" },
		{ ".boto", "cloud credentials" },
		{ ".pgpass", "PostgreSQL passwords" },
		{ "id_rsa", "SSH private key" },
		{ "id_dsa", "SSH private key" },
		{ "id_ecdsa", "SSH private key" },
		{ "id_ed25519", "SSH private key" },
		{ ".ssh", "SSH directory" },
		{ ".aws", "AWS credentials directory" },
		{ ".kube", "Kubernetes credentials directory" },
	};
	const char *slash = strrchr(path, '/');
	const char *base = slash ? slash + 1 : path;
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (dfr_streq(base, names[i].base))
			return names[i].what;
	/* txt_ends() with the path's length taken once; every suffix below
	 * ends in 's', 'g' or 'n' (most paths do not) */
	size_t pl = strlen(path);
	char last = pl ? path[pl - 1] : 0;
	if (last != 's' && last != 'g' && last != 'n')
		return NULL;
#define ENDS(lit) (pl >= sizeof(lit) - 1 && \
		   !memcmp(path + pl - (sizeof(lit) - 1), lit, sizeof(lit) - 1))
	if (ENDS(".aws/credentials") || ENDS(".aws/config"))
		return "AWS credentials";
	if (ENDS(".docker/config.json"))
		return "registry credentials";
	if (ENDS(".kube/config"))
		return "Kubernetes credentials";
	if (ENDS(".gem/credentials"))
		return "RubyGems credentials";
	if (ENDS(".composer/auth.json") || dfr_streq(base, "auth.json"))
		return "Composer credentials";
#undef ENDS
	return NULL;
}

/* Runtime secrets baked into the image: what src/secrets/ calls a secret
 * file, minus the build credentials above and .git (a context matter). */
static const char *runtime_secret(const char *path)
{
	static const struct { const char *kind, *what; } kinds[] = {
		{ "private-key-file", "private key" },
		{ "dotenv", "dotenv file" },
		{ "keystore", "key store" },
		{ "credentials-file", "credentials file" },
		{ "cloud-credentials", "cloud credentials" },
		{ "terraform-state", "Terraform state" },
		{ "shell-history", "shell history" },
		{ "password-database", "password database" },
		{ "htpasswd", "htpasswd file" },
		{ "mysql-config", "MySQL client config" },
	};
	const char *kind = NULL;
	if (build_credential(path) || !sec_path_is_secret_file(path, &kind) ||
	    !kind || dfr_streq(kind, "git-dir"))
		return NULL;
	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (dfr_streq(kind, kinds[i].kind))
			return kinds[i].what;
	return kind;
}

/* Line of a later RUN in the same stage that removes "base", or 0. */
static int later_rm(const struct df_model *m, size_t i, const char *base)
{
	for (size_t q = i + 1; q < m->ninstrs; q++) {
		const struct df_instr *in = &m->instrs[q];
		if (in->stage != m->instrs[i].stage)
			break;
		if (dfr_kw(in->node, "run") && in->node->rest &&
		    strstr(in->node->rest, base) && strstr(in->node->rest, "rm "))
			return in->node->line;
	}
	return 0;
}

/* The COPY/ADD sources copy_files() walks, unquoted and expanded (in the
 * check's arena) once per run of the rules, not once for BH1204 and again
 * for BH1205: the first walk records them in walk order, the second reads
 * them back.  Per thread, for the bh_run_rules() call under way
 * (rule_table.h's serial); sources past SRC_MAX are worked out each time. */
#define SRC_MAX 256
static _Thread_local struct {
	unsigned long serial;
	const struct df_model *m;
	size_t n;                 /* p[0..n) known */
	const char *p[SRC_MAX];   /* NULL: dfr_unquote() failed */
} srcs;

/* Source j of instruction i, the k-th copy_files() meets, or NULL. */
static const char *copy_source(struct bh_check *c, size_t i, size_t j,
			       size_t k)
{
	const struct df_model *m = c->df;
	unsigned long serial = bh_rule_run_serial();
	bool mine = serial && srcs.serial == serial && srcs.m == m;
	if (mine && k < srcs.n)
		return srcs.p[k];
	if (serial && !mine && k == 0) {
		srcs.serial = serial;
		srcs.m = m;
		srcs.n = 0;
		mine = true;
	}
	const char *src = dfr_unquote(c->arena, m->instrs[i].node->args[j].text);
	const char *p = NULL;
	if (src) {
		p = df_model_expand(m, i, src, c->arena);
		if (!p)
			p = src;
	}
	if (mine && k == srcs.n && k < SRC_MAX)
		srcs.p[srcs.n++] = p;
	return p;
}

static void copy_files(struct bh_check *c, const struct bh_rule *self,
		       bool build)
{
	const struct df_model *m = c->df;
	size_t k = 0;
	for (size_t i = 0; i < m->ninstrs; i++) {
		const struct df_node *n = m->instrs[i].node;
		if ((!dfr_kw(n, "copy") && !dfr_kw(n, "add")) || n->nargs < 2 ||
		    n->nheredocs)
			continue;
		for (size_t j = 0; j + 1 < n->nargs; j++) {
			const char *p = copy_source(c, i, j, k++);
			if (!p)
				continue;
			size_t pl = strlen(p);
			while (pl > 1 && p[pl - 1] == '/')
				pl--;
			char path[512];  /* snprintf's "%.*s", without it */
			if (pl > sizeof(path) - 1)
				pl = sizeof(path) - 1;
			memcpy(path, p, pl);
			path[pl] = 0;
			const char *what = build ? build_credential(path) :
					   runtime_secret(path);
			if (!what)
				continue;
			const char *slash = strrchr(path, '/');
			const char *base = slash ? slash + 1 : path;
			int rm = later_rm(m, i, base);
			char tail[96] = "";
			if (rm)
				snprintf(tail, sizeof(tail),
					 "; the rm at line %d does not remove it "
					 "from this layer", rm);
			struct bh_span sp = bh_span_at(
				n->args[j].line, n->args[j].col,
				(int)strlen(n->args[j].text));
			if (build)
				bh_report(c, self, sp,
					  "%s copies %s (%s) into a layer%s",
					  dfr_kw(n, "add") ? "ADD" : "COPY", path, what,
					  tail);
			else
				bh_report(c, self, sp,
					  "%s copies %s (%s) into the image%s",
					  dfr_kw(n, "add") ? "ADD" : "COPY", path, what,
					  tail);
		}
	}
}

static void check_bh1204(struct bh_check *c, const struct bh_rule *self)
{
	copy_files(c, self, true);
}

static const struct bh_rule rule_bh1204 = {
	.id = "BH1204",
	.severity = BH_SEV_HIGH,
	.practice = "buildkit-secret-mount",
	.target = BH_TARGET_DOCKERFILE,
	.title = "Credential file copied into the build",
	.why = "A COPY'd credential file stays in its layer even if "
	       "a later RUN deletes it.",
	.fix = "Mount it for the one RUN that needs it: RUN "
	       "--mount=type=secret,id=npmrc,target=/root/.npmrc npm "
	       "ci (or --mount=type=ssh for SSH keys).",
	.cis = "4.10",
	.check = check_bh1204,
};

static void check_bh1205(struct bh_check *c, const struct bh_rule *self)
{
	copy_files(c, self, false);
}

static const struct bh_rule rule_bh1205 = {
	.id = "BH1205",
	.severity = BH_SEV_HIGH,
	.practice = "no-secrets-in-image",
	.target = BH_TARGET_DOCKERFILE,
	.title = "Key or secrets file copied into the image",
	.why = "Private keys, key stores and .env files copied into "
	       "an image can be read by anyone who pulls it.",
	.fix = "Keep the file out of the image and mount it at run "
	       "time (volume, Kubernetes/Compose secret).",
	.cis = "4.10",
	.other = "Dockle:CIS-DI-0010",
	.check = check_bh1205,
};

/* ------------------------------------------------------------------ */
/* The table                                                           */
/* ------------------------------------------------------------------ */

const struct bh_rule *const bh_rules_df_secrets[] = {
	&rule_bh1200,
	&rule_bh1201,
	&rule_bh1202,
	&rule_bh1203,
	&rule_bh1204,
	&rule_bh1205,
};
const size_t bh_rules_df_secrets_count =
	sizeof(bh_rules_df_secrets) / sizeof(bh_rules_df_secrets[0]);

