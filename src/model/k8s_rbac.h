/* SPDX-License-Identifier: Apache-2.0
 *
 * k8s_rbac.h - Kubernetes RBAC objects (Role, ClusterRole, RoleBinding,
 * ClusterRoleBinding) as the RBAC rules see them.
 *
 * A view over one struct k8s_object of src/model/k8s_model.h (so objects
 * of every document of a file and every item of a List are covered): the
 * entries of a role's rules: list with their apiGroups, resources, verbs,
 * resourceNames and nonResourceURLs, and a binding's roleRef and
 * subjects, each with the YAML node to point at.  Nothing is copied: the
 * view borrows the object's nodes, and k8s_span() (k8s_model.h) turns a
 * node into a position in the file.
 *
 * Wrongly shaped values, which the API server rejects when it decodes
 * the object (rules: "x", verbs: "*", resources: 5, a rule or subject
 * that is not a mapping, an item of a list that is not a string, roleRef:
 * a string), are found by k8s_rbac_bad_shape(), and the front end
 * (src/core/scan_k8s.c) makes the first an input error.  The view itself
 * still treats them as absent: rules: that is not a sequence has no
 * entries, an entry that is not a mapping is skipped, a list field that
 * is no sequence is NULL, and a non-scalar or null item of a list
 * matches nothing.  A null value is absent (JSON null), not wrong.  The rules of a ClusterRole with an aggregationRule
 * are written by the controller from the roles it selects (the manifest's
 * own rules: are overwritten), so such a role has no entries here.
 *
 * Memory: nothing is allocated; everything lives as long as the model.
 * Tests: tests/unit/k8s/test_k8s_rbac.c,
 * tests/cases/kubernetes/BH31xx-*.case,
 * tests/cases/kubernetes/rbac-bad-shapes.case.
 */
#ifndef BH_K8S_RBAC_H
#define BH_K8S_RBAC_H

#include <stdbool.h>
#include <stddef.h>

#include "k8s_model.h"

enum k8s_rbac_kind {
	K8S_RBAC_NONE = 0,
	K8S_RBAC_ROLE,
	K8S_RBAC_CLUSTER_ROLE,
	K8S_RBAC_ROLE_BINDING,
	K8S_RBAC_CLUSTER_ROLE_BINDING,
};

/* One entry of a role's rules: list.  A list field is NULL when it is
 * absent or not a sequence. */
struct k8s_rbac_rule {
	const struct yml_node *node;       /* the entry (a mapping) */
	const struct yml_node *api_groups;
	const struct yml_node *resources;
	const struct yml_node *verbs;
	const struct yml_node *resource_names;
	const struct yml_node *non_resource_urls;
};

/* A binding's roleRef; strings are "" when missing. */
struct k8s_rbac_ref {
	const char *kind;                  /* "ClusterRole" or "Role" */
	const char *name;
	const struct yml_node *name_node;  /* roleRef.name, or NULL */
	const struct yml_node *node;       /* the roleRef mapping */
};

/* One subject of a binding; strings are "" when missing. */
struct k8s_rbac_subject {
	const char *kind;                  /* User, Group, ServiceAccount */
	const char *name;
	const char *ns;                    /* namespace (ServiceAccount) */
	const struct yml_node *node;       /* the subject (a mapping) */
	const struct yml_node *name_node;  /* its name:, or NULL */
};

/* What RBAC object "o" is: its kind, in the API group
 * rbac.authorization.k8s.io (any version), OpenShift's
 * authorization.openshift.io, or an apiVersion without a group; a custom
 * resource of the same kind name in another group is none. */
enum k8s_rbac_kind k8s_rbac_kind(const struct k8s_object *o);

/* How many entries the role's rules: list has (0 for anything but a
 * Role or a ClusterRole without aggregationRule), and entry "i": false
 * when it is not a mapping (skip it). */
size_t k8s_rbac_nrules(const struct k8s_object *o);
bool k8s_rbac_rule_at(const struct k8s_object *o, size_t i,
		      struct k8s_rbac_rule *out);

/* A binding's roleRef: false when "o" is no binding or has no roleRef
 * mapping. */
bool k8s_rbac_role_ref(const struct k8s_object *o, struct k8s_rbac_ref *out);

/* How many subjects a binding lists, and subject "i": false when it is
 * not a mapping. */
size_t k8s_rbac_nsubjects(const struct k8s_object *o);
bool k8s_rbac_subject_at(const struct k8s_object *o, size_t i,
			 struct k8s_rbac_subject *out);

/* The first wrongly shaped value of RBAC object "o" (see above), or
 * NULL when it has none: its node, with the field's path written to
 * "field" ("rules[2].verbs", "subjects[0].name") and what the API server
 * wants there in *want ("a list of strings", "a string", "a mapping",
 * "a list of mappings"). */
const struct yml_node *k8s_rbac_bad_shape(const struct k8s_object *o,
					  char *field, size_t size,
					  const char **want);

/* The first scalar item of sequence "list" equal to "s", or NULL. */
const struct yml_node *k8s_rbac_find(const struct yml_node *list,
				     const char *s);

/* Whether entry "r" applies to API group "group" ("" = core): apiGroups
 * names it or "*", or is missing (the API server rejects a resource rule
 * without apiGroups; read as "any group" rather than guessed). */
bool k8s_rbac_in_group(const struct k8s_rbac_rule *r, const char *group);

/* The first item of r->resources that names "resource" as the
 * authorizer matches it: equal, or for a subresource "res/sub" also
 * "*" followed by "/sub" (any resource's "sub").  A bare "*" does not
 * count here (the wildcard rules judge it).  NULL when none does. */
const struct yml_node *k8s_rbac_resource(const struct k8s_rbac_rule *r,
					 const char *resource);

/* Whether the entry is confined by resourceNames to named objects (a
 * non-empty list without "*"). */
bool k8s_rbac_named_only(const struct k8s_rbac_rule *r);

#endif
