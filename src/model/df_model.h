/* SPDX-License-Identifier: Apache-2.0
 *
 * df_model.h - the meaning of a parsed Dockerfile: stages, base images,
 * variables, the effective user, and RUN lines split into commands.
 *
 * df_model_build() walks a struct df_file once.  Everything it makes lives
 * in the same arena as the syntax tree.  Rules read only this model (and
 * the nodes it points to); they never re-parse text.
 * Tests: tests/unit/model/test_df_model.c.
 */
#ifndef BH_DF_MODEL_H
#define BH_DF_MODEL_H

#include <stdbool.h>
#include <stddef.h>

#include "../parse/df_parse.h"
#include "shell.h"

/* An image reference split as the distribution reference grammar does:
 * [registry/]repository[:tag][@digest]. */
struct img_ref {
	const char *raw;         /* after variable expansion */
	const char *registry;    /* "docker.io" when none is written */
	const char *repository;  /* "library/debian" for "debian" */
	const char *tag;         /* NULL when absent */
	const char *digest;      /* "sha256:..." or NULL */
	bool registry_explicit;  /* a registry host was written */
	bool is_scratch;
	bool unresolved;         /* contains a variable without a value */
};

/* Parses "s" into "out" (strings in the arena).  Returns false when the
 * text is not a valid reference (out->raw is still set). */
bool img_ref_parse(const char *s, struct arena *a, struct img_ref *out);

struct df_var {
	const char *name;
	const char *value;       /* NULL: declared without a value */
	const struct df_node *node; /* the ARG or ENV that set it */
};

/* What the model knows about one instruction (parallel to file->nodes). */
struct df_instr {
	const struct df_node *node;
	size_t stage;            /* index into model->stages; (size_t)-1 for
				    instructions before the first FROM */
	const char *user;        /* effective USER before this instruction
				    (expanded), NULL = root by default */
	const char *workdir;     /* effective WORKDIR before it, NULL = / */
	struct sh_script script; /* RUN: the shell commands; heredoc bodies
				    used as the script are split too.  Empty
				    for exec form and other instructions. */
	const char *script_text; /* the text "script" offsets refer to */
	int script_line;         /* where script_text starts when it is a
				    heredoc body (0: offsets are into
				    node->rest, use df_locate) */
	struct df_var *env;      /* variables visible here (ARG + ENV) */
	size_t nenv;
};

struct df_stage {
	size_t index;
	const char *name;        /* "AS name" lower-cased, or NULL */
	const struct df_node *from;
	size_t from_instr;       /* index of the FROM in instrs */
	size_t end_instr;        /* one past the stage's last instruction */
	struct img_ref base;     /* meaningless when base_stage >= 0 */
	long base_stage;         /* FROM <earlier stage>: its index, else -1 */
	const char *platform;    /* --platform value or NULL */
	const char *user;        /* effective user at the end of the stage */
	const struct df_node *user_node; /* last USER in it (or inherited) */
	bool used_by_later;      /* another stage copies from it / builds on it */
};

struct df_model {
	const struct df_file *file;
	struct df_instr *instrs;     /* one per file->nodes entry */
	size_t ninstrs;
	struct df_stage *stages;
	size_t nstages;
	struct df_var *global_args;  /* ARGs before the first FROM */
	size_t nglobal_args;
	const char *dockerignore;    /* text of the context's .dockerignore,
				        NULL when there is none, "" if empty */
	bool dockerignore_known;     /* false: context not on disk (stdin) */
	const char *context_dir;     /* build context directory or NULL */
};

/* Build the model.  "dockerignore" may be NULL (none) and is borrowed.
 * Returns 0 or a BH_E* code recorded in d. */
int df_model_build(const struct df_file *f, struct arena *a,
		   struct df_model *out, struct diag *d);

/* The final stage (the one a plain `docker build` produces), or NULL. */
const struct df_stage *df_model_final_stage(const struct df_model *m);
/* Stage by "AS" name (case-insensitive) or numeric index text, or NULL. */
const struct df_stage *df_model_stage_named(const struct df_model *m,
					    const char *name);
/* Expand "word" with the variables visible at instruction "i". */
const char *df_model_expand(const struct df_model *m, size_t i,
			    const char *word, struct arena *a);
/* Source position of byte "offset" in instrs[i].script_text. */
void df_model_script_locate(const struct df_model *m, size_t i, size_t offset,
			    int *line, int *col);

#endif
