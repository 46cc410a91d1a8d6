/* SPDX-License-Identifier: Apache-2.0
 *
 * test_k8s.c - the Kubernetes model and format: where each workload kind
 * keeps its pod spec, pod-level securityContext inheritance, List items,
 * absolute positions after a broken document, name matching and
 * sniffing, explicit vs walked inputs, partial objects (overlays) and
 * pod templates inside custom resources, and bounded handling of
 * hostile input.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/config.h"
#include "core/finding.h"
#include "model/k8s_model.h"
#include "core/scan_k8s.h"
#include "parse/yml.h"
#include "rules/rule.h"
#include "util/arena.h"
#include "util/diag.h"

struct built {
	struct arena a;
	struct k8s_model m;
	struct diag d;
};

static void build(struct built *b, const char *text)
{
	arena_init(&b->a, 0);
	memset(&b->m, 0, sizeof(b->m));
	diag_init(&b->d, "t.yaml");
	struct yml_stream st;
	assert_int_equal(yml_parse(&b->a, text, strlen(text), NULL, &st, &b->d),
			 BH_OK);
	for (size_t i = 0; i < st.ndocs; i++)
		assert_int_equal(k8s_model_add_doc(&b->a, &b->m, st.docs[i].root,
						   0, &b->d), BH_OK);
}

static void workload_kinds(void **state)
{
	(void)state;
	static const struct {
		const char *doc;
		const char *kind;
		int line;           /* of the container's "name:" */
	} t[] = {
		{ "apiVersion: v1\nkind: Pod\nspec:\n  containers:\n"
		  "  - name: c\n", "Pod", 5 },
		{ "apiVersion: apps/v1\nkind: Deployment\nspec:\n  template:\n"
		  "    spec:\n      containers:\n      - name: c\n",
		  "Deployment", 7 },
		{ "apiVersion: batch/v1\nkind: CronJob\nspec:\n  jobTemplate:\n"
		  "    spec:\n      template:\n        spec:\n"
		  "          containers:\n          - name: c\n", "CronJob", 9 },
		{ "apiVersion: v1\nkind: PodTemplate\ntemplate:\n  spec:\n"
		  "    containers:\n    - name: c\n", "PodTemplate", 6 },
	};
	for (size_t i = 0; i < sizeof(t) / sizeof(*t); i++) {
		struct built b;
		build(&b, t[i].doc);
		assert_int_equal(b.m.nobjects, 1);
		const struct k8s_object *o = &b.m.objects[0];
		assert_string_equal(o->kind, t[i].kind);
		assert_non_null(o->pod);
		assert_int_equal(o->pod->ncontainers, 1);
		assert_string_equal(o->pod->containers[0].name, "c");
		assert_int_equal(o->pod->containers[0].line, t[i].line);
		assert_int_equal(o->batch, !strcmp(t[i].kind, "CronJob"));
		arena_free(&b.a);
	}
}

static void non_workloads_and_lists(void **state)
{
	(void)state;
	struct built b;
	build(&b, "apiVersion: v1\nkind: Service\nmetadata: {name: s}\n---\n"
		  "apiVersion: v1\nkind: List\nitems:\n"
		  "- {apiVersion: v1, kind: Pod, spec: {containers: [{name: a}]}}\n"
		  "- not an object\n"
		  "- {apiVersion: v1, kind: ConfigMap}\n---\n"
		  "just: yaml\n---\n");
	assert_int_equal(b.m.ndocs, 4);
	assert_int_equal(b.m.nobjects, 3);
	assert_string_equal(b.m.objects[0].kind, "Service");
	assert_null(b.m.objects[0].pod);
	assert_string_equal(b.m.objects[0].name, "s");
	assert_string_equal(b.m.objects[1].kind, "Pod");
	assert_non_null(b.m.objects[1].pod);
	assert_string_equal(b.m.objects[2].kind, "ConfigMap");
	assert_int_equal(b.m.objects[2].doc, 1);
	assert_false(k8s_is_object(b.m.docs[2].root));
	arena_free(&b.a);
}

static void partial_and_custom_resources(void **state)
{
	(void)state;
	struct built b;
	/* overlays: no image, no selector (apps/v1 only); whole objects */
	build(&b, "apiVersion: apps/v1\nkind: Deployment\nspec:\n"
		  "  selector: {}\n  template:\n    spec:\n"
		  "      containers: [{name: a}]\n---\n"
		  "apiVersion: apps/v1\nkind: Deployment\nspec:\n  template:\n"
		  "    spec:\n      containers: [{name: a, image: x}]\n---\n"
		  "apiVersion: extensions/v1beta1\nkind: Deployment\nspec:\n"
		  "  template:\n    spec:\n"
		  "      containers: [{name: a, image: x}]\n---\n"
		  "apiVersion: v1\nkind: Pod\nspec:\n"
		  "  containers: [{name: a, image: x}]\n"
		  "  ephemeralContainers: [{name: d}]\n");
	assert_int_equal(b.m.nobjects, 4);
	assert_int_equal(b.m.objects[0].partial, K8S_PARTIAL_NO_IMAGE);
	assert_int_equal(b.m.objects[1].partial, K8S_PARTIAL_NO_SELECTOR);
	assert_false(k8s_is_partial(&b.m.objects[2]));
	assert_false(k8s_is_partial(&b.m.objects[3]));
	arena_free(&b.a);

	/* a JobSet with two pod templates gives two objects; a CRD's
	 * schema, a ConfigMap and Argo steps give none */
	build(&b, "apiVersion: jobset.x-k8s.io/v1alpha2\nkind: JobSet\n"
		  "metadata: {name: j}\nspec:\n  replicatedJobs:\n"
		  "  - template: {spec: {template: {spec: {containers: "
		  "[{name: a, image: x}]}}}}\n"
		  "  - template: {spec: {template: {spec: {containers: "
		  "[{name: b, image: y}, {name: c, image: z}]}}}}\n---\n"
		  "apiVersion: apiextensions.k8s.io/v1\n"
		  "kind: CustomResourceDefinition\nspec: {containers: "
		  "[{name: a, image: x}]}\n---\n"
		  "apiVersion: argoproj.io/v1alpha1\nkind: Workflow\nspec:\n"
		  "  templates:\n  - steps: [[{name: a, template: b}]]\n"
		  "  - name: b\n    container: {image: x, command: [sh]}\n");
	assert_int_equal(b.m.nobjects, 4);
	assert_string_equal(b.m.objects[0].kind, "JobSet");
	assert_true(b.m.objects[0].custom);
	assert_int_equal(b.m.objects[0].pod->ncontainers, 1);
	assert_string_equal(b.m.objects[0].pod->containers[0].name, "a");
	assert_string_equal(b.m.objects[1].kind, "JobSet");
	assert_string_equal(b.m.objects[1].name, "j");
	assert_int_equal(b.m.objects[1].pod->ncontainers, 2);
	assert_null(b.m.objects[2].pod);
	assert_string_equal(b.m.objects[3].kind, "Workflow");
	assert_int_equal(b.m.objects[3].pod->ncontainers, 1);
	assert_false(k8s_is_partial(&b.m.objects[3]));
	arena_free(&b.a);

	/* bounded: pods nested past the depth bound are not searched, and
	 * at most 256 pods come from one resource */
	char *text = malloc(64 * 1024);
	assert_non_null(text);
	size_t k = (size_t)sprintf(text, "apiVersion: x/v1\nkind: Deep\nspec: ");
	for (int i = 0; i < 30; i++)
		k += (size_t)sprintf(text + k, "{a: ");
	k += (size_t)sprintf(text + k, "{containers: [{name: c, image: x}]}");
	for (int i = 0; i < 30; i++)
		text[k++] = '}';
	k += (size_t)sprintf(text + k, "\n---\napiVersion: x/v1\nkind: Wide\n"
			     "spec:\n");
	for (int i = 0; i < 300; i++)
		k += (size_t)sprintf(text + k, "  p%d: {containers: [{name: c, "
				     "image: x}]}\n", i);
	text[k] = '\0';
	build(&b, text);
	assert_int_equal(b.m.nobjects, 1 + 256);
	assert_null(b.m.objects[0].pod);
	arena_free(&b.a);
	free(text);
}

static void security_context_inheritance(void **state)
{
	(void)state;
	struct built b;
	build(&b, "apiVersion: v1\nkind: Pod\nspec:\n"
		  "  securityContext:\n"
		  "    runAsUser: 1000\n"
		  "    runAsNonRoot: true\n"
		  "    seccompProfile: {type: Unconfined}\n"
		  "  initContainers:\n"
		  "  - name: init\n"
		  "  containers:\n"
		  "  - name: a\n"
		  "    securityContext:\n"
		  "      runAsUser: 0\n"
		  "      seccompProfile: {type: RuntimeDefault}\n"
		  "      privileged: ~\n"
		  "  ephemeralContainers:\n"
		  "  - name: dbg\n");
	const struct k8s_pod *p = b.m.objects[0].pod;
	assert_int_equal(p->ncontainers, 3);
	const struct k8s_container *init = &p->containers[0];
	const struct k8s_container *a = &p->containers[1];
	const struct k8s_container *dbg = &p->containers[2];
	assert_int_equal(init->type, K8S_INIT_CONTAINER);
	assert_int_equal(a->type, K8S_CONTAINER);
	assert_int_equal(dbg->type, K8S_EPHEMERAL_CONTAINER);
	long long uid = -1;
	/* the init container inherits the pod's values */
	assert_true(k8s_val_int(&init->run_as_user, &uid));
	assert_int_equal(uid, 1000);
	assert_true(init->run_as_user.inherited);
	assert_int_equal(init->run_as_user.line, 5);
	assert_string_equal(k8s_val_str(&init->seccomp_type), "Unconfined");
	/* the container overrides runAsUser and the whole seccompProfile */
	assert_true(k8s_val_int(&a->run_as_user, &uid));
	assert_int_equal(uid, 0);
	assert_false(a->run_as_user.inherited);
	assert_int_equal(a->run_as_user.line, 13);
	assert_int_equal(a->run_as_user.col, 7);
	assert_string_equal(k8s_val_str(&a->seccomp_type), "RuntimeDefault");
	bool nonroot = false;
	assert_true(k8s_val_bool(&a->run_as_non_root, &nonroot));
	assert_true(nonroot);
	assert_true(a->run_as_non_root.inherited);
	/* a null value counts as absent */
	assert_false(k8s_val_set(&a->privileged));
	/* the pod's own setting, even though "a" overrides it */
	struct k8s_val pod_sc = k8s_pod_sc(&b.m.objects[0], "seccompProfile.type");
	assert_string_equal(k8s_val_str(&pod_sc), "Unconfined");
	assert_int_equal(pod_sc.line, 7);
	pod_sc = k8s_pod_sc(&b.m.objects[0], "seLinuxOptions.type");
	assert_false(k8s_val_set(&pod_sc));
	/* container-only fields are never inherited */
	assert_false(k8s_val_set(&dbg->allow_privilege_escalation));
	arena_free(&b.a);
}

static void wrong_types_are_absent(void **state)
{
	(void)state;
	struct built b;
	build(&b, "apiVersion: v1\nkind: Pod\nspec:\n"
		  "  securityContext: [1, 2]\n"
		  "  containers:\n"
		  "  - just a string\n"
		  "  - name: [x]\n"
		  "    securityContext: yes\n"
		  "    resources: {limits: 5}\n"
		  "---\napiVersion: v1\nkind: Pod\nspec: [1]\n"
		  "---\napiVersion: v1\nkind: Deployment\nspec: {template: 3}\n");
	assert_int_equal(b.m.nobjects, 3);
	const struct k8s_pod *p = b.m.objects[0].pod;
	assert_int_equal(p->ncontainers, 1);
	assert_string_equal(p->containers[0].name, "");
	assert_false(k8s_val_set(&p->containers[0].security_context));
	assert_false(k8s_val_set(&p->containers[0].limits_cpu));
	assert_null(b.m.objects[1].pod);
	assert_null(b.m.objects[2].pod);
	arena_free(&b.a);
}

/* ---- the format ---- */

struct scanned {
	struct bh_config cfg;
	struct bh_findings out;
	struct diag d;
	int rc;
};

static void scan(struct scanned *s, const char *path, const char *text,
		 bool explicit)
{
	bh_config_init(&s->cfg);
	memset(&s->out, 0, sizeof(s->out));
	diag_init(&s->d, path);
	struct bh_input in = { path, NULL, text, strlen(text), explicit };
	struct bh_scan_ctx ctx = { &s->cfg, &s->out, &s->d, NULL, NULL, NULL, "", NULL };
	s->rc = bh_format_kubernetes.scan(&in, &ctx);
}

static void scan_free(struct scanned *s)
{
	bh_findings_free(&s->out);
	bh_config_free(&s->cfg);
}

static size_t count(const struct scanned *s, const char *id, int line)
{
	size_t n = 0;
	for (size_t i = 0; i < s->out.n; i++)
		if (!strcmp(s->out.v[i].rule->id, id) &&
		    (!line || s->out.v[i].span.line == line))
			n++;
	return n;
}

static void names_and_sniff(void **state)
{
	(void)state;
	const struct bh_format *f = &bh_format_kubernetes;
	assert_true(f->match_name("deploy.yaml"));
	assert_true(f->match_name("app.yml"));
	assert_true(f->match_name("Service.YAML"));
	assert_false(f->match_name("docker-compose.yml"));
	assert_false(f->match_name("compose.prod.yaml"));
	/* Kustomize names are taken, to be read for inline patches or
	 * named as skipped and why (k8s_refuse) */
	assert_true(f->match_name("kustomization.yaml"));
	assert_true(f->match_name("Kustomization"));
	assert_false(f->match_name("Chart.yaml"));
	assert_false(f->match_name("values-prod.yaml"));
	assert_false(f->match_name(".pre-commit-config.yaml"));
	assert_false(f->match_name(".bulkhead.yaml"));
	assert_false(f->match_name("Dockerfile"));
	assert_false(f->match_name("pod.json"));
	const char *m = "# c\napiVersion: v1\nkind: Pod\n";
	assert_int_equal(f->sniff(m, strlen(m)), 90);
	const char *j = " {\"kind\": \"Pod\", \"apiVersion\": \"v1\"}";
	assert_int_equal(f->sniff(j, strlen(j)), 60);
	const char *c = "services:\n  a: {image: x}\n";
	assert_int_equal(f->sniff(c, strlen(c)), 0);
	const char *indented = "spec:\n  apiVersion: v1\n  kind: Pod\n";
	assert_int_equal(f->sniff(indented, strlen(indented)), 0);
	/* a directory walk asks formats in table order: compose first */
	assert_string_equal(bh_format_for_name("compose.yaml")->name,
			    "compose");
	assert_string_equal(bh_format_for_name("pod.yaml")->name,
			    "kubernetes");
	assert_ptr_equal(bh_format_named("k8s"), &bh_format_kubernetes);
}

static const char *priv_pod =
	"apiVersion: v1\nkind: Pod\nmetadata: {name: a}\nspec:\n"
	"  containers:\n  - name: a\n    image: x:1\n"
	"    securityContext: {privileged: true}\n";

static void broken_document_keeps_the_rest(void **state)
{
	(void)state;
	char text[1024];
	snprintf(text, sizeof(text), "%s---\nkey: [unclosed\n---\n%s",
		 priv_pod, priv_pod);
	struct scanned s;
	scan(&s, "t.yaml", text, false);
	assert_int_equal(s.rc, BH_EPARSE);
	assert_int_equal(s.d.line, 10);  /* absolute, in the 2nd document */
	assert_int_equal(count(&s, "BH3001", 8), 1);
	assert_int_equal(count(&s, "BH3001", 19), 1);
	scan_free(&s);
}

static void walked_vs_explicit(void **state)
{
	(void)state;
	struct scanned s;
	/* other YAML, valid or not: silent when walked, an error when named */
	static const char *const other[] = {
		"server:\n  port: 80\n", "- [unclosed\n", "42\n",
	};
	for (size_t i = 0; i < 3; i++) {
		scan(&s, "x.yaml", other[i], false);
		assert_int_equal(s.rc, BH_OK);
		assert_false(diag_failed(&s.d));
		assert_int_equal(s.out.n, 0);
		scan_free(&s);
		scan(&s, "x.yaml", other[i], true);
		assert_int_equal(s.rc, BH_EPARSE);
		assert_int_equal(s.d.line, 1);
		scan_free(&s);
	}
	/* a chart template is skipped when walked even if it parses */
	scan(&s, "chart/templates/pod.yaml",
	     "apiVersion: v1\nkind: Pod\nmetadata: {name: {{ .Release.Name }}}\n"
	     "spec: {containers: [{name: a, securityContext: {privileged: true}}]}\n",
	     false);
	assert_int_equal(s.rc, BH_OK);
	assert_int_equal(s.out.n, 0);
	scan_free(&s);
	/* empty documents are fine in both modes */
	scan(&s, "x.yaml", "---\n---\n# only a comment\n", true);
	assert_int_equal(s.rc, BH_OK);
	scan_free(&s);
}

static void restricted_profile(void **state)
{
	(void)state;
	struct scanned s;
	/* restricted is the default: BH3016 runs */
	scan(&s, "t.yaml", priv_pod, false);
	assert_int_equal(count(&s, "BH3016", 6), 1);
	scan_free(&s);
	/* baseline turns it off */
	bh_config_init(&s.cfg);
	s.cfg.profile = BH_PROFILE_BASELINE;
	memset(&s.out, 0, sizeof(s.out));
	diag_init(&s.d, "t.yaml");
	struct bh_input in = { "t.yaml", NULL, priv_pod, strlen(priv_pod), true };
	struct bh_scan_ctx ctx = { &s.cfg, &s.out, &s.d, NULL, NULL, NULL, "", NULL };
	assert_int_equal(bh_format_kubernetes.scan(&in, &ctx), BH_OK);
	assert_int_equal(count(&s, "BH3016", 0), 0);
	scan_free(&s);
}

static void hostile_input_is_bounded(void **state)
{
	(void)state;
	/* deep nesting, many documents, a huge List: no crash, bounded */
	size_t n = 300 * 2 + 64;
	char *deep = malloc(n);
	assert_non_null(deep);
	size_t k = 0;
	k += (size_t)snprintf(deep + k, n - k, "apiVersion: v1\nkind: Pod\nx: ");
	for (int i = 0; i < 250; i++)
		deep[k++] = '[';
	for (int i = 0; i < 250; i++)
		deep[k++] = ']';
	deep[k++] = '\n';
	deep[k] = '\0';
	struct scanned s;
	scan(&s, "t.yaml", deep, true);
	assert_int_equal(s.rc, BH_ELIMIT);
	scan_free(&s);
	free(deep);

	size_t docs = 12000;
	char *many = malloc(docs * 4 + 1);
	assert_non_null(many);
	for (size_t i = 0; i < docs; i++)
		memcpy(many + i * 4, "---\n", 4);
	many[docs * 4] = '\0';
	scan(&s, "t.yaml", many, true);
	assert_int_equal(s.rc, BH_ELIMIT);
	scan_free(&s);
	free(many);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(workload_kinds),
		cmocka_unit_test(non_workloads_and_lists),
		cmocka_unit_test(partial_and_custom_resources),
		cmocka_unit_test(security_context_inheritance),
		cmocka_unit_test(wrong_types_are_absent),
		cmocka_unit_test(names_and_sniff),
		cmocka_unit_test(broken_document_keeps_the_rest),
		cmocka_unit_test(walked_vs_explicit),
		cmocka_unit_test(restricted_profile),
		cmocka_unit_test(hostile_input_is_bounded),
	};
	bh_ruleset_use(&bh_rules_all);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
