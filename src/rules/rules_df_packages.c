/* SPDX-License-Identifier: Apache-2.0
 *
 * rules_df_packages.c - Dockerfile rules BH1100-BH1199: package installs
 * and shell hygiene in RUN.
 *
 * This file owns the checks that read RUN scripts (as split by
 * src/model/shell.c) for package managers and download tools: version
 * pins (apt-get, apk, pip, npm, gem, go install, yum/dnf/zypper), `curl |
 * sh`, unpinned `git clone`, apt/apk/pip/yum caches left in the image,
 * missing -y, upgrades, `apt` instead of apt-get, `update` alone, both curl
 * and wget, world-writable chmod, RUN chown -R of COPY'd files, and
 * disabled TLS or package signature checks.  It does not judge secrets
 * (rules_df_secrets.c) or COPY/ADD sources (rules_df_context.c).
 *
 * Invariants: checks read the model only; a command's name is found after
 * wrappers (sudo, env, xargs...); words holding `$` or a command
 * substitution are never judged as package names (their value is
 * unknown); hygiene rules (caches, recommends, curl+wget) look only at the
 * stages that end up in the final image, pin and -y rules at every stage.
 * Tests: tests/cases/dockerfile/BH11xx-*.case.
 */
#include "families.h"
#include "df_rule_util.h"
#include "../util/io.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "../model/df_model.h"
#include "../model/shell.h"
#include "../util/strbuf.h"

/* ------------------------------------------------------------------ */
/* Helpers over the model                                              */
/* ------------------------------------------------------------------ */

static bool starts(const char *s, const char *prefix)
{
	return s && strncmp(s, prefix, strlen(prefix)) == 0;
}

static bool is_run(const struct df_instr *in)
{
	return in->node && dfr_streq(in->node->keyword, "run");
}

/* Whether stage "s" ends up in the final image: the final stage and the
 * stages it is built FROM, transitively. */
static bool stage_in_image(const struct df_model *m, size_t s)
{
	return s < m->nstages && m->stages[s].in_final_image;
}

/* Whether the RUN at "in" has --mount=type=<type> whose target starts with
 * one of the NULL-terminated "prefixes" (NULL prefixes: any target). */
static bool has_mount(const struct df_instr *in, const char *type,
		      const char *const *prefixes)
{
	const struct df_node *n = in->node;
	for (size_t f = 0; f < n->nflags; f++) {
		const struct df_flag *fl = &n->flags[f];
		if (!dfr_streq(fl->name, "mount") || !fl->value)
			continue;
		char tbuf[32] = "bind";
		const char *target = NULL;
		size_t tlen = 0;
		const char *p = fl->value;
		while (*p) {
			const char *e = strchr(p, ',');
			size_t len = e ? (size_t)(e - p) : strlen(p);
			if (len > 5 && strncmp(p, "type=", 5) == 0) {
				size_t k = len - 5 < sizeof(tbuf) - 1 ?
					   len - 5 : sizeof(tbuf) - 1;
				memcpy(tbuf, p + 5, k);
				tbuf[k] = 0;
			} else if (len > 7 && strncmp(p, "target=", 7) == 0) {
				target = p + 7, tlen = len - 7;
			} else if (len > 4 && strncmp(p, "dst=", 4) == 0) {
				target = p + 4, tlen = len - 4;
			} else if (len > 12 &&
				   strncmp(p, "destination=", 12) == 0) {
				target = p + 12, tlen = len - 12;
			}
			p += len;
			if (*p == ',')
				p++;
		}
		if (!dfr_streq(tbuf, type))
			continue;
		if (!prefixes)
			return true;
		for (size_t k = 0; target && prefixes[k]; k++) {
			size_t pl = strlen(prefixes[k]);
			if (tlen >= pl && strncmp(target, prefixes[k], pl) == 0)
				return true;
		}
	}
	return false;
}

/* Name of the command proper ("" when there is none) and, in *k, its
 * index in argv: the shell model has already stepped over wrappers such
 * as sudo, env and xargs (struct sh_cmd, src/model/shell.h). */
static const char *cmd_name(const struct sh_cmd *c, size_t *k)
{
	*k = c->start;
	return c->name;
}

static bool is_opt(const char *w)
{
	return w[0] == '-' && w[1] != 0;
}

/* Whether "w" is an option in "list" (NULL-terminated) written as a
 * separate word, so the next word is its argument. */
static bool takes_arg(const char *w, const char *const *list)
{
	for (size_t i = 0; list && list[i]; i++)
		if (dfr_streq(w, list[i]))
			return true;
	return false;
}

/* Index of the next operand (non-option word) after index "j", skipping
 * option arguments; c->argc when none.  After "--" every word is an
 * operand. */
static size_t next_operand(const struct sh_cmd *c, size_t j,
			   const char *const *argopts, bool *dashdash)
{
	for (j = j + 1; j < c->argc; j++) {
		const char *w = c->argv[j].text;
		if (*dashdash)
			return j;
		if (dfr_streq(w, "--")) {
			*dashdash = true;
			continue;
		}
		if (!is_opt(w))
			return j;
		if (takes_arg(w, argopts))
			j++;
	}
	return c->argc;
}

/* Whether argv[from..] has option "opt": a long one ("--yes", also
 * "--yes=x"), or one short letter ("-y", also inside "-qy"; letters after
 * one of "argletters" belong to that option's argument). */
static long find_opt(const struct sh_cmd *c, size_t from, const char *opt,
		     const char *argletters)
{
	bool long_opt = opt[1] == '-';
	size_t olen = strlen(opt);
	for (size_t j = from; j < c->argc; j++) {
		const char *w = c->argv[j].text;
		if (dfr_streq(w, "--"))
			break;
		if (long_opt) {
			if (strncmp(w, opt, olen) == 0 &&
			    (w[olen] == 0 || w[olen] == '='))
				return (long)j;
		} else if (w[0] == '-' && w[1] != '-' && w[1]) {
			for (const char *p = w + 1; *p; p++) {
				if (*p == opt[1])
					return (long)j;
				if (argletters && strchr(argletters, *p))
					break;
				if (!isalnum((unsigned char)*p))
					break;
			}
		}
	}
	return -1;
}

static bool has_opt(const struct sh_cmd *c, size_t from, const char *opt,
		    const char *argletters)
{
	return find_opt(c, from, opt, argletters) >= 0;
}

/* Whether the command is prefixed with NAME=... */
static bool any_assign(const struct sh_cmd *c, const char *name)
{
	size_t n = strlen(name);
	for (size_t a = 0; a < c->nassigns; a++)
		if (strncmp(c->assigns[a].text, name, n) == 0 &&
		    c->assigns[a].text[n] == '=')
			return true;
	return false;
}

/* Unknown at lint time: variables, substitutions, globs of the shell. */
static bool is_dynamic(const char *w)
{
	return strchr(w, '$') || strchr(w, '`') || strchr(w, '<') == w ||
	       w[0] == 0;
}

static struct bh_span word_span(const struct df_model *m, size_t i,
				const struct sh_word *w)
{
	int line = 0, col = 0;
	df_model_script_locate(m, i, w->offset, &line, &col);
	size_t len = strlen(w->raw);
	const char *nl = strchr(w->raw, '\n');
	if (nl)
		len = (size_t)(nl - w->raw);
	return bh_span_at(line, col, (int)(len > 4096 ? 4096 : len));
}

static void report_word(struct bh_check *c, const struct bh_rule *r,
			size_t i, const struct sh_word *w, const char *fmt,
			...) __attribute__((format(printf, 5, 6)));

static void report_word(struct bh_check *c, const struct bh_rule *r,
			size_t i, const struct sh_word *w, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	bh_report(c, r, word_span(c->df, i, w), "%s", msg);
}

/* Appends "name" to a short comma list, counting what does not fit. */
struct namelist {
	char buf[256];
	size_t n;
	size_t more;
	const struct sh_word *first;
};

static void namelist_add(struct namelist *l, const struct sh_word *w)
{
	if (!l->first)
		l->first = w;
	size_t used = strlen(l->buf), len = strlen(w->text);
	if (l->n < 5 && used + len + 3 < sizeof(l->buf)) {
		if (l->n)
			strcat(l->buf, ", ");
		strncat(l->buf, w->text, sizeof(l->buf) - strlen(l->buf) - 1);
		l->n++;
	} else {
		l->more++;
	}
}

static const char *namelist_more(const struct namelist *l, char *buf,
				 size_t size)
{
	if (l->more)
		snprintf(buf, size, " (+%zu more)", l->more);
	else
		buf[0] = 0;
	return buf;
}

/* Calls "fn" for each command of each RUN (not ONBUILD). */
typedef void (*cmd_fn)(struct bh_check *c, const struct bh_rule *r,
		       size_t i, const struct sh_cmd *cmd, size_t k,
		       const char *name);

static void each_cmd(struct bh_check *c, const struct bh_rule *r,
		     bool image_only, cmd_fn fn)
{
	const struct df_model *m = c->df;
	for (size_t i = 0; i < m->ninstrs; i++) {
		const struct df_instr *in = &m->instrs[i];
		if (!is_run(in))
			continue;
		if (image_only && !stage_in_image(m, in->stage))
			continue;
		for (size_t j = 0; j < in->script.ncmds; j++) {
			const struct sh_cmd *cmd = &in->script.cmds[j];
			size_t k;
			const char *name = cmd_name(cmd, &k);
			if (*name)
				fn(c, r, i, cmd, k, name);
		}
	}
}

/* Whether the RUN at "i" has a command named "name" whose first operand
 * (after options) is one of "subs" (NULL-terminated; NULL: any). */
static bool run_has(const struct df_model *m, size_t i, const char *name,
		   const char *const *subs, const char *const *argopts)
{
	const struct df_instr *in = &m->instrs[i];
	for (size_t j = 0; j < in->script.ncmds; j++) {
		const struct sh_cmd *cmd = &in->script.cmds[j];
		size_t k;
		if (!dfr_streq(cmd_name(cmd, &k), name))
			continue;
		if (!subs)
			return true;
		bool dd = false;
		size_t s = next_operand(cmd, k, argopts, &dd);
		if (s >= cmd->argc)
			continue;
		for (size_t q = 0; subs[q]; q++)
			if (dfr_streq(cmd->argv[s].text, subs[q]))
				return true;
	}
	return false;
}

/* Whether the RUN at "i" removes a path starting with one of "prefixes"
 * (rm, or find ... -delete). */
static bool run_removes(const struct df_model *m, size_t i,
			const char *const *prefixes)
{
	const struct df_instr *in = &m->instrs[i];
	for (size_t j = 0; j < in->script.ncmds; j++) {
		const struct sh_cmd *cmd = &in->script.cmds[j];
		size_t k;
		const char *name = cmd_name(cmd, &k);
		if (!dfr_streq(name, "rm") && !dfr_streq(name, "find"))
			continue;
		for (size_t a = k + 1; a < cmd->argc; a++)
			for (size_t p = 0; prefixes[p]; p++)
				if (starts(cmd->argv[a].text, prefixes[p]))
					return true;
	}
	return false;
}

/* ------------------------------------------------------------------ */
/* Package managers: argument shapes                                   */
/* ------------------------------------------------------------------ */

static const char *const apt_argopts[] = {
	"-o", "-c", "-t", "--option", "--config-file", "--target-release",
	"--default-release", NULL };
static const char *const apk_argopts[] = {
	"-X", "--repository", "-p", "--root", "--keys-dir", "--arch",
	"--repositories-file", "--cache-dir", "-t", "--virtual", NULL };
static const char *const pip_argopts[] = {
	"--abi", "-b", "--build", "-e", "--editable", "--extra-index-url",
	"-f", "--find-links", "-i", "--index-url", "--implementation",
	"--no-binary", "--only-binary", "--platform", "--prefix",
	"--progress-bar", "--proxy", "--python-version", "--root", "--src",
	"-t", "--target", "--trusted-host", "--upgrade-strategy", "-r",
	"--requirement", "-c", "--constraint", "--cache-dir", "--log",
	"--timeout", "--retries", "--cert", "--client-cert",
	"--exists-action", "--global-option", "--install-option",
	"--config-settings", "-C", "--python", "--report", NULL };
static const char *const npm_argopts[] = {
	"--prefix", "--registry", "--cache", "-w", "--workspace", "--tag",
	"--loglevel", "--userconfig", "--omit", "--include",
	"--install-strategy", "--location", NULL };
static const char *const gem_argopts[] = {
	"-v", "--version", "-i", "--install-dir", "-n", "--bindir", "-s",
	"--source", "--platform", "-P", "--trust-policy", "--build-root",
	"-g", "--file", "--config-file", NULL };
static const char *const go_argopts[] = {
	"-ldflags", "-gcflags", "-tags", "-o", "-mod", "-modfile", "-p",
	"-pkgdir", "-asmflags", "-buildmode", "-compiler", "-overlay", "-pgo",
	"-toolexec", "-C", "-gccgoflags", "-installsuffix", NULL };
static const char *const rpm_argopts[] = {
	"-c", "--config", "--installroot", "--releasever", "-x", "--exclude",
	"--repo", "--repoid", "--repofrompath", "-d", "--debuglevel", "-e",
	"--errorlevel", "--enablerepo", "--disablerepo", "--setopt",
	"--forcearch", "--color", "--rpmverbosity", "--enableplugin",
	"--disableplugin", "--downloaddir", "--destdir", NULL };
static const char *const zypper_argopts[] = {
	"-r", "--repo", "--root", "-R", "-D", "--reposd-dir", "-C",
	"--cache-dir", "--installroot", "-t", "--type", "--from", "-c",
	"--config", NULL };

static bool is_apt(const char *name)
{
	return dfr_streq(name, "apt-get") || dfr_streq(name, "apt");
}

static bool is_yum(const char *name)
{
	return dfr_streq(name, "yum") || dfr_streq(name, "dnf") ||
	       dfr_streq(name, "microdnf") || dfr_streq(name, "tdnf") ||
	       dfr_streq(name, "dnf5");
}

static bool is_pip(const struct sh_cmd *c, size_t k, size_t *sub)
{
	const char *name = io_base_name(c->argv[k].text);
	if (strncmp(name, "pip", 3) == 0) {
		const char *p = name + 3;
		while (*p && (isdigit((unsigned char)*p) || *p == '.'))
			p++;
		if (*p)
			return false;
		*sub = k;
		return true;
	}
	if (strncmp(name, "python", 6) == 0) {
		const char *p = name + 6;
		while (*p && (isdigit((unsigned char)*p) || *p == '.'))
			p++;
		if (*p)
			return false;
		for (size_t j = k + 1; j + 1 < c->argc; j++) {
			const char *w = c->argv[j].text;
			if (dfr_streq(w, "-m")) {
				if (!dfr_streq(c->argv[j + 1].text, "pip"))
					return false;
				*sub = j + 1;
				return true;
			}
			if (!is_opt(w))
				return false;
		}
	}
	return false;
}

/* The subcommand index after the command at k (c->argc when none). */
static size_t subcommand(const struct sh_cmd *c, size_t k,
			 const char *const *argopts)
{
	bool dd = false;
	return next_operand(c, k, argopts, &dd);
}

static bool sub_is(const struct sh_cmd *c, size_t s, const char *const *subs)
{
	if (s >= c->argc)
		return false;
	for (size_t i = 0; subs[i]; i++)
		if (dfr_streq(c->argv[s].text, subs[i]))
			return true;
	return false;
}

/* ------------------------------------------------------------------ */
/* BH1100 apt-get install unpinned                                     */
/* ------------------------------------------------------------------ */

static void bh1100_cmd(struct bh_check *c, const struct bh_rule *r, size_t i,
		       const struct sh_cmd *cmd, size_t k, const char *name)
{
	static const char *const subs[] = { "install", NULL };
	if (!is_apt(name))
		return;
	size_t s = subcommand(cmd, k, apt_argopts);
	if (!sub_is(cmd, s, subs))
		return;
	struct namelist l = { .n = 0 };
	bool dd = false;
	for (size_t j = next_operand(cmd, s, apt_argopts, &dd); j < cmd->argc;
	     j = next_operand(cmd, j, apt_argopts, &dd)) {
		const char *w = cmd->argv[j].text;
		if (is_dynamic(w) || strchr(w, '=') || strchr(w, '/') ||
		    dfr_ends(w, ".deb"))
			continue;
		namelist_add(&l, &cmd->argv[j]);
	}
	if (!l.first)
		return;
	char more[32];
	report_word(c, r, i, l.first, "%s install of %s%s without a version pin",
		    name, l.buf, namelist_more(&l, more, sizeof(more)));
}

static void check_bh1100(struct bh_check *c, const struct bh_rule *self)
{
	each_cmd(c, self, false, bh1100_cmd);
}

/* ------------------------------------------------------------------ */
/* BH1101 apk add unpinned                                             */
/* ------------------------------------------------------------------ */

static void bh1101_cmd(struct bh_check *c, const struct bh_rule *r, size_t i,
		       const struct sh_cmd *cmd, size_t k, const char *name)
{
	static const char *const subs[] = { "add", NULL };
	if (!dfr_streq(name, "apk"))
		return;
	size_t s = subcommand(cmd, k, apk_argopts);
	if (!sub_is(cmd, s, subs))
		return;
	struct namelist l = { .n = 0 };
	bool dd = false;
	for (size_t j = next_operand(cmd, s, apk_argopts, &dd); j < cmd->argc;
	     j = next_operand(cmd, j, apk_argopts, &dd)) {
		const char *w = cmd->argv[j].text;
		if (is_dynamic(w) || strpbrk(w, "=<>~/") || dfr_ends(w, ".apk"))
			continue;
		namelist_add(&l, &cmd->argv[j]);
	}
	if (!l.first)
		return;
	char more[32];
	report_word(c, r, i, l.first,
		    "apk add of %s%s without a version pin (pkg=version)", l.buf,
		    namelist_more(&l, more, sizeof(more)));
}

static void check_bh1101(struct bh_check *c, const struct bh_rule *self)
{
	each_cmd(c, self, false, bh1101_cmd);
}

/* ------------------------------------------------------------------ */
/* BH1102 pip install unpinned                                         */
/* ------------------------------------------------------------------ */

static bool pip_vcs(const char *w)
{
	static const char *const vcs[] = { "git+", "hg+", "svn+", "bzr+",
					   "git:", "svn:", NULL };
	for (size_t i = 0; vcs[i]; i++)
		if (starts(w, vcs[i]))
			return true;
	return false;
}

static bool pip_pinned(const char *w)
{
	static const char *const sym[] = { "==", ">=", "<=", "!=", "~=", ">",
					   "<", NULL };
	for (size_t i = 0; sym[i]; i++)
		if (strstr(w, sym[i]))
			return true;
	if (pip_vcs(w))
		return strchr(strchr(w, '/') ? strrchr(w, '/') : w, '@') != NULL;
	if (strstr(w, " @ ") || strstr(w, "@ "))
		return true;
	/* local paths, archives, wheels, URLs */
	return strchr(w, '/') || w[0] == '.' || dfr_ends(w, ".whl") ||
	       dfr_ends(w, ".tar.gz") || dfr_ends(w, ".zip") || dfr_ends(w, ".tgz");
}

static void bh1102_cmd(struct bh_check *c, const struct bh_rule *r, size_t i,
		       const struct sh_cmd *cmd, size_t k, const char *name)
{
	static const char *const subs[] = { "install", NULL };
	(void)name;
	size_t p;
	if (!is_pip(cmd, k, &p))
		return;
	size_t s = subcommand(cmd, p, pip_argopts);
	if (!sub_is(cmd, s, subs))
		return;
	if (has_opt(cmd, s, "-r", NULL) || has_opt(cmd, s, "--requirement", NULL) ||
	    has_opt(cmd, s, "-c", NULL) || has_opt(cmd, s, "--constraint", NULL))
		return;
	bool upgrade = has_opt(cmd, s, "-U", NULL) ||
		       has_opt(cmd, s, "--upgrade", NULL);
	struct namelist l = { .n = 0 };
	bool dd = false;
	for (size_t j = next_operand(cmd, s, pip_argopts, &dd); j < cmd->argc;
	     j = next_operand(cmd, j, pip_argopts, &dd)) {
		const char *w = cmd->argv[j].text;
		if (dfr_streq(w, "."))
			return; /* the local project: its own pins apply */
		if (is_dynamic(w) || pip_pinned(w))
			continue;
		if (upgrade && (dfr_streq(w, "pip") || dfr_streq(w, "setuptools") ||
				dfr_streq(w, "wheel")))
			continue; /* `pip install -U pip` refreshes the tool */
		namelist_add(&l, &cmd->argv[j]);
	}
	if (!l.first)
		return;
	char more[32];
	report_word(c, r, i, l.first,
		    "pip install of %s%s without a version pin (pkg==version)",
		    l.buf, namelist_more(&l, more, sizeof(more)));
}

static void check_bh1102(struct bh_check *c, const struct bh_rule *self)
{
	each_cmd(c, self, false, bh1102_cmd);
}

/* ------------------------------------------------------------------ */
/* BH1103 npm install unpinned / instead of npm ci                     */
/* ------------------------------------------------------------------ */

static bool npm_pinned(const char *w)
{
	if (w[0] == '.' || w[0] == '/' || w[0] == '~' || starts(w, "file:") ||
	    starts(w, "git") || starts(w, "http") || starts(w, "github:") ||
	    dfr_ends(w, ".tgz") || dfr_ends(w, ".tar.gz"))
		return true;
	const char *at = strchr(w + (w[0] == '@'), '@');
	if (!at) {
		/* user/repo shorthand: pinned by a #ref only */
		return w[0] != '@' && strchr(w, '/') && strchr(w, '#');
	}
	const char *v = at + 1;
	return *v && !dfr_streq(v, "latest") && !dfr_streq(v, "next") &&
	       !dfr_streq(v, "*") && !dfr_streq(v, "x");
}

static void bh1103_cmd(struct bh_check *c, const struct bh_rule *r, size_t i,
		       const struct sh_cmd *cmd, size_t k, const char *name)
{
	static const char *const subs[] = { "install", "i", "add", "isntall",
					    "in", "ins", "inst", "insta",
					    "instal", "isnt", "isnta",
					    "isntal", NULL };
	if (!dfr_streq(name, "npm"))
		return;
	size_t s = subcommand(cmd, k, npm_argopts);
	if (!sub_is(cmd, s, subs))
		return;
	struct namelist l = { .n = 0 };
	size_t nops = 0;
	bool dd = false;
	for (size_t j = next_operand(cmd, s, npm_argopts, &dd); j < cmd->argc;
	     j = next_operand(cmd, j, npm_argopts, &dd)) {
		const char *w = cmd->argv[j].text;
		nops++;
		if (is_dynamic(w) || npm_pinned(w))
			continue;
		namelist_add(&l, &cmd->argv[j]);
	}
	if (!nops) {
		if (has_opt(cmd, s, "-g", NULL) ||
		    has_opt(cmd, s, "--global", NULL))
			return;
		report_word(c, r, i, &cmd->argv[s],
			    "npm %s without packages resolves versions anew and "
			    "may rewrite the lockfile; use npm ci",
			    cmd->argv[s].text);
		return;
	}
	if (!l.first)
		return;
	char more[32];
	report_word(c, r, i, l.first,
		    "npm install of %s%s without a version pin (pkg@version)",
		    l.buf, namelist_more(&l, more, sizeof(more)));
}

static void check_bh1103(struct bh_check *c, const struct bh_rule *self)
{
	each_cmd(c, self, false, bh1103_cmd);
}

/* ------------------------------------------------------------------ */
/* BH1104 gem install unpinned                                         */
/* ------------------------------------------------------------------ */

static void bh1104_cmd(struct bh_check *c, const struct bh_rule *r, size_t i,
		       const struct sh_cmd *cmd, size_t k, const char *name)
{
	static const char *const subs[] = { "install", "i", NULL };
	if (!dfr_streq(name, "gem"))
		return;
	size_t s = subcommand(cmd, k, gem_argopts);
	if (!sub_is(cmd, s, subs))
		return;
	if (has_opt(cmd, s, "-v", NULL) || has_opt(cmd, s, "--version", NULL))
		return;
	struct namelist l = { .n = 0 };
	bool dd = false;
	for (size_t j = next_operand(cmd, s, gem_argopts, &dd);
	     j < cmd->argc && !dd; j = next_operand(cmd, j, gem_argopts, &dd)) {
		const char *w = cmd->argv[j].text;
		if (is_dynamic(w) || strchr(w, ':') || strchr(w, '/') ||
		    dfr_ends(w, ".gem"))
			continue;
		namelist_add(&l, &cmd->argv[j]);
	}
	if (!l.first)
		return;
	char more[32];
	report_word(c, r, i, l.first,
		    "gem install of %s%s without a version pin (gem:version or -v)",
		    l.buf, namelist_more(&l, more, sizeof(more)));
}

static void check_bh1104(struct bh_check *c, const struct bh_rule *self)
{
	each_cmd(c, self, false, bh1104_cmd);
}

/* ------------------------------------------------------------------ */
/* BH1105 go install without @version                                  */
/* ------------------------------------------------------------------ */

/* Whether a go.mod governs RUN "i": bind-mounted into it, or COPY'd
 * (alone or with the whole context) earlier in its stage.  Inside a module,
 * `go install pkg` builds the version go.mod pins. */
static bool has_go_mod(const struct df_model *m, size_t i)
{
	const struct df_instr *in = &m->instrs[i];
	for (size_t f = 0; f < in->node->nflags; f++)
		if (in->node->flags[f].value &&
		    strstr(in->node->flags[f].value, "go.mod"))
			return true;
	for (size_t q = i; q-- > 0;) {
		const struct df_instr *ci = &m->instrs[q];
		if (ci->stage != in->stage)
			break;
		const struct df_node *n = ci->node;
		if (!n || (!dfr_streq(n->keyword, "copy") && !dfr_streq(n->keyword, "add")))
			continue;
		for (size_t a = 0; a + 1 < n->nargs; a++) {
			const char *t = n->args[a].text;
			if (strstr(t, "go.mod") || dfr_streq(t, ".") || dfr_streq(t, "./"))
				return true;
		}
	}
	return false;
}

static void bh1105_cmd(struct bh_check *c, const struct bh_rule *r, size_t i,
		       const struct sh_cmd *cmd, size_t k, const char *name)
{
	static const char *const subs[] = { "install", NULL };
	if (!dfr_streq(name, "go"))
		return;
	size_t s = subcommand(cmd, k, go_argopts);
	if (!sub_is(cmd, s, subs))
		return;
	bool dd = false;
	for (size_t j = next_operand(cmd, s, go_argopts, &dd); j < cmd->argc;
	     j = next_operand(cmd, j, go_argopts, &dd)) {
		const char *w = cmd->argv[j].text;
		if (is_dynamic(w))
			continue;
		const char *at = strrchr(w, '@');
		if (at) {
			const char *v = at + 1;
			if (dfr_streq(v, "latest") || dfr_streq(v, "master") ||
			    dfr_streq(v, "main") || dfr_streq(v, "HEAD"))
				report_word(c, r, i, &cmd->argv[j],
					    "go install of %.*s@%s follows a moving "
					    "ref, not a version",
					    (int)(at - w), w, v);
			continue;
		}
		/* local packages (./..., cmd/x) build from the module's go.mod */
		const char *slash = strchr(w, '/');
		size_t first = slash ? (size_t)(slash - w) : strlen(w);
		if (w[0] == '.' || w[0] == '/' || !memchr(w, '.', first) ||
		    has_go_mod(c->df, i))
			continue;
		report_word(c, r, i, &cmd->argv[j],
			    "go install of %s without @version", w);
	}
}

static void check_bh1105(struct bh_check *c, const struct bh_rule *self)
{
	each_cmd(c, self, false, bh1105_cmd);
}

/* ------------------------------------------------------------------ */
/* BH1106 yum/dnf/microdnf/zypper install unpinned                     */
/* ------------------------------------------------------------------ */

static bool rpm_pinned(const char *w, bool zypper)
{
	if (strpbrk(w, "/(:") || w[0] == '@' || dfr_ends(w, ".rpm") ||
	    strchr(w, '*'))
		return true; /* paths, URLs, provides, module streams, groups */
	if (zypper && strpbrk(w, "=<>"))
		return true;
	for (const char *p = strchr(w, '-'); p; p = strchr(p + 1, '-'))
		if (isdigit((unsigned char)p[1]))
			return true; /* name-version[-release] */
	return false;
}

static void bh1106_cmd(struct bh_check *c, const struct bh_rule *r, size_t i,
		       const struct sh_cmd *cmd, size_t k, const char *name)
{
	static const char *const yum_subs[] = { "install", NULL };
	static const char *const zyp_subs[] = { "install", "in", NULL };
	bool zypper = dfr_streq(name, "zypper");
	if (!zypper && !is_yum(name))
		return;
	const char *const *argopts = zypper ? zypper_argopts : rpm_argopts;
	size_t s = subcommand(cmd, k, argopts);
	if (!sub_is(cmd, s, zypper ? zyp_subs : yum_subs))
		return;
	struct namelist l = { .n = 0 };
	bool dd = false;
	for (size_t j = next_operand(cmd, s, argopts, &dd); j < cmd->argc;
	     j = next_operand(cmd, j, argopts, &dd)) {
		const char *w = cmd->argv[j].text;
		if (is_dynamic(w) || rpm_pinned(w, zypper))
			continue;
		namelist_add(&l, &cmd->argv[j]);
	}
	if (!l.first)
		return;
	char more[32];
	report_word(c, r, i, l.first,
		    "%s install of %s%s without a version pin (%s)", name, l.buf,
		    namelist_more(&l, more, sizeof(more)),
		    zypper ? "pkg=version" : "pkg-version");
}

static void check_bh1106(struct bh_check *c, const struct bh_rule *self)
{
	each_cmd(c, self, false, bh1106_cmd);
}

/* ------------------------------------------------------------------ */
/* BH1107 download piped into a shell                                  */
/* ------------------------------------------------------------------ */

static bool is_shell_or_interp(const char *name)
{
	static const char *const sh[] = { "sh", "bash", "dash", "zsh", "ash",
					  "ksh", "mksh", "python", "python2",
					  "python3", "perl", "ruby", "node",
					  "php", "pwsh", NULL };
	for (size_t i = 0; sh[i]; i++)
		if (dfr_streq(name, sh[i]))
			return true;
	return false;
}

static bool is_fetcher(const char *name)
{
	return dfr_streq(name, "curl") || dfr_streq(name, "wget");
}

/* The fetcher a shell word runs through $( ), backquotes or <( ). */
static const char *fetch_in_word(const char *raw)
{
	static const char *const forms[] = { "$(curl", "$(wget", "`curl",
					     "`wget", "<(curl", "<(wget",
					     "$( curl", "$( wget", "<( curl",
					     "<( wget", NULL };
	for (size_t i = 0; forms[i]; i++)
		if (strstr(raw, forms[i]))
			return strstr(forms[i], "curl") ? "curl" : "wget";
	return NULL;
}

static void check_bh1107(struct bh_check *c, const struct bh_rule *self)
{
	const struct df_model *m = c->df;
	for (size_t i = 0; i < m->ninstrs; i++) {
		const struct df_instr *in = &m->instrs[i];
		if (!is_run(in))
			continue;
		for (size_t j = 0; j < in->script.ncmds; j++) {
			const struct sh_cmd *cmd = &in->script.cmds[j];
			size_t k;
			const char *name = cmd_name(cmd, &k);
			if (is_fetcher(name) && cmd->op_after == SH_OP_PIPE &&
			    j + 1 < in->script.ncmds) {
				const struct sh_cmd *nx = &in->script.cmds[j + 1];
				size_t k2;
				const char *sh = cmd_name(nx, &k2);
				if (is_shell_or_interp(sh))
					report_word(c, self, i, &cmd->argv[k],
						    "%s output piped into %s runs "
						    "a downloaded script unverified",
						    name, sh);
				continue;
			}
			if (!is_shell_or_interp(name) && !dfr_streq(name, "eval") &&
			    !dfr_streq(name, "source") && !dfr_streq(name, "."))
				continue;
			if (cmd->in_substitution)
				continue;
			for (size_t a = k + 1; a < cmd->argc; a++) {
				const char *f = fetch_in_word(cmd->argv[a].raw);
				if (!f)
					continue;
				report_word(c, self, i, &cmd->argv[a],
					    "%s runs a script fetched by %s "
					    "unverified", name, f);
				break;
			}
		}
	}
}

/* ------------------------------------------------------------------ */
/* BH1108 git clone without a ref                                      */
/* ------------------------------------------------------------------ */

static const char *const git_argopts[] = { "-C", "-c", "--git-dir",
					   "--work-tree", "--namespace",
					   NULL };
static const char *const clone_argopts[] = {
	"-b", "--branch", "--depth", "-o", "--origin", "-u",
	"--upload-pack", "--reference", "--separate-git-dir", "-c",
	"--config", "--filter", "-j", "--jobs", "--template",
	"--shallow-since", "--shallow-exclude", "--revision", NULL };

static void check_bh1108(struct bh_check *c, const struct bh_rule *self)
{
	static const char *const clone[] = { "clone", NULL };
	static const char *const pin[] = { "checkout", "reset", "switch",
					   NULL };
	const struct df_model *m = c->df;
	/* pinned_from[i]: a checkout in RUN i or a later RUN of its stage pins
	 * what RUN i clones.  One backward pass keeps this linear. */
	bool *pinned_from = arena_array(c->arena, m->ninstrs + 1, sizeof(bool));
	bool *stage_pins = arena_array(c->arena, m->nstages + 1, sizeof(bool));
	if (!pinned_from || !stage_pins)
		return;
	for (size_t q = m->ninstrs; q-- > 0;) {
		size_t st = m->instrs[q].stage;
		size_t si = st < m->nstages ? st : m->nstages;
		if (is_run(&m->instrs[q]) && run_has(m, q, "git", pin, git_argopts))
			stage_pins[si] = true;
		pinned_from[q] = stage_pins[si];
	}
	for (size_t i = 0; i < m->ninstrs; i++) {
		const struct df_instr *in = &m->instrs[i];
		if (!is_run(in) || pinned_from[i])
			continue;
		for (size_t j = 0; j < in->script.ncmds; j++) {
			const struct sh_cmd *cmd = &in->script.cmds[j];
			size_t k;
			if (!dfr_streq(cmd_name(cmd, &k), "git"))
				continue;
			size_t s = subcommand(cmd, k, git_argopts);
			if (!sub_is(cmd, s, clone))
				continue;
			if (has_opt(cmd, s, "-b", NULL) ||
			    has_opt(cmd, s, "--branch", NULL) ||
			    has_opt(cmd, s, "--revision", NULL))
				continue;
			bool dd = false;
			size_t u = next_operand(cmd, s, clone_argopts, &dd);
			if (u >= cmd->argc || is_dynamic(cmd->argv[u].text))
				continue;
			report_word(c, self, i, &cmd->argv[s],
				    "git clone of %s without a tag or commit "
				    "(--branch <tag> or git checkout <commit>)",
				    cmd->argv[u].text);
		}
	}
}

/* ------------------------------------------------------------------ */
/* BH1110 apt-get install without --no-install-recommends              */
/* ------------------------------------------------------------------ */

/* Index of the first instruction that configures APT::Install-Recommends
 * (an apt.conf written by RUN or COPY <<EOF), or ninstrs. */
static size_t recommends_configured(const struct df_model *m)
{
	for (size_t i = 0; i < m->ninstrs; i++) {
		const struct df_node *n = m->instrs[i].node;
		if (n && n->original && strstr(n->original, "Install-Recommends"))
			return i;
		for (size_t h = 0; n && h < n->nheredocs; h++)
			if (n->heredocs[h].content &&
			    strstr(n->heredocs[h].content, "Install-Recommends"))
				return i;
	}
	return m->ninstrs;
}

static void check_bh1110(struct bh_check *c, const struct bh_rule *self)
{
	static const char *const subs[] = { "install", NULL };
	const struct df_model *m = c->df;
	size_t conf = recommends_configured(m);
	for (size_t i = 0; i < m->ninstrs && i < conf; i++) {
		const struct df_instr *in = &m->instrs[i];
		if (!is_run(in) || !stage_in_image(m, in->stage))
			continue;
		for (size_t j = 0; j < in->script.ncmds; j++) {
			const struct sh_cmd *cmd = &in->script.cmds[j];
			size_t k;
			const char *name = cmd_name(cmd, &k);
			if (!is_apt(name))
				continue;
			size_t s = subcommand(cmd, k, apt_argopts);
			if (!sub_is(cmd, s, subs) ||
			    has_opt(cmd, k, "--no-install-recommends", NULL))
				continue;
			bool conf_opt = false;
			for (size_t a = k + 1; a < cmd->argc; a++)
				if (strstr(cmd->argv[a].text, "Install-Recommends"))
					conf_opt = true;
			if (conf_opt)
				continue;
			report_word(c, self, i, &cmd->argv[s],
				    "%s install without --no-install-recommends "
				    "pulls in recommended packages", name);
		}
	}
}

/* ------------------------------------------------------------------ */
/* BH1111 apt lists left in the image                                  */
/* ------------------------------------------------------------------ */

static void check_bh1111(struct bh_check *c, const struct bh_rule *self)
{
	static const char *const update[] = { "update", NULL };
	static const char *const lists[] = { "/var/lib/apt/lists", NULL };
	static const char *const cache[] = { "/var/lib/apt", "/var/cache/apt",
					     NULL };
	static const char *const distclean[] = { "distclean", "dist-clean",
						  NULL };
	const struct df_model *m = c->df;
	for (size_t i = 0; i < m->ninstrs; i++) {
		const struct df_instr *in = &m->instrs[i];
		if (!is_run(in) || !stage_in_image(m, in->stage))
			continue;
		if (run_removes(m, i, lists) || has_mount(in, "cache", cache) ||
		    run_has(m, i, "apt-get", distclean, apt_argopts) ||
		    run_has(m, i, "apt", distclean, apt_argopts))
			continue;
		for (size_t j = 0; j < in->script.ncmds; j++) {
			const struct sh_cmd *cmd = &in->script.cmds[j];
			size_t k;
			const char *name = cmd_name(cmd, &k);
			if (!is_apt(name))
				continue;
			size_t s = subcommand(cmd, k, apt_argopts);
			if (!sub_is(cmd, s, update))
				continue;
			report_word(c, self, i, &cmd->argv[s],
				    "%s update without rm -rf /var/lib/apt/lists/* "
				    "in the same RUN leaves the package lists in "
				    "the image", name);
			break;
		}
	}
}

/* ------------------------------------------------------------------ */
/* BH1112 apt-get without -y                                           */
/* ------------------------------------------------------------------ */

static bool apt_assumes_yes(const struct sh_cmd *cmd, size_t k)
{
	/* simulations never prompt */
	if (has_opt(cmd, k, "-s", "oct") || has_opt(cmd, k, "--simulate", NULL) ||
	    has_opt(cmd, k, "--dry-run", NULL) ||
	    has_opt(cmd, k, "--just-print", NULL) ||
	    has_opt(cmd, k, "--no-act", NULL) ||
	    has_opt(cmd, k, "--recon", NULL))
		return true;
	if (has_opt(cmd, k, "-y", "oct") || has_opt(cmd, k, "--yes", NULL) ||
	    has_opt(cmd, k, "--assume-yes", NULL) ||
	    has_opt(cmd, k, "--force-yes", NULL))
		return true;
	for (size_t j = k + 1; j < cmd->argc; j++) {
		const char *w = cmd->argv[j].text;
		if (dfr_streq(w, "-qq") || dfr_streq(w, "-q=2") || dfr_streq(w, "--quiet=2") ||
		    strstr(w, "Assume-Yes=true") || strstr(w, "Assume-Yes=1"))
			return true;
		if (w[0] == '-' && w[1] != '-') {
			const char *q = strchr(w, 'q');
			if (q && strchr(q + 1, 'q'))
				return true;
		}
	}
	return false;
}

static void check_bh1112(struct bh_check *c, const struct bh_rule *self)
{
	static const char *const subs[] = { "install", "upgrade", "dist-upgrade",
					    "full-upgrade", "remove", "purge",
					    "autoremove", "build-dep", NULL };
	const struct df_model *m = c->df;
	for (size_t i = 0; i < m->ninstrs; i++) {
		const struct df_instr *in = &m->instrs[i];
		if (!is_run(in))
			continue;
		for (size_t j = 0; j < in->script.ncmds; j++) {
			const struct sh_cmd *cmd = &in->script.cmds[j];
			size_t k;
			const char *name = cmd_name(cmd, &k);
			if (!is_apt(name))
				continue;
			size_t s = subcommand(cmd, k, apt_argopts);
			if (!sub_is(cmd, s, subs) || apt_assumes_yes(cmd, k))
				continue;
			const struct sh_cmd *prev =
				j > 0 ? &in->script.cmds[j - 1] : NULL;
			if (prev && prev->op_after == SH_OP_PIPE) {
				size_t k0;
				if (dfr_streq(cmd_name(prev, &k0), "yes"))
					continue;
			}
			report_word(c, self, i, &cmd->argv[s],
				    "%s %s without -y waits for an answer", name,
				    cmd->argv[s].text);
		}
	}
}

/* ------------------------------------------------------------------ */
/* BH1113 apt-get upgrade / dist-upgrade                               */
/* ------------------------------------------------------------------ */

static void bh1113_cmd(struct bh_check *c, const struct bh_rule *r, size_t i,
		       const struct sh_cmd *cmd, size_t k, const char *name)
{
	static const char *const apt_subs[] = { "upgrade", "dist-upgrade",
						"full-upgrade", NULL };
	static const char *const zyp_subs[] = { "dist-upgrade", "dup", NULL };
	size_t s;
	if (is_apt(name)) {
		s = subcommand(cmd, k, apt_argopts);
		if (!sub_is(cmd, s, apt_subs))
			return;
	} else if (dfr_streq(name, "zypper")) {
		s = subcommand(cmd, k, zypper_argopts);
		if (!sub_is(cmd, s, zyp_subs))
			return;
	} else {
		return;
	}
	report_word(c, r, i, &cmd->argv[s],
		    "%s %s upgrades the base image's packages in an unpinned "
		    "layer", name, cmd->argv[s].text);
}

static void check_bh1113(struct bh_check *c, const struct bh_rule *self)
{
	each_cmd(c, self, false, bh1113_cmd);
}

/* ------------------------------------------------------------------ */
/* BH1114 apt instead of apt-get                                       */
/* ------------------------------------------------------------------ */

static void bh1114_cmd(struct bh_check *c, const struct bh_rule *r, size_t i,
		       const struct sh_cmd *cmd, size_t k, const char *name)
{
	if (!dfr_streq(name, "apt"))
		return;
	report_word(c, r, i, &cmd->argv[k],
		    "apt is meant for terminals and its CLI is not stable; use "
		    "apt-get or apt-cache");
}

static void check_bh1114(struct bh_check *c, const struct bh_rule *self)
{
	each_cmd(c, self, false, bh1114_cmd);
}

/* ------------------------------------------------------------------ */
/* BH1115 update alone in its RUN                                      */
/* ------------------------------------------------------------------ */

/* Whether a command may install packages: a package manager's install
 * verbs, or a script we cannot see into. */
static bool installs(const struct sh_cmd *cmd)
{
	static const char *const apt_i[] = { "install", "upgrade",
					     "dist-upgrade", "full-upgrade",
					     "build-dep", "source", NULL };
	static const char *const apk_i[] = { "add", "upgrade", "fix", NULL };
	static const char *const zyp_i[] = { "install", "in", "update", "up",
					     "dist-upgrade", "dup", "patch",
					     NULL };
	size_t k;
	const char *name = cmd_name(cmd, &k);
	if (!*name)
		return false;
	if (is_apt(name))
		return sub_is(cmd, subcommand(cmd, k, apt_argopts), apt_i);
	if (dfr_streq(name, "apk"))
		return sub_is(cmd, subcommand(cmd, k, apk_argopts), apk_i);
	if (dfr_streq(name, "zypper"))
		return sub_is(cmd, subcommand(cmd, k, zypper_argopts), zyp_i);
	if (dfr_streq(name, "apt-cache") || dfr_streq(name, "echo") ||
	    dfr_streq(name, "rm") || dfr_streq(name, "set") || dfr_streq(name, "true") ||
	    dfr_streq(name, "export") || dfr_streq(name, "mkdir") ||
	    dfr_streq(name, "printf") || dfr_streq(name, ":") || dfr_streq(name, "ln") ||
	    dfr_streq(name, "cat") || dfr_streq(name, "apt-get") || dfr_streq(name, "apt") ||
	    dfr_streq(name, "cd"))
		return false;
	/* anything else may be a script that installs */
	return dfr_ends(name, ".sh") || starts(cmd->argv[k].text, "./") ||
	       is_shell_or_interp(name) || dfr_streq(name, "source") ||
	       dfr_streq(name, ".") || dfr_streq(name, "make") ||
	       dfr_streq(name, "apt-install") || dfr_streq(name, "install_packages") ||
	       dfr_streq(name, "xargs");
}

static void check_bh1115(struct bh_check *c, const struct bh_rule *self)
{
	static const char *const apt_u[] = { "update", NULL };
	static const char *const zyp_u[] = { "refresh", "ref", NULL };
	const struct df_model *m = c->df;
	for (size_t i = 0; i < m->ninstrs; i++) {
		const struct df_instr *in = &m->instrs[i];
		if (!is_run(in))
			continue;
		const struct sh_cmd *upd = NULL;
		size_t us = 0;
		bool inst = false;
		for (size_t j = 0; j < in->script.ncmds; j++) {
			const struct sh_cmd *cmd = &in->script.cmds[j];
			size_t k;
			const char *name = cmd_name(cmd, &k);
			size_t s = 0;
			bool u = false;
			if (is_apt(name)) {
				s = subcommand(cmd, k, apt_argopts);
				u = sub_is(cmd, s, apt_u);
			} else if (dfr_streq(name, "apk")) {
				s = subcommand(cmd, k, apk_argopts);
				u = sub_is(cmd, s, apt_u);
			} else if (dfr_streq(name, "zypper")) {
				s = subcommand(cmd, k, zypper_argopts);
				u = sub_is(cmd, s, zyp_u);
			}
			if (u && !upd)
				upd = cmd, us = s;
			else if (!u && installs(cmd))
				inst = true;
		}
		if (!upd || inst)
			continue;
		size_t k0;
		report_word(c, self, i, &upd->argv[us],
			    "%s %s alone in its RUN: the cached index goes stale "
			    "for the installs in later layers",
			    cmd_name(upd, &k0), upd->argv[us].text);
	}
}

/* ------------------------------------------------------------------ */
/* BH1116 apk add without --no-cache                                   */
/* ------------------------------------------------------------------ */

static void check_bh1116(struct bh_check *c, const struct bh_rule *self)
{
	static const char *const add[] = { "add", NULL };
	static const char *const cache[] = { "/var/cache/apk", "/etc/apk/cache",
					     NULL };
	static const char *const cclean[] = { "cache", NULL };
	const struct df_model *m = c->df;
	for (size_t i = 0; i < m->ninstrs; i++) {
		const struct df_instr *in = &m->instrs[i];
		if (!is_run(in) || !stage_in_image(m, in->stage))
			continue;
		if (run_removes(m, i, cache) || has_mount(in, "cache", cache) ||
		    run_has(m, i, "apk", cclean, apk_argopts))
			continue;
		for (size_t j = 0; j < in->script.ncmds; j++) {
			const struct sh_cmd *cmd = &in->script.cmds[j];
			size_t k;
			if (!dfr_streq(cmd_name(cmd, &k), "apk"))
				continue;
			size_t s = subcommand(cmd, k, apk_argopts);
			/* --no-network reads only what is already cached */
			if (!sub_is(cmd, s, add) ||
			    has_opt(cmd, k, "--no-cache", NULL) ||
			    has_opt(cmd, k, "--no-network", NULL))
				continue;
			report_word(c, self, i, &cmd->argv[s],
				    "apk add without --no-cache leaves the package "
				    "index in the image");
		}
	}
}

/* ------------------------------------------------------------------ */
/* BH1117 pip install without --no-cache-dir                           */
/* ------------------------------------------------------------------ */

static bool env_set(const struct df_instr *in, const char *name)
{
	for (size_t v = 0; v < in->nenv; v++)
		if (dfr_streq(in->env[v].name, name) && in->env[v].value)
			return true;
	return false;
}

static void check_bh1117(struct bh_check *c, const struct bh_rule *self)
{
	static const char *const install[] = { "install", NULL };
	static const char *const cache[] = { "/root/.cache", "/.cache",
					     "/home/", "/tmp/pip", NULL };
	const struct df_model *m = c->df;
	for (size_t i = 0; i < m->ninstrs; i++) {
		const struct df_instr *in = &m->instrs[i];
		if (!is_run(in) || !stage_in_image(m, in->stage))
			continue;
		if (env_set(in, "PIP_NO_CACHE_DIR") ||
		    has_mount(in, "cache", cache) || run_removes(m, i, cache))
			continue;
		for (size_t j = 0; j < in->script.ncmds; j++) {
			const struct sh_cmd *cmd = &in->script.cmds[j];
			size_t k, p;
			if (!*cmd_name(cmd, &k) || !is_pip(cmd, k, &p))
				continue;
			size_t s = subcommand(cmd, p, pip_argopts);
			if (!sub_is(cmd, s, install) ||
			    has_opt(cmd, p, "--no-cache-dir", NULL) ||
			    has_opt(cmd, p, "--no-cache", NULL))
				continue;
			if (any_assign(cmd, "PIP_NO_CACHE_DIR"))
				continue;
			report_word(c, self, i, &cmd->argv[s],
				    "pip install without --no-cache-dir keeps the "
				    "wheel cache in the image");
		}
	}
}

/* ------------------------------------------------------------------ */
/* BH1118 yum/dnf/zypper without -y / --non-interactive                */
/* ------------------------------------------------------------------ */

static void bh1118_cmd(struct bh_check *c, const struct bh_rule *r, size_t i,
		       const struct sh_cmd *cmd, size_t k, const char *name)
{
	static const char *const yum_subs[] = {
		"install", "groupinstall", "localinstall", "update", "upgrade",
		"remove", "erase", "reinstall", "downgrade", "distro-sync",
		"autoremove", NULL };
	static const char *const zyp_subs[] = {
		"install", "in", "remove", "rm", "update", "up", "dist-upgrade",
		"dup", "patch", "source-install", "si", NULL };
	size_t s;
	if (dfr_streq(name, "zypper")) {
		s = subcommand(cmd, k, zypper_argopts);
		if (!sub_is(cmd, s, zyp_subs))
			return;
		if (has_opt(cmd, k, "-n", "rDCRtc") ||
		    has_opt(cmd, k, "--non-interactive", NULL) ||
		    has_opt(cmd, s, "-y", NULL) ||
		    has_opt(cmd, s, "--no-confirm", NULL))
			return;
		report_word(c, r, i, &cmd->argv[s],
			    "zypper %s without --non-interactive waits for an "
			    "answer", cmd->argv[s].text);
		return;
	}
	if (!is_yum(name) || dfr_streq(name, "microdnf"))
		return;
	s = subcommand(cmd, k, rpm_argopts);
	if (!sub_is(cmd, s, yum_subs))
		return;
	if (has_opt(cmd, k, "-y", "cxde") || has_opt(cmd, k, "--assumeyes", NULL))
		return;
	report_word(c, r, i, &cmd->argv[s], "%s %s without -y waits for an answer",
		    name, cmd->argv[s].text);
}

static void check_bh1118(struct bh_check *c, const struct bh_rule *self)
{
	each_cmd(c, self, false, bh1118_cmd);
}

/* ------------------------------------------------------------------ */
/* BH1119 yum/dnf/zypper cache not cleaned                             */
/* ------------------------------------------------------------------ */

static void check_bh1119(struct bh_check *c, const struct bh_rule *self)
{
	static const char *const inst[] = { "install", "in", "groupinstall",
					    "localinstall", "update", "upgrade",
					    NULL };
	static const char *const cleans[] = { "clean", "cc", NULL };
	static const char *const cache[] = { "/var/cache/yum", "/var/cache/dnf",
					     "/var/cache/zypp",
					     "/var/cache/libdnf5",
					     "/var/cache/tdnf", NULL };
	const struct df_model *m = c->df;
	for (size_t i = 0; i < m->ninstrs; i++) {
		const struct df_instr *in = &m->instrs[i];
		if (!is_run(in) || !stage_in_image(m, in->stage))
			continue;
		if (run_removes(m, i, cache) || has_mount(in, "cache", cache))
			continue;
		for (size_t j = 0; j < in->script.ncmds; j++) {
			const struct sh_cmd *cmd = &in->script.cmds[j];
			size_t k;
			const char *name = cmd_name(cmd, &k);
			bool zypper = dfr_streq(name, "zypper");
			if (!zypper && !is_yum(name))
				continue;
			const char *const *ao =
				zypper ? zypper_argopts : rpm_argopts;
			size_t s = subcommand(cmd, k, ao);
			if (!sub_is(cmd, s, inst))
				continue;
			if (run_has(m, i, name, cleans, ao))
				break;
			/* dnf and yum share a cache on RHEL-likes */
			const char *twin = dfr_streq(name, "dnf") ? "yum" :
					   dfr_streq(name, "yum") ? "dnf" : NULL;
			if (twin && run_has(m, i, twin, cleans, ao))
				break;
			report_word(c, self, i, &cmd->argv[s],
				    "%s %s without `%s clean%s` in the same RUN "
				    "leaves the package cache in the image", name,
				    cmd->argv[s].text, name, zypper ? "" : " all");
			break;
		}
	}
}

/* ------------------------------------------------------------------ */
/* BH1120 both curl and wget                                           */
/* ------------------------------------------------------------------ */

static void check_bh1120(struct bh_check *c, const struct bh_rule *self)
{
	const struct df_model *m = c->df;
	for (size_t st = 0; st < m->nstages; st++) {
		if (!stage_in_image(m, st))
			continue;
		const struct sh_word *first[2] = { NULL, NULL };
		size_t at[2] = { 0, 0 };
		int order = -1;
		for (size_t i = m->stages[st].from_instr;
		     i < m->stages[st].end_instr && i < m->ninstrs; i++) {
			const struct df_instr *in = &m->instrs[i];
			if (in->stage != st || !is_run(in))
				continue;
			for (size_t j = 0; j < in->script.ncmds; j++) {
				const struct sh_cmd *cmd = &in->script.cmds[j];
				size_t k;
				const char *name = cmd_name(cmd, &k);
				int t = dfr_streq(name, "curl") ? 0 :
					dfr_streq(name, "wget") ? 1 : -1;
				if (t < 0 || first[t])
					continue;
				first[t] = &cmd->argv[k], at[t] = i;
				if (order < 0)
					order = t;
			}
		}
		if (!first[0] || !first[1])
			continue;
		int second = 1 - order;
		int l1 = m->instrs[at[order]].node->line;
		report_word(c, self, at[second], first[second],
			    "%s is used here and %s at line %d: one download "
			    "tool is enough", second ? "wget" : "curl",
			    order ? "wget" : "curl", l1);
	}
}

/* ------------------------------------------------------------------ */
/* BH1121 chmod world-writable                                         */
/* ------------------------------------------------------------------ */

static bool mode_world_writable(const char *mode)
{
	size_t n = strlen(mode);
	/* a sticky directory (1777, +t) is a deliberate shared scratch space
	 * like /tmp: others cannot delete or rename what they do not own */
	if (n >= 3 && n <= 4 && strspn(mode, "01234567") == n)
		return ((mode[n - 1] - '0') & 2) != 0 &&
		       !(n == 4 && ((mode[0] - '0') & 1));
	if (strchr(mode, 't'))
		return false;
	/* symbolic: clauses [ugoa]*[+=][rwxXst]*, comma-separated */
	const char *p = mode;
	while (*p) {
		const char *who = p;
		while (*p && strchr("ugoa", *p))
			p++;
		bool others = memchr(who, 'o', (size_t)(p - who)) ||
			      memchr(who, 'a', (size_t)(p - who));
		while (*p && *p != ',') {
			char op = *p++;
			const char *perm = p;
			while (*p && strchr("rwxXstugo", *p))
				p++;
			if ((op == '+' || op == '=') && others &&
			    memchr(perm, 'w', (size_t)(p - perm)))
				return true;
			if (op != '+' && op != '-' && op != '=')
				break;
		}
		if (*p)
			p++;
	}
	return false;
}

static bool tmp_path(const char *p)
{
	return starts(p, "/tmp") || starts(p, "/var/tmp") ||
	       starts(p, "/dev/") || starts(p, "/run/lock");
}

static void bh1121_cmd(struct bh_check *c, const struct bh_rule *r, size_t i,
		       const struct sh_cmd *cmd, size_t k, const char *name)
{
	static const char *const argopts[] = { NULL };
	if (!dfr_streq(name, "chmod"))
		return;
	bool dd = false;
	/* the first operand is the mode ("-w" would read as an option, but
	 * removing a permission never makes a file world-writable) */
	size_t mj = next_operand(cmd, k, argopts, &dd);
	if (mj >= cmd->argc)
		return;
	const char *mode = cmd->argv[mj].text;
	if (is_dynamic(mode) || !mode_world_writable(mode))
		return;
	bool any = false, all_tmp = true;
	const char *path = "";
	for (size_t j = next_operand(cmd, mj, argopts, &dd); j < cmd->argc;
	     j = next_operand(cmd, j, argopts, &dd)) {
		any = true;
		if (!tmp_path(cmd->argv[j].text)) {
			all_tmp = false;
			if (!*path)
				path = cmd->argv[j].text;
		}
	}
	if (!any || all_tmp)
		return;
	report_word(c, r, i, &cmd->argv[mj],
		    "chmod %s makes %s writable by every user", mode, path);
}

static void check_bh1121(struct bh_check *c, const struct bh_rule *self)
{
	each_cmd(c, self, false, bh1121_cmd);
}

/* ------------------------------------------------------------------ */
/* BH1122 RUN chown -R of files COPY'd in the same stage               */
/* ------------------------------------------------------------------ */

/* "p" made absolute against "wd" and cleaned: no "./", no trailing "/". */
static char *abs_path(struct arena *a, const char *wd, const char *p)
{
	if (!p)
		return NULL;
	char *s = p[0] == '/' ? arena_strdup(a, p) :
		  arena_printf(a, "%s/%s", wd && *wd ? wd : "/", p);
	if (!s)
		return NULL;
	/* clean in place */
	char *w = s;
	for (const char *r = s; *r;) {
		if (r[0] == '/' && (r[1] == '/' || r[1] == 0)) {
			r++;
			continue;
		}
		if (r[0] == '/' && r[1] == '.' && (r[2] == '/' || r[2] == 0)) {
			r += 2;
			continue;
		}
		*w++ = *r++;
	}
	*w = 0;
	if (!*s)
		strcpy(s, "/");
	return s;
}

static bool path_covers(const char *outer, const char *inner)
{
	size_t n = strlen(outer);
	if (dfr_streq(outer, "/"))
		return false;
	return strncmp(outer, inner, n) == 0 &&
	       (inner[n] == 0 || inner[n] == '/');
}

/* The latest COPY/ADD without --chown before instruction "i", in its
 * stage, whose destination is "target" or inside it: its index, or
 * ninstrs when there is none. */
static size_t copy_into(struct bh_check *c, size_t i, const char *target)
{
	const struct df_model *m = c->df;
	for (size_t q = i; q-- > 0;) {
		const struct df_instr *ci = &m->instrs[q];
		if (ci->stage != m->instrs[i].stage)
			break;
		const struct df_node *n = ci->node;
		if (!n || (!dfr_streq(n->keyword, "copy") &&
			   !dfr_streq(n->keyword, "add")) || n->nargs < 2)
			continue;
		bool chown = false;
		df_flag_value(n, "chown", &chown);
		if (chown)
			continue;
		const char *d = dfr_unquote(c->arena, n->args[n->nargs - 1].text);
		d = d ? df_model_expand(m, q, d, c->arena) : NULL;
		char *dest = abs_path(c->arena, ci->workdir, d);
		if (!dest || strchr(dest, '$'))
			continue;
		if (dfr_streq(dest, target) || path_covers(target, dest))
			return q;
	}
	return m->ninstrs;
}

/* "COPY --chown=owner src... dest" for the fix text, in the arena. */
static const char *chown_fix(struct bh_check *c, const struct df_node *n,
			     const char *owner)
{
	struct strbuf sb = { 0 };
	strbuf_printf(&sb, "Set ownership while copying: %s --chown=%s",
		      dfr_streq(n->keyword, "add") ? "ADD" : "COPY", owner);
	for (size_t a = 0; a < n->nargs; a++)
		strbuf_printf(&sb, " %s", n->args[a].text);
	strbuf_adds(&sb, ", and drop the chown.");
	const char *out = arena_strdup(c->arena, strbuf_str(&sb));
	strbuf_free(&sb);
	return out;
}

static void check_bh1122(struct bh_check *c, const struct bh_rule *self)
{
	static const char *const argopts[] = { "--from", "--reference", NULL };
	const struct df_model *m = c->df;
	for (size_t i = 0; i < m->ninstrs; i++) {
		const struct df_instr *in = &m->instrs[i];
		if (!is_run(in))
			continue;
		for (size_t j = 0; j < in->script.ncmds; j++) {
			const struct sh_cmd *cmd = &in->script.cmds[j];
			size_t k;
			if (!dfr_streq(cmd_name(cmd, &k), "chown") ||
			    cmd->in_substitution)
				continue;
			bool dd = false;
			size_t oj = next_operand(cmd, k, argopts, &dd);
			if (oj >= cmd->argc || is_dynamic(cmd->argv[oj].text))
				continue;
			const char *owner = cmd->argv[oj].text;
			for (size_t pj = next_operand(cmd, oj, argopts, &dd);
			     pj < cmd->argc;
			     pj = next_operand(cmd, pj, argopts, &dd)) {
				const char *t = df_model_expand(
					m, i, cmd->argv[pj].text, c->arena);
				if (!t || strchr(t, '$') || strchr(t, '*'))
					continue;
				char *target = abs_path(c->arena, in->workdir, t);
				size_t q = target ? copy_into(c, i, target) :
						    m->ninstrs;
				if (q >= m->ninstrs)
					continue;
				const struct df_node *n = m->instrs[q].node;
				bh_report_fix(c, self,
					      word_span(m, i, &cmd->argv[k]),
					      chown_fix(c, n, owner),
					      "chown %s %s re-owns what %s at "
					      "line %d copied: the files are "
					      "stored twice", owner, t,
					      dfr_streq(n->keyword, "add") ? "ADD" :
					      "COPY", n->line);
				break;
			}
		}
	}
}

/* ------------------------------------------------------------------ */
/* BH1123 TLS verification disabled / BH1124 signatures disabled       */
/* ------------------------------------------------------------------ */

/* Case-insensitive substring. */
static unsigned char ascii_lower(unsigned char c)
{
	return c >= 'A' && c <= 'Z' ? (unsigned char)(c | 0x20) : c;
}

/* Case-insensitive strstr (ASCII); the first byte is compared inline. */
static const char *stristr(const char *h, const char *n)
{
	size_t ln = strlen(n);
	unsigned char first = ascii_lower((unsigned char)n[0]);
	for (; *h; h++)
		if (ascii_lower((unsigned char)*h) == first &&
		    strncasecmp(h, n, ln) == 0)
			return h;
	return NULL;
}

static bool falsy(const char *v)
{
	return dfr_streq(v, "0") || strcasecmp(v, "false") == 0 ||
	       strcasecmp(v, "no") == 0 || strcasecmp(v, "off") == 0;
}

static bool truthy(const char *v)
{
	return *v && !falsy(v);
}

/* A NAME=value assignment that turns TLS checks off; the reason or NULL. */
static const char *tls_env(const char *name, const char *value)
{
	if (dfr_streq(name, "NODE_TLS_REJECT_UNAUTHORIZED") && dfr_streq(value, "0"))
		return "NODE_TLS_REJECT_UNAUTHORIZED=0 turns off TLS checks "
		       "in Node.js";
	if ((dfr_streq(name, "NPM_CONFIG_STRICT_SSL") ||
	     dfr_streq(name, "npm_config_strict_ssl")) && falsy(value))
		return "npm strict-ssl=false turns off registry TLS checks";
	if (dfr_streq(name, "GIT_SSL_NO_VERIFY") && truthy(value))
		return "GIT_SSL_NO_VERIFY turns off TLS checks in git";
	if (dfr_streq(name, "PYTHONHTTPSVERIFY") && dfr_streq(value, "0"))
		return "PYTHONHTTPSVERIFY=0 turns off TLS checks in Python";
	if (dfr_streq(name, "PIP_TRUSTED_HOST") && *value)
		return "PIP_TRUSTED_HOST lets pip skip TLS checks for a host";
	if ((dfr_streq(name, "YARN_STRICT_SSL") ||
	     dfr_streq(name, "YARN_ENABLE_STRICT_SSL")) && falsy(value))
		return "yarn strict-ssl=false turns off registry TLS checks";
	if (dfr_streq(name, "CURL_INSECURE") && truthy(value))
		return "CURL_INSECURE turns off TLS checks in curl";
	return NULL;
}

/* Why word "w" of a "name" command disables TLS checks, or NULL. */
static const char *tls_word(const struct sh_cmd *cmd, size_t k,
			    const char *name, size_t j)
{
	const char *w = cmd->argv[j].text;
	if (dfr_streq(name, "curl") && (dfr_streq(w, "--insecure") ||
				    (w[0] == '-' && w[1] != '-' &&
				     strchr(w, 'k') &&
				     strcspn(w, "oHdeuUxXAbcDEFKmrTwYyz") >
					     (size_t)(strchr(w, 'k') - w))))
		return "curl -k skips certificate checks";
	if (dfr_streq(name, "wget") && dfr_streq(w, "--no-check-certificate"))
		return "wget --no-check-certificate skips certificate checks";
	if (strncmp(name, "pip", 3) == 0 || strncmp(name, "python", 6) == 0) {
		if (starts(w, "--trusted-host"))
			return "pip --trusted-host skips TLS checks for a host";
		if (stristr(w, "trusted-host") && j > k + 1 &&
		    dfr_streq(cmd->argv[k + 1].text, "config"))
			return "pip config trusted-host skips TLS checks";
	}
	if ((dfr_streq(name, "npm") || dfr_streq(name, "yarn") || dfr_streq(name, "pnpm")) &&
	    (dfr_streq(w, "--strict-ssl=false") ||
	     ((dfr_streq(w, "strict-ssl") || dfr_streq(w, "strictSSL") ||
	       dfr_streq(w, "enableStrictSsl")) &&
	      j + 1 < cmd->argc && falsy(cmd->argv[j + 1].text))))
		return "strict-ssl false turns off registry TLS checks";
	/* every check below needs one of these words: test them once */
	if (!stristr(w, "ssl") && !stristr(w, "verify") && !stristr(w, "certif"))
		return NULL;
	if (dfr_streq(name, "git") &&
	    ((stristr(w, "http.sslverify") &&
	      (stristr(w, "=false") ||
	       (j + 1 < cmd->argc && falsy(cmd->argv[j + 1].text))))))
		return "http.sslVerify false turns off TLS checks in git";
	if (stristr(w, "sslverify=0") || stristr(w, "sslverify=false") ||
	    stristr(w, "sslverify = 0") || stristr(w, "sslverify=no"))
		return "sslverify=0 turns off repository TLS checks";
	if (stristr(w, "Verify-Peer") && stristr(w, "false"))
		return "Acquire::https::Verify-Peer false turns off apt TLS checks";
	if (stristr(w, "check_certificate") && stristr(w, "off"))
		return "check_certificate=off turns off wget TLS checks";
	return NULL;
}

static void tls_assigns(struct bh_check *c, const struct bh_rule *r, size_t i,
			const struct sh_word *ws, size_t n)
{
	for (size_t a = 0; a < n; a++) {
		const char *t = ws[a].text;
		const char *eq = strchr(t, '=');
		if (!eq || eq == t || (size_t)(eq - t) >= 64)
			continue;
		char name[64];
		memcpy(name, t, (size_t)(eq - t));
		name[eq - t] = 0;
		const char *why = tls_env(name, eq + 1);
		if (why)
			report_word(c, r, i, &ws[a], "%s", why);
	}
}

/* ENV/ARG NAME=value pairs, via the shell splitter (the same word rules). */
static void tls_env_instr(struct bh_check *c, const struct bh_rule *r,
			  size_t i)
{
	const struct df_node *n = c->df->instrs[i].node;
	if (!n->rest || n->json_form)
		return;
	struct sh_script sc;
	if (sh_split(n->rest, strlen(n->rest), c->arena, &sc) != 0)
		return;
	for (size_t j = 0; j < sc.ncmds; j++) {
		const struct sh_cmd *cmd = &sc.cmds[j];
		const struct sh_word *ws[2] = { cmd->assigns, cmd->argv };
		size_t ns[2] = { cmd->nassigns, cmd->argc };
		/* old form "ENV NAME value" */
		if (dfr_streq(n->keyword, "env") && !cmd->nassigns &&
		    cmd->argc >= 2 && !strchr(cmd->argv[0].text, '=')) {
			const char *why = tls_env(cmd->argv[0].text,
						  cmd->argv[1].text);
			if (why) {
				int line, col;
				df_locate(n, cmd->argv[0].offset, &line, &col);
				bh_report(c, r,
					  bh_span_at(line, col,
						     (int)strlen(cmd->argv[0].raw)),
					  "ENV %s", why);
			}
			continue;
		}
		for (int g = 0; g < 2; g++) {
			for (size_t a = 0; a < ns[g]; a++) {
				const char *t = ws[g][a].text;
				const char *eq = strchr(t, '=');
				if (!eq || eq == t || (size_t)(eq - t) >= 64)
					continue;
				char name[64];
				memcpy(name, t, (size_t)(eq - t));
				name[eq - t] = 0;
				const char *why = tls_env(name, eq + 1);
				if (!why)
					continue;
				int line, col;
				df_locate(n, ws[g][a].offset, &line, &col);
				bh_report(c, r,
					  bh_span_at(line, col,
						     (int)(eq - t)),
					  "%s %s", dfr_streq(n->keyword, "env") ?
					  "ENV" : "ARG", why);
			}
		}
	}
}

static void check_bh1123(struct bh_check *c, const struct bh_rule *self)
{
	const struct df_model *m = c->df;
	for (size_t i = 0; i < m->ninstrs; i++) {
		const struct df_instr *in = &m->instrs[i];
		if (!in->node)
			continue;
		if (dfr_streq(in->node->keyword, "env") ||
		    dfr_streq(in->node->keyword, "arg")) {
			tls_env_instr(c, self, i);
			continue;
		}
		if (!is_run(in))
			continue;
		for (size_t j = 0; j < in->script.ncmds; j++) {
			const struct sh_cmd *cmd = &in->script.cmds[j];
			size_t k;
			const char *name = cmd_name(cmd, &k);
			tls_assigns(c, self, i, cmd->assigns, cmd->nassigns);
			if (dfr_streq(name, "export"))
				tls_assigns(c, self, i, cmd->argv + k + 1,
					    cmd->argc - k - 1);
			if (!*name)
				continue;
			for (size_t a = k + 1; a < cmd->argc; a++) {
				const char *why = tls_word(cmd, k, name, a);
				if (!why)
					continue;
				report_word(c, self, i, &cmd->argv[a], "%s", why);
				break;
			}
		}
	}
}

static const char *sig_word(const char *name, const char *w)
{
	if (dfr_streq(name, "apk") && dfr_streq(w, "--allow-untrusted"))
		return "apk --allow-untrusted installs unsigned packages";
	if (is_apt(name)) {
		if (dfr_streq(w, "--allow-unauthenticated"))
			return "--allow-unauthenticated installs unsigned packages";
		if (dfr_streq(w, "--force-yes"))
			return "--force-yes also accepts unauthenticated packages";
		if (dfr_streq(w, "--allow-insecure-repositories"))
			return "--allow-insecure-repositories accepts unsigned "
			       "repositories";
		if (stristr(w, "AllowUnauthenticated") && stristr(w, "true"))
			return "AllowUnauthenticated=true installs unsigned "
			       "packages";
	}
	if (is_yum(name) && (dfr_streq(w, "--nogpgcheck") ||
			     stristr(w, "gpgcheck=0") ||
			     stristr(w, "gpgcheck=false")) &&
	    !stristr(w, "repo_gpgcheck"))
		return "--nogpgcheck installs packages without checking "
		       "signatures";
	if (dfr_streq(name, "rpm") &&
	    (dfr_streq(w, "--nosignature") || dfr_streq(w, "--nodigest") ||
	     dfr_streq(w, "--nofiledigest") || dfr_streq(w, "--noverify")))
		return "rpm signature or digest checks turned off";
	/* a [trusted=yes] source on a local file: repository built in the
	 * same RUN (dpkg-scanpackages) has nothing to sign */
	if (strstr(w, "trusted=yes") && !strstr(w, "file:") &&
	    !strstr(w, "copy:"))
		return "an apt source marked [trusted=yes] is not "
		       "signature-checked";
	if ((strstr(w, "gpgcheck=0") || strstr(w, "gpgcheck = 0")) &&
	    !strstr(w, "repo_gpgcheck"))
		return "a repository with gpgcheck=0 is not signature-checked";
	return NULL;
}

/* Whether every package operand of an apk command is a local .apk file
 * (built in an earlier stage: there is no repository key to check). */
static bool apk_local_only(const struct sh_cmd *cmd, size_t k)
{
	bool dd = false, any = false;
	size_t s = subcommand(cmd, k, apk_argopts);
	for (size_t j = next_operand(cmd, s, apk_argopts, &dd); j < cmd->argc;
	     j = next_operand(cmd, j, apk_argopts, &dd)) {
		const char *w = cmd->argv[j].text;
		if (!dfr_ends(w, ".apk") && !strstr(w, ".apk"))
			return false;
		if (w[0] != '/' && w[0] != '.')
			return false;
		any = true;
	}
	return any;
}

static void bh1124_cmd(struct bh_check *c, const struct bh_rule *r, size_t i,
		       const struct sh_cmd *cmd, size_t k, const char *name)
{
	if (dfr_streq(name, "apk") && apk_local_only(cmd, k))
		return;
	for (size_t a = k + 1; a < cmd->argc; a++) {
		const char *why = sig_word(name, cmd->argv[a].text);
		if (!why)
			continue;
		report_word(c, r, i, &cmd->argv[a], "%s", why);
		return;
	}
}

static void check_bh1124(struct bh_check *c, const struct bh_rule *self)
{
	each_cmd(c, self, false, bh1124_cmd);
}

/* ------------------------------------------------------------------ */
/* The table                                                           */
/* ------------------------------------------------------------------ */

const struct bh_rule bh_rules_df_packages[] = {
	{
		.id = "BH1100",
		.severity = BH_SEV_MEDIUM,
		.practice = "pin-packages",
		.target = BH_TARGET_DOCKERFILE,
		.title = "apt-get install without version pins",
		.why = "Unpinned packages make every build pick whatever the "
		       "mirror has that day, so two builds of one Dockerfile "
		       "differ.",
		.fix = "Pin each package (apt-get install curl=8.5.0-2) or "
		       "install from a pinned snapshot repository.",
		.hadolint = "DL3008",
		.check = check_bh1100,
	},
	{
		.id = "BH1101",
		.severity = BH_SEV_MEDIUM,
		.practice = "pin-packages",
		.target = BH_TARGET_DOCKERFILE,
		.title = "apk add without version pins",
		.why = "Unpinned packages make every build pick whatever the "
		       "repository has that day.",
		.fix = "Pin each package (apk add curl=8.5.0-r0) or a "
		       "compatible range (curl~8.5).",
		.hadolint = "DL3018",
		.check = check_bh1101,
	},
	{
		.id = "BH1102",
		.severity = BH_SEV_MEDIUM,
		.practice = "pin-packages",
		.target = BH_TARGET_DOCKERFILE,
		.title = "pip install without version pins",
		.why = "Unpinned Python packages change from build to build "
		       "and can pull a compromised release.",
		.fix = "Pin versions (pip install flask==3.0.3) or install "
		       "from a requirements or constraints file with pinned "
		       "versions.",
		.hadolint = "DL3013",
		.check = check_bh1102,
	},
	{
		.id = "BH1103",
		.severity = BH_SEV_MEDIUM,
		.practice = "pin-packages",
		.target = BH_TARGET_DOCKERFILE,
		.title = "npm install without pins or lockfile",
		.why = "npm install resolves versions anew and may rewrite "
		       "package-lock.json; unpinned packages change from "
		       "build to build.",
		.fix = "Use npm ci with a committed package-lock.json, or "
		       "pin each package (npm install express@4.19.2).",
		.hadolint = "DL3016",
		.check = check_bh1103,
	},
	{
		.id = "BH1104",
		.severity = BH_SEV_MEDIUM,
		.practice = "pin-packages",
		.target = BH_TARGET_DOCKERFILE,
		.title = "gem install without version pins",
		.why = "Unpinned gems change from build to build.",
		.fix = "Pin the version (gem install bundler -v 2.5.10 or "
		       "gem install bundler:2.5.10), or use a Gemfile.lock.",
		.hadolint = "DL3028",
		.check = check_bh1104,
	},
	{
		.id = "BH1105",
		.severity = BH_SEV_MEDIUM,
		.practice = "pin-packages",
		.target = BH_TARGET_DOCKERFILE,
		.title = "go install without @version",
		.why = "Without an exact version, go install builds whatever "
		       "the module's default branch or latest tag is at "
		       "build time.",
		.fix = "Install an exact version: go install "
		       "example.com/tool@v1.2.3.",
		.hadolint = "DL3062",
		.check = check_bh1105,
	},
	{
		.id = "BH1106",
		.severity = BH_SEV_MEDIUM,
		.practice = "pin-packages",
		.target = BH_TARGET_DOCKERFILE,
		.title = "yum/dnf/zypper install without version pins",
		.why = "Unpinned RPM packages make every build pick whatever "
		       "the repository has that day.",
		.fix = "Pin versions (dnf install -y httpd-2.4.57, zypper "
		       "install -y 'curl=8.0.1').",
		.hadolint = "DL3033,DL3041,DL3037",
		.check = check_bh1106,
	},
	{
		.id = "BH1107",
		.severity = BH_SEV_HIGH,
		.practice = "pin-packages",
		.target = BH_TARGET_DOCKERFILE,
		.title = "Downloaded script piped into a shell",
		.why = "curl | sh runs whatever the server (or anyone on the "
		       "path) sends, with no version and no integrity check.",
		.fix = "Download to a file, verify a pinned checksum or "
		       "signature (sha256sum -c), then run it; or install a "
		       "pinned package.",
		.check = check_bh1107,
	},
	{
		.id = "BH1108",
		.severity = BH_SEV_LOW,
		.practice = "pin-packages",
		.target = BH_TARGET_DOCKERFILE,
		.title = "git clone without a tag or commit",
		.why = "A clone of the default branch builds different code "
		       "every time.",
		.fix = "Clone a tag (git clone --branch v1.2.3 --depth 1 "
		       "URL) or check out a commit after cloning.",
		.check = check_bh1108,
	},
	{
		.id = "BH1110",
		.severity = BH_SEV_LOW,
		.practice = "minimal-base-image",
		.target = BH_TARGET_DOCKERFILE,
		.title = "apt-get install without --no-install-recommends",
		.why = "Recommended packages are not needed to run the "
		       "software and add size and attack surface.",
		.fix = "Add --no-install-recommends to apt-get install.",
		.hadolint = "DL3015",
		.trivy = "DS-0029",
		.check = check_bh1110,
	},
	{
		.id = "BH1111",
		.severity = BH_SEV_LOW,
		.practice = "minimal-base-image",
		.target = BH_TARGET_DOCKERFILE,
		.title = "apt lists not removed",
		.why = "The package lists fetched by apt-get update stay in "
		       "the layer: tens of megabytes that only go stale.",
		.fix = "End the same RUN with rm -rf /var/lib/apt/lists/*, "
		       "or use RUN --mount=type=cache,target=/var/lib/apt.",
		.hadolint = "DL3009",
		.other = "Dockle:DKL-DI-0005",
		.check = check_bh1111,
	},
	{
		.id = "BH1112",
		.severity = BH_SEV_MEDIUM,
		.practice = "pin-packages",
		.target = BH_TARGET_DOCKERFILE,
		.title = "apt-get without -y",
		.why = "Without -y apt-get asks for confirmation and the "
		       "build aborts.",
		.fix = "Add -y (apt-get install -y ...).",
		.hadolint = "DL3014",
		.trivy = "DS-0021",
		.check = check_bh1112,
	},
	{
		.id = "BH1113",
		.severity = BH_SEV_LOW,
		.practice = "pin-packages",
		.target = BH_TARGET_DOCKERFILE,
		.title = "apt-get upgrade or dist-upgrade in the Dockerfile",
		.why = "Upgrading in a layer duplicates the base image's "
		       "files and makes the result depend on the day of the "
		       "build.",
		.fix = "Rebuild on a newer base image tag instead, or "
		       "upgrade only the packages that need it with pinned "
		       "versions.",
		.hadolint = "DL3035",
		.trivy = "DS-0024",
		.other = "Dockle:DKL-DI-0003",
		.check = check_bh1113,
	},
	{
		.id = "BH1114",
		.severity = BH_SEV_LOW,
		.practice = "pin-packages",
		.target = BH_TARGET_DOCKERFILE,
		.title = "apt used instead of apt-get",
		.why = "apt is an interactive front end whose output and "
		       "options may change between releases.",
		.fix = "Use apt-get (or apt-cache) in scripts.",
		.hadolint = "DL3027",
		.checkov = "CKV_DOCKER_9",
		.check = check_bh1114,
	},
	{
		.id = "BH1115",
		.severity = BH_SEV_MEDIUM,
		.practice = "pin-packages",
		.target = BH_TARGET_DOCKERFILE,
		.title = "Package index update alone in its RUN",
		.why = "A cached `apt-get update` layer is reused by later "
		       "builds, so installs in later RUNs use a stale index "
		       "and can fail or install old versions.",
		.fix = "Update and install in one RUN: apt-get update && "
		       "apt-get install -y ...",
		.trivy = "DS-0017",
		.checkov = "CKV_DOCKER_5",
		.cis = "4.7",
		.other = "Dockle:CIS-DI-0007",
		.check = check_bh1115,
	},
	{
		.id = "BH1116",
		.severity = BH_SEV_LOW,
		.practice = "minimal-base-image",
		.target = BH_TARGET_DOCKERFILE,
		.title = "apk add without --no-cache",
		.why = "The apk index stays in the image.",
		.fix = "Use apk add --no-cache.",
		.hadolint = "DL3019",
		.trivy = "DS-0025",
		.other = "Dockle:DKL-DI-0004",
		.check = check_bh1116,
	},
	{
		.id = "BH1117",
		.severity = BH_SEV_LOW,
		.practice = "minimal-base-image",
		.target = BH_TARGET_DOCKERFILE,
		.title = "pip install without --no-cache-dir",
		.why = "pip keeps downloaded wheels in ~/.cache/pip inside "
		       "the layer.",
		.fix = "Use pip install --no-cache-dir, set "
		       "PIP_NO_CACHE_DIR=1, or use RUN "
		       "--mount=type=cache,target=/root/.cache/pip.",
		.hadolint = "DL3042",
		.check = check_bh1117,
	},
	{
		.id = "BH1118",
		.severity = BH_SEV_MEDIUM,
		.practice = "pin-packages",
		.target = BH_TARGET_DOCKERFILE,
		.title = "yum/dnf/zypper without -y or --non-interactive",
		.why = "The package manager asks for confirmation and the "
		       "build aborts.",
		.fix = "Add -y (yum/dnf) or --non-interactive (zypper).",
		.hadolint = "DL3030,DL3038,DL3034",
		.check = check_bh1118,
	},
	{
		.id = "BH1119",
		.severity = BH_SEV_LOW,
		.practice = "minimal-base-image",
		.target = BH_TARGET_DOCKERFILE,
		.title = "yum/dnf/zypper cache not cleaned",
		.why = "Package metadata and downloaded RPMs stay in the "
		       "layer.",
		.fix = "End the same RUN with yum clean all / dnf clean all "
		       "/ zypper clean -a, or use a cache mount.",
		.hadolint = "DL3032,DL3040,DL3036",
		.trivy = "DS-0015,DS-0019,DS-0020,DS-0027",
		.check = check_bh1119,
	},
	{
		.id = "BH1120",
		.severity = BH_SEV_LOW,
		.practice = "minimal-base-image",
		.target = BH_TARGET_DOCKERFILE,
		.title = "Both curl and wget used",
		.why = "Two download tools in one image is one more binary "
		       "to patch.",
		.fix = "Use one of them throughout.",
		.hadolint = "DL4001",
		.trivy = "DS-0014",
		.check = check_bh1120,
	},
	{
		.id = "BH1121",
		.severity = BH_SEV_MEDIUM,
		.practice = "non-root-user",
		.target = BH_TARGET_DOCKERFILE,
		.title = "World-writable permissions set with chmod",
		.why = "Files every user can write let any process in the "
		       "container replace programs or configuration, undoing "
		       "a non-root USER.",
		.fix = "Grant write access to the owning user or group only "
		       "(chmod 755, chmod g+w with a shared group).",
		.check = check_bh1121,
	},
	{
		.id = "BH1122",
		.severity = BH_SEV_LOW,
		.practice = "copy-chown",
		.target = BH_TARGET_DOCKERFILE,
		.title = "RUN chown -R of files COPY'd in the same stage",
		.why = "The chown copies every file into a new layer, "
		       "doubling its size.",
		.fix = "Set ownership while copying: COPY --chown=user:group "
		       "src dest.",
		.check = check_bh1122,
	},
	{
		.id = "BH1123",
		.severity = BH_SEV_HIGH,
		.practice = "pin-packages",
		.target = BH_TARGET_DOCKERFILE,
		.title = "TLS certificate verification disabled",
		.why = "Without certificate checks, anyone on the network "
		       "path can replace what the build downloads.",
		.fix = "Remove the flag or variable; add the needed CA "
		       "certificate to the image's trust store instead.",
		.checkov = "CKV2_DOCKER_2,CKV2_DOCKER_3,CKV2_DOCKER_4,"
			   "CKV2_DOCKER_5,CKV2_DOCKER_6,CKV2_DOCKER_12,"
			   "CKV2_DOCKER_13,CKV2_DOCKER_14,CKV2_DOCKER_15,"
			   "CKV2_DOCKER_16",
		.check = check_bh1123,
	},
	{
		.id = "BH1124",
		.severity = BH_SEV_HIGH,
		.practice = "pin-packages",
		.target = BH_TARGET_DOCKERFILE,
		.title = "Package signature verification disabled",
		.why = "Unsigned or unverified packages can be replaced by "
		       "anyone who controls the mirror or the network path.",
		.fix = "Remove the flag and import the repository's signing "
		       "key.",
		.checkov = "CKV2_DOCKER_7,CKV2_DOCKER_8,CKV2_DOCKER_9,"
			   "CKV2_DOCKER_10,CKV2_DOCKER_11",
		.cis = "4.11",
		.check = check_bh1124,
	},
};

const size_t bh_rules_df_packages_count =
	sizeof(bh_rules_df_packages) / sizeof(bh_rules_df_packages[0]);
