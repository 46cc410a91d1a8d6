/* SPDX-License-Identifier: Apache-2.0
 *
 * df_model.c - what a parsed Dockerfile means: stages, variables, users,
 * working directories, RUN scripts and mounts.
 *
 * This file owns df_model_build() and its lookups.  It walks the syntax
 * tree (src/parse/df_parse.h) once, in order, the way BuildKit dispatches:
 *   - ARGs before the first FROM are global; only they (with their
 *     defaults) are visible in FROM lines.  The automatic platform ARGs
 *     (BUILDPLATFORM, TARGETARCH, ...) have no static value, so a FROM
 *     using them is unresolved.
 *   - FROM starts a stage; "AS name" is lower-cased; FROM <earlier stage>
 *     sets base_stage and inherits its ENVs, USER, WORKDIR and SHELL kind
 *     (ARGs are not inherited).  ARG NAME inside a stage takes the global
 *     default of the same name.  ENV and ARG values are expanded with the
 *     variables visible before the instruction (so "ENV a=1 b=$a" sees the
 *     old a).  An ENV wins over an ARG of the same name.
 *   - USER and WORKDIR are expanded; when they use a variable without a
 *     value they are kept as written, so rules see the '$'.  WORKDIR is
 *     joined to the previous one and cleaned (path.Join); a Windows
 *     "C:\dir" is kept as written.
 *   - RUN: shell form is split with sh_split(), exec form with
 *     sh_split_argv(); see run_script() for heredocs and exec form.  --mount flags are parsed.  ONBUILD's inner
 *     instruction is not executed here: it changes no user, directory or
 *     variable, but it is exposed as the instruction it becomes
 *     (df_instr.op, df_instr.onbuild) and an inner RUN's script (heredoc
 *     bodies from the ONBUILD node) is split so rules can judge it.
 *   - CMD and ENTRYPOINT (also as ONBUILD's inner one) are split the
 *     same way, shell form and exec form, into df_instr.script; so is
 *     what HEALTHCHECK CMD runs (health_script(): the words after CMD).
 *   - export_only: a stage FROM scratch (or FROM such stages) with only
 *     COPY/ADD/ARG/LABEL/WORKDIR/MAINTAINER: files, nothing that runs.
 *   - ENV, ARG and LABEL (also ONBUILD's inner one) in shell form are
 *     split once into NAME[=value] pairs with their offsets
 *     (df_instr.assigns, split_assigns()), the words rules read.
 *   - used_by_later: COPY --from=<name|index>, FROM <name>, RUN
 *     --mount=from=<name> of a later stage.
 * It does not check instruction syntax (the parser and rules do), does not
 * read files, and keeps no state outside the arena.
 *
 * Bounds: at most DF_MAX_STAGE_VARS visible variables per stage and
 * DF_MAX_VARS in all (copies for child stages included); beyond is
 * BH_ELIMIT.  Tests: tests/unit/model/test_df_model.c.
 */
#include "df_model.h"

#include <ctype.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>

#include "../util/io.h"
#include "../util/text.h"
#include "expand.h"
#include "../parse/df_lex.h"

#define DF_MAX_STAGE_VARS 1024
#define DF_MAX_VARS ((size_t)1 << 16)
#define NO_STAGE ((size_t)-1)

struct varlist {
	struct df_var *v;
	size_t n, cap;
};

struct stage_state {
	struct df_var *vars;     /* visible at the end of the stage */
	size_t nvars;
	const char *workdir;
	bool posix_shell;
};

struct walk {
	const struct df_file *f;
	struct arena *a;
	struct diag *d;
	struct df_model *m;
	size_t total_vars;
	struct varlist globals;
	struct varlist cur;
	struct stage_state *st;  /* per stage */
	const char *user;
	const struct df_node *user_node;
	const char *workdir;
	bool posix_shell;
	size_t stage;            /* current stage or NO_STAGE */
	int err;
};

/* ---- variables ---- */

struct scope {
	const struct df_var *v;
	size_t n;
};

static const char *scope_lookup(void *ctx, const char *name, size_t len)
{
	const struct scope *s = ctx;
	const struct df_var *arg = NULL;
	for (size_t k = s->n; k-- > 0;) {
		const struct df_var *v = &s->v[k];
		if (!v->name || strlen(v->name) != len ||
		    memcmp(v->name, name, len) != 0)
			continue;
		if (v->is_env)
			return v->value ? v->value : "";
		if (!arg)
			arg = v;
	}
	return arg ? arg->value : NULL;
}

static const char *expand_with(const struct df_file *f, const struct df_var *v,
			       size_t n, const char *word, struct arena *a,
			       bool *unset)
{
	struct scope sc = { v, n };
	struct expand_opts o = {
		.escape = f && f->escape ? f->escape : '\\',
		.keep_quotes = false,
		.lookup = scope_lookup,
		.ctx = &sc,
		.used_unset = unset,
	};
	return expand_word(word, &o, a);
}

static int oom(struct walk *w, const struct df_node *n)
{
	if (w->err)
		return w->err;
	int code = w->a->over_cap ? BH_ELIMIT : BH_ENOMEM;
	w->err = diag_error(w->d, code, n ? n->line : 0, n ? n->col : 0,
			    "Dockerfile model exceeds the memory cap");
	return w->err;
}

static int add_var(struct walk *w, struct varlist *l, const struct df_var *v,
		   const struct df_node *n)
{
	if (l->n >= DF_MAX_STAGE_VARS || w->total_vars >= DF_MAX_VARS) {
		if (!w->err)
			w->err = diag_error(w->d, BH_ELIMIT, n ? n->line : 0,
					    n ? n->col : 0,
					    "too many ARG/ENV variables (limit "
					    "%d per stage)", DF_MAX_STAGE_VARS);
		return w->err;
	}
	if (l->n == l->cap) {
		size_t nc = l->cap ? l->cap * 2 : 16;
		struct df_var *p = arena_grow(w->a, l->v, l->n, nc, sizeof(*p));
		if (!p)
			return oom(w, n);
		l->v = p;
		l->cap = nc;
	}
	l->v[l->n++] = *v;
	w->total_vars++;
	return 0;
}

/* Expand in the scope of list "l"'s first "n" entries; keeps "word" as
 * written when it fails or (when keep_unset) uses an unset variable. */
static const char *expand_or_raw(struct walk *w, const struct df_var *v,
				 size_t n, const char *word, bool keep_unset)
{
	bool unset = false;
	const char *r = expand_with(w->f, v, n, word, w->a, &unset);
	if (!r || (keep_unset && unset))
		return word;
	return r;
}

static const struct df_var *find_global(const struct walk *w, const char *name)
{
	for (size_t k = w->globals.n; k-- > 0;)
		if (txt_eq(w->globals.v[k].name, name))
			return &w->globals.v[k];
	return NULL;
}

/* ARG a[=v] b[=v] ... into list "l" (globals or the stage). */
static void do_arg(struct walk *w, const struct df_node *n, struct varlist *l,
		   bool global)
{
	size_t visible = l->n;
	struct df_var *snap = l->v;
	for (size_t i = 0; i < n->nargs && !w->err; i++) {
		const char *t = n->args[i].text;
		const char *eq = strchr(t, '=');
		struct df_var v = { .node = n, .is_env = false };
		v.name = eq ? arena_strndup(w->a, t, (size_t)(eq - t))
			    : arena_strdup(w->a, t);
		if (!v.name) {
			oom(w, n);
			return;
		}
		if (eq) {
			v.value = expand_or_raw(w, snap, visible, eq + 1, false);
		} else if (!global) {
			const struct df_var *g = find_global(w, v.name);
			v.value = g ? g->value : NULL;
		}
		add_var(w, l, &v, n);
	}
}

/* ENV k v / ENV k=v ...: the parser gives (key, value, separator)
 * triples, as BuildKit's nodes are. */
static void do_env(struct walk *w, const struct df_node *n)
{
	size_t visible = w->cur.n;
	struct df_var *snap = w->cur.v;
	for (size_t i = 0; i + 1 < n->nargs && !w->err; i += 3) {
		struct df_var v = { .node = n, .is_env = true };
		v.name = expand_or_raw(w, snap, visible, n->args[i].text, false);
		v.value = expand_or_raw(w, snap, visible, n->args[i + 1].text,
					false);
		add_var(w, &w->cur, &v, n);
	}
}

/* ---- ENV / ARG / LABEL pairs ---- */

static inline bool is_(const struct df_node *n, const char *kw,
		       enum df_kw id)
{
	if (id != DF_KW_UNKNOWN && n->kw != DF_KW_UNKNOWN)
		return n->kw == id;
	return n->keyword && txt_eq(n->keyword, kw);
}

/* Whether n has keyword kw: a literal kw by its df_kw. */
#define is(n, kw) is_((n), (kw), DF_KW_OF(kw))

/* Splits the shell-form rest of an ENV, ARG or LABEL into in->assigns
 * with the shell word rules (struct df_assign).  A script nested deeper
 * than SH_MAX_DEPTH gives no pairs (the instruction is not a command). */
static void split_assigns(struct walk *w, struct df_instr *in,
			  const struct df_node *n)
{
	bool env = is(n, "env"), arg = is(n, "arg");
	if (!env && !arg && !is(n, "label"))
		return;
	if (!n->rest || n->json_form)
		return;
	in->assign_node = n;
	const char *rest = n->rest;
	size_t len = strlen(rest);
	struct sh_script sc;
	int rc = sh_split(rest, len, w->a, &sc);
	if (rc == BH_ELIMIT && !w->a->over_cap)
		return;
	if (rc) {
		oom(w, n);
		return;
	}
	size_t nwords = 0;
	for (size_t j = 0; j < sc.ncmds; j++)
		nwords += sc.cmds[j].nassigns + sc.cmds[j].argc;
	if (!nwords)
		return;
	struct df_assign *out = arena_array(w->a, nwords, sizeof(*out));
	if (!out) {
		oom(w, n);
		return;
	}
	size_t no = 0;
	for (size_t j = 0; j < sc.ncmds; j++) {
		const struct sh_cmd *cmd = &sc.cmds[j];
		/* old form: ENV NAME value... or LABEL NAME value... (one
		 * pair, value = the rest; BuildKit takes both) */
		if ((env || is(n, "label")) && !cmd->nassigns && cmd->argc >= 2 &&
		    !strchr(cmd->argv[0].text, '=')) {
			size_t vo = cmd->argv[1].offset;
			const char *v = rest + vo;
			size_t vl = strlen(v);
			while (vl && isspace((unsigned char)v[vl - 1]))
				vl--;
			if (vl >= 2 && (v[0] == '"' || v[0] == '\'') &&
			    v[vl - 1] == v[0])
				v++, vl -= 2, vo++;
			struct df_assign *d = &out[no++];
			*d = (struct df_assign){
				.name = cmd->argv[0].text,
				.value = arena_strndup(w->a, v, vl),
				.word = &cmd->argv[0],
				.name_off = cmd->argv[0].offset,
				.value_off = vo,
				.old_form = true,
			};
			if (!d->value)
				oom(w, n);
			break;
		}
		const struct sh_word *ws[2] = { cmd->assigns, cmd->argv };
		size_t ns[2] = { cmd->nassigns, cmd->argc };
		for (int g = 0; g < 2; g++) {
			for (size_t k = 0; k < ns[g]; k++) {
				const struct sh_word *wd = &ws[g][k];
				const char *eq = strchr(wd->text, '=');
				struct df_assign *d = &out[no];
				*d = (struct df_assign){
					.word = wd,
					.name_off = wd->offset,
				};
				if (!eq) {
					if (!arg)
						continue;
					d->name = wd->text;
					no++;
					continue;
				}
				d->name = arena_strndup(w->a, wd->text,
							(size_t)(eq - wd->text));
				if (!d->name) {
					oom(w, n);
					return;
				}
				d->value = eq + 1;
				/* the value's start in the raw word */
				const char *req = strchr(wd->raw, '=');
				/* quoted key ("k"="v"): the '=' after it */
				if (wd->raw[0] == '"' || wd->raw[0] == '\'') {
					const char *close =
						strchr(wd->raw + 1, wd->raw[0]);
					req = close ? strchr(close, '=') : req;
				}
				size_t vo = wd->offset +
					    (req ? (size_t)(req - wd->raw) + 1 : 0);
				if (vo < len && (rest[vo] == '"' ||
						 rest[vo] == '\''))
					vo++;
				d->value_off = vo;
				no++;
			}
		}
	}
	in->assigns = out;
	in->nassigns = no;
}

/* ---- stages ---- */

static char *lower(struct arena *a, const char *s)
{
	char *r = arena_strdup(a, s);
	if (r)
		for (char *p = r; *p; p++)
			if (*p >= 'A' && *p <= 'Z')
				*p = (char)(*p - 'A' + 'a');
	return r;
}

static bool all_digits(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return false;
	return true;
}

static size_t name_hash(const char *name)
{
	size_t h = 1469598103934665603u;
	for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
		unsigned char ch = *p >= 'A' && *p <= 'Z' ? (unsigned char)(*p + 32) : *p;
		h = (h ^ ch) * 1099511628211u;
	}
	return h;
}

/* Slot of "name" in the stage-name index: where it is, or the free slot
 * where it would go.  The table is never full (load <= 1/2). */
static size_t name_slot(const struct df_model *m, const char *name)
{
	size_t mask = m->name_cap - 1, i = name_hash(name) & mask;
	while (m->name_slots[i]) {
		const struct df_stage *s = &m->stages[m->name_slots[i] - 1];
		if (strcasecmp(s->name, name) == 0)
			break;
		i = (i + 1) & mask;
	}
	return i;
}

/* Adds stage "idx" to the name index unless an earlier stage has its name
 * (the first one wins, as in BuildKit).  Returns false when out of memory. */
static bool index_stage_name(struct df_model *m, struct arena *a, size_t idx)
{
	const char *name = m->stages[idx].name;
	if (!name)
		return true;
	if (m->name_cap == 0 || (idx + 1) * 2 > m->name_cap) {
		size_t cap = m->name_cap ? m->name_cap * 2 : 64;
		size_t *old = m->name_slots, old_cap = m->name_cap;
		m->name_slots = arena_array(a, cap, sizeof(size_t));
		if (!m->name_slots)
			return false;
		m->name_cap = cap;
		for (size_t k = 0; k < old_cap; k++)
			if (old[k])
				m->name_slots[name_slot(m, m->stages[old[k] - 1].name)] = old[k];
	}
	size_t slot = name_slot(m, name);
	if (!m->name_slots[slot])
		m->name_slots[slot] = idx + 1;
	return true;
}

const struct df_stage *df_model_stage_named(const struct df_model *m,
					    const char *name)
{
	if (!m || !name)
		return NULL;
	if (all_digits(name)) {
		size_t idx = 0;
		for (const char *p = name; *p; p++) {
			if (idx > (SIZE_MAX - 9) / 10)
				return NULL;
			idx = idx * 10 + (size_t)(*p - '0');
		}
		return idx < m->nstages ? &m->stages[idx] : NULL;
	}
	if (!m->name_cap)
		return NULL;
	size_t slot = name_slot(m, name);
	return m->name_slots[slot] ? &m->stages[m->name_slots[slot] - 1] : NULL;
}

const struct df_stage *df_model_final_stage(const struct df_model *m)
{
	return m && m->nstages ? &m->stages[m->nstages - 1] : NULL;
}

/* A reference to an earlier stage (name or index) marks it used. */
static void mark_used(struct walk *w, const char *ref)
{
	if (!ref || w->stage == NO_STAGE)
		return;
	const struct df_stage *s = df_model_stage_named(w->m, ref);
	if (s && s->index < w->stage)
		w->m->stages[s->index].used_by_later = true;
}

static void close_stage(struct walk *w, size_t end)
{
	if (w->stage == NO_STAGE)
		return;
	struct df_stage *s = &w->m->stages[w->stage];
	s->end_instr = end;
	s->user = w->user;
	s->user_node = w->user_node;
	w->st[w->stage].vars = w->cur.v;
	w->st[w->stage].nvars = w->cur.n;
	w->st[w->stage].workdir = w->workdir;
	w->st[w->stage].posix_shell = w->posix_shell;
}

static void do_from(struct walk *w, size_t i, const struct df_node *n)
{
	struct df_model *m = w->m;
	close_stage(w, i);
	size_t idx = m->nstages++;
	struct df_stage *s = &m->stages[idx];
	s->index = idx;
	s->from = n;
	s->from_instr = i;
	s->end_instr = i + 1;
	s->base_stage = -1;
	w->stage = idx;

	const char *word = n->nargs ? n->args[0].text : "";
	if (n->nargs >= 3 && strcasecmp(n->args[1].text, "as") == 0)
		s->name = lower(w->a, n->args[2].text);
	bool unset = false;
	const char *exp = expand_with(w->f, w->globals.v, w->globals.n, word,
				      w->a, &unset);
	if (exp && !unset) {
		const struct df_stage *b = df_model_stage_named(m, exp);
		if (b && b->index < idx && b->name && !all_digits(exp))
			s->base_stage = (long)b->index;
	}
	if (s->base_stage >= 0) {
		memset(&s->base, 0, sizeof(s->base));
		s->base.raw = exp;
		s->base.registry = "";
		s->base.repository = "";
	} else if (!exp || unset) {
		img_ref_parse(word, w->a, &s->base);
		s->base.unresolved = true;
	} else {
		img_ref_parse(exp, w->a, &s->base);
	}
	if (!s->base.raw)
		oom(w, n);
	s->export_only = s->base_stage >= 0
		? m->stages[s->base_stage].export_only
		: s->base.is_scratch && !s->base.unresolved;

	bool present = false;
	const char *plat = df_flag_value(n, "platform", &present);
	if (plat)
		s->platform = expand_or_raw(w, w->globals.v, w->globals.n, plat,
					    true);

	/* reset the stage state, inheriting from a parent stage */
	memset(&w->cur, 0, sizeof(w->cur));
	w->user = NULL;
	w->user_node = NULL;
	w->workdir = NULL;
	w->posix_shell = true;
	if (s->base_stage >= 0) {
		size_t p = (size_t)s->base_stage;
		m->stages[p].used_by_later = true;
		w->user = m->stages[p].user;
		w->user_node = m->stages[p].user_node;
		w->workdir = w->st[p].workdir;
		w->posix_shell = w->st[p].posix_shell;
		for (size_t k = 0; k < w->st[p].nvars && !w->err; k++)
			if (w->st[p].vars[k].is_env)
				add_var(w, &w->cur, &w->st[p].vars[k], n);
	}
	if (!index_stage_name(m, w->a, idx))
		oom(w, n);
}

/* ---- WORKDIR ---- */

/* "prev" joined with "path" and cleaned like Go's path.Join. */
static const char *join_path(struct arena *a, const char *prev,
			     const char *path)
{
	if (!prev || path[0] == '/')
		prev = "";
	size_t pl = strlen(prev), ql = strlen(path);
	char *src = arena_alloc(a, pl + ql + 3);
	char *out = arena_alloc(a, pl + ql + 3);
	if (!src || !out)
		return NULL;
	memcpy(src, "/", 1);
	memcpy(src + 1, prev, pl);
	src[pl + 1] = '/';
	memcpy(src + pl + 2, path, ql + 1);
	size_t o = 0;
	const char *p = src;
	while (*p) {
		while (*p == '/')
			p++;
		const char *e = p;
		while (*e && *e != '/')
			e++;
		size_t l = (size_t)(e - p);
		if (l == 0 || (l == 1 && p[0] == '.')) {
			/* nothing */
		} else if (l == 2 && p[0] == '.' && p[1] == '.') {
			while (o > 0 && out[o - 1] != '/')
				o--;
			if (o > 0)
				o--;
		} else {
			out[o++] = '/';
			memcpy(out + o, p, l);
			o += l;
		}
		p = e;
	}
	if (o == 0)
		out[o++] = '/';
	out[o] = 0;
	return out;
}

/* ---- RUN ---- */

static bool is_shell_name(const char *name)
{
	static const char *const shells[] = {
		"sh", "bash", "dash", "ash", "zsh", "ksh", "mksh", NULL,
	};
	for (size_t i = 0; shells[i]; i++)
		if (txt_eq(name, shells[i]))
			return true;
	return false;
}

/* A "#!" line naming something other than a POSIX shell. */
static bool foreign_shebang(const char *body)
{
	if (body[0] != '#' || body[1] != '!')
		return false;
	const char *p = body + 2;
	while (*p == ' ' || *p == '\t')
		p++;
	const char *e = p;
	while (*e && *e != ' ' && *e != '\t' && *e != '\n')
		e++;
	char prog[256];
	size_t l = (size_t)(e - p);
	if (l >= sizeof(prog))
		return true;
	memcpy(prog, p, l);
	prog[l] = 0;
	const char *name = io_base_name(prog);
	if (txt_eq(name, "env")) {
		p = e;
		while (*p == ' ' || *p == '\t')
			p++;
		if (strncmp(p, "-S", 2) == 0 && (p[2] == ' ' || p[2] == '\t')) {
			p += 2;
			while (*p == ' ' || *p == '\t')
				p++;
		}
		e = p;
		while (*e && *e != ' ' && *e != '\t' && *e != '\n')
			e++;
		l = (size_t)(e - p);
		if (l == 0 || l >= sizeof(prog))
			return true;
		memcpy(prog, p, l);
		prog[l] = 0;
		name = prog;
	}
	return !is_shell_name(name);
}

/* A shell reading its script from stdin: "bash", "sh -e", not "sh -c x"
 * nor "bash file". */
static bool shell_reads_stdin(const struct sh_cmd *c)
{
	if (!is_shell_name(sh_cmd_name(c)))
		return false;
	for (size_t i = 1; i < c->argc; i++) {
		const char *a = c->argv[i].text;
		if ((a[0] == '-' || a[0] == '+') && a[1] == 'o' && !a[2]) {
			i++;
			continue;
		}
		if (a[0] == '-' && a[1] == '-')
			continue;
		if (a[0] == '-' || a[0] == '+') {
			if (a[0] == '-' && strchr(a, 'c'))
				return false;
			continue;
		}
		return false;
	}
	return true;
}

static int split_into(struct walk *w, const struct df_node *n, const char *t,
		      struct sh_script *out)
{
	int rc = sh_split(t, strlen(t), w->a, out);
	if (rc == BH_ELIMIT) {
		w->err = diag_error(w->d, BH_ELIMIT, n->line, n->col,
				    "RUN script nested deeper than %d levels",
				    SH_MAX_DEPTH);
		return w->err;
	}
	if (rc)
		return oom(w, n);
	return 0;
}

/* Exec form ["sh", "-c", "script"]: the script argument, or NULL. */
static size_t exec_script_arg(const struct df_node *n)
{
	if (n->nargs < 3 || !is_shell_name(io_base_name(n->args[0].text)))
		return 0;
	for (size_t k = 1; k + 1 < n->nargs; k++) {
		const char *a = n->args[k].text;
		if (a[0] != '-')
			return 0;
		if (txt_eq(a, "-o")) {
			k++;
			continue;
		}
		if (a[1] != '-' && strchr(a, 'c'))
			return k + 1;
	}
	return 0;
}

static int hex4(const char *p)
{
	int v = 0;
	for (int k = 0; k < 4; k++) {
		char ch = p[k];
		int d = ch >= '0' && ch <= '9'   ? ch - '0'
			: ch >= 'a' && ch <= 'f' ? ch - 'a' + 10
			: ch >= 'A' && ch <= 'F' ? ch - 'A' + 10
						 : -1;
		if (d < 0)
			return -1;
		v = v * 16 + d;
	}
	return v;
}

/* Decodes the JSON string whose opening quote is rest[q] into "out" (room
 * for its source length), out[b] coming from rest[map[b]] (an escape's
 * bytes from its backslash).  Returns the offset past the closing quote
 * (0 when there is none) and the decoded length in *len. */
static size_t json_string_at(const char *rest, size_t rl, size_t q, char *out,
			     size_t *map, size_t *len)
{
	size_t p = q + 1, o = 0;
	while (p < rl && rest[p] != '"') {
		size_t at = p;
		if (rest[p] != '\\') {
			map[o] = at;
			out[o++] = rest[p++];
			continue;
		}
		if (p + 1 >= rl)
			return 0;
		char e = rest[p + 1];
		static const char from[] = "\"\\/bfnrt";
		static const char to[] = "\"\\/\b\f\n\r\t";
		const char *f = e ? strchr(from, e) : NULL;
		if (f) {
			map[o] = at;
			out[o++] = to[f - from];
			p += 2;
			continue;
		}
		int cp = e == 'u' && p + 6 <= rl ? hex4(rest + p + 2) : -1;
		if (cp < 0)
			return 0;
		p += 6;
		unsigned u = (unsigned)cp;
		if (u >= 0xD800 && u < 0xDC00 && p + 6 <= rl &&
		    rest[p] == '\\' && rest[p + 1] == 'u') {
			int lo = hex4(rest + p + 2);
			if (lo >= 0xDC00 && lo < 0xE000) {
				u = 0x10000 + ((u - 0xD800) << 10) +
				    ((unsigned)lo - 0xDC00);
				p += 6;
			}
		}
		if (u >= 0xD800 && u < 0xE000)
			u = 0xFFFD;  /* a lone surrogate, as Go decodes it */
		size_t k = df_lex_encode(u, out + o);
		for (size_t b = 0; b < k; b++)
			map[o + b] = at;
		o += k;
	}
	if (p >= rl)
		return 0;
	out[o] = 0;
	map[o] = p;
	*len = o;
	return p + 1;
}

/* The words of exec-form RUN "n" (from its argument "first" on: 1 for
 * HEALTHCHECK CMD [...], whose args[0] is "CMD") for sh_split_argv(),
 * written to words[0..]: the parser's
 * decoded text, raw the JSON string as written in n->rest (quotes
 * included), offset its opening quote, and each decoded byte mapped to
 * the rest offset it came from, so that a -c string's words point
 * inside the JSON string.  A string whose bytes do not decode to the
 * parser's text (invalid UTF-8) maps byte b to its b-th source byte (at
 * most its closing quote).  False
 * when rest does not hold the n->nargs strings (never for a parsed
 * node). */
static bool exec_words(struct walk *w, const struct df_node *n, size_t first,
		       struct sh_word *words, const size_t **maps)
{
	const char *rest = n->rest ? n->rest : "";
	size_t rl = n->rest ? n->rest_len : 0, p = 0;
	for (size_t k = first; k < n->nargs; k++) {
		while (p < rl && rest[p] != '"')
			p++;
		if (p >= rl)
			return false;
		size_t q = p, e = q + 1;  /* the closing quote: e */
		while (e < rl && rest[e] != '"')
			e += rest[e] == '\\' ? 2 : 1;
		if (e >= rl)
			return false;
		/* room for the string alone: linear in rest in all */
		char *out = arena_alloc(w->a, e - q + 1);
		size_t *map = arena_array(w->a, e - q + 1, sizeof(*map));
		if (!out || !map)
			return false;
		size_t len = 0;
		p = json_string_at(rest, e + 1, q, out, map, &len);
		if (p != e + 1)
			return false;
		const char *text = n->args[k].text;
		if (len != strlen(text) || memcmp(out, text, len) != 0) {
			size_t tl = strlen(text);
			map = arena_array(w->a, tl + 1, sizeof(*map));
			if (!map)
				return false;
			/* byte b at the b-th byte of the string, at most
			 * its closing quote: distinct offsets keep every
			 * command (sort_cmds() drops a repeated one) */
			for (size_t b = 0; b <= tl; b++)
				map[b] = q + 1 + b < e ? q + 1 + b : e;
		}
		char *raw = arena_alloc(w->a, p - q + 1);
		if (!raw)
			return false;
		memcpy(raw, rest + q, p - q);
		raw[p - q] = 0;
		words[k - first] = (struct sh_word){ .text = text, .raw = raw,
						     .offset = q,
						     .quoted = true };
		maps[k - first] = map;
	}
	return true;
}

/* The heredoc (index into hd->heredocs) whose marker (<<NAME, <<-NAME,
 * quoted or not) is written in command k of "sc" (split from "rest"),
 * before the next command of the line; -1 when none is. */
static long own_heredoc(const struct df_node *hd, const char *rest,
			const struct sh_script *sc, size_t k)
{
	size_t from = sc->cmds[k].offset, to = strlen(rest);
	for (size_t j = 0; j < sc->ncmds; j++)
		if (!sc->cmds[j].in_string && sc->cmds[j].offset > from &&
		    sc->cmds[j].offset < to)
			to = sc->cmds[j].offset;
	for (size_t p = from; p + 2 < to; p++) {
		if (rest[p] != '<' || rest[p + 1] != '<' || rest[p + 2] == '<')
			continue;
		size_t q = p + 2;
		if (q < to && rest[q] == '-')
			q++;
		if (q < to && (rest[q] == '"' || rest[q] == '\''))
			q++;
		for (size_t h = 0; h < hd->nheredocs; h++) {
			const struct df_heredoc *d = &hd->heredocs[h];
			if (d->name_len && q + d->name_len <= to &&
			    !memcmp(rest + q, d->name, d->name_len) &&
			    (q + d->name_len == to ||
			     !(isalnum((unsigned char)rest[q + d->name_len]) ||
			       rest[q + d->name_len] == '_')))
				return (long)h;
		}
		p = q;
	}
	return -1;
}

/* The script of RUN node "n" (n may be ONBUILD's inner node; "hd" holds
 * the heredocs: n itself, or the ONBUILD node, which the parser gives
 * them to).
 *  - exec form: the array is one command (sh_split_argv(), exec_words());
 *    the -c string it hands over ("sh", "-c", "x"; "su", "u", "-c", "x")
 *    is split as in_string commands pointing inside the JSON string;
 *  - shell form without heredoc: node->rest;
 *  - rest is only heredoc markers ("RUN <<EOF"): the first heredoc's
 *    body, unless it starts with a #! naming another interpreter;
 *  - rest has commands: rest; and when one of them is a shell reading
 *    stdin ("RUN bash <<EOF", "RUN sh -e <<EOF") the body of the heredoc
 *    its own <<NAME names (else the first heredoc's: "cat <<EOF | sh") is
 *    appended after a newline and split too (DF_SCRIPT_REST_HEREDOC).
 *    Other heredocs ("RUN cat <<EOF > /etc/x") are data, not commands.
 *  - after a SHELL naming a non-POSIX shell (powershell, cmd): none. */
static void run_script(struct walk *w, struct df_instr *in,
		       const struct df_node *n, const struct df_node *hd)
{
	in->script_node = n;
	if (n->json_form) {
		if (!n->nargs)
			return;
		struct sh_word *words = arena_array(w->a, n->nargs,
						    sizeof(*words));
		const size_t **maps = arena_array(w->a, n->nargs,
						  sizeof(*maps));
		if (!words || !maps || !exec_words(w, n, 0, words, maps)) {
			if (!words || !maps)
				oom(w, n);
			return;
		}
		if (sh_split_argv(words, n->nargs, maps, w->a, &in->script)) {
			oom(w, n);
			return;
		}
		in->script_text = n->rest;
		in->script_src = DF_SCRIPT_EXEC;
		in->script_heredoc_at = exec_script_arg(n);
		return;
	}
	if (!w->posix_shell)
		return;
	const char *rest = n->rest ? n->rest : "";
	struct sh_script sc;
	if (split_into(w, n, rest, &sc))
		return;
	if (hd->nheredocs == 0) {
		in->script = sc;
		in->script_text = rest;
		in->script_src = DF_SCRIPT_REST;
		return;
	}
	const struct df_heredoc *h = &hd->heredocs[0];
	const char *body = h->content ? h->content : "";
	if (sc.ncmds == 0) {
		if (foreign_shebang(body))
			return;
		if (split_into(w, n, body, &in->script))
			return;
		in->script_text = body;
		in->script_src = DF_SCRIPT_HEREDOC;
		in->script_line = h->line;
		in->script_heredoc_at = 0;
		return;
	}
	in->script = sc;
	in->script_text = rest;
	in->script_src = DF_SCRIPT_REST;
	bool stdin_shell = false;
	for (size_t k = 0; k < sc.ncmds && !stdin_shell; k++)
		if (shell_reads_stdin(&sc.cmds[k])) {
			stdin_shell = true;
			/* the heredoc the shell's own <<NAME feeds it
			   ("RUN <<A cat >/a && sh <<B": B), else the
			   first */
			long hi = own_heredoc(hd, rest, &sc, k);
			if (hi > 0) {
				h = &hd->heredocs[hi];
				body = h->content ? h->content : "";
			}
		}
	if (!stdin_shell || foreign_shebang(body))
		return;
	struct sh_script bs;
	if (split_into(w, n, body, &bs))
		return;
	size_t rl = strlen(rest), bl = strlen(body);
	char *text = arena_alloc(w->a, rl + bl + 2);
	struct sh_cmd *cmds = arena_array(w->a, sc.ncmds + bs.ncmds,
					  sizeof(*cmds));
	if (!text || !cmds) {
		oom(w, n);
		return;
	}
	memcpy(text, rest, rl);
	text[rl] = '\n';
	memcpy(text + rl + 1, body, bl + 1);
	memcpy(cmds, sc.cmds, sc.ncmds * sizeof(*cmds));
	for (size_t k = 0; k < bs.ncmds; k++) {
		struct sh_cmd c = bs.cmds[k];
		c.offset += rl + 1;
		c.end_offset += rl + 1;
		if (c.next != SH_NONE)
			c.next += sc.ncmds;
		/* argv words carry offsets too: shift copies */
		struct sh_word *av = arena_array(w->a, c.argc + c.nassigns + 1,
						 sizeof(*av));
		if (!av) {
			oom(w, n);
			return;
		}
		for (size_t j = 0; j < c.argc; j++) {
			av[j] = c.argv[j];
			av[j].offset += rl + 1;
		}
		for (size_t j = 0; j < c.nassigns; j++) {
			av[c.argc + j] = c.assigns[j];
			av[c.argc + j].offset += rl + 1;
		}
		c.argv = av;
		c.assigns = av + c.argc;
		cmds[sc.ncmds + k] = c;
	}
	in->script.cmds = cmds;
	in->script.ncmds = sc.ncmds + bs.ncmds;
	in->script_text = text;
	in->script_src = DF_SCRIPT_REST_HEREDOC;
	in->script_line = h->line;
	in->script_heredoc_at = rl + 1;
}

/* One CSV field list "type=cache,target=/x,..." (double quotes allowed). */
static void parse_mount(struct walk *w, const struct df_flag *fl,
			struct df_mount *mt)
{
	memset(mt, 0, sizeof(*mt));
	mt->flag = fl;
	mt->type = "bind";
	const char *p = fl->value ? fl->value : "";
	size_t len = strlen(p);
	char *buf = arena_alloc(w->a, len + 1);
	if (!buf) {
		oom(w, NULL);
		return;
	}
	size_t i = 0;
	while (i <= len) {
		/* one field, unquoted into buf */
		size_t o = 0;
		bool q = false;
		while (i < len && (q || p[i] != ',')) {
			if (p[i] == '"') {
				if (q && i + 1 < len && p[i + 1] == '"') {
					buf[o++] = '"';
					i += 2;
					continue;
				}
				q = !q;
				i++;
				continue;
			}
			buf[o++] = p[i++];
		}
		buf[o] = 0;
		i++;
		char *eq = strchr(buf, '=');
		size_t kl = eq ? (size_t)(eq - buf) : o;
		char key[16];
		if (kl == 0 || kl >= sizeof(key))
			continue;
		for (size_t k = 0; k < kl; k++)
			key[k] = (char)((buf[k] >= 'A' && buf[k] <= 'Z')
					? buf[k] - 'A' + 'a' : buf[k]);
		key[kl] = 0;
		const char *val = eq ? arena_strdup(w->a, eq + 1) : NULL;
		if (eq && !val) {
			oom(w, NULL);
			return;
		}
		bool truthy = !val || txt_eq(val, "true") || !val[0];
		if (txt_eq(key, "type") && val)
			mt->type = val;
		else if (txt_eq(key, "id"))
			mt->id = val;
		else if (txt_eq(key, "target") || txt_eq(key, "dst") ||
			 txt_eq(key, "destination"))
			mt->target = val;
		else if (txt_eq(key, "source") || txt_eq(key, "src"))
			mt->source = val;
		else if (txt_eq(key, "from"))
			mt->from = val;
		else if (txt_eq(key, "env"))
			mt->env = val;
		else if (txt_eq(key, "mode"))
			mt->mode = val;
		else if (txt_eq(key, "sharing"))
			mt->sharing = val;
		else if (txt_eq(key, "ro") || txt_eq(key, "readonly"))
			mt->readonly = truthy;
		else if (txt_eq(key, "rw") || txt_eq(key, "readwrite"))
			mt->readonly = !truthy;
		else if (txt_eq(key, "required"))
			mt->required = truthy;
	}
}

static void do_run(struct walk *w, size_t i, struct df_instr *in,
		   const struct df_node *n)
{
	size_t nm = 0;
	for (size_t k = 0; k < n->nflags; k++)
		if (n->flags[k].name && txt_eq(n->flags[k].name, "mount"))
			nm++;
	if (nm) {
		in->mounts = arena_array(w->a, nm, sizeof(*in->mounts));
		if (!in->mounts) {
			oom(w, n);
			return;
		}
		for (size_t k = 0; k < n->nflags && !w->err; k++) {
			if (!n->flags[k].name ||
			    !txt_eq(n->flags[k].name, "mount"))
				continue;
			struct df_mount *mt = &in->mounts[in->nmounts++];
			parse_mount(w, &n->flags[k], mt);
			if (mt->from)
				mark_used(w, df_model_expand(w->m, i, mt->from,
							     w->a));
		}
	}
	run_script(w, in, n, n);
}

/* HEALTHCHECK CMD (also as ONBUILD's inner one): what the health check
 * runs inside the container, split as CMD is.  The exec form's words
 * are the array after "CMD" (offsets at their JSON strings' quotes in
 * n->rest, sh_split_argv()); the shell form's are the text after "CMD"
 * and its blanks, split with sh_split() and shifted to n->rest offsets
 * (DF_SCRIPT_REST: script_text is n->rest, which starts with "CMD").
 * HEALTHCHECK NONE runs nothing; after a non-POSIX SHELL the shell form
 * is not split (the daemon runs CMD-SHELL with the image's SHELL). */
static void health_script(struct walk *w, struct df_instr *in,
			  const struct df_node *n)
{
	in->script_node = n;
	if (n->nargs < 2 || strcasecmp(n->args[0].text, "CMD") || !n->rest)
		return;
	if (n->json_form) {
		size_t na = n->nargs - 1;
		struct sh_word *words = arena_array(w->a, na, sizeof(*words));
		const size_t **maps = arena_array(w->a, na, sizeof(*maps));
		if (!words || !maps || !exec_words(w, n, 1, words, maps)) {
			if (!words || !maps)
				oom(w, n);
			return;
		}
		if (sh_split_argv(words, na, maps, w->a, &in->script)) {
			oom(w, n);
			return;
		}
		in->script_text = n->rest;
		in->script_src = DF_SCRIPT_EXEC;
		return;
	}
	if (!w->posix_shell)
		return;
	const char *rest = n->rest;
	size_t b = 0;
	while (rest[b] && !isspace((unsigned char)rest[b]))
		b++;
	while (rest[b] && isspace((unsigned char)rest[b]))
		b++;
	struct sh_script sc;
	if (split_into(w, n, rest + b, &sc))
		return;
	for (size_t k = 0; k < sc.ncmds; k++) {
		struct sh_cmd *c = &sc.cmds[k];
		c->offset += b;
		c->end_offset += b;
		for (size_t j = 0; j < c->argc; j++)
			c->argv[j].offset += b;
		for (size_t j = 0; j < c->nassigns; j++)
			c->assigns[j].offset += b;
	}
	in->script = sc;
	in->script_text = rest;
	in->script_src = DF_SCRIPT_REST;
}

static void fill_exec_argv(struct walk *w, struct df_instr *in,
			   const struct df_node *n)
{
	if (!n->json_form)
		return;
	in->exec_argv = arena_array(w->a, n->nargs + 1, sizeof(char *));
	if (!in->exec_argv) {
		oom(w, n);
		return;
	}
	for (size_t k = 0; k < n->nargs; k++)
		in->exec_argv[k] = n->args[k].text;
	in->exec_argc = n->nargs;
}

/* SHELL ["powershell", ...] makes shell-form RUN lines non-POSIX. */
static void do_shell(struct walk *w, const struct df_node *n)
{
	if (!n->nargs)
		return;
	const char *name = io_base_name(n->args[0].text);
	w->posix_shell = is_shell_name(name) || txt_eq(name, "busybox");
}

/* An instruction an export-only stage may hold (df_stage.export_only):
 * it adds files or metadata, and nothing runs. */
static bool holds_files_only(const struct df_node *n)
{
	return is(n, "copy") || is(n, "add") || is(n, "arg") ||
	       is(n, "label") || is(n, "workdir") || is(n, "maintainer");
}

static void step(struct walk *w, size_t i)
{
	struct df_model *m = w->m;
	const struct df_node *n = &w->f->nodes[i];
	struct df_instr *in = &m->instrs[i];
	in->node = n;
	in->op = is(n, "onbuild") && n->onbuild ? n->onbuild : n;
	in->onbuild = in->op != n;
	fill_exec_argv(w, in, n);
	split_assigns(w, in, is(n, "onbuild") && n->onbuild ? n->onbuild : n);
	if (is(n, "from")) {
		in->env = w->globals.v;
		in->nenv = w->globals.n;
		do_from(w, i, n);
		in->stage = w->stage;
		return;
	}
	in->stage = w->stage;
	if (w->stage == NO_STAGE) {
		in->env = w->globals.v;
		in->nenv = w->globals.n;
		if (is(n, "arg"))
			do_arg(w, n, &w->globals, true);
		return;
	}
	in->user = w->user;
	in->workdir = w->workdir;
	in->env = w->cur.v;
	in->nenv = w->cur.n;
	m->stages[w->stage].end_instr = i + 1;
	if (m->stages[w->stage].export_only && !holds_files_only(n))
		m->stages[w->stage].export_only = false;
	if (is(n, "arg")) {
		do_arg(w, n, &w->cur, false);
	} else if (is(n, "env")) {
		do_env(w, n);
	} else if (is(n, "user") && n->nargs) {
		w->user = expand_or_raw(w, w->cur.v, w->cur.n, n->args[0].text,
					true);
		w->user_node = n;
	} else if (is(n, "workdir") && n->nargs) {
		const char *p = expand_or_raw(w, w->cur.v, w->cur.n,
					      n->args[0].text, true);
		bool windows = ((p[0] >= 'A' && p[0] <= 'Z') ||
				(p[0] >= 'a' && p[0] <= 'z')) && p[1] == ':';
		const char *j = windows ? p : join_path(w->a, w->workdir, p);
		if (!j)
			oom(w, n);
		else
			w->workdir = j;
	} else if (is(n, "shell")) {
		do_shell(w, n);
	} else if (is(n, "copy")) {
		bool present = false;
		const char *from = df_flag_value(n, "from", &present);
		if (from)
			mark_used(w, df_model_expand(m, i, from, w->a));
	} else if (is(n, "run")) {
		do_run(w, i, in, n);
	} else if (is(n, "onbuild") && n->onbuild && is(n->onbuild, "run")) {
		run_script(w, in, n->onbuild, n);
	} else if (is(n, "cmd") || is(n, "entrypoint")) {
		/* what the container starts: split as a RUN's script is
		 * (rules that judge it say so; the RUN rules ask for RUN) */
		run_script(w, in, n, n);
	} else if (is(n, "onbuild") && n->onbuild &&
		   (is(n->onbuild, "cmd") || is(n->onbuild, "entrypoint"))) {
		run_script(w, in, n->onbuild, n);
	} else if (is(n, "healthcheck")) {
		health_script(w, in, n);
	} else if (is(n, "onbuild") && n->onbuild &&
		   is(n->onbuild, "healthcheck")) {
		health_script(w, in, n->onbuild);
	}
}

int df_model_build(const struct df_file *f, struct arena *a,
		   struct df_model *out, struct diag *d)
{
	memset(out, 0, sizeof(*out));
	out->file = f;
	if (!f || f->nnodes == 0)
		return BH_OK;
	struct walk w;
	memset(&w, 0, sizeof(w));
	w.f = f;
	w.a = a;
	w.d = d;
	w.m = out;
	w.stage = NO_STAGE;
	w.posix_shell = true;
	size_t nfrom = 0;
	for (size_t i = 0; i < f->nnodes; i++)
		if (is(&f->nodes[i], "from"))
			nfrom++;
	out->instrs = arena_array(a, f->nnodes, sizeof(*out->instrs));
	out->stages = arena_array(a, nfrom + 1, sizeof(*out->stages));
	w.st = arena_array(a, nfrom + 1, sizeof(*w.st));
	if (!out->instrs || !out->stages || !w.st)
		return oom(&w, NULL);
	out->ninstrs = f->nnodes;
	for (size_t i = 0; i < f->nnodes && !w.err; i++)
		step(&w, i);
	if (w.err)
		return w.err;
	close_stage(&w, f->nnodes);
	out->global_args = w.globals.v;
	out->nglobal_args = w.globals.n;
	/* the final stage and, through FROM <stage>, what it is built on */
	for (size_t s = out->nstages ? out->nstages - 1 : 0, hops = 0;
	     out->nstages && hops <= out->nstages; hops++) {
		out->stages[s].in_final_image = true;
		long b = out->stages[s].base_stage;
		if (b < 0 || (size_t)b >= out->nstages || out->stages[b].in_final_image)
			break;
		s = (size_t)b;
	}
	return BH_OK;
}

const char *df_model_expand(const struct df_model *m, size_t i,
			    const char *word, struct arena *a)
{
	if (!word)
		return "";
	if (!m || i >= m->ninstrs)
		return word;
	char esc = m->file && m->file->escape ? m->file->escape : '\\';
	if (!strpbrk(word, "$'\"") && !strchr(word, esc))
		return word;  /* nothing to expand or unquote */
	const struct df_instr *in = &m->instrs[i];
	const char *r = expand_with(m->file, in->env, in->nenv, word, a, NULL);
	return r ? r : word;
}

/* Line/column of byte "off" of a heredoc body starting at "line". */
static void body_locate(const char *text, size_t off, int line, int *l, int *c)
{
	int ln = line, col = 1;
	for (size_t k = 0; k < off && text[k]; k++) {
		if (text[k] == '\n') {
			if (ln < INT32_MAX)
				ln++;
			col = 1;
		} else if (col < INT32_MAX) {
			col++;
		}
	}
	*l = ln;
	*c = col;
}

void df_model_script_locate(const struct df_model *m, size_t i, size_t offset,
			    int *line, int *col)
{
	*line = 0;
	*col = 0;
	if (!m || i >= m->ninstrs)
		return;
	const struct df_instr *in = &m->instrs[i];
	const struct df_node *n = in->script_node ? in->script_node : in->node;
	if (n) {
		*line = n->line;
		*col = n->col;
	}
	if (!n || !in->script_text)
		return;
	size_t tl = strlen(in->script_text);
	if (offset > tl)
		offset = tl;
	switch (in->script_src) {
	case DF_SCRIPT_NONE:
		return;
	case DF_SCRIPT_EXEC:
	case DF_SCRIPT_REST:
		df_locate(n, offset, line, col);
		return;
	case DF_SCRIPT_HEREDOC:
	case DF_SCRIPT_REST_HEREDOC:
		if (offset < in->script_heredoc_at) {
			df_locate(n, offset, line, col);
			return;
		}
		body_locate(in->script_text + in->script_heredoc_at,
			    offset - in->script_heredoc_at, in->script_line,
			    line, col);
		return;
	}
}
