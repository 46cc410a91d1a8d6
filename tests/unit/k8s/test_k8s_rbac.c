/* SPDX-License-Identifier: Apache-2.0
 *
 * test_k8s_rbac.c - the RBAC view of the Kubernetes model: rules:
 * entries with their lists, aggregated ClusterRoles, roleRef and
 * subjects, the authorizer's resource matching ("*" + "/sub"), API group
 * matching (a null item is the core group), resourceNames, RBAC API
 * groups (a custom resource called Role is none), wrong shapes read as
 * absent, and k8s_rbac_bad_shape() naming the first of them.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "model/k8s_model.h"
#include "model/k8s_rbac.h"
#include "parse/yml.h"
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

static void role_entries(void **state)
{
	(void)state;
	struct built b;
	build(&b, "apiVersion: rbac.authorization.k8s.io/v1\n"
		  "kind: Role\n"
		  "metadata: {name: r}\n"
		  "rules:\n"
		  "- apiGroups: [\"\", apps]\n"
		  "  resources: [pods, \"*/exec\", deployments]\n"
		  "  verbs: [get]\n"
		  "  resourceNames: [a]\n"
		  "- just a string\n"
		  "- apiGroups: [null]\n"
		  "  resources: secrets\n"
		  "  verbs: [\"*\"]\n"
		  "  resourceNames: [\"*\"]\n");
	assert_int_equal(b.m.nobjects, 1);
	const struct k8s_object *o = &b.m.objects[0];
	assert_int_equal(k8s_rbac_kind(o), K8S_RBAC_ROLE);
	assert_int_equal(k8s_rbac_nrules(o), 3);

	struct k8s_rbac_rule r;
	assert_true(k8s_rbac_rule_at(o, 0, &r));
	assert_true(k8s_rbac_in_group(&r, ""));
	assert_true(k8s_rbac_in_group(&r, "apps"));
	assert_false(k8s_rbac_in_group(&r, "batch"));
	const struct yml_node *n = k8s_rbac_resource(&r, "pods/exec");
	assert_non_null(n);
	assert_string_equal(n->str, "*/exec");
	assert_int_equal(n->line, 6);
	assert_null(k8s_rbac_resource(&r, "pods/attach"));
	assert_non_null(k8s_rbac_resource(&r, "pods"));
	assert_null(k8s_rbac_resource(&r, "secrets"));
	assert_non_null(k8s_rbac_find(r.verbs, "get"));
	assert_true(k8s_rbac_named_only(&r));

	assert_false(k8s_rbac_rule_at(o, 1, &r));   /* not a mapping */

	assert_true(k8s_rbac_rule_at(o, 2, &r));
	assert_true(k8s_rbac_in_group(&r, ""));     /* null = core */
	assert_false(k8s_rbac_in_group(&r, "apps"));
	assert_null(r.resources);                   /* a string */
	assert_null(k8s_rbac_resource(&r, "secrets"));
	assert_non_null(k8s_rbac_find(r.verbs, "*"));
	assert_false(k8s_rbac_named_only(&r));      /* "*" names nothing */

	assert_false(k8s_rbac_rule_at(o, 3, &r));   /* out of range */
	arena_free(&b.a);
}

static void aggregated_and_missing_groups(void **state)
{
	(void)state;
	struct built b;
	build(&b, "apiVersion: rbac.authorization.k8s.io/v1\n"
		  "kind: ClusterRole\n"
		  "metadata: {name: agg}\n"
		  "aggregationRule:\n"
		  "  clusterRoleSelectors: [{matchLabels: {a: b}}]\n"
		  "rules: [{apiGroups: [\"*\"], resources: [\"*\"], "
		  "verbs: [\"*\"]}]\n"
		  "---\n"
		  "apiVersion: rbac.authorization.k8s.io/v1\n"
		  "kind: ClusterRole\n"
		  "metadata: {name: nogroups}\n"
		  "rules: [{resources: [secrets], verbs: [get]}, "
		  "{apiGroups: \"*\", resources: [secrets], verbs: [get]}]\n"
		  "---\n"
		  "apiVersion: v1\n"
		  "kind: ConfigMap\n"
		  "metadata: {name: c}\n"
		  "rules: [{verbs: [get]}]\n"
		  "---\n"
		  "apiVersion: example.com/v1\n"
		  "kind: Role\n"
		  "metadata: {name: custom}\n"
		  "rules: [{verbs: [get]}]\n"
		  "---\n"
		  "apiVersion: authorization.openshift.io/v1\n"
		  "kind: Role\n"
		  "metadata: {name: os}\n"
		  "rules: [{verbs: [get]}]\n");
	assert_int_equal(b.m.nobjects, 5);
	assert_int_equal(k8s_rbac_kind(&b.m.objects[3]), K8S_RBAC_NONE);
	assert_int_equal(k8s_rbac_nrules(&b.m.objects[3]), 0);
	assert_int_equal(k8s_rbac_kind(&b.m.objects[4]), K8S_RBAC_ROLE);
	assert_int_equal(k8s_rbac_nrules(&b.m.objects[4]), 1);
	assert_int_equal(k8s_rbac_kind(&b.m.objects[0]),
			 K8S_RBAC_CLUSTER_ROLE);
	assert_int_equal(k8s_rbac_nrules(&b.m.objects[0]), 0);
	struct k8s_rbac_rule r;
	assert_int_equal(k8s_rbac_nrules(&b.m.objects[1]), 2);
	assert_true(k8s_rbac_rule_at(&b.m.objects[1], 0, &r));
	assert_true(k8s_rbac_in_group(&r, ""));     /* missing: any group */
	assert_true(k8s_rbac_rule_at(&b.m.objects[1], 1, &r));
	assert_false(k8s_rbac_in_group(&r, ""));    /* wrong shape: none */
	assert_int_equal(k8s_rbac_kind(&b.m.objects[2]), K8S_RBAC_NONE);
	assert_int_equal(k8s_rbac_nrules(&b.m.objects[2]), 0);
	arena_free(&b.a);
}

static void bindings(void **state)
{
	(void)state;
	struct built b;
	build(&b, "apiVersion: v1\n"
		  "kind: List\n"
		  "items:\n"
		  "- apiVersion: rbac.authorization.k8s.io/v1\n"
		  "  kind: ClusterRoleBinding\n"
		  "  metadata: {name: b}\n"
		  "  roleRef: {kind: ClusterRole, name: cluster-admin}\n"
		  "  subjects:\n"
		  "  - {kind: Group, name: system:masters}\n"
		  "  - 42\n"
		  "  - kind: ServiceAccount\n"
		  "    name: sa\n"
		  "    namespace: ns\n"
		  "- apiVersion: rbac.authorization.k8s.io/v1\n"
		  "  kind: RoleBinding\n"
		  "  metadata: {name: odd}\n"
		  "  roleRef: cluster-admin\n"
		  "  subjects: {kind: User, name: system:anonymous}\n");
	assert_int_equal(b.m.nobjects, 2);
	const struct k8s_object *o = &b.m.objects[0];
	struct k8s_rbac_ref ref;
	assert_true(k8s_rbac_role_ref(o, &ref));
	assert_string_equal(ref.kind, "ClusterRole");
	assert_string_equal(ref.name, "cluster-admin");
	assert_non_null(ref.name_node);
	assert_int_equal(ref.name_node->line, 7);
	assert_int_equal(k8s_rbac_nsubjects(o), 3);
	struct k8s_rbac_subject s;
	assert_true(k8s_rbac_subject_at(o, 0, &s));
	assert_string_equal(s.kind, "Group");
	assert_string_equal(s.name, "system:masters");
	assert_false(k8s_rbac_subject_at(o, 1, &s));
	assert_string_equal(s.name, "");
	assert_true(k8s_rbac_subject_at(o, 2, &s));
	assert_string_equal(s.ns, "ns");

	o = &b.m.objects[1];
	assert_int_equal(k8s_rbac_kind(o), K8S_RBAC_ROLE_BINDING);
	assert_false(k8s_rbac_role_ref(o, &ref));
	assert_string_equal(ref.name, "");
	assert_int_equal(k8s_rbac_nsubjects(o), 0);
	arena_free(&b.a);
}

/* The first wrong shape of the one object of "text": its field, what is
 * wanted, and its line; field NULL: none. */
static void shape(const char *text, const char *field, const char *want,
		  int line)
{
	struct built b;
	build(&b, text);
	assert_true(b.m.nobjects >= 1);
	char f[96] = "";
	const char *w = "";
	const struct yml_node *n =
		k8s_rbac_bad_shape(&b.m.objects[0], f, sizeof(f), &w);
	if (!field) {
		assert_null(n);
	} else {
		assert_non_null(n);
		assert_string_equal(f, field);
		assert_string_equal(w, want);
		assert_int_equal(n->line, line);
	}
	arena_free(&b.a);
}

static void bad_shapes(void **state)
{
	(void)state;
	const char *role = "apiVersion: rbac.authorization.k8s.io/v1\n"
			   "kind: Role\n"
			   "metadata: {name: r}\n";
	const char *bind = "apiVersion: rbac.authorization.k8s.io/v1\n"
			   "kind: RoleBinding\n"
			   "metadata: {name: b}\n";
	char t[512];
	/* what the API server decodes: nulls, empty lists, a null item */
	snprintf(t, sizeof(t), "%srules:\n- ~\n- apiGroups: [\"\", ~]\n"
		 "  resources: [pods]\n  verbs: []\n- verbs: ~\n", role);
	shape(t, NULL, NULL, 0);
	snprintf(t, sizeof(t), "%srules: ~\n", role);
	shape(t, NULL, NULL, 0);
	/* what it refuses */
	snprintf(t, sizeof(t), "%srules: \"x\"\n", role);
	shape(t, "rules", "a list of mappings", 4);
	snprintf(t, sizeof(t), "%srules:\n- [get]\n", role);
	shape(t, "rules[0]", "a mapping", 5);
	snprintf(t, sizeof(t), "%srules:\n- verbs: [get]\n- verbs: \"*\"\n",
		 role);
	shape(t, "rules[1].verbs", "a list of strings", 6);
	snprintf(t, sizeof(t), "%srules:\n- resources: 5\n", role);
	shape(t, "rules[0].resources", "a list of strings", 5);
	snprintf(t, sizeof(t), "%srules:\n- resources: [pods, 5]\n", role);
	shape(t, "rules[0].resources[1]", "a string", 5);
	snprintf(t, sizeof(t), "%srules:\n- apiGroups: [{a: b}]\n", role);
	shape(t, "rules[0].apiGroups[0]", "a string", 5);
	/* a non-RBAC kind is none of its business */
	shape("apiVersion: example.com/v1\nkind: Role\nmetadata: {name: r}\n"
	      "rules: x\n", NULL, NULL, 0);
	/* bindings */
	snprintf(t, sizeof(t), "%sroleRef: admin\n", bind);
	shape(t, "roleRef", "a mapping", 4);
	snprintf(t, sizeof(t), "%sroleRef: {kind: ClusterRole, name: [a]}\n",
		 bind);
	shape(t, "roleRef.name", "a string", 4);
	snprintf(t, sizeof(t), "%ssubjects: {kind: User, name: x}\n", bind);
	shape(t, "subjects", "a list of mappings", 4);
	snprintf(t, sizeof(t), "%ssubjects:\n- kind: User\n  name: a\n- x\n",
		 bind);
	shape(t, "subjects[1]", "a mapping", 7);
	snprintf(t, sizeof(t), "%ssubjects:\n- kind: Group\n  name: true\n",
		 bind);
	shape(t, "subjects[0].name", "a string", 6);
	snprintf(t, sizeof(t), "%sroleRef: {kind: ClusterRole, name: view}\n"
		 "subjects:\n- ~\n- kind: Group\n  name: devs\n", bind);
	shape(t, NULL, NULL, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(role_entries),
		cmocka_unit_test(aggregated_and_missing_groups),
		cmocka_unit_test(bindings),
		cmocka_unit_test(bad_shapes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
