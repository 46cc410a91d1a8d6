/* SPDX-License-Identifier: Apache-2.0
 *
 * formats.h - the input formats bulkhead scans, as one table.
 *
 * A format is named, recognised by file name (when walking directories) and
 * by content (when a file is named on the command line), and scanned: read,
 * parse, model, run its rules, append findings.  Adding a format is one
 * struct bh_format in its own file and one line in formats.c.
 */
#ifndef BH_FORMATS_H
#define BH_FORMATS_H

#include <stdbool.h>
#include <stddef.h>

#include "../core/config.h"
#include "../core/finding.h"
#include "../util/diag.h"

struct bh_input {
	const char *path;      /* as reported (relative to the scanned root) */
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
	struct bh_strlist *warnings; /* "file:line: warning: ..." lines (an
				      * unknown id in a pragma); may be NULL */
};

struct bh_format {
	const char *name;                       /* "dockerfile", "compose", ... */
	bool (*match_name)(const char *basename);
	/* 0..100: how sure the content is of this format (explicit files). */
	int (*sniff)(const char *text, size_t len);
	/* Returns BH_OK, or BH_E* with the cause in ctx->diag (findings already
	 * appended stay). */
	int (*scan)(const struct bh_input *in, struct bh_scan_ctx *ctx);
};

size_t bh_format_count(void);
const struct bh_format *bh_format_at(size_t i);
const struct bh_format *bh_format_named(const char *name);
/* The format a directory walk picks for "basename", or NULL. */
const struct bh_format *bh_format_for_name(const char *basename);
/* The format for an explicitly named file: by name first, else content. */
const struct bh_format *bh_format_detect(const char *basename,
					 const char *text, size_t len);

#endif
