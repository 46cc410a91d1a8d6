/* SPDX-License-Identifier: Apache-2.0
 *
 * df_rule_util.c - helpers shared by the Dockerfile rule families
 * (rules_df_user.c, rules_df_base.c, rules_df_instr.c, rules_df_packages.c,
 * rules_df_secrets.c, rules_df_context.c).
 *
 * This file owns the small helpers those families used to copy: word spans,
 * string tests (streq, keyword, unquote), which instructions the
 * container runs rather than the build (dfr_runtime_kw()), the chain of
 * stages a stage is built FROM, and resolving a word's variables at an
 * instruction.  It owns no rule and reports nothing; helpers only one
 * family needs stay static in that family.  It reads struct df_model only.
 * Tests: indirectly, through tests/cases/dockerfile/BH1*.case.
 */
#include "df_rule_util.h"

#include <string.h>

#include "../model/expand.h"

const char *dfr_runtime_kw(const struct df_instr *in)
{
	const struct df_node *n = in ? in->op : NULL;
	return dfr_kw(n, "cmd")		 ? "CMD"
	       : dfr_kw(n, "entrypoint")	 ? "ENTRYPOINT"
	       : dfr_kw(n, "healthcheck") ? "HEALTHCHECK"
					 : NULL;
}

const char *dfr_when(const struct df_instr *in)
{
	const char *kw = dfr_runtime_kw(in);
	return !kw			    ? ""
	       : dfr_streq(kw, "HEALTHCHECK") ? " each time the health check runs"
					    : " each time the container starts";
}

int dfr_slen(const char *s)
{
	size_t n = s ? strlen(s) : 0;
	return n > 4096 ? 4096 : (int)n;
}

struct bh_span dfr_word_span(const struct df_word *w)
{
	return bh_span_at(w->line, w->col, dfr_slen(w->text));
}

const char *dfr_unquote(struct arena *a, const char *s)
{
	size_t n = strlen(s);
	if (n >= 2 && (s[0] == '"' || s[0] == '\'') && s[n - 1] == s[0])
		return arena_strndup(a, s + 1, n - 2);
	return s;
}

size_t dfr_stage_chain(const struct df_model *m, const struct df_stage *s,
		       const struct df_stage **out, size_t max)
{
	size_t n = 0;
	while (s && n < max) {
		out[n++] = s;
		if (s->base_stage < 0 || (size_t)s->base_stage >= m->nstages ||
		    (size_t)s->base_stage >= s->index)
			break;
		s = &m->stages[s->base_stage];
	}
	return n;
}

bool dfr_has_unset_var(const struct df_model *m, size_t i, const char *word)
{
	const struct df_instr *in = &m->instrs[i];
	struct expand_ref r;
	for (const char *p = word; (p = expand_next_ref(p, '\\', &r)) != NULL;) {
		const char *name = r.name;
		size_t len = r.len;
		/* the last entry wins, but an ENV beats any ARG */
		const struct df_var *last = NULL, *env = NULL;
		for (size_t k = 0; k < in->nenv; k++) {
			const struct df_var *v = &in->env[k];
			if (!v->name || strlen(v->name) != len ||
			    strncmp(v->name, name, len) != 0)
				continue;
			last = v;
			if (v->is_env)
				env = v;
		}
		if (env)
			last = env;
		if (!last || !last->value)
			return true;
	}
	return false;
}

const char *dfr_resolve(struct bh_check *c, size_t i, const char *word)
{
	if (!strchr(word, '$'))
		return word;
	if (dfr_has_unset_var(c->df, i, word))
		return NULL;
	return df_model_expand(c->df, i, word, c->arena);
}
