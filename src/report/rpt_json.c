/* SPDX-License-Identifier: Apache-2.0
 *
 * rpt_json.c - the machine report: one JSON object (jansson).
 *
 * This file owns the JSON layout, keys in this order:
 *
 *   {"version": BH_VERSION,
 *    "findings": [{"rule_id", "severity", "practice", "file", "line",
 *                  "column", "end_line", "end_column", "message", "fix",
 *                  "title"[, "layer_digest"][, "created_by"]}],
 *    "summary": {"files_scanned", "findings",
 *                "by_severity": {"critical", "high", "medium", "low", "info"},
 *                "errors": [{"file", "message"}]}}
 *
 * pretty-printed with a 2-space indent and a final newline.  "fix" is the
 * finding's own fix or else the rule's.  Strings are made valid UTF-8
 * (rpt_json_str).  Line/column 0 means unknown.  It does not sort or filter.
 * Tests: tests/unit/report/test_report.c.
 */
#include "writer.h"

#include "rpt_util.h"
#include "../util/diag.h"

/* Adds key -> value, taking the reference; false when "v" is NULL or the
 * object refused it (allocation failure). */
static bool put(json_t *obj, const char *key, json_t *v)
{
	return v && json_object_set_new(obj, key, v) == 0;
}

static json_t *finding(const struct bh_finding *f)
{
	json_t *o = json_object();
	if (!o)
		return NULL;
	const struct bh_rule *r = f->rule;
	bool ok = put(o, "rule_id", rpt_json_str(rpt_rule_id(r))) &&
		put(o, "severity", rpt_json_str(bh_severity_name(f->severity))) &&
		put(o, "practice", rpt_json_str(r ? r->practice : "")) &&
		put(o, "file", rpt_json_str(f->file)) &&
		put(o, "line", json_integer(f->span.line)) &&
		put(o, "column", json_integer(f->span.col)) &&
		put(o, "end_line", json_integer(f->span.end_line)) &&
		put(o, "end_column", json_integer(f->span.end_col)) &&
		put(o, "message", rpt_json_str(f->message)) &&
		put(o, "fix", rpt_json_str(rpt_finding_fix(f))) &&
		put(o, "title", rpt_json_str(r ? r->title : ""));
	if (ok && f->layer_digest)
		ok = put(o, "layer_digest", rpt_json_str(f->layer_digest));
	if (ok && f->created_by)
		ok = put(o, "created_by", rpt_json_str(f->created_by));
	if (!ok) {
		json_decref(o);
		return NULL;
	}
	return o;
}

static json_t *summary(const struct rpt_run *run)
{
	json_t *o = json_object(), *by = json_object(), *errs = json_array();
	size_t counts[5];
	rpt_count_severities(run->findings, counts);
	bool ok = o && by && errs;
	ok = ok && put(o, "files_scanned", json_integer((json_int_t)run->files_scanned)) &&
		put(o, "findings", json_integer(run->findings ? (json_int_t)run->findings->n : 0));
	for (int s = BH_SEV_CRITICAL; ok && s >= BH_SEV_INFO; s--)
		ok = put(by, bh_severity_name((enum bh_severity)s),
			 json_integer((json_int_t)counts[s]));
	for (size_t i = 0; ok && i < run->nerrors; i++) {
		json_t *e = json_object();
		ok = e && put(e, "file", rpt_json_str(run->errors[i].file)) &&
			put(e, "message", rpt_json_str(run->errors[i].message));
		ok = ok ? json_array_append_new(errs, e) == 0 : (json_decref(e), false);
	}
	if (ok) {
		ok = put(o, "by_severity", by);
		by = NULL;
		ok = ok && put(o, "errors", errs);
		errs = NULL;
	}
	json_decref(by);
	json_decref(errs);
	if (!ok) {
		json_decref(o);
		return NULL;
	}
	return o;
}

static int write_json(const struct rpt_run *run, FILE *out)
{
	json_t *root = json_object(), *list = json_array();
	bool ok = root && list && put(root, "version", rpt_json_str(BH_VERSION));
	size_t n = run->findings ? run->findings->n : 0;
	for (size_t i = 0; ok && i < n; i++) {
		json_t *f = finding(&run->findings->v[i]);
		ok = f && json_array_append_new(list, f) == 0;
	}
	if (ok) {
		ok = put(root, "findings", list);
		list = NULL;
	}
	ok = ok && put(root, "summary", summary(run));
	int rc = ok ? rpt_emit_json(out, root) : BH_ENOMEM;
	json_decref(list);
	json_decref(root);
	return rc;
}

const struct rpt_writer rpt_json = { "json", write_json };
