/* SPDX-License-Identifier: Apache-2.0
 *
 * mask.h - the report step that hides secret values: the one place every
 * finding passes through before any writer prints it.
 *
 * rpt_mask_findings() rewrites, in place, every text of every finding a
 * writer prints: the excerpt (snippet, and the whole line a long one was
 * cut from, f->line, masked once for all the findings sharing it), the
 * message, the finding's own fix text and the image history line
 * (created_by).  In each it hides:
 *  - what the secret engine finds in that text (sec_mask_find: token
 *    formats, private key blocks, generic assignments, URL passwords,
 *    NAME=value words judged secret);
 *  - in an excerpt of line L of file F: every hide of the list (struct
 *    bh_hide, finding.h) of F whose span covers L, whichever finding or
 *    rule recorded it, reported or not;
 *  - every occurrence of the text of a hide of F (a value a parser or a
 *    check knows is secret), in any of those texts.
 * Excerpts are masked character for character (their byte columns, the
 * caret and SARIF's column conversion stay right; writers cut the window
 * of a long line from the line masked whole, rpt_excerpt() in
 * rpt_util.h, so a secret across the window's edge is hidden as a
 * whole), messages with the
 * short form ("ghp_****", "https://user:****@host").  The result does not
 * depend on which rules ran: secret rules run for their hides even when
 * off (BH_RULE_HIDES), and hides survive every filter.
 *
 * The CLI calls it once per run, after all filtering and linking and
 * before the writer: cli_write_report() (src/cli/cli_common.c) for most
 * commands; `scan` calls it on parts of the sorted run cut at file
 * boundaries, one part per -j worker (mask_findings_jobs() in src/cli/
 * cmd_scan.c: a finding's masking depends on its own file's hides only),
 * then cli_write_masked().
 * Masking twice is harmless (nothing left to find).
 * rpt_mask_file() masks a whole file the same way, line by line
 * (`bulkhead explain`'s examples); rpt_mask_message() one text as a
 * finding's message (`bulkhead fix`'s notes).  Memory: old strings
 * are freed and replaced by heap copies owned by the findings.
 * Tests: tests/unit/report/test_mask.c, tests/suites/leaks.sh.
 */
#ifndef BH_RPT_MASK_H
#define BH_RPT_MASK_H

#include "../core/finding.h"
#include "../util/strbuf.h"

/* 0, or BH_ENOMEM (then some texts may still be unmasked: the caller
 * must not print the findings). */
int rpt_mask_findings(struct bh_findings *fs);

/* Appends text[0..len), the whole content of "file", to "out" with each
 * line masked as an excerpt of that line of that file is: what the secret
 * engine finds in the line or across lines (a private key block), the
 * hides of "file" in "fs" (may be NULL) that cover the line, and every
 * literal hide value of "fs", whatever its file (a companion file holding
 * a value the scan of another found).  Character for character; line
 * ends kept.  0, or BH_ENOMEM (then "out" must not be printed). */
int rpt_mask_file(const struct bh_findings *fs, const char *file,
		  const char *text, size_t len, struct strbuf *out);

/* Appends the NUL-terminated "text" to "out" masked as the message of a
 * finding of "file" is (short style: what the secret engine finds, and
 * every literal hide value of "file" in "fs", which may be NULL): for
 * text printed beside findings, such as `fix`'s notes on a refused or
 * defaulted edit, which may quote the file (a service or anchor name).
 * 0, or BH_ENOMEM (then "out" must not be printed). */
int rpt_mask_message(const struct bh_findings *fs, const char *file,
		     const char *text, struct strbuf *out);

#endif
