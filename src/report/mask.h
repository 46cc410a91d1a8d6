/* SPDX-License-Identifier: Apache-2.0
 *
 * mask.h - the report step that hides secret values: the one place every
 * finding passes through before any writer prints it.
 *
 * rpt_mask_findings() rewrites, in place, every text of every finding a
 * writer prints: the excerpt (snippet), the message, the finding's own fix
 * text and the image history line (created_by).  In each it hides:
 *  - what the secret engine finds in that text (sec_mask_find: token
 *    formats, private key blocks, generic assignments, URL passwords,
 *    NAME=value words judged secret);
 *  - in an excerpt of line L of file F: every hide of the list (struct
 *    bh_hide, finding.h) of F whose span covers L, whichever finding or
 *    rule recorded it, reported or not;
 *  - every occurrence of the text of a hide of F (a value a parser or a
 *    check knows is secret), in any of those texts.
 * Excerpts are masked character for character (their byte columns, the
 * caret and SARIF's column conversion stay right), messages with the
 * short form ("ghp_****", "https://user:****@host").  The result does not
 * depend on which rules ran: secret rules run for their hides even when
 * off (BH_RULE_HIDES), and hides survive every filter.
 *
 * The CLI calls it once per run, in cli_write_report() (src/cli/
 * cli_common.c), after all filtering and linking and before the writer.
 * Masking twice is harmless (nothing left to find).  Memory: old strings
 * are freed and replaced by heap copies owned by the findings.
 * Tests: tests/unit/report/test_mask.c, tests/suites/leaks.sh.
 */
#ifndef BH_RPT_MASK_H
#define BH_RPT_MASK_H

#include "../core/finding.h"

/* 0, or BH_ENOMEM (then some texts may still be unmasked: the caller
 * must not print the findings). */
int rpt_mask_findings(struct bh_findings *fs);

#endif
