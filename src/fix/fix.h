/* SPDX-License-Identifier: Apache-2.0
 *
 * fix.h - `bulkhead fix`'s engine: the text edits the rules' fix functions
 * made (struct bh_edit, core/finding.h) applied to one file, the unified
 * diff of the change, and writing it in place; a new file a fix proposes
 * (bh_edit's create) diffed from /dev/null and created.
 *
 * Layer: fix sits between rules and report (util <- ... <- rules <- fix <-
 * report <- cli); it knows nothing of formats or rules' meanings, only
 * byte ranges.  Edits are ordered by (start, end, rule id, order made),
 * but whole lines inserted at one point go deeper indented first (they
 * continue the nested block that ends there);
 * an edit overlapping one kept before it (an insertion strictly inside a
 * replaced range counts) is dropped and counted; an exact repeat of a
 * kept one (two fixes inserting the same line at one point) is dropped
 * as no conflict: the result never depends on the order rules ran in.
 * Insertions at one point are grouped by their heads (struct bh_edit's
 * head: leading lines of parent keys); of neighbours whose heads start
 * with the same whole lines, the later one's text loses those lines (in
 * place), so several rules adding keys under one missing parent
 * ("securityContext:") write it once.  Insertions into a flow mapping
 * (struct bh_edit's flow) whose heads open the same new parents
 * (", securityContext: {") are merged the same way into one parent:
 * ", securityContext: {a: 1, b: 2}".
 *
 * Memory: fix_apply() sorts the caller's array in place and returns the
 * fixed text on the heap (fix_result_free()); fix_diff() appends to a
 * strbuf the caller owns; fix_diff_hunks() also returns where each hunk
 * is (fix_hunks_free()), and fix_splice() applies a subset of the kept
 * edits (the hunks `fix --interactive` accepted).  Nothing here prints or exits.
 * Tests: tests/unit/fix/test_fix.c, tests/suites/fix.sh,
 * tests/suites/fix_interactive.sh, tests/suites/fix_corpus.sh,
 * fuzz/fuzz_fix.c.
 */
#ifndef BH_FIX_H
#define BH_FIX_H

#include <stdbool.h>
#include <stddef.h>

#include "../core/finding.h"
#include "../util/diag.h"
#include "../util/strbuf.h"

struct fix_result {
	char *text;        /* the fixed text (heap, NUL-terminated) */
	size_t len;
	size_t kept;       /* edits[0..kept) were applied, in order */
	size_t dropped;    /* edits[kept..kept+dropped) were dropped
			      (conflicts) */
	size_t repeats;    /* the rest, edits[kept+dropped..n): exact
			      repeats of kept edits, dropped */
};

/* Sorts edits[0..n) (all of one file, offsets into text[0..len)), keeps
 * those that do not conflict (moved to the front, in order) and applies
 * them.  An edit outside the text is dropped.  BH_OK or BH_ENOMEM. */
int fix_apply(const char *text, size_t len, struct bh_edit *edits, size_t n,
	      struct fix_result *out);
void fix_result_free(struct fix_result *r);

/* Appends the unified diff (3 lines of context, "--- a/PATH", "+++
 * b/PATH", `patch -p1` applies it from the current directory) turning
 * old[0..olen) into what the kept edits[0..n) (fix_apply's order) make
 * of it; nothing when n is 0.  With "mask", a line holding a secret
 * value (secrets/sec_mask_find) is printed masked (such a hunk no longer
 * applies, but no secret is printed).  BH_OK or BH_ENOMEM. */
int fix_diff(const char *path, const char *old, size_t olen,
	     const struct bh_edit *edits, size_t n, bool mask,
	     struct strbuf *out);

/* fix_diff() with "mask", hiding too in every line it prints the secret
 * values the scan recorded for "file" (hides[0..nhides), bh_findings'
 * hides of other files skipped): a hide's value when known, else the
 * bytes its span covers in old, line by line, as the report step hides
 * them (a password on a continuation line or in a YAML list item, which
 * the secret engine alone does not see on that line).  BH_OK or
 * BH_ENOMEM (nothing unmasked is printed). */
int fix_diff_hiding(const char *path, const char *old, size_t olen,
		    const struct bh_edit *edits, size_t n,
		    const struct bh_hide *hides, size_t nhides,
		    const char *file, struct strbuf *out);

/* The hunks of a diff (fix_diff_hunks()): hunk i is made by the kept
 * edits[e0..e1) (consecutive in fix_apply's order; the edits of one
 * hunk are never split) and printed as out->buf[at..at+len) (its "@@"
 * line and body, masked).  The "---"/"+++" lines are out->buf[head..
 * head+head_len). */
struct fix_hunk {
	size_t e0, e1, at, len;
};
struct fix_hunks {
	struct fix_hunk *v;   /* heap: fix_hunks_free() */
	size_t n;
	size_t head, head_len;
};

/* fix_diff_hiding() that also says where each hunk is and which edits
 * make it ("hk", filled when BH_OK; nothing when n is 0): for `fix
 * --interactive`, which shows hunks one by one and applies the edits of
 * the accepted ones (the real bytes, a masked hunk too).  BH_OK or
 * BH_ENOMEM. */
int fix_diff_hunks(const char *path, const char *old, size_t olen,
		   const struct bh_edit *edits, size_t n,
		   const struct bh_hide *hides, size_t nhides,
		   const char *file, struct strbuf *out, struct fix_hunks *hk);
void fix_hunks_free(struct fix_hunks *hk);

/* Applies edits[0..n) (sorted and free of conflicts: a subset, in order,
 * of what fix_apply() kept) to text[0..len), without ordering or
 * dropping anything: the fixed text on the heap in *out, *out_len.
 * BH_OK, BH_ENOMEM, or BH_EUSAGE (edits not sorted and apart). */
int fix_splice(const char *text, size_t len, const struct bh_edit *edits,
	       size_t n, char **out, size_t *out_len);

/* Appends s[0..n) to out with every secret value the secret engine finds
 * in it (sec_mask_find) masked; out->failed on allocation failure. */
void fix_mask(struct strbuf *out, const char *s, size_t n);

/* Replaces the file at "fs_path" (a symbolic link: its target) with
 * new[0..nlen) atomically: a temporary file in the same directory,
 * the old file's mode, owner and group, fsync, rename.  Refuses (BH_EIO,
 * the cause in "d") a file whose content is no longer old[0..olen) (it
 * changed since it was read, or the path names another file by the
 * rename), one with more than one hard link, a read-only one (no write
 * bit, or not writable by this user), and one whose owner cannot be
 * kept. */
int fix_write(const char *fs_path, const char *old, size_t olen,
	      const char *new_text, size_t nlen, struct diag *d);

/* Appends the diff creating "path" with text[0..len) ("--- /dev/null",
 * "+++ b/PATH", one hunk of added lines, masked as fix_diff() masks).
 * BH_OK or BH_ENOMEM. */
int fix_diff_create(const char *path, const char *text, size_t len,
		    struct strbuf *out);

/* Creates the file "fs_path" holding text[0..len), mode 0644, atomically
 * and never over an existing file: a temporary file in the same
 * directory, fsync, link() to the name (which fails when the name
 * exists), the temporary name removed.  BH_EIO with the cause in "d":
 * the name exists (a file, a link, anything), or it cannot be written. */
int fix_create(const char *fs_path, const char *text, size_t len,
	       struct diag *d);

#endif
