/* SPDX-License-Identifier: Apache-2.0
 *
 * scan.h - the per-input pipeline (scan.c): one entry scans one input of
 * any kind, or the -f Compose files merged, from the bytes on disk to its
 * findings; and the step every kind shares, rules then inline ignores.
 *
 * bh_scan_input() reads the input (bounded, util/io), tells its kind
 * (formats.c: by name and first bytes for a walked file, by name then
 * content for a named one, or forced), and hands it to that kind's front
 * end (scan_df.c, scan_compose.c, scan_k8s.c), which parses (src/parse),
 * builds the model (src/model), gathers its facts and calls
 * bh_scan_check(): the rules of its target run through the installed
 * rule set (check.h), each file's own inline pragmas drop what they
 * cover, and what is left, with every hide, is the input's.  The image
 * command builds its model in src/image and calls bh_scan_check() for
 * its checks.  What is not scanned says why (a BH_SKIP_* reason); what
 * cannot be read or parsed is an input error, one escaped line.
 * bh_scan_buffer() does the same for bytes in memory, reading nothing.
 *
 * Memory: inputs are borrowed for the call; a struct bh_scan_result owns
 * its findings, lists and strings until bh_scan_result_free().  A call
 * touches only its own input's state: calls for different inputs may
 * run in parallel threads (sec_init() first).
 * Tests: tests/unit/core/test_scan.c.
 */
#ifndef BH_SCAN_H
#define BH_SCAN_H

#include <stdbool.h>
#include <stddef.h>

#include "check.h"
#include "config.h"
#include "finding.h"
#include "formats.h"
#include "ignore.h"
#include "link.h"

/* One file of an input whose pragmas apply to the findings in it: the
 * input itself, or (Compose) each -f file and each file read for
 * extends:. */
struct bh_scan_unit {
	const char *path;              /* as reported: findings' file */
	const char *text;
	size_t len;
	ignore_unit_end_fn unit_end;   /* the block a pragma covers */
	void *unit_ctx;
	/* Dockerfile: its "# check=" directive (NULL: none) */
	const char *check;
	int check_line;
	ignore_in_text_fn in_text;     /* lines of values (unit_ctx), or NULL */
};

/* Runs the rules of "target" over the model set in "c" (c->out is
 * replaced by a list of the call's own), then for each of units[0..n)
 * (a path given twice counts once) keeps its findings that its pragmas
 * do not cover (all when cfg->no_inline_ignores) and appends them to
 * "out", in rule order; every hide is appended too, ignored or not.
 * With no unit (n 0: an image, no file holds pragmas) every finding is
 * kept; with one, every finding is its file's (moved, not copied).
 * Returns BH_OK, the first BH_E* a check met, or BH_ENOMEM. */
int bh_scan_check(struct bh_check *c, enum bh_target target,
		  const struct bh_scan_unit *units, size_t n,
		  struct bh_findings *out, struct bh_strlist *warnings);

/* One input as the command line lists it. */
struct bh_scan_input {
	const char *path;      /* as reported: the findings' file */
	const char *fs_path;   /* on disk; NULL: standard input */
	bool explicit;         /* named on the command line: read whole, its
				  kind told by name, then content; else a
				  walked file, whose first BH_SNIFF_BYTES
				  tell its kind or why it is skipped */
	const char *kind;      /* a format name forcing the kind of an
				  explicit input (--kind), or NULL */
	size_t max;            /* bytes read at most; 0: BH_MAX_INPUT */
	bool compose_only;     /* an input of another kind is skipped once
				  its kind is known (bh_scan_contexts()) */
	bool regular;          /* the caller's lister has just seen fs_path
				  as a regular file: read without a stat
				  first (io_read_listed()) */
};

/* An input error: one line, control characters escaped. */
struct bh_scan_error {
	char *file;            /* the input it is about, as reported */
	char *message;         /* "file:line:col: message" */
	bool unreadable;       /* the file could not be read (BH_EIO) */
	bool at_read;          /* met while reading, before any warning */
};

/* What scanning one input gave. */
struct bh_scan_result {
	const struct bh_format *fmt;  /* the kind that scanned it; NULL:
					 not scanned */
	const char *path;             /* the input the join knows it by
					 (merged: the first file read) */
	const char *fs_path;          /* borrowed from the input */
	size_t nscanned;              /* files read and scanned */
	const char *skipped;          /* not scanned: why (BH_SKIP_*) */
	char *detail;                 /* more about why, or NULL */
	struct bh_scan_error *errors; /* in the order met */
	size_t nerrors;
	struct bh_findings found;     /* kept findings and every hide */
	struct bh_strlist warnings;   /* "file:line: warning: ..." */
	struct bh_strlist extended;   /* real paths read for extends: */
	struct link_facts link;       /* what the join needs (link.h) */
	/* cfg->fix (`bulkhead fix`): the text scanned, which the edits in
	 * found.edits are offsets into (heap; NULL otherwise) */
	char *text;
	size_t text_len;
};

/* Scans one input into *out (zeroed first): read, detect its kind (a
 * walked file no kind takes, or one its kind turns down as not its own,
 * sets out->skipped), parse, model, facts, rules, ignores.  Returns
 * BH_OK when it was scanned or skipped, else the BH_E* of the error
 * recorded in out->errors (findings appended before it stay). */
int bh_scan_input(const struct bh_scan_input *in, const struct bh_config *cfg,
		  struct bh_scan_result *out);

/* Scans "len" bytes held in memory ("text", copied) as one input named
 * "path" (as reported; no file on disk: nothing is read, no build context
 * or kustomization is looked for; no .dockerignore, .env or extends:
 * file) of the kind named "kind" (bh_format_named(); NULL: told by name,
 * then content, as a file named on the command line).  `bulkhead serve
 * --admission` scans a request's object this way, `bulkhead explain`
 * its examples (to mask them with the hides this gives).  Same contract
 * as bh_scan_input(); more than BH_MAX_INPUT bytes is an input error. */
int bh_scan_buffer(const char *path, const char *kind, const char *text,
		   size_t len, const struct bh_config *cfg,
		   struct bh_scan_result *out);

/* Scans inputs[0..n) as one Compose project, later files overriding
 * (`docker compose -f a -f b`): each file is read whole (a file that
 * cannot be read is an error and left out), the rest are merged and
 * scanned.  Same contract as bh_scan_input(). */
int bh_scan_merged(const struct bh_scan_input *inputs, size_t n,
		   const struct bh_config *cfg, struct bh_scan_result *out);

/* Adds to "out" the build contexts the Compose input "in" names
 * (link_contexts_add(), link.h): a Compose file is scanned (its findings
 * dropped), another YAML or JSON file is only read far enough to tell,
 * a file of another name (unless --kind compose names it) and standard
 * input are not read.  The
 * command calls it for every input before the Dockerfiles are scanned
 * with cfg->contexts set.  0 or BH_ENOMEM. */
int bh_scan_contexts(const struct bh_scan_input *in, const struct bh_config *cfg,
		     struct bh_build_contexts *out);

void bh_scan_result_free(struct bh_scan_result *r);

#endif
