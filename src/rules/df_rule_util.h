/* SPDX-License-Identifier: Apache-2.0
 *
 * df_rule_util.h - small helpers shared by the Dockerfile rule families
 * (rules_df_*.c): spans of model words, string tests, the stage chain and
 * variable resolution at an instruction.
 *
 * This header owns only helpers that were copied verbatim between the
 * families; anything one family alone uses stays static in that family.
 * Nothing here allocates except dfr_resolve() and dfr_unquote(), which
 * allocate from the caller's arena (freed with it); the caller owns every
 * pointer passed in.  Tests: through the rule cases in
 * tests/cases/dockerfile/.
 */
#ifndef BH_DF_RULE_UTIL_H
#define BH_DF_RULE_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <string.h>

#include "rule.h"
#include "../model/df_model.h"
#include "../util/arena.h"

/* strlen(s) clamped to 4096 as an int (0 for NULL): a span width. */
int dfr_slen(const char *s);

/* Span of a Dockerfile word: its line, column and length. */
struct bh_span dfr_word_span(const struct df_word *w);

/* Whether a and b are both non-NULL and equal. */
static inline bool dfr_streq(const char *a, const char *b)
{
	/* inline, a byte loop: the rules call it millions of times with a
	 * short constant "b" (its first byte an immediate operand); a strcmp
	 * call (measured) costs more than the compare */
	if (!a || !b || a[0] != b[0])
		return false;  /* most calls differ at the first byte */
	if (!a[0])
		return true;
	do {
		a++;
		b++;
	} while (*a && *a == *b);
	return *a == *b;
}

static inline bool dfr_kw_(const struct df_node *n, const char *k,
			   enum df_kw id)
{
	if (id != DF_KW_UNKNOWN && n && n->kw != DF_KW_UNKNOWN)
		return n->kw == id;
	return n && dfr_streq(n->keyword, k);
}

/* Whether node n (may be NULL) has the lower-case keyword k.  A literal
 * k is told by its df_kw (one compare: the rules ask it of every
 * instruction, many times over); any other k, or a node the parser did
 * not make, by its text. */
#define dfr_kw(n, k) dfr_kw_((n), (k), DF_KW_OF(k))

/* What the container runs of instruction "in" (its op: ONBUILD's
 * trigger too), rather than the build: "CMD", "ENTRYPOINT" or
 * "HEALTHCHECK" (the command after its CMD); NULL for RUN and every
 * other instruction. */
const char *dfr_runtime_kw(const struct df_instr *in);

/* The end of a message about a command of "in": " each time the
 * container starts" (CMD, ENTRYPOINT), " each time the health check
 * runs" (HEALTHCHECK), "" for RUN and the rest. */
const char *dfr_when(const struct df_instr *in);

/* s with one pair of surrounding quotes removed (a copy from the arena,
 * NULL when over its cap), or s itself when not quoted. */
const char *dfr_unquote(struct arena *a, const char *s);

/* The stages whose instructions make up stage "s": s itself, then the
 * stage it is built FROM, and so on (at most "max", written to out).
 * Returns how many were written. */
size_t dfr_stage_chain(const struct df_model *m, const struct df_stage *s,
		       const struct df_stage **out, size_t max);

/* Whether "word" refers to a variable that is not set (or set without a
 * value) at instruction "i". */
bool dfr_has_unset_var(const struct df_model *m, size_t i, const char *word);

/* The value of a word at instruction "i" with variables expanded (from
 * c->arena), or NULL when it uses an unset variable. */
const char *dfr_resolve(struct bh_check *c, size_t i, const char *word);

#endif
