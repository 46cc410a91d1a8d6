/* SPDX-License-Identifier: Apache-2.0
 *
 * ignore.h - inline ignore pragmas, applied once after all checks ran.
 *
 * Recognised comments (a line whose first non-blank character is '#'):
 *   # bulkhead ignore=BH1001,BH1002     the next instruction / key
 *   # hadolint ignore=DL3008            mapped to the equivalent rules
 *   # trivy:ignore:DS-0002              mapped likewise (also DS002,
 *                                       AVD-DS-0002, KSV001, ...)
 *   # checkov:skip=CKV_DOCKER_3:reason  mapped likewise
 *   # bulkhead global ignore=BH1001     the whole file
 *   # hadolint global ignore=DL3008     the whole file
 * A reason may follow after a second '#'.  "The next instruction" is the
 * next line that is neither blank nor a comment, through the end line the
 * caller's "unit_end" callback gives (a Dockerfile instruction spans its
 * continuation lines).  An id that names no rule is a warning, unless it
 * is a real id of the peer tool that bulkhead has no rule for (hadolint's
 * DL3059, ShellCheck's SC2086: bh_peer_id_known), which is correct for
 * that tool and simply has no effect here.
 *
 * A Dockerfile's BuildKit "# check=" parser directive is applied here too
 * (ignore_check_directive), and `bulkhead secrets` asks
 * ignore_secret_allowed() about each match.
 *
 * Warnings are appended to a caller's string list as one line each,
 * "file:line: warning: ..." (heap copies the list owns); NULL drops them.
 */
#ifndef BH_IGNORE_H
#define BH_IGNORE_H

#include <stdbool.h>
#include <stddef.h>

#include "../parse/yml.h"
#include "../util/arena.h"
#include "config.h"
#include "finding.h"

/* Last line of the unit (instruction, YAML key) starting at "line". */
typedef int (*ignore_unit_end_fn)(void *ctx, int line);

/* Whether "line" lies inside a value's text (a Dockerfile heredoc body,
 * a YAML block scalar or a quoted scalar over several lines), where a
 * line starting with '#' is content, not a comment: it is neither a
 * pragma nor skipped as a comment.  When it does, *first is the value's
 * first line and *block says it is a YAML block scalar, whose end is
 * known only as the next token's place: ignore_apply() then keeps as
 * comments the lines indented less than the block's first non-blank
 * line.  Asked only about lines that look like comments, so an
 * implementation may build its answer lazily. */
typedef bool (*ignore_in_text_fn)(void *ctx, int line, int *first,
				  bool *block);

/* Remove from list->v[first..] the findings that an inline pragma in
 * "text" (the input "file") suppresses.  "unit_end" and "in_text" (each
 * may be NULL) get "ctx". */
void ignore_apply(const char *file, const char *text, size_t len,
		  struct bh_findings *list, size_t first,
		  ignore_unit_end_fn unit_end, ignore_in_text_fn in_text,
		  void *ctx, struct bh_strlist *warnings);

/* Lines inside values, gathered from parse trees by the front ends for
 * their ignore_in_text_fn: spans [lo, hi] of file index "file" (a YAML
 * node's yml_limits.file; 0 for a one-file input).  Memory from the
 * caller's arena (nothing to free); an allocation failure leaves the set
 * shorter (those lines are read as comments, as before). */
struct ignore_text_lines {
	struct arena *a;
	struct ignore_text_span { int file, lo, hi; bool block; } *v;
	size_t n, cap;
	bool sorted;
};

void ignore_text_lines_init(struct ignore_text_lines *t, struct arena *a);
void ignore_text_lines_add(struct ignore_text_lines *t, int file, int lo,
			   int hi, bool block);
/* Every scalar of tree "root" written over several lines: its lines
 * after the first (node lines + "off"), under the node's own file index
 * when "by_file", else 0.  Iterative, visits bounded (a tree sharing
 * aliased nodes is not walked past YML's node budget). */
void ignore_text_lines_yaml(struct ignore_text_lines *t,
			    const struct yml_node *root, int off, bool by_file);
/* Whether a span holds "line"; its first line and kind, as
 * ignore_in_text_fn gives them. */
bool ignore_text_lines_has(struct ignore_text_lines *t, int file, int line,
			   int *first, bool *block);

/* A Dockerfile's "# check=<value>" directive (at "line"), as BuildKit reads
 * it: "skip=Name[,Name...]" or "skip=all" and "error=<bool>", separated
 * by ';'.  Findings from list->v[first..] of rules that map to a skipped
 * BuildKit check ("BuildKit:<Name>" in the rule's peer list) are dropped
 * (only when "skip_allowed": --disable-ignore-pragma turns skipping off);
 * with error=true the remaining ones get BH_FINDING_FAILS.  A malformed
 * option or a name BuildKit does not have is a warning. */
void ignore_check_directive(const char *file, const char *check, int line,
			    bool skip_allowed, struct bh_findings *list,
			    size_t first, struct bh_strlist *warnings);

/* Whether "name" is one of BuildKit's build check names (case matters,
 * as in BuildKit). */
bool ignore_is_buildkit_check(const char *name);

/* `bulkhead secrets`: one match's line and the non-blank line before it
 * (NULL when there is none or it is not in memory); texts need not be
 * NUL-terminated. */
struct ignore_secret_line {
	const char *file;
	const char *text;
	size_t len;
	long line;
	const char *prev;
	size_t prev_len;
	long prev_line;
};

/* Whether a match of secret kind "kind" on that line is allowed by an
 * inline marker:
 *   on the line itself: gitleaks:allow, trufflehog:ignore,
 *     "pragma: allowlist secret" (detect-secrets), or a trailing
 *     "bulkhead ignore=ID[,ID...]" naming the kind;
 *   on the line before (a comment line, any comment leader: # // -- ;
 *     /\* <!-- %): "bulkhead ignore=ID[,ID...]" naming the kind, or
 *     "pragma: allowlist nextline secret".
 * Ids are secret kinds ("generic-secret"), any case; an unknown one is a
 * warning, given once per pragma line (*warned_line remembers the last). */
bool ignore_secret_allowed(const struct ignore_secret_line *l,
			   const char *kind, long *warned_line,
			   struct bh_strlist *warnings);

#endif
