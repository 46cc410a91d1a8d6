/* SPDX-License-Identifier: Apache-2.0
 *
 * test_df_model.c - df_model_build() on small Dockerfiles parsed with
 * df_parse(): stages and base images, global/stage ARG and ENV scoping,
 * USER and WORKDIR tracking, RUN scripts (shell form, heredocs, exec form,
 * SHELL, ONBUILD), CMD's and HEALTHCHECK CMD's, with source positions, --mount flags, the NAME=value
 * pairs of ENV/ARG/LABEL, used_by_later, and the bounds.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/df_model.h"
#include "parse/df_parse.h"
#include "util/diag.h"

static struct arena A;
static struct df_file F;
static struct df_model M;
static struct diag D;

static int setup(void **state)
{
	(void)state;
	arena_init(&A, 0);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	arena_free(&A);
	return 0;
}

/* Parse and model "text"; returns df_model_build()'s code. */
static int build(const char *text)
{
	diag_init(&D, "Dockerfile");
	int rc = df_parse(text, strlen(text), &A, &F, &D);
	if (rc)
		fail_msg("df_parse: %s (line %d)", D.message, D.line);
	return df_model_build(&F, &A, &M, &D);
}

static void model(const char *text)
{
	int rc = build(text);
	if (rc)
		fail_msg("df_model_build: %d %s", rc, D.message);
}

static const char *expand_at(size_t i, const char *w)
{
	return df_model_expand(&M, i, w, &A);
}

static void stages_and_bases(void **state)
{
	(void)state;
	model("ARG BASE=debian\n"
	      "ARG TAG\n"
	      "FROM ${BASE}:12 AS Build\n"
	      "RUN echo hi\n"
	      "FROM build AS second\n"
	      "USER app\n"
	      "FROM --platform=$BUILDPLATFORM alpine:${TAG} AS third\n"
	      "COPY --from=second /a /b\n"
	      "FROM scratch\n"
	      "COPY --from=2 /x /y\n");
	assert_int_equal(M.ninstrs, 10);
	assert_int_equal(M.nstages, 4);
	assert_int_equal(M.nglobal_args, 2);
	assert_string_equal(M.global_args[0].name, "BASE");
	assert_string_equal(M.global_args[0].value, "debian");
	assert_string_equal(M.global_args[1].name, "TAG");
	assert_null(M.global_args[1].value);
	assert_int_equal(M.instrs[0].stage, (size_t)-1);
	assert_int_equal(M.instrs[1].stage, (size_t)-1);

	const struct df_stage *s0 = &M.stages[0];
	assert_string_equal(s0->name, "build");
	assert_int_equal(s0->from_instr, 2);
	assert_int_equal(s0->end_instr, 4);
	assert_int_equal(s0->base_stage, -1);
	assert_string_equal(s0->base.raw, "debian:12");
	assert_string_equal(s0->base.repository, "library/debian");
	assert_string_equal(s0->base.tag, "12");
	assert_true(s0->base.valid);
	assert_false(s0->base.unresolved);
	assert_true(s0->used_by_later);        /* FROM build */
	assert_int_equal(M.instrs[3].stage, 0);

	const struct df_stage *s1 = &M.stages[1];
	assert_int_equal(s1->base_stage, 0);
	assert_string_equal(s1->user, "app");
	assert_ptr_equal(s1->user_node, &F.nodes[5]);
	assert_true(s1->used_by_later);        /* COPY --from=second */

	const struct df_stage *s2 = &M.stages[2];
	assert_true(s2->base.unresolved);      /* TAG has no value */
	assert_string_equal(s2->base.raw, "alpine:${TAG}");
	assert_string_equal(s2->platform, "$BUILDPLATFORM");
	assert_true(s2->used_by_later);        /* COPY --from=2 */

	const struct df_stage *s3 = &M.stages[3];
	assert_true(s3->base.is_scratch);
	assert_false(s3->used_by_later);
	assert_ptr_equal(df_model_final_stage(&M), s3);
	assert_int_equal(s3->end_instr, 10);

	assert_ptr_equal(df_model_stage_named(&M, "BUILD"), s0);
	assert_ptr_equal(df_model_stage_named(&M, "2"), s2);
	assert_null(df_model_stage_named(&M, "nope"));
	assert_null(df_model_stage_named(&M, "4"));
	assert_null(df_model_stage_named(&M, "99999999999999999999999"));
}

static void stage_references(void **state)
{
	(void)state;
	/* a later stage's name is an image; a stage does not use itself */
	model("FROM later\n"
	      "FROM alpine AS later\n"
	      "COPY --from=later /a /b\n"
	      "FROM alpine AS Base\n"
	      "FROM BASE\n"
	      "ARG SRC=later\n"
	      "COPY --from=$SRC /x /y\n");
	assert_int_equal(M.stages[0].base_stage, -1);
	assert_string_equal(M.stages[0].base.repository, "library/later");
	assert_true(M.stages[1].used_by_later);  /* via the ARG */
	assert_int_equal(M.stages[3].base_stage, 2);
	assert_true(M.stages[2].used_by_later);
	assert_false(M.stages[0].used_by_later);
	assert_false(M.stages[3].used_by_later);

	model("FROM alpine AS x\nCOPY --from=x /a /b\n");
	assert_false(M.stages[0].used_by_later);

	/* no instructions (the parser refuses those; the model copes) */
	struct df_file empty;
	memset(&empty, 0, sizeof(empty));
	assert_int_equal(df_model_build(&empty, &A, &M, &D), 0);
	assert_int_equal(M.nstages, 0);
	assert_null(df_model_final_stage(&M));
	/* only global ARGs */
	model("ARG A=1\n");
	assert_int_equal(M.nstages, 0);
	assert_int_equal(M.nglobal_args, 1);
	assert_int_equal(M.instrs[0].stage, (size_t)-1);
}

static void arg_and_env_scoping(void **state)
{
	(void)state;
	model("ARG V=1\n"                 /* 0 */
	      "ARG W=$V-2\n"              /* 1 */
	      "FROM alpine\n"             /* 2 */
	      "ARG V\n"                   /* 3 */
	      "ENV A=$V B=x\n"            /* 4 */
	      "ENV C=$A-$B A=2 D=$A\n"    /* 5 */
	      "ARG A=argval\n"            /* 6 */
	      "RUN echo\n"                /* 7 */
	      "FROM alpine AS other\n"    /* 8 */
	      "RUN echo\n");              /* 9 */
	assert_string_equal(M.global_args[1].value, "1-2");
	assert_string_equal(expand_at(2, "$W"), "1-2");   /* FROM sees globals */
	assert_string_equal(expand_at(4, "$V"), "1");     /* ARG V inherits */
	assert_string_equal(expand_at(3, "[$V]"), "[]");  /* before the ARG */
	assert_string_equal(expand_at(7, "$A/$C/$D"), "2/1-x/1");
	assert_string_equal(expand_at(9, "[$V$A$W]"), "[]");
	/* the instruction's own variable list, last entry wins */
	const struct df_instr *in = &M.instrs[7];
	assert_int_equal(in->nenv, 1 + 2 + 3 + 1);
	assert_string_equal(in->env[0].name, "V");
	assert_false(in->env[0].is_env);
	assert_true(in->env[1].is_env);
	assert_string_equal(in->env[6].name, "A");
	assert_string_equal(in->env[6].value, "argval");
	assert_ptr_equal(in->env[6].node, &F.nodes[6]);
	assert_int_equal(M.instrs[8].nenv, 2);   /* FROM: the global args */

	/* legacy "ENV key value with spaces" and quotes */
	model("FROM alpine\nENV MSG hello big world\nENV Q=\"a b\" R='$MSG'\n"
	      "RUN x\n");
	assert_string_equal(expand_at(3, "$MSG|$Q|$R"),
			    "hello big world|a b|$MSG");

	/* ENV wins over a later ARG; word left alone on errors */
	model("FROM alpine\nENV P=env\nARG P=arg\nRUN x\n");
	assert_string_equal(expand_at(3, "$P"), "env");
	assert_string_equal(expand_at(3, "${P:?}${Q:?no}"), "${P:?}${Q:?no}");
	const char *plain = "no variables";
	assert_ptr_equal(expand_at(3, plain), plain);
	assert_string_equal(expand_at(3, "\"a b\"'c'd\\ e"), "a bcd e");
	assert_string_equal(df_model_expand(&M, 99, "$P", &A), "$P");
}

static void inheritance_through_stages(void **state)
{
	(void)state;
	model("FROM alpine AS base\n"     /* 0 */
	      "ARG X=1\n"                 /* 1 */
	      "ENV Y=2\n"                 /* 2 */
	      "USER nobody\n"             /* 3 */
	      "WORKDIR /app\n"            /* 4 */
	      "SHELL [\"cmd\", \"/S\", \"/C\"]\n" /* 5 */
	      "FROM base\n"               /* 6 */
	      "RUN echo %PATH%\n"         /* 7 */
	      "FROM alpine\n"             /* 8 */
	      "RUN echo\n");              /* 9 */
	const struct df_instr *in = &M.instrs[7];
	assert_string_equal(in->user, "nobody");
	assert_string_equal(in->workdir, "/app");
	assert_string_equal(expand_at(7, "[$X$Y]"), "[2]");
	assert_ptr_equal(M.stages[1].user_node, &F.nodes[3]);
	assert_string_equal(M.stages[1].user, "nobody");
	/* the cmd SHELL is inherited: no POSIX script */
	assert_int_equal(in->script.ncmds, 0);
	assert_int_equal(in->script_src, DF_SCRIPT_NONE);
	assert_null(M.instrs[9].user);
	assert_null(M.instrs[9].workdir);
	assert_int_equal(M.instrs[9].script.ncmds, 1);
}

static void user_and_workdir(void **state)
{
	(void)state;
	model("FROM alpine\n"                      /* 0 */
	      "ARG UID=1000\n"                     /* 1 */
	      "USER root\n"                        /* 2 */
	      "WORKDIR app\n"                      /* 3 */
	      "WORKDIR ../srv/./x//y/..\n"         /* 4 */
	      "USER ${UID}:${GID:-1000}\n"         /* 5 */
	      "WORKDIR $NOPE/z\n"                  /* 6 */
	      "USER $NOPE\n"                       /* 7 */
	      "ONBUILD USER bob\n"                 /* 8 */
	      "RUN id\n");                         /* 9 */
	assert_null(M.instrs[0].user);
	assert_null(M.instrs[2].user);
	assert_string_equal(M.instrs[3].user, "root");
	assert_string_equal(M.instrs[4].workdir, "/app");
	assert_string_equal(M.instrs[5].workdir, "/srv/x");
	assert_string_equal(M.instrs[6].user, "1000:1000");
	assert_string_equal(M.instrs[7].workdir, "/srv/x/$NOPE/z");
	assert_string_equal(M.instrs[8].user, "$NOPE");
	assert_string_equal(M.instrs[9].user, "$NOPE");  /* ONBUILD skipped */
	assert_ptr_equal(M.stages[0].user_node, &F.nodes[7]);

	/* escape=` (Windows): backslashes are literal, C:\ paths kept */
	model("# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\n"
	      "WORKDIR C:\\app\nENV P=C:\\tools `\n  Q=1\nRUN dir\n");
	assert_string_equal(M.instrs[2].workdir, "C:\\app");
	assert_string_equal(expand_at(3, "$P;$Q"), "C:\\tools;1");
}

static const char *cmd_word(const struct df_instr *in, size_t c, size_t w)
{
	if (c >= in->script.ncmds || w >= in->script.cmds[c].argc)
		return "(none)";
	return in->script.cmds[c].argv[w].text;
}

static void word_pos(size_t i, size_t c, size_t w, int *line, int *col)
{
	const struct df_instr *in = &M.instrs[i];
	assert_true(c < in->script.ncmds && w < in->script.cmds[c].argc);
	df_model_script_locate(&M, i, in->script.cmds[c].argv[w].offset, line,
			       col);
}

static void run_scripts(void **state)
{
	(void)state;
	int line, col;
	model("FROM alpine\n"                                  /* 1 */
	      "RUN apt-get update && \\\n"                     /* 2 */
	      "    apt-get install -y curl\n"                  /* 3 */
	      "RUN <<EOF\n"                                    /* 4 */
	      "set -e\n"                                       /* 5 */
	      "  curl -fsSL x | sh\n"                          /* 6 */
	      "EOF\n"                                          /* 7 */
	      "RUN cat <<EOF > /etc/conf\n"                    /* 8 */
	      "curl should not be a command\n"                 /* 9 */
	      "EOF\n"                                          /* 10 */
	      "RUN bash -e <<EOF\n"                            /* 11 */
	      "apk add git\n"                                  /* 12 */
	      "EOF\n"                                          /* 13 */
	      "RUN <<EOF\n"                                    /* 14 */
	      "#!/usr/bin/env python3\n"                       /* 15 */
	      "import os\n"                                    /* 16 */
	      "EOF\n"                                          /* 17 */
	      "RUN [\"sh\", \"-c\", \"echo a && echo b\"]\n"   /* 18 */
	      "RUN [\"echo\", \"x\"]\n"                        /* 19 */
	      "ONBUILD RUN make install\n"                     /* 20 */
	      "SHELL [\"powershell\", \"-Command\"]\n"         /* 21 */
	      "RUN Get-Thing | Out-Null\n");                   /* 22 */
	/* shell form across a continuation */
	const struct df_instr *in = &M.instrs[1];
	assert_int_equal(in->script_src, DF_SCRIPT_REST);
	assert_int_equal(in->script.ncmds, 2);
	assert_string_equal(cmd_word(in, 1, 0), "apt-get");
	assert_string_equal(cmd_word(in, 1, 3), "curl");
	assert_ptr_equal(in->script_text, in->node->rest);
	word_pos(1, 0, 0, &line, &col);
	assert_int_equal(line, 2);
	assert_int_equal(col, 5);
	word_pos(1, 1, 3, &line, &col);
	assert_int_equal(line, 3);
	assert_int_equal(col, 24);

	/* RUN <<EOF: the body is the script */
	in = &M.instrs[2];
	assert_int_equal(in->script_src, DF_SCRIPT_HEREDOC);
	assert_int_equal(in->script_line, 5);
	assert_int_equal(in->script.ncmds, 3);
	assert_string_equal(cmd_word(in, 1, 0), "curl");
	assert_int_equal(in->script.cmds[1].op_after, SH_OP_PIPE);
	assert_string_equal(cmd_word(in, 2, 0), "sh");
	word_pos(2, 1, 0, &line, &col);
	assert_int_equal(line, 6);
	assert_int_equal(col, 3);

	/* a heredoc fed to cat is data */
	in = &M.instrs[3];
	assert_int_equal(in->script_src, DF_SCRIPT_REST);
	assert_int_equal(in->script.ncmds, 1);
	assert_string_equal(cmd_word(in, 0, 0), "cat");

	/* a heredoc fed to a shell is split after the command line */
	in = &M.instrs[4];
	assert_int_equal(in->script_src, DF_SCRIPT_REST_HEREDOC);
	assert_int_equal(in->script.ncmds, 2);
	assert_string_equal(cmd_word(in, 0, 0), "bash");
	assert_string_equal(cmd_word(in, 1, 0), "apk");
	assert_string_equal(cmd_word(in, 1, 2), "git");
	word_pos(4, 0, 0, &line, &col);
	assert_int_equal(line, 11);
	assert_int_equal(col, 5);
	word_pos(4, 1, 2, &line, &col);
	assert_int_equal(line, 12);
	assert_int_equal(col, 9);
	assert_true(in->script.cmds[1].offset >= in->script_heredoc_at);

	/* a python heredoc is not a shell script */
	in = &M.instrs[5];
	assert_int_equal(in->script_src, DF_SCRIPT_NONE);
	assert_int_equal(in->script.ncmds, 0);

	/* exec form: argv kept; sh -c splits its script */
	in = &M.instrs[6];
	assert_int_equal(in->exec_argc, 3);
	assert_string_equal(in->exec_argv[2], "echo a && echo b");
	assert_int_equal(in->script_src, DF_SCRIPT_EXEC);
	/* the array is one command, its -c string's commands follow,
	 * pointing inside the JSON string */
	assert_int_equal(in->script.ncmds, 3);
	assert_int_equal(in->script.cmds[0].argc, 3);
	assert_false(in->script.cmds[0].in_string);
	assert_true(in->script.cmds[1].in_string);
	assert_int_equal(in->script.cmds[1].host, 0);
	assert_int_equal(in->script.cmds[2].host, 0);
	word_pos(6, 0, 2, &line, &col);
	assert_int_equal(line, 18);
	assert_int_equal(col, 18);  /* the JSON string's quote */
	word_pos(6, 1, 1, &line, &col);
	assert_int_equal(line, 18);
	assert_int_equal(col, 24);  /* "a" */
	word_pos(6, 2, 0, &line, &col);
	assert_int_equal(col, 29);  /* the second "echo" */
	in = &M.instrs[7];
	assert_int_equal(in->exec_argc, 2);
	assert_string_equal(in->exec_argv[0], "echo");
	assert_int_equal(in->script.ncmds, 1);
	assert_string_equal(in->script.cmds[0].name, "echo");
	assert_false(in->script.cmds[0].in_string);
	assert_null(M.instrs[1].exec_argv);

	/* ONBUILD RUN is split against the inner instruction */
	in = &M.instrs[8];
	assert_int_equal(in->script.ncmds, 1);
	assert_string_equal(cmd_word(in, 0, 1), "install");
	word_pos(8, 0, 1, &line, &col);
	assert_int_equal(line, 20);
	assert_int_equal(col, 18);

	/* after SHELL powershell: no POSIX script */
	in = &M.instrs[10];
	assert_int_equal(in->script.ncmds, 0);
	assert_int_equal(in->script_src, DF_SCRIPT_NONE);

	/* non-RUN instructions have no script */
	assert_int_equal(M.instrs[0].script.ncmds, 0);
	assert_null(M.instrs[0].script_text);
}

static void mounts(void **state)
{
	(void)state;
	model("FROM golang AS build\n"
	      "FROM alpine\n"
	      "ARG S=build\n"
	      "RUN --mount=type=cache,target=/root/.cache,id=gomod,"
	      "sharing=locked --mount=type=secret,id=tok,env=TOKEN,required "
	      "--mount=from=$S,source=/out,dst=/in,ro echo\n"
	      "RUN --network=none echo\n");
	const struct df_instr *in = &M.instrs[3];
	assert_int_equal(in->nmounts, 3);
	assert_string_equal(in->mounts[0].type, "cache");
	assert_string_equal(in->mounts[0].target, "/root/.cache");
	assert_string_equal(in->mounts[0].id, "gomod");
	assert_string_equal(in->mounts[0].sharing, "locked");
	assert_false(in->mounts[0].readonly);
	assert_string_equal(in->mounts[1].type, "secret");
	assert_string_equal(in->mounts[1].env, "TOKEN");
	assert_true(in->mounts[1].required);
	assert_null(in->mounts[1].target);
	assert_string_equal(in->mounts[2].type, "bind");
	assert_string_equal(in->mounts[2].from, "$S");
	assert_string_equal(in->mounts[2].source, "/out");
	assert_string_equal(in->mounts[2].target, "/in");
	assert_true(in->mounts[2].readonly);
	assert_ptr_equal(in->mounts[2].flag, &in->node->flags[2]);
	assert_true(M.stages[0].used_by_later);
	assert_int_equal(M.instrs[4].nmounts, 0);
	assert_int_equal(in->script.ncmds, 1);
}

static void bounds(void **state)
{
	(void)state;
	/* too many variables in one stage: BH_ELIMIT, named in the diag */
	size_t cap = 2000 * 24 + 64;
	char *text = malloc(cap);
	assert_non_null(text);
	size_t o = (size_t)snprintf(text, cap, "FROM alpine\n");
	for (int i = 0; i < 2000; i++)
		o += (size_t)snprintf(text + o, cap - o, "ARG A%d=%d\n", i, i);
	assert_int_equal(build(text), BH_ELIMIT);
	assert_int_equal(D.code, BH_ELIMIT);
	assert_non_null(strstr(D.message, "too many"));
	assert_true(D.line > 1000);
	free(text);

	/* a long chain of stages, each inheriting ENVs, stays bounded */
	cap = 3000 * 48 + 64;
	text = malloc(cap);
	assert_non_null(text);
	o = (size_t)snprintf(text, cap, "FROM alpine AS s0\n");
	for (int i = 1; i < 3000; i++)
		o += (size_t)snprintf(text + o, cap - o,
				      "FROM s%d AS s%d\nENV E%d=1\n", i - 1, i, i);
	int rc = build(text);
	assert_true(rc == 0 || rc == BH_ELIMIT);
	if (rc == 0) {
		assert_int_equal(M.nstages, 3000);
		assert_true(M.stages[2998].used_by_later);
	}
	free(text);

	/* deep nesting in a RUN line is BH_ELIMIT with the line */
	char deep[4 * SH_MAX_DEPTH + 64];
	o = (size_t)snprintf(deep, sizeof(deep), "FROM a\nRUN ");
	for (int i = 0; i < SH_MAX_DEPTH + 1; i++) {
		deep[o++] = '$';
		deep[o++] = '(';
	}
	deep[o++] = '\n';
	deep[o] = 0;
	assert_int_equal(build(deep), BH_ELIMIT);
	assert_int_equal(D.line, 2);

	/* a small arena cap is reported as BH_ELIMIT, not a crash */
	struct arena small;
	arena_init(&small, 64 * 1024);
	struct df_file f;
	struct df_model m;
	struct diag d;
	diag_init(&d, "x");
	const char *t = "FROM alpine\nRUN a b c d e f g h i j k l m n o p\n";
	assert_int_equal(df_parse(t, strlen(t), &small, &f, &d), 0);
	small.cap = small.used + 512;
	rc = df_model_build(&f, &small, &m, &d);
	assert_true(rc == BH_ELIMIT || rc == 0);
	arena_free(&small);
}

/* Checks pair k of instruction i: name, value (NULL: none), and that the
 * offsets point at them in the node's rest. */
static void pair(size_t i, size_t k, const char *name, const char *value,
		 const char *at_name, const char *at_value)
{
	const struct df_instr *in = &M.instrs[i];
	assert_true(k < in->nassigns);
	const struct df_assign *a = &in->assigns[k];
	const char *rest = in->assign_node->rest;
	assert_string_equal(a->name, name);
	assert_int_equal(a->name_off, a->word->offset);
	assert_true(strncmp(rest + a->name_off, at_name, strlen(at_name)) == 0);
	if (!value) {
		assert_null(a->value);
		return;
	}
	assert_non_null(a->value);
	assert_string_equal(a->value, value);
	assert_true(strncmp(rest + a->value_off, at_value,
			    strlen(at_value)) == 0);
}

static void assigns(void **state)
{
	(void)state;
	model("ARG G=1 H\n"
	      "FROM alpine\n"
	      "ENV A=1 B=\"two words\" 'C'=3\n"
	      "ENV OLD  \"the rest of it\"  \n"
	      "ARG TOKEN PORT=80\n"
	      "LABEL a.b=x \"k\"='v'\n"
	      "ONBUILD ENV O=1\n"
	      "CMD [\"x\", \"y\"]\n"
	      "RUN A=1 echo\n"
	      "ENV X=1 \\\n"
	      "    Y=$X\n");
	/* global ARG: a word without '=' is a pair without a value */
	assert_int_equal(M.instrs[0].nassigns, 2);
	assert_ptr_equal(M.instrs[0].assign_node, M.instrs[0].node);
	pair(0, 0, "G", "1", "G=1", "1");
	pair(0, 1, "H", NULL, "H", NULL);
	assert_int_equal(M.instrs[1].nassigns, 0);
	/* quotes removed, the value's offset past its opening quote */
	assert_int_equal(M.instrs[2].nassigns, 3);
	pair(2, 0, "A", "1", "A=1", "1");
	pair(2, 1, "B", "two words", "B=", "two words\"");
	pair(2, 2, "C", "3", "'C'", "3");
	assert_false(M.instrs[2].assigns[0].old_form);
	/* old form: one pair, the rest trimmed, outer quotes removed */
	assert_int_equal(M.instrs[3].nassigns, 1);
	pair(3, 0, "OLD", "the rest of it", "OLD", "the rest of it\"");
	assert_true(M.instrs[3].assigns[0].old_form);
	assert_string_equal(M.instrs[3].assigns[0].word->raw, "OLD");
	assert_int_equal(M.instrs[4].nassigns, 2);
	pair(4, 0, "TOKEN", NULL, "TOKEN", NULL);
	pair(4, 1, "PORT", "80", "PORT=", "80");
	/* LABEL: a quoted key, a quoted value */
	assert_int_equal(M.instrs[5].nassigns, 2);
	pair(5, 0, "a.b", "x", "a.b", "x");
	pair(5, 1, "k", "v", "\"k\"", "v'");
	/* ONBUILD ENV: offsets are into the inner node */
	assert_int_equal(M.instrs[6].nassigns, 1);
	assert_ptr_equal(M.instrs[6].assign_node, M.instrs[6].node->onbuild);
	pair(6, 0, "O", "1", "O=1", "1");
	/* other instructions have none */
	assert_int_equal(M.instrs[7].nassigns, 0);
	assert_null(M.instrs[7].assigns);
	assert_int_equal(M.instrs[8].nassigns, 0);
	/* a continuation line: the value is not expanded; the position is
	 * on the next source line */
	assert_int_equal(M.instrs[9].nassigns, 2);
	pair(9, 1, "Y", "$X", "Y=", "$X");
	int line = 0, col = 0;
	df_locate(M.instrs[9].assign_node, M.instrs[9].assigns[1].name_off,
		  &line, &col);
	assert_int_equal(line, 11);
	assert_int_equal(col, 5);
}

/* df_stage.export_only: FROM scratch (or FROM such stages) holding only
 * COPY/ADD/ARG/LABEL/WORKDIR; anything that runs or sets runtime state
 * clears it. */
static void export_only_stages(void **state)
{
	(void)state;
	model("FROM golang:1.22 AS build\n"
	      "RUN go build -o /out/app .\n"
	      "FROM scratch AS files\n"
	      "ARG V=1\n"
	      "LABEL v=$V\n"
	      "WORKDIR /dist\n"
	      "COPY --from=build /out/ ./\n"
	      "FROM files AS more\n"
	      "ADD x.tar /\n"
	      "FROM more\n"
	      "CMD [\"/app\"]\n"
	      "FROM scratch\n"
	      "ENV A=1\n");
	assert_int_equal(M.nstages, 5);
	assert_false(M.stages[0].export_only);
	assert_true(M.stages[1].export_only);
	assert_true(M.stages[2].export_only);
	assert_false(M.stages[3].export_only);  /* CMD */
	assert_false(M.stages[4].export_only);  /* ENV */
}

/* df_instr.op: the instruction as it runs (ONBUILD's trigger), with
 * ONBUILD RUN <<EOF bodies split from the ONBUILD node's heredoc. */
static void onbuild_triggers(void **state)
{
	(void)state;
	model("FROM debian:12\n"
	      "RUN true\n"
	      "ONBUILD ADD https://example.com/a /a\n"
	      "ONBUILD RUN <<EOT\n"
	      "apt-get update\n"
	      "EOT\n");
	assert_ptr_equal(M.instrs[1].op, M.instrs[1].node);
	assert_false(M.instrs[1].onbuild);
	assert_true(M.instrs[2].onbuild);
	assert_ptr_equal(M.instrs[2].op, M.instrs[2].node->onbuild);
	assert_string_equal(M.instrs[2].op->keyword, "add");
	assert_int_equal(M.instrs[2].op->line, 3);
	assert_int_equal(M.instrs[2].op->col, 9);
	assert_true(M.instrs[3].onbuild);
	assert_int_equal(M.instrs[3].script_src, DF_SCRIPT_HEREDOC);
	assert_int_equal(M.instrs[3].script.ncmds, 1);
	assert_string_equal(M.instrs[3].script.cmds[0].argv[0].text, "apt-get");
	int line = 0, col = 0;
	df_model_script_locate(&M, 3, M.instrs[3].script.cmds[0].offset,
			       &line, &col);
	assert_int_equal(line, 5);
	assert_int_equal(col, 1);
}

/* HEALTHCHECK CMD is split like CMD: the shell form's words after "CMD"
 * (offsets in rest, past "CMD " and the flags), the exec form's array
 * after "CMD" with its -c string entered; NONE and a non-POSIX SHELL
 * give no script. */
static void healthcheck_scripts(void **state)
{
	(void)state;
	model("FROM debian:12\n"
	      "HEALTHCHECK --interval=5s CMD curl -f localhost | sh\n" /* 2 */
	      "HEALTHCHECK CMD [\"su\", \"app\", \"-c\", \"mysqladmin ping\"]\n"
	      "HEALTHCHECK NONE\n"
	      "ONBUILD HEALTHCHECK cmd sudo -u app true\n"          /* 5 */
	      "SHELL [\"powershell\", \"-c\"]\n"
	      "HEALTHCHECK CMD curl -f localhost\n");
	const struct df_instr *in = &M.instrs[1];
	int line = 0, col = 0;
	assert_int_equal(in->script_src, DF_SCRIPT_REST);
	assert_int_equal(in->script.ncmds, 2);
	assert_string_equal(in->script.cmds[0].name, "curl");
	assert_int_equal(in->script.cmds[0].op_after, SH_OP_PIPE);
	assert_string_equal(in->script.cmds[1].name, "sh");
	df_model_script_locate(&M, 1, in->script.cmds[0].argv[2].offset,
			       &line, &col);
	assert_int_equal(line, 2);
	assert_int_equal(col, 39);                     /* localhost */
	in = &M.instrs[2];
	assert_int_equal(in->script_src, DF_SCRIPT_EXEC);
	assert_int_equal(in->script.ncmds, 2);
	assert_string_equal(in->script.cmds[0].argv[0].text, "su");
	assert_true(in->script.cmds[1].in_string);
	assert_int_equal(in->script.cmds[1].host, 0);
	assert_string_equal(in->script.cmds[1].name, "mysqladmin");
	df_model_script_locate(&M, 2, in->script.cmds[1].offset, &line, &col);
	assert_int_equal(line, 3);
	assert_int_equal(col, 38);                     /* inside the string */
	assert_int_equal(M.instrs[3].script_src, DF_SCRIPT_NONE);
	assert_int_equal(M.instrs[3].script.ncmds, 0);
	in = &M.instrs[4];
	assert_true(in->onbuild);
	assert_int_equal(in->script.ncmds, 1);
	assert_string_equal(in->script.cmds[0].name, "true");
	assert_int_equal(M.instrs[6].script.ncmds, 0);  /* powershell */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(stages_and_bases),
		cmocka_unit_test(stage_references),
		cmocka_unit_test(arg_and_env_scoping),
		cmocka_unit_test(inheritance_through_stages),
		cmocka_unit_test(user_and_workdir),
		cmocka_unit_test(run_scripts),
		cmocka_unit_test(mounts),
		cmocka_unit_test(assigns),
		cmocka_unit_test(bounds),
		cmocka_unit_test(export_only_stages),
		cmocka_unit_test(onbuild_triggers),
		cmocka_unit_test(healthcheck_scripts),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
