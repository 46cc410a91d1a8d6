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

#include "config.h"
#include "finding.h"

/* Last line of the unit (instruction, YAML key) starting at "line". */
typedef int (*ignore_unit_end_fn)(void *ctx, int line);

/* Remove from list->v[first..] the findings that an inline pragma in
 * "text" (the input "file") suppresses. */
void ignore_apply(const char *file, const char *text, size_t len,
		  struct bh_findings *list, size_t first,
		  ignore_unit_end_fn unit_end, void *ctx,
		  struct bh_strlist *warnings);

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
