/* SPDX-License-Identifier: Apache-2.0
 *
 * rules_df_user.c - Dockerfile rules about the user a container runs as
 * (BH1001-BH1009).
 *
 * This file owns the rules that judge the final image's USER: running as
 * root (BH1001), a user given by name instead of a UID (BH1002), sudo in
 * RUN and in what the container runs, CMD, ENTRYPOINT and HEALTHCHECK CMD
 * (BH1003) and useradd with a high UID but without -l (BH1004).  Only
 * the final stage's user matters: a builder stage running as root is fine,
 * and a stage built FROM an earlier stage inherits that stage's USER.  The
 * base image's own USER is unknown to bulkhead (no registry access), so a
 * final stage without any USER is reported, except for bases known to run
 * as non-root (distroless ":nonroot", Chainguard non-dev images).
 * It does not parse anything: it reads struct df_model only.
 * Tests: tests/cases/dockerfile/BH100[1-4]-*.case,
 * tests/cases/dockerfile/BH1100-at-start.case (sudo at start).
 */
#include "families.h"
#include "df_rule_util.h"
#include "../util/text.h"
#include "../util/io.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "../core/config.h"
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
			if (nd && dfr_kw(nd, "user") && nd->nargs) {
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

/* ---- fix of BH1001 ---- */

enum distro { DISTRO_UNKNOWN, DISTRO_NONE, DISTRO_ALPINE, DISTRO_USERADD,
	      DISTRO_DISTROLESS };

static bool has_ci(const char *s, const char *w)
{
	return s && strcasestr(s, w) != NULL;
}

/* How the base image creates a user: its own tool, none needed
 * (scratch: a numeric USER needs no passwd entry), distroless (its
 * nonroot user, 65532), or unknown (no fix). */
static enum distro base_distro(const struct img_ref *b)
{
	static const char *const useradd[] = { "debian", "ubuntu", "python",
		"node", "ruby", "golang", "openjdk", "eclipse-temurin", "php",
		"perl", "rust", "buildpack-deps", "centos", "fedora",
		"rockylinux", "almalinux", "oraclelinux", "ubi8", "ubi9",
		"ubi10", "nginx", "httpd", "maven", "gradle", NULL };
	if (!b->valid || b->unresolved || img_ref_is_windows(b))
		return DISTRO_UNKNOWN;
	if (b->is_scratch)
		return DISTRO_NONE;
	const char *repo = b->repository;
	if (has_ci(repo, "distroless"))
		return DISTRO_DISTROLESS;
	if (has_ci(repo, "alpine") || has_ci(b->tag, "alpine"))
		return DISTRO_ALPINE;
	if (has_ci(repo, "minimal") || has_ci(repo, "micro") ||
	    has_ci(b->tag, "minimal") || has_ci(b->tag, "micro"))
		return DISTRO_UNKNOWN;
	const char *last = strrchr(repo, '/');
	last = last ? last + 1 : repo;
	for (size_t i = 0; useradd[i]; i++)
		if (!strcasecmp(last, useradd[i]))
			return DISTRO_USERADD;
	return DISTRO_UNKNOWN;
}

/* Fix: a numeric non-root USER in the final stage, with the user made by
 * the base distro's own tool, after the stage's last RUN (everything
 * that needs root) and before its CMD/ENTRYPOINT.  Left alone: a base
 * it cannot name the tool of, a build that already creates users (the
 * UID is the author's), ONBUILD. */
static void fix_bh1001(struct bh_check *c, const struct bh_rule *self,
		       const struct bh_finding *f)
{
	(void)f;
	const struct df_model *m = c->df;
	const struct df_stage *fin = df_model_final_stage(m);
	if (!fin || !fin->from || fin->export_only) {
		bh_fix_why(c, "the final stage only exports files: no user to "
			   "set there");
		return;
	}
	const struct df_stage *root = root_stage(m, fin);
	const struct img_ref *b = &root->base;
	enum distro dist = base_distro(b);
	if (dist == DISTRO_UNKNOWN) {
		const char *raw = b->raw && *b->raw ? b->raw : "?";
		if (b->unresolved)
			bh_fix_why(c, "the base image comes from a variable "
				   "(%s): which tool makes a user there is not "
				   "known (add a USER by hand)", raw);
		else if (!b->valid)
			bh_fix_why(c, "the base image reference (%s) cannot be "
				   "read: which tool makes a user there is not "
				   "known (add a USER by hand)", raw);
		else if (img_ref_is_windows(b))
			bh_fix_why(c, "a Windows base (%s): no Linux user to "
				   "make (set USER ContainerUser by hand)", raw);
		else
			bh_fix_why(c, "base %s is not one whose tool to make a "
				   "user bulkhead knows (Debian, Ubuntu, RHEL, "
				   "Alpine families, distroless, scratch; a "
				   "minimal or micro image may have none): add "
				   "a USER by hand", raw);
		return;
	}
	const struct df_stage *chain[MAX_CHAIN];
	size_t nch = dfr_stage_chain(m, fin, chain, MAX_CHAIN);
	for (size_t k = 0; k < nch; k++)
		for (size_t i = chain[k]->from_instr; i < chain[k]->end_instr &&
		     i < m->ninstrs; i++) {
			const struct df_node *n = m->instrs[i].node;
			if (n->onbuild) {
				bh_fix_why(c, "line %d is an ONBUILD trigger: "
					   "what runs as whom is left to the "
					   "author (add a USER by hand)",
					   n->line);
				return;
			}
			if (dfr_kw(n, "run") &&
			    (has_ci(n->original, "useradd") ||
			     has_ci(n->original, "adduser") ||
			     has_ci(n->original, "addgroup") ||
			     has_ci(n->original, "groupadd"))) {
				bh_fix_why(c, "the build already makes a user "
					   "(the RUN at line %d): its name "
					   "and UID are the author's (add "
					   "USER with it by hand)", n->line);
				return;
			}
		}
	size_t end = fin->end_instr <= m->ninstrs ? fin->end_instr : m->ninstrs;
	size_t last_run = fin->from_instr;
	for (size_t i = fin->from_instr; i < end; i++)
		if (dfr_kw(m->instrs[i].node, "run"))
			last_run = i;
	size_t at = (size_t)-1;
	for (size_t i = last_run + 1; i < end && at == (size_t)-1; i++) {
		const struct df_node *n = m->instrs[i].node;
		if (!dfr_kw(n, "cmd") && !dfr_kw(n, "entrypoint"))
			continue;
		/* above the comment lines right over it (they are its) */
		int line = n->line;
		int floor = m->instrs[i - 1].node->end_line;
		while (line - 1 > floor) {
			size_t o = bh_fix_offset(c, line - 1, 1);
			while (o != (size_t)-1 && o < c->text_len &&
			       (c->text[o] == ' ' || c->text[o] == '\t'))
				o++;
			if (o == (size_t)-1 || o >= c->text_len || c->text[o] != '#')
				break;
			line--;
		}
		at = bh_fix_offset(c, line, 1);
	}
	const char *eol = bh_fix_eol(c);
	bool lead = false;
	if (at == (size_t)-1) {
		/* after the stage's last instruction (heredocs included) */
		const struct df_node *n = m->instrs[end - 1].node;
		size_t off = bh_fix_offset(c, n->end_line, 1);
		if (off == (size_t)-1) {
			bh_fix_why(c, "the end of the final stage (line %d) "
				   "was not found in the text", n->end_line);
			return;
		}
		at = bh_fix_line_end(c, off);
		if (at < c->text_len && c->text[at] == '\r')
			at++;
		if (at < c->text_len && c->text[at] == '\n')
			at++;
		else
			lead = true;   /* the last line has no line ending */
	}
	const char *from;
	long uid = bh_fix_uid(c, &from);
	char note[160];
	if (dist == DISTRO_DISTROLESS) {
		uid = 65532;
		snprintf(note, sizeof(note), "UID 65532, the nonroot user "
			 "distroless images ship");
	} else {
		snprintf(note, sizeof(note), "UID %ld, %s", uid, from);
	}
	char text[640];
	int w = 0;
	if (dist == DISTRO_ALPINE)
		w = snprintf(text, sizeof(text), "%s# bulkhead fix BH1001: a "
			     "non-root user, %s%sRUN addgroup -g %ld app && "
			     "adduser -D -u %ld -G app app%sUSER %ld:%ld%s",
			     lead ? eol : "", note, eol, uid, uid, eol, uid,
			     uid, eol);
	else if (dist == DISTRO_USERADD)
		w = snprintf(text, sizeof(text), "%s# bulkhead fix BH1001: a "
			     "non-root user, %s%sRUN groupadd -r -g %ld app && "
			     "useradd -r -l -u %ld -g app app%sUSER %ld:%ld%s",
			     lead ? eol : "", note, eol, uid, uid, eol, uid,
			     uid, eol);
	else
		w = snprintf(text, sizeof(text), "%s# bulkhead fix BH1001: a "
			     "non-root user, %s%sUSER %ld:%ld%s",
			     lead ? eol : "", note, eol, uid, uid, eol);
	if (w > 0 && (size_t)w < sizeof(text))
		bh_fix_edit(c, self, at, at, text, note);
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
	.fix_fn = fix_bh1001,
	.fix_risk = "the program can no longer write where root owned the "
		    "files (chown what it writes, or mount a volume), bind "
		    "ports below 1024, or read root-only files; a Compose "
		    "service or pod that sets its own user still wins",
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

/* BH1003: sudo in RUN, and in what the container runs (CMD,
 * ENTRYPOINT, HEALTHCHECK CMD): there the image ships sudo and its
 * command needs it at every start. */
static void check_bh1003(struct bh_check *c, const struct bh_rule *self)
{
	const struct df_model *m = c->df;
	for (size_t i = 0; i < m->ninstrs; i++) {
		const struct df_instr *in = &m->instrs[i];
		const char *rt = dfr_runtime_kw(in);
		if (!rt && (!in->op || !dfr_kw(in->op, "run")))
			continue;  /* RUN, also as an ONBUILD trigger */
		for (size_t k = 0; k < in->script.ncmds; k++) {
			const struct sh_cmd *cmd = &in->script.cmds[k];
			/* the wrappers before the command proper
			   (sh_cmd.start: env, nice, xargs, ... and sudo) */
			size_t start;
			sh_cmd_proper(cmd, &start);
			for (size_t a = 0; a < start && a < cmd->argc; a++) {
				if (!txt_eq(io_base_name(cmd->argv[a].text),
					    "sudo") ||
				    (a > 0 && sh_is_opt(cmd->argv[a - 1].text)))
					continue;
				char what[160];
				snprintf(what, sizeof(what), "sudo%s%.100s",
					 a + 1 < cmd->argc ? " " : "",
					 a + 1 < cmd->argc
					 ? cmd->argv[a + 1].text : "");
				if (rt) {
					char msg[200];
					snprintf(msg, sizeof(msg), "%s uses %%s%s: "
						 "the image ships sudo, which "
						 "lets its user become root", rt,
						 dfr_when(in));
					report_script_word(c, self, i,
							   &cmd->argv[a], msg,
							   what);
					break;
				}
				if (!in->onbuild && in->user &&
				    !img_user_is_root(in->user)) {
					/* a USER before it: the build
					   does not run as root here (the
					   USER's text is an argument, never
					   part of a format: "USER %s") */
					char msg[400];
					snprintf(msg, sizeof(msg),
						 "RUN uses %s as USER %.60s: "
						 "switch with USER root for "
						 "the step instead; sudo in "
						 "the image lets its user "
						 "become root", what, in->user);
					report_script_word(c, self, i,
							   &cmd->argv[a], "%s",
							   msg);
					break;
				}
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
	.title = "sudo used in RUN, CMD, ENTRYPOINT or HEALTHCHECK",
	.why = "sudo has unpredictable TTY and signal behaviour in a "
	       "build, and an image shipping sudo gives its runtime "
	       "user a path to root; a CMD, ENTRYPOINT or HEALTHCHECK "
	       "that runs sudo needs it, and root, at every start.",
	.fix = "Run privileged steps before switching USER, or switch "
	       "with USER root ... USER app; start the program as its "
	       "user (USER, or gosu/setpriv in an entrypoint run as "
	       "root); do not install sudo.",
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
		if (txt_eq(w, "-u") || txt_eq(w, "--uid"))
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
		if (!in->op || !dfr_kw(in->op, "run"))
			continue;  /* RUN, also as an ONBUILD trigger */
		for (size_t k = 0; k < in->script.ncmds; k++) {
			const struct sh_cmd *cmd = &in->script.cmds[k];
			size_t at;
			if (!txt_eq(sh_cmd_proper(cmd, &at), "useradd"))
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

