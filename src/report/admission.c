/* SPDX-License-Identifier: Apache-2.0
 *
 * admission.c - `bulkhead serve --admission`'s judgement (admission.h):
 * an AdmissionReview v1 request in, its response out, over buffers.
 *
 * This file owns what a request must be (a JSON object, kind
 * AdmissionReview, apiVersion admission.k8s.io/v1, a "request" object
 * with a non-empty string "uid"; else 400 with one line
 * {"error":"..."}; a body over ADM_MAX_BODY is 413), which requests are
 * allowed unread (an exempt namespace; DELETE and CONNECT, with or
 * without an object), which are not auditable (an object that cannot be
 * read, or none on a CREATE, an UPDATE or a request naming no
 * operation: denied saying why, or with --fail-open, --warn or
 * --dry-run allowed with a warning),
 * and the response: the same uid, "allowed", and when denied a status
 * {code 403, message "N finding(s) at or over SEV: RULEID severity:
 * message; ..."} bounded to ADM_MAX_MESSAGE bytes; with --warn one
 * warning per finding, each at most ADM_MAX_WARNING bytes, at most
 * ADM_MAX_WARNINGS of them.  The object is serialised back to JSON (which
 * is YAML) and scanned by the existing pipeline as an in-memory
 * Kubernetes input named "admission:KIND/NAMESPACE/NAME"
 * (bh_scan_buffer(), src/core/scan.c): the Kubernetes rules are the scan
 * command's, nothing is judged here.  Messages go through the report's
 * masking step (rpt_mask_findings) before they are written.  It does not
 * speak HTTP, keep metrics or print (src/cli/cmd_serve.c).
 * Tests: tests/unit/report/test_admission.c, fuzz/fuzz_admission.c,
 * tests/suites/admission.sh.
 */
#include "admission.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/check.h"
#include "../core/finding.h"
#include "../core/scan.h"
#include "../util/diag.h"
#include "../util/strbuf.h"
#include "mask.h"
#include "rpt_util.h"

#define MAX_UID 256       /* a uid is a UUID; anything longer is refused */
#define MAX_NAME_PART 80  /* each part of the input's name */

static const char *const outcome_names[ADM__COUNT] = {
	[ADM_ALLOWED] = "allowed",     [ADM_DENIED] = "denied",
	[ADM_WARNED] = "warned",       [ADM_DRY_RUN] = "dry_run",
	[ADM_EXEMPT] = "exempt",       [ADM_SKIPPED] = "skipped",
	[ADM_UNSCANNED] = "unscanned", [ADM_BAD_REQUEST] = "bad_request",
	[ADM_TOO_LARGE] = "too_large",
};

const char *adm_outcome_name(enum adm_outcome o)
{
	return (unsigned)o < ADM__COUNT ? outcome_names[o] : "unknown";
}

/* Sets out's body to the dump of "j" plus a newline (j is released). */
static int set_body(struct adm_result *out, json_t *j)
{
	if (!j)
		return BH_ENOMEM;
	char *s = json_dumps(j, JSON_COMPACT | JSON_ENSURE_ASCII);
	json_decref(j);
	if (!s)
		return BH_ENOMEM;
	size_t n = strlen(s);
	char *b = malloc(n + 2);
	if (!b) {
		free(s);
		return BH_ENOMEM;
	}
	memcpy(b, s, n);
	b[n] = '\n';
	b[n + 1] = '\0';
	free(s);
	out->body = b;
	out->body_len = n + 1;
	return BH_OK;
}

static int fail(struct adm_result *out, int status, enum adm_outcome oc,
		const char *msg)
{
	out->status = status;
	out->outcome = oc;
	return set_body(out, json_pack("{so}", "error", rpt_json_str(msg)));
}

/* Copies s into dst (size cap) with control characters and '/' turned
 * into '_', cut at MAX_NAME_PART bytes (not inside a UTF-8 sequence);
 * "-" when empty. */
static void name_part(char *dst, size_t cap, const char *s)
{
	size_t n = 0;
	for (; s && *s && n + 1 < cap && n < MAX_NAME_PART; s++) {
		unsigned char ch = (unsigned char)*s;
		dst[n++] = ch < 0x20 || ch == 0x7f || ch == '/' ? '_' : (char)ch;
	}
	/* cut: never inside a UTF-8 sequence */
	if (s && *s && n && ((unsigned char)*s & 0xC0) == 0x80) {
		while (n && ((unsigned char)dst[n - 1] & 0xC0) == 0x80)
			n--;
		if (n && (unsigned char)dst[n - 1] >= 0xC0)
			n--;
	}
	if (!n)
		dst[n++] = '-';
	dst[n] = '\0';
}

static const char *str_at(json_t *obj, const char *key)
{
	return json_string_value(json_object_get(obj, key));
}

/* Cuts "s" (NUL-terminated, heap or stack) to at most max bytes, ending
 * in "..." when cut, never inside a UTF-8 sequence. */
static void cut(char *s, size_t max)
{
	size_t n = strlen(s);
	if (n <= max)
		return;
	size_t end = max > 3 ? max - 3 : 0;
	while (end > 0 && ((unsigned char)s[end] & 0xC0) == 0x80)
		end--;
	memcpy(s + end, "...", 4);
}

/* The response for uid: allowed or not, an optional status message and
 * warnings. */
static json_t *response(const char *uid, bool allowed, const char *message,
			json_t *warnings)
{
	json_t *resp = json_pack("{sssb}", "uid", uid, "allowed", allowed);
	if (resp && message) {
		json_t *st = json_pack("{si}", "code", 403);
		json_t *m = rpt_json_str(message);
		if (st && (!m || json_object_set_new(st, "message", m)))
			st = (json_decref(st), NULL);
		if (!st || json_object_set_new(resp, "status", st)) {
			json_decref(resp);
			resp = NULL;
		}
	}
	if (resp && warnings && json_array_size(warnings) &&
	    json_object_set(resp, "warnings", warnings)) {
		json_decref(resp);
		resp = NULL;
	}
	if (!resp)
		return NULL;
	return json_pack("{ssssso}", "apiVersion", "admission.k8s.io/v1",
			 "kind", "AdmissionReview", "response", resp);
}

static int answer(struct adm_result *out, enum adm_outcome oc,
		  const char *uid, bool allowed, const char *message,
		  json_t *warnings)
{
	out->status = 200;
	out->outcome = oc;
	return set_body(out, response(uid, allowed, message, warnings));
}

/* "RULEID severity: message" of f, NUL-terminated in buf. */
static void line_of(const struct bh_finding *f, char *buf, size_t cap)
{
	snprintf(buf, cap, "%s %s: %s", f->rule ? f->rule->id : "?",
		 bh_severity_name(f->severity), f->message ? f->message : "");
	for (char *p = buf; *p; p++)
		if ((unsigned char)*p < 0x20)
			*p = ' ';
}

static void keep_rule(struct adm_result *out, const char *id)
{
	for (size_t i = 0; i < out->nrules; i++)
		if (!strcmp(out->rules[i], id))
			return;
	if (out->nrules < ADM_MAX_RULES) {
		char *d = strdup(id);
		if (d)
			out->rules[out->nrules++] = d;
	}
}

/* Answers a request whose object cannot be audited, saying why: a gate
 * that admits what it cannot read is a way round it, so it is denied;
 * --fail-open, --warn and --dry-run allow it with a warning saying why. */
static int unaudited(struct adm_result *out, const char *uid,
		     const struct adm_options *o, const char *why)
{
	if (!o->fail_open && !o->warn && !o->dry_run) {
		char m[ADM_MAX_MESSAGE];
		snprintf(m, sizeof(m), "bulkhead: not audited, so denied "
			 "(serve --fail-open admits such objects): %s", why);
		cut(m, ADM_MAX_MESSAGE - 1);
		return answer(out, ADM_UNSCANNED, uid, false, m, NULL);
	}
	char w[ADM_MAX_WARNING + 1];
	snprintf(w, sizeof(w), "bulkhead: not audited: %s", why);
	cut(w, ADM_MAX_WARNING);
	json_t *ws = json_array();
	if (ws)
		json_array_append_new(ws, rpt_json_str(w));
	int rc = answer(out, ADM_UNSCANNED, uid, true, NULL, ws);
	json_decref(ws);
	return rc;
}

/* Scans the object and answers. */
static int judge(json_t *req, json_t *obj, const char *uid,
		 const struct adm_options *o, struct adm_result *out)
{
	/* the input's name: admission:KIND/NAMESPACE/NAME */
	json_t *meta = json_object_get(obj, "metadata");
	const char *kind = str_at(json_object_get(req, "kind"), "kind");
	if (!kind)
		kind = str_at(obj, "kind");
	const char *ns = str_at(req, "namespace");
	if (!ns)
		ns = str_at(meta, "namespace");
	const char *name = str_at(req, "name");
	if (!name || !*name)
		name = str_at(meta, "name");
	if (!name || !*name)
		name = str_at(meta, "generateName");
	char k[MAX_NAME_PART + 2], n1[MAX_NAME_PART + 2], n2[MAX_NAME_PART + 2];
	name_part(k, sizeof(k), kind);
	name_part(n1, sizeof(n1), ns);
	name_part(n2, sizeof(n2), name);
	char path[3 * MAX_NAME_PART + 32];
	snprintf(path, sizeof(path), "admission:%s/%s/%s", k, n1, n2);

	char *text = json_dumps(obj, JSON_COMPACT | JSON_ENSURE_ASCII);
	if (!text)
		return BH_ENOMEM;
	struct bh_scan_result res;
	int rc = bh_scan_buffer(path, "kubernetes", text, strlen(text), o->cfg,
				&res);
	free(text);
	if (rc == BH_ENOMEM) {
		bh_scan_result_free(&res);
		return BH_ENOMEM;
	}
	if (res.nerrors || !res.fmt) {
		/* not judged: no Kubernetes object, a limit met (free-form
		 * fields nested past the depth limit) */
		const char *why = res.nerrors ? res.errors[0].message
					      : (res.skipped ? res.skipped
							     : "skipped");
		rc = unaudited(out, uid, o, why);
		bh_scan_result_free(&res);
		return rc;
	}
	struct bh_findings fs = { 0 };
	rc = bh_findings_take(&fs, &res.found);
	bh_scan_result_free(&res);
	/* Only what the answer can show is masked: the excerpts, fixes and
	 * the findings past what the message or the warnings hold are
	 * dropped first (a 2.7 MB Pod of 20000 containers with a secret
	 * each gives 40000 findings, every excerpt the whole one-line
	 * object; the masking itself masks each distinct text once,
	 * src/report/mask.c, but an answer needs none of them). */
	if (rc == BH_OK) {
		bh_findings_sort(&fs);
		size_t cand = 0, cap = o->warn ? ADM_MAX_WARNINGS - 1
					       : ADM_MAX_SHOWN;
		for (size_t i = 0; i < fs.n; i++) {
			struct bh_finding *f = &fs.v[i];
			free(f->snippet);
			free(f->fix);
			free(f->created_by);
			f->snippet = f->fix = f->created_by = NULL;
			f->line = NULL;    /* held by the list, freed with it */
			if (f->severity < o->threshold || cand++ >= cap) {
				free(f->message);
				f->message = NULL;
			}
		}
		rc = rpt_mask_findings(&fs);
	}
	if (rc != BH_OK) {
		bh_findings_free(&fs);
		return BH_ENOMEM;
	}
	struct strbuf msg = STRBUF_INIT;
	json_t *ws = json_array();
	size_t over = 0, shown = 0, wn = 0;
	char line[ADM_MAX_MESSAGE];
	for (size_t i = 0; ws && i < fs.n; i++) {
		const struct bh_finding *f = &fs.v[i];
		if (f->severity < o->threshold)
			continue;
		over++;
		keep_rule(out, f->rule ? f->rule->id : "?");
		line_of(f, line, sizeof(line));
		if (o->warn) {
			if (wn < ADM_MAX_WARNINGS - 1) {
				cut(line, ADM_MAX_WARNING);
				json_array_append_new(ws, rpt_json_str(line));
				wn++;
			}
			continue;
		}
		cut(line, 400);
		/* room for this line and a closing "; and N more" (past
		 * ADM_MAX_SHOWN the message was dropped above) */
		if (over <= ADM_MAX_SHOWN &&
		    msg.len + strlen(line) + 2 + 40 < ADM_MAX_MESSAGE) {
			if (shown)
				strbuf_adds(&msg, "; ");
			strbuf_adds(&msg, line);
			shown++;
		}
	}
	out->nfindings = over;
	bh_findings_free(&fs);
	if (!ws) {
		strbuf_free(&msg);
		return BH_ENOMEM;
	}
	if (o->warn && over > wn) {
		char more[64];
		snprintf(more, sizeof(more), "bulkhead: and %zu more finding(s)",
			 over - wn);
		json_array_append_new(ws, json_string(more));
	}
	if (!over) {
		rc = answer(out, ADM_ALLOWED, uid, true, NULL, NULL);
	} else if (o->warn) {
		rc = answer(out, o->dry_run ? ADM_DRY_RUN : ADM_WARNED, uid,
			    true, NULL, ws);
	} else if (o->dry_run) {
		rc = answer(out, ADM_DRY_RUN, uid, true, NULL, NULL);
	} else {
		if (over > shown) {
			char more[64];
			snprintf(more, sizeof(more), "; and %zu more",
				 over - shown);
			strbuf_adds(&msg, more);
		}
		char head[96];
		snprintf(head, sizeof(head), "bulkhead: %zu finding(s) at or "
			 "over %s: ", over, bh_severity_name(o->threshold));
		char *m = malloc(strlen(head) + msg.len + 1);
		if (!m || msg.failed) {
			free(m);
			rc = BH_ENOMEM;
		} else {
			memcpy(m, head, strlen(head));
			memcpy(m + strlen(head), strbuf_str(&msg), msg.len);
			m[strlen(head) + msg.len] = '\0';
			rc = answer(out, ADM_DENIED, uid, false, m, NULL);
			free(m);
		}
	}
	json_decref(ws);
	strbuf_free(&msg);
	return rc;
}

int adm_review(const char *body, size_t len, const struct adm_options *o,
	       struct adm_result *out)
{
	*out = (struct adm_result){ 0 };
	if (len > ADM_MAX_BODY)
		return fail(out, 413, ADM_TOO_LARGE, "request body too large");
	json_error_t err;
	json_t *root = json_loadb(body, len, JSON_REJECT_DUPLICATES, &err);
	if (!root) {
		char m[240];
		snprintf(m, sizeof(m), "malformed JSON at line %d column %d: %s",
			 err.line, err.column, err.text);
		return fail(out, 400, ADM_BAD_REQUEST, m);
	}
	const char *kind = str_at(root, "kind");
	const char *api = str_at(root, "apiVersion");
	json_t *req = json_object_get(root, "request");
	const char *uid = str_at(req, "uid");
	int rc;
	if (!json_is_object(root) || !kind || strcmp(kind, "AdmissionReview") ||
	    !api || strcmp(api, "admission.k8s.io/v1"))
		rc = fail(out, 400, ADM_BAD_REQUEST, "not an AdmissionReview "
			  "(kind AdmissionReview, apiVersion "
			  "admission.k8s.io/v1)");
	else if (!json_is_object(req))
		rc = fail(out, 400, ADM_BAD_REQUEST, "AdmissionReview without "
			  "a request object");
	else if (!uid || !*uid || strlen(uid) > MAX_UID)
		rc = fail(out, 400, ADM_BAD_REQUEST, "AdmissionReview request "
			  "without a uid");
	else {
		const char *op = str_at(req, "operation");
		const char *ns = str_at(req, "namespace");
		json_t *obj = json_object_get(req, "object");
		bool exempt = false;
		for (size_t i = 0; ns && i < o->nexempt; i++)
			exempt = exempt || !strcmp(ns, o->exempt[i]);
		bool unread = op && (!strcmp(op, "DELETE") ||
				     !strcmp(op, "CONNECT"));
		if (exempt)
			rc = answer(out, ADM_EXEMPT, uid, true, NULL, NULL);
		else if (unread)
			rc = answer(out, ADM_SKIPPED, uid, true, NULL, NULL);
		else if (!json_is_object(obj)) {
			/* CREATE and UPDATE (and a request naming no
			 * operation) carry the object; without one there is
			 * nothing to audit, which is no reason to admit */
			char why[96];
			snprintf(why, sizeof(why), "%.16s request without an "
				 "object", op && *op ? op : "a");
			for (char *p = why; *p; p++)
				if ((unsigned char)*p < 0x20 || *p == 0x7f)
					*p = '_';
			rc = unaudited(out, uid, o, why);
		} else
			rc = judge(req, obj, uid, o, out);
	}
	json_decref(root);
	return rc;
}

void adm_result_free(struct adm_result *r)
{
	free(r->body);
	for (size_t i = 0; i < r->nrules; i++)
		free(r->rules[i]);
	memset(r, 0, sizeof(*r));
}
