/* SPDX-License-Identifier: Apache-2.0
 *
 * rules_df_secrets.c - Dockerfile rules BH1200-BH1249: secrets written into
 * the Dockerfile or passed to the build the wrong way.
 *
 * This file owns: literal secrets in ENV/ARG/LABEL values (by name and by
 * value, through src/secrets/), secrets in RUN/CMD/ENTRYPOINT arguments and
 * heredoc bodies, secret-named build args consumed by RUN (-> RUN
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
 * Tests: tests/cases/dockerfile/BH12xx-*.case.
 */
#include "families.h"
#include "df_rule_util.h"
#include "../util/text.h"

#include <ctype.h>
#include <stdio.h>
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

/* ------------------------------------------------------------------ */
/* BH1200 literal secret in ENV/ARG/LABEL                              */
/* ------------------------------------------------------------------ */

struct scan_ctx {
	struct bh_check *c;
	const struct bh_rule *r;
	const struct df_node *n;
	const char *what;        /* "ENV NAME", "RUN", "heredoc" */
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
	char dbuf[128];
	bh_report_secret(s->c, s->r, sp, hide, "%s holds a secret: %s (%s)",
			 s->what, describe(m, dbuf, sizeof(dbuf)), masked);
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
	snprintf(what, sizeof(what), "%s %s", kw_upper(n), a->name);
	struct sec_match m;
	memset(&m, 0, sizeof(m));
	if (sec_check_assignment(a->name, a->value, &m)) {
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
	.flags = BH_RULE_HIDES,
};

/* ------------------------------------------------------------------ */
/* BH1201 secret in RUN/CMD/ENTRYPOINT arguments or heredoc bodies     */
/* ------------------------------------------------------------------ */

static void scan_node(struct bh_check *c, const struct bh_rule *r,
		      const struct df_node *n)
{
	char what[64];
	const char *k = n->keyword_raw ? n->keyword_raw : n->keyword;
	if (dfr_kw(n, "run") || dfr_kw(n, "cmd") || dfr_kw(n, "entrypoint") ||
	    dfr_kw(n, "healthcheck") || dfr_kw(n, "shell")) {
		snprintf(what, sizeof(what), "%s argument", k);
		for (char *p = what; *p && *p != ' '; p++)
			*p = (char)toupper((unsigned char)*p);
		if (n->rest) {
			struct scan_ctx s = { .c = c, .r = r, .n = n,
					      .what = what, .text = n->rest };
			sec_scan_text(n->rest, strlen(n->rest), on_match, &s);
		}
	}
	for (size_t h = 0; h < n->nheredocs; h++) {
		const struct df_heredoc *hd = &n->heredocs[h];
		if (!hd->content)
			continue;
		snprintf(what, sizeof(what), "heredoc %s",
			 hd->name ? hd->name : "");
		struct scan_ctx s = { .c = c, .r = r, .n = n, .what = what,
				      .text = hd->content, .h = hd };
		sec_scan_text(hd->content, strlen(hd->content), on_match, &s);
	}
}

/* A password given on a command line: curl -u user:pass, wget
 * --password=pass, sshpass -p pass, mysql -ppass.  Returns the password's
 * offset within word "w" (or -1) and sets *len. */
static long cli_password(const struct sh_cmd *cmd, size_t a, size_t *len)
{
	const char *name = cmd->argv[0].text;
	const char *slash = strrchr(name, '/');
	name = slash ? slash + 1 : name;
	const char *w = cmd->argv[a].text;
	const char *prev = a > 0 ? cmd->argv[a - 1].text : "";
	const char *pw = NULL;
	if (dfr_streq(name, "curl") && (dfr_streq(prev, "-u") || dfr_streq(prev, "--user") ||
				    dfr_streq(prev, "--proxy-user"))) {
		pw = strchr(w, ':');
		pw = pw ? pw + 1 : NULL;
	} else if (dfr_streq(name, "wget")) {
		static const char *const opts[] = { "--password=",
						    "--http-password=",
						    "--ftp-password=", NULL };
		for (size_t i = 0; opts[i]; i++)
			if (strncmp(w, opts[i], strlen(opts[i])) == 0)
				pw = w + strlen(opts[i]);
	} else if (dfr_streq(name, "sshpass") && dfr_streq(prev, "-p")) {
		pw = w;
	} else if ((dfr_streq(name, "mysql") || dfr_streq(name, "mysqldump") ||
		    dfr_streq(name, "mysqladmin") || dfr_streq(name, "mariadb")) &&
		   strncmp(w, "-p", 2) == 0 && w[2]) {
		pw = w + 2;
	}
	if (!pw || !*pw || strchr(pw, '$') || strchr(pw, '`') ||
	    sec_is_placeholder(pw))
		return -1;
	*len = strlen(pw);
	return (long)(pw - w);
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

static void scan_cli_passwords(struct bh_check *c, const struct bh_rule *r,
			       size_t i)
{
	const struct df_instr *in = &c->df->instrs[i];
	for (size_t j = 0; j < in->script.ncmds; j++) {
		const struct sh_cmd *cmd = &in->script.cmds[j];
		for (size_t a = 1; a < cmd->argc; a++) {
			size_t len = 0;
			long off = cli_password(cmd, a, &len);
			if (off < 0)
				continue;
			const struct sh_word *w = &cmd->argv[a];
			/* the raw word may carry quotes the text dropped */
			const char *at = strstr(w->raw, w->text + off);
			size_t roff = at ? (size_t)(at - w->raw) : 0;
			int line = 0, col = 0;
			df_model_script_locate(c->df, i, w->offset + roff, &line,
					       &col);
			struct bh_span sp = bh_span_at(line, col, (int)len);
			if (already(c, r, sp))
				continue;
			char masked[64];
			mask(w->text + off, len, masked, sizeof(masked));
			bh_report_secret(c, r, sp, sp,
					 "RUN argument holds a secret: password "
					 "on the %s command line (%s)",
					 cmd->argv[0].text, masked);
		}
	}
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
		if (dfr_kw(n, "run"))
			scan_cli_passwords(c, self, i);
	}
}

static const struct bh_rule rule_bh1201 = {
	.id = "BH1201",
	.severity = BH_SEV_CRITICAL,
	.practice = "no-secrets-in-image",
	.target = BH_TARGET_DOCKERFILE,
	.title = "Secret in a RUN/CMD argument or heredoc",
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
};

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
	if (txt_ends(path, ".aws/credentials") || txt_ends(path, ".aws/config"))
		return "AWS credentials";
	if (txt_ends(path, ".docker/config.json"))
		return "registry credentials";
	if (txt_ends(path, ".kube/config"))
		return "Kubernetes credentials";
	if (txt_ends(path, ".gem/credentials"))
		return "RubyGems credentials";
	if (txt_ends(path, ".composer/auth.json") || dfr_streq(base, "auth.json"))
		return "Composer credentials";
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

static void copy_files(struct bh_check *c, const struct bh_rule *self,
		       bool build)
{
	const struct df_model *m = c->df;
	for (size_t i = 0; i < m->ninstrs; i++) {
		const struct df_node *n = m->instrs[i].node;
		if ((!dfr_kw(n, "copy") && !dfr_kw(n, "add")) || n->nargs < 2 ||
		    n->nheredocs)
			continue;
		for (size_t j = 0; j + 1 < n->nargs; j++) {
			const char *src = dfr_unquote(c->arena, n->args[j].text);
			if (!src)
				continue;
			const char *p = df_model_expand(m, i, src, c->arena);
			if (!p)
				p = src;
			size_t pl = strlen(p);
			while (pl > 1 && p[pl - 1] == '/')
				pl--;
			char path[512];
			snprintf(path, sizeof(path), "%.*s", (int)pl, p);
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

