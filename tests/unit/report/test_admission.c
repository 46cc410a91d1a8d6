/* SPDX-License-Identifier: Apache-2.0
 *
 * test_admission.c - the admission webhook's judgement over buffers
 * (src/report/admission.c): allowed, denied (exact rule ids, message
 * bounded), threshold, --warn (each warning <= 120 bytes, count bounded),
 * --dry-run, exempt namespaces, DELETE, no object (denied on CREATE and
 * UPDATE, allowed on DELETE and CONNECT), an object that is not a
 * Kubernetes object, bh_scan_buffer()'s in-memory input, and every kind
 * of bad request (malformed JSON, wrong kind, no request, no or long
 * uid, body too large); a secret value in the object never reaches the
 * response.  Responses are parsed back with jansson.
 *
 * Test tokens are assembled at run time, so this file holds nothing that
 * looks like a live secret to other scanners.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/check.h"
#include "core/config.h"
#include "core/scan.h"
#include "report/admission.h"
#include "rules/rule.h"
#include "secrets/secrets.h"
#include "util/diag.h"

static struct bh_config cfg;

static int setup(void **state)
{
	(void)state;
	bh_ruleset_use(&bh_rules_all);
	bh_config_init(&cfg);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	bh_config_free(&cfg);
	return 0;
}

static struct adm_options opts(void)
{
	struct adm_options o = { .cfg = &cfg, .threshold = BH_SEV_HIGH };
	return o;
}

/* An AdmissionReview for "object" (JSON text), operation, namespace. */
static char *review(const char *object, const char *op, const char *ns)
{
	char *s = NULL;
	if (asprintf(&s, "{\"apiVersion\":\"admission.k8s.io/v1\","
		     "\"kind\":\"AdmissionReview\",\"request\":{\"uid\":"
		     "\"0b1c-uid\",\"kind\":{\"group\":\"\",\"version\":"
		     "\"v1\",\"kind\":\"Pod\"},\"operation\":\"%s\","
		     "\"namespace\":\"%s\",\"name\":\"p\",\"object\":%s}}",
		     op, ns, object) < 0)
		fail();
	return s;
}

/* A Pod with n containers, each "sc" as its securityContext. */
static char *pod(int n, const char *sc)
{
	size_t cap = 256 + (size_t)n * (strlen(sc) + 80);
	char *s = malloc(cap);
	assert_non_null(s);
	size_t len = (size_t)snprintf(s, cap, "{\"apiVersion\":\"v1\",\"kind\":"
				      "\"Pod\",\"metadata\":{\"name\":\"p\"},"
				      "\"spec\":{\"containers\":[");
	for (int i = 0; i < n; i++)
		len += (size_t)snprintf(s + len, cap - len, "%s{\"name\":\"c%d\","
					"\"image\":\"nginx:1.25\","
					"\"securityContext\":%s}",
					i ? "," : "", i, sc);
	snprintf(s + len, cap - len, "]}}");
	return s;
}

static const char hardened[] =
	"{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"h\","
	"\"namespace\":\"apps\"},\"spec\":{\"automountServiceAccountToken\":"
	"false,\"securityContext\":{\"runAsNonRoot\":true,\"runAsUser\":10001,"
	"\"runAsGroup\":10001,\"seccompProfile\":{\"type\":\"RuntimeDefault\"}},"
	"\"containers\":[{\"name\":\"app\",\"image\":\"registry.example.com/"
	"app@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789"
	"abcdef\",\"imagePullPolicy\":\"Always\",\"securityContext\":{"
	"\"allowPrivilegeEscalation\":false,\"readOnlyRootFilesystem\":true,"
	"\"capabilities\":{\"drop\":[\"ALL\"]}},\"resources\":{\"requests\":{"
	"\"cpu\":\"100m\",\"memory\":\"64Mi\",\"ephemeral-storage\":\"100Mi\"},"
	"\"limits\":{\"cpu\":\"500m\",\"memory\":\"128Mi\",\"ephemeral-storage\":"
	"\"200Mi\"}},\"livenessProbe\":{\"httpGet\":{\"path\":\"/healthz\","
	"\"port\":8080}},\"readinessProbe\":{\"httpGet\":{\"path\":\"/readyz\","
	"\"port\":8080}}}]}}";

/* Runs the review, checks the 200 response's shape, returns "response". */
static json_t *run(const char *body, const struct adm_options *o,
		   struct adm_result *r, json_t **root)
{
	assert_int_equal(adm_review(body, strlen(body), o, r), BH_OK);
	assert_non_null(r->body);
	assert_int_equal(r->body[r->body_len - 1], '\n');
	assert_int_equal(strlen(r->body), r->body_len);
	*root = json_loads(r->body, 0, NULL);
	assert_non_null(*root);
	if (r->status != 200)
		return NULL;
	assert_string_equal(json_string_value(json_object_get(*root,
		"apiVersion")), "admission.k8s.io/v1");
	assert_string_equal(json_string_value(json_object_get(*root, "kind")),
			    "AdmissionReview");
	json_t *resp = json_object_get(*root, "response");
	assert_string_equal(json_string_value(json_object_get(resp, "uid")),
			    "0b1c-uid");
	assert_true(json_is_boolean(json_object_get(resp, "allowed")));
	return resp;
}

static void test_allowed(void **state)
{
	(void)state;
	struct adm_options o = opts();
	o.threshold = BH_SEV_INFO;
	char *body = review(hardened, "CREATE", "apps");
	struct adm_result r;
	json_t *root, *resp = run(body, &o, &r, &root);
	assert_true(json_is_true(json_object_get(resp, "allowed")));
	assert_null(json_object_get(resp, "status"));
	assert_int_equal(r.outcome, ADM_ALLOWED);
	assert_int_equal(r.nfindings, 0);
	json_decref(root);
	adm_result_free(&r);
	free(body);
}

static void test_denied(void **state)
{
	(void)state;
	struct adm_options o = opts();
	char *p = pod(1, "{\"privileged\":true}");
	char *body = review(p, "CREATE", "prod");
	struct adm_result r;
	json_t *root, *resp = run(body, &o, &r, &root);
	assert_true(json_is_false(json_object_get(resp, "allowed")));
	json_t *st = json_object_get(resp, "status");
	assert_int_equal(json_integer_value(json_object_get(st, "code")), 403);
	assert_string_equal(json_string_value(json_object_get(st, "message")),
			    "bulkhead: 1 finding(s) at or over high: BH3001 "
			    "critical: container \"c0\" of Pod \"p\" runs "
			    "privileged");
	assert_int_equal(r.outcome, ADM_DENIED);
	assert_int_equal(r.nrules, 1);
	assert_string_equal(r.rules[0], "BH3001");
	json_decref(root);
	adm_result_free(&r);
	/* a threshold over the finding's severity allows it */
	o.threshold = BH_SEV_CRITICAL;
	free(body);
	free(p);
	p = pod(1, "{\"runAsUser\":0}");
	body = review(p, "UPDATE", "prod");
	resp = run(body, &o, &r, &root);
	assert_true(json_is_true(json_object_get(resp, "allowed")));
	assert_int_equal(r.outcome, ADM_ALLOWED);
	json_decref(root);
	adm_result_free(&r);
	free(body);
	free(p);
}

static void test_message_bounded(void **state)
{
	(void)state;
	struct adm_options o = opts();
	char *p = pod(300, "{\"privileged\":true}");
	char *body = review(p, "CREATE", "prod");
	struct adm_result r;
	json_t *root, *resp = run(body, &o, &r, &root);
	const char *m = json_string_value(json_object_get(
		json_object_get(resp, "status"), "message"));
	assert_non_null(m);
	assert_true(strlen(m) <= ADM_MAX_MESSAGE + 100);
	assert_non_null(strstr(m, "bulkhead: 300 finding(s)"));
	assert_non_null(strstr(m, " more"));
	assert_int_equal(r.nfindings, 300);
	assert_int_equal(r.nrules, 1);
	json_decref(root);
	adm_result_free(&r);
	free(body);
	free(p);
}

static void test_warn(void **state)
{
	(void)state;
	struct adm_options o = opts();
	o.warn = true;
	char *p = pod(50, "{\"privileged\":true}");
	char *body = review(p, "CREATE", "prod");
	struct adm_result r;
	json_t *root, *resp = run(body, &o, &r, &root);
	assert_true(json_is_true(json_object_get(resp, "allowed")));
	assert_null(json_object_get(resp, "status"));
	json_t *ws = json_object_get(resp, "warnings");
	assert_int_equal(json_array_size(ws), ADM_MAX_WARNINGS);
	for (size_t i = 0; i < json_array_size(ws); i++)
		assert_true(strlen(json_string_value(json_array_get(ws, i))) <=
			    ADM_MAX_WARNING);
	assert_string_equal(json_string_value(json_array_get(ws, 0)),
			    "BH3001 critical: container \"c0\" of Pod \"p\" "
			    "runs privileged");
	assert_string_equal(json_string_value(json_array_get(ws,
		ADM_MAX_WARNINGS - 1)), "bulkhead: and 31 more finding(s)");
	assert_int_equal(r.outcome, ADM_WARNED);
	json_decref(root);
	adm_result_free(&r);
	free(body);
	free(p);
	/* one warning cut to 120 bytes, with "..." */
	char name[300];
	memset(name, 'n', 200);
	name[200] = '\0';
	assert_true(asprintf(&p, "{\"apiVersion\":\"v1\",\"kind\":\"Pod\","
			     "\"metadata\":{\"name\":\"%s\"},\"spec\":{"
			     "\"containers\":[{\"name\":\"c\",\"image\":\"x:1\","
			     "\"securityContext\":{\"privileged\":true}}]}}",
			     name) > 0);
	body = review(p, "CREATE", "prod");
	resp = run(body, &o, &r, &root);
	ws = json_object_get(resp, "warnings");
	assert_int_equal(json_array_size(ws), 1);
	const char *w = json_string_value(json_array_get(ws, 0));
	assert_int_equal(strlen(w), ADM_MAX_WARNING);
	assert_string_equal(w + ADM_MAX_WARNING - 3, "...");
	json_decref(root);
	adm_result_free(&r);
	free(body);
	free(p);
}

static void test_dry_run_exempt_delete(void **state)
{
	(void)state;
	struct adm_options o = opts();
	o.dry_run = true;
	char *p = pod(1, "{\"privileged\":true}");
	char *body = review(p, "CREATE", "prod");
	struct adm_result r;
	json_t *root, *resp = run(body, &o, &r, &root);
	assert_true(json_is_true(json_object_get(resp, "allowed")));
	assert_null(json_object_get(resp, "status"));
	assert_null(json_object_get(resp, "warnings"));
	assert_int_equal(r.outcome, ADM_DRY_RUN);
	assert_string_equal(r.rules[0], "BH3001");
	json_decref(root);
	adm_result_free(&r);
	free(body);

	const char *ex[] = { "kube-system", "monitoring" };
	o = opts();
	o.exempt = ex;
	o.nexempt = 2;
	body = review(p, "CREATE", "monitoring");
	resp = run(body, &o, &r, &root);
	assert_true(json_is_true(json_object_get(resp, "allowed")));
	assert_int_equal(r.outcome, ADM_EXEMPT);
	json_decref(root);
	adm_result_free(&r);
	free(body);
	body = review(p, "CREATE", "monitoring-2");
	resp = run(body, &o, &r, &root);
	assert_int_equal(r.outcome, ADM_DENIED);
	json_decref(root);
	adm_result_free(&r);
	free(body);

	body = review(p, "DELETE", "prod");
	resp = run(body, &o, &r, &root);
	assert_true(json_is_true(json_object_get(resp, "allowed")));
	assert_int_equal(r.outcome, ADM_SKIPPED);
	json_decref(root);
	adm_result_free(&r);
	free(body);
	free(p);
}

/* Checks one review with o: its outcome, allowed or not, and its
 * status message (NULL: none). */
static void expect(const char *body, const struct adm_options *o,
		   enum adm_outcome want, bool allowed, const char *message)
{
	struct adm_result r;
	json_t *root, *resp = run(body, o, &r, &root);
	assert_int_equal(r.outcome, want);
	assert_int_equal(json_is_true(json_object_get(resp, "allowed")),
			 allowed);
	const char *m = json_string_value(json_object_get(
		json_object_get(resp, "status"), "message"));
	if (message) {
		assert_non_null(m);
		assert_string_equal(m, message);
	} else {
		assert_null(m);
	}
	json_decref(root);
	adm_result_free(&r);
}

/* CREATE and UPDATE carry the object: without one (null, absent, not an
 * object) there is nothing to audit, so denied saying why (fail-closed,
 * as an unreadable object), allowed with a warning under --fail-open;
 * DELETE and CONNECT without one are allowed unread; an exempt
 * namespace stays exempt. */
static void test_no_object(void **state)
{
	(void)state;
	struct adm_options o = opts();
	const char *deny = "bulkhead: not audited, so denied (serve "
			   "--fail-open admits such objects): ";
	char want[200];
	char *body = review("null", "CREATE", "prod");
	snprintf(want, sizeof(want), "%sCREATE request without an object",
		 deny);
	expect(body, &o, ADM_UNSCANNED, false, want);
	free(body);
	body = review("[]", "UPDATE", "prod");
	snprintf(want, sizeof(want), "%sUPDATE request without an object",
		 deny);
	expect(body, &o, ADM_UNSCANNED, false, want);
	free(body);
	/* no "object" key, and no operation */
	body = strdup("{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":"
		      "\"AdmissionReview\",\"request\":{\"uid\":\"0b1c-uid\","
		      "\"namespace\":\"prod\"}}");
	assert_non_null(body);
	snprintf(want, sizeof(want), "%sa request without an object", deny);
	expect(body, &o, ADM_UNSCANNED, false, want);
	free(body);
	body = review("null", "DELETE", "prod");
	expect(body, &o, ADM_SKIPPED, true, NULL);
	free(body);
	body = review("null", "CONNECT", "prod");
	expect(body, &o, ADM_SKIPPED, true, NULL);
	free(body);

	/* --fail-open: allowed, one warning saying why */
	o.fail_open = true;
	body = review("null", "CREATE", "prod");
	struct adm_result r;
	json_t *root, *resp = run(body, &o, &r, &root);
	assert_int_equal(r.outcome, ADM_UNSCANNED);
	assert_true(json_is_true(json_object_get(resp, "allowed")));
	json_t *ws = json_object_get(resp, "warnings");
	assert_int_equal(json_array_size(ws), 1);
	assert_string_equal(json_string_value(json_array_get(ws, 0)),
			    "bulkhead: not audited: CREATE request without "
			    "an object");
	json_decref(root);
	adm_result_free(&r);
	free(body);

	const char *ex[] = { "kube-system" };
	o = opts();
	o.exempt = ex;
	o.nexempt = 1;
	body = review("null", "CREATE", "kube-system");
	expect(body, &o, ADM_EXEMPT, true, NULL);
	free(body);
}

static void test_not_k8s_object(void **state)
{
	(void)state;
	struct adm_options o = opts();
	char *body = review("{\"spec\":{}}", "CREATE", "prod");
	struct adm_result r;
	/* by default what cannot be audited is denied, saying why */
	json_t *root, *resp = run(body, &o, &r, &root);
	assert_false(json_is_true(json_object_get(resp, "allowed")));
	assert_int_equal(r.outcome, ADM_UNSCANNED);
	const char *m = json_string_value(json_object_get(
		json_object_get(resp, "status"), "message"));
	assert_non_null(m);
	assert_int_equal(strncmp(m, "bulkhead: not audited, so denied "
				 "(serve --fail-open admits such objects): "
				 "admission:Pod/prod/p", 84), 0);
	assert_null(json_object_get(resp, "warnings"));
	json_decref(root);
	adm_result_free(&r);
	/* --fail-open: allowed, with a warning saying why */
	o.fail_open = true;
	resp = run(body, &o, &r, &root);
	assert_true(json_is_true(json_object_get(resp, "allowed")));
	assert_int_equal(r.outcome, ADM_UNSCANNED);
	json_t *ws = json_object_get(resp, "warnings");
	assert_int_equal(json_array_size(ws), 1);
	const char *w = json_string_value(json_array_get(ws, 0));
	assert_int_equal(strncmp(w, "bulkhead: not audited: admission:Pod/"
				 "prod/p", 43), 0);
	assert_true(strlen(w) <= ADM_MAX_WARNING);
	json_decref(root);
	adm_result_free(&r);
	free(body);
	/* a name cut inside a UTF-8 sequence still gives a JSON answer */
	char obj[300];
	snprintf(obj, sizeof(obj), "{\"metadata\":{\"name\":\"%079d\xc3\xa9"
		 "\"}}", 0);
	/* no request.name: the object's own is used */
	assert_true(asprintf(&body, "{\"apiVersion\":\"admission.k8s.io/v1\","
			     "\"kind\":\"AdmissionReview\",\"request\":{"
			     "\"uid\":\"0b1c-uid\",\"operation\":\"CREATE\","
			     "\"namespace\":\"prod\",\"object\":%s}}", obj) > 0);
	resp = run(body, &o, &r, &root);
	assert_int_equal(r.outcome, ADM_UNSCANNED);
	w = json_string_value(json_array_get(json_object_get(resp, "warnings"),
					     0));
	assert_non_null(w);
	assert_non_null(strstr(w, "admission:-/prod/000"));
	json_decref(root);
	adm_result_free(&r);
	free(body);
}

static void bad(const char *body, size_t len, int status, const char *what)
{
	struct adm_options o = opts();
	struct adm_result r;
	assert_int_equal(adm_review(body, len, &o, &r), BH_OK);
	assert_int_equal(r.status, status);
	assert_int_equal(r.outcome, status == 413 ? ADM_TOO_LARGE
						  : ADM_BAD_REQUEST);
	json_t *j = json_loads(r.body, 0, NULL);
	assert_non_null(j);
	assert_int_equal(json_object_size(j), 1);
	const char *e = json_string_value(json_object_get(j, "error"));
	assert_non_null(e);
	if (!strstr(e, what))
		fail_msg("error \"%s\" lacks \"%s\"", e, what);
	/* one line */
	assert_ptr_equal(strchr(r.body, '\n'), r.body + r.body_len - 1);
	json_decref(j);
	adm_result_free(&r);
}

static void test_bad_requests(void **state)
{
	(void)state;
	bad("{\"kind\":", 8, 400, "malformed JSON at line 1");
	bad("", 0, 400, "malformed JSON");
	bad("[1,2]", 5, 400, "not an AdmissionReview");
	const char *pod_json = "{\"apiVersion\":\"v1\",\"kind\":\"Pod\"}";
	bad(pod_json, strlen(pod_json), 400, "not an AdmissionReview");
	const char *v1beta1 = "{\"apiVersion\":\"admission.k8s.io/v1beta1\","
			      "\"kind\":\"AdmissionReview\",\"request\":{"
			      "\"uid\":\"u\"}}";
	bad(v1beta1, strlen(v1beta1), 400, "not an AdmissionReview");
	const char *noreq = "{\"apiVersion\":\"admission.k8s.io/v1\","
			    "\"kind\":\"AdmissionReview\"}";
	bad(noreq, strlen(noreq), 400, "request");
	const char *nouid = "{\"apiVersion\":\"admission.k8s.io/v1\","
			    "\"kind\":\"AdmissionReview\",\"request\":{"
			    "\"uid\":7}}";
	bad(nouid, strlen(nouid), 400, "uid");
	char *longuid = NULL;
	char u[400];
	memset(u, 'u', 300);
	u[300] = '\0';
	assert_true(asprintf(&longuid, "{\"apiVersion\":\"admission.k8s.io/"
			     "v1\",\"kind\":\"AdmissionReview\",\"request\":"
			     "{\"uid\":\"%s\"}}", u) > 0);
	bad(longuid, strlen(longuid), 400, "uid");
	free(longuid);
	/* duplicate keys are refused: no second "object" to hide behind */
	const char *dup = "{\"apiVersion\":\"admission.k8s.io/v1\","
			  "\"kind\":\"AdmissionReview\",\"kind\":\"x\"}";
	bad(dup, strlen(dup), 400, "malformed JSON");
	/* too large: refused by length, never parsed */
	bad("{", ADM_MAX_BODY + 1, 413, "too large");
}

static void test_secret_not_in_response(void **state)
{
	(void)state;
	char tok[64];
	snprintf(tok, sizeof(tok), "%s%s", "gh" "p_",
		 "R8d2kQ7xLmP4vN9sT3wY6zB1cF5hJ0aE2gK4");
	char *p = NULL;
	assert_true(asprintf(&p, "{\"apiVersion\":\"v1\",\"kind\":\"Pod\","
			     "\"metadata\":{\"name\":\"p\"},\"spec\":{"
			     "\"containers\":[{\"name\":\"c\",\"image\":\"x:1\","
			     "\"env\":[{\"name\":\"GITHUB_TOKEN\",\"value\":"
			     "\"%s\"}]}]}}", tok) > 0);
	char *body = review(p, "CREATE", "prod");
	struct adm_options o = opts();
	o.threshold = BH_SEV_INFO;
	struct adm_result r;
	json_t *root;
	(void)run(body, &o, &r, &root);
	assert_int_equal(r.outcome, ADM_DENIED);
	assert_true(r.nfindings > 0);
	assert_null(strstr(r.body, tok));
	assert_null(strstr(r.body, tok + 4));
	json_decref(root);
	adm_result_free(&r);
	o.warn = true;
	(void)run(body, &o, &r, &root);
	assert_null(strstr(r.body, tok + 4));
	json_decref(root);
	adm_result_free(&r);
	free(body);
	free(p);
}

/* bh_scan_buffer(): the same findings as the pipeline gives a file */
static void test_scan_buffer(void **state)
{
	(void)state;
	const char *y = "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\n"
			"spec:\n  containers:\n  - name: c\n    image: x:1\n"
			"    securityContext: {privileged: true}\n";
	struct bh_scan_result res;
	assert_int_equal(bh_scan_buffer("mem:p", "kubernetes", y, strlen(y),
					&cfg, &res), BH_OK);
	assert_int_equal(res.nerrors, 0);
	assert_int_equal(res.nscanned, 1);
	bool priv = false;
	for (size_t i = 0; i < res.found.n; i++)
		if (!strcmp(res.found.v[i].rule->id, "BH3001")) {
			priv = true;
			assert_string_equal(res.found.v[i].file, "mem:p");
			assert_int_equal(res.found.v[i].span.line, 8);
		}
	assert_true(priv);
	bh_scan_result_free(&res);
	/* not YAML: an input error naming the input */
	assert_int_not_equal(bh_scan_buffer("mem:q", "kubernetes", "a: [", 4,
					    &cfg, &res), BH_OK);
	assert_int_equal(res.nerrors, 1);
	assert_int_equal(strncmp(res.errors[0].message, "mem:q:", 6), 0);
	bh_scan_result_free(&res);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_allowed),
		cmocka_unit_test(test_denied),
		cmocka_unit_test(test_message_bounded),
		cmocka_unit_test(test_warn),
		cmocka_unit_test(test_dry_run_exempt_delete),
		cmocka_unit_test(test_no_object),
		cmocka_unit_test(test_not_k8s_object),
		cmocka_unit_test(test_bad_requests),
		cmocka_unit_test(test_secret_not_in_response),
		cmocka_unit_test(test_scan_buffer),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
