/* SPDX-License-Identifier: Apache-2.0
 *
 * finding.h - what a check reports, and the list that collects them.
 *
 * A finding copies every string it keeps onto the heap (strdup), so it
 * outlives the per-file arena it was raised from; only "line", the whole
 * of a long source line, is held once by the list and shared by the
 * findings on it (bh_findings_line), and so is "file", the path, shared
 * by the list's findings of one file (an input's findings all name it:
 * one copy, not one per finding).  bh_findings_free() releases them.  Lines and columns are 1-based and count bytes (of the
 * source line, whatever the format); end_column is exclusive (SARIF's
 * convention).  0 means "not known".
 *
 * Two spans: "span" is where a finding points (for a secret under a key,
 * the key), "hide" is the secret value it reports (the value; the same
 * span when the finding points at the value).  Every hide is also kept in
 * the list's "hides", with those of findings that are never reported (an
 * ignored rule runs for its hides only, an inline ignore or --severity
 * drops the finding, not its hide), so the report step
 * (src/report/mask.c) masks a value wherever it shows, whichever finding
 * shows it.
 */
#ifndef BH_FINDING_H
#define BH_FINDING_H

#include <stdbool.h>
#include <stddef.h>

#include "../util/span.h"

struct bh_rule;

/* Finding flags. */
#define BH_FINDING_FAILS 0x1u  /* fails the run whatever the threshold (a
				* Dockerfile's "# check=error=true") */
#define BH_FINDING_PASSES 0x2u /* reported, but under the run's gate: it
				* does not fail the run (`bulkhead vuln`
				* with --threshold or policy.max-severity);
				* writers mark it in their own terms (JUnit
				* passed, GitLab/Checkstyle info, Sonar LOW) */
#define BH_FINDING_SECOND 0x4u /* raised by its row's check2, on the
				* row's second input (check.h: target2): the
				* row's title2 names it */

struct bh_finding {
	const struct bh_rule *rule;
	enum bh_severity severity;   /* the rule's, after config overrides */
	unsigned flags;              /* BH_FINDING_* */
	char *file;                  /* path as reported: held by the list
					(its "files"), shared by its findings
					of that file */
	struct bh_span span;         /* where it points */
	struct bh_span hide;         /* the secret value it reports; line 0:
					none, or not in a text (image) */
	char *message;
	char *fix;                   /* NULL: the rule's fix text applies */
	char *layer_digest;          /* image findings only, else NULL */
	char *created_by;            /* image findings only, else NULL */
	char *snippet;               /* the source line (its first 511
					bytes, cut at a blank, when longer) */
	char *line;                  /* the whole source line when "snippet"
					was cut from it, else NULL: held by
					the list (its "lines"), shared by the
					list's findings on that line; the
					report step masks it in place (same
					length) and writers show a window of
					it around the column */
};

/* A secret value the report step must hide (see above). */
struct bh_hide {
	char *file;                  /* path as reported */
	struct bh_span span;         /* where it is; line 0: no place (an
					image's config or history) */
	char *value;                 /* its text when known, else NULL */
};

/* A fix's text edit (`bulkhead fix`): bytes [start, end) of the text of
 * "file" become "text" (start == end: an insertion).  Made by a rule's
 * fix function (its row's fix_fn) for one of its findings; src/fix
 * applies, orders and prints them.  Strings are heap copies. */
struct bh_edit {
	const struct bh_rule *rule;
	char *file;                  /* path as reported */
	size_t start;                /* byte offsets into the input's text */
	size_t end;
	char *text;                  /* the replacement */
	int line;                    /* of "start", 1-based */
	int col;
	char *note;                  /* the default the edit chose ("USER
					10001: fix.uid"), or NULL */
	unsigned seq;                /* order made within the input */
	unsigned fix_id;             /* the fix (one finding's fix_fn run)
					that made it, from 1, unique in
					the run; 0: not known.  Edits of one
					fix are accepted or refused as one
					(`fix --interactive`) */
	size_t head;                 /* text[0..head): whole lines of parent
					keys ("securityContext:\n") other
					insertions at this point may share:
					src/fix writes a shared leading line
					once (fix.h) */
	size_t tail;                 /* a flow insertion (flow != 0): the
					text's last "tail" bytes close what
					its head opened ("}", "}, ", "},\n") */
	unsigned char flow;          /* an insertion into a flow mapping:
					"head" is its new parents' openings
					(", securityContext: {"), merged with
					the same ones of other insertions at
					this point into one parent (fix.h);
					2: into an empty "{}", its leading
					", " dropped when first there */
	char *create;                /* non-NULL: not an edit of "file" but a
					new file, this path from the directory
					of "file" (".dockerignore",
					"../.dockerignore"), holding
					"text" (start == end == 0); never
					written over an existing file */
	bool append;                 /* with "create": that file exists (a
					.dockerignore the scan read) and
					"text" is added at its end */
	char *old;                   /* with "append": the file's bytes as
					the scan read them, old_len long
					(heap): it is edited only when they
					are still its content */
	size_t old_len;
	bool refused;                /* not an edit: the fix of the finding
					at line/col was not made, "note"
					says why (bh_fix_refuse()); `fix`
					names it on stderr, src/fix never
					sees it */
};

struct bh_edits {
	struct bh_edit *v;
	size_t n;
	size_t cap;
};

struct bh_findings {
	struct bh_finding *v;
	size_t n;
	size_t cap;
	struct bh_hide *hides;       /* kept whatever happens to v */
	size_t nhides;
	size_t caphides;
	struct bh_edits edits;       /* `bulkhead fix`: the kept findings'
					fixes (moved with the findings) */
	char **lines;                /* the findings' whole long lines, each
					held once (bh_findings_line) */
	size_t nlines;
	size_t caplines;
	char **files;                /* the findings' paths ("file"), each
					held once for a run of findings of
					one file (bh_findings_add) */
	size_t nfiles;
	size_t capfiles;
};

const char *bh_severity_name(enum bh_severity s);
/* 0 and *out set when "name" is a severity name, else -1. */
int bh_severity_parse(const char *name, enum bh_severity *out);

/* Appends a copy of "f" (strings duplicated; f->line shared when the list
 * already holds it, else copied into its lines).  0 or BH_ENOMEM. */
int bh_findings_add(struct bh_findings *list, const struct bh_finding *f);
/* A copy of text[0..len) held by the list (freed with it, moved with its
 * findings), for findings' "line"; NULL when allocation fails. */
char *bh_findings_line(struct bh_findings *list, const char *text,
		       size_t len);
/* Whether "line" is one of the list's held lines (compared by address,
 * never read). */
bool bh_findings_holds_line(const struct bh_findings *list,
			    const char *line);
void bh_findings_remove(struct bh_findings *list, size_t index);
/* Keeps, in order, the findings from index "first" on for which
 * keep(f, ctx) is true and frees the others: one pass, where removing
 * them one by one would move the tail each time. */
void bh_findings_keep(struct bh_findings *list, size_t first,
		      bool (*keep)(const struct bh_finding *f, void *ctx),
		      void *ctx);
/* Moves every finding and hide of "src" to the end of "dst" (no copies)
 * and leaves "src" empty and freed.  On allocation failure what was not
 * moved stays in src and BH_ENOMEM is returned. */
int bh_findings_take(struct bh_findings *dst, struct bh_findings *src);
/* Records a secret value to hide: "file" and "value[0..vlen)" are copied
 * ("value" may be NULL).  A repeat of one of the last hides is dropped.
 * 0 or BH_ENOMEM. */
int bh_findings_hide(struct bh_findings *list, const char *file,
		     struct bh_span span, const char *value, size_t vlen);
/* Moves only the hides of "src" to "dst" (src's findings stay).  0 or
 * BH_ENOMEM (then they stay in src). */
int bh_findings_take_hides(struct bh_findings *dst, struct bh_findings *src);
/* Appends a copy of edit "e" (strings duplicated).  0 or BH_ENOMEM. */
int bh_edits_add(struct bh_edits *list, const struct bh_edit *e);
/* Moves every edit of "src" to the end of "dst".  0 or BH_ENOMEM (then
 * they stay in src). */
int bh_edits_take(struct bh_edits *dst, struct bh_edits *src);
void bh_edits_free(struct bh_edits *list);
/* Sort by file, line, column, rule id. */
void bh_findings_sort(struct bh_findings *list);
/* Gives back the room of "list" past its findings (a list kept until the
 * report, one per input, holds no slack of its doubling). */
void bh_findings_fit(struct bh_findings *list);
void bh_findings_free(struct bh_findings *list);

#endif
