/* SPDX-License-Identifier: Apache-2.0
 *
 * rules_df_user.c - Dockerfile rules about the user a container runs as
 * (BH1001-BH1009).
 *
 * This file owns the rules that judge the final image's USER: running as
 * root (BH1001), a user given by name instead of a UID (BH1002), sudo in
 * RUN (BH1003) and useradd with a high UID but without -l (BH1004).  Only
 * the final stage's user matters: a builder stage running as root is fine,
 * and a stage built FROM an earlier stage inherits that stage's USER.  The
 * base image's own USER is unknown to bulkhead (no registry access), so a
 * final stage without any USER is reported, except for bases known to run
 * as non-root (distroless ":nonroot", Chainguard non-dev images).
 * It does not parse anything: it reads struct df_model only.
 * Tests: tests/cases/dockerfile/BH100[1-4]-*.case.
 */
#include "families.h"
#include "df_rule_util.h"
#include "../util/text.h"
#include "../util/io.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "../model/df_model.h"

#define MAX_CHAIN 256

/* Span of an instruction: its keyword through its first argument when
 * both sit on one line, else the keyword. */
static struct bh_span instr_span(const struct df_node *n)
{
	if (n->nargs && n->args[0].line == n->line && n->args[0].col > n->col)
		return bh_span_at(n->line, n->col,
				  n->args[0].col - n->col +
					  dfr_slen(n->args[0].text));
	return bh_span_at(n->line, n->col, dfr_slen(n->keyword_raw));
}

/* The last USER of stage "s" or of the stages it is built on; its index
 * in m->instrs goes to *idx.  NULL when there is none. */
static const struct df_node *last_user(const struct df_model *m,
				       const struct df_stage *s, size_t *idx)
{
	const struct df_stage *chain[MAX_CHAIN];
	size_t n = dfr_stage_chain(m, s, chain, MAX_CHAIN);
	for (size_t k = 0; k < n; k++) {
		const struct df_stage *st = chain[k];
		size_t end = st->end_instr <= m->ninstrs ? st->end_instr
							 : m->ninstrs;
		for (size_t i = end; i-- > st->from_instr;) {
			const struct df_node *nd = m->instrs[i].node;
			if (nd && strcmp(nd->keyword, "user") == 0 && nd->nargs) {
				*idx = i;
				return nd;
			}
		}
	}
	return NULL;
}

/* The external image the stage chain of "s" starts from. */
static const struct df_stage *root_stage(const struct df_model *m,
					 const struct df_stage *s)
{
	const struct df_stage *chain[MAX_CHAIN];
	size_t n = dfr_stage_chain(m, s, chain, MAX_CHAIN);
	return n ? chain[n - 1] : s;
}

static bool all_digits(const char *s, size_t n)
{
	if (!n)
		return false;
	for (size_t k = 0; k < n; k++)
		if (!isdigit((unsigned char)s[k]))
			return false;
	return true;
}

/* BH1001: the final stage runs as root. */
static void check_bh1001(struct bh_check *c, const struct bh_rule *self)
{
	const struct df_model *m = c->df;
	const struct df_stage *fin = df_model_final_stage(m);
	if (!fin || !fin->from || fin->export_only)
		return;  /* an export-only stage runs nothing */
	size_t ui = 0;
	const struct df_node *u = last_user(m, fin, &ui);
	if (u) {
		const char *v = dfr_resolve(c, ui, u->args[0].text);
		if (!v || !*v || !img_user_is_root(v))
			return;
		bh_report(c, self, instr_span(u),
			  "the final stage runs as %s: the last USER is "
			  "\"%s\"", v[0] == 'r' || v[0] == '0' ? "root"
			  : "the Windows administrator", v);
		return;
	}
	const struct df_stage *root = root_stage(m, fin);
	const struct img_ref *b = &root->base;
	if (img_ref_default_nonroot(b))
		return;  /* distroless :nonroot, Chainguard, Nano Server */
	/* Windows: Nano Server runs as ContainerUser by default; Server
	 * Core (and the full Windows images) as ContainerAdministrator,
	 * the Windows root, as Trivy's DS-0002 says too */
	if (img_ref_is_windows(b)) {
		bh_report(c, self, instr_span(fin->from),
			  "the final stage has no USER instruction, so it runs "
			  "as the Windows administrator (ContainerAdministrator,"
			  " the default of %s)",
			  b->raw && *b->raw ? b->raw : "its Windows base");
		return;
	}
	if (b->is_scratch)
		bh_report(c, self, instr_span(fin->from),
			  "the final stage has no USER instruction and is "
			  "built from scratch, so it runs as root (UID 0)");
	else
		bh_report(c, self, instr_span(fin->from),
			  "the final stage has no USER instruction, so it runs "
			  "as the base image's user (%s), which is root unless "
			  "the base sets one",
			  b->raw && *b->raw ? b->raw : "unknown base");
}

static const struct bh_rule rule_bh1001 = {
	.id = "BH1001",
	.flags = BH_RULE_LINK(BH_LINK_DF_ROOT_USER),  /* core/link.c joins it */
	.severity = BH_SEV_HIGH,
	.practice = "non-root-user",
	.target = BH_TARGET_DOCKERFILE,
	.title = "Final stage runs as root",
	.why = "A process running as root in the container is root on "
	       "the host's kernel: any escape or mounted path gives "
	       "full control.  Only the final stage's user matters; an "
	       "export-only final stage (FROM scratch holding only "
	       "copied files, no CMD or ENTRYPOINT: `docker build "
	       "--output`) runs nothing and is not reported.  On "
	       "Windows images USER ContainerAdministrator is root, and "
	       "so is no USER on a Server Core base (its default user); "
	       "Nano Server runs as ContainerUser by default.",
	.fix = "Create an unprivileged user and end the final stage "
	       "with `USER 10001:10001` (or a base that runs as "
	       "non-root, such as distroless :nonroot).",
	.hadolint = "DL3002",
	.trivy = "DS-0002",
	.checkov = "CKV_DOCKER_3, CKV_DOCKER_8",
	.cis = "4.1",
	.check = check_bh1001,
};

/* BH1002: the final user is given by name, not by UID. */
static void check_bh1002(struct bh_check *c, const struct bh_rule *self)
{
	const struct df_model *m = c->df;
	const struct df_stage *fin = df_model_final_stage(m);
	if (!fin)
		return;
	size_t ui = 0;
	const struct df_node *u = last_user(m, fin, &ui);
	if (!u || img_ref_is_windows(&root_stage(m, fin)->base))
		return;
	const char *v = dfr_resolve(c, ui, u->args[0].text);
	if (!v || !*v || img_user_is_root(v))
		return;
	size_t n = strcspn(v, ":");
	bool user_ok = all_digits(v, n);
	const char *g = v[n] == ':' ? v + n + 1 : NULL;
	bool group_ok = !g || all_digits(g, strlen(g));
	if (user_ok && group_ok)
		return;
	if (!user_ok)
		bh_report(c, self, dfr_word_span(&u->args[0]),
			  "USER \"%.*s\" is a name, not a numeric UID: "
			  "runAsNonRoot-style checks cannot verify it",
			  (int)n, v);
	else
		bh_report(c, self, dfr_word_span(&u->args[0]),
			  "USER group \"%s\" is a name, not a numeric GID", g);
}

static const struct bh_rule rule_bh1002 = {
	.id = "BH1002",
	.flags = BH_RULE_LINK(BH_LINK_DF_NAMED_USER),  /* core/link.c joins it */
	.severity = BH_SEV_LOW,
	.practice = "numeric-uid",
	.target = BH_TARGET_DOCKERFILE,
	.title = "USER is a name, not a numeric UID",
	.why = "Kubernetes runAsNonRoot and similar admission checks "
	       "can only verify a numeric UID; a name could map to "
	       "UID 0.",
	.fix = "Use the numeric UID and GID, e.g. `USER 10001:10001`.",
	.hadolint = "DL3066",
	.check = check_bh1002,
};

static void report_script_word(struct bh_check *c, const struct bh_rule *self,
			       size_t i, const struct sh_word *w,
			       const char *fmt, const char *arg)
{
	int line = 0, col = 0;
	df_model_script_locate(c->df, i, w->offset, &line, &col);
	bh_report(c, self, bh_span_at(line, col, dfr_slen(w->raw)), fmt, arg);
}

/* BH1003: sudo in RUN. */
static void check_bh1003(struct bh_check *c, const struct bh_rule *self)
{
	const struct df_model *m = c->df;
	for (size_t i = 0; i < m->ninstrs; i++) {
		const struct df_instr *in = &m->instrs[i];
		if (!in->op || strcmp(in->op->keyword, "run") != 0)
			continue;  /* RUN, also as an ONBUILD trigger */
		for (size_t k = 0; k < in->script.ncmds; k++) {
			const struct sh_cmd *cmd = &in->script.cmds[k];
			/* the wrappers before the command proper
			   (sh_cmd.start: env, nice, xargs, ... and sudo) */
			size_t start;
			sh_cmd_proper(cmd, &start);
			for (size_t a = 0; a < start && a < cmd->argc; a++) {
				if (strcmp(io_base_name(cmd->argv[a].text),
					   "sudo") != 0 ||
				    (a > 0 && sh_is_opt(cmd->argv[a - 1].text)))
					continue;
				char what[160];
				snprintf(what, sizeof(what), "sudo%s%.100s",
					 a + 1 < cmd->argc ? " " : "",
					 a + 1 < cmd->argc
					 ? cmd->argv[a + 1].text : "");
				report_script_word(c, self, i, &cmd->argv[a],
					"RUN uses %s: the build already "
					"runs as root, and sudo in the "
					"image lets its user become root",
					what);
				break;
			}
		}
	}
}

static const struct bh_rule rule_bh1003 = {
	.id = "BH1003",
	.severity = BH_SEV_MEDIUM,
	.practice = "non-root-user",
	.target = BH_TARGET_DOCKERFILE,
	.title = "sudo used in RUN",
	.why = "sudo has unpredictable TTY and signal behaviour in a "
	       "build, and an image shipping sudo gives its runtime "
	       "user a path to root.",
	.fix = "Run privileged steps before switching USER, or switch "
	       "with USER root ... USER app; do not install sudo.",
	.hadolint = "DL3004",
	.trivy = "DS-0010",
	.checkov = "CKV2_DOCKER_1",
	.check = check_bh1003,
};

/* useradd's short options that take a value. */
static const char useradd_argletters[] = "bcdefgGkKpPRsuZ";

/* The value of the -u/--uid option of the useradd at argv[at], or NULL
 * (also inside a bundle: "-mu 10001"). */
static const char *useradd_uid(const struct sh_cmd *cmd, size_t at)
{
	for (size_t a = at + 1; a < cmd->argc; a++) {
		const char *w = cmd->argv[a].text;
		if (strcmp(w, "-u") == 0 || strcmp(w, "--uid") == 0)
			return a + 1 < cmd->argc ? cmd->argv[a + 1].text : NULL;
		if (strncmp(w, "--uid=", 6) == 0)
			return w + 6;
		if (w[0] == '-' && w[1] != '-' && strchr(w, 'u')) {
			/* combined short options: the value follows 'u' */
			const char *u = strchr(w, 'u');
			if (u[1])
				return u + 1;
			return a + 1 < cmd->argc ? cmd->argv[a + 1].text : NULL;
		}
	}
	return NULL;
}

/* BH1004: useradd with a high UID and without -l (--no-log-init). */
static void check_bh1004(struct bh_check *c, const struct bh_rule *self)
{
	const struct df_model *m = c->df;
	for (size_t i = 0; i < m->ninstrs; i++) {
		const struct df_instr *in = &m->instrs[i];
		if (!in->op || strcmp(in->op->keyword, "run") != 0)
			continue;  /* RUN, also as an ONBUILD trigger */
		for (size_t k = 0; k < in->script.ncmds; k++) {
			const struct sh_cmd *cmd = &in->script.cmds[k];
			size_t at;
			if (strcmp(sh_cmd_proper(cmd, &at), "useradd") != 0)
				continue;
			if (sh_has_opt(cmd, at + 1, "-l", useradd_argletters) ||
			    sh_has_opt(cmd, at + 1, "--no-log-init", NULL))
				continue;
			const char *uid = useradd_uid(cmd, at);
			if (!uid || strlen(uid) <= 5 ||
			    !all_digits(uid, strlen(uid)))
				continue;
			report_script_word(c, self, i, &cmd->argv[at],
				"useradd -u %s without -l (--no-log-init): "
				"the sparse lastlog/faillog entry for a high "
				"UID can bloat the layer by gigabytes", uid);
		}
	}
}

static const struct bh_rule rule_bh1004 = {
	.id = "BH1004",
	.severity = BH_SEV_LOW,
	.practice = "numeric-uid",
	.target = BH_TARGET_DOCKERFILE,
	.title = "useradd with a high UID without -l",
	.why = "useradd writes a sparse /var/log/lastlog and faillog "
	       "entry at the UID's offset; with a large UID the layer "
	       "can grow by gigabytes.",
	.fix = "Add -l (--no-log-init) to useradd.",
	.hadolint = "DL3046",
	.check = check_bh1004,
};

const struct bh_rule *const bh_rules_df_user[] = {
	&rule_bh1001,
	&rule_bh1002,
	&rule_bh1003,
	&rule_bh1004,
};
const size_t bh_rules_df_user_count =
	sizeof(bh_rules_df_user) / sizeof(bh_rules_df_user[0]);

