/* SPDX-License-Identifier: Apache-2.0
 *
 * rule.h - a rule is one table row plus one check function.
 *
 * Each family file (rules_df_*.c, rules_compose.c, rules_k8s.c,
 * rules_image.c, ...) writes each row as a static const right after its
 * check function and exports one array of pointers to its rows, in id
 * order, and its length; rule_table.c joins the families.  That table is the single source of
 * `bulkhead rules`, docs/rules.md and SARIF rule metadata, so adding a rule
 * touches its family file and its test case, nothing else.
 *
 * The row (struct bh_rule) and what a check receives (struct bh_check)
 * are core's types (src/core/check.h), so the pipeline can run rules it
 * does not include.  A check function receives a struct bh_check holding
 * the model of one input (only the pointer for the rule's target is set)
 * and the facts the pipeline gathered, and reports with bh_report().
 * Checks never print, never exit, never read the disk and never free the
 * model.
 */
#ifndef BH_RULE_H
#define BH_RULE_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

#include "../core/check.h"
#include "../core/finding.h"

/* Report one finding of rule "r" at "span"; the message is printf-style.
 * The rule's fix text is used.  The source line is kept as the excerpt
 * (cut at a blank when longer than 511 bytes).  Whatever reaches a writer
 * is masked by the report step (src/report/mask.c); a message should
 * still name a secret value only masked (bh_mask_secret). */
void bh_report(struct bh_check *c, const struct bh_rule *r,
	       struct bh_span span, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* bh_report_secret() from a va_list (hide all 0: bh_report()), the
 * message cut to "cut" - 1 bytes (cut <= 2048, 0 = 2048) as a vsnprintf()
 * into a buffer of "cut" bytes would cut it: for a family's own report
 * helper, which then formats the message once. */
void bh_vreport_cut(struct bh_check *c, const struct bh_rule *r,
		    struct bh_span at, struct bh_span hide, size_t cut,
		    const char *fmt, va_list ap)
	__attribute__((format(printf, 6, 0)));

/* Whether one of the last "window" findings already is rule "r" at the
 * start of "span": a node reached twice (a YAML alias, a pod value seen
 * once per container) is reported once. */
bool bh_reported_at(const struct bh_check *c, const struct bh_rule *r,
		    struct bh_span span, size_t window);

/* Like bh_report, at severity "sev" instead of the row's, for a rule whose
 * risk depends on the case (the row holds the usual one); a severity the
 * configuration sets for the rule still wins. */
void bh_report_severity(struct bh_check *c, const struct bh_rule *r,
			enum bh_severity sev, struct bh_span span,
			const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

/* Like bh_report, with a finding-specific fix text (NULL = rule's). */
void bh_report_fix(struct bh_check *c, const struct bh_rule *r,
		   struct bh_span span, const char *fix, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

/* A finding that reports a secret value: it points at "at" (the key, or
 * the value itself) and the value is at "hide".  The hide is recorded in
 * c->out->hides with the value's text (when it sits on one line), so the
 * report step masks it in every excerpt and message of the run, also when
 * this finding is dropped (inline ignore, --severity) or the rule is off
 * (BH_RULE_HIDES). */
void bh_report_secret(struct bh_check *c, const struct bh_rule *r,
		      struct bh_span at, struct bh_span hide,
		      const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

/* Records a secret value to hide without reporting anything: at "hide"
 * in c->text (line 0: nowhere in particular) and/or "value" (NUL-
 * terminated, may be NULL). */
void bh_hide(struct bh_check *c, struct bh_span hide, const char *value);

/* Image findings: also name the layer and the history line that made it. */
void bh_report_layer(struct bh_check *c, const struct bh_rule *r,
		     const char *layer_digest, const char *created_by,
		     const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

/* Like bh_report_layer for a finding that reports secret "value" (an
 * image has no source line: the value's text is what is hidden). */
void bh_report_layer_secret(struct bh_check *c, const struct bh_rule *r,
			    const char *layer_digest, const char *created_by,
			    const char *value, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));

/* Writes the masked form of a secret value into buf: sec_mask_value()
 * ("ghp_****": 4 bytes of a value of 16 or more, else "****"). */
void bh_mask_secret(const char *value, char *buf, size_t size);

/* A span covering one point (line, col) .. (line, col + len). */
struct bh_span bh_span_at(int line, int col, int len);

struct yml_node;

/* ---- fixes (fix_edit.c; `bulkhead fix`, docs/fix.md) ---- */
/* Appends to c->out->edits: c->text[start, end) becomes "text" (copied),
 * made by rule "r"; "note" names a default the edit chose, or NULL. */
void bh_fix_edit(struct bh_check *c, const struct bh_rule *r, size_t start,
		 size_t end, const char *text, const char *note);
/* A new file "name" (a path relative to the directory of the checked
 * file: leading ".." components, then names; ".dockerignore",
 * "../.dockerignore"), holding "text": `fix` prints it as a diff from
 * /dev/null, `--write` creates it (never over an existing file). */
void bh_fix_create(struct bh_check *c, const struct bh_rule *r,
		   const char *name, const char *text, const char *note);
/* Lines "text" added at the end of the existing file "name" (named as
 * for bh_fix_create()) whose content the scan read as old[0..old_len)
 * (copied): `fix` prints the diff, `--write` writes it only while the
 * file still holds those bytes.  "text" is added as it is (the caller
 * starts it with a newline when the file does not end with one, and
 * ends its lines as the file does). */
void bh_fix_append(struct bh_check *c, const struct bh_rule *r,
		   const char *name, const char *old, size_t old_len,
		   const char *text, const char *note);
/* Says the fix of the finding at line/col was not made and why
 * ("reason", printf-style): an edit with "refused" set and the reason as
 * its note, which `fix` prints as "FILE:LINE:COL: RULE not fixed:
 * REASON" instead of applying (every finding a fix leaves is named). */
void bh_fix_refuse(struct bh_check *c, const struct bh_rule *r, int line,
		   int col, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
/* Why the running fix makes no edit (printf-style), kept in c->fix_why
 * (the last one said wins): when the fix ends with neither an edit nor a
 * refusal, `fix` names the finding as not fixed with this reason
 * (src/core/scan.c's run_fixes(); without one, a generic reason).  The
 * YAML helpers say it where they give up, so a fix that tries another
 * place after a helper failed and succeeds is not named. */
void bh_fix_why(struct bh_check *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Like bh_fix_edit, an insertion whose text starts with "head" bytes of
 * parent key lines ("securityContext:\n") other insertions at the same
 * point may start with too: src/fix writes shared leading lines once. */
void bh_fix_edit_head(struct bh_check *c, const struct bh_rule *r,
		      size_t start, size_t end, const char *text, size_t head,
		      const char *note);
/* YAML (nodes of a document whose lines are "line_off" before the
 * file's): sets the keys "leaves" (key, value, ..., NULL; values as
 * YAML text) in the mapping at "path" ('.'-separated keys, "" = "map"
 * itself) under block or flow mapping "map".  The part of the path that
 * exists is followed; the missing rest is written as new block keys
 * (indented by the file's step, 2 when none shows) at the deepest
 * existing mapping, right after its first key when that key and a
 * one-line scalar share a line, else above its first key; those new
 * parent lines are the edit's head.  A flow mapping gets its keys as
 * bh_fix_yaml_flow_add() adds them, new parents in flow style too
 * (", securityContext: {capabilities: {drop: [ALL]}}": their openings
 * are the edit's head, src/fix merges those several rules write at one
 * point into one parent); "{}" on the path is followed.  A leaf value starting with
 * "\n" is a block value: its lines go under the key, one step in (not in
 * a flow mapping: false).  A leaf already present as a
 * one-line plain scalar is replaced when it differs.  A path through a
 * null, scalar or merged (<<) value is left alone.  Whether anything
 * was (or already is) as asked.  With "r" NULL (all YAML helpers):
 * nothing is made, only whether it would be. */
bool bh_fix_yaml_put(struct bh_check *c, const struct bh_rule *r,
		     const struct yml_node *map, int line_off,
		     const char *path, const char *const *leaves,
		     const char *note);
/* YAML: "entries" (one or more, "k: v, k2: v2" or "a, b", one line)
 * added to the flow mapping or flow list "n" in its style, as text at its
 * positions: ", k: v" after its last entry ("{ a: 1 }" keeps its
 * spaces, a comment after that entry stays after it), "k: v, " before
 * the bracket after a trailing comma, a line of its own ("  k: v,\n"
 * before the bracket's line, or ",\n  k: v") when the entries stand one
 * a line (several given: one a line too), "k: v" into an empty "{}" or "[]" (struct bh_edit's flow: src/fix
 * separates several at one point).  False (bh_fix_why says why) when "n"
 * is not flow style, or what follows its last entry is not blanks, one
 * comma and comments, or an empty one spans lines. */
bool bh_fix_yaml_flow_add(struct bh_check *c, const struct bh_rule *r,
			  const struct yml_node *n, int line_off,
			  const char *entries, const char *note);
/* YAML: the one-line plain scalar "v" becomes "value" (nothing when it
 * is that already); false when "v" is no such scalar. */
bool bh_fix_yaml_scalar(struct bh_check *c, const struct bh_rule *r,
			const struct yml_node *v, int line_off,
			const char *value, const char *note);
/* YAML: "item" (YAML text, one line) appended to sequence "seq": before
 * a flow list's ']', or a line after a block list's last item (a
 * scalar or a block mapping whose last line is sure) at its dash
 * column. */
/* YAML: a mapping of the pairs kv[0..] (key, value, ..., NULL) appended
 * to sequence "seq" in its style: a block mapping ("- k: v" then "  k2:
 * v2", at the last item's dash and key columns) after a block mapping
 * item, else one flow item "{k: v, k2: v2}" as bh_fix_yaml_add_item()
 * adds it. */
bool bh_fix_yaml_add_map_item(struct bh_check *c, const struct bh_rule *r,
			      const struct yml_node *seq, int line_off,
			      const char *const *kv, const char *note);
bool bh_fix_yaml_add_item(struct bh_check *c, const struct bh_rule *r,
			  const struct yml_node *seq, int line_off,
			  const char *item, const char *note);
/* YAML: like bh_fix_yaml_scalar, also for a one-line quoted scalar
 * without escapes (its text between the quotes is replaced; "value" must
 * hold no quote or backslash). */
bool bh_fix_yaml_string(struct bh_check *c, const struct bh_rule *r,
			const struct yml_node *v, int line_off,
			const char *value, const char *note);
/* `bulkhead fix --pins FILE` (c->config->fix_pins): image reference
 * ref[0..len) as written (name, name:latest, name:tag) pinned by the
 * file's digest: "name:tag@sha256:..." (an untagged or :latest name gets
 * the pin's tag, or none), in c->arena, with "*note" naming the pins
 * line.  NULL: no pins file, no pin for it, or a reference with a
 * digest, a variable, blanks or quotes. */
const char *bh_fix_pinned(struct bh_check *c, const char *ref, size_t len,
			  const char **note);
/* The UID a fix gives (fix.uid, default 10001) and, in "*source", where
 * it comes from ("fix.uid of .bulkhead.yaml" or the default's words), for
 * the edit's note. */
long bh_fix_uid(const struct bh_check *c, const char **source);
/* Byte offset in c->text of (line, col), or (size_t)-1 when outside. */
size_t bh_fix_offset(const struct bh_check *c, int line, int col);
/* Offset of the start of the line holding "off"; of its end (before
 * "
" or "
", or the end of the text). */
size_t bh_fix_line_start(const struct bh_check *c, size_t off);
size_t bh_fix_line_end(const struct bh_check *c, size_t off);
/* The text's line ending: "
" when its first line ends so, else "
". */
const char *bh_fix_eol(const struct bh_check *c);
/* Whether span "s" is on one line of c->text and its bytes are "want"
 * (any bytes when want is NULL): a fix checks the text it edits is the
 * word its finding points at. */
bool bh_fix_text_is(const struct bh_check *c, struct bh_span s,
		    const char *want);

/* The joined rule table (rule_table.c). */
size_t bh_rule_count(void);
const struct bh_rule *bh_rule_at(size_t i);
/* Our rule "id", in any case ("bh1001"), or NULL. */
const struct bh_rule *bh_rule_find(const char *id);
/* Rules whose peer id list names "peer_id" in any spelling (case aside,
 * Trivy's DS002 = DS-0002 = AVD-DS-0002, KSV001 = KSV-0001 =
 * AVD-KSV-0001, a bare check name for "Tool:Name" entries); returns how
 * many were written to out (at most max). */
size_t bh_rule_find_peer(const char *peer_id, const struct bh_rule **out,
			 size_t max);
/* What an id in --ignore, a config file or a pragma names: our rule
 * (bh_rule_find), else the rows that took over a retired id of ours
 * (BH5005 -> BH2018; BH5007 -> BH2014-BH2017), else the rules of a peer
 * id (bh_rule_find_peer). */
size_t bh_rule_resolve(const char *id, const struct bh_rule **out,
		       size_t max);
/* The rows that took over retired id "id" of ours (BH5005 -> BH2018),
 * at most max; 0 when "id" is not a retired id. */
size_t bh_rule_retired(const char *id, const struct bh_rule **out,
		       size_t max);
/* The canonical spelling of a peer id, for comparing: upper case, no
 * "AVD-" prefix, numbered ids as PREFIX-N without leading zeros
 * ("avd-ksv-0001" -> "KSV-1", "DS002" -> "DS-2"). */
void bh_peer_id_canon(const char *id, char *buf, size_t size);
/* Whether "given" is a spelling of the peer id "listed" (a table entry). */
bool bh_peer_id_equal(const char *listed, const char *given);
/* Whether "id" (any spelling) is a real id of a peer tool's catalogue
 * (hadolint DL and ShellCheck SC codes, Trivy DS/KSV, Checkov, Dockle),
 * mapped to a rule of ours or not (peer_catalog.c). */
bool bh_peer_id_known(const char *id);
/* Run every enabled rule for "target" over the model set in "c". */
void bh_run_rules(struct bh_check *c, enum bh_target target);

/* The joined table as core's rule-set interface (core/check.h): the CLI
 * installs it with bh_ruleset_use() before anything scans. */
extern const struct bh_ruleset bh_rules_all;

#endif
