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
 * [registry/]repository[:tag][@digest].  registry and repository are
 * never NULL ("" when unknown: scratch has registry "" and repository
 * "scratch"; an invalid reference may have both ""). */
struct img_ref {
	const char *raw;         /* after variable expansion; as written
				    (with the $) when unresolved */
	const char *registry;    /* "docker.io" when none is written */
	const char *repository;  /* "library/debian" for "debian" */
	const char *tag;         /* NULL when absent */
	const char *digest;      /* "sha256:..." or NULL */
	bool registry_explicit;  /* a registry host was written */
	bool is_scratch;
	bool unresolved;         /* contains a variable without a value */
	bool valid;              /* img_ref_parse() returned true */
};

/* Parses "s" into "out" (strings in the arena).  Returns false when the
 * text is not a valid reference (out->raw is still set).  Text with a '$'
 * is split best effort without validation, marked unresolved, and
 * returns true. */
bool img_ref_parse(const char *s, struct arena *a, struct img_ref *out);

/* Whether the user part of "user[:group]" is root: "root", a UID of
 * zeros, or Windows' ContainerAdministrator (any case, as Windows compares
 * names).  "" is not (no user given: the image decides, see
 * img_ref_default_nonroot).  The one answer of BH1001, the Compose rules
 * and the Compose join. */
bool img_user_is_root(const char *user);

/* Whether "user[:group]" is numeric: the user, and the group when one is
 * given, all digits ("10001", "10001:10001"; not "app", "10001:", "").
 * The one answer of the numeric-uid rule (BH2003, Compose and
 * inspect). */
bool img_user_is_numeric(const char *user);

/* Whether "b" is a Windows image (by repository or tag: windows/...,
 * servercore, nanoserver, dotnet/aspnet:8.0-nanoserver-ltsc2022). */
bool img_ref_is_windows(const struct img_ref *b);

/* Whether "b" runs as a non-root user when no USER says otherwise: a
 * "nonroot" image or tag (distroless), Chainguard's (but -dev), Windows
 * Nano Server (ContainerUser).  Windows Server Core runs as
 * ContainerAdministrator, other images as root unless documented. */
bool img_ref_default_nonroot(const struct img_ref *b);

/* Visible variables are a list in declaration order, parent-stage ENVs
 * first; a name may appear more than once and the LAST entry wins, except
 * that an ENV beats any ARG of the same name (BuildKit).  Values are
 * expanded. */
struct df_var {
	const char *name;
	const char *value;       /* NULL: ARG declared without a value (and
				    no global default); never NULL for ENV */
	const struct df_node *node; /* the ARG or ENV that set it */
	bool is_env;             /* ENV (else ARG) */
};

/* One RUN --mount=... flag, its CSV fields (values as written, not
 * expanded; "from" is also looked up as a stage). */
struct df_mount {
	const char *type;        /* "bind" when not written */
	const char *id;          /* NULL when absent, for all of these */
	const char *target;      /* target= dst= destination= */
	const char *source;      /* source= src= */
	const char *from;
	const char *env;         /* secret env= */
	const char *mode;
	const char *sharing;
	bool readonly;           /* ro / readonly written (rw / readwrite
				    clear it); not BuildKit's per-type
				    default */
	bool required;
	const struct df_flag *flag; /* where it is written */
};

/* One NAME[=value] of an ENV, ARG or LABEL in shell form, split once by
 * the model with the shell word rules (BuildKit's for these
 * instructions; the same words sh_split() gives).  Offsets are into
 * df_instr.assign_node->rest; df_locate() gives a source position.
 * Strings live in the model's arena. */
struct df_assign {
	const char *name;        /* unquoted key: the word's text before its
				    first '=' (may be ""), or the whole word
				    for ARG NAME and the old ENV form */
	const char *value;       /* unquoted value (not expanded); NULL for
				    ARG NAME without a default */
	const struct sh_word *word; /* the word the key is in (raw text) */
	size_t name_off;         /* the key's offset (word->offset) */
	size_t value_off;        /* the value's first byte, past an opening
				    quote (0 when value is NULL) */
	bool old_form;           /* "ENV NAME value..." (also LABEL): the
				    value is the rest of the line, trailing
				    blanks trimmed and one pair of outer
				    quotes removed; it is the instruction's
				    last pair */
};

/* What the text behind df_instr.script is. */
enum df_script_src {
	DF_SCRIPT_NONE = 0,      /* no shell script (not RUN, CMD,
				    ENTRYPOINT or HEALTHCHECK CMD; non-POSIX
				    SHELL, non-shell #! heredoc) */
	DF_SCRIPT_REST,          /* shell form: script_text == node->rest
				    (HEALTHCHECK's starts with "CMD": its
				    commands' offsets are past it) */
	DF_SCRIPT_HEREDOC,       /* RUN <<EOF: the heredoc body alone */
	DF_SCRIPT_REST_HEREDOC,  /* "RUN bash <<EOF": rest, "\n", then the
				    body from script_heredoc_at */
	DF_SCRIPT_EXEC,          /* exec form ["sh", "-c", "script"], also
				    ["apt-get", "install", "x"]: script_text
				    is node->rest (the JSON array); cmds[0]
				    is the array's words (offsets at their
				    opening quotes), a -c string's commands
				    follow, in_string with host 0, their
				    offsets inside the JSON string */
};

/* What the model knows about one instruction (parallel to file->nodes). */
struct df_instr {
	const struct df_node *node;
	const struct df_node *op; /* the instruction as it will run: node
				    itself, or for ONBUILD its trigger
				    (node->onbuild), which runs in a child
				    image's build.  Rules that judge what
				    one instruction does (a RUN's commands,
				    ADD of a URL, ENV values) read op;
				    rules about this build's state (USER,
				    WORKDIR, HEALTHCHECK, stages) read node.
				    Never NULL once built. */
	bool onbuild;            /* op is an ONBUILD trigger (op != node) */
	size_t stage;            /* index into model->stages; (size_t)-1 for
				    instructions before the first FROM */
	const char *user;        /* effective USER before this instruction
				    (expanded; as written when it uses a
				    variable without value), NULL = not set
				    (the base image's user, root by default) */
	const char *workdir;     /* effective WORKDIR before it, NULL = / */
	struct sh_script script; /* RUN, CMD, ENTRYPOINT, HEALTHCHECK CMD
				    (the words after CMD; also as ONBUILD's
				    inner one; rules tell them by op): the
				    shell commands; heredoc bodies used as the
				    script are split too (see script_src);
				    exec form too (sh_split_argv()).
				    Empty for other instructions. */
	const char *script_text; /* the text "script" offsets refer to */
	int script_line;         /* first source line of the heredoc body
				    in script_text (0: none, offsets are
				    into node->rest).  Use
				    df_model_script_locate() for positions */
	struct df_var *env;      /* variables visible here (ARG + ENV) */
	size_t nenv;
	/* added by the model helper: */
	enum df_script_src script_src;
	const struct df_node *script_node; /* node whose rest the offsets
				    refer to (the inner one for ONBUILD RUN) */
	size_t script_heredoc_at; /* offset in script_text where the heredoc
				    body starts (0 for DF_SCRIPT_HEREDOC);
				    for DF_SCRIPT_EXEC the index of the -c
				    script in node->args of ["sh", "-c",
				    "x"] (0: none) */
	const char **exec_argv;  /* JSON (exec) form arguments, any
				    instruction; NULL otherwise */
	size_t exec_argc;
	struct df_mount *mounts; /* RUN --mount flags, in order */
	size_t nmounts;
	struct df_assign *assigns; /* ENV, ARG, LABEL (also as ONBUILD's
				    inner instruction) in shell form: the
				    pairs in order; a word without '=' only
				    for ARG.  NULL otherwise */
	size_t nassigns;
	const struct df_node *assign_node; /* the node "assigns" offsets
				    refer to: node, or node->onbuild */
};

struct df_stage {
	size_t index;
	const char *name;        /* "AS name" lower-cased, or NULL */
	const struct df_node *from;
	size_t from_instr;       /* index of the FROM in instrs */
	size_t end_instr;        /* one past the stage's last instruction */
	struct img_ref base;     /* meaningless when base_stage >= 0 */
	long base_stage;         /* FROM <earlier stage>: its index, else -1 */
	const char *platform;    /* --platform value expanded with the global
				    ARGs (as written when it uses one
				    without value, e.g. $BUILDPLATFORM), or
				    NULL */
	const char *user;        /* effective user at the end of the stage */
	const struct df_node *user_node; /* last USER in it (or inherited) */
	bool used_by_later;      /* another stage copies from it / builds on it */
	bool in_final_image;     /* the final stage or one it is built FROM,
				    transitively */
	bool export_only;        /* built FROM scratch (or FROM stages that
				    are) and holds only files: nothing but
				    COPY, ADD, ARG, LABEL, WORKDIR and
				    MAINTAINER, so no CMD or ENTRYPOINT
				    (scratch has none), no USER, no RUN.
				    As the final stage it is an export
				    (`docker build --output`) or a data
				    image: nothing runs in it */
};

struct df_model {
	const struct df_file *file;
	struct df_instr *instrs;     /* one per file->nodes entry */
	size_t ninstrs;
	struct df_stage *stages;
	size_t nstages;
	struct df_var *global_args;  /* ARGs before the first FROM */
	size_t nglobal_args;
	/* Private to df_model.c: stage names hashed (open addressing) so a
	 * FROM <stage> lookup is O(1); slots hold stage index + 1, 0 = free. */
	size_t *name_slots;
	size_t name_cap;             /* a power of two, or 0 */
};

/* Build the model (the build context's facts, .dockerignore included,
 * are the pipeline's: struct bh_facts, src/core/check.h).  Returns 0 or a BH_E* code recorded in d. */
int df_model_build(const struct df_file *f, struct arena *a,
		   struct df_model *out, struct diag *d);

/* The final stage (the one a plain `docker build` produces), or NULL. */
const struct df_stage *df_model_final_stage(const struct df_model *m);
/* Stage by "AS" name (case-insensitive) or numeric index text, or NULL. */
const struct df_stage *df_model_stage_named(const struct df_model *m,
					    const char *name);
/* Expand "word" with the variables visible at instruction "i" (quotes
 * removed, the file's escape character).  On an expansion error (bad
 * syntax, ${V:?}) returns "word" itself; never NULL. */
const char *df_model_expand(const struct df_model *m, size_t i,
			    const char *word, struct arena *a);
/* Source position of byte "offset" in instrs[i].script_text (a word's or
 * command's offset).  Exact for shell form, heredoc bodies and exec form
 * (a byte of a JSON escape is at its backslash). */
void df_model_script_locate(const struct df_model *m, size_t i, size_t offset,
			    int *line, int *col);

#endif
