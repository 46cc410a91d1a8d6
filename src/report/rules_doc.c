/* SPDX-License-Identifier: Apache-2.0
 *
 * rules_doc.c - the rule catalogue: text table, JSON array, Markdown page.
 *
 * This file owns the three renderings of the rule table:
 *   text      one line per rule: id, severity, target, practice, title
 *   json      an array of {"id", "severity", "practice", "target", "title",
 *             "why", "fix", "target2", "fix2", "peers": {"hadolint",
 *             "trivy", "checkov", "cis", "other"}, "cis_version",
 *             "pod_security", "enabled_by_default", "fixable"}, in table
 *             order, peers absent when the rule has none, cis_version
 *             (BH_CIS_VERSION, core/check.h) only with a CIS number,
 *             target2 and fix2 only for a row that serves a second input
 *             (check.h), "title2" and "why2" when that row names them
 *   markdown  docs/rules.md: a summary table (with a "fix" column: the
 *             rule has a fix_fn), then one "## BHnnnn"
 *             section per rule (GitHub anchor = lower-case id, which the
 *             SARIF helpUri points at)
 * each for the whole table or a selection (`bulkhead rules BH1001`,
 * `--target dockerfile`, which lists a row of its first or second input);
 * text for named rules shows each in full.
 * Output is deterministic (table order, no dates) so docs/rules.md can be
 * checked for currency (tests/suites/docs.sh).  It does not decide which
 * rules run.
 * Tests: tests/unit/report/test_report.c, tests/suites/docs.sh.
 */
#include "rules_doc.h"

#include <stdbool.h>
#include <string.h>

#include "rpt_util.h"
#include "../util/diag.h"

static const char *target_name(enum bh_target t)
{
	switch (t) {
	case BH_TARGET_DOCKERFILE: return "dockerfile";
	case BH_TARGET_COMPOSE: return "compose";
	case BH_TARGET_K8S: return "kubernetes";
	case BH_TARGET_IMAGE: return "image";
	case BH_TARGET_FILE: return "file";
	case BH_TARGET_RUNTIME: return "runtime";
	case BH_TARGET_DAEMON: return "daemon";
	case BH_TARGET_POLICY: return "policy";
	default: return "unknown";
	}
}

static const char *target_title(enum bh_target t)
{
	switch (t) {
	case BH_TARGET_DOCKERFILE: return "Dockerfile";
	case BH_TARGET_COMPOSE: return "Docker Compose";
	case BH_TARGET_K8S: return "Kubernetes";
	case BH_TARGET_IMAGE: return "Image";
	case BH_TARGET_FILE: return "Any file";
	case BH_TARGET_RUNTIME: return "Running containers (docker/podman inspect)";
	case BH_TARGET_DAEMON: return "Docker daemon (daemon.json)";
	case BH_TARGET_POLICY: return "Policy (.bulkhead.yaml policy:): Dockerfiles, Compose, Kubernetes, images";
	default: return "unknown";
	}
}

static const char *pss_level(const struct bh_rule *r)
{
	if (r->flags & BH_RULE_PSS_BASELINE)
		return "baseline";
	if (r->flags & BH_RULE_PSS_RESTRICTED)
		return "restricted";
	return NULL;
}

const char *rules_doc_target_name(const struct bh_rule *r)
{
	return target_name(r->target);
}

const char *rules_doc_target2_name(const struct bh_rule *r)
{
	return r->check2 ? target_name(r->target2) : NULL;
}

const char *rules_doc_target_title(const struct bh_rule *r)
{
	return target_title(r->target);
}

void rules_doc_add_applies(struct strbuf *sb, const struct bh_rule *r)
{
	strbuf_adds(sb, target_title(r->target));
	if (r->check2)
		strbuf_printf(sb, "; %s", target_title(r->target2));
}

void rules_doc_add_input2(struct strbuf *sb, const struct bh_rule *r,
			  const char *indent)
{
	if (!r->check2)
		return;
	const char *t2 = target_name(r->target2);
	if (r->title2)
		strbuf_printf(sb, "%stitle (%s): %s\n", indent, t2, r->title2);
	if (r->why2)
		strbuf_printf(sb, "%swhy (%s): %s\n", indent, t2, r->why2);
	if (r->fix2)
		strbuf_printf(sb, "%sfix (%s): %s\n", indent, t2, r->fix2);
}

const char *rules_doc_pod_security(const struct bh_rule *r)
{
	return pss_level(r);
}

static const char *s_or(const char *s)
{
	return s ? s : "";
}

/* The peers of a rule as label/value pairs, NULL values for none. */
struct peer {
	const char *label;
	const char *key;
	const char *value;
};

static size_t peers_of(const struct bh_rule *r, struct peer out[5])
{
	const struct peer all[5] = {
		{ "hadolint", "hadolint", r->hadolint },
		{ "Trivy", "trivy", r->trivy },
		{ "Checkov", "checkov", r->checkov },
		{ BH_CIS_NAME, "cis", r->cis },
		{ "other", "other", r->other },
	};
	size_t n = 0;
	for (size_t i = 0; i < 5; i++)
		if (all[i].value && *all[i].value)
			out[n++] = all[i];
	return n;
}

static bool selected(const struct rules_doc_filter *f, const struct bh_rule *r)
{
	if (!f)
		return true;
	if (f->target >= 0 && !bh_rule_serves(r, (enum bh_target)f->target))
		return false;
	if (!f->only)
		return true;
	for (size_t i = 0; i < f->nonly; i++)
		if (f->only[i] == r)
			return true;
	return false;
}

/* One rule in full (`bulkhead rules BH1001`). */
static void text_rule(struct strbuf *sb, const struct bh_rule *r)
{
	struct peer p[5];
	size_t np = peers_of(r, p);
	strbuf_printf(sb, "%s  %s\n", s_or(r->id), s_or(r->title));
	strbuf_printf(sb, "  severity:    %s\n", bh_severity_name(r->severity));
	strbuf_adds(sb, "  applies to:  ");
	rules_doc_add_applies(sb, r);
	strbuf_printf(sb, "\n  practice:    %s\n", s_or(r->practice));
	if (pss_level(r))
		strbuf_printf(sb, "  pod security: %s\n", pss_level(r));
	if (r->flags & BH_RULE_OFF_BY_DEFAULT)
		strbuf_adds(sb, "  off by default (turn on with --enable or "
			    "enable: in .bulkhead.yaml)\n");
	for (size_t k = 0; k < np; k++)
		strbuf_printf(sb, "  %-12s %s%s%s\n", p[k].key,
			      strcmp(p[k].key, "cis") == 0 ? BH_CIS_NAME : "",
			      strcmp(p[k].key, "cis") == 0 ? " " : "", p[k].value);
	strbuf_printf(sb, "  why: %s\n  fix: %s\n", s_or(r->why), s_or(r->fix));
	rules_doc_add_input2(sb, r, "  ");
}

static void text_doc(struct strbuf *sb, const struct rules_doc_filter *f)
{
	size_t n = bh_rule_count(), shown = 0;
	if (f && f->only) {
		for (size_t i = 0; i < n; i++) {
			if (!selected(f, bh_rule_at(i)))
				continue;
			if (shown++)
				strbuf_addc(sb, '\n');
			text_rule(sb, bh_rule_at(i));
		}
		return;
	}
	size_t wp = strlen("PRACTICE");
	for (size_t i = 0; i < n; i++) {
		size_t l = strlen(s_or(bh_rule_at(i)->practice));
		if (l > wp)
			wp = l;
	}
	/* "compose+runtime" for a row with a second input */
	size_t wt = 10;
	for (size_t i = 0; i < n; i++) {
		const struct bh_rule *r = bh_rule_at(i);
		size_t l = strlen(target_name(r->target)) +
			   (r->check2 ? 1 + strlen(target_name(r->target2)) : 0);
		if (selected(f, r) && l > wt)
			wt = l;
	}
	strbuf_printf(sb, "%-7s %-8s %-*s %-*s %s\n", "ID", "SEVERITY",
		      (int)wt, "TARGET", (int)wp, "PRACTICE", "TITLE");
	for (size_t i = 0; i < n; i++) {
		const struct bh_rule *r = bh_rule_at(i);
		if (!selected(f, r))
			continue;
		shown++;
		char tg[32];
		snprintf(tg, sizeof(tg), "%s%s%s", target_name(r->target),
			 r->check2 ? "+" : "",
			 r->check2 ? target_name(r->target2) : "");
		strbuf_printf(sb, "%-7s %-8s %-*s %-*s %s%s\n", s_or(r->id),
			      bh_severity_name(r->severity),
			      (int)wt, tg, (int)wp, s_or(r->practice),
			      s_or(r->title),
			      (r->flags & BH_RULE_OFF_BY_DEFAULT) ? " (off by default)" : "");
	}
	strbuf_printf(sb, "%zu rule%s\n", shown, shown == 1 ? "" : "s");
}

static bool put(json_t *obj, const char *key, json_t *v)
{
	return v && json_object_set_new(obj, key, v) == 0;
}

static json_t *json_rule(const struct bh_rule *r)
{
	json_t *o = json_object(), *peers = json_object();
	struct peer p[5];
	size_t np = peers_of(r, p);
	const char *pss = pss_level(r);
	bool ok = o && peers && put(o, "id", rpt_json_str(r->id)) &&
		put(o, "severity", json_string(bh_severity_name(r->severity))) &&
		put(o, "practice", rpt_json_str(r->practice)) &&
		put(o, "target", json_string(target_name(r->target))) &&
		put(o, "title", rpt_json_str(r->title)) &&
		put(o, "why", rpt_json_str(r->why)) &&
		put(o, "fix", rpt_json_str(r->fix));
	if (ok && r->check2)
		ok = put(o, "target2", json_string(target_name(r->target2))) &&
		     put(o, "fix2", rpt_json_str(r->fix2));
	if (ok && r->check2 && r->title2)
		ok = put(o, "title2", rpt_json_str(r->title2));
	if (ok && r->check2 && r->why2)
		ok = put(o, "why2", rpt_json_str(r->why2));
	for (size_t i = 0; ok && i < np; i++)
		ok = put(peers, p[i].key, rpt_json_str(p[i].value));
	if (ok && np) {
		ok = put(o, "peers", peers);
		peers = NULL;
	}
	if (ok && r->cis && *r->cis)
		ok = put(o, "cis_version", json_string(BH_CIS_VERSION));
	if (ok && pss)
		ok = put(o, "pod_security", json_string(pss));
	ok = ok && put(o, "enabled_by_default",
		       json_boolean(!(r->flags & BH_RULE_OFF_BY_DEFAULT)));
	ok = ok && put(o, "fixable", json_boolean(r->fix_fn != NULL));
	json_decref(peers);
	if (!ok) {
		json_decref(o);
		return NULL;
	}
	return o;
}

/* Markdown-safe inline text: '|' escaped (table cells), newlines to
 * spaces. */
static void md_text(struct strbuf *sb, const char *s)
{
	for (; s && *s; s++) {
		if (*s == '|')
			strbuf_adds(sb, "\\|");
		else if (*s == '\n' || *s == '\r')
			strbuf_addc(sb, ' ');
		else
			strbuf_addc(sb, *s);
	}
}

static void md_anchor(struct strbuf *sb, const char *id)
{
	for (; id && *id; id++)
		strbuf_addc(sb, (char)(*id >= 'A' && *id <= 'Z' ? *id + 32 : *id));
}

static void md_doc(struct strbuf *sb, const struct rules_doc_filter *f)
{
	size_t n = bh_rule_count(), nsel = 0;
	for (size_t i = 0; i < n; i++)
		nsel += selected(f, bh_rule_at(i));
	strbuf_adds(sb,
		"<!-- Generated by `bulkhead rules --format markdown` (make docs) "
		"from the rule table; do not edit. -->\n"
		"# bulkhead rules\n\n");
	strbuf_printf(sb, "%zu rules. Each rule checks one practice of "
		      "`practices.tsv`; severities are the defaults (a config "
		      "file can change them). Rules marked *off by default* run "
		      "only when enabled in the config; *fix* says which "
		      "`bulkhead fix` repairs.\n\n", nsel);
	strbuf_adds(sb, "| id | severity | practice | target | fix | title |\n"
			"|---|---|---|---|---|---|\n");
	for (size_t i = 0; i < n; i++) {
		const struct bh_rule *r = bh_rule_at(i);
		if (!selected(f, r))
			continue;
		strbuf_adds(sb, "| [");
		md_text(sb, r->id);
		strbuf_adds(sb, "](#");
		md_anchor(sb, r->id);
		strbuf_printf(sb, ") | %s | `", bh_severity_name(r->severity));
		md_text(sb, r->practice);
		strbuf_printf(sb, "` | %s%s%s | %s | ", target_name(r->target),
			      r->check2 ? ", " : "",
			      r->check2 ? target_name(r->target2) : "",
			      r->fix_fn ? "yes" : "");
		md_text(sb, r->title);
		if (r->flags & BH_RULE_OFF_BY_DEFAULT)
			strbuf_adds(sb, " *(off by default)*");
		strbuf_adds(sb, " |\n");
	}
	for (size_t i = 0; i < n; i++) {
		const struct bh_rule *r = bh_rule_at(i);
		if (!selected(f, r))
			continue;
		struct peer p[5];
		size_t np = peers_of(r, p);
		strbuf_adds(sb, "\n## ");
		md_text(sb, r->id);
		strbuf_adds(sb, "\n\n**");
		md_text(sb, r->title);
		strbuf_printf(sb, "**\n\n- Severity: %s\n- Practice: `",
			      bh_severity_name(r->severity));
		md_text(sb, r->practice);
		strbuf_adds(sb, "`\n- Applies to: ");
		rules_doc_add_applies(sb, r);
		strbuf_addc(sb, '\n');
		if (pss_level(r))
			strbuf_printf(sb, "- Pod Security Standard: %s\n", pss_level(r));
		if (r->flags & BH_RULE_OFF_BY_DEFAULT)
			strbuf_adds(sb, "- Off by default\n");
		if (r->fix_fn)
			strbuf_printf(sb, "- Fixable: by `bulkhead fix` "
				      "([fix.md](fix.md))%s%s\n",
				      r->check2 ? ", in " : "",
				      r->check2 ? target_title(r->target) : "");
		if (np) {
			strbuf_adds(sb, "- Peers: ");
			for (size_t k = 0; k < np; k++) {
				strbuf_printf(sb, "%s%s ", k ? "; " : "", p[k].label);
				md_text(sb, p[k].value);
			}
			strbuf_addc(sb, '\n');
		}
		strbuf_addc(sb, '\n');
		md_text(sb, r->why);
		strbuf_adds(sb, "\n\n**Fix:** ");
		md_text(sb, r->fix);
		strbuf_addc(sb, '\n');
		/* the second input's title, why and fix (check.h) */
		const char *const label[] = { "Title", "Why", "Fix" };
		const char *const text[] = { r->title2, r->why2, r->fix2 };
		for (size_t k = 0; r->check2 && k < 3; k++) {
			if (!text[k])
				continue;
			strbuf_printf(sb, "\n**%s (%s):** ", label[k],
				      target_name(r->target2));
			md_text(sb, text[k]);
			strbuf_addc(sb, '\n');
		}
	}
}

bool rules_doc_format_known(const char *format)
{
	return format && (strcmp(format, "text") == 0 ||
			  strcmp(format, "json") == 0 ||
			  strcmp(format, "markdown") == 0);
}

int rules_doc_write(FILE *out, const char *format)
{
	return rules_doc_write_filtered(out, format, NULL);
}

int rules_doc_write_filtered(FILE *out, const char *format,
			     const struct rules_doc_filter *f)
{
	if (!rules_doc_format_known(format))
		return BH_EUSAGE;
	if (strcmp(format, "json") == 0) {
		json_t *arr = json_array();
		bool ok = arr != NULL;
		size_t n = bh_rule_count();
		for (size_t i = 0; ok && i < n; i++) {
			if (!selected(f, bh_rule_at(i)))
				continue;
			json_t *o = json_rule(bh_rule_at(i));
			ok = o && json_array_append_new(arr, o) == 0;
		}
		int rc = ok ? rpt_emit_json(out, arr) : BH_ENOMEM;
		json_decref(arr);
		return rc;
	}
	struct strbuf sb = STRBUF_INIT;
	if (strcmp(format, "text") == 0)
		text_doc(&sb, f);
	else
		md_doc(&sb, f);
	int rc = sb.failed ? BH_ENOMEM : rpt_emit(out, strbuf_str(&sb), sb.len);
	strbuf_free(&sb);
	return rc;
}
