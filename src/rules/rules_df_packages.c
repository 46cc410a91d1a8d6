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
 * and wget, world-writable chmod, RUN chown -R of COPY'd files,
 * disabled TLS or package signature checks, and an SSH server opened to
 * root or password login or given host keys at build time (BH1125-BH1126;
 * port 22 itself is BH1042's).  ONBUILD RUN triggers are judged too
 * (df_instr.op), exec-form RUN arrays as well (the model splits them).
 * What the container runs (CMD, ENTRYPOINT, HEALTHCHECK CMD:
 * runs_cmds()) is judged by the rules that matter at every start:
 * curl | sh (BH1107), unpinned installs (BH1100-BH1106), no -y (BH1112,
 * BH1118) and upgrades (BH1113), their messages ending "each time the
 * container starts" (report_word()), and so are the rules whose risk
 * is the same there: world-writable chmod (BH1121), TLS checks turned
 * off (BH1123; a curl or wget of loopback URLs only, a health check of
 * the container's own self-signed port, is not reported anywhere),
 * signature checks turned off (BH1124) and git clone without a ref
 * (BH1108: pinned only by a checkout in the same instruction there);
 * the layer and build-shell rules (caches, recommends, lists, update
 * alone, curl+wget, chown -R, apt vs apt-get) judge RUN only.  A -c
 * string the model split is judged in its commands, not again as a word
 * of the command handing it over (BH1123, BH1124: sh_hands_string()).
 * It also owns the fixes of BH1103 (npm ci), BH1110,
 * BH1111, BH1112, BH1116, BH1117 and BH1122 (COPY --chown); the RUN
 * fixes find their instruction with fix_run_index() (shell form only).  It does not judge secrets
 * (rules_df_secrets.c) or COPY/ADD sources (rules_df_context.c).
 *
 * Invariants: checks read the model only; a command's name, package
 * manager, subcommand and package operands come from the shell-query API
 * (src/model/shell.h, computed once per command when the model is built),
 * never from a private parse; which managers each instruction runs is
 * found once per run of the rules (facts_ready()) and only lets a rule
 * skip what it would not report on; the pin rules BH1100-BH1106 are one check
 * over the pin_rows table; words holding `$` or a command
 * substitution are never judged as package names (their value is
 * unknown); hygiene rules (caches, recommends, curl+wget) look only at the
 * stages that end up in the final image, pin and -y rules at every stage.
 * Tests: tests/cases/dockerfile/BH11xx-*.case (at start:
 * tests/cases/dockerfile/BH1100-at-start*.case,
 * tests/cases/dockerfile/BH1107-healthcheck*.case,
 * tests/cases/dockerfile/BH11xx-when-container-starts*.case); fixes:
 * tests/fix/df-*,
 * tests/unit/fix/test_fix.c.
 */
#include "families.h"
#include "df_rule_util.h"
#include "rule_table.h"
#include "../util/io.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "../model/df_model.h"
#include "../model/shell.h"
#include "../util/strbuf.h"
#include "../util/text.h"

/* ------------------------------------------------------------------ */
/* Helpers over the model                                              */
/* ------------------------------------------------------------------ */

/* A RUN, or an ONBUILD RUN (its trigger: the commands a child image's
 * build will run, judged as they are). */
static inline bool is_run(const struct df_instr *in)
{
	return in->op && dfr_kw(in->op, "run");
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
	const struct df_node *n = in->op;
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

/* A word of a command the container runs (CMD, ENTRYPOINT,
 * HEALTHCHECK: dfr_runtime_kw()) gets the message's end saying so
 * (dfr_when(): " each time the container starts"). */
static void report_word(struct bh_check *c, const struct bh_rule *r,
			size_t i, const struct sh_word *w, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	bh_report(c, r, word_span(c->df, i, w), "%s%s", msg,
		  dfr_when(&c->df->instrs[i]));
}

/* Whether the commands of "in" are judged by a rule about package
 * managers: a RUN's, and what the container runs (CMD, ENTRYPOINT,
 * HEALTHCHECK), where installing, upgrading or a prompt happens at
 * every start instead of once in the build. */
static bool runs_cmds(const struct df_instr *in)
{
	return is_run(in) || dfr_runtime_kw(in);
}

/* A fix that inserts "ins" right after the word a finding points at,
 * when that word, as written in the source, is one of "words" (a
 * heredoc body or a continuation line is exact; an exec-form
 * ["sh", "-c", "..."] points at its JSON string, which is no such word,
 * so it is left alone). */
/* Whether text inserted right after word "w" of command "cmd" of
 * instruction "i" stays in that command: true for a word of the RUN line
 * itself; for one inside a -c string only when the RUN line is inside
 * quotes there and, in a string handed over by another string, the word
 * is followed by a blank or an operator (in "sh -c apt-get\ install" or
 * "sh -c apt-get' 'install" a space would end the string's word: the
 * flag would become the shell's $0). */
static bool insert_stays(const struct df_model *m, size_t i,
			 const struct sh_cmd *cmd, const struct sh_word *w)
{
	if (!cmd->in_string)
		return true;
	const struct df_instr *in = &m->instrs[i];
	const char *t = in->script_text;
	size_t end = w->offset + strlen(w->raw);
	if (!t || end > strlen(t))
		return false;
	char q = 0;
	for (size_t k = 0; k < end; k++) {
		if (q == '\'' ) {
			if (t[k] == '\'')
				q = 0;
		} else if (t[k] == '\\') {
			k++;
		} else if (t[k] == '"') {
			q = q ? 0 : '"';
		} else if (t[k] == '\'' && !q) {
			q = '\'';
		}
	}
	if (!q)
		return false;
	const struct sh_cmd *host = cmd->host < in->script.ncmds
				    ? &in->script.cmds[cmd->host] : NULL;
	return host && (!host->in_string ||
			(t[end] && strchr(" \t;&|)\n", t[end])));
}

/* The command and word of the script whose span is the finding's. */
static bool finding_word(const struct bh_check *c, const struct bh_finding *f,
			 size_t *at, const struct sh_cmd **cmd,
			 const struct sh_word **word)
{
	const struct df_model *m = c->df;
	for (size_t i = 0; m && i < m->ninstrs; i++) {
		const struct sh_script *sc = &m->instrs[i].script;
		for (size_t j = 0; j < sc->ncmds; j++)
			for (size_t k = 0; k < sc->cmds[j].argc; k++) {
				const struct sh_word *w = &sc->cmds[j].argv[k];
				struct bh_span s = word_span(m, i, w);
				if (s.line == f->span.line && s.col == f->span.col &&
				    s.end_col == f->span.end_col) {
					*at = i;
					*cmd = &sc->cmds[j];
					*word = w;
					return true;
				}
			}
	}
	return false;
}

static void fix_after_word(struct bh_check *c, const struct bh_rule *r,
			   const struct bh_finding *f,
			   const char *const *words, const char *ins)
{
	for (size_t i = 0; words[i]; i++) {
		if (!bh_fix_text_is(c, f->span, words[i]))
			continue;
		size_t ii;
		const struct sh_cmd *cmd;
		const struct sh_word *w;
		if (finding_word(c, f, &ii, &cmd, &w) &&
		    !insert_stays(c->df, ii, cmd, w)) {
			bh_fix_refuse(c, r, f->span.line, f->span.col, "the "
				      "word is inside a -c string whose spaces "
				      "are escaped or quoted apart: '%s' there "
				      "would end the string's word (add it by "
				      "hand)", ins + 1);
			return;
		}
		size_t at = bh_fix_offset(c, f->span.line, f->span.end_col);
		if (at != (size_t)-1)
			bh_fix_edit(c, r, at, at, ins, NULL);
		return;
	}
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

static bool is_shell_or_interp(const char *name);

/* ---- Facts found once per run of the rules ---------------------------
 * Which package managers each instruction's commands run (bit 1 << pm of
 * sh_cmd.pm, found once when the model was built): most rules of this
 * family are about one manager, and most instructions run none of the
 * ones a rule is about, so the rule skips them (and the whole model when
 * no instruction runs them) before any other test.  NM_* bits do the same
 * for a few command names some rules look for.  Kept for one
 * bh_run_rules() call (rule_table.h), per thread; a model of more than
 * FACT_MAX instructions has none (every bit set: nothing skipped). */
#define FACT_MAX 1024
#define PM_BIT(pm) (1u << (pm))
#define PM_ALL (~0u)
#define APT_APK_ZYPPER \
	(PM_BIT(SH_PM_APT) | PM_BIT(SH_PM_APK) | PM_BIT(SH_PM_ZYPPER))
#define NM_CHMOD (1u << 16)   /* chmod (BH1121) */
#define NM_HOSTKEY (1u << 17) /* ssh-keygen, dpkg-reconfigure (BH1126) */
#define NM_FETCH_RUN (1u << 18) /* curl, wget, a shell or interpreter,
				   eval, source, "." (BH1107) */
#define NM_BITS (NM_CHMOD | NM_HOSTKEY | NM_FETCH_RUN)
_Static_assert(SH_PM_CARGO < 16, "pm bits below the NM_ bits");

/* The NM_* bits of a command name. */
static unsigned name_bits(const char *name)
{
	/* by first byte; the rest is_shell_or_interp()'s */
	switch (name[0]) {
	case 'c':
		return dfr_streq(name, "chmod") ? NM_CHMOD
		       : dfr_streq(name, "curl") ? NM_FETCH_RUN : 0;
	case 's':
		return dfr_streq(name, "ssh-keygen") ? NM_HOSTKEY
		       : dfr_streq(name, "sh") || dfr_streq(name, "source")
		       ? NM_FETCH_RUN : 0;
	case 'd':
		return dfr_streq(name, "dpkg-reconfigure") ? NM_HOSTKEY
		       : dfr_streq(name, "dash") ? NM_FETCH_RUN : 0;
	case 'w':
		return dfr_streq(name, "wget") ? NM_FETCH_RUN : 0;
	case 'e':
		return dfr_streq(name, "eval") ? NM_FETCH_RUN : 0;
	case '.':
		return dfr_streq(name, ".") ? NM_FETCH_RUN : 0;
	default:
		return is_shell_or_interp(name) ? NM_FETCH_RUN : 0;
	}
}

static _Thread_local struct {
	unsigned long serial;
	const struct df_model *df;
	bool ok;
	unsigned all;            /* union of mask[] */
	unsigned mask[FACT_MAX]; /* per instruction */
} facts;

/* The facts of c's model, or NULL when there are none. */
static bool facts_ready(const struct bh_check *c)
{
	unsigned long serial = bh_rule_run_serial();
	const struct df_model *m = c->df;
	if (!serial)
		return false;
	if (facts.serial == serial && facts.df == m)
		return facts.ok;
	facts.serial = serial;
	facts.df = m;
	facts.ok = false;
	if (m->ninstrs > FACT_MAX)
		return false;
	facts.all = 0;
	for (size_t i = 0; i < m->ninstrs; i++) {
		const struct sh_script *sc = &m->instrs[i].script;
		unsigned bits = 0;
		for (size_t j = 0; j < sc->ncmds; j++)
			bits |= PM_BIT(sc->cmds[j].pm) |
				name_bits(sc->cmds[j].name);
		facts.mask[i] = bits;
		facts.all |= bits;
	}
	facts.ok = true;
	return true;
}

/* The per-instruction bits of c's model, or NULL when not known (read
 * once per check: pms_at() per instruction). */
static const unsigned *facts_masks(const struct bh_check *c)
{
	return facts_ready(c) ? facts.mask : NULL;
}

/* What instruction i's commands run (PM_ALL: not known). */
static inline unsigned pms_at(const unsigned *masks, size_t i)
{
	return masks ? masks[i] : PM_ALL;
}

/* The managers the model's commands run (PM_ALL: not known). */
static unsigned model_pms(const struct bh_check *c)
{
	return facts_ready(c) ? facts.all : PM_ALL;
}

/* Calls "fn" for each command of each RUN (and ONBUILD RUN), and with
 * "runtime_too" of what the container runs (CMD, ENTRYPOINT,
 * HEALTHCHECK: runs_cmds()). */
typedef void (*cmd_fn)(struct bh_check *c, const struct bh_rule *r,
		       size_t i, const struct sh_cmd *cmd, size_t k,
		       const char *name);

static void each_cmd_of(struct bh_check *c, const struct bh_rule *r,
			bool runtime_too, unsigned pms, cmd_fn fn)
{
	const struct df_model *m = c->df;
	const unsigned *fm = facts_masks(c);
	if (!(model_pms(c) & pms))
		return;
	for (size_t i = 0; i < m->ninstrs; i++) {
		const struct df_instr *in = &m->instrs[i];
		if (!in->script.ncmds || !(pms_at(fm, i) & pms) ||
		    (runtime_too ? !runs_cmds(in) : !is_run(in)))
			continue;
		for (size_t j = 0; j < in->script.ncmds; j++) {
			const struct sh_cmd *cmd = &in->script.cmds[j];
			size_t k;
			const char *name = sh_cmd_proper(cmd, &k);
			/* the NM_ bits are the instruction's: fn tests the
			 * name */
			if (*name && ((pms & NM_BITS) || (PM_BIT(cmd->pm) & pms)))
				fn(c, r, i, cmd, k, name);
		}
	}
}

static void each_cmd(struct bh_check *c, const struct bh_rule *r,
		     bool runtime_too, cmd_fn fn)
{
	each_cmd_of(c, r, runtime_too, PM_ALL, fn);
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
		if (!dfr_streq(sh_cmd_proper(cmd, &k), name))
			continue;
		if (!subs)
			return true;
		bool dd = false;
		size_t s = sh_next_operand(cmd, k, argopts, &dd);
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
		const char *name = sh_cmd_proper(cmd, &k);
		if (!dfr_streq(name, "rm") && !dfr_streq(name, "find"))
			continue;
		for (size_t a = k + 1; a < cmd->argc; a++)
			for (size_t p = 0; prefixes[p]; p++)
				if (cmd->argv[a].text[0] == prefixes[p][0] &&
				    txt_starts(cmd->argv[a].text, prefixes[p]))
					return true;
	}
	return false;
}

/* ------------------------------------------------------------------ */
/* BH1100-BH1106 package installs without version pins: one check      */
/* ------------------------------------------------------------------ */

/* The pin rules' word on installs a container runs at start (their
 * checks judge CMD, ENTRYPOINT and HEALTHCHECK too: runs_cmds()). */
#define AT_START \
	"A CMD, ENTRYPOINT or HEALTHCHECK that installs packages does " \
	"it at every start: a different result each time, and the " \
	"network and root needed to start."

/* How a package operand shows it is pinned, or is no registry name at all
 * (a path, URL, archive): then it is not reported. */
static bool apt_pinned(const char *w)
{
	return strchr(w, '=') || strchr(w, '/') || txt_ends(w, ".deb");
}

static bool apk_pinned(const char *w)
{
	return strpbrk(w, "=<>~/") || txt_ends(w, ".apk");
}

static bool pip_vcs(const char *w)
{
	static const char *const vcs[] = { "git+", "hg+", "svn+", "bzr+",
					   "git:", "svn:", NULL };
	for (size_t i = 0; vcs[i]; i++)
		if (txt_starts(w, vcs[i]))
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
	return strchr(w, '/') || w[0] == '.' || txt_ends(w, ".whl") ||
	       txt_ends(w, ".tar.gz") || txt_ends(w, ".zip") || txt_ends(w, ".tgz");
}

static bool npm_pinned(const char *w)
{
	if (w[0] == '.' || w[0] == '/' || w[0] == '~' || txt_starts(w, "file:") ||
	    txt_starts(w, "git") || txt_starts(w, "http") || txt_starts(w, "github:") ||
	    txt_ends(w, ".tgz") || txt_ends(w, ".tar.gz"))
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

static bool gem_pinned(const char *w)
{
	return strchr(w, ':') || strchr(w, '/') || txt_ends(w, ".gem");
}

/* paths, URLs, provides, module streams, groups, name-version[-release] */
static bool rpm_pinned(const char *w)
{
	if (strpbrk(w, "/(:") || w[0] == '@' || txt_ends(w, ".rpm") ||
	    strchr(w, '*'))
		return true;
	for (const char *p = strchr(w, '-'); p; p = strchr(p + 1, '-'))
		if (isdigit((unsigned char)p[1]))
			return true;
	return false;
}

static bool zypper_pinned(const char *w)
{
	return rpm_pinned(w) || strpbrk(w, "=<>");
}

/* `npm install` with no package: it resolves the project anew. */
static void npm_bare(struct bh_check *c, const struct bh_rule *r, size_t i,
		     const struct sh_cmd *cmd)
{
	size_t s = cmd->sub;
	if (sh_has_opt(cmd, s, "-g", NULL) || sh_has_opt(cmd, s, "--global", NULL))
		return;
	/* the place of "each time the container starts" is its own */
	bh_report(c, r, word_span(c->df, i, &cmd->argv[s]),
		  "npm %s without packages resolves versions anew%s and may "
		  "rewrite the lockfile; use npm ci", cmd->argv[s].text,
		  dfr_when(&c->df->instrs[i]));
}

/* Whether a go.mod governs RUN "i": bind-mounted into it, or COPY'd
 * (alone or with the whole context) earlier in its stage.  Inside a module,
 * `go install pkg` builds the version go.mod pins. */
static bool has_go_mod(const struct df_model *m, size_t i)
{
	const struct df_instr *in = &m->instrs[i];
	for (size_t f = 0; f < in->op->nflags; f++)
		if (in->op->flags[f].value &&
		    strstr(in->op->flags[f].value, "go.mod"))
			return true;
	for (size_t q = i; q-- > 0;) {
		const struct df_instr *ci = &m->instrs[q];
		if (ci->stage != in->stage)
			break;
		const struct df_node *n = ci->node;
		if (!n || (!dfr_kw(n, "copy") && !dfr_kw(n, "add")))
			continue;
		for (size_t a = 0; a + 1 < n->nargs; a++) {
			const char *t = n->args[a].text;
			if (strstr(t, "go.mod") || dfr_streq(t, ".") || dfr_streq(t, "./"))
				return true;
		}
	}
	return false;
}

/* go install judges each module path on its own: a moving @ref, or no
 * @version for a remote module outside a go.mod. */
static void go_each(struct bh_check *c, const struct bh_rule *r, size_t i,
		    const struct sh_word *word)
{
	const char *w = word->text;
	const char *at = strrchr(w, '@');
	if (at) {
		const char *v = at + 1;
		if (dfr_streq(v, "latest") || dfr_streq(v, "master") ||
		    dfr_streq(v, "main") || dfr_streq(v, "HEAD"))
			report_word(c, r, i, word,
				    "go install of %.*s@%s follows a moving "
				    "ref, not a version", (int)(at - w), w, v);
		return;
	}
	/* local packages (./..., cmd/x) build from the module's go.mod */
	const char *slash = strchr(w, '/');
	size_t first = slash ? (size_t)(slash - w) : strlen(w);
	if (w[0] == '.' || w[0] == '/' || !memchr(w, '.', first) ||
	    has_go_mod(c->df, i))
		return;
	report_word(c, r, i, word, "go install of %s without @version", w);
}

/* One row per package manager: which subcommands install, what makes the
 * whole command quiet, how an operand shows a pin, how the finding reads
 * ("<label> <verb> of a, b without a version pin<hint>"). */
struct pin_row {
	const struct bh_rule *rule;     /* the row of bh_rules_df_packages */
	enum sh_pm pm;
	const char *const *verbs;
	const char *label;              /* NULL: the command's own name */
	const char *verb;
	const char *hint;
	const char *const *quiet_opts;  /* one of them after the verb pins
					   (a requirements file, -v) */
	const char *const *refresh_opts;/* with one of them ... */
	const char *const *refresh_tools;/* ... these refresh the tool */
	const char *project;            /* operand naming the local project:
					   its own pins apply, no finding */
	bool stop_at_dashdash;          /* operands after "--" are not
					   packages */
	bool (*pinned)(const char *w);
	void (*bare)(struct bh_check *c, const struct bh_rule *r, size_t i,
		     const struct sh_cmd *cmd);   /* no operand at all */
	void (*each)(struct bh_check *c, const struct bh_rule *r, size_t i,
		     const struct sh_word *w);    /* judges operands alone */
};

static const char *const v_install[] = { "install", NULL };
static const char *const v_add[] = { "add", NULL };
static const char *const v_npm[] = { "install", "i", "add", "isntall", "in",
				     "ins", "inst", "insta", "instal", "isnt",
				     "isnta", "isntal", NULL };
static const char *const v_gem[] = { "install", "i", NULL };
static const char *const v_zypper[] = { "install", "in", NULL };
static const char *const pip_quiet[] = { "-r", "--requirement", "-c",
					 "--constraint", NULL };
static const char *const pip_upgrade[] = { "-U", "--upgrade", NULL };
static const char *const pip_tools[] = { "pip", "setuptools", "wheel", NULL };
static const char *const gem_quiet[] = { "-v", "--version", NULL };

/* The pin rules' rows, defined after check_pins below. */
static const struct bh_rule rule_bh1100, rule_bh1101, rule_bh1102,
	rule_bh1103, rule_bh1104, rule_bh1105, rule_bh1106;

enum { PIN_APT, PIN_APK, PIN_PIP, PIN_NPM, PIN_GEM, PIN_GO, PIN_RPM,
       PIN_ZYPPER, PIN_ROWS };

static const struct pin_row pin_rows[PIN_ROWS] = {
	[PIN_APT] = { .rule = &rule_bh1100,
		.pm = SH_PM_APT, .verbs = v_install, .verb = "install",
		      .hint = "", .pinned = apt_pinned },
	[PIN_APK] = { .rule = &rule_bh1101,
		.pm = SH_PM_APK, .verbs = v_add, .label = "apk",
		      .verb = "add", .hint = " (pkg=version)",
		      .pinned = apk_pinned },
	[PIN_PIP] = { .rule = &rule_bh1102,
		.pm = SH_PM_PIP, .verbs = v_install, .label = "pip",
		      .verb = "install", .hint = " (pkg==version)",
		      .quiet_opts = pip_quiet, .refresh_opts = pip_upgrade,
		      .refresh_tools = pip_tools, .project = ".",
		      .pinned = pip_pinned },
	[PIN_NPM] = { .rule = &rule_bh1103,
		.pm = SH_PM_NPM, .verbs = v_npm, .label = "npm",
		      .verb = "install", .hint = " (pkg@version)",
		      .pinned = npm_pinned, .bare = npm_bare },
	[PIN_GEM] = { .rule = &rule_bh1104,
		.pm = SH_PM_GEM, .verbs = v_gem, .label = "gem",
		      .verb = "install", .hint = " (gem:version or -v)",
		      .quiet_opts = gem_quiet, .stop_at_dashdash = true,
		      .pinned = gem_pinned },
	[PIN_GO] = { .rule = &rule_bh1105,
		.pm = SH_PM_GO, .verbs = v_install, .each = go_each },
	[PIN_RPM] = { .rule = &rule_bh1106,
		.pm = SH_PM_RPM, .verbs = v_install, .verb = "install",
		      .hint = " (pkg-version)", .pinned = rpm_pinned },
	[PIN_ZYPPER] = { .rule = &rule_bh1106,
		.pm = SH_PM_ZYPPER, .verbs = v_zypper,
			 .verb = "install", .hint = " (pkg=version)",
			 .pinned = zypper_pinned },
};

static bool any_opt(const struct sh_cmd *cmd, size_t from,
		    const char *const *opts)
{
	for (size_t o = 0; opts && opts[o]; o++)
		if (sh_has_opt(cmd, from, opts[o], NULL))
			return true;
	return false;
}

static void pin_cmd(struct bh_check *c, const struct bh_rule *r, size_t i,
		    const struct sh_cmd *cmd, const struct pin_row *row)
{
	if (!sh_pm_is(cmd, row->pm, row->verbs) ||
	    any_opt(cmd, cmd->sub, row->quiet_opts))
		return;
	bool refresh = any_opt(cmd, cmd->sub, row->refresh_opts);
	struct namelist l = { .n = 0 };
	size_t nops = 0;
	bool dd = false;
	for (size_t j = sh_pkg_next(cmd, cmd->sub, &dd); j < cmd->argc;
	     j = sh_pkg_next(cmd, j, &dd)) {
		if (row->stop_at_dashdash && dd)
			break;
		const char *w = cmd->argv[j].text;
		nops++;
		if (row->project && dfr_streq(w, row->project))
			return;
		if (sh_word_dynamic(w))
			continue;
		if (row->each) {
			row->each(c, r, i, &cmd->argv[j]);
			continue;
		}
		if (row->pinned(w))
			continue;
		if (refresh && sh_word_in(cmd, j, row->refresh_tools))
			continue;
		namelist_add(&l, &cmd->argv[j]);
	}
	if (!nops && row->bare) {
		row->bare(c, r, i, cmd);
		return;
	}
	if (!l.first)
		return;
	char more[32];
	/* report_word() without its own vsnprintf: the parts are short
	 * (a manager's name, l.buf's 256 bytes), the message whole */
	bh_report(c, r, word_span(c->df, i, l.first),
		  "%s %s of %s%s without a version pin%s%s",
		  row->label ? row->label : cmd->name, row->verb, l.buf,
		  namelist_more(&l, more, sizeof(more)), row->hint,
		  dfr_when(&c->df->instrs[i]));
}

/* BH1100-BH1106: every row of rule "r", for every RUN command. */
static void check_pins(struct bh_check *c, const struct bh_rule *r)
{
	const struct df_model *m = c->df;
	const unsigned *fm = facts_masks(c);
	/* the managers r has rows for: most commands have none of them */
	_Static_assert(SH_PM_CARGO < 8 * sizeof(unsigned long), "pm bits");
	unsigned long pms = 0;
	for (size_t p = 0; p < PIN_ROWS; p++)
		if (pin_rows[p].rule == r)
			pms |= 1ul << pin_rows[p].pm;
	if (!(model_pms(c) & pms))
		return;
	for (size_t i = 0; i < m->ninstrs; i++) {
		const struct df_instr *in = &m->instrs[i];
		if (!in->script.ncmds || !(pms_at(fm, i) & pms) ||
		    !runs_cmds(in))
			continue;
		for (size_t j = 0; j < in->script.ncmds; j++) {
			const struct sh_cmd *cmd = &in->script.cmds[j];
			if (!(pms & 1ul << cmd->pm))
				continue;
			for (size_t p = 0; p < PIN_ROWS; p++)
				if (pin_rows[p].rule == r &&
				    cmd->pm == pin_rows[p].pm)
					pin_cmd(c, r, i, cmd, &pin_rows[p]);
		}
	}
}

static const struct bh_rule rule_bh1100 = {
	.id = "BH1100",
	.severity = BH_SEV_MEDIUM,
	.practice = "pin-packages",
	.target = BH_TARGET_DOCKERFILE,
	.title = "apt-get install without version pins",
	.why = "Unpinned packages make every build pick whatever the "
	       "mirror has that day, so two builds of one Dockerfile "
	       "differ.  " AT_START,
	.fix = "Pin each package (apt-get install curl=8.5.0-2) or "
	       "install from a pinned snapshot repository.",
	.hadolint = "DL3008",
	.check = check_pins,
};

static const struct bh_rule rule_bh1101 = {
	.id = "BH1101",
	.severity = BH_SEV_MEDIUM,
	.practice = "pin-packages",
	.target = BH_TARGET_DOCKERFILE,
	.title = "apk add without version pins",
	.why = "Unpinned packages make every build pick whatever the "
	       "repository has that day.  " AT_START,
	.fix = "Pin each package (apk add curl=8.5.0-r0) or a "
	       "compatible range (curl~8.5).",
	.hadolint = "DL3018",
	.check = check_pins,
};

static const struct bh_rule rule_bh1102 = {
	.id = "BH1102",
	.severity = BH_SEV_MEDIUM,
	.practice = "pin-packages",
	.target = BH_TARGET_DOCKERFILE,
	.title = "pip install without version pins",
	.why = "Unpinned Python packages change from build to build "
	       "and can pull a compromised release.  " AT_START,
	.fix = "Pin versions (pip install flask==3.0.3) or install "
	       "from a requirements or constraints file with pinned "
	       "versions.",
	.hadolint = "DL3013",
	.check = check_pins,
};

/* The index of the shell-form RUN (not an ONBUILD trigger) whose lines
 * hold finding "f", or (size_t)-1: the instruction a RUN fix edits. */
static size_t fix_run_index(struct bh_check *c, const struct df_model *m,
			    const struct bh_finding *f)
{
	for (size_t i = 0; i < m->ninstrs; i++) {
		const struct df_instr *in = &m->instrs[i];
		const struct df_node *n = in->node;
		if (f->span.line < n->line || f->span.line > n->end_line)
			continue;
		if (!is_run(in) || in->onbuild || in->script_src != DF_SCRIPT_REST) {
			bh_fix_why(c, "the command is in %s: only a RUN's "
				   "shell-form line is edited (edit by hand)",
				   !is_run(in) ? "no RUN"
				   : in->onbuild ? "an ONBUILD trigger"
				   : in->script_src == DF_SCRIPT_EXEC
					   ? "an exec-form RUN ([\"sh\", \"-c\", ...])"
				   : in->script_src == DF_SCRIPT_HEREDOC ||
				     in->script_src == DF_SCRIPT_REST_HEREDOC
					   ? "a heredoc"
					   : "a RUN whose script is not shell");
			return (size_t)-1;
		}
		return i;
	}
	return (size_t)-1;
}

/* Fix: a bare `npm install` (or `npm i`) becomes `npm ci` when a
 * lockfile is in the build context (the scan's facts). */
static void fix_bh1103(struct bh_check *c, const struct bh_rule *self,
		       const struct bh_finding *f)
{
	const struct df_model *m = c->df;
	if (!c->facts || !c->facts->context_known) {
		bh_fix_why(c, "the build context is not on disk: whether it "
			   "holds a lock file for `npm ci` is not known");
		return;
	}
	if (!c->facts->has_npm_lock) {
		bh_fix_why(c, "no package-lock.json or npm-shrinkwrap.json at "
			   "the top of the build context (or it is ignored): "
			   "`npm ci` would fail (commit a lock file first)");
		return;
	}
	bh_fix_why(c, "the npm install is not bare (it names packages): "
		   "`npm ci` installs none by name (pin them in package.json "
		   "by hand)");
	size_t i = fix_run_index(c, m, f);
	if (i == (size_t)-1)
		return;
	const struct df_instr *in = &m->instrs[i];
	for (size_t j = 0; j < in->script.ncmds; j++) {
		const struct sh_cmd *cmd = &in->script.cmds[j];
		size_t k;
		if (!dfr_streq(sh_cmd_proper(cmd, &k), "npm") ||
		    cmd->sub >= cmd->argc)
			continue;
		const struct sh_word *w = &cmd->argv[cmd->sub];
		struct bh_span ws = word_span(m, i, w);
		if (ws.line != f->span.line || ws.col != f->span.col)
			continue;
		for (size_t a = cmd->sub + 1; a < cmd->argc; a++)
			if (cmd->argv[a].text[0] != '-') {
				/* named packages */
				bh_fix_why(c, "npm install names packages: "
					   "`npm ci` installs none by name (pin "
					   "them in package.json by hand)");
				return;
			}
		const char *t = dfr_streq(w->raw, "install") ? "install" :
				dfr_streq(w->raw, "i") ? "i" : NULL;
		if (!t || !bh_fix_text_is(c, f->span, t))
			return;
		size_t at = bh_fix_offset(c, f->span.line, f->span.col);
		if (at != (size_t)-1)
			bh_fix_edit(c, self, at, at + strlen(t), "ci", NULL);
		return;
	}
}

static const struct bh_rule rule_bh1103 = {
	.id = "BH1103",
	.severity = BH_SEV_MEDIUM,
	.practice = "pin-packages",
	.target = BH_TARGET_DOCKERFILE,
	.title = "npm install without pins or lockfile",
	.why = "npm install resolves versions anew and may rewrite "
	       "package-lock.json; unpinned packages change from "
	       "build to build.  " AT_START,
	.fix = "Use npm ci with a committed package-lock.json, or "
	       "pin each package (npm install express@4.19.2).",
	.hadolint = "DL3016",
	.check = check_pins,
	.fix_fn = fix_bh1103,
	.fix_risk = "npm ci fails when package-lock.json does not match "
		    "package.json, and removes an existing node_modules first",
};

static const struct bh_rule rule_bh1104 = {
	.id = "BH1104",
	.severity = BH_SEV_MEDIUM,
	.practice = "pin-packages",
	.target = BH_TARGET_DOCKERFILE,
	.title = "gem install without version pins",
	.why = "Unpinned gems change from build to build.  " AT_START,
	.fix = "Pin the version (gem install bundler -v 2.5.10 or "
	       "gem install bundler:2.5.10), or use a Gemfile.lock.",
	.hadolint = "DL3028",
	.check = check_pins,
};

static const struct bh_rule rule_bh1105 = {
	.id = "BH1105",
	.severity = BH_SEV_MEDIUM,
	.practice = "pin-packages",
	.target = BH_TARGET_DOCKERFILE,
	.title = "go install without @version",
	.why = "Without an exact version, go install builds whatever "
	       "the module's default branch or latest tag is at "
	       "build time.  " AT_START,
	.fix = "Install an exact version: go install "
	       "example.com/tool@v1.2.3.",
	.hadolint = "DL3062",
	.check = check_pins,
};

static const struct bh_rule rule_bh1106 = {
	.id = "BH1106",
	.severity = BH_SEV_MEDIUM,
	.practice = "pin-packages",
	.target = BH_TARGET_DOCKERFILE,
	.title = "yum/dnf/zypper install without version pins",
	.why = "Unpinned RPM packages make every build pick whatever "
	       "the repository has that day.  " AT_START,
	.fix = "Pin versions (dnf install -y httpd-2.4.57, zypper "
	       "install -y 'curl=8.0.1').",
	.hadolint = "DL3033,DL3041,DL3037",
	.check = check_pins,
};

/* ------------------------------------------------------------------ */
/* BH1107 download piped into a shell                                  */
/* ------------------------------------------------------------------ */

/* sh, bash, dash, zsh, ash, ksh, mksh, python, python2, python3, perl,
 * ruby, node, php, pwsh: by first byte (asked of every command by
 * BH1107 and BH1115). */
static bool is_shell_or_interp(const char *name)
{
	switch (name ? name[0] : 0) {
	case 's': return dfr_streq(name, "sh");
	case 'b': return dfr_streq(name, "bash");
	case 'd': return dfr_streq(name, "dash");
	case 'z': return dfr_streq(name, "zsh");
	case 'a': return dfr_streq(name, "ash");
	case 'k': return dfr_streq(name, "ksh");
	case 'm': return dfr_streq(name, "mksh");
	case 'r': return dfr_streq(name, "ruby");
	case 'n': return dfr_streq(name, "node");
	case 'p':
		return dfr_streq(name, "python") || dfr_streq(name, "python2") ||
		       dfr_streq(name, "python3") || dfr_streq(name, "perl") ||
		       dfr_streq(name, "php") || dfr_streq(name, "pwsh");
	default:
		return false;
	}
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
	/* each starts with $, ` or <: most words have none */
	if (!strpbrk(raw, "$`<"))
		return NULL;
	for (size_t i = 0; forms[i]; i++)
		if (strstr(raw, forms[i]))
			return strstr(forms[i], "curl") ? "curl" : "wget";
	return NULL;
}

static void check_bh1107(struct bh_check *c, const struct bh_rule *self)
{
	const struct df_model *m = c->df;
	const unsigned *fm = facts_masks(c);
	if (!(model_pms(c) & NM_FETCH_RUN))
		return;
	for (size_t i = 0; i < m->ninstrs; i++) {
		const struct df_instr *in = &m->instrs[i];
		/* also what the container runs: CMD, ENTRYPOINT,
		 * HEALTHCHECK (report_word() says so) */
		if (!in->script.ncmds || !(pms_at(fm, i) & NM_FETCH_RUN) ||
		    !runs_cmds(in))
			continue;
		for (size_t j = 0; j < in->script.ncmds; j++) {
			const struct sh_cmd *cmd = &in->script.cmds[j];
			size_t k;
			const char *name = sh_cmd_proper(cmd, &k);
			if (is_fetcher(name) && cmd->op_after == SH_OP_PIPE &&
			    j + 1 < in->script.ncmds) {
				const struct sh_cmd *nx = &in->script.cmds[j + 1];
				size_t k2;
				const char *sh = sh_cmd_proper(nx, &k2);
				if (is_shell_or_interp(sh))
					report_word(c, self, i, &cmd->argv[k],
						    "%s output piped into %s runs "
						    "a downloaded script "
						    "unverified", name, sh);
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

static const struct bh_rule rule_bh1107 = {
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
};

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
		/* what the container runs clones at every start: only a
		 * checkout in the same command line pins it */
		if (!in->script.ncmds || !runs_cmds(in) ||
		    (is_run(in) ? pinned_from[i]
				: run_has(m, i, "git", pin, git_argopts)))
			continue;
		for (size_t j = 0; j < in->script.ncmds; j++) {
			const struct sh_cmd *cmd = &in->script.cmds[j];
			size_t k;
			if (!dfr_streq(sh_cmd_proper(cmd, &k), "git"))
				continue;
			size_t s = sh_first_operand(cmd, k, git_argopts);
			if (!sh_word_in(cmd, s, clone))
				continue;
			if (sh_has_opt(cmd, s, "-b", NULL) ||
			    sh_has_opt(cmd, s, "--branch", NULL) ||
			    sh_has_opt(cmd, s, "--revision", NULL))
				continue;
			bool dd = false;
			size_t u = sh_next_operand(cmd, s, clone_argopts, &dd);
			if (u >= cmd->argc || sh_word_dynamic(cmd->argv[u].text))
				continue;
			report_word(c, self, i, &cmd->argv[s],
				    "git clone of %s without a tag or commit "
				    "(--branch <tag> or git checkout <commit>)",
				    cmd->argv[u].text);
		}
	}
}

static const struct bh_rule rule_bh1108 = {
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
};

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
	const unsigned *fm = facts_masks(c);
	if (!(model_pms(c) & (PM_BIT(SH_PM_APT))))
		return;
	size_t conf = recommends_configured(m);
	for (size_t i = 0; i < m->ninstrs && i < conf; i++) {
		const struct df_instr *in = &m->instrs[i];
		if (!(pms_at(fm, i) & (PM_BIT(SH_PM_APT))) ||
		    !is_run(in) || !stage_in_image(m, in->stage))
			continue;
		for (size_t j = 0; j < in->script.ncmds; j++) {
			const struct sh_cmd *cmd = &in->script.cmds[j];
			size_t k;
			const char *name = sh_cmd_proper(cmd, &k);
			if (cmd->pm != SH_PM_APT)
				continue;
			size_t s = sh_first_operand(cmd, k, sh_pm_argopts(SH_PM_APT));
			if (!sh_word_in(cmd, s, subs) ||
			    sh_has_opt(cmd, k, "--no-install-recommends", NULL))
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

/* Fix: "--no-install-recommends" after "install". */
static void fix_bh1110(struct bh_check *c, const struct bh_rule *self,
		       const struct bh_finding *f)
{
	static const char *const w[] = { "install", NULL };
	fix_after_word(c, self, f, w, " --no-install-recommends");
}

static const struct bh_rule rule_bh1110 = {
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
	.fix_fn = fix_bh1110,
	.fix_risk = "a program that relied on a recommended package (a CA bundle, "
		     "a locale, a helper binary) misses it at run time; add it "
		     "to the install by name",
};

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
	const unsigned *fm = facts_masks(c);
	if (!(model_pms(c) & (PM_BIT(SH_PM_APT))))
		return;
	for (size_t i = 0; i < m->ninstrs; i++) {
		const struct df_instr *in = &m->instrs[i];
		if (!(pms_at(fm, i) & (PM_BIT(SH_PM_APT))) ||
		    !is_run(in) || !stage_in_image(m, in->stage))
			continue;
		if (run_removes(m, i, lists) || has_mount(in, "cache", cache) ||
		    run_has(m, i, "apt-get", distclean, sh_pm_argopts(SH_PM_APT)) ||
		    run_has(m, i, "apt", distclean, sh_pm_argopts(SH_PM_APT)))
			continue;
		for (size_t j = 0; j < in->script.ncmds; j++) {
			const struct sh_cmd *cmd = &in->script.cmds[j];
			size_t k;
			const char *name = sh_cmd_proper(cmd, &k);
			if (cmd->pm != SH_PM_APT)
				continue;
			size_t s = sh_first_operand(cmd, k, sh_pm_argopts(SH_PM_APT));
			if (!sh_word_in(cmd, s, update))
				continue;
			report_word(c, self, i, &cmd->argv[s],
				    "%s update without rm -rf /var/lib/apt/lists/* "
				    "in the same RUN leaves the package lists in "
				    "the image", name);
			break;
		}
	}
}

/* Fix: " && rm -rf /var/lib/apt/lists/ *" (no blank) at the end of the RUN, when it
 * installs from the lists it fetched (a RUN that only updates leaves them
 * to a later one, which would then find none) and is shell form on its
 * own node: no heredoc, no ONBUILD, no comment, and the script ends with
 * a plain command (not "&", ";", "|", an escape). */
static void fix_bh1111(struct bh_check *c, const struct bh_rule *self,
		       const struct bh_finding *f)
{
	static const char *const install[] = { "install", NULL };
	const struct df_model *m = c->df;
	size_t i = fix_run_index(c, m, f);
	if (i == (size_t)-1)
		return;
	const struct df_instr *in = &m->instrs[i];
	const struct df_node *n = in->node;
	if (n->nheredocs || !n->rest_len || memchr(n->rest, '#', n->rest_len)) {
		bh_fix_why(c, "the RUN %s: the end of its script is not sure "
			   "(add && rm -rf /var/lib/apt/lists/* by hand)",
			   n->nheredocs ? "is a heredoc"
			   : n->rest_len ? "holds a '#'" : "is empty");
		return;
	}
	bool installs = false;
	for (size_t j = 0; j < in->script.ncmds && !installs; j++) {
		const struct sh_cmd *cmd = &in->script.cmds[j];
		size_t k;
		sh_cmd_proper(cmd, &k);
		if (cmd->pm != SH_PM_APT)
			continue;
		size_t sub = sh_first_operand(cmd, k, sh_pm_argopts(SH_PM_APT));
		installs = sh_word_in(cmd, sub, install);
	}
	char last = n->rest[n->rest_len - 1];
	if (!installs) {
		bh_fix_why(c, "the RUN only updates: a later RUN installs from "
			   "its lists, which removing them would break (clean "
			   "up in that RUN by hand)");
		return;
	}
	if (strchr(";&|\\`", last)) {
		bh_fix_why(c, "the RUN's script ends with '%c': nothing is "
			   "appended after it (add the clean-up by hand)", last);
		return;
	}
	int line = 0, col = 0;
	df_locate(n, n->rest_len - 1, &line, &col);
	size_t at = bh_fix_offset(c, line, col);
	if (at == (size_t)-1 || at >= c->text_len || c->text[at] != last)
		return;
	bh_fix_edit(c, self, at + 1, at + 1,
		    " && rm -rf /var/lib/apt/lists/*", NULL);
}

static const struct bh_rule rule_bh1111 = {
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
	.fix_fn = fix_bh1111,
	.fix_risk = "a later RUN that installs with apt-get without its own "
		    "apt-get update finds no package lists and fails",
};

/* ------------------------------------------------------------------ */
/* BH1112 apt-get without -y                                           */
/* ------------------------------------------------------------------ */

/* Whether long option w is "opt" or "opt=...": sh_find_opt()'s test. */
static bool long_opt_is(const char *w, const char *opt)
{
	size_t n = strlen(opt);
	return strncmp(w, opt, n) == 0 && (w[n] == 0 || w[n] == '=');
}

static bool apt_assumes_yes(const struct sh_cmd *cmd, size_t k)
{
	/* simulations never prompt: -s (bundles: -sq; not past o, c, t
	 * which take a value), --simulate, --dry-run, --just-print,
	 * --no-act, --recon; nor does -y, --yes, --assume-yes,
	 * --force-yes.  One pass, as sh_has_opt() for each would find
	 * them: up to "--" */
	static const char *const longs[] = { "--simulate", "--dry-run",
		"--just-print", "--no-act", "--recon", "--yes",
		"--assume-yes", "--force-yes", NULL };
	for (size_t j = k; j < cmd->argc; j++) {
		const char *w = cmd->argv[j].text;
		if (w[0] != '-')
			continue;
		if (w[1] == '-') {
			if (!w[2])
				break;  /* "--" */
			for (size_t o = 0; longs[o]; o++)
				if (long_opt_is(w, longs[o]))
					return true;
		} else if (w[1]) {
			for (const char *p = w + 1; *p; p++) {
				if (*p == 's' || *p == 'y')
					return true;
				if (strchr("oct", *p) ||
				    !isalnum((unsigned char)*p))
					break;
			}
		}
	}
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
	const unsigned *fm = facts_masks(c);
	if (!(model_pms(c) & (PM_BIT(SH_PM_APT))))
		return;
	for (size_t i = 0; i < m->ninstrs; i++) {
		const struct df_instr *in = &m->instrs[i];
		if (!(pms_at(fm, i) & (PM_BIT(SH_PM_APT))) ||
		    !in->script.ncmds || !runs_cmds(in))
			continue;
		for (size_t j = 0; j < in->script.ncmds; j++) {
			const struct sh_cmd *cmd = &in->script.cmds[j];
			size_t k;
			const char *name = sh_cmd_proper(cmd, &k);
			if (cmd->pm != SH_PM_APT)
				continue;
			size_t s = sh_first_operand(cmd, k, sh_pm_argopts(SH_PM_APT));
			if (!sh_word_in(cmd, s, subs) || apt_assumes_yes(cmd, k))
				continue;
			const struct sh_cmd *prev =
				j > 0 ? &in->script.cmds[j - 1] : NULL;
			if (prev && prev->op_after == SH_OP_PIPE) {
				size_t k0;
				if (dfr_streq(sh_cmd_proper(prev, &k0), "yes"))
					continue;
			}
			report_word(c, self, i, &cmd->argv[s],
				    "%s %s without -y waits for an answer", name,
				    cmd->argv[s].text);
		}
	}
}

/* Fix: "-y" after the subcommand ("apt-get install -y"). */
static void fix_bh1112(struct bh_check *c, const struct bh_rule *self,
		       const struct bh_finding *f)
{
	static const char *const w[] = { "install", "upgrade", "dist-upgrade",
					 "full-upgrade", "remove", "purge",
					 "autoremove", "build-dep", NULL };
	fix_after_word(c, self, f, w, " -y");
}

static const struct bh_rule rule_bh1112 = {
	.id = "BH1112",
	.severity = BH_SEV_MEDIUM,
	.practice = "pin-packages",
	.target = BH_TARGET_DOCKERFILE,
	.title = "apt-get without -y",
	.why = "Without -y apt-get asks for confirmation and the "
	       "build aborts (in a CMD, ENTRYPOINT or HEALTHCHECK, the "
	       "start).",
	.fix = "Add -y (apt-get install -y ...).",
	.hadolint = "DL3014",
	.trivy = "DS-0021",
	.check = check_bh1112,
	.fix_fn = fix_bh1112,
	.fix_risk = "nothing the build relied on: without -y it stopped at the "
		     "prompt; with it, a removal apt would have asked about "
		     "goes ahead",
};

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
	if (cmd->pm == SH_PM_APT) {
		s = sh_first_operand(cmd, k, sh_pm_argopts(SH_PM_APT));
		if (!sh_word_in(cmd, s, apt_subs))
			return;
	} else if (dfr_streq(name, "zypper")) {
		s = sh_first_operand(cmd, k, sh_pm_argopts(SH_PM_ZYPPER));
		if (!sh_word_in(cmd, s, zyp_subs))
			return;
	} else {
		return;
	}
	report_word(c, r, i, &cmd->argv[s],
		    dfr_runtime_kw(&c->df->instrs[i])
			    ? "%s %s upgrades the image's packages from the "
			      "network"
			    : "%s %s upgrades the base image's packages in an "
			      "unpinned layer", name, cmd->argv[s].text);
}

static void check_bh1113(struct bh_check *c, const struct bh_rule *self)
{
	each_cmd_of(c, self, true, PM_BIT(SH_PM_APT) | PM_BIT(SH_PM_ZYPPER),
		    bh1113_cmd);
}

static const struct bh_rule rule_bh1113 = {
	.id = "BH1113",
	.severity = BH_SEV_LOW,
	.practice = "pin-packages",
	.target = BH_TARGET_DOCKERFILE,
	.title = "apt-get upgrade or dist-upgrade in the Dockerfile",
	.why = "Upgrading in a layer duplicates the base image's "
	       "files and makes the result depend on the day of the "
	       "build; in a CMD, ENTRYPOINT or HEALTHCHECK it runs at "
	       "every start, with the network and root.",
	.fix = "Rebuild on a newer base image tag instead, or "
	       "upgrade only the packages that need it with pinned "
	       "versions.",
	.hadolint = "DL3035",
	.trivy = "DS-0024",
	.other = "Dockle:DKL-DI-0003",
	.check = check_bh1113,
};

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
	each_cmd_of(c, self, false, PM_BIT(SH_PM_APT), bh1114_cmd);
}

static const struct bh_rule rule_bh1114 = {
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
};

/* ------------------------------------------------------------------ */
/* BH1115 update alone in its RUN                                      */
/* ------------------------------------------------------------------ */

/* Whether a command may install packages: a package manager's install
 * verbs, or a script we cannot see into. */
static bool installs(const struct sh_cmd *cmd)
{
	static const char *const apt_i[] = { "install", "reinstall",
					     "upgrade", "dist-upgrade",
					     "full-upgrade", "build-dep",
					     "source", NULL };
	static const char *const apk_i[] = { "add", "upgrade", "fix", NULL };
	static const char *const zyp_i[] = { "install", "in", "update", "up",
					     "dist-upgrade", "dup", "patch",
					     NULL };
	size_t k;
	const char *name = sh_cmd_proper(cmd, &k);
	if (!*name)
		return false;
	if (cmd->pm == SH_PM_APT)
		return sh_word_in(cmd, sh_first_operand(cmd, k, sh_pm_argopts(SH_PM_APT)), apt_i);
	if (dfr_streq(name, "apk"))
		return sh_word_in(cmd, sh_first_operand(cmd, k, sh_pm_argopts(SH_PM_APK)), apk_i);
	if (dfr_streq(name, "zypper"))
		return sh_word_in(cmd, sh_first_operand(cmd, k, sh_pm_argopts(SH_PM_ZYPPER)), zyp_i);
	if (dfr_streq(name, "apt-cache") || dfr_streq(name, "echo") ||
	    dfr_streq(name, "rm") || dfr_streq(name, "set") || dfr_streq(name, "true") ||
	    dfr_streq(name, "export") || dfr_streq(name, "mkdir") ||
	    dfr_streq(name, "printf") || dfr_streq(name, ":") || dfr_streq(name, "ln") ||
	    dfr_streq(name, "cat") || dfr_streq(name, "apt-get") || dfr_streq(name, "apt") ||
	    dfr_streq(name, "cd"))
		return false;
	/* anything else may be a script that installs */
	return txt_ends(name, ".sh") || txt_starts(cmd->argv[k].text, "./") ||
	       is_shell_or_interp(name) || dfr_streq(name, "source") ||
	       dfr_streq(name, ".") || dfr_streq(name, "make") ||
	       dfr_streq(name, "apt-install") || dfr_streq(name, "install_packages") ||
	       dfr_streq(name, "xargs");
}

/* Whether a command after the update does work in the same layer (so
 * the update is not alone: apt-get purge, reinstall, a download, a
 * build); printing, shell options and variables do not. */
static bool continues(const struct sh_cmd *cmd, const char *name)
{
	static const char *const idle[] = { "echo", "printf", "true", "false",
					    ":", "set", "export", "unset",
					    NULL };
	static const char *const clean[] = { "clean", "autoclean",
					     "cache", NULL };
	if (!*name || cmd->in_substitution)
		return false;
	for (size_t k = 0; idle[k]; k++)
		if (dfr_streq(name, idle[k]))
			return false;
	/* apt-get clean leaves the fetched lists: still a stale index */
	if (cmd->pm == SH_PM_APT || cmd->pm == SH_PM_APK)
		return !sh_word_in(cmd, cmd->sub, clean);
	return true;
}

static void check_bh1115(struct bh_check *c, const struct bh_rule *self)
{
	static const char *const apt_u[] = { "update", NULL };
	static const char *const zyp_u[] = { "refresh", "ref", NULL };
	const struct df_model *m = c->df;
	const unsigned *fm = facts_masks(c);
	if (!(model_pms(c) & (APT_APK_ZYPPER)))
		return;
	for (size_t i = 0; i < m->ninstrs; i++) {
		const struct df_instr *in = &m->instrs[i];
		if (!(pms_at(fm, i) & (APT_APK_ZYPPER)) ||
		    !is_run(in))
			continue;
		const struct sh_cmd *upd = NULL;
		size_t us = 0;
		bool inst = false;
		for (size_t j = 0; j < in->script.ncmds; j++) {
			const struct sh_cmd *cmd = &in->script.cmds[j];
			size_t k;
			const char *name = sh_cmd_proper(cmd, &k);
			size_t s = 0;
			bool u = false;
			if (cmd->pm == SH_PM_APT) {
				s = sh_first_operand(cmd, k, sh_pm_argopts(SH_PM_APT));
				u = sh_word_in(cmd, s, apt_u);
			} else if (dfr_streq(name, "apk")) {
				s = sh_first_operand(cmd, k, sh_pm_argopts(SH_PM_APK));
				u = sh_word_in(cmd, s, apt_u);
			} else if (dfr_streq(name, "zypper")) {
				s = sh_first_operand(cmd, k, sh_pm_argopts(SH_PM_ZYPPER));
				u = sh_word_in(cmd, s, zyp_u);
			}
			if (u && !upd)
				upd = cmd, us = s;
			else if (!u && (installs(cmd) ||
					(upd && continues(cmd, name))))
				inst = true;
			if (inst)
				break;  /* nothing to report for this RUN */
		}
		if (!upd || inst)
			continue;
		size_t k0;
		report_word(c, self, i, &upd->argv[us],
			    "%s %s alone in its RUN: the cached index goes stale "
			    "for the installs in later layers",
			    sh_cmd_proper(upd, &k0), upd->argv[us].text);
	}
}

static const struct bh_rule rule_bh1115 = {
	.id = "BH1115",
	.severity = BH_SEV_MEDIUM,
	.practice = "pin-packages",
	.target = BH_TARGET_DOCKERFILE,
	.title = "Package index update alone in its RUN",
	.why = "A cached `apt-get update` layer is reused by later "
	       "builds, so installs in later RUNs use a stale index "
	       "and can fail or install old versions.  Reported when "
	       "nothing in the RUN installs and nothing but echo, "
	       "set or export follows the update.",
	.fix = "Update and install in one RUN: apt-get update && "
	       "apt-get install -y ...",
	.trivy = "DS-0017",
	.checkov = "CKV_DOCKER_5",
	.cis = "4.7",
	.other = "Dockle:CIS-DI-0007",
	.check = check_bh1115,
};

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
	const unsigned *fm = facts_masks(c);
	if (!(model_pms(c) & (PM_BIT(SH_PM_APK))))
		return;
	for (size_t i = 0; i < m->ninstrs; i++) {
		const struct df_instr *in = &m->instrs[i];
		if (!(pms_at(fm, i) & (PM_BIT(SH_PM_APK))) ||
		    !is_run(in) || !stage_in_image(m, in->stage))
			continue;
		if (run_removes(m, i, cache) || has_mount(in, "cache", cache) ||
		    run_has(m, i, "apk", cclean, sh_pm_argopts(SH_PM_APK)))
			continue;
		for (size_t j = 0; j < in->script.ncmds; j++) {
			const struct sh_cmd *cmd = &in->script.cmds[j];
			size_t k;
			if (!dfr_streq(sh_cmd_proper(cmd, &k), "apk"))
				continue;
			size_t s = sh_first_operand(cmd, k, sh_pm_argopts(SH_PM_APK));
			/* --no-network reads only what is already cached */
			if (!sh_word_in(cmd, s, add) ||
			    sh_has_opt(cmd, k, "--no-cache", NULL) ||
			    sh_has_opt(cmd, k, "--no-network", NULL))
				continue;
			report_word(c, self, i, &cmd->argv[s],
				    "apk add without --no-cache leaves the package "
				    "index in the image");
		}
	}
}

/* Fix: "--no-cache" after "add" ("apk add --no-cache"). */
static void fix_bh1116(struct bh_check *c, const struct bh_rule *self,
		       const struct bh_finding *f)
{
	static const char *const w[] = { "add", NULL };
	fix_after_word(c, self, f, w, " --no-cache");
}

static const struct bh_rule rule_bh1116 = {
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
	.fix_fn = fix_bh1116,
	.fix_risk = "a later RUN that installs from the local index without "
		     "apk update first no longer finds it",
};

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
	const unsigned *fm = facts_masks(c);
	if (!(model_pms(c) & (PM_BIT(SH_PM_PIP))))
		return;
	for (size_t i = 0; i < m->ninstrs; i++) {
		const struct df_instr *in = &m->instrs[i];
		if (!(pms_at(fm, i) & (PM_BIT(SH_PM_PIP))) ||
		    !is_run(in) || !stage_in_image(m, in->stage))
			continue;
		if (env_set(in, "PIP_NO_CACHE_DIR") ||
		    has_mount(in, "cache", cache) || run_removes(m, i, cache))
			continue;
		for (size_t j = 0; j < in->script.ncmds; j++) {
			const struct sh_cmd *cmd = &in->script.cmds[j];
			size_t k, p;
			/* sh_pm_of() from the command proper: cmd->pm */
			if (!*sh_cmd_proper(cmd, &k) || cmd->pm != SH_PM_PIP)
				continue;
			p = cmd->pm_at;
			size_t s = sh_first_operand(cmd, p, sh_pm_argopts(SH_PM_PIP));
			if (!sh_word_in(cmd, s, install) ||
			    sh_has_opt(cmd, p, "--no-cache-dir", NULL) ||
			    sh_has_opt(cmd, p, "--no-cache", NULL))
				continue;
			if (sh_has_assign(cmd, "PIP_NO_CACHE_DIR"))
				continue;
			report_word(c, self, i, &cmd->argv[s],
				    "pip install without --no-cache-dir keeps the "
				    "wheel cache in the image");
		}
	}
}

/* Fix: "--no-cache-dir" after "install" ("pip install --no-cache-dir"). */
static void fix_bh1117(struct bh_check *c, const struct bh_rule *self,
		       const struct bh_finding *f)
{
	static const char *const w[] = { "install", NULL };
	fix_after_word(c, self, f, w, " --no-cache-dir");
}

static const struct bh_rule rule_bh1117 = {
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
	.fix_fn = fix_bh1117,
	.fix_risk = "a later pip install in another RUN downloads the wheels "
		     "again instead of reusing the cache (slower builds, same "
		     "image)",
};

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
		s = sh_first_operand(cmd, k, sh_pm_argopts(SH_PM_ZYPPER));
		if (!sh_word_in(cmd, s, zyp_subs))
			return;
		if (sh_has_opt(cmd, k, "-n", "rDCRtc") ||
		    sh_has_opt(cmd, k, "--non-interactive", NULL) ||
		    sh_has_opt(cmd, s, "-y", NULL) ||
		    sh_has_opt(cmd, s, "--no-confirm", NULL))
			return;
		report_word(c, r, i, &cmd->argv[s],
			    "zypper %s without --non-interactive waits for an "
			    "answer", cmd->argv[s].text);
		return;
	}
	if (cmd->pm != SH_PM_RPM || dfr_streq(name, "microdnf"))
		return;
	s = sh_first_operand(cmd, k, sh_pm_argopts(SH_PM_RPM));
	if (!sh_word_in(cmd, s, yum_subs))
		return;
	if (sh_has_opt(cmd, k, "-y", "cxde") || sh_has_opt(cmd, k, "--assumeyes", NULL))
		return;
	report_word(c, r, i, &cmd->argv[s], "%s %s without -y waits for an answer",
		    name, cmd->argv[s].text);
}

static void check_bh1118(struct bh_check *c, const struct bh_rule *self)
{
	each_cmd_of(c, self, true, PM_BIT(SH_PM_RPM) | PM_BIT(SH_PM_ZYPPER),
		    bh1118_cmd);
}

static const struct bh_rule rule_bh1118 = {
	.id = "BH1118",
	.severity = BH_SEV_MEDIUM,
	.practice = "pin-packages",
	.target = BH_TARGET_DOCKERFILE,
	.title = "yum/dnf/zypper without -y or --non-interactive",
	.why = "The package manager asks for confirmation and the "
	       "build aborts (in a CMD, ENTRYPOINT or HEALTHCHECK, the "
	       "start).",
	.fix = "Add -y (yum/dnf) or --non-interactive (zypper).",
	.hadolint = "DL3030,DL3038,DL3034",
	.check = check_bh1118,
};

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
	const unsigned *fm = facts_masks(c);
	if (!(model_pms(c) & (PM_BIT(SH_PM_RPM) | PM_BIT(SH_PM_ZYPPER))))
		return;
	for (size_t i = 0; i < m->ninstrs; i++) {
		const struct df_instr *in = &m->instrs[i];
		if (!(pms_at(fm, i) & (PM_BIT(SH_PM_RPM) | PM_BIT(SH_PM_ZYPPER))) ||
		    !is_run(in) || !stage_in_image(m, in->stage))
			continue;
		if (run_removes(m, i, cache) || has_mount(in, "cache", cache))
			continue;
		for (size_t j = 0; j < in->script.ncmds; j++) {
			const struct sh_cmd *cmd = &in->script.cmds[j];
			size_t k;
			const char *name = sh_cmd_proper(cmd, &k);
			bool zypper = dfr_streq(name, "zypper");
			if (!zypper && cmd->pm != SH_PM_RPM)
				continue;
			const char *const *ao =
				zypper ? sh_pm_argopts(SH_PM_ZYPPER) : sh_pm_argopts(SH_PM_RPM);
			size_t s = sh_first_operand(cmd, k, ao);
			if (!sh_word_in(cmd, s, inst))
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

static const struct bh_rule rule_bh1119 = {
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
};

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
				const char *name = sh_cmd_proper(cmd, &k);
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

static const struct bh_rule rule_bh1120 = {
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
};

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
	return txt_starts(p, "/tmp") || txt_starts(p, "/var/tmp") ||
	       txt_starts(p, "/dev/") || txt_starts(p, "/run/lock");
}

/* The variable a word only refers to: "$d", "${d}" (quotes already
 * removed) -> "d" in buf; false for anything else ("$d/x", "${d:-x}"). */
static bool var_ref(const char *w, char *buf, size_t size)
{
	if (w[0] != '$')
		return false;
	const char *p = w + 1;
	bool brace = *p == '{';
	p += brace;
	size_t n = 0;
	while (p[n] && (isalnum((unsigned char)p[n]) || p[n] == '_'))
		n++;
	if (!n || n >= size || (brace ? strcmp(p + n, "}") : p[n] != 0))
		return false;
	memcpy(buf, p, n);
	buf[n] = 0;
	return true;
}

/* Whether "w" is var=$(mktemp -d ...) (or with backquotes). */
static bool mktemp_dir_assign(const char *w, const char *var)
{
	size_t n = strlen(var);
	if (strncmp(w, var, n) != 0 || w[n] != '=')
		return false;
	const char *v = w + n + 1;
	const char *mt = strstr(v, "mktemp");
	return mt && (v[0] == '$' || v[0] == '`') &&
	       (strstr(mt, " -d") || strstr(mt, " --directory") ||
		strstr(mt, " -td") || strstr(mt, " -dt"));
}

/* Whether the RUN at "i" makes "var" a mktemp -d directory (var=$(mktemp
 * -d), also after export/local/declare) and removes it (rm ... "$var"):
 * a scratch directory that is gone before the layer is written. */
static bool run_temp_dir(const struct df_model *m, size_t i, const char *var)
{
	const struct df_instr *in = &m->instrs[i];
	bool made = false, removed = false;
	char buf[128];
	for (size_t j = 0; j < in->script.ncmds; j++) {
		const struct sh_cmd *cmd = &in->script.cmds[j];
		for (size_t a = 0; a < cmd->nassigns && !made; a++)
			made = mktemp_dir_assign(cmd->assigns[a].text, var);
		size_t k;
		const char *name = sh_cmd_proper(cmd, &k);
		if (dfr_streq(name, "export") || dfr_streq(name, "local") ||
		    dfr_streq(name, "declare") || dfr_streq(name, "readonly")) {
			for (size_t a = k + 1; a < cmd->argc && !made; a++)
				made = mktemp_dir_assign(cmd->argv[a].text, var);
		} else if (made && dfr_streq(name, "rm")) {
			for (size_t a = k + 1; a < cmd->argc && !removed; a++)
				removed = var_ref(cmd->argv[a].text, buf,
						  sizeof(buf)) &&
					  !strcmp(buf, var);
		}
	}
	return made && removed;
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
	size_t mj = sh_next_operand(cmd, k, argopts, &dd);
	if (mj >= cmd->argc)
		return;
	const char *mode = cmd->argv[mj].text;
	if (sh_word_dynamic(mode) || !mode_world_writable(mode))
		return;
	bool any = false, all_tmp = true;
	const char *path = "";
	for (size_t j = sh_next_operand(cmd, mj, argopts, &dd); j < cmd->argc;
	     j = sh_next_operand(cmd, j, argopts, &dd)) {
		any = true;
		char var[128];
		const char *t = cmd->argv[j].text;
		if (!tmp_path(t) && !(var_ref(t, var, sizeof(var)) &&
				      run_temp_dir(c->df, i, var))) {
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

/* COPY/ADD --chmod=MODE (also as an ONBUILD trigger): the files it
 * writes get the mode as chmod would give it. */
static void bh1121_copy_chmod(struct bh_check *c, const struct bh_rule *r,
			      size_t i)
{
	const struct df_node *n = c->df->instrs[i].op;
	/* one argument: no destination, BuildKit refuses the instruction
	 * (the message named an empty path) */
	if ((!dfr_kw(n, "copy") && !dfr_kw(n, "add")) || n->nargs < 2)
		return;
	for (size_t k = 0; k < n->nflags; k++) {
		const struct df_flag *f = &n->flags[k];
		if (strcmp(f->name, "chmod") || !f->value)
			continue;
		const char *mode = dfr_resolve(c, i, f->value);
		if (!mode || !mode_world_writable(mode))
			continue;
		/* the destination as BuildKit takes it: quotes removed,
		 * variables expanded ("/tmp/x", $D of ARG D=/tmp/w) */
		const char *raw = n->args[n->nargs - 1].text;
		const char *uq = dfr_unquote(c->arena, raw);
		const char *dest = uq ? dfr_resolve(c, i, uq) : NULL;
		if (!dest)
			dest = uq ? uq : raw;
		if (tmp_path(dest))
			continue;
		bh_report(c, r, bh_span_at(f->line, f->col, dfr_slen(f->text)),
			  "%s --chmod=%s makes %s writable by every user",
			  n->keyword_raw, mode, dest);
	}
}

static void check_bh1121(struct bh_check *c, const struct bh_rule *self)
{
	each_cmd_of(c, self, true, NM_CHMOD, bh1121_cmd);
	for (size_t i = 0; i < c->df->ninstrs; i++)
		bh1121_copy_chmod(c, self, i);
}

static const struct bh_rule rule_bh1121 = {
	.id = "BH1121",
	.severity = BH_SEV_MEDIUM,
	.practice = "non-root-user",
	.target = BH_TARGET_DOCKERFILE,
	.title = "World-writable permissions set with chmod",
	.why = "Files every user can write let any process in the "
	       "container replace programs or configuration, undoing "
	       "a non-root USER (chmod in RUN or in what the container "
	       "runs, and COPY/ADD --chmod).  "
	       "Paths under /tmp, /var/tmp, /dev and "
	       "a `d=$(mktemp -d)` directory the same RUN removes (rm "
	       "-rf \"$d\") are scratch space and not reported.",
	.fix = "Grant write access to the owning user or group only "
	       "(chmod 755, chmod g+w with a shared group).",
	.check = check_bh1121,
};

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
		if (!n || (!dfr_kw(n, "copy") &&
			   !dfr_kw(n, "add")) || n->nargs < 2)
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
		/* not an ONBUILD trigger: it runs in another build, whose
		   COPYs this stage does not know */
		if (!is_run(in) || in->onbuild)
			continue;
		for (size_t j = 0; j < in->script.ncmds; j++) {
			const struct sh_cmd *cmd = &in->script.cmds[j];
			size_t k;
			if (!dfr_streq(sh_cmd_proper(cmd, &k), "chown") ||
			    cmd->in_substitution)
				continue;
			bool dd = false;
			size_t oj = sh_next_operand(cmd, k, argopts, &dd);
			if (oj >= cmd->argc || sh_word_dynamic(cmd->argv[oj].text))
				continue;
			const char *owner = cmd->argv[oj].text;
			for (size_t pj = sh_next_operand(cmd, oj, argopts, &dd);
			     pj < cmd->argc;
			     pj = sh_next_operand(cmd, pj, argopts, &dd)) {
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

/* Source byte offset of byte "off" of instruction "i"'s script, or
 * (size_t)-1. */
static size_t script_src(struct bh_check *c, size_t i, size_t off)
{
	int line = 0, col = 0;
	df_model_script_locate(c->df, i, off, &line, &col);
	return bh_fix_offset(c, line, col);
}

/* The destination of COPY/ADD "q", absolute and cleaned, or NULL. */
static char *copy_dest(struct bh_check *c, size_t q)
{
	const struct df_model *m = c->df;
	const struct df_node *n = m->instrs[q].node;
	const char *d = dfr_unquote(c->arena, n->args[n->nargs - 1].text);
	d = d ? df_model_expand(m, q, d, c->arena) : NULL;
	char *dest = abs_path(c->arena, m->instrs[q].workdir, d);
	return dest && !strchr(dest, '$') ? dest : NULL;
}

/* Fix: the owner moves onto the COPY (" --chown=OWNER" after its
 * keyword) and the chown goes: the whole RUN when it was its only
 * command, else the command with the operator joining it.  Only for
 * `chown -R OWNER DIR` (one operand, -R alone), DIR exactly the COPY's
 * destination, nothing between them that could add files there (no
 * RUN, COPY, ADD), a flat script (no subshells, pipes or ||). */
static void fix_bh1122(struct bh_check *c, const struct bh_rule *self,
		       const struct bh_finding *f)
{
	static const char *const argopts[] = { "--from", "--reference", NULL };
	const struct df_model *m = c->df;
	/* the reason when none more precise is said below */
	bh_fix_why(c, "the chown is not exactly the re-owning of what the "
		   "COPY/ADD before it put there (other options or paths, "
		   "another directory, an instruction between them, a "
		   "subshell, pipe or ||, the last line): add --chown to "
		   "the COPY by hand");
	size_t i = fix_run_index(c, m, f);
	if (i == (size_t)-1)
		return;
	const struct df_instr *in = &m->instrs[i];
	const struct df_node *n = in->node;
	if (n->nheredocs || !n->rest_len)
		return;
	size_t j = in->script.ncmds, k = 0;
	for (size_t x = 0; x < in->script.ncmds; x++) {
		const struct sh_cmd *cmd = &in->script.cmds[x];
		if (cmd->depth || cmd->in_substitution)
			return;
		size_t kk;
		if (dfr_streq(sh_cmd_proper(cmd, &kk), "chown") &&
		    kk == 0 && !cmd->nassigns) {
			struct bh_span ws = word_span(m, i, &cmd->argv[kk]);
			if (ws.line == f->span.line && ws.col == f->span.col) {
				j = x;
				k = kk;
			}
		}
	}
	if (j >= in->script.ncmds)
		return;
	const struct sh_cmd *cmd = &in->script.cmds[j];
	/* chown -R OWNER DIR, nothing else */
	if (cmd->argc != 4 || (!dfr_streq(cmd->argv[1].text, "-R") &&
			       !dfr_streq(cmd->argv[1].text, "--recursive")))
		return;
	bool dd = false;
	size_t oj = sh_next_operand(cmd, k, argopts, &dd);
	if (oj != 2)
		return;
	const char *owner = cmd->argv[2].text;
	if (!*owner || sh_word_dynamic(owner) || cmd->argv[2].quoted ||
	    strpbrk(owner, " \t'\"\\$.") || owner[0] == ':')
		return;
	const char *t = df_model_expand(m, i, cmd->argv[3].text, c->arena);
	if (!t || strchr(t, '$') || strchr(t, '*'))
		return;
	char *target = abs_path(c->arena, in->workdir, t);
	size_t q = target ? copy_into(c, i, target) : m->ninstrs;
	if (q >= m->ninstrs)
		return;
	const char *dest = copy_dest(c, q);
	if (!dest || !dfr_streq(dest, target))
		return;
	for (size_t x = q + 1; x < i; x++) {
		const struct df_node *b = m->instrs[x].node;
		if (!b || dfr_kw(b, "run") || dfr_kw(b, "copy") ||
		    dfr_kw(b, "add") || dfr_kw(b, "onbuild"))
			return;
	}
	const struct df_node *cp = m->instrs[q].node;
	if (m->instrs[q].onbuild || !cp->keyword_raw)
		return;
	size_t kwlen = strlen(cp->keyword_raw);
	struct bh_span kw = bh_span_at(cp->line, cp->col, (int)kwlen);
	if (!bh_fix_text_is(c, kw, cp->keyword_raw))
		return;
	size_t kat = bh_fix_offset(c, cp->line, cp->col);
	/* the range the chown takes */
	size_t s, e;
	if (in->script.ncmds == 1) {
		size_t a = bh_fix_offset(c, n->line, 1);
		size_t b = bh_fix_offset(c, n->end_line, 1);
		if (a == (size_t)-1 || b == (size_t)-1)
			return;
		while (b < c->text_len && c->text[b] != '\n')
			b++;
		if (b >= c->text_len)
			return;   /* the last line: left alone */
		s = a;
		e = b + 1;
	} else if (j == 0) {
		if (cmd->op_after != SH_OP_AND && cmd->op_after != SH_OP_SEQ)
			return;
		s = script_src(c, i, cmd->offset);
		e = script_src(c, i, in->script.cmds[1].offset);
	} else {
		const struct sh_cmd *prev = &in->script.cmds[j - 1];
		if (prev->op_after != SH_OP_AND && prev->op_after != SH_OP_SEQ)
			return;
		if (j + 1 < in->script.ncmds && cmd->op_after != SH_OP_AND &&
		    cmd->op_after != SH_OP_SEQ)
			return;
		if (prev->end_offset == 0 || cmd->end_offset == 0)
			return;
		s = script_src(c, i, prev->end_offset - 1);
		e = script_src(c, i, cmd->end_offset - 1);
		if (s == (size_t)-1 || e == (size_t)-1)
			return;
		s++;
		e++;
	}
	if (s == (size_t)-1 || e == (size_t)-1 || kat == (size_t)-1 ||
	    s >= e || e > c->text_len || memchr(c->text + s, '#', e - s))
		return;
	/* the removed range must hold the chown command */
	size_t w = script_src(c, i, cmd->argv[0].offset);
	if (w < s || w >= e)
		return;
	bh_fix_edit(c, self, kat + kwlen, kat + kwlen,
		    arena_printf(c->arena, " --chown=%s", owner), NULL);
	bh_fix_edit(c, self, s, e, "",
		    "the chown removed (part of the same fix)");
}

static const struct bh_rule rule_bh1122 = {
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
	.fix_fn = fix_bh1122,
	.fix_risk = "the RUN's chown also re-owned the destination directory "
		    "itself and files an earlier instruction put there; COPY "
		    "--chown owns only what it copies (and the directories it "
		    "creates)",
};

/* ------------------------------------------------------------------ */
/* BH1123 TLS verification disabled / BH1124 signatures disabled       */
/* ------------------------------------------------------------------ */

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
/* Whether w starts with "low" (lower-case letters) in any case: a byte
 * ORed with 0x20 equals a lower-case letter only when it is that letter
 * in either case, and a NUL never matches. */
static inline bool ci_at(const char *w, const char *low)
{
	for (; *low; w++, low++)
		if (((unsigned char)*w | 0x20) != (unsigned char)*low)
			return false;
	return true;
}

/* Whether w holds "verify" (HINT_VERIFY) or "certif" (HINT_CERTIF) in
 * any case (every text
 * tls_word() looks for past its hint holds one: sslverify, Verify-Peer,
 * check_certificate). */
enum { HINT_VERIFY = 1, HINT_CERTIF = 2 };

static unsigned tls_hint(const char *w)
{
	/* both hold "if": find each f (strpbrk, many bytes a step), then
	 * look back */
	unsigned got = 0;
	for (const char *p = w; (p = strpbrk(p, "fF")); p++) {
		if (p - w >= 4 && ci_at(p - 4, "verify"))
			got |= HINT_VERIFY;
		if (p - w >= 5 && ci_at(p - 5, "certif"))
			got |= HINT_CERTIF;
	}
	return got;
}

/* Which of tls_word()'s name-bound checks a command name can meet. */
enum tls_fam { TLS_OTHER, TLS_CURL, TLS_WGET, TLS_PIP, TLS_NPM };

static enum tls_fam tls_family(const char *name)
{
	if (dfr_streq(name, "curl"))
		return TLS_CURL;
	if (dfr_streq(name, "wget"))
		return TLS_WGET;
	if (name[0] == 'p' && (strncmp(name, "pip", 3) == 0 ||
			       strncmp(name, "python", 6) == 0))
		return TLS_PIP;
	if (dfr_streq(name, "npm") || dfr_streq(name, "yarn") ||
	    dfr_streq(name, "pnpm"))
		return TLS_NPM;
	return TLS_OTHER;
}

/* "fam": tls_family(name), found once per command. */
static const char *tls_word(const struct sh_cmd *cmd, size_t k,
			    const char *name, enum tls_fam fam, size_t j)
{
	const char *w = cmd->argv[j].text;
	if (fam == TLS_OTHER)
		goto hint;
	if (fam == TLS_CURL && (dfr_streq(w, "--insecure") ||
				    (w[0] == '-' && w[1] != '-' &&
				     strchr(w, 'k') &&
				     strcspn(w, "oHdeuUxXAbcDEFKmrTwYyz") >
					     (size_t)(strchr(w, 'k') - w))))
		return "curl -k skips certificate checks";
	if (fam == TLS_WGET && dfr_streq(w, "--no-check-certificate"))
		return "wget --no-check-certificate skips certificate checks";
	if (fam == TLS_PIP) {
		if (txt_starts(w, "--trusted-host"))
			return "pip --trusted-host skips TLS checks for a host";
		if (txt_stristr(w, "trusted-host") && j > k + 1 &&
		    dfr_streq(cmd->argv[k + 1].text, "config"))
			return "pip config trusted-host skips TLS checks";
	}
	if (fam == TLS_NPM &&
	    (dfr_streq(w, "--strict-ssl=false") ||
	     ((dfr_streq(w, "strict-ssl") || dfr_streq(w, "strictSSL") ||
	       dfr_streq(w, "enableStrictSsl")) &&
	      j + 1 < cmd->argc && falsy(cmd->argv[j + 1].text))))
		return "strict-ssl false turns off registry TLS checks";
hint:
	/* every check below needs a text of 11 bytes or more in w
	 * ("sslverify=0", "Verify-Peer"), and one of these words: test
	 * them once */
	if (!w[0] || !w[1] || !w[2] || !w[3] || !w[4] || !w[5] || !w[6] ||
	    !w[7] || !w[8] || !w[9] || !w[10])
		return NULL;
	unsigned hint = tls_hint(w);
	if (!hint)
		return NULL;
	/* "ca-certificates", the common one, needs no verify test */
	if (!(hint & HINT_VERIFY))
		goto certif;
	if (dfr_streq(name, "git") &&
	    ((txt_stristr(w, "http.sslverify") &&
	      (txt_stristr(w, "=false") ||
	       (j + 1 < cmd->argc && falsy(cmd->argv[j + 1].text))))))
		return "http.sslVerify false turns off TLS checks in git";
	if (txt_stristr(w, "sslverify=0") || txt_stristr(w, "sslverify=false") ||
	    txt_stristr(w, "sslverify = 0") || txt_stristr(w, "sslverify=no"))
		return "sslverify=0 turns off repository TLS checks";
	if (txt_stristr(w, "Verify-Peer") && txt_stristr(w, "false"))
		return "Acquire::https::Verify-Peer false turns off apt TLS checks";
certif:
	if ((hint & HINT_CERTIF) && txt_stristr(w, "check_certificate") && txt_stristr(w, "off"))
		return "check_certificate=off turns off wget TLS checks";
	return NULL;
}

/* Whether host h (up to its port, path or end) is the loopback
 * interface: localhost, 127.x.y.z, [::1]. */
static bool loopback_host(const char *h)
{
	size_t n = strcspn(h, ":/?#");
	if (h[0] == '[')
		return txt_starts(h, "[::1]");
	return (n == 9 && strncasecmp(h, "localhost", 9) == 0) ||
	       (n >= 4 && strncmp(h, "127.", 4) == 0 &&
		strspn(h, "0123456789.") == n);
}

/* Whether every URL a curl or wget command names (an operand with
 * "://", its userinfo skipped) is on the loopback interface, and it
 * names one: a health check asking the container's own TLS port with a
 * self-signed certificate crosses no network a verification would
 * protect. */
static bool loopback_only(const struct sh_cmd *cmd, size_t k)
{
	bool any = false;
	for (size_t a = k + 1; a < cmd->argc; a++) {
		const char *w = cmd->argv[a].text;
		const char *s = strstr(w, "://");
		if (w[0] == '-' || !s)
			continue;
		if (sh_word_dynamic(w))
			return false;
		s += 3;
		const char *at = strchr(s, '@');
		if (at && at < s + strcspn(s, "/?#"))
			s = at + 1;
		if (!loopback_host(s))
			return false;
		any = true;
	}
	return any;
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

/* ENV/ARG NAME=value pairs, as the model split them (df_instr.assigns). */
static void tls_env_instr(struct bh_check *c, const struct bh_rule *r,
			  size_t i)
{
	const struct df_instr *in = &c->df->instrs[i];
	const struct df_node *n = in->assign_node;
	if (!in->nassigns)
		return;
	bool env = dfr_streq(n->keyword, "env");
	for (size_t k = 0; k < in->nassigns; k++) {
		const struct df_assign *a = &in->assigns[k];
		if (!a->value || !*a->name)
			continue;
		const char *why = tls_env(a->name, a->value);
		if (!why)
			continue;
		int line, col;
		df_locate(n, a->name_off, &line, &col);
		bh_report(c, r,
			  bh_span_at(line, col, (int)strlen(a->old_form ?
							    a->word->raw :
							    a->name)),
			  "%s %s", env ? "ENV" : "ARG", why);
	}
}

static void check_bh1123(struct bh_check *c, const struct bh_rule *self)
{
	const struct df_model *m = c->df;
	for (size_t i = 0; i < m->ninstrs; i++) {
		const struct df_instr *in = &m->instrs[i];
		if (!in->op)
			continue;
		if (dfr_streq(in->op->keyword, "env") ||
		    dfr_streq(in->op->keyword, "arg")) {
			tls_env_instr(c, self, i);
			continue;
		}
		if (!in->script.ncmds || !runs_cmds(in))
			continue;
		for (size_t j = 0; j < in->script.ncmds; j++) {
			const struct sh_cmd *cmd = &in->script.cmds[j];
			size_t k;
			const char *name = sh_cmd_proper(cmd, &k);
			if (cmd->nassigns)
				tls_assigns(c, self, i, cmd->assigns,
					    cmd->nassigns);
			if (dfr_streq(name, "export"))
				tls_assigns(c, self, i, cmd->argv + k + 1,
					    cmd->argc - k - 1);
			if (!*name)
				continue;
			enum tls_fam fam = tls_family(name);
			for (size_t a = k + 1; a < cmd->argc; a++) {
				const char *why = tls_word(cmd, k, name, fam,
							   a);
				if (!why)
					continue;
				/* a -c string is judged as its commands */
				if (strpbrk(cmd->argv[a].text, " \t\n") &&
				    sh_hands_string(&in->script, j))
					continue;
				if ((fam == TLS_CURL || fam == TLS_WGET) &&
				    loopback_only(cmd, k))
					break;
				report_word(c, self, i, &cmd->argv[a], "%s", why);
				break;
			}
		}
	}
}

static const struct bh_rule rule_bh1123 = {
	.id = "BH1123",
	.severity = BH_SEV_HIGH,
	.practice = "pin-packages",
	.target = BH_TARGET_DOCKERFILE,
	.title = "TLS certificate verification disabled",
	.why = "Without certificate checks, anyone on the network "
	       "path can replace what the build downloads, or what "
	       "the container fetches when it starts.  A curl or wget "
	       "of loopback URLs only (a health check of the "
	       "container's own TLS port) is not reported.",
	.fix = "Remove the flag or variable; add the needed CA "
	       "certificate to the image's trust store instead.",
	.checkov = "CKV2_DOCKER_2,CKV2_DOCKER_3,CKV2_DOCKER_4,"
		   "CKV2_DOCKER_5,CKV2_DOCKER_6,CKV2_DOCKER_12,"
		   "CKV2_DOCKER_13,CKV2_DOCKER_14,CKV2_DOCKER_15,"
		   "CKV2_DOCKER_16",
	.check = check_bh1123,
};

/* "apk": the command is apk, "rpm": it is rpm (sig_word() runs for
 * every word of every command: its name is tested once). */
static const char *sig_word(bool apk, bool rpm, enum sh_pm pm, const char *w)
{
	/* the tests below need an option ("--..."), a '=' or, for apt,
	 * AllowUnauthenticated (20 bytes): most words have none */
	bool eq = strchr(w, '=') != NULL;
	bool long20 = pm == SH_PM_APT && strnlen(w, 20) >= 20;
	if (!eq && !(w[0] == '-' && w[1] == '-') && !long20)
		return NULL;
	if (apk && dfr_streq(w, "--allow-untrusted"))
		return "apk --allow-untrusted installs unsigned packages";
	if (pm == SH_PM_APT) {
		if (dfr_streq(w, "--allow-unauthenticated"))
			return "--allow-unauthenticated installs unsigned packages";
		if (dfr_streq(w, "--force-yes"))
			return "--force-yes also accepts unauthenticated packages";
		if (dfr_streq(w, "--allow-insecure-repositories"))
			return "--allow-insecure-repositories accepts unsigned "
			       "repositories";
		if (long20 && txt_stristr(w, "AllowUnauthenticated") &&
		    txt_stristr(w, "true"))
			return "AllowUnauthenticated=true installs unsigned "
			       "packages";
	}
	if (pm == SH_PM_RPM && (dfr_streq(w, "--nogpgcheck") ||
			     (eq && (txt_stristr(w, "gpgcheck=0") ||
				     txt_stristr(w, "gpgcheck=false")))) &&
	    !txt_stristr(w, "repo_gpgcheck"))
		return "--nogpgcheck installs packages without checking "
		       "signatures";
	if (rpm &&
	    (dfr_streq(w, "--nosignature") || dfr_streq(w, "--nodigest") ||
	     dfr_streq(w, "--nofiledigest") || dfr_streq(w, "--noverify")))
		return "rpm signature or digest checks turned off";
	/* both below hold a '=': most words have none (this runs for every
	 * word of every command) */
	if (!eq)
		return NULL;
	/* a [trusted=yes] source on a local file: repository built in the
	 * same RUN (dpkg-scanpackages) has nothing to sign */
	if (strstr(w, "trusted=yes") && !strstr(w, "file:") &&
	    !strstr(w, "copy:"))
		return "an apt source marked [trusted=yes] is not "
		       "signature-checked";
	const char *g = strstr(w, "gpgcheck");  /* both below hold it */
	if (g && (strstr(g, "gpgcheck=0") || strstr(g, "gpgcheck = 0")) &&
	    !strstr(w, "repo_gpgcheck"))
		return "a repository with gpgcheck=0 is not signature-checked";
	return NULL;
}

/* Whether every package operand of an apk command is a local .apk file
 * (built in an earlier stage: there is no repository key to check). */
static bool apk_local_only(const struct sh_cmd *cmd, size_t k)
{
	bool dd = false, any = false;
	size_t s = sh_first_operand(cmd, k, sh_pm_argopts(SH_PM_APK));
	for (size_t j = sh_next_operand(cmd, s, sh_pm_argopts(SH_PM_APK), &dd); j < cmd->argc;
	     j = sh_next_operand(cmd, j, sh_pm_argopts(SH_PM_APK), &dd)) {
		const char *w = cmd->argv[j].text;
		if (!txt_ends(w, ".apk") && !strstr(w, ".apk"))
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
	/* apk checks signatures when it installs: "apk index
	 * --allow-untrusted" (building a repository index from the .apk
	 * files just built) installs nothing */
	static const char *const apk_installs[] = { "add", "upgrade", "fix",
						    NULL };
	if (dfr_streq(name, "apk") && (apk_local_only(cmd, k) ||
				       !sh_pm_is(cmd, SH_PM_APK, apk_installs)))
		return;
	/* sh_pm_named(name) for the apt and rpm tests of sig_word() */
	enum sh_pm pm = cmd->pm;
	bool apk = dfr_streq(name, "apk"), rpm = dfr_streq(name, "rpm");
	const struct sh_script *sc = &c->df->instrs[i].script;
	for (size_t a = k + 1; a < cmd->argc; a++) {
		const char *why = sig_word(apk, rpm, pm, cmd->argv[a].text);
		if (!why)
			continue;
		/* a -c string is judged as its commands */
		if (strpbrk(cmd->argv[a].text, " \t\n") &&
		    sh_hands_string(sc, (size_t)(cmd - sc->cmds)))
			continue;
		report_word(c, r, i, &cmd->argv[a], "%s", why);
		return;
	}
}

static void check_bh1124(struct bh_check *c, const struct bh_rule *self)
{
	each_cmd(c, self, true, bh1124_cmd);
}

static const struct bh_rule rule_bh1124 = {
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
};

/* ------------------------------------------------------------------ */
/* BH1125 sshd allows root or password login / BH1126 host keys baked */
/* ------------------------------------------------------------------ */

/* The sshd_config settings that open login wider than keys for users. */
static const char *const sshd_open[] = { "PermitRootLogin",
					 "PasswordAuthentication",
					 "PermitEmptyPasswords", NULL };
/* What each one set to yes allows (parallel to sshd_open). */
static const char *const sshd_open_means[] = {
	"root can log in over SSH",
	"SSH accepts passwords, which can be guessed",
	"SSH accepts accounts without a password",
};

/* Where in text[0..len) a sshd_open key is set to yes ("Key yes",
 * "Key=yes", case-insensitive); its index goes to *key.  With "line_start"
 * the key must open a line (after blanks): a config file's text, where
 * "#PermitRootLogin yes" is a comment.  NULL when none. */
static const char *sshd_yes(const char *text, size_t len, bool line_start,
			    size_t *key)
{
	for (size_t k = 0; sshd_open[k]; k++) {
		size_t kl = strlen(sshd_open[k]);
		for (size_t o = 0; o + kl <= len; o++) {
			if (strncasecmp(text + o, sshd_open[k], kl) != 0)
				continue;
			if (line_start) {
				size_t b = o;
				while (b > 0 && (text[b - 1] == ' ' ||
						 text[b - 1] == '\t'))
					b--;
				if (b > 0 && text[b - 1] != '\n')
					continue;
			} else if (o > 0 && (isalnum((unsigned char)text[o - 1]) ||
					     text[o - 1] == '#')) {
				continue;  /* part of a word, or commented */
			}
			size_t v = o + kl, ws = 0;
			while (v < len && (text[v] == ' ' || text[v] == '\t' ||
					   text[v] == '=' || text[v] == '\\'))
				v++, ws++;
			if (!ws || v + 3 > len ||
			    strncasecmp(text + v, "yes", 3) != 0 ||
			    (v + 3 < len && isalnum((unsigned char)text[v + 3])))
				continue;
			*key = k;
			return text + o;
		}
	}
	return NULL;
}

/* The part of a word that writes text: a sed s command's replacement
 * ("s/#Key .x/Key yes/" gives "Key yes": the pattern only finds what is
 * replaced), else the whole word.  *len gets its length. */
static const char *written_part(const char *w, size_t *len)
{
	size_t n = strlen(w);
	const char *p = w;
	while (*p && strchr("0123456789$, ", *p))
		p++;  /* a line address before the command */
	if (p[0] == 's' && p[1] && !isalnum((unsigned char)p[1]) &&
	    p[1] != ' ' && p[1] != '\\') {
		char d = p[1];
		const char *a = strchr(p + 2, d);
		const char *b = a ? strchr(a + 1, d) : NULL;
		if (a) {
			*len = b ? (size_t)(b - a - 1) : strlen(a + 1);
			return a + 1;
		}
	}
	*len = n;
	return w;
}

static bool script_mentions_ssh(const struct df_instr *in)
{
	/* both hold "ssh": one search in most scripts, which have none */
	const char *t = in->script_text ? strstr(in->script_text, "ssh")
					: NULL;
	return t && (strstr(t, "sshd_config") || strstr(in->script_text,
							"/etc/ssh"));
}

/* BH1125 in one RUN's commands: echo/printf/sed/tee words (also split
 * "PermitRootLogin" "yes" words) writing an open setting, in a RUN that
 * names sshd_config or /etc/ssh; sshd -o Key=yes anywhere. */
static void bh1125_run(struct bh_check *c, const struct bh_rule *self,
		       size_t i)
{
	const struct df_instr *in = &c->df->instrs[i];
	bool ssh = script_mentions_ssh(in);
	for (size_t j = 0; j < in->script.ncmds; j++) {
		const struct sh_cmd *cmd = &in->script.cmds[j];
		size_t k;
		const char *name = sh_cmd_proper(cmd, &k);
		if (!*name || (!ssh && !dfr_streq(name, "sshd")))
			continue;
		for (size_t a = k + 1; a < cmd->argc; a++) {
			size_t len, key;
			const char *t = written_part(cmd->argv[a].text, &len);
			bool hit = sshd_yes(t, len, false, &key) != NULL;
			if (!hit && a + 1 < cmd->argc) {
				/* echo PermitRootLogin yes >> ... */
				for (key = 0; sshd_open[key]; key++)
					if (!strcasecmp(t, sshd_open[key]) &&
					    len == strlen(t) &&
					    !strcasecmp(cmd->argv[a + 1].text,
							"yes"))
						break;
				hit = sshd_open[key] != NULL;
			}
			if (!hit)
				continue;
			report_word(c, self, i, &cmd->argv[a],
				    "%s writes %s yes for sshd: %s",
				    name, sshd_open[key], sshd_open_means[key]);
			break;
		}
	}
}

/* BH1125 in the heredocs of RUN/COPY/ADD (also ONBUILD): a config text
 * setting an open key, when the instruction names sshd_config or
 * /etc/ssh (the heredoc is written there). */
static void bh1125_heredocs(struct bh_check *c, const struct bh_rule *self,
			    const struct df_node *n)
{
	if (!n->nheredocs || !n->original ||
	    (!strstr(n->original, "sshd_config") &&
	     !strstr(n->original, "/etc/ssh")))
		return;
	for (size_t h = 0; h < n->nheredocs; h++) {
		const struct df_heredoc *hd = &n->heredocs[h];
		size_t key;
		const char *at = hd->content
			? sshd_yes(hd->content, hd->content_len, true, &key)
			: NULL;
		if (!at)
			continue;
		int line = hd->line;
		const char *ls = hd->content;
		for (const char *q = hd->content; q < at; q++)
			if (*q == '\n')
				line++, ls = q + 1;
		bh_report(c, self,
			  bh_span_at(line, (int)(at - ls) + 1,
				     (int)strlen(sshd_open[key])),
			  "the heredoc writes %s yes into the sshd "
			  "configuration: %s", sshd_open[key],
			  sshd_open_means[key]);
	}
}

/* BH1125 in CMD/ENTRYPOINT: sshd -o Key=yes. */
static void bh1125_cmd(struct bh_check *c, const struct bh_rule *self,
		       const struct df_node *n)
{
	if (!n->original || !strstr(n->original, "sshd"))
		return;
	for (size_t a = 0; a < n->nargs; a++) {
		size_t key;
		const char *t = n->args[a].text;
		if (!sshd_yes(t, strlen(t), false, &key))
			continue;
		bh_report(c, self, dfr_word_span(&n->args[a]),
			  "sshd is started with %s yes: %s", sshd_open[key],
			  sshd_open_means[key]);
		return;
	}
}

static void check_bh1125(struct bh_check *c, const struct bh_rule *self)
{
	const struct df_model *m = c->df;
	for (size_t i = 0; i < m->ninstrs; i++) {
		const struct df_instr *in = &m->instrs[i];
		if (!in->op)
			continue;
		if (is_run(in))
			bh1125_run(c, self, i);
		if (dfr_kw(in->op, "run") || dfr_kw(in->op, "copy") ||
		    dfr_kw(in->op, "add"))
			bh1125_heredocs(c, self, in->node);
		if (dfr_kw(in->op, "cmd") || dfr_kw(in->op, "entrypoint"))
			bh1125_cmd(c, self, in->op);
	}
}

static const struct bh_rule rule_bh1125 = {
	.id = "BH1125",
	.severity = BH_SEV_HIGH,
	.practice = "no-ssh-server",
	.target = BH_TARGET_DOCKERFILE,
	.title = "sshd allows root or password login",
	.why = "An image should run no SSH server; one that sets "
	       "PermitRootLogin yes, PasswordAuthentication yes or "
	       "PermitEmptyPasswords yes (with sed, echo, a heredoc "
	       "into sshd_config, or sshd -o) lets anyone who reaches "
	       "port 22 guess their way to a shell, as root with the "
	       "first.",
	.fix = "Drop the SSH server and use docker exec / kubectl exec; "
	       "if it must stay, set PermitRootLogin no and "
	       "PasswordAuthentication no and use keys.",
	.checkov = "CKV_DOCKER_1",
	.check = check_bh1125,
};

/* Whether an ssh-keygen command works on an existing key instead of
 * making one (-l fingerprint, -y public key, -p passphrase, -e/-i
 * export/import, -c comment, -B bubblebabble, -L certificate, -F/-R/-H
 * known_hosts, -Q/-k KRL, -Y signatures, -D PKCS#11). */
static bool keygen_reads(const struct sh_cmd *cmd, size_t k,
			 const char *argletters)
{
	static const char *const ops[] = { "-l", "-y", "-p", "-e", "-i",
					   "-c", "-B", "-L", "-F", "-R",
					   "-H", "-Q", "-k", "-Y", "-D",
					   NULL };
	for (size_t o = 0; ops[o]; o++)
		if (sh_has_opt(cmd, k + 1, ops[o], argletters))
			return true;
	return false;
}

/* BH1126: ssh-keygen -A, ssh-keygen -f /etc/ssh/ssh_host_*, or
 * dpkg-reconfigure openssh-server in a RUN: host keys baked into a layer,
 * unless the same RUN removes them again. */
static void bh1126_cmd(struct bh_check *c, const struct bh_rule *r, size_t i,
		       const struct sh_cmd *cmd, size_t k, const char *name)
{
	static const char *const host_keys[] = { "/etc/ssh/ssh_host_", NULL };
	static const char keygen_argletters[] = "abCDEfFIjJKmMnNOPrsSt"
						"VwYZz";
	const char *what = NULL;
	if (dfr_streq(name, "ssh-keygen")) {
		const char *f = sh_opt_value(cmd, k + 1, "-f", c->arena);
		if (sh_has_opt(cmd, k + 1, "-A", keygen_argletters))
			what = "ssh-keygen -A";
		else if (f && txt_starts(f, "/etc/ssh/ssh_host_") &&
			 !txt_ends(f, ".pub") &&
			 !keygen_reads(cmd, k, keygen_argletters))
			what = "ssh-keygen -f /etc/ssh/ssh_host_*";
	} else if (dfr_streq(name, "dpkg-reconfigure")) {
		for (size_t a = k + 1; a < cmd->argc && !what; a++)
			if (dfr_streq(cmd->argv[a].text, "openssh-server"))
				what = "dpkg-reconfigure openssh-server";
	}
	if (!what || run_removes(c->df, i, host_keys))
		return;
	report_word(c, r, i, &cmd->argv[k],
		    "%s generates the SSH host keys at build time: every "
		    "container of the image shares the same private host "
		    "key, readable by anyone who pulls it", what);
}

static void check_bh1126(struct bh_check *c, const struct bh_rule *self)
{
	each_cmd_of(c, self, false, NM_HOSTKEY, bh1126_cmd);
}

static const struct bh_rule rule_bh1126 = {
	.id = "BH1126",
	.severity = BH_SEV_MEDIUM,
	.practice = "no-ssh-server",
	.target = BH_TARGET_DOCKERFILE,
	.title = "SSH host keys generated at build time",
	.why = "Host keys made during the build are stored in a layer: "
	       "every container shares them and anyone with the image "
	       "can impersonate the server.",
	.fix = "Generate the host keys when the container starts (run "
	       "ssh-keygen -A in the entrypoint), or better, run no "
	       "SSH server in the image.",
	.check = check_bh1126,
};

/* ------------------------------------------------------------------ */
/* The table                                                           */
/* ------------------------------------------------------------------ */

const struct bh_rule *const bh_rules_df_packages[] = {
	&rule_bh1100,
	&rule_bh1101,
	&rule_bh1102,
	&rule_bh1103,
	&rule_bh1104,
	&rule_bh1105,
	&rule_bh1106,
	&rule_bh1107,
	&rule_bh1108,
	&rule_bh1110,
	&rule_bh1111,
	&rule_bh1112,
	&rule_bh1113,
	&rule_bh1114,
	&rule_bh1115,
	&rule_bh1116,
	&rule_bh1117,
	&rule_bh1118,
	&rule_bh1119,
	&rule_bh1120,
	&rule_bh1121,
	&rule_bh1122,
	&rule_bh1123,
	&rule_bh1124,
	&rule_bh1125,
	&rule_bh1126,
};
const size_t bh_rules_df_packages_count =
	sizeof(bh_rules_df_packages) / sizeof(bh_rules_df_packages[0]);

