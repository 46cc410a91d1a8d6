/* SPDX-License-Identifier: Apache-2.0
 *
 * formats.h - the input formats bulkhead scans, as one table.
 *
 * A format is named, recognised by file name and content, and scanned:
 * read, parse, model, run its rules, append findings.  Adding a format is
 * one struct bh_format in its own file and one line in formats.c.
 *
 * A directory walk asks walk_name() of every file name: a name a format
 * claims (Dockerfile, compose.yaml) is read and scanned unless the
 * format's refuse() says its content is not of the format (a
 * Dockerfile.j2 template); a name several formats may hold (*.yaml,
 * *.json) is decided by sniff() on the file's first BH_SNIFF_BYTES; a
 * name known to be another tool's file (Chart.yaml) is skipped unread.
 * What is not scanned is skipped with a reason (the BH_SKIP_* strings),
 * never in silence.
 */
#ifndef BH_FORMATS_H
#define BH_FORMATS_H

#include <stdbool.h>
#include <stddef.h>

#include "config.h"
#include "finding.h"
#include "../util/diag.h"

struct link_facts;

struct bh_input {
	const char *path;      /* as reported: relative to the current
				  directory, or absolute (as named) */
	const char *fs_path;   /* on disk, or NULL for stdin */
	const char *text;      /* whole input, NUL-terminated */
	size_t len;
	bool explicit;        /* named on the command line (not found by a
				  directory walk): formats report what they
				  would silently skip in a walk */
};

struct bh_scan_ctx {
	const struct bh_config *config;
	struct bh_findings *out;
	struct diag *diag;     /* an input error is recorded here */
	const char *skipped;   /* set (a BH_SKIP_* string) when a format
				  finds a walked file is not its to audit */
	struct bh_strlist *extended; /* when set, a Compose scan adds the
				  real path of every file it read for
				  extends: (audited through this input) */
	struct bh_strlist *warnings; /* "file:line: warning: ..." lines (an
				      * unknown id in a pragma); may be NULL */
	/* An error in a file beside the input (its .dockerignore) names
	 * it: diag->file then points here, valid as long as the ctx. */
	char diag_file[4096];
	/* when set, what the Compose <-> Dockerfile join needs from the
	 * model built (src/core/link.h); the caller frees it */
	struct link_facts *link;
};

/* Why a file found by a directory walk was not scanned (static strings,
 * also the keys of the report's skip counts). */
#define BH_SKIP_NOT_DOCKERFILE "not a Dockerfile"
#define BH_SKIP_OTHER_YAML "YAML that is not Compose or Kubernetes"
#define BH_SKIP_OTHER_JSON "JSON that is not a Kubernetes manifest"
#define BH_SKIP_TEMPLATE "unrendered template"
#define BH_SKIP_TOOL_CONFIG "another tool's configuration"

/* How much of a walked file is read to tell its kind. */
#define BH_SNIFF_BYTES ((size_t)64 << 10)

/* walk_name() answers. */
enum bh_walk_name {
	BH_WALK_NO = 0,    /* not this format's name */
	BH_WALK_SNIFF,     /* may be: the content decides (*.yaml, *.json) */
	BH_WALK_CLAIM,     /* this format's name (refuse() may still say no) */
	BH_WALK_NEVER,     /* another tool's file by name: skipped unread */
};

struct bh_format {
	const char *name;                       /* "dockerfile", "compose", ... */
	bool (*match_name)(const char *basename);
	/* 0..100: how sure the content is of this format. */
	int (*sniff)(const char *text, size_t len);
	/* Directory walk, by base name (NULL: BH_WALK_NO). */
	enum bh_walk_name (*walk_name)(const char *basename);
	/* For a file this format claims by name: why its content is not of
	 * this format (a BH_SKIP_* string, with a detail that never quotes
	 * the content written to why[0..n)), or NULL.  May be NULL. */
	const char *(*refuse)(const char *text, size_t len, char *why,
			      size_t n);
	/* Returns BH_OK, or BH_E* with the cause in ctx->diag (findings already
	 * appended stay). */
	int (*scan)(const struct bh_input *in, struct bh_scan_ctx *ctx);
	/* Several files as one project, later ones overriding (Compose's
	 * -f a -f b); NULL: the format has no such thing. */
	int (*scan_merged)(const struct bh_input *in, size_t n,
			   struct bh_scan_ctx *ctx);
};

size_t bh_format_count(void);
const struct bh_format *bh_format_at(size_t i);
const struct bh_format *bh_format_named(const char *name);
/* The format a directory walk picks for "basename", or NULL. */
const struct bh_format *bh_format_for_name(const char *basename);
/* The format for an explicitly named file: by name first, else content.
 * NULL when none fits, with the cause in why[0..n) ("not a Dockerfile:
 * line 1 is not a Dockerfile instruction"; "" when nothing at all is
 * known). */
const struct bh_format *bh_format_detect(const char *basename,
					 const char *text, size_t len,
					 char *why, size_t n);

/* Directory walk, step 1, by base name: 0 ignore the file (not counted),
 * 1 read its head for bh_format_walk_pick(), -1 skip it unread with
 * *reason (a BH_SKIP_* string). */
int bh_format_walk_name(const char *basename, const char **reason);
/* Step 2, by content: the format that scans the file whose first bytes
 * are head[0..len) (the whole file, or its first BH_SNIFF_BYTES), or
 * NULL with *reason (BH_SKIP_*) and a detail in why[0..n). */
const struct bh_format *bh_format_walk_pick(const char *basename,
					    const char *head, size_t len,
					    const char **reason, char *why,
					    size_t n);

#endif
