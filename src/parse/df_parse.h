/* SPDX-License-Identifier: Apache-2.0
 *
 * df_parse.h - the Dockerfile syntax tree, as BuildKit's parser builds it.
 *
 * df_parse() reads the bytes of one Dockerfile (UTF-8 BOM and CRLF
 * accepted) and fills a struct df_file whose every string and array lives in
 * the caller's arena.  It understands parser directives (syntax, escape,
 * check), line continuations with the escape character, comment and empty
 * lines inside continuations, JSON (exec) and shell forms, flags, heredocs
 * and ONBUILD.  What it accepts and rejects is BuildKit's
 * (frontend/dockerfile/parser); df_dump() prints the tree in BuildKit's
 * Node.Dump() format, which the conformance suite compares byte for byte.
 *
 * Positions: lines and columns are 1-based; columns count bytes (on line 1
 * after a UTF-8 BOM, which is dropped).
 *
 * Memory: df_parse() allocates every string and array of the tree from
 * the caller's arena and never frees; arena_free() releases it all.  Text
 * may contain NUL bytes (BuildKit accepts them, JSON "\u0000" makes them),
 * so every string also has a length; the C string is cut at the first NUL.
 * df_dump() appends to a strbuf the caller owns.
 *
 * Limits (hostile input):
 *  - a physical line longer than DF_MAX_LINE bytes is an error, as in
 *    BuildKit (bufio.Scanner's 64 KiB token);
 *  - the input itself is bounded by the reader (BH_MAX_INPUT in util/io.h)
 *    and the tree by the arena cap; hitting the cap is BH_ELIMIT;
 *  - ONBUILD may nest DF_MAX_ONBUILD_DEPTH deep (BuildKit's parser accepts
 *    any depth, its next stage rejects any nesting);
 *  - JSON arrays nest at most 10000 deep, as Go's encoding/json: deeper
 *    text is not JSON (shell form), exactly as in BuildKit;
 *  - variable substitutions inside a heredoc word nest DF_MAX_SUBST_DEPTH
 *    deep; deeper ones make the line's words invalid (no heredoc), where
 *    BuildKit would recurse further.
 * Nothing recurses without a bound: ONBUILD and JSON are loops, the
 * ${...} lexer recursion stops at DF_MAX_SUBST_DEPTH.  The tree takes
 * about 3x the input for real Dockerfiles (a few hundred bytes per
 * instruction plus the joined text), so inputs of nothing but tiny
 * instructions reach the arena cap first.
 */
#ifndef BH_DF_PARSE_H
#define BH_DF_PARSE_H

#include <stdbool.h>
#include <stddef.h>

#include "../util/arena.h"
#include "../util/diag.h"
#include "../util/strbuf.h"

#define DF_MAX_LINE 65535          /* bytes per physical line, '\n' excluded */
#define DF_MAX_ONBUILD_DEPTH 16
/* DF_MAX_SUBST_DEPTH: the shell lexer's bound, df_lex.h */

/* Maps a byte offset in a joined instruction text back to the source:
 * text[offset ...] starts at (line, col) and runs on that line. */
struct df_segment {
	size_t offset;
	int line;
	int col;
};

struct df_heredoc {
	const char *name;     /* delimiter word, quotes removed */
	size_t name_len;
	const char *content;  /* body: the source lines as read, each with its
				 own line ending (CRLF kept); the last one
				 lacks it only at end of file */
	size_t content_len;
	bool expand;          /* unquoted delimiter: variables expand */
	bool chomp;           /* <<- : leading tabs stripped */
	int fd;               /* 3<<EOF gives 3; -1 when absent */
	int line;             /* line of the first body line */
	int end_line;         /* line of the terminator */
};

struct df_flag {
	const char *text;     /* as BuildKit keeps it, e.g. "--from=build":
				 quotes removed, escapes applied */
	size_t len;           /* of text */
	const char *name;     /* "from" */
	const char *value;    /* "build"; NULL for a bare "--link" */
	int line;             /* of the flag's first "-" */
	int col;
};

struct df_word {
	const char *text;     /* an argument exactly as Dump prints it */
	size_t len;           /* of text */
	int line;             /* where the argument starts in the source (for
				 a JSON string: its opening quote; for the
				 "" separator of "ENV key value": the value) */
	int col;
};

/* The instruction keywords the parser knows, in df_node.kw (the rules
 * test a node's keyword by it: df_rule_util.h's dfr_kw()). */
enum df_kw {
	DF_KW_UNKNOWN,  /* another word, or a node df_parse() did not make */
	DF_KW_ADD, DF_KW_ARG, DF_KW_CMD, DF_KW_COPY, DF_KW_ENTRYPOINT,
	DF_KW_ENV, DF_KW_EXPOSE, DF_KW_FROM, DF_KW_HEALTHCHECK, DF_KW_LABEL,
	DF_KW_MAINTAINER, DF_KW_ONBUILD, DF_KW_RUN, DF_KW_SHELL,
	DF_KW_STOPSIGNAL, DF_KW_USER, DF_KW_VOLUME, DF_KW_WORKDIR,
};

/* The df_kw of keyword k written as a string literal, folded by the
 * compiler (no call at run time); DF_KW_UNKNOWN for another word. */
__attribute__((always_inline))
static inline enum df_kw df_kw_id(const char *k)
{
#define DF_KW_(s, id) !__builtin_strcmp(k, s) ? id :
	return DF_KW_("run", DF_KW_RUN) DF_KW_("from", DF_KW_FROM)
	       DF_KW_("copy", DF_KW_COPY) DF_KW_("add", DF_KW_ADD)
	       DF_KW_("env", DF_KW_ENV) DF_KW_("arg", DF_KW_ARG)
	       DF_KW_("cmd", DF_KW_CMD) DF_KW_("entrypoint", DF_KW_ENTRYPOINT)
	       DF_KW_("user", DF_KW_USER) DF_KW_("workdir", DF_KW_WORKDIR)
	       DF_KW_("label", DF_KW_LABEL) DF_KW_("expose", DF_KW_EXPOSE)
	       DF_KW_("healthcheck", DF_KW_HEALTHCHECK)
	       DF_KW_("onbuild", DF_KW_ONBUILD) DF_KW_("shell", DF_KW_SHELL)
	       DF_KW_("volume", DF_KW_VOLUME)
	       DF_KW_("stopsignal", DF_KW_STOPSIGNAL)
	       DF_KW_("maintainer", DF_KW_MAINTAINER) DF_KW_UNKNOWN;
#undef DF_KW_
}

/* df_kw_id(k) when k is a string literal, else DF_KW_UNKNOWN (then a
 * keyword test compares the text). */
#define DF_KW_OF(k) \
	(__builtin_constant_p(k) ? df_kw_id(k) : DF_KW_UNKNOWN)

struct df_node {
	const char *keyword;       /* lower case: "run", "from", "onbuild"... */
	enum df_kw kw;             /* which, when a known one */
	const char *keyword_raw;   /* as written: "Run" */
	size_t keyword_len;        /* of keyword (unknown words may hold NUL) */
	int line;                  /* of the keyword */
	int col;
	int end_line;              /* last source line, heredoc bodies included
				      (ONBUILD's inner nodes share it) */
	struct df_flag *flags;
	size_t nflags;
	struct df_word *args;      /* the arguments as Dump prints them */
	size_t nargs;
	bool json_form;            /* arguments came from a JSON array */
	/* Text after keyword and flags, continuations joined (escape+newline
	 * removed, comment lines dropped), quotes kept as written, trimmed.
	 * For ONBUILD it is the inner instruction's text. */
	const char *rest;
	size_t rest_len;
	struct df_segment *segs;   /* sorted by offset; segs[0].offset == 0 */
	size_t nsegs;
	struct df_heredoc *heredocs; /* on the top node, also for ONBUILD RUN */
	size_t nheredocs;
	struct df_node *onbuild;   /* ONBUILD's inner instruction, else NULL */
	const char *original;      /* whole instruction, keyword included,
				      continuations joined */
	size_t original_len;
};

struct df_warning {
	int line;                  /* of the (first) empty continuation line */
	const char *message;
};

struct df_file {
	struct df_node *nodes;
	size_t nnodes;
	char escape;               /* '\\' or '`' */
	const char *syntax;        /* value of "# syntax=" or NULL */
	const char *check;         /* value of "# check=" or NULL */
	int check_line;            /* its line, 0 when there is none */
	struct df_warning *warnings; /* e.g. empty continuation lines */
	size_t nwarnings;
	int nlines;
};

/* Parse "text" (len bytes; need not be NUL-terminated).  Returns BH_OK, or
 * BH_EPARSE / BH_ELIMIT with the cause recorded in "d" (file:line). */
int df_parse(const char *text, size_t len, struct arena *a, struct df_file *out,
	     struct diag *d);

/* Whether word[0..len) is a Dockerfile instruction keyword (any case). */
bool df_is_instruction(const char *word, size_t len);

/* Append BuildKit's Dump() of every node, one per line, to "out". */
void df_dump(const struct df_file *f, struct strbuf *out);

/* Append the Dump() line of one node ("(run \"x\")\n"), so that callers
 * can stream big trees. */
void df_dump_node(const struct df_node *n, struct strbuf *out);

/* Source position of byte "offset" of n->rest (offsets past the end map
 * to just after the last byte). */
void df_locate(const struct df_node *n, size_t offset, int *line, int *col);

/* Value of a flag ("from" for --from=x) or NULL; *present tells whether the
 * flag was given at all (for bare flags).  With repeated flags (--mount)
 * the first one answers; walk n->flags for all of them. */
const char *df_flag_value(const struct df_node *n, const char *name,
			  bool *present);

#endif
