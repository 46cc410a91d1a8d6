/* SPDX-License-Identifier: Apache-2.0
 *
 * rules_doc.h - the rule catalogue as text, JSON or Markdown, generated
 * from the rule table (bh_rule_count/bh_rule_at).  `bulkhead rules` and
 * docs/rules.md come from here, so they cannot drift from the table.
 *
 * Nothing is allocated for the caller; the stream is the caller's.
 */
#ifndef BH_RULES_DOC_H
#define BH_RULES_DOC_H

#include <stdbool.h>
#include <stdio.h>

/* Writes the whole table to "out" in "format" ("text", "json" or
 * "markdown").  Returns 0, BH_EUSAGE for an unknown format, BH_ENOMEM or
 * BH_EIO. */
int rules_doc_write(FILE *out, const char *format);

struct bh_rule;

/* Which rules to write: "only" (n rules; NULL = all) and/or one target
 * (BH_TARGET_*, or -1 for all).  With "only", text shows each rule in
 * full (title, severity, target, practice, peers, why, fix). */
struct rules_doc_filter {
	const struct bh_rule *const *only;
	size_t nonly;
	int target;
};

/* rules_doc_write() over the rules "f" selects (NULL: all). */
int rules_doc_write_filtered(FILE *out, const char *format,
			     const struct rules_doc_filter *f);

/* A rule's target as the catalogue names it: "dockerfile", "compose",
 * "kubernetes", "image" (json, `--target`), and as a title: "Dockerfile",
 * "Docker Compose", "Kubernetes", "Image" (text, markdown).  Static
 * strings.  Also `bulkhead explain` (src/cli/cmd_explain.c). */
const char *rules_doc_target_name(const struct bh_rule *r);
const char *rules_doc_target_title(const struct bh_rule *r);
/* The name of a row's second input ("runtime"), or NULL when none. */
const char *rules_doc_target2_name(const struct bh_rule *r);
struct strbuf;
/* Appends the titles of every input rule "r" judges: its target's, and
 * its second input's (check.h: target2) after "; ". */
void rules_doc_add_applies(struct strbuf *sb, const struct bh_rule *r);
/* Appends "INDENTtitle (TARGET2): TITLE2\n", "INDENTwhy (TARGET2):
 * WHY2\n" and "INDENTfix (TARGET2): FIX2\n" for a row with a second
 * input (each only when the row names it), nothing for others. */
void rules_doc_add_input2(struct strbuf *sb, const struct bh_rule *r,
			  const char *indent);

/* The Pod Security Standard level a rule belongs to ("baseline",
 * "restricted"), or NULL. */
const char *rules_doc_pod_security(const struct bh_rule *r);

/* Whether "format" is one rules_doc_write() knows. */
bool rules_doc_format_known(const char *format);

#endif
