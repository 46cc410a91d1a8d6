/* SPDX-License-Identifier: Apache-2.0
 *
 * k8s_rbac.c - the RBAC view of Kubernetes objects: a role's rules:
 * entries, a binding's roleRef and subjects.
 *
 * This file owns where RBAC objects keep their permissions (rules:,
 * aggregationRule, roleRef, subjects) and how the authorizer matches a
 * resource ("*" followed by "/sub" matches any resource's subresource
 * "sub").  It reads struct k8s_object (src/model/k8s_model.c: documents
 * and List items are already objects there), allocates nothing and
 * judges nothing (src/rules/rules_k8s_rbac.c).  Wrong shapes are absent
 * values, never a crash, and k8s_rbac_bad_shape() names the first one
 * (see k8s_rbac.h).
 * Tests: tests/unit/k8s/test_k8s_rbac.c,
 * tests/cases/kubernetes/BH31xx-*.case,
 * tests/cases/kubernetes/rbac-bad-shapes.case,
 * tests/cases/kubernetes/rbac-bad-shape-*.case.
 */
#include "k8s_rbac.h"

#include <stdio.h>
#include <string.h>

/* Whether the object's API group is one that serves RBAC: Kubernetes'
 * rbac.authorization.k8s.io, OpenShift's authorization.openshift.io, or
 * none written (a legacy "v1").  A custom resource that is also called
 * Role (in a group of its own) is not RBAC. */
static bool rbac_group(const char *api_version)
{
	const char *slash = strchr(api_version, '/');
	if (!slash)
		return true;
	size_t n = (size_t)(slash - api_version);
	return (n == 25 && !strncmp(api_version, "rbac.authorization.k8s.io",
				    n)) ||
	       (n == 26 && !strncmp(api_version, "authorization.openshift.io",
				    n));
}

enum k8s_rbac_kind k8s_rbac_kind(const struct k8s_object *o)
{
	/* asked by each RBAC rule of every object: most kinds are told
	 * by their first letter */
	if (o->kind[0] != 'R' && o->kind[0] != 'C')
		return K8S_RBAC_NONE;
	if (!rbac_group(o->api_version))
		return K8S_RBAC_NONE;
	if (!strcmp(o->kind, "Role"))
		return K8S_RBAC_ROLE;
	if (!strcmp(o->kind, "ClusterRole"))
		return K8S_RBAC_CLUSTER_ROLE;
	if (!strcmp(o->kind, "RoleBinding"))
		return K8S_RBAC_ROLE_BINDING;
	if (!strcmp(o->kind, "ClusterRoleBinding"))
		return K8S_RBAC_CLUSTER_ROLE_BINDING;
	return K8S_RBAC_NONE;
}

static bool is_binding(const struct k8s_object *o)
{
	enum k8s_rbac_kind k = k8s_rbac_kind(o);
	return k == K8S_RBAC_ROLE_BINDING || k == K8S_RBAC_CLUSTER_ROLE_BINDING;
}

/* The rules: sequence of a role whose rules are its own, or NULL. */
static const struct yml_node *rules_of(const struct k8s_object *o)
{
	enum k8s_rbac_kind k = k8s_rbac_kind(o);
	if (k != K8S_RBAC_ROLE && k != K8S_RBAC_CLUSTER_ROLE)
		return NULL;
	if (k == K8S_RBAC_CLUSTER_ROLE &&
	    yml_is_map(yml_get(o->root, "aggregationRule")))
		return NULL;
	const struct yml_node *rules = yml_get(o->root, "rules");
	return yml_is_seq(rules) ? rules : NULL;
}

size_t k8s_rbac_nrules(const struct k8s_object *o)
{
	const struct yml_node *rules = rules_of(o);
	return rules ? rules->n : 0;
}

static const struct yml_node *seq_of(const struct yml_node *map,
				     const char *key)
{
	const struct yml_node *v = yml_get(map, key);
	return yml_is_seq(v) ? v : NULL;
}

bool k8s_rbac_rule_at(const struct k8s_object *o, size_t i,
		      struct k8s_rbac_rule *out)
{
	memset(out, 0, sizeof(*out));
	const struct yml_node *rules = rules_of(o);
	if (!rules || i >= rules->n || !yml_is_map(rules->items[i]))
		return false;
	const struct yml_node *n = rules->items[i];
	out->node = n;
	out->api_groups = seq_of(n, "apiGroups");
	out->resources = seq_of(n, "resources");
	out->verbs = seq_of(n, "verbs");
	out->resource_names = seq_of(n, "resourceNames");
	out->non_resource_urls = seq_of(n, "nonResourceURLs");
	return true;
}

static const char *str_of(const struct yml_node *map, const char *key,
			  const struct yml_node **node)
{
	const struct yml_node *v = yml_get(map, key);
	if (node)
		*node = NULL;
	if (!yml_is_scalar(v) || yml_is_null(v))
		return "";
	if (node)
		*node = v;
	return v->str;
}

bool k8s_rbac_role_ref(const struct k8s_object *o, struct k8s_rbac_ref *out)
{
	memset(out, 0, sizeof(*out));
	out->kind = out->name = "";
	if (!is_binding(o))
		return false;
	const struct yml_node *ref = yml_get(o->root, "roleRef");
	if (!yml_is_map(ref))
		return false;
	out->node = ref;
	out->kind = str_of(ref, "kind", NULL);
	out->name = str_of(ref, "name", &out->name_node);
	return true;
}

static const struct yml_node *subjects_of(const struct k8s_object *o)
{
	if (!is_binding(o))
		return NULL;
	return seq_of(o->root, "subjects");
}

size_t k8s_rbac_nsubjects(const struct k8s_object *o)
{
	const struct yml_node *s = subjects_of(o);
	return s ? s->n : 0;
}

bool k8s_rbac_subject_at(const struct k8s_object *o, size_t i,
			 struct k8s_rbac_subject *out)
{
	memset(out, 0, sizeof(*out));
	out->kind = out->name = out->ns = "";
	const struct yml_node *s = subjects_of(o);
	if (!s || i >= s->n || !yml_is_map(s->items[i]))
		return false;
	out->node = s->items[i];
	out->kind = str_of(out->node, "kind", NULL);
	out->name = str_of(out->node, "name", &out->name_node);
	out->ns = str_of(out->node, "namespace", NULL);
	return true;
}

const struct yml_node *k8s_rbac_find(const struct yml_node *list,
				     const char *s)
{
	for (size_t i = 0; yml_is_seq(list) && i < list->n; i++) {
		const struct yml_node *it = list->items[i];
		if (yml_is_scalar(it) && !yml_is_null(it) &&
		    yml_scalar_eq(it, s))
			return it;
	}
	return NULL;
}

bool k8s_rbac_in_group(const struct k8s_rbac_rule *r, const char *group)
{
	if (!r->api_groups)
		return !yml_get(r->node, "apiGroups");
	if (k8s_rbac_find(r->api_groups, "*"))
		return true;
	/* "" is the core group; a null item ("- ") reaches the API server
	 * as "" too (YAML null -> JSON null -> Go's "") */
	for (size_t i = 0; i < r->api_groups->n; i++) {
		const struct yml_node *it = r->api_groups->items[i];
		if (!yml_is_scalar(it))
			continue;
		if (yml_is_null(it) ? !*group : yml_scalar_eq(it, group))
			return true;
	}
	return false;
}

const struct yml_node *k8s_rbac_resource(const struct k8s_rbac_rule *r,
					 const char *resource)
{
	const struct yml_node *hit = k8s_rbac_find(r->resources, resource);
	if (hit)
		return hit;
	const char *slash = strchr(resource, '/');
	if (!slash)
		return NULL;
	for (size_t i = 0; r->resources && i < r->resources->n; i++) {
		const struct yml_node *it = r->resources->items[i];
		if (yml_is_scalar(it) && it->len == strlen(slash) + 1 &&
		    it->str[0] == '*' && !strcmp(it->str + 1, slash))
			return it;
	}
	return NULL;
}

bool k8s_rbac_named_only(const struct k8s_rbac_rule *r)
{
	const struct yml_node *n = r->resource_names;
	if (!n || !n->n || k8s_rbac_find(n, "*"))
		return false;
	for (size_t i = 0; i < n->n; i++)
		if (yml_is_scalar(n->items[i]) && !yml_is_null(n->items[i]))
			return true;
	return false;
}


/* ---- shapes the API server decodes ---- */

/* Whether "n" is set to something other than null. */
static bool given(const struct yml_node *n)
{
	return n && !(yml_is_scalar(n) && yml_is_null(n));
}

/* Whether scalar "n" decodes to a JSON string: kubectl reads YAML 1.1,
 * so a plain number or true/yes/on is no string. */
static bool string_scalar(const struct yml_node *n)
{
	bool b;
	long long i;
	if (!yml_is_scalar(n))
		return false;
	if (yml_is_null(n))
		return true; /* null decodes as "" */
	return !yml_as_bool(n, YML_BOOL_11, &b) && !yml_as_int(n, false, &i);
}

/* A string field "key" of mapping "map": NULL or the bad node. */
static const struct yml_node *bad_string(const struct yml_node *map,
					 const char *key)
{
	const struct yml_node *v = yml_get(map, key);
	return given(v) && !string_scalar(v) ? v : NULL;
}

/* A []string field "key" of mapping "map": NULL or the bad node (the
 * value, or an item), *item set to the item's index or -1. */
static const struct yml_node *bad_strings(const struct yml_node *map,
					  const char *key, long *item)
{
	const struct yml_node *v = yml_get(map, key);
	*item = -1;
	if (!given(v))
		return NULL;
	if (!yml_is_seq(v))
		return v;
	for (size_t i = 0; i < v->n; i++)
		if (!string_scalar(v->items[i])) {
			*item = (long)i;
			return v->items[i];
		}
	return NULL;
}

const struct yml_node *k8s_rbac_bad_shape(const struct k8s_object *o,
					  char *field, size_t size,
					  const char **want)
{
	enum k8s_rbac_kind k = k8s_rbac_kind(o);
	const struct yml_node *v;
	long item;
	if (k == K8S_RBAC_ROLE || k == K8S_RBAC_CLUSTER_ROLE) {
		static const char *const lists[] = {
			"apiGroups", "resources", "verbs", "resourceNames",
			"nonResourceURLs",
		};
		const struct yml_node *rules = yml_get(o->root, "rules");
		if (!given(rules))
			return NULL;
		*want = "a list of mappings";
		if (!yml_is_seq(rules)) {
			snprintf(field, size, "rules");
			return rules;
		}
		for (size_t i = 0; i < rules->n; i++) {
			const struct yml_node *r = rules->items[i];
			if (!given(r))
				continue;
			if (!yml_is_map(r)) {
				*want = "a mapping";
				snprintf(field, size, "rules[%zu]", i);
				return r;
			}
			for (size_t l = 0; l < sizeof(lists) / sizeof(*lists);
			     l++) {
				v = bad_strings(r, lists[l], &item);
				if (!v)
					continue;
				*want = item < 0 ? "a list of strings"
						 : "a string";
				if (item < 0)
					snprintf(field, size, "rules[%zu].%s",
						 i, lists[l]);
				else
					snprintf(field, size,
						 "rules[%zu].%s[%ld]", i,
						 lists[l], item);
				return v;
			}
		}
		return NULL;
	}
	if (k != K8S_RBAC_ROLE_BINDING && k != K8S_RBAC_CLUSTER_ROLE_BINDING)
		return NULL;
	static const char *const ref_keys[] = { "apiGroup", "kind", "name" };
	static const char *const subj_keys[] = { "apiGroup", "kind", "name",
						 "namespace" };
	const struct yml_node *ref = yml_get(o->root, "roleRef");
	if (given(ref) && !yml_is_map(ref)) {
		*want = "a mapping";
		snprintf(field, size, "roleRef");
		return ref;
	}
	for (size_t j = 0; given(ref) && j < 3; j++)
		if ((v = bad_string(ref, ref_keys[j])) != NULL) {
			*want = "a string";
			snprintf(field, size, "roleRef.%s", ref_keys[j]);
			return v;
		}
	const struct yml_node *subj = yml_get(o->root, "subjects");
	if (!given(subj))
		return NULL;
	if (!yml_is_seq(subj)) {
		*want = "a list of mappings";
		snprintf(field, size, "subjects");
		return subj;
	}
	for (size_t i = 0; i < subj->n; i++) {
		const struct yml_node *s = subj->items[i];
		if (!given(s))
			continue;
		if (!yml_is_map(s)) {
			*want = "a mapping";
			snprintf(field, size, "subjects[%zu]", i);
			return s;
		}
		for (size_t j = 0; j < 4; j++)
			if ((v = bad_string(s, subj_keys[j])) != NULL) {
				*want = "a string";
				snprintf(field, size, "subjects[%zu].%s", i,
					 subj_keys[j]);
				return v;
			}
	}
	return NULL;
}
