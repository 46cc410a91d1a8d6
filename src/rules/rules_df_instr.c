/* SPDX-License-Identifier: Apache-2.0
 *
 * rules_df_instr.c - Dockerfile instruction and stage correctness rules
 * (BH1030-BH1099).
 *
 * This file owns the rules that judge single instructions and how stages
 * refer to each other: cd in RUN, relative or system WORKDIR, COPY --from
 * references, stage names, repeated CMD/ENTRYPOINT/HEALTHCHECK, exec form,
 * EXPOSE, MAINTAINER, COPY destinations, a missing HEALTHCHECK, ONBUILD
 * triggers, ENV self references, pipes without pipefail (a pipe in a -c
 * string, exec form's included, gets the fix of that string's shell),
 * instruction casing, the legacy "ENV key value" form, what precedes the
 * first FROM, -c strings nested too deep for the shell model to
 * read (BH1058), and a RUN made privileged by --security=insecure
 * (BH1059).  Stage-scoped rules look at each stage separately; rules about the
 * shipped image (HEALTHCHECK, EXPOSE of debug ports) look at the final
 * stage and the stages it is built FROM.  An ONBUILD trigger
 * (df_instr.op) is judged as the instruction it becomes by the rules about
 * one instruction's content (cd and pipes in RUN, ENV forms, COPY
 * destinations, ln /bin/sh), never as if it changed this build's state
 * (USER, WORKDIR, SHELL, HEALTHCHECK, stages).
 * It does not parse anything: it reads struct df_model only.
 * Tests: tests/cases/dockerfile/BH10[345]?-*.case.
 */
#include "families.h"
#include "df_rule_util.h"
#include "java_sign.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../model/df_model.h"
#include "../model/expand.h"
#include "../util/diag.h"
#include "../util/strbuf.h"
#include "../util/text.h"

#define MAX_CHAIN 256

static struct bh_span kw_span(const struct df_node *n)
{
	return bh_span_at(n->line, n->col, dfr_slen(n->keyword_raw));
}

static struct bh_span flag_span(const struct df_flag *f)
{
	return bh_span_at(f->line, f->col, dfr_slen(f->text));
}

static size_t stage_end(const struct df_model *m, const struct df_stage *s)
{
	return s->end_instr <= m->ninstrs ? s->end_instr : m->ninstrs;
}

/* The word with one pair of surrounding quotes removed (into buf). */
static const char *unquote(const char *w, char *buf, size_t size)
{
	size_t n = strlen(w);
	if (n >= 2 && (w[0] == '"' || w[0] == '\'') && w[n - 1] == w[0]) {
		n -= 2;
		if (n >= size)
			n = size - 1;
		memcpy(buf, w + 1, n);
		buf[n] = 0;
		return buf;
	}
	return w;
}

/* A Windows absolute path: C:\ or C:/ . */
static bool is_windows_abs(const char *p)
{
	return isalpha((unsigned char)p[0]) && p[1] == ':' &&
	       (p[2] == '\\' || p[2] == '/');
}

static struct bh_span word_span_at(struct bh_check *c, size_t i,
				   const struct sh_word *w)
{
	int line = 0, col = 0;
	df_model_script_locate(c->df, i, w->offset, &line, &col);
	return bh_span_at(line, col, dfr_slen(w->raw));
}

static void report_word_at(struct bh_check *c, const struct bh_rule *self,
			   size_t i, const struct sh_word *w, const char *msg)
{
	bh_report(c, self, word_span_at(c, i, w), "%s", msg);
}

/* BH1030: cd in RUN instead of WORKDIR. */
static void check_bh1030(struct bh_check *c, const struct bh_rule *self)
{
	const struct df_model *m = c->df;
	for (size_t i = 0; i < m->ninstrs; i++) {
		const struct df_instr *in = &m->instrs[i];
		if (!dfr_kw(in->op, "run"))
			continue;
		for (size_t k = 0; k < in->script.ncmds; k++) {
			const struct sh_cmd *cmd = &in->script.cmds[k];
			size_t at;
			if (cmd->depth > 0 || cmd->in_substitution ||
			    !txt_eq(sh_cmd_proper(cmd, &at), "cd"))
				continue;
			/* the directory: cd's operand, past -L/-P */
			size_t dir = sh_first_operand(cmd, at, NULL);
			if (dir >= cmd->argc ||
			    txt_eq(cmd->argv[dir].text, "-"))
				continue;
			char msg[512];
			snprintf(msg, sizeof(msg),
				 "RUN changes directory with cd %.200s; use "
				 "WORKDIR to set the directory for later "
				 "instructions", cmd->argv[dir].text);
			report_word_at(c, self, i, &cmd->argv[at], msg);
			break;
		}
	}
}

static const struct bh_rule rule_bh1030 = {
	.id = "BH1030",
	.severity = BH_SEV_LOW,
	.practice = "copy-only-needed",
	.target = BH_TARGET_DOCKERFILE,
	.title = "cd in RUN instead of WORKDIR",
	.why = "A cd lasts only for its RUN; later instructions run "
	       "elsewhere, which makes paths easy to get wrong.",
	.fix = "Set the directory with WORKDIR /path.",
	.hadolint = "DL3003",
	.trivy = "DS-0013",
	.check = check_bh1030,
};

/* BH1031: relative WORKDIR while no absolute WORKDIR is set. */
static void check_bh1031(struct bh_check *c, const struct bh_rule *self)
{
	const struct df_model *m = c->df;
	char buf[1024];
	for (size_t i = 0; i < m->ninstrs; i++) {
		const struct df_instr *in = &m->instrs[i];
		if (!dfr_kw(in->node, "workdir") || !in->node->nargs)
			continue;
		const char *raw = in->node->args[0].text;
		const char *v = dfr_resolve(c, i, raw);
		if (!v || !*v)
			continue;
		v = unquote(v, buf, sizeof(buf));
		if (v[0] == '/' || v[0] == '\\' || is_windows_abs(v) ||
		    v[0] == '$')
			continue;
		if (in->workdir && in->workdir[0] == '/')
			continue;
		bh_report(c, self, dfr_word_span(&in->node->args[0]),
			  "WORKDIR %s is relative and no absolute WORKDIR is "
			  "set before it, so it depends on the base image's "
			  "working directory", v);
	}
}

static const struct bh_rule rule_bh1031 = {
	.id = "BH1031",
	.severity = BH_SEV_MEDIUM,
	.practice = "copy-only-needed",
	.target = BH_TARGET_DOCKERFILE,
	.title = "Relative WORKDIR",
	.why = "A relative WORKDIR with no absolute one before it "
	       "depends on the base image's working directory, which "
	       "can change with the base.",
	.fix = "Use an absolute path: WORKDIR /app.",
	.hadolint = "DL3000",
	.trivy = "DS-0009",
	.checkov = "CKV_DOCKER_10",
	.other = "BuildKit:WorkdirRelativePath",
	.check = check_bh1031,
};

/* BH1032: WORKDIR in a system directory. */
static void check_bh1032(struct bh_check *c, const struct bh_rule *self)
{
	static const char *const sysdirs[] = {
		"/proc", "/sys", "/dev", "/boot", "/initrd", "/lost+found",
		NULL,
	};
	const struct df_model *m = c->df;
	char buf[1024];
	for (size_t i = 0; i < m->ninstrs; i++) {
		const struct df_instr *in = &m->instrs[i];
		if (!dfr_kw(in->node, "workdir") || !in->node->nargs)
			continue;
		const char *v = dfr_resolve(c, i, in->node->args[0].text);
		if (!v)
			continue;
		v = unquote(v, buf, sizeof(buf));
		for (size_t k = 0; sysdirs[k]; k++) {
			size_t n = strlen(sysdirs[k]);
			if (strncmp(v, sysdirs[k], n) || (v[n] && v[n] != '/'))
				continue;
			bh_report(c, self, dfr_word_span(&in->node->args[0]),
				  "WORKDIR %s is inside the system directory "
				  "%s", v, sysdirs[k]);
			break;
		}
	}
}

static const struct bh_rule rule_bh1032 = {
	.id = "BH1032",
	.severity = BH_SEV_MEDIUM,
	.practice = "copy-only-needed",
	.target = BH_TARGET_DOCKERFILE,
	.title = "WORKDIR in a system directory",
	.why = "Working in /proc, /sys, /dev or /boot writes into "
	       "kernel-backed or host-sensitive paths and can aid a "
	       "container breakout.",
	.fix = "Use an application directory such as /app.",
	.trivy = "DS-0030",
	.check = check_bh1032,
};

/* Whether "s" is a non-negative decimal number; its value in *out. */
static bool parse_index(const char *s, long *out)
{
	if (!*s || strlen(s) > 9)
		return false;
	for (const char *p = s; *p; p++)
		if (!isdigit((unsigned char)*p))
			return false;
	*out = strtol(s, NULL, 10);
	return true;
}

/* Stage names sorted for lookup, so files with thousands of stages stay
 * linear-logarithmic.  Built from the arena per check. */
struct name_ix {
	const char *name;        /* lower case (the model lowers AS names) */
	size_t idx;
};

struct stage_names {
	struct name_ix *v;
	size_t n;
};

static int cmp_name_ix(const void *pa, const void *pb)
{
	const struct name_ix *a = pa, *b = pb;
	int r = strcmp(a->name, b->name);
	if (r)
		return r;
	return a->idx < b->idx ? -1 : a->idx > b->idx;
}

/* Fills "out"; false (and c->error set) when the arena is exhausted. */
static bool stage_names_build(struct bh_check *c, struct stage_names *out)
{
	const struct df_model *m = c->df;
	out->v = NULL;
	out->n = 0;
	if (!m->nstages)
		return true;
	out->v = arena_array(c->arena, m->nstages, sizeof(*out->v));
	if (!out->v) {
		if (!c->error)
			c->error = BH_ENOMEM;
		return false;
	}
	for (size_t k = 0; k < m->nstages; k++)
		if (m->stages[k].name)
			out->v[out->n++] = (struct name_ix){ m->stages[k].name, k };
	qsort(out->v, out->n, sizeof(*out->v), cmp_name_ix);
	return true;
}

/* The stage named "name" (ASCII case-insensitive) with index < before,
 * or -1. */
static long stage_by_name(struct bh_check *c, const struct stage_names *ix,
			  const char *name, size_t before)
{
	char *low = arena_strdup(c->arena, name);
	if (!low || !ix->n)
		return -1;
	for (char *p = low; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	size_t lo = 0, hi = ix->n;
	while (lo < hi) {   /* first entry >= (low, 0) */
		size_t mid = lo + (hi - lo) / 2;
		if (strcmp(ix->v[mid].name, low) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < ix->n && txt_eq(ix->v[lo].name, low) &&
	    ix->v[lo].idx < before)
		return (long)ix->v[lo].idx;
	return -1;
}

/* The --from flag of COPY i, its resolved value in *val. */
static const struct df_flag *copy_from_flag(struct bh_check *c, size_t i,
					    const char **val)
{
	const struct df_node *n = c->df->instrs[i].node;
	for (size_t k = 0; k < n->nflags; k++) {
		const struct df_flag *f = &n->flags[k];
		if (strcmp(f->name, "from") || !f->value)
			continue;
		*val = dfr_resolve(c, i, f->value);
		return *val && **val ? f : NULL;
	}
	return NULL;
}

/* The --from flag of instruction i when it is a COPY (inline: the rules
 * ask it of every instruction, most not a COPY). */
static inline const struct df_flag *copy_from(struct bh_check *c, size_t i,
					      const char **val)
{
	return dfr_kw(c->df->instrs[i].node, "copy") ? copy_from_flag(c, i, val)
						     : NULL;
}

/* Judges one --from value "v" (resolved) used in stage "st". */
static void judge_from(struct bh_check *c, const struct bh_rule *self,
		       const struct stage_names *ix, size_t st, const char *v,
		       struct bh_span span, const char *what)
{
	const struct df_model *m = c->df;
	long idx;
	if (parse_index(v, &idx)) {
		if ((size_t)idx > st)
			bh_report(c, self, span,
				  "%s%s refers to stage %ld, which is not "
				  "defined before this stage", what, v, idx);
		return;
	}
	/* image references (nginx:1.25, ghcr.io/x/y) are allowed */
	if (strpbrk(v, ":/@.") || stage_by_name(c, ix, v, st + 1) >= 0)
		return;
	if (stage_by_name(c, ix, v, m->nstages) >= 0) {
		bh_report(c, self, span,
			  "%s%s refers to a stage defined later in the "
			  "file", what, v);
		return;
	}
	bh_report(c, self, span,
		  "%s%s names no stage of this Dockerfile; BuildKit will "
		  "pull an image called %s:latest instead", what, v, v);
}

/* BH1033: COPY --from / RUN --mount from= names no earlier stage. */
static void check_bh1033(struct bh_check *c, const struct bh_rule *self)
{
	const struct df_model *m = c->df;
	struct stage_names ix;
	if (!stage_names_build(c, &ix))
		return;
	for (size_t i = 0; i < m->ninstrs; i++) {
		const struct df_instr *in = &m->instrs[i];
		size_t st = in->stage;
		if (st >= m->nstages)
			continue;
		const char *v = NULL;
		const struct df_flag *f = copy_from(c, i, &v);
		if (f)
			judge_from(c, self, &ix, st, v, flag_span(f),
				   "COPY --from=");
		if (!dfr_kw(in->node, "run"))
			continue;
		for (size_t k = 0; k < in->nmounts; k++) {
			const struct df_mount *mt = &in->mounts[k];
			if (!mt->from || !mt->flag)
				continue;
			v = dfr_resolve(c, i, mt->from);
			if (v && *v)
				judge_from(c, self, &ix, st, v, flag_span(mt->flag),
					   "RUN --mount from=");
		}
	}
}

static const struct bh_rule rule_bh1033 = {
	.id = "BH1033",
	.severity = BH_SEV_MEDIUM,
	.practice = "multi-stage-build",
	.target = BH_TARGET_DOCKERFILE,
	.title = "COPY --from names no earlier stage",
	.why = "A --from that matches no stage is pulled as an image of "
	       "that name (usually a typo that silently fetches "
	       "someone else's :latest image).",
	.fix = "Name a stage defined earlier (FROM ... AS build) or a "
	       "pinned image (--from=nginx:1.27).",
	.hadolint = "DL3022",
	.check = check_bh1033,
};

/* Whether --from value "v" used in stage "st" names that same stage. */
static bool names_own_stage(const struct df_model *m, size_t st, const char *v)
{
	long idx;
	if (parse_index(v, &idx))
		return (size_t)idx == st;
	return m->stages[st].name && !strcasecmp(m->stages[st].name, v);
}

/* BH1034: COPY --from / RUN --mount from= its own stage. */
static void check_bh1034(struct bh_check *c, const struct bh_rule *self)
{
	const struct df_model *m = c->df;
	for (size_t i = 0; i < m->ninstrs; i++) {
		const struct df_instr *in = &m->instrs[i];
		size_t st = in->stage;
		if (st >= m->nstages)
			continue;
		const char *v = NULL;
		const struct df_flag *f = copy_from(c, i, &v);
		if (f && names_own_stage(m, st, v))
			bh_report(c, self, flag_span(f),
				  "COPY --from=%s refers to the stage it is "
				  "in", v);
		if (!dfr_kw(in->node, "run"))
			continue;
		for (size_t k = 0; k < in->nmounts; k++) {
			const struct df_mount *mt = &in->mounts[k];
			if (!mt->from || !mt->flag)
				continue;
			v = dfr_resolve(c, i, mt->from);
			if (v && *v && names_own_stage(m, st, v))
				bh_report(c, self, flag_span(mt->flag),
					  "RUN --mount from=%s refers to the "
					  "stage it is in", v);
		}
	}
}

static const struct bh_rule rule_bh1034 = {
	.id = "BH1034",
	.severity = BH_SEV_MEDIUM,
	.practice = "multi-stage-build",
	.target = BH_TARGET_DOCKERFILE,
	.title = "COPY --from refers to its own stage",
	.why = "A stage cannot copy from itself; the build fails with a "
	       "circular dependency.",
	.fix = "Copy from the stage that produced the files.",
	.hadolint = "DL3023",
	.trivy = "DS-0006",
	.check = check_bh1034,
};

/* The "AS name" word of a FROM, or NULL. */
static const struct df_word *stage_name_word(const struct df_node *from)
{
	if (!from || from->nargs < 3 || strcasecmp(from->args[1].text, "as"))
		return NULL;
	return &from->args[2];
}

/* BH1035: two stages with the same name. */
static void check_bh1035(struct bh_check *c, const struct bh_rule *self)
{
	const struct df_model *m = c->df;
	struct stage_names ix;
	if (!stage_names_build(c, &ix))
		return;
	for (size_t i = 1; i < m->nstages; i++) {
		const struct df_stage *s = &m->stages[i];
		if (!s->name)
			continue;
		long prev = stage_by_name(c, &ix, s->name, i);
		if (prev < 0)
			continue;
		const struct df_word *w = stage_name_word(s->from);
		bh_report(c, self, w ? dfr_word_span(w) : kw_span(s->from),
			  "stage name \"%s\" is already used by the stage "
			  "on line %d", s->name, m->stages[prev].from->line);
	}
}

static const struct bh_rule rule_bh1035 = {
	.id = "BH1035",
	.severity = BH_SEV_MEDIUM,
	.practice = "multi-stage-build",
	.target = BH_TARGET_DOCKERFILE,
	.title = "Duplicate stage name",
	.why = "Two stages with one name make --from and --target "
	       "ambiguous; BuildKit rejects it.",
	.fix = "Give every stage a unique AS name.",
	.hadolint = "DL3024",
	.trivy = "DS-0012",
	.checkov = "CKV_DOCKER_11",
	.other = "BuildKit:DuplicateStageName",
	.check = check_bh1035,
};

/* BH1036: a reserved word as stage name. */
static void check_bh1036(struct bh_check *c, const struct bh_rule *self)
{
	const struct df_model *m = c->df;
	for (size_t i = 0; i < m->nstages; i++) {
		const struct df_stage *s = &m->stages[i];
		if (!s->name || (strcasecmp(s->name, "scratch") &&
				 strcasecmp(s->name, "context")))
			continue;
		const struct df_word *w = stage_name_word(s->from);
		bh_report(c, self, w ? dfr_word_span(w) : kw_span(s->from),
			  "stage name \"%s\" is reserved", s->name);
	}
}

static const struct bh_rule rule_bh1036 = {
	.id = "BH1036",
	.severity = BH_SEV_LOW,
	.practice = "multi-stage-build",
	.target = BH_TARGET_DOCKERFILE,
	.title = "Reserved word as stage name",
	.why = "\"scratch\" and \"context\" have a fixed meaning in "
	       "FROM and --from; a stage with that name is never the "
	       "one referenced.",
	.fix = "Rename the stage.",
	.hadolint = "DL3063",
	.other = "BuildKit:ReservedStageName",
	.check = check_bh1036,
};

/* Reports every "kw" of each stage but the last one, which wins. */
static void report_overridden(struct bh_check *c, const struct bh_rule *self,
			      const char *kw, const char *upper)
{
	const struct df_model *m = c->df;
	for (size_t s = 0; s < m->nstages; s++) {
		const struct df_stage *st = &m->stages[s];
		size_t end = stage_end(m, st);
		const struct df_node *last = NULL;
		for (size_t i = end; i-- > st->from_instr;)
			if (dfr_kw(m->instrs[i].node, kw)) {
				last = m->instrs[i].node;
				break;
			}
		if (!last)
			continue;
		for (size_t i = st->from_instr; i < end; i++) {
			const struct df_node *n = m->instrs[i].node;
			if (!dfr_kw(n, kw) || n == last)
				continue;
			bh_report(c, self, kw_span(n),
				  "%s on line %d is overridden by the %s on "
				  "line %d of the same stage; only the last "
				  "one takes effect", upper, n->line, upper,
				  last->line);
		}
	}
}

static void check_bh1037(struct bh_check *c, const struct bh_rule *self)
{
	report_overridden(c, self, "cmd", "CMD");
}

static const struct bh_rule rule_bh1037 = {
	.id = "BH1037",
	.severity = BH_SEV_LOW,
	.practice = "multi-stage-build",
	.target = BH_TARGET_DOCKERFILE,
	.title = "Multiple CMD in one stage",
	.why = "Only the last CMD of a stage takes effect; the others "
	       "mislead readers.",
	.fix = "Keep one CMD per stage.",
	.hadolint = "DL4003",
	.trivy = "DS-0016",
	.other = "BuildKit:MultipleInstructionsDisallowed",
	.check = check_bh1037,
};

static void check_bh1038(struct bh_check *c, const struct bh_rule *self)
{
	report_overridden(c, self, "entrypoint", "ENTRYPOINT");
}

static const struct bh_rule rule_bh1038 = {
	.id = "BH1038",
	.severity = BH_SEV_LOW,
	.practice = "multi-stage-build",
	.target = BH_TARGET_DOCKERFILE,
	.title = "Multiple ENTRYPOINT in one stage",
	.why = "Only the last ENTRYPOINT of a stage takes effect; the "
	       "others mislead readers.",
	.fix = "Keep one ENTRYPOINT per stage.",
	.hadolint = "DL4004",
	.trivy = "DS-0007",
	.other = "BuildKit:MultipleInstructionsDisallowed",
	.check = check_bh1038,
};

static void check_bh1039(struct bh_check *c, const struct bh_rule *self)
{
	report_overridden(c, self, "healthcheck", "HEALTHCHECK");
}

static const struct bh_rule rule_bh1039 = {
	.id = "BH1039",
	.severity = BH_SEV_LOW,
	.practice = "healthcheck",
	.target = BH_TARGET_DOCKERFILE,
	.title = "Multiple HEALTHCHECK in one stage",
	.why = "Only the last HEALTHCHECK of a stage takes effect; the "
	       "others mislead readers.",
	.fix = "Keep one HEALTHCHECK per stage.",
	.hadolint = "DL3012",
	.trivy = "DS-0023",
	.other = "BuildKit:MultipleInstructionsDisallowed",
	.check = check_bh1039,
};

/* BH1040: CMD/ENTRYPOINT in shell form. */
static void check_bh1040(struct bh_check *c, const struct bh_rule *self)
{
	const struct df_model *m = c->df;
	size_t shell_stage = (size_t)-2; /* stage that has seen a SHELL */
	for (size_t i = 0; i < m->ninstrs; i++) {
		const struct df_node *n = m->instrs[i].node;
		if (dfr_kw(n, "shell"))
			shell_stage = m->instrs[i].stage;
		if (!(dfr_kw(n, "cmd") || dfr_kw(n, "entrypoint")) ||
		    n->json_form || !n->nargs)
			continue;
		/* a SHELL earlier in the stage means the author chose the
		 * shell (tracked in one pass: "shell_stage") */
		if (m->instrs[i].stage == shell_stage)
			continue;
		bool ep = dfr_kw(n, "entrypoint");
		bh_report(c, self, kw_span(n),
			  "%s uses the shell form, so /bin/sh -c is PID 1, "
			  "signals such as SIGTERM do not reach the program%s",
			  ep ? "ENTRYPOINT" : "CMD",
			  ep ? " and CMD arguments are ignored" : "");
	}
}

/* Whether "w" (n bytes) is a word the shell passes on as written: no
 * quote, variable, glob, escape, redirection or operator in it. */
static bool plain_word(const char *w, size_t n)
{
	if (!n || w[0] == '~' || w[0] == '#')
		return false;
	for (size_t k = 0; k < n; k++) {
		unsigned char ch = (unsigned char)w[k];
		if (!isalnum(ch) && !strchr("_./:=,@%+-", ch))
			return false;
	}
	return true;
}

/* Fix: shell form to exec form, only when the split is exact: one line,
 * plain words (plain_word), no shell builtin first, no assignment; an
 * ENTRYPOINT only in a stage without CMD (exec form would append CMD),
 * a CMD only in a stage without ENTRYPOINT (it would receive other
 * arguments). */
static void fix_bh1040(struct bh_check *c, const struct bh_rule *self,
		       const struct bh_finding *f)
{
	static const char *const builtins[] = { "exec", "cd", "source", ".",
		"export", "set", "if", "for", "while", "until", "case", "eval",
		"trap", "ulimit", "umask", "exit", "shift", "unset", "alias",
		"read", "wait", "[", "test", "{", "(", "!", NULL };
	const struct df_model *m = c->df;
	/* the reason when no edit is made */
	bh_fix_why(c, "the command's split into words is not exact (several "
		   "lines, quotes, variables, globs, operators, a shell "
		   "builtin first, an assignment), or the exec form would "
		   "join a CMD to the ENTRYPOINT: write the exec form by hand");
	for (size_t i = 0; i < m->ninstrs; i++) {
		const struct df_node *n = m->instrs[i].node;
		if (n->line != f->span.line || n->col != f->span.col)
			continue;
		bool ep = dfr_kw(n, "entrypoint");
		if (!(ep || dfr_kw(n, "cmd")) || n->json_form || n->onbuild ||
		    n->nflags || n->nheredocs || n->end_line != n->line ||
		    !n->rest_len)
			return;
		const struct df_stage *st = m->instrs[i].stage < m->nstages
						    ? &m->stages[m->instrs[i].stage]
						    : NULL;
		for (size_t j = st ? st->from_instr : 0; st && j < st->end_instr; j++)
			if (j != i && dfr_kw(m->instrs[j].node, ep ? "cmd" : "entrypoint"))
				return;
		int line = 0, col = 0;
		df_locate(n, 0, &line, &col);
		size_t at = bh_fix_offset(c, line, col);
		if (line != n->line || at == (size_t)-1 ||
		    at + n->rest_len > c->text_len ||
		    memcmp(c->text + at, n->rest, n->rest_len))
			return;
		struct strbuf sb = STRBUF_INIT;
		strbuf_addc(&sb, '[');
		size_t k = 0, nw = 0;
		bool ok = true;
		while (ok && k < n->rest_len) {
			while (k < n->rest_len && (n->rest[k] == ' ' || n->rest[k] == '\t'))
				k++;
			size_t b = k;
			while (k < n->rest_len && n->rest[k] != ' ' && n->rest[k] != '\t')
				k++;
			if (k == b)
				break;
			ok = plain_word(n->rest + b, k - b);
			if (ok && nw == 0) {
				for (size_t q = 0; builtins[q] && ok; q++)
					ok = !(strlen(builtins[q]) == k - b &&
					       !memcmp(builtins[q], n->rest + b, k - b));
				ok = ok && !memchr(n->rest + b, '=', k - b);
			}
			if (ok) {
				strbuf_printf(&sb, "%s\"%.*s\"", nw ? ", " : "",
					      (int)(k - b), n->rest + b);
				nw++;
			}
		}
		strbuf_addc(&sb, ']');
		if (ok && nw && !sb.failed)
			bh_fix_edit(c, self, at, at + n->rest_len, sb.buf, NULL);
		strbuf_free(&sb);
		return;
	}
}

static const struct bh_rule rule_bh1040 = {
	.id = "BH1040",
	.severity = BH_SEV_LOW,
	.practice = "minimal-base-image",
	.target = BH_TARGET_DOCKERFILE,
	.title = "CMD/ENTRYPOINT in shell form",
	.why = "The shell form runs the program under /bin/sh -c: it "
	       "needs a shell in the image, and SIGTERM goes to the "
	       "shell, so the program is killed instead of stopping "
	       "cleanly.",
	.fix = "Use the exec form: CMD [\"/app/server\", \"--port\", "
	       "\"8080\"].",
	.hadolint = "DL3025",
	.other = "BuildKit:JSONArgsRecommended",
	.check = check_bh1040,
	.fix_fn = fix_bh1040,
	.fix_risk = "the program now runs without a shell: it must be "
		    "found on PATH or named by path, and it is PID 1, so it "
		    "must handle SIGTERM (and reap children) itself; a base "
		    "image's ENTRYPOINT gets the words instead of sh -c",
};

static bool all_case(const char *s, bool upper)
{
	/* ASCII letters (isalpha() in the C locale, bulkhead never calls
	 * setlocale): a letter of the other case spoils it */
	char lo = upper ? 'a' : 'A', hi = upper ? 'z' : 'Z';
	for (; *s; s++)
		if (*s >= lo && *s <= hi)
			return false;
	return true;
}

/* Parses "a" or "a-b" (decimal) into lo/hi; false when not numeric. */
static bool parse_ports(const char *s, size_t n, long *lo, long *hi)
{
	char buf[32];
	if (!n || n >= sizeof(buf))
		return false;
	memcpy(buf, s, n);
	buf[n] = 0;
	char *dash = strchr(buf, '-');
	if (dash)
		*dash = 0;
	long v[2];
	const char *parts[2] = { buf, dash ? dash + 1 : buf };
	for (int k = 0; k < 2; k++) {
		const char *p = parts[k];
		if (!*p || strlen(p) > 9)
			return false;
		for (const char *q = p; *q; q++)
			if (!isdigit((unsigned char)*q))
				return false;
		v[k] = strtol(p, NULL, 10);
	}
	*lo = v[0];
	*hi = v[1];
	return true;
}

/* BH1041: EXPOSE out of range or in an invalid format. */
static void check_bh1041(struct bh_check *c, const struct bh_rule *self)
{
	const struct df_model *m = c->df;
	char buf[256];
	for (size_t i = 0; i < m->ninstrs; i++) {
		const struct df_node *n = m->instrs[i].node;
		if (!dfr_kw(n, "expose"))
			continue;
		for (size_t a = 0; a < n->nargs; a++) {
			const char *v = dfr_resolve(c, i, n->args[a].text);
			if (!v || !*v)
				continue;
			v = unquote(v, buf, sizeof(buf));
			struct bh_span sp = dfr_word_span(&n->args[a]);
			if (strchr(v, ':')) {
				bh_report(c, self, sp,
					  "EXPOSE %s maps a host address or port; "
					  "EXPOSE takes only the container port "
					  "(publish with docker run -p)", v);
				continue;
			}
			size_t pn = strcspn(v, "/");
			const char *proto = v[pn] == '/' ? v + pn + 1 : NULL;
			long lo, hi;
			if (!parse_ports(v, pn, &lo, &hi)) {
				bh_report(c, self, sp,
					  "EXPOSE %s is not a port number or "
					  "range", v);
				continue;
			}
			if (lo > 65535 || hi > 65535 || hi < lo) {
				bh_report(c, self, sp,
					  "EXPOSE %s is outside the port range "
					  "0-65535", v);
				continue;
			}
			if (proto && strcasecmp(proto, "tcp") &&
			    strcasecmp(proto, "udp") &&
			    strcasecmp(proto, "sctp")) {
				bh_report(c, self, sp,
					  "EXPOSE %s: protocol \"%s\" is not tcp, "
					  "udp or sctp", v, proto);
				continue;
			}
		}
	}
}

static const struct bh_rule rule_bh1041 = {
	.id = "BH1041",
	.severity = BH_SEV_MEDIUM,
	.practice = "minimal-ports",
	.target = BH_TARGET_DOCKERFILE,
	.title = "EXPOSE out of range or invalid",
	.why = "Ports are 0-65535 with an optional /tcp, /udp or /sctp; "
	       "anything else fails or is not what was meant.",
	.fix = "Write EXPOSE <port>[/<protocol>] with a valid port; "
	       "publish host ports at run time.",
	.hadolint = "DL3011",
	.trivy = "DS-0008",
	.other = "BuildKit:ExposeInvalidFormat",
	.check = check_bh1041,
};

struct risky_port {
	long port;
	const char *what;
};

static const struct risky_port risky_ports[] = {
	{ 22, "SSH" },
	{ 23, "telnet" },
	{ 2375, "the unencrypted Docker daemon API" },
	{ 2376, "the Docker daemon API" },
	{ 2345, "the Go Delve debugger" },
	{ 5005, "the Java debugger (JDWP)" },
	{ 5678, "the Python debugpy debugger" },
	{ 9229, "the Node.js inspector" },
	{ 0, NULL },
};

/* Whether the final image shows it runs Java: a Java base image (the
 * stage chain's external image names java, jdk, jre, a JDK vendor, a JVM
 * build tool or server), or an instruction of the chain names java, a
 * .jar, JAVA_TOOL_OPTIONS / JAVA_OPTS or -agentlib:jdwp.  Port 5005 is
 * JDWP only by convention; on its own it is any service's port. */
static bool image_runs_java(const struct df_model *m,
			    const struct df_stage *const *chain, size_t n)
{
	if (!n)
		return false;
	if (java_image(chain[n - 1]->base.repository))
		return true;
	for (size_t s = 0; s < n; s++) {
		size_t end = stage_end(m, chain[s]);
		for (size_t i = chain[s]->from_instr; i < end; i++) {
			const struct df_node *nd = m->instrs[i].node;
			if (!nd || !nd->original || dfr_kw(nd, "from"))
				continue;
			if (java_text(nd->original))
				return true;
		}
	}
	return false;
}

/* BH1042: the final image exposes SSH or a debugger port. */
static void check_bh1042(struct bh_check *c, const struct bh_rule *self)
{
	const struct df_model *m = c->df;
	const struct df_stage *fin = df_model_final_stage(m);
	if (!fin)
		return;
	const struct df_stage *chain[MAX_CHAIN];
	size_t n = dfr_stage_chain(m, fin, chain, MAX_CHAIN);
	char buf[256];
	int java = -1;  /* image_runs_java(), asked once when needed */
	for (size_t s = n; s-- > 0;) {
		size_t end = stage_end(m, chain[s]);
		for (size_t i = chain[s]->from_instr; i < end; i++) {
			const struct df_node *nd = m->instrs[i].node;
			if (!dfr_kw(nd, "expose"))
				continue;
			for (size_t a = 0; a < nd->nargs; a++) {
				const char *v = dfr_resolve(c, i, nd->args[a].text);
				if (!v)
					continue;
				v = unquote(v, buf, sizeof(buf));
				long lo, hi;
				if (!parse_ports(v, strcspn(v, "/"), &lo, &hi))
					continue;
				for (size_t k = 0; risky_ports[k].what; k++) {
					long p = risky_ports[k].port;
					/* ranges count only for SSH */
					if (lo == hi ? lo != p
						     : (p != 22 || lo > p || hi < p))
						continue;
					/* JDWP needs a Java signal */
					if (p == 5005 && java < 0)
						java = image_runs_java(m, chain, n);
					if (p == 5005 && !java)
						break;
					bh_report(c, self,
						  dfr_word_span(&nd->args[a]),
						  "the final image exposes port "
						  "%ld (%s)", p,
						  risky_ports[k].what);
					break;
				}
			}
		}
	}
}

static const struct bh_rule rule_bh1042 = {
	.id = "BH1042",
	.flags = BH_RULE_LINK(BH_LINK_DF_DEBUG_PORT),  /* core/link.c joins it */
	.severity = BH_SEV_MEDIUM,
	.practice = "minimal-ports",
	.target = BH_TARGET_DOCKERFILE,
	.title = "SSH or debug port exposed",
	.why = "SSH, telnet, the Docker API and debugger ports give "
	       "remote shells or code execution; they do not belong in "
	       "a shipped image.  Port 5005 counts as the Java debugger "
	       "(JDWP) only when the image shows Java: a JDK/JRE, JVM "
	       "build tool or server base image, or java, a .jar, "
	       "JAVA_TOOL_OPTIONS or -agentlib:jdwp in its instructions.",
	.fix = "Remove the EXPOSE (use docker exec / kubectl exec, and "
	       "a separate debug target for debuggers).",
	.trivy = "DS-0004",
	.checkov = "CKV_DOCKER_1",
	.cis = "5.7",
	.check = check_bh1042,
};

/* BH1043: MAINTAINER is deprecated. */
static void check_bh1043(struct bh_check *c, const struct bh_rule *self)
{
	const struct df_model *m = c->df;
	for (size_t i = 0; i < m->ninstrs; i++) {
		const struct df_node *n = m->instrs[i].node;
		if (dfr_kw(n, "maintainer"))
			bh_report(c, self, kw_span(n),
				  "MAINTAINER is deprecated; use LABEL "
				  "org.opencontainers.image.authors=...");
	}
}

static const struct bh_rule rule_bh1043 = {
	.id = "BH1043",
	.severity = BH_SEV_INFO,
	.practice = "multi-stage-build",
	.target = BH_TARGET_DOCKERFILE,
	.title = "MAINTAINER is deprecated",
	.why = "MAINTAINER is deprecated; the OCI authors label is what "
	       "tools read.",
	.fix = "Use LABEL org.opencontainers.image.authors=\"...\".",
	.hadolint = "DL4000",
	.trivy = "DS-0022",
	.checkov = "CKV_DOCKER_6",
	.other = "BuildKit:MaintainerDeprecated",
	.check = check_bh1043,
};

/* The source (non-destination) count and destination of COPY/ADD. */
static const struct df_word *copy_dest(const struct df_node *n,
				       size_t *nsrc)
{
	if (!(dfr_kw(n, "copy") || dfr_kw(n, "add")) || n->nargs < 2)
		return NULL;
	*nsrc = n->nargs - 1;
	return &n->args[n->nargs - 1];
}

/* BH1044: COPY/ADD of several sources to a destination without '/'. */
static void check_bh1044(struct bh_check *c, const struct bh_rule *self)
{
	const struct df_model *m = c->df;
	char buf[1024];
	for (size_t i = 0; i < m->ninstrs; i++) {
		const struct df_node *n = m->instrs[i].op;  /* ONBUILD too */
		size_t nsrc = 0;
		const struct df_word *d = copy_dest(n, &nsrc);
		if (!d || nsrc < 2)
			continue;
		const char *v = dfr_resolve(c, i, d->text);
		if (!v || !*v)
			continue;
		v = unquote(v, buf, sizeof(buf));
		size_t len = strlen(v);
		if (v[len - 1] == '/' || v[len - 1] == '\\')
			continue;
		bh_report(c, self, dfr_word_span(d),
			  "%s has %zu sources but its destination %s does not "
			  "end with /; the build fails", n->keyword_raw, nsrc, v);
	}
}

static const struct bh_rule rule_bh1044 = {
	.id = "BH1044",
	.severity = BH_SEV_MEDIUM,
	.practice = "copy-only-needed",
	.target = BH_TARGET_DOCKERFILE,
	.title = "Multi-source COPY destination lacks a trailing /",
	.why = "With more than one source the destination must be a "
	       "directory ending in /; otherwise the build fails.",
	.fix = "End the destination with a slash: COPY a b /app/.",
	.hadolint = "DL3021",
	.trivy = "DS-0011",
	.check = check_bh1044,
};

/* BH1045: no HEALTHCHECK in the final image. */
static void check_bh1045(struct bh_check *c, const struct bh_rule *self)
{
	const struct df_model *m = c->df;
	const struct df_stage *fin = df_model_final_stage(m);
	if (!fin || !fin->from || fin->export_only)
		return;  /* an export-only stage runs nothing to check */
	const struct df_stage *chain[MAX_CHAIN];
	size_t n = dfr_stage_chain(m, fin, chain, MAX_CHAIN);
	for (size_t s = 0; s < n; s++) {
		size_t end = stage_end(m, chain[s]);
		for (size_t i = chain[s]->from_instr; i < end; i++)
			if (dfr_kw(m->instrs[i].node, "healthcheck"))
				return;
	}
	bh_report(c, self, kw_span(fin->from),
		  "the final stage defines no HEALTHCHECK, so the runtime "
		  "cannot tell a hung container from a healthy one");
}

static const struct bh_rule rule_bh1045 = {
	.id = "BH1045",
	.flags = BH_RULE_LINK(BH_LINK_DF_NO_HEALTH),  /* core/link.c joins it */
	.severity = BH_SEV_LOW,
	.practice = "healthcheck",
	.target = BH_TARGET_DOCKERFILE,
	.title = "No HEALTHCHECK in the final stage",
	.why = "Without a health check Docker and Compose cannot detect "
	       "a hung service and restart or stop routing to it.  An "
	       "export-only final stage (FROM scratch holding only "
	       "copied files, no CMD or ENTRYPOINT) runs no service and "
	       "is not reported.",
	.fix = "Add HEALTHCHECK CMD [\"/app/healthcheck\"] (or rely on "
	       "Kubernetes probes and add HEALTHCHECK NONE).",
	.hadolint = "DL3057",
	.trivy = "DS-0026",
	.checkov = "CKV_DOCKER_2",
	.cis = "4.6",
	.check = check_bh1045,
};

/* BH1046: ONBUILD with FROM or MAINTAINER (ONBUILD ONBUILD is an input
 * error: src/core/scan_df.c). */
static void check_bh1046(struct bh_check *c, const struct bh_rule *self)
{
	const struct df_model *m = c->df;
	for (size_t i = 0; i < m->ninstrs; i++) {
		const struct df_node *n = m->instrs[i].node;
		if (!dfr_kw(n, "onbuild") || !n->onbuild)
			continue;
		const struct df_node *t = n->onbuild;
		if (!dfr_kw(t, "onbuild") && !dfr_kw(t, "from") &&
		    !dfr_kw(t, "maintainer"))
			continue;
		bh_report(c, self, kw_span(t),
			  "%s is not allowed as an ONBUILD trigger",
			  t->keyword_raw);
	}
}

static const struct bh_rule rule_bh1046 = {
	.id = "BH1046",
	.severity = BH_SEV_MEDIUM,
	.practice = "multi-stage-build",
	.target = BH_TARGET_DOCKERFILE,
	.title = "ONBUILD with FROM or MAINTAINER",
	.why = "These instructions are not allowed as ONBUILD triggers; "
	       "the build fails.",
	.fix = "Remove the trigger or move the instruction out of "
	       "ONBUILD.",
	.hadolint = "DL3043",
	.check = check_bh1046,
};

/* Whether "value" references $name or ${name...}. */
static bool refers_to(const char *value, const char *name)
{
	size_t len = strlen(name);
	struct expand_ref r;
	for (const char *p = value; (p = expand_next_ref(p, 0, &r)) != NULL;)
		if (r.len == len && !strncmp(r.name, name, len))
			return true;
	return false;
}

/* BH1047: ENV uses a variable defined earlier in the same ENV.  The
 * parser gives ENV arguments as (key, value, separator) triples. */
static void check_bh1047(struct bh_check *c, const struct bh_rule *self)
{
	const struct df_model *m = c->df;
	for (size_t i = 0; i < m->ninstrs; i++) {
		const struct df_node *n = m->instrs[i].op;  /* ONBUILD too */
		if (!dfr_kw(n, "env") || n->nargs < 6)
			continue;
		/* quadratic in the pairs: judge the first 512 only */
		size_t lim = n->nargs < 3 * 512 ? n->nargs : 3 * 512;
		for (size_t v = 4; v < lim; v += 3) {
			for (size_t k = 0; k + 3 < v; k += 3) {
				const char *name = n->args[k].text;
				if (!refers_to(n->args[v].text, name))
					continue;
				/* the old value is what the author meant when
				 * the variable was already set (PATH=$PATH) */
				bool before = false;
				const struct df_instr *in = &m->instrs[i];
				for (size_t e = 0; e < in->nenv; e++)
					if (in->env[e].name &&
					    txt_eq(in->env[e].name, name) &&
					    in->env[e].value)
						before = true;
				if (before)
					continue;
				bh_report(c, self, dfr_word_span(&n->args[v]),
					  "ENV %s uses $%s, which this same ENV "
					  "defines: it expands to the value "
					  "before this instruction (empty)",
					  n->args[v - 1].text, name);
				break;
			}
		}
	}
}

static const struct bh_rule rule_bh1047 = {
	.id = "BH1047",
	.severity = BH_SEV_LOW,
	.practice = "multi-stage-build",
	.target = BH_TARGET_DOCKERFILE,
	.title = "ENV uses a variable defined in the same ENV",
	.why = "Variables of one ENV are set together, so a reference "
	       "to another key of the same ENV sees its old (usually "
	       "empty) value.",
	.fix = "Split it into two ENV instructions.",
	.hadolint = "DL3044",
	.check = check_bh1047,
};

/* BH1048: COPY to a relative destination without a WORKDIR. */
static void check_bh1048(struct bh_check *c, const struct bh_rule *self)
{
	const struct df_model *m = c->df;
	char buf[1024];
	for (size_t i = 0; i < m->ninstrs; i++) {
		const struct df_node *n = m->instrs[i].node;
		size_t nsrc = 0;
		const struct df_word *d = copy_dest(n, &nsrc);
		if (!d || !dfr_kw(n, "copy") || m->instrs[i].workdir)
			continue;
		const char *v = unquote(d->text, buf, sizeof(buf));
		if (v[0] == '/' || v[0] == '$' || v[0] == '\\' ||
		    is_windows_abs(v) || !*v)
			continue;
		bh_report(c, self, dfr_word_span(d),
			  "COPY to the relative destination %s while no WORKDIR "
			  "is set: it lands in the base image's working "
			  "directory", v);
	}
}

static const struct bh_rule rule_bh1048 = {
	.id = "BH1048",
	.severity = BH_SEV_LOW,
	.practice = "copy-only-needed",
	.target = BH_TARGET_DOCKERFILE,
	.title = "COPY to a relative destination without WORKDIR",
	.why = "Without a WORKDIR a relative destination depends on the "
	       "base image's working directory.",
	.fix = "Set WORKDIR /app first or use an absolute destination.",
	.hadolint = "DL3045",
	.check = check_bh1048,
};

/* ---- BH1049: pipes without pipefail --------------------------------- */

/* Whether a shell-form argument list enables pipefail ("-o pipefail",
 * "-eo pipefail", "-euxo pipefail"). */
static bool words_enable_pipefail(const char *const *w, size_t n)
{
	for (size_t a = 0; a + 1 < n; a++) {
		const char *o = w[a];
		if (o[0] == '-' && o[1] != '-' && strchr(o + 1, 'o') &&
		    txt_eq(w[a + 1], "pipefail"))
			return true;
	}
	return false;
}

enum shell_kind { SHELL_SH, SHELL_PIPEFAIL, SHELL_OTHER };

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

/* Whether s holds one of the NULL-terminated lower-case "words" in any
 * case (what a strcasestr() per word finds): one pass over s, a word
 * tried only where its first letter is. */
static bool ci_has_any(const char *s, const char *const *words)
{
	unsigned long firsts = 0;  /* bit l - 'a' for each first letter l */
	for (size_t k = 0; words[k]; k++)
		firsts |= 1ul << (words[k][0] - 'a');
	for (; *s; s++) {
		unsigned char l = (unsigned char)*s | 0x20;
		if (l < 'a' || l > 'z' || !(firsts >> (l - 'a') & 1))
			continue;
		for (size_t k = 0; words[k]; k++)
			if ((unsigned char)words[k][0] == l &&
			    ci_at(s + 1, words[k] + 1))
				return true;
	}
	return false;
}

/* The kind of shell a SHELL instruction sets. */
static enum shell_kind shell_kind_of(const struct df_node *nd)
{
	if (!nd->nargs)
		return SHELL_SH;
	const char *sh = nd->args[0].text;
	const char *b = strrchr(sh, '/');
	b = b ? b + 1 : sh;
	static const char *const other[] = { "pwsh", "powershell", "cmd",
					     NULL };
	if (ci_has_any(b, other))
		return SHELL_OTHER;
	const char *w[64];
	size_t nw = nd->nargs < 64 ? nd->nargs : 64;
	for (size_t a = 0; a < nw; a++)
		w[a] = nd->args[a].text;
	return words_enable_pipefail(w, nw) ? SHELL_PIPEFAIL : SHELL_SH;
}

/* The default shell of a stage: its parent stage's last SHELL (already
 * computed in "kinds"), cmd for Windows bases, else /bin/sh. */
static enum shell_kind stage_default_shell(const struct df_model *m,
					   const struct df_stage *s,
					   const enum shell_kind *kinds)
{
	if (s->base_stage >= 0 && (size_t)s->base_stage < s->index)
		return kinds[s->base_stage];
	const struct img_ref *b = &s->base;
	static const char *const windows[] = { "windows", "nanoserver",
					       "servercore", NULL };
	if (b->repository && ci_has_any(b->repository, windows))
		return SHELL_OTHER;
	(void)m;
	return SHELL_SH;
}

/* Whether the command is `set ... -o pipefail`. */
static bool cmd_sets_pipefail(const struct sh_cmd *cmd)
{
	size_t at;
	const char *name = sh_cmd_proper(cmd, &at);
	/* also a shell started with it: "RUN bash -o pipefail <<EOF" */
	if (!txt_eq(name, "set") && !txt_eq(name, "bash") &&
	    !txt_eq(name, "sh") && !txt_eq(name, "ash") &&
	    !txt_eq(name, "zsh") && !txt_eq(name, "ksh") &&
	    !txt_eq(name, "dash"))
		return false;
	const char *w[64];
	size_t nw = cmd->argc - at < 64 ? cmd->argc - at : 64;
	for (size_t a = 0; a < nw; a++)
		w[a] = cmd->argv[at + a].text;
	return words_enable_pipefail(w, nw);
}

/* The shell a RUN's script runs under: a RUN <<EOF body starting with
 * #! is run by that interpreter (SHELL does not apply; pipefail when its
 * line says so), else the stage's SHELL ("kind"). */
static enum shell_kind script_shell(const struct df_instr *in,
				    enum shell_kind kind)
{
	if (in->script_src != DF_SCRIPT_HEREDOC || !in->script_text ||
	    strncmp(in->script_text, "#!", 2) != 0)
		return kind;
	size_t len = strcspn(in->script_text, "\n");
	const char *pf = strstr(in->script_text, "pipefail");
	return pf && (size_t)(pf - in->script_text) < len ? SHELL_PIPEFAIL
							  : SHELL_SH;
}

/* Commands whose failure pipefail would not catch in practice
 * (echo "$sum  file" | sha256sum -c -). */
static bool cannot_fail(const struct sh_cmd *cmd)
{
	const char *n = cmd->name;
	return txt_eq(n, "echo") || txt_eq(n, "printf") ||
	       txt_eq(n, "true") || txt_eq(n, "yes");
}

/* The name of what reads the pipe after cmds[k]: the next command in
 * source order past the commands of cmds[k]'s own $( ) words, which is the
 * first command of a ( ) subshell or { } group the pipe feeds ("cmds[k].next"
 * skips those: it links commands of one nesting level); for a command
 * that only assigns ("| (OUT=$(apt-key add -) ...)") the first command of
 * its substitution.  "a subshell" when nothing is named. */
static const char *pipe_reader(const struct sh_script *sc, size_t k)
{
	const struct sh_cmd *cmd = &sc->cmds[k];
	for (size_t j = k + 1; j < sc->ncmds; j++) {
		const struct sh_cmd *to = &sc->cmds[j];
		if (to->offset < cmd->end_offset)
			continue;  /* inside cmd's own words */
		if (to->argc)
			return sh_cmd_name(to);
		/* VAR=$(reader ...): the substitution's first command */
		if (j + 1 < sc->ncmds && sc->cmds[j + 1].in_substitution &&
		    sc->cmds[j + 1].offset < to->end_offset &&
		    sc->cmds[j + 1].argc)
			return sh_cmd_name(&sc->cmds[j + 1]);
		break;
	}
	return "a subshell";
}

/* The fix of a pipe inside a -c string: SHELL does not reach it. */
#define BH1049_STRING_FIX                                                   \
	"Turn pipefail on in the string's own shell: start the string "     \
	"with set -o pipefail; (bash, ash; not dash) or run it with bash "  \
	"-o pipefail -c '...'; a SHELL instruction or a set -o pipefail "   \
	"outside the string does not reach it."

/* BH1049: a pipe in RUN under a shell without pipefail.  One pass over
 * the instructions keeps each stage's current SHELL in "kinds". */
static void check_bh1049(struct bh_check *c, const struct bh_rule *self)
{
	const struct df_model *m = c->df;
	if (!m->nstages)
		return;
	enum shell_kind *kinds = arena_array(c->arena, m->nstages,
					     sizeof(*kinds));
	if (!kinds) {
		if (!c->error)
			c->error = BH_ENOMEM;
		return;
	}
	for (size_t i = 0; i < m->ninstrs; i++) {
		const struct df_instr *in = &m->instrs[i];
		const struct df_node *n = in->node;
		size_t st = in->stage;
		if (st >= m->nstages || !n)
			continue;
		if (dfr_kw(n, "from")) {
			kinds[st] = stage_default_shell(m, &m->stages[st], kinds);
			continue;
		}
		if (dfr_kw(n, "shell")) {
			kinds[st] = shell_kind_of(n);
			continue;
		}
		if (!dfr_kw(in->op, "run") || !in->script.ncmds)
			continue;
		/* exec form runs no SHELL: only the shells of its -c
		 * string, whose commands are in_string */
		enum shell_kind sk = script_shell(in, kinds[st]);
		if (sk == SHELL_OTHER && !in->op->json_form)
			continue;
		/* pipefail per shell: pf[0] the RUN's own (SHELL, a #! line),
		 * pf[h + 1] the shell of the -c string command h hands over,
		 * which starts without it unless h is a shell started with
		 * -o pipefail; "set -o pipefail" (or a shell reading this
		 * script on stdin with it) turns it on for the rest of its
		 * own shell only */
		const struct sh_script *sc = &in->script;
		/* only a pipe is judged below: most RUNs have none */
		bool piped = false;
		for (size_t k = 0; k < sc->ncmds && !piped; k++)
			piped = sc->cmds[k].op_after == SH_OP_PIPE;
		if (!piped)
			continue;
		bool *pf = arena_array(c->arena, sc->ncmds + 1, sizeof(*pf));
		bool *host = arena_array(c->arena, sc->ncmds, sizeof(*host));
		if (!pf || !host) {
			if (!c->error)
				c->error = BH_ENOMEM;
			return;
		}
		memset(pf, 0, (sc->ncmds + 1) * sizeof(*pf));
		memset(host, 0, sc->ncmds * sizeof(*host));
		pf[0] = sk == SHELL_PIPEFAIL;
		for (size_t k = 0; k < sc->ncmds; k++) {
			size_t h = sc->cmds[k].host;
			if (h != SH_NONE && h < sc->ncmds) {
				host[h] = true;
				pf[h + 1] = cmd_sets_pipefail(&sc->cmds[h]);
			}
		}
		for (size_t k = 0; k < sc->ncmds; k++) {
			const struct sh_cmd *cmd = &sc->cmds[k];
			size_t own = cmd->host != SH_NONE && cmd->host < sc->ncmds
					     ? cmd->host + 1 : 0;
			if (!host[k] && cmd_sets_pipefail(cmd)) {
				pf[own] = true;
				continue;
			}
			if (pf[own] || cmd->op_after != SH_OP_PIPE ||
			    !cmd->argc || cannot_fail(cmd))
				continue;
			/* the commands proper, past sudo/env/... (the
			   wrapper's name when nothing follows it) */
			size_t at;
			const char *name = sh_cmd_proper(cmd, &at);
			if (!*name)
				name = sh_cmd_name(cmd), at = 0;
			/* what reads the pipe: "xargs" in "find | xargs rm" */
			const char *next = pipe_reader(sc, k);
			char msg[640];
			struct bh_span sp = word_span_at(c, i, &cmd->argv[at]);
			if (own) {
				snprintf(msg, sizeof(msg),
					 "RUN pipes %.100s into %.100s inside "
					 "the -c string of %.60s, whose shell has "
					 "no pipefail (neither SHELL nor a set -o "
					 "pipefail outside the string reaches it): "
					 "if %.100s fails, the step still succeeds",
					 name, next, sc->cmds[own - 1].name,
					 name);
				/* SHELL cannot help: the string's own
				 * shell needs it (no bulkhead fix edit) */
				bh_report_fix(c, self, sp, BH1049_STRING_FIX,
					      "%s", msg);
				break;
			}
			snprintf(msg, sizeof(msg),
				 "RUN pipes %.100s into %.100s without "
				 "pipefail: if %.100s fails, the step "
				 "still succeeds", name, next, name);
			bh_report(c, self, sp, "%s", msg);
			break;
		}
	}
}

static const struct bh_rule rule_bh1049 = {
	.id = "BH1049",
	.severity = BH_SEV_LOW,
	.practice = "pin-packages",
	.target = BH_TARGET_DOCKERFILE,
	.title = "Pipe in RUN without pipefail",
	.why = "/bin/sh reports only the last command of a pipe, so a "
	       "failed download piped into tar or sh leaves a broken "
	       "or partial layer behind a successful build.",
	.fix = "Add SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"] "
	       "(/bin/ash on Alpine) or start the RUN with set -o "
	       "pipefail.",
	.hadolint = "DL4006",
	.trivy = "DS-0032",
	.check = check_bh1049,
};

/* ---- casing and format ----------------------------------------------- */

/* BH1050: stage name not lower case. */
static void check_bh1050(struct bh_check *c, const struct bh_rule *self)
{
	const struct df_model *m = c->df;
	for (size_t i = 0; i < m->nstages; i++) {
		const struct df_word *w = stage_name_word(m->stages[i].from);
		if (!w || all_case(w->text, false))
			continue;
		bh_report(c, self, dfr_word_span(w),
			  "stage name \"%s\" should be lower case", w->text);
	}
}

static const struct bh_rule rule_bh1050 = {
	.id = "BH1050",
	.severity = BH_SEV_INFO,
	.practice = "multi-stage-build",
	.target = BH_TARGET_DOCKERFILE,
	.title = "Stage name is not lower case",
	.why = "Stage names are matched case-insensitively; mixed case "
	       "suggests a difference that does not exist.",
	.fix = "Write stage names in lower case.",
	.other = "BuildKit:StageNameCasing",
	.check = check_bh1050,
};

/* BH1051: FROM and AS in different case. */
static void check_bh1051(struct bh_check *c, const struct bh_rule *self)
{
	const struct df_model *m = c->df;
	for (size_t i = 0; i < m->nstages; i++) {
		const struct df_node *f = m->stages[i].from;
		if (!stage_name_word(f))
			continue;
		const char *kw = f->keyword_raw, *as = f->args[1].text;
		bool ku = all_case(kw, true), kl = all_case(kw, false);
		if ((ku && !all_case(as, true)) || (kl && !all_case(as, false)))
			bh_report(c, self, dfr_word_span(&f->args[1]),
				  "'%s' and '%s' keywords' casing do not match",
				  as, kw);
	}
}

static const struct bh_rule rule_bh1051 = {
	.id = "BH1051",
	.severity = BH_SEV_INFO,
	.practice = "multi-stage-build",
	.target = BH_TARGET_DOCKERFILE,
	.title = "FROM and AS in different case",
	.why = "Consistent keyword casing keeps Dockerfiles readable.",
	.fix = "Write FROM ... AS ... or from ... as ....",
	.other = "BuildKit:FromAsCasing",
	.check = check_bh1051,
};

/* BH1052: instruction keywords in mixed case. */
static void check_bh1052(struct bh_check *c, const struct bh_rule *self)
{
	const struct df_model *m = c->df;
	size_t upper = 0, lower = 0;
	for (size_t i = 0; i < m->ninstrs; i++) {
		const struct df_node *n = m->instrs[i].node;
		if (!n || !n->keyword_raw)
			continue;
		if (all_case(n->keyword_raw, true))
			upper++;
		else if (all_case(n->keyword_raw, false))
			lower++;
	}
	bool want_upper = upper >= lower;
	for (size_t i = 0; i < m->ninstrs; i++) {
		const struct df_node *n = m->instrs[i].node;
		if (!n || !n->keyword_raw || all_case(n->keyword_raw, want_upper))
			continue;
		bh_report(c, self, kw_span(n),
			  "instruction '%s' should match the case of the "
			  "others (%s)", n->keyword_raw,
			  want_upper ? "upper case" : "lower case");
	}
}

static const struct bh_rule rule_bh1052 = {
	.id = "BH1052",
	.severity = BH_SEV_INFO,
	.practice = "multi-stage-build",
	.target = BH_TARGET_DOCKERFILE,
	.title = "Inconsistent instruction casing",
	.why = "Consistent keyword casing keeps Dockerfiles readable.",
	.fix = "Write every instruction in the same case (upper case "
	       "by convention).",
	.other = "BuildKit:ConsistentInstructionCasing",
	.check = check_bh1052,
};

/* BH1053: ENV/LABEL in the legacy "key value" form (the parser's
 * separator word is empty then). */
static void check_bh1053(struct bh_check *c, const struct bh_rule *self)
{
	const struct df_model *m = c->df;
	for (size_t i = 0; i < m->ninstrs; i++) {
		const struct df_node *n = m->instrs[i].op;  /* ONBUILD too */
		if (!(dfr_kw(n, "env") || dfr_kw(n, "label")) || n->nargs < 3 ||
		    n->args[2].text[0])
			continue;
		bh_report(c, self, kw_span(n),
			  "\"%s %s value\" is the legacy form; write %s "
			  "%s=<value>", n->keyword_raw, n->args[0].text,
			  n->keyword_raw, n->args[0].text);
	}
}

static const struct bh_rule rule_bh1053 = {
	.id = "BH1053",
	.severity = BH_SEV_INFO,
	.practice = "multi-stage-build",
	.target = BH_TARGET_DOCKERFILE,
	.title = "Legacy ENV/LABEL key value format",
	.why = "The space-separated form sets one key whose value is "
	       "the rest of the line, which is easy to misread.",
	.fix = "Write key=value: ENV key=value, LABEL key=value.",
	.other = "BuildKit:LegacyKeyValueFormat",
	.check = check_bh1053,
};

/* BH1054: the file does not start with FROM (ARGs may precede it). */
static void check_bh1054(struct bh_check *c, const struct bh_rule *self)
{
	const struct df_model *m = c->df;
	for (size_t i = 0; i < m->ninstrs; i++) {
		const struct df_node *n = m->instrs[i].node;
		if (!n || dfr_kw(n, "arg"))
			continue;
		if (dfr_kw(n, "from"))
			return;
		bh_report(c, self, kw_span(n),
			  "%s comes before the first FROM; only ARG may "
			  "precede FROM", n->keyword_raw);
		return;
	}
	if (m->ninstrs && m->instrs[0].node)
		bh_report(c, self, kw_span(m->instrs[0].node),
			  "the Dockerfile has no FROM instruction");
}

static const struct bh_rule rule_bh1054 = {
	.id = "BH1054",
	.severity = BH_SEV_MEDIUM,
	.practice = "multi-stage-build",
	.target = BH_TARGET_DOCKERFILE,
	.title = "Dockerfile does not start with FROM",
	.why = "Only ARG may come before the first FROM; anything else "
	       "fails the build.",
	.fix = "Start the file with FROM (after optional ARGs).",
	.hadolint = "DL3061",
	.check = check_bh1054,
};

/* BH1055: RUN ln -s ... /bin/sh changes the shell behind SHELL's back. */
static void check_bh1055(struct bh_check *c, const struct bh_rule *self)
{
	const struct df_model *m = c->df;
	for (size_t i = 0; i < m->ninstrs; i++) {
		const struct df_instr *in = &m->instrs[i];
		if (!dfr_kw(in->op, "run"))
			continue;
		for (size_t k = 0; k < in->script.ncmds; k++) {
			const struct sh_cmd *cmd = &in->script.cmds[k];
			size_t at;
			if (!txt_eq(sh_cmd_proper(cmd, &at), "ln") ||
			    cmd->argc - at < 3)
				continue;
			const char *dst = cmd->argv[cmd->argc - 1].text;
			if (!txt_eq(dst, "/bin/sh") &&
			    !txt_eq(dst, "/usr/bin/sh"))
				continue;
			char msg[256];
			snprintf(msg, sizeof(msg),
				 "RUN ln replaces %s; set the shell with the "
				 "SHELL instruction instead", dst);
			report_word_at(c, self, i, &cmd->argv[at], msg);
		}
	}
}

static const struct bh_rule rule_bh1055 = {
	.id = "BH1055",
	.severity = BH_SEV_LOW,
	.practice = "minimal-base-image",
	.target = BH_TARGET_DOCKERFILE,
	.title = "/bin/sh replaced with ln instead of SHELL",
	.why = "Relinking /bin/sh changes every script in the image, "
	       "including the base image's own, and hides the shell "
	       "choice from readers and linters.",
	.fix = "Use SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"] "
	       "for RUN instructions instead.",
	.hadolint = "DL4005",
	.check = check_bh1055,
};

/* BH1056: an empty line inside a continued instruction. */
static void check_bh1056(struct bh_check *c, const struct bh_rule *self)
{
	const struct df_file *f = c->df->file;
	if (!f)
		return;
	for (size_t k = 0; k < f->nwarnings; k++)
		bh_report(c, self, bh_span_at(f->warnings[k].line, 1, 0),
			  "empty continuation line: BuildKit will reject this "
			  "in a future release");
}

static const struct bh_rule rule_bh1056 = {
	.id = "BH1056",
	.severity = BH_SEV_INFO,
	.practice = "multi-stage-build",
	.target = BH_TARGET_DOCKERFILE,
	.title = "Empty continuation line",
	.why = "An empty line inside a continued instruction is "
	       "deprecated and will be an error in BuildKit.",
	.fix = "Remove the empty line or end the instruction before it.",
	.other = "BuildKit:NoEmptyContinuation",
	.check = check_bh1056,
};

/* Whether stage "st" is the final stage or one it is built FROM. */
static bool in_final_chain(const struct df_model *m, size_t st)
{
	const struct df_stage *fin = df_model_final_stage(m);
	const struct df_stage *chain[MAX_CHAIN];
	size_t n = fin ? dfr_stage_chain(m, fin, chain, MAX_CHAIN) : 0;
	for (size_t k = 0; k < n; k++)
		if (chain[k]->index == st)
			return true;
	return false;
}

/* Whether the --from value names a stage built FROM scratch (an export
 * stage holding only artifacts). */
static bool from_scratch_stage(struct bh_check *c,
			       const struct stage_names *ix, const char *v,
			       size_t before)
{
	const struct df_model *m = c->df;
	long idx;
	if (!parse_index(v, &idx))
		idx = stage_by_name(c, ix, v, before);
	if (idx < 0 || (size_t)idx >= m->nstages)
		return false;
	const struct df_stage *chain[MAX_CHAIN];
	size_t n = dfr_stage_chain(m, &m->stages[idx], chain, MAX_CHAIN);
	return n && chain[n - 1]->base_stage < 0 && chain[n - 1]->base.is_scratch;
}

/* BH1057: COPY --from=<stage> / / in the shipped image copies a whole
 * filesystem.  Build stages pulling in helper images (COPY --from=xx / /)
 * and export stages built FROM scratch are fine. */
static void check_bh1057(struct bh_check *c, const struct bh_rule *self)
{
	const struct df_model *m = c->df;
	char buf[16];
	struct stage_names ix;
	if (!stage_names_build(c, &ix))
		return;
	for (size_t i = 0; i < m->ninstrs; i++) {
		const char *v = NULL;
		const struct df_flag *f = copy_from(c, i, &v);
		const struct df_node *n = m->instrs[i].node;
		if (!f || n->nargs < 2 || !in_final_chain(m, m->instrs[i].stage) ||
		    from_scratch_stage(c, &ix, v, m->instrs[i].stage))
			continue;
		if (strcmp(unquote(n->args[n->nargs - 1].text, buf, sizeof(buf)),
			   "/"))
			continue;
		for (size_t a = 0; a + 1 < n->nargs; a++) {
			if (strcmp(unquote(n->args[a].text, buf, sizeof(buf)), "/"))
				continue;
			bh_report(c, self, dfr_word_span(&n->args[a]),
				  "COPY --from=%s / / copies the whole "
				  "filesystem of %s into the shipped image", v, v);
			break;
		}
	}
}

static const struct bh_rule rule_bh1057 = {
	.id = "BH1057",
	.severity = BH_SEV_LOW,
	.practice = "multi-stage-build",
	.target = BH_TARGET_DOCKERFILE,
	.title = "COPY --from copies a whole stage filesystem",
	.why = "COPY --from=build / / brings the builder's compilers, "
	       "caches and secrets along, undoing the multi-stage "
	       "build.",
	.fix = "Copy only the artifacts: COPY --from=build /out/app "
	       "/app.",
	.hadolint = "DL3067",
	.check = check_bh1057,
};

/* BH1058: a -c string the shell model did not enter (SH_MAX_STRINGS
 * strings in strings, or its own nesting past SH_MAX_DEPTH) in RUN, CMD,
 * ENTRYPOINT or HEALTHCHECK CMD: no rule has seen its commands, which
 * must not go unsaid. */
static void check_bh1058(struct bh_check *c, const struct bh_rule *self)
{
	const struct df_model *m = c->df;
	for (size_t i = 0; i < m->ninstrs; i++) {
		const struct df_instr *in = &m->instrs[i];
		const char *kw = dfr_kw(in->op, "run") ? "RUN"
				 : dfr_runtime_kw(in);
		if (!kw)
			continue;
		for (size_t k = 0; k < in->script.ncmds; k++) {
			const struct sh_cmd *cmd = &in->script.cmds[k];
			size_t w = cmd->unentered;
			if (!w || w >= cmd->argc)
				continue;
			const char *name = *cmd->name ? cmd->name
						      : sh_cmd_name(cmd);
			char msg[320];
			snprintf(msg, sizeof(msg),
				 "%s hands %.60s a -c string nested more than "
				 "%d strings deep (or nested too deeply inside), "
				 "so bulkhead does not analyse its commands and "
				 "no rule judges them", kw, name,
				 SH_MAX_STRINGS);
			report_word_at(c, self, i, &cmd->argv[w], msg);
		}
	}
}

static const struct bh_rule rule_bh1058 = {
	.id = "BH1058",
	.severity = BH_SEV_LOW,
	.practice = "multi-stage-build",
	.target = BH_TARGET_DOCKERFILE,
	.title = "Shell string nested too deep to analyse",
	.why = "Commands inside strings inside strings (sh -c 'su -c \"bash "
	       "-c ...\"') are hard to review, and bulkhead reads at most "
	       "four levels: package installs, downloads piped to a shell "
	       "or passwords deeper down go unchecked.",
	.fix = "Flatten the nesting: run the inner commands directly (USER "
	       "or runuser -u instead of su -c), or put them in a script "
	       "file or a RUN <<EOF heredoc.",
	.check = check_bh1058,
};

/* BH1059: RUN --security=insecure (also as an ONBUILD trigger): BuildKit
 * runs the step as a privileged container (security.insecure
 * entitlement). */
static void check_bh1059(struct bh_check *c, const struct bh_rule *self)
{
	const struct df_model *m = c->df;
	for (size_t i = 0; i < m->ninstrs; i++) {
		const struct df_node *n = m->instrs[i].op;
		if (!dfr_kw(n, "run"))
			continue;
		for (size_t k = 0; k < n->nflags; k++) {
			const struct df_flag *f = &n->flags[k];
			/* as written: BuildKit takes the mode before any
			   expansion ("sandbox" or "insecure", else an
			   error) */
			if (strcmp(f->name, "security") || !f->value ||
			    strcmp(f->value, "insecure"))
				continue;
			bh_report(c, self, flag_span(f),
				  "RUN --security=insecure runs this step as a "
				  "privileged container: every capability, no "
				  "seccomp or AppArmor profile, the host's "
				  "devices");
		}
	}
}

static const struct bh_rule rule_bh1059 = {
	.id = "BH1059",
	.severity = BH_SEV_HIGH,
	.practice = "no-privileged",
	.target = BH_TARGET_DOCKERFILE,
	.title = "RUN step runs privileged (--security=insecure)",
	.why = "A RUN with --security=insecure gets what privileged: true "
	       "gives a container (every capability, no seccomp or "
	       "AppArmor, the host's devices): a build step, or a script "
	       "it downloads, can take over the machine that builds, "
	       "wherever the builder allows the security.insecure "
	       "entitlement.",
	.fix = "Remove --security=insecure and give the step only what it "
	       "needs (a RUN --mount, a build argument); run what needs "
	       "privileges when the container starts, with the few "
	       "capabilities it needs.",
	.check = check_bh1059,
};

const struct bh_rule *const bh_rules_df_instr[] = {
	&rule_bh1030,
	&rule_bh1031,
	&rule_bh1032,
	&rule_bh1033,
	&rule_bh1034,
	&rule_bh1035,
	&rule_bh1036,
	&rule_bh1037,
	&rule_bh1038,
	&rule_bh1039,
	&rule_bh1040,
	&rule_bh1041,
	&rule_bh1042,
	&rule_bh1043,
	&rule_bh1044,
	&rule_bh1045,
	&rule_bh1046,
	&rule_bh1047,
	&rule_bh1048,
	&rule_bh1049,
	&rule_bh1050,
	&rule_bh1051,
	&rule_bh1052,
	&rule_bh1053,
	&rule_bh1054,
	&rule_bh1055,
	&rule_bh1056,
	&rule_bh1057,
	&rule_bh1058,
	&rule_bh1059,
};
const size_t bh_rules_df_instr_count =
	sizeof(bh_rules_df_instr) / sizeof(bh_rules_df_instr[0]);

