/* SPDX-License-Identifier: Apache-2.0
 *
 * rpt_util.h - helpers shared by the report writers (private to
 * src/report/; implemented in writers.c).
 *
 * Every string a writer emits may come from hostile input (file names,
 * Dockerfile lines, image history), so these helpers make it safe for the
 * target: valid UTF-8 for JSON/SARIF, no control bytes for a terminal.
 * Secret values are hidden before a writer runs (mask.h), not here.
 * Returned jansson values are new references owned by the caller; strings
 * built into a strbuf are owned by that strbuf.
 */
#ifndef BH_RPT_UTIL_H
#define BH_RPT_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <jansson.h>

#include "../core/finding.h"
#include "../rules/rule.h"
#include "../util/strbuf.h"
#include "writer.h"

/* A JSON string of "s" (NULL -> ""), invalid UTF-8 bytes replaced by
 * U+FFFD.  Returns NULL only when allocation fails. */
json_t *rpt_json_str(const char *s);

/* Appends "s" (NULL -> "") as a JSON string literal, quotes included:
 * '"', '\\' and control bytes escaped, invalid UTF-8 bytes replaced by
 * U+FFFD; the same text jansson would write for a valid string. */
void rpt_json_quote(struct strbuf *sb, const char *s);

/* Appends "s" to "sb" with every control character but tab and every
 * byte that is not UTF-8 written as diag_escape writes it ("\xHH"), so
 * input cannot drive the terminal: the same text as on stderr. */
void rpt_add_printable(struct strbuf *sb, const char *s);

/* The rule's fields with NULL-safe fallbacks ("" / "info"); a finding's
 * title is its row's title2 when a check2 raised it (BH_FINDING_SECOND:
 * "Container runs as root"), else the row's title. */
const char *rpt_rule_id(const struct bh_rule *r);
const char *rpt_finding_fix(const struct bh_finding *f);
const char *rpt_finding_title(const struct bh_finding *f);

/* The character at s[0..n) (n > 0): its length in bytes (1 for a byte
 * that does not start valid UTF-8, which then counts as one character),
 * and its code point in *cp (U+FFFD for an invalid byte). */
size_t rpt_utf8_char(const char *s, size_t n, unsigned *cp);

/* Terminal columns of code point "cp": 0 for combining marks and zero
 * width characters, 2 for East Asian wide and full-width characters and
 * emoji, else 1. */
int rpt_char_width(unsigned cp);

/* Excerpts: a source line longer than RPT_EXCERPT_MAX bytes is shown as
 * a window of at most RPT_EXCERPT_WINDOW bytes around the finding's
 * column (RPT_EXCERPT_BEFORE of them before it when the line has them),
 * cut at character boundaries, with a marker on each cut side.  The
 * window is cut from the line masked whole (mask.h), never masked alone,
 * so a secret across its edge shows no part of itself. */
#define RPT_EXCERPT_MAX 200
#define RPT_EXCERPT_WINDOW 160
#define RPT_EXCERPT_BEFORE 60

struct rpt_excerpt {
	const char *s;       /* the window: s[0..len) (not NUL-terminated) */
	size_t len;
	size_t off;          /* bytes of the line before s: the finding's
				byte column in the window is col - off */
	bool cut_left;       /* the line goes on before / after the window */
	bool cut_right;
};

/* The excerpt of "f": its whole line (f->line), else its snippet, cut to
 * the window above when long.  False when it has none. */
bool rpt_excerpt(const struct bh_finding *f, struct rpt_excerpt *x);

/* Appends s[0..n) (an excerpt of a line) with every byte of what
 * rpt_add_printable() escapes as one '?', so each byte keeps one column
 * (the caret below an excerpt points by column). */
void rpt_add_printable_n(struct strbuf *sb, const char *s, size_t n);

/* Per-severity counts of a run's findings, indexed by enum bh_severity. */
void rpt_count_severities(const struct bh_findings *fs, size_t counts[5]);

/* Whether the run reads files, so its report counts the files scanned,
 * skipped and unreadable (every command but `image`). */
bool rpt_counts_files(const struct rpt_run *run);

/* A finding's line hash: FNV-1a over its rule id, file and trimmed
 * (masked) source line (an image finding: its layer), so it survives the
 * line moving.  SARIF primaryLocationLineHash, GitLab fingerprints. */
uint64_t rpt_finding_hash(const struct bh_finding *f);

/* occ[i] = 1 + how many of hash[0..i) equal hash[i] (the occurrence of
 * that hash, in list order).  0 or BH_ENOMEM. */
int rpt_occurrences(const uint64_t *hash, size_t n, unsigned *occ);

/* Appends "s" (NULL -> nothing) as XML 1.0 text or attribute value:
 * &<>"' and tab/newline/CR escaped, other control bytes and non-XML
 * characters as '?', invalid UTF-8 bytes as U+FFFD. */
void rpt_xml_quote(struct strbuf *sb, const char *s);

/* Writes "s" (len bytes) to "out"; 0 or BH_EIO. */
int rpt_emit(FILE *out, const char *s, size_t len);

/* The findings formatted on run->jobs threads (writer.h): the run's
 * sorted list cut into parts of consecutive findings, each part's text
 * appended by fn() to its own buffer on a worker (fn() reads the findings
 * and the run, nothing else; "first": whether v[0] is the run's first
 * finding, for a separator), the parts written to "out" in order from
 * the caller's thread (src/util/pmap.h's done()), what the workers hold
 * ahead of the writes bounded by its window, whose buffers the next
 * parts reuse (a fresh one per part costs a page fault per 4 KiB).  The
 * caller writes what comes before the findings first and what comes
 * after them next, so the bytes are those of formatting all of them in
 * one pass.  -1 when
 * the run is not parted (jobs <= 1, fewer than 2 * RPT_PART_MIN
 * findings, no memory for the parts): the caller formats them itself;
 * else 0, BH_ENOMEM or BH_EIO (nothing more written after a failure). */
#define RPT_PART_MIN 128      /* findings of a part, at least */
#define RPT_PART_MAX 128      /* and at most (the buffers of the parts
				 * ahead of the writes: 4 x jobs of them) */
#define RPT_PART_BYTES 1024   /* bytes reserved per finding of a part */
typedef void (*rpt_part_fn)(const struct rpt_run *run,
			    const struct bh_finding *v, size_t n, bool first,
			    struct strbuf *out);
int rpt_write_parts(const struct rpt_run *run, rpt_part_fn fn, FILE *out);

/* Dumps "root" with 2-space indent, keys in insertion order, and a final
 * newline.  Does not take the reference.  0, BH_ENOMEM or BH_EIO. */
int rpt_emit_json(FILE *out, const json_t *root);

#endif
